import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addressGate } from '../../../shared/probes/adapters/address-gate';
import { loopbackOnly } from './support/test-gate';

const answering =
  (...addresses: string[]) =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

describe('addressGate', () => {
  it('checks IP literals as they are, without a lookup (bracketed IPv6 too)', async () => {
    let lookups = 0;
    const gate = addressGate(loopbackOnly, {
      lookup: async () => [{ address: String(lookups++), family: 4 }],
    });
    assert.deepEqual(await gate('127.0.0.1'), { ok: true, address: '127.0.0.1', family: 4 });
    assert.equal((await gate('169.254.169.254')).ok, false);
    assert.equal((await gate('[::1]')).ok, false);
    assert.equal(lookups, 0);
  });

  it('refuses a name when any of its addresses is refused, and one with none', async () => {
    assert.equal(
      (await addressGate(loopbackOnly, { lookup: answering('127.0.0.1', '10.0.0.1') })('a.test')).ok,
      false,
    );
    assert.equal((await addressGate(loopbackOnly, { lookup: answering() })('a.test')).ok, false);
    assert.deepEqual(await addressGate(loopbackOnly, { lookup: answering('127.0.0.1') })('a.test'), {
      ok: true,
      address: '127.0.0.1',
      family: 4,
    });
  });

  it('applies the name check before looking up', async () => {
    let looked = false;
    const gate = addressGate(loopbackOnly, {
      checkName: () => ({ ok: false, reason: 'internal name' }),
      lookup: async () => {
        looked = true;
        return [];
      },
    });
    assert.deepEqual(await gate('metadata.google.internal'), { ok: false, reason: 'internal name' });
    assert.equal(looked, false);
  });

  it('lets a failed lookup reject with its code (a dns failure, not a policy one)', async () => {
    const gate = addressGate(loopbackOnly);
    await assert.rejects(
      gate('no-such-host.invalid'),
      (error: NodeJS.ErrnoException) => typeof error.code === 'string',
    );
  });
});
