import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { principalOf } from './request-principal';

/** The authenticated caller (tenant, scopes, user, roles) as a handler parameter. */
export const Caller = createParamDecorator((_data: unknown, context: ExecutionContext) => principalOf(context.switchToHttp().getRequest<FastifyRequest>()));
