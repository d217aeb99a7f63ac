import type { LargeMap } from './large-map.js';
import type { MaskedValue } from './masked.js';
import { uniqueKey } from './objects.js';
import type { Locator, Path, SourceLocation } from './location.js';
import type { ChoiceTerm, Value, ValueObject } from './value.js';
import type { RuleFamily } from './rule.js';

export type InputFormat = 'cloudformation' | 'terraform' | 'terraform-plan';

export type ResourceKind =
  | 'iam-role'
  | 'iam-policy' // a standalone policy resource: AWS::IAM::Policy, ManagedPolicy, RolePolicy, UserPolicy, GroupPolicy
  | 'iam-user'
  | 'iam-group'
  // A resource that puts users in a group, written apart from both: AWS::IAM::UserToGroupAddition. Terraform's membership
  // resources stay `other`, as its attachments do: a choice there is told on the `member-of` edge it makes (`Edge.when`).
  | 'iam-group-membership'
  | 'sso-permission-set' // an IAM Identity Center permission set's inline policy: AWS::SSO::PermissionSet, aws_ssoadmin_permission_set_inline_policy
  | 'sagemaker'
  | 'vpc-endpoint'
  | 'other';

/** The kinds of principals, which hold identity policies of their own, by the noun messages name them with. */
export const PRINCIPAL_NOUNS: Readonly<Partial<Record<ResourceKind, string>>> = { 'iam-role': 'role', 'iam-user': 'user', 'iam-group': 'group' };

export type ResourceChange = 'create' | 'update' | 'replace' | 'no-op' | 'read';

