// `npm run bench` (after the build): how deputy's time grows with the shapes that large repositories take, where
// one thing meets thousands of others (a policy attached to thousands of roles, a role thousands of resources use, a
// trust policy naming thousands of accounts, policies of thousands of statements, a group of thousands of members, a
// template of thousands of resources, as YAML and as JSON, a template whose roles depend on thousands of parameters,
// a policy written as one Fn::Sub of thousands of statements; Terraform folders of thousands of roles, module calls,
// locals, variables, for_each entries or policy document statements; templates of thousands of Mappings entries,
// DependsOn, Fn::ForEach items or Outputs; trust policies of thousands of statements, condition keys or services), and
// the inputs deputy passes over or refuses (brackets that never close, files listing thousands of stacks, lines of long
// blank runs before a nest too deep), which must be read in one pass whatever their size.
// Each shape is scanned in process at two sizes, four times apart: time that grows about four times is linear, sixteen
// times quadratic. Results go to bench/results/scale.json.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { scan } = await import(join(root, 'dist', 'src', 'analyze', 'engine.js'));
const SIZE = Number(process.env.BENCH_SCALE_SIZE ?? 1000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
/** Only the shapes whose name holds this text (a partial run writes no results). */
const ONLY = process.env.BENCH_SCALE_ONLY;
const PROVIDER = 'registry.terraform.io/hashicorp/aws';
const ACCOUNT = '493827160514';

const trust = (principal, condition) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', ...(condition ? { Condition: condition } : {}) }] });
const training = (index) => ({ Effect: 'Allow', Action: 'sagemaker:CreateTrainingJob', Resource: `arn:aws:sagemaker:us-east-1:${ACCOUNT}:training-job/j${index}-*` });

/** A planned resource as planned_values writes it (its module, if any, in its address). */
const planned = (address, type, name, values, extra = {}) => ({ address, mode: 'managed', type, name, ...extra, provider_name: PROVIDER, schema_version: 0, values, sensitive_values: {} });

/** A plan that creates the planned resources; `afterUnknown` gives what each one leaves open. */
function planOf(written, configuration = { root_module: {} }, afterUnknown = () => ({})) {
  const changes = written.map(({ values, sensitive_values: _sensitive, schema_version: _schema, ...head }) => ({
    ...head,
    change: { actions: ['create'], before: null, after: values, after_unknown: afterUnknown(head), before_sensitive: false, after_sensitive: {} },
  }));
  return { file: 'plan.json', text: JSON.stringify({ format_version: '1.2', terraform_version: '1.9.5', planned_values: { root_module: { resources: written } }, resource_changes: changes, configuration }) };
}

/** A plan of the resources (type, name, values) of the root module, every one of them created. */
function plan(resources) {
  return planOf(resources.map(([type, name, values]) => planned(`${type}.${name}`, type, name, values)));
}

/** The input error of a file given by name that is not a template (nor a plan). */
const NOT_A_TEMPLATE = 'not recognised as a CloudFormation template';

const range = (count) => Array.from({ length: count }, (_, index) => index);

/**
 * A template of one role whose inline policy is one Fn::Sub of n statements, written as YAML or as JSON; `sids` gives
 * each a Sid of one of 300 lengths, `twice` writes the statements twice.
 */
function subPolicyTemplate(n, syntax, { sids = false, twice = false } = {}) {
  const statements = range(n).map((index) => `{${sids ? `"Sid":"${'S'.repeat((index * 7) % 300)}",` : ''}"Effect":"Allow","Action":"sagemaker:CreateTrainingJob","Resource":"arn:\${AWS::Partition}:sagemaker:\${AWS::Region}:\${AWS::AccountId}:training-job/\${JobPrefix}-${index}-*"}`);
  const policy = `{"Version":"2012-10-17","Statement":[${(twice ? [...statements, ...statements] : statements).join(',')}]}`;
  const template = {
    AWSTemplateFormatVersion: '2010-09-09',
    Parameters: { JobPrefix: { Type: 'String', Default: 'ml' } },
    Resources: {
      Role: {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } }] },
          Policies: [{ PolicyName: 'p', PolicyDocument: { 'Fn::Sub': policy } }],
        },
      },
    },
  };
  if (syntax === 'json') return JSON.stringify(template, null, 1);
  return [
    'AWSTemplateFormatVersion: "2010-09-09"', 'Parameters:', '  JobPrefix:', '    Type: String', '    Default: ml', 'Resources:', '  Role:', '    Type: AWS::IAM::Role', '    Properties:',
    '      AssumeRolePolicyDocument:', '        Statement:', '          - Effect: Allow', '            Principal: { Service: sagemaker.amazonaws.com }', '            Action: sts:AssumeRole',
    '            Condition: { StringEquals: { "aws:SourceAccount": !Ref AWS::AccountId } }', '      Policies:', '        - PolicyName: p', `          PolicyDocument: !Sub '${policy}'`, '',
  ].join('\n');
}

