module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'mcp-edge',
  rootDir: __dirname,
};
