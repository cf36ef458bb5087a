import { http } from '@google-cloud/functions-framework';

/** The baseline: the functions framework answering 204 and doing nothing else. */
http('noop', (_req, res) => {
  res.status(204).end();
});
