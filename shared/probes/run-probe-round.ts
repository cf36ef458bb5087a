import { TOPICS } from '../kernel/topology';
import { afterPost, type PostOutcome, pointsToPost } from './metric-buffer';
import { hasEnabledProbes, type OrgProbes } from './org-probes';
import { chunkCount, chunkOf } from './probe-chunks';
import type { ProbeHost } from './probe-host';
import { hostsStale, type ProbeHostsRecord } from './probe-hosts';
import { probeMetrics } from './probe-metrics';
import type { ProbeRoundDeps, ProbeRoundSettings, StoredRound } from './probe-ports';
import type { ProbeRequest } from './probe-request';
import { MAX_LISTED, type ProbeRoundRecord } from './probe-round-record';
import { probeSelfWatchMetrics } from './probe-self-watch';
import { type ProbeTargetPlan, probeTargets } from './probe-targets';

export type ProbeRoundOutcome =
  | { kind: 'fanned-out'; orgs: number; roundAt: string }
  | { kind: 'skipped'; org: string; chunk: number; why: SkipReason }
  | {
      kind: 'probed';
      org: string;
      chunk: number;
      targets: number;
      failed: number;
      posted: number;
      buffered: number;
    };

type SkipReason = 'unknown-org' | 'disabled' | 'no-probes' | 'stale' | 'done' | 'no-such-chunk' | 'no-hosts';
type ChunkRequest = Exclude<ProbeRequest, { reason: 'schedule' }>;

const MINUTE_MS = 60_000;
const seconds = (ms: number) => Math.floor(ms / 1000);

/**
 * `probe-requests`: the schedule fans out one `org` message per enabled org with probes; an org's
 * message renders its targets, publishes a `chunk` message per further chunk and runs the first; each
 * chunk posts its results as host metrics and records the round. Every point carries the scheduled
 * minute as its time, so a redelivered message that runs again overwrites the same points.
 */
export function runProbeRound(
  deps: ProbeRoundDeps,
  settings: ProbeRoundSettings,
  request: ProbeRequest,
  correlationId: string,
): Promise<ProbeRoundOutcome> {
  if (request.reason === 'schedule') return fanOut(deps, correlationId);
  return probeChunk(deps, settings, request, correlationId);
}

async function fanOut(deps: ProbeRoundDeps, correlationId: string): Promise<ProbeRoundOutcome> {
  // The minute, not the instant: a schedule message delivered twice in its minute starts the same round.
  const roundMs = Math.floor(deps.now().getTime() / MINUTE_MS) * MINUTE_MS;
  const roundAt = new Date(roundMs).toISOString();
  const [orgs, definitions] = await Promise.all([deps.orgs.list(), deps.definitions.list()]);
  const enabled = new Set(orgs.filter((o) => o.enabled).map((o) => o.name));
  const names = definitions
    .filter((d) => enabled.has(d.org) && hasEnabledProbes(d.probes))
    .map((d) => d.org)
    .sort();
  await Promise.all(
    names.map((org) =>
      deps.publisher.publish(
        TOPICS.probeRequests,
        Buffer.from(JSON.stringify({ reason: 'org', org, roundAt })),
        { org, reason: 'org', correlationId },
      ),
    ),
  );
  deps.logger.info('probe round fanned out', { orgs: names.length, roundAt });
  if (deps.postSelfWatch) {
    // Logged, not retried: a missing point is what the self-watch monitor watches for.
    try {
      const records = await deps.rounds.list(names);
      await deps.postSelfWatch(
        probeSelfWatchMetrics(names, records, seconds(roundMs - MINUTE_MS), seconds(roundMs)),
      );
    } catch (error) {
      deps.logger.error('probe self-watch metrics not posted', { error: String(error) });
    }
  }
  return { kind: 'fanned-out', orgs: names.length, roundAt };
}

async function probeChunk(
  deps: ProbeRoundDeps,
  settings: ProbeRoundSettings,
  request: ChunkRequest,
  correlationId: string,
): Promise<ProbeRoundOutcome> {
  const { org } = request;
  const chunk = request.reason === 'org' ? 0 : request.chunk;
  const log = deps.logger.child({ org, chunk });
  const skip = (why: SkipReason): ProbeRoundOutcome => {
    log.info('probe chunk not run', { why, roundAt: request.roundAt });
    return { kind: 'skipped', org, chunk, why };
  };
  const roundMs = Date.parse(request.roundAt);
  const started = deps.now();
  // Its minute is over: the next round is already due, and a result now would be stamped with the past.
  if (started.getTime() - roundMs > settings.staleAfterMs) return skip('stale');
  const roundAt = seconds(roundMs);
  const [record, probes, stored, hostsRecord] = await Promise.all([
    deps.orgs.get(org),
    deps.definitions.get(org),
    deps.rounds.get(org, chunk),
    deps.hosts.get(org),
  ]);
  if (record === undefined) return skip('unknown-org');
  if (!record.enabled) return skip('disabled');
  if (probes === null || !hasEnabledProbes(probes)) return skip('no-probes');
  if (stored?.record && stored.record.roundAt >= roundAt) return skip('done');
  const hosts = await currentHosts(deps, settings, org, chunk, hostsRecord, log);
  if (hosts === null) return skip('no-hosts');
  const plan = probeTargets(probes.probes, hosts);
  const chunks = chunkCount(plan.targets.length, settings.chunkSize);
  if (chunk >= chunks) return skip('no-such-chunk');
  if (request.reason === 'org' && chunks > 1) {
    await publishChunks(deps, org, request.roundAt, chunks, correlationId);
  }
  return runChunk(deps, { org, chunk, chunks, roundAt, probes, plan, stored, settings, log }, started);
}

