import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runnableOf } from '../../../shared/probes/adapters/runnable-probe';
import { orgProbesSchema } from '../../../shared/probes/org-probes';
import { probeTargets } from '../../../shared/probes/probe-targets';
import { hostOf } from './probe-fixtures';

const http = (id: string) => ({
  id,
  kind: 'http',
  url: 'https://{{host.name}}.example.jp/',
  targets: { hostIds: ['h1'] },
});

const firstIssue = (input: unknown) => {
  const parsed = orgProbesSchema.safeParse(input);
  assert.equal(parsed.success, false);
  const issue = parsed.error?.issues[0];
  return `${issue?.path.join('.')}: ${issue?.message}`;
};

describe("an org's probes document", () => {
  it('refuses two probes with one id, naming the second', () => {
    assert.equal(
      firstIssue({ probes: [http('a'), http('b'), http('a')] }),
      'probes.2.id: probe id a is already used by probe 0: ids name the metrics',
    );
  });

  it('names the field of a bad probe and of a bad allowed range', () => {
    assert.match(firstIssue({ probes: [{ ...http('a'), url: 'ftp://x' }] }), /^probes\.0\.url: /);
    assert.match(
      firstIssue({ probes: [], settings: { allowRanges: ['10.0.0.0/33'] } }),
      /^settings\.allowRanges\.0: /,
    );
    assert.match(firstIssue({ probes: [{ ...http('a'), kind: 'icmp' }] }), /raw sockets/);
  });

  it('defaults the settings', () => {
    assert.deepEqual(orgProbesSchema.parse({ probes: [] }).settings, { allowRanges: [] });
  });
});

describe('a target as the runners take it', () => {
  it('turns the status list into a predicate and patterns into RegExps', () => {
    const probes = orgProbesSchema.parse({
      probes: [
        { ...http('web'), expectStatus: [204, '3xx'], bodyRegex: '^ok$' },
        {
          id: 'pg',
          kind: 'tcp',
          address: '{{host.ipv4.eth0}}:5432',
          expect: 'SSH',
          targets: { hostIds: ['h1'] },
        },
      ],
    }).probes;
    const [web, pg] = probeTargets(probes, [hostOf('h1')]).targets.map(runnableOf);
    assert.ok(web?.kind === 'http' && pg?.kind === 'tcp');
    assert.deepEqual([204, 200, 301, 399, 404].map(web.expectStatus), [true, false, true, true, false]);
    assert.ok(web.bodyRegex?.test('ok') && !web.bodyRegex.test('not ok'));
    assert.deepEqual([pg.host, pg.port, pg.expect?.source], ['203.0.113.7', 5432, 'SSH']);
  });
});
