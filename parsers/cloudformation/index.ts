/**
 * CloudFormation parser: YAML (short-form tags) and JSON templates, resolved per condition world into resources,
 * policies and edges, with every resolved path locatable in the source.
 */
import { encloses, isObject, pathStartsWith, noticeAt, valueAtPath, type DuplicateKey, type InlineSuppression, type InputError, type Notice, type ParsedFile, type ParsedWorld, type Path, type Resource, type SourceLocation, type Value, type ValueObject } from '../../src/model/index.js';
import { maskedValuesOf, maskOf, type MaskedValue } from '../../src/model/masked.js';
import { kindOf } from './kinds.js';
import { LOOP_PREFIX } from './loops.js';
import { isKnownKey, isWrittenAsJsonValue, linkOf, mappingEntry, NO_VALUE, Resolver, resolvedPathOf, SourceLink, sourcePathInJsonText, sourcePathOf, withDynamicReferenceColumns, givingPathOf, writingPathInJsonText, writingPathOf, type Trace } from './resolve.js';
import { referenceProblems } from './references.js';
import { graphPieces, NAME_PROPERTIES } from './roles.js';
import { SAM_ROLE_GLOBALS, samExecutionRole, type SamGlobals } from './sam.js';
import { isPlainObject, subPieces } from './shape.js';
import { TemplateSource } from './source.js';
import { ignoreComments, readSuppressions } from './suppressions.js';
import { isListType, parameterAllows, readTemplate, ssmValueType, stackSetTemplateBody, valueRefusal, type Template, type TemplateResource } from './template.js';
import { conditionalPaths, oneNameDeciding, planWorlds, resourceConditions, type World } from './worlds.js';

export { hasTemplateExtension, looksLikeCloudFormation } from './detect.js';

export interface CloudFormationOptions {
  /** Parameter values supplied by the user; they win over defaults and are never varied across worlds. */
  parameters?: Record<string, string>;
  /**
   * Where a template read from another's TemplateBody is written (`Roles/TemplateBody#`, after the file and its `#`): its
   * resources are addressed under it, apart from those of the file's own template.
   */
  deployedBy?: string;
  /** Where a template's paths are written where the text is not the file's: see TemplateSource's `writtenAt`. */
  locatedAt?: (path: Path) => SourceLocation;
}

/** What of a SAM function's generated IAM deputy cannot judge, where it generates only an execution role: its trust. */
const SAM_TRUST_ONLY = ['trust'] as const;

