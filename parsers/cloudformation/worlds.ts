/**
 * Worlds: consistent assignments of the parameters that template conditions depend on. A `Fn::If` whose condition
 * depends on a parameter that was not supplied (a Default does not count) or on a pseudo parameter is explored in
 * both branches by varying that *parameter* over the literals the conditions compare it with (less the literal text
 * a `Fn::Sub` or `Fn::Join` writes around it, comparedSideOf), its AllowedValues and "some other value". Varying
 * parameters rather than conditions keeps `IsProd`/`IsDev` on one parameter consistent.
 * A list parameter, which Fn::Equals compares through `Fn::Select` of an item or `Fn::Join` of its items, is varied
 * over lists that make those items and joined texts the literals compared, or other values (listCandidates).
 * A String parameter with AllowedValues that a role's trust policy names a principal by is varied over them too
 * (principalParametersOf), each value an outcome of its own beside the conditions' (valueColumns), no condition needed;
 * a list parameter so, over the lists of one of them and the list of all (listChoices).
 *
 * Only conditions that decide something about a modelled resource (kind other than `other`: its `Condition`, or a
 * `Fn::If` in its Properties or Metadata, with the conditions those refer to) drive worlds. Parameters that one such
 * condition depends on together form a group, and so do the parameters of the conditions that decide something about
 * one resource or a resource it refers to (a role created under `CreateRole` whose trust policy holds `!If [Restrict,
 * ...]`, or a model created under `IsProd` that uses it: a finding may need `CreateRole` or `IsProd` true and `Restrict`
 * false); groups are independent, as no condition or resource depends on two of them. Each
 * group gets rows: its baseline (supplied values, else defaults; pseudo parameters symbolic) and every combination of
 * its candidate values (a sample when there are more than ENUMERATION_LIMIT), less any row whose condition outcomes
 * another row knows at least as well; at most MAX_WORLDS rows are kept, chosen so that every outcome of every
 * condition is in one of them where possible. The worlds are every combination of the groups' rows when they fit in
 * MAX_WORLDS, else the groups are varied side by side (world k takes row k of every group, cycling): either way,
 * every kept row of every group is in some world. World 0 takes each group's baseline unless another row of the group
 * knows more.
 */
import { MAX_WORLDS, hasMarker, pathKey, tokenize, Unresolved, type Tri, type Value } from '../../src/model/index.js';
import { kindOf } from './kinds.js';
import { TIME_KEYS } from '../../src/iam/request.js';
import { accountId } from '../../src/model/arn.js';
import { DistinctValue, PartlyKnownList, Resolver, sharedValueMarker, SourceLink, type Scope, type StringAssumption } from './resolve.js';
import { intrinsicKey, isPlainObject, subPieces, walkIntrinsics } from './shape.js';
import { setOwn } from '../../src/model/objects.js';
import { isListType, parameterValues, PSEUDO_PARAMETERS, ssmValueType, stackSetTemplateBody, typedValue, type ParameterDeclaration, type Template, type TemplateResource } from './template.js';

/** A group of parameters with more combinations than this is explored from a sample of them. */
export const ENUMERATION_LIMIT = 1024;

/** A list parameter's assumption is its text (the whole list), or a list known only in part. */
type Assumption = StringAssumption | PartlyKnownList;

/** The pseudo parameter each owner symbol stands for (`AWS::AccountId` for the account's). */
const PSEUDO_PARAMETER_OF_SYMBOL = new Map([...PSEUDO_PARAMETERS].flatMap(([name, value]) => (typeof value === 'string' ? [[value, name] as const] : [])));
type Assumptions = ReadonlyMap<string, Assumption>;

/** One world: parameter values (baseline plus assumptions) and the template conditions they imply. */
export class World implements Scope {
  private readonly truths = new Map<string, Tri>();
  private readonly conditionResolver: Resolver;

  constructor(
    private readonly template: Template,
    private readonly baseline: ReadonlyMap<string, Value>,
    /** Values assumed for unsupplied parameters and pseudo parameters; empty in the baseline world. */
    private readonly assumptions: Assumptions,
  ) {
    this.conditionResolver = new Resolver(template, this, true);
  }

  /** Whether this world assumes a value for the parameter (not the one supplied or its Default). */
  assumes(name: string): boolean {
    return this.assumptions.has(name);
  }

  parameter(name: string, forCondition: boolean): Value | undefined {
    const assumption = this.assumptions.get(name);
    const pseudo = PSEUDO_PARAMETERS.get(name);
    // Properties keep the owner's symbols; only conditions see the value a world assumes for a pseudo parameter.
    if (pseudo !== undefined) return forCondition && assumption !== undefined ? assumption : pseudo;
    const declaration = this.template.parameters.get(name);
    if (!declaration) return undefined;
    if (assumption === undefined) return this.baseline.get(name);
    const value = forCondition ? this.asConditionsSee(assumption) : assumption;
    // An assumption is a value the parameter takes: for an SSM type, the value read, not the name of the SSM parameter.
    return typeof value === 'string' ? typedValue(declaration.type, value) : value;
  }

  /**
   * The literal values this world gives the named parameters (those some world assumes a value for), as its resources
   * see them: the value it assumes, else the one supplied or the Default. A value a finding shows in this world is the
   * parameter another world shows as written (`${Env}`) or with its own value (`prod*` here, `dev*` there). Of list
   * parameters, only those named in `lists` (a trust principal's, principalParametersOf), as their items joined with commas.
   */
  parameterValues(names: Iterable<string>, lists: ReadonlySet<string>): Record<string, string> {
    const values: Record<string, string> = {};
    for (const name of names) {
      const declaration = this.template.parameters.get(name);
      if (!declaration || PSEUDO_PARAMETERS.has(name)) continue;
      const value = this.assumptions.get(name) ?? this.baseline.get(name);
      if (isListType(declaration.type)) {
        if (lists.has(name) && (typeof value === 'string' || Array.isArray(value))) setOwn(values, name, [value].flat().join(','));
      } else if (typeof value === 'string' && !hasMarker(value)) setOwn(values, name, value);
    }
    return values;
  }

  /**
   * An assumption made of the owner's symbols (equal to the owner's account, or other than it), as conditions see it:
   * each symbol is what this world assumes its pseudo parameter to be in conditions, where the world assumes a value.
   */
  private asConditionsSee(assumption: Assumption): Assumption {
    if (!(assumption instanceof PartlyKnownList)) return this.stringAsConditionsSee(assumption);
    const seen = <Key>(parts: ReadonlyMap<Key, StringAssumption>) => new Map([...parts].map(([key, part]) => [key, this.stringAsConditionsSee(part)]));
    return new PartlyKnownList(assumption.name, seen(assumption.items), seen(assumption.joined));
  }

  private stringAsConditionsSee(assumption: StringAssumption): StringAssumption {
    const assumed = (value: string) => {
      const pseudo = PSEUDO_PARAMETER_OF_SYMBOL.get(value);
      const seen = pseudo === undefined ? undefined : this.assumptions.get(pseudo);
      return seen instanceof PartlyKnownList ? undefined : seen; // a pseudo parameter is assumed a string
    };
    if (typeof assumption === 'string') return assumed(assumption) ?? assumption;
    const excluded = assumption.excluded.map((value) => {
      const seen = assumed(value);
      return typeof seen === 'string' ? seen : value;
    });
    return excluded.every((value, index) => value === assumption.excluded[index]) ? assumption : new DistinctValue(assumption.name, excluded, '', '', assumption.written);
  }

  /**
   * The account this world assumes the stack deploys to, where its conditions fix one (`!Equals [!Ref AWS::AccountId,
   * "210987654321"]` true): the account the owner's symbol stands for in its resources.
   */
  assumedAccount(): string | undefined {
    return accountId(this.assumptions.get('AWS::AccountId'));
  }

