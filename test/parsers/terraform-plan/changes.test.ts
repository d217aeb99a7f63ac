import { describe, expect, it } from 'vitest';
import { readPlanJson, type PlanJson } from '../../../parsers/terraform-plan/changes.js';
import { parseTerraformPlan } from '../../../parsers/terraform-plan/index.js';

type Json = Record<string, unknown>;

const role = (name: string, extra: Json = {}): Json => ({ name, assume_role_policy: '{"Version":"2012-10-17","Statement":[]}', ...extra });

/** A change as Terraform writes it: the address first. */
function change(address: string, actions: string[], before: Json | null, after: Json | null, unknown: Json = {}): Json {
  return { address, mode: 'managed', type: 'aws_iam_role', name: address.split('.').at(-1), change: { actions, before, after, after_unknown: unknown, before_sensitive: false, after_sensitive: {} } };
}

function planWith(changes: unknown[], extra: Json = {}): Json {
  return {
    format_version: '1.2',
    planned_values: { root_module: { resources: [{ address: 'aws_iam_role.a', mode: 'managed', type: 'aws_iam_role', name: 'a', values: role('a') }] } },
    resource_changes: changes,
    prior_state: { format_version: '1.0', values: { root_module: {} } },
    configuration: { root_module: {} },
    ...extra,
  };
}

const TWO_CHANGES = [change('aws_iam_role.a', ['create'], null, role('a'), { arn: true }), change('aws_iam_role.b', ['no-op'], role('b'), role('b'))];

/** The change kinds of the actions these tests write. */
const KINDS: Record<string, string> = { create: 'create', 'no-op': 'no-op' };

/** What JSON.parse of the whole text gives, in the terms `readPlanJson` answers in. */
function asWhole(text: string): { rest: Json; changes: unknown[] } {
  const { resource_changes: items, ...rest } = JSON.parse(text) as Json;
  const object = (value: unknown) => (typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined);
  const changes = (Array.isArray(items) ? items : [])
    .filter((item): item is Json => typeof object(item)?.address === 'string')
    .map((item) => {
      const details = (object(item.change) ?? {}) as Json;
      return { address: item.address, deposed: typeof item.deposed === 'string', kind: KINDS[String(details.actions)], afterUnknown: details.after_unknown, afterSensitive: details.after_sensitive, before: object(details.before), after: object(details.after) };
    });
  return { rest, changes };
}

function answered(read: PlanJson): { rest: Json; changes: unknown[] } {
  const { resource_changes: _, ...rest } = read.document;
  const changes = read.changes.map((found) => ({ address: found.address, deposed: found.deposed, kind: found.kind, afterUnknown: found.afterUnknown, afterSensitive: found.afterSensitive, before: found.values('before'), after: found.values('after') }));
  return { rest, changes };
}

/** Reads the text, checks it reads as JSON.parse of the whole reads it, and says how it was read. */
function readLikeJsonParse(text: string): PlanJson['read'] {
  const read = readPlanJson(text);
  expect(answered(read)).toEqual(asWhole(text));
  return read.read;
}

