import { Logger } from '@nestjs/common';
import type { TaskQueueKind, TaskQueueStats } from '../infrastructure/temporal.module';
import { BacklogMonitor, type BacklogSources } from './backlog.monitor';

const stats = (backlog: number, backlogAgeMs = 0): TaskQueueStats => ({ backlog, backlogAgeMs, addRate: 1, dispatchRate: 0.5 });

function fakeSources(over: Partial<BacklogSources> = {}) {
  const calls: TaskQueueKind[] = [];
  const sources: BacklogSources = {
    taskQueue: 'steadfast-runs',
    taskQueueStats: async (kind) => {
      calls.push(kind);
      return kind === 'workflow' ? stats(7, 1500) : stats(2, 300);
    },
    queuedRuns: async () => 3,
    ...over,
  };
  return { sources, calls };
}

describe('BacklogMonitor', () => {
  let clock = 0;
  const now = () => clock;
  let warned: jest.SpyInstance;
  let logged: jest.SpyInstance;
  beforeEach(() => {
    clock = 1_000_000;
    warned = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    logged = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('reads both task queue types and the queued runs into one snapshot', async () => {
    const { sources } = fakeSources();
    const sut = new BacklogMonitor(sources, 5000, now);
    expect(await sut.snapshot()).toEqual({
      checkedAt: new Date(1_000_000),
      taskQueue: 'steadfast-runs',
      workflow: stats(7, 1500),
      activity: stats(2, 300),
      queuedRuns: 3,
      errors: [],
    });
  });

  it('asks Temporal once per interval however many readers come, joining a check in flight', async () => {
    const { sources, calls } = fakeSources();
    const sut = new BacklogMonitor(sources, 5000, now);
    await Promise.all(Array.from({ length: 20 }, () => sut.snapshot()));
    clock += 4999;
    await sut.snapshot();
    expect(calls).toEqual(['workflow', 'activity']);
    clock += 1;
    await sut.snapshot();
    expect(calls).toEqual(['workflow', 'activity', 'workflow', 'activity']);
  });

  it('leaves out what a failing source could not read, and logs an outage once and its end once', async () => {
    let temporalUp = false;
    const { sources } = fakeSources({
      taskQueueStats: async (kind) => {
        if (!temporalUp) throw new Error('14 UNAVAILABLE: connection refused');
        return stats(kind === 'workflow' ? 1 : 0);
      },
    });
    const sut = new BacklogMonitor(sources, 1000, now);
    const down = await sut.snapshot();
    expect(down).toMatchObject({ queuedRuns: 3, errors: ['Temporal: 14 UNAVAILABLE: connection refused'] });
    expect(down?.workflow).toBeUndefined();
    expect(down?.activity).toBeUndefined();
    clock += 1000;
    await sut.snapshot();
    expect(warned).toHaveBeenCalledTimes(1);
    temporalUp = true;
    clock += 1000;
    expect(await sut.snapshot()).toMatchObject({ workflow: stats(1), errors: [] });
    expect(logged).toHaveBeenCalledTimes(1);
  });

  it('answers with the previous snapshot when a check is slow, and with the new one once it lands', async () => {
    let release: () => void = () => undefined;
    let slow = false;
    const { sources } = fakeSources({
      queuedRuns: () => (slow ? new Promise<number>((resolve) => (release = () => resolve(9))) : Promise.resolve(3)),
    });
    const sut = new BacklogMonitor(sources, 1000, now);
    const first = await sut.snapshot();
    slow = true;
    clock += 1000;
    expect(await sut.snapshot(10)).toBe(first);
    release();
    expect(await sut.snapshot(1000)).toMatchObject({ queuedRuns: 9 });
  });

  it('has nothing to answer before the first check lands', async () => {
    const { sources } = fakeSources({ queuedRuns: () => new Promise<number>(() => undefined) });
    const sut = new BacklogMonitor(sources, 1000, now);
    expect(await sut.snapshot(10)).toBeUndefined();
  });
});
