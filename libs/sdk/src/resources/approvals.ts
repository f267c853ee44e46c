import { Paginated, type CursorPage } from '../http/paginated';
import { segment, type Transport } from '../http/transport';
import type { Approval, DecideApprovalBody, Json, ListApprovalsFilter } from '../types';
import type { CallOptions } from './runs';

/** `sf.approvals`: the approvals waiting for a person, and their decisions. */
export class Approvals {
  constructor(private readonly http: Transport) {}

  list(filter: ListApprovalsFilter & { cursor?: string } = {}): Paginated<'approvals', Approval> {
    const { cursor, ...query } = filter;
    return new Paginated(
      'approvals',
      (next) => this.http.json<CursorPage<'approvals', Approval>>('GET', '/api/approvals', { query: { ...query, cursor: next } }),
      cursor,
    );
  }

  async get(id: string, options: CallOptions = {}): Promise<Approval> {
    return (await this.http.json<Json<'/api/approvals/{id}', 'get', 200>>('GET', `/api/approvals/${segment(id)}`, options)).approval;
  }

  /** Not retried: a decision that went through answers a repeat with 409. */
  async decide(id: string, body: DecideApprovalBody, options: CallOptions = {}): Promise<Approval> {
    const answer = await this.http.json<Json<'/api/approvals/{id}/decide', 'post', 200>>('POST', `/api/approvals/${segment(id)}/decide`, { body, ...options });
    return answer.approval;
  }
}
