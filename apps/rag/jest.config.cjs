module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'rag',
  rootDir: __dirname,
};