  condition(name: string): Tri | undefined {
    if (!Object.hasOwn(this.template.conditions, name)) return undefined;
    if (!this.truths.has(name)) {
      // Each condition is decided after the conditions it reads, so that reading one finds them decided: however long
      // a chain of conditions reading conditions, none is decided inside another (a condition that depends on itself
      // reads itself unknown, as the conditions it is read from until they are decided).
      const undecided = undecidedFirst(this.template, name, (condition) => this.truths.has(condition));
      for (const condition of undecided) this.truths.set(condition, 'unknown');
      for (const condition of undecided) {
        this.truths.set(condition, this.conditionResolver.truth(this.template.conditions[condition], conditionLink(condition)));
      }
    }
    return this.truths.get(name);
  }
}

export interface PlannedWorld {
  world: World;
  /** Truth values of the conditions that differ across worlds, where known in this world. */
  conditions: Record<string, boolean>;
  /** The literal values of the parameters some world assumes a value for, in this world (`World.parameterValues`). */
  parameters: Record<string, string>;
}

/**
 * For each resource (by logical id): the template conditions that decide whether it exists (its `Condition`) or what
 * its Properties and Metadata are (`Fn::If`), with the conditions those refer to, in declaration order. A membership
 * written apart from the user and group (`iam-group-membership`) decides which groups the users it names are in and
 * who the group it names holds: its conditions are theirs too, as a user's `Groups: !If [...]` is the user's.
 */
export function resourceConditions(template: Template): Map<string, string[]> {
  // Sorted by their place, not filtered from the list of all: a template of thousands of conditions read it per resource.
  const order = new Map(Object.keys(template.conditions).map((name, index) => [name, index]));
  const direct = new Map(
    template.resources.map((resource) => {
      const conditions: unknown[] = [resource.condition];
      walkIntrinsics([resource.properties, resource.metadata], (key, args) => key === 'Fn::If' && Array.isArray(args) && conditions.push(args[0]));
      return [resource.logicalId, conditions];
    }),
  );
  for (const { logicalId, type, properties } of template.resources) {
    if (kindOf(type) !== 'iam-group-membership') continue;
    for (const name of namesReferencedIn(properties)) direct.get(name)?.push(...direct.get(logicalId)!);
  }
  return new Map([...direct].map(([logicalId, conditions]) => [logicalId, [...referencedConditions(template, conditions)].sort((a, b) => order.get(a)! - order.get(b)!)]));
}

/** Where the template writes something under a condition: a resource with a `Condition`, a branch of a `Fn::If` in a resource. */
export function conditionalPaths(template: Template): Array<{ condition: string; path: Array<string | number> }> {
  const found: Array<{ condition: string; path: Array<string | number> }> = [];
  const visit = (node: unknown, path: Array<string | number>): void => {
    if (Array.isArray(node)) node.forEach((item, index) => visit(item, [...path, index]));
    if (!isPlainObject(node)) return;
    const keys = Object.keys(node);
    const args = node['Fn::If'];
    if (keys.length === 1 && Array.isArray(args) && typeof args[0] === 'string') found.push({ condition: args[0], path: [...path, 'Fn::If', 1] }, { condition: args[0], path: [...path, 'Fn::If', 2] });
    const loopWritten = template.loopWrittenKeys.get(node);
    for (const key of keys) visit(node[key], [...path, ...(loopWritten?.get(key) ?? [key])]);
  };
  // The resources a `Fn::ForEach` generates are written in one place: it is said once.
  const visited = new Set<string>();
  for (const { writtenAt, condition, properties, metadata } of template.resources) {
    const fragment = pathKey(writtenAt);
    if (visited.has(fragment)) continue;
    visited.add(fragment);
    const at = [...writtenAt];
    if (condition !== undefined) found.push({ condition, path: at });
    visit(properties, [...at, 'Properties']);
    visit(metadata, [...at, 'Metadata']);
  }
  return found;
}

export function planWorlds(
  template: Template,
  supplied: Readonly<Record<string, string>>,
  dependencies: ReadonlyMap<string, readonly string[]> = resourceConditions(template),
): { worlds: PlannedWorld[]; notices: string[]; principalParameters: Map<string, string[]> } {
  const baseline = parameterValues(template.parameters, supplied);
  const principalParameters = principalParametersOf(template, supplied);
  const told = new Map([...principalParameters.values()].flat().map((name) => [name, toldParameter(template.parameters.get(name)!)] as const));
  const order = Object.keys(template.conditions);
  // A SAM function or state machine is modelled where SAM generates its execution role from what it writes (sam.ts), and
  // a stack set where the template it deploys is read from its TemplateBody (index.ts, whereCreated).
  const isModelled = ({ logicalId, type, properties }: TemplateResource) =>
    kindOf(type) !== 'other' || template.samExecutionRoles.has(logicalId) || stackSetTemplateBody({ type, properties }) !== undefined;
  const modelled = new Set(template.resources.flatMap((resource) => (isModelled(resource) ? (dependencies.get(resource.logicalId) ?? []) : [])));
  const ofResources = new Set([...dependencies.values()].flat());
  const driving = order.filter((name) => modelled.has(name));
  // A world reports the conditions of every resource, so that a note on a finding can name any of them.
  const tracked = order.filter((name) => ofResources.has(name));
  const { candidates: assumed, notices: sampled } = assumptionCandidates(template, supplied, baseline, driving);
  // A String parameter a condition compares is assumed each of its AllowedValues already.
  for (const [name, { values, list }] of told) {
    if (list) assumed.set(name, [...new Set([...(assumed.get(name) ?? []), ...listChoices(values)])]);
    else if (!assumed.has(name)) assumed.set(name, [...values]);
  }
  const together = template.resources.flatMap((resource) => {
    if (!isModelled(resource)) return [];
    const conditions = new Set(dependencies.get(resource.logicalId));
    for (const referenced of namesReferencedIn(resource.properties)) for (const condition of dependencies.get(referenced) ?? []) conditions.add(condition);
    return [[...conditions]];
  });
  const { assignments, notices } = combine(template, baseline, driving, assumed, together, told);
  const candidates = assignments.map((assumptions) => {
    const world = new World(template, baseline, assumptions);
    return { world, truths: tracked.map((name) => world.condition(name) ?? 'unknown') };
  });
  const drivingIndexes = tracked.flatMap((name, index) => (modelled.has(name) ? [index] : []));
  const toldNames = [...told.keys()];
  const planned = nonDominated(
    candidates.map(({ truths }, position) => {
      const values = toldNames.map((name) => assignments[position]!.get(name) ?? baseline.get(name));
      return Uint8Array.from([...drivingIndexes.map((index) => truthByte(truths[index]!)), ...valueColumns(told, toldNames, values)]);
    }),
  ).map((index) => candidates[index]!);
  const differing = tracked.flatMap((name, index) => (planned.some(({ truths }) => truths[index] !== planned[0]!.truths[index]) ? [{ name, index }] : []));
  const varied = new Set(assignments.flatMap((assumptions) => [...assumptions.keys()]));
  const toldLists = new Set([...told].flatMap(([name, { list }]) => (list ? [name] : [])));
  const worlds = planned.map(({ world, truths }) => ({
    world,
    conditions: Object.fromEntries(differing.filter(({ index }) => truths[index] !== 'unknown').map(({ name, index }) => [name, truths[index] === true])),
    parameters: world.parameterValues(varied, toldLists),
  }));
  return { worlds, notices: [...sampled, ...notices], principalParameters };
}

