import { z } from 'zod';
import { parseJson } from './parse-json';

/** Mackerel's error body: `{"error":{"message":"..."}}`. */
export const apiErrorBodySchema = z.looseObject({
  error: z.looseObject({ message: z.string() }),
});

export type ApiErrorBody = z.infer<typeof apiErrorBodySchema>;

export const apiErrorBody = (message: string): ApiErrorBody => ({ error: { message } });

/** Error text is quoted in our own errors and logs: keep a runaway body (an HTML error page) short. */
const MAX_MESSAGE_CHARS = 300;

/** The body's message, or undefined when the body is not Mackerel's error shape. */
export function apiErrorMessage(body: string): string | undefined {
  const parsed = apiErrorBodySchema.safeParse(parseJson(body));
  return parsed.success ? parsed.data.error.message.slice(0, MAX_MESSAGE_CHARS) : undefined;
}
