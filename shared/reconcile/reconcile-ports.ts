import type { AlertStateStore } from '../alerting/router/router-ports';
import type { Logger } from '../kernel/log/logger';
import type { MessagePublisher } from '../kernel/ports/message-publisher';
import type { ApiHost } from '../mackerel/api/host-schema';
import type { AlertList, ListAlertsOptions } from '../mackerel/api/mackerel-api-client';
import type { ApiMonitor } from '../mackerel/api/monitor-schema';
import type { OrgDirectory } from '../orgs/org-directory';
import type { MissedWebhookRecord } from './missed-webhook-record';

/** What reconciliation reads from one org's Mackerel API (MackerelApiClient has it). */
export interface MackerelAlertReader {
  listAlerts(options: ListAlertsOptions): Promise<AlertList>;
  listMonitors(): Promise<ApiMonitor[]>;
  getHost(id: string): Promise<ApiHost>;
}

/** What reconciliation found missing; the org audit reads the counts for its daily summary. */
export interface MissedWebhookLedger {
  /** Per org name: records detected at or after `since`; orgs with none are absent. */
  missedWebhooksSince(since: Date): Promise<Record<string, number>>;
  /** Create-only per (org, changeId): recording a change again keeps the first record. */
  record(records: readonly MissedWebhookRecord[]): Promise<void>;
}

export interface ReconcileDeps {
  orgs: OrgDirectory;
  /** The org's API client, built from its own key; throws SecretNotFoundError when there is none. */
  mackerelFor(org: string): Promise<MackerelAlertReader>;
  /** The router's alert state, read only. */
  alerts: Pick<AlertStateStore, 'get' | 'listOpen'>;
  ledger: MissedWebhookLedger;
  publisher: MessagePublisher;
  logger: Logger;
}

export interface ReconcileSettings {
  /** How far back alerts the router never heard of are looked for. */
  windowMinutes: number;
  /** Changes this recent are left to their webhook. */
  settleSeconds: number;
  /** Per alert listing (100 alerts a page). */
  maxPages: number;
  /** One org's whole reconciliation. */
  orgDeadlineMs: number;
}
