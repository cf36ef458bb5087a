import { z } from 'zod';
import { orgNameSchema } from '../kernel/org-name';
import { hostMetricValueSchema } from '../mackerel/api/host-metric-schema';

const count = z.number().int().nonnegative();
const epochSeconds = z.number().int().nonnegative();

/** Kept per record so `msp-ops probes list` can say what failed without reading logs. */
export const MAX_LISTED = 50;

const failureSchema = z.object({
  probeId: z.string(),
  hostId: z.string(),
  kind: z.string(),
  message: z.string(),
});

const problemSchema = z.object({
  kind: z.enum(['host-missing', 'template']),
  probeId: z.string(),
  hostId: z.string(),
  field: z.string().optional(),
  placeholder: z.string().optional(),
  message: z.string(),
});

/**
 * probeRounds/{org}__{chunk}: what a chunk's last round did. Written once per round, only forward (a
 * redelivered or late message for a round already recorded does nothing), and it carries the points a
 * Mackerel outage left unposted: at most one round's, posted before the next round's own.
 */
export const probeRoundRecordSchema = z.object({
  org: orgNameSchema,
  chunk: count,
  chunks: z.number().int().min(1),
  /** The scheduled minute, epoch seconds: also the time of every point the round posts. */
  roundAt: epochSeconds,
  /** When the chunk began probing, epoch ms: how late after its minute the round got to it. */
  startedAtMs: count,
  finishedAt: epochSeconds,
  targets: count,
  ok: count,
  failed: count,
  elapsedMs: z.number().nonnegative(),
  maxInFlight: count,
  failures: z.array(failureSchema).max(MAX_LISTED),
  /** Definitions that could not become targets (chunk 0 only: they are the org's, not a chunk's). */
  problems: z.array(problemSchema).max(MAX_LISTED),
  problemCount: count,
  posted: count,
  /** Points not posted because Mackerel was unavailable: this round's, posted first next round. */
  buffer: z.array(hostMetricValueSchema),
  /** Points of an older round given up on, because a newer round's took the buffer. */
  droppedPoints: count,
  /** Points Mackerel refused (4xx): not buffered, they would be refused again. */
  rejectedPoints: count,
  postError: z.string().nullable(),
});

export type ProbeRoundRecord = z.infer<typeof probeRoundRecordSchema>;
export type ProbeProblemRecord = z.infer<typeof problemSchema>;

export const roundRecordId = (org: string, chunk: number): string => `${org}__${chunk}`;