/**
 * By role or other IAM resource (its logical id): the String and list parameters with AllowedValues, and no value supplied, that its trust
 * policy names a principal by (in a `Principal` or `NotPrincipal`, through `Fn::Sub`, `Fn::Join`, a `Fn::FindInMap` key
 * or a `Fn::If` branch; a list only as a whole principal's value, `Service: !Ref Services`, as a list inside a list of
 * principals is no principal). The deployer chooses which of values written out the role trusts: worlds vary each over
 * its AllowedValues (a Default is one the deployer may override, as for a parameter a condition compares), a list over
 * the lists of them (listChoices), so that the rules read the principal each value makes rather than a value not known,
 * and a finding in some worlds says for which values. So too, by IAM resource, the String parameters the conditions of
 * its policies on the request's time compare it with (`namesInTimeConditions`): a window ended for one value may be
 * open for another.
 */
function principalParametersOf(template: Template, supplied: Readonly<Record<string, string>>): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const { logicalId, type, properties } of template.resources) {
    const kind = kindOf(type);
    if (!IAM_KINDS.has(kind) || !isPlainObject(properties)) continue;
    const { names, notWhole } = kind === 'iam-role' ? namesInPrincipals(properties.AssumeRolePolicyDocument) : { names: new Set<string>(), notWhole: new Set<string>() };
    namesInTimeConditions(properties, names, notWhole);
    const told = [...names].filter((name) => {
      const declaration = template.parameters.get(name);
      if (declaration === undefined || Object.hasOwn(supplied, name)) return false;
      const { values, list } = toldParameter(declaration);
      return values.length > 0 && (declaration.type === 'String' || (list && !notWhole.has(name)));
    });
    if (told.length > 0) found.set(logicalId, told);
  }
  return found;
}

/** A parameter the worlds vary over its AllowedValues (principalParametersOf): those, and whether it is a list of them. */
interface ToldParameter {
  /** Its AllowedValues; a list's that may be an item (isItemText), as CloudFormation checks each item against them. */
  values: readonly string[];
  list: boolean;
}

function toldParameter({ type, allowedValues = [] }: ParameterDeclaration): ToldParameter {
  const list = isListType(type) && ssmValueType(type) === undefined;
  return { values: list ? allowedValues.filter(isItemText) : allowedValues, list };
}

/**
 * The values a list parameter with these AllowedValues is varied over, as texts: the list of each one alone, and the
 * list of all. A rule reads each principal of a list alone (does the policy let this one in?), so a list of one shows
 * every finding that some list of them makes; the list of all tells a finding that holds where the list includes a
 * value (SageMaker trusted without a source condition) from one that holds where it does not include another (the
 * role of a SageMaker resource that SageMaker cannot assume), which the lists of one alone do not.
 */
function listChoices(values: readonly string[]): string[] {
  return values.length > 1 ? [...values, values.join(',')] : [...values];
}

/**
 * The names the principals written in a policy refer to (`namesReferencedIn` of each `Principal` and `NotPrincipal`),
 * and of them those referred to otherwise than by a `Ref` that is a whole principal's value (`Service: !Ref Services`,
 * or a `Fn::If` branch of one).
 */
function namesInPrincipals(node: unknown, found = { names: new Set<string>(), notWhole: new Set<string>() }): { names: Set<string>; notWhole: Set<string> } {
  if (Array.isArray(node)) for (const item of node) namesInPrincipals(item, found);
  else if (isPlainObject(node)) {
    for (const [key, value] of Object.entries(node)) {
      if (key !== 'Principal' && key !== 'NotPrincipal') namesInPrincipals(value, found);
      else {
        namesReferencedIn(value, found.names);
        for (const principals of isPlainObject(value) && !intrinsicKey(value) ? Object.values(value) : [value]) namesNotWhole(principals, found.notWhole);
      }
    }
  }
  return found;
}

/** The kinds of resource whose properties hold policies, whose time conditions may read a parameter (`namesInTimeConditions`). */
const IAM_KINDS: ReadonlySet<string> = new Set(['iam-role', 'iam-user', 'iam-group', 'iam-policy']);

/**
 * The names the policies' conditions on the request's time (aws:CurrentTime, aws:EpochTime) refer to, in `names`;
 * those not as the whole value (`!Sub "${Year}-01-01"`) in `notWhole` too. The deployer chooses the date: worlds vary
 * each over its AllowedValues, so that a window ended for one value and open for another is read for each.
 */
function namesInTimeConditions(node: unknown, names: Set<string>, notWhole: Set<string>): void {
  if (Array.isArray(node)) for (const item of node) namesInTimeConditions(item, names, notWhole);
  else if (isPlainObject(node)) {
    for (const [key, value] of Object.entries(node)) {
      if (key !== 'Condition' || !isPlainObject(value)) namesInTimeConditions(value, names, notWhole);
      else {
        for (const entries of Object.values(value)) {
          if (!isPlainObject(entries)) continue;
          for (const [conditionKey, values] of Object.entries(entries)) {
            if (!TIME_KEYS.includes(conditionKey.toLowerCase())) continue;
            namesReferencedIn(values, names);
            for (const item of Array.isArray(values) ? values : [values]) namesNotWhole(item, notWhole);
          }
        }
      }
    }
  }
}

/** The names a principal's value refers to other than as the whole value (`namesInPrincipals`), in `names`. */
function namesNotWhole(value: unknown, names: Set<string>): void {
  if (isPlainObject(value) && intrinsicKey(value) === 'Ref' && typeof value.Ref === 'string') return;
  const branches = isPlainObject(value) && intrinsicKey(value) === 'Fn::If' ? value['Fn::If'] : undefined;
  if (Array.isArray(branches) && branches.length === 3) for (const branch of branches.slice(1)) namesNotWhole(branch, names);
  else namesReferencedIn(value, names);
}

/**
 * For each value each told parameter allows (`told`, in order), whether the parameter is it, or for a list includes it,
 * where the names take `values` (a truth byte): a row that gives it none (a parameter without a value) knows less than
 * one that gives it any, and rows that give it different values tell apart what no condition may, the principal a
 * trust policy names.
 */
function valueColumns(told: ReadonlyMap<string, ToldParameter>, names: readonly string[], values: ReadonlyArray<Value | Assumption | undefined>): number[] {
  return names.flatMap((name, index) => {
    const parameter = told.get(name);
    if (parameter === undefined) return [];
    const chosen = chosenValues(parameter, values[index]);
    return parameter.values.map((allowed) => (chosen === undefined ? UNKNOWN : chosen.includes(allowed) ? TRUE : FALSE));
  });
}

/** The values a told parameter's value chooses: a String's value, a list's items; undefined where it is not known. */
function chosenValues({ list }: ToldParameter, value: Value | Assumption | undefined): readonly unknown[] | undefined {
  if (typeof value === 'string') return list ? value.split(',').map((item) => item.trim()) : [value];
  return list && Array.isArray(value) ? value : undefined;
}

/**
 * The names a value refers to: `Ref`'s, the resource of `Fn::GetAtt`, and `${Name}` and `${Name.Attribute}` in
 * `Fn::Sub` (the name before the dot). A resource's properties name logical ids so, a condition parameters.
 */
function namesReferencedIn(value: unknown, names = new Set<string>()): Set<string> {
  walkIntrinsics(value, (key, args) => {
    if (key === 'Ref' && typeof args === 'string') names.add(args);
    if (key === 'Fn::GetAtt') {
      const resource = Array.isArray(args) ? args[0] : typeof args === 'string' ? args.split('.')[0] : undefined;
      if (typeof resource === 'string') names.add(resource);
    }
    const text = key === 'Fn::Sub' ? (Array.isArray(args) ? args[0] : args) : undefined;
    if (typeof text === 'string') for (const match of text.matchAll(/\$\{([^}!][^}]*)\}/g)) names.add(match[1]!.trim().split('.')[0]!);
  });
  return names;
}

