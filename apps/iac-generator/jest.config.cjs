module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'iac-generator',
  rootDir: __dirname,
};
