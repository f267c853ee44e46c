import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { watchChildExit } from '@steadfast/devstack';

export interface ManagedChild {
  name: string;
  process: ChildProcess;
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/** Runs a Node entry point as a child, its output prefixed with the child's name. */
export function startNodeChild(name: string, entry: string, env: NodeJS.ProcessEnv): ManagedChild {
  const child = spawn(process.execPath, ['--enable-source-maps', entry], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) createInterface({ input: stream }).on('line', (line) => process.stdout.write(`[${name}] ${line}\n`));
  }
  const { exited, stop } = watchChildExit(child, 15_000);
  return { name, process: child, exited, stop };
}
