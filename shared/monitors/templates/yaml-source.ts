import { type Document, isMap, isNode, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import type { TemplateError, YamlPath } from './template-error';
import { yamlPathText } from './template-error';

/** One parsed file, kept with its document so any later error, even after rendering, has a line. */
export interface YamlSource {
  file: string;
  document: Document;
  lineCounter: LineCounter;
}

export interface ParsedYaml {
  source: YamlSource;
  /** The document as plain data; undefined when the YAML does not parse. */
  value: unknown;
  errors: TemplateError[];
}

/** `Map keys must be unique at line 2, column 1:` and a code frame: the first clause is the message. */
const yamlMessage = (message: string): string =>
  (message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');

export function parseYaml(file: string, text: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter });
  const source = { file, document, lineCounter };
  const errors = document.errors.map(
    (error): TemplateError => ({
      file,
      path: '',
      line: error.linePos?.[0].line ?? null,
      message: `YAML syntax: ${yamlMessage(error.message)}`,
    }),
  );
  return { source, value: errors.length === 0 ? document.toJS() : undefined, errors };
}

const lineOfNode = (source: YamlSource, node: unknown): number | null =>
  isNode(node) && node.range ? source.lineCounter.linePos(node.range[0]).line : null;

function child(node: unknown, key: string | number): { keyNode: Node | null; value: unknown } | null {
  if (isSeq(node) && typeof key === 'number') return { keyNode: null, value: node.items[key] };
  if (!isMap(node)) return null;
  const pair = node.items.find((item) => (isScalar(item.key) ? item.key.value : item.key) === key);
  return pair ? { keyNode: isScalar(pair.key) ? pair.key : null, value: pair.value } : null;
}

/** The line of the node at `path`, or of the deepest node on the way there (a missing key: its map's line). */
export function lineAt(source: YamlSource, path: YamlPath): number | null {
  let node: unknown = source.document.contents;
  let line = lineOfNode(source, node);
  for (const key of path) {
    const next = child(node, key);
    if (next === null || next.value === undefined) break;
    node = next.value;
    line = lineOfNode(source, next.keyNode ?? node) ?? line;
  }
  return line;
}

export const errorAt = (source: YamlSource, path: YamlPath, message: string): TemplateError => ({
  file: source.file,
  path: yamlPathText(path),
  line: lineAt(source, path),
  message,
});
