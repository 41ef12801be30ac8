// Runs before `npm start`, `npm test` and `npm run bench` (their "pre" scripts): installs
// dependencies on a fresh clone and compiles the workspace, so the README's two commands
// work as written. Plain CommonJS, no dependencies: it runs before node_modules exists,
// on whatever Node the machine has.
const { spawnSync } = require('node:child_process');
const { existsSync, statSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '../..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(args) {
  const result = spawnSync(npm, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const installed = path.join(root, 'node_modules', '.package-lock.json');
const lock = path.join(root, 'package-lock.json');
if (!existsSync(installed) || statSync(installed).mtimeMs < statSync(lock).mtimeMs) {
  process.stdout.write('Installing dependencies (npm ci)…\n');
  run(['ci', '--no-audit', '--no-fund']);
}
run(['run', '--silent', 'build']);