/** Where a condition is written, as its truth is resolved from (`Conditions.<name>`). */
function conditionLink(name: string): SourceLink {
  return new SourceLink(new SourceLink(undefined, 'Conditions'), name);
}

/**
 * A row of condition truths, a byte each (UNKNOWN, or FALSE or TRUE): a group of n conditions sampled in about n rows
 * holds n² of them, which the rows are compared and counted by.
 */
type TruthRow = Uint8Array;
const [UNKNOWN, FALSE, TRUE] = [0, 1, 2];

function truthByte(truth: Tri): number {
  return truth === 'unknown' ? UNKNOWN : truth ? TRUE : FALSE;
}

function truthRow(truths: readonly Tri[]): TruthRow {
  return Uint8Array.from(truths, truthByte);
}

function truthOf(byte: number): Tri {
  return byte === UNKNOWN ? 'unknown' : byte === TRUE;
}

/**
 * Indexes of the rows that no other row knows at least as much about (of equal rows, the first), in order. Only a
 * row with unknowns can be known less than a different row: one that agrees with it wherever it is known.
 */
function nonDominated(truths: readonly TruthRow[]): number[] {
  const first = new Map<string, number>();
  truths.forEach((row, index) => {
    const key = Buffer.from(row.buffer, row.byteOffset, row.length).toString('latin1');
    if (!first.has(key)) first.set(key, index);
  });
  const distinct = [...first.values()];
  return distinct.filter((index) => {
    const own = truths[index]!;
    if (!own.includes(UNKNOWN)) return true;
    return !distinct.some((other) => other !== index && own.every((truth, position) => truth === UNKNOWN || truth === truths[other]![position]));
  });
}

/**
 * What a condition reads: the declared conditions it names by `Condition`, in order, and the names it refers to
 * (namesReferencedIn); `holdsIf` where it holds a `Fn::If`, whose read of a condition `conditions` does not list.
 */
interface ConditionReads {
  conditions: string[];
  names: Set<string>;
  holdsIf: boolean;
}

/** Each template's conditions' reads, found once: a condition read by thousands of others is walked once. */
const READS = new WeakMap<Template, Map<string, ConditionReads>>();

function readsOf(template: Template, condition: string): ConditionReads {
  let reads = READS.get(template);
  if (reads === undefined) READS.set(template, (reads = new Map()));
  let found = reads.get(condition);
  if (found === undefined) {
    const conditions: string[] = [];
    let holdsIf = false;
    walkIntrinsics(template.conditions[condition], (key, args) => {
      holdsIf ||= key === 'Fn::If';
      if (key === 'Condition' && typeof args === 'string' && Object.hasOwn(template.conditions, args)) conditions.push(args);
    });
    found = { conditions, names: namesReferencedIn(template.conditions[condition]), holdsIf };
    reads.set(condition, found);
  }
  return found;
}

/** The named conditions (declared ones only), with every condition they refer to, each after the one that first reads it. */
function referencedConditions(template: Template, names: Iterable<unknown>): Set<string> {
  const found = new Set<string>();
  // A stack rather than recursion: a chain of thousands of conditions is as deep.
  const pending = [...names].reverse();
  while (pending.length > 0) {
    const name = pending.pop();
    if (typeof name !== 'string' || found.has(name) || !Object.hasOwn(template.conditions, name)) continue;
    found.add(name);
    const read = readsOf(template, name).conditions;
    for (let index = read.length - 1; index >= 0; index--) pending.push(read[index]!);
  }
  return found;
}

/**
 * The named condition and the conditions it reads, directly or through others, that are not `decided`, each after
 * those it reads, in the order a reading of each one's reads in turn would finish them; a condition met again while it
 * is being read (one that depends on itself) is left where it was first met.
 */
function undecidedFirst(template: Template, name: string, decided: (condition: string) => boolean): string[] {
  const order: string[] = [];
  const met = new Set([name]);
  const reading = [{ name, next: 0 }];
  while (reading.length > 0) {
    const top = reading[reading.length - 1]!;
    const read = readsOf(template, top.name).conditions[top.next++];
    if (read === undefined) {
      order.push(top.name);
      reading.pop();
    } else if (!met.has(read) && !decided(read)) {
      met.add(read);
      reading.push({ name: read, next: 0 });
    }
  }
  return order;
}

/** The intrinsics a condition written of reads of names alone is written with (`!Equals [!Ref Env, prod]`, `!Not [Condition: IsDev]`). */
const NAME_CONDITION_INTRINSICS = new Set(['Ref', 'Condition', 'Fn::Equals', 'Fn::And', 'Fn::Or', 'Fn::Not']);

/**
 * The one name (a parameter or pseudo parameter) the named conditions read by `Ref`, directly or through the
 * conditions they use, where they are written of such reads, literals and the condition functions alone: the value that
 * decides them. Undefined where they read two names or none, or read anything else (a mapping, a `Fn::Sub`).
 */
export function oneNameDeciding(template: Template, conditions: readonly string[]): string | undefined {
  const names = new Set<string>();
  let other = false;
  for (const name of referencedConditions(template, conditions)) {
    walkIntrinsics(template.conditions[name], (key, args) => {
      if (!NAME_CONDITION_INTRINSICS.has(key)) other = true;
      else if (key === 'Ref') {
        if (typeof args === 'string') names.add(args);
        else other = true;
      }
    });
  }
  return other || names.size !== 1 ? undefined : [...names][0];
}

/**
 * The lookups of a Fn::FindInMap keyed by a parameter or pseudo parameter (`!FindInMap [RegionMap, !Ref AWS::Region,
 * Stage]`), one for each key it writes so: the subject, the keys of the mapping it may be (any other fails to deploy),
 * and what the lookup reads for each (keys that read the same are the same to the conditions).
 */
function keyedLookupsOf(template: Template, args: unknown): Array<{ subject: Subject; keys: string[]; read: (mapKey: string) => unknown }> {
  if (!Array.isArray(args) || typeof args[0] !== 'string') return [];
  const entries = template.mappings[args[0]];
  if (!isPlainObject(entries)) return [];
  const [, first, second] = args as unknown[];
  const lookups: Array<{ subject: Subject; keys: string[]; read: (mapKey: string) => unknown }> = [];
  const firstSubject = subjectOf(template, first);
  if (firstSubject && !firstSubject.view) {
    lookups.push({
      subject: firstSubject,
      keys: Object.keys(entries),
      read: (mapKey) => {
        const entry = entries[mapKey];
        return typeof second === 'string' && isPlainObject(entry) ? entry[second] : entry;
      },
    });
  }
  const secondSubject = subjectOf(template, second);
  if (secondSubject && !secondSubject.view) {
    lookups.push({
      subject: secondSubject,
      keys: Object.values(entries).flatMap((entry) => (isPlainObject(entry) ? Object.keys(entry) : [])),
      read: (mapKey) => {
        if (typeof first === 'string') return isPlainObject(entries[first]) ? (entries[first] as Record<string, unknown>)[mapKey] : undefined;
        return Object.entries(entries).map(([firstKey, entry]) => [firstKey, isPlainObject(entry) ? entry[mapKey] : undefined]);
      },
    });
  }
  return lookups;
}

/**
 * For each parameter the driving conditions depend on and that may vary: the values worth assuming, with notices
 * naming the lists whose items' values are only sampled.
 */
