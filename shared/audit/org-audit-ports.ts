import type { Logger } from '../kernel/log/logger';
import type { MessagePublisher } from '../kernel/ports/message-publisher';
import type { MonitorPlanStore } from '../monitors/monitor-plan-record';
import type { OrgDirectory } from '../orgs/org-directory';
import type { ProbeRoundStore } from '../probes/probe-ports';
import type { AuditObservation } from './audit-observation';
import type { HostCountDay } from './host-count-day';
import type { HostSnapshot } from './host-snapshot';
import type { OrgAuditState } from './org-audit-state';
import type { ServiceMetricPoint } from './self-watch-metrics';

/** What the org audit reads and writes; Firestore, Pub/Sub and the Mackerel API in production. */
export interface OrgAuditStore {
  get(org: string): Promise<OrgAuditState | null>;
  put(state: OrgAuditState): Promise<void>;
  list(): Promise<OrgAuditState[]>;
  /** Every audited org's host snapshot (hostIndex), for host search across orgs. */
  listSnapshots(): Promise<Array<{ org: string; snapshot: HostSnapshot }>>;
  getHostCountDay(org: string, date: string): Promise<HostCountDay | null>;
  putHostCountDay(day: HostCountDay): Promise<void>;
}

/** Missed webhooks that reconciliation found, for the daily summary (its ledger answers this). */
export interface MissedWebhookCounts {
  /** Per org name: records detected at or after `since`; orgs with none are absent. */
  missedWebhooksSince(since: Date): Promise<Record<string, number>>;
}

/** The pipeline's own vital signs, for the self-watch metrics. */
export interface PipelineHealth {
  eventsRoutedSince(since: Date): Promise<number>;
  backlogSize(): Promise<number>;
  /** Dead letters never replayed, per source topic (topics with none absent). */
  deadLettersByTopic(): Promise<Record<string, number>>;
}

export interface ObserveOptions {
  /** List the org's monitors too (a drift check); decided while the org's other calls are under way. */
  monitors: boolean | Promise<boolean>;
}

export interface OrgAuditDeps {
  orgs: OrgDirectory;
  store: OrgAuditStore;
  /** One org through its own API key; never throws (a failure is an observation). */
  observe(org: string, options?: ObserveOptions): Promise<AuditObservation>;
  /** What each org's last monitors push rendered; undefined: no drift check. */
  monitorPlans?: Pick<MonitorPlanStore, 'get'>;
  /**
   * Each org's last probe round (chunk 0 holds its definition problems); undefined: probe-definition
   * findings are not checked, and stand as they were.
   */
  probeRounds?: Pick<ProbeRoundStore, 'get'>;
  publisher: MessagePublisher;
  health: PipelineHealth;
  /** What reconciliation found missing, for the daily summary; undefined leaves the column out. */
  missedWebhooks?: MissedWebhookCounts;
  /** Posts to the MSP's own Mackerel org; undefined when self-watch is off. */
  postSelfWatch?: (points: ServiceMetricPoint[]) => Promise<void>;
  logger: Logger;
  now?: () => Date;
}

export interface OrgAuditSettings {
  /** Where our webhook URLs start, e.g. https://intake.example.com/hooks/mackerel/. */
  webhookUrlPrefix: string;
  recipients: { to: string[]; cc: string[] };
  language: 'ja' | 'en';
}
