import { validateDag } from '../dag/validate-dag';
import type { RunEvent } from './run-event';
import { outputRef } from '../outputs/output-ref';
import { foldNodeStates } from './node-states';

const dag = validateDag({
  nodes: [
    { id: 'a', type: 'echo' },
    { id: 'b', type: 'fail', depends_on: ['a'] },
    { id: 'c', type: 'delay', config: { duration: 5 }, depends_on: ['a'] },
    { id: 'd', type: 'echo', depends_on: ['b'] },
    { id: 'e', type: 'echo', depends_on: ['d'] },
  ],
}).dag!;

const at = (s: number) => `2026-01-01T00:00:0${s}.000Z`;
const base = { run_id: 'run-x' };
const events: RunEvent[] = [
  { ...base, seq: 1, timestamp: at(0), type: 'status_update', status: 'running' },
  { ...base, seq: 2, timestamp: at(1), type: 'node_started', node_id: 'a', node_type: 'echo' },
  { ...base, seq: 3, timestamp: at(2), type: 'node_completed', node_id: 'a', node_type: 'echo', output: { x: 1 } },
  { ...base, seq: 4, timestamp: at(2), type: 'node_started', node_id: 'b', node_type: 'fail' },
  { ...base, seq: 5, timestamp: at(2), type: 'node_started', node_id: 'c', node_type: 'delay' },
  { ...base, seq: 6, timestamp: at(3), type: 'node_failed', node_id: 'b', node_type: 'fail', error: 'boom' },
  { ...base, seq: 7, timestamp: at(3), type: 'node_failed', node_id: 'c', node_type: 'delay', error: 'canceled after node "b" failed' },
  { ...base, seq: 8, timestamp: at(3), type: 'node_skipped', node_id: 'd', node_type: 'echo', reason: 'the run failed' },
];

describe('foldNodeStates', () => {
  it("derives every node's state from the event log, in DAG order", () => {
    const sut = foldNodeStates(dag, events);
    expect(sut.map((n) => [n.id, n.status])).toEqual([
      ['a', 'completed'],
      ['b', 'failed'],
      ['c', 'canceled'],
      ['d', 'skipped'],
      ['e', 'pending'],
    ]);
    expect(sut[0]).toMatchObject({ started_at: at(1), completed_at: at(2), output: { x: 1 }, attempts: 1 });
    expect(sut[1]).toMatchObject({ error: 'boom', completed_at: at(3) });
    expect(sut[3].skip_reason).toBe('the run failed');
  });

  it('shows a running node as running until it settles', () => {
    expect(foldNodeStates(dag, events.slice(0, 5)).map((n) => n.status)).toEqual(['completed', 'running', 'running', 'pending', 'pending']);
  });

  it('shows a stored output as output_ref instead of output', () => {
    const sha = 'd'.repeat(64);
    const stored: RunEvent = { ...base, seq: 3, timestamp: at(2), type: 'node_completed', node_id: 'a', node_type: 'echo', output: outputRef(sha, 40_000) };
    const [sut] = foldNodeStates(dag, [...events.slice(0, 2), stored]);
    expect(sut.output_ref).toEqual({ sha256: sha, size_bytes: 40_000 });
    expect('output' in sut).toBe(false);
    expect(foldNodeStates(dag, events)[0].output_ref).toBeUndefined();
  });
});
