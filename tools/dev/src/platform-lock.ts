import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isProcessAlive } from '@proxmox-mpc/testing';

/**
 * One `npm start` per data folder: a second one would share the first one's JetStream
 * store and PostgreSQL cluster. The lock holds the pid; a lock whose process is gone (it
 * was killed) is taken over. Returns the release function.
 */
export function takePlatformLock(dataDir: string): () => void {
  const lock = join(dataDir, 'npm-start.pid');
  for (;;) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      return () => rmSync(lock, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(lock, 'utf8'));
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isProcessAlive(holder)) {
        throw new Error(
          `another npm start (pid ${holder}) is running the platform in ${dataDir}; stop it first, ` +
            'or set MPC_DATA_DIR to another folder to run a second platform beside it',
        );
      }
      rmSync(lock, { force: true });
    }
  }
}
