import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findRule } from '../../rules/index.js';
import { scan } from '../../src/analyze/engine.js';
import { ResourceGraph } from '../../src/graph/graph.js';
import { defaultServicePrincipals } from '../../src/iam/service-principals.js';
import type { Path } from '../../src/model/location.js';
import type { Edge, ManagedPolicyArn, PolicyRef, Resource, ResourceKind } from '../../src/model/resource.js';
import type { RuleReport } from '../../src/model/rule.js';
import { OWNER_ACCOUNT, OWNER_PARTITION, Unresolved, displayValue, refMarker, unresolvedMarker, type Value } from '../../src/model/value.js';
import { linesOf, scanText } from '../helpers.js';
import { scanTree } from '../parsers/terraform/helpers.js';

/** A Terraform resource as the Terraform parser hands it over: snake_case attributes, blocks as lists of objects. */
function terraform(type: string, name: string, properties: Record<string, Value>, kind: ResourceKind = type.startsWith('aws_sagemaker_') ? 'sagemaker' : 'other'): Resource {
  const location = { file: 'main.tf', startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 };
  return {
    address: `${type}.${name}`,
    name,
    type,
    kind,
    file: 'main.tf',
    format: 'terraform',
    syntax: 'hcl',
    properties,
    location,
    locator: { locate: () => location },
  };
}

function graphOf(resources: Resource[], pieces: { edges?: Edge[]; policies?: PolicyRef[]; managedPolicyArns?: ManagedPolicyArn[] } = {}): ResourceGraph {
  return new ResourceGraph({ conditions: {}, resources, edges: pieces.edges ?? [], policies: pieces.policies ?? [], managedPolicyArns: pieces.managedPolicyArns ?? [], duplicateKeys: () => [] });
}

function check(ruleId: string, graph: ResourceGraph): RuleReport[] {
  const rule = findRule(ruleId);
  if (!rule) throw new Error(`no rule ${ruleId}`);
  return rule.check(graph, { services: defaultServicePrincipals, now: Date.parse('2026-12-07T10:00:00Z') });
}

/** messageId and path of each report, the part of a report that says what and where. */
function outcomes(ruleId: string, resources: Resource[]): Array<[string, Path]> {
  return check(ruleId, graphOf(resources)).map((report) => [report.messageId, report.path]);
}

const notebook = (properties: Record<string, Value>) => terraform('aws_sagemaker_notebook_instance', 'nb', { instance_type: 'ml.t3.medium', role_arn: 'arn:aws:iam::111122223333:role/nb', ...properties });

