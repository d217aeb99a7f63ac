/**
 * Parses many Terraform files across worker threads. hcl2json is WASM and single-threaded: one instance per
 * worker, as many workers as cores (capped), and none for a small batch, where starting them costs more than it
 * saves. A worker that dies or stalls costs the file it was reading (an InputError), never the scan; a pool that
 * cannot start at all leaves the batch to the calling thread.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { gunzipSync } from 'node:zlib';
import { parseHclFile, type HclParse } from './hcl.js';

export interface HclInput {
  /** As shown to the user. */
  file: string;
  text: string;
}

export type ParseRequest = { id: number } & HclInput;
export type ParseReply = { ready: true } | { id: number; json: string };
/** What a worker is started with: hcl2json's WASM compiled once for the whole pool, when it could be. */
export interface WorkerStart {
  module?: object;
  /** A thread of its own for one deeply nested file (isolated.ts): it parses whatever it is sent. */
  isolated?: boolean;
}

/** The part of the WebAssembly global the pool uses (TypeScript's ES libraries do not declare it). */
export interface WasmApi {
  compile(bytes: Uint8Array): Promise<object>;
  instantiate(source: unknown, imports?: object): Promise<unknown>;
  Module: abstract new (...args: never[]) => object;
}

/**
 * HCL bytes below which the batch is parsed in the calling thread. Starting workers costs ~0.3 s (thread, hcl2json,
 * WASM instance) and each runs its first files slowly until V8 has optimized the WASM code; measured on 2 cores
 * (`node bench/terraform.mjs --break-even`, bench/results/terraform-break-even.json), two workers lose below ~120 KB
 * of HCL, break even around 120-250 KB and win above.
 */
export const POOL_THRESHOLD_BYTES = 256 * 1024;
/** Beyond this, threads mostly add memory: WASM instances are ~60 MB each and the main thread evaluates alone. */
const MAX_WORKERS = 8;
/** A file that takes longer than this to parse is treated as a hung parser: its worker is stopped. */
const PARSE_TIMEOUT_MS = 60_000;
const PARSE_TIMEOUT_MS_PER_MB = 30_000;

/** Workers for a batch of this much HCL on this many cores; 0 means the calling thread parses alone. */
export function plannedWorkers(hclBytes: number, cores = availableParallelism()): number {
  if (hclBytes < POOL_THRESHOLD_BYTES) return 0;
  const workers = Math.min(cores, MAX_WORKERS, Math.ceil(hclBytes / (POOL_THRESHOLD_BYTES / 2)));
  return workers >= 2 ? workers : 0;
}

export const WORKER_ENTRY = new URL('./hcl-worker.js', import.meta.url);
/** Sources run by vitest are TypeScript, which a worker thread cannot load: the batch is then parsed in-thread. */
export const CAN_START_WORKERS = !import.meta.url.endsWith('.ts');

/** Results in the order of the inputs. Never throws; `workers` overrides the planned pool size. */
export async function parseHclFiles(inputs: readonly HclInput[], options: { workers?: number } = {}): Promise<HclParse[]> {
  const hcl = inputs.flatMap((input, index) => (input.file.endsWith('.json') ? [] : [index]));
  const bytes = hcl.reduce((sum, index) => sum + inputs[index]!.text.length, 0);
  const workers = Math.min(options.workers ?? plannedWorkers(bytes), hcl.length);
  if (!CAN_START_WORKERS || workers < 1) return Promise.all(inputs.map((input) => parseHclFile(input.file, input.text)));
  const largestFirst = [...hcl].sort((a, b) => inputs[b]!.text.length - inputs[a]!.text.length);
  const parsed = await new Pool(workers, inputs).run(largestFirst);
  return Promise.all(inputs.map((input, index) => parsed.get(index) ?? parseHclFile(input.file, input.text)));
}

/** Files handed to a worker ahead of time, so that it never waits for the main thread between two files. */
const FILES_IN_FLIGHT = 2;

interface PoolWorker {
  worker: Worker;
  ready: boolean;
  /** Its files, oldest first: it parses them in order, so the first is the one being read. */
  files: number[];
  timer?: NodeJS.Timeout;
  failure?: string;
}

/** Hands files to ready workers a few at a time, largest first; replaces workers that die. */
class Pool {
  private readonly results = new Map<number, HclParse>();
  private readonly workers = new Set<PoolWorker>();
  private queue: number[] = [];
  private replacements: number;
  private workerStart: WorkerStart = {};
  private finish!: () => void;

