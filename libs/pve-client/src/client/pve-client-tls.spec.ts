import { spawnSync } from 'node:child_process';
import {
  DEFAULT_SIM_TOKEN,
  PveSimulator,
  generateSelfSignedCertificate,
  type TlsCertificate,
} from '../__tests__/simulator';
import { PveClient } from './pve-client';
import type { PveClientOptions } from './pve-client-options';

describe(`${PveClient.name} TLS`, () => {
  let certificate: TlsCertificate | undefined;
  let simulator: PveSimulator | undefined;
  let options: PveClientOptions;

  beforeAll(async () => {
    if (spawnSync('openssl', ['version']).error) return;
    certificate = await generateSelfSignedCertificate(['127.0.0.1', 'localhost']);
    simulator = new PveSimulator({ tls: certificate });
    const baseUrl = await simulator.start();
    options = {
      baseUrl,
      tokenId: DEFAULT_SIM_TOKEN.tokenId,
      tokenSecret: DEFAULT_SIM_TOKEN.secret,
      retries: 0,
    };
  });

  afterAll(() => simulator?.stop());

  async function withClient<T>(
    extra: Partial<PveClientOptions>,
    use: (client: PveClient) => Promise<T>,
  ): Promise<T> {
    const client = new PveClient({ ...options, ...extra });
    try {
      return await use(client);
    } finally {
      await client.close();
    }
  }

  // Without openssl no certificate can be made here; these tests then report why they did not run.
  const tlsIt = (name: string, body: () => Promise<void>) =>
    it(name, async () => {
      if (!certificate) {
        console.warn(`skipped "${name}": no openssl binary on the PATH to create a test certificate`);
        return;
      }
      await body();
    });

  tlsIt('should reject a self-signed certificate by default with code TLS', async () => {
    await withClient({}, (client) =>
      expect(client.version()).rejects.toMatchObject({ code: 'TLS', retryable: false }),
    );
  });

  tlsIt('should accept the certificate when its CA is given as caPem', async () => {
    await withClient({ caPem: certificate?.cert ?? '' }, (client) =>
      expect(client.version()).resolves.toMatchObject({ version: '9.2.3' }),
    );
  });

  tlsIt('should accept any certificate with insecureTls', async () => {
    await withClient({ insecureTls: true }, (client) =>
      expect(client.version()).resolves.toMatchObject({ version: '9.2.3' }),
    );
  });

  tlsIt('should not retry a TLS failure', async () => {
    const attempts: unknown[] = [];
    await withClient(
      { retries: 2, onRequest: (observation) => attempts.push(observation) },
      async (client) => {
        await expect(client.nodes()).rejects.toMatchObject({ code: 'TLS' });
      },
    );

    expect(attempts).toHaveLength(1);
  });
});
