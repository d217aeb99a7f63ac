/**
 * The `configuration` section of a plan: expressions with their `references`, per module, for edges whose values
 * are known only after apply.
 */
import { configAddress, modulePrefix, moduleStepPrefix, parseAddress, type ModuleStep, type ResourceAddress } from './address.js';
import type { IgnoredTags, Value, ValueObject } from '../../src/model/index.js';
import { regionName } from '../../src/model/arn.js';
import { indexedOnFirstAsk } from '../../src/model/large-map.js';
import { CREDENTIAL_ARGUMENTS, providerAccount, signInKey, type ProviderArguments } from '../terraform/resources.js';

type Json = Record<string, unknown>;

export interface ModuleCall {
  source?: string;
  expressions: Json;
  /** The call's `for_each_expression`, which `each.value` in its expressions reads (`withEachValueRead`). */
  forEach: unknown;
  module: ModuleConfig;
}

export interface ModuleConfig {
  resources: Map<string, Json>;
  calls: Map<string, ModuleCall>;
  /** Each output's references (none for a constant). */
  outputs: Map<string, readonly unknown[]>;
}

/** The expression a module input or output passes on, and the module instance it is read in. */
export interface PassedValue {
  references: readonly unknown[];
  instance: readonly ModuleStep[];
  /** The instance key `each.key` stands for there, if any. */
  selfKey: string | undefined;
  /** Whether the `.tf` text of a module call shows that the input reads an instance by the calling instance's own key itself (`ownKeyReading` is `index`). */
  ownKeyWritten?: true;
}

/** A resource instance a reference leads to, with the attribute it reads. */
export interface ReferenceTarget {
  address: string;
  attribute?: string;
}

export interface InstanceIndex {
  /**
   * Planned resource instances by module instance prefix (`module.a["k"].`) and configuration address (`aws_iam_role.r`):
   * the address of the only one, else a list (`instancesIn` reads either).
   */
  resources: ReadonlyMap<string, InstancesByConfigAddress>;
  /** Instances of each module call, by the calling module instance's prefix and the call name (`module.a["k"].` + `b`). */
  modules: ReadonlyMap<string, readonly ModuleStep[]>;
  /**
   * The names of a planned instance's attributes, by its address: those it is planned with and those known only after
   * apply, all its resource's. Undefined for an instance the plan does not hold, or holds no values of. Looked up on
   * the first ask.
   */
  attributeNames(address: string): readonly string[] | undefined;
}

type InstancesByConfigAddress = ReadonlyMap<string, string | readonly string[]>;

/** The addresses of a resource's instances in a module instance's entry of `InstanceIndex.resources`. */
export function instancesIn(byConfigAddress: InstancesByConfigAddress | undefined, configAddress: string): readonly string[] | undefined {
  const found = byConfigAddress?.get(configAddress);
  return typeof found === 'string' ? [found] : found;
}

export function indexInstances(instances: ReadonlyArray<{ address: string; parsed: ResourceAddress; configAddress: string; readonly properties?: ValueObject }>): InstanceIndex {
  const resources = new Map<string, Map<string, string | string[]>>();
  const modules = new Map<string, Map<string, ModuleStep>>();
  let previous: readonly ModuleStep[] | undefined;
  // Consecutive instances of one module instance share their module path, and so its resources' map.
  let byConfigAddress: Map<string, string | string[]> | undefined;
  for (let position = 0; position < instances.length; position++) {
    const { address, parsed, configAddress: configName } = instances[position]!;
    if (parsed.modules !== previous || !byConfigAddress) {
      let prefix = '';
      for (const step of parsed.modules) {
        const callKey = prefix + step.name;
        const steps = modules.get(callKey) ?? new Map<string, ModuleStep>();
        steps.set(step.key ?? '', step);
        modules.set(callKey, steps);
        prefix += moduleStepPrefix(step);
      }
      previous = parsed.modules;
      const modulePath = modulePrefix(parsed.modules);
      byConfigAddress = resources.get(modulePath);
      if (!byConfigAddress) resources.set(modulePath, (byConfigAddress = new Map()));
    }
    // Most resources have one instance: a list each would be kept to the end of the scan.
    const found = byConfigAddress.get(configName);
    if (found === undefined) byConfigAddress.set(configName, address);
    else if (typeof found === 'string') byConfigAddress.set(configName, [found, address]);
    else found.push(address);
  }
  // Data sources read at plan time are indexed with the resources, without the values they were read with.
  // A plan's instances, by address, indexed on the first ask in smaller Maps (`indexedOnFirstAsk`), as the plan's other indexes by address are.
  const instanceAt = indexedOnFirstAsk(instances, (instance) => instance.address);
  const attributeNames = (address: string): readonly string[] | undefined => {
    const properties = instanceAt(address)?.properties;
    return properties && Object.keys(properties);
  };
  return { resources, modules: new Map([...modules].map(([key, steps]) => [key, [...steps.values()]])), attributeNames };
}

/** The instances a plan holds in one module instance (`prefix`, as `modulePrefix` writes it): their keys as addresses write them (`"a"`, `0`). */
export interface PlannedInstances {
  prefix: string;
  /** Those of a resource, data source or module call read whole (`aws_iam_role.r`, `module.m`); undefined for one made without `count` or `for_each`. */
  keys(base: string): readonly string[] | undefined;
  /** The names of the attributes of one of its instances (`aws_iam_role.r["a"]`: `InstanceIndex.attributeNames`). */
  attributeNames(instance: string): readonly string[] | undefined;
}

export function plannedInstances(index: InstanceIndex, modules: readonly ModuleStep[]): PlannedInstances {
  const prefix = modulePrefix(modules);
  return {
    prefix,
    keys: (base) => {
      const call = WHOLE_MODULE_CALL.test(base) ? base.slice('module.'.length) : undefined;
      const keys = call === undefined ? (instancesIn(index.resources.get(prefix), base) ?? []).map((address) => parseAddress(address)?.key) : (index.modules.get(prefix + call) ?? []).map((step) => step.key);
      return keys.every((key) => key !== undefined) ? (keys as string[]) : undefined;
    },
    attributeNames: (instance) => index.attributeNames(prefix + instance),
  };
}

/** A reference to a resource of the referring module (`aws_iam_role.r.arn`), with its configuration address. */
interface ResourceReference {
  parsed: ResourceAddress;
  configAddress: string;
}

/**
 * What the `.tf` files of a plan's folder write for values the plan lists only the references of (Declarations in
 * declarations.ts). BUILT_VALUE stands for a value they build from what it reads (`"${aws_iam_role.r.arn}-v2"`), for
 * which the plan lists the same references as for the role's ARN.
 */
