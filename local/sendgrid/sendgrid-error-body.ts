import { z } from 'zod';

/** SendGrid's documented error shape: `{"errors":[{"message":"...","field":"...","help":null}]}`. */
export const sendgridErrorBodySchema = z.object({
  errors: z.array(z.object({ message: z.string(), field: z.string().nullable(), help: z.null() })).min(1),
});

export type SendgridErrorBody = z.infer<typeof sendgridErrorBodySchema>;

export const errorBody = (message: string, field: string | null = null): SendgridErrorBody => ({
  errors: [{ message, field, help: null }],
});

/** One entry per failed check, with the dotted field path SendGrid uses (`personalizations.0.to.0.email`). */
export const validationErrorBody = (error: z.ZodError): SendgridErrorBody => ({
  errors: error.issues.map((issue) => ({
    message: issue.message,
    field: issue.path.length > 0 ? issue.path.map(String).join('.') : null,
    help: null,
  })),
});