function assumptionCandidates(
  template: Template,
  supplied: Readonly<Record<string, string>>,
  baseline: ReadonlyMap<string, Value>,
  used: string[],
): { candidates: Map<string, Assumption[]>; notices: string[] } {
  // Every subject the conditions compare, with the literals Fn::Equals compares it with, and the values of the subjects
  // it compares it with as they stand (`!Equals [!Ref Trusted, !Ref AWS::AccountId]`: equal to the owner's account, or
  // not); every name the conditions refer to is a subject too.
  const compared = new Map<string, { subject: Subject; literals: Set<string> }>();
  const note = (subject: Subject, literal?: string) => {
    const name = subjectName(subject);
    const entry = compared.get(name) ?? { subject, literals: new Set<string>() };
    compared.set(name, entry);
    if (literal !== undefined) entry.literals.add(literal);
  };
  const linked: Array<[string, string]> = [];
  // The keys a subject's Fn::FindInMap lookups may find, and what each lookup reads for a key.
  const keyedLookups = new Map<string, { subject: Subject; keys: Set<string>; reads: Array<(mapKey: string) => unknown> }>();
  const asItStands = new Resolver(template, new World(template, baseline, new Map()), true);
  const standing = (side: unknown) => asItStands.resolve(side, new SourceLink(undefined, 'Conditions')).value;
  for (const name of used) {
    walkIntrinsics(template.conditions[name], (key, args) => {
      if (key === 'Ref' && typeof args === 'string') note({ parameter: args });
      if (key === 'Fn::FindInMap') {
        for (const { subject, keys, read } of keyedLookupsOf(template, args)) {
          const lookups = keyedLookups.get(subjectName(subject)) ?? { subject, keys: new Set<string>(), reads: [] };
          keyedLookups.set(subjectName(subject), lookups);
          for (const mapKey of keys) lookups.keys.add(mapKey);
          lookups.reads.push(read);
        }
      }
      if (key !== 'Fn::Equals' || !Array.isArray(args) || args.length !== 2) return;
      const sides = args.map((side) => comparedSideOf(template, side));
      const [first, second] = sides;
      // A subject compared with itself is equal whatever its value: no value is worth assuming for it.
      if (first !== undefined && second !== undefined && subjectName(first.subject) === subjectName(second.subject) && sameAffixes(first, second)) return;
      // A side as it stands: text written around a parameter without a value has none either.
      const standingSide = (index: number) => {
        const parameter = standing({ Ref: sides[index]!.subject.parameter });
        return subjectOf(template, args[index]) === undefined && parameter instanceof Unresolved ? parameter : standing(args[index]);
      };
      sides.forEach((side, index) => {
        if (side === undefined) return;
        const { subject, prefix, suffix } = side;
        const otherSide = sides[1 - index];
        const value = otherSide === undefined ? args[1 - index] : standingSide(1 - index);
        const literal = ['string', 'number', 'boolean'].includes(typeof value) ? String(value) : undefined;
        // A literal written otherwise than the text around the subject is never equal to it: it names no value.
        const fits = literal !== undefined && literal.length >= prefix.length + suffix.length && literal.startsWith(prefix) && literal.endsWith(suffix);
        note(subject, fits ? literal.slice(prefix.length, literal.length - suffix.length) : undefined);
        if (literal === undefined && otherSide !== undefined && sameAffixes(side, otherSide) && value instanceof Unresolved && standingSide(index) instanceof Unresolved) {
          linked.push([subjectName(subject), subjectName(otherSide.subject)]);
        }
      });
    });
  }
  // Of the keys a subject's lookups may find, one per distinct set of values they read (a mapping of every region with
  // two stages is two values worth assuming, not one per region): the others make the same conditions.
  for (const { subject, keys, reads } of keyedLookups.values()) {
    const seen = new Set<string>();
    for (const mapKey of keys) {
      const signature = JSON.stringify(reads.map((read) => read(mapKey)));
      if (seen.has(signature)) continue;
      seen.add(signature);
      note(subject, mapKey);
    }
  }
  // Subjects without values compared with each other, directly or through others: each is also assumed to hold one
  // value they all share, which deputy does not know (a marker, equal only to itself), so that one world holds them all
  // equal and others hold some apart.
  for (const [names, shared] of sharedValues(linked)) for (const name of names) compared.get(name)!.literals.add(shared);
  const candidates = new Map<string, Assumption[]>();
  const notices: string[] = [];
  // A list parameter's views, found by its name: looking each one up among every subject would take time quadratic in
  // the number of list parameters.
  const listViews = new Map<string, Array<{ view: ListView; literals: string[] }>>();
  for (const { subject, literals } of compared.values()) {
    if (subject.view === undefined) continue;
    const views = listViews.get(subject.parameter) ?? [];
    views.push({ view: subject.view, literals: [...literals] });
    listViews.set(subject.parameter, views);
  }
  for (const name of new Set([...compared.values()].map(({ subject }) => subject.parameter))) {
    const declaration = template.parameters.get(name);
    // A Default, AllowedValues or supplied value of an SSM type names the SSM parameter: the value read stays open.
    const readsSsm = declaration !== undefined && ssmValueType(declaration.type) !== undefined;
    const varies = PSEUDO_PARAMETERS.has(name) ? name !== 'AWS::NotificationARNs' : declaration !== undefined && (readsSsm || !Object.hasOwn(supplied, name));
    if (!varies) continue;
    const { allowedValues, defaultValue } = readsSsm ? {} : (declaration ?? {});
    if (declaration !== undefined && isListType(declaration.type)) {
      const { values, notice } = listCandidates(name, declaration.type, listViews.get(name) ?? [], allowedValues);
      if (values.length > 0) candidates.set(name, values);
      if (notice !== undefined) notices.push(notice);
      continue;
    }
    const literals = compared.get(name)!.literals;
    if (literals.size === 0 && !allowedValues) continue; // nothing tells which values matter
    if (allowedValues) candidates.set(name, [...new Set([...[...literals].filter((literal) => allowedValues.includes(literal)), ...allowedValues])]);
    // "Another value": the default when it is one (a known value tells more), else a value known only to differ.
    else if (defaultValue !== undefined && !literals.has(defaultValue)) candidates.set(name, [...literals, defaultValue]);
    else candidates.set(name, [...literals, new DistinctValue(name, [...literals], '', '', name)]);
  }
  return { candidates, notices };
}

/** What of a list parameter Fn::Equals compares: one of its items (`Fn::Select`), or its items joined (`Fn::Join`). */
type ListView = { index: number } | { delimiter: string };

/** What Fn::Equals compares of a parameter: its value, or a view of a list parameter. */
interface Subject {
  parameter: string;
  view?: ListView;
}

/** The name a subject's assumed values go by: `Accounts`, `item 0 of Accounts`, `Accounts joined with ','`. */
function subjectName({ parameter, view }: Subject): string {
  if (view === undefined) return parameter;
  return 'index' in view ? `item ${view.index} of ${parameter}` : `${parameter} joined with '${view.delimiter}'`;
}

/**
 * The subject a side of Fn::Equals is, if any: a Ref to a parameter or pseudo parameter other than a list (CloudFormation
 * compares strings only), or Fn::Select of an item or Fn::Join of the items of a list parameter.
 */
function subjectOf(template: Template, side: unknown): Subject | undefined {
  if (!isPlainObject(side) || Object.keys(side).length !== 1) return undefined;
  const isList = (name: unknown): name is string => typeof name === 'string' && isListType(template.parameters.get(name)?.type ?? '');
  if (typeof side.Ref === 'string') {
    const isString = typeof PSEUDO_PARAMETERS.get(side.Ref) === 'string' || (template.parameters.has(side.Ref) && !isList(side.Ref));
    return isString ? { parameter: side.Ref } : undefined;
  }
  const [intrinsic, args] = Object.entries(side)[0]!;
  if (!Array.isArray(args) || args.length !== 2 || !isPlainObject(args[1]) || !isList(args[1].Ref)) return undefined;
  const [first, parameter] = [args[0], args[1].Ref];
  if (intrinsic === 'Fn::Join' && typeof first === 'string') return { parameter, view: { delimiter: first } };
  const index = typeof first === 'number' ? first : typeof first === 'string' && /^\d+$/.test(first) ? Number(first) : NaN;
  return intrinsic === 'Fn::Select' && Number.isInteger(index) ? { parameter, view: { index } } : undefined;
}

