import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hostIndexDocOf, snapshotOfHostIndex } from '../../../shared/audit/host-index';
import type { HostSnapshot } from '../../../shared/audit/host-snapshot';

describe('host index', () => {
  it('round-trips a snapshot through one string, whatever the names hold', () => {
    const snapshot: HostSnapshot = {
      takenAt: 1_767_229_200,
      baselineAt: 1_767_225_600,
      hosts: {
        h1: { name: 'web01 (shop "front"\tend)', firstSeenAt: 1_767_225_600 },
        h2: { name: 'db01\nreplica', firstSeenAt: 1_767_229_200 },
      },
    };
    const doc = hostIndexDocOf('acme-prod', snapshot);
    assert.equal(typeof doc.hosts, 'string');
    assert.deepEqual(snapshotOfHostIndex(doc), snapshot);
  });

  it('refuses an index it did not write', () => {
    assert.throws(() => snapshotOfHostIndex({ org: 'a', takenAt: 1, baselineAt: 1, hosts: '[["h1", 3]]' }));
  });
});
