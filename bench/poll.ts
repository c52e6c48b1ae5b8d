/**
 * npm run bench:poll [-- --feeds 2000 --runs 3 --concurrency 20 --verbose]
 * 2,000 feeds × 50 items on a loopback server, full text off. Cycle 1 stores everything silently; in cycle 2 half
 * the feeds answer 304 and half carry 5 new items. Prints feeds/s, new items/s and peak RSS of the real poll cycle
 * next to the bare loop (undici.request + rss-parser parseString + digest engine), and their ratio.
 * Each measured part runs in its own child process; the feed server runs in this (parent) process. Both sides use
 * the same concurrency (default 20 = POLL_CONCURRENCY's default; the per-host limit is lifted since every feed
 * sits on 127.0.0.1). Feeds/s is wall-clock; the CPU-time ratio is printed too, as it is steadier on a busy machine.
 * Fairness: both sides run on this machine against the same server and the same cycle-2 responses, which are built
 * before any measurement (so neither side pays for the server's work); each run measures both sides back to back,
 * alternating which goes first; peak RSS is each child's own (VmHWM of /proc/self/status). The bare loop is the ceiling and
 * is kept as cheap as it honestly can be: it knows which items are new from the guid and stores nothing.
 * The real side starts cold, as after a restart: its in-memory seen-set is empty, so it reads each changed feed's
 * stored ids from the store (a long-running poller knows them from its previous cycle). It runs as the bot does:
 * parsing, identity and the extractive digests of new items in a parse worker (one on a 2-core machine), and the
 * 45 stored items of a changed feed are cut out before rss-parser runs (PARSE_SKIP_KNOWN, default on). The bare
 * loop parses all 50 items; so a third line shows the real cycle with PARSE_SKIP_KNOWN=false, all items parsed
 * (ratio printed too; the target applies to the bot's defaults). --verbose prints each run.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type ChildArgs, type ChildResult, runChild } from './poll-children.js';
import { startBenchServer } from './poll-feeds.js';

const self = fileURLToPath(import.meta.url);

function child(mode: string, a: ChildArgs): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const args = [
      ...process.execArgv,
      // BENCH_PROF=real (or bare, real-noskip, setup): a V8 CPU profile of that child in ./bench-prof/
      ...(process.env.BENCH_PROF === mode ? ['--cpu-prof', '--cpu-prof-dir=bench-prof'] : []),
      self,
      '--child',
      mode,
      '--port',
      String(a.port),
      '--feeds',
      String(a.feeds),
    ];
    args.push('--db', a.db, '--concurrency', String(a.concurrency));
    const p = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    p.on('error', reject);
    p.on('close', (code) => {
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0) return reject(new Error(`${mode} child exited with ${code}: ${out}`));
      resolve(JSON.parse(last) as ChildResult);
    });
  });
}

function copyDb(from: string, to: string): void {
  for (const suffix of ['', '-wal', '-shm']) {
    rmSync(to + suffix, { force: true });
    if (existsSync(from + suffix)) copyFileSync(from + suffix, to + suffix);
  }
}

/** The median: the middle value, or the mean of the two middle values for an even count (0 for none). */
function median(xs: number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

function row(label: string, feeds: number, items: number, rss: number): string {
  return `${label.padEnd(30)}${feeds.toFixed(0).padStart(9)}${items.toFixed(0).padStart(14)}${`${rss} MB`.padStart(12)}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      feeds: { type: 'string', default: '2000' },
      runs: { type: 'string', default: '3' },
      concurrency: { type: 'string', default: '20' },
      verbose: { type: 'boolean', default: false },
    },
  });
  const feeds = Number(values.feeds);
  const runs = Math.max(1, Number(values.runs));
  const concurrency = Number(values.concurrency);
  const dir = mkdtempSync(join(tmpdir(), 'bench-poll-'));
  const server = await startBenchServer(Date.now());
  try {
    const base: ChildArgs = { port: server.port, feeds, db: join(dir, 'cycle1.db'), concurrency };
    server.setCycle(1);
    server.warm(feeds);
    const setup = await child('setup', base);
    console.log(
      `bench:poll — ${feeds} feeds × 50 items, loopback, full text off, concurrency ${concurrency}`,
    );
    console.log(
      `cycle 1: ${setup.feeds} feeds, ${setup.newItems} items stored silently in ${setup.seconds.toFixed(1)} s (peak RSS ${setup.peakRssMb} MB)`,
    );
    server.setCycle(2);
    server.warm(feeds);
    const real: ChildResult[] = [];
    const bare: ChildResult[] = [];
    const noskip: ChildResult[] = [];
    const db = join(dir, 'cycle2.db');
    for (let i = 0; i < runs; i++) {
      // back to back, alternating which side goes first, so drift in machine load hits both alike
      if (i % 2 === 1) bare.push(await child('bare', base));
      copyDb(base.db, db);
      real.push(await child('real', { ...base, db }));
      if (i % 2 === 0) bare.push(await child('bare', base));
      copyDb(base.db, db);
      noskip.push(await child('real-noskip', { ...base, db }));
    }
    if (values.verbose)
      for (const [i, r] of real.entries())
        console.log(
          `run ${i}: real ${JSON.stringify(r)} bare ${JSON.stringify(bare[i])} noskip ${JSON.stringify(noskip[i])}`,
        );
    report(real, bare, noskip, runs);
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function report(real: ChildResult[], bare: ChildResult[], noskip: ChildResult[], runs: number): void {
  const r0 = real[0];
  const b0 = bare[0];
  if (!r0 || !b0) return;
  const rf = median(real.map((r) => r.feeds / r.seconds));
  const ri = median(real.map((r) => r.newItems / r.seconds));
  const bf = median(bare.map((r) => r.feeds / r.seconds));
  const bi = median(bare.map((r) => r.newItems / r.seconds));
  const rc = median(real.map((r) => r.cpuSeconds));
  const bc = median(bare.map((r) => r.cpuSeconds));
  const rr = Math.max(...real.map((r) => r.peakRssMb));
  const br = Math.max(...bare.map((r) => r.peakRssMb));
  const nf = median(noskip.map((r) => r.feeds / r.seconds));
  const ni = median(noskip.map((r) => r.newItems / r.seconds));
  const nc = median(noskip.map((r) => r.cpuSeconds));
  const nr = Math.max(...noskip.map((r) => r.peakRssMb));
  console.log(
    'fair comparison: same machine, same loopback server and pre-built responses, same concurrency, runs back to back ' +
      `(alternating order), each side in its own child process with its own peak RSS; the real side starts cold ` +
      `(empty in-memory seen-set, as after a restart); load ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
  );
  console.log(
    `cycle 2: ${r0.feeds} feeds, ${r0.notModified} not modified, ${r0.newItems} new items (${r0.announced} announced); median of ${runs} run(s)`,
  );
  console.log(
    `${''.padEnd(30)}${'feeds/s'.padStart(9)}${'new items/s'.padStart(14)}${'peak RSS'.padStart(12)}${'CPU s'.padStart(9)}`,
  );
  console.log(`${row('real poll cycle', rf, ri, rr)}${rc.toFixed(2).padStart(9)}`);
  console.log(`${row('bare loop (ceiling)', bf, bi, br)}${bc.toFixed(2).padStart(9)}`);
  console.log(`${row('real, PARSE_SKIP_KNOWN=false', nf, ni, nr)}${nc.toFixed(2).padStart(9)}`);
  const ratio = rf / bf;
  console.log(
    `ratio real/bare feeds/s: ${ratio.toFixed(2)} (target ≥ 0.70: ${ratio >= 0.7 ? 'met' : 'NOT met'}); ` +
      `by CPU time: ${(bc / rc).toFixed(2)}; peak RSS ${rr} MB (target ≤ 300 MB: ${rr <= 300 ? 'met' : 'NOT met'})`,
  );
  console.log(
    `with PARSE_SKIP_KNOWN=false (every item parsed, like the bare loop): ratio ${(nf / bf).toFixed(2)}, ` +
      `by CPU time ${(bc / nc).toFixed(2)}, peak RSS ${nr} MB`,
  );
  if (noskip[0] && noskip[0].newItems !== r0.newItems)
    console.log(`note: PARSE_SKIP_KNOWN=false saw ${noskip[0].newItems} new items, real ${r0.newItems}`);
  if (b0.newItems !== r0.newItems)
    console.log(`note: bare loop saw ${b0.newItems} new items, real ${r0.newItems}`);
}

async function childMain(): Promise<void> {
  const { values } = parseArgs({
    options: {
      child: { type: 'string' },
      port: { type: 'string' },
      feeds: { type: 'string' },
      db: { type: 'string' },
      concurrency: { type: 'string' },
    },
  });
  const r = await runChild(values.child ?? '', {
    port: Number(values.port),
    feeds: Number(values.feeds),
    db: values.db ?? '',
    concurrency: Number(values.concurrency),
  });
  process.stdout.write(`${JSON.stringify(r)}\n`);
}

(process.argv.includes('--child') ? childMain() : main()).catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
