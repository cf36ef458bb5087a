/**
 * Monitors as code in Cloud Build (infra/monitors.tf, cloudbuild-monitors-pr.yaml, cloudbuild-monitors.yaml):
 * the two triggers, their accounts' grants with orgs listed, and the build steps run for real under bash
 * with a stub `npx` on PATH, so the exit codes a build passes or fails on are the ones Cloud Build sees.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  block,
  expr,
  type Infra,
  type Instance,
  instances,
  isObj,
  loadCloudBuild,
  loadInfra,
  type Obj,
  parseRef,
  REPO_ROOT,
  str,
  target,
} from '../../support/infra';
import { buildImages, checkTriggers, iamGrants, type Topology } from '../../support/infra-checks';

const ORGS = ['acme', 'globex'];
const PR_CONFIG = 'cloudbuild-monitors-pr.yaml';
const MAIN_CONFIG = 'cloudbuild-monitors.yaml';
/** checkTriggers reads the infrastructure only. */
const NO_TOPOLOGY = {} as Topology;
const FIRESTORE_WRITE_ROLES = [
  'roles/datastore.user',
  'roles/datastore.owner',
  'roles/editor',
  'roles/owner',
];

/** The parsed infra with var.orgs listing ORGS (its default is empty, which expands no per-org grant). */
function withOrgs(infra: Infra): Infra {
  const copy = structuredClone(infra);
  const orgs = copy.variables.orgs;
  assert.ok(orgs, 'variable orgs is declared');
  orgs.default = ORGS;
  return copy;
}

function triggerRunning(infra: Infra, filename: string): Instance[] {
  return instances(infra, 'google_cloudbuild_trigger').filter((t) => t.body.filename === filename);
}

function accountOf(infra: Infra, t: Instance): string | undefined {
  const ref = parseRef(t.body.service_account);
  return ref?.type === 'google_service_account' ? str(target(infra, ref)?.body.account_id) : undefined;
}

/** `<role> on <scope>` of every grant the account holds. */
const grantsOf = (infra: Infra, account: string): string[] =>
  iamGrants(infra)
    .grants.filter((g) => g.principal === `sa:${account}`)
    .map((g) => `${g.role} on ${g.scope}`)
    .sort();

/** The secrets infra/secrets.tf declares for the org keys, as `secret:<id>`. */
const mackerelKeySecrets = (infra: Infra): string[] =>
  instances(infra, 'google_secret_manager_secret')
    .filter((s) => isObj(s.body.labels) && s.body.labels.purpose === 'mackerel-api-key')
    .map((s) => `secret:${String(s.body.secret_id)}`)
    .sort();

interface TriggerSpec {
  filename: string;
  event: 'pull_request' | 'push';
  account: string;
  /** Beyond the org keys and the build's logs. */
  firestore: 'roles/datastore.viewer' | 'roles/datastore.user';
}

const SPECS: TriggerSpec[] = [
  {
    filename: PR_CONFIG,
    event: 'pull_request',
    account: 'monitors-diff',
    firestore: 'roles/datastore.viewer',
  },
  { filename: MAIN_CONFIG, event: 'push', account: 'monitors-push', firestore: 'roles/datastore.user' },
];

