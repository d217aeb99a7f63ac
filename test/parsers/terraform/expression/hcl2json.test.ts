import { parse } from '@cdktf/hcl2json';
import { beforeAll, describe, expect, test } from 'vitest';
import { OWNER_ACCOUNT, Unresolved, refMarker, type Value } from '../../../../src/model/index.js';
import { evaluate, evaluateRaw, parseExpression } from '../../../../parsers/terraform/expression/index.js';
import { plain, scopeOf } from './helpers.js';

const roots: Record<string, Value> = {
  var: { name: 'app', names: ['a', 'b'], tags: { Team: 'ml' }, on: true, empty: '', unknown: new Unresolved('unknown value: var.unknown') },
  local: { bucket: 'data' },
  data: { aws_caller_identity: { current: { account_id: OWNER_ACCOUNT } } },
  aws_iam_role: { worker: { arn: refMarker('aws_iam_role.worker', 'arn') } },
};

/**
 * Attribute values as HCL source. Each is read twice: by hcl2json (which pre-processes literals, escapes, heredocs
 * and strip markers, and returns the rest as `${...}` source strings) then evaluateRaw, and directly by
 * parseExpression. Both roads must agree.
 */
const snippets: string[] = [
  '"$${literal} %%{literal}"',
  '"a$b%c$"',
  '"say \\"hi\\" \\\\ \\u00e9 ${var.name}"',
  '"${var.name}"',
  '"${var.names}"',
  '"${var.name} "',
  '"  ${ var.name }  "',
  '"${var.name}${var.name}"',
  '"%{ if var.on }yes%{ else }no%{ endif }"',
  '"a  %{ if true ~}  x  %{~ endif }  b"',
  '"x ${~ var.name ~} y"',
  '"%{ for i, n in var.names }${i}=${n};%{ endfor }"',
  '"${var.on ? "x" : "y"}-${var.name}"',
  '"${var.unknown ? "x" : "y"}"',
  '"${var.unknown ? "x" : "y"}-${var.name}"',
  '"${var.unknown ? "same" : "same"}"',
  '"outer ${"nested ${var.name}"}"',
  '"${1 + 2}"',
  '<<EOF\n{\n  "Arn": "${aws_iam_role.worker.arn}",\n  "Esc": "$${x}"\n}\nEOF',
  '<<-EOT\n    hello ${var.name}\n      indented\n\n    end\n    EOT',
  '<<-EOT\n  ${var.name}\n  %{ for s in var.names ~}\n  - ${s}\n  %{ endfor ~}\n  EOT',
  '<<EOT\n%{ for s in var.names ~}\n  ${s}\n%{ endfor ~}\nEOT',
  '<<-EOT\n\t\tTabbed ${var.name}\n\t\tEOT',
  '<<-EOT\n    a\n  ${var.name}\n    b\n    EOT',
  '<<-EOT\n    a\n      \n    b\n    EOT',
  '<<-EOT\n    a\n  \n    b\n    EOT',
  '<<-EOT\n    %{ if var.on ~}\n    yes\n    %{~ endif }\n    EOT',
  '<<EOT\n  a ${~ var.name ~}\n  b\nEOT',
  '{\n    a = 1 # comment\n    // other\n    b = var.name /* inline */\n  }',
  '{ "quoted key" = 1, (var.name) = 2, "k${var.name}" = 3, "$${esc}" = 4 }',
  '[1, "a", var.name, "${var.name}-z", true, null]',
  '[for s in var.names : upper(s) if s != ""]',
  '{ for k, v in var.tags : k => v... }',
  'var.on ? {\n    a = 1\n  } : {}',
  'jsonencode({\n    # a comment\n    Action = "s3:*" // another\n    /* block */\n    Resource = "arn:aws:s3:::${local.bucket}/*"\n    Q = "say \\"hi\\" \\\\ \\u00e9 $${lit} %%{lit} \\n"\n  })',
  'concat(var.names, [<<EOF\nhello ${var.name}\nEOF\n  ])',
  '1e3',
  '10000000000000000000000',
  '-5',
  '0.1',
  '{ a = "x" }.a',
  '"${ {a=1} }"',
  'data.aws_caller_identity.current.account_id',
  '"arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"',
  'format("%s:%s", var.unknown, var.name)',
  'coalesce(var.empty, var.name)',
];

const shapes: Array<[string, unknown]> = [
  ['"$${literal}"', '${literal}'],
  ['"${var.names}"', ['a', 'b']],
  ['"${var.name} "', 'app '],
  ['<<-EOT\n  ${var.name}\n  %{ for s in var.names ~}\n  - ${s}\n  %{ endfor ~}\n  EOT', 'app\n  - a\n  - b\n'],
  ['{ "$${esc}" = 4, "k${var.name}" = 3 }', { '${esc}': 4, kapp: 3 }],
  ['var.unknown', { unresolved: 'unknown value: var.unknown' }],
  ['var.names[5]', { unresolved: 'type error: index 5 out of range for a list of 2' }],
];

let parsed: Record<string, unknown>;

beforeAll(async () => {
  const all = [...snippets, ...shapes.map(([snippet]) => snippet)];
  const hcl = `locals {\n${all.map((snippet, index) => `  v${index} = ${snippet}\n`).join('')}}\n`;
  const output = (await parse('snippets.tf', hcl)) as { locals: Array<Record<string, unknown>> };
  parsed = output.locals[0];
}, 60_000);

/**
 * A value as `plain` gives it, without how the source writes its pieces not known: hcl2json rewrites a conditional
 * inside a template as an %{if} directive, whose piece is shown otherwise.
 */
function asEvaluated(value: unknown): unknown {
  const evaluated = plain(value as Value);
  if (typeof evaluated === 'string') return evaluated.replace(/\uE003[^\u0002]*/g, '');
  if (Array.isArray(evaluated)) return evaluated.map(asEvaluated);
  if (evaluated !== null && typeof evaluated === 'object') return Object.fromEntries(Object.entries(evaluated).map(([key, item]) => [key, asEvaluated(item)]));
  return evaluated;
}

describe('hcl2json output evaluates like the source expression', () => {
  test.each(snippets.map((snippet, index) => [snippet, index] as const))('%s', (snippet, index) => {
    const raw = parsed[`v${index}`];
    const direct = evaluate(parseExpression(snippet), scopeOf(roots));
    expect(asEvaluated(evaluateRaw(raw, scopeOf(roots)))).toEqual(asEvaluated(direct));
  });
});

describe('hcl2json shapes', () => {
  test.each(shapes.map(([snippet, expected], index) => [snippet, expected, snippets.length + index] as const))('%s', (_snippet, expected, index) => {
    expect(plain(evaluateRaw(parsed[`v${index}`], scopeOf(roots)))).toEqual(expected);
  });
});
