import { resolveProxyNode } from '../../http/proxy-to-node';
import type { RouteDefinition } from '../../routes/route';
import { NODE_PARAMETER } from '../../routes/standard-parameters';

// Source: pve-storage PVE/API2/Disks.pm list and PVE/Diskmanage.pm get_disks: every
// block device with its SMART health and what uses it; `type: unused` keeps those nothing uses.

export const nodeDisksRoute: RouteDefinition = {
  method: 'GET',
  path: '/nodes/{node}/disks/list',
  parameters: {
    node: NODE_PARAMETER,
    'include-partitions': { type: 'boolean', optional: true },
    skipsmart: { type: 'boolean', optional: true },
    type: { type: 'string', optional: true, enum: ['unused', 'journal_disks'] },
  },
  proxyToNode: true,
  permissions: { check: ['or', ['perm', '/', ['Sys.Audit']], ['perm', '/nodes/{node}', ['Sys.Audit']]] },
  handle: ({ params }, { state }) => {
    const node = resolveProxyNode(state, params['node'] ?? '');
    const skipSmart = params['skipsmart'] === '1';
    return state
      .disks(node.name)
      .filter((disk) => params['type'] !== 'unused' || disk.used === undefined)
      .filter((disk) => params['type'] !== 'journal_disks' || disk.type !== 'hdd')
      .map((disk) => ({
        devpath: disk.devpath,
        size: disk.size,
        model: disk.model,
        serial: disk.serial,
        ...(disk.vendor !== undefined && { vendor: disk.vendor }),
        ...(disk.wwn !== undefined && { wwn: disk.wwn }),
        type: disk.type,
        health: skipSmart ? 'UNKNOWN' : disk.health,
        ...(disk.used !== undefined && { used: disk.used }),
        gpt: disk.gpt ? 1 : 0,
        mounted: disk.mounted ? 1 : 0,
        wearout: disk.wearout,
        ...(disk.rpm !== undefined && { rpm: disk.rpm }),
        osdid: -1,
        'osdid-list': null,
        by_id_link: `/dev/disk/by-id/${disk.type === 'nvme' ? 'nvme' : 'ata'}-${disk.model.replace(/\s+/g, '_')}_${disk.serial}`,
      }));
  },
};
