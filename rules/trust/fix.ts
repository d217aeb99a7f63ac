import { valueAt, type ResourceGraph } from '../../src/graph/graph.js';
import { sageMakerUsesByRole, sageMakerUsesOf, type SageMakerUse } from '../../src/iam/sagemaker-uses.js';
import { decide, foreignServiceAllowed, directCallerProbe, neverInServiceRequest, ownerServiceProbes, principalApplies, refusesServiceRequests, serviceRequestValue, SOURCE_KEYS, strangerAllowed, type Probe, type ProbeCaller, type ServiceInfo } from '../../src/iam/trust.js';
import { ownEntry, uniqueKey, withProperties } from '../../src/model/objects.js';
import type { Fix } from '../../src/model/finding.js';
import { PRINCIPAL_TYPES, type ConditionEntry, type PolicyDocument, type PolicyValue, type PrincipalSet, type Statement } from '../../src/model/policy.js';
import { ownerDataSourceReference, type Resource } from '../../src/model/resource.js';
import { locationKey, type SourceLocation } from '../../src/model/location.js';
import { OWNER_ACCOUNT, OWNER_PARTITION, OWNER_REGION, TERRAFORM_OWNER, displayString, isKnownAtPlan, isObject, referenceText, refMarker, tokenize, type Token, type Value } from '../../src/model/value.js';
import { includedStatementOf, includedTextAt, isPolicyDocumentDataSource, statementContentOf, statementInputOf, statementInputPlaceOf, type IncludedStatement, type IncludedText } from '../../parsers/terraform/policy-document.js';
import type { StatementInput } from '../../parsers/terraform/dynamic-input.js';
import { nameOf, ownerRoleFacts, roleFacts, someOf } from '../support.js';
import { sameServicePrincipal } from '../../src/iam/service-principals.js';
import { partitionOfRegion } from '../../src/model/arn.js';

/**
 * How a fix is written: CloudFormation YAML or JSON, JSON text inside a CloudFormation policy string (an `Fn::Sub`),
 * or Terraform: blocks of `data "aws_iam_policy_document"`, an HCL object (the argument of `jsonencode`), or JSON
 * text (a heredoc, or the plan's JSON when the `.tf` source is not known); each of the three also as a `.tf.json` file
 * writes it (`tf-json-...`): blocks as JSON properties, the others inside a JSON string, its quotes escaped.
 */
export type FixSyntax = 'yaml' | 'json' | 'json-text' | HclSyntax | TerraformJsonSyntax | InputSyntax;

type HclSyntax = keyof typeof IN_TERRAFORM_JSON;
/** The JSON syntax's forms of the HCL ones, and a policy written as a JSON object (`"Statement": [...]`, values templates). */
type TerraformJsonSyntax = (typeof IN_TERRAFORM_JSON)[HclSyntax] | 'tf-json-value';

const IN_TERRAFORM_JSON = { 'hcl-blocks': 'tf-json-blocks', 'hcl-object': 'tf-json-object', 'hcl-json-text': 'tf-json-text', 'hcl-quoted-text': 'tf-json-text' } as const;

/** A statement written as an object that a module makes its `statement` block of: the fix uses the keys it reads. */
export interface InputSyntax {
  input: StatementInput;
}

/** Whether the fix is written in Terraform. */
export function isTerraformSyntax(syntax: FixSyntax): boolean {
  return typeof syntax === 'object' || syntax.startsWith('hcl') || syntax.startsWith('tf-json');
}

function isTerraformJsonSyntax(syntax: FixSyntax): syntax is TerraformJsonSyntax {
  return typeof syntax === 'string' && syntax.startsWith('tf-json-');
}

/** Whether a fix is written in Terraform's JSON syntax, for a `.tf.json` file. */
export function writtenInJson(syntax: FixSyntax): boolean {
  return isTerraformJsonSyntax(syntax) || (typeof syntax === 'object' && syntax.input.json);
}

/**
 * How a fix of the policy is written, the data source its blocks go in where the finding points elsewhere (into
 * the plan's text of the policy, read without the `.tf` files): `data.aws_iam_policy_document.x`, and for Terraform
 * where the module the fix goes into reads the owner's values.
 */
export interface FixTarget {
  syntax: FixSyntax;
  document?: string;
  owner: OwnerSources;
  /**
   * The `content` of the `dynamic "statement"` block that makes the statement of an object where the fix cannot be
   * written as that object (see `InputSyntax`): its blocks go there, for every statement it makes.
   */
  content?: { location: SourceLocation; blocks: number; madeBy?: 'for' | 'for-documents' };
  /**
   * What gives the JSON text of the statement as it is, not interpolated: the file a policy document data source reads
   * it from (with `file()`); in CloudFormation, the parameter or mapping it is read from (`parameter Trust`), which no
   * Fn::Sub reads; in Terraform, the root module variable whose value (its default, or the value set for it) is the
   * policy's text whole, which nothing interpolates.
   */
  readFrom?: TextSource;
  /**
   * Where the statement's `Condition` is, where an interpolation of the policy's template writes it whole (`"Condition":
   * ${local.condition}`): a fix of the conditions is the Condition's value, written there.
   */
  condition?: WrittenCondition;
}

/**
 * A statement's `Condition` an interpolation writes whole: `encoded` where it writes out the object of a `jsonencode()`
 * (written there or in a local it reads whole), where the fix goes, in `syntax` and reading the owner as that file's
 * module does; else the interpolation, which the fix (in the text's syntax) replaces. `at`: where its first operator is
 * written (in that object, or at the interpolation), which the finding may not point at (a principal of the statement).
 */
export interface WrittenCondition {
  encoded: boolean;
  syntax: ConditionValueSyntax;
  owner: OwnerSources;
  at: SourceLocation;
}

/**
 * What gives a policy's JSON text as it is (`FixTarget.readFrom`): a file, a CloudFormation parameter or mapping, or a
 * Terraform root variable, by its name where the role's module reads it (`variable`) and by the name of the variable
 * file that sets it where the finding points into the text there (`setIn`): at least one of the two; `jsonSyntax` where
 * the finding points into a JSON file, a `.tf.json` or `.tfvars.json` one (whose strings are taken as written).
 */
export type TextSource = string | { variable?: string; setIn?: string; jsonSyntax?: true };

export function fixTarget(role: Resource, doc: PolicyDocument, statement?: Statement): FixTarget {
  const target = withWrittenCondition(writtenTarget(role, doc, statement), role, doc, statement);
  if (target.content || !statement || role.format === 'cloudformation' || doc.statements.length < 2) return target;
  // A `for` expression writes the statement's object once for several statements of the policy: its blocks go there too.
  const location = doc.locator.locate(statement.path);
  const at = locationKey(location);
  // A locator that stops at the list (a `concat` it cannot step into) locates every statement there: no object is.
  if (at === locationKey(doc.locator.locate(statement.path.slice(0, -1)))) return target;
  const sharing = doc.statements.filter((other) => other === statement || locationKey(doc.locator.locate(other.path)) === at);
  if (sharing.length < 2) return target;
  // A `for` expression that makes included documents of JSON text (`[for f in fileset(...) : file(...)]`), each with
  // statements of its own, where they are not located in their texts: it writes no object that each statement gets.
  // Where the statements are located in an object the for expression writes (`[for s in ... : jsonencode({...})]`), that
  // object is written once for every text it makes: each gets what goes into it.
  const texts = sharing.map((other) => includedTextOf(role, doc, other));
  const documents = new Set(texts);
  if (texts.every((text) => text !== undefined && locationKey((text as IncludedText).entry()) === at) && documents.size > 1) return { ...target, content: { location, blocks: documents.size, madeBy: 'for-documents' } };
  return { ...target, content: { location, blocks: sharing.length, madeBy: 'for' } };
}

/** Whether the syntax is one of a Terraform policy's JSON text, which an interpolation of its template may write a part of. */
function isTextSyntax(syntax: FixSyntax): syntax is 'hcl-json-text' | 'hcl-quoted-text' | 'tf-json-text' {
  return syntax === 'hcl-json-text' || syntax === 'hcl-quoted-text' || syntax === 'tf-json-text';
}

/** The target with where the statement's `Condition` is (`FixTarget.condition`), where an interpolation of the policy's template writes it whole. */
function withWrittenCondition(target: FixTarget, role: Resource, doc: PolicyDocument, statement: Statement | undefined): FixTarget {
  const path = statement?.conditionPath;
  if (!path || role.format === 'cloudformation' || !doc.writtenAsText || target.readFrom !== undefined || !isTextSyntax(target.syntax)) return target;
  // The first operator as written (the conditions are read in no order of the text).
  const at = (): SourceLocation =>
    statement!.conditions.map((condition) => doc.locator.locate(condition.operatorPath)).reduce<SourceLocation | undefined>((first, one) => (!first || one.startLine < first.startLine || (one.startLine === first.startLine && one.startColumn < first.startColumn) ? one : first), undefined) ?? doc.locator.locate(path);
  const writing = doc.locator.interpolationWriting?.(path);
  if (writing === 'encoded') {
    const located = at();
    return { ...target, condition: { encoded: true, ...inFile('hcl-object', role, located.file), at: located } };
  }
  return writing === 'whole' ? { ...target, condition: { encoded: false, syntax: target.syntax, owner: target.owner, at: at() } } : target;
}

/**
 * The fix of the conditions of a statement whose `Condition` an interpolation writes whole (`FixTarget.condition`): the
 * Condition's value as it is to be, `conditions` (the owner's values not read yet) with the statement's conditions that
 * `keep` accepts where their values can be written out, which a description says how to write.
 */
function writtenConditionFix({ encoded, syntax, owner, at }: WrittenCondition, statement: Statement, conditions: FixCondition[], keep: (condition: ConditionEntry) => boolean): { snippet: string; note: string } {
  const writable = (entries: readonly PolicyValue[]): boolean => entries.every((entry) => typeof entry.value === 'string' && isKnownAtPlan(entry.value));
  const kept = statement.conditions.filter(keep);
  const copied = kept.every((condition) => !condition.unresolved && writable(condition.values));
  const carried = copied ? kept.map(({ operator, key, values }) => ({ operator, key, values: values.map((entry) => entry.value as string) })) : [];
  const all = conditionsFor(syntax, owner, joinedValues([...carried, ...conditions]));
  const written = `${at.file}:${at.startLine}`;
  const place = encoded ? `the object jsonencode() writes the statement's Condition of (its first operator at ${written})` : `the interpolation at ${written}:${at.startColumn} that writes the statement's Condition`;
  const others = kept.length === 0 ? '' : copied ? ', its other conditions kept' : "; copy the statement's other conditions into it, which deputy cannot write out";
  return { snippet: conditionValueSnippet(syntax, all), note: `: write this in place of ${place}${others}${syntaxNote(syntax, all, owner)}` };
}

/** The conditions with those on one operator and key (keys are case-insensitive) written as one, of all their values: an object holds a key once. */
function joinedValues(conditions: readonly FixCondition[]): FixCondition[] {
  const joined = new Map<string, FixCondition>();
  for (const condition of conditions) {
    const at = `${condition.operator}\u0000${condition.key.toLowerCase()}`;
    const before = joined.get(at);
    joined.set(at, before ? { ...before, values: [...new Set([...before.values, ...condition.values])] } : condition);
  }
  return [...joined.values()];
}

/** The JSON text of an included document (`source_policy_documents`, `override_policy_documents`) that gives a Terraform statement, if one does. */
function includedTextOf(role: Resource, doc: PolicyDocument, statement: Statement): IncludedText | undefined {
  if (!doc.writtenAsText) {
    const position = statement.path[doc.path.length + 1];
    return typeof position === 'number' ? includedTextAt(valueAt(role.properties, doc.path), position) : undefined;
  }
  const at = builtStatementAt(role, doc, statement);
  return at && includedTextAt(at.built, at.position);
}

/** The document deputy builds from a plan's policy document data source block, and the position in it of the statement's block. */
function builtStatementAt(role: Resource, doc: PolicyDocument, statement: Statement): { built: Value; position: number } | undefined {
  const built = role.builtPolicyDocument?.(doc.path);
  const statements = isObject(built) ? built.Statement : undefined;
  if (!Array.isArray(statements)) return undefined;
  const block = doc.locator.builtValue?.(statement.path);
  const position = block === undefined ? -1 : statements.indexOf(block);
  return position < 0 ? undefined : { built: built!, position };
}

