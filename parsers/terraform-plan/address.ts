/** Terraform resource addresses: `module.a["k"].module.b[0].data.aws_iam_role.x["name"]`. */

export interface ModuleStep {
  name: string;
  /** The instance key as written inside the brackets (`0`, `"k"`), when the module has count or for_each. */
  key?: string;
}

export interface ResourceAddress {
  modules: ModuleStep[];
  mode: 'managed' | 'data';
  type: string;
  name: string;
  key?: string;
  /** The attribute after the resource, in a reference (`aws_iam_role.x.arn` → `arn`). */
  attribute?: string;
}

const STEP = /([A-Za-z_][\w-]*)(\[(?:"(?:[^"\\]|\\.)*"|[^\]]*)\])?\.?/y;
const IDENTIFIER = /^[A-Za-z_][\w-]*$/;

/** Steps of an address with instance keys, which may hold dots (`["a.b"]`). */
function keyedSteps(text: string): Array<{ name: string; key?: string }> | undefined {
  const steps: Array<{ name: string; key?: string }> = [];
  STEP.lastIndex = 0;
  while (STEP.lastIndex < text.length) {
    const start = STEP.lastIndex;
    const match = STEP.exec(text);
    if (!match || match.index !== start || match[0] === '') return undefined;
    steps.push({ name: match[1]!, ...(match[2] ? { key: match[2].slice(1, -1) } : {}) });
  }
  return steps;
}

/** Splits an address or reference into its steps; undefined when it names no resource (`var.x`, `local.y`, `count.index`). */
export function parseAddress(text: string): ResourceAddress | undefined {
  const steps: Array<{ name: string; key?: string }> | undefined = text.includes('[') ? keyedSteps(text) : text.split('.').map((name) => ({ name }));
  if (!steps || steps.some((step) => !IDENTIFIER.test(step.name))) return undefined;
  const modules: ModuleStep[] = [];
  let index = 0;
  while (steps[index]?.name === 'module' && steps[index + 1]) {
    const step = steps[index + 1]!;
    modules.push({ name: step.name, ...(step.key !== undefined ? { key: step.key } : {}) });
    index += 2;
  }
  const mode = steps[index]?.name === 'data' ? 'data' : 'managed';
  if (mode === 'data') index++;
  const typeStep = steps[index];
  const nameStep = steps[index + 1];
  if (!typeStep || !nameStep || typeStep.key !== undefined || !/^[a-z0-9]+_/.test(typeStep.name)) return undefined;
  const attribute = steps[index + 2];
  return {
    modules,
    mode,
    type: typeStep.name,
    name: nameStep.name,
    ...(nameStep.key !== undefined ? { key: nameStep.key } : {}),
    ...(attribute ? { attribute: attribute.name } : {}),
  };
}

export function modulePrefix(modules: readonly ModuleStep[]): string {
  return modules.map((step) => `module.${step.name}${step.key !== undefined ? `[${step.key}]` : ''}.`).join('');
}

/** The address of a resource instance (no attribute). */
export function formatAddress(address: ResourceAddress): string {
  return `${modulePrefix(address.modules)}${address.mode === 'data' ? 'data.' : ''}${address.type}.${address.name}${address.key !== undefined ? `[${address.key}]` : ''}`;
}

/** The address of a resource instance without its module prefix and instance keys: how `configuration` names it. */
export function configAddress(address: ResourceAddress): string {
  return `${address.mode === 'data' ? 'data.' : ''}${address.type}.${address.name}`;
}
