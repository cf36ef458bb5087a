import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';

const root = join(__dirname, '..', '..');

/**
 * `npm start`'s program, as an operator runs it: every part on free ports, the demo org seeded,
 * `ready` printed, a webhook accepted end to end, and a clean stop on SIGINT.
 */
describe('local stack (npm start)', () => {
  const lines: string[] = [];
  let stack: ReturnType<typeof spawn>;
  let exited: Promise<number | null>;

  const waitForLine = async (pattern: RegExp, timeoutMs = 60_000): Promise<string> => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const found = lines.find((l) => pattern.test(l));
      if (found) return found;
      if (stack.exitCode !== null) throw new Error(`stack exited early:\n${lines.join('\n')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no line matching ${pattern} within ${timeoutMs} ms:\n${lines.slice(-30).join('\n')}`);
  };

  before(async () => {
    execFileSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'build-functions.ts')], {
      cwd: root,
    });
    stack = spawn(process.execPath, ['--import', 'tsx', join(root, 'local', 'stack.ts')], {
      cwd: root,
      env: {
        ...process.env,
        MSP_LOCAL_INTAKE_PORT: '0',
        MSP_LOCAL_PUBSUB_PORT: '0',
        MSP_LOCAL_FIRESTORE_PORT: '0',
        MSP_LOCAL_SENDGRID_PORT: '0',
        MSP_LOCAL_FUNCTIONS_BASE_PORT: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    exited = new Promise((resolve) => stack.once('exit', (code) => resolve(code)));
    for (const stream of [stack.stdout, stack.stderr]) {
      if (stream) createInterface({ input: stream }).on('line', (l) => lines.push(l));
    }
    await waitForLine(/^ready$/);
  });

  after(() => {
    if (stack.exitCode === null) stack.kill('SIGKILL');
  });

  it('prints the demo webhook URL and accepts a webhook for the demo org end to end', async () => {
    const urlLine = await waitForLine(/demo webhook\s+http/);
    const url = urlLine.trim().split(/\s+/).pop() ?? '';
    assert.match(url, /\/hooks\/mackerel\/demo-local-token$/);
    const body = readFileSync(join(root, 'local', 'examples', 'demo-alert-critical.json'), 'utf8');
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    assert.equal(res.status, 204);
    const correlationId = res.headers.get('x-correlation-id') ?? '';
    const accepted = await waitForLine(new RegExp(`"webhook accepted".*"correlationId":"${correlationId}"`));
    assert.match(accepted, /"outcome":"published"/);
    assert.match(accepted, /"org":"demo"/);
  });

  it('serves the mail viewer and its JSON API', async () => {
    const viewerLine = await waitForLine(/mail viewer\s+http/);
    const base = viewerLine.match(/(http:\/\/[\d.:]+)\//)?.[1] ?? '';
    const page = await fetch(`${base}/`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /text\/html/);
    const messages = await fetch(`${base}/api/messages`);
    assert.ok(Array.isArray(await messages.json()));
  });

  it('adds an org with npm run org:token and accepts its webhooks', async () => {
    const firestoreHost = (await waitForLine(/FIRESTORE_EMULATOR_HOST=/)).split('=').pop() ?? '';
    const intakeUrl = (await waitForLine(/^\s+intake\s+http/)).trim().split(/\s+/).pop() ?? '';
    const output = execFileSync(
      process.execPath,
      [
        '--import',
        'tsx',
        join(root, 'scripts', 'issue-webhook-token.ts'),
        '--org',
        'new-customer',
        '--intake-url',
        intakeUrl,
      ],
      {
        cwd: root,
        env: { ...process.env, FIRESTORE_EMULATOR_HOST: firestoreHost, METADATA_SERVER_DETECTION: 'none' },
      },
    ).toString();
    const url = output.match(/(http:\/\/\S+\/hooks\/mackerel\/\S+)/)?.[1] ?? '';
    assert.ok(url.startsWith(intakeUrl), output);
    const fixture = JSON.parse(
      readFileSync(join(root, 'local', 'examples', 'demo-alert-critical.json'), 'utf8'),
    ) as object;
    const post = (orgName: string) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...fixture, orgName }),
      });
    assert.equal((await post('new-customer')).status, 204);
    assert.equal((await post('demo')).status, 403);
  });

  it('stops cleanly on SIGINT', async () => {
    stack.kill('SIGINT');
    const code = await Promise.race([
      exited,
      new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 15_000)),
    ]);
    assert.equal(code, 0, lines.slice(-10).join('\n'));
  });
});
