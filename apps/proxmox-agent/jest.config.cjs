module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'proxmox-agent',
  rootDir: __dirname,
};
