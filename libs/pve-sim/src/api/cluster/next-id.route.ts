import { PveHttpError } from '../../http/pve-http-error';
import type { RouteDefinition } from '../../routes/route';
import { VMID_PARAMETER } from '../../routes/standard-parameters';

// datacenter.cfg `next-id` defaults: the search stops below the schema's maximum.
const LOWER = 100;
const UPPER = 1_000_000;

/**
 * Source: pve-manager PVE/API2/Cluster.pm nextid. The answer is a JSON string: Perl's
 * JSON encoder writes a scalar last used as text (here, as a hash key) as a string,
 * so real PVE answers `{"data":"101"}` although the schema says integer.
 */
export const nextIdRoute: RouteDefinition = {
  method: 'GET',
  path: '/cluster/nextid',
  parameters: { vmid: { ...VMID_PARAMETER, optional: true } },
  permissions: { user: 'all' },
  handle: ({ params }, { state }) => {
    const requested = params['vmid'];
    if (requested !== undefined) {
      if (!state.guest(Number(requested))) return requested;
      throw PveHttpError.parameters({ vmid: `VM ${requested} already exists` });
    }
    for (let vmid = LOWER; vmid < UPPER; vmid++) if (!state.guest(vmid)) return String(vmid);
    throw PveHttpError.failed(`unable to get any free VMID in range [${LOWER}, ${UPPER}]`);
  },
};
