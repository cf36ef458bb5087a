import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type PushEnvelope, pushEnvelopeSchema } from '../../shared/platform/pubsub/push-envelope';

/**
 * A push endpoint for tests: answers 204 and records each message once (by messageId), since Pub/Sub
 * may deliver a message more than once.
 */
export interface PushReceiver {
  url: string;
  received: PushEnvelope[];
  deliveries: number;
  waitFor(count: number, timeoutMs?: number): Promise<PushEnvelope[]>;
  close(): Promise<void>;
}

export async function startPushReceiver(): Promise<PushReceiver> {
  const received: PushEnvelope[] = [];
  const seen = new Set<string>();
  let deliveries = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const parsed = pushEnvelopeSchema.safeParse(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      if (parsed.success) {
        deliveries++;
        if (!seen.has(parsed.data.message.messageId)) received.push(parsed.data);
        seen.add(parsed.data.message.messageId);
      }
      res.statusCode = parsed.success ? 204 : 400;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    received,
    get deliveries() {
      return deliveries;
    },
    async waitFor(count, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} pushes, got ${received.length}`);
        await new Promise((r) => setTimeout(r, 10));
      }
      return received.slice(0, count);
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export function pushData(envelope: PushEnvelope): unknown {
  return JSON.parse(Buffer.from(envelope.message.data ?? '', 'base64').toString('utf8'));
}
