import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cyclesOf, moduleGraph } from '../../../scripts/module-graph';
import { REPO_ROOT } from '../../support/repo-root';

/**
 * The layout's rules (README, Layout), held against the imports of shared/: feature folders do not import
 * each other in a circle, kernel/ imports no other folder, platform/ only kernel/, and only adapters/ and
 * platform/ reach Google Cloud or SendGrid clients.
 */
const graph = moduleGraph(REPO_ROOT, 'shared');
const folderOf = (path: string): string => path.split('/')[1] ?? path;

function folderEdges(): Map<string, Set<string>> {
  const edges = new Map<string, Set<string>>();
  for (const [file, imports] of graph) {
    const from = folderOf(file);
    const targets = edges.get(from) ?? new Set<string>();
    edges.set(from, targets);
    for (const { target } of imports) {
      if (target?.startsWith('shared/') && folderOf(target) !== from) targets.add(folderOf(target));
    }
  }
  return edges;
}

describe('the layout of shared/', () => {
  it('reads every folder of shared/ (the graph is not empty)', () => {
    const folders = new Set([...graph.keys()].map(folderOf));
    for (const folder of ['kernel', 'platform', 'alerting', 'notify', 'audit', 'cdn']) {
      assert.ok(folders.has(folder), folder);
    }
  });

  it('has no import cycle between feature folders', () => {
    assert.deepEqual(cyclesOf(folderEdges()), []);
  });

  it('has no import cycle between files of shared/ either', () => {
    const edges = new Map(
      [...graph].map(([file, imports]) => [
        file,
        new Set(imports.flatMap(({ target }) => (target?.startsWith('shared/') ? [target] : []))),
      ]),
    );
    assert.deepEqual(cyclesOf(edges), []);
  });

  it('finds a cycle when there is one (the check itself)', () => {
    const edges = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a'])],
      ['d', new Set(['a'])],
    ]);
    assert.deepEqual(cyclesOf(edges), [['a', 'b', 'c']]);
  });

  it('keeps kernel/ free of other folders and platform/ on kernel/ alone', () => {
    const edges = folderEdges();
    assert.deepEqual([...(edges.get('kernel') ?? [])], []);
    assert.deepEqual([...(edges.get('platform') ?? [])], ['kernel']);
  });

  it('imports Google Cloud and SendGrid clients only in adapters/ and platform/', () => {
    const offenders = [...graph].flatMap(([file, imports]) =>
      file.includes('/adapters/') || file.startsWith('shared/platform/')
        ? []
        : imports
            .filter(({ specifier }) => /^@(google-cloud|sendgrid)\//.test(specifier))
            .map(({ specifier }) => `${file} imports ${specifier}`),
    );
    assert.deepEqual(offenders, []);
  });

  it('resolves every relative import to a file', () => {
    const missing = [...graph].flatMap(([file, imports]) =>
      imports
        .filter((i) => i.specifier.startsWith('.') && !/\.tsx?$/.test(i.target ?? ''))
        .map((i) => `${file}: ${i.specifier}`),
    );
    assert.deepEqual(missing, []);
  });
});
