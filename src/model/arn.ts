import { OWNER_ACCOUNT, OWNER_PARTITION, Unresolved, displayValue, hasMarker, hasUnresolvedPiece, isKnownAtPlan, literalText, loneReferencePayload, lowerCaseLiterals, ownerSymbolsAlwaysHolding, searchReaches, textPattern, tokenize, unresolvedPieceOf, type Value } from './value.js';
import type { Path } from './location.js';
import { listAt } from './maps.js';
import type { InputFormat, Resource, UnmatchedPrincipal } from './resource.js';

/**
 * Whether a reference to a principal (`role`, `user`, `group`) or managed policy (`managedPolicy`) written where one is
 * named must be its name, else its ARN: inside an ARN written around it (`role/${...}`), or alone where a role's, user's
 * or group's name is taken (`Roles`, an attachment's `role`). Alone where an ARN is taken (`takesArn`: `RoleArn`,
 * `role_arn`) and wherever a managed policy is named, it must be the ARN. IAM and SageMaker refuse the one for the other.
 */
export function namedByName(kind: string, insideArn: boolean, takesArn: boolean): boolean {
  return insideArn || (!takesArn && kind !== 'managedPolicy');
}

/**
 * Whether IAM may take a value written where it takes a role's, user's or group's name (`namedByName` of the value
 * alone: `Roles`, an attachment's `role`) as one. A name matches `[\w+=,.@-]+`: an ARN, literal or built from parts
 * (`arn:aws:iam::111122223333:role/exec`, `!Sub arn:...:role/${RoleName}`), holds `:` and `/` outside the value's markers
 * and is refused there as the reference to one (`Fn::GetAtt Role.Arn`) is, and so is a name with its path (`team/exec`),
 * or one built from an owner's symbol that always holds one of them (`${AWS::StackId}-exec`: OWNER_SYMBOL_ALWAYS_HOLDS):
 * the policy is never attached. A name built from other parts (`${Env}-exec`, `${AWS::StackName}-exec`) may be one. Only
 * those separators are read: a placeholder a sample's variable holds (`<your value>`) names the principal whose name it
 * also is.
 */
export function mayBeIamName(value: string): boolean {
  // A reference alone, which a plan links most attachments by, writes no text: it is read in place, with no token.
  if (loneReferencePayload(value) !== undefined) return true;
  return !ARN_OR_PATH_SEPARATOR.test(literalText(value)) && !ownerSymbolsAlwaysHolding(value).some(({ character }) => ARN_OR_PATH_SEPARATOR.test(character));
}

const ARN_OR_PATH_SEPARATOR = /[:/]/;

/**
 * Whether a value `Targets.find` reads for a principal of `kind` (`takesArn`: where the attribute takes an ARN) is one
 * IAM refuses there: an ARN, literal or built around a reference (`role/${Role}`), or a path, where a role's, user's or
 * group's name is taken, as it refuses a reference to the ARN. It names no principal, not the one the ARN names.
 */
export function refusedWhereNameTaken(value: string, kind: string, takesArn: boolean): boolean {
  return namedByName(kind, false, takesArn) && !mayBeIamName(value);
}

/**
 * The characters of the name of an IAM role, user, group or policy (`[\w+=,.@-]+`): a reference to the name stands for
 * text of these alone, which a cut at any other character (`/`, `:`) leaves whole.
 */
const IAM_NAME_CHARACTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_+=,.@-';

/**
 * Whether a cut of a text at `delimiter` (a split, basename's `/`) leaves a reference to an IAM name whole: the
 * delimiter holds none of IAM_NAME_CHARACTERS (`searchReaches`). Terraform's functions and `Fn::Split` both ask it of an
 * ARN written around the name's reference (`iamArnText`).
 */
export function keepsIamNameWhole(delimiter: string): boolean {
  return !searchReaches(delimiter, IAM_NAME_CHARACTERS);
}

