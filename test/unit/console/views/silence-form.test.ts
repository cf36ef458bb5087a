import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type SilenceDraft, silenceFromForm } from '../../../../shared/console/views/silence-form';
import { silenceSchema } from '../../../../shared/routing/silence-schema';

const NOW = new Date('2026-12-02T10:00:00Z');
const PERSON = 'hanako.yamada@msp.example';

const draft = (form: Record<string, unknown>, id = 'sil-20261202-1'): SilenceDraft =>
  silenceFromForm(form, PERSON, NOW, id);
const problemsOf = (result: SilenceDraft) => (result.ok ? [] : result.problems);
/** Matchers left out are undefined keys (Firestore is told to ignore those): compare what is set. */
const defined = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe('silenceFromForm', () => {
  it('makes a silence from a valid form: created by the given person, with the given id, from now', () => {
    const result = draft({ org: 'acme', host: 'web-*', ends: '+2h', comment: '  deploy of shop  ' });
    assert.deepEqual(defined(result), {
      ok: true,
      silence: {
        id: 'sil-20261202-1',
        org: 'acme',
        matchers: { hostNameGlob: 'web-*' },
        startsAt: '2026-12-02T10:00:00.000Z',
        endsAt: '2026-12-02T12:00:00.000Z',
        createdBy: PERSON,
        comment: 'deploy of shop',
      },
    });
    assert.ok(result.ok && silenceSchema.safeParse(result.silence).success);
  });

  it('never takes the person or the id from the form', () => {
    const result = draft({
      org: 'acme',
      ends: '+1h',
      comment: 'x',
      createdBy: 'mallory@evil.example',
      id: 'other',
    });
    assert.equal(result.ok && result.silence.createdBy, PERSON);
    assert.equal(result.ok && result.silence.id, 'sil-20261202-1');
  });

  it('reads a datetime-local value as JST, and +2h as relative to starts', () => {
    const result = draft({ org: 'acme', starts: '2026-12-02T22:00', ends: '+2h', comment: 'night work' });
    assert.equal(result.ok, true);
    if (!result.ok) return;
    assert.equal(Date.parse(result.silence.startsAt), Date.parse('2026-12-02T13:00:00Z'));
    assert.equal(Date.parse(result.silence.endsAt), Date.parse('2026-12-02T15:00:00Z'));
  });

  it('reads a datetime-local end as JST too, and keeps an ISO time with an offset as written', () => {
    const result = draft({
      org: 'acme',
      starts: '2026-12-02T20:00:00+09:00',
      ends: '2026-12-03T06:30',
      comment: 'x',
    });
    assert.equal(result.ok && result.silence.startsAt, '2026-12-02T20:00:00+09:00');
    assert.equal(result.ok && Date.parse(result.silence.endsAt), Date.parse('2026-12-02T21:30:00Z'));
  });

  it('splits list matchers on commas, dropping blanks, and leaves empty fields out', () => {
    const result = draft({
      org: 'acme',
      services: ' shop, , api ,',
      roles: 'shop:web,api:db',
      host: '   ',
      monitor: '',
      minSeverity: 'critical',
      ends: '+30m',
      comment: 'x',
    });
    assert.deepEqual(result.ok && defined(result.silence.matchers), {
      services: ['shop', 'api'],
      roles: ['shop:web', 'api:db'],
      minSeverity: 'critical',
    });
  });

  it('names a missing or blank comment and a missing or empty ends', () => {
    assert.deepEqual(problemsOf(draft({ org: 'acme', ends: '+2h', comment: '   ' })), [
      'comment: required: why',
    ]);
    assert.deepEqual(problemsOf(draft({ org: 'acme', ends: '', comment: 'x' })), [
      'ends: required: +2h, or a time',
    ]);
    const missing = problemsOf(draft({ org: 'acme' }));
    assert.deepEqual(
      missing.map((p) => p.split(':')[0]),
      ['ends', 'comment'],
    );
  });

  it('names a bad org', () => {
    const problems = problemsOf(draft({ org: 'not an org', ends: '+2h', comment: 'x' }));
    assert.equal(problems.length, 1);
    assert.match(problems[0] ?? '', /^org: expected /);
    assert.match(problemsOf(draft({ org: 42, ends: '+2h', comment: 'x' }))[0] ?? '', /^org: /);
  });

  it('refuses a silence for every org (*) without a matcher, and accepts one with a matcher', () => {
    assert.deepEqual(problemsOf(draft({ org: '*', ends: '+2h', comment: 'outage' })), [
      'matchers: a silence for every org (*) needs at least one matcher',
    ]);
    assert.equal(draft({ org: '*', monitor: 'HTTP*', ends: '+2h', comment: 'outage' }).ok, true);
  });

  it('refuses a role not written service:role, on a matchers. path', () => {
    const problems = problemsOf(
      draft({ org: 'acme', roles: 'shop:web, shop web', ends: '+2h', comment: 'x' }),
    );
    assert.equal(problems.length, 1);
    assert.match(problems[0] ?? '', /^matchers\.roles\.1: expected "service:role"/);
  });

  it('refuses a bad severity or a bad glob on a matchers. path', () => {
    assert.match(
      problemsOf(draft({ org: 'acme', minSeverity: 'ok', ends: '+2h', comment: 'x' }))[0] ?? '',
      /^matchers\.minSeverity: /,
    );
    assert.match(
      problemsOf(draft({ org: 'acme', host: 'web\\', ends: '+2h', comment: 'x' }))[0] ?? '',
      /^matchers\.hostNameGlob: /,
    );
  });

  it('names an unreadable time by its field', () => {
    assert.match(
      problemsOf(draft({ org: 'acme', starts: 'tomorrow', ends: '+2h', comment: 'x' }))[0] ?? '',
      /^starts: expected now/,
    );
    assert.match(
      problemsOf(draft({ org: 'acme', ends: '2026-12-03 06:30', comment: 'x' }))[0] ?? '',
      /^ends: expected now/,
    );
  });

  it('refuses ends at or before starts, and a bad id, by the silence schema', () => {
    assert.deepEqual(
      problemsOf(draft({ org: 'acme', starts: '2026-12-02T22:00', ends: '2026-12-02T21:00', comment: 'x' })),
      ['endsAt: must be after startsAt'],
    );
    assert.match(problemsOf(draft({ org: 'acme', ends: '+1h', comment: 'x' }, 'bad id'))[0] ?? '', /^id: /);
  });
});
