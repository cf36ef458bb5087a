import type { Logger } from '../kernel/log/logger';
import type { MessagePublisher } from '../kernel/ports/message-publisher';
import type { DeadLetterRecord, DeadLetterStore } from './dead-letter-store';

export interface ReplayDeps {
  store: DeadLetterStore;
  publisher: MessagePublisher;
  logger: Logger;
  now?: () => Date;
}

/** What to replay: one record by id, or every record not yet replayed (optionally of one source topic). */
export type ReplaySelection = { id: string } | { all: true; topic?: string };

export type ReplayOutcome =
  | { id: string; outcome: 'replayed'; topic: string; messageId: string }
  | { id: string; outcome: 'skipped'; reason: string };

/** Pub/Sub's own dead-letter attributes describe the first delivery; a replay starts afresh. */
const ownAttributes = (attributes: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(attributes).filter(([key]) => !key.startsWith('CloudPubSubDeadLetter')));

async function replayOne(deps: ReplayDeps, record: DeadLetterRecord): Promise<ReplayOutcome> {
  if (record.sourceTopic === undefined)
    return { id: record.id, outcome: 'skipped', reason: 'source topic unknown' };
  if (record.dataTruncated) {
    return {
      id: record.id,
      outcome: 'skipped',
      reason: 'data was cut to fit; replay it from the hold subscription',
    };
  }
  const messageId = await deps.publisher.publish(
    record.sourceTopic,
    Buffer.from(record.data, 'utf8'),
    ownAttributes(record.attributes),
  );
  await deps.store.markReplayed(record.id, (deps.now ?? (() => new Date()))());
  deps.logger.info('dead letter replayed', {
    deadLetterId: record.id,
    sourceTopic: record.sourceTopic,
    org: record.org,
    correlationId: record.correlationId,
    messageId,
  });
  return { id: record.id, outcome: 'replayed', topic: record.sourceTopic, messageId };
}

/**
 * Publishes dead letters again to the topic they were first published to, with their own attributes
 * (correlation id included). Safe to repeat: the consumers are idempotent (the router dedups events by
 * key, the mailer sends a notification id once), so a replay of something already handled does nothing.
 */
export async function replayDeadLetters(
  deps: ReplayDeps,
  selection: ReplaySelection,
): Promise<ReplayOutcome[]> {
  if ('id' in selection) {
    const record = await deps.store.get(selection.id);
    return record
      ? [await replayOne(deps, record)]
      : [{ id: selection.id, outcome: 'skipped', reason: 'no such dead letter' }];
  }
  const records = await deps.store.list({
    pendingOnly: true,
    ...(selection.topic ? { topic: selection.topic } : {}),
  });
  const outcomes: ReplayOutcome[] = [];
  for (const record of records) outcomes.push(await replayOne(deps, record));
  return outcomes;
}
