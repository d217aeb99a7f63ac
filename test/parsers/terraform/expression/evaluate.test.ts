import { describe, expect, test } from 'vitest';
import { OWNER_ACCOUNT, OWNER_PARTITION, OWNER_REGION, Unresolved, choiceText, refMarker, unresolvedMarker, type Value } from '../../../../src/model/index.js';
import { evaluate, parseExpression } from '../../../../parsers/terraform/expression/index.js';
import { inputNotGiven } from '../../../../parsers/terraform/expression/reasons.js';
import { plain, run, scopeOf } from './helpers.js';

const roots: Record<string, Value> = {
  var: {
    name: 'app',
    names: ['a', 'b', 'c'],
    tags: { Team: 'ml', Env: 'prod' },
    on: true,
    off: false,
    count: 3,
    numeric: '5',
    nested: { list: [{ id: 'x', arn: 'arn:x' }, { id: 'y', arn: 'arn:y' }] },
    nothing: null,
    unknown: new Unresolved('unknown value: var.unknown has no value'),
    statements: [{ actions: ['s3:GetObject'] }, { actions: ['s3:PutObject', 's3:GetObject'] }],
  },
  local: { prefix: 'dep', key: 'Team' },
  data: { aws_caller_identity: { current: { account_id: OWNER_ACCOUNT } }, aws_region: { current: { name: OWNER_REGION } }, aws_partition: { current: { partition: OWNER_PARTITION } } },
  aws_iam_role: { worker: { arn: refMarker('aws_iam_role.worker', 'arn'), name: refMarker('aws_iam_role.worker', 'name') } },
  count: { index: 1 },
  each: { key: 'Env', value: 'prod' },
};

