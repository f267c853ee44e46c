import { HttpStatus, UnprocessableEntityException, ValidationPipe, type ValidationError } from '@nestjs/common';

/** One readable message per problem, nested properties named by their path. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => (parent ? `${parent}.${message}` : message));
    return [...own, ...flattenValidationErrors(error.children ?? [], path)];
  });
}

/** Enough to fix a request; a flood of unknown query keys must not become a flood of messages. */
export const MAX_VALIDATION_DETAILS = 20;

export function capDetails(details: string[], max = MAX_VALIDATION_DETAILS): string[] {
  return details.length <= max ? details : [...details.slice(0, max), `... and ${details.length - max} more problems`];
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    errorHttpStatusCode: HttpStatus.UNPROCESSABLE_ENTITY,
    exceptionFactory: (errors) => new UnprocessableEntityException({ error: 'Validation failed', details: capDetails(flattenValidationErrors(errors)) }),
  });
}
