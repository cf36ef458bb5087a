import type { Command } from 'commander';
import { z } from 'zod';
import { firestoreRoutingConfig } from '../shared/alerting/adapters/firestore-routing-config';
import { ALL_ORGS } from '../shared/kernel/org-name';
import { jstText } from '../shared/kernel/time/jst-format';
import { resolveTime } from '../shared/kernel/time/operator-time';
import { describeMatch } from '../shared/routing/describe-match';
import { configIdSchema } from '../shared/routing/route-schema';
import { expiredSilence, silenceStatusOf } from '../shared/routing/silence-lifecycle';
import { silenceSchema } from '../shared/routing/silence-schema';
import { UsageError } from './cli-errors';
import type { CliSession } from './cli-session';
import { action, type Report, validInput } from './command-runner';
import { problemLines } from './config-problems';
import { addMatcherOptions, matcherOptionsShape, matchersOf } from './matcher-options';
import { existingOrg, orgOrAllSchema } from './org-arguments';
import { textTable } from './text-table';

const addInput = z.object({
  org: orgOrAllSchema,
  id: configIdSchema,
  start: z.string().default('now'),
  end: z.string(),
  by: z.string().trim().min(1),
  comment: z.string().trim().min(1),
  ...matcherOptionsShape,
  replace: z.boolean().default(false),
});

function timeArg(flag: string, text: string, now: Date, relativeTo?: Date): string {
  try {
    return resolveTime(text, now, relativeTo);
  } catch (error) {
    throw new UsageError(`${flag}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function addSilence(session: CliSession, input: z.infer<typeof addInput>): Promise<Report> {
  const now = session.now();
  const startsAt = timeArg('--start', input.start, now);
  const endsAt = timeArg('--end', input.end, now, new Date(startsAt));
  const silence = validInput(
    silenceSchema,
    {
      id: input.id,
      org: input.org,
      matchers: matchersOf(input),
      startsAt,
      endsAt,
      createdBy: input.by,
      comment: input.comment,
    },
    'silence',
  );
  if (silence.org !== ALL_ORGS) await existingOrg(session, silence.org);
  const config = firestoreRoutingConfig(session.firestore());
  if (!input.replace && (await config.getSilence(silence.id)) !== undefined) {
    throw new Error(`silence ${silence.id} exists already (--replace to overwrite it)`);
  }
  const stored = await config.putSilence(silence);
  return {
    json: { ...stored, status: silenceStatusOf(stored, now) },
    text: `Saved silence ${stored.id} for ${stored.org === ALL_ORGS ? 'every org' : `org ${stored.org}`}: ${describeMatch(stored.matchers)}, ${jstText(stored.startsAt)} to ${jstText(stored.endsAt)}.`,
  };
}

async function listSilences(session: CliSession, org: string | undefined, all: boolean): Promise<Report> {
  const now = session.now();
  const { items, problems } = await firestoreRoutingConfig(session.firestore()).listSilences(org);
  const silences = items
    .map((s) => ({ ...s, status: silenceStatusOf(s, now) }))
    .filter((s) => all || s.status !== 'ended')
    .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt) || a.id.localeCompare(b.id));
  const rows = silences.map((s) => [
    s.id,
    s.org,
    s.status,
    jstText(s.startsAt),
    jstText(s.endsAt),
    s.createdBy,
    describeMatch(s.matchers),
    s.comment,
  ]);
  const table = textTable(['ID', 'ORG', 'STATUS', 'STARTS', 'ENDS', 'BY', 'MATCH', 'COMMENT'], rows);
  return { json: { silences, problems }, text: [table, ...problemLines(problems)].join('\n') };
}

/**
 * Ends a silence now by setting its end (the TTL then deletes it in due course). One that has not started
 * is moved to have ended a second before it would have started: it never applies.
 */
async function expireSilence(session: CliSession, id: string): Promise<Report> {
  const now = session.now();
  const config = firestoreRoutingConfig(session.firestore());
  const stored = await config.getSilence(id);
  if (stored === undefined) throw new Error(`no silence ${id}`);
  const { items, problems } = stored;
  const [silence] = items;
  if (silence === undefined) throw new Error(problemLines(problems).join('; '));
  const ended = expiredSilence(silence, now);
  if (ended === undefined) {
    return {
      json: { ...silence, status: 'ended', changed: false },
      text: `Silence ${id} ended already (${jstText(silence.endsAt)}).`,
    };
  }
  const started = ended.startsAt === silence.startsAt;
  const expired = await config.putSilence(ended);
  return {
    json: { ...expired, status: 'ended', changed: true },
    text: `Expired silence ${id}${started ? '' : ' before it started'}: it no longer mutes anything.`,
  };
}

export function registerSilenceCommands(program: Command, session: CliSession): void {
  const silence = program.command('silence').description('silences: mute matching alerts for a while');
  addMatcherOptions(
    silence
      .command('add')
      .description("add a silence; for every org ('*') at least one matcher is required")
      .requiredOption('--org <name>', "org name, or '*' for every org")
      .requiredOption('--id <id>', 'silence id (letters, digits, - and _)')
      .option('--start <time>', 'now (default), +30m / +2h / +1d, or ISO with offset')
      .requiredOption(
        '--end <time>',
        '+2h (after the start), or ISO with offset, e.g. 2026-01-10T06:00:00+09:00',
      )
      .requiredOption('--by <who>', 'who asked for it')
      .requiredOption('--comment <text>', 'why'),
  )
    .option('--replace', 'overwrite a silence with the same id')
    .action(action(session, addInput, (input) => addSilence(session, input)));
  silence
    .command('list')
    .description('silences not yet ended (active and scheduled), by start')
    .option('--org <name>', "one org's silences and those for every org ('*')")
    .option('--all', 'include ended ones (kept 30 days after their end)')
    .action(
      action(
        session,
        z.object({ org: orgOrAllSchema.optional(), all: z.boolean().default(false) }),
        ({ org, all }) => listSilences(session, org, all),
      ),
    );
  silence
    .command('expire')
    .description('end a silence now')
    .argument('<id>', 'silence id')
    .action(
      action(session, z.object({ args: z.tuple([configIdSchema]) }), ({ args: [id] }) =>
        expireSilence(session, id),
      ),
    );
}
