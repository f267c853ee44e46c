import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, type LogLevel as TemporalLogLevel } from '@temporalio/worker';
import { existsSync } from 'node:fs';
import OpenAI from 'openai';
import { createLogger, exitOnStartupError, loadConfig } from '@steadfast/config';
import { createDataSource, runMigrations } from '@steadfast/persistence';
import { WORKFLOW_BUNDLE_PATH } from '@steadfast/engine';
import { ensureSearchAttributes } from '@steadfast/temporal-server';
import { ensureIdempotencyPurgeSchedule } from './purge-schedule';
import { createSteadfastWorker } from './steadfast-worker';

const NODE_DURATION_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];
// The SDK's schedule-to-start buckets start at 100 ms, and a healthy queue's tasks wait less than that (docs/operations.md).
const SCHEDULE_TO_START_BUCKETS_MS = [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 900000];

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config, 'worker');
  const { address, namespace, taskQueue } = config.temporal;
  if (!config.database.url || !address) {
    throw new Error('The worker needs DATABASE_URL and TEMPORAL_ADDRESS (npm start sets both for the embedded stack)');
  }

  Runtime.install({
    logger: {
      log: (level: TemporalLogLevel, message: string, meta?: Record<string, unknown>) =>
        log[level === 'TRACE' ? 'trace' : (level.toLowerCase() as 'debug' | 'info' | 'warn' | 'error')](meta ?? {}, message),
      trace: (message, meta) => log.trace(meta ?? {}, message),
      debug: (message, meta) => log.debug(meta ?? {}, message),
      info: (message, meta) => log.info(meta ?? {}, message),
      warn: (message, meta) => log.warn(meta ?? {}, message),
      error: (message, meta) => log.error(meta ?? {}, message),
    },
    telemetryOptions: {
      metrics: {
        prometheus: {
          bindAddress: `${config.worker.metricsHost}:${config.worker.metricsPort}`,
          // The exporter's default buckets are milliseconds-sized; node durations are recorded in seconds. Keys match
          // as substrings: the second covers temporal_workflow_task_ and temporal_activity_schedule_to_start_latency.
          histogramBucketOverrides: { steadfast_node_duration_seconds: NODE_DURATION_BUCKETS_SECONDS, schedule_to_start_latency: SCHEDULE_TO_START_BUCKETS_MS },
        },
      },
    },
  });

  const dataSource = createDataSource(config.database.url, { poolSize: 10, applicationName: 'steadfast-worker' });
  await dataSource.initialize();
  const applied = await runMigrations(dataSource);
  if (applied.length > 0) log.info({ applied }, 'migrations applied');

  const clientConnection = await Connection.connect({ address });
  const added = await ensureSearchAttributes(clientConnection, namespace);
  if (added.length > 0) log.info({ added }, 'search attributes registered');
  await ensureIdempotencyPurgeSchedule(new Client({ connection: clientConnection, namespace }), taskQueue);
  await clientConnection.close();

  const { apiKey, baseUrl, model, timeoutMs, maxRetries } = config.openai;
  // A local OpenAI-compatible server may need no key, but the client insists on one.
  const openai = apiKey || baseUrl ? new OpenAI({ apiKey: apiKey ?? 'unused', baseURL: baseUrl, timeout: timeoutMs, maxRetries }) : undefined;
  if (!openai) log.warn('no model provider configured (OPENAI_API_KEY / OPENAI_BASE_URL): agent nodes will fail');

  const connection = await NativeConnection.connect({ address });
  const worker = await createSteadfastWorker({
    connection,
    namespace,
    taskQueue,
    dataSource,
    egress: config.egress,
    openai,
    defaultModel: model,
    secrets: config.secrets,
    maxConcurrentWorkflowTasks: config.worker.maxConcurrentWorkflowTasks,
    maxConcurrentActivities: config.worker.maxConcurrentActivities,
    onNotifyError: (err) => log.warn({ err }, 'run-event notification failed; live streams catch up at their next poll'),
    workflowBundlePath: existsSync(WORKFLOW_BUNDLE_PATH) ? WORKFLOW_BUNDLE_PATH : undefined,
  });
  log.info(
    {
      address,
      namespace,
      taskQueue,
      secretNames: Object.keys(config.secrets),
      model: { baseUrl: baseUrl ?? 'https://api.openai.com/v1', defaultModel: model },
      metrics: `http://${config.worker.metricsHost}:${config.worker.metricsPort}/metrics`,
    },
    'worker started',
  );
  // Worker.run resolves after SIGINT/SIGTERM once in-flight tasks are handed back.
  await worker.run();
  await connection.close();
  await dataSource.destroy();
  log.info('worker stopped');
}

main().catch(exitOnStartupError);
