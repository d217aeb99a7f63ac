import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { EXIT_ERROR, EXIT_OK, main } from '../../src/cli/cli.js';
import { describeCondition } from '../../src/graph/summary.js';
import type { ConditionEntry } from '../../src/model/policy.js';
import { Unresolved } from '../../src/model/value.js';
import { dotString } from '../../src/report/dot.js';
import type { GraphJson } from '../../src/report/graph-json.js';

const EXAMPLES = relative(process.cwd(), join(import.meta.dirname, '..', '..', 'examples', 'cloudformation'));

/** Runs the CLI in-process and collects what it writes. */
async function deputy(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    return { code: await main(args), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

const created: string[] = [];
afterAll(() => {
  for (const directory of created) rmSync(directory, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
  const directory = mkdtempSync(join(tmpdir(), 'deputy-graph-'));
  created.push(directory);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(directory, name), text);
  return directory;
}

async function graphJson(paths: string[]): Promise<GraphJson> {
  const run = await deputy(['graph', ...paths, '--format', 'json']);
  expect(run.code).toBe(EXIT_OK);
  return JSON.parse(run.stdout) as GraphJson;
}

describe('deputy graph on the CloudFormation examples', () => {
  it('lists every role with its principals and their conditions, its policies and the SageMaker resources using it (json)', async () => {
    const graph = await graphJson([EXAMPLES]);
    expect(graph.format).toBe('deputy-graph');
    expect(graph.version).toBe(1);
    expect(graph.roles.map((role) => role.name)).toEqual([
      'MonitoringVendorRole',
      'PartnerDeploymentRole',
      'PersonalizeServiceRole',
      'DatasetImportRole',
      'PipelineExecutionRole',
      'TrainingJobRole',
      'StudioExecutionRole',
      'NotebookExecutionRole',
    ]);
    const role = (name: string) => graph.roles.find((candidate) => candidate.name === name)!;
    const pipeline = role('PipelineExecutionRole');
    const pipelineFile = join(EXAMPLES, 'sagemaker-pipeline', 'template.yaml');
    const pipelineLines = readFileSync(pipelineFile, 'utf8').split('\n');
    expect(pipeline).toEqual({
      address: `${pipelineFile}#PipelineExecutionRole`,
      name: 'PipelineExecutionRole',
      file: pipelineFile,
      line: pipelineLines.indexOf('  PipelineExecutionRole:') + 1,
      input: pipelineFile,
      principals: [{ type: 'Service', value: 'sagemaker.amazonaws.com', conditions: ['SourceArn matched'] }],
      policies: [{ kind: 'inline', name: 'run-pipeline-steps', address: null, file: null }],
      users: [
        {
          address: `${pipelineFile}#ChurnTrainingPipeline`,
          type: 'AWS::SageMaker::Pipeline',
          name: 'ChurnTrainingPipeline',
          file: pipelineFile,
          line: pipelineLines.indexOf('  ChurnTrainingPipeline:') + 1,
          input: pipelineFile,
        },
      ],
    });
    // The pipeline's training step runs its job with TrainingJobRole: the pipeline uses it, as the trust rules read it.
    expect(role('TrainingJobRole').users.map((user) => user.name)).toEqual(['ChurnTrainingPipeline']);
    expect(role('StudioExecutionRole').principals[0]!.conditions).toEqual(['SourceArn matched', 'SourceAccount pinned']);
    expect(role('StudioExecutionRole').users.map((user) => user.type)).toEqual(['AWS::SageMaker::Domain', 'AWS::SageMaker::UserProfile']);
    expect(role('StudioExecutionRole').policies.map((policy) => policy.kind)).toEqual(['inline', 'managed']);
    expect(role('NotebookExecutionRole').principals).toEqual([{ type: 'Service', value: 'sagemaker.amazonaws.com', conditions: [] }]);
    expect(role('PartnerDeploymentRole').principals[0]).toMatchObject({ type: 'AWS', conditions: ['sts:ExternalId pinned'] });
    expect(role('PartnerDeploymentRole').policies).toEqual([
      { kind: 'resource', name: 'PartnerDeploymentPolicy', address: `${join(EXAMPLES, 'partner-access', 'template.json')}#PartnerDeploymentPolicy`, file: join(EXAMPLES, 'partner-access', 'template.json') },
    ]);
    expect(role('MonitoringVendorRole').policies.filter((policy) => policy.kind === 'managed').map((policy) => policy.name)).toEqual([
      'arn:aws:iam::aws:policy/SecurityAudit',
      'arn:aws:iam::aws:policy/job-function/ViewOnlyAccess',
    ]);
  });

  it('is byte-for-byte the same whatever the order of the paths, in every format', async () => {
    const folders = ['sagemaker-studio', 'partner-access', 'personalize', 'sagemaker-pipeline'].map((name) => join(EXAMPLES, name));
    for (const format of ['json', 'dot', 'mermaid']) {
      const forward = await deputy(['graph', ...folders, '--format', format]);
      const backward = await deputy(['graph', ...[...folders].reverse(), '--format', format]);
      expect(forward.code).toBe(EXIT_OK);
      expect(backward.stdout).toBe(forward.stdout);
    }
  });

  it('draws principals, roles, policies and users as a Graphviz digraph (dot)', async () => {
    const { code, stdout } = await deputy(['graph', join(EXAMPLES, 'sagemaker-pipeline'), '--format', 'dot']);
    expect(code).toBe(EXIT_OK);
    expect(stdout).toBe(`digraph deputy {
  rankdir=LR;
  node [fontname="Helvetica"];
  edge [fontname="Helvetica", fontsize=10];
  n1 [label="role PipelineExecutionRole", shape=box];
  n2 [label="Service: sagemaker.amazonaws.com", shape=ellipse];
  n2 -> n1 [label="may assume if SourceArn matched"];
  n3 [label="inline run-pipeline-steps", shape=note];
  n1 -> n3 [label="carries"];
  n4 [label="SageMaker Pipeline ChurnTrainingPipeline", shape=component];
  n4 -> n1 [label="uses"];
  n5 [label="role TrainingJobRole", shape=box];
  n2 -> n5 [label="may assume if SourceArn matched"];
  n6 [label="inline training-data", shape=note];
  n5 -> n6 [label="carries"];
  n4 -> n5 [label="uses"];
}
`);
  });

  it('prints a Mermaid flowchart by default, with the conditions on the edges', async () => {
    const { code, stdout } = await deputy(['graph', join(EXAMPLES, 'sagemaker-studio')]);
    expect(code).toBe(EXIT_OK);
    expect(stdout.split('\n')[0]).toBe('flowchart LR');
    expect(stdout).toContain('-->|"may assume if SourceArn matched, SourceAccount pinned"|');
    expect(stdout).toContain('[["SageMaker Domain StudioDomain"]]');
  });
});

/** Every line a renderer may print: a fixed header line, a node or an edge whose label is one well-formed DOT string. */
const DOT_STRING = String.raw`"(?:[^"\\\n]|\\[\\"])*"`;
const DOT_LINE = new RegExp(
  String.raw`^(?:digraph deputy \{|\}|  rankdir=LR;|  node \[fontname="Helvetica"\];|  edge \[fontname="Helvetica", fontsize=10\];|  n\d+ \[label=${DOT_STRING}, shape=(?:box|ellipse|note|component)\];|  n\d+ -> n\d+ \[label=${DOT_STRING}\];)$`,
);

const HOSTILE = 'x"]; evil [label="pwned"]; n1 -> n2 // \\N \\G \\l back\\slash \u2028 line\nbreak }';

describe('escaping hostile names', () => {
  const template = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              AWS: ${JSON.stringify(`arn:aws:iam::111122223333:role/${HOSTILE}`)}
            Action: sts:AssumeRole
            Condition:
              StringEquals:
                ${JSON.stringify(`aws:PrincipalTag/${HOSTILE}`)}: x
      ManagedPolicyArns:
        - ${JSON.stringify(`arn:aws:iam::111122223333:policy/${HOSTILE}`)}
      Policies:
        - PolicyName: ${JSON.stringify(HOSTILE)}
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - { Effect: Allow, Action: s3:GetObject, Resource: "*" }
`;

  it('keeps every DOT label inside its quotes, with the text intact but for line breaks', async () => {
    const directory = project({ 'stack.yaml': template });
    const { code, stdout } = await deputy(['graph', directory, '--format', 'dot']);
    expect(code).toBe(EXIT_OK);
    const lines = stdout.trimEnd().split('\n');
    for (const line of lines) expect(line).toMatch(DOT_LINE);
    const labels = [...stdout.matchAll(new RegExp(`label=(${DOT_STRING})`, 'g'))].map((match) => match[1]!.slice(1, -1).replace(/\\(["\\])/g, '$1'));
    const flat = HOSTILE.replace(/[\n\u2028]/g, ' ');
    expect(labels).toContain(`inline ${flat}`);
    expect(labels).toContain(`AWS: arn:aws:iam::111122223333:role/${flat}`);
    expect(labels).toContain(`managed arn:aws:iam::111122223333:policy/${flat}`);
    expect(labels).toContain(`may assume if PrincipalTag/${flat} pinned`);
  });

  it('escapes quotes and backslashes and flattens control characters (dotString)', () => {
    expect(dotString('a"b\\c')).toBe(String.raw`"a\"b\\c"`);
    expect(dotString('ends with \\')).toBe(String.raw`"ends with \\"`);
    expect(dotString('one\r\ntwo\tthree\u0000')).toBe('"one two three "');
  });

  it('keeps the JSON strings exact and the Mermaid labels free of quotes and line breaks', async () => {
    const directory = project({ 'stack.yaml': template });
    const graph = await graphJson([directory]);
    expect(graph.roles[0]!.policies.find((policy) => policy.kind === 'inline')!.name).toBe(HOSTILE);
    const { stdout } = await deputy(['graph', directory]);
    for (const line of stdout.trimEnd().split('\n').slice(1)) expect(line).toMatch(/^  n\d+(?:\S*"[^"\n]*"\S*|\s-->\|"[^"\n]*"\| n\d+)$/);
  });
});

describe('deputy graph inputs and outputs', () => {
  it('shows what it could read, names the file it could not, and exits 2', async () => {
    const directory = project({
      'good.yaml': readFileSync(join(EXAMPLES, 'personalize', 'template.yaml'), 'utf8'),
      'broken.yaml': 'Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties: [unclosed\n',
    });
    const { code, stdout, stderr } = await deputy(['graph', directory, '--format', 'json']);
    expect(code).toBe(EXIT_ERROR);
    expect((JSON.parse(stdout) as GraphJson).roles.map((role) => role.name)).toEqual(['PersonalizeServiceRole', 'DatasetImportRole']);
    expect(stderr).toMatch(/^deputy: .*broken\.yaml:\d+/m);
  });

  it('says on standard error what it could not fully read, as scan does in its notices, and exits 0', async () => {
    const directory = project({ 'macro.yaml': `AWSTemplateFormatVersion: "2010-09-09"\nTransform: MyMacro\n${readFileSync(join(EXAMPLES, 'personalize', 'template.yaml'), 'utf8').replace(/^AWSTemplateFormatVersion:.*\n/m, '')}` });
    const { code, stdout, stderr } = await deputy(['graph', directory, '--format', 'json']);
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as GraphJson).roles.map((role) => role.name)).toEqual(['PersonalizeServiceRole', 'DatasetImportRole']);
    expect(stderr).toBe(`deputy: note: ${join(directory, 'macro.yaml')}:2:1: transform MyMacro is not expanded: resources it would add are not analyzed\n`);
  });

  it('writes to --output and resolves parameters given on the command line', async () => {
    const directory = project({
      'stack.yaml': `Parameters:
  Trusted:
    Type: String
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - { Effect: Allow, Principal: { Service: !Ref Trusted }, Action: sts:AssumeRole }
`,
    });
    const output = join(directory, 'graph.json');
    const run = await deputy(['graph', join(directory, 'stack.yaml'), '--format', 'json', '--output', output, '--parameter', 'Trusted=glue.amazonaws.com']);
    expect(run.code).toBe(EXIT_OK);
    expect(run.stdout).toBe('');
    expect((JSON.parse(readFileSync(output, 'utf8')) as GraphJson).roles[0]!.principals).toEqual([{ type: 'Service', value: 'glue.amazonaws.com', conditions: [] }]);
  });

  it('resolves Terraform variables given with --var and --var-file, as scan does', async () => {
    const directory = project({
      'main.tf': `variable "from_command_line" {}
variable "from_file" {}
resource "aws_iam_role" "job" {
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = [var.from_command_line, var.from_file] }, Action = "sts:AssumeRole" }]
  })
}
`,
      'services.tfvars': 'from_file = "glue.amazonaws.com"\n',
    });
    const run = await deputy(['graph', directory, '--format', 'json', '--var', 'from_command_line=sagemaker.amazonaws.com', '--var-file', join(directory, 'services.tfvars')]);
    expect(run.code).toBe(EXIT_OK);
    expect((JSON.parse(run.stdout) as GraphJson).roles[0]!.principals.map((principal) => principal.value)).toEqual(['sagemaker.amazonaws.com', 'glue.amazonaws.com']);
  });

  it('refuses a malformed --var like scan', async () => {
    await expect(deputy(['graph', EXAMPLES, '--var', 'no-equals'])).rejects.toThrow(/--var expects NAME=VALUE/);
  });

  it('rejects an unknown format', async () => {
    await expect(deputy(['graph', EXAMPLES, '--format', 'svg'])).rejects.toThrow(/Choices: "mermaid", "dot", "json"/);
  });
});

describe('condition summaries', () => {
  const entry = (operator: string, key: string, ...values: Array<string | Unresolved>): ConditionEntry => ({
    operator,
    key,
    values: values.map((value) => ({ value, path: [] })),
    operatorPath: [],
    path: [],
    valueWasList: false,
  });

  it.each([
    [entry('StringEquals', 'aws:SourceAccount', '111122223333'), 'SourceAccount pinned'],
    [entry('ArnLike', 'aws:SourceArn', 'arn:aws:sagemaker:us-east-1:111122223333:pipeline/x'), 'SourceArn pinned'],
    [entry('ArnLike', 'aws:SourceArn', 'arn:aws:sagemaker:*:111122223333:*'), 'SourceArn matched'],
    [entry('StringLike', 'token.actions.githubusercontent.com:sub', 'repo:org/app:ref:refs/heads/main'), 'token.actions.githubusercontent.com:sub pinned'],
    [entry('ForAnyValue:StringNotEquals', 'aws:PrincipalOrgID', 'o-1'), 'PrincipalOrgID excluded'],
    [entry('StringEqualsIfExists', 'sts:ExternalId', 'abc'), 'sts:ExternalId pinned if present'],
    [entry('ForAnyValue:StringEqualsIfExists', 'aws:PrincipalOrgID', 'o-1'), 'PrincipalOrgID pinned'],
    [entry('Null', 'aws:SourceArn', 'false'), 'SourceArn present'],
    [entry('Null', 'aws:SourceArn', 'true'), 'SourceArn absent'],
    [entry('Bool', 'aws:MultiFactorAuthPresent', 'true'), 'MultiFactorAuthPresent = true'],
    [entry('NumericLessThan', 'aws:MultiFactorAuthAge', '3600'), 'MultiFactorAuthAge bounded'],
    [entry('StringEquals', 'aws:SourceAccount', new Unresolved('Fn::ImportValue Shared-Account')), 'SourceAccount pinned'],
    [entry('StringEqulas', 'aws:SourceAccount', '1'), 'SourceAccount (StringEqulas)'],
  ])('%#: %j', (condition, expected) => {
    expect(describeCondition(condition)).toBe(expected);
  });

  it('says when the whole condition could not be resolved', () => {
    expect(describeCondition({ ...entry('StringEquals', 'aws:SourceAccount', 'x'), unresolved: new Unresolved('Fn::ImportValue Shared') })).toBe('unresolved condition');
  });
});

describe('deputy graph on Terraform modules', () => {
  it('names each role and SageMaker resource of a module called twice by its address, as findings and the plan do', async () => {
    const directory = project({
      'main.tf': `module "good" {
  source  = "./ml"
  name    = "good"
  trusted = "sagemaker.amazonaws.com"
}
module "bad" {
  source  = "./ml"
  name    = "bad"
  trusted = "ec2.amazonaws.com"
}
`,
    });
    mkdirSync(join(directory, 'ml'));
    writeFileSync(
      join(directory, 'ml', 'main.tf'),
      `variable "trusted" { type = string }
