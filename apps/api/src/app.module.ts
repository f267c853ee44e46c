import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { DataSource } from 'typeorm';
import { REDACTED, REDACTED_LOG_PATHS, redactRequestUrl, type AppConfig } from '@steadfast/config';
import { ApprovalsModule } from './approvals/approvals.module';
import { AuthModule } from './auth/auth.module';
import { KeysModule } from './keys/keys.module';
import { ApiConfig } from './config/api-config';
import { HealthModule } from './health/health.module';
import { DatabaseModule } from './infrastructure/database.module';
import { RunWorkflowModule } from './infrastructure/run-workflow.module';
import { TemporalModule } from './infrastructure/temporal.module';
import { LimitsModule } from './limits/limits.module';
import { MetricsModule } from './metrics/metrics.module';
import { PatchesModule } from './patches/patches.module';
import { RunsModule } from './runs/runs.module';
import { AgentsModule } from './agents/agents.module';
import { DefinitionsModule } from './definitions/definitions.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, dataSource: DataSource): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            name: 'api',
            level: config.log.level,
            redact: { paths: REDACTED_LOG_PATHS, censor: REDACTED },
            // Every line logged during a request carries its URL, and a stream token travels in the query.
            serializers: { req: redactRequestUrl },
            transport: config.log.pretty ? { target: 'pino-pretty', options: { singleLine: true } } : undefined,
            // Request logs are noise at load; errors are logged by the exception filter.
            autoLogging: config.log.level === 'debug' || config.log.level === 'trace',
            customProps: (req) => {
              const match = /\/api\/runs\/(run-[0-9A-Z]{26})/.exec(req.url ?? '');
              return match ? { run_id: match[1], workflow_id: match[1] } : {};
            },
          },
        }),
        DatabaseModule.forDataSource(dataSource),
        TemporalModule,
        RunWorkflowModule,
        MetricsModule,
        LimitsModule,
        HealthModule,
        RunsModule,
        DefinitionsModule,
        AgentsModule,
        PatchesModule,
        ApprovalsModule,
        AuthModule,
        KeysModule,
      ],
      providers: [{ provide: ApiConfig, useValue: new ApiConfig(config) }],
      exports: [ApiConfig],
    };
  }
}
