/** The graph pieces of one world: policy documents, role users, policy attachments and managed policy ARNs. */
import { hasMarker, hasUnresolvedPiece, loneReferencePayload, prop, Unresolved, type Edge, type ManagedPolicyArn, type Path, type PolicyRef, type Resource, type UnknownMembership, type UnmatchedMember, type UnmatchedPrincipal, type Value } from '../../src/model/index.js';
import { attachedIamName, expressionOf, iamNameKey, iamNameOf, iamNamesPattern, isNameNotKnown, literalMayBeNameOf, mayBeInAccountOf, mayBeNameOf, mayNameInAccountOf, mayNameInPathOf, namedByName, pieceNamingEach, PrincipalsByExpression, refusedWhereNameTaken, writtenName } from '../../src/model/arn.js';
import { listAt } from '../../src/model/maps.js';
import { allowsName, type AllowedNames } from './template.js';
import { ownEntry } from '../../src/model/objects.js';

/**
 * Properties through which a resource names the role it runs as (`*` = every list item), with the property names
 * of the CloudFormation resource reference. Only roles that SageMaker itself assumes are listed for SageMaker:
 * roles handed on to other services (Canvas `EmrServerlessSettings.ExecutionRoleArn`, `GenerativeAiSettings.
 * AmazonBedrockRoleArn`, JupyterLab `EmrSettings` role lists, `ModelRegisterSettings.CrossAccountModelRegisterRoleArn`)
 * are trusted by those services, not by SageMaker, and are left out; so is a HyperPod cluster's `ClusterRole`, which
 * the autoscaler assumes as `hyperpod.sagemaker.amazonaws.com` (SageMaker HyperPod autoscaling IAM role page).
 */
export const ROLE_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
  'AWS::IAM::InstanceProfile': ['Roles.*'],
  'AWS::SageMaker::Cluster': ['InstanceGroups.*.ExecutionRole', 'RestrictedInstanceGroups.*.ExecutionRole'],
  'AWS::SageMaker::DataQualityJobDefinition': ['RoleArn'],
  'AWS::SageMaker::DeviceFleet': ['RoleArn'],
  'AWS::SageMaker::Domain': [
    'DefaultUserSettings.ExecutionRole',
    'DefaultSpaceSettings.ExecutionRole',
    'DomainSettings.RStudioServerProDomainSettings.DomainExecutionRoleArn',
  ],
  'AWS::SageMaker::EndpointConfig': ['ExecutionRoleArn'],
  'AWS::SageMaker::FeatureGroup': ['RoleArn'],
  'AWS::SageMaker::Image': ['ImageRoleArn'],
  'AWS::SageMaker::InferenceExperiment': ['RoleArn'],
  'AWS::SageMaker::MlflowTrackingServer': ['RoleArn'],
  'AWS::SageMaker::Model': ['ExecutionRoleArn'],
  'AWS::SageMaker::ModelBiasJobDefinition': ['RoleArn'],
  'AWS::SageMaker::ModelExplainabilityJobDefinition': ['RoleArn'],
  'AWS::SageMaker::ModelPackage': ['ValidationSpecification.ValidationRole'],
  'AWS::SageMaker::ModelQualityJobDefinition': ['RoleArn'],
  'AWS::SageMaker::MonitoringSchedule': ['MonitoringScheduleConfig.MonitoringJobDefinition.RoleArn'],
  'AWS::SageMaker::NotebookInstance': ['RoleArn'],
  'AWS::SageMaker::PartnerApp': ['ExecutionRoleArn'],
  'AWS::SageMaker::Pipeline': ['RoleArn'],
  'AWS::SageMaker::ProcessingJob': ['RoleArn'],
  'AWS::SageMaker::UserProfile': ['UserSettings.ExecutionRole'],
};

/**
 * Of ROLE_PROPERTIES, those that take the role's name: every other one takes its ARN (`RoleArn`, `ExecutionRole`, ...),
 * which a role's `Ref` (its name) is not: SageMaker refuses the value whatever the role's trust policy says.
 */
const ROLE_NAME_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
  'AWS::IAM::InstanceProfile': ['Roles.*'],
};

