/**
 * `data "aws_iam_policy_document"` evaluated to the policy AWS receives (the data source's `json`), with the AWS
 * provider's rules: Effect defaults to Allow, principals of one type merge, `*`/`*` is the whole `"*"`, condition
 * blocks with the same test and variable merge their values, a one-element list is written as a string,
 * `source_policy_documents` come first, then the document's own statements replace those with the same Sid, then
 * `override_policy_documents` replace by Sid in turn (a statement that one with a Sid not known statically may replace,
 * or be replaced by, is left unknown; a Sid that the source documents, or the own statements, repeat is kept twice, as
 * the provider refuses it); the latest Version and the last non-empty Id of them all win. Lists keep their
 * source order (the provider sorts some):
 * order means nothing to IAM, and source order keeps every element locatable.
 */
import type { DuplicateKey, Path, SourceLocation, StringOrigin } from '../../src/model/index.js';
import { DOCUMENT_ELEMENTS, STATEMENT_ELEMENTS } from '../../src/model/policy.js';
import { iamCatalog } from '../../src/iam/catalog.js';
import { iamDateReadings, parseNumber } from '../../src/iam/conditions.js';
import { parseOperator } from '../../src/iam/operators.js';
import { listAt } from '../../src/model/maps.js';
import { compareText } from '../../src/model/order.js';
import { MARK_END, MARK_START, Unresolved, asList, hasMarker, isObject, locationKey, pathKey, type Value, type ValueObject } from '../../src/model/index.js';
import { textLocator } from '../json-text.js';
import { formatNumber, unknownFromMarkers } from './expression/convert.js';
import { locateValue, originLocation, originOf, registerOrigin, valueWrittenAt, variableReadAt, type Origin } from './origins.js';
import { dynamicContentOf, madeByDynamicContent, statementInput, statementInputPlace, type StatementInput } from './dynamic-input.js';
import { unresolved } from './expression/reasons.js';
import { setOwn } from '../../src/model/objects.js';

/**
 * Blocks made by a `dynamic` block whose `for_each` is not known: they stand for an unknown number of blocks (maybe
 * none), so a statement, principal set or condition set built from one is unknown as a whole.
 */
const unknownBlocks = new WeakMap<object, Unresolved>();

export function markUnknownBlock(block: ValueObject, reason: Unresolved): void {
  unknownBlocks.set(block, reason);
}

/** Why the first of the blocks that a dynamic block whose for_each is not known made stands for blocks not known. */
export function unknownBlockIn(blocks: Value[]): Unresolved | undefined {
  for (const block of blocks) {
    const reason = isObject(block) ? unknownBlocks.get(block) : undefined;
    if (reason) return reason;
  }
  return undefined;
}

const STATEMENT_LISTS = [
  ['actions', 'Action'],
  ['not_actions', 'NotAction'],
  ['resources', 'Resource'],
  ['not_resources', 'NotResource'],
] as const;

/**
 * How a statement that a data source takes from an entry of `source_policy_documents`/`override_policy_documents` is
 * written, where a fix of it goes: the object of a `jsonencode({...})`, JSON text (a heredoc, a string; `readFrom`
 * the file that `file()` reads it from, and the file of the module that reads it), or the statement blocks of another
 * data source.
 */
export type IncludedStatement = { written: 'object' } | { written: 'text'; readFrom?: { file: string; module: string } } | { written: 'blocks'; document: string };

/**
 * The policies built by `data "aws_iam_policy_document"`: the data source's address (where known), and how each
 * statement an included document gives is written, by position (none for the data source's own), worked out when a
 * fix asks.
 */
/** Where an included text writes a statement: the text (one of the built policy's `texts`) and the path in it. */
interface WrittenInText {
  text: IncludedText;
  path: Path;
}

const builtDocuments = new WeakMap<
  object,
  { address: string | undefined; included: Array<(() => IncludedStatement | undefined) | undefined>; texts: readonly IncludedText[]; inTexts: ReadonlyArray<WrittenInText | undefined> }
>();

/**
 * JSON text that an entry of `source_policy_documents`/`override_policy_documents` gives a built policy (of the data
 * source, or of one whose document it includes): the provider reads it with Go's JSON decoder, which keeps the last of
 * two equal keys without a word, where a policy resource's own text is refused (policy-duplicate-key).
 */
export interface IncludedText {
  text: string;
  /** Where the text's characters are written (a heredoc, a file read), when a file shows them. */
  origin(): StringOrigin | undefined;
  /** Where the entry that gives the text is. */
  entry(): SourceLocation;
  /**
   * Paths in the text of its statements that a later statement of the same Sid replaced (an override's, the data
   * source's own): the policy does not hold them, nor what their keys repeat.
   */
  replaced?: Path[];
}

/** The JSON texts the entries of the policy document data source that built `document` give it, if it is one. */
export function includedTextsOf(document: Value | undefined): readonly IncludedText[] {
  return (isObject(document) && builtDocuments.get(document)?.texts) || [];
}

/** Whether the value is a policy built by `data "aws_iam_policy_document"` (so that a fix is written as its blocks). */
export function isPolicyDocumentDataSource(value: Value | undefined): boolean {
  return isObject(value) && builtDocuments.has(value);
}

