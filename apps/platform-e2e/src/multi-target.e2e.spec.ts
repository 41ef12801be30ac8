import type { Client } from '@modelcontextprotocol/client';
import type { PveSimulator } from '@proxmox-mpc/pve-sim';
import { AGENT_TOKEN, InProcessPlatform, operationOf, textOf, type ToolResult } from './in-process-platform';
import { connectHttpClient } from './mcp-clients';

/** One agent managing two clusters (PVE_TARGETS_FILE): every call names its cluster and touches only it. */
describe('several clusters', () => {
  let platform: InProcessPlatform;
  let client: Client;
  let lab: PveSimulator;
  let edge: PveSimulator;

  beforeAll(async () => {
    platform = await InProcessPlatform.start({
      targets: ['lab', 'edge'],
      // Stopping a guest needs a human on "lab" only.
      edgeEnv: { MCP_APPROVAL_POLICY: '{"lab": ["power.stop"], "*": []}' },
    });
    lab = platform.simulators.get('lab') as PveSimulator;
    edge = platform.simulators.get('edge') as PveSimulator;
    client = await platform.client();
  });

  afterAll(async () => {
    await client?.close();
    await platform?.stop();
  });

  const call = async (name: string, args: Record<string, unknown> = {}) =>
    (await client.callTool({ name, arguments: args })) as ToolResult;
  const vmWith = (simulator: PveSimulator, status: 'running' | 'stopped') => {
    const found = simulator.state
      .guests()
      .find((guest) => guest.type === 'qemu' && guest.status === status && guest.config.template !== '1');
    if (!found) throw new Error(`the homelab scenario has a ${status} VM`);
    return found;
  };

  it('should ask which cluster when a call names none, listing the managed ones', async () => {
    const result = await call('list_guests');
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/several clusters are managed \(lab, edge\); name one as the target/);
  });

  it('should refuse a cluster the agent does not manage, naming those it does', async () => {
    const result = await call('list_nodes', { target: 'prod' });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/target "prod" is not managed by this agent \(known: lab, edge\)/);
  });

  it("should answer reads from the named cluster's own inventory", async () => {
    // The same scenario on both; a rename on one tells them apart.
    const renamed = vmWith(edge, 'stopped');
    renamed.config.name = 'only-on-edge';
    const onEdge = await call('list_guests', { target: 'edge', selector: 'only-on-edge', maxAgeSeconds: 0 });
    const onLab = await call('list_guests', { target: 'lab', selector: 'only-on-edge', maxAgeSeconds: 0 });
    expect(onEdge.structuredContent).toMatchObject({ target: 'edge', guests: [{ vmid: renamed.vmid }] });
    expect(onLab.structuredContent).toMatchObject({ target: 'lab', guests: [] });
  });

  it('should run an operation on the named cluster only', async () => {
    const vm = vmWith(lab, 'stopped');
    const result = await call('power_guest', { target: 'lab', guest: vm.vmid, action: 'start' });
    expect(operationOf(result)).toMatchObject({
      status: 'completed',
      result: { vmid: vm.vmid, status: 'running' },
    });
    expect(lab.state.guest(vm.vmid)?.status).toBe('running');
    expect(edge.state.guest(vm.vmid)?.status).toBe('stopped');

    const listed = await call('list_guests', { target: 'lab', selector: String(vm.vmid) });
    expect(listed.structuredContent).toMatchObject({ guests: [{ vmid: vm.vmid, status: 'running' }] });
  });

  it('should list the effect of an operation right after it, on the replica that ran it and on another', async () => {
    const replica = await platform.startEdgeReplica();
    const onReplica = await connectHttpClient(`${replica.url}/mcp`, AGENT_TOKEN);
    try {
      const vm = vmWith(edge, 'stopped');
      // Each mcp-edge replica keeps the agent's answer to the same list until the inventory changes.
      const statusOn = async (mcp: Client) => {
        const listed = (await mcp.callTool({
          name: 'list_guests',
          arguments: { target: 'edge', selector: String(vm.vmid) },
        })) as ToolResult;
        return (listed.structuredContent?.guests as Array<{ status: string }>).map((guest) => guest.status);
      };
      expect([await statusOn(client), await statusOn(onReplica)]).toEqual([['stopped'], ['stopped']]);

      const started = await call('power_guest', { target: 'edge', guest: vm.vmid, action: 'start' });

      expect(operationOf(started)).toMatchObject({ status: 'completed' });
      expect([await statusOn(client), await statusOn(onReplica)]).toEqual([['running'], ['running']]);
    } finally {
      await onReplica.close();
      await replica.stop();
    }
  });

  it("should apply the named cluster's approval rule", async () => {
    const onLab = vmWith(lab, 'running');
    const held = operationOf(await call('power_guest', { target: 'lab', guest: onLab.vmid, action: 'stop' }));
    expect(held.status).toBe('awaiting-approval');
    expect(lab.state.guest(onLab.vmid)?.status).toBe('running');

    const onEdge = vmWith(edge, 'running');
    const done = operationOf(
      await call('power_guest', { target: 'edge', guest: onEdge.vmid, action: 'stop' }),
    );
    expect(done.status).toBe('completed');
    expect(edge.state.guest(onEdge.vmid)?.status).toBe('stopped');
  });
});
