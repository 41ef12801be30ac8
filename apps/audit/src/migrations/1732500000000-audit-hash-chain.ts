import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The trigger that chained each row as it was inserted, until AuditChainInBatches
 * dropped it (and recreates it, when rolled back).
 */
export const CREATE_CHAIN_APPEND_FUNCTION = `
      CREATE FUNCTION audit_chain_append() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      DECLARE
        last audit_messages%ROWTYPE;
      BEGIN
        -- One chainer at a time, across sessions and replicas, until this transaction ends.
        PERFORM pg_advisory_xact_lock(hashtext('proxmox-mpc:audit-chain'));
        SELECT * INTO last FROM audit_messages ORDER BY chain_seq DESC LIMIT 1;
        NEW.chain_seq := coalesce(last.chain_seq, 0) + 1;
        NEW.hash := audit_chain_hash(last.hash, audit_row_content(NEW));
        RETURN NEW;
      END
      $$`;

export const CREATE_CHAIN_APPEND_TRIGGER = `
  CREATE TRIGGER audit_chain_append BEFORE INSERT ON audit_messages
    FOR EACH ROW EXECUTE FUNCTION audit_chain_append()`;

/**
 * Makes the audit log tamper-evident, with the database as the enforcer:
 * - every row gets `chain_seq` (its place) and `hash` = sha256 of the previous row's hash
 *   and this row's canonical content (`audit_row_content`, one expression for writing
 *   and for checking), computed by a trigger under a lock so rows chain one at a time;
 * - UPDATE and DELETE are refused by a trigger, whoever asks.
 * Existing rows are chained in the order they were recorded. The functions keep the
 * schema they were made in, so they work whatever search_path a session has.
 */
export class AuditHashChain1732500000000 implements MigrationInterface {
  name = 'AuditHashChain1732500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE audit_messages ADD COLUMN chain_seq bigint, ADD COLUMN hash text`);
    // jsonb's text form is canonical (keys sorted, one spelling per value): the same row
    // always gives the same text.
    await queryRunner.query(`
      CREATE FUNCTION audit_row_content(entry audit_messages) RETURNS text
      LANGUAGE sql IMMUTABLE SET search_path FROM CURRENT AS $$
        SELECT jsonb_build_array(
          entry.chain_seq, entry.message_id, entry.stream, entry.stream_sequence, entry.subject, entry.type,
          entry.source, entry.correlation_id, entry.causation_id, entry.actor_kind, entry.actor_id,
          entry.target, entry.occurred_at, entry.stored_at, entry.valid, entry.problems, entry.headers,
          entry.envelope, entry.body)::text
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION audit_chain_hash(previous text, content text) RETURNS text
      LANGUAGE sql IMMUTABLE SET search_path FROM CURRENT AS $$
        SELECT encode(sha256(convert_to(coalesce(previous, '') || '|' || content, 'UTF8')), 'hex')
      $$`);
    await queryRunner.query(CREATE_CHAIN_APPEND_FUNCTION);
    await queryRunner.query(`
      CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      BEGIN
        RAISE EXCEPTION 'audit_messages is append-only: % refused', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END
      $$`);

    // Chain what is there already, oldest first.
    await queryRunner.query(`
      DO $$
      DECLARE
        rec audit_messages%ROWTYPE;
        previous text := NULL;
        seq bigint := 0;
      BEGIN
        FOR rec IN SELECT * FROM audit_messages ORDER BY recorded_at, stream, stream_sequence, message_id LOOP
          seq := seq + 1;
          rec.chain_seq := seq;
          previous := audit_chain_hash(previous, audit_row_content(rec));
          UPDATE audit_messages SET chain_seq = seq, hash = previous WHERE message_id = rec.message_id;
        END LOOP;
      END
      $$`);
    await queryRunner.query(
      `ALTER TABLE audit_messages ALTER COLUMN chain_seq SET NOT NULL, ALTER COLUMN hash SET NOT NULL`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX audit_messages_chain ON audit_messages (chain_seq)`);
    await queryRunner.query(CREATE_CHAIN_APPEND_TRIGGER);
    await queryRunner.query(`
      CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit_messages
        FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()`);
    await queryRunner.query(`
      CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit_messages
        FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER audit_no_truncate ON audit_messages`);
    await queryRunner.query(`DROP TRIGGER audit_append_only ON audit_messages`);
    await queryRunner.query(`DROP TRIGGER audit_chain_append ON audit_messages`);
    await queryRunner.query(`DROP INDEX audit_messages_chain`);
    await queryRunner.query(`DROP FUNCTION audit_refuse_change(), audit_chain_append()`);
    await queryRunner.query(`DROP FUNCTION audit_chain_hash(text, text), audit_row_content(audit_messages)`);
    await queryRunner.query(`ALTER TABLE audit_messages DROP COLUMN chain_seq, DROP COLUMN hash`);
  }
}
