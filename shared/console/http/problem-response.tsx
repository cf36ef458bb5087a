import type { Context } from 'hono';
import { ProblemPage } from '../pages/layout';

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Not signed in',
  403: 'Forbidden',
  404: 'Not found',
  413: 'Too large',
  503: 'Unavailable',
};

export type ProblemStatus = 400 | 401 | 403 | 404 | 413 | 503;

/** Every refusal is a page that says what was wrong, with a status that says whose fault it was. */
export const problem = (c: Context, status: ProblemStatus, problems: readonly string[]) =>
  c.html(<ProblemPage status={status} title={TITLES[status] ?? 'Error'} problems={problems} />, status);
