import type { TokenUsage } from '../agents/token-usage';
import type { RunStatus } from './run-status';

/** Every frame a run's stream carries; `seq` is assigned by the run's workflow, so it is gap-free and ordered. */
export type RunEventBody =
  | { type: 'status_update'; status: RunStatus }
  | { type: 'node_started'; node_id: string; node_type: string; attempt?: number }
  | { type: 'node_completed'; node_id: string; node_type: string; output: unknown; label?: string; attempts?: number; usage?: TokenUsage }
  | { type: 'node_failed'; node_id: string; node_type: string; error: string }
  | { type: 'node_skipped'; node_id: string; node_type: string; reason: string }
  | { type: 'log'; level: 'info' | 'warn' | 'error'; message: string; node_id?: string }
  | { type: 'final'; status: RunStatus; output: unknown; error: string | null };

export type RunEventType = RunEventBody['type'];

export type RunEvent = RunEventBody & { seq: number; run_id: string; timestamp: string };
