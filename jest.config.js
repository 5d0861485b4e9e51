/** Jest: TypeScript through swc (types are checked by `npm run typecheck`, run first by `npm test`). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }],
    // The Parquet packages are ES modules only: swc turns them into CommonJS for Jest's module system.
    '/node_modules/hyparquet(-writer)?/.+\\.js$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!hyparquet(-writer)?/)'],
  // A safety net for a test that hangs, not a pace: the suite must pass on a loaded 2-core machine.
  testTimeout: 60000,
};
