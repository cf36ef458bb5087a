import type { Command } from 'commander';
import { z } from 'zod';
import { firestoreRoutingConfig } from '../shared/alerting/adapters/firestore-routing-config';
import { envInt } from '../shared/kernel/config/env-fields';
import { mapLimited } from '../shared/kernel/map-limited';
import { ALL_ORGS } from '../shared/kernel/org-name';
import { firestoreOrgs } from '../shared/orgs/adapters/firestore-orgs';
import { describeMatch } from '../shared/routing/describe-match';
import { inRouteOrder } from '../shared/routing/match-routes';
import {
  configIdSchema,
  type MspRoute,
  mspRouteSchema,
  type Route,
  routeSchema,
} from '../shared/routing/route-schema';
import { UsageError } from './cli-errors';
import type { CliSession } from './cli-session';
import { action, type Report, validInput } from './command-runner';
import { problemLines } from './config-problems';
import { addMatcherOptions, matcherOptionsShape, matchersOf } from './matcher-options';
import { listOf, parsedBy } from './option-parsers';
import { existingOrg, orgOrAllSchema } from './org-arguments';
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
  to: z.array(z.string()),
  cc: z.array(z.string()).default([]),
  continue: z.boolean().default(false),
  groupInterval: z.number().optional(),
  repeatInterval: z.number().optional(),
  activeIntervals: z.array(configIdSchema).optional(),
  muteIntervals: z.array(configIdSchema).optional(),
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

/** A route as listed: where it lives (`*` for MSP-wide) and what it is. */
export type ListedRoute = { org: string } & (Route | MspRoute);

async function addRoute(session: CliSession, input: z.infer<typeof addInput>): Promise<Report> {
  const msp = input.org === ALL_ORGS;
  const route = {
    id: input.id,
    name: input.name,
    order: input.order,
    match: matchersOf(input),
    continue: input.continue,
    enabled: true,
    recipients: { to: input.to, cc: input.cc },
    groupIntervalSeconds: input.groupInterval,
    repeatIntervalSeconds: input.repeatInterval,
    activeTimeIntervals: input.activeIntervals,
    muteTimeIntervals: input.muteIntervals,
  };
  const valid = validInput(msp ? mspRouteSchema : routeSchema, route, 'route');
  if (!msp) await existingOrg(session, input.org);
  await checkIntervals(session, input);
  const config = firestoreRoutingConfig(session.firestore());
  const where = msp ? 'the MSP-wide routes' : `org ${input.org}`;
  if (!input.replace && (await config.hasRoute(input.org, input.id))) {
    throw new Error(`route ${input.id} exists already in ${where} (--replace to overwrite it)`);
  }
  const stored = msp ? await config.putMspRoute(valid) : await config.putRoute(input.org, valid);
  return {
    json: { org: input.org, ...stored },
    text: `Saved route ${stored.id} in ${where}: order ${stored.order}, ${describeMatch(stored.match)} -> ${stored.recipients.to.join(', ')}`,
  };
}

/** The org's routes, or every org's, then the MSP-wide ones (filtered to the org when one is named). */
async function listRoutes(session: CliSession, org: string | undefined): Promise<Report> {
  const db = session.firestore();
  const orgs =
    org === undefined
      ? (await firestoreOrgs(db).list()).map((o) => o.name).sort()
      : org === ALL_ORGS
        ? []
        : [(await existingOrg(session, org)).name];
  const config = firestoreRoutingConfig(db);
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
    r.recipients.to.join(','),
    r.recipients.cc.join(',') || '-',
    r.continue ? 'yes' : 'no',
    r.enabled ? 'yes' : 'no',
  ]);
  const table = textTable(['ORG', 'ORDER', 'ID', 'NAME', 'MATCH', 'TO', 'CC', 'CONTINUE', 'ENABLED'], rows);
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
    .requiredOption('--to <addr>', 'recipient; repeatable or comma-separated', listOf(email))
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
}
