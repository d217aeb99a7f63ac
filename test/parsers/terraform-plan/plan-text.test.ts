import { describe, expect, it } from 'vitest';
import { PlanText } from '../../../parsers/terraform-plan/plan-text.js';
import type { SourceLocation } from '../../../src/model/index.js';

const trust = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] });

function resource(address: string, name = 'r'): Record<string, unknown> {
  return { address, mode: 'managed', type: 'aws_iam_role', name, values: { name, assume_role_policy: trust, inline_policy: [{ name: 'a', policy: trust }, { name: 'b', policy: trust }], max_session_duration: 3600, tags: null }, sensitive_values: {} };
}

function planWith(resources: unknown[], changes: unknown[] = []): Record<string, unknown> {
  return { format_version: '1.2', planned_values: { root_module: { resources } }, resource_changes: changes, configuration: {} };
}

/** Where the `occurrence`-th (from 0) `needle` starts. */
function nth(text: string, needle: string, occurrence = 0): number {
  let offset = -1;
  for (let count = 0; count <= occurrence; count++) offset = text.indexOf(needle, offset + 1);
  return offset;
}

function position(text: string, offset: number): { line: number; column: number } {
  const lines = text.slice(0, offset).split('\n');
  return { line: lines.length, column: lines.at(-1)!.length + 1 };
}

/** From `start` through the first `valueText` after it. */
function range(text: string, start: number, valueText: string): SourceLocation {
  const from = position(text, start);
  const to = position(text, text.indexOf(valueText, start) + valueText.length);
  return { file: 'plan.json', startLine: from.line, startColumn: from.column, endLine: to.line, endColumn: to.column };
}