export interface FolderReadings {
  /**
   * The references a local value of a module makes where `reference` reads it: the plan lists `local.x` and leaves out
   * what the local reads. Undefined for a local the folder does not write.
   */
  localReferences(instance: readonly ModuleStep[], name: string, reference: string): readonly unknown[] | undefined;
  /**
   * The references of a module output, written in the module instance `instance`, where `reference` reads it: `listed`,
   * those the plan lists, or BUILT_VALUE.
   */
  outputReferences(instance: readonly ModuleStep[], name: string, listed: readonly unknown[], reference: string): readonly unknown[];
  /** As `outputReferences`, for a module input, as the call `call` in the module instance `caller` writes it. */
  inputReferences(caller: readonly ModuleStep[], call: string, name: string, listed: readonly unknown[], reference: string): readonly unknown[];
  /**
   * The references the value under an instance's key (`"train"`) of the `for_each` a module call writes reads, as the
   * call in the module instance `caller` writes it: the plan lists the map's references, not which key holds which
   * (`withEachValueRead`). Undefined where the call's `for_each` is not such a map or a set.
   */
  callEachValueWritten(caller: readonly ModuleStep[], call: string, key: string, listed: unknown): EachValueWritten | undefined;
  /**
   * How a module call's input reads the calling instance's own key (`ownKeyReading`), with what the plan lists for the
   * call's `for_each`.
   */
  callOwnKeyReading(caller: readonly ModuleStep[], call: string, input: string, listed: unknown): 'index' | 'derived' | undefined;
  /**
   * A module call's input's references as read where the call writes it as a local's entry under the own key `key`, or
   * without a key as it reads a module call made with `count` or `for_each` whole (`ownKeyEntryRead`).
   */
  callOwnKeyEntryRead(caller: readonly ModuleStep[], call: string, input: string, key: string | undefined, listed: readonly unknown[], instances: PlannedInstances): readonly unknown[];
  /** How a module call's input reads each.value of a constant `for_each` map (`eachValueReading`). */
  callEachValueReading(caller: readonly ModuleStep[], call: string, input: string): 'index' | 'derived' | undefined;
}

/** How many module inputs and outputs a reference is followed through. */
export const MAX_DEPTH = 32;

export class PlanConfiguration {
  readonly root: ModuleConfig;
  /** References repeat across module instances: each is parsed once (undefined: it names no resource of its module). */
  private readonly references = new Map<string, ResourceReference | undefined>();
  /**
   * What values passed on through module inputs and outputs account for and lead to, by the instances they are resolved
   * among, by their references, then by the instance, key and depth they are read at: outputs that pass on whole modules
   * fan out at every level of a module tree. With data sources read at plan time, one value is resolved among two sets
   * of instances, which may answer otherwise: links among the planned ones (such a data source's value is known when
   * planning), the texts of included documents among both.
   */
  private readonly accounted: Memo<boolean> = new Map();
  private readonly resolved: Memo<readonly ReferenceTarget[]> = new Map();
  /** `moduleReading` of each list of references (null: it names more than resources of the module). */
  private readonly moduleReadings = new WeakMap<readonly unknown[], ModuleReading | null>();
  /** A module input's references with `each.value` read, by the input's references and the call instance's key. */
  private readonly eachValueReads = new Map<ModuleCall, Map<readonly unknown[], Map<string | undefined, readonly unknown[]>>>();
  /** The module path `resource` was last asked about, and the module it leads to. */
  private lastInstance?: readonly ModuleStep[];
  private lastModule?: ModuleConfig;
  /** The `.tf` files of the plan's folder, where it is known: what they write for what the plan lists only references of. */
  folder?: FolderReadings;

  /** The keys of the provider configurations the plan writes (`provider_config`). */
  private readonly providerConfigKeys: Set<string>;
  /** The providers the plan writes a configuration of other than the root's default one (an alias, a module's). */
  private readonly providersConfiguredOtherwise = new Set<unknown>();
  /** `usedProviderKeys` (null: any may be used), asked for the owner's accounts and for the configurations beside other accounts: read once. */
  private usedKeys?: ReadonlySet<string> | null;

  constructor(
    configuration: unknown,
    /** The plan's root variables (`variables`), with their planned values. */
    private readonly variables: Json = {},
  ) {
    this.root = readModule(asRecord(configuration).root_module, 0);
    const configs = asRecord(asRecord(configuration).provider_config);
    this.providerConfigKeys = new Set(Object.keys(configs));
    for (const [key, config] of Object.entries(configs)) if (key !== asRecord(config).name) this.providersConfiguredOtherwise.add(asRecord(config).name);
  }

  /** The value a root variable was planned with; undefined when the plan does not show it. */
  rootVariable(name: string): Value | undefined {
    return Object.hasOwn(this.variables, name) ? (asRecord(this.variables[name]).value as Value | undefined) : undefined;
  }

  /**
   * The key of the provider configuration a resource is created with. Terraform before 1.1 keys a module's resources by
   * the module's own name for it (`child:aws`), and lists no configuration under that key unless the module writes one.
   * Such a key stands for a configuration the call passes in or the module inherits: where the plan writes no
   * configuration of that provider but the root's default one (no alias, none in a module), that is the one.
   */
  providerKey(modules: readonly ModuleStep[], address: string): string | undefined {
    return this.resolvedProviderKey(this.resource(modules, address)?.provider_config_key);
  }

  /**
   * The keys of the provider configurations the configuration's resources and data sources are created with: those
   * Terraform configures, and checks the allowed_account_ids of. Undefined where one names a key the plan writes no
   * configuration for but the root's default one (before Terraform 1.1, a module's name for one passed in): any may be.
   */
  usedProviderKeys(): ReadonlySet<string> | undefined {
    if (this.usedKeys === undefined) this.usedKeys = this.readUsedProviderKeys() ?? null;
    return this.usedKeys ?? undefined;
  }

  private readUsedProviderKeys(): Set<string> | undefined {
    const used = new Set<string>();
    const modules = [this.root];
    for (const module of modules) {
      for (const resource of module.resources.values()) {
        const key = this.resolvedProviderKey(resource.provider_config_key);
        if (key === undefined || (key !== 'aws' && !this.providerConfigKeys.has(key))) return undefined;
        used.add(key);
      }
      for (const call of module.calls.values()) modules.push(call.module);
    }
    return used;
  }

  private resolvedProviderKey(key: unknown): string | undefined {
    if (typeof key !== 'string') return undefined;
    const provider = key.slice(key.lastIndexOf(':') + 1);
    return provider === key || this.providerConfigKeys.has(key) || this.providersConfiguredOtherwise.has(provider) ? key : provider;
  }

  /**
   * Whether an expression the configuration writes for an attribute (its `expressions` entry) sets it to something
   * other than null: a constant, references, blocks; a root variable planned as null leaves it unset, as does `null`.
   * Undefined when the configuration does not write the attribute.
   */
  setsValue(expression: unknown, instance: readonly ModuleStep[]): boolean | undefined {
    if (expression === undefined) return undefined;
    if (Array.isArray(expression)) return expression.length > 0;
    const written = asRecord(expression);
    if ('constant_value' in written) return written.constant_value !== null;
    const references = written.references;
    const variable = Array.isArray(references) && references.length === 1 && typeof references[0] === 'string' ? ROOT_VARIABLE.exec(references[0]) : null;
    return !(variable && instance.length === 0 && Object.hasOwn(this.variables, variable[1]!) && this.rootVariable(variable[1]!) === null);
  }

