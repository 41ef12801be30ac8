import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Operations started from MCP: sent at once, or held for a human's yes. The command is
 * kept so an approved operation can be sent later, exactly once.
 */
export class Operations1732320000000 implements MigrationInterface {
  name = 'Operations1732320000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE operations (
        id uuid PRIMARY KEY,
        correlation_id text NOT NULL,
        tool text NOT NULL,
        requested_by text NOT NULL,
        target text,
        summary text NOT NULL,
        status text NOT NULL CHECK (status IN ('awaiting-approval', 'running', 'completed', 'failed', 'denied', 'expired')),
        subject text NOT NULL,
        data jsonb NOT NULL,
        origin jsonb NOT NULL,
        approval_action text,
        expires_at timestamptz,
        decided_by text,
        decided_at timestamptz,
        reason text,
        result jsonb,
        error jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX operations_awaiting ON operations (expires_at) WHERE status = 'awaiting-approval'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE operations`);
  }
}
