import { mapLimited } from '../../kernel/map-limited';
import type { MonitorPlanStore } from '../monitor-plan-record';
import type { DesiredDowntime } from '../plan/downtime-plan';
import type { DesiredMonitor } from '../plan/monitor-plan';
import type { MonitorsApi } from './monitors-api';
import { type PushOrgOptions, pushOrg } from './push-org';
import { type OrgPushOutcome, unreadOrg } from './push-outcome';

/** What the templates give one org: its monitors and downtimes, or the errors that keep it from any push. */
export type OrgRendering =
  | { ok: true; skipped: boolean; monitors: DesiredMonitor[]; downtimes: DesiredDowntime[] }
  | { ok: false; errors: readonly string[] };

export interface PushOrgsDeps {
  render(org: string): OrgRendering;
  /** The org's API, from its own key; rejects when the org has none. */
  apiFor(org: string): Promise<MonitorsApi>;
  /** Records what each org should have, for the audit's drift check; left out by diffs and dry runs. */
  plans?: MonitorPlanStore;
  now: () => Date;
  /** The templates' commit, recorded with each plan. */
  revision: string | null;
  /** Orgs in flight at once. */
  concurrency: number;
  /** Each org's outcome as soon as it is known (progress on a long run). */
  onOutcome?: (outcome: OrgPushOutcome) => void;
}

async function pushOne(deps: PushOrgsDeps, org: string, options: PushOrgOptions): Promise<OrgPushOutcome> {
  const rendering = deps.render(org);
  if (!rendering.ok) return { org, status: 'template-error', errors: rendering.errors };
  if (rendering.skipped) return { org, status: 'skipped', reason: 'skip: true in its org file' };
  const desired = { monitors: rendering.monitors, downtimes: rendering.downtimes };
  try {
    if (!options.dryRun && deps.plans) {
      await deps.plans.put({
        org,
        ...desired,
        renderedAt: Math.floor(deps.now().getTime() / 1000),
        revision: deps.revision,
      });
    }
    return await pushOrg(org, await deps.apiFor(org), desired, options);
  } catch (error) {
    return unreadOrg(org, error);
  }
}

/**
 * Every org, `concurrency` at a time: one org's failure is its own outcome and the others go on. Orgs are
 * answered in the order given, whatever order they finish in.
 */
export function pushOrgs(
  deps: PushOrgsDeps,
  orgs: readonly string[],
  options: PushOrgOptions,
): Promise<OrgPushOutcome[]> {
  return mapLimited(orgs, deps.concurrency, async (org) => {
    const outcome = await pushOne(deps, org, options);
    deps.onOutcome?.(outcome);
    return outcome;
  });
}