  /**
   * Whether an expression with these references, in the module instance `instance`, reads an instance by the referring
   * instance's own key (`r[each.key]`, `r[count.index]`): it reads `each.key` or `count.index`, and no variable or local
   * value, which the key may be looked up in (`r[var.roles[each.key]]`: Terraform lists `r`, `var.roles` and
   * `each.key`, as for `r[each.key]` beside a variable). Two things lift that: the `.tf` text shows the own key itself
   * is the index (`ownKeyWritten`), or the variable is a root one planned as a scalar or null, which no key can be
   * looked up in (`coalesce(var.role_arn, r[each.key].arn)`). A key computed from the own one by functions or
   * arithmetic alone (`r[count.index + 1]`) lists as `r[count.index]` does; only the `.tf` text tells them apart.
   */
  private readsOwnKey(references: readonly unknown[], instance: readonly ModuleStep[], ownKeyWritten: boolean): boolean {
    let own = false;
    for (let position = 0; position < references.length; position++) {
      const reference = references[position];
      if (typeof reference !== 'string') continue;
      if (KEYED_REFERENCE.test(reference)) own = true;
      else if (!ownKeyWritten && (reference.startsWith('local.') || (reference.startsWith('var.') && !this.isRootScalar(reference, instance)))) return false;
    }
    return own;
  }

  private isRootScalar(reference: string, instance: readonly ModuleStep[]): boolean {
    const name = instance.length === 0 ? VARIABLE_REFERENCE.exec(reference)?.[1] : undefined;
    if (name === undefined || !Object.hasOwn(this.variables, name)) return false;
    const value = this.rootVariable(name);
    return value === null || typeof value !== 'object';
  }

  /**
   * The instances of a resource that a reference among `references` reads: the one its key names, the only one, or the
   * one with the referring instance's key when the references read it (`readsOwnKey`).
   */
  private chosenInstances(target: ResourceReference, instances: readonly string[], instance: readonly ModuleStep[], prefix: string, selfKey: string | undefined, references: readonly unknown[], ownKeyWritten: boolean): readonly string[] {
    const { key } = target.parsed;
    if (key !== undefined) {
      const keyed = `${prefix}${target.configAddress}[${key}]`;
      const found = instances.filter((address) => address === keyed);
      // Terraform converts a string index of digits into a number to index a counted resource's instances: `["0"]` is
      // `[0]`, as a for over one gives its keys (`{ for k, r in aws_iam_role.c : k => r.arn }`, keys "0", "1").
      const position = found.length === 0 ? QUOTED_INDEX.exec(key)?.[1] : undefined;
      return position === undefined ? found : instances.filter((address) => address === `${prefix}${target.configAddress}[${position}]`);
    }
    if (instances.length === 1) return instances;
    return selfKey !== undefined && this.readsOwnKey(references, instance, ownKeyWritten) ? instances.filter((address) => address.endsWith(`[${selfKey}]`)) : NO_ADDRESSES;
  }

  /** The references the plan lists for an input of a module instance, as its call writes it; undefined for the root module, or an input the call does not write. */
  callInputReferences(instance: readonly ModuleStep[], name: string): readonly unknown[] | undefined {
    if (instance.length === 0) return undefined;
    return expressionReferences(this.moduleAt(instance, instance.length - 1)?.calls.get(instance.at(-1)!.name)?.expressions[name]);
  }

  /** The `for_each_expression` of the call that makes a module instance; undefined for the root module. */
  callForEach(instance: readonly ModuleStep[]): unknown {
    if (instance.length === 0) return undefined;
    return this.moduleAt(instance, instance.length - 1)?.calls.get(instance.at(-1)!.name)?.forEach;
  }

  /** The module an instance path leads to, read through the call names (no list of them is made). */
  private moduleAt(instance: readonly ModuleStep[], length = instance.length): ModuleConfig | undefined {
    let current: ModuleConfig | undefined = this.root;
    for (let index = 0; index < length; index++) current = current?.calls.get(instance[index]!.name)?.module;
    return current;
  }

  /** Module call sources from the root (`./modules/a`), or undefined past a call that has none. */
  moduleSources(names: readonly string[]): string[] | undefined {
    const sources: string[] = [];
    let current: ModuleConfig | undefined = this.root;
    for (const name of names) {
      const call: ModuleCall | undefined = current?.calls.get(name);
      if (!call || typeof call.source !== 'string') return undefined;
      sources.push(call.source);
      current = call.module;
    }
    return sources;
  }

  resource(modules: readonly ModuleStep[], address: string): Json | undefined {
    // The resources of one module instance are read one after the other, and share their module path.
    if (modules !== this.lastInstance) {
      this.lastInstance = modules;
      this.lastModule = this.moduleAt(modules);
    }
    return this.lastModule?.resources.get(address);
  }

  /** Resource instances that the references of one expression lead to, following module inputs and outputs. */
  /** `ownKeyWritten`: the `.tf` text shows that the expression reads an instance by the own key (`readsOwnKey`). */
  resolve(references: readonly unknown[], instance: readonly ModuleStep[], selfKey: string | undefined, index: InstanceIndex, depth = 0, ownKeyWritten = false): readonly ReferenceTarget[] {
    if (depth > MAX_DEPTH) return NO_TARGETS;
    // A few targets at most: a list is cheaper than a map. Most references lead to one, and its list is made to fit it.
    let found: ReferenceTarget[] | undefined;
    let prefix: string | undefined;
    for (const reference of references) {
      if (typeof reference !== 'string') continue;
      if (reference.startsWith('var.') || reference.startsWith('module.') || reference.startsWith('local.')) {
        // Terraform lists a read into a value passed on with the value (`var.cfg.role`, then `var.cfg`): what is read
        // is where a read stops, and the rest of the value may lead to other resources.
        if (!readStopsAt(references, reference)) continue;
        for (const value of this.passedValues(reference, references, instance, selfKey, index, ownKeyWritten) ?? []) {
          for (const target of this.passedTargets(value, index, depth + 1)) found = addTarget(found, target);
        }
      } else {
        const target = this.resourceReference(reference);
        if (!target) continue;
        prefix ??= modulePrefix(instance);
        const instances = instancesIn(index.resources.get(prefix), target.configAddress);
        if (!instances) continue;
        const { attribute } = target.parsed;
        for (const address of this.chosenInstances(target, instances, instance, prefix, selfKey, references, ownKeyWritten)) found = addTarget(found, attribute !== undefined ? { address, attribute } : { address });
      }
    }
    return found ?? NO_TARGETS;
  }

