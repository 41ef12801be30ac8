import { z } from 'zod';

/**
 * Field formats for everything a caller may send toward Proxmox, following PVE's own
 * formats (pve-common JSONSchema). Free text that reaches a guest config is checked
 * here, at the edge: a value can never carry a newline into a config file.
 */

/** True if `value` holds a control character (tab and newline allowed only when `multiline`). */
function hasControlCharacter(value: string, multiline: boolean): boolean {
  for (let index = 0; index < value.length; index += 1) {
    const code = value.charCodeAt(index);
    if (code === 0x7f || (code < 0x20 && !(multiline && (code === 0x09 || code === 0x0a)))) return true;
  }
  return false;
}

/** PVE's `dns-name`: a VM name or CT hostname. */
export const GuestNameSchema = z
  .string()
  .max(63)
  .regex(
    /^[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)*$/,
    'expected a DNS name: letters, digits, dashes and dots, e.g. "web-01"',
  );

/** PVE's `pve-tag`. */
export const TagSchema = z
  .string()
  .max(64)
  .regex(/^[a-zA-Z0-9_][a-zA-Z0-9_\-+.]*$/, 'expected a tag: letters, digits and _ - + .');

/** PVE's `pve-storage-id`. */
export const StorageIdSchema = z
  .string()
  .max(64)
  .regex(/^[a-zA-Z][a-zA-Z0-9\-_.]*[a-zA-Z0-9]$/, 'expected a storage id such as "local-lvm"');

/** PVE's `pve-configid` for snapshot names. */
export const SnapshotNameSchema = z
  .string()
  .max(40)
  .regex(/^[a-zA-Z][a-zA-Z0-9_-]*$/, 'expected a snapshot name: a letter, then letters, digits, _ or -');

/** PVE's `pve-poolid`. */
export const PoolIdSchema = z
  .string()
  .max(64)
  .regex(/^[A-Za-z0-9_\-.]+$/, 'expected a pool id: letters, digits and _ - .');

/** PVE's `pve-volume-id`, e.g. `local:iso/debian-12.iso` or `local-lvm:vm-100-disk-0`. */
export const VolumeIdSchema = z
  .string()
  .max(255)
  .regex(
    /^[a-zA-Z][a-zA-Z0-9\-_.]*[a-zA-Z0-9]:[^\s,;]+$/,
    'expected a volume id such as "local:backup/vzdump-qemu-100.vma.zst"',
  )
  .refine((value) => !hasControlCharacter(value, false), 'expected a volume id without control characters');

/** A Linux bridge name such as `vmbr0`. */
export const BridgeSchema = z
  .string()
  .max(15)
  .regex(/^[a-zA-Z][a-zA-Z0-9_.-]*$/, 'expected a bridge name such as "vmbr0"');

/** A guest disk key: `scsi0`, `virtio1`, `sata0`, `ide2`, `efidisk0`, `rootfs`, `mp0`. */
export const DiskKeySchema = z
  .string()
  .regex(
    /^((scsi|virtio|sata|ide|efidisk|tpmstate|mp)\d{1,2}|rootfs)$/,
    'expected a disk such as "scsi0" or "rootfs"',
  );

/** A disk size as PVE takes it: `32G`, or `+10G` to grow by that much. */
export const DiskSizeSchema = z
  .string()
  .regex(/^\+?\d+(\.\d+)?[KMGT]?$/, 'expected a size such as "40G" or "+10G"');

/** Free text (descriptions): any printable text, newlines allowed, no other control characters. */
export const DescriptionSchema = z
  .string()
  .max(8192)
  .refine((value) => !hasControlCharacter(value, true), 'expected printable text');

/** A raw PVE config key such as `net1` or `ipconfig0`. */
export const ConfigKeySchema = z
  .string()
  .max(32)
  .regex(/^[a-z][a-z0-9_-]*$/, 'expected a Proxmox config key such as "memory" or "net0"');

/** A raw PVE config value: one line, no control characters. */
export const ConfigValueSchema = z.union([
  z
    .string()
    .max(8192)
    .refine(
      (value) => !hasControlCharacter(value, false),
      'expected one line of text without control characters',
    ),
  z.number(),
  z.boolean(),
]);

/** PVE's tag list as a config value: tags separated by `;` (PVE also takes `,` and spaces). */
const TagListSchema = z
  .string()
  .max(8192)
  .refine(
    (value) => value.split(/[;, ]+/).every((tag) => tag === '' || TagSchema.safeParse(tag).success),
    'expected tags separated by ";", each letters, digits and _ - + .',
  );

// Config keys whose values are free text or names: checked by their own format, so a
// caller cannot reach Proxmox with a name or tag that the dedicated inputs would refuse.
const KNOWN_CONFIG_VALUES: Record<string, z.ZodType> = {
  name: GuestNameSchema,
  hostname: GuestNameSchema,
  description: DescriptionSchema,
  tags: TagListSchema,
};

/** Raw PVE config to set: each value one line of text, and names, tags and descriptions in their formats. */
export const ConfigSetSchema = z
  .record(ConfigKeySchema, z.union([z.string(), z.number(), z.boolean()]))
  .superRefine((values, context) => {
    for (const [key, value] of Object.entries(values)) {
      const checked = (KNOWN_CONFIG_VALUES[key] ?? ConfigValueSchema).safeParse(value);
      for (const issue of checked.error?.issues ?? []) {
        context.addIssue({ code: 'custom', path: [key, ...issue.path], message: issue.message });
      }
    }
  });

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
export const Ipv4Schema = z.string().regex(IPV4, 'expected an IPv4 address such as 192.0.2.10');
export const Ipv4CidrSchema = z.string().refine((value) => {
  const [address, prefix] = value.split('/');
  return (
    address !== undefined && IPV4.test(address) && /^\d{1,2}$/.test(prefix ?? '') && Number(prefix) <= 32
  );
}, 'expected an IPv4 address with prefix such as 192.0.2.10/24');

/** One OpenSSH public key line. */
export const SshPublicKeySchema = z
  .string()
  .max(16_384)
  .regex(
    /^(ssh-(rsa|ed25519|dss)|ecdsa-sha2-nistp(256|384|521)|sk-(ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com) [A-Za-z0-9+/=]+( .*)?$/,
    'expected one OpenSSH public key, e.g. "ssh-ed25519 AAAA… user@host"',
  )
  .refine((value) => !hasControlCharacter(value, false), 'expected one OpenSSH public key on one line');

export const CloudInitSchema = z
  .object({
    user: z
      .string()
      .regex(/^[a-z_][a-z0-9_-]{0,31}$/, 'expected a Linux user name')
      .optional(),
    /** Hashed by Proxmox when stored; redacted from logs, events and the audit log. */
    password: z.string().min(5).max(256).optional(),
    sshKeys: z.array(SshPublicKeySchema).max(32).optional(),
    ip: z
      .union([
        z.literal('dhcp'),
        z.object({ address: Ipv4CidrSchema, gateway: Ipv4Schema.optional() }).strict(),
      ])
      .optional(),
    nameserver: Ipv4Schema.optional(),
  })
  .strict();
export type CloudInit = z.infer<typeof CloudInitSchema>;
