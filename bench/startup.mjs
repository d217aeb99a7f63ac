// `npm run bench`: how long the command line takes for short commands, where starting it is most of the time (pre-commit
// hooks, local pre-deploy checks): the bin package.json names (the bundled CLI) next to the unbundled
// dist/src/cli/main.js that tsc writes, and `node -e 0` as the floor. CPU time (user + system, of the process and its
// worker threads) is the measure to compare, wall time is shown too: other work on the machine inflates it. Each
// command runs BENCH_STARTUP_RUNS times (default 21) per script, the scripts in turn, after one warm-up run each.
// Scripts given as arguments are measured beside them (`node bench/startup.mjs dist/other/main.js`).
// Results go to bench/results/startup.json. Linux only for CPU time (/proc/self/stat); elsewhere wall time alone.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.env.BENCH_STARTUP_RUNS ?? 21);
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const scripts = {
  bin: join(root, manifest.bin.deputy),
  unbundled: join(root, 'dist', 'src', 'cli', 'main.js'),
  ...Object.fromEntries(process.argv.slice(2).map((script) => [relative(root, resolve(script)), resolve(script)])),
};
const COMMANDS = [['--version'], ['rules'], ['scan', 'examples/cloudformation'], ['scan', 'examples/terraform'], ['scan', 'examples/terraform-plan']];

const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100;
/** CPU time of the children this process has waited for (cutime + cstime); undefined off Linux. */
function childrenCpuMs() {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

function run(args) {
  const cpuBefore = childrenCpuMs();
  const start = process.hrtime.bigint();
  const child = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, NO_COLOR: '1' } });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  const cpuAfter = childrenCpuMs();
  if (child.error) throw child.error;
  if (child.status !== 0 && child.status !== 1) throw new Error(`node ${args.join(' ')} exited ${child.status}: ${child.stderr}`);
  return { wallMs, cpuMs: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore, status: child.status, stdout: child.stdout };
}

const quantile = (samples, q) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]);
};
/** Median, and the middle half of the runs (25th to 75th percentile) as the noise. */
const summary = (samples) => (samples.includes(undefined) ? undefined : { median: quantile(samples, 0.5), middleHalf: [quantile(samples, 0.25), quantile(samples, 0.75)] });

function measure(variants) {
  for (const args of Object.values(variants)) run(args);
  const samples = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
  for (let round = 0; round < runs; round++) for (const [name, args] of Object.entries(variants)) samples[name].push(run(args));
  return Object.fromEntries(
    Object.entries(samples).map(([name, results]) => [name, { cpuMs: summary(results.map((result) => result.cpuMs)), wallMs: summary(results.map((result) => result.wallMs)) }]),
  );
}

const loadBefore = loadavg().map((value) => Number(value.toFixed(1)));
const floor = measure({ 'node -e 0': ['-e', '0'] })['node -e 0'];
const commands = [];
for (const command of COMMANDS) {
  const first = Object.fromEntries(Object.entries(scripts).map(([name, script]) => [name, run([script, ...command])]));
  for (const [name, result] of Object.entries(first)) {
    if (result.stdout !== first.unbundled.stdout || result.status !== first.unbundled.status) throw new Error(`${name} and the unbundled CLI differ on deputy ${command.join(' ')}`);
  }
  const measured = measure(Object.fromEntries(Object.entries(scripts).map(([name, script]) => [name, [script, ...command]])));
  const ratio = (name) => (measured[name].cpuMs ? Number((measured[name].cpuMs.median / measured.unbundled.cpuMs.median).toFixed(2)) : undefined);
  commands.push({ command: `deputy ${command.join(' ')}`, ...measured, cpuRatioToUnbundled: Object.fromEntries(Object.keys(scripts).filter((name) => name !== 'unbundled').map((name) => [name, ratio(name)])) });
  process.stderr.write(`deputy ${command.join(' ')}: ${Object.entries(measured).map(([name, { cpuMs, wallMs }]) => `${name} ${cpuMs?.median ?? '?'} ms CPU, ${wallMs.median} ms wall`).join('; ')}\n`);
}
const result = {
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, node: process.version, loadAverage: { what: '1, 5 and 15 minute load averages: other work on the machine inflates wall times', before: loadBefore, after: loadavg().map((value) => Number(value.toFixed(1))) } },
  runs,
  what: 'per command and script: the median of the runs and the middle half of them (25th to 75th percentile), in ms, of CPU time (user + system, worker threads included) and wall time; cpuRatioToUnbundled: median CPU time over that of the unbundled CLI',
  scripts: Object.fromEntries(Object.entries(scripts).map(([name, script]) => [name, relative(root, script)])),
  floor: { command: 'node -e 0', ...floor },
  commands,
};
writeFileSync(join(root, 'bench', 'results', 'startup.json'), `${JSON.stringify(result, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
