/** The sections of a template that resolution needs, read from the parsed document. */
import {
  OWNER_ACCOUNT,
  OWNER_PARTITION,
  OWNER_REGION,
  OWNER_STACK_ID,
  OWNER_STACK_NAME,
  OWNER_URL_SUFFIX,
  hasUnresolvedPiece,
  tokenize,
  Unresolved,
  unresolvedPieceOf,
  type Value,
} from '../../src/model/index.js';
import { loopBudget, propertiesWithLoops, sectionEntries, unique, type Collection, type CollectionSources } from './loops.js';
import { linkOf, Resolver } from './resolve.js';
import { intrinsicKey, isPlainObject, samTransformOf, walkIntrinsics } from './shape.js';
import { setOwn } from '../../src/model/objects.js';

export interface ParameterDeclaration {
  type: string;
  defaultValue?: string;
  allowedValues?: string[];
  /** `AllowedPattern`, which the whole value of a String parameter matches, and each item of a list of texts (itemsMatchPattern). */
  allowedPattern?: string;
  /** `NoEcho: true`: CloudFormation masks the value; deputy masks a value supplied for it wherever it prints one. */
  noEcho?: true;
}

export interface TemplateResource {
  logicalId: string;
  /** Where the declaration is written: `['Resources', logicalId]`, or the fragment of the `Fn::ForEach` that generates it. */
  writtenAt: ReadonlyArray<string | number>;
  type: string;
  /** Name of the template condition that decides whether the resource exists. */
  condition?: string;
  properties?: unknown;
  metadata?: unknown;
}

export interface Template {
  parameters: Map<string, ParameterDeclaration>;
  mappings: Record<string, unknown>;
  conditions: Record<string, unknown>;
  resources: TemplateResource[];
  /** Logical id → resource type, for Ref and Fn::GetAtt. */
  resourceTypes: Map<string, string>;
  /** Whether the template declares AWS::LanguageExtensions, which expands `Fn::ForEach::` keys. */
  languageExtensions: boolean;
  /**
   * The mappings of resources' properties that `Fn::ForEach` loops wrote keys into, with where each key a loop wrote is
   * written: a path from the mapping through the loop's fragment.
   */
  loopWrittenKeys: WeakMap<object, ReadonlyMap<string, ReadonlyArray<string | number>>>;
  /**
   * With the SAM transform, the execution roles SAM generates (`samExecutionRoleOf`) that the template does not
   * declare itself, by the logical id of the function or state machine they are generated for.
   */
  samExecutionRoles: ReadonlyMap<string, string>;
  /** `Globals.Function` of a SAM template, which gives its functions' properties they do not write (`sam.ts`). */
  samFunctionGlobals: Record<string, unknown>;
}

/** A problem in the template's structure, at a path of the document (at character `offset` of the string there). */
export interface TemplateProblem {
  path: Array<string | number>;
  message: string;
  offset?: number;
}

/** What is not fully analyzed, at the path of the document it is about (located by the caller). */
export interface TemplateNotice {
  path: Array<string | number>;
  message: string;
}

/** The owner's symbolic values; `AWS::NoValue` is handled by the resolver. */
export const PSEUDO_PARAMETERS: ReadonlyMap<string, Value> = new Map<string, Value>([
  ['AWS::AccountId', OWNER_ACCOUNT],
  ['AWS::Region', OWNER_REGION],
  ['AWS::Partition', OWNER_PARTITION],
  ['AWS::URLSuffix', OWNER_URL_SUFFIX],
  ['AWS::StackName', OWNER_STACK_NAME],
  ['AWS::StackId', OWNER_STACK_ID],
  ['AWS::NotificationARNs', new Unresolved('AWS::NotificationARNs is known only at deploy time')],
]);

/** Top-level sections whose value is one string (the format version, the description). */
const SCALAR_SECTIONS = ['AWSTemplateFormatVersion', 'Description'] as const;

/** The attributes a resource declares (its Type, Properties and their company): no resource's logical id, when untyped. */
const RESOURCE_ATTRIBUTES: ReadonlySet<string> = new Set(['Type', 'Properties', 'DependsOn', 'Condition', 'Metadata', 'DeletionPolicy', 'UpdateReplacePolicy', 'UpdatePolicy', 'CreationPolicy']);

/** Why an untyped entry of Resources named as a resource attribute is no resource: the resource's logical id is missing. */
function attributeWithoutResource(attribute: string): string {
  return `${attribute} is a resource attribute, not a resource: written directly under Resources, it belongs to a resource whose logical id is missing (declare the resource's attributes under a logical id of their own)`;
}

/** Language extensions are resolved here; SAM resources are read as written, and the execution roles SAM generates built (sam.ts). */
const KNOWN_TRANSFORMS = /^AWS::(Serverless-\d{4}-\d{2}-\d{2}|LanguageExtensions)$/;

