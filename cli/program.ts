import { Command } from 'commander';
import { registerAlertsCommands } from './alerts-commands';
import { registerAuditCommands } from './audit-commands';
import { registerCdnCommands } from './cdn-commands';
import type { CliSession } from './cli-session';
import { registerConsoleCommands } from './console-commands';
import { registerDeadLetterCommands } from './deadletters-commands';
import { registerHostsCommands } from './hosts-commands';
import { registerMonitorsCommands } from './monitors-commands';
import { registerOrgCommands } from './org-commands';
import { registerOrgCredentialCommands } from './org-credential-commands';
import { registerProbesCommands } from './probes-commands';
import { registerRouteCommands } from './route-commands';
import { registerSilenceCommands } from './silence-commands';

/**
 * `msp-ops`: every command group on one program. Errors throw (exitOverride) instead of exiting, so
 * run-cli decides the exit code and closes the clients; `--json` is global and shown in every help.
 */
export function buildProgram(session: CliSession): Command {
  const program = new Command('msp-ops')
    .description(
      'Operate the MSP pipeline across all orgs. Locally (npm start defaults): FIRESTORE_EMULATOR_HOST=127.0.0.1:8086 PUBSUB_EMULATOR_HOST=127.0.0.1:8085 SECRET_MANAGER_LOCAL_ENDPOINT=127.0.0.1:8071. In Google Cloud: GOOGLE_CLOUD_PROJECT=<project> with Application Default Credentials (gcloud auth application-default login).',
    )
    .option('--json', 'print one JSON document on stdout instead of tables')
    .configureHelp({ showGlobalOptions: true })
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({ writeOut: session.io.out, writeErr: session.io.err })
    .exitOverride();
  const org = registerOrgCommands(program, session);
  registerOrgCredentialCommands(org, session);
  registerRouteCommands(program, session);
  registerSilenceCommands(program, session);
  registerHostsCommands(program, session);
  registerAlertsCommands(program, session);
  registerAuditCommands(program, session);
  registerMonitorsCommands(program, session);
  registerProbesCommands(program, session);
  registerCdnCommands(program, session);
  registerDeadLetterCommands(program, session);
  registerConsoleCommands(program, session);
  return program;
}
