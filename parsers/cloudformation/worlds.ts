/**
 * Worlds: consistent assignments of the parameters that template conditions depend on. A `Fn::If` whose condition
 * depends on a parameter that was not supplied (a Default does not count) or on a pseudo parameter is explored in
 * both branches by varying that *parameter* over the literals the conditions compare it with, its AllowedValues and
 * "some other value". Varying parameters rather than conditions keeps `IsProd`/`IsDev` on one parameter consistent.
 * World 0 is the baseline (supplied values, else defaults; pseudo parameters symbolic); a world that another one
 * knows at least as much about is dropped.
 */
import { Unresolved, type Tri, type Value } from '../../src/model/index.js';
import { DistinctValue, Resolver, SourceLink, type Scope } from './resolve.js';
import { isPlainObject } from './shape.js';
import { parameterValue, PSEUDO_PARAMETERS, type Template } from './template.js';

export const MAX_WORLDS = 16;

type Assumption = string | DistinctValue;

/** One world: parameter values (baseline plus assumptions) and the template conditions they imply. */
export class World implements Scope {
  private readonly truths = new Map<string, Tri>();
  private readonly conditionResolver: Resolver;

  constructor(
    private readonly template: Template,
    private readonly baseline: ReadonlyMap<string, Value>,
    /** Values assumed for unsupplied parameters and pseudo parameters; empty in the baseline world. */
    private readonly assumptions: ReadonlyMap<string, Assumption>,
  ) {
    this.conditionResolver = new Resolver(template, this, true);
  }

  parameter(name: string, forCondition: boolean): Value | undefined {
    const assumption = this.assumptions.get(name);
    const pseudo = PSEUDO_PARAMETERS.get(name);
    // Properties keep the owner's symbols; only conditions see the value a world assumes for a pseudo parameter.
    if (pseudo !== undefined) return forCondition && assumption !== undefined ? assumption : pseudo;
    const declaration = this.template.parameters.get(name);
    if (!declaration) return undefined;
    if (assumption === undefined) return this.baseline.get(name);
    return typeof assumption === 'string' ? parameterValue(name, declaration, assumption) : assumption;
  }

  condition(name: string): Tri | undefined {
    if (!Object.hasOwn(this.template.conditions, name)) return undefined;
    let truth = this.truths.get(name);
    if (truth === undefined) {
      this.truths.set(name, 'unknown'); // a condition that depends on itself stays unknown
      truth = this.conditionResolver.truth(this.template.conditions[name], new SourceLink(new SourceLink(undefined, 'Conditions'), name));
      this.truths.set(name, truth);
    }
    return truth;
  }
}

export interface PlannedWorld {
  world: World;
  /** Truth values of the conditions that differ across worlds, where known in this world. */
  conditions: Record<string, boolean>;
}

export function planWorlds(template: Template, supplied: Readonly<Record<string, string>>): { worlds: PlannedWorld[]; notices: string[] } {
  const baseline = baselineValues(template, supplied);
  const used = usedConditions(template);
  const { assignments, notices } = enumerate(assumptionCandidates(template, supplied, used));
  const candidates = [new Map<string, Assumption>(), ...assignments].map((assumptions) => {
    const world = new World(template, baseline, assumptions);
    return { world, truths: used.map((name) => world.condition(name) ?? 'unknown') };
  });
  // Keep a world only when no other world knows at least as much (of equal worlds, the first).
  const planned = candidates.filter(
    ({ truths }, index) => !candidates.some((other, otherIndex) => otherIndex !== index && knowsAtLeast(other.truths, truths) && (otherIndex < index || !knowsAtLeast(truths, other.truths))),
  );
  const differing = used.flatMap((name, index) => (planned.some(({ truths }) => truths[index] !== planned[0]!.truths[index]) ? [{ name, index }] : []));
  const worlds = planned.map(({ world, truths }) => ({
    world,
    conditions: Object.fromEntries(differing.filter(({ index }) => truths[index] !== 'unknown').map(({ name, index }) => [name, truths[index] === true])),
  }));
  return { worlds, notices };
}

/** Whether `truths` agrees with `than` wherever `than` knows a condition's value. */
function knowsAtLeast(truths: Tri[], than: Tri[]): boolean {
  return than.every((truth, index) => truth === 'unknown' || truth === truths[index]);
}