/** Never throws: every problem becomes an InputError, and `worlds` is empty when the file cannot be read. */
export function parseCloudFormation(file: string, text: string, options: CloudFormationOptions = {}): ParsedFile {
  const parsed: ParsedFile = { file, format: 'cloudformation', worlds: [], resourceConditions: {}, declaredParameters: [], errors: [], notices: [] };
  const addressed = `${file}#${options.deployedBy ?? ''}`;
  try {
    const source = new TemplateSource(file, text.replace(/^\uFEFF/, ''), options.locatedAt);
    parsed.errors.push(...source.errors);
    if (!isPlainObject(source.document)) {
      if (source.errors.length === 0) parsed.errors.push({ file, message: 'the template is not a mapping' });
      parsed.incomplete = true;
      return parsed;
    }
    const { template, problems, notices, samGenerating, samTrustOnly } = readTemplate(source.document, options.parameters);
    // The roles and policies SAM generates for them are not analyzed whole (the transform's notice names what is not),
    // nor the execution roles it names after them (`<Function>Role`), which a `.deputy.yml` entry may name. Where all
    // SAM generates is the execution role, only its trust, which SAM writes, is not: no trust rule judges it.
    const unanalyzed = [...samGenerating.map((logicalId) => [logicalId, samTrustOnly.has(logicalId)] as const), ...[...template.samExecutionRoles].map(([owner, role]) => [role, samTrustOnly.has(owner)] as const)];
    if (unanalyzed.length > 0) parsed.unanalyzed = unanalyzed.map(([logicalId, trustOnly]) => ({ address: `${addressed}${logicalId}`, file, ...(trustOnly ? { families: SAM_TRUST_ONLY } : {}) }));
    parsed.declaredParameters = [...template.parameters.keys()];
    const supplied = options.parameters ?? {};
    // A NoEcho parameter's supplied value is masked; its Default, shown as written, only names nothing.
    const maskedValues: MaskedValue[] = [];
    const unnamedValues: MaskedValue[] = [];
    for (const [name, { noEcho, type, defaultValue }] of template.parameters) {
      if (!noEcho) continue;
      if (Object.hasOwn(supplied, name)) maskedValues.push(...maskedValuesOf(name, supplied[name]!, isListType(type)));
      else if (defaultValue !== undefined) unnamedValues.push(...maskedValuesOf(name, defaultValue, isListType(type)));
    }
    if (maskedValues.length > 0) parsed.maskedValues = maskedValues;
    if (unnamedValues.length > 0) parsed.unnamedValues = unnamedValues;
    const suppressions = readSuppressions(source, template.resources);
    const refused = [...problems, ...referenceProblems(source.document, template.conditions), ...suppliedValueProblems(template, options.parameters ?? {})];
    const duplicates = duplicateLogicalIds(source);
    // A suppression's problem, or a comment's, leaves the template read whole.
    if (source.errors.length > 0 || refused.length > 0 || duplicates.length > 0) parsed.incomplete = true;
    const located = [...refused, ...suppressions.problems].map(({ path, message, offset }) => ({ file, ...source.position(path, offset), message }));
    parsed.errors.push(...[...located, ...duplicates, ...ignoreComments(source)].sort((a, b) => a.line - b.line || a.column - b.column));
    const dependencies = resourceConditions(template);
    parsed.resourceConditions = Object.fromEntries([...dependencies].map(([logicalId, conditions]) => [`${addressed}${logicalId}`, conditions]));
    // A generated role exists where its function or state machine does.
    for (const [owner, role] of template.samExecutionRoles) if (dependencies.has(owner)) parsed.resourceConditions[`${addressed}${role}`] = dependencies.get(owner)!;
    let conditional: ConditionalPlaces | undefined;
    const places = () => (conditional ??= new ConditionalPlaces(conditionalPaths(template).map(({ condition, path }) => ({ condition, location: source.locate(path) }))));
    parsed.conditionsAround = (location) => places().around(location);
    parsed.conditionsWithin = (location) => places().within(location);
    const declarations = new Map(template.resources.map((resource) => [`${addressed}${resource.logicalId}`, resource]));
    parsed.conditionsOfName = (address) => {
      const declaration = declarations.get(address);
      const nameProperty = declaration && NAME_PROPERTIES.get(declaration.type);
      if (nameProperty === undefined || !isPlainObject(declaration!.properties) || !Object.hasOwn(declaration!.properties, nameProperty)) return [];
      const location = source.locate([...declaration!.writtenAt, 'Properties', nameProperty]);
      return [...new Set([...places().around(location), ...places().within(location)])];
    };
    const plan = planWorlds(template, options.parameters ?? {}, dependencies);
    if (plan.principalParameters.size > 0) parsed.principalParameters = Object.fromEntries([...plan.principalParameters].map(([logicalId, names]) => [`${addressed}${logicalId}`, names]));
    const principalLists = [...new Set([...plan.principalParameters.values()].flat())].filter((name) => isListType(template.parameters.get(name)!.type));
    if (principalLists.length > 0) parsed.principalListParameters = principalLists;
    // A notice about a written thing is at its key (or list item); the notices on condition worlds are about the file.
    parsed.notices.push(...notices.map(({ path, message }) => noticeAt(file, message, source.position(path))), ...plan.notices.map((message) => noticeAt(file, message)), ...repeatedSections(source));
    // Where the value of a parameter is written when a world gives it its Default: neither supplied nor assumed there.
    // An SSM type's Default names the SSM parameter the value is read from, not the value.
    const defaultAt = (world: World) => (name: string): SourceLocation | undefined => {
      const declaration = template.parameters.get(name);
      if (declaration?.defaultValue === undefined || ssmValueType(declaration.type) !== undefined || Object.hasOwn(supplied, name) || world.assumes(name)) return undefined;
      return source.locate(['Parameters', name, 'Default']);
    };
    parsed.worlds = plan.worlds.map(({ world, conditions, parameters }) => buildWorld(source, addressed, template, world, conditions, parameters, suppressions.byLogicalId, defaultAt(world)));
    const deployed = deployedTemplates(source, template, addressed, options.deployedBy ?? '', parsed);
    parsed.notices.push(...deployed.notices);
    if (deployed.templates.length > 0) parsed.deployedTemplates = deployed.templates;
  } catch (error) {
    parsed.worlds = [];
    parsed.resourceConditions = {};
    parsed.incomplete = true;
    parsed.errors.push({ file, message: `internal error while reading the template: ${error instanceof Error ? error.message : String(error)}` });
  }
  return parsed;
}

/** Begins every error and notice of a template another resource deploys with where it is written (`where`). */
export function saidWhere(template: ParsedFile, where: string): void {
  template.errors = template.errors.map((error) => ({ ...error, message: where + error.message }));
  template.notices = template.notices.map((notice) => ({ ...notice, message: where + notice.message }));
}

/**
 * The templates the template's stack sets deploy, written as a string in their TemplateBody (a YAML block scalar, JSON
 * text in a string), each read as a template of its own, scanned alone (none of this template's Parameters reach it),
 * and located in this file: its errors and notices say which TemplateBody they are in. One the file does not write line
 * for line as it reads is noticed, not analyzed.
 */