const SHAPES = {
  'one policy attached to n roles': (n) =>
    plan([
      ['aws_iam_policy', 'p', { name: 'p', policy: JSON.stringify({ Version: '2012-10-17', Statement: [training(0)] }) }],
      ...range(n).map((index) => ['aws_iam_role', `r${index}`, { name: `r${index}`, assume_role_policy: trust({ Service: 'sagemaker.amazonaws.com' }, { StringEquals: { 'aws:SourceAccount': ACCOUNT } }) }]),
      ['aws_iam_policy_attachment', 'all', { name: 'all', policy_arn: `arn:aws:iam::${ACCOUNT}:policy/p`, roles: range(n).map((index) => `r${index}`) }],
    ]),
  'n notebooks using one role that trusts SageMaker without a source condition': (n) =>
    plan([
      ['aws_iam_role', 'r', { name: 'exec', assume_role_policy: trust({ Service: 'sagemaker.amazonaws.com' }) }],
      ...range(n).map((index) => ['aws_sagemaker_notebook_instance', `n${index}`, { name: `n${index}`, role_arn: `arn:aws:iam::${ACCOUNT}:role/exec`, instance_type: 'ml.t3.medium', direct_internet_access: 'Disabled', root_access: 'Disabled', subnet_id: 'subnet-1', kms_key_id: 'k' }]),
    ]),
  'n notebooks using one role SageMaker cannot assume': (n) =>
    plan([
      ['aws_iam_role', 'r', { name: 'exec', assume_role_policy: trust({ Service: 'lambda.amazonaws.com' }) }],
      ...range(n).map((index) => ['aws_sagemaker_notebook_instance', `n${index}`, { name: `n${index}`, role_arn: `arn:aws:iam::${ACCOUNT}:role/exec`, instance_type: 'ml.t3.medium', direct_internet_access: 'Disabled', root_access: 'Disabled', subnet_id: 'subnet-1', kms_key_id: 'k' }]),
    ]),
  'a trust policy naming n accounts': (n) =>
    plan([['aws_iam_role', 'r', { name: 'r', assume_role_policy: trust({ AWS: range(n).map((index) => `arn:aws:iam::${100000000000 + index}:root`), Service: 'sagemaker.amazonaws.com' }) }]]),
  'a role policy of n Allow and n Deny statements': (n) =>
    plan([
      ['aws_iam_role', 'r', { name: 'r', assume_role_policy: trust({ Service: 'sagemaker.amazonaws.com' }, { StringEquals: { 'aws:SourceAccount': ACCOUNT } }) }],
      ['aws_iam_role_policy', 'p', { name: 'p', role: 'r', policy: JSON.stringify({ Version: '2012-10-17', Statement: range(n).flatMap((index) => [training(index), { Effect: 'Deny', Action: 'sagemaker:CreateTrainingJob', Resource: '*', Condition: { Null: { [`aws:RequestTag/k${index}`]: 'true' } } }]) }) }],
    ]),
  'an unattached policy of n Allow and n Deny statements': (n) =>
    plan([['aws_iam_policy', 'p', { name: 'p', policy: JSON.stringify({ Version: '2012-10-17', Statement: range(n).flatMap((index) => [training(index), { Effect: 'Deny', Action: 'sagemaker:CreateTrainingJob', Resource: '*', Condition: { Null: { [`aws:RequestTag/k${index}`]: 'true' } } }]) }) }]]),
  'a role policy of n Allow-everything and n Deny statements': (n) =>
    plan([
      ['aws_iam_role', 'r', { name: 'r', assume_role_policy: trust({ Service: 'sagemaker.amazonaws.com' }, { StringEquals: { 'aws:SourceAccount': ACCOUNT } }) }],
      ['aws_iam_role_policy', 'p', { name: 'p', role: 'r', policy: JSON.stringify({ Version: '2012-10-17', Statement: range(n).flatMap((index) => [{ Sid: `All${index}`, Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: 'sagemaker:DeleteModel', Resource: `arn:aws:sagemaker:us-east-1:${ACCOUNT}:model/m${index}` }]) }) }],
    ]),
  'a group with a Deny and n members that allow themselves PassRole': (n) =>
    plan([
      ['aws_iam_group', 'g', { name: 'ops' }],
      ['aws_iam_group_policy', 'deny', { name: 'deny', group: 'ops', policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'iam:PassRole', Resource: '*' }] }) }],
      ...range(n).flatMap((index) => [
        ['aws_iam_user', `u${index}`, { name: `u${index}` }],
        ['aws_iam_user_policy', `u${index}`, { name: 'pass', user: `u${index}`, policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }] }) }],
      ]),
      ['aws_iam_group_membership', 'all', { name: 'all', group: 'ops', users: range(n).map((index) => `u${index}`) }],
    ]),
  'a group with tag-based access and n members that may retag': (n) =>
    plan([
      ['aws_iam_group', 'g', { name: 'project-a' }],
      ['aws_iam_group_policy', 'abac', { name: 'abac', group: 'project-a', policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sagemaker:*', Resource: '*', Condition: { StringEquals: { 'sagemaker:ResourceTag/Project': 'A' } } }] }) }],
      ...range(n).flatMap((index) => [
        ['aws_iam_user', `u${index}`, { name: `u${index}` }],
        ['aws_iam_user_policy', `u${index}`, { name: 'tag', user: `u${index}`, policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sagemaker:AddTags', Resource: '*' }] }) }],
      ]),
      ['aws_iam_group_membership', 'all', { name: 'all', group: 'project-a', users: range(n).map((index) => `u${index}`) }],
    ]),
  // Each instance's role is reached only through module outputs that pass on the whole module below them: linking
  // follows every output of every level, once per instance (not once per path, which is 4^8 paths here).
  'n notebooks whose role is behind 8 levels of modules of 4 outputs each': (n) => {
    const DEPTH = 8;
    const WIDTH = 4;
    const outputs = (references) => Object.fromEntries(range(WIDTH).map((position) => [`out${position}`, { expression: { references } }]));
    let module = { resources: [{ address: 'aws_iam_role.this', mode: 'managed', type: 'aws_iam_role', name: 'this' }], outputs: outputs(['aws_iam_role.this.arn', 'aws_iam_role.this']) };
    for (let level = 1; level < DEPTH; level++) module = { outputs: outputs(['module.next']), module_calls: { next: { source: './next', module } } };
    const below = 'module.next.'.repeat(DEPTH - 1);
    const written = range(n).flatMap((index) => [
      planned(`module.team["t${index}"].${below}aws_iam_role.this`, 'aws_iam_role', 'this', { name: `t${index}`, assume_role_policy: trust({ Service: 'sagemaker.amazonaws.com' }, { ArnLike: { 'aws:SourceArn': `arn:aws:sagemaker:us-east-1:${ACCOUNT}:notebook-instance/t${index}-*` } }) }),
      planned(`aws_sagemaker_notebook_instance.nb["t${index}"]`, 'aws_sagemaker_notebook_instance', 'nb', { name: `lab-${index}`, instance_type: 'ml.t3.medium', direct_internet_access: 'Disabled', root_access: 'Disabled', subnet_id: 'subnet-1', kms_key_id: 'k' }, { index: `t${index}` }),
    ]);
    const configuration = {
      root_module: {
        resources: [{ address: 'aws_sagemaker_notebook_instance.nb', mode: 'managed', type: 'aws_sagemaker_notebook_instance', name: 'nb', expressions: { role_arn: { references: ['module.team', 'each.key'] } } }],
        module_calls: { team: { source: './team', module } },
      },
    };
    return planOf(written, configuration, ({ type }) => (type === 'aws_iam_role' ? { arn: true } : { role_arn: true }));
  },
  // IAM names are unique per account only: one module instance per account, each with a role of the same name that an
  // attachment of the instance names literally. Each attachment finds its own instance's role.
  'n module instances each attaching a policy to a role of the same name': (n) => {
    return planOf(range(n).flatMap((index) => [
      planned(`module.account["a${index}"].aws_iam_role.exec`, 'aws_iam_role', 'exec', { name: 'ml-exec', assume_role_policy: trust({ Service: 'sagemaker.amazonaws.com' }, { StringEquals: { 'aws:SourceAccount': ACCOUNT } }) }),
      planned(`module.account["a${index}"].aws_iam_role_policy_attachment.managed`, 'aws_iam_role_policy_attachment', 'managed', { role: 'ml-exec', policy_arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }),
    ]));
  },
  'a template of n roles and n models': (n) => ({
    file: 'template.yaml',
    text: [
      'AWSTemplateFormatVersion: "2010-09-09"',
      'Resources:',
      ...range(n).flatMap((index) => [
        `  Role${index}:`, '    Type: AWS::IAM::Role', '    Properties:', '      AssumeRolePolicyDocument:', '        Version: "2012-10-17"', '        Statement:',
        '          - Effect: Allow', '            Principal:', '              Service: sagemaker.amazonaws.com', '            Action: sts:AssumeRole',
        `  Model${index}:`, '    Type: AWS::SageMaker::Model', '    Properties:', `      ExecutionRoleArn: !GetAtt Role${index}.Arn`, '      PrimaryContainer:', '        Image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/m:latest',
      ]),
      '',
    ].join('\n'),
  }),
  // The same written as JSON, as the CDK synthesizes templates: every finding is located in the text of n resources.
  'a JSON template of n roles and n models': (n) => ({
    file: 'template.json',
    text: JSON.stringify(
      {
        AWSTemplateFormatVersion: '2010-09-09',
        Resources: Object.fromEntries(
          range(n).flatMap((index) => [
            [`Role${index}`, { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' }] } } }],
            [`Model${index}`, { Type: 'AWS::SageMaker::Model', Properties: { ExecutionRoleArn: { 'Fn::GetAtt': [`Role${index}`, 'Arn'] }, PrimaryContainer: { Image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/m:latest' } } }],
          ]),
        ),
      },
      null,
      1,
    ),
  }),
  // A role policy written as one Fn::Sub of JSON text, each statement substituting the partition, region, account and a
  // parameter: every finding is located inside the one string, through its substitutions (and, in JSON, its escapes).
  'a template of one role whose policy is a Fn::Sub of n statements': (n) => ({ file: 'template.yaml', text: subPolicyTemplate(n, 'yaml') }),
  'a JSON template of one role whose policy is a Fn::Sub of n statements': (n) => ({ file: 'template.json', text: subPolicyTemplate(n, 'json') }),
  // The text between substitutions, held once but of many lengths, or each held twice: fitting the rendered line to the
  // written one looks for every run's places.
  'a template of one role whose policy is a Fn::Sub of n statements, with Sids of 300 lengths': (n) => ({ file: 'template.yaml', text: subPolicyTemplate(n, 'yaml', { sids: true }) }),
  'a template of one role whose policy is a Fn::Sub of n statements, written twice': (n) => ({ file: 'template.yaml', text: subPolicyTemplate(n, 'yaml', { twice: true }) }),
  // Every role switches service on a parameter of its own: 2^n combinations, of which deputy analyzes a bounded set.
  'a template of n roles, each switched by a parameter of its own': (n) => ({
    file: 'template.yaml',
    text: [
      'AWSTemplateFormatVersion: "2010-09-09"',
      'Parameters:',
      ...range(n).flatMap((index) => [`  P${index}:`, '    Type: String']),
      'Conditions:',
      ...range(n).map((index) => `  C${index}: !Equals [!Ref P${index}, "on"]`),
      'Resources:',
      ...range(n).flatMap((index) => [
        `  Role${index}:`, '    Type: AWS::IAM::Role', '    Properties:', '      AssumeRolePolicyDocument:', '        Statement:',
        '          - Effect: Allow', `            Principal: { Service: !If [C${index}, sagemaker.amazonaws.com, ec2.amazonaws.com] }`, '            Action: sts:AssumeRole',
      ]),
      '',
    ].join('\n'),
  }),
  // The same, each role switched by comparing a list parameter of its own, joined and by one element: each comparison
  // holds in some combinations only, and the worlds stay bounded.
  'a template of n roles, each switched by a list parameter of its own': (n) => ({
    file: 'template.yaml',
    text: [
      'AWSTemplateFormatVersion: "2010-09-09"',
      'Parameters:',
      ...range(n).map((index) => `  L${index}: {Type: CommaDelimitedList}`),
      'Conditions:',
      ...range(n).map((index) => `  C${index}: !Or [!Equals [!Join [',', !Ref L${index}], 'a${index},b'], !Equals [!Select [1, !Ref L${index}], !Ref AWS::AccountId]]`),
      'Resources:',
      ...range(n).flatMap((index) => [
        `  Role${index}:`, '    Type: AWS::IAM::Role', '    Properties:', '      AssumeRolePolicyDocument:', '        Statement:',
        `          - {Effect: Allow, Action: sts:AssumeRole, Principal: {Service: !If [C${index}, sagemaker.amazonaws.com, ec2.amazonaws.com]}}`,
      ]),
      '',
    ].join('\n'),
  }),
  // A chain of n conditions, each reading the one before it and a parameter (one for all, or one of its own), deciding
  // whether one role exists: each condition is read once, after those it reads (not inside them: no stack n deep).
  ...Object.fromEntries([false, true].map((own) => [`a template whose role depends on a chain of n conditions${own ? ', each reading a parameter of its own' : ''}`, (n) => ({
    file: 'template.yaml',
    text: [
      'AWSTemplateFormatVersion: "2010-09-09"',
      'Parameters:',
      ...range(own ? n : 1).flatMap((index) => [`  P${index}:`, '    Type: String']),
      'Conditions:',
      '  C0: !Equals [!Ref P0, "on"]',
      ...range(n - 1).map((index) => `  C${index + 1}: !And [!Condition C${index}, !Equals [!Ref P${own ? index + 1 : 0}, "on"]]`),
      'Resources:',
      '  Role:',
      '    Type: AWS::IAM::Role',
      `    Condition: C${n - 1}`,
      '    Properties:',
      '      AssumeRolePolicyDocument:',
      '        Statement:',
      '          - {Effect: Allow, Action: sts:AssumeRole, Principal: {Service: sagemaker.amazonaws.com}}',
      '',
    ].join('\n'),
  })])),
  // n roles, each under a condition of its own that reads one shared condition and a parameter of its own.
  'a template of n roles whose conditions read one shared condition': (n) => ({
    file: 'template.yaml',
    text: [
      'AWSTemplateFormatVersion: "2010-09-09"',
      'Parameters:',
      '  S:',
      '    Type: String',
      ...range(n).flatMap((index) => [`  P${index}:`, '    Type: String']),
      'Conditions:',
      '  Shared: !Equals [!Ref S, "on"]',
      ...range(n).map((index) => `  C${index}: !And [!Condition Shared, !Equals [!Ref P${index}, "on"]]`),
      'Resources:',
      ...range(n).flatMap((index) => [
        `  Role${index}:`, '    Type: AWS::IAM::Role', `    Condition: C${index}`, '    Properties:', '      AssumeRolePolicyDocument:', '        Statement:',
        '          - {Effect: Allow, Action: sts:AssumeRole, Principal: {Service: sagemaker.amazonaws.com}}',
      ]),
      '',
    ].join('\n'),
  }),
  // A Terraform folder (not a plan) of n roles, each with an inline policy, and n notebooks using them.
  'a Terraform folder of n roles with policies and n notebooks': (n) => ({
    files: {
      'main.tf': range(n).map((index) => `resource "aws_iam_role" "r${index}" {\n  name = "r${index}"\n  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "sagemaker.amazonaws.com" } }] })\n}\nresource "aws_iam_role_policy" "p${index}" {\n  role = aws_iam_role.r${index}.id\n  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sagemaker:CreateTrainingJob", Resource = "arn:aws:sagemaker:us-east-1:${ACCOUNT}:training-job/j${index}-*" }] })\n}\nresource "aws_sagemaker_notebook_instance" "n${index}" {\n  name = "n${index}"\n  role_arn = aws_iam_role.r${index}.arn\n  instance_type = "ml.t3.medium"\n}\n`).join(''),
    },
  }),
  // n module blocks of the root calling one module folder, each with a role of its own name: the n roles' trust
  // statement is one text, and each role's fix asks what the others written of it trust (once per text, not per role).
  'a Terraform folder calling one module n times': (n) => ({
    files: {
      'main.tf': range(n).map((index) => `module "m${index}" {\n  source = "./role"\n  name = "r${index}"\n}\n`).join(''),
      'role/main.tf': 'variable "name" {}\nresource "aws_iam_role" "this" {\n  name = var.name\n  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "sagemaker.amazonaws.com" } }] })\n}\noutput "arn" { value = aws_iam_role.this.arn }\n',
    },
  }),
  // A chain of n locals, each built from the one before, named by a role.
  'a Terraform folder of a chain of n locals': (n) => ({
    files: {
      'main.tf': `locals {\n  l0 = "a"\n${range(n - 1).map((index) => `  l${index + 1} = "\${local.l${index}}b"\n`).join('')}}\nresource "aws_iam_role" "r" {\n  name = substr(local.l${n - 1}, 0, 60)\n  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "sagemaker.amazonaws.com" } }] })\n}\n`,
    },
  }),
  // n variables, each set by terraform.tfvars and naming a role of its own.
  'a Terraform folder of n variables set by a tfvars file': (n) => ({
    files: {
      'main.tf': range(n).map((index) => `variable "v${index}" { type = string }\nresource "aws_iam_role" "r${index}" {\n  name = var.v${index}\n  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "sagemaker.amazonaws.com" } }] })\n}\n`).join(''),
      'terraform.tfvars': range(n).map((index) => `v${index} = "r${index}"\n`).join(''),
    },
  }),
  // One role and one notebook made for each entry of a map of n entries.
  'a Terraform folder of a for_each over a map of n entries': (n) => ({
    files: {
      'main.tf': `locals {\n  teams = {\n${range(n).map((index) => `    t${index} = "${100000000000 + index}"\n`).join('')}  }\n}\nresource "aws_iam_role" "r" {\n  for_each = local.teams\n  name = each.key\n  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "sagemaker.amazonaws.com" }, Condition = { StringEquals = { "aws:SourceAccount" = each.value } } }] })\n}\nresource "aws_sagemaker_notebook_instance" "n" {\n  for_each = local.teams\n  name = each.key\n  role_arn = aws_iam_role.r[each.key].arn\n  instance_type = "ml.t3.medium"\n}\n`,
    },
  }),
  // A role whose policy is an aws_iam_policy_document of n statements, each with a condition.
  'a Terraform folder of a policy document of n statements': (n) => ({
    files: {
      'main.tf': `data "aws_iam_policy_document" "d" {\n${range(n).map((index) => `  statement {\n    sid = "S${index}"\n    actions = ["sagemaker:CreateTrainingJob"]\n    resources = ["arn:aws:sagemaker:us-east-1:${ACCOUNT}:training-job/j${index}-*"]\n    condition {\n      test = "StringEquals"\n      variable = "aws:RequestTag/k${index}"\n      values = ["v"]\n    }\n  }\n`).join('')}}\nresource "aws_iam_role" "r" {\n  name = "r"\n  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "sagemaker.amazonaws.com" } }] })\n}\nresource "aws_iam_role_policy" "p" {\n  role = aws_iam_role.r.id\n  policy = data.aws_iam_policy_document.d.json\n}\n`,
    },
  }),
  // n roles and n notebooks written as Terraform JSON.
  'a .tf.json of n roles and n notebooks': (n) => ({
    files: {
      'main.tf.json': JSON.stringify({
        resource: {
          aws_iam_role: Object.fromEntries(range(n).map((index) => [`r${index}`, { name: `r${index}`, assume_role_policy: trust({ Service: 'sagemaker.amazonaws.com' }) }])),
          aws_sagemaker_notebook_instance: Object.fromEntries(range(n).map((index) => [`n${index}`, { name: `n${index}`, role_arn: `\${aws_iam_role.r${index}.arn}`, instance_type: 'ml.t3.medium' }])),
        },
      }, null, 1),
    },
  }),
  // n roles, each trusting the service a Mappings entry of its own gives (Fn::FindInMap).
  'a template of n roles reading n Mappings entries': (n) => ({
    file: 'template.yaml',
    text: [
      'AWSTemplateFormatVersion: "2010-09-09"', 'Mappings:', '  Services:',
      ...range(n).flatMap((index) => [`    K${index}:`, `      Principal: ${index % 2 ? 'sagemaker' : 'ec2'}.amazonaws.com`]),
      'Resources:',
      ...range(n).flatMap((index) => [
        `  Role${index}:`, '    Type: AWS::IAM::Role', '    Properties:', '      AssumeRolePolicyDocument:', '        Statement:',
        `          - {Effect: Allow, Action: sts:AssumeRole, Principal: {Service: !FindInMap [Services, K${index}, Principal]}}`,
      ]),
      '',
    ].join('\n'),
  }),
  // n roles whose trust policy is one YAML anchor that each names by an alias: the n roles' statement is one text.
  'a template of n roles sharing one trust policy by a YAML alias': (n) => ({
    file: 'template.yaml',
    text: [
      'AWSTemplateFormatVersion: "2010-09-09"', 'Resources:',
      ...range(n).flatMap((index) => [
        `  Role${index}:`, '    Type: AWS::IAM::Role', '    Properties:',
        index === 0 ? '      AssumeRolePolicyDocument: &trust {Statement: [{Effect: Allow, Action: sts:AssumeRole, Principal: {Service: sagemaker.amazonaws.com}}]}' : '      AssumeRolePolicyDocument: *trust',
      ]),
      '',
    ].join('\n'),
  }),
  // One managed policy that names n roles, and n nested stacks (not followed: one notice each).
  'a template of one managed policy naming n roles, and n nested stacks': (n) => ({
    file: 'template.yaml',
    text: [
      'AWSTemplateFormatVersion: "2010-09-09"', 'Resources:',
      '  Policy:', '    Type: AWS::IAM::ManagedPolicy', '    Properties:', '      PolicyDocument: {Statement: [{Effect: Allow, Action: iam:PassRole, Resource: "*"}]}', '      Roles:',
      ...range(n).map((index) => `        - !Ref Role${index}`),
      ...range(n).flatMap((index) => [
        `  Role${index}:`, '    Type: AWS::IAM::Role', '    Properties:',
        `      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Action: sts:AssumeRole, Principal: {Service: sagemaker.amazonaws.com}, Condition: {StringEquals: {aws:SourceAccount: !Ref AWS::AccountId}}}]}`,
        `  Stack${index}:`, '    Type: AWS::CloudFormation::Stack', '    Properties:', `      TemplateURL: ./team.yaml`, `      Parameters: {Role: !GetAtt Role${index}.Arn}`,
      ]),
      '',
    ].join('\n'),
  }),
  // A policy document whose statements a dynamic block makes, one for each of n entries of a local map.
  'a Terraform folder of a policy document with a dynamic block over n entries': (n) => ({
    files: {
      'main.tf': `locals {\n  jobs = {\n${range(n).map((index) => `    j${index} = "k${index}"\n`).join('')}  }\n}\ndata "aws_iam_policy_document" "d" {\n  dynamic "statement" {\n    for_each = local.jobs\n    content {\n      actions = ["sagemaker:CreateTrainingJob"]\n      resources = ["arn:aws:sagemaker:us-east-1:${ACCOUNT}:training-job/\${statement.key}-*"]\n      condition {\n        test = "StringEquals"\n        variable = "aws:RequestTag/\${statement.value}"\n        values = ["v"]\n      }\n    }\n  }\n}\nresource "aws_iam_role" "r" {\n  name = "r"\n  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "sagemaker.amazonaws.com" } }] })\n}\nresource "aws_iam_role_policy" "p" {\n  role = aws_iam_role.r.id\n  policy = data.aws_iam_policy_document.d.json\n}\n`,
    },
  }),
  // One role of n inline policies, each allowing PassRole on every role.
  'a template of one role with n inline policies': (n) => ({
    file: 'template.yaml',
    text: [
      'AWSTemplateFormatVersion: "2010-09-09"', 'Resources:', '  Role:', '    Type: AWS::IAM::Role', '    Properties:',
      '      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Action: sts:AssumeRole, Principal: {Service: sagemaker.amazonaws.com}}]}', '      Policies:',
      ...range(n).map((index) => `        - {PolicyName: p${index}, PolicyDocument: {Statement: [{Effect: Allow, Action: [iam:PassRole, "sagemaker:CreateTrainingJob"], Resource: "*"}]}}`),
      '',
    ].join('\n'),
  }),
  // One managed policy of a Terraform folder attached to n roles, each by an attachment of its own.
  'a Terraform folder of one policy attached to n roles': (n) => ({
    files: {
      'main.tf': `resource "aws_iam_policy" "p" {\n  name = "p"\n  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "iam:PassRole", Resource = "*" }] })\n}\n${range(n).map((index) => `resource "aws_iam_role" "r${index}" {\n  name = "r${index}"\n  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "sagemaker.amazonaws.com" }, Condition = { StringEquals = { "aws:SourceAccount" = "${ACCOUNT}" } } }] })\n}\nresource "aws_iam_role_policy_attachment" "a${index}" {\n  role = aws_iam_role.r${index}.name\n  policy_arn = aws_iam_policy.p.arn\n}\n`).join('')}`,
    },
  }),
  // n roles, each depending on the one before (DependsOn).
  'a template of n roles in a DependsOn chain': (n) => ({
    file: 'template.yaml',
    text: [
      'AWSTemplateFormatVersion: "2010-09-09"', 'Resources:',
      ...range(n).flatMap((index) => [
        `  Role${index}:`, '    Type: AWS::IAM::Role', ...(index ? [`    DependsOn: [Role${index - 1}]`] : []), '    Properties:', '      AssumeRolePolicyDocument:', '        Statement:',
        '          - {Effect: Allow, Action: sts:AssumeRole, Principal: {Service: sagemaker.amazonaws.com}}',
      ]),
      '',
    ].join('\n'),
  }),
  // One Fn::ForEach making a role and a model for each of n items: deputy expands the first 500 resources
  // (MOST_GENERATED_ENTRIES: 250 items) at either size, and reads the list of items in one pass whatever its length.
  'a template of a Fn::ForEach over n items': (n) => ({
    file: 'template.yaml',
    text: [
      'AWSTemplateFormatVersion: "2010-09-09"', 'Transform: AWS::LanguageExtensions', 'Resources:', '  Fn::ForEach::Teams:', '    - Team',
      `    - [${range(n).map((index) => `t${index}`).join(', ')}]`,
      '    - Role${Team}:', '        Type: AWS::IAM::Role', '        Properties:', '          AssumeRolePolicyDocument:', '            Statement:',
      '              - {Effect: Allow, Action: sts:AssumeRole, Principal: {Service: sagemaker.amazonaws.com}}',
      '      Model${Team}:', '        Type: AWS::SageMaker::Model', '        Properties:', '          ExecutionRoleArn: !GetAtt [!Sub "Role${Team}", Arn]',
      '',
    ].join('\n'),
  }),
  // n roles, each exported as an Output.
  'a template of n roles exported as n Outputs': (n) => ({
    file: 'template.yaml',
    text: [
      'AWSTemplateFormatVersion: "2010-09-09"', 'Resources:',
      ...range(n).flatMap((index) => [
        `  Role${index}:`, '    Type: AWS::IAM::Role', '    Properties:', '      AssumeRolePolicyDocument:', '        Statement:',
        '          - {Effect: Allow, Action: sts:AssumeRole, Principal: {Service: sagemaker.amazonaws.com}}',
      ]),
      'Outputs:',
      ...range(n).flatMap((index) => [`  Arn${index}:`, `    Value: !GetAtt Role${index}.Arn`, `    Export: {Name: !Sub "\${AWS::StackName}-Arn${index}"}`]),
      '',
    ].join('\n'),
  }),
  // One trust policy of n statements, each trusting SageMaker on a source account of its own.
  'a trust policy of n statements': (n) =>
    plan([['aws_iam_role', 'r', { name: 'r', assume_role_policy: JSON.stringify({ Version: '2012-10-17', Statement: range(n).map((index) => ({ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': `${100000000000 + index}` } } })) }) }]]),
  // One statement whose condition names n keys.
  'a trust policy statement with n condition keys': (n) =>
    plan([['aws_iam_role', 'r', { name: 'r', assume_role_policy: trust({ Service: 'sagemaker.amazonaws.com' }, { StringEquals: Object.fromEntries([['aws:SourceAccount', ACCOUNT], ...range(n).map((index) => [`aws:PrincipalTag/k${index}`, 'v'])]) }) }]]),
  // One trust policy naming n service principals.
  'a trust policy naming n services': (n) =>
    plan([['aws_iam_role', 'r', { name: 'r', assume_role_policy: trust({ Service: range(n).map((index) => `s${index}.amazonaws.com`) }) }]]),
  // Inputs deputy refuses or passes over, read in one pass whatever their size (a quadratic reading of n = 400,000
  // brackets would take minutes). The file is given by name, so it is reported as not a template: that one error (a
  // syntax error of the same count would mean it was read as a template, not passed over).
  'a JSON file of 100n unbalanced brackets under Resources': (n) => ({ file: 'brackets.json', text: `{"Resources": ${'{'.repeat(100 * n)}${']'.repeat(100 * n)}`, error: NOT_A_TEMPLATE }),
  'a JSON file of 100n keys in a list under Resources': (n) => ({ file: 'keys.json', text: `{"Resources": ${'["k": '.repeat(100 * n)}`, error: NOT_A_TEMPLATE }),
  // A file listing 10n stacks, each with a Resources section of a typed resource under a key of its own: not a template.
  'a YAML file listing 10n stacks': (n) => ({
    file: 'stacks.yaml',
    text: `Stacks:\n${range(10 * n).map((index) => `  s${index}:\n    Resources:\n      B:\n        Type: AWS::S3::Bucket\n`).join('')}`,
    error: NOT_A_TEMPLATE,
  }),
  'a YAML file whose one block scalar holds 10n Resources sections': (n) => ({
    file: 'body.yaml',
    text: `Body: |\n${'    Resources:\n      B:\n        Type: AWS::S3::Bucket\n'.repeat(10 * n)}`,
    error: NOT_A_TEMPLATE,
  }),
  // Lines of 100n blanks and no `: `, then a flow nest deeper than deputy reads: refused, with the place of the nest.
  'a template whose lines hold 100n blanks before a nest too deep': (n) => {
    const blanks = ' '.repeat(100 * n);
    return {
      file: 'deep.yaml',
      text: `AWSTemplateFormatVersion: "2010-09-09"\nDescription: a${blanks}b\nResources:\n  R:\n    L:\n      - a${blanks}b\n      -   k${blanks}v\n    X: ${'['.repeat(5000)}${']'.repeat(5000)}\n`,
      error: 'refused: the document nests deeper than 200 levels',
    };
  },
};

const folder = mkdtempSync(join(tmpdir(), 'deputy-scale-'));
/** The median wall time of RUNS scans of the file, and how many findings they report; `error`: the one input error the shape makes (a text of its message), if any. */
async function medianScan(path, error) {
  const samples = [];
  let findings = 0;
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    const result = await scan([path]);
    samples.push(performance.now() - start);
    findings = result.findings.length;
    if (error === undefined ? result.errors.length > 0 : result.errors.length !== 1 || !result.errors[0].message.includes(error)) throw new Error(`${path}: ${result.errors.length} errors (${result.errors[0]?.message}), not ${error === undefined ? 'none' : `one of "${error}"`}`);
  }
  samples.sort((a, b) => a - b);
  return { ms: Math.round(samples[Math.floor(samples.length / 2)]), findings };
}

const shapes = [];
try {
  for (const [shape, write] of Object.entries(SHAPES).filter(([name]) => ONLY === undefined || name.includes(ONLY))) {
    const sizes = [SIZE, SIZE * 4].map((n) => {
      const { file, text, files, error } = write(n);
      if (files === undefined) {
        const path = join(folder, `${n}-${file}`);
        writeFileSync(path, text);
        return { n, path, error };
      }
      // A shape of several files (a Terraform folder) is scanned as the folder that holds them.
      const path = join(folder, `${n}-${Object.keys(SHAPES).indexOf(shape)}`);
      for (const [name, content] of Object.entries(files)) {
        mkdirSync(dirname(join(path, name)), { recursive: true });
        writeFileSync(join(path, name), content);
      }
      return { n, path, error };
    });
    await scan([sizes[0].path]); // warm-up: module loading and compilation
    const measured = [];
    for (const { n, path, error } of sizes) measured.push({ n, ...(await medianScan(path, error)) });
    const growth = Math.round((measured[1].ms / measured[0].ms) * 10) / 10;
    shapes.push({ shape, sizes: measured, growth });
    console.log(`${shape}: ${measured.map(({ n, ms }) => `n=${n} ${ms} ms`).join(', ')} (x${growth})`);
  }
} finally {
  rmSync(folder, { recursive: true, force: true });
}

const results = {
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
  what: 'scan() in process, median of the runs at each size after a warm-up; growth is the time at 4n over the time at n (about 4: linear, 16: quadratic)',
  runs: RUNS,
  shapes,
};
if (ONLY === undefined) writeFileSync(join(root, 'bench', 'results', 'scale.json'), `${JSON.stringify(results, null, 2)}\n`);
else console.log(JSON.stringify(shapes, null, 2));
