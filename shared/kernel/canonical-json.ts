/**
 * JSON with object keys sorted at every level and no whitespace, so equal data gives equal text whatever
 * order Mackerel wrote the keys in. Meant for JSON data: undefined object values are dropped and other
 * non-JSON values follow JSON.stringify. Recursive, so callers bound the depth (parseWebhookBody does).
 */
export function canonicalJson(value: unknown): string {
  return write(value, new Set());
}

function write(value: unknown, ancestors: Set<object>): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value) ?? 'null';
  if (ancestors.has(value)) throw new TypeError('canonicalJson: value is circular');
  ancestors.add(value);
  const text = Array.isArray(value)
    ? `[${value.map((item) => write(item, ancestors)).join(',')}]`
    : `{${Object.entries(value)
        .filter(([, item]) => item !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([key, item]) => `${JSON.stringify(key)}:${write(item, ancestors)}`)
        .join(',')}}`;
  ancestors.delete(value);
  return text;
}
