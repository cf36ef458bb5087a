import type { FieldChange } from '../shared/monitors/plan/field-changes';
import type { NamedPlan, PlanStep } from '../shared/monitors/plan/named-plan';
import { countsText, hasChanges } from '../shared/monitors/plan/org-plan';
import type { OrgPushOutcome } from '../shared/monitors/push/push-outcome';
import { EXIT_CODES } from './cli-errors';
import type { Report } from './command-runner';

const value = (v: unknown): string => (v === undefined ? '(default)' : JSON.stringify(v));
const changeText = (c: FieldChange): string => `${c.field}: ${value(c.server)} -> ${value(c.template)}`;

function stepLine<T>(object: string, step: PlanStep<T>, prune: boolean): string[] {
  const name = `${object} "${step.desired.name}"`;
  if (step.action === 'unchanged') return [];
  if (step.action === 'create') return [`  + ${name} (${step.desired.set})`];
  if (step.action === 'conflict') return [`  ! ${name}: ${step.problem}`];
  if (step.action === 'replace')
    return [`  ! ${name}: replaced (deleted and made again)${prune ? '' : ', with --prune only'}`];
  return [
    `  ~ ${name}${step.adopts ? ' (made by hand: the push adopts it)' : ''}`,
    ...step.changes.map((c) => `      ${changeText(c)}`),
  ];
}

/** One line per step that does something: `+` create, `~` update, `!` replace or conflict, `-` would-delete. */
function stepLines<T>(object: string, plan: NamedPlan<T>, prune: boolean): string[] {
  const lines = plan.steps.flatMap((step) => stepLine(object, step, prune));
  const verb = prune ? 'deleted' : 'would be deleted with --prune';
  return [...lines, ...plan.wouldDelete.map((d) => `  - ${object} "${d.name}" (${d.set}): ${verb}`)];
}

/** The steps that do something, for scripts: what, which, and the fields that change. */
function stepsJson<T>(object: string, plan: NamedPlan<T>) {
  return [
    ...plan.steps
      .filter((step) => step.action !== 'unchanged')
      .map((step) => ({
        object,
        action: step.action,
        name: step.desired.name,
        fields: 'changes' in step ? step.changes.map((c) => c.field) : [],
      })),
    ...plan.wouldDelete.map((d) => ({ object, action: 'would-delete', name: d.name, fields: [] })),
  ];
}

function orgLines(outcome: OrgPushOutcome, prune: boolean): string[] {
  if (outcome.status === 'skipped') return [`${outcome.org}: skipped (${outcome.reason})`];
  if (outcome.status === 'template-error') {
    return [`${outcome.org}: template errors, nothing pushed`, ...outcome.errors.map((e) => `  ${e}`)];
  }
  const counts = outcome.counts === null ? '' : `: ${countsText(outcome.counts, prune)}`;
  const lines = [`${outcome.org}: ${outcome.status}${counts}`];
  if (outcome.plan) {
    lines.push(...stepLines('monitor', outcome.plan.monitors, prune));
    lines.push(...stepLines('downtime', outcome.plan.downtimes, prune));
  }
  if (outcome.status !== 'planned') {
    const a = outcome.applied;
    lines.push(
      `  applied: ${a.created} created, ${a.updated} updated, ${a.replaced} replaced, ${a.deleted} deleted`,
    );
  }
  for (const e of outcome.objectErrors) lines.push(`  refused ${e.object} "${e.name}": ${e.message}`);
  if (outcome.error !== null) lines.push(`  failed: ${outcome.error}`);
  return lines;
}

const isFailure = (o: OrgPushOutcome): boolean =>
  o.status === 'failed' || o.status === 'template-error' || o.status === 'partial';

const changed = (o: OrgPushOutcome, prune: boolean): boolean =>
  o.status === 'planned' && o.counts !== null && hasChanges(o.counts, prune);

/** What one line per org and the totals say; JSON keeps the counts, steps and errors, not the rendered specs. */
export function pushReport(
  outcomes: readonly OrgPushOutcome[],
  options: { prune: boolean; exitOnChanges: boolean; warnings: readonly string[] },
): Report {
  const byStatus = new Map<string, number>();
  for (const o of outcomes) byStatus.set(o.status, (byStatus.get(o.status) ?? 0) + 1);
  const totals = [...byStatus].map(([status, n]) => `${n} ${status}`).join(', ');
  const withChanges = outcomes.filter((o) => changed(o, options.prune)).length;
  const failed = outcomes.some(isFailure);
  const text = [
    ...options.warnings.map((w) => `warning: ${w}`),
    ...outcomes.flatMap((o) => orgLines(o, options.prune)),
    `${outcomes.length} orgs: ${totals || 'none'}${withChanges > 0 ? `; ${withChanges} with changes to push` : ''}`,
  ].join('\n');
  const json = {
    warnings: options.warnings,
    orgs: outcomes.map((o) => {
      if (o.status === 'skipped' || o.status === 'template-error') return o;
      const { plan, ...rest } = o;
      return {
        ...rest,
        steps: plan ? [...stepsJson('monitor', plan.monitors), ...stepsJson('downtime', plan.downtimes)] : [],
      };
    }),
  };
  const exitCode = failed
    ? EXIT_CODES.failed
    : options.exitOnChanges && withChanges > 0
      ? EXIT_CODES.differences
      : EXIT_CODES.ok;
  return { json, text, exitCode };
}
