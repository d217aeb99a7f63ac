import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { scan, type ScanOptions } from '../../src/analyze/engine.js';
import { parseParameterPairs } from '../../src/cli/parameters.js';
import { project } from './support.js';

/**
 * Names an input may give that are keys of `Object.prototype` (or, as `prototype`, of functions), written wherever the
 * input names something deputy looks up in a table or reads as a map: each must be read as any other name is, never as
 * the prototype's member. Each is scanned beside an ordinary name of its shape (same length, same kinds of characters),
 * which is what it must give: the same findings and errors, the name apart, and no internal error.
 */
const ORDINARY = new Map([
  ['constructor', 'constrictor'],
  ['__proto__', '__photo__'],
  ['toString', 'toStrung'],
  ['hasOwnProperty', 'hasOwnPropertx'],
  ['valueOf', 'valueOx'],
  ['prototype', 'prototypo'],
]);

type Files = (name: string) => Record<string, string>;

/** What a scan gives, the name written as NAME: sorted findings (rule, resource, line), errors and notices; no internal error. */
async function outcome(files: Record<string, string>, name: string, options: ScanOptions = {}): Promise<string[]> {
  const directory = project(files);
  const result = await scan([directory], { ...options, cwd: directory });
  expect(result.errors.filter((error) => error.message.startsWith('internal error')).map((error) => error.message)).toEqual([]);
  const findings = result.findings.map((finding) => `${finding.ruleId} ${finding.resource.address} ${finding.location.startLine}`);
  const errors = result.errors.map((error) => `error ${error.message}`);
  const notices = result.notices.map((notice) => `notice ${notice.message}`);
  return [...findings, ...errors, ...notices].map((text) => text.replaceAll(name, 'NAME')).sort();
}

/** The rule ids of an outcome, each once, sorted. */
function ruleIds(lines: readonly string[]): string[] {
  return [...new Set(lines.filter((line) => !line.startsWith('error ') && !line.startsWith('notice ')).map((line) => line.split(' ')[0]!))].sort();
}

/**
 * Scans each prototype key and its ordinary name in the files and expects the same outcome; the ordinary one's rules
 * are `rules` (an empty list where the name means nothing deputy reports on).
 */
async function expectReadAsOrdinary(files: Files, rules: readonly string[]): Promise<void> {
  for (const [name, ordinary] of ORDINARY) {
    const expected = await outcome(files(ordinary), ordinary);
    expect(await outcome(files(name), name), name).toEqual(expected);
    expect(ruleIds(expected), `${ordinary}'s rules, of ${expected.join('; ')}`).toEqual([...rules].sort());
  }
}

const SERVICE_TRUST = 'trust-service-without-source-condition';

/** A CloudFormation template (a JSON text with NAME where the name goes) as `template.json` and as `template.yaml`. */
function cloudFormation(json: string): [string, Files][] {
  const template = (name: string) => JSON.parse(json.replaceAll('NAME', name)) as unknown;
  return [
    ['CloudFormation JSON', (name) => ({ 'template.json': JSON.stringify(template(name), null, 2) })],
    ['CloudFormation YAML', (name) => ({ 'template.yaml': stringify(template(name)) })],
  ];
}

/** A SageMaker-trusting role without a source condition, whose statement and properties take the extra JSON text. */
function trustingRole({ statement = '', principal = '"Service": "sagemaker.amazonaws.com"', properties = '', logicalId = 'Role', head = '', resources = '' } = {}): string {
  return `{ "AWSTemplateFormatVersion": "2010-09-09", ${head}
    "Resources": { ${resources}
      "${logicalId}": { "Type": "AWS::IAM::Role", "Properties": { ${properties}
        "AssumeRolePolicyDocument": { "Version": "2012-10-17", "Statement": [
          { "Effect": "Allow", "Principal": { ${principal} }, "Action": "sts:AssumeRole" ${statement} } ] } } } } }`;
}

