import type { PveAuth } from '../auth/pve-auth';
import type { CircuitBreakerOptions, CircuitChange } from '../http/circuit-breaker';
import type { PveRequestObservation } from '../http/pve-http';

export interface PveClientOptions {
  /** The cluster's API origin, e.g. "https://pve1.example:8006"; the client adds /api2/json. */
  baseUrl: string;
  /** An API token or a user's password (ticket login). Required unless tokenId/tokenSecret are given. */
  auth?: PveAuth;
  /** "user@realm!tokenname"; the same as `auth: { kind: 'token', tokenId, secret }`. */
  tokenId?: string;
  tokenSecret?: string;
  /** A custom CA (PEM) to verify the server certificate with. TLS verification is on by default. */
  caPem?: string;
  /** Explicitly turn TLS certificate verification off. Never implied by anything else. */
  insecureTls?: boolean;
  /** Per HTTP request; default 15_000. */
  timeoutMs?: number;
  /** Extra attempts for idempotent (GET) calls, with exponential backoff and jitter; default 2. */
  retries?: number;
  /** Ticket auth: how long the server keeps a ticket valid (default PVE's 2 hours); renewal comes well before. */
  ticketLifetimeMs?: number;
  /** Most requests in flight at once; further calls wait in order. Default 8. */
  maxConcurrency?: number;
  /** The circuit breaker's thresholds, or false to turn it off. */
  circuitBreaker?: CircuitBreakerOptions | false;
  /** Called when the circuit opens, half-opens or closes, e.g. to record a metric. */
  onCircuitChange?: (change: CircuitChange) => void;
  /** Called after every HTTP attempt, e.g. to record metrics. */
  onRequest?: (observation: PveRequestObservation) => void;
}
