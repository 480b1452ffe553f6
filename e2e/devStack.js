/* eslint-disable no-console */
// Starts `npm start` (app dev server on :3000, backend on :7007) in its own
// process group, and waits until both answer. Refuses to run against a stack
// somebody else started, so a test never passes on stale code.
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const APP = 'http://localhost:3000';
const HEALTH = 'http://localhost:7007/api/istio-mesh/health';
const LOG = path.join(root, 'e2e-test-report', 'dev-stack.log');

async function answers(url) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return response.ok;
  } catch {
    return false;
  }
}

module.exports = async function startDevStack() {
  if ((await answers(APP)) || (await answers(HEALTH))) {
    throw new Error(
      'Ports 3000/7007 are already in use; stop the running stack first.',
    );
  }
  fs.mkdirSync(path.dirname(LOG), { recursive: true });
  const log = fs.openSync(LOG, 'w');
  const child = spawn('npm', ['start'], {
    cwd: root,
    detached: true,
    stdio: ['ignore', log, log],
    env: { ...process.env, NODE_ENV: 'development', BROWSER: 'none' },
  });
  globalThis.__DEV_STACK_PID__ = child.pid;
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`npm start exited with ${child.exitCode}; see ${LOG}`);
    }
    if ((await answers(APP)) && (await answers(HEALTH))) {
      return;
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(`The dev stack did not come up in 5 minutes; see ${LOG}`);
};
