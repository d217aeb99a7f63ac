import { describe, expect, it } from 'vitest';
import type { ScanResult } from '../../../src/analyze/engine.js';
import { mergedBody } from '../../../parsers/terraform/config.js';
import { isOverrideFile, isTerraformFile } from '../../../parsers/terraform/detect.js';
import { parseTree, resource, scanTree } from './helpers.js';

const UNPROTECTED = 'trust-service-without-source-condition';

/** Findings not suppressed, as `rule file:line`, in report order. */
function where(result: ScanResult, ruleIds?: string[]): string[] {
  return result.findings.filter((finding) => !finding.suppressed && (!ruleIds || ruleIds.includes(finding.ruleId))).map((finding) => `${finding.ruleId} ${finding.location.file}:${finding.location.startLine}`);
}

const OPEN_TRUST = '{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole" }';
const GUARDED_TRUST = '{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole", Condition = { StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.current.account_id } } }';

function role(statement: string, name = 'x'): string {
  return [
    `resource "aws_iam_role" "${name}" {`,
    `  name = "${name}"`,
    '  assume_role_policy = jsonencode({',
    '    Version   = "2012-10-17"',
    `    Statement = [${statement}]`,
    '  })',
    '}',
    '',
  ].join('\n');
}

const IDENTITY = 'data "aws_caller_identity" "current" {}\n';

