import { schemaViolations } from '@steadfast/schemas';

/** Why a `finish` output does not match the node's output_schema; empty when it does (or there is none). */
export function finishViolations(output: unknown, schema: Record<string, unknown> | undefined): string[] {
  return schema ? schemaViolations(schema, output) : [];
}

/** The correction request the model reads: the exact violations, and what to do about them. */
export function correctionMessage(violations: string[], correctionsLeft: number): string {
  return JSON.stringify({
    error: `output does not match output_schema: ${violations.join('; ')}`,
    instruction: `call finish again with a corrected output (${correctionsLeft} correction${correctionsLeft === 1 ? '' : 's'} left)`,
  });
}
