import type { Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { openDatabase, temporalClient, useSuite } from '../support/harness';
import { formatReport } from '../soak/report';
import { runSoak } from '../soak/soak';
import type { SoakOptions } from '../soak/soak-options';

/** The soak's stress profile, short and slower: 45 s of load against the suite's API and worker, then every run checked. */
const SHORT_SOAK: SoakOptions = {
  rate: 8,
  durationS: 45,
  sseClients: 10,
  tokenReuse: 0.3,
  cancelShare: 0.1,
  settleS: 45,
  readRate: 4,
  maxInFlight: 100,
  requestTimeoutMs: 30_000,
  streamTimeoutMs: 30_000,
};

describe('a short soak', () => {
  const ctx = useSuite();
  let db: DataSource;
  let temporal: { client: Client; close(): Promise<void> };

  beforeAll(async () => {
    db = await openDatabase(ctx.suite.config);
    temporal = await temporalClient(ctx.suite.config);
  });

  afterAll(async () => {
    await temporal?.close();
    await db?.destroy();
  });

  it('leaves no run behind: no errors, every run settled with one consistent final status', async () => {
    const result = await runSoak(SHORT_SOAK, {
      api: ctx.base,
      db,
      client: temporal.client,
      // The API runs inside this test process, next to the load it measures.
      processes: () => ({ 'api+test': process.pid, worker: ctx.suite.worker.process.pid }),
    });
    // Shown on failure: the numbers say more than any single assertion.
    const report = formatReport(result);
    expect({ errors: result.errors, examples: result.errorExamples, report }).toMatchObject({ errors: { total: 0 } });
    expect(result.invariants.unsettled).toEqual([]);
    expect(result.invariants.wrongStatus).toEqual([]);
    expect(result.invariants.problems).toEqual([]);
    expect(result.invariants.ok).toBe(true);
    expect(result.runs.created).toBeGreaterThan(150);
    expect(result.idempotencyHits).toBeGreaterThan(0);
    expect(result.cancels.accepted).toBeGreaterThan(0);
    expect(result.streams.completed).toBeGreaterThan(0);
    expect(result.ok).toBe(true);
  }, 150_000);
});
