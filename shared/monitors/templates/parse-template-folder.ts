import { canonicalJson } from '../../kernel/canonical-json';
import { orgNameSchema } from '../../kernel/org-name';
import type { TemplateError, YamlPath } from './template-error';
import { templateFileKind } from './template-file-path';
import {
  type OrgFile,
  orgFileSchema,
  type Params,
  setFileSchema,
  setNameSchema,
  type TemplateEntryValue,
} from './template-file-schema';
import { errorAt, parseYaml, type YamlSource } from './yaml-source';
import { issueErrors } from './zod-issue-errors';

/** One monitor or downtime template, as written (placeholders in place). */
export interface TemplateEntry {
  /** The name as written (it may hold placeholders). */
  name: string;
  value: TemplateEntryValue;
  /** `['monitors', 2]`. */
  path: YamlPath;
}

export interface TemplateSet {
  /** The file's name without .yaml (the `set:` key must agree). */
  name: string;
  source: YamlSource;
  /** null: unreadable, so it cannot be told which orgs it is for and its errors fail every org. */
  labels: string[] | null;
  params: Params;
  monitors: TemplateEntry[];
  downtimes: TemplateEntry[];
  /** Any error here fails every org that gets this set (nothing is pushed to them). */
  errors: TemplateError[];
}

export interface TemplateOrg extends OrgFile {
  name: string;
  source: YamlSource;
  /** Any error here fails this org only. */
  errors: TemplateError[];
}

export interface TemplateFolder {
  /** By set name: the order monitors render in. */
  sets: TemplateSet[];
  orgs: ReadonlyMap<string, TemplateOrg>;
  /** The orgs with a file, sorted (a file for an org the directory lacks is a typo worth a warning). */
  orgFileNames: string[];
  /** Not tied to one set or org (a misplaced file): they fail every org, as the file may be a set. */
  errors: TemplateError[];
  /**
   * Errors no org's rendering reports: those of sets whose labels no org file carries. Shown as warnings,
   * so a broken set is seen before the first org takes it.
   */
  errorsOutsideOrgs: TemplateError[];
}

export interface TemplateFile {
  path: string;
  text: string;
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** An org gets a set when it carries all the set's labels; a set that cannot be read may be for anyone. */
export const setApplies = (set: TemplateSet, orgLabels: readonly string[]): boolean =>
  set.labels === null || set.labels.every((label) => orgLabels.includes(label));

const entriesOf = (key: 'monitors' | 'downtimes', values: TemplateEntryValue[]): TemplateEntry[] =>
  values.map((value, index) => ({ name: value.name, value, path: [key, index] }));

/** A broken set's labels when they at least read, so orgs it is not for are not failed by it. */
function readableLabels(value: unknown): string[] | null {
  const labels = setFileSchema.shape.labels.safeParse(
    value !== null && typeof value === 'object' && 'labels' in value ? value.labels : undefined,
  );
  return labels.success ? labels.data : null;
}

function parseSet(name: string, file: TemplateFile): TemplateSet {
  const { source, value, errors } = parseYaml(file.path, file.text);
  const set: TemplateSet = { name, source, labels: null, params: {}, monitors: [], downtimes: [], errors };
  if (errors.length > 0) return set;
  if (!setNameSchema.safeParse(name).success) {
    errors.push(errorAt(source, [], `file name "${name}": a set name is letters, digits, - and _`));
  }
  const parsed = setFileSchema.safeParse(value, { reportInput: true });
  if (!parsed.success) {
    errors.push(...issueErrors(source, [], parsed.error));
    return { ...set, labels: readableLabels(value) };
  }
  if (parsed.data.set !== name) {
    errors.push(
      errorAt(source, ['set'], `"${parsed.data.set}" differs from the file name: expected set: ${name}`),
    );
  }
  const { labels, params, monitors, downtimes } = parsed.data;
  return {
    ...set,
    labels,
    params,
    monitors: entriesOf('monitors', monitors),
    downtimes: entriesOf('downtimes', downtimes),
  };
}

function parseOrg(name: string, file: TemplateFile): TemplateOrg {
  const { source, value, errors } = parseYaml(file.path, file.text);
  const parsed = errors.length === 0 ? orgFileSchema.safeParse(value, { reportInput: true }) : null;
  if (parsed && !parsed.success) errors.push(...issueErrors(source, [], parsed.error));
  const data = parsed?.success ? parsed.data : { labels: [], params: {}, exclude: [], skip: false };
  return { name, source, ...data, errors };
}

/** One default per parameter across the folder: an org file overrides a name, whichever set declares it. */
function checkParamDefaults(sets: readonly TemplateSet[]): void {
  const first = new Map<string, TemplateSet>();
  for (const set of sets) {
    for (const [param, value] of Object.entries(set.params)) {
      const other = first.get(param);
      if (other === undefined) first.set(param, set);
      else if (canonicalJson(other.params[param]) !== canonicalJson(value)) {
        const clash = (a: TemplateSet, b: TemplateSet) =>
          errorAt(
            a.source,
            ['params', param],
            `parameter "${param}" defaults to ${canonicalJson(a.params[param])} here and to ${canonicalJson(b.params[param])} in ${b.source.file}: give it one default`,
          );
        set.errors.push(clash(set, other));
        other.errors.push(clash(other, set));
      }
    }
  }
}

/**
 * Every file of the folder parsed and checked as far as it can be without an org: YAML syntax, the file
 * layout, the file schemas, set names, parameter defaults. Entries are checked when an org is rendered.
 */
export function parseTemplateFolder(files: readonly TemplateFile[]): TemplateFolder {
  const sets: TemplateSet[] = [];
  const orgs = new Map<string, TemplateOrg>();
  const errors: TemplateError[] = [];
  const folderError = (file: string, message: string) => errors.push({ file, path: '', line: null, message });
  for (const file of files) {
    const kind = templateFileKind(file.path);
    if (kind.kind === 'set') sets.push(parseSet(kind.name, file));
    else if (kind.kind === 'org' && orgNameSchema.safeParse(kind.name).success)
      orgs.set(kind.name, parseOrg(kind.name, file));
    else if (kind.kind === 'org') folderError(file.path, `"${kind.name}" is not a Mackerel org name (slug)`);
    else if (kind.kind === 'unknown') {
      folderError(
        file.path,
        'not a template file: expected <folder>/sets/<set>.yaml or <folder>/orgs/<org>.yaml',
      );
    }
  }
  sets.sort((a, b) => byText(a.name, b.name));
  checkParamDefaults(sets);
  const labelSets = [[], ...[...orgs.values()].map((org) => org.labels)];
  const errorsOutsideOrgs = sets
    .filter((set) => !labelSets.some((labels) => setApplies(set, labels)))
    .flatMap((set) => set.errors);
  const orgFileNames = [...orgs.keys()].sort(byText);
  return { sets, orgs, orgFileNames, errors, errorsOutsideOrgs };
}