/** Whether a `Transform` entry is one deputy knows what it does (SAM, language extensions), not a macro that may rewrite anything. */
export function isKnownTransform(transform: unknown): boolean {
  return typeof transform === 'string' && KNOWN_TRANSFORMS.test(transform);
}

/**
 * `supplied`: parameter values given by the user, which the collection of a `Fn::ForEach` may read (else a parameter's
 * Default); `Fn::ForEach` loops in Resources and Conditions are expanded when the template declares
 * AWS::LanguageExtensions.
 */
export function readTemplate(
  root: Record<string, unknown>,
  supplied: Readonly<Record<string, string>> = {},
): { template: Template; problems: TemplateProblem[]; notices: TemplateNotice[]; samGenerating: string[]; samTrustOnly: ReadonlySet<string> } {
  const problems: TemplateProblem[] = [];
  const notices: TemplateNotice[] = [];
  for (const transform of [root.Transform].flat()) {
    if (typeof transform === 'string' && !isKnownTransform(transform)) notices.push({ path: TRANSFORM_KEY, message: `transform ${transform} is not expanded: resources it would add are not analyzed` });
    // The Transform section also takes a transform with parameters (`Name: AWS::Include` and its `Location`).
    else if (isPlainObject(transform)) notices.push({ path: TRANSFORM_KEY, message: `transform ${transformName(transform)} is not expanded: resources it would add are not analyzed` });
  }
  const parameters = readParameters(root.Parameters, problems);
  const languageExtensions = [root.Transform].flat().includes('AWS::LanguageExtensions');
  const template: Template = {
    parameters,
    mappings: isPlainObject(root.Mappings) ? root.Mappings : {},
    conditions: {},
    resources: [],
    resourceTypes: new Map(),
    languageExtensions,
    loopWrittenKeys: new WeakMap(),
    samExecutionRoles: new Map(),
    samFunctionGlobals: isPlainObject(root.Globals) && isPlainObject(root.Globals.Function) ? root.Globals.Function : {},
  };
  const budget = loopBudget();
  const sources = languageExtensions ? collectionSources(template, supplied) : undefined;
  const section = (name: string) => {
    const read = sectionEntries(name, isPlainObject(root[name]) ? root[name] : {}, sources, budget);
    problems.push(...read.problems);
    notices.push(...read.notices);
    return read.entries;
  };
  for (const { key, value } of section('Conditions')) setOwn(template.conditions, key, value);
  if (root.Resources !== undefined && !isPlainObject(root.Resources)) problems.push({ path: ['Resources'], message: 'Resources is not a mapping' });
  // A section CloudFormation reads as one string that holds a mapping or list: in YAML, a top-level key indented under it
  // by mistake (`AWSTemplateFormatVersion:` over ` Resources:`), which would leave its resources unread without a word.
  for (const name of SCALAR_SECTIONS) {
    const value = root[name];
    if (isPlainObject(value)) {
      const first = Object.keys(value)[0];
      // CloudFormation takes no parameter or function there (`Description: !Sub ...`): a literal string only.
      const why = first === undefined ? '' : intrinsicKey(value) ? `: CloudFormation takes no ${first} there, only a literal string` : `: is ${first} nested under it by mistake?`;
      problems.push({ path: first === undefined ? [name] : [name, first], message: `${name} is a mapping, not a string${why}` });
    } else if (Array.isArray(value)) problems.push({ path: [name], message: `${name} is a list, not a string` });
  }
  const typeless = new Set<string>();
  const samTransform = samTransformOf(root);
  // Those a `Fn::ForEach` generates too (`Fn${Name}`), as the section writes them: not the loop's key.
  const generatingIam: string[] = [];
  // Of them, those with generated IAM not analyzed besides the execution role's trust, which SAM writes.
  const withUnmodelled = new Set<string>();
  const generatedRoles = new Map<string, string>();
  // What of SAM's generated IAM is not analyzed, in template order, each said once.
  const unmodelled = new Set<string>();
  for (const { key: logicalId, value: declaration, writtenAt } of section('Resources')) {
    const executionRole = samTransform === undefined ? undefined : samExecutionRoleOf(logicalId, declaration);
    const unmodelledParts = samTransform === undefined ? [] : samUnmodelledIam(logicalId, declaration, template.samFunctionGlobals);
    if ((executionRole !== undefined || unmodelledParts.length > 0) && !generatingIam.includes(logicalId)) generatingIam.push(logicalId);
    if (unmodelledParts.length > 0) withUnmodelled.add(logicalId);
    for (const part of unmodelledParts) unmodelled.add(part);
    if (executionRole !== undefined) generatedRoles.set(logicalId, executionRole);
    // `Fn::Transform` in Resources (AWS::Include of a snippet, or a macro given the section) is no resource: CloudFormation
    // writes what it gives there at deploy time.
    if (logicalId === 'Fn::Transform') {
      const named = isPlainObject(declaration) ? ` ${transformName(declaration)}` : '';
      notices.push({ path: writtenAt, message: `Fn::Transform${named} in Resources is not expanded: the resources it adds are not analyzed` });
      continue;
    }
    if (!isPlainObject(declaration) || typeof declaration.Type !== 'string') {
      // A fragment without a Type is said once, whatever number of items write it.
      const at = JSON.stringify(writtenAt);
      const written = isPlainObject(declaration) && declaration.Type !== undefined && declaration.Type !== null;
      if (!typeless.has(at)) {
        // CloudFormation takes a Type written out: a number, a list or an intrinsic function there is refused as none is.
        if (written) problems.push({ path: [...writtenAt, 'Type'], message: `resource ${logicalId} has a Type that is not a resource type written out, such as AWS::IAM::Role` });
        else problems.push({ path: writtenAt, message: RESOURCE_ATTRIBUTES.has(logicalId) ? attributeWithoutResource(logicalId) : `resource ${logicalId} has no Type` });
      }
      typeless.add(at);
      continue;
    }
    template.resourceTypes.set(logicalId, declaration.Type);
    if (NESTED_STACK_TYPES.has(declaration.Type)) notices.push({ path: writtenAt, message: nestedStackNotice(logicalId, declaration) });
    const notFollowed = declaration.Type === STACK_SET_TYPE ? stackSetNotice(logicalId, declaration) : undefined;
    if (notFollowed) notices.push({ path: writtenAt, message: notFollowed });
    const read = sources ? propertiesWithLoops(declaration.Properties, [...writtenAt, 'Properties'], sources, budget, template.loopWrittenKeys) : { properties: declaration.Properties, problems: [], notices: [] };
    problems.push(...read.problems);
    notices.push(...read.notices);
    template.resources.push({
      logicalId,
      writtenAt,
      type: declaration.Type,
      condition: typeof declaration.Condition === 'string' ? declaration.Condition : undefined,
      properties: read.properties,
      metadata: declaration.Metadata,
    });
  }
  if (unmodelled.size > 0) {
    // One notice for all the resources, at the transform that is not expanded: a SAM template with many functions would
    // otherwise fill GitHub's ten notice annotations of a step.
    notices.push({ path: TRANSFORM_KEY, message: `transform ${samTransform} is not expanded whole: these IAM roles and policies it generates are not analyzed: ${[...unmodelled].join('; ')}` });
  }
  // One the template declares itself is analyzed as written; the others are generated, and `Fn::GetAtt Role.Arn` names them.
  const samExecutionRoles = new Map([...generatedRoles].filter(([, role]) => !template.resourceTypes.has(role)));
  for (const role of samExecutionRoles.values()) template.resourceTypes.set(role, 'AWS::IAM::Role');
  template.samExecutionRoles = samExecutionRoles;
  return {
    template,
    problems: unique(problems),
    notices: unique(notices),
    samGenerating: generatingIam,
    // Those whose generated IAM is analyzed whole but for the execution role's trust.
    samTrustOnly: new Set([...generatedRoles.keys()].filter((logicalId) => !withUnmodelled.has(logicalId))),
  };
}

