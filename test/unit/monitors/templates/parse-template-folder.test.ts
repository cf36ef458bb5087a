import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { templateErrorText, yamlPathText } from '../../../../shared/monitors/templates/template-error';
import { BASE, DB, folderOf, renderFiles } from './template-fixtures';

const texts = (errors: Parameters<typeof templateErrorText>[0][]) => errors.map(templateErrorText);

describe('parseTemplateFolder', () => {
  it('reads sets in name order and org files, ignoring notes and hidden files', () => {
    const folder = folderOf({
      'sets/db.yaml': DB,
      'sets/base.yaml': BASE,
      'orgs/demo.yaml': 'labels: [db]\n',
      'README.md': '# notes',
      'sets/.base.yaml.swp': 'binary',
    });
    assert.deepEqual(texts(folder.errors), []);
    assert.deepEqual(
      folder.sets.map((s) => [s.name, s.labels, s.monitors.map((m) => m.name)]),
      [
        ['base', [], ['CPU usage', 'Connectivity']],
        ['db', ['db'], ['Slow queries']],
      ],
    );
    assert.deepEqual(folder.orgFileNames, ['demo']);
    assert.deepEqual(folder.orgs.get('demo')?.labels, ['db']);
  });

  it('refuses files that are neither sets/*.yaml nor orgs/*.yaml, failing every org', () => {
    const folder = folderOf({ 'sets/base.yaml': BASE, 'set/web.yaml': DB, 'sets/db.yml': DB });
    assert.deepEqual(texts(folder.errors), [
      'monitors/set/web.yaml: not a template file: expected <folder>/sets/<set>.yaml or <folder>/orgs/<org>.yaml',
      'monitors/sets/db.yml: not a template file: expected <folder>/sets/<set>.yaml or <folder>/orgs/<org>.yaml',
    ]);
    assert.equal(renderFiles({ 'sets/base.yaml': BASE, 'set/web.yaml': DB }).ok, false);
  });

  it('refuses an org file whose name is no org slug', () => {
    const folder = folderOf({ 'orgs/Demo Inc.yaml': 'labels: []\n' });
    assert.deepEqual(texts(folder.errors), [
      'monitors/orgs/Demo Inc.yaml: "Demo Inc" is not a Mackerel org name (slug)',
    ]);
  });

  it('refuses a set whose name differs from its file name', () => {
    const [set] = folderOf({ 'sets/base.yaml': BASE.replace('set: base', 'set: baseline') }).sets;
    assert.deepEqual(texts(set?.errors ?? []), [
      'monitors/sets/base.yaml:1 set: "baseline" differs from the file name: expected set: base',
    ]);
  });

  it('names the file and line of a YAML syntax error', () => {
    const [set] = folderOf({ 'sets/base.yaml': 'set: base\nlabels: [a\nmonitors: []\n' }).sets;
    assert.equal(set?.errors.length, 1);
    assert.equal(set?.errors[0]?.file, 'monitors/sets/base.yaml');
    assert.equal(set?.errors[0]?.line, 3);
    assert.match(set?.errors[0]?.message ?? '', /^YAML syntax: /);
    assert.equal(set?.labels, null, 'a set that does not parse may be for any org');
  });

  it('refuses duplicate keys', () => {
    const [set] = folderOf({ 'sets/base.yaml': 'set: base\nset: base\n' }).sets;
    assert.deepEqual(texts(set?.errors ?? []), [
      'monitors/sets/base.yaml:2: YAML syntax: Map keys must be unique',
    ]);
  });

  it('refuses two sets giving one parameter different defaults, naming both files', () => {
    const folder = folderOf({
      'sets/base.yaml': BASE,
      'sets/db.yaml': DB.replace('slow: 10', 'slow: 10\n  cpu_warning: 70'),
    });
    assert.deepEqual(
      folder.sets.flatMap((s) => texts(s.errors)),
      [
        'monitors/sets/base.yaml:3 params.cpu_warning: parameter "cpu_warning" defaults to 80 here and to 70 in monitors/sets/db.yaml: give it one default',
        'monitors/sets/db.yaml:5 params.cpu_warning: parameter "cpu_warning" defaults to 70 here and to 80 in monitors/sets/base.yaml: give it one default',
      ],
    );
    const same = folderOf({
      'sets/base.yaml': BASE,
      'sets/db.yaml': DB.replace('slow: 10', 'slow: 10\n  cpu_warning: 80'),
    });
    assert.deepEqual(
      same.sets.flatMap((s) => s.errors),
      [],
      'the same default twice is fine',
    );
  });

  it('refuses unknown set file keys and parameter values of no parameter type', () => {
    const [set] = folderOf({ 'sets/base.yaml': 'set: base\nlabel: [web]\nparams:\n  x: { a: 1 }\n' }).sets;
    assert.deepEqual(texts(set?.errors ?? []), [
      'monitors/sets/base.yaml:4 params.x: expected a number, a string, a boolean or a list of strings',
      'monitors/sets/base.yaml:2 label: unknown key',
    ]);
    assert.deepEqual(set?.labels, [], 'its labels still read: the set is for every org');
  });

  it('lists as outside orgs the errors of sets no org file selects', () => {
    const broken = DB.replace('labels: [db]', 'labels: [db]\nbogus: 1');
    const unseen = folderOf({ 'sets/db.yaml': broken });
    assert.deepEqual(texts(unseen.errorsOutsideOrgs), ['monitors/sets/db.yaml:3 bogus: unknown key']);
    const seen = folderOf({ 'sets/db.yaml': broken, 'orgs/demo.yaml': 'labels: [db]\n' });
    assert.deepEqual(seen.errorsOutsideOrgs, []);
  });
});

describe('template errors', () => {
  it('writes YAML paths and one line per error', () => {
    assert.equal(yamlPathText(['monitors', 2, 'warning']), 'monitors[2].warning');
    assert.equal(yamlPathText([]), '');
    assert.equal(
      templateErrorText({
        file: 'monitors/sets/db.yaml',
        path: 'monitors[2].warning',
        line: 14,
        message: 'expected number, got string',
      }),
      'monitors/sets/db.yaml:14 monitors[2].warning: expected number, got string',
    );
    assert.equal(
      templateErrorText({ file: 'monitors/x.txt', path: '', line: null, message: 'not a template file' }),
      'monitors/x.txt: not a template file',
    );
  });
});
