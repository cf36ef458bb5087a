import type { Command } from 'commander';
import { z } from 'zod';
import { apiKeySecretOf } from '../shared/mackerel/api/org-api-clients';
import { UsageError } from './cli-errors';
import type { CliSession } from './cli-session';
import { action, type Report } from './command-runner';
import { existingOrg, orgArg } from './org-arguments';
import { readSecretInput } from './secret-input';
import { issueWebhookToken, webhookUrlOf } from './webhook-token-issuer';

const rotateInput = z.object({
  args: orgArg,
  intakeUrl: z.url({ protocol: /^https?$/ }).optional(),
  label: z.string().trim().min(1).default('issued by msp-ops org token rotate'),
});

/** How long intake may still accept a revoked token: its token cache (INTAKE_TOKEN_CACHE_SECONDS). */
const TOKEN_CACHE_NOTE = 'intake stops accepting them within its token cache time (60 s by default)';

async function rotateToken(session: CliSession, input: z.infer<typeof rotateInput>): Promise<Report> {
  const [name] = input.args;
  const intakeUrl = input.intakeUrl ?? session.env().intakeUrl;
  if (intakeUrl === undefined) throw new UsageError('--intake-url is required (or set MSP_INTAKE_URL)');
  await existingOrg(session, name);
  const issued = await issueWebhookToken(session.firestore(), {
    org: name,
    label: input.label,
    now: session.now(),
    revokeOthers: true,
  });
  const webhookUrl = webhookUrlOf(intakeUrl, issued.token);
  return {
    json: { org: name, webhookUrl, label: input.label, revokedTokens: issued.revoked },
    text: [
      `Webhook URL for org ${name} (shown once; only its hash is stored):`,
      `  ${webhookUrl}`,
      "Paste it into the org's Mackerel webhook channel and press its test button.",
      issued.revoked > 0
        ? `Revoked ${issued.revoked} older token(s): ${TOKEN_CACHE_NOTE}.`
        : 'No older token.',
    ].join('\n'),
  };
}

async function setKey(session: CliSession, name: string): Promise<Report> {
  await existingOrg(session, name);
  const key = await readSecretInput(session.io.stdin, session.io.err);
  const secret = apiKeySecretOf(name);
  const { version } = await session.secretWriter().addSecretVersion(secret, key);
  return {
    json: { org: name, secret, version },
    text: `Stored the Mackerel API key of org ${name} as secret ${secret}, version ${version} (the value is not shown). The audit reads it within 10 minutes.`,
  };
}

export function registerOrgCredentialCommands(org: Command, session: CliSession): void {
  const token = org.command('token').description("the org's webhook token");
  token
    .command('rotate')
    .description('issue a new webhook token, revoke the older ones, and print the webhook URL once')
    .argument('<name>', 'org name')
    .option(
      '--intake-url <url>',
      "where webhook URLs start (default: MSP_INTAKE_URL, locally npm start's intake)",
    )
    .option('--label <text>', 'note kept with the token')
    .action(action(session, rotateInput, (input) => rotateToken(session, input)));
  const key = org.command('key').description("the org's Mackerel API key (Secret Manager)");
  key
    .command('set')
    .description('store the API key read from stdin as secret mackerel-api-key-<org>; it is never echoed')
    .argument('<name>', 'org name')
    .action(action(session, z.object({ args: orgArg }), ({ args: [name] }) => setKey(session, name)));
}
