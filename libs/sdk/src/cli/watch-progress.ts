import type { RunEvent } from '../types';

/** One line of `runs watch` for an event, or undefined for events it does not show. */
export function describeEvent(event: RunEvent): string | undefined {
  const time = event.timestamp.slice(11, 19);
  const node = event.node_id ?? '';
  const fields = event as RunEvent & Partial<Record<'reason' | 'title' | 'decision' | 'message' | 'level' | 'approval_id', string>>;
  switch (event.type) {
    case 'status_update':
      return `${time}  run        ${event.status ?? ''}`;
    case 'node_started':
      return `${time}  started    ${node} (${event.node_type ?? ''})`;
    case 'node_completed':
      return `${time}  completed  ${node}`;
    case 'node_failed':
      return `${time}  failed     ${node}: ${event.error ?? ''}`;
    case 'node_skipped':
      return `${time}  skipped    ${node}${fields.reason ? `: ${fields.reason}` : ''}`;
    case 'approval_requested':
      return `${time}  approval   ${node} waits: ${fields.title ?? ''} (approval ${fields.approval_id ?? ''})`;
    case 'approval_decided':
      return `${time}  approval   ${node} ${fields.decision ?? ''}`;
    case 'log':
      return `${time}  log        ${node ? `${node}: ` : ''}${fields.message ?? ''}`;
    case 'final':
      return `${time}  final      ${event.status ?? ''}${event.error ? `: ${event.error}` : ''}`;
    default:
      return `${time}  ${event.type}`;
  }
}

/** `runs watch` exits 0 only for a completed run, so a script can chain on success. */
export const watchExitCode = (finalStatus: string | undefined): number => (finalStatus === 'completed' ? 0 : 1);