const CLOUDFORMATION_CASES: Array<[string, string, readonly string[]]> = [
  ['a resource type', trustingRole({ resources: '"Other": { "Type": "NAME" }, "Model": { "Type": "AWS::SageMaker::NAME", "Properties": {} },' }), [SERVICE_TRUST]],
  ['a logical id', trustingRole({ logicalId: 'NAME' }), [SERVICE_TRUST]],
  ['a property name', trustingRole({ properties: '"NAME": "x",' }), [SERVICE_TRUST]],
  ['a statement key', trustingRole({ statement: ', "NAME": "x"' }), ['policy-malformed', SERVICE_TRUST]],
  ['a condition operator', trustingRole({ statement: ', "Condition": { "NAME": { "aws:SourceAccount": "493827160514" } }' }), ['policy-invalid-condition-operator']],
  ['a condition key', trustingRole({ statement: ', "Condition": { "StringEquals": { "NAME": "x" } }' }), []],
  ['a principal type', trustingRole({ principal: '"Service": "sagemaker.amazonaws.com", "NAME": "x"' }), ['policy-malformed', SERVICE_TRUST]],
  ['an intrinsic function', trustingRole({ principal: '"Service": { "NAME": "sagemaker.amazonaws.com" }' }), ['policy-malformed']],
  ['a parameter', trustingRole({ head: '"Parameters": { "NAME": { "Type": "String", "Default": "sagemaker.amazonaws.com" } },', principal: '"Service": { "Ref": "NAME" }' }), [SERVICE_TRUST]],
  ['a parameter not declared', trustingRole({ principal: '"Service": { "Ref": "NAME" }' }), []],
  ['a Sub variable', trustingRole({ principal: '"Service": { "Fn::Sub": ["${NAME}", { "NAME": "sagemaker.amazonaws.com" }] }' }), [SERVICE_TRUST]],
  ['a pseudo parameter', trustingRole({ principal: '"Service": { "Fn::Sub": "sagemaker.${AWS::NAME}" }' }), []],
  ['a mapping', trustingRole({ head: '"Mappings": { "NAME": { "NAME": { "NAME": "sagemaker.amazonaws.com" } } },', principal: '"Service": { "Fn::FindInMap": ["NAME", "NAME", "NAME"] }' }), [SERVICE_TRUST]],
  ['a mapping key not written', trustingRole({ head: '"Mappings": { "Map": { "Key": { "Other": "sagemaker.amazonaws.com" } } },', principal: '"Service": { "Fn::FindInMap": ["Map", "Key", "NAME"] }' }), []],
  ['a condition name', trustingRole({ head: '"Conditions": { "NAME": { "Fn::Equals": ["a", "a"] } },', principal: '"Service": { "Fn::If": ["NAME", "sagemaker.amazonaws.com", "ec2.amazonaws.com"] }' }), [SERVICE_TRUST]],
  ['an attribute', trustingRole({ principal: '"Service": "sagemaker.amazonaws.com", "AWS": { "Fn::GetAtt": ["Role", "NAME"] }' }), [SERVICE_TRUST]],
  ['a tag key', trustingRole({ properties: '"Tags": [{ "Key": "NAME", "Value": "x" }],' }), [SERVICE_TRUST]],
  ['an output', trustingRole({ head: '"Outputs": { "NAME": { "Value": { "Ref": "Role" } } },' }), [SERVICE_TRUST]],
  [
    'a pipeline step type',
    trustingRole({
      resources: `"Pipeline": { "Type": "AWS::SageMaker::Pipeline", "Properties": { "PipelineName": "p", "RoleArn": { "Fn::GetAtt": ["Role", "Arn"] },
        "PipelineDefinition": { "PipelineDefinitionBody": "{\\"Version\\": \\"2020-12-01\\", \\"Steps\\": [{\\"Name\\": \\"s\\", \\"Type\\": \\"NAME\\", \\"Arguments\\": {}}]}" } } },`,
    }),
    [SERVICE_TRUST],
  ],
];

describe('names that are keys of Object.prototype, in CloudFormation', () => {
  for (const [place, json, rules] of CLOUDFORMATION_CASES) {
    for (const [format, files] of cloudFormation(json)) {
      it(`as ${place} (${format})`, () => expectReadAsOrdinary(files, rules), 60_000);
    }
  }
});