const cases: Array<[string, unknown]> = [
  // literals
  ['42', 42],
  ['1.5e3', 1500],
  ['true', true],
  ['null', null],
  ['"plain"', 'plain'],
  ['"esc \\"q\\" \\\\ \\n \\t \\u00e9 \\U0001F600"', 'esc "q" \\ \n \t é 😀'],
  ['"$${not} %%{not}"', '${not} %{not}'],
  ['"a$b%c"', 'a$b%c'],
  // templates
  ['"${var.name}-role-${count.index}"', 'app-role-1'],
  ['"${var.names}"', ['a', 'b', 'c']],
  ['"${var.count}"', 3],
  ['"n=${var.count} b=${var.on} f=${1.5} big=${1e22}"', 'n=3 b=true f=1.5 big=10000000000000000000000'],
  ['"${var.names} "', { unresolved: 'type error: an interpolated value must be a string, not a list' }],
  ['"x${var.nothing}"', { unresolved: 'type error: an interpolated value is null' }],
  ['"outer ${"inner ${var.name}"}"', 'outer inner app'],
  ['"%{ if var.on }yes%{ else }no%{ endif }"', 'yes'],
  ['"%{ if var.off }yes%{ endif }!"', '!'],
  ['"%{ for i, n in var.names }${i}${n},%{ endfor }"', '0a,1b,2c,'],
  ['"%{ for k, v in var.tags }${k}=${v};%{ endfor }"', 'Env=prod;Team=ml;'],
  ['"a  %{~ if true ~}  b  %{~ endif ~}  c"', 'abc'],
  ['"a ${~ "x" ~} b"', 'axb'],
  ['"%{ for n in var.names ~} ${n}, %{~ endfor }"', 'a,b,c,'],
  ['<<EOT\n%{ for n in var.names ~}\n${n}\n%{ endfor ~}\nEOT\n', 'a\nb\nc\n'],
  // HCL reads heredocs line by line: `~` trims only the neighbouring line piece, so the indentation survives.
  ['<<EOT\n%{ for n in var.names ~}\n  ${n}\n%{ endfor ~}\nEOT\n', '  a\n  b\n  c\n'],
  ['<<EOF\n{\n  "a": "${var.name}"\n}\nEOF\n', '{\n  "a": "app"\n}\n'],
  ['<<-EOT\n    first ${var.name}\n      indented\n\n    last\n    EOT\n', 'first app\n  indented\n\nlast\n'],
  ['concat([<<EOF\nx ${var.name}\nEOF\n  ], ["y"])', ['x app\n', 'y']],
  // collections
  ['[1, "a", [true], {}]', [1, 'a', [true], {}]],
  ['[]', []],
  ['[1, 2,]', [1, 2]],
  ['{ a = 1, "b c" = 2, (local.key) = 3, "${local.prefix}-k" = 4 }', { a: 1, 'b c': 2, Team: 3, 'dep-k': 4 }],
  ['{\n  a = 1 # one\n  // two\n  b = 2 /* three */\n  c: 3\n}', { a: 1, b: 2, c: 3 }],
  ['{ var = 1, local = "x" }', { var: 1, local: 'x' }],
  ['{ a = 1, a = 2 }.a', 2],
  // references and traversal
  ['var.tags.Team', 'ml'],
  ['var.tags["Env"]', 'prod'],
  ['var.tags[local.key]', 'ml'],
  ['var.tags[each.key]', 'prod'],
  ['var.names[count.index]', 'b'],
  ['var.names["2"]', 'c'],
  ['var.names.2', 'c'],
  ['var.nested.list.1.id', 'y'],
  ['var.nested.list[0]["arn"]', 'arn:x'],
  ['var.names[3]', { unresolved: 'type error: index 3 out of range for a list of 3' }],
  ['var.names[-1]', { unresolved: 'type error: index -1 out of range for a list of 3' }],
  ['var.names[0.5]', { unresolved: 'type error: list index 0.5 is not a whole number' }],
  ['var.tags.Missing', { unresolved: 'type error: no attribute "Missing"' }],
  ['var.tags["Missing"]', { unresolved: 'type error: no attribute "Missing"' }],
  ['{ a = 1 }[var.name]', { unresolved: 'type error: no key "app"' }],
  ['var.nothing.x', { unresolved: 'type error: attribute "x" of a null value' }],
  ['var.name.x', { unresolved: 'type error: attribute "x" of the string "app"' }],
  ['var.tags[aws_iam_role.worker.name]', { unresolved: 'unresolvable index: unknown value: ${aws_iam_role.worker.name}' }],
  ['var.tags[var.unknown]', { unresolved: 'unresolvable index: unknown value: var.unknown has no value' }],
  ['var.unknown.attr[0]', { unresolved: 'unknown value: var.unknown has no value' }],
  ['module.network.vpc_id', { unresolved: 'unknown reference: module.network.vpc_id' }],
  ['[1, 2, 3][1]', 2],
  ['{ a = { b = "c" } }.a.b', 'c'],
  ['upper("x").y', { unresolved: 'type error: attribute "y" of the string "X"' }],
  // splats
  ['var.nested.list[*].id', ['x', 'y']],
  ['var.nested.list.*.arn', ['arn:x', 'arn:y']],
  ['var.nested.list.*.id[1]', 'y'],
  ['var.nested.list[*].id[1]', [{ unresolved: 'type error: index into the string "x"' }, { unresolved: 'type error: index into the string "y"' }]],
  ['var.statements[*].actions[0]', ['s3:GetObject', 's3:PutObject']],
  ['var.nothing[*].id', []],
  ['var.tags[*].Team', ['ml']],
  ['var.unknown[*].id', { unresolved: 'unknown value: var.unknown has no value' }],
  ['length(var.nested.list[*])', 2],
  // operators
  ['1 + 2 * 3 - 4 / 2', 5],
  ['(1 + 2) * 3', 9],
  ['7 % 3', 1],
  ['-7 % 3', -1],
  ['var.numeric + 1', 6],
  ['1 / 0', { unresolved: 'type error: division by zero' }],
  ['- var.count', -3],
  ['!var.on', false],
  ['!"true"', false],
  ['"a" + 1', { unresolved: 'type error: the left operand of + must be a number, not the string "a"' }],
  ['1 < 2 && 2 <= 2 && 3 > 2 && 3 >= 4', false],
  ['1 == 1.0', true],
  ['1 == "1"', false],
  ['[1, "a"] == [1, "a"]', true],
  ['{ a = 1 } != { a = 1 }', false],
  ['var.nothing == null', true],
  // A list, object or text that is there is not null, whatever it holds that is not known; a value wholly unknown may be.
  ['{ a = var.unknown } != null', true],
  ['[aws_iam_role.worker.arn] == null', false],
  ['"${aws_iam_role.worker.arn}-x" == null', false],
  ['null == null', true],
  // A resource's arn or id is known only after apply, but apply always sets it: never null, never empty.
  ['aws_iam_role.worker.arn != null', true],
  ['aws_iam_role.worker.arn == ""', false],
  // Other attributes may be null or empty after apply.
  ['aws_iam_role.worker.name != null', { unresolved: 'unknown value: ${aws_iam_role.worker.name}' }],
  ['var.on || var.unknown', true],
  ['var.off && var.unknown', false],
  ['var.on && var.unknown', { unresolved: 'unknown value: var.unknown has no value' }],
  ['data.aws_caller_identity.current.account_id == "123456789012"', { unresolved: 'unknown value: ${AWS::AccountId}' }],
  ['aws_iam_role.worker.arn == aws_iam_role.worker.arn', true],
  // Known pieces a text known cannot fill tell them apart, whatever the rest is.
  ['jsonencode(aws_iam_role.worker) == "{}"', false],
  ['"arn:${aws_iam_role.worker.name}" != "role"', true],
  ['"arn:${aws_iam_role.worker.name}" == "arn:x"', { unresolved: 'unknown value: arn:${aws_iam_role.worker.name}' }],
  ['var.name == var.unknown', { unresolved: 'unknown value: var.unknown has no value' }],
  ['!var.name', { unresolved: 'type error: the operand of ! must be a bool, not the string "app"' }],
  // conditionals
  ['var.on ? "y" : "n"', 'y'],
  ['var.off ? "y" : var.on ? "m" : "n"', 'm'],
  ['var.count > 2 ? { a = 1 } : {}', { a: 1 }],
  ['var.unknown ? "same" : "same"', 'same'],
  ['var.unknown ? "y" : "n"', { unresolved: 'unknown value: var.unknown has no value' }],
  ['var.name ? 1 : 2', { unresolved: 'type error: the condition must be a bool, not the string "app"' }],
  ['var.on ? var.tags.Team : var.tags.Missing', 'ml'],
  ['var.on ? 1 : "one"', '1'],
  ['var.off ? "yes" : false', 'false'],
  ['var.on ? 1 : 2', 1],
  ['var.on ? true : null', true],
  // for expressions
  ['[for n in var.names : upper(n)]', ['A', 'B', 'C']],
  ['[for i, n in var.names : "${i}:${n}" if i != 1]', ['0:a', '2:c']],
  ['{ for k, v in var.tags : lower(k) => v }', { env: 'prod', team: 'ml' }],
  ['{ for n in ["a", "b", "a"] : n => n... }', { a: ['a', 'a'], b: ['b'] }],
  ['{ for n in ["a", "b", "a"] : n => n }', { unresolved: 'type error: duplicate key "a" in a for expression (use ... to group)' }],
  ['[for s in var.statements : s.actions]', [['s3:GetObject'], ['s3:PutObject', 's3:GetObject']]],
  ['[for k, v in { b = 2, a = 1 } : k]', ['a', 'b']],
  // A set's key is the element itself, a list's its index (terraform 1.11 agrees).
  ['[for k, v in toset(["b", "a"]) : k]', ['a', 'b']],
  ['[for k, v in tolist(toset(["b", "a"])) : k]', [0, 1]],
  ['"%{ for k, v in toset(["b", "a"]) }${k}=${v};%{ endfor }"', 'a=a;b=b;'],
  ['[for var in ["shadow"] : var]', ['shadow']],
  ['[for each in [1, 2] : each * 10]', [10, 20]],
  ['[for n in var.unknown : n]', { unresolved: 'unknown value: var.unknown has no value' }],
  ['[for n in "abc" : n]', { unresolved: 'type error: the for collection must be a list or map, not the string "abc"' }],
  ['[for n in var.names : n if n == var.unknown]', { unresolved: 'unknown value: var.unknown has no value' }],
  ['[for x in [[1, 2], [3]] : [for y in x : y * 2]]', [[2, 4], [6]]],
  ['{ for k, v in var.tags : v => k if k == "Team" }', { ml: 'Team' }],
];

