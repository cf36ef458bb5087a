import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { z } from 'zod';
import { ChatStandin } from '../../../../local/chat/chat-standin';
import { pagerdutyIncidentSchema } from '../../../../local/chat/pagerduty-incidents';
import { recordedChatMessageSchema } from '../../../../local/chat/recorded-chat-message';
import { SendgridStandin } from '../../../../local/sendgrid/sendgrid-standin';
import { createLogger } from '../../../../shared/kernel/log/logger';

const SLACK_SECRET = 'noc-slack-secret-9f8e7d';
const SLACK_PATH = `/slack/services/TLOCAL01/BLOCAL02/${SLACK_SECRET}`;
const TEAMS_SECRET = 'noc-teams-secret-6c5b4a';
const TEAMS_PATH = `/teams/workflows/${TEAMS_SECRET}`;
const PD_PATH = '/pagerduty/v2/enqueue';
const ROUTING_KEY = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';

const pdSuccessSchema = z.object({
  status: z.literal('success'),
  message: z.literal('Event processed'),
  dedup_key: z.string().min(1),
});
const pdInvalidSchema = z.object({
  status: z.literal('invalid event'),
  message: z.literal('Event object is invalid'),
  errors: z.array(z.string()).min(1),
});
const teamsErrorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

const teamsCard = (body: unknown[], actions: unknown[] = []) => ({
  type: 'message',
  attachments: [
    {
      contentType: 'application/vnd.microsoft.card.adaptive',
      contentUrl: null,
      content: {
        $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
        type: 'AdaptiveCard',
        version: '1.4',
        body,
        actions,
      },
    },
  ],
});

const trigger = (dedupKey: string | undefined, summary = 'CRITICAL web-1 CPU 98%') => ({
  routing_key: ROUTING_KEY,
  event_action: 'trigger',
  ...(dedupKey === undefined ? {} : { dedup_key: dedupKey }),
  payload: { summary, source: 'web-1', severity: 'critical', custom_details: { org: 'acme' } },
});

