import { describe, expect, test } from 'vitest';
import { OWNER_ACCOUNT, Unresolved, refMarker, unresolvedMarker, type Value } from '../../../../src/model/index.js';
import { SUPPORTED_FUNCTIONS, evaluateRaw, keptEncoded, openObject, type RefusedCall } from '../../../../parsers/terraform/expression/index.js';
import { plain, run, scopeOf } from './helpers.js';

const roots: Record<string, Value> = {
  var: {
    name: 'app',
    names: ['a', 'b', 'c'],
    tags: { Team: 'ml' },
    maps: [{ a: 1 }, { b: 2 }],
    nothing: null,
    empty: '',
    unknown: new Unresolved('unknown value: var.unknown'),
  },
  path: { module: '.' },
  local: { template: 'hello ${name}!', nested: '${templatestring(name, {})}' },
  data: { aws_caller_identity: { current: { account_id: OWNER_ACCOUNT } } },
  aws_iam_role: { worker: { arn: refMarker('aws_iam_role.worker', 'arn') } },
};

const files: Record<string, string> = {
  'policy.json': '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*"}]}',
  './trust.json.tpl': '{"Principal": {"AWS": "arn:aws:iam::${account}:root"}, "Services": ${jsonencode(services)}}',
  'list.tpl': 'Roles:%{ for r in roles ~}\n - ${upper(r)}%{ endfor ~}\n',
  'strip.tpl': '%{ if admin ~}\n  admin\n%{~ else ~}\n  user\n%{~ endif ~}\n',
  'outside.tpl': 'name=${var.name}',
  'missing-var.tpl': 'name=${nope}',
  'broken.tpl': 'oops ${',
  'nested.tpl': '${templatefile("list.tpl", { roles = [] })}',
};

