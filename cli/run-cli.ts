import { CommanderError } from 'commander';
import { EXIT_CODES, ReportedExit, UsageError } from './cli-errors';
import type { CliSession } from './cli-session';
import { buildProgram } from './program';

/**
 * Runs one invocation and resolves its exit code: 0 done, 2 bad arguments or environment (commander's
 * own parse errors included; commander has printed them), 1 an operation that failed. Errors go to stderr
 * as one line; nothing here ever prints a secret (commands never put one in an error).
 */
export async function runCli(argv: readonly string[], session: CliSession): Promise<number> {
  try {
    await buildProgram(session).parseAsync([...argv], { from: 'user' });
    return EXIT_CODES.ok;
  } catch (error) {
    // Commander has printed its message or the help; exit code 0 is help asked for.
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_CODES.ok : EXIT_CODES.usage;
    if (error instanceof ReportedExit) return error.code;
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof UsageError) {
      session.io.err(`msp-ops: ${message}\n(add --help for usage)\n`);
      return EXIT_CODES.usage;
    }
    session.io.err(`msp-ops: ${message}\n`);
    return EXIT_CODES.failed;
  } finally {
    await session.close();
  }
}
