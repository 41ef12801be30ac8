import type { Client } from '@modelcontextprotocol/client';
import { InProcessPlatform, operationOf, textOf, type ToolResult } from './in-process-platform';

/** Proxmox failing, hanging or partly down: clear answers through MCP, never a hang. */
describe('faults', () => {
  let platform: InProcessPlatform;
  let client: Client;

  beforeAll(async () => {
    platform = await InProcessPlatform.start({
      agentEnv: {
        PVE_TIMEOUT_MS: '400',
        PVE_CIRCUIT_FAILURE_THRESHOLD: '4',
        PVE_CIRCUIT_COOLDOWN_MS: '1500',
      },
      edgeEnv: { MCP_APPROVAL_POLICY: '{"*": []}' },
    });
    client = await platform.client();
  });

  // A test's failures count towards the circuit breaker; the next test starts once it has closed again.
  afterEach(async () => {
    platform.simulator.faults.reset();
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && (await call('get_guest', { guest: someVm()?.vmid })).isError) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  });

  afterAll(async () => {
    await client?.close();
    await platform?.stop();
  });

  const call = async (name: string, args: Record<string, unknown> = {}) =>
    (await client.callTool({ name, arguments: args })) as ToolResult;
  const someVm = () =>
    platform.simulator.state.guests().find((guest) => guest.type === 'qemu' && !guest.config.template);

  it('should turn Proxmox server errors into a clear tool error', async () => {
    platform.simulator.faults.configure({ errorRate: 1, errorStatuses: [500], pathPattern: '/config$' });
    const result = await call('get_guest', { guest: someVm()?.vmid });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/GET \/nodes\/\{node\}\/qemu\/\{vmid\}\/config|config/);
    expect(textOf(result)).toMatch(/\[(UPSTREAM_ERROR|UPSTREAM_UNAVAILABLE)\]/);
  });

  it('should answer a hanging Proxmox call with a timeout error instead of waiting', async () => {
    platform.simulator.faults.configure({ hangRate: 1, pathPattern: '/config$' });
    const result = await call('get_guest', { guest: someVm()?.vmid });
    expect(result.isError).toBe(true);
    // The background sync's reads hang too, so the circuit may open first; either way the
    // caller learns why at once instead of waiting.
    expect(textOf(result)).toMatch(/timed out|TIMEOUT|circuit .* is open after \d+ consecutive failures/i);
  });

  it('should fail an operation whose Proxmox calls keep failing, after retries, and say why', async () => {
    const vm = platform.simulator.state
      .guests()
      .find((guest) => guest.type === 'qemu' && guest.status === 'stopped' && !guest.config.template);
    platform.simulator.faults.configure({
      errorRate: 1,
      errorStatuses: [503],
      pathPattern: '/status/start$',
    });
    const result = await call('power_guest', { guest: vm?.vmid, action: 'start' });
    expect(operationOf(result)).toMatchObject({ status: 'failed', error: { code: 'UPSTREAM_UNAVAILABLE' } });
    expect(platform.simulator.state.guest(vm?.vmid as number)?.status).toBe('stopped');
  });

  it('should keep listing when a node is down, with its guests unknown', async () => {
    platform.simulator.faults.configure({ nodes: [{ node: 'pve2', kind: 'offline' }] });
    const onPve2 = platform.simulator.state.guests().filter((guest) => guest.node === 'pve2').length;
    const deadline = Date.now() + 10_000;
    let guests: Array<{ node: string; status: string }> = [];
    while (Date.now() < deadline) {
      guests = (await call('list_guests', { maxAgeSeconds: 0 })).structuredContent?.guests as typeof guests;
      if (guests.filter((guest) => guest.node === 'pve2').every((guest) => guest.status === 'unknown')) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(guests.filter((guest) => guest.node === 'pve2')).toHaveLength(onPve2);
    expect(guests.filter((guest) => guest.node === 'pve2').every((guest) => guest.status === 'unknown')).toBe(
      true,
    );
    expect(guests.some((guest) => guest.node === 'pve1' && guest.status === 'running')).toBe(true);
    const nodes = (await call('list_nodes')).structuredContent?.nodes as Array<{
      node: string;
      status: string;
    }>;
    expect(nodes.find((node) => node.node === 'pve2')?.status).toBe('offline');
  });

  it('should open the circuit after repeated failures, fail fast while open, and recover', async () => {
    platform.simulator.faults.configure({ errorRate: 1, errorStatuses: [503] });
    let opened = '';
    for (let attempt = 0; attempt < 10 && !opened; attempt += 1) {
      const text = textOf(await call('get_guest', { guest: someVm()?.vmid }));
      if (/circuit/i.test(text)) opened = text;
    }
    expect(opened).toMatch(/circuit/i);
    platform.simulator.faults.reset();
    const deadline = Date.now() + 10_000;
    let recovered: ToolResult | undefined;
    while (Date.now() < deadline) {
      recovered = await call('get_guest', { guest: someVm()?.vmid });
      if (!recovered.isError) break;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    expect(recovered?.isError).toBeFalsy();
  });
});
