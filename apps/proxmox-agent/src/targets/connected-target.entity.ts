import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A cluster an operator connected at run time (table `connected_targets`). */
@Entity({ name: 'connected_targets' })
export class ConnectedTarget {
  @PrimaryColumn('text')
  name!: string;

  @Column('text')
  url!: string;

  @Column({ name: 'token_id', type: 'text' })
  tokenId!: string;

  /** The token secret, encrypted with the key derived from PVE_SECRETS_KEY (`SecretKeyring.encrypt`). */
  @Column({ name: 'token_secret_encrypted', type: 'text' })
  tokenSecretEncrypted!: string;

  @Column({ name: 'ca_pem', type: 'text', nullable: true })
  caPem!: string | null;

  @Column({ name: 'insecure_tls', type: 'boolean' })
  insecureTls!: boolean;

  @Column({ name: 'added_at', type: 'timestamptz' })
  addedAt!: Date;

  /** The operator who connected it. */
  @Column({ name: 'added_by', type: 'text' })
  addedBy!: string;
}
