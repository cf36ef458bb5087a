import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { apiChannelSchema, channelsResponseSchema } from '../../../../shared/mackerel/api/channel-schema';
import { apiHostSchema } from '../../../../shared/mackerel/api/host-schema';
import { apiMonitorSchema, monitorsResponseSchema } from '../../../../shared/mackerel/api/monitor-schema';
import { apiOrgSchema } from '../../../../shared/mackerel/api/org-schema';
import { REPO_ROOT } from '../../../support/repo-root';

/** Every example body of Mackerel's API docs (test/fixtures/mackerel-api-docs/README.md says where from). */
const DIR = join(REPO_ROOT, 'test', 'fixtures', 'mackerel-api-docs');
const examples = readdirSync(DIR).filter((f) => f.endsWith('.json'));
const read = (file: string): unknown => JSON.parse(readFileSync(join(DIR, file), 'utf8'));

function schemaFor(file: string): z.ZodType {
  if (file === 'monitors-list.json') return monitorsResponseSchema;
  if (file === 'monitor-get.json') return z.looseObject({ monitor: apiMonitorSchema });
  if (file.startsWith('monitor-')) return apiMonitorSchema;
  if (file.startsWith('channel-')) return apiChannelSchema;
  if (file === 'org.json') return apiOrgSchema;
  throw new Error(`no schema for ${file}: add it here`);
}

describe("the Mackerel API docs' own examples", () => {
  it('has the examples (monitors of every documented type, channels, org)', () => {
    for (const type of [
      'host',
      'connectivity',
      'service',
      'external',
      'expression',
      'anomaly-detection',
      'query',
    ]) {
      assert.ok(examples.includes(`monitor-${type}.json`), type);
    }
    assert.ok(examples.includes('org.json'));
  });

  for (const file of examples) {
    it(`parses ${file}`, () => {
      const parsed = schemaFor(file).safeParse(read(file));
      assert.ok(parsed.success, parsed.success ? '' : JSON.stringify(parsed.error.issues));
    });
  }

  it('parses a channel list of every documented shape, including channels with only id, name and type', () => {
    const channels = [
      ...examples.filter((f) => f.startsWith('channel-')).map(read),
      { id: 'c1', name: 'ops chat', type: 'chatwork' },
      { id: 'c2', name: 'bridge', type: 'amazon-event-bridge', suspendedAt: null },
      { id: 'c3', name: 'new kind', type: 'something-new' },
    ];
    // The wrapper is the docs' template ({"channels": [<channel>, ...]}), filled with the examples.
    assert.ok(channelsResponseSchema.safeParse({ channels }).success);
  });

  it('reads a host without createdAt, isRetired, roles or memo (the field table only, no example)', () => {
    const host = apiHostSchema.parse({ id: '2eQGEaLxibb', name: 'web01', status: 'working', meta: {} });
    assert.equal(host.createdAt, undefined);
    assert.equal(host.isRetired, undefined);
    assert.equal(host.roles, undefined);
  });
});
