import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Firestore } from '@google-cloud/firestore';
import {
  type RunningFirestoreEmulator,
  startFirestoreEmulator,
} from '../../../../local/firestore/firestore-emulator';
import { batchedReads } from '../../../../shared/platform/firestore/batched-reads';

let emulator: RunningFirestoreEmulator;
let db: Firestore;
/** Documents per getAll call the client made (the real client, observed, not replaced). */
const calls: number[] = [];

before(async () => {
  emulator = await startFirestoreEmulator(0);
  Object.assign(process.env, { FIRESTORE_EMULATOR_HOST: emulator.host, METADATA_SERVER_DETECTION: 'none' });
  db = new Firestore({ projectId: 'batched-reads' });
  const getAll = db.getAll.bind(db);
  db.getAll = (...args: Parameters<Firestore['getAll']>) => {
    calls.push(args.length);
    return getAll(...args);
  };
  await Promise.all(['a', 'b', 'c'].map((id) => db.collection('docs').doc(id).set({ id })));
});

after(async () => {
  await db?.terminate();
  emulator?.stop();
});

const doc = (id: string) => db.collection('docs').doc(id);

describe('batchedReads', () => {
  it('reads asked for in one turn go as one call, each answered with its own document', async () => {
    calls.length = 0;
    const reads = batchedReads(db);
    const [a, b, missing] = await Promise.all([
      reads.get(doc('a')),
      reads.get(doc('b')),
      reads.get(doc('zz')),
    ]);
    assert.deepEqual(calls, [3]);
    assert.equal(a.get('id'), 'a');
    assert.equal(b.get('id'), 'b');
    assert.equal(missing.exists, false);
  });

  it('one path asked for twice is read once, and both callers get it', async () => {
    calls.length = 0;
    const reads = batchedReads(db);
    const [first, second] = await Promise.all([reads.get(doc('c')), reads.get(doc('c'))]);
    assert.deepEqual(calls, [1]);
    assert.equal(first.get('id'), 'c');
    assert.equal(second.get('id'), 'c');
  });

  it('reads in later turns are later calls, and see what was written in between', async () => {
    calls.length = 0;
    const reads = batchedReads(db);
    assert.equal((await reads.get(doc('a'))).get('id'), 'a');
    await doc('a').set({ id: 'a2' });
    assert.equal((await reads.get(doc('a'))).get('id'), 'a2');
    assert.deepEqual(calls, [1, 1]);
  });

  it('one reader per client: every adapter of a client batches together', () => {
    assert.equal(batchedReads(db), batchedReads(db));
  });

  it('a failed call fails every read of its turn', async () => {
    const broken = new Firestore({ projectId: 'batched-reads' });
    broken.getAll = async () => {
      throw new Error('unavailable');
    };
    const reads = batchedReads(broken);
    const results = await Promise.allSettled([
      reads.get(broken.collection('docs').doc('a')),
      reads.get(broken.collection('docs').doc('b')),
    ]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['rejected', 'rejected'],
    );
    await broken.terminate();
  });
});
