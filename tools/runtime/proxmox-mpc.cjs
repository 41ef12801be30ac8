#!/usr/bin/env node
// `proxmox-mpc`, the operator's console (apps/console): the package's bin, linked onto the
// PATH in the image; `npm run console` from a checkout. The compiled code is in dist/.
require('./register-paths.cjs');
require('../../dist/apps/console/src/main.js');
