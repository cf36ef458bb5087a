import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { redactSecrets } from '../../../../shared/kernel/log/redact-secrets';

const SECRET = 'S3cr3tT0kenValue_abc-123';

function assertRedacted(text: string, expected?: string) {
  const out = redactSecrets(text);
  assert.ok(!out.includes(SECRET), `secret left in: ${out}`);
  assert.ok(out.includes('[redacted]'), out);
  if (expected !== undefined) assert.equal(out, expected);
}

describe('redactSecrets', () => {
  it('redacts the token in a webhook path, keeping the rest of the URL', () => {
    assertRedacted(`POST /hooks/mackerel/${SECRET} failed`, 'POST /hooks/mackerel/[redacted] failed');
    assertRedacted(
      `https://intake.example/hooks/mackerel/${SECRET}?x=1#f`,
      'https://intake.example/hooks/mackerel/[redacted]?x=1#f',
    );
  });

  it('redacts the password of URL userinfo, keeping the user and host', () => {
    assertRedacted(
      `calling https://mackerel:${SECRET}@intake.example/hooks/mackerel`,
      'calling https://mackerel:[redacted]@intake.example/hooks/mackerel',
    );
    assertRedacted(`https://:${SECRET}@host/`, 'https://:[redacted]@host/');
  });

  it('redacts X-Api-Key and Authorization header values in any case', () => {
    assertRedacted(`X-Api-Key: ${SECRET}`, 'X-Api-Key: [redacted]');
    assertRedacted(`x-api-key=${SECRET}`, 'x-api-key=[redacted]');
    assertRedacted(`Authorization: Bearer ${SECRET}`, 'Authorization: [redacted]');
    assertRedacted(`authorization: Basic ${SECRET}==`, 'authorization: [redacted]');
  });

  it('redacts api_key / apiKey / token assignments and JSON members', () => {
    assertRedacted(`api_key=${SECRET}&x=1`);
    assertRedacted(`{"apiKey":"${SECRET}","org":"acme"}`, '{"apiKey":"[redacted]","org":"acme"}');
    assertRedacted(`{"X-Api-Key": "${SECRET}"}`, '{"X-Api-Key": "[redacted]"}');
    assertRedacted(`webhookToken: ${SECRET}`, 'webhookToken: [redacted]');
  });

  it('redacts secrets quoted inside a JSON string (escaped quotes) and keeps the JSON valid', () => {
    // An error message that quotes a header object, once serialised into a log line.
    const line = JSON.stringify({
      message: `request failed: {"X-Api-Key":"${SECRET}"} and token="${SECRET}"`,
    });
    const out = redactSecrets(line);
    assert.ok(!out.includes(SECRET), out);
    assert.deepEqual(JSON.parse(out), {
      message: 'request failed: {"X-Api-Key":"[redacted]"} and token="[redacted]"',
    });
  });

  it('redacts every occurrence', () => {
    const out = redactSecrets(`/hooks/mackerel/${SECRET} /hooks/mackerel/${SECRET}x X-Api-Key: ${SECRET}`);
    assert.ok(!out.includes(SECRET), out);
    assert.equal(out.match(/\[redacted\]/g)?.length, 3);
  });

  it('leaves ordinary text alone', () => {
    for (const text of [
      'https://mackerel.io/orgs/acme-prod/hosts/3xHostA1b2C',
      '{"correlationId":"4bf92f3577b34da6a3ce929d0e0e4736","tokenHash":"ab12"}',
      'http://localhost:8080/hooks/mackerel',
      'user@example.com wrote at 10:30',
      '{"org":"acme","event":"alert"}',
    ]) {
      assert.equal(redactSecrets(text), text);
    }
  });
});
