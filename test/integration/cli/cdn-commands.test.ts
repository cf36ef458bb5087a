import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { z } from 'zod';
import { firestoreCdnContracts } from '../../../shared/cdn/adapters/firestore-cdn-contracts';
import { HOUR_MS, jstMonthBounds, jstMonthOf } from '../../../shared/kernel/time/jst-calendar';
import { type CliBackends, startCliBackends } from '../../support/cli-harness';

let cli: CliBackends;
const BYTES_PER_HOUR = 2e9;
const now = new Date();
/** Every hour from 45 days back to the last one that is final (its end an hour or more ago). */
const lastHourMs = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS - 2 * HOUR_MS;
const hours = Array.from({ length: 45 * 24 }, (_, i) => lastHourMs - i * HOUR_MS).reverse();
const csv = join(mkdtempSync(join(tmpdir(), 'cli-cdn-')), 'usage.csv');
writeFileSync(
  csv,
  [
    'hour_start_utc,bytes',
    ...hours.map((ms) => `${new Date(ms).toISOString().replace('.000Z', 'Z')},${BYTES_PER_HOUR}`),
  ].join('\n'),
);

before(async () => {
  cli = await startCliBackends();
  await firestoreCdnContracts(cli.db).put({
    id: 'acme-cdn',
    displayName: 'ACME CDN',
    provider: 'jstream',
    source: { kind: 'csv' },
    committed: { amount: 1, unit: 'TB' },
    monthlyFeeYen: 100_000,
    overage: { yenPerUnit: 30, unit: 'GB' },
    financeRecipients: { to: ['finance@msp.example'] },
  });
});
after(() => cli?.stop());

const figure = z.object({ bytes: z.number(), percent: z.number() }).nullable();
const statusSchema = z.object({
  month: z.string(),
  contracts: z.array(
    z.object({
      contract: z.object({ id: z.string() }),
      assessment: z.object({
        usage: z.object({ mtdBytes: z.number(), dataCompleteTo: z.string() }),
        finance: z.object({
          actual: figure,
          p50: figure,
          p90: figure,
          overageP50: z.object({ yen: z.number() }).nullable(),
        }),
      }),
    }),
  ),
});

describe('msp-ops cdn', () => {
  it("imports a CSV into the contract's hourly history", async () => {
    const result = await cli.run(['cdn', 'import', csv, '--contract', 'acme-cdn']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stdout,
      new RegExp(`^Imported ${hours.length} hours into cdnContracts/acme-cdn/hours`),
    );
  });

  it('shows month to date, P50/P90 and the projected overage in yen, with the data-complete time', async () => {
    const status = statusSchema.parse(await cli.json(['cdn', 'status']));
    const month = jstMonthOf(new Date());
    assert.equal(status.month, month);
    const [acme] = status.contracts;
    assert.equal(acme?.contract.id, 'acme-cdn');
    const monthStart = jstMonthBounds(month).startUtc.getTime();
    const inMonth = hours.filter((ms) => ms >= monthStart).length;
    assert.equal(acme?.assessment.usage.mtdBytes, inMonth * BYTES_PER_HOUR);
    if (inMonth > 0)
      assert.equal(Date.parse(acme?.assessment.usage.dataCompleteTo ?? ''), lastHourMs + HOUR_MS);
    // 48 GB a day against a 1 TB commit: about 1.4 TB at month end, an overage at 30 yen per GB.
    const p50 = acme?.assessment.finance.p50;
    assert.ok(p50 && p50.bytes > 1.2e12 && p50.bytes < 1.6e12, JSON.stringify(p50));
    assert.ok((acme?.assessment.finance.overageP50?.yen ?? 0) > 0);
    const table = await cli.run(['cdn', 'status', '--contract', 'acme-cdn']);
    assert.match(
      table.stdout,
      /^acme-cdn\s+1 TB\s+[\d.]+ TB \([\d.]+%\)\s+[\d.]+ TB \(\d+(\.\d)?%\)\s+[\d.]+ TB \(.*\)\s+￥[\d,]+\s+￥[\d,]+/m,
    );
  });

  it('fails for an unknown contract (exit 1) and a missing --contract (exit 2)', async () => {
    const unknown = await cli.run(['cdn', 'status', '--contract', 'nobody-cdn']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no CDN contract nobody-cdn/);
    const missing = await cli.run(['cdn', 'import', csv]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--contract/);
  });
});
