// Defined beside the metrics and traces that report it; services import it from here too.
export { PLATFORM_VERSION } from '@proxmox-mpc/telemetry';
