import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { HandlerError } from '@proxmox-mpc/bus';
import { Clock } from '@proxmox-mpc/service-runtime';
import type { DataOf, IngestReport, Subjects } from '@proxmox-mpc/contracts';
import { Embedder } from '../embedding/embedder';
import { PlatformFeeds } from '../feeds/platform-feeds';
import { KnowledgeStore } from '../knowledge/knowledge.store';
import { ConfiguredSources } from '../sources/configured-sources';
import { readInventorySource, readInventorySources } from '../sources/inventory-source';
import type { KnowledgeSource } from '../sources/knowledge-source';
import { readWorkspaceSource } from '../sources/workspace-source';
import { FitEmbedderUseCase } from './fit-embedder.use-case';
import { IngestSourceUseCase, type IngestProgress } from './ingest-source.use-case';

export interface IngestRequest {
  /** A source's name: a folder's, `proxmox-mpc`, `inventory[.<target>]` or `iac.<workspace>`; all folders and the inventory when absent. */
  source?: string;
  refit?: boolean;
}

/**
 * Ingests the sources a request names (the configured folders, the project's docs and the
 * inventory when it names none), then fits the embedding model afresh if asked. An unknown
 * source is refused with the names that exist, before anything is read.
 */
@Injectable()
export class IngestSourcesUseCase {
  constructor(
    private readonly configured: ConfiguredSources,
    private readonly feeds: PlatformFeeds,
    private readonly ingestSource: IngestSourceUseCase,
    private readonly fitEmbedder: FitEmbedderUseCase,
    private readonly store: KnowledgeStore,
    private readonly embedder: Embedder,
    private readonly clock: Clock,
  ) {}

  async execute(
    request: IngestRequest,
    onProgress?: (source: KnowledgeSource, ...progress: Parameters<IngestProgress>) => void,
  ): Promise<DataOf<typeof Subjects.ragIngestCompleted>> {
    const started = performance.now();
    const sources = await this.sources(request.source);
    const reports: IngestReport[] = [];
    for (const source of sources)
      reports.push(
        await this.ingestSource.execute(source, (done, total) => onProgress?.(source, done, total)),
      );
    if (request.refit) await this.fitEmbedder.execute();
    return {
      sources: reports,
      chunks: await this.store.chunkCount(),
      embedder: this.embedder.name,
      durationMs: Math.round(performance.now() - started),
    };
  }

  private async sources(name: string | undefined): Promise<KnowledgeSource[]> {
    const origin = { correlationId: randomUUID(), actor: { kind: 'service' as const, id: 'rag' } };
    if (name === undefined)
      return [...this.configured.folders, ...(await readInventorySources(this.feeds, origin, this.clock))];
    const folder = this.configured.find(name);
    if (folder) return [folder];
    if (name === 'inventory') return readInventorySources(this.feeds, origin, this.clock);
    if (name.startsWith('inventory.'))
      return [await readInventorySource(this.feeds, origin, this.clock, name.slice('inventory.'.length))];
    if (name.startsWith('iac.'))
      return [await readWorkspaceSource(this.feeds, origin, name.slice('iac.'.length))];
    const known = [
      ...this.configured.folders.map((folder) => folder.name),
      'inventory',
      'inventory.<target>',
      'iac.<workspace>',
    ];
    throw new HandlerError(
      'NOT_FOUND',
      `no source named "${name}"; the sources are ${known.join(', ')}`,
      false,
    );
  }
}
