// Browser tests: headless Chromium (Debian's, driven by playwright-core)
// against the development stack that `npm start` runs.
module.exports = {
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.e2e.test.ts'],
  testEnvironment: 'node',
  transform: {
    '\\.ts$': require.resolve('@backstage/cli/config/jestSwcTransform.js'),
  },
  globalSetup: '<rootDir>/devStack.js',
  globalTeardown: '<rootDir>/devStackTeardown.js',
  testTimeout: 120000,
};
