import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { z } from 'zod';
import { firestoreConsoleUsers } from '../../../shared/console/auth/adapters/firestore-console-users';
import { CONSOLE_ROLES, consoleUserSchema } from '../../../shared/console/auth/console-role';
import { COLLECTIONS } from '../../../shared/platform/firestore/firestore-collections';
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
});