/**
 * The text of the ARN of an IAM role, user, group or policy (`arnResource`: `role`, ...) created with a path and name in
 * an account (the owner's symbol, where it is not known), in the owner's partition: `arn:${AWS::Partition}:iam::
 * ${AWS::AccountId}:role/service-role/exec`. A name not known when Terraform plans (`name_prefix`, the provider's, a variable's) is
 * written as the reference to the principal's name (`nameReference`), which stands for it whatever it is (text of
 * IAM_NAME_CHARACTERS). Undefined where the path is not known.
 */
export function iamArnText(arnResource: string, path: Value | undefined, name: Value | undefined, account: string, nameReference: string): string | undefined {
  const written = path === undefined || path === null ? '/' : path;
  return typeof written === 'string' && isKnownAtPlan(written) ? `arn:${OWNER_PARTITION}:iam::${account}:${arnResource}${written}${typeof name === 'string' && isKnownAtPlan(name) ? name : nameReference}` : undefined;
}

/**
 * The name a value gives an IAM role, user, group or policy (`arnResource`: `role`, `user`, ...): the value itself,
 * or the last part of an IAM ARN of that type (`arn:P:iam::A:role/path/name` → `name`) outside AWS's own account.
 * Undefined for any other ARN.
 */
export function iamNameOf(value: string, arnResource: string): string | undefined {
  if (!value.startsWith('arn:')) return value;
  const parts = value.split(':');
  if (parts.length < 6) return value;
  const resource = iamResourceOf(parts, arnResource);
  return resource === undefined ? undefined : resource.slice(nameStart(resource));
}

/** The resource part (`role/path/name`) of an ARN split at its colons, when it is an IAM ARN of the type outside AWS's own account. */
function iamResourceOf(parts: readonly string[], arnResource: string): string | undefined {
  const resource = parts.slice(5).join(':');
  return parts[2] !== 'iam' || parts[4] === 'aws' || !resource.startsWith(`${arnResource}/`) ? undefined : resource;
}

/**
 * The name an expression written as template text (`Resource.templateText`) of a format gives an IAM role, user, group
 * or policy, as template text: the text itself, or the last part of an IAM ARN of that type (`arn:${AWS::Partition}:iam::
 * ${AWS::AccountId}:role/${Env}-ml` → `${Env}-ml`), read at the colons and slashes written outside what it
 * interpolates. Undefined for any other ARN, and for a text whose interpolations do not close or that writes one
 * literally (`$${`, `${!`): its parts are not known.
 */
export function iamNameInTemplate(text: string, arnResource: string, format: InputFormat): string | undefined {
  if (!text.startsWith('arn:')) return text;
  const parts = splitOutsideInterpolations(text, ':', format);
  const resource = parts && parts.length >= 6 ? iamResourceOf(parts, arnResource) : undefined;
  return resource === undefined ? undefined : splitOutsideInterpolations(resource, '/', format)!.at(-1);
}

/** The text split at each separator written outside what it interpolates (and the quoted strings inside that), as the format reads it. */
function splitOutsideInterpolations(text: string, separator: string, format: InputFormat): string[] | undefined {
  // A CloudFormation `Fn::Sub` substitutes `${...}` only, and writes one literally as `${!`: `%{` is text there (an IAM
  // path may hold it, and `%%{`), where a Terraform template opens a directive and writes one literally as `%%{`.
  const cloudFormation = format === 'cloudformation';
  if (cloudFormation ? text.includes('${!') : text.includes('$${') || text.includes('%%{') || text.includes('${!')) return undefined;
  const signs = cloudFormation ? '$' : '$%';
  const parts: string[] = [];
  let start = 0;
  let depth = 0;
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const character = text[index];
    if (depth === 0) {
      if (signs.includes(character!) && text[index + 1] === '{') {
        depth = 1;
        index++;
      } else if (character === separator) {
        parts.push(text.slice(start, index));
        start = index + 1;
      }
    } else if (quoted) {
      if (character === '\\') index++;
      else if (character === '"') quoted = false;
    } else if (character === '"') quoted = true;
    else if (character === '{') depth++;
    else if (character === '}') depth--;
  }
  if (depth > 0) return undefined;
  parts.push(text.slice(start));
  return parts;
}