describe('Terraform resources (hand-built, as the Terraform parser will produce them)', () => {
  it.each([
    ['sagemaker-notebook-direct-internet', {}, [['unset', []]]],
    ['sagemaker-notebook-direct-internet', { direct_internet_access: 'Enabled' }, [['risky', ['direct_internet_access']]]],
    ['sagemaker-notebook-direct-internet', { direct_internet_access: 'Disabled' }, []],
    ['sagemaker-notebook-direct-internet', { direct_internet_access: 'DISABLED' }, [['invalid', ['direct_internet_access']]]],
    ['sagemaker-notebook-direct-internet', { direct_internet_access: new Unresolved('var.access has no value') }, []],
    ['sagemaker-notebook-direct-internet', { direct_internet_access: null }, [['unset', ['direct_internet_access']]]],
    ['sagemaker-notebook-root-access', {}, [['unset', []]]],
    ['sagemaker-notebook-root-access', { root_access: 'Disabled' }, []],
    ['sagemaker-notebook-root-access', { root_access: 'Enabled' }, [['risky', ['root_access']]]],
    ['sagemaker-notebook-root-access', { root_access: unresolvedMarker('var.root') }, []],
    ['sagemaker-notebook-no-kms', {}, [['unset', []]]],
    ['sagemaker-notebook-no-kms', { kms_key_id: refMarker('aws_kms_key.nb', 'arn') }, []],
    ['sagemaker-notebook-no-kms', { kms_key_id: '' }, [['unset', ['kms_key_id']]]],
    ['sagemaker-notebook-no-vpc', {}, [['unset', []]]],
    ['sagemaker-notebook-no-vpc', { subnet_id: 'subnet-0a1b2c3d4e5f60718' }, []],
    // CloudFormation names on a Terraform resource are not Terraform's: the rule reads subnet_id, not SubnetId.
    ['sagemaker-notebook-no-vpc', { SubnetId: 'subnet-0a1b2c3d4e5f60718' }, [['unset', []]]],
  ] as const)('%s on aws_sagemaker_notebook_instance %j', (ruleId, properties, expected) => {
    expect(outcomes(ruleId, [notebook(properties)])).toEqual(expected);
  });

  it.each([
    [{}, [['unset', []]]],
    [{ enable_network_isolation: true }, []],
    [{ enable_network_isolation: 'true' }, []],
    [{ enable_network_isolation: false }, [['disabled', ['enable_network_isolation']]]],
    [{ enable_network_isolation: 'false' }, [['disabled', ['enable_network_isolation']]]],
    [{ enable_network_isolation: new Unresolved('known after apply') }, []],
  ] as const)('sagemaker-model-no-network-isolation on aws_sagemaker_model %j', (properties, expected) => {
    const model = terraform('aws_sagemaker_model', 'm', { execution_role_arn: 'arn:aws:iam::111122223333:role/m', ...properties });
    expect(outcomes('sagemaker-model-no-network-isolation', [model])).toEqual(expected);
  });

  it.each([
    [{ production_variants: [{ variant_name: 'a', instance_type: 'ml.m5.large' }] }, [['unset', []]]],
    [{ kms_key_arn: 'arn:aws:kms:eu-west-1:111122223333:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0', production_variants: [{ instance_type: 'ml.m5.large' }] }, []],
    // KmsKeyId is the CloudFormation name; Terraform's attribute is kms_key_arn.
    [{ kms_key_id: 'arn:aws:kms:eu-west-1:111122223333:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0', production_variants: [{ instance_type: 'ml.m5.large' }] }, [['unset', []]]],
    [{ production_variants: [{ instance_type: 'ml.p4d.24xlarge' }] }, []],
    [{ production_variants: [{ instance_type: 'ml.m5.large' }, { instance_type: 'ml.trn1.2xlarge' }] }, []],
    // Local NVMe storage in families whose name has a suffix after a hyphen, or its d among the series letters.
    [{ production_variants: [{ instance_type: 'ml.p6-b200.48xlarge' }] }, []],
    [{ production_variants: [{ instance_type: 'ml.p6e-gb200.36xlarge' }] }, []],
    [{ production_variants: [{ instance_type: 'ml.dl1.24xlarge' }] }, []],
    // An instance type whose family cannot be read says nothing of its storage.
    [{ production_variants: [{ instance_type: 'ml.u-p6e-gb200x72' }] }, []],
    [{ production_variants: [{ instance_type: 'ml.m7i.48xlarge' }] }, [['unset', []]]],
    // Serverless variants have no instances: the key would encrypt their container image, and the message says so.
    [{ production_variants: [{ serverless_config: [{ max_concurrency: 5, memory_size_in_mb: 2048 }] }] }, [['unsetServerless', []]]],
    [{ production_variants: [{ serverless_config: [{ max_concurrency: 5, memory_size_in_mb: 2048 }] }, { instance_type: 'ml.m5.large' }] }, [['unset', []]]],
    // Shadow variants run on instances of their own: their volumes, or their local storage, count as the production ones'.
    [{ production_variants: [{ serverless_config: [{ max_concurrency: 5, memory_size_in_mb: 2048 }] }], shadow_production_variants: [{ instance_type: 'ml.m5.large' }] }, [['unset', []]]],
    [{ production_variants: [{ instance_type: 'ml.m5.large' }], shadow_production_variants: [{ instance_type: 'ml.g5.xlarge' }] }, []],
    [{ production_variants: [{ instance_type: new Unresolved('var.instance_type has no value') }] }, []],
  ] as const)('sagemaker-endpoint-config-no-kms on aws_sagemaker_endpoint_configuration %j', (properties, expected) => {
    const config = terraform('aws_sagemaker_endpoint_configuration', 'ec', properties as unknown as Record<string, Value>);
    expect(outcomes('sagemaker-endpoint-config-no-kms', [config])).toEqual(expected);
  });

  it.each([
    [{}, [['unset', []]]],
    [{ app_network_access_type: 'PublicInternetOnly' }, [['risky', ['app_network_access_type']]]],
    [{ app_network_access_type: 'VpcOnly' }, []],
    [{ app_network_access_type: 'vpconly' }, [['invalid', ['app_network_access_type']]]],
  ] as const)('sagemaker-domain-public-internet on aws_sagemaker_domain %j', (properties, expected) => {
    const domain = terraform('aws_sagemaker_domain', 'd', { domain_name: 'research', auth_mode: 'IAM', ...properties });
    expect(outcomes('sagemaker-domain-public-internet', [domain])).toEqual(expected);
  });

  it('ignores the CloudFormation type names on Terraform resources and the Terraform ones on CloudFormation resources', () => {
    const misnamed = { ...notebook({}), type: 'AWS::SageMaker::NotebookInstance' };
    expect(outcomes('sagemaker-notebook-root-access', [misnamed])).toEqual([]);
  });

  it('writes the fix in HCL', () => {
    const [report] = check('sagemaker-notebook-root-access', graphOf([notebook({})]));
    expect(report?.fix?.snippet).toBe('root_access = "Disabled"');
    const [isolation] = check('sagemaker-model-no-network-isolation', graphOf([terraform('aws_sagemaker_model', 'm', {})]));
    expect(isolation?.fix?.snippet).toBe('enable_network_isolation = true');
    const [kms] = check('sagemaker-notebook-no-kms', graphOf([notebook({})]));
    expect(kms?.fix?.snippet).toBe('kms_key_id = aws_kms_key.notebook.arn');
  });

  it('writes one KMS key fix for notebooks alike, and its own for a notebook of another syntax or module key', () => {
    const at = (resource: Resource, address: string): Resource => ({ ...resource, address, name: address.split('.').at(-1)! });
    const alike = [at(notebook({}), 'aws_sagemaker_notebook_instance.a'), at(notebook({}), 'aws_sagemaker_notebook_instance.b')];
    const json = { ...at(notebook({}), 'aws_sagemaker_notebook_instance.c'), file: 'main.tf.json', syntax: 'json' as const };
    const keyed = at(notebook({}), 'module.m.aws_sagemaker_notebook_instance.d');
    const key = at(terraform('aws_kms_key', 'k', {}), 'module.m.aws_kms_key.k');
    const reports = check('sagemaker-notebook-no-kms', graphOf([...alike, json, keyed, key]));
    expect(reports.map((report) => [report.resource.address, report.fix?.snippet, report.fix?.description])).toEqual([
      ['aws_sagemaker_notebook_instance.a', 'kms_key_id = aws_kms_key.notebook.arn', expect.stringContaining('declare it as notebook (aws_kms_key)')],
      ['aws_sagemaker_notebook_instance.b', 'kms_key_id = aws_kms_key.notebook.arn', expect.stringContaining('declare it as notebook (aws_kms_key)')],
      ['aws_sagemaker_notebook_instance.c', '"kms_key_id": "${aws_kms_key.notebook.arn}"', expect.stringContaining('declare it as notebook (aws_kms_key)')],
      ['module.m.aws_sagemaker_notebook_instance.d', 'kms_key_id = aws_kms_key.k.arn', "Set kms_key_id to k, the customer managed KMS key this module declares; its key policy must let the notebook's execution role use it"],
    ]);
    // The alike share the one fix written; a graph of its own writes its own.
    expect(reports[1]!.fix).toBe(reports[0]!.fix);
    expect(check('sagemaker-notebook-no-kms', graphOf(alike))[0]!.fix).not.toBe(reports[0]!.fix);
  });

  it('sets a KMS key property to the one key its template or module instance declares, else to a placeholder the fix says to declare', async () => {
    const kmsFix = (result: Awaited<ReturnType<typeof scanText>>) => result.findings.filter((finding) => finding.ruleId.endsWith('-no-kms')).map((finding) => [finding.ruleId, finding.fix?.snippet, finding.fix?.description]);
    const key = (name: string) => `  ${name}:\n    Type: AWS::KMS::Key\n    Properties:\n      KeyPolicy: { Version: '2012-10-17', Statement: [] }\n`;
    const notebook = 'Resources:\n  Notebook:\n    Type: AWS::SageMaker::NotebookInstance\n    Properties:\n      InstanceType: ml.t3.medium\n      DirectInternetAccess: Disabled\n      RootAccess: Disabled\n      SubnetId: subnet-1\n      SecurityGroupIds: [sg-1]\n      RoleArn: arn:aws:iam::493827160514:role/nb\n';
    expect(kmsFix(await scanText(notebook + key('ArtifactsKey')))).toEqual([
      ['sagemaker-notebook-no-kms', 'KmsKeyId: !Ref ArtifactsKey', "Set KmsKeyId to ArtifactsKey, the customer managed KMS key this template declares; its key policy must let the notebook's execution role use it"],
    ]);
    const placeholder = [
      'sagemaker-notebook-no-kms',
      'KmsKeyId: !Ref NotebookKey',
      "Set KmsKeyId to a customer managed KMS key that the notebook's execution role may use: declare it as NotebookKey (AWS::KMS::Key), which this template does not declare, or put your key's ARN in place of the reference",
    ];
    expect(kmsFix(await scanText(notebook))).toEqual([placeholder]);
    // Of two keys, which one the notebook is for is the author's choice.
    expect(kmsFix(await scanText(notebook + key('ArtifactsKey') + key('LogsKey')))).toEqual([placeholder]);
    // A signing key cannot encrypt a volume; a key created under a condition the notebook lacks may not exist.
    expect(kmsFix(await scanText(notebook + key('SigningKey').replace('KeyPolicy:', 'KeySpec: RSA_2048\n      KeyUsage: SIGN_VERIFY\n      KeyPolicy:')))).toEqual([placeholder]);
    const conditional = `Parameters:\n  MakeKey:\n    Type: String\nConditions:\n  Making: !Equals [!Ref MakeKey, "true"]\n${notebook}${key('OptionalKey').replace('    Type: AWS::KMS::Key', '    Type: AWS::KMS::Key\n    Condition: Making')}`;
    expect(kmsFix(await scanText(conditional)).map(([, snippet]) => snippet)).toEqual(['KmsKeyId: !Ref NotebookKey']);

    const config = (module: string) => `resource "aws_sagemaker_endpoint_configuration" "ec" {\n  name = "ec"\n  production_variants {\n    variant_name = "v"\n    model_name = "m"\n    instance_type = "ml.m5.large"\n  }\n}\n${module}`;
    const tfFix = async (files: Record<string, string>) => kmsFix(await scanTree(files)).map(([, snippet]) => snippet);
    expect(await tfFix({ 'main.tf': config('resource "aws_kms_key" "endpoint_volumes" {}\n') })).toEqual(['kms_key_arn = aws_kms_key.endpoint_volumes.arn']);
    expect(await tfFix({ 'main.tf': config('resource "aws_kms_key" "several" {\n  count = 2\n}\n') })).toEqual(['kms_key_arn = aws_kms_key.endpoint.arn']);
    expect(await tfFix({ 'main.tf': config('resource "aws_kms_key" "signing" {\n  key_usage                = "SIGN_VERIFY"\n  customer_master_key_spec = "RSA_2048"\n}\n') })).toEqual(['kms_key_arn = aws_kms_key.endpoint.arn']);
    // A key of another module instance is not one a reference of this module reaches.
    expect(await tfFix({ 'main.tf': config('module "keys" {\n  source = "./keys"\n}\n'), 'keys/main.tf': 'resource "aws_kms_key" "k" {}\n' })).toEqual(['kms_key_arn = aws_kms_key.endpoint.arn']);
    expect(await tfFix({ 'main.tf': 'module "serving" {\n  source = "./serving"\n}\n', 'serving/main.tf': config('resource "aws_kms_key" "k" {}\n') })).toEqual(['kms_key_arn = aws_kms_key.k.arn']);
  });

  it('sets an attribute its module passes through from an input the call leaves out in that call, located there; a module that computes the value keeps the fix in the module', async () => {
    const notebook = (kms: string, variables = 'variable "kms_key_id" {\n  default = null\n}\n') =>
      `${variables}resource "aws_sagemaker_notebook_instance" "nb" {\n  name                   = "nb"\n  role_arn               = "arn:aws:iam::493827160514:role/nb"\n  instance_type          = "ml.t3.medium"\n  root_access            = "Disabled"\n  direct_internet_access = var.internet\n  kms_key_id             = ${kms}\n}\nvariable "internet" {\n  default = "Enabled"\n}\n`;
    const call = (name: string, source: string, body = '') => `module "${name}" {\n  source = "${source}"\n${body}}\n`;
    const findings = async (files: Record<string, string>) =>
      (await scanTree(files)).findings
        .filter((finding) => finding.ruleId === 'sagemaker-notebook-no-kms' || finding.ruleId === 'sagemaker-notebook-direct-internet')
        .map(({ ruleId, location, related, fix }) => [ruleId, `${location.file.replace(/^.*deputy-[^/]*\//, '').replace(/^.*\/(?=[^/]*\/[^/]*$)/, '')}:${location.startLine}`, fix?.snippet, fix?.description.split(' to ')[0], related.map((entry) => entry.location.startLine)]);
    const leftOut = (file: string, line: number, module: string, reads: number[]) => [
      ['sagemaker-notebook-direct-internet', `${file}:${line}`, 'internet = "Disabled"', `In the module call ${module}, which leaves out internet (its module sets direct_internet_access of ${module}.aws_sagemaker_notebook_instance.nb`, reads[0] === undefined ? [] : [reads[0]]],
      ['sagemaker-notebook-no-kms', `${file}:${line}`, 'kms_key_id = aws_kms_key.notebook.arn', `In the module call ${module}, which leaves out kms_key_id (its module sets kms_key_id of ${module}.aws_sagemaker_notebook_instance.nb`, reads.slice(1)],
    ];
    // One call: the fix sets the input in the call, in its own syntax; the module's line is related.
    expect(await findings({ 'main.tf': call('nb', './m'), 'm/main.tf': notebook('var.kms_key_id') })).toEqual(leftOut('main.tf', 1, 'module.nb', [9, 10]).map((entry) => [...entry.slice(0, 4), entry[4]]));
    const jsonCall = JSON.stringify({ module: { nb: { source: './m' } } }, null, 2);
    const inJson = await findings({ 'main.tf.json': jsonCall, 'm/main.tf': notebook('var.kms_key_id') });
    expect(inJson.map(([rule, , snippet]) => [rule, snippet])).toEqual([
      ['sagemaker-notebook-direct-internet', '"internet": "Disabled"'],
      ['sagemaker-notebook-no-kms', '"kms_key_id": "${aws_kms_key.notebook.arn}"'],
    ]);
    expect(inJson.map(([, at]) => at)).toEqual(['main.tf.json:3', 'main.tf.json:3']);
    // Nested: the outermost call that does not set it; a key that call's module declares is the one the fix names.
    const nested = await findings({
      'main.tf': `${call('outer', './outer')}resource "aws_kms_key" "volumes" {}\n`,
      'outer/main.tf': `variable "kms_key_id" {\n  default = null\n}\nlocals {\n  key = var.kms_key_id\n}\n${call('inner', '../m', '  kms_key_id = local.key\n')}`,
      'm/main.tf': notebook('var.kms_key_id'),
    });
    expect(nested.find(([rule]) => rule === 'sagemaker-notebook-no-kms')?.slice(1, 4)).toEqual(['main.tf:1', 'kms_key_id = aws_kms_key.volumes.arn', 'In the module call module.outer, which leaves out kms_key_id (its module sets kms_key_id of module.outer.module.inner.aws_sagemaker_notebook_instance.nb']);
    // A module that computes the value, a call that sets it to null, and a root variable passed on keep the fix in the module.
    for (const files of [
      { 'main.tf': call('nb', './m'), 'm/main.tf': notebook('try(var.kms_key_id, null)') },
      { 'main.tf': call('nb', './m'), 'm/main.tf': notebook('var.kms_key_id != null ? var.kms_key_id : null') },
      { 'main.tf': call('nb', './m', '  kms_key_id = null\n'), 'm/main.tf': notebook('var.kms_key_id') },
      { 'main.tf': `variable "key" {\n  default = null\n}\n${call('nb', './m', '  kms_key_id = var.key\n')}`, 'm/main.tf': notebook('var.kms_key_id') },
    ]) {
      const kms = (await findings(files)).find(([rule]) => rule === 'sagemaker-notebook-no-kms');
      expect(kms?.slice(1, 4), files['main.tf']).toEqual(['m/main.tf:10', 'kms_key_id = aws_kms_key.notebook.arn', 'Set kms_key_id']);
    }
    // A call that sets the input to a key makes no finding.
    expect(await findings({ 'main.tf': call('nb', './m', '  kms_key_id = "arn:aws:kms:us-east-1:493827160514:key/k"\n  internet   = "Disabled"\n'), 'm/main.tf': notebook('var.kms_key_id') })).toEqual([]);
  });

  it('sagemaker-notebook-no-vpc sets the subnet in the call that leaves out the input its module reads it from, with the security groups where the call leaves out theirs; applied, it is silent', async () => {
    const notebook = (groups: string) =>
      `variable "subnet_id" {\n  default = null\n}\nvariable "groups" {\n  default = null\n}\nresource "aws_sagemaker_notebook_instance" "nb" {\n  name          = "nb"\n  role_arn      = "arn:aws:iam::493827160514:role/nb"\n  instance_type = "ml.t3.medium"\n  subnet_id     = var.subnet_id\n${groups}}\n`;
    const call = (body = '') => `module "nb" {\n  source = "./m"\n${body}}\n`;
    const vpc = async (files: Record<string, string>) =>
      (await scanTree(files)).findings.filter((finding) => finding.ruleId === 'sagemaker-notebook-no-vpc').map(({ location, fix }) => [`${location.file.replace(/^.*deputy-[^/]*\//, '')}:${location.startLine}`, fix?.snippet, fix?.description]);
    const declared = 'resource "aws_subnet" "private" {\n  vpc_id     = "vpc-0a1b2c3d"\n  cidr_block = "10.0.1.0/24"\n}\nresource "aws_security_group" "notebook" {\n  vpc_id = "vpc-0a1b2c3d"\n}\n';
    // Both read from inputs the call leaves out: both set in the call, aligned as terraform fmt aligns them.
    const both = await vpc({ 'main.tf': call(), 'm/main.tf': notebook('  security_groups = var.groups\n') });
    expect(both).toEqual([
      [
        'main.tf:1',
        'subnet_id = aws_subnet.private.id\ngroups    = [aws_security_group.notebook.id]',
        'In the module call module.nb, which leaves out subnet_id and groups (its module sets subnet_id of module.nb.aws_sagemaker_notebook_instance.nb to subnet_id, security_groups to groups), set subnet_id to a private subnet of your VPC and groups to a security group for the notebook: aws_subnet.private and aws_security_group.notebook stand for yours; declare them, or put yours (a variable, a data source) in their place',
      ],
    ]);
    const body = (snippet: string) => snippet.replace(/^/gm, '  ') + '\n';
    expect(await vpc({ 'main.tf': declared + call(body(both[0]![1]!)), 'm/main.tf': notebook('  security_groups = var.groups\n') })).toEqual([]);
    // In a .tf.json call, JSON lines.
    const inJson = await vpc({ 'main.tf.json': JSON.stringify({ module: { nb: { source: './m' } } }, null, 2), 'm/main.tf': notebook('  security_groups = var.groups\n') });
    expect(inJson.map(([at, snippet]) => [at, snippet])).toEqual([['main.tf.json:3', '"subnet_id": "${aws_subnet.private.id}",\n"groups": ["${aws_security_group.notebook.id}"]']]);
    // Groups the module names itself: the subnet alone, of their VPC.
    const named = await vpc({ 'main.tf': call(), 'm/main.tf': notebook('  security_groups = ["sg-0a1b2c3d4e5f60718"]\n') });
    expect(named.map(([at, snippet, description]) => [at, snippet, description!.split(': ')[0]])).toEqual([['main.tf:1', 'subnet_id = aws_subnet.private.id', 'In the module call module.nb, which leaves out subnet_id (its module sets subnet_id of module.nb.aws_sagemaker_notebook_instance.nb to it), set subnet_id to a private subnet of your VPC, of the VPC of the security groups module.nb.aws_sagemaker_notebook_instance.nb already names']]);
    // No groups the call can give: the subnet alone, and the description says the notebook gets its VPC's default group.
    const none = await vpc({ 'main.tf': call(), 'm/main.tf': notebook('') });
    expect(none.map(([at, snippet]) => [at, snippet])).toEqual([['main.tf:1', 'subnet_id = aws_subnet.private.id']]);
    expect(none[0]![2]).toMatch(/; its module writes no security_groups, so the notebook gets the default security group of the subnet's VPC$/);
    expect(await vpc({ 'main.tf': declared + call(body(none[0]![1]!)), 'm/main.tf': notebook('') })).toEqual([]);
    // Groups the module computes, with none as the call leaves them: the subnet alone, and the description says to check them.
    const computedGroups = await vpc({ 'main.tf': call(), 'm/main.tf': notebook('  security_groups = var.subnet_id == null ? null : ["sg-0a1b2c3d4e5f60718"]\n') });
    expect(computedGroups.map(([at, snippet]) => [at, snippet])).toEqual([['main.tf:1', 'subnet_id = aws_subnet.private.id']]);
    expect(computedGroups[0]![2]).toMatch(/; its module writes security_groups with no group as this call leaves them: check they name one once the subnet is set, else the notebook gets the default security group of the subnet's VPC$/);
    // Registry code terraform init installed, in .tf and a real plan beside it: the fix is made in the user's own call.
    for (const fixture of ['tf-registry-module-input-left-out', 'tf-plan-registry-module-input-left-out']) {
      const directory = join(import.meta.dirname, '..', 'fixtures', 'sagemaker-notebook-no-vpc', fixture);
      const [installed] = (await scan([directory])).findings.filter((finding) => finding.ruleId === 'sagemaker-notebook-no-vpc');
      expect(installed?.fix?.description, fixture).toMatch(/^Make this change in your own code, the module call at .*main\.tf:11, not in the module's source\. In the module call module\.nb, which leaves out subnet_id and security_group_ids /);
      expect(installed?.fix?.snippet, fixture).toBe('subnet_id          = aws_subnet.private.id\nsecurity_group_ids = [aws_security_group.notebook.id]');
    }
    // A subnet the module computes keeps the fix in the module.
    const computed = await vpc({ 'main.tf': call(), 'm/main.tf': notebook('').replace('var.subnet_id', 'try(var.subnet_id, null)') });
    expect(computed.map(([at, snippet]) => [at, snippet])).toEqual([['m/main.tf:11', 'subnet_id       = aws_subnet.private.id\nsecurity_groups = [aws_security_group.notebook.id]']]);
  });

  it('says what the VPC fixes reference stands for, and that a VpcOnly domain needs its users\' security groups', async () => {
    const [vpc] = check('sagemaker-notebook-no-vpc', graphOf([notebook({})]));
    expect(vpc?.fix?.description).toBe('Place aws_sagemaker_notebook_instance.nb in a private subnet of your VPC, with a security group: aws_subnet.private and aws_security_group.notebook stand for yours; declare them, or put yours (a variable, a data source) in their place');
    const [domain] = check('sagemaker-domain-public-internet', graphOf([terraform('aws_sagemaker_domain', 'd', { domain_name: 'research', auth_mode: 'IAM' })]));
    expect(domain?.fix?.description).toBe('Set app_network_access_type to VpcOnly (needs private subnets, a security group in default_user_settings.security_groups or each user profile, and VPC endpoints or a NAT gateway)');
  });

  it('sets only the subnet where the notebook already names its security groups: writing them again is an error and drops them', async () => {
    const withGroups = check('sagemaker-notebook-no-vpc', graphOf([notebook({ security_groups: ['sg-0a1b2c3d4e5f60718'] })]));
    expect(withGroups.map((report) => report.fix)).toEqual([
      { description: 'Place aws_sagemaker_notebook_instance.nb in a private subnet of your VPC, of the VPC of the security groups it already names: aws_subnet.private stands for yours; declare it, or put yours (a variable, a data source) in its place', snippet: 'subnet_id = aws_subnet.private.id' },
    ]);
    const unknownGroups = check('sagemaker-notebook-no-vpc', graphOf([notebook({ security_groups: new Unresolved('variable: var.groups has no value') })]));
    expect(unknownGroups.map((report) => report.fix?.snippet)).toEqual(['subnet_id = aws_subnet.private.id']);
    expect(check('sagemaker-notebook-no-vpc', graphOf([notebook({ security_groups: [] })])).map((report) => report.fix?.snippet)).toEqual(['subnet_id       = aws_subnet.private.id\nsecurity_groups = [aws_security_group.notebook.id]']);
    // A plan holds security_groups, which the provider computes, as known after apply where the configuration leaves it out.
    const planned = { ...notebook({ security_groups: new Unresolved('known after apply') }), writes: (attribute: string) => attribute !== 'security_groups' && attribute !== 'subnet_id' };
    expect(check('sagemaker-notebook-no-vpc', graphOf([planned])).map((report) => report.fix?.snippet)).toEqual(['subnet_id       = aws_subnet.private.id\nsecurity_groups = [aws_security_group.notebook.id]']);
    const template = await scanText('Resources:\n  Notebook:\n    Type: AWS::SageMaker::NotebookInstance\n    Properties:\n      InstanceType: ml.t3.medium\n      RoleArn: arn:aws:iam::111122223333:role/nb\n      SecurityGroupIds:\n        - sg-0a1b2c3d4e5f60718\n');
    expect(template.findings.filter((item) => item.ruleId === 'sagemaker-notebook-no-vpc').map((item) => item.fix?.snippet)).toEqual(['SubnetId: !Ref PrivateSubnet']);
    // Written without a group, the key is there all the same: a second one is "Attribute redefined" or a duplicate key,
    // so the fix is written in its place.
    const emptyGroups = async (files: Record<string, string>) => (await scanTree(files)).findings.filter((item) => item.ruleId === 'sagemaker-notebook-no-vpc').map((item) => item.fix);
    const hcl = (groups: string) => ({ 'main.tf': `resource "aws_sagemaker_notebook_instance" "nb" {\n  name            = "nb"\n  instance_type   = "ml.t3.medium"\n  role_arn        = "arn:aws:iam::111122223333:role/nb"\n  security_groups = ${groups}\n}\n` });
    for (const groups of ['[]', 'null']) {
      expect(await emptyGroups(hcl(groups))).toEqual([
        {
          description: 'Place aws_sagemaker_notebook_instance.nb in a private subnet of your VPC, with a security group, writing these in place of the security_groups it writes without a group: aws_subnet.private and aws_security_group.notebook stand for yours; declare them, or put yours (a variable, a data source) in their place',
          snippet: 'subnet_id       = aws_subnet.private.id\nsecurity_groups = [aws_security_group.notebook.id]',
        },
      ]);
    }
    for (const groups of ['[]', '!Ref AWS::NoValue']) {
      const written = await scanText(`Resources:\n  Notebook:\n    Type: AWS::SageMaker::NotebookInstance\n    Properties:\n      InstanceType: ml.t3.medium\n      RoleArn: arn:aws:iam::111122223333:role/nb\n      SecurityGroupIds: ${groups}\n`);
      expect(written.findings.filter((item) => item.ruleId === 'sagemaker-notebook-no-vpc').map((item) => item.fix?.description)).toEqual([
        'Place Notebook in a private subnet of your VPC, with a security group, writing these in place of the SecurityGroupIds it writes without a group: PrivateSubnet and NotebookSecurityGroup stand for yours; declare them (parameters of type AWS::EC2::Subnet::Id and AWS::EC2::SecurityGroup::Id, or resources) or put yours in their place',
      ]);
    }
  });

  it('names in fix texts what Disabled direct internet access needs by the names of the input: Terraform attributes, CloudFormation properties', async () => {
    const [report] = check('sagemaker-notebook-direct-internet', graphOf([notebook({})]));
    expect(report?.fix?.description).toBe('Set direct_internet_access to Disabled (needs subnet_id and security_groups; the VPC then needs a NAT gateway or VPC endpoints)');
    const template = await scanText('Resources:\n  Notebook:\n    Type: AWS::SageMaker::NotebookInstance\n    Properties:\n      InstanceType: ml.t3.medium\n      RoleArn: arn:aws:iam::111122223333:role/nb\n');
    const [finding] = template.findings.filter((item) => item.ruleId === 'sagemaker-notebook-direct-internet');
    expect(finding?.fix?.description).toBe('Set DirectInternetAccess to Disabled (needs SubnetId and SecurityGroupIds; the VPC then needs a NAT gateway or VPC endpoints)');
  });

  it("writes fixes in the syntax of the file the user edits: HCL for a plan, Terraform's JSON for a .tf.json file", async () => {
    const notebookJson = JSON.stringify({ resource: { aws_sagemaker_notebook_instance: { nb: { name: 'nb', instance_type: 'ml.t3.medium', role_arn: 'arn:aws:iam::111122223333:role/nb' } } } }, null, 2);
    const values = { name: 'nb', instance_type: 'ml.t3.medium', role_arn: 'arn:aws:iam::111122223333:role/nb', kms_key_id: null, subnet_id: null, root_access: 'Enabled', direct_internet_access: 'Enabled' };
    const head = { address: 'aws_sagemaker_notebook_instance.nb', mode: 'managed', type: 'aws_sagemaker_notebook_instance', name: 'nb', provider_name: 'registry.terraform.io/hashicorp/aws' };
    const planJson = JSON.stringify({
      format_version: '1.2',
      planned_values: { root_module: { resources: [{ ...head, schema_version: 0, values, sensitive_values: {} }] } },
      resource_changes: [{ ...head, change: { actions: ['create'], before: null, after: values, after_unknown: {}, before_sensitive: false, after_sensitive: {} } }],
      configuration: { root_module: { resources: [{ address: head.address, mode: 'managed', type: head.type, name: 'nb', provider_config_key: 'aws', expressions: {} }] } },
    }, null, 2);
    const directory = mkdtempSync(join(tmpdir(), 'deputy-test-'));
    const snippets = async (path: string) => {
      const result = await scan([path]);
      return Object.fromEntries(result.findings.filter((finding) => finding.ruleId.startsWith('sagemaker-notebook-')).map((finding) => [finding.ruleId, finding.fix?.snippet]));
    };
    try {
      for (const [folder, files] of [['configuration', { 'main.tf.json': notebookJson }], ['planned', { 'main.tf.json': notebookJson, 'plan.json': planJson }], ['plan-alone', { 'plan.json': planJson }]] as const) {
        mkdirSync(join(directory, folder));
        for (const [name, text] of Object.entries(files)) writeFileSync(join(directory, folder, name), text);
      }
      const terraformJson = {
        'sagemaker-notebook-direct-internet': '"direct_internet_access": "Disabled"',
        'sagemaker-notebook-no-kms': '"kms_key_id": "${aws_kms_key.notebook.arn}"',
        'sagemaker-notebook-no-vpc': '"subnet_id": "${aws_subnet.private.id}",\n"security_groups": ["${aws_security_group.notebook.id}"]',
        'sagemaker-notebook-root-access': '"root_access": "Disabled"',
      };
      expect(await snippets(join(directory, 'configuration'))).toEqual(terraformJson);
      // The plan's findings point at the .tf.json declaration, and their fixes are written for it.
      expect(await snippets(join(directory, 'planned', 'plan.json'))).toEqual(terraformJson);
      expect(await snippets(join(directory, 'plan-alone', 'plan.json'))).toEqual({
        'sagemaker-notebook-direct-internet': 'direct_internet_access = "Disabled"',
        'sagemaker-notebook-no-kms': 'kms_key_id = aws_kms_key.notebook.arn',
        'sagemaker-notebook-no-vpc': 'subnet_id       = aws_subnet.private.id\nsecurity_groups = [aws_security_group.notebook.id]',
        'sagemaker-notebook-root-access': 'root_access = "Disabled"',
      });
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  describe('sagemaker-execution-role-admin over a Terraform graph', () => {
    const role = terraform('aws_iam_role', 'exec', { name: 'exec' }, 'iam-role');
    const user = notebook({ role_arn: refMarker('aws_iam_role.exec', 'arn') });
    const uses: Edge = { from: user.address, to: role.address, kind: 'uses-role', via: ['role_arn'] };
    const inlinePolicy = (...statements: object[]) =>
      terraform('aws_iam_role_policy', 'p', { role: refMarker('aws_iam_role.exec', 'id'), policy: JSON.stringify({ Version: '2012-10-17', Statement: statements }) }, 'iam-policy');
    const withInlinePolicy = (policy: Resource) =>
      graphOf([role, user, policy], {
        edges: [uses, { from: policy.address, to: role.address, kind: 'attached-policy', via: ['role'] }],
        policies: [{ resource: policy.address, holder: policy, path: ['policy'], kind: 'identity' }],
      });

    it('reports an attachment of AdministratorAccess in any partition on the attachment, with the user as related location', () => {
      const attachment = terraform('aws_iam_role_policy_attachment', 'admin', { role: refMarker('aws_iam_role.exec', 'name'), policy_arn: `arn:${OWNER_PARTITION}:iam::aws:policy/AdministratorAccess` });
      const managed: ManagedPolicyArn = { principal: role.address, arn: `arn:${OWNER_PARTITION}:iam::aws:policy/AdministratorAccess`, via: ['policy_arn'], holder: attachment.address };
      const reports = check('sagemaker-execution-role-admin', graphOf([role, user, attachment], { edges: [uses], managedPolicyArns: [managed] }));
      expect(reports.map((report) => [report.messageId, report.locator, report.path, report.data.grant, report.exposure?.users])).toEqual([
        ['managed', attachment.locator, ['policy_arn'], 'AdministratorAccess', 'aws_sagemaker_notebook_instance.nb (aws_sagemaker_notebook_instance)'],
      ]);
      expect(reports[0]?.related?.map((related) => [related.resource?.address, related.path])).toEqual([[user.address, ['role_arn']]]);
    });

    it('reads a policy written as JSON text and attached to the role', () => {
      const reports = check('sagemaker-execution-role-admin', withInlinePolicy(inlinePolicy({ Effect: 'Allow', Action: 'iam:*', Resource: '*' })));
      expect(reports.map((report) => [report.messageId, report.data.grant])).toEqual([['statement', 'Action "iam:*"']]);
    });

    it.each([
      ['iam:PassRole', true, true],
      [['iam:PassRole', 'iam:CreateUser'], true, true],
      [['iam:Get*', 'iam:List*'], true, true],
      ['s3:*', true, true],
      ['iam:*', true, false],
      [['iam:*', 'sts:*'], false, false],
    ])('reads NotAction %j on every resource as identity-full-admin does, for the IAM write actions it leaves', (notAction, fullAdmin, executionRoleAdmin) => {
      const graph = withInlinePolicy(inlinePolicy({ Effect: 'Allow', NotAction: notAction, Resource: '*' }));
      expect(check('identity-full-admin', graph).length > 0).toBe(fullAdmin);
      expect(check('sagemaker-execution-role-admin', graph).length > 0).toBe(executionRoleAdmin);
    });

    it('names the IAM write actions a NotAction that excludes some leaves, and takes them back for a Deny of iam:*', () => {
      const nearAdmin = { Effect: 'Allow', NotAction: 'iam:PassRole', Resource: '*' };
      const [report, ...others] = check('sagemaker-execution-role-admin', withInlinePolicy(inlinePolicy(nearAdmin)));
      expect(others).toEqual([]);
      expect(report?.data.grant).toMatch(/^every action except "iam:PassRole" \(NotAction\), which includes iam:AttachRolePolicy, iam:PutRolePolicy, iam:CreateAccessKey and \d+ more IAM write actions$/);
      expect(report?.data.scope).toBe('IAM write actions, enough to grant itself any other permission');
      expect(check('sagemaker-execution-role-admin', withInlinePolicy(inlinePolicy(nearAdmin, { Effect: 'Deny', Action: 'iam:*', Resource: '*' })))).toEqual([]);
    });

    it.each([
      [['s3:*', 'sagemaker:*'], { Effect: 'Allow', Action: '*', Resource: '*' }, false, false],
      [['s3:*', 'sagemaker:*'], { Effect: 'Allow', Action: 'iam:*', Resource: '*' }, false, false],
      [['s3:*', 'sts:*'], { Effect: 'Allow', Action: 'iam:*', Resource: '*' }, false, false],
      [['s3:*', 'sts:*'], { Effect: 'Allow', Action: '*', Resource: '*' }, true, true],
      // What it leaves of IAM is read as identity-full-admin reads it (which reports an Allow of every action alone):
      // iam:Get* is no write action, iam:PassRole is one.
      [['s3:*', 'iam:Get*'], { Effect: 'Allow', Action: '*', Resource: '*' }, false, false],
      [['s3:*', 'iam:Get*'], { Effect: 'Allow', Action: 'iam:*', Resource: '*' }, false, false],
      [['s3:*', 'iam:PassRole'], { Effect: 'Allow', Action: '*', Resource: '*' }, true, true],
      [['s3:*', 'iam:PassRole'], { Effect: 'Allow', Action: 'iam:*', Resource: '*' }, true, false],
    ])('reads an unconditional Deny with NotAction %j as refusing every other action (%j)', (notAction, allow, reported, fullAdmin) => {
      const graph = withInlinePolicy(inlinePolicy(allow, { Effect: 'Deny', NotAction: notAction, Resource: '*' }));
      expect(check('sagemaker-execution-role-admin', graph).length > 0).toBe(reported);
      expect(check('identity-full-admin', graph).length > 0).toBe(fullAdmin);
    });

    it.each(
      (
        [
          ['arn:aws:iam::*:*', 'iam:*', true],
          ['arn:*:iam::*:*', '*', true],
          [`arn:${OWNER_PARTITION}:iam::${OWNER_ACCOUNT}:*`, 'iam:*', true],
          ['arn:aws:iam::*:*/*', '*', true],
          ['arn:aws:iam::*:role/*', 'iam:*', false],
          ['arn:aws:iam::*:*/*/*', 'iam:*', false],
          ['arn:aws:iam::111111111111:*', 'iam:*', false],
          ['arn:aws:iam::*:user/*', '*', false],
        ] as const
      ).map(([resource, action, reported]) => ({ shown: displayValue(resource), resource, action, reported })),
    )('reads $shown, for $action, as every IAM resource of the account only when it matches each one', ({ shown, resource, action, reported }) => {
      const reports = check('sagemaker-execution-role-admin', withInlinePolicy(inlinePolicy({ Effect: 'Allow', Action: action, Resource: resource })));
      const scope = 'every IAM action, enough to grant itself any other permission';
      expect(reports.map((report) => [report.messageId, report.data.grant, report.data.resources, report.data.scope])).toEqual(reported ? [['statementResources', `Action "${action}"`, shown, scope]] : []);
    });

    it('reads a NotAction on every IAM resource for the IAM write actions it leaves, and a NotResource that leaves out no IAM resource', () => {
      const [nearAdmin, ...others] = check('sagemaker-execution-role-admin', withInlinePolicy(inlinePolicy({ Effect: 'Allow', NotAction: 'iam:PassRole', Resource: 'arn:aws:iam::*:*' })));
      expect(others).toEqual([]);
      expect(nearAdmin?.data.grant).toMatch(/^every action except "iam:PassRole" \(NotAction\), which includes iam:AttachRolePolicy, iam:PutRolePolicy, iam:CreateAccessKey and \d+ more IAM write actions$/);
      expect(nearAdmin?.data.resources).toBe('arn:aws:iam::*:*');
      const inRegions = check('sagemaker-execution-role-admin', withInlinePolicy(inlinePolicy({ Effect: 'Allow', Action: 'iam:*', NotResource: 'arn:aws:*:?*:*:*' })));
      expect(inRegions.map((report) => report.data.resources)).toEqual(['every resource but arn:aws:*:?*:*:*']);
      expect(check('sagemaker-execution-role-admin', withInlinePolicy(inlinePolicy({ Effect: 'Allow', Action: 'iam:*', NotResource: ['arn:aws:*:?*:*:*', 'arn:aws:iam::*:role/admin'] })))).toEqual([]);
    });

    it('takes IAM grants back for a Deny on every IAM resource of the account, and no more', () => {
      const deny = { Effect: 'Deny', Action: '*', Resource: 'arn:aws:iam::*:*' };
      expect(check('sagemaker-execution-role-admin', withInlinePolicy(inlinePolicy({ Effect: 'Allow', Action: 'iam:*', Resource: '*' }, deny)))).toEqual([]);
      expect(check('sagemaker-execution-role-admin', withInlinePolicy(inlinePolicy({ Effect: 'Allow', NotAction: 'iam:PassRole', Resource: '*' }, deny)))).toEqual([]);
      const everything = check('sagemaker-execution-role-admin', withInlinePolicy(inlinePolicy({ Effect: 'Allow', Action: '*', Resource: '*' }, deny)));
      expect(everything.map((report) => report.data.scope)).toEqual(['every action on every resource']);
    });

    it("reads the role's Denies against its managed policies where no statement of the input may grant an administrator's actions", () => {
      const attachment = terraform('aws_iam_role_policy_attachment', 'admin', { role: refMarker('aws_iam_role.exec', 'name'), policy_arn: 'arn:aws:iam::aws:policy/AdministratorAccess' });
      const managed: ManagedPolicyArn = { principal: role.address, arn: 'arn:aws:iam::aws:policy/AdministratorAccess', via: ['policy_arn'], holder: attachment.address };
      const withManaged = (policy: Resource) =>
        graphOf([role, user, policy, attachment], {
          edges: [uses, { from: policy.address, to: role.address, kind: 'attached-policy', via: ['role'] }],
          policies: [{ resource: policy.address, holder: policy, path: ['policy'], kind: 'identity' }],
          managedPolicyArns: [managed],
        });
      const reading = { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' };
      expect(check('sagemaker-execution-role-admin', withManaged(inlinePolicy(reading))).map((report) => report.messageId)).toEqual(['managed']);
      expect(check('sagemaker-execution-role-admin', withManaged(inlinePolicy(reading, { Effect: 'Deny', Action: '*', Resource: '*' })))).toEqual([]);
    });

    it('stays silent when no SageMaker resource uses the role', () => {
      const attachment: ManagedPolicyArn = { principal: role.address, arn: 'arn:aws:iam::aws:policy/AdministratorAccess', via: ['managed_policy_arns', 0] };
      expect(check('sagemaker-execution-role-admin', graphOf([role, user], { managedPolicyArns: [attachment] }))).toEqual([]);
    });
  });
});

// A Deny whose Action a parameter with AllowedValues or a conditional on a variable without a value chooses is read for
// each value: the grant is reported where one leaves it, saying which, and not where each takes it back. The real plans
// decide the variable and say no value. A parameter written inside the Denied action (Fn::Sub) is read alike.
describe('sagemaker-execution-role-admin: a finding points at the entry that grants the administrator\'s reach', () => {
  /**
   * The text at a finding's location begins with what its message says grants the reach: the Action entry (`"iam:*"`,
   * `- IAM:*`, `\"*\"` inside a plan's policy text), or the element written with that one value on its line
   * (`Action: "*"`); for a NotAction, the element or its first exclusion.
   */
  const startsAtGrant = ({ message, location }: { message: string; location: { file: string; startLine: number; startColumn: number } }): boolean => {
    const at = readFileSync(location.file, 'utf8').split('\n')[location.startLine - 1]!.slice(location.startColumn - 1);
    const action = /is allowed Action "([^"]+)"/.exec(message)?.[1];
    const excluded = /is allowed every action except "([^"]+)"/.exec(message)?.[1];
    const quoted = (text: string) => [text, `"${text}"`, `\\"${text}\\"`];
    if (excluded) return [...quoted(excluded), ...quoted('NotAction'), 'not_actions'].some((form) => at.startsWith(form));
    const entries = quoted(action!);
    return entries.some((form) => at.startsWith(form)) || (quoted('Action').some((form) => at.startsWith(form)) && entries.slice(1).some((form) => at.includes(form)));
  };

  it.each(['tf-entry-lines', 'entry-lines.plan.json', 'inline-iam-star.yaml', 'inline-iam-star.json', 'not-action-near-admin.yaml', 'not-action-near-admin.json', 'tf-not-action-near-admin', 'tf-statements', 'holders-conditions.yaml', 'holders-conditions.json', 'tf-holders-conditions', 'holders-conditions.plan.json'])('%s', async (name) => {
    const result = await scan([join(import.meta.dirname, '..', 'fixtures', 'sagemaker-execution-role-admin', name)]);
    const found = result.findings.filter((finding) => finding.ruleId === 'sagemaker-execution-role-admin');
    expect(found.length).toBeGreaterThan(0);
    for (const finding of found) expect(startsAtGrant(finding), `${finding.location.startLine}:${finding.location.startColumn} ${finding.message}`).toBe(true);
  });
});

describe('sagemaker-execution-role-admin: the message names the resources that run as the role as one or several', () => {
  const yamlTemplate = (notebooks: number) => `Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Service: sagemaker.amazonaws.com
            Action: sts:AssumeRole
            Condition:
              StringEquals:
                aws:SourceAccount: !Ref AWS::AccountId
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/AdministratorAccess
${Array.from({ length: notebooks }, (_, index) => `  Notebook${index}:
    Type: AWS::SageMaker::NotebookInstance
    Properties:
      InstanceType: ml.t3.medium
      RoleArn: !GetAtt Role.Arn
`).join('')}`;
  const jsonTemplate = (notebooks: number) =>
    JSON.stringify({
      Resources: {
        Role: {
          Type: 'AWS::IAM::Role',
          Properties: {
            AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } }] },
            ManagedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'],
          },
        },
        ...Object.fromEntries(Array.from({ length: notebooks }, (_, index) => [`Notebook${index}`, { Type: 'AWS::SageMaker::NotebookInstance', Properties: { InstanceType: 'ml.t3.medium', RoleArn: { 'Fn::GetAtt': ['Role', 'Arn'] } } }])),
      },
    });
  const trust = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"sagemaker.amazonaws.com"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:SourceAccount":"${data.aws_caller_identity.current.account_id}"}}}]}';
  const hcl = (notebooks: number) => `data "aws_caller_identity" "current" {}
resource "aws_iam_role" "r" {
  assume_role_policy  = ${JSON.stringify(trust)}
  managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]
}
${Array.from({ length: notebooks }, (_, index) => `resource "aws_sagemaker_notebook_instance" "n${index}" {
  name          = "n${index}"
  instance_type = "ml.t3.medium"
  role_arn      = aws_iam_role.r.arn
}
`).join('')}`;
  const tfJson = (notebooks: number) =>
    JSON.stringify({
      data: { aws_caller_identity: { current: {} } },
      resource: {
        aws_iam_role: { r: { assume_role_policy: trust, managed_policy_arns: ['arn:aws:iam::aws:policy/AdministratorAccess'] } },
        aws_sagemaker_notebook_instance: Object.fromEntries(Array.from({ length: notebooks }, (_, index) => [`n${index}`, { name: `n${index}`, instance_type: 'ml.t3.medium', role_arn: '${aws_iam_role.r.arn}' }])),
      },
    });
  const findings = async (format: string, notebooks: number) => {
    const result =
      format === 'yaml' ? await scanText(yamlTemplate(notebooks)) : format === 'json' ? await scanText(jsonTemplate(notebooks), 'template.json') : await scanTree(format === 'tf' ? { 'main.tf': hcl(notebooks) } : { 'main.tf.json': tfJson(notebooks) });
    expect(result.errors).toEqual([]);
    return result.findings.filter((finding) => finding.ruleId === 'sagemaker-execution-role-admin');
  };
  it.each(['yaml', 'json', 'tf', 'tf.json'])('%s', async (format) => {
    const [one] = await findings(format, 1);
    const several = await findings(format, 2);
    expect(one?.message).toMatch(/\): code running in that SageMaker resource acts as an administrator$/);
    expect(several.map((finding) => finding.message)).toEqual([expect.stringMatching(/\): code running in those SageMaker resources acts as an administrator$/)]);
    // Which resources use the role is not what the finding is: its fingerprint is one however many do.
    expect(several[0]!.fingerprint).toBe(one!.fingerprint);
  });
});

