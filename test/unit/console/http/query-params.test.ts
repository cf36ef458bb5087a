import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { parseQuery } from '../../../../shared/console/http/query-params';

const schema = z.strictObject({
  org: z
    .string()
    .regex(/^[a-z]+$/, 'expected lower-case letters')
    .optional(),
  severity: z.enum(['critical', 'warning']).optional(),
});

describe('parseQuery', () => {
  it('passes known parameters through the schema', () => {
    assert.deepEqual(parseQuery(schema, { org: 'acme', severity: 'critical' }), {
      ok: true,
      data: { org: 'acme', severity: 'critical' },
    });
    assert.deepEqual(parseQuery(schema, {}), { ok: true, data: {} });
  });

  it('refuses an unknown parameter and names it, with the ones the page takes', () => {
    assert.deepEqual(parseQuery(schema, { org: 'acme', sevrity: 'critical' }), {
      ok: false,
      problems: ['parameter "sevrity": unknown (this page takes org, severity)'],
    });
  });

  it('names every unknown parameter, and says "none" for a page that takes none', () => {
    const result = parseQuery(z.strictObject({}), { a: '1', b: '' });
    assert.deepEqual(result, {
      ok: false,
      problems: [
        'parameter "a": unknown (this page takes none)',
        'parameter "b": unknown (this page takes none)',
      ],
    });
  });

  it('refuses an invalid value and names the parameter', () => {
    const result = parseQuery(schema, { org: 'ACME' });
    assert.equal(result.ok, false);
    assert.deepEqual(!result.ok && result.problems, ['parameter "org": expected lower-case letters']);
    const bad = parseQuery(schema, { severity: 'fatal' });
    assert.equal(bad.ok, false);
    assert.match(!bad.ok ? (bad.problems[0] ?? '') : '', /^parameter "severity": /);
  });

  it('treats an empty value as absent ("any")', () => {
    assert.deepEqual(parseQuery(schema, { org: '', severity: 'warning' }), {
      ok: true,
      data: { severity: 'warning' },
    });
    // Empty would be invalid for the enum if it were passed on.
    assert.deepEqual(parseQuery(schema, { severity: '' }), { ok: true, data: {} });
  });
});