  /**
   * The resource instances the references of one expression lead to (`resolve`), where they account for everything it
   * reads that may be unknown in a plan (`accountsFor`), else none. References that name resources of the module alone
   * are read once per list (`moduleReading`), which every instance of the module shares, and each resource they name
   * is looked up once per instance for both questions.
   */
  accountedTargets(references: readonly unknown[], instance: readonly ModuleStep[], selfKey: string | undefined, index: InstanceIndex, ownKeyWritten = false): readonly ReferenceTarget[] {
    const reading = this.moduleReading(references);
    if (reading === undefined) return this.accountsFor(references, instance, selfKey, index, 0, ownKeyWritten) ? this.resolve(references, instance, selfKey, index, 0, ownKeyWritten) : NO_TARGETS;
    if (!reading.accountable) return NO_TARGETS;
    const prefix = modulePrefix(instance);
    const byConfigAddress = index.resources.get(prefix);
    let found: ReferenceTarget[] | undefined;
    for (let position = 0; position < reading.named.length; position++) {
      const { target, attribute, accounts } = reading.named[position]!;
      const instances = instancesIn(byConfigAddress, target.configAddress);
      if (!instances) {
        if (accounts && this.moduleAt(instance)?.resources.has(target.configAddress) !== true) return NO_TARGETS;
        continue;
      }
      const chosen = this.chosenInstances(target, instances, instance, prefix, selfKey, references, ownKeyWritten);
      if (accounts && chosen.length === 0) return NO_TARGETS;
      for (const address of chosen) found = addTarget(found, attribute !== undefined ? { address, attribute } : { address });
    }
    return found ?? NO_TARGETS;
  }

  /**
   * How a list of references reads, when it names resources of the referring module alone (no input, output or local
   * value, which lead elsewhere by the instance): undefined otherwise. Made once per list.
   */
  private moduleReading(references: readonly unknown[]): ModuleReading | undefined {
    let reading = this.moduleReadings.get(references);
    if (reading === undefined) {
      reading = this.readInModule(references) ?? null;
      this.moduleReadings.set(references, reading);
    }
    return reading ?? undefined;
  }

  private readInModule(references: readonly unknown[]): ModuleReading | undefined {
    const named: ModuleReading['named'][number][] = [];
    let accountable = true;
    for (let position = 0; position < references.length; position++) {
      const reference = references[position];
      if (typeof reference !== 'string') continue;
      if (reference.startsWith('var.') || reference.startsWith('module.') || reference.startsWith('local.')) return undefined;
      // As `accountsFor` asks: what is known at plan, or read further into by another reference, needs no instance.
      const accounts = !knownAtPlan(reference) && !readsFurtherIn(references, reference);
      const target = this.resourceReference(reference);
      if (!target) {
        if (accounts) accountable = false;
        continue;
      }
      // Terraform lists a read with the reads it reads into (`aws_iam_role.r.arn`, then `aws_iam_role.r`): with no other
      // resource named between them, they choose the same instances, which `resolve` would add again to no effect.
      const last = named.at(-1);
      const { key, attribute } = target.parsed;
      if (last && last.target.configAddress === target.configAddress && last.target.parsed.key === key) {
        last.accounts ||= accounts;
        last.attribute ??= attribute;
      } else named.push({ target, attribute, accounts });
    }
    return { accountable, named };
  }

  /**
   * Whether the references of one expression account for everything it reads that may be unknown in a plan: each leads
   * to a resource instance (through module inputs and outputs), or is known when the plan is made (a root variable, a
   * module input set to a constant or left to its default, `each`, `count`, `path`, `terraform`). A local value, or a
   * module output or resource that leads to no instance, may be anything: a value built from the expression may then
   * come from neither of the resources found.
   */
  accountsFor(references: readonly unknown[], instance: readonly ModuleStep[], selfKey: string | undefined, index: InstanceIndex, depth = 0, ownKeyWritten = false): boolean {
    if (depth > MAX_DEPTH) return false;
    // A loop, not callbacks: it runs for every value a plan leaves open that names a role or policy.
    for (let position = 0; position < references.length; position++) {
      const reference = references[position];
      if (typeof reference !== 'string' || knownAtPlan(reference) || readsFurtherIn(references, reference)) continue;
      if (!this.accountsForOne(reference, references, instance, selfKey, index, depth, ownKeyWritten)) return false;
    }
    return true;
  }

  private accountsForOne(reference: string, references: readonly unknown[], instance: readonly ModuleStep[], selfKey: string | undefined, index: InstanceIndex, depth: number, ownKeyWritten: boolean): boolean {
    if (reference.startsWith('var.')) {
      // A root variable's value is known when the plan is made; a module input's is its expression's, unless constant.
      const passed = this.passedFrom(reference, instance, index);
      return passed === undefined || this.passedAccountsFor(passed, index, depth + 1);
    }
    if (reference.startsWith('module.')) {
      const values = this.passedValues(reference, references, instance, selfKey, index, ownKeyWritten);
      return values !== undefined && values.every((value) => this.passedAccountsFor(value, index, depth + 1));
    }
    // A local value the `.tf` files write accounts for what its own references do; one they do not may be anything.
    if (reference.startsWith('local.')) {
      const passed = this.passedFrom(reference, instance, index);
      return passed !== undefined && this.passedAccountsFor(passed, index, depth + 1);
    }
    // A resource or data source of the module: the instances read, or none at all (`count = 0`, a data source read at
    // plan, whose value is known then); a name the module does not declare (a local value) may be anything, and so may
    // one of several instances when the references do not say which.
    const target = this.resourceReference(reference);
    if (target === undefined) return false;
    const prefix = modulePrefix(instance);
    const instances = instancesIn(index.resources.get(prefix), target.configAddress);
    if (!instances) return this.moduleAt(instance)?.resources.has(target.configAddress) === true;
    return this.chosenInstances(target, instances, instance, prefix, selfKey, references, ownKeyWritten).length > 0;
  }

  private passedAccountsFor(passed: PassedValue, index: InstanceIndex, depth: number): boolean {
    return memoized(this.accounted, index, passed, depth, () => this.accountsFor(passed.references, passed.instance, passed.selfKey, index, depth));
  }

  private passedTargets(passed: PassedValue, index: InstanceIndex, depth: number): readonly ReferenceTarget[] {
    return memoized(this.resolved, index, passed, depth, () => this.resolve(passed.references, passed.instance, passed.selfKey, index, depth));
  }