/** The JSON text of an included document that writes the statement at `index` of a built policy, if one does. */
export function includedTextAt(document: Value | undefined, index: number): IncludedText | undefined {
  return isObject(document) ? builtDocuments.get(document)?.inTexts[index]?.text : undefined;
}

/** How the statement at `index` of a built policy is written where an included document gives it; undefined for an own statement. */
export function includedStatementOf(document: Value | undefined, index: number): IncludedStatement | undefined {
  return isObject(document) ? builtDocuments.get(document)?.included[index]?.() : undefined;
}

/**
 * The three parts of a policy document in the order the provider merges them: a statement replaces one of an earlier
 * part that has its Sid; two of the source documents, or of the data source's own statements, with one Sid are an
 * error, and the override documents replace by Sid in turn.
 */
type MergePart = 'source' | 'own' | 'override';

/** Whether a statement of the later part replaces one of the earlier part that has its Sid (else the two are refused). */
function replacesBySid(earlier: MergePart, later: MergePart): boolean {
  return later === 'override' || earlier !== later;
}

/**
 * `properties` is the data source's evaluated body (blocks as lists of objects, registered with their origins).
 * `textOrigin`: where the characters of an included document's text are written, for a data source whose origin does
 * not tell (a plan's data source read at plan time): its statements, and the keys it repeats, are located there, and a
 * fix of them is written there, as for the `.tf` scan's (worked out when first asked).
 */
export function buildPolicyDocument(properties: ValueObject, dataOrigin: Origin, address?: string, textOrigin?: (path: Path, text: string) => StringOrigin | undefined): ValueObject {
  const statements: Value[] = [];
  /** Where the statement of each Sid is in `statements`, and which of the three parts of the merge wrote it. */
  const positions = new Map<string, { position: number; part: MergePart }>();
  /**
   * Statements with a Sid still known to survive, by the part that wrote them: a later statement of an unknown Sid may
   * replace those of the parts it replaces by Sid (`replacesBySid`), and one of any Sid those of an unknown Sid. Once
   * such a statement comes, they become unknown; one of the same part with the same Sid is refused, not a replacement.
   */
  const knownSidKept = new Map<MergePart, number[]>();
  const unknownSidKept = new Map<MergePart, Array<[number, Unresolved]>>();
  /** The part that wrote the statement at each position of `statements`: the last, where one replaced another. */
  const partAt: MergePart[] = [];
  /** Leaves unknown the statements kept of the parts a statement of `part` replaces by Sid, and keeps them no longer. */
  const mayBeReplaced = <T>(kept: Map<MergePart, T[]>, part: MergePart, entryOf: (entry: T) => [number, Unresolved]): void => {
    for (const [earlier, entries] of kept) {
      if (!replacesBySid(earlier, part)) continue;
      kept.delete(earlier);
      for (const entry of entries) {
        const [position, reason] = entryOf(entry);
        // One a later part has replaced since is kept under that part.
        if (partAt[position] === earlier && !(statements[position] instanceof Unresolved)) statements[position] = reason;
      }
    }
  };
  /**
   * Where each statement of `statements` that an included document gives is written, by position: the data source's
   * own statements are registered where their blocks are, but an included document's may be objects another resource
   * reads too (a local's `jsonencode({...})`), whose location must not become this data source's.
   */
  const writtenAt: Array<((path: Path) => SourceLocation) | undefined> = [];
  const included: Array<(() => IncludedStatement | undefined) | undefined> = [];
  /** Where an included text writes the statement at each position of `statements`, to record it replaced. */
  const inTexts: Array<WrittenInText | undefined> = [];
  let tooMany = false;
  const texts: IncludedText[] = [];
  const merge = ({ statements: incoming, locate, includedAt, writing, inText }: ReadDocument, part: MergePart): void => {
    for (const [index, statement] of incoming.entries()) {
      const sid = sidOf(statement);
      if (sid !== undefined) mayBeReplaced(unknownSidKept, part, (entry) => entry);
      if (sid instanceof Unresolved) mayBeReplaced(knownSidKept, part, (position) => [position, sid]);
      const kept = typeof sid === 'string' ? positions.get(sid) : undefined;
      // The provider refuses a Sid that the source documents, or the data source's own statements, repeat: both are
      // kept, and the policy then holds the Sid twice, which policy-malformed reports.
      const existing = kept && replacesBySid(kept.part, part) ? kept.position : undefined;
      const repeated = kept !== undefined && existing === undefined;
      const written = locate && ((path: Path) => locate(index, path));
      if (repeated && includedAt && isObject(statement) && statements.length < MOST_STATEMENTS) {
        // A source document's statement that repeats a Sid is the mistake of including it: its Sid is located at the
        // inclusion, in a copy (the statement itself stays where its document writes it).
        writtenAt[statements.length] = includedAt;
        included[statements.length] = writing?.(index);
        inTexts[statements.length] = inText?.(index);
        listAt(knownSidKept, part).push(statements.length);
        partAt[statements.length] = part;
        statements.push({ ...statement });
      } else if (existing !== undefined) {
        statements[existing] = statement;
        const lost = inTexts[existing];
        lost?.text.replaced?.push(lost.path);
        inTexts[existing] = inText?.(index);
        writtenAt[existing] = written;
        included[existing] = writing?.(index);
        listAt(knownSidKept, part).push(existing);
        partAt[existing] = part;
        // The part that wrote it last: an own statement that replaced a source's is repeated by another own one.
        if (typeof sid === 'string') positions.set(sid, { position: existing, part });
      } else if (statements.length === MOST_STATEMENTS) tooMany = true;
      else {
        if (typeof sid === 'string') {
          if (!repeated) positions.set(sid, { position: statements.length, part });
          listAt(knownSidKept, part).push(statements.length);
        } else if (sid !== undefined) listAt(unknownSidKept, part).push([statements.length, sid]);
        partAt[statements.length] = part;
        writtenAt[statements.length] = written;
        included[statements.length] = writing?.(index);
        inTexts[statements.length] = inText?.(index);
        statements.push(statement);
      }
    }
  };
  // As the provider merges each document in turn: a non-empty Id replaces the one so far, and a Version that sorts
  // after the one so far replaces it (the latest wins, whichever document writes it).
  let id: Value | undefined;
  let version: Value = '';
  let versionAttribute = 'version';
  const mergeDocument = (document: ReadDocument, attribute: string, part: MergePart): void => {
    if (document.texts) texts.push(...document.texts);
    if (document.id !== undefined && document.id !== null && document.id !== '') id = document.id;
    const later = laterVersion(version, document.version);
    if (later !== version) [version, versionAttribute] = [later, attribute];
    merge(document, part);
  };
  asList(properties.source_policy_documents).forEach((source, index) => mergeDocument(readDocument(source, dataOrigin, 'source_policy_documents', index, textOrigin), 'source_policy_documents', 'source'));
  const ownVersion = properties.version === undefined || properties.version === null ? '2012-10-17' : properties.version;
  const variables = policyVariables(ownVersion);
  mergeDocument({ statements: asList(properties.statement).map((block) => buildStatement(block, dataOrigin, variables)), id: properties.policy_id, version: ownVersion }, 'version', 'own');
  asList(properties.override_policy_documents).forEach((override, index) => mergeDocument(readDocument(override, dataOrigin, 'override_policy_documents', index, textOrigin), 'override_policy_documents', 'override'));
  const document: ValueObject = {
    Version: version,
    ...(id === undefined ? {} : { Id: id }),
    Statement: tooMany ? unresolved('limit', `the policy document would hold more than ${MOST_STATEMENTS.toLocaleString('en-US')} statements`) : statements,
  };
  registerOrigin(document, {
    locate: (path) => {
      const [first] = path;
      if (first === 'Version') return dataOrigin.locate([versionAttribute]);
      if (first === 'Id') return dataOrigin.locate(['policy_id']);
      const written = first === 'Statement' && typeof path[1] === 'number' ? writtenAt[path[1]] : undefined;
      return written ? written(path.slice(2)) : dataOrigin.locate([]);
    },
  });
  builtDocuments.set(document, { address, included, texts, inTexts });
  return document;
}

