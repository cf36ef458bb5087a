import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { z } from 'zod';
import { firestoreRoutingConfig } from '../../../shared/alerting/adapters/firestore-routing-config';
import { silenceSchema } from '../../../shared/routing/silence-schema';
import { type CliBackends, startCliBackends } from '../../support/cli-harness';

let cli: CliBackends;

before(async () => {
  cli = await startCliBackends();
  await cli.addOrg('acme');
});
after(() => cli?.stop());

const listedSchema = silenceSchema.and(z.object({ status: z.enum(['active', 'scheduled', 'ended']) }));
const listSchema = z.object({ silences: z.array(listedSchema), problems: z.array(z.unknown()) });
const loadedIds = async () =>
  (await firestoreRoutingConfig(cli.db).load('acme', new Date())).silences.map((s) => s.id).sort();

const HOUR_MS = 3_600_000;

describe('msp-ops silence', () => {
  it('adds an active silence for one org and a scheduled one for every org, as the router loads them', async () => {
    const before = Date.now();
    const active = listedSchema.parse(
      await cli.json([
        'silence',
        'add',
        '--org',
        'acme',
        '--id',
        'db-maint',
        '--end',
        '+2h',
        '--by',
        'ops@msp.example',
        '--comment',
        'DB patching',
        '--host',
        'db*',
        '--min-severity',
        'warning',
      ]),
    );
    assert.equal(active.status, 'active');
    assert.deepEqual(active.matchers, { hostNameGlob: 'db*', minSeverity: 'warning' });
    const length = Date.parse(active.endsAt) - Date.parse(active.startsAt);
    assert.equal(length, 2 * HOUR_MS);
    assert.ok(Date.parse(active.startsAt) >= before - 1000);

    const scheduled = listedSchema.parse(
      await cli.json([
        'silence',
        'add',
        '--org',
        '*',
        '--id',
        'upstream',
        '--start',
        '+1d',
        '--end',
        '+30m',
        '--by',
        'noc',
        '--comment',
        'carrier maintenance',
        '--service',
        'shop,blog',
      ]),
    );
    assert.equal(scheduled.status, 'scheduled');
    assert.deepEqual(scheduled.matchers, { services: ['shop', 'blog'] });
    assert.deepEqual(await loadedIds(), ['db-maint', 'upstream']);
  });

  it('refuses a time it cannot read with exit 2, and an existing id with exit 1', async () => {
    const base = ['silence', 'add', '--org', 'acme', '--by', 'ops', '--comment', 'x', '--host', 'x*'];
    const badTime = await cli.run([...base, '--id', 'later', '--end', 'tomorrow']);
    assert.equal(badTime.code, 2);
    assert.match(badTime.stderr, /--end: expected now, \+<n>m\|h\|d/);
    const taken = await cli.run([...base, '--id', 'db-maint', '--end', '+1h']);
    assert.equal(taken.code, 1);
    assert.match(taken.stderr, /silence db-maint exists already/);
  });

  it('lists silences not yet ended, by start, for one org with the every-org ones', async () => {
    const listed = listSchema.parse(await cli.json(['silence', 'list']));
    assert.deepEqual(
      listed.silences.map((s) => [s.id, s.status]),
      [
        ['db-maint', 'active'],
        ['upstream', 'scheduled'],
      ],
    );
    const table = await cli.run(['silence', 'list', '--org', 'acme']);
    assert.match(table.stdout, /^db-maint\s+acme\s+active\s+\d{4}-\d\d-\d\d \d\d:\d\d JST/m);
    assert.match(table.stdout, /^upstream\s+\*\s+scheduled\s.*service=shop,blog\s+carrier maintenance$/m);
  });

  it('expires silences now, a scheduled one before it starts; listing --all shows them ended', async () => {
    const expired = z
      .object({ endsAt: z.string(), changed: z.boolean() })
      .parse(await cli.json(['silence', 'expire', 'db-maint']));
    assert.equal(expired.changed, true);
    assert.ok(Math.abs(Date.parse(expired.endsAt) - Date.now()) < 60_000);
    const cancelled = await cli.run(['silence', 'expire', 'upstream']);
    assert.match(cancelled.stdout, /Expired silence upstream before it started/);
    assert.deepEqual(await loadedIds(), []);
    assert.deepEqual(listSchema.parse(await cli.json(['silence', 'list'])).silences, []);
    const all = listSchema.parse(await cli.json(['silence', 'list', '--all']));
    assert.deepEqual(
      all.silences.map((s) => s.status),
      ['ended', 'ended'],
    );
    const missing = await cli.run(['silence', 'expire', 'nothing-here']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no silence nothing-here/);
  });
});
