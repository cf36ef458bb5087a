import type { DowntimeSpec } from '../../mackerel/api/downtime-spec';
import { MackerelApiError } from '../../mackerel/api/mackerel-api-error';
import type { MonitorSpec } from '../../mackerel/api/monitor-spec';
import type { NamedPlan, PlanStep } from '../plan/named-plan';
import { type DesiredOrg, monitorNamesById, type OrgPlan, planCounts, planOrg } from '../plan/org-plan';
import type { MonitorsApi } from './monitors-api';
import {
  type AppliedCounts,
  NOTHING_APPLIED,
  type ObjectError,
  type OrgPushOutcome,
  unreadOrg,
} from './push-outcome';

export interface PushOrgOptions {
  /** Plan only: read the org, write nothing. */
  dryRun: boolean;
  /** Delete what carries our marker and is in no template (and replace what changed type). */
  prune: boolean;
}

/** Attempts of one create whose answer was lost (timeout, 5xx): each first looks whether it was made. */
const CREATE_ATTEMPTS = 3;

/** An error that ends the org's push: the key, the permission or Mackerel itself, not one object. */
class OrgStop extends Error {}

/** A step refused before any call (a conflict, a missing monitor scope). */
class ObjectRefusal extends Error {}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** 400 and 404 are about one object (Mackerel names the field); anything else is about the whole org. */
const isObjectError = (error: unknown): boolean =>
  error instanceof MackerelApiError && (error.kind === 'bad-request' || error.kind === 'not-found');

/** Applies one org's plan in order: monitors (downtimes name them), then downtimes, then prunes. */
class OrgApply {
  readonly applied: AppliedCounts = { ...NOTHING_APPLIED };
  readonly errors: ObjectError[] = [];
  private readonly monitorIds: Map<string, string>;

  constructor(
    private readonly api: MonitorsApi,
    private readonly prune: boolean,
    serverMonitorNames: ReadonlyMap<string, string>,
  ) {
    this.monitorIds = new Map([...serverMonitorNames].map(([id, name]) => [name, id]));
  }

  async monitors(plan: NamedPlan<MonitorSpec>): Promise<void> {
    for (const step of plan.steps) {
      await this.guard('monitor', step.desired.name, async () => {
        const id = await this.monitorStep(step);
        if (id !== null) this.monitorIds.set(step.desired.name, id);
      });
    }
  }

  async downtimes(plan: NamedPlan<DowntimeSpec>): Promise<void> {
    for (const step of plan.steps) {
      await this.guard('downtime', step.desired.name, () => this.downtimeStep(step));
    }
  }

  /** Downtimes first: a monitor a pruned downtime named may go too. */
  async pruneAll(plan: OrgPlan): Promise<void> {
    for (const { id, name } of plan.downtimes.wouldDelete) {
      await this.guard('downtime', name, async () => {
        await this.api.deleteDowntime(id);
        this.applied.deleted++;
      });
    }
    for (const { id, name } of plan.monitors.wouldDelete) {
      await this.guard('monitor', name, async () => {
        await this.api.deleteMonitor(id);
        this.applied.deleted++;
      });
    }
  }

  private async monitorStep(step: PlanStep<MonitorSpec>): Promise<string | null> {
    const spec = step.desired.item;
    switch (step.action) {
      case 'create': {
        const id = await this.createMonitor(spec);
        this.applied.created++;
        return id;
      }
      case 'update':
        await this.api.updateMonitor(step.id, spec);
        this.applied.updated++;
        return step.id;
      case 'replace': {
        if (!this.prune) throw new ObjectRefusal(`not replaced without --prune: ${changeList(step)}`);
        await this.api.deleteMonitor(step.id);
        const id = await this.createMonitor(spec);
        this.applied.replaced++;
        return id;
      }
      case 'conflict':
        throw new ObjectRefusal(step.problem);
      case 'unchanged':
        return step.id;
    }
  }

