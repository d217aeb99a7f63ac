import { Unresolved, type Value } from '../../../../src/model/index.js';
import { evaluate, evaluateRaw, parseExpression, valueAt, type Scope, type Traversal } from '../../../../parsers/terraform/expression/index.js';

export interface RecordingScope extends Scope {
  resolved: Traversal[];
}

/** A scope over plain root values (`var`, `local`, resource types), following traversals through them. */
export function scopeOf(roots: Record<string, Value>, files: Record<string, string> = {}): RecordingScope {
  const resolved: Traversal[] = [];
  return {
    resolved,
    resolve(traversal) {
      resolved.push(traversal);
      const [root, ...steps] = traversal;
      if (typeof root !== 'string' || !Object.prototype.hasOwnProperty.call(roots, root)) return undefined;
      return valueAt(roots[root], steps);
    },
    readFile(path) {
      return Object.prototype.hasOwnProperty.call(files, path) ? { text: files[path], file: `module/${path}` } : { error: 'no such file' };
    },
  };
}

export function run(source: string, roots: Record<string, Value> = {}, files: Record<string, string> = {}): Value {
  return evaluate(parseExpression(source), scopeOf(roots, files));
}

export function runRaw(raw: unknown, roots: Record<string, Value> = {}, files: Record<string, string> = {}): Value {
  return evaluateRaw(raw, scopeOf(roots, files));
}

/** Unresolved values as `{ unresolved: reason }`, so tables can compare whole results. */
export function plain(value: Value): unknown {
  if (value instanceof Unresolved) return { unresolved: value.reason };
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, plain(item)]));
  return value;
}
