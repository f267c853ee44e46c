export const STACK_ENV = 'STEADFAST_TEST_STACK';

export interface TestStack {
  databaseUrl: string;
  temporalAddress: string;
  workflowBundle: string;
  dir: string;
}

export function testStack(): TestStack {
  const raw = process.env[STACK_ENV];
  if (!raw) throw new Error('the e2e global setup did not run');
  return JSON.parse(raw) as TestStack;
}