/**
 * The Sid a statement replaces others by: undefined when it has none, Unresolved when it is not known statically (a
 * wholly unknown statement, or a Sid from an unknown value, a resource attribute or the owner's symbols).
 */
function sidOf(statement: Value): string | Unresolved | undefined {
  if (statement instanceof Unresolved) return statement;
  if (!isObject(statement)) return undefined;
  const sid = statement.Sid;
  if (sid instanceof Unresolved) return sid;
  if (typeof sid !== 'string' || sid === '') return undefined;
  return hasMarker(sid) ? unknownFromMarkers(sid) : sid;
}

/**
 * Far more statements than IAM accepts in any policy (10,240 characters at most): documents that include a source
 * document twice, chained, double at every step, and would exhaust the memory long before Terraform refused them.
 */
const MOST_STATEMENTS = 10_000;

/**
 * The Version after a document of `incoming` merges into one of `current`: the later of the two (the provider compares
 * them as strings); one that is absent or empty changes nothing, and one not known statically makes it unknown.
 */
function laterVersion(current: Value, incoming: Value | undefined): Value {
  if (incoming === undefined || incoming === null || incoming === '' || current instanceof Unresolved) return current;
  if (incoming instanceof Unresolved) return incoming;
  if (typeof incoming !== 'string') return new Unresolved('type error: a policy document Version is not a string');
  if (hasMarker(incoming)) return unknownFromMarkers(incoming);
  return typeof current === 'string' && incoming <= current ? current : incoming;
}

/** An included document's statements, and where a path below the statement at an index of them is written. */
interface ReadDocument {
  statements: Value[];
  id?: Value;
  version?: Value;
  locate?(index: number, path: Path): SourceLocation;
  /** Where the data source includes the document (its entry of `source_policy_documents`); none for its own statements. */
  includedAt?(): SourceLocation;
  /** How the statement at an index is written, worked out when asked; none for the data source's own statements. */
  writing?(index: number): (() => IncludedStatement | undefined) | undefined;
  /** The JSON texts the document is read from: its own, or those of the data source that built it. */
  texts?: readonly IncludedText[];
  /** Where one of `texts` writes the statement at an index (its own text, or one the data source that built it includes). */
  inText?(index: number): WrittenInText | undefined;
}

/**
 * The document at `index` of `source_policy_documents`/`override_policy_documents`: one built here, or JSON text. Its
 * statements are located where the document writes them (a local's `jsonencode({...})`, another data source's blocks),
 * else inside the text where its characters are written (a heredoc, a file read), else where the entry writes them
 * (a `jsonencode({...})` written there or in the local entry it reads), else at the entry that gives the document.
 */
