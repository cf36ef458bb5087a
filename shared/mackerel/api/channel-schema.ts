import { z } from 'zod';
import { optionalField } from './optional-field';

/**
 * A notification channel from `GET /api/v0/channels` (api-docs "Notification channels"; the Go client's
 * Channel struct). `suspendedAt` is epoch seconds or null when not suspended: Mackerel suspends a channel
 * whose deliveries keep failing. `url`, `events` and `enabledGraphImage` come with webhook and slack
 * channels, `emails`/`userIds` with email channels; other types carry only id, name, type and suspendedAt.
 */
export const apiChannelSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  type: z.string(),
  suspendedAt: optionalField(z.number()),
  url: optionalField(z.string()),
  events: optionalField(z.array(z.string())),
  enabledGraphImage: optionalField(z.boolean()),
  emails: optionalField(z.array(z.string())),
  userIds: optionalField(z.array(z.string())),
});

export type ApiChannel = z.infer<typeof apiChannelSchema>;

export const channelsResponseSchema = z.looseObject({ channels: z.array(apiChannelSchema) });
