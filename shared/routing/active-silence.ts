import { ALL_ORGS } from '../kernel/org-name';
import { evaluateMatch } from './evaluate-match';
import type { RoutingTarget } from './routing-target';
import type { Silence } from './silence-schema';

/** Past endsAt a silence is over for good, whether or not its document has been deleted yet. */
export function silenceEnded(silence: Silence, now: Date): boolean {
  return Date.parse(silence.endsAt) <= now.getTime();
}

function inEffect(silence: Silence, now: Date): boolean {
  return Date.parse(silence.startsAt) <= now.getTime() && !silenceEnded(silence, now);
}

/**
 * The silence that mutes this event now, or undefined. Expiry needs no cleanup job: a silence outside
 * [startsAt, endsAt) simply stops applying. When several apply, the one ending last is returned: it tells
 * how long the event stays muted at least.
 */
export function activeSilence(
  target: RoutingTarget,
  silences: readonly Silence[],
  now: Date,
): Silence | undefined {
  const applying = silences.filter(
    (silence) =>
      (silence.org === ALL_ORGS || silence.org === target.org) &&
      inEffect(silence, now) &&
      evaluateMatch(silence.matchers, target).matched,
  );
  return applying.sort((a, b) => Date.parse(b.endsAt) - Date.parse(a.endsAt))[0];
}
