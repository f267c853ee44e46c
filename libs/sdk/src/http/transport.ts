import { SteadfastError } from '../steadfast-error';
import { DEFAULT_RETRY_SETTINGS, parseRetryAfter, retryDecision, type RetrySettings } from './retry-policy';
import { sleep } from './sleep';

export type QueryValue = string | number | boolean | undefined;

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  body?: unknown;
  headers?: Record<string, string>;
  /** Safe to repeat after a 429 or 503; GETs always are. */
  idempotent?: boolean;
  signal?: AbortSignal;
}

/** One JSON answer as the API sent it: the CLI's `--json` prints exactly this. */
export interface ResponseRecord {
  method: string;
  path: string;
  status: number;
  body: unknown;
}

export interface TransportOptions {
  /** The API's origin, e.g. `http://127.0.0.1:3000`. */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <key>`; leave out when the API runs with AUTH_DISABLED. */
  apiKey?: string;
  /** Any fetch implementation; the global one by default (Node 20+, browsers). */
  fetch?: typeof fetch;
  /** Retries of 429 and 503 answers on calls that are safe to repeat. */
  retry?: Partial<RetrySettings>;
  /** Called with every successful JSON answer as the API sent it. */
  onResponse?: (response: ResponseRecord) => void;
}

/** The SDK's only door to HTTP: authentication, JSON, the error envelope and retries live here. */
export class Transport {
  readonly baseUrl: string;
  readonly retry: RetrySettings;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: TransportOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.retry = { ...DEFAULT_RETRY_SETTINGS, ...options.retry };
    // Bound, so a browser's window.fetch is not called with another `this`.
    this.fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  async json<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const idempotent = options.idempotent ?? method === 'GET';
    for (let retriesSoFar = 0; ; retriesSoFar++) {
      const response = await this.send(method, path, options);
      const body = await readBody(response);
      if (response.ok) {
        this.options.onResponse?.({ method, path, status: response.status, body });
        return body as T;
      }
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
      const decision = retryDecision({ retriesSoFar, status: response.status, idempotent, retryAfterMs }, this.retry);
      if (!decision.retry || options.signal?.aborted) {
        throw SteadfastError.fromResponse(response.status, response.statusText, body, retryAfterMs === undefined ? undefined : Math.ceil(retryAfterMs / 1000));
      }
      await sleep(decision.delayMs, options.signal);
    }
  }

  /** A request whose answer the caller reads itself (the event stream); network failures become SteadfastError. */
  async send(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (this.options.apiKey) headers.authorization = `Bearer ${this.options.apiKey}`;
    let body: string | undefined;
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    const url = this.url(path, options.query);
    try {
      return await this.fetchImpl(url, { method, headers, body, signal: options.signal });
    } catch (cause) {
      if (options.signal?.aborted) throw cause;
      throw new SteadfastError({ status: 0, error: `Could not reach ${url}: ${cause instanceof Error ? cause.message : String(cause)}`, cause });
    }
  }

  private url(path: string, query: Record<string, QueryValue> = {}): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
    const search = params.toString();
    return `${this.baseUrl}${path}${search ? `?${search}` : ''}`;
  }
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** A path segment from an id or name the caller gave. */
export const segment = (value: string | number) => encodeURIComponent(String(value));
