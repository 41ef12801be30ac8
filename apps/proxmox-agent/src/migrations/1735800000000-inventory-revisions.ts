import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Passes rewrite only the guests that changed, so a guest's `last_seen_at` becomes
 * `observed_at`: when its stored summary (its uptime included) was observed. And
 * `inventory_revisions` counts the writes of each target's inventory, on any replica: a
 * replica keeps the stored summaries in memory only while the count is the one it knows.
 */
export class InventoryRevisions1735800000000 implements MigrationInterface {
  name = 'InventoryRevisions1735800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE inventory_guests RENAME COLUMN last_seen_at TO observed_at`);
    await queryRunner.query(`
      CREATE TABLE inventory_revisions (
        target text PRIMARY KEY,
        revision bigint NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE inventory_revisions`);
    await queryRunner.query(`ALTER TABLE inventory_guests RENAME COLUMN observed_at TO last_seen_at`);
  }
}
