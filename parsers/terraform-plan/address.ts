/** Terraform resource addresses: `module.a["k"].module.b[0].data.aws_iam_role.x["name"]`. */

export interface ModuleStep {
  name: string;
  /** The instance key as written inside the brackets (`0`, `"k"`), when the module has count or for_each. */
  key?: string;
}

export interface ResourceAddress {
  /** Never changed once parsed: the addresses of one module instance may share theirs. */
  modules: readonly ModuleStep[];
  mode: 'managed' | 'data';
  type: string;
  name: string;
  key?: string;
  /** The attribute after the resource, in a reference (`aws_iam_role.x.arn` → `arn`). */
  attribute?: string;
}

/**
 * Splits an address or reference into its steps; undefined when it names no resource (`var.x`, `local.y`,
 * `count.index`). Steps are identifiers, each with an optional instance key in brackets (which may hold dots:
 * `["a.b"]`) and an optional dot after it; the text is read once, without a list of steps in between.
 */
export function parseAddress(text: string, within?: readonly ModuleStep[]): ResourceAddress | undefined {
  // Without keys, every dot separates two steps: a trailing one leaves an empty last step.
  if (text.endsWith('.') && !text.includes('[')) return undefined;
  // The module path of an address that this one starts with is read alike here (see `sharedPrefixOf`): it is shared, not read again.
  const prefix = within && sharedPrefixOf(within);
  const sharedPrefix = prefix !== undefined && text.startsWith(prefix) ? within : undefined;
  let modules: readonly ModuleStep[] = sharedPrefix ?? [];
  let mode: ResourceAddress['mode'] = 'managed';
  let stage: 'modules' | 'module name' | 'type' | 'name' | 'attribute' | 'rest' = 'modules';
  let type: string | undefined;
  let name: string | undefined;
  let key: string | undefined;
  let attribute: string | undefined;
  let position = sharedPrefix ? prefix!.length : 0;
  while (position < text.length) {
    const nameEnd = identifierEnd(text, position);
    if (nameEnd === position) return undefined;
    const stepName = text.slice(position, nameEnd);
    let stepKey: string | undefined;
    position = nameEnd;
    if (text[position] === '[') {
      const keyEnd = keyEndAt(text, position + 1);
      if (keyEnd < 0) return undefined;
      stepKey = text.slice(position + 1, keyEnd);
      position = keyEnd + 1;
    }
    if (text[position] === '.') position++;
    if (stage === 'modules' && stepName === 'module') stage = 'module name';
    else if (stage === 'modules' && stepName === 'data') {
      mode = 'data';
      stage = 'type';
    } else if (stage === 'modules' || stage === 'type') {
      if (stepKey !== undefined) return undefined;
      type = stepName;
      stage = 'name';
    } else if (stage === 'module name') {
      modules = [...modules, stepKey !== undefined ? { name: stepName, key: stepKey } : { name: stepName }];
      stage = 'modules';
    } else if (stage === 'name') {
      name = stepName;
      key = stepKey;
      stage = 'attribute';
    } else if (stage === 'attribute') {
      attribute = stepName;
      stage = 'rest';
    }
  }
  // `module` as the last step is no module call: it is read as a type, which it cannot be.
  if (stage === 'module name' || type === undefined || name === undefined || !(mode === 'data' ? DATA_SOURCE_TYPE : RESOURCE_TYPE).test(type)) return undefined;
  const address: ResourceAddress = { modules, mode, type, name };
  if (key !== undefined) address.key = key;
  if (attribute !== undefined) address.attribute = attribute;
  return address;
}

const RESOURCE_TYPE = /^[a-z0-9]+_/;
/**
 * A data source's type may be its provider's name alone (`data.external.x`, `data.http.x`): after `data.` no other
 * reference (`var.x`, `local.x`) can stand, which a managed resource's type must have its underscore to be told from.
 */
const DATA_SOURCE_TYPE = /^[a-z0-9]+(?:_|$)/;

/** Where the identifier (`[A-Za-z_][\w-]*`) starting at `start` ends; `start` when there is none. */
function identifierEnd(text: string, start: number): number {
  if (!isIdentifierStart(text.charCodeAt(start))) return start;
  let end = start + 1;
  while (end < text.length) {
    const code = text.charCodeAt(end);
    if (!isIdentifierStart(code) && !(code >= 48 && code <= 57) && code !== 45) break;
    end++;
  }
  return end;
}

