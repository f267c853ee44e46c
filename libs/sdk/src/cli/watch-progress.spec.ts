import type { RunEvent } from '../types';
import { describeEvent, eventField, watchExitCode } from './watch-progress';

// Events built loosely, as the API sends them, and read through the SDK's type.
const event = (fields: Record<string, unknown> & { type: string }): RunEvent =>
  ({ seq: 1, run_id: 'r', timestamp: '2026-01-01T10:20:30.000Z', ...fields }) as RunEvent;

describe('describeEvent', () => {
  it("shows each node's progress with the time of day", () => {
    expect(describeEvent(event({ type: 'node_started', node_id: 'fetch', node_type: 'http' }))).toBe('10:20:30  started    fetch (http)');
    expect(describeEvent(event({ type: 'node_failed', node_id: 'fetch', error: 'boom' }))).toBe('10:20:30  failed     fetch: boom');
    expect(describeEvent(event({ type: 'final', status: 'completed', error: null }))).toBe('10:20:30  final      completed');
  });

  it('names an approval a person has to decide', () => {
    expect(describeEvent(event({ type: 'approval_requested', node_id: 'gate', title: 'Ship it?', approval_id: 'a1' }))).toBe(
      '10:20:30  approval   gate waits: Ship it? (approval a1)',
    );
  });
});

describe('eventField', () => {
  it('reads a field where the event has it', () => {
    expect(eventField(event({ type: 'node_started', node_id: 'fetch', node_type: 'http' }), 'node_id')).toBe('fetch');
    expect(eventField(event({ type: 'status_update', status: 'running' }), 'node_id')).toBeUndefined();
  });
});

describe('watchExitCode', () => {
  it('is 0 only for a completed run', () => {
    expect(watchExitCode('completed')).toBe(0);
    for (const status of ['failed', 'canceled', 'timed_out', undefined]) expect(watchExitCode(status)).toBe(1);
  });
});