  /**
   * The expressions a reference passes a value on from: a module input's expression in the calling module, a module
   * output's, or a local value's as the `.tf` files write it (`localReferences`); undefined for any other reference, or
   * one that leads nowhere.
   */
  passedFrom(reference: string, instance: readonly ModuleStep[], index: InstanceIndex): PassedValue | undefined {
    const local = reference.startsWith('local.') ? LOCAL_REFERENCE.exec(reference) : null;
    if (local) {
      const references = this.folder?.localReferences(instance, local[1]!, reference);
      // A local is the module's, not an instance's: it reads no `each` or `count`.
      return references ? { references, instance, selfKey: undefined } : undefined;
    }
    const variable = reference.startsWith('var.') ? VARIABLE_REFERENCE.exec(reference) : null;
    if (variable) {
      if (instance.length === 0) return undefined;
      const { name, key } = instance.at(-1)!;
      const call = this.moduleAt(instance, instance.length - 1)?.calls.get(name);
      const listed = expressionReferences(call?.expressions[variable[1]!]);
      if (!listed) return undefined;
      // The calling instance's key: `each.key` in the call's expressions is the key of the instance the input is for. An
      // input that reads an instance by a key built from it (`r["${each.key}-admin"]`), which the plan lists as
      // `r[each.key]`, does not read the one with that key.
      const caller = instance.slice(0, -1);
      const written = this.folder?.inputReferences(caller, name, variable[1]!, listed, reference) ?? listed;
      const reading = key === undefined ? undefined : this.folder?.callOwnKeyReading(caller, name, variable[1]!, forEachReferences(call!.forEach));
      if (key !== undefined && reading === 'derived') {
        // `role_arn = local.exec[each.key]` reads the local's entry under the key (`callOwnKeyEntryRead`), whatever it reads.
        return { references: this.folder!.callOwnKeyEntryRead(caller, name, variable[1]!, key, written, plannedInstances(index, caller)), instance: caller, selfKey: undefined };
      }
      // `[for m in module.roles : m.arn][0]` reads the instance the `.tf` scan evaluates, though the plan lists `module.roles`.
      const read = (reading === undefined && readsModuleCallWhole(written) ? this.folder?.callOwnKeyEntryRead(caller, name, variable[1]!, undefined, written, plannedInstances(index, caller)) : undefined) ?? written;
      const references = this.eachValueRead(read, call!, name, variable[1]!, caller, key);
      return reading === 'index' ? { references, instance: caller, selfKey: key, ownKeyWritten: true } : { references, instance: caller, selfKey: key };
    }
    const output = reference.startsWith('module.') ? OUTPUT_REFERENCE.exec(reference) : null;
    if (!output) return undefined;
    const [, name, bracket, outputName] = output;
    const listed = this.moduleAt(instance)?.calls.get(name!)?.module.outputs.get(outputName!);
    const child = listed && callInstance(name!, bracket, instance, index, undefined);
    if (!child) return undefined;
    const childInstance = [...instance, child];
    return { references: this.folder?.outputReferences(childInstance, outputName!, listed!, reference) ?? listed!, instance: childInstance, selfKey: undefined };
  }

  /**
   * What a module input or output reference passes on: the expression it names, or every output of a module instance
   * read whole; undefined when it leads nowhere.
   */
  private passedValues(reference: string, references: readonly unknown[], instance: readonly ModuleStep[], selfKey: string | undefined, index: InstanceIndex, ownKeyWritten: boolean): PassedValue[] | undefined {
    const read = selfKey !== undefined && ownKeyWritten && indexedOutput(reference, references) ? `${reference}[${selfKey}]` : reference;
    const passed = this.passedFrom(read, instance, index);
    return passed ? [passed] : this.outputsOfInstance(reference, references, instance, selfKey, index, ownKeyWritten);
  }

  /**
   * The outputs of a module instance that a reference reads as a whole (`module.a`, `module.a["k"]`), any of which the
   * value may be built from. Terraform lists a module read with a key it computes (`module.a[each.key].role_arn`) so:
   * the key's references beside it, and no output name. The instance is the one the key names; with `each.key` or
   * `count.index`, the one with the referring instance's key; else the call's only one. Undefined for a reference to an
   * output by name, for one that another reference reads further into (Terraform lists `module.a` beside
   * `module.a.role_arn`), or when the instance is not known.
   */
  private outputsOfInstance(reference: string, references: readonly unknown[], instance: readonly ModuleStep[], selfKey: string | undefined, index: InstanceIndex, ownKeyWritten: boolean): PassedValue[] | undefined {
    const read = WHOLE_MODULE_REFERENCE.exec(reference);
    if (!read || readsFurtherIn(references, reference)) return undefined;
    const [, name, bracket] = read;
    const module = this.moduleAt(instance)?.calls.get(name!)?.module;
    const child = module && callInstance(name!, bracket, instance, index, selfKey !== undefined && this.readsOwnKey(references, instance, ownKeyWritten) ? selfKey : undefined);
    if (!module || !child) return undefined;
    // One instance path for all the outputs: its prefix, which the memo keys hold, is written once.
    const childInstance = [...instance, child];
    return [...module.outputs.values()].map((outputReferences) => ({ references: outputReferences, instance: childInstance, selfKey: undefined }));
  }

  /**
   * `withEachValueRead` of a module input's references for one instance of the call `name` in `caller`, made once: the
   * values passed on are memoized by their references (`memoized`), which must then be the same list each time. Every
   * instance of the calling module writes the call in the same `.tf` block, so the call and its key tell what is read
   * (lists of references are shared by calls that write the same text). Each.value of a constant for_each map is read as
   * an index only where the `.tf` shows it so (`callEachValueReading`).
   */
  private eachValueRead(references: readonly unknown[], call: ModuleCall, name: string, input: string, caller: readonly ModuleStep[], key: string | undefined): readonly unknown[] {
    let byReferences = this.eachValueReads.get(call);
    if (!byReferences) this.eachValueReads.set(call, (byReferences = new Map()));
    let byKey = byReferences.get(references);
    if (!byKey) byReferences.set(references, (byKey = new Map()));
    let read = byKey.get(key);
    if (!read) {
      const listed = forEachReferences(call.forEach);
      const written = key === undefined ? undefined : this.folder?.callEachValueWritten(caller, name, key, listed);
      const constantIndexes = key !== undefined && listed === undefined && this.folder?.callEachValueReading(caller, name, input) === 'index';
      byKey.set(key, (read = withEachValueRead(references, call.forEach, key, written, constantIndexes)));
    }
    return read;
  }

  private resourceReference(reference: string): ResourceReference | undefined {
    const known = this.references.get(reference);
    if (known !== undefined || this.references.has(reference)) return known;
    const parsed = parseAddress(reference);
    const target = parsed && parsed.modules.length === 0 ? { parsed, configAddress: configAddress(parsed) } : undefined;
    this.references.set(reference, target);
    return target;
  }
}

const NO_TARGETS: readonly ReferenceTarget[] = [];

/**
 * A list of references that names resources of the referring module alone, read for `accountedTargets`: whether every
 * reference that must lead to an instance names a resource (`accountable`), and the resources named, in order, each
 * with the attribute `resolve` would give its instances and whether it must lead to one (`accounts`).
 */
interface ModuleReading {
  accountable: boolean;
  named: Array<{ target: ResourceReference; attribute: string | undefined; accounts: boolean }>;
}

/**
 * The instance of a module call a reference reads: the one its key names (`["k"]`, the bracket as written), or with
 * `keyedBy` (the referring instance's key, for `each.key`/`count.index`) the one with that key, or the call's only one.
 */
function callInstance(name: string, bracket: string | undefined, instance: readonly ModuleStep[], index: InstanceIndex, keyedBy: string | undefined): ModuleStep | undefined {
  if (bracket !== undefined) return { name, key: bracket.slice(1, -1) };
  const instances = index.modules.get(modulePrefix(instance) + name) ?? [];
  if (keyedBy !== undefined) return instances.find((step) => step.key === keyedBy);
  return instances.length === 1 ? instances[0] : undefined;
}

const NO_ADDRESSES: readonly string[] = [];

/** Adds a target, or names the attribute of one found already without it; returns the list, made at the first target. */
function addTarget(found: ReferenceTarget[] | undefined, target: ReferenceTarget): ReferenceTarget[] {
  if (!found) return [target];
  for (let known = 0; known < found.length; known++) {
    if (found[known]!.address !== target.address) continue;
    if (found[known]!.attribute === undefined && target.attribute !== undefined) found[known] = target;
    return found;
  }
  found.push(target);
  return found;
}