function readDocument(value: Value, dataOrigin: Origin, attribute: string, index: number, textOrigin?: (path: Path, text: string) => StringOrigin | undefined): ReadDocument {
  const entry = (path: Path): SourceLocation => dataOrigin.locate([attribute, index, ...path]);
  // Where the text's characters are written: the data source's origin tells, else `textOrigin` (a plan's data source
  // read at plan time, worked out when a statement is located or a fix asks).
  const told = typeof value === 'string' ? dataOrigin.stringOrigin?.([attribute, index]) : undefined;
  let asked: StringOrigin | null | undefined;
  const charactersOf = (): StringOrigin | undefined => {
    if (told || typeof value !== 'string' || !textOrigin) return told;
    return (asked ??= textOrigin([attribute, index], value) ?? null) ?? undefined;
  };
  let located: ((path: Path) => SourceLocation | undefined) | null | undefined;
  const inText = typeof value === 'string' ? (path: Path): SourceLocation | undefined => (located ??= textLocator(value, charactersOf(), () => entry([]).file) ?? null)?.(path) : undefined;
  let document: Value = value;
  if (typeof value === 'string') {
    try {
      document = unswap(JSON.parse(value.split(MARK_START).join('\uE001').split(MARK_END).join('\uE002')) as Value);
    } catch {
      document = new Unresolved(`type error: an entry of ${attribute} is not valid JSON`);
    }
  }
  if (document instanceof Unresolved) return { statements: [document], locate: () => entry([]) };
  if (!isObject(document)) return { statements: [new Unresolved(`type error: an entry of ${attribute} is not a policy document`)], locate: () => entry([]) };
  const { value: included, writtenAs: documentKeys } = decodedKeys(document, DOCUMENT_ELEMENTS);
  // The provider decodes Statement into a list: one statement written alone fails the plan (`cannot unmarshal object`).
  if (isObject(included.Statement)) return { statements: [new Unresolved(`type error: the Statement of an entry of ${attribute} is one object, where the provider takes a list`)], locate: () => entry([]) };
  const read = (included.Statement instanceof Unresolved ? [included.Statement] : asList(included.Statement)).map((statement) =>
    isObject(statement) ? decodedKeys(statement, STATEMENT_ELEMENTS) : { value: statement, writtenAs: new Map<string, string>() },
  );
  const statements = read.map(({ value: statement }) => decodedStatement(statement));
  // Where the document writes the statement at an index, by the keys as written.
  const statementKey = documentKeys.get('Statement') ?? 'Statement';
  const statementAt = (at: number): Path => (Array.isArray(included.Statement) ? [statementKey, at] : [statementKey]);
  // A document parsed from text here is registered nowhere: its statements are then located in the text, or in the
  // entry, where the text is the jsonencode() of the object it writes. Paths are located under the keys as written.
  const locate = (at: number, path: Path): SourceLocation => {
    const [first, ...rest] = path;
    const inStatement = typeof first === 'string' ? [read[at]?.writtenAs.get(first) ?? first, ...rest] : path;
    const statementPath = [...statementAt(at), ...inStatement];
    return originLocation(document, statementPath) ?? inText?.(statementPath) ?? entry(statementPath);
  };
  const built = builtDocuments.get(document);
  const writing = (at: number): (() => IncludedStatement | undefined) | undefined => {
    if (built) {
      const { address } = built;
      return built.included[at] ?? (address === undefined ? undefined : () => ({ written: 'blocks', document: address }));
    }
    // A local or argument written as jsonencode({...}) keeps the object's structure.
    if (typeof value !== 'string') return () => ({ written: 'object' });
    const characters = charactersOf();
    if (characters) {
      // A file() read gives the text as written, where no ${...} resolves; a heredoc's and a templatefile() template's resolve them.
      const { file, readWith } = characters;
      const readFrom = file !== undefined && readWith === 'file' ? { file, module: entry([]).file } : undefined;
      return () => ({ written: 'text', ...(readFrom ? { readFrom } : {}) });
    }
    // Text that no file writes: the jsonencode() of an object where the statement is located inside the entry (written
    // there, or in the local it reads), else text made otherwise (a string, a variable).
    return () => ({ written: locationKey(locate(at, [])) === locationKey(entry([])) ? 'text' : 'object' });
  };
  const own: IncludedText | undefined = typeof value === 'string' ? { text: value, origin: charactersOf, entry: () => entry([]), replaced: [] } : undefined;
  // The texts of a data source included are copied: what this policy replaces of them is lost here, not in that
  // data source's own policy (nor in another that includes it).
  const copies = built?.texts.map((text) => ({ ...text, replaced: [...(text.replaced ?? [])] }));
  const texts: readonly IncludedText[] | undefined = own ? [own] : copies;
  // Where a text writes the statement at an index: the own text; else where the built policy's.
  const writtenInText = (at: number): WrittenInText | undefined => {
    if (own) return { text: own, path: statementAt(at) };
    const written = built?.inTexts[at];
    const copy = written && copies?.[built!.texts.indexOf(written.text)];
    return copy && { text: copy, path: written.path };
  };
  return { statements, id: included.Id, version: included.Version, locate, includedAt: () => entry([]), writing, texts, inText: writtenInText };
}