/** A side of Fn::Equals that is a subject, with the literal text written around it (`!Sub 'app-${Env}'`). */
interface ComparedSide {
  subject: Subject;
  prefix: string;
  suffix: string;
}

const sameAffixes = (a: ComparedSide, b: ComparedSide) => a.prefix === b.prefix && a.suffix === b.suffix;

/**
 * The subject a side of Fn::Equals is (subjectOf), or Fn::Sub (without a variable map that names it) or Fn::Join (of
 * literal texts) of one parameter or pseudo parameter other than a list, with the literal text written around it.
 */
function comparedSideOf(template: Template, side: unknown): ComparedSide | undefined {
  const subject = subjectOf(template, side);
  if (subject !== undefined) return { subject, prefix: '', suffix: '' };
  if (!isPlainObject(side) || Object.keys(side).length !== 1) return undefined;
  const [intrinsic, args] = Object.entries(side)[0]!;
  // The texts written around each Ref, and the Refs, in order.
  const texts: string[] = [''];
  const refs: string[] = [];
  if (intrinsic === 'Fn::Sub') {
    const [text, variables] = Array.isArray(args) && args.length <= 2 ? args : [args];
    if (typeof text !== 'string' || (variables !== undefined && !isPlainObject(variables))) return undefined;
    for (const part of subPieces(text, variables)) {
      if (typeof part === 'string') texts[texts.length - 1] += part;
      else if (part.inVariables) return undefined;
      else {
        texts.push('');
        refs.push(part.name);
      }
    }
  } else if (intrinsic === 'Fn::Join' && Array.isArray(args) && args.length === 2 && typeof args[0] === 'string' && Array.isArray(args[1])) {
    const [delimiter, items] = [args[0], args[1] as unknown[]];
    for (const [index, item] of items.entries()) {
      const isRef = isPlainObject(item) && Object.keys(item).length === 1 && typeof item.Ref === 'string';
      if (typeof item !== 'string' && !isRef) return undefined;
      texts[texts.length - 1] += (index > 0 ? delimiter : '') + (isRef ? '' : item);
      if (isRef) {
        texts.push('');
        refs.push(item.Ref as string);
      }
    }
  } else return undefined;
  const one = refs.length === 1 ? subjectOf(template, { Ref: refs[0] }) : undefined;
  // A dynamic reference is resolved after the intrinsic, in properties only.
  if (one === undefined || texts.some((text) => text.includes('{{resolve:'))) return undefined;
  return { subject: one, prefix: texts[0]!, suffix: texts[1]! };
}

/**
 * The values worth assuming for a list parameter, from the literals its views are compared with. A text its items
 * joined with commas are compared with is the whole list, as CloudFormation splits the text at commas (no item holds
 * one). Other views make lists known only in part: each other joined text alone, since a joined text beside anything
 * else known may be impossible; and the items compared, in every combination of their literals that an item can be
 * (isItemText) and "another value",
 * each such list's items joined being other than every text they are compared with, as more items can always make them
 * so. With AllowedValues, every item is one of them: the items compared take those values, no joined text is assumed,
 * and each allowed value is also a list of that one item.
 */
function listCandidates(
  name: string,
  type: string,
  views: ReadonlyArray<{ view: ListView; literals: string[] }>,
  allowedValues?: readonly string[],
): { values: Assumption[]; notice?: string } {
  const isAllowed = (item: Value) => typeof item === 'string' && isItemText(item) && (allowedValues === undefined || allowedValues.includes(item));
  const joins = views.flatMap(({ view, literals }) => ('delimiter' in view ? [{ delimiter: view.delimiter, literals }] : []));
  const items = views.flatMap(({ view, literals }) => ('index' in view ? [{ index: view.index, literals }] : []));
  const isWholeList = (delimiter: string, text: string) => {
    const list = typedValue(type, text);
    return delimiter === ',' && !hasMarker(text) && Array.isArray(list) && list.every(isAllowed);
  };
  const wholeLists = joins.flatMap(({ delimiter, literals }) => literals.filter((text) => isWholeList(delimiter, text)));
  const joinedAlone = allowedValues ? [] : joins.flatMap(({ delimiter, literals }) => literals.filter((text) => !isWholeList(delimiter, text)).map((text) => new PartlyKnownList(name, new Map(), new Map([[delimiter, text]]))));
  const joinedOther = new Map(allowedValues ? [] : joins.map(({ delimiter, literals }) => [delimiter, new DistinctValue(subjectName({ parameter: name, view: { delimiter } }), literals)]));
  const itemValues = items.map(({ index, literals }) =>
    allowedValues ? [...new Set([...literals.filter(isAllowed), ...allowedValues])] : [...literals.filter(isAllowed), new DistinctValue(subjectName({ parameter: name, view: { index } }), literals)],
  );
  const { rows, count, complete } = combinations(itemValues);
  const partlyKnown = rows
    .map((row) => new PartlyKnownList(name, new Map(row.map((value, position) => [items[position]!.index, value])), joinedOther))
    .filter((list) => list.items.size + list.joined.size > 0);
  const values = [...new Set([...wholeLists, ...joinedAlone, ...partlyKnown, ...(allowedValues ?? [])])];
  return complete ? { values } : { values, notice: `conditions on the items of ${name} have ${countText(count)} combinations of values: only ${rows.length} are analyzed` };
}

/**
 * Whether a text may be an item of a list parameter: CloudFormation splits the list at commas and trims each item, so
 * an item compared with a text holding a comma, or spaces at its ends, is never equal to it (a marker may be any item).
 */
function isItemText(text: string): boolean {
  const written = tokenize(text).map((token) => ('literal' in token ? token.literal : 'x')).join('');
  return !written.includes(',') && written.trim() === written;
}

/** The groups of names that pairs link, directly or through others, each with the one value its names are assumed to share. */
function sharedValues(pairs: ReadonlyArray<readonly [string, string]>): Array<[string[], string]> {
  const group = new Map<string, Set<string>>();
  for (const [left, right] of pairs) {
    const joined = new Set([...(group.get(left) ?? [left]), ...(group.get(right) ?? [right])]);
    for (const name of joined) group.set(name, joined);
  }
  return [...new Set(group.values())].map((names) => {
    const sorted = [...names].sort();
    return [sorted, sharedValueMarker(sorted)];
  });
}

/** What the worlds are varied for, as notices say it: `conditions`, `trust principals`, or both. */
function dependingOn(principals: boolean, conditions: boolean): string {
  return principals ? (conditions ? 'conditions and trust principals' : 'trust principals') : 'conditions';
}

/** A count of combinations as a notice says it: past the integers a number holds exactly, its order of magnitude (not `1.2e+24`). */
function countText(count: number): string {
  return Number.isSafeInteger(count) ? String(count) : `about 10^${Math.floor(Math.log10(count))}`;
}

/** Parameters that conditions combine, varied together. */
interface Group {
  names: string[];
  /** The driving conditions that depend on these parameters. */
  conditions: string[];
  /** Whether a trust policy names a principal by one of them (`principalParametersOf`). */
  principals: boolean;
  /** Product of the numbers of candidate values. */
  combinations: number;
  /** Whether every combination was tried (else a sample). */
  complete: boolean;
  /** How many rows give outcomes that no other row knows as well. */
  distinct: number;
  /** The rows kept (at most MAX_WORLDS); the empty row is the baseline. */
  rows: Assumptions[];
  /** Condition outcomes ("condition X true") that only rows left out give. */
  uncovered: string[];
}