const STANDALONE_POLICY_TYPES = new Set(['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::RolePolicy', 'AWS::IAM::UserPolicy', 'AWS::IAM::GroupPolicy']);

/** How each principal type is named: its name property and the ARN resource type. */
const PRINCIPALS = {
  role: { type: 'AWS::IAM::Role', nameProperty: 'RoleName', arnResource: 'role' },
  user: { type: 'AWS::IAM::User', nameProperty: 'UserName', arnResource: 'user' },
  group: { type: 'AWS::IAM::Group', nameProperty: 'GroupName', arnResource: 'group' },
  managedPolicy: { type: 'AWS::IAM::ManagedPolicy', nameProperty: 'ManagedPolicyName', arnResource: 'policy' },
} as const;
type PrincipalKind = keyof typeof PRINCIPALS;

/** The property each principal type and a managed policy is named by (`UserName`), by resource type. */
export const NAME_PROPERTIES: ReadonlyMap<string, string> = new Map(Object.values(PRINCIPALS).map(({ type, nameProperty }) => [type, nameProperty]));

/**
 * The principal types whose Ref is their name (a role, user or group; a managed policy's Ref is its ARN, and no attribute
 * is its name), with their name property and ARN resource type: the text of their `Arn` (`iamArnText`), which
 * `Fn::Split` cuts, ends with their name, or their Ref where the name is generated or not known.
 */
export const NAMED_BY_REF: ReadonlyMap<string, { nameProperty: string; arnResource: string }> = new Map(
  Object.entries(PRINCIPALS).flatMap(([kind, principal]) => (kind === 'managedPolicy' ? [] : [[principal.type, principal]])),
);

/** Properties of standalone policies that name what they are attached to. */
const ATTACHMENTS: ReadonlyArray<{ type?: string; spec: string; kind: Exclude<PrincipalKind, 'managedPolicy'> }> = [
  { spec: 'Roles.*', kind: 'role' },
  { spec: 'Users.*', kind: 'user' },
  { spec: 'Groups.*', kind: 'group' },
  { type: 'AWS::IAM::RolePolicy', spec: 'RoleName', kind: 'role' },
  { type: 'AWS::IAM::UserPolicy', spec: 'UserName', kind: 'user' },
  { type: 'AWS::IAM::GroupPolicy', spec: 'GroupName', kind: 'group' },
];

/**
 * The GetAtt attributes (Ref: undefined) of a principal or managed policy that are its ARN, which a property taking one
 * (`RoleArn`, `ExecutionRole`, a policy's `ManagedPolicyArns` entry) reads alone: a role's, user's or group's `Arn`, a
 * managed policy's Ref and `PolicyArn`. Not a role's `RoleId` (`AROA...`): IAM's id of it, which no property naming a
 * role takes.
 */
const ARN_ATTRIBUTES: Readonly<Record<PrincipalKind, ReadonlySet<string | undefined>>> = {
  role: new Set(['Arn']),
  user: new Set(['Arn']),
  group: new Set(['Arn']),
  managedPolicy: new Set([undefined, 'PolicyArn']),
};

/**
 * What a role's, user's or group's name is: its Ref, which a property taking the name (`Roles`, `Users`, `Groups`,
 * `RoleName`, an instance profile's `Roles`) reads alone, and an ARN written around a reference (`role/${Role}`) reads
 * as the name. Its ARN (`Fn::GetAtt Role.Arn`, `role/${Role.Arn}`) or IAM's id (`Role.RoleId`) there is no name: IAM
 * refuses the value (a name holds no `:` nor `/`), so the policy is never attached, nor the role added.
 */
const NAME_ATTRIBUTES = new Set([undefined]);

