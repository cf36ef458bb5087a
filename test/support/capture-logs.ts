import { createLogger, type LogFields, type Logger } from '../../shared/kernel/log/logger';

export interface CapturedLogs {
  logger: Logger;
  /** Raw lines as the sink received them (after redaction). */
  lines: string[];
  /** The lines parsed as JSON. */
  entries(): Array<Record<string, unknown>>;
}

/** A real logger whose lines go to an array instead of stdout. */
export function captureLogs(base: LogFields = {}): CapturedLogs {
  const lines: string[] = [];
  return {
    logger: createLogger(base, (line) => lines.push(line)),
    lines,
    entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
