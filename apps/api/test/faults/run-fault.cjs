#!/usr/bin/env node
/**
 * Runs the fault suites (apps/api/test/faults). Expects a built server (`npm run build:server`),
 * which the crash suite spawns.
 *
 *   node apps/api/test/faults/run-fault.cjs <suite|all> [--soak] [--seed N]
 *
 * Suites: crash, chaos, payments, fuzz, authz. --soak runs the full sizes (FAULT_SOAK=1); the default
 * sizes are the fast variants that `npm test` runs. --seed replays a randomized run (FAULT_SEED).
 */
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

const SUITES = {
  crash: 'crash-rounds',
  chaos: 'upstream-chaos',
  payments: 'payments-storm',
  fuzz: 'fuzz',
  authz: 'authz-matrix',
};

const args = process.argv.slice(2);
const soak = args.includes('--soak');
const seedAt = args.indexOf('--seed');
const seed = seedAt >= 0 ? args[seedAt + 1] : undefined;
const name = args.find((a, i) => !a.startsWith('--') && (seedAt < 0 || i !== seedAt + 1)) ?? 'all';
if (name !== 'all' && !SUITES[name]) {
  console.error(`unknown suite "${name}"; one of: all, ${Object.keys(SUITES).join(', ')}`);
  process.exit(2);
}
const files = name === 'all' ? Object.values(SUITES) : [SUITES[name]];
const root = join(__dirname, '../../../..');
const env = { ...process.env, ...(soak ? { FAULT_SOAK: '1' } : {}), ...(seed ? { FAULT_SEED: seed } : {}) };
const result = spawnSync(
  process.execPath,
  [
    require.resolve('jest/bin/jest', { paths: [root] }),
    '--config',
    join(root, 'jest.config.js'),
    // One suite at a time: each one loads the machine on its own.
    '--runInBand',
    ...files.map((f) => `apps/api/test/faults/${f}\\.e2e-spec\\.ts$`),
  ],
  { cwd: root, env, stdio: 'inherit' },
);
process.exit(result.status ?? 1);
