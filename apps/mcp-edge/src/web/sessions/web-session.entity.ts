import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AccessGrant } from '../../access/access-policy';

/** A signed-in operator of the web console (table `web_sessions`). */
@Entity({ name: 'web_sessions' })
export class WebSession {
  /** SHA-256 of the id in the browser's cookie; the id itself is never stored. */
  @PrimaryColumn({ name: 'id_digest', type: 'bytea' })
  idDigest!: Buffer;

  /** Who acts: `token:<name>` or `oauth:<sub>`, the actor of every command the session sends. */
  @Column({ name: 'actor_id', type: 'text' })
  actorId!: string;

  /** The API token signed in with, by digest: looked up again at every request. */
  @Column({ name: 'token_digest', type: 'bytea', nullable: true })
  tokenDigest!: Buffer | null;

  /** What an OAuth access token granted at sign-in; the session ends when that token expires. */
  @Column({ name: 'oauth_grant', type: 'jsonb', nullable: true })
  oauthGrant!: AccessGrant | null;

  /** The synchronizer token every form of this session carries. */
  @Column({ name: 'csrf_token', type: 'text' })
  csrfToken!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'last_seen_at', type: 'timestamptz' })
  lastSeenAt!: Date;

  /** The absolute end, whatever the activity. */
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;
}