describe('chat stand-in (Slack webhooks, Teams Workflows, PagerDuty Events API v2)', () => {
  const logLines: string[] = [];
  const standin = new ChatStandin({ port: 0, logger: createLogger({}, (line) => logLines.push(line)) });

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${standin.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const text = async (path: string, body: unknown) => {
    const response = await post(path, body);
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      body: await response.text(),
    };
  };
  const viewer = async (query = '') => (await fetch(`${standin.baseUrl}/${query}`)).text();

  before(() => standin.start());
  after(() => standin.stop());
  beforeEach(() => {
    standin.clear();
    standin.clearFaults();
  });

  describe('Slack incoming webhook', () => {
    it('accepts text, blocks or attachments with 200 text/plain ok and records the request', async () => {
      for (const body of [
        { text: 'web-1 is down' },
        { blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*web-1* is down' } }] },
        { attachments: [{ color: 'danger', text: 'web-1 is down' }] },
      ]) {
        const answer = await text(SLACK_PATH, body);
        assert.deepEqual([answer.status, answer.body], [200, 'ok'], JSON.stringify(body));
        assert.match(answer.type ?? '', /^text\/plain/);
      }
      const [first, ...rest] = standin.messages('slack');
      assert.equal(rest.length, 2);
      assert.deepEqual(
        { ...first, receivedAt: undefined },
        {
          service: 'slack',
          path: SLACK_PATH,
          receivedAt: undefined,
          status: 200,
          injected: false,
          body: { text: 'web-1 is down' },
          answer: 'ok',
        },
      );
    });

    it('answers no_text, invalid_payload and invalid_blocks with 400 as Slack does', async () => {
      const section = (chars: number) => ({
        type: 'section',
        text: { type: 'mrkdwn', text: 'x'.repeat(chars) },
      });
      const divider = { type: 'divider' };
      const cases: Array<[unknown, string]> = [
        [{}, 'no_text'],
        [{ text: '' }, 'no_text'],
        [{ text: '  ', blocks: [] }, 'no_text'],
        ['{"text": "unterminated', 'invalid_payload'],
        ['[1,2]', 'invalid_payload'],
        [{ text: 42 }, 'invalid_payload'],
        [{ blocks: Array(51).fill(divider) }, 'invalid_blocks'],
        [{ text: 'fallback', attachments: [{ blocks: Array(51).fill(divider) }] }, 'invalid_blocks'],
        [{ blocks: [section(3001)] }, 'invalid_blocks'],
        [{ blocks: [{ type: 'no-such-block' }] }, 'invalid_blocks'],
        [{ blocks: [{ type: 'header', text: { type: 'mrkdwn', text: 'header' } }] }, 'invalid_blocks'],
      ];
      for (const [body, code] of cases) {
        const answer = await text(SLACK_PATH, body);
        assert.deepEqual([answer.status, answer.body], [400, code], JSON.stringify(body).slice(0, 80));
      }
      // The limits themselves are allowed, counted in characters (Japanese included).
      for (const body of [
        { blocks: Array(50).fill(divider) },
        { blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '障'.repeat(3000) } }] },
      ]) {
        assert.equal((await text(SLACK_PATH, body)).status, 200);
      }
      assert.deepEqual(
        standin.messages('slack').map((m) => m.status),
        [...cases.map(() => 400), 200, 200],
      );
    });

    it('answers 404 no_service for a path that is not a webhook', async () => {
      const answer = await text('/slack/services/TLOCAL', { text: 'x' });
      assert.deepEqual([answer.status, answer.body], [404, 'no_service']);
      assert.equal(standin.messages().length, 0);
    });
  });

  describe('Teams Workflows webhook', () => {
    it('accepts an Adaptive Card message with 202 and an empty body', async () => {
      const response = await post(TEAMS_PATH, teamsCard([{ type: 'TextBlock', text: 'web-1 is down' }]));
      assert.equal(response.status, 202);
      assert.equal(await response.text(), '');
      assert.equal(standin.messages('teams')[0]?.status, 202);
    });

    it('refuses malformed messages with 400 and a JSON error', async () => {
      const card = teamsCard([{ type: 'TextBlock', text: 'x' }]);
      const wrongContentType = {
        ...card,
        attachments: [{ ...card.attachments[0], contentType: 'application/vnd.microsoft.card.hero' }],
      };
      for (const body of [
        'not json',
        { text: 'plain text is what the old connectors took' },
        { ...card, type: 'event' },
        { ...card, attachments: [] },
        wrongContentType,
        { ...card, attachments: [{ ...card.attachments[0], content: { type: 'HeroCard' } }] },
      ]) {
        const response = await post(TEAMS_PATH, body);
        assert.equal(response.status, 400, JSON.stringify(body));
        teamsErrorSchema.parse(await response.json());
      }
    });

    it('answers a body over 28 KB with 413', async () => {
      const body = JSON.stringify(teamsCard([{ type: 'TextBlock', text: 'x'.repeat(28 * 1024) }]));
      const response = await post(TEAMS_PATH, body);
      assert.equal(response.status, 413);
      teamsErrorSchema.parse(await response.json());
      assert.deepEqual(
        standin.messages('teams').map((m) => [m.status, m.body]),
        [[413, null]],
      );
    });
  });

  describe('PagerDuty Events API v2', () => {
    it('accepts a trigger with 202 and its dedup key, and makes one up when it has none', async () => {
      const given = await post(PD_PATH, trigger('acme/web-1/cpu'));
      assert.equal(given.status, 202);
      assert.equal(pdSuccessSchema.parse(await given.json()).dedup_key, 'acme/web-1/cpu');

      const made = await post(PD_PATH, trigger(undefined));
      assert.equal(made.status, 202);
      const { dedup_key } = pdSuccessSchema.parse(await made.json());
      assert.match(dedup_key, /^[0-9a-f]{32}$/);
      assert.deepEqual(
        standin.incidents().map((i) => i.dedupKey),
        ['acme/web-1/cpu', dedup_key],
      );
    });

    it('refuses invalid events with 400 and PagerDuty errors', async () => {
      const cases: Array<[unknown, RegExp]> = [
        [{ ...trigger('k'), routing_key: 'short' }, /Length of 'routing_key' is incorrect/],
        [{ ...trigger('k'), routing_key: undefined }, /'routing_key' is missing or blank/],
        [{ ...trigger('k'), event_action: 'page' }, /'event_action' is invalid/],
        [{ routing_key: ROUTING_KEY, event_action: 'resolve' }, /'dedup_key' is missing or blank/],
        [{ ...trigger('x'.repeat(256)) }, /'dedup_key' is too long/],
        [{ routing_key: ROUTING_KEY, event_action: 'trigger' }, /'payload' is missing or blank/],
        [
          { ...trigger('k'), payload: { source: 'web-1', severity: 'critical' } },
          /'payload.summary' is missing or blank/,
        ],
        [{ ...trigger('k', 's'.repeat(1025)) }, /'payload.summary' is too long/],
        [
          { ...trigger('k'), payload: { summary: 's', severity: 'critical' } },
          /'payload.source' is missing or blank/,
        ],
        [
          { ...trigger('k'), payload: { summary: 's', source: 'web-1', severity: 'fatal' } },
          /'payload.severity' is invalid/,
        ],
        ['{"routing_key":', /not valid JSON/],
      ];
      for (const [body, error] of cases) {
        const response = await post(PD_PATH, body);
        assert.equal(response.status, 400, JSON.stringify(body).slice(0, 80));
        const answer = pdInvalidSchema.parse(await response.json());
        assert.ok(
          answer.errors.some((e) => error.test(e)),
          `${JSON.stringify(answer.errors)} has no ${error}`,
        );
      }
      assert.deepEqual(standin.incidents(), []);
    });

    it('answers a body over 512 KB with 413', async () => {
      const response = await post(PD_PATH, {
        ...trigger('big'),
        payload: { ...trigger('big').payload, custom_details: { blob: 'x'.repeat(512 * 1024) } },
      });
      assert.equal(response.status, 413);
      assert.deepEqual(standin.incidents(), []);
    });

    it('keeps incidents by routing key and dedup key: triggers fold, resolve closes, a new trigger reopens', async () => {
      for (const body of [trigger('acme/db-1/disk'), trigger('acme/db-1/disk'), trigger('acme/web-1/cpu')]) {
        assert.equal((await post(PD_PATH, body)).status, 202);
      }
      const resolve = { routing_key: ROUTING_KEY, event_action: 'resolve', dedup_key: 'acme/db-1/disk' };
      const resolved = await post(PD_PATH, resolve);
      assert.equal(resolved.status, 202);
      assert.equal(pdSuccessSchema.parse(await resolved.json()).dedup_key, 'acme/db-1/disk');
      // Nothing open under that key any more: accepted and ignored, as PagerDuty does.
      assert.equal((await post(PD_PATH, resolve)).status, 202);

      const incidents = z
        .array(pagerdutyIncidentSchema)
        .parse(await (await fetch(`${standin.baseUrl}/api/incidents`)).json());
      assert.deepEqual(
        incidents.map((i) => [i.dedupKey, i.status, i.triggerCount, i.routingKey]),
        [
          ['acme/db-1/disk', 'resolved', 2, ROUTING_KEY],
          ['acme/web-1/cpu', 'triggered', 1, ROUTING_KEY],
        ],
      );
      assert.ok(incidents[0]?.resolvedAt);

      await post(PD_PATH, { ...resolve, event_action: 'acknowledge', dedup_key: 'acme/web-1/cpu' });
      await post(PD_PATH, trigger('acme/db-1/disk'));
      assert.deepEqual(
        standin.incidents().map((i) => [i.dedupKey, i.status, i.triggerCount]),
        [
          ['acme/db-1/disk', 'resolved', 2],
          ['acme/web-1/cpu', 'acknowledged', 1],
          ['acme/db-1/disk', 'triggered', 1],
        ],
      );
    });
  });

  describe('faults', () => {
    it('answers three 429s with Retry-After, then accepts: four attempts recorded, one accepted', async () => {
      const armed = await post('/api/faults', {
        service: 'slack',
        status: 429,
        count: 3,
        retryAfterSeconds: 2,
      });
      assert.equal(armed.status, 200);
      // Another service's requests do not use them up.
      assert.equal((await post(PD_PATH, trigger('other'))).status, 202);

      const answers = [];
      for (let attempt = 0; attempt < 4; attempt++) {
        const response = await post(SLACK_PATH, { text: 'web-1 is down' });
        answers.push([response.status, response.headers.get('retry-after'), await response.text()]);
      }
      assert.deepEqual(answers, [
        [429, '2', 'rate_limited'],
        [429, '2', 'rate_limited'],
        [429, '2', 'rate_limited'],
        [200, null, 'ok'],
      ]);
      const attempts = standin.messages('slack');
      assert.deepEqual(
        attempts.map((m) => [m.status, m.injected]),
        [
          [429, true],
          [429, true],
          [429, true],
          [200, false],
        ],
      );
      assert.ok(attempts.every((m) => JSON.stringify(m.body) === '{"text":"web-1 is down"}'));
      assert.equal(attempts.filter((m) => m.status === 200).length, 1);
    });

    it('arms faults from the class too, in each service shape, with Retry-After on every 429', async () => {
      standin.failNext('teams', 503, 1, 30);
      standin.failNext('pagerduty', 429, 1);
      standin.failNext('pagerduty', 500, 1);

      const teams = await post(TEAMS_PATH, teamsCard([]));
      assert.equal(teams.status, 503);
      assert.equal(teams.headers.get('retry-after'), '30');
      teamsErrorSchema.parse(await teams.json());

      const throttled = await post(PD_PATH, trigger('k'));
      assert.equal(throttled.status, 429);
      assert.equal(throttled.headers.get('retry-after'), '1');
      assert.equal(z.object({ status: z.string() }).parse(await throttled.json()).status, 'throttle event');
      const failed = await post(PD_PATH, trigger('k'));
      assert.equal(failed.status, 500);
      assert.equal(failed.headers.get('retry-after'), null);
      assert.equal((await post(PD_PATH, trigger('k'))).status, 202);
      // Faulted events do not reach the incident table.
      assert.deepEqual(
        standin.incidents().map((i) => i.triggerCount),
        [1],
      );
    });

    it('rejects bad fault requests with 400 and lists and drops pending faults', async () => {
      for (const body of [
        { service: 'slack', status: 404, count: 1 },
        { service: 'discord', status: 429, count: 1 },
        { service: 'slack', status: 429, count: 0 },
        'not json',
      ]) {
        const response = await post('/api/faults', body);
        assert.equal(response.status, 400, JSON.stringify(body));
        z.object({ error: z.string() }).parse(await response.json());
      }
      assert.throws(() => standin.failNext('slack', 418 as 400, 1));

      await post('/api/faults', { service: 'teams', status: 502, count: 2 });
      const pending = await (await fetch(`${standin.baseUrl}/api/faults`)).json();
      assert.deepEqual(pending, { pending: { slack: 0, teams: 2, pagerduty: 0 } });
      assert.equal((await fetch(`${standin.baseUrl}/api/faults`, { method: 'DELETE' })).status, 204);
      assert.equal((await post(TEAMS_PATH, teamsCard([]))).status, 202);
    });
  });

  describe('recorded requests API', () => {
    it('lists requests oldest first, by service when asked, and clears them and the incidents', async () => {
      await post(SLACK_PATH, { text: 'first' });
      await post(PD_PATH, trigger('k'));
      await post(TEAMS_PATH, teamsCard([]));
      await post(SLACK_PATH, { text: 'second' });

      const all = z
        .array(recordedChatMessageSchema)
        .parse(await (await fetch(`${standin.baseUrl}/api/messages`)).json());
      assert.deepEqual(
        all.map((m) => m.service),
        ['slack', 'pagerduty', 'teams', 'slack'],
      );
      const slack = z
        .array(recordedChatMessageSchema)
        .parse(await (await fetch(`${standin.baseUrl}/api/messages?service=slack`)).json());
      assert.deepEqual(
        slack.map((m) => m.body),
        [{ text: 'first' }, { text: 'second' }],
      );
      assert.equal((await fetch(`${standin.baseUrl}/api/messages?service=irc`)).status, 400);

      assert.equal((await fetch(`${standin.baseUrl}/api/messages`, { method: 'DELETE' })).status, 204);
      assert.deepEqual(standin.messages(), []);
      assert.deepEqual(standin.incidents(), []);
      assert.deepEqual(await (await fetch(`${standin.baseUrl}/api/messages`)).json(), []);
    });
  });

  describe('viewer', () => {
    it('never shows or logs webhook secrets or routing keys, and masks them', async () => {
      logLines.length = 0;
      standin.failNext('pagerduty', 429, 1);
      await post(SLACK_PATH, { text: 'web-1 is down' });
      await post(SLACK_PATH, {});
      await post(TEAMS_PATH, teamsCard([{ type: 'TextBlock', text: 'web-1 is down' }]));
      await post(PD_PATH, trigger('acme/web-1/cpu'));
      await post(PD_PATH, trigger('acme/web-1/cpu'));
      await post(PD_PATH, { ...trigger('bad'), payload: {} });
      // A mistyped webhook URL carries its secret too.
      await post(`/services/TLOCAL01/BLOCAL02/${SLACK_SECRET}`, { text: 'x' });

      const page = await viewer();
      for (const secret of [SLACK_SECRET, TEAMS_SECRET, ROUTING_KEY]) {
        assert.ok(!page.includes(secret), `the viewer shows ${secret}`);
        assert.ok(!logLines.join('\n').includes(secret), `the logs show ${secret}`);
      }
      assert.ok(page.includes('/slack/services/T…/B…/••••'));
      assert.ok(page.includes('/teams/workflows/••••'));
      assert.ok(page.includes(`••••${ROUTING_KEY.slice(-4)}`));
      assert.ok(logLines.length >= 6);
      const logged = logLines.map((line) =>
        z.looseObject({ service: z.string().optional() }).parse(JSON.parse(line)),
      );
      assert.ok(logged.some((line) => line.service === 'pagerduty'));
    });

    it('renders a Slack message as Slack would, with hostile text escaped', async () => {
      const hostile = '<script>alert(1)</script> & "quoted" \'single\'';
      await post(SLACK_PATH, {
        text: hostile,
        blocks: [
          { type: 'header', text: { type: 'plain_text', text: `🚨 ${hostile}` } },
          {
            type: 'section',
            text: {
              type: 'mrkdwn',
              text: `*CRITICAL* web-1 の CPU 使用率 98% <https://mackerel.io/x|アラートを開く>\n${hostile}`,
            },
            fields: [{ type: 'mrkdwn', text: '*ホスト*\nweb-1' }],
          },
          {
            type: 'actions',
            elements: [
              { type: 'button', text: { type: 'plain_text', text: 'Open' }, url: 'javascript:alert(1)' },
              {
                type: 'button',
                text: { type: 'plain_text', text: 'Mackerel' },
                url: 'https://mackerel.io/',
                style: 'primary',
              },
            ],
          },
        ],
        attachments: [
          { color: 'red;background:url(https://evil.example/)', text: `<img src=x onerror=alert(1)>` },
        ],
      });
      const page = await viewer();
      assert.ok(!page.includes('<script>'));
      assert.ok(!page.includes('<img'));
      // Both stay as text (in the request body shown), never as a link or in a style.
      assert.ok(!page.includes('href="javascript:'));
      assert.ok(page.includes('<span class="btn">Open</span>'));
      assert.ok(!/style="[^"]*evil/.test(page));
      assert.ok(
        page.includes('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot; &#39;single&#39;'),
      );
      assert.ok(page.includes('<b>CRITICAL</b> web-1 の CPU 使用率 98%'));
      assert.ok(page.includes('<a href="https://mackerel.io/x">アラートを開く</a>'));
      assert.ok(
        page.includes('<span class="btn primary"><a href="https://mackerel.io/">Mackerel</a></span>'),
      );
      assert.ok(page.includes('border-left-color:#dddddd'));
    });

    it('shows Teams cards and PagerDuty events, newest first, and filters by service', async () => {
      await post(
        TEAMS_PATH,
        teamsCard(
          [
            {
              type: 'TextBlock',
              text: '**障害** web-1',
              size: 'Large',
              weight: 'Bolder',
              color: 'Attention',
            },
            { type: 'FactSet', facts: [{ title: '組織', value: 'acme <b>' }] },
          ],
          [{ type: 'Action.OpenUrl', title: 'Mackerel で開く', url: 'https://mackerel.io/' }],
        ),
      );
      await post(PD_PATH, trigger('acme/web-1/cpu', 'web-1 CPU 98% <svg onload=alert(1)>'));
      const page = await viewer();
      assert.ok(page.includes('<div class="tb size-large color-attention bold"><b>障害</b> web-1</div>'));
      assert.ok(page.includes('<th>組織</th><td>acme &lt;b&gt;</td>'));
      assert.ok(page.includes('<a href="https://mackerel.io/">Mackerel で開く</a>'));
      assert.ok(page.includes('web-1 CPU 98% &lt;svg onload=alert(1)&gt;'));
      assert.ok(!page.includes('<svg'));
      assert.ok(page.indexOf('svc-pagerduty">PagerDuty') < page.indexOf('svc-teams">Teams'), 'newest first');

      const teamsOnly = await viewer('?service=teams');
      assert.ok(teamsOnly.includes('Mackerel で開く'));
      assert.ok(!teamsOnly.includes('svc-pagerduty">PagerDuty'));
    });

    it('serves the viewer as HTML that may load and run nothing', async () => {
      const response = await fetch(`${standin.baseUrl}/`);
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /^text\/html; charset=utf-8/);
      assert.match(response.headers.get('content-security-policy') ?? '', /default-src 'none'/);
      assert.ok((await response.text()).includes('Nothing received yet.'));
    });
  });
});

