import { createHash } from 'node:crypto';
import { closedStatus } from '../alerting/router/alert-facts';
import { type AlertPosition, decideAlertTransition } from '../alerting/router/alert-transition';
import { canonicalJson } from '../kernel/canonical-json';
import type { AlertStatus } from '../mackerel/alert-status';
import type { ApiAlert } from '../mackerel/api/alert-schema';

/**
 * - `open`: Mackerel has an open alert the router never heard of.
 * - `change`: both have it open, the router with another status and no news for a while.
 * - `close`: Mackerel closed an alert the router still holds open.
 * - `open-and-close`: an alert the router never heard of that is closed already (both webhooks lost).
 */
export const MISSED_KINDS = ['open', 'change', 'close', 'open-and-close'] as const;
export type MissedKind = (typeof MISSED_KINDS)[number];

/** All epoch seconds. */
export interface ReconcileClock {
  /** When the API was read: the run's time. */
  observedAt: number;
  /** Alerts the router never heard of are looked at only when opened at or after this. */
  windowStart: number;
  /** A change this recent is left to its webhook, which may still be on its way. */
  settleSeconds: number;
}

export interface MissedChange {
  kind: MissedKind;
  alert: ApiAlert;
  /** Where the reconciled event puts the alert: what the router decides on. */
  position: AlertPosition;
  /** The router's status before, when it held the alert open. */
  previousStatus: AlertStatus | undefined;
  /**
   * Names the missed change itself, not the run that found it: the same change found again (a redelivered
   * request, the next run while the router has not caught up) has the same id, so it is counted once.
   */
  changeId: string;
}

export interface FindMissedInput {
  org: string;
  /** Mackerel's alerts (REST API, status lower case), each id once. */
  alerts: readonly ApiAlert[];
  /** The router's state of those it has, by alert id. */
  states: ReadonlyMap<string, AlertPosition>;
  /** Monitors muted in Mackerel: their opens and changes were never sent, so none were missed. */
  mutedMonitorIds: ReadonlySet<string>;
  clock: ReconcileClock;
}

const changeIdOf = (org: string, alertId: string, position: AlertPosition, basisSeconds: number): string =>
  createHash('sha256')
    .update(canonicalJson([org, alertId, position.status, position.isOpen, basisSeconds]))
    .digest('hex')
    .slice(0, 32);

/** An event the router would take as stale is no news to it: the router is ahead of the listing. */
const isNews = (current: AlertPosition, event: AlertPosition): boolean =>
  decideAlertTransition(current, event) !== 'stale';

/**
 * Where Mackerel says the alert stands and what the router does not know, if anything. Times: an open
 * alert the router never saw is placed at its `openedAt` and a close at its `closedAt`, the times the
 * lost webhooks carried. A status change has no time in the API (no statusChangedAt), so it is placed at
 * `observedAt`: after the router's last news and after anything else that happened before the API was
 * read, so a late webhook of an older change is stale against it and cannot undo it.
 */
function missedOf(
  org: string,
  alert: ApiAlert,
  state: AlertPosition | undefined,
  muted: boolean,
  clock: ReconcileClock,
): MissedChange | undefined {
  const settled = clock.observedAt - clock.settleSeconds;
  const found = (kind: MissedKind, position: AlertPosition, basisSeconds: number): MissedChange => ({
    kind,
    alert,
    position,
    previousStatus: state?.isOpen ? state.status : undefined,
    changeId: changeIdOf(org, alert.id, position, basisSeconds),
  });

  if (alert.closedAt !== undefined) {
    // A close is reconciled even for a muted monitor: a router left holding it open would repeat it forever.
    const closed = { status: closedStatus, isOpen: false, eventTimeSeconds: alert.closedAt };
    if (alert.closedAt > settled) return undefined;
    if (state === undefined) {
      return alert.openedAt >= clock.windowStart
        ? found('open-and-close', closed, alert.closedAt)
        : undefined;
    }
    return state.isOpen && isNews(state, closed) ? found('close', closed, alert.closedAt) : undefined;
  }
  if (muted) return undefined;
  if (state === undefined) {
    if (alert.openedAt < clock.windowStart || alert.openedAt > settled) return undefined;
    const opened = { status: alert.status, isOpen: true, eventTimeSeconds: alert.openedAt };
    return found('open', opened, alert.openedAt);
  }
  // Closed in the router but open in the API: the router is ahead (Mackerel never reopens an alert).
  // Recent news in the router may be newer than the API's answer: the next run looks again.
  if (!state.isOpen || state.status === alert.status || state.eventTimeSeconds > settled) return undefined;
  const changed = { status: alert.status, isOpen: true, eventTimeSeconds: clock.observedAt };
  return isNews(state, changed) ? found('change', changed, state.eventTimeSeconds) : undefined;
}

/** Pure: every alert whose latest change the router missed, in the order given. */
export function findMissedChanges(input: FindMissedInput): MissedChange[] {
  return input.alerts.flatMap(
    (alert) =>
      missedOf(
        input.org,
        alert,
        input.states.get(alert.id),
        input.mutedMonitorIds.has(alert.monitorId),
        input.clock,
      ) ?? [],
  );
}

/**
 * How far back to list alerts (epoch seconds): the window, or further when the router holds alerts open
 * that Mackerel no longer lists as open, so that their close (and its time) is found. `openInMackerel` is
 * undefined when the open list was cut short by the page limit: then nothing can be concluded from it.
 */
export function readBackSince(
  windowStart: number,
  routerOpen: readonly { alertId: string; openedAt: number }[],
  openInMackerel: ReadonlySet<string> | undefined,
): number {
  if (openInMackerel === undefined) return windowStart;
  const closedMeanwhile = routerOpen.filter((s) => !openInMackerel.has(s.alertId)).map((s) => s.openedAt);
  return Math.min(windowStart, ...closedMeanwhile);
}
