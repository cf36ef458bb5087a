import { z } from 'zod';

/**
 * How one probe target answers. `down` destroys the connection without an answer (after `latencyMs`,
 * so a slow death can be shown too).
 */
export const targetBehaviourSchema = z.strictObject({
  status: z.int().min(200).max(599).default(200),
  latencyMs: z.int().min(0).max(120_000).default(0),
  body: z
    .string()
    .max(1024 * 1024)
    .default('ok'),
  down: z.boolean().default(false),
});
export type TargetBehaviour = z.infer<typeof targetBehaviourSchema>;
/** What callers give: every field optional, the rest from the default. */
export type TargetBehaviourInput = z.input<typeof targetBehaviourSchema>;

export const DEFAULT_TARGET_BEHAVIOUR: TargetBehaviour = targetBehaviourSchema.parse({});

/** A path segment that can name a target; `_control` and other `_` names stay free for the stand-in. */
export const targetNameSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'not a target name');

/** The first path segment (`/web-1/health` → `web-1`); the root path is target ''. */
export function targetNameOf(pathname: string): string {
  const [, first = ''] = pathname.split('/', 2);
  return decodeSegment(first);
}

/** A malformed escape still names some target: the raw segment. */
export function decodeSegment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

export type BehaviourParse =
  | { ok: true; behaviour: TargetBehaviour }
  | { ok: false; error: string; field: string };

/** Validates control input, naming the first offending field (or `(body)` for a non-object). */
export function parseBehaviour(input: unknown): BehaviourParse {
  const parsed = targetBehaviourSchema.safeParse(input);
  if (parsed.success) return { ok: true, behaviour: parsed.data };
  const [issue] = parsed.error.issues;
  if (issue === undefined) return { ok: false, error: 'invalid behaviour', field: '(body)' };
  const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
  const field = issue.path.join('.') || keys[0] || '(body)';
  const message = issue.code === 'unrecognized_keys' ? `unknown field ${field}` : issue.message;
  return { ok: false, error: message, field };
}
