import { type Command, Option } from 'commander';
import { z } from 'zod';
import { firestoreOrgAudits } from '../shared/audit/adapters/firestore-org-audits';
import { envInt } from '../shared/kernel/config/env-fields';
import { epochText } from '../shared/kernel/time/jst-format';
import { firestoreOrgs } from '../shared/orgs/adapters/firestore-orgs';
import { type OrgRecord, orgRecordSchema } from '../shared/orgs/org-record';
import { describeDestinations } from '../shared/routing/describe-destinations';
import type { CliSession } from './cli-session';
import { action, type Report, validInput } from './command-runner';
import { listOf, parsedBy, repeatable } from './option-parsers';
import { existingOrg, orgArg } from './org-arguments';
import { textFields, textTable } from './text-table';
import { listWebhookTokens } from './webhook-token-issuer';

const contactSchema = orgRecordSchema.shape.contacts.unwrap().element;
const networkSchema = orgRecordSchema.shape.declaredNetworks.unwrap().element;
const count = envInt(0, 1_000_000);

/** `ops@acme.example` or `Ops team <ops@acme.example>`; the name defaults to the address. */
const contactArgSchema = z
  .string()
  .transform((text) => {
    const named = /^(.*?)\s*<([^<>]+)>$/.exec(text.trim());
    const email = (named?.[2] ?? text).trim();
    return { name: named?.[1]?.trim() || email, email };
  })
  .pipe(contactSchema);

const addInput = z
  .object({
    args: orgArg,
    displayName: z.string().trim().min(1),
    language: z.enum(['ja', 'en']),
    quotaWarn: z.number().optional(),
    quotaMax: z.number().optional(),
    network: z.array(z.string()).default([]),
    contact: z.array(contactSchema).default([]),
    memo: z.string().default(''),
  })
  .refine((o) => (o.quotaWarn === undefined) === (o.quotaMax === undefined), {
    path: ['quotaWarn'],
    message: 'give --quota-warn and --quota-max together',
  });

export const summaryOfQuota = (org: OrgRecord): string =>
  org.hostQuota ? `${org.hostQuota.warn}/${org.hostQuota.max}` : '-';

function orgFields(org: OrgRecord): [string, string][] {
  return [
    ['name', org.name],
    ['display name', org.displayName],
    ['enabled', String(org.enabled)],
    ['language', org.language],
    ['host quota (warn/max)', summaryOfQuota(org)],
    ['declared networks', org.declaredNetworks.join(', ') || '-'],
    ['contacts', org.contacts.map((c) => `${c.name} <${c.email}>`).join(', ') || '-'],
    ['default route', org.defaultRoute ? describeDestinations(org.defaultRoute) : '-'],
    ['memo', org.memo || '-'],
    ['created', org.createdAt],
  ];
}

/** The org, or a failure naming it (exit 1): most commands act on an org that must exist. */
async function addOrg(session: CliSession, input: z.infer<typeof addInput>): Promise<Report> {
  const [name] = input.args;
  const { quotaWarn: warn, quotaMax: max } = input;
  const record = validInput(
    orgRecordSchema,
    {
      name,
      displayName: input.displayName,
      enabled: true,
      language: input.language,
      contacts: input.contact,
      ...(warn !== undefined && max !== undefined ? { hostQuota: { warn, max } } : {}),
      declaredNetworks: input.network,
      memo: input.memo,
      createdAt: session.now().toISOString(),
    },
    'org',
  );
  const orgs = firestoreOrgs(session.firestore());
  if (await orgs.get(name)) throw new Error(`org ${name} exists already`);
  await orgs.upsert(record);
  return {
    json: record,
    text: `Added org ${name}. Next: \`org token rotate ${name}\` for its webhook URL, \`org key set ${name}\` for its API key.`,
  };
}

