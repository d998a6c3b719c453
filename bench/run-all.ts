/**
 * `npm run bench`: every benchmark in sequence (each prints its own tables), then a dated JSON
 * summary in bench/results/ so that figures can be compared over time. Runs `BENCH_ROUNDS` times
 * (default 1; 3 for the figures the README reports: the machine is shared and noisy).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { envInt } from './bench-util';

const BENCHES = ['events', 'gateway', 'directory', 'mandates', 'labelling', 'operators', 'mailbox', 'safe'] as const;

function main(): void {
  const root = resolve(__dirname, '../..');
  const rounds = envInt('BENCH_ROUNDS', 1);
  const only = process.env.BENCH_ONLY?.split(',').filter(Boolean);
  const started = new Date();
  const lines = join(root, 'tmp', `bench-${started.getTime()}.jsonl`);
  mkdirSync(join(root, 'tmp'), { recursive: true });
  const failed: string[] = [];
  for (let round = 1; round <= rounds; round++) {
    for (const bench of BENCHES.filter((b) => !only || only.includes(b))) {
      console.log(`\n=== bench:${bench} (round ${round} of ${rounds}) ===`);
      const r = spawnSync(process.execPath, [join(root, 'dist/bench', `${bench}.bench.js`)], { cwd: root, stdio: 'inherit', env: { ...process.env, BENCH_RESULTS_FILE: lines } });
      if (r.status !== 0) failed.push(`${bench} (round ${round}): exit ${r.status ?? r.signal}`);
    }
  }
  const results = readLines(lines);
  rmSync(lines, { force: true });
  const dir = join(root, 'bench/results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${started.toISOString().slice(0, 19).replace(/:/g, '-')}.json`);
  const summary = { date: started.toISOString(), node: process.version, cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), rounds, failed, results };
  writeFileSync(file, `${JSON.stringify(summary, null, 2)}\n`);
  console.log(`\nSummary written to ${file}`);
  for (const bench of BENCHES) {
    for (const name of new Set(results.filter((r) => r.bench === bench).flatMap((r) => r.figures.map((f) => f.name)))) {
      const runs = results.filter((r) => r.bench === bench).map((r) => r.figures.find((f) => f.name === name)!).filter(Boolean);
      const values = runs.map((f) => f.value).sort((a, b) => a - b);
      const median = values[Math.floor(values.length / 2)];
      const ratios = runs.map((f) => f.ratio).filter((x): x is number => typeof x === 'number').sort((a, b) => a - b);
      const ratio = ratios.length ? ` = ${(ratios[Math.floor(ratios.length / 2)] * 100).toFixed(1)} % of the raw baseline` : '';
      console.log(`  ${bench}: ${name}: median ${median.toFixed(1)} ${runs[0].unit}${ratio} over ${runs.length} run(s), target ${runs[0].target}: met in ${runs.filter((f) => f.met).length}/${runs.length}`);
    }
  }
  if (failed.length) {
    console.error(`\nFailed: ${failed.join('; ')}`);
    process.exit(1);
  }
}

interface Line {
  bench: string;
  at: string;
  figures: Array<{ name: string; value: number; unit: string; ratio?: number; target: string; met: boolean }>;
}

function readLines(file: string): Line[] {
  try {
    return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line);
  } catch {
    return [];
  }
}

main();
