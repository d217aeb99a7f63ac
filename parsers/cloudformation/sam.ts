/**
 * The execution role SAM generates for a function or state machine without `Role` (`<LogicalId>Role`, per the SAM
 * specification's "generated resources" pages), built from what the template writes for it: its `Policies` (policy
 * documents as inline policies `<LogicalId>RolePolicy<index>`, AWS managed policy names and ARNs as managed policies),
 * `PermissionsBoundary`, `RolePath` and a function's `AssumeRolePolicyDocument`, those three from `Globals.Function`
 * where a function writes none. Every value is located where it is written. What SAM writes itself is left out: the trust it generates (which the template
 * cannot change, so no trust rule may judge it), the AWS managed policies and statements it adds for the runtime, event
 * sources and destinations, and the statements of policy templates (the transform's notice names those).
 */
import { isObject, OWNER_PARTITION, pathStartsWith, Unresolved, type DuplicateKey, type Path, type Resource, type SourceLocation, type Value } from '../../src/model/index.js';

/** The properties of `Globals.Function` SAM gives a function's generated role, where the function writes none itself. */
export const SAM_ROLE_GLOBALS = ['AssumeRolePolicyDocument', 'PermissionsBoundary', 'RolePath'] as const;

/** What `Globals.Function` writes of `SAM_ROLE_GLOBALS`, resolved in the world, and where (a path from the key down). */
export interface SamGlobals {
  values: Partial<Record<(typeof SAM_ROLE_GLOBALS)[number], Value>>;
  locate(path: Path): SourceLocation;
}

/** A path of the role and the path of the function it is written at. */
interface Placement {
  role: Path;
  written: Path;
}

/** How a `Policies` entry of the owner (at a path of its resolved properties) is written. */
export interface WrittenEntry {
  /**
   * Its index in the list as written, by which SAM names an inline policy: an entry AWS::NoValue drops before it shifts
   * the resolved index. Undefined for `Policies` written as one entry, not a list.
   */
  index: number | undefined;
  /** Whether it is written as a string, not an intrinsic function (whose value SAM does not read as a managed policy's name). */
  literal: boolean;
}

/**
 * The generated role, in this world, with the keys its owner repeats (`DuplicateKey`, at the owner's paths) that its
 * policies hold, at the role's paths; undefined where the owner's resolved properties give it a `Role`.
 */