/**
 * Where the name starts in an ARN's resource part (`role/path/name`): after its last slash outside markers. A marker is
 * one piece (`tokenize`), and the reason of a piece not known may write a slash (`read from SSM parameter /ml/name`).
 */
function nameStart(resource: string): number {
  if (!hasMarker(resource)) return resource.lastIndexOf('/') + 1;
  let start = 0;
  let offset = 0;
  for (const token of tokenize(resource)) {
    if ('literal' in token) {
      const slash = token.literal.lastIndexOf('/');
      if (slash >= 0) start = offset + slash + 1;
      offset += token.literal.length;
    } else offset += token.text.length;
  }
  return start;
}

/**
 * What a policy attachment's or group membership's value naming an IAM role, user or group that no resource was found
 * to be tells of it: its literal name, or nothing more than that it is one (`{}`, a value not known); undefined for a
 * value IAM refuses as a name (`mayBeIamName`: an ARN, a path) or an empty one, which names no principal.
 */
export function attachedIamName(value: Value): { name?: string } | undefined {
  if (value instanceof Unresolved) return {};
  if (typeof value !== 'string' || value === '' || !mayBeIamName(value)) return undefined;
  return hasMarker(value) ? {} : { name: value };
}

/**
 * IAM role, user, group and policy names are unique in an account without regard to case (`MLRole` and `mlrole` cannot
 * both exist), and IAM finds the principal a name given to it means (AttachRolePolicy's RoleName, a CloudFormation
 * policy's `Roles`, a Terraform attachment's `role`) whatever the case it is written in: two names are one principal's
 * when their keys are equal. An ARN is matched as written (the parsers' `Targets.find`): what a service does with one
 * written in another case is not documented. In a name built from symbolic pieces (`${AWS::StackName}-ml`) only the
 * literal text is read in any case: the pieces name parameters and resources, whose names are case-sensitive.
 */
export function iamNameKey(name: string): string {
  return lowerCaseLiterals(name);
}

/** A principal's name not known: not resolved at all, or holding a piece not known (a parameter or variable without a value). */
export function isNameNotKnown(name: Value | undefined): boolean {
  return name instanceof Unresolved || (typeof name === 'string' && hasUnresolvedPiece(name));
}

/**
 * The names a value written with pieces not known (`${Env}-ml`, a parameter without a value) may be, in any case
 * (`iamNameKey`), as a pattern to test names with; undefined for a literal name, which is the name or not.
 */
export function iamNamesPattern(written: Value | undefined): RegExp | undefined {
  if (!(written instanceof Unresolved) && (typeof written !== 'string' || !hasMarker(written))) return undefined;
  return new RegExp(`^${textPattern(written)}$`, 'i');
}

/**
 * Whether a value not known that names a principal to IAM (a membership's members: `iamNamesPattern`) may be the name a
 * principal is created with: a literal name, one with pieces not known (`${Env}-bob`, a variable or parameter without a
 * value), or none written (undefined: CloudFormation generates one, which a value given at deploy time may name once it
 * exists). Some name must be both, in any case (`iamNameKey`): `${Team}-ops` is never `${Env}-bob`.
 */