/** The org's hosts: reused while fresh; an org's first chunk fetches them again when they are not. */
async function currentHosts(
  deps: ProbeRoundDeps,
  settings: ProbeRoundSettings,
  org: string,
  chunk: number,
  stored: ProbeHostsRecord | null,
  log: ProbeRoundDeps['logger'],
): Promise<ProbeHost[] | null> {
  const nowSeconds = seconds(deps.now().getTime());
  // Further chunks slice what the org's message rendered: fetching again could reorder the slices.
  if (stored !== null && (chunk > 0 || !hostsStale(stored, nowSeconds, settings.hostsMaxAgeMs))) {
    return stored.hosts;
  }
  try {
    const hosts = await deps.mackerel.listHosts(org);
    await deps.hosts.put(org, { fetchedAt: nowSeconds, hosts });
    return hosts;
  } catch (error) {
    // Stale hosts probe as well as they did a minute ago; none at all cannot probe.
    log.warn('hosts not fetched for probes', { error: String(error), stale: stored !== null });
    return stored?.hosts ?? null;
  }
}

async function publishChunks(
  deps: ProbeRoundDeps,
  org: string,
  roundAt: string,
  chunks: number,
  correlationId: string,
): Promise<void> {
  const messages = Array.from({ length: chunks - 1 }, (_, i) => ({
    reason: 'chunk' as const,
    org,
    roundAt,
    chunk: i + 1,
    chunks,
  }));
  await Promise.all(
    messages.map((m) =>
      deps.publisher.publish(TOPICS.probeRequests, Buffer.from(JSON.stringify(m)), {
        org,
        reason: 'chunk',
        correlationId,
      }),
    ),
  );
}

interface ChunkWork {
  org: string;
  chunk: number;
  chunks: number;
  roundAt: number;
  probes: OrgProbes;
  plan: ProbeTargetPlan;
  stored: StoredRound | null;
  settings: ProbeRoundSettings;
  log: ProbeRoundDeps['logger'];
}

async function runChunk(deps: ProbeRoundDeps, work: ChunkWork, started: Date): Promise<ProbeRoundOutcome> {
  const { org, chunk, roundAt, stored, log } = work;
  const targets = chunkOf(work.plan.targets, chunk, work.settings.chunkSize);
  const clock = () => deps.now().getTime();
  const probing = clock();
  const run = await deps.runTargets(targets, work.probes.settings);
  const posting = clock();
  const points = run.results.flatMap((result) => probeMetrics(result, roundAt));
  const buffered = stored?.record?.buffer ?? [];
  const all = pointsToPost(buffered, points);
  const outcome: PostOutcome =
    all.length > 0 ? await deps.mackerel.postHostMetrics(org, all) : { kind: 'posted' };
  const decision = afterPost(buffered, points, outcome);
  const writing = clock();
  const failures = run.results.filter((r) => !r.ok);
  const problems = chunk === 0 ? work.plan.problems : [];
  const record: ProbeRoundRecord = {
    org,
    chunk,
    chunks: work.chunks,
    roundAt,
    startedAtMs: started.getTime(),
    finishedAt: seconds(deps.now().getTime()),
    targets: targets.length,
    ok: run.results.length - failures.length,
    failed: failures.length,
    elapsedMs: run.timing.elapsedMs,
    maxInFlight: run.timing.maxInFlight,
    failures: failures.slice(0, MAX_LISTED).map((r) => ({
      probeId: r.probeId,
      hostId: r.hostId,
      kind: r.failure?.kind ?? 'error',
      message: r.failure?.message ?? 'failed',
    })),
    problems: problems.slice(0, MAX_LISTED),
    problemCount: problems.length,
    ...decision,
    postError: outcome.kind === 'posted' ? null : outcome.message,
  };
  const written = await deps.rounds.write(record, stored?.version);
  // Where a chunk's time goes, for the benchmark and for a slow round in the logs.
  const phasesMs = {
    prepare: probing - started.getTime(),
    probes: posting - probing,
    post: writing - posting,
    write: clock() - writing,
  };
  reportChunk(log, record, stored?.record ?? null, { outcome, written, phasesMs });
  return {
    kind: 'probed',
    org,
    chunk,
    targets: record.targets,
    failed: record.failed,
    posted: record.posted,
    buffered: record.buffer.length,
  };
}

const problemKeys = (record: ProbeRoundRecord | null): string =>
  JSON.stringify((record?.problems ?? []).map((p) => [p.kind, p.probeId, p.hostId, p.message]));

interface ChunkReport {
  outcome: PostOutcome;
  written: boolean;
  phasesMs: Record<'prepare' | 'probes' | 'post' | 'write', number>;
}

function reportChunk(
  log: ProbeRoundDeps['logger'],
  record: ProbeRoundRecord,
  previous: ProbeRoundRecord | null,
  { outcome, written, phasesMs }: ChunkReport,
): void {
  const figures = {
    roundAt: record.roundAt,
    targets: record.targets,
    failed: record.failed,
    posted: record.posted,
    phasesMs,
  };
  if (outcome.kind === 'posted') log.info('probe chunk posted', figures);
  else {
    log.error(outcome.kind === 'rejected' ? 'probe metrics refused by Mackerel' : 'probe metrics buffered', {
      ...figures,
      buffered: record.buffer.length,
      droppedPoints: record.droppedPoints,
      rejectedPoints: record.rejectedPoints,
      error: outcome.message,
    });
  }
  // Said when they change, not every minute: a definition that needs editing is one warning, not 1,440 a day.
  if (record.chunk === 0 && problemKeys(record) !== problemKeys(previous) && record.problemCount > 0) {
    log.warn('probe definitions need attention', { problems: record.problems.slice(0, 5) });
  }
  if (!written) log.info('probe round recorded by another delivery first', { roundAt: record.roundAt });
}