describe('sagemaker-execution-role-admin: a Deny on a value the deployer chooses', () => {
  const admin = (role: string, users: string, grant: string, when?: string) =>
    `Role ${role}, used by ${users}, ${grant} (every IAM action, enough to grant itself any other permission): code running in that SageMaker resource acts as an administrator${when === undefined ? '' : ` (${when})`}`;
  const gated = (when?: string) => admin('Gated', 'GatedNotebook (AWS::SageMaker::NotebookInstance)', 'is allowed Action "iam:*" on Resource "*" by policy execution of Gated', when);
  const managed = (when?: string) => admin('Managed', 'ManagedNotebook (AWS::SageMaker::NotebookInstance)', 'has the AWS managed policy IAMFullAccess attached', when);
  const gatedTf = (when?: string) => admin('aws_iam_role.exec["gated"]', 'aws_sagemaker_notebook_instance.notebook["gated"] (aws_sagemaker_notebook_instance)', 'is allowed Action "iam:*" on Resource "*" by policy execution of aws_iam_role_policy.gated', when);
  it.each([
    ['parameter-deny-allowed-values.yaml', [[27, gated('only when DeniedService is s3:*')], [52, managed('only when DeniedService is s3:*')]]],
    ['parameter-deny-allowed-values.json', [[39, gated('only when DeniedService is s3:*')], [92, managed('only when DeniedService is s3:*')]]],
    ['parameter-deny-text-allowed-values.yaml', [[28, gated('only when DeniedService is s3')], [54, managed('only when DeniedService is s3')]]],
    ['parameter-deny-text-allowed-values.json', [[39, gated('only when DeniedService is s3')], [99, managed('only when DeniedService is s3')]]],
    ['tf-deny-value-chosen', [[23, gatedTf('only when var.lock_iam is false')]]],
    ['deny-value-chosen-open.plan.json', [[69, gatedTf()]]],
    ['deny-value-chosen-locked.plan.json', []],
  ])('%s', async (name, expected) => {
    const result = await scan([join(import.meta.dirname, '..', 'fixtures', 'sagemaker-execution-role-admin', name)]);
    expect(result.errors).toEqual([]);
    expect(result.findings.filter((finding) => finding.ruleId === 'sagemaker-execution-role-admin').map((finding) => [finding.location.startLine, finding.message])).toEqual(expected);
  });
});

