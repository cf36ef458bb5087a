import type { Command } from 'commander';
import { z } from 'zod';
import { describeSuppression } from '../shared/alerting/router/suppression';
import { listAlerts } from '../shared/fleet/adapters/alert-listing';
import { envInt } from '../shared/kernel/config/env-fields';
import { orgNameSchema } from '../shared/kernel/org-name';
import { epochText } from '../shared/kernel/time/jst-format';
import { ALERT_STATUSES } from '../shared/mackerel/alert-status';
import type { CliSession } from './cli-session';
import { action, type Report } from './command-runner';
import { listOf, parsedBy } from './option-parsers';
import { textTable } from './text-table';

const listInput = z.object({
  open: z.boolean().default(false),
  org: orgNameSchema.optional(),
  severity: z.array(z.enum(ALERT_STATUSES)).default([]),
  limit: z.number().default(500),
});

async function list(session: CliSession, input: z.infer<typeof listInput>): Promise<Report> {
  const listing = await listAlerts(session.firestore(), {
    org: input.org,
    openOnly: input.open,
    statuses: input.severity,
  });
  const shown = listing.alerts.slice(0, input.limit);
  const rows = shown.map((a) => [
    a.org,
    a.alertId,
    a.status,
    a.isOpen ? 'open' : 'closed',
    a.target,
    a.monitorName || '-',
    epochText(a.openedAt),
    a.suppression ? `muted: ${describeSuppression(a.suppression)}` : '',
  ]);
  const text = [
    textTable(['ORG', 'ALERT', 'STATUS', 'STATE', 'TARGET', 'MONITOR', 'OPENED', 'NOTE'], rows),
    `${shown.length} of ${listing.alerts.length} alert(s), newest first, across ${listing.orgs} org(s)`,
    ...listing.unreadable.map((path) => `unreadable ${path}`),
  ].join('\n');
  return { json: { ...listing, alerts: shown, total: listing.alerts.length }, text };
}

export function registerAlertsCommands(program: Command, session: CliSession): void {
  const alerts = program.command('alerts').description('alerts as the router keeps them, across every org');
  alerts
    .command('list')
    .description('alerts and alert groups, newest opened first')
    .option('--open', 'only open ones')
    .option('--org <name>', 'only this org')
    .option(
      '--severity <status>',
      `only this status (${ALERT_STATUSES.join(', ')}); repeatable or comma-separated`,
      listOf(z.enum(ALERT_STATUSES)),
    )
    .option('--limit <n>', 'at most this many (500)', parsedBy(envInt(1, 1_000_000)))
    .action(action(session, listInput, (input) => list(session, input)));
}
