import type { MonitorSpec } from '../../mackerel/api/monitor-spec';
import type { DowntimeTemplate } from './downtime-template-spec';
import { orgParams } from './org-params';
import {
  setApplies,
  type TemplateEntry,
  type TemplateFolder,
  type TemplateSet,
} from './parse-template-folder';
import type { PlaceholderContext } from './placeholders';
import { substitute } from './placeholders';
import { type EntryOutcome, renderDowntimeEntry, renderMonitorEntry } from './render-entry';
import { type TemplateError, yamlPathText } from './template-error';
import { errorAt } from './yaml-source';

/** Where a rendered object was written: `monitors/sets/db.yaml`, `monitors[2]`. */
export interface RenderSource {
  file: string;
  path: string;
}

export interface RenderedMonitor {
  set: string;
  spec: MonitorSpec;
  source: RenderSource;
}

export interface RenderedDowntime {
  set: string;
  spec: DowntimeTemplate;
  source: RenderSource;
}

export type RenderOutcome =
  | { ok: true; org: string; skipped: boolean; monitors: RenderedMonitor[]; downtimes: RenderedDowntime[] }
  /** Nothing is pushed to the org: a half-rendered org would lose, on a prune, what the broken part holds. */
  | { ok: false; org: string; errors: TemplateError[] };

export interface OrgIdentity {
  name: string;
  displayName?: string | undefined;
}

interface Rendered<T> {
  set: string;
  spec: T;
  source: RenderSource;
  at: { set: TemplateSet; entry: TemplateEntry };
}

type RenderOne<T> = (set: TemplateSet, entry: TemplateEntry, context: PlaceholderContext) => EntryOutcome<T>;

/** Every entry of `key` in the sets, minus the org's excludes (by the name as written or as rendered). */
function renderAll<T extends { name: string }>(
  sets: readonly TemplateSet[],
  key: 'monitors' | 'downtimes',
  context: PlaceholderContext,
  excluded: (names: string[]) => boolean,
  renderOne: RenderOne<T>,
  errors: TemplateError[],
): Rendered<T>[] {
  const rendered: Rendered<T>[] = [];
  const seen = new Map<string, Rendered<T>>();
  for (const set of sets) {
    for (const entry of set[key]) {
      const name = substitute(entry.name, context).value;
      if (excluded([entry.name, String(name)])) continue;
      const outcome = renderOne(set, entry, context);
      errors.push(...outcome.errors);
      if (outcome.spec === null) continue;
      const source = { file: set.source.file, path: yamlPathText(entry.path) };
      const item = { set: set.name, spec: outcome.spec, source, at: { set, entry } };
      const other = seen.get(item.spec.name);
      if (other) {
        const message = `"${item.spec.name}" is also the name of ${other.source.file} ${other.source.path}: names are unique per org (push matches by name)`;
        errors.push(errorAt(set.source, [...entry.path, 'name'], message));
      } else seen.set(item.spec.name, item);
      rendered.push(item);
    }
  }
  return rendered;
}

/** Downtime monitor scopes name monitors of this org: a name it does not get would scope nothing. */
function checkMonitorScopes(
  downtimes: readonly Rendered<DowntimeTemplate>[],
  monitorNames: ReadonlySet<string>,
  excludes: ReadonlySet<string>,
): TemplateError[] {
  const problem = (name: string) =>
    `"${name}" is no monitor this org gets${excludes.has(name) ? ' (its org file excludes it)' : ''}`;
  return downtimes.flatMap(({ spec, at }) =>
    (['monitorScopes', 'monitorExcludeScopes'] as const).flatMap((key) =>
      (spec[key] ?? []).flatMap((name, index) =>
        monitorNames.has(name) ? [] : [errorAt(at.set.source, [...at.entry.path, key, index], problem(name))],
      ),
    ),
  );
}

const published = <T>({ set, spec, source }: Rendered<T>) => ({ set, spec, source });

/**
 * The monitors and downtimes one org should have: the sets whose labels it carries, its parameters, its
 * excludes; every entry checked against the API's schemas with our marker in its memo. Sets in name order,
 * entries in file order.
 */
export function renderOrg(folder: TemplateFolder, org: OrgIdentity): RenderOutcome {
  const file = folder.orgs.get(org.name);
  const fail = (errors: TemplateError[]): RenderOutcome => ({ ok: false, org: org.name, errors });
  if (file && file.errors.length > 0) return fail([...folder.errors, ...file.errors]);
  if (file?.skip) return { ok: true, org: org.name, skipped: true, monitors: [], downtimes: [] };
  const selected = folder.sets.filter((set) => setApplies(set, file?.labels ?? []));
  const usable = selected.filter((set) => set.errors.length === 0);
  const { params, errors: paramErrors } = orgParams(usable, folder.sets, file);
  const errors = [...folder.errors, ...paramErrors, ...selected.flatMap((set) => set.errors)];
  const context = { params, org: { name: org.name, displayName: org.displayName ?? org.name } };
  const excludes = new Set(file?.exclude ?? []);
  const used = new Set<string>();
  const excluded = (names: string[]) => {
    const hit = names.filter((name) => excludes.has(name));
    for (const name of hit) used.add(name);
    return hit.length > 0;
  };
  const monitors = renderAll(usable, 'monitors', context, excluded, renderMonitorEntry, errors);
  const downtimes = renderAll(usable, 'downtimes', context, excluded, renderDowntimeEntry, errors);
  if (errors.length > 0) return fail(errors);
  // Only on a whole rendering: a broken set's monitors would be reported missing too.
  errors.push(...checkMonitorScopes(downtimes, new Set(monitors.map((m) => m.spec.name)), excludes));
  (file?.exclude ?? []).forEach((name, index) => {
    if (file && !used.has(name)) {
      errors.push(
        errorAt(file.source, ['exclude', index], `"${name}" is no monitor or downtime this org gets`),
      );
    }
  });
  if (errors.length > 0) return fail(errors);
  return {
    ok: true,
    org: org.name,
    skipped: false,
    monitors: monitors.map(published),
    downtimes: downtimes.map(published),
  };
}
