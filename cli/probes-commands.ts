import type { Command } from 'commander';
import { z } from 'zod';
import { orgNameSchema } from '../shared/kernel/org-name';
import { firestoreProbeDefinitions } from '../shared/probes/adapters/firestore-probe-definitions';
import { firestoreProbeRounds } from '../shared/probes/adapters/firestore-probe-rounds';
import type { CliSession } from './cli-session';
import { action, type Report } from './command-runner';
import { existingOrg } from './org-arguments';
import { readProbesFile, storedProbes } from './probes-file';
import { probesSet } from './probes-monitors-yaml';
import { kindCounts, kindsText, listReport, type OrgListing } from './probes-report';
import { registerProbesTestCommand } from './probes-test-command';

const setInput = z.object({
  org: orgNameSchema,
  file: z.string().min(1),
  dryRun: z.boolean().default(false),
});
const listInput = z.object({ org: orgNameSchema.optional() });
const orgInput = z.object({ org: orgNameSchema });

const idsText = (ids: readonly string[]) => (ids.length > 0 ? ids.join(', ') : 'none');

/** The file replaces the org's probes and settings whole; the summary says which ids came and went. */
async function setProbes(session: CliSession, input: z.infer<typeof setInput>): Promise<Report> {
  const probes = await readProbesFile(input.file);
  await existingOrg(session, input.org);
  const store = firestoreProbeDefinitions(session.firestore());
  const before = new Set((await store.get(input.org))?.probes.map((p) => p.id) ?? []);
  const ids = probes.probes.map((p) => p.id);
  const added = ids.filter((id) => !before.has(id));
  const removed = [...before].filter((id) => !ids.includes(id));
  if (!input.dryRun) await store.put(input.org, probes);
  const enabled = probes.probes.filter((p) => p.enabled).length;
  const verb = input.dryRun ? 'Valid (dry run, nothing stored)' : 'Stored';
  return {
    json: {
      org: input.org,
      dryRun: input.dryRun,
      probes: ids.length,
      enabled,
      kinds: kindCounts(probes.probes),
      added,
      removed,
      allowRanges: probes.settings.allowRanges,
    },
    text: [
      `${verb}: ${ids.length} probe(s) for ${input.org} (${kindsText(probes.probes)}; ${enabled} enabled)`,
      `added: ${idsText(added)}; removed: ${idsText(removed)}`,
      ...(input.dryRun ? [] : ['The next round runs them; `msp-ops probes monitors` prints their monitors.']),
    ].join('\n'),
  };
}

async function listProbes(session: CliSession, input: z.infer<typeof listInput>): Promise<Report> {
  const db = session.firestore();
  const definitions = firestoreProbeDefinitions(db);
  let stored: { org: string; probes: OrgListing['probes'] }[];
  if (input.org !== undefined) {
    await existingOrg(session, input.org);
    stored = [{ org: input.org, probes: await definitions.get(input.org) }];
  } else stored = await definitions.list();
  const orgs = stored.map((s) => s.org);
  const rounds = await firestoreProbeRounds(db).list(orgs);
  const listings = stored
    .map((s) => ({
      ...s,
      rounds: rounds.filter((r) => r.org === s.org).sort((a, b) => a.chunk - b.chunk),
    }))
    .sort((a, b) => a.org.localeCompare(b.org));
  return listReport(listings);
}

async function printMonitors(session: CliSession, input: z.infer<typeof orgInput>): Promise<Report> {
  const stored = await storedProbes(session, input.org);
  const { set, file, monitors, yaml } = probesSet(input.org, stored.probes);
  return { json: { org: input.org, set, file, monitors }, text: yaml };
}

export function registerProbesCommands(program: Command, session: CliSession): void {
  const probes = program
    .command('probes')
    .description(
      "external probes (http, tcp, dns) run against each org's hosts, posted as host metrics: probeDefinitions/{org}",
    );
  probes
    .command('set')
    .description("replace the org's probes and settings with a file (YAML or JSON: { probes, settings })")
    .requiredOption('--org <name>', 'the org')
    .requiredOption('--file <path>', 'the probes file, such as monitors/probes/<org>.yaml')
    .option('--dry-run', 'validate only, store nothing')
    .action(action(session, setInput, (input) => setProbes(session, input)));
  probes
    .command('list')
    .description("each org's probes and its last round per chunk, with the problems and failures it recorded")
    .option('--org <name>', 'only this org')
    .action(action(session, listInput, (input) => listProbes(session, input)));
  registerProbesTestCommand(probes, session);
  probes
    .command('monitors')
    .description(
      "the Mackerel monitors matching the org's probes, as a monitors/ set file (YAML) for `msp-ops monitors push`",
    )
    .requiredOption('--org <name>', 'the org')
    .action(action(session, orgInput, (input) => printMonitors(session, input)));
}