describe('PlanText.locate', () => {
  it('finds resources whose module keys escape quotes and backslashes, minified and pretty', () => {
    const addresses = ['module.team["a"].aws_iam_role.r', 'module.team["c\\\\d"].aws_iam_role.r', 'module.team["e\\"f"].aws_iam_role.r'];
    const document = planWith(addresses.map((address) => resource(address)));
    for (const text of [JSON.stringify(document), JSON.stringify(document, null, 2), JSON.stringify(document, null, '\t').replaceAll('\n', '\r\n')]) {
      const plan = new PlanText('plan.json', text);
      addresses.forEach((address, index) => {
        expect(plan.locate(address, ['values', 'assume_role_policy'])).toEqual(range(text, nth(text, '"assume_role_policy"', index), JSON.stringify(trust)));
      });
    }
  });

  it('locates alike when told where planned_values ends, and ignores an end before it', () => {
    const changes = [{ address: 'aws_iam_role.b', change: { actions: ['create'], after: { address: 'aws_iam_role.b' } } }];
    const text = JSON.stringify(planWith([resource('aws_iam_role.a', 'a'), resource('aws_iam_role.b', 'b')], changes));
    const end = text.indexOf('"resource_changes"');
    for (const address of ['aws_iam_role.a', 'aws_iam_role.b']) {
      const expected = new PlanText('plan.json', text).locate(address, ['values', 'name']);
      expect(new PlanText('plan.json', text, end).locate(address, ['values', 'name'])).toEqual(expected);
      expect(new PlanText('plan.json', text, 0).locate(address, ['values', 'name'])).toEqual(expected);
    }
    expect(new PlanText('plan.json', text, end).locate('aws_iam_role.b', ['values', 'name'])).toEqual(range(text, nth(text, '"values":{"name":"b"') + '"values":{'.length, '"b"'));
  });

  it('reads addresses and keys written with other escapes and blanks around the colon', () => {
    const text = JSON.stringify(planWith([resource('aws_iam_role.first', 'first'), resource('aws_iam_role.x/y')]))
      .replace('"address":"aws_iam_role.first"', '"address" :\n\t"aws_iam_role.\\u0066irst"')
      .replace('"aws_iam_role.x/y"', '"aws_iam_role.x\\/y"')
      .replace('"values"', '"\\u0076alues"');
    const plan = new PlanText('plan.json', text);
    expect(plan.locate('aws_iam_role.first', ['values', 'name'])).toEqual(range(text, nth(text, '"name":"first"', 1), '"first"'));
    expect(plan.locate('aws_iam_role.x/y', ['values', 'inline_policy', 1, 'name'])).toEqual(range(text, nth(text, '"name":"b"', 1), '"b"'));
  });

  it('walks the file for a resource whose address is not its first key, with a byte order mark too', () => {
    const reordered = { type: 'aws_iam_role', name: 'late', values: { name: 'late', tags: { address: 'elsewhere' } }, address: 'aws_iam_role.late' };
    const text = `\uFEFF${JSON.stringify(planWith([resource('aws_iam_role.first'), reordered]), null, 1)}`;
    const plan = new PlanText('plan.json', text);
    expect(plan.locate('aws_iam_role.late', ['values', 'tags', 'address'])).toEqual(range(text, nth(text, '"address": "elsewhere"'), '"elsewhere"'));
    // Once the file is walked, a resource spans its whole object when its path leads nowhere.
    const located = plan.locate('aws_iam_role.first', ['missing']);
    const objectStart = position(text, text.indexOf('{', text.indexOf('"resources"')));
    const objectEnd = position(text, text.indexOf('\n    }', text.indexOf('"aws_iam_role.first"')) + '\n    }'.length);
    expect(located).toEqual({ file: 'plan.json', startLine: objectStart.line, startColumn: objectStart.column, endLine: objectEnd.line, endColumn: objectEnd.column });
  });

  it('points at the start of the file for a resource planned_values does not list, or without planned_values', () => {
    const text = JSON.stringify(planWith([resource('aws_iam_role.first')], [{ address: 'aws_iam_role.gone', change: { actions: ['create'] } }]));
    const start = { file: 'plan.json', startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 };
    expect(new PlanText('plan.json', text).locate('aws_iam_role.gone', ['values'])).toEqual(start);
    const changesOnly = JSON.stringify({ format_version: '0.1', resource_changes: [{ address: 'aws_iam_role.gone', change: { actions: ['create'] } }] });
    expect(new PlanText('plan.json', changesOnly).locate('aws_iam_role.gone', ['values'])).toEqual(start);
  });

  it('follows paths through numbers, nulls, nested lists and strings holding braces and quotes', () => {
    const text = JSON.stringify(planWith([{ address: 'aws_iam_role.r', values: { n: -1.5e3, z: null, list: [[1, { a: '}]"\\' }], true], last: 'x' } }]), null, 3);
    const plan = new PlanText('plan.json', text);
    expect(plan.locate('aws_iam_role.r', ['values', 'n'])).toEqual(range(text, nth(text, '"n"'), '-1500'));
    expect(plan.locate('aws_iam_role.r', ['values', 'z'])).toEqual(range(text, nth(text, '"z"'), 'null'));
    expect(plan.locate('aws_iam_role.r', ['values', 'list', 1])).toEqual(range(text, nth(text, 'true'), 'true'));
    expect(plan.locate('aws_iam_role.r', ['values', 'last'])).toEqual(range(text, nth(text, '"last"'), '"x"'));
  });

  it('gives the deepest key a path reaches, and ends the search at drift or changes but not at keys that start like them', () => {
    const plan = planWith([{ address: 'aws_iam_role.r', values: { resource_arn: 'a', list: [{ policy: 'p' }], last: 'x' } }], [{ address: 'aws_iam_role.late', change: { actions: ['create'] } }]);
    const text = JSON.stringify({ ...plan, resource_drift: [{ address: 'aws_iam_role.drifted' }] }, null, 2);
    const located = new PlanText('plan.json', text);
    expect(located.locate('aws_iam_role.r', ['values', 'list', 3, 'policy'])).toEqual(range(text, nth(text, '"list"'), ']'));
    expect(located.locate('aws_iam_role.r', ['values', 'list', 0, 'missing'])).toEqual(range(text, nth(text, '{', 5), '}'));
    expect(located.locate('aws_iam_role.r', ['values', 'resource_arn'])).toEqual(range(text, nth(text, '"resource_arn"'), '"a"'));
    // Found by walking the file, as only planned_values is searched: the change and drift records are no resources.
    for (const address of ['aws_iam_role.late', 'aws_iam_role.drifted']) expect(located.locate(address, ['values'])).toEqual({ file: 'plan.json', startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 });
  });

  it('enters a key an object repeats at its last writing, the one JSON.parse reads', () => {
    const text = JSON.stringify(planWith([resource('aws_iam_role.r')], [{ address: 'aws_iam_role.r', change: { actions: ['create'], after: {}, after_unknown: { arn: true } } }]), null, 2)
      .replace('"values": {\n          "name": "r",', '"values": {\n          "name": "first",\n          "name": "r",')
      .replace('"arn": true', '"arn": false,\n          "arn": true');
    const plan = new PlanText('plan.json', text);
    expect(plan.locate('aws_iam_role.r', ['values', 'name'])).toEqual(range(text, nth(text, '"name": "r"', 1), '"r"'));
    expect(plan.locateValue('aws_iam_role.r', 'planned', ['name'])).toEqual(range(text, nth(text, '"name": "r"', 1), '"r"'));
    expect(plan.locateValue('aws_iam_role.r', 'planned', ['arn'])).toEqual(range(text, nth(text, '"arn": true'), 'true'));
  });

  it('takes the first of a repeated address', () => {
    const addresses = ['aws_iam_role.first', 'aws_iam_role.repeated'];
    const text = JSON.stringify(planWith([resource(addresses[0]!, 'one'), resource(addresses[1]!, 'two'), resource(addresses[1]!, 'three')]));
    const plan = new PlanText('plan.json', text);
    expect(plan.locate(addresses[0]!, ['values', 'name'])).toEqual(range(text, nth(text, '"name":"one"', 1), '"one"'));
    expect(plan.locate(addresses[1]!, ['values', 'name'])).toEqual(range(text, nth(text, '"name":"two"', 1), '"two"'));
  });

  it('takes the first of an address written with different escapes, and tells addresses apart that differ by a backslash', () => {
    const address = 'module.m["k"].aws_iam_role.r';
    const slashed = 'module.m["k\\"].aws_iam_role.r';
    const text = JSON.stringify(planWith([resource(address, 'one'), resource(address, 'two'), resource(slashed, 'three'), resource(address, 'four')]))
      .replace('"address":"module.m[\\"k\\"]', '"address":"module.m[\\u0022k\\u0022]');
    const plan = new PlanText('plan.json', text);
    expect(plan.locate(address, ['values', 'name'])).toEqual(range(text, nth(text, '"name":"one"', 1), '"one"'));
    expect(plan.locate(slashed, ['values', 'name'])).toEqual(range(text, nth(text, '"name":"three"', 1), '"three"'));
    expect(plan.locate('module.m[\\"k\\"].aws_iam_role.r', ['values'])).toEqual({ file: 'plan.json', startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 });
  });

  it('finds a resource by its position among the resource objects, and by its address when the position holds another', () => {
    const addresses = ['aws_iam_role.first', 'module.m["k"].aws_iam_role.r', 'aws_iam_role.repeated', 'aws_iam_role.repeated'];
    const resources = addresses.map((address, index) => resource(address, `n${index}`));
    // Objects that start with an address but are no resources: a value, and a module without resources of its own.
    (resources[0]!.values as Record<string, unknown>).endpoint = { address: 'db.example.com', port: 5432 };
    const document = { ...planWith(resources), planned_values: { root_module: { resources, child_modules: [{ address: 'module.empty', child_modules: [] }] } } };
    const text = JSON.stringify(document).replace('"address":"module.m[\\"k\\"]', '"address":"module.m[\\u0022k\\u0022]');
    const name = (index: number) => range(text, nth(text, `"name":"n${index}"`, 1), `"n${index}"`);
    const plan = new PlanText('plan.json', text);
    expect(plan.locate(addresses[1]!, ['values', 'name'], 1)).toEqual(name(1));
    // A repeated address: each object is its own resource's.
    expect(plan.locate(addresses[3]!, ['values', 'name'], 3)).toEqual(name(3));
    expect(plan.locate(addresses[2]!, ['values', 'name'], 2)).toEqual(name(2));
    // Positions that hold another address, or none, fall back to the first object with the address.
    expect(plan.locate(addresses[0]!, ['values', 'name'], 1)).toEqual(name(0));
    expect(plan.locate(addresses[3]!, ['values', 'name'], 9)).toEqual(name(2));
    expect(plan.locate(addresses[1]!, ['values', 'name'], 0)).toEqual(name(1));
  });
});