/** One declared resource, with properties already resolved (intrinsics, parameters, conditions). */
export interface Resource {
  /** Stable address: `file#LogicalId` for CloudFormation, `module.a.aws_iam_role.b` for Terraform. */
  address: string;
  /** The name inside its file/module: the CloudFormation logical id. */
  name: string;
  type: string;
  kind: ResourceKind;
  file: string;
  format: InputFormat;
  /** How the file is written, so that fixes come in the same syntax. */
  syntax: 'yaml' | 'json' | 'hcl';
  /**
   * Terraform, where override files merge into the block: how the file that writes a top-level attribute (or that
   * would, the block's own when none does) is written, when it is not `syntax`.
   */
  syntaxOf?(attribute: string): 'json' | 'hcl';
  /** Resolved properties. For CloudFormation this is the value of `Properties` (paths start below it). */
  properties: Value;
  /** Where the resource is declared (its logical id key line). */
  location: SourceLocation;
  /**
   * Terraform: where the scanned configuration calls the registry or git module that declares the resource (the code
   * the user can change, where the location is in downloaded code, or in a plan when the module is not installed).
   */
  moduleCall?: RemoteModuleCall;
  /** Locates a path relative to the resource, e.g. `['Properties', 'AssumeRolePolicyDocument', 'Statement', 0]`. */
  locator: Locator;
  /** Raw `Metadata` of the resource (suppressions live there). */
  metadata?: Value;
  /** The CloudFormation `Condition` the resource is created under, when it names one. */
  condition?: string;
  /**
   * Terraform: why whether the resource is created is not known, where its `count` or `for_each`, or its module call's,
   * is not known statically (a variable without a value): `its count is not known`, `the for_each of module.team is not
   * known`. It is read as one instance (`[*]`) that exists; a plan knows every count.
   */
  readonly createdNotKnown?: string;
  /**
   * Beside `createdNotKnown`, what decides whether the resource is created: the addresses of the module calls of count or
   * for_each not known it is in, and its own count or for_each expression with its module instance's address. It is
   * created wherever resources are whose keys hold all of its own (a Deny attachment of the same count as the Allow's,
   * every resource of one module instance).
   */
  readonly createdWith?: readonly string[];
  /** Terraform plan: what the plan does to the resource (`read` for data sources). */
  change?: ResourceChange;
  /** Terraform plan: whether a `.tf` block of the plan's folder declares it (its location is there, shared by its instances). */
  readonly writtenInFolder?: boolean;
  /**
   * Terraform plan: read from `prior_state` because the plan neither lists nor changes it (a targeted plan): it stays as
   * deployed, so its findings are `existing` or `new` and not changed, as a `no-op` change's are.
   */
  readonly leftAsDeployed?: boolean;
  /**
   * Terraform plan: the plan forgets it (`removed` with `destroy = false`): it stays deployed, read so for what the plan
   * manages (a role its notebook uses, a policy its attachment attaches), but no longer managed here, so not reported.
   */
  readonly forgotten?: boolean;
  /**
   * The region the resource is created in, where the input fixes it (a Terraform provider configuration, or the
   * resource's own `region`); otherwise the owner's symbolic region applies.
   */
  readonly region?: string;
  /**
   * The input sets the region the resource is created in (a provider configuration's `region`, the resource's own), but
   * to a value not known statically (a variable without a default): which setting it is (`provider module.a.aws.dr`,
   * `resource aws_sagemaker_model.m`). Resources of one such setting share their region, which no other is known to be.
   */
  readonly regionNotKnown?: string;
  /**
   * The account the resource is created in, where the input tells it (a Terraform plan's caller identity, the
   * provider's `allowed_account_ids`, the ARNs of its IAM resources, or, for a template, the account a world's
   * conditions fix `AWS::AccountId` to): the account `OWNER_ACCOUNT` stands for in its values (a plan writes it so; a
   * Terraform configuration and a template keep the literal, which their policies read as the symbol). Otherwise not
   * known.
   */
  readonly account?: string;
  /**
   * Terraform: the provider configuration that deploys the resource, as its account where known: resources of one
   * scope are deployed to one account. Undefined for a CloudFormation template, which deploys to one, and where the
   * configuration is not known.
   */
  readonly accountScope?: string;
  /**
   * Terraform: configurations beside the one that deploys it may deploy to other accounts, so the owner's account its
   * values read (a caller identity's) may be another configuration's, not its own.
   */
  readonly besideOtherAccounts?: boolean;
  /**
   * Terraform configuration: the tags the `default_tags` block of the provider configuration that creates the resource
   * gives it under its own `tags`, where the input writes that configuration's block and its map of tags is known (a
   * value in it may not be). The provider may add other keys from its environment (`TF_AWS_DEFAULT_TAGS_<key>`), so
   * these and the resource's own are never all its tags.
   */
  readonly providerDefaultTags?: ValueObject;
  /**
   * Terraform configuration: the tag keys the `ignore_tags` block of that provider configuration ignores, where it writes
   * one (`not known` where its keys are not): the provider neither creates nor reads them, and AWS may hold any of them.
   */
  readonly providerIgnoredTags?: IgnoredTags;
  /**
   * How the source writes a policy: as the object of a Terraform `jsonencode({...})` (read from a plan's `.tf` files) or
   * of a CloudFormation `Fn::ToJsonString`, a `data "aws_iam_policy_document"`'s JSON, or as text, where it holds JSON
   * text; as a value of Terraform's JSON syntax (`json-value`: an object of a `.tf.json` file, not a string template)
   * where it holds the object; `quoted-text` for text an HCL quoted string writes (`"{\"Version\": ...}"`), whose
   * quotes a snippet pasted into it escapes. Undefined where the source does not tell (a plan without its `.tf` files).
   */
  writtenPolicy?(path: Path): 'object' | 'policy-document' | 'text' | 'quoted-text' | 'json-value' | undefined;
  /**
   * CloudFormation: what gives the string at a path as it is, where the template does not write it and no Fn::Sub
   * reads it: `parameter Trust` (a `Ref` of a parameter, whose value is passed at deploy time), `mapping Policies` (a
   * `Fn::FindInMap`). Undefined for a string the template writes (a literal, an Fn::Sub, ...).
   */
  textGivenBy?(path: Path): string | undefined;
  /**
   * CloudFormation: whether the template writes the key at a path, whatever its value in this world: `AWS::NoValue`
   * (or an `Fn::If` branch of it) leaves the property out of `properties`, but a finding on it points at the key, which
   * the user changes.
   */
  writesKey?(path: Path): boolean;
  /**
   * Terraform plan: whether the configuration sets a top-level attribute to a value other than null, as the plan's
   * configuration (or the `.tf` declaration) shows it; undefined where neither shows the resource's. The planned
   * values cannot tell: they hold the provider's default for an attribute the configuration leaves out, or a value
   * known after apply for one the provider computes. A path names an attribute of a nested block, by the blocks' names
   * and positions (`['primary_container', 0, 'model_data_source']`); undefined where the configuration does not show
   * that block (a `dynamic` one).
   */
  writes?(attribute: string | Path): boolean | undefined;
  /**
   * The policy document data source (its address, `module.a.data.aws_iam_policy_document.x`) whose text a policy of a
   * plan is, as the plan's configuration tells, where findings do not point into its blocks (the plan read without its
   * `.tf` files, or a `.tf.json` data source): a fix says where its blocks go. With the `.tf` files, how the data
   * source is written.
   */
  policyDocumentOf?(path: Path): { address: string; syntax?: 'hcl' | 'json' } | undefined;
  /**
   * Terraform plan: the policy deputy builds from the policy document data source read at plan time whose text the
   * policy at `path` is, with the plan's `.tf` files (the JSON texts it includes are in it, not in the text).
   */
  builtPolicyDocument?(path: Path): Value | undefined;
  /**
   * The key by which the source writes a mapping of its values at deploy time (a CloudFormation macro or loop, given the
   * mapping's other keys), if any: what the mapping holds is then not known. Elsewhere such a key is text.
   */
  macroKey?(mapping: ValueObject): string | undefined;
  /** Suppressions written at the resource (CloudFormation `Metadata.deputy.ignore`, Terraform `# deputy:ignore`). */
  suppressions?: InlineSuppression[];
  /**
   * For a value at the path that holds something not known (a parameter or variable without a value), a key that a
   * value of this or another resource of the same input has too only when it is written by the same expression where
   * that expression gives the same value: the same CloudFormation expression (in one world), the same Terraform
   * expression in the same module instance, never one whose value differs from one use to the next (`uuid()`,
   * `each.key`). Undefined where the parser cannot tell, as for what an intrinsic or a function gives only part of (an
   * item of `Fn::Split`), and in plans without their `.tf` files, which keep no expressions (`referencesKey`). Two values
   * of one key are one value; two values of different keys may still be.
   */
  expressionKey?(path: Path): string | undefined;
  /**
   * Terraform plan without its `.tf` files, which keeps no expression: for a value at the path that holds something not
   * known, a key of the references its configuration lists, in its module instance (for an entry of a list, only where
   * the list's references name one resource: they are listed for the whole list). Two values of one key may be written
   * by one expression (one value), or not: the references are all the plan keeps of `"${aws_iam_group.team.unique_id}-bob"`,
   * `format("%s-alice", aws_iam_group.team.unique_id)` and `aws_iam_group.team.unique_id` alike. None where a reference is
   * the instance's own (`each`, `count`, `self`).
   */
  referencesKey?(path: Path): string | undefined;
  /**
   * The expression `expressionKey` reads, when it is written as template text: literal text with `${...}` for each
   * piece it interpolates (a Terraform string, or a `join()` or `format()` of quoted text and references as the text it
   * writes, also in a plan beside its `.tf` files; a CloudFormation `Fn::Sub` string without variables, `Ref` or
   * `Fn::GetAtt`), with the scope where one text gives one value (the Terraform module instance). Unlike a key, a text
   * can be read in part: an ARN built of pieces not known names the role whose name is written as its last part
   * (`iamNameInTemplate`).
   */
  templateText?(path: Path): { scope: string; text: string } | undefined;
  /**
   * Terraform plan: whether the value at the path is a reference marker standing for a value that the configuration
   * builds from that reference in a way the plan does not show (without its `.tf` files, the plan lists the same
   * references for `aws_iam_role.r.name` and for `"arn:aws:iam::111122223333:role/${aws_iam_role.r.name}"`, for
   * `aws_iam_role.r.arn` and for `basename(aws_iam_role.r.arn)`): the reference alone, or a value built from it.
   */
  builtFromReference?(path: Path): boolean;
  /**
   * Terraform: how the module whose `.tf` file is `file` reads the owner's values from data sources of a type
   * (`aws_caller_identity`, `aws_region`, `aws_partition`), for a fix written there: those of the provider
   * configuration this resource is created with, as that module names it. Undefined where that file is not one of the
   * scanned modules'.
   */
  ownerDataSource?(file: string, type: string): OwnerDataSource | undefined;
}

