import type { MigrationInterface, QueryRunner } from 'typeorm';
import { BusOutboxUncompressed1796688000000 } from './bus-outbox-uncompressed.migration';

/**
 * The inbox (ids of commands already executed, so a redelivery never runs twice) and
 * the outbox (events written in the same transaction as the state they announce).
 * Every service that handles commands includes this in its migrations; tables are
 * created in the service's own schema through the connection's search_path.
 */
export class BusTables1732147200000 implements MigrationInterface {
  name = 'BusTables1732147200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE bus_inbox (
        message_id text PRIMARY KEY,
        subject text NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX bus_inbox_processed_at ON bus_inbox (processed_at)`);
    await queryRunner.query(`
      CREATE TABLE bus_outbox (
        seq bigserial PRIMARY KEY,
        message_id text NOT NULL UNIQUE,
        subject text NOT NULL,
        envelope jsonb NOT NULL,
        trace_headers jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz
      )`);
    await queryRunner.query(
      `CREATE INDEX bus_outbox_unpublished ON bus_outbox (seq) WHERE published_at IS NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE bus_outbox`);
    await queryRunner.query(`DROP TABLE bus_inbox`);
  }
}

/** The bus's tables as they are now: what every service runs before its own migrations. */
export const BUS_MIGRATIONS = [BusTables1732147200000, BusOutboxUncompressed1796688000000];
