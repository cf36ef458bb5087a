/**
 * Local stand-in for the chat and paging services notifications go to, on one port, recording every
 * request it answers and showing them in an HTML viewer:
 *
 * - `POST /slack/services/:team/:bot/:secret`: a Slack incoming webhook (200 `ok`, 400 `no_text`, …).
 * - `POST /teams/workflows/:id`: a Teams Workflows webhook with Adaptive Cards (202, empty body).
 * - `POST /pagerduty/v2/enqueue`: PagerDuty Events API v2 (202 with the dedup key), keeping incidents.
 * - `POST /api/faults` `{"service":"slack","status":429,"count":3,"retryAfterSeconds":2}`: the next
 *   requests to that service answer that status (a 429 always with Retry-After). `GET /api/faults`: how
 *   many are left per service; `DELETE /api/faults` drops them.
 * - `GET /api/messages[?service=slack]`: every request answered, oldest first, faulted ones included.
 *   `DELETE /api/messages`: forgets them and the incidents (204).
 * - `GET /api/incidents`: PagerDuty incidents by (routing key, dedup key), oldest first.
 * - `GET /[?service=teams]`: the viewer, newest first.
 *
 * Webhook paths and routing keys are credentials: logs carry the service and status only, the viewer
 * masks them; only the JSON API returns them whole, for tests.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createLogger, type Logger } from '../../shared/kernel/log/logger';
import { HttpStandinServer } from '../http/http-standin-server';
import { readRequestBody } from '../http/read-request-body';
import { type ChatAnswer, jsonAnswer, parseJson, sendAnswer, textAnswer, withHeaders } from './chat-answer';
import type { ChatEndpoint } from './chat-endpoint';
import { ChatFaultQueues, type ChatFaultStatus, chatFaultSchema, faultHeaders } from './chat-faults';
import { type ChatService, chatServiceSchema } from './chat-service';
import { renderChatViewerPage } from './chat-viewer-page';
import { pagerdutyEventsEndpoint } from './pagerduty-events-contract';
import { type PagerDutyIncident, PagerDutyIncidentBook } from './pagerduty-incidents';
import type { RecordedChatMessage } from './recorded-chat-message';
import { slackWebhookEndpoint } from './slack-webhook-contract';
import { teamsWorkflowEndpoint } from './teams-webhook-contract';

export type { ChatFault, ChatFaultStatus } from './chat-faults';
export type { ChatService } from './chat-service';
export type { PagerDutyIncident } from './pagerduty-incidents';
export type { RecordedChatMessage } from './recorded-chat-message';

const MAX_CONTROL_BODY_BYTES = 64 * 1024;

export interface ChatStandinOptions {
  /** Defaults to 127.0.0.1. */
  host?: string;
  /** 0 picks a free port. */
  port: number;
  logger?: Logger;
}

export class ChatStandin extends HttpStandinServer {
  private readonly recorded: RecordedChatMessage[] = [];
  private readonly faults = new ChatFaultQueues();
  private readonly book = new PagerDutyIncidentBook();
  private readonly endpoints: readonly ChatEndpoint[] = [
    slackWebhookEndpoint,
    teamsWorkflowEndpoint,
    pagerdutyEventsEndpoint(this.book),
  ];

  constructor(options: ChatStandinOptions) {
    super({
      name: 'ChatStandin',
      host: options.host,
      port: options.port,
      logger: options.logger ?? createLogger({ component: 'chat-standin' }),
      events: 'chat-standin',
      listeningMessage: 'chat stand-in (Slack, Teams, PagerDuty) listening',
    });
  }

  /** Every request answered, oldest first; of one service when given. */
  messages(service?: ChatService): RecordedChatMessage[] {
    return this.recorded.filter((m) => service === undefined || m.service === service);
  }

  /** PagerDuty incidents, oldest first. */
  incidents(): PagerDutyIncident[] {
    return this.book.list();
  }

  /** Forgets the requests and the incidents (armed faults stay: see clearFaults). */
  clear(): void {
    this.recorded.length = 0;
    this.book.clear();
  }

  /**
   * The next `count` requests to `service` answer `status`, in the service's error shape; a 429 carries
   * Retry-After (`retryAfterSeconds`, 1 unless given), other statuses only when it is given.
   */
  failNext(service: ChatService, status: ChatFaultStatus, count: number, retryAfterSeconds?: number): void {
    this.faults.arm(chatFaultSchema.parse({ service, status, count, retryAfterSeconds }));
  }

