import assert from 'node:assert/strict';
import { type Infra, isObj, type Obj } from './infra';

/** Helpers for the infra tests that run a check on a mutated copy of infra/ to prove it catches drift. */

export function obj(value: unknown, what: string): Obj {
  assert.ok(isObj(value), `${what} is not an object`);
  return value;
}

export function declaration(infra: Infra, type: string, name: string): Obj {
  return obj(infra.resources[type]?.[name]?.[0], `resource ${type}.${name}`);
}

export function mutated(infra: Infra, edit: (copy: Infra) => void): Infra {
  const copy = structuredClone(infra);
  edit(copy);
  return copy;
}

export function assertCaught(problems: string[], pattern: RegExp): void {
  assert.ok(
    problems.some((p) => pattern.test(p)),
    `expected a problem matching ${pattern}, got ${JSON.stringify(problems)}`,
  );
}
