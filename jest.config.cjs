// `npm test` runs every project in one Jest process so the platform pieces that the
// harness starts once (PostgreSQL) are shared; each test file still gets its own NATS
// server and database (see libs/testing).
const fs = require('node:fs');
const path = require('node:path');

const projects = ['apps', 'libs', 'tools'].flatMap((group) =>
  fs
    .readdirSync(path.join(__dirname, group), { withFileTypes: true })
    .filter(
      (entry) =>
        entry.isDirectory() && fs.existsSync(path.join(__dirname, group, entry.name, 'jest.config.cjs')),
    )
    .map((entry) => `<rootDir>/${group}/${entry.name}`),
);

module.exports = {
  projects,
  // Integration suites each run a NATS server and several services; two at a time is
  // what a 2-core CI machine sustains without timeouts.
  maxWorkers: process.env.NATS_URL ? 1 : 2,
  // Global, not per project: Jest ignores testTimeout inside a project's config.
  testTimeout: 60_000,
};
