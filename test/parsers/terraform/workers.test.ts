import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseHclFile, type HclParse } from '../../../parsers/terraform/hcl.js';
import { POOL_THRESHOLD_BYTES, parseHclFiles, plannedWorkers, type HclInput } from '../../../parsers/terraform/workers.js';
import { BIN, UNBUNDLED_CLI } from '../../cli/bin.js';

// Worker threads run the compiled pool: TypeScript sources cannot start them, so those tests use dist/ (npm test builds it).
const DIST = join(import.meta.dirname, '..', '..', '..', 'dist');
const created: string[] = [];
afterAll(() => {
  for (const directory of created) rmSync(directory, { recursive: true, force: true });
});

function temporary(): string {
  const directory = mkdtempSync(join(tmpdir(), 'deputy-workers-'));
  created.push(directory);
  return directory;
}

function role(index: number): string {
  return `resource "aws_iam_role" "r${index}" {
  name = "role-\${var.team}-${index}"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "sagemaker.amazonaws.com" } }]
  })
}
`;
}

const FILES: HclInput[] = [
  { file: 'roles.tf', text: [0, 1, 2].map(role).join('\n') },
  { file: 'bad.tf', text: 'locals {\n  a = 1\n}\n\nresource "aws_iam_role" "x" {\n  name = \n}\n' },
  { file: 'empty.tf', text: '' },
  { file: 'main.tf.json', text: JSON.stringify({ variable: { team: { default: 'ml' } } }) },
  { file: 'heredoc.tf', text: 'resource "aws_iam_policy" "p" {\n  policy = <<-EOF\n    {"Version": "2012-10-17"}\n  EOF\n}\n' },
  { file: 'more-roles.tf', text: [3, 4, 5, 6].map(role).join('\n') },
];

/**
 * Runs the built pool in a fresh process and counts the worker threads it starts. `crashOn` stops the worker that
 * is handed that file, as if it died while reading it; `brokenEntry` makes every worker fail to start, `noThreads`
 * every thread fail to be created.
 */
function runPool(files: HclInput[], options: { workers?: number; crashOn?: string; brokenEntry?: boolean; noThreads?: boolean } = {}): { pooled: HclParse[]; inThread: HclParse[]; started: number } {
  const script = `
    import { createRequire, syncBuiltinESMExports } from 'node:module';
    import { readFileSync } from 'node:fs';
    const threads = createRequire(import.meta.url)('node:worker_threads');
    const { files, workers, crashOn, brokenEntry, noThreads } = JSON.parse(readFileSync(0, 'utf8'));
    let started = 0;
    threads.Worker = class extends threads.Worker {
      constructor(entry, options) {
        if (noThreads) throw new Error('ERR_WORKER_INIT_FAILED');
        const target = brokenEntry ? new URL('./no-such-worker.js', entry) : entry;
        // Listens before the entry does: the thread exits as soon as it is handed that file.
        if (crashOn) super(\`require('node:worker_threads').parentPort.on('message', (m) => { if (m.file === \${JSON.stringify(crashOn)}) process.exit(3); }); import(\${JSON.stringify(target.href)});\`, { ...options, eval: true });
        else super(target, options);
        started++;
      }
    };
    syncBuiltinESMExports();
    const { parseHclFiles } = await import(${JSON.stringify(pathToFileURL(join(DIST, 'parsers', 'terraform', 'workers.js')).href)});
    const { parseHclFile } = await import(${JSON.stringify(pathToFileURL(join(DIST, 'parsers', 'terraform', 'hcl.js')).href)});
    const pooled = await parseHclFiles(files, workers === undefined ? {} : { workers });
    const inThread = [];
    for (const file of files) inThread.push(await parseHclFile(file.file, file.text));
    process.stdout.write(JSON.stringify({ pooled, inThread, started }));
  `;
  // A script file, not -e: workers inherit --input-type=module, which would make the CommonJS wrapper above an ES module.
  const path = join(temporary(), 'pool.mjs');
  writeFileSync(path, script);
  const child = spawnSync(process.execPath, [path], { input: JSON.stringify({ files, ...options }), encoding: 'utf8', timeout: 120_000 });
  if (child.status !== 0) throw new Error(`pool process failed (${child.status ?? child.signal}): ${child.stderr}`);
  return JSON.parse(child.stdout);
}

describe('plannedWorkers', () => {
  it('parses a small batch in the calling thread', () => {
    expect(plannedWorkers(0, 8)).toBe(0);
    expect(plannedWorkers(POOL_THRESHOLD_BYTES - 1, 8)).toBe(0);
  });

  it('uses one worker per core above the threshold, never a single worker, capped', () => {
    expect(plannedWorkers(10 * POOL_THRESHOLD_BYTES, 2)).toBe(2);
    expect(plannedWorkers(10 * POOL_THRESHOLD_BYTES, 1)).toBe(0);
    expect(plannedWorkers(1000 * POOL_THRESHOLD_BYTES, 64)).toBe(8);
  });

  it('starts no more workers than the batch can keep busy', () => {
    expect(plannedWorkers(POOL_THRESHOLD_BYTES, 16)).toBe(2);
    expect(plannedWorkers(2 * POOL_THRESHOLD_BYTES, 16)).toBe(4);
  });
});

