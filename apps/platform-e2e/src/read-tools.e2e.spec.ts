import type { Client } from '@modelcontextprotocol/client';
import { InProcessPlatform, textOf, type ToolResult } from './in-process-platform';

const READ_ONLY = 'read-only-token-for-tests';
const WEB_ONLY = 'web-only-token-for-tests';

/** The read tools, and what each token may see and call. */
describe('read tools and access', () => {
  let platform: InProcessPlatform;
  let client: Client;

  beforeAll(async () => {
    platform = await InProcessPlatform.start({
      tokens: [
        { name: 'auditor', token: READ_ONLY, scopes: ['read'] },
        { name: 'web-team', token: WEB_ONLY, scopes: ['read', 'apply'], guests: ['web-*'] },
      ],
    });
    client = await platform.client();
  });

  afterAll(async () => {
    await client?.close();
    await platform?.stop();
  });

  const call = async (name: string, args: Record<string, unknown> = {}, as: Client = client) =>
    (await as.callTool({ name, arguments: args })) as ToolResult;

  it('should say who the caller is and what Proxmox lets the platform do', async () => {
    const result = await call('whoami');
    expect(result.structuredContent).toMatchObject({
      caller: { actor: 'token:agent', scopes: ['read', 'plan', 'apply'], tools: [] },
      proxmox: { target: 'homelab', identity: 'root@pam!mpc' },
    });
    expect(Object.keys((result.structuredContent?.proxmox as { permissions: object }).permissions)).toContain(
      '/',
    );
  });

  it('should list nodes and guests from the inventory with its age', async () => {
    const nodes = await call('list_nodes');
    expect((nodes.structuredContent?.nodes as unknown[]).length).toBe(3);
    const guests = await call('list_guests', { selector: 'web-*' });
    const names = (guests.structuredContent?.guests as Array<{ name: string }>).map((guest) => guest.name);
    expect(names.length).toBeGreaterThan(0);
    expect(names.every((name) => name.startsWith('web-'))).toBe(true);
    expect(guests.structuredContent).toMatchObject({
      source: expect.stringMatching(/inventory|live/),
      ageMs: expect.any(Number),
    });
  });

  it("should show one guest's config and status", async () => {
    const guest = platform.simulator.state.guests().find((candidate) => candidate.config.name === 'web-01');
    const result = await call('get_guest', { guest: `${guest?.node}/web-01` });
    expect(result.structuredContent).toMatchObject({
      guest: { vmid: guest?.vmid, name: 'web-01' },
      digest: expect.stringMatching(/^[0-9a-f]{40}$/),
    });
    expect((result.structuredContent?.config as Record<string, string>).memory).toBeDefined();
  });

  it('should refuse a selector that matches several guests, listing them', async () => {
    const result = await call('get_guest', { guest: 'web-*' });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/matches \d+ guests .*be more specific/);
  });

  it('should list storage with backup and template volumes, and recent tasks', async () => {
    const storage = await call('list_storage', { node: 'pve1', content: 'vztmpl' });
    const volumes = (
      storage.structuredContent?.storages as Array<{ volumes?: Array<{ volid: string }> }>
    ).flatMap((entry) => entry.volumes ?? []);
    expect(volumes.some((volume) => volume.volid.startsWith('local:vztmpl/'))).toBe(true);
    const tasks = await call('list_tasks', { limit: 5 });
    expect(tasks.isError).toBeFalsy();
  });

  it('should show a read-only token only the read tools', async () => {
    const auditor = await platform.client(READ_ONLY);
    try {
      const { tools } = await auditor.listTools();
      expect(tools.length).toBeGreaterThan(0);
      expect(tools.every((tool) => tool.annotations?.readOnlyHint)).toBe(true);
      const refused = await auditor
        .callTool({ name: 'power_guest', arguments: { guest: 100, action: 'start' } })
        .then(
          (result) => textOf(result as ToolResult),
          (error: Error) => error.message,
        );
      expect(refused).toMatch(/Insufficient scope: required "apply"/);
      expect(
        platform.simulator.state.tasks().some((task) => task.type === 'qmstart' && task.id === '100'),
      ).toBe(false);
    } finally {
      await auditor.close();
    }
  });

  it('should keep a token inside its guest allow-list', async () => {
    const webTeam = await platform.client(WEB_ONLY);
    try {
      const listed = await call('list_guests', {}, webTeam);
      const names = (listed.structuredContent?.guests as Array<{ name: string }>).map((guest) => guest.name);
      expect(names.length).toBeGreaterThan(0);
      expect(names.every((name) => name.startsWith('web-'))).toBe(true);
      const db = platform.simulator.state.guests().find((guest) => guest.config.name?.startsWith('db-'));
      const refused = await call('power_guest', { guest: db?.vmid, action: 'start' }, webTeam);
      expect(refused.isError).toBe(true);
      expect(textOf(refused)).toMatch(/token:web-team may not act on guest .*\[FORBIDDEN\]/);
    } finally {
      await webTeam.close();
    }
  });
});
