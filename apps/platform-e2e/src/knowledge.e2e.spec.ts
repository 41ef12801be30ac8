import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/client';
import type { Passage } from '@proxmox-mpc/contracts';
import { pollUntil, pveDocs } from '@proxmox-mpc/testing';
import { itWithPveDocs } from '@proxmox-mpc/testing/needs';
import { InProcessPlatform, operationOf, textOf, type ToolResult } from './in-process-platform';

const docs = pveDocs();

/**
 * Knowledge through MCP: the admin guide, the live inventory, IaC revisions and the audit
 * log, each findable by search_knowledge with a citation a client can open.
 */
describe('knowledge through MCP', () => {
  let platform: InProcessPlatform;
  let client: Client;
  let restricted: Client;

  beforeAll(async () => {
    platform = await InProcessPlatform.start({
      iac: true,
      audit: {},
      rag: {
        RAG_AUDIT_INTERVAL_MS: '500',
        RAG_RESCAN_INTERVAL_MS: '0',
        ...(docs ? { RAG_DOC_FOLDERS: `pve-docs=${docs.adoc}` } : {}),
      },
      edgeEnv: { MCP_APPROVAL_POLICY: '{"*": []}' },
      tokens: [
        { name: 'web-only', token: 'web-only-token-for-knowledge-spec', scopes: ['read'], guests: ['web-*'] },
      ],
    });
    client = await platform.client();
    restricted = await platform.client('web-only-token-for-knowledge-spec');
  }, 180_000);

  afterAll(async () => {
    await restricted?.close();
    await client?.close();
    await platform?.stop();
  });

  const call = async (
    name: string,
    args: Record<string, unknown>,
    caller: Client = client,
  ): Promise<ToolResult> => (await caller.callTool({ name, arguments: args })) as ToolResult;
  const passagesOf = (result: ToolResult): Passage[] =>
    (result.structuredContent as { passages: Passage[] }).passages;
  /** Searches until `found` holds: sources are indexed as their events arrive. */
  const searchUntil = (
    args: Record<string, unknown>,
    found: (passages: Passage[]) => boolean,
    caller = client,
  ) => pollUntil(async () => passagesOf(await call('search_knowledge', args, caller)), found, 30_000, 250);

  itWithPveDocs(
    'should answer from the admin guide with a citation whose document holds the passage',
    async () => {
      const passages = await searchUntil(
        { query: 'How do I make a VM start automatically when the node boots?', kinds: ['docs'], k: 5 },
        (found) => found.some((passage) => passage.citation === 'qm.adoc#qm_startup_and_shutdown'),
      );
      const cited = passages.find(
        (passage) => passage.citation === 'qm.adoc#qm_startup_and_shutdown',
      ) as Passage;

      const resource = await client.readResource({ uri: cited.uri });
      const text = (resource.contents[0] as { text: string }).text;
      expect(text).toContain('## [qm.adoc#qm_startup_and_shutdown]');
      expect(text).toContain(cited.text.replace(/…$/, '').slice(0, 200));
    },
  );

  it('should find a guest created through create_guest by its description within one sync', async () => {
    const created = operationOf(
      await call('create_guest', {
        type: 'qemu',
        node: 'pve1',
        name: 'ledger-db',
        description: 'Holds the accounting ledger; restore nightly snapshots first',
        cores: 1,
        memoryMb: 512,
        disk: { storage: 'local-lvm', sizeGb: 4 },
      }),
    );
    expect(created.status).toBe('completed');

    const passages = await searchUntil({ query: 'accounting ledger', kinds: ['inventory'] }, (found) =>
      found.some((passage) => passage.guest?.name === 'ledger-db'),
    );
    const guest = passages.find((passage) => passage.guest?.name === 'ledger-db');
    expect(guest?.citation).toBe(`homelab/pve1/${created.result?.vmid}`);
  });

  it('should find an imported revision by a resource name, cited at its commit and line', async () => {
    const guest = platform.simulator.state.guests().find((candidate) => candidate.type === 'lxc');
    const name = guest?.config.hostname as string;
    const imported = await call('iac_import', { workspace: 'estate' });
    expect(imported.isError).toBeFalsy();

    const passages = await searchUntil(
      { query: `proxmox_virtual_environment_container ${name}`, kinds: ['iac'] },
      (found) =>
        found.some((passage) => passage.workspace === 'estate' && passage.text.includes(`"${name}"`)),
    );
    const cited = passages.find((passage) => passage.text.includes(`"${name}"`));
    expect(cited?.citation).toMatch(/^estate@[0-9a-f]{40}:terraform\/[\w./-]+\.tf:\d+$/);
    expect(cited?.heading).toMatch(/^resource "proxmox_virtual_environment_container"/);
  });

  it('should index a workspace holding a file too large to read over the bus, leaving that file out', async () => {
    expect((await call('iac_import', { workspace: 'handover' })).isError).toBeFalsy();
    const folder = join(platform.iac?.workspaceRoot as string, 'handover');
    // Committed by the next import beside what it generates, as an operator's own files are.
    writeFileSync(join(folder, 'vendor-bundle.txt'), 'bulk '.repeat(120_000));
    writeFileSync(join(folder, 'handover.md'), 'Escalate outages of this estate to the quokka rota.\n');
    expect((await call('iac_import', { workspace: 'handover' })).isError).toBeFalsy();

    const passages = await searchUntil({ query: 'quokka rota escalate', kinds: ['iac'] }, (found) =>
      found.some((passage) => passage.text.includes('quokka rota')),
    );
    expect(passages.find((passage) => passage.text.includes('quokka'))?.citation).toMatch(
      /^handover@[0-9a-f]{40}:handover\.md:1$/,
    );
    const bulk = passagesOf(await call('search_knowledge', { query: 'bulk', kinds: ['iac'], k: 50 }));
    expect(bulk.some((passage) => passage.citation.includes('vendor-bundle.txt'))).toBe(false);
  });

  it("should find an audited action by its text, and only the caller's own", async () => {
    // Successful reads change nothing and stay out of the index; failed calls are indexed.
    expect((await call('get_guest', { guest: 'nowhere-admin' })).isError).toBe(true);
    expect((await call('get_guest', { guest: 'nowhere-web' }, restricted)).isError).toBe(true);

    const mine = await searchUntil({ query: 'nowhere-admin get_guest', kinds: ['audit'] }, (found) =>
      found.some((passage) => passage.text.includes('nowhere-admin')),
    );
    expect(mine[0]?.citation).toMatch(/^audit:\d+$/);
    const theirs = await searchUntil(
      { query: 'nowhere-web nowhere-admin get_guest', kinds: ['audit'] },
      (found) => found.some((passage) => passage.text.includes('nowhere-web')),
      restricted,
    );
    expect(theirs.length).toBeGreaterThan(0);
    expect(theirs.every((passage) => passage.text.includes('token:web-only'))).toBe(true);
  });

  it("should keep guests outside a token's allow-list out of its results", async () => {
    const passages = passagesOf(
      await call('search_knowledge', { query: 'virtual machine', kinds: ['inventory'], k: 50 }, restricted),
    );

    expect(passages.length).toBeGreaterThan(0);
    expect(passages.every((passage) => passage.guest?.name.startsWith('web-'))).toBe(true);
  });

  it('should build a troubleshooting prompt from the guest, its failed tasks and the documentation', async () => {
    const prompt = await client.getPrompt({ name: 'troubleshoot_guest', arguments: { guest: 'ledger-db' } });
    const text = (prompt.messages[0]?.content as { text: string }).text;

    expect(text).toMatch(/Troubleshoot qemu \d+ \(ledger-db\) on pve1 on cluster homelab/);
    expect(text).toContain('Config:');
    expect(text).toContain('Recent failed tasks:');
    expect(text).toContain('Documentation that may bear on it:');
  });

  it('should refuse a search without a question, naming the field', async () => {
    const result = await call('search_knowledge', { query: '' });

    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/query/);
  });
});
