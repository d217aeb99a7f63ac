/**
 * Intrinsic function resolution (DESIGN.md, "Resolution rules"). Every resolved node remembers the source node it
 * came from (its trace), so a path into resolved properties can always be turned back into a source line.
 */
import { isDeepStrictEqual } from 'node:util';
import {
  columnBeforeReplacements,
  displayString,
  displayValue,
  editsOwnerSymbol,
  hasMarker,
  isKnownAtPlan,
  loneReferencePayload,
  MARK_END,
  MARK_START,
  OWNER_ACCOUNT,
  refMarker,
  searchReaches,
  tokenize,
  triAnd,
  triNot,
  triOr,
  Unresolved,
  unresolvedMarker,
  type Path,
  type StringOrigin,
  type Tri,
  type Value,
  type ValueObject,
} from '../../src/model/index.js';
import { iamArnText, keepsIamNameWhole } from '../../src/model/arn.js';
import { NAMED_BY_REF } from './roles.js';
import { isPlainObject, subPieces } from './shape.js';
import { setOwn } from '../../src/model/objects.js';
import type { Template } from './template.js';

/** What one world knows: parameter values and template conditions. */
export interface Scope {
  /** A parameter or pseudo parameter, as properties (or conditions) see it; undefined when there is no such name. */
  parameter(name: string, forCondition: boolean): Value | undefined;
  /** A template condition; undefined when the template declares no such condition. */
  condition(name: string): Tri | undefined;
}

/** A path into the source document, as a linked list (cheap to extend while walking). */
export class SourceLink {
  constructor(
    readonly up: SourceLink | undefined,
    readonly key: string | number,
  ) {}
}

/** The link of a path, below `up`. */
export function linkOf(path: ReadonlyArray<string | number>, up?: SourceLink): SourceLink | undefined {
  return path.reduce<SourceLink | undefined>((link, key) => new SourceLink(link, key), up);
}

function linkPath(link: SourceLink | undefined): Array<string | number> {
  const path: Array<string | number> = [];
  for (let current = link; current; current = current.up) path.push(current.key);
  return path.reverse();
}

/**
 * Where a resolved node came from. Children of a `literal` node that are not listed in `children` sit at `at` plus
 * the same key; a non-literal node (a value an intrinsic produced) has no children and locates to the intrinsic.
 */
export interface Trace {
  at: SourceLink;
  literal: boolean;
  children?: Map<string | number, Trace>;
  /** A string Fn::ToJsonString wrote: the trace of the value it wrote, which paths inside the JSON text follow. */
  json?: Trace;
}

/** `Ref: AWS::NoValue`: the property or list item disappears. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

/** Without a trace, the value is the source node itself, unchanged, at the link it was resolved at. */
export interface Resolved {
  value: Value | typeof NO_VALUE;
  trace?: Trace;
}

/**
 * A parameter value known only to differ from every listed value (a world explores "some other value"), and from the
 * other value a world assumes for any other name; in a condition, also that value with literal text written around it
 * (`!Sub 'app-${Env}'`, `!Join ['-', [app, !Ref Env]]`), which differs from every text not so written.
 */
export class DistinctValue extends Unresolved {
  constructor(
    /** What has the value: a parameter, or one of a list parameter's items, or its items joined. */
    readonly name: string,
    readonly excluded: readonly string[],
    /** The literal text written before and after the value. */
    readonly prefix = '',
    readonly suffix = '',
    /** A parameter's name: its value shows as the template writes it (`${Env}`), as the parameter's does without a world. */
    written?: string,
  ) {
    const other = `${name} has a value other than ${excluded.map((value) => `'${value}'`).join(', ')}`;
    super(prefix === '' && suffix === '' ? other : `'${prefix}' + ${name} + '${suffix}', where ${other}`, prefix === '' && suffix === '' ? written : undefined);
  }

  /** This value with literal text written around it. */
  within(prefix: string, suffix: string): DistinctValue {
    return prefix === '' && suffix === '' ? this : new DistinctValue(this.name, this.excluded, prefix + this.prefix, this.suffix + suffix);
  }

  /** Whether this value is known to differ from a text: one not written with its prefix and suffix, or one around an excluded value. */
  differsFrom(text: string): boolean {
    const [prefix, suffix] = [this.prefix, this.suffix];
    const fits = text.length >= prefix.length + suffix.length && text.startsWith(prefix) && text.endsWith(suffix);
    // A text with markers stands for texts not known: only what is written around the value is compared with it.
    if (!fits) return !hasMarker(text);
    return this.excluded.includes(text.slice(prefix.length, text.length - suffix.length));
  }
}

/** A string a world assumes: a literal, or a value known only to differ from some. */
export type StringAssumption = string | DistinctValue;

