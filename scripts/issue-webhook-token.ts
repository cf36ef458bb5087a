/**
 * `npm run org:token -- --org <name> [--display-name ".."] [--label ..] [--intake-url ..] [--revoke-others]`
 * Kept for existing runbooks; `msp-ops org add` and `msp-ops org token rotate` do the same in two steps.
 * Creates the org record if it does not exist, issues a new random webhook token, stores only its hash,
 * and prints the webhook URL once. Works against the emulator (FIRESTORE_EMULATOR_HOST) or a real
 * project (GOOGLE_CLOUD_PROJECT with Application Default Credentials).
 */

import { parseArgs } from 'node:util';
import { z } from 'zod';
import { issueWebhookToken, webhookUrlOf } from '../cli/webhook-token-issuer';
import { gcpProject } from '../shared/kernel/config/env-fields';
import { firestoreOrgs } from '../shared/orgs/adapters/firestore-orgs';
import { orgRecordSchema } from '../shared/orgs/org-record';
import { createFirestore } from '../shared/platform/firestore/firestore-client';
import { optionsOf, runScript } from './script-main';

const argsSchema = z.object({
  org: orgRecordSchema.shape.name,
  'display-name': z.string().min(1).optional(),
  label: z.string().min(1).default('issued by org:token'),
  'intake-url': z.url().default('http://127.0.0.1:8080'),
  'revoke-others': z.boolean().default(false),
});

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      org: { type: 'string' },
      'display-name': { type: 'string' },
      label: { type: 'string' },
      'intake-url': { type: 'string' },
      'revoke-others': { type: 'boolean' },
    },
  });
  const args = optionsOf(argsSchema, values);
  const project = gcpProject.parse(process.env.GOOGLE_CLOUD_PROJECT ?? 'demo-local');
  const db = createFirestore(project);
  const now = new Date();
  const orgs = firestoreOrgs(db);
  const name = args.org;
  if (!(await orgs.get(name))) {
    await orgs.upsert({
      name,
      displayName: args['display-name'] ?? name,
      enabled: true,
      language: 'ja',
      contacts: [],
      declaredNetworks: [],
      memo: '',
      createdAt: now.toISOString(),
    });
  }
  const { token } = await issueWebhookToken(db, {
    org: name,
    label: args.label,
    now,
    revokeOthers: args['revoke-others'],
  });
  await db.terminate();
  process.stdout.write(
    `Webhook URL for org ${name} (shown once; only its hash is stored):\n  ${webhookUrlOf(args['intake-url'], token)}\n`,
  );
}

runScript(main, { name: 'org:token', code: 2 });