/**
 * The logical id of the execution role SAM generates for a function or state machine without `Role` (in some world),
 * `<LogicalId>Role` per the SAM specification's "generated resources" pages; undefined for any other resource.
 */
function samExecutionRoleOf(logicalId: string, declaration: unknown): string | undefined {
  if (!isPlainObject(declaration) || (declaration.Type !== 'AWS::Serverless::Function' && declaration.Type !== 'AWS::Serverless::StateMachine')) return undefined;
  const properties = isPlainObject(declaration.Properties) ? declaration.Properties : {};
  return givesRole(properties.Role) ? undefined : `${logicalId}Role`;
}

/** Resources that deploy a template as a nested stack (SAM's Application is one once SAM expands it). */
const NESTED_STACK_TYPES: ReadonlySet<string> = new Set(['AWS::CloudFormation::Stack', 'AWS::Serverless::Application']);

/**
 * A nested stack is not followed: the template it deploys (TemplateURL, or Location for SAM) is read, if at all, as a
 * template of its own, without the Parameters this one passes it, and what `!GetAtt Stack.Outputs.Name` gives is unknown.
 */
function nestedStackNotice(logicalId: string, declaration: Record<string, unknown>): string {
  const properties = isPlainObject(declaration.Properties) ? declaration.Properties : {};
  const url = declaration.Type === 'AWS::Serverless::Application' ? properties.Location : properties.TemplateURL;
  const named = typeof url === 'string' ? ` (${url})` : '';
  return `nested stack ${logicalId}${named} is not followed: the Parameters passed here do not reach its template (a local one is analyzed only when scanned, on its own), and its outputs (${logicalId}.Outputs.*) are not known here`;
}

export const STACK_SET_TYPE = 'AWS::CloudFormation::StackSet';

/** The template a stack set writes as a string in its TemplateBody, which deputy reads as a template of its own. */
export function stackSetTemplateBody({ type, properties }: Pick<TemplateResource, 'type' | 'properties'>): string | undefined {
  const body = type === STACK_SET_TYPE && isPlainObject(properties) ? properties.TemplateBody : undefined;
  return typeof body === 'string' ? body : undefined;
}

