/** What a path in the folder is: `<folder>/sets/<set>.yaml`, `<folder>/orgs/<org>.yaml`, ignored, or neither. */
export type TemplateFileKind =
  | { kind: 'set'; name: string }
  | { kind: 'org'; name: string }
  | { kind: 'ignored' }
  | { kind: 'unknown' };

const TEMPLATE_FILE = /^[^/]+\/(sets|orgs)\/([^/]+)\.yaml$/;

/**
 * Notes (`README.md`), hidden files (`.DS_Store`, editor swap files) and probe files (`<folder>/probes/`,
 * stored by `msp-ops probes set`, not pushed) are not templates.
 */
const isIgnored = (path: string): boolean =>
  path.endsWith('.md') ||
  /^[^/]+\/probes\//.test(path) ||
  path.split('/').some((segment) => segment.startsWith('.'));

export function templateFileKind(path: string): TemplateFileKind {
  if (isIgnored(path)) return { kind: 'ignored' };
  const match = TEMPLATE_FILE.exec(path);
  if (!match?.[2]) return { kind: 'unknown' };
  return { kind: match[1] === 'sets' ? 'set' : 'org', name: match[2] };
}