function deployedTemplates(source: TemplateSource, template: Template, addressed: string, deployedBy: string, outer: ParsedFile): { templates: ParsedFile[]; notices: Notice[] } {
  const templates: ParsedFile[] = [];
  const notices: Notice[] = [];
  for (const resource of template.resources) {
    const { logicalId, writtenAt } = resource;
    const body = stackSetTemplateBody(resource);
    if (body === undefined) continue;
    const bodyPath = [...writtenAt, 'Properties', 'TemplateBody'];
    const placed = source.placedString(bodyPath, body);
    if (placed === undefined) {
      const message = `stack set ${logicalId} is not followed: the template written in its TemplateBody is not analyzed, as its text is not written line for line as it reads (escapes, folded lines); a block scalar (|) is`;
      notices.push(noticeAt(source.file, message, source.position(bodyPath)));
      continue;
    }
    const inner = parseCloudFormation(source.file, placed, { deployedBy: `${deployedBy}${logicalId}/TemplateBody#` });
    saidWhere(inner, `in the TemplateBody of stack set ${logicalId}: `);
    templates.push(whereCreated(inner, outer, `${addressed}${logicalId}`));
  }
  return { templates, notices };
}

/**
 * The template a stack set deploys, analyzed in the worlds of the template that declares it where the stack set is
 * created (its Condition holds): each of those worlds with each of its own, and the others without its resources, so
 * that a finding in it says when the stack set is created, as one on a resource of that Condition does. Unchanged where
 * it is created in every world.
 */
function whereCreated(inner: ParsedFile, outer: ParsedFile, stackSet: string): ParsedFile {
  const created = outer.worlds.map((world) => world.resources.some((resource) => resource.address === stackSet));
  if (created.every(Boolean) || inner.worlds.length === 0) return inner;
  const worlds = outer.worlds.flatMap((world, index): ParsedWorld[] => {
    // Its own conditions are its own: one of the same name in the outer template is another.
    if (created[index]) return inner.worlds.map((own) => ({ ...own, conditions: { ...world.conditions, ...own.conditions } }));
    return [{ conditions: { ...world.conditions, ...inner.worlds[0]!.conditions }, resources: [], edges: [], policies: [], managedPolicyArns: [], duplicateKeys: () => [] }];
  });
  const conditions = outer.resourceConditions[stackSet] ?? [];
  const resourceConditions = Object.fromEntries(inner.worlds.flatMap((world) => world.resources).map(({ address }) => [address, [...new Set([...conditions, ...(inner.resourceConditions[address] ?? [])])]]));
  return { ...inner, worlds, resourceConditions };
}

/** A supplied value CloudFormation refuses to deploy with (valueRefusal). */
function suppliedValueProblems(template: Template, supplied: Readonly<Record<string, string>>): Array<{ path: Path; message: string; offset?: number }> {
  return Object.entries(supplied).flatMap(([name, value]) => {
    const declaration = template.parameters.get(name);
    const refusal = declaration && valueRefusal(declaration, value);
    if (!refusal) return [];
    const shown = declaration.noEcho ? maskOf(name) : `"${value}"`;
    const { item, what } = refusal;
    if (item === undefined) return [{ path: ['Parameters', name], message: `the value ${shown} given for parameter ${name} ${what}` }];
    const named = declaration.noEcho ? 'an item' : `the item "${item}"`;
    return [{ path: ['Parameters', name], message: `the value ${shown} given for parameter ${name} has ${named} that ${what}` }];
  });
}

function buildWorld(
  source: TemplateSource,
  addressed: string,
  template: Template,
  world: World,
  conditions: Record<string, boolean>,
  parameters: Record<string, string>,
  suppressions: ReadonlyMap<string, InlineSuppression[]>,
  defaultAt: (parameter: string) => SourceLocation | undefined,
): ParsedWorld {
  const resolver = new Resolver(template, world);
  const resources: Resource[] = [];
  const traces = new Map<string, { resource: Resource; trace: Trace; writtenAt: ReadonlyArray<string | number> }>();
  // What Globals give the execution roles SAM generates, resolved in this world once asked.
  let globals: SamGlobals | undefined;
  const samGlobals = (): SamGlobals => (globals ??= readSamGlobals(source, resolver, template.samFunctionGlobals));
  // The execution roles SAM generates, with their owner's address and how its repeated keys are the role's.
  const generatedRoles = new Map<string, { owner: string; duplicateKeys: (ownerKeys: readonly DuplicateKey[]) => DuplicateKey[] }>();
  const account = world.assumedAccount();
  for (const declaration of template.resources) {
    if (declaration.condition !== undefined && world.condition(declaration.condition) === false) continue;
    const { resource, trace } = buildResource(source, addressed, resolver, template, declaration, suppressions.get(declaration.logicalId), template.languageExtensions ? macroOrLoopKey : macroKeyOf, account, defaultAt, (name) => world.parameter(name, false));
    resources.push(resource);
    traces.set(resource.address, { resource, trace, writtenAt: declaration.writtenAt });
    const roleId = template.samExecutionRoles.get(declaration.logicalId);
    if (roleId === undefined) continue;
    const generated = samExecutionRole(resource, roleId, samGlobals(), (at) => {
      const { writing, inside } = givingPathOf(trace, at);
      const step = writing[declaration.writtenAt.length + 2];
      const literal = inside.length === 0 && writing.length === declaration.writtenAt.length + at.length && typeof writtenNode(declaration, writing) === 'string';
      return { index: typeof step === 'number' ? step : undefined, literal };
    });
    if (generated) {
      resources.push(generated.role);
      generatedRoles.set(generated.role.address, { owner: resource.address, duplicateKeys: generated.duplicateKeys });
    }
  }
  const duplicateKeysOf = (address: string): DuplicateKey[] => {
    const found = traces.get(address);
    return found ? duplicateKeysIn(source, found.resource, found.trace, found.writtenAt) : [];
  };
  return {
    conditions,
    parameters,
    resources,
    ...graphPieces(resources, (value) => parameterAllows(template.parameters, value)),
    duplicateKeys: (address) => {
      const generated = generatedRoles.get(address);
      return generated ? generated.duplicateKeys(duplicateKeysOf(generated.owner)) : duplicateKeysOf(address);
    },
  };
}

