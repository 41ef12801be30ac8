import type { ApplianceTemplate, RemoteFile } from '../state/node-hardware';

// What the simulated internet serves: installer images and the container templates of
// download.proxmox.com, for `download-url`, `query-url-metadata` and pveam. Every
// scenario reaches the same internet.

const MIB = 1024 ** 2;
const PROXMOX_IMAGES = 'http://download.proxmox.com/images/system';

/** A stable, plausible SHA-512 digest for a file name (the simulator stores no file content). */
function digestOf(name: string): string {
  let hex = '';
  for (let round = 0; hex.length < 128; round += 1) {
    let value = round + 1;
    for (const char of name) value = (Math.imul(value, 31) + char.charCodeAt(0)) >>> 0;
    hex += value.toString(16).padStart(8, '0');
  }
  return hex.slice(0, 128);
}

const TEMPLATES = [
  { os: 'debian-13', file: 'debian-13-standard_13.1-2_amd64.tar.zst', version: '13.1-2', sizeMiB: 130 },
  { os: 'debian-12', file: 'debian-12-standard_12.7-1_amd64.tar.zst', version: '12.7-1', sizeMiB: 120 },
  {
    os: 'ubuntu-24.04',
    file: 'ubuntu-24.04-standard_24.04-2_amd64.tar.zst',
    version: '24.04-2',
    sizeMiB: 141,
  },
  { os: 'alpine-3.22', file: 'alpine-3.22-default_20250617_amd64.tar.xz', version: '3.22-0', sizeMiB: 3 },
] as const;

export const APPLIANCES: readonly ApplianceTemplate[] = TEMPLATES.map((entry) => ({
  template: entry.file,
  os: entry.os.split('-')[0] ?? entry.os,
  section: 'system',
  package: entry.file.split('_')[0] ?? entry.file,
  version: entry.version,
  headline: `${entry.os} system template`,
  description: `A small ${entry.os} system image for containers.`,
  location: `${PROXMOX_IMAGES}/${entry.file}`,
  sha512sum: digestOf(entry.file),
  architecture: 'amd64',
}));

export const REMOTE_FILES: readonly RemoteFile[] = [
  ...TEMPLATES.map((entry) => ({
    url: `${PROXMOX_IMAGES}/${entry.file}`,
    size: entry.sizeMiB * MIB,
    mimetype: 'application/octet-stream',
  })),
  {
    url: 'https://cdimage.debian.org/debian-cd/current/amd64/iso-cd/debian-13.1.0-amd64-netinst.iso',
    size: 754 * MIB,
    mimetype: 'application/x-iso9660-image',
  },
  {
    url: 'https://cdimage.debian.org/debian-cd/current/amd64/iso-dvd/debian-13.1.0-amd64-DVD-1.iso',
    size: 3_994 * MIB,
    mimetype: 'application/x-iso9660-image',
  },
  {
    url: 'https://releases.ubuntu.com/24.04/ubuntu-24.04.3-live-server-amd64.iso',
    size: 3_140 * MIB,
    mimetype: 'application/x-iso9660-image',
  },
];
