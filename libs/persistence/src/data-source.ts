import { DataSource } from 'typeorm';
import { IdempotencyKeyEntity } from './entities/idempotency-key.entity';
import { RunEventEntity } from './entities/run-event.entity';
import { RunEntity } from './entities/run.entity';
import { AgentEntity } from './entities/agent.entity';
import { WorkflowDefinitionEntity } from './entities/workflow-definition.entity';
import { InitialSchema1763870000000 } from './migrations/1763870000000-initial-schema';
import { DefinitionsAndAgents1763900000000 } from './migrations/1763900000000-definitions-and-agents';
import { RunUsage1763910000000 } from './migrations/1763910000000-run-usage';
import { NodeOutputs1763920000000 } from './migrations/1763920000000-node-outputs';
import { ApprovalsAndPatches1763930000000 } from './migrations/1763930000000-approvals-and-patches';
import { RateLimitsAndRunQueue1763950000000 } from './migrations/1763950000000-rate-limits-and-run-queue';
import { ApprovalEntity } from './entities/approval.entity';
import { PatchEntity } from './entities/patch.entity';
import { ApiKeyEntity } from './entities/api-key.entity';
import { ApiKeysAndTenants1763940000000 } from './migrations/1763940000000-api-keys-and-tenants';
import { StreamTokenEntity } from './entities/stream-token.entity';
import { StreamTokens1763960000000 } from './migrations/1763960000000-stream-tokens';

export const ENTITIES = [
  RunEntity,
  RunEventEntity,
  IdempotencyKeyEntity,
  WorkflowDefinitionEntity,
  AgentEntity,
  ApprovalEntity,
  PatchEntity,
  ApiKeyEntity,
  StreamTokenEntity,
];
export const MIGRATIONS = [
  InitialSchema1763870000000,
  DefinitionsAndAgents1763900000000,
  RunUsage1763910000000,
  NodeOutputs1763920000000,
  ApprovalsAndPatches1763930000000,
  ApiKeysAndTenants1763940000000,
  RateLimitsAndRunQueue1763950000000,
  StreamTokens1763960000000,
];

export function createDataSource(url: string, options: { poolSize?: number; applicationName?: string } = {}): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsTransactionMode: 'all',
    extra: {
      max: options.poolSize ?? 20,
      application_name: options.applicationName ?? 'steadfast',
      connectionTimeoutMillis: 5000,
    },
  });
}

/* An arbitrary constant: the advisory lock that serialises migrations between api and worker processes. */
const MIGRATION_LOCK_ID = 7_346_120_251;

/** Applies pending migrations; safe when several processes start at once. */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    const applied = await dataSource.runMigrations({ transaction: 'all' });
    return applied.map((migration) => migration.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => undefined);
    await runner.release();
  }
}
