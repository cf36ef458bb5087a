import { redactSecrets } from './redact-secrets';

/** Cloud Logging reads `severity` and `message` from a JSON line on stdout; the rest lands in jsonPayload. */
export type Severity = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR';

export interface LogFields {
  org?: string;
  event?: string;
  correlationId?: string;
  [key: string]: unknown;
}

export type LogSink = (line: string) => void;

const stdoutSink: LogSink = (line) => {
  process.stdout.write(`${line}\n`);
};

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

function serialise(value: unknown): unknown {
  // Errors keep name and message only: stacks are noise in Cloud Logging and messages are redacted below.
  if (value instanceof Error) return { name: value.name, message: value.message };
  return value;
}

export function createLogger(base: LogFields = {}, sink: LogSink = stdoutSink): Logger {
  const write = (severity: Severity, message: string, fields: LogFields = {}): void => {
    const entry: Record<string, unknown> = { severity, message, time: new Date().toISOString() };
    for (const [key, value] of Object.entries({ ...base, ...fields })) {
      // A field named severity/message/time (an alert's severity, say) must not overwrite the line's own.
      if (value !== undefined && !Object.hasOwn(entry, key)) entry[key] = serialise(value);
    }
    sink(redactSecrets(JSON.stringify(entry)));
  };
  return {
    debug: (message, fields) => write('DEBUG', message, fields),
    info: (message, fields) => write('INFO', message, fields),
    warn: (message, fields) => write('WARNING', message, fields),
    error: (message, fields) => write('ERROR', message, fields),
    child: (fields) => createLogger({ ...base, ...fields }, sink),
  };
}
