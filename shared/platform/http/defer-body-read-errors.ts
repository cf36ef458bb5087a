import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';

/**
 * The functions framework reads and parses bodies before user code runs and answers a malformed body
 * or an unsupported encoding with an HTML 4xx of its own (GoogleCloudPlatform/functions-framework-nodejs#686,
 * open). Our contract is a JSON 4xx that names the problem, so at module load (before the framework
 * builds its server) we wrap each of its body-parser factories to hand 4xx read errors to the handler.
 * test/integration/intake/intake-flow.test.ts and intake-property.test.ts fail if an upgrade breaks this.
 */
export interface BodyReadError {
  status: number;
  type: string;
  message: string;
}

type Next = (error?: unknown) => void;
type Middleware = (req: IncomingMessage, res: ServerResponse, next: Next) => void;
type Factory = (options?: unknown) => Middleware;
const FACTORIES = ['json', 'text', 'urlencoded', 'raw'] as const;
type BodyParserModule = Record<(typeof FACTORIES)[number], Factory>;

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
  for (const name of FACTORIES) {
    const original = bodyParser[name];
    bodyParser[name] = (options) => {
      const parse = original(options);
      return (req, res, next) => {
        // A later parser would read the consumed stream again and fail the same way: skip it.
        if (errors.has(req)) return next();
        parse(req, res, (error) => {
          const readError = asBodyReadError(error);
          if (!readError) return next(error);
          errors.set(req, readError);
          next();
        });
      };
    };
  }
  bodyParser[PATCHED] = true;
}

export function bodyReadErrorOf(req: IncomingMessage): BodyReadError | undefined {
  return errors.get(req);
}
