import { Injectable } from '@nestjs/common';
import { DomainError, DomainErrorCode } from '@steadfast/domain';
import { RunRepository, type RunEntity } from '@steadfast/persistence';
import { decodeKeysetCursor, encodeKeysetCursor } from '../common/keyset-cursor';
import type { ListRunsQuery } from './dto/list-runs.query';

const RUN_ID = /^run-[0-9A-HJKMNP-TV-Z]{26}$/;

/** Reads of run records: one run, or a keyset-paginated list (newest first). */
@Injectable()
export class RunQueryService {
  constructor(private readonly runs: RunRepository) {}

  /** Another tenant's run is a 404 like an unknown one: its existence is not revealed. */
  async get(tenant: string, id: string): Promise<RunEntity> {
    const run = isRunId(id) ? await this.runs.findInTenant(tenant, id) : null;
    if (!run) throw new DomainError(DomainErrorCode.RunNotFound, 'Run not found');
    return run;
  }

  async list(tenant: string, query: ListRunsQuery): Promise<{ runs: RunEntity[]; nextCursor: string | null }> {
    const limit = query.limit ?? 20;
    const beforeId = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    // One extra row tells whether another page exists without a count query.
    const rows = await this.runs.list({ tenant, status: query.status, tag: query.tag, limit: limit + 1, beforeId });
    const page = rows.slice(0, limit);
    const nextCursor = rows.length > limit ? encodeCursor(page[page.length - 1].id) : null;
    return { runs: page, nextCursor };
  }
}

export function encodeCursor(id: string): string {
  return encodeKeysetCursor('before', id);
}

export function decodeCursor(cursor: string): string {
  return decodeKeysetCursor(cursor, 'before', isRunId);
}

export function isRunId(id: string): boolean {
  return RUN_ID.test(id);
}
