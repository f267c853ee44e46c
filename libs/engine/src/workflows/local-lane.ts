/*
 * Local activities of one run go through this lane one at a time. Temporal records a local activity's
 * result as a marker, and on replay it may hand back results that arrived in separate activations all in
 * one activation. With two in flight at once (say an event flush and an approval write), code that
 * continues after each would interleave differently on replay and issue different commands: a
 * non-determinism error after a worker restart. One at a time, every result arrives alone, as it did.
 * Module state is per workflow execution in the TypeScript SDK's sandbox, so the lane is per run.
 */
let tail: Promise<unknown> = Promise.resolve();

export function inLocalLane<T>(call: () => Promise<T>): Promise<T> {
  const result = tail.then(call, call);
  tail = result.catch(() => undefined);
  return result;
}
