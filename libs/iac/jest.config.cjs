module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'iac',
  rootDir: __dirname,
};
