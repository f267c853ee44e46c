import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** What waits on the run task queue (docs/operations.md). Counts are approximate, as Temporal reports them. */
export class BacklogDto {
  @ApiProperty({ example: 'steadfast-runs' })
  task_queue!: string;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: 'Workflow tasks waiting for a worker: about one per run waiting to start or to take its next step. null when Temporal did not answer.',
  })
  workflow_tasks!: number | null;

  @ApiProperty({ type: 'integer', nullable: true, description: 'Activity tasks (node executions) waiting for a worker. null when Temporal did not answer.' })
  activity_tasks!: number | null;

  @ApiProperty({ type: 'integer', nullable: true, description: 'How long the oldest waiting task (of either type) has waited, in ms; 0 when none waits.' })
  oldest_task_age_ms!: number | null;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: 'Runs with status queued: held back by MAX_RUNNING_RUNS_PER_TENANT, not by worker capacity. null when Postgres did not answer.',
  })
  queued_runs!: number | null;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true, description: 'When these numbers were read; reused for BACKLOG_CHECK_INTERVAL_MS.' })
  checked_at!: string | null;

  @ApiProperty({ type: 'integer', description: 'BACKLOG_WARN_AGE_MS: the oldest task age from which `warning` is set.' })
  warn_age_ms!: number;

  @ApiPropertyOptional({ description: 'Set when the oldest task has waited longer than warn_age_ms: workers are not keeping up.' })
  warning?: string;

  @ApiPropertyOptional({ description: 'Set when the last check could not read Temporal or Postgres; the numbers it could not read are null.' })
  error?: string;
}

export class HealthResponseDto {
  @ApiProperty({ example: true })
  ok!: boolean;

  @ApiProperty({ example: '0.1.0' })
  version!: string;

  @ApiProperty({ type: 'string', format: 'date-time' })
  time!: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Limits and switches in effect (never addresses or secrets).' })
  config!: Record<string, unknown>;

  @ApiProperty({ type: BacklogDto })
  backlog!: BacklogDto;
}
