import { Injectable } from '@nestjs/common';
import {
  defaultDag,
  definitionHashContent,
  DomainError,
  DomainErrorCode,
  mergeAgentConfig,
  parseWorkflowRef,
  validateDag,
  type Dag,
  type DagNode,
  type RegisteredAgent,
} from '@steadfast/domain';
import { schemaViolations } from '@steadfast/schemas';
import { AgentQueryService } from '../agents/agent-query.service';
import { checkedDefinition, outputSchemaProblems } from '../definitions/checked-definition';
import { DefinitionQueryService } from '../definitions/definition-query.service';
import type { CreateRunDto } from './dto/create-run.dto';
import { contentAddress } from '@steadfast/persistence';

/** What a run records about the definition it runs; name and version are null for an inline one. */
export interface RunWorkflowRef {
  name: string | null;
  version: number | null;
  sha256: string;
}

export interface ResolvedRunDefinition {
  /** The DAG the run executes, snapshotted: registered agents merged in, nothing left to look up later. */
  dag: Dag;
  /** Null for the default one-echo DAG. */
  workflow: RunWorkflowRef | null;
}

interface Definition {
  dag: Dag;
  inputSchema: Record<string, unknown> | null;
  ref: RunWorkflowRef;
}

const invalid = (details: string[]) => new DomainError(DomainErrorCode.ValidationFailed, 'Validation failed', details);

/**
 * Turns a run request's `workflow` (absent, "name", "name@3" or inline) into the DAG the run snapshots:
 * the definition looked up or checked, the input checked against its input_schema, and every agent node
 * naming a registered agent given that agent's settings under its own. Everything fails as a 422 before
 * anything is written.
 */
@Injectable()
export class RunDefinitionResolver {
  constructor(
    private readonly workflows: DefinitionQueryService,
    private readonly agents: AgentQueryService,
  ) {}

  /** Names resolve within `tenant`: another tenant's definition or agent is as unknown as a missing one. */
  async resolve(tenant: string, dto: CreateRunDto): Promise<ResolvedRunDefinition> {
    if (dto.workflow === undefined) return { dag: defaultDag(), workflow: null };
    const definition = typeof dto.workflow === 'string' ? await this.stored(tenant, dto.workflow) : inline(dto.workflow);
    if (definition.inputSchema) {
      const violations = schemaViolations(definition.inputSchema, dto.input ?? null, 'input');
      if (violations.length > 0) throw invalid(violations);
    }
    return { dag: await this.withAgents(tenant, definition.dag), workflow: definition.ref };
  }

  private async stored(tenant: string, text: string): Promise<Definition> {
    const ref = parseWorkflowRef(text);
    if (!ref) throw invalid([`workflow "${text}" is neither a definition name nor "name@version"`]);
    try {
      const entity = ref.version === undefined ? await this.workflows.latest(tenant, ref.name) : await this.workflows.version(tenant, ref.name, ref.version);
      return { dag: entity.definition, inputSchema: entity.inputSchema, ref: { name: entity.name, version: entity.version, sha256: entity.sha256 } };
    } catch (err) {
      // A missing definition is a problem with this request's body, not a missing resource at this URL.
      if (err instanceof DomainError && err.code === DomainErrorCode.WorkflowNotFound) throw invalid(err.details);
      throw err;
    }
  }

  private async withAgents(tenant: string, dag: Dag): Promise<Dag> {
    if (!dag.nodes.some(namesAgent)) return dag;
    const errors: string[] = [];
    const nodes = await Promise.all(
      dag.nodes.map(async (node) => {
        if (!namesAgent(node)) return node;
        const agent = await this.registeredAgent(tenant, node, errors);
        return agent ? { ...node, config: mergeAgentConfig(node.config, agent) } : node;
      }),
    );
    if (errors.length > 0) throw invalid(errors);
    // The merged configs are new input: the final DAG passes the same checks as any other.
    const validation = validateDag({ ...dag, nodes });
    const problems = validation.dag ? outputSchemaProblems(validation.dag) : validation.errors;
    if (!validation.dag || problems.length > 0) throw invalid(problems);
    return validation.dag;
  }

  /** The agent's latest version, or the one the node pins with `agent_version`. */
  private async registeredAgent(tenant: string, node: DagNode, errors: string[]): Promise<RegisteredAgent | undefined> {
    const name = node.config.agent as string;
    const pinned = node.config.agent_version as number | undefined;
    const entity = await this.agents.find(tenant, name, pinned);
    if (entity) return { name: entity.name, version: entity.version, settings: entity.settings };
    const registered = pinned !== undefined && (await this.agents.find(tenant, name)) !== null;
    errors.push(registered ? `node "${node.id}": agent "${name}" has no version ${pinned}` : `node "${node.id}": agent "${name}" is not registered`);
    return undefined;
  }
}

function inline(raw: Record<string, unknown>): Definition {
  const content = checkedDefinition(raw, 'workflow.');
  return {
    dag: content.dag,
    inputSchema: content.input_schema,
    ref: { name: null, version: null, sha256: contentAddress(definitionHashContent(content)).sha256 },
  };
}

const namesAgent = (node: DagNode) => node.type === 'agent' && typeof node.config.agent === 'string';