/** `allows`: of a value not known, the names it may be, where the template limits it (a parameter's AllowedValues). */
export function graphPieces(resources: readonly Resource[], allows: (value: Value) => AllowedNames | undefined = () => undefined): { edges: Edge[]; policies: PolicyRef[]; managedPolicyArns: ManagedPolicyArn[]; unmatchedPrincipals: UnmatchedPrincipal[]; unmatchedMembers: UnmatchedMember[]; unknownMemberships: UnknownMembership[] } {
  const targets = new Targets(resources);
  const edges = new Map<string, Edge>();
  const policies: PolicyRef[] = [];
  const managedPolicyArns: ManagedPolicyArn[] = [];
  const unmatchedPrincipals: UnmatchedPrincipal[] = [];
  const unmatchedMembers: UnmatchedMember[] = [];
  const unknownMemberships: UnknownMembership[] = [];
  const addEdge = (edge: Edge) => edges.set(JSON.stringify([edge.from, edge.to, edge.kind, edge.via]), edge);

  for (const resource of resources) {
    const { address, type, properties } = resource;
    if (type === 'AWS::IAM::Role' && prop(properties, 'AssumeRolePolicyDocument') !== undefined) {
      policies.push({ resource: address, holder: resource, path: ['Properties', 'AssumeRolePolicyDocument'], kind: 'trust' });
    }
    if (type === 'AWS::IAM::Role' || type === 'AWS::IAM::User' || type === 'AWS::IAM::Group') {
      for (const { value, path } of valuesAt(properties, 'Policies.*')) {
        if (prop(value, 'PolicyDocument') === undefined) continue;
        const name = prop(value, 'PolicyName');
        policies.push({ resource: address, holder: resource, path: [...path, 'PolicyDocument'], kind: 'identity', ...(typeof name === 'string' ? { name } : {}) });
      }
      for (const { value, path } of valuesAt(properties, 'ManagedPolicyArns.*')) {
        const policy = targets.find(value, 'managedPolicy', { resource, path });
        // An attachment written on the principal: `via` is the ManagedPolicyArns entry of `to`, its `holder`.
        if (policy) addEdge({ from: policy.address, to: address, kind: 'attached-policy', via: path, holder: address });
        else if (typeof value === 'string') managedPolicyArns.push({ principal: address, arn: value, via: path });
      }
    }
    if (type === 'AWS::IAM::Role' || type === 'AWS::IAM::User') {
      for (const { value, path } of valuesAt(properties, 'PermissionsBoundary')) {
        const policy = targets.find(value, 'managedPolicy', { resource, path });
        if (policy) addEdge({ from: address, to: policy.address, kind: 'permissions-boundary', via: path });
      }
    }
    if (type === 'AWS::IAM::User') {
      for (const { value, path } of valuesAt(properties, 'Groups.*')) {
        const group = targets.find(value, 'group', { resource, path });
        if (group) addEdge({ from: address, to: group.address, kind: 'member-of', via: path });
      }
    }
    if (type === 'AWS::IAM::UserToGroupAddition') {
      const group = targets.find(prop(properties, 'GroupName'), 'group', { resource, path: ['Properties', 'GroupName'] });
      if (group) {
        // Users not known: a list not known (`Users: !Ref Members`), or entries (`!Ref Member` of a parameter without a
        // value, a name no declared user is written with, which one whose name is not known may have).
        const notKnown: Array<{ value: Value; path: Path }> = [];
        const users = prop(properties, 'Users');
        if (users instanceof Unresolved) notKnown.push({ value: users, path: ['Properties', 'Users'] });
        const declared: Resource[] = [];
        for (const { value, path } of valuesAt(properties, 'Users.*')) {
          const user = targets.find(value, 'user', { resource, path });
          if (user) {
            declared.push(user);
            addEdge({ from: user.address, to: group.address, kind: 'member-of', via: path, holder: resource.address });
          } else {
            const named = attachedIamName(value);
            if (named?.name !== undefined) {
              unmatchedMembers.push({ group: group.address, name: named.name, scope: '' });
              // It may be the name of a declared user whose own name is not known.
              notKnown.push({ value, path });
            } else if (named && !targets.refersToDeclared(value, 'user')) {
              notKnown.push({ value, path });
              const expression = expressionOf(resource, path);
              if (expression !== undefined) unmatchedMembers.push({ group: group.address, expression, scope: '' });
            }
          }
        }
        for (const { value, path } of notKnown) {
          const named = targets.mayBeNamedBy('user', value, resource, allows).filter((user) => !declared.includes(user));
          if (named.length > 0) unknownMemberships.push({ holder: resource.address, group: group.address, via: path, users: named.map((user) => user.address) });
        }
      }
    }
    // The roles IAM Identity Center makes from a permission set in each account it is assigned to get its inline policy.
    if (type === 'AWS::SSO::PermissionSet' && prop(properties, 'InlinePolicy') !== undefined) policies.push({ resource: address, holder: resource, path: ['Properties', 'InlinePolicy'], kind: 'identity' });
    if (STANDALONE_POLICY_TYPES.has(type)) {
      if (prop(properties, 'PolicyDocument') !== undefined) policies.push({ resource: address, holder: resource, path: ['Properties', 'PolicyDocument'], kind: 'identity' });
      for (const attachment of ATTACHMENTS) {
        if (attachment.type && attachment.type !== type) continue;
        // A value not known names principals whose names are not known, which may be declared ones; a list names each
        // of its entries by no one piece.
        const notKnown = (value: Value, path: Path, list = false): UnmatchedPrincipal => {
          const principals = targets.mayBeNamedBy(attachment.kind, value, resource, allows);
          const otherNames = targets.otherAllowedNames(attachment.kind, value, allows);
          const expression = expressionOf(resource, path);
          const written = writtenName(value);
          const nameProperty = PRINCIPALS[attachment.kind].nameProperty;
          const piece = list ? undefined : pieceNamingEach(value, principals.map((principal) => prop(principal.properties, nameProperty)));
          const mayName = principals.map((principal) => principal.address);
          return { policy: address, kind: attachment.kind, mayName, namedBy: address, ...(written === undefined ? {} : { written }), ...(expression === undefined ? {} : { expression }), ...(piece ? { piece } : {}), ...(otherNames ? { otherNames } : {}), scope: '' };
        };
        // A list not known (`Roles: !Ref RoleNames`) has no entries to visit: the list is the value naming them.
        if (attachment.spec.endsWith('.*')) {
          const listProperty = attachment.spec.slice(0, -2);
          const list = prop(properties, listProperty);
          if (list instanceof Unresolved) unmatchedPrincipals.push(notKnown(list, ['Properties', listProperty], true));
        }
        for (const { value, path } of valuesAt(properties, attachment.spec)) {
          const principal = targets.find(value, attachment.kind, { resource, path });
          if (principal) addEdge({ from: address, to: principal.address, kind: 'attached-policy', via: path });
          else if (!targets.refersToDeclared(value, attachment.kind)) {
            const named = attachedIamName(value);
            if (!named) continue;
            // One template deploys to one account: a name is one principal wherever the template writes it.
            if (named.name !== undefined) unmatchedPrincipals.push({ policy: address, kind: attachment.kind, ...named, scope: '', ...(targets.mayBeNamed(attachment.kind, named.name) ? { mayBeDeclared: true as const } : {}) });
            else unmatchedPrincipals.push(notKnown(value, path));
          }
        }
      }
    }
    for (const spec of ownEntry(ROLE_PROPERTIES, type) ?? []) {
      const takesArn = !ownEntry(ROLE_NAME_PROPERTIES, type)?.includes(spec);
      for (const { value, path } of valuesAt(properties, spec)) {
        const role = targets.find(value, 'role', { resource, path }, takesArn);
        if (role) addEdge({ from: address, to: role.address, kind: 'uses-role', via: path });
      }
    }
  }
  return { edges: [...edges.values()], policies, managedPolicyArns, unmatchedPrincipals, unmatchedMembers, unknownMemberships };
}