// Denies that each leave some IAM write action may refuse every one together: a Deny whose NotAction leaves iam:PassRole
// (and SageMaker) beside a Deny of iam:PassRole under Null iam:PassedToService "false", which every iam:PassRole request
// meets, in one policy or in two (Locked, LockedApart: silent), as the identity rules ask each escalation request of
// the Denies together; beside an Allow of everything they leave SageMaker alone (Everything: silent). A second Deny that
// leaves passing roles to SageMaker leaves the grant, and so does one refusing passing roles to the service the
// deployer chooses when that is SageMaker alone and not "*", or one that reaches the role through an attachment that
// may not be created. One on a value not known (Fn::ImportValue) is an open answer.
describe('sagemaker-execution-role-admin: Denies that take every IAM write action away together', () => {
  const admin = (role: string, user: string, grant: string, policy: string, scope: string, when?: string) =>
    `Role ${role}, used by ${user}, is allowed Action "${grant}" on Resource "*" by policy execution of ${policy} (${scope}): code running in that SageMaker resource acts as an administrator${when === undefined ? '' : ` (${when})`}`;
  const iam = 'every IAM action, enough to grant itself any other permission';
  const everything = 'every action on every resource';
  const template = (role: string, when?: string) => admin(role, `${role}Notebook (AWS::SageMaker::NotebookInstance)`, 'iam:*', role, iam, when);
  const templateEverything = admin('EverythingToSageMaker', 'EverythingToSageMakerNotebook (AWS::SageMaker::NotebookInstance)', '*', 'EverythingToSageMaker', everything);
  const terraform = (key: string, when?: string) => admin(`aws_iam_role.exec["${key}"]`, `aws_sagemaker_notebook_instance.notebook["${key}"] (aws_sagemaker_notebook_instance)`, 'iam:*', `aws_iam_role_policy.${key}`, iam, when);
  const terraformEverything = admin('aws_iam_role.exec["everything_to_sagemaker"]', 'aws_sagemaker_notebook_instance.notebook["everything_to_sagemaker"] (aws_sagemaker_notebook_instance)', '*', 'aws_iam_role_policy.everything_to_sagemaker', everything);
  const maybeLocked = 'only when aws_iam_role_policy_attachment.maybe_locked is not created (its count is not known)';
  it.each([
    ['denies-together.yaml', [[100, template('PassToSageMaker')], [130, template('Chosen', 'only when DeniedPassedService is sagemaker.amazonaws.com')], [250, templateEverything]]],
    ['denies-together.json', [[166, template('PassToSageMaker')], [223, template('Chosen', 'only when DeniedPassedService is sagemaker.amazonaws.com')], [470, templateEverything]]],
    ['tf-denies-together', [[16, terraform('chosen', 'only when var.every_service is false')], [16, terraform('maybe_locked', maybeLocked)], [16, terraform('to_sagemaker')], [110, terraformEverything]]],
    ['denies-together.plan.json', [[207, terraform('chosen')], [235, terraformEverything], [291, terraform('maybe_locked')], [305, terraform('to_sagemaker')]]],
    ['denies-together-locked.plan.json', []],
  ])('%s', async (name, expected) => {
    const result = await scan([join(import.meta.dirname, '..', 'fixtures', 'sagemaker-execution-role-admin', name)]);
    expect(result.errors).toEqual([]);
    const found = result.findings.filter((finding) => finding.ruleId === 'sagemaker-execution-role-admin').map((finding) => [finding.location.startLine, finding.message]);
    expect(found.sort(([a, x], [b, y]) => Number(a) - Number(b) || String(x).localeCompare(String(y)))).toEqual(expected);
  });
});

