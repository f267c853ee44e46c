import type { ChildProcess } from 'node:child_process';

/** A child process's exit, and the one way Steadfast stops a child it started. */
export interface ChildExit {
  /** The exit code (null when a signal ended it). */
  exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL if the child is still there after `graceMs`; resolves once it has exited. */
  stop: () => Promise<void>;
}

export function watchChildExit(child: ChildProcess, graceMs: number): ChildExit {
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    exited,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