/**
 * A list parameter's value as a world assumes it from what conditions compare of it: some of its items (`Fn::Select`)
 * and its items joined with some delimiters (`Fn::Join`); the rest, its length included, is unknown.
 */
export class PartlyKnownList extends Unresolved {
  constructor(
    readonly name: string,
    readonly items: ReadonlyMap<number, StringAssumption>,
    readonly joined: ReadonlyMap<string, StringAssumption>,
  ) {
    super(`parameter ${name} is a list known only in part`);
  }
}

const DYNAMIC_REFERENCE_START = '{{resolve:';
const DYNAMIC_REFERENCE = /\{\{resolve:[^{}]*\}\}/g;

/**
 * A string with CloudFormation dynamic references (`{{resolve:ssm:/path}}`, `{{resolve:secretsmanager:...}}`): the
 * stack reads their values from Parameter Store or Secrets Manager at deploy time, so the template does not hold
 * them. The whole string is unresolved when it is one reference; else each reference is an unresolved piece, so that
 * the colons it holds do not cut an ARN it is written in (`arn:aws:iam::{{resolve:ssm:/account}}:root`).
 */
function withDynamicReferences(text: string): Value {
  const unresolved = (reference: string) => new Unresolved(`dynamic reference ${reference}, read when the stack deploys`);
  const whole = text.match(DYNAMIC_REFERENCE);
  if (whole?.length === 1 && whole[0] === text) return unresolved(text);
  return text.replace(DYNAMIC_REFERENCE, (reference) => unresolvedMarker(unresolved(reference)));
}

/**
 * The origin of a string written as a literal with dynamic references (`written`), read as `value`, where each reference
 * is an unresolved piece longer than the reference: a column of `value` is written where the reference's text puts it.
 * Undefined when the references change the lines (a reference written over a line break).
 */
export function withDynamicReferenceColumns(origin: StringOrigin, value: string, written: string): StringOrigin | undefined {
  const valueLines = value.split('\n');
  const writtenLines = written.split('\n');
  if (valueLines.length !== writtenLines.length) return undefined;
  const { writtenColumn: outer, positionInPieces: inPieces } = origin;
  const columnInWritten = (line: number, column: number): number => {
    const text = valueLines[line - 1] ?? '';
    // The line's unresolved pieces stand for its references, in order.
    const references = [...(writtenLines[line - 1] ?? '').matchAll(DYNAMIC_REFERENCE)].map((match) => match[0].length);
    return columnBeforeReplacements(text, column, (at) => {
      const end = references.length > 0 && text.startsWith(MARK_START, at) ? text.indexOf(MARK_END, at) : -1;
      return end >= 0 ? [end + 1 - at, references.shift()!] : undefined;
    });
  };
  const writtenColumn = (line: number, column: number): number => (outer ? outer(line, columnInWritten(line, column)) : columnInWritten(line, column));
  if (!inPieces) return { ...origin, writtenColumn };
  // An origin that places each position itself (a quoted scalar over several lines) is asked at the written column; it
  // fits the written text, which the references' pieces make longer, as the columns here do.
  const { fit: _fit, ...placed } = origin;
  return { ...placed, writtenColumn, positionInPieces: (line, column, end) => inPieces(line, columnInWritten(line, column), end) };
}

/** A key of Fn::FindInMap known here: a number, or a text with no marker. */
export function isKnownKey(key: Value | undefined): key is string | number {
  return typeof key === 'number' || (typeof key === 'string' && !hasMarker(key));
}

/** The entry of the template's mappings at `[map, top-level key, second-level key]`, as written; undefined where it has none. */
export function mappingEntry(mappings: Record<string, unknown>, keys: readonly string[]): unknown {
  return keys.reduce<unknown>((node, key) => (isPlainObject(node) && Object.hasOwn(node, key) ? node[key] : undefined), mappings);
}

export class Resolver {
  /** The text of each IAM principal's ARN a `Fn::Split` cut, by logical id (undefined while it is read). */
  private readonly arnTexts = new Map<string, string | undefined>();

  constructor(
    private readonly template: Template,
    private readonly scope: Scope,
    /** Resolving inside the Conditions section: pseudo parameters may take the world's assumed values. */
    private readonly forCondition = false,
  ) {}

  resolve(node: unknown, at: SourceLink): Resolved {
    if (Array.isArray(node)) return this.resolveList(node, at);
    if (isPlainObject(node)) {
      const keys = Object.keys(node);
      if (keys.length === 1 && this.isIntrinsic(keys[0]!)) return this.resolveIntrinsic(keys[0]!, node[keys[0]!], at);
      return this.resolveMapping(node, keys, at);
    }
    if (typeof node === 'string' && node.includes(DYNAMIC_REFERENCE_START)) return { value: withDynamicReferences(node) };
    return { value: node === undefined ? null : (node as Value) };
  }

