// The client is tested against the real simulator over HTTP. Production code of a
// `type:lib` may not depend on a `type:tool`; these test helpers (excluded from the
// build) are the one sanctioned exception, kept to this file.
export { DEFAULT_SIM_TOKEN, PveSimulator } from '@proxmox-mpc/pve-sim';
