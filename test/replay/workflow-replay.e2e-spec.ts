import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRunEventSinks } from '@steadfast/engine';
import { testStack } from '../support/stack-env';

const HISTORIES = join(__dirname, '..', 'histories');
// Replay workers log every state change at INFO; only problems are worth reading here.
Runtime.install({ logger: new DefaultLogger('WARN') });
// Registered as in production, so the workflow's sink calls resolve; they are not made during replay.
const replaySinks = createRunEventSinks({ notify: async () => undefined, onError: () => undefined });
const files = readdirSync(HISTORIES).filter((file) => file.endsWith('.json'));

/**
 * Replays recorded histories against today's workflow bundle: a change that would make a running
 * workflow non-deterministic fails here instead of in production.
 */
describe('workflow replay over recorded histories', () => {
  it('has histories to replay', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
  });

  it.each(files)('replays %s without non-determinism', async (file) => {
    const history = historyFromJSON(JSON.parse(readFileSync(join(HISTORIES, file), 'utf8')));
    await expect(
      Worker.runReplayHistory({ workflowBundle: { codePath: testStack().workflowBundle }, sinks: replaySinks }, history, file.replace(/\.json$/, '')),
    ).resolves.toBeUndefined();
  });
});
