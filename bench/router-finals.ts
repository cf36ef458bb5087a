/** The router's last log line for an event, whatever became of it (route-event.ts). */
const ROUTER_FINALS: ReadonlySet<string> = new Set([
  'alert routed',
  'alert muted',
  'alert matched no route',
  'stale alert event recorded',
  'event already routed',
]);

/**
 * Counts the events the router finished, from its log lines as the local stack relays them: a benchmark
 * learns of progress without querying the Firestore emulator, which shares a process with it (and whose
 * CPU the queries would take from the pipeline being measured).
 */
export function routerFinals() {
  let finished = 0;
  return {
    onFunctionLine(name: string, line: string): void {
      if (name !== 'router' || !line.startsWith('{')) return;
      const { message } = JSON.parse(line) as { message?: unknown };
      if (typeof message === 'string' && ROUTER_FINALS.has(message)) finished++;
    },
    count: () => finished,
  };
}
