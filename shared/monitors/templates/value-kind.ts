/** What a reader calls a value's type (`expected number, got string`); a parameter's type is one of these. */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object') return 'map';
  return typeof value;
}
