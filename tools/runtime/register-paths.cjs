// Compiled code keeps the `@proxmox-mpc/*` import names from tsconfig `paths`; tsc does
// not rewrite them. This maps them onto dist/ at run time, from the same table the
// compiler and Jest use, so there is one source of truth for workspace imports.
const path = require('node:path');
const tsconfigPaths = require('tsconfig-paths');
const { compilerOptions } = require('../../tsconfig.base.json');

tsconfigPaths.register({
  baseUrl: path.resolve(__dirname, '../../dist'),
  paths: compilerOptions.paths,
});