/**
 * An included document's object as the provider decodes it (Go's encoding/json): a key names the policy element of its
 * name in any case (`statement`, `effect`, `action`), the last such key winning, so the rendered document writes it in
 * the element's own case. The object itself when no key needs it; `writtenAs` maps an element to the key that gives it.
 */
function decodedKeys(object: ValueObject, elements: readonly string[]): { value: ValueObject; writtenAs: Map<string, string> } {
  const writtenAs = new Map<string, string>();
  const value: ValueObject = {};
  let renamed = false;
  for (const [key, inner] of Object.entries(object)) {
    const element = elements.find((name) => name === key) ?? elements.find((name) => name.toLowerCase() === key.toLowerCase()) ?? key;
    if (element !== key) renamed = true;
    writtenAs.set(element, key);
    setOwn(value, element, inner);
  }
  return renamed ? { value, writtenAs } : { value: object, writtenAs: new Map() };
}

/**
 * An included document's statement as the provider decodes and renders it: a condition value that is a string or a
 * list is kept, a bool becomes its string, and a number, null or object is dropped (the operator, and Condition, with
 * it when nothing is left): `"aws:SourceAccount": 111122223333` conditions nothing in the policy AWS receives. The
 * statement itself when nothing changes.
 */
function decodedStatement(statement: Value): Value {
  if (!isObject(statement) || !isObject(statement.Condition)) return statement;
  let changed = false;
  const condition: ValueObject = {};
  for (const [operator, keys] of Object.entries(statement.Condition)) {
    if (!isObject(keys)) {
      setOwn(condition, operator, keys);
      continue;
    }
    const kept: ValueObject = {};
    for (const [key, value] of Object.entries(keys)) {
      if (typeof value === 'boolean') setOwn(kept, key, String(value));
      else if (typeof value !== 'number' && value !== null && !isObject(value)) setOwn(kept, key, value);
      if (kept[key] !== value) changed = true;
    }
    // An operator left with no key is not rendered: one written with none (`"Strin": {}`) never reaches IAM.
    if (Object.keys(kept).length > 0) setOwn(condition, operator, kept);
    else changed = true;
  }
  if (!changed) return statement;
  const { Condition: _written, ...rest } = statement;
  return Object.keys(condition).length > 0 ? { ...rest, Condition: condition } : rest;
}

function unswap(value: Value): Value {
  if (typeof value === 'string') return value.split('\uE001').join(MARK_START).split('\uE002').join(MARK_END);
  if (Array.isArray(value)) return value.map(unswap);
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([key, inner]) => [unswap(key) as string, unswap(inner)]));
  return value;
}

/**
 * The provider's `&{...}` spelling of policy variables (HCL reads `${` as interpolation) becomes `${...}` in resources,
 * principals and condition values. Version 2008-10-17 has no policy variables: the provider refuses `&{` there, and
 * the text is kept as written.
 */
function policyVariables(version: Value | undefined): (value: Value) => Value {
  return (value) => (typeof value === 'string' && version !== '2008-10-17' ? value.split('&{').join('${') : value);
}

/** One `statement` block to its JSON form, with a locator from policy paths back to the block's attributes. */
function buildStatement(block: Value, dataOrigin: Origin, variables: (value: Value) => Value): Value {
  if (block instanceof Unresolved) return block;
  if (!isObject(block)) return new Unresolved('type error: a statement block is not an object');
  const unknown = unknownBlockIn([block]);
  if (unknown) return unknown;
  for (const [positive, negative] of [
    ['actions', 'not_actions'],
    ['resources', 'not_resources'],
  ] as const) {
    // One of the pair unknown may well be null: which element AWS receives is not known.
    const pair = [block[positive], block[negative]];
    if (pair.every(isSet) && pair.some((value) => value instanceof Unresolved)) {
      return new Unresolved(`unknown value: whether the statement uses ${positive} or ${negative} is not known statically`);
    }
  }
  const statement: ValueObject = {};
  /** Policy path (below the statement) → path below the block. */
  const sources = new Map<string, Path>();
  const map: Mapper = (policyPath, blockPath, replace = false) => {
    if (replace || !sources.has(pathKey(policyPath))) sources.set(pathKey(policyPath), blockPath);
  };
  if (block.sid !== undefined && block.sid !== null && block.sid !== '') {
    statement.Sid = asString(block.sid);
    map(['Sid'], ['sid']);
  }
  statement.Effect = block.effect === undefined || block.effect === null ? 'Allow' : asString(block.effect);
  map(['Effect'], ['effect']);
  for (const [attribute, element] of STATEMENT_LISTS) {
    const value = block[attribute];
    if (!isSet(value)) continue;
    map([element], [attribute]);
    if (value instanceof Unresolved) {
      statement[element] = value;
      continue;
    }
    const strings = asList(value).map(asString);
    const list = attribute === 'resources' || attribute === 'not_resources' ? strings.map(variables) : strings;
    list.forEach((_, index) => map([element, index], [attribute, index]));
    // A list of one is written as that element: it is where the list writes it (the attribute, when not written as a list).
    if (list.length === 1) map([element], [attribute, 0], true);
    statement[element] = list.length === 1 ? list[0]! : list;
  }
  for (const [attribute, element] of [
    ['principals', 'Principal'],
    ['not_principals', 'NotPrincipal'],
  ] as const) {
    const principal = buildPrincipal(block[attribute], attribute, element, map, variables);
    if (principal !== undefined) statement[element] = principal;
  }
  const condition = buildCondition(block.condition, map, variables, (test, variable, blocks) => {
    // In the order the file writes them: a plan's blocks are the provider's set, in an order of its own.
    const locations = () => blocks.map((at) => locateValue(block, ['condition', at, 'variable'], dataOrigin.locate([]))).sort(inWrittenOrder);
    listAt(conditionRepeats, statement).push({ test, variable, locations });
  }, (index) => {
    // The dynamic block that made a condition block: recorded where the .tf scan made it, asked of a plan's statement.
    const condition = asList(block.condition)[index];
    return (isObject(condition) ? madeByDynamicContent(condition) : undefined) ?? originOf(block)?.dynamicAt?.(['condition', index]);
  });
  if (condition !== undefined) statement.Condition = condition;
  statementBlocks.set(statement, block);
  registerOrigin(statement, {
    locate: (path) => {
      for (let length = path.length; length > 0; length--) {
        const blockPath = sources.get(pathKey(path.slice(0, length)));
        if (blockPath) return locateValue(block, blockPath, dataOrigin.locate([]));
      }
      return locateValue(block, [], dataOrigin.locate([]));
    },
    valueWrittenAt: (path, part) => {
      const blockPath = sources.get(pathKey(path));
      return blockPath && valueWrittenAt(block, blockPath, part);
    },
    variableReadAt: (path) => {
      const blockPath = sources.get(pathKey(path));
      return blockPath && variableReadAt(block, blockPath);
    },
  });
  return statement;
}

