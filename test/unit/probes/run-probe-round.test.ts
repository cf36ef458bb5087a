import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLogger } from '../../../shared/kernel/log/logger';
import { TOPICS } from '../../../shared/kernel/topology';
import type { HostMetricValue } from '../../../shared/mackerel/api/host-metric-schema';
import type { ServiceMetricValue } from '../../../shared/mackerel/api/service-metric-schema';
import type { PostOutcome } from '../../../shared/probes/metric-buffer';
import { type OrgProbesInput, orgProbesSchema } from '../../../shared/probes/org-probes';
import type { ProbeHost } from '../../../shared/probes/probe-host';
import type { ProbeRoundDeps } from '../../../shared/probes/probe-ports';
import { type ProbeRequest, probeRequestSchema } from '../../../shared/probes/probe-request';
import type { ProbeTarget } from '../../../shared/probes/probe-targets';
import { runProbeRound } from '../../../shared/probes/run-probe-round';
import {
  InMemoryProbeDefinitions,
  InMemoryProbeHosts,
  InMemoryProbeRounds,
} from '../../support/fakes/in-memory-probe-stores';
import { InMemoryPublisher } from '../../support/fakes/in-memory-publisher';
import { hostOf } from './probe-fixtures';

const ROUND = '2026-12-03T01:02:00.000Z';
const ROUND_S = Date.parse(ROUND) / 1000;
const SETTINGS = { chunkSize: 100, staleAfterMs: 90_000, hostsMaxAgeMs: 600_000 };

const httpProbe = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  kind: 'http' as const,
  url: 'https://{{host.name}}.example.jp/health',
  targets: { service: 'shop' },
  ...extra,
});

function world(options: { hosts?: ProbeHost[]; now?: string } = {}) {
  const definitions = new InMemoryProbeDefinitions();
  const hosts = new InMemoryProbeHosts();
  const rounds = new InMemoryProbeRounds();
  const publisher = new InMemoryPublisher();
  const posts: HostMetricValue[][] = [];
  const selfWatch: ServiceMetricValue[][] = [];
  const state = {
    now: new Date(options.now ?? '2026-12-03T01:02:05.000Z'),
    hosts: options.hosts ?? [hostOf('h1', { roles: ['shop:web'] }), hostOf('h2', { roles: ['shop:web'] })],
    hostFetches: 0,
    hostsFail: false,
    post: (): PostOutcome => ({ kind: 'posted' }),
    down: new Set<string>(),
    ran: [] as ProbeTarget[][],
  };
  const orgs = new Map([
    ['alpha', { name: 'alpha', enabled: true }],
    ['beta', { name: 'beta', enabled: true }],
    ['off', { name: 'off', enabled: false }],
  ]);
  const deps: ProbeRoundDeps = {
    orgs: {
      list: async () => [...orgs.values()],
      // Only what the round reads of an org record.
      get: async (org) => orgs.get(org) as never,
    },
    definitions,
    hosts,
    rounds,
    mackerel: {
      listHosts: async () => {
        state.hostFetches++;
        if (state.hostsFail) throw new Error('Mackerel unavailable');
        return state.hosts;
      },
      postHostMetrics: async (_org, points) => {
        posts.push([...points]);
        return state.post();
      },
    },
    runTargets: async (targets) => {
      state.ran.push([...targets]);
      return {
        results: targets.map((t) => ({
          probeId: t.probeId,
          hostId: t.hostId,
          kind: t.kind,
          ok: !state.down.has(t.hostId),
          durationMs: 50,
          ...(state.down.has(t.hostId) ? { failure: { kind: 'refused' as const, message: 'refused' } } : {}),
        })),
        timing: { elapsedMs: 60, maxInFlight: targets.length },
      };
    },
    publisher,
    postSelfWatch: async (points) => {
      selfWatch.push(points);
    },
    logger: createLogger({}, () => {}),
    now: () => state.now,
  };
  const define = (org: string, input: OrgProbesInput) => definitions.put(org, orgProbesSchema.parse(input));
  const run = (request: ProbeRequest) => runProbeRound(deps, SETTINGS, request, 'corr-1');
  return { deps, definitions, hosts, rounds, publisher, posts, selfWatch, state, define, run };
}

const okPoints = (points: HostMetricValue[]) =>
  points.filter((p) => p.name.startsWith('custom.probe.http.ok.')).map((p) => [p.hostId, p.value]);

