// Written from pve-common's PVE::JSONSchema (parse_size, format_size) and the resize
// handlers of qemu-server and pve-container; kept apart from libs/pve-client's helpers
// on purpose, so the simulator stays an independent oracle for the client.

const UNIT_BYTES: Readonly<Record<string, number>> = {
  '': 1,
  K: 1024,
  KiB: 1024,
  M: 1024 ** 2,
  MiB: 1024 ** 2,
  G: 1024 ** 3,
  GiB: 1024 ** 3,
  T: 1024 ** 4,
  TiB: 1024 ** 4,
};

/** PVE::JSONSchema::parse_size: `32G`, `512M`, `1.5T`, plain bytes; undefined when not a size. */
export function parseSize(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)((?:[KMGT](?:iB)?)?)$/.exec(text);
  if (!match) return undefined;
  return Math.trunc(Number(match[1]) * (UNIT_BYTES[match[2] ?? ''] ?? 1));
}

/** PVE::JSONSchema::format_size: the largest unit that divides the size exactly. */
export function formatSize(bytes: number): string {
  const size = Math.trunc(bytes);
  const kb = Math.trunc(size / 1024);
  if (kb * 1024 !== size) return String(size);
  const mb = Math.trunc(kb / 1024);
  if (mb * 1024 !== kb) return `${kb}K`;
  const gb = Math.trunc(mb / 1024);
  if (gb * 1024 !== mb) return `${mb}M`;
  const tb = Math.trunc(gb / 1024);
  if (tb * 1024 !== gb) return `${gb}G`;
  return `${tb}T`;
}

/** The resize API's `size` (pattern `\+?\d+(\.\d+)?[KMGT]?`): absolute, or relative with '+'. */
export interface ResizeRequest {
  readonly relative: boolean;
  readonly bytes: number;
}

export function parseResizeRequest(text: string): ResizeRequest | undefined {
  const match = /^(\+)?(\d+(?:\.\d+)?[KMGT]?)$/.exec(text);
  const bytes = match ? parseSize(match[2] ?? '') : undefined;
  return match && bytes !== undefined ? { relative: match[1] === '+', bytes } : undefined;
}

/** The new size a resize asks for, given the volume's current size. */
export function resizedBytes(currentBytes: number, request: ResizeRequest): number {
  return Math.trunc(request.relative ? currentBytes + request.bytes : request.bytes);
}
