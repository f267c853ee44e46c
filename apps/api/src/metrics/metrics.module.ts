import { Global, Module } from '@nestjs/common';
import { RunQueueRepository } from '@steadfast/persistence';
import { ApiConfig } from '../config/api-config';
import { TemporalClient } from '../infrastructure/temporal.module';
import { BacklogMonitor } from './backlog.monitor';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';

@Global()
@Module({
  controllers: [MetricsController],
  providers: [
    {
      provide: BacklogMonitor,
      useFactory: (temporal: TemporalClient, queue: RunQueueRepository, config: ApiConfig) =>
        new BacklogMonitor(
          {
            taskQueue: temporal.taskQueue,
            taskQueueStats: (kind, timeoutMs) => temporal.taskQueueStats(kind, timeoutMs),
            queuedRuns: () => queue.countQueued(),
          },
          config.values.backlog.checkIntervalMs,
        ),
      inject: [TemporalClient, RunQueueRepository, ApiConfig],
    },
    MetricsService,
  ],
  exports: [MetricsService, BacklogMonitor],
})
export class MetricsModule {}