/** Finds the resource a value names: a Ref/GetAtt marker, or a literal name or ARN matching its name property. */
class Targets {
  private readonly byLogicalId: Map<string, Resource>;
  /** The principals by kind and name key (`iamNameKey`), each with its name as written, in template order. */
  private readonly byName = new Map<string, Array<{ name: string; resource: Resource }>>();
  /** The names principals whose name is not known (`!Sub ${Env}-ml`, a parameter without a value) may have, by kind. */
  private readonly unknownNames = new Map<string, RegExp[]>();
  /** Those of them by the expression naming them. */
  private readonly byExpression = new PrincipalsByExpression();

  constructor(private readonly resources: readonly Resource[]) {
    this.byLogicalId = new Map(resources.map((resource) => [resource.name, resource]));
    for (const [kind, { type, nameProperty }] of Object.entries(PRINCIPALS)) {
      for (const resource of resources) {
        if (resource.type !== type) continue;
        const name = prop(resource.properties, nameProperty);
        if (typeof name === 'string') listAt(this.byName, `${kind}/${iamNameKey(name)}`).push({ name, resource });
        const pattern = iamNamesPattern(name);
        if (pattern) listAt(this.unknownNames, kind).push(pattern);
        if (isNameNotKnown(name)) this.byExpression.add(kind, resource, ['Properties', nameProperty]);
      }
    }
  }

