import { ApplicationFailure } from '@temporalio/common';

/** Activities behind the built-in control nodes. */
export function createNodeActivities() {
  return {
    async echo(args: { value: unknown }): Promise<unknown> {
      return args.value ?? null;
    },
    async fail(args: { message: string }): Promise<never> {
      throw ApplicationFailure.nonRetryable(args.message, 'NodeFailed');
    },
  };
}

export type NodeActivities = ReturnType<typeof createNodeActivities>;
