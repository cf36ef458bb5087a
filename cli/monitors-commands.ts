import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { z } from 'zod';
import { orgNameSchema } from '../shared/kernel/org-name';
import { orgApiClients } from '../shared/mackerel/api/org-api-clients';
import { firestoreMonitorPlans } from '../shared/monitors/adapters/firestore-monitor-plans';
import { readTemplateFolder } from '../shared/monitors/adapters/read-template-folder';
import { monitorNamesById } from '../shared/monitors/plan/org-plan';
import type { MonitorsApi } from '../shared/monitors/push/monitors-api';
import { pushOrgs } from '../shared/monitors/push/push-orgs';
import { orgRenderingOf } from '../shared/monitors/templates/org-rendering';
import { parseTemplateFolder, type TemplateFolder } from '../shared/monitors/templates/parse-template-folder';
import { pulledSetYaml } from '../shared/monitors/templates/pulled-set-yaml';
import { templateErrorText } from '../shared/monitors/templates/template-error';
import { firestoreOrgs } from '../shared/orgs/adapters/firestore-orgs';
import type { OrgRecord } from '../shared/orgs/org-record';
import { UsageError } from './cli-errors';
import type { CliSession } from './cli-session';
import { action, type Report } from './command-runner';
import { pushReport } from './monitors-report';
import { listOf, parsedBy } from './option-parsers';
import { existingOrg } from './org-arguments';

/** Orgs in flight at once: Mackerel's rate limits are per org, so this bounds our own load, not theirs. */
const DEFAULT_CONCURRENCY = 16;

const selection = z
  .object({
    org: z.array(orgNameSchema).default([]),
    all: z.boolean().default(false),
    dir: z.string().min(1).default('monitors'),
    concurrency: z.int().min(1).max(64).default(DEFAULT_CONCURRENCY),
  })
  .refine((s) => s.org.length > 0 !== s.all, {
    message: 'give --org <name> (repeatable) or --all',
    path: ['all'],
  });

const diffInput = selection.and(
  z.object({ exitCode: z.boolean().default(false), prune: z.boolean().default(false) }),
);
const pushInput = selection.and(
  z.object({
    dryRun: z.boolean().default(false),
    prune: z.boolean().default(false),
    revision: z.string().min(1).max(100).optional(),
  }),
);
const pullInput = z.object({ org: orgNameSchema, out: z.string().min(1).optional() });

type Selection = z.infer<typeof selection>;

/** The selected orgs' records: `--all` is every enabled org; a named org must exist (disabled is refused). */
async function selectedOrgs(session: CliSession, input: Selection): Promise<OrgRecord[]> {
  if (input.all) return (await firestoreOrgs(session.firestore()).list()).filter((o) => o.enabled);
  const records = await Promise.all(input.org.map((name) => existingOrg(session, name)));
  const disabled = records.filter((o) => !o.enabled).map((o) => o.name);
  if (disabled.length > 0) throw new UsageError(`disabled org(s): ${disabled.join(', ')}`);
  return records;
}

async function templates(dir: string): Promise<TemplateFolder> {
  return parseTemplateFolder(await readTemplateFolder(dir));
}

/** Org files for orgs the directory does not have (a typo, or an org not added yet). */
const strayOrgFiles = (folder: TemplateFolder, orgs: readonly OrgRecord[], all: boolean): string[] =>
  all
    ? folder.orgFileNames
        .filter((name) => !orgs.some((o) => o.name === name))
        .map((name) => `org file for ${name}, which is not an enabled org in the directory`)
    : [];

function monitorsApiFor(session: CliSession): (org: string) => Promise<MonitorsApi> {
  return orgApiClients({ secrets: session.secretReader(), baseUrl: session.env().mackerelBaseUrl });
}