/** `SamGlobals` of a template's `Globals.Function`, resolved in a world. */
function readSamGlobals(source: TemplateSource, resolver: Resolver, written: Record<string, unknown>): SamGlobals {
  const trace: Trace = { at: linkOf(['Globals', 'Function'])!, literal: true, children: new Map() };
  const values: SamGlobals['values'] = {};
  for (const key of SAM_ROLE_GLOBALS) {
    if (!Object.hasOwn(written, key)) continue;
    const link = new SourceLink(trace.at, key);
    const resolved = resolver.resolve(written[key], link);
    if (resolved.value === NO_VALUE) continue;
    trace.children!.set(key, resolved.trace ?? { at: link, literal: true });
    values[key] = resolved.value;
  }
  return { values, locate: (path) => source.locate(sourcePathOf(trace, path)) };
}

/**
 * The key by which CloudFormation writes a mapping at deploy time: `Fn::Transform` beside other keys (the macro is given
 * them), and with AWS::LanguageExtensions `Fn::ForEach::` (a loop writing keys). Without that transform such a key stays.
 */
function macroKeyOf(mapping: ValueObject): string | undefined {
  return Object.hasOwn(mapping, 'Fn::Transform') ? 'Fn::Transform' : undefined;
}

function macroOrLoopKey(mapping: ValueObject): string | undefined {
  return macroKeyOf(mapping) ?? Object.keys(mapping).find((key) => key.startsWith(LOOP_PREFIX));
}

