/**
 * References CloudFormation checks before it deploys anything: conditions named by `Fn::If`, by a resource's or an
 * output's `Condition` and by the `Condition` function; names given to `Ref`, `Fn::GetAtt` and `${}` in `Fn::Sub`;
 * conditions that depend on themselves; functions it does not have (`Fn::Subb`). Names are not checked when a
 * transform may add resources: a `Transform` (SAM, macros), or SAM resource types without one (SAM's own test
 * templates), as SAM adds e.g. `MyFunctionRole`. Functions are not checked where a macro reads the template first: the
 * template's macro transforms, and what an `Fn::Transform` is given.
 */
import { LOOP_PREFIX } from './loops.js';
import { INTRINSIC_TAG_NAMES, longFormKey } from './schema.js';
import { isPlainObject, subPieces } from './shape.js';
import { PSEUDO_PARAMETERS, isKnownTransform, type TemplateProblem } from './template.js';

type SourcePath = Array<string | number>;

const NOT_CONDITION = 'which is not defined in Conditions';
const NOT_DECLARED = 'which is neither a parameter nor a resource of this template';
const NOT_RESOURCE = 'which is not a resource of this template';

/** The long-form key of every intrinsic function, as the short-form tags name them (template, condition and rule functions). */
const FUNCTION_KEYS: ReadonlySet<string> = new Set([...INTRINSIC_TAG_NAMES].map(longFormKey));

