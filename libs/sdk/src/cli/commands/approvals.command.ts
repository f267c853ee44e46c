import { Command, Option } from 'commander';
import type { Approval, ApprovalStatus, DecideApprovalBody } from '../../types';
import type { CliContext } from '../cli-context';
import { formatRecord, formatTable } from '../format-table';
import { positiveInt } from './runs.command';

export function approvalsCommand(ctx: CliContext): Command {
  const approvals = new Command('approvals').description('list and decide approvals');
  const show = (approval: Approval) => ctx.print(() => formatRecord(approval));

  approvals
    .command('list')
    .description('list approvals (one page; --cursor continues)')
    .option('--status <status>', 'only approvals in this status, e.g. pending')
    .option('--run <id>', "only this run's approvals")
    .option('--limit <n>', 'page size', positiveInt)
    .option('--cursor <cursor>', 'the next_cursor of an earlier page')
    .action(async (opts: { status?: ApprovalStatus; run?: string; limit?: number; cursor?: string }) => {
      const { run, ...filter } = opts;
      for await (const page of ctx.sf.approvals.list({ ...filter, run_id: run }).pages()) {
        const table = formatTable(page.approvals, [
          { header: 'ID', value: (a) => a.id },
          { header: 'RUN', value: (a) => a.run_id },
          { header: 'NODE', value: (a) => a.node_id },
          { header: 'STATUS', value: (a) => a.status },
          { header: 'EXPIRES', value: (a) => a.expires_at },
          { header: 'TITLE', value: (a) => a.title },
        ]);
        ctx.print(() => table + (page.next_cursor ? `\n\nmore: --cursor ${page.next_cursor}` : ''));
        break;
      }
    });

  approvals
    .command('get <id>')
    .description('show an approval')
    .action(async (id: string) => show(await ctx.sf.approvals.get(id)));

  approvals
    .command('decide <id>')
    .description('approve or reject')
    .addOption(new Option('--approve', 'approve').conflicts('reject'))
    .addOption(new Option('--reject', 'reject').conflicts('approve'))
    .option('--comment <text>', 'why')
    .option('--by <user>', "who decided (an admin key only; the key's user by default)")
    .action(async (id: string, opts: { approve?: boolean; reject?: boolean; comment?: string; by?: string }) => {
      if (!opts.approve && !opts.reject) throw new Error('say --approve or --reject');
      const body: DecideApprovalBody = { decision: opts.approve ? 'approve' : 'reject' };
      if (opts.comment !== undefined) body.comment = opts.comment;
      if (opts.by !== undefined) body.decided_by = opts.by;
      show(await ctx.sf.approvals.decide(id, body));
    });

  return approvals;
}
