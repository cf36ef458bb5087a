import { http } from '@google-cloud/functions-framework';
import type { z } from 'zod';
import type { Logger } from '../../kernel/log/logger';
import { answerJsonOnly } from '../http/json-only-answers';
import { outsideRequestDomain } from '../http/outside-request-domain';
import { handlePush, type PushContext, type PushOutcome } from './push-handler';

/** Registers a push-triggered function: Pub/Sub's push body in, handlePush's status and JSON out (every answer JSON). */
export function servePush<S extends z.ZodType>(
  entryPoint: string,
  dataSchema: S,
  logger: Logger,
  run: (data: z.infer<S>, context: PushContext) => Promise<PushOutcome>,
): void {
  answerJsonOnly();
  http(
    entryPoint,
    outsideRequestDomain(async (req, res) => {
      const reply = await handlePush(req.body, dataSchema, logger, run);
      res.status(reply.status).json(reply.body);
    }),
  );
}