/** The parameter assignments of the worlds, with notices saying what is not explored. */
function combine(
  template: Template,
  baseline: ReadonlyMap<string, Value>,
  driving: string[],
  candidates: Map<string, Assumption[]>,
  together: ReadonlyArray<readonly string[]>,
  told: ReadonlyMap<string, ToldParameter>,
): { assignments: Assumptions[]; notices: string[] } {
  if (candidates.size === 0) return { assignments: [new Map()], notices: [] };
  const groups = groupParameters(template, driving, candidates, together).map(({ names, conditions }) => planGroup(template, baseline, names, conditions, candidates, told));
  const product = groups.reduce((count, group) => count * group.rows.length, 1);
  const notices: string[] = [];
  let assignments: Assumptions[];
  if (product <= MAX_WORLDS) {
    assignments = groups.reduce<Assumptions[]>((partial, group) => partial.flatMap((assignment) => group.rows.map((row) => new Map([...assignment, ...row]))), [new Map()]);
  } else {
    const count = Math.max(...groups.map((group) => group.rows.length));
    assignments = Array.from({ length: count }, (_, k) => new Map(groups.flatMap((group) => [...group.rows[k % group.rows.length]!])));
    const names = [...candidates.keys()];
    const combinations = names.reduce((total, name) => total * candidates.get(name)!.length, 1);
    const how = groups.every((group) => group.names.length === 1)
      ? `no condition or resource combines two of them, so ${count} worlds vary them side by side`
      : `${count} worlds vary ${groups.map((group) => (group.names.length === 1 ? group.names[0] : `(${group.names.join(', ')})`)).join(', ')} side by side, as no condition or resource combines parameters of two of these groups`;
    notices.push(`${dependingOn(groups.some((group) => group.principals), groups.some((group) => group.conditions.length > 0))} depend on ${names.join(', ')} (${countText(combinations)} combinations); ${how}`);
  }
  for (const group of groups) {
    const on = `${dependingOn(group.principals, group.conditions.length > 0)} on ${group.names.join(', ')}`;
    if (!group.complete) notices.push(`${on} have ${countText(group.combinations)} combinations of values: only ${group.rows.length} are analyzed`);
    else if (group.rows.length < group.distinct) notices.push(`${on} have ${group.distinct} different outcomes: only ${group.rows.length} are analyzed`);
    if (group.uncovered.length > 0) {
      const shown = group.uncovered.slice(0, 10).join(', ') + (group.uncovered.length > 10 ? ` and ${group.uncovered.length - 10} more` : '');
      notices.push(`only ${MAX_WORLDS} ${group.principals ? 'worlds' : 'condition worlds'} are analyzed: none of them has ${shown}`);
    }
  }
  return { assignments, notices };
}

/**
 * Parameters joined when some driving condition depends on both, or the conditions of one resource (`together`) depend
 * on both, with the conditions on each group. A condition is joined with the parameters it names and with each
 * condition it reads that depends on some parameter: what each condition depends on through the conditions it reads is
 * never listed, as a chain of n conditions would list n²/2 names.
 */
function groupParameters(
  template: Template,
  driving: string[],
  candidates: Map<string, Assumption[]>,
  together: ReadonlyArray<readonly string[]>,
): Array<{ names: string[]; conditions: string[] }> {
  // Parameters, then conditions, by index.
  const index = new Map([...candidates.keys()].map((name, position) => [name, position]));
  const read = [...referencedConditions(template, driving)];
  const conditionIndex = new Map(read.map((condition, position) => [condition, candidates.size + position]));
  const parent = Array.from({ length: candidates.size + read.length }, (_, position) => position);
  const root = (node: number): number => {
    while (parent[node] !== node) node = parent[node] = parent[parent[node]!]!;
    return node;
  };
  const join = (nodes: number[]) => {
    for (const node of nodes.slice(1)) parent[root(node)] = root(nodes[0]!);
  };
  // The conditions that depend on some parameter: those that name one, and those that read them.
  const readBy = readersOf(template, read);
  const depending = new Set(read.filter((condition) => [...readsOf(template, condition).names].some((name) => index.has(name))));
  for (const condition of depending) for (const reader of readBy.get(condition) ?? []) depending.add(reader);
  for (const condition of depending) {
    const { conditions, names } = readsOf(template, condition);
    const nodes = [...names].flatMap((name) => (index.has(name) ? [index.get(name)!] : []));
    for (const inner of conditions) if (depending.has(inner)) nodes.push(conditionIndex.get(inner)!);
    join([conditionIndex.get(condition)!, ...nodes]);
  }
  const isDriving = new Set(driving);
  for (const conditions of together) join(conditions.flatMap((condition) => (isDriving.has(condition) && depending.has(condition) ? [conditionIndex.get(condition)!] : [])));
  const groups = new Map<number, { names: string[]; conditions: string[] }>();
  for (const name of candidates.keys()) {
    const group = groups.get(root(index.get(name)!)) ?? { names: [], conditions: [] };
    groups.set(root(index.get(name)!), group);
    group.names.push(name);
  }
  for (const condition of driving) if (depending.has(condition)) groups.get(root(conditionIndex.get(condition)!))!.conditions.push(condition);
  return [...groups.values()];
}

/** The rows of one group of parameters: the baseline and the combinations whose condition outcomes differ. */
function planGroup(
  template: Template,
  baseline: ReadonlyMap<string, Value>,
  names: string[],
  conditions: string[],
  candidates: Map<string, Assumption[]>,
  told: ReadonlyMap<string, ToldParameter>,
): Group {
  const { rows, count, complete } = combinations(names.map((name) => candidates.get(name)!));
  // A row gives each name its value, or none (the baseline); it is made a world's assumptions only when it is kept.
  const pool: Array<ReadonlyArray<Assumption | undefined>> = [names.map(() => undefined), ...rows];
  // After the conditions' truths, whether each parameter a trust principal names is (a list: includes) each value it allows.
  const valueOutcomes = (name: string, { values, list }: ToldParameter) => values.map((value) => (list ? [`${name} without ${value}`, `${name} including ${value}`] : [`${name} other than ${value}`, `${name} = ${value}`]));
  const columns = [...conditions.map((name) => [`condition ${name} false`, `condition ${name} true`]), ...names.flatMap((name) => (told.has(name) ? valueOutcomes(name, told.get(name)!) : []))];
  const conditionTruths = rowTruths(template, baseline, names, conditions, pool);
  const truths = columns.length === conditions.length ? conditionTruths : conditionTruths.map((row, index) => Uint8Array.from([...row, ...valueColumns(told, names, names.map((name, position) => pool[index]![position] ?? baseline.get(name)))]));
  const distinct = nonDominated(truths);
  const kept = distinct.length <= MAX_WORLDS ? distinct : cover(distinct, truths);
  const outcomes = (rows: number[]) => {
    const given = new Uint8Array(2 * columns.length);
    for (const row of rows) markOutcomes(truths[row]!, given);
    return given;
  };
  const [possible, covered] = [outcomes(distinct), outcomes(kept)];
  const uncovered = [...possible.keys()].filter((outcome) => possible[outcome] === 1 && covered[outcome] === 0);
  const describe = (outcome: number) => columns[outcome >> 1]![outcome % 2];
  return {
    names,
    conditions,
    principals: names.some((name) => told.has(name)),
    combinations: count,
    complete,
    distinct: distinct.length,
    rows: kept.map((row) => assumptionsOf(names, pool[row]!)),
    uncovered: uncovered.map(describe),
  };
}

/** The assumptions of a row of values for the names (undefined: the name takes its supplied value or Default). */
function assumptionsOf(names: readonly string[], row: ReadonlyArray<Assumption | undefined>): Assumptions {
  return new Map(names.flatMap((name, index) => (row[index] === undefined ? [] : [[name, row[index]] as const])));
}