async function run(
  session: CliSession,
  input: Selection,
  options: { dryRun: boolean; prune: boolean; record: boolean; revision: string | null },
) {
  const folder = await templates(input.dir);
  const orgs = await selectedOrgs(session, input);
  const byName = new Map(orgs.map((o) => [o.name, o]));
  const outcomes = await pushOrgs(
    {
      render: (name) => {
        const org = byName.get(name);
        return org ? orgRenderingOf(folder, org) : { ok: false, errors: [`${name} is not in the directory`] };
      },
      apiFor: monitorsApiFor(session),
      ...(options.record ? { plans: firestoreMonitorPlans(session.firestore()) } : {}),
      now: session.now,
      revision: options.revision,
      concurrency: input.concurrency,
    },
    orgs.map((o) => o.name),
    { dryRun: options.dryRun, prune: options.prune },
  );
  return {
    outcomes,
    warnings: [...folder.errorsOutsideOrgs.map(templateErrorText), ...strayOrgFiles(folder, orgs, input.all)],
  };
}

async function diff(session: CliSession, input: z.infer<typeof diffInput>): Promise<Report> {
  const { outcomes, warnings } = await run(session, input, {
    dryRun: true,
    prune: input.prune,
    record: false,
    revision: null,
  });
  return pushReport(outcomes, { prune: input.prune, exitOnChanges: input.exitCode, warnings });
}

async function push(session: CliSession, input: z.infer<typeof pushInput>): Promise<Report> {
  const { outcomes, warnings } = await run(session, input, {
    dryRun: input.dryRun,
    prune: input.prune,
    record: !input.dryRun,
    revision: input.revision ?? null,
  });
  return pushReport(outcomes, { prune: input.prune, exitOnChanges: false, warnings });
}

async function pull(session: CliSession, input: z.infer<typeof pullInput>): Promise<Report> {
  await existingOrg(session, input.org);
  const api = await monitorsApiFor(session)(input.org);
  const [monitors, downtimes] = await Promise.all([api.listMonitors(), api.listDowntimes()]);
  const yaml = pulledSetYaml(input.org, monitors, downtimes, monitorNamesById(monitors));
  if (input.out !== undefined) await writeFile(input.out, yaml);
  return {
    json: { org: input.org, monitors: monitors.length, downtimes: downtimes.length, out: input.out ?? null },
    text:
      input.out === undefined
        ? yaml
        : `Wrote ${monitors.length} monitors and ${downtimes.length} downtimes of ${input.org} to ${input.out}.`,
  };
}

const concurrencyOption = (command: Command) =>
  command
    .option('--org <name>', 'this org (repeatable or comma-separated)', listOf(orgNameSchema))
    .option('--all', 'every enabled org in the directory')
    .option('--dir <path>', 'the template folder (sets/, orgs/)', 'monitors')
    .option(
      '--concurrency <n>',
      `orgs in flight at once (default ${DEFAULT_CONCURRENCY})`,
      parsedBy(z.coerce.number().int().min(1).max(64)),
    );

export function registerMonitorsCommands(program: Command, session: CliSession): void {
  const monitors = program
    .command('monitors')
    .description(
      'monitors and downtimes as code: templates in monitors/ rendered per org, diffed and pushed to every org through its own key',
    );
  monitors
    .command('pull')
    .description("the org's monitors and downtimes as a template set (YAML), ids and defaults left out")
    .requiredOption('--org <name>', 'the org')
    .option('--out <file>', 'write the YAML here instead of printing it')
    .action(action(session, pullInput, (input) => pull(session, input)));
  concurrencyOption(
    monitors
      .command('diff')
      .description(
        'what a push would change, per org: matched by name, server ids and API defaults ignored; nothing is written',
      )
      .option('--exit-code', `exit 3 when some org has changes to push (1 on failures)`)
      .option('--prune', 'count would-deletes as changes'),
  ).action(action(session, diffInput, (input) => diff(session, input)));
  concurrencyOption(
    monitors
      .command('push')
      .description(
        'create and update what the templates say; delete only with --prune, and only what carries the managed marker',
      )
      .option('--dry-run', 'plan only, as diff does')
      .option('--prune', 'delete managed monitors and downtimes no template renders any more')
      .option(
        '--revision <sha>',
        "the templates' commit, recorded with each org's plan (Cloud Build: $COMMIT_SHA)",
      ),
  ).action(action(session, pushInput, (input) => push(session, input)));
}
