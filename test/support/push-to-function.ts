import { randomUUID } from 'node:crypto';
import { PROJECT } from './intake-env';

/** Posts `data` to a push-triggered function as the push subscription `subscription` would deliver it. */
export function pushToFunction(
  fn: { url: string },
  subscription: string,
  data: unknown,
  attributes: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${fn.url}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      message: {
        data: Buffer.from(JSON.stringify(data)).toString('base64'),
        attributes,
        messageId: randomUUID(),
        publishTime: new Date().toISOString(),
      },
      subscription: `projects/${PROJECT}/subscriptions/${subscription}`,
      deliveryAttempt: 1,
    }),
  });
}