describe('PlanText.locateValue', () => {
  const notebook = { address: 'aws_sagemaker_notebook_instance.nb', mode: 'managed', type: 'aws_sagemaker_notebook_instance', name: 'nb', values: { name: 'nb', kms_key_id: null, lifecycle: [{ name: 'a' }] }, sensitive_values: {} };
  const change = (afterUnknown: unknown) => ({ address: notebook.address, mode: 'managed', type: notebook.type, name: 'nb', change: { actions: ['create'], before: null, after: notebook.values, after_unknown: afterUnknown } });

  it('locates a value planned_values leaves out as known after apply at its mark in the change, inside blocks too', () => {
    const text = JSON.stringify(planWith([notebook], [change({ arn: true, role_arn: true, lifecycle: [{ arn: true }] })]), null, 2);
    const plan = new PlanText('plan.json', text);
    expect(plan.locateValue(notebook.address, 'planned', ['role_arn'])).toEqual(range(text, nth(text, '"role_arn"'), 'true'));
    expect(plan.locateValue(notebook.address, 'planned', ['lifecycle', 0, 'arn'])).toEqual(range(text, nth(text, '"arn": true', 1), 'true'));
    // A known value stays where planned_values writes it.
    expect(plan.locateValue(notebook.address, 'planned', ['kms_key_id'])).toEqual(range(text, nth(text, '"kms_key_id"'), 'null'));
    expect(plan.locateValue(notebook.address, 'planned', ['lifecycle', 0, 'name'])).toEqual(range(text, nth(text, '"name": "a"'), '"a"'));
  });

  it('keeps the nearest planned value when the change marks nothing further', () => {
    const text = JSON.stringify(planWith([notebook], [change({ arn: true })]), null, 2);
    const plan = new PlanText('plan.json', text);
    // Neither writes it: the values block, as before.
    expect(plan.locateValue(notebook.address, 'planned', ['role_arn'])).toEqual(plan.locate(notebook.address, ['values']));
    expect(plan.locateValue(notebook.address, 'planned', ['role_arn']).startLine).toBe(position(text, nth(text, '"values"')).line);
    // planned_values reaches the block, the change only the attribute: the block it reaches further.
    const marked = JSON.stringify(planWith([notebook], [change({ lifecycle: true })]), null, 2);
    const markedPlan = new PlanText('plan.json', marked);
    expect(markedPlan.locateValue(notebook.address, 'planned', ['lifecycle', 0, 'arn'])).toEqual(markedPlan.locate(notebook.address, ['values', 'lifecycle', 0]));
    expect(markedPlan.locateValue(notebook.address, 'planned', ['lifecycle', 0, 'arn']).startLine).toBe(position(marked, nth(marked, '"name": "a"')).line - 1);
  });

  it('keeps the planned object when it writes no values and the change marks nothing of the path', () => {
    const bare = { ...notebook, values: undefined };
    const text = JSON.stringify(planWith([bare], [change({ arn: true })]), null, 2);
    const plan = new PlanText('plan.json', text);
    expect(plan.locateValue(notebook.address, 'planned', ['role_arn'])).toEqual(plan.locate(notebook.address, []));
  });

  it('takes the change of the resource itself, not of a deposed object of it written first', () => {
    const deposed = { ...change({}), deposed: '00000001', change: { actions: ['delete'], before: notebook.values, after: null, after_unknown: { role_arn: false } } };
    const text = JSON.stringify(planWith([notebook], [deposed, change({ role_arn: true })]), null, 2);
    const plan = new PlanText('plan.json', text);
    expect(plan.locateValue(notebook.address, 'planned', ['role_arn'])).toEqual(range(text, nth(text, '"role_arn": true'), 'true'));
  });

  it('reads a change that planned_values leaves out in its own after and after_unknown', () => {
    const text = JSON.stringify(planWith([], [change({ role_arn: true })]), null, 2);
    const plan = new PlanText('plan.json', text);
    expect(plan.locateValue(notebook.address, 'resource_changes', ['role_arn'])).toEqual(range(text, nth(text, '"role_arn"'), 'true'));
    expect(plan.locateValue(notebook.address, 'resource_changes', ['name'])).toEqual(range(text, nth(text, '"name": "nb"', 1), '"nb"'));
  });
});

