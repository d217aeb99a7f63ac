import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Node as YamlNode } from 'yaml';
import { childPath, pathStartsWith, writtenInInterpolationOrVariable, writtenRange, type InterpolationWriting, type Locator, type Path, type SourceLocation, type StringOrigin } from '../model/location.js';
import type {
  ConditionEntry,
  MalformedProblem,
  PolicyDocument,
  PolicyValue,
  PrincipalSet,
  Statement,
} from '../model/policy.js';
import { DOCUMENT_ELEMENTS, PRINCIPAL_TYPES, STATEMENT_ELEMENTS } from '../model/policy.js';
import { jsonHasDuplicateKeys, jsonSyntaxError, lineColumn } from '../../parsers/cloudformation/fast.js';
import { interpolationWritingInText, linePositions, variableReadInText } from '../../parsers/json-text.js';
import { conditionRepeatsOf, includedTextsOf, isPolicyDocumentDataSource, type IncludedText } from '../../parsers/terraform/policy-document.js';
import type { DuplicateKey, PolicyRef, Resource } from '../model/resource.js';
import { MARK_END, MARK_START, OWNER_ACCOUNT, OWNER_URL_SUFFIX, Unresolved, displayString, hasMarker, isKnownAtPlan, isObject, literalText, ownerSymbolsAlwaysHolding, textPattern, unresolvedPieceOf, valueAtPath, type Value, type ValueObject } from '../model/value.js';
import { setOwn, withProperties } from '../model/objects.js';
import { wholeAccountPattern } from '../model/arn.js';
import { editDistance } from '../model/edit-distance.js';
import { visibleText } from '../model/visible.js';

/** Where a policy is, without its holder: `normalizePolicy` is given the resource apart (a caller may read a document it makes up). */
type PolicyPlace = Omit<PolicyRef, 'holder'>;

/**
 * Turns any policy shape CloudFormation or Terraform allows (object or JSON string, Statement as object or
 * list, string-or-list fields, `Principal: "*"`) into one PolicyDocument whose every element keeps the path
 * it came from. Structural problems AWS rejects at deploy time are collected, and the rest is still read.
 */
export function normalizePolicy(value: Value | undefined, ref: PolicyPlace, resource: Resource, texts?: NormalizedTexts): PolicyDocument {
  // A CloudFormation template's macros are given what they are written in; in JSON text, or in Terraform, a macro key is text.
  const document = readPolicy(value, ref, resource, texts, resource.macroKey);
  // A plan writes the account it deploys to as the owner's symbol in its values; a Terraform configuration keeps the
  // literal its provider is locked to, and a template the literal its conditions fix the stack's account to in a world
  // (`!Equals [!Ref AWS::AccountId, "210987654321"]`), which read as the owner's account all the same.
  return resource.format !== 'terraform-plan' && resource.account !== undefined ? withOwnerAccount(document, resource.account) : document;
}

function readPolicy(value: Value | undefined, ref: PolicyPlace, resource: Resource, texts?: NormalizedTexts, macros?: MacroKey): PolicyDocument {
  if (typeof value === 'string') return normalizeJsonString(value, ref, resource, texts);
  // Written out, not spread from a shared base: V8 gives an object made by a spread and then added to a hidden class
  // of its own, several microseconds slower than a literal, and every policy read makes one.
  const unresolved = value instanceof Unresolved ? value : isObject(value) ? unresolvedKeyOf(value) : undefined;
  if (unresolved) return { resource: ref.resource, path: ref.path, kind: ref.kind, name: ref.name, statements: [], problems: [], unresolved, locator: resource.locator };
  const problems: MalformedProblem[] = [];
  const statements = isObject(value)
    ? readDocument(value, ref.path, ref.kind, problems, macros)
    : (problems.push({ path: ref.path, message: 'the policy document is not an object' }), []);
  if (isObject(value) && readsVariablesAsText(value.Version)) markLiteralVariables(statements);
  return {
    resource: ref.resource,
    path: ref.path,
    kind: ref.kind,
    name: ref.name,
    version: isObject(value) && typeof value.Version === 'string' ? value.Version : undefined,
    id: isObject(value) && typeof value.Id === 'string' ? value.Id : undefined,
    statements,
    problems,
    includedDuplicateKeys: includedDuplicateKeys(value, ref.path),
    locator: resource.locator,
  };
}

/**
 * Keys repeated in what a policy document data source builds, when `value` is the policy it built: in the JSON texts it
 * includes (`source_policy_documents`, `override_policy_documents`), located in the text where a file shows it, else
 * at the entry that gives it, their paths the text's own, below the policy's; and by the condition blocks of a
 * statement (`conditionRepeatsOf`).
 */
function includedDuplicateKeys(value: Value | undefined, path: Path): PolicyDocument['includedDuplicateKeys'] {
  if (!isPolicyDocumentDataSource(value)) return undefined;
  let found: DuplicateKey[] | undefined;
  return () => (found ??= builtDuplicateKeys(value, path));
}

function builtDuplicateKeys(built: Value | undefined, path: Path): DuplicateKey[] {
  const inTexts = duplicateKeysInTexts(includedTextsOf(built), path);
  const inBlocks = conditionRepeatsOf(built, path);
  return inBlocks.length === 0 ? inTexts : [...inTexts, ...inBlocks];
}

/**
 * `includedDuplicateKeys` for a plan's policy text that the provider rendered from a policy document data source read
 * at plan time: the document deputy builds from the data source's block holds the texts it included, and the condition
 * blocks its statements repeat (built when asked), where the rendered text holds their key once.
 */
function renderedDuplicateKeys(resource: Resource, path: Path): PolicyDocument['includedDuplicateKeys'] {
  const built = resource.builtPolicyDocument;
  if (!built) return undefined;
  let found: readonly DuplicateKey[] | undefined;
  return () => (found ??= builtDuplicateKeys(built(path), path));
}

