import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { monitorSpecSchema } from '../../../../shared/mackerel/api/monitor-spec';
import { managedSetOf, markMemo, unmarkedMemo } from '../../../../shared/monitors/model/managed-marker';

describe('the managed marker', () => {
  it('is the last line of the memo and names the set', () => {
    const memo = markMemo('Runbook: https://rb.example/cpu', 'db');
    assert.equal(memo, 'Runbook: https://rb.example/cpu\n[msp-ops managed: db]');
    assert.equal(managedSetOf(memo), 'db');
    assert.equal(unmarkedMemo(memo), 'Runbook: https://rb.example/cpu');
    assert.equal(markMemo(undefined, 'baseline'), '[msp-ops managed: baseline]');
    assert.equal(managedSetOf('[msp-ops managed: baseline]'), 'baseline');
  });

  it('is not found in a memo made by hand, even one that quotes it mid-text', () => {
    assert.equal(managedSetOf('made by hand'), null);
    assert.equal(managedSetOf(undefined), null);
    assert.equal(managedSetOf('see [msp-ops managed: db] for how we do it\nthanks'), null);
    assert.equal(managedSetOf('[msp-ops managed: db] '), null, 'not the last thing in the memo');
  });

  it('counts in the memo limit: a 250-character memo no longer fits once marked', () => {
    const spec = { type: 'connectivity', name: 'connectivity', memo: 'x'.repeat(250) } as const;
    assert.equal(monitorSpecSchema.safeParse(spec).success, true);
    const marked = monitorSpecSchema.safeParse({ ...spec, memo: markMemo(spec.memo, 'baseline') });
    assert.equal(marked.success, false);
    assert.deepEqual(marked.error?.issues[0]?.path, ['memo']);
  });
});
