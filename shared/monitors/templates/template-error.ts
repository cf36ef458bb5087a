/** A path into a YAML document: map keys and sequence indexes, as zod reports them. */
export type YamlPath = readonly (string | number)[];

/** One problem in the template folder, placed where a person fixes it. */
export interface TemplateError {
  /** As the folder lists it: `monitors/sets/db.yaml`. */
  file: string;
  /** `monitors[2].warning`; empty: the file as a whole. */
  path: string;
  /** 1-based; null when no node of the file holds the problem (a missing file, a key never written). */
  line: number | null;
  message: string;
}

/** `monitors[2].warning`: what a reader finds in the file, not zod's array. */
export function yamlPathText(path: YamlPath): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === 'number') return `${text}[${key}]`;
    return text === '' ? key : `${text}.${key}`;
  }, '');
}

/** `monitors/sets/db.yaml:14 monitors[2].warning: expected number, got string`, one line per error. */
export function templateErrorText(error: TemplateError): string {
  const place = error.line === null ? error.file : `${error.file}:${error.line}`;
  return error.path === '' ? `${place}: ${error.message}` : `${place} ${error.path}: ${error.message}`;
}
