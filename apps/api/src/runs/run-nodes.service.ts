import { Injectable } from '@nestjs/common';
import { foldNodeStates, type NodeState, type RunEvent } from '@steadfast/domain';
import { RunEventSource } from '../streaming/run-event-source';
import { RunQueryService } from './run-query.service';

const PAGE = 500;

/** GET /api/runs/:id/nodes: the node view folded from the run's events (Postgres, then the live buffer). */
@Injectable()
export class RunNodesService {
  constructor(
    private readonly runs: RunQueryService,
    private readonly events: RunEventSource,
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
}
