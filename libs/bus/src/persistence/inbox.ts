import type { EntityManager } from 'typeorm';
import type { DataSource } from 'typeorm';

/** Ids of commands this service has executed, so a redelivered command is not run again. */
export class CommandInbox {
  constructor(private readonly dataSource: DataSource) {}

  async hasProcessed(messageId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM bus_inbox WHERE message_id = $1`, [
      messageId,
    ]);
    return rows.length > 0;
  }

  async markProcessed(manager: EntityManager, messageId: string, subject: string): Promise<void> {
    await manager.query(
      `INSERT INTO bus_inbox (message_id, subject) VALUES ($1, $2) ON CONFLICT (message_id) DO NOTHING`,
      [messageId, subject],
    );
  }
}
