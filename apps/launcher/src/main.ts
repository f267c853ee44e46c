import { join } from 'node:path';
import { createLogger, exitOnStartupError, loadConfig } from '@steadfast/config';
import { SCRIPTED_MODEL_NAME, startEmbeddedPostgres, startScriptedModel } from '@steadfast/devstack';
import { startTemporalServer } from '@steadfast/temporal-server';
import { bootstrapAdminKey } from '@steadfast/persistence';
import { startNodeChild, type ManagedChild } from './child-process';

const ROOT = join(__dirname, '..', '..', '..', '..');
const DIST = join(ROOT, 'dist');

/**
 * `npm start`: Postgres and the Temporal dev server embedded (unless DATABASE_URL / TEMPORAL_ADDRESS name
 * real ones), then the worker and the API as child processes, exactly as they run in production. With no
 * model provider configured, agent nodes talk to the built-in scripted model on loopback.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config, 'launcher');
  const stops: (() => Promise<void>)[] = [];
  const env: NodeJS.ProcessEnv = { ...process.env };

  let databaseUrl = config.database.url;
  if (!databaseUrl) {
    const dir = join(config.dataDir, 'postgres');
    log.info({ dir, port: config.embedded.postgresPort }, 'starting embedded Postgres');
    const pg = await startEmbeddedPostgres({ dir, port: config.embedded.postgresPort });
    stops.unshift(() => pg.stop());
    databaseUrl = pg.url;
  }
  // Only for the embedded database: a production database (DATABASE_URL) gets its first key from an operator.
  const adminKey = !config.database.url && !config.auth.disabled ? await bootstrapAdminKey(databaseUrl) : null;
  let temporalAddress = config.temporal.address;
  let uiUrl = config.temporal.uiUrl;
  let temporalSource = `external (${temporalAddress})`;
  if (!temporalAddress) {
    const dbFile = join(config.dataDir, 'temporal', 'temporal.db');
    const server = await startTemporalServer({
      port: config.embedded.temporalPort,
      uiPort: config.embedded.temporalUiPort,
      dbFile,
      namespace: config.temporal.namespace,
      logFile: join(config.dataDir, 'temporal', 'server.log'),
      env: process.env,
      projectRoot: ROOT,
    });
    stops.unshift(() => server.stop());
    temporalAddress = server.address;
    uiUrl = server.uiUrl ?? uiUrl;
    temporalSource = `dev server, CLI ${server.cli.path} (${server.cli.source})`;
    log.info({ cli: server.cli.path, source: server.cli.source, dbFile }, `Temporal dev server started (CLI from ${server.cli.source})`);
  }
  Object.assign(env, { DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: temporalAddress, TEMPORAL_UI_URL: uiUrl });

  let modelSource = `${config.openai.baseUrl ?? 'OpenAI'} (default model ${config.openai.model})`;
  if (!config.openai.apiKey && !config.openai.baseUrl) {
    // The demo must work offline: agent nodes get a scripted stand-in that says what it is in every answer.
    const scripted = await startScriptedModel();
    stops.unshift(() => scripted.close());
    Object.assign(env, { OPENAI_BASE_URL: scripted.url, OPENAI_API_KEY: 'scripted-offline', OPENAI_MODEL: SCRIPTED_MODEL_NAME });
    modelSource = `SCRIPTED OFFLINE MODEL at ${scripted.url} (set OPENAI_API_KEY or OPENAI_BASE_URL for a real one)`;
    log.warn(
      { url: scripted.url, model: SCRIPTED_MODEL_NAME },
      'no OPENAI_API_KEY or OPENAI_BASE_URL: agent nodes use the built-in scripted offline model, not a real LLM',
    );
  }

  const children: ManagedChild[] = [
    startNodeChild('worker', join(DIST, 'apps', 'worker', 'src', 'main.js'), env),
    startNodeChild('api', join(DIST, 'apps', 'api', 'src', 'main.js'), env),
  ];
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log.info('stopping');
    await Promise.all(children.map((child) => child.stop()));
    for (const stop of stops) await stop().catch((err) => log.error({ err }, 'stop failed'));
    process.exit(code);
  };
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));
  for (const child of children) {
    void child.exited.then((code) => {
      if (!stopping) {
        log.error({ child: child.name, code }, 'child process exited; stopping everything');
        void shutdown(1);
      }
    });
  }

  const apiUrl = `http://${config.http.host === '0.0.0.0' ? 'localhost' : config.http.host}:${config.http.port}`;
  await waitForReady(`${apiUrl}/ready`);
  const banner = [
    '',
    'Steadfast is up.',
    `  API:          ${apiUrl}/api/runs`,
    `  API docs:     ${apiUrl}/docs`,
    `  Metrics:      ${apiUrl}/metrics`,
    `  Temporal UI:  ${uiUrl}`,
    `  Temporal:     ${temporalSource}`,
    `  Model:        ${modelSource}`,
    `  Postgres:     ${config.database.url ? 'external (DATABASE_URL)' : `embedded, port ${config.embedded.postgresPort}`}`,
    `  Data folder:  ${config.dataDir}`,
    ...authBanner(config.auth.disabled, adminKey, apiUrl),
    'Press Ctrl-C to stop.',
    '',
  ].join('\n');
  process.stdout.write(`${banner}\n`);
}

/** The admin key is printed here once, on the start that created it, and never logged. */
function authBanner(disabled: boolean, adminKey: string | null, apiUrl: string): string[] {
  if (disabled) return ['  Auth:         DISABLED (AUTH_DISABLED=true): every request is an admin of the default tenant'];
  if (!adminKey) return ['  Auth:         API keys required (Authorization: Bearer sk_...); a new one: npm run create-key'];
  return [
    '',
    `  Admin API key (shown this once; store it now): ${adminKey}`,
    `    curl -H "Authorization: Bearer ${adminKey}" ${apiUrl}/api/runs`,
    '    Lost it? npm run create-key (see docs/security.md), then revoke the old one with DELETE /api/keys/:id.',
    '',
  ];
}

async function waitForReady(url: string): Promise<void> {
  for (let i = 0; i < 240; i++) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${url} did not become ready in 120s`);
}

main().catch(exitOnStartupError);
