import { z } from 'zod';
import { DRIFT_PROBLEMS } from '../../monitors/drift/monitor-drift';
import { REPORT_SEVERITIES } from '../../notify/message/report-content';
import { AUDIT_ERROR_KINDS, KEY_ERROR_KINDS } from '../audit-observation';

/**
 * A finding of the org audit, as stored (plain data, no prose: the mail writes the words). One finding per
 * `key` within an org; times are epoch seconds, absent facts are null (Firestore keeps no undefined).
 */

/** Mail and summary order: access problems first, then what they would hide. */
export const FINDING_KINDS = [
  'api-key',
  'org-mismatch',
  'audit-failing',
  'webhook-channel',
  'host-quota',
  'new-host',
  'host-outside-networks',
  'monitor-drift',
  'probe-definition',
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export const findingSeveritySchema = z.enum(REPORT_SEVERITIES);
export type FindingSeverity = z.infer<typeof findingSeveritySchema>;

const epochSeconds = z.number().int().nonnegative();

/** Hosts a probe-definition finding lists; the rest are counted (hostCount). */
export const MAX_PROBE_HOSTS_LISTED = 10;

/** What kept one probe from one host (shared/probes/probe-targets.ts), as the probe's round recorded it. */
export const probeHostProblemSchema = z.object({
  hostId: z.string(),
  /** host-missing: a listed host is gone or retired; template: a placeholder or value the host cannot fill. */
  kind: z.enum(['host-missing', 'template']),
  field: z.string().nullable(),
  placeholder: z.string().nullable(),
  message: z.string(),
});
export type ProbeHostProblem = z.infer<typeof probeHostProblemSchema>;

export const hostFactsSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  status: z.string(),
  /** Null when Mackerel did not say (the host is still judged new by when the audit first saw it). */
  createdAt: epochSeconds.nullable(),
  agentVersion: z.string().nullable(),
  cloudProvider: z.string().nullable(),
  addresses: z.array(z.string()),
});
export type HostFacts = z.infer<typeof hostFactsSchema>;

const common = {
  key: z.string().min(1).max(500),
  severity: findingSeveritySchema,
  firstSeenAt: epochSeconds,
  lastSeenAt: epochSeconds,
  /** Set on findings about a moment rather than a state (a new host): they stand this long, then go quietly. */
  expiresAt: epochSeconds.nullable(),
};

export const findingSchema = z.discriminatedUnion('kind', [
  z.object({
    ...common,
    kind: z.literal('api-key'),
    facts: z.object({ errorKind: z.enum(KEY_ERROR_KINDS) }),
  }),
  z.object({
    ...common,
    kind: z.literal('org-mismatch'),
    facts: z.object({ expectedOrg: z.string(), actualOrg: z.string() }),
  }),
  z.object({
    ...common,
    kind: z.literal('audit-failing'),
    facts: z.object({
      errorKind: z.enum(AUDIT_ERROR_KINDS),
      consecutiveFailures: z.number().int().positive(),
      failingSince: epochSeconds,
    }),
  }),
  z.object({
    ...common,
    kind: z.literal('webhook-channel'),
    facts: z.object({
      problem: z.enum(['missing', 'suspended', 'alerts-not-subscribed']),
      channelId: z.string().nullable(),
      channelName: z.string().nullable(),
      suspendedAt: epochSeconds.nullable(),
    }),
  }),
  z.object({
    ...common,
    kind: z.literal('host-quota'),
    facts: z.object({
      band: z.enum(['warn', 'over']),
      billable: z.number().int().nonnegative(),
      warn: z.number().int().nonnegative(),
      max: z.number().int().nonnegative(),
    }),
  }),
  z.object({ ...common, kind: z.literal('new-host'), facts: z.object({ host: hostFactsSchema }) }),
  z.object({
    ...common,
    kind: z.literal('host-outside-networks'),
    facts: z.object({ host: hostFactsSchema, outsideAddresses: z.array(z.string()).min(1) }),
  }),
  z.object({
    ...common,
    kind: z.literal('monitor-drift'),
    /** A templated monitor not as the last push left it (see shared/monitors/drift). */
    facts: z.object({ monitor: z.string(), problem: z.enum(DRIFT_PROBLEMS), fields: z.array(z.string()) }),
  }),
  z.object({
    ...common,
    kind: z.literal('probe-definition'),
    /** A probe definition some hosts cannot be probed by (the probe round's record of the org). */
    facts: z.object({
      probeId: z.string(),
      /** One per host (its first problem), by host id; at most MAX_PROBE_HOSTS_LISTED. */
      problems: z.array(probeHostProblemSchema).min(1).max(MAX_PROBE_HOSTS_LISTED),
      /** Hosts with a problem, listed or not. */
      hostCount: z.number().int().positive(),
    }),
  }),
]);

export type Finding = z.infer<typeof findingSchema>;
export type FindingOf<K extends FindingKind> = Extract<Finding, { kind: K }>;

/** What a check produces; the diff fills in firstSeenAt/lastSeenAt. */
export type FindingDraft = {
  [K in FindingKind]: Omit<FindingOf<K>, 'firstSeenAt' | 'lastSeenAt'>;
}[FindingKind];
export type DraftOf<K extends FindingKind> = Extract<FindingDraft, { kind: K }>;

const SEVERITY_RANK: Record<FindingSeverity, number> = { critical: 0, warning: 1, info: 2 };

/** Worst first; ties by kind order, then key: every list of findings reads the same way every time. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    FINDING_KINDS.indexOf(a.kind) - FINDING_KINDS.indexOf(b.kind) ||
    (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
  );
}

export function worstSeverity(severities: Iterable<FindingSeverity>): FindingSeverity | null {
  let worst: FindingSeverity | null = null;
  for (const s of severities) if (worst === null || SEVERITY_RANK[s] < SEVERITY_RANK[worst]) worst = s;
  return worst;
}

export const toEpochSeconds = (instant: Date): number => Math.floor(instant.getTime() / 1000);