/**
 * A stack set deploys a template of its own (written inline in TemplateBody, or at TemplateURL) to its stack instances,
 * in other accounts and regions: the IAM roles and policies it declares are not in this template's graph.
 */
function stackSetNotice(logicalId: string, declaration: Record<string, unknown>): string | undefined {
  const properties = isPlainObject(declaration.Properties) ? declaration.Properties : {};
  // A TemplateBody written as a string is read by the parser, which says so where it cannot place it.
  if (typeof properties.TemplateBody === 'string') return undefined;
  if (properties.TemplateBody !== undefined) {
    return `stack set ${logicalId} is not followed: the template its TemplateBody computes, which it deploys to its stack instances, is not analyzed`;
  }
  const named = typeof properties.TemplateURL === 'string' ? ` (${properties.TemplateURL})` : '';
  return `stack set ${logicalId}${named} is not followed: the template it deploys to its stack instances is analyzed only when scanned, on its own, without the Parameters passed here`;
}

/** A transform written with its parameters, by its name (and the snippet AWS::Include reads). */
function transformName(transform: Record<string, unknown>): string {
  const name = typeof transform.Name === 'string' ? transform.Name : 'macro';
  const location = isPlainObject(transform.Parameters) && typeof transform.Parameters.Location === 'string' ? transform.Parameters.Location : undefined;
  return location === undefined ? name : `${name} (${location})`;
}

/**
 * Where transform notices are: the `Transform` key (for one of a list too), which a top-level key is found at without the
 * precise path; a template needs that for nothing else when nothing in it is reported (most SAM templates).
 */
const TRANSFORM_KEY = ['Transform'];

/**
 * What SAM generates of IAM for a resource that deputy does not model (`sam.ts` builds the execution roles from what the
 * template writes for them), per the SAM specification's "generated resources" pages: the statements of the policy
 * templates an execution role's `Policies` name, a CodeDeploy role for a function's enabled `DeploymentPreference`
 * without `Role`, a role for a function's ScheduleV2 event without `RoleArn` and for every state machine event,
 * connectors (a resource or an embedded `Connectors` attribute) and GraphQL APIs' roles.
 */
function samUnmodelledIam(logicalId: string, declaration: unknown, globalFunction: Record<string, unknown>): string[] {
  if (!isPlainObject(declaration)) return [];
  const parts: string[] = [];
  if (declaration.Connectors !== undefined) parts.push(`the connectors of ${logicalId}`);
  const properties = isPlainObject(declaration.Properties) ? declaration.Properties : {};
  const events = isPlainObject(properties.Events) ? Object.values(properties.Events).filter(isPlainObject) : [];
  const hasOwnEventRole = (event: Record<string, unknown>) => event.Type === 'ScheduleV2' && isPlainObject(event.Properties) && event.Properties.RoleArn !== undefined;
  switch (declaration.Type) {
    case 'AWS::Serverless::Connector':
      parts.push(`connector ${logicalId}`);
      break;
    case 'AWS::Serverless::GraphQLApi':
      parts.push(`the roles of GraphQL API ${logicalId}`);
      break;
    case 'AWS::Serverless::Function':
    case 'AWS::Serverless::StateMachine': {
      const templates = givesRole(properties.Role) ? [] : policyTemplateNames(properties.Policies);
      if (templates.length > 0) parts.push(`the policy templates of ${logicalId} (${templates.join(', ')})`);
      const function_ = declaration.Type === 'AWS::Serverless::Function';
      if (function_ && !givesRole(properties.Role) && properties.AssumeRolePolicyDocument !== undefined && globalFunction.AssumeRolePolicyDocument !== undefined) {
        parts.push(`the trust policy of ${logicalId}Role, which SAM merges from the AssumeRolePolicyDocument of ${logicalId} and of Globals`);
      }
      const deploymentPreference = function_ ? (properties.DeploymentPreference ?? globalFunction.DeploymentPreference) : undefined;
      if (isPlainObject(deploymentPreference) && deploymentPreference.Role === undefined && String(deploymentPreference.Enabled).toLowerCase() !== 'false') parts.push(`the CodeDeploy role of the DeploymentPreference of ${logicalId}`);
      const eventRoles = function_ ? events.some((event) => event.Type === 'ScheduleV2' && !hasOwnEventRole(event)) : events.some((event) => !hasOwnEventRole(event));
      if (eventRoles) parts.push(`the roles of the event sources of ${logicalId}`);
      break;
    }
  }
  return parts;
}

/**
 * The SAM policy templates a `Policies` value names (`S3ReadPolicy: {BucketName: ...}`), in either branch of an
 * `Fn::If`: a mapping of one key that is neither a policy document (it has `Statement`) nor an intrinsic function.
 */
