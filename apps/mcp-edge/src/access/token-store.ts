import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { HandlerError, MessageBus, Outbox } from '@proxmox-mpc/bus';
import { Subjects, type TokenSummary } from '@proxmox-mpc/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import type { AccessGrant, Scope } from './access-policy';
import { tokenDigest } from './token-digest';

/** What an operator asks for when creating a token (already validated at the edge). */
export interface TokenSpec {
  name: string;
  scopes: Scope[];
  nodes: string[];
  guests: string[];
  tools: string[];
  rateLimitPerMinute?: number;
  expiresAt?: Date;
}

/** A stored token found by its digest: its grant, and whether it may still be used. */
export interface StoredToken {
  grant: AccessGrant;
  expiresAt?: Date;
  revokedAt?: Date;
}

interface TokenRow {
  name: string;
  scopes: Scope[];
  nodes: string[];
  guests: string[];
  tools: string[];
  rate_limit_per_minute: number | null;
  expires_at: Date | null;
  created_at: Date;
  created_by: string;
  revoked_at: Date | null;
  revoked_by: string | null;
}

const COLUMNS = `name, scopes, nodes, guests, tools, rate_limit_per_minute, expires_at, created_at, created_by, revoked_at, revoked_by`;

// The prefix makes a leaked token easy to recognise (and to grep for) in logs and code.
const TOKEN_PREFIX = 'mpc_';

/**
 * API tokens created by operators, in PostgreSQL, so every replica sees a revocation on
 * the next request. The secret is generated here, returned once, and stored only as
 * its SHA-256 digest; creations and revocations are announced (without the secret) for
 * the audit log, in the same transaction as the change.
 */
@Injectable()
export class TokenStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly bus: MessageBus,
    private readonly outbox: Outbox,
  ) {}

  async create(spec: TokenSpec, createdBy: string): Promise<{ token: string; summary: TokenSummary }> {
    const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const summary = await this.change(createdBy, Subjects.mcpTokenCreated, async (manager) => {
      const existing: unknown[] = await manager.query(
        `SELECT 1 FROM api_tokens WHERE name = $1 AND revoked_at IS NULL`,
        [spec.name],
      );
      if (existing.length > 0) {
        throw new HandlerError('CONFLICT', `a token named "${spec.name}" exists; revoke it first`, false);
      }
      const rows: TokenRow[] = await manager.query(
        `INSERT INTO api_tokens (id, name, digest, scopes, nodes, guests, tools, rate_limit_per_minute, expires_at, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${COLUMNS}`,
        [
          randomUUID(),
          spec.name,
          tokenDigest(token),
          spec.scopes,
          spec.nodes,
          spec.guests,
          spec.tools,
          spec.rateLimitPerMinute ?? null,
          spec.expiresAt ?? null,
          createdBy,
        ],
      );
      return rows[0] as TokenRow;
    });
    return { token, summary };
  }

  async revoke(name: string, revokedBy: string): Promise<TokenSummary> {
    return this.change(revokedBy, Subjects.mcpTokenRevoked, async (manager) => {
      const [rows]: [TokenRow[], number] = await manager.query(
        `UPDATE api_tokens SET revoked_at = now(), revoked_by = $2
          WHERE name = $1 AND revoked_at IS NULL RETURNING ${COLUMNS}`,
        [name, revokedBy],
      );
      const row = rows[0];
      if (!row) throw new HandlerError('NOT_FOUND', `no active token named "${name}"`, false);
      return row;
    });
  }

  async list(includeRevoked: boolean): Promise<TokenSummary[]> {
    const rows: TokenRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM api_tokens ${includeRevoked ? '' : 'WHERE revoked_at IS NULL'} ORDER BY name, created_at`,
    );
    return rows.map(toSummary);
  }

  async find(digest: Buffer): Promise<StoredToken | undefined> {
    const rows: TokenRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM api_tokens WHERE digest = $1`,
      [digest],
    );
    const row = rows[0];
    if (!row) return undefined;
    return {
      grant: {
        actorId: `token:${row.name}`,
        scopes: row.scopes,
        nodes: row.nodes,
        guests: row.guests,
        tools: row.tools,
        ...(row.rate_limit_per_minute === null ? {} : { rateLimitPerMinute: row.rate_limit_per_minute }),
      },
      ...(row.expires_at ? { expiresAt: row.expires_at } : {}),
      ...(row.revoked_at ? { revokedAt: row.revoked_at } : {}),
    };
  }

  private async change(
    actorId: string,
    subject: typeof Subjects.mcpTokenCreated | typeof Subjects.mcpTokenRevoked,
    write: (manager: EntityManager) => Promise<TokenRow>,
  ): Promise<TokenSummary> {
    const summary = await this.dataSource.transaction(async (manager) => {
      const changed = toSummary(await write(manager));
      const origin = { correlationId: randomUUID(), actor: { kind: 'operator' as const, id: actorId } };
      await this.outbox.enqueue(manager, subject, this.bus.envelope(subject, changed, origin));
      return changed;
    });
    await this.outbox.flush();
    return summary;
  }
}

function toSummary(row: TokenRow): TokenSummary {
  return {
    name: row.name,
    scopes: row.scopes,
    nodes: row.nodes,
    guests: row.guests,
    tools: row.tools,
    ...(row.rate_limit_per_minute === null ? {} : { rateLimitPerMinute: row.rate_limit_per_minute }),
    ...(row.expires_at ? { expiresAt: row.expires_at.toISOString() } : {}),
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
    ...(row.revoked_at ? { revokedAt: row.revoked_at.toISOString() } : {}),
    ...(row.revoked_by ? { revokedBy: row.revoked_by } : {}),
  };
}