function buildResource(
  source: TemplateSource,
  addressed: string,
  resolver: Resolver,
  template: Template,
  declaration: TemplateResource,
  suppressions: InlineSuppression[] | undefined,
  macroKey: (mapping: ValueObject) => string | undefined,
  account: string | undefined,
  defaultAt: (parameter: string) => SourceLocation | undefined,
  parameterValue: (parameter: string) => Value | undefined,
): { resource: Resource; trace: Trace } {
  const { logicalId, type, writtenAt } = declaration;
  const at = linkOf(writtenAt)!;
  const trace: Trace = { at, literal: true, children: new Map() };
  const resolveSection = (key: string, node: unknown): Value | undefined => {
    if (node === undefined) return undefined;
    const link = new SourceLink(at, key);
    const resolved = resolver.resolve(node, link);
    trace.children!.set(key, resolved.trace ?? { at: link, literal: true });
    return resolved.value === NO_VALUE ? undefined : resolved.value;
  };
  const properties = resolveSection('Properties', declaration.properties) ?? {};
  const metadata = resolveSection('Metadata', declaration.metadata);
  let location: SourceLocation | undefined;
  const resource: Resource = {
    address: `${addressed}${logicalId}`,
    name: logicalId,
    type,
    kind: kindOf(type),
    file: source.file,
    format: 'cloudformation',
    syntax: source.syntax,
    properties,
    get location() {
      return (location ??= source.locate(writtenAt, true));
    },
    locator: {
      // The properties as a whole, where a finding on a property the resource leaves out points, are at their key (as a
      // Terraform resource is at its block's header, and as cfn-lint says it); without Properties, at the logical id.
      // Properties a Fn::If chooses are at the branch chosen.
      locate: (path) => {
        const at = sourcePathOf(trace, path);
        if (path.length !== 1 || path[0] !== 'Properties') return source.locate(at);
        return declaration.properties === undefined ? resource.location : source.locate(at, at.length === writtenAt.length + 1);
      },
      stringOrigin: (path) => {
        const value = valueAtPath({ Properties: properties, Metadata: metadata ?? null }, path);
        if (typeof value !== 'string') return undefined;
        const origin = source.stringOrigin(sourcePathOf(trace, path));
        // A literal with dynamic references reads each as an unresolved piece, longer than the text written.
        const written = origin && writtenNode(declaration, writingPathOf(trace, path));
        return origin && typeof written === 'string' && written !== value ? withDynamicReferenceColumns(origin, value, written) : origin;
      },
      locateInString: (path) => {
        const inside = sourcePathInJsonText(trace, path);
        return inside && source.locate(inside);
      },
      // A value read whole from a parameter that takes its Default (`!Ref TopicArn`, or a list of that one item) or from
      // a mapping (`!FindInMap`), or the part of a Fn::Sub or Fn::Join string that such a read gives, is changed where the
      // Default or the mapping entry is written, as a Terraform variable's default or a local is. A literal a Fn::If
      // chooses (`!If [AllowInternet, Enabled, Disabled]`) is changed where the Default of the one parameter its
      // condition reads is written, when it takes it. An item of a list read whole (a mapping entry that holds a list, a
      // list parameter) is changed at that item of the entry, or at the Default.
      valueWrittenAt: (path, part) => {
        const { writing, inside } = givingPathOf(trace, path);
        const node = writtenNode(declaration, writing);
        if (inside.length > 0) {
          // Not a value read whole that a policy shows as a list of one (a condition's value): only an item of a list.
          const whole = wholeWriter(node, parameterValue, template.mappings);
          const list = whole && writtenValue(whole, parameterValue, template.mappings);
          if (whole === undefined || !Array.isArray(list) || typeof inside[0] !== 'number' || inside[0] >= list.length) return undefined;
          return 'parameter' in whole ? defaultAt(whole.parameter) : source.locate(['Mappings', ...whole.mapping, ...inside]);
        }
        const writer = writerOf(Array.isArray(node) && node.length === 1 ? node[0] : node, part, parameterValue, template.mappings);
        if (writer !== undefined) return 'parameter' in writer ? defaultAt(writer.parameter) : source.locate(['Mappings', ...writer.mapping]);
        const deciding = isScalar(node) ? oneNameDeciding(template, choosingConditions(declaration, writing)) : undefined;
        return deciding === undefined ? undefined : defaultAt(deciding);
      },
      // The key is written in the mapping that writes the value at the parent path (a literal, or a Fn::If branch).
      nullKey: (path) => {
        const parent = path.length > 0 ? writingPathOf(trace, path.slice(0, -1)) : undefined;
        return parent && source.nullKey([...parent, path[path.length - 1]!]);
      },
    },
    writtenPolicy: (path) => (isWrittenAsJsonValue(trace, path) ? 'object' : undefined),
    textGivenBy: (path) => textGiverOf(template, writtenNode(declaration, writingPathOf(trace, path))),
    macroKey,
    // Inside a policy Fn::ToJsonString writes, the key is written in the value it is given.
    writesKey: (path) => writtenNode(declaration, writingPathOf(trace, path) ?? writingPathInJsonText(trace, path)) !== undefined,
    expressionKey: (path) => expressionKeyOf(writtenNode(declaration, writingPathOf(trace, path))),
    templateText: (path) => templateTextOf(writtenNode(declaration, writingPathOf(trace, path))),
    ...(metadata === undefined ? {} : { metadata }),
    ...(declaration.condition === undefined ? {} : { condition: declaration.condition }),
    ...(suppressions ? { suppressions } : {}),
    ...(account === undefined ? {} : { account }),
  };
  return { resource, trace };
}

/**
 * The node written at a source path of the resource's properties (for a resource a `Fn::ForEach` generates, as its item
 * writes it); undefined for a path elsewhere.
 */
function writtenNode(declaration: TemplateResource, sourcePath: ReadonlyArray<string | number> | undefined): unknown {
  const { writtenAt } = declaration;
  if (!sourcePath || !pathStartsWith(sourcePath, writtenAt) || sourcePath[writtenAt.length] !== 'Properties') return undefined;
  let node: unknown = declaration.properties;
  for (const step of sourcePath.slice(writtenAt.length + 1)) {
    if (Array.isArray(node) && typeof step === 'number') node = node[step];
    else if (isPlainObject(node) && typeof step === 'string' && Object.hasOwn(node, step)) node = node[step];
    else return undefined;
  }
  return node;
}

function isScalar(node: unknown): node is string | number | boolean {
  return typeof node === 'string' || typeof node === 'number' || typeof node === 'boolean';
}

/**
 * The conditions of the `Fn::If` branches a node is written as, the outermost first (`!If [A, !If [B, x, y], z]`: A and
 * B for y); none where it is not a branch.
 */