export function mayBeNameOf(value: Value, name: Value | undefined): boolean {
  // A name one of several a conditional not decided chooses between (`var.prod ? "bob" : "bob-dev"`) is one of them.
  if (name instanceof Unresolved && name.choices) return name.choices.some((choice) => mayBeNameOf(value, choice.value));
  const given = nameRuns(value);
  const made = nameRuns(name);
  if (given.length === 1 && made.length === 1) return given[0] === made[0];
  if (given.length === 1) return runsMayBe(made, given[0]!);
  if (made.length === 1) return runsMayBe(given, made[0]!);
  // Both have a piece not known, which may hold what the other's runs between its first and last need: only their
  // first and last runs must agree.
  const [givenFirst, givenLast] = [given[0]!, given.at(-1)!];
  const [madeFirst, madeLast] = [made[0]!, made.at(-1)!];
  return (givenFirst.startsWith(madeFirst) || madeFirst.startsWith(givenFirst)) && (givenLast.endsWith(madeLast) || madeLast.endsWith(givenLast));
}

/**
 * Whether a literal name given to IAM (`bob`) may be a principal's name written with pieces not known (`${Env}-bob`, a
 * value not known), as `mayBeNameOf` tells: not a literal name, which is the name or not, nor one not written, which is
 * generated when the principal is made; of one a conditional not decided chooses, a choice not written out (a literal
 * choice is that name when it is chosen, which the parsers read as its own branch).
 */
export function literalMayBeNameOf(literal: string, name: Value | undefined): boolean {
  if (name instanceof Unresolved && name.choices) return name.choices.some((choice) => literalMayBeNameOf(literal, choice.value));
  return (name instanceof Unresolved || (typeof name === 'string' && hasMarker(name))) && mayBeNameOf(literal, name);
}

/** Whether a name of these literal runs (`nameRuns`, more than one) may be the literal: each found in turn, the first at its start and the last at its end. */
function runsMayBe(runs: readonly string[], literal: string): boolean {
  const first = runs[0]!;
  const last = runs.at(-1)!;
  const end = literal.length - last.length;
  if (end < first.length || !literal.startsWith(first) || !literal.endsWith(last)) return false;
  let at = first.length;
  for (const run of runs.slice(1, -1)) {
    const found = literal.indexOf(run, at);
    if (found < 0 || found + run.length > end) return false;
    at = found + run.length;
  }
  return true;
}

/**
 * The literal runs of a name, in lower case, between its pieces not known (markers): one run for a literal name, an
 * empty first or last run where the name starts or ends with such a piece; ['', ''] for a name not known at all, or
 * none (unset: empty).
 */
function nameRuns(name: Value | undefined): string[] {
  if (typeof name !== 'string' || name === '') return ['', ''];
  const runs = [''];
  for (const token of tokenize(name)) {
    if ('literal' in token) runs[runs.length - 1] += token.literal.toLowerCase();
    else runs.push('');
  }
  return runs;
}

/** Text a region may be (`us-east-1`): no pattern, marker, separator or list (`us-east-1,eu-west-1`). */
export function isRegionText(text: string): boolean {
  return REGION_TEXT.test(text);
}

const REGION_TEXT = /^[a-z0-9-]+$/i;

/** The value when it is a region name (`us-east-1`, `us-gov-west-1`, `eu-isoe-west-1`). */
export function regionName(value: unknown): string | undefined {
  return typeof value === 'string' && /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/.test(value) ? value : undefined;
}

/**
 * The partition a region is in, by the prefix its name has (`cn-` the China regions, `us-gov-` GovCloud); undefined for
 * a name that is no region's, or whose prefix names no commercial geography (the isolated partitions' `us-iso-`,
 * `eu-isoe-`, and any deputy does not know yet), so that no partition is assumed.
 */
export function partitionOfRegion(region: string | undefined): string | undefined {
  const name = regionName(region);
  if (name === undefined) return undefined;
  if (name.startsWith('cn-')) return 'aws-cn';
  if (name.startsWith('us-gov-')) return 'aws-us-gov';
  return /^(?:af|ap|ca|eu|il|me|mx|sa|us)-(?:central|north|south|east|west|northeast|northwest|southeast|southwest)-\d+$/.test(name) ? 'aws' : undefined;
}

