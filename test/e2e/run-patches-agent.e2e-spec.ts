import type { AgentNodeOutput } from '@steadfast/engine';
import { TERMINAL_RUN_STATUSES } from '@steadfast/domain';
import { request, waitForStatus } from '../support/http';
import { toolResults, usePatchSuite } from '../support/patch-suite';

/**
 * Runtime patches from an agent: the worker talks to a scripted model on loopback, whose patch_workflow
 * calls patch the agent's own run, and the model is told what became of each patch.
 */
describe('runtime patches', () => {
  const ctx = usePatchSuite();
  const { startRun, events } = ctx;

  describe('an agent that patches its own run', () => {
    it('adds a node after itself with patch_workflow; the node runs and the model was told the patch was applied', async () => {
      const before = ctx.model.requests.length;
      const followUp = { id: 'follow_up', type: 'echo', config: { value: 'added by agent' }, depends_on: ['agent'] };
      ctx.model.respondWith((req) =>
        toolResults(req).length > 0
          ? { tool_calls: [{ name: 'finish', arguments: { output: toolResults(req)[0] } }] }
          : {
              tool_calls: [
                { name: 'patch_workflow', arguments: { patch: [{ op: 'add', path: '/nodes/-', value: followUp }], reason: 'a follow-up is needed' } },
              ],
            },
      );
      const runId = await startRun({ nodes: [{ id: 'agent', type: 'agent', config: { prompt: 'Plan the work', tools: ['patch_workflow', 'finish'] } }] });
      const run = await waitForStatus(ctx.base, runId, TERMINAL_RUN_STATUSES);

      expect(run.status).toBe('completed');
      expect(run.output).toBe('added by agent');
      const [patch] = (await request(ctx.base, 'GET', `/api/runs/${runId}/patches`)).body.patches;
      expect(patch).toMatchObject({
        source: 'agent',
        node_id: 'agent',
        status: 'applied',
        revision: 1,
        reason: 'a follow-up is needed',
        operations: [{ op: 'add', path: '/nodes/-', value: followUp }],
      });

      const sent = ctx.model.requests.slice(before).map((r) => r.body);
      expect(sent).toHaveLength(2);
      expect(toolResults(sent[1])).toEqual([{ status: 'applied', patch_id: patch.id, revision: 1, added: ['follow_up'], removed: [], changed: [] }]);
      const agentOutput = (await request(ctx.base, 'GET', `/api/runs/${runId}/nodes/agent/output`)).body.output as AgentNodeOutput;
      expect(agentOutput.tool_calls[0]).toMatchObject({ name: 'patch_workflow', ok: true, patch_id: patch.id, status: 'applied', revision: 1 });
      const log = await events(runId);
      expect(log.filter((e) => e.type === 'node_completed').map((e) => e.node_id)).toEqual(['agent', 'follow_up']);
      expect(log.find((e) => e.type === 'patch_applied')).toMatchObject({ patch_id: patch.id, source: 'agent', added: ['follow_up'] });
    });

    it('is told a patch over the agent limit was rejected, and the run still completes', async () => {
      const before = ctx.model.requests.length;
      const helpers = Array.from({ length: 5 }, (_, i) => ({
        op: 'add',
        path: '/nodes/-',
        value: { id: `helper${i}`, type: 'agent', config: { prompt: 'help' }, depends_on: ['agent'] },
      }));
      ctx.model.respondWith((req) =>
        toolResults(req).length > 0
          ? { tool_calls: [{ name: 'finish', arguments: { output: 'carried on alone' } }] }
          : { tool_calls: [{ name: 'patch_workflow', arguments: { patch: helpers } }] },
      );
      const runId = await startRun({ nodes: [{ id: 'agent', type: 'agent', config: { prompt: 'Spawn helpers', tools: ['patch_workflow', 'finish'] } }] });
      const run = await waitForStatus(ctx.base, runId, TERMINAL_RUN_STATUSES);

      expect(run.status).toBe('completed');
      expect((run.output as AgentNodeOutput).output).toBe('carried on alone');
      const sent = ctx.model.requests.slice(before).map((r) => r.body);
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
      expect((await request(ctx.base, 'GET', `/api/runs/${runId}/patches`)).body.patches).toEqual([]);
      expect((await request(ctx.base, 'GET', `/api/runs/${runId}/definition`)).body.definition.revision).toBe(0);
    });
  });
});
