import { MessageBus } from '@proxmox-mpc/bus';
import { startInProcessService, type InProcessService } from '@proxmox-mpc/service-runtime';
import { createLogger } from '@proxmox-mpc/telemetry';
import { startTestInfrastructure, type TestInfrastructure } from '@proxmox-mpc/testing';
import { Client } from 'pg';
import { ragService } from '../rag.service';

/** The knowledge service on a real NATS and PostgreSQL, with a bus client and a database client beside it. */
export class RagOnBus {
  private constructor(
    private readonly infrastructure: TestInfrastructure,
    private rag: InProcessService,
    readonly bus: MessageBus,
    readonly db: Client,
  ) {}

  /** Starts rag with `env` (no audit or rescan schedules); the spec's bus client is named `client`. */
  static async start(client: string, env: Record<string, string>): Promise<RagOnBus> {
    const infrastructure = await startTestInfrastructure();
    const rag = await RagOnBus.startRag(infrastructure, env);
    const bus = await MessageBus.connect(
      { service: client, natsUrl: infrastructure.natsUrl },
      createLogger({ service: client, level: 'silent' }),
    );
    const db = new Client({ connectionString: infrastructure.databaseUrl });
    await db.connect();
    return new RagOnBus(infrastructure, rag, bus, db);
  }

  /** Stops rag and starts it again with `env`, on the same NATS and database. */
  async restart(env: Record<string, string>): Promise<void> {
    await this.rag.stop();
    this.rag = await RagOnBus.startRag(this.infrastructure, env);
  }

  async stop(): Promise<void> {
    await this.db.end();
    await this.bus.close();
    await this.rag.stop();
    await this.infrastructure.stop();
  }

  private static startRag(infrastructure: TestInfrastructure, env: Record<string, string>) {
    return startInProcessService(ragService, {
      NATS_URL: infrastructure.natsUrl,
      DATABASE_URL: infrastructure.databaseUrl,
      RAG_AUDIT_INTERVAL_MS: '0',
      RAG_RESCAN_INTERVAL_MS: '0',
      ...env,
    });
  }
}
