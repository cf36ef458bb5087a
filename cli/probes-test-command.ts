import type { Command } from 'commander';
import { z } from 'zod';
import { orgNameSchema } from '../shared/kernel/org-name';
import { epochText } from '../shared/kernel/time/jst-format';
import type { HostMetricValue } from '../shared/mackerel/api/host-metric-schema';
import { orgApiClients } from '../shared/mackerel/api/org-api-clients';
import { targetRunner } from '../shared/probes/adapters/target-runner';
import type { OrgProbes } from '../shared/probes/org-probes';
import type { ProbeDefinition } from '../shared/probes/probe-definition';
import { probeHostOf } from '../shared/probes/probe-host';
import { probeMetrics } from '../shared/probes/probe-metrics';
import type { ProbeResult } from '../shared/probes/probe-result';
import { type ProbeTargetProblem, probeTargets } from '../shared/probes/probe-targets';
import { EXIT_CODES, UsageError } from './cli-errors';
import type { CliSession } from './cli-session';
import { action, type Report } from './command-runner';
import { storedProbes } from './probes-file';
import { textTable } from './text-table';

const testInput = z.object({ org: orgNameSchema, probe: z.string().min(1).optional() });

/** From one operator's machine: fewer in flight than a round's chunk, and the same budget. */
const CONCURRENCY = 20;
const DEADLINE_MS = 30_000;

/** Every enabled probe, or the one named (run even when disabled: testing it before enabling is the point). */
function selectProbes(stored: OrgProbes, org: string, id: string | undefined) {
  if (id === undefined) {
    return { probes: stored.probes, notRun: stored.probes.filter((p) => !p.enabled).map((p) => p.id) };
  }
  const probe = stored.probes.find((p) => p.id === id);
  if (!probe) {
    const ids = stored.probes.map((p) => p.id).join(', ') || 'none';
    throw new UsageError(`org ${org} has no probe ${id}; its probes: ${ids}`);
  }
  const probes: ProbeDefinition[] = [{ ...probe, enabled: true }];
  return { probes, notRun: [] };
}

interface TargetOutcome {
  result: ProbeResult;
  hostName: string;
  metrics: HostMetricValue[];
}

const failureText = (r: ProbeResult) => (r.failure ? `${r.failure.kind}: ${r.failure.message}` : '-');

const problemRow = (p: ProbeTargetProblem, hostLabel: (id: string) => string) => [
  p.kind,
  p.probeId,
  hostLabel(p.hostId),
  'field' in p ? p.field : '-',
  p.message,
];

function testReport(
  org: string,
  time: number,
  outcomes: readonly TargetOutcome[],
  problems: readonly ProbeTargetProblem[],
  notRun: readonly string[],
  hostLabel: (id: string) => string,
): Report {
  const failed = outcomes.filter((o) => !o.result.ok).length;
  const lines = [
    `${org}: ${outcomes.length} target(s) run from this machine (not from Cloud Functions); nothing is posted`,
    textTable(
      ['PROBE', 'HOST', 'RESULT', 'MS', 'STATUS', 'FAILURE'],
      outcomes.map(({ result: r, hostName }) => [
        r.probeId,
        hostName,
        r.ok ? 'OK' : 'FAIL',
        String(Math.round(r.durationMs)),
        r.statusCode === undefined ? '-' : String(r.statusCode),
        failureText(r),
      ]),
    ),
  ];
  if (outcomes.length > 0) {
    lines.push(
      `metrics a round would post (time ${epochText(time)}; --json has exact values):`,
      textTable(
        ['HOST', 'METRIC', 'VALUE'],
        outcomes.flatMap((o) =>
          o.metrics.map((m) => [o.hostName, m.name, String(Number(m.value.toFixed(3)))]),
        ),
      ),
    );
  }
  if (problems.length > 0) {
    lines.push(
      `problems (${problems.length}): definitions that could not become targets`,
      textTable(
        ['KIND', 'PROBE', 'HOST', 'FIELD', 'MESSAGE'],
        problems.map((p) => problemRow(p, hostLabel)),
      ),
    );
  }
  if (notRun.length > 0)
    lines.push(`disabled, not run: ${notRun.join(', ')} (name one with --probe to test it)`);
  lines.push(
    `${outcomes.length} target(s): ${outcomes.length - failed} OK, ${failed} failed; ${problems.length} problem(s)`,
  );
  const json = {
    org,
    time,
    posted: false,
    results: outcomes.map(({ result, hostName, metrics }) => ({ ...result, hostName, metrics })),
    problems: problems.map((p) => ({ ...p, host: hostLabel(p.hostId) })),
    notRun,
    summary: { targets: outcomes.length, ok: outcomes.length - failed, failed, problems: problems.length },
  };
  const exitCode = failed > 0 || problems.length > 0 ? EXIT_CODES.failed : EXIT_CODES.ok;
  return { json, text: lines.join('\n'), exitCode };
}

/**
 * The org's probes against its hosts as Mackerel lists them now, run here under the org's address policy
 * (loopback allowed only in a local session, for the stand-ins), with the metrics a round would post.
 */
async function testProbes(session: CliSession, input: z.infer<typeof testInput>): Promise<Report> {
  const stored = await storedProbes(session, input.org);
  const { probes, notRun } = selectProbes(stored, input.org, input.probe);
  const env = session.env();
  const client = await orgApiClients({ secrets: session.secretReader(), baseUrl: env.mackerelBaseUrl })(
    input.org,
  );
  const hosts = (await client.listHosts()).map(probeHostOf);
  const plan = probeTargets(probes, hosts);
  const run = targetRunner({
    concurrency: CONCURRENCY,
    roundDeadlineMs: DEADLINE_MS,
    allowLoopback: env.local,
  });
  const { results } = await run(plan.targets, stored.settings);
  const time = Math.floor(session.now().getTime() / 1000);
  const names = new Map(hosts.map((h) => [h.id, h.name]));
  const hostLabel = (id: string) => {
    const name = names.get(id);
    return name === undefined ? id : `${name} (${id})`;
  };
  const outcomes = results.map((result) => ({
    result,
    hostName: names.get(result.hostId) ?? result.hostId,
    metrics: probeMetrics(result, time),
  }));
  return testReport(input.org, time, outcomes, plan.problems, notRun, hostLabel);
}

export function registerProbesTestCommand(probes: Command, session: CliSession): void {
  probes
    .command('test')
    .description(
      "run the org's probes now from this machine against its hosts as Mackerel lists them, showing each result and the metrics a round would post (nothing is posted); exit 1 when a target fails or a definition has a problem",
    )
    .requiredOption('--org <name>', 'the org')
    .option('--probe <id>', 'only this probe (run even if disabled)')
    .action(action(session, testInput, (input) => testProbes(session, input)));
}
