import { QueryNotRegisteredError, WorkflowNotFoundError, isGrpcDeadlineError } from '@temporalio/client';
import { DomainError, DomainErrorCode } from '@steadfast/domain';

/** A definition query is answered from the workflow's memory: a worker that takes longer is not answering. */
export const RUN_QUERY_DEADLINE_MS = 5_000;

/**
 * A failed query or signal to a run's workflow, as the client should read it: a workflow that has ended
 * means the run is no longer active (409); anything else is Temporal or its worker not answering (503).
 */
export function temporalFailure(err: unknown): DomainError {
  if (err instanceof DomainError) return err;
  if (err instanceof WorkflowNotFoundError) {
    return new DomainError(DomainErrorCode.RunNotActive, 'Run is not active: its workflow has already ended');
  }
  if (isGrpcDeadlineError(err)) {
    return new DomainError(DomainErrorCode.DependencyUnavailable, 'Temporal did not answer in time: is a worker polling the run\'s task queue?');
  }
  // A worker on code older than the definition query cannot serve it; the run itself is fine.
  if (err instanceof QueryNotRegisteredError) {
    return new DomainError(DomainErrorCode.DependencyUnavailable, `The run's worker cannot report its definition: ${err.message}`);
  }
  return new DomainError(DomainErrorCode.DependencyUnavailable, `Temporal is unavailable: ${(err as Error).message}`);
}