/** The DNS suffixes (`AWS::URLSuffix`) of the partitions whose own is not `amazonaws.com`. */
export const PARTITION_DNS_SUFFIXES: Readonly<Record<string, string>> = { 'aws-cn': 'amazonaws.com.cn', 'aws-iso': 'c2s.ic.gov', 'aws-iso-b': 'sc2s.sgov.gov' };

/**
 * The DNS suffix of a partition (`AWS::URLSuffix`, `data.aws_partition`'s `dns_suffix`): `amazonaws.com.cn` in China,
 * `amazonaws.com` in the commercial and GovCloud partitions.
 */
export function dnsSuffixOf(partition: string): string {
  return PARTITION_DNS_SUFFIXES[partition] ?? 'amazonaws.com';
}

/** The value when it is an account id (twelve digits). */
export function accountId(value: unknown): string | undefined {
  return typeof value === 'string' && /^\d{12}$/.test(value) ? value : undefined;
}

/** Where a text writes the account id as a whole number (not inside a longer one), for replacing it. */
export function wholeAccountPattern(account: string): RegExp {
  return new RegExp(`(?<![0-9])${account}(?![0-9])`, 'g');
}

/**
 * Whether a value naming a principal of the principal's name may name it: an ARN names one in the account it writes (the
 * owner's symbol is the account of the resource it is written in), a name one in the account of the resource that
 * gives it to IAM. Where the input does not tell an account (`Resource.account`), it may, save for a principal whose
 * Terraform configuration, its account not known, signs in otherwise than others beside it that deploy to other
 * accounts (`besideOtherAccounts`), named in a known account: the rules take such an account for another than the
 * principal's (a role trusting it is cross-account), so the principal is not the one it names.
 */
export function mayNameInAccountOf(value: string, from: Pick<Resource, 'account'>, principal: Pick<Resource, 'account' | 'besideOtherAccounts'>): boolean {
  let account = from.account;
  if (value.startsWith('arn:')) {
    const written = splitArn(value)?.account;
    if (written !== OWNER_ACCOUNT) account = accountId(written);
  }
  return mayBeInAccountOf(account, principal);
}

/**
 * Whether a name given to IAM in `account` (undefined: not known) may be resolved in the principal's account, as
 * `mayNameInAccountOf` decides it for a name: a value not known that a resource gives IAM (a membership's members) may
 * name the principal only so.
 */
export function mayBeInAccountOf(account: string | undefined, principal: Pick<Resource, 'account' | 'besideOtherAccounts'>): boolean {
  if (principal.account === undefined) return account === undefined || principal.besideOtherAccounts !== true;
  return account === undefined || account === principal.account;
}

/**
 * Whether a value naming a principal (or managed policy) may name one with the path it is created with (`path`: the
 * value of its `Path`/`path`; unset is `/`): a name is looked up whatever the path, an IAM ARN names the one of the path
 * it writes (`role/team/ml` is `ml` of path `/team/`). A path not known, written or created with, may be any.
 */
export function mayNameInPathOf(value: string, arnResource: string, path: Value | undefined): boolean {
  if (!value.startsWith('arn:')) return true;
  const parts = value.split(':');
  const resource = parts.length < 6 ? undefined : iamResourceOf(parts, arnResource);
  if (resource === undefined) return true;
  // A reference in the name (`role/${Role}`) leaves the path written: only a path not known may be any.
  const written = resource.slice(arnResource.length, resource.lastIndexOf('/') + 1);
  if (hasMarker(written)) return true;
  if (path === undefined || path === null) return written === '/';
  return typeof path !== 'string' || hasMarker(path) || path === written;
}

/** How a value not known that names a principal is written (`${var.env}-bob`, `${RoleName}`), where every piece of it can be shown. */
export function writtenName(value: Value): string | undefined {
  if (!(value instanceof Unresolved) && typeof value !== 'string') return undefined;
  const written = displayValue(value);
  return written.includes('<unresolved') ? undefined : written;
}