variable "name" { type = string }
resource "aws_iam_role" "this" {
  name = var.name
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = var.trusted }, Action = "sts:AssumeRole" }]
  })
}
resource "aws_sagemaker_model" "m" {
  name               = var.name
  execution_role_arn = aws_iam_role.this.arn
  primary_container { image = "x" }
}
`,
    );
    const graph = await graphJson([directory]);
    expect(graph.roles.map((role) => [role.name, role.users.map((user) => user.name)])).toEqual([
      ['module.bad.aws_iam_role.this', ['module.bad.aws_sagemaker_model.m']],
      ['module.good.aws_iam_role.this', ['module.good.aws_sagemaker_model.m']],
    ]);
    const { stdout } = await deputy(['graph', directory]);
    expect(stdout).toContain('role module.bad.aws_iam_role.this');
    expect(stdout).toContain('role module.good.aws_iam_role.this');
    // A user is labelled by its address, which names its type already.
    expect(stdout).toContain('[["module.bad.aws_sagemaker_model.m"]]');
    expect(stdout).not.toContain('aws_sagemaker_model module.');
  });
  it('keeps apart the roles of two Terraform roots (or plans) scanned together that share an address', async () => {
    const root = (service: string): string =>
      project({
        'main.tf': `resource "aws_iam_role" "this" {
  name = "r"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "${service}" }, Action = "sts:AssumeRole" }]
  })
}
resource "aws_iam_policy" "p" {
  name   = "shared"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }] })
}
resource "aws_iam_role_policy_attachment" "a" {
  role       = aws_iam_role.this.name
  policy_arn = aws_iam_policy.p.arn
}
resource "aws_sagemaker_model" "m" {
  name               = "m"
  execution_role_arn = aws_iam_role.this.arn
  primary_container { image = "x" }
}
`,
      });
    const first = root('sagemaker.amazonaws.com');
    const second = root('personalize.amazonaws.com');
    const graph = await graphJson([first, second]);
    const byFile = (directory: string) => graph.roles.filter((role) => role.file === join(directory, 'main.tf'));
    expect(graph.roles).toHaveLength(2);
    expect(byFile(first).map((role) => [role.address, role.principals.map((principal) => principal.value)])).toEqual([['aws_iam_role.this', ['sagemaker.amazonaws.com']]]);
    expect(byFile(second).map((role) => [role.address, role.principals.map((principal) => principal.value)])).toEqual([['aws_iam_role.this', ['personalize.amazonaws.com']]]);
    for (const format of ['mermaid', 'dot']) {
      const { stdout } = await deputy(['graph', first, second, '--format', format]);
      // Two role nodes, two policy nodes, two model nodes: none is shared between the roots.
      expect(stdout.match(/role aws_iam_role\.this/g)).toHaveLength(2);
      expect(stdout.match(/policy shared/g)).toHaveLength(2);
      expect(stdout.match(/aws_sagemaker_model\.m/g)).toHaveLength(2);
    }
  });
  it('keeps apart the roles two roots read from one module they both call', async () => {
    const directory = project({});
    const write = (name: string, text: string) => {
      mkdirSync(join(directory, name, '..'), { recursive: true });
      writeFileSync(join(directory, name), text);
    };
    write('shared/main.tf', `variable "svc" { type = string }
