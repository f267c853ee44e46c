import { Injectable } from '@nestjs/common';
import { DomainError, DomainErrorCode, isActiveStatus, type Dag, type RunDagState } from '@steadfast/domain';
import { contentAddress, RunRepository, type RunEntity } from '@steadfast/persistence';
import { definitionQuery } from '@steadfast/engine';
import { RunWorkflowGateway } from '../infrastructure/run-workflow.gateway';

export interface DefinitionJson {
  revision: number;
  /** The same address the workflow's patch rows carry as result_sha256. */
  sha256: string;
  dag: Dag;
}

/** The graph a run executes: from its workflow while it is active (patches move it), else from Postgres. */
@Injectable()
export class RunDefinitionReader {
  constructor(
    private readonly workflows: RunWorkflowGateway,
    private readonly runs: RunRepository,
  ) {}

  /** The graph, revision and node states the run's workflow holds right now. */
  current(runId: string): Promise<RunDagState> {
    return this.workflows.query(runId, definitionQuery);
  }

  async definition(run: RunEntity): Promise<DefinitionJson> {
    if (isActiveStatus(run.status)) {
      try {
        const state = await this.current(run.id);
        return present(state.dag, state.revision);
      } catch (err) {
        // Ended between the read and the query: Postgres has the final graph.
        if (!(err instanceof DomainError && err.code === DomainErrorCode.RunNotActive)) throw err;
        run = (await this.runs.findById(run.id)) ?? run;
      }
    }
    return present(run.dag, run.dagRevision ?? 0);
  }
}

function present(dag: Dag, revision: number): DefinitionJson {
  return { revision, sha256: contentAddress(dag).sha256, dag };
}
