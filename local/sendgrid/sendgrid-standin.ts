/**
 * Local stand-in for the SendGrid v3 Mail Send API that records what it accepts and doubles as a mail viewer.
 *
 * Routes:
 * - `POST /v3/mail/send`: SendGrid's contract (Bearer auth, v3 body, 202 + X-Message-Id, SendGrid error shapes).
 * - `GET /api/messages`: recorded mails as JSON, oldest first. `DELETE /api/messages`: clears them (204).
 * - `POST /api/faults` with `{"status":429,"count":2}`: the next sends answer that status.
 * - `GET /`: HTML mail viewer, newest first.
 *
 * Pointing the real client here (`setApiKey` resets the base URL, so `setDefaultRequest` must come after it):
 *   const client = new Client();              // from '@sendgrid/client'
 *   client.setApiKey('SG.local');
 *   client.setDefaultRequest('baseUrl', standin.baseUrl);
 *   mail.setClient(client);                   // the '@sendgrid/mail' singleton or a new MailService()
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { z } from 'zod';
import { createLogger, type Logger } from '../../shared/kernel/log/logger';
import { HttpStandinServer } from '../http/http-standin-server';
import { readRequestBody } from '../http/read-request-body';
import { mailSendSchema } from './mail-send-schema';
import { renderMailViewerPage } from './mail-viewer-page';
import { type RecordedMail, toRecordedMail } from './recorded-mail';
import { errorBody, validationErrorBody } from './sendgrid-error-body';

export type { RecordedMail } from './recorded-mail';

/** SendGrid's limit on the total size of one mail send request. */
const MAX_BODY_BYTES = 30 * 1024 * 1024;

const faultSchema = z.object({
  status: z.literal([429, 500, 502, 503]),
  count: z.int().min(1).max(10_000),
});

export type FaultStatus = z.infer<typeof faultSchema>['status'];
type HangFault = 'before-accept' | 'after-accept';

const faultMessages: Record<FaultStatus, string> = {
  429: 'too many requests',
  500: 'internal server error',
  502: 'bad gateway',
  503: 'service unavailable',
};

