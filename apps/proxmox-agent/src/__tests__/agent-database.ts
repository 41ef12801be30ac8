import { PostgresTransactions, type Transactions } from '@proxmox-mpc/persistence';
import { openServiceDataSource } from '@proxmox-mpc/service-runtime';
import { createTestDatabase } from '@proxmox-mpc/testing';
import type { DataSource } from 'typeorm';
import { proxmoxAgentService } from '../proxmox-agent.service';

export interface AgentDatabase {
  dataSource: DataSource;
  transactions: Transactions;
  /** Empties the agent's tables between tests. */
  clear(): Promise<void>;
  close(): Promise<void>;
}

/** A fresh database with the agent's schema migrated, as the service would have it. */
export async function openAgentDatabase(): Promise<AgentDatabase> {
  const database = await createTestDatabase(process.env.DATABASE_URL as string);
  const dataSource = await openServiceDataSource(proxmoxAgentService, database.url);
  return {
    dataSource,
    transactions: new PostgresTransactions(dataSource),
    clear: async () => {
      const tables = dataSource.entityMetadatas.map((metadata) => metadata.tableName).join(', ');
      await dataSource.query(`TRUNCATE ${tables}`);
    },
    close: async () => {
      await dataSource.destroy();
      await database.drop();
    },
  };
}
