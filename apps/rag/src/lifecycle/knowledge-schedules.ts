import { Inject, Injectable } from '@nestjs/common';
import { IntervalSchedule, SERVICE_CONFIG } from '@proxmox-mpc/service-runtime';
import { LOGGER, type Logger } from '@proxmox-mpc/telemetry';
import type { RagConfig } from '../config';
import { IndexAuditLogUseCase } from '../ingest/index-audit-log.use-case';
import { IngestSourceUseCase } from '../ingest/ingest-source.use-case';
import { ConfiguredSources } from '../sources/configured-sources';
import { LoadIndexUseCase } from './load-index.use-case';

// How soon a replica sees what another one indexed.
const REFRESH_INTERVAL_MS = 5_000;

/** Reads the document folders again, so an edited runbook is found without a command. */
@Injectable()
export class FolderRescanSchedule extends IntervalSchedule {
  constructor(
    private readonly configured: ConfiguredSources,
    private readonly ingestSource: IngestSourceUseCase,
    @Inject(SERVICE_CONFIG) config: RagConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    super(config.RAG_RESCAN_INTERVAL_MS, 'read the document folders again', logger);
  }

  protected async tick(): Promise<void> {
    for (const folder of this.configured.folders) await this.ingestSource.execute(folder);
  }
}

/** New audit records into the index. */
@Injectable()
export class AuditIndexSchedule extends IntervalSchedule {
  constructor(
    private readonly indexAuditLog: IndexAuditLogUseCase,
    @Inject(SERVICE_CONFIG) config: RagConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    super(config.RAG_AUDIT_INTERVAL_MS, 'index new audit records', logger);
  }

  protected async tick(): Promise<void> {
    await this.indexAuditLog.execute();
  }
}

/** Reloads the model and vectors when another replica changed the index. */
@Injectable()
export class IndexRefreshSchedule extends IntervalSchedule {
  constructor(
    private readonly loadIndex: LoadIndexUseCase,
    @Inject(LOGGER) logger: Logger,
  ) {
    super(REFRESH_INTERVAL_MS, 'reload the vector index', logger);
  }

  protected async tick(): Promise<void> {
    await this.loadIndex.execute({ onlyIfChanged: true });
  }
}
