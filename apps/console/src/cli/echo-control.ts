import { Writable } from 'node:stream';
import type { OutputStream } from './terminal';

/**
 * stdout for readline, muted while a secret is typed (readline echoes every key through
 * its output). The rest of the console writes to stdout directly.
 */
export class EchoControl extends Writable {
  muted = false;

  constructor(private readonly target: OutputStream) {
    super();
    const resize = () => this.emit('resize');
    (target as NodeJS.WriteStream).on?.('resize', resize);
  }

  get isTTY(): boolean {
    return Boolean(this.target.isTTY);
  }

  get columns(): number | undefined {
    return this.target.columns;
  }

  get rows(): number | undefined {
    return this.target.rows;
  }

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    if (!this.muted) this.target.write(chunk);
    callback();
  }
}