describe('reading resource_changes', () => {
  it('parses each change of a minified plan on its own, and reads it as the whole plan reads', () => {
    const text = JSON.stringify(planWith(TWO_CHANGES));
    expect(readLikeJsonParse(text)).toBe('in parts, planned_values in place');
    const read = readPlanJson(text);
    expect(read.changes.map((found) => found.address)).toEqual(['aws_iam_role.a', 'aws_iam_role.b']);
    // Values are read again from the change's text, when it writes them.
    expect(read.changes[1]!.values('before')).toEqual(role('b'));
    expect(read.changes[0]!.values('before')).toBeUndefined();
  });

  it('reads an empty list, a list at the end of the plan and a plan of format 0.1 in parts', () => {
    expect(readLikeJsonParse(JSON.stringify(planWith([])))).toBe('in parts, planned_values in place');
    const { resource_changes, ...rest } = planWith(TWO_CHANGES);
    expect(readLikeJsonParse(JSON.stringify({ ...rest, resource_changes }))).toBe('in parts');
    expect(readLikeJsonParse(`${JSON.stringify({ ...rest, resource_changes })}\n`)).toBe('in parts');
    expect(readLikeJsonParse(JSON.stringify({ format_version: '0.1', terraform_version: '0.12.29', resource_changes: TWO_CHANGES, configuration: {} }))).toBe('in parts');
  });

  it('reads a change that holds objects starting with an address key in parts, and one with too many of them whole', () => {
    const targets = (count: number) => Array.from({ length: count }, (_, index) => ({ address: `10.0.0.${index}`, port: 80 }));
    const few = change('aws_lb.a', ['create'], null, { targets: targets(3) });
    expect(readLikeJsonParse(JSON.stringify(planWith([few, ...TWO_CHANGES])))).toBe('in parts, planned_values in place');
    const many = change('aws_lb.a', ['create'], null, { targets: targets(40) });
    expect(readLikeJsonParse(JSON.stringify(planWith([many, ...TWO_CHANGES])))).toBe('whole');
  });

  it('reads whole, as JSON.parse does, what does not read as Terraform writes the list', () => {
    const pretty = JSON.stringify(planWith(TWO_CHANGES), null, 2);
    const keyOrder = JSON.stringify(planWith(TWO_CHANGES.map(({ address, ...rest }) => ({ ...rest, address }))));
    const notObjects = JSON.stringify(planWith([1, ...TWO_CHANGES, 'x']));
    // A value whose key could follow the list, right after a list: the list seems to end inside a change.
    const endInside = JSON.stringify(planWith([change('aws_iam_role.c', ['create'], null, { a: ['x'], checks: 1 }), ...TWO_CHANGES]));
    const nestedKey = JSON.stringify(planWith(TWO_CHANGES, { planned_values: { root_module: { resources: [{ address: 'x.y', values: { resource_changes: [] } }] } } }));
    // Only a value holds the key, written as the plan would write its list: it is not the plan's.
    const { resource_changes: _, ...withoutList } = planWith([]);
    const nestedOnly = JSON.stringify({ ...withoutList, planned_values: { root_module: { resources: [{ address: 'x.y', values: { resource_changes: TWO_CHANGES, checks: 1 } }] } } });
    for (const text of [pretty, keyOrder, notObjects, endInside, nestedKey, nestedOnly]) expect(readLikeJsonParse(text)).toBe('whole');
    expect(readPlanJson(nestedOnly).changes).toEqual([]);
  });

  it('parses planned_values where it stands only when Terraform wrote it right before the list, and only once in the plan', () => {
    const { planned_values, resource_changes, ...rest } = planWith(TWO_CHANGES);
    const drift = [change('aws_iam_role.d', ['update'], role('d'), role('d'))];
    const withDrift = JSON.stringify({ format_version: '1.2', planned_values, resource_drift: drift, resource_changes, ...rest });
    const elsewhere = JSON.stringify({ format_version: '1.2', planned_values, ...rest, resource_changes });
    // The first `,"planned_values":` is a variable's: the one before the list is the plan's.
    const inVariable = JSON.stringify({ format_version: '1.2', variables: { v: { value: { a: 1, planned_values: 1 } } }, planned_values, resource_changes, ...rest });
    const later = JSON.stringify(planWith(TWO_CHANGES)).replace(/\}$/, ',"planned_values":null}');
    const laterInValue = JSON.stringify(planWith(TWO_CHANGES, { configuration: { root_module: { planned_values: {} } } }));
    for (const text of [withDrift, elsewhere, inVariable, later, laterInValue]) expect(readLikeJsonParse(text)).toBe('in parts');
    expect(readPlanJson(later).document.planned_values).toBeNull();
    // A later key holding what stands for planned_values in the rest: the plan's planned_values is that text.
    const laterAsMarker = JSON.stringify(planWith(TWO_CHANGES)).replace(/\}$/, ',"planned_values":"\\u0000planned_values"}');
    expect(readLikeJsonParse(laterAsMarker)).toBe('in parts');
    expect(readPlanJson(laterAsMarker).document.planned_values).toBe('\u0000planned_values');
    // An earlier key of that name is overridden by the one before the list, as JSON.parse overrides it.
    const earlier = JSON.stringify(planWith(TWO_CHANGES)).replace('"format_version":"1.2"', '"planned_values":"\\u0000planned_values"');
    expect(readLikeJsonParse(earlier)).toBe('in parts, planned_values in place');
  });

  it('takes the last resource_changes key, as JSON.parse does', () => {
    const text = JSON.stringify(planWith(TWO_CHANGES)).replace(/\}$/, ',"resource_changes":[]}');
    expect(readLikeJsonParse(text)).toBe('whole');
    expect(readPlanJson(text).changes).toEqual([]);
  });

  it('refuses a change whose marks are in another shape than Terraform writes, at the first such change, read in parts or whole', () => {
    // Terraform writes an object that mirrors the values, or true where the whole value is unknown (or sensitive).
    const shaped = [change('aws_iam_role.a', ['create'], null, role('a'), { arn: true }), { ...change('aws_iam_role.w', ['create'], null, null), change: { actions: ['create'], before: null, after: null, after_unknown: true, after_sensitive: false } }];
    const odd = (key: string, marks: unknown, address = 'aws_iam_role.b') => {
      const made = change(address, ['create'], null, role('b'));
      return { ...made, change: { ...(made.change as Json), [key]: marks } };
    };
    for (const [key, marks] of [['after_unknown', 'arn'], ['after_unknown', ['arn']], ['after_unknown', 1], ['after_sensitive', 'name']] as const) {
      const minified = JSON.stringify(planWith([...shaped, odd(key, marks), odd(key, marks, 'aws_iam_role.c')]));
      const spaced = JSON.stringify(planWith([...shaped, odd(key, marks), odd(key, marks, 'aws_iam_role.c')]), null, 1);
      expect(readLikeJsonParse(minified)).toBe('in parts, planned_values in place');
      expect(readLikeJsonParse(spaced)).toBe('whole');
      for (const text of [minified, spaced]) expect(readPlanJson(text).misshapenChange, `${key} ${JSON.stringify(marks)}`).toEqual({ path: ['resource_changes', 2, 'change', key], shape: 'an object (or true)' });
    }
    expect(readPlanJson(JSON.stringify(planWith(shaped))).misshapenChange).toBeUndefined();
    expect(readPlanJson(JSON.stringify(planWith(shaped), null, 1)).misshapenChange).toBeUndefined();
  });

  it('refuses a change any part of which deputy reads is in another shape than Terraform writes, read in parts or whole', () => {
    const made = change('aws_iam_role.b', ['create'], null, role('b'));
    const inChange = (part: Json): Json => ({ ...made, change: { ...(made.change as Json), ...part } });
    const cases: Array<[unknown, Array<string | number>, string]> = [
      [{ ...made, address: 1 }, ['address'], 'a string'],
      [{ ...made, deposed: 7 }, ['deposed'], 'a string'],
      [{ ...made, previous_address: ['aws_iam_role.x'] }, ['previous_address'], 'a string'],
      [{ ...made, change: 'create' }, ['change'], 'an object'],
      [inChange({ actions: 'create' }), ['change', 'actions'], 'a list of actions ("create", "update", ...)'],
      [inChange({ actions: [1] }), ['change', 'actions'], 'a list of actions ("create", "update", ...)'],
      [inChange({ after: '{}' }), ['change', 'after'], 'an object (or null)'],
      [inChange({ before: [] }), ['change', 'before'], 'an object (or null)'],
    ];
    for (const [entry, path, shape] of cases) {
      const changes = [TWO_CHANGES[0], entry, TWO_CHANGES[1]];
      for (const text of [JSON.stringify(planWith(changes)), JSON.stringify(planWith(changes), null, 1)]) {
        expect(readPlanJson(text).misshapenChange, JSON.stringify(entry)).toEqual({ path: ['resource_changes', 1, ...path], shape });
      }
    }
    // A list item that is not an object can be read whole only.
    expect(readPlanJson(JSON.stringify(planWith([TWO_CHANGES[0], 7]))).misshapenChange).toEqual({ path: ['resource_changes', 1], shape: 'an object' });
    // What Terraform leaves out or writes null is no other shape; a deposed object is one of a string key.
    const written = [inChange({ before: null, after: null }), { ...made, previous_address: null }, { ...made, deposed: 'a1b2c3d4' }];
    for (const text of [JSON.stringify(planWith(written)), JSON.stringify(planWith(written), null, 1)]) {
      const read = readPlanJson(text);
      expect(read.misshapenChange).toBeUndefined();
      expect(read.changes.map((found) => found.deposed)).toEqual([false, false, true]);
    }
  });

  it('refuses the plan at a change or a planned resource whose address is a text that names no resource, and analyzes nothing of it', () => {
    const unreadable = change('1', ['create'], null, role('b'));
    const byChange = parseTerraformPlan('plan.json', JSON.stringify(planWith([TWO_CHANGES[0], unreadable]), null, 1));
    expect(byChange.errors).toEqual([{ file: 'plan.json', line: expect.any(Number), column: expect.any(Number), message: 'not a Terraform plan: its resource_changes[1].address is not a resource address (aws_iam_role.name, module.a.aws_iam_role.name[0]), as terraform show -json writes it' }]);
    expect(byChange.worlds).toEqual([]);
    const planned = planWith(TWO_CHANGES);
    (planned.planned_values as { root_module: Json }).root_module = { child_modules: [{ address: 'module.m', resources: [{ address: 'module.m.aws_iam_role', mode: 'managed', type: 'aws_iam_role', name: 'r', values: role('r') }] }] };
    const byPlanned = parseTerraformPlan('plan.json', JSON.stringify(planned));
    expect(byPlanned.errors.map((error) => error.message)).toEqual(['not a Terraform plan: its planned_values.root_module.child_modules[0].resources[0].address is not a resource address (aws_iam_role.name, module.a.aws_iam_role.name[0]), as terraform show -json writes it']);
    expect(byPlanned.worlds).toEqual([]);
  });

  it('refuses the plan at a prior_state resource whose address names no resource, at its line, and analyzes nothing of it', () => {
    const deployed = (address: string): Json => ({ address, mode: 'managed', type: 'aws_iam_role', name: 'd', values: role('d') });
    const withPrior = (rootModule: Json): string => JSON.stringify(planWith(TWO_CHANGES, { prior_state: { format_version: '1.0', values: { root_module: rootModule } } }), null, 1);
    const lineOf = (text: string, needle: string): number => text.slice(0, text.indexOf(needle, text.indexOf('"prior_state"'))).split('\n').length;
    const message = (path: string) => `not a Terraform plan: its ${path} is not a resource address (aws_iam_role.name, module.a.aws_iam_role.name[0]), as terraform show -json writes it`;
    const atRoot = withPrior({ resources: [deployed('aws_iam_role.d'), deployed('1')] });
    const byRoot = parseTerraformPlan('plan.json', atRoot);
    expect(byRoot.errors).toEqual([{ file: 'plan.json', line: lineOf(atRoot, '"address": "1"'), column: expect.any(Number), message: message('prior_state.values.root_module.resources[1].address') }]);
    expect(byRoot.worlds).toEqual([]);
    expect(byRoot.incomplete).toBe(true);
    // In a child module, found by the address as written: a state's may be read within its module.
    const inChild = withPrior({ child_modules: [{ address: 'module.m', resources: [deployed('module.m.aws_iam_role.d'), deployed('module.m.aws_iam_role')] }] });
    const byChild = parseTerraformPlan('plan.json', inChild);
    expect(byChild.errors).toEqual([{ file: 'plan.json', line: lineOf(inChild, '"address": "module.m.aws_iam_role"'), column: expect.any(Number), message: message('prior_state.values.root_module.child_modules[0].resources[1].address') }]);
    // A number is no text at all; the same state with addresses that name resources is read.
    expect(parseTerraformPlan('plan.json', withPrior({ resources: [{ ...deployed('x'), address: 1 }] })).errors.map((error) => error.message)).toEqual(['not a Terraform plan: its prior_state.values.root_module.resources[0].address is not a string, as terraform show -json writes it']);
    const readable = parseTerraformPlan('plan.json', withPrior({ resources: [deployed('aws_iam_role.d')], child_modules: [{ address: 'module.m', resources: [deployed('module.m.aws_iam_role.d')] }] }));
    expect(readable.errors).toEqual([]);
    expect(readable.worlds[0]!.resources.map((resource) => resource.address)).toEqual(['aws_iam_role.a', 'aws_iam_role.b', 'aws_iam_role.d', 'module.m.aws_iam_role.d']);
  });

  it('throws what JSON.parse throws on invalid text, in a change or around the list', () => {
    const minified = JSON.stringify(planWith(TWO_CHANGES));
    const inChange = minified.replace('"no-op"', '"no-op",');
    const aroundList = minified.replace('"configuration":{', '"configuration":{,');
    const inPlannedValues = minified.replace('"mode":"managed"', '"mode":"managed",');
    for (const text of [inChange, aroundList, inPlannedValues]) {
      expect(() => JSON.parse(text)).toThrow();
      expect(() => readPlanJson(text)).toThrow(getError(() => JSON.parse(text)).message);
    }
    const parsed = parseTerraformPlan('plan.json', inChange);
    expect(parsed.errors).toEqual([expect.objectContaining({ file: 'plan.json', line: 1, message: expect.stringContaining('not valid JSON') })]);
    expect(parsed.worlds).toEqual([]);
  });
});

function getError(action: () => unknown): Error {
  try {
    action();
  } catch (error) {
    return error as Error;
  }
  throw new Error('no error');
}
