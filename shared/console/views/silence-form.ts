import { z } from 'zod';
import { ALL_ORGS, orgNameSchema } from '../../kernel/org-name';
import { resolveTime } from '../../kernel/time/operator-time';
import { routeMatchSchema } from '../../routing/route-schema';
import { type Silence, silenceSchema } from '../../routing/silence-schema';

/** A browser's datetime-local value (no zone) is Japan time, as every time the console shows. */
const LOCAL_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

const list = (text: string | undefined) =>
  text === undefined || text.trim() === ''
    ? undefined
    : text
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '');

export const silenceFormSchema = z.object({
  org: z.union([orgNameSchema, z.literal(ALL_ORGS)], { error: 'expected an org name or * for every org' }),
  services: z.string().optional(),
  roles: z.string().optional(),
  host: z.string().optional(),
  monitor: z.string().optional(),
  minSeverity: z.string().optional(),
  starts: z.string().default('now'),
  ends: z.string().min(1, 'required: +2h, or a time'),
  comment: z.string().trim().min(1, 'required: why'),
});
export type SilenceForm = z.infer<typeof silenceFormSchema>;

export type SilenceDraft = { ok: true; silence: Silence } | { ok: false; problems: string[] };

function timeOf(field: string, text: string, now: Date, relativeTo?: Date): string | { problem: string } {
  const value = LOCAL_DATETIME.test(text.trim()) ? `${text.trim()}:00+09:00` : text;
  try {
    return resolveTime(value, now, relativeTo);
  } catch (error) {
    return { problem: `${field}: ${error instanceof Error ? error.message : String(error)}` };
  }
}

const nonEmpty = (text: string | undefined) =>
  text === undefined || text.trim() === '' ? undefined : text.trim();

/**
 * The silence a console form asks for, by the same schema `msp-ops silence add` and the router use; the
 * person is the signed-in one (never a form field) and the id a new one the caller picks.
 */
export function silenceFromForm(
  form: Record<string, unknown>,
  createdBy: string,
  now: Date,
  id: string,
): SilenceDraft {
  const parsed = silenceFormSchema.safeParse(form);
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
  }
  const f = parsed.data;
  const startsAt = timeOf('starts', f.starts, now);
  if (typeof startsAt !== 'string') return { ok: false, problems: [startsAt.problem] };
  const endsAt = timeOf('ends', f.ends, now, new Date(startsAt));
  if (typeof endsAt !== 'string') return { ok: false, problems: [endsAt.problem] };
  const matchers = routeMatchSchema.safeParse({
    services: list(f.services),
    roles: list(f.roles),
    hostNameGlob: nonEmpty(f.host),
    monitorNameGlob: nonEmpty(f.monitor),
    minSeverity: nonEmpty(f.minSeverity),
  });
  if (!matchers.success) {
    return {
      ok: false,
      problems: matchers.error.issues.map((i) => `matchers.${i.path.join('.')}: ${i.message}`),
    };
  }
  const silence = silenceSchema.safeParse({
    id,
    org: f.org,
    matchers: matchers.data,
    startsAt,
    endsAt,
    createdBy,
    comment: f.comment,
  });
  return silence.success
    ? { ok: true, silence: silence.data }
    : { ok: false, problems: silence.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
}
