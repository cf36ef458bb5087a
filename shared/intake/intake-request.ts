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

export function isJsonContentType(contentType: string | undefined): boolean {
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  return (
    mediaType === 'application/json' ||
    (mediaType?.startsWith('application/') === true && mediaType.endsWith('+json'))
  );
}
