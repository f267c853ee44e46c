import { Command, CommanderError } from 'commander';
import { SteadfastError } from '../steadfast-error';
import { CliContext, DEFAULT_URL } from './cli-context';
import { approvalsCommand } from './commands/approvals.command';
import { agentsCommand, workflowsCommand } from './commands/definitions.command';
import { keysCommand } from './commands/keys.command';
import { runsCommand } from './commands/runs.command';

export interface CliIo {
  env: Record<string, string | undefined>;
  out: (text: string) => void;
  err: (text: string) => void;
}

/** The `steadfast` program: a thin layer over the SDK that formats what the API answers. */
export function buildCli(io: CliIo): { program: Command; ctx: CliContext } {
  const program = new Command('steadfast')
    .description(`Steadfast from the command line. STEADFAST_URL (default ${DEFAULT_URL}) and STEADFAST_API_KEY configure it.`)
    .option('--json', "print the API's JSON instead of tables")
    .showHelpAfterError()
    .configureOutput({ writeOut: (text) => io.out(text.trimEnd()), writeErr: (text) => io.err(text.trimEnd()) });
  const ctx = new CliContext(io.env, io.out, () => program.opts<{ json?: boolean }>().json === true);
  for (const command of [runsCommand(ctx), approvalsCommand(ctx), workflowsCommand(ctx), agentsCommand(ctx), keysCommand(ctx)]) program.addCommand(command);
  return { program, ctx };
}

/** Runs the CLI; resolves with the exit code: 0, 1 for a failed call or a run that did not complete, 2 for bad usage. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const { program, ctx } = buildCli(io);
  program.exitOverride();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return ctx.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof SteadfastError) {
      io.err(`error: ${error.error}${error.status ? ` (HTTP ${error.status})` : ''}`);
      for (const detail of error.details ?? []) io.err(`  - ${detail}`);
      return 1;
    }
    io.err(`error: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
