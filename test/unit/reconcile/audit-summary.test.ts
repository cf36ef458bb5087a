import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AUDIT_LABELS } from '../../../shared/audit/mail/audit-labels-by-language';
import type { OrgAuditDeps } from '../../../shared/audit/org-audit-ports';
import { runOrgAudit } from '../../../shared/audit/run-org-audit';
import { TOPICS } from '../../../shared/kernel/topology';
import { notificationMessageSchema } from '../../../shared/notify/message/notification-message';
import { captureLogs } from '../../support/capture-logs';
import { InMemoryPublisher } from '../../support/fakes/in-memory-publisher';
import { acmeOrg } from '../../support/router-world';

const NOW = new Date('2026-11-22T00:00:00Z'); // 09:00 JST
const SETTINGS = {
  webhookUrlPrefix: 'https://hooks.msp.example/hooks/mackerel/',
  recipients: { to: ['ops@msp.example'], cc: [] },
  language: 'en' as const,
};
const COLUMN = AUDIT_LABELS.en.summary.column.missedWebhooks;

async function summary(missedWebhooks: OrgAuditDeps['missedWebhooks']) {
  const publisher = new InMemoryPublisher();
  const orgs = [acmeOrg(), acmeOrg({ name: 'beta' }), acmeOrg({ name: 'off', enabled: false })];
  const deps: OrgAuditDeps = {
    orgs: { list: async () => orgs, get: async (name) => orgs.find((o) => o.name === name) },
    store: {
      get: async () => null,
      put: async () => {},
      list: async () => [],
      listSnapshots: async () => [],
      getHostCountDay: async () => null,
      putHostCountDay: async () => {},
    },
    observe: async () => ({ kind: 'failed', errorKind: 'unavailable' }),
    publisher,
    health: {
      eventsRoutedSince: async () => 0,
      backlogSize: async () => 0,
      deadLettersByTopic: async () => ({}),
    },
    ...(missedWebhooks ? { missedWebhooks } : {}),
    logger: captureLogs().logger,
    now: () => NOW,
  };
  await runOrgAudit(deps, SETTINGS, { reason: 'daily-summary' }, 'c1');
  const [mail] = publisher.published.filter((m) => m.topic === TOPICS.notifications);
  const table = notificationMessageSchema.parse(JSON.parse(mail?.data.toString('utf8') ?? '{}')).report
    ?.tables[0];
  assert.ok(table);
  return table;
}

describe('the daily audit summary with reconciliation counts', () => {
  it('shows missed webhooks of the last 24 hours per enabled org, 0 where none were found', async () => {
    const asked: Date[] = [];
    const table = await summary({
      missedWebhooksSince: async (since) => {
        asked.push(since);
        return { 'acme-prod': 3, off: 9 };
      },
    });
    assert.deepEqual(asked, [new Date('2026-11-21T00:00:00Z')]);
    const column = table.columns.indexOf(COLUMN);
    assert.ok(column > 0, JSON.stringify(table.columns));
    const byOrg = Object.fromEntries(table.rows.map((row) => [row[0], row[column]]));
    assert.deepEqual(byOrg, { 'acme-prod': '3', beta: '0' });
  });

  it('without counts the column is left out', async () => {
    const table = await summary(undefined);
    assert.equal(table.columns.includes(COLUMN), false);
  });
});