interface TerraformCase {
  /** The HCL expression of the trusted service. */
  service?: string;
  /** HCL object attributes added to the statement, each as `"key" = expression`. */
  statement?: string;
  /** Attributes of the role: name and HCL expression. */
  attributes?: Array<[string, string]>;
  /** The role's name label. */
  label?: string;
  /** More of the configuration, in HCL and as `.tf.json` members (merged into the role's, a resource type's own). */
  hcl?: string;
  json?: Record<string, unknown>;
  /** Other files of the configuration's folder, by path. */
  files?: Record<string, string>;
}

/** A configuration with a SageMaker-trusting role without a source condition, in `.tf` and in `.tf.json`. */
function terraform({ service = '"sagemaker.amazonaws.com"', statement = '', attributes = [], label = 'exec', hcl = '', json = {}, files = {} }: TerraformCase): [string, Files][] {
  const policy = `jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = ${service} }, Action = "sts:AssumeRole" ${statement} }] })`;
  const role = [['name', '"exec"'], ['assume_role_policy', policy], ...attributes] as const;
  const text = `resource "aws_iam_role" "${label}" {\n${role.map(([key, value]) => `  ${key} = ${value}\n`).join('')}}\n${hcl}`;
  const { resource: moreResources = {}, ...more } = json as { resource?: Record<string, unknown> };
  const roleJson = Object.fromEntries(role.map(([key, value]) => [key, value.startsWith('"') ? (JSON.parse(value) as unknown) : `\${${value}}`]));
  const document = JSON.stringify({ resource: { aws_iam_role: { [label]: roleJson }, ...moreResources }, ...more });
  const named = (files: Record<string, string>, name: string) => Object.fromEntries(Object.entries(files).map(([path, content]) => [path, content.replaceAll('NAME', name)]));
  return [
    ['Terraform .tf', (name) => ({ 'main.tf': text.replaceAll('NAME', name), ...named(files, name) })],
    ['Terraform .tf.json', (name) => ({ 'main.tf.json': JSON.stringify(JSON.parse(document.replaceAll('NAME', name)), null, 2), ...named(files, name) })],
  ];
}

const MODULE_ROLE = `resource "aws_iam_role" "exec" {
  name = "exec"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = var.service }, Action = "sts:AssumeRole" }] })
}
variable "service" {}
`;

