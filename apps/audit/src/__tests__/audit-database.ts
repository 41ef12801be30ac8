import { openDataSource } from '@proxmox-mpc/persistence';
import { createTestDatabase } from '@proxmox-mpc/testing';
import type { DataSource } from 'typeorm';
import { auditService } from '../audit.service';

export interface AuditDatabase {
  url: string;
  /** Connected with the audit schema migrated as the service migrates it. */
  dataSource: DataSource;
  /** Disconnects and drops the database. */
  close(): Promise<void>;
}

/** A fresh database of one spec file's own, with the audit service's migrations run. */
export async function openAuditDatabase(): Promise<AuditDatabase> {
  const database = await createTestDatabase(process.env.DATABASE_URL as string);
  try {
    const dataSource = await openDataSource({
      url: database.url,
      schema: 'audit',
      migrations: auditService.migrations ?? [],
    });
    return {
      url: database.url,
      dataSource,
      close: async () => {
        await dataSource.destroy();
        await database.drop();
      },
    };
  } catch (error) {
    await database.drop();
    throw error;
  }
}
