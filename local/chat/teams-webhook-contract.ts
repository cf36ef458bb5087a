import { z } from 'zod';
import { type ChatAnswer, emptyAnswer, jsonAnswer, parseJson } from './chat-answer';
import type { ChatEndpoint } from './chat-endpoint';
import type { ChatFaultStatus } from './chat-faults';

/**
 * A Teams Workflows webhook ("post to a channel when a webhook request is received"): a message with one
 * or more Adaptive Card attachments, answered 202 with an empty body (the flow runs after the answer).
 * Errors come in Power Automate's shape, `{"error":{"code":"…","message":"…"}}`.
 * Here under `/teams/workflows/:id`.
 */
export const TEAMS_WORKFLOW_PATH = /^\/teams\/workflows\/[^/]+$/;

/** Teams refuses messages over about 28 KB. */
export const TEAMS_MAX_BODY_BYTES = 28 * 1024;

const cardItemSchema = z.looseObject({ type: z.string().min(1) });

export const teamsMessageSchema = z.looseObject({
  type: z.literal('message'),
  attachments: z
    .array(
      z.looseObject({
        contentType: z.literal('application/vnd.microsoft.card.adaptive'),
        contentUrl: z.string().nullish(),
        content: z.looseObject({
          type: z.literal('AdaptiveCard'),
          version: z.string().optional(),
          body: z.array(cardItemSchema).optional(),
          actions: z.array(cardItemSchema).optional(),
        }),
      }),
    )
    .min(1),
});

export type TeamsMessage = z.infer<typeof teamsMessageSchema>;

const teamsError = (status: number, code: string, message: string): ChatAnswer =>
  jsonAnswer(status, { error: { code, message } });

const faultCodes: Record<ChatFaultStatus, [string, string]> = {
  400: ['BadRequest', 'The request is invalid.'],
  429: ['TooManyRequests', 'Rate limit is exceeded. Try again later.'],
  500: ['InternalServerError', 'The server encountered an internal error.'],
  502: ['BadGateway', 'The flow could not be reached.'],
  503: ['ServiceUnavailable', 'The service is temporarily unavailable.'],
};

export const teamsWorkflowEndpoint: ChatEndpoint = {
  service: 'teams',
  matches: (pathname) => TEAMS_WORKFLOW_PATH.test(pathname),
  maxBodyBytes: TEAMS_MAX_BODY_BYTES,
  tooLarge: () =>
    teamsError(413, 'MessageSizeLimitExceeded', `The message is larger than ${TEAMS_MAX_BODY_BYTES} bytes.`),
  fault: (status) => teamsError(status, ...faultCodes[status]),
  receive(body): ChatAnswer {
    const parsed = parseJson(body);
    if (!parsed.ok) {
      return teamsError(
        400,
        'InvalidRequestContent',
        'The request content is not valid JSON and could not be deserialized.',
      );
    }
    const message = teamsMessageSchema.safeParse(parsed.value);
    if (!message.success) {
      const details = message.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
      return teamsError(
        400,
        'TriggerInputSchemaMismatch',
        `The input body for trigger 'manual' of type 'Request' did not match its schema definition. Error details: ${details.join('; ')}`,
      );
    }
    return emptyAnswer(202);
  },
};