describe('Terraform override files', () => {
  it('are recognised by name, as Terraform names them', () => {
    for (const name of ['override.tf', 'override.tf.json', 'dev_override.tf', 'a/b/x_override.tf.json']) expect(isOverrideFile(name)).toBe(true);
    for (const name of ['overrides.tf', 'myoverride.tf', 'override.tfvars', 'main.tf', 'override_main.tf', 'override.tf/main.tf']) expect(isOverrideFile(name)).toBe(false);
    // On Linux a backslash is part of a file's name, and Terraform reads such a file as a normal one.
    if (process.platform !== 'win32') expect(isOverrideFile('dev\\override.tf')).toBe(false);
  });

  it('replace the attribute they set: a finding on the base value is gone, one on the override value points into the override file', async () => {
    // The base is open; the override guards it. Named before or after the base file, the override is merged last.
    for (const override of ['a_override.tf', 'override.tf', 'zz_override.tf']) {
      const result = await scanTree({ 'main.tf': IDENTITY + role(OPEN_TRUST), [override]: role(GUARDED_TRUST) });
      expect(result.errors).toEqual([]);
      expect(where(result)).toEqual([]);
    }
    // The base is guarded; the override opens it.
    const opened = await scanTree({ 'main.tf': IDENTITY + role(GUARDED_TRUST), 'dev_override.tf': role(OPEN_TRUST) });
    expect(where(opened)).toEqual([`${UNPROTECTED} dev_override.tf:5`]);
    // One resource: the override block is merged, not a second aws_iam_role.x; it keeps the base's location and name.
    expect(opened.findings.map((finding) => [finding.resource.address, finding.resource.file])).toEqual([['aws_iam_role.x', 'main.tf']]);
  });

  it('compound in the order of their names, later ones winning', async () => {
    const result = await scanTree({ 'main.tf': IDENTITY + role(OPEN_TRUST), 'a_override.tf': role(GUARDED_TRUST), 'b_override.tf': role(OPEN_TRUST) });
    expect(where(result)).toEqual([`${UNPROTECTED} b_override.tf:5`]);
    const guarded = await scanTree({ 'main.tf': IDENTITY + role(OPEN_TRUST), 'a_override.tf': role(OPEN_TRUST), 'b_override.tf': role(GUARDED_TRUST) });
    expect(where(guarded)).toEqual([]);
  });

  it('merge each of several override blocks of one name in a file, each located and suppressed where it is written', async () => {
    const second = `resource "aws_iam_role" "x" {\n  description = "first override block"\n}\n\n# deputy:ignore ${UNPROTECTED} -- dev account only\n${role(OPEN_TRUST)}`;
    const result = await scanTree({ 'main.tf': IDENTITY + role(GUARDED_TRUST), 'override.tf': second });
    expect(result.errors).toEqual([]);
    expect(result.findings.map((finding) => [finding.ruleId, `${finding.location.file}:${finding.location.startLine}`, finding.suppressed?.reason])).toEqual([[UNPROTECTED, 'override.tf:10', 'dev account only']]);
    const repeated = '{ Effect = "Allow", Effect = "Deny", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole" }';
    const keys = await scanTree({ 'main.tf': IDENTITY + role(GUARDED_TRUST), 'override.tf': `resource "aws_iam_role" "x" {\n  description = "first"\n}\n${role(repeated)}` });
    expect(where(keys, ['policy-duplicate-key'])).toEqual(['policy-duplicate-key override.tf:8']);
  });

  it('keep what the override does not set, located in the base file', async () => {
    const result = await scanTree({
      'main.tf': IDENTITY + role(OPEN_TRUST),
      'override.tf': 'resource "aws_iam_role" "x" {\n  description = "overridden"\n}\n',
    });
    expect(where(result)).toEqual([`${UNPROTECTED} main.tf:6`]);
  });

  it('replace all nested blocks of a type, static or dynamic, and leave other block types', async () => {
    const document = (statements: string) => `data "aws_iam_policy_document" "trust" {\n  version = "2012-10-17"\n${statements}}\n`;
    const statement = (condition: boolean) =>
      [
        '  statement {',
        '    actions = ["sts:AssumeRole"]',
        '    principals {',
        '      type        = "Service"',
        '      identifiers = ["sagemaker.amazonaws.com"]',
        '    }',
        ...(condition ? ['    condition {', '      test     = "StringEquals"', '      variable = "aws:SourceAccount"', '      values   = [data.aws_caller_identity.current.account_id]', '    }'] : []),
        '  }',
        '',
      ].join('\n');
    const uses = 'resource "aws_iam_role" "x" {\n  assume_role_policy = data.aws_iam_policy_document.trust.json\n}\n';
    // Two open statements in the base, one guarded in the override: both base statements are gone.
    const guarded = await scanTree({ 'main.tf': IDENTITY + uses + document(statement(false) + statement(false)), 'override.tf': document(statement(true)) });
    expect(guarded.errors).toEqual([]);
    expect(where(guarded)).toEqual([]);
    // A guarded base, an open override statement: the finding is on the override's principal.
    const opened = await scanTree({ 'main.tf': IDENTITY + uses + document(statement(true)), 'override.tf': document(statement(false)) });
    expect(where(opened)).toEqual([`${UNPROTECTED} override.tf:7`]);
    // A dynamic statement block in the override replaces the base's static ones, and the other way round.
    const dynamicOpen = [
      'data "aws_iam_policy_document" "trust" {',
      '  dynamic "statement" {',
      '    for_each = ["one"]',
      '    content {',
      '      actions = ["sts:AssumeRole"]',
      '      principals {',
      '        type        = "Service"',
      '        identifiers = ["sagemaker.amazonaws.com"]',
      '      }',
      '    }',
      '  }',
      '}',
      '',
    ].join('\n');
    const dynamicBase = await scanTree({ 'main.tf': IDENTITY + uses + dynamicOpen, 'override.tf': document(statement(true)) });
    expect(where(dynamicBase)).toEqual([]);
    const dynamicOverride = await scanTree({ 'main.tf': IDENTITY + uses + document(statement(true)), 'override.tf': dynamicOpen });
    expect(where(dynamicOverride)).toEqual([`${UNPROTECTED} override.tf:8`]);
    // An override that sets only the version keeps the base's statements, found in the base file.
    const versionOnly = await scanTree({ 'main.tf': IDENTITY + uses + document(statement(false)), 'override.tf': 'data "aws_iam_policy_document" "trust" {\n  version = "2012-10-17"\n}\n' });
    expect(where(versionOnly)).toEqual([`${UNPROTECTED} main.tf:11`]);
  });

  it('merge into module calls, variables and locals', async () => {
    const module = { 'modules/role/main.tf': 'variable "statement" {}\n' + IDENTITY + role('var.statement') };
    // A module input the override changes; the base's source and other inputs stay.
    const input = await scanTree({
      ...module,
      'main.tf': `module "role" {\n  source    = "./modules/role"\n  statement = ${GUARDED_TRUST.replace('data.aws_caller_identity.current.account_id', '"111122223333"')}\n}\n`,
      'override.tf': `module "role" {\n  statement = ${OPEN_TRUST}\n}\n`,
    });
    expect(input.errors).toEqual([]);
    // The input is located where the override writes it, not in the base module block.
    expect(where(input, [UNPROTECTED])).toEqual([`${UNPROTECTED} override.tf:2`]);
    const guarded = await scanTree({
      ...module,
      'main.tf': `module "role" {\n  source    = "./modules/role"\n  statement = ${OPEN_TRUST}\n}\n`,
      'override.tf': `module "role" {\n  statement = ${GUARDED_TRUST.replace('data.aws_caller_identity.current.account_id', '"111122223333"')}\n}\n`,
    });
    expect(guarded.errors).toEqual([]);
    expect(where(guarded, [UNPROTECTED])).toEqual([]);
    // A variable's default and a local, overridden.
    const variable = await scanTree({
      'main.tf': `variable "trusted" {\n  type    = string\n  default = "ec2.amazonaws.com"\n}\nlocals {\n  action = "sts:TagSession"\n}\n${role('{ Effect = "Allow", Principal = { Service = var.trusted }, Action = local.action }')}`,
      'override.tf': 'variable "trusted" {\n  default = "sagemaker.amazonaws.com"\n}\nlocals {\n  action = "sts:AssumeRole"\n}\n',
    });
    expect(variable.errors).toEqual([]);
    expect(where(variable, [UNPROTECTED])).toEqual([`${UNPROTECTED} main.tf:12`]);
  });

  it('are read in JSON syntax too', async () => {
    const result = await scanTree({
      'main.tf': IDENTITY + role(GUARDED_TRUST),
      'override.tf.json': JSON.stringify(
        { resource: { aws_iam_role: { x: { assume_role_policy: '${jsonencode({Version = "2012-10-17", Statement = [{Effect = "Allow", Principal = {Service = "sagemaker.amazonaws.com"}, Action = "sts:AssumeRole"}]})}' } } } },
        null,
        2,
      ),
    });
    expect(result.errors).toEqual([]);
    expect(where(result)).toEqual([`${UNPROTECTED} override.tf.json:5`]);
  });

  it('honour a deputy:ignore written on the override block, and report repeated keys only in what each block sets', async () => {
    const suppressed = await scanTree({ 'main.tf': IDENTITY + role(GUARDED_TRUST), 'override.tf': `# deputy:ignore ${UNPROTECTED} -- dev account only\n${role(OPEN_TRUST)}` });
    expect(suppressed.errors).toEqual([]);
    expect(where(suppressed)).toEqual([]);
    expect(suppressed.findings.map((finding) => [finding.ruleId, finding.location.file, finding.suppressed?.reason])).toEqual([[UNPROTECTED, 'override.tf', 'dev account only']]);
    // The base's policy repeats a key, but the override replaces the policy: nothing is repeated in what Terraform reads.
    const repeated = '{ Effect = "Allow", Effect = "Deny", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole" }';
    const replaced = await scanTree({ 'main.tf': IDENTITY + role(repeated), 'override.tf': role(GUARDED_TRUST) });
    expect(where(replaced, ['policy-duplicate-key'])).toEqual([]);
    const kept = await scanTree({ 'main.tf': IDENTITY + role(GUARDED_TRUST), 'override.tf': role(repeated) });
    expect(where(kept, ['policy-duplicate-key'])).toEqual(['policy-duplicate-key override.tf:5']);
  });

  it('locate a local overridden twice in one file where the last override writes it', async () => {
    const result = await scanTree({
      'main.tf': `${IDENTITY}locals {\n  statement = ${GUARDED_TRUST}\n}\n${role('local.statement')}`,
      'override.tf': `locals {\n  statement = ${GUARDED_TRUST}\n}\n\nlocals {\n  statement = ${OPEN_TRUST}\n}\n`,
    });
    expect(result.errors).toEqual([]);
    expect(where(result)).toEqual([`${UNPROTECTED} override.tf:6`]);
  });

  it('report what Terraform refuses in an override file: depends_on in a resource or output override, moved, import and check blocks', async () => {
    const result = await scanTree({
      'main.tf': `${IDENTITY}${role(OPEN_TRUST)}output "arn" {\n  value = aws_iam_role.x.arn\n}\n`,
      'override.tf': 'resource "aws_iam_role" "x" {\n  depends_on = []\n}\n\noutput "arn" {\n  depends_on = []\n}\n\nmoved {\n  from = aws_iam_role.y\n  to   = aws_iam_role.x\n}\n',
    });
    expect(result.errors.map((error) => `${error.file}:${error.line} ${error.message}`)).toEqual([
      'override.tf:2 depends_on may not be overridden (Terraform refuses it)',
      'override.tf:6 depends_on may not be overridden (Terraform refuses it)',
      'override.tf:9 a moved block may not be in an override file (Terraform refuses it)',
    ]);
    expect(where(result)).toEqual([`${UNPROTECTED} main.tf:6`]);
  });

  it('write a fix in the syntax of the file that writes the setting, the override\'s or the base\'s', async () => {
    const notebook = 'resource "aws_sagemaker_notebook_instance" "n" {\n  name                   = "n"\n  role_arn               = "arn:aws:iam::111122223333:role/r"\n  instance_type          = "ml.t3.medium"\n  direct_internet_access = "Disabled"\n  root_access            = "Disabled"\n  subnet_id              = "subnet-1"\n  security_groups        = ["sg-1"]\n}\n';
    const result = await scanTree({ 'main.tf': notebook, 'override.tf.json': JSON.stringify({ resource: { aws_sagemaker_notebook_instance: { n: { direct_internet_access: 'Enabled' } } } }, null, 2) });
    const fixes = Object.fromEntries(result.findings.map((finding) => [finding.ruleId, [`${finding.location.file}:${finding.location.startLine}`, finding.fix?.snippet]]));
    expect(fixes['sagemaker-notebook-direct-internet']).toEqual(['override.tf.json:5', '"direct_internet_access": "Disabled"']);
    // kms_key_id is set nowhere: it goes in the block's own file.
    expect(fixes['sagemaker-notebook-no-kms']).toEqual(['main.tf:1', 'kms_key_id = aws_kms_key.notebook.arn']);
  });

  it('report an override of what no other file declares, at its line, and still analyze the rest', async () => {
    const result = await scanTree({
      'main.tf': IDENTITY + role(OPEN_TRUST),
      'override.tf': 'locals {\n  missing = 1\n}\n\nresource "aws_iam_role" "y" {\n  name = "y"\n}\n',
    });
    expect(result.errors.map((error) => `${error.file}:${error.line} ${error.message}`)).toEqual([
      'override.tf:2 override of local.missing, which no other file of the module declares (Terraform refuses it)',
      'override.tf:5 override of resource "aws_iam_role" "y", which no other file of the module declares (Terraform refuses it)',
    ]);
    expect(where(result)).toEqual([`${UNPROTECTED} main.tf:6`]);
  });

  it('take an override of the default provider configuration no other file writes as its block, and refuse one of an aliased configuration', async () => {
    const own = '{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::493827160514:root" }, Action = "sts:AssumeRole" }';
    const result = await scanTree({
      'main.tf': role(own),
      'override.tf': 'provider "aws" {\n  allowed_account_ids = ["493827160514"]\n}\n\nprovider "aws" {\n  alias = "west"\n}\n',
    });
    expect(result.errors.map((error) => `${error.file}:${error.line} ${error.message}`)).toEqual([
      'override.tf:5 override of provider configuration aws.west, which no other file of the module declares (Terraform refuses it)',
    ]);
    // The default configuration may only deploy to 493827160514: the role trusting its root is in its own account.
    expect(where(result, ['trust-cross-account-without-external-id'])).toEqual([]);
  });

  it('merge bodies as Terraform does: attributes and block types replaced, lifecycle argument by argument', () => {
    const base = { name: 'a', tags: '${var.tags}', inline_policy: [{ name: 'one' }, { name: 'two' }], dynamic: { ingress: [{ for_each: '${var.x}' }], egress: [{ for_each: '${var.y}' }] }, lifecycle: [{ ignore_changes: ['tags'], prevent_destroy: true }] };
    const override = { name: 'b', inline_policy: [{ name: 'three' }], ingress: [{ from_port: 1 }], dynamic: { tags_block: [{ for_each: '${var.z}' }] }, lifecycle: [{ prevent_destroy: false }] };
    expect(mergedBody(base, override)).toEqual({
      name: 'b',
      tags: '${var.tags}',
      inline_policy: [{ name: 'three' }],
      ingress: [{ from_port: 1 }],
      dynamic: { egress: [{ for_each: '${var.y}' }], tags_block: [{ for_each: '${var.z}' }] },
      lifecycle: [{ ignore_changes: ['tags'], prevent_destroy: false }],
    });
    // A dynamic block in the override hides the base's static blocks of its type.
    expect(mergedBody({ statement: [{ sid: 'a' }] }, { dynamic: { statement: [{ for_each: '${var.s}' }] } })).toEqual({ dynamic: { statement: [{ for_each: '${var.s}' }] } });
  });
});