  /** The truth of a condition expression (Fn::Equals/And/Or/Not, Condition, or a value). */
  truth(node: unknown, at: SourceLink): Tri {
    if (typeof node === 'boolean') return node;
    const entries = isPlainObject(node) ? Object.entries(node) : [];
    if (entries.length === 1) {
      const [name, args] = entries[0]!;
      const fn = new SourceLink(at, name);
      const list = Array.isArray(args) ? args : [];
      const item = (index: number) => new SourceLink(fn, index);
      switch (name) {
        case 'Fn::Equals':
          return list.length === 2 ? equals(this.value(list[0], item(0)), this.value(list[1], item(1))) : 'unknown';
        case 'Fn::And':
          return triAnd(list.map((condition, index) => this.truth(condition, item(index))));
        case 'Fn::Or':
          return triOr(list.map((condition, index) => this.truth(condition, item(index))));
        case 'Fn::Not':
          return list.length === 1 ? triNot(this.truth(list[0], item(0))) : 'unknown';
        case 'Condition':
          return typeof args === 'string' ? (this.scope.condition(args) ?? 'unknown') : 'unknown';
      }
    }
    const value = this.value(node, at);
    return value === true || value === 'true' ? true : value === false || value === 'false' ? false : 'unknown';
  }

  private isIntrinsic(key: string): boolean {
    return key === 'Ref' || key.startsWith('Fn::') || (this.forCondition && key === 'Condition');
  }

  /** A resolved value where a value is required (AWS::NoValue there is an error, hence unresolved). */
  value(node: unknown, at: SourceLink): Value {
    const { value } = this.resolve(node, at);
    return value === NO_VALUE ? new Unresolved('AWS::NoValue used where a value is required') : value;
  }

  private resolveList(node: unknown[], at: SourceLink): Resolved {
    const values: Value[] = [];
    let children: Map<string | number, Trace> | undefined;
    let changed = false;
    node.forEach((item, index) => {
      const link = new SourceLink(at, index);
      const { value, trace } = this.resolve(item, link);
      if (value === NO_VALUE) {
        changed = true;
        return;
      }
      if (trace || values.length !== index) (children ??= new Map()).set(values.length, trace ?? { at: link, literal: true });
      changed ||= value !== item || trace !== undefined;
      values.push(value);
    });
    return changed ? { value: values, trace: { at, literal: true, children } } : { value: node as Value[] };
  }

  private resolveMapping(node: Record<string, unknown>, keys: string[], at: SourceLink): Resolved {
    const values: ValueObject = {};
    let children: Map<string | number, Trace> | undefined;
    let changed = false;
    const loopWritten = this.template.loopWrittenKeys.get(node);
    for (const key of keys) {
      // A key a `Fn::ForEach` wrote holds what the loop's fragment writes, where it writes it.
      const writtenAt = loopWritten?.get(key);
      const link = writtenAt ? linkOf(writtenAt, at)! : new SourceLink(at, key);
      const { value, trace } = this.resolve(node[key], link);
      if (value === NO_VALUE) {
        changed = true;
        continue;
      }
      if (trace || writtenAt) (children ??= new Map()).set(key, trace ?? { at: link, literal: true });
      changed ||= value !== node[key] || trace !== undefined || writtenAt !== undefined;
      setOwn(values, key, value);
    }
    return changed ? { value: values, trace: { at, literal: true, children } } : { value: node as ValueObject };
  }