const cases: Array<[string, unknown]> = [
  // jsonencode: compact, keys sorted, Go's HTML escapes, Terraform number text
  ['jsonencode({ b = 1, a = "x", C = [true, null] })', '{"C":[true,null],"a":"x","b":1}'],
  ['jsonencode("<a & b>\\u2028")', '"\\u003ca \\u0026 b\\u003e\\u2028"'],
  ['jsonencode([1.5, 1e22, -0.25, 0.000001])', '[1.5,10000000000000000000000,-0.25,0.000001]'],
  ['jsonencode("é\\n\\"")', '"é\\n\\""'],
  ['jsonencode(null)', 'null'],
  // Keys, set elements, keys() and sort() in the order of their UTF-8 bytes, as Go sorts them: past U+FFFF after U+FF5A.
  ['jsonencode({ "😀" = 1, "ｚ" = 2 })', '{"ｚ":2,"\u{1F600}":1}'],
  ['sort(["😀", "ｚ", "a"])', ['a', '\uFF5A', '\u{1F600}']],
  ['keys({ "😀" = 1, "ｚ" = 2 })', ['\uFF5A', '\u{1F600}']],
  ['toset(["😀", "ｚ"])', ['\uFF5A', '\u{1F600}']],
  [
    'jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole" }] })',
    '{"Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"Service":"sagemaker.amazonaws.com"}}],"Version":"2012-10-17"}',
  ],
  ['jsonencode({ a = var.unknown })', `{"a":"${unresolvedMarker('unknown value: var.unknown')}"}`],
  // jsondecode
  ['jsondecode("{\\"a\\": [1, true, null, \\"x\\"]}")', { a: [1, true, null, 'x'] }],
  ['jsondecode("{bad")', { unresolved: expect.stringMatching(/^type error: jsondecode: /) }],
  ['jsondecode(jsonencode({ b = [1, "two"] }))', { b: [1, 'two'] }],
  ['jsondecode(var.unknown)', { unresolved: 'unknown value: var.unknown' }],
  ['jsondecode("[${var.unknown}]")', { unresolved: 'unknown value: jsondecode of text with unknown pieces outside JSON strings' }],
  // file and templatefile
  ['jsondecode(file("policy.json")).Statement[0].Action', 's3:*'],
  ['file("missing.json")', { unresolved: 'unreadable file: missing.json: no such file' }],
  ['file("${var.unknown}.json")', { unresolved: 'unknown value: var.unknown' }],
  [
    'templatefile("${path.module}/trust.json.tpl", { account = "123456789012", services = ["sagemaker.amazonaws.com"] })',
    '{"Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Services": ["sagemaker.amazonaws.com"]}',
  ],
    // A template file's literal is one piece: `~}` trims the newline and the indentation after it.
  ['templatefile("list.tpl", { roles = ["a", "b"] })', 'Roles:- A- B'],
  ['templatefile("strip.tpl", { admin = false })', 'user'],
  ['templatefile("outside.tpl", { name = "x" })', { unresolved: 'type error: the template refers to "var.name", which is not among its variables' }],
  ['templatefile("missing-var.tpl", {})', { unresolved: 'type error: the template refers to "nope", which is not among its variables' }],
  ['templatefile("broken.tpl", {})', { unresolved: expect.stringMatching(/^syntax: .* of the template$/) }],
  ['templatefile("nested.tpl", {})', { unresolved: 'type error: templatefile: cannot be called from inside a template file' }],
  ['templatefile("list.tpl", var.unknown)', { unresolved: 'unknown value: var.unknown' }],
  ['templatefile("list.tpl", { roles = var.unknown })', `Roles:${unresolvedMarker('unknown value: var.unknown')}`],
  // format
  ['format("%s-%d", "a", 5)', 'a-5'],
  ['format("%05.2f|%-5s|%5s|%.1s", 3.14159, "ab", "ab", "xyz")', '03.14|ab   |   ab|x'],
  ['format("%q %t %v %v", "a\\"b", true, [1, "x"], { k = null })', '"a\\"b" true [1,"x"] {"k":null}'],
  ['format("%#v", "s")', '"s"'],
  ['format("%d %d", "12", -3)', '12 -3'],
  ['format("%+d %x %X %o %b", 5, 255, 255, 8, 5)', '+5 ff FF 10 101'],
  ['format("%e", 1500)', '1.500000e+03'],
  ['format("%[2]s %[1]s %%", "a", "b")', 'b a %'],
  ['format("%d", 1.5)', { unresolved: 'type error: format: %d needs a whole number, not 1.5' }],
  ['format("%s")', { unresolved: 'type error: format: not enough arguments for %s' }],
  ['format("%s", "a", "b")', { unresolved: 'type error: format: too many arguments; only 1 used by the format string' }],
  ['format("%z", 1)', { unresolved: 'type error: format: unsupported verb %z for number 1' }],
  ['format("arn:aws:iam::%s:role/%s", data.aws_caller_identity.current.account_id, var.unknown)', `arn:aws:iam::${OWNER_ACCOUNT}:role/${unresolvedMarker('unknown value: var.unknown')}`],
  ['formatlist("%s-%s", var.names, "x")', ['a-x', 'b-x', 'c-x']],
  ['formatlist("%s:%s", var.unknown, ["a"])', { unresolved: 'unknown value: var.unknown' }],
  ['formatlist("%s:%s", "x", [var.unknown])', [`x:${unresolvedMarker('unknown value: var.unknown')}`]],
  ['formatlist("%s=%s", ["a", "b"], [1])', { unresolved: 'type error: formatlist: all list arguments must have the same length' }],
  // join / split / concat / merge
  ['join(",", ["a", 1, true])', 'a,1,true'],
  ['join("-", ["a"], ["b", "c"])', 'a-b-c'],
  ['join(",", [])', ''],
  ['join(",", ["a", null])', { unresolved: 'type error: join: a list element is null' }],
  ['join(",", var.unknown)', { unresolved: 'unknown value: var.unknown' }],
  ['join(",", ["a", var.unknown])', `a,${unresolvedMarker('unknown value: var.unknown')}`],
  ['split(",", "a,b,,c")', ['a', 'b', '', 'c']],
  ['split(",", "")', ['']],
  ['concat([1], [2, 3], [])', [1, 2, 3]],
  ['concat(["a"], "b")', { unresolved: 'type error: concat: expects a list, not the string "b"' }],
  ['concat(["a"], var.unknown)', { unresolved: 'unknown value: var.unknown' }],
  ['merge({ a = 1, b = 1 }, { b = 2 }, null)', { a: 1, b: 2 }],
  ['merge(var.maps...)', { a: 1, b: 2 }],
  ['merge({}, var.unknown)', { unresolved: 'unknown value: var.unknown' }],
  ['merge({}, "x")', { unresolved: 'type error: merge: expects a map or object, not the string "x"' }],
  // lookup / element / length
  ['lookup(var.tags, "Team")', 'ml'],
  ['lookup(var.tags, "Env", "dev")', 'dev'],
  ['lookup(var.tags, "Env")', { unresolved: 'type error: lookup: no key "Env" and no default' }],
  ['lookup(var.tags, var.unknown, "d")', { unresolved: 'unknown value: var.unknown' }],
  ['lookup(var.tags, aws_iam_role.worker.arn, "d")', { unresolved: 'unresolvable index: unknown value: ${aws_iam_role.worker.arn}' }],
  ['element(var.names, 4)', 'b'],
  ['element(var.names, "1")', 'b'],
  ['element(var.names, -1)', { unresolved: 'type error: element: the index must not be negative' }],
  ['element([], 0)', { unresolved: 'type error: element: cannot use element function with an empty list' }],
  ['element(var.names, aws_iam_role.worker.arn)', { unresolved: 'unresolvable index: unknown value: ${aws_iam_role.worker.arn}' }],
  ['length("héllo")', 5],
  ['length("👍🏽")', 1],
  ['length("a\\r\\nb")', 3],
  // Long text is segmented in pieces: counted as one piece, it took seconds and memory in the square of its length.
  [`length("é${'a'.repeat(300_000)}")`, 300_001],
  [`length("${'👍🏽'.repeat(3_000)}${'a'.repeat(5_000)}")`, 8_000],
  // Text with no two ASCII characters side by side is cut too: one piece of 100,000 CJK characters took minutes.
  [`length("${'中'.repeat(100_000)}")`, 100_000],
  [`length("${'👨‍👩‍👧'.repeat(2_000)}")`, 2_000],
  [`length("${'🇫🇷'.repeat(3_000)}")`, 3_000],
  [`length("e${'\u0301'.repeat(10_000)}x")`, 2],
  ['length(["a", var.unknown])', 2],
  ['length({ a = 1, b = 2 })', 2],
  ['length(null)', { unresolved: 'type error: length: cannot take the length of null' }],
  ['length(aws_iam_role.worker.arn)', { unresolved: 'unknown value: ${aws_iam_role.worker.arn}' }],
  // replace, lower, upper, trimspace
  ['replace("a.b.c", ".", "-")', 'a-b-c'],
  ['replace("hello world", "/o(\\\\w)/", "0$1")', 'hello w0rld'],
  ['replace("abc", "/(b)/", "[$${1}]")', 'a[b]c'],
  ['replace("abc", "/(?P<x>b)/", "<$x>")', 'a<b>c'],
  ['replace("ABC", "/(?i)b/", "x")', 'AxC'],
  ['replace("a1b22", "/[0-9]+/", "#")', 'a#b#'],
  ['replace("x", "/\\\\pL/", "y")', { unresolved: 'unsupported function: replace with the regular expression /\\pL/ (\\p)' }],
  ['replace("x", "/a(?=b)/", "y")', { unresolved: 'unsupported function: replace with the regular expression /a(?=b)/ (group (?=b)' }],
  ['replace("x", "/[/", "y")', { unresolved: expect.stringMatching(/^type error: replace: invalid regular expression/) }],
  ['replace("x", "", "y")', { unresolved: 'type error: replace: the substring to replace must not be empty' }],
  ['lower("MiXeD")', 'mixed'],
  ['upper("straße")', 'STRASSE'],
  ['trimspace("  a b \\n")', 'a b'],
  // Go's unicode.IsSpace: U+0085 and U+00A0 are blanks, the byte order mark is not (Terraform 1.11).
  ['trimspace("\\uFEFFa\\u0085\\u00a0\\u3000 ")', '\uFEFFa'],
  ['trimspace("\\u0085a")', 'a'],
  // conversions
  ['tolist(["a", 1, true])', ['a', '1', 'true']],
  ['tolist("a")', { unresolved: 'type error: tolist: expects a list, not the string "a"' }],
  ['toset(["b", "a", "b"])', ['a', 'b']],
  ['toset([3, 1, 2, 1])', [1, 2, 3]],
  ['toset(["a", 10, 9])', ['10', '9', 'a']],
  ['toset(["b", var.unknown, "a"])', ['a', 'b', { unresolved: 'unknown value: var.unknown' }]],
  ['tostring(1.5)', '1.5'],
  ['tostring(null)', null],
  ['tostring([1])', { unresolved: 'type error: tostring: cannot convert a list to a string' }],
  ['tonumber("12")', 12],
  ['tobool("true")', true],
  ['tomap({ a = 1 })', { a: 1 }],
  // coalesce, try, can
  ['coalesce("", null, "x")', 'x'],
  ['coalesce(var.empty, var.name)', 'app'],
  ['coalesce(null, "")', { unresolved: 'type error: coalesce: no non-null, non-empty-string arguments' }],
  ['coalesce(var.unknown, "x")', { unresolved: 'unknown value: var.unknown' }],
  ['coalesce("a", var.unknown)', 'a'],
  ['coalescelist([], ["a"])', ['a']],
  ['try(var.tags.Missing, "d")', 'd'],
  ['try(var.tags.Team, "d")', 'ml'],
  ['try(var.unknown.x, "d")', { unresolved: 'unknown value: var.unknown' }],
  ['try(nowhere.x, "d")', { unresolved: 'unknown reference: nowhere.x' }],
  ['try(md5("x"), "d")', { unresolved: 'unsupported function: md5' }],
  ['try(var.tags.Missing, var.names[9])', { unresolved: 'type error: no argument of try evaluated without an error' }],
  ['try({ a = var.tags.Missing }, "d")', 'd'],
  ['try(aws_iam_role.worker.arn, "")', refMarker('aws_iam_role.worker', 'arn')],
  ['try(jsondecode("{bad"), {})', {}],
  ['try("x-${var.tags.Missing}", "d")', 'd'],
  ['try(var.tags.Missing, var.unknown, "d")', { unresolved: 'unknown value: var.unknown' }],
  ['can(var.tags.Missing)', false],
  ['can(var.tags.Team)', true],
  ['can(var.unknown)', { unresolved: 'unknown value: var.unknown' }],
  // collections
  ['flatten([[1, [2]], 3, []])', [1, 2, 3]],
  ['distinct(["a", "b", "a"])', ['a', 'b']],
  ['keys({ b = 1, a = 2 })', ['a', 'b']],
  ['values({ b = 1, a = 2 })', [2, 1]],
  ['compact(["a", "", null, "b"])', ['a', 'b']],
  ['contains(var.names, "b")', true],
  ['contains(var.names, "z")', false],
  ['contains(["a", aws_iam_role.worker.arn], "z")', { unresolved: 'unknown value: ${aws_iam_role.worker.arn}' }],
  ['contains([aws_iam_role.worker.arn], aws_iam_role.worker.arn)', true],
  ['zipmap(["a", "b"], [1, 2])', { a: 1, b: 2 }],
  ['zipmap(["a"], [])', { unresolved: 'type error: zipmap: 1 keys but 0 values' }],
  ['alltrue([true, "true"])', true],
  ['alltrue([])', true],
  ['alltrue([var.unknown, false])', false],
  ['alltrue([var.unknown, true])', { unresolved: 'unknown value: var.unknown' }],
  ['alltrue([null])', { unresolved: 'type error: alltrue: a list element is null' }],
  ['anytrue([false, var.unknown, true])', true],
  ['anytrue([])', false],
  ['anytrue([false, var.unknown])', { unresolved: 'unknown value: var.unknown' }],
  ['sort(["b", "a", 10, 9])', ['10', '9', 'a', 'b']],
  ['sort(["a", aws_iam_role.worker.arn])', { unresolved: 'unknown value: ${aws_iam_role.worker.arn}' }],
  ['reverse([1, 2, 3])', [3, 2, 1]],
  ['slice(var.names, 1, 3)', ['b', 'c']],
  ['slice(var.names, 2, 4)', { unresolved: 'type error: slice: indexes 2 to 4 do not fit a list of 3' }],
  ['basename("/a/b/policy.json")', 'policy.json'],
  ['basename("dir/")', 'dir'],
  ['basename("")', '.'],
  // dirname is Go's filepath.Dir: the path up to its last slash, cleaned
  ['dirname("/a/b/policy.json")', '/a/b'],
  ['dirname("dir/")', 'dir'],
  ['dirname("a//b/")', 'a/b'],
  ['dirname("a")', '.'],
  ['dirname("")', '.'],
  ['dirname("/")', '/'],
  ['dirname("/a/../../b")', '/'],
  ['dirname("../x")', '..'],
  ['dirname("./a/./b")', 'a'],
  ['dirname(aws_iam_role.worker.arn)', { unresolved: 'unknown value: dirname of ${aws_iam_role.worker.arn}' }],
  ['base64encode("Hello é")', 'SGVsbG8gw6k='],
  ['base64encode(data.aws_caller_identity.current.account_id)', { unresolved: 'unknown value: ${AWS::AccountId}' }],
  // sets (terraform console: elements of one type, in Terraform's set order)
  ['setunion(["b", "a"], ["c", "a"])', ['a', 'b', 'c']],
  ['setunion(["a"], [1])', ['1', 'a']],
  ['setunion(["a"], var.unknown)', { unresolved: 'unknown value: var.unknown' }],
  ['setunion(["a"], [var.unknown])', ['a', { unresolved: 'unknown value: var.unknown' }]],
  ['setintersection(["a", "b"], ["b", "c"])', ['b']],
  ['setintersection(["a"], [1])', []],
  ['setintersection(["a", "b"], ["z", var.unknown])', { unresolved: 'unknown value: var.unknown' }],
  ['setintersection(["a"], ["z"], [var.unknown])', []],
  ['setsubtract(["a", "b"], ["b"])', ['a']],
  ['setsubtract(["a"], [aws_iam_role.worker.arn])', { unresolved: 'unknown value: ${aws_iam_role.worker.arn}' }],
  // one, sensitive, nonsensitive
  ['one([])', null],
  ['one(["x"])', 'x'],
  ['one(toset(["a"]))', 'a'],
  ['one(["x", "y"])', { unresolved: 'type error: one: must be a list, set, or tuple value with either zero or one elements' }],
  ['one(var.unknown)', { unresolved: 'unknown value: var.unknown' }],
  ['sensitive("*")', '*'],
  ['nonsensitive(var.tags)', { Team: 'ml' }],
  ['sensitive(var.unknown)', { unresolved: 'unknown value: var.unknown' }],
  // strings
  ['trimprefix("abc", "ab")', 'c'],
  ['trimprefix("abc", "x")', 'abc'],
  ['trimprefix("arn:${var.unknown}", "arn:")', unresolvedMarker('unknown value: var.unknown')],
  ['trimprefix("${var.unknown}-x", "a")', { unresolved: 'unknown value: var.unknown' }],
  ['trimprefix("a${var.unknown}", "b")', `a${unresolvedMarker('unknown value: var.unknown')}`],
  ['trimsuffix("abc", "bc")', 'a'],
  ['trimsuffix("${var.unknown}/*", "/*")', unresolvedMarker('unknown value: var.unknown')],
  ['trim("?!hello?!", "!?")', 'hello'],
  ['trim("abc", "")', 'abc'],
  ['trim(var.unknown, "a")', { unresolved: 'unknown value: var.unknown' }],
  ['startswith("abc", "")', true],
  ['startswith("abc", "b")', false],
  ['startswith("", "a")', false],
  ['startswith("arn:aws:${var.unknown}", "arn:aws:")', true],
  ['startswith("a${var.unknown}", "ab")', { unresolved: 'unknown value: var.unknown' }],
  ['endswith("abc", "bc")', true],
  ['endswith("${var.unknown}", "c")', { unresolved: 'unknown value: var.unknown' }],
  // An affix written with the owner's symbols is there where the string writes them alike, whatever their values
  ['trimprefix("arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/ml", "arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/")', 'ml'],
  ['endswith("x-${data.aws_caller_identity.current.account_id}", "-${data.aws_caller_identity.current.account_id}")', true],
  ['trimprefix("arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/ml", "arn:aws:iam::493827160514:role/")', { unresolved: 'unknown value: arn:aws:iam::${AWS::AccountId}:role/ml' }],
  ['trimprefix("arn:aws:iam::493827160514:role/ml", "arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/")', { unresolved: 'unknown value: arn:aws:iam::${AWS::AccountId}:role/' }],
  ['strcontains("abc", "b")', true],
  ['strcontains("abc", "z")', false],
  ['strcontains("a${var.unknown}", "a")', true],
  ['strcontains("a${var.unknown}", "z")', { unresolved: 'unknown value: var.unknown' }],
  ['title("hello world-foo_bar 9x é")', 'Hello World-Foo_bar 9x É'],
  ['title("ǆx")', 'ǅx'],
  ['title(data.aws_caller_identity.current.account_id)', { unresolved: 'unknown value: ${AWS::AccountId}' }],
  ['chomp("a\\n\\r\\n")', 'a'],
  ['chomp("a\\r\\r")', 'a'],
  ['chomp("${var.unknown}\\n")', { unresolved: 'unknown value: var.unknown' }],
  ['chomp("${var.unknown}.\\n")', `${unresolvedMarker('unknown value: var.unknown')}.`],
  ['substr("hello", 1, 3)', 'ell'],
  ['substr("hello", -3, -1)', 'llo'],
  ['substr("hello", 10, 2)', ''],
  ['substr("hello", 2, 10)', 'llo'],
  ['substr("hello", -10, 2)', 'he'],
  ['substr("a👍🏽b", 1, 1)', '👍🏽'],
  ['substr("a\\r\\nb", 1, 2)', '\r\nb'],
  ['substr("a👍🏽b", -2, -1)', '👍🏽b'],
  [`substr("${'a'.repeat(200_000)}", 0, 3)`, 'aaa'],
  [`substr("é${'a'.repeat(200_000)}", 0, 3)`, 'éaa'],
  [`substr("${'中'.repeat(100_000)}x", -2, 2)`, '中x'],
  ['substr("hello", 1.5, 2)', { unresolved: 'type error: substr: the offset must be a whole number, not 1.5' }],
  ['substr(var.unknown, 0, 1)', { unresolved: 'unknown value: var.unknown' }],
  // index, regex, regexall
  ['index(["a", "b", "a"], "a")', 0],
  ['index([1, 2], "2")', { unresolved: 'type error: index: item not found' }],
  ['index(["a", var.unknown, "b"], "b")', { unresolved: 'unknown value: var.unknown' }],
  ['index(["b", var.unknown], "b")', 0],
  ['regex("[a-z]+", "53453453.345345aaabbbccc23454")', 'aaabbbccc'],
  ['regex("(\\\\d\\\\d\\\\d\\\\d)-(\\\\d\\\\d)", "2019-02-01")', ['2019', '02']],
  ['regex("^(?P<y>\\\\d+)-(?P<m>\\\\d+)", "2019-02-01")', { y: '2019', m: '02' }],
  ['regex("a(x)?b", "ab")', [null]],
  ['regex("z", "abc")', { unresolved: 'type error: regex: the pattern did not match any part of the given string' }],
  ['regex("(a)(?P<n>b)", "ab")', { unresolved: 'type error: regex: the regular expression /(a)(?P<n>b)/ mixes named and unnamed capture groups' }],
  ['regex("\\\\pL", "x")', { unresolved: 'unsupported function: regex with the regular expression /\\pL/ (\\p)' }],
  ['regex("a", var.unknown)', { unresolved: 'unknown value: var.unknown' }],
  ['regexall("[a-z]+", "1234abcd5678efgh9")', ['abcd', 'efgh']],
  ['regexall("(a)", "aa")', [['a'], ['a']]],
  ['regexall("a", "${var.unknown}")', { unresolved: 'unknown value: var.unknown' }],
  // As Terraform 1.11 (Go's regexp): no empty match right where a match ended, in regexall and replace alike.
  ['regexall("a*", "baaa")', ['', 'aaa']],
  ['replace("baaa", "/a*/", "-")', '-b-'],
  ['replace("xaaay", "/a*/", "-")', '-x-y-'],
  ['replace("abc", "/(?P<x>b)/", "[$x$1]")', 'a[bb]c'],
  // Where RE2 and JavaScript read apart (a carriage return for ".", text outside ASCII, RE2's \x{41}): not guessed.
  ['regex(".+", "a\\rb")', { unresolved: 'unsupported function: regex on a text with characters outside ASCII or a carriage return, which RE2 and JavaScript match apart' }],
  ['regex("\\\\s+", "a\\u00a0b")', { unresolved: 'unsupported function: regex on a text with characters outside ASCII or a carriage return, which RE2 and JavaScript match apart' }],
  ['regex("\\\\x{41}", "A")', { unresolved: 'unsupported function: regex with the regular expression /\\x{41}/ (\\x)' }],
  // numbers
  ['max(1, "5", 3)', 5],
  ['min(2, 1.5)', 1.5],
  ['max([4, 9]...)', 9],
  ['max("x")', { unresolved: 'type error: an argument of max must be a number, not the string "x"' }],
  ['max(1, var.unknown)', { unresolved: 'unknown value: var.unknown' }],
  ['abs(-2.5)', 2.5],
  ['floor(1.5)', 1],
  ['ceil(1.2)', 2],
  // templatestring renders a template held by a value, with only its variables
  ['templatestring(local.template, { name = "x" })', 'hello x!'],
  ['templatestring(local.template, { other = "x" })', { unresolved: 'type error: the template refers to "name", which is not among its variables' }],
  ['templatestring(local.nested, { name = "x" })', { unresolved: 'type error: templatestring: cannot be called from inside a template' }],
  ['templatestring(var.unknown, {})', { unresolved: 'unknown value: var.unknown' }],
  ['templatestring("hello $${name}", { name = "x" })', { unresolved: 'type error: templatestring: the template must be a reference to a named value (local.x, var.x), not written in the call' }],
  // The piece not known is shown as the template writes it.
  ['templatestring(local.template, { name = var.unknown })', `hello ${unresolvedMarker(new Unresolved('unknown value: var.unknown', 'name'))}!`],
  // unsupported and misuse
  ['md5("a")', { unresolved: 'unsupported function: md5' }],
  ['provider::time::rfc3339_parse("2024-01-01T00:00:00Z")', { unresolved: 'unsupported function: provider::time::rfc3339_parse' }],
  // provider::aws::arn_parse parts the ARN at its first five colons (the resource keeps the others), as arn.Parse does
  ['provider::aws::arn_parse("arn:aws:iam::1:role/x")', { partition: 'aws', service: 'iam', region: '', account_id: '1', resource: 'role/x' }],
  ['provider::aws::arn_parse("arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/a:b").resource', 'role/a:b'],
  ['provider::aws::arn_parse("arn:aws:iam::1")', { unresolved: 'type error: provider::aws::arn_parse: not enough sections' }],
  ['provider::aws::arn_parse("aws:iam::1:role/x:y")', { unresolved: 'type error: provider::aws::arn_parse: arn: invalid prefix' }],
  ['provider::aws::arn_parse(var.unknown)', { unresolved: 'unknown value: var.unknown' }],
  // provider::aws::arn_build joins its five parts, owner symbols included; an unknown part leaves the ARN unknown
  ['provider::aws::arn_build("aws", "sagemaker", "us-east-1", data.aws_caller_identity.current.account_id, "notebook-instance/*")', `arn:aws:sagemaker:us-east-1:${OWNER_ACCOUNT}:notebook-instance/*`],
  ['provider::aws::arn_build("aws", "iam", "", 123456789012, "role/ml")', 'arn:aws:iam::123456789012:role/ml'],
  ['provider::aws::arn_build("aws", "iam", "", var.unknown, "role/ml")', { unresolved: 'unknown value: var.unknown' }],
  ['provider::aws::arn_build("aws", "iam", "", "1")', { unresolved: 'type error: provider::aws::arn_build: takes 5 arguments, not 4' }],
  ['upper()', { unresolved: 'type error: upper: takes 1 argument, not 0' }],
  ['lookup({})', { unresolved: 'type error: lookup: takes 2 to 3 arguments, not 1' }],
  ['concat(var.names...)', { unresolved: 'type error: concat: expects a list, not the string "a"' }],
  ['upper("a"...)', { unresolved: 'type error: ... expands a list, not the string "a"' }],
  ['toString("a")', { unresolved: 'unsupported function: toString' }],
  ['constructor("a")', { unresolved: 'unsupported function: constructor' }],
];

