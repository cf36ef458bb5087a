import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { z } from 'zod';
import { firestoreOpenAlerts } from '../../../shared/alerting/adapters/firestore-open-alerts';
import { firestoreAuditSummaries } from '../../../shared/audit/adapters/firestore-audit-summaries';
import { firestoreConsoleUsers } from '../../../shared/console/auth/adapters/firestore-console-users';
import { CONSOLE_ROLES, consoleUserSchema } from '../../../shared/console/auth/console-role';
import { COLLECTIONS } from '../../../shared/platform/firestore/firestore-collections';
import { alertState } from '../../support/alert-state-factory';
import { type CliBackends, startCliBackends } from '../../support/cli-harness';

let cli: CliBackends;

before(async () => {
  cli = await startCliBackends();
});
after(() => cli?.stop());

const grantedSchema = consoleUserSchema.extend({
  previousRole: z.enum(CONSOLE_ROLES).nullable(),
  changed: z.boolean(),
});
const grant = (email: string, role: string) =>
  cli.json(['console', 'grant', '--email', email, '--role', role, '--by', 'lead@msp.example']);
const listed = async () =>
  z
    .array(consoleUserSchema)
    .parse(await cli.json(['console', 'users']))
    .map((u) => [u.email, u.role]);

describe('msp-ops console', () => {
  it('grants a role to a lower-cased address, and users lists it with its role', async () => {
    const granted = grantedSchema.parse(await grant('Operator@MSP.example', 'viewer'));
    assert.deepEqual(
      { email: granted.email, role: granted.role, by: granted.grantedBy, previous: granted.previousRole },
      { email: 'operator@msp.example', role: 'viewer', by: 'lead@msp.example', previous: null },
    );
    const doc = await cli.db.collection(COLLECTIONS.consoleUsers).doc('operator@msp.example').get();
    assert.equal(doc.get('email'), 'operator@msp.example');
    assert.equal((await firestoreConsoleUsers(cli.db).get('OPERATOR@msp.example'))?.role, 'viewer');
    assert.deepEqual(await listed(), [['operator@msp.example', 'viewer']]);
    const table = await cli.run(['console', 'users']);
    assert.equal(table.code, 0);
    assert.match(
      table.stdout,
      /^EMAIL\s+ROLE\s+GRANTED BY\s+GRANTED\noperator@msp\.example\s+viewer\s+lead@msp\.example\s+\d{4}-\d\d-\d\d \d\d:\d\d JST$/m,
    );
  });

  it('changes the role of an address granted already, saying old -> new', async () => {
    const changed = await cli.run([
      'console',
      'grant',
      '--email',
      'operator@msp.example',
      '--role',
      'operator',
      '--by',
      'lead',
    ]);
    assert.equal(changed.code, 0, changed.stderr);
    assert.match(changed.stdout, /operator@msp\.example's console role: viewer -> operator/);
    const again = grantedSchema.parse(await grant('operator@msp.example', 'operator'));
    assert.equal(again.changed, false);
    assert.equal(again.grantedBy, 'lead');
    await grant('viewer@msp.example', 'viewer');
    assert.deepEqual(await listed(), [
      ['operator@msp.example', 'operator'],
      ['viewer@msp.example', 'viewer'],
    ]);
  });

  it('revokes an address (any case), and fails with exit 1 for one it does not know', async () => {
    const revoked = z
      .object({ email: z.string(), previousRole: z.string(), removed: z.literal(true) })
      .parse(await cli.json(['console', 'revoke', '--email', 'Viewer@msp.example']));
    assert.deepEqual(revoked, { email: 'viewer@msp.example', previousRole: 'viewer', removed: true });
    assert.deepEqual(await listed(), [['operator@msp.example', 'operator']]);
    const unknown = await cli.run(['console', 'revoke', '--email', 'nobody@msp.example']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no console user nobody@msp\.example/);
    assert.equal(unknown.stdout, '');
  });

  it('refuses a bad role or address with exit 2 naming the option, writing nothing', async () => {
    const cases: [string[], RegExp][] = [
      [['grant', '--email', 'new@msp.example', '--role', 'admin', '--by', 'x'], /--role/],
      [['grant', '--email', 'not-an-address', '--role', 'viewer', '--by', 'x'], /--email/],
      [['grant', '--role', 'viewer', '--by', 'x'], /--email/],
      [['grant', '--email', 'new@msp.example', '--role', 'viewer'], /--by/],
      [['grant', '--email', 'new@msp.example', '--role', 'viewer', '--by', ' '], /--by/],
      [['revoke', '--email', 'not-an-address'], /--email/],
      [['revoke'], /--email/],
    ];
    for (const [args, message] of cases) {
      const result = await cli.run(['console', ...args]);
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, message, args.join(' '));
      assert.equal(result.stdout, '');
    }
    assert.deepEqual(await listed(), [['operator@msp.example', 'operator']]);
  });

  it('reindex writes the open-alert entries and audit summaries that states from before lack', async () => {
    await cli.addOrg('legacy');
    const open = alertState({ org: 'legacy', alertId: 'L1', status: 'warning' });
    // As an older release stored them: the state alone, the audit state alone.
    await cli.db
      .collection(COLLECTIONS.orgs)
      .doc('legacy')
      .collection(COLLECTIONS.alerts)
      .doc('L1')
      .set(open);
    await cli.db.collection(COLLECTIONS.orgAudits).doc('legacy').set({
      org: 'legacy',
      snapshot: null,
      failureStreak: null,
      findings: [],
      lastRoundAt: 1_767_225_600,
      lastAuditedAt: 1_767_225_600,
      billable: 7,
    });
    const entries = () => firestoreOpenAlerts(cli.db).newest({ org: 'legacy', limit: 5 });
    assert.equal((await entries()).entries.length, 0);
    const rebuilt = z
      .array(
        z.object({
          org: z.string(),
          openAlertsWritten: z.number(),
          staleEntriesDeleted: z.number(),
          auditSummaryWritten: z.boolean(),
        }),
      )
      .parse(await cli.json(['console', 'reindex', '--org', 'legacy']));
    assert.deepEqual(rebuilt, [
      { org: 'legacy', openAlertsWritten: 1, staleEntriesDeleted: 0, auditSummaryWritten: true },
    ]);
    assert.deepEqual(
      (await entries()).entries.map((e) => e.alertId),
      ['L1'],
    );
    const summaries = await firestoreAuditSummaries(cli.db).list();
    assert.equal(summaries.find((s) => s.org === 'legacy')?.billable, 7);
    const unknown = await cli.run(['console', 'reindex', '--org', 'nope']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no org nope/);
  });
});
