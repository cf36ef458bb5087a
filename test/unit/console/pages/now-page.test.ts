import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NowAlerts } from '../../../../shared/console/pages/now-page';
import type { PageContext } from '../../../../shared/console/pages/page-context';
import { nowView } from '../../../../shared/console/views/now-view';
import { alertState } from '../../../support/alert-state-factory';

const ctx: PageContext = {
  identity: { email: 'viewer@msp.example', subject: 'accounts.google.com:1' },
  role: 'viewer',
  csrfToken: 't',
  now: new Date('2026-01-10T05:00:00Z'),
  mackerelBaseUrl: 'https://mackerel.io',
};
const render = (view: ReturnType<typeof nowView>, filters = {}) => String(NowAlerts({ ctx, view, filters }));
const listed = [alertState({ org: 'acme', alertId: 'a-1', status: 'critical' })];

describe('Now page', () => {
  it('says when more alerts are open than it lists, linking to the open ones on the Alerts page', () => {
    const html = render(
      nowView({ entries: listed, counts: { critical: 600, warning: 0, unknown: 0 } }, [], [], {
        org: 'acme',
      }),
      { org: 'acme' },
    );
    assert.match(html, /data-testid="truncated"/);
    assert.match(html, /Showing the 1 newest open alerts/);
    assert.match(html, /href="\/alerts\?org=acme&amp;status=open"/);
    assert.match(html, /600 critical/);
  });

  it('marks an inhibited alert "inhibited by" its source, with the rule in the title', () => {
    const inhibited = alertState({
      org: 'acme',
      alertId: 'a-2',
      status: 'critical',
      suppression: {
        kind: 'inhibition',
        ruleId: 'host-down',
        ruleName: 'host down',
        sourceAlertId: 'a-1',
        sourceMonitorName: 'connectivity',
      },
    });
    const html = render(
      nowView({ entries: [inhibited], counts: { critical: 1, warning: 0, unknown: 0 } }, [], [], {}),
    );
    assert.match(html, /class="tag tag-inhibited"/);
    assert.match(html, />inhibited by connectivity \(host down\)</);
    assert.match(
      html,
      /title="inhibited by rule &quot;host down&quot; while alert a-1 \(&quot;connectivity&quot;\) is open"/,
    );
  });

  it('says nothing of the kind when it lists every open alert', () => {
    const html = render(
      nowView({ entries: listed, counts: { critical: 1, warning: 0, unknown: 0 } }, [], [], {}),
    );
    assert.doesNotMatch(html, /truncated/);
  });
});
