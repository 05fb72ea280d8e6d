import { parseArgs } from 'node:util';
import { FLAKY_SCENARIO, Scenario } from './scenario';
import { keyFingerprint, startFakeUpstream } from './server';

const HELP = `Usage: npm run fake-upstream -- [options]

  --port <n>            port to listen on (default 8787; 0 = any free port)
  --host <addr>         interface (default 127.0.0.1)
  --seed <n>            seed of every random choice (default 1)
  --time-scale <x>      multiply simulated durations (default 1; 0.01 makes a 5-minute video take 3 s)
  --key <key:fen>       a known API key and its balance in fen (repeatable), e.g. --key sk-test:100000
  --auto-balance <fen>  accept any key, starting it with this balance (default when no --key is given: 100000)
  --scenario <name>     "default" or "flaky" (5xx, resets, slow answers, failures, rate limits)
  --control-token <t>   require this x-fake-control-token header on /__control/*
`;

async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8787' },
      host: { type: 'string', default: '127.0.0.1' },
      seed: { type: 'string', default: '1' },
      'time-scale': { type: 'string', default: '1' },
      key: { type: 'string', multiple: true, default: [] },
      'auto-balance': { type: 'string' },
      scenario: { type: 'string', default: 'default' },
      'control-token': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const keys = (values.key ?? []).map((spec) => {
    const at = spec.lastIndexOf(':');
    if (at <= 0) throw new Error(`--key expects <key>:<balanceFen>, got a value without a balance`);
    return { key: spec.slice(0, at), balanceFen: Number(spec.slice(at + 1)) };
  });
  const scenario: Partial<Scenario> = values.scenario === 'flaky' ? FLAKY_SCENARIO : {};
  const autoBalance = values['auto-balance'] ?? (keys.length ? undefined : '100000');
  const fake = await startFakeUpstream({
    port: Number(values.port),
    host: values.host,
    seed: Number(values.seed),
    timeScale: Number(values['time-scale']),
    keys,
    scenario,
    autoRegisterBalanceFen: autoBalance === undefined ? undefined : Number(autoBalance),
    controlToken: values['control-token'],
  });
  process.stdout.write(`fake upstream listening on ${fake.url} (seed ${values.seed}, time scale ${fake.timeScale})\n`);
  for (const k of keys) process.stdout.write(`  key ${keyFingerprint(k.key)}: ¥${(k.balanceFen / 100).toFixed(2)}\n`);
  if (autoBalance !== undefined) process.stdout.write(`  any key is accepted with ¥${(Number(autoBalance) / 100).toFixed(2)}\n`);
  process.stdout.write(`  vivaapi: POST /v1/video/create, GET /v1/video/query?id=, GET /api/usage/token\n`);
  process.stdout.write(`  suchuang: POST /api/video/veoPlus, GET /api/video/veoDetail?id=, GET /api/user/balance\n`);
  process.stdout.write(
    `  control: GET /__control/state, GET /__control/requests, PUT /__control/scenario, POST /__control/{keys,faults,reset}\n`,
  );
  const stop = () => void fake.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