/** Tag keys a Terraform provider configuration ignores (`Resource.providerIgnoredTags`), as its block writes them. */
export type IgnoredTags = { readonly keys: readonly string[]; readonly keyPrefixes: readonly string[] } | 'not known';

/** The data sources of a type a module declares, for a fix that reads the owner's value from one. */
export interface OwnerDataSource {
  /**
   * One that gives the owner's value (the account, region or partition of the role's provider configuration: no
   * arguments, no `for_each`, that configuration as its `provider`), as a reference reads it: `data.aws_caller_identity.this`, or `data.aws_region.current[0]` with a `count`.
   */
  reference?: string;
  /**
   * The reference of the data source the module reads the owner's value from, where it declares one that gives it in
   * the instances that make it: `reference`, or one whose `count` not every instance makes (`data.aws_caller_identity.current[0]`).
   * What a message quotes, as the module writes it; a fix reads `reference` alone, which every instance holds.
   */
  read?: string;
  /** The names the module declares of the type, of those too: a data source the fix declares takes another. */
  taken: readonly string[];
  /**
   * The provider configuration that gives the owner's values, as the module names it, where it is not the default
   * one (`aws.west`, that of a role created with `provider = aws.west`): a data source the fix declares is created with it.
   */
  provider?: string;
  /**
   * Whether the role is created with a configuration the module cannot name (one a module between them configures with
   * its own `provider` block, or one a plan without its `.tf` files does not name there): no data source of the module
   * is known to give the owner's values, and one the fix declares must be given that configuration.
   */
  unnamedProvider?: true;
}

