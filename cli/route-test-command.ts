import type { Command } from 'commander';
import { z } from 'zod';
import { firestoreHostInventory } from '../shared/alerting/adapters/firestore-host-inventory';
import { firestoreRoutingConfig } from '../shared/alerting/adapters/firestore-routing-config';
import { alertFactsOf } from '../shared/alerting/router/alert-facts';
import type { Suppression } from '../shared/alerting/router/alert-state';
import { describeSuppression, suppressionOf } from '../shared/alerting/router/suppression';
import { orgNameSchema } from '../shared/kernel/org-name';
import { parseWebhookBody } from '../shared/mackerel/webhook/parse-webhook';
import type { WebhookEvent } from '../shared/mackerel/webhook/webhook-event-schema';
import { matchRoutes, type RouteEvaluation } from '../shared/routing/match-routes';
import { type RoutingTarget, routingTargetOf } from '../shared/routing/routing-target';
import { UsageError } from './cli-errors';
import type { CliSession } from './cli-session';
import { action, type Report } from './command-runner';
import { problemLines } from './config-problems';
import { readInputFile } from './input-file';
import { existingOrg } from './org-arguments';

/** The event file, read and validated as intake would; any fault is the caller's (exit 2). */
async function readEvent(path: string): Promise<WebhookEvent> {
  const text = await readInputFile(path);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new UsageError(`${path} is not JSON`);
  }
  const parsed = parseWebhookBody(body);
  if (!parsed.ok) {
    throw new UsageError(
      `${path} is not a Mackerel webhook body: ${parsed.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
    );
  }
  return parsed.event;
}

function describeTarget(t: RoutingTarget): string {
  const facts = [
    t.eventType,
    t.alertType && `type ${t.alertType}`,
    t.severity,
    t.isOpen === undefined ? undefined : t.isOpen ? 'open' : 'closed',
    t.hostName && `host ${t.hostName}${t.hostStatus ? ` (${t.hostStatus})` : ''}`,
    t.services.length > 0 && `services ${t.services.join(',')}`,
    t.roles.length > 0 && `roles ${t.roles.join(',')}`,
    t.monitorName && `monitor ${JSON.stringify(t.monitorName)}`,
  ];
  return facts.filter((f): f is string => typeof f === 'string' && f !== '').join(', ');
}

const unique = (values: readonly string[]) => [...new Set(values)];

const evaluationLines = (e: RouteEvaluation, head: string) => [
  `  ${e.key} ${JSON.stringify(e.name)}${head}`,
  ...e.reasons.map((reason) => `      ${reason}`),
];

/**
 * Who an event would be mailed to and why, from the routing configuration the router loads (enabled routes
 * only, silences not ended) and the same matching: every matched route with the matchers that held, every
 * other route with those that failed, and whether a silence or maintenance would hold the mail back.
 */
async function testRoute(session: CliSession, path: string, org: string): Promise<Report> {
  const event = await readEvent(path);
  await existingOrg(session, org);
  const db = session.firestore();
  const now = session.now();
  const config = await firestoreRoutingConfig(db).load(org, now);
  const target = routingTargetOf(event, org);
  const decision = matchRoutes(target, config);
  const facts = alertFactsOf(event, org, Math.floor(now.getTime() / 1000));
  let suppression: Suppression | undefined;
  if (facts?.position.isOpen) {
    const host = facts.hostId ? await firestoreHostInventory(db).get(org, facts.hostId) : undefined;
    suppression = suppressionOf({
      target,
      hostId: facts.hostId,
      host: host?.value,
      eventTimeSeconds: facts.position.eventTimeSeconds,
      silences: config.silences,
      now,
    });
  }
  const to = unique(decision.matched.flatMap((m) => m.recipients.to));
  const cc = unique(decision.matched.flatMap((m) => m.recipients.cc)).filter((a) => !to.includes(a));
  const mailed = facts !== undefined && suppression === undefined && to.length > 0;
  const text = [
    `Event: ${describeTarget(target)}`,
    facts === undefined
      ? `Not mailed: the router mails alert and alertGroup events only (this is ${target.eventType}); routes shown for reference.`
      : suppression
        ? `Not mailed now: ${describeSuppression(suppression)}.`
        : `Would mail: ${to.join(', ') || 'nobody'}${cc.length > 0 ? ` (cc ${cc.join(', ')})` : ''}`,
    'Matched:',
    ...(decision.matched.length > 0
      ? decision.matched.flatMap((m) => evaluationLines(m, ` -> ${m.recipients.to.join(', ')}`))
      : ['  (none)']),
    'Not matched:',
    ...(decision.notMatched.length > 0
      ? decision.notMatched.flatMap((e) => evaluationLines(e, ''))
      : ['  (none)']),
    ...problemLines(config.problems),
  ].join('\n');
  return {
    json: {
      org,
      target,
      mailed,
      recipients: { to, cc },
      suppression: suppression ?? null,
      ...decision,
      problems: config.problems,
    },
    text,
  };
}

export function registerRouteTestCommand(route: Command, session: CliSession): void {
  route
    .command('test')
    .description('who a webhook body would be mailed to, and why the other routes did not match')
    .argument('<event.json>', 'a Mackerel webhook body, as intake receives it')
    .requiredOption('--org <name>', 'org whose webhook it is')
    .action(
      action(
        session,
        z.object({ args: z.tuple([z.string().min(1)]), org: orgNameSchema }),
        ({ args: [path], org }) => testRoute(session, path, org),
      ),
    );
}
