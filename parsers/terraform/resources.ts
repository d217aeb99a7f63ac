/**
 * The Terraform resource types deputy models (AWS provider), as data: their kinds, where they hold policies, where
 * they name roles and principals, and which CloudFormation SageMaker type each `aws_sagemaker_*` type corresponds to.
 * Attribute specs are dotted paths in the provider's shapes: nested blocks are lists of objects, so a block
 * attribute is reached through `*` (`default_user_settings.*.execution_role`).
 */
import type { ResourceKind } from '../../src/model/index.js';
import { accountId, namedByName, splitArn } from '../../src/model/arn.js';
import { UNLISTED_ATTRIBUTE } from '../../src/model/value.js';
import { ownEntry } from '../../src/model/objects.js';

const KINDS: Readonly<Record<string, ResourceKind>> = {
  aws_iam_role: 'iam-role',
  aws_iam_policy: 'iam-policy',
  aws_iam_role_policy: 'iam-policy',
  aws_iam_user_policy: 'iam-policy',
  aws_iam_group_policy: 'iam-policy',
  aws_iam_user: 'iam-user',
  aws_iam_group: 'iam-group',
  aws_ssoadmin_permission_set_inline_policy: 'sso-permission-set',
  aws_vpc_endpoint: 'vpc-endpoint',
};

export function terraformKindOf(type: string): ResourceKind {
  return ownEntry(KINDS, type) ?? (type.startsWith('aws_sagemaker_') ? 'sagemaker' : 'other');
}

/** Where a type holds policy documents (JSON strings); `nameAttribute` is read next to the document for its name. */
export const POLICY_ATTRIBUTES: Readonly<Record<string, ReadonlyArray<{ spec: string; kind: 'trust' | 'identity'; nameAttribute?: string }>>> = {
  aws_iam_role: [
    { spec: 'assume_role_policy', kind: 'trust' },
    { spec: 'inline_policy.*.policy', kind: 'identity', nameAttribute: 'name' },
  ],
  aws_iam_policy: [{ spec: 'policy', kind: 'identity', nameAttribute: 'name' }],
  aws_iam_role_policy: [{ spec: 'policy', kind: 'identity', nameAttribute: 'name' }],
  aws_iam_user_policy: [{ spec: 'policy', kind: 'identity', nameAttribute: 'name' }],
  aws_iam_group_policy: [{ spec: 'policy', kind: 'identity', nameAttribute: 'name' }],
  aws_ssoadmin_permission_set_inline_policy: [{ spec: 'inline_policy', kind: 'identity' }],
};

/**
 * Resources that deploy a CloudFormation template (`template_body` or `template_url`), whose IAM roles and policies are
 * not in the graph, by type: where the template is deployed.
 */
const DEPLOYED_TEMPLATE: Readonly<Record<string, string>> = { aws_cloudformation_stack: '', aws_cloudformation_stack_set: ' to its stack instances' };

/** The notice that the CloudFormation template a resource deploys is not analyzed; undefined for a resource that deploys none. */
export function deployedTemplateNotice(type: string, address: string): string | undefined {
  const where = ownEntry(DEPLOYED_TEMPLATE, type);
  return where === undefined ? undefined : `${address} is not followed: the CloudFormation template it deploys${where} is not analyzed (save it to a file of its own and scan it)`;
}

/**
 * Attributes through which a resource names the role it runs as. Like the CloudFormation table (ROLE_PROPERTIES),
 * only roles that SageMaker itself assumes are listed for SageMaker; roles handed on to other services (Canvas
 * EMR Serverless and Bedrock roles, JupyterLab EMR role lists, cross-account model register roles) are left out.
 */
export const ROLE_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  aws_iam_instance_profile: ['role'],
  aws_sagemaker_data_quality_job_definition: ['role_arn'],
  aws_sagemaker_device_fleet: ['role_arn'],
  aws_sagemaker_domain: [
    'default_user_settings.*.execution_role',
    'default_space_settings.*.execution_role',
    'domain_settings.*.r_studio_server_pro_domain_settings.*.domain_execution_role_arn',
  ],
  aws_sagemaker_endpoint_configuration: ['execution_role_arn'],
  aws_sagemaker_feature_group: ['role_arn'],
  aws_sagemaker_flow_definition: ['role_arn'],
  aws_sagemaker_image: ['role_arn'],
  aws_sagemaker_mlflow_tracking_server: ['role_arn'],
  aws_sagemaker_model: ['execution_role_arn'],
  aws_sagemaker_notebook_instance: ['role_arn'],
  aws_sagemaker_pipeline: ['role_arn'],
  aws_sagemaker_user_profile: ['user_settings.*.execution_role'],
};

