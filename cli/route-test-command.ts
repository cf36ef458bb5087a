import type { Command } from 'commander';
import { z } from 'zod';
import { tryRoute } from '../shared/alerting/adapters/firestore-route-trial';
import { describeRoutingTarget, trialVerdict } from '../shared/alerting/router/route-trial';
import { orgNameSchema } from '../shared/kernel/org-name';
import { parseWebhookBody } from '../shared/mackerel/webhook/parse-webhook';
import type { WebhookEvent } from '../shared/mackerel/webhook/webhook-event-schema';
import { describeDestinations } from '../shared/routing/describe-destinations';
import type { RouteEvaluation } from '../shared/routing/match-routes';
import { UsageError } from './cli-errors';
import type { CliSession } from './cli-session';
import { action, type Report } from './command-runner';
import { problemLines } from './config-problems';
import { readJsonFile } from './input-file';
import { existingOrg } from './org-arguments';

/** The event file, read and validated as intake would; any fault is the caller's (exit 2). */
async function readEvent(path: string): Promise<WebhookEvent> {
  const parsed = parseWebhookBody(await readJsonFile(path));
  if (!parsed.ok) {
    throw new UsageError(
      `${path} is not a Mackerel webhook body: ${parsed.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
    );
  }
  return parsed.event;
}

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
  const trial = await tryRoute(session.firestore(), event, org, session.now());
  const { target, decision, suppression, recipients, mailed, problems } = trial;
  const { to, cc } = recipients;
  const text = [
    `Event: ${describeRoutingTarget(target)}`,
    trialVerdict(trial),
    'Matched:',
    ...(decision.matched.length > 0
      ? decision.matched.flatMap((m) => evaluationLines(m, ` -> ${describeDestinations(m)}`))
      : ['  (none)']),
    ...(decision.muted.length > 0
      ? ['Matched but muted now (time intervals):', ...decision.muted.flatMap((e) => evaluationLines(e, ''))]
      : []),
    'Not matched:',
    ...(decision.notMatched.length > 0
      ? decision.notMatched.flatMap((e) => evaluationLines(e, ''))
      : ['  (none)']),
    ...problemLines(problems),
  ].join('\n');
  return {
    json: {
      org,
      target,
      mailed,
      recipients: { to, cc },
      suppression: suppression ?? null,
      ...decision,
      problems,
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