/**
 * The reference that reads the owner's value of a data source type in a module: the data source the module declares
 * that gives it, else the one a fix declares there, named `current` (for a configuration with an alias, the alias:
 * `west` for `aws.west`) unless the module already declares one of that name that gives another value (one with a
 * `count` that not every instance of the module makes, another configuration's): `current2` then. A fix that shows the
 * owner's value in Terraform terms reads it so, never as a data source that holds something else; a message quotes
 * `OwnerDataSource.read` where the module reads one, not a name a fix declares beside it.
 */
export function ownerDataSourceReference(type: string, declared: OwnerDataSource): string {
  return declared.reference ?? `data.${type}.${uniqueKey(declared.provider?.split('.')[1] ?? 'current', new Set(declared.taken))}`;
}

export interface InlineSuppression {
  rules: string[];
  /** Required: a suppression without a reason is an input error, not a suppression. */
  reason: string;
  /** Where the suppression is written, so that one matching no finding can be reported there. */
  location: SourceLocation;
}

/**
 * The inline suppressions of a block that declares no resource (a Terraform `data "aws_iam_policy_document"`, which a
 * finding on the role whose policy it is points into): they cover the findings located inside the block, whichever
 * resource they are on, since that is where the user sees the finding and writes the comment.
 */
export interface BlockSuppressions {
  /** The block's address (`module.a.data.aws_iam_policy_document.t`), its address in its module, type and file. */
  address: string;
  name: string;
  type: string;
  file: string;
  /** The block as written: its own text and that of each override block merged into it. */
  spans: SourceLocation[];
  suppressions: InlineSuppression[];
  /**
   * A `module` block read with a plan: its calls, by module path with the instance keys left out (`module.a`, and
   * `module.w.module.a` for a block in a module `w` runs), and the places in the code those calls run (their module's
   * and the modules it calls) where a plan locates a finding on a statement a `dynamic` block makes: each `dynamic`
   * block whole, and the header of each block holding one. The `.tf` scan follows the block's iterator to the object
   * the call passes and locates the finding there, inside the `module` block; a plan does not say which object made
   * which statement. The block's comments cover those findings of the resources its calls make, as they cover them there.
   */
  calls?: { modules: string[]; spans: SourceLocation[] };
}