/**
 * Of ROLE_ATTRIBUTES, those that take the role's name (an instance profile's `role`): every other one takes its ARN
 * (`role_arn`, `execution_role_arn`, `execution_role`, ...), which a role's `name` or `id` is not: SageMaker refuses the
 * value (it must match the IAM role ARN pattern) whatever the role's trust policy says, as with CloudFormation's
 * ROLE_NAME_PROPERTIES.
 */
const ROLE_NAME_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  aws_iam_instance_profile: ['role'],
};

/** Whether a role attribute of a type (ROLE_ATTRIBUTES) takes the role's ARN, not its name. */
export function roleAttributeTakesArn(type: string, spec: string): boolean {
  return !ownEntry(ROLE_NAME_ATTRIBUTES, type)?.includes(spec);
}

/** Attributes through which a role or user names the managed policy that is its permissions boundary. */
export const BOUNDARY_ATTRIBUTES: Readonly<Record<string, string>> = {
  aws_iam_role: 'permissions_boundary',
  aws_iam_user: 'permissions_boundary',
};

/** Nested blocks by name, each with the blocks nested in it. */
export type NestedBlocks = ReadonlyMap<string, NestedBlocks>;
interface BlockTree extends Map<string, BlockTree> {}

/**
 * The nested blocks of each type that the tables above read through (`inline_policy` of `inline_policy.*.policy`): the
 * JSON syntax may write one such block as an object, which reads as an attribute's value where the schema is not known.
 */
const NESTED_BLOCKS = new Map<string, BlockTree>();
for (const [type, specs] of [...Object.entries(POLICY_ATTRIBUTES).map(([type, entries]) => [type, entries.map(({ spec }) => spec)] as const), ...Object.entries(ROLE_ATTRIBUTES)]) {
  for (const spec of specs) {
    const steps = spec.split('.');
    // A step followed by `*` and more steps is a block; a trailing `*` is a list attribute's (`roles.*`).
    for (let index = 0, blocks: BlockTree | undefined; index + 2 < steps.length && steps[index + 1] === '*'; index += 2) {
      if (!blocks) NESTED_BLOCKS.set(type, (blocks = NESTED_BLOCKS.get(type) ?? new Map()));
      const name = steps[index]!;
      if (!blocks.has(name)) blocks.set(name, new Map());
      blocks = blocks.get(name)!;
    }
  }
}

// A policy document's statements, and their principals and conditions, are what its JSON is built of.
NESTED_BLOCKS.set(
  'aws_iam_policy_document',
  new Map([['statement', new Map(['principals', 'not_principals', 'condition'].map((name): [string, BlockTree] => [name, new Map()]))]]),
);

/** The nested blocks of a type that the tables read through (see NESTED_BLOCKS), and a policy document's. */
export function nestedBlocksOf(type: string): NestedBlocks | undefined {
  return NESTED_BLOCKS.get(type);
}

export type PrincipalKind = 'role' | 'user' | 'group' | 'managedPolicy';

/**
 * How each principal (and managed policy) type is named: its type, name attribute and ARN resource type, and for a type
 * whose name the provider makes when none is given, the attribute holding the prefix it starts with (`name_prefix`).
 */
export const PRINCIPALS: Readonly<Record<PrincipalKind, { type: string; nameAttribute: string; arnResource: string; prefixAttribute?: string }>> = {
  role: { type: 'aws_iam_role', nameAttribute: 'name', arnResource: 'role', prefixAttribute: 'name_prefix' },
  user: { type: 'aws_iam_user', nameAttribute: 'name', arnResource: 'user' },
  group: { type: 'aws_iam_group', nameAttribute: 'name', arnResource: 'group' },
  managedPolicy: { type: 'aws_iam_policy', nameAttribute: 'name', arnResource: 'policy', prefixAttribute: 'name_prefix' },
};

/** The ARN resource type (`role`) of each principal (and managed policy) type, for the text of its ARN (`iamArnText`). */
export const ARN_RESOURCES_BY_TYPE: ReadonlyMap<string, string> = new Map(Object.values(PRINCIPALS).map(({ type, arnResource }) => [type, arnResource]));

