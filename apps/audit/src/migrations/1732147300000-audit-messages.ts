import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AuditMessages1732147300000 implements MigrationInterface {
  name = 'AuditMessages1732147300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE audit_messages (
        message_id text PRIMARY KEY,
        stream text NOT NULL,
        stream_sequence bigint NOT NULL,
        subject text NOT NULL,
        type text,
        source text,
        correlation_id text,
        causation_id text,
        actor_kind text,
        actor_id text,
        target text,
        occurred_at timestamptz,
        stored_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        valid boolean NOT NULL,
        problems text,
        headers jsonb NOT NULL,
        envelope jsonb,
        body text
      )`);
    await queryRunner.query(
      `CREATE INDEX audit_messages_correlation ON audit_messages (correlation_id, stored_at)`,
    );
    await queryRunner.query(`CREATE INDEX audit_messages_subject ON audit_messages (subject, stored_at)`);
    await queryRunner.query(`CREATE INDEX audit_messages_actor ON audit_messages (actor_id, stored_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE audit_messages`);
  }
}
