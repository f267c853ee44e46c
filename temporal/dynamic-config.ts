/**
 * Dynamic config for the dev server: prompt timers, updates enabled, and search attributes that are
 * usable as soon as they are registered.
 */
export const DEV_SERVER_DYNAMIC_CONFIG: Record<string, unknown> = {
  // The default (1s) lets short durable timers fire up to a second late; delay nodes want ~10 ms.
  'history.timerProcessorMaxTimeShift': '10ms',
  // Lets a worker take the activity it just scheduled straight from its workflow task completion,
  // skipping a matching round trip per node.
  'system.enableActivityEagerExecution': true,
  'frontend.enableUpdateWorkflowExecution': true,
  'limit.blobSize.warn': 2 * 1024 * 1024,
  'system.forceSearchAttributesCacheRefreshOnRead': true,
};
