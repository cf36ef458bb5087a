import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../../../support/repo-root';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** A stack process that starts one function (the bench's no-op), prints its pid and waits. */
const parentScript = `
const { join } = require('node:path');
const { startFunctionProcess } = require(${JSON.stringify(join(REPO_ROOT, 'local', 'functions', 'function-process.ts'))});
const { freePort } = require(${JSON.stringify(join(REPO_ROOT, 'local', 'free-port.ts'))});
(async () => {
  const fn = await startFunctionProcess({
    name: 'noop',
    entryPoint: 'noop',
    source: ${JSON.stringify(join(REPO_ROOT, 'bench', 'noop-function', 'index.ts'))},
    nodeArgs: ['--import', 'tsx'],
    port: await freePort(),
    env: {},
    onLine: () => {},
  });
  console.log('child ' + fn.pid);
  setInterval(() => {}, 1000);
})();
`;

describe('local function processes', () => {
  it('end when the stack that started them is killed outright (SIGKILL), instead of holding their ports', async () => {
    const parent = spawn(process.execPath, ['--import', 'tsx', '-e', parentScript], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const [line] = (await once(createInterface({ input: parent.stdout }), 'line')) as [string];
    const pid = Number(/^child (\d+)$/.exec(line)?.[1]);
    assert.ok(Number.isInteger(pid) && alive(pid), `the function runs (${line})`);
    parent.kill('SIGKILL');
    const deadline = Date.now() + 10_000;
    while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.equal(alive(pid), false, 'the function process ended with its parent');
  });
});
