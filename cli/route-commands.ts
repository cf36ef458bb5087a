import type { Command } from 'commander';
import { z } from 'zod';
import { firestoreRoutingConfig } from '../shared/alerting/adapters/firestore-routing-config';
import { envInt } from '../shared/kernel/config/env-fields';
import { mapLimited } from '../shared/kernel/map-limited';
import { ALL_ORGS } from '../shared/kernel/org-name';
import { SecretNotFoundError } from '../shared/kernel/ports/secret-reader';
import {
  type NotificationTarget,
  secretNameSchema,
  secretOf,
} from '../shared/notify/targets/notification-target';
import { describeDestinations, describeTarget, describeTimes } from '../shared/routing/describe-destinations';
import { describeMatch } from '../shared/routing/describe-match';
import { inRouteOrder } from '../shared/routing/match-routes';
import {
  configIdSchema,
  type MspRoute,
  mspRouteSchema,
  type Route,
  routeSchema,
  targetsOfRoute,
} from '../shared/routing/route-schema';
import { UsageError } from './cli-errors';
import type { CliSession } from './cli-session';
import { action, type Report, validInput } from './command-runner';
import { problemLines } from './config-problems';
import { registerInhibitCommands } from './inhibit-commands';
import { addMatcherOptions, matcherOptionsShape, matchersOf } from './matcher-options';
import { listOf, parsedBy } from './option-parsers';
import { existingOrg, listedOrgs, orgOrAllSchema } from './org-arguments';
import { registerRouteTestCommand } from './route-test-command';
import { textTable } from './text-table';
import { registerTimeIntervalCommands } from './time-interval-commands';

const email = z.email();
const seconds = envInt(1, 7 * 86_400);
const orderSchema = z
  .string()
  .regex(/^-?\d+(\.\d+)?$/, 'expected a number')
  .transform(Number);

const addInput = z.object({
  org: orgOrAllSchema,
  id: configIdSchema,
  name: z.string().trim().min(1),
  order: z.number(),
  ...matcherOptionsShape,
  to: z.array(z.string()).default([]),
  cc: z.array(z.string()).default([]),
  slack: z.array(secretNameSchema).default([]),
  teams: z.array(secretNameSchema).default([]),
  pagerduty: z.array(secretNameSchema).default([]),
  continue: z.boolean().default(false),
  groupInterval: z.number().optional(),
  repeatInterval: z.number().optional(),
  activeIntervals: z.array(configIdSchema).optional(),
  muteIntervals: z.array(configIdSchema).optional(),
  holdWhileMuted: z.boolean().default(false),
  replace: z.boolean().default(false),
});

/** A route naming a time interval nobody stored would be skipped by the router: refuse it now. */
async function checkIntervals(session: CliSession, input: z.infer<typeof addInput>): Promise<void> {
  const named = [
    ['--active-intervals', input.activeIntervals ?? []],
    ['--mute-intervals', input.muteIntervals ?? []],
  ] as const;
  if (named.every(([, ids]) => ids.length === 0)) return;
  const stored = (await firestoreRoutingConfig(session.firestore()).listTimeIntervals()).items.map(
    (i) => i.id,
  );
  for (const [flag, ids] of named) {
    const unknown = ids.filter((id) => !stored.includes(id));
    if (unknown.length > 0) {
      throw new UsageError(
        `${flag}: no time interval ${unknown.map((id) => JSON.stringify(id)).join(', ')} (stored: ${stored.join(', ') || 'none'})`,
      );
    }
  }
}

/** The route's targets from the flags: mail when it has addresses, then each chat and paging secret. */
function targetsOf(input: z.infer<typeof addInput>): NotificationTarget[] {
  return [
    ...(input.to.length > 0 ? [{ kind: 'email' as const }] : []),
    ...input.slack.map((webhookUrlSecret) => ({ kind: 'slack' as const, webhookUrlSecret })),
    ...input.teams.map((webhookUrlSecret) => ({ kind: 'teams' as const, webhookUrlSecret })),
    ...input.pagerduty.map((routingKeySecret) => ({ kind: 'pagerduty' as const, routingKeySecret })),
  ];
}

