import type { InjectedSinks } from '@temporalio/worker';
import type { RunSinks } from '../contracts';

export interface RunEventSinkDeps {
  notify(runIds: Iterable<string>): Promise<void>;
  onError(err: unknown): void;
}

/**
 * The worker's end of `runEvents`: the calls of one turn of the event loop (every activation finished in
 * it, however many events each appended) become one notification, so a busy worker sends a few
 * statements a second rather than one per event. A failed notification is only late news: feeds poll.
 */
export function createRunEventSinks({ notify, onError }: RunEventSinkDeps): InjectedSinks<RunSinks> {
  let pending = new Set<string>();
  let scheduled = false;
  const send = () => {
    scheduled = false;
    const runIds = pending;
    pending = new Set();
    notify(runIds).catch(onError);
  };
  return {
    runEvents: {
      appended: {
        fn(_info, runId) {
          pending.add(runId);
          if (!scheduled) {
            scheduled = true;
            setImmediate(send);
          }
        },
        callDuringReplay: false,
      },
    },
  };
}
