import { globMatches, globSchema } from '../routing/glob';

/**
 * What `hosts search` matches names with: a pattern with `*`, `?` or `\` is a glob, anchored and
 * case-sensitive like route globs; anything else is a case-insensitive substring (`web` finds `Web-01`).
 */
export function hostPatternOf(pattern: string): (name: string) => boolean {
  if (/[*?\\]/.test(pattern)) {
    const glob = globSchema.parse(pattern);
    return (name) => globMatches(glob, name);
  }
  const needle = pattern.toLowerCase();
  return (name) => name.toLowerCase().includes(needle);
}
