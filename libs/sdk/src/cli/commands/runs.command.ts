import { Command, InvalidArgumentError, Option } from 'commander';
import type { CreateRunBody, Run } from '../../types';
import type { CliContext } from '../cli-context';
import { parseDefinitionRef } from '../definition-ref';
import { formatRecord, formatTable, type Column } from '../format-table';
import { readJsonObject, readRunInput } from '../json-argument';
import { describeEvent, eventField, watchExitCode } from '../watch-progress';

const RUN_COLUMNS: Column<Run>[] = [
  { header: 'ID', value: (r) => r.id },
  { header: 'NAME', value: (r) => r.name },
  { header: 'STATUS', value: (r) => r.status },
  { header: 'CREATED', value: (r) => r.created_at },
  { header: 'TAGS', value: (r) => r.tags },
];
const RUN_FIELDS = ['id', 'name', 'status', 'tags', 'input', 'output', 'error', 'workflow', 'created_at', 'started_at', 'completed_at', 'temporal'];

export const positiveInt = (text: string): number => {
  if (!/^[1-9]\d*$/.test(text)) throw new InvalidArgumentError('must be a positive integer');
  return Number(text);
};
const collect = (value: string, previous: string[] = []) => [...previous, value];

/** `--workflow name[@v]` passes the reference on (checked first); `@file.json` sends the file's inline definition. */
function workflowField(argument: string): CreateRunBody['workflow'] {
  if (argument.startsWith('@')) return readJsonObject(argument, '--workflow');
  parseDefinitionRef(argument);
  return argument;
}

export function runsCommand(ctx: CliContext): Command {
  const runs = new Command('runs').description('create, start, cancel and read runs');
  const showRun = (run: Run) => ctx.print(() => formatRecord(run, RUN_FIELDS));

  runs
    .command('create')
    .description('create a run (and start it with --start)')
    .requiredOption('--name <name>', 'the run name')
    .option('--input <json|@file>', 'the input: JSON, @file.json, or plain text')
    .option('--workflow <name[@v]|@file.json>', 'a stored definition, or an inline one from a file')
    .option('--token <token>', 'idempotency key: a repeat returns the first run')
    .option('--tag <tag>', 'a tag (repeatable)', collect)
    .option('--start', 'start the run at once')
    .action(async (opts: { name: string; input?: string; workflow?: string; token?: string; tag?: string[]; start?: boolean }) => {
      const body: CreateRunBody = { name: opts.name };
      if (opts.input !== undefined) body.input = readRunInput(opts.input) as CreateRunBody['input'];
      if (opts.workflow !== undefined) body.workflow = workflowField(opts.workflow);
      if (opts.tag) body.tags = opts.tag;
      if (opts.start) body.start = true;
      showRun(await ctx.sf.runs.create(body, { idempotencyKey: opts.token }));
    });

  runs
    .command('get <id>')
    .description('show a run')
    .action(async (id: string) => showRun(await ctx.sf.runs.get(id)));
  runs
    .command('start <id>')
    .description('start a created run')
    .action(async (id: string) => showRun(await ctx.sf.runs.start(id)));
  runs
    .command('cancel <id>')
    .description('cancel a run')
    .action(async (id: string) => showRun(await ctx.sf.runs.cancel(id)));

  runs
    .command('list')
    .description('list runs, newest first (one page; --cursor continues)')
    .addOption(new Option('--status <status>', 'only runs in this status'))
    .option('--tag <tag>', 'only runs with this tag')
    .option('--limit <n>', 'page size', positiveInt)
    .option('--cursor <cursor>', 'the next_cursor of an earlier page')
    .action(async (opts: { status?: Run['status']; tag?: string; limit?: number; cursor?: string }) => {
      for await (const page of ctx.sf.runs.list(opts).pages()) {
        ctx.print(() => formatTable(page.runs, RUN_COLUMNS) + (page.next_cursor ? `\n\nmore: --cursor ${page.next_cursor}` : ''));
        break;
      }
    });

  runs
    .command('events <id>')
    .description("a page of a run's events")
    .option('--after <seq>', 'events after this seq', (text) => Number(text))
    .option('--limit <n>', 'page size', positiveInt)
    .action(async (id: string, opts: { after?: number; limit?: number }) => {
      const page = await ctx.sf.runs.events(id, opts);
      ctx.print(() =>
        formatTable(page.events, [
          { header: 'SEQ', value: (e) => e.seq },
          { header: 'TIME', value: (e) => e.timestamp },
          { header: 'TYPE', value: (e) => e.type },
          { header: 'NODE', value: (e) => eventField(e, 'node_id') },
          { header: 'STATUS', value: (e) => eventField(e, 'status') ?? eventField(e, 'error') },
        ]),
      );
    });

  runs
    .command('nodes <id>')
    .description("the state of each of a run's nodes")
    .action(async (id: string) => {
      const nodes = await ctx.sf.runs.nodes(id);
      ctx.print(() =>
        formatTable(nodes, [
          { header: 'NODE', value: (n) => n.id },
          { header: 'TYPE', value: (n) => n.type },
          { header: 'STATUS', value: (n) => n.status },
          { header: 'ATTEMPTS', value: (n) => n.attempts },
          { header: 'ERROR', value: (n) => n.error },
        ]),
      );
    });

  runs
    .command('watch <id>')
    .description("follow a run's progress until it ends; exit code 0 only when it completed")
    .action(async (id: string) => {
      let finalStatus: string | undefined;
      for await (const event of ctx.sf.runs.stream(id)) {
        // --json: one event per line, as the stream sent it.
        ctx.line(ctx.json() ? JSON.stringify(event) : describeEvent(event));
        if (event.type === 'final') finalStatus = event.status;
      }
      // A stream resumed past `final` ends with no event: the run itself says how it ended.
      finalStatus ??= (await ctx.sf.runs.get(id)).status;
      ctx.exitCode = watchExitCode(finalStatus);
    });

  return runs;
}
