import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sessions of the web console (`/ui`): the browser holds an opaque random id in a cookie,
 * the table only its SHA-256, so reading the table gives no usable session. An API-token
 * session keeps the token's digest (re-checked at every request, so a revocation ends it);
 * an OAuth session keeps the grant its access token carried, until that token expires.
 */
export class WebSessions1735000000000 implements MigrationInterface {
  name = 'WebSessions1735000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE web_sessions (
        id_digest bytea PRIMARY KEY,
        actor_id text NOT NULL,
        token_digest bytea,
        oauth_grant jsonb,
        csrf_token text NOT NULL,
        created_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE web_sessions`);
  }
}
