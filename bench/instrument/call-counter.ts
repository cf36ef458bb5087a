/**
 * Preloaded (`node --require`) into a function process by the push-cost benchmark. Counts the gRPC calls
 * the process makes (Firestore, Pub/Sub) by method and the promises it creates, while switched on: a promise hook costs CPU, so the CPU figures are taken with it off.
 * SIGUSR2 switches counting on (zeroing both counts) and off; switching off writes the counts as JSON to
 * $BENCH_CALL_COUNTS_DIR/<pid>.json.
 */
import { createHook } from 'node:async_hooks';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';

let rpcs = new Map<string, number>();
let promises = 0;
let counting = false;
let switches = 0;

// Every call of every client goes through its channel's createCall (the client classes capture their
// request functions when grpc-js loads, so those cannot be wrapped from here).
type CreateCall = (method: string, ...rest: unknown[]) => unknown;
const channel = grpc.Channel.prototype as unknown as { createCall: CreateCall };
const createCall = channel.createCall;
channel.createCall = function counted(this: unknown, method: string, ...rest: unknown[]) {
  // The method path, e.g. /google.firestore.v1.Firestore/Commit: the part after the last slash names it.
  const name = method.split('/').pop() ?? method;
  if (counting) rpcs.set(name, (rpcs.get(name) ?? 0) + 1);
  return createCall.call(this, method, ...rest);
};

const promiseHook = createHook({
  init(_id, type) {
    if (type === 'PROMISE') promises++;
  },
});

process.on('SIGUSR2', () => {
  switches++;
  if (!counting) {
    rpcs = new Map();
    promises = 0;
    counting = true;
    promiseHook.enable();
    return;
  }
  counting = false;
  promiseHook.disable();
  const dir = process.env.BENCH_CALL_COUNTS_DIR ?? '.';
  const counts = { switches, promises, rpcs: Object.fromEntries(rpcs) };
  writeFileSync(join(dir, `${process.pid}.json`), JSON.stringify(counts));
});