function choosingConditions(declaration: TemplateResource, sourcePath: ReadonlyArray<string | number>): string[] {
  const conditions: string[] = [];
  let end = sourcePath.length;
  while (end >= 2 && sourcePath[end - 2] === 'Fn::If' && (sourcePath[end - 1] === 1 || sourcePath[end - 1] === 2)) {
    end -= 2;
    const written = writtenNode(declaration, sourcePath.slice(0, end));
    const args = isPlainObject(written) ? written['Fn::If'] : undefined;
    if (!Array.isArray(args) || typeof args[0] !== 'string') return [];
    conditions.unshift(args[0]);
  }
  return conditions;
}

/** The name a node written as `Ref` alone reads (a parameter, a pseudo parameter or a resource). */
function parameterRead(node: unknown): string | undefined {
  return isPlainObject(node) && Object.keys(node).length === 1 && typeof node.Ref === 'string' ? node.Ref : undefined;
}

/** Where a value is written outside the resource: a parameter (at its Default) or an entry of a mapping. */
type Writer = { parameter: string } | { mapping: readonly [string, string, string] };

/**
 * The writer of a value a node reads whole: a parameter it reads by `Ref`, or the mapping entry a `Fn::FindInMap` finds
 * with keys known here (written out, or read from parameters with a value).
 */
function wholeWriter(node: unknown, valueOf: (name: string) => Value | undefined, mappings: Record<string, unknown>): Writer | undefined {
  const read = parameterRead(node);
  if (read !== undefined) return { parameter: read };
  if (!isPlainObject(node) || Object.keys(node).length !== 1 || !Array.isArray(node['Fn::FindInMap'])) return undefined;
  const keys = (node['Fn::FindInMap'] as unknown[]).slice(0, 3).map((key) => {
    const name = parameterRead(key);
    const value = name === undefined ? (key as Value) : valueOf(name);
    return isKnownKey(value) ? String(value) : undefined;
  });
  if (keys.length < 3 || !keys.every((key) => key !== undefined)) return undefined;
  const mapping = keys as [string, string, string];
  return mappingEntry(mappings, mapping) === undefined ? undefined : { mapping };
}

/** The value a writer gives: the parameter's in this world, the mapping entry as written. */
function writtenValue(writer: Writer, valueOf: (name: string) => Value | undefined, mappings: Record<string, unknown>): unknown {
  if ('parameter' in writer) return valueOf(writer.parameter);
  return mappingEntry(mappings, writer.mapping);
}

/**
 * Where the value of a node is written: a parameter or mapping entry it reads whole (`Ref` alone, `!FindInMap`,
 * `!Sub '${TopicArn}'`), or, with `part`, the one a `Fn::Sub` substitutes (`${TopicName}`, or a variable of its map
 * written as such a read) or a `Fn::Join` joins whose value holds that part of the string, where the text written around
 * it does not hold it and no other read may.
 */
function writerOf(node: unknown, part: string | undefined, valueOf: (name: string) => Value | undefined, mappings: Record<string, unknown>): Writer | undefined {
  const whole = wholeWriter(node, valueOf, mappings);
  if (whole !== undefined || !isPlainObject(node) || Object.keys(node).length !== 1) return whole;
  // Each piece of the string: text written out, a writer, or null for a read written otherwise (a resource's attribute).
  let pieces: Array<string | Writer | null>;
  if (node['Fn::Sub'] !== undefined) {
    const sub = node['Fn::Sub'];
    const [text, variables] = Array.isArray(sub) ? sub : [sub];
    if (typeof text !== 'string') return undefined;
    pieces = subPieces(text, variables).map((piece) =>
      typeof piece === 'string' ? piece : piece.inVariables ? (wholeWriter((variables as Record<string, unknown>)[piece.name], valueOf, mappings) ?? null) : { parameter: piece.name },
    );
  } else if (Array.isArray(node['Fn::Join']) && typeof node['Fn::Join'][0] === 'string' && Array.isArray(node['Fn::Join'][1])) {
    const [delimiter, items] = node['Fn::Join'] as [string, unknown[]];
    pieces = items.flatMap((item, index) => [...(index > 0 && delimiter !== '' ? [delimiter] : []), typeof item === 'string' ? item : (wholeWriter(item, valueOf, mappings) ?? null)]);
  } else return undefined;
  const reads = pieces.filter((piece) => typeof piece !== 'string');
  if (part === undefined) return pieces.length === 1 ? (reads[0] ?? undefined) : undefined;
  if (pieces.some((piece) => typeof piece === 'string' && piece.includes(part))) return undefined;
  // A read whose value is not a string known here (written otherwise, a resource's attribute) may hold it too.
  const values = reads.map((writer) => (writer === null ? undefined : writtenValue(writer, valueOf, mappings)));
  if (values.some((value) => typeof value !== 'string')) return undefined;
  const holding = new Map(reads.flatMap((writer, index) => (writer !== null && (values[index] as string).includes(part) ? [[JSON.stringify(writer), writer] as const] : [])));
  return holding.size === 1 ? [...holding.values()][0] : undefined;
}

