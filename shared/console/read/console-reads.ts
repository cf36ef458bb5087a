import type { OpenAlertPage, OpenAlertQuery } from '../../alerting/adapters/firestore-open-alerts';
import type { PendingDigest } from '../../alerting/adapters/firestore-pending-digests';
import type { StoredRouteTrial } from '../../alerting/adapters/firestore-route-trial';
import type { RoutingConfigProblem } from '../../alerting/adapters/firestore-routing-config';
import type { AlertEventRecord } from '../../alerting/router/alert-event-record';
import type { AlertState, AlertSubjectKind } from '../../alerting/router/alert-state';
import type { HostCountDay } from '../../audit/host-count-day';
import type { OrgAuditState } from '../../audit/org-audit-state';
import type { OrgAuditSummary } from '../../audit/org-audit-summary';
import type { CdnContract } from '../../cdn/model/contract-schema';
import type { HourlyBucket } from '../../cdn/model/hourly-bucket';
import type { HostSearchQuery, HostSearchResult } from '../../fleet/adapters/host-search';
import type { WebhookEvent } from '../../mackerel/webhook/webhook-event-schema';
import type { DeliveryRecord } from '../../notify/delivery/delivery-record';
import type { OrgRecord } from '../../orgs/org-record';
import type { MspRoute, Route } from '../../routing/route-schema';
import type { Silence } from '../../routing/silence-schema';
import type { ProbeReads } from './probe-reads';

export interface AlertHistory {
  state: AlertState;
  /** Oldest first. */
  events: AlertEventRecord[];
  /** Per notification id an event caused: its delivery record, or null when none exists (folded, pending). */
  /** Per notification id, its delivery records, one per target (none: folded, or not delivered yet). */
  deliveries: Map<string, DeliveryRecord[]>;
}

export interface OrgRouting {
  routes: Route[];
  mspRoutes: MspRoute[];
  silences: Silence[];
  problems: RoutingConfigProblem[];
}

export interface WebhookTokenFacts {
  active: number;
  /** ISO time the newest active token was issued; null without one. */
  newestIssuedAt: string | null;
}

/** Everything the console reads; Firestore in production and locally (the emulator). */
export interface ConsoleReads extends ProbeReads {
  orgs(): Promise<OrgRecord[]>;
  org(name: string): Promise<OrgRecord | undefined>;
  /** The newest open alerts across orgs (or of one org), from the open-alert index, with exact counts. */
  openAlertPage(query: OpenAlertQuery): Promise<OpenAlertPage>;
  /** Every open state of these orgs, read org by org. */
  openAlerts(orgs: readonly string[]): Promise<AlertState[]>;
  /** Every stored state of these orgs, open or closed. */
  alerts(orgs: readonly string[]): Promise<AlertState[]>;
  alertHistory(org: string, kind: AlertSubjectKind, id: string): Promise<AlertHistory | undefined>;
  pendingDigests(): Promise<PendingDigest[]>;
  searchHosts(query: HostSearchQuery): Promise<HostSearchResult>;
  /** The org's daily billable counts from `fromDate` (JST YYYY-MM-DD) on, oldest first. */
  hostCountDays(org: string, fromDate: string): Promise<HostCountDay[]>;
  /** Every org's audit summary (the state without its host snapshot). */
  audits(): Promise<OrgAuditSummary[]>;
  audit(org: string): Promise<OrgAuditState | null>;
  cdnContracts(): Promise<CdnContract[]>;
  cdnHours(contractId: string, from: Date, to: Date): Promise<HourlyBucket[]>;
  webhookTokens(org: string): Promise<WebhookTokenFacts>;
  /** When the newest event of the org reached the router (ISO), null when none is stored. */
  lastEventAt(org: string): Promise<string | null>;
  routing(org: string): Promise<OrgRouting>;
  /** Every stored silence, ended ones included. */
  silences(): Promise<{ items: Silence[]; problems: RoutingConfigProblem[] }>;
  silence(id: string): Promise<Silence | undefined>;
  tryRoute(org: string, event: WebhookEvent, now: Date): Promise<StoredRouteTrial>;
}

/** What the console writes: silences only, for operators. */
export interface ConsoleWrites {
  putSilence(silence: Silence): Promise<Silence>;
}
