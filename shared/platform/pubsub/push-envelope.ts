import { z } from 'zod';

/** The body a Pub/Sub push subscription POSTs (Google's and the local server's alike). */
export const pushEnvelopeSchema = z.object({
  message: z.looseObject({
    data: z.string().optional(),
    attributes: z.record(z.string(), z.string()).optional(),
    messageId: z.string().min(1),
    publishTime: z.string().min(1),
  }),
  subscription: z.string().min(1),
  deliveryAttempt: z.number().int().positive().optional(),
});

export type PushEnvelope = z.infer<typeof pushEnvelopeSchema>;

export type DecodedPush<T> =
  | { ok: true; envelope: PushEnvelope; data: T }
  | { ok: false; issues: Array<{ path: string; message: string }> };

const toIssues = (error: z.ZodError, prefix: string) =>
  error.issues.map((issue) => ({
    // Only the prefix may be empty: a 0 in the path is an array index and must stay.
    path: (prefix ? [prefix, ...issue.path] : issue.path).map(String).join('.') || '(root)',
    message: issue.message,
  }));

/** Parses the envelope, base64-decodes message.data as JSON and parses it with the topic's schema. */
export function decodePush<S extends z.ZodType>(body: unknown, dataSchema: S): DecodedPush<z.infer<S>> {
  const envelope = pushEnvelopeSchema.safeParse(body);
  if (!envelope.success) return { ok: false, issues: toIssues(envelope.error, '') };
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(envelope.data.message.data ?? '', 'base64').toString('utf8'));
  } catch {
    return { ok: false, issues: [{ path: 'message.data', message: 'not base64-encoded JSON' }] };
  }
  const data = dataSchema.safeParse(json);
  if (!data.success) return { ok: false, issues: toIssues(data.error, 'message.data') };
  return { ok: true, envelope: envelope.data, data: data.data };
}