/** What must hold of the two monitors triggers and their accounts (empty = consistent). */
function monitorsCiProblems(infra: Infra): string[] {
  const problems: string[] = [];
  const secrets = mackerelKeySecrets(infra);
  if (secrets.length === 0) problems.push('no mackerel-api-key-<org> secret (list orgs first)');
  for (const spec of SPECS) {
    const found = triggerRunning(infra, spec.filename);
    const [t] = found;
    if (found.length !== 1 || !t) {
      problems.push(`${found.length} triggers run ${spec.filename} (expected 1)`);
      continue;
    }
    const github = block(t.body.github) ?? {};
    const on = block(github[spec.event]);
    if (on?.branch !== '^main$') problems.push(`${t.address}: not on ${spec.event} to ^main$`);
    if (JSON.stringify(t.body.included_files) !== JSON.stringify(['monitors/**']))
      problems.push(`${t.address}: included_files ${JSON.stringify(t.body.included_files)}, not monitors/**`);
    if (spec.event === 'pull_request' && on?.comment_control !== 'COMMENTS_ENABLED')
      problems.push(
        `${t.address}: comment_control ${String(on?.comment_control)}; the org keys need a /gcbrun on every pull request (COMMENTS_ENABLED)`,
      );
    const account = accountOf(infra, t);
    if (account !== spec.account) {
      problems.push(`${t.address}: runs as ${String(account)}, not ${spec.account}`);
      continue;
    }
    const expected = [
      `${spec.firestore} on project`,
      'roles/logging.logWriter on project',
      ...secrets.map((s) => `roles/secretmanager.secretAccessor on ${s}`),
    ].sort();
    const held = grantsOf(infra, account);
    for (const g of held.filter((g) => !expected.includes(g)))
      problems.push(`${account} holds ${g}, beyond its org keys and ${spec.firestore}`);
    for (const g of expected.filter((g) => !held.includes(g))) problems.push(`${account} lacks ${g}`);
    const writes = held.filter((g) => FIRESTORE_WRITE_ROLES.some((r) => g.startsWith(`${r} on`)));
    if (spec.event === 'pull_request' && writes.length > 0)
      problems.push(`${account} can write Firestore (${writes.join(', ')})`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------------
// Running a build step: Cloud Build's substitution, then the step's command under a stub npx
// ---------------------------------------------------------------------------------------------------------

const SUBSTITUTIONS: Record<string, string> = { PROJECT_ID: 'demo-project', COMMIT_SHA: 'c0ffee1234' };

/** Cloud Build's substitution: `$$` is a literal `$`; `$NAME` and `${NAME}` must be known. */
function substitute(text: string): string {
  return text.replace(/\$\$|\$\{([A-Za-z_]\w*)\}|\$([A-Za-z_]\w*)/g, (whole, braced, bare) => {
    if (whole === '$$') return '$';
    const name = String(braced ?? bare);
    const value = SUBSTITUTIONS[name];
    assert.ok(value !== undefined, `${JSON.stringify(whole)} is no substitution Cloud Build knows`);
    return value;
  });
}

function stepsOf(config: Obj): Obj[] {
  return Array.isArray(config.steps) ? config.steps.filter(isObj) : [];
}

/** The step that runs `msp-ops monitors`, and its position. */
function monitorsStep(config: Obj): { step: Obj; index: number } {
  const index = stepsOf(config).findIndex((s) => JSON.stringify(s).includes('monitors'));
  const step = stepsOf(config)[index];
  assert.ok(step, 'no step runs msp-ops monitors');
  return { step, index };
}

let stubDir = '';

interface Run {
  status: number | null;
  /** What the stub npx was called with, one call a line: `GOOGLE_CLOUD_PROJECT=<value> <args>`. */
  calls: string[];
  stdout: string;
}

/** Runs the step as its image would, with `npx` exiting `npxExit`. */
function runStep(config: Obj, step: Obj, npxExit: number): Run {
  const log = join(stubDir, 'calls.log');
  rmSync(log, { force: true });
  const entrypoint = str(step.entrypoint);
  assert.ok(entrypoint, 'the step names its entrypoint');
  const args = (Array.isArray(step.args) ? step.args : []).map((a) => substitute(String(a)));
  const options = isObj(config.options) ? config.options : {};
  const env = Object.fromEntries(
    (Array.isArray(options.env) ? options.env : []).map((e) => {
      const [key, ...value] = substitute(String(e)).split('=');
      return [key, value.join('=')];
    }),
  );
  const run = spawnSync(entrypoint, args, {
    encoding: 'utf8',
    env: { PATH: `${stubDir}:${process.env.PATH ?? ''}`, STUB_EXIT: String(npxExit), STUB_LOG: log, ...env },
  });
  const calls = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [];
  return { status: run.status, calls, stdout: run.stdout };
}

/** Exit code of `npx` -> the step's exit code. */
const outcomes = (config: Obj, step: Obj, codes: number[]) =>
  Object.fromEntries(codes.map((code) => [code, runStep(config, step, code).status]));

// ---------------------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------------------

describe('monitors as code in Cloud Build: triggers, accounts and build configs', () => {
  let infra: Infra;
  let prBuild: Obj;
  let mainBuild: Obj;

  before(async () => {
    infra = withOrgs(await loadInfra());
    prBuild = loadCloudBuild(join(REPO_ROOT, PR_CONFIG));
    mainBuild = loadCloudBuild(join(REPO_ROOT, MAIN_CONFIG));
    stubDir = mkdtempSync(join(tmpdir(), 'monitors-ci-'));
    const npx = join(stubDir, 'npx');
    writeFileSync(
      npx,
      '#!/bin/sh\necho "GOOGLE_CLOUD_PROJECT=$GOOGLE_CLOUD_PROJECT $*" >> "$STUB_LOG"\nexit "$STUB_EXIT"\n',
    );
    chmodSync(npx, 0o755);
  });
  after(() => rmSync(stubDir, { recursive: true, force: true }));

  it('both triggers run their config on monitors/** as their own account, with exactly its grants', () => {
    assert.deepEqual(monitorsCiProblems(infra), []);
    assert.deepEqual(mackerelKeySecrets(infra), [
      'secret:mackerel-api-key-acme',
      'secret:mackerel-api-key-globex',
    ]);
    assert.deepEqual(grantsOf(infra, 'monitors-diff'), [
      'roles/datastore.viewer on project',
      'roles/logging.logWriter on project',
      'roles/secretmanager.secretAccessor on secret:mackerel-api-key-acme',
      'roles/secretmanager.secretAccessor on secret:mackerel-api-key-globex',
    ]);
    assert.deepEqual(grantsOf(infra, 'monitors-push'), [
      'roles/datastore.user on project',
      'roles/logging.logWriter on project',
      'roles/secretmanager.secretAccessor on secret:mackerel-api-key-acme',
      'roles/secretmanager.secretAccessor on secret:mackerel-api-key-globex',
    ]);
  });

  it('the shared trigger check admits the monitors diff (org keys, /gcbrun on every pull request)', () => {
    assert.deepEqual(checkTriggers(infra, NO_TOPOLOGY), []);
  });

  describe('mutations are caught', () => {
    const mutated = (edit: (c: Infra) => void): Infra => {
      const copy = structuredClone(infra);
      edit(copy);
      return copy;
    };
    const declaration = (c: Infra, type: string, name: string): Obj => {
      const d = c.resources[type]?.[name]?.[0];
      assert.ok(d, `${type}.${name} is declared`);
      return d;
    };
    const prTrigger = (c: Infra) => declaration(c, 'google_cloudbuild_trigger', 'monitors_pull_request');
    const caught = (problems: string[], pattern: RegExp) =>
      assert.ok(
        problems.some((p) => pattern.test(p)),
        `expected ${pattern}, got ${JSON.stringify(problems)}`,
      );

    it('comment control for outside contributors only: collaborators would run PR code with the org keys', () => {
      const old = mutated((c) => {
        const github = block(prTrigger(c).github);
        const pr = block(github?.pull_request);
        assert.ok(pr);
        pr.comment_control = 'COMMENTS_ENABLED_FOR_EXTERNAL_CONTRIBUTORS_ONLY';
      });
      caught(monitorsCiProblems(old), /needs? a \/gcbrun on every pull request/);
      caught(checkTriggers(old, NO_TOPOLOGY), /without a collaborator's \/gcbrun .*needs COMMENTS_ENABLED/);
    });

    it('the diff account able to write Firestore, or to read every secret of the project', () => {
      const writes = mutated((c) => {
        c.locals.monitors_diff_roles = ['roles/datastore.user', 'roles/logging.logWriter'];
      });
      caught(
        monitorsCiProblems(writes),
        /monitors-diff can write Firestore \(roles\/datastore\.user on project\)/,
      );
      caught(
        checkTriggers(writes, NO_TOPOLOGY),
        /holds roles\/datastore\.user on project, more than read-only/,
      );
      const everySecret = mutated((c) => {
        c.locals.monitors_diff_roles = [
          'roles/datastore.viewer',
          'roles/logging.logWriter',
          'roles/secretmanager.secretAccessor',
        ];
      });
      caught(
        monitorsCiProblems(everySecret),
        /monitors-diff holds roles\/secretmanager\.secretAccessor on project/,
      );
      caught(checkTriggers(everySecret, NO_TOPOLOGY), /secretAccessor on project, more than read-only/);
    });

    it('the push account without Firestore writes or without an org key; a trigger on every path', () => {
      const broken = mutated((c) => {
        c.locals.monitors_push_roles = ['roles/datastore.viewer', 'roles/logging.logWriter'];
        c.locals.first_org_only = ['acme'];
        declaration(c, 'google_secret_manager_secret_iam_member', 'monitors_push_mackerel_api_key').for_each =
          expr('toset(local.first_org_only)');
        delete declaration(c, 'google_cloudbuild_trigger', 'monitors_main').included_files;
      });
      const problems = monitorsCiProblems(broken);
      caught(problems, /monitors-push lacks roles\/datastore\.user on project/);
      caught(
        problems,
        /monitors-push lacks roles\/secretmanager\.secretAccessor on secret:mackerel-api-key-globex/,
      );
      caught(problems, /monitors_main.*included_files undefined, not monitors\/\*\*/);
    });

    it('the diff run as the push account (it could write plans from an unmerged pull request)', () => {
      const shared = mutated((c) => {
        prTrigger(c).service_account = expr('google_service_account.monitors_push.id');
      });
      caught(monitorsCiProblems(shared), /runs as monitors-push, not monitors-diff/);
      caught(checkTriggers(shared, NO_TOPOLOGY), /shares its account monitors-push with a push trigger/);
    });
  });

  describe('the build configs', () => {
    it('run as the trigger set them: Cloud Logging only, the project for the CLI, no account of their own', () => {
      const nodeImages = buildImages(loadCloudBuild()).filter((i) => i.startsWith('node:'));
      for (const config of [prBuild, mainBuild]) {
        const options = isObj(config.options) ? config.options : {};
        assert.equal(options.logging, 'CLOUD_LOGGING_ONLY');
        assert.deepEqual(options.env, ['GOOGLE_CLOUD_PROJECT=$PROJECT_ID']);
        assert.equal('serviceAccount' in config, false);
        assert.match(String(config.timeout), /^\d+s$/);
        // The Node image the other builds test on (infra-consistency holds that to the runtime).
        assert.deepEqual(buildImages(config), nodeImages);
        const [install] = stepsOf(config);
        assert.equal(install?.entrypoint, 'npm');
        assert.deepEqual(install?.args, ['ci', '--no-audit', '--no-fund']);
        assert.ok(monitorsStep(config).index > 0, 'npm ci runs before the CLI');
      }
    });

    it(`${PR_CONFIG}: runs diff --all --exit-code and passes on exit 0 and 3 only`, () => {
      const { step } = monitorsStep(prBuild);
      const run = runStep(prBuild, step, 3);
      assert.deepEqual(run.calls, [
        'GOOGLE_CLOUD_PROJECT=demo-project msp-ops monitors diff --all --exit-code',
      ]);
      assert.match(run.stdout, /merging pushes the changes above/);
      assert.deepEqual(outcomes(prBuild, step, [0, 1, 2, 3]), { 0: 0, 1: 1, 2: 2, 3: 0 });
      assert.doesNotMatch(JSON.stringify(prBuild.steps), /monitors push|--prune/);
    });

    it(`${MAIN_CONFIG}: runs push --all --revision $COMMIT_SHA, never --prune, and fails when an org failed`, () => {
      const { step } = monitorsStep(mainBuild);
      const run = runStep(mainBuild, step, 0);
      assert.deepEqual(run.calls, [
        'GOOGLE_CLOUD_PROJECT=demo-project msp-ops monitors push --all --revision c0ffee1234',
      ]);
      assert.deepEqual(outcomes(mainBuild, step, [0, 1, 2]), { 0: 0, 1: 1, 2: 2 });
      assert.doesNotMatch(JSON.stringify(mainBuild.steps), /--prune/);
    });

    it('catches a diff step that fails on changes, one that hides failures, and a bare $ Cloud Build would eat', () => {
      const plain = { entrypoint: 'npx', args: ['msp-ops', 'monitors', 'diff', '--all', '--exit-code'] };
      assert.equal(outcomes(prBuild, plain, [3])[3], 3);
      const hiding = {
        entrypoint: 'bash',
        args: ['-c', 'npx msp-ops monitors diff --all --exit-code || true'],
      };
      assert.equal(outcomes(prBuild, hiding, [1])[1], 0);
      assert.throws(() => substitute('exit $status'), /"\$status" is no substitution/);
    });
  });
});