describe('PlanText.locateInString', () => {
  // Principals with escapes around them and a key the statement repeats: read in any order, one after the other, each
  // place is the one a fresh read of the plan finds.
  const policy = JSON.stringify({
    Statement: [{ Effect: 'Allow', Principal: { AWS: Array.from({ length: 40 }, (_, index) => `arn:aws:iam::${100000000000 + index}:role/r"${index}\\&`) }, Action: 'sts:AssumeRole', Sid: 'a' }],
    Version: '2012-10-17',
  }).replace('"Sid":"a"', '"Sid":"a","Action":"sts:TagSession"');
  const text = JSON.stringify(planWith([{ address: 'aws_iam_role.r', mode: 'managed', type: 'aws_iam_role', name: 'r', values: { name: 'r', assume_role_policy: policy }, sensitive_values: {} }]), null, 2);
  const paths: Array<Array<string | number>> = [[0, 'Principal', 'AWS', 7], [0, 'Principal', 'AWS', 39], [0, 'Principal', 'AWS', 2], [0, 'Action'], [0, 'Principal', 'AWS', 7], [0, 'Principal', 'AWS', 40], [0, 'Effect'], [0, 'Principal', 'AWS', 0]];
  const locate = (planText: PlanText, inner: Array<string | number>) => planText.locateInString('aws_iam_role.r', 'planned', ['assume_role_policy'], ['Statement', ...inner], policy, (read) => read === policy);

  it('finds each place in one string as a fresh read does, in any order', () => {
    const reused = new PlanText('plan.json', text);
    const found = paths.map((inner) => locate(reused, inner));
    expect(found).toEqual(paths.map((inner) => locate(new PlanText('plan.json', text), inner)));
    // The repeated key is read at its last writing; for an item past the end, the list.
    expect(found[3]).toEqual(range(text, nth(text, '\\"Action\\"', 1), '\\"sts:TagSession\\"'));
    expect(found[5]).toEqual(locate(new PlanText('plan.json', text), [0, 'Principal', 'AWS']));
    expect(found[1]).toEqual(range(text, nth(text, '\\"arn:aws:iam::100000000039'), '\\\\&\\"'));
  });
});

