import { startTestInfrastructure, type TestInfrastructure } from '@proxmox-mpc/testing';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { describeDatabaseUrl } from './database-url';
import { openDataSource } from './open-data-source';

let applied = 0;

class CreateWidgets1700000000000 implements MigrationInterface {
  name = 'CreateWidgets1700000000000';
  async up(queryRunner: QueryRunner): Promise<void> {
    applied += 1;
    await queryRunner.query('CREATE TABLE widgets (id int PRIMARY KEY)');
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE widgets');
  }
}

describe(openDataSource.name, () => {
  let infrastructure: TestInfrastructure;

  beforeAll(async () => {
    infrastructure = await startTestInfrastructure();
  });

  afterAll(async () => {
    await infrastructure?.stop();
  });

  it('should create the schema and run each migration once, even when replicas start together', async () => {
    const options = {
      url: infrastructure.databaseUrl,
      schema: 'widgets_service',
      migrations: [CreateWidgets1700000000000],
    };
    const replicas = await Promise.all([
      openDataSource(options),
      openDataSource(options),
      openDataSource(options),
    ]);
    try {
      expect(applied).toBe(1);
      const [{ schema }] = await replicas[0].query(
        `SELECT table_schema AS schema FROM information_schema.tables WHERE table_name = 'widgets'`,
      );
      expect(schema).toBe('widgets_service');
      await replicas[1].query('INSERT INTO widgets (id) VALUES (1)');
      expect(await replicas[2].query('SELECT id FROM widgets')).toEqual([{ id: 1 }]);
    } finally {
      await Promise.all(replicas.map((dataSource) => dataSource.destroy()));
    }
  });

  it("should keep an idle connection past pg's default 10 s, for the next scheduled pass", async () => {
    const dataSource = await openDataSource({
      url: infrastructure.databaseUrl,
      schema: 'idle_service',
      migrations: [],
    });
    try {
      const backend = async () =>
        ((await dataSource.query('SELECT pg_backend_pid() AS pid')) as Array<{ pid: number }>)[0]?.pid;
      const before = await backend();

      await new Promise((resolve) => setTimeout(resolve, 10_500));

      expect(await backend()).toBe(before);
    } finally {
      await dataSource.destroy();
    }
  }, 30_000);

  it('should refuse a schema name that is not a plain identifier', async () => {
    await expect(
      openDataSource({
        url: infrastructure.databaseUrl,
        schema: 'x"; DROP SCHEMA public; --',
        migrations: [],
      }),
    ).rejects.toThrow(/invalid schema name/);
  });

  it('should say where it could not connect, without the password', async () => {
    const failure = await openDataSource({
      url: 'postgres://app:s3cret@127.0.0.1:1/none',
      schema: 'nowhere',
      migrations: [],
    }).then(
      () => new Error('connected to a port nothing listens on'),
      (error: Error) => error,
    );
    expect(failure.message).toMatch(
      /^cannot connect to PostgreSQL at postgres:\/\/app:\*\*\*@127\.0\.0\.1:1\/none/,
    );
    expect(failure.message).not.toContain('s3cret');
  });
});

describe(describeDatabaseUrl.name, () => {
  it('should hide the password', () => {
    expect(describeDatabaseUrl('postgres://u:p@h:5432/d')).toBe('postgres://u:***@h:5432/d');
  });
});
