/** An item of GET /nodes. */
export interface PveNodeEntry {
  node: string;
  status: 'unknown' | 'online' | 'offline';
  /** CPU utilization, 0..1. */
  cpu?: number;
  /** Support level; '' without a subscription. */
  level?: string;
  maxcpu?: number;
  /** Bytes. */
  maxmem?: number;
  /** Bytes. */
  mem?: number;
  ssl_fingerprint?: string;
  /** Seconds. */
  uptime?: number;
}
