import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManagedProcess, pollUntil } from '@proxmox-mpc/testing';
import { Supervisor } from './supervisor';

/** A child that counts its starts in `file`, prints a line, and lives until killed. */
function counter(file: string): Promise<ManagedProcess> {
  writeFileSync(file, '0');
  return ManagedProcess.start({
    name: 'worker',
    command: process.execPath,
    args: [
      '-e',
      `const fs = require('node:fs');
       const starts = Number(fs.readFileSync(${JSON.stringify(file)}, 'utf8')) + 1;
       fs.writeFileSync(${JSON.stringify(file)}, String(starts));
       console.log('worker start ' + starts);
       setInterval(() => {}, 1000);`,
    ],
    ready: /^worker start \d+$/,
  });
}

describe(Supervisor.name, () => {
  let lines: string[];
  let gaveUp: string[];
  let sut: Supervisor;
  let worker: ManagedProcess | undefined;
  const starts = (file: string): number => Number(readFileSync(file, 'utf8'));

  beforeEach(() => {
    lines = [];
    gaveUp = [];
    sut = new Supervisor({
      say: (line) => lines.push(line),
      giveUp: (reason) => gaveUp.push(reason),
      firstDelayMs: 50,
      maxDelayMs: 200,
      maxCrashes: 3,
    });
  });

  afterEach(async () => {
    sut.stop();
    await worker?.stop();
  });

  it('should report a crash with its signal and last lines, then start the part again', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'mpc-supervisor-')), 'starts');
    worker = await counter(file);
    const firstPid = worker.pid;
    sut.watch(worker);

    await worker.kill();
    expect(
      await pollUntil(
        async () => starts(file),
        (count) => count === 2,
      ),
    ).toBe(2);

    expect(worker.pid).not.toBe(firstPid);
    expect(lines).toEqual(
      expect.arrayContaining([
        '[supervisor] worker exited (signal SIGKILL); its last lines:',
        '    worker start 1',
        expect.stringMatching(/^\[supervisor\] restarting worker in 0\.1 s$/),
      ]),
    );
    const back = `[supervisor] worker is back (pid ${worker.pid})`;
    expect(
      await pollUntil(
        async () => lines,
        (seen) => seen.includes(back),
      ),
    ).toContain(back);
    expect(gaveUp).toEqual([]);
  });

  it('should give up, once, when a part keeps crashing', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'mpc-supervisor-')), 'starts');
    worker = await counter(file);
    sut.watch(worker);

    for (let crash = 1; crash <= 4; crash += 1) {
      // Each kill waits for the previous restart to be ready.
      await pollUntil(
        async () => lines.filter((line) => line.includes('is back')).length,
        (n) => n === crash - 1,
      );
      await worker.kill();
    }
    await pollUntil(
      async () => gaveUp.length,
      (count) => count > 0,
    );

    expect(gaveUp).toEqual([expect.stringMatching(/^worker crashed 4 times in 120 s; stopping everything/)]);
    expect(starts(file)).toBe(4);
  });

  it('should not start a part again once stopping', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'mpc-supervisor-')), 'starts');
    worker = await counter(file);
    sut.watch(worker);

    sut.stop();
    await worker.stop();
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(starts(file)).toBe(1);
    expect(lines).toEqual([]);
  });
});