const TERRAFORM_CASES: Array<[string, TerraformCase, readonly string[]]> = [
  [
    'a resource type',
    {
      hcl: 'resource "NAME" "other" {}\nresource "aws_sagemaker_NAME" "model" {}\ndata "NAME" "read" {}\noutput "read" { value = data.NAME.read.arn }\n',
      json: { resource: { NAME: { other: {} }, aws_sagemaker_NAME: { model: {} } }, data: { NAME: { read: {} } }, output: { read: { value: '${data.NAME.read.arn}' } } },
    },
    [SERVICE_TRUST],
  ],
  ['a name label', { label: 'NAME' }, [SERVICE_TRUST]],
  ['an attribute name', { attributes: [['NAME', '"x"']] }, [SERVICE_TRUST]],
  ['a statement key', { statement: ', "NAME" = "x"' }, ['policy-malformed', SERVICE_TRUST]],
  ['a condition operator', { statement: ', Condition = { "NAME" = { "aws:SourceAccount" = "493827160514" } }' }, ['policy-invalid-condition-operator']],
  ['a condition key', { statement: ', Condition = { StringEquals = { "NAME" = "x" } }' }, []],
  ['a principal type', { service: '"sagemaker.amazonaws.com", "NAME" = "x"' }, ['policy-malformed', SERVICE_TRUST]],
  ['a variable', { service: 'var.NAME', hcl: 'variable "NAME" { default = "sagemaker.amazonaws.com" }\n', json: { variable: { NAME: { default: 'sagemaker.amazonaws.com' } } } }, [SERVICE_TRUST]],
  ['a variable not declared', { service: 'var.NAME' }, []],
  ['a local', { service: 'local.NAME', hcl: 'locals { NAME = "sagemaker.amazonaws.com" }\n', json: { locals: { NAME: 'sagemaker.amazonaws.com' } } }, [SERVICE_TRUST]],
  ['a local not declared', { service: 'local.NAME' }, []],
  ['an object key', { service: 'local.services.NAME', hcl: 'locals {\n  services = { NAME = "sagemaker.amazonaws.com" }\n}\n', json: { locals: { services: { NAME: 'sagemaker.amazonaws.com' } } } }, [SERVICE_TRUST]],
  ['an object key not written', { service: 'local.services.NAME', hcl: 'locals {\n  services = { other = "sagemaker.amazonaws.com" }\n}\n', json: { locals: { services: { other: 'sagemaker.amazonaws.com' } } } }, []],
  ['an index key not written', { service: 'local.services["NAME"]', hcl: 'locals {\n  services = { other = "sagemaker.amazonaws.com" }\n}\n', json: { locals: { services: { other: 'sagemaker.amazonaws.com' } } } }, []],
  ['a for_each key', { service: 'each.value', attributes: [['for_each', '{ NAME = "sagemaker.amazonaws.com" }']] }, [SERVICE_TRUST]],
  ['a module', { hcl: 'module "NAME" {\n  source = "./m"\n  service = "sagemaker.amazonaws.com"\n}\n', json: { module: { NAME: { source: './m', service: 'sagemaker.amazonaws.com' } } }, files: { 'm/main.tf': MODULE_ROLE } }, [SERVICE_TRUST]],
  ['a module output', { service: 'module.m.NAME', hcl: 'module "m" { source = "./m" }\n', json: { module: { m: { source: './m' } } }, files: { 'm/main.tf': 'output "NAME" { value = "sagemaker.amazonaws.com" }\n' } }, [SERVICE_TRUST]],
  ['a tag key', { attributes: [['tags', '{ NAME = "x" }']] }, [SERVICE_TRUST]],
  ['a block type', { hcl: 'NAME {}\n', json: { NAME: {} } }, [SERVICE_TRUST]],
  ['a function', { service: 'NAME("sagemaker.amazonaws.com")' }, []],
  [
    'a pipeline step type',
    {
      hcl: 'resource "aws_sagemaker_pipeline" "p" {\n  pipeline_name = "p"\n  pipeline_display_name = "p"\n  role_arn = aws_iam_role.exec.arn\n  pipeline_definition = jsonencode({ Version = "2020-12-01", Steps = [{ Name = "s", Type = "NAME", Arguments = {} }] })\n}\n',
      json: { resource: { aws_sagemaker_pipeline: { p: { pipeline_name: 'p', pipeline_display_name: 'p', role_arn: '${aws_iam_role.exec.arn}', pipeline_definition: '${jsonencode({ Version = "2020-12-01", Steps = [{ Name = "s", Type = "NAME", Arguments = {} }] })}' } } } },
    },
    [SERVICE_TRUST],
  ],
  ['an output', { hcl: 'output "NAME" { value = aws_iam_role.exec.arn }\n', json: { output: { NAME: { value: '${aws_iam_role.exec.arn}' } } } }, [SERVICE_TRUST]],
];

describe('names that are keys of Object.prototype, in Terraform', () => {
  for (const [place, written, rules] of TERRAFORM_CASES) {
    for (const [format, files] of terraform(written)) {
      it(`as ${place} (${format})`, () => expectReadAsOrdinary(files, rules), 60_000);
    }
  }
});

interface PlanCase {
  /** The role's resource type, name and module address; HCL-free JSON text of its assume_role_policy statement's extra members. */
  type?: string;
  name?: string;
  module?: string;
  statement?: string;
  principal?: string;
  /** More of the role's values, and other resources of the plan (as JSON text). */
  values?: string;
  resources?: string;
  variables?: string;
}