describe('evaluate: constructs', () => {
  test.each(cases)('%s', (source, expected) => {
    expect(plain(run(source, roots))).toEqual(expected);
  });
});

describe('evaluate: markers and unknown values', () => {
  const markerCases: Array<[string, Value]> = [
    ['"arn:${data.aws_caller_identity.current.account_id}:x"', `arn:${OWNER_ACCOUNT}:x`],
    ['upper("arn:${data.aws_caller_identity.current.account_id}:x")', `ARN:${OWNER_ACCOUNT}:X`],
    ['lower("ARN:${data.aws_region.current.name}")', `arn:${OWNER_REGION}`],
    ['join("/", [aws_iam_role.worker.arn, "x"])', `${refMarker('aws_iam_role.worker', 'arn')}/x`],
    ['format("%s/%s", aws_iam_role.worker.name, var.name)', `${refMarker('aws_iam_role.worker', 'name')}/app`],
    ['replace("${data.aws_caller_identity.current.account_id}-Account", "Account", "acct")', `${OWNER_ACCOUNT}-acct`],
    ['replace("${data.aws_region.current.name}.x", "/\\\\./", "_")', `${OWNER_REGION}_x`],
    ['split(".", "a.${data.aws_region.current.name}.b")', ['a', OWNER_REGION, 'b'] as Value],
    // A separator or pattern that may reach into some region (us-east-2 holds "2") makes the value not known.
    ['split("2", data.aws_region.current.name)', new Unresolved('unknown value: split of ${AWS::Region}')],
    ['replace("x${data.aws_region.current.name}", "/-2$/", "")', new Unresolved('unknown value: replace of x${AWS::Region}')],
    ['split("1.", "${data.aws_region.current.name}.b")', new Unresolved('unknown value: split of ${AWS::Region}.b')],
    ['replace(data.aws_region.current.name, "/_*/", "x")', new Unresolved('unknown value: replace of ${AWS::Region}')],
    // So does one that may reach into the account id or the partition (aws-us-gov), or run across them.
    ['split("1", data.aws_caller_identity.current.account_id)', new Unresolved('unknown value: split of ${AWS::AccountId}')],
    ['split("-", "arn:${data.aws_partition.current.partition}:iam::x:role/a-b")', new Unresolved('unknown value: split of arn:${AWS::Partition}:iam::x:role/a-b')],
    ['replace("arn:${data.aws_partition.current.partition}:iam::x:role/a", "/^[^/]+//", "")', new Unresolved('unknown value: replace of arn:${AWS::Partition}:iam::x:role/a')],
    ['split("/", "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:role/a-b")', [`arn:${OWNER_PARTITION}:iam::${OWNER_ACCOUNT}:role`, 'a-b']],
    ['trimspace("  ${data.aws_region.current.name}  ")', OWNER_REGION],
    ['"${var.unknown}-suffix"', `${unresolvedMarker('unknown value: var.unknown has no value')}-suffix`],
    ['"x-${nowhere.y}"', `x-${unresolvedMarker('unknown reference: nowhere.y')}`],
    ['"${var.unknown}"', new Unresolved('unknown value: var.unknown has no value')],
    ['"%{ if var.unknown }a%{ else }b%{ endif }"', new Unresolved('unknown value: var.unknown has no value')],
    ['"x-%{ if var.unknown }a%{ else }b%{ endif }"', `x-${unresolvedMarker('unknown value: var.unknown has no value')}`],
    ['"%{ if var.unknown }same%{ else }same%{ endif }"', 'same'],
    ['"[%{ for n in var.unknown }${n}%{ endfor }]"', `[${unresolvedMarker('unknown value: var.unknown has no value')}]`],
    ['[var.unknown, "a"]', [new Unresolved('unknown value: var.unknown has no value'), 'a']],
    ['{ a = var.unknown }', { a: new Unresolved('unknown value: var.unknown has no value') }],
    ['{ (var.unknown) = 1 }', { [unresolvedMarker('unknown value: var.unknown has no value')]: 1 }],
    ['"${OWNER}"', new Unresolved('unknown reference: OWNER')],
    ['"arn:${data.aws_caller_identity.current.account_id}" == "arn:${data.aws_caller_identity.current.account_id}"', true],
    // The owner's symbols are known when Terraform plans: they key objects and index them; a resource attribute does not.
    ['{ for a in [data.aws_caller_identity.current.account_id] : a => "owner" }', { [OWNER_ACCOUNT]: 'owner' }],
    ['zipmap([data.aws_region.current.name], ["here"])', { [OWNER_REGION]: 'here' }],
    ['{ for a in [data.aws_caller_identity.current.account_id] : a => "owner" }[data.aws_caller_identity.current.account_id]', 'owner'],
    ['{ for a in [aws_iam_role.worker.arn] : a => "role" }', new Unresolved('unknown value: ${aws_iam_role.worker.arn}')],
  ];
  test.each(markerCases)('%s', (source, expected) => {
    expect(run(source, roots)).toEqual(expected);
  });

  test("the payload of the owner's symbol is never rewritten by lower/upper", () => {
    const result = run('upper(data.aws_region.current.name)', roots) as string;
    expect(result).toBe(OWNER_REGION);
  });

  // A resource attribute's value is not known: a function that computes its result from the attribute's text may change
  // any of it, so what it gives is not the attribute (a lone marker would link to the resource), and a piece of text it
  // gives is not the attribute's value either.
  const arn = refMarker('aws_iam_role.worker', 'arn');
  const rewritten = (what: string, text = '${aws_iam_role.worker.arn}') => new Unresolved(`unknown value: ${what} of ${text}`);
  test.each<[string, Value]>([
    // replace, whether by a substring or a pattern, and whether or not the search text is written in the literal text
    ['replace(aws_iam_role.worker.arn, "role/", "role/other-")', rewritten('replace')],
    ['replace(aws_iam_role.worker.arn, "/role\\\\//", "role/other-")', rewritten('replace')],
    ['replace("${aws_iam_role.worker.arn}/*", "/*", "")', rewritten('replace', '${aws_iam_role.worker.arn}/*')],
    // case, a role's ARN in another case being another text
    ['lower(aws_iam_role.worker.arn)', rewritten('lower')],
    ['upper("arn-${aws_iam_role.worker.arn}")', rewritten('upper', 'arn-${aws_iam_role.worker.arn}')],
    // trimspace removes what whitespace the value has at its ends: without the ARN's text (`Scope.arnText`) the
    // evaluator does not know that an attribute has none
    ['trimspace(aws_iam_role.worker.arn)', rewritten('trimspace')],
    // split: how many pieces, and what each is, turn on where the value holds the separator
    ['split(":", aws_iam_role.worker.arn)', rewritten('split')],
    ['basename(aws_iam_role.worker.arn)', rewritten('basename')],
    // a format verb that pads, cuts, quotes or reads the value as a number writes a piece of text not known
    ['format("%.20s", aws_iam_role.worker.arn)', unresolvedMarker(rewritten("format's %.20s"))],
    ['format("%90s", aws_iam_role.worker.arn)', unresolvedMarker(rewritten("format's %90s"))],
    ['format("[%q]", aws_iam_role.worker.arn)', `[${unresolvedMarker(rewritten("format's %q"))}]`],
    ['format("%x-%s", aws_iam_role.worker.arn, aws_iam_role.worker.arn)', `${unresolvedMarker(rewritten("format's %x"))}-${arn}`],
    // a piece not known is no more the same piece once rewritten
    ['lower("${var.unknown}-ML")', rewritten('lower', '<unresolved: unknown value: var.unknown has no value>-ML')],
  ])('%s: computed from a text not known, so not known itself', (source, expected) => {
    expect(run(source, roots)).toEqual(expected);
  });

  test.each<[string, Value]>([
    // A template of one interpolation is the value itself, unconverted (Terraform's rule for `"${x}"`).
    ['"${aws_iam_role.worker.arn}"', arn],
    // %s and %v with no width or precision write a string as it is: format("%s", x) is x.
    ['format("%s", aws_iam_role.worker.arn)', arn],
    ['format("%v", aws_iam_role.worker.arn)', arn],
    // join of one element is that element, whatever the separator, which joins only between elements.
    ['join("", [aws_iam_role.worker.arn])', arn],
    ['join(",", [aws_iam_role.worker.arn])', arn],
    // A conversion to its own type and a choice among values give one of the values.
    ['tostring(aws_iam_role.worker.arn)', arn],
    ['coalesce("", aws_iam_role.worker.arn)', arn],
    ['try(aws_iam_role.worker.arn, "")', arn],
    ['element([aws_iam_role.worker.arn], 0)', arn],
    ['lookup({ a = aws_iam_role.worker.arn }, "a")', arn],
    // Text written beside the value leaves the value's piece as it is: the piece is still the ARN, the whole is not.
    ['format("%s-v2", aws_iam_role.worker.arn)', `${arn}-v2`],
    ['join("/", [aws_iam_role.worker.arn, "x"])', `${arn}/x`],
    // Removing an affix written out leaves the value, and a replacement may be the value.
    ['trimsuffix("${aws_iam_role.worker.arn}-v2", "-v2")', arn],
    ['replace("arn:NAME", "NAME", aws_iam_role.worker.arn)', `arn:${arn}`],
  ])('%s: the reference itself, or text holding it as it is', (source, expected) => {
    expect(run(source, roots)).toEqual(expected);
  });

  test.each(['title', 'chomp', 'base64encode'].map((name) => `${name}(aws_iam_role.worker.arn)`).concat(['substr(aws_iam_role.worker.arn, 0, 5)', 'trim(aws_iam_role.worker.arn, "/")', 'regex(".*", aws_iam_role.worker.arn)', 'regexall(".*", aws_iam_role.worker.arn)', 'trimprefix(aws_iam_role.worker.arn, "arn:")']))(
    '%s is not known either',
    (source) => {
      expect(run(source, roots)).toBeInstanceOf(Unresolved);
    },
  );

  test("a set holding the owner's partition has no known order where the partition decides it: its elements are known, their positions not", () => {
    const scope = { ...roots, p: OWNER_PARTITION };
    const set = 'toset(["arn:aws:iam::aws:policy/AdministratorAccess", "arn:${p}:iam::aws:policy/ReadOnlyAccess"])';
    const unknownPosition = new Unresolved('unknown value: the order of a set with elements known only when Terraform plans is not known statically');
    expect(run(`length(tolist(${set}))`, scope)).toBe(2);
    for (const positional of [`tolist(${set})[0]`, `element(tolist(${set}), 0)`, `[for arn in ${set} : arn][1]`, `concat(tolist(${set}), ["x"])[0]`, `distinct(tolist(${set}))[0]`, `flatten([tolist(${set})])[1]`, `compact(tolist(${set}))[0]`]) {
      expect(run(positional, scope)).toEqual(unknownPosition);
    }
    // Where every element shares the partition, the text after it decides, as it does for Terraform.
    expect(run('tolist(toset(["arn:${p}:iam::aws:policy/b", "arn:${p}:iam::aws:policy/a"]))[0]', scope)).toBe(`arn:${OWNER_PARTITION}:iam::aws:policy/a`);
    expect(run('tolist(toset(["b", "a"]))[0]', roots)).toBe('a');
  });

  test('unknown partitions keep their marker in jsonencode, and the JSON stays valid once markers are swapped', () => {
    const text = run('jsonencode({ Resource = "arn:${p}:s3:::b", Other = var.unknown })', { ...roots, p: OWNER_PARTITION }) as string;
    expect(text).toContain(OWNER_PARTITION);
    const swapped = text.replace(/\u0001/g, '<').replace(/\u0002/g, '>');
    expect(Object.keys(JSON.parse(swapped) as object)).toEqual(['Other', 'Resource']);
  });
});

