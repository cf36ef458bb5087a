import type { ServerResponse } from 'node:http';

/** A whole HTTP answer, built before it is sent so that it can be recorded as well. */
export interface ChatAnswer {
  status: number;
  headers: Readonly<Record<string, string>>;
  body: string;
}

export const textAnswer = (status: number, body: string): ChatAnswer => ({
  status,
  headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  body,
});

export const jsonAnswer = (status: number, body: unknown): ChatAnswer => ({
  status,
  headers: { 'Content-Type': 'application/json; charset=utf-8' },
  body: JSON.stringify(body),
});

export const emptyAnswer = (status: number): ChatAnswer => ({ status, headers: {}, body: '' });

export const withHeaders = (answer: ChatAnswer, headers: Record<string, string>): ChatAnswer => ({
  ...answer,
  headers: { ...answer.headers, ...headers },
});

export function sendAnswer(res: ServerResponse, answer: ChatAnswer): void {
  res.writeHead(answer.status, answer.headers).end(answer.body);
}

export type ParsedJson = { ok: true; value: unknown } | { ok: false };

export function parseJson(body: Buffer | string): ParsedJson {
  try {
    return { ok: true, value: JSON.parse(body.toString()) };
  } catch {
    return { ok: false };
  }
}