// A role's requests carry no aws:username, and the Denies are asked them together as the role makes them: a Deny of
// every action but iam:PassRole under Null aws:username "true" beside a Deny of iam:PassRole under
// StringNotEqualsIfExists aws:username admin refuse every IAM write request of the role (Lacking: silent); beside one
// under StringLike aws:username "*", which no request of the role meets, iam:PassRole is left (Carrying: fires).
describe('sagemaker-execution-role-admin: Denies together on aws:username, asked as the role requests', () => {
  const admin = (role: string, user: string, policy: string) =>
    `Role ${role}, used by ${user}, is allowed Action "iam:*" on Resource "*" by policy execution of ${policy} (every IAM action, enough to grant itself any other permission): code running in that SageMaker resource acts as an administrator`;
  const template = admin('Carrying', 'CarryingNotebook (AWS::SageMaker::NotebookInstance)', 'Carrying');
  const terraform = admin('aws_iam_role.exec["carrying"]', 'aws_sagemaker_notebook_instance.notebook["carrying"] (aws_sagemaker_notebook_instance)', 'aws_iam_role_policy.execution["carrying"]');
  it.each([
    ['username-denies-together.yaml', [[60, template]]],
    ['username-denies-together.json', [[92, template]]],
    ['tf-username-denies-together', [[29, terraform]]],
    ['username-denies-together.plan.json', [[65, terraform]]],
  ])('%s', async (name, expected) => {
    const result = await scan([join(import.meta.dirname, '..', 'fixtures', 'sagemaker-execution-role-admin', name)]);
    expect(result.errors).toEqual([]);
    expect(result.findings.filter((finding) => finding.ruleId === 'sagemaker-execution-role-admin').map((finding) => [finding.location.startLine, finding.message])).toEqual(expected);
  });
});

// A Deny on any other value deputy cannot resolve (Fn::ImportValue, a parameter without AllowedValues, a variable without
// a value, a value known after apply, a policy known only as a whole after apply, or past the 16 cases it reads) is an
// open answer where some value of it takes the grant back, as the identity rules read it: no finding (the deny-not-known
// fixtures, all silent). Where no value of it does (an Action of another service, a Resource of one bucket, a condition
// on aws:SourceVpce, which a request through no endpoint lacks), the grant is reported as without it.
// An Allow of everything under ArnLike aws:PrincipalArn of role worker is read with each role's own ARN: role worker,
// whose requests carry it, acts as an administrator; role other, whose requests carry its own, is granted nothing. The
// message says the condition is there, and that the role's own requests meet it.
describe('sagemaker-execution-role-admin: an Allow under a condition on the role\'s own ARN', () => {
  const admin = (role: string, user: string, policy: string) =>
    `Role ${role}, used by ${user}, is allowed Action "*" on Resource "*" by policy own-arn of ${policy} under conditions that the role's own requests meet (aws:PrincipalArn) (every action on every resource): code running in that SageMaker resource acts as an administrator`;
  const template = admin('Worker', 'WorkerNotebook (AWS::SageMaker::NotebookInstance)', 'Worker');
  const terraform = admin('aws_iam_role.execution["worker"]', 'aws_sagemaker_notebook_instance.notebook["worker"] (aws_sagemaker_notebook_instance)', 'aws_iam_role_policy.own_arn["worker"]');
  it.each([
    ['role-own-arn.yaml', [[24, template]]],
    ['role-own-arn.json', [[29, template]]],
    ['tf-role-own-arn', [[24, terraform]]],
    ['role-own-arn.plan.json', [[80, terraform]]],
  ])('%s', async (name, expected) => {
    const result = await scan([join(import.meta.dirname, '..', 'fixtures', 'sagemaker-execution-role-admin', name)]);
    expect(result.errors).toEqual([]);
    expect(result.findings.filter((finding) => finding.ruleId === 'sagemaker-execution-role-admin').map((finding) => [finding.location.startLine, finding.message])).toEqual(expected);
  });

  // A template does not tell its partition: `arn:aws:` may not be the role's, and no finding rests on that.
  it('grants nothing a finding rests on in a partition not told', async () => {
    const text = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'sagemaker-execution-role-admin', 'role-own-arn.yaml'), 'utf8');
    const literal = text.replaceAll('!Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:role/worker', '"arn:aws:iam::*:role/worker"');
    expect(literal).not.toEqual(text);
    const result = await scanText(literal);
    expect(result.findings.filter((finding) => finding.ruleId === 'sagemaker-execution-role-admin')).toEqual([]);
  });
});

