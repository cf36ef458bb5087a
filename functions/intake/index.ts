import type { Request, Response } from '@google-cloud/functions-framework';
import { http } from '@google-cloud/functions-framework';
import { acceptWebhook } from '../../shared/intake/accept-webhook';
import { clientIpFrom } from '../../shared/intake/client-ip';
import { correlationIdFrom } from '../../shared/intake/correlation-id';
import { intakeConfigSchema } from '../../shared/intake/intake-config';
import type { IntakeRequest } from '../../shared/intake/intake-request';
import { type IntakeResult, rejection } from '../../shared/intake/intake-result';
import { loadConfig } from '../../shared/kernel/config/load-config';
import { createLogger } from '../../shared/kernel/log/logger';
import { bodyReadErrorOf, deferBodyReadErrors } from '../../shared/platform/http/defer-body-read-errors';
import { answerJsonOnly } from '../../shared/platform/http/json-only-answers';
import { outsideRequestDomain } from '../../shared/platform/http/outside-request-domain';
import { intakeDeps } from './intake-deps';

deferBodyReadErrors();
answerJsonOnly();
const logger = createLogger({ component: 'intake' });
const config = loadConfig('intake', intakeConfigSchema);
const deps = intakeDeps(config, logger);

function toIntakeRequest(req: Request): IntakeRequest {
  const header = (name: string) => req.get(name) ?? undefined;
  return {
    method: req.method,
    path: req.path,
    contentType: header('content-type'),
    authorization: header('authorization'),
    bodyBytes: req.rawBody?.length ?? Number(header('content-length') ?? 0),
    body: req.body,
    bodyError: bodyReadErrorOf(req),
    clientIp: clientIpFrom(
      header('x-forwarded-for'),
      req.socket.remoteAddress,
      config.INTAKE_TRUSTED_PROXY_HOPS,
    ),
    correlationId: correlationIdFrom({
      cloudTraceContext: header('x-cloud-trace-context'),
      traceparent: header('traceparent'),
    }),
    receivedAt: new Date(),
  };
}

function send(res: Response, request: IntakeRequest, result: IntakeResult): void {
  res.set('X-Correlation-Id', request.correlationId);
  if (result.status === 405) res.set('Allow', 'POST');
  if (result.status === 204) {
    res.status(204).end();
    return;
  }
  res.status(result.status).json(result.body);
}

// Not an async function: the common path settles with one continuation (see acceptWebhook).
http(
  'intake',
  outsideRequestDomain((req: Request, res: Response) => {
    const request = toIntakeRequest(req);
    const result = acceptWebhook(deps, request);
    if (!(result instanceof Promise)) return send(res, request, result);
    return result.then(
      (settled) => send(res, request, settled),
      (error: unknown) => {
        logger.error('intake failed unexpectedly', { correlationId: request.correlationId, error });
        send(res, request, rejection(503, 'unavailable', 'internal error, retry later'));
      },
    );
  }),
);
