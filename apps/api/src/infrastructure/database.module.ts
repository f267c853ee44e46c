import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  AgentRepository,
  ApiKeyRepository,
  ApprovalRepository,
  PatchRepository,
  IdempotencyKeyRepository,
  OutputStoreRepository,
  RateLimitRepository,
  RunEventRepository,
  RunQueueRepository,
  RunRepository,
  StreamTokenRepository,
  WorkflowDefinitionRepository,
} from '@steadfast/persistence';

@Injectable()
class DataSourceCloser implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/** The API's Postgres: one DataSource (initialised and migrated by the app factory) and its repositories. */
@Global()
@Module({})
export class DatabaseModule {
  static forDataSource(dataSource: DataSource) {
    return {
      module: DatabaseModule,
      providers: [
        { provide: DataSource, useValue: dataSource },
        { provide: RunRepository, useFactory: (ds: DataSource) => new RunRepository(ds), inject: [DataSource] },
        { provide: RunEventRepository, useFactory: (ds: DataSource) => new RunEventRepository(ds), inject: [DataSource] },
        { provide: IdempotencyKeyRepository, useFactory: (ds: DataSource) => new IdempotencyKeyRepository(ds), inject: [DataSource] },
        { provide: WorkflowDefinitionRepository, useFactory: (ds: DataSource) => new WorkflowDefinitionRepository(ds), inject: [DataSource] },
        { provide: AgentRepository, useFactory: (ds: DataSource) => new AgentRepository(ds), inject: [DataSource] },
        { provide: OutputStoreRepository, useFactory: (ds: DataSource) => new OutputStoreRepository(ds), inject: [DataSource] },
        { provide: ApprovalRepository, useFactory: (ds: DataSource) => new ApprovalRepository(ds), inject: [DataSource] },
        { provide: PatchRepository, useFactory: (ds: DataSource) => new PatchRepository(ds), inject: [DataSource] },
        { provide: RateLimitRepository, useFactory: (ds: DataSource) => new RateLimitRepository(ds), inject: [DataSource] },
        { provide: RunQueueRepository, useFactory: (ds: DataSource) => new RunQueueRepository(ds), inject: [DataSource] },
        { provide: ApiKeyRepository, useFactory: (ds: DataSource) => new ApiKeyRepository(ds), inject: [DataSource] },
        { provide: StreamTokenRepository, useFactory: (ds: DataSource) => new StreamTokenRepository(ds), inject: [DataSource] },
        DataSourceCloser,
      ],
      exports: [
        DataSource,
        RunRepository,
        RunEventRepository,
        IdempotencyKeyRepository,
        WorkflowDefinitionRepository,
        AgentRepository,
        OutputStoreRepository,
        ApprovalRepository,
        PatchRepository,
        RateLimitRepository,
        RunQueueRepository,
        ApiKeyRepository,
        StreamTokenRepository,
      ],
    };
  }
}