/**
 * Whether a reference reads further into another (`aws_iam_role.r.arn`, `aws_iam_role.r[0]` into `aws_iam_role.r`). A
 * module is listed alone only when it is read whole or with a key Terraform computes (it lists `module.a["k"].out`
 * and `module.a["k"]`, not `module.a`): `module.a["k"]` does not read further into `module.a`.
 */
export function readsFurther(reference: string, shorter: string): boolean {
  const next = reference.charCodeAt(shorter.length);
  if (reference.length <= shorter.length || !reference.startsWith(shorter)) return false;
  return next === DOT || (next === OPEN_BRACKET && !WHOLE_MODULE_REFERENCE.test(shorter));
}

const DOT = 46;
const OPEN_BRACKET = 91;

/**
 * The references of an expression of an instance made by `for_each`, with `each.value` read where the plan shows what
 * it is. When the `for_each` expression reads one resource or one module call of the module, whole and nothing else
 * (`for_each = aws_iam_role.r`, `module.team`), each instance's value is that resource's or module's instance of the
 * same key, so `each.value.arn` reads `aws_iam_role.r["a"].arn` for the instance `["a"]`: only a read into the value is
 * taken (`each.value` alone may be anything a `for` expression over the resource builds, which Terraform lists alike),
 * and only where the expression reads what is iterated no other way. Otherwise each instance's value is built from what
 * the instance's entry of the `for_each` map reads: `written`, what the `.tf` text writes under the own key (for a read
 * into `each.value`, the part of the entry read where the `.tf` writes it out; over a set, `each.key`), else, when the
 * expression reads one thing that is no resource or module read whole (`{ a = aws_iam_role.r.arn }`), that for every
 * key; `each.value` then reads those references. With several read and no text, which key holds which is not known,
 * and nothing is read. Other references are returned as they are.
 */
export function withEachValueRead(references: readonly unknown[], forEach: unknown, ownKey: string | undefined, written?: EachValueWritten, constantIndexes = false, rekeyed: () => boolean = () => false): readonly unknown[] {
  if (ownKey === undefined || !references.some((reference) => typeof reference === 'string' && EACH_VALUE.test(reference))) return references;
  const iterated = forEachReferences(forEach);
  if (iterated === undefined) return constantIndexes ? withConstantValueIndex(references, forEach, ownKey) : references;
  const read = iterated.filter((reference): reference is string => typeof reference === 'string' && !readsFurtherIn(iterated, reference));
  // `local.roles` reads as a resource read whole would: where the `.tf` writes the local's entry for the key, that is the value.
  // Not so where the `.tf` writes a `for` expression over it that gives other keys (`rekeyed`, `forEachRekeys`).
  if (written === undefined && read.length === 1 && readsWholeOfModule(read[0]!) && !rekeyed()) return withIteratedInstanceRead(references, read[0]!, ownKey);
  const valueAt = written ?? (read.length === 1 ? () => read : undefined);
  if (valueAt === undefined) return references;
  // Terraform lists a read of `each.value.role` with `each.value`: only where a read stops is the value read there.
  const value = references.flatMap((reference, position) =>
    typeof reference === 'string' && EACH_VALUE.test(reference) && references.indexOf(reference) === position && readStopsAt(references, reference) ? valueAt(reference) : [],
  );
  // A resource or module read whole is not what the value is built from but what it is read from: `{ a = aws_iam_role.x }`
  // with `each.value.arn`, or a `for` expression over it (`{ for k, r in aws_iam_role.r : k => r.arn }`, listed alike).
  if (value.some((reference) => isReadWhole(reference) && !readsFurtherIn(value, reference))) return references;
  const firstRead = references.findIndex((reference) => typeof reference === 'string' && EACH_VALUE.test(reference));
  return references.flatMap<unknown>((reference, position) => (typeof reference !== 'string' || !EACH_VALUE.test(reference) ? [reference] : position === firstRead ? value : []));
}

/**
 * The references a plan lists for a `for_each` expression (its `for_each_expression`): none where it writes neither
 * references nor a constant, as Terraform leaves out an expression it evaluates only with functions
 * (`toset(["train", "infer"])`); undefined for a constant (`{ train = "x" }`).
 */
export function forEachReferences(forEach: unknown): readonly unknown[] | undefined {
  const { references } = asRecord(forEach);
  if (Array.isArray(references)) return references;
  return Object.hasOwn(asRecord(forEach), 'constant_value') ? undefined : NO_REFERENCES;
}

/**
 * What the entry of an instance's own key in its `for_each` map reads, as the `.tf` beside the plan writes it: the
 * references of the part of it a read of `each.value`, as the plan lists it (`each.value`, `each.value.role`), takes,
 * or BUILT_VALUE where that part is a value built from them (`{ train = "${aws_iam_role.train.arn}-v2" }`).
 */
export type EachValueWritten = (read: string) => readonly string[];

/**
 * Whether a read the expression makes stops at `reference` rather than reading further into it: Terraform lists each
 * read with the shorter references it reads into (`each.value.role`, then `each.value`), each time it is written, so a
 * reference is read where it is listed more often than the references one step further into it
 * (`coalesce(each.value.role, each.value)` lists `each.value` twice).
 */
function readStopsAt(references: readonly unknown[], reference: string): boolean {
  let stops = 0;
  for (const other of references) {
    if (other === reference) stops++;
    else if (typeof other === 'string' && readsFurther(other, reference) && ONE_STEP.test(other.slice(reference.length))) stops--;
  }
  return stops > 0;
}

