import type { RetrySettings } from './http/retry-policy';
import { Transport, type ResponseRecord } from './http/transport';
import { Agents } from './resources/agents';
import { Approvals } from './resources/approvals';
import { Keys } from './resources/keys';
import { Runs } from './resources/runs';
import { Workflows } from './resources/workflows';

export interface SteadfastOptions {
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

/** The Steadfast API client: `new Steadfast({ baseUrl, apiKey }).runs.create(...)`. */
export class Steadfast {
  readonly runs: Runs;
  readonly approvals: Approvals;
  readonly workflows: Workflows;
  readonly agents: Agents;
  readonly keys: Keys;

  constructor(options: SteadfastOptions) {
    const http = new Transport(options);
    this.runs = new Runs(http);
    this.approvals = new Approvals(http);
    this.workflows = new Workflows(http);
    this.agents = new Agents(http);
    this.keys = new Keys(http);
  }
}