/** A key repeated inside one mapping of the source: only the last occurrence survives parsing. */
export interface DuplicateKey {
  /** Path relative to the resource (same convention as `Resource.locator`), of the mapping holding the key. */
  path: Path;
  key: string;
  /** Every occurrence, in source order. */
  locations: SourceLocation[];
  /**
   * Written as `condition` blocks of a Terraform policy document data source that repeat a test and variable: the
   * provider merges their values under the key, none is dropped.
   */
  merged?: true;
}

/** Where a policy document sits: which resource, at which path, and what it is for. */
export interface PolicyRef {
  resource: string; // address
  /** The resource at that address, given by the parser that found the policy in it: the graph reads it without a lookup. */
  holder: Resource;
  path: Path; // relative to the resource; points at the document (object or JSON string)
  kind: 'trust' | 'identity';
  /** PolicyName for inline policies, when known. */
  name?: string;
}

export type EdgeKind =
  /** from: the user (SageMaker resource, instance profile, ...) to: the role. */
  | 'uses-role'
  /** from: a standalone policy resource to: the role/user/group it is attached to. */
  | 'attached-policy'
  /**
   * from: a user to: a group it is a member of. `via` is the entry naming the group, in the user (CloudFormation
   * `Groups`) or in the resource that makes the membership (`AWS::IAM::UserToGroupAddition`, Terraform's membership
   * resources).
   */
  | 'member-of'
  /** from: a role or user to: the managed policy resource that is its permissions boundary (which grants nothing). */
  | 'permissions-boundary';

export interface Edge {
  from: string; // address
  to: string; // address
  kind: EdgeKind;
  /** Property path in `from` that made the edge (points findings at the exact `RoleArn` line), or in `holder`. */
  via: Path;
  /**
   * The resource that made the edge, when it is not `from` (a Terraform attachment resource, a role's
   * `managed_policy_arns`, a CloudFormation principal's `ManagedPolicyArns`, an `AWS::IAM::UserToGroupAddition`, a
   * Terraform membership resource): `via` is its path.
   */
  holder?: string;
  /**
   * Where the value at `via` is one of several written out, chosen by a condition not known (`Unresolved.choices`), and
   * names `to` only in some of them: when it does (`var.use_a is false`). The edge holds only then.
   */
  when?: string;
  /** The choices `when` tells, one or another, each the terms that all hold: what leaves the edge out is written from them (`noneHolds`). */
  choices?: ReadonlyArray<readonly ChoiceTerm[]>;
}

/**
 * An AWS managed (or external) policy attached by ARN rather than by resource: kept on the graph so that
 * rules can name it (`AdministratorAccess`) even though its document is not in the template.
 */
export interface ManagedPolicyArn {
  principal: string; // address of role/user/group
  arn: string;
  via: Path;
  /** Address of the resource `via` is a path into, when that is not the principal (a Terraform policy attachment). */
  holder?: string;
  /** Where the attachment chooses the policy or the principal by a condition not known, and this one only then: when (`Edge.when`). */
  when?: string;
  /** The choices `when` tells (`Edge.choices`). */
  choices?: ReadonlyArray<readonly ChoiceTerm[]>;
}

/**
 * A role, user or group that a policy is attached to and that no resource of the input is found to be: one named by a
 * literal name or ARN the input does not declare (made elsewhere), or by a value not known. Kept to name it in messages.
 */
