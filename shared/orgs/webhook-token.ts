import { createHash, randomBytes } from 'node:crypto';

/** Only this hash is stored; a leaked database dump does not reveal a working webhook URL. */
export function hashWebhookToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** 32 random bytes, URL-safe: fits in a path segment and in basic-auth userinfo without escaping. */
export function generateWebhookToken(): string {
  return randomBytes(32).toString('base64url');
}
