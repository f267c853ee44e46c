import { Paginated, type CursorPage } from '../http/paginated';
import { segment, type Transport } from '../http/transport';
import type { CreateWorkflowBody, Json, Workflow } from '../types';
import type { CallOptions } from './runs';

/** `sf.workflows`: stored, versioned workflow definitions (`/api/workflows`). */
export class Workflows {
  constructor(private readonly http: Transport) {}

  /** Stores a definition: a new version when the name exists. */
  async create(body: CreateWorkflowBody, options: CallOptions = {}): Promise<Workflow> {
    return (await this.http.json<Json<'/api/workflows', 'post', 201>>('POST', '/api/workflows', { body, ...options })).workflow;
  }

  /** The latest version of each definition. */
  list(filter: { limit?: number; cursor?: string } = {}): Paginated<'workflows', Workflow> {
    const { cursor, limit } = filter;
    return new Paginated(
      'workflows',
      (next) => this.http.json<CursorPage<'workflows', Workflow>>('GET', '/api/workflows', { query: { limit, cursor: next } }),
      cursor,
    );
  }

  /** One version, or the latest when `version` is left out. */
  async get(name: string, version?: number, options: CallOptions = {}): Promise<Workflow> {
    const path = version === undefined ? `/api/workflows/${segment(name)}` : `/api/workflows/${segment(name)}/versions/${segment(version)}`;
    return (await this.http.json<Json<'/api/workflows/{name}', 'get', 200>>('GET', path, options)).workflow;
  }

  async versions(name: string, options: CallOptions = {}): Promise<Workflow[]> {
    const answer = await this.http.json<Json<'/api/workflows/{name}/versions', 'get', 200>>('GET', `/api/workflows/${segment(name)}/versions`, options);
    return answer.workflows;
  }
}
