import type { DataOf, InventoryGuest, Subjects } from '@proxmox-mpc/contracts';
import type { GuestResourceBody, ResourceChange } from './resource-diff';

type Command =
  | { subject: typeof Subjects.proxmoxGuestClone; data: DataOf<typeof Subjects.proxmoxGuestClone> }
  | { subject: typeof Subjects.proxmoxGuestCreate; data: DataOf<typeof Subjects.proxmoxGuestCreate> }
  | { subject: typeof Subjects.proxmoxGuestConfigure; data: DataOf<typeof Subjects.proxmoxGuestConfigure> }
  | { subject: typeof Subjects.proxmoxGuestPower; data: DataOf<typeof Subjects.proxmoxGuestPower> }
  | { subject: typeof Subjects.proxmoxGuestDelete; data: DataOf<typeof Subjects.proxmoxGuestDelete> };

/** One agent command of an apply, and what it does in words. */
export interface ApplyStep {
  action: ResourceChange['action'];
  address: string;
  name?: string;
  vmid?: number;
  description: string;
  command: Command;
}

export class ApplyRefused extends Error {}

const first = (value: unknown): Record<string, unknown> =>
  ((Array.isArray(value) ? value[0] : value) ?? {}) as Record<string, unknown>;
const text = (value: unknown): string | undefined => (value === undefined ? undefined : String(value));

// Attribute paths an update can carry to Proxmox, and the config key each one is.
const CONFIG_KEYS: Record<string, (value: unknown) => [string, string | number | boolean]> = {
  'cpu[0].cores': (value) => ['cores', Number(value)],
  'cpu[0].sockets': (value) => ['sockets', Number(value)],
  'memory[0].dedicated': (value) => ['memory', Number(value)],
  'memory[0].floating': (value) => ['balloon', Number(value)],
  'memory[0].swap': (value) => ['swap', Number(value)],
  description: (value) => ['description', String(value)],
  tags: (value) => ['tags', (value as string[]).join(';')],
  on_boot: (value) => ['onboot', Boolean(value)],
  start_on_boot: (value) => ['onboot', Boolean(value)],
  protection: (value) => ['protection', Boolean(value)],
  name: (value) => ['name', String(value)],
};

function createStep(resource: GuestResourceBody, live: readonly InventoryGuest[]): ApplyStep {
  const body = resource.body;
  const node = text(body['node_name']) as string;
  const cpu = first(body['cpu']);
  const memory = first(body['memory']);
  const config: Record<string, number> = {
    ...(cpu['cores'] !== undefined ? { cores: Number(cpu['cores']) } : {}),
    ...(memory['dedicated'] !== undefined ? { memory: Number(memory['dedicated']) } : {}),
  };
  const tags = Array.isArray(body['tags']) ? body['tags'].map(String) : undefined;
  if (resource.type === 'proxmox_virtual_environment_vm') {
    const templateId = Number(first(body['clone'])['vm_id']);
    const template = live.find((guest) => guest.vmid === templateId);
    if (!template) {
      throw new ApplyRefused(
        `${resource.address} is not a clone of an existing template; apply creates VMs by cloning only`,
      );
    }
    const name = text(body['name']) as string;
    return {
      action: 'create',
      address: resource.address,
      name,
      description: `clone ${template.name} (${template.vmid}) as ${name} on ${node}`,
      command: {
        subject: 'cmd.proxmox.guest.clone',
        data: {
          vmid: template.vmid,
          node: template.node,
          type: 'qemu',
          name,
          ...(node !== template.node ? { target: node } : {}),
          ...(Object.keys(config).length || tags
            ? { config: { ...config, ...(tags ? { tags: tags.join(';') } : {}) } }
            : {}),
          start: body['started'] !== false,
        },
      },
    };
  }
  const name = text(first(body['initialization'])['hostname']) as string;
  const ostemplate = text(first(body['operating_system'])['template_file_id']) as string;
  const disk = first(body['disk']);
  return {
    action: 'create',
    address: resource.address,
    name,
    description: `create container ${name} on ${node} from ${ostemplate}`,
    command: {
      subject: 'cmd.proxmox.guest.create',
      data: {
        type: 'lxc',
        node,
        spec: {
          name,
          ostemplate,
          ...(config['cores'] ? { cores: config['cores'] } : {}),
          ...(config['memory'] ? { memoryMb: config['memory'] } : {}),
          ...(disk['size'] !== undefined
            ? { disk: { storage: text(disk['datastore_id']) ?? 'local-lvm', sizeGb: Number(disk['size']) } }
            : {}),
          ...(tags ? { tags } : {}),
        },
        start: body['started'] !== false,
      },
    },
  };
}

