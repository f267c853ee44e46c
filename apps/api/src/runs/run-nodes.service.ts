import { Injectable } from '@nestjs/common';
import { containsOutputRef, DomainError, DomainErrorCode, foldNodeStates, outputRefShas, replaceOutputRefs, type NodeState, type OutputRefTarget, type RunEvent } from '@steadfast/domain';
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

  async nodes(runId: string): Promise<NodeState[]> {
    const run = await this.runs.get(runId);
    const all: RunEvent[] = [];
    for (;;) {
      const page = await this.events.read(runId, all.length > 0 ? all[all.length - 1].seq : 0, PAGE);
      all.push(...page.events);
      if (page.done || page.events.length < PAGE) break;
    }
    return foldNodeStates(run.dag, all);
  }

  /** GET /api/runs/:id/nodes/:nodeId/output: a completed node's output in full, loaded from the store when it was stored by reference. */
  async output(runId: string, nodeId: string): Promise<{ output: unknown; output_ref: OutputRefTarget | null }> {
    const node = (await this.nodes(runId)).find((state) => state.id === nodeId);
    if (!node) throw new DomainError(DomainErrorCode.NodeNotFound, 'Node not found', [`run ${runId} has no node "${nodeId}"`]);
    if (node.status !== 'completed') {
      throw new DomainError(DomainErrorCode.NodeOutputNotFound, 'Node has no output', [`node "${nodeId}" is ${node.status}; only completed nodes have an output`]);
    }
    if (!node.output_ref) return { output: await this.loadNested(node.output ?? null), output_ref: null };
    const stored = await this.outputs.get(node.output_ref.sha256);
    if (!stored) throw missingOutput(node.output_ref.sha256);
    return { output: stored.content, output_ref: node.output_ref };
  }

  /** An output stored field by field (an agent's large answer beside its inline usage) comes back whole. */
  private async loadNested(output: unknown): Promise<unknown> {
    if (!containsOutputRef(output)) return output;
    const shas = [...outputRefShas(output)];
    const contents = await this.outputs.getMany(shas);
    const missing = shas.find((sha) => !contents.has(sha));
    if (missing) throw missingOutput(missing);
    return replaceOutputRefs(output, contents);
  }
}

const missingOutput = (sha256: string) =>
  new DomainError(DomainErrorCode.NodeOutputNotFound, 'Node has no output', [`stored output ${sha256} is missing from the output store`]);
