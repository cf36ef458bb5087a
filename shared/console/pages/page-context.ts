import type { ConsoleRole } from '../auth/console-role';
import type { ConsoleIdentity } from '../auth/iap-identity';

/** What every page knows besides its own data: who is looking, and the token its forms carry. */
export interface PageContext {
  identity: ConsoleIdentity;
  role: ConsoleRole;
  csrfToken: string;
  now: Date;
  /** https://mackerel.io, for links to an org's hosts and alerts. */
  mackerelBaseUrl: string;
}
