import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Makes the audit log searchable by guest and pageable in chain order.
 *
 * The guest a message is about (VMID, node, name) is derived by PostgreSQL from the
 * stored envelope, as generated columns: one definition serves rows recorded before
 * this migration and every row after, and the hash chain is untouched (its content
 * function lists the columns it covers). The data looked at is the envelope's `data`,
 * or for `evt.mcp.tool.called` the call's arguments; a reference is `vmid`, `node`, a
 * `guest` object (inventory events) or a `guest` selector (`100`, `web-01`,
 * `pve1/web-01`, as tools take it). Anything malformed yields NULL rather than an
 * error, and text is capped so a hostile value cannot make the insert fail on the index.
 */
export class AuditSearch1732600000000 implements MigrationInterface {
  name = 'AuditSearch1732600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION audit_guest_data(subject text, envelope jsonb) RETURNS jsonb
      LANGUAGE sql IMMUTABLE AS $$
        SELECT CASE WHEN subject = 'evt.mcp.tool.called' THEN envelope->'data'->'arguments' ELSE envelope->'data' END
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION audit_guest_vmid(data jsonb) RETURNS bigint
      LANGUAGE sql IMMUTABLE AS $$
        SELECT CASE
          WHEN jsonb_typeof(data->'vmid') = 'number' AND data->>'vmid' ~ '^[0-9]{1,9}$'
            THEN (data->>'vmid')::bigint
          WHEN jsonb_typeof(data->'guest'->'vmid') = 'number' AND data->'guest'->>'vmid' ~ '^[0-9]{1,9}$'
            THEN (data->'guest'->>'vmid')::bigint
          WHEN jsonb_typeof(data->'guest') IN ('number', 'string') AND data->>'guest' ~ '^[0-9]{1,9}$'
            THEN (data->>'guest')::bigint
        END
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION audit_guest_node(data jsonb) RETURNS text
      LANGUAGE sql IMMUTABLE AS $$
        SELECT left(CASE
          WHEN jsonb_typeof(data->'node') = 'string' THEN data->>'node'
          WHEN jsonb_typeof(data->'guest'->'node') = 'string' THEN data->'guest'->>'node'
          WHEN jsonb_typeof(data->'guest') = 'string' AND strpos(data->>'guest', '/') > 0
            THEN split_part(data->>'guest', '/', 1)
        END, 128)
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION audit_guest_name(data jsonb) RETURNS text
      LANGUAGE sql IMMUTABLE AS $$
        SELECT left(CASE
          WHEN jsonb_typeof(data->'guest'->'name') = 'string' THEN data->'guest'->>'name'
          WHEN jsonb_typeof(data->'guest') = 'string' AND data->>'guest' !~ '^[0-9]+$'
            THEN substring(data->>'guest' from '[^/]*$')
        END, 128)
      $$`);
    await queryRunner.query(`
      ALTER TABLE audit_messages
        ADD COLUMN guest_vmid bigint GENERATED ALWAYS AS (audit_guest_vmid(audit_guest_data(subject, envelope))) STORED,
        ADD COLUMN guest_node text GENERATED ALWAYS AS (audit_guest_node(audit_guest_data(subject, envelope))) STORED,
        ADD COLUMN guest_name text GENERATED ALWAYS AS (audit_guest_name(audit_guest_data(subject, envelope))) STORED`);
    // Searches page by chain_seq, so every filter's index ends with it.
    await queryRunner.query(`DROP INDEX audit_messages_correlation, audit_messages_actor`);
    for (const column of ['correlation_id', 'actor_id', 'guest_vmid', 'guest_node', 'guest_name']) {
      await queryRunner.query(
        `CREATE INDEX audit_messages_${column} ON audit_messages (${column}, chain_seq) WHERE ${column} IS NOT NULL`,
      );
    }
    await queryRunner.query(`CREATE INDEX audit_messages_stored_at ON audit_messages (stored_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX audit_messages_stored_at`);
    for (const column of ['correlation_id', 'actor_id', 'guest_vmid', 'guest_node', 'guest_name']) {
      await queryRunner.query(`DROP INDEX audit_messages_${column}`);
    }
    await queryRunner.query(
      `CREATE INDEX audit_messages_correlation ON audit_messages (correlation_id, stored_at)`,
    );
    await queryRunner.query(`CREATE INDEX audit_messages_actor ON audit_messages (actor_id, stored_at)`);
    await queryRunner.query(
      `ALTER TABLE audit_messages DROP COLUMN guest_vmid, DROP COLUMN guest_node, DROP COLUMN guest_name`,
    );
    await queryRunner.query(
      `DROP FUNCTION audit_guest_data(text, jsonb), audit_guest_vmid(jsonb), audit_guest_node(jsonb), audit_guest_name(jsonb)`,
    );
  }
}
