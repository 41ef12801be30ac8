import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { freePort } from './free-port';
import { pollUntil } from './poll';
import { serviceCommand } from './service-process';
import { startTestInfrastructure, type TestInfrastructure } from './test-infrastructure';

describe(serviceCommand.name, () => {
  let infrastructure: TestInfrastructure;

  beforeAll(async () => {
    infrastructure = await startTestInfrastructure();
  });

  afterAll(async () => {
    await infrastructure?.stop();
  });

  it('should run a service started on its own with stdin from /dev/null, and stop it on SIGTERM', async () => {
    // As nohup, systemd or `&` start it, with the environment copied from a harness-started one.
    const port = await freePort();
    const { command, args } = serviceCommand('rag');
    const service = spawn(command, args, {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: {
        ...process.env,
        NATS_URL: infrastructure.natsUrl,
        DATABASE_URL: infrastructure.databaseUrl,
        HTTP_PORT: String(port),
        LOG_LEVEL: 'warn',
        MPC_STOP_WITH_PARENT: '1',
      },
    });
    let stderr = '';
    service.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const exited = once(service, 'exit');
    try {
      const status = await pollUntil(
        () =>
          fetch(`http://127.0.0.1:${port}/health`).then(
            (response) => response.status,
            () => 0,
          ),
        (code) => code === 200 || service.exitCode !== null,
        60_000,
      );
      expect({ status, stderr }).toEqual({ status: 200, stderr: '' });
    } finally {
      service.kill('SIGTERM');
    }
    const [code] = await exited;
    expect(code).toBe(0);
  });
});
