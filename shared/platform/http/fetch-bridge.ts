import type { Request, Response } from '@google-cloud/functions-framework';
import { bodyReadErrorOf } from './defer-body-read-errors';

export type FetchHandler = (request: globalThis.Request) => Promise<globalThis.Response>;

/** A header that tells the fetch handler the framework could not read the body (too large, malformed). */
export const BODY_READ_ERROR_HEADER = 'x-msp-body-read-error';

/**
 * Serves a web-standard fetch handler (hono's app.fetch) under the functions framework: the framework's
 * Express request becomes a Request (body from rawBody, which the framework keeps for every parser), the
 * Response is written back with every Set-Cookie kept apart.
 */
export function servingFetch(handler: FetchHandler): (req: Request, res: Response) => Promise<void> {
  return async (req, res) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (Array.isArray(value)) for (const v of value) headers.append(name, v);
      else if (value !== undefined) headers.set(name, value);
    }
    const readError = bodyReadErrorOf(req);
    if (readError) headers.set(BODY_READ_ERROR_HEADER, `${readError.status} ${readError.type}`);
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD' && req.rawBody !== undefined;
    const request = new globalThis.Request(`http://${req.get('host') ?? 'localhost'}${req.originalUrl}`, {
      method: req.method,
      headers,
      ...(hasBody ? { body: new Uint8Array(req.rawBody ?? []) } : {}),
    });
    const response = await handler(request);
    res.status(response.status);
    response.headers.forEach((value, name) => {
      if (name !== 'set-cookie') res.setHeader(name, value);
    });
    const cookies = response.headers.getSetCookie();
    if (cookies.length > 0) res.setHeader('set-cookie', cookies);
    res.end(Buffer.from(await response.arrayBuffer()));
  };
}
