/** Thrown when a node fails and the run fails with it (on_error: fail_run, the default). */
export class NodeFailedError extends Error {
  constructor(
    readonly nodeId: string,
    readonly reason: string,
  ) {
    super(`node "${nodeId}" failed: ${reason}`);
  }
}

export function failureMessage(err: unknown): string {
  if (err instanceof Error) {
    // Temporal wraps activity errors in ActivityFailure; the cause carries the activity's own message.
    const cause = (err as { cause?: unknown }).cause;
    return cause instanceof Error ? cause.message : err.message;
  }
  return String(err);
}