describe('functions', () => {
  test.each(cases)('%s', (source, expected) => {
    expect(plain(run(source, roots, files))).toEqual(expected);
  });

  test('every listed function is evaluated', () => {
    for (const name of ['jsonencode', 'jsondecode', 'file', 'templatefile', 'format', 'join', 'concat', 'merge', 'lookup', 'replace', 'lower', 'upper', 'tolist', 'toset', 'coalesce', 'try', 'element', 'length']) {
      expect(SUPPORTED_FUNCTIONS).toContain(name);
    }
  });
});

describe('a value kept from jsonencode({...}) (a local read as its structure for locations)', () => {
  const kept = (): Record<string, Value> => ({ local: { doc: keptEncoded({ Version: '2012-10-17', Statement: [] }) } });
  const text = '{"Statement":[],"Version":"2012-10-17"}';

  test('every function reads the JSON text Terraform holds', () => {
    expect(run('length(local.doc)', kept())).toBe(text.length);
    expect(run('replace(local.doc, "2012", "2008")', kept())).toBe(text.replace('2012', '2008'));
    // Encoded again it is a JSON string, as Terraform makes it.
    expect(run('jsonencode(local.doc)', kept())).toBe(JSON.stringify(text));
    expect(plain(run('jsondecode(local.doc)', kept()))).toEqual({ Statement: [], Version: '2012-10-17' });
  });

  test('an interpolation reads the text too, and a reference its structure', () => {
    expect(run('"x${local.doc}"', kept())).toBe(`x${text}`);
    expect(plain(run('local.doc.Version', kept()))).toBe('2012-10-17');
  });
});

