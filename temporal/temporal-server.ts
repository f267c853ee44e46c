import { TestWorkflowEnvironment } from '@temporalio/testing';
import { SEARCH_ATTRIBUTES } from '@steadfast/engine';
import { startTemporalDevServer, type DevServerOptions } from './dev-server';
import { dynamicConfigArgs, readDynamicConfig } from './dynamic-config';
import { resolveTemporalCli, type ResolvedCli } from './resolve-cli';

/** The dev server's options, less what this module finds itself: the CLI (from env) and the dynamic config. */
export interface TemporalServerOptions extends Omit<DevServerOptions, 'cliPath' | 'ip' | 'dynamicConfig'> {
  env: NodeJS.ProcessEnv;
  projectRoot: string;
}

export interface TemporalServerHandle {
  address: string;
  uiUrl?: string;
  cli: ResolvedCli;
  /** The server process, when it runs from a resolved CLI (the SDK's download keeps its own). */
  pid?: number;
  stop(): Promise<void>;
}

/** The dev server from the resolved CLI; the SDK's own download is the last resort, for machines online. */
export async function startTemporalServer(options: TemporalServerOptions): Promise<TemporalServerHandle> {
  const cli = resolveTemporalCli(options.env, options.projectRoot);
  const dynamicConfig = readDynamicConfig(options.projectRoot);
  if (cli) {
    const server = await startTemporalDevServer({ ...options, cliPath: cli.path, dynamicConfig });
    return { address: server.address, uiUrl: server.uiUrl, cli, pid: server.process.pid, stop: () => server.stop() };
  }
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'cached-download' },
      ip: '127.0.0.1',
      port: options.port,
      ui: !options.headless,
      uiPort: options.uiPort,
      dbFilename: options.dbFile,
      namespace: options.namespace,
      searchAttributes: Object.values(SEARCH_ATTRIBUTES),
      extraArgs: dynamicConfigArgs(dynamicConfig),
    },
  });
  return {
    address: `127.0.0.1:${options.port}`,
    uiUrl: options.headless ? undefined : `http://localhost:${options.uiPort ?? options.port + 1000}`,
    cli: { path: 'downloaded by the Temporal SDK', source: 'sdk-download' },
    stop: () => env.teardown(),
  };
}
