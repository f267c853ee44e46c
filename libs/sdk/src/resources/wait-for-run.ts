import { sleep } from '../http/sleep';
import { SteadfastError } from '../steadfast-error';
import type { StreamOptions } from '../stream/run-event-stream';
import { isTerminalRunStatus, type Run, type RunEvent } from '../types';

export interface WaitOptions {
  /** Reject with a SteadfastError (status 0) when the run is not terminal by then; no limit by default. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Between polls, once the stream could not be used. */
  pollIntervalMs?: number;
}

interface RunReader {
  get(id: string, options?: { signal?: AbortSignal }): Promise<Run>;
  stream(id: string, options?: StreamOptions): AsyncIterable<RunEvent>;
}

/**
 * The stream says when the run ends (its `final` event) without polling; the run is then read again,
 * since the answer is the run itself. Should the stream fail, polling `get` takes over.
 */
export async function waitForRun(runs: RunReader, id: string, options: WaitOptions = {}): Promise<Run> {
  const deadline = new AbortController();
  const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => deadline.abort(), options.timeoutMs);
  const abort = () => deadline.abort();
  options.signal?.addEventListener('abort', abort, { once: true });
  const signal = deadline.signal;
  const timedOut = () => new SteadfastError({ status: 0, error: `Run ${id} did not finish within ${options.timeoutMs} ms` });
  try {
    let run = await runs.get(id, { signal });
    if (isTerminalRunStatus(run.status)) return run;
    try {
      for await (const event of runs.stream(id, { signal })) if (event.type === 'final') break;
    } catch (error) {
      // A 404 is an answer, not a broken stream; anything else falls back to polling.
      if (error instanceof SteadfastError && error.status === 404) throw error;
    }
    for (;;) {
      if (signal.aborted) throw options.signal?.aborted ? new SteadfastError({ status: 0, error: `Waiting for run ${id} was aborted` }) : timedOut();
      run = await runs.get(id, { signal });
      if (isTerminalRunStatus(run.status)) return run;
      await sleep(options.pollIntervalMs ?? 1_000, signal);
    }
  } catch (error) {
    if (signal.aborted && !(error instanceof SteadfastError)) throw options.signal?.aborted ? error : timedOut();
    throw error;
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', abort);
  }
}