function duplicateKeysInTexts(texts: readonly IncludedText[], path: Path): DuplicateKey[] {
  return texts.flatMap(({ text, origin, entry, replaced = [] }) => {
    const swapped = swapMarkers(text);
    if (!jsonHasDuplicateKeys(swapped)) return [];
    const written = origin();
    const fitted = written?.fit ? written.fit(swapped) : written;
    const duplicates = readTextPositions(swapped, path, (range, position) => (fitted && writtenRange(range, position, fitted, entry().file)) ?? entry()).duplicateKeys;
    // A statement a later one of its Sid replaced is not in the policy: what it repeats is lost with it.
    const inReplaced = (duplicate: DuplicateKey): boolean => replaced.some((statement) => pathStartsWith(duplicate.path, childPath(path, ...statement)));
    return duplicates.filter((duplicate) => !inReplaced(duplicate));
  });
}

/**
 * Whether IAM reads a policy with this `Version` value without substituting its policy variables: none written, or
 * `2008-10-17`. One not known (a parameter) may be 2012-10-17; another text is refused at deploy time (policy-malformed).
 */
export function readsVariablesAsText(version: Value | undefined): boolean {
  return !(version instanceof Unresolved) && (typeof version !== 'string' || version === '2008-10-17');
}

/**
 * Marks the conditions whose values, and the statements whose Resource or NotResource, hold `${` as reading it as text
 * (`ConditionEntry.literalVariables`, `Statement.literalVariables`).
 */
function markLiteralVariables(statements: readonly Statement[]): void {
  const holdsVariable = ({ value }: PolicyValue) => typeof value === 'string' && value.includes('${');
  for (const statement of statements) {
    if (statement.resource?.some(holdsVariable) || statement.notResource?.some(holdsVariable)) statement.literalVariables = true;
    for (const condition of statement.conditions) {
      if (condition.values.some(holdsVariable)) condition.literalVariables = true;
    }
  }
}

/**
 * The document with an account's id, where a principal, resource or condition value writes it as a whole number,
 * read as the owner's account (`OWNER_ACCOUNT`); the document itself when none does.
 */
function withOwnerAccount(document: PolicyDocument, account: string): PolicyDocument {
  const whole = wholeAccountPattern(account);
  const read = <T extends PolicyValue[] | undefined>(values: T): T => {
    let changed = false;
    const rewritten = values?.map((item) => {
      const value = typeof item.value === 'string' && item.value.includes(account) ? item.value.replace(whole, OWNER_ACCOUNT) : item.value;
      if (value === item.value) return item;
      changed = true;
      return withProperties(item, { value });
    });
    return (changed ? rewritten : values) as T;
  };
  const principals = (set: PrincipalSet | undefined): PrincipalSet | undefined => {
    if (!set) return set;
    const rewritten = { AWS: read(set.AWS), Service: read(set.Service), Federated: read(set.Federated), CanonicalUser: read(set.CanonicalUser) };
    return PRINCIPAL_TYPES.every((type) => rewritten[type] === set[type]) ? set : withProperties(set, rewritten);
  };
  let changed = false;
  const statements = document.statements.map((statement) => {
    const conditions = statement.conditions.map((entry) => {
      const values = read(entry.values);
      return values === entry.values ? entry : withProperties(entry, { values });
    });
    const rewritten = {
      principal: principals(statement.principal),
      notPrincipal: principals(statement.notPrincipal),
      resource: read(statement.resource),
      notResource: read(statement.notResource),
      conditions: conditions.every((entry, index) => entry === statement.conditions[index]) ? statement.conditions : conditions,
    };
    if ((Object.keys(rewritten) as Array<keyof typeof rewritten>).every((key) => rewritten[key] === statement[key])) return statement;
    changed = true;
    return withProperties(statement, rewritten);
  });
  return changed ? withProperties(document, { statements }) : document;
}

/**
 * A value not known statically as a whole: an Unresolved, or a text that is one piece not known and nothing else (what
 * `jsonencode` of a value known only at apply writes, or a reference to a resource attribute), whose type is not known.
 */
function unknownWhole(value: Value): Unresolved | undefined {
  if (value instanceof Unresolved) return value;
  if (typeof value !== 'string' || !value.startsWith(MARK_START) || value.indexOf(MARK_END) !== value.length - 1 || isKnownAtPlan(value)) return undefined;
  return unresolvedPieceOf(value) ?? new Unresolved('unknown value', displayString(value));
}

/** Whether a text with pieces not known statically may be "Allow" or "Deny": each piece may be any text, the rest is as written. */
function mayBeEffect(text: string): boolean {
  const effect = new RegExp(`^(?:${textPattern(text)})$`);
  return effect.test('Allow') || effect.test('Deny');
}

/**
 * A key written from a value not known statically (Terraform's `{ (var.type) = ... }`): the element it names is
 * unknown, so the object is read as wholly unknown, as Terraform itself makes it.
 */
function unresolvedKeyOf(object: ValueObject): Unresolved | undefined {
  for (const key of Object.keys(object)) {
    const unresolved = unresolvedPieceOf(key);
    if (unresolved) return unresolved;
  }
  return undefined;
}

const POLICY_VERSIONS = ['2012-10-17', '2008-10-17'];

/** Elements outside the IAM grammar: AWS refuses the whole policy (`dAction`, `Statements`, ...). Returns the elements suggested instead. */
function unknownElements(object: ValueObject, allowed: readonly string[], path: Path, where: string, problems: MalformedProblem[]): string[] {
  const suggested: string[] = [];
  for (const key of Object.keys(object)) {
    if (allowed.includes(key)) continue;
    // Written in another case, a typo of one (NotActions), else the longest the key holds (PolicyStatement).
    const lower = key.toLowerCase();
    const suggestion = allowed.find((name) => name.toLowerCase() === lower) ?? nearestElement(key, allowed) ?? allowed.filter((name) => lower.includes(name.toLowerCase())).sort((a, b) => b.length - a.length)[0];
    if (suggestion) suggested.push(suggestion);
    problems.push({ path: [...path, key], message: `"${key}" is not a ${where} element${suggestion ? ` (did you mean "${suggestion}"?)` : ''}` });
  }
  return suggested;
}