function policyTemplateNames(policies: unknown): string[] {
  const names = new Set<string>();
  const visit = (entry: unknown): void => {
    if (Array.isArray(entry)) return entry.forEach(visit);
    if (!isPlainObject(entry) || entry.Statement !== undefined) return;
    const keys = Object.keys(entry);
    if (keys.length === 1 && keys[0] === 'Fn::If' && Array.isArray(entry['Fn::If'])) return entry['Fn::If'].slice(1).forEach(visit);
    if (keys.length === 1 && keys[0] !== 'Ref' && !keys[0]!.startsWith('Fn::')) names.add(keys[0]!);
  };
  visit(policies);
  return [...names];
}

/** A `Role` that is absent, or an Fn::If with an AWS::NoValue branch, leaves SAM to generate the role (in some worlds). */
function givesRole(role: unknown): boolean {
  if (role === undefined || role === null) return false;
  if (isPlainObject(role) && Array.isArray(role['Fn::If'])) {
    return !role['Fn::If'].slice(1).some((branch) => isPlainObject(branch) && branch.Ref === 'AWS::NoValue');
  }
  return true;
}

/**
 * What the collection of a `Fn::ForEach` reads: the items of a list parameter, and what a `Fn::FindInMap` finds. Loops
 * are expanded once, before any world is planned, so its keys resolve as in the baseline world: a parameter has the
 * value supplied, else its Default, a pseudo parameter is the owner's symbol, and a condition is not known.
 */
function collectionSources(template: Template, supplied: Readonly<Record<string, string>>): CollectionSources {
  const values = parameterValues(template.parameters, supplied);
  const resolver = new Resolver(template, { parameter: (name) => PSEUDO_PARAMETERS.get(name) ?? values.get(name), condition: () => undefined });
  return {
    listParameter: (name) => listParameterItems(template.parameters, values, name),
    value: (node, at) => resolver.value(node, linkOf(at)!),
    defaultsTaken: (node) => [...namesReferred(node)].flatMap((name) => {
      const declaration = template.parameters.get(name);
      return declaration?.defaultValue === undefined || Object.hasOwn(supplied, name) ? [] : [`${name}=${declaration.defaultValue}`];
    }),
  };
}

/** The names a node refers to with `Ref`, at any depth. */
function namesReferred(node: unknown): Set<string> {
  const found = new Set<string>();
  walkIntrinsics(node, (key, args) => key === 'Ref' && typeof args === 'string' && found.add(args));
  return found;
}

/** Each parameter's value: the one supplied, else its Default, else unresolved. */
export function parameterValues(parameters: ReadonlyMap<string, ParameterDeclaration>, supplied: Readonly<Record<string, string>>): Map<string, Value> {
  const values = new Map<string, Value>();
  for (const [name, declaration] of parameters) {
    const text = Object.hasOwn(supplied, name) ? supplied[name] : declaration.defaultValue;
    values.set(name, text === undefined ? withoutValue(name, declaration) : parameterValue(name, declaration, text));
  }
  return values;
}

/** A parameter without a value: a String's is one of its AllowedValues, where it lists them (`Unresolved.allowed`). */
function withoutValue(name: string, declaration: ParameterDeclaration): Unresolved {
  const allowed = declaration.type === 'String' ? declaration.allowedValues : undefined;
  return new Unresolved(`parameter ${name} has no value`, name, undefined, undefined, undefined, allowed);
}

/**
 * The names a parameter without a value allows (`parameterAllows`): one of `values` (in lower case: IAM does not tell
 * names apart by case, so a value of another case names the principal too), passing `pattern`, where each is given.
 */
export interface AllowedNames {
  readonly values?: readonly string[];
  /** A regular expression over the whole name, or a test of the kind (`textAllows`), in any case. */
  readonly pattern?: { test(name: string): boolean };
}

/**
 * Of a value a parameter without a value gives whole (`parameterValues`), the names it or each item of it for a list
 * may be: one of its AllowedValues, matching its AllowedPattern (a String's, or a list of texts' for each item,
 * itemsMatchPattern; one JavaScript cannot read allows any).
 * Of a text written around such parameters (`!Sub ${Env}-bob`), those it may be with the values each allows (`textAllows`).
 * Undefined for any other value, or a parameter that allows any name.
 */
export function parameterAllows(parameters: ReadonlyMap<string, ParameterDeclaration>, value: Value): AllowedNames | undefined {
  if (typeof value === 'string') return textAllows(parameters, value);
  const declaration = parameterWithoutValue(parameters, value);
  return declaration && declarationAllows(declaration);
}

/** The names a parameter without a value allows (`parameterAllows`), by its declaration. */
function declarationAllows(declaration: ParameterDeclaration): AllowedNames | undefined {
  const values = declaration.allowedValues?.flatMap((text) => (isListType(declaration.type) ? text.split(',') : [text])).map((text) => text.toLowerCase());
  const pattern = !isListType(declaration.type) || itemsMatchPattern(declaration.type) ? wholeValuePattern(declaration.allowedPattern) : undefined;
  if (!values && !pattern) return undefined;
  return { ...(values ? { values } : {}), ...(pattern ? { pattern } : {}) };
}

