import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { apiErrorBody } from '../../shared/mackerel/api/error-body';
import { firstIssue } from '../../shared/mackerel/api/first-issue';
import { parseJson } from '../../shared/mackerel/api/parse-json';
import { readRequestBody } from '../http/read-request-body';

const MAX_BODY_BYTES = 1024 * 1024;

/** What a stand-in route answers: a status and a JSON body (errors in Mackerel's `{"error":{"message"}}`). */
export type Answer = { status: number; body: unknown };

export const ok = (body: unknown): Answer => ({ status: 200, body });
export const failure = (status: number, message: string): Answer => ({ status, body: apiErrorBody(message) });
export const SUCCESS = ok({ success: true });

export function sendJson(res: ServerResponse, { status, body }: Answer): void {
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}

/** The body as JSON (an empty body reads as `{}`), or undefined when it is not JSON or too large. */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const read = await readRequestBody(req, MAX_BODY_BYTES);
  if (read.kind === 'too-large') return undefined;
  const text = read.body.toString('utf8');
  return text.trim() === '' ? {} : parseJson(text);
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; answer: Answer };

/** Parses a body with a schema; otherwise the 400 answer naming the first failing field. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): Parsed<z.infer<S>> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = firstIssue(parsed.error);
  return { ok: false, answer: failure(400, `invalid input at ${issue.path}: ${issue.message}`) };
}