describe('evaluate: the choices of a conditional whose condition awaits an input', () => {
  const a = refMarker('aws_iam_role.a', 'arn');
  const b = refMarker('aws_iam_role.b', 'arn');
  // var.unknown stands for a root variable given no value: the deployer chooses which way its conditions go.
  const choiceRoots: Record<string, Value> = { ...roots, var: { ...(roots.var as Record<string, Value>), unknown: inputNotGiven('unknown') }, aws_iam_role: { a: { arn: a, unique_id: refMarker('aws_iam_role.a', 'unique_id') }, b: { arn: b } } };
  const choices = (source: string, extra: Record<string, Value> = {}) => {
    const value = evaluate(parseExpression(source), scopeOf({ ...choiceRoots, ...extra }), source);
    return value instanceof Unresolved ? value.choices?.map(({ value: chosen, when }) => ({ value: chosen, when: choiceText(when) })) : value;
  };

  test('keeps each branch, with the condition as written and which way it goes', () => {
    expect(choices('var.unknown ? aws_iam_role.a.arn : aws_iam_role.b.arn')).toEqual([
      { value: a, when: 'var.unknown is true' },
      { value: b, when: 'var.unknown is false' },
    ]);
    expect(choices('var.unknown == "prod" ? aws_iam_role.a.arn : (var.unknown == "dev" ? aws_iam_role.b.arn : "x")')).toEqual([
      { value: a, when: 'var.unknown == "prod" is true' },
      { value: b, when: 'var.unknown == "prod" is false and var.unknown == "dev" is true' },
      { value: 'x', when: 'var.unknown == "prod" is false and var.unknown == "dev" is false' },
    ]);
  });

  test('says what an equality of an expression with a literal compares, and keeps no branch under two literals at once', () => {
    const terms = (source: string) => {
      const value = evaluate(parseExpression(source), scopeOf(choiceRoots), source);
      return value instanceof Unresolved ? value.choices?.map(({ when }) => when) : value;
    };
    const compared = (condition: string, subject: string, value: string | number | boolean, equal: boolean) => [
      [{ condition, holds: true, compares: { subject, value, equal } }],
      [{ condition, holds: false, compares: { subject, value, equal } }],
    ];
    expect(terms('var.unknown == "prod" ? aws_iam_role.a.arn : aws_iam_role.b.arn')).toEqual(compared('var.unknown == "prod"', 'var.unknown', 'prod', true));
    expect(terms('("prod" != (var.unknown)) ? aws_iam_role.a.arn : aws_iam_role.b.arn')).toEqual(compared('("prod" != (var.unknown))', 'var.unknown', 'prod', false));
    expect(terms('var.unknown == 2 ? aws_iam_role.a.arn : aws_iam_role.b.arn')).toEqual(compared('var.unknown == 2', 'var.unknown', 2, true));
    // Not an equality with a literal: the condition is known by its text alone.
    for (const condition of ['var.unknown', 'var.unknown == var.name', 'var.unknown == "${var.name}x"', 'var.unknown == null', 'var.unknown == "a" && var.on']) {
      expect(terms(`${condition} ? aws_iam_role.a.arn : aws_iam_role.b.arn`)).toEqual([[{ condition, holds: true }], [{ condition, holds: false }]]);
    }
    expect(choices('var.unknown == "prod" ? (var.unknown == "dev" ? aws_iam_role.a.arn : aws_iam_role.b.arn) : "x"')).toEqual([
      { value: b, when: 'var.unknown == "prod" is true and var.unknown == "dev" is false' },
      { value: 'x', when: 'var.unknown == "prod" is false' },
    ]);
  });

  test('keeps none where the condition is known only after apply or not computed: it may go one way only', () => {
    expect(choices('aws_iam_role.a.unique_id != "" ? aws_iam_role.a.arn : aws_iam_role.b.arn')).toBeUndefined();
    // An invalid value given: Terraform refuses the configuration, and the deployer chooses nothing.
    expect(choices('var.invalid ? aws_iam_role.a.arn : aws_iam_role.b.arn', { var: { ...(roots.var as Record<string, Value>), invalid: new Unresolved('variable: the value given for var.invalid is invalid') } })).toBeUndefined();
    expect(choices('length(aws_iam_role.a.unique_id) > 64 ? aws_iam_role.a.arn : aws_iam_role.b.arn')).toBeUndefined();
    // Under an input's choice, such a branch is a value not known, not either role.
    expect(choices('var.unknown ? (aws_iam_role.a.unique_id == "" ? aws_iam_role.a.arn : aws_iam_role.b.arn) : "x"')).toEqual([
      { value: expect.any(Unresolved), when: 'var.unknown is true' },
      { value: 'x', when: 'var.unknown is false' },
    ]);
  });

  test('concat of lists written out and one not known holds their entries, and more (`Unresolved.more`)', () => {
    const known = (source: string) => {
      const value = evaluate(parseExpression(source), scopeOf(choiceRoots), source);
      return value instanceof Unresolved ? { choices: value.choices, entries: value.entries, more: value.more } : value;
    };
    expect(known('concat(["x"], var.unknown, [aws_iam_role.a.arn])')).toEqual({ choices: undefined, entries: ['x', a], more: true });
    // A list on a condition known only after apply holds its entries, whichever it is.
    expect(known('concat(aws_iam_role.a.unique_id != "" ? [aws_iam_role.a.arn] : [aws_iam_role.a.arn, "x"], ["y"])')).toEqual({ choices: undefined, entries: [a, 'y'], more: true });
    // Nothing known beside it, or a list a conditional the deployer decides chooses: as before, no entry.
    expect(known('concat(var.unknown, [])')).toEqual({ choices: undefined, entries: undefined, more: undefined });
    expect(known('concat(["x"], var.unknown ? ["a"] : ["b"])')).toMatchObject({ entries: undefined, more: undefined });
    // A function that gives a list of the same entries keeps them; what another makes of it is not the list.
    expect(known('toset(concat(["x"], var.unknown))')).toEqual({ choices: undefined, entries: ['x'], more: true });
    expect(known('length(concat(["x"], var.unknown))')).toEqual({ choices: undefined, entries: undefined, more: undefined });
    expect(known('slice(concat(["x"], var.unknown), 1, 2)')).toEqual({ choices: undefined, entries: undefined, more: undefined });
  });

  test('between lists on a condition known only after apply, keeps no choice but the entries known that every list holds', () => {
    const entries = (source: string) => {
      const value = evaluate(parseExpression(source), scopeOf(choiceRoots), source);
      return value instanceof Unresolved ? { choices: value.choices, entries: value.entries } : value;
    };
    expect(entries('aws_iam_role.a.unique_id != "" ? [aws_iam_role.a.arn] : [aws_iam_role.a.arn, aws_iam_role.b.arn]')).toEqual({ choices: undefined, entries: [a] });
    // Through parentheses and a branch the deployer chooses: what each of its lists holds.
    expect(entries('(aws_iam_role.a.unique_id != "" ? [aws_iam_role.a.arn, "x"] : (var.unknown ? [aws_iam_role.a.arn, aws_iam_role.b.arn] : ["x", aws_iam_role.a.arn]))')).toEqual({ choices: undefined, entries: [a] });
    // None in common, a value not known in both, or not lists: no entry.
    expect(entries('aws_iam_role.a.unique_id != "" ? [aws_iam_role.a.arn] : [aws_iam_role.b.arn]')).toEqual({ choices: undefined, entries: undefined });
    expect(entries('aws_iam_role.a.unique_id != "" ? [var.unknown, "x"] : [var.unknown]')).toEqual({ choices: undefined, entries: undefined });
    expect(entries('aws_iam_role.a.unique_id != "" ? aws_iam_role.a.arn : aws_iam_role.b.arn')).toEqual({ choices: undefined, entries: undefined });
    // An entry read out of the list is not the list.
    expect(entries('(aws_iam_role.a.unique_id != "" ? [aws_iam_role.a.arn, "x"] : [aws_iam_role.a.arn])[0]')).toEqual({ choices: undefined, entries: undefined });
  });

  test('is the one value where both branches are it, and the branch chosen where the condition is known', () => {
    expect(choices('var.unknown ? aws_iam_role.a.arn : aws_iam_role.a.arn')).toBe(a);
    expect(choices('var.off ? aws_iam_role.a.arn : aws_iam_role.b.arn')).toBe(b);
  });

  test('passes on through a reference, reading into each choice, and is lost to any other operation but one that makes a text of each', () => {
    const local = { exec: evaluate(parseExpression('var.unknown ? aws_iam_role.a : aws_iam_role.b'), scopeOf(choiceRoots), 'var.unknown ? aws_iam_role.a : aws_iam_role.b') };
    expect(choices('local.exec.arn', { local })).toEqual([
      { value: a, when: 'var.unknown is true' },
      { value: b, when: 'var.unknown is false' },
    ]);
    expect(choices('length(var.unknown ? "a" : "bb")')).toBeUndefined();
    expect(choices('concat(var.unknown ? [aws_iam_role.a.arn] : [aws_iam_role.b.arn], [])')).toBeUndefined();
    expect(choices('(var.unknown ? "a" : "b") == "a"')).toBeUndefined();
    expect(choices('try(var.unknown ? aws_iam_role.a.arn : aws_iam_role.b.arn, "")')).toBeUndefined();
  });

  test('makes the text of each choice where a function or template makes one text of it, as each branch would', () => {
    const each = (x: string, y: string) => [
      { value: x, when: 'var.unknown is true' },
      { value: y, when: 'var.unknown is false' },
    ];
    expect(choices('format("%s", var.unknown ? aws_iam_role.a.arn : aws_iam_role.b.arn)')).toEqual(each(a, b));
    expect(choices('tostring(var.unknown ? aws_iam_role.a.arn : aws_iam_role.b.arn)')).toEqual(each(a, b));
    expect(choices('coalesce(var.unknown ? aws_iam_role.a.arn : aws_iam_role.b.arn, "x")')).toEqual(each(a, b));
    expect(choices('lower(var.unknown ? "arn:aws:iam::111122223333:role/A" : "arn:aws:iam::111122223333:role/B")')).toEqual(each('arn:aws:iam::111122223333:role/a', 'arn:aws:iam::111122223333:role/b'));
    expect(choices('trimspace(var.unknown ? " x " : "y ")')).toEqual(each('x', 'y'));
    expect(choices('"${var.unknown ? aws_iam_role.a.arn : aws_iam_role.b.arn}/x"')).toEqual(each(`${a}/x`, `${b}/x`));
    expect(choices('"role/${var.unknown ? "a" : "b"}"')).toEqual(each('role/a', 'role/b'));
    // hcl2json's form of "${c ? "x" : "y"}" inside a text.
    expect(choices('"role/%{if var.unknown}a%{else}b%{endif}"')).toEqual(each('role/a', 'role/b'));
    // Two choices made together: each pair that may hold, a condition said once.
    expect(choices('format("%s-%s", var.unknown ? "a" : "b", var.unknown ? "x" : "y")')).toEqual(each('a-x', 'b-y'));
    expect(choices('"${var.unknown ? "a" : "b"}-${var.on ? "x" : "y"}"')).toEqual(each('a-x', 'b-x'));
    // What the function makes of a role's ARN is its own answer, with or without a choice: lower may make another
    // role's ARN, so no choice is a known text.
    expect(choices('lower(var.unknown ? aws_iam_role.a.arn : aws_iam_role.b.arn)')).toBeUndefined();
    expect(choices('lower(var.unknown ? "arn:aws:iam::111122223333:role/A" : aws_iam_role.b.arn)')).toEqual([
      { value: 'arn:aws:iam::111122223333:role/a', when: 'var.unknown is true' },
      { value: expect.any(Unresolved), when: 'var.unknown is false' },
    ]);
    // Inside a %{for}, a choice is a piece not known, as before.
    expect(choices('"%{for x in ["p"]}${x}${var.unknown ? "a" : "b"}%{endfor}"')).toEqual(expect.stringContaining('p\u0001unk|'));
  });

  test('drops a choice whose conditions cannot all hold, and says a condition once', () => {
    // The same flag read again inside a branch: b needs var.unknown true and false.
    expect(choices('var.unknown ? (var.unknown ? aws_iam_role.a.arn : aws_iam_role.b.arn) : "x"')).toEqual([
      { value: a, when: 'var.unknown is true' },
      { value: 'x', when: 'var.unknown is false' },
    ]);
    const local = { exec: evaluate(parseExpression('var.unknown ? aws_iam_role.a.arn : aws_iam_role.b.arn'), scopeOf(choiceRoots), 'var.unknown ? aws_iam_role.a.arn : aws_iam_role.b.arn') };
    expect(choices('var.unknown ? local.exec : local.exec', { local })).toEqual([
      { value: a, when: 'var.unknown is true' },
      { value: b, when: 'var.unknown is false' },
    ]);
  });

  test('keeps no choices past MOST_CHOICES: conditionals on many flags that read one another double them at each', () => {
    let local: Value = evaluate(parseExpression('var.unknown ? aws_iam_role.a.arn : aws_iam_role.b.arn'), scopeOf(choiceRoots), 'var.unknown ? aws_iam_role.a.arn : aws_iam_role.b.arn');
    const counts: Array<number | undefined> = [];
    for (let step = 0; step < 40; step++) {
      const source = `var.unknown[${step}] ? local.previous : local.previous`;
      local = evaluate(parseExpression(source), scopeOf({ ...choiceRoots, local: { previous: local } }), source);
      counts.push(local instanceof Unresolved ? local.choices?.length : undefined);
    }
    expect(counts.slice(0, 6)).toEqual([4, 8, 16, 32, 64, undefined]);
    expect(Math.max(...counts.map((count) => count ?? 0))).toBe(64);
  });
});

describe('evaluate: the scope sees the longest static traversal', () => {
  test.each([
    ['var.tags[each.key]', [['each', 'key'], ['var', 'tags', 'Env']]],
    ['var.nested.list[count.index].arn', [['count', 'index'], ['var', 'nested', 'list', 1, 'arn']]],
    ['var.tags[aws_iam_role.worker.name].x', [['aws_iam_role', 'worker', 'name'], ['var', 'tags']]],
    ['var.nested.list[*].id', [['var', 'nested', 'list']]],
    ['[for n in var.names : n]', [['var', 'names']]],
    ['aws_iam_role.worker.arn', [['aws_iam_role', 'worker', 'arn']]],
  ])('%s', (source, expected) => {
    const scope = scopeOf(roots);
    evaluate(parseExpression(source), scope);
    expect(scope.resolved).toEqual(expected);
  });
});
