import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { FREE_STACK_PORTS } from '../support/free-stack-ports';

const root = join(__dirname, '..', '..');

/** The pid of a direct child of `parent` whose command line holds `marker` (read from /proc, Linux). */
function childPidOf(parent: number, marker: string): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      if (Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]) !== parent) continue;
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').includes(marker)) return Number(entry);
    } catch {
      // The process ended while we looked.
    }
  }
  return undefined;
}

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
        ...FREE_STACK_PORTS,
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

  it('every fixture mails exactly the recipients the demo routing names; reordered and silenced mail nobody', async () => {
    const base = (await waitForLine(/mail viewer\s+http/)).match(/(http:\/\/[\d.:]+)\//)?.[1] ?? '';
    const url = (await waitForLine(/demo webhook\s+http/)).trim().split(/\s+/).pop() ?? '';
    const firestoreHost = (await waitForLine(/FIRESTORE_EMULATOR_HOST=/)).split('=').pop() ?? '';
    // Demo routing (local/seed-demo.ts): shop criticals -> shop-team (continue); anything no org route
    // took -> oncall (default route); every critical -> noc (MSP route). Closed on first sight: nobody.
    const expected: Record<string, string[]> = {
      'alert-anomaly.json': ['oncall@demo.example'],
      'alert-check.json': ['oncall@demo.example'],
      'alert-connectivity.json': ['noc@msp.example', 'shop-team@demo.example'],
      'alert-expression-manual-close.json': [],
      'alert-external-no-service.json': ['noc@msp.example', 'oncall@demo.example'],
      'alert-external-with-service.json': ['noc@msp.example', 'shop-team@demo.example'],
      'alert-host-critical.json': ['noc@msp.example', 'shop-team@demo.example'],
      'alert-host-ok.json': [],
      'alert-query.json': ['noc@msp.example', 'oncall@demo.example'],
      'alert-service.json': ['noc@msp.example', 'shop-team@demo.example'],
      'alertGroup-open.json': ['noc@msp.example', 'oncall@demo.example'],
      'hostRegister.json': [],
      'hostRetire.json': [],
      'hostStatus.json': [],
      'monitorUpdate.json': [],
      'sample.json': [],
    };
    const fixtures = join(root, 'test', 'fixtures', 'mackerel');
    /** The fixture as the demo org's, about an alert (or group) of its own id, so its mails can be told apart. */
    const bodyOf = (file: string, id: string, patch: Record<string, unknown> = {}) => {
      const text = readFileSync(join(fixtures, file), 'utf8');
      const body = JSON.parse(text) as Record<string, Record<string, unknown> | string | undefined>;
      for (const key of ['alert', 'alertGroup'] as const) {
        const subject = body[key];
        if (typeof subject === 'object' && subject !== null) {
          const old = String(subject.id);
          body[key] = { ...subject, id, url: String(subject.url).replace(old, id), ...patch };
        }
      }
      return JSON.stringify({ ...body, ...(file === 'sample.json' ? {} : { orgName: 'demo' }) });
    };
    const post = (body: string) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    type Mail = { to: string[]; text?: string };
    const mailsAbout = async (id: string): Promise<Mail[]> =>
      ((await (await fetch(`${base}/api/messages`)).json()) as Mail[]).filter((m) => m.text?.includes(id));

    const ids = Object.keys(expected).map((file, i) => [file, `FxE2e${String(i).padStart(4, '0')}`] as const);
    for (const [file, id] of ids) assert.equal((await post(bodyOf(file, id))).status, 204, file);

    // Reordered: the OK (later) arrives before the CRITICAL (earlier) -> nobody is mailed a stale critical.
    const okFirst = bodyOf('alert-host-ok.json', 'FxE2eReorder');
    const staleCritical = bodyOf('alert-host-critical.json', 'FxE2eReorder');
    assert.equal((await post(okFirst)).status, 204);
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal((await post(staleCritical)).status, 204);

    // Silenced: a silence on the shop service of the demo org, then a shop critical.
    const { Firestore } = await import('@google-cloud/firestore');
    const { firestoreRoutingConfig } = await import(
      '../../shared/alerting/adapters/firestore-routing-config'
    );
    process.env.FIRESTORE_EMULATOR_HOST = firestoreHost;
    const db = new Firestore({ projectId: 'demo-local' });
    await firestoreRoutingConfig(db).putSilence({
      id: 'e2e-shop-maintenance',
      org: 'demo',
      matchers: { services: ['shop'] },
      startsAt: new Date(Date.now() - 60_000).toISOString(),
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      createdBy: 'e2e@msp.example',
      comment: 'planned work',
    });
    await db.terminate();
    assert.equal((await post(bodyOf('alert-host-critical.json', 'FxE2eSilenced'))).status, 204);

    const deadline = Date.now() + 20_000;
    const want = ids.filter(([file]) => (expected[file] ?? []).length > 0);
    for (;;) {
      const got = await Promise.all(want.map(async ([, id]) => (await mailsAbout(id)).length));
      if (got.every((n, i) => n >= (expected[want[i]?.[0] ?? '']?.length ?? 0)) || Date.now() > deadline)
        break;
      await new Promise((r) => setTimeout(r, 200));
    }
    await new Promise((r) => setTimeout(r, 1500)); // a duplicate, if any, would arrive by now
    for (const [file, id] of ids) {
      const recipients = (await mailsAbout(id)).flatMap((m) => m.to).sort();
      assert.deepEqual(recipients, expected[file], file);
    }
    assert.deepEqual(await mailsAbout('FxE2eReorder'), [], 'no stale critical after its OK');
    assert.deepEqual(await mailsAbout('FxE2eSilenced'), [], 'silenced');
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

  it('restarts a function process killed with SIGKILL, says so, and mails through it again', async () => {
    const mailerPid = childPidOf(stack.pid ?? -1, '--target=mailer');
    assert.ok(mailerPid, 'the mailer is a child process of the stack');
    process.kill(mailerPid, 'SIGKILL');
    const died = await waitForLine(new RegExp(`"function process died, restarting it".*"pid":${mailerPid}`));
    assert.match(died, /"severity":"ERROR"/);
    assert.match(died, /"function":"mailer"/);
    await waitForLine(/"function process restarted".*"function":"mailer"/, 30_000);
    assert.notEqual(childPidOf(stack.pid ?? -1, '--target=mailer'), mailerPid);

    const base = (await waitForLine(/mail viewer\s+http/)).match(/(http:\/\/[\d.:]+)\//)?.[1] ?? '';
    const url = (await waitForLine(/demo webhook\s+http/)).trim().split(/\s+/).pop() ?? '';
    const body = JSON.parse(
      readFileSync(join(root, 'local', 'examples', 'demo-alert-critical.json'), 'utf8'),
    ) as {
      message: string;
      alert: Record<string, unknown>;
      host: Record<string, unknown>;
    };
    // A host of its own, in no service: other tests put web01 in maintenance and silenced shop.
    const marked = {
      ...body,
      message: 'after restart (e2e-restart)',
      alert: { ...body.alert, id: 'E2eRestart01' },
      host: { ...body.host, id: 'E2eRestartHost', name: 'batch09', roles: [] },
    };
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(marked),
    });
    assert.equal(res.status, 204);
    const deadline = Date.now() + 30_000;
    let subjects: string[] = [];
    while (Date.now() < deadline) {
      const mails = (await (await fetch(`${base}/api/messages`)).json()) as Array<{ subject: string }>;
      subjects = mails.map((m) => m.subject).filter((s) => s.includes('(e2e-restart)'));
      if (subjects.length >= 2) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.equal(subjects.length, 2, lines.filter((l) => l.includes('E2eRestart')).join('\n'));
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
