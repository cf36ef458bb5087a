import { z } from 'zod';

/**
 * The v3 `POST /v3/mail/send` body, as far as the stand-in checks it. Messages follow SendGrid's own
 * validation errors so client code sees the same text locally. Unknown fields (attachments,
 * mail_settings, ...) are accepted and kept in the recorded raw body.
 */
const address = (what: string) =>
  z.object(
    {
      email: z.email({ error: 'Does not contain a valid address.' }),
      name: z.string().optional(),
    },
    { error: `The ${what} must be an object with an email parameter and an optional name parameter.` },
  );

const stringMap = z.record(z.string(), z.string());

const toRequired =
  'The to array is required for all personalization objects, and must have at least one email object with a valid email address.';
const personalizationRequired =
  'The personalizations field is required and must have at least one personalization.';

const personalization = z.object({
  to: z.array(address('to address'), { error: toRequired }).min(1, { error: toRequired }),
  cc: z.array(address('cc address')).optional(),
  bcc: z.array(address('bcc address')).optional(),
  subject: z.string().min(1).optional(),
  headers: stringMap.optional(),
  custom_args: stringMap.optional(),
});

export const mailSendSchema = z
  .object({
    personalizations: z
      .array(personalization, { error: personalizationRequired })
      .min(1, { error: personalizationRequired })
      .max(1000),
    from: address('from object'),
    reply_to: address('reply_to object').optional(),
    subject: z.string().min(1).optional(),
    content: z
      .array(
        z.object({
          type: z
            .string()
            .min(1, { error: 'The content type must be a string at least one character in length.' }),
          value: z
            .string()
            .min(1, { error: 'The content value must be a string at least one character in length.' }),
        }),
      )
      .optional(),
    template_id: z.string().optional(),
    categories: z.array(z.string().max(255)).max(10).optional(),
    custom_args: stringMap.optional(),
    headers: stringMap.optional(),
  })
  .superRefine((body, ctx) => {
    // SendGrid only waives subject and content when a template supplies them.
    if (body.template_id !== undefined) return;
    if (body.subject === undefined && body.personalizations.some((p) => p.subject === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['subject'],
        message:
          'The subject is required. You can get around this requirement if you use a template with a subject defined or if every personalization has a subject defined.',
      });
    }
    if (body.content === undefined || body.content.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['content'],
        message:
          'Unless a valid template_id is provided, the content parameter is required. There must be at least one defined content block.',
      });
    }
  });

export type MailSendBody = z.infer<typeof mailSendSchema>;
