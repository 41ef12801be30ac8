import type { RouteDefinition } from '../../routes/route';

/** The release the simulator answers as; matches the API schema it is checked against. */
export const SIMULATED_PVE_VERSION = {
  version: '9.2.3',
  release: '9.2',
  repoid: '5d2e8c1a7f3b9046',
} as const;

export const versionRoute: RouteDefinition = {
  method: 'GET',
  path: '/version',
  parameters: {},
  permissions: { user: 'all' },
  handle: () => ({ ...SIMULATED_PVE_VERSION }),
};
