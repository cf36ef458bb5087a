/**
 * Reads infra/*.tf (via @cdktf/hcl2json) and cloudbuild.yaml, and evaluates just enough Terraform to hold
 * them against the code: `for_each` over locals, `each.key` / `each.value.*`, `local.*`, `var.*` defaults,
 * the functions toset, keys, jsonencode, base64encode and trimsuffix, and `a == b ? x : y` (also `!=`)
 * when both sides of the comparison resolve. Anything else (references to other
 * resources, data sources, path.module) stays as text with the resolvable parts substituted, e.g.
 * `${google_pubsub_topic.topic[each.value.topic].id}` becomes `${google_pubsub_topic.topic["t"].id}`.
 *
 * hcl2json renders a block as an array of objects (`push_config: [{ ... }]`), an expression as a string
 * `"${...}"`, a resource as `resource[type][name] = [body]` and each `locals {}` block as one object.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '@cdktf/hcl2json';
import { parse as parseYaml } from 'yaml';

export type Obj = Record<string, unknown>;

export interface Infra {
  /** Merged `locals` blocks of every file. */
  locals: Obj;
  /** Variable name -> its declaration (default, type, ...). */
  variables: Record<string, Obj>;
  /** resource type -> name -> declaration bodies (more than one means a duplicate declaration). */
  resources: Record<string, Record<string, Obj[]>>;
  data: Record<string, Record<string, Obj[]>>;
  outputs: Record<string, Obj>;
  terraform: Obj[];
}

export const REPO_ROOT = join(__dirname, '..', '..');

export const isObj = (value: unknown): value is Obj =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** First element of an hcl2json block list (`x: [{...}]`), or undefined. */
export function block(value: unknown): Obj | undefined {
  if (Array.isArray(value)) return isObj(value[0]) ? value[0] : undefined;
  return isObj(value) ? value : undefined;
}

export function blocks(value: unknown): Obj[] {
  if (Array.isArray(value)) return value.filter(isObj);
  return isObj(value) ? [value] : [];
}

function mergeNamed(target: Record<string, Record<string, Obj[]>>, source: unknown): void {
  if (!isObj(source)) return;
  for (const [type, byName] of Object.entries(source)) {
    if (!isObj(byName)) continue;
    const into = target[type] ?? {};
    target[type] = into;
    for (const [name, decls] of Object.entries(byName)) {
      into[name] = [...(into[name] ?? []), ...blocks(decls)];
    }
  }
}

export async function loadInfra(dir = join(REPO_ROOT, 'infra')): Promise<Infra> {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.tf'))
    .sort();
  if (files.length === 0) throw new Error(`no .tf files in ${dir}`);
  const infra: Infra = { locals: {}, variables: {}, resources: {}, data: {}, outputs: {}, terraform: [] };
  for (const file of files) {
    const parsed = await parse(file, readFileSync(join(dir, file), 'utf8'));
    for (const localsBlock of blocks(parsed.locals)) {
      for (const [name, value] of Object.entries(localsBlock)) {
        if (name in infra.locals) throw new Error(`local.${name} is declared twice (${file})`);
        infra.locals[name] = value;
      }
    }
    if (isObj(parsed.variable)) {
      for (const [name, decl] of Object.entries(parsed.variable)) {
        const body = block(decl);
        if (body) infra.variables[name] = body;
      }
    }
    if (isObj(parsed.output)) {
      for (const [name, decl] of Object.entries(parsed.output)) {
        const body = block(decl);
        if (body) infra.outputs[name] = body;
      }
    }
    mergeNamed(infra.resources, parsed.resource);
    mergeNamed(infra.data, parsed.data);
    infra.terraform.push(...blocks(parsed.terraform));
  }
  return infra;
}

export function loadCloudBuild(file = join(REPO_ROOT, 'cloudbuild.yaml')): Obj {
  const parsed: unknown = parseYaml(readFileSync(file, 'utf8'));
  if (!isObj(parsed)) throw new Error(`${file} is not a mapping`);
  return parsed;
}

// ---------------------------------------------------------------------------------------------------------
// Expression evaluation
// ---------------------------------------------------------------------------------------------------------

