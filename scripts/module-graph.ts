import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** One import of one file: the specifier as written, and the repository file it resolves to (if local). */
export interface ModuleImport {
  specifier: string;
  /** Repository-relative path of the imported file; undefined for a package import. */
  target?: string;
}

function tsFilesUnder(root: string, dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : tsFilesUnder(root, path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/**
 * Every TypeScript file under `dir` with its imports, read by TypeScript's own pre-processor (static
 * imports, re-exports, `import()` and `require()`), local ones resolved as the bundler resolves them.
 */
export function moduleGraph(root: string, dir: string): Map<string, ModuleImport[]> {
  const graph = new Map<string, ModuleImport[]>();
  const host = ts.sys;
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.Preserve,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
  };
  for (const file of tsFilesUnder(root, dir)) {
    const info = ts.preProcessFile(readFileSync(join(root, file), 'utf8'), true, true);
    const imports = info.importedFiles.map(({ fileName }): ModuleImport => {
      if (!fileName.startsWith('.')) return { specifier: fileName };
      const resolved = ts.resolveModuleName(fileName, resolve(root, file), options, host).resolvedModule;
      const target = resolved
        ? relative(root, resolved.resolvedFileName)
        : relative(root, resolve(root, dirname(file), fileName));
      return { specifier: fileName, target };
    });
    graph.set(file, imports);
  }
  return graph;
}

/** Cycles of a directed graph (its strongly connected components of more than one node, or a self-loop). */
export function cyclesOf(edges: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string): void => {
    indexOf.set(node, index);
    low.set(node, index);
    index++;
    stack.push(node);
    onStack.add(node);
    for (const next of edges.get(node) ?? []) {
      if (!indexOf.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(next) ?? 0));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node) ?? 0, indexOf.get(next) ?? 0));
    }
    if (low.get(node) !== indexOf.get(node)) return;
    const component: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop();
      if (member === undefined) break;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || edges.get(node)?.has(node)) cycles.push(component.sort());
  };
  for (const node of edges.keys()) if (!indexOf.has(node)) visit(node);
  return cycles;
}
