/**
 * `node dist/bench/prof-top.js <file.cpuprofile>... [--top N]`: the functions with the most self
 * time in V8 CPU profiles (`node --cpu-prof`, or `BENCH_CPU_PROF=1` for the benchmarks' spawned
 * services), with their share of the sampled time, and the same grouped by package / file.
 * Options: --top N (default 20), --skip-seconds N (leave out start-up), --until-seconds N (leave out
 * everything after N seconds: with --skip-seconds, one phase of a benchmark).
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
}

function main(): void {
  const args = process.argv.slice(2);
  const option = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
  const top = option('--top', 20);
  // --skip-seconds N: leave out the first N seconds of each profile (start-up: module loading, JIT).
  const skipUs = option('--skip-seconds', 0) * 1e6;
  const untilUs = option('--until-seconds', Infinity) * 1e6;
  const files = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
  for (const file of files) summarise(file, top, skipUs, untilUs);
}

function summarise(file: string, top: number, skipUs: number, untilUs = Infinity): void {
  const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  // Self time per node: sum of the time deltas of the samples that landed on it.
  const self = new Map<number, number>();
  const samples = p.samples ?? [];
  const deltas = p.timeDeltas ?? [];
  let elapsed = 0;
  for (let i = 0; i < samples.length; i++) {
    elapsed += deltas[i] ?? 0;
    if (elapsed >= skipUs && elapsed < untilUs) self.set(samples[i], (self.get(samples[i]) ?? 0) + (deltas[i] ?? 0));
  }
  let total = 0;
  const byFunction = new Map<string, number>();
  const byModule = new Map<string, number>();
  for (const [id, us] of self) {
    const n = byId.get(id)!;
    // Shares are of the busy time: the process waiting for I/O is not where the time goes.
    if (n.callFrame.functionName === '(idle)') continue;
    total += us;
    const url = n.callFrame.url.replace(/^file:\/\//, '').replace(/.*node_modules\//, 'nm:').replace(/.*\/dist\//, 'dist/');
    const key = `${n.callFrame.functionName || '(anonymous)'}  ${url ? `${url}:${n.callFrame.lineNumber + 1}` : ''}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
    byModule.set(moduleOf(url, n.callFrame.functionName), (byModule.get(moduleOf(url, n.callFrame.functionName)) ?? 0) + us);
  }
  const print = (title: string, m: Map<string, number>) => {
    console.log(`\n${title}`);
    for (const [k, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      console.log(`  ${((100 * us) / total).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`);
    }
  };
  console.log(`\n=== ${file}: ${(total / 1e6).toFixed(1)} s busy (idle left out)`);
  print(`top ${top} functions by self time`, byFunction);
  print(`top ${top} packages / files by self time`, byModule);
}

function moduleOf(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)';
  if (url.startsWith('nm:')) {
    const parts = url.slice(3).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  if (url.startsWith('node:')) return url;
  return url;
}

main();
