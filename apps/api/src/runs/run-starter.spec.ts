import { DomainError, DomainErrorCode } from '@steadfast/domain';
import type { Admission, NewRun, RunEntity, RunQueueRepository, RunRepository } from '@steadfast/persistence';
import type { ApiConfig } from '../config/api-config';
import type { RunWorkflowGateway } from '../infrastructure/run-workflow.gateway';
import { RunStarter } from './run-starter';

const newRun: NewRun = { id: 'run-1', tenant: 'acme', name: 'demo', status: 'created', input: null, tags: [], clientToken: null, dag: { nodes: [] } };
const entity = (over: Partial<RunEntity> = {}) => ({ ...newRun, temporalRunId: null, ...over }) as RunEntity;
const alreadyStarted = () => new DomainError(DomainErrorCode.RunAlreadyStarted, 'Run already started');

function setup(cap = 0) {
  const calls: string[] = [];
  const runs = {
    insertIfAbsent: jest.fn(async (run: NewRun) => (calls.push('insert'), entity(run))),
    transition: jest.fn(
      async (id: string, _from: unknown, update: Partial<RunEntity>): Promise<RunEntity | null> => (calls.push('mark running'), entity({ id, ...update })),
    ),
    findById: jest.fn(async (id: string) => entity({ id, status: 'running' })),
  };
  const queue = {
    admit: jest.fn(async (runId: string): Promise<Admission> => (calls.push(`admit ${runId}`), { outcome: 'queued', run: entity({ status: 'queued' }) })),
  };
  const workflows = {
    start: jest.fn(async () => (calls.push('start'), { temporalRunId: 'temporal-1' })),
    cancelIfAny: jest.fn(async () => undefined),
  };
  const config = { values: { runQueue: { maxRunningPerTenant: cap } } };
  const sut = new RunStarter(
    runs as unknown as RunRepository,
    queue as unknown as RunQueueRepository,
    workflows as unknown as RunWorkflowGateway,
    config as unknown as ApiConfig,
  );
  return { sut, calls, runs, queue, workflows };
}

describe('RunStarter: one start path, capped or not', () => {
  it('without a cap starts the workflow first and then marks the stored run running', async () => {
    const { sut, calls } = setup();
    const started = await sut.start({ run: entity() });
    expect(calls).toEqual(['start', 'mark running']);
    expect(started).toMatchObject({ outcome: 'started', run: { status: 'running', temporalRunId: 'temporal-1' } });
  });

  it('without a cap inserts a new run and starts it together', async () => {
    const { sut, calls, runs } = setup();
    const started = await sut.start({ run: newRun, insert: true });
    expect(calls.sort()).toEqual(['insert', 'start']);
    expect(runs.transition).not.toHaveBeenCalled();
    expect(started).toMatchObject({ outcome: 'started', run: { id: 'run-1', status: 'running', temporalRunId: 'temporal-1' } });
  });

  it('closes the workflow it started when a cancel won the run in between', async () => {
    const { sut, runs, workflows } = setup();
    runs.transition.mockResolvedValueOnce(null);
    runs.findById.mockResolvedValueOnce(entity({ status: 'canceled' }));
    expect((await sut.start({ run: entity() })).run).toMatchObject({ status: 'canceled' });
    expect(workflows.cancelIfAny).toHaveBeenCalledWith('run-1');
  });

  it('under a cap stores a new run before admitting it, and wakes the dispatcher when it is queued', async () => {
    const { sut, calls, workflows } = setup(2);
    const wake = jest.fn();
    sut.onQueued(wake);
    expect(await sut.start({ run: newRun, insert: true })).toMatchObject({ outcome: 'queued' });
    expect(calls).toEqual(['insert', 'admit run-1']);
    expect(workflows.start).not.toHaveBeenCalled();
    expect(wake).toHaveBeenCalledTimes(1);
  });

  it('under a cap admits a stored run with the queue start, and leaves the dispatcher be when it started', async () => {
    const { sut, queue } = setup(2);
    const wake = jest.fn();
    sut.onQueued(wake);
    queue.admit.mockResolvedValueOnce({ outcome: 'started', run: entity({ status: 'running' }) });
    expect(await sut.start({ run: entity() })).toMatchObject({ outcome: 'started' });
    expect(queue.admit).toHaveBeenCalledWith('run-1', 2, sut.startQueued);
    expect(wake).not.toHaveBeenCalled();
  });

  it("counts a start another request made as a retried one's, and only a retried one's", async () => {
    const { sut, workflows } = setup();
    workflows.start.mockRejectedValue(alreadyStarted());
    expect(await sut.start({ run: entity(), retry: true })).toMatchObject({ outcome: 'started', run: { status: 'running' } });
    await expect(sut.start({ run: entity() })).rejects.toMatchObject({ code: DomainErrorCode.RunAlreadyStarted });
  });

  it('lets the queue take over a run whose workflow already exists', async () => {
    const { sut, workflows } = setup(2);
    workflows.start.mockRejectedValueOnce(alreadyStarted());
    expect(await sut.startQueued(entity({ status: 'queued' }), 1)).toEqual({ temporalRunId: null });
    workflows.start.mockRejectedValueOnce(new DomainError(DomainErrorCode.DependencyUnavailable, 'Temporal is unavailable: down'));
    await expect(sut.startQueued(entity({ status: 'queued' }), 1)).rejects.toMatchObject({ code: DomainErrorCode.DependencyUnavailable });
  });
});
