import type { YamlPath } from './template-error';
import type { ParamValue } from './template-file-schema';
import { kindOf } from './value-kind';

/** What `{{ params.NAME }}` and `{{ org.name }}` stand for while one org is rendered. */
export interface PlaceholderContext {
  params: Readonly<Record<string, ParamValue>>;
  org: { name: string; displayName: string };
}

export interface PlaceholderProblem {
  path: YamlPath;
  message: string;
}

export interface Substituted {
  value: unknown;
  problems: PlaceholderProblem[];
}

/**
 * `params.` or `org.` then anything up to the braces, so a misspelt name is reported rather than sent to
 * Mackerel as text; any other `{{ ... }}` (a query legend's `{{host}}`) is not ours and stays.
 */
const PLACEHOLDER = /\{\{\s*(params|org)\.([^}\s]*)\s*\}\}/g;
const WHOLE_VALUE = /^\s*\{\{\s*(params|org)\.([^}\s]*)\s*\}\}\s*$/;

/** Whether text would be read as holding placeholders (a pulled server string must not be, unnoticed). */
export const hasPlaceholder = (text: string): boolean => new RegExp(PLACEHOLDER.source).test(text);

type Lookup = { value: ParamValue } | { problem: string };

function lookup(context: PlaceholderContext, scope: string, name: string): Lookup {
  if (scope === 'org') {
    if (name === 'name' || name === 'displayName') return { value: context.org[name] };
    return { problem: `unknown placeholder "org.${name}" (there are org.name and org.displayName)` };
  }
  const value = context.params[name];
  if (value !== undefined) return { value };
  const known = Object.keys(context.params).sort().join(', ') || 'none';
  return { problem: `unknown parameter "${name}" (the sets this org gets declare: ${known})` };
}

function substituteText(text: string, context: PlaceholderContext, path: YamlPath): Substituted {
  const whole = WHOLE_VALUE.exec(text);
  if (whole) {
    // A whole-value placeholder keeps the parameter's type: `warning: "{{ params.cpu_warning }}"` is a number.
    const found = lookup(context, whole[1] ?? '', whole[2] ?? '');
    return 'value' in found
      ? { value: found.value, problems: [] }
      : { value: text, problems: [{ path, message: found.problem }] };
  }
  const problems: PlaceholderProblem[] = [];
  const value = text.replace(PLACEHOLDER, (placeholder, scope: string, name: string) => {
    const found = lookup(context, scope, name);
    if (!('value' in found)) problems.push({ path, message: found.problem });
    else if (kindOf(found.value) === 'list') {
      problems.push({ path, message: `"${name}" is a list: only a whole value can be a list placeholder` });
    } else return String(found.value);
    return placeholder;
  });
  return { value, problems };
}

type Fields = Record<string, unknown>;

function collect(context: PlaceholderContext, path: YamlPath, problems: PlaceholderProblem[]) {
  return (item: unknown, key: string | number): unknown => {
    const done = substitute(item, context, [...path, key]);
    problems.push(...done.problems);
    return done.value;
  };
}

/** An entry's fields with every placeholder replaced (keys are never placeholders). */
export function substituteFields(
  fields: Fields,
  context: PlaceholderContext,
  path: YamlPath = [],
): { value: Fields; problems: PlaceholderProblem[] } {
  const problems: PlaceholderProblem[] = [];
  const visit = collect(context, path, problems);
  return {
    value: Object.fromEntries(Object.entries(fields).map(([key, item]) => [key, visit(item, key)])),
    problems,
  };
}

/** The value with every placeholder replaced; problems carry the YAML path under `path`. */
export function substitute(value: unknown, context: PlaceholderContext, path: YamlPath = []): Substituted {
  if (typeof value === 'string') return substituteText(value, context, path);
  if (Array.isArray(value)) {
    const problems: PlaceholderProblem[] = [];
    const visit = collect(context, path, problems);
    return { value: value.map((item, index) => visit(item, index)), problems };
  }
  if (value !== null && typeof value === 'object') return substituteFields({ ...value }, context, path);
  return { value, problems: [] };
}