  private resolveIntrinsic(name: string, args: unknown, at: SourceLink): Resolved {
    const fn = new SourceLink(at, name);
    // A dynamic reference an intrinsic writes (`!Sub '{{resolve:ssm:/${Env}/account}}'`, a `Fn::Join` of its pieces, a
    // parameter's value) is resolved by CloudFormation after the intrinsic, as one written literally.
    const produced = (value: Value | typeof NO_VALUE): Resolved => ({
      value: typeof value === 'string' && value.includes(DYNAMIC_REFERENCE_START) ? withDynamicReferences(value) : value,
      trace: { at, literal: false },
    });
    switch (name) {
      case 'Ref':
        return produced(this.ref(args));
      case 'Fn::GetAtt':
        return produced(this.getAtt(args, fn));
      case 'Fn::Sub':
        return produced(this.sub(args, fn));
      case 'Fn::Join':
        return produced(this.join(args, fn));
      case 'Fn::Select':
        return produced(this.select(args, fn));
      case 'Fn::Split':
        return produced(this.split(args, fn));
      case 'Fn::FindInMap':
        return produced(this.findInMap(args, fn));
      case 'Fn::If':
        return this.branch(args, fn, at) ?? produced(new Unresolved(`Fn::If on ${displayValue((Array.isArray(args) ? args[0] : args) as Value)}, which is not a known condition`));
      case 'Fn::Base64':
        return produced(this.base64(args, fn));
      case 'Fn::GetAZs':
        return produced(new Unresolved('Fn::GetAZs: availability zones are known only at deploy time'));
      case 'Fn::Cidr':
        return produced(new Unresolved('Fn::Cidr: address blocks are computed at deploy time'));
      case 'Fn::ImportValue':
        return produced(new Unresolved(`Fn::ImportValue ${displayValue(this.value(args, fn))}: exported by another stack`));
      case 'Fn::ToJsonString': {
        const { value, trace } = this.resolve(args, fn);
        const written = value === NO_VALUE ? new Unresolved('AWS::NoValue used where a value is required') : value;
        return { value: toJsonString(written), trace: { at, literal: false, json: trace ?? { at: fn, literal: true } } };
      }
      case 'Fn::Length': {
        const list = this.value(args, fn);
        return produced(Array.isArray(list) ? list.length : list instanceof Unresolved ? unknownFrom(list) : new Unresolved('Fn::Length needs a list'));
      }
      case 'Fn::Transform':
        return produced(new Unresolved('Fn::Transform: a macro computes this value at deploy time'));
      case 'Fn::Equals':
      case 'Fn::And':
      case 'Fn::Or':
      case 'Fn::Not':
      case 'Condition': {
        const truth = this.truth({ [name]: args }, at);
        return produced(truth === 'unknown' ? new Unresolved(`${name} is not known statically`) : truth);
      }
      default:
        return produced(new Unresolved(`${name} is not supported`));
    }
  }

  private ref(name: unknown): Value | typeof NO_VALUE {
    if (typeof name !== 'string') return new Unresolved('Ref needs a name');
    if (name === 'AWS::NoValue') return NO_VALUE;
    const parameter = this.scope.parameter(name, this.forCondition);
    if (parameter !== undefined) return parameter;
    if (this.template.resourceTypes.has(name)) return refMarker(name);
    return new Unresolved(`Ref to ${name}, which the template does not declare`);
  }

  private getAtt(args: unknown, fn: SourceLink): Value {
    // `Fn::GetAtt: Role.Arn` (the long form with a dotted string) is as valid as the list form.
    const dotted = typeof args === 'string' ? /^([^.]+)\.(.+)$/.exec(args) : null;
    const [resource, attribute] = Array.isArray(args) ? [args[0], this.value(args[1], new SourceLink(fn, 1))] : dotted ? [dotted[1], dotted[2]] : [];
    if (typeof resource !== 'string') return new Unresolved('Fn::GetAtt needs [resource, attribute]');
    const type = this.template.resourceTypes.get(resource);
    if (type === undefined) return new Unresolved(`Fn::GetAtt of ${resource}, which the template does not declare`);
    if (typeof attribute !== 'string' || hasMarker(attribute)) return new Unresolved(`Fn::GetAtt of ${resource}: the attribute name is not known`);
    if (type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource') {
      return new Unresolved(`${resource}.${attribute} is returned by a custom resource`);
    }
    return refMarker(resource, attribute);
  }

  private sub(args: unknown, fn: SourceLink): Value {
    const [text, variables] = Array.isArray(args) ? [this.value(args[0], new SourceLink(fn, 0)), args[1]] : [this.value(args, fn), undefined];
    if (text instanceof Unresolved) return unknownFrom(text);
    if (typeof text !== 'string') return new Unresolved('Fn::Sub needs a string');
    const variablesLink = new SourceLink(fn, 1);
    const substituted: Array<Value | typeof NO_VALUE> = [];
    const written = subPieces(text, variables).map((part) => {
      if (typeof part === 'string') return part;
      const { name, inVariables } = part;
      const dot = name.indexOf('.');
      const value = inVariables ? this.value((variables as Record<string, unknown>)[name], new SourceLink(variablesLink, name)) : dot > 0 ? this.getAtt([name.slice(0, dot), name.slice(dot + 1)], fn) : this.ref(name);
      substituted.push(value);
      return piece(value, name);
    });
    return this.withDistinctPiece(written.join(''), substituted);
  }

  private join(args: unknown, fn: SourceLink): Value {
    if (!Array.isArray(args)) return new Unresolved('Fn::Join needs [delimiter, list]');
    const delimiter = this.value(args[0], new SourceLink(fn, 0));
    const list = this.value(args[1], new SourceLink(fn, 1));
    if (delimiter instanceof Unresolved) return unknownFrom(delimiter);
    if (list instanceof PartlyKnownList && typeof delimiter === 'string' && list.joined.has(delimiter)) return list.joined.get(delimiter)!;
    if (list instanceof Unresolved) return unknownFrom(list);
    if (typeof delimiter !== 'string' || !Array.isArray(list)) return new Unresolved('Fn::Join needs [delimiter, list]');
    return this.withDistinctPiece(list.map((item) => piece(item, 'a Fn::Join item')).join(delimiter), list);
  }

