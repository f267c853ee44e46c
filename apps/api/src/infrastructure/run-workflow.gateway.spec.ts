import { QueryNotRegisteredError, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { DomainError, DomainErrorCode } from '@steadfast/domain';
import { toErrorResponse } from '../common/api-exception.filter';
import { workflowFailure, type WorkflowCall } from './run-workflow.gateway';

/** A gRPC failure as @grpc/grpc-js reports it: a numeric code, details and metadata. */
function grpcError(code: number, details: string): Error {
  return Object.assign(new Error(`${code} ${details}`), { code, details, metadata: {} });
}

const timedOut = (what: string) => new Error(what, { cause: grpcError(4, 'Deadline exceeded') });

describe("workflowFailure: what a client reads when a call to a run's workflow fails", () => {
  const sut = (err: unknown, call: WorkflowCall = 'query', queryName?: string) => toErrorResponse(workflowFailure(err, call, queryName));

  it('is 409 when the workflow has already been started', () => {
    expect(sut(new WorkflowExecutionAlreadyStartedError('already started', 'run-1', 'runWorkflow'), 'start')).toMatchObject({
      status: 409,
      body: { error: 'Run already started' },
    });
  });

  it.each(['query', 'signal', 'cancel'] as const)('is 409 on a %s when the workflow has ended, since the run is no longer active', (call) => {
    expect(sut(new WorkflowNotFoundError('workflow execution already completed', 'run-1', undefined), call)).toMatchObject({
      status: 409,
      body: { error: 'Run is not active: its workflow has already ended' },
    });
  });

  it('is 503 naming the worker when a query runs out of time', () => {
    expect(sut(timedOut('Failed to query Workflow'))).toMatchObject({
      status: 503,
      body: { error: "Temporal did not answer in time: is a worker polling the run's task queue?" },
    });
  });

  it.each(['start', 'signal', 'cancel'] as const)('is 503 "Temporal is unavailable" when a %s runs out of time: no worker is involved', (call) => {
    expect(sut(timedOut('Failed to reach Temporal'), call)).toMatchObject({
      status: 503,
      body: { error: 'Temporal is unavailable: Failed to reach Temporal' },
    });
  });

  it('is 503 naming the query a worker on older code cannot serve', () => {
    const unknown = new QueryNotRegisteredError('Workflow did not register a handler for definition', 3);
    expect(sut(unknown, 'query', 'definition')).toMatchObject({
      status: 503,
      body: { error: "The run's worker cannot report its definition: Workflow did not register a handler for definition" },
    });
  });

  it.each(['start', 'cancel', 'signal', 'query'] as const)('is 503 with the cause for anything else Temporal answers to a %s', (call) => {
    expect(sut(grpcError(14, 'No connection established'), call)).toMatchObject({
      status: 503,
      body: { error: 'Temporal is unavailable: 14 No connection established' },
    });
  });

  it('passes a domain error through unchanged', () => {
    const error = new DomainError(DomainErrorCode.RunNotFound, 'Run not found');
    expect(workflowFailure(error, 'query')).toBe(error);
  });
});