export interface UnmatchedPrincipal {
  /** Address of the resource holding the attached document (a policy resource, or an inline policy's own resource). */
  policy: string;
  kind: 'role' | 'user' | 'group';
  /** The literal name; absent when a value not known names the principal. */
  name?: string;
  /** A principal the input declares with a name not known (`${Env}-ml`) may have this name: it is not said to be undeclared. */
  mayBeDeclared?: true;
  /**
   * Where a conditional not decided chooses this name for principals the input declares (`var.prod ? "bob" : "bob-dev"`):
   * the choices it does, one or another, each the terms that all hold. The name is theirs then, a principal made
   * elsewhere only otherwise.
   */
  declaredWhen?: ReadonlyArray<readonly ChoiceTerm[]>;
  /**
   * Of a value not known (no `name`): the principals the input declares that it may name (`mayBeNamedBy`: `"${var.env}-bob"`
   * may be a user named `dev-bob`), by address, where the parser tells them. Their Denies protect it only where it names
   * them: a finding on it holds where it does not (`namedBy` does not name them).
   */
  mayName?: readonly string[];
  /** Of a value not known: the resource that writes it, which a finding says it may name another principal than (an attachment). */
  namedBy?: string;
  /** Of a value not known: how it is written (`${var.env}-bob`), where every piece of it can be shown (`writtenName`). */
  written?: string;
  /** Of a value not known: the key of the expression writing it (`Resource.expressionKey`), where known: entries of one kind and key name one principal. */
  expression?: string;
  /** Of a value not known in a plan without its `.tf` files: the key of the references writing it (`Resource.referencesKey`): entries of one kind, key and scope may name one principal. */
  references?: string;
  /**
   * Of a value not known written around one piece not known, a reference (`${var.env}-bob`, `${Env}-bob`), that names each
   * principal `mayName` lists where that piece takes one value (`dev`, of a user named `dev-bob`): the piece as written
   * (`var.env`, `Env`) and that value for each, in the order `mayName` lists them (`pieceNamingEach`). Messages say when
   * the value names none of them by it (`var.env is not "dev"`).
   */
  piece?: { readonly written: string; readonly values: readonly string[] };
  /**
   * Of a value not known that the input allows only some names (a parameter's AllowedValues: `${Env}-bob` is dev-bob or
   * prod-bob): those no principal it declares is written with (prod-bob), which messages name; none where it allows only theirs.
   */
  otherNames?: readonly string[];
  /**
   * The account the attachment is made in, where the input may deploy to more than one (the attaching resource's
   * `accountScope`; '' in a CloudFormation template): entries of one kind, name and scope are one principal. Without
   * one, the entry is not known to name any other entry's principal. Of a value not known, what a membership by the
   * same expression in that scope puts it in (`UnmatchedMember`).
   */
  scope?: string;
}

/**
 * A user that a membership puts in a group the input declares (its address) by a name (`bob`), or by a value not known
 * (`"${var.env}-bob"`) by the key of the expression writing it (`UnmatchedPrincipal.expression`): a policy attached by
 * the same name or expression in the same scope reaches that user. In a plan without its `.tf`, by the key of the
 * references writing it (`UnmatchedPrincipal.references`): the user a policy attached by the same references names may
 * be that one, or not.
 */
export type UnmatchedMember = {
  group: string;
  /** As `UnmatchedPrincipal.scope`: the membership's account. */
  scope?: string;
} & ({ name: string } | { expression: string } | { references: string });

/**
 * A membership resource that puts users not known in a group the input declares (`for_each = var.members` with `user =
 * each.key`, `users = var.users`, `Users: [!Ref Member]` of a parameter without a value): it may name any of `users`,
 * whose name the value not known may be. It makes no edge: what the group allows reaches no one through it, and what
 * the group denies may protect those users, or not.
 */
export interface UnknownMembership {
  /** Address of the membership resource. */
  holder: string;
  group: string;
  /** Path in `holder` of the value not known that names the members. */
  via: Path;
  /** Addresses of the declared users it may name: those of its account, but those whose name the value cannot be. */
  users: readonly string[];
  /** Where a conditional not decided chooses the group: the choices it is this group in (`Edge.choices`). */
  choices?: ReadonlyArray<readonly ChoiceTerm[]>;
}

/**
 * A membership resource that holds exactly the members it lists (Terraform `aws_iam_group_membership`, which manages
 * all of a group's members), made in any case, each member a user the input declares or a name no user of it has: the
 * users of the group's `member-of` edges it makes and those names are its members, unless another membership names
 * the group too (`ResourceGraph.exclusiveMembersOf`).
 */
