import type { Command } from 'commander';
import { z } from 'zod';
import { firestoreRoutingConfig } from '../shared/alerting/adapters/firestore-routing-config';
import { jstText } from '../shared/kernel/time/jst-format';
import { intervalHolds } from '../shared/routing/time-intervals/interval-match';
import { nextChange } from '../shared/routing/time-intervals/next-change';
import {
  type TimeIntervalInput,
  timeIntervalSchema,
} from '../shared/routing/time-intervals/time-interval-schema';
import type { CliSession } from './cli-session';
import { action, type Report, validInput } from './command-runner';
import { problemLines } from './config-problems';
import { readJsonFile } from './input-file';
import { textTable } from './text-table';

/** Stores a time interval from a JSON file (`id`, `timeZone`, `spans`), replacing one with its id. */
async function putInterval(session: CliSession, path: string): Promise<Report> {
  const body = await readJsonFile(path);
  const valid = validInput(timeIntervalSchema, body, 'time interval');
  // Stored as written (validated just above), so the document keeps its HH:MM and weekday names.
  const stored = await firestoreRoutingConfig(session.firestore()).putTimeInterval(body as TimeIntervalInput);
  return {
    json: stored,
    text: `Saved time interval ${valid.id} (${valid.spans.length} span(s), ${valid.timeZone}).`,
  };
}

/** Every stored interval, whether it holds now and when that changes. */
async function listIntervals(session: CliSession): Promise<Report> {
  const now = session.now();
  const { items, problems } = await firestoreRoutingConfig(session.firestore()).listTimeIntervals();
  const rows = items.map((interval) => {
    const change = nextChange(interval, now);
    return [
      interval.id,
      interval.timeZone,
      intervalHolds(interval, now) ? 'yes' : 'no',
      change ? jstText(change) : '-',
    ];
  });
  return {
    json: { intervals: items.map((i) => ({ ...i, holdsNow: intervalHolds(i, now) })), problems },
    text: [textTable(['ID', 'TIME ZONE', 'HOLDS NOW', 'CHANGES AT'], rows), ...problemLines(problems)].join(
      '\n',
    ),
  };
}

export function registerTimeIntervalCommands(route: Command, session: CliSession): void {
  const intervals = route
    .command('interval')
    .description('named time intervals routes are active or muted in (--active-intervals, --mute-intervals)');
  intervals
    .command('put')
    .description('store a time interval from a JSON file (routes of every org may refer to it)')
    .argument('<file>', 'JSON: {"id", "timeZone" (Asia/Tokyo), "spans": [{"weekdays", "times", ...}]}')
    .action(
      action(session, z.object({ args: z.tuple([z.string().min(1)]) }), ({ args: [path] }) =>
        putInterval(session, path),
      ),
    );
  intervals
    .command('list')
    .description('stored time intervals, whether each holds now and when that next changes')
    .action(action(session, z.object({}), () => listIntervals(session)));
}
