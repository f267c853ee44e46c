import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { randomUUID } from 'node:crypto';
import { DomainError, DomainErrorCode, RateLimitedError } from '@steadfast/domain';
import type { ErrorBody } from './error-body';

const DOMAIN_STATUS: Record<DomainErrorCode, number> = {
  [DomainErrorCode.ValidationFailed]: HttpStatus.UNPROCESSABLE_ENTITY,
  [DomainErrorCode.IdempotencyMismatch]: HttpStatus.UNPROCESSABLE_ENTITY,
  [DomainErrorCode.InvalidCursor]: HttpStatus.BAD_REQUEST,
  [DomainErrorCode.RunNotFound]: HttpStatus.NOT_FOUND,
  [DomainErrorCode.WorkflowNotFound]: HttpStatus.NOT_FOUND,
  [DomainErrorCode.AgentNotFound]: HttpStatus.NOT_FOUND,
  [DomainErrorCode.NodeNotFound]: HttpStatus.NOT_FOUND,
  [DomainErrorCode.NodeOutputNotFound]: HttpStatus.NOT_FOUND,
  [DomainErrorCode.RunAlreadyStarted]: HttpStatus.CONFLICT,
  [DomainErrorCode.RunAlreadyCanceled]: HttpStatus.CONFLICT,
  [DomainErrorCode.RunAlreadyFinished]: HttpStatus.CONFLICT,
  [DomainErrorCode.ApprovalNotFound]: HttpStatus.NOT_FOUND,
  [DomainErrorCode.PatchNotFound]: HttpStatus.NOT_FOUND,
  [DomainErrorCode.ApprovalAlreadyDecided]: HttpStatus.CONFLICT,
  [DomainErrorCode.ApprovalExpired]: HttpStatus.CONFLICT,
  [DomainErrorCode.RunNotActive]: HttpStatus.CONFLICT,
  [DomainErrorCode.PatchRejected]: HttpStatus.UNPROCESSABLE_ENTITY,
  [DomainErrorCode.DependencyUnavailable]: HttpStatus.SERVICE_UNAVAILABLE,
  [DomainErrorCode.RateLimited]: HttpStatus.TOO_MANY_REQUESTS,
  [DomainErrorCode.Unauthenticated]: HttpStatus.UNAUTHORIZED,
  [DomainErrorCode.Forbidden]: HttpStatus.FORBIDDEN,
  [DomainErrorCode.ApiKeyNotFound]: HttpStatus.NOT_FOUND,
};

/** Fastify's own request errors (body parsing, limits) carry a statusCode and an FST_ code. */
interface FastifyRequestError {
  statusCode?: number;
  code?: string;
  message: string;
}

const FASTIFY_MESSAGES: Record<string, string> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Unsupported content type: send application/json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'Request body too large',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'Malformed JSON: the body is empty',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'Content-Length does not match the body',
};

const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08006']);
const UNAVAILABLE_MESSAGE = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i;

/** Postgres (or another dependency) not answering is the server's trouble, but a known one: 503, not 500. */
function isUnavailable(exception: unknown): boolean {
  const err = exception as { code?: unknown; message?: unknown; driverError?: unknown };
  if (typeof err?.code === 'string' && UNAVAILABLE_CODES.has(err.code)) return true;
  if (typeof err?.message === 'string' && UNAVAILABLE_MESSAGE.test(err.message)) return true;
  return err?.driverError !== undefined && isUnavailable(err.driverError);
}

export interface ErrorResponse {
  status: number;
  body: ErrorBody;
  unexpected: boolean;
  headers?: Record<string, string>;
}

export function toErrorResponse(exception: unknown): ErrorResponse {
  if (exception instanceof RateLimitedError) {
    return {
      status: HttpStatus.TOO_MANY_REQUESTS,
      body: { error: exception.message, retryAfter: exception.retryAfter, layer: exception.layer },
      unexpected: false,
      headers: { 'retry-after': String(exception.retryAfter) },
    };
  }
  if (exception instanceof DomainError) {
    const body: ErrorBody = { error: exception.message };
    if (exception.details.length > 0) body.details = exception.details;
    return { status: DOMAIN_STATUS[exception.code], body, unexpected: false };
  }
  if (exception instanceof HttpException) {
    const response = exception.getResponse();
    // Our own envelopes ({error, details?}) pass through; Nest's ({statusCode, message, error}) become {error: message}.
    const body: ErrorBody =
      typeof response === 'object' && response !== null && 'error' in response && typeof response.error === 'string' && !('statusCode' in response)
        ? (response as ErrorBody)
        : { error: typeof response === 'string' ? response : exception.message };
    return { status: exception.getStatus(), body, unexpected: false };
  }
  const fastifyError = exception as FastifyRequestError;
  if (typeof fastifyError?.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    const code = fastifyError.code ?? '';
    const message =
      FASTIFY_MESSAGES[code] ??
      (code.startsWith('FST_ERR_CTP') || exception instanceof SyntaxError ? `Malformed JSON: ${fastifyError.message}` : fastifyError.message);
    return { status: fastifyError.statusCode, body: { error: message }, unexpected: false };
  }
  if (isUnavailable(exception)) {
    return { status: HttpStatus.SERVICE_UNAVAILABLE, body: { error: 'Service unavailable: the database did not answer' }, unexpected: false };
  }
  const errorId = randomUUID();
  return { status: HttpStatus.INTERNAL_SERVER_ERROR, body: { error: 'Internal server error', errorId }, unexpected: true };
}

/** Maps every error to the JSON envelope; an unexpected one is logged with an errorId the client also gets. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { status, body, unexpected, headers } = toErrorResponse(exception);
    if (unexpected) this.logger.error({ err: exception, errorId: body.errorId }, 'unexpected error');
    if (reply.sent) return;
    // RFC 6750: a 401 names the scheme the client should retry with.
    if (status === (HttpStatus.UNAUTHORIZED as number)) void reply.header('www-authenticate', 'Bearer');
    void reply
      .status(status)
      .headers(headers ?? {})
      .header('content-type', 'application/json; charset=utf-8')
      .send(body);
  }
}
