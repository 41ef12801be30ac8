import type { RequestedGuest, RequestedGuestInstance } from '@proxmox-mpc/contracts';
import { attributes, block, comment, renderHcl, type HclNode } from '../hcl/hcl';
import { CONTAINER_RESOURCE, VM_RESOURCE } from '../terraform/guest-resource';
import type { GeneratedFile } from '../terraform/terraform-files';

export const REQUESTED_FILE = 'terraform/requested.tf';

/** `count` expands `web` into web-01, web-02, … */
export function expandRequests(requests: readonly RequestedGuest[]): RequestedGuestInstance[] {
  return requests.flatMap(({ count, name, ...rest }) =>
    count === undefined
      ? [{ ...rest, name }]
      : Array.from({ length: count }, (_, index) => ({
          ...rest,
          name: `${name}-${String(index + 1).padStart(Math.max(2, String(count).length), '0')}`,
        })),
  );
}

/** `new_vm_web_01`: requested guests have no VMID until they are created. */
function requestedName(guest: RequestedGuestInstance): string {
  const slug = guest.name.toLowerCase().replace(/[^a-z0-9]+/g, '_');
  return `new_${guest.type === 'qemu' ? 'vm' : 'ct'}_${slug}`;
}

function resourceFor(guest: RequestedGuestInstance): HclNode {
  if (guest.type === 'qemu') {
    return block(
      'resource',
      [VM_RESOURCE, requestedName(guest)],
      [
        ...attributes({ node_name: guest.node, name: guest.name, tags: guest.tags, started: true }),
        block('clone', [], attributes({ vm_id: guest.template })),
        ...(guest.cores ? [block('cpu', [], attributes({ cores: guest.cores }))] : []),
        ...(guest.memoryMb ? [block('memory', [], attributes({ dedicated: guest.memoryMb }))] : []),
      ],
    );
  }
  return block(
    'resource',
    [CONTAINER_RESOURCE, requestedName(guest)],
    [
      ...attributes({ node_name: guest.node, tags: guest.tags, started: true }),
      ...(guest.cores ? [block('cpu', [], attributes({ cores: guest.cores }))] : []),
      ...(guest.memoryMb ? [block('memory', [], attributes({ dedicated: guest.memoryMb }))] : []),
      ...(guest.diskGb ? [block('disk', [], attributes({ size: guest.diskGb }))] : []),
      block('initialization', [], attributes({ hostname: guest.name })),
      block('operating_system', [], attributes({ template_file_id: guest.ostemplate })),
    ],
  );
}

/**
 * The guests a change asks for, as resources without VMIDs (Proxmox picks them when
 * they are created), in one file apart from the imported ones.
 */
export function requestedGuestsFile(guests: readonly RequestedGuestInstance[]): GeneratedFile {
  const sorted = [...guests].sort((a, b) => a.name.localeCompare(b.name) || a.type.localeCompare(b.type));
  return {
    path: REQUESTED_FILE,
    content: renderHcl([
      comment('Guests requested through Proxmox-MPC (iac_plan); created when the change is applied.'),
      ...sorted.map(resourceFor),
    ]),
  };
}
