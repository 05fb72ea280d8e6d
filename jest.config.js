/** One Jest run for the whole monorepo: unit specs next to the code, e2e specs on a real PostgreSQL. */
const swc = ['@swc/jest', { swcrc: true }];

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/apps/api', '<rootDir>/libs', '<rootDir>/tools', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: {
    '^@reelmeter/shared$': '<rootDir>/libs/shared/src/index.ts',
    '^@reelmeter/fake-upstream$': '<rootDir>/tools/fake-upstream/src/index.ts',
  },
  globalSetup: '<rootDir>/apps/api/test/global-setup.ts',
  globalTeardown: '<rootDir>/apps/api/test/global-teardown.ts',
  testTimeout: 120_000,
  maxWorkers: 2,
  // A fresh worker per test file: background work (queues, timers) that outlives one file's teardown
  // must never leak into the next file.
  workerIdleMemoryLimit: '10MB',
  verbose: false,
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
};
