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

const IDENTIFIER = /^[A-Za-z_][\w-]*$/;

/**
 * Steps of an address with instance keys, which may hold dots (`["a.b"]`): identifiers, each with an optional key in
 * brackets (a quoted string with escapes, else anything up to the first `]`) and an optional dot after it.
 */
function keyedSteps(text: string): Array<{ name: string; key?: string }> | undefined {
  const steps: Array<{ name: string; key?: string }> = [];
  let position = 0;
  while (position < text.length) {
    const nameEnd = identifierEnd(text, position);
    if (nameEnd === position) return undefined;
    const name = text.slice(position, nameEnd);
    position = nameEnd;
    if (text[position] === '[') {
      const keyEnd = keyEndAt(text, position + 1);
      if (keyEnd < 0) return undefined;
      steps.push({ name, key: text.slice(position + 1, keyEnd) });
      position = keyEnd + 1;
    } else steps.push({ name });
    if (text[position] === '.') position++;
  }
  return steps;
}

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
    let index = start + 1;
    while (index < text.length && text[index] !== '"') {
      if (text[index] === '\\') {
        if (index + 1 >= text.length || /[\n\r\u2028\u2029]/.test(text[index + 1]!)) break;
        index += 2;
      } else index++;
    }
    if (text[index] === '"' && text[index + 1] === ']') return index + 1;
  }
  return text.indexOf(']', start);
}

/** Splits an address or reference into its steps; undefined when it names no resource (`var.x`, `local.y`, `count.index`). */
export function parseAddress(text: string): ResourceAddress | undefined {
  const steps: Array<{ name: string; key?: string }> | undefined = text.includes('[') ? keyedSteps(text) : text.split('.').map((name) => ({ name }));
  if (!steps || steps.some((step) => !IDENTIFIER.test(step.name))) return undefined;
  const modules: ModuleStep[] = [];
  let index = 0;
  while (steps[index]?.name === 'module' && steps[index + 1]) {
    const step = steps[index + 1]!;
    modules.push(step.key !== undefined ? { name: step.name, key: step.key } : { name: step.name });
    index += 2;
  }
  const mode = steps[index]?.name === 'data' ? 'data' : 'managed';
  if (mode === 'data') index++;
  const typeStep = steps[index];
  const nameStep = steps[index + 1];
  if (!typeStep || !nameStep || typeStep.key !== undefined || !/^[a-z0-9]+_/.test(typeStep.name)) return undefined;
  const address: ResourceAddress = { modules, mode, type: typeStep.name, name: nameStep.name };
  if (nameStep.key !== undefined) address.key = nameStep.key;
  const attribute = steps[index + 2];
  if (attribute) address.attribute = attribute.name;
  return address;
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
  return a.length === b.length && a.every((step, index) => step.name === b[index]!.name && step.key === b[index]!.key);
}

/** The address of a resource instance (no attribute). */
export function formatAddress(address: ResourceAddress): string {
  return `${modulePrefix(address.modules)}${address.mode === 'data' ? 'data.' : ''}${address.type}.${address.name}${address.key !== undefined ? `[${address.key}]` : ''}`;
}

/** The address of a resource instance without its module prefix and instance keys: how `configuration` names it. */
export function configAddress(address: ResourceAddress): string {
  return `${address.mode === 'data' ? 'data.' : ''}${address.type}.${address.name}`;
}
