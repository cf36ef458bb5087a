import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isRepeatDue } from '../../../../shared/alerting/router/repeat-due';

const NOW = new Date('2026-01-01T04:00:00Z');

describe('isRepeatDue', () => {
  it('is due once the interval has passed, not before', () => {
    assert.equal(isRepeatDue('2026-01-01T00:00:00Z', 4 * 3600, NOW), true);
    assert.equal(isRepeatDue('2026-01-01T00:00:01Z', 4 * 3600, NOW), false);
    assert.equal(isRepeatDue('2025-12-31T00:00:00Z', 4 * 3600, NOW), true);
  });

  it('takes a Date as well as ISO text (any offset)', () => {
    assert.equal(isRepeatDue(new Date('2026-01-01T03:00:00Z'), 3600, NOW), true);
    assert.equal(isRepeatDue('2026-01-01T12:00:00+09:00', 3600, NOW), true);
    assert.equal(isRepeatDue('2026-01-01T12:30:00+09:00', 3600, NOW), false);
  });

  it('is never due for a route never notified, or an unreadable time', () => {
    assert.equal(isRepeatDue(undefined, 60, NOW), false);
    assert.equal(isRepeatDue('yesterday', 60, NOW), false);
    assert.equal(isRepeatDue('2026-01-01T00:00:00Z', Number.NaN, NOW), false);
  });

  it('is not due for a last notification in the future (clock skew)', () => {
    assert.equal(isRepeatDue('2026-01-01T05:00:00Z', 60, NOW), false);
  });
});
