import { z } from 'zod';
import { chatServiceSchema } from './chat-service';

/**
 * One request the chat stand-in answered, accepted, refused or failed by an injected fault alike (so a
 * sender's retries can be counted); also the item shape of `GET /api/messages`.
 */
export const recordedChatMessageSchema = z.object({
  service: chatServiceSchema,
  /**
   * The path as posted, webhook secret included, query string dropped. Only this API returns it whole:
   * the viewer masks it and the logs never carry it.
   */
  path: z.string(),
  receivedAt: z.iso.datetime(),
  /** The status it was answered with. */
  status: z.int(),
  /** Whether that status came from an injected fault rather than from the service's contract. */
  injected: z.boolean(),
  /** The body as parsed JSON; the raw text when it is not JSON; null when it was too large to keep. */
  body: z.unknown(),
  /** The body of the answer: `ok`, `no_text`, PagerDuty's JSON, empty for Teams' 202. */
  answer: z.string(),
});

export type RecordedChatMessage = z.infer<typeof recordedChatMessageSchema>;