  private async downtimeStep(step: PlanStep<DowntimeSpec>): Promise<void> {
    if (step.action === 'unchanged') return;
    if (step.action === 'conflict') throw new ObjectRefusal(step.problem);
    const spec = this.withMonitorIds(step.desired.item);
    if (step.action === 'create') {
      await createOnce(
        () => this.api.createDowntime(spec),
        async () => (await this.api.listDowntimes()).find((d) => d.name === spec.name)?.id,
      );
      this.applied.created++;
      return;
    }
    await this.api.updateDowntime(step.id, spec);
    this.applied.updated++;
  }

  private createMonitor(spec: MonitorSpec): Promise<string> {
    return createOnce(
      () => this.api.createMonitor(spec),
      async () => (await this.api.listMonitors()).find((m) => m.name === spec.name)?.id,
    );
  }

  /** The templates name monitors; the API wants this org's ids. */
  private withMonitorIds(spec: DowntimeSpec): DowntimeSpec {
    const ids = (names: string[] | undefined) =>
      names?.map((name) => {
        const id = this.monitorIds.get(name);
        if (id === undefined) throw new ObjectRefusal(`monitor scope "${name}" is not a monitor of this org`);
        return id;
      });
    return {
      ...spec,
      monitorScopes: ids(spec.monitorScopes),
      monitorExcludeScopes: ids(spec.monitorExcludeScopes),
    };
  }

  /** One object's step: its own refusal is recorded and the push goes on; an org-wide failure stops it. */
  private async guard(object: ObjectError['object'], name: string, step: () => Promise<void>): Promise<void> {
    try {
      await step();
    } catch (error) {
      if (error instanceof ObjectRefusal || isObjectError(error)) {
        this.errors.push({ object, name, message: messageOf(error) });
        return;
      }
      throw new OrgStop(`${object} "${name}": ${messageOf(error)}`);
    }
  }
}

const changeList = (step: { changes: Array<{ field: string }> }) =>
  step.changes.map((c) => c.field).join(', ');

/**
 * A create whose answer may have been lost: before trying again, look whether the object exists (by name),
 * so a timeout does not leave two monitors with one name.
 */
async function createOnce(
  create: () => Promise<{ id: string }>,
  existing: () => Promise<string | undefined>,
): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      return (await create()).id;
    } catch (error) {
      const retryable = error instanceof MackerelApiError && error.retryable;
      if (!retryable || attempt >= CREATE_ATTEMPTS) throw error;
      const id = await existing();
      if (id !== undefined) return id;
    }
  }
}

/** One org: read its monitors and downtimes, plan against the templates, and (unless a dry run) apply. */
export async function pushOrg(
  org: string,
  api: MonitorsApi,
  desired: DesiredOrg,
  options: PushOrgOptions,
): Promise<OrgPushOutcome> {
  const outcome = (
    status: 'planned' | 'applied' | 'partial' | 'failed',
    plan: OrgPlan | null,
    apply: OrgApply | null,
    error: string | null,
  ): OrgPushOutcome => ({
    org,
    status,
    plan,
    counts: plan === null ? null : planCounts(plan),
    applied: apply?.applied ?? NOTHING_APPLIED,
    objectErrors: apply?.errors ?? [],
    error,
  });
  let plan: OrgPlan;
  let names: Map<string, string>;
  try {
    const [monitors, downtimes] = await Promise.all([api.listMonitors(), api.listDowntimes()]);
    plan = planOrg(desired, { monitors, downtimes });
    names = monitorNamesById(monitors);
  } catch (error) {
    return unreadOrg(org, error);
  }
  if (options.dryRun) return outcome('planned', plan, null, null);
  const apply = new OrgApply(api, options.prune, names);
  try {
    await apply.monitors(plan.monitors);
    await apply.downtimes(plan.downtimes);
    if (options.prune) await apply.pruneAll(plan);
  } catch (error) {
    if (!(error instanceof OrgStop)) throw error;
    return outcome('failed', plan, apply, error.message);
  }
  return outcome(apply.errors.length > 0 ? 'partial' : 'applied', plan, apply, null);
}
