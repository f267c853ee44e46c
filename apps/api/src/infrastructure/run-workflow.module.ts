import { Global, Module } from '@nestjs/common';
import { RunWorkflowGateway } from './run-workflow.gateway';

/**
 * Global like TemporalModule, so every feature reaches a run's workflow through the same gateway. A module
 * of its own because the gateway imports TemporalClient from temporal.module.ts.
 */
@Global()
@Module({ providers: [RunWorkflowGateway], exports: [RunWorkflowGateway] })
export class RunWorkflowModule {}
