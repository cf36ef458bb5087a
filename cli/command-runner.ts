import { Command } from 'commander';
import { z } from 'zod';
import { ReportedExit, UsageError } from './cli-errors';
import type { CliSession } from './cli-session';

/** What a command prints: `json` with --json (one document), else `text` for people. */
export interface Report {
  json: unknown;
  text: string;
  /** Printed, then the process ends with this code (a report of failures, or of differences). */
  exitCode?: number;
}

const outputOptionsSchema = z.object({ json: z.boolean().default(false) });

/** `--display-name` for an option's attribute, `<name>` for a positional argument. */
function flagOf(command: Command, path: readonly PropertyKey[]): string {
  const [head, index, ...rest] = path;
  if (head === 'args') {
    const name = command.registeredArguments[Number(index)]?.name() ?? String(index);
    return [`<${name}>`, ...rest.map(String)].join('.');
  }
  const option = command.options.find((o) => o.attributeName() === head);
  return [option?.long ?? String(head), ...[index, ...rest].filter((p) => p !== undefined).map(String)].join(
    '.',
  );
}

export function usageIssues(command: Command, error: z.ZodError): string {
  return error.issues.map((issue) => `${flagOf(command, issue.path)}: ${issue.message}`).join('; ');
}

/**
 * A commander action: the command's options (with --json) and positional arguments (as `args`) parsed by
 * `schema`, which is where every argument is validated; a failure is a UsageError naming the flag.
 */
export function action<S extends z.ZodType>(
  session: CliSession,
  schema: S,
  handler: (input: z.infer<S>) => Promise<Report>,
) {
  return async (...actionArgs: unknown[]): Promise<void> => {
    const command = actionArgs.at(-1);
    if (!(command instanceof Command)) throw new Error('commander passed no command to the action');
    const raw = { ...command.optsWithGlobals(), args: command.processedArgs };
    const parsed = schema.safeParse(raw);
    if (!parsed.success) throw new UsageError(usageIssues(command, parsed.error));
    const report = await handler(parsed.data);
    const { json } = outputOptionsSchema.parse(raw);
    session.io.out(json ? `${JSON.stringify(report.json, null, 2)}\n` : `${report.text.trimEnd()}\n`);
    if (report.exitCode !== undefined && report.exitCode !== 0) throw new ReportedExit(report.exitCode);
  };
}

/** A domain document built from arguments: invalid means the arguments were (exit 2), with its paths. */
export function validInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => `${i.path.map(String).join('.') || what}: ${i.message}`);
  throw new UsageError(`invalid ${what}: ${issues.join('; ')}`);
}
