import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProbesPage } from '../../../../shared/console/pages/probes-page';
import {
  PROBE_ROWS_SHOWN,
  type ProbeFilters,
  type ProbesInput,
  probesView,
} from '../../../../shared/console/views/probes-view';
import { ctx, demoProbes, failingRecord, NOW, NOW_SECONDS, roundRecord } from '../probe-fixtures';

const render = (input: Partial<ProbesInput> = {}, filters: ProbeFilters = {}) => {
  const full: ProbesInput = {
    orgs: [
      { name: 'demo', enabled: true },
      { name: 'acme', enabled: true },
    ],
    definitions: [{ org: 'demo', probes: demoProbes }],
    records: [failingRecord()],
    hostNames: new Map([['demo', new Map([['3xStaging01', 'staging01']])]]),
    ...input,
  };
  return String(ProbesPage({ ctx, filters, orgs: ['acme', 'demo'], view: probesView(full, filters, NOW) }));
};

/** The `<tr ...>` of a table whose attributes include all of `attrs`, and its cells. */
const row = (html: string, table: string, attrs: string): string => {
  const body = html.split(`data-testid="${table}"`)[1]?.split('</table>')[0] ?? '';
  const found = body.split('<tr').find((tr) => attrs.split(' ').every((a) => tr.includes(a)));
  assert.ok(found, `${table} has a row with ${attrs}`);
  return found;
};

