import type { DataSource } from 'typeorm';
import { ulid } from 'ulid';
import { defaultDag, type RunEvent } from '@steadfast/domain';
import { RunEventRepository, RunRepository, RunSyncRepository } from '@steadfast/persistence';
import { openDatabase, suiteConfig } from '../support/harness';

/** The workflow's write path against the real Postgres: claims, races with the API, replayed batches. */
describe('RunSyncRepository', () => {
  let db: DataSource;
  let sut: RunSyncRepository;
  let runs: RunRepository;
  let events: RunEventRepository;

  beforeAll(async () => {
    db = await openDatabase(suiteConfig());
    sut = new RunSyncRepository(db);
    runs = new RunRepository(db);
    events = new RunEventRepository(db);
  });
  afterAll(() => db.destroy());

  const seed = { name: 'sync', input: { q: 1 }, tags: ['t'], dag: defaultDag() };
  const event = (runId: string, seq: number): RunEvent => ({
    seq,
    run_id: runId,
    timestamp: new Date().toISOString(),
    type: 'status_update',
    status: 'running',
  });
  const claim = () => ({ temporalRunId: 'temporal-run', startedAt: new Date(), seed });

  it('claims a created run: running, started_at and the Temporal run id set, its events written', async () => {
    const id = `run-${ulid()}`;
    await runs.insertIfAbsent({ id, tenant: 'default', name: 'sync', status: 'created', input: null, tags: [], clientToken: null, dag: defaultDag() });
    await expect(sut.apply({ runId: id, events: [event(id, 1)], claim: claim() })).resolves.toEqual({ status: 'running', claimed: true });
    const run = await runs.findById(id);
    expect(run).toMatchObject({ status: 'running', temporalRunId: 'temporal-run' });
    expect(run?.startedAt).toBeInstanceOf(Date);
    expect((await events.listAfter(id, 0, 10)).map((e) => e.seq)).toEqual([1]);
  });

  it('writes the record itself when the workflow claims before the API inserted, and the late insert changes nothing', async () => {
    const id = `run-${ulid()}`;
    await sut.apply({ runId: id, events: [event(id, 1)], claim: claim() });
    await runs.insertIfAbsent({ id, tenant: 'default', name: 'sync', status: 'created', input: null, tags: [], clientToken: null, dag: defaultDag() });
    expect(await runs.findById(id)).toMatchObject({ status: 'running', name: 'sync', input: { q: 1 }, tags: ['t'] });
  });

  it('does not claim a run cancelled before its workflow began, and writes none of the batch', async () => {
    const id = `run-${ulid()}`;
    await runs.insertIfAbsent({ id, tenant: 'default', name: 'sync', status: 'created', input: null, tags: [], clientToken: null, dag: defaultDag() });
    await runs.transition(id, ['created'], { status: 'canceled' });
    await expect(sut.apply({ runId: id, events: [event(id, 1)], claim: claim() })).resolves.toEqual({ status: 'canceled', claimed: false });
    expect(await events.listAfter(id, 0, 10)).toEqual([]);
    expect((await runs.findById(id))?.status).toBe('canceled');
  });

  it('applies a replayed batch once: events keyed by (run, seq), fields set to the same values', async () => {
    const id = `run-${ulid()}`;
    await sut.apply({ runId: id, events: [event(id, 1)], claim: claim() });
    const batch = { runId: id, events: [event(id, 2), event(id, 3)], update: { status: 'completed' as const, output: { ok: true }, completedAt: new Date() } };
    await expect(sut.apply(batch)).resolves.toEqual({ status: 'completed', claimed: true });
    await sut.apply(batch);
    expect((await events.listAfter(id, 0, 10)).map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(await runs.findById(id)).toMatchObject({ status: 'completed', output: { ok: true } });
  });

  it('ignores events that claim to belong to another run', async () => {
    const id = `run-${ulid()}`;
    const other = `run-${ulid()}`;
    await sut.apply({ runId: id, events: [event(id, 1)], claim: claim() });
    await sut.apply({ runId: id, events: [event(other, 2)] });
    expect(await events.listAfter(other, 0, 10)).toEqual([]);
  });
});
