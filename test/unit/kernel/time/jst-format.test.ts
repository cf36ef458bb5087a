import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  epochText,
  formatJst,
  formatJstRange,
  jstDateTime,
  jstText,
} from '../../../../shared/kernel/time/jst-format';

describe('JST formatting', () => {
  it('shows instants in Japan time, whatever the process zone', () => {
    assert.equal(formatJst(1_767_225_600), '2026-01-01 09:00 JST');
    assert.equal(jstDateTime(1_767_225_600), '2026-01-01 09:00');
    assert.equal(formatJstRange(1_767_225_600, 1_767_225_900), '2026-01-01 09:00 – 09:05 JST');
    assert.equal(formatJstRange(1_767_279_000, 1_767_283_200), '2026-01-01 23:50 – 2026-01-02 01:00 JST');
    assert.equal(jstText('2026-01-01T12:00:00Z'), '2026-01-01 21:00 JST');
    assert.equal(epochText(null), '-');
  });

  it('never throws: a time no date can show is shown as it is', () => {
    for (const bogus of [1e13, -1e12, Number.POSITIVE_INFINITY, Number.NaN, 8.64e12]) {
      assert.equal(formatJst(bogus), String(bogus));
      assert.equal(jstDateTime(bogus), String(bogus));
      assert.equal(formatJstRange(1_767_225_600, bogus), `2026-01-01 09:00 JST – ${String(bogus)}`);
    }
    assert.equal(jstText('not a time'), 'not a time');
    assert.equal(jstText(new Date(Number.NaN)), 'Invalid Date');
  });
});