/** One step of a reference as Terraform writes it: `.name`, `["key"]` or `[0]`. */
const ONE_STEP = /^(?:\.[\w-]+|\[(?:"(?:[^"\\]|\\.)*"|\d+)\])$/;

/**
 * `withEachValueRead` over a constant map, whose value under the own key the plan holds (`{ train = "ml-train" }`):
 * an expression that reads one resource or module call of the module, whole, and `each.value` alone, as Terraform lists
 * `aws_iam_role.r[each.value].arn`, reads the instance whose key is that value (`aws_iam_role.r["ml-train"]`); one
 * that reads a module's output whole with the call and `each.value` (`module.roles.arns[each.value]`) reads the output
 * by that key (`module.roles.arns["ml-train"]`). Terraform
 * lists `r["${each.value}-admin"]` alike: the caller asks (`constantIndexes`) only where the `.tf` beside the plan shows
 * each.value as the whole index.
 */
function withConstantValueIndex(references: readonly unknown[], forEach: unknown, ownKey: string): readonly unknown[] {
  const others = references.filter((reference) => reference !== EACH_VALUE_REFERENCE);
  const [whole, call] = others;
  // An output read whole (`module.roles.arns[each.value]`) is listed with its call (`module.roles`).
  const readsOutput = typeof whole === 'string' && OUTPUT_REFERENCE.exec(whole)?.[0] === whole && call === whole.slice(0, whole.lastIndexOf('.'));
  if (typeof whole !== 'string' || references.length !== others.length + 1 || !(others.length === 1 ? readsWholeOfModule(whole) : others.length === 2 && readsOutput)) return references;
  let key: unknown;
  try {
    key = JSON.parse(ownKey);
  } catch {
    return references;
  }
  const constant = asRecord(asRecord(forEach).constant_value);
  const value = typeof key === 'string' && Object.hasOwn(constant, key) ? constant[key] : undefined;
  return typeof value === 'string' ? [`${whole}[${JSON.stringify(value)}]`] : references;
}

/** `withEachValueRead` over one resource or module call of the module, read whole. */
function withIteratedInstanceRead(references: readonly unknown[], whole: string, ownKey: string): readonly unknown[] {
  if (!references.some((reference) => typeof reference === 'string' && EACH_VALUE_READ.test(reference))) return references;
  // An expression that also reads what is iterated (`aws_iam_role.r[each.value.name]`) reads it by a key each.value
  // holds: the instance with the own key, which Terraform lists alike, may not be the one read.
  if (references.some((reference) => typeof reference === 'string' && (reference === whole || readsFurther(reference, whole)))) return references;
  const instance = `${whole}[${ownKey}]`;
  return references.map((reference) => (typeof reference === 'string' && EACH_VALUE.test(reference) ? instance + reference.slice('each.value'.length) : reference));
}

/**
 * Whether references read a module call whole, with nothing listed that reads further into it (`module.roles`, as
 * Terraform lists `[for m in module.roles : m.arn][0]`, or `module.roles[var.key].arn`).
 */
export function readsModuleCallWhole(references: readonly unknown[]): boolean {
  return references.some((reference) => typeof reference === 'string' && WHOLE_MODULE_CALL.test(reference) && !readsFurtherIn(references, reference));
}

/** A resource or module call of the referring module, read whole without a key (`aws_iam_role.r`, `module.team`). */
export function readsWholeOfModule(reference: string): boolean {
  const resource = parseAddress(reference);
  return resource ? resource.modules.length === 0 && resource.key === undefined && resource.attribute === undefined : WHOLE_MODULE_CALL.test(reference);
}

/** A resource, one of its instances, or a module call or instance, read whole (`aws_iam_role.r["a"]`, `module.team`). */
function isReadWhole(reference: string): boolean {
  const resource = parseAddress(reference);
  return resource ? resource.attribute === undefined : WHOLE_MODULE_REFERENCE.test(reference);
}

/** `each.value` read whole, as a plan lists it. */
export const EACH_VALUE_REFERENCE = 'each.value';
/** An instance key written as a string of a whole number (`"0"`), the number it indexes a counted resource with. */
const QUOTED_INDEX = /^"(0|[1-9]\d*)"$/;
/** `each.value` or a read into it. */
const EACH_VALUE = /^each\.value(?:$|[.[])/;
/** A read into `each.value` (`each.value.arn`, `each.value["arn"]`). */
const EACH_VALUE_READ = /^each\.value[.[]/;
/** A module call read whole without a key (`module.team`). */
const WHOLE_MODULE_CALL = /^module\.[\w-]+$/;

/** The referring instance's own key; `each.value` may hold anything, and is resolved only as `withEachValueRead` reads it. */
export const KEYED_REFERENCE = /^(count\.index|each\.key)$/;

/**
 * Whether the own key that the `.tf` shows as an index into a module, resource or data source (`ownKeyWritten`) indexes
 * the output `reference` (`module.roles.arns[each.key]`, listed as `module.roles.arns`, `module.roles` and `each.key`):
 * it is an output read whole, and nothing else listed may be what the key indexes (another output, a resource, a data
 * source, a module instance read whole), so the output is read by the key written out (`module.roles.arns["train"]`).
 */
function indexedOutput(reference: string, references: readonly unknown[]): boolean {
  const output = OUTPUT_REFERENCE.exec(reference);
  if (output?.[0] !== reference || readsFurtherIn(references, reference)) return false;
  const call = `module.${output[1]}${output[2] ?? ''}`;
  return references.every((other) => typeof other !== 'string' || other === reference || other === call || KEYED_REFERENCE.test(other) || other.startsWith('var.') || other.startsWith('local.'));
}
/** References whose values a plan is made with: instance keys (not `each.value`, which may hold anything), paths and the workspace. */
function knownAtPlan(reference: string): boolean {
  return reference === 'count.index' || reference === 'each.key' || reference.startsWith('path.') || reference.startsWith('terraform.');
}

/** Whether another of the references reads further into this one (Terraform lists both). */
function readsFurtherIn(references: readonly unknown[], reference: string): boolean {
  for (let position = 0; position < references.length; position++) {
    const other = references[position];
    if (typeof other === 'string' && readsFurther(other, reference)) return true;
  }
  return false;
}
const VARIABLE_REFERENCE = /^var\.([\w-]+)/;
const LOCAL_REFERENCE = /^local\.([\w-]+)/;
/** A root variable read whole: `var.arns`, not `var.arns[0]`. */
const ROOT_VARIABLE = /^var\.([\w-]+)$/;
const OUTPUT_REFERENCE = /^module\.([\w-]+)(\[(?:"(?:[^"\\]|\\.)*"|[^\]]*)\])?\.([\w-]+)/;
const WHOLE_MODULE_REFERENCE = /^module\.([\w-]+)(\[(?:"(?:[^"\\]|\\.)*"|[^\]]*)\])?$/;

function readModule(value: unknown, depth: number): ModuleConfig {
  const module = asRecord(value);
  const resources = new Map<string, Json>();
  for (const resource of Array.isArray(module.resources) ? module.resources : []) {
    const record = asRecord(resource);
    if (typeof record.address === 'string') resources.set(record.address, record);
  }
  const calls = new Map<string, ModuleCall>();
  if (depth < MAX_DEPTH) {
    for (const [name, call] of Object.entries(asRecord(module.module_calls))) {
      const record = asRecord(call);
      calls.set(name, { ...(typeof record.source === 'string' ? { source: record.source } : {}), expressions: asRecord(record.expressions), forEach: record.for_each_expression, module: readModule(record.module, depth + 1) });
    }
  }
  const outputs = new Map<string, readonly unknown[]>();
  for (const [name, output] of Object.entries(asRecord(module.outputs))) outputs.set(name, expressionReferences(asRecord(output).expression) ?? NO_REFERENCES);
  return { resources, calls, outputs };
}

const NO_REFERENCES: readonly unknown[] = [];

/**
 * Stands for what an expression reads when the plan shows neither its references nor a constant value (`uuid()`,
 * `timestamp()`): no resource accounts for it.
 */
const OPEN_EXPRESSION: readonly unknown[] = Object.freeze(['(an expression the plan does not show)']);

/**
 * Stands for what a value passed on makes where the `.tf` beside the plan builds what is read of it from its references
 * (`"${aws_iam_role.r.arn}-v2"`, for which the plan lists the role alike): another value than any of them, which no
 * resource accounts for.
 */
export const BUILT_VALUE: readonly string[] = Object.freeze(['(a value the .tf builds from what it reads)']);

/** The references of a configuration expression; undefined for none written or a constant, OPEN_EXPRESSION for neither. */
function expressionReferences(expression: unknown): readonly unknown[] | undefined {
  if (expression === undefined) return undefined;
  const record = asRecord(expression);
  if (Array.isArray(record.references)) return record.references;
  return Object.hasOwn(record, 'constant_value') ? undefined : OPEN_EXPRESSION;
}

/** Values computed for passed values: by the instances resolved among, the references, then the place read at. */
type Memo<T> = Map<InstanceIndex, Map<readonly unknown[], Map<string, T>>>;

/** A value of `cache` for the passed value read at the depth among the instances of `index`, computed once. */
function memoized<T>(cache: Memo<T>, index: InstanceIndex, passed: PassedValue, depth: number, compute: () => T): T {
  let byReferences = cache.get(index);
  if (!byReferences) cache.set(index, (byReferences = new Map()));
  let byPlace = byReferences.get(passed.references);
  if (!byPlace) byReferences.set(passed.references, (byPlace = new Map()));
  const place = `${depth}\u0000${modulePrefix(passed.instance)}\u0000${passed.selfKey ?? ''}`;
  let value = byPlace.get(place);
  if (value === undefined) byPlace.set(place, (value = compute()));
  return value;
}

export function asRecord(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

/**
 * A plan's provider configurations (`configuration.provider_config`), by the key a resource names its configuration
 * with (`provider_config_key`): the region and the account each one deploys to, where the plan fixes them. Terraform
 * 1.1 and later key a module's resources by the configuration they use, wherever it is written. Earlier plans key them
 * by the module's own name for it (`module.a:aws`), which may stand for a configuration passed in by the call: such a
 * key has no configuration of its own here, and so no region.
 */
export class ProviderConfigs {
  private readonly regions = new Map<string, string | undefined>();
  private readonly ignored = new Map<string, IgnoredTags | undefined>();

  constructor(
    private readonly configs: Json,
    /** The value a root variable was planned with (`PlanConfiguration.rootVariable`). */
    private readonly rootVariable: (name: string) => Value | undefined,
  ) {}

  /** The keys of the configurations the plan writes. */
  keys(): string[] {
    return Object.keys(this.configs);
  }

  /** The region: a constant, or the planned value of the root variable the region expression reads. */
  region(key: unknown): string | undefined {
    if (typeof key !== 'string' || !Object.hasOwn(this.configs, key)) return undefined;
    if (!this.regions.has(key)) this.regions.set(key, this.readRegion(asRecord(this.configs[key])));
    return this.regions.get(key);
  }

  /**
   * The tag keys a configuration's `ignore_tags` block ignores (`Resource.providerIgnoredTags`): its constants, or the
   * planned values of the root variables they read. The plan's `tags_all` already leaves them out.
   */
  ignoredTags(key: unknown): IgnoredTags | undefined {
    if (typeof key !== 'string' || !Object.hasOwn(this.configs, key)) return undefined;
    // Read once: every principal's tags ask it (`writtenTags`), twice for one without `tags_all`.
    if (!this.ignored.has(key)) this.ignored.set(key, this.readIgnoredTags(asRecord(this.configs[key])));
    return this.ignored.get(key);
  }

  private readIgnoredTags(config: Record<string, unknown>): IgnoredTags | undefined {
    const blocks = asRecord(config.expressions).ignore_tags;
    if (!Array.isArray(blocks) || blocks.length === 0) return undefined;
    const block = asRecord(blocks[0]);
    const strings = (argument: string): string[] | undefined => {
      if (!Object.hasOwn(block, argument)) return [];
      const written = this.read(config, asRecord(block[argument]));
      return Array.isArray(written) && written.every((entry) => typeof entry === 'string') ? (written as string[]) : undefined;
    };
    const keys = strings('keys');
    const keyPrefixes = strings('key_prefixes');
    return blocks.length === 1 && keys && keyPrefixes ? { keys, keyPrefixes } : 'not known';
  }

  /** The keys of the AWS provider's configurations. */
  awsKeys(): string[] {
    return this.keys().filter((key) => {
      const { name, full_name: fullName } = asRecord(this.configs[key]);
      return name === 'aws' || (typeof fullName === 'string' && fullName.endsWith('/hashicorp/aws'));
    });
  }

  /**
   * How a configuration signs in (`signInKey`), as the plan writes its arguments; undefined for a key the plan does not
   * write, and for a module's key it writes no expressions for: such a key may stand for no block of the module's but
   * for the configuration its call passes or it inherits (earlier plans list one for each, later ones still where a
   * module between writes none, `module.a.module.b:aws`), which may sign in otherwise; a module's empty block is read
   * so too. A module's configuration that reads references (`role_arn = var.role_arn`) reads them in its module:
   * configurations of two modules writing the same text may sign in otherwise, as their calls set the variable.
   */
  credentials(key: string): string | undefined {
    // The root module's default configuration needs no block, and Terraform before 1.4 lists none for it then (nor
    // where its required_providers does not name the provider): it signs in with the environment's credentials.
    if (!Object.hasOwn(this.configs, key)) return key === 'aws' ? signInKey(this.arguments(key)) : undefined;
    const { module_address: module, expressions } = asRecord(this.configs[key]);
    if (typeof module === 'string' && expressions === undefined) return undefined;
    const signIn = signInKey(this.arguments(key));
    const inModule = typeof module === 'string' && module !== '' && CREDENTIAL_ARGUMENTS.some((name) => readsReferences(asRecord(expressions)[name]));
    return inModule ? `${module}\u0000${signIn}` : signIn;
  }

  /** The account a configuration fixes (`providerAccount`). */
  lockedAccount(key: string): string | undefined {
    return providerAccount(this.arguments(key));
  }

  private arguments(key: string): ProviderArguments {
    const config = asRecord(this.configs[key]);
    const expressions = asRecord(config.expressions);
    return {
      written: (argument) => expressions[argument],
      allowedAccountIds: () => asRecord(expressions.allowed_account_ids).constant_value,
      roleArns: (kind) => {
        const blocks = expressions[kind];
        return Array.isArray(blocks) ? blocks.map((block) => (Object.hasOwn(asRecord(block), 'role_arn') ? this.read(config, asRecord(asRecord(block).role_arn)) : null)) : [];
      },
    };
  }

  private readRegion(config: Json): string | undefined {
    // An expression may compute something else from a variable (a condition on it): only a region name is taken.
    return regionName(this.read(config, asRecord(asRecord(config.expressions).region)));
  }

  /** What an expression of a configuration writes: a constant, or the planned value of the one root variable it reads. */
  private read(config: Json, expression: Json): Value | undefined {
    if (Object.hasOwn(expression, 'constant_value')) return expression.constant_value as Value;
    // The plan holds the values of the root module's variables; a module's variables are set by its call's expressions.
    const references = expression.references;
    if (config.module_address !== undefined || !Array.isArray(references) || references.length !== 1) return undefined;
    const variable = typeof references[0] === 'string' ? ROOT_VARIABLE.exec(references[0]) : null;
    return variable ? this.rootVariable(variable[1]!) : undefined;
  }
}

/** Whether a configuration expression, or a block of them, reads references (not a constant alone). */
function readsReferences(expression: unknown): boolean {
  if (Array.isArray(expression)) return expression.some(readsReferences);
  const record = asRecord(expression);
  if (Array.isArray(record.references) && record.references.length > 0) return true;
  return !Object.hasOwn(record, 'constant_value') && Object.values(record).some(readsReferences);
}