const statementBlocks = new WeakMap<ValueObject, ValueObject>();

function inWrittenOrder(a: SourceLocation, b: SourceLocation): number {
  return compareText(a.file, b.file) || a.startLine - b.startLine || a.startColumn - b.startColumn;
}

/**
 * A test and variable that several `condition` blocks of one statement write: the provider merges the values of them
 * all into one list under the key (iamPolicyStatementConditionSet.MarshalJSON), so the condition holds when any one of
 * them matches, where the author wrote one requirement per block (blocks of the same values lose nothing, and are
 * not one). `locations`: the `variable` of each, in the order the file writes them.
 */
interface ConditionRepeat {
  test: string;
  variable: string;
  locations(): SourceLocation[];
}

/** The repeats of the condition blocks a statement built from a `statement` block was made of, when it has any. */
const conditionRepeats = new WeakMap<ValueObject, ConditionRepeat[]>();

/**
 * The keys the condition blocks of a policy built by `data "aws_iam_policy_document"` repeat, by statement, its own or
 * one a data source it includes built: each located at the `variable` of every block that writes it, in order; their
 * paths are below `path`, the policy's. None for another policy, nor for a statement a later one of its Sid replaced.
 */
export function conditionRepeatsOf(document: Value | undefined, path: Path): DuplicateKey[] {
  if (!isObject(document) || !builtDocuments.has(document) || !Array.isArray(document.Statement)) return [];
  const found: DuplicateKey[] = [];
  for (const [index, statement] of document.Statement.entries()) {
    const repeats = isObject(statement) ? conditionRepeats.get(statement) : undefined;
    for (const { test, variable, locations } of repeats ?? []) {
      found.push({ path: [...path, 'Statement', index, 'Condition', test], key: variable, locations: locations(), merged: true });
    }
  }
  return found;
}

/**
 * How the `statement` block a statement of a built document was made from is written as an object the module turns
 * into that block (`dynamic "statement"` over a module input), if it is.
 */
export function statementInputOf(statement: Value | undefined): StatementInput | undefined {
  const block = isObject(statement) ? statementBlocks.get(statement) : undefined;
  return block && statementInput(block);
}

/** Where the object is written that a statement of a built document was made of, where its fix goes (`statementInputOf`). */
export function statementInputPlaceOf(statement: Value | undefined): SourceLocation | undefined {
  const block = isObject(statement) ? statementBlocks.get(statement) : undefined;
  return block && statementInputPlace(block);
}

/** Where the `content` of the `dynamic "statement"` block that made a statement of a built document is written, if one did. */
export function statementContentOf(statement: Value | undefined): ReturnType<typeof dynamicContentOf> {
  const block = isObject(statement) ? statementBlocks.get(statement) : undefined;
  return block && dynamicContentOf(block);
}

/**
 * A value of a string attribute of the data source as the provider receives it: Terraform converts a number or a
 * bool given there to its string (`sid = statement.key` over a list is the index, written `"0"`).
 */
function asString(value: Value): Value {
  return typeof value === 'number' ? formatNumber(value) : typeof value === 'boolean' ? String(value) : value;
}

/** The provider writes a list into the statement only when it has an element (a plan shows the others as `[]`). */
function isSet(value: Value | undefined): value is Value {
  return value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0);
}

/** Maps a policy path to where the block writes it: the first block that writes it, unless `replace`. */
type Mapper = (policyPath: Path, blockPath: Path, replace?: boolean) => void;

