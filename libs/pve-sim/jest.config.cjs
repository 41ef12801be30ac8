module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'pve-sim',
  rootDir: __dirname,
};
