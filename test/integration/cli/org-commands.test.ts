import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { z } from 'zod';
import { firestoreOrgs } from '../../../shared/orgs/adapters/firestore-orgs';
import { firestoreWebhookTokens } from '../../../shared/orgs/adapters/firestore-webhook-tokens';
import { orgRecordSchema } from '../../../shared/orgs/org-record';
import { hashWebhookToken } from '../../../shared/orgs/webhook-token';
import { COLLECTIONS } from '../../../shared/platform/firestore/firestore-collections';
import { type CliBackends, startCliBackends } from '../../support/cli-harness';

let cli: CliBackends;

before(async () => {
  cli = await startCliBackends();
});
after(() => cli?.stop());

const ADD_ACME = [
  'org',
  'add',
  'acme',
  '--display-name',
  'ACME 株式会社',
  '--language',
  'ja',
  '--quota-warn',
  '8',
  '--quota-max',
  '10',
  '--network',
  '203.0.113.0/24,2001:db8::/32',
  '--contact',
  'Ops team <ops@acme.example>',
  '--contact',
  'cto@acme.example',
];

const rotatedSchema = z.object({ org: z.string(), webhookUrl: z.string(), revokedTokens: z.number() });
const tokenOf = (url: string) => url.split('/').pop() ?? '';