/**
 * `Resource.textGivenBy` of a node: a `Ref` of a parameter (its value is passed at deploy time) or a `Fn::FindInMap`
 * gives its string as it is, never run through Fn::Sub.
 */
function textGiverOf(template: Template, node: unknown): string | undefined {
  if (!isPlainObject(node) || Object.keys(node).length !== 1) return undefined;
  const { Ref: ref, 'Fn::FindInMap': find, 'Fn::Sub': sub, 'Fn::Join': join } = node;
  if (typeof ref === 'string' && template.parameters.has(ref)) return `parameter ${ref}`;
  if (Array.isArray(find) && typeof find[0] === 'string') return `mapping ${find[0]}`;
  // A Fn::Sub of nothing but one such value (`!Sub '${Trust}'`, `!Sub ['${T}', {T: !Ref Trust}]`) substitutes it once:
  // the ${...} its text holds are not substituted again. So for a Fn::Join of it alone.
  if (sub !== undefined) {
    const [text, variables] = Array.isArray(sub) ? sub : [sub];
    const pieces = typeof text === 'string' ? subPieces(text, variables) : [];
    const [only] = pieces;
    if (pieces.length !== 1 || only === undefined || typeof only === 'string') return undefined;
    return textGiverOf(template, only.inVariables ? (variables as Record<string, unknown>)[only.name] : { Ref: only.name });
  }
  if (Array.isArray(join) && Array.isArray(join[1])) {
    const written = (join[1] as unknown[]).filter((item) => item !== '');
    return written.length === 1 ? textGiverOf(template, written[0]) : undefined;
  }
  return undefined;
}

/**
 * `Resource.expressionKey` of a node: the node as written. One expression gives one value wherever a world resolves it
 * (a parameter has one value, a condition one truth), except what a macro computes.
 */
function expressionKeyOf(node: unknown): string | undefined {
  if (node === undefined) return undefined;
  const key = JSON.stringify(node);
  return key.includes('"Fn::Transform"') ? undefined : key;
}

/**
 * `Resource.templateText` of a node: the text of a `Fn::Sub`, its variables written in; a `Ref` or `Fn::GetAtt` as Fn::Sub writes
 * it; a `Fn::Join` of literal text and those, joined. Literal text that reads like a substitution (`${`) is not taken.
 */
function templateTextOf(node: unknown): { scope: string; text: string } | undefined {
  if (!isPlainObject(node) || Object.keys(node).length !== 1) return undefined;
  const { 'Fn::Sub': sub, Ref: ref, 'Fn::GetAtt': getAtt, 'Fn::Join': join } = node;
  if (Array.isArray(join)) {
    const [delimiter, parts] = join;
    if (join.length !== 2 || typeof delimiter !== 'string' || delimiter.includes('${') || !Array.isArray(parts)) return undefined;
    const texts = parts.map((part: unknown) => (typeof part === 'string' ? (part.includes('${') ? undefined : part) : templateTextOf(part)?.text));
    return texts.every((text) => text !== undefined) ? { scope: '', text: texts.join(delimiter) } : undefined;
  }
  const [text, variables] = Array.isArray(sub) ? sub : [sub];
  if (typeof text === 'string' && (variables === undefined || (isPlainObject(variables) && Object.keys(variables).length === 0))) return { scope: '', text };
  // With variables, each `${Name}` of the map is the text its value writes (`{E: !Ref Env}` writes `${Env}`), as Fn::Sub
  // substitutes it; a value that writes no such text leaves the whole not read.
  if (typeof text === 'string' && isPlainObject(variables)) {
    let read = true;
    const substituted = text.replace(/\$\{([^}]*)\}/g, (whole, inner: string) => {
      const name = inner.trim();
      if (inner.startsWith('!') || !Object.hasOwn(variables, name)) return whole;
      const value = variables[name];
      const written = typeof value === 'string' ? (value.includes('${') ? undefined : value) : typeof value === 'number' ? String(value) : templateTextOf(value)?.text;
      if (written === undefined) read = false;
      return written ?? whole;
    });
    return read ? { scope: '', text: substituted } : undefined;
  }
  // AWS::NoValue is no text: a Join drops it from its list, and with it a delimiter.
  if (ref === 'AWS::NoValue') return undefined;
  const reference = typeof ref === 'string' ? ref : typeof getAtt === 'string' ? getAtt : Array.isArray(getAtt) && getAtt.length === 2 && getAtt.every((part) => typeof part === 'string') ? getAtt.join('.') : undefined;
  return reference === undefined ? undefined : { scope: '', text: `\${${reference}}` };
}

/**
 * The places a template writes under a condition (`conditionalPaths`, located), for the conditions written around a
 * place: the last one that starts before it, then the ones that one is written in (places of a template nest or stand
 * apart, as the nodes they are). Each searched for each finding, a template of thousands of conditions took time
 * quadratic in their number.
 */