/** `declaredConditions`: the template's conditions, those `Fn::ForEach` loops generate included. */
export function referenceProblems(root: Record<string, unknown>, declaredConditions: Readonly<Record<string, unknown>>): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const section = (name: string) => (isPlainObject(root[name]) ? root[name] : {});
  const conditions = section('Conditions');
  const resources = section('Resources');
  // Likewise in Conditions, conditions that an Fn::If or a Condition may name.
  const isCondition = (name: string) => Object.hasOwn(declaredConditions, name) || Object.hasOwn(conditions, 'Fn::Transform');
  const isResource = (name: string) => Object.hasOwn(resources, name);
  const isName = (name: string) => isResource(name) || Object.hasOwn(section('Parameters'), name) || PSEUDO_PARAMETERS.has(name) || name === 'AWS::NoValue';
  // An Fn::Transform in Resources (AWS::Include) adds resources that a Ref or Fn::GetAtt may name.
  const checkNames = root.Transform === undefined && !Object.hasOwn(resources, 'Fn::Transform') && !Object.values(resources).some((resource) => isPlainObject(resource) && String(resource.Type).startsWith('AWS::Serverless::'));
  const checkFunctions = [root.Transform].flat().every((transform) => transform === undefined || isKnownTransform(transform));
  const dependencies = new Map<string, Array<{ name: string; path: SourcePath }>>();

  const checkSub = (args: unknown, path: SourcePath): void => {
    const text = Array.isArray(args) ? args[0] : args;
    if (typeof text !== 'string') return;
    for (const part of subPieces(text, Array.isArray(args) ? args[1] : undefined)) {
      if (typeof part === 'string' || part.inVariables) continue;
      const { name, whole, index } = part;
      const dot = name.indexOf('.');
      const target = dot > 0 ? name.slice(0, dot) : name;
      if (dot > 0 ? !isResource(target) : !isName(name)) {
        problems.push({ path, offset: index, message: `${whole} in Fn::Sub refers to "${target}", ${dot > 0 ? NOT_RESOURCE : NOT_DECLARED}` });
      }
    }
  };

  /** `path` leads to `node`; `owner` is the condition whose expression this is, inside Conditions; `macro`: a macro reads it. */
  const visit = (node: unknown, path: SourcePath, owner?: string, macro = false): void => {
    if (Array.isArray(node)) node.forEach((item, index) => visit(item, [...path, index], owner, macro));
    if (!isPlainObject(node)) return;
    const keys = Object.keys(node);
    const [key, args] = [keys[0]!, node[keys[0]!]];
    // An Fn::Transform is given its mapping, the other keys beside it included.
    const readByMacro = macro || Object.hasOwn(node, 'Fn::Transform');
    if (keys.length === 1 && checkFunctions && !readByMacro && key.startsWith('Fn::') && !FUNCTION_KEYS.has(key) && !key.startsWith(LOOP_PREFIX)) {
      problems.push({ path: [...path, key], message: `unknown function ${key}: CloudFormation has no such intrinsic function (a misspelt Fn::Sub, Fn::GetAtt, ...?)` });
    }
    if (keys.length === 1 && key === 'Ref' && (typeof args !== 'string' || args === '')) {
      problems.push({ path: [...path, key], message: 'Ref needs the name of a parameter or resource' });
    }
    const needs = keys.length === 1 && checkFunctions && !readByMacro ? argumentsNeeded(key, args) : undefined;
    if (needs) problems.push({ path: [...path, key], message: args === null || args === undefined || args === '' ? `${key} has no value: it needs ${needs}` : `${key} needs ${needs}` });
    if (keys.length === 1 && key === 'Fn::GetAtt' && !getAttShaped(args)) {
      problems.push({ path: [...path, key], message: 'Fn::GetAtt needs a resource name and an attribute ([Resource, Attribute] or Resource.Attribute)' });
    }
    if (keys.length === 1 && checkNames) {
      if (key === 'Ref' && typeof args === 'string' && !isName(args)) problems.push({ path: [...path, key], message: `Ref to "${args}", ${NOT_DECLARED}` });
      const resource = Array.isArray(args) ? args[0] : typeof args === 'string' ? args.split('.')[0] : undefined;
      if (key === 'Fn::GetAtt' && typeof resource === 'string' && !isResource(resource)) {
        problems.push({ path: Array.isArray(args) ? [...path, key, 0] : [...path, key], message: `Fn::GetAtt of "${resource}", ${NOT_RESOURCE}` });
      }
      if (key === 'Fn::Sub') checkSub(args, path);
    }
    if (keys.length === 1 && key === 'Fn::If' && Array.isArray(args) && typeof args[0] === 'string' && !isCondition(args[0])) {
      problems.push({ path: [...path, key, 0], message: `Fn::If on condition "${args[0]}", ${NOT_CONDITION}` });
    }
    if (keys.length === 1 && key === 'Condition' && owner !== undefined && typeof args === 'string') {
      if (isCondition(args)) dependencies.get(owner)!.push({ name: args, path: [...path, key] });
      else problems.push({ path: [...path, key], message: `condition "${args}" is not defined in Conditions` });
    }
    for (const inner of keys) visit(node[inner], [...path, inner], owner, readByMacro);
  };

  for (const [name, expression] of Object.entries(conditions)) {
    dependencies.set(name, []);
    visit(expression, ['Conditions', name], name);
  }
  for (const sectionName of ['Resources', 'Outputs']) {
    for (const [name, declaration] of Object.entries(section(sectionName))) {
      if (!isPlainObject(declaration)) continue;
      const condition = declaration.Condition;
      if (typeof condition === 'string' && !isCondition(condition)) problems.push({ path: [sectionName, name, 'Condition'], message: `condition "${condition}" is not defined in Conditions` });
      visit(declaration, [sectionName, name]);
    }
  }
  problems.push(...cycles(dependencies));
  return problems;
}

/** One problem per cycle among conditions, at the reference that closes it. */
function cycles(dependencies: Map<string, Array<{ name: string; path: SourcePath }>>): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const chain: string[] = [];
  const visit = (name: string): void => {
    state.set(name, 'open');
    chain.push(name);
    for (const next of dependencies.get(name) ?? []) {
      if (state.get(next.name) === 'open') {
        const cycle = [...chain.slice(chain.indexOf(next.name)), next.name].join(' → ');
        problems.push({ path: next.path, message: `conditions refer to each other in a circle (${cycle}); CloudFormation rejects the template` });
      } else if (!state.has(next.name)) visit(next.name);
    }
    chain.pop();
    state.set(name, 'done');
  };
  for (const name of dependencies.keys()) if (!state.has(name)) visit(name);
  return problems;
}

