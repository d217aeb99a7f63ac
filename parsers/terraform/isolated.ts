/**
 * One HCL file that nests deeply enough to exhaust a thread's stack (`deeplyNested`), parsed in a thread of its own
 * with a larger stack: hcl2json (Go compiled to WASM) that runs out of stack leaves its runtime broken, and a thread
 * with a broken runtime may end. Here that thread is this file's alone; the file is then reported at its deepest place.
 */
import { Worker } from 'node:worker_threads';
import type { HclParse } from './hcl.js';
import { CAN_START_WORKERS, WORKER_ENTRY, type ParseReply, type ParseRequest } from './workers.js';

/** Enough for a hundred times the nesting the main thread's stack holds. */
const STACK_MB = 128;
const TIMEOUT_MS = 120_000;

export function parseIsolated(file: string, text: string, deepest: { line: number; column: number }): Promise<HclParse> {
  const refused = (why: string): HclParse => ({ errors: [{ file, ...deepest, message: `cannot parse: nested too deeply for the HCL parser (${why})` }] });
  if (!CAN_START_WORKERS) return Promise.resolve(refused('no thread to read it in'));
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(WORKER_ENTRY, { workerData: { isolated: true }, resourceLimits: { stackSizeMb: STACK_MB } });
    } catch {
      resolve(refused('no thread to read it in'));
      return;
    }
    let settled = false;
    const settle = (result: HclParse): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(result);
    };
    const timer = setTimeout(() => settle(refused(`not read in ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS);
    worker.on('message', (reply: ParseReply) => {
      if ('ready' in reply) worker.postMessage({ id: 0, file, text } satisfies ParseRequest);
      else {
        const parsed = JSON.parse(reply.json) as HclParse;
        // Its stack ran out all the same: the file is reported where it nests deepest.
        settle('errors' in parsed && parsed.errors.some((error) => error.line === undefined && error.message.includes('call stack')) ? refused('its stack ran out') : parsed);
      }
    });
    worker.on('error', () => settle(refused('its thread failed')));
    worker.on('exit', () => settle(refused('its thread stopped')));
  });
}