resource "aws_iam_role" "m" {
  name = "m"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = var.svc }, Action = "sts:AssumeRole" }]
  })
}
`);
    write('a/main.tf', 'module "m" {\n  source = "../shared"\n  svc    = "sagemaker.amazonaws.com"\n}\n');
    write('b/main.tf', 'module "m" {\n  source = "../shared"\n  svc    = "ec2.amazonaws.com"\n}\n');
    const graph = await graphJson([directory]);
    expect(graph.roles.map((role) => [role.file, role.line, role.input, role.principals.map((principal) => principal.value)])).toEqual([
      [join(directory, 'shared', 'main.tf'), 2, join(directory, 'a'), ['sagemaker.amazonaws.com']],
      [join(directory, 'shared', 'main.tf'), 2, join(directory, 'b'), ['ec2.amazonaws.com']],
    ]);
    const { stdout } = await deputy(['graph', directory, '--format', 'mermaid']);
    expect(stdout.match(/role module\.m\.aws_iam_role\.m/g)).toHaveLength(2);
  });

  it('gives the .tf line of a plan read with its folder with the .tf file, and keeps the roles of two plans of one folder apart', async () => {
    const fixture = join(import.meta.dirname, '..', 'fixtures', 'trust-sagemaker-role-unassumable', 'tf-plan-folder-edited');
    const plan = readFileSync(join(fixture, 'plan.json'), 'utf8');
    const mainTf = readFileSync(join(fixture, 'main.tf'), 'utf8');
    const directory = project({ 'main.tf': mainTf, 'prov.tf': readFileSync(join(fixture, 'prov.tf'), 'utf8'), 'plan.json': plan, 'plan-b.json': plan });
    const declaredAt = (block: string): number => mainTf.split('\n').indexOf(block) + 1;
    const graph = await graphJson([directory]);
    expect(graph.roles.map((role) => [role.file, role.line, role.input])).toEqual([
      [join(directory, 'main.tf'), declaredAt('resource "aws_iam_role" "r" {'), join(directory, 'plan-b.json')],
      [join(directory, 'main.tf'), declaredAt('resource "aws_iam_role" "r" {'), join(directory, 'plan.json')],
    ]);
    // The user profile is declared as planned; the others were edited since the plan, and stay at the plan's line.
    const profile = graph.roles[1]!.users.find((user) => user.type === 'aws_sagemaker_user_profile')!;
    expect([profile.file, profile.line, profile.input]).toEqual([join(directory, 'main.tf'), declaredAt('resource "aws_sagemaker_user_profile" "u" {'), join(directory, 'plan.json')]);
    const model = graph.roles[1]!.users.find((user) => user.type === 'aws_sagemaker_model')!;
    expect([model.file, model.line, model.input]).toEqual([join(directory, 'plan.json'), 1, join(directory, 'plan.json')]);
    const { stdout } = await deputy(['graph', directory, '--format', 'dot']);
    expect(stdout.match(/role aws_iam_role\.r"/g)).toHaveLength(2);
  });
});
