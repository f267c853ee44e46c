import { Injectable } from '@nestjs/common';
import {
  DomainError,
  DomainErrorCode,
  foldNodeStates,
  loadOutputRefs,
  outputRef,
  type NodeState,
  type OutputRefTarget,
  type RunEvent,
} from '@steadfast/domain';
import { OutputStoreRepository } from '@steadfast/persistence';
import { RunEventSource } from '../streaming/run-event-source';
import { RunQueryService } from './run-query.service';

const PAGE = 500;

/** GET /api/runs/:id/nodes: the node view folded from the run's events (Postgres, then the live buffer). */
@Injectable()
export class RunNodesService {
  constructor(
    private readonly runs: RunQueryService,
    private readonly events: RunEventSource,
    private readonly outputs: OutputStoreRepository,
  ) {}

  async nodes(tenant: string, runId: string): Promise<NodeState[]> {
    const run = await this.runs.get(tenant, runId);
    const all: RunEvent[] = [];
    for (;;) {
      const page = await this.events.read(runId, all.length > 0 ? all[all.length - 1].seq : 0, PAGE);
      all.push(...page.events);
      if (page.done || page.events.length < PAGE) break;
    }
    return foldNodeStates(run.dag, all);
  }

  /** GET /api/runs/:id/nodes/:nodeId/output: a completed node's output in full, loaded from the store when it was stored by reference. */
  async output(tenant: string, runId: string, nodeId: string): Promise<{ output: unknown; output_ref: OutputRefTarget | null }> {
    const node = (await this.nodes(tenant, runId)).find((state) => state.id === nodeId);
    if (!node) throw new DomainError(DomainErrorCode.NodeNotFound, 'Node not found', [`run ${runId} has no node "${nodeId}"`]);
    if (node.status !== 'completed') {
      throw new DomainError(DomainErrorCode.NodeOutputNotFound, 'Node has no output', [
        `node "${nodeId}" is ${node.status}; only completed nodes have an output`,
      ]);
    }
    // A reference (whole output) or references inside it (an agent's large fields) are loaded alike.
    const output = node.output_ref ? outputRef(node.output_ref.sha256, node.output_ref.size_bytes) : (node.output ?? null);
    const loaded = await loadOutputRefs(output, (shas) => this.outputs.getMany(shas));
    if ('missing' in loaded) {
      throw new DomainError(DomainErrorCode.NodeOutputNotFound, 'Node has no output', [`stored output ${loaded.missing} is missing from the output store`]);
    }
    return { output: loaded.value, output_ref: node.output_ref ?? null };
  }
}
