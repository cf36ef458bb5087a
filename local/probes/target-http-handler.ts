/**
 * The routes the probe target stand-in serves over HTTP and HTTPS alike:
 *
 * - any path outside `/_control`: answers per the behaviour of its first segment's target
 *   (`/web-1/health` → `web-1`), after its latency; a `down` target gets its socket destroyed.
 * - `PUT /_control/targets/<name>` `{"status":503,"latencyMs":50,"body":"ok","down":false}` (all optional):
 *   sets that target's behaviour; bad input is a 400 `{error, field}`.
 * - `GET /_control/targets`: the default, the set behaviours and request counts per target.
 * - `DELETE /_control/targets/<name>` (or `/_control/targets` for all): back to the default, count zeroed.
 *
 * Nothing is logged per target request: a benchmark sends tens of thousands.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Logger } from '../../shared/kernel/log/logger';
import { readRequestBody } from '../http/read-request-body';
import type { LatencyTimers } from './latency-timers';
import { decodeSegment, parseBehaviour, targetNameOf, targetNameSchema } from './target-behaviour';
import type { TargetBook } from './target-book';

const CONTROL_PREFIX = '/_control/';
const TARGETS_PATH = '/_control/targets';
const MAX_CONTROL_BODY_BYTES = 64 * 1024;

export interface TargetHandlerDeps {
  book: TargetBook;
  timers: LatencyTimers;
  logger: Logger;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}

export function targetRequestHandler(deps: TargetHandlerDeps): RequestListener {
  return (req, res) => {
    const arrived = performance.now();
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    const answering = pathname.startsWith(CONTROL_PREFIX)
      ? control(deps, req, res, pathname)
      : answerTarget(deps, req, res, targetNameOf(pathname), arrived);
    answering.catch((error: unknown) => {
      deps.logger.error('request failed', { event: 'probe-target-standin.error', error });
      if (res.headersSent) res.destroy();
      else sendJson(res, 500, { error: 'internal error' });
    });
  };
}

async function answerTarget(
  deps: TargetHandlerDeps,
  req: IncomingMessage,
  res: ServerResponse,
  name: string,
  arrived: number,
): Promise<void> {
  const behaviour = deps.book.take(name);
  if (behaviour.latencyMs > 0) await deps.timers.waitUntil(arrived, behaviour.latencyMs);
  // The client may have given up (its probe timed out) or stop() closed the socket meanwhile.
  if (res.destroyed || req.socket.destroyed) return;
  if (behaviour.down) {
    req.socket.destroy();
    return;
  }
  res.writeHead(behaviour.status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(behaviour.body);
}

async function control(
  deps: TargetHandlerDeps,
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
): Promise<void> {
  if (pathname === TARGETS_PATH || pathname === `${TARGETS_PATH}/`) {
    if (req.method === 'GET') return sendJson(res, 200, deps.book.snapshot());
    if (req.method === 'DELETE') {
      deps.book.resetAll();
      deps.logger.info('probe targets reset', { event: 'probe-target-standin.reset' });
      res.writeHead(204).end();
      return;
    }
  } else if (pathname.startsWith(`${TARGETS_PATH}/`)) {
    const name = decodeSegment(pathname.slice(TARGETS_PATH.length + 1));
    if (req.method === 'PUT') return putTarget(deps, req, res, name);
    if (req.method === 'DELETE') {
      deps.book.reset(name);
      deps.logger.info('probe target reset', { event: 'probe-target-standin.reset', target: name });
      res.writeHead(204).end();
      return;
    }
  }
  sendJson(res, 404, { error: `no control route for ${req.method} ${pathname}` });
}

async function putTarget(
  deps: TargetHandlerDeps,
  req: IncomingMessage,
  res: ServerResponse,
  name: string,
): Promise<void> {
  if (!targetNameSchema.safeParse(name).success) {
    return sendJson(res, 400, { error: 'target names are [A-Za-z0-9][A-Za-z0-9._-]*', field: 'name' });
  }
  const read = await readRequestBody(req, MAX_CONTROL_BODY_BYTES);
  if (read.kind !== 'ok') return sendJson(res, 400, { error: 'body too large', field: '(body)' });
  let input: unknown;
  try {
    // An empty body means "all defaults".
    input = read.body.length === 0 ? {} : JSON.parse(read.body.toString('utf8'));
  } catch {
    return sendJson(res, 400, { error: 'body is not JSON', field: '(body)' });
  }
  const parsed = parseBehaviour(input);
  if (!parsed.ok) return sendJson(res, 400, { error: parsed.error, field: parsed.field });
  const behaviour = deps.book.set(name, parsed.behaviour);
  // Not the body: it may be large.
  deps.logger.info('probe target behaviour set', {
    event: 'probe-target-standin.target-set',
    target: name,
    status: behaviour.status,
    latencyMs: behaviour.latencyMs,
    down: behaviour.down,
  });
  sendJson(res, 200, { name, behaviour });
}
