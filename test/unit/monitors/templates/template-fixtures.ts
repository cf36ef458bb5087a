import assert from 'node:assert/strict';
import {
  parseTemplateFolder,
  type TemplateFolder,
} from '../../../../shared/monitors/templates/parse-template-folder';
import { type RenderOutcome, renderOrg } from '../../../../shared/monitors/templates/render-org';
import { templateErrorText } from '../../../../shared/monitors/templates/template-error';

/** A folder from `{ 'sets/base.yaml': text }`, named as readTemplateFolder names files. */
export const folderOf = (files: Record<string, string>): TemplateFolder =>
  parseTemplateFolder(Object.entries(files).map(([path, text]) => ({ path: `monitors/${path}`, text })));

export const renderFiles = (files: Record<string, string>, org = 'demo'): RenderOutcome =>
  renderOrg(folderOf(files), { name: org, displayName: 'Demo customer' });

export function rendered(files: Record<string, string>, org = 'demo') {
  const outcome = renderFiles(files, org);
  assert.ok(outcome.ok, outcome.ok ? '' : outcome.errors.map(templateErrorText).join('\n'));
  return outcome;
}

/** The org's errors as the CLI prints them. */
export function errorLines(files: Record<string, string>, org = 'demo'): string[] {
  const outcome = renderFiles(files, org);
  assert.equal(outcome.ok, false, 'expected the org to fail');
  return outcome.ok ? [] : outcome.errors.map(templateErrorText);
}

export const BASE = `set: base
params:
  cpu_warning: 80
  runbook: https://rb.example
  scopes: [shop]
  mute: false
monitors:
  - type: host
    name: CPU usage
    metric: cpu%
    operator: ">"
    warning: "{{ params.cpu_warning }}"
    critical: 95
    duration: 5
    isMute: "{{params.mute}}"
    scopes: "{{ params.scopes }}"
    memo: "Runbook: {{ params.runbook }}/cpu ({{ org.name }}, {{ org.displayName }}) at {{ params.cpu_warning }}%"
  - type: connectivity
    name: Connectivity
downtimes:
  - name: Sunday maintenance
    start: 2026-01-04T03:00:00+09:00
    duration: 60
    recurrence: { type: weekly, interval: 1, weekdays: [Sunday] }
    monitorScopes: [CPU usage]
`;

export const DB = `set: db
labels: [db]
params:
  slow: 10
monitors:
  - type: service
    name: Slow queries
    service: shop
    metric: db.slow
    operator: ">"
    warning: "{{ params.slow }}"
    duration: 3
`;
