import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { completeMonths } from '../../../../shared/cdn/backtest/complete-months';
import { syntheticTraffic } from '../../../../shared/cdn/backtest/synthetic-traffic';
import { hourlySeriesFrom } from '../../../../shared/cdn/model/hourly-series';
import { REPO_ROOT } from '../../../support/repo-root';

const run = promisify(execFile);
const ROOT = REPO_ROOT;
const LAST_LINE = /^day10 error ratio \(chosen method \/ linear run-rate\): \d+\.\d{2}$/;

describe('synthetic traffic', () => {
  it('covers every hour of 13+ JST months, the same for the same seed', () => {
    const options = { seed: 7, firstMonth: '2025-01', months: 14 };
    const buckets = syntheticTraffic(options);
    const months = completeMonths(hourlySeriesFrom(buckets));
    assert.equal(months.length, 14);
    assert.equal(months[0]?.month, '2025-01');
    assert.ok(buckets.every((b) => Number.isInteger(b.bytes) && b.bytes > 0));
    assert.deepEqual(syntheticTraffic(options).slice(0, 50), buckets.slice(0, 50));
    assert.notDeepEqual(syntheticTraffic({ ...options, seed: 8 }).slice(0, 50), buckets.slice(0, 50));
  });

  it('has a weekly shape: weekend days above weekdays', () => {
    const series = hourlySeriesFrom(syntheticTraffic({ seed: 1, firstMonth: '2025-06', months: 1 }));
    const day = (date: string) => {
      const startMs = Date.parse(`${date}T00:00:00+09:00`);
      let sum = 0;
      for (let h = 0; h < 24; h++)
        sum += series.bytes[(startMs + h * 3_600_000 - series.firstHourMs) / 3_600_000] ?? 0;
      return sum;
    };
    // Sunday 2025-06-15 against Tuesday 2025-06-10.
    assert.ok(day('2025-06-15') > day('2025-06-10') * 1.2);
  });
});

describe('backtest CLI', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cdn-backtest-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('runs on a small --series CSV and ends with the day-10 ratio', async () => {
    const buckets = syntheticTraffic({ seed: 3, firstMonth: '2025-04', months: 3 });
    const file = join(dir, 'series.csv');
    await writeFile(
      file,
      ['hour_start_utc,bytes', ...buckets.map((b) => `${b.hourStartUtc},${b.bytes}`)].join('\n'),
    );
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'scripts/backtest.ts', '--series', file],
      {
        cwd: ROOT,
      },
    );
    const lines = stdout.trimEnd().split('\n');
    assert.match(lines[0] ?? '', /3 complete JST months \(2025-04\.\.2025-06\)/);
    assert.ok(
      lines.some((line) => /^linear-run-rate\s+-\s+[\d.]+/.test(line)),
      stdout,
    );
    assert.ok(
      lines.some((line) => /repeats 0, flaps \d+$/.test(line)),
      stdout,
    );
    assert.match(lines.at(-1) ?? '', LAST_LINE);
  });

  it('fails with a line number on a malformed CSV', async () => {
    const file = join(dir, 'bad.csv');
    await writeFile(file, 'hour_start_utc,bytes\n2025-04-01T00:00:00Z,lots\n');
    await assert.rejects(
      run(process.execPath, ['--import', 'tsx', 'scripts/backtest.ts', '--series', file], { cwd: ROOT }),
      (error: { code?: number; stderr?: string }) => error.code === 2 && /line 2/.test(error.stderr ?? ''),
    );
  });
});
