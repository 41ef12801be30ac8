// A process the test harness or `npm start` launched (ManagedProcess sets
// MPC_STOP_WITH_PARENT) has its stdin piped from that parent. When the parent dies,
// even by SIGKILL, the pipe closes: the process then stops as on SIGTERM, cleanly,
// instead of living on with ports and data folders held. Started any other way (stdin
// from /dev/null under nohup or systemd, or a terminal) there is no parent to watch.
const { fstatSync } = require('node:fs');

function stdinIsPipe() {
  try {
    const stdin = fstatSync(0);
    return stdin.isFIFO() || stdin.isSocket();
  } catch {
    return false; // stdin closed outright
  }
}

if (process.env.MPC_STOP_WITH_PARENT === '1' && stdinIsPipe()) {
  process.stdin.on('close', () => process.kill(process.pid, 'SIGTERM'));
  process.stdin.resume();
  // Watching the pipe must not keep a process alive that has finished its work.
  process.stdin.unref();
}