/** The element a misspelled key is a typo of (`Resouce`): two edits at most, the nearest, none on a tie. */
function nearestElement(key: string, allowed: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  const distances = allowed.map((name) => editDistance(lower, name.toLowerCase(), 2));
  const least = Math.min(...distances);
  return least <= 2 && distances.filter((distance) => distance === least).length === 1 ? allowed[distances.indexOf(least)] : undefined;
}

/** `Resource.macroKey`: the key by which the source writes a mapping at deploy time (a CloudFormation macro or loop). */
type MacroKey = (mapping: ValueObject) => string | undefined;

/** The macro key (`Resource.macroKey`) of a value that is a mapping, where the source has macros. */
function macroKey(macros: MacroKey | undefined, value: Value | undefined): string | undefined {
  return macros && isObject(value) ? macros(value) : undefined;
}

function macroWritten(key: string, what: string): Unresolved {
  return new Unresolved(`${key}: a macro writes this ${what} at deploy time`);
}

function readDocument(doc: ValueObject, path: Path, kind: 'trust' | 'identity', problems: MalformedProblem[], macros: MacroKey | undefined): Statement[] {
  const macro = macroKey(macros, doc);
  if (macro) return [{ index: 0, path: childPath(path, 'Statement'), conditions: [], unresolved: macroWritten(macro, 'policy') }];
  const suggested = unknownElements(doc, DOCUMENT_ELEMENTS, path, 'policy', problems);
  if (typeof doc.Version === 'string' && !POLICY_VERSIONS.includes(doc.Version)) {
    problems.push({ path: [...path, 'Version'], message: `Version must be "2012-10-17" (or the legacy "2008-10-17"), not ${JSON.stringify(doc.Version)}` });
  }
  const raw = doc.Statement;
  if (raw === undefined) {
    // A misspelled Statement is reported alone.
    if (!suggested.includes('Statement')) problems.push({ path, message: 'the policy has no Statement' });
    return [];
  }
  const unknownStatements = unknownWhole(raw);
  if (unknownStatements) return [{ index: 0, path: childPath(path, 'Statement'), conditions: [], unresolved: unknownStatements }];
  const list = Array.isArray(raw) ? raw.map((item, index) => ({ item, path: childPath(path, 'Statement', index) })) : [{ item: raw, path: childPath(path, 'Statement') }];
  const statements = list.map(({ item, path: statementPath }, index) => readStatement(item, statementPath, index, kind, problems, macros));
  reportRepeatedSids(statements, problems);
  return statements;
}

/**
 * IAM refuses a policy in which two statements have one Sid ("Statement IDs (SID) in a single policy must be unique"):
 * each repeat is reported at its Sid. A Sid not known statically repeats none.
 */
function reportRepeatedSids(statements: readonly Statement[], problems: MalformedProblem[]): void {
  const first = new Map<string, number>();
  for (const { sid, index, path } of statements) {
    if (sid === undefined || sid === '' || hasMarker(sid)) continue;
    const earlier = first.get(sid);
    if (earlier === undefined) first.set(sid, index);
    else problems.push({ path: [...path, 'Sid'], message: `statement ${index + 1} repeats the Sid ${JSON.stringify(sid)} of statement ${earlier + 1}: the Sids of a policy must be unique` });
  }
}

/**
 * IAM refuses a Sid of other characters than ASCII letters and digits ("Statement IDs (SID) must be alpha-numeric.
 * Check that your input satisfies the regular expression [0-9A-Za-z]*"), or a list or an object. Every policy
 * deputy reads is one IAM validates (trust and identity policies, of roles, users, groups, managed policies and
 * permission sets); the resource policies that take other Sids (S3, KMS, SQS, SNS) are not read. A piece not known
 * statically may be any text: only what is written around it is checked; null is left unset, as an empty text is.
 */
function reportInvalidSid(sid: Value, path: Path, problems: MalformedProblem[]): void {
  // A number or true/false may reach IAM as its text (CloudFormation writes YAML scalars so in places): not known to be refused.
  if (sid === null || sid instanceof Unresolved || typeof sid === 'number' || typeof sid === 'boolean') return;
  if (typeof sid !== 'string') {
    problems.push({ path: [...path, 'Sid'], message: `the Sid must be a string, not ${JSON.stringify(sid)}` });
    return;
  }
  const refused = literalText(sid).match(/[^0-9A-Za-z]/gu);
  // Written into a message only: most Sids (every statement of a plan) are valid and never shown.
  const shown = (): string => visibleText(JSON.stringify(displayString(sid)));
  if (refused) {
    problems.push({ path: [...path, 'Sid'], message: `the Sid ${shown()} holds ${[...new Set(refused)].map((character) => visibleText(JSON.stringify(character))).join(', ')}: a Sid is ASCII letters and digits only` });
    return;
  }
  // A piece not known may be letters and digits, but not an owner's symbol whose every value holds another character.
  const [symbol] = ownerSymbolsAlwaysHolding(sid);
  if (symbol) {
    const { written, character, values, example } = symbol;
    problems.push({ path: [...path, 'Sid'], message: `the Sid ${shown()} holds ${displayString(written)}, and ${values} has ${JSON.stringify(character)} (${example}): a Sid is ASCII letters and digits only` });
  }
}