describe('the probe schedule', () => {
  it('fans out one message per enabled org with an enabled probe, stamped with the minute', async () => {
    const w = world();
    await w.define('alpha', { probes: [httpProbe('shop')] });
    await w.define('beta', { probes: [httpProbe('shop', { enabled: false })] });
    await w.define('off', { probes: [httpProbe('shop')] });
    const outcome = await w.run({ reason: 'schedule' });
    assert.deepEqual(outcome, { kind: 'fanned-out', orgs: 1, roundAt: ROUND });
    assert.deepEqual(
      w.publisher.published.map((m) => [m.topic, JSON.parse(m.data.toString()), m.attributes.correlationId]),
      [[TOPICS.probeRequests, { reason: 'org', org: 'alpha', roundAt: ROUND }, 'corr-1']],
    );
  });

  it('posts the previous round as self-watch: a chunk with no record of it is behind', async () => {
    const w = world();
    await w.define('alpha', { probes: [httpProbe('shop')] });
    await w.define('beta', { probes: [httpProbe('shop')] });
    w.state.now = new Date('2026-12-03T01:01:03.000Z');
    await w.run({ reason: 'org', org: 'alpha', roundAt: '2026-12-03T01:01:00.000Z' });
    w.state.now = new Date('2026-12-03T01:02:01.000Z');
    await w.run({ reason: 'schedule' });
    const figures = Object.fromEntries((w.selfWatch[0] ?? []).map((p) => [p.name, p.value]));
    assert.equal(figures['msp-pipeline.probes.targets'], 2);
    assert.equal(figures['msp-pipeline.probes.ok'], 2);
    assert.equal(figures['msp-pipeline.probes.chunks_behind'], 1);
    assert.equal(figures['msp-pipeline.probes.start_late_seconds_max'], 3);
    assert.equal(w.selfWatch[0]?.[0]?.time, ROUND_S);
  });
});

describe("an org's round", () => {
  it('fetches the hosts once, probes every target and posts its points at the round minute', async () => {
    const w = world();
    await w.define('alpha', { probes: [httpProbe('shop')] });
    w.state.down.add('h2');
    const outcome = await w.run({ reason: 'org', org: 'alpha', roundAt: ROUND });
    assert.equal(outcome.kind, 'probed');
    assert.equal(w.state.hostFetches, 1);
    assert.deepEqual(okPoints(w.posts[0] ?? []), [
      ['h1', 1],
      ['h2', 0],
    ]);
    assert.ok(w.posts[0]?.every((p) => p.time === ROUND_S));
    const stored = await w.rounds.get('alpha', 0);
    assert.equal(stored?.record?.failed, 1);
    assert.equal(stored?.record?.failures[0]?.hostId, 'h2');
  });

  it('does nothing twice: a redelivered round is skipped, and a stale one is not run', async () => {
    const w = world();
    await w.define('alpha', { probes: [httpProbe('shop')] });
    await w.run({ reason: 'org', org: 'alpha', roundAt: ROUND });
    const again = await w.run({ reason: 'org', org: 'alpha', roundAt: ROUND });
    assert.deepEqual(again, { kind: 'skipped', org: 'alpha', chunk: 0, why: 'done' });
    const next = new Date(Date.parse(ROUND) + 60_000).toISOString();
    w.state.now = new Date(Date.parse(ROUND) + 200_000);
    const stale = await w.run({ reason: 'org', org: 'alpha', roundAt: next });
    assert.equal(stale.kind === 'skipped' ? stale.why : stale.kind, 'stale');
    w.state.now = new Date(Date.parse(ROUND) + 91_000);
    assert.equal((await w.run({ reason: 'org', org: 'alpha', roundAt: next })).kind, 'probed');
    assert.equal(w.posts.length, 2);
  });

  it('reuses fresh hosts and fetches them again once older than the max age', async () => {
    const w = world();
    await w.define('alpha', { probes: [httpProbe('shop')] });
    await w.run({ reason: 'org', org: 'alpha', roundAt: ROUND });
    w.state.now = new Date(Date.parse(ROUND) + 60_500);
    await w.run({ reason: 'org', org: 'alpha', roundAt: new Date(Date.parse(ROUND) + 60_000).toISOString() });
    assert.equal(w.state.hostFetches, 1);
    w.state.now = new Date(Date.parse(ROUND) + 606_000);
    await w.run({
      reason: 'org',
      org: 'alpha',
      roundAt: new Date(Date.parse(ROUND) + 600_000).toISOString(),
    });
    assert.equal(w.state.hostFetches, 2);
  });

  it('probes with the hosts it has when Mackerel cannot list them, and skips when it has none', async () => {
    const w = world();
    await w.define('alpha', { probes: [httpProbe('shop')] });
    w.state.hostsFail = true;
    const none = await w.run({ reason: 'org', org: 'alpha', roundAt: ROUND });
    assert.equal(none.kind === 'skipped' ? none.why : none.kind, 'no-hosts');
    await w.hosts.put('alpha', { fetchedAt: 0, hosts: w.state.hosts });
    const stale = await w.run({ reason: 'org', org: 'alpha', roundAt: ROUND });
    assert.equal(stale.kind, 'probed');
  });

  it('reports a listed host that is gone and probes the rest', async () => {
    const w = world();
    await w.define('alpha', { probes: [httpProbe('listed', { targets: { hostIds: ['h1', 'gone'] } })] });
    await w.run({ reason: 'org', org: 'alpha', roundAt: ROUND });
    const record = (await w.rounds.get('alpha', 0))?.record;
    assert.equal(record?.targets, 1);
    assert.equal(record?.problemCount, 1);
    assert.match(record?.problems[0]?.message ?? '', /gone no longer exists/);
  });
});

