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

  /**
   * Records the command as executed, in the transaction of its events; false when another
   * delivery of it got there first (its events are recorded already, so these are not).
   */
  async markProcessed(manager: EntityManager, messageId: string, subject: string): Promise<boolean> {
    const inserted: unknown[] = await manager.query(
      `INSERT INTO bus_inbox (message_id, subject) VALUES ($1, $2) ON CONFLICT (message_id) DO NOTHING RETURNING message_id`,
      [messageId, subject],
    );
    return inserted.length > 0;
  }
}
