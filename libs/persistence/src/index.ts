export * from './data-source';
export * from './entities/run.entity';
export * from './entities/run-event.entity';
export * from './entities/idempotency-key.entity';
export * from './repositories/run.repository';
export * from './repositories/run-event.repository';
export * from './repositories/run-sync.repository';
export * from './repositories/idempotency-key.repository';