// The message says why the statement's conditions do not limit the grant: every request meets them, or the role's own
// requests do, by its ARN, tags or account (the keys named), on any resource or on those of its account
// (aws:ResourceAccount). A statement with none says nothing of conditions (the other tables pin those).
describe('sagemaker-execution-role-admin: the message says which conditions hold', () => {
  const allowed = (role: string, user: string, policy: string, conditions: string, scope = 'every action on every resource', administrator = 'an administrator') =>
    `Role ${role}, used by ${user}, is allowed Action "*" on Resource "*" by ${policy} ${conditions} (${scope}): code running in that SageMaker resource acts as ${administrator}`;
  const onOwnResources = (role: string, user: string, policy: string) =>
    allowed(role, user, policy, "under conditions that the role's own requests on a resource of its account meet (aws:PrincipalArn, aws:ResourceAccount)", 'every action on every resource of its account', 'an administrator of that account');
  const tagged = (role: string, user: string, policy: string) => allowed(role, user, policy, "under conditions that the role's own requests meet (aws:PrincipalTag/team)");
  const templateWorker = onOwnResources('Worker', 'WorkerNotebook (AWS::SageMaker::NotebookInstance)', 'policy own-resources of Worker');
  const templateTagged = tagged('Tagged', 'TaggedNotebook (AWS::SageMaker::NotebookInstance)', 'policy ml-team of Tagged');
  const configuredWorker = onOwnResources('aws_iam_role.execution["worker"]', 'aws_sagemaker_notebook_instance.notebook["worker"] (aws_sagemaker_notebook_instance)', 'policy own-resources of aws_iam_role_policy.own_resources["worker"]');
  const configuredTagged = tagged('aws_iam_role.tagged', 'aws_sagemaker_notebook_instance.tagged (aws_sagemaker_notebook_instance)', 'policy ml-team of aws_iam_role_policy.ml_team');
  const ownAccount = (role: string, user: string, policy: string) => allowed(role, user, policy, "under conditions that the role's own requests meet (aws:PrincipalAccount)");
  const templateOwnAccount = ownAccount('NotebookRole', 'Notebook (AWS::SageMaker::NotebookInstance)', 'policy own-account of NotebookRole');
  const configuredNotebook = ['aws_iam_role.notebook', 'aws_sagemaker_notebook_instance.notebook (aws_sagemaker_notebook_instance)'] as const;
  const anyRegion = (role: string, user: string) => allowed(role, user, `policy any-region of ${role}`, 'under conditions every request meets');
  const templateAnyRegion = anyRegion('NotebookRole', 'Notebook (AWS::SageMaker::NotebookInstance)');
  it.each<[string, Array<[number, string]>]>([
    ['holders-conditions.yaml', [[27, templateWorker], [54, templateTagged]]],
    ['holders-conditions.json', [[29, templateWorker], [80, templateTagged]]],
    ['tf-holders-conditions', [[31, configuredWorker], [54, configuredTagged]]],
    ['holders-conditions.plan.json', [[93, configuredTagged], [123, configuredWorker]]],
    ['principal-account.yaml', [[25, templateOwnAccount]]],
    ['principal-account.json', [[35, templateOwnAccount]]],
    ['tf-principal-account', [[30, ownAccount(...configuredNotebook, 'policy own-account of aws_iam_role.notebook')]]],
    ['principal-account.plan.json', [[52, ownAccount(...configuredNotebook, 'policy any-region of aws_iam_role.notebook')]]],
    ['vacuous-condition.yaml', [[25, templateAnyRegion]]],
    ['vacuous-condition.json', [[33, templateAnyRegion]]],
    ['tf-vacuous-condition', [[27, anyRegion(...configuredNotebook)]]],
    ['vacuous-condition.plan.json', [[52, anyRegion(...configuredNotebook)]]],
  ])('%s', async (name, expected) => {
    const result = await scan([join(import.meta.dirname, '..', 'fixtures', 'sagemaker-execution-role-admin', name)]);
    expect(result.errors).toEqual([]);
    expect(result.findings.filter((finding) => finding.ruleId === 'sagemaker-execution-role-admin').map((finding) => [finding.location.startLine, finding.message])).toEqual(expected);
  });

  it('says the grant on the own account\'s resources holds for every request there where no other condition reads the role', async () => {
    const result = await scan([join(import.meta.dirname, '..', 'fixtures', 'sagemaker-execution-role-admin', 'resource-account-allow.yaml')]);
    const ownResources = result.findings.filter((finding) => finding.ruleId === 'sagemaker-execution-role-admin' && finding.location.startLine === 32).map((finding) => finding.message);
    expect(ownResources).toEqual([
      allowed('AllowedOwnRole', 'AllowedOwnNotebook (AWS::SageMaker::NotebookInstance)', 'policy execution of AllowedOwnRole', 'under conditions that hold for every request on a resource of its own account, aws:ResourceAccount', 'every action on every resource of its account', 'an administrator of that account'),
    ]);
  });
});

describe('sagemaker-execution-role-admin: a Deny on a value not known', () => {
  const inline = (role: string, user: string, policy: string) =>
    `Role ${role}, used by ${user}, is allowed Action "iam:*" on Resource "*" by ${policy} (every IAM action, enough to grant itself any other permission): code running in that SageMaker resource acts as an administrator`;
  const managed = (role: string, user: string) => `Role ${role}, used by ${user}, has the AWS managed policy IAMFullAccess attached (every IAM action, enough to grant itself any other permission): code running in that SageMaker resource acts as an administrator`;
  const inTemplate = (role: string) => inline(role, `${role}Notebook (AWS::SageMaker::NotebookInstance)`, `policy execution of ${role}`);
  const template = [inTemplate('OtherService'), inTemplate('EndpointOnly'), inTemplate('BucketOnly'), managed('ManagedBucketOnly', 'ManagedBucketOnlyNotebook (AWS::SageMaker::NotebookInstance)')];
  const inTerraform = (role: string, policy: string) => inline(`aws_iam_role.exec["${role}"]`, `aws_sagemaker_notebook_instance.notebook["${role}"] (aws_sagemaker_notebook_instance)`, policy);
  it.each([
    ['deny-not-known-cannot-refuse.yaml', [27, 56, 85, 106], template],
    ['deny-not-known-cannot-refuse.json', [40, 100, 160, 208], template],
    [
      'tf-deny-not-known-cannot-refuse',
      [42, 42, 42, 48],
      [
        ...['bucket_only', 'endpoint_only', 'other_service'].map((role) => inTerraform(role, `policy execution of aws_iam_role_policy.execution["${role}"]`)),
        managed('aws_iam_role.exec["managed_bucket_only"]', 'aws_sagemaker_notebook_instance.notebook["managed_bucket_only"] (aws_sagemaker_notebook_instance)'),
      ],
    ],
    ['deny-not-known-cannot-refuse.plan.json', [65, 80], ['endpoint_only', 'other_service'].map((role) => inTerraform(role, `policy admin of aws_iam_role_policy.admin["${role}"]`))],
  ])('%s: a Deny that no value of it makes take the grant back leaves the finding', async (name, lines, messages) => {
    const result = await scan([join(import.meta.dirname, '..', 'fixtures', 'sagemaker-execution-role-admin', name)]);
    expect(result.errors).toEqual([]);
    const found = result.findings.filter((finding) => finding.ruleId === 'sagemaker-execution-role-admin').map((finding) => [finding.location.startLine, finding.message, finding.branch]);
    expect(found).toEqual(messages.map((message, index) => [lines[index], message, undefined]));
  });

  // Within 16 combinations of the values the role's Denies read, each is read and the finding says which leaves the
  // grant; past them, the Deny whose Action may be iam:* is an open answer.
  it('reads a Deny on a parameter with AllowedValues per value up to 16 cases, and as an open answer past them', async () => {
    const buckets = (count: number) => ['A', 'B', 'C', 'D'].slice(0, count);
    const text = (count: number) => `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  DeniedService:
    Type: String
    AllowedValues: ["iam:*", "s3:*"]
${buckets(count)
  .map((bucket) => `  Bucket${bucket}:\n    Type: String\n    AllowedValues: ["arn:aws:s3:::${bucket.toLowerCase()}-one", "arn:aws:s3:::${bucket.toLowerCase()}-two"]\n`)
  .join('')}Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: sagemaker.amazonaws.com}, Action: sts:AssumeRole}]}
      Policies:
        - PolicyName: execution
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - {Effect: Allow, Action: "iam:*", Resource: "*"}
              - {Effect: Deny, Action: !Ref DeniedService, Resource: "*"}
${buckets(count)
  .map((bucket) => `              - {Effect: Deny, Action: s3:DeleteBucket, Resource: !Ref Bucket${bucket}}\n`)
  .join('')}  Notebook:
    Type: AWS::SageMaker::NotebookInstance
    Properties:
      InstanceType: ml.t3.medium
      RoleArn: !GetAtt Role.Arn
`;
    const reported = async (count: number) => (await scanText(text(count))).findings.filter((finding) => finding.ruleId === 'sagemaker-execution-role-admin').map((finding) => finding.message);
    expect(await reported(3)).toEqual([`${inline('Role', 'Notebook (AWS::SageMaker::NotebookInstance)', 'policy execution of Role')} (only when DeniedService is s3:*)`]);
    expect(await reported(4)).toEqual([]);
  });
});

// An execution role's requests are a role session's, which carry no aws:username (IAM User Guide, AWS global condition
// context keys: aws:username): a condition on its absence holds for every one of them, one on its presence for none.
describe('sagemaker-execution-role-admin: aws:username in the role\'s requests', () => {
  /** An execution role of a notebook, allowed every action (under `allowed`), with a Deny of every action under `denied`. */
  const template = (allowed: string | undefined, denied: string | undefined) => `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: sagemaker.amazonaws.com}, Action: sts:AssumeRole}]}
      Policies:
        - PolicyName: execution
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - {Effect: Allow, Action: "*", Resource: "*"${allowed === undefined ? '' : `, Condition: ${allowed}`}}
${denied === undefined ? '' : `              - {Effect: Deny, Action: "*", Resource: "*", Condition: ${denied}}\n`}  Notebook:
    Type: AWS::SageMaker::NotebookInstance
    Properties:
      InstanceType: ml.t3.medium
      RoleArn: !GetAtt Role.Arn
`;
  const lines = async (allowed: string | undefined, denied: string | undefined) => linesOf(await scanText(template(allowed, denied)), 'sagemaker-execution-role-admin');
  const LACKING = '{"Null": {aws:username: "true"}}';
  const CARRYING = '{"Null": {aws:username: "false"}}';

  it('reads a Deny on requests without aws:username as refusing every request of the role, one on requests with it as refusing none', async () => {
    expect(await lines(undefined, LACKING)).toEqual([]);
    expect(await lines(undefined, CARRYING)).toEqual([12]);
    expect(await lines(undefined, '{StringNotLike: {aws:username: "*"}}')).toEqual([]);
    expect(await lines(undefined, '{StringEqualsIfExists: {aws:username: bob}}')).toEqual([]);
    expect(await lines(undefined, '{StringEquals: {aws:username: bob}}')).toEqual([12]);
  });

  it('reads an Allow on requests without aws:username as granting every request of the role, one on requests with it as granting none', async () => {
    expect(await lines(LACKING, undefined)).toEqual([12]);
    expect(await lines(CARRYING, undefined)).toEqual([]);
    expect(await lines('{StringEquals: {aws:username: bob}}', undefined)).toEqual([]);
  });
});