describe('PlanText.locateInString, strings read once for every resource that writes them', () => {
  // Escapes that read shorter than written (`\"`, `\u0041`, `\/`), compact and pretty, and values holding keys named
  // `values` and `address`: each resource located as a plan text read for it alone locates it.
  const compact = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole', Sid: 'q"A/b' }] });
  const pretty = JSON.stringify(JSON.parse(compact), null, 2);
  const escaped = (policy: string): string => JSON.stringify(policy).slice(1, -1).replace('A', '\\u0041').replaceAll('/', '\\/');
  const role = (name: string, policy: string, extra: Record<string, unknown> = {}) => ({ address: `aws_iam_role.${name}`, mode: 'managed', type: 'aws_iam_role', name, values: { ...extra, assume_role_policy: policy, name }, sensitive_values: {} });
  const resources = [role('a', compact), role('b', compact, { values: { address: 'x', mode: 'managed' } }), role('c', pretty), role('d', compact, { address: 'aws_iam_role.a' }), role('e', pretty), role('f', compact)];
  const text = JSON.stringify(planWith(resources)).replace(/"assume_role_policy":"((?:[^"\\]|\\.)*)"/g, (_, written: string) => `"assume_role_policy":"${escaped(JSON.parse(`"${written}"`) as string)}"`);
  const paths: Array<Array<string | number>> = [['Statement', 0, 'Principal', 'Service'], ['Statement', 0, 'Sid'], ['Statement', 0, 'Principal', 'Service'], ['Statement', 1]];
  const locate = (planText: PlanText, name: string, index: number, inner: Array<string | number>) => {
    const policy = (resources[index]!.values as { assume_role_policy: string }).assume_role_policy;
    return planText.locateInString(`aws_iam_role.${name}`, 'planned', ['assume_role_policy'], inner, policy, (read) => read === policy, index);
  };

  it('finds each place as a fresh read of the plan does, the strings written alike read once', () => {
    expect(text).toContain('\\u0041');
    expect(text).toContain('\\/');
    const shared = new PlanText('plan.json', text);
    for (const inner of paths) {
      for (const [index, { name }] of resources.entries()) expect([name, inner, locate(shared, name, index, inner)]).toEqual([name, inner, locate(new PlanText('plan.json', text), name, index, inner)]);
    }
    // The Sid, past the escapes before it, in the compact and in the pretty writing.
    const sid = '\\"Sid\\"';
    expect(locate(shared, 'f', 5, ['Statement', 0, 'Sid'])).toEqual(range(text, text.lastIndexOf(sid), 'b\\"'));
    expect(locate(shared, 'e', 4, ['Statement', 0, 'Sid'])).toEqual(range(text, text.lastIndexOf(sid, text.lastIndexOf(sid) - 1), 'b\\"'));
  });

  it('reads a string again where a resource writes other text for the same value, or its values another string there', () => {
    const plan = new PlanText('plan.json', text);
    expect(locate(plan, 'a', 0, ['Statement', 0, 'Sid'])).toBeDefined();
    // The same value asked for at a resource whose string is the pretty one: not the compact one read before.
    const atPretty = plan.locateInString('aws_iam_role.c', 'planned', ['assume_role_policy'], ['Statement', 0, 'Sid'], compact, (read) => JSON.stringify(JSON.parse(read)) === compact, 2);
    expect(atPretty).toEqual(range(text, nth(text, '\\"Sid\\"', 2), 'b\\"'));
    expect(plan.locateInString('aws_iam_role.d', 'planned', ['assume_role_policy'], ['Statement', 0, 'Sid'], compact, () => false, 3)).toBeUndefined();
  });

  it('takes the last writing of a key written twice, though its first writing is the string read before', () => {
    const twice = text.replace('"name":"f"}', `"name":"f","assume_role_policy":"${escaped(pretty)}"}`);
    const plan = new PlanText('plan.json', twice);
    expect(locate(plan, 'a', 0, ['Statement', 0, 'Sid'])).toBeDefined();
    const found = plan.locateInString('aws_iam_role.f', 'planned', ['assume_role_policy'], ['Statement', 0, 'Sid'], compact, () => true, 5);
    expect(found).toEqual(range(twice, nth(twice, '\\"Sid\\"', 6), 'b\\"'));
    expect(found).toEqual(new PlanText('plan.json', twice).locateInString('aws_iam_role.f', 'planned', ['assume_role_policy'], ['Statement', 0, 'Sid'], compact, () => true, 5));
  });
});