describe('posting through a Mackerel outage', () => {
  it('buffers one round, posts it before the next, and gives up an older one for a newer', async () => {
    const w = world();
    await w.define('alpha', { probes: [httpProbe('shop')] });
    const at = (minutes: number) => new Date(Date.parse(ROUND) + minutes * 60_000).toISOString();
    const roundAtMinute = async (minutes: number) => {
      w.state.now = new Date(Date.parse(ROUND) + minutes * 60_000 + 2000);
      await w.run({ reason: 'org', org: 'alpha', roundAt: at(minutes) });
      return (await w.rounds.get('alpha', 0))?.record;
    };
    w.state.post = () => ({ kind: 'unavailable', message: 'Mackerel answered 503' });
    const first = await roundAtMinute(0);
    assert.equal(first?.buffer.length, 4);
    assert.equal(first?.postError, 'Mackerel answered 503');
    const second = await roundAtMinute(1);
    assert.equal(w.posts[1]?.length, 8, 'the buffered round is sent with the new one');
    assert.equal(second?.droppedPoints, 4, 'only one round is kept');
    assert.ok(second?.buffer.every((p) => p.time === ROUND_S + 60));
    w.state.post = () => ({ kind: 'posted' });
    const third = await roundAtMinute(2);
    assert.equal(w.posts[2]?.length, 8);
    assert.deepEqual([third?.posted, third?.buffer.length, third?.droppedPoints], [8, 0, 0]);
  });

  it('buffers nothing Mackerel refused: it would refuse it again', async () => {
    const w = world();
    await w.define('alpha', { probes: [httpProbe('shop')] });
    w.state.post = () => ({ kind: 'rejected', message: 'Mackerel answered 400' });
    await w.run({ reason: 'org', org: 'alpha', roundAt: ROUND });
    const record = (await w.rounds.get('alpha', 0))?.record;
    assert.deepEqual([record?.buffer.length, record?.rejectedPoints], [0, 4]);
  });
});

describe('chunks', () => {
  const many = Array.from({ length: 250 }, (_, i) =>
    hostOf(`h${String(i).padStart(3, '0')}`, { roles: ['shop:web'] }),
  );

  it("an org's message runs the first chunk and publishes the others; each runs its own slice", async () => {
    const w = world({ hosts: many });
    await w.define('alpha', { probes: [httpProbe('shop')] });
    await w.run({ reason: 'org', org: 'alpha', roundAt: ROUND });
    const chunks = w.publisher.published.map((m) => probeRequestSchema.parse(JSON.parse(m.data.toString())));
    assert.deepEqual(chunks, [
      { reason: 'chunk', org: 'alpha', roundAt: ROUND, chunk: 1, chunks: 3 },
      { reason: 'chunk', org: 'alpha', roundAt: ROUND, chunk: 2, chunks: 3 },
    ]);
    for (const chunk of chunks) await w.run(chunk);
    const ran = w.state.ran.map((targets) => targets.map((t) => t.hostId));
    assert.deepEqual(
      ran.map((ids) => ids.length),
      [100, 100, 50],
    );
    assert.equal(new Set(ran.flat()).size, 250, 'no target twice, none left out');
    assert.equal(w.state.hostFetches, 1, 'further chunks slice the hosts the first one fetched');
    const gone = await w.run({ reason: 'chunk', org: 'alpha', roundAt: ROUND, chunk: 5, chunks: 6 });
    assert.equal(gone.kind === 'skipped' ? gone.why : gone.kind, 'no-such-chunk');
  });
});
