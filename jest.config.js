/** Jest: TypeScript through swc (types are checked by `npm run typecheck`, run first by `npm test`). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  // A safety net for a test that hangs, not a pace: the suite must pass on a loaded 2-core machine.
  testTimeout: 60000,
};
