import { MessageBus } from '@proxmox-mpc/bus';
import { Subjects, type Origin } from '@proxmox-mpc/contracts';
import { DEFAULT_SIM_TOKEN, PveSimulator } from '@proxmox-mpc/pve-sim';
import { startInProcessService, type InProcessService } from '@proxmox-mpc/service-runtime';
import { BusInventoryReader } from '@proxmox-mpc/iac/inventory-reader';
import { createLogger } from '@proxmox-mpc/telemetry';
import {
  EventRecorder,
  freePort,
  startTestInfrastructure,
  type TestInfrastructure,
} from '@proxmox-mpc/testing';
import { InventorySync } from './inventory/inventory-sync';
import { InventoryView } from './inventory/inventory-view';
import { proxmoxAgentService } from './proxmox-agent.service';

const origin: Origin = { correlationId: 'agent-spec', actor: { kind: 'operator', id: 'tester' } };
const TIMEOUT = { timeoutMs: 15_000 };

describe('proxmox-agent', () => {
  let infrastructure: TestInfrastructure;
  let simulator: PveSimulator;
  let agent: InProcessService;
  let client: MessageBus;
  let events: EventRecorder;

  const agentEnv = (overrides: Record<string, string> = {}): Record<string, string> => ({
    NATS_URL: infrastructure.natsUrl,
    DATABASE_URL: infrastructure.databaseUrl,
    PVE_URL: simulator.url,
    PVE_TOKEN_ID: DEFAULT_SIM_TOKEN.tokenId,
    PVE_TOKEN_SECRET: DEFAULT_SIM_TOKEN.secret,
    PVE_TARGET: 'homelab',
    BUS_RETRY_DELAY_MS: '20',
    ...overrides,
  });

  beforeAll(async () => {
    infrastructure = await startTestInfrastructure();
    simulator = new PveSimulator({ scenario: 'homelab', taskDurationMs: 50 });
    await simulator.start(0, '127.0.0.1');
    agent = await startInProcessService(proxmoxAgentService, agentEnv());
    client = await MessageBus.connect(
      { service: 'agent-spec', natsUrl: infrastructure.natsUrl },
      createLogger({ service: 'agent-spec', level: 'silent' }),
    );
    events = await EventRecorder.start(infrastructure.natsUrl);
  });

  afterAll(async () => {
    await events?.stop();
    await client?.close();
    await agent?.stop();
    await simulator?.stop();
    await infrastructure?.stop();
  });

  const power = (vmid: number, action: 'start' | 'stop' | 'shutdown') =>
    client.execute(Subjects.proxmoxGuestPower, { vmid, action }, origin, TIMEOUT);

  const guestWhere = (type: 'qemu' | 'lxc', status: 'running' | 'stopped') => {
    const guest = simulator.state
      .guests()
      .find(
        (candidate) => candidate.type === type && candidate.status === status && !candidate.config.template,
      );
    if (!guest) throw new Error(`no ${status} ${type} in the scenario`);
    return guest;
  };

  describe('guest listing', () => {
    it('should list every guest of the cluster', async () => {
      const reply = await client.query(Subjects.proxmoxGuestsList, {}, origin);
      expect(reply.target).toBe('homelab');
      expect(reply.guests.map((guest) => guest.vmid).sort()).toEqual(
        simulator.state
          .guests()
          .map((guest) => guest.vmid)
          .sort(),
      );
    });

    it('should filter by node, type and status', async () => {
      const reply = await client.query(
        Subjects.proxmoxGuestsList,
        { node: 'pve2', type: 'qemu', status: 'running' },
        origin,
      );
      const expected = simulator.state
        .guests()
        .filter((guest) => guest.node === 'pve2' && guest.type === 'qemu' && guest.status === 'running');
      expect(reply.guests.map((guest) => guest.vmid).sort()).toEqual(
        expected.map((guest) => guest.vmid).sort(),
      );
      expect(expected.length).toBeGreaterThan(0);
    });

    it('should map names, tags and sizes from Proxmox', async () => {
      const reply = await client.query(Subjects.proxmoxGuestsList, {}, origin);
      const template = reply.guests.find((guest) => guest.template);
      expect(template).toBeDefined();
      const tagged = reply.guests.find((guest) => guest.tags.length > 0);
      expect(tagged?.tags.every((tag) => tag.length > 0 && !tag.includes(';'))).toBe(true);
      expect(reply.guests.every((guest) => guest.memoryBytes > 0 && guest.name.length > 0)).toBe(true);
    });

    it('should export the inventory as stored when asked to, without a sync', async () => {
      const listed = await client.query(Subjects.proxmoxGuestsList, {}, origin);
      const passes = () =>
        events.messages.filter((message) => message.subject === Subjects.proxmoxInventorySynced).length;
      const before = passes();

      // maxAgeMs 0 alone would sync first: storedOnly overrides it.
      const page = await client.query(
        Subjects.proxmoxInventoryExport,
        { storedOnly: true, maxAgeMs: 0 },
        origin,
      );
      const read = await new BusInventoryReader(client).read(origin, 'homelab', 'stored');

      expect(page).toMatchObject({ source: 'inventory', syncedAt: listed.syncedAt });
      expect(read.guests.map((guest) => guest.vmid).sort()).toEqual(
        listed.guests.map((guest) => guest.vmid).sort(),
      );
      expect(read.guests.every((guest) => Object.keys(guest.config).length > 0)).toBe(true);
      expect(passes()).toBe(before);
    });

    it('should refuse a target it does not manage', async () => {
      await expect(
        client.query(Subjects.proxmoxGuestsList, {}, { ...origin, target: 'elsewhere' }),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });
  });

  // Each replica answers lists from memory (InventoryView); a change another replica
  // records must show at the next query all the same.
  describe('with two replicas', () => {
    let ownInfrastructure: TestInfrastructure;
    let answering: InProcessService;
    let writing: InProcessService | undefined;
    let bus: MessageBus;
    let inventoryEvents: EventRecorder;

    beforeAll(async () => {
      ownInfrastructure = await startTestInfrastructure();
      // No periodic passes: the only write is the one the spec makes.
      const env = {
        ...agentEnv({ PVE_SYNC_INTERVAL_MS: '3600000' }),
        NATS_URL: ownInfrastructure.natsUrl,
        DATABASE_URL: ownInfrastructure.databaseUrl,
      };
      answering = await startInProcessService(proxmoxAgentService, env);
      writing = await startInProcessService(proxmoxAgentService, env);
      bus = await MessageBus.connect(
        { service: 'agent-spec', natsUrl: ownInfrastructure.natsUrl },
        createLogger({ service: 'agent-spec', level: 'silent' }),
      );
      inventoryEvents = await EventRecorder.start(ownInfrastructure.natsUrl, 'evt.proxmox.inventory.>');
    });

    afterAll(async () => {
      await inventoryEvents?.stop();
      await bus?.close();
      await writing?.stop();
      await answering?.stop();
      await ownInfrastructure?.stop();
    });

    it('should list a change that another replica recorded at the next query', async () => {
      await bus.query(Subjects.proxmoxGuestsList, {}, origin); // waits for the first pass
      const guest = guestWhere('qemu', 'running');
      const listedBy = async (service: InProcessService) =>
        (await service.app.get(InventoryView).listGuests('homelab')).find((row) => row.vmid === guest.vmid)
          ?.status;
      expect(await listedBy(answering)).toBe('running'); // now in its memory
      guest.status = 'stopped';
      try {
        await writing?.app.get(InventorySync).syncOnce('homelab', 'full');
        await inventoryEvents.waitFor(
          (message) =>
            message.subject === Subjects.proxmoxInventoryGuestsUpdated &&
            JSON.stringify(message).includes(`"vmid":${guest.vmid}`),
        );
        await writing?.stop();
        writing = undefined;

        const reply = await bus.query(Subjects.proxmoxGuestsList, { maxAgeMs: 3_600_000 }, origin);

        expect(reply.guests.find((listed) => listed.vmid === guest.vmid)?.status).toBe('stopped');
      } finally {
        guest.status = 'running';
      }
    });
  });

  describe('power commands', () => {
    it('should start a stopped VM, follow its task and report the new status', async () => {
      const guest = guestWhere('qemu', 'stopped');
      const outcome = await power(guest.vmid, 'start');
      expect(outcome.subject).toBe(Subjects.proxmoxOperationCompleted);
      expect(outcome.envelope.data).toMatchObject({
        operation: 'power',
        vmid: guest.vmid,
        node: guest.node,
        type: 'qemu',
        status: 'running',
      });
      expect(outcome.envelope.data).toHaveProperty('upids', [
        expect.stringMatching(/^UPID:[^:]+:[0-9A-F]{8}:/),
      ]);
      expect(simulator.state.guest(guest.vmid)?.status).toBe('running');
    });

    it('should publish progress while a task runs', async () => {
      const guest = guestWhere('qemu', 'stopped');
      const outcome = await power(guest.vmid, 'start');
      const progress = events.messages.filter(
        (message) =>
          message.subject === Subjects.proxmoxOperationProgress &&
          message.envelope.causationId === outcome.envelope.causationId,
      );
      expect(progress.map((message) => (message.envelope.data as { message: string }).message)).toEqual(
        expect.arrayContaining(['start: starting', 'start: done']),
      );
    });

    it('should shut down a running container', async () => {
      const guest = guestWhere('lxc', 'running');
      const outcome = await power(guest.vmid, 'shutdown');
      expect(outcome.envelope.data).toMatchObject({ type: 'lxc', status: 'stopped' });
      expect(simulator.state.guest(guest.vmid)?.status).toBe('stopped');
    });

    it("should report Proxmox's own words when the task fails", async () => {
      const guest = guestWhere('qemu', 'running');
      const outcome = await power(guest.vmid, 'start');
      expect(outcome.subject).toBe(Subjects.proxmoxOperationFailed);
      expect(outcome.envelope.data).toMatchObject({
        code: 'TASK_FAILED',
        message: `VM ${guest.vmid} already running`,
      });
    });

    it('should report a refusal that Proxmox gives before any task starts', async () => {
      const guest = guestWhere('lxc', 'running');
      const outcome = await power(guest.vmid, 'start');
      expect(outcome.subject).toBe(Subjects.proxmoxOperationFailed);
      expect(outcome.envelope.data).toMatchObject({ code: 'CONFLICT' });
      expect((outcome.envelope.data as { message: string }).message).toContain(
        `CT ${guest.vmid} already running`,
      );
    });

    it('should say that an unknown guest does not exist', async () => {
      const outcome = await power(4242, 'stop');
      expect(outcome.envelope.data).toMatchObject({
        code: 'NOT_FOUND',
        message: expect.stringContaining('4242'),
      });
    });

    it('should run a redelivered command once', async () => {
      const guest = guestWhere('qemu', 'stopped');
      const command = client.envelope(
        Subjects.proxmoxGuestPower,
        { vmid: guest.vmid, action: 'start' },
        origin,
      );
      // Published twice without a Nats-Msg-Id: JetStream keeps both, as after a lost ack.
      await client.jetstream.publish(Subjects.proxmoxGuestPower, JSON.stringify(command));
      const isOutcome = (message: { subject: string; envelope: { causationId?: string } }) =>
        message.envelope.causationId === command.id &&
        (message.subject === Subjects.proxmoxOperationCompleted ||
          message.subject === Subjects.proxmoxOperationFailed);
      await events.waitFor(isOutcome, 15_000);
      await client.jetstream.publish(Subjects.proxmoxGuestPower, JSON.stringify(command));
      const marker = await power(4243, 'stop');
      expect(marker.subject).toBe(Subjects.proxmoxOperationFailed);
      const starts = simulator.state
        .tasks()
        .filter((task) => task.id === String(guest.vmid) && task.type === 'qmstart');
      expect(starts).toHaveLength(1);
      expect(events.messages.filter(isOutcome)).toHaveLength(1);
    });
  });

  describe('create, redelivered', () => {
    it('should make one guest, with the VMID it chose the first time', async () => {
      const command = client.envelope(
        Subjects.proxmoxGuestCreate,
        { type: 'qemu', node: 'pve1', spec: { name: 'once-only', memoryMb: 512 } },
        origin,
      );
      await client.jetstream.publish(Subjects.proxmoxGuestCreate, JSON.stringify(command));
      const first = await events.waitFor(
        (message) =>
          message.subject === Subjects.proxmoxOperationCompleted &&
          message.envelope.causationId === command.id,
        15_000,
      );
      await client.jetstream.publish(Subjects.proxmoxGuestCreate, JSON.stringify(command));
      await power(4244, 'stop');
      const named = simulator.state.guests().filter((guest) => guest.config.name === 'once-only');
      expect(named.map((guest) => guest.vmid)).toEqual([(first.envelope.data as { vmid: number }).vmid]);
    });
  });

  describe('health and metrics', () => {
    it('should report NATS, Postgres and Proxmox as reachable', async () => {
      const response = await fetch(`${agent.url}/health`);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({
        status: 'ok',
        service: 'proxmox-agent',
        checks: { nats: { ok: true }, postgres: { ok: true }, 'proxmox:homelab': { ok: true } },
      });
    });

    it('should export message and Proxmox latency metrics', async () => {
      const text = await (await fetch(`${agent.url}/metrics`)).text();
      expect(text).toMatch(
        /mpc_messages_handled_total\{subject="cmd.proxmox.guest.power",kind="command",outcome="ok"\} \d+/,
      );
      expect(text).toMatch(
        /mpc_pve_request_seconds_count\{target="homelab",method="POST",path="\/nodes\/\{node\}\/qemu\/\{vmid\}\/status\/start",status="200"\} \d+/,
      );
    });
  });

  /** A second agent on its own NATS and database: on shared ones it would be a replica of the first. */
  async function isolatedAgent(overrides: Record<string, string>) {
    const ownInfrastructure = await startTestInfrastructure();
    const service = await startInProcessService(proxmoxAgentService, {
      ...agentEnv(overrides),
      NATS_URL: ownInfrastructure.natsUrl,
      DATABASE_URL: ownInfrastructure.databaseUrl,
    });
    const bus = await MessageBus.connect(
      { service: 'agent-spec', natsUrl: ownInfrastructure.natsUrl },
      createLogger({ service: 'agent-spec', level: 'silent' }),
    );
    return {
      service,
      bus,
      async stop() {
        await bus.close();
        await service.stop();
        await ownInfrastructure.stop();
      },
    };
  }

  describe('with a wrong Proxmox token', () => {
    let misconfigured: Awaited<ReturnType<typeof isolatedAgent>>;

    beforeAll(async () => {
      misconfigured = await isolatedAgent({ PVE_TOKEN_SECRET: 'wrong-secret' });
    });

    afterAll(async () => {
      await misconfigured?.stop();
    });

    it('should answer queries with UNAUTHORIZED', async () => {
      await expect(misconfigured.bus.query(Subjects.proxmoxGuestsList, {}, origin)).rejects.toMatchObject({
        code: 'UNAUTHORIZED',
      });
    });

    it('should say in /health that Proxmox refuses it', async () => {
      const response = await fetch(`${misconfigured.service.url}/health`);
      expect(response.status).toBe(503);
      const body = (await response.json()) as { checks: Record<string, { ok: boolean; detail: string }> };
      expect(body.checks['proxmox:homelab']).toMatchObject({
        ok: false,
        detail: expect.stringMatching(/authentication failed/i),
      });
    });
  });

  describe('with Proxmox unreachable', () => {
    let stranded: Awaited<ReturnType<typeof isolatedAgent>>;

    beforeAll(async () => {
      stranded = await isolatedAgent({
        PVE_URL: `http://127.0.0.1:${await freePort()}`,
        PVE_TIMEOUT_MS: '500',
      });
    });

    afterAll(async () => {
      await stranded?.stop();
    });

    it('should retry, then give up with a failure event instead of hanging', async () => {
      const outcome = await stranded.bus.execute(
        Subjects.proxmoxGuestPower,
        { vmid: 100, action: 'start' },
        origin,
        {
          timeoutMs: 30_000,
        },
      );
      expect(outcome.subject).toBe(Subjects.busMessageFailed);
      expect(outcome.envelope.data).toMatchObject({
        reason: 'exhausted',
        code: 'UPSTREAM_UNAVAILABLE',
        deliveries: 5,
      });
    });
  });
});
