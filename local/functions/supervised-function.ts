import type { Logger } from '../../shared/kernel/log/logger';
import { type FunctionProcessOptions, type RunningFunction, startFunctionProcess } from './function-process';

/** Restarts within a minute before the supervisor stops trying (a function that cannot start stays down). */
const MAX_RESTARTS_PER_MINUTE = 5;
const RESTART_DELAY_MS = 500;

/**
 * A function process that is started again when it dies, with an ERROR log line saying so, as Cloud Run
 * starts a new instance when one crashes. The port stays the same, so Pub/Sub's pushes find it again.
 */
export async function superviseFunctionProcess(
  options: FunctionProcessOptions,
  logger: Logger,
): Promise<RunningFunction> {
  let current = await startFunctionProcess(options);
  let stopping = false;
  const restarts: number[] = [];
  const log = logger.child({ function: options.name });

  const watch = (running: RunningFunction): void => {
    void running.exited.then(async ({ code, signal }) => {
      if (stopping) return;
      const now = Date.now();
      restarts.push(now);
      while ((restarts[0] ?? now) < now - 60_000) restarts.shift();
      if (restarts.length > MAX_RESTARTS_PER_MINUTE) {
        log.error('function process keeps dying, not restarting it', {
          code,
          signal,
          restarts: restarts.length,
        });
        return;
      }
      log.error('function process died, restarting it', { code, signal, pid: running.pid });
      await new Promise((resolve) => setTimeout(resolve, RESTART_DELAY_MS));
      if (stopping) return;
      try {
        current = await startFunctionProcess(options);
        log.info('function process restarted', { pid: current.pid });
        watch(current);
      } catch (error) {
        log.error('function process could not be restarted', { error });
      }
    });
  };
  watch(current);

  return {
    name: options.name,
    url: current.url,
    get pid() {
      return current.pid;
    },
    get exited() {
      return current.exited;
    },
    stop: async () => {
      stopping = true;
      await current.stop();
    },
  };
}
