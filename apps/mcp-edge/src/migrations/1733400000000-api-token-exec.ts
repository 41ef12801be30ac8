import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each API token's exec allow-list: the commands `exec_in_guest` may run for it. Tokens
 * made before it have none, so none of them can run a command until an operator says so.
 */
export class ApiTokenExec1733400000000 implements MigrationInterface {
  name = 'ApiTokenExec1733400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE api_tokens ADD COLUMN exec text[] NOT NULL DEFAULT '{}'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE api_tokens DROP COLUMN exec`);
  }
}
