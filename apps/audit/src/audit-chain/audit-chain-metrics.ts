import type { ChainVerification } from '@proxmox-mpc/contracts';
import { Gauge } from 'prom-client';

// Defined here rather than in libs/telemetry's Metrics, which every service exports: only
// the audit service verifies the chain, and elsewhere these would read "intact, never checked".
const chainBroken = new Gauge({
  name: 'mpc_audit_chain_broken',
  help: 'Whether the last hash-chain verification found an altered or missing row (1) or none (0)',
});
const chainVerifiedAt = new Gauge({
  name: 'mpc_audit_chain_last_verification_timestamp_seconds',
  help: 'Unix time of the last hash-chain verification this process ran (0: none since it started)',
});

/** Keeps the last verification's result where Prometheus reads it, for alerting. */
export function recordChainVerification(result: ChainVerification): void {
  chainBroken.set(result.firstBroken ? 1 : 0);
  chainVerifiedAt.setToCurrentTime();
}