/** The declaration of the parameter without a value that gives the value whole. */
function parameterWithoutValue(parameters: ReadonlyMap<string, ParameterDeclaration>, value: Value | undefined): ParameterDeclaration | undefined {
  if (!(value instanceof Unresolved) || value.written === undefined || value.reason !== `parameter ${value.written} has no value`) return undefined;
  return parameters.get(value.written);
}

/**
 * The names a text written with pieces not known may be where some piece is a String parameter without a value that
 * limits it (`parameterAllows`): where each is one listing its AllowedValues, the texts they make (`!Sub ${Env}-bob` of
 * Env allowing dev and prod: dev-bob, prod-bob), in lower case, but those a piece's AllowedPattern refuses; else, or past
 * `MOST_ALLOWED_TEXTS` of them, a test of a name: the text around the pieces, in any case, with a value each allows
 * between (`textMayBe`). CloudFormation matches a parameter's AllowedPattern against its value, not the text made of
 * it: each piece is tested alone, as a whole. Undefined where no piece limits the text.
 */
function textAllows(parameters: ReadonlyMap<string, ParameterDeclaration>, text: string): AllowedNames | undefined {
  if (!hasUnresolvedPiece(text)) return undefined;
  const runs: TextRun[] = tokenize(text).map((token) => {
    if ('literal' in token) return token.literal.toLowerCase();
    // A list has no one text (Fn::Sub refuses it), and any other piece (the stack's name, a resource's) may be any.
    const declaration = parameterWithoutValue(parameters, unresolvedPieceOf(token.text));
    return { allowed: declaration && !isListType(declaration.type) ? declarationAllows(declaration) : undefined };
  });
  const pieces = runs.filter((run) => typeof run !== 'string');
  if (pieces.every(({ allowed }) => allowed === undefined)) return undefined;
  const values = pieces.every(({ allowed }) => allowed?.values) ? textsOf(runs) : undefined;
  return values ? { values } : { pattern: { test: (name) => textMayBe(runs, name) } };
}

/** Literal text in lower case, or a piece not known with the names it allows (any where undefined). */
type TextRun = string | { allowed: AllowedNames | undefined };

/** The texts of literal runs and pieces that each list the values they allow (`textAllows`); undefined past `MOST_ALLOWED_TEXTS`. */
function textsOf(runs: readonly TextRun[]): string[] | undefined {
  let values = [''];
  for (const run of runs) {
    const pieces = typeof run === 'string' ? [run] : run.allowed!.values!.filter((value) => allowsName(run.allowed!, value));
    values = values.flatMap((before) => pieces.map((piece) => `${before}${piece}`));
    if (values.length > MOST_ALLOWED_TEXTS) return undefined;
  }
  return values;
}

/**
 * Whether the name is the text of the runs, in any case: their literal text in turn, each piece a value it allows. Each
 * piece tried at each end where the runs before leave it, once (a text of many pieces).
 */
function textMayBe(runs: readonly TextRun[], name: string): boolean {
  const lower = name.toLowerCase();
  const refused = new Set<number>();
  const from = (index: number, at: number): boolean => {
    if (index === runs.length) return at === name.length;
    const key = index * (name.length + 1) + at;
    if (refused.has(key)) return false;
    const run = runs[index]!;
    let found = false;
    if (typeof run === 'string') found = lower.startsWith(run, at) && from(index + 1, at + run.length);
    else for (let end = at; end <= name.length && !found; end++) found = (!run.allowed || allowsName(run.allowed, name.slice(at, end))) && from(index + 1, end);
    if (!found) refused.add(key);
    return found;
  };
  return from(0, 0);
}

const MOST_ALLOWED_TEXTS = 64;

export function allowsName(allowed: AllowedNames, name: string): boolean {
  return (!allowed.values || allowed.values.includes(name.toLowerCase())) && (!allowed.pattern || allowed.pattern.test(name));
}

/** An AllowedPattern as IAM names are read: matching the whole value, in any case (undefined: one JavaScript cannot read). */
function wholeValuePattern(pattern: string | undefined): RegExp | undefined {
  return anchored(pattern, 'iu');
}

/**
 * Why CloudFormation refuses a value of the parameter (its Default, or one given): the value, or for a list the first
 * item of it (`item`: the text split at commas, each trimmed), is outside its AllowedValues, or its AllowedPattern
 * (valuePattern) does not match it; the first of the two, where both refuse it. Undefined where it takes the value.
 */