/** A plan (`tfplan.json`) creating a SageMaker-trusting role without a source condition; NAME where the name goes. */
function plan({ type = 'aws_iam_role', name = 'exec', module, statement = '', principal = '"Service": "sagemaker.amazonaws.com"', values = '', resources = '', variables = '' }: PlanCase): [string, Files][] {
  const address = `${module === undefined ? '' : `module.${module}.`}${type}.${name}`;
  const policy = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {${principal}}, "Action": "sts:AssumeRole" ${statement}}]}`;
  const role = (extra: string) => `{"address": "${address}", "mode": "managed", "type": "${type}", "name": "${name}", "provider_name": "registry.terraform.io/hashicorp/aws", ${extra}}`;
  const after = `{"name": "exec", "path": "/", "assume_role_policy": ${JSON.stringify(policy)} ${values}}`;
  const planned = `[${role(`"values": ${after}`)}${resources}]`;
  const document = `{"format_version": "1.2", "terraform_version": "1.9.5", "variables": {${variables}},
    "planned_values": {"root_module": ${module === undefined ? `{"resources": ${planned}}` : `{"child_modules": [{"address": "module.${module}", "resources": ${planned}}]}`}},
    "resource_changes": [${role(`"change": {"actions": ["create"], "before": null, "after": ${after}, "after_unknown": {"arn": true}}`)}]}`;
  return [['plan JSON', (name) => ({ 'tfplan.json': JSON.stringify(JSON.parse(document.replaceAll('NAME', name)), null, 2) })]];
}

const PLAN_CASES: Array<[string, PlanCase, readonly string[]]> = [
  ['a resource type', { resources: ', {"address": "aws_sagemaker_NAME.model", "mode": "managed", "type": "aws_sagemaker_NAME", "name": "model", "values": {}}' }, [SERVICE_TRUST]],
  ['a resource name', { name: 'NAME' }, [SERVICE_TRUST]],
  ['a module', { module: 'NAME' }, [SERVICE_TRUST]],
  ['a value key', { values: ', "NAME": "x"' }, [SERVICE_TRUST]],
  ['a tag key', { values: ', "tags": {"NAME": "x"}, "tags_all": {"NAME": "x"}' }, [SERVICE_TRUST]],
  ['a statement key', { statement: ', "NAME": "x"' }, ['policy-malformed', SERVICE_TRUST]],
  ['a condition operator', { statement: ', "Condition": {"NAME": {"aws:SourceAccount": "493827160514"}}' }, ['policy-invalid-condition-operator']],
  ['a condition key', { statement: ', "Condition": {"StringEquals": {"NAME": "x"}}' }, []],
  ['a principal type', { principal: '"Service": "sagemaker.amazonaws.com", "NAME": "x"' }, ['policy-malformed', SERVICE_TRUST]],
  ['a variable', { variables: '"NAME": {"value": "x"}' }, [SERVICE_TRUST]],
];

describe('names that are keys of Object.prototype, in plans', () => {
  for (const [place, written, rules] of PLAN_CASES) {
    for (const [format, files] of plan(written)) {
      it(`as ${place} (${format})`, () => expectReadAsOrdinary(files, rules), 60_000);
    }
  }
});

describe('names that are keys of Object.prototype, given on the command line', () => {
  it('are parameters of their own (--parameter)', () => {
    for (const name of ORDINARY.keys()) {
      const parameters = parseParameterPairs([`${name}=sagemaker.amazonaws.com`]);
      expect(Object.keys(parameters)).toEqual([name]);
      expect(Object.getPrototypeOf(parameters)).toBe(Object.prototype);
    }
  });

  it('give a template parameter and a Terraform variable their values', async () => {
    const [, template] = cloudFormation(trustingRole({ head: '"Parameters": { "NAME": { "Type": "String" } },', principal: '"Service": { "Ref": "NAME" }' }))[0]!;
    const configuration = (name: string) => ({ 'main.tf': `${terraform({ service: `var.${name}` })[0]![1]('x')['main.tf']!}variable "${name}" {}\n` });
    for (const [name, ordinary] of ORDINARY) {
      for (const [files, given] of [[template, 'parameters'], [configuration, 'variables']] as const) {
        const expected = await outcome(files(ordinary), ordinary, { [given]: parseParameterPairs([`${ordinary}=sagemaker.amazonaws.com`]) });
        expect(ruleIds(expected), `${ordinary} in ${given}`).toEqual([SERVICE_TRUST]);
        expect(await outcome(files(name), name, { [given]: parseParameterPairs([`${name}=sagemaker.amazonaws.com`]) }), `${name} in ${given}`).toEqual(expected);
      }
    }
  }, 60_000);
});
