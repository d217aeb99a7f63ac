// `npm run bench`: wall time of `deputy scan` on the CloudFormation corpus (../shared/corpus/cfn), next to
// cfn-lint on the same files when cfn-lint is installed. Results go to bench/results/cfn-corpus.json.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The command line users run: the bin package.json names (the bundled CLI). */
const BIN = join(root, JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).bin.deputy);
const corpus = process.argv[2] ?? join(root, '..', 'shared', 'corpus', 'cfn');
const runs = Number(process.env.BENCH_RUNS ?? 5);
if (!existsSync(corpus)) {
  console.error(`bench: no corpus at ${corpus} (pass a folder of templates as the first argument)`);
  process.exit(2);
}

function templates(directory) {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return templates(path);
    return /\.(ya?ml|json|template)$/i.test(name) ? [path] : [];
  });
}

function time(command, args) {
  const samples = [];
  let last;
  for (let run = 0; run < runs; run++) {
    const start = process.hrtime.bigint();
    last = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (last.error) return { error: String(last.error.message) };
  }
  samples.sort((a, b) => a - b);
  return { medianMs: Math.round(samples[Math.floor(samples.length / 2)]), minMs: Math.round(samples[0]), runs, exitCode: last.status };
}

const files = templates(corpus);
const deputy = time(process.execPath, [BIN, 'scan', corpus, '--format', 'json', '--fail-on', 'none']);
const report = JSON.parse(spawnSync(process.execPath, [BIN, 'scan', corpus, '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 28 }).stdout);
const hasCfnLint = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' }).status === 0;
const cfnLint = hasCfnLint ? time('cfn-lint', ['--format', 'json', '--', ...files]) : { skipped: 'cfn-lint not installed' };

const result = {
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
  corpus: { path: corpus, files: files.length },
  deputy: { ...deputy, filesAnalyzed: report.summary.filesAnalyzed, findings: report.summary.findings, byRule: report.summary.byRule, errors: report.errors.length },
  cfnLint: hasCfnLint ? { ...cfnLint, version: spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' }).stdout.trim() } : cfnLint,
};
writeFileSync(join(root, 'bench', 'results', 'cfn-corpus.json'), JSON.stringify(result, null, 2) + '\n');
console.log(JSON.stringify(result, null, 2));
