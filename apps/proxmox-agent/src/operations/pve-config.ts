import type { CloudInit, GuestSpec } from '@proxmox-mpc/contracts';

export type PveParams = Record<string, string | number>;

const flag = (value: boolean): number => (value ? 1 : 0);

/** PVE stores `sshkeys` URL-encoded, one key per line (qemu-server's cloud-init format). */
function encodeSshKeys(keys: readonly string[]): string {
  return encodeURIComponent(keys.join('\n')).replace(/'/g, '%27');
}

function ipConfig(ip: CloudInit['ip']): string | undefined {
  if (ip === undefined) return undefined;
  if (ip === 'dhcp') return 'ip=dhcp';
  return ip.gateway ? `ip=${ip.address},gw=${ip.gateway}` : `ip=${ip.address}`;
}

/** Cloud-init settings as QEMU config keys. */
export function qemuCloudInitConfig(cloudInit: CloudInit): PveParams {
  const params: PveParams = {};
  if (cloudInit.user) params.ciuser = cloudInit.user;
  if (cloudInit.password) params.cipassword = cloudInit.password;
  if (cloudInit.sshKeys?.length) params.sshkeys = encodeSshKeys(cloudInit.sshKeys);
  const ip = ipConfig(cloudInit.ip);
  if (ip) params.ipconfig0 = ip;
  if (cloudInit.nameserver) params.nameserver = cloudInit.nameserver;
  return params;
}

/** Extra config keys as PVE takes them: booleans as 0/1. */
export function rawConfig(config: Record<string, string | number | boolean> | undefined): PveParams {
  return Object.fromEntries(
    Object.entries(config ?? {}).map(([key, value]) => [
      key,
      typeof value === 'boolean' ? flag(value) : value,
    ]),
  );
}

/** A platform guest spec as the parameters of `POST /nodes/{node}/qemu`. */
export function qemuCreateParams(vmid: number, spec: GuestSpec): PveParams {
  const network = spec.network;
  const params: PveParams = {
    vmid,
    name: spec.name,
    ostype: 'l26',
    scsihw: 'virtio-scsi-single',
    ...(spec.cores ? { cores: spec.cores } : {}),
    ...(spec.memoryMb ? { memory: spec.memoryMb } : {}),
    ...(spec.disk ? { scsi0: `${spec.disk.storage}:${spec.disk.sizeGb}` } : {}),
    ...(network
      ? {
          net0: [
            network.model ?? 'virtio',
            `bridge=${network.bridge}`,
            ...(network.firewall === undefined ? [] : [`firewall=${flag(network.firewall)}`]),
            ...(network.vlan ? [`tag=${network.vlan}`] : []),
          ].join(','),
        }
      : {}),
    ...(spec.agent === undefined ? {} : { agent: flag(spec.agent) }),
    ...common(spec),
  };
  if (spec.cloudInit) {
    // The cloud-init drive holds the generated seed; it lives on the disk's storage.
    params.ide2 = `${spec.disk?.storage ?? 'local-lvm'}:cloudinit`;
    Object.assign(params, qemuCloudInitConfig(spec.cloudInit));
  }
  return { ...params, ...rawConfig(spec.config) };
}

/** A platform guest spec as the parameters of `POST /nodes/{node}/lxc`. */
export function lxcCreateParams(vmid: number, spec: GuestSpec): PveParams {
  const network = spec.network;
  const ip = spec.cloudInit?.ip;
  const params: PveParams = {
    vmid,
    hostname: spec.name,
    ostemplate: spec.ostemplate as string,
    ...(spec.cores ? { cores: spec.cores } : {}),
    ...(spec.memoryMb ? { memory: spec.memoryMb } : {}),
    ...(spec.disk ? { rootfs: `${spec.disk.storage}:${spec.disk.sizeGb}` } : {}),
    ...(network
      ? {
          net0: [
            'name=eth0',
            `bridge=${network.bridge}`,
            ...(ip === undefined
              ? []
              : ip === 'dhcp'
                ? ['ip=dhcp']
                : [`ip=${ip.address}`, ...(ip.gateway ? [`gw=${ip.gateway}`] : [])]),
            ...(network.firewall === undefined ? [] : [`firewall=${flag(network.firewall)}`]),
            ...(network.vlan ? [`tag=${network.vlan}`] : []),
          ].join(','),
        }
      : {}),
    ...(spec.unprivileged === undefined ? {} : { unprivileged: flag(spec.unprivileged) }),
    ...(spec.cloudInit?.password ? { password: spec.cloudInit.password } : {}),
    ...(spec.cloudInit?.sshKeys?.length ? { 'ssh-public-keys': spec.cloudInit.sshKeys.join('\n') } : {}),
    ...(spec.cloudInit?.nameserver ? { nameserver: spec.cloudInit.nameserver } : {}),
    ...common(spec),
  };
  return { ...params, ...rawConfig(spec.config) };
}

function common(spec: GuestSpec): PveParams {
  return {
    ...(spec.tags?.length ? { tags: spec.tags.join(';') } : {}),
    ...(spec.description ? { description: spec.description } : {}),
    ...(spec.pool ? { pool: spec.pool } : {}),
    ...(spec.onboot === undefined ? {} : { onboot: flag(spec.onboot) }),
  };
}