function buildPrincipal(blocks: Value | undefined, attribute: string, element: string, map: Mapper, variables: (value: Value) => Value): Value | undefined {
  if (blocks === undefined || blocks === null) return undefined;
  if (blocks instanceof Unresolved) return blocks;
  const list = asList(blocks);
  if (list.length === 0) return undefined;
  map([element], [attribute, 0]);
  const unknown = unknownBlockIn(list);
  if (unknown) return unknown;
  // The provider writes the bare "*" only when every principals block (a set: equal blocks are one) is type "*" with
  // identifiers ["*"]; beside another type, "*" is a principal type of its own (`{"*": "*", "AWS": ...}`).
  if (list.every((block) => isObject(block) && block.type === '*' && asList(block.identifiers).length > 0 && asList(block.identifiers).every((identifier) => identifier === '*'))) return '*';
  const byType = new Map<string, Value[]>();
  /** The block that wrote the first value of each type's list. */
  const firstWriter = new Map<Value[], number>();
  for (const [index, block] of list.entries()) {
    if (!isObject(block)) continue;
    const type = block.type;
    const identifiers = block.identifiers;
    if (typeof type !== 'string') return type instanceof Unresolved ? type : new Unresolved('type error: a principals block has no type');
    const values = byType.get(type) ?? [];
    map([element, type], [attribute, index, 'identifiers']);
    if (identifiers instanceof Unresolved) values.push(identifiers);
    else {
      for (const [offset, identifier] of asList(identifiers).entries()) {
        map([element, type, values.length], [attribute, index, 'identifiers', offset]);
        values.push(variables(identifier));
      }
    }
    if (values.length > 0 && !firstWriter.has(values)) firstWriter.set(values, index);
    byType.set(type, values);
  }
  // A type with one value is written as that value: it is where its block writes it, the one element of its identifiers
  // (the attribute, when they are not written as a list).
  for (const [type, values] of byType) if (values.length === 1) map([element, type], [attribute, firstWriter.get(values)!, 'identifiers', 0], true);
  return Object.fromEntries([...byType].map(([type, values]) => [type, values.length === 1 ? values[0]! : values]));
}

/**
 * `repeated`: told of each test and variable that blocks of different known values write (the indexes of every block
 * that writes it), once every block is read. `madeBy`: the `dynamic` block that made the block at an index, if one did.
 */
function buildCondition(blocks: Value | undefined, map: Mapper, variables: (value: Value) => Value, repeated: (test: string, variable: string, blocks: number[]) => void, madeBy: (index: number) => object | undefined): Value | undefined {
  if (blocks === undefined || blocks === null) return undefined;
  if (blocks instanceof Unresolved) return blocks;
  const list = asList(blocks);
  if (list.length === 0) return undefined;
  map(['Condition'], ['condition']);
  const unknown = unknownBlockIn(list);
  if (unknown) return unknown;
  const merged = new Map<string, Map<string, Value[]>>();
  /** The block that wrote the first value of each test and variable's list. */
  const firstWriter = new Map<Value[], number>();
  /** The blocks that write each test and variable's values, by that list. */
  const writers = new Map<Value[], number[]>();
  for (const [index, block] of list.entries()) {
    if (!isObject(block)) continue;
    const { test, variable, values } = block;
    if (typeof test !== 'string' || typeof variable !== 'string') {
      const unknown = [test, variable].find((value) => value instanceof Unresolved);
      return unknown ?? new Unresolved('type error: a condition block needs test and variable');
    }
    const byVariable = merged.get(test) ?? new Map<string, Value[]>();
    const existing = byVariable.get(variable) ?? [];
    // The provider keeps the blocks as a set: a block identical to one before it (test, variable and the same list of
    // values) is that one, and adds nothing. A plan beside its folder stands for it by a static block before a dynamic block's
    // (writtenBlockFor), so that one writes it here too. Compared only where blocks repeat a test and variable.
    const writing = writers.get(existing);
    const same = writing?.findIndex((at) => sameValues(list[at]!, block, variables)) ?? -1;
    if (same >= 0) {
      if (madeBy(writing![same]!) !== undefined && madeBy(index) === undefined) writing![same] = index;
      continue;
    }
    map(['Condition', test], ['condition', index, 'test']);
    map(['Condition', test, variable], ['condition', index, 'variable']);
    if (values instanceof Unresolved) {
      map(['Condition', test, variable, existing.length], ['condition', index, 'values']);
      existing.push(values);
    } else {
      for (const [offset, value] of asList(values).entries()) {
        map(['Condition', test, variable, existing.length], ['condition', index, 'values', offset]);
        existing.push(variables(asString(value)));
      }
    }
    listAt(writers, existing).push(index);
    if (existing.length > 0 && !firstWriter.has(existing)) firstWriter.set(existing, index);
    byVariable.set(variable, existing);
    merged.set(test, byVariable);
  }
  // A condition with one value is written as that value, which a policy's reader gives the path of the first value of
  // a list (`[..., variable, 0]`, mapped above to its block's `values`); the key is the `variable` of the block that
  // writes it.
  for (const [test, byVariable] of merged) {
    for (const [variable, values] of byVariable) {
      if (values.length === 1) map(['Condition', test, variable], ['condition', firstWriter.get(values)!, 'variable'], true);
      // Merged, blocks of the same values require what each does; blocks of other values would each require their own,
      // and now any one of them passes. Values not known may be another block's; a test or variable not known statically
      // may differ from the other block's at apply. A negated test (StringNotEquals, NotIpAddress) holds where the value
      // matches none of the merged values, which is what the blocks each require (under ForAnyValue: more).
      const writing = writers.get(values)!;
      if (writing.length > 1 && !hasMarker(test) && !hasMarker(variable) && mergeWeakens(test, variable, writing, list, variables, madeBy)) {
        repeated(test, variable, writing);
      }
    }
  }
  return Object.fromEntries([...merged].map(([test, byVariable]) => [test, Object.fromEntries([...byVariable].map(([variable, values]) => [variable, values.length === 1 ? values[0]! : values]))]));
}

