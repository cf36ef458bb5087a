import type { Command } from 'commander';
import { z } from 'zod';
import { searchHosts } from '../shared/fleet/adapters/host-search';
import { orgNameSchema } from '../shared/kernel/org-name';
import { epochText } from '../shared/kernel/time/jst-format';
import { globSchema } from '../shared/routing/glob';
import type { CliSession } from './cli-session';
import { action, type Report } from './command-runner';
import { textTable } from './text-table';

const searchInput = z.object({
  args: z.tuple([globSchema]),
  org: orgNameSchema.optional(),
  status: z.string().trim().min(1).optional(),
});

const SOURCES_NOTE =
  "source: audit = the org audit's host snapshot (names, first seen; as of its last round), router = the host inventory kept from host events (status, roles)";

async function search(session: CliSession, input: z.infer<typeof searchInput>): Promise<Report> {
  const [pattern] = input.args;
  const result = await searchHosts(session.firestore(), { pattern, org: input.org, status: input.status });
  const rows = result.hits.map((h) => [
    h.org,
    h.name,
    h.hostId,
    h.status ?? '-',
    h.roles.join(',') || '-',
    epochText(h.firstSeenAt),
    h.source,
  ]);
  const text = [
    textTable(['ORG', 'NAME', 'HOST ID', 'STATUS', 'ROLES', 'FIRST SEEN', 'SOURCE'], rows),
    `${result.hits.length} host(s); ${result.auditSnapshots} audit snapshot(s) searched, ${result.routerInventories} router inventor${result.routerInventories === 1 ? 'y' : 'ies'} read`,
    SOURCES_NOTE,
  ].join('\n');
  return { json: { pattern, ...result }, text };
}

export function registerHostsCommands(program: Command, session: CliSession): void {
  const hosts = program.command('hosts').description('hosts across every org');
  hosts
    .command('search')
    .description(
      'hosts whose name matches: a glob (`web-*`, anchored, case-sensitive) or else a substring (any case)',
    )
    .argument('<pattern>', 'glob or substring of the host name')
    .option('--org <name>', 'only this org')
    .option(
      '--status <status>',
      'only hosts in this status: working, standby, maintenance, poweroff, retired',
    )
    .action(action(session, searchInput, (input) => search(session, input)));
}
