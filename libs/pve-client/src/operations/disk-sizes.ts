import type { PveResizeSize } from '../types/pve-guest-operations';

// PVE's disk sizes: a number with an optional binary unit K, M, G or T (`32G`, `1.5T`);
// the resize API takes `+<size>` to grow by and `<size>` to grow to.

const UNITS = [
  ['T', 1024 ** 4],
  ['G', 1024 ** 3],
  ['M', 1024 ** 2],
  ['K', 1024],
] as const;
const SIZE = /^(\d+(?:\.\d+)?)([KMGT])?$/;

/** Bytes of `32G`, `512M`, `1.5T`, `4096`; throws on anything else. */
export function parseDiskSize(size: string): number {
  const match = SIZE.exec(size.trim());
  if (!match) throw new TypeError(`not a disk size: ${JSON.stringify(size)} (expected e.g. 32G, 512M)`);
  const unit = UNITS.find(([name]) => name === match[2])?.[1] ?? 1;
  return Math.trunc(Number(match[1]) * unit);
}

/** The shortest exact form: 34359738368 → `32G`, 1610612736 → `1536M`; bytes without a unit otherwise. */
export function formatDiskSize(bytes: number): string {
  if (!Number.isSafeInteger(bytes) || bytes < 0) throw new TypeError(`not a size in bytes: ${bytes}`);
  for (const [name, unit] of UNITS) {
    if (bytes > 0 && bytes % unit === 0) return `${bytes / unit}${name}`;
  }
  return String(bytes);
}

/** The resize API's `size`: `+10G` to grow by, `40G` to grow to. Shrinking is PVE's to refuse. */
export function resizeSize(size: PveResizeSize): string {
  if (typeof size === 'string') {
    const relative = size.startsWith('+');
    parseDiskSize(relative ? size.slice(1) : size);
    return size;
  }
  return 'growBy' in size ? `+${formatDiskSize(size.growBy)}` : formatDiskSize(size.to);
}
