import { type IncomingMessage, request, type ServerResponse } from 'node:http';
import type { Logger } from '../../shared/kernel/log/logger';
import { HttpStandinServer } from '../http/http-standin-server';
import type { LocalIapSigner } from './local-iap-signer';

export const LOCAL_IAP_PREFIX = '/_local-iap';
const USER_COOKIE = 'local-iap-user';

export interface LocalIapProxyOptions {
  port: number;
  /** The console function's URL. */
  upstream: string;
  signer: LocalIapSigner;
  /** Who is signed in until someone picks another at /_local-iap/ (the seeded operator). */
  defaultUser: string;
  /** The people the sign-in page offers (seeded console users). */
  users: readonly string[];
  logger: Logger;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

function cookieOf(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

/**
 * What Identity-Aware Proxy does in Google Cloud, on this machine: every request reaches the console with
 * `x-goog-iap-jwt-assertion` signed by a key only this proxy holds, whose public half it serves the way
 * Google serves IAP's. So the console's verification runs locally exactly as deployed. A sign-in page
 * (/_local-iap/) switches between the seeded people; an assertion a caller brings is replaced, as IAP does.
 */
export class LocalIapProxy extends HttpStandinServer {
  constructor(private readonly options: LocalIapProxyOptions) {
    super({
      name: 'LocalIapProxy',
      port: options.port,
      logger: options.logger,
      events: 'local-iap',
      listeningMessage: 'local IAP in front of the console',
    });
  }

  get keysUrl(): string {
    return `${this.baseUrl}${LOCAL_IAP_PREFIX}/public_key-jwk`;
  }

  protected answerError(res: ServerResponse): void {
    res.writeHead(502, { 'content-type': 'text/plain' }).end('local IAP: the console did not answer');
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://local');
    if (url.pathname === `${LOCAL_IAP_PREFIX}/public_key-jwk`) {
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify(this.options.signer.jwks));
      return;
    }
    if (url.pathname === `${LOCAL_IAP_PREFIX}/` || url.pathname === LOCAL_IAP_PREFIX) {
      const email = url.searchParams.get('email');
      if (email) {
        res
          .writeHead(303, {
            location: '/',
            'set-cookie': `${USER_COOKIE}=${encodeURIComponent(email)}; Path=/; HttpOnly; SameSite=Lax`,
          })
          .end();
        return;
      }
      const links = this.options.users
        .map((u) => `<li><a href="?email=${encodeURIComponent(u)}">${escapeHtml(u)}</a></li>`)
        .join('');
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(`<!doctype html><title>Local sign-in</title><h1>Sign in as</h1><ul>${links}</ul>`);
      return;
    }
    const user = cookieOf(req, USER_COOKIE) ?? this.options.defaultUser;
    await this.forward(req, res, await this.options.signer.sign(user));
  }

  private forward(req: IncomingMessage, res: ServerResponse, assertion: string): Promise<void> {
    const target = new URL(req.url ?? '/', this.options.upstream);
    return new Promise((resolve, reject) => {
      const upstream = request(
        target,
        {
          method: req.method,
          headers: { ...req.headers, 'x-goog-iap-jwt-assertion': assertion },
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          answer.on('end', resolve);
          answer.on('error', reject);
        },
      );
      upstream.on('error', reject);
      req.pipe(upstream);
    });
  }
}
