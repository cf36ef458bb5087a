import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Command } from 'commander';
import { CliSession } from '../../../cli/cli-session';
import { buildProgram } from '../../../cli/program';
import { runCli } from '../../../cli/run-cli';

/**
 * Arguments are checked before any service is touched, so these run in-process against an address where
 * nothing listens: a case that got past validation would fail with exit 1, not 2.
 */
const ENV = { FIRESTORE_EMULATOR_HOST: '127.0.0.1:9', GOOGLE_CLOUD_PROJECT: 'cli-unit-test' };

async function run(args: string[], env: NodeJS.ProcessEnv = { ...ENV }) {
  let out = '';
  let err = '';
  const io = {
    out: (t: string) => {
      out += t;
    },
    err: (t: string) => {
      err += t;
    },
    stdin: process.stdin,
  };
  const code = await runCli(args, new CliSession(env, io));
  return { code, out, err };
}

const dir = mkdtempSync(join(tmpdir(), 'cli-args-'));
const notWebhook = join(dir, 'not-webhook.json');
writeFileSync(notWebhook, JSON.stringify({ event: 'alert', alert: { status: 'bad' } }));
const notJson = join(dir, 'not-json.json');
writeFileSync(notJson, '{"event":');

const route = ['route', 'add', '--org', 'acme', '--id', 'r1', '--name', 'R', '--order', '1'];
const silence = ['silence', 'add', '--org', 'acme', '--id', 's1', '--by', 'ops', '--comment', 'c'];

/** Each case: arguments, and what stderr must name. */
const BAD: [string[], RegExp][] = [
  [['org', 'add', 'bad name', '--display-name', 'x', '--language', 'ja'], /<name>/],
  [['org', 'add', 'acme', '--display-name', 'x', '--language', 'fr'], /--language/],
  [
    ['org', 'add', 'acme', '--display-name', 'x', '--language', 'en', '--contact', 'not-an-email'],
    /--contact/,
  ],
  [['org', 'add', 'acme', '--display-name', 'x', '--language', 'en', '--quota-warn', '-1'], /--quota-warn/],
  [
    [
      'org',
      'add',
      'acme',
      '--display-name',
      'x',
      '--language',
      'en',
      '--quota-warn',
      '9',
      '--quota-max',
      '5',
    ],
    /warn: must not exceed max/,
  ],
  [['org', 'show'], /missing required argument 'name'/],
  [['org', 'token', 'rotate', 'acme', '--intake-url', 'ftp://intake.example'], /--intake-url/],
  [['org', 'key', 'set'], /missing required argument/],
  [[...route], /--to/],
  [[...route, '--to', 'not-an-email'], /--to/],
  [[...route, '--to', 'a@acme.example', '--role', 'shop: web'], /--role/],
  [[...route, '--to', 'a@acme.example', '--min-severity', 'high'], /--min-severity/],
  [[...route, '--to', 'a@acme.example', '--host', 'web\\'], /--host/],
  [
    [...route, '--to', 'a@acme.example', '--group-interval', '600', '--repeat-interval', '120'],
    /repeatIntervalSeconds/,
  ],
  [
    [
      'route',
      'add',
      '--org',
      'acme',
      '--id',
      'r1',
      '--name',
      'R',
      '--order',
      'first',
      '--to',
      'a@acme.example',
    ],
    /--order/,
  ],
  [
    ['route', 'add', '--org', 'a/b', '--id', 'r1', '--name', 'R', '--order', '1', '--to', 'a@acme.example'],
    /--org/,
  ],
  [['route', 'list', '--org', 'a b'], /--org/],
  [['route', 'remove', '--org', 'acme', 'bad/id'], /<id>/],
  [['route', 'test', notWebhook], /--org/],
  [['route', 'test', notWebhook, '--org', 'acme'], /alert\.status/],
  [['route', 'test', notJson, '--org', 'acme'], /not JSON/],
  [['route', 'test', join(dir, 'missing.json'), '--org', 'acme'], /cannot read/],
  [[...silence, '--end', 'tomorrow'], /--end: expected now/],
  [[...silence, '--start', '2026-01-10T10:00:00', '--end', '+1h'], /--start/],
  [[...silence, '--start', '+2h', '--end', '2020-01-01T00:00:00Z'], /endsAt: must be after startsAt/],
  [
    ['silence', 'add', '--org', '*', '--id', 's1', '--by', 'ops', '--comment', 'c', '--end', '+1h'],
    /needs at least one matcher/,
  ],
  [['silence', 'expire'], /missing required argument 'id'/],
  [['silence', 'list', '--org', 'no way'], /--org/],
  [['hosts', 'search'], /missing required argument 'pattern'/],
  [['hosts', 'search', 'web\\'], /<pattern>/],
  [['alerts', 'list', '--severity', 'fatal'], /--severity/],
  [['alerts', 'list', '--limit', '0'], /--limit/],
  [['audit', 'run', '--org', 'a b'], /--org/],
  [['audit', 'findings', '--severity', 'bad'], /--severity/],
  [['cdn', 'status', '--contract', 'Bad_Id'], /--contract/],
  [['cdn', 'import', join(dir, 'usage.csv')], /--contract/],
  [['cdn', 'import', join(dir, 'missing.csv'), '--contract', 'acme-cdn'], /cannot read/],
  [['frobnicate'], /unknown command/],
  [['org', 'list', '--no-such-option'], /unknown option/],
];

describe('msp-ops arguments (in-process, no services)', () => {
  for (const [args, stderr] of BAD) {
    it(`exit 2 for: ${args.join(' ')}`, async () => {
      const result = await run([...args, '--json']);
      assert.equal(result.code, 2, result.err);
      assert.match(result.err, stderr);
      assert.equal(result.out, '', 'nothing on stdout, even with --json');
    });
  }

  it('without GOOGLE_CLOUD_PROJECT or FIRESTORE_EMULATOR_HOST: exit 2, saying which to set', async () => {
    const result = await run(['org', 'list'], {});
    assert.equal(result.code, 2);
    assert.match(result.err, /set GOOGLE_CLOUD_PROJECT .* or FIRESTORE_EMULATOR_HOST/);
  });

  it('help on stdout with exit 0, at every level, without any environment', async () => {
    for (const args of [
      ['--help'],
      ['help', 'route'],
      ['silence', 'add', '--help'],
      ['alerts', 'list', '-h'],
    ]) {
      const result = await run(args, {});
      assert.equal(result.code, 0, args.join(' '));
      assert.match(result.out, /^Usage: msp-ops/, args.join(' '));
    }
    const top = await run(['--help'], {});
    for (const group of ['org', 'route', 'silence', 'hosts', 'alerts', 'audit', 'cdn']) {
      assert.match(top.out, new RegExp(`\\n  ${group} `));
    }
  });

  it('a group without its subcommand is a usage error that lists the subcommands', async () => {
    const result = await run(['route']);
    assert.equal(result.code, 2);
    assert.match(result.err, /Commands:[\s\S]*add[\s\S]*test/);
  });

  it('every command has a description and its help shows --json', () => {
    const session = new CliSession({}, { out: () => {}, err: () => {}, stdin: process.stdin });
    const walk = (command: Command): Command[] => [command, ...command.commands.flatMap(walk)];
    const commands = walk(buildProgram(session));
    assert.ok(commands.length >= 25, `${commands.length} commands`);
    for (const command of commands) {
      assert.notEqual(command.description(), '', command.name());
      assert.match(command.helpInformation(), /--json/, command.name());
    }
  });
});
