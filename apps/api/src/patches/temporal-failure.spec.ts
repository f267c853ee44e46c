import { WorkflowNotFoundError } from '@temporalio/client';
import { DomainError, DomainErrorCode } from '@steadfast/domain';
import { toErrorResponse } from '../common/api-exception.filter';
import { temporalFailure } from './temporal-failure';

/** A gRPC failure as @grpc/grpc-js reports it: a numeric code, details and metadata. */
function grpcError(code: number, details: string): Error {
  return Object.assign(new Error(`${code} ${details}`), { code, details, metadata: {} });
}

describe('temporalFailure: what a client reads when a run\'s workflow cannot be queried or signalled', () => {
  const sut = (err: unknown) => toErrorResponse(temporalFailure(err));

  it('is 409 when the workflow has ended, since the run is no longer active', () => {
    expect(sut(new WorkflowNotFoundError('workflow execution already completed', 'run-1', undefined))).toMatchObject({
      status: 409,
      body: { error: 'Run is not active: its workflow has already ended' },
    });
  });

  it('is 503 naming the worker when the query runs out of time', () => {
    const timedOut = new Error('Failed to query Workflow', { cause: grpcError(4, 'Deadline exceeded') });
    expect(sut(timedOut)).toMatchObject({ status: 503, body: { error: "Temporal did not answer in time: is a worker polling the run's task queue?" } });
  });

  it('is 503 with the cause for anything else Temporal answers', () => {
    expect(sut(grpcError(14, 'No connection established'))).toMatchObject({ status: 503, body: { error: 'Temporal is unavailable: 14 No connection established' } });
  });

  it('passes a domain error through unchanged', () => {
    const error = new DomainError(DomainErrorCode.RunNotFound, 'Run not found');
    expect(temporalFailure(error)).toBe(error);
  });
});