describe('Probes page', () => {
  it('sums up the round in one line', () => {
    const html = render();
    const summary = html.split('data-testid="probe-summary"')[1]?.split('</p>')[0] ?? '';
    assert.match(summary, /<b>1<\/b> org probed/);
    assert.match(summary, /<b>4<\/b> targets/);
    assert.match(summary, /<b>2<\/b> ok/);
    assert.match(summary, /figure-bad"[^>]*><b>2<\/b> failing/);
    assert.match(summary, /<b>0<\/b> buffered points waiting for Mackerel/);
    assert.match(summary, /<b>0<\/b> chunks behind/);
  });

  it('lists each probe with what it checks and targets', () => {
    const html = render();
    const dns = row(html, 'probes', 'data-org="demo" data-probe="www-dns"');
    assert.match(dns, /<code>A www\.shop\.example@8\.8\.8\.8<\/code>/);
    assert.match(dns, /service shop, roles web/);
    assert.match(dns, /data-enabled="false"/);
    const staging = row(html, 'probes', 'data-probe="staging-health"');
    assert.match(staging, /hosts 3xStaging01, 3xRetired01/);
    assert.match(
      staging,
      /<code>GET http:\/<wbr\/>\/<wbr\/>\{\{host\.name\}\}\/<wbr\/>health<\/code>/,
      'may wrap after a /',
    );
  });

  it('shows the last round per org in JST', () => {
    const html = render({
      records: [failingRecord({ postError: 'Mackerel 503 after 3 attempts', rejectedPoints: 2 })],
    });
    const demo = row(html, 'probe-rounds', 'data-org="demo"');
    // NOW - 60 s: 2026-01-10 13:59 JST.
    assert.match(demo, /<span class="nowrap">2026-01-10 13:59<\/span>/);
    assert.match(demo, /<td class="num bad">2<\/td>/);
    assert.match(
      row(html, 'probe-rounds', 'data-post-error-of="demo"'),
      /Post error: Mackerel 503 after 3 attempts; 2 points refused by Mackerel/,
    );
    assert.match(html, /Last round \(JST\)/);
    assert.doesNotMatch(render(), /Post error:/, 'none without one');
  });

  it('marks an org whose chunks are behind', () => {
    const html = render({
      records: [roundRecord({ chunks: 2 }), roundRecord({ chunk: 1, chunks: 2, roundAt: NOW_SECONDS - 600 })],
    });
    const demo = row(html, 'probe-rounds', 'data-org="demo"');
    assert.match(demo, /data-behind="1"/);
    assert.match(demo, /2 chunks/);
    assert.match(demo, /tag-behind">1 of 2 chunks behind</);
    assert.match(html, /data-testid="chunks-behind"><b>1<\/b> chunk behind/);
  });

  it('lists what fails now, the host named and linked to Mackerel', () => {
    const html = render();
    const staging = row(html, 'probe-failures', 'data-org="demo" data-probe="staging-health"');
    assert.match(staging, /data-host="3xStaging01"/);
    assert.match(staging, /data-kind="status"/);
    assert.match(staging, /href="https:\/\/mackerel\.io\/orgs\/demo\/hosts\/3xStaging01">staging01<\/a>/);
    assert.match(staging, /status 503, expected 2xx/);
    const policy = row(html, 'probe-failures', 'data-probe="shop-health" data-kind="policy"');
    assert.match(policy, />3xBatch01<\/a>/, 'a host without a stored name shows its id');
    assert.match(html, /Failing now \(2\)/);
  });

  it('lists definitions that need attention', () => {
    const html = render();
    const missing = row(html, 'probe-problems', 'data-org="demo" data-probe="staging-health"');
    assert.match(missing, /data-host="3xRetired01"/);
    assert.match(missing, /data-kind="host-missing"/);
    assert.match(missing, /host 3xRetired01 no longer exists in the org/);
    const template = render({
      records: [
        roundRecord({
          problems: [
            {
              kind: 'template',
              probeId: 'db-port',
              hostId: '3xStaging01',
              field: 'address',
              placeholder: 'host.ipv4.eth0',
              message: 'host staging01 has no interface eth0',
            },
          ],
          problemCount: 1,
        }),
      ],
    });
    assert.match(row(template, 'probe-problems', 'data-probe="db-port"'), /<td>address<\/td>/);
  });

  it('says how to define probes when there are none, and that nothing fails', () => {
    const html = render({ definitions: [], records: [] });
    assert.match(
      html,
      /data-testid="probes-empty">No probes defined: define them with <code>msp-ops probes set --org &lt;org&gt; --file probes\.yaml<\/code>/,
    );
    assert.match(html, /data-testid="probe-failures-empty">Nothing is probed, so nothing fails\./);
    assert.match(
      html,
      /data-testid="probe-problems-empty">Nothing is probed, so no definition was checked\./,
    );
    assert.doesNotMatch(html, /data-testid="probe-failures"/);
    const acme = render({ definitions: [], records: [] }, { org: 'acme' });
    assert.match(acme, /No probes defined for acme: .*--org acme --file probes\.yaml/);
  });

  it('says when probes wait for their first round, and when nothing fails', () => {
    const waiting = render({ records: [] });
    assert.match(waiting, /No round recorded yet: the probe function runs every minute\./);
    assert.match(row(waiting, 'probe-rounds', 'data-org="demo"'), /no round recorded yet/);
    assert.match(row(waiting, 'probe-rounds', 'data-org="demo"'), /tag-behind">behind</);
    const fine = render({ records: [roundRecord()] });
    assert.match(fine, /No probe is failing: every target answered as expected in its last round\./);
    assert.match(
      fine,
      /data-testid="probe-problems-empty">No definition needs attention: every listed host exists/,
    );
  });

  it('says how many failures a record counted but did not keep', () => {
    const html = render({ records: [failingRecord({ failed: 70, ok: 0 })] });
    assert.match(html, /data-testid="probe-failures-unlisted">68 more failures not listed/);
    assert.match(html, /Failing now \(70\)/);
  });

  it('shows at most PROBE_ROWS_SHOWN rows a table, and says how to see the rest', () => {
    const orgs = Array.from({ length: 8 }, (_, i) => `org-${i}`);
    const failures = Array.from({ length: 50 }, (_, i) => ({
      probeId: 'shop-health',
      hostId: `3xHost${String(i).padStart(3, '0')}`,
      kind: 'timeout',
      message: 'timed out',
    }));
    const html = render({
      orgs: orgs.map((name) => ({ name, enabled: true })),
      definitions: orgs.map((org) => ({ org, probes: demoProbes })),
      records: orgs.map((org) => roundRecord({ org, failed: 50, ok: 0, failures })),
    });
    const body = html.split('data-testid="probe-failures"')[1]?.split('</table>')[0] ?? '';
    assert.equal(body.split('<tr data-org=').length - 1, PROBE_ROWS_SHOWN);
    assert.match(
      html,
      new RegExp(
        `data-testid="probe-failures-truncated">Showing the first ${PROBE_ROWS_SHOWN} of 400 failures: pick an org`,
      ),
    );
    assert.doesNotMatch(html, /probes-truncated/, '32 probes are all shown');
  });

  it('renders hostile messages, host names and ids inert', () => {
    const hostile = '<img src=x onerror="alert(1)"><script>alert(2)</script>';
    const html = render({
      records: [
        failingRecord({
          failures: [
            { probeId: 'shop-health', hostId: `3x${hostile}`, kind: `k${hostile}`, message: hostile },
          ],
          problems: [
            { kind: 'template', probeId: 'db-port', hostId: '3xStaging01', field: hostile, message: hostile },
          ],
          postError: hostile,
        }),
      ],
      hostNames: new Map([['demo', new Map([['3xStaging01', `web-${hostile}`]])]]),
    });
    assert.doesNotMatch(html, /<img/);
    assert.doesNotMatch(html, /<script>alert/);
    assert.match(html, /&lt;script&gt;alert\(2\)&lt;\/script&gt;/);
    assert.match(
      html,
      /href="https:\/\/mackerel\.io\/orgs\/demo\/hosts\/3x%3Cimg%20src%3Dx/,
      'the id encoded in the link',
    );
    assert.match(html, /web-&lt;img src=x onerror=&quot;alert\(1\)&quot;&gt;/);
  });

  it('marks Probes in the navigation and keeps the org filter', () => {
    const html = render({}, { org: 'demo' });
    assert.match(html, /<a href="\/probes" class="active">Probes<\/a>/);
    assert.match(html, /<option value="demo" selected="">demo<\/option>/);
  });
});
