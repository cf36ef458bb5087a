import { CliSession } from './cli-session';
import { runCli } from './run-cli';

/** Entry point (bin/msp-ops.js). Clients are closed before this resolves, so the process ends by itself. */
runCli(process.argv.slice(2), new CliSession(process.env)).then((code) => {
  process.exitCode = code;
  // A library that still holds a handle must not keep a finished command alive.
  setTimeout(() => process.exit(code), 2000).unref();
});
