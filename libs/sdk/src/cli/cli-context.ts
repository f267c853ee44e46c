import { Steadfast } from '../steadfast';

export const DEFAULT_URL = 'http://127.0.0.1:3000';

/** What every command shares: the client from the environment, and how to print an answer. */
export class CliContext {
  readonly sf: Steadfast;
  /** What the process exits with when the command itself succeeded (`runs watch` of a run that failed: 1). */
  exitCode = 0;
  /** The last JSON answer exactly as the API sent it, for `--json`. */
  private lastBody: unknown = null;

  constructor(
    env: Record<string, string | undefined>,
    private readonly out: (text: string) => void,
    readonly json: () => boolean,
  ) {
    this.sf = new Steadfast({
      baseUrl: env.STEADFAST_URL || DEFAULT_URL,
      apiKey: env.STEADFAST_API_KEY || undefined,
      onResponse: (response) => (this.lastBody = response.body),
    });
  }

  /** `--json`: the API's answer; otherwise the readable form. */
  print(readable: () => string): void {
    this.out(this.json() ? JSON.stringify(this.lastBody, null, 2) : readable());
  }

  line(text: string): void {
    this.out(text);
  }
}
