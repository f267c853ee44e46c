/** Codes the API maps to HTTP statuses; the message is what a client reads. */
export enum DomainErrorCode {
  ValidationFailed = 'VALIDATION_FAILED',
  RunNotFound = 'RUN_NOT_FOUND',
  WorkflowNotFound = 'WORKFLOW_NOT_FOUND',
  AgentNotFound = 'AGENT_NOT_FOUND',
  NodeNotFound = 'NODE_NOT_FOUND',
  NodeOutputNotFound = 'NODE_OUTPUT_NOT_FOUND',
  RunAlreadyStarted = 'RUN_ALREADY_STARTED',
  RunAlreadyCanceled = 'RUN_ALREADY_CANCELED',
  RunAlreadyFinished = 'RUN_ALREADY_FINISHED',
  ApprovalNotFound = 'APPROVAL_NOT_FOUND',
  ApprovalAlreadyDecided = 'APPROVAL_ALREADY_DECIDED',
  ApprovalExpired = 'APPROVAL_EXPIRED',
  PatchRejected = 'PATCH_REJECTED',
  PatchNotFound = 'PATCH_NOT_FOUND',
  RunNotActive = 'RUN_NOT_ACTIVE',
  IdempotencyMismatch = 'IDEMPOTENCY_MISMATCH',
  InvalidCursor = 'INVALID_CURSOR',
  DependencyUnavailable = 'DEPENDENCY_UNAVAILABLE',
  RateLimited = 'RATE_LIMITED',
  /** No API key, or one that is malformed, unknown or revoked. */
  Unauthenticated = 'UNAUTHENTICATED',
  /** A valid key without the scope, or an approver the approval does not list. */
  Forbidden = 'FORBIDDEN',
  ApiKeyNotFound = 'API_KEY_NOT_FOUND',
}

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: string[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
