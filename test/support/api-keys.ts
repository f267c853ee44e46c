import type { DataSource } from 'typeorm';
import type { Scope } from '@steadfast/domain';
import { ApiKeyRepository } from '@steadfast/persistence';

export interface TestKey {
  id: string;
  secret: string;
  /** Headers that send the key. */
  auth: Record<string, string>;
}

/** A key inserted straight through the repository, as `npm run create-key` does: no API call needed. */
export async function createTestKey(
  dataSource: DataSource,
  input: { tenant: string; scopes: Scope[]; user?: string; roles?: string[]; name?: string },
): Promise<TestKey> {
  const { key, secret } = await new ApiKeyRepository(dataSource).create({
    tenant: input.tenant,
    name: input.name ?? `test ${input.scopes.join(' ')}`,
    scopes: input.scopes,
    user: input.user ?? null,
    roles: input.roles ?? [],
  });
  return { id: key.id, secret, auth: bearer(secret) };
}

export function bearer(secret: string): Record<string, string> {
  return { authorization: `Bearer ${secret}` };
}
