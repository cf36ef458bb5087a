import type { z } from 'zod';
import { NO_HOST_SCOPE } from '../../mackerel/api/downtime-spec';
import { type MonitorSpec, monitorSpecSchema } from '../../mackerel/api/monitor-spec';
import { markerOf, markMemo } from '../model/managed-marker';
import { type DowntimeTemplate, downtimeTemplateSpecSchema, HOST_SCOPE_KEYS } from './downtime-template-spec';
import type { TemplateEntry, TemplateSet } from './parse-template-folder';
import { type PlaceholderContext, type PlaceholderProblem, substituteFields } from './placeholders';
import type { TemplateError } from './template-error';
import { epochSecondsOf, ISO_EXAMPLE } from './template-time';
import { errorAt } from './yaml-source';
import { type IssueHints, issueErrors } from './zod-issue-errors';

export type EntryOutcome<T> = { spec: T; errors: [] } | { spec: null; errors: TemplateError[] };

type Value = Record<string, unknown>;

/** The memo is ours to extend: the marker goes on its last line, and Mackerel's limit counts it. */
function withMarker(value: Value, set: string): Value {
  const memo = value.memo;
  return memo === undefined || typeof memo === 'string' ? { ...value, memo: markMemo(memo, set) } : value;
}

const memoNote =
  (set: string): IssueHints['note'] =>
  (issue) =>
    issue.code === 'too_big' && issue.path[0] === 'memo'
      ? `(counting the marker line "${markerOf(set)}", ${markerOf(set).length + 1} characters)`
      : undefined;

function renderEntry<S extends z.ZodType>(
  schema: S,
  set: TemplateSet,
  entry: TemplateEntry,
  context: PlaceholderContext,
  prepare: (value: Value) => { value: Value; problems: PlaceholderProblem[] },
  hints: IssueHints = {},
): EntryOutcome<z.output<S>> {
  const substituted = substituteFields(entry.value, context);
  const prepared = prepare(withMarker(substituted.value, set.name));
  const problems = [...substituted.problems, ...prepared.problems];
  if (problems.length > 0) {
    return {
      spec: null,
      errors: problems.map((p) => errorAt(set.source, [...entry.path, ...p.path], p.message)),
    };
  }
  const parsed = schema.safeParse(prepared.value, { reportInput: true });
  if (parsed.success) return { spec: parsed.data, errors: [] };
  return {
    spec: null,
    errors: issueErrors(set.source, entry.path, parsed.error, { note: memoNote(set.name), ...hints }),
  };
}

export const renderMonitorEntry = (
  set: TemplateSet,
  entry: TemplateEntry,
  context: PlaceholderContext,
): EntryOutcome<MonitorSpec> =>
  renderEntry(monitorSpecSchema, set, entry, context, (value) => ({ value, problems: [] }));

const TIME_PROBLEM = `expected an ISO date-time with offset (${ISO_EXAMPLE}) or epoch seconds`;

/** `start` and `recurrence.until` as a person writes them, to the API's epoch seconds. */
function downtimeTimes(value: Value): { value: Value; problems: PlaceholderProblem[] } {
  const problems: PlaceholderProblem[] = [];
  const seconds = (time: unknown, path: readonly (string | number)[]): unknown => {
    if (typeof time !== 'string') return time;
    const epoch = epochSecondsOf(time);
    if (epoch === null) problems.push({ path, message: TIME_PROBLEM });
    return epoch ?? time;
  };
  const out: Value = { ...value, start: seconds(value.start, ['start']) };
  const recurrence = value.recurrence;
  if (recurrence !== null && typeof recurrence === 'object' && 'until' in recurrence) {
    out.recurrence = { ...recurrence, until: seconds(recurrence.until, ['recurrence', 'until']) };
  }
  return { value: out, problems };
}

export const renderDowntimeEntry = (
  set: TemplateSet,
  entry: TemplateEntry,
  context: PlaceholderContext,
): EntryOutcome<DowntimeTemplate> =>
  renderEntry(downtimeTemplateSpecSchema, set, entry, context, downtimeTimes, {
    unknownKey: (key) => (HOST_SCOPE_KEYS.has(key) ? NO_HOST_SCOPE : undefined),
  });
