import { Transport, type TransportOptions } from './http/transport';
import { Agents } from './resources/agents';
import { Approvals } from './resources/approvals';
import { Keys } from './resources/keys';
import { Runs } from './resources/runs';
import { Workflows } from './resources/workflows';

/** The client's settings are its transport's: one list of them. */
export type SteadfastOptions = TransportOptions;

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
