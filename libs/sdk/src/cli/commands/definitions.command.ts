import { Command } from 'commander';
import type { Agent, CreateAgentBody, CreateWorkflowBody, Workflow } from '../../types';
import type { CliContext } from '../cli-context';
import { parseDefinitionRef } from '../definition-ref';
import { formatRecord, formatTable } from '../format-table';
import { readJsonObject } from '../json-argument';

interface VersionedStore<Item, Body> {
  create(body: Body): Promise<Item>;
  list(): { pages(): AsyncIterable<Record<string, unknown> & { next_cursor: string | null }> };
  get(name: string, version?: number): Promise<Item>;
}

/** `workflows` and `agents` are the same verbs over two versioned stores. */
function versionedCommand<Item extends Workflow | Agent, Body>(
  ctx: CliContext,
  noun: 'workflows' | 'agents',
  store: () => VersionedStore<Item, Body>,
): Command {
  const command = new Command(noun).description(`push, list and read stored ${noun === 'workflows' ? 'workflow definitions' : 'agents'}`);
  const show = (item: Item) => ctx.print(() => formatRecord(item));

  command
    .command('push <file>')
    .description('store the JSON file as a new version')
    .action(async (file: string) => show(await store().create(readJsonObject(`@${file}`, file) as Body)));

  command
    .command('list')
    .description('the latest version of each')
    .action(async () => {
      for await (const page of store().list().pages()) {
        const items = page[noun] as Item[];
        ctx.print(() =>
          formatTable(items, [
            { header: 'NAME', value: (i) => i.name },
            { header: 'VERSION', value: (i) => i.version },
            { header: 'CREATED', value: (i) => i.created_at },
          ]),
        );
        break;
      }
    });

  command
    .command('get <ref>')
    .description('NAME (the latest version) or NAME@VERSION')
    .action(async (ref: string) => {
      const { name, version } = parseDefinitionRef(ref);
      show(await store().get(name, version));
    });

  return command;
}

export const workflowsCommand = (ctx: CliContext) => versionedCommand<Workflow, CreateWorkflowBody>(ctx, 'workflows', () => ctx.sf.workflows);
export const agentsCommand = (ctx: CliContext) => versionedCommand<Agent, CreateAgentBody>(ctx, 'agents', () => ctx.sf.agents);
