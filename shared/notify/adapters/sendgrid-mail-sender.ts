import { Client } from '@sendgrid/client';
import { MailService } from '@sendgrid/mail';
import { z } from 'zod';
import { isRetryableStatus, type MailSender } from '../delivery/mail-sender';
import { SendError } from '../delivery/send-error';

export interface SendgridMailSenderOptions {
  apiKey: string;
  /** Unset: SendGrid itself (https://api.sendgrid.com). Locally: the stand-in. */
  baseUrl?: string;
  /** Per request; a timeout is retryable. */
  timeoutMs: number;
  from: { email: string; name: string };
}

/** What @sendgrid/client rejects with when SendGrid answered >= 400 (a ResponseError). */
const responseErrorSchema = z.object({
  code: z.int().min(100).max(599),
  response: z.object({ body: z.unknown() }),
});

/** SendGrid's documented error body. */
const errorBodySchema = z.object({
  errors: z.array(z.object({ message: z.string(), field: z.string().nullish() })).min(1),
});

/** An axios failure without an answer: refused, reset, DNS, or our timeout (ECONNABORTED). */
const networkErrorSchema = z.object({ isAxiosError: z.literal(true), code: z.string().optional() });

const MAX_ERROR_TEXT = 500;

function sendgridErrorText(body: unknown): string {
  const parsed = errorBodySchema.safeParse(body);
  if (!parsed.success) return 'no error details';
  return parsed.data.errors
    .map((e) => (e.field ? `${e.message} (${e.field})` : e.message))
    .join('; ')
    .slice(0, MAX_ERROR_TEXT);
}

/**
 * Maps whatever the client threw to a SendError. Only the status, SendGrid's error text and the
 * network error code are kept: the client's errors carry the request config, Authorization header included.
 */
export function toSendError(error: unknown): SendError {
  const answered = responseErrorSchema.safeParse(error);
  if (answered.success) {
    const status = answered.data.code;
    return new SendError(`SendGrid answered ${status}: ${sendgridErrorText(answered.data.response.body)}`, {
      retryable: isRetryableStatus(status),
      status,
    });
  }
  const network = networkErrorSchema.safeParse(error);
  if (network.success) {
    return new SendError(`SendGrid unreachable: ${network.data.code ?? 'network error'}`, {
      retryable: true,
    });
  }
  // The mail helper throws before any request when the mail itself is unusable: no retry will fix it.
  const name = error instanceof Error ? error.name : typeof error;
  return new SendError(`mail rejected before sending (${name})`, { retryable: false });
}

/** Sends through the real @sendgrid/mail client; one client per instance, reused across requests. */
export function sendgridMailSender(options: SendgridMailSenderOptions): MailSender {
  const client = new Client();
  client.setApiKey(options.apiKey);
  // setApiKey resets the base URL to SendGrid's, so an override must come after it.
  if (options.baseUrl !== undefined) client.setDefaultRequest('baseUrl', options.baseUrl);
  const service = new MailService();
  service.setClient(client);
  service.setTimeout(options.timeoutMs);

  return {
    async send(mail) {
      try {
        const [response] = await service.send({
          from: options.from,
          to: mail.to,
          cc: mail.cc,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          customArgs: mail.customArgs,
          categories: mail.categories,
        });
        const id: unknown = response.headers['x-message-id'];
        return { messageId: typeof id === 'string' && id !== '' ? id : undefined };
      } catch (error) {
        throw toSendError(error);
      }
    },
  };
}