function isIdentifierStart(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

/**
 * The offset of the `]` closing an instance key that starts at `start`, or -1: a quoted key ends at its closing
 * quote, which the `]` must follow; anything else (or a quoted key not closed that way) ends at the first `]`.
 */
function keyEndAt(text: string, start: number): number {
  if (text[start] === '"') {
    const index = quotedKeyStop(text, start);
    if (text[index] === '"' && text[index + 1] === ']') return index + 1;
  }
  return text.indexOf(']', start);
}

/** Where reading a quoted key that starts at `start` stops: its closing quote, a backslash that escapes no character, or the end of the text. */
function quotedKeyStop(text: string, start: number): number {
  let index = start + 1;
  while (index < text.length && text[index] !== '"') {
    if (text[index] === '\\') {
      if (index + 1 >= text.length || /[\n\r\u2028\u2029]/.test(text[index + 1]!)) break;
      index += 2;
    } else index++;
  }
  return index;
}

/** The prefix addresses may share, by module path; null for a path that some address starting with it reads otherwise. */
const sharedPrefixes = new WeakMap<readonly ModuleStep[], string | null>();

/**
 * The prefix of a module path that addresses starting with it share, if every such address reads it as these steps.
 * Only a quoted key whose reading ran past its `]` (no closing quote; it was then read up to the first `]`) might read
 * otherwise, as a longer key.
 */
function sharedPrefixOf(modules: readonly ModuleStep[]): string | undefined {
  let prefix = sharedPrefixes.get(modules);
  if (prefix === undefined) {
    const alike = modules.every(({ key }) => key === undefined || !key.startsWith('"') || quotedKeyStop(`${key}]`, 0) < key.length);
    sharedPrefixes.set(modules, (prefix = alike ? modulePrefix(modules) : null));
  }
  return prefix ?? undefined;
}

/** Prefixes already written, by module path: the resources of one module instance share their path. */
const prefixes = new WeakMap<readonly ModuleStep[], string>();

export function modulePrefix(modules: readonly ModuleStep[]): string {
  let prefix = prefixes.get(modules);
  if (prefix === undefined) {
    prefix = modules.map(moduleStepPrefix).join('');
    prefixes.set(modules, prefix);
  }
  return prefix;
}

/** `module.a["k"].` */
export function moduleStepPrefix(step: ModuleStep): string {
  return `module.${step.name}${step.key !== undefined ? `[${step.key}]` : ''}.`;
}

export function sameModules(a: readonly ModuleStep[], b: readonly ModuleStep[]): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index++) if (a[index]!.name !== b[index]!.name || a[index]!.key !== b[index]!.key) return false;
  return true;
}

/** The address of a resource instance (no attribute). */
export function formatAddress(address: ResourceAddress): string {
  return `${modulePrefix(address.modules)}${address.mode === 'data' ? 'data.' : ''}${address.type}.${address.name}${address.key !== undefined ? `[${address.key}]` : ''}`;
}

/** The address of a resource instance without its module prefix and instance keys: how `configuration` names it. */
export function configAddress(address: ResourceAddress): string {
  return `${address.mode === 'data' ? DATA_PREFIX : ''}${address.type}.${address.name}`;
}

const DATA_PREFIX = 'data.';
const DOT = 0x2e;

/**
 * `parseAddress(text, within)` when the text names the resource of `like` (an instance without a key) inside the module
 * path `within`, read in place; undefined when it does not. The instances of a module list the same resources in the
 * same order: the resource at the same place in the previous instance is such a `like`.
 */
export function repeatedAddress(text: string, within: readonly ModuleStep[], like: ResourceAddress): ResourceAddress | undefined {
  if (like.key !== undefined || like.attribute !== undefined) return undefined;
  const prefix = sharedPrefixOf(within);
  if (prefix === undefined || !text.startsWith(prefix) || !isConfigAddressOf(text, like, prefix.length)) return undefined;
  return { modules: within, mode: like.mode, type: like.type, name: like.name };
}

/** Whether `text`, from `from` on, is what `configAddress` writes for the address, compared in place (no string is made). */
export function isConfigAddressOf(text: string, { mode, type, name }: ResourceAddress, from = 0): boolean {
  const start = from + (mode === 'data' ? DATA_PREFIX.length : 0);
  return (
    text.length === start + type.length + 1 + name.length &&
    (mode !== 'data' || text.startsWith(DATA_PREFIX, from)) &&
    text.startsWith(type, start) &&
    text.charCodeAt(start + type.length) === DOT &&
    text.endsWith(name)
  );
}

/** What a resource object of planned_values or a state writes about where it stands. */
export interface WrittenResource {
  address?: unknown;
  mode?: unknown;
  type?: unknown;
  name?: unknown;
  index?: unknown;
}

/**
 * The address of a resource object of a module tree whose module is at `moduleAddress` (`module.m`, '' for the root).
 * Terraform 0.12 writes the resources of prior_state with their configuration address alone (`aws_iam_role.r` for
 * `module.m.aws_iam_role.r[0]`), its planned values and changes in full: such an address is written in full from the
 * module and the instance's `index`. Any other address is as written.
 */
export function addressInModule({ address, mode, type, name, index }: WrittenResource, moduleAddress: string): unknown {
  if (typeof address !== 'string' || typeof type !== 'string' || typeof name !== 'string') return address;
  if (!isConfigAddressOf(address, { modules: [], mode: mode === 'data' ? 'data' : 'managed', type, name })) return address;
  const key = typeof index === 'number' ? `[${index}]` : typeof index === 'string' ? `[${JSON.stringify(index)}]` : '';
  return moduleAddress === '' && key === '' ? address : `${moduleAddress === '' ? '' : `${moduleAddress}.`}${address}${key}`;
}