describe('mail viewer beside the chat viewer', () => {
  it('links and frames the chat viewer when given its URL, and allows only that frame', async () => {
    const chatViewerUrl = 'http://127.0.0.1:8026/';
    const sendgrid = new SendgridStandin({ port: 0, logger: createLogger({}, () => {}), chatViewerUrl });
    const plain = new SendgridStandin({ port: 0, logger: createLogger({}, () => {}) });
    await sendgrid.start();
    await plain.start();
    try {
      const response = await fetch(`${sendgrid.baseUrl}/`);
      const page = await response.text();
      assert.ok(
        page.includes(`<a href="${chatViewerUrl}" target="_blank" rel="noopener">Chat &amp; paging</a>`),
      );
      assert.ok(page.includes(`<iframe class="chat" src="${chatViewerUrl}"`));
      assert.match(
        response.headers.get('content-security-policy') ?? '',
        /; frame-src http:\/\/127\.0\.0\.1:8026$/,
      );

      const without = await fetch(`${plain.baseUrl}/`);
      assert.ok(!(await without.text()).includes('Chat &amp; paging'));
      assert.doesNotMatch(without.headers.get('content-security-policy') ?? '', /frame-src/);
    } finally {
      await sendgrid.stop();
      await plain.stop();
    }
  });
});
