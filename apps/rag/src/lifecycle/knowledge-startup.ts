import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { Clock } from '@proxmox-mpc/service-runtime';
import { LOGGER, type Logger } from '@proxmox-mpc/telemetry';
import { PlatformFeeds } from '../feeds/platform-feeds';
import { IngestSourceUseCase } from '../ingest/ingest-source.use-case';
import { ConfiguredSources } from '../sources/configured-sources';
import { readStoredInventorySources } from '../sources/inventory-source';
import type { KnowledgeSource } from '../sources/knowledge-source';
import { LoadIndexUseCase } from './load-index.use-case';

/**
 * At start: the index into memory (before the service answers searches), then, in the
 * background, the configured folders and the inventory brought up to date. The inventory
 * is read as the agent stored it, without a sync: its events bring in what changes from
 * then on, and a cluster not synced yet has its first sync announce every guest. A source
 * that cannot be read now is logged; its next ingest or event brings it in.
 */
@Injectable()
export class KnowledgeStartup implements OnApplicationBootstrap {
  constructor(
    private readonly loadIndex: LoadIndexUseCase,
    private readonly configured: ConfiguredSources,
    private readonly feeds: PlatformFeeds,
    private readonly ingestSource: IngestSourceUseCase,
    private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.loadIndex.execute({ onlyIfChanged: false });
    void this.catchUp();
  }

  private async catchUp(): Promise<void> {
    for (const folder of this.configured.folders) await this.ingest(folder.name, async () => [folder]);
    await this.ingest('inventory', () =>
      readStoredInventorySources(
        this.feeds,
        { correlationId: randomUUID(), actor: { kind: 'service', id: 'rag' } },
        this.clock,
      ),
    );
  }

  private async ingest(name: string, sources: () => Promise<KnowledgeSource[]>): Promise<void> {
    try {
      for (const source of await sources()) {
        const report = await this.ingestSource.execute(source);
        this.logger.info({ ...report, skipped: report.skipped.length }, `source ${source.name} ingested`);
      }
    } catch (error) {
      this.logger.warn(
        { err: error, source: name },
        `source ${name} not ingested at start; its next ingest will`,
      );
    }
  }
}