/**
 * Attributes of a principal or managed policy (or of a data source reading one) whose value is its ARN, which an
 * attribute taking an ARN (`role_arn`, `execution_role_arn`: `takesArn`; every one naming a managed policy) reads alone:
 * a principal's `arn` (its `id` and `name` are its name, which SageMaker refuses there), a policy's `arn` and `id`, and a
 * reference a plan lists without attribute (`UNLISTED_ATTRIBUTE`: `aws_iam_role.r[each.value].arn` is listed as
 * `aws_iam_role.r`), which may be the `arn`. Not a principal's `unique_id` (`AROA...`, `AIDA...`, `AGPA...`) nor a
 * policy's `policy_id` (`ANPA...`): IAM's ids of them, which no attribute naming a principal or policy takes.
 */
export const ARN_ATTRIBUTES: Readonly<Record<PrincipalKind, readonly string[]>> = {
  role: ['arn', UNLISTED_ATTRIBUTE],
  user: ['arn', UNLISTED_ATTRIBUTE],
  group: ['arn', UNLISTED_ATTRIBUTE],
  managedPolicy: ['arn', 'id', UNLISTED_ATTRIBUTE],
};

/**
 * Attributes whose value is the name: a principal's `name`, and its `id`, which is its name, and a reference a plan lists
 * without attribute, which may be the name (`aws_iam_role.r[each.value].name` is listed as `aws_iam_role.r`). An
 * attribute taking a role's, user's or group's name (an attachment's `role`, `roles`, `user`, `group`, an instance
 * profile's `role`) reads them alone, and an ARN written around a reference (`role/${aws_iam_role.r.name}`) reads them
 * as the name. An ARN (`aws_iam_role.r.arn`, `role/${aws_iam_role.r.arn}`), IAM's id (`unique_id`) or a policy's `id`
 * (its ARN) there is no name: IAM refuses the value (a name holds no `:` nor `/`), so the policy is never attached.
 */
export const NAME_ATTRIBUTES: Readonly<Record<PrincipalKind, readonly string[]>> = {
  role: ['name', 'id', UNLISTED_ATTRIBUTE],
  user: ['name', 'id', UNLISTED_ATTRIBUTE],
  group: ['name', 'id', UNLISTED_ATTRIBUTE],
  managedPolicy: ['name', UNLISTED_ATTRIBUTE],
};

/**
 * Whether a reference to the attribute of a principal or managed policy of the kind is its name for certain: one of
 * NAME_ATTRIBUTES (`aws_iam_role.r.name`, `.id`), not a reference a plan lists without attribute, which may be its ARN.
 */
export function isNameAttribute(kind: PrincipalKind, attribute: string): boolean {
  return attribute !== UNLISTED_ATTRIBUTE && NAME_ATTRIBUTES[kind].includes(attribute);
}

/**
 * Whether a reference to an attribute of a principal or managed policy of the kind (or of a data source reading one)
 * names it: inside an ARN written around it (`NAME_ATTRIBUTES`), or written alone where the attribute takes the ARN
 * (`takesArn`, and a managed policy, always named by its ARN: `ARN_ATTRIBUTES`) or else a role's, user's or group's
 * name (`NAME_ATTRIBUTES`). IAM and SageMaker refuse the one for the other.
 */
export function identifiesPrincipal(kind: PrincipalKind, attribute: string, insideArn: boolean, takesArn = false): boolean {
  return (namedByName(kind, insideArn, takesArn) ? NAME_ATTRIBUTES : ARN_ATTRIBUTES)[kind].includes(attribute);
}

/**
 * Resources that connect a policy to principals. `policy` names the policy: `self` when the resource is the policy
 * itself (inline policy resources), else the attribute holding a managed policy ARN. `principals` are the
 * attributes naming what it is attached to; `self` as principal means the resource itself (a role's own
 * `managed_policy_arns`).
 */