describe('Terraform declarations written twice', () => {
  it('are input errors at the second one, as Terraform refuses them, and the first is analyzed', async () => {
    const result = await scanTree({
      'main.tf': `${IDENTITY}${role(OPEN_TRUST)}locals {\n  a = 1\n}\nlocals {\n  a = 2\n}\nvariable "v" {}\n`,
      'other.tf': `\n${role(GUARDED_TRUST)}variable "v" {}\noutput "o" {\n  value = 1\n}\noutput "o" {\n  value = 2\n}\n`,
    });
    expect(result.errors.map((error) => `${error.file}:${error.line} ${error.message}`)).toEqual([
      'main.tf:13 local.a is declared again; the first declaration, at main.tf:10, is analyzed (Terraform refuses it)',
      'other.tf:2 resource "aws_iam_role" "x" is declared again; the first declaration, at main.tf:2, is analyzed (Terraform refuses it)',
      'other.tf:9 variable "v" is declared again; the first declaration, at main.tf:15, is analyzed (Terraform refuses it)',
      'other.tf:13 output "o" is declared again; the first declaration, at other.tf:10, is analyzed (Terraform refuses it)',
    ]);
    // One aws_iam_role.x, the first: its open trust is reported once.
    expect(where(result)).toEqual([`${UNPROTECTED} main.tf:6`]);
    expect(result.summary.resources).toBe(1);
  });

  it('include check blocks and the data source one scopes, which Terraform declares in the module (checked with terraform plan 1.11)', async () => {
    const check = (name: string, data = '') => `check "${name}" {\n${data}  assert {\n    condition     = var.v == 1\n    error_message = "no"\n  }\n}\n`;
    const result = await scanTree({
      'main.tf': `variable "v" {\n  default = 1\n}\ndata "aws_iam_policy_document" "d" {}\n${check('a')}${check('a')}${check('b', '  data "aws_iam_policy_document" "d" {}\n')}`,
    });
    expect(result.errors.map((error) => `${error.file}:${error.line} ${error.message}`)).toEqual([
      'main.tf:11 check "a" is declared again; the first declaration, at main.tf:5, is analyzed (Terraform refuses it)',
      'main.tf:18 data "aws_iam_policy_document" "d" is declared again; the first declaration, at main.tf:4, is analyzed (Terraform refuses it)',
    ]);
    const json = await scanTree({ 'main.tf.json': JSON.stringify({ data: { aws_iam_policy_document: { d: {} } }, check: { b: { data: { aws_iam_policy_document: { d: {} } }, assert: { condition: '${true}', error_message: 'no' } } } }, null, 2) });
    expect(json.errors.map((error) => `${error.file}:${error.line} ${error.message}`)).toEqual([
      'main.tf.json:11 data "aws_iam_policy_document" "d" is declared again; the first declaration, at main.tf.json:4, is analyzed (Terraform refuses it)',
    ]);
  });

  it('are told apart at their own lines when JSON writes them as a list of bodies', async () => {
    const result = await scanTree({ 'main.tf.json': JSON.stringify({ resource: { aws_iam_role: { x: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] } } }, null, 2) });
    expect(result.errors.map((error) => `${error.file}:${error.line}`)).toEqual(['main.tf.json:8', 'main.tf.json:11']);
  });

  it('are read as Terraform reads them when JSON repeats a key: each top-level "locals" counts, a resource name written twice is an error', async () => {
    // JSON.parse keeps only the last of repeated keys; Terraform's JSON syntax makes each one more blocks.
    const locals = `{\n  "locals": { "principal": "*" },\n  "locals": { "action": "sts:AssumeRole" },\n  "resource": { "aws_iam_role": { "r": { "assume_role_policy": "\${jsonencode({Statement = [{Effect = \\"Allow\\", Principal = {AWS = local.principal}, Action = local.action}]})}" } } }\n}\n`;
    const repeatedLocals = await scanTree({ 'main.tf.json': locals });
    expect(repeatedLocals.errors).toEqual([]);
    expect(where(repeatedLocals, ['trust-any-principal'])).toEqual(['trust-any-principal main.tf.json:4']);
    const twice = '{\n  "resource": {\n    "aws_iam_role": {\n      "r": { "name": "first" },\n      "r": { "name": "second" }\n    }\n  }\n}\n';
    const repeatedName = await scanTree({ 'main.tf.json': twice });
    expect(repeatedName.errors.map((error) => `${error.file}:${error.line} ${error.message}`)).toEqual([
      'main.tf.json:5 resource "aws_iam_role" "r" is declared again; the first declaration, at main.tf.json:4, is analyzed (Terraform refuses it)',
    ]);
  });

  it('are read in JSON bodies as Terraform reads them: a nested block key written twice is two blocks, an attribute written twice an error at the last, which is analyzed', async () => {
    const statement = (type: string, identifier: string) => `{ "actions": ["sts:AssumeRole"], "principals": { "type": "${type}", "identifiers": ["${identifier}"] } }`;
    const role = '"resource": { "aws_iam_role": { "r": { "name": "r", "assume_role_policy": "${data.aws_iam_policy_document.trust.json}" } } }';
    const document = (first: string, second: string) => `{\n  "data": { "aws_iam_policy_document": { "trust": {\n    "statement": ${first},\n    "statement": ${second}\n  } } },\n  ${role}\n}\n`;
    for (const [first, second, line] of [[statement('AWS', '*'), statement('Service', 'ec2.amazonaws.com'), 3], [statement('Service', 'ec2.amazonaws.com'), statement('AWS', '*'), 4]] as const) {
      const result = await scanTree({ 'main.tf.json': document(first, second) });
      expect(result.errors).toEqual([]);
      expect(where(result, ['trust-any-principal'])).toEqual([`trust-any-principal main.tf.json:${line}`]);
    }
    // An empty list is no blocks; "dynamic" written twice, or as a list, expands each.
    const open = statement('AWS', '*');
    for (const body of [`"statement": ${open},\n    "statement": []`, `"statement": [],\n    "statement": ${open}`]) {
      const empty = await scanTree({ 'main.tf.json': `{\n  "data": { "aws_iam_policy_document": { "trust": {\n    ${body}\n  } } },\n  ${role}\n}\n` });
      expect(empty.errors).toEqual([]);
      expect(where(empty, ['trust-any-principal'])).toHaveLength(1);
    }
    // Each dynamic block is located in its content, as in HCL.
    const spec = (type: string, identifier: string) => `{ "for_each": ["a"], "content": ${statement(type, identifier)} }`;
    const dynamic = (type: string, identifier: string) => `{ "statement": ${spec(type, identifier)} }`;
    for (const [body, line] of [
      [`"dynamic": ${dynamic('Service', 'ec2.amazonaws.com')},\n    "dynamic": ${dynamic('AWS', '*')}`, 4],
      [`"dynamic": [${dynamic('Service', 'ec2.amazonaws.com')},\n      ${dynamic('AWS', '*')}]`, 4],
      [`"dynamic": {\n      "statement": ${spec('Service', 'ec2.amazonaws.com')},\n      "statement": ${spec('AWS', '*')}\n    }`, 5],
      [`"dynamic": {\n      "statement": [${spec('Service', 'ec2.amazonaws.com')},\n        ${spec('AWS', '*')}]\n    }`, 5],
    ] as const) {
      const dynamicTwice = await scanTree({ 'main.tf.json': `{\n  "data": { "aws_iam_policy_document": { "trust": {\n    ${body}\n  } } },\n  ${role}\n}\n` });
      expect(dynamicTwice.errors).toEqual([]);
      expect(where(dynamicTwice, ['trust-any-principal'])).toEqual([`trust-any-principal main.tf.json:${line}`]);
    }
    // In a locals body every key is an attribute, whatever its value: an object written twice is set twice.
    const locals = await scanTree({ 'main.tf.json': '{\n  "locals": {\n    "p": { "Statement": [] },\n    "p": { "Version": "2012-10-17", "Statement": [] }\n  }\n}\n' });
    expect(locals.errors.map((error) => `${error.file}:${error.line} ${error.message}`)).toEqual(['main.tf.json:4 p is written twice in one JSON object, where it can only be set once; the last value is analyzed (Terraform refuses it)']);
    expect(locals.findings).toEqual([]);
    const twice = `{\n  "resource": { "aws_iam_role": { "r": {\n    "name": "r",\n    "//": "one comment",\n    "//": "another",\n    "assume_role_policy": "{\\"Statement\\": []}",\n    "assume_role_policy": "\${jsonencode({Statement = [{Effect = \\"Allow\\", Principal = {AWS = \\"*\\"}, Action = \\"sts:AssumeRole\\"}]})}"\n  } } }\n}\n`;
    const attribute = await scanTree({ 'main.tf.json': twice });
    expect(attribute.errors.map((error) => `${error.file}:${error.line} ${error.message}`)).toEqual(['main.tf.json:7 assume_role_policy is written twice in one JSON object, where it can only be set once; the last value is analyzed (Terraform refuses it)']);
    expect(where(attribute, ['trust-any-principal'])).toEqual(['trust-any-principal main.tf.json:7']);
  });

  it('are refused in the objects an attribute\'s value writes, at any depth, "//" included, as Terraform refuses them ("Duplicate object attribute"); the last value is analyzed', async () => {
    const errorsOf = (result: ScanResult) => result.errors.map(({ file, line, column, message }) => `${file}:${line}:${column} ${message}`);
    const twice = (name: string, at: string) => `${at} ${name} is written twice in one JSON object, where it can only be set once; the last value is analyzed (Terraform refuses it)`;
    const open = '{ "Effect": "Allow", "Action": "sts:AssumeRole", "Principal": { "Service": "ec2.amazonaws.com" }, "Principal": { "AWS": "*" } }';
    const role = '"resource": { "aws_iam_role": { "r": { "assume_role_policy": "${jsonencode({Version = \\"2012-10-17\\", Statement = [local.statement]})}" } } }';
    // A local's object whose repeated key holds objects: the last principal is read, not both as blocks.
    const local = await scanTree({ 'main.tf.json': `{\n  "locals": {\n    "statement": ${open}\n  },\n  ${role}\n}\n` });
    expect(errorsOf(local)).toEqual([twice('Principal', 'main.tf.json:3:116')]);
    expect(where(local, ['trust-any-principal'])).toEqual(['trust-any-principal main.tf.json:3']);
    const guarded = await scanTree({ 'main.tf.json': `{\n  "locals": {\n    "statement": ${open.replace('"Principal": { "Service": "ec2.amazonaws.com" }, "Principal": { "AWS": "*" }', '"Principal": { "AWS": "*" }, "Principal": { "Service": "ec2.amazonaws.com" }')}\n  },\n  ${role}\n}\n` });
    expect(errorsOf(guarded)).toEqual([twice('Principal', 'main.tf.json:3:96')]);
    expect(where(guarded, ['trust-any-principal'])).toEqual([]);
    const values = await scanTree({
      'main.tf.json': [
        '{',
        '  "variable": { "v": { "default": { "a": { "b": "1", "b": "2" } } } },',
        '  "output": { "o": { "value": [{ "//": "x", "//": "y" }] } },',
        '  "module": { "m": { "source": "./m", "tags": { "team": "a", "team": "b" } } },',
        '  "resource": { "aws_iam_user": { "u": { "for_each": { "k": { "n": "a" }, "k": { "n": "b" } }, "name": "${each.value.n}", "tags": { "team": "a", "team": "b" } } } }',
        '}',
        '',
      ].join('\n'),
      'm/main.tf.json': '{ "variable": { "tags": {} } }',
      'terraform.tfvars.json': '{\n  "v": { "a": { "b": "3" }, "a": { "b": "4" } },\n  "v": {}\n}\n',
    });
    expect(errorsOf(values)).toEqual([
      twice('b', 'main.tf.json:2:54'),
      twice('//', 'main.tf.json:3:45'),
      twice('team', 'main.tf.json:4:62'),
      twice('k', 'main.tf.json:5:75'),
      twice('team', 'main.tf.json:5:146'),
      twice('a', 'terraform.tfvars.json:2:29'),
      twice('v', 'terraform.tfvars.json:3:3'),
    ]);
  });

  it('are not refused where Terraform reads them: a top-level block kind written again, a nested block key written twice, a policy string\'s keys, a comment', async () => {
    const policy = '"{\\"Version\\": \\"2012-10-17\\", \\"Statement\\": [{\\"Effect\\": \\"Allow\\", \\"Effect\\": \\"Deny\\", \\"Action\\": \\"sts:AssumeRole\\", \\"Principal\\": {\\"Service\\": \\"ec2.amazonaws.com\\"}}]}"';
    const result = await scanTree({
      'main.tf.json': `{\n  "resource": { "aws_iam_role": { "a": { "name": "a", "assume_role_policy": ${policy} } } },\n  "resource": { "aws_iam_role": { "b": { "name": "b", "assume_role_policy": ${policy},\n    "inline_policy": { "name": "p1", "policy": "{}" }, "inline_policy": { "name": "p2", "policy": "{}" } } } }\n}\n`,
    });
    expect(result.errors).toEqual([]);
    expect(where(result, ['policy-duplicate-key'])).toEqual(['policy-duplicate-key main.tf.json:2', 'policy-duplicate-key main.tf.json:3']);
    // A comment of a body, the file's or a variable file's included, is not read, whatever it holds.
    const comments = await scanTree({
      'main.tf.json': '{\n  "//": { "a": "1", "a": "2" },\n  "//": "again",\n  "variable": { "v": {} },\n  "locals": { "//": { "a": "1", "a": "2" }, "x": "${var.v}" }\n}\n',
      'terraform.tfvars.json': '{ "//": "a", "//": { "b": "1", "b": "2" }, "v": "x" }\n',
    });
    expect(comments.errors).toEqual([]);
  });

  it('read a .tf.json nested deeper than the call stack holds, repeated keys included', async () => {
    const deep = `${'{"a": '.repeat(5000)}1${'}'.repeat(5000)}`;
    const open = '{\\"Statement\\": [{\\"Effect\\": \\"Allow\\", \\"Principal\\": {\\"AWS\\": \\"*\\"}, \\"Action\\": \\"sts:AssumeRole\\"}]}';
    const text = `{\n  "resource": { "aws_iam_role": { "first": { "assume_role_policy": "${open}", "tags": ${deep} } } },\n  "resource": { "aws_iam_role": { "second": { "assume_role_policy": "${open}" } } }\n}\n`;
    const result = await scanTree({ 'main.tf.json': text });
    expect(result.errors).toEqual([]);
    expect(result.findings.filter((finding) => finding.ruleId === 'trust-any-principal').map((finding) => `${finding.resource.address} ${finding.location.file}:${finding.location.startLine}`)).toEqual([
      'aws_iam_role.first main.tf.json:2',
      'aws_iam_role.second main.tf.json:3',
    ]);
  });

  it('are not made by what Terraform does not read: hidden files and "//" comments of JSON bodies', async () => {
    for (const name of ['.main.tf', '.#main.tf', 'main.tf~', '#main.tf#']) expect(isTerraformFile(name)).toBe(false);
    expect(isTerraformFile('modules/.cache/main.tf')).toBe(true);
    const result = await scanTree({
      'main.tf': IDENTITY + role(OPEN_TRUST),
      // An editor's stale copy: Terraform never reads it.
      '.main.tf': IDENTITY + role(GUARDED_TRUST),
      'a.tf.json': JSON.stringify({ locals: { '//': 'shared settings', region: 'us-east-1' } }),
      'b.tf.json': JSON.stringify({ locals: { '//': 'more settings', stage: 'dev' } }),
    });
    expect(result.errors).toEqual([]);
    expect(where(result)).toEqual([`${UNPROTECTED} main.tf:6`]);
    // Nor does a "//" of a resource body become one of its values.
    const parsed = await parseTree({ 'main.tf.json': JSON.stringify({ resource: { aws_iam_role: { r: { '//': 'generated', name: 'r' } } } }) });
    expect(resource(parsed, 'aws_iam_role.r').properties).toEqual({ name: 'r' });
    // Named on the command line, a hidden file is said not to be analyzed, and why.
    const named = await scanTree({ '.main.tf': IDENTITY + role(OPEN_TRUST) }, { paths: ['.main.tf'] });
    expect(named.errors).toEqual([{ file: '.main.tf', message: 'a hidden file, which Terraform does not read: not analyzed' }]);
    expect(named.findings).toEqual([]);
  });
});