  /**
   * Whether a declared principal of the kind whose name is not known may have the name, in any case: a principal named
   * so is then not known to be one the template does not declare.
   */
  mayBeNamed(kind: PrincipalKind, name: string): boolean {
    return (this.unknownNames.get(kind) ?? []).some((pattern) => pattern.test(name));
  }

  /**
   * The declared principals of the kind that a name not known (`value`: a parameter without a value, `!Sub ${Env}-ml`),
   * or a literal name no declared principal is written with, given to IAM by `from` may be: those whose name, known, not known or generated, may be the value (`mayBeNameOf`),
   * and a name the template allows (`allows`) for both where it limits them (a user's `!Ref BobName` allowing bob or
   * bobby is never a member allowed to be alice or carol).
   */
  mayBeNamedBy(kind: PrincipalKind, value: Value, from: Resource, allows: (value: Value) => AllowedNames | undefined): Resource[] {
    const literal = typeof value === 'string' && !hasMarker(value) ? value : undefined;
    if (literal === undefined && !iamNamesPattern(value)) return [];
    const { type, nameProperty } = PRINCIPALS[kind];
    const given = allows(value);
    return this.resources.filter((principal) => {
      if (principal.type !== type || !mayBeInAccountOf(from.account, principal)) return false;
      const name = prop(principal.properties, nameProperty);
      // A literal name is the principal's written so (`find`), or one written with pieces not known that allow it: not
      // one CloudFormation generates, which the template cannot know.
      if (literal !== undefined) {
        if (!literalMayBeNameOf(literal, name)) return false;
        const named = allows(name!);
        return !named || allowsName(named, literal);
      }
      // A name the template does not write is generated when the user is made: a value given at a later deploy may be it.
      if (!mayBeNameOf(value, name)) return false;
      if (typeof name === 'string' && !hasMarker(name)) return !given || allowsName(given, name);
      const named = name === undefined ? undefined : allows(name);
      // Where either side lists the names it allows, one of them must be a name the other may be.
      if (named?.values) return named.values.some((listed) => allowsName(named, listed) && mayBeNameOf(value, listed) && (!given || allowsName(given, listed)));
      if (given?.values) return given.values.some((listed) => allowsName(given, listed) && mayBeNameOf(listed, name) && (!named || allowsName(named, listed)));
      // Two patterns are taken to share a name: telling apart what two regular expressions match is beyond what deputy reads.
      return true;
    });
  }

  /**
   * Where the template allows the value not known only some names (a parameter's AllowedValues), those of them no
   * principal of the kind is written with.
   */
  otherAllowedNames(kind: PrincipalKind, value: Value, allows: (value: Value) => AllowedNames | undefined): string[] | undefined {
    const given = allows(value);
    return given?.values?.filter((name) => allowsName(given, name) && this.named(kind, name, false) === undefined);
  }

  /**
   * The principal of the kind with the name: the one written so (the last, as of a name the template declares twice),
   * else for a name IAM is given (not `exactCase`, an ARN) the one whose name differs in case only. Of several such
   * (which one account cannot hold), none.
   */
  private named(kind: PrincipalKind, name: string, exactCase: boolean): Resource | undefined {
    const candidates = this.byName.get(`${kind}/${iamNameKey(name)}`);
    if (!candidates) return undefined;
    const written = candidates.findLast((candidate) => candidate.name === name);
    if (written) return written.resource;
    return !exactCase && candidates.length === 1 ? candidates[0]!.resource : undefined;
  }

