import { randomUUID } from 'node:crypto';
import type { Client } from '@modelcontextprotocol/client';
import {
  startPlatform,
  startTestInfrastructure,
  type RunningNats,
  type RunningPlatform,
  type TestInfrastructure,
} from '@proxmox-mpc/testing';
import { auditRowsFor } from './audit-rows';
import { connectHttpClient } from './mcp-clients';

const TOKEN = `e2e-${randomUUID()}`;
const CORRELATION_META = 'dev.proxmox-mpc/correlation-id';
// How long NATS stays away after the calls were answered: longer than a JetStream publish
// waits for its acknowledgement (5 s), so a record sent straight to the bus would be lost.
const AFTER_ANSWERS_MS = 6_000;
const SLOW_START_MS = 10_000;

interface ToolResult {
  isError?: boolean;
  content: Array<{ type: string; text?: string }>;
  structuredContent?: Record<string, unknown>;
  _meta?: Record<string, unknown>;
}

const textOf = (result: ToolResult): string => result.content.map((block) => block.text ?? '').join('\n');
const correlationOf = (result: ToolResult): string => String(result._meta?.[CORRELATION_META]);

/**
 * The platform as separate processes while its parts fail: NATS goes away and comes
 * back, an agent dies in the middle of an operation. Nothing recorded is lost, nothing is
 * done twice, and every call is answered, within its deadline, saying what was wrong.
 */
describe('outages', () => {
  let infrastructure: TestInfrastructure;
  let nats: RunningNats;
  let platform: RunningPlatform;
  let client: Client;

  beforeAll(async () => {
    infrastructure = await startTestInfrastructure();
    if (!infrastructure.nats) throw new Error('outage tests need a nats-server of their own: unset NATS_URL');
    nats = infrastructure.nats;
    platform = await startPlatform({
      natsUrl: infrastructure.natsUrl,
      databaseUrl: infrastructure.databaseUrl,
      ports: 'free',
      mcpToken: TOKEN,
      simulator: { taskDurationMs: 50, taskDurationsMs: { qmstart: SLOW_START_MS } },
      env: { LOG_LEVEL: 'warn', MCP_TOOL_TIMEOUT_MS: '40000' },
    });
    client = await connectHttpClient(platform.mcpUrl, TOKEN);
  });

  afterAll(async () => {
    await client?.close();
    await platform?.stop();
    await infrastructure?.stop();
  });

  const call = async (name: string, args: Record<string, unknown>): Promise<ToolResult> =>
    (await client.callTool({ name, arguments: args })) as ToolResult;

  it('should record every tool call answered while NATS is away, once it is back', async () => {
    await nats.process.stop();
    // Each waits out its query deadline for the bus, then is refused saying so.
    const results = await Promise.all([1, 2, 3].map(() => call('list_guests', { maxAgeSeconds: 3600 })));
    await new Promise((resolve) => setTimeout(resolve, AFTER_ANSWERS_MS));
    await nats.process.restart();

    for (const result of results) {
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/message bus \(NATS\) was unreachable.*\[BUS_UNAVAILABLE\]/);
      const rows = await auditRowsFor(
        infrastructure.databaseUrl,
        { correlationId: correlationOf(result) },
        (found) => found.some((row) => row.subject === 'evt.mcp.tool.called'),
        30_000,
      );
      expect(rows.filter((row) => row.subject === 'evt.mcp.tool.called')).toHaveLength(1);
    }
  });

  it('should answer a query sent during a NATS restart instead of failing it', async () => {
    await nats.process.stop();
    const pending = call('list_guests', { maxAgeSeconds: 3600 });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await nats.process.restart();

    const result = await pending;
    expect(textOf(result)).not.toMatch(/\[(BUS_UNAVAILABLE|UPSTREAM_UNAVAILABLE|TIMEOUT)\]/);
    expect((result.structuredContent?.guests as unknown[]).length).toBeGreaterThan(0);
  });

  it('should let a new agent finish an operation whose agent died, starting its task once', async () => {
    const simulator = platform.simulator;
    const vm = simulator?.state
      .guests()
      .find((guest) => guest.type === 'qemu' && guest.status === 'stopped' && guest.config.template !== '1');
    if (!simulator || !vm) throw new Error('the homelab scenario has no stopped VM');
    const agent = platform.processes.get('proxmox-agent');
    const starts = (): number =>
      simulator.state.tasks().filter((task) => task.type === 'qmstart' && task.id === String(vm.vmid)).length;

    const pending = call('power_guest', { guest: vm.vmid, action: 'start' });
    while (starts() === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    await agent?.kill();
    await agent?.restart();
    const result = await pending;

    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ status: 'completed' });
    expect(starts()).toBe(1);
    expect(simulator.state.guest(vm.vmid)?.status).toBe('running');
  });
});