async function listOrgs(session: CliSession): Promise<Report> {
  const orgs = (await firestoreOrgs(session.firestore()).list()).sort((a, b) => a.name.localeCompare(b.name));
  const rows = orgs.map((o) => [
    o.name,
    o.displayName,
    o.language,
    o.enabled ? 'yes' : 'no',
    summaryOfQuota(o),
    String(o.declaredNetworks.length),
    String(o.contacts.length),
  ]);
  return {
    json: orgs,
    text: textTable(['NAME', 'DISPLAY NAME', 'LANG', 'ENABLED', 'QUOTA', 'NETWORKS', 'CONTACTS'], rows),
  };
}

async function showOrg(session: CliSession, name: string): Promise<Report> {
  const org = await existingOrg(session, name);
  const [tokens, audit] = await Promise.all([
    listWebhookTokens(session.firestore(), name),
    firestoreOrgAudits(session.firestore()).get(name),
  ]);
  const active = tokens.filter((t) => t.revokedAt === undefined);
  const auditSummary = audit && {
    lastAuditedAt: audit.lastAuditedAt,
    billable: audit.billable,
    findings: audit.findings.length,
    hostsInSnapshot: audit.snapshot ? Object.keys(audit.snapshot.hosts).length : null,
  };
  const text = [
    textFields([
      ...orgFields(org),
      [
        'webhook tokens',
        `${active.length} active${active.map((t) => ` ${t.hashPrefix} (${t.label ?? 'no label'}, ${t.createdAt})`).join(',')}`,
      ],
      [
        'last audit',
        auditSummary
          ? `${epochText(auditSummary.lastAuditedAt)}, ${auditSummary.billable ?? '?'} billable hosts, ${auditSummary.findings} standing findings`
          : 'never',
      ],
    ]),
  ].join('\n');
  return { json: { org, tokens, audit: auditSummary }, text };
}

async function disableOrg(session: CliSession, name: string): Promise<Report> {
  const org = await existingOrg(session, name);
  if (org.enabled) await firestoreOrgs(session.firestore()).upsert({ ...org, enabled: false });
  return {
    json: { org: name, enabled: false, changed: org.enabled },
    text: org.enabled
      ? `Disabled org ${name}: the audit skips it and open alerts are not repeated; its webhook still delivers.`
      : `Org ${name} was disabled already.`,
  };
}

export function registerOrgCommands(program: Command, session: CliSession): Command {
  const org = program.command('org').description('customer orgs: records, webhook tokens, API keys');
  org
    .command('add')
    .description('add an org (its Mackerel org name, the orgName of its webhooks)')
    .argument('<name>', 'Mackerel org name (slug)')
    .requiredOption('--display-name <text>', 'name people read in mails and tables')
    .addOption(
      new Option('--language <lang>', 'language of its mails').choices(['ja', 'en']).makeOptionMandatory(),
    )
    .option('--quota-warn <hosts>', 'billable hosts above which somebody is told', parsedBy(count))
    .option('--quota-max <hosts>', 'billable hosts the contract allows', parsedBy(count))
    .option('--network <cidr>', 'declared network; repeatable or comma-separated', listOf(networkSchema))
    .option(
      '--contact <email>',
      'contact, `email` or `Name <email>`; repeatable',
      repeatable(contactArgSchema),
    )
    .option('--memo <text>', 'free text for operators')
    .action(action(session, addInput, (input) => addOrg(session, input)));
  org
    .command('list')
    .description('every org, by name')
    .action(action(session, z.object({}), () => listOrgs(session)));
  org
    .command('show')
    .description('one org: record, webhook tokens (never the tokens themselves), last audit')
    .argument('<name>', 'org name')
    .action(action(session, z.object({ args: orgArg }), ({ args: [name] }) => showOrg(session, name)));
  org
    .command('disable')
    .description(
      'disable an org: the audit skips it, open alerts are not repeated (intake and routing go on)',
    )
    .argument('<name>', 'org name')
    .action(action(session, z.object({ args: orgArg }), ({ args: [name] }) => disableOrg(session, name)));
  return org;
}
