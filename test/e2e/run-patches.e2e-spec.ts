import { freePort, startScriptedModel, type ChatRequest, type ScriptedModelServer } from '@steadfast/devstack';
import { approvalDecisionSignal, applyPatchSignal } from '@steadfast/engine';
import { startApi, startSuite, suiteConfig, temporalClient, type Suite } from '../support/harness';
import { openSse, request, waitForStatus } from '../support/http';
import { eventually } from '../support/eventually';
import type { AgentNodeOutput } from '@steadfast/engine';
import type { EventJson, PatchJson } from '../support/api-types';
import { present } from '../support/present';

const FINISHED = ['completed', 'failed', 'canceled', 'timed_out'];
const toolResults = (body: ChatRequest) =>
  body.messages.filter((message) => message.role === 'tool').map((message): unknown => JSON.parse(String(message.content)));

/**
 * Runtime patches on the real stack: the API checks a patch against the graph the workflow holds and
 * signals it, the workflow checks it again and applies it, and the run goes on with the new graph. The
 * worker talks to a scripted model on loopback, so an agent can patch its own run.
 */
describe('runtime patches', () => {
  let suite: Suite;
  let model: ScriptedModelServer;
  let base: string;

  beforeAll(async () => {
    model = await startScriptedModel();
    suite = await startSuite({ OPENAI_BASE_URL: model.url, OPENAI_API_KEY: 'test-key', OPENAI_MAX_RETRIES: '0' });
    base = suite.api.url;
  });
  afterAll(async () => {
    await suite?.stop();
    await model?.close();
  });

  async function startRun(workflow: unknown, start = true): Promise<string> {
    const { body, status } = await request(base, 'POST', '/api/runs', { name: 'patched', workflow, start });
    expect(status).toBe(201);
    return body.run.id;
  }

  async function events(runId: string): Promise<EventJson[]> {
    return (await request(base, 'GET', `/api/runs/${runId}/events?limit=500`)).body.events;
  }

  /** Polls the event log until an event matches; the workflow writes its events in batches. */
  async function waitForEvent(runId: string, match: (event: EventJson) => boolean, timeoutMs = 30_000): Promise<EventJson> {
    return eventually(async () => present((await events(runId)).find(match), 'a matching event'), {
      timeoutMs,
      intervalMs: 100,
      message: `a matching event on ${runId}`,
    });
  }

  const started = (nodeId: string) => (event: EventJson) => event.type === 'node_started' && event.node_id === nodeId;

  /** Starts a run of `nodes` and returns its id once their `wait` delay has started, the graph still open to patches. */
  async function startRunUntilWaitStarts(nodes: unknown[]): Promise<string> {
    const runId = await startRun({ nodes });
    await waitForEvent(runId, started('wait'));
    return runId;
  }

  async function waitForPatch(runId: string, patchId: string, statuses = ['applied', 'rejected']): Promise<PatchJson> {
    return eventually(
      async () => {
        const patch = (await request(base, 'GET', `/api/runs/${runId}/patches/${patchId}`)).body.patch;
        expect(statuses).toContain(patch?.status);
        return patch;
      },
      { intervalMs: 100, message: `patch ${patchId} to be ${statuses.join('/')}` },
    );
  }

  const propose = (runId: string, body: unknown, api = base) => request(api, 'POST', `/api/runs/${runId}/patches`, body);

  it('adds a node mid-run, which then runs; /definition, /patches and the stream agree on the result', async () => {
    const runId = await startRun({
      nodes: [
        { id: 'fetch', type: 'echo', config: { value: { title: 'Report' } } },
        { id: 'wait', type: 'delay', config: { duration: '3s' }, depends_on: ['fetch'] },
        { id: 'publish', type: 'echo', config: { value: 'published' }, depends_on: ['wait'] },
      ],
    });
    const stream = await openSse(`${base}/api/runs/${runId}/logs/stream`);
    await waitForEvent(runId, started('wait'));

    const notify = { id: 'notify', type: 'echo', config: { value: 'Notified about {{ nodes.fetch.output.title }}' }, depends_on: ['wait'] };
    const res = await propose(runId, { operations: [{ op: 'add', path: '/nodes/-', value: notify }], reason: 'tell the team' });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({
      success: true,
      patch: { id: expect.stringMatching(/^patch-[0-9A-Z]{26}$/), status: 'pending', source: 'api', base_revision: 0, reason: 'tell the team' },
    });
    const patchId = res.body.patch.id;

    // While the run is active the definition comes from the workflow, already patched.
    const applied = await waitForPatch(runId, patchId);
    const live = (await request(base, 'GET', `/api/runs/${runId}/definition`)).body.definition;
    expect(live.revision).toBe(1);
    expect(live.dag.nodes.map((node) => node.id)).toEqual(['fetch', 'wait', 'publish', 'notify']);
    expect(applied).toMatchObject({
      status: 'applied',
      revision: 1,
      rejected_reason: null,
      source: 'api',
      node_id: null,
      operations: [{ op: 'add', path: '/nodes/-', value: notify }],
    });
    expect(applied.result_sha256).toBe(live.sha256);

    const run = await waitForStatus(base, runId, FINISHED);
    expect(run.status).toBe('completed');
    expect(run.output).toEqual({ publish: 'published', notify: 'Notified about Report' });
    const log = await events(runId);
    expect(log.filter((e) => e.type === 'node_completed').map((e) => e.node_id)).toEqual(['fetch', 'wait', 'publish', 'notify']);
    expect(log.find((e) => e.type === 'patch_applied')).toMatchObject({
      patch_id: patchId,
      revision: 1,
      source: 'api',
      added: ['notify'],
      removed: [],
      changed: [],
      reason: 'tell the team',
    });
    await stream.closed;
    expect(stream.frames.map((frame) => frame.data.type)).toContain('patch_applied');

    // Finished: the definition comes from Postgres now, and it is the same graph.
    const stored = (await request(base, 'GET', `/api/runs/${runId}/definition`)).body;
    expect(stored).toEqual({ success: true, definition: live });
    const list = (await request(base, 'GET', `/api/runs/${runId}/patches`)).body;
    expect(list).toEqual({ success: true, patches: [applied] });
  });

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
      await request(base, 'POST', `/api/runs/${runId}/cancel`);
      await waitForStatus(base, runId, FINISHED);
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
      const { patches } = (await request(base, 'GET', `/api/runs/${runId}/patches`)).body;
      expect(patches.map((patch) => [patch.status, patch.revision])).toEqual([
        ['applied', 1],
        ['applied', 2],
      ]);
      const { definition } = (await request(base, 'GET', `/api/runs/${runId}/definition`)).body;
      expect(definition.revision).toBe(2);
      expect(definition.dag.nodes.map((node) => node.id)).toEqual(['done', 'wait', 'end', 'a1', 'a2', 'a3', 'a4', 'a5']);
    });
  });

  it('refuses a patch to a finished run or a run never started with 409, and to an unknown run with 404', async () => {
    const add = { operations: [{ op: 'add', path: '/nodes/-', value: { id: 'late', type: 'echo' } }] };
    const finished = await startRun({ nodes: [{ id: 'a', type: 'echo' }] });
    await waitForStatus(base, finished, ['completed']);
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
    expect((await request(base, 'GET', `/api/runs/${created}/definition`)).body.definition).toMatchObject({ revision: 0, dag: { nodes: [{ id: 'a' }] } });

    for (const unknown of ['run-01ARZ3NDEKTSV4RRFFQ69G5FAV', 'nope']) {
      expect(await propose(unknown, add)).toMatchObject({ status: 404, body: { error: 'Run not found' } });
      expect((await request(base, 'GET', `/api/runs/${unknown}/patches`)).status).toBe(404);
      expect((await request(base, 'GET', `/api/runs/${unknown}/definition`)).status).toBe(404);
    }
    expect(await request(base, 'GET', `/api/runs/${finished}/patches/patch-unknown`)).toMatchObject({ status: 404, body: { error: 'Patch not found' } });
    expect((await request(base, 'GET', `/api/runs/${finished}/patches`)).body).toEqual({ success: true, patches: [] });
  });

  it('records a proposal its run never received as rejected, with 409 when the workflow is gone and 503 when Temporal is down', async () => {
    const runId = await startRunUntilWaitStarts([{ id: 'wait', type: 'delay', config: { duration: '60s' } }]);
    const add = { operations: [{ op: 'add', path: '/nodes/-', value: { id: 'late', type: 'echo', depends_on: ['wait'] } }] };

    // No Temporal: nothing can be checked against the live graph, so nothing is recorded.
    const cut = await startApi(suiteConfig({ DATABASE_URL: suite.config.database.url as string, TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}` }));
    try {
      const down = await propose(runId, add, cut.url);
      expect(down.status).toBe(503);
      expect(down.body.error).toMatch(/^Temporal /);
    } finally {
      await cut.close();
    }
    expect((await request(base, 'GET', `/api/runs/${runId}/patches`)).body.patches).toEqual([]);

    // Terminated behind Steadfast's back: Postgres still says running, but no workflow takes the signal.
    const temporal = await temporalClient(suite.config);
    try {
      await temporal.client.workflow.getHandle(runId).terminate('test: the workflow is gone');
    } finally {
      await temporal.close();
    }
    expect((await request(base, 'GET', `/api/runs/${runId}`)).body.run.status).toBe('running');
    const gone = await propose(runId, add);
    expect(gone).toMatchObject({ status: 409, body: { error: 'Run is not active: its workflow has already ended' } });
    const { patches } = (await request(base, 'GET', `/api/runs/${runId}/patches`)).body;
    expect(patches).toEqual([
      expect.objectContaining({ status: 'rejected', rejected_reason: 'not delivered to the run: Run is not active: its workflow has already ended' }),
    ]);
  });

  it('checks a patch signalled straight through Temporal in the workflow: refused with its reason, on the stream and in /patches', async () => {
    const runId = await startRunUntilWaitStarts([
      { id: 'wait', type: 'delay', config: { duration: '2s' } },
      { id: 'end', type: 'echo', config: { value: 'end' }, depends_on: ['wait'] },
    ]);
    const temporal = await temporalClient(suite.config);
    try {
      const handle = temporal.client.workflow.getHandle(runId);
      await handle.signal(applyPatchSignal, { patch_id: 'by-hand-1', operations: [{ op: 'remove', path: '/nodes/0' }], reason: 'by hand', source: 'temporal' });
      await handle.signal(applyPatchSignal, {
        patch_id: 'by-hand-2',
        operations: [{ op: 'add', path: '/nodes/-', value: { id: 'extra', type: 'echo', config: { value: 'extra' }, depends_on: ['wait'] } }],
        source: 'temporal',
      });
    } finally {
      await temporal.close();
    }

    const refused = await waitForEvent(runId, (e) => e.type === 'patch_rejected');
    expect(refused).toMatchObject({
      patch_id: 'by-hand-1',
      source: 'temporal',
      reason: 'the patched workflow is invalid: node "end": depends_on references unknown node "wait"',
    });
    const run = await waitForStatus(base, runId, FINISHED);
    expect(run.output).toEqual({ end: 'end', extra: 'extra' });

    const { patches } = (await request(base, 'GET', `/api/runs/${runId}/patches`)).body;
    expect(patches.map((p) => [p.id, p.source, p.status, p.revision, p.rejected_reason, p.base_revision])).toEqual([
      ['by-hand-1', 'temporal', 'rejected', null, refused.reason, null],
      ['by-hand-2', 'temporal', 'applied', 1, null, null],
    ]);
  });

  it('adds an approval gate mid-run whose branches follow the decision through `when`', async () => {
    const runId = await startRunUntilWaitStarts([
      { id: 'draft', type: 'echo', config: { value: 'v1' } },
      { id: 'wait', type: 'delay', config: { duration: '2s' }, depends_on: ['draft'] },
    ]);
    const res = await propose(runId, {
      operations: [
        {
          op: 'add',
          path: '/nodes/-',
          value: { id: 'gate', type: 'approval', config: { title: 'Ship {{ nodes.draft.output }}?', timeout: '10m' }, depends_on: ['wait'] },
        },
        { op: 'add', path: '/nodes/-', value: { id: 'ship', type: 'echo', config: { value: 'shipped' }, depends_on: ['gate'], when: 'approved' } },
        { op: 'add', path: '/nodes/-', value: { id: 'shelve', type: 'echo', config: { value: 'shelved' }, depends_on: ['gate'], when: 'rejected' } },
      ],
    });
    expect(res.status).toBe(202);

    const requested = await waitForEvent(runId, (e) => e.type === 'approval_requested');
    expect(requested).toMatchObject({ node_id: 'gate', title: 'Ship v1?' });
    expect((await waitForStatus(base, runId, ['waiting_for_approval'])).status).toBe('waiting_for_approval');

    // A run waiting for approval is still active: a patch can still add to the approved branch.
    const more = await propose(runId, {
      operations: [{ op: 'add', path: '/nodes/-', value: { id: 'announce', type: 'echo', config: { value: 'announced' }, depends_on: ['ship'] } }],
    });
    expect(more.status).toBe(202);
    await waitForPatch(runId, more.body.patch.id, ['applied']);

    const temporal = await temporalClient(suite.config);
    try {
      await temporal.client.workflow
        .getHandle(runId)
        .signal(approvalDecisionSignal, { approval_id: present(requested.approval_id, 'the requested approval'), decision: 'approve', decided_by: 'ops' });
    } finally {
      await temporal.close();
    }
    const run = await waitForStatus(base, runId, FINISHED);
    expect(run.status).toBe('completed');
    const log = await events(runId);
    expect(log.filter((e) => e.type === 'node_skipped').map((e) => e.node_id)).toEqual(['shelve']);
    expect(run.output).toEqual('announced');
  });

  describe('an agent that patches its own run', () => {
    it('adds a node after itself with patch_workflow; the node runs and the model was told the patch was applied', async () => {
      const before = model.requests.length;
      const followUp = { id: 'follow_up', type: 'echo', config: { value: 'added by agent' }, depends_on: ['agent'] };
      model.respondWith((req) =>
        toolResults(req).length > 0
          ? { tool_calls: [{ name: 'finish', arguments: { output: toolResults(req)[0] } }] }
          : {
              tool_calls: [
                { name: 'patch_workflow', arguments: { patch: [{ op: 'add', path: '/nodes/-', value: followUp }], reason: 'a follow-up is needed' } },
              ],
            },
      );
      const runId = await startRun({ nodes: [{ id: 'agent', type: 'agent', config: { prompt: 'Plan the work', tools: ['patch_workflow', 'finish'] } }] });
      const run = await waitForStatus(base, runId, FINISHED);

      expect(run.status).toBe('completed');
      expect(run.output).toBe('added by agent');
      const [patch] = (await request(base, 'GET', `/api/runs/${runId}/patches`)).body.patches;
      expect(patch).toMatchObject({
        source: 'agent',
        node_id: 'agent',
        status: 'applied',
        revision: 1,
        reason: 'a follow-up is needed',
        operations: [{ op: 'add', path: '/nodes/-', value: followUp }],
      });

      const sent = model.requests.slice(before).map((r) => r.body);
      expect(sent).toHaveLength(2);
      expect(toolResults(sent[1])).toEqual([{ status: 'applied', patch_id: patch.id, revision: 1, added: ['follow_up'], removed: [], changed: [] }]);
      const agentOutput = (await request(base, 'GET', `/api/runs/${runId}/nodes/agent/output`)).body.output as AgentNodeOutput;
      expect(agentOutput.tool_calls[0]).toMatchObject({ name: 'patch_workflow', ok: true, patch_id: patch.id, status: 'applied', revision: 1 });
      const log = await events(runId);
      expect(log.filter((e) => e.type === 'node_completed').map((e) => e.node_id)).toEqual(['agent', 'follow_up']);
      expect(log.find((e) => e.type === 'patch_applied')).toMatchObject({ patch_id: patch.id, source: 'agent', added: ['follow_up'] });
    });

    it('is told a patch over the agent limit was rejected, and the run still completes', async () => {
      const before = model.requests.length;
      const helpers = Array.from({ length: 5 }, (_, i) => ({
        op: 'add',
        path: '/nodes/-',
        value: { id: `helper${i}`, type: 'agent', config: { prompt: 'help' }, depends_on: ['agent'] },
      }));
      model.respondWith((req) =>
        toolResults(req).length > 0
          ? { tool_calls: [{ name: 'finish', arguments: { output: 'carried on alone' } }] }
          : { tool_calls: [{ name: 'patch_workflow', arguments: { patch: helpers } }] },
      );
      const runId = await startRun({ nodes: [{ id: 'agent', type: 'agent', config: { prompt: 'Spawn helpers', tools: ['patch_workflow', 'finish'] } }] });
      const run = await waitForStatus(base, runId, FINISHED);

      expect(run.status).toBe('completed');
      expect((run.output as AgentNodeOutput).output).toBe('carried on alone');
      const sent = model.requests.slice(before).map((r) => r.body);
      expect(toolResults(sent[1])).toEqual([
        {
          status: 'rejected',
          errors: [
            'the patched workflow is invalid: workflow has 6 agent nodes ("agent", "helper0", "helper1", "helper2", "helper3", "helper4"); at most 5 are allowed',
          ],
          instruction: expect.any(String),
        },
      ]);
      // Refused by the tool's own check: nothing reached the workflow.
      expect((await request(base, 'GET', `/api/runs/${runId}/patches`)).body.patches).toEqual([]);
      expect((await request(base, 'GET', `/api/runs/${runId}/definition`)).body.definition.revision).toBe(0);
    });
  });
});
