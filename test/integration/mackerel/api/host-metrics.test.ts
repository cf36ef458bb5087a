import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MackerelStandin } from '../../../../local/mackerel/mackerel-standin';
import { readStandinSeed } from '../../../../local/mackerel/standin-seed';
import { createLogger } from '../../../../shared/kernel/log/logger';
import { MackerelApiClient } from '../../../../shared/mackerel/api/mackerel-api-client';
import { MackerelApiError } from '../../../../shared/mackerel/api/mackerel-api-error';
import { probeMetrics } from '../../../../shared/probes/probe-metrics';
import { REPO_ROOT } from '../../../support/repo-root';

const HOST = '3xHostA1b2C';
let mackerel: MackerelStandin;
let client: MackerelApiClient;

before(async () => {
  const seed = await readStandinSeed(join(REPO_ROOT, 'local/mackerel/seed.json'));
  mackerel = new MackerelStandin({ seed, port: 0, logger: createLogger({}, () => {}) });
  await mackerel.start();
  const apiKey = mackerel.org('demo').apiKey;
  client = new MackerelApiClient({
    apiKey,
    baseUrl: mackerel.baseUrl,
    retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
  });
});

after(() => mackerel?.stop());

describe('host metrics (POST /api/v0/tsdb)', () => {
  it("posts a probe's points to the host they name, as the stand-in records them", async () => {
    const points = probeMetrics(
      { probeId: 'shop-health', hostId: HOST, kind: 'http', ok: true, durationMs: 120, statusCode: 200 },
      1_767_225_600,
    );
    await client.postHostMetrics(points);
    assert.deepEqual(mackerel.org('demo').hostMetrics, points);
    assert.ok(points.some((p) => p.name === 'custom.probe.http.ok.shop-health' && p.value === 1));
  });

  it("refuses a point for a host that is not the org's, naming it", async () => {
    await assert.rejects(
      client.postHostMetrics([{ hostId: 'someone-elses', name: 'custom.probe.tcp.ok.x', time: 1, value: 0 }]),
      (error: unknown) =>
        error instanceof MackerelApiError &&
        error.kind === 'bad-request' &&
        /someone-elses is not a host of this organization/.test(error.message),
    );
  });
});
