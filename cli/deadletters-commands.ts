import type { Command } from 'commander';
import { z } from 'zod';
import { firestoreDeadLetters } from '../shared/dead-letters/adapters/firestore-dead-letters';
import { replayDeadLetters } from '../shared/dead-letters/replay-dead-letters';
import { createLogger } from '../shared/kernel/log/logger';
import { jstText } from '../shared/kernel/time/jst-format';
import { TOPICS } from '../shared/kernel/topology';
import { UsageError } from './cli-errors';
import type { CliSession } from './cli-session';
import { action, type Report } from './command-runner';
import { textTable } from './text-table';

/** A source topic a dead letter can come from: one a worker reads. */
const topicSchema = z.enum(Object.values(TOPICS) as [string, ...string[]]);
const idSchema = z.string().regex(/^[\w.-]{1,200}$/, 'expected a dead letter id (see deadletters list)');

async function listDeadLetters(
  session: CliSession,
  topic: string | undefined,
  all: boolean,
): Promise<Report> {
  const records = await firestoreDeadLetters(session.firestore()).list({
    pendingOnly: !all,
    ...(topic ? { topic } : {}),
  });
  // The data holds the message (a notification's addresses, say): shown in --json only.
  const rows = records.map((r) => [
    r.id,
    r.sourceTopic ?? '-',
    r.org ?? '-',
    r.kind ?? '-',
    String(r.deliveryAttempts ?? '-'),
    jstText(r.recordedAt),
    String(r.replays ?? 0),
    r.issues?.[0] ?? '',
  ]);
  const table = textTable(['ID', 'TOPIC', 'ORG', 'KIND', 'ATTEMPTS', 'RECORDED', 'REPLAYS', 'ISSUE'], rows);
  return {
    json: { deadLetters: records },
    text: [table, `${records.length} dead letter(s)${all ? '' : ' not yet replayed'}`].join('\n'),
  };
}

async function replay(
  session: CliSession,
  input: { args: [(string | undefined)?]; all: boolean; topic?: string | undefined },
): Promise<Report> {
  const [id] = input.args;
  if ((id === undefined) === !input.all) throw new UsageError('give a dead letter id, or --all (not both)');
  if (id !== undefined && input.topic !== undefined) throw new UsageError('--topic goes with --all');
  const outcomes = await replayDeadLetters(
    {
      store: firestoreDeadLetters(session.firestore()),
      publisher: session.publisher(),
      logger: createLogger({ component: 'msp-ops' }, () => {}),
      now: session.now,
    },
    id !== undefined ? { id } : { all: true, ...(input.topic ? { topic: input.topic } : {}) },
  );
  const failed = outcomes.filter((o) => o.outcome === 'skipped');
  if (id !== undefined && failed.length > 0) throw new Error(`dead letter ${id}: ${failed[0]?.reason}`);
  const rows = outcomes.map((o) =>
    o.outcome === 'replayed'
      ? [o.id, 'replayed', `to ${o.topic} as ${o.messageId}`]
      : [o.id, 'skipped', o.reason],
  );
  return {
    json: { outcomes },
    text: [textTable(['ID', 'OUTCOME', 'DETAIL'], rows), `${outcomes.length - failed.length} replayed`].join(
      '\n',
    ),
  };
}

export function registerDeadLetterCommands(program: Command, session: CliSession): void {
  const dl = program
    .command('deadletters')
    .description('messages a function gave up on after every retry: list them, replay them once fixed');
  dl.command('list')
    .description('dead letters not yet replayed, oldest first')
    .option('--topic <topic>', `only from this source topic (${Object.values(TOPICS).join(', ')})`)
    .option('--all', 'include those replayed already')
    .action(
      action(
        session,
        z.object({ topic: topicSchema.optional(), all: z.boolean().default(false) }),
        ({ topic, all }) => listDeadLetters(session, topic, all),
      ),
    );
  dl.command('replay')
    .description('publish dead letters again to their source topic (safe to repeat: consumers dedup)')
    .argument('[id]', 'one dead letter, by the ID deadletters list shows')
    .option('--all', 'every dead letter not yet replayed')
    .option('--topic <topic>', 'with --all: only from this source topic')
    .action(
      action(
        session,
        z.object({
          args: z.tuple([idSchema.optional()]),
          all: z.boolean().default(false),
          topic: topicSchema.optional(),
        }),
        (input) => replay(session, input),
      ),
    );
}
