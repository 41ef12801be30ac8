import type { McpEdgeConfig } from '../config';
import type { AccessGrant } from './access-policy';

/** Why a call may not start now, and when it may. */
export interface LimitRefusal {
  reason: string;
  retryAfterSeconds: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

const MINUTE_MS = 60_000;

/**
 * Rate limits per caller and per caller and tool (token buckets refilled continuously,
 * so a burst up to the limit passes and the rest is paced), and a cap on the calls one
 * caller has running at once. State is per replica: with N replicas a caller gets up to
 * N times the limit, the usual trade for not putting a shared store on every call.
 */
export class CallLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly running = new Map<string, number>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly config: Pick<
      McpEdgeConfig,
      'MCP_RATE_LIMIT_PER_MINUTE' | 'MCP_TOOL_RATE_LIMITS' | 'MCP_MAX_CONCURRENT_CALLS'
    >,
    private readonly now: () => number = Date.now,
  ) {
    // A bucket that has refilled is the same as no bucket: forget it, so many one-off callers cost nothing.
    this.sweeper = setInterval(() => this.sweep(), MINUTE_MS).unref();
  }

  /** Takes one call of `tool` from each limit it falls under, or none of them and says why. */
  admit(grant: AccessGrant, tool: string): LimitRefusal | undefined {
    const limits: Array<{ key: string; perMinute: number; what: string }> = [];
    const callerLimit = grant.rateLimitPerMinute ?? this.config.MCP_RATE_LIMIT_PER_MINUTE;
    if (callerLimit > 0) limits.push({ key: grant.actorId, perMinute: callerLimit, what: 'tool calls' });
    const toolLimit = this.config.MCP_TOOL_RATE_LIMITS[tool];
    if (toolLimit)
      limits.push({ key: `${grant.actorId}\u0000${tool}`, perMinute: toolLimit, what: `${tool} calls` });
    const now = this.now();
    for (const limit of limits) {
      const bucket = this.refilled(limit.key, limit.perMinute, now);
      if (bucket.tokens < 1) {
        const retryAfterSeconds = Math.max(
          1,
          Math.ceil(((1 - bucket.tokens) * MINUTE_MS) / limit.perMinute / 1000),
        );
        return {
          reason: `rate limit: ${grant.actorId} may make ${limit.perMinute} ${limit.what} a minute; retry after ${retryAfterSeconds} s`,
          retryAfterSeconds,
        };
      }
    }
    for (const limit of limits) (this.buckets.get(limit.key) as Bucket).tokens -= 1;
    return undefined;
  }

  /** Counts a call as running until `release` is called, or refuses when the caller is at its cap. */
  begin(grant: AccessGrant): { release: () => void } | LimitRefusal {
    const cap = this.config.MCP_MAX_CONCURRENT_CALLS;
    const running = this.running.get(grant.actorId) ?? 0;
    if (cap > 0 && running >= cap) {
      return {
        reason: `${grant.actorId} already has ${running} calls running (at most ${cap}); retry when one ends`,
        retryAfterSeconds: 1,
      };
    }
    this.running.set(grant.actorId, running + 1);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        const left = (this.running.get(grant.actorId) ?? 1) - 1;
        if (left > 0) this.running.set(grant.actorId, left);
        else this.running.delete(grant.actorId);
      },
    };
  }

  close(): void {
    clearInterval(this.sweeper);
  }

  private refilled(key: string, perMinute: number, now: number): Bucket {
    const bucket = this.buckets.get(key) ?? { tokens: perMinute, updatedAt: now };
    bucket.tokens = Math.min(perMinute, bucket.tokens + ((now - bucket.updatedAt) * perMinute) / MINUTE_MS);
    bucket.updatedAt = now;
    this.buckets.set(key, bucket);
    return bucket;
  }

  private sweep(): void {
    const cutoff = this.now() - MINUTE_MS;
    for (const [key, bucket] of this.buckets) if (bucket.updatedAt < cutoff) this.buckets.delete(key);
  }
}