function writtenTarget(role: Resource, doc: PolicyDocument, statement?: Statement): FixTarget {
  if (role.format === 'cloudformation') {
    // Fn::ToJsonString writes the text from a template value: the fix belongs in that value.
    const asText = doc.writtenAsText && role.writtenPolicy?.(doc.path) !== 'object';
    // Text a parameter or a mapping gives is used as it is: no ${...} the fix writes there resolves.
    const readFrom = asText ? role.textGivenBy?.(doc.path) : undefined;
    return { syntax: asText ? 'json-text' : role.syntax === 'json' ? 'json' : 'yaml', owner: UNKNOWN_OWNER_SOURCES, ...(readFrom ? { readFrom } : {}) };
  }
  if (doc.writtenAsText) {
    // A plan's statement of a policy document data source that a module's dynamic block made: the fix goes where a
    // scan of the .tf files writes it.
    const made = statement && madeStatementTarget(role, doc, statement);
    if (made) return made;
    // A plan's statement that a policy document data source read at plan time includes as JSON text or an object (a
    // file(), a heredoc, a jsonencode({...}) in source_policy_documents): the fix goes where a scan of the .tf files writes it.
    const fromIncluded = statement && includedTextTarget(role, doc, statement);
    if (fromIncluded) return fromIncluded;
    // A statement an interpolation of the policy's template writes out (`${jsonencode({...})}` in a heredoc): in that expression.
    if (statement && doc.locator.interpolationWriting?.(statement.path) === 'encoded') return inFileOf('hcl-object', role, doc, statement);
    // A plan holds every policy as text; its .tf files, or without them its configuration, may write it otherwise.
    const document = role.policyDocumentOf?.(doc.path);
    // The data source is one of the role's module instance: its folder declares what the fix reads.
    if (document !== undefined) return { syntax: document.syntax === 'json' ? 'tf-json-blocks' : 'hcl-blocks', document: document.address, owner: ownerSourcesIn(role, doc.locator.locate(doc.path).file) };
    const written = role.writtenPolicy?.(doc.path);
    // A statement a root variable's text gives whole where the template interpolates it (`[${var.statement}]`) is
    // located and fixed in that text, as a policy read whole from one is: it renders on the template's line, so it is
    // written on one line, as a quoted string, whose quotes the fix escapes.
    const statementVariable = statement && written !== 'object' && !role.address.startsWith('module.') ? doc.locator.variableReadAt?.(statement.path) : undefined;
    const syntax = written === 'object' ? 'hcl-object' : written === 'policy-document' ? 'hcl-blocks' : written === 'quoted-text' || statementVariable !== undefined ? 'hcl-quoted-text' : 'hcl-json-text';
    // A root module variable's default or the value set for it is text as written, which resolves no ${...} (a module's
    // variable is what its caller writes: a heredoc there resolves them, but not one a caller passes on from a variable file).
    const variable = statementVariable ?? (written !== 'object' && !role.address.startsWith('module.') ? role.locator.variableReadAt?.(doc.path) : undefined);
    const file = locatedFile(role, doc, statement);
    const setIn = written !== 'object' && VARIABLE_FILE.test(file) ? file.split(/[\\/]/).at(-1)! : undefined;
    if (variable !== undefined || setIn !== undefined) return { ...inFile(syntax, role, file), readFrom: { ...(variable !== undefined ? { variable } : {}), ...(setIn !== undefined ? { setIn } : {}), ...(file.endsWith('.json') ? { jsonSyntax: true } : {}) } };
    // JSON text a file() read gives whole, where no ${...} resolves, as in the file a policy document data source reads
    // (`writtenIncluded`); a templatefile() template renders them.
    if (written !== 'object' && role.locator.fileReadAt?.(doc.path) === file) return { ...inFile(syntax, role, file), readFrom: file };
    // Without its .tf files a plan does not tell how they are written.
    if (written === undefined && role.format === 'terraform-plan') return { syntax, owner: ownerSourcesIn(role, role.file) };
    const target = inFile(syntax, role, file);
    return written === 'object' ? inJsonValue(target, role, doc, statement) : target;
  }
  const built = valueAt(role.properties, doc.path);
  if (!isPolicyDocumentDataSource(built)) {
    return inJsonValue(inFileOf('hcl-object', role, doc, statement), role, doc, statement);
  }
  const position = statement?.path[doc.path.length + 1];
  const included = typeof position === 'number' ? includedStatementOf(built, position) : undefined;
  const written = included && writtenIncluded(included, role, doc, statement);
  if (written) return written;
  const document = included?.written === 'blocks' ? included.document : undefined;
  const named = (target: FixTarget): FixTarget => (document === undefined ? target : { ...target, document });
  return named((statement && madeStatementTarget(role, doc, statement)) || inFileOf('hcl-blocks', role, doc, statement));
}

/** Where a fix of a statement an included document writes as an object or as JSON text goes; undefined for another data source's blocks. */
function writtenIncluded(included: IncludedStatement, role: Resource, doc: PolicyDocument, statement: Statement | undefined): FixTarget | undefined {
  if (included.written === 'object') return inFileOf('hcl-object', role, doc, statement);
  if (included.written !== 'text') return undefined;
  const { readFrom } = included;
  // The file holds JSON text whatever the syntax of the module that reads it, whose data sources the fix reads.
  return readFrom ? { syntax: 'hcl-json-text', owner: ownerSourcesIn(role, readFrom.module), readFrom: readFrom.file } : inFileOf('hcl-json-text', role, doc, statement);
}

/**
 * `writtenIncluded` for a plan's statement (read with its `.tf` folder) of a policy the provider rendered from a policy
 * document data source read at plan time, where the document deputy builds from the data source's block takes it from
 * an included document.
 */
function includedTextTarget(role: Resource, doc: PolicyDocument, statement: Statement): FixTarget | undefined {
  const at = builtStatementAt(role, doc, statement);
  const included = at && includedStatementOf(at.built, at.position);
  return included && writtenIncluded(included, role, doc, statement);
}

/** The block a Terraform statement was built from (of a policy document data source): in the role's values, or beside a plan the one deputy builds. */
function statementBlockOf(role: Resource, doc: PolicyDocument, statement: Statement): Value | undefined {
  return doc.writtenAsText ? doc.locator.builtValue?.(statement.path) : valueAt(role.properties, statement.path);
}

/**
 * Where a fix goes for a statement a module's `dynamic "statement"` block made: the object its caller passes, where it
 * writes one; else the block's content, for every statement it makes. Undefined for a statement no dynamic block made.
 */
function madeStatementTarget(role: Resource, doc: PolicyDocument, statement: Statement): FixTarget | undefined {
  const block = statementBlockOf(role, doc, statement);
  const input = statementInputOf(block);
  if (input) return inputTarget(role, doc, input);
  const content = statementContentOf(block);
  return content && contentTarget(role, content);
}

/** A fix written as blocks into the content of the `dynamic "statement"` block that makes the statement, for every statement it makes. */
function contentTarget(role: Resource, content: NonNullable<FixTarget['content']>): FixTarget {
  const { file } = content.location;
  return { syntax: file.endsWith('.tf.json') ? 'tf-json-blocks' : 'hcl-blocks', owner: ownerSourcesIn(role, file), content };
}

/** A fix written into the object a module makes the statement's block of, in the module that writes it. */
function inputTarget(role: Resource, doc: PolicyDocument, input: StatementInput): FixTarget {
  // A statement of its own takes a key and a Sid that no entry and no statement of the policy has.
  const sids = doc.statements.flatMap(({ sid }) => (sid === undefined ? [] : [sid]));
  return { syntax: { input: { ...input, takenKeys: [...input.takenKeys, ...sids] } }, owner: ownerSourcesIn(role, input.file) };
}

/**
 * The fix as the file it goes into writes it, the one the finding points into: a `.tf` or a `.tf.json` file, and the
 * owner's data sources its module declares.
 */
function inFileOf(syntax: HclSyntax, role: Resource, doc: PolicyDocument, statement: Statement | undefined): FixTarget {
  return inFile(syntax, role, locatedFile(role, doc, statement));
}

/** `inFileOf` the file the finding points into, located already. */
function inFile<Syntax extends HclSyntax>(syntax: Syntax, role: Resource, file: string): FixTarget & { syntax: Syntax | (typeof IN_TERRAFORM_JSON)[Syntax] } {
  return { syntax: file.endsWith('.tf.json') ? IN_TERRAFORM_JSON[syntax] : syntax, owner: ownerSourcesIn(role, file) };
}

/**
 * The target of a fix into an object jsonencode reads, where the statement (else the policy) is an object a `.tf.json`
 * file writes (a local, a module argument): JSON there, not an expression in a string.
 */
function inJsonValue(target: FixTarget, role: Resource, doc: PolicyDocument, statement: Statement | undefined): FixTarget {
  return role.writtenPolicy?.(statement?.path ?? doc.path) === 'json-value' ? { ...target, syntax: 'tf-json-value' } : target;
}

/**
 * The file a finding on the statement (else on the policy) points into. A plan resource located in the plan alone needs
 * no location for it: locating a path inside a policy's text searches the plan's text for it.
 */
function locatedFile(role: Resource, doc: PolicyDocument, statement: Statement | undefined): string {
  if (locatedInPlanAlone(role)) return role.file;
  return doc.locator.locate(statement?.path ?? doc.statements[0]?.path ?? doc.path).file;
}

/** A plan resource its `.tf` files do not declare: every path of it is located in the plan. */
function locatedInPlanAlone(role: Resource): boolean {
  return role.format === 'terraform-plan' && role.writtenInFolder !== true;
}

/** A Terraform variable file: `terraform.tfvars`, `*.auto.tfvars.json`, one given with `--var-file`. */
const VARIABLE_FILE = /\.tfvars(\.json)?$/;

/** A condition of a fix. Values are strings holding markers (value.ts) for the owner's account, region and partition. */
export interface FixCondition {
  operator: string;
  key: string;
  values: string[];
}


/**
 * How the module a Terraform fix goes into reads the owner's values, by data source type: one it declares
 * (`data.aws_caller_identity.this`, `data.aws_region.current[0]` of one with a `count`), else the one the fix reads and
 * says to declare, `current` unless the module has a data source of that name that gives another value (another
 * provider's, a region named in it).
 */
export type OwnerSources = Readonly<Record<string, { reference: string; declared: boolean; provider?: string; unnamedProvider?: true }>>;

const OWNER_DATA_SOURCES = [...new Set(Object.values(TERRAFORM_OWNER).map(({ dataSource }) => dataSource))];

/** The owner's data sources of a module whose declarations deputy has not read (a plan without its `.tf` files). */
const UNKNOWN_OWNER_SOURCES: OwnerSources = Object.fromEntries(OWNER_DATA_SOURCES.map((type) => [type, { reference: `data.${type}.current`, declared: false }]));

function ownerSourcesIn(role: Resource, file: string): OwnerSources {
  const sources: Record<string, OwnerSources[string]> = {};
  for (const type of OWNER_DATA_SOURCES) {
    const declared = role.ownerDataSource?.(file, type);
    if (!declared) return UNKNOWN_OWNER_SOURCES;
    const { provider } = declared;
    sources[type] = declared.reference ? { reference: declared.reference, declared: true } : { reference: ownerDataSourceReference(type, declared), declared: false, ...(provider ? { provider } : {}), ...(declared.unnamedProvider ? { unnamedProvider: true as const } : {}) };
  }
  return sources;
}

/** The conditions as a fix in the syntax writes them: in Terraform, reading the owner's values where `owner` says. */
export function conditionsFor(syntax: FixSyntax, owner: OwnerSources, conditions: FixCondition[]): FixCondition[] {
  return isTerraformSyntax(syntax) ? readingOwner(conditions, owner) : conditions;
}

/** A condition's values with the owner's values as references to the data sources the module reads them from. */
function readingOwner(conditions: FixCondition[], owner: OwnerSources): FixCondition[] {
  const read = (value: string): string =>
    tokenize(value)
      .map((token) => {
        if ('literal' in token) return token.literal;
        const owned = token.kind === 'sym' ? ownEntry(TERRAFORM_OWNER, token.payload) : undefined;
        return owned ? refMarker(owner[owned.dataSource]!.reference, owned.attribute) : token.text;
      })
      .join('');
  return conditions.map((condition) => ({ ...condition, values: condition.values.map(read) }));
}

