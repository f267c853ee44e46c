import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { dynamicConfigPath } from './dynamic-config';

const ROOT = join(__dirname, '..');

interface Compose {
  services: Record<string, { environment?: Record<string, string>; configs?: { source: string; target: string }[] }>;
  configs: Record<string, { file?: string; content?: string }>;
}

describe('docker-compose.yml', () => {
  const sut = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')) as Compose;

  it("gives its Temporal server the project's one dynamic-config file", () => {
    const temporal = sut.services.temporal;
    const mount = temporal.configs?.find((config) => config.target.endsWith(temporal.environment?.DYNAMIC_CONFIG_FILE_PATH ?? '(unset)'));
    expect(mount).toBeDefined();
    expect(join(ROOT, sut.configs[mount!.source].file ?? '(inline)')).toBe(dynamicConfigPath(ROOT));
  });
});