describe('parseHclFiles in the calling thread (TypeScript sources)', () => {
  it('gives each file the result parseHclFile gives it, in order', async () => {
    const single = await Promise.all(FILES.map((file) => parseHclFile(file.file, file.text)));
    expect(await parseHclFiles(FILES, { workers: 2 })).toEqual(single);
  });
});

describe('the worker pool (dist)', { timeout: 120_000 }, () => {
  it('gives the same results as parsing in one thread: syntax errors with their line, empty files, .tf.json', () => {
    const { pooled, inThread, started } = runPool(FILES, { workers: 2 });
    expect(started).toBe(2);
    expect(pooled).toEqual(inThread);
    expect(pooled[1]).toEqual({ errors: [{ file: 'bad.tf', line: 6, column: 10, message: expect.stringContaining('Invalid expression') }] });
    expect(pooled[2]).toEqual({ body: {} });
    expect(Object.keys((pooled[5] as { body: { resource: { aws_iam_role: object } } }).body.resource.aws_iam_role)).toEqual(['r3', 'r4', 'r5', 'r6']);
  });

  it('starts no worker for a batch below the threshold', () => {
    const { pooled, inThread, started } = runPool(FILES);
    expect(started).toBe(0);
    expect(pooled).toEqual(inThread);
  });

  it('reports the file a worker dies on and parses the others on a replacement', () => {
    // The largest file is handed out first: its worker dies with it in hand.
    const files = [...FILES, { file: 'crash.tf', text: Array.from({ length: 20 }, (_, index) => role(index)).join('\n') }];
    const { pooled, inThread, started } = runPool(files, { workers: 2, crashOn: 'crash.tf' });
    expect(pooled.at(-1)).toEqual({ errors: [{ file: 'crash.tf', message: 'the HCL parser stopped while reading this file (exit code 3); not analyzed' }] });
    expect(pooled.slice(0, -1)).toEqual(inThread.slice(0, -1));
    expect(started).toBe(3);
  });

  it('parses in the calling thread when no worker can start', () => {
    const { pooled, inThread, started } = runPool(FILES, { workers: 2, brokenEntry: true });
    expect(started).toBe(2);
    expect(pooled).toEqual(inThread);
  });

  it('parses in the calling thread when no thread can be created', () => {
    const { pooled, inThread, started } = runPool(FILES, { workers: 2, noThreads: true });
    expect(started).toBe(0);
    expect(pooled).toEqual(inThread);
  });

  // The bin is a bundle that starts its worker from a module bundled beside it: it must use the pool as the modules tsc writes do.
  it.each([
    ['the bin', BIN],
    ['the unbundled command line', UNBUNDLED_CLI],
  ])('lets deputy scan (%s) use the pool on a large tree and exit as soon as it is done', (_, cli) => {
    const directory = temporary();
    const count = Math.ceil((1.2 * POOL_THRESHOLD_BYTES) / role(0).length / 20);
    let bytes = 0;
    for (let file = 0; file < count; file++) {
      const text = Array.from({ length: 20 }, (_, index) => role(file * 20 + index)).join('\n');
      writeFileSync(join(directory, `roles-${file}.tf`), text);
      bytes += text.length;
    }
    writeFileSync(join(directory, 'variables.tf'), 'variable "team" {\n  default = "ml"\n}\n');
    writeFileSync(join(directory, 'broken.tf'), 'resource "aws_iam_role" "broken" {\n  name = \n}\n');
    writeFileSync(join(directory, 'terraform.tfvars'), 'team = "vision"\n');
    writeFileSync(join(directory, 'broken.auto.tfvars'), 'team = "a"\nregion = \n');
    const counter = join(temporary(), 'count-workers.mjs');
    writeFileSync(
      counter,
      `import { createRequire, syncBuiltinESMExports } from 'node:module';
       const threads = createRequire(import.meta.url)('node:worker_threads');
       let started = 0;
       threads.Worker = class extends threads.Worker { constructor(...args) { super(...args); started++; } };
       syncBuiltinESMExports();
       process.on('exit', () => process.stderr.write('workers started: ' + started + '\\n'));`,
    );
    const run = spawnSync(process.execPath, ['--import', pathToFileURL(counter).href, cli, 'scan', '.', '--format', 'json', '--fail-on', 'none'], { cwd: directory, encoding: 'utf8', timeout: 120_000, maxBuffer: 1 << 28 });
    expect(run.signal).toBeNull();
    expect(plannedWorkers(bytes, 2)).toBe(2);
    expect(run.stderr).toContain(`workers started: ${plannedWorkers(bytes)}`);
    const report = JSON.parse(run.stdout);
    expect(report.errors).toEqual([
      { file: 'broken.auto.tfvars', line: 2, column: 10, message: expect.stringContaining('Invalid expression') },
      { file: 'broken.tf', line: 2, column: 10, message: expect.stringContaining('Invalid expression') },
    ]);
    expect(report.summary.filesAnalyzed).toBe(count + 1);
    expect(report.summary.byRule['trust-service-without-source-condition']).toBe(count * 20);
  });
});
