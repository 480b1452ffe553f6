// Stops the process group started by devStack.js.
module.exports = async function stopDevStack() {
  const pid = globalThis.__DEV_STACK_PID__;
  if (!pid) return;
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + 15000;
  while (Date.now() < deadline) {
    try {
      process.kill(-pid, 0);
    } catch {
      return;
    }
    await new Promise(r => setTimeout(r, 250));
  }
  process.kill(-pid, 'SIGKILL');
};