export function valueRefusal(declaration: ParameterDeclaration, value: string): { item?: string; what: string } | undefined {
  const { allowedValues: allowed, allowedPattern } = declaration;
  const pattern = valuePattern(declaration);
  const refusals: Array<{ refuses: (text: string) => boolean; what: string }> = [
    ...(allowed ? [{ refuses: (text: string) => !allowed.includes(text), what: `is not one of its AllowedValues (${allowed.join(', ')})` }] : []),
    ...(pattern ? [{ refuses: (text: string) => !pattern.test(text), what: `does not match its AllowedPattern (${allowedPattern})` }] : []),
  ];
  const list = isListType(declaration.type) && ssmValueType(declaration.type) === undefined;
  const checked = list ? (typedValue(declaration.type, value) as string[]) : [value];
  for (const { refuses, what } of refusals) {
    const refused = checked.find(refuses);
    if (refused !== undefined) return list ? { item: refused, what } : { what };
  }
  return undefined;
}

/**
 * The AllowedPattern CloudFormation matches a value of the parameter against, as it does: the whole value of a String,
 * each item of a list of texts (itemsMatchPattern), case-sensitive. Undefined where it matches none, or where
 * JavaScript cannot read the pattern (CloudFormation's are Java's: `\Q...\E`, `[a-z&&[^d]]`), which is then not checked.
 */
function valuePattern({ type, allowedPattern }: ParameterDeclaration): RegExp | undefined {
  return type === 'String' || itemsMatchPattern(type) ? anchored(allowedPattern, 'u') : undefined;
}

/**
 * Whether CloudFormation matches a list parameter's AllowedPattern against each of its items: a CommaDelimitedList's
 * ("the pattern must match each value in the list"), and a List<String>'s alike. Not a List<Number>'s (numbers are
 * bounded by MinValue and MaxValue) or a list of AWS ids' (checked against the account's resources), for which the
 * documentation names no pattern, nor a list read from SSM (the value given names the SSM parameter).
 */
export function itemsMatchPattern(type: string): boolean {
  return type === 'CommaDelimitedList' || type === 'List<String>';
}

function anchored(pattern: string | undefined, flags: string): RegExp | undefined {
  if (pattern === undefined) return undefined;
  try {
    return new RegExp(`^(?:${pattern})$`, flags);
  } catch {
    return undefined;
  }
}

/** The items of a list parameter a `Fn::ForEach` collection refers to, from the parameters' `values` (`parameterValues`). */
function listParameterItems(parameters: ReadonlyMap<string, ParameterDeclaration>, values: ReadonlyMap<string, Value>, name: string): Collection {
  const declaration = parameters.get(name);
  if (!declaration) return { unknown: `its collection refers to ${name}, which is not a parameter of the template` };
  if (ssmValueType(declaration.type) !== undefined) return { unknown: `its collection, parameter ${name}, is read from SSM` };
  if (!isListType(declaration.type)) return { unknown: `its collection, parameter ${name}, is not a list` };
  const value = values.get(name);
  if (!Array.isArray(value)) return { unknown: `its collection, parameter ${name}, has no value (give one with --parameter)` };
  return { items: value as string[] };
}

/**
 * `problems` gathers the Default and AllowedValues items CloudFormation refuses (`defaultText`, `allowedTexts`), and a
 * Default its AllowedValues or AllowedPattern refuse (`defaultRefusal`).
 */
function readParameters(section: unknown, problems: TemplateProblem[]): Map<string, ParameterDeclaration> {
  const parameters = new Map<string, ParameterDeclaration>();
  if (!isPlainObject(section)) return parameters;
  for (const [name, declaration] of Object.entries(section)) {
    if (!isPlainObject(declaration)) continue;
    const read: ParameterDeclaration = {
      type: typeof declaration.Type === 'string' ? declaration.Type : 'String',
      defaultValue: defaultText(name, declaration.Default, problems),
      allowedValues: allowedValuesOf(name, declaration.AllowedValues, problems),
      ...(typeof declaration.AllowedPattern === 'string' ? { allowedPattern: declaration.AllowedPattern } : {}),
      // CloudFormation takes the Boolean or its text, in any case (`NoEcho: 'true'`).
      ...(String(declaration.NoEcho).toLowerCase() === 'true' ? { noEcho: true as const } : {}),
    };
    parameters.set(name, read);
    problems.push(...defaultRefusal(name, read, declaration.Default));
  }
  return parameters;
}

/**
 * A Default the parameter's AllowedValues or AllowedPattern refuse (valueRefusal): CloudFormation refuses the stack
 * ("if you define constraints for the parameter, you must specify a value that adheres to those constraints"), even
 * where another value is given. A problem at the Default, or at the item of a Default written as a list. The Default
 * of a NoEcho parameter is shown as written, as it is in the template.
 */
function defaultRefusal(parameter: string, declaration: ParameterDeclaration, written: unknown): TemplateProblem[] {
  const { defaultValue } = declaration;
  if (defaultValue === undefined) return [];
  const refusal = valueRefusal(declaration, defaultValue);
  if (!refusal) return [];
  const { item, what } = refusal;
  const index = Array.isArray(written) && item !== undefined ? written.findIndex((writtenItem) => String(writtenItem).trim() === item) : -1;
  const path = ['Parameters', parameter, 'Default', ...(index >= 0 ? [index] : [])];
  const refused = item === undefined ? '' : ` with the item "${item}"`;
  return [{ path, message: `parameter ${parameter} has a Default "${defaultValue}"${refused} that ${what}` }];
}