describe('merge of an object whose names are not all known (an instance\'s stand-in beside a plan)', () => {
  const open = () => {
    const listings = { count: 0 };
    const unlisted = () => {
      listings.count++;
      return undefined;
    };
    const role = openObject((name) => `role.${name}`, unlisted);
    return { listings, roots: { local: { role, other: openObject((name) => `other.${name}`, unlisted) } } };
  };

  test('reads each name from the last object that has it; the open one has every name', () => {
    const { listings, roots } = open();
    expect(run('merge(local.role, { x = 1 }).arn', roots)).toBe('role.arn');
    expect(run('merge(local.role, { x = 1 }).x', roots)).toBe(1);
    expect(run('merge(local.role, { arn = "given" }).arn', roots)).toBe('given');
    expect(run('merge({ x = 1 }, local.role, null, { y = 2 }).tags', roots)).toBe('role.tags');
    // The later open object has every name the earlier one does.
    expect(run('merge(local.other, local.role).arn', roots)).toBe('role.arn');
    expect(listings.count).toBe(0);
  });

  test('a name only an object before the open one lists may or may not be the open one\'s: not known', () => {
    const { roots } = open();
    expect(plain(run('merge({ arn = "given" }, local.role).arn', roots))).toEqual({ unresolved: 'unknown value: whether the open object merged after it has "arn"' });
    expect(run('merge({ arn = "given" }, local.role, { arn = "last" }).arn', roots)).toBe('last');
  });

  test('listing the names of what it makes lists the open one\'s, which are not known', () => {
    const { listings, roots } = open();
    expect(run('length(keys(merge(local.role, { x = 1 })))', roots)).toBe(0);
    expect(listings.count).toBeGreaterThan(0);
  });
});

