import type { Command } from 'commander';
import { z } from 'zod';
import { firestoreRoutingConfig } from '../shared/alerting/adapters/firestore-routing-config';
import { mapLimited } from '../shared/kernel/map-limited';
import { ALL_ORGS, orgNameSchema } from '../shared/kernel/org-name';
import { describeMatch } from '../shared/routing/describe-match';
import {
  type InhibitRule,
  inhibitRuleSchema,
  type MspInhibitRule,
  mspInhibitRuleSchema,
} from '../shared/routing/inhibition/inhibit-rule-schema';
import { UsageError } from './cli-errors';
import type { CliSession } from './cli-session';
import { action, type Report, validInput } from './command-runner';
import { problemLines } from './config-problems';
import { readJsonFile } from './input-file';
import { existingOrg, listedOrgs, orgOrAllSchema } from './org-arguments';
import { textTable } from './text-table';

/** A rule as listed: where it lives (`*` for MSP-wide) and what it is. */
type ListedRule = { org: string } & (InhibitRule | MspInhibitRule);

const describeRule = (rule: InhibitRule) =>
  `while ${describeMatch(rule.source)} is open, ${describeMatch(rule.target)} waits (same ${rule.equal.join(', ')})`;

/** The file's rule, or its list of rules, all valid (exit 2 naming the field otherwise), ids once each. */
function rulesIn<S extends z.ZodType<{ id: string }>>(schema: S, body: unknown): z.infer<S>[] {
  const rules = Array.isArray(body)
    ? validInput(z.array(schema).min(1), body, 'inhibit rules')
    : [validInput(schema, body, 'inhibit rule')];
  const ids = rules.map((rule) => rule.id);
  const twice = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (twice.length > 0) throw new UsageError(`inhibit rule id ${JSON.stringify(twice[0])} is given twice`);
  return rules;
}

/**
 * Stores the file's rules, replacing those with their ids, one write each (each moves the routing version,
 * so routers use the rules from their next event). Nothing is written unless every rule is valid.
 */
async function putRules(session: CliSession, path: string, org: string | undefined): Promise<Report> {
  // An org's rules have no `orgs` (the strict schema refuses it); MSP-wide ones may list some.
  const rules = rulesIn(
    org === undefined ? mspInhibitRuleSchema : inhibitRuleSchema,
    await readJsonFile(path),
  );
  if (org !== undefined) await existingOrg(session, org);
  const config = firestoreRoutingConfig(session.firestore());
  const stored = await mapLimited(rules, 1, (rule) =>
    org === undefined ? config.putMspInhibitRule(rule) : config.putInhibitRule(org, rule),
  );
  const where = org === undefined ? 'the MSP-wide inhibit rules' : `org ${org}`;
  return {
    json: { org: org ?? ALL_ORGS, rules: stored },
    text: stored
      .map(
        (rule) =>
          `Saved inhibit rule ${rule.id} in ${where}${rule.enabled ? '' : ' (disabled)'}: ${describeRule(rule)}`,
      )
      .join('\n'),
  };
}

/** The org's rules (or every org's), then the MSP-wide ones (those that apply to the org when one is named). */
async function listRules(session: CliSession, org: string | undefined): Promise<Report> {
  const config = firestoreRoutingConfig(session.firestore());
  const perOrg = await mapLimited(await listedOrgs(session, org), 8, async (name) => ({
    name,
    docs: await config.listInhibitRules(name),
  }));
  const msp = await config.listMspInhibitRules();
  const applies = (rule: MspInhibitRule) =>
    org === undefined || org === ALL_ORGS || rule.orgs === undefined || rule.orgs.includes(org);
  const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
  const rules: ListedRule[] = [
    ...perOrg.flatMap(({ name, docs }) => [...docs.items].sort(byId).map((rule) => ({ org: name, ...rule }))),
    ...msp.items
      .filter(applies)
      .sort(byId)
      .map((rule) => ({ org: ALL_ORGS, ...rule })),
  ];
  const problems = [...perOrg.flatMap(({ docs }) => docs.problems), ...msp.problems];
  const rows = rules.map((rule) => [
    'orgs' in rule && rule.orgs !== undefined ? `${rule.org} (${rule.orgs.join(',')})` : rule.org,
    rule.id,
    rule.name,
    describeMatch(rule.source),
    describeMatch(rule.target),
    rule.equal.join(','),
    rule.enabled ? 'yes' : 'no',
  ]);
  const table = textTable(['ORG', 'ID', 'NAME', 'SOURCE', 'TARGET', 'EQUAL', 'ENABLED'], rows);
  return { json: { rules, problems }, text: [table, ...problemLines(problems)].join('\n') };
}

const putInput = z
  .object({
    args: z.tuple([z.string().min(1)]),
    org: orgNameSchema.optional(),
    allOrgs: z.boolean().default(false),
  })
  .refine((input) => (input.org === undefined) === input.allOrgs, {
    path: ['org'],
    message: 'give either --org <org> or --all-orgs',
  });

export function registerInhibitCommands(route: Command, session: CliSession): void {
  const inhibit = route
    .command('inhibit')
    .description(
      "inhibit rules: while a source alert is open, matching alerts sharing its facts wait (Alertmanager's inhibit_rules)",
    );
  inhibit
    .command('put')
    .description(
      'store inhibit rules from a JSON file (one rule or an array), replacing those with their ids',
    )
    .argument(
      '<file>',
      'JSON: {"id", "name", "source": {matchers}, "target": {matchers}, "equal": ["org", "host"]}',
    )
    .option('--org <name>', "the org's own rules")
    .option('--all-orgs', 'MSP-wide rules (for every org, or the orgs each lists in "orgs")')
    .action(action(session, putInput, ({ args: [path], org }) => putRules(session, path, org)));
  inhibit
    .command('list')
    .description('inhibit rules as stored (disabled ones and unreadable documents included)')
    .option('--org <name>', "one org's rules and the MSP-wide rules that apply to it; '*' for MSP-wide only")
    .action(
      action(session, z.object({ org: orgOrAllSchema.optional() }), ({ org }) => listRules(session, org)),
    );
}
