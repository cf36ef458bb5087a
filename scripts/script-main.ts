import type { z } from 'zod';

/**
 * Runs a command-line script's main: a failure prints one line (`<name> failed: <message>`, or the bare
 * message without a name) and exits with `code`, never a stack trace over the operator's terminal.
 */
export function runScript(main: () => Promise<void>, options: { name?: string; code?: number } = {}): void {
  main().catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${options.name ? `${options.name} failed: ` : ''}${message}\n`);
    process.exit(options.code ?? 1);
  });
}

/** Parsed command-line options, or an error naming each bad `--option`. */
export function optionsOf<S extends z.ZodType>(schema: S, values: unknown): z.infer<S> {
  const args = schema.safeParse(values);
  if (!args.success) {
    throw new Error(args.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; '));
  }
  return args.data;
}