/** A target whose secret has no value would fail every send: refuse it now (the value is not shown). */
async function checkSecrets(session: CliSession, targets: readonly NotificationTarget[]): Promise<void> {
  for (const target of targets) {
    const name = secretOf(target);
    if (name === undefined) continue;
    try {
      await session.secretReader().read(name);
    } catch (error) {
      if (!(error instanceof SecretNotFoundError)) throw error;
      throw new UsageError(`--${target.kind}: ${error.message} (add a version before naming it in a route)`);
    }
  }
}

/** A route as listed: where it lives (`*` for MSP-wide) and what it is. */
export type ListedRoute = { org: string } & (Route | MspRoute);

async function addRoute(session: CliSession, input: z.infer<typeof addInput>): Promise<Report> {
  const msp = input.org === ALL_ORGS;
  const targets = targetsOf(input);
  if (targets.length === 0) {
    throw new UsageError('--to, --slack, --teams or --pagerduty: a route needs at least one target');
  }
  const route = {
    id: input.id,
    name: input.name,
    order: input.order,
    match: matchersOf(input),
    continue: input.continue,
    enabled: true,
    ...(input.to.length > 0 ? { recipients: { to: input.to, cc: input.cc } } : {}),
    ...(targets.length > 0 ? { targets } : {}),
    groupIntervalSeconds: input.groupInterval,
    repeatIntervalSeconds: input.repeatInterval,
    activeTimeIntervals: input.activeIntervals,
    muteTimeIntervals: input.muteIntervals,
    ...(input.holdWhileMuted && { whileMuted: 'hold' as const }),
  };
  const valid = validInput(msp ? mspRouteSchema : routeSchema, route, 'route');
  if (!msp) await existingOrg(session, input.org);
  await checkIntervals(session, input);
  await checkSecrets(session, valid.targets ?? []);
  const config = firestoreRoutingConfig(session.firestore());
  const where = msp ? 'the MSP-wide routes' : `org ${input.org}`;
  if (!input.replace && (await config.hasRoute(input.org, input.id))) {
    throw new Error(`route ${input.id} exists already in ${where} (--replace to overwrite it)`);
  }
  const stored = msp ? await config.putMspRoute(valid) : await config.putRoute(input.org, valid);
  return {
    json: { org: input.org, ...stored },
    text: `Saved route ${stored.id} in ${where}: order ${stored.order}, ${describeMatch(stored.match)} -> ${describeDestinations(stored)} (${describeTimes(stored)})`,
  };
}

/** The org's routes, or every org's, then the MSP-wide ones (filtered to the org when one is named). */
async function listRoutes(session: CliSession, org: string | undefined): Promise<Report> {
  const orgs = await listedOrgs(session, org);
  const config = firestoreRoutingConfig(session.firestore());
  const perOrg = await mapLimited(orgs, 8, async (name) => ({ name, docs: await config.listRoutes(name) }));
  const msp = await config.listMspRoutes();
  const forOrg = (route: MspRoute) =>
    org === undefined || org === ALL_ORGS || route.orgs === undefined || route.orgs.includes(org);
  const routes: ListedRoute[] = [
    ...perOrg.flatMap(({ name, docs }) => inRouteOrder(docs.items).map((r) => ({ org: name, ...r }))),
    ...inRouteOrder(msp.items.filter(forOrg)).map((r) => ({ org: ALL_ORGS, ...r })),
  ];
  const problems = [...perOrg.flatMap(({ docs }) => docs.problems), ...msp.problems];
  const rows = routes.map((r) => [
    r.org,
    String(r.order),
    r.id,
    r.name,
    describeMatch({ ...r.match, orgs: 'orgs' in r ? r.orgs : undefined }),
    r.recipients?.to.join(',') || '-',
    r.recipients?.cc.join(',') || '-',
    targetsOfRoute(r)
      .filter((target) => target.kind !== 'email')
      .map((target) => describeTarget(target))
      .join(', ') || '-',
    describeTimes(r),
    r.continue ? 'yes' : 'no',
    r.enabled ? 'yes' : 'no',
  ]);
  const table = textTable(
    ['ORG', 'ORDER', 'ID', 'NAME', 'MATCH', 'TO', 'CC', 'CHAT/PAGING', 'WHEN', 'CONTINUE', 'ENABLED'],
    rows,
  );
  return { json: { routes, problems }, text: [table, ...problemLines(problems)].join('\n') };
}

