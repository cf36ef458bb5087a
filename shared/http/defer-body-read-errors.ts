import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';

/**
 * The functions framework parses JSON bodies before user code runs and answers a malformed body with
 * an HTML 400 of its own (GoogleCloudPlatform/functions-framework-nodejs#686, open). Our contract is a
 * JSON 4xx that names the problem, so we wrap the framework's body-parser json factory (before the
 * framework builds its server, i.e. at module load) to hand 4xx read errors to the handler instead.
 * test/integration/intake-http.test.ts fails if a framework upgrade makes this stop working.
 */
export interface BodyReadError {
  status: number;
  type: string;
  message: string;
}

type Next = (error?: unknown) => void;
type Middleware = (req: IncomingMessage, res: ServerResponse, next: Next) => void;
interface BodyParserModule {
  json: (options?: unknown) => Middleware;
}

const errors = new WeakMap<IncomingMessage, BodyReadError>();
const PATCHED = Symbol.for('msp-ops-pipeline.deferBodyReadErrors');

function asBodyReadError(error: unknown): BodyReadError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { status, type, message } = error as Record<string, unknown>;
  if (typeof status !== 'number' || status < 400 || status >= 500) return undefined;
  return {
    status,
    type: typeof type === 'string' ? type : 'unknown',
    message: typeof message === 'string' ? message : '',
  };
}

export function deferBodyReadErrors(): void {
  const frameworkRequire = createRequire(require.resolve('@google-cloud/functions-framework'));
  const bodyParser = frameworkRequire('body-parser') as BodyParserModule & { [PATCHED]?: true };
  if (bodyParser[PATCHED]) return;
  const original = bodyParser.json;
  bodyParser.json = (options) => {
    const parse = original(options);
    return (req, res, next) =>
      parse(req, res, (error) => {
        const readError = asBodyReadError(error);
        if (!readError) return next(error);
        errors.set(req, readError);
        next();
      });
  };
  bodyParser[PATCHED] = true;
}

export function bodyReadErrorOf(req: IncomingMessage): BodyReadError | undefined {
  return errors.get(req);
}
