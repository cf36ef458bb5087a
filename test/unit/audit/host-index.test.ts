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
        h3: {
          name: 'app01',
          firstSeenAt: 1_767_229_200,
          status: 'maintenance',
          roles: ['shop:app', 'shop:web'],
        },
      },
    };
    const doc = hostIndexDocOf('acme-prod', snapshot);
    assert.equal(typeof doc.hosts, 'string');
    assert.deepEqual(snapshotOfHostIndex(doc), snapshot);
  });

  it('keeps status and roles, so a search across orgs shows them; reads indexes written before', () => {
    const doc = hostIndexDocOf('acme-prod', {
      takenAt: 1,
      baselineAt: 1,
      hosts: { h1: { name: 'web01', firstSeenAt: 1, status: 'working', roles: ['shop:web'] } },
    });
    assert.deepEqual(JSON.parse(doc.hosts), [['h1', 'web01', 1, 'working', ['shop:web']]]);
    const older = snapshotOfHostIndex({ org: 'a', takenAt: 1, baselineAt: 1, hosts: '[["h1","web01",1]]' });
    assert.deepEqual(older.hosts, { h1: { name: 'web01', firstSeenAt: 1 } });
  });

  it('refuses an index it did not write', () => {
    assert.throws(() => snapshotOfHostIndex({ org: 'a', takenAt: 1, baselineAt: 1, hosts: '[["h1", 3]]' }));
  });
});
