/** Names are unique per test: the database is shared by every suite of an e2e run. */
export const uniqueName = (base: string) => `${base}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** The fields every registry (agents, workflow definitions) answers for the first version of a name. */
export function firstVersionOf(name: string, description: string) {
  return { name, version: 1, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown, description, created_at: expect.any(String) as unknown };
}