export interface ExclusiveMembership {
  /** Address of the membership resource. */
  holder: string;
  group: string;
  /** The members it names that no user of the input has (its `UnmatchedMember` names). */
  names: readonly string[];
}

export interface InputError {
  file: string;
  line?: number;
  column?: number;
  message: string;
}

/**
 * What deputy could not fully analyze and why (a transform it does not expand, a module it does not read), at the most
 * specific place it knows: the written thing the user acts on (a `module` block, a `Transform` key) when there is one,
 * else the file or folder as a whole (no `line`).
 */
export interface Notice {
  file: string;
  line?: number;
  column?: number;
  message: string;
}

/** A notice at a position of `file` when one is known, else on the whole file. */
export function noticeAt(file: string, message: string, at?: { line: number; column?: number }): Notice {
  return { file, ...(at ? { line: at.line, ...(at.column === undefined ? {} : { column: at.column }) } : {}), message };
}

/**
 * Each input error or notice once, in the order first told: the same message at the same place (a module folder that
 * several roots call, or that a plan and an HCL root both stand for, is read with each).
 */
export function distinctByPlace<T extends { file: string; line?: number; column?: number; message: string }>(told: readonly T[]): T[] {
  const seen = new Set<string>();
  return told.filter(({ file, line, column, message }) => {
    const key = JSON.stringify([file, line, column, message]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** What the error codes a file or folder is most often refused with mean, for readers who do not know them by heart. */
const FAILURE_MEANINGS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'a folder, not a file',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ELOOP: 'a symbolic link loop',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
};

/** Why a file or folder could not be read or written, as errors say it: the error code, and what it means. */
export function fileFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === undefined) return error instanceof Error ? error.message : 'error';
  const meaning = FAILURE_MEANINGS[code];
  return meaning ? `${code} (${meaning})` : code;
}

/** The output of a parser for one consistent assignment of template conditions. */
/** The most worlds a file is analyzed in: past it, a notice says which outcomes none of them has. */
export const MAX_WORLDS = 16;

export interface ParsedWorld {
  /** Truth values chosen for template conditions that depend on unsupplied parameters ({} when none). */
  conditions: Record<string, boolean>;
  /**
   * Literal values the world gives the template parameters that some world assumes a value for (a value assumed, else
   * the Default), by name: a finding that shows one is the finding another world shows with the parameter as written
   * (`${Env}`) or with its own value.
   */
  parameters?: Readonly<Record<string, string>>;
  resources: Resource[];
  edges: Edge[];
  /**
   * `edges` by the address they leave (`from`), each list in their order, where the parser has them so already (it
   * compares each new edge with those of its start): the graph then builds no index of its own.
   */
  edgesByStart?: LargeMap<Edge[]>;
  policies: PolicyRef[];
  managedPolicyArns: ManagedPolicyArn[];
  unmatchedPrincipals?: UnmatchedPrincipal[];
  /** Users the input puts in one of its groups by a name no user of it is found to have. */
  unmatchedMembers?: UnmatchedMember[];
  /** Memberships whose members are not known, of groups the input declares. */
  unknownMemberships?: UnknownMembership[];
  /** Memberships that say every member of a group, each one a user the input declares (`ExclusiveMembership`). */
  exclusiveMemberships?: ExclusiveMembership[];
  /** Duplicate keys found in the source, per resource address. Computed lazily by the parser. */
  duplicateKeys(address: string): DuplicateKey[];
}

export interface ParsedFile {
  file: string;
  format: InputFormat;
  /** One or more; none when nothing of the file could be read (it does not parse, or is not the input it seemed), which is then no file analyzed. */
  worlds: ParsedWorld[];
  /**
   * For each resource address, the template conditions (transitively) that decide whether it exists or what its
   * properties are, and for a user or group those of the memberships written apart that name it: a finding on the
   * resource can only depend on these.
   */
  resourceConditions: Record<string, string[]>;
  /**
   * For each role address, the template parameters its trust policy names a principal by that the worlds vary over their
   * AllowedValues: a finding on it, or related to it, that holds in some worlds only may hold for some of their values.
   */
  principalParameters?: Record<string, string[]>;
  /**
   * Of the parameters in `principalParameters`, the lists: a world gives each as its items joined with commas, and a
   * finding in some worlds holds where the list includes some values, or where it does not include some.
   */
  principalListParameters?: string[];
  /** The template conditions a location is written under: a `Fn::If` branch, or a resource's `Condition`, that holds it. */
  conditionsAround?(location: SourceLocation): string[];
  /** The template conditions of the `Fn::If` branches written inside a location, each once: a value a `!Join` of a `Fn::If` makes. */
  conditionsWithin?(location: SourceLocation): string[];
  /**
   * The template conditions written around or inside the name of a role, user, group or managed policy, by its address
   * (`UserName: !If [IsProd, bob, bob-dev]`): where a policy or membership names it by its name, they decide whether it does.
   */
  conditionsOfName?(address: string): string[];
  /** Suppressions written in blocks that declare no resource (Terraform `data` blocks). */
  blockSuppressions?: BlockSuppressions[];
  /**
   * What the file declares that deputy does not analyze whole (each also said in a notice): a SAM resource whose
   * generated roles and policies are not expanded, a Terraform `module` block whose code is not read. A suppression they
   * hold, or a `.deputy.yml` entry naming them or a resource a skipped call makes, may be for a finding deputy cannot
   * make yet: it is not reported unused.
   */
  unanalyzed?: UnanalyzedPart[];
  /** Names of the parameters the file declares (to tell the user about a `--parameter` no file knows). */
  declaredParameters: string[];
  /** The values supplied for CloudFormation parameters declared NoEcho and Terraform root variables declared sensitive, which reports show masked. */
  maskedValues?: MaskedValue[];
  /**
   * The Defaults of CloudFormation parameters declared NoEcho where no value is supplied: reports show them as written
   * (they are in the template), but a fix makes up no name of them (`RuleContext.mask`), since CloudFormation shows a
   * parameter's name where it masks its value.
   */
  unnamedValues?: MaskedValue[];
  errors: InputError[];
  /**
   * An input error kept the parser from reading the file whole (it does not parse, a resource has no type, a plan
   * Terraform stopped): its findings are part of the file's, or none. A problem with a suppression alone leaves it whole.
   */
  incomplete?: true;
  /** What is not fully analyzed (e.g. "registry module skipped"), each at its place (see Notice). */
  notices: Notice[];
  /**
   * Absolute paths of the Terraform folders a plan stands for, when it is read with its Terraform folder: the root
   * module's and those of the local modules it calls. Their `.tf` files are not analyzed again.
   */
  terraformFolders?: string[];
  /**
   * Terraform plan: the resources as deployed before the plan (`prior_state`), read as the planned ones are, when first
   * asked for. A finding the rules also make there is not one the plan brings.
   */
  deployedWorld?(): ParsedWorld;
  /**
   * CloudFormation: the templates its stack sets deploy, written inline in a TemplateBody, read as templates of their own
   * (their resources at `file#<StackSet>/TemplateBody#<LogicalId>`, located in this file).
   */
  deployedTemplates?: ParsedFile[];
  /** Terraform plan: every change is a no-op, so every resource is as deployed, and every finding too. */
  changesNothing?: true;
}

/**
 * A part of a file deputy does not analyze whole, by address: a CloudFormation resource (`file#LogicalId`), or a
 * Terraform module call with its instance keys left out (`module.a.module.roles`), whose resources are all unanalyzed.
 */
export interface UnanalyzedPart {
  address: string;
  file: string;
  /**
   * The families of the rules whose findings deputy cannot judge there, where only those are (a SAM function whose
   * generated role is analyzed but for the trust SAM writes: `trust`); absent where none is.
   */
  families?: readonly RuleFamily[];
}

/** The `module` block of the scanned configuration that calls registry or git code. */
export interface RemoteModuleCall {
  location: SourceLocation;
  /** Whether `terraform init` installed the code where deputy read it; else the plan alone shows the resource. */
  installed: boolean;
}
