/**
 * @proxmox-mpc/contracts: every message on the bus: its subject, zod schema, payload type
 * and the typed subject → payload tables.
 *
 * One folder per message (`<area>/<message>/index.ts`), registered by one line in
 * `messages.ts`. How to add one and how to change a payload without breaking a rolling
 * deployment or the audit log: docs/contracts.md.
 */
export * from './audit/chain';
export * from './define';
export * from './envelope';
export * from './errors';
export * from './iac/drift';
export * from './iac/workspace';
export * from './mcp/approval';
export * from './mcp/token';
export * from './messages';
export * from './proxmox/formats';
export * from './proxmox/freshness';
export * from './proxmox/guest';
export * from './proxmox/guest-selector';
export * from './proxmox/inventory-guest';
export * from './proxmox/sync-mode';
export * from './proxmox/operation';
export * from './proxmox/operation-command';
export * from './rag/knowledge';
export * from './registry';
export * from './subjects';
export * from './validation';