/** A value a function gives in place of a literal: a mapping of one key that is a function's (`{Ref: Name}`). */
function isFunction(value: unknown): boolean {
  if (!isPlainObject(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && FUNCTION_KEYS.has(keys[0]!);
}

const isText = (value: unknown): boolean => typeof value === 'string';
const isTextOrFunction = (value: unknown): boolean => typeof value === 'string' || isFunction(value);
const isListOrFunction = (value: unknown): boolean => Array.isArray(value) || isFunction(value);
const isValue = (value: unknown): boolean => value !== null && value !== undefined && !Array.isArray(value);

/**
 * What a function's arguments must be where they are not (`!Sub` with no value, `!Join ","`, an `!If` of two): its
 * arguments as CloudFormation checks them before it deploys, else undefined. Each argument written as a function is
 * taken where CloudFormation takes a function's value; `Ref` and `Fn::GetAtt` are checked on their own.
 */
function argumentsNeeded(key: string, args: unknown): string | undefined {
  const list = (length: number, ...items: Array<(value: unknown) => boolean>) => Array.isArray(args) && args.length === length && items.every((item, index) => item(args[index]));
  switch (key) {
    case 'Fn::Sub':
      return typeof args === 'string' || list(1, isText) || list(2, isText, isPlainObject) ? undefined : 'a text, or a list of a text and a mapping of the values of its variables ([text, {Name: value}])';
    case 'Fn::Join':
      return list(2, isText, isListOrFunction) ? undefined : 'a list of a delimiter and the list of values to join ([",", [a, b]])';
    case 'Fn::Select':
      return list(2, isValue, isListOrFunction) ? undefined : 'a list of an index and the list to select from ([0, [a, b]])';
    case 'Fn::Split':
      return list(2, isText, isTextOrFunction) ? undefined : 'a list of a delimiter and the text to split ([",", text])';
    case 'Fn::If':
      return list(3, (name) => typeof name === 'string' && name !== '', () => true, () => true) ? undefined : 'a list of a condition name and the values for true and for false ([Condition, a, b])';
    case 'Fn::FindInMap':
      return (list(3, isTextOrFunction, isTextOrFunction, isTextOrFunction) || list(4, isTextOrFunction, isTextOrFunction, isTextOrFunction, isPlainObject)) ? undefined : 'a list of a mapping name, a top-level key and a second-level key ([Map, Key, Name])';
    case 'Fn::Cidr':
      return list(3, isValue, isValue, isValue) ? undefined : 'a list of an address block, a count of subnets and the bits of each ([10.0.0.0/16, 4, 8])';
    case 'Fn::Base64':
    case 'Fn::ImportValue':
      return isValue(args) && args !== '' ? undefined : key === 'Fn::Base64' ? 'the text to encode' : 'the name of an exported output';
    case 'Fn::Equals':
      return list(2, () => true, () => true) ? undefined : 'a list of the two values to compare';
    case 'Fn::Not':
      return list(1, () => true) ? undefined : 'a list of one condition';
    case 'Fn::And':
    case 'Fn::Or':
      return Array.isArray(args) && args.length >= 2 ? undefined : 'a list of two conditions or more';
    default:
      return undefined;
  }
}

function getAttShaped(args: unknown): boolean {
  if (typeof args === 'string') return /^[^.]+\.\S+$/.test(args);
  return Array.isArray(args) && args.length === 2 && typeof args[0] === 'string' && args[0] !== '' && args[1] !== '' && args[1] !== null && args[1] !== undefined;
}
