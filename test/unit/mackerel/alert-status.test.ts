import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ALERT_STATUSES,
  alertStatusSchema,
  normaliseAlertStatus,
} from '../../../shared/mackerel/alert-status';

describe('normaliseAlertStatus', () => {
  it('lower-cases the four statuses in any case', () => {
    for (const status of ALERT_STATUSES) {
      assert.equal(normaliseAlertStatus(status), status);
      assert.equal(normaliseAlertStatus(status.toUpperCase()), status);
    }
    assert.equal(normaliseAlertStatus('Critical'), 'critical');
  });

  it('maps anything else to unknown, without trimming', () => {
    for (const other of ['', 'bogus', 'CRIT', ' ok', 'ok ', 'toString', '__proto__']) {
      assert.equal(normaliseAlertStatus(other), 'unknown', JSON.stringify(other));
    }
  });
});

describe('alertStatusSchema', () => {
  it('accepts any case and outputs lower case', () => {
    assert.equal(alertStatusSchema.parse('WARNING'), 'warning');
  });

  it('rejects unknown text instead of guessing, quoting at most 40 characters of it', () => {
    const result = alertStatusSchema.safeParse('x'.repeat(1000));
    assert.equal(result.success, false);
    assert.equal(
      result.error?.issues[0]?.message,
      `expected one of ok|warning|critical|unknown, got "${'x'.repeat(40)}…"`,
    );
  });
});
