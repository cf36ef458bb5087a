import { silenceEnded } from './active-silence';
import type { Silence } from './silence-schema';

export type SilenceStatus = 'active' | 'scheduled' | 'ended';

export function silenceStatusOf(silence: Silence, now: Date): SilenceStatus {
  if (silenceEnded(silence, now)) return 'ended';
  return Date.parse(silence.startsAt) <= now.getTime() ? 'active' : 'scheduled';
}

/**
 * The silence ended now (the TTL deletes it in due course); one that has not started is moved to have
 * ended a second before it would have started, so it never applies. Undefined when it ended already.
 */
export function expiredSilence(silence: Silence, now: Date): Silence | undefined {
  if (silenceEnded(silence, now)) return undefined;
  const started = Date.parse(silence.startsAt) <= now.getTime();
  return {
    ...silence,
    startsAt: started ? silence.startsAt : new Date(now.getTime() - 1000).toISOString(),
    endsAt: now.toISOString(),
  };
}
