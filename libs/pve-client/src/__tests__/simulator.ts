// The client is tested against the real simulator over HTTP. Production code of a
// `type:lib` may not depend on a `type:tool`; these test helpers (excluded from the
// build) are the one sanctioned exception, kept to this file.
export {
  DEFAULT_ROOT_PASSWORD,
  DEFAULT_SIM_TOKEN,
  PveSimulator,
  generateSelfSignedCertificate,
  type TlsCertificate,
} from '@proxmox-mpc/pve-sim';
// The simulator's own property-string and size code, to hold the client's helpers against.
export {
  IPCONFIG_FORMAT as SIM_IPCONFIG_FORMAT,
  LXC_NET_FORMAT as SIM_LXC_NET_FORMAT,
  QEMU_DRIVE_FORMAT as SIM_QEMU_DRIVE_FORMAT,
  QEMU_NET_FORMAT as SIM_QEMU_NET_FORMAT,
  formatSize as simFormatSize,
  parsePropertyString as simParsePropertyString,
  parseSize as simParseSize,
  printPropertyString as simPrintPropertyString,
} from '@proxmox-mpc/pve-sim';
