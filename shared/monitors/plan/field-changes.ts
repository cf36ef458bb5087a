import { canonicalJson } from '../../kernel/canonical-json';
import type { Comparable } from './comparable';

/** One key whose value differs: what the server has and what the templates want (undefined: absent). */
export interface FieldChange {
  field: string;
  server: unknown;
  template: unknown;
}

/** Keys in template order, then keys only the server has; values compared as canonical JSON. */
export function fieldChanges(server: Comparable, template: Comparable): FieldChange[] {
  const keys = [...new Set([...Object.keys(template), ...Object.keys(server)])];
  return keys
    .filter((field) => canonicalJson(server[field] ?? null) !== canonicalJson(template[field] ?? null))
    .map((field) => ({ field, server: server[field], template: template[field] }));
}
