import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Envelopes are stored uncompressed. A row lives an hour after it is relayed, so
 * compressing it saves little room for the time it costs: a 10,000-guest first sync
 * writes about 10 MB of events, and PostgreSQL spent a fifth of that write compressing
 * them. Only how new rows are stored changes, so replicas of the version before keep
 * working beside this one (the envelope stays jsonb, which they read and write).
 */
export class BusOutboxUncompressed1796688000000 implements MigrationInterface {
  name = 'BusOutboxUncompressed1796688000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE bus_outbox ALTER COLUMN envelope SET STORAGE EXTERNAL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE bus_outbox ALTER COLUMN envelope SET STORAGE EXTENDED`);
  }
}