function readStatement(raw: Value, path: Path, index: number, kind: 'trust' | 'identity', problems: MalformedProblem[], macros: MacroKey | undefined): Statement {
  const unknownStatement = unknownWhole(raw);
  if (unknownStatement) return { index, path, conditions: [], unresolved: unknownStatement };
  if (!isObject(raw)) {
    problems.push({ path, message: 'a statement must be an object' });
    return { index, path, conditions: [] };
  }
  const unresolvedKey = unresolvedKeyOf(raw);
  if (unresolvedKey) return { index, path, conditions: [], unresolved: unresolvedKey };
  // A macro writing the statement, its Condition or an operator's block of it leaves the statement not known; one writing
  // its principal leaves that not known.
  const condition = raw.Condition;
  const macro = macroKey(macros, raw) ?? macroKey(macros, condition) ?? (isObject(condition) ? Object.values(condition).map((block) => macroKey(macros, block)).find((key) => key !== undefined) : undefined);
  if (macro) return { index, path, conditions: [], unresolved: macroWritten(macro, 'statement') };
  const principalOf = (value: Value): Value => {
    const key = macroKey(macros, value);
    return key ? macroWritten(key, 'principal') : value;
  };
  const statement: Statement = { index, path, conditions: [] };
  if (typeof raw.Sid === 'string') statement.sid = raw.Sid;
  if (raw.Sid !== undefined) reportInvalidSid(raw.Sid, path, problems);
  const misspelled = unknownElements(raw, STATEMENT_ELEMENTS, path, 'statement', problems);

  if (raw.Effect === 'Allow' || raw.Effect === 'Deny') statement.effect = raw.Effect;
  else if (raw.Effect === undefined) {
    if (!misspelled.includes('Effect')) problems.push({ path, message: 'the statement has no Effect' });
  }
  else if (raw.Effect instanceof Unresolved) statement.unresolved = raw.Effect;
  // An Effect written from a value not known statically ("${var.effect}", a resource attribute) may be Allow or Deny;
  // one whose written text no such value can complete to either ("Alow${var.suffix}") is malformed whatever it is.
  else if (typeof raw.Effect === 'string' && !isKnownAtPlan(raw.Effect) && mayBeEffect(raw.Effect)) {
    statement.unresolved = unresolvedPieceOf(raw.Effect) ?? new Unresolved('unknown value', displayString(raw.Effect));
  }
  else {
    problems.push({ path: [...path, 'Effect'], message: `Effect must be "Allow" or "Deny", not ${JSON.stringify(typeof raw.Effect === 'string' ? displayString(raw.Effect) : raw.Effect)}` });
  }

  if (kind === 'identity') {
    if (raw.Principal !== undefined || raw.NotPrincipal !== undefined) {
      problems.push({ path: [...path, raw.Principal !== undefined ? 'Principal' : 'NotPrincipal'], message: 'an identity-based policy cannot name a Principal' });
    }
  } else {
    if (raw.Principal !== undefined) statement.principal = readPrincipal(principalOf(raw.Principal), childPath(path, 'Principal'), problems);
    if (raw.NotPrincipal !== undefined) statement.notPrincipal = readPrincipal(principalOf(raw.NotPrincipal), childPath(path, 'NotPrincipal'), problems);
    if (raw.Principal === undefined && raw.NotPrincipal === undefined && !misspelled.some((name) => name.endsWith('Principal'))) problems.push({ path, message: 'a trust policy statement needs a Principal' });
    // The grammar takes one of the two ("Principal" | "NotPrincipal"): reported where the second is written.
    if (raw.Principal !== undefined && raw.NotPrincipal !== undefined) {
      problems.push({ path: [...path, writtenSecond(raw, 'Principal', 'NotPrincipal')], message: 'a statement cannot have both Principal and NotPrincipal' });
    }
    // The role is the resource: IAM refuses the element ("Has prohibited field Resource").
    for (const field of ['Resource', 'NotResource'] as const) {
      if (raw[field] !== undefined) problems.push({ path: [...path, field], message: `a trust policy cannot name a ${field}: the role itself is what it grants` });
    }
  }

  for (const [field, property] of VALUE_FIELDS) {
    // A NotAction that names nothing (`[]`, `""`) is unset (RULES.md), not "every action but none": IAM refuses the
    // statement ("Policy statement must contain actions", reported below), which allows nothing.
    if (raw[field] !== undefined && (field !== 'NotAction' || written(raw.NotAction))) statement[property] = readValues(raw[field], childPath(path, field), problems);
  }
  // IAM refuses the whole policy: "Actions/Conditions must be prefaced by a vendor".
  // An element that names nothing (`""`) is reported below as missing, not as an action without a service.
  for (const entry of [...(written(raw.Action) ? (statement.action ?? []) : []), ...(statement.notAction ?? [])]) {
    const text = entry.value;
    if (typeof text === 'string' && text !== '*' && !hasMarker(text) && text.indexOf(':') <= 0) problems.push({ path: entry.path, message: `action ${JSON.stringify(text)} is not of the form service:action` });
  }
  // IAM refuses an identity policy that names a resource by text that is no ARN ("Resource my-bucket must be in ARN
  // format or "*""), and text without a colon cannot be one; text with one is left alone, as IAM takes patterns that are
  // not whole ARNs (`arn:*`). A trust policy names no resource (reported above), a value not known may be an ARN, and an
  // empty one is unset (RULES.md).
  if (kind === 'identity') {
    for (const entry of [...(statement.resource ?? []), ...(statement.notResource ?? [])]) {
      const text = entry.value;
      if (typeof text === 'string' && text !== '' && text !== '*' && !hasMarker(text) && !text.includes(':')) problems.push({ path: entry.path, message: `resource ${JSON.stringify(text)} must be in ARN format or "*"` });
    }
  }
  if (raw.Action !== undefined && raw.NotAction !== undefined) {
    problems.push({ path, message: 'a statement cannot have both Action and NotAction' });
  } else if (!written(raw.Action) && !written(raw.NotAction) && !misspelled.some((name) => name.endsWith('Action'))) {
    problems.push(missingProblem(raw, path, 'Action', 'NotAction', 'action'));
  }
  if (raw.Resource !== undefined && raw.NotResource !== undefined) {
    problems.push({ path, message: 'a statement cannot have both Resource and NotResource' });
  } else if (kind === 'identity' && !written(raw.Resource) && !written(raw.NotResource) && !misspelled.some((name) => name.endsWith('Resource'))) {
    // "Policy statement must contain resources": of an aws_iam_policy_document, `resources = []` writes none.
    problems.push(missingProblem(raw, path, 'Resource', 'NotResource', 'resource'));
  }

  if (raw.Condition !== undefined) {
    statement.conditionPath = childPath(path, 'Condition');
    const unset: ConditionEntry[] = [];
    statement.conditions = readConditions(raw.Condition, statement.conditionPath, problems, unset);
    if (unset.length > 0) statement.unsetConditions = unset;
  }
  return statement;
}

/**
 * Whether a statement element names anything: an empty list or an empty string is unset (RULES.md), and IAM refuses a
 * statement whose actions or resources are empty ("Policy statement must contain actions" / "... resources").
 */
