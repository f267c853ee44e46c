import { Injectable } from '@nestjs/common';
import { DomainError, DomainErrorCode, isActiveStatus, type Dag, type RunDagState } from '@steadfast/domain';
import { contentAddress, RunRepository, type RunEntity } from '@steadfast/persistence';
import { definitionQuery } from '@steadfast/temporal';
import { TemporalClient } from '../infrastructure/temporal.module';
import { RUN_QUERY_DEADLINE_MS, temporalFailure } from './temporal-failure';

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
    private readonly temporal: TemporalClient,
    private readonly runs: RunRepository,
  ) {}

  /** The graph, revision and node states the run's workflow holds right now. */
  async current(runId: string): Promise<RunDagState> {
    try {
      return await this.temporal.client.connection.withDeadline(Date.now() + RUN_QUERY_DEADLINE_MS, () =>
        this.temporal.client.workflow.getHandle(runId).query(definitionQuery),
      );
    } catch (err) {
      throw temporalFailure(err);
    }
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
