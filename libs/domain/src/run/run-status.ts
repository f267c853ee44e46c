export const RUN_STATUSES = [
  'created',
  /** Started, but its tenant already has its maximum of active runs: it starts when a slot frees, in order. */
  'queued',
  'running',
  /** Running, with at least one approval node waiting for a human decision. */
  'waiting_for_approval',
  'canceling',
  'completed',
  'failed',
  'canceled',
  'timed_out',
] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const TERMINAL_RUN_STATUSES: readonly RunStatus[] = ['completed', 'failed', 'canceled', 'timed_out'];

export function isTerminalStatus(status: RunStatus): boolean {
  return TERMINAL_RUN_STATUSES.includes(status);
}

/** A workflow owns the run and may still change it: patches and decisions are accepted. */
export const ACTIVE_RUN_STATUSES: readonly RunStatus[] = ['running', 'waiting_for_approval'];

export function isActiveStatus(status: RunStatus): boolean {
  return ACTIVE_RUN_STATUSES.includes(status);
}