/**
 * The texts of a parameter's AllowedValues (allowedTexts); undefined where none is written. AllowedValues that is not a
 * list, one text too, CloudFormation refuses ("Every AllowedValues member must be a list"): a problem at it, read as none.
 */
function allowedValuesOf(parameter: string, written: unknown, problems: TemplateProblem[]): string[] | undefined {
  if (written === undefined || written === null) return undefined;
  if (Array.isArray(written)) return allowedTexts(parameter, written, problems);
  const intrinsic = isPlainObject(written) ? intrinsicKey(written) : undefined;
  const what = intrinsic ? `a ${intrinsic}` : isPlainObject(written) ? 'a mapping' : 'one text';
  problems.push({ path: ['Parameters', parameter, 'AllowedValues'], message: `parameter ${parameter} has AllowedValues written as ${what}, not a list: CloudFormation refuses it (write a list, even of one value)` });
  return undefined;
}

/**
 * The texts of a parameter's AllowedValues (a number or boolean is taken as its text, as CloudFormation does); undefined
 * where none is one. An item that is a mapping or a list (an intrinsic function too) CloudFormation refuses: it is a
 * problem at its line, and left out, as it would otherwise be shown as `[object Object]` where the values are listed.
 */
function allowedTexts(parameter: string, items: readonly unknown[], problems: TemplateProblem[]): string[] | undefined {
  const texts: string[] = [];
  items.forEach((item, index) => {
    const refused = notText(item, 'CloudFormation takes each item as one value the parameter may be');
    if (refused) problems.push({ path: ['Parameters', parameter, 'AllowedValues', index], message: `parameter ${parameter} has an AllowedValues item that is ${refused}` });
    else texts.push(String(item));
  });
  return texts.length > 0 ? texts : undefined;
}

/**
 * A parameter's Default as its text; undefined where it is a mapping, a function or a list holding one, which
 * CloudFormation refuses (a problem at it, as it would otherwise be read as `[object Object]`).
 */
function defaultText(parameter: string, value: unknown, problems: TemplateProblem[]): string | undefined {
  if (value === undefined || value === null) return undefined;
  const items = Array.isArray(value) ? value : [value];
  const index = items.findIndex((item) => isPlainObject(item) || Array.isArray(item));
  if (index < 0) return parameterText(value);
  const path = ['Parameters', parameter, 'Default', ...(Array.isArray(value) ? [index] : [])];
  problems.push({ path, message: `parameter ${parameter} has a Default ${Array.isArray(value) ? 'item ' : ''}that is ${notText(items[index], 'CloudFormation takes a literal text')}` });
  return undefined;
}

/** What a value written where CloudFormation takes a literal text is instead, and why that is refused; undefined for a text, number or boolean. */
function notText(value: unknown, why: string): string | undefined {
  if (!isPlainObject(value) && !Array.isArray(value)) return undefined;
  const intrinsic = isPlainObject(value) ? intrinsicKey(value) : undefined;
  if (intrinsic) return `a ${intrinsic}, not a text: CloudFormation takes no function there, only a literal text`;
  return `${Array.isArray(value) ? 'a list' : 'a mapping'}, not a text: ${why}`;
}

/** Parameter values are strings; a YAML list written as a default stands for its comma-joined form. */
function parameterText(value: unknown): string {
  return Array.isArray(value) ? value.map(String).join(',') : String(value);
}

/** A parameter's value as Ref returns it: lists for `List<...>`/`CommaDelimitedList`, unresolved for SSM types. */
export function parameterValue(name: string, declaration: ParameterDeclaration, text: string): Value {
  if (ssmValueType(declaration.type) !== undefined) return new Unresolved(`parameter ${name} is read from SSM parameter ${text}`, name);
  return typedValue(declaration.type, text);
}

/**
 * The value of a parameter of this type written `text` (for an SSM type, the value read, of its inner type). A
 * CommaDelimitedList holds one more item than the text has commas, so an empty text is the list of one empty item
 * (`Fn::Length` 1, `Fn::Select [0, ...]` ""), as CloudFormation reads it.
 */
export function typedValue(type: string, text: string): Value {
  if (isListType(type)) return text === '' && (ssmValueType(type) ?? type) !== 'CommaDelimitedList' ? [] : text.split(',').map((item) => item.trim());
  return text;
}

/** Whether a parameter of this type (for an SSM type, the value read) is a list. */
export function isListType(type: string): boolean {
  const read = ssmValueType(type) ?? type;
  return read === 'CommaDelimitedList' || read.startsWith('List<');
}

/** The type of the value an SSM parameter type reads (`List<String>` for `AWS::SSM::Parameter::Value<List<String>>`); undefined for other types. */
export function ssmValueType(type: string): string | undefined {
  return /^AWS::SSM::Parameter::Value<(.+)>$/.exec(type)?.[1];
}
