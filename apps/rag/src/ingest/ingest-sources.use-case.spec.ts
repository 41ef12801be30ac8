import type { InventoryGuest } from '@proxmox-mpc/contracts';
import { loadConfig } from '@proxmox-mpc/service-runtime';
import { knowledgeParts } from '../__tests__/knowledge-fixture';
import { RagConfigSchema } from '../config';
import { ConfiguredSources } from '../sources/configured-sources';
import { IngestSourcesUseCase } from './ingest-sources.use-case';

describe(IngestSourcesUseCase.name, () => {
  function parts() {
    const all = knowledgeParts();
    const configured = new ConfiguredSources(
      loadConfig(RagConfigSchema, {
        NATS_URL: 'nats://127.0.0.1:4222',
        DATABASE_URL: 'postgres://rag@127.0.0.1/mpc',
        RAG_DOC_FOLDERS: 'runbooks=/nonexistent/runbooks',
        RAG_PROJECT_DOCS: 'off',
      }),
    );
    const sut = new IngestSourcesUseCase(
      configured,
      all.feeds,
      all.ingestSource,
      all.fitEmbedder,
      all.store,
      all.embedder,
      all.clock,
    );
    return { ...all, sut };
  }

  it('should refuse an unknown source before reading anything, naming the sources there are', async () => {
    const { sut, store } = parts();

    await expect(sut.execute({ source: 'manuals' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message:
        'no source named "manuals"; the sources are runbooks, inventory, inventory.<target>, iac.<workspace>',
    });
    expect(store.rows.size).toBe(0);
  });

  it("should ingest every cluster's inventory, each as its own source", async () => {
    const { sut, feeds } = parts();
    const guest: InventoryGuest = {
      vmid: 100,
      name: 'web-01',
      node: 'pve1',
      type: 'qemu',
      status: 'running',
      template: false,
      cpus: 1,
      memoryBytes: 0,
      diskBytes: 0,
      uptimeSeconds: 0,
      tags: [],
      config: {},
    };
    feeds.guests.set('homelab', [guest]);
    feeds.guests.set('lab', [guest, { ...guest, vmid: 101, name: 'web-02' }]);

    const result = await sut.execute({ source: 'inventory' });

    expect(result.sources).toEqual([
      expect.objectContaining({ source: 'inventory.homelab', kind: 'inventory', added: 1 }),
      expect.objectContaining({ source: 'inventory.lab', kind: 'inventory', added: 2 }),
    ]);
    expect(result.chunks).toBe(3);
  });
});
