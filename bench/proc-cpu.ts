import { readdirSync, readFileSync } from 'node:fs';

/** Linux clock ticks per second (`getconf CLK_TCK`), 100 on every common kernel build. */
const TICKS_PER_SECOND = 100;

type Snapshot = Map<number, { comm: string; ticks: number }>;

/** user + system ticks of every process visible in /proc (empty where /proc is missing). */
function snapshot(): Snapshot {
  const result: Snapshot = new Map();
  let entries: string[] = [];
  try {
    entries = readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return result;
  }
  for (const entry of entries) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // comm is in parentheses and may contain spaces; the fields after it are space-separated.
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const fields = stat.slice(close + 2).split(' ');
      result.set(Number(entry), { comm, ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // the process ended meanwhile
    }
  }
  return result;
}

/**
 * Measures CPU per process group over an interval: `labels` names known pids (children started by
 * the benchmark); other processes are grouped by command name (postgres, nats-server...).
 * Returns a function giving cores used per group, busiest first.
 */
export function processCpuMeter(labels: () => Map<number, string>): () => Array<{ group: string; cores: number }> {
  const before = snapshot();
  const started = process.hrtime.bigint();
  return () => {
    const after = snapshot();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const named = labels();
    const groups = new Map<string, number>();
    for (const [pid, { comm, ticks }] of after) {
      const delta = ticks - (before.get(pid)?.ticks ?? 0);
      if (delta <= 0) continue;
      const group = named.get(pid) ?? comm;
      groups.set(group, (groups.get(group) ?? 0) + delta);
    }
    return [...groups.entries()]
      .map(([group, ticks]) => ({ group, cores: ticks / TICKS_PER_SECOND / seconds }))
      .filter((g) => g.cores >= 0.01)
      .sort((a, b) => b.cores - a.cores);
  };
}
