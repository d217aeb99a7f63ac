import { describe, expect, test } from 'vitest';
import { Unresolved, type Value } from '../../../../src/model/index.js';
import { ExpressionSyntaxError, evaluate, evaluateRaw, parseExpression } from '../../../../parsers/terraform/expression/index.js';
import { scopeOf } from './helpers.js';

const seeds = [
  '${jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["s3:*"], Resource = "arn:aws:s3:::${var.b}/*" }] })}',
  '${var.on ? { a = 1 } : {}}',
  '%{ for k, v in var.m ~}${k}=${v}%{ endfor }',
  '${[for s in var.l : upper(s) if s != ""]}',
  '${{ for k, v in var.m : k => v... }}',
  '${format("%s-%05.1f", var.n, 1.5)}',
  '${concat(var.l, [<<EOF\nhello ${var.n}\nEOF\n])}',
  '${var.l[*].id} ${var.l.*.x[0]} ${var.m["k"]}',
  '${try(var.m.z, lookup(var.m, "q", -1 * 2 % 3))}',
  '$${esc} %%{esc} ${!var.on || 1 >= 2 && "a" == "b"}',
];
const alphabet = ['{', '}', '[', ']', '(', ')', '"', '$', '%', '~', '\\', '.', '*', ':', '?', '=', '>', '<', '!', ',', '#', '/', '\n', ' ', 'a', '1', '...', '<<EOF\n', 'for ', ' in ', '\u0001'];

function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

const roots: Record<string, Value> = { var: { b: 'bucket', on: true, m: { k: 'v', q: 1 }, l: ['x', 'y'], n: 3, u: new Unresolved('unknown value: u') } };

describe('mutated inputs never make the evaluator throw', () => {
  test('3000 mutations of real expressions', () => {
    const next = random(42);
    let syntaxErrors = 0;
    for (let round = 0; round < 3000; round++) {
      let text = seeds[Math.floor(next() * seeds.length)];
      const edits = 1 + Math.floor(next() * 4);
      for (let edit = 0; edit < edits; edit++) {
        const at = Math.floor(next() * (text.length + 1));
        if (next() < 0.5) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(next() * 3));
        else text = text.slice(0, at) + alphabet[Math.floor(next() * alphabet.length)] + text.slice(at);
      }
      const scope = scopeOf(roots);
      const raw = evaluateRaw(text, scope);
      expect(raw).toBeDefined();
      if (raw instanceof Unresolved && raw.reason.startsWith('syntax: ')) syntaxErrors++;
      try {
        expect(evaluate(parseExpression(text.replace(/^\$\{/, '').replace(/\}$/, '')), scope)).toBeDefined();
      } catch (error) {
        expect(error).toBeInstanceOf(ExpressionSyntaxError);
      }
    }
    // The mutations do exercise the error paths, not only valid text.
    expect(syntaxErrors).toBeGreaterThan(300);
  });
});
