import type { MigrationInterface, QueryRunner } from 'typeorm';

export class OperationJournal1732233600000 implements MigrationInterface {
  name = 'OperationJournal1732233600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE operation_journal (
        command_id text PRIMARY KEY,
        operation text NOT NULL,
        target text NOT NULL,
        values jsonb NOT NULL DEFAULT '{}',
        steps jsonb NOT NULL DEFAULT '[]',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE operation_journal`);
  }
}
