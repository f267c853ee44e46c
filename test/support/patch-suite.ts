import { startScriptedModel, type ChatRequest, type ScriptedModelServer } from '@steadfast/devstack';
import { requireStarted, startSuite, type Suite } from './harness';
import { request } from './http';
import { eventually } from './eventually';
import type { EventJson, PatchJson } from './api-types';
import { present } from './present';

/** What the worker sent back to the model as tool results, parsed. */
export const toolResults = (body: ChatRequest) =>
  body.messages.filter((message) => message.role === 'tool').map((message): unknown => JSON.parse(String(message.content)));

/** Matches the event of `nodeId` starting. */
export const started = (nodeId: string) => (event: EventJson) => event.type === 'node_started' && event.node_id === nodeId;

/**
 * Registers beforeAll/afterAll for the runtime-patch specs: a scripted model on loopback and the stack
 * with the worker pointed at it (so an agent can patch its own run), and the calls those specs make.
 */
export function usePatchSuite() {
  let model: ScriptedModelServer | undefined;
  let suite: Suite | undefined;
  beforeAll(async () => {
    model = await startScriptedModel();
    suite = await startSuite({ OPENAI_BASE_URL: model.url, OPENAI_API_KEY: 'test-key', OPENAI_MAX_RETRIES: '0' });
  });
  afterAll(async () => {
    await suite?.stop();
    await model?.close();
  });
  const base = () => requireStarted(suite, 'the suite').api.url;

  async function startRun(workflow: unknown, start = true): Promise<string> {
    const { body, status } = await request(base(), 'POST', '/api/runs', { name: 'patched', workflow, start });
    expect(status).toBe(201);
    return body.run.id;
  }

  async function events(runId: string): Promise<EventJson[]> {
    return (await request(base(), 'GET', `/api/runs/${runId}/events?limit=500`)).body.events;
  }

  /** Polls the event log until an event matches; the workflow writes its events in batches. */
  async function waitForEvent(runId: string, match: (event: EventJson) => boolean, timeoutMs = 30_000): Promise<EventJson> {
    return eventually(async () => present((await events(runId)).find(match), 'a matching event'), {
      timeoutMs,
      intervalMs: 100,
      message: `a matching event on ${runId}`,
    });
  }

  /** Starts a run of `nodes` and returns its id once their `wait` delay has started, the graph still open to patches. */
  async function startRunUntilWaitStarts(nodes: unknown[]): Promise<string> {
    const runId = await startRun({ nodes });
    await waitForEvent(runId, started('wait'));
    return runId;
  }

  async function waitForPatch(runId: string, patchId: string, statuses = ['applied', 'rejected']): Promise<PatchJson> {
    return eventually(
      async () => {
        const patch = (await request(base(), 'GET', `/api/runs/${runId}/patches/${patchId}`)).body.patch;
        expect(statuses).toContain(patch?.status);
        return patch;
      },
      { intervalMs: 100, message: `patch ${patchId} to be ${statuses.join('/')}` },
    );
  }

  const propose = (runId: string, body: unknown, api = base()) => request(api, 'POST', `/api/runs/${runId}/patches`, body);

  return {
    get suite() {
      return requireStarted(suite, 'the suite');
    },
    get base() {
      return base();
    },
    get model() {
      return requireStarted(model, 'the scripted model');
    },
    startRun,
    events,
    waitForEvent,
    startRunUntilWaitStarts,
    waitForPatch,
    propose,
  };
}