function written(value: Value | undefined): boolean {
  if (value === undefined || value === '') return false;
  return !Array.isArray(value) || value.some((item) => item !== '');
}

/**
 * Why a statement names no action or resource, and where: the element is absent (the statement is at fault), or it is
 * written with only empty values (`Resource: ""`, `[]`, a parameter or variable whose value is empty), which the message
 * must say, since the element is there, and which is changed where the element is written (with the value it reads).
 */
function missingProblem(raw: Record<string, Value | undefined>, path: Path, field: string, notField: string, noun: string): MalformedProblem {
  const present = raw[field] !== undefined ? field : raw[notField] !== undefined ? notField : undefined;
  return present === undefined
    ? { path, message: `the statement has neither ${field} nor ${notField}` }
    : { path: childPath(path, present), message: `the statement's ${present} names no ${noun}: its value is empty` };
}

/** Which of two keys of an object is written after the other. */
function writtenSecond(object: ValueObject, first: string, second: string): string {
  const keys = Object.keys(object);
  return keys.indexOf(first) > keys.indexOf(second) ? first : second;
}

/** The statement elements of string values, with the Statement property each is read into. */
const VALUE_FIELDS = [
  ['Action', 'action'],
  ['NotAction', 'notAction'],
  ['Resource', 'resource'],
  ['NotResource', 'notResource'],
] as const;

function readPrincipal(raw: Value, path: Path, problems: MalformedProblem[]): PrincipalSet {
  const set: PrincipalSet = { any: false, path, AWS: [], Service: [], Federated: [], CanonicalUser: [] };
  if (raw === '*') {
    set.any = true;
    return set;
  }
  const unresolved = raw instanceof Unresolved ? raw : isObject(raw) ? unresolvedKeyOf(raw) : undefined;
  if (unresolved) {
    set.unresolved = unresolved;
    return set;
  }
  if (!isObject(raw)) {
    problems.push({ path, message: `a principal must be "*" or an object of ${PRINCIPAL_TYPES.join('/')}, not ${JSON.stringify(raw)}` });
    return set;
  }
  for (const [type, values] of Object.entries(raw)) {
    const known = PRINCIPAL_TYPES.find((name) => name === type);
    if (!known) {
      problems.push({ path, message: `unknown principal type "${type}" (expected ${PRINCIPAL_TYPES.join(', ')})` });
      continue;
    }
    const read = readValues(values, childPath(path, type), problems);
    if (known === 'AWS') for (const entry of read) checkAwsPrincipal(entry, problems);
    // `sagemaker.${AWS::URLSuffix}` (CDK output) names the same principal as `sagemaker.amazonaws.com`.
    if (known === 'Service') for (const entry of read) if (typeof entry.value === 'string') entry.value = entry.value.split(OWNER_URL_SUFFIX).join('amazonaws.com');
    set[known].push(...read);
  }
  return set;
}

/**
 * An AWS principal is `*`, an account id, a unique id, or an IAM/STS ARN naming an account; IAM refuses anything
 * else (`arn:aws:iam::root`, `arn:aws:iam::*:root`) when the policy is created.
 */
function checkAwsPrincipal(entry: PolicyValue, problems: MalformedProblem[]): void {
  const text = entry.value;
  if (typeof text !== 'string' || text === '*' || hasMarker(text) || /^\d{12}$/.test(text) || /^A[A-Z0-9]{15,}$/.test(text)) return;
  const parts = text.split(':');
  const resource = parts.slice(5).join(':');
  const named = parts[2] === 'iam' ? resource === 'root' || /^(user|role)\/./.test(resource) : parts[2] === 'sts' && /^(assumed-role|federated-user)\/./.test(resource);
  const valid = parts.length >= 6 && parts[0] === 'arn' && parts[1] !== '' && parts[3] === '' && /^\d{12}$/.test(parts[4]!) && named && !/[*?]/.test(text);
  if (!valid) {
    const wildcard = /[*?]/.test(text) ? ': wildcards are allowed only as the whole principal "*"' : '';
    problems.push({ path: entry.path, message: `AWS principal "${text}" is not an account id or an ARN of the form arn:aws:iam::<account>:<root|role/...|user/...> or arn:aws:sts::<account>:<assumed-role/...|federated-user/...>${wildcard}` });
  }
}

function readValues(raw: Value, path: Path, problems: MalformedProblem[]): PolicyValue[] {
  const values: PolicyValue[] = [];
  if (!Array.isArray(raw)) readValue(raw, path, values, problems);
  else for (let index = 0; index < raw.length; index++) readValue(raw[index]!, childPath(path, index), values, problems);
  return values;
}

function readValue(item: Value, path: Path, values: PolicyValue[], problems: MalformedProblem[]): void {
  if (item instanceof Unresolved || typeof item === 'string') values.push({ value: item, path });
  else if (typeof item === 'number' || typeof item === 'boolean') values.push({ value: String(item), path });
  else if (item !== null) problems.push({ path, message: `expected a string, found ${Array.isArray(item) ? 'a list' : 'an object'}` });
}

/** An entry standing for conditions that could not be resolved: never treated as absent. */
function unknownConditions(path: Path, reason: Unresolved): ConditionEntry {
  return { operator: '', key: '', values: [], operatorPath: path, path, valueWasList: false, unresolved: reason };
}

