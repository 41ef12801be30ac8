export interface PveClientOptions {
  /** The cluster's API origin, e.g. "https://pve1.example:8006"; the client adds /api2/json. */
  baseUrl: string;
  /** "user@realm!tokenname". */
  tokenId: string;
  tokenSecret: string;
  /** A custom CA (PEM) to verify the server certificate with. TLS verification is on by default. */
  caPem?: string;
  /** Explicitly turn TLS certificate verification off. Never implied by anything else. */
  insecureTls?: boolean;
  /** Per HTTP request; default 15_000. */
  timeoutMs?: number;
  /** Extra attempts for idempotent (GET) calls, with exponential backoff and jitter; default 2. */
  retries?: number;
  /** Called after every HTTP attempt, e.g. to record metrics. */
  onRequest?: (observation: PveRequestObservation) => void;
}

export interface PveRequestObservation {
  method: 'GET' | 'POST';
  /** The API path template, e.g. "/nodes/{node}/qemu/{vmid}/status/current". */
  pathTemplate: string;
  /** The HTTP status, or 'error' when no response arrived. */
  status: number | 'error';
  durationMs: number;
}
