import { hashWebhookToken } from '../../../shared/orgs/webhook-token';
import type { WebhookTokenDirectory, WebhookTokenRecord } from '../../../shared/orgs/webhook-token-directory';
import { type Failure, never } from './failure';

export class InMemoryTokenDirectory implements WebhookTokenDirectory {
  /** Every hash asked for, in order. */
  readonly lookups: string[] = [];
  failure: Failure;
  private readonly records = new Map<string, WebhookTokenRecord>();

  /** Stores the token's hash only, as the real directory does. */
  register(token: string, org: string): this {
    this.records.set(hashWebhookToken(token), { org });
    return this;
  }

  async findByHash(tokenHash: string): Promise<WebhookTokenRecord | undefined> {
    this.lookups.push(tokenHash);
    if (this.failure === 'hang') return never();
    if (this.failure) throw this.failure;
    const record = this.records.get(tokenHash);
    return record ? { ...record } : undefined;
  }
}
