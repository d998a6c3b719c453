import { appendFileSync, readFileSync } from 'node:fs';
import { processCpuMeter } from './proc-cpu';

/** Small helpers shared by the benchmarks: settings from the environment, timing, tables, CPU. */

export function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Nearest-rank percentile of unsorted samples (p in 0..100); NaN when empty. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export function fmt(value: number, digits = 0): string {
  if (!Number.isFinite(value)) return 'n/a';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function pct(ratio: number): string {
  return Number.isFinite(ratio) ? `${(ratio * 100).toFixed(1)} %` : 'n/a';
}

/** Prints rows as a fixed-width text table; the first row is the header. */
export function printTable(title: string, rows: string[][]): void {
  const widths = rows[0].map((_, col) => Math.max(...rows.map((r) => (r[col] ?? '').length)));
  const line = (r: string[]) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join(' | ');
  const rule = widths.map((w) => '-'.repeat(w)).join('-+-');
  console.log(`\n${title}`);
  console.log(line(rows[0]));
  console.log(rule);
  for (const r of rows.slice(1)) console.log(line(r));
}

/** Runs `worker(index)` on `count` parallel loops until `deadline` (ms since epoch); returns iterations. */
export async function runUntil(count: number, deadline: number, step: (worker: number) => Promise<void>): Promise<number> {
  let done = 0;
  await Promise.all(
    Array.from({ length: count }, async (_, worker) => {
      while (Date.now() < deadline) {
        await step(worker);
        done += 1;
      }
    }),
  );
  return done;
}

/** Registers cleanups to run in reverse order, once, also on SIGINT/SIGTERM. */
export class Cleanup {
  private readonly tasks: Array<{ name: string; run: () => Promise<unknown> }> = [];
  private done = false;

  constructor() {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        console.error(`\n[bench] ${signal}: cleaning up`);
        void this.runAll().finally(() => process.exit(130));
      });
    }
  }

  add(name: string, run: () => Promise<unknown>): void {
    this.tasks.push({ name, run });
  }

  async runAll(): Promise<void> {
    if (this.done) return;
    this.done = true;
    for (const task of this.tasks.reverse()) {
      await task.run().catch((err: unknown) => console.error(`[bench] cleanup "${task.name}" failed: ${(err as Error).message}`));
    }
  }
}

export interface CpuUse {
  /** Cores used by this process (user + system) over the interval. */
  processCores: number;
  /** Share of all the machine's cores that were busy (every process), 0..1; NaN without /proc. */
  machineBusy: number;
  /** Cores used per process group (postgres = all its backends, machine-wide). */
  byProcess: Array<{ group: string; cores: number }>;
}

/** Starts measuring CPU; call the returned function to read the use since then. */
export function cpuMeter(labels: Map<number, string> = new Map([[process.pid, 'bench process']])): () => CpuUse {
  const perProcess = processCpuMeter(() => labels);
  const startProcess = process.cpuUsage();
  const startWall = process.hrtime.bigint();
  const startMachine = machineTicks();
  return () => {
    const used = process.cpuUsage(startProcess);
    const wallMicros = Number(process.hrtime.bigint() - startWall) / 1000;
    const endMachine = machineTicks();
    const total = endMachine.total - startMachine.total;
    return {
      processCores: (used.user + used.system) / wallMicros,
      machineBusy: total > 0 ? (endMachine.busy - startMachine.busy) / total : Number.NaN,
      byProcess: perProcess(),
    };
  };
}

function machineTicks(): { total: number; busy: number } {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1, 9).map(Number);
    const total = fields.reduce((a, b) => a + b, 0);
    return { total, busy: total - fields[3] - fields[4] }; // minus idle and iowait
  } catch {
    return { total: 0, busy: 0 };
  }
}

/** One figure of a benchmark run, as `npm run bench` stores it (bench/results/<date>.json). */
export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
  /** The raw baseline measured in the same run, when the target is a ratio. */
  baseline?: number;
  ratio?: number;
  target: string;
  met: boolean;
}

/** Appends a benchmark's figures to BENCH_RESULTS_FILE (JSON lines) when `npm run bench` set it. */
export function recordResult(bench: string, figures: BenchFigure[]): void {
  const file = process.env.BENCH_RESULTS_FILE;
  if (!file) return;
  appendFileSync(file, `${JSON.stringify({ bench, at: new Date().toISOString(), figures })}\n`);
}