  /**
   * In a condition, a text written of literal text and one value known only to differ from some (`!Sub 'app-${Env}'`
   * where the world assumes Env other than `prod`): that value with the text around it, so that Fn::Equals knows it
   * differs from `app-prod`, as it knows Env differs from `prod`. Else the text, with a marker for the value.
   */
  private withDistinctPiece(text: string, pieces: ReadonlyArray<Value | typeof NO_VALUE>): Value {
    const distinct = pieces.filter((value): value is DistinctValue => value instanceof DistinctValue);
    if (!this.forCondition || distinct.length !== 1 || text.includes(DYNAMIC_REFERENCE_START)) return text;
    const around = text.split(unresolvedMarker(distinct[0]!));
    return around.length === 2 && !around.some(hasMarker) ? distinct[0]!.within(around[0]!, around[1]!) : text;
  }

  private select(args: unknown, fn: SourceLink): Value {
    if (!Array.isArray(args)) return new Unresolved('Fn::Select needs [index, list]');
    const index = this.value(args[0], new SourceLink(fn, 0));
    const list = this.value(args[1], new SourceLink(fn, 1));
    if (index instanceof Unresolved) return unknownFrom(index);
    const position = typeof index === 'number' ? index : typeof index === 'string' && /^\d+$/.test(index) ? Number(index) : NaN;
    if (list instanceof PartlyKnownList && list.items.has(position)) return list.items.get(position)!;
    if (list instanceof Unresolved) return unknownFrom(list);
    if (!Array.isArray(list) || !Number.isInteger(position)) return new Unresolved('Fn::Select needs [index, list]');
    return position >= 0 && position < list.length ? list[position]! : new Unresolved(`Fn::Select index ${position} is out of range`);
  }

  private split(args: unknown, fn: SourceLink): Value {
    if (!Array.isArray(args)) return new Unresolved('Fn::Split needs [delimiter, string]');
    const delimiter = this.value(args[0], new SourceLink(fn, 0));
    const source = this.value(args[1], new SourceLink(fn, 1));
    if (source instanceof Unresolved) return unknownFrom(source);
    if (typeof delimiter !== 'string' || delimiter === '' || typeof source !== 'string') return new Unresolved('Fn::Split needs [delimiter, string]');
    // An IAM role's, user's or group's ARN is cut as the text it is, its name the principal's Ref where not known.
    const text = this.withPrincipalArnTexts(source);
    // The owner's symbols stay whole pieces: an ARN built from them (`arn:${AWS::Partition}:iam::${AWS::AccountId}:role/x`)
    // is split at the colons written around them; not one the delimiter may cut (the region at its hyphens, or at "2").
    if (!this.cutsAroundNames(text, delimiter) || editsOwnerSymbol(text, (characters) => searchReaches(delimiter, characters))) return rewrittenUnknown('Fn::Split', source);
    return splitOutsideMarkers(text, delimiter);
  }

  /**
   * Whether `Fn::Split` at a delimiter cuts a text only at its literal text: a text known when the stack is made
   * (`isKnownAtPlan`: literals and the owner's symbols), or one whose other pieces are references to an IAM role's,
   * user's or group's name (its Ref, `NAMED_BY_REF`), made of IAM name characters alone, where the delimiter holds none
   * of them (`keepsIamNameWhole`): `!Select [1, !Split ["/", !Sub "role/${Role}"]]` is the role's name.
   */
  private cutsAroundNames(text: string, delimiter: string): boolean {
    if (isKnownAtPlan(text)) return true;
    if (!keepsIamNameWhole(delimiter)) return false;
    return tokenize(text).every((token) => !('kind' in token) || token.kind === 'sym' || (token.kind === 'ref' && NAMED_BY_REF.has(this.template.resourceTypes.get(token.payload) ?? '')));
  }

  /**
   * The text with each ARN of an IAM role, user or group it writes, alone (`!GetAtt Role.Arn`) or among other text
   * (`!Sub "${Role.Arn}/x"`), as the text that ARN stands for (`principalArnText`); one whose text is not known stays
   * the reference it is, which `cutsAroundNames` refuses to cut around.
   */
  private withPrincipalArnTexts(text: string): string {
    if (!hasMarker(text)) return text;
    let written = '';
    for (const token of tokenize(text)) written += 'literal' in token ? token.literal : (this.principalArnText(token.text) ?? token.text);
    return written;
  }

