import { ApiToken } from '../tokens/api-token.entity';

/** An active read token named `name`, its digest made of its name unless `overrides` say otherwise. */
export function apiToken(name: string, overrides: Partial<ApiToken> = {}): ApiToken {
  return Object.assign(new ApiToken(), {
    id: `id-${name}`,
    name,
    digest: Buffer.from(name),
    scopes: ['read'],
    nodes: [],
    guests: [],
    tools: [],
    exec: [],
    rateLimitPerMinute: null,
    expiresAt: null,
    createdAt: new Date('2026-01-01T00:00:00Z'),
    createdBy: 'token:admin',
    revokedAt: null,
    revokedBy: null,
    ...overrides,
  });
}
