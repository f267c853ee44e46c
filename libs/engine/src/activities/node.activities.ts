import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';

/** Activities behind the built-in control nodes. */
export function createNodeActivities() {
  return {
    async echo(args: { value: unknown }): Promise<unknown> {
      return args.value ?? null;
    },
    /**
     * Fails with `message`. With `failAttempts`, only the first that many attempts fail (retryably) and
     * the next succeeds: a deterministic flaky step for exercising retry policies.
     */
    async fail(args: { message: string; failAttempts?: number }): Promise<{ attempts: number }> {
      const attempt = Context.current().info.attempt;
      if (args.failAttempts === undefined) throw ApplicationFailure.nonRetryable(args.message, 'NodeFailed');
      if (attempt <= args.failAttempts) throw ApplicationFailure.retryable(`${args.message} (attempt ${attempt})`, 'FlakyFailure');
      return { attempts: attempt };
    },
  };
}

export type NodeActivities = ReturnType<typeof createNodeActivities>;
