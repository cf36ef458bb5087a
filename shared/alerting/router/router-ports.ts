import type { Logger } from '../../kernel/log/logger';
import type { Versioned } from '../../kernel/versioned';
import type { NotificationMessage } from '../../notify/message/notification-message';
import type { OrgRecord } from '../../orgs/org-record';
import type { InhibitRule } from '../../routing/inhibition/inhibit-rule-schema';
import type { RoutingRules } from '../../routing/match-routes';
import type { Silence } from '../../routing/silence-schema';
import type { AlertEventRecord } from './alert-event-record';
import type { AlertState, AlertSubject } from './alert-state';
import type { HostRecord } from './host-record';

/**
 * The router's ports. Every write is conditional or idempotent: Pub/Sub delivers at least once, two
 * deliveries of one event can run at the same time, and a process can die between any two lines.
 */

export interface AlertStateStore {
  get(org: string, subject: AlertSubject): Promise<Versioned<AlertState> | undefined>;
  /**
   * Writes the whole state: creates it when `version` is undefined (fails if it exists), else replaces it
   * only if it is still at `version`. Resolves the new version, or undefined when another writer got
   * there first (the caller re-reads and decides again).
   */
  put(
    org: string,
    subject: AlertSubject,
    state: AlertState,
    version: string | undefined,
  ): Promise<string | undefined>;
  /**
   * Replaces only the outbox, if the state is still at `version`; false when it moved on (whoever moved
   * it saw the outbox, and publishes it again, which the notification ids make harmless).
   */
  replaceOutbox(
    org: string,
    subject: AlertSubject,
    outbox: AlertState['outbox'],
    version: string,
  ): Promise<boolean>;
  /** Every open alert and alert group of the org (the repeat sweep's worklist). */
  listOpen(org: string): Promise<Array<Versioned<AlertState>>>;
  /** Appends to the alert's event history, keyed by dedup key; a second record of one key keeps the first. */
  recordEvent(org: string, subject: AlertSubject, entry: AlertEventRecord): Promise<void>;
}

export type { AlertEventRecord } from './alert-event-record';

export interface HostInventory {
  get(org: string, hostId: string): Promise<Versioned<HostRecord> | undefined>;
  /** Same contract as AlertStateStore.put. */
  put(org: string, record: HostRecord, version: string | undefined): Promise<string | undefined>;
}

/** The "done" record of one event, written last, read first. */
export interface DedupMarker {
  org: string;
  /** The marker's key within the org (the event's dedup key, see markerKeyOf). */
  key: string;
  eventType: string;
  outcome: string;
  processedAt: Date;
  /** For the TTL policy; readers also compare it, since TTL deletes within about a day of expiry. */
  expiresAt: Date;
}

export interface DedupMarkers {
  /** True when a marker for (org, key) exists and has not expired at `now`. */
  isDone(org: string, key: string, now: Date): Promise<boolean>;
  /** Idempotent: writing a marker twice leaves one. */
  markDone(marker: DedupMarker): Promise<void>;
}

/** A routing document that could not be used (see firestore-routing-config.ts). */
export interface RoutingProblem {
  path: string;
  issues: string[];
}

/** What the router needs of one org's routing data; firestoreRoutingConfig(db) provides it. */
export interface RouterRoutingConfig extends RoutingRules {
  org: OrgRecord | undefined;
  /** Silences not yet ended at load time (activeSilence decides whether one applies now). */
  silences: readonly Silence[];
  /** Enabled inhibit rules: the org's and the MSP-wide ones that apply to it. */
  inhibitRules: readonly InhibitRule[];
  problems: readonly RoutingProblem[];
}

export interface RoutingConfigSource {
  load(org: string, now: Date): Promise<RouterRoutingConfig>;
}

/**
 * Where decided notifications go. The first implementation publishes each at once
 * (publishingNotificationSink); storm control (per-route group windows, cross-org digests, the
 * per-recipient hourly cap) is groupingNotificationSink (shared/alerting/storm/grouping-sink.ts). A sink must be
 * idempotent by notification id: the router hands the same notification again after a crash.
 */
export interface NotificationSink {
  submit(notifications: readonly NotificationMessage[], logger: Logger, hints?: SubmitHints): Promise<void>;
}

/** What the router knows that grouping needs: its clock and each route's group interval. */
export interface SubmitHints {
  now: Date;
  /** The route's groupIntervalSeconds in the org's current config; undefined for a route it no longer has. */
  groupIntervalOf(routeKey: string): number | undefined;
}
