import { TERMINAL_RUN_STATUSES } from '@steadfast/domain';
import { request, waitForStatus } from '../support/http';
import { usePatchSuite } from '../support/patch-suite';

/**
 * Runtime patches the API refuses: an invalid patch with 422 before anything is signalled (and nothing
 * recorded), a patch to a run that is not active with 409, and one to an unknown run with 404.
 */
describe('runtime patches', () => {
  const ctx = usePatchSuite();
  const { startRun, startRunUntilWaitStarts, waitForPatch, propose } = ctx;

  describe('refused with 422 before anything is signalled', () => {
    let runId: string;
    beforeAll(async () => {
      runId = await startRunUntilWaitStarts([
        { id: 'done', type: 'echo', config: { value: 'early' } },
        { id: 'wait', type: 'delay', config: { duration: '60s' }, depends_on: ['done'] },
        { id: 'end', type: 'echo', config: { value: 'late' }, depends_on: ['wait'] },
      ]);
    });
    afterAll(async () => {
      await request(ctx.base, 'POST', `/api/runs/${runId}/cancel`);
      await waitForStatus(ctx.base, runId, TERMINAL_RUN_STATUSES);
    });

    const agent = (id: string) => ({ op: 'add', path: '/nodes/-', value: { id, type: 'agent', config: { prompt: 'help' }, depends_on: ['wait'] } });

    it.each([
      [
        'a cycle',
        [
          { op: 'add', path: '/nodes/-', value: { id: 'loop', type: 'echo', depends_on: ['end'] } },
          { op: 'replace', path: '/nodes/2/depends_on', value: ['wait', 'loop'] },
        ],
        ['the patched workflow is invalid: workflow has a cycle through nodes "end", "loop"'],
      ],
      [
        'an edit of a completed node',
        [{ op: 'replace', path: '/nodes/0/config/value', value: 'rewritten' }],
        ['node "done" is completed; only pending nodes can be changed'],
      ],
      [
        'removing a running node',
        [
          { op: 'replace', path: '/nodes/2/depends_on', value: ['done'] },
          { op: 'remove', path: '/nodes/1' },
        ],
        ['node "wait" is running; only pending nodes can be removed'],
      ],
      ['an unknown op', [{ op: 'merge', path: '/nodes/0', value: {} }], ['operations[0].op must be one of add, remove, replace, move, copy, test']],
      ['a path outside /nodes', [{ op: 'replace', path: '/timeout_ms', value: 1 }], ['operations[0].path must be a JSON pointer under /nodes']],
      [
        'a __proto__ segment',
        [{ op: 'add', path: '/nodes/2/__proto__/polluted', value: true }],
        ['operations[0].path must not name __proto__, constructor or prototype'],
      ],
      [
        'a test op that fails',
        [
          { op: 'test', path: '/nodes/0/config/value', value: 'something else' },
          { op: 'remove', path: '/nodes/2' },
        ],
        ['operations[0] (test /nodes/0/config/value): test failed: the value differs'],
      ],
      ['an empty patch', [], ['operations must contain at least one operation']],
    ])('%s', async (_name, operations, details) => {
      const res = await propose(runId, { operations });
      expect(res.status).toBe(422);
      expect(res.body).toEqual({ error: 'Patch rejected', details });
    });

    it('more agent nodes than MAX_AGENT_NODES (5), counted across patches', async () => {
      const first = await propose(runId, { operations: [agent('a1'), agent('a2'), agent('a3')] });
      expect(first.status).toBe(202);
      await waitForPatch(runId, first.body.patch.id, ['applied']);

      const second = await propose(runId, { operations: [agent('a4'), agent('a5'), agent('a6')] });
      expect(second.status).toBe(422);
      expect(second.body.details).toEqual([
        'the patched workflow is invalid: workflow has 6 agent nodes ("a1", "a2", "a3", "a4", "a5", "a6"); at most 5 are allowed',
      ]);
      const third = await propose(runId, { operations: [agent('a4'), agent('a5')] });
      expect(third.status).toBe(202);
      await waitForPatch(runId, third.body.patch.id, ['applied']);
    });

    it('a body that is not a patch document, with the validation envelope', async () => {
      expect(await propose(runId, { operations: { op: 'add' } })).toMatchObject({
        status: 422,
        body: { error: 'Validation failed', details: ['operations must be an array of JSON Patch (RFC 6902) operations'] },
      });
      expect(await propose(runId, { operations: [agent('x')], reason: 'r'.repeat(2001) })).toMatchObject({
        status: 422,
        body: { details: ['reason must be at most 2000 characters'] },
      });
      expect(await propose(runId, { operations: [agent('x')], revision: 3 })).toMatchObject({
        status: 422,
        body: { details: ['property revision should not exist'] },
      });
    });

    it('records none of them: only the two accepted patches are in /patches, and the graph has only their nodes', async () => {
      const { patches } = (await request(ctx.base, 'GET', `/api/runs/${runId}/patches`)).body;
      expect(patches.map((patch) => [patch.status, patch.revision])).toEqual([
        ['applied', 1],
        ['applied', 2],
      ]);
      const { definition } = (await request(ctx.base, 'GET', `/api/runs/${runId}/definition`)).body;
      expect(definition.revision).toBe(2);
      expect(definition.dag.nodes.map((node) => node.id)).toEqual(['done', 'wait', 'end', 'a1', 'a2', 'a3', 'a4', 'a5']);
    });
  });

  it('refuses a patch to a finished run or a run never started with 409, and to an unknown run with 404', async () => {
    const add = { operations: [{ op: 'add', path: '/nodes/-', value: { id: 'late', type: 'echo' } }] };
    const finished = await startRun({ nodes: [{ id: 'a', type: 'echo' }] });
    await waitForStatus(ctx.base, finished, ['completed']);
    expect(await propose(finished, add)).toMatchObject({
      status: 409,
      body: { error: 'Run is not active: it is completed; only a running run (or one waiting for approval) can be patched' },
    });

    const created = await startRun({ nodes: [{ id: 'a', type: 'echo' }] }, false);
    expect(await propose(created, add)).toMatchObject({
      status: 409,
      body: { error: 'Run is not active: it has not been started; only a running run (or one waiting for approval) can be patched' },
    });
    // A run that never started has its definition in Postgres, at revision 0.
    expect((await request(ctx.base, 'GET', `/api/runs/${created}/definition`)).body.definition).toMatchObject({ revision: 0, dag: { nodes: [{ id: 'a' }] } });

    for (const unknown of ['run-01ARZ3NDEKTSV4RRFFQ69G5FAV', 'nope']) {
      expect(await propose(unknown, add)).toMatchObject({ status: 404, body: { error: 'Run not found' } });
      expect((await request(ctx.base, 'GET', `/api/runs/${unknown}/patches`)).status).toBe(404);
      expect((await request(ctx.base, 'GET', `/api/runs/${unknown}/definition`)).status).toBe(404);
    }
    expect(await request(ctx.base, 'GET', `/api/runs/${finished}/patches/patch-unknown`)).toMatchObject({ status: 404, body: { error: 'Patch not found' } });
    expect((await request(ctx.base, 'GET', `/api/runs/${finished}/patches`)).body).toEqual({ success: true, patches: [] });
  });
});
