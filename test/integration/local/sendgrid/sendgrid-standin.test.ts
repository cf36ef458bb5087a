import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Client } from '@sendgrid/client';
import { MailService } from '@sendgrid/mail';
import { z } from 'zod';
import { recordedMailSchema } from '../../../../local/sendgrid/recorded-mail';
import { sendgridErrorBodySchema } from '../../../../local/sendgrid/sendgrid-error-body';
import { SendgridStandin } from '../../../../local/sendgrid/sendgrid-standin';
import { createLogger } from '../../../../shared/kernel/log/logger';

const silent = createLogger({}, () => {});

/**
 * The shape @sendgrid/client rejects with. Its typings call the body a string; it is the parsed JSON.
 * Headers are an AxiosHeaders instance, hence an object schema (a record wants a plain object).
 */
const responseErrorSchema = (code: number) =>
  z.object({
    code: z.literal(code),
    response: z.object({
      body: sendgridErrorBodySchema,
      headers: z.looseObject({
        'x-ratelimit-remaining': z.string().optional(),
        'x-ratelimit-reset': z.string().optional(),
      }),
    }),
  });

describe('SendGrid stand-in with the real @sendgrid/mail client', () => {
  const standin = new SendgridStandin({ port: 0, logger: silent });
  const mailer = new MailService();
  const client = new Client();

  before(async () => {
    await standin.start();
    client.setApiKey('SG.local');
    // After setApiKey, which resets the base URL.
    client.setDefaultRequest('baseUrl', standin.baseUrl);
    mailer.setClient(client);
  });
  after(() => standin.stop());
  beforeEach(() => standin.clear());

  const message = {
    to: ['ops@example.com', 'oncall@example.com'],
    cc: 'lead@example.com',
    from: { email: 'alerts@example.com', name: 'Alerts' },
    subject: 'CRITICAL host web-1',
    text: 'web-1 is down',
    html: '<p>web-1 is <b>down</b></p>',
    categories: ['alert'],
    customArgs: { org: 'acme' },
  };

  it('accepts a send with 202 and records it under the X-Message-Id the client saw', async () => {
    const [response] = await mailer.send(message);
    assert.equal(response.statusCode, 202);
    const id = z.string().min(20).parse(response.headers['x-message-id']);

    const [mail, ...rest] = standin.messages();
    assert.equal(rest.length, 0);
    assert.ok(mail);
    assert.equal(mail.id, id);
    assert.equal(mail.subject, 'CRITICAL host web-1');
    assert.equal(mail.from, 'alerts@example.com');
    assert.deepEqual(mail.to, ['ops@example.com', 'oncall@example.com']);
    assert.deepEqual(mail.cc, ['lead@example.com']);
    assert.equal(mail.text, 'web-1 is down');
    assert.equal(mail.html, '<p>web-1 is <b>down</b></p>');
    assert.deepEqual(mail.categories, ['alert']);
    assert.deepEqual(mail.customArgs, { org: 'acme' });
    assert.ok(Math.abs(Date.parse(mail.receivedAt) - Date.now()) < 10_000);
  });

  it('keeps every recipient of every personalization and gives each send its own id', async () => {
    await mailer.send({ ...message, to: 'a@example.com' });
    await mailer.send({ ...message, to: ['b@example.com', 'c@example.com'] }, true);
    const mails = standin.messages();
    assert.deepEqual(
      mails.map((m) => m.to),
      [['a@example.com'], ['b@example.com', 'c@example.com']],
    );
    assert.notEqual(mails[0]?.id, mails[1]?.id);
  });

  it('answers an injected 429 with the rate-limit body and headers, then accepts the next send', async () => {
    standin.failNext(1, 429);
    const error = await mailer.send(message).then(
      () => assert.fail('expected a 429'),
      (e: unknown) => responseErrorSchema(429).parse(e),
    );
    assert.equal(error.response.body.errors[0]?.message, 'too many requests');
    assert.equal(error.response.headers['x-ratelimit-remaining'], '0');
    assert.match(error.response.headers['x-ratelimit-reset'] ?? '', /^\d{10}$/);
    assert.equal(standin.messages().length, 0);

    const [response] = await mailer.send(message);
    assert.equal(response.statusCode, 202);
    assert.equal(standin.messages().length, 1);
  });

  it('answers an injected 503 with an error body', async () => {
    standin.failNext(1, 503);
    await assert.rejects(mailer.send(message), (e: unknown) => {
      responseErrorSchema(503).parse(e);
      return true;
    });
    assert.equal((await mailer.send(message))[0].statusCode, 202);
  });

  it('rejects a body without from with 400 and the field in SendGrid error shape', async () => {
    // The mail helper's types insist on from, so the raw body goes through the same client's request().
    const error = await client
      .request({
        method: 'POST',
        url: '/v3/mail/send',
        body: {
          personalizations: [{ to: [{ email: 'ops@example.com' }] }],
          subject: 'no sender',
          content: [{ type: 'text/plain', value: 'x' }],
        },
      })
      .then(
        () => assert.fail('expected a 400'),
        (e: unknown) => responseErrorSchema(400).parse(e),
      );
    assert.equal(error.response.body.errors[0]?.field, 'from');
    assert.equal(standin.messages().length, 0);
  });

  it('reports an invalid address with its dotted field path', async () => {
    const error = await mailer.send({ ...message, to: 'not-an-address' }).then(
      () => assert.fail('expected a 400'),
      (e: unknown) => responseErrorSchema(400).parse(e),
    );
    assert.deepEqual(error.response.body.errors, [
      { field: 'personalizations.0.to.0.email', message: 'Does not contain a valid address.', help: null },
    ]);
  });

  it('rejects a missing or empty bearer token with 401', async () => {
    for (const authorization of [undefined, 'Bearer ', 'Basic abc']) {
      const response = await fetch(`${standin.baseUrl}/v3/mail/send`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        body: '{}',
      });
      assert.equal(response.status, 401, String(authorization));
      sendgridErrorBodySchema.parse(await response.json());
    }
  });

  it('answers bad JSON with 400 in SendGrid error shape and keeps serving', async () => {
    const response = await fetch(`${standin.baseUrl}/v3/mail/send`, {
      method: 'POST',
      headers: { authorization: 'Bearer SG.local', 'content-type': 'application/json' },
      body: '{"personalizations": [',
    });
    assert.equal(response.status, 400);
    sendgridErrorBodySchema.parse(await response.json());
    assert.equal((await mailer.send(message))[0].statusCode, 202);
  });

  it('answers a body over 30 MB with 413', async () => {
    const response = await fetch(`${standin.baseUrl}/v3/mail/send`, {
      method: 'POST',
      headers: { authorization: 'Bearer SG.local', 'content-type': 'application/json' },
      body: `"${'x'.repeat(30 * 1024 * 1024)}"`,
    });
    assert.equal(response.status, 413);
    sendgridErrorBodySchema.parse(await response.json());
  });

  it('lists messages oldest first on GET /api/messages and clears them on DELETE', async () => {
    await mailer.send({ ...message, subject: 'first' });
    await mailer.send({ ...message, subject: 'second' });
    const listed = z
      .array(recordedMailSchema)
      .parse(await (await fetch(`${standin.baseUrl}/api/messages`)).json());
    assert.deepEqual(
      listed.map((m) => m.subject),
      ['first', 'second'],
    );

    const deleted = await fetch(`${standin.baseUrl}/api/messages`, { method: 'DELETE' });
    assert.equal(deleted.status, 204);
    assert.deepEqual(standin.messages(), []);
    assert.deepEqual(await (await fetch(`${standin.baseUrl}/api/messages`)).json(), []);
  });

  it('arms faults over POST /api/faults and rejects bad fault requests with 400', async () => {
    const armed = await fetch(`${standin.baseUrl}/api/faults`, {
      method: 'POST',
      body: JSON.stringify({ status: 502, count: 2 }),
    });
    assert.equal(armed.status, 200);
    for (let i = 0; i < 2; i++) {
      await assert.rejects(mailer.send(message), (e: unknown) => {
        responseErrorSchema(502).parse(e);
        return true;
      });
    }
    assert.equal((await mailer.send(message))[0].statusCode, 202);

    for (const body of ['{"status":404,"count":1}', '{"status":429,"count":0}', 'not json']) {
      const response = await fetch(`${standin.baseUrl}/api/faults`, { method: 'POST', body });
      assert.equal(response.status, 400, body);
      z.object({ error: z.string() }).parse(await response.json());
    }
  });

  it('serves the mail viewer with subjects escaped and the HTML body in a sandboxed srcdoc frame', async () => {
    await mailer.send({ ...message, subject: 'Disk <script>alert(1)</script> & more', html: '<p>"hi"</p>' });
    const response = await fetch(`${standin.baseUrl}/`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
    const page = await response.text();
    assert.ok(page.includes('Disk &#60;script&#62;alert(1)&#60;/script&#62; &#38; more'));
    assert.ok(!page.includes('<script>'));
    assert.ok(page.includes('<iframe sandbox="" srcdoc="&#60;p&#62;&#34;hi&#34;&#60;/p&#62;"'));
    assert.ok(page.includes('ops@example.com'));
  });

  it('answers unknown routes with 404 JSON', async () => {
    const response = await fetch(`${standin.baseUrl}/v3/nope`);
    assert.equal(response.status, 404);
    sendgridErrorBodySchema.parse(await response.json());
  });
});