export function samExecutionRole(owner: Resource, roleId: string, globals: SamGlobals, writtenEntry: (at: Path) => WrittenEntry): { role: Resource; duplicateKeys: (ownerKeys: readonly DuplicateKey[]) => DuplicateKey[] } | undefined {
  const written = owner.properties;
  if (!isObject(written) || written.Role !== undefined) return undefined;
  const properties: Record<string, Value> = {};
  const placements: Placement[] = [];
  const policies: Value[] = [];
  const managed: Value[] = [];
  const entries = Array.isArray(written.Policies) ? written.Policies.map((entry, index) => ({ entry, at: ['Properties', 'Policies', index] })) : written.Policies === undefined ? [] : [{ entry: written.Policies, at: ['Properties', 'Policies'] }];
  entries.forEach(({ entry, at }, index) => {
    if (isObject(entry)) {
      // An object without Statement is a policy template (`S3ReadPolicy: {...}`), not modelled.
      if (entry.Statement === undefined) return;
      placements.push({ role: ['Properties', 'Policies', policies.length, 'PolicyDocument'], written: at }, { role: ['Properties', 'Policies', policies.length], written: at });
      const named = writtenEntry(at).index ?? index;
      policies.push({ PolicyName: `${roleId}Policy${named}`, PolicyDocument: entry });
    } else if (typeof entry === 'string' || entry instanceof Unresolved) {
      // SAM turns an AWS managed policy's name written as a string into its ARN; an ARN, or what an intrinsic function
      // gives (`!Ref` of a policy the template declares), is taken as it is.
      placements.push({ role: ['Properties', 'ManagedPolicyArns', managed.length], written: at });
      managed.push(typeof entry === 'string' && !entry.startsWith('arn:') && writtenEntry(at).literal ? `arn:${OWNER_PARTITION}:iam::aws:policy/${entry}` : entry);
    }
  });
  if (policies.length > 0) properties.Policies = policies;
  if (managed.length > 0) properties.ManagedPolicyArns = managed;
  // Those Globals give, by the role's key.
  const inherited = new Map<string, (typeof SAM_ROLE_GLOBALS)[number]>();
  const copied: ReadonlyArray<[roleKey: string, key: (typeof SAM_ROLE_GLOBALS)[number]]> = [
    ['AssumeRolePolicyDocument', 'AssumeRolePolicyDocument'],
    ['PermissionsBoundary', 'PermissionsBoundary'],
    ['Path', 'RolePath'],
  ];
  for (const [roleKey, key] of copied) {
    // A state machine takes none of them from Globals, nor an AssumeRolePolicyDocument: SAM's own trust is the one it gets.
    if (key === 'AssumeRolePolicyDocument' && owner.type !== 'AWS::Serverless::Function') continue;
    const global = owner.type === 'AWS::Serverless::Function' ? globals.values[key] : undefined;
    if (written[key] !== undefined) {
      // SAM merges a trust written in both (their statements together): not modelled, and the notice says so.
      if (key === 'AssumeRolePolicyDocument' && global !== undefined) continue;
      properties[roleKey] = written[key]!;
      placements.push({ role: ['Properties', roleKey], written: ['Properties', key] });
    } else if (global !== undefined && !owner.writesKey?.(['Properties', key])) {
      // An AWS::NoValue the function writes (SAM merges Globals before intrinsics are resolved) overrides Globals.
      properties[roleKey] = global;
      inherited.set(roleKey, key);
    }
  }
  /** The owner's path of a path of the role; undefined for one Globals write. */
  const toOwner = (path: Path): Path | undefined => {
    if (inherited.has(path[1] as string)) return undefined;
    const placement = placements.find(({ role }) => pathStartsWith(path, role));
    // What SAM writes itself (the role as a whole among it) is at the function's logical id.
    return placement ? [...placement.written, ...path.slice(placement.role.length)] : [];
  };
  /** `ask` of the owner's path, where the owner writes the value at the path (Globals have no such answers). */
  const owned = <T>(path: Path, ask: (at: Path) => T): T | undefined => {
    const at = toOwner(path);
    return at === undefined ? undefined : ask(at);
  };
  const { locator } = owner;
  const documents = placements.filter(({ role }) => role.at(-1) === 'PolicyDocument' || role.at(-1) === 'AssumeRolePolicyDocument');
  const fromOwner = (path: Path): Path | undefined => {
    const placement = documents.find(({ written }) => pathStartsWith(path, written));
    return placement && [...placement.role, ...path.slice(placement.written.length)];
  };
  const role: Resource = {
    // Beside its owner: under the TemplateBody it is written in, if any.
    address: `${owner.address.slice(0, owner.address.length - owner.name.length)}${roleId}`,
    name: roleId,
    type: 'AWS::IAM::Role',
    kind: 'iam-role',
    file: owner.file,
    format: owner.format,
    syntax: owner.syntax,
    properties,
    get location() {
      return owner.location;
    },
    locator: {
      locate: (path) => owned(path, (at) => locator.locate(at)) ?? globals.locate([inherited.get(path[1] as string)!, ...path.slice(2)]),
      ...(locator.stringOrigin && { stringOrigin: (path: Path) => owned(path, (at) => locator.stringOrigin!(at)) }),
      ...(locator.locateInString && { locateInString: (path: Path, value: Value | undefined, document: Value) => owned(path, (at) => locator.locateInString!(at, value, document)) }),
      ...(locator.valueWrittenAt && { valueWrittenAt: (path: Path, part?: string) => owned(path, (at) => locator.valueWrittenAt!(at, part)) }),
      ...(locator.nullKey && { nullKey: (path: Path) => owned(path, (at) => locator.nullKey!(at)) }),
    },
    ...(owner.writtenPolicy && { writtenPolicy: (path: Path) => owned(path, (at) => owner.writtenPolicy!(at)) }),
    ...(owner.textGivenBy && { textGivenBy: (path: Path) => owned(path, (at) => owner.textGivenBy!(at)) }),
    // Of a value Globals give, only what it holds is known to be written.
    ...(owner.writesKey && { writesKey: (path: Path) => owned(path, (at) => owner.writesKey!(at)) ?? false }),
    ...(owner.expressionKey && { expressionKey: (path: Path) => owned(path, (at) => owner.expressionKey!(at)) }),
    ...(owner.templateText && { templateText: (path: Path) => owned(path, (at) => owner.templateText!(at)) }),
    ...(owner.macroKey && { macroKey: owner.macroKey }),
    // SAM gives the role the function's Condition; the function's Metadata is where its user writes suppressions.
    ...(owner.condition === undefined ? {} : { condition: owner.condition }),
    ...(owner.suppressions ? { suppressions: owner.suppressions } : {}),
    ...(owner.account === undefined ? {} : { account: owner.account }),
  };
  return {
    role,
    duplicateKeys: (ownerKeys) =>
      ownerKeys.flatMap((duplicate) => {
        const path = fromOwner(duplicate.path);
        return path === undefined ? [] : [{ ...duplicate, path }];
      }),
  };
}
