import { hash } from 'node:crypto';
import type { Guest, GuestConfig } from '../../state/guest';

// qemu-server's write_vm_config / pve-container's write_pct_config: the description as
// `#` comment lines, then `key: value` lines sorted by key, then one `[name]` section per
// snapshot. PVE's `digest` is the SHA-1 of exactly that file, so any change to the
// config or its snapshots changes it.

/** The config file's text, as PVE writes `/etc/pve/nodes/<node>/<type>/<vmid>.conf`. */
export function renderConfigFile(guest: Guest): string {
  let raw = renderSection(guest.config);
  for (const name of Object.keys(guest.snapshots ?? {}).sort()) {
    raw += `\n[${name}]\n${renderSection(guest.snapshots?.[name] ?? {})}`;
  }
  return raw;
}

/** PVE's config `digest`: the SHA-1 of the config file, in hex. */
export function configDigest(guest: Guest): string {
  return hash('sha1', renderConfigFile(guest));
}

function renderSection(config: GuestConfig): string {
  let raw = '';
  const description = config['description'];
  if (description) {
    for (const line of description.split('\n')) raw += `#${encodeText(line)}\n`;
  }
  for (const key of Object.keys(config).sort()) {
    if (key === 'description' || key === 'digest') continue;
    raw += `${key}: ${config[key]}\n`;
  }
  return raw;
}

/** PVE::Tools::encode_text: control and non-ASCII characters, ':' and '%' are percent-encoded. */
function encodeText(text: string): string {
  return [...Buffer.from(text, 'utf8')]
    .map((byte) =>
      byte < 0x20 || byte > 0x7e || byte === 0x25 || byte === 0x3a
        ? `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
        : String.fromCharCode(byte),
    )
    .join('');
}