describe('PlanText.locateInString, one reading of a text shared where the text is written apart', () => {
  // A policy whose located statement follows `\n` escapes (the text pretty-printed), characters outside ASCII written as
  // they are and as `\u` escapes, and escaped quotes: what it reads as is shorter than what the plan writes.
  const policy = JSON.stringify(
    { Version: '2012-10-17', Statement: [{ Sid: 'Größe für Zoë \u00e9 ✓', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }, { Sid: 'Train', Effect: 'Allow', Action: ['sagemaker:CreateTrainingJob'], Resource: '*' }] },
    null,
    2,
  );
  const inner = ['Statement', 1, 'Action', 0];
  const policyResource = (address: string, name: string) => ({ address, mode: 'managed', type: 'aws_iam_policy', name, values: { description: name, name, policy }, sensitive_values: {} });
  const root = policyResource('aws_iam_policy.root', 'root');
  const inModule = policyResource('module.team["t0"].aws_iam_policy.train', 'train');
  const document = { format_version: '1.2', planned_values: { root_module: { resources: [root], child_modules: [{ resources: [inModule], address: 'module.team["t0"]' }] } }, resource_changes: [], configuration: {} };
  // The action as the plan writes it inside the `occurrence`-th resource's string, its quotes escaped.
  const action = (text: string, occurrence: number, file = 'plan.json') => ({ ...range(text, nth(text, '\\"sagemaker:CreateTrainingJob', occurrence), 'Job\\"'), file });
  const locate = (planText: PlanText, address: string, order: number) => planText.locateInString(address, 'planned', ['policy'], inner, policy, (read) => read === policy, order);
  const writings = {
    compact: JSON.stringify(document),
    pretty: JSON.stringify(document, null, 2),
    crlf: JSON.stringify(document, null, 2).replaceAll('\n', '\r\n'),
    unicodeEscapes: JSON.stringify(document).replaceAll('ö', '\\u00f6').replaceAll('✓', '\\u2713'),
  };

  it.each(Object.entries(writings))('locates the text in each resource as a fresh read does (%s), a module instance on its own line', (_, text) => {
    expect(text).toContain('\\n');
    const shared = new PlanText('plan.json', text);
    const found = [locate(shared, root.address, 0), locate(shared, inModule.address, 1), locate(shared, root.address, 0)];
    expect(found).toEqual([locate(new PlanText('plan.json', text), root.address, 0), locate(new PlanText('plan.json', text), inModule.address, 1), found[0]]);
    expect(found[0]).toEqual(action(text, 0));
    expect(found[1]).toEqual(action(text, 1));
    expect(found[0]).not.toEqual(found[1]);
  });

  it('keeps the places of two plans apart that write one text', () => {
    // Another plan writes the same text later in its file: each plan locates in its own text.
    const first = writings.pretty;
    const second = JSON.stringify({ ...document, planned_values: { root_module: { resources: [policyResource('aws_iam_policy.other', 'other'), root] } } }, null, 3);
    const [one, two] = [new PlanText('one.json', first), new PlanText('two.json', second)];
    const found = [locate(one, root.address, 0), locate(two, root.address, 1), locate(one, inModule.address, 1), locate(two, 'aws_iam_policy.other', 0)];
    expect(found).toEqual([action(first, 0, 'one.json'), action(second, 1, 'two.json'), action(first, 1, 'one.json'), action(second, 0, 'two.json')]);
  });
});
