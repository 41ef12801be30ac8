import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isProcessAlive, ManagedProcess } from './managed-process';
import { repoRoot } from './repo-root';

const STOP_WITH_PARENT = join(repoRoot(), 'tools', 'runtime', 'stop-with-parent.cjs');

async function waitUntilGone(pid: number, timeoutMs: number): Promise<boolean> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(50)) {
    if (!isProcessAlive(pid)) return true;
  }
  return false;
}

describe(ManagedProcess.name, () => {
  it('should say why a process that exits before it is ready did not start', async () => {
    await expect(
      ManagedProcess.start({
        name: 'broken',
        command: process.execPath,
        args: ['-e', 'console.error("port 1 is taken"); process.exit(3)'],
        ready: /never/,
        readyTimeoutMs: 10_000,
      }),
    ).rejects.toThrow(/broken exited \(code 3\) before it was ready:\nport 1 is taken/);
  });

  it('should leave no process behind when the process that started it is killed outright', async () => {
    // A launcher (as `npm start` or a Jest worker would be) starts a service-like child
    // with the stop-with-parent hook, then dies by SIGKILL: no chance to clean up.
    const launcher = await ManagedProcess.start({
      name: 'launcher',
      command: process.execPath,
      args: [
        '-e',
        `const { spawn } = require('node:child_process');
         const child = spawn(process.execPath, ['-r', ${JSON.stringify(STOP_WITH_PARENT)}, '-e', 'setInterval(() => {}, 1000)'],
           { stdio: ['pipe', 'ignore', 'ignore'] });
         console.log('child ' + child.pid);
         setInterval(() => {}, 1000);`,
      ],
      ready: /^child \d+$/,
    });
    const [, pid] = await launcher.waitFor(/^child (\d+)$/, 1);
    const child = Number(pid);
    await sleep(200);
    expect(isProcessAlive(child)).toBe(true);

    await launcher.kill();
    const gone = await waitUntilGone(child, 10_000);
    if (!gone) process.kill(child, 'SIGKILL');
    expect(gone).toBe(true);
  });
});
