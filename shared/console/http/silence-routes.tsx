import { randomBytes } from 'node:crypto';
import type { Hono } from 'hono';
import { z } from 'zod';
import { ALL_ORGS, orgNameSchema } from '../../kernel/org-name';
import { silenceEnded } from '../../routing/active-silence';
import { configIdSchema } from '../../routing/route-schema';
import { expiredSilence, silenceStatusOf } from '../../routing/silence-lifecycle';
import { mayChangeSilences } from '../auth/console-role';
import { type SilenceFormState, SilencesPage } from '../pages/silences-page';
import { silenceFromForm } from '../views/silence-form';
import type { ConsoleContext, ConsoleDeps, ConsoleEnv } from './console-env';
import { problem } from './problem-response';
import { parseQuery } from './query-params';

const silenceFiltersSchema = z.strictObject({
  org: z.union([orgNameSchema, z.literal(ALL_ORGS)]).optional(),
  show: z.enum(['current', 'all']).default('current'),
  /** Set by the redirect after a change (post/redirect/get: a reload does not create a second silence). */
  created: configIdSchema.optional(),
  expired: configIdSchema.optional(),
});

const EMPTY_FORM: SilenceFormState = { values: { starts: 'now', ends: '+2h' }, problems: [] };

const newSilenceId = (now: Date) =>
  `console-${now.toISOString().slice(0, 16).replace(/[-:T]/g, '')}-${randomBytes(3).toString('hex')}`;

async function renderSilences(
  c: ConsoleContext,
  deps: ConsoleDeps,
  options: {
    form?: SilenceFormState;
    flash?: string;
    status?: 200 | 400;
    show?: 'current' | 'all';
    org?: string;
  },
) {
  const ctx = c.get('ctx');
  const [{ items }, orgs] = await Promise.all([deps.reads.silences(), deps.reads.orgs()]);
  const silences = items
    .filter((s) => options.show === 'all' || !silenceEnded(s, ctx.now))
    .filter((s) => options.org === undefined || s.org === options.org)
    .sort((a, b) => Date.parse(b.startsAt) - Date.parse(a.startsAt) || a.id.localeCompare(b.id));
  return c.html(
    <SilencesPage
      ctx={ctx}
      silences={silences}
      orgs={orgs.map((o) => o.name).sort()}
      form={options.form ?? EMPTY_FORM}
      {...(options.flash ? { flash: options.flash } : {})}
    />,
    options.status ?? 200,
  );
}

const refuseViewer = (c: ConsoleContext) => {
  const ctx = c.get('ctx');
  c.get('log').warn('console silence change refused: viewer', { path: c.req.path });
  return problem(c, 403, [`${ctx.identity.email} is a viewer; only operators create or expire silences`]);
};

/** Silences: every one that stands (or all), created and expired by operators, each change logged with who. */
export function registerSilenceRoutes(app: Hono<ConsoleEnv>, deps: ConsoleDeps): void {
  app.get('/silences', async (c) => {
    const filters = parseQuery(silenceFiltersSchema, c.req.query());
    if (!filters.ok) return problem(c, 400, filters.problems);
    const { show, org, created, expired } = filters.data;
    const flash = created
      ? `Silence ${created} created.`
      : expired
        ? `Silence ${expired} expired: it no longer mutes anything.`
        : undefined;
    return renderSilences(c, deps, { show, ...(org ? { org } : {}), ...(flash ? { flash } : {}) });
  });

  app.post('/silences', async (c) => {
    const ctx = c.get('ctx');
    if (!mayChangeSilences(ctx.role)) return refuseViewer(c);
    const form = await c.req.parseBody();
    const values = Object.fromEntries(
      Object.entries(form).flatMap(([k, v]) => (typeof v === 'string' && k !== 'csrf' ? [[k, v]] : [])),
    );
    const draft = silenceFromForm(values, ctx.identity.email, ctx.now, newSilenceId(ctx.now));
    if (!draft.ok)
      return renderSilences(c, deps, { form: { values, problems: draft.problems }, status: 400 });
    if (draft.silence.org !== ALL_ORGS && (await deps.reads.org(draft.silence.org)) === undefined) {
      return renderSilences(c, deps, {
        form: { values, problems: [`org: no org ${draft.silence.org}`] },
        status: 400,
      });
    }
    const stored = await deps.reads.putSilence(draft.silence);
    c.get('log').info('console silence created', {
      org: stored.org,
      silenceId: stored.id,
      matchers: stored.matchers,
      startsAt: stored.startsAt,
      endsAt: stored.endsAt,
      status: silenceStatusOf(stored, ctx.now),
    });
    return c.redirect(`/silences?created=${stored.id}`, 303);
  });

  app.post('/silences/:id/expire', async (c) => {
    const ctx = c.get('ctx');
    if (!mayChangeSilences(ctx.role)) return refuseViewer(c);
    const id = configIdSchema.safeParse(c.req.param('id'));
    const silence = id.success ? await deps.reads.silence(id.data) : undefined;
    if (silence === undefined) return problem(c, 404, [`no silence ${c.req.param('id')}`]);
    const ended = expiredSilence(silence, ctx.now);
    if (ended !== undefined) {
      await deps.reads.putSilence(ended);
      c.get('log').info('console silence expired', { org: silence.org, silenceId: silence.id });
    }
    return c.redirect(`/silences?expired=${silence.id}`, 303);
  });
}
