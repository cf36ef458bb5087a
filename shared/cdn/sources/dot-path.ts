/**
 * Reads `a.b.0.c` out of parsed JSON: object keys and array indexes, separated by dots (keys that contain
 * a dot cannot be named). The empty path is the value itself. Undefined when any step is missing.
 */
export function readDotPath(value: unknown, path: string): unknown {
  if (path === '') return value;
  let current: unknown = value;
  for (const step of path.split('.')) {
    if (Array.isArray(current) && /^\d+$/.test(step)) current = current[Number(step)];
    else if (typeof current === 'object' && current !== null && Object.hasOwn(current, step)) {
      current = (current as Record<string, unknown>)[step];
    } else return undefined;
  }
  return current;
}

/** A dot path as configured: no empty steps (`a..b`, a trailing dot). */
export const DOT_PATH_PATTERN = /^[^.]+(\.[^.]+)*$/;
