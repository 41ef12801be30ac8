import type { MigrationInterface, QueryRunner } from 'typeorm';
import { CREATE_CHAIN_APPEND_FUNCTION, CREATE_CHAIN_APPEND_TRIGGER } from './1732500000000-audit-hash-chain';

/**
 * Ingest chains a whole batch at once instead of a trigger chaining row by row: the store
 * inserts the batch with `chain_seq` and `hash` computed in memory after the head it
 * knows (chainRecords), the same hash of the same content, and the unique `chain_seq`
 * refuses a batch chained after a stale head. The trigger's lock call, head lookup and
 * content hash per row were about half of PostgreSQL's work per recorded message.
 * Without it, a row inserted without its place is refused (NOT NULL, unique
 * `chain_seq`); one with a wrong place or hash is what verification reports.
 *
 * `audit_row_content` now prints times in UTC whatever the session's TimeZone, so the
 * hashes ingest computes are the ones any session recomputes. A log whose times printed
 * with another offset in the zone it was chained in would no longer verify: the migration
 * refuses it rather than report every row as tampered with.
 */
export class AuditChainInBatches1732700000000 implements MigrationInterface {
  name = 'AuditChainInBatches1732700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DO $$
      BEGIN
        IF EXISTS (SELECT 1 FROM audit_messages
                    WHERE extract(timezone FROM stored_at) <> 0 OR extract(timezone FROM occurred_at) <> 0) THEN
          RAISE EXCEPTION 'audit_messages was chained with times printed in time zone %, and its hashes verify only '
            'there: keep the audit release before batched chaining for this log, or start a new one '
            '(DROP SCHEMA audit CASCADE)', current_setting('TimeZone');
        END IF;
      END
      $$`);
    await queryRunner.query(`ALTER FUNCTION audit_row_content(audit_messages) SET TimeZone TO 'UTC'`);
    await queryRunner.query(`DROP TRIGGER audit_chain_append ON audit_messages`);
    await queryRunner.query(`DROP FUNCTION audit_chain_append()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(CREATE_CHAIN_APPEND_FUNCTION);
    await queryRunner.query(CREATE_CHAIN_APPEND_TRIGGER);
    await queryRunner.query(`ALTER FUNCTION audit_row_content(audit_messages) RESET TimeZone`);
  }
}