function updateSteps(change: ResourceChange): ApplyStep[] {
  const locator = { vmid: change.vmid as number, ...(change.node ? { node: change.node } : {}) };
  const set: Record<string, string | number | boolean> = {};
  const steps: ApplyStep[] = [];
  for (const attribute of change.changes) {
    if (attribute.path === 'started') {
      const action = attribute.after === true ? 'start' : 'shutdown';
      steps.push({
        action: 'update',
        address: change.address,
        vmid: change.vmid as number,
        description: `${action} ${change.vmid}`,
        command: { subject: 'cmd.proxmox.guest.power', data: { ...locator, action } },
      });
      continue;
    }
    const toConfig = CONFIG_KEYS[attribute.path];
    if (!toConfig || attribute.after === undefined) {
      throw new ApplyRefused(
        `${change.address}: a change of ${attribute.path} cannot be applied through the agent`,
      );
    }
    const [key, value] = toConfig(attribute.after);
    set[key] = value;
  }
  if (Object.keys(set).length === 0) return steps;
  return [
    {
      action: 'update',
      address: change.address,
      vmid: change.vmid as number,
      description: `set ${Object.keys(set).join(', ')} of ${change.vmid}`,
      command: { subject: 'cmd.proxmox.guest.configure', data: { ...locator, set } },
    },
    ...steps,
  ];
}

/**
 * The agent commands that carry a plan out, in dependency order: creates (a template
 * must exist before its clones), then updates, then destroys (stopped first, since
 * Proxmox refuses to destroy a running guest). Refuses, before anything runs, a plan
 * with a change it cannot express as commands.
 */
export function applySteps(
  plan: readonly ResourceChange[],
  desired: readonly GuestResourceBody[],
  live: readonly InventoryGuest[],
): ApplyStep[] {
  const creates = plan
    .filter((change) => change.action === 'create')
    .map((change) =>
      createStep(desired.find((resource) => resource.address === change.address) as GuestResourceBody, live),
    );
  const updates = plan.filter((change) => change.action === 'update').flatMap(updateSteps);
  const deletes = plan
    .filter((change) => change.action === 'delete')
    .flatMap((change): ApplyStep[] => {
      const guest = live.find((candidate) => candidate.vmid === change.vmid) as InventoryGuest;
      const locator = { vmid: guest.vmid, node: guest.node, type: guest.type };
      return [
        ...(guest.status === 'running'
          ? [
              {
                action: 'delete' as const,
                address: change.address,
                vmid: guest.vmid,
                name: guest.name,
                description: `stop ${guest.name} (${guest.vmid}) to destroy it`,
                command: {
                  subject: 'cmd.proxmox.guest.power' as const,
                  data: { ...locator, action: 'stop' as const },
                },
              },
            ]
          : []),
        {
          action: 'delete',
          address: change.address,
          vmid: guest.vmid,
          name: guest.name,
          description: `destroy ${guest.name} (${guest.vmid})`,
          command: { subject: 'cmd.proxmox.guest.delete', data: { ...locator, purge: true } },
        },
      ];
    });
  return [...creates, ...updates, ...deletes];
}