export const ATTACHMENTS: ReadonlyArray<{ type: string; policy: string; principals: ReadonlyArray<{ spec: string; kind: Exclude<PrincipalKind, 'managedPolicy'> | 'self' }> }> = [
  { type: 'aws_iam_role_policy', policy: 'self', principals: [{ spec: 'role', kind: 'role' }] },
  { type: 'aws_iam_user_policy', policy: 'self', principals: [{ spec: 'user', kind: 'user' }] },
  { type: 'aws_iam_group_policy', policy: 'self', principals: [{ spec: 'group', kind: 'group' }] },
  { type: 'aws_iam_role_policy_attachment', policy: 'policy_arn', principals: [{ spec: 'role', kind: 'role' }] },
  { type: 'aws_iam_user_policy_attachment', policy: 'policy_arn', principals: [{ spec: 'user', kind: 'user' }] },
  { type: 'aws_iam_group_policy_attachment', policy: 'policy_arn', principals: [{ spec: 'group', kind: 'group' }] },
  {
    type: 'aws_iam_policy_attachment',
    policy: 'policy_arn',
    principals: [
      { spec: 'roles.*', kind: 'role' },
      { spec: 'users.*', kind: 'user' },
      { spec: 'groups.*', kind: 'group' },
    ],
  },
  { type: 'aws_iam_role', policy: 'managed_policy_arns.*', principals: [{ spec: '', kind: 'self' }] },
  { type: 'aws_iam_role_policy_attachments_exclusive', policy: 'policy_arns.*', principals: [{ spec: 'role_name', kind: 'role' }] },
  { type: 'aws_iam_user_policy_attachments_exclusive', policy: 'policy_arns.*', principals: [{ spec: 'user_name', kind: 'user' }] },
  { type: 'aws_iam_group_policy_attachments_exclusive', policy: 'policy_arns.*', principals: [{ spec: 'group_name', kind: 'group' }] },
];

/**
 * Resources that put users in groups: the attributes naming the users and the groups, and whether the users listed are
 * all of the group's members: AWS provider docs, aws_iam_user_group_membership "To exclusively manage the users in a group, see
 * the aws_iam_group_membership resource".
 */
export const MEMBERSHIPS: ReadonlyArray<{ type: string; users: string; groups: string; exclusive: boolean }> = [
  { type: 'aws_iam_user_group_membership', users: 'user', groups: 'groups.*', exclusive: false },
  { type: 'aws_iam_group_membership', users: 'users.*', groups: 'group', exclusive: true },
];

/**
 * Each `aws_sagemaker_*` type with the CloudFormation short type (`AWS::SageMaker::<short>`) of the same SageMaker
 * resource, and the attribute holding the name that appears in its own ARN.
 */
export const SAGEMAKER_TYPES: Readonly<Record<string, { shortType: string; nameAttribute?: string }>> = {
  aws_sagemaker_app: { shortType: 'App', nameAttribute: 'app_name' },
  aws_sagemaker_app_image_config: { shortType: 'AppImageConfig', nameAttribute: 'app_image_config_name' },
  aws_sagemaker_code_repository: { shortType: 'CodeRepository', nameAttribute: 'code_repository_name' },
  aws_sagemaker_data_quality_job_definition: { shortType: 'DataQualityJobDefinition', nameAttribute: 'name' },
  aws_sagemaker_device: { shortType: 'Device' },
  aws_sagemaker_device_fleet: { shortType: 'DeviceFleet', nameAttribute: 'device_fleet_name' },
  aws_sagemaker_domain: { shortType: 'Domain', nameAttribute: 'domain_name' },
  aws_sagemaker_endpoint: { shortType: 'Endpoint', nameAttribute: 'name' },
  aws_sagemaker_endpoint_configuration: { shortType: 'EndpointConfig', nameAttribute: 'name' },
  aws_sagemaker_feature_group: { shortType: 'FeatureGroup', nameAttribute: 'feature_group_name' },
  aws_sagemaker_flow_definition: { shortType: 'FlowDefinition', nameAttribute: 'flow_definition_name' },
  aws_sagemaker_hub: { shortType: 'Hub', nameAttribute: 'hub_name' },
  aws_sagemaker_human_task_ui: { shortType: 'HumanTaskUi', nameAttribute: 'human_task_ui_name' },
  aws_sagemaker_image: { shortType: 'Image', nameAttribute: 'image_name' },
  aws_sagemaker_image_version: { shortType: 'ImageVersion', nameAttribute: 'image_name' },
  aws_sagemaker_mlflow_tracking_server: { shortType: 'MlflowTrackingServer', nameAttribute: 'tracking_server_name' },
  aws_sagemaker_model: { shortType: 'Model', nameAttribute: 'name' },
  aws_sagemaker_model_package_group: { shortType: 'ModelPackageGroup', nameAttribute: 'model_package_group_name' },
  aws_sagemaker_model_package_group_policy: { shortType: 'ModelPackageGroupPolicy' },
  aws_sagemaker_monitoring_schedule: { shortType: 'MonitoringSchedule', nameAttribute: 'name' },
  aws_sagemaker_notebook_instance: { shortType: 'NotebookInstance', nameAttribute: 'name' },
  aws_sagemaker_notebook_instance_lifecycle_configuration: { shortType: 'NotebookInstanceLifecycleConfig', nameAttribute: 'name' },
  aws_sagemaker_pipeline: { shortType: 'Pipeline', nameAttribute: 'pipeline_name' },
  aws_sagemaker_project: { shortType: 'Project', nameAttribute: 'project_name' },
  aws_sagemaker_servicecatalog_portfolio_status: { shortType: 'ServicecatalogPortfolioStatus' },
  aws_sagemaker_space: { shortType: 'Space', nameAttribute: 'space_name' },
  aws_sagemaker_studio_lifecycle_config: { shortType: 'StudioLifecycleConfig', nameAttribute: 'studio_lifecycle_config_name' },
  aws_sagemaker_user_profile: { shortType: 'UserProfile', nameAttribute: 'user_profile_name' },
  aws_sagemaker_workforce: { shortType: 'Workforce', nameAttribute: 'workforce_name' },
  aws_sagemaker_workteam: { shortType: 'Workteam', nameAttribute: 'workteam_name' },
};