/**
 * Of a value not known that may name principals created with these names, written as literal text around one piece not
 * known shown as a reference (`${var.env}-bob`, `${Env}-bob`, `var.user` alone): that piece as written (`var.env`) and
 * the value it takes where the value is each name, in turn (`dev` of `dev-bob`, as the name writes it: IAM reads the text
 * around it in any case, `iamNameKey`), where it is each one so (`UnmatchedPrincipal.piece`). Undefined for a value of
 * other pieces (two, the stack's name, a reference), one of several a conditional chooses, and where a name is not
 * literal or not one it may be.
 */
export function pieceNamingEach(value: Value, names: ReadonlyArray<Value | undefined>): UnmatchedPrincipal['piece'] {
  const piece = names.length === 0 ? undefined : onePiece(value);
  if (!piece) return undefined;
  const { written, before, after } = piece;
  const values: string[] = [];
  for (const name of names) {
    if (typeof name !== 'string' || hasMarker(name) || name.length < before.length + after.length) return undefined;
    const end = name.length - after.length;
    if (name.slice(0, before.length).toLowerCase() !== before || name.slice(end).toLowerCase() !== after) return undefined;
    values.push(name.slice(before.length, end));
  }
  return { written, values };
}

/** The one piece not known of a value written around it, as `pieceNamingEach` reads it, and the literal text before and after it, in lower case. */
function onePiece(value: Value): { written: string; before: string; after: string } | undefined {
  if (value instanceof Unresolved) return value.written === undefined || !WRITTEN_REFERENCE.test(value.written) || value.choices || value.entries ? undefined : { written: value.written, before: '', after: '' };
  if (typeof value !== 'string') return undefined;
  // Literal runs and one marker: tokenize gives one literal run before it and one after, where there is text.
  const tokens = tokenize(value);
  const at = tokens.findIndex((token) => 'kind' in token);
  const piece = tokens[at];
  if (!piece || !('kind' in piece) || piece.kind !== 'unk' || tokens.slice(at + 1).some((token) => 'kind' in token)) return undefined;
  const written = unresolvedPieceOf(piece.text)?.written;
  if (written === undefined || !WRITTEN_REFERENCE.test(written)) return undefined;
  const literalAt = (index: number): string => {
    const token = tokens[index];
    return token && 'literal' in token ? token.literal.toLowerCase() : '';
  };
  return { written, before: literalAt(at - 1), after: literalAt(at + 1) };
}

/**
 * A piece shown as a reference (`var.env`, `local.names["bob"]`, a template parameter `Env`): its value is the text the
 * name holds. A piece not known is shown as the outermost expression computing it, and a function of a variable
 * (`upper(var.env)`) may make any case of that text, which IAM reads as the same name.
 */