  /**
   * The text a lone `Fn::GetAtt X.Arn` of an IAM role, user or group (`NAMED_BY_REF`) stands for (`iamArnText`): its
   * `Path` (`/` where not written) and name as this world resolves them, in the owner's account; its Ref stands for a
   * name CloudFormation generates or one not known. Undefined for any other text, where the path is not known or the
   * properties are an intrinsic's, and for a principal whose ARN is being read (a circular reference CloudFormation refuses).
   */
  private principalArnText(text: string): string | undefined {
    const payload = loneReferencePayload(text);
    const dot = payload?.indexOf('.') ?? -1;
    if (payload === undefined || dot < 0 || payload.slice(dot + 1) !== 'Arn') return undefined;
    const logicalId = payload.slice(0, dot);
    const principal = NAMED_BY_REF.get(this.template.resourceTypes.get(logicalId) ?? '');
    if (principal === undefined) return undefined;
    if (this.arnTexts.has(logicalId)) return this.arnTexts.get(logicalId);
    this.arnTexts.set(logicalId, undefined);
    // Read once per principal (arnTexts): a search of the declarations needs no index of its own.
    const declaration = this.template.resources.find((candidate) => candidate.logicalId === logicalId)!;
    const { properties } = declaration;
    // Properties an intrinsic writes (`Fn::If`, a macro's `Fn::Transform`) may hold any path.
    if (properties !== undefined && (!isPlainObject(properties) || Object.keys(properties).some((key) => this.isIntrinsic(key)))) return undefined;
    const at = new SourceLink(linkOf(declaration.writtenAt), 'Properties');
    const written = (key: string): Value | undefined => {
      if (properties === undefined || !Object.hasOwn(properties, key)) return undefined;
      const { value } = this.resolve(properties[key], new SourceLink(at, key));
      return value === NO_VALUE ? undefined : value;
    };
    const arn = iamArnText(principal.arnResource, written('Path'), written(principal.nameProperty), OWNER_ACCOUNT, refMarker(logicalId));
    this.arnTexts.set(logicalId, arn);
    return arn;
  }

  private base64(args: unknown, fn: SourceLink): Value {
    const text = this.value(args, fn);
    if (text instanceof Unresolved) return unknownFrom(text);
    if (typeof text !== 'string') return new Unresolved('Fn::Base64 needs a string');
    // Not even the owner's symbols: the encoding of the account's digits is no account.
    return hasMarker(text) ? rewrittenUnknown('Fn::Base64', text) : Buffer.from(text, 'utf8').toString('base64');
  }

  private findInMap(args: unknown, fn: SourceLink): Value {
    if (!Array.isArray(args) || args.length < 3) return new Unresolved('Fn::FindInMap needs [map, top-level key, second-level key]');
    const keys = [0, 1, 2].map((index) => this.value(args[index], new SourceLink(fn, index)));
    const unknownKey = keys.find((key): key is Unresolved => key instanceof Unresolved);
    if (unknownKey) return unknownFrom(unknownKey);
    if (!keys.every(isKnownKey)) {
      const [mapKey, topKey, secondKey] = keys;
      // Not with a DefaultValue, which a key missing from the mapping finds instead.
      const agreed = isKnownKey(mapKey) && isKnownKey(secondKey) && typeof topKey === 'string' && args[3] === undefined ? this.valueOfEveryEntry(String(mapKey), String(secondKey)) : undefined;
      return agreed ?? new Unresolved('Fn::FindInMap keys are not known statically');
    }
    const [map, top, second] = keys.map(String) as [string, string, string];
    const found = mappingEntry(this.template.mappings, [map, top, second]);
    if (found !== undefined) return found as Value;
    const options = args[3];
    if (isPlainObject(options) && Object.hasOwn(options, 'DefaultValue')) {
      return this.value(options.DefaultValue, new SourceLink(new SourceLink(fn, 3), 'DefaultValue'));
    }
    return new Unresolved(`Fn::FindInMap: mapping ${map} has no ${top}/${second}`);
  }

  /**
   * The value every top-level entry of a mapping holds under a second-level key, where they all hold the same: what a
   * top-level key not known here (`!Ref AWS::Region`) finds, whichever it is (a key the mapping lacks fails to deploy).
   */
  private valueOfEveryEntry(map: string, second: string): Value | undefined {
    const entries = this.template.mappings[map];
    if (!isPlainObject(entries)) return undefined;
    const values = Object.values(entries).map((entry) => (isPlainObject(entry) && Object.hasOwn(entry, second) ? entry[second] : undefined));
    return values.length > 0 && values.every((value) => value !== undefined && isDeepStrictEqual(value, values[0])) ? (values[0] as Value) : undefined;
  }

