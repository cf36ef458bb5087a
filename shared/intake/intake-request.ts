/** What the intake use-case needs from an HTTP request, independent of the web framework. */
export interface IntakeRequest {
  method: string;
  path: string;
  contentType: string | undefined;
  authorization: string | undefined;
  bodyBytes: number;
  /** The parsed JSON body; meaningless when bodyError is set. */
  body: unknown;
  /** Why the body could not be read (malformed JSON, bad charset or encoding, too large). */
  bodyError: { status: number; message: string } | undefined;
  clientIp: string | undefined;
  correlationId: string;
  receivedAt: Date;
}

export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;

/** Only application/json: it is what Mackerel sends and the only JSON type the framework parses. */
export function isJsonContentType(contentType: string | undefined): boolean {
  return contentType?.split(';')[0]?.trim().toLowerCase() === 'application/json';
}
