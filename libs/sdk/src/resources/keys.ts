import { Paginated, type CursorPage } from '../http/paginated';
import { segment, type Transport } from '../http/transport';
import type { ApiKey, CreateApiKeyBody, CreatedApiKey, Json, ListKeysFilter } from '../types';
import type { CallOptions } from './runs';

/** `sf.keys`: API keys (an admin key's business). */
export class Keys {
  constructor(private readonly http: Transport) {}

  /** The answer carries the key's secret, shown this once. */
  async create(body: CreateApiKeyBody, options: CallOptions = {}): Promise<CreatedApiKey> {
    return (await this.http.json<Json<'/api/keys', 'post', 201>>('POST', '/api/keys', { body, ...options })).key;
  }

  list(filter: ListKeysFilter & { cursor?: string } = {}): Paginated<'keys', ApiKey> {
    const { cursor, ...query } = filter;
    return new Paginated('keys', (next) => this.http.json<CursorPage<'keys', ApiKey>>('GET', '/api/keys', { query: { ...query, cursor: next } }), cursor);
  }

  async revoke(id: string, options: CallOptions = {}): Promise<ApiKey> {
    return (await this.http.json<Json<'/api/keys/{id}', 'delete', 200>>('DELETE', `/api/keys/${segment(id)}`, options)).key;
  }
}