const UNRESOLVED = Symbol('unresolved');
type Evaluated = unknown | typeof UNRESOLVED;

interface Scope {
  infra: Infra;
  each?: { key: string; value: unknown };
  depth: number;
}

/** Terraform's jsonencode: object keys sorted, no whitespace. */
function jsonencode(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(jsonencode).join(',')}]`;
  if (isObj(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${jsonencode(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const isScalar = (v: unknown): v is string | number | boolean =>
  typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/** True when nothing in the value is still an unevaluated expression. */
function fullyResolved(value: unknown): boolean {
  if (typeof value === 'string') return !value.includes('${');
  if (Array.isArray(value)) return value.every(fullyResolved);
  if (isObj(value)) return Object.values(value).every(fullyResolved);
  return true;
}

/** Splits `a.b["c"][0]` into ['a', 'b', 'c', 0]; undefined if it is not a plain traversal. */
function traversal(expr: string): (string | number)[] | undefined {
  const steps: (string | number)[] = [];
  const pattern = /^(?:\.?([A-Za-z_][\w-]*)|\["([^"\\]*)"\]|\[(\d+)\])/;
  let rest = expr;
  while (rest.length > 0) {
    const m = pattern.exec(rest);
    if (!m) return undefined;
    if (m[1] !== undefined) steps.push(m[1]);
    else if (m[2] !== undefined) steps.push(m[2]);
    else if (m[3] !== undefined) steps.push(Number(m[3]));
    rest = rest.slice(m[0].length);
  }
  return steps;
}

function walk(value: unknown, path: (string | number)[]): Evaluated {
  let current: unknown = value;
  for (const step of path) {
    if (typeof step === 'number' && Array.isArray(current)) current = current[step];
    else if (typeof step === 'string' && isObj(current) && step in current) current = current[step];
    else return UNRESOLVED;
  }
  return current;
}

function lookupReference(expr: string, scope: Scope): Evaluated {
  const path = traversal(expr);
  if (!path || path.length < 2) return UNRESOLVED;
  const [root, first, ...rest] = path;
  if (root === 'each') {
    if (!scope.each) return UNRESOLVED;
    if (first === 'key') return rest.length === 0 ? scope.each.key : UNRESOLVED;
    if (first === 'value') return walk(scope.each.value, rest);
    return UNRESOLVED;
  }
  if (root === 'local' && typeof first === 'string') {
    if (!(first in scope.infra.locals)) return UNRESOLVED;
    if (scope.depth > 20) throw new Error(`local.${first}: references nest too deeply`);
    // Locals are evaluated without `each`, as Terraform does.
    const value = resolveDeep(scope.infra.locals[first], { infra: scope.infra, depth: scope.depth + 1 });
    return walk(value, rest);
  }
  if (root === 'var' && typeof first === 'string') {
    const decl = scope.infra.variables[first];
    if (!decl || !('default' in decl)) return UNRESOLVED;
    return walk(decl.default, rest);
  }
  return UNRESOLVED;
}

/** Index of the parenthesis that closes the one at `open`, skipping string literals. */
function closingParen(text: string, open: number): number {
  let depth = 0;
  let inString = false;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return -1;
}

/** Positions of `chars` at nesting depth 0 (outside strings, (), [], {}). */
function topLevel(text: string, chars: string): number[] {
  const found: number[] = [];
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (depth === 0 && chars.includes(c)) found.push(i);
  }
  return found;
}

/** `cond ? a : b` with cond `x == y` or `x != y`; UNRESOLVED unless both sides of cond resolve. */
function evalConditional(expr: string, scope: Scope): Evaluated | undefined {
  const marks = topLevel(expr, '?:');
  const q = marks.find((i) => expr[i] === '?');
  if (q === undefined) return undefined;
  let nested = 0;
  const colon = marks.find((i) => {
    if (i <= q) return false;
    if (expr[i] === '?') nested++;
    else if (nested-- === 0) return true;
    return false;
  });
  if (colon === undefined) return undefined;
  const cond = expr.slice(0, q);
  const m = /^(.*?)\s*(==|!=)\s*(.*)$/s.exec(cond.trim());
  if (!m?.[1] || !m[3]) return UNRESOLVED;
  const left = evalExpr(m[1], scope);
  const right = evalExpr(m[3], scope);
  if (!isScalar(left) || !isScalar(right) || !fullyResolved(left) || !fullyResolved(right)) return UNRESOLVED;
  const holds = m[2] === '==' ? left === right : left !== right;
  return evalExpr(holds ? expr.slice(q + 1, colon) : expr.slice(colon + 1), scope);
}

function evalExpr(raw: string, scope: Scope): Evaluated {
  const expr = raw.trim();
  const conditional = evalConditional(expr, scope);
  if (conditional !== undefined) return conditional;
  const literal = /^"((?:[^"\\$]|\\.)*)"$/.exec(expr);
  if (literal?.[1] !== undefined) return JSON.parse(`"${literal[1]}"`) as string;
  if (/^-?\d+(\.\d+)?$/.test(expr)) return Number(expr);
  if (expr === 'true' || expr === 'false') return expr === 'true';
  const call = /^([a-z][a-z0-9_]*)\(/.exec(expr);
  if (call?.[1] !== undefined && closingParen(expr, call[0].length - 1) === expr.length - 1) {
    const inner = expr.slice(call[0].length, -1);
    const cuts = [-1, ...topLevel(inner, ','), inner.length];
    const args = cuts.slice(1).map((end, i) => evalExpr(inner.slice((cuts[i] ?? 0) + 1, end), scope));
    if (args.some((a) => a === UNRESOLVED || !fullyResolved(a))) return UNRESOLVED;
    const [arg, second] = args;
    if (call[1] === 'trimsuffix') {
      if (typeof arg !== 'string' || typeof second !== 'string') return UNRESOLVED;
      return second !== '' && arg.endsWith(second) ? arg.slice(0, -second.length) : arg;
    }
    if (args.length !== 1) return UNRESOLVED;
    switch (call[1]) {
      case 'toset':
        return Array.isArray(arg) ? [...new Set(arg)] : UNRESOLVED;
      case 'keys':
        return isObj(arg) ? Object.keys(arg).sort() : UNRESOLVED;
      case 'jsonencode':
        return jsonencode(arg);
      case 'base64encode':
        return typeof arg === 'string' ? Buffer.from(arg, 'utf8').toString('base64') : UNRESOLVED;
      default:
        return UNRESOLVED;
    }
  }
  return lookupReference(expr, scope);
}

/** Replaces resolvable each/local/var references inside an unresolvable expression by literals. */
function substituteReferences(expr: string, scope: Scope): string {
  return expr.replace(
    /(?<![\w.])(?:each\.(?:key|value(?:\.[A-Za-z_][\w-]*)*)|local\.[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*|var\.[A-Za-z_][\w-]*)/g,
    (ref) => {
      const value = lookupReference(ref, scope);
      return isScalar(value) ? JSON.stringify(value) : ref;
    },
  );
}

/** Finds `${...}` segments (brace-balanced, string-aware). */
function templateSegments(text: string): { start: number; end: number; expr: string }[] {
  const segments: { start: number; end: number; expr: string }[] = [];
  let i = 0;
  while (i < text.length) {
    const start = text.indexOf('${', i);
    if (start < 0) break;
    if (start > 0 && text[start - 1] === '$') {
      i = start + 2; // $${ is an escaped literal
      continue;
    }
    let depth = 0;
    let inString = false;
    let end = -1;
    for (let j = start + 1; j < text.length; j++) {
      const c = text[j];
      if (inString) {
        if (c === '\\') j++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === '{') depth++;
      else if (c === '}' && --depth === 0) {
        end = j;
        break;
      }
    }
    if (end < 0) break;
    segments.push({ start, end: end + 1, expr: text.slice(start + 2, end) });
    i = end + 1;
  }
  return segments;
}

function resolveString(text: string, scope: Scope): unknown {
  const segments = templateSegments(text);
  if (segments.length === 0) return text;
  const only = segments[0];
  if (segments.length === 1 && only && only.start === 0 && only.end === text.length) {
    const value = evalExpr(only.expr, scope);
    return value === UNRESOLVED ? `\${${substituteReferences(only.expr, scope)}}` : value;
  }
  let out = '';
  let at = 0;
  for (const segment of segments) {
    out += text.slice(at, segment.start);
    const value = evalExpr(segment.expr, scope);
    out += isScalar(value) ? String(value) : `\${${substituteReferences(segment.expr, scope)}}`;
    at = segment.end;
  }
  return out + text.slice(at);
}

function resolveDeep(value: unknown, scope: Scope): unknown {
  if (typeof value === 'string') return resolveString(value, scope);
  if (Array.isArray(value)) return value.map((v) => resolveDeep(v, scope));
  if (isObj(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveDeep(v, scope)]));
  }
  return value;
}

/** Evaluates a value (e.g. a locals entry) outside any resource. */
export function resolve(infra: Infra, value: unknown): unknown {
  return resolveDeep(value, { infra, depth: 0 });
}

export function local(infra: Infra, name: string): unknown {
  return resolve(infra, infra.locals[name]);
}

// ---------------------------------------------------------------------------------------------------------
// Resource instances and references
// ---------------------------------------------------------------------------------------------------------

export interface Instance {
  type: string;
  name: string;
  /** for_each key; undefined for a single instance. */
  key: string | undefined;
  /** `type.name["key"]` */
  address: string;
  body: Obj;
}

function expand(infra: Infra, type: string, name: string, decl: Obj): Instance[] {
  const address = (key?: string) => `${type}.${name}${key === undefined ? '' : `[${JSON.stringify(key)}]`}`;
  if ('count' in decl)
    throw new Error(`${address()}: count is not supported by the infra tests; use for_each`);
  const { for_each: forEach, ...rest } = decl;
  if (forEach === undefined) {
    return [
      { type, name, key: undefined, address: address(), body: resolveDeep(rest, { infra, depth: 0 }) as Obj },
    ];
  }
  const collection = resolveDeep(forEach, { infra, depth: 0 });
  let entries: [string, unknown][];
  if (isObj(collection)) entries = Object.entries(collection);
  else if (Array.isArray(collection) && collection.every((v): v is string => typeof v === 'string')) {
    entries = collection.map((v) => [v, v]);
  } else {
    throw new Error(
      `${address()}: cannot evaluate for_each ${JSON.stringify(forEach)}; use a local map or toset(local.list)`,
    );
  }
  return entries.map(([key, value]) => ({
    type,
    name,
    key,
    address: address(key),
    body: resolveDeep(rest, { infra, each: { key, value }, depth: 0 }) as Obj,
  }));
}

/** Every instance of every resource of `type` (optionally only the resource `name`). */
export function instances(infra: Infra, type: string, name?: string, kind: 'resource' | 'data' = 'resource') {
  const byName = (kind === 'resource' ? infra.resources : infra.data)[type] ?? {};
  return Object.entries(byName)
    .filter(([n]) => name === undefined || n === name)
    .flatMap(([n, decls]) => decls.flatMap((decl) => expand(infra, type, n, decl)));
}

export interface Ref {
  data: boolean;
  type: string;
  name: string;
  key: string | undefined;
  /** The attribute path after the instance, e.g. `service_config[0].uri`. */
  attr: string;
}

const REF = /^(data\.)?([a-z][a-z0-9_]*)\.([A-Za-z_][\w-]*)(?:\["([^"]*)"\])?(?:\.(.+))?$/;

/** Parses a value that is exactly `${type.name["key"].attr}` (after evaluation). */
export function parseRef(value: unknown): Ref | undefined {
  if (typeof value !== 'string') return undefined;
  const whole = /^\$\{(.*)\}$/s.exec(value);
  if (!whole?.[1] || templateSegments(value).length !== 1) return undefined;
  const m = REF.exec(whole[1].trim());
  if (!m?.[2] || !m[3]) return undefined;
  return { data: m[1] !== undefined, type: m[2], name: m[3], key: m[4], attr: m[5] ?? '' };
}

/** The instance a reference points at. */
export function target(infra: Infra, ref: Ref): Instance | undefined {
  return instances(infra, ref.type, ref.name, ref.data ? 'data' : 'resource').find((i) => i.key === ref.key);
}

/** An HCL interpolation as hcl2json renders it: `expr('var.x')` is the string "${var.x}". */
export const expr = (expression: string): string => `\${${expression}}`;

export const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