/** Where a Terraform pipeline holds its definition (JSON text) and its name. */
export const PIPELINE_DEFINITION_ATTRIBUTE = 'pipeline_definition';

/** The AWS provider's blocks that name a role it signs in with, the one its session ends in first. */
const ASSUMED_ROLE_BLOCKS = ['assume_role', 'assume_role_with_web_identity'] as const;

/** The AWS provider's arguments that choose the credentials it signs in with. */
export const CREDENTIAL_ARGUMENTS = ['access_key', 'secret_key', 'token', 'profile', 'shared_credentials_file', 'shared_credentials_files', 'shared_config_files', 'assume_role', 'assume_role_with_web_identity'];

/** An AWS provider configuration's arguments, as one parser reads them. */
export interface ProviderArguments {
  /** An argument as the configuration writes it (an expression, blocks), undefined where it does not. */
  written(argument: string): unknown;
  /** The value of `allowed_account_ids`, where known. */
  allowedAccountIds(): unknown;
  /**
   * The `role_arn` of each block of a kind, in the order they are written: null for a block that writes none, and
   * anything but a string where it is not known.
   */
  roleArns(block: (typeof ASSUMED_ROLE_BLOCKS)[number]): readonly unknown[];
}

/**
 * The account an AWS provider configuration fixes: its single `allowed_account_ids` entry (Terraform refuses credentials
 * of any other), else the account of the role its session ends in, which its resources are created in: the last of its
 * `assume_role` blocks (AWS provider 5.67 and later assume their roles in turn), else its
 * `assume_role_with_web_identity` role (one without a role_arn takes the AWS_ROLE_ARN environment variable's: not known).
 */
export function providerAccount(provider: ProviderArguments): string | undefined {
  const allowedAccountIds = provider.allowedAccountIds();
  if (Array.isArray(allowedAccountIds) && allowedAccountIds.length === 1) return accountId(allowedAccountIds[0]);
  for (const block of ASSUMED_ROLE_BLOCKS) {
    const roleArns = block === 'assume_role' ? provider.roleArns(block).filter(assumesRole) : provider.roleArns(block);
    if (roleArns.length === 0) continue;
    const roleArn = roleArns.at(-1);
    return typeof roleArn === 'string' ? accountId(splitArn(roleArn)?.account) : undefined;
  }
  return undefined;
}

/**
 * How a provider configuration signs in: the arguments that choose its credentials (a profile, keys, roles to assume), as
 * written, `assume_role` blocks that assume no role as not written. Configurations that write them alike, or none (the
 * environment's credentials), sign in as one principal, so in one account; others may sign in to another account.
 */
export function signInKey(provider: ProviderArguments): string {
  const assumesNoRole = !provider.roleArns('assume_role').some(assumesRole);
  return JSON.stringify(CREDENTIAL_ARGUMENTS.map((argument) => (argument === 'assume_role' && assumesNoRole ? null : (provider.written(argument) ?? null))));
}

/** Notes that configurations signing in as `signIn` deploy to `account`: null where ones signing in alike fix several. */
export function noteAccountSigningIn(accounts: Map<string, string | null>, signIn: string, account: string | null): void {
  const known = accounts.get(signIn);
  accounts.set(signIn, known === undefined || known === account ? account : null);
}

/**
 * Whether an `assume_role` block's role_arn makes the provider assume a role: not an empty or null one, which the AWS
 * provider takes, in a block written alone, for no block at all (warning that it will be an error), and refuses among
 * several.
 */
function assumesRole(roleArn: unknown): boolean {
  return roleArn !== '' && roleArn !== null;
}
