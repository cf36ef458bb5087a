import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PubSub } from '@google-cloud/pubsub';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { createLocalIapSigner } from '../../local/iap/local-iap-signer';
import { type LocalStack, startLocalStack } from '../../local/local-stack';
import { type StackConfig, stackConfigSchema } from '../../local/stack-config';
import { createLogger } from '../../shared/kernel/log/logger';
import { TOPICS } from '../../shared/kernel/topology';
import { FREE_STACK_PORTS } from '../support/free-stack-ports';

const root = join(__dirname, '..', '..');
const shots = join(root, 'test-results', 'console');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OPERATOR = 'operator@msp.example';
const VIEWER = 'viewer@msp.example';

/**
 * The console in a real browser (Debian's chromium through playwright-core) against the whole local
 * stack: real Firestore data, the local IAP signing every request, the functions under the framework.
 */
describe('console in a browser (local stack)', () => {
  let stack: LocalStack;
  let browser: Browser;
  let operator: BrowserContext;
  let config: StackConfig;
  const log: string[] = [];

  const example = JSON.parse(
    readFileSync(join(root, 'local', 'examples', 'demo-alert-critical.json'), 'utf8'),
  ) as {
    host: Record<string, unknown>;
    alert: Record<string, unknown>;
  };
  const webhook = (id: string, hostName: string, message: string, extra: Record<string, unknown> = {}) =>
    fetch(stack.demoWebhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        ...example,
        message,
        host: { ...example.host, id: `H${id}`, name: hostName },
        alert: { ...example.alert, id, openedAt: Math.floor(Date.now() / 1000), ...extra },
      }),
    });
  type Mail = { subject: string; to: string[] };
  const mails = async (): Promise<Mail[]> =>
    (await (await fetch(`${stack.sendgridUrl}/api/messages`)).json()) as Mail[];
  const until = async (what: string, check: () => Promise<boolean>, timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`timed out waiting for ${what}`);
  };
  /** The console function itself, past the local IAP, with whatever assertion a test brings. */
  const direct = (path: string, init: RequestInit = {}) =>
    fetch(`${stack.functions.get('console')}${path}`, init);
  const signedHeaders = async (email = OPERATOR) => ({
    'x-goog-iap-jwt-assertion': await stack.iapSigner.sign(email),
  });
  const html = async (path: string) => (await direct(path, { headers: await signedHeaders() })).text();
  const open = async (context: BrowserContext, path: string, shot?: string): Promise<Page> => {
    const page = await context.newPage();
    const response = await page.goto(`${stack.consoleUrl}${path}`);
    assert.equal(response?.status(), 200, `${path} answered ${response?.status()}`);
    if (shot) await page.screenshot({ path: join(shots, `${shot}.png`), fullPage: true });
    return page;
  };

  before(async () => {
    mkdirSync(shots, { recursive: true });
    // One mail per alert: storm control (tested elsewhere) would fold the silence test's control alert.
    process.env.ROUTER_GROUPING = 'false';
    process.env.METADATA_SERVER_DETECTION = 'none';
    config = stackConfigSchema.parse(FREE_STACK_PORTS);
    stack = await startLocalStack({
      config,
      demoActivity: true,
      logger: createLogger({}, (line) => log.push(line)),
      onFunctionLine: (name, line) => log.push(`[${name}] ${line}`),
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    operator = await browser.newContext({ viewport: { width: 1300, height: 900 } });
    // The demo activity: its alerts routed, an audit round and a CDN poll done.
    await until('demo alerts', async () => (await html('/now')).includes('Disk %'));
    await until('audit round', async () => (await html('/audit')).includes('data-org="acme"'));
    await until('CDN history', async () => /\d{4}-\d{2}: [\d.]+ TB/.test(await html('/cdn')));
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('shows every page with the demo data, and screenshots each', async () => {
    const now = await open(operator, '/now', 'now');
    assert.match(
      (await now.getByTestId('identity').textContent()) ?? '',
      /operator@msp\.example \(operator\)/,
    );
    assert.ok(await now.locator('tr[data-alert="4AlrtDemo001"] .sev-critical').count());
    assert.ok(await now.locator('tr[data-alert="4AlrtDemo002"] .sev-warning').count());
    assert.equal(await now.locator('#now-alerts[hx-trigger^="every"]').count(), 1, 'auto-refresh is wired');
    const alerts = await open(operator, '/alerts', 'alerts');
    assert.ok(await alerts.locator('tr[data-alert="4AlrtDemo001"]').count());
    await alerts.locator('tr[data-alert="4AlrtDemo001"] a').first().click();
    await alerts.waitForURL(/\/alerts\/demo\/alert\/4AlrtDemo001$/);
    await alerts.screenshot({ path: join(shots, 'alert-history.png'), fullPage: true });
    const delivered = alerts.locator('[data-testid="events"] li[data-state="SENT"]');
    await until('a SENT delivery in the history', async () => {
      await alerts.reload();
      return (await delivered.count()) > 0;
    });
    assert.match((await alerts.getByTestId('events').textContent()) ?? '', /SENT to noc@msp\.example/);
    // The NOC route also pages and posts to Slack: each target's record is listed.
    await until('the Slack and PagerDuty deliveries in the history', async () => {
      await alerts.reload();
      const text = (await alerts.getByTestId('events').textContent()) ?? '';
      return (
        /SENT via slack:slack-noc-webhook/.test(text) && /SENT via pagerduty:pagerduty-oncall-key/.test(text)
      );
    });
    const hosts = await open(operator, '/hosts?q=web', 'hosts');
    assert.ok(await hosts.locator('tr[data-host="3xHostA1b2C"]').count(), 'web01 found across orgs');
    const audit = await open(operator, '/audit', 'audit');
    assert.ok(
      await audit
        .locator('[data-testid="findings"] tr[data-org="acme"][data-kind="webhook-channel"]')
        .count(),
    );
    // npm start pushes the example templates, then mutes acme's CPU monitor by hand: the audit sees it.
    const drift = audit.locator('[data-testid="findings"] tr[data-org="acme"][data-kind="monitor-drift"]');
    assert.match((await drift.textContent()) ?? '', /monitor "CPU usage" muted \(isMute\)/);
    const orgs = await open(operator, '/orgs', 'orgs');
    const demoRow = (await orgs.locator('tr[data-org="demo"]').textContent()) ?? '';
    assert.match(demoRow, /1 active, newest issued 0 day\(s\) ago/);
    assert.doesNotMatch(await orgs.content(), /demo-local-token/, 'never a token');
    const org = await open(operator, '/orgs/demo', 'org-demo');
    assert.ok(await org.locator('[data-testid="org-routes"] tr[data-route="shop-critical"]').count());
    await open(operator, '/silences', 'silences');
  });

  it('draws the charts as SVG with the expected series', async () => {
    const hosts = await open(operator, '/hosts/demo', 'hosts-demo');
    const hostChart = hosts.locator('[data-testid="host-chart"] svg');
    assert.equal(await hostChart.count(), 1);
    const hostText = (await hostChart.textContent()) ?? '';
    assert.match(hostText, /billable \(peak\)/);
    assert.ok((await hosts.locator('[data-testid="host-chart"] svg path').count()) > 5, 'lines drawn');
    const cdn = await open(operator, '/cdn', 'cdn');
    const cdnText = (await cdn.locator('[data-testid="cdn-chart"] svg').textContent()) ?? '';
    for (const series of ['month to date', 'P50 projection', 'P50-P90 band', 'commit 50 TB']) {
      assert.ok(cdnText.includes(series), `CDN chart has ${series}`);
    }
    assert.match((await cdn.getByTestId('overage').textContent()) ?? '', /P50 ￥[\d,]+/);
  });

  it('filters by URL, and names a bad parameter in a 400 page; an unknown org is a 404', async () => {
    const page = await operator.newPage();
    await page.goto(`${stack.consoleUrl}/now?severity=warning`);
    assert.equal(await page.locator('tr[data-alert="4AlrtDemo001"]').count(), 0);
    assert.equal(await page.locator('tr[data-alert="4AlrtDemo002"]').count(), 1);
    await page.goto(`${stack.consoleUrl}/alerts`);
    await page.fill('#f-host', 'db0');
    await page.click('form.filters button');
    await page.waitForURL(/host=db0/);
    assert.equal(await page.locator('tr[data-alert="4AlrtDemo002"]').count(), 1);
    assert.equal(await page.locator('tr[data-alert="4AlrtDemo001"]').count(), 0);
    for (const [path, status, named] of [
      ['/alerts?sevrity=critical', 400, 'parameter "sevrity": unknown'],
      ['/alerts?from=yesterday', 400, 'parameter "from"'],
      ['/hosts?status=asleep', 400, 'parameter "status"'],
      ['/now?org=no-such-org', 404, 'no org no-such-org'],
      ['/orgs/no-such-org', 404, 'no org no-such-org'],
    ] as const) {
      const response = await page.goto(`${stack.consoleUrl}${path}`);
      assert.equal(response?.status(), status, path);
      assert.ok(((await page.getByTestId('problems').textContent()) ?? '').includes(named), path);
    }
  });

  it('a silence created in the browser mutes the next matching webhook (no mail); a control alert is mailed', async () => {
    const page = await open(operator, '/silences');
    await page.selectOption('#s-org', 'demo');
    await page.fill('#s-host', 'silenced-*');
    await page.fill('#s-ends', '+1h');
    await page.fill('#s-comment', 'browser test maintenance');
    await Promise.all([page.waitForNavigation(), page.click('[data-testid="silence-form"] button')]);
    assert.match(page.url(), /created=console-/, (await page.textContent('main')) ?? '');
    const row = page.locator('tr[data-status="active"]', { hasText: 'silenced-*' });
    assert.equal(await row.count(), 1);
    assert.match((await row.textContent()) ?? '', /operator@msp\.example/, 'created by the signed-in person');
    assert.equal((await webhook('BrwSil0001', 'silenced-01', 'load 99 (browser-silenced)')).status, 204);
    assert.equal((await webhook('BrwCtl0001', 'control-01', 'load 99 (browser-control)')).status, 204);
    await until('the control mail', async () =>
      (await mails()).some((m) => m.subject.includes('browser-control')),
    );
    await until('the silenced alert recorded', async () =>
      (await html('/alerts/demo/alert/BrwSil0001')).includes('silenced until'),
    );
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal((await mails()).filter((m) => m.subject.includes('browser-silenced')).length, 0);
    assert.ok(
      log.some((l) => l.includes('console silence created') && l.includes(OPERATOR)),
      'logged with who',
    );
  });

  it('refuses requests without identity, with a forged or expired assertion, or for another audience', async () => {
    assert.equal((await direct('/now')).status, 401);
    const forger = await createLocalIapSigner(stack.iapAudience);
    const forged = await direct('/now', {
      headers: { 'x-goog-iap-jwt-assertion': await forger.sign(OPERATOR) },
    });
    assert.equal(forged.status, 401);
    const hourAgo = new Date(Date.now() - 3_600_000);
    const expired = await stack.iapSigner.sign(OPERATOR, { now: hourAgo });
    assert.equal((await direct('/now', { headers: { 'x-goog-iap-jwt-assertion': expired } })).status, 401);
    const otherAudience = await stack.iapSigner.sign(OPERATOR, {
      audience: '/projects/1/global/backendServices/2',
    });
    assert.equal(
      (await direct('/now', { headers: { 'x-goog-iap-jwt-assertion': otherAudience } })).status,
      401,
    );
    const stranger = await direct('/now', { headers: await signedHeaders('stranger@example.com') });
    assert.equal(stranger.status, 403, 'a valid identity without a console role');
    assert.equal((await direct('/now', { headers: await signedHeaders() })).status, 200, 'the control');
    assert.ok(
      log.some((l) => l.includes('no valid IAP assertion') && l.includes('"reason":"unknown signing key"')),
    );
    assert.ok(!log.some((l) => l.includes(expired)), 'never an assertion in the logs');
  });

  it('a viewer sees silences but cannot create one, even with a valid session token', async () => {
    const viewer = await browser.newContext();
    const page = await viewer.newPage();
    await page.goto(`${stack.consoleUrl}/_local-iap/?email=${VIEWER}`);
    await page.goto(`${stack.consoleUrl}/silences`);
    assert.match((await page.getByTestId('identity').textContent()) ?? '', /viewer@msp\.example \(viewer\)/);
    assert.equal(await page.getByTestId('silence-form').count(), 0);
    await page.goto(`${stack.consoleUrl}/orgs/demo`);
    const token = await page.locator('input[name="csrf"]').first().inputValue();
    const status = await page.evaluate(async (csrf) => {
      const body = new URLSearchParams({
        csrf,
        org: 'demo',
        host: 'x-*',
        ends: '+1h',
        comment: 'viewer try',
      });
      return (await fetch('/silences', { method: 'POST', body })).status;
    }, token);
    assert.equal(status, 403);
    await viewer.close();
  });

  it('refuses a cross-site POST, and a POST without the session token', async () => {
    const page = await operator.newPage();
    // Another origin (the mail viewer; same-site, as sibling ports are, but not same-origin) submits a form to the console, as a hostile page would.
    await page.goto(stack.sendgridUrl);
    await page.evaluate((target) => {
      const form = document.createElement('form');
      form.method = 'post';
      form.action = `${target}/silences`;
      for (const [name, value] of Object.entries({
        org: 'demo',
        host: 'evil-*',
        ends: '+1h',
        comment: 'csrf',
      })) {
        const input = document.createElement('input');
        input.name = name;
        input.value = value;
        form.append(input);
      }
      document.body.append(form);
      form.submit();
    }, stack.consoleUrl);
    await page.waitForURL(`${stack.consoleUrl}/silences`);
    assert.match(
      (await page.getByTestId('problems').textContent()) ?? '',
      /refused: Sec-Fetch-Site is (cross|same)-site/,
    );
    const noToken = await direct('/silences', {
      method: 'POST',
      headers: { ...(await signedHeaders()), 'content-type': 'application/x-www-form-urlencoded' },
      body: 'org=demo&host=evil-*&ends=%2B1h&comment=no-token',
    });
    assert.equal(noToken.status, 403);
    assert.doesNotMatch(await html('/silences'), /evil-\*/, 'no silence was made');
  });

  it('renders hostile strings from Mackerel inert on every page that shows them', async () => {
    const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
    assert.equal(
      (await webhook('BrwXss0001', `web-${hostile}`, `msg ${hostile}`, { monitorName: `mon ${hostile}` }))
        .status,
      204,
    );
    await until('the hostile alert', async () => (await html('/alerts?monitor=mon')).includes('BrwXss0001'));
    for (const path of ['/now', '/alerts?monitor=mon', '/alerts/demo/alert/BrwXss0001']) {
      const page = await operator.newPage();
      page.on('dialog', () => assert.fail(`a dialog opened on ${path}`));
      await page.goto(`${stack.consoleUrl}${path}`);
      assert.equal(await page.evaluate(() => (window as { __pwned?: number }).__pwned), undefined, path);
      assert.equal(await page.locator('img[src="x"]').count(), 0, path);
      assert.ok(((await page.textContent('main')) ?? '').includes('<script>window.__pwned=2</script>'), path);
    }
  });

  it('renders a hostile host name and memo inert on the Hosts, Audit and Orgs pages', async () => {
    const hostile = '<img src=x onerror="window.__pwned=3"><script>window.__pwned=4</script>';
    const org = stack.mackerel.org('demo');
    const [template] = org.listHosts({ statuses: [], roles: [] });
    assert.ok(template, 'the demo org has hosts');
    // A host nobody expected (as a leaked key registers one), named and described by its registrar.
    org.putHost({
      ...template,
      id: '3xHostXss01',
      name: `xss-${hostile}`,
      displayName: hostile,
      memo: hostile,
    });
    const pubsub = new PubSub({
      projectId: config.MSP_LOCAL_PROJECT,
      apiEndpoint: stack.pubsubHost,
      emulatorMode: true,
    });
    try {
      await pubsub.topic(TOPICS.auditRequests).publishMessage({ json: { reason: 'schedule' } });
    } finally {
      await pubsub.close();
    }
    await until('the audit to see the hostile host', async () =>
      (await html('/audit')).includes('3xHostXss01'),
    );
    const shown = ['/audit', '/hosts?q=xss-*', '/hosts/demo'];
    for (const path of [...shown, '/orgs', '/orgs/demo']) {
      const page = await operator.newPage();
      page.on('dialog', () => assert.fail(`a dialog opened on ${path}`));
      await page.goto(`${stack.consoleUrl}${path}`);
      assert.equal(await page.evaluate(() => (window as { __pwned?: number }).__pwned), undefined, path);
      assert.equal(await page.locator('img[src="x"]').count(), 0, path);
      if (shown.includes(path)) {
        assert.ok(
          ((await page.textContent('main')) ?? '').includes('<script>window.__pwned=4</script>'),
          path,
        );
      }
    }
  });

  it('shows the probes of the first round: a host answering 503, a policy refusal, a retired host', async () => {
    const failures = '[data-testid="probe-failures"]';
    const metadata = `${failures} tr[data-org="demo"][data-probe="metadata-refused"][data-kind="policy"]`;
    // The stack publishes a round at start; its records may not be there yet.
    await until(
      'the first probe round',
      async () => (await html('/probes')).includes('data-probe="metadata-refused" data-host'),
      30_000,
    );
    const page = await open(operator, '/probes');
    page.on('dialog', () => assert.fail('a dialog opened on /probes'));
    assert.match((await page.locator(metadata).textContent()) ?? '', /cloud metadata server: never probed/);
    const retired = page.locator(
      '[data-testid="probe-problems"] tr[data-org="demo"][data-probe="batch-health"][data-host="3xHostM2n3O"]',
    );
    assert.match(
      (await retired.textContent()) ?? '',
      /host-missing.*3xHostM2n3O no longer exists in the org/,
    );
    assert.ok(await page.locator('[data-testid="probes"] tr[data-org="acme"][data-probe="portal"]').count());
    assert.match((await page.getByTestId('orgs-probed').textContent()) ?? '', /2 orgs probed/);
    assert.ok(await page.locator('header nav a.active[href="/probes"]').count(), 'in the navigation');
    const failing = page.locator(
      `${failures} tr[data-org="demo"][data-probe="batch-health"][data-host="3xHostG7h8I"][data-kind="status"]`,
    );
    assert.match((await failing.textContent()) ?? '', /ip-10-1-2-3\S*.*unexpected status 503/);
    // The hostile host an earlier test added is probed too (shop web): its name must stay text here.
    assert.equal(await page.evaluate(() => (window as { __pwned?: number }).__pwned), undefined);
    assert.equal(await page.locator('img[src="x"]').count(), 0);
    await page.screenshot({ path: join(shots, 'probes.png'), fullPage: true });
    await page.goto(`${stack.consoleUrl}/probes?org=acme`);
    assert.equal(await page.locator('[data-testid="probes"] tr[data-org="demo"]').count(), 0, 'filtered');
    assert.ok(await page.locator('[data-testid="probe-rounds"] tr[data-org="acme"]').count());
    assert.match((await page.getByTestId('probe-failures-empty').textContent()) ?? '', /No probe is failing/);
    const org = await open(operator, '/orgs/demo');
    assert.ok(await org.locator('a[href="/probes?org=demo"]').count(), 'the org page links its probes');
  });
});
