import { z } from 'zod';
import type { MailSendBody } from './mail-send-schema';

/** What the stand-in keeps of each accepted send; also the item shape of `GET /api/messages`. */
export const recordedMailSchema = z.object({
  /** The X-Message-Id the send was answered with. */
  id: z.string(),
  receivedAt: z.iso.datetime(),
  from: z.string(),
  /** Every recipient of every personalization, in request order. */
  to: z.array(z.string()),
  cc: z.array(z.string()),
  bcc: z.array(z.string()),
  /** The message subject, or the first personalization's when only personalizations carry one. */
  subject: z.string(),
  text: z.string().optional(),
  html: z.string().optional(),
  categories: z.array(z.string()),
  /** Message-level values overlaid by each personalization's, in order; `raw` keeps them apart. */
  customArgs: z.record(z.string(), z.string()),
  headers: z.record(z.string(), z.string()),
  /** The request body exactly as received. */
  raw: z.unknown(),
});

export type RecordedMail = z.infer<typeof recordedMailSchema>;

const overlay = (maps: ReadonlyArray<Record<string, string> | undefined>): Record<string, string> =>
  Object.fromEntries(maps.flatMap((map) => Object.entries(map ?? {})));

export function toRecordedMail(body: MailSendBody, raw: unknown, id: string, receivedAt: Date): RecordedMail {
  const { personalizations: ps } = body;
  const contentOf = (type: string) => body.content?.find((c) => c.type === type)?.value;
  return {
    id,
    receivedAt: receivedAt.toISOString(),
    from: body.from.email,
    to: ps.flatMap((p) => p.to.map((a) => a.email)),
    cc: ps.flatMap((p) => p.cc?.map((a) => a.email) ?? []),
    bcc: ps.flatMap((p) => p.bcc?.map((a) => a.email) ?? []),
    subject: body.subject ?? ps.find((p) => p.subject !== undefined)?.subject ?? '',
    text: contentOf('text/plain'),
    html: contentOf('text/html'),
    categories: body.categories ?? [],
    customArgs: overlay([body.custom_args, ...ps.map((p) => p.custom_args)]),
    headers: overlay([body.headers, ...ps.map((p) => p.headers)]),
    raw,
  };
}
