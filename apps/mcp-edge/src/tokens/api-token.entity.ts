import type { TokenSummary } from '@proxmox-mpc/contracts';
import { Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';
import type { Scope } from '../access/access-policy';
import type { StoredToken } from '../access/authentication';

/**
 * An API token an operator created (table `api_tokens`). Only the SHA-256 digest of its
 * secret is kept. A revoked token keeps its row, so the audit trail can still name it,
 * and its name may be given to a new token.
 */
@Entity({ name: 'api_tokens' })
@Unique('api_tokens_digest_key', ['digest'])
@Index('api_tokens_active_name', ['name'], { unique: true, where: 'revoked_at IS NULL' })
export class ApiToken {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  @Column('bytea')
  digest!: Buffer;

  @Column('text', { array: true })
  scopes!: Scope[];

  @Column('text', { array: true, default: () => "'{}'" })
  nodes!: string[];

  @Column('text', { array: true, default: () => "'{}'" })
  guests!: string[];

  @Column('text', { array: true, default: () => "'{}'" })
  tools!: string[];

  /** Command prefixes `exec_in_guest` may run for this token; none when empty. */
  @Column('text', { array: true, default: () => "'{}'" })
  exec!: string[];

  @Column({ name: 'rate_limit_per_minute', type: 'integer', nullable: true })
  rateLimitPerMinute!: number | null;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ name: 'revoked_by', type: 'text', nullable: true })
  revokedBy!: string | null;
}

/** How a token is shown to operators and announced: everything but its digest. */
export function summaryOf(token: ApiToken): TokenSummary {
  return {
    name: token.name,
    scopes: token.scopes,
    nodes: token.nodes,
    guests: token.guests,
    tools: token.tools,
    // Absent rather than empty, so a token without one is announced as before the field existed.
    ...(token.exec.length ? { exec: token.exec } : {}),
    ...(token.rateLimitPerMinute === null ? {} : { rateLimitPerMinute: token.rateLimitPerMinute }),
    ...(token.expiresAt ? { expiresAt: token.expiresAt.toISOString() } : {}),
    createdAt: token.createdAt.toISOString(),
    createdBy: token.createdBy,
    ...(token.revokedAt ? { revokedAt: token.revokedAt.toISOString() } : {}),
    ...(token.revokedBy ? { revokedBy: token.revokedBy } : {}),
  };
}

/** What presenting the token grants, and whether it may still be used. */
export function storedTokenOf(token: ApiToken): StoredToken {
  return {
    grant: {
      actorId: `token:${token.name}`,
      scopes: token.scopes,
      nodes: token.nodes,
      guests: token.guests,
      tools: token.tools,
      exec: token.exec,
      ...(token.rateLimitPerMinute === null ? {} : { rateLimitPerMinute: token.rateLimitPerMinute }),
    },
    ...(token.expiresAt ? { expiresAt: token.expiresAt } : {}),
    ...(token.revokedAt ? { revokedAt: token.revokedAt } : {}),
  };
}
