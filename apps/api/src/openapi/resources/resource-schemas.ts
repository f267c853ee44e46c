import type { Schema } from '../schema-parts';
import { AGENT } from './agent.schema';
import { API_KEY, NEW_API_KEY } from './api-key.schema';
import { APPROVAL } from './approval.schema';
import { DAG_NODE, RUN_DEFINITION, WORKFLOW } from './definition.schema';
import { PATCH } from './patch.schema';
import { RUN_EVENT, RUN_EVENT_VARIANTS, STREAM_CONNECTED } from './run-event.schema';
import { NODE_STATE, OUTPUT_REF, RUN, TOKEN_USAGE } from './run.schema';

/** The resources the API answers with, by component name: the names the generated clients' types carry. */
const NAMED = {
  Run: RUN,
  NodeState: NODE_STATE,
  OutputRef: OUTPUT_REF,
  TokenUsage: TOKEN_USAGE,
  Approval: APPROVAL,
  Patch: PATCH,
  RunDefinition: RUN_DEFINITION,
  DagNode: DAG_NODE,
  Workflow: WORKFLOW,
  Agent: AGENT,
  ApiKey: API_KEY,
  NewApiKey: NEW_API_KEY,
  RunEvent: RUN_EVENT,
  StreamConnected: STREAM_CONNECTED,
} satisfies Record<string, Schema>;

export type ResourceName = keyof typeof NAMED;

export const RESOURCE_SCHEMAS: Record<string, Schema> = { ...NAMED, ...RUN_EVENT_VARIANTS };