const WRITTEN_REFERENCE = /^[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*|\[(?:\d+|"[^"]*")\])*$/;

/**
 * A key of the value not known at the path of the resource (`UnmatchedPrincipal.expression`) that another value has too
 * only where it is the same value: its template text (`Resource.templateText`), which the same text written otherwise
 * shares (`!Join ["-", [!Ref Env, bob]]` and `!Sub ${Env}-bob`), else its expression's key (`Resource.expressionKey`).
 */
export function expressionOf(resource: Resource, path: Path): string | undefined {
  const template = resource.templateText?.(path);
  if (template) return `text\u0000${template.scope}\u0000${template.text}`;
  const expression = resource.expressionKey?.(path);
  return expression === undefined ? undefined : `expression\u0000${expression}`;
}

/**
 * Principals whose name is not known (a parameter or variable without a value), by the expression that names them
 * (`Resource.expressionKey`) and by its template text (`Resource.templateText`), for the principal a value not known
 * names (`find`).
 */
export class PrincipalsByExpression {
  private readonly byExpression = new Map<string, Resource[]>();
  private readonly byTemplate = new Map<string, Resource[]>();

  /** Adds the principal of a kind named by the value at `path` of it. */
  add(kind: string, principal: Resource, path: Path): void {
    const expression = principal.expressionKey?.(path);
    if (expression !== undefined) listAt(this.byExpression, `${kind}/${expression}`).push(principal);
    const template = principal.templateText?.(path);
    if (template) listAt(this.byTemplate, `${kind}/${template.scope}\u0000${template.text}`).push(principal);
  }

  /**
   * The principal of a kind (`arnResource`: `role`, ...) that the value at `path` of `from` names: written as the same
   * expression (`!Sub ${Env}-ml` on both), or as an ARN whose name is written as the principal's name is (`!Sub
   * arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${Env}-ml`), where one expression has one value. Of several
   * (which one account cannot hold), none; different expressions may still give one name. Where the value must be an
   * ARN (`arnOnly`), only one written as an ARN: the principal's name expression there gives a name, which is refused.
   */
  find(kind: string, arnResource: string, from: Resource, path: Path, arnOnly = false): Resource | undefined {
    const expression = arnOnly ? undefined : from.expressionKey?.(path);
    const candidates = expression === undefined ? undefined : this.byExpression.get(`${kind}/${expression}`);
    if (candidates) return candidates.length === 1 ? candidates[0] : undefined;
    const template = from.templateText?.(path);
    if (arnOnly && !template?.text.startsWith('arn:')) return undefined;
    const name = template && iamNameInTemplate(template.text, arnResource, from.format);
    const named = name === undefined ? undefined : this.byTemplate.get(`${kind}/${template!.scope}\u0000${name}`);
    return named?.length === 1 ? named[0] : undefined;
  }
}

export interface ArnParts {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

/**
 * The parts of an ARN (the resource is everything after the fifth colon); undefined for fewer. `readsVariables`: the text
 * is a policy's that reads policy variables (Version `2012-10-17`), where a `${...}` is one piece and its colons part no
 * ARN (`arn:aws:iam::${aws:PrincipalAccount}:role/*` is of the account `${aws:PrincipalAccount}`); elsewhere, and as
 * text (no Version, `2008-10-17`), every colon does.
 */
export function splitArn(text: string, readsVariables = false): ArnParts | undefined {
  const parts = readsVariables ? splitOutsideVariables(text) : text.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  return { partition: parts[1]!, service: parts[2]!, region: parts[3]!, account: parts[4]!, resource: parts.slice(5).join(':') };
}

/**
 * The parts of text written as an ARN whose `arn` may be in capitals (`ARN:AWS:SAGEMAKER:...`), with that prefix as
 * written: IAM's case-sensitive operators compare it as they compare the other parts, and every ARN a request carries
 * begins with a lower-case `arn:`, so under them such text matches none.
 */
export function splitArnAnyPrefixCase(text: string): (ArnParts & { prefix: string }) | undefined {
  const prefix = text.slice(0, 3);
  const parts = prefix.toLowerCase() === 'arn' ? splitArn(`arn${text.slice(3)}`) : undefined;
  return parts && { ...parts, prefix };
}

/** The text split at its colons outside `${...}` (which the first `}` closes, as IAM reads a policy variable). */
function splitOutsideVariables(text: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let index = 0; index < text.length; index++) {
    const end = text.startsWith('${', index) ? text.indexOf('}', index + 2) : -1;
    if (end >= 0) index = end;
    else if (text[index] === ':') {
      parts.push(text.slice(start, index));
      start = index + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

export function joinArn(parts: ArnParts): string {
  return arnText(parts.partition, parts.service, parts.region, parts.account, parts.resource);
}

/** `joinArn` of the parts given one by one, for callers that would make a parts object only to join it. */
export function arnText(partition: string, service: string, region: string, account: string, resource: string): string {
  return `arn:${partition}:${service}:${region}:${account}:${resource}`;
}
