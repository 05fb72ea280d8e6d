/** `npm run bench [-- name…]`: runs the named benchmarks (default: all) one after another. */
const { spawnSync } = require('node:child_process');
const { cpus, loadavg } = require('node:os');
const { join } = require('node:path');

/**
 * Lets the load of the previous benchmark die down (up to a minute) before the next starts: each one
 * records the load average to say whether the machine was quiet, and the 1-minute figure would still
 * count the benchmark before it.
 */
function settle() {
  const deadline = Date.now() + 60_000;
  while (loadavg()[0] > cpus().length && Date.now() < deadline) spawnSync('sleep', ['2']);
}

const ALL = ['consume', 'pipeline', 'reports', 'redeem'];
const chosen = process.argv.slice(2).length ? process.argv.slice(2) : ALL;
for (const [i, name] of chosen.entries()) {
  if (!ALL.includes(name)) {
    console.error(`unknown benchmark ${name}; choose from ${ALL.join(', ')}`);
    process.exit(2);
  }
  if (i > 0) settle();
  console.log(`::: bench ${name}`);
  const run = spawnSync(process.execPath, [join(__dirname, `${name}.bench.js`)], { stdio: 'inherit' });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
