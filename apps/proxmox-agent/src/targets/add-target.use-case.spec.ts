import { InMemoryEventOutbox, sealSecret } from '@proxmox-mpc/bus';
import { Subjects, type Origin } from '@proxmox-mpc/contracts';
import { InMemoryTransactions } from '@proxmox-mpc/persistence';
import { DEFAULT_SIM_TOKEN, PveSimulator } from '@proxmox-mpc/pve-sim';
import { FakeClock } from '@proxmox-mpc/service-runtime';
import { testLogger } from '../__tests__/simulated-cluster';
import { AddTargetUseCase, type AddTarget } from './add-target.use-case';
import { InMemoryConnectedTargetStore } from './in-memory-connected-target.store';
import { ListTargetsUseCase } from './list-targets.use-case';
import { LoadConnectedTargetsUseCase } from './load-connected-targets.use-case';
import { TargetRegistry } from './target-registry';
import { TargetSecrets } from './target-secrets';

const MASTER_KEY = 'a-master-key-for-the-agent-of-at-least-32-chars';
const operator: Origin = {
  correlationId: 'console:init',
  causationId: 'command-1',
  actor: { kind: 'operator', id: 'operator:alice' },
};

describe(AddTargetUseCase.name, () => {
  let simulator: PveSimulator;
  let store: InMemoryConnectedTargetStore;
  let registry: TargetRegistry;
  let secrets: TargetSecrets;
  let outbox: InMemoryEventOutbox;
  let sut: AddTargetUseCase;

  const request = (changes: Partial<AddTarget> = {}): AddTarget => ({
    name: 'lab',
    url: simulator.url,
    tokenId: DEFAULT_SIM_TOKEN.tokenId,
    sealedTokenSecret: sealSecret(secrets.sealingKey as string, DEFAULT_SIM_TOKEN.secret),
    origin: operator,
    ...changes,
  });

  beforeAll(async () => {
    simulator = new PveSimulator({ scenario: 'homelab' });
    await simulator.start(0, '127.0.0.1');
  });

  afterAll(async () => {
    await simulator.stop();
  });

  beforeEach(() => {
    store = new InMemoryConnectedTargetStore();
    registry = new TargetRegistry([], testLogger);
    secrets = new TargetSecrets(MASTER_KEY);
    outbox = new InMemoryEventOutbox('proxmox-agent');
    sut = new AddTargetUseCase(
      store,
      registry,
      secrets,
      new InMemoryTransactions(),
      outbox,
      new FakeClock(),
      testLogger,
    );
  });

  afterEach(async () => {
    await registry.close();
  });

  it('should check the cluster, keep the secret encrypted, announce it and manage it', async () => {
    const added = await sut.execute(request());

    expect(added).toEqual({
      name: 'lab',
      url: simulator.url,
      tokenId: DEFAULT_SIM_TOKEN.tokenId,
      version: expect.stringMatching(/^9\./),
      nodes: ['pve1', 'pve2', 'pve3'],
      insecureTls: false,
      customCa: false,
    });
    expect(store.rows).toHaveLength(1);
    expect(JSON.stringify(store.rows)).not.toContain(DEFAULT_SIM_TOKEN.secret);
    expect(secrets.decrypt(store.rows[0]?.tokenSecretEncrypted as string)).toBe(DEFAULT_SIM_TOKEN.secret);
    expect(outbox.dataOf(Subjects.proxmoxTargetAdded)).toEqual([added]);
    expect(outbox.added[0]?.envelope).toMatchObject({ causationId: 'command-1' });
    expect(JSON.stringify(outbox.added)).not.toContain(DEFAULT_SIM_TOKEN.secret);
    expect((await registry.resolve('lab').client.version()).version).toBe(added.version);
  });

  it('should manage the cluster before its announcement goes out, for whoever acts on it next', async () => {
    let managedWhenSent: boolean | undefined;
    jest.spyOn(outbox, 'flush').mockImplementation(async () => {
      managedWhenSent = registry.has('lab');
    });

    await sut.execute(request());

    expect(managedWhenSent).toBe(true);
  });

  it('should save nothing when Proxmox refuses the token, quoting Proxmox', async () => {
    const wrong = request({ sealedTokenSecret: sealSecret(secrets.sealingKey as string, 'not-the-secret') });

    await expect(sut.execute(wrong)).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
      retryable: false,
      message: expect.stringContaining(`${simulator.url} did not pass the check with token root@pam!mpc`),
    });
    expect(store.rows).toEqual([]);
    expect(outbox.added).toEqual([]);
    expect(registry.has('lab')).toBe(false);
  });

  it('should save nothing when the cluster cannot be reached', async () => {
    await expect(sut.execute(request({ url: 'http://127.0.0.1:9' }))).rejects.toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      retryable: false,
    });
    expect(store.rows).toEqual([]);
  });

  it('should refuse a name that is managed already', async () => {
    await sut.execute(request());

    await expect(sut.execute(request())).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'a cluster named "lab" is managed already',
    });
  });

  it('should refuse anyone but an operator', async () => {
    await expect(
      sut.execute(request({ origin: { ...operator, actor: { kind: 'agent', id: 'token:agent' } } })),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('should refuse a secret sealed for another key, and work without a key only for configured clusters', async () => {
    const other = new TargetSecrets('another-master-key-of-at-least-32-characters');
    await expect(
      sut.execute(request({ sealedTokenSecret: sealSecret(other.sealingKey as string, 'x') })),
    ).rejects.toMatchObject({
      code: 'INVALID_MESSAGE',
      message: expect.stringContaining('sealedTokenSecret'),
    });

    const keyless = new AddTargetUseCase(
      store,
      registry,
      new TargetSecrets(undefined),
      new InMemoryTransactions(),
      outbox,
      new FakeClock(),
      testLogger,
    );
    await expect(keyless.execute(request())).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringContaining('PVE_SECRETS_KEY'),
    });
  });

  it('should list it as connected from the console, and load it on another replica', async () => {
    await sut.execute(request());

    const listed = await new ListTargetsUseCase(registry, store, secrets).execute();
    expect(listed).toEqual({
      targets: [
        {
          name: 'lab',
          url: simulator.url,
          login: DEFAULT_SIM_TOKEN.tokenId,
          source: 'console',
          insecureTls: false,
          customCa: false,
          addedAt: expect.any(String),
          addedBy: 'operator:alice',
        },
      ],
      sealingKey: secrets.sealingKey,
    });

    const replica = new TargetRegistry([], testLogger);
    try {
      const loaded = await new LoadConnectedTargetsUseCase(store, replica, secrets, testLogger).execute();
      expect(loaded).toEqual(['lab']);
      expect((await replica.resolve('lab').client.version()).version).toMatch(/^9\./);
    } finally {
      await replica.close();
    }
  });
});
