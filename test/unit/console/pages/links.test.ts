import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mackerelHostUrl, safeHttpUrl, withQuery } from '../../../../shared/console/pages/links';

describe('safeHttpUrl', () => {
  it('keeps https and http links (normalised)', () => {
    assert.equal(
      safeHttpUrl('https://mackerel.io/orgs/acme/alerts/2bj'),
      'https://mackerel.io/orgs/acme/alerts/2bj',
    );
    assert.equal(safeHttpUrl('HTTPS://Example.COM'), 'https://example.com/');
    assert.equal(safeHttpUrl('http://grafana.internal:3000/d/x'), 'http://grafana.internal:3000/d/x');
  });

  it('refuses javascript:, data: and other schemes, in any case and with leading spaces', () => {
    for (const url of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      ' javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
      'ftp://files.example/x',
    ]) {
      assert.equal(safeHttpUrl(url), undefined, url);
    }
  });

  it('refuses garbage, relative links and nothing', () => {
    for (const url of ['not a url', '/orgs/acme', '//evil.example/x', '', null, undefined]) {
      assert.equal(safeHttpUrl(url), undefined, String(url));
    }
  });
});

describe('withQuery', () => {
  it('adds the non-empty values as a query string, encoded', () => {
    assert.equal(
      withQuery('/alerts', { org: 'acme', host: 'web *', severity: undefined, monitor: '' }),
      '/alerts?org=acme&host=web+*',
    );
  });

  it('leaves the path bare when every value is empty', () => {
    assert.equal(withQuery('/alerts', { org: '', severity: undefined }), '/alerts');
    assert.equal(withQuery('/alerts', {}), '/alerts');
  });
});

describe('mackerelHostUrl', () => {
  it('encodes the org and host id', () => {
    assert.equal(
      mackerelHostUrl('https://mackerel.io', 'acme', '3xY/z'),
      'https://mackerel.io/orgs/acme/hosts/3xY%2Fz',
    );
  });
});