function readConditions(raw: Value, path: Path, problems: MalformedProblem[], unset: ConditionEntry[]): ConditionEntry[] {
  if (raw instanceof Unresolved) return [unknownConditions(path, raw)];
  if (!isObject(raw)) {
    problems.push({ path, message: 'Condition must be an object of operator: {key: values}' });
    return [];
  }
  const entries: ConditionEntry[] = [];
  for (const [operator, block] of Object.entries(raw)) {
    const operatorPath = childPath(path, operator);
    if (block instanceof Unresolved) {
      entries.push(unknownConditions(operatorPath, block));
      continue;
    }
    if (!isObject(block)) {
      problems.push({ path: operatorPath, message: `the ${operator} condition must be an object of key: values` });
      continue;
    }
    // An operator with no key (`Strin: {}`) tests nothing, yet IAM still checks its name: kept as unset, with no key,
    // so that an unknown one is reported (policy-invalid-condition-operator).
    const keys = Object.entries(block);
    if (keys.length === 0) unset.push({ operator, key: '', values: [], operatorPath, path: operatorPath, valueWasList: false });
    for (const [key, values] of keys) {
      const keyPath = childPath(operatorPath, key);
      // A key written from a value not known statically may be any key, a pinning one included.
      const unknownKey = unresolvedPieceOf(operator) ?? unresolvedPieceOf(key);
      if (unknownKey) {
        entries.push(unknownConditions(keyPath, unknownKey));
        continue;
      }
      // Empty strings and empty lists are unset (RULES.md): `sts:ExternalId: ""` is no condition at all. A value written
      // alone is the key's one value, at index 0 like the one value of a list: a finding on it is told from one on the
      // key, which a source may write elsewhere (an aws_iam_policy_document's `values` below its `variable`); a locator
      // places the index where the value is written, else where its key is.
      const written = readValues(Array.isArray(values) ? values : [values], keyPath, problems);
      const read = written.filter((entry) => entry.value !== '');
      const entry = { operator, key, values: read, operatorPath, path: keyPath, valueWasList: Array.isArray(values) };
      if (read.length > 0) entries.push(entry);
      else unset.push(withProperties(entry, { values: written }));
    }
  }
  return entries;
}

// ---- Policies written as JSON strings ------------------------------------------------------------------

const PRIVATE_START = '\uE001';
const PRIVATE_END = '\uE002';

/**
 * Policies already read from JSON text, by the text, then by kind and path: resources stamped out of one module
 * repeat the same text, and the statements depend on nothing else (their locator and repeated keys are the
 * resource's own). Documents that share an entry share their statements, which nothing modifies.
 */
export type NormalizedTexts = Map<string, SharedReading[]>;

interface SharedReading extends Pick<PolicyDocument, 'statements' | 'problems' | 'version' | 'id' | 'unresolved'> {
  kind: PolicyRef['kind'];
  path: Path;
  /** The text with its markers swapped out, as locators read it, and its value. */
  swapped: string;
  value: Value;
  repeatsKeys: boolean;
  /** Whether the text holds no value known only after apply (`isKnownAtPlan`): read once per text, not per document. */
  knownAtPlan: boolean;
}

function normalizeJsonString(text: string, ref: PolicyPlace, resource: Resource, texts: NormalizedTexts | undefined): PolicyDocument {
  // Keyed by the text itself first: a key built around it would copy and hash the whole text each time.
  const readings = texts?.get(text);
  let shared = readings && readingAt(readings, ref);
  let locator: JsonTextLocator;
  if (shared) locator = new JsonTextLocator(shared.swapped, ref.path, resource, shared.value);
  else {
    const read = parseJsonText(text, ref.path, resource);
    if ('error' in read) {
      const locator = new JsonErrorLocator(read.swapped, read.offset, ref.path, resource);
      const problem: MalformedProblem = {
        path: ref.path,
        message: `the policy is not valid JSON: ${read.error}`,
        position: read.position,
        ...(errorRestsOnMarker(read.swapped, read.offset) ? { restsOnUnknown: true as const } : {}),
        // The AWS provider validates a policy text it knows at plan as JSON (a byte order mark that file() keeps included).
        ...(resource.format === 'terraform' && isKnownAtPlan(text) ? { refusedAtPlan: true as const } : {}),
      };
      return { resource: ref.resource, path: ref.path, kind: ref.kind, name: ref.name, statements: [], problems: [problem], locator };
    }
    locator = read.locator;
    // Of this document only what the documents of one text share is kept: its locator does not matter, nor its
    // resource's account (normalizePolicy reads that for each resource the text is shared by).
    const doc = readPolicy(read.value, ref, resource);
    shared = { kind: ref.kind, path: ref.path, swapped: read.swapped, value: read.value, statements: doc.statements, problems: doc.problems, version: doc.version, id: doc.id, unresolved: doc.unresolved, repeatsKeys: jsonHasDuplicateKeys(read.swapped), knownAtPlan: isKnownAtPlan(text) };
    if (readings) readings.push(shared);
    else texts?.set(text, [shared]);
  }
  return {
    resource: ref.resource,
    path: ref.path,
    kind: ref.kind,
    name: ref.name,
    version: shared.version,
    id: shared.id,
    statements: shared.statements,
    problems: shared.problems,
    unresolved: shared.unresolved,
    writtenAsText: true,
    // Each field written, undefined where it does not apply, not spread in: a literal keeps one hidden class, where
    // spreads made each document apart (most documents of a plan read a text another one read already).
    textUnknownAtPlan: shared.knownAtPlan ? undefined : true,
    duplicateKeys: shared.repeatsKeys ? locator.duplicateKeys() : NO_DUPLICATE_KEYS,
    // A plan's text rendered from a policy document data source read at plan time: the texts it included.
    includedDuplicateKeys: renderedDuplicateKeys(resource, ref.path),
    locator,
  };
}

/** Shared by the documents of texts that repeat no key (most): nothing adds to a document's duplicate keys. */
const NO_DUPLICATE_KEYS: readonly DuplicateKey[] = [];

function readingAt(readings: readonly SharedReading[], { kind, path }: PolicyPlace): SharedReading | undefined {
  for (const reading of readings) if (reading.kind === kind && samePath(reading.path, path)) return reading;
  return undefined;
}

/** The same steps: `0` and `"0"` differ, as the statements' paths would. */
function samePath(a: Path, b: Path): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return false;
  return true;
}

/**
 * Reads JSON written as a string value of a resource (a pipeline definition): the value, and a locator that points
 * inside the string where the file shows its text (`Locator.stringOrigin`).
 */
export interface JsonText {
  value: Value;
  locator: Locator;
}

export function readJsonText(text: string, path: Path, resource: Resource): JsonText | { error: string } {
  const read = parseJsonText(text, path, resource);
  return 'error' in read ? read : { value: read.value, locator: read.locator };
}