  /**
   * Fn::If passes the chosen branch through with its own trace, so findings point inside the branch. Undefined
   * when the condition is not declared or the arguments are malformed; an unresolved value when the condition is
   * not known in this world.
   */
  private branch(args: unknown, fn: SourceLink, at: SourceLink): Resolved | undefined {
    if (!Array.isArray(args) || args.length !== 3 || typeof args[0] !== 'string') return undefined;
    const truth = this.scope.condition(args[0]);
    if (truth === undefined) return undefined;
    if (truth === 'unknown') return { value: new Unresolved(`Fn::If on condition ${args[0]}, whose value is not known here`), trace: { at, literal: false } };
    const index = truth ? 1 : 2;
    const link = new SourceLink(fn, index);
    return traced(this.resolve(args[index], link), link);
  }
}

/**
 * What an intrinsic gives for an argument it cannot know: unknown for the same reason, but a value of its own, since
 * an unknown value equals itself (`equals`) and the argument's DistinctValue says nothing of what is made of it.
 */
function unknownFrom(argument: Unresolved): Unresolved {
  return new Unresolved(argument.reason);
}

/**
 * What an intrinsic that computes its result from a text's characters (`Fn::Split` cuts it where the delimiter is,
 * `Fn::Base64` encodes it) gives for a text holding a resource's attribute or a piece not known: a value not known,
 * named by the intrinsic and the text. Computed around the markers, the result would hold the attribute as if
 * unchanged, and `!Select [0, !Split [",", !GetAtt Role.Arn]]` would be a lone reference the graph links to the role,
 * although the value is the role's ARN only if the ARN holds no comma.
 */
function rewrittenUnknown(intrinsic: string, text: string): Unresolved {
  return new Unresolved(`${intrinsic} of ${displayString(text)}, which is not known statically`);
}

function traced(resolved: Resolved, at: SourceLink): Resolved {
  return resolved.trace ? resolved : { value: resolved.value, trace: { at, literal: true } };
}

/** A value as a piece of a string: markers stand for what is symbolic or unknown. */
function piece(value: Value | typeof NO_VALUE, what: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Unresolved) return unresolvedMarker(value);
  return unresolvedMarker(`${what} is not a string`);
}

/** Fn::Split that never cuts through a marker. */
function splitOutsideMarkers(text: string, delimiter: string): string[] {
  const parts = [''];
  for (const token of tokenize(text)) {
    if ('literal' in token) {
      const [first, ...rest] = token.literal.split(delimiter);
      parts[parts.length - 1] += first;
      parts.push(...rest);
    } else parts[parts.length - 1] += token.text;
  }
  return parts;
}

/** Fn::ToJsonString; markers stay markers (JSON.stringify would escape their control characters). */
function toJsonString(value: Value): Value {
  if (value instanceof Unresolved) return unknownFrom(value);
  const json = JSON.stringify(value, (_key, inner: unknown) => (inner instanceof Unresolved ? unresolvedMarker(inner) : inner));
  return json.replace(/\\u000[12]|\\./g, (escape) => (escape === '\\u0001' ? MARK_START : escape === '\\u0002' ? MARK_END : escape));
}

/**
 * Fn::Equals: a value equals itself, known or not (every Ref to a parameter in one world gives the same value);
 * literals compare as strings; a DistinctValue differs from each value it excludes, and from the DistinctValue of any
 * other name, as a world takes the other values it assumes all different (there are always more values than it
 * excludes, so each is as possible as any).
 */
function equals(left: Value, right: Value): Tri {
  if (left === right) return typeof left !== 'string' || isOneValue(left) ? true : 'unknown';
  const [a, b] = [comparable(left), comparable(right)];
  if (a !== undefined && b !== undefined) return a === b;
  if (left instanceof DistinctValue && right instanceof DistinctValue) {
    if (left.name !== right.name) return false;
    if (left.prefix === right.prefix && left.suffix === right.suffix) return true;
    // One value written with other texts around it: texts of different lengths differ.
    return left.prefix.length + left.suffix.length === right.prefix.length + right.suffix.length ? 'unknown' : false;
  }
  // A value known to differ from some values (the owner's symbols and shared unknown values among them, as written)
  // against one of them.
  for (const [value, other] of [[left, typeof right === 'string' ? right : b], [right, typeof left === 'string' ? left : a]] as const) {
    if (value instanceof DistinctValue && other !== undefined) return value.differsFrom(other) ? false : 'unknown';
  }
  // A text written with values not known against a literal: the literal text written at its ends must be the literal's.
  for (const [text, literal] of [[left, b], [right, a]] as const) {
    if (typeof text === 'string' && literal !== undefined && hasMarker(text) && !endsMayMatch(text, literal)) return false;
  }
  return 'unknown';
}

