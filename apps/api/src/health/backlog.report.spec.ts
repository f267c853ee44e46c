import type { BacklogSnapshot } from '../metrics/backlog.monitor';
import { backlogReport } from './backlog.report';

const checkedAt = new Date('2026-12-01T12:00:00.000Z');
const snapshot = (over: Partial<BacklogSnapshot> = {}): BacklogSnapshot => ({
  checkedAt,
  taskQueue: 'steadfast-runs',
  workflow: { backlog: 4, backlogAgeMs: 1200, addRate: 2, dispatchRate: 0 },
  activity: { backlog: 1, backlogAgeMs: 300, addRate: 1, dispatchRate: 1 },
  queuedRuns: 2,
  errors: [],
  ...over,
});

describe('the backlog in /health', () => {
  it('reports both task types, the older of their ages and the queued runs, without a warning under the threshold', () => {
    expect(backlogReport('steadfast-runs', snapshot(), 5000)).toEqual({
      task_queue: 'steadfast-runs',
      workflow_tasks: 4,
      activity_tasks: 1,
      oldest_task_age_ms: 1200,
      queued_runs: 2,
      checked_at: '2026-12-01T12:00:00.000Z',
      warn_age_ms: 5000,
    });
  });

  it('warns, naming the task queue, the wait and the remedies, once the oldest task is older than the threshold', () => {
    const sut = backlogReport('steadfast-runs', snapshot({ activity: { backlog: 30, backlogAgeMs: 12_345, addRate: 9, dispatchRate: 3 } }), 5000);
    expect(sut.oldest_task_age_ms).toBe(12_345);
    expect(sut.warning).toBe(
      'Tasks on task queue "steadfast-runs" have waited 12.3 s for a worker (over BACKLOG_WARN_AGE_MS=5000): ' +
        'start more workers on this task queue, give them more slots, or move off the dev server; see docs/operations.md',
    );
  });

  it('says null, not 0, for what the last check could not read, and why', () => {
    const sut = backlogReport('steadfast-runs', snapshot({ workflow: undefined, activity: undefined, errors: ['Temporal: 14 UNAVAILABLE'] }), 5000);
    expect(sut).toMatchObject({ workflow_tasks: null, activity_tasks: null, oldest_task_age_ms: null, queued_runs: 2 });
    expect(sut.error).toBe('The last backlog check could not read everything: Temporal: 14 UNAVAILABLE');
    expect(sut.warning).toBeUndefined();
  });

  it('says so when no check has landed yet', () => {
    const sut = backlogReport('steadfast-runs', undefined, 5000);
    expect(sut).toMatchObject({ workflow_tasks: null, queued_runs: null, checked_at: null });
    expect(sut.error).toMatch(/not been checked yet/);
  });
});