/** A marker-holding string as the text of a Terraform string template (markers become interpolations). */
function terraformTemplate(text: string): string {
  return tokenize(text)
    .map((token) => {
      if ('literal' in token) return token.literal.replace(/([$%])\{/g, (_match, sign: string) => `${sign}${sign}{`);
      return displayString(token.text);
    })
    .join('');
}

/** The one marker a string consists of, if it is nothing else. */
function soleMarker(text: string): Exclude<Token, { literal: string }> | undefined {
  const tokens = tokenize(text);
  return tokens.length === 1 && !('literal' in tokens[0]!) ? tokens[0] : undefined;
}

/**
 * A marker-holding string as an HCL expression: a bare reference when it is one reference (an owner value is one, see
 * `readingOwner`), else a quoted template.
 */
function hclExpression(text: string): string {
  const only = soleMarker(text);
  if (only?.kind === 'ref') return referenceText(only.payload);
  return JSON.stringify(terraformTemplate(text));
}

/** What CloudFormation `Ref`s for a string that is one owner value (`AWS::AccountId`) or one parameter. */
function cloudFormationRef(text: string): string | undefined {
  const only = soleMarker(text);
  return only?.kind === 'sym' || (only?.kind === 'ref' && !only.payload.includes('.')) ? displayString(text).slice(2, -1) : undefined;
}

/** The same value as CloudFormation YAML writes it: `!Ref AWS::AccountId`, `!Sub arn:${AWS::Partition}:...`, or the plain text. */
function cloudFormationYaml(text: string): string {
  const ref = cloudFormationRef(text);
  if (ref) return `!Ref ${ref}`;
  return tokenize(text).some((token) => !('literal' in token)) ? `!Sub ${displayString(text)}` : text;
}

function cloudFormationJson(text: string): unknown {
  const ref = cloudFormationRef(text);
  if (ref) return { Ref: ref };
  return tokenize(text).some((token) => !('literal' in token)) ? { 'Fn::Sub': displayString(text) } : text;
}

/**
 * Where a fix goes into a policy written as JSON text: `${AWS::...}` resolves only in an Fn::Sub, which a plain string
 * is not, and an Fn::Sub reads every other `${` of the text too.
 */
export const JSON_TEXT_NOTE = " (in the policy's JSON text, which must be an Fn::Sub for ${AWS::...} to resolve: write a plain string as !Sub (Fn::Sub), and each other ${ in it as ${!)";

/**
 * What the description adds so that the snippet works where it is pasted; `conditions` read the owner as `owner` says,
 * and `readFrom` is the file whose JSON text the snippet goes into, where Terraform reads it with `file()`.
 */
export function syntaxNote(syntax: FixSyntax, conditions: FixCondition[], owner: OwnerSources, readFrom?: TextSource, written?: WrittenValue): string {
  if (syntax === 'json-text') return readFrom === undefined ? JSON_TEXT_NOTE : givenTextNote(`${readFrom}`, conditions, written);
  if (syntax === 'yaml' || syntax === 'json') return '';
  if (typeof readFrom === 'object') return variableTextNote(readFrom, conditions);
  const read = referencesRead(conditions);
  // In the order the conditions read them.
  const readSources = new Set<string>();
  for (const payload of read) for (const type of OWNER_DATA_SOURCES) if (payload.startsWith(`${owner[type]!.reference}.`)) readSources.add(type);
  const undeclared = [...readSources].filter((type) => !owner[type]!.declared).map((type) => ({ type, name: owner[type]!.reference.split('.').at(-1)!, provider: owner[type]!.provider, unnamedProvider: owner[type]!.unnamedProvider }));
  const declarations = writtenInJson(syntax)
    ? [`"data": { ${undeclared.map(({ type, name, provider }) => `"${type}": { "${name}": {${provider ? ` "provider": "${provider}" ` : ''}} }`).join(', ')} }`]
    : undeclared.map(({ type, name, provider }) => `data "${type}" "${name}" {${provider ? ` provider = ${provider} ` : ''}}`);
  const provider6 = Object.values(TERRAFORM_OWNER).flatMap(({ dataSource, attribute, provider6: instead }) => {
    const { reference } = owner[dataSource]!;
    return instead && read.has(`${reference}.${attribute}`) ? [`${reference}.${instead} in place of ${reference}.${attribute}`] : [];
  });
  return (
    (readFrom === undefined ? inTextNote(syntax) : fileNote(readFrom)) +
    (undeclared.length > 0 ? `; it reads ${declarations.join(', ')}, declare ${undeclared.length === 1 ? 'it' : 'them'} where the module lacks ${undeclared.length === 1 ? 'it' : 'them'}` : '') +
    (undeclared.some(({ unnamedProvider }) => unnamedProvider)
      ? `, and give them the provider configuration the role is created with (\`provider = ...\`), which deputy cannot name in this module: its default one may deploy to another account or region`
      : '') +
    (provider6.length > 0 ? `; with AWS provider 6 read ${provider6.join(', ')}, which it deprecates` : '')
  );
}

/** What the conditions' values read (the payloads of their `ref` markers), each once, in the order they read it. */
function referencesRead(conditions: readonly FixCondition[]): Set<string> {
  const read = new Set<string>();
  for (const { values } of conditions) for (const value of values) for (const token of tokenize(value)) if (!('literal' in token) && token.kind === 'ref') read.add(token.payload);
  return read;
}

/**
 * Where a snippet goes into a CloudFormation policy's JSON text that a parameter or a mapping gives: CloudFormation
 * passes it as it is, never through Fn::Sub, so the `${...}` the conditions write would stay in the policy literally.
 */
function givenTextNote(from: string, conditions: FixCondition[], value?: WrittenValue): string {
  const passed = from.startsWith('parameter ') ? `, passed at deploy time` : '';
  const given = ` (in the JSON text of ${from}${passed}, which CloudFormation takes as it is, never through Fn::Sub: `;
  // A value the user writes (an external id), which in the template a parameter would hold: none can in that text.
  if (value) return `${given}a parameter's \${...} would stay there literally and match no request; write ${value.what} literally in that text in place of ${value.placeholder}, or write the policy in the template, as an object or an Fn::Sub, with ${value.holder} holding it)`;
  return `${given}${staysLiteral(interpolationsOf(conditions))}, or write the policy in the template, as an object or an Fn::Sub)`;
}

/** What a text taken as it is makes of the `${...}` the conditions' values write (`interpolationsOf`). */
function staysLiteral({ interpolations, one }: Interpolations): string {
  return `${interpolations} would stay there literally and match no request; ${writeLiterally(one)}`;
}

interface Interpolations {
  interpolations: string;
  one: boolean;
}

/** The `${...}` the conditions' values write (each once, as written), and whether there is one. */
function interpolationsOf(conditions: FixCondition[]): Interpolations {
  const written = [...new Set(conditions.flatMap(({ values }) => values.flatMap((value) => tokenize(value).flatMap((token) => ('literal' in token ? [] : [displayString(token.text)])))))];
  return { interpolations: written.length === 0 ? '${...}' : written.join(', '), one: written.length === 1 };
}

function writeLiterally(one: boolean): string {
  return `write ${one ? 'its value' : 'their values'} literally in that text`;
}

/**
 * A value only the user knows (the external id a partner issued), which a snippet writes as `placeholder` where no
 * parameter can give it (JSON text a parameter or a mapping gives): `what` it is, and the parameter (`holder`) that
 * holds it in a policy the template writes.
 */
export interface WrittenValue {
  placeholder: string;
  what: string;
  holder: string;
}

/**
 * Where a snippet goes into the JSON text a Terraform variable gives whole (its default, a tfvars value): the `${...}`
 * the conditions write never resolves there. A string of a `.tfvars.json` file, a default in a `.tf.json` file and a
 * value given on the command line are taken as they are, so they would stay in the policy literally; a `.tfvars` file
 * and a default in HCL hold constants, so Terraform refuses them ("Variables not allowed").
 */
function variableTextNote({ variable, setIn, jsonSyntax }: Exclude<TextSource, string>, conditions: FixCondition[]): string {
  const written = interpolationsOf(conditions);
  const { interpolations, one } = written;
  const instead = `or build the policy in the module with jsonencode(), where ${one ? 'it resolves' : 'they resolve'})`;
  // Through a module call, the root variable is not the one the role's module reads.
  const text = setIn === undefined ? `the JSON text of var.${variable}, its default or the value set for it` : `the JSON text ${setIn} sets ${variable === undefined ? 'a root variable' : `var.${variable}`} to`;
  if (jsonSyntax) return ` (in ${text}, which Terraform takes as it is: ${staysLiteral(written)}, ${instead}`;
  // The finding points into the default written in HCL, or at the attribute for a value given on the command line.
  if (setIn === undefined) return ` (in ${text}, where no \${...} resolves: Terraform refuses ${interpolations} in a default and takes a value given on the command line as it is; ${writeLiterally(one)}, ${instead}`;
  return ` (in ${text}, where Terraform refuses ${interpolations}: a variable file holds constants; ${writeLiterally(one)}, ${instead}`;
}

/** Where a snippet goes into JSON text that a policy document data source reads from a file. */
function fileNote(file: string): string {
  return ` (in the JSON text of ${file}, in which file() resolves no \${...}: read it with templatefile(), passing these values in its variables and writing their names, or write the values literally)`;
}

/** Where in the policy a Terraform snippet goes, when that is not plain from the snippet. */
function inTextNote(syntax: Exclude<FixSyntax, 'yaml' | 'json' | 'json-text'>): string {
  if (typeof syntax === 'object') {
    return ` (the module makes its statement blocks of objects passed to it: this is written as they are, with the keys the module reads${syntax.input.conditions === 'empty' ? `, in place of the empty ${syntax.input.condition.collection} the object writes` : ''})`;
  }
  switch (syntax) {
    case 'hcl-json-text':
      return " (in the policy's JSON text: ${...} resolves in a heredoc, not in file(); in a templatefile() template, pass these values in its variables and write their names)";
    case 'tf-json-object':
      return ' (in the jsonencode expression of the JSON string, its quotes escaped as the string writes them)';
    case 'tf-json-text':
      return " (in the policy's JSON text, its quotes escaped as the JSON string writes them: ${...} resolves in it)";
    case 'hcl-quoted-text':
      return " (in the policy's JSON text, its quotes escaped as the quoted string writes them: ${...} resolves in it)";
    default:
      return '';
  }
}

function hclList(values: string[]): string {
  return `[${values.map(hclExpression).join(', ')}]`;
}

/** Attributes aligned the way `terraform fmt` aligns consecutive ones. */
function alignedAttributes(entries: Array<[string, string]>, indent: string): string[] {
  const width = Math.max(...entries.map(([name]) => name.length));
  return entries.map(([name, value]) => `${indent}${name.padEnd(width)} = ${value}`);
}

function operatorsOf(conditions: FixCondition[]): Map<string, FixCondition[]> {
  const byOperator = new Map<string, FixCondition[]>();
  for (const condition of conditions) byOperator.set(condition.operator, [...(byOperator.get(condition.operator) ?? []), condition]);
  return byOperator;
}

/** The operators of a YAML `Condition` element, unindented. */
function yamlConditionLines(conditions: FixCondition[]): string[] {
  const lines: string[] = [];
  for (const [operator, entries] of operatorsOf(conditions)) {
    lines.push(`${operator}:`);
    for (const { key, values } of entries) {
      if (values.length === 1) lines.push(`  ${key}: ${cloudFormationYaml(values[0]!)}`);
      else lines.push(`  ${key}:`, ...values.map((value) => `    - ${cloudFormationYaml(value)}`));
    }
  }
  return lines;
}

/** The conditions in the given syntax: a `Condition` element, or `condition` blocks of aws_iam_policy_document. */
export function conditionSnippet(syntax: FixSyntax, conditions: FixCondition[]): string {
  if (typeof syntax === 'object') return inputConditions(syntax.input, conditions);
  switch (syntax) {
    case 'yaml':
      return ['Condition:', ...yamlConditionLines(conditions).map((line) => `  ${line}`)].join('\n');
    case 'hcl-blocks':
      return conditions.map((condition) => ['condition {', ...alignedAttributes(conditionArguments(CONDITION_BLOCK_KEYS, condition, hclList), '  '), '}'].join('\n')).join('\n\n');
    case 'hcl-object':
    case 'tf-json-object':
      return `Condition = ${conditionValueSnippet(syntax, conditions)}`;
    case 'tf-json-blocks':
      return `"condition": ${jsonCollection(jsonConditionEntries(conditions, CONDITION_BLOCK_KEYS), false)}`;
    case 'tf-json-text':
    case 'hcl-quoted-text':
      return `${inJsonString('"Condition":')}${conditionValueSnippet(syntax, conditions)}`;
    default:
      return `"Condition": ${conditionValueSnippet(syntax, conditions)}`;
  }
}

/** The syntaxes that write the conditions as the value of a `Condition` key, not as blocks. */
type ConditionValueSyntax = Exclude<FixSyntax, InputSyntax | 'hcl-blocks' | 'tf-json-blocks'>;

/** A `Condition` element's value without its key, as `conditionSnippet` writes the element (in YAML, unindented). */
function conditionValueSnippet(syntax: ConditionValueSyntax, conditions: FixCondition[]): string {
  switch (syntax) {
    case 'yaml':
      return yamlConditionLines(conditions).join('\n');
    case 'hcl-object':
      return ['{', ...alignedAttributes(hclConditionOperators(conditions), '  '), '}'].join('\n');
    case 'tf-json-object':
      return inJsonString(hclConditionObject(conditions));
    case 'tf-json-text':
    case 'hcl-quoted-text':
      return inJsonString(JSON.stringify(conditionObject('hcl-json-text', conditions)));
    default:
      return JSON.stringify(conditionObject(syntax, conditions), null, 2);
  }
}

/** The operators of an HCL `Condition` object and the object each holds. */
function hclConditionOperators(conditions: FixCondition[]): Array<[string, string]> {
  return [...operatorsOf(conditions)].map(([operator, entries]) => [
    operator,
    `{ ${entries.map(({ key, values }) => `${JSON.stringify(key)} = ${values.length === 1 ? hclExpression(values[0]!) : hclList(values)}`).join(', ')} }`,
  ]);
}

/** An HCL `Condition` object on one line, as a JSON string holds it. */
function hclConditionObject(conditions: FixCondition[]): string {
  return `{ ${hclConditionOperators(conditions).map(([operator, object]) => `${operator} = ${object}`).join(', ')} }`;
}

/** Text as a JSON string writes it, without its quotes: what goes into a `.tf.json` string. */
function inJsonString(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

function indented(text: string, by: string): string {
  return text.split('\n').map((line) => (line === '' ? line : by + line)).join('\n');
}

/** A block as a `.tf.json` file writes it: an object of its arguments, each value JSON text. */
function terraformJsonBlock(entries: Array<[string, string]>): string {
  return ['{', entries.map(([name, value]) => indented(`${JSON.stringify(name)}: ${value}`, '  ')).join(',\n'), '}'].join('\n');
}

/** Marker-holding strings as a `.tf.json` list of strings, which are templates (`${...}` for a reference). */
function terraformJsonList(values: readonly string[]): string {
  return `[${values.map((value) => JSON.stringify(terraformTemplate(value))).join(', ')}]`;
}

/** The keys a condition block is written with: the data source's own, or those a module reads from its objects. */
type ConditionKeys = Pick<StatementInput['condition'], 'test' | 'variable' | 'values'>;

const CONDITION_BLOCK_KEYS: ConditionKeys = { test: 'test', variable: 'variable', values: 'values' };

/** A condition as the arguments of its block, its values as `list` writes them. */
function conditionArguments(keys: ConditionKeys, { operator, key, values }: FixCondition, list: (values: string[]) => string): Array<[string, string]> {
  return [
    [keys.test, JSON.stringify(operator)],
    [keys.variable, JSON.stringify(key)],
    [keys.values, list(values)],
  ];
}

/** The name of a condition in a map of them, from its key, not taken yet (and then taken). */
function conditionName(condition: FixCondition, taken: Set<string>): string {
  return uniqueKey(alphanumeric(condition.key.split(':').at(-1)!), taken);
}

/**
 * Conditions as the entries of a `.tf.json` list of condition objects, or (with `taken` names) of an object of them by
 * name; `jsonCollection` writes the list or object around them.
 */
function jsonConditionEntries(conditions: FixCondition[], keys: ConditionKeys, taken?: Set<string>): string {
  return conditions
    .map((condition) => {
      const block = terraformJsonBlock(conditionArguments(keys, condition, terraformJsonList));
      return taken ? `${JSON.stringify(conditionName(condition, taken))}: ${block}` : block;
    })
    .join(',\n');
}

function jsonCollection(entries: string, keyed: boolean): string {
  return [keyed ? '{' : '[', indented(entries, '  '), keyed ? '}' : ']'].join('\n');
}

/** A principal as a `.tf.json` list of one principals object, with the keys given. */
function jsonPrincipals(principal: FixPrincipal, type = 'type', identifiers = 'identifiers'): string {
  return `[{ ${JSON.stringify(type)}: ${JSON.stringify(principal.type)}, ${JSON.stringify(identifiers)}: [${JSON.stringify(principal.value)}] }]`;
}

/**
 * The conditions as entries of the collection the module makes `condition` blocks of (a list, or a map by a name of
 * each); the whole attribute where the object writes none yet (or `whole`, for a statement of its own).
 */
function inputConditions(input: StatementInput, conditions: FixCondition[], whole = input.conditions !== 'some'): string {
  const { collection, keyed, takenKeys } = input.condition;
  const taken = new Set(takenKeys);
  if (input.json) {
    const entries = jsonConditionEntries(conditions, input.condition, keyed ? taken : undefined);
    return whole ? `${JSON.stringify(collection)}: ${jsonCollection(entries, keyed)}` : entries;
  }
  const entries = conditions.flatMap((condition) => {
    const attributes = alignedAttributes(conditionArguments(input.condition, condition, hclList), '  ');
    return keyed ? [`${conditionName(condition, taken)} = {`, ...attributes, '}'] : ['{', ...attributes, '},'];
  });
  return whole ? [`${collection} = ${keyed ? '{' : '['}`, ...entries.map((line) => `  ${line}`), keyed ? '}' : ']'].join('\n') : entries.join('\n');
}

/** Letters and digits only, each word capitalized: what a Sid allows, from a service or an ARN's parts. */
function alphanumeric(...words: string[]): string {
  return words.map((word) => word.replace(/[^A-Za-z0-9]/g, '')).map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('');
}

/** The syntax for a statement of its own, which writes its conditions whole whatever the statement it leaves writes. */
export function ownStatementSyntax(syntax: FixSyntax): FixSyntax {
  if (typeof syntax !== 'object') return syntax;
  // Where the module does not take another statement as an object, it takes one as a block of its data source.
  return syntax.input.statement ? { input: { ...syntax.input, conditions: 'none' } } : 'hcl-blocks';
}

/**
 * How a fix's conditions go into a statement: added as its `Condition`, merged into the one it has, or written in place
 * of the `AWS::NoValue` (an `Fn::If` branch, in this deployment) that leaves out the `Condition` the template writes,
 * since a `Condition` added beside that one would be the statement's second. A merge names, for the same reason, the
 * operators (`StringEquals: !If [C, {...}, !Ref AWS::NoValue]`) and operator keys of the fix that the Condition writes
 * but an `AWS::NoValue` leaves out: what the fix writes under them goes in place of it. Where an interpolation writes the
 * `Condition` whole (`FixTarget.condition`), its value is written anew in place of what writes it.
 */
export type ConditionEdit = { kind: 'add' } | { kind: 'no-value' } | { kind: 'merge'; leftOut: readonly string[] } | { kind: 'written'; condition: WrittenCondition };

export function conditionEdit(role: Resource, statement: Statement, conditions: ReadonlyArray<Pick<FixCondition, 'operator' | 'key'>>, condition?: WrittenCondition): ConditionEdit {
  if (condition) return { kind: 'written', condition };
  const { conditionPath } = statement;
  if (!conditionPath) return { kind: role.writesKey?.([...statement.path, 'Condition']) ? 'no-value' : 'add' };
  const written = valueAt(role.properties, conditionPath);
  if (!isObject(written)) return { kind: 'merge', leftOut: [] };
  const leftOut = new Set<string>();
  for (const { operator, key } of conditions) {
    const block = written[operator];
    if (block === undefined && role.writesKey?.([...conditionPath, operator])) leftOut.add(operator);
    else if (isObject(block) && block[key] === undefined && role.writesKey?.([...conditionPath, operator, key])) leftOut.add(`${operator} ${key}`);
  }
  return { kind: 'merge', leftOut: [...leftOut] };
}

/** The conditions as the edit writes them: in place of an `AWS::NoValue`, the value of the `Condition` element without its key. */
export function editedConditionSnippet(syntax: FixSyntax, edit: ConditionEdit, conditions: FixCondition[]): string {
  if (edit.kind === 'no-value' && (syntax === 'yaml' || syntax === 'json')) return conditionValueSnippet(syntax, conditions);
  return conditionSnippet(syntax, conditions);
}

/**
 * The snippet of an edit of a statement's conditions and what the fix's description says after what it fixes: `fixed`,
 * the fix's conditions (the owner's values not read yet), as the target writes them. A `written` edit keeps the
 * statement's conditions that `keep` accepts.
 */
export function editedConditions(target: FixTarget, edit: ConditionEdit, statement: Statement, fixed: FixCondition[], keep: (condition: ConditionEntry) => boolean): { snippet: string; note: string } {
  if (edit.kind === 'written') return writtenConditionFix(edit.condition, statement, fixed, keep);
  const { syntax, owner, content, readFrom } = target;
  const conditions = conditionsFor(syntax, owner, fixed);
  return { snippet: editedConditionSnippet(syntax, edit, conditions), note: contentNote(content, 'conditions') + syntaxNote(syntax, conditions, owner, readFrom) };
}

/**
 * What a fix's description says to do for the edit, before `the statement ...`; `replacing` names the conditions of the
 * statement a merge, or a Condition written anew, replaces, and `added` counts those the latter adds where it replaces none.
 */
export function conditionEditAction(edit: ConditionEdit, added: number, replacing?: string): string {
  if (edit.kind === 'written') return replacing ? `Replace the ${replacing} of` : `Add ${added === 1 ? 'this condition' : 'these conditions'} to the Condition of`;
  if (edit.kind === 'add') return 'Add this Condition to';
  if (edit.kind === 'no-value') return 'Write this in place of the AWS::NoValue that leaves out the Condition of';
  const action = replacing ? `Replace the ${replacing}` : 'Merge this into the Condition';
  if (edit.leftOut.length === 0) return `${action} of`;
  const under = edit.leftOut.map((place) => `under ${place}`).join(' and ');
  return `${action} (what it writes ${under} in place of the AWS::NoValue that leaves out ${edit.leftOut.length === 1 ? 'the one' : 'each'} written there) of`;
}

function conditionObject(syntax: 'json' | 'json-text' | 'hcl-json-text' | 'tf-json-value', conditions: FixCondition[]): Record<string, Record<string, unknown>> {
  const write = (text: string): unknown => (syntax === 'json' ? cloudFormationJson(text) : syntax === 'json-text' ? displayString(text) : terraformTemplate(text));
  const condition: Record<string, Record<string, unknown>> = {};
  for (const { operator, key, values } of conditions) {
    condition[operator] = { ...condition[operator], [key]: values.length === 1 ? write(values[0]!) : values.map(write) };
  }
  return condition;
}

/** One principal a statement of a fix trusts: a service, or every AWS principal (`"*"`, which YAML must quote). */
export interface FixPrincipal {
  type: 'Service' | 'AWS';
  value: string;
}

/** A statement of its own that trusts the principal with the conditions. */
function statementSnippet(syntax: FixSyntax, principal: FixPrincipal, conditions: FixCondition[], actions: readonly string[] = ['sts:AssumeRole']): string {
  const indent = (text: string, by: string): string[] => indented(text, by).split('\n');
  if (typeof syntax === 'object') {
    const { keyed, takenKeys, statement } = syntax.input;
    if (!statement) return statementSnippet(ownStatementSyntax(syntax), principal, conditions, actions);
    // One name, not held by another entry or Sid, for the map key and the Sid.
    const name = uniqueKey(statementKey(principal), new Set(takenKeys));
    const { list, type, identifiers } = statement.principals;
    const named: Array<[string, string]> = [...(statement.effect ? [[statement.effect, '"Allow"'] as [string, string]] : []), ...(statement.sid ? [[statement.sid, JSON.stringify(name)] as [string, string]] : [])];
    if (syntax.input.json) {
      const { condition } = syntax.input;
      const block = terraformJsonBlock([
        ...named,
        [statement.actions, terraformJsonList(actions)],
        ...statement.others,
        [list, jsonPrincipals(principal, type, identifiers)],
        [condition.collection, jsonCollection(jsonConditionEntries(conditions, condition, condition.keyed ? new Set(condition.takenKeys) : undefined), condition.keyed)],
      ]);
      return keyed ? `${JSON.stringify(name)}: ${block}` : block;
    }
    return [
      keyed ? `${name} = {` : '{',
      ...alignedAttributes([...named, [statement.actions, hclList([...actions])], ...statement.others], '  '),
      `  ${list} = [`,
      '    {',
      ...alignedAttributes([[type, JSON.stringify(principal.type)], [identifiers, `[${JSON.stringify(principal.value)}]`]], '      '),
      '    },',
      '  ]',
      ...indent(inputConditions(syntax.input, conditions, true), '  '),
      keyed ? '}' : '},',
    ].join('\n');
  }
  switch (syntax) {
    case 'yaml': {
      const value = principal.value === '*' ? '"*"' : principal.value;
      const action = actions.length === 1 ? actions[0]! : `[${actions.join(', ')}]`;
      return ['- Effect: Allow', '  Principal:', `    ${principal.type}: ${value}`, `  Action: ${action}`, ...indent(conditionSnippet(syntax, conditions), '  ')].join('\n');
    }
    case 'json':
    case 'json-text':
    case 'hcl-json-text':
    case 'tf-json-value':
      return JSON.stringify({ Effect: 'Allow', Principal: { [principal.type]: principal.value }, Action: actions.length === 1 ? actions[0] : actions, Condition: conditionObject(syntax, conditions) }, null, 2);
    case 'hcl-blocks':
      return [
        'statement {',
        `  actions = ${hclList([...actions])}`,
        '',
        '  principals {',
        ...alignedAttributes([['type', JSON.stringify(principal.type)], ['identifiers', `[${JSON.stringify(principal.value)}]`]], '    '),
        '  }',
        '',
        ...indent(conditionSnippet(syntax, conditions), '  '),
        '}',
      ].join('\n');
    case 'hcl-object': {
      const [first, ...rest] = conditionSnippet(syntax, conditions).split('\n');
      return [
        '{',
        ...alignedAttributes([...hclStatementHead(principal, actions), ['Condition', first!.replace(/^Condition = /, '')]], '  '),
        ...rest.map((line) => `  ${line}`),
        '}',
      ].join('\n');
    }
    case 'tf-json-blocks':
      return [
        '"statement": [',
        indented(
          terraformJsonBlock([
            ['actions', terraformJsonList(actions)],
            ['principals', jsonPrincipals(principal)],
            ['condition', jsonCollection(jsonConditionEntries(conditions, CONDITION_BLOCK_KEYS), false)],
          ]),
          '  ',
        ),
        ']',
      ].join('\n');
    case 'tf-json-object':
      return inJsonString(`{ ${[...hclStatementHead(principal, actions), ['Condition', hclConditionObject(conditions)]].map(([name, value]) => `${name} = ${value}`).join(', ')} }`);
    case 'tf-json-text':
    case 'hcl-quoted-text':
      return inJsonString(JSON.stringify({ Effect: 'Allow', Principal: { [principal.type]: principal.value }, Action: actions.length === 1 ? actions[0] : actions, Condition: conditionObject('hcl-json-text', conditions) }));
  }
}

/** The effect, principal and actions of a statement as an HCL object writes them. */
function hclStatementHead(principal: FixPrincipal, actions: readonly string[]): Array<[string, string]> {
  return [['Effect', '"Allow"'], ['Principal', `{ ${principal.type} = ${JSON.stringify(principal.value)} }`], ['Action', actions.length === 1 ? hclExpression(actions[0]!) : hclList([...actions])]];
}

/**
 * The key of a statement of its own in a map of statements, from what it trusts (a module may make its Sid of the key,
 * which allows letters and digits only): `SageMaker` for a service, the account and name for an AWS principal.
 */
function statementKey(principal: FixPrincipal): string {
  const words = principal.type === 'Service' ? [principal.value.split('.')[0]!] : principal.value === '*' ? ['AnyPrincipal'] : principal.value.split(/[:/]/).slice(4).filter((part) => part !== 'root' && part !== 'user' && part !== 'role');
  return alphanumeric('Trust', ...words);
}

/**
 * The exact fix for a trust statement: the source conditions built from the owner's account and region and the
 * source ARNs of the role's SageMaker users (RULES.md format table). Added to the statement when it trusts only
 * this service; a statement of its own when it also trusts others (the conditions would refuse them) or when
 * no statement trusts the service.
 */
export function sourceConditionFix(graph: ResourceGraph, role: Resource, doc: PolicyDocument, service: ServiceInfo, now: number, statement?: Statement): Fix {
  const target = fixTarget(role, doc, statement);
  const { content } = target;
  const summary = roleUsesSummary(graph, role, service, doc, statement);
  // The rest comes from the statement, which documents of one policy text share: the fix is written once per
  // statement for each syntax, owner's data sources and service (and role, when no statement trusts the service), and each role's uses.
  const { refused, sharing } = statement ? othersSharing(graph, role, doc, statement, service) : { refused: [], sharing: 1 };
  // Another statement may already let the service in as the fix would, in each role the statement is written for.
  const covered =
    statement && !content
      ? coveringForEveryRole(graph, { role, doc, statement }, `service\u0000${service.principal}`, (one) => coveringSourceStatement(one.role, one.doc, one.statement, service, (one.role === role ? summary : roleUsesSummary(graph, one.role, service, one.doc, one.statement)).sources, now))
      : undefined;
  const at = covered && doc.locator.locate(covered.covering.path);
  // The whole target: a field it gains then tells fixes apart without being listed here.
  const key = JSON.stringify([target, service.principal, partitionOfRegion(role.region) ?? '', service.arnService, service.sendsSourceArn, service.sendsSourceAccount, statement ? '' : nameOf(role), at ? locationKey(at) : '', sharing]);
  const fix = rememberedFix(statement ?? doc.statements, key, summary, (sources) => writeSourceConditionFix(target, role, service, sources, statement, at && { at, sharing }));
  // Taken out of the statement, the service leaves the other principals it trusts as they were.
  if (refused.length === 0 || covered) return fix;
  const roles = [...new Set(refused.map(({ address }) => address))];
  const principals = [...new Set(refused.flatMap(({ principals }) => principals))];
  return {
    ...fix,
    // Every role the statement is written for counts, those that trust this service too.
    description: `${fix.description}; this statement ${WRITTEN_ONCE_FOR} ${sharing} roles, and for ${someOf(roles)} it trusts ${someOf(principals)}, which these ${service.arnService} conditions would refuse: write what differs from what tells them apart (the loop's item, each.key, a module input), or give each its own`,
  };
}

/**
 * Another Allow statement of the policy that already lets the service in as the fix would, where the statement is the
 * service's only way in that fails to pin the source: with the service out of the statement, the policy still lets in
 * the owner's request of the service for each action the statement gives it and each source ARN the fix writes, and
 * no longer lets the service in on behalf of another account (`coveringStatement`).
 */
function coveringSourceStatement(role: Resource, doc: PolicyDocument, statement: Statement, service: ServiceInfo, { resourceParts, regions }: UsesSources, now: number): Statement | undefined {
  const own = service.principal.toLowerCase();
  // The owner's region the fix writes as a symbol is the role's, where the input tells it (a provider's region), as its policy reads it.
  const presented = role.region === undefined ? regions : regions.map((region) => (region === OWNER_REGION ? role.region! : region));
  // The role's own keys (its account, its tags) as requests on it carry them, and the accounts the owner's is not; the
  // owner's partition, where the role's region tells it, is one a policy may write out (`arn:aws:`) or read (`ownerRoleFacts`).
  const facts = roleFacts({ role, doc });
  const owned = ownerRoleFacts({ role, doc });
  return coveringStatement(doc, statement, {
    caller: { type: 'Service', principal: service.principal },
    without: (set) => withProperties(set, { Service: set.Service.filter((entry) => typeof entry.value !== 'string' || entry.value.toLowerCase() !== own) }),
    owner: () => ownerServiceProbes(service, sourceArns(service, resourceParts, presented), now, owned),
    open: (rest) => foreignServiceAllowed(rest, service, now, facts).allowed !== false,
  });
}

/**
 * What a fix that takes a principal out of a statement must keep and must shut: `without` the principal set with the
 * principal taken out; the requests of `owner` (made by `caller`) the policy must still let in, for each action of the
 * statement; and whether the policy left is still `open` to what the fix shuts out.
 */
export interface Removal {
  caller: ProbeCaller;
  without: (set: PrincipalSet) => PrincipalSet;
  owner: () => readonly Probe[];
  open: (rest: PolicyDocument) => boolean;
}

/**
 * Another Allow statement of the policy that already lets in, as the fix would, the principal the fix is for: with the
 * principal out of the statement, the policy still lets in each of the owner's requests for each action the statement
 * gives, and is no longer open. A principal two Allow statements name is let in where either lets it in, so the fix
 * takes the principal out of the statement (or the statement out, where it trusts nothing else) rather than writing
 * it a second statement with the same conditions, or the same conditions into a second statement. None where no other
 * Allow statement may apply to the owner's requests (most policies: nothing is evaluated), or where the statement's
 * actions are not all known.
 */
export function coveringStatement(doc: PolicyDocument, statement: Statement, { caller, without, owner, open }: Removal): Statement | undefined {
  const actions = statement.action;
  if (statement.effect !== 'Allow' || !statement.principal || !actions || statement.notAction) return undefined;
  if (!doc.statements.some((other) => other !== statement && other.effect === 'Allow' && principalApplies(other, caller) !== false)) return undefined;
  if (!actions.every((entry) => typeof entry.value === 'string' && isKnownAtPlan(entry.value))) return undefined;
  const principal = without(statement.principal);
  // The statement keeps its place: statements are read by their position.
  const rest = withProperties(doc, { statements: doc.statements.map((other) => (other === statement ? withProperties(statement, { principal }) : other)) });
  let covering: Statement | undefined;
  for (const probe of owner()) {
    for (const { value } of actions) {
      const decision = decide(rest, probe, value as string);
      if (decision.allowed !== true) return undefined;
      covering ??= decision.allowing[0];
    }
  }
  return covering && !open(rest) ? covering : undefined;
}

/**
 * The fix that takes a principal out of a statement (the statement out, where it trusts nothing else) that the
 * statement at `covering` already trusts as the fix would (`how`): the snippet is the principal as the statement writes it.
 */
export function removalFix(syntax: FixSyntax, document: string | undefined, statement: Statement, principal: FixPrincipal, scope: string, how: string, covering: SourceLocation, sharing: number): Fix {
  // A Principal "*" trusts nothing else.
  const others = statement.principal?.any ? [] : otherPrincipals(statement, principal);
  const each = sharing > 1 ? `; this statement ${WRITTEN_ONCE_FOR} ${sharing} roles, and another of each one's statements does so for it too` : '';
  const already = `the statement at ${covering.file}:${covering.startLine}:${covering.startColumn} already ${how}${scope}, for each action this one gives it${each}`;
  const shown = principal.type === 'AWS' && principal.value === '*' ? '{"AWS": "*"}' : principal.value;
  const description =
    others.length > 0
      ? `Remove ${shown} from the principals of the statement${ofDocument(document)}, which also trusts ${someOf(others)}: ${already}`
      : `Remove the statement${ofDocument(document)} that trusts ${shown}: ${already}`;
  return { description, snippet: principalSnippet(syntax, principal.value) };
}

/** A principal's value as the syntax writes it in a list of them: plain in YAML, else a string, escaped inside a `.tf.json` string. */
function principalSnippet(syntax: FixSyntax, value: string): string {
  if (syntax === 'yaml') return value === '*' ? '"*"' : value;
  return syntax === 'tf-json-text' || syntax === 'hcl-quoted-text' || syntax === 'tf-json-object' ? inJsonString(JSON.stringify(value)) : JSON.stringify(value);
}

/**
 * The other roles whose trust policy holds this very statement text (a `for_each`, `count` or module instance), where
 * it trusts other principals than the service the fix is for (another service, an account, a federated provider):
 * their requests carry no source of this service, and conditions written there for it refuse them.
 */
function othersSharing(graph: ResourceGraph, role: Resource, doc: PolicyDocument, statement: Statement, service: ServiceInfo): { refused: Array<{ address: string; principals: string[] }>; sharing: number } {
  const key = textKey(role, doc, statement);
  if (key === undefined) return { refused: [], sharing: 1 };
  const own = displayString(service.principal).toLowerCase();
  const text = statementsByText(graph).get(key);
  if (!text) return { refused: [], sharing: 1 };
  let refusing = text.refusing.get(own);
  if (!refusing) {
    const refused: Array<{ address: string; principals: string[] }> = [];
    for (const shared of text.entries) {
      const partition = partitionOfRegion(shared.role.region);
      if (shared.services.some((other) => sameServicePrincipal(other, own, partition))) continue;
      const principals = [...shared.services, ...shared.others];
      if (principals.length > 0) refused.push({ address: shared.role.address, principals });
    }
    text.refusing.set(own, (refusing = { refused, addresses: new Set(refused.map(({ address }) => address)) }));
  }
  // The text's other roles: the list of them all, unless this role is in it.
  const refused = refusing.addresses.has(role.address) ? refusing.refused.filter(({ address }) => address !== role.address) : refusing.refused;
  return { refused, sharing: rolesWriting(role, text) };
}

/** A statement of a role's trust policy. */
interface RoleStatement {
  role: Resource;
  doc: PolicyDocument;
  statement: Statement;
}

/**
 * The statement of this role's policy that already lets in, as a fix would, the principal the fix takes out of the
 * statement (`cover`, one answer per statement and `kind` of fix), where every role the statement's text is written for
 * (a `for_each`, `count` or module instance) has one too: the principal goes out of the text for all of them, so a
 * role left without another way in keeps the fix that writes conditions. With how many roles the text is written for.
 */
export function coveringForEveryRole(graph: ResourceGraph, own: RoleStatement, kind: string, cover: (one: RoleStatement) => Statement | undefined): { covering: Statement; sharing: number } | undefined {
  const covered = (one: RoleStatement): Statement | undefined => {
    let byStatement = coverings.get(one.role);
    if (!byStatement) coverings.set(one.role, (byStatement = new WeakMap()));
    let byKind = byStatement.get(one.statement);
    if (!byKind) byStatement.set(one.statement, (byKind = new Map()));
    let found = byKind.get(kind);
    if (found === undefined) byKind.set(kind, (found = cover(one) ?? null));
    return found ?? undefined;
  };
  const key = textKey(own.role, own.doc, own.statement);
  const text = key === undefined ? undefined : statementsByText(graph).get(key);
  // By role as well: documents read from one policy text share their statements (a plan beside its .tf folder), so
  // the other roles' entries may hold this very statement object.
  const alone = !text || text.entries.every((one) => one.role === own.role && one.statement === own.statement);
  // Remembered only where other roles' fixes ask again (a plan read alone shares no text).
  const covering = alone ? cover(own) : covered(own);
  if (!covering) return undefined;
  if (text && !alone) {
    // With this role's statement covered, every other one is when every one of the text is: asked once per text and kind.
    let every = text.covered.get(kind);
    if (every === undefined) text.covered.set(kind, (every = text.entries.every((one) => covered(one) !== undefined)));
    if (!every) return undefined;
  }
  return { covering, sharing: text ? rolesWriting(own.role, text) : 1 };
}

/** How many roles a statement's text is written for: the role and those of the entries of that text. */
function rolesWriting(role: Resource, text: SharedText): number {
  return text.roles.size + (text.roles.has(role.address) ? 0 : 1);
}

/** Covering statements by the role, the statement a fix takes a principal out of, and the kind of fix (`coveringForEveryRole`); null for none. */
const coverings = new WeakMap<Resource, WeakMap<Statement, Map<string, Statement | null>>>();

/** A trust statement of a role: the services it trusts, and the other principals (accounts, roles, providers, `*`). */
interface SharedStatement extends RoleStatement {
  services: string[];
  others: string[];
}

/**
 * The trust statements written at one place, each with its role and the principals it trusts, and what each role's fix
 * asks of all of them, found once for the text (a module called thousands of times makes thousands of roles of one text).
 */
interface SharedText {
  entries: SharedStatement[];
  /** The addresses of the roles the text is written for. */
  roles: Set<string>;
  /** By a service's principal (lowercase): the entries' roles that do not trust it but trust others, with those principals, and their addresses. */
  refusing: Map<string, { refused: Array<{ address: string; principals: string[] }>; addresses: ReadonlySet<string> }>;
  /** By kind of fix (`coveringForEveryRole`): whether every entry has a covering statement. */
  covered: Map<string, boolean>;
}

/** The trust statements of the graph by where their text is written. */
function statementsByText(graph: ResourceGraph): ReadonlyMap<string, SharedText> {
  let byText = sharedStatements.get(graph);
  if (!byText) {
    const found = new Map<string, SharedText>();
    for (const { holder, doc } of graph.heldPolicies()) {
      if (doc.kind !== 'trust') continue;
      for (const statement of doc.statements) {
        const key = textKey(holder, doc, statement);
        if (key === undefined) continue;
        const { principal } = statement;
        const entry: SharedStatement = { role: holder, doc, statement, services: shown(principal?.Service), others: [...(principal?.any ? ['*'] : []), ...shown(principal?.AWS), ...shown(principal?.Federated)] };
        const text = found.get(key);
        if (text) {
          text.entries.push(entry);
          text.roles.add(holder.address);
        } else found.set(key, { entries: [entry], roles: new Set([holder.address]), refusing: new Map(), covered: new Map() });
      }
    }
    sharedStatements.set(graph, (byText = found));
  }
  return byText;
}

/** The written values of principal entries, as messages show them. */
function shown(entries: readonly PolicyValue[] | undefined): string[] {
  return (entries ?? []).flatMap((entry) => (typeof entry.value === 'string' ? [displayString(entry.value)] : []));
}

/** How a fix says that its place is written once for several resources; the engine adds no second note to one that does. */
export const WRITTEN_ONCE_FOR = 'is written once for';

/** Whether a fix's description already says its place is written once for several resources. */
export function notesSharedPlace(description: string): boolean {
  return description.includes(` ${WRITTEN_ONCE_FOR} `);
}

const sharedStatements = new WeakMap<ResourceGraph, ReadonlyMap<string, SharedText>>();

/**
 * The fix for Deny statements that refuse the request the service makes for the role's users where the Allow
 * statements let it in: conditions on aws:SourceArn that such a request fails, so that the Deny no longer applies to it
 * (and still applies where it did to any other request, one without the key included, since a Deny's conditions are
 * ANDed); or the Deny removed. Patterns go into an `ArnNotLike`; a source ARN presented with an asterisk in it (the
 * literal `arn:...:*` of inference and Studio) into a `StringNotEquals`, which exempts that text alone, where
 * `ArnNotLike` would read the asterisk as a wildcard and exempt every source ARN of the account.
 */
export function denyExemptionFix(graph: ResourceGraph, role: Resource, doc: PolicyDocument, service: ServiceInfo, denies: readonly Statement[]): Fix {
  const target = fixTarget(role, doc, denies.length === 1 ? denies[0] : undefined);
  const { syntax, document, owner, condition } = target;
  const summary = roleUsesSummary(graph, role, service, doc, denies.length === 1 ? denies[0] : undefined);
  const exempting = exemptionConditions(service, summary.sources.exemptions, summary.sources.regions);
  const conditions = conditionsFor(syntax, owner, exempting);
  const edit = denies.length > 1 ? undefined : conditionEdit(role, denies[0]!, conditions, condition);
  // Conditions whose operator a Deny already has on the key take the values into it: YAML and JSON cannot hold the key
  // twice. A Condition written anew keeps its conditions, those on the same operator and key taking the values.
  const extended = conditions.filter(({ operator }) => denies.some((deny) => deny.conditions.some((condition) => condition.operator === operator && condition.key.toLowerCase() === 'aws:sourcearn'))).map(({ operator }) => operator);
  const shape = !edit ? 'several' : extended.length === conditions.length ? 'extending' : edit;
  const key = JSON.stringify([target, service.principal, service.arnService, shape, edit?.kind, extended]);
  return rememberedFix(denies[0]!, key, summary, ({ exemptions, regionNote }) => {
    const principal = displayString(service.principal);
    const operators = (names: readonly string[], joiner: string) => `${names.join(joiner)} aws:SourceArn`;
    const action = (scope: string): string => {
      const refusing = `${ofDocument(document)} that refuses ${principal}${scope}`;
      return shape === 'several'
        ? `Merge this into the Condition of each Deny statement${refusing} (adding the values to the ${operators(conditions.map(({ operator }) => operator), ' or ')} of one that has it), so that its request passes, or remove them`
        : shape === 'extending'
          ? `Add these values to the ${operators(extended, ' and the ')} of the Deny statement${refusing}, so that its request passes, or remove the statement`
          : `${conditionEditAction(shape, conditions.length)} the Deny statement${refusing}${extended.length > 0 ? ` (adding the values to its ${operators(extended, ' and ')})` : ''}, so that its request passes, or remove the statement`;
    };
    // Into several statements, or into what a Deny has, the conditions are merged; a Condition written anew is written whole.
    const { snippet, note } = editedConditions(target, edit?.kind === 'written' ? edit : typeof shape === 'string' ? { kind: 'merge', leftOut: [] } : shape, denies[0]!, exempting, () => true);
    const after = exemptionNote(exemptions) + note + regionNote;
    return (scope) => ({ description: action(scope) + after, snippet });
  });
}

/** The conditions that exempt the source ARNs from a Deny: `ArnNotLike` for the patterns, `StringNotEquals` for the literals. */
function exemptionConditions(service: ServiceInfo, { patterns, literals }: Exemptions, regions: readonly string[]): FixCondition[] {
  return [
    ...(patterns.length > 0 ? [{ operator: 'ArnNotLike', key: 'aws:SourceArn', values: sourceArns(service, patterns, regions) }] : []),
    ...(literals.length > 0 ? [{ operator: 'StringNotEquals', key: 'aws:SourceArn', values: sourceArns(service, literals, regions) }] : []),
  ];
}

/** What the description says of the values: why a literal is compared as text, or that a pattern exempts the whole account. */
function exemptionNote({ patterns, literals }: Exemptions): string {
  if (patterns.includes('*')) return '; its * is a wildcard that exempts every source ARN of this account, which a use whose source ARN is not known needs (the steps of a pipeline whose definition is not in the input may present any)';
  if (literals.length > 0) return '; StringNotEquals exempts the source ARN with its literal * alone, where ArnNotLike would read the * as a wildcard and exempt every source ARN of this account';
  return '';
}

/**
 * What the role's uses give a fix for the service: SageMaker's source ARNs and the resources they cover; for a service
 * whose roles are used account-wide by design, its source ARNs in any region.
 */
function roleUsesSummary(graph: ResourceGraph, role: Resource, service: ServiceInfo, doc: PolicyDocument, statement?: Statement): UsesSummary {
  if (service.accountWideRoles !== undefined) return accountWideSummary(service.accountWideRoles);
  return service.arnService === 'sagemaker' ? usesSummary(usesOfText(graph, role, doc, statement)) : NO_USES;
}

/** One summary for each reason a service's roles are account-wide: fixes are remembered by their summary. */
const accountWideSummaries = new Map<string, UsesSummary>();

function accountWideSummary(reason: string): UsesSummary {
  let summary = accountWideSummaries.get(reason);
  if (!summary) accountWideSummaries.set(reason, (summary = { users: [], sources: usesSources(NO_USES.sources.resourceParts, [ANY_REGION], anyRegionNote(reason), NO_USES.sources.exemptions) }));
  return summary;
}

/**
 * The SageMaker uses of every role whose trust policy holds the text the fix goes into (the statement, else the
 * document): a statement written once for several roles (a Terraform `for_each` or `count`, a module called more than
 * once, a policy document data source or local value several roles read, a CloudFormation `Fn::ForEach` fragment)
 * makes each of those roles, so the fix must let in the uses of each; roles of one declaration whose statements are
 * written apart (a map of policies `for_each` reads) keep their own. One array for all of them: their fixes are the same.
 */
function usesOfText(graph: ResourceGraph, role: Resource, doc: PolicyDocument, statement?: Statement): readonly SageMakerUse[] {
  const key = textKey(role, doc, statement);
  return (key !== undefined && usesByText(graph).get(key)) || sageMakerUsesOf(graph, role);
}

function usesByText(graph: ResourceGraph): ReadonlyMap<string, readonly SageMakerUse[]> {
  let byText = textUses.get(graph);
  if (!byText) {
    const found = new Map<string, SageMakerUse[]>();
    const usesByRole = sageMakerUsesByRole(graph);
    for (const { holder, doc } of graph.heldPolicies()) {
      const uses = doc.kind === 'trust' ? usesByRole.get(holder) : undefined;
      if (!uses) continue;
      const keys = new Set([textKey(holder, doc), ...doc.statements.map((statement) => textKey(holder, doc, statement))]);
      for (const key of keys) {
        if (key === undefined) continue;
        const shared = found.get(key);
        if (shared) shared.push(...uses);
        else found.set(key, [...uses]);
      }
    }
    textUses.set(graph, (byText = found));
  }
  return byText;
}

const textUses = new WeakMap<ResourceGraph, ReadonlyMap<string, readonly SageMakerUse[]>>();

/** Where the text a fix goes into is written; none for a plan resource its `.tf` files do not declare (each is located apart in the plan). */
function textKey(role: Resource, doc: PolicyDocument, statement?: Statement): string | undefined {
  if (locatedInPlanAlone(role)) return undefined;
  // A statement a module's dynamic block made of an object its caller writes: the fix goes into that object, which
  // only the roles made of it share (the content block, where the statement is located, makes those of every caller).
  if (statement && role.format !== 'cloudformation') {
    const place = statementInputPlaceOf(statementBlockOf(role, doc, statement));
    if (place) return `input\u0000${locationKey(place)}`;
  }
  return `${statement ? 'statement' : 'document'}\u0000${locationKey(doc.locator.locate(statement ? statement.path : doc.path))}`;
}

/**
 * A fix written once per statement (or statements of a policy) it fixes, all else it depends on but the uses, and what
 * it reads of the role's uses but their users (`UsesSources`): roles used alike (a notebook's, another notebook's) differ
 * only in the users their fixes name.
 */
function rememberedFix(holder: object, key: string, summary: UsesSummary, write: (sources: UsesSources) => UsersFix): Fix {
  let byKey = writtenFixes.get(holder);
  if (!byKey) writtenFixes.set(holder, (byKey = new Map()));
  let written = byKey.get(key);
  if (!written) byKey.set(key, (written = { bySources: new Map(), bySummary: new WeakMap() }));
  let fix = written.bySummary.get(summary);
  if (!fix) {
    const { sources } = summary;
    let forUsers = written.bySources.get(sources.key);
    if (!forUsers) written.bySources.set(sources.key, (forUsers = write(sources)));
    written.bySummary.set(summary, (fix = forUsers(coveredUsers(summary.users))));
  }
  return fix;
}

/** A fix with the users it covers still to name: `scope` (`coveredUsers`) goes where its description names them. */
type UsersFix = (scope: string) => Fix;

/** Where a description names the SageMaker users a fix covers: each root module of a shared module has its own. */
const COVERED_USERS = / \(covers [^)]*\)/g;

function coveredUsers(users: readonly string[]): string {
  return users.length > 0 ? ` (covers ${someOf(users)})` : '';
}

/**
 * `description` with the users it names as covered made true in each world of several whose fixes differ only in those
 * (`descriptions`, one a world): the users each of them covers, then those only some do, where they use the role. Where
 * a world's list names only some (`and 3 more`), none is named: which of those the others cover is not known.
 */
export function coveredInEach(description: string, descriptions: readonly string[]): string {
  const lists: Array<readonly string[]> = [];
  for (const said of descriptions) {
    const users = coveredUsersIn(said);
    if (!users) return withoutCoveredUsers(description);
    lists.push(users);
  }
  const every = (lists[0] ?? []).filter((user) => lists.every((users) => users.includes(user)));
  const some = [...new Set(lists.flat())].filter((user) => !every.includes(user));
  const where = some.length === 0 ? '' : `${some.length === 1 ? `${some[0]} where it uses` : `${someOf(some)} where they use`} the role`;
  const covered = every.length === 0 ? ` (covers ${where})` : ` (covers ${someOf(every)}${where && `, and ${where}`})`;
  return description.replace(COVERED_USERS, () => covered);
}

/** The users a description names as covered (`coveredUsers`), none where it names none; undefined where it names only some. */
function coveredUsersIn(description: string): readonly string[] | undefined {
  const listed = [...description.matchAll(COVERED_USERS)].map(([said]) => said.slice(' (covers '.length, -1));
  if (listed.length === 0) return [];
  if (listed.length > 1 || / and [\d,]+ more$/.test(listed[0]!)) return undefined;
  return listed[0]!.split(', ');
}

/** A fix description without the users it names as covered: what fixes of one mistake seen from several roots share. */
export function withoutCoveredUsers(description: string): string {
  return description.replace(COVERED_USERS, '');
}

/** What a fix reads from a role's SageMaker uses: the resources it covers and the source ARNs they need. */
interface UsesSummary {
  users: string[];
  sources: UsesSources;
}

/** What a fix reads from a role's uses but the users they name, and as text (`key`): roles whose uses differ only in their users share it. */
interface UsesSources {
  key: string;
  resourceParts: string[];
  /**
   * The regions the source ARNs name: the owner's (as a symbol), and the region of each use created in another one than
   * the role (a Terraform provider configuration of another region): SageMaker presents its source ARN there.
   */
  regions: string[];
  /** What a fix's description says of `regions` where they are not the role's own alone: why each is named. */
  regionNote: string;
  exemptions: Exemptions;
}

/**
 * The resource parts of the source ARNs a Deny must exempt for the uses: `literals` as the uses present them, with a
 * wildcard character in them that is not one (`*` of inference and Studio), and `patterns`.
 */
interface Exemptions {
  patterns: string[];
  literals: string[];
}

function usesSources(resourceParts: string[], regions: string[], regionNote: string, exemptions: Exemptions): UsesSources {
  return { key: JSON.stringify([resourceParts, regions, regionNote, exemptions.patterns, exemptions.literals]), resourceParts, regions, regionNote, exemptions };
}

const NO_USES: UsesSummary = { users: [], sources: usesSources(recommendedResourceParts([]), [OWNER_REGION], '', exemptedResourceParts([])) };

/** The region part of a source ARN that any region matches (`ArnLike` reads each part of an ARN apart). */
const ANY_REGION = '*';

/**
 * Why a fix's source ARNs are in any region: an IAM role is global, so that one pinned to a region is refused to its
 * users in the others.
 */
function anyRegionNote(reason: string): string {
  return `; aws:SourceArn allows any region (*), as an IAM role is global and one region's source ARN would lock out the role's users in the others: ${reason}`;
}

/** Summaries by the uses of a role, worked out once: a role that thousands of resources fail to assume has a finding for each. */
const summaries = new WeakMap<readonly SageMakerUse[], UsesSummary>();

function usesSummary(uses: readonly SageMakerUse[]): UsesSummary {
  if (uses.length === 0) return NO_USES;
  let summary = summaries.get(uses);
  if (!summary) {
    const users = [...new Set(uses.map((use) => nameOf(use.user)))];
    // A use in a region not known statically, unless the role's own (which its configuration's data sources read), may be
    // in any region: its source ARNs are allowed in each (`*`).
    const regionOf = ({ user, role }: SageMakerUse): string => (user.regionNotKnown !== undefined && user.regionNotKnown !== role.regionNotKnown ? ANY_REGION : user.region !== undefined && user.region !== role.region ? user.region : OWNER_REGION);
    const named = new Set(uses.map(regionOf));
    // `*` covers every other region.
    const regions = named.has(ANY_REGION) ? [ANY_REGION] : [...named];
    summaries.set(uses, (summary = { users, sources: usesSources(recommendedResourceParts(uses), regions, usesRegionNote(uses, regions, regionOf), exemptedResourceParts(uses)) }));
  }
  return summary;
}

/** Why the source ARNs name the regions of the uses, where they are more than the role's own. */
function usesRegionNote(uses: readonly SageMakerUse[], regions: readonly string[], regionOf: (use: SageMakerUse) => string): string {
  if (regions.includes(ANY_REGION)) {
    const unknown = [...new Set(uses.filter((use) => regionOf(use) === ANY_REGION).map((use) => nameOf(use.user)))];
    return anyRegionNote(`${someOf(unknown)} ${unknown.length > 1 ? 'are' : 'is'} created in a region not known statically`);
  }
  if (regions.length < 2) return '';
  const named = regions.map((region) => (region === OWNER_REGION ? "the role's own" : region));
  return `; aws:SourceArn names each region its users are created in (${named.join(', ')}), as an IAM role is global and one region's source ARN would lock out its users in the others`;
}

/**
 * Fixes by the statement (or the statements of a policy) they fix and by all else they depend on but the uses; then each
 * as written for what it reads of the uses but their users, and as named for a role's uses.
 */
const writtenFixes = new WeakMap<object, Map<string, { bySources: Map<string, UsersFix>; bySummary: WeakMap<UsesSummary, Fix> }>>();

function writeSourceConditionFix(target: FixTarget, role: Resource, service: ServiceInfo, { resourceParts, regions, regionNote }: UsesSources, statement?: Statement, covering?: { at: SourceLocation; sharing: number }): UsersFix {
  const { syntax, document, owner, content, readFrom, condition } = target;
  const partition = partitionOfRegion(role.region);
  const principal = displayString(spellingIn(statement, service.principal, partition));
  if (statement && covering) return (scope) => removalFix(syntax, document, statement, { type: 'Service', value: principal }, scope, `trusts it with source conditions`, covering.at, covering.sharing);
  const fixed = sourceConditions(service, resourceParts, regions);
  // A statement of its own writes the conditions as the syntax does; an edit of the statement's own, in `editedConditions`.
  const ownStatement = (): { conditions: FixCondition[]; note: string } => {
    const conditions = conditionsFor(syntax, owner, fixed);
    return { conditions, note: contentNote(content, 'statement') + listNote(statement) + syntaxNote(ownStatementSyntax(syntax), conditions, owner, readFrom) };
  };
  const others = statement ? otherPrincipals(statement, { type: 'Service', value: service.principal }, partition) : [];
  if (!statement) {
    const { conditions, note } = ownStatement();
    const before = `Add this statement to ${document ? `${document}, ` : ''}the trust policy of ${nameOf(role)}`;
    const after = `${note}${regionNote}`;
    const snippet = statementSnippet(syntax, { type: 'Service', value: principal }, conditions);
    return (scope) => ({ description: before + scope + after, snippet });
  }
  if (others.length > 0) {
    const { conditions, note } = ownStatement();
    const { snippet, uncopied } = splitOffSnippet(syntax, { type: 'Service', value: principal }, conditions, statement);
    const before = `Move ${principal} out of the statement${ofDocument(document)} into one of its own`;
    const after = `: the statement also trusts ${someOf(others)}, which these conditions would refuse${uncopied}${note}${regionNote}`;
    return (scope) => ({ description: before + scope + after, snippet });
  }
  const replacing = statement.conditions.some((condition) => SOURCE_KEYS.includes(condition.key.toLowerCase()));
  // The edit reads the conditions' operators and keys alone, which the syntax leaves as they are.
  const edit = conditionEdit(role, statement, fixed, condition);
  // Conditions kept beside the fix's that no request of the service meets (MFA, an external id, a source IP) still refuse it.
  const refusing = statement.conditions.filter(refusesServiceRequests);
  const remove = refusing.length > 0 ? `, and remove its ${removalReason(refusing, principal)}` : '';
  // A Condition written anew has its source conditions replaced, and those no request of the service meets removed.
  const { snippet, note } = editedConditions(target, edit, statement, fixed, (entry) => !SOURCE_KEYS.includes(entry.key.toLowerCase()) && !refusing.includes(entry));
  const before = `${conditionEditAction(edit, fixed.length, replacing ? 'source conditions' : undefined)} the statement${ofDocument(document)} that trusts ${principal}`;
  const after = `${remove}${note}${regionNote}`;
  return (scope) => ({ description: before + scope + after, snippet });
}

/**
 * The conditions no request of the service meets, and why: keys it never sends (MFA, an external id), or a value it
 * always sends (aws:ViaAWSService false).
 */
function removalReason(refusing: readonly ConditionEntry[], principal: string): string {
  const written = [...new Set(refusing.map((condition) => `${condition.operator} ${condition.key}`))];
  const sent = [...new Set(refusing.flatMap((condition) => {
    const value = serviceRequestValue(condition.key);
    return value === undefined ? [] : [`${condition.key} ${value}`];
  }))];
  const never = [...new Set(refusing.filter((condition) => serviceRequestValue(condition.key) === undefined).map((condition) => condition.key))];
  // Beside a value it sends, the keys it never sends are named.
  const neverText = sent.length > 0 ? never.join(', ') : written.length > 1 ? 'those keys' : 'that key';
  const reasons = [...(never.length > 0 ? [`never sends ${neverText}`] : []), ...(sent.length > 0 ? [`always sends ${sent.join(', ')}`] : [])];
  return `${written.join(', ')} condition${written.length > 1 ? 's' : ''}: ${principal} ${reasons.join(' and ')}`;
}

/**
 * The fix for a statement that lets in principals of any account: an `aws:PrincipalAccount` condition with the owner's
 * account, which a caller of another account fails, and a service acting for one too (its request carries no such key).
 * The owner's account is the only one deputy can name: an organization's id is not in the input. None for a role that
 * SageMaker resources use: the condition would refuse SageMaker too, which needs a statement with source conditions of
 * its own, so that the fix would be two statements in place of one.
 */
export function ownAccountFix(graph: ResourceGraph, role: Resource, doc: PolicyDocument, statement: Statement, now: number): Fix | undefined {
  if (sageMakerUsesOf(graph, role).length > 0) return undefined;
  const target = fixTarget(role, doc, statement);
  const { syntax, document, owner, content, readFrom, condition } = target;
  const fixed = [{ operator: 'StringEquals', key: 'aws:PrincipalAccount', values: [OWNER_ACCOUNT] }];
  const conditions = conditionsFor(syntax, owner, fixed);
  const outcome = `so that only principals of this account may assume ${nameOf(role)} (to let in the accounts of your organization, pin aws:PrincipalOrgID to its id instead)`;
  const ownNote = (): string => contentNote(content, 'statement') + listNote(statement) + syntaxNote(ownStatementSyntax(syntax), conditions, owner, readFrom);
  const wildcard: FixPrincipal = { type: 'AWS', value: '*' };
  const star = statement.principal?.any || statement.principal?.AWS.some((entry) => entry.value === '*');
  // Another statement that already lets in the owner's principals alone: the wildcard goes, and nothing is written twice.
  // The role's own keys (its account, its tags) as requests on it carry them, and the accounts the owner's is not.
  // The statement's text written for other roles too is taken from each of them: each must have such a statement.
  const covered = star && !content ? coveringForEveryRole(graph, { role, doc, statement }, 'any-principal', (one) => ownAccountCovering(one, now)) : undefined;
  if (covered) return removalFix(syntax, document, statement, wildcard, '', 'lets in the principals of this account alone', doc.locator.locate(covered.covering.path), covered.sharing);
  const others = statement.principal?.AWS.some((entry) => entry.value === '*') ? otherPrincipals(statement, wildcard) : [];
  if (others.length > 0) {
    const { snippet, uncopied } = splitOffSnippet(syntax, wildcard, conditions, statement);
    return { description: `Move {"AWS": "*"} out of the statement${ofDocument(document)} into one of its own, ${outcome}: the statement also trusts ${someOf(others)}, which this condition would refuse${uncopied}${ownNote()}`, snippet };
  }
  const replacing = statement.conditions.some((entry) => entry.key.toLowerCase() === 'aws:principalaccount');
  const edit = conditionEdit(role, statement, conditions, condition);
  const { snippet, note } = editedConditions(target, edit, statement, fixed, (entry) => entry.key.toLowerCase() !== 'aws:principalaccount');
  return { description: `${conditionEditAction(edit, 1, replacing ? 'aws:PrincipalAccount conditions' : undefined)} the statement${ofDocument(document)} that lets in any principal, ${outcome}${note}`, snippet };
}

/** Another statement of the role's policy that already lets in the principals of its account alone, as `ownAccountFix` would (`coveringStatement`). */
function ownAccountCovering({ role, doc, statement }: RoleStatement, now: number): Statement | undefined {
  const own = directCallerProbe(OWNER_ACCOUNT, now, { role: ownerRoleFacts({ role, doc }) });
  return coveringStatement(doc, statement, {
    caller: own.caller,
    without: (set) => withProperties(set, { any: false, AWS: set.AWS.filter((entry) => entry.value !== '*') }),
    owner: () => [own],
    open: (rest) => strangerAllowed(rest, now, roleFacts({ role, doc })).allowed !== false,
  });
}

/**
 * The statement a principal moves into, out of `statement`: it keeps the statement's actions and conditions, the
 * fix's conditions in place of those on the same keys, so that the principal keeps what it had but what the fix
 * pins. Where those cannot be written out (a NotAction, a value not known), the snippet has the fix's alone and
 * `uncopied` tells the user to copy them.
 */
function splitOffSnippet(syntax: FixSyntax, principal: FixPrincipal, conditions: FixCondition[], statement: Statement): { snippet: string; uncopied: string } {
  const fixedKeys = new Set(conditions.map((condition) => condition.key.toLowerCase()));
  const writable = (entries: readonly PolicyValue[]): boolean => entries.every((entry) => typeof entry.value === 'string' && isKnownAtPlan(entry.value));
  // A service moving out keeps no condition on a key its request never carries (an sts:ExternalId or MFA condition written
  // for the AWS principals beside it): copied, it would refuse the service as it did in the shared statement.
  const kept = statement.conditions.filter((condition) => !fixedKeys.has(condition.key.toLowerCase()) && !(principal.type === 'Service' && !condition.unresolved && (neverInServiceRequest(condition.key) || refusesServiceRequests(condition))));
  const actions = statement.action;
  if (statement.notAction || !actions || !writable(actions) || kept.some((condition) => condition.unresolved || !writable(condition.values))) {
    return { snippet: statementSnippet(syntax, principal, conditions), uncopied: "; give it the statement's actions and other conditions too" };
  }
  const carried = kept.map(({ operator, key, values }) => ({ operator, key, values: values.map((entry) => entry.value as string) }));
  return { snippet: statementSnippet(syntax, principal, [...carried, ...conditions], actions.map((entry) => entry.value as string)), uncopied: '' };
}

/**
 * Where the blocks of a fix go when a dynamic block's content makes the statement (`content` of the target): its
 * conditions into the content, for every statement it makes; a statement of its own beside the dynamic block.
 */
export function contentNote(content: FixTarget['content'], what: 'conditions' | 'statement'): string {
  if (!content) return '';
  const at = `${content.location.file}:${content.location.startLine}`;
  if (content.madeBy === 'for-documents') {
    if (what === 'statement') return `; the statement goes beside the for expression at ${at} that makes the included document holding this one (concat() its list with one holding a document of it), or into that document's own text`;
    return `; the for expression at ${at} makes ${content.blocks} included documents, each a JSON text of its own: it goes into this statement in the text that holds it (what the for expression reads for it), not into the others`;
  }
  if (content.madeBy === 'for') {
    if (what === 'statement') return `; the statement goes beside the for expression whose object at ${at} makes the statement (concat() its list with one holding this)`;
    return `; the object at ${at} is written once by a for expression that makes ${content.blocks} statements: each gets it (one that trusts another principal may then refuse it; give that principal a statement of its own)`;
  }
  if (what === 'statement') return `; the statement goes beside the dynamic "statement" block whose content block is at ${at}`;
  const each = content.blocks > 1 ? `, which makes ${content.blocks} statements: each gets it (one that trusts another principal may then refuse it)` : '';
  return `; it goes in the content block at ${at} of the dynamic "statement" block that makes the statement${each}`;
}

/** Where a statement of its own goes when the policy's `Statement` is one object, not a list of them. */
function listNote(statement: Statement | undefined): string {
  return statement && typeof statement.path.at(-1) !== 'number' ? '; Statement holds one object here, not a list: make it a list of that statement and this one' : '';
}

/** ` of data.aws_iam_policy_document.x`, naming the statement's data source where the finding is not in it. */
export function ofDocument(document: string | undefined): string {
  return document === undefined ? '' : ` of ${document}`;
}

function sourceConditions(service: ServiceInfo, resourceParts: string[], regions: readonly string[] = [OWNER_REGION]): FixCondition[] {
  return [
    ...(service.sendsSourceAccount ? [{ operator: 'StringEquals', key: 'aws:SourceAccount', values: [OWNER_ACCOUNT] }] : []),
    ...(service.sendsSourceArn ? [{ operator: 'ArnLike', key: 'aws:SourceArn', values: sourceArns(service, resourceParts, regions) }] : []),
  ];
}

/** The owner's source ARNs of the service with the given resource parts, in each region. */
function sourceArns(service: ServiceInfo, resourceParts: string[], regions: readonly string[]): string[] {
  return regions.flatMap((region) => resourceParts.map((part) => `arn:${OWNER_PARTITION}:${service.arnService}:${region}:${OWNER_ACCOUNT}:${part}`));
}

/**
 * The principals the statement trusts besides the given one; for a service, besides its spellings on a role of
 * `partition` (`sameServicePrincipal`), which the fix's conditions do not refuse.
 */
function otherPrincipals(statement: Statement, principal: FixPrincipal, partition?: string): string[] {
  const set = statement.principal;
  if (!set) return [];
  if (set.any) return ['"*"'];
  const isPrincipal = (entry: PolicyValue): boolean =>
    typeof entry.value === 'string' && (principal.type === 'Service' ? sameServicePrincipal(entry.value, principal.value, partition) : entry.value.toLowerCase() === principal.value.toLowerCase());
  const others = PRINCIPAL_TYPES.flatMap((type) => (type === principal.type ? set[type].filter((entry) => !isPrincipal(entry)) : set[type]));
  return others.map((entry) => (typeof entry.value === 'string' ? displayString(entry.value) : entry.value.toString()));
}

/** How the statement spells the service's principal on a role of `partition` (China's spelling in cn-north-1), else as the service is named. */
function spellingIn(statement: Statement | undefined, principal: string, partition: string | undefined): string {
  const written = statement?.principal?.Service.flatMap((entry) => (typeof entry.value === 'string' && sameServicePrincipal(entry.value, principal, partition) ? [entry.value] : [])) ?? [];
  return written.find((value) => value.toLowerCase() === principal.toLowerCase()) ?? written[0] ?? principal;
}

/** The resource parts of the source ARNs the role's SageMaker uses need; `*` when any use needs all, or there is none. */
function recommendedResourceParts(uses: readonly SageMakerUse[]): string[] {
  const parts = new Set(uses.flatMap((use) => use.recommended));
  if (parts.size === 0 || parts.has('*')) return ['*'];
  return [...parts];
}

/**
 * What a Deny must exempt for the uses: what each recommends, a part it presents as written (`*`) as a literal when it
 * holds a wildcard character; everything, when a use recommends the pattern `*`.
 */
function exemptedResourceParts(uses: readonly SageMakerUse[]): Exemptions {
  const patterns = new Set<string>();
  const literals = new Set<string>();
  for (const use of uses) {
    for (const part of use.recommended) (use.alternatives.includes(part) && /[*?]/.test(part) ? literals : patterns).add(part);
  }
  if (uses.length === 0 || patterns.has('*')) return { patterns: ['*'], literals: [] };
  return { patterns: [...patterns], literals: [...literals] };
}

/** What the fix prints for a SageMaker role used account-wide: the good example of the trust rules' docs. */
export const SAGEMAKER_SOURCE_CONDITION = conditionSnippet(
  'yaml',
  sourceConditions({ principal: 'sagemaker.amazonaws.com', arnService: 'sagemaker', sendsSourceArn: true, sendsSourceAccount: true }, ['*']),
);