  /**
   * `at`: where the value is, which `sameExpression` reads. `takesArn`: the property takes the principal's ARN, not
   * its name: only `Fn::GetAtt ... Arn` or an ARN names it there (a `Ref` of a role, a name, is refused). Else it takes
   * a role's, user's or group's name, which its `Fn::GetAtt ... Arn` is not.
   */
  find(value: Value | undefined, kind: PrincipalKind, at: { resource: Resource; path: Path }, takesArn = false): Resource | undefined {
    if (value instanceof Unresolved) return this.sameExpression(kind, at, takesArn);
    if (typeof value !== 'string') return undefined;
    if (refusedWhereNameTaken(value, kind, takesArn)) return undefined;
    const { type, arnResource } = PRINCIPALS[kind];
    const named = iamNameOf(value, arnResource);
    if (named === undefined) return undefined;
    const payload = loneReferencePayload(named);
    if (payload !== undefined) {
      const [logicalId, attribute] = splitOnce(payload, '.');
      const resource = this.byLogicalId.get(logicalId);
      // A reference to another resource (`!GetAtt Names.Outputs.RoleName` of a nested stack) is a name like any other.
      // Where an ARN is needed, the reference is the ARN (`Fn::GetAtt Role.Arn`), or the name in an ARN written around it,
      // which is the principal's only at its path (`role/${Role}`). Where a name is needed (every other property naming a
      // role, user or group), it is the name (`Ref`): IAM refuses the ARN there. A managed policy is named by its ARN.
      const insideArn = value.startsWith('arn:');
      if (resource?.type === type && (namedByName(kind, insideArn, takesArn) ? NAME_ATTRIBUTES : ARN_ATTRIBUTES[kind]).has(attribute)) return mayNameInPathOf(value, arnResource, prop(resource.properties, 'Path')) ? resource : undefined;
    }
    // A name (a role's `Ref` among them) where an ARN is needed names no principal: the stack fails to deploy.
    if (takesArn && !value.startsWith('arn:')) return undefined;
    if (hasUnresolvedPiece(named)) return this.sameExpression(kind, at, takesArn);
    // A name is IAM's to resolve, in any case (`iamNameKey`); an ARN is matched as written. A name built from the
    // owner's symbols and references (`${AWS::StackName}-ml`, however written) is one value wherever it is written.
    const principal = this.named(kind, named, value.startsWith('arn:'));
    // An ARN names a principal of the account it writes: where the world fixes the template's account, another one's
    // principal of that name is not this one (as for a Terraform configuration, and a pipeline step's role).
    return principal && mayNameInPathOf(value, arnResource, prop(principal.properties, 'Path')) && mayNameInAccountOf(value, at.resource, principal) ? principal : undefined;
  }

  /**
   * Whether the value is a reference alone to a principal of the kind that the template declares: where `find` does not
   * take it as naming that principal (`Fn::GetAtt Role.Arn` where IAM takes the name, `Role.RoleId`), IAM refuses the
   * value, which names no principal made elsewhere either (nor does an ARN written around one: `attachedIamName`).
   */
  refersToDeclared(value: Value, kind: PrincipalKind): boolean {
    const payload = typeof value === 'string' ? loneReferencePayload(value) : undefined;
    return payload !== undefined && this.byLogicalId.get(splitOnce(payload, '.')[0])?.type === PRINCIPALS[kind].type;
  }

  /**
   * The principal whose name is not known that a value not known names (`PrincipalsByExpression.find`): a parameter
   * without a value has one value wherever it is used.
   */
  private sameExpression(kind: PrincipalKind, { resource, path }: { resource: Resource; path: Path }, takesArn: boolean): Resource | undefined {
    return this.byExpression.find(kind, PRINCIPALS[kind].arnResource, resource, path, takesArn);
  }
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const index = text.indexOf(separator);
  return index < 0 ? [text, undefined] : [text.slice(0, index), text.slice(index + 1)];
}

/** Values at a property spec such as `InstanceGroups.*.ExecutionRole`, with their resolved paths. */
function valuesAt(properties: Value, spec: string): Array<{ value: Value; path: Path }> {
  let found: Array<{ value: Value; path: Path }> = [{ value: properties, path: ['Properties'] }];
  for (const step of spec.split('.')) {
    found = found.flatMap(({ value, path }) => {
      if (step === '*') return Array.isArray(value) ? value.map((item, index) => ({ value: item, path: [...path, index] })) : [];
      const child = prop(value, step);
      return child === undefined ? [] : [{ value: child, path: [...path, step] }];
    });
  }
  return found;
}
