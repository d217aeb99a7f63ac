import { describe, expect, test } from 'vitest';
import { Unresolved } from '../../../../src/model/index.js';
import {
  ExpressionSyntaxError,
  UNRESOLVED_CATEGORIES,
  categoryOf,
  evaluate,
  evaluateRaw,
  parseExpression,
  parseTemplate,
  ownKeyUse,
  planReferencesIn,
  traversalsIn,
  type CallNode,
  type ObjectNode,
  type TupleNode,
} from '../../../../parsers/terraform/expression/index.js';
import { plain, runRaw, scopeOf } from './helpers.js';

function syntaxError(source: string): ExpressionSyntaxError {
  try {
    parseExpression(source);
  } catch (error) {
    if (error instanceof ExpressionSyntaxError) return error;
    throw error;
  }
  throw new Error(`expected a syntax error for ${source}`);
}

describe('parseExpression: nodes and offsets', () => {
  test('object items carry their key text and the offsets of key and value', () => {
    const source = 'jsonencode({\n  Version = "2012-10-17"\n  "Statement" = [{ Effect = "Allow" }]\n  (local.k) = 1\n})';
    const call = parseExpression(source) as CallNode;
    expect(call.kind).toBe('call');
    const object = call.args[0] as ObjectNode;
    expect(object.items.map((item) => item.keyText)).toEqual(['Version', 'Statement', 'local.k']);
    const [version, statement, computed] = object.items;
    expect(source.slice(version.keyStart, version.keyEnd)).toBe('Version');
    expect(source.slice(version.valueStart, version.valueEnd)).toBe('"2012-10-17"');
    expect(source.slice(statement.keyStart, statement.keyEnd)).toBe('"Statement"');
    expect(source.slice(statement.valueStart, statement.valueEnd)).toBe('[{ Effect = "Allow" }]');
    expect(source.slice(computed.keyStart, computed.keyEnd)).toBe('(local.k)');
    const tuple = statement.value as TupleNode;
    expect(tuple.items.map((item) => source.slice(item.start, item.end))).toEqual(['{ Effect = "Allow" }']);
    const inner = tuple.items[0] as ObjectNode;
    expect(source.slice(inner.items[0].valueStart, inner.items[0].valueEnd)).toBe('"Allow"');
    expect(source.slice(call.start, call.end)).toBe(source);
  });

  test.each([
    ['a-b', { kind: 'traversal', root: 'a-b' }],
    ['a - b', { kind: 'binary', operator: '-' }],
    ['a.b[0].c', { kind: 'traversal', root: 'a' }],
    ['f(x)[0]', { kind: 'relative' }],
    ['a[*].b', { kind: 'splat' }],
    ['a.*.b', { kind: 'splat' }],
    ['(a)', { kind: 'parentheses' }],
    ['!a', { kind: 'unary', operator: '!' }],
    ['a ? b : c', { kind: 'conditional' }],
    ['[for x in y : x]', { kind: 'for', valueVar: 'x', keyVar: undefined, grouping: false }],
    ['{for k, v in y : k => v... if v}', { kind: 'for', valueVar: 'v', keyVar: 'k', grouping: true }],
    ['"a${b}"', { kind: 'template' }],
    ['1 == 2 || 3 < 4 && !false', { kind: 'binary', operator: '||' }],
    ['1 + 2 * 3', { kind: 'binary', operator: '+' }],
    ['[forx, format]', { kind: 'tuple' }],
  ])('%s', (source, shape) => {
    expect(parseExpression(source)).toMatchObject(shape);
  });

  test('parsed results are cached by source text', () => {
    expect(parseExpression('var.a.b')).toBe(parseExpression('var.a.b'));
    expect(parseTemplate('x ${var.a}')).toBe(parseTemplate('x ${var.a}'));
  });
});

describe('parseExpression: syntax errors', () => {
  test.each([
    ['', 'expected an expression but found the end of the text'],
    ['var.', 'expected a name but found end of expression'],
    ['[1, 2', 'expected "," or "]" but found end of expression'],
    ['[1, 2,', 'unterminated tuple: expected "]"'],
    ['{ a = 1', 'unterminated object: expected "}"'],
    ['{ a 1 }', 'expected "=" after the object key "a" but found "1 }"'],
    ['"abc', 'unterminated string: expected a closing quote'],
    ['"a\nb"', 'unterminated string: a quoted string cannot span lines'],
    ['"\\q"', 'invalid escape sequence \\q'],
    ['"${a"', 'expected "}" to close the template sequence but found """'],
    ['"%{ if a }x"', '%{if} without a matching %{endif}'],
    ['"%{ endif }"', 'unexpected %{endif} in the template'],
    ['"%{ while a }"', 'unknown template directive %{while}'],
    ['<<EOF\nno end', 'unterminated heredoc: no line closes <<EOF'],
    ['f(a...,b)', '"..." may only follow the last argument'],
    ['a b', 'unexpected "b" after the expression'],
    ['[for x y : x]', 'expected "in" in the for expression but found "y : x]"'],
    ['/* open', 'unterminated comment'],
    ['('.repeat(500) + '1' + ')'.repeat(500), 'expression nested too deeply'],
  ])('%j', (source, message) => {
    expect(syntaxError(source).message).toBe(message);
  });

  test('the error offset points at the problem', () => {
    expect(syntaxError('{ a = 1, b 2 }').offset).toBe(11);
  });
});

