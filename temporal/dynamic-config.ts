/**
 * Dynamic config for the dev server. Larger query/signal limits suit streaming runs, and a fast
 * visibility refresh keeps `temporal workflow list --query` in step with search-attribute upserts.
 */
export const DEV_SERVER_DYNAMIC_CONFIG: Record<string, unknown> = {
  'frontend.enableUpdateWorkflowExecution': true,
  'limit.blobSize.warn': 2 * 1024 * 1024,
  'system.forceSearchAttributesCacheRefreshOnRead': true,
};
