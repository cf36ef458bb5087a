import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { activeSilence } from '../../../shared/routing/active-silence';
import type { RoutingTarget } from '../../../shared/routing/routing-target';
import { type Silence, type SilenceInput, silenceSchema } from '../../../shared/routing/silence-schema';

const target: RoutingTarget = {
  org: 'acme-prod',
  eventType: 'alert',
  alertType: 'host',
  severity: 'critical',
  services: ['shop'],
  roles: ['shop:web'],
  hostName: 'web01',
  hostStatus: 'working',
  monitorName: 'CPU %',
  isOpen: true,
};

const NOW = new Date('2026-01-01T12:00:00Z');

function silence(id: string, overrides: Partial<SilenceInput> = {}): Silence {
  return silenceSchema.parse({
    id,
    org: 'acme-prod',
    matchers: { hostNameGlob: 'web*' },
    startsAt: '2026-01-01T11:00:00Z',
    endsAt: '2026-01-01T13:00:00Z',
    createdBy: 'ops@msp.example',
    comment: 'web01 kernel update',
    ...overrides,
  });
}

describe('activeSilence', () => {
  it('applies a silence whose window contains now and whose matchers match', () => {
    assert.equal(activeSilence(target, [silence('s1')], NOW)?.id, 's1');
  });

  it('stops applying at endsAt by itself, and starts at startsAt', () => {
    const s = silence('s1');
    assert.equal(activeSilence(target, [s], new Date('2026-01-01T12:59:59.999Z'))?.id, 's1');
    assert.equal(activeSilence(target, [s], new Date('2026-01-01T13:00:00Z')), undefined);
    assert.equal(activeSilence(target, [s], new Date('2026-01-02T00:00:00Z')), undefined);
    assert.equal(activeSilence(target, [s], new Date('2026-01-01T11:00:00Z'))?.id, 's1');
    assert.equal(activeSilence(target, [s], new Date('2026-01-01T10:59:59.999Z')), undefined);
  });

  it('ignores expired and future silences', () => {
    const expired = silence('expired', { startsAt: '2026-01-01T09:00:00Z', endsAt: '2026-01-01T10:00:00Z' });
    const future = silence('future', { startsAt: '2026-01-01T13:00:00Z', endsAt: '2026-01-01T14:00:00Z' });
    assert.equal(activeSilence(target, [expired, future], NOW), undefined);
  });

  it('compares times with offsets as instants', () => {
    // 21:30 in Tokyo is 12:30 UTC: still on at 12:00 UTC.
    const tokyo = silence('tokyo', {
      startsAt: '2026-01-01T20:00:00+09:00',
      endsAt: '2026-01-01T21:30:00+09:00',
    });
    assert.equal(activeSilence(target, [tokyo], NOW)?.id, 'tokyo');
    assert.equal(activeSilence(target, [tokyo], new Date('2026-01-01T12:30:00Z')), undefined);
  });

  it('applies only to its own org, or to every org with *', () => {
    assert.equal(activeSilence(target, [silence('other', { org: 'other-org' })], NOW), undefined);
    assert.equal(activeSilence(target, [silence('all', { org: '*' })], NOW)?.id, 'all');
    assert.equal(
      activeSilence({ ...target, org: 'other-org' }, [silence('all', { org: '*' })], NOW)?.id,
      'all',
    );
  });

  it('applies only when its matchers match', () => {
    const dbOnly = silence('db', { matchers: { hostNameGlob: 'db*' } });
    const warnings = silence('warnings', { matchers: { services: ['shop'], minSeverity: 'warning' } });
    const hostless = { ...target, hostName: undefined, hostStatus: undefined, roles: [] };
    assert.equal(activeSilence(target, [dbOnly], NOW), undefined);
    assert.equal(activeSilence(target, [warnings], NOW)?.id, 'warnings');
    assert.equal(activeSilence({ ...target, severity: 'ok' }, [warnings], NOW), undefined);
    assert.equal(activeSilence(hostless, [silence('s1')], NOW), undefined);
  });

  it('silences the whole org with no matchers', () => {
    assert.equal(activeSilence(target, [silence('org-wide', { matchers: {} })], NOW)?.id, 'org-wide');
  });

  it('returns the applying silence that ends last', () => {
    const short = silence('short', { endsAt: '2026-01-01T12:30:00Z' });
    const long = silence('long', { endsAt: '2026-01-01T18:00:00Z' });
    const unrelated = silence('unrelated', {
      endsAt: '2026-01-02T00:00:00Z',
      matchers: { hostNameGlob: 'db*' },
    });
    assert.equal(activeSilence(target, [short, unrelated, long], NOW)?.id, 'long');
  });
});

describe('silenceSchema', () => {
  const base = {
    id: 's1',
    org: 'acme-prod',
    matchers: {},
    startsAt: '2026-01-01T11:00:00Z',
    endsAt: '2026-01-01T13:00:00Z',
    createdBy: 'ops@msp.example',
    comment: 'maintenance',
  };
  const issuesOf = (doc: unknown) =>
    silenceSchema.safeParse(doc).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];

  it('accepts a valid silence', () => {
    assert.deepEqual(issuesOf(base), []);
  });

  it('requires endsAt after startsAt', () => {
    assert.deepEqual(issuesOf({ ...base, endsAt: base.startsAt }), ['endsAt: must be after startsAt']);
    assert.deepEqual(issuesOf({ ...base, endsAt: '2026-01-01T10:00:00Z' }), [
      'endsAt: must be after startsAt',
    ]);
  });

  it('requires a matcher when silencing every org', () => {
    assert.deepEqual(issuesOf({ ...base, org: '*' }), [
      'matchers: a silence for every org (*) needs at least one matcher',
    ]);
    assert.deepEqual(issuesOf({ ...base, org: '*', matchers: { monitorNameGlob: 'upstream*' } }), []);
  });

  it('rejects unknown keys, bad times, and a missing author or reason', () => {
    assert.equal(issuesOf({ ...base, matchers: { hostGlob: 'web*' } }).length, 1);
    assert.equal(issuesOf({ ...base, startsAt: 'tomorrow' }).length, 1);
    assert.equal(issuesOf({ ...base, createdBy: '' }).length, 1);
    assert.equal(issuesOf({ ...base, comment: undefined }).length, 1);
    assert.equal(issuesOf({ ...base, org: 'a/b' }).length, 1);
  });
});
