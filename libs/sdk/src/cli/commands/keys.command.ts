import { Command } from 'commander';
import type { CreateApiKeyBody } from '../../types';
import type { CliContext } from '../cli-context';
import { formatRecord, formatTable } from '../format-table';
import { positiveInt } from './runs.command';

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function keysCommand(ctx: CliContext): Command {
  const keys = new Command('keys').description('create, list and revoke API keys (an admin key)');

  keys
    .command('create')
    .description('create a key; its secret is shown this once')
    .requiredOption('--name <name>', 'what the key is for')
    .requiredOption('--tenant <tenant>', 'the tenant it acts in')
    .requiredOption('--scope <scope>', 'a scope (repeatable)', collect)
    .option('--user <user>', 'the user it acts for')
    .option('--role <role>', 'a role (repeatable)', collect)
    .action(async (opts: { name: string; tenant: string; scope: string[]; user?: string; role?: string[] }) => {
      const body = { name: opts.name, tenant: opts.tenant, scopes: opts.scope } as CreateApiKeyBody;
      if (opts.user !== undefined) body.user = opts.user;
      if (opts.role !== undefined) body.roles = opts.role;
      const key = await ctx.sf.keys.create(body);
      ctx.print(() => formatRecord(key, ['id', 'name', 'tenant', 'scopes', 'user', 'roles', 'prefix', 'secret']));
    });

  keys
    .command('list')
    .description('list keys (prefixes only; one page, --cursor continues)')
    .option('--tenant <tenant>', "only this tenant's keys")
    .option('--limit <n>', 'page size', positiveInt)
    .option('--cursor <cursor>', 'the next_cursor of an earlier page')
    .action(async (opts: { tenant?: string; limit?: number; cursor?: string }) => {
      for await (const page of ctx.sf.keys.list(opts).pages()) {
        const table = formatTable(page.keys, [
          { header: 'ID', value: (k) => k.id },
          { header: 'NAME', value: (k) => k.name },
          { header: 'TENANT', value: (k) => k.tenant },
          { header: 'PREFIX', value: (k) => k.prefix },
          { header: 'SCOPES', value: (k) => k.scopes },
          { header: 'REVOKED', value: (k) => k.revoked_at },
        ]);
        ctx.print(() => table + (page.next_cursor ? `\n\nmore: --cursor ${page.next_cursor}` : ''));
        break;
      }
    });

  keys
    .command('revoke <id>')
    .description('revoke a key')
    .action(async (id: string) => {
      const key = await ctx.sf.keys.revoke(id);
      ctx.print(() => formatRecord(key));
    });

  return keys;
}