describe('malformed input never throws from evaluate or evaluateRaw', () => {
  test.each([
    ['${', 'syntax: expected an expression but found the end of the text at offset 2'],
    ['${var.a', 'syntax: expected "}" to close the template sequence but found end of expression at offset 7'],
    ['%{ if x }', 'syntax: %{if} without a matching %{endif} at offset 0'],
    ['${[for x in local.l : x', 'syntax: expected "]" but found end of expression at offset 23'],
  ])('%j', (raw, reason) => {
    expect(plain(runRaw(raw))).toEqual({ unresolved: reason });
  });

  test('a syntax error stays at its value: the rest of an object is still evaluated', () => {
    expect(plain(runRaw({ good: '${local.a}', bad: '${local.', list: ['x', '${'] }, { local: { a: 1 } }))).toEqual({
      good: 1,
      bad: { unresolved: 'syntax: expected a name but found end of expression at offset 8' },
      list: ['x', { unresolved: 'syntax: expected an expression but found the end of the text at offset 2' }],
    });
  });

  test('values hcl2json never produces are still handled', () => {
    expect(plain(evaluateRaw(undefined, scopeOf({})))).toEqual({ unresolved: 'type error: unexpected undefined in the parsed file' });
    expect(evaluateRaw({ n: 1.5, b: false, z: null, s: 'no templates {here}' }, scopeOf({}))).toEqual({ n: 1.5, b: false, z: null, s: 'no templates {here}' });
  });

  test('deeply nested values from the scope do not overflow jsonencode', () => {
    let deep: unknown = 'leaf';
    for (let level = 0; level < 5000; level++) deep = [deep];
    const result = evaluate(parseExpression('jsonencode(local.deep)'), scopeOf({ local: { deep: deep as never } }));
    expect(plain(result)).toEqual({ unresolved: 'limit: value nested too deeply for jsonencode' });
  });

  test('for expressions that would build huge results stop with a limit reason', () => {
    const big = Array.from({ length: 400 }, (_, index) => index);
    const result = evaluate(parseExpression('[for a in local.big : [for b in local.big : a * b]]'), scopeOf({ local: { big } }));
    expect(plain(result)).toEqual({ unresolved: 'limit: for expressions produce too many elements' });
  });

  test('a function that would build a list larger than the element budget stops with a limit reason', () => {
    // Locals that double a list (l1 = concat(local.l0, local.l0), ... l40) once crashed the process out of memory.
    const big = Array.from({ length: 50_001 }, (_, index) => index);
    const result = evaluate(parseExpression('concat(local.big, local.big)'), scopeOf({ local: { big } }));
    expect(plain(result)).toEqual({ unresolved: 'limit: concat: a list of 100,002 elements, more than deputy builds (100,000)' });
    const half = big.slice(1);
    expect((evaluate(parseExpression('concat(local.half, local.half)'), scopeOf({ local: { half } })) as unknown[]).length).toBe(100_000);
  });

  test('every reason the evaluator gives belongs to a listed category', () => {
    const sources = ['nowhere.x', 'md5(1)', 'local.m[local.u]', '1 / 0', 'local.u ? 1 : 2', 'file("x")'];
    const scope = scopeOf({ local: { m: {}, u: new Unresolved('unknown value: u') } });
    const reasons = sources.map((source) => (evaluate(parseExpression(source), scope) as Unresolved).reason);
    expect(reasons.map(categoryOf)).toEqual(['unknown reference', 'unsupported function', 'unresolvable index', 'type error', 'unknown value', 'unreadable file']);
    for (const category of reasons.map(categoryOf)) expect(UNRESOLVED_CATEGORIES).toContain(category);
    expect(categoryOf('something else')).toBeUndefined();
  });
});

describe('traversalsIn', () => {
  test.each([
    ['var.a.b[0]', [['var', 'a', 'b', 0]]],
    ['var.m["k"].x', [['var', 'm', 'k', 'x']]],
    ['var.m[each.key].arn', [['var', 'm'], ['each', 'key']]],
    ['aws_iam_role.svc[*].arn', [['aws_iam_role', 'svc']]],
    ['[for s in var.l : s.arn if s.on]', [['var', 'l']]],
    ['{ for k, v in local.m : k => "${v}-${var.p}" }', [['local', 'm'], ['var', 'p']]],
    ['"%{ for r in var.roles }${r}${local.sep}%{ endfor }"', [['var', 'roles'], ['local', 'sep']]],
    ['jsonencode({ (local.k) = data.aws_iam_policy_document.x.json })', [['local', 'k'], ['data', 'aws_iam_policy_document', 'x', 'json']]],
    ['var.on ? module.a.out : f(count.index)[path.module]', [['var', 'on'], ['module', 'a', 'out'], ['count', 'index'], ['path', 'module']]],
    ['1 + 2', []],
  ])('%s', (source, expected) => {
    expect(traversalsIn(parseExpression(source))).toEqual(expected);
  });
});

