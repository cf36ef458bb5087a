import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type RunningDnsServer, startDnsServer } from '../../../local/probes/dns-standin';
import { probeRunner, type RunnableProbe } from '../../../shared/probes/adapters/run-probe';
import { runProbes } from '../../../shared/probes/adapters/run-probes';
import type { ProbeResult } from '../../../shared/probes/probe-result';
import { closedPort, type RunningServer, startHttpServer } from './support/servers';
import { countingGate, loopbackOnly } from './support/test-gate';

type Fake = {
  probeId: string;
  hostId: string;
  kind: 'tcp';
  delayMs: number;
  behaviour?: 'throw' | 'reject' | 'hang';
};

const fakes = (count: number, delayMs = 20): Fake[] =>
  Array.from({ length: count }, (_, i) => ({ probeId: `p${i}`, hostId: `h${i}`, kind: 'tcp', delayMs }));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A runner that takes its time and reports how many were running at once, seen from inside. */
function observedRunner() {
  let running = 0;
  const seen = { max: 0 };
  const run = async (target: Fake): Promise<ProbeResult> => {
    if (target.behaviour === 'throw') throw new Error('runner bug');
    running++;
    seen.max = Math.max(seen.max, running);
    try {
      if (target.behaviour === 'hang') await new Promise(() => undefined);
      await sleep(target.delayMs);
      if (target.behaviour === 'reject') return Promise.reject(new Error('late bug'));
      return {
        probeId: target.probeId,
        hostId: target.hostId,
        kind: 'tcp',
        ok: true,
        durationMs: target.delayMs,
      };
    } finally {
      running--;
    }
  };
  return { run, seen };
}

describe('runProbes', () => {
  it('keeps at most `concurrency` in flight, keeps input order and reports its timing', async () => {
    const { run, seen } = observedRunner();
    const targets = fakes(10).map((target, i) => ({ ...target, delayMs: 40 - i * 3 }));
    const { results, timing } = await runProbes(targets, run, { concurrency: 3, roundDeadlineMs: 5000 });
    assert.deepEqual(
      results.map((result) => result.probeId),
      targets.map((target) => target.probeId),
    );
    assert.ok(results.every((result) => result.ok));
    assert.equal(timing.maxInFlight, 3);
    assert.equal(seen.max, 3);
    assert.ok(timing.finishedAt >= timing.startedAt && timing.elapsedMs > 0);
  });

  it('a runner that throws or rejects settles as an error result without stopping the others', async () => {
    const { run } = observedRunner();
    const targets: Fake[] = fakes(4);
    targets[1] = { ...(targets[1] as Fake), behaviour: 'throw' };
    targets[2] = { ...(targets[2] as Fake), behaviour: 'reject' };
    const { results } = await runProbes(targets, run, { concurrency: 2, roundDeadlineMs: 5000 });
    assert.deepEqual(
      results.map((result) => result.failure?.kind ?? 'ok'),
      ['ok', 'error', 'error', 'ok'],
    );
    assert.equal(results[1]?.probeId, 'p1');
    assert.match(results[2]?.failure?.message ?? '', /late bug/);
  });

  it('the round deadline settles probes still running, and those never started, as timeouts', async () => {
    const { run } = observedRunner();
    const targets: Fake[] = fakes(3).map((target) => ({ ...target, behaviour: 'hang' }));
    const started = performance.now();
    const { results } = await runProbes(targets, run, { concurrency: 1, roundDeadlineMs: 100 });
    assert.ok(performance.now() - started < 400);
    assert.deepEqual(
      results.map((result) => result.failure?.kind),
      ['timeout', 'timeout', 'timeout'],
    );
  });

  it('an empty round is an empty result', async () => {
    const { results, timing } = await runProbes([], observedRunner().run, {
      concurrency: 4,
      roundDeadlineMs: 100,
    });
    assert.deepEqual(results, []);
    assert.equal(timing.maxInFlight, 0);
  });
});

describe('probeRunner with runProbes, over real sockets', () => {
  let http: RunningServer;
  let dns: RunningDnsServer;

  before(async () => {
    http = await startHttpServer((_req, res) => res.end('ok'));
    dns = await startDnsServer({ 'host.probe.test': { type: 'A', address: '192.0.2.10' } });
  });

  after(async () => {
    await http.close();
    await dns.close();
  });

  it('dispatches each kind to its runner', async () => {
    const run = probeRunner({ gate: countingGate().gate, checkResolver: loopbackOnly });
    const ids = { hostId: 'h1', timeoutMs: 1000 };
    const targets: RunnableProbe[] = [
      {
        ...ids,
        kind: 'http',
        probeId: 'web',
        url: `http://probe.test:${http.port}/`,
        method: 'GET',
        expectStatus: (code) => code === 200,
        followRedirects: 0,
        tls: {},
      },
      { ...ids, kind: 'tcp', probeId: 'port', host: 'probe.test', port: await closedPort() },
      {
        ...ids,
        kind: 'dns',
        probeId: 'zone',
        resolver: { address: dns.address, port: dns.port },
        name: 'host.probe.test',
        type: 'A',
        expect: ['192.0.2.10'],
        rcode: 'NOERROR',
      },
    ];
    const { results } = await runProbes(targets, run, { concurrency: 3, roundDeadlineMs: 2000 });
    assert.deepEqual(
      results.map((result) => [result.probeId, result.kind, result.failure?.kind ?? 'ok']),
      [
        ['web', 'http', 'ok'],
        ['port', 'tcp', 'refused'],
        ['zone', 'dns', 'ok'],
      ],
    );
  });
});