/**
 * The truths of the conditions in each row of values for the names, as a world assuming them decides them. Each row
 * is decided from the one before it: only the conditions that name a parameter whose value changed, or read a
 * condition whose truth changed, are decided again, each after those it reads (rows of a sample are one or two values
 * apart, and a chain of n conditions read by n rows would otherwise be decided n² times). Every condition is decided
 * again where a pseudo parameter's value changes, as it changes how parameters assumed equal to the owner's account
 * read; and each row is a world of its own where the conditions read one another in a loop or hold a `Fn::If`, whose
 * reads are not listed (readsOf).
 */
function rowTruths(template: Template, baseline: ReadonlyMap<string, Value>, names: readonly string[], conditions: readonly string[], rows: ReadonlyArray<ReadonlyArray<Assumption | undefined>>): TruthRow[] {
  const order = decidingOrder(template, conditions);
  if (order === undefined) {
    return rows.map((row) => {
      const world = new World(template, baseline, assumptionsOf(names, row));
      return truthRow(conditions.map((name) => world.condition(name) ?? 'unknown'));
    });
  }
  const position = new Map(order.map((name, index) => [name, index]));
  // The conditions (by position) that read each condition, and those that name each parameter.
  const readers = order.map((): number[] => []);
  const namers = new Map<string, number[]>();
  order.forEach((condition, index) => {
    const { conditions: read, names: named } = readsOf(template, condition);
    for (const inner of read) readers[position.get(inner)!]!.push(index);
    for (const name of named) {
      const naming = namers.get(name) ?? [];
      namers.set(name, naming);
      naming.push(index);
    }
  });
  const assumed = new Map<string, Assumption>();
  const world = new World(template, baseline, assumed);
  const truths = new Uint8Array(order.length);
  const scope: Scope = {
    parameter: (name, forCondition) => world.parameter(name, forCondition),
    condition: (name) => (Object.hasOwn(template.conditions, name) ? truthOf(truths[position.get(name)!]!) : undefined),
  };
  const links = order.map((condition) => conditionLink(condition));
  const decide = (index: number, resolver: Resolver) => truthByte(resolver.truth(template.conditions[order[index]!], links[index]!));
  const conditionPositions = conditions.map((name) => position.get(name)!);
  // The conditions to decide again, swept in order: a condition is placed after those it reads, so the readers a
  // change marks lie ahead of the sweep.
  const dirty = new Uint8Array(order.length);
  let previous: ReadonlyArray<Assumption | undefined> | undefined;
  return rows.map((row) => {
    const resolver = new Resolver(template, scope, true);
    const changed: string[] = [];
    for (let index = 0; index < names.length; index++) {
      if (previous !== undefined && row[index] === previous[index]) continue;
      const [name, value] = [names[index]!, row[index]];
      changed.push(name);
      if (value === undefined) assumed.delete(name);
      else assumed.set(name, value);
    }
    if (previous === undefined || changed.some((name) => PSEUDO_PARAMETERS.has(name))) {
      for (let index = 0; index < order.length; index++) truths[index] = decide(index, resolver);
    } else {
      let [first, last] = [order.length, -1];
      const mark = (index: number) => {
        dirty[index] = 1;
        [first, last] = [Math.min(first, index), Math.max(last, index)];
      };
      for (const name of changed) for (const index of namers.get(name) ?? []) mark(index);
      for (let index = first; index <= last; index++) {
        if (dirty[index] === 0) continue;
        dirty[index] = 0;
        const truth = decide(index, resolver);
        if (truth === truths[index]) continue;
        truths[index] = truth;
        for (const reader of readers[index]!) mark(reader);
      }
    }
    previous = row;
    const decided = new Uint8Array(conditionPositions.length);
    for (let index = 0; index < decided.length; index++) decided[index] = truths[conditionPositions[index]!]!;
    return decided;
  });
}

/**
 * The named conditions and those they read, each after those it reads; undefined where some read one another in a
 * loop or hold a `Fn::If` (which reads a condition that readsOf does not list).
 */
function decidingOrder(template: Template, conditions: readonly string[]): string[] | undefined {
  const all = [...referencedConditions(template, conditions)];
  if (all.some((condition) => readsOf(template, condition).holdsIf)) return undefined;
  // Kahn's order: a condition once every condition it reads is placed.
  const unread = new Map(all.map((condition) => [condition, new Set(readsOf(template, condition).conditions).size]));
  const readBy = readersOf(template, all);
  const order = all.filter((condition) => unread.get(condition) === 0);
  for (let index = 0; index < order.length; index++) {
    for (const reader of readBy.get(order[index]!) ?? []) {
      const left = unread.get(reader)! - 1;
      unread.set(reader, left);
      if (left === 0) order.push(reader);
    }
  }
  return order.length === all.length ? order : undefined;
}

/** For each condition some of `conditions` read: those of them that read it, each once (readsOf). */
function readersOf(template: Template, conditions: readonly string[]): Map<string, string[]> {
  const readBy = new Map<string, string[]>();
  for (const condition of conditions) {
    for (const inner of new Set(readsOf(template, condition).conditions)) {
      const readers = readBy.get(inner) ?? [];
      readBy.set(inner, readers);
      readers.push(condition);
    }
  }
  return readBy;
}

/**
 * Rows taking one value from each list: every combination when there is one list or at most ENUMERATION_LIMIT of
 * them (`count`), else a sample: every value of every list (side by side, cycling), and each value alone against the
 * first of those rows.
 */
function combinations<T extends {}>(lists: readonly T[][]): { rows: T[][]; count: number; complete: boolean } {
  const count = lists.reduce((product, list) => product * list.length, 1);
  if (lists.length === 1 || count <= ENUMERATION_LIMIT) {
    return { rows: lists.reduce<T[][]>((partial, list) => partial.flatMap((row) => list.map((value) => [...row, value])), [[]]), count, complete: true };
  }
  const longest = Math.max(...lists.map((list) => list.length));
  const diagonal = Array.from({ length: longest }, (_, k) => lists.map((list) => list[k % list.length]!));
  return { rows: [...diagonal, ...lists.flatMap((list, index) => list.slice(1).map((value) => diagonal[0]!.with(index, value)))], count, complete: false };
}

/**
 * The outcomes a row of truths knows, marked in `given`: outcome 2 × the condition's index, plus 1 when it is true.
 * Outcomes are counted and marked a byte each, not listed: n rows of n conditions know n² of them.
 */
function markOutcomes(truths: TruthRow, given: Uint8Array): void {
  for (let index = 0; index < truths.length; index++) if (truths[index] !== UNKNOWN) given[2 * index + truths[index]! - FALSE] = 1;
}

/** MAX_WORLDS of the rows, in order: the first, then greedily those giving outcomes not given yet, then the next ones. */
function cover(rows: number[], truths: readonly TruthRow[]): number[] {
  const chosen = new Set([rows[0]!]);
  const covered = new Uint8Array(2 * truths[rows[0]!]!.length);
  markOutcomes(truths[rows[0]!]!, covered);
  while (chosen.size < MAX_WORLDS) {
    let best: number | undefined;
    let gain = 0;
    for (const row of rows) {
      if (chosen.has(row)) continue;
      const own = truths[row]!;
      let added = 0;
      for (let index = 0; index < own.length; index++) if (own[index] !== UNKNOWN && covered[2 * index + own[index]! - FALSE] === 0) added++;
      if (added > gain) [best, gain] = [row, added];
    }
    if (best === undefined) break;
    chosen.add(best);
    markOutcomes(truths[best]!, covered);
  }
  for (const row of rows) if (chosen.size < MAX_WORLDS) chosen.add(row);
  return rows.filter((row) => chosen.has(row));
}
