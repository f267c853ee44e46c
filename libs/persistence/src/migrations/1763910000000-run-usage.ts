import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Token usage summed over a run's agent nodes, written with the run's final status. */
export class RunUsage1763910000000 implements MigrationInterface {
  name = 'RunUsage1763910000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE runs ADD COLUMN usage jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE runs DROP COLUMN usage`);
  }
}