describe('sagemaker-execution-role-admin: module calls made with count and for_each, read by instance and key', () => {
  const fixtures = join(import.meta.dirname, '..', 'fixtures', 'sagemaker-execution-role-admin');
  /** Each administrator role found, with the resources that run as it and the lines (in the scanned folder) where they name it. */
  const usersOf = async (name: string) => {
    const result = await scan([join(fixtures, name)]);
    expect(result.errors).toEqual([]);
    const found = result.findings.filter((finding) => finding.ruleId === 'sagemaker-execution-role-admin');
    return Object.fromEntries(found.map((finding) => [finding.resource.address, finding.related.map(({ resource, location }) => `${resource} ${relative(join(fixtures, name), location.file)}:${location.startLine}`).sort()]));
  };
  const admins = (root: string, lines: Record<string, number>) => ({
    'module.counted[2].aws_iam_role.r["train-2"]': [`aws_sagemaker_notebook_instance.instance_and_key ${root}:${lines.instanceAndKey}`],
    'module.keyed["a"].aws_iam_role.this': [`aws_sagemaker_notebook_instance.instance_output ${root}:${lines.instanceOutput}`, 'module.listed_first.aws_sagemaker_notebook_instance.this modules/nb/main.tf:8'],
    'module.teams["x"].aws_iam_role.r["train"]': [`aws_sagemaker_notebook_instance.own_key_entry["train"] ${root}:${lines.ownKeyEntry}`],
    'module.teams["y"].aws_iam_role.r["train"]': ['module.notebook.aws_sagemaker_notebook_instance.this modules/nb/main.tf:8'],
    'module.counted[0].aws_iam_role.r["train-0"]': [`aws_sagemaker_notebook_instance.own_index[0] ${root}:${lines.ownIndex}`],
    'module.counted[1].aws_iam_role.r["train-1"]': [`aws_sagemaker_notebook_instance.own_index[1] ${root}:${lines.ownIndex}`],
    'module.keyed["c"].aws_iam_role.this': [`aws_sagemaker_notebook_instance.listed[0] ${root}:${lines.listed}`],
    'module.keyed["d"].aws_iam_role.this': [`aws_sagemaker_notebook_instance.listed_inline[0] ${root}:${lines.listedInline}`],
    'module.keyed["e"].aws_iam_role.this': [`aws_sagemaker_notebook_instance.listed_last ${root}:${lines.listedLast}`],
    'aws_iam_role.team["alpha"]': [`aws_sagemaker_notebook_instance.team[0] ${root}:${lines.team}`],
  });
  const hcl = admins('main.tf', { instanceAndKey: 41, instanceOutput: 47, ownKeyEntry: 54, ownIndex: 66, listed: 74, listedInline: 81, listedLast: 87, team: 114 });
  const json = admins('main.tf.json', { instanceAndKey: 94, instanceOutput: 99, ownKeyEntry: 105, ownIndex: 111, listed: 117, listedInline: 123, listedLast: 128, team: 134 });

  it.each([
    ['tf-module-instance-reads', hcl],
    ['tf-plan-module-instance-reads', hcl],
    ['tf-module-instance-reads-json', json],
    ['tf-plan-module-instance-reads-json', json],
  ])('%s: each read reaches the role of the instance and key it names, at the line that reads it; the spare roles none', async (name, expected) => {
    expect(await usersOf(name)).toEqual(expected);
  });

  it('a plan alone links only the output that names one role (module.keyed["a"].arn): which instance a key picks, only the .tf tells', async () => {
    expect(await usersOf('module-instance-reads.plan.json')).toEqual({ 'module.keyed["a"].aws_iam_role.this': ['aws_sagemaker_notebook_instance.instance_output :1'] });
  });
});

describe('CloudFormation semantics beyond the fixtures', () => {
  const template = (properties: string, parameters = '') => `AWSTemplateFormatVersion: "2010-09-09"
${parameters}Resources:
  Notebook:
    Type: AWS::SageMaker::NotebookInstance
    Properties:
      InstanceType: ml.t3.medium
      RoleArn: arn:aws:iam::111122223333:role/notebook
${properties
  .split('\n')
  .map((line) => `      ${line}`)
  .join('\n')}
`;

  it('treats a value supplied on the command line like the template does', async () => {
    const parameters = 'Parameters:\n  Access:\n    Type: String\n';
    const enabled = await scanText(template('DirectInternetAccess: !Ref Access', parameters), 'template.yaml', { Access: 'Enabled' });
    expect(linesOf(enabled, 'sagemaker-notebook-direct-internet')).toEqual([11]);
    const disabled = await scanText(template('DirectInternetAccess: !Ref Access', parameters), 'template.yaml', { Access: 'Disabled' });
    expect(linesOf(disabled, 'sagemaker-notebook-direct-internet')).toEqual([]);
    const unsupplied = await scanText(template('DirectInternetAccess: !Ref Access', parameters));
    expect(linesOf(unsupplied, 'sagemaker-notebook-direct-internet')).toEqual([]);
  });

  it('does not take a property left out as unset where a macro or a loop not expanded writes the properties', async () => {
    const parameters = 'Transform: AWS::LanguageExtensions\nParameters:\n  Settings:\n    Type: CommaDelimitedList\n';
    const loop = 'Fn::ForEach::Access:\n  - Setting\n  - !Ref Settings\n  - ${Setting}: Disabled';
    const unknown = await scanText(template(loop, parameters));
    expect(linesOf(unknown, 'sagemaker-notebook-direct-internet')).toEqual([]);
    expect(unknown.notices.map(({ message }) => message)).toEqual([expect.stringMatching(/^Fn::ForEach::Access is not expanded: its collection, parameter Settings, has no value/)]);
    const known = await scanText(template(loop, parameters), 'template.yaml', { Settings: 'RootAccess' });
    expect(linesOf(known, 'sagemaker-notebook-direct-internet')).toEqual([9]);
    const macro = await scanText(template('Fn::Transform:\n  Name: NotebookDefaults'));
    expect(linesOf(macro, 'sagemaker-notebook-direct-internet')).toEqual([]);
  });

  it('does not take a value built from an unknown piece as unset or as safe', async () => {
    const result = await scanText(template('RootAccess: !Sub "${AWS::StackName}"\nKmsKeyId: !Sub "${AWS::StackName}-key"'));
    expect(linesOf(result, 'sagemaker-notebook-root-access')).toEqual([]);
    expect(linesOf(result, 'sagemaker-notebook-no-kms')).toEqual([]);
  });

  it('reads YAML 1.1 booleans (yes/no) for EnableNetworkIsolation as CloudFormation does', async () => {
    const model = (value: string) => `Resources:
  Model:
    Type: AWS::SageMaker::Model
    Properties:
      ExecutionRoleArn: arn:aws:iam::111122223333:role/model
      EnableNetworkIsolation: ${value}
`;
    expect(linesOf(await scanText(model('yes')), 'sagemaker-model-no-network-isolation')).toEqual([]);
    expect(linesOf(await scanText(model('no')), 'sagemaker-model-no-network-isolation')).toEqual([6]);
  });

  it('names the branch and the using resources in messages', async () => {
    const result = await scanText(
      template('DirectInternetAccess: !If [Open, Enabled, Disabled]', 'Parameters:\n  Mode:\n    Type: String\nConditions:\n  Open: !Equals [!Ref Mode, open]\n'),
    );
    const finding = result.findings.find((item) => item.ruleId === 'sagemaker-notebook-direct-internet');
    expect(finding?.message).toBe('Notebook instance Notebook sets DirectInternetAccess to "Enabled": the notebook has direct internet access outside your VPC (only when condition Open is true)');
  });

  /** A template whose role SageMaker may assume, with the managed policy attached (more resources follow it). */
  const adminRole = (policyArn: string): string => `Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: sagemaker.amazonaws.com }
            Action: sts:AssumeRole
      ManagedPolicyArns:
        - ${policyArn}`;

  it('reports each administrator grant of a role shared by several SageMaker resources once, relating every user', async () => {
    const result = await scanText(`${adminRole('arn:aws-cn:iam::aws:policy/AdministratorAccess')}
  Model:
    Type: AWS::SageMaker::Model
    Properties:
      ExecutionRoleArn: !GetAtt Role.Arn
  Notebook:
    Type: AWS::SageMaker::NotebookInstance
    Properties:
      InstanceType: ml.t3.medium
      RoleArn: !GetAtt Role.Arn
`);
    const findings = result.findings.filter((item) => item.ruleId === 'sagemaker-execution-role-admin');
    expect(findings.map((item) => item.location.startLine)).toEqual([11]);
    expect(findings[0]?.message).toContain('used by Model (AWS::SageMaker::Model), Notebook (AWS::SageMaker::NotebookInstance)');
    expect(findings[0]?.related.map((related) => related.location.startLine)).toEqual([15, 20]);
  });

  it('names twenty of the resources that use an administrator role and counts the rest, relating every one', async () => {
    const models = Array.from({ length: 22 }, (_, index) => `M${String(index).padStart(2, '0')}`);
    const result = await scanText(`${adminRole('arn:aws:iam::aws:policy/AdministratorAccess')}
${models.map((model) => `  ${model}:\n    Type: AWS::SageMaker::Model\n    Properties:\n      ExecutionRoleArn: !GetAtt Role.Arn`).join('\n')}
`);
    const [finding] = result.findings.filter((item) => item.ruleId === 'sagemaker-execution-role-admin');
    expect(finding?.message).toContain(`used by ${models.slice(0, 20).map((model) => `${model} (AWS::SageMaker::Model)`).join(', ')} and 2 more, has`);
    expect(finding?.related).toHaveLength(22);
  });
});