function parseJsonText(text: string, path: Path, resource: Resource): { value: Value; swapped: string; locator: JsonTextLocator } | { error: string; position: string; swapped: string; offset: number } {
  const swapped = swapMarkers(text);
  let parsed: Value;
  try {
    parsed = JSON.parse(swapped) as Value;
  } catch (error) {
    const { reason, offset } = jsonSyntaxError(swapped, error);
    return { error: reason, position: `line ${lineColumn(swapped, offset).line} of the policy text`, swapped, offset };
  }
  const value = swapped === text ? parsed : unswap(parsed);
  return { value, swapped, locator: new JsonTextLocator(swapped, path, resource, value) };
}

/**
 * Whether JSON.parse's refusal at `offset` of the text (markers swapped) may be the work of a value not known
 * statically: parsing stops where a marker is written (a value, a list written by an interpolation), or after an
 * unresolved value, whose text may hold quotes and brackets that change everything after it. A reference or a symbol
 * of the owner (an ARN, an account) inside a string before the refusal changes nothing of it.
 */
function errorRestsOnMarker(swapped: string, offset: number): boolean {
  for (let start = swapped.indexOf(PRIVATE_START); start >= 0 && start <= offset; start = swapped.indexOf(PRIVATE_START, start + 1)) {
    const end = swapped.indexOf(PRIVATE_END, start);
    if (end < 0 || offset <= end || swapped.startsWith('unk|', start + 1)) return true;
  }
  return false;
}

/**
 * Markers hold control characters that JSON forbids inside strings: swap them out (and back, see `unswap`). So are the
 * quotes, backslashes and control characters of their payloads (`aws_s3_bucket.b["k"].arn`, an instance of a
 * for_each): the interpolation writes the value, not the name, so none of them ends a JSON string or escapes the next
 * character. Each is swapped for one character, so offsets in the swapped text are those of the text.
 */
function swapMarkers(text: string): string {
  if (!hasMarker(text)) return text;
  return text.replace(MARKER_TEXT, (found) => PRIVATE_START + found.slice(1, -1).replace(JSON_SPECIAL, (char) => String.fromCharCode(PRIVATE_CHAR_BASE + char.charCodeAt(0))) + PRIVATE_END).split(MARK_START).join(PRIVATE_START).split(MARK_END).join(PRIVATE_END);
}

/** A marker, from its start to its end. */
const MARKER_TEXT = new RegExp(`${MARK_START}[^${MARK_START}${MARK_END}]*${MARK_END}`, 'g');
/** What JSON reads specially inside a string: a quote, a backslash, a control character. */
const JSON_SPECIAL = /["\\\u0000-\u001f]/g;
/** Where the stand-ins of JSON_SPECIAL's characters start: U+E100 + the character's code, in the private use area. */
const PRIVATE_CHAR_BASE = 0xe100;
const PRIVATE_SPECIAL = /[\uE100-\uE15C]/g;

/**
 * Locates paths inside valid JSON text (markers swapped) held at `path` of a resource, and finds the keys it
 * repeats. Valid JSON is valid YAML: the yaml package gives the positions and the repeated keys JSON.parse hides.
 * It is slow next to JSON.parse, so it reads the text only when a key repeats or a location inside is asked for;
 * the string itself is located in its file only when a location is needed.
 */
class JsonTextLocator implements Locator {
  /** Where the text starts in the file when the file shows it (a heredoc, a YAML block), once asked; null when it does not. */
  private origin?: StringOrigin | null;
  /**
   * Where the string itself is, found when first read: without an origin a path inside is mostly located by
   * `locateInString`, which needs none (a plan's policy findings: finding the string in the plan's text for each
   * one took a quarter of the time spent locating them).
   */
  private outer?: SourceLocation;
  private positions?: { ranges: Map<string, [number, number]>; duplicateKeys: DuplicateKey[]; lineCounter: LineCounter };

  constructor(
    private readonly swapped: string,
    private readonly path: Path,
    readonly resource: Resource,
    /** The text's value, as read. */
    private readonly value: Value,
  ) {}

  locate(inner: Path): SourceLocation {
    // Without an origin every position inside maps to the string itself: no need to read them.
    const origin = this.textOrigin();
    if (!origin) return this.resource.locator.locateInString?.(inner, valueAtPath(this.value, inner, this.path.length), this.value) ?? this.outerLocation();
    const { ranges, lineCounter } = this.readPositions();
    for (let length = inner.length; length >= this.path.length; length--) {
      const range = ranges.get(JSON.stringify(inner.slice(0, length)));
      if (range) return writtenInInterpolationOrVariable(origin, inner.slice(this.path.length, length), range, lineCounter.linePos) ?? this.toFile(range);
    }
    return this.resource.locator.locate(inner);
  }

  valueWrittenAt(inner: Path, part?: string): SourceLocation | undefined {
    if (this.textOrigin()) return undefined;
    // A policy rendered from a policy document data source, else one the source writes as a value (`jsonencode({...})`).
    const { locator } = this.resource;
    return locator.valueWrittenInString?.(inner, this.value, part) ?? locator.valueWrittenAt?.(inner, part);
  }

  variableReadAt(inner: Path): string | undefined {
    const origin = this.textOrigin();
    // A policy rendered from a policy document data source, else one the source writes as a value (`jsonencode({...})`).
    if (!origin) return this.resource.locator.variableReadInString?.(inner, this.value) ?? this.resource.locator.variableReadAt?.(inner);
    // A template's text (a heredoc): a string one interpolation written alone there renders.
    return variableReadInText(this.swapped, origin, inner.slice(this.path.length));
  }

  builtValue(inner: Path): Value | undefined {
    return this.textOrigin() ? undefined : this.resource.locator.builtValueInString?.(inner, this.value);
  }

  interpolationWriting(inner: Path): InterpolationWriting | undefined {
    const origin = this.textOrigin();
    // Without an origin, the resource's locator reads where the text is written (a plan's, the heredoc it renders).
    if (!origin) return this.resource.locator.interpolationWriting?.(inner);
    return interpolationWritingInText(this.swapped, origin, inner.slice(this.path.length));
  }

  duplicateKeys(): DuplicateKey[] {
    return this.readPositions().duplicateKeys;
  }

  private textOrigin(): StringOrigin | undefined {
    if (this.origin === undefined) this.origin = fittedOrigin(this.resource, this.path, this.swapped) ?? null;
    return this.origin ?? undefined;
  }

  private outerLocation(): SourceLocation {
    return (this.outer ??= this.resource.locator.locate(this.path));
  }

  private toFile(range: [number, number], position = this.positions!.lineCounter.linePos): SourceLocation {
    const origin = this.textOrigin();
    return (origin && writtenRange(range, position, origin, this.outerLocation().file)) ?? this.outerLocation();
  }

  private readPositions(): { ranges: Map<string, [number, number]>; duplicateKeys: DuplicateKey[]; lineCounter: LineCounter } {
    return (this.positions ??= readTextPositions(this.swapped, this.path, (range, position) => this.toFile(range, position)));
  }
}

/**
 * The ranges of the paths of valid JSON text (markers swapped) held at `path`, and the keys it repeats, located by
 * `toFile` (given the range and the text's line positions). Valid JSON is valid YAML: the yaml package gives the
 * positions and the repeated keys JSON.parse hides.
 */
function readTextPositions(
  swapped: string,
  path: Path,
  toFile: (range: [number, number], position: LineCounter['linePos']) => SourceLocation,
): { ranges: Map<string, [number, number]>; duplicateKeys: DuplicateKey[]; lineCounter: LineCounter } {
  const lineCounter = new LineCounter();
  const document = parseDocument(swapped, { uniqueKeys: false, lineCounter, prettyErrors: false, strict: false });
  const positions = { ranges: new Map<string, [number, number]>(), duplicateKeys: [] as DuplicateKey[], lineCounter };
  toValue(document.contents as YamlNode | null, path, positions.ranges, positions.duplicateKeys, (range) => toFile(range, lineCounter.linePos));
  return positions;
}

function toValue(
  node: YamlNode | null,
  path: Path,
  ranges: Map<string, [number, number]>,
  duplicates: DuplicateKey[],
  toFile: (range: [number, number]) => SourceLocation,
): Value {
  if (node?.range) ranges.set(JSON.stringify(path), [node.range[0], node.range[1]]);
  if (isMap(node)) {
    const result: ValueObject = {};
    const seen = new Map<string, number[]>();
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      const keyStart = isScalar(pair.key) && pair.key.range ? pair.key.range[0] : 0;
      const valueEnd = (pair.value as YamlNode | null)?.range?.[1] ?? keyStart;
      ranges.set(JSON.stringify([...path, key]), [keyStart, valueEnd]);
      seen.set(key, [...(seen.get(key) ?? []), keyStart]);
      setOwn(result, key, toValue(pair.value as YamlNode | null, [...path, key], ranges, duplicates, toFile));
      // The pair range must win over the value's own range for the key path.
      ranges.set(JSON.stringify([...path, key]), [keyStart, valueEnd]);
    }
    for (const [key, offsets] of seen) {
      if (offsets.length > 1) {
        duplicates.push({
          path,
          key: unswapString(key),
          locations: offsets.map((offset) => toFile([offset, offset + key.length + 2])),
        });
      }
    }
    return result;
  }
  if (isSeq(node)) return node.items.map((item, index) => toValue(item as YamlNode, [...path, index], ranges, duplicates, toFile));
  if (isScalar(node)) {
    const scalar = node.value;
    if (typeof scalar === 'string' || typeof scalar === 'number' || typeof scalar === 'boolean' || scalar === null) return scalar;
    return String(scalar);
  }
  return null;
}

