import { call, isIdempotent, runOf, type Answer } from './http-call';
import type { OpenLoop } from './open-loop';
import type { Recorder } from './recorder';
import type { SoakOptions } from './soak-options';

export const ROUTES = {
  create: 'POST /api/runs',
  replay: 'POST /api/runs (token replay)',
  cancel: 'POST /api/runs/:id/cancel',
  get: 'GET /api/runs/:id',
  list: 'GET /api/runs?limit=20',
} as const;

/*
 * Half the fresh creates carry a client_token: a create with a token and one without take different
 * paths through the API (without one, the row insert and the workflow start race), and both must hold.
 */
const TOKEN_SHARE = 0.5;

interface Replayable {
  runId: string;
  body: Record<string, unknown>;
}

/** The soak's run: echo, a durable timer, echo. */
export function soakWorkflow(i: number, delayMs: number) {
  return {
    nodes: [
      { id: 'first', type: 'echo', config: { value: { i } } },
      { id: 'wait', type: 'delay', config: { duration: `${delayMs}ms` }, depends_on: ['first'] },
      { id: 'last', type: 'echo', config: { value: { done: i } }, depends_on: ['wait'] },
    ],
  };
}

const between = (low: number, high: number) => low + Math.random() * (high - low);
const anyOf = <T>(items: T[]): T | undefined => (items.length === 0 ? undefined : items[Math.floor(Math.random() * items.length)]);

/** The soak's requests: creates (fresh or replayed), cancels some time after a create, and reads. */
export class Traffic {
  /** Runs the API answered 201 for, in creation order. */
  readonly runs: string[] = [];
  private readonly replayable: Replayable[] = [];
  private count = 0;
  idempotencyHits = 0;
  cancelsAccepted = 0;
  cancelsRefused = 0;

  constructor(
    private readonly api: string,
    private readonly tag: string,
    private readonly options: SoakOptions,
    private readonly loop: OpenLoop,
    private readonly recorder: Recorder,
  ) {}

  create(): void {
    const earlier = Math.random() < this.options.tokenReuse ? anyOf(this.replayable) : undefined;
    if (earlier) this.loop.fire(() => this.replay(earlier));
    else this.loop.fire(() => this.fresh());
  }

  read(): void {
    const runId = anyOf(this.runs);
    const ok = (a: Answer) => a.status === 200;
    if (runId && Math.random() < 0.5) this.loop.fire(async () => void (await this.send(ROUTES.get, 'GET', `/api/runs/${runId}`, ok)));
    else this.loop.fire(async () => void (await this.send(ROUTES.list, 'GET', '/api/runs?limit=20', ok)));
  }

  /** A recent run for an SSE client: most of them are still going, so the stream shows live events. */
  recent(window: number): string | undefined {
    return anyOf(this.runs.slice(-window));
  }

  private async fresh(): Promise<void> {
    const i = this.count++;
    const body: Record<string, unknown> = {
      name: `soak-${i}`,
      input: { i },
      tags: [this.tag],
      start: true,
      workflow: soakWorkflow(i, Math.round(between(1000, 3000))),
    };
    if (Math.random() < TOKEN_SHARE) body.client_token = `${this.tag}-${i}`;
    const answer = await this.send(ROUTES.create, 'POST', '/api/runs', (a) => a.status === 201 && runOf(a.body) !== undefined, body);
    const run = answer?.status === 201 ? runOf(answer.body) : undefined;
    if (!run) return;
    this.runs.push(run.id);
    if (body.client_token !== undefined) this.replayable.push({ runId: run.id, body });
    if (Math.random() < this.options.cancelShare) this.loop.later(between(300, 1500), () => this.cancel(run.id));
  }

  private async replay(earlier: Replayable): Promise<void> {
    const hit = (a: Answer) => a.status === 200 && isIdempotent(a.body) && runOf(a.body)?.id === earlier.runId;
    const answer = await this.send(ROUTES.replay, 'POST', '/api/runs', hit, earlier.body);
    if (answer && hit(answer)) this.idempotencyHits++;
  }

  private async cancel(runId: string): Promise<void> {
    const answer = await this.send(ROUTES.cancel, 'POST', `/api/runs/${runId}/cancel`, (a) => a.status === 202 || a.status === 409);
    if (answer?.status === 202) this.cancelsAccepted++;
    if (answer?.status === 409) this.cancelsRefused++;
  }

  private send(route: string, method: string, path: string, expected: (answer: Answer) => boolean, body?: unknown): Promise<Answer | undefined> {
    return call(this.recorder, route, `${this.api}${path}`, { method, body, timeoutMs: this.options.requestTimeoutMs }, expected);
  }
}
