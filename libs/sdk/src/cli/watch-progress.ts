import type { RunEvent } from '../types';

/** A field several event types carry, read on any event (undefined where its type has none). */
export function eventField<K extends string>(event: RunEvent, key: K): unknown {
  return key in event ? (event as unknown as Record<K, unknown>)[key] : undefined;
}

/** One line of `runs watch` for an event. */
export function describeEvent(event: RunEvent): string {
  const time = event.timestamp.slice(11, 19);
  switch (event.type) {
    case 'status_update':
      return `${time}  run        ${event.status}`;
    case 'node_started':
      return `${time}  started    ${event.node_id} (${event.node_type})`;
    case 'node_completed':
      return `${time}  completed  ${event.node_id}`;
    case 'node_failed':
      return `${time}  failed     ${event.node_id}: ${event.error}`;
    case 'node_skipped':
      return `${time}  skipped    ${event.node_id}: ${event.reason}`;
    case 'approval_requested':
      return `${time}  approval   ${event.node_id} waits: ${event.title} (approval ${event.approval_id})`;
    case 'approval_decided':
      return `${time}  approval   ${event.node_id} ${event.decision}`;
    case 'log':
      return `${time}  log        ${event.node_id ? `${event.node_id}: ` : ''}${event.message}`;
    case 'final':
      return `${time}  final      ${event.status}${event.error ? `: ${event.error}` : ''}`;
    default:
      return `${time}  ${event.type}`;
  }
}

/** `runs watch` exits 0 only for a completed run, so a script can chain on success. */
export const watchExitCode = (finalStatus: string | undefined): number => (finalStatus === 'completed' ? 0 : 1);