describe('Terraform HCL end to end', () => {
  it('points at the attribute line when a property is set, and at the block header when it is unset', async () => {
    const result = await scanText(
      `resource "aws_sagemaker_notebook_instance" "open" {
  name          = "open"
  instance_type = "ml.t3.medium"
  role_arn      = "arn:aws:iam::111122223333:role/nb"
  root_access   = "Enabled"
}

resource "aws_sagemaker_domain" "studio" {
  domain_name = "studio"
  auth_mode   = "IAM"
  vpc_id      = "vpc-0a1b2c3d"
  subnet_ids  = ["subnet-0a1b2c3d"]

  default_user_settings {
    execution_role = "arn:aws:iam::111122223333:role/studio"
  }
}
`,
      'main.tf',
    );
    expect(result.errors).toEqual([]);
    expect(linesOf(result, 'sagemaker-notebook-root-access')).toEqual([5]);
    expect(linesOf(result, 'sagemaker-notebook-direct-internet')).toEqual([1]);
    expect(linesOf(result, 'sagemaker-domain-public-internet')).toEqual([8]);
  });

  it("reads the caller identity's account in a Resource as the role's own only where no configuration beside it deploys to another account", async () => {
    const config = (providers: string) => ({
      'main.tf': `${providers}
data "aws_caller_identity" "current" {}

resource "aws_iam_role" "exec" {
  name               = "exec"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}

resource "aws_iam_role_policy" "exec" {
  role = aws_iam_role.exec.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [
    { Effect = "Allow", Action = "iam:*", Resource = "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:*" },
    { Effect = "Allow", Action = "iam:*", Resource = "arn:aws:iam::*:*" },
  ] })
}

resource "aws_sagemaker_notebook_instance" "nb" {
  name          = "nb"
  instance_type = "ml.t3.medium"
  role_arn      = aws_iam_role.exec.arn
}
`,
    });
    const lines = async (providers: string) => linesOf(await scanTree(config(providers)), 'sagemaker-execution-role-admin');
    const own = 'provider "aws" {\n  region = "us-east-1"\n}\n';
    expect(await lines(own)).toEqual([15, 16]);
    const audit = 'provider "aws" {\n  alias  = "audit"\n  region = "us-east-1"\n  assume_role {\n    role_arn = "arn:aws:iam::111111111111:role/deployer"\n  }\n}\n';
    const auditQueue = 'resource "aws_sqs_queue" "audit" {\n  provider = aws.audit\n}\n';
    expect(await lines(own + audit + auditQueue)).toEqual([16 + 10]);
    // Terraform never configures one nothing uses: it deploys nowhere.
    expect(await lines(own + audit)).toEqual([15 + 7, 16 + 7]);
  });

  it('reports AdministratorAccess on the attachment that grants it, and IAMFullAccess built from the owner partition', async () => {
    const result = await scanText(
      `data "aws_partition" "current" {}

resource "aws_iam_role" "exec" {
  name                = "exec"
  assume_role_policy  = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole" }] })
  managed_policy_arns = ["arn:\${data.aws_partition.current.partition}:iam::aws:policy/IAMFullAccess"]
}

resource "aws_iam_role_policy_attachment" "admin" {
  role       = aws_iam_role.exec.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

resource "aws_sagemaker_model" "m" {
  name                     = "m"
  execution_role_arn       = aws_iam_role.exec.arn
  enable_network_isolation = true
}
`,
      'main.tf',
    );
    const findings = result.findings.filter((finding) => finding.ruleId === 'sagemaker-execution-role-admin');
    expect(findings.map((finding) => finding.location.startLine).sort((a, b) => a - b)).toEqual([6, 11]);
    expect(findings.map((finding) => finding.related.map((related) => related.location.startLine))).toEqual([[16], [16]]);
  });

  it('names resources of module instances by their full address', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'deputy-test-'));
    try {
      mkdirSync(join(directory, 'modules', 'nb'), { recursive: true });
      writeFileSync(join(directory, 'main.tf'), 'module "a" {\n  source = "./modules/nb"\n}\n\nmodule "b" {\n  source = "./modules/nb"\n}\n');
      writeFileSync(join(directory, 'modules', 'nb', 'main.tf'), 'resource "aws_sagemaker_notebook_instance" "this" {\n  name          = "nb"\n  instance_type = "ml.t3.medium"\n  role_arn      = "arn:aws:iam::111122223333:role/nb"\n}\n');
      const result = await scan([directory]);
      const messages = result.findings.filter((finding) => finding.ruleId === 'sagemaker-notebook-no-vpc').map((finding) => finding.message);
      expect(messages.sort()).toEqual([
        'Notebook instance module.a.aws_sagemaker_notebook_instance.this has no subnet_id: it runs outside your VPC, where your security groups, endpoint policies and flow logs do not apply',
        'Notebook instance module.b.aws_sagemaker_notebook_instance.this has no subnet_id: it runs outside your VPC, where your security groups, endpoint policies and flow logs do not apply',
      ]);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it("reads in a plan an attribute the configuration leaves out as unset, not as the provider's default the plan holds, beside the .tf files or not", async () => {
    const tf = `resource "aws_sagemaker_notebook_instance" "defaulted" {
  name          = "defaulted"
  instance_type = "ml.t3.medium"
  role_arn      = "arn:aws:iam::111122223333:role/nb"
}

resource "aws_sagemaker_notebook_instance" "explicit" {
  name                   = "explicit"
  instance_type          = "ml.t3.medium"
  role_arn               = "arn:aws:iam::111122223333:role/nb"
  direct_internet_access = "Enabled"
  root_access            = "Enabled"
}

resource "aws_sagemaker_domain" "studio" {
  domain_name = "studio"
  auth_mode   = "IAM"
  vpc_id      = "vpc-0a1b2c3d"
  subnet_ids  = ["subnet-0a1b2c3d"]

  default_user_settings {
    execution_role = "arn:aws:iam::111122223333:role/studio"
  }
}
`;
    const constants = (values: Record<string, Value>) => Object.fromEntries(Object.entries(values).map(([key, value]) => [key, { constant_value: value }]));
    const notebookValues = { instance_type: 'ml.t3.medium', role_arn: 'arn:aws:iam::111122223333:role/nb' };
    const domainValues = { domain_name: 'studio', auth_mode: 'IAM', vpc_id: 'vpc-0a1b2c3d', subnet_ids: ['subnet-0a1b2c3d'] };
    // What the configuration writes, and what the plan holds: the provider's defaults for what it leaves out.
    const resources = [
      { type: 'aws_sagemaker_notebook_instance', name: 'defaulted', written: { name: 'defaulted', ...notebookValues }, defaults: { direct_internet_access: 'Enabled', root_access: 'Enabled' } },
      { type: 'aws_sagemaker_notebook_instance', name: 'explicit', written: { name: 'explicit', ...notebookValues, direct_internet_access: 'Enabled', root_access: 'Enabled' }, defaults: {} },
      { type: 'aws_sagemaker_domain', name: 'studio', written: domainValues, defaults: { app_network_access_type: 'PublicInternetOnly' } },
    ];
    const heads = resources.map(({ type, name }) => ({ address: `${type}.${name}`, mode: 'managed', type, name, provider_name: 'registry.terraform.io/hashicorp/aws' }));
    const values = resources.map(({ written, defaults }) => ({ ...written, ...defaults }));
    const planJson = JSON.stringify({
      format_version: '1.2',
      planned_values: { root_module: { resources: heads.map((head, index) => ({ ...head, schema_version: 0, values: values[index], sensitive_values: {} })) } },
      resource_changes: heads.map((head, index) => ({ ...head, change: { actions: ['create'], before: null, after: values[index], after_unknown: {}, before_sensitive: false, after_sensitive: {} } })),
      configuration: { root_module: { resources: heads.map((head, index) => ({ address: head.address, mode: 'managed', type: head.type, name: head.name, provider_config_key: 'aws', expressions: constants(resources[index]!.written) })) } },
    }, null, 2);
    const directory = mkdtempSync(join(tmpdir(), 'deputy-test-'));
    const readings = async (path: string) => {
      const result = await scan([path]);
      expect(result.errors).toEqual([]);
      return result.findings
        .filter((finding) => ['sagemaker-notebook-direct-internet', 'sagemaker-notebook-root-access', 'sagemaker-domain-public-internet'].includes(finding.ruleId))
        .map((finding) => `${finding.ruleId} ${/^\w+(?: instance)? (\S+) (does not set|sets)/.exec(finding.message)?.slice(1).join(' ')}`)
        .sort();
    };
    try {
      mkdirSync(join(directory, 'planned'));
      mkdirSync(join(directory, 'plan-alone'));
      writeFileSync(join(directory, 'planned', 'main.tf'), tf);
      writeFileSync(join(directory, 'planned', 'plan.json'), planJson);
      writeFileSync(join(directory, 'plan-alone', 'plan.json'), planJson);
      const expected = [
        'sagemaker-domain-public-internet aws_sagemaker_domain.studio does not set',
        'sagemaker-notebook-direct-internet aws_sagemaker_notebook_instance.defaulted does not set',
        'sagemaker-notebook-direct-internet aws_sagemaker_notebook_instance.explicit sets',
        'sagemaker-notebook-root-access aws_sagemaker_notebook_instance.defaulted does not set',
        'sagemaker-notebook-root-access aws_sagemaker_notebook_instance.explicit sets',
      ];
      expect(await readings(join(directory, 'planned', 'main.tf'))).toEqual(expected);
      expect(await readings(join(directory, 'planned', 'plan.json'))).toEqual(expected);
      expect(await readings(join(directory, 'plan-alone', 'plan.json'))).toEqual(expected);
      // Beside the .tf files, the findings on what the configuration leaves out point at the block, as the HCL's do.
      const lines = async (path: string) => (await scan([path])).findings.filter((finding) => finding.ruleId === 'sagemaker-notebook-root-access').map((finding) => finding.location.startLine);
      expect(await lines(join(directory, 'planned', 'plan.json'))).toEqual(await lines(join(directory, 'planned', 'main.tf')));
      // Alone, the plan points at the default it writes, in the resource's planned values.
      const planLines = planJson.split('\n');
      const writtenAt = (address: string, attribute: string) => {
        const start = planLines.findIndex((line) => line.includes(`"address": "${address}"`));
        return start + planLines.slice(start).findIndex((line) => line.trimStart().startsWith(`"${attribute}": `)) + 1;
      };
      const alone = (await scan([join(directory, 'plan-alone', 'plan.json')])).findings.filter((finding) => finding.message.includes(' does not set '));
      expect(alone.map((finding) => [finding.ruleId, finding.location.startLine]).sort()).toEqual([
        ['sagemaker-domain-public-internet', writtenAt('aws_sagemaker_domain.studio', 'app_network_access_type')],
        ['sagemaker-notebook-direct-internet', writtenAt('aws_sagemaker_notebook_instance.defaulted', 'direct_internet_access')],
        ['sagemaker-notebook-root-access', writtenAt('aws_sagemaker_notebook_instance.defaulted', 'root_access')],
      ]);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('says what the key of a configuration of serverless variants only would encrypt, in every format', async () => {
    const fixtures = join(import.meta.dirname, '..', 'fixtures', 'sagemaker-endpoint-config-no-kms');
    const result = await scan(['serverless.yaml', 'serverless.json', 'tf-unset', 'no-key.plan.json', 'unset.yaml'].map((name) => join(fixtures, name)));
    const messages = result.findings.filter((finding) => finding.ruleId === 'sagemaker-endpoint-config-no-kms').map((finding) => `${finding.location.file.split('/').at(-1)}: ${finding.message.replace(/^.*? has no \w+: /, '')}`);
    const serverless = 'SageMaker encrypts the container image of its serverless variants with a key you do not choose, not one whose policy you control';
    const instances = 'the storage volumes of its endpoint instances are encrypted with a transient key, not one whose policy you control';
    // tf-unset holds an instance-backed configuration and a serverless one; the plan an instance-backed one.
    expect(messages.sort()).toEqual([`serverless.yaml: ${serverless}`, `serverless.json: ${serverless}`, `main.tf: ${serverless}`, `main.tf: ${instances}`, `no-key.plan.json: ${instances}`, `unset.yaml: ${instances}`].sort());
  });

  it('warns in the isolation fix when no container names model data, which an isolated container cannot download', async () => {
    const caveat = 'so they may download their model at run time, which network isolation stops';
    const fixOf = (result: { findings: Array<{ ruleId: string; fix?: { description: string } }> }) => result.findings.filter((finding) => finding.ruleId === 'sagemaker-model-no-network-isolation').map((finding) => finding.fix?.description ?? '');
    const model = (container: string) => `Resources:
  Model:
    Type: AWS::SageMaker::Model
    Properties:
      ExecutionRoleArn: arn:aws:iam::111122223333:role/m
      ${container}
`;
    const hub = model('PrimaryContainer:\n        Image: 763104351884.dkr.ecr.us-east-1.amazonaws.com/huggingface-pytorch-inference:2.1\n        Environment:\n          HF_MODEL_ID: distilbert-base-uncased');
    expect(fixOf(await scanText(hub))).toEqual([expect.stringContaining(`its containers name no ModelDataUrl, ${caveat}`)]);
    const hubJson = JSON.stringify({ Resources: { Model: { Type: 'AWS::SageMaker::Model', Properties: { ExecutionRoleArn: 'arn:aws:iam::111122223333:role/m', Containers: [{ Image: 'i', Environment: { HF_MODEL_ID: 'm' } }] } } } });
    expect(fixOf(await scanText(hubJson, 'template.json'))).toEqual([expect.stringContaining(caveat)]);
    // One container with artifacts: the model does not rely on downloads alone.
    const mixed = model('Containers:\n        - Image: a\n        - Image: b\n          ModelDataUrl: s3://bucket/model.tar.gz');
    expect(fixOf(await scanText(mixed))).toEqual(['Set EnableNetworkIsolation to true']);
    const fixtures = join(import.meta.dirname, '..', 'fixtures', 'sagemaker-model-no-network-isolation');
    expect(fixOf(await scan([join(fixtures, 'tf-false')])).every((description) => description.includes('its containers name no model_data_url'))).toBe(true);
    // The plan's models name their artifacts.
    expect(fixOf(await scan([join(fixtures, 'unset-or-false.plan.json')]))).toEqual(['Set enable_network_isolation to true', 'Set enable_network_isolation to true']);
    // tf-false's plan (terraform show -json) holds each container's model_data_source as known after apply, which the
    // provider computes where the configuration leaves it out: the models name no model data there either, and the
    // fix is the .tf scan's, with the .tf files (--tf-dir) or without.
    const fromTf = fixOf(await scan([join(fixtures, 'tf-false')]));
    expect(fromTf).toHaveLength(3);
    expect(fixOf(await scan([join(fixtures, 'tf-false.plan.json')], { terraformFolder: join(fixtures, 'tf-false') }))).toEqual(fromTf);
    expect(fixOf(await scan([join(fixtures, 'tf-false.plan.json')]))).toEqual(fromTf);
  });
});
