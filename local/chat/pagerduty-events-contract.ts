import { randomBytes } from 'node:crypto';
import { type ChatAnswer, jsonAnswer, parseJson } from './chat-answer';
import type { ChatEndpoint } from './chat-endpoint';
import type { ChatFaultStatus } from './chat-faults';
import { checkPagerDutyEvent } from './pagerduty-event-check';
import type { PagerDutyIncidentBook } from './pagerduty-incidents';

/**
 * PagerDuty Events API v2, `POST https://events.pagerduty.com/v2/enqueue`; here `/pagerduty/v2/enqueue`.
 * 202 `{"status":"success","message":"Event processed","dedup_key":"…"}` (a trigger without a dedup key
 * gets one), 400 `{"status":"invalid event","message":"Event object is invalid","errors":[…]}`.
 */
export const PAGERDUTY_ENQUEUE_PATH = '/pagerduty/v2/enqueue';

const MAX_BODY_BYTES = 512 * 1024;

const invalidEvent = (errors: string[]): ChatAnswer =>
  jsonAnswer(400, { status: 'invalid event', message: 'Event object is invalid', errors });

const faultAnswers: Record<ChatFaultStatus, () => ChatAnswer> = {
  400: () => invalidEvent(['injected fault']),
  429: () =>
    jsonAnswer(429, {
      status: 'throttle event',
      message: 'Requests for this service are arriving too quickly. Please retry later.',
    }),
  500: () => jsonAnswer(500, { status: 'error', message: 'Internal Server Error' }),
  502: () => jsonAnswer(502, { status: 'error', message: 'Bad Gateway' }),
  503: () => jsonAnswer(503, { status: 'error', message: 'Service Unavailable' }),
};

export function pagerdutyEventsEndpoint(incidents: PagerDutyIncidentBook): ChatEndpoint {
  return {
    service: 'pagerduty',
    matches: (pathname) => pathname === PAGERDUTY_ENQUEUE_PATH,
    maxBodyBytes: MAX_BODY_BYTES,
    tooLarge: () =>
      jsonAnswer(413, {
        status: 'invalid event',
        message: 'Request entity too large',
        errors: [`Event object is larger than ${MAX_BODY_BYTES} bytes`],
      }),
    fault: (status) => faultAnswers[status](),
    receive(body, receivedAt): ChatAnswer {
      const parsed = parseJson(body);
      if (!parsed.ok) return invalidEvent(['Event object is not valid JSON']);
      const check = checkPagerDutyEvent(parsed.value);
      if (!check.ok) return invalidEvent(check.errors);
      const dedupKey = check.event.dedupKey ?? randomBytes(16).toString('hex');
      incidents.apply(check.event, dedupKey, receivedAt);
      return jsonAnswer(202, { status: 'success', message: 'Event processed', dedup_key: dedupKey });
    },
  };
}
