import type { MigrationInterface, QueryRunner } from 'typeorm';

const SCALAR_GUEST_COLUMNS = ['guest_vmid', 'guest_node', 'guest_name'] as const;

/**
 * Every guest a message names, searchable: inventory events name many guests at once
 * (`data.guests`, hundreds per event), which one VMID, node and name per row could not
 * hold. `guest_refs` is a JSON array of `{vmid, node, name}` (each part when known),
 * derived by PostgreSQL from the envelope with the functions AuditSearch1732600000000
 * defined, applied to each of `data.guests` (an updated guest as `{guest, changes}`, a
 * deleted one by its own `name`) or to `data` itself; NULL when the message names none.
 * A search for a guest is a containment test served by a GIN index. The functions have
 * SQL-standard bodies, bound to the functions they call when created: a generated column
 * is also computed by sessions whose search_path does not hold this schema (an UPDATE by
 * the database's owner, which the append-only trigger then refuses). Adding a stored
 * generated column rewrites the table once: audit stops taking messages for that long,
 * and JetStream keeps them until it is done.
 */
export class AuditGuestRefs1732800000000 implements MigrationInterface {
  name = 'AuditGuestRefs1732800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION audit_guest_ref(item jsonb) RETURNS jsonb
      LANGUAGE sql IMMUTABLE BEGIN ATOMIC
        SELECT NULLIF(jsonb_strip_nulls(jsonb_build_object(
          'vmid', audit_guest_vmid(item),
          'node', audit_guest_node(item),
          'name', coalesce(
            audit_guest_name(item),
            CASE WHEN jsonb_typeof(item->'name') = 'string' THEN left(item->>'name', 128) END
          )
        )), '{}'::jsonb);
      END`);
    await queryRunner.query(`
      CREATE FUNCTION audit_guest_refs(data jsonb) RETURNS jsonb
      LANGUAGE sql IMMUTABLE BEGIN ATOMIC
        SELECT CASE
          WHEN jsonb_typeof(data->'guests') = 'array' THEN (
            SELECT jsonb_agg(ref ORDER BY position)
              FROM jsonb_array_elements(data->'guests') WITH ORDINALITY AS items(item, position),
                   LATERAL audit_guest_ref(item) AS ref
             WHERE ref IS NOT NULL
          )
          ELSE (
            SELECT jsonb_build_array(ref) FROM audit_guest_ref(data) AS ref WHERE ref IS NOT NULL
          )
        END;
      END`);
    for (const column of SCALAR_GUEST_COLUMNS) {
      await queryRunner.query(`DROP INDEX audit_messages_${column}`);
    }
    await queryRunner.query(
      `ALTER TABLE audit_messages ${SCALAR_GUEST_COLUMNS.map((column) => `DROP COLUMN ${column}`).join(', ')},
         ADD COLUMN guest_refs jsonb GENERATED ALWAYS AS (audit_guest_refs(audit_guest_data(subject, envelope))) STORED`,
    );
    await queryRunner.query(
      `CREATE INDEX audit_messages_guest_refs ON audit_messages USING gin (guest_refs jsonb_path_ops)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX audit_messages_guest_refs`);
    await queryRunner.query(
      `ALTER TABLE audit_messages DROP COLUMN guest_refs,
         ADD COLUMN guest_vmid bigint GENERATED ALWAYS AS (audit_guest_vmid(audit_guest_data(subject, envelope))) STORED,
         ADD COLUMN guest_node text GENERATED ALWAYS AS (audit_guest_node(audit_guest_data(subject, envelope))) STORED,
         ADD COLUMN guest_name text GENERATED ALWAYS AS (audit_guest_name(audit_guest_data(subject, envelope))) STORED`,
    );
    for (const column of SCALAR_GUEST_COLUMNS) {
      await queryRunner.query(
        `CREATE INDEX audit_messages_${column} ON audit_messages (${column}, chain_seq) WHERE ${column} IS NOT NULL`,
      );
    }
    await queryRunner.query(`DROP FUNCTION audit_guest_refs(jsonb), audit_guest_ref(jsonb)`);
  }
}
