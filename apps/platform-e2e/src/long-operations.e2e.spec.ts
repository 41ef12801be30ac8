import type { Client } from '@modelcontextprotocol/client';
import { DEFAULT_REQUEST_TIMEOUT_MSEC } from '@modelcontextprotocol/client';
import { loadConfig } from '@proxmox-mpc/service-runtime';
import { mcpEdgeService } from '@proxmox-mpc/mcp-edge';
import { InProcessPlatform, operationOf, textOf, type ToolResult } from './in-process-platform';

// A task that outlasts the tool's wait, as a long clone or backup does.
const TASK_MS = 4_000;
const TOOL_TIMEOUT_MS = 1_500;

/** Operations that outlast a tool call's wait answer in time, and can be followed after. */
describe('long operations', () => {
  let platform: InProcessPlatform;
  let client: Client;

  beforeAll(async () => {
    platform = await InProcessPlatform.start({
      simulator: { taskDurationsMs: { qmstart: TASK_MS } },
      edgeEnv: { MCP_APPROVAL_POLICY: '{"*": []}', MCP_TOOL_TIMEOUT_MS: String(TOOL_TIMEOUT_MS) },
    });
    // A stock SDK client: no timeout of its own, so it gives up after the SDK's default.
    client = await platform.client();
  });

  afterAll(async () => {
    await client?.close();
    await platform?.stop();
  });

  it('should wait less by default than a stock MCP client waits for an answer', () => {
    const config = loadConfig(mcpEdgeService.configSchema, {
      NATS_URL: 'nats://127.0.0.1:4222',
      DATABASE_URL: 'postgres://edge@127.0.0.1/mpc',
      MCP_BEARER_TOKEN: 'a-token-of-sixteen-characters',
    });
    // Room for the answer to travel back before the client gives up.
    expect(config.MCP_TOOL_TIMEOUT_MS).toBeLessThanOrEqual(DEFAULT_REQUEST_TIMEOUT_MSEC - 10_000);
  });

  it('should answer "still running" with the operation id, then let the caller follow it to the end', async () => {
    const vm = platform.simulator.state
      .guests()
      .find((guest) => guest.type === 'qemu' && guest.status === 'stopped' && guest.config.template !== '1');
    if (!vm) throw new Error('the homelab scenario has no stopped VM');
    const progress: string[] = [];

    const answer = (await client.callTool(
      { name: 'power_guest', arguments: { guest: vm.vmid, action: 'start' } },
      { onprogress: (update) => progress.push(String(update.message)) },
    )) as ToolResult;

    const running = operationOf(answer);
    expect(running.status).toBe('running');
    expect(textOf(answer)).toContain(`call operation_status with operation id ${running.operationId}`);
    expect(progress.length).toBeGreaterThan(0);
    let status = running.status;
    while (status === 'running') {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const followed = (await client.callTool({
        name: 'operation_status',
        arguments: { operationId: running.operationId },
      })) as ToolResult;
      status = operationOf(followed).status;
    }
    expect(status).toBe('completed');
    expect(platform.simulator.state.guest(vm.vmid)?.status).toBe('running');
  });
});
