import { Injectable } from '@nestjs/common';
import type { IngestReport, Origin } from '@proxmox-mpc/contracts';
import { PlatformFeeds } from '../feeds/platform-feeds';
import { readWorkspaceSource } from '../sources/workspace-source';
import { IngestSourceUseCase } from './ingest-source.use-case';

/** A workspace's newest revision into the index, as iac-generator announces it. */
@Injectable()
export class IndexWorkspaceUseCase {
  constructor(
    private readonly feeds: PlatformFeeds,
    private readonly ingestSource: IngestSourceUseCase,
  ) {}

  async execute(workspace: string, origin: Origin): Promise<IngestReport> {
    return this.ingestSource.execute(await readWorkspaceSource(this.feeds, origin, workspace));
  }
}