async function removeRoute(session: CliSession, org: string, id: string): Promise<Report> {
  if (org !== ALL_ORGS) await existingOrg(session, org);
  const path = await firestoreRoutingConfig(session.firestore()).deleteRoute(org, id);
  if (path === undefined)
    throw new Error(`no route ${id} in ${org === ALL_ORGS ? 'the MSP-wide routes' : `org ${org}`}`);
  return { json: { org, id, removed: true }, text: `Removed route ${id} (${path}).` };
}

export function registerRouteCommands(program: Command, session: CliSession): void {
  const route = program.command('route').description("alert routes: an org's, or MSP-wide (--org '*')");
  addMatcherOptions(
    route
      .command('add')
      .description('add a route (all matchers given must hold; a list matches if any value does)')
      .requiredOption('--org <name>', "org name, or '*' for an MSP-wide route evaluated for every org")
      .requiredOption('--id <id>', 'route id (letters, digits, - and _)')
      .requiredOption('--name <text>', 'name shown in mails and `route test`')
      .requiredOption('--order <number>', 'evaluation order, ascending', parsedBy(orderSchema)),
  )
    .option(
      '--to <addr>',
      'mail recipient; repeatable or comma-separated (none: the route does not mail)',
      listOf(email),
    )
    .option(
      '--slack <secret>',
      'post to the Slack incoming webhook whose URL this secret holds',
      listOf(secretNameSchema),
    )
    .option(
      '--teams <secret>',
      'post to the Teams Workflows webhook whose URL this secret holds',
      listOf(secretNameSchema),
    )
    .option(
      '--pagerduty <secret>',
      'page through PagerDuty with the routing key this secret holds',
      listOf(secretNameSchema),
    )
    .option('--cc <addr>', 'cc recipient; repeatable or comma-separated', listOf(email))
    .option('--continue', 'keep evaluating later routes after this one matched')
    .option(
      '--group-interval <seconds>',
      'fold further alerts into one digest for this long (300)',
      parsedBy(seconds),
    )
    .option(
      '--repeat-interval <seconds>',
      'mail a still-open alert again after this long (14400)',
      parsedBy(seconds),
    )
    .option(
      '--active-intervals <ids>',
      'time intervals the route notifies in (business-hours); repeatable or comma-separated',
      listOf(configIdSchema),
    )
    .option(
      '--mute-intervals <ids>',
      'time intervals the route is muted in; repeatable or comma-separated',
      listOf(configIdSchema),
    )
    .option(
      '--hold-while-muted',
      'while its time intervals mute the route, keep what it would send and send one digest when the mute ends',
    )
    .option('--replace', 'overwrite a route with the same id')
    .action(action(session, addInput, (input) => addRoute(session, input)));
  route
    .command('list')
    .description('routes as stored (disabled ones and unreadable documents included), in evaluation order')
    .option(
      '--org <name>',
      "one org's routes and the MSP-wide routes that apply to it; '*' for MSP-wide only",
    )
    .action(
      action(session, z.object({ org: orgOrAllSchema.optional() }), ({ org }) => listRoutes(session, org)),
    );
  route
    .command('remove')
    .description('delete a route')
    .requiredOption('--org <name>', "org name, or '*' for an MSP-wide route")
    .argument('<id>', 'route id')
    .action(
      action(
        session,
        z.object({ org: orgOrAllSchema, args: z.tuple([configIdSchema]) }),
        ({ org, args: [id] }) => removeRoute(session, org, id),
      ),
    );
  registerRouteTestCommand(route, session);
  registerTimeIntervalCommands(route, session);
  registerInhibitCommands(route, session);
}
