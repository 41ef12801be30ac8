import { join } from 'node:path';
import { ManagedProcess, repoRoot } from '@proxmox-mpc/testing';

/** The bare MCP SDK echo server (echo-server.ts) as a process of its own, like mcp-edge. */
export class EchoFloor {
  private constructor(
    private readonly process: ManagedProcess,
    /** Its Streamable HTTP endpoint. */
    readonly url: string,
  ) {}

  static async start(): Promise<EchoFloor> {
    const listening = /echo floor listening on (\d+)/;
    const started = await ManagedProcess.start({
      name: 'echo-floor',
      command: process.execPath,
      args: [
        '-r',
        join(repoRoot(), 'tools', 'runtime', 'stop-with-parent.cjs'),
        join(repoRoot(), 'dist', 'tools', 'bench', 'src', 'echo-server.js'),
      ],
      ready: listening,
    });
    const [, port] = await started.waitFor(listening, 0);
    return new EchoFloor(started, `http://127.0.0.1:${port}/mcp`);
  }

  get pid(): number | undefined {
    return this.process.pid;
  }

  async stop(): Promise<void> {
    await this.process.stop();
  }
}
