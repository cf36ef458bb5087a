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
        MSP_LOCAL_MACKEREL_PORT: '0',
        MSP_LOCAL_SECRETS_PORT: '0',
        MSP_LOCAL_CDN_PORT: '0',
        MSP_LOCAL_FUNCTIONS_BASE_PORT: '0',
        // One mail per alert, whatever the other tests posted: storm control is storm-flow.test.ts's.
        ROUTER_GROUPING: 'false',
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

  it('mails the routed recipients once, and a recovery to the same people (intake -> router -> mailer -> SendGrid)', async () => {
    const base = (await waitForLine(/mail viewer\s+http/)).match(/(http:\/\/[\d.:]+)\//)?.[1] ?? '';
    const url = (await waitForLine(/demo webhook\s+http/)).trim().split(/\s+/).pop() ?? '';
    // An alert of its own (id and message), so mails from other tests cannot be mistaken for its mails.
    const variant = (file: string, message: string) => {
      const body = JSON.parse(readFileSync(join(root, 'local', 'examples', file), 'utf8')) as {
        message: string;
        alert: Record<string, unknown>;
      };
      return JSON.stringify({ ...body, message, alert: { ...body.alert, id: 'E2eAlrt0001' } });
    };
    const critical = variant('demo-alert-critical.json', 'CPU % 99.9 > 90 (e2e)');
    const recovered = variant('demo-alert-ok.json', 'CPU % 10.0 (e2e)');
    const post = (body: string) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    type Mail = { subject: string; to: string[] };
    const mine = async (): Promise<Mail[]> =>
      ((await (await fetch(`${base}/api/messages`)).json()) as Mail[]).filter((m) =>
        m.subject.includes('(e2e)'),
      );
    const waitForMine = async (count: number): Promise<Mail[]> => {
      const deadline = Date.now() + 20_000;
      while ((await mine()).length < count && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      // Linger so that a duplicate, if any, would arrive before we count.
      await new Promise((r) => setTimeout(r, 1000));
      return mine();
    };
    const recipients = (list: Mail[]) => list.flatMap((m) => m.to).sort();

    assert.equal((await post(critical)).status, 204);
    assert.equal((await post(critical)).status, 204, 'Mackerel posting the same alert twice');
    const first = await waitForMine(2);
    assert.deepEqual(recipients(first), ['noc@msp.example', 'shop-team@demo.example']);
    assert.ok(
      first.every((m) => m.subject === '[CRITICAL] demo / web01: CPU % 99.9 > 90 (e2e)'),
      JSON.stringify(first),
    );

    assert.equal((await post(recovered)).status, 204);
    const all = await waitForMine(4);
    assert.equal(all.length, 4, JSON.stringify(all.map((m) => m.subject)));
    assert.deepEqual(recipients(all.filter((m) => m.subject.startsWith('[OK]'))), [
      'noc@msp.example',
      'shop-team@demo.example',
    ]);
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
