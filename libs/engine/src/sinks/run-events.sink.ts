import type { InjectedSinks } from '@temporalio/worker';
import type { RunSinks } from '../contracts';

export interface RunEventSinkDeps {
  notify: (news: { live: Iterable<string>; ended: Iterable<string> }) => Promise<void>;
  onError: (err: unknown) => void;
}

/**
 * The worker's end of `runEvents`: the calls of one turn of the event loop (every activation finished in
 * it, however many events each appended) become one notification, so a busy worker sends a few
 * statements a second rather than one per event. A failed notification is only late news: feeds poll.
 */
export function createRunEventSinks({ notify, onError }: RunEventSinkDeps): InjectedSinks<RunSinks> {
  let live = new Set<string>();
  let ended = new Set<string>();
  let scheduled = false;
  const send = () => {
    scheduled = false;
    const news = { live, ended };
    live = new Set();
    ended = new Set();
    notify(news).catch(onError);
  };
  const soon = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(send);
  };
  return {
    runEvents: {
      appended: {
        fn(_info, runId, final) {
          // The batch that ends a run is announced once it is in Postgres (`ended`): asking the workflow
          // now would reach it as it closes, and a closed workflow answers only by replaying its history.
          if (final) live.delete(runId);
          else if (!ended.has(runId)) live.add(runId);
          soon();
        },
        callDuringReplay: false,
      },
      ended: {
        fn(_info, runId) {
          live.delete(runId);
          ended.add(runId);
          soon();
        },
        callDuringReplay: false,
      },
    },
  };
}
