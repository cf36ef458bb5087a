import type { Context } from 'hono';
import type { JWTVerifyGetKey } from 'jose';
import type { Logger } from '../../kernel/log/logger';
import type { ConsoleUsers } from '../auth/console-users';
import type { IapExpectation } from '../auth/verify-iap-assertion';
import type { PageContext } from '../pages/page-context';
import type { ConsoleReads, ConsoleWrites } from '../read/console-reads';

export interface ConsoleDeps {
  reads: ConsoleReads & ConsoleWrites;
  users: ConsoleUsers;
  iapKeys: JWTVerifyGetKey;
  iap: IapExpectation;
  /** The key form tokens are signed with (Secret Manager). */
  csrfKey: () => Promise<Buffer>;
  logger: Logger;
  now: () => Date;
  settings: { origin: string; mackerelBaseUrl: string };
  assets: { htmx: string };
}

/** What the middleware hands each page handler. */
export interface ConsoleEnv {
  Variables: { ctx: PageContext; log: Logger };
}

export type ConsoleContext = Context<ConsoleEnv>;
