import { type Command, Option } from 'commander';
import { z } from 'zod';
import { firestoreConsoleUsers } from '../shared/console/auth/adapters/firestore-console-users';
import { CONSOLE_ROLES, consoleUserIdOf, consoleUserSchema } from '../shared/console/auth/console-role';
import { rebuildConsoleIndexes } from '../shared/console/read/adapters/rebuild-console-indexes';
import { orgNameSchema } from '../shared/kernel/org-name';
import { jstText } from '../shared/kernel/time/jst-format';
import { firestoreOrgs } from '../shared/orgs/adapters/firestore-orgs';
import type { CliSession } from './cli-session';
import { action, type Report, validInput } from './command-runner';
import { textTable } from './text-table';

/** `--email`, stored and compared lower-case (IAP and people type the same address in different cases). */
const emailSchema = z.string().transform(consoleUserIdOf).pipe(consoleUserSchema.shape.email);

const grantInput = z.object({
  email: emailSchema,
  role: consoleUserSchema.shape.role,
  by: z.string().trim().min(1),
});

/** Grants a role, or changes the one a person has; granting the role they have already writes nothing. */
async function grantRole(session: CliSession, input: z.infer<typeof grantInput>): Promise<Report> {
  const user = validInput(
    consoleUserSchema,
    { email: input.email, role: input.role, grantedBy: input.by, grantedAt: session.now().toISOString() },
    'console user',
  );
  const users = firestoreConsoleUsers(session.firestore());
  const previous = await users.get(user.email);
  if (previous?.role === user.role) {
    return {
      json: { ...previous, previousRole: previous.role, changed: false },
      text: `${user.email} is ${user.role} already (granted by ${previous.grantedBy}, ${jstText(previous.grantedAt)}).`,
    };
  }
  await users.put(user);
  return {
    json: { ...user, previousRole: previous?.role ?? null, changed: true },
    text: previous
      ? `Changed ${user.email}'s console role: ${previous.role} -> ${user.role}.`
      : `Granted ${user.email} the console role ${user.role}.`,
  };
}

async function revokeRole(session: CliSession, email: string): Promise<Report> {
  const users = firestoreConsoleUsers(session.firestore());
  const previous = await users.get(email);
  if (!(await users.remove(email))) throw new Error(`no console user ${email}; see \`console users\``);
  return {
    json: { email, previousRole: previous?.role ?? null, removed: true },
    text: `Revoked ${email}'s console access${previous ? ` (was ${previous.role})` : ''}.`,
  };
}

async function listUsers(session: CliSession): Promise<Report> {
  const users = (await firestoreConsoleUsers(session.firestore()).list()).sort((a, b) =>
    a.email.localeCompare(b.email),
  );
  const rows = users.map((u) => [u.email, u.role, u.grantedBy, jstText(u.grantedAt)]);
  return { json: users, text: textTable(['EMAIL', 'ROLE', 'GRANTED BY', 'GRANTED'], rows) };
}

async function reindex(session: CliSession, org: string | undefined): Promise<Report> {
  const db = session.firestore();
  const orgs = org === undefined ? (await firestoreOrgs(db).list()).map((o) => o.name) : [org];
  if (org !== undefined && (await firestoreOrgs(db).get(org)) === undefined) {
    throw new Error(`no org ${org}; see \`orgs list\``);
  }
  const rebuilt = await rebuildConsoleIndexes(db, orgs);
  const rows = rebuilt.map((r) => [
    r.org,
    String(r.openAlertsWritten),
    String(r.staleEntriesDeleted),
    r.auditSummaryWritten ? 'yes' : 'not audited yet',
  ]);
  return {
    json: rebuilt,
    text: textTable(['ORG', 'OPEN ALERTS', 'STALE ENTRIES DELETED', 'AUDIT SUMMARY'], rows),
  };
}

export function registerConsoleCommands(program: Command, session: CliSession): void {
  const consoleGroup = program.command('console').description('console access: who may use it, as what');
  consoleGroup
    .command('grant')
    .description(
      'grant a person a console role, or change the one they have (it applies to their next request)',
    )
    .requiredOption('--email <address>', 'their Google address, as IAP identifies them (any case)')
    .addOption(
      new Option('--role <role>', 'viewer reads every page; operator may also change silences')
        .choices(CONSOLE_ROLES)
        .makeOptionMandatory(),
    )
    .requiredOption('--by <who>', 'who granted it')
    .action(action(session, grantInput, (input) => grantRole(session, input)));
  consoleGroup
    .command('revoke')
    .description('remove a person from the console (their next request is refused)')
    .requiredOption('--email <address>', 'their address (any case)')
    .action(action(session, z.object({ email: emailSchema }), ({ email }) => revokeRole(session, email)));
  consoleGroup
    .command('users')
    .description('everyone who may use the console, with their role, by address')
    .action(action(session, z.object({}), () => listUsers(session)));
  consoleGroup
    .command('reindex')
    .description(
      "rebuild the console's open-alert index and audit summaries from each org's state (after upgrading)",
    )
    .option('--org <name>', 'one org only')
    .action(action(session, z.object({ org: orgNameSchema.optional() }), ({ org }) => reindex(session, org)));
}
