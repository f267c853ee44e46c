import { Paginated, type CursorPage } from '../http/paginated';
import { segment, type Transport } from '../http/transport';
import type { CreateAgentBody, Json, Agent } from '../types';
import type { CallOptions } from './runs';

/** `sf.agents`: registered agents: model, prompt and tools, versioned (`/api/agents`). */
export class Agents {
  constructor(private readonly http: Transport) {}

  /** Stores a definition: a new version when the name exists. */
  async create(body: CreateAgentBody, options: CallOptions = {}): Promise<Agent> {
    return (await this.http.json<Json<'/api/agents', 'post', 201>>('POST', '/api/agents', { body, ...options })).agent;
  }

  /** The latest version of each definition. */
  list(filter: { limit?: number; cursor?: string } = {}): Paginated<'agents', Agent> {
    const { cursor, limit } = filter;
    return new Paginated('agents', (next) => this.http.json<CursorPage<'agents', Agent>>('GET', '/api/agents', { query: { limit, cursor: next } }), cursor);
  }

  /** One version, or the latest when `version` is left out. */
  async get(name: string, version?: number, options: CallOptions = {}): Promise<Agent> {
    const path = version === undefined ? `/api/agents/${segment(name)}` : `/api/agents/${segment(name)}/versions/${segment(version)}`;
    return (await this.http.json<Json<'/api/agents/{name}', 'get', 200>>('GET', path, options)).agent;
  }

  async versions(name: string, options: CallOptions = {}): Promise<Agent[]> {
    const answer = await this.http.json<Json<'/api/agents/{name}/versions', 'get', 200>>('GET', `/api/agents/${segment(name)}/versions`, options);
    return answer.agents;
  }
}
