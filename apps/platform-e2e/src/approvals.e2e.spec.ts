import type { Client } from '@modelcontextprotocol/client';
import {
  ADMIN_TOKEN,
  AGENT_TOKEN,
  InProcessPlatform,
  operationOf,
  textOf,
  type ToolResult,
} from './in-process-platform';

const SELF_APPROVER = 'self-approver-token-for-tests';

/** A human's yes before stop, delete, rollback, restore-over and migrate — never the agent's own. */
describe('approvals', () => {
  let platform: InProcessPlatform;
  let agent: Client;

  beforeAll(async () => {
    platform = await InProcessPlatform.start({
      tokens: [{ name: 'self-approver', token: SELF_APPROVER, scopes: ['admin'] }],
    });
    agent = await platform.client();
  });

  afterAll(async () => {
    await agent?.close();
    await platform?.stop();
  });

  const runningVm = () => {
    const guest = platform.simulator.state
      .guests()
      .find(
        (candidate) =>
          candidate.type === 'qemu' && candidate.status === 'running' && !candidate.config.template,
      );
    if (!guest) throw new Error('no running VM left');
    return guest;
  };
  const stopTasks = (vmid: number) =>
    platform.simulator.state.tasks().filter((task) => task.id === String(vmid) && task.type === 'qmstop')
      .length;
  const stop = async (client: Client, vmid: number) =>
    (await client.callTool({
      name: 'power_guest',
      arguments: { guest: vmid, action: 'stop' },
    })) as ToolResult;
  const status = async (client: Client, operationId: string) =>
    operationOf(
      (await client.callTool({ name: 'operation_status', arguments: { operationId } })) as ToolResult,
    );

  it('should hold a destructive call without touching the guest', async () => {
    const guest = runningVm();
    const result = await stop(agent, guest.vmid);
    const held = operationOf(result);
    expect(result.isError).toBeFalsy();
    expect(held.status).toBe('awaiting-approval');
    expect(textOf(result)).toContain(`proxmox-mpc approve ${held.operationId}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(platform.simulator.state.guest(guest.vmid)?.status).toBe('running');
    expect(stopTasks(guest.vmid)).toBe(0);
    expect((await status(agent, held.operationId)).status).toBe('awaiting-approval');
  });

  it("should refuse an approval made with the agent's own token", async () => {
    const held = operationOf(await stop(agent, runningVm().vmid));
    const decision = await platform.decide(held.operationId, 'approve', AGENT_TOKEN);
    expect(decision.status).toBe(403);
    expect(decision.body.error_description).toMatch(/has no admin scope/);
    expect((await status(agent, held.operationId)).status).toBe('awaiting-approval');
  });

  it('should refuse an approval by the caller who asked, even with admin scope', async () => {
    const selfApprover = await platform.client(SELF_APPROVER);
    try {
      const held = operationOf(await stop(selfApprover, runningVm().vmid));
      const decision = await platform.decide(held.operationId, 'approve', SELF_APPROVER);
      expect(decision.status).toBe(403);
      expect(decision.body.error_description).toMatch(/asked for this operation and cannot approve it/);
    } finally {
      await selfApprover.close();
    }
  });

  it("should run an operator's approval exactly once", async () => {
    const guest = runningVm();
    const held = operationOf(await stop(agent, guest.vmid));
    expect((await platform.decide(held.operationId, 'approve', ADMIN_TOKEN)).status).toBe(200);
    const again = await platform.decide(held.operationId, 'approve', ADMIN_TOKEN);
    expect(again.status).toBe(409);
    expect(again.body.error_description).toMatch(/already approved/);
    const deadline = Date.now() + 10_000;
    let view = await status(agent, held.operationId);
    while (view.status !== 'completed' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      view = await status(agent, held.operationId);
    }
    expect(view).toMatchObject({
      status: 'completed',
      result: { operation: 'power', action: 'stop', status: 'stopped' },
    });
    expect(platform.simulator.state.guest(guest.vmid)?.status).toBe('stopped');
    expect(stopTasks(guest.vmid)).toBe(1);
  });

  it('should do nothing when the operator denies', async () => {
    const guest = runningVm();
    const held = operationOf(await stop(agent, guest.vmid));
    expect((await platform.decide(held.operationId, 'deny', ADMIN_TOKEN)).status).toBe(200);
    expect((await status(agent, held.operationId)).status).toBe('denied');
    expect(platform.simulator.state.guest(guest.vmid)?.status).toBe('running');
  });

  it('should never run an expired approval', async () => {
    const shortLived = await InProcessPlatform.start({ edgeEnv: { MCP_APPROVAL_TTL_MS: '1000' } });
    const client = await shortLived.client();
    try {
      const guest = shortLived.simulator.state
        .guests()
        .find(
          (candidate) =>
            candidate.type === 'qemu' && candidate.status === 'running' && !candidate.config.template,
        );
      const held = operationOf(await stop(client, guest?.vmid as number));
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const decision = await shortLived.decide(held.operationId, 'approve', ADMIN_TOKEN);
      expect(decision.status).toBe(410);
      expect(decision.body.error_description).toMatch(/expired/);
      expect(shortLived.simulator.state.guest(guest?.vmid as number)?.status).toBe('running');
    } finally {
      await client.close();
      await shortLived.stop();
    }
  });

  it('should ask the user through elicitation and go ahead only on the exact name', async () => {
    let answer = '';
    const confirming = await platform.client(AGENT_TOKEN, true, (client) =>
      client.setRequestHandler('elicitation/create', () => ({
        action: 'accept',
        content: { confirm: answer },
      })),
    );
    try {
      const guest = runningVm();
      answer = 'not-the-name';
      const refused = (await stop(confirming, guest.vmid)) as ToolResult;
      expect(refused.isError).toBe(true);
      expect(textOf(refused)).toMatch(/typed "not-the-name".*nothing was done/);
      expect(platform.simulator.state.guest(guest.vmid)?.status).toBe('running');

      answer = guest.config.name as string;
      const confirmed = operationOf(await stop(confirming, guest.vmid));
      expect(confirmed).toMatchObject({ status: 'completed', result: { status: 'stopped' } });
      expect(platform.simulator.state.guest(guest.vmid)?.status).toBe('stopped');
    } finally {
      await confirming.close();
    }
  });

  it('should list pending approvals for the operator only', async () => {
    const held = operationOf(await stop(agent, runningVm().vmid));
    const list = await fetch(`${platform.edge.url}/admin/approvals`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    const body = (await list.json()) as { approvals: Array<{ approvalId: string; summary: string }> };
    expect(body.approvals.map((approval) => approval.approvalId)).toContain(held.operationId);
    const asAgent = await fetch(`${platform.edge.url}/admin/approvals`, {
      headers: { authorization: `Bearer ${AGENT_TOKEN}` },
    });
    expect(asAgent.status).toBe(403);
  });
});
