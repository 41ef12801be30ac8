import type { Guest } from '../../state/guest';
import { guestResources } from '../../state/guest-resources';
import { guestUsage } from '../../state/guest-usage';

// What qemu-server reports for a running VM's QEMU binary and machine (`full` status).
const RUNNING_QEMU = '10.1.2';
const RUNNING_MACHINE = 'pc-i440fx-10.1+pve0';

type GuestView = Record<string, string | number | object>;

/**
 * A guest as `vmstatus` reports it (the per-node lists and status/current). Only
 * fields the API schema declares are included; flags PVE sets only when true
 * (template, serial, agent) are left out otherwise, as PVE does.
 */
export function guestListEntry(guest: Guest, nowMs: number, options: { full: boolean }): GuestView {
  const resources = guestResources(guest);
  const usage = guestUsage(guest, resources, nowMs);
  const running = guest.status === 'running';
  const view: GuestView = {
    vmid: guest.vmid,
    status: guest.status,
    name: resources.name,
    cpus: resources.cpus,
    maxmem: resources.maxmem,
    maxdisk: resources.maxdisk,
    uptime: usage.uptime,
    cpu: usage.cpu,
    mem: usage.mem,
    netin: usage.netin,
    netout: usage.netout,
    diskread: usage.diskread,
    diskwrite: usage.diskwrite,
  };
  if (guest.type === 'qemu') {
    view['memhost'] = usage.mem;
    if (guest.config['serial0'] !== undefined) view['serial'] = 1;
  } else {
    view['maxswap'] = resources.maxswap;
    view['disk'] = usage.disk;
  }
  if (resources.template) view['template'] = 1;
  if (resources.lock !== undefined) view['lock'] = resources.lock;
  if (resources.tags !== undefined) view['tags'] = resources.tags;
  if (running) Object.assign(view, runningDetails(guest, options));
  return view;
}

/** status/current: the full status plus the HA state (and for VMs whether the agent is enabled). */
export function guestStatusView(guest: Guest, nowMs: number): GuestView {
  const view = guestListEntry(guest, nowMs, { full: true });
  view['ha'] = { managed: 0 };
  if (guest.type === 'qemu' && /^(?:enabled=)?1(?:,|$)/.test(guest.config['agent'] ?? '')) view['agent'] = 1;
  return view;
}

function runningDetails(guest: Guest, options: { full: boolean }): GuestView {
  const details: GuestView = {
    pressurecpusome: 0,
    pressureiosome: 0,
    pressureiofull: 0,
    pressurememorysome: 0,
    pressurememoryfull: 0,
  };
  if (guest.type === 'qemu') {
    // The LXC schema declares neither a pid nor full CPU pressure.
    if (guest.pid !== undefined) details['pid'] = guest.pid;
    details['pressurecpufull'] = 0;
    if (options.full) {
      details['qmpstatus'] = guest.paused ? 'paused' : 'running';
      details['running-qemu'] = RUNNING_QEMU;
      details['running-machine'] = RUNNING_MACHINE;
    }
  }
  return details;
}