describe('msp-ops org', () => {
  it('adds an org and reads it back as JSON, from list and show', async () => {
    const added = orgRecordSchema.parse(await cli.json(ADD_ACME));
    assert.equal(added.displayName, 'ACME 株式会社');
    assert.deepEqual(added.hostQuota, { warn: 8, max: 10 });
    assert.deepEqual(added.declaredNetworks, ['203.0.113.0/24', '2001:db8::/32']);
    assert.deepEqual(added.contacts, [
      { name: 'Ops team', email: 'ops@acme.example' },
      { name: 'cto@acme.example', email: 'cto@acme.example' },
    ]);
    assert.deepEqual(await firestoreOrgs(cli.db).get('acme'), added);
    const listed = z.array(orgRecordSchema).parse(await cli.json(['org', 'list']));
    assert.deepEqual(
      listed.map((o) => o.name),
      ['acme'],
    );
    const shown = z
      .object({ org: orgRecordSchema, tokens: z.array(z.unknown()), audit: z.null() })
      .parse(await cli.json(['org', 'show', 'acme']));
    assert.equal(shown.org.language, 'ja');
    const table = await cli.run(['org', 'list']);
    assert.equal(table.code, 0);
    assert.match(table.stdout, /^NAME\s+DISPLAY NAME.*\nacme\s+ACME 株式会社\s+ja\s+yes\s+8\/10\s+2\s+2$/m);
  });

  it('refuses bad arguments with exit 2 and names the flag, writing nothing', async () => {
    // Every flag's checks are covered in-process by test/unit/cli/arguments.test.ts; here, the real process.
    const cases: [string[], RegExp][] = [
      [['org', 'add', 'other', '--display-name', 'x', '--language', 'fr'], /--language/],
      [['org', 'frobnicate'], /unknown command/],
    ];
    for (const [args, message] of cases) {
      const result = await cli.run(args);
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, message, args.join(' '));
      assert.equal(result.stdout, '');
    }
    assert.equal(await firestoreOrgs(cli.db).get('other'), undefined);
  });

  it('fails with exit 1 for an org that exists already or does not exist', async () => {
    const again = await cli.run(ADD_ACME);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /exists already/);
    const missing = await cli.run(['org', 'show', 'nobody']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no org nobody/);
  });

  it('rotates the webhook token: a new URL once, only its hash stored, older tokens revoked', async () => {
    const first = rotatedSchema.parse(
      await cli.json(['org', 'token', 'rotate', 'acme', '--intake-url', 'https://intake.example/']),
    );
    assert.match(first.webhookUrl, /^https:\/\/intake\.example\/hooks\/mackerel\/[A-Za-z0-9_-]{43}$/);
    const tokens = firestoreWebhookTokens(cli.db);
    assert.deepEqual(await tokens.findByHash(hashWebhookToken(tokenOf(first.webhookUrl))), { org: 'acme' });

    const second = await cli.run(['org', 'token', 'rotate', 'acme']);
    assert.equal(second.code, 0, second.stderr);
    const url = /(http:\/\/127\.0\.0\.1:8080\/hooks\/mackerel\/\S+)/.exec(second.stdout)?.[1] ?? '';
    assert.match(second.stdout, /Revoked 1 older token/);
    assert.deepEqual(await tokens.findByHash(hashWebhookToken(tokenOf(url))), { org: 'acme' });
    assert.equal(await tokens.findByHash(hashWebhookToken(tokenOf(first.webhookUrl))), undefined);
    const stored = await cli.db.collection(COLLECTIONS.webhookTokens).where('org', '==', 'acme').get();
    assert.equal(stored.size, 2);
    assert.ok(stored.docs.every((doc) => !JSON.stringify(doc.data()).includes(tokenOf(url))));

    const shown = await cli.run(['org', 'show', 'acme']);
    assert.match(shown.stdout, /webhook tokens:\s+1 active/);
    assert.ok(!shown.stdout.includes(tokenOf(url)));
  });

  it('needs an intake URL in Google Cloud, and an existing org', async () => {
    const cloud = await cli.run(['org', 'token', 'rotate', 'acme'], {
      env: { FIRESTORE_EMULATOR_HOST: undefined },
    });
    assert.equal(cloud.code, 2);
    assert.match(cloud.stderr, /--intake-url is required/);
    const missing = await cli.run(['org', 'token', 'rotate', 'nobody']);
    assert.equal(missing.code, 1);
  });

  it('stores the API key from stdin as a new secret version and never echoes it', async () => {
    const key = 'mkr-4f1c9e0b7d2a';
    const stored = z
      .object({ org: z.string(), secret: z.string(), version: z.string() })
      .parse(await cli.json(['org', 'key', 'set', 'acme'], { stdin: `${key}\n` }));
    assert.deepEqual(stored, { org: 'acme', secret: 'mackerel-api-key-acme', version: '1' });
    assert.equal(cli.secrets.latestValue('mackerel-api-key-acme'), key);
    const again = await cli.run(['org', 'key', 'set', 'acme'], { stdin: 'mkr-second-key' });
    assert.equal(again.code, 0, again.stderr);
    assert.equal(cli.secrets.versionCount('mackerel-api-key-acme'), 2);
    assert.ok(![again.stdout, again.stderr].some((text) => text.includes('mkr-second-key')));
  });

  it('refuses a blank key, an unknown org and a local session without a local Secret Manager', async () => {
    const writes = cli.secrets.writeCount;
    const blank = await cli.run(['org', 'key', 'set', 'acme'], { stdin: '  \n' });
    assert.equal(blank.code, 2);
    const spaced = await cli.run(['org', 'key', 'set', 'acme'], { stdin: 'mkr secret' });
    assert.equal(spaced.code, 2);
    assert.ok(!spaced.stderr.includes('mkr secret'));
    const unknown = await cli.run(['org', 'key', 'set', 'nobody'], { stdin: 'mkr-x' });
    assert.equal(unknown.code, 1);
    const noLocal = await cli.run(['org', 'key', 'set', 'acme'], {
      stdin: 'mkr-x',
      env: { SECRET_MANAGER_LOCAL_ENDPOINT: undefined },
    });
    assert.equal(noLocal.code, 2);
    assert.match(noLocal.stderr, /SECRET_MANAGER_LOCAL_ENDPOINT/);
    assert.equal(cli.secrets.writeCount, writes);
  });

  it('disables an org once', async () => {
    const first = z.object({ changed: z.boolean() }).parse(await cli.json(['org', 'disable', 'acme']));
    assert.equal(first.changed, true);
    assert.equal((await firestoreOrgs(cli.db).get('acme'))?.enabled, false);
    const second = await cli.run(['org', 'disable', 'acme']);
    assert.match(second.stdout, /disabled already/);
  });

  it('prints help for every level and exits 0', async () => {
    const help = await cli.run(['org', 'token', 'rotate', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Usage: msp-ops org token rotate \[options\] <name>/);
    assert.match(help.stdout, /--json/);
  });
});