/** Whether a text with markers (each any text, maybe empty) may be a literal: it starts and ends as the text does. */
function endsMayMatch(text: string, literal: string): boolean {
  const tokens = tokenize(text);
  const first = tokens[0]!;
  const last = tokens[tokens.length - 1]!;
  const start = 'literal' in first ? first.literal : '';
  const end = 'literal' in last && last !== first ? last.literal : '';
  return literal.length >= start.length + end.length && literal.startsWith(start) && literal.endsWith(end);
}

/** What a world assumes names compared with each other to share, none of them having a value: a marker equal only to itself. */
export function sharedValueMarker(names: readonly string[]): string {
  return unresolvedMarker(`${names.join(', ')}${SHARED_VALUE}`);
}

const SHARED_VALUE = ' have the same value';

/**
 * Whether a text is one value wherever it is written: not when it holds an unknown other than a shared value, since
 * unknowns of one reason are written alike (items 0 and 1 of a list known only in part).
 */
function isOneValue(text: string): boolean {
  return tokenize(text).every((token) => !('kind' in token) || token.kind !== 'unk' || token.payload.endsWith(SHARED_VALUE));
}

function comparable(value: Value): string | undefined {
  if (typeof value === 'string') return hasMarker(value) ? undefined : value;
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}

/** The source path a resolved path comes from: the trace is followed as deep as it goes. */
export function sourcePathOf(trace: Trace, path: Path): Array<string | number> {
  return givingPathOf(trace, path).writing;
}

/**
 * The source path of the node that writes the value at a resolved path: the node itself, or the intrinsic that gives the
 * value (`!Sub ...`, a `Fn::If` branch); undefined for part of what an intrinsic gives (an item of `!Split`).
 */
export function writingPathOf(trace: Trace, path: Path): Array<string | number> | undefined {
  const { writing, inside } = givingPathOf(trace, path);
  return inside.length === 0 ? writing : undefined;
}

/**
 * The source path of the node whose value holds the value at a resolved path, and the path inside that value: the node
 * that writes it (`writingPathOf`, nothing inside), or the intrinsic that gives a value it is part of (an item of the
 * list a `!FindInMap` finds, or of `!Split`).
 */
export function givingPathOf(trace: Trace, path: Path): { writing: Array<string | number>; inside: Path } {
  let current = trace;
  for (let index = 0; index < path.length; index++) {
    const child = current.children?.get(path[index]!);
    if (child) current = child;
    else return current.literal ? { writing: [...linkPath(current.at), ...path.slice(index)], inside: [] } : { writing: linkPath(current.at), inside: path.slice(index) };
  }
  return { writing: linkPath(current.at), inside: [] };
}

/**
 * For a path that goes inside the JSON text of a string Fn::ToJsonString wrote, the source path of the node that writes
 * the value there (`writingPathOf` of the value Fn::ToJsonString was given); undefined for any other path.
 */
export function writingPathInJsonText(trace: Trace, path: Path): Array<string | number> | undefined {
  return inJsonText(trace, path, writingPathOf);
}

/**
 * For a path that goes inside the JSON text of a string Fn::ToJsonString wrote, the source path of the value written
 * there; undefined for any other path.
 */
export function sourcePathInJsonText(trace: Trace, path: Path): Array<string | number> | undefined {
  return inJsonText(trace, path, sourcePathOf);
}

/** What `read` gives of the value Fn::ToJsonString was given and the rest of a path that goes inside its text. */
function inJsonText<T>(trace: Trace, path: Path, read: (json: Trace, rest: Path) => T): T | undefined {
  let current = trace;
  for (let index = 0; index < path.length; index++) {
    if (current.json) return read(current.json, path.slice(index));
    const child = current.children?.get(path[index]!);
    if (!child) return undefined;
    current = child;
  }
  return undefined;
}

/** Whether the string at `path` was written by Fn::ToJsonString (from a template value, not as text). */
export function isWrittenAsJsonValue(trace: Trace, path: Path): boolean {
  let current: Trace | undefined = trace;
  for (const step of path) current = current?.children?.get(step);
  return current?.json !== undefined;
}

/** The resolved path of a source path, when the source node survives resolution as it is written. */
export function resolvedPathOf(trace: Trace, source: ReadonlyArray<string | number>): Path | undefined {
  const at = linkPath(trace.at);
  if (at.length > source.length || at.some((key, index) => key !== source[index])) return undefined;
  for (const [key, child] of trace.children ?? []) {
    const inner = resolvedPathOf(child, source);
    if (inner) return [key, ...inner];
  }
  if (at.length === source.length) return [];
  return trace.literal ? source.slice(at.length) : undefined;
}