function unswapString(text: string): string {
  if (!text.includes(PRIVATE_START)) return text;
  return text
    .replace(PRIVATE_MARKER_TEXT, (found) => found.replace(PRIVATE_SPECIAL, (char) => String.fromCharCode(char.charCodeAt(0) - PRIVATE_CHAR_BASE)))
    .split(PRIVATE_START)
    .join(MARK_START)
    .split(PRIVATE_END)
    .join(MARK_END);
}

/** A swapped marker, from its start to its end. */
const PRIVATE_MARKER_TEXT = /\uE001[^\uE001\uE002]*\uE002/g;

function unswap(value: Value): Value {
  if (typeof value === 'string') return unswapString(value);
  if (Array.isArray(value)) return value.map(unswap);
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([key, inner]) => [unswapString(key), unswap(inner)]));
  return value;
}

/** Where the string holding a policy text is, and where its text starts when the file shows it (a heredoc, a YAML block). */
interface OuterPlace {
  location: SourceLocation;
  origin: StringOrigin | undefined;
}

/** The place of the string at `path` of the resource, its text read as `swapped` (markers swapped: see `swapMarkers`). */
function outerPlaceOf(resource: Resource, path: Path, swapped: string): OuterPlace {
  const origin = fittedOrigin(resource, path, swapped);
  return { location: resource.locator.locate(path), origin };
}

/** Where the text of the string at `path` of the resource starts in its file, fitted to the text read (`swapped`), if the file shows it. */
function fittedOrigin(resource: Resource, path: Path, swapped: string): StringOrigin | undefined {
  const origin = resource.locator.stringOrigin?.(path);
  return origin?.fit ? origin.fit(swapped) : origin;
}

/**
 * Locates the policy text that JSON.parse refused: the text's own path at the line and column where parsing stopped,
 * when the string is written as one scalar of the file (a heredoc, a YAML block); every other path as the resource does.
 */
class JsonErrorLocator implements Locator {
  constructor(
    private readonly swapped: string,
    private readonly offset: number,
    private readonly path: Path,
    readonly resource: Resource,
  ) {}

  locate(inner: Path): SourceLocation {
    if (inner.length !== this.path.length || inner.some((part, index) => part !== this.path[index])) return this.resource.locator.locate(inner);
    const { location: outer, origin } = outerPlaceOf(this.resource, this.path, this.swapped);
    if (!origin) return outer;
    const end = Math.min(this.offset + 1, this.swapped.length);
    return writtenRange([this.offset, Math.max(end, this.offset)], linePositions(this.swapped), origin, outer.file) ?? outer;
  }
}
