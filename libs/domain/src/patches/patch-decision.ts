/**
 * What the workflow decided about a patch, in the shape it travels in (snake_case: an activity payload,
 * then one jsonb parameter). The engine's outcome entry and the stored record each add their own keys.
 */
export interface PatchDecision {
  node_id: string | null;
  operations: unknown[];
  reason: string | null;
  status: 'applied' | 'rejected';
  rejected_reason: string | null;
  revision: number | null;
  decided_at: string;
}
