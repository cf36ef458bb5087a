import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BASE, DB, errorLines, rendered, renderFiles } from './template-fixtures';

const base = (from: string, to: string) => {
  assert.ok(BASE.includes(from), `fixture has ${from}`);
  return { 'sets/base.yaml': BASE.replace(from, to) };
};

describe('renderOrg errors', () => {
  it('names file and line of a YAML syntax error', () => {
    const text = 'set: base\nmonitors:\n  - type: host\n    name: CPU: usage\n    metric: cpu%\n';
    assert.deepEqual(errorLines({ 'sets/base.yaml': text }), [
      'monitors/sets/base.yaml:4: YAML syntax: Nested mappings are not allowed in compact mappings',
    ]);
  });

  it('refuses a placeholder naming an unknown parameter, at its YAML path', () => {
    assert.deepEqual(errorLines(base('{{ params.runbook }}', '{{ params.runbok }}')), [
      'monitors/sets/base.yaml:17 monitors[0].memo: unknown parameter "runbok" (the sets this org gets declare: cpu_warning, mute, runbook, scopes)',
    ]);
  });

  it('refuses unknown org placeholders and lists inside text', () => {
    assert.deepEqual(errorLines(base('({{ org.name }}', '({{ org.id }} {{ params.scopes }}')), [
      'monitors/sets/base.yaml:17 monitors[0].memo: unknown placeholder "org.id" (there are org.name and org.displayName)',
      'monitors/sets/base.yaml:17 monitors[0].memo: "scopes" is a list: only a whole value can be a list placeholder',
    ]);
  });

  it("refuses an org parameter of another type than the set's default", () => {
    assert.deepEqual(
      errorLines({ 'sets/base.yaml': BASE, 'orgs/demo.yaml': 'params:\n  cpu_warning: "90"\n' }),
      [
        "monitors/orgs/demo.yaml:2 params.cpu_warning: expected number (the default's type in monitors/sets/base.yaml), got string",
      ],
    );
  });

  it('refuses a rendered value of the wrong type', () => {
    assert.deepEqual(errorLines({ 'sets/base.yaml': BASE.replace('cpu_warning: 80', 'cpu_warning: high') }), [
      // The memo interpolates it too; only the threshold cannot be text.
      'monitors/sets/base.yaml:12 monitors[0].warning: expected number, got string',
    ]);
  });

  it('refuses an unknown key in a monitor, at the misspelt line', () => {
    assert.deepEqual(errorLines(base('    critical: 95\n', '    thresold: 95\n')), [
      'monitors/sets/base.yaml:13 monitors[0].thresold: unknown key',
    ]);
  });

  it("refuses a value over the API's limit", () => {
    assert.deepEqual(errorLines(base('duration: 5', 'duration: 11')), [
      'monitors/sets/base.yaml:14 monitors[0].duration: expected at most 10, got 11',
    ]);
  });

  it('refuses an unknown monitor type and a missing required key', () => {
    assert.deepEqual(errorLines(base('type: connectivity', 'type: ping')), [
      'monitors/sets/base.yaml:18 monitors[1].type: expected one of host, connectivity, service, external, expression, anomalyDetection, query',
    ]);
    assert.deepEqual(errorLines(base('    metric: cpu%\n', '')), [
      'monitors/sets/base.yaml:8 monitors[0].metric: required (string)',
    ]);
  });

  it('refuses an entry without a name before rendering', () => {
    assert.deepEqual(errorLines(base('    name: Connectivity\n', '')), [
      'monitors/sets/base.yaml:18 monitors[1].name: required (string)',
    ]);
  });

  it('refuses two monitors of one name across sets, naming both', () => {
    const files = { 'sets/base.yaml': BASE, 'sets/db.yaml': DB.replace('Slow queries', 'CPU usage') };
    assert.deepEqual(errorLines({ ...files, 'orgs/demo.yaml': 'labels: [db]\n' }), [
      'monitors/sets/db.yaml:7 monitors[0].name: "CPU usage" is also the name of monitors/sets/base.yaml monitors[0]: names are unique per org (push matches by name)',
    ]);
  });

  it('refuses a host scope in a downtime with the reason', () => {
    assert.deepEqual(errorLines(base('    monitorScopes: [CPU usage]\n', '    hostScopes: [web01]\n')), [
      'monitors/sets/base.yaml:25 downtimes[0].hostScopes: Mackerel downtimes have no host scope: scope by serviceScopes/roleScopes or monitors, or put the host in maintenance status',
    ]);
  });

  it('refuses a downtime start that is neither ISO with offset nor epoch seconds', () => {
    assert.deepEqual(errorLines(base('start: 2026-01-04T03:00:00+09:00', 'start: 2026-01-04 03:00')), [
      'monitors/sets/base.yaml:22 downtimes[0].start: expected an ISO date-time with offset (2026-01-04T03:00:00+09:00) or epoch seconds',
    ]);
  });

  it('refuses a downtime naming a monitor the org does not get', () => {
    assert.deepEqual(errorLines(base('monitorScopes: [CPU usage]', 'monitorScopes: [CPU usag]')), [
      'monitors/sets/base.yaml:25 downtimes[0].monitorScopes[0]: "CPU usag" is no monitor this org gets',
    ]);
    assert.deepEqual(errorLines({ 'sets/base.yaml': BASE, 'orgs/demo.yaml': 'exclude: [CPU usage]\n' }), [
      'monitors/sets/base.yaml:25 downtimes[0].monitorScopes[0]: "CPU usage" is no monitor this org gets (its org file excludes it)',
    ]);
  });

  it('fails only the orgs that get a broken set', () => {
    const files = { 'sets/base.yaml': BASE, 'sets/db.yaml': DB.replace('duration: 3', 'duration: 30') };
    assert.equal(rendered(files).monitors.length, 2, 'demo has no db label: unaffected');
    assert.deepEqual(errorLines({ ...files, 'orgs/demo.yaml': 'labels: [db]\n' }), [
      'monitors/sets/db.yaml:12 monitors[0].duration: expected at most 10, got 30',
    ]);
  });

  it('fails every org for a set that does not parse (its labels are unknown)', () => {
    const files = { 'sets/base.yaml': BASE, 'sets/db.yaml': `${DB}  - [\n` };
    assert.equal(renderFiles(files).ok, false);
  });

  it('refuses org parameters no set of the org declares (a typo guard)', () => {
    const files = { 'sets/base.yaml': BASE, 'sets/db.yaml': DB };
    assert.deepEqual(errorLines({ ...files, 'orgs/demo.yaml': 'params:\n  slow: 5\n  cpu_warnin: 3\n' }), [
      'monitors/orgs/demo.yaml:2 params.slow: parameter "slow" is declared by no set this org gets (db declares it, and this org does not get that set)',
      'monitors/orgs/demo.yaml:3 params.cpu_warnin: parameter "cpu_warnin" is declared by no set this org gets',
    ]);
  });

  it('refuses an exclude naming nothing the org gets, and unknown org file keys', () => {
    assert.deepEqual(errorLines({ 'sets/base.yaml': BASE, 'orgs/demo.yaml': 'exclude: [Disk usage]\n' }), [
      'monitors/orgs/demo.yaml:1 exclude[0]: "Disk usage" is no monitor or downtime this org gets',
    ]);
    assert.deepEqual(errorLines({ 'sets/base.yaml': BASE, 'orgs/demo.yaml': 'label: [web]\nskip: yes\n' }), [
      'monitors/orgs/demo.yaml:2 skip: expected boolean, got string',
      'monitors/orgs/demo.yaml:1 label: unknown key',
    ]);
  });

  it("counts the marker in the memo's length", () => {
    const memo = (length: number) =>
      base('    name: Connectivity\n', `    name: Connectivity\n    memo: ${'x'.repeat(length)}\n`);
    // 226 + "\n[msp-ops managed: base]" (24) is the API's 250 exactly.
    assert.equal(rendered(memo(226)).monitors[1]?.spec.memo?.length, 250);
    assert.deepEqual(errorLines(memo(227)), [
      'monitors/sets/base.yaml:20 monitors[1].memo: expected at most 250 characters, got 251 (counting the marker line "[msp-ops managed: base]", 24 characters)',
    ]);
  });
});