  constructor(
    private readonly size: number,
    private readonly inputs: readonly HclInput[],
  ) {
    this.replacements = size;
  }

  async run(order: number[]): Promise<Map<number, HclParse>> {
    this.queue = order;
    this.workerStart = { module: await compileHcl2Json() };
    const done = new Promise<void>((resolve) => (this.finish = resolve));
    for (let count = 0; count < this.size; count++) this.start();
    if (this.workers.size === 0) void this.parseRestInThread();
    await done;
    await Promise.all([...this.workers].map(({ worker }) => worker.terminate()));
    return this.results;
  }

  private start(): void {
    let worker: Worker;
    try {
      worker = new Worker(WORKER_ENTRY, { workerData: this.workerStart });
    } catch {
      // No thread to be had (resource limits): the other workers, or the calling thread, parse instead.
      return;
    }
    const state: PoolWorker = { worker, ready: false, files: [] };
    this.workers.add(state);
    state.worker.on('message', (reply: ParseReply) => {
      if ('ready' in reply) state.ready = true;
      else {
        // A reply that comes after its timeout: the file is already reported, and the worker is stopping.
        if (state.files[0] !== reply.id) return;
        state.files.shift();
        clearTimeout(state.timer);
        state.timer = undefined;
        this.results.set(reply.id, JSON.parse(reply.json) as HclParse);
      }
      this.fill(state);
    });
    state.worker.on('error', (error) => (state.failure ??= error.message));
    state.worker.on('exit', (code) => {
      clearTimeout(state.timer);
      this.workers.delete(state);
      // The file being read when a ready worker dies is reported; the ones not started yet go back to the others.
      const reading = state.ready && state.failure !== TIMED_OUT ? state.files.shift() : undefined;
      if (reading !== undefined) this.results.set(reading, { errors: [{ file: this.inputs[reading]!.file, message: `the HCL parser stopped while reading this file (${state.failure ?? `exit code ${code}`}); not analyzed` }] });
      this.queue.unshift(...state.files);
      if (this.queue.length > 0 && state.ready && this.replacements-- > 0) this.start();
      if (this.workers.size === 0) void this.parseRestInThread();
      else for (const other of this.workers) if (other.ready) this.fill(other);
    });
  }

  private fill(state: PoolWorker): void {
    while (state.files.length < FILES_IN_FLIGHT && this.queue.length > 0) {
      const index = this.queue.shift()!;
      state.files.push(index);
      const input = this.inputs[index]!;
      state.worker.postMessage({ id: index, file: input.file, text: input.text } satisfies ParseRequest);
    }
    if (state.files.length > 0) state.timer ??= this.watch(state, state.files[0]!);
    else if (this.queue.length === 0 && [...this.workers].every((other) => other.files.length === 0)) this.finish();
  }

  /** Stops a worker that takes too long over one file: that file is reported, the worker replaced. */
  private watch(state: PoolWorker, index: number): NodeJS.Timeout {
    const input = this.inputs[index]!;
    const timeout = PARSE_TIMEOUT_MS + (input.text.length / 1e6) * PARSE_TIMEOUT_MS_PER_MB;
    return setTimeout(() => {
      this.results.set(index, { errors: [{ file: input.file, message: `the HCL parser did not finish this file in ${Math.round(timeout / 1000)} s; not analyzed` }] });
      state.files.shift();
      state.failure = TIMED_OUT;
      void state.worker.terminate();
    }, timeout);
  }

  /** No worker left: whatever is still queued is parsed here. */
  private async parseRestInThread(): Promise<void> {
    const rest = this.queue.splice(0);
    for (const index of rest) this.results.set(index, await parseHclFile(this.inputs[index]!.file, this.inputs[index]!.text));
    this.finish();
  }
}

const TIMED_OUT = 'timed out';

/**
 * V8 optimizes WASM code per compiled module: workers that each compiled their own copy would each run slowly for
 * their first files. Compiled here once, the module is shared, and each worker gains from the others' warm-up.
 * Undefined when hcl2json's WASM is not where this version keeps it: each worker then loads its own.
 */
async function compileHcl2Json(): Promise<object | undefined> {
  try {
    const directory = dirname(createRequire(import.meta.url).resolve('@cdktf/hcl2json/package.json'));
    return await (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly.compile(gunzipSync(readFileSync(join(directory, 'main.wasm.gz'))));
  } catch {
    return undefined;
  }
}
