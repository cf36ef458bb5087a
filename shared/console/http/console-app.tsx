import { Hono } from 'hono';
import { BODY_READ_ERROR_HEADER } from '../../platform/http/fetch-bridge';
import { CONSOLE_CSS } from '../pages/console-css';
import { registerAlertRoutes } from './alert-routes';
import { registerAuditRoutes } from './audit-routes';
import { authenticate } from './authenticate';
import { registerCdnRoutes } from './cdn-routes';
import type { ConsoleDeps, ConsoleEnv } from './console-env';
import { registerHostRoutes } from './host-routes';
import { registerNowRoutes } from './now-routes';
import { registerOrgRoutes } from './org-routes';
import { registerProbeRoutes } from './probe-routes';
import { problem } from './problem-response';
import { registerSilenceRoutes } from './silence-routes';

const ASSET_CACHE = 'private, max-age=3600';

/** The console: every page behind IAP's assertion and a console role; handlers read, pages render. */
export function consoleApp(deps: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  app.use('*', async (c, next) => {
    const readError = c.req.header(BODY_READ_ERROR_HEADER);
    if (readError) return problem(c, readError.startsWith('413') ? 413 : 400, [`request body: ${readError}`]);
    await next();
  });
  app.use('*', authenticate(deps));
  app.get('/', (c) => c.redirect('/now'));
  app.get('/assets/console.css', (c) =>
    c.body(CONSOLE_CSS, 200, { 'content-type': 'text/css', 'cache-control': ASSET_CACHE }),
  );
  app.get('/assets/htmx.min.js', (c) =>
    c.body(deps.assets.htmx, 200, { 'content-type': 'text/javascript', 'cache-control': ASSET_CACHE }),
  );
  registerNowRoutes(app, deps);
  registerAlertRoutes(app, deps);
  registerHostRoutes(app, deps);
  registerAuditRoutes(app, deps);
  registerProbeRoutes(app, deps);
  registerCdnRoutes(app, deps);
  registerOrgRoutes(app, deps);
  registerSilenceRoutes(app, deps);
  app.notFound((c) => problem(c, 404, [`no page ${c.req.path}`]));
  app.onError((error, c) => {
    deps.logger.error('console page failed', { path: c.req.path, error });
    return problem(c, 503, ['the console could not read what this page needs; retry in a moment']);
  });
  return app;
}
