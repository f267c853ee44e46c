import { type DataSource, MoreThan } from 'typeorm';
import type { RunEvent } from '@steadfast/domain';
import { RunEventEntity } from '../entities/run-event.entity';

export class RunEventRepository {
  constructor(private readonly dataSource: DataSource) {}

  async listAfter(runId: string, afterSeq: number, limit: number): Promise<RunEvent[]> {
    const rows = await this.dataSource.getRepository(RunEventEntity).find({
      where: { runId, seq: MoreThan(afterSeq) },
      order: { seq: 'ASC' },
      take: limit,
    });
    return rows.map((row) => row.event);
  }
}