describe('calls Terraform refuses (Scope.refusedCall)', () => {
  const refusals = (source: string) => {
    const told: RefusedCall[] = [];
    evaluateRaw(source, { ...scopeOf(roots, { ...files, 'broken.json': '{\n  "a": 1,,\n}' }), refusedCall: (refusal) => told.push(refusal) });
    return told;
  };

  test.each([
    ['${jsondecode("{bad")}', [{ name: 'jsondecode', written: { path: [], ordinal: 0 }, message: "jsondecode: the text given is not valid JSON: Expected property name or '}' at line 1, column 2 of the text (Terraform refuses it)" }]],
    ['${[jsondecode("[]"), jsondecode("[1,")]}', [{ name: 'jsondecode', written: { path: [], ordinal: 1 }, message: "jsondecode: the text given is not valid JSON: Unexpected end of JSON input at line 1, column 4 of the text (Terraform refuses it)" }]],
    ['${jsondecode((file("broken.json")))}', [{ name: 'jsondecode', written: { path: [], ordinal: 0 }, message: 'jsondecode: module/broken.json is not valid JSON: Expected double-quoted property name at line 2, column 10 (Terraform refuses it)' }]],
    // The text file() read, changed, is no longer the file's.
    ['${jsondecode(trimspace(file("broken.json")))}', [{ name: 'jsondecode', written: { path: [], ordinal: 0 }, message: 'jsondecode: the text given is not valid JSON: Expected double-quoted property name at line 2, column 10 of the text (Terraform refuses it)' }]],
  ])('tells %s', (source, expected) => {
    expect(refusals(source)).toEqual(expected);
  });

  test.each(['${try(jsondecode("{bad"), {})}', '${can(jsondecode("{bad"))}', '${try(jsondecode("{bad"), jsondecode("{}"))}', '${jsondecode(var.unknown)}', '${jsondecode("[${var.unknown}]")}', '${jsondecode("{}")}'])('tells none of %s', (source) => {
    expect(refusals(source)).toEqual([]);
  });

  test('tells each call where it is in the lists and objects written out, none in an object key', () => {
    const told: RefusedCall[] = [];
    const raw = { b: '${jsondecode("{x")}', a: ['${jsondecode("[]")}', { c: '${jsondecode("{y")}' }], '${jsondecode("{")}': 1 };
    evaluateRaw(raw, { ...scopeOf(roots, files), refusedCall: (refusal) => told.push(refusal) });
    expect(told.map((refusal) => refusal.written)).toEqual([{ path: ['b'], ordinal: 0 }, { path: ['a', 1, 'c'], ordinal: 0 }, undefined]);
  });

  test('tells the calls of try() that all fail', () => {
    expect(refusals('${try(jsondecode("{a"), jsondecode("{b"))}').map((refusal) => refusal.written?.ordinal)).toEqual([0, 1]);
  });
});
