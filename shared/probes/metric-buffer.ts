import type { HostMetricValue } from '../mackerel/api/host-metric-schema';

/** How Mackerel took a post: taken, down for now (5xx, 429, timeout), or refusing what was sent (4xx). */
export type PostOutcome = { kind: 'posted' } | { kind: 'unavailable' | 'rejected'; message: string };

export interface BufferDecision {
  buffer: HostMetricValue[];
  posted: number;
  droppedPoints: number;
  rejectedPoints: number;
}

/** What one post sends: the previous round's unposted points first, then this round's. */
export const pointsToPost = (
  buffered: readonly HostMetricValue[],
  current: readonly HostMetricValue[],
): HostMetricValue[] => [...buffered, ...current];

/**
 * After the post: an outage keeps this round's points for the next round and gives up the older ones
 * (one round at most, so a long outage costs memory and Firestore space of one round, not of hours,
 * and a monitor that alerts on a missing point still sees the gap); a refusal buffers nothing.
 */
export function afterPost(
  buffered: readonly HostMetricValue[],
  current: readonly HostMetricValue[],
  outcome: PostOutcome,
): BufferDecision {
  const sent = buffered.length + current.length;
  if (outcome.kind === 'posted') return { buffer: [], posted: sent, droppedPoints: 0, rejectedPoints: 0 };
  if (outcome.kind === 'rejected') return { buffer: [], posted: 0, droppedPoints: 0, rejectedPoints: sent };
  return { buffer: [...current], posted: 0, droppedPoints: buffered.length, rejectedPoints: 0 };
}