// Terraform lists the same references (`module.team`, `each.key`) for every one of these: only the text tells them apart.
describe('ownKeyUse', () => {
  test.each([
    ['aws_iam_role.r[each.key].arn', 'index'],
    ['module.team[each.key].role_arn', 'index'],
    ['aws_iam_role.r[count.index].arn', 'index'],
    ['aws_iam_role.r[(each.key)].arn', 'index'],
    ['aws_iam_role.r["${each.key}"].arn', 'index'],
    ['try(module.team[each.key].role_arn, null)', 'index'],
    ['coalesce(var.role_arn, aws_iam_role.r[each.key].arn)', 'index'],
    ['element(aws_iam_role.r[*].arn, count.index)', 'index'],
    ['lookup(module.team, each.key).role_arn', 'index'],
    ['{ for k, v in module.team : k => v.role_arn }[each.key]', 'derived'],
    ['reverse(aws_iam_role.r[*].arn)[count.index]', 'derived'],
    ['tolist(aws_iam_role.r[*].arn)[count.index]', 'index'],
    ['tolist(toset(aws_iam_role.r[*].arn))[count.index]', 'derived'],
    ['element(concat(var.extra, aws_iam_role.r[*].arn), count.index)', 'derived'],
    ['aws_iam_role.r.arn', 'none'],
    ['[for each in var.l : local.m[each.key]]', 'none'],
    ['aws_iam_role.r["${each.key}-admin"].arn', 'derived'],
    ['module.team[lower(each.key)].role_arn', 'derived'],
    ['aws_iam_role.r[count.index + 1].arn', 'derived'],
    ['aws_iam_role.r[(count.index + 1) % 2].arn', 'derived'],
    ['aws_iam_role.r[var.roles[each.key]].arn', 'derived'],
    ['aws_iam_role.r[local.roles[each.key]].arn', 'derived'],
    ['lookup(var.roles, each.key)', 'derived'],
    ['each.key == "a" ? aws_iam_role.a.arn : aws_iam_role.b.arn', 'derived'],
  ])('%s', (source, expected) => {
    expect(ownKeyUse(parseExpression(source))).toBe(expected);
  });
});

describe('planReferencesIn', () => {
  test.each([
    ['aws_iam_role.bad.arn', ['aws_iam_role.bad.arn', 'aws_iam_role.bad']],
    ['aws_iam_role.r[0].arn', ['aws_iam_role.r[0].arn', 'aws_iam_role.r[0]', 'aws_iam_role.r']],
    ['aws_iam_role.r["k"].arn', ['aws_iam_role.r["k"].arn', 'aws_iam_role.r["k"]', 'aws_iam_role.r']],
    ['data.aws_iam_role.e.arn', ['data.aws_iam_role.e.arn', 'data.aws_iam_role.e']],
    ['module.m.out', ['module.m.out', 'module.m']],
    // A module instance read by a key is listed down to the instance, not the module read whole.
    ['module.team["alpha"].role_arn', ['module.team["alpha"].role_arn', 'module.team["alpha"]']],
    ['module.team[each.key].role_arn', ['module.team', 'each.key']],
    // A variable, a local value and `each` are listed down to the value named, as a resource is (Terraform 1.11.4).
    ['local.roles.a', ['local.roles.a', 'local.roles']],
    ['"${local.l.d.n}-${local.l["m"]}-${var.list[0]}-${path.module}"', ['local.l.d.n', 'local.l.d', 'local.l', 'local.l["m"]', 'local.l', 'var.list[0]', 'var.list', 'path.module']],
    ['each.value.role', ['each.value.role', 'each.value']],
    // Each reference where it is written: one written twice is listed twice.
    ['var.a != null ? var.a : aws_iam_role.this[0].arn', ['var.a', 'var.a', 'aws_iam_role.this[0].arn', 'aws_iam_role.this[0]', 'aws_iam_role.this']],
    ['"${aws_iam_role.a.arn}-${aws_iam_role.a.name}-${aws_iam_role.a.arn}"', ['aws_iam_role.a.arn', 'aws_iam_role.a', 'aws_iam_role.a.name', 'aws_iam_role.a', 'aws_iam_role.a.arn', 'aws_iam_role.a']],
    // A splat and an index computed at plan end the static part, as Terraform lists them.
    ['aws_iam_role.r[*].arn', ['aws_iam_role.r']],
    ['aws_iam_role.r[var.i].arn', ['aws_iam_role.r', 'var.i']],
    ['[for r in aws_iam_role.all : r.arn]', ['aws_iam_role.all']],
  ])('%s', (source, expected) => {
    expect(planReferencesIn(parseExpression(source))).toEqual(expected);
  });
});
