import type { TemplateOrg, TemplateSet } from './parse-template-folder';
import type { TemplateError } from './template-error';
import type { ParamValue } from './template-file-schema';
import { kindOf } from './value-kind';
import { errorAt } from './yaml-source';

export interface OrgParams {
  params: Record<string, ParamValue>;
  errors: TemplateError[];
}

const declaring = (sets: readonly TemplateSet[], name: string): TemplateSet | undefined =>
  sets.find((set) => Object.hasOwn(set.params, name));

/**
 * The defaults of the sets the org gets, overridden by its file. An override no set of the org declares is
 * an error (a typo would otherwise change nothing, silently); so is one of another type than the default.
 */
export function orgParams(
  selected: readonly TemplateSet[],
  allSets: readonly TemplateSet[],
  org: TemplateOrg | undefined,
): OrgParams {
  const params: Record<string, ParamValue> = Object.fromEntries(
    selected.flatMap((set) => Object.entries(set.params)),
  );
  const errors: TemplateError[] = [];
  if (org === undefined) return { params, errors };
  for (const [name, value] of Object.entries(org.params)) {
    const owner = declaring(selected, name);
    const elsewhere = declaring(allSets, name);
    const at = (message: string) => errors.push(errorAt(org.source, ['params', name], message));
    if (owner === undefined) {
      const hint = elsewhere ? ` (${elsewhere.name} declares it, and this org does not get that set)` : '';
      at(`parameter "${name}" is declared by no set this org gets${hint}`);
    } else if (kindOf(owner.params[name]) !== kindOf(value)) {
      at(
        `expected ${kindOf(owner.params[name])} (the default's type in ${owner.source.file}), got ${kindOf(value)}`,
      );
    } else params[name] = value;
  }
  return { params, errors };
}
