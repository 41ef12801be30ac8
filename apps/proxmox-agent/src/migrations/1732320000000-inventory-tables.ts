import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The synced copy of each cluster: guests and nodes as last seen, the append-only
 * history of every guest change, and when each target was last synced.
 */
export class InventoryTables1732320000000 implements MigrationInterface {
  name = 'InventoryTables1732320000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE inventory_guests (
        target text NOT NULL,
        vmid integer NOT NULL,
        node text NOT NULL,
        type text NOT NULL CHECK (type IN ('qemu', 'lxc')),
        name text NOT NULL,
        status text NOT NULL,
        template boolean NOT NULL,
        cpus double precision NOT NULL,
        memory_bytes bigint NOT NULL,
        disk_bytes bigint NOT NULL,
        uptime_seconds bigint NOT NULL,
        tags text[] NOT NULL DEFAULT '{}',
        lock text,
        pool text,
        config jsonb NOT NULL DEFAULT '{}',
        digest text,
        first_seen_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL,
        config_read_at timestamptz,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (target, vmid)
      )`);
    // The rolling config refresh picks the least recently read configs of a target.
    await queryRunner.query(
      `CREATE INDEX inventory_guests_config_read ON inventory_guests (target, config_read_at NULLS FIRST)`,
    );
    await queryRunner.query(`CREATE INDEX inventory_guests_node ON inventory_guests (target, node)`);
    await queryRunner.query(`CREATE INDEX inventory_guests_tags ON inventory_guests USING gin (tags)`);

    await queryRunner.query(`
      CREATE TABLE inventory_guest_history (
        id bigserial PRIMARY KEY,
        target text NOT NULL,
        vmid integer NOT NULL,
        kind text NOT NULL CHECK (kind IN ('created', 'updated', 'deleted')),
        changes jsonb,
        snapshot jsonb NOT NULL,
        changed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX inventory_guest_history_guest ON inventory_guest_history (target, vmid, id)`,
    );
    await queryRunner.query(
      `CREATE INDEX inventory_guest_history_time ON inventory_guest_history (changed_at)`,
    );

    await queryRunner.query(`
      CREATE TABLE inventory_nodes (
        target text NOT NULL,
        node text NOT NULL,
        status text NOT NULL CHECK (status IN ('online', 'offline', 'unknown')),
        cpus double precision NOT NULL,
        cpu_usage double precision NOT NULL,
        memory_bytes bigint NOT NULL,
        memory_used_bytes bigint NOT NULL,
        uptime_seconds bigint NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (target, node)
      )`);

    await queryRunner.query(`
      CREATE TABLE inventory_sync_state (
        target text PRIMARY KEY,
        last_full_sync_at timestamptz,
        last_sync_at timestamptz NOT NULL,
        last_mode text NOT NULL CHECK (last_mode IN ('full', 'incremental')),
        guests integer NOT NULL,
        unreachable_nodes text[] NOT NULL DEFAULT '{}'
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE inventory_sync_state`);
    await queryRunner.query(`DROP TABLE inventory_nodes`);
    await queryRunner.query(`DROP TABLE inventory_guest_history`);
    await queryRunner.query(`DROP TABLE inventory_guests`);
  }
}
