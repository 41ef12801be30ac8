module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'pve-client',
  rootDir: __dirname,
};
