import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * API tokens created by operators (`npm run token`): only the SHA-256 digest of each
 * secret is stored. A revoked token keeps its row, so the audit trail can still name it;
 * its name may then be given to a new token.
 */
export class ApiTokens1732600000000 implements MigrationInterface {
  name = 'ApiTokens1732600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE api_tokens (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        digest bytea NOT NULL UNIQUE,
        scopes text[] NOT NULL,
        nodes text[] NOT NULL DEFAULT '{}',
        guests text[] NOT NULL DEFAULT '{}',
        tools text[] NOT NULL DEFAULT '{}',
        rate_limit_per_minute integer,
        expires_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text NOT NULL,
        revoked_at timestamptz,
        revoked_by text
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX api_tokens_active_name ON api_tokens (name) WHERE revoked_at IS NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE api_tokens`);
  }
}
