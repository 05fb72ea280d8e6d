/** `npm run bench [-- name…]`: runs the named benchmarks (default: all) one after another. */
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

const ALL = ['consume', 'pipeline', 'reports', 'redeem'];
const chosen = process.argv.slice(2).length ? process.argv.slice(2) : ALL;
for (const name of chosen) {
  if (!ALL.includes(name)) {
    console.error(`unknown benchmark ${name}; choose from ${ALL.join(', ')}`);
    process.exit(2);
  }
  console.log(`::: bench ${name}`);
  const run = spawnSync(process.execPath, [join(__dirname, `${name}.bench.js`)], { stdio: 'inherit' });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