/**
 * Whether merging the blocks of one test and variable lets pass what the author cannot have meant to: blocks that one
 * `dynamic` block makes are one writer (a block per element merged into either-or is that idiom's purpose), whose values
 * are those of its blocks together; writers of different known values weaken the condition, unless read as "each of
 * them" it could never pass (`neverAllHold`), so the either-or the provider makes is all the author can have meant.
 */
function mergeWeakens(test: string, variable: string, writing: readonly number[], list: readonly Value[], variables: (value: Value) => Value, madeBy: (index: number) => object | undefined): boolean {
  const operator = parseOperator(test);
  if (!('error' in operator) && operator.negated) return false;
  const writers = new Map<object, Array<string[] | undefined>>();
  for (const index of writing) {
    const writer = madeBy(index) ?? (list[index] as object);
    listAt(writers, writer).push(knownValues(list[index]!, variables));
  }
  if (writers.size < 2) return false;
  // Each writer's values as the test compares them: `300` and `300.0` are one number, `true` and `True` one Bool.
  const compared = (value: string): string => comparedForm(operator, value);
  const valueSets = [...writers.values()].map((blocks) => (blocks.every((values) => values !== undefined) ? [...new Set(blocks.flat().map(compared))].sort() : undefined));
  if (new Set(valueSets.filter((set) => set !== undefined).map((set) => JSON.stringify(set))).size < 2) return false;
  return !neverAllHold(operator, variable, valueSets);
}

/**
 * A condition value as the test compares it with the request's (src/iam/conditions.ts, compareValue): a number or a
 * date by what it denotes, a Bool's and an IgnoreCase test's in lower case; as written otherwise, or where it is not a
 * number or a date the test can read as written, or a date it may read two ways (`iamDateReadings`: `2999`).
 */
function comparedForm(operator: ReturnType<typeof parseOperator>, value: string): string {
  if ('error' in operator) return value;
  if (operator.family === 'Numeric') return String(parseNumber(value) ?? value);
  if (operator.family === 'Date') {
    const readings = iamDateReadings(value);
    return readings.length === 1 ? String(readings[0]) : value;
  }
  return operator.ignoreCase || operator.family === 'Bool' ? value.toLowerCase() : value;
}

/**
 * Whether a request can meet no two of the value sets at once, each required on its own: an exact-equality test
 * without a set qualifier or IfExists (a request without the key passes each IfExists block) on a key IAM documents as
 * single-valued, whose sets, all known and each in the form the test compares (`comparedForm`), share no value.
 * Patterns and policy variables may meet, a multivalued key holds several values at once.
 */
function neverAllHold(operator: ReturnType<typeof parseOperator>, variable: string, valueSets: ReadonlyArray<readonly string[] | undefined>): boolean {
  if ('error' in operator || operator.setQualifier || operator.ifExists || !EXACT_BASES.has(operator.base)) return false;
  if (iamCatalog().isMultivaluedKey(variable) !== false) return false;
  const seen = new Set<string>();
  for (const set of valueSets) {
    if (set === undefined) return false;
    for (const value of set) {
      if (value.includes('${') || (operator.wildcards && /[*?]/.test(value)) || seen.has(value)) return false;
    }
    for (const value of set) seen.add(value);
  }
  return true;
}

/** Tests that compare a request value with each policy value whole: without wildcards (ArnLike, StringLike: where none is written). */
const EXACT_BASES: ReadonlySet<string> = new Set(['StringEquals', 'StringEqualsIgnoreCase', 'NumericEquals', 'DateEquals', 'Bool', 'ArnEquals', 'ArnLike', 'StringLike']);

/**
 * Whether two condition blocks' values are known and the same list, as the provider's set of blocks compares them: its
 * `values` is a list, so `["a", "b"]` and `["b", "a"]` (or `["a", "a"]` and `["a"]`) are two blocks, both kept, both
 * in the policy's merged values and in a plan's condition set.
 */
function sameValues(a: Value, b: Value, variables: (value: Value) => Value): boolean {
  const first = knownValues(a, variables);
  const second = first && knownValues(b, variables);
  return !!first && !!second && second.length === first.length && second.every((value, index) => value === first[index]);
}

/** The values of a condition block, as written (in order); undefined when it has none, or one not known statically. */
function knownValues(block: Value, variables: (value: Value) => Value): string[] | undefined {
  if (!isObject(block) || block.values instanceof Unresolved) return undefined;
  const values = asList(block.values).map((value) => variables(asString(value)));
  if (values.length === 0 || !values.every((value) => typeof value === 'string' && !hasMarker(value))) return undefined;
  return values as string[];
}