export interface SendgridStandinOptions {
  /** Defaults to 127.0.0.1. */
  host?: string;
  /** 0 picks a free port. */
  port: number;
  logger?: Logger;
  /** The chat stand-in's viewer, shown beside the mails (and allowed as a frame) when given. */
  chatViewerUrl?: string;
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: OutgoingHttpHeaders = {},
): void {
  res.writeHead(status, { ...headers, 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}

export class SendgridStandin extends HttpStandinServer {
  private readonly recorded: RecordedMail[] = [];
  /** One entry per send still to fail, in order, so `failNext` and `hangNext` calls queue up. */
  private readonly faults: Array<FaultStatus | HangFault> = [];
  private hanging = 0;
  private readonly chatViewerUrl: string | undefined;
  /** The viewer page's CSP: the chat viewer's origin added as the one frame source, when there is one. */
  private readonly viewerPolicy: string;

  constructor(options: SendgridStandinOptions) {
    super({
      name: 'SendgridStandin',
      host: options.host,
      port: options.port,
      logger: options.logger ?? createLogger({ component: 'sendgrid-standin' }),
      events: 'sendgrid-standin',
      listeningMessage: 'sendgrid stand-in listening',
    });
    this.chatViewerUrl = options.chatViewerUrl;
    // Mail HTML is untrusted: nothing may load or run, styles inline only.
    const policy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";
    this.viewerPolicy =
      options.chatViewerUrl === undefined
        ? policy
        : `${policy}; frame-src ${new URL(options.chatViewerUrl).origin}`;
  }

  /** Accepted mails, oldest first. */
  messages(): RecordedMail[] {
    return [...this.recorded];
  }

  clear(): void {
    this.recorded.length = 0;
  }

  /** The next `count` sends answer `status` (after auth, before validation, as a rate limit or outage would). */
  failNext(count: number, status: FaultStatus): void {
    const fault = faultSchema.parse({ status, count });
    this.faults.push(...Array<FaultStatus>(fault.count).fill(fault.status));
  }

  /** Sends left without an answer by hangNext so far. */
  get hangingCount(): number {
    return this.hanging;
  }

  /**
   * The next `count` sends never get an answer, as when the sender dies mid-request: `after-accept` records
   * the mail first (SendGrid acted, the 202 never arrived), `before-accept` does not (the request never
   * landed). For crash tests of the mailer; the connection stays open until the caller goes away.
   */
  hangNext(count: number, when: HangFault): void {
    this.faults.push(...Array<HangFault>(count).fill(when));
  }

  protected override answerError(res: ServerResponse): void {
    sendJson(res, 500, errorBody('internal server error'));
  }

  protected override async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    switch (`${req.method} ${pathname}`) {
      case 'POST /v3/mail/send':
        return this.mailSend(req, res);
      case 'GET /api/messages':
        return sendJson(res, 200, this.recorded);
      case 'DELETE /api/messages':
        this.clear();
        res.writeHead(204).end();
        return;
      case 'POST /api/faults':
        return this.armFaults(req, res);
      case 'GET /':
        res
          .writeHead(200, {
            'Content-Type': 'text/html; charset=utf-8',
            'Content-Security-Policy': this.viewerPolicy,
          })
          .end(renderMailViewerPage(this.recorded, { chatViewerUrl: this.chatViewerUrl }));
        return;
      default:
        return sendJson(res, 404, errorBody(`no route for ${req.method} ${pathname}`));
    }
  }

  private async mailSend(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const read = await readRequestBody(req, MAX_BODY_BYTES);
    if (read.kind === 'too-large') {
      return sendJson(
        res,
        413,
        errorBody('The JSON payload you have included in your request is too large.'),
      );
    }
    if (!/^Bearer \S+/.test(req.headers.authorization ?? '')) {
      return sendJson(
        res,
        401,
        errorBody('The provided authorization grant is invalid, expired, or revoked'),
      );
    }
    const fault = this.faults.shift();
    if (fault === 'before-accept' || fault === 'after-accept') this.hanging++;
    if (fault === 'before-accept') return;
    if (fault !== undefined && fault !== 'after-accept') return this.answerFault(res, fault);

    const raw = parseJson(read.body);
    if (raw === undefined) return sendJson(res, 400, errorBody('Bad Request: the body is not valid JSON.'));
    const parsed = mailSendSchema.safeParse(raw);
    if (!parsed.success) return sendJson(res, 400, validationErrorBody(parsed.error));

    // SendGrid message ids are 22 url-safe characters; 16 random bytes give the same look.
    const id = randomBytes(16).toString('base64url');
    const mail = toRecordedMail(parsed.data, raw, id, new Date());
    this.recorded.push(mail);
    this.logger.info('mail accepted', {
      event: 'sendgrid-standin.accepted',
      messageId: id,
      subject: mail.subject,
      recipients: mail.to.length + mail.cc.length + mail.bcc.length,
    });
    if (fault === 'after-accept') return;
    res.writeHead(202, { 'X-Message-Id': id }).end();
  }

  private answerFault(res: ServerResponse, status: FaultStatus): void {
    this.logger.info('answering injected fault', { event: 'sendgrid-standin.fault', status });
    // SendGrid documents X-RateLimit-Limit/-Remaining/-Reset (epoch seconds) on 429; no Retry-After.
    const headers: OutgoingHttpHeaders =
      status === 429
        ? {
            'X-RateLimit-Limit': '600',
            'X-RateLimit-Remaining': '0',
            'X-RateLimit-Reset': String(Math.floor(Date.now() / 1000) + 60),
          }
        : {};
    sendJson(res, status, errorBody(faultMessages[status]), headers);
  }

  private async armFaults(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const read = await readRequestBody(req, MAX_BODY_BYTES);
    const raw = read.kind === 'ok' ? parseJson(read.body) : undefined;
    const parsed = faultSchema.safeParse(raw);
    if (!parsed.success) {
      return sendJson(res, 400, { error: 'expected {"status":429|500|502|503,"count":<positive integer>}' });
    }
    this.failNext(parsed.data.count, parsed.data.status);
    sendJson(res, 200, { armed: parsed.data, pending: this.faults.length });
  }
}

/** undefined for anything that is not JSON, so bad input answers 400 instead of throwing. */
function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}