  clearFaults(): void {
    this.faults.clear();
  }

  /** The viewer page's URL. */
  get viewerUrl(): string {
    return `${this.baseUrl}/`;
  }

  protected override answerError(res: ServerResponse): void {
    sendAnswer(res, jsonAnswer(500, { error: 'internal error' }));
  }

  protected override async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const endpoint = req.method === 'POST' ? this.endpoints.find((e) => e.matches(url.pathname)) : undefined;
    if (endpoint !== undefined) return this.receive(endpoint, url.pathname, req, res);
    const service = chatServiceSchema.safeParse(url.searchParams.get('service') ?? undefined);
    switch (`${req.method} ${url.pathname}`) {
      case 'GET /api/messages':
        if (url.searchParams.has('service') && !service.success) {
          return sendAnswer(res, jsonAnswer(400, { error: 'service must be slack, teams or pagerduty' }));
        }
        return sendAnswer(res, jsonAnswer(200, this.messages(service.data)));
      case 'DELETE /api/messages':
        this.clear();
        res.writeHead(204).end();
        return;
      case 'GET /api/incidents':
        return sendAnswer(res, jsonAnswer(200, this.incidents()));
      case 'POST /api/faults':
        return this.armFaults(req, res);
      case 'GET /api/faults':
        return sendAnswer(res, jsonAnswer(200, { pending: this.faults.pending() }));
      case 'DELETE /api/faults':
        this.clearFaults();
        res.writeHead(204).end();
        return;
      case 'GET /':
        res
          .writeHead(200, {
            'Content-Type': 'text/html; charset=utf-8',
            // What senders post is untrusted: nothing may load or run, styles inline only.
            'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
          })
          .end(
            renderChatViewerPage({
              messages: this.recorded,
              incidents: this.book.list(),
              ...(service.success ? { service: service.data } : {}),
            }),
          );
        return;
      default:
        // The path is not echoed: a mistyped webhook URL still carries its secret.
        return sendAnswer(
          res,
          url.pathname.startsWith('/slack/')
            ? textAnswer(404, 'no_service')
            : jsonAnswer(404, { error: `no route for ${req.method}` }),
        );
    }
  }

  private async receive(
    endpoint: ChatEndpoint,
    path: string,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const read = await readRequestBody(req, endpoint.maxBodyBytes);
    const receivedAt = new Date();
    const fault = this.faults.take(endpoint.service);
    let answer: ChatAnswer;
    if (fault !== undefined) answer = withHeaders(endpoint.fault(fault.status), faultHeaders(fault));
    else if (read.kind === 'too-large') answer = endpoint.tooLarge();
    else answer = endpoint.receive(read.body, receivedAt);

    this.recorded.push({
      service: endpoint.service,
      path,
      receivedAt: receivedAt.toISOString(),
      status: answer.status,
      injected: fault !== undefined,
      body: read.kind === 'ok' ? bodyOf(read.body) : null,
      answer: answer.body,
    });
    // Service and status only: the path and the body carry the credentials.
    const fields = { event: 'chat-standin.answered', service: endpoint.service, status: answer.status };
    if (fault !== undefined) this.logger.info('answering injected fault', { ...fields, injected: true });
    else if (answer.status >= 400) this.logger.warn('request refused', fields);
    else this.logger.info('request accepted', fields);
    sendAnswer(res, answer);
  }

  private async armFaults(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const read = await readRequestBody(req, MAX_CONTROL_BODY_BYTES);
    const raw = read.kind === 'ok' ? parseJson(read.body) : { ok: false as const };
    const parsed = chatFaultSchema.safeParse(raw.ok ? raw.value : undefined);
    if (!parsed.success) {
      return sendAnswer(
        res,
        jsonAnswer(400, {
          error:
            'expected {"service":"slack"|"teams"|"pagerduty","status":400|429|500|502|503,"count":<positive integer>,"retryAfterSeconds"?:<seconds>}',
        }),
      );
    }
    this.faults.arm(parsed.data);
    const { service, status, count } = parsed.data;
    this.logger.info('faults armed', { event: 'chat-standin.faults-armed', service, status, count });
    sendAnswer(res, jsonAnswer(200, { armed: parsed.data, pending: this.faults.pending() }));
  }
}

/** JSON as parsed, else the text as received. */
function bodyOf(body: Buffer): unknown {
  const parsed = parseJson(body);
  return parsed.ok ? parsed.value : body.toString('utf8');
}
