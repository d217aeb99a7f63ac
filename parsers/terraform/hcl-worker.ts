/**
 * A thread of the HCL parser pool (workers.ts): loads hcl2json, says it is ready, then parses the files it is sent
 * one after the other, in order. Results travel as JSON text: cheaper to send and to read back than a cloned object.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { parseHclFile } from './hcl.js';
import type { ParseReply, ParseRequest, WasmApi, WorkerStart } from './workers.js';

const { module, isolated } = workerData as WorkerStart;
if (module) {
  // hcl2json instantiates its own bytes; the pool's shared module carries the code other workers have optimized.
  const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
  const instantiate = wasm.instantiate.bind(wasm);
  wasm.instantiate = async (source, imports) => (source instanceof wasm.Module ? instantiate(source, imports) : { module, instance: await instantiate(module, imports) });
}
const port = parentPort!;
await parseHclFile('ready.tf', '');
port.postMessage({ ready: true } satisfies ParseReply);
let previous = Promise.resolve();
port.on('message', ({ id, file, text }: ParseRequest) => {
  previous = previous.then(async () => port.postMessage({ id, json: JSON.stringify(await parseHclFile(file, text, { isolated })) } satisfies ParseReply));
});
