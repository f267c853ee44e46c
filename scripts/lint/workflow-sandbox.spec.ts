import { join } from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the rule block is CommonJS so that both ESLint's ESM config and Jest load it
const workflowSandbox = require('./workflow-sandbox.cjs') as ESLint.ConfigData & { files: string[] };

const ROOT = join(__dirname, '..', '..');
const WORKFLOWS = 'libs/engine/src/workflows';

describe('the workflow sandbox lint rule', () => {
  const sut = new ESLint({
    cwd: ROOT,
    overrideConfigFile: true,
    overrideConfig: [
      { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser }, plugins: { '@typescript-eslint': tseslint.plugin } },
      workflowSandbox as never,
    ],
  });

  async function problems(code: string, file: string): Promise<string[]> {
    const [result] = await sut.lintText(code, { filePath: join(ROOT, file) });
    return result.messages.map((message) => `${message.line}: ${message.ruleId}`);
  }

  it.each([
    ["import { readFileSync } from 'node:fs';", 'a Node built-in'],
    ["import * as crypto from 'crypto';", 'a Node built-in without the node: prefix'],
    ["import { Injectable } from '@nestjs/common';", 'Nest'],
    ["import { Repository } from 'typeorm';", 'TypeORM'],
    ["import { Pool } from 'pg';", 'pg'],
    ["import OpenAI from 'openai';", 'openai'],
    ["import { RunRepository } from '@steadfast/persistence';", 'the persistence library'],
    ["import { Client } from '@temporalio/client';", 'the Temporal client'],
    ["import { createNodeActivities } from '../activities';", 'activity values'],
    ["import { createHttpActivities } from '../../activities/http.activities';", 'activity values from a deeper folder'],
  ])('refuses %s (%s), in a subfolder too', async (code) => {
    expect(await problems(code, `${WORKFLOWS}/probe.ts`)).toEqual(['1: @typescript-eslint/no-restricted-imports']);
    expect(await problems(code, `${WORKFLOWS}/deep/er/probe.ts`)).toEqual(['1: @typescript-eslint/no-restricted-imports']);
  });

  it('allows the workflow API, the pure domain and type-only imports of anything', async () => {
    const code = [
      "import { proxyActivities, sleep } from '@temporalio/workflow';",
      "import { validateDag } from '@steadfast/domain';",
      "import type { NodeActivities } from '../activities';",
      "import { type DataSource } from 'typeorm';",
      "import type { Readable } from 'node:stream';",
    ].join('\n');
    expect(await problems(code, `${WORKFLOWS}/deep/probe.ts`)).toEqual([]);
  });

  it('leaves activity code, which does the I/O, alone', async () => {
    expect(await problems("import { readFileSync } from 'node:fs';", 'libs/engine/src/activities/probe.ts')).toEqual([]);
  });
});
