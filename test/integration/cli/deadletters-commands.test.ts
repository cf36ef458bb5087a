import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { z } from 'zod';
import { firestoreDeadLetters } from '../../../shared/dead-letters/adapters/firestore-dead-letters';
import { recordDeadLetter } from '../../../shared/dead-letters/record-dead-letter';
import { createLogger } from '../../../shared/kernel/log/logger';
import { TOPICS } from '../../../shared/kernel/topology';
import type { PushEnvelope } from '../../../shared/platform/pubsub/push-envelope';
import { type CliBackends, startCliBackends } from '../../support/cli-harness';
import { notification } from '../../support/notifications';

let cli: CliBackends;

/** A dead letter as Pub/Sub forwards it to the recorder: the source subscription in the attributes. */
function deadLetter(id: string, sourceSubscription: string, data: unknown): PushEnvelope {
  return {
    message: {
      data: Buffer.from(JSON.stringify(data)).toString('base64'),
      attributes: {
        org: 'acme-prod',
        correlationId: `corr-${id}`,
        CloudPubSubDeadLetterSourceSubscription: sourceSubscription,
        CloudPubSubDeadLetterSourceDeliveryCount: '5',
      },
      messageId: id,
      publishTime: '2026-01-01T00:00:00.000Z',
    },
    subscription: `projects/p/subscriptions/${sourceSubscription.split('--')[0]}-dead-letter--dead-letter-recorder`,
  };
}

const event = {
  version: 1,
  org: 'acme-prod',
  source: 'webhook',
  receivedAt: '2026-01-01T00:00:00.000Z',
  correlationId: 'corr-ev',
  dedupKey: 'k-ev',
  body: { event: 'sample' },
};

before(async () => {
  cli = await startCliBackends();
  const deps = { store: firestoreDeadLetters(cli.db), logger: createLogger({}, () => {}) };
  await recordDeadLetter(
    deps,
    notification(),
    deadLetter('dl-mail', 'notifications--mailer', notification()),
  );
  await recordDeadLetter(deps, event, deadLetter('dl-event', 'mackerel-events--router', event));
});
after(() => cli?.stop());

const listSchema = z.object({
  deadLetters: z.array(z.looseObject({ id: z.string(), sourceTopic: z.string(), replays: z.number() })),
});
const replaySchema = z.object({ outcomes: z.array(z.looseObject({ id: z.string(), outcome: z.string() })) });

describe('msp-ops deadletters', () => {
  it('lists dead letters of both kinds with their source topics, and by topic', async () => {
    const all = listSchema.parse(await cli.json(['deadletters', 'list']));
    assert.deepEqual(all.deadLetters.map((d) => [d.id, d.sourceTopic]).sort(), [
      ['dl-event', 'mackerel-events'],
      ['dl-mail', 'notifications'],
    ]);
    const events = listSchema.parse(await cli.json(['deadletters', 'list', '--topic', 'mackerel-events']));
    assert.deepEqual(
      events.deadLetters.map((d) => d.id),
      ['dl-event'],
    );
    const table = await cli.run(['deadletters', 'list']);
    assert.equal(table.code, 0, table.stderr);
    assert.ok(!table.stdout.includes('@example.com'), 'no recipient address in the table');
  });

  it('replays both kinds to their source topics with their own attributes, once', async () => {
    const replayed = replaySchema.parse(await cli.json(['deadletters', 'replay', '--all']));
    assert.deepEqual(
      replayed.outcomes.map((o) => o.outcome),
      ['replayed', 'replayed'],
    );
    const [mail] = cli.pubsub.publishedTo(TOPICS.notifications);
    const [ev] = cli.pubsub.publishedTo(TOPICS.mackerelEvents);
    assert.deepEqual(
      JSON.parse(mail?.data.toString('utf8') ?? '{}'),
      JSON.parse(JSON.stringify(notification())),
    );
    assert.deepEqual(JSON.parse(ev?.data.toString('utf8') ?? '{}'), event);
    assert.equal(ev?.attributes.correlationId, 'corr-dl-event');
    assert.equal(ev?.attributes.CloudPubSubDeadLetterSourceSubscription, undefined);
    // Replayed ones are no longer pending; --all again replays nothing; one by id still can.
    assert.deepEqual(listSchema.parse(await cli.json(['deadletters', 'list'])).deadLetters, []);
    assert.deepEqual(replaySchema.parse(await cli.json(['deadletters', 'replay', '--all'])).outcomes, []);
    const again = replaySchema.parse(await cli.json(['deadletters', 'replay', 'dl-mail']));
    assert.deepEqual(
      again.outcomes.map((o) => o.outcome),
      ['replayed'],
    );
    const counted = listSchema.parse(await cli.json(['deadletters', 'list', '--all']));
    assert.equal(counted.deadLetters.find((d) => d.id === 'dl-mail')?.replays, 2);
  });

  it('refuses bad arguments with exit 2 and an unknown id with exit 1', async () => {
    for (const args of [
      ['replay'],
      ['replay', 'x', '--all'],
      ['list', '--topic', 'nope'],
      ['replay', 'a/b'],
    ]) {
      const run = await cli.run(['deadletters', ...args]);
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
    }
    const missing = await cli.run(['deadletters', 'replay', 'no-such-id']);
    assert.equal(missing.code, 1, missing.stderr);
    assert.match(missing.stderr, /no such dead letter/);
  });
});
