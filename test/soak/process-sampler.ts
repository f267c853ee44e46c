import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

/* Linux reports CPU time in clock ticks; USER_HZ is 100 on every architecture Node supports. */
const TICKS_PER_S = 100;

export interface ProcessSample {
  atS: number;
  /** Process name -> resident set in MB (null: the process was gone or its pid unknown). */
  mb: Record<string, number | null>;
  /** Process name -> CPU since the previous sample, in % of one core (null on the first sample). */
  cpu: Record<string, number | null>;
}

/** A pid, or several whose figures are added up (Postgres: the postmaster and its backends). */
export type ProcessRef = number | number[] | undefined;

/** `pid` and its descendants, from /proc; just `[pid]` when the kernel does not list children. */
export function processTree(pid: number): number[] {
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    return [pid, ...(children === '' ? [] : children.split(' ').flatMap((child) => processTree(Number(child))))];
  } catch {
    return [pid];
  }
}

async function readProc(pid: number): Promise<{ kb: number; ticks: number } | null> {
  try {
    const [status, stat] = await Promise.all([readFile(`/proc/${pid}/status`, 'utf8'), readFile(`/proc/${pid}/stat`, 'utf8')]);
    const kb = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
    // No VmRSS: a zombie (a killed worker not yet reaped), which holds no memory and no longer runs.
    if (kb === undefined) return null;
    // The command name in parentheses may hold spaces: fields are counted after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { kb: Number(kb), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null;
  }
}

/**
 * Samples RSS and CPU of the stack's processes every `everyMs`. Pids are asked for each time: a restarted
 * worker has a new one, and its CPU since it started falls inside the interval, so it counts in full.
 */
export function sampleProcesses(processes: () => Record<string, ProcessRef>, startedAt: number, everyMs = 10_000) {
  const samples: ProcessSample[] = [];
  let previous: { at: number; ticks: Map<number, number> } | undefined;
  const sample = async () => {
    const now = performance.now();
    const ticks = new Map<number, number>();
    const mb: ProcessSample['mb'] = {};
    const cpu: ProcessSample['cpu'] = {};
    for (const [name, ref] of Object.entries(processes())) {
      const pids = ref === undefined ? [] : Array.isArray(ref) ? ref : [ref];
      const read = (await Promise.all(pids.map(async (pid) => ({ pid, proc: await readProc(pid) })))).filter((r) => r.proc !== null);
      let kb = 0;
      let used = 0;
      for (const { pid, proc } of read) {
        if (!proc) continue;
        kb += proc.kb;
        used += proc.ticks - (previous?.ticks.get(pid) ?? 0);
        ticks.set(pid, proc.ticks);
      }
      mb[name] = read.length === 0 ? null : Math.round(kb / 102.4) / 10;
      cpu[name] = read.length === 0 || !previous ? null : Math.round((used / TICKS_PER_S / ((now - previous.at) / 1000)) * 100);
    }
    previous = { at: now, ticks };
    samples.push({ atS: Math.round((now - startedAt) / 1000), mb, cpu });
  };
  let last = sample();
  const timer = setInterval(() => void (last = last.then(sample)), everyMs);
  let stopped = false;
  return {
    samples,
    async stop(): Promise<ProcessSample[]> {
      if (stopped) return samples;
      stopped = true;
      clearInterval(timer);
      await (last = last.then(sample));
      return samples;
    },
  };
}
