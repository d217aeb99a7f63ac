/**
 * The execution role SAM generates for a function or state machine without `Role` (`<LogicalId>Role`, per the SAM
 * specification's "generated resources" pages), built from what the template writes for it: its `Policies` (policy
 * documents as inline policies `<LogicalId>RolePolicy<index>`, AWS managed policy names and ARNs as managed policies),
 * `PermissionsBoundary`, `RolePath` and a function's `AssumeRolePolicyDocument`. Every value is located where the
 * function or state machine writes it. What SAM writes itself is left out: the trust it generates (which the template
 * cannot change, so no trust rule may judge it), the AWS managed policies and statements it adds for the runtime, event
 * sources and destinations, and the statements of policy templates (the transform's notice names those).
 */
import { isObject, OWNER_PARTITION, pathStartsWith, Unresolved, type DuplicateKey, type Path, type Resource, type Value } from '../../src/model/index.js';

/** A path of the role and the path of the function it is written at. */
interface Placement {
  role: Path;
  written: Path;
}

/**
 * The generated role, in this world, with the keys its owner repeats (`DuplicateKey`, at the owner's paths) that its
 * policies hold, at the role's paths; undefined where the owner's resolved properties give it a `Role`.
 */
export function samExecutionRole(owner: Resource, roleId: string): { role: Resource; duplicateKeys: (ownerKeys: readonly DuplicateKey[]) => DuplicateKey[] } | undefined {
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
      policies.push({ PolicyName: `${roleId}Policy${index}`, PolicyDocument: entry });
    } else if (typeof entry === 'string' || entry instanceof Unresolved) {
      // SAM turns an AWS managed policy's name into its ARN; an ARN, or a value read from elsewhere, is taken as it is.
      placements.push({ role: ['Properties', 'ManagedPolicyArns', managed.length], written: at });
      managed.push(typeof entry === 'string' && !entry.startsWith('arn:') ? `arn:${OWNER_PARTITION}:iam::aws:policy/${entry}` : entry);
    }
  });
  if (policies.length > 0) properties.Policies = policies;
  if (managed.length > 0) properties.ManagedPolicyArns = managed;
  const copied: ReadonlyArray<[roleKey: string, key: string]> = [
    ['AssumeRolePolicyDocument', 'AssumeRolePolicyDocument'],
    ['PermissionsBoundary', 'PermissionsBoundary'],
    ['Path', 'RolePath'],
  ];
  for (const [roleKey, key] of copied) {
    // A state machine takes no AssumeRolePolicyDocument: SAM's own trust is the one it gets.
    if (written[key] === undefined || (key === 'AssumeRolePolicyDocument' && owner.type !== 'AWS::Serverless::Function')) continue;
    properties[roleKey] = written[key]!;
    placements.push({ role: ['Properties', roleKey], written: ['Properties', key] });
  }
  const toOwner = (path: Path): Path => {
    const placement = placements.find(({ role }) => pathStartsWith(path, role));
    // What SAM writes itself (the role as a whole among it) is at the function's logical id.
    return placement ? [...placement.written, ...path.slice(placement.role.length)] : [];
  };
  const { locator } = owner;
  const documents = placements.filter(({ role }) => role.at(-1) === 'PolicyDocument' || role.at(-1) === 'AssumeRolePolicyDocument');
  const fromOwner = (path: Path): Path | undefined => {
    const placement = documents.find(({ written }) => pathStartsWith(path, written));
    return placement && [...placement.role, ...path.slice(placement.written.length)];
  };
  const role: Resource = {
    address: `${owner.file}#${roleId}`,
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
      locate: (path) => locator.locate(toOwner(path)),
      ...(locator.stringOrigin && { stringOrigin: (path: Path) => locator.stringOrigin!(toOwner(path)) }),
      ...(locator.locateInString && { locateInString: (path: Path, value: Value | undefined, document: Value) => locator.locateInString!(toOwner(path), value, document) }),
      ...(locator.valueWrittenAt && { valueWrittenAt: (path: Path, part?: string) => locator.valueWrittenAt!(toOwner(path), part) }),
      ...(locator.nullKey && { nullKey: (path: Path) => locator.nullKey!(toOwner(path)) }),
    },
    ...(owner.writtenPolicy && { writtenPolicy: (path: Path) => owner.writtenPolicy!(toOwner(path)) }),
    ...(owner.textGivenBy && { textGivenBy: (path: Path) => owner.textGivenBy!(toOwner(path)) }),
    ...(owner.writesKey && { writesKey: (path: Path) => owner.writesKey!(toOwner(path)) }),
    ...(owner.expressionKey && { expressionKey: (path: Path) => owner.expressionKey!(toOwner(path)) }),
    ...(owner.templateText && { templateText: (path: Path) => owner.templateText!(toOwner(path)) }),
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


