import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Clusters operators connect at run time (`proxmox-mpc init`), beside those of the
 * configuration. The token secret is stored encrypted (AES-256-GCM, with a key derived
 * from PVE_SECRETS_KEY), never in clear.
 */
export class ConnectedTargets1733000000000 implements MigrationInterface {
  name = 'ConnectedTargets1733000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE connected_targets (
        name text PRIMARY KEY,
        url text NOT NULL,
        token_id text NOT NULL,
        token_secret_encrypted text NOT NULL,
        ca_pem text,
        insecure_tls boolean NOT NULL,
        added_at timestamptz NOT NULL,
        added_by text NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE connected_targets`);
  }
}