/** Supplied values, else defaults, else unresolved. */
function baselineValues(template: Template, supplied: Readonly<Record<string, string>>): Map<string, Value> {
  const values = new Map<string, Value>();
  for (const [name, declaration] of template.parameters) {
    const text = Object.hasOwn(supplied, name) ? supplied[name] : declaration.defaultValue;
    values.set(name, text === undefined ? new Unresolved(`parameter ${name} has no value`) : parameterValue(name, declaration, text));
  }
  return values;
}

/** Conditions that decide something about resources (resource `Condition`, `Fn::If`), with those they refer to. */
function usedConditions(template: Template): string[] {
  const used = new Set<string>();
  const add = (name: unknown): void => {
    if (typeof name !== 'string' || used.has(name) || !Object.hasOwn(template.conditions, name)) return;
    used.add(name);
    walk(template.conditions[name], (key, args) => key === 'Condition' && add(args));
  };
  for (const resource of template.resources) {
    add(resource.condition);
    walk([resource.properties, resource.metadata], (key, args) => key === 'Fn::If' && Array.isArray(args) && add(args[0]));
  }
  return Object.keys(template.conditions).filter((name) => used.has(name));
}

/** For each parameter the used conditions depend on and that may vary: the values worth assuming. */
function assumptionCandidates(template: Template, supplied: Readonly<Record<string, string>>, used: string[]): Map<string, Assumption[]> {
  // Every name the conditions refer to, with the literals Fn::Equals compares it with.
  const compared = new Map<string, Set<string>>();
  for (const name of used) {
    walk(template.conditions[name], (key, args) => {
      if (key === 'Ref' && typeof args === 'string') compared.set(args, compared.get(args) ?? new Set());
      if (key !== 'Fn::Equals' || !Array.isArray(args) || args.length !== 2) return;
      for (const [side, other] of [args, [...args].reverse()]) {
        const target = isPlainObject(side) && typeof side.Ref === 'string' ? side.Ref : undefined;
        if (target !== undefined && ['string', 'number', 'boolean'].includes(typeof other)) compared.set(target, (compared.get(target) ?? new Set()).add(String(other)));
      }
    });
  }
  const candidates = new Map<string, Assumption[]>();
  for (const [name, literals] of compared) {
    const varies = PSEUDO_PARAMETERS.has(name) ? name !== 'AWS::NotificationARNs' : template.parameters.has(name) && !Object.hasOwn(supplied, name);
    if (!varies) continue;
    const { allowedValues, defaultValue } = template.parameters.get(name) ?? {};
    if (literals.size === 0 && !allowedValues) continue; // nothing tells which values matter
    if (allowedValues) candidates.set(name, [...new Set([...[...literals].filter((literal) => allowedValues.includes(literal)), ...allowedValues])]);
    // "Another value": the default when it is one (a known value tells more), else a value known only to differ.
    else if (defaultValue !== undefined && !literals.has(defaultValue)) candidates.set(name, [...literals, defaultValue]);
    else candidates.set(name, [...literals, new DistinctValue(name, [...literals])]);
  }
  return candidates;
}

/** Every combination when they fit in MAX_WORLDS (with the baseline), else one parameter at a time. */
function enumerate(candidates: Map<string, Assumption[]>): { assignments: Array<Map<string, Assumption>>; notices: string[] } {
  const names = [...candidates.keys()];
  if (names.length === 0) return { assignments: [], notices: [] };
  const combinations = names.reduce((product, name) => product * candidates.get(name)!.length, 1);
  if (combinations < MAX_WORLDS) {
    const assignments = names.reduce<Array<Map<string, Assumption>>>(
      (partial, name) => partial.flatMap((assignment) => candidates.get(name)!.map((value) => new Map(assignment).set(name, value))),
      [new Map()],
    );
    return { assignments, notices: [] };
  }
  const oneAtATime = names.flatMap((name) => candidates.get(name)!.map((value) => new Map([[name, value]])));
  const notices = [`conditions depend on ${names.join(', ')} (${combinations} combinations): each parameter is varied alone`];
  if (oneAtATime.length >= MAX_WORLDS) notices.push(`only the first ${MAX_WORLDS} condition worlds are analyzed`);
  return { assignments: oneAtATime.slice(0, MAX_WORLDS - 1), notices };
}

/** Calls `visit(key, args)` for every single-key mapping (intrinsic-shaped node) under `node`. */
function walk(node: unknown, visit: (key: string, args: unknown) => void): void {
  if (Array.isArray(node)) for (const item of node) walk(item, visit);
  else if (isPlainObject(node)) {
    const keys = Object.keys(node);
    if (keys.length === 1) visit(keys[0]!, node[keys[0]!]);
    for (const key of keys) walk(node[key], visit);
  }
}
