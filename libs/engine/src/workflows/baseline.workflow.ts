import { condition, proxyActivities, setHandler, sleep } from '@temporalio/workflow';
import { baselineGoSignal } from '../contracts';
import type { NodeActivities } from '../activities/node.activities';

const { echo } = proxyActivities<NodeActivities>({ startToCloseTimeout: '1m' });

/**
 * The yardstick for `npm run bench`: what bare Temporal costs for the same work as a Steadfast run,
 * with no run record, no events and no DAG. Never started by the API.
 */
export async function baselineWorkflow(activities: number, parallel = false, leading = 0): Promise<number> {
  // `leading` activities run one after another first: the root of a fan-out DAG.
  for (let i = 0; i < leading; i++) await echo({ value: -1 - i });
  if (parallel) {
    await Promise.all(Array.from({ length: activities }, (_, i) => echo({ value: i })));
  } else {
    for (let i = 0; i < activities; i++) await echo({ value: i });
  }
  return activities;
}

/** The yardstick for an approval: wait for one signal on a durable timer, then one activity. */
export async function baselineApprovalWorkflow(): Promise<number> {
  let go = false;
  setHandler(baselineGoSignal, () => {
    go = true;
  });
  await condition(() => go, '10m');
  await echo({ value: 'approved' });
  return 1;
}

/** The yardstick for `npm run soak`'s rate finder: a soak run's shape (echo, durable timer, echo) and nothing else. */
export async function baselineChainWorkflow(delayMs: number): Promise<number> {
  await echo({ value: 'first' });
  await sleep(delayMs);
  await echo({ value: 'last' });
  return 2;
}