class ConditionalPlaces {
  private readonly places: Array<{ condition: string; location: SourceLocation; parent: number }>;

  constructor(written: ReadonlyArray<{ condition: string; location: SourceLocation }>) {
    const sorted = [...written].sort((a, b) => compareStarts(a.location, b.location) || compareEnds(b.location, a.location));
    const open: number[] = [];
    this.places = sorted.map(({ condition, location }, index) => {
      while (open.length > 0 && !encloses(sorted[open.at(-1)!]!.location, location)) open.pop();
      const parent = open.at(-1) ?? -1;
      open.push(index);
      return { condition, location, parent };
    });
  }

  /** The conditions of the places that enclose the location. */
  around(location: SourceLocation): string[] {
    let low = 0;
    let high = this.places.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (compareStarts(this.places[middle]!.location, location) <= 0) low = middle + 1;
      else high = middle;
    }
    let index = low - 1;
    while (index >= 0 && !encloses(this.places[index]!.location, location)) index = this.places[index]!.parent;
    const conditions: string[] = [];
    for (; index >= 0; index = this.places[index]!.parent) conditions.push(this.places[index]!.condition);
    return conditions;
  }

  /**
   * The conditions of the places written inside the location, each once (a `Fn::If` in a `!Join [...]` the location
   * holds); a place that is the location itself is around it.
   */
  within(location: SourceLocation): string[] {
    let low = 0;
    let high = this.places.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (compareStarts(this.places[middle]!.location, location) < 0) low = middle + 1;
      else high = middle;
    }
    const conditions = new Set<string>();
    for (let index = low; index < this.places.length; index++) {
      const place = this.places[index]!;
      const { startLine, startColumn } = place.location;
      if (startLine > location.endLine || (startLine === location.endLine && startColumn > location.endColumn)) break;
      if (encloses(location, place.location) && !encloses(place.location, location)) conditions.add(place.condition);
    }
    return [...conditions];
  }
}

function compareStarts(a: SourceLocation, b: SourceLocation): number {
  return a.startLine - b.startLine || a.startColumn - b.startColumn;
}

function compareEnds(a: SourceLocation, b: SourceLocation): number {
  return a.endLine - b.endLine || a.endColumn - b.endColumn;
}

/** How often a key is written, as the messages about keys written more than once say it. */
function howOften(count: number): string {
  return count === 2 ? 'twice' : `${count} times`;
}

/** A logical id declared twice: parsing keeps the last declaration, CloudFormation rejects the template. */
function duplicateLogicalIds(source: TemplateSource): Array<InputError & { line: number; column: number }> {
  return source.duplicateKeys().flatMap(({ path, key, locations }) => {
    if (path.length !== 1 || path[0] !== 'Resources') return [];
    const lines = locations.map(({ startLine }) => startLine);
    const { startLine, startColumn } = locations.at(-1)!;
    const message = `logical id "${key}" is declared ${howOften(lines.length)} (lines ${lines.slice(0, -1).join(', ')} and ${startLine}); CloudFormation rejects the template`;
    return [{ file: source.file, line: startLine, column: startColumn, message }];
  });
}

/**
 * A top-level section written more than once (`Resources:` twice, as a merge may leave it): the last is read, and what
 * the others declare is not analyzed. Said at the last one's key.
 */
function repeatedSections(source: TemplateSource): Notice[] {
  return source.duplicateKeys().flatMap(({ path, key, locations }) => {
    if (path.length !== 0) return [];
    const last = locations.at(-1)!;
    const earlier = locations.slice(0, -1).map(({ startLine }) => startLine);
    const ones = earlier.length === 1 ? `the one at line ${earlier[0]} declares` : `the ones at lines ${earlier.join(', ')} declare`;
    return [noticeAt(source.file, `section ${key} is written ${howOften(locations.length)}: only this last one is read; what ${ones} is not analyzed`, { line: last.startLine, column: last.startColumn })];
  });
}

/**
 * Duplicate keys of one resource, at their resolved paths in this world. A duplicate inside a Fn::If branch this
 * world does not take is left out; one inside the arguments of another intrinsic keeps its source path.
 */
function duplicateKeysIn(source: TemplateSource, resource: Resource, trace: Trace, writtenAt: ReadonlyArray<string | number>): DuplicateKey[] {
  const resolvedResource: Value = { Properties: resource.properties, ...(resource.metadata === undefined ? {} : { Metadata: resource.metadata }) };
  return source.duplicateKeys().flatMap(({ path, key, locations }) => {
    if (!pathStartsWith(path, writtenAt)) return [];
    const resolved = resolvedPathOf(trace, path);
    if (resolved && isObject(valueAtPath(resolvedResource, resolved))) return [{ path: resolved, key, locations }];
    return path.includes('Fn::If') ? [] : [{ path: path.slice(writtenAt.length), key, locations }];
  });
}


