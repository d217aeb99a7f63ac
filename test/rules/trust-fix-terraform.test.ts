import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/analyze/engine.js';
import type { Finding } from '../../src/model/index.js';
import { scanTree } from '../parsers/terraform/helpers.js';

async function findingOf(main: string, ruleId: string): Promise<Finding> {
  const result = await scanTree({ 'main.tf': main });
  expect(result.errors).toEqual([]);
  const finding = result.findings.find((candidate) => candidate.ruleId === ruleId);
  if (!finding) throw new Error(`no ${ruleId} finding; have ${result.findings.map((candidate) => candidate.ruleId).join(', ')}`);
  return finding;
}

const OWNER_ARN = 'arn:${data.aws_partition.current.partition}:sagemaker:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}';
// Provider 5 has no `region` attribute and provider 6 deprecates `name`: the fix reads `name` and says what 6 reads.
const PROVIDER_6_REGION = '; with AWS provider 6 read data.aws_region.current.region in place of data.aws_region.current.name, which it deprecates';

// What the fix notes for a policy's JSON text a Terraform variable gives whole say of the owner's values.
const OWNER_VALUES = '${data.aws_caller_identity.current.account_id}, ${data.aws_partition.current.partition}, ${data.aws_region.current.name}';
const INSTEAD = 'write their values literally in that text, or build the policy in the module with jsonencode(), where they resolve)';
/** A trust policy's JSON text trusting SageMaker without a source condition. */
const TRUST = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "sagemaker.amazonaws.com"}, "Action": "sts:AssumeRole"}]}';

describe('trust fixes for Terraform', () => {
  it('writes condition blocks for a trust policy built by aws_iam_policy_document', async () => {
    const finding = await findingOf(
      `data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["sagemaker.amazonaws.com"]
    }
  }
}
resource "aws_iam_role" "exec" {
  assume_role_policy = data.aws_iam_policy_document.trust.json
}
resource "aws_sagemaker_notebook_instance" "nb" {
  name          = "nb"
  instance_type = "ml.t3.medium"
  role_arn      = aws_iam_role.exec.arn
}`,
      'trust-service-without-source-condition',
    );
    expect(finding.fix?.description).toBe(
      'Add this Condition to the statement that trusts sagemaker.amazonaws.com (covers aws_sagemaker_notebook_instance.nb); it reads data "aws_caller_identity" "current" {}, data "aws_partition" "current" {}, data "aws_region" "current" {}, declare them where the module lacks them' + PROVIDER_6_REGION,
    );
    expect(finding.fix?.snippet).toBe(
      [
        'condition {',
        '  test     = "StringEquals"',
        '  variable = "aws:SourceAccount"',
        '  values   = [data.aws_caller_identity.current.account_id]',
        '}',
        '',
        'condition {',
        '  test     = "ArnLike"',
        '  variable = "aws:SourceArn"',
        `  values   = ["${OWNER_ARN}:*"]`,
        '}',
      ].join('\n'),
    );
  });

  it('writes an HCL object for jsonencode, narrowed to the pipeline that uses the role', async () => {
    const finding = await findingOf(
      `resource "aws_iam_role" "exec" {
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}
resource "aws_sagemaker_pipeline" "train" {
  pipeline_name         = "churn-training"
  pipeline_display_name = "churn"
  role_arn              = aws_iam_role.exec.arn
  pipeline_definition   = "{\\"Version\\": \\"2020-12-01\\", \\"Steps\\": []}"
}`,
      'trust-service-without-source-condition',
    );
    expect(finding.fix?.snippet).toBe(
      [
        'Condition = {',
        '  StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.current.account_id }',
        `  ArnLike      = { "aws:SourceArn" = "${OWNER_ARN}:pipeline/churn-training/*" }`,
        '}',
      ].join('\n'),
    );
  });

  it('writes JSON text with Terraform interpolations for a heredoc policy', async () => {
    const finding = await findingOf(
      `resource "aws_iam_role" "exec" {
  assume_role_policy = <<EOF
{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "personalize.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
EOF
}`,
      'trust-service-without-source-condition',
    );
    expect(finding.fix?.description).toContain("(in the policy's JSON text: ${...} resolves in a heredoc, not in file(); in a templatefile() template, pass these values in its variables and write their names)");
    expect(JSON.parse(finding.fix!.snippet.replace(/^"Condition": /, ''))).toEqual({
      StringEquals: { 'aws:SourceAccount': '${data.aws_caller_identity.current.account_id}' },
      ArnLike: { 'aws:SourceArn': 'arn:${data.aws_partition.current.partition}:personalize:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:*' },
    });
  });

  it('says that file() resolves no ${...} in the JSON text a role reads whole with it, in .tf, .tf.json and a plan beside them; a templatefile() template is told apart', async () => {
    const FILE_NOTE = (file: string) => `(in the JSON text of ${file}, in which file() resolves no \${...}: read it with templatefile(), passing these values in its variables and writing their names, or write the values literally)`;
    const HEREDOC_NOTE = "(in the policy's JSON text: ${...} resolves in a heredoc, not in file(); in a templatefile() template, pass these values in its variables and write their names)";
    const trustFile = JSON.stringify(JSON.parse(TRUST), null, 2);
    const sourceFinding = async (tree: Record<string, string>) => {
      const result = await scanTree(tree);
      expect(result.errors).toEqual([]);
      const found = result.findings.filter((finding) => finding.ruleId === 'trust-service-without-source-condition');
      expect(found).toHaveLength(1);
      return found[0]!;
    };
    const hcl = await sourceFinding({ 'main.tf': `resource "aws_iam_role" "r" {\n  name               = "r"\n  assume_role_policy = file("\${path.module}/trust.json")\n}\n`, 'trust.json': trustFile });
    expect(hcl.location.file).toMatch(/trust\.json$/);
    expect(hcl.location.startLine).toBe(trustFile.split('\n').findIndex((line) => line.includes('sagemaker.amazonaws.com')) + 1);
    expect(hcl.fix?.description).toContain(FILE_NOTE(hcl.location.file));
    expect(hcl.fix?.description).not.toContain(HEREDOC_NOTE);
    expect(JSON.parse(hcl.fix!.snippet.replace(/^"Condition": /, ''))).toEqual({
      StringEquals: { 'aws:SourceAccount': '${data.aws_caller_identity.current.account_id}' },
      ArnLike: { 'aws:SourceArn': `${OWNER_ARN}:*` },
    });
    const json = await sourceFinding({ 'main.tf.json': JSON.stringify({ resource: { aws_iam_role: { r: { name: 'r', assume_role_policy: '${file("${path.module}/trust.json")}' } } } }, null, 2), 'trust.json': trustFile });
    expect(json.location.file).toMatch(/trust\.json$/);
    expect(json.fix?.description).toContain(FILE_NOTE(json.location.file));
    // A templatefile() template that interpolates resolves what its variables give: the note says so, not that nothing resolves.
    const template = trustFile.replace('"Action": "sts:AssumeRole"', '"Action": "${action}"');
    const templated = await sourceFinding({ 'main.tf': `resource "aws_iam_role" "r" {\n  name               = "r"\n  assume_role_policy = templatefile("\${path.module}/trust.json.tpl", { action = "sts:AssumeRole" })\n}\n`, 'trust.json.tpl': template });
    expect(templated.location.file).toMatch(/trust\.json\.tpl$/);
    expect(templated.fix?.description).toContain(HEREDOC_NOTE);
    expect(templated.fix?.description).not.toContain('in which file() resolves no');
    const literal = await sourceFinding({ 'main.tf': `resource "aws_iam_role" "r" {\n  name               = "r"\n  assume_role_policy = templatefile("\${path.module}/trust.json.tpl", {})\n}\n`, 'trust.json.tpl': trustFile });
    expect(literal.location.file).toMatch(/trust\.json\.tpl$/);
    expect(literal.fix?.description).toContain(HEREDOC_NOTE);
    // A heredoc's text resolves them.
    const heredoc = await sourceFinding({ 'main.tf': `resource "aws_iam_role" "r" {\n  name               = "r"\n  assume_role_policy = <<EOF\n${trustFile}\nEOF\n}\n` });
    expect(heredoc.location.file).toMatch(/main\.tf$/);
    expect(heredoc.fix?.description).toContain(HEREDOC_NOTE);
    // Beside its .tf files a plan tells the file() read too; without them it does not.
    const planned = new URL('../fixtures/trust-service-without-source-condition/tf-plan-file-text/', import.meta.url).pathname;
    const besideTf = await scan(['plan.json'], { cwd: planned });
    expect(besideTf.findings.map(({ location, fix }) => [location.file, location.startLine, fix?.description.includes(FILE_NOTE(location.file))])).toEqual([['trust.json', 6, true]]);
    const alone = mkdtempSync(join(tmpdir(), 'deputy-file-text-'));
    try {
      writeFileSync(join(alone, 'plan.json'), readFileSync(join(planned, 'plan.json')));
      const withoutTf = await scan(['plan.json'], { cwd: alone });
      expect(withoutTf.findings.map(({ location, fix }) => [location.file, fix?.description.includes(HEREDOC_NOTE)])).toEqual([['plan.json', true]]);
    } finally {
      rmSync(alone, { recursive: true, force: true });
    }
  });

  it('tells a file() from a templatefile() read by the call, not the file name, in source_policy_documents of a policy document, in .tf and .tf.json', async () => {
    const FILE_NOTE = (file: string) => `(in the JSON text of ${file}, in which file() resolves no \${...}: read it with templatefile(), passing these values in its variables and writing their names, or write the values literally)`;
    const HEREDOC_NOTE = "(in the policy's JSON text: ${...} resolves in a heredoc, not in file(); in a templatefile() template, pass these values in its variables and write their names)";
    const trustFile = JSON.stringify(JSON.parse(TRUST), null, 2);
    const read = (call: string, file: string) => `${call}("\${path.module}/${file}"${call === 'templatefile' ? ', {}' : ''})`;
    const hcl = (call: string, file: string) => `data "aws_iam_policy_document" "t" {\n  source_policy_documents = [${read(call, file)}]\n}\nresource "aws_iam_role" "r" {\n  name               = "r"\n  assume_role_policy = data.aws_iam_policy_document.t.json\n}\n`;
    const json = (call: string, file: string) =>
      JSON.stringify({ data: { aws_iam_policy_document: { t: { source_policy_documents: [`\${${read(call, file)}}`] } } }, resource: { aws_iam_role: { r: { name: 'r', assume_role_policy: '${data.aws_iam_policy_document.t.json}' } } } });
    for (const [call, file] of [
      ['file', 'trust.json'],
      ['file', 'trust.json.tpl'],
      ['templatefile', 'trust.json'],
      ['templatefile', 'trust.json.tpl'],
    ] as const) {
      for (const tree of [{ 'main.tf': hcl(call, file) }, { 'main.tf.json': json(call, file) }]) {
        const result = await scanTree({ ...tree, [file]: trustFile });
        expect(result.errors).toEqual([]);
        const found = result.findings.filter((finding) => finding.ruleId === 'trust-service-without-source-condition');
        expect(found.map(({ location }) => location.file.split('/').at(-1)), `${call} ${file}`).toEqual([file]);
        const description = found[0]!.fix?.description;
        if (call === 'file') expect(description).toContain(FILE_NOTE(found[0]!.location.file));
        else expect(description, `${call} ${file}`).toContain(HEREDOC_NOTE);
        if (call === 'templatefile') expect(description).not.toContain('in which file() resolves no');
      }
    }
  });

  it("says that the JSON text a root variable gives whole takes no ${...}, in its default or a quoted string a local reads, and beside a plan; a module's caller writes a heredoc that does", async () => {
    // Terraform refuses `${...}` in a default written in HCL ("Variables not allowed"), and takes a --var value as it is.
    const VARIABLE_NOTE = `(in the JSON text of var.trust, its default or the value set for it, where no \${...} resolves: Terraform refuses ${OWNER_VALUES} in a default and takes a value given on the command line as it is; ${INSTEAD}`;
    const role = (policy: string) => `resource "aws_iam_role" "r" {\n  name               = "r"\n  assume_role_policy = ${policy}\n}\n`;
    const heredocDefault = await findingOf(`variable "trust" {\n  type    = string\n  default = <<EOT\n${TRUST}\nEOT\n}\n${role('var.trust')}`, 'trust-service-without-source-condition');
    expect(heredocDefault.fix?.description).toContain(VARIABLE_NOTE);
    expect(heredocDefault.fix?.description).not.toContain('declare them');
    const quotedThroughLocal = await findingOf(`variable "trust" {\n  type    = string\n  default = ${JSON.stringify(TRUST)}\n}\nlocals {\n  trust = var.trust\n}\n${role('local.trust')}`, 'trust-service-without-source-condition');
    expect(quotedThroughLocal.fix?.description).toContain(VARIABLE_NOTE);
    // Still escaped as the quoted string writes its quotes.
    expect(quotedThroughLocal.fix?.snippet).toMatch(/^\\"Condition\\":/);
    const fromPlan = await scan(['plan.json'], { cwd: new URL('../fixtures/trust-service-without-source-condition/tf-plan-variable-default-text/', import.meta.url).pathname });
    expect(fromPlan.findings.map(({ location, fix }) => [location.startLine, fix?.description.includes(VARIABLE_NOTE)])).toEqual([[9, true]]);
    const viaModule = await scanTree({
      'main.tf': `module "m" {\n  source = "./m"\n  trust  = <<EOT\n${TRUST}\nEOT\n}\n`,
      'm/main.tf': `variable "trust" {\n  type = string\n}\n${role('var.trust')}`,
    });
    // A default in the JSON syntax is taken as written, as a value given on the command line is.
    const jsonDefault = await scanTree({ 'main.tf.json': JSON.stringify({ variable: { trust: { type: 'string', default: TRUST } }, resource: { aws_iam_role: { r: { name: 'r', assume_role_policy: '${var.trust}' } } } }, null, 2) });
    expect(jsonDefault.findings.find((finding) => finding.ruleId === 'trust-service-without-source-condition')?.fix?.description).toContain(
      `(in the JSON text of var.trust, its default or the value set for it, which Terraform takes as it is: ${OWNER_VALUES} would stay there literally and match no request; ${INSTEAD}`,
    );
    const [callerHeredoc] = viaModule.findings.filter((finding) => finding.ruleId === 'trust-service-without-source-condition');
    expect(callerHeredoc?.fix?.description).toContain("(in the policy's JSON text: ${...} resolves in a heredoc, not in file();");
  });

  it('escapes the snippet for the JSON string of a root variable set in terraform.tfvars.json or defaulted in a .tf.json file, as for an HCL quoted string', async () => {
    const role = `resource "aws_iam_role" "r" {\n  name               = "r"\n  assume_role_policy = var.trust\n}\n`;
    const fixesOf = async (tree: Record<string, string>) => {
      const result = await scanTree(tree);
      expect(result.errors).toEqual([]);
      return result.findings.filter((finding) => finding.ruleId === 'trust-service-without-source-condition').map((finding) => finding.fix);
    };
    const quoted = await fixesOf({ 'main.tf': `variable "trust" {\n  type    = string\n  default = ${JSON.stringify(TRUST)}\n}\n${role}` });
    const set = await fixesOf({ 'main.tf': `variable "trust" {\n  type = string\n}\n${role}`, 'terraform.tfvars.json': JSON.stringify({ trust: TRUST }) });
    const defaulted = await fixesOf({ 'main.tf.json': JSON.stringify({ variable: { trust: { type: 'string', default: TRUST } }, resource: { aws_iam_role: { r: { name: 'r', assume_role_policy: '${var.trust}' } } } }) });
    expect(quoted).toHaveLength(1);
    expect(quoted[0]?.snippet).toMatch(/^\\"Condition\\":\{\\"StringEquals\\":/);
    // The finding points into the string terraform.tfvars.json writes, which the description names.
    expect(set.map((fix) => fix?.snippet)).toEqual(quoted.map((fix) => fix?.snippet));
    expect(set[0]?.description).toContain('(in the JSON text terraform.tfvars.json sets var.trust to, which Terraform takes as it is: ');
    // The same snippet; the description says that a default in HCL refuses the ${...} a .tf.json default keeps as written.
    expect(defaulted.map((fix) => fix?.snippet)).toEqual(quoted.map((fix) => fix?.snippet));
    expect(quoted[0]?.description).toContain('its default or the value set for it, where no ${...} resolves: Terraform refuses ');
    expect(defaulted[0]?.description).toContain('its default or the value set for it, which Terraform takes as it is: ');
  });

  it('writes the fix for the JSON text a variable file sets a root variable to, where the finding points: literal in a .tfvars.json string, refused in a .tfvars heredoc or quoted string; beside the plan as in the folder', async () => {
    const folder = 'test/fixtures/trust-service-without-source-condition/tf-plan-variable-file-text';
    const ADD = 'Add this Condition to the statement that trusts sagemaker.amazonaws.com';
    const refused = (variable: string) => `${ADD} (in the JSON text terraform.tfvars sets var.${variable} to, where Terraform refuses ${OWNER_VALUES}: a variable file holds constants; ${INSTEAD}`;
    const conditions = { StringEquals: { 'aws:SourceAccount': '${data.aws_caller_identity.current.account_id}' }, ArnLike: { 'aws:SourceArn': `${OWNER_ARN}:*` } };
    const fixes = (result: Awaited<ReturnType<typeof scan>>) =>
      result.findings.filter((finding) => finding.ruleId === 'trust-service-without-source-condition').map(({ resource, location, fix }) => ({ address: resource.address, file: location.file.split('/').at(-1), fix }));
    const files = { 'main.tf': readFileSync(join(folder, 'main.tf'), 'utf8'), 'terraform.tfvars': readFileSync(join(folder, 'terraform.tfvars'), 'utf8') };
    const inFolder = fixes(await scanTree(files));
    // The heredoc takes plain JSON; the quoted string escapes its quotes, and the snippet is written so.
    expect(inFolder).toEqual([
      { address: 'aws_iam_role.heredoc', file: 'terraform.tfvars', fix: { description: refused('heredoc_trust'), snippet: JSON.stringify({ Condition: conditions }, null, 2).slice(4, -2).replace(/\n {2}/g, '\n') } },
      { address: 'aws_iam_role.quoted', file: 'terraform.tfvars', fix: { description: refused('quoted_trust'), snippet: JSON.stringify({ Condition: conditions }).slice(1, -1).replaceAll('"', '\\"') } },
    ]);
    expect(fixes(await scan([folder]))).toEqual(inFolder);
    // The same text in a .tfvars.json string is taken as it is.
    const trust = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"sagemaker.amazonaws.com"},"Action":"sts:AssumeRole"}]}';
    const json = fixes(await scanTree({ 'main.tf': files['main.tf'], 'terraform.tfvars.json': JSON.stringify({ quoted_trust: trust, heredoc_trust: trust }) }));
    expect(json.map(({ file, fix }) => [file, fix?.description])).toEqual(
      ['quoted_trust', 'heredoc_trust'].map((variable) => ['terraform.tfvars.json', `${ADD} (in the JSON text terraform.tfvars.json sets var.${variable} to, which Terraform takes as it is: ${OWNER_VALUES} would stay there literally and match no request; ${INSTEAD}`]),
    );
    expect(json.map(({ fix }) => fix?.snippet)).toEqual([inFolder[1]!.fix?.snippet, inFolder[1]!.fix?.snippet]);
    // Passed on whole to a module, whose variable has another name: the text is still the variable file's, where no ${...} resolves.
    const module = {
      'main.tf': 'variable "quoted_trust" {\n  type = string\n}\nmodule "m" {\n  source = "./m"\n  trust  = var.quoted_trust\n}\n',
      'm/main.tf': 'variable "trust" {\n  type = string\n}\nresource "aws_iam_role" "r" {\n  name               = "r"\n  assume_role_policy = var.trust\n}\n',
      'terraform.tfvars': files['terraform.tfvars'],
    };
    expect(fixes(await scanTree(module))).toEqual([
      { address: 'module.m.aws_iam_role.r', file: 'terraform.tfvars', fix: { ...inFolder[1]!.fix, description: `${ADD} (in the JSON text terraform.tfvars sets a root variable to, where Terraform refuses ${OWNER_VALUES}: a variable file holds constants; ${INSTEAD}` } },
    ]);
  });

  it('points trust-sagemaker-role-unassumable at the refusing condition of each Allow that trusts SageMaker', async () => {
    const allow = (resource: string) => `{
      Effect    = "Allow"
      Principal = { Service = "sagemaker.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = { ArnLike = { "aws:SourceArn" = "arn:aws:sagemaker:us-east-1:493827160514:${resource}" } }
    }`;
    const finding = await findingOf(
      `resource "aws_iam_role" "exec" {
  name = "exec"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [${allow('training-job/*')}, ${allow('processing-job/*')}]
  })
}
resource "aws_sagemaker_model" "m" {
  name               = "m"
  execution_role_arn = aws_iam_role.exec.arn
  primary_container {
    image = "683313688378.dkr.ecr.us-east-1.amazonaws.com/xgboost:1"
  }
}`,
      'trust-sagemaker-role-unassumable',
    );
    // The aws:SourceArn of each statement, which the literal arn:...:* inference presents fails.
    expect(finding.related.map((related) => related.location.startLine)).toEqual([9, 14]);
  });

  it('writes a whole statement as an HCL object when no statement trusts SageMaker', async () => {
    const finding = await findingOf(
      `resource "aws_iam_role" "lambda" {
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}
resource "aws_sagemaker_model" "m" {
  execution_role_arn = aws_iam_role.lambda.arn
}`,
      'trust-sagemaker-role-unassumable',
    );
    expect(finding.fix?.snippet).toBe(
      [
        '{',
        '  Effect    = "Allow"',
        '  Principal = { Service = "sagemaker.amazonaws.com" }',
        '  Action    = "sts:AssumeRole"',
        '  Condition = {',
        '    StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.current.account_id }',
        `    ArnLike      = { "aws:SourceArn" = "${OWNER_ARN}:*" }`,
        '  }',
        '}',
      ].join('\n'),
    );
  });

  it('writes a condition block for the Deny that refuses what the Allow lets in', async () => {
    const finding = await findingOf(
      `data "aws_caller_identity" "current" {}
data "aws_region" "current" {}
data "aws_partition" "current" {}
data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["sagemaker.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
  statement {
    effect  = "Deny"
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["sagemaker.amazonaws.com"]
    }
    condition {
      test     = "StringNotLike"
      variable = "aws:SourceArn"
      values   = ["${OWNER_ARN}:endpoint/*"]
    }
  }
}
resource "aws_iam_role" "exec" {
  assume_role_policy = data.aws_iam_policy_document.trust.json
}
resource "aws_sagemaker_model" "m" {
  execution_role_arn = aws_iam_role.exec.arn
}`,
      'trust-sagemaker-role-unassumable',
    );
    expect(finding.related.map((related) => related.location.startLine)).toEqual([24]);
    expect(finding.fix?.description).toBe(
      'Merge this into the Condition of the Deny statement that refuses sagemaker.amazonaws.com (covers aws_sagemaker_model.m), so that its request passes, or remove the statement; StringNotEquals exempts the source ARN with its literal * alone, where ArnNotLike would read the * as a wildcard and exempt every source ARN of this account' + PROVIDER_6_REGION,
    );
    expect(finding.fix?.snippet).toBe(['condition {', '  test     = "StringNotEquals"', '  variable = "aws:SourceArn"', `  values   = ["${OWNER_ARN}:*"]`, '}'].join('\n'));
  });

  it('reads the external id from a sensitive variable', async () => {
    const finding = await findingOf(
      `data "aws_iam_policy_document" "partner" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::210987654321:root"]
    }
  }
}
resource "aws_iam_role" "partner" {
  assume_role_policy = data.aws_iam_policy_document.partner.json
}`,
      'trust-cross-account-without-external-id',
    );
    expect(finding.fix?.description).toBe(
      'Add this Condition to the statement that trusts arn:aws:iam::210987654321:root, and a variable partner_external_id_210987654321 (type = string, sensitive = true) holding the external id the partner issued for this account',
    );
    expect(finding.fix?.snippet).toBe(['condition {', '  test     = "StringEquals"', '  variable = "sts:ExternalId"', '  values   = [var.partner_external_id_210987654321]', '}'].join('\n'));
  });

  it('names the variable after the sensitive variable that gives the partner account, not after the masked account', async () => {
    // Masked, a name made of the account would be partner_external_id_<var.partner_account>: no valid HCL.
    const result = await scanTree(
      {
        'main.tf': `variable "partner_account" {
  type      = string
  sensitive = true
}
resource "aws_iam_role" "partner" {
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::\${var.partner_account}:root" }, Action = "sts:AssumeRole" }]
  })
}`,
      },
      { variables: { partner_account: '210987654321' } },
    );
    const finding = result.findings.find((candidate) => candidate.ruleId === 'trust-cross-account-without-external-id');
    expect(finding?.message).toContain('of account <var.partner_account>');
    expect(finding?.fix?.description).toContain('a variable partner_external_id_for_partner_account (type = string, sensitive = true)');
    expect(finding?.fix?.snippet).toContain('= var.partner_external_id_for_partner_account }');
    expect(`${finding?.fix?.description}${finding?.fix?.snippet}`).not.toContain('external_id_<');
  });

  it.each([
    ['the .tf files', 'tf-sensitive-partners'],
    ['a real plan beside them', 'tf-plan-sensitive-partners'],
  ])('tells two items of a sensitive list apart, and reads the sensitive variable with a default another statement reads the external id from, showing no value, in %s', async (_label, folder) => {
    const result = await scan([join(import.meta.dirname, '..', 'fixtures', 'trust-cross-account-without-external-id', folder)]);
    const findings = result.findings.filter((candidate) => candidate.ruleId === 'trust-cross-account-without-external-id');
    const items = findings.filter((finding) => finding.resource.address === 'aws_iam_role.partners').sort((a, b) => a.message.localeCompare(b.message));
    // Both partners are read at one place (identifiers = var.partners): masked alike, they were one message and one fingerprint.
    expect(items.map((finding) => finding.message)).toEqual([0, 1].map((index) => `principal <var.partners[${index}]> of account <var.partners[${index}]> may assume role aws_iam_role.partners without sts:ExternalId, aws:PrincipalOrgID or MFA conditions`));
    expect(new Set(items.map((finding) => finding.fingerprint)).size).toBe(2);
    expect(items.map((finding) => finding.fix?.snippet.match(/var\.partner_external_id\w*/)?.[0])).toEqual(['var.partner_external_id_for_partners_0', 'var.partner_external_id_for_partners_1']);
    // The plan renders the data source with the sensitive default: the fix reads the variable, as the .tf scan does.
    const more = findings.find((finding) => finding.resource.address === 'aws_iam_role.more');
    expect(more?.fix?.description).toBe('Add this Condition to the statement that trusts arn:aws:iam::210987654321:root, reading the external id var.external_id holds, as another statement of the policy does');
    expect(more?.fix?.snippet).toContain('values   = [var.external_id]');
    expect(JSON.stringify(result.findings)).not.toMatch(/410987654321|510987654321|7f3c2a91/);
  });

  describe('trust-any-principal pins the caller to the owner account', () => {
    const OWN_ACCOUNT =
      'so that only principals of this account may assume aws_iam_role.open (to let in the accounts of your organization, pin aws:PrincipalOrgID to its id instead)';
    const documentRole = (statement: string) => `data "aws_caller_identity" "current" {}
data "aws_iam_policy_document" "open" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
${statement}
  }
}
resource "aws_iam_role" "open" {
  assume_role_policy = data.aws_iam_policy_document.open.json
}`;

    it('with a condition block of aws_iam_policy_document, after which the rule is silent', async () => {
      const finding = await findingOf(documentRole(''), 'trust-any-principal');
      expect(finding.fix?.description).toBe(`Add this Condition to the statement that lets in any principal, ${OWN_ACCOUNT}`);
      expect(finding.fix?.snippet).toBe(['condition {', '  test     = "StringEquals"', '  variable = "aws:PrincipalAccount"', '  values   = [data.aws_caller_identity.current.account_id]', '}'].join('\n'));
      const fixed = await scanTree({ 'main.tf': documentRole(finding.fix!.snippet) });
      expect(fixed.findings.filter((item) => item.ruleId.startsWith('trust-'))).toEqual([]);
    });

    it('with an HCL object for jsonencode, in a statement of its own when the statement trusts others', async () => {
      const role = (principal: string, extra = '') => `data "aws_caller_identity" "current" {}
resource "aws_iam_role" "open" {
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = ${principal}, Action = "sts:AssumeRole" }${extra}]
  })
}`;
      const alone = await findingOf(role('{ AWS = "*" }'), 'trust-any-principal');
      expect(alone.fix?.snippet).toBe(['Condition = {', '  StringEquals = { "aws:PrincipalAccount" = data.aws_caller_identity.current.account_id }', '}'].join('\n'));
      const shared = await findingOf(role('{ AWS = ["*"], Service = "ec2.amazonaws.com" }'), 'trust-any-principal');
      expect(shared.fix?.description).toBe(`Move {"AWS": "*"} out of the statement into one of its own, ${`${OWN_ACCOUNT}: the statement also trusts ec2.amazonaws.com, which this condition would refuse`}`);
      const fixed = await scanTree({ 'main.tf': role('{ Service = "ec2.amazonaws.com" }', `, ${shared.fix!.snippet}`) });
      expect(fixed.findings.filter((item) => item.ruleId.startsWith('trust-'))).toEqual([]);
    });
  });

  describe('in a plan without its .tf files', () => {
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    const asPlanned = JSON.stringify({ Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' } }], Version: '2012-10-17' });
    /** The fix of the finding on a role whose trust policy, rendered in the plan, the configuration writes with these references. */
    async function fixWith(references: string[], documentText = trust, { ruleId = 'trust-service-without-source-condition', planned = asPlanned } = {}): Promise<Finding['fix']> {
      const role = { address: 'aws_iam_role.exec', mode: 'managed', type: 'aws_iam_role', name: 'exec', provider_name: 'registry.terraform.io/hashicorp/aws' };
      const values = { assume_role_policy: planned, name: 'exec' };
      const plan = {
        format_version: '1.2',
        planned_values: { root_module: { resources: [{ ...role, schema_version: 0, values, sensitive_values: {} }] } },
        resource_changes: [{ ...role, change: { actions: ['create'], before: null, after: values, after_unknown: { arn: true, id: true }, before_sensitive: false, after_sensitive: {} } }],
        // Terraform writes a data source read at plan time in the prior state.
        // The data source writes its text with blanks; the provider plans the role's minified, its keys sorted.
        prior_state: { values: { root_module: { resources: [{ address: 'data.aws_iam_policy_document.trust', mode: 'data', type: 'aws_iam_policy_document', name: 'trust', provider_name: role.provider_name, schema_version: 0, values: { id: '1', json: JSON.stringify(JSON.parse(documentText), null, 2), minified_json: documentText }, sensitive_values: {} }] } } },
        configuration: { root_module: { resources: [{ address: 'aws_iam_role.exec', mode: 'managed', type: 'aws_iam_role', name: 'exec', provider_config_key: 'aws', expressions: { assume_role_policy: { references }, name: { constant_value: 'exec' } }, schema_version: 0 }] } },
      };
      const directory = mkdtempSync(join(tmpdir(), 'deputy-plan-fix-'));
      try {
        writeFileSync(join(directory, 'plan.json'), JSON.stringify(plan, null, 2));
        const result = await scan([join(directory, 'plan.json')]);
        expect(result.errors).toEqual([]);
        return result.findings.find((finding) => finding.ruleId === ruleId)?.fix;
      } finally {
        rmSync(directory, { recursive: true, force: true });
      }
    }

    it('writes condition blocks where the configuration writes the policy as a policy document data source', async () => {
      const fix = await fixWith(['data.aws_iam_policy_document.trust.json', 'data.aws_iam_policy_document.trust']);
      expect(fix?.snippet).toMatch(/^condition \{\n  test     = "StringEquals"/);
      expect(fix?.description).not.toContain('JSON text');
      // The finding points into the plan's text of the policy: the fix names the data source its blocks go in.
      expect(fix?.description).toMatch(/^Add this Condition to the statement of data\.aws_iam_policy_document\.trust that trusts sagemaker\.amazonaws\.com;/);
      const partner = JSON.stringify({ Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::210987654321:root' } }], Version: '2012-10-17' });
      const externalId = await fixWith(['data.aws_iam_policy_document.trust.json', 'data.aws_iam_policy_document.trust'], partner, { ruleId: 'trust-cross-account-without-external-id', planned: partner });
      expect(externalId?.snippet).toMatch(/^condition \{\n  test     = "StringEquals"\n  variable = "sts:ExternalId"/);
      expect(externalId?.description).toMatch(/^Add this Condition to the statement of data\.aws_iam_policy_document\.trust that trusts arn:aws:iam::210987654321:root,/);
      // Terraform before 0.13 names the data source without its attribute; minified_json is the same document.
      expect((await fixWith(['data.aws_iam_policy_document.trust']))?.snippet).toMatch(/^condition \{/);
      expect((await fixWith(['data.aws_iam_policy_document.trust.minified_json', 'data.aws_iam_policy_document.trust']))?.snippet).toMatch(/^condition \{/);
    });

    it('names the document by its module instance and by the key the role reads it with', async () => {
      const provider = 'registry.terraform.io/hashicorp/aws';
      const role = (module: string, name: string, key?: number) => ({ address: `${module}aws_iam_role.${name}${key === undefined ? '' : `[${key}]`}`, mode: 'managed', type: 'aws_iam_role', name, ...(key === undefined ? {} : { index: key }), provider_name: provider });
      const document = (module: string, name: string, text: string, key?: number) => ({ address: `${module}data.aws_iam_policy_document.${name}${key === undefined ? '' : `[${key}]`}`, mode: 'data', type: 'aws_iam_policy_document', name, ...(key === undefined ? {} : { index: key }), provider_name: provider, schema_version: 0, values: { id: '1', json: text, minified_json: text }, sensitive_values: {} });
      const ec2 = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
      const roles = [role('', 'exec', 0), role('', 'exec', 1), role('module.a.', 'exec')];
      const values = { assume_role_policy: asPlanned, name: 'exec' };
      const plan = {
        format_version: '1.2',
        planned_values: { root_module: { resources: roles.slice(0, 2).map((head) => ({ ...head, schema_version: 0, values, sensitive_values: {} })), child_modules: [{ address: 'module.a', resources: [{ ...roles[2], schema_version: 0, values, sensitive_values: {} }] }] } },
        resource_changes: roles.map((head) => ({ ...head, ...(head.address.startsWith('module.') ? { module_address: 'module.a' } : {}), change: { actions: ['create'], before: null, after: values, after_unknown: { arn: true, id: true }, before_sensitive: false, after_sensitive: {} } })),
        // The root declares a document of the module's document's name, which trusts another service.
        prior_state: { values: { root_module: { resources: [document('', 'trust', ec2), document('', 'keyed', trust, 0), document('', 'keyed', trust, 1)], child_modules: [{ address: 'module.a', resources: [document('module.a.', 'trust', trust)] }] } } },
        configuration: {
          root_module: {
            resources: [{ address: 'aws_iam_role.exec', mode: 'managed', type: 'aws_iam_role', name: 'exec', provider_config_key: 'aws', expressions: { assume_role_policy: { references: ['data.aws_iam_policy_document.keyed', 'count.index'] } }, count_expression: { constant_value: 2 }, schema_version: 0 }],
            module_calls: { a: { source: './a', module: { resources: [{ address: 'aws_iam_role.exec', mode: 'managed', type: 'aws_iam_role', name: 'exec', provider_config_key: 'aws', expressions: { assume_role_policy: { references: ['data.aws_iam_policy_document.trust.json', 'data.aws_iam_policy_document.trust'] } }, schema_version: 0 }] } } },
          },
        },
      };
      const directory = mkdtempSync(join(tmpdir(), 'deputy-plan-fix-'));
      try {
        writeFileSync(join(directory, 'plan.json'), JSON.stringify(plan, null, 2));
        const result = await scan([join(directory, 'plan.json')]);
        expect(result.errors).toEqual([]);
        const fixes = Object.fromEntries(result.findings.filter((finding) => finding.ruleId === 'trust-service-without-source-condition').map((finding) => [finding.resource.address, finding.fix?.description.replace(/ that trusts.*/s, '')]));
        expect(fixes).toEqual({
          'aws_iam_role.exec[0]': 'Add this Condition to the statement of data.aws_iam_policy_document.keyed[0]',
          'aws_iam_role.exec[1]': 'Add this Condition to the statement of data.aws_iam_policy_document.keyed[1]',
          'module.a.aws_iam_role.exec': 'Add this Condition to the statement of module.a.data.aws_iam_policy_document.trust',
        });
      } finally {
        rmSync(directory, { recursive: true, force: true });
      }
    });

    it('writes condition blocks for trust-any-principal where the configuration writes the policy as a policy document data source', async () => {
      const open = JSON.stringify({ Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: '*' }], Version: '2012-10-17' });
      const fix = await fixWith(['data.aws_iam_policy_document.trust.json', 'data.aws_iam_policy_document.trust'], open, { ruleId: 'trust-any-principal', planned: open });
      expect(fix?.description).toMatch(/^Add this Condition to the statement of data\.aws_iam_policy_document\.trust that lets in any principal,/);
      expect(fix?.snippet).toBe(['condition {', '  test     = "StringEquals"', '  variable = "aws:PrincipalAccount"', '  values   = [data.aws_caller_identity.current.account_id]', '}'].join('\n'));
    });

    it('writes JSON text where the policy reads more than the document, no document, or is built around one', async () => {
      // jsonencode(concat(jsondecode(data...json).Statement, [...])) refers to the data source alone, and holds another text.
      const around = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
      const cases: Array<[string[], string?]> = [[['data.aws_iam_policy_document.trust.json', 'data.aws_iam_policy_document.trust', 'var.account']], [['local.trust']], [[]], [['data.aws_iam_policy_document.trust.json', 'data.aws_iam_policy_document.trust'], around]];
      for (const [references, documentText] of cases) {
        const fix = await fixWith(references, documentText);
        expect(fix?.snippet, references.join()).toMatch(/^"Condition": \{/);
        expect(fix?.description).toContain("(in the policy's JSON text");
        expect(fix?.description).not.toContain('data.aws_iam_policy_document');
      }
    });
  });
});

describe('trust fixes for statements written as objects a module makes its statement blocks of', () => {
  const MODULE = readFileSync(new URL('../fixtures/trust-service-without-source-condition/tf-module-statement-objects/modules/role/main.tf', import.meta.url), 'utf8');
  const SOURCE_CONDITIONS = [
    '{',
    '  test     = "StringEquals"',
    '  variable = "aws:SourceAccount"',
    '  values   = [data.aws_caller_identity.current.account_id]',
    '},',
    '{',
    '  test     = "ArnLike"',
    '  variable = "aws:SourceArn"',
    `  values   = ["${OWNER_ARN}:*"]`,
    '},',
  ];
  const indented = (lines: string[], by: string): string[] => lines.map((line) => by + line);
  const notebook = 'resource "aws_sagemaker_notebook_instance" "nb" {\n  name          = "nb"\n  instance_type = "ml.t3.medium"\n  role_arn      = module.role.arn\n}\n';

  async function fixesOf(call: string, ruleId = 'trust-service-without-source-condition'): Promise<Finding[]> {
    const result = await scanTree({ 'main.tf': `module "role" {\n  source = "./modules/role"\n${call}\n}\n${notebook}`, 'modules/role/main.tf': MODULE });
    expect(result.errors).toEqual([]);
    return result.findings.filter((finding) => finding.ruleId === ruleId);
  }

  it('adds the conditions as the list the module reads, with its keys', async () => {
    const [finding] = await fixesOf('  trust_statements = {\n    SageMaker = {\n      actions    = ["sts:AssumeRole"]\n      principals = [{ type = "Service", identifiers = ["sagemaker.amazonaws.com"] }]\n    }\n  }');
    expect(finding?.location.startLine).toBe(6);
    expect(finding?.fix?.description).toContain('Add this Condition to the statement that trusts sagemaker.amazonaws.com');
    expect(finding?.fix?.description).toContain('(the module makes its statement blocks of objects passed to it: this is written as they are, with the keys the module reads)');
    // The module's dynamic "condition" block names its iterator `cond`: the keys are the ones its content reads.
    expect(finding?.fix?.snippet).toBe(['condition = [', ...indented(SOURCE_CONDITIONS, '  '), ']'].join('\n'));
  });

  it('writes a statement of its own as an entry of the map the module iterates, or an element of its list', async () => {
    const statement = (principals: string) => `{\n      actions    = ["sts:AssumeRole"]\n      principals = [{ type = "Service", identifiers = [${principals}] }]\n    }`;
    const [keyed] = await fixesOf(`  trust_statements = {\n    Services = ${statement('"sagemaker.amazonaws.com", "ec2.amazonaws.com"')}\n  }`);
    const body = ['  actions = ["sts:AssumeRole"]', '  principals = [', '    {', '      type        = "Service"', '      identifiers = ["sagemaker.amazonaws.com"]', '    },', '  ]', '  condition = [', ...indented(SOURCE_CONDITIONS, '    '), '  ]'];
    expect(keyed?.fix?.description).toMatch(/^Move sagemaker\.amazonaws\.com out of the statement into one of its own/);
    expect(keyed?.fix?.snippet).toBe(['TrustSagemaker = {', ...body, '}'].join('\n'));
    const [listed] = await fixesOf(`  trust_statements  = {}\n  listed_statements = [${statement('"sagemaker.amazonaws.com", "ec2.amazonaws.com"')}]`);
    expect(listed?.fix?.snippet).toBe(['{', ...body, '},'].join('\n'));
  });

  it('adds entries to the conditions the object writes already', async () => {
    const [finding] = await fixesOf(
      '  trust_statements = {\n    Partner = {\n      actions    = ["sts:AssumeRole"]\n      principals = [{ type = "AWS", identifiers = ["arn:aws:iam::307990089504:root"] }]\n      condition  = [{ test = "ArnLike", variable = "aws:PrincipalArn", values = ["arn:aws:iam::307990089504:role/deploy-*"] }]\n    }\n  }',
      'trust-cross-account-without-external-id',
    );
    expect(finding?.fix?.description).toMatch(/^Merge this into the Condition of the statement that trusts arn:aws:iam::307990089504:root, and a variable partner_external_id_307990089504/);
    expect(finding?.fix?.snippet).toBe(['{', '  test     = "StringEquals"', '  variable = "sts:ExternalId"', '  values   = [var.partner_external_id_307990089504]', '},'].join('\n'));
  });

  it('adds conditions as the object writes them where the module writes the principals itself, and a statement of its own as a block', async () => {
    const fixedPrincipals = MODULE.replace(
      'dynamic "principals" {\n        for_each = statement.value.principals\n        content {\n          type        = principals.value.type\n          identifiers = principals.value.identifiers\n        }\n      }',
      'principals {\n        type        = "Service"\n        identifiers = ["sagemaker.amazonaws.com"]\n      }',
    );
    expect(fixedPrincipals).not.toBe(MODULE);
    const result = await scanTree({
      'main.tf': `module "role" {\n  source = "./modules/role"\n  trust_statements = {\n    SageMaker = {\n      actions    = ["sts:AssumeRole"]\n      principals = []\n    }\n  }\n}\n${notebook}`,
      'modules/role/main.tf': fixedPrincipals,
    });
    const finding = result.findings.find((candidate) => candidate.ruleId === 'trust-service-without-source-condition');
    expect(finding?.fix?.snippet).toBe(['condition = [', ...indented(SOURCE_CONDITIONS, '  '), ']'].join('\n'));
  });

  const partner = (condition: string) =>
    `  trust_statements = {\n    Partner = {\n      actions    = ["sts:AssumeRole"]\n      principals = [{ type = "AWS", identifiers = ["arn:aws:iam::307990089504:root"] }]\n${condition}    }\n  }`;
  const EXTERNAL_ID = ['  test     = "StringEquals"', '  variable = "sts:ExternalId"', '  values   = [var.partner_external_id_307990089504]'];

  it('writes the conditions in place of an empty list the object writes, and as a whole list for a statement of its own', async () => {
    const [empty] = await fixesOf(partner('      condition  = []\n'), 'trust-cross-account-without-external-id');
    expect(empty?.fix?.description).toContain('with the keys the module reads, in place of the empty condition the object writes)');
    expect(empty?.fix?.snippet).toBe(['condition = [', ...indented(['{', ...EXTERNAL_ID, '},'], '  '), ']'].join('\n'));
    // Two partners in one statement: each needs a statement of its own, whose conditions are written whole.
    const shared = (await fixesOf(partner('      condition  = [{ test = "Bool", variable = "aws:SecureTransport", values = ["true"] }]\n').replace('"arn:aws:iam::307990089504:root"', '"arn:aws:iam::307990089504:root", "arn:aws:iam::111122223333:root"'), 'trust-cross-account-without-external-id'))[0];
    expect(shared?.fix?.description).toMatch(/^Trust arn:aws:iam::307990089504:root in a statement of its own/);
    expect(shared?.fix?.snippet).toBe(['condition = [', ...indented(['{', ...EXTERNAL_ID, '},'], '  '), ']'].join('\n'));
  });

  it('names a statement of its own by a key the map does not hold yet', async () => {
    const [finding] = await fixesOf('  trust_statements = {\n    TrustSagemaker = {\n      actions    = ["sts:AssumeRole"]\n      principals = [{ type = "Service", identifiers = ["sagemaker.amazonaws.com", "ec2.amazonaws.com"] }]\n    }\n  }');
    expect(finding?.fix?.snippet.split('\n')[0]).toBe('TrustSagemaker2 = {');
  });

  it('keeps blocks for an object a for expression writes for several statements, or conditions read from a local other statements share', async () => {
    const [built] = await fixesOf('  trust_statements = { for service in ["sagemaker", "ec2"] : service => { actions = ["sts:AssumeRole"], principals = [{ type = "Service", identifiers = ["${service}.amazonaws.com"] }] } }');
    expect(built?.fix?.snippet).toMatch(/^condition \{/);
    const result = await scanTree({
      'main.tf': `locals {\n  common = [{ test = "Bool", variable = "aws:SecureTransport", values = ["true"] }]\n}\nmodule "role" {\n  source = "./modules/role"\n${partner('      condition  = local.common\n')}\n}\n`,
      'modules/role/main.tf': MODULE,
    });
    const shared = result.findings.find((finding) => finding.ruleId === 'trust-cross-account-without-external-id');
    expect(shared?.fix?.snippet).toMatch(/^condition \{/);
  });

  it('writes conditions the module takes as a map by a name of each, and the keys an input type requires', async () => {
    const typed = MODULE.replace(
      /variable "trust_statements" \{[\s\S]*?\n\}\n/,
      'variable "trust_statements" {\n  type = map(object({\n    effect     = string\n    actions    = list(string)\n    principals = list(object({ type = string, identifiers = list(string) }))\n    path       = string\n    condition  = optional(map(object({ test = string, variable = string, values = list(string) })), {})\n  }))\n}\n',
    );
    expect(typed).not.toBe(MODULE);
    const call = '  trust_statements = {\n    Services = {\n      effect     = "Allow"\n      path       = "/ml/"\n      actions    = ["sts:AssumeRole"]\n      principals = [{ type = "Service", identifiers = ["sagemaker.amazonaws.com", "ec2.amazonaws.com"] }]\n    }\n  }';
    const result = await scanTree({ 'main.tf': `module "role" {\n  source = "./modules/role"\n${call}\n}\n${notebook}`, 'modules/role/main.tf': typed });
    const finding = result.findings.find((candidate) => candidate.ruleId === 'trust-service-without-source-condition');
    // The content does not read `effect` or `path`; the type requires them, and the object writes literals for them.
    expect(finding?.fix?.snippet.split('\n').slice(0, 4)).toEqual(['TrustSagemaker = {', '  actions = ["sts:AssumeRole"]', '  effect  = "Allow"', '  path    = "/ml/"']);
    expect(finding?.fix?.snippet).toContain(['  condition = {', '    SourceAccount = {', '      test     = "StringEquals"'].join('\n'));
  });

  it('names a statement of its own by a key and Sid no statement of the policy has', async () => {
    const withSid = MODULE.replace('sid     = statement.key', 'sid     = coalesce(try(statement.value.sid, null), statement.key)');
    expect(withSid).not.toBe(MODULE);
    const result = await scanTree({
      'main.tf': `module "role" {\n  source = "./modules/role"\n  trust_statements = {\n    Services = {\n      sid        = "TrustSagemaker"\n      actions    = ["sts:AssumeRole"]\n      principals = [{ type = "Service", identifiers = ["sagemaker.amazonaws.com", "ec2.amazonaws.com"] }]\n    }\n  }\n}\n${notebook}`,
      'modules/role/main.tf': withSid.replace('variable "trust_statements" {\n  type = map(object({\n', 'variable "trust_statements" {\n  type = map(object({\n    sid = optional(string)\n'),
    });
    const finding = result.findings.find((candidate) => candidate.ruleId === 'trust-service-without-source-condition');
    expect(finding?.fix?.snippet.split('\n').slice(0, 2)).toEqual(['TrustSagemaker2 = {', '  sid     = "TrustSagemaker2"']);
  });

  it('gives a statement of its own in a list a Sid no statement has', async () => {
    const listedSids = MODULE.replace('    iterator = s\n    content {\n', '    iterator = s\n    content {\n      sid     = s.value.sid\n').replace('variable "listed_statements" {\n  type = list(object({\n', 'variable "listed_statements" {\n  type = list(object({\n    sid = optional(string)\n');
    expect(listedSids).not.toBe(MODULE);
    const result = await scanTree({
      'main.tf': `module "role" {\n  source            = "./modules/role"\n  trust_statements  = {}\n  listed_statements = [{ sid = "TrustSagemaker", actions = ["sts:AssumeRole"], principals = [{ type = "Service", identifiers = ["sagemaker.amazonaws.com", "ec2.amazonaws.com"] }] }]\n}\n${notebook}`,
      'modules/role/main.tf': listedSids,
    });
    const finding = result.findings.find((candidate) => candidate.ruleId === 'trust-service-without-source-condition');
    expect(finding?.fix?.snippet.split('\n').slice(0, 2)).toEqual(['{', '  sid     = "TrustSagemaker2"']);
  });

  it('keeps blocks where a module the object passes through on its way has an input type without the conditions', async () => {
    const wrapper = 'variable "statements" {\n  type = map(object({ actions = list(string), principals = list(object({ type = string, identifiers = list(string) })) }))\n}\nmodule "role" {\n  source           = "../role"\n  trust_statements = var.statements\n}\noutput "arn" {\n  value = module.role.arn\n}\n';
    const result = await scanTree({
      'main.tf': 'module "wrapped" {\n  source     = "./modules/wrapper"\n  statements = { SageMaker = { actions = ["sts:AssumeRole"], principals = [{ type = "Service", identifiers = ["sagemaker.amazonaws.com"] }] } }\n}\n' + notebook.replace('module.role.arn', 'module.wrapped.arn'),
      'modules/role/main.tf': MODULE,
      'modules/wrapper/main.tf': wrapper,
    });
    const finding = result.findings.find((candidate) => candidate.ruleId === 'trust-service-without-source-condition');
    expect(finding?.location.file).toBe('main.tf');
    expect(finding?.fix?.snippet).toMatch(/^condition \{/);
  });

  it('keeps blocks for an object written in a variable default (no reference is allowed there), and a statement of its own out of a for-built map', async () => {
    const result = await scanTree({
      'main.tf': `variable "trust" {\n  default = {\n    SageMaker = {\n      actions    = ["sts:AssumeRole"]\n      principals = [{ type = "Service", identifiers = ["sagemaker.amazonaws.com"] }]\n    }\n  }\n}\nmodule "role" {\n  source           = "./modules/role"\n  trust_statements = var.trust\n}\n${notebook}`,
      'modules/role/main.tf': MODULE,
    });
    const fallback = result.findings.find((candidate) => candidate.ruleId === 'trust-service-without-source-condition')?.fix;
    expect(fallback?.snippet).toMatch(/^condition \{/);
    // The blocks go into the module's dynamic block, which the finding (at the object) does not point into.
    const content = MODULE.split('\n').findIndex((line) => line.includes('content {')) + 1;
    expect(fallback?.description).toContain(`; it goes in the content block at modules/role/main.tf:${content} of the dynamic "statement" block that makes the statement;`);
    const [built] = await fixesOf('  trust_statements = { for name in ["Services"] : name => { actions = ["sts:AssumeRole"], principals = [{ type = "Service", identifiers = ["sagemaker.amazonaws.com", "ec2.amazonaws.com"] }] } }');
    expect(built?.fix?.description).not.toContain('the module makes its statement blocks of objects');
    expect(built?.fix?.snippet).toMatch(/^statement \{/);
  });

  it('writes JSON where a .tf.json file writes the objects: conditions, a statement of its own, the external id variable', async () => {
    const statements = (identifiers: string[]) => ({ actions: ['sts:AssumeRole'], principals: [{ type: 'Service', identifiers }] });
    const result = await scanTree({
      'main.tf.json': JSON.stringify(
        {
          module: {
            alone: { source: './modules/role', trust_statements: { SageMaker: statements(['sagemaker.amazonaws.com']) } },
            shared: { source: './modules/role', trust_statements: { Services: statements(['sagemaker.amazonaws.com', 'ec2.amazonaws.com']) } },
            listed: { source: './modules/role', trust_statements: {}, listed_statements: [{ actions: ['sts:AssumeRole'], principals: [{ type: 'AWS', identifiers: ['arn:aws:iam::111122223333:root'] }] }] },
          },
        },
        null,
        2,
      ),
      'modules/role/main.tf': MODULE,
    });
    expect(result.errors).toEqual([]);
    const fixOf = (ruleId: string, module: string) => result.findings.find((finding) => finding.ruleId === ruleId && finding.resource.address.startsWith(`module.${module}.`))?.fix;
    const sourceConditions = [
      { test: 'StringEquals', variable: 'aws:SourceAccount', values: ['${data.aws_caller_identity.current.account_id}'] },
      { test: 'ArnLike', variable: 'aws:SourceArn', values: [`${OWNER_ARN}:*`] },
    ];
    const alone = fixOf('trust-service-without-source-condition', 'alone');
    expect(JSON.parse(`{${alone?.snippet}}`)).toEqual({ condition: sourceConditions });
    expect(alone?.description).toContain('(the module makes its statement blocks of objects passed to it: this is written as they are, with the keys the module reads); it reads "data": {');
    const shared = fixOf('trust-service-without-source-condition', 'shared');
    expect(JSON.parse(`{${shared?.snippet}}`)).toEqual({ TrustSagemaker: { ...statements(['sagemaker.amazonaws.com']), condition: sourceConditions } });
    const listed = fixOf('trust-cross-account-without-external-id', 'listed');
    expect(JSON.parse(`{${listed?.snippet}}`)).toEqual({ condition: [{ test: 'StringEquals', variable: 'sts:ExternalId', values: ['${var.partner_external_id_111122223333}'] }] });
    expect(listed?.description).toContain('("variable": { "partner_external_id_111122223333": { "type": "string", "sensitive": true } })');
  });

  it('locates and writes the fixes of a plan made from the .tf files (beside them) as a scan of the files does, for trust and identity rules', async () => {
    const rules = ['trust-service-without-source-condition', 'trust-cross-account-without-external-id', 'identity-passrole-unscoped', 'identity-forallvalues-without-null'];
    const shown = (findings: readonly Finding[]) =>
      findings.filter((finding) => rules.includes(finding.ruleId)).map(({ ruleId, location: { file, startLine, startColumn, endLine, endColumn }, message, fix }) => ({ ruleId, file, startLine, startColumn, endLine, endColumn, message, fix }));
    /** The findings of the fixture's plan (in the folder), and of a copy of its .tf files alone. */
    const bothWays = async (fixture: string, files: readonly string[]) => {
      const folder = new URL(`../fixtures/${fixture}/`, import.meta.url).pathname;
      const copy = mkdtempSync(join(tmpdir(), 'deputy-plan-objects-'));
      try {
        for (const file of files) {
          mkdirSync(dirname(join(copy, file)), { recursive: true });
          writeFileSync(join(copy, file), readFileSync(join(folder, file), 'utf8'));
        }
        const fromFiles = await scan(['.'], { cwd: copy });
        const fromPlan = await scan(['plan.json'], { cwd: folder, terraformFolder: '.' });
        expect(fromFiles.errors).toEqual([]);
        expect(fromPlan.errors).toEqual([]);
        return { fromFiles: shown(fromFiles.findings), fromPlan: shown(fromPlan.findings) };
      } finally {
        rmSync(copy, { recursive: true, force: true });
      }
    };
    // Found where the caller writes each object, with fixes in the objects' shape, not in the module's dynamic blocks.
    const trust = await bothWays('trust-service-without-source-condition/tf-plan-module-statement-objects', ['main.tf', 'provider.tf', 'modules/role/main.tf']);
    expect(trust.fromFiles.map(({ file, startLine }) => `${file}:${startLine}`)).toEqual(['main.tf:10', 'main.tf:23', 'main.tf:36', 'main.tf:54']);
    expect(trust.fromFiles[0]?.fix?.snippet).toMatch(/^condition = \[/);
    // Each object is written for its caller's role alone: its fix covers that role's notebook, and no other caller's
    // statement (the partner's) is said to share it, though the module's content block makes them all.
    const trustFixes = trust.fromFiles.filter(({ ruleId }) => ruleId === 'trust-service-without-source-condition').map(({ fix }) => fix?.description);
    expect(trustFixes[0]).toContain('(covers aws_sagemaker_notebook_instance.alone)');
    expect(trustFixes[1]).toContain('(covers aws_sagemaker_notebook_instance.shared)');
    for (const description of trustFixes) expect(description).not.toContain('written once for');
    expect(trust.fromPlan).toEqual(trust.fromFiles);
    // An identity policy: a finding on a statement, and one on a condition a nested dynamic block makes of the object's entry.
    const identity = await bothWays('identity-forallvalues-without-null/tf-plan-module-statement-objects', ['main.tf', 'provider.tf', 'modules/perm/main.tf']);
    expect(identity.fromFiles.map(({ ruleId, file, startLine }) => `${ruleId} ${file}:${startLine}`).sort()).toEqual(['identity-forallvalues-without-null main.tf:15', 'identity-passrole-unscoped main.tf:7']);
    expect(identity.fromPlan).toEqual(identity.fromFiles);
  });

  it("reads the owner from the data sources of the module that writes the object, not of the module that reads it", async () => {
    const result = await scanTree({
      'main.tf': `data "aws_caller_identity" "me" {}\nmodule "role" {\n  source = "./modules/role"\n  trust_statements = { SageMaker = { actions = ["sts:AssumeRole"], principals = [{ type = "Service", identifiers = ["sagemaker.amazonaws.com"] }] } }\n}\n${notebook}`,
      'modules/role/main.tf': `${MODULE}\ndata "aws_caller_identity" "current" {\n  count = 1\n}\n`,
    });
    const fix = result.findings.find((finding) => finding.ruleId === 'trust-service-without-source-condition')?.fix;
    expect(fix?.snippet).toContain('values   = [data.aws_caller_identity.me.account_id]');
    expect(fix?.description).toContain('it reads data "aws_partition" "current" {}, data "aws_region" "current" {}, declare them');
  });

  it("reads the owner in the caller from the configuration the module call passes for the role's", async () => {
    const providers = 'provider "aws" {\n  region = "us-east-1"\n}\nprovider "aws" {\n  alias  = "west"\n  region = "us-west-2"\n}\n';
    const call = (passed: string) => `${providers}data "aws_caller_identity" "current" {}\nmodule "role" {\n  source = "./modules/role"\n${passed}  trust_statements = { SageMaker = { actions = ["sts:AssumeRole"], principals = [{ type = "Service", identifiers = ["sagemaker.amazonaws.com"] }] } }\n}\n`;
    const fixOf = async (passed: string) => {
      const result = await scanTree({ 'main.tf': call(passed), 'modules/role/main.tf': MODULE });
      return result.findings.find((finding) => finding.ruleId === 'trust-service-without-source-condition')?.fix;
    };
    const passed = await fixOf('  providers = {\n    aws = aws.west\n  }\n');
    expect(passed?.snippet).toContain('values   = [data.aws_caller_identity.west.account_id]');
    expect(passed?.description).toContain('it reads data "aws_caller_identity" "west" { provider = aws.west }, data "aws_partition" "west" { provider = aws.west }, data "aws_region" "west" { provider = aws.west }, declare them');
    // Without a `providers` argument the module reads the caller's default configuration.
    const inherited = await fixOf('');
    expect(inherited?.snippet).toContain('values   = [data.aws_caller_identity.current.account_id]');
  });

  it('reads the default configuration a call with a providers argument does not map, as Terraform passes it', async () => {
    const providers = 'provider "aws" {\n  region = "us-east-1"\n}\nprovider "aws" {\n  alias  = "west"\n  region = "us-west-2"\n}\n';
    const aliased = MODULE + 'terraform {\n  required_providers {\n    aws = {\n      source                = "hashicorp/aws"\n      configuration_aliases = [aws.x]\n    }\n  }\n}\n';
    // The caller's `current` is west's: the module's role reads the default configuration, whose data source takes another name.
    const main = `${providers}data "aws_caller_identity" "current" {\n  provider = aws.west\n}\nmodule "role" {\n  source = "./modules/role"\n  providers = {\n    aws.x = aws.west\n  }\n  trust_statements = { SageMaker = { actions = ["sts:AssumeRole"], principals = [{ type = "Service", identifiers = ["sagemaker.amazonaws.com"] }] } }\n}\n`;
    const result = await scanTree({ 'main.tf': main, 'modules/role/main.tf': aliased });
    const fix = result.findings.find((finding) => finding.ruleId === 'trust-service-without-source-condition')?.fix;
    expect(fix?.snippet).toContain('values   = [data.aws_caller_identity.current2.account_id]');
    expect(fix?.description).toContain('it reads data "aws_caller_identity" "current2" {}');
  });

  it('says that a for expression writes the statement once for several statements, each of which gets the conditions', async () => {
    const main = `locals {
  services = ["sagemaker.amazonaws.com", "ec2.amazonaws.com"]
}
resource "aws_iam_role" "a" {
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [for s in local.services : {
      Effect    = "Allow"
      Principal = { Service = s }
      Action    = "sts:AssumeRole"
    }]
  })
}`;
    const finding = await findingOf(main, 'trust-service-without-source-condition');
    // EC2 presents neither source key: the conditions written into the shared object would lock it out, unannounced.
    expect(finding.fix?.description).toContain('the object at main.tf:7 is written once by a for expression that makes 2 statements: each gets it');
    const alone = await findingOf(main.replace('["sagemaker.amazonaws.com", "ec2.amazonaws.com"]', '["sagemaker.amazonaws.com"]'), 'trust-service-without-source-condition');
    expect(alone.fix?.description).not.toContain('for expression');
  });

  it('says that a for expression making included documents of JSON text makes documents, not one object each statement gets', async () => {
    const main = `locals {
  docs = {
    a = <<-JSON
      {"Version": "2012-10-17", "Statement": [{"Sid": "A", "Effect": "Allow", "Principal": {"Service": "sagemaker.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
    JSON
    b = <<-JSON
      {"Version": "2012-10-17", "Statement": [{"Sid": "B", "Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
    JSON
  }
}
data "aws_iam_policy_document" "trust" {
  source_policy_documents = [for k, d in local.docs : replace(d, "\\n", "")]
}
resource "aws_iam_role" "r" {
  name               = "r"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}`;
    // Each statement is in a text of its own (not located in it here): no object is written once for both.
    const finding = await findingOf(main, 'trust-service-without-source-condition');
    expect(finding.location.startLine).toBe(12);
    expect(finding.fix?.description).toContain('the for expression at main.tf:12 makes 2 included documents, each a JSON text of its own: it goes into this statement in the text that holds it');
    expect(finding.fix?.description).not.toContain('statements: each gets it');
  });

  it('says that the object a for expression writes once in jsonencode() texts it includes goes into each, not into a text of each', async () => {
    const main = `data "aws_iam_policy_document" "trust" {
  source_policy_documents = [for s in ["sagemaker.amazonaws.com", "glue.amazonaws.com"] : jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = s }
      Action    = "sts:AssumeRole"
    }]
  })]
}
resource "aws_iam_role" "r" {
  name               = "r"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}`;
    // Each text is jsonencode() of the one object at line 4: there is no text of its own to write the condition in.
    const finding = await findingOf(main, 'trust-service-without-source-condition');
    expect(finding.fix?.description).toContain('the object at main.tf:4 is written once by a for expression that makes 2 statements: each gets it');
    expect(finding.fix?.description).not.toContain('included documents, each a JSON text of its own');
  });

  it('says that a for expression concat() joins before another list writes the statement once, as evaluating it tells', async () => {
    const main = `variable "services" {
  default = ["sagemaker.amazonaws.com"]
}
resource "aws_iam_role" "a" {
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(
      [for s in var.services : {
        Effect    = "Allow"
        Principal = { Service = s }
        Action    = "sts:AssumeRole"
      }],
      [{
        Effect    = "Allow"
        Principal = { Service = "lambda.amazonaws.com" }
        Action    = "sts:AssumeRole"
      }]
    )
  })
}`;
    // The for expression made one statement, the first: the finding is on the object it writes, which no other statement shares.
    const finding = await findingOf(main, 'trust-service-without-source-condition');
    expect(finding.location.startLine).toBe(10);
    expect(finding.fix?.description).toMatch(/^Add this Condition to the statement that trusts sagemaker\.amazonaws\.com/);
    expect(finding.fix?.description).not.toContain('for expression');
    const shared = await findingOf(main.replace('["sagemaker.amazonaws.com"]', '["sagemaker.amazonaws.com", "ec2.amazonaws.com"]'), 'trust-service-without-source-condition');
    expect(shared.location.startLine).toBe(10);
    expect(shared.fix?.description).toContain('the object at main.tf:8 is written once by a for expression that makes 2 statements: each gets it');
  });

  it('says where the statement it edits is written once for roles that trust another service there, which its conditions would refuse', async () => {
    const main = `locals {
  accounts = { sagemaker = "*", personalize = "210987654321" }
}
resource "aws_iam_role" "each" {
  for_each = local.accounts
  name     = "each-\${each.key}"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "\${each.key}.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = { StringLike = { "aws:SourceAccount" = each.value } }
    }]
  })
}`;
    const result = await scanTree({ 'main.tf': main });
    expect(result.errors).toEqual([]);
    const findings = result.findings.filter((finding) => finding.ruleId === 'trust-source-condition-ineffective');
    // Only the SageMaker role is open; the personalize role, which its fix rewrites too, is not.
    expect(findings.map((finding) => finding.resource.address)).toEqual(['aws_iam_role.each["sagemaker"]']);
    expect(findings[0]!.fix!.snippet).toContain(':sagemaker:');
    expect(findings[0]!.fix!.description).toContain('this statement is written once for 2 roles, and for aws_iam_role.each["personalize"] it trusts personalize.amazonaws.com, which these sagemaker conditions would refuse');
  });

  it('says where the statement it edits is written once for a role that trusts an account there, whose requests carry no source', async () => {
    const main = `locals {
  trusted = { a = { Service = "sagemaker.amazonaws.com" }, c = { AWS = "arn:aws:iam::210987654321:root" } }
}
resource "aws_iam_role" "r" {
  for_each = local.trusted
  name     = "r-\${each.key}"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = each.value
      Action    = "sts:AssumeRole"
    }]
  })
}`;
    const result = await scanTree({ 'main.tf': main });
    const fix = result.findings.find((finding) => finding.ruleId === 'trust-service-without-source-condition' && finding.resource.address === 'aws_iam_role.r["a"]')?.fix;
    // The partner's cross-account AssumeRole carries neither aws:SourceArn nor aws:SourceAccount: the conditions lock it out.
    expect(fix?.description).toContain('this statement is written once for 2 roles, and for aws_iam_role.r["c"] it trusts arn:aws:iam::210987654321:root, which these sagemaker conditions would refuse');
  });

  it('counts every role the statement is written for, those trusting the same service too, where it says its conditions refuse another service', async () => {
    const main = `locals {
  services = { a = "sagemaker.amazonaws.com", b = "sagemaker.amazonaws.com", c = "ec2.amazonaws.com" }
}
resource "aws_iam_role" "r" {
  for_each = local.services
  name     = "r-\${each.key}"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = each.value }, Action = "sts:AssumeRole" }]
  })
}`;
    const result = await scanTree({ 'main.tf': main });
    const findings = result.findings.filter((finding) => finding.ruleId === 'trust-service-without-source-condition');
    expect(findings.map((finding) => finding.resource.address)).toEqual(['aws_iam_role.r["a"]', 'aws_iam_role.r["b"]']);
    for (const finding of findings) expect(finding.fix!.description).toContain('this statement is written once for 3 roles, and for aws_iam_role.r["c"] it trusts ec2.amazonaws.com');
  });

  it('lets in the uses of every role one for_each declaration makes, so that the fix written once leaves each assumable', async () => {
    const main = `variable "teams" {
  default = ["alpha", "beta"]
}
resource "aws_iam_role" "r" {
  for_each = toset(var.teams)
  name     = "\${each.key}-role"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "sagemaker.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}
resource "aws_sagemaker_pipeline" "p" {
  for_each              = toset(var.teams)
  pipeline_name         = each.key
  pipeline_display_name = each.key
  role_arn              = aws_iam_role.r[each.key].arn
  pipeline_definition   = jsonencode({ Version = "2020-12-01", Steps = [] })
}
data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}`;
    const result = await scanTree({ 'main.tf': main });
    const fixes = result.findings.filter((finding) => finding.ruleId === 'trust-service-without-source-condition').map((finding) => finding.fix);
    expect(fixes).toHaveLength(2);
    // One text makes both roles: each finding's fix lets in both pipelines (alpha's alone would lock beta out).
    expect(fixes[1]).toEqual(fixes[0]);
    expect(fixes[0]?.snippet).toContain(`${OWNER_ARN}:pipeline/alpha/*", "${OWNER_ARN}:pipeline/beta/*"`);
    const fixed = await scanTree({ 'main.tf': main.replace('Action    = "sts:AssumeRole"', `Action    = "sts:AssumeRole"\n${fixes[0]!.snippet}`) });
    expect(fixed.findings.filter((finding) => finding.ruleId.startsWith('trust-'))).toEqual([]);
  });

  it('keeps apart the uses of roles of one for_each whose statements are written apart, and joins those of roles that read one policy document', async () => {
    const providers = `provider "aws" {
  region = "us-east-1"
}
provider "aws" {
  alias  = "west"
  region = "us-west-2"
}
resource "aws_sagemaker_model" "east" {
  name               = "e"
  execution_role_arn = ROLE_A
}
resource "aws_sagemaker_model" "west" {
  provider           = aws.west
  name               = "w"
  execution_role_arn = ROLE_B
}`;
    const apart = `${providers.replace('ROLE_A', 'aws_iam_role.r["a"].arn').replace('ROLE_B', 'aws_iam_role.r["b"].arn')}
locals {
  trusts = {
    a = { Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole" }] }
    b = { Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = ["sagemaker.amazonaws.com"] }, Action = "sts:AssumeRole" }] }
  }
}
resource "aws_iam_role" "r" {
  for_each           = local.trusts
  name               = each.key
  assume_role_policy = jsonencode(each.value)
}`;
    const separate = (await scanTree({ 'main.tf': apart })).findings.filter((finding) => finding.ruleId === 'trust-service-without-source-condition');
    expect(separate.map((finding) => finding.fix?.description.match(/covers ([^)]*)/)?.[1])).toEqual(['aws_sagemaker_model.east', 'aws_sagemaker_model.west']);
    expect(separate[0]?.fix?.snippet).not.toContain('us-west-2');
    const shared = `${providers.replace('ROLE_A', 'aws_iam_role.a.arn').replace('ROLE_B', 'aws_iam_role.b.arn')}
data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["sagemaker.amazonaws.com"]
    }
  }
}
resource "aws_iam_role" "a" {
  assume_role_policy = data.aws_iam_policy_document.trust.json
}
resource "aws_iam_role" "b" {
  assume_role_policy = data.aws_iam_policy_document.trust.json
}`;
    const joined = (await scanTree({ 'main.tf': shared })).findings.filter((finding) => finding.ruleId === 'trust-service-without-source-condition');
    // One statement makes both roles' trust: either fix, applied, must leave the other role assumable.
    expect(joined).toHaveLength(2);
    expect(joined[1]?.fix).toEqual(joined[0]?.fix);
    expect(joined[0]?.fix?.snippet).toContain(':sagemaker:us-west-2:');
    expect(joined[0]?.fix?.snippet).toContain(':sagemaker:${data.aws_region.current.name}:');
  });

  it('allows any region for a use whose provider configuration or own region is not known statically', async () => {
    const main = `variable "dr_region" {
  type = string
}
provider "aws" {
  region = "us-east-1"
}
provider "aws" {
  alias  = "dr"
  region = var.dr_region
}
resource "aws_iam_role" "exec" {
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}
resource "aws_sagemaker_model" "dr" {
  provider           = aws.dr
  name               = "m"
  execution_role_arn = aws_iam_role.exec.arn
}`;
    const finding = await findingOf(main, 'trust-service-without-source-condition');
    // SageMaker presents arn:...:sagemaker:<dr_region>:...: the default configuration's region would refuse it.
    expect(finding.fix?.snippet).toContain('"arn:${data.aws_partition.current.partition}:sagemaker:*:${data.aws_caller_identity.current.account_id}:*"');
    expect(finding.fix?.snippet).not.toContain('data.aws_region.current.name');
    const own = await findingOf(main.replace('provider           = aws.dr', 'region             = var.dr_region'), 'trust-service-without-source-condition');
    expect(own.fix?.snippet).toContain(':sagemaker:*:');
    // With a model of the role's own region beside it, `*` alone: it covers that region too.
    const both = await findingOf(`${main}\nresource "aws_sagemaker_model" "east" {\n  name               = "e"\n  execution_role_arn = aws_iam_role.exec.arn\n}`, 'trust-service-without-source-condition');
    expect(both.fix?.snippet).toContain('"aws:SourceArn" = "arn:${data.aws_partition.current.partition}:sagemaker:*:${data.aws_caller_identity.current.account_id}:*" }');
    // A role of the same configuration reads its region through that configuration's data source: it is the model's.
    const together = await findingOf(main.replace('resource "aws_iam_role" "exec" {', 'resource "aws_iam_role" "exec" {\n  provider = aws.dr'), 'trust-service-without-source-condition');
    expect(together.fix?.snippet).toContain(':sagemaker:${data.aws_region.dr.name}:');
  });

  it('reads the configuration a .tf.json module call passes by name', async () => {
    const main = JSON.stringify({
      provider: { aws: [{ region: 'us-east-1' }, { alias: 'west', region: 'us-west-2' }] },
      module: { role: { source: './modules/role', providers: { aws: 'aws.west' }, trust_statements: { SageMaker: { actions: ['sts:AssumeRole'], principals: [{ type: 'Service', identifiers: ['sagemaker.amazonaws.com'] }] } } } },
    });
    // The notebook's `"provider"` is a string too: its region is west's.
    const notebook = { resource: { aws_sagemaker_notebook_instance: { nb: { provider: 'aws.west', name: 'nb', instance_type: 'ml.t3.medium', role_arn: '${module.role.arn}' } } } };
    const result = await scanTree({ 'main.tf.json': main, 'notebook.tf.json': JSON.stringify(notebook), 'modules/role/main.tf': MODULE });
    const fix = result.findings.find((finding) => finding.ruleId === 'trust-service-without-source-condition')?.fix;
    expect(fix?.snippet).toContain('"values": ["${data.aws_caller_identity.west.account_id}"]');
    expect(fix?.snippet).toContain('"arn:${data.aws_partition.west.partition}:sagemaker:${data.aws_region.west.name}:${data.aws_caller_identity.west.account_id}:*"');
    expect(fix?.description).toContain('"aws_caller_identity": { "west": { "provider": "aws.west" } }');
  });

  it("does not read the caller's data sources for a module that configures the role's provider itself, and says so", async () => {
    const ownProvider = `provider "aws" {\n  region = "eu-west-1"\n}\n${MODULE}`;
    const result = await scanTree({ 'main.tf': `provider "aws" {\n  region = "us-east-1"\n}\ndata "aws_caller_identity" "current" {}\nmodule "role" {\n  source = "./modules/role"\n  trust_statements = { SageMaker = { actions = ["sts:AssumeRole"], principals = [{ type = "Service", identifiers = ["sagemaker.amazonaws.com"] }] } }\n}\n`, 'modules/role/main.tf': ownProvider });
    const fix = result.findings.find((finding) => finding.ruleId === 'trust-service-without-source-condition')?.fix;
    expect(fix?.snippet).toContain('values   = [data.aws_caller_identity.current2.account_id]');
    expect(fix?.description).toContain('declare them where the module lacks them, and give them the provider configuration the role is created with (`provider = ...`), which deputy cannot name in this module');
  });

  it('says that every statement the dynamic block makes gets conditions written into its content', async () => {
    const result = await scanTree({
      'main.tf': `variable "trust" {\n  default = {\n    SageMaker = { actions = ["sts:AssumeRole"], principals = [{ type = "Service", identifiers = ["sagemaker.amazonaws.com"] }] }\n    Ec2       = { actions = ["sts:AssumeRole"], principals = [{ type = "Service", identifiers = ["ec2.amazonaws.com"] }] }\n  }\n}\nmodule "role" {\n  source           = "./modules/role"\n  trust_statements = var.trust\n}\n${notebook}`,
      'modules/role/main.tf': MODULE,
    });
    const fix = result.findings.find((candidate) => candidate.ruleId === 'trust-service-without-source-condition')?.fix;
    expect(fix?.description).toContain('of the dynamic "statement" block that makes the statement, which makes 2 statements: each gets it (one that trusts another principal may then refuse it);');
  });

  it("locates the conditions where the object writes them, as it does the principals, not at the module's content", async () => {
    const condition = (variable: string, values: string) => `{ test = "StringEquals", variable = "${variable}", values = [${values}] }`;
    const statement = (conditions: string[]) =>
      `{\n      actions    = ["sts:AssumeRole"]\n      principals = [{ type = "Service", identifiers = ["sagemaker.amazonaws.com", "arn:aws:iam::123456789012:root"] }]\n      condition = [\n${conditions.map((line) => `        ${line},\n`).join('')}      ]\n    }`;
    const conditions = [condition('aws:SourceArn', '"arn:aws:sagemaker:us-east-1:123456789012:*"'), condition('aws:SourceAccount', '"123456789012"'), condition('aws:PrincipalArn', '"arn:aws:iam::123456789012:role/a", "arn:aws:iam::123456789012:role/b"')];
    // The map the module names its condition iterator `cond` in, and the list whose content reads the default `condition`.
    for (const call of [`  trust_statements = {\n    SageMaker = ${statement(conditions)}\n  }`, `  trust_statements  = {}\n  listed_statements = [${statement(conditions)}]`]) {
      const findings = await fixesOf(call, 'policy-documentation-placeholder');
      const main = `module "role" {\n  source = "./modules/role"\n${call}\n}\n`.split('\n');
      const lineOf = (marker: string) => main.findIndex((line) => line.includes(marker)) + 1;
      // A condition's value is where it is written: the one value of a list of one too, not at its key.
      expect(findings.map(({ location }) => `${location.file}:${location.startLine}`).sort()).toEqual(
        ['root"', 'aws:SourceArn', 'aws:SourceAccount', 'role/a', 'role/b'].map((marker) => `main.tf:${lineOf(marker)}`).sort(),
      );
      const sourceArn = findings.find((finding) => finding.message.includes('aws:SourceArn'))!.location;
      expect(main[sourceArn.startLine - 1]!.slice(sourceArn.startColumn - 1, sourceArn.endColumn - 1)).toBe('"arn:aws:sagemaker:us-east-1:123456789012:*"');
    }
  });

  it('suppresses the findings located in a module block with a comment in it, and reports one that matches none', async () => {
    const call = `  # deputy:ignore trust-service-without-source-condition -- reviewed\n  trust_statements = { SageMaker = { actions = ["sts:AssumeRole"], principals = [{ type = "Service", identifiers = ["sagemaker.amazonaws.com"] }] } }`;
    const [finding] = await fixesOf(call);
    expect(finding?.location.file).toBe('main.tf');
    expect(finding?.suppressed).toEqual({ reason: 'reviewed', source: 'inline' });
    const unused = await fixesOf(call.replace('trust-service-without-source-condition', 'trust-any-principal'), 'deputy-unused-suppression');
    expect(unused.map(({ location }) => `${location.file}:${location.startLine}`)).toEqual(['main.tf:3']);
  });

  it("keeps a string the module input's optional() default fills in at the module, which the caller's object does not write", async () => {
    const optionalTest = MODULE.replace(/test\s+= string/g, 'test     = optional(string, "StringEqualz")');
    expect(optionalTest).not.toBe(MODULE);
    const call = `  trust_statements = {\n    SageMaker = {\n      actions    = ["sts:AssumeRole"]\n      principals = [{ type = "Service", identifiers = ["sagemaker.amazonaws.com"] }]\n      condition  = [{ variable = "aws:SourceAccount", values = ["111111111111"] }]\n    }\n  }`;
    const result = await scanTree({ 'main.tf': `module "role" {\n  source = "./modules/role"\n${call}\n}\n`, 'modules/role/main.tf': optionalTest });
    const invalid = result.findings.find((finding) => finding.ruleId === 'policy-invalid-condition-operator');
    expect(invalid?.location.file).toBe('modules/role/main.tf');
  });

  it('refuses keys the module computes from (a prefix added to the condition key)', async () => {
    const prefixed = MODULE.replace('variable = cond.value.variable', 'variable = "aws:${cond.value.variable}"');
    expect(prefixed).not.toBe(MODULE);
    const result = await scanTree({ 'main.tf': `module "role" {\n  source = "./modules/role"\n${partner('')}\n}\n`, 'modules/role/main.tf': prefixed });
    const finding = result.findings.find((candidate) => candidate.ruleId === 'trust-cross-account-without-external-id');
    expect(finding?.fix?.snippet).toMatch(/^condition \{/);
  });
});

describe('trust fixes in .tf.json files, written as the JSON syntax writes them', () => {
  const OWNER_DATA = '"data": { "aws_caller_identity": { "current": {} }, "aws_partition": { "current": {} }, "aws_region": { "current": {} } }';
  const document = (name: string, statement: string): string => `"${name}": { "statement": ${statement} }`;
  const trustsSageMaker = '{ "actions": ["sts:AssumeRole"], "principals": [{ "type": "Service", "identifiers": ["sagemaker.amazonaws.com"] }] }';
  const role = (name: string, policy: string): string => `"${name}": { "name": "${name}", "assume_role_policy": ${JSON.stringify(policy)} }`;
  const tfJson = (documents: string[], roles: string[]): string =>
    `{\n  "data": { "aws_iam_policy_document": {\n    ${documents.join(',\n    ')}\n  } },\n  "resource": { "aws_iam_role": {\n    ${roles.join(',\n    ')}\n  } }\n}\n`;

  async function findingsOf(tree: Record<string, string>, ruleId = 'trust-service-without-source-condition'): Promise<Finding[]> {
    const result = await scanTree(tree);
    expect(result.errors).toEqual([]);
    return result.findings.filter((finding) => finding.ruleId === ruleId);
  }

  it('writes condition blocks of a policy document as a "condition" list, and the owner data sources as JSON', async () => {
    const [finding] = await findingsOf({ 'main.tf.json': tfJson([document('trust', `[${trustsSageMaker}]`)], [role('exec', '${data.aws_iam_policy_document.trust.json}')]) });
    expect(finding?.fix?.description).toBe(`Add this Condition to the statement that trusts sagemaker.amazonaws.com; it reads ${OWNER_DATA}, declare them where the module lacks them${PROVIDER_6_REGION}`);
    expect(finding?.fix?.snippet).toBe(
      [
        '"condition": [',
        '  {',
        '    "test": "StringEquals",',
        '    "variable": "aws:SourceAccount",',
        '    "values": ["${data.aws_caller_identity.current.account_id}"]',
        '  },',
        '  {',
        '    "test": "ArnLike",',
        '    "variable": "aws:SourceArn",',
        `    "values": ["${OWNER_ARN}:*"]`,
        '  }',
        ']',
      ].join('\n'),
    );
  });

  it('points at a statement the JSON syntax writes as one object, and writes the statement of its own as a "statement" list', async () => {
    const single = '{ "actions": ["sts:AssumeRole"], "principals": { "type": "Service", "identifiers": ["sagemaker.amazonaws.com", "ec2.amazonaws.com"] } }';
    const main = tfJson([document('trust', single)], [role('exec', '${data.aws_iam_policy_document.trust.json}')]);
    const [finding] = await findingsOf({ 'main.tf.json': main });
    // Line 3 writes the data source and its statement; the location is the principal's identifiers, not the data source's name.
    expect(finding?.location).toMatchObject({ startLine: 3, startColumn: main.split('\n')[2]!.indexOf('"identifiers"') + 1 });
    expect(finding?.fix?.description).toMatch(/^Move sagemaker\.amazonaws\.com out of the statement into one of its own: the statement also trusts ec2\.amazonaws\.com/);
    expect(finding?.fix?.snippet.split('\n').slice(0, 5)).toEqual(['"statement": [', '  {', '    "actions": ["sts:AssumeRole"],', '    "principals": [{ "type": "Service", "identifiers": ["sagemaker.amazonaws.com"] }],', '    "condition": [']);
    expect(JSON.parse(`{${finding?.fix?.snippet}}`)).toMatchObject({ statement: [{ condition: [{ variable: 'aws:SourceAccount' }, { variable: 'aws:SourceArn' }] }] });
  });

  it('escapes the jsonencode object and the JSON text as the JSON string they go into holds them', async () => {
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
    const encoded = '${jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole" }] })}';
    const [object, text] = await findingsOf({ 'main.tf.json': tfJson([], [role('encoded', encoded), role('text', JSON.stringify(policy))]) });
    const hcl = `Condition = { StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.current.account_id }, ArnLike = { "aws:SourceArn" = "${OWNER_ARN}:*" } }`;
    expect(object?.fix?.snippet).toBe(JSON.stringify(hcl).slice(1, -1));
    expect(object?.fix?.description).toContain('(in the jsonencode expression of the JSON string, its quotes escaped as the string writes them)');
    const condition = { StringEquals: { 'aws:SourceAccount': '${data.aws_caller_identity.current.account_id}' }, ArnLike: { 'aws:SourceArn': `${OWNER_ARN}:*` } };
    expect(text?.fix?.snippet).toBe(JSON.stringify(`"Condition":${JSON.stringify(condition)}`).slice(1, -1));
    expect(text?.fix?.description).toContain("(in the policy's JSON text, its quotes escaped as the JSON string writes them: ${...} resolves in it)");
  });

  it("writes the fix for a statement a .tf.json local writes as JSON there, where concat or merge reads it into jsonencode's expression", async () => {
    const open = '{ "Effect": "Allow", "Principal": { "Service": "sagemaker.amazonaws.com" },\n      "Action": "sts:AssumeRole" }';
    const locals = `"locals": {\n    "open": [\n      ${open}\n    ],\n    "version": { "Version": "2012-10-17" }\n  }`;
    const roles = [role('concatenated', '${jsonencode({ Version = "2012-10-17", Statement = concat([], local.open) })}'), role('merged', '${jsonencode(merge(local.version, { Statement = local.open }))}')];
    const main = tfJson([], roles).replace('{\n', `{\n  ${locals},\n`);
    const found = await findingsOf({ 'main.tf.json': main });
    expect(found.map((finding) => [finding.resource.address, finding.location.startLine])).toEqual([
      ['aws_iam_role.concatenated', 4],
      ['aws_iam_role.merged', 4],
    ]);
    expect(found.map((finding) => finding.fix?.description)).toEqual(Array(2).fill(`Add this Condition to the statement that trusts sagemaker.amazonaws.com; it reads ${OWNER_DATA}, declare them where the module lacks them${PROVIDER_6_REGION}`));
    // Pasted after the statement's last member, the local's statement holds the condition, the file still JSON.
    const pasted = main.replace('"Action": "sts:AssumeRole"', `"Action": "sts:AssumeRole",\n${found[0]!.fix!.snippet}`);
    expect((JSON.parse(pasted) as { locals: { open: Array<{ Condition: unknown }> } }).locals.open[0]!.Condition).toEqual({ StringEquals: { 'aws:SourceAccount': '${data.aws_caller_identity.current.account_id}' }, ArnLike: { 'aws:SourceArn': `${OWNER_ARN}:*` } });
    expect(found[1]!.fix).toEqual(found[0]!.fix);
  });

  it('writes a reference as a template in the JSON list (the external id variable)', async () => {
    const partner = '[{ "actions": ["sts:AssumeRole"], "principals": [{ "type": "AWS", "identifiers": ["arn:aws:iam::111122223333:root"] }] }]';
    const [finding] = await findingsOf({ 'main.tf.json': tfJson([document('partner', partner)], [role('partner', '${data.aws_iam_policy_document.partner.json}')]) }, 'trust-cross-account-without-external-id');
    expect(JSON.parse(`{${finding?.fix?.snippet}}`)).toEqual({ condition: [{ test: 'StringEquals', variable: 'sts:ExternalId', values: ['${var.partner_external_id_111122223333}'] }] });
    expect(finding?.fix?.description).toContain('a variable partner_external_id_111122223333 ("variable": { "partner_external_id_111122223333": { "type": "string", "sensitive": true } })');
  });

  it('writes JSON with templates for a policy written as an object of a .tf.json file (a local, a module argument) that jsonencode reads', async () => {
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
    const condition = { StringEquals: { 'aws:SourceAccount': '${data.aws_caller_identity.current.account_id}' }, ArnLike: { 'aws:SourceArn': `${OWNER_ARN}:*` } };
    const [local] = await findingsOf({
      'locals.tf.json': JSON.stringify({ locals: { trust: policy } }, null, 2),
      'main.tf': 'resource "aws_iam_role" "exec" {\n  assume_role_policy = jsonencode(local.trust)\n}\n',
    });
    expect(local?.location.file).toBe('locals.tf.json');
    expect(JSON.parse(`{${local?.fix?.snippet}}`)).toEqual({ Condition: condition });
    expect(local?.fix?.description).toBe(`Add this Condition to the statement that trusts sagemaker.amazonaws.com; it reads ${OWNER_DATA}, declare them where the module lacks them${PROVIDER_6_REGION}`);
    const [argument] = await findingsOf({
      'main.tf.json': JSON.stringify({ module: { role: { source: './role', policy } } }, null, 2),
      'role/main.tf': 'variable "policy" {}\nresource "aws_iam_role" "exec" {\n  assume_role_policy = jsonencode(var.policy)\n}\n',
    });
    expect(argument?.location.file).toBe('main.tf.json');
    expect(JSON.parse(`{${argument?.fix?.snippet}}`)).toEqual({ Condition: condition });
  });

  it('writes the syntax of the file the statement is in, whichever file declares the role', async () => {
    const hclDocument = `data "aws_iam_policy_document" "trust" {\n  statement {\n    actions = ["sts:AssumeRole"]\n    principals {\n      type        = "Service"\n      identifiers = ["sagemaker.amazonaws.com"]\n    }\n  }\n}\n`;
    const [inHcl] = await findingsOf({ 'document.tf': hclDocument, 'role.tf.json': `{ "resource": { "aws_iam_role": { ${role('exec', '${data.aws_iam_policy_document.trust.json}')} } } }` });
    expect(inHcl?.location.file).toBe('document.tf');
    expect(inHcl?.fix?.snippet).toMatch(/^condition \{/);
    const [inJson] = await findingsOf({ 'document.tf.json': `{ "data": { "aws_iam_policy_document": { ${document('trust', `[${trustsSageMaker}]`)} } } }`, 'role.tf': 'resource "aws_iam_role" "exec" {\n  assume_role_policy = data.aws_iam_policy_document.trust.json\n}\n' });
    expect(inJson?.location.file).toBe('document.tf.json');
    expect(inJson?.fix?.snippet).toMatch(/^"condition": \[/);
  });
});

describe('trust fixes for a plan beside a policy written as jsonencode(local.x)', () => {
  it("points into the local's object and writes the fix as that object, as the .tf scan does; identity findings too", async () => {
    const folder = 'test/fixtures/trust-service-without-source-condition/tf-plan-jsonencode-local';
    const placesOf = (findings: Finding[]) => findings.map((finding) => `${finding.ruleId} ${finding.location.file}:${finding.location.startLine}:${finding.location.startColumn}`).sort();
    const beside = await scan([folder]);
    const alone = await scan([`${folder}/main.tf`]);
    expect(placesOf(beside.findings)).toEqual(placesOf(alone.findings));
    expect(placesOf(beside.findings.filter((finding) => finding.ruleId === 'policy-wildcard-in-equals-operator'))).toEqual([`policy-wildcard-in-equals-operator ${folder}/main.tf:39:26`]);
    const fix = beside.findings.find((finding) => finding.ruleId === 'trust-service-without-source-condition')?.fix;
    expect(fix).toEqual(alone.findings.find((finding) => finding.ruleId === 'trust-service-without-source-condition')?.fix);
    expect(fix?.snippet).toMatch(/^Condition = \{\n  StringEquals = \{ "aws:SourceAccount" = data\.aws_caller_identity\.current\.account_id \}/);
  });
});

describe('trust findings and fixes for a policy written as an HCL quoted string', () => {
  it('points inside the string through each escape it writes: \\u, \\U past U+FFFF, $${, and \\n, which starts a line of the text', async () => {
    const roles = {
      escapes: String.raw`{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"\U0001F600` + '$${x}' + String.raw`\u00e9\",\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"sagemaker.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}`,
      lines: String.raw`{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Effect\":\"Allow\",\n \"Principal\":{\"Service\":\"sagemaker.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}`,
    };
    const main = Object.entries(roles)
      .map(([name, policy]) => `resource "aws_iam_role" "${name}" {\n  assume_role_policy = "${policy}"\n}\n\nresource "aws_sagemaker_notebook_instance" "${name}" {\n  name          = "${name}"\n  role_arn      = aws_iam_role.${name}.arn\n  instance_type = "ml.t3.medium"\n}\n`)
      .join('\n');
    const result = await scanTree({ 'main.tf': main });
    const lines = main.split('\n');
    const written = (finding: Finding) => [finding.location.startLine, lines[finding.location.startLine - 1]!.slice(finding.location.startColumn - 1, finding.location.endColumn - 1)];
    expect(result.findings.filter((finding) => finding.ruleId === 'trust-service-without-source-condition').map(written)).toEqual([
      [2, String.raw`\"Service\":\"sagemaker.amazonaws.com\"`],
      [12, String.raw`\"Service\":\"sagemaker.amazonaws.com\"`],
    ]);
    // The statement whose Sid is not a valid one is located from the Sid, past the escapes before it.
    expect(result.findings.filter((finding) => finding.ruleId === 'policy-malformed').map(written)).toEqual([[2, String.raw`\"Sid\":\"\U0001F600` + '$${x}' + String.raw`\u00e9\"`]]);
  });

  it('points inside the string, a local\'s too, beside a plan as in the .tf files, as into a heredoc', async () => {
    const folder = 'test/fixtures/trust-service-without-source-condition/tf-plan-quoted-string-policy';
    const placesOf = (findings: Finding[]) => findings.filter((finding) => finding.ruleId.startsWith('trust-')).map((finding) => `${finding.ruleId} ${finding.location.startLine}:${finding.location.startColumn}-${finding.location.endColumn}`).sort();
    const beside = await scan([folder]);
    const alone = await scan([`${folder}/main.tf`]);
    expect(beside.errors).toEqual([]);
    expect(placesOf(beside.findings)).toEqual(placesOf(alone.findings));
    const lines = readFileSync(`${folder}/main.tf`, 'utf8').split('\n');
    // The principal each finding is about, as the quoted string writes it (its quotes escaped), in a heredoc as written.
    const written = (finding: Finding) => lines[finding.location.startLine - 1]!.slice(finding.location.startColumn - 1, finding.location.endColumn - 1);
    expect(beside.findings.filter((finding) => finding.ruleId.startsWith('trust-')).map((finding) => [finding.resource.address, written(finding)]).sort()).toEqual([
      ['aws_iam_role.from_local', '\\"Service\\":\\"sagemaker.amazonaws.com\\"'],
      ['aws_iam_role.heredoc', '"Service": "sagemaker.amazonaws.com"'],
      ['aws_iam_role.heredoc_local', '"Service": "sagemaker.amazonaws.com"'],
      ['aws_iam_role.partner', '\\"AWS\\":\\"arn:aws:iam::210987654321:root\\"'],
      ['aws_iam_role.quoted', '\\"Service\\":\\"sagemaker.amazonaws.com\\"'],
    ]);
  });

  it('escapes the snippet as the quoted string writes its quotes, beside a plan as in the .tf files; a heredoc takes it as it is', async () => {
    const folder = 'test/fixtures/trust-service-without-source-condition/tf-plan-quoted-string-policy';
    const beside = await scan([folder]);
    const alone = await scan([`${folder}/main.tf`]);
    expect(beside.errors).toEqual([]);
    const fixOf = (findings: Finding[], ruleId: string, line: number) => findings.find((finding) => finding.ruleId === ruleId && finding.location.startLine === line)?.fix;
    const quoted = fixOf(beside.findings, 'trust-service-without-source-condition', 12);
    expect(quoted).toEqual(fixOf(alone.findings, 'trust-service-without-source-condition', 12));
    const condition = { StringEquals: { 'aws:SourceAccount': '${data.aws_caller_identity.current.account_id}' }, ArnLike: { 'aws:SourceArn': `${OWNER_ARN}:*` } };
    expect(quoted?.snippet).toBe(JSON.stringify(`"Condition":${JSON.stringify(condition)}`).slice(1, -1));
    expect(quoted?.description).toContain("(in the policy's JSON text, its quotes escaped as the quoted string writes them: ${...} resolves in it)");
    // Pasted after the statement's last entry, the string still holds the policy's JSON text, with the condition in it.
    const written = readFileSync(`${folder}/main.tf`, 'utf8').split('\n')[11]!;
    const pasted = written.replace('\\"sts:AssumeRole\\"}', `\\"sts:AssumeRole\\",${quoted?.snippet}}`);
    const text = JSON.parse(pasted.slice(pasted.indexOf('"')));
    expect(JSON.parse(text).Statement[0].Condition).toEqual(condition);
    const partner = fixOf(beside.findings, 'trust-cross-account-without-external-id', 23);
    expect(partner).toEqual(fixOf(alone.findings, 'trust-cross-account-without-external-id', 23));
    expect(partner?.snippet).toBe('\\"Condition\\":{\\"StringEquals\\":{\\"sts:ExternalId\\":\\"${var.partner_external_id_210987654321}\\"}}');
    const heredoc = fixOf(beside.findings, 'trust-service-without-source-condition', 35);
    expect(heredoc?.snippet).toBe(`"Condition": ${JSON.stringify(condition, null, 2)}`);
    expect(heredoc?.description).toContain("(in the policy's JSON text: ${...} resolves in a heredoc");
    // The string a local holds, where the finding points, takes the snippet escaped too.
    expect(fixOf(beside.findings, 'trust-service-without-source-condition', 50)?.snippet).toBe(quoted?.snippet);
    expect(fixOf(alone.findings, 'trust-service-without-source-condition', 50)?.snippet).toBe(quoted?.snippet);
  });

  it('points inside a string over \\n lines that interpolates, and writes the fix escaped for it: pasted, each role is pinned; beside a real plan and with --tf-dir as in the folder', async () => {
    const folder = 'test/fixtures/trust-service-without-source-condition/tf-plan-quoted-lines-template';
    const trustOf = (findings: Finding[]) => findings.filter((finding) => finding.ruleId === 'trust-service-without-source-condition');
    const shown = (findings: Finding[]) => trustOf(findings).map((finding) => [finding.resource.address, finding.location, finding.fix]);
    const alone = await scan([`${folder}/main.tf`, `${folder}/prov.tf`]);
    const elsewhere = mkdtempSync(join(tmpdir(), 'deputy-plan-'));
    try {
      writeFileSync(join(elsewhere, 'plan.json'), readFileSync(`${folder}/plan.json`));
      expect(shown((await scan([join(elsewhere, 'plan.json')], { terraformFolder: folder })).findings)).toEqual(shown(alone.findings));
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
    expect(shown((await scan([folder])).findings)).toEqual(shown(alone.findings));
    const condition = { StringEquals: { 'aws:SourceAccount': '${data.aws_caller_identity.current.account_id}' }, ArnLike: { 'aws:SourceArn': `${OWNER_ARN}:*` } };
    const snippet = JSON.stringify(`"Condition":${JSON.stringify(condition)}`).slice(1, -1);
    const found = trustOf(alone.findings);
    expect(found.map((finding) => [finding.resource.address, finding.fix?.snippet])).toEqual(['interpolated', 'encoded', 'escaped', 'header', 'directive'].map((role) => [`aws_iam_role.${role}`, snippet]));
    expect(found.map((finding) => finding.fix?.description.split(' (in ')[1]?.split(';')[0])).toEqual(found.map(() => "the policy's JSON text, its quotes escaped as the quoted string writes them: ${...} resolves in it)"));
    const lines = readFileSync(`${folder}/main.tf`, 'utf8').split('\n');
    // At the principal inside each string, but for the one whose statement a %{} directive writes: at its attribute.
    const principal = String.raw`\"Service\": \"sagemaker.amazonaws.com\"`;
    expect(found.map(({ location }) => lines[location.startLine - 1]!.slice(location.startColumn - 1, location.endColumn - 1))).toEqual([principal, principal, principal, principal, lines[37]!.trim()]);
    // Pasted into each string (after the statement's last member; merged into the Condition it has) with the data
    // sources it reads declared, the folder reads and every role is pinned.
    const pasted = lines.map((line, index) => {
      if (!found.some((finding) => finding.location.startLine === index + 1)) return line;
      if (line.includes(String.raw`\"Condition\": {`)) return line.replace(String.raw`\"Condition\": {`, String.raw`\"Condition\": {` + `${snippet.slice(String.raw`\"Condition\":{`.length, -1)}, `);
      return line.replace(String.raw`\"Action\": \"sts:AssumeRole\"}`, String.raw`\"Action\": \"sts:AssumeRole\", ` + `${snippet}}`);
    });
    const owner = 'data "aws_caller_identity" "current" {}\ndata "aws_partition" "current" {}\ndata "aws_region" "current" {}\n';
    const fixed = await scanTree({ 'main.tf': `${pasted.join('\n')}\n${owner}` });
    expect(fixed.errors).toEqual([]);
    expect(trustOf(fixed.findings)).toEqual([]);
  });

  it('escapes the snippet where a module input read whole is passed as a quoted string, in the .tf files as beside a plan; a heredoc passed takes it as it is, one that interpolates too', async () => {
    const folder = 'test/fixtures/trust-service-without-source-condition/tf-plan-quoted-string-module';
    const beside = await scan([folder]);
    const alone = await scan([`${folder}/main.tf`]);
    expect(beside.errors).toEqual([]);
    const shown = (findings: Finding[]) => findings.filter((finding) => finding.ruleId.startsWith('trust-')).map((finding) => [finding.resource.address, finding.location.file.endsWith(`${folder}/main.tf`), finding.location.startLine, finding.fix?.snippet]);
    expect(shown(alone.findings)).toEqual(shown(beside.findings));
    const condition = { StringEquals: { 'aws:SourceAccount': '${data.aws_caller_identity.current.account_id}' }, ArnLike: { 'aws:SourceArn': `${OWNER_ARN}:*` } };
    expect(shown(alone.findings)).toEqual([
      ['module.quoted.aws_iam_role.this', true, 14, JSON.stringify(`"Condition":${JSON.stringify(condition)}`).slice(1, -1)],
      ['module.heredoc.aws_iam_role.this', true, 27, `"Condition": ${JSON.stringify(condition, null, 2)}`],
      ['module.interpolated.aws_iam_role.this', true, 58, `"Condition": ${JSON.stringify(condition, null, 2)}`],
    ]);
  });
});

describe('trust findings and fixes for a policy a .tf.json module call passes as JSON text', () => {
  const folder = 'test/fixtures/trust-service-without-source-condition/tf-json-module-call-text';
  const trustFindings = (findings: Finding[]) => findings.filter((finding) => finding.ruleId === 'trust-service-without-source-condition').sort((a, b) => a.location.startLine - b.location.startLine);
  /** The text a finding points at in the main.tf.json of a fixture folder. */
  const writtenIn = (fixture: string) => {
    const lines = readFileSync(`${fixture}/main.tf.json`, 'utf8').split('\n');
    return (finding: Finding) => lines[finding.location.startLine - 1]!.slice(finding.location.startColumn - 1, finding.location.endColumn - 1);
  };

  it('points inside a .tf.json string through each escape it writes: \\u, a surrogate pair, $${, and \\n, which starts a line of the text', async () => {
    const roles = {
      escapes: String.raw`{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"\ud83d\ude00` + '$${x}' + String.raw`\u00e9\",\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"sagemaker.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}`,
      lines: String.raw`{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Effect\":\"Allow\",\n \"Principal\":{\"Service\":\"sagemaker.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}`,
    };
    const main = `{\n  "module": {\n${Object.entries(roles)
      .map(([name, policy]) => `    "${name}": {\n      "source": "./m",\n      "name": "${name}",\n      "trust": "${policy}"\n    }`)
      .join(',\n')}\n  }\n}\n`;
    const result = await scanTree({ 'main.tf.json': main, 'm/main.tf': readFileSync(`${folder}/m/main.tf`, 'utf8') });
    expect(result.errors).toEqual([]);
    const mainLines = main.split('\n');
    const at = (finding: Finding) => [finding.location.file, finding.location.startLine, mainLines[finding.location.startLine - 1]!.slice(finding.location.startColumn - 1, finding.location.endColumn - 1)];
    expect(trustFindings(result.findings).map(at)).toEqual([
      ['main.tf.json', 6, String.raw`\"Service\":\"sagemaker.amazonaws.com\"`],
      ['main.tf.json', 11, String.raw`\"Service\":\"sagemaker.amazonaws.com\"`],
    ]);
    // The statement whose Sid is not a valid one is located from the Sid, past the escapes before it.
    expect(result.findings.filter((finding) => finding.ruleId === 'policy-malformed').map(at)).toEqual([['main.tf.json', 6, String.raw`\"Sid\":\"\ud83d\ude00` + '$${x}' + String.raw`\u00e9\"`]]);
  });

  it("points at the principal inside the string the call writes, through its escapes, an interpolation and its lines (\\n), as an HCL call's quoted string", async () => {
    const alone = await scan([folder]);
    expect(alone.errors).toEqual([]);
    const written = writtenIn(folder);
    expect(trustFindings(alone.findings).map((finding) => [finding.resource.address, finding.location.file.endsWith(`${folder}/main.tf.json`), finding.location.startLine, written(finding), finding.related])).toEqual([
      ['module.quoted.aws_iam_role.this', true, 13, '\\"Service\\":\\"sagemaker.amazonaws.com\\"', []],
      ['module.interpolated.aws_iam_role.this', true, 18, '\\"Service\\":\\"sagemaker.amazonaws.com\\"', []],
      ['module.lines.aws_iam_role.this', true, 23, '\\"Service\\": \\"sagemaker.amazonaws.com\\"', []],
    ]);
  });

  it('relates the trust policy of a role SageMaker cannot assume where the .tf.json call writes it, as an HCL call', async () => {
    const ec2 = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    const module = readFileSync(`${folder}/m/main.tf`, 'utf8');
    const relatedOf = async (tree: Record<string, string>, file: string) => {
      const result = await scanTree({ ...tree, 'm/main.tf': module });
      expect(result.errors).toEqual([]);
      const lines = tree[file]!.split('\n');
      return result.findings
        .filter((finding) => finding.ruleId === 'trust-sagemaker-role-unassumable')
        .flatMap((finding) => finding.related.map(({ location }) => [location.file, location.startLine, lines[location.startLine - 1]!.slice(location.startColumn - 1, location.endColumn - 1)]));
    };
    const json = await relatedOf({ 'main.tf.json': JSON.stringify({ module: { ec2: { source: './m', name: 'ec2', trust: ec2 } } }, null, 2) }, 'main.tf.json');
    const hcl = await relatedOf({ 'main.tf': `module "ec2" {\n  source = "./m"\n  name   = "ec2"\n  trust  = ${JSON.stringify(ec2)}\n}\n` }, 'main.tf');
    expect(json).toEqual([['main.tf.json', 6, JSON.stringify(ec2).slice(1, -1)]]);
    expect(hcl).toEqual([['main.tf', 4, JSON.stringify(ec2).slice(1, -1)]]);
  });

  it('writes the fix for that string, its quotes escaped as JSON writes them and ${...} resolving in it, beside a real plan and with --tf-dir as in the folder', async () => {
    // The calls of tf-json-module-call-text and one pinned to the account, with a real Terraform 1.11.4 plan.
    const planned = 'test/fixtures/trust-service-without-source-condition/tf-plan-json-module-call-text';
    const condition = { StringEquals: { 'aws:SourceAccount': '${data.aws_caller_identity.current.account_id}' }, ArnLike: { 'aws:SourceArn': `${OWNER_ARN}:*` } };
    const ownerData = '"data": { "aws_caller_identity": { "current": {} }, "aws_partition": { "current": {} }, "aws_region": { "current": {} } }';
    const alone = trustFindings((await scan([`${planned}/main.tf.json`, `${planned}/prov.tf`])).findings);
    const beside = trustFindings((await scan([planned])).findings);
    const elsewhere = mkdtempSync(join(tmpdir(), 'deputy-plan-'));
    try {
      writeFileSync(join(elsewhere, 'plan.json'), readFileSync(`${planned}/plan.json`));
      const withTfDir = trustFindings((await scan([join(elsewhere, 'plan.json')], { terraformFolder: planned })).findings);
      // At the principal in each string, the one that interpolates rendered in the caller's scope, with the same fix.
      const shown = (findings: Finding[]) => findings.map((finding) => [finding.resource.address, finding.location, finding.fix]);
      expect(shown(beside)).toEqual(shown(alone));
      expect(shown(withTfDir)).toEqual(shown(alone));
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
    const lines = readFileSync(`${planned}/main.tf.json`, 'utf8').split('\n');
    expect(alone.map(writtenIn(planned))).toEqual([String.raw`\"Service\":\"sagemaker.amazonaws.com\"`, String.raw`\"Service\":\"sagemaker.amazonaws.com\"`, String.raw`\"Service\": \"sagemaker.amazonaws.com\"`]);
    expect(alone.map((finding) => finding.fix)).toEqual(
      ['quoted', 'interpolated', 'lines'].map((call) => ({
        description: `Add this Condition to the statement that trusts sagemaker.amazonaws.com (covers module.${call}.aws_sagemaker_notebook_instance.nb) (in the policy's JSON text, its quotes escaped as the JSON string writes them: \${...} resolves in it); it reads ${ownerData}, declare them where the module lacks them${PROVIDER_6_REGION}`,
        snippet: JSON.stringify(`"Condition":${JSON.stringify(condition)}`).slice(1, -1),
      })),
    );
    // Pasted after the statement's last entry, the call's string still holds the policy's JSON text, with the condition in it.
    const pasted = lines.join('\n').replace('\\"sts:AssumeRole\\"}]}"', `\\"sts:AssumeRole\\",${alone[0]!.fix!.snippet}}]}"`);
    expect(JSON.parse(JSON.parse(pasted).module.quoted.trust).Statement[0].Condition).toEqual(condition);
  });
});

describe('a plan beside policies it knows only after apply (jsonencode referring to resources created with them)', () => {
  it('reads them as the .tf writes them: the same findings, lines and fixes as the .tf scan, none on a value not known', async () => {
    const folder = 'test/fixtures/trust-service-without-source-condition/tf-plan-policy-known-after-apply';
    const shown = (findings: Finding[]) => findings.map((finding) => `${finding.ruleId} ${finding.location.file}:${finding.location.startLine}:${finding.location.startColumn} ${finding.fix?.snippet ?? ''}`).sort();
    const beside = await scan([folder]);
    const alone = await scan([`${folder}/main.tf`, `${folder}/prov.tf`]);
    expect(shown(beside.findings)).toEqual(shown(alone.findings));
    expect(beside.findings.map((finding) => `${finding.ruleId}:${finding.location.startLine}`).sort()).toEqual(['identity-passrole-unscoped:61', 'trust-service-without-source-condition:49']);
    expect(beside.findings.find((finding) => finding.ruleId === 'trust-service-without-source-condition')?.fix?.snippet).toMatch(/^Condition = \{/);
  });
});

describe('trust fixes for a plan beside its .tf.json files', () => {
  const FIXTURES = 'test/fixtures/trust-service-without-source-condition';
  const trustFindings = (findings: Finding[]) => findings.filter((finding) => finding.ruleId === 'trust-service-without-source-condition');
  const shown = (findings: Finding[]) => trustFindings(findings).map((finding) => `${finding.location.file}:${finding.location.startLine}:${finding.location.startColumn} ${finding.fix?.description ?? ''} ${finding.fix?.snippet ?? ''}`).sort();

  it('points into a .tf.json data source read at plan time and writes its syntax, as the scan of the folder does; escapes JSON text', async () => {
    const folder = `${FIXTURES}/tf-plan-json-mixed`;
    const beside = await scan([folder]);
    expect(shown(beside.findings)).toEqual(shown((await scan([`${folder}/main.tf`, `${folder}/roles.tf.json`])).findings));
    const at = (file: string, line: number) => trustFindings(beside.findings).find((finding) => finding.location.file.endsWith(file) && finding.location.startLine === line);
    // A .tf.json role reads an HCL data source, whose block the finding points into.
    expect(at('main.tf', 13)?.fix?.snippet).toMatch(/^condition \{/);
    // An HCL role reads a .tf.json data source: at its principal, the fix written as a "condition" list.
    expect(at('roles.tf.json', 4)?.fix?.description).toMatch(/^Add this Condition to the statement that trusts sagemaker\.amazonaws\.com; it reads "data": \{/);
    expect(at('roles.tf.json', 4)?.fix?.snippet).toMatch(/^"condition": \[/);
    expect(at('roles.tf.json', 12)?.fix?.snippet).toMatch(/^\\"Condition\\":\{\\"StringEquals\\":/);
  });

  it('writes the jsonencode object escaped, and points into the data source, as the scan of the folder does', async () => {
    const folder = `${FIXTURES}/tf-plan-json-syntax`;
    const beside = await scan([folder]);
    expect(shown(beside.findings)).toEqual(shown((await scan([`${folder}/main.tf.json`])).findings));
    const [document, encoded] = trustFindings(beside.findings);
    expect(document?.location.startLine).toBe(9);
    expect(document?.fix?.snippet).toMatch(/^"condition": \[\n  \{\n    "test": "StringEquals",/);
    expect(encoded?.location.startLine).toBe(20);
    expect(encoded?.fix?.snippet).toMatch(/^Condition = \{ StringEquals = \{ \\"aws:SourceAccount\\" = data\.aws_caller_identity\.current\.account_id \}/);
  });

  it("points into a .tf.json string, a role's own (one that interpolates too) or a local's it reads whole, and escapes the fix as JSON writes it, as the scan of the folder does", async () => {
    // A real Terraform 1.11.4 plan: the text on one line, after an interpolation (${var.team}), over lines written \n,
    // and a local's that a .tf.json role and an HCL one (roles.tf) read whole.
    const folder = `${FIXTURES}/tf-plan-json-string-policy`;
    const beside = await scan([folder]);
    expect(beside.errors).toEqual([]);
    expect(shown(beside.findings)).toEqual(shown((await scan([`${folder}/main.tf.json`, `${folder}/prov.tf`, `${folder}/roles.tf`])).findings));
    const lines = readFileSync(`${folder}/main.tf.json`, 'utf8').split('\n');
    const found = trustFindings(beside.findings).sort((a, b) => a.location.startLine - b.location.startLine || a.resource.address.localeCompare(b.resource.address));
    expect(found.map((finding) => [finding.resource.address, finding.location.file.endsWith('main.tf.json'), finding.location.startLine, lines[finding.location.startLine - 1]!.slice(finding.location.startColumn - 1, finding.location.endColumn - 1)])).toEqual([
      ['aws_iam_role.from_local', true, 10, String.raw`\"Service\":\"sagemaker.amazonaws.com\"`],
      ['aws_iam_role.hcl_from_local', true, 10, String.raw`\"Service\":\"sagemaker.amazonaws.com\"`],
      ['aws_iam_role.quoted', true, 16, String.raw`\"Service\":\"sagemaker.amazonaws.com\"`],
      ['aws_iam_role.interpolated', true, 20, String.raw`\"Service\":\"sagemaker.amazonaws.com\"`],
      ['aws_iam_role.lines', true, 24, String.raw`\"Service\": \"sagemaker.amazonaws.com\"`],
    ]);
    expect(new Set(found.map((finding) => finding.fix?.description.replace(/ \(covers [^)]*\)/, '')))).toEqual(new Set([`Add this Condition to the statement that trusts sagemaker.amazonaws.com (in the policy's JSON text, its quotes escaped as the JSON string writes them: \${...} resolves in it); it reads "data": { "aws_caller_identity": { "current": {} }, "aws_partition": { "current": {} }, "aws_region": { "current": {} } }, declare them where the module lacks them${PROVIDER_6_REGION}`]));
    const condition = { StringEquals: { 'aws:SourceAccount': '${data.aws_caller_identity.current.account_id}' }, ArnLike: { 'aws:SourceArn': `${OWNER_ARN}:*` } };
    expect(new Set(found.map((finding) => finding.fix?.snippet))).toEqual(new Set([JSON.stringify(`"Condition":${JSON.stringify(condition)}`).slice(1, -1)]));
  });

  /** The condition a trust fix adds for a service, reading the owner's values from the data sources it names. */
  const ownerCondition = (service: string) => ({ StringEquals: { 'aws:SourceAccount': '${data.aws_caller_identity.current.account_id}' }, ArnLike: { 'aws:SourceArn': `${OWNER_ARN.replace(':sagemaker:', `:${service}:`)}:*` } });
  const OWNER_DATA_JSON = '"data": { "aws_caller_identity": { "current": {} }, "aws_partition": { "current": {} }, "aws_region": { "current": {} } }';

  it('writes the fix for a statement a .tf.json local writes (through jsonencode, concat, merge) as JSON in that local, beside a real plan and with --tf-dir as in the folder', async () => {
    const folder = `${FIXTURES}/tf-plan-json-local-statements`;
    const beside = await scan([folder]);
    expect(beside.errors).toEqual([]);
    const alone = shown((await scan([`${folder}/main.tf.json`, `${folder}/prov.tf`])).findings);
    expect(shown(beside.findings)).toEqual(alone);
    const elsewhere = mkdtempSync(join(tmpdir(), 'deputy-plan-'));
    try {
      writeFileSync(join(elsewhere, 'plan.json'), readFileSync(`${folder}/plan.json`));
      expect(shown((await scan([join(elsewhere, 'plan.json')], { terraformFolder: folder })).findings)).toEqual(alone);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
    const text = readFileSync(`${folder}/main.tf.json`, 'utf8');
    const found = trustFindings(beside.findings).sort((a, b) => a.location.startLine - b.location.startLine || a.resource.address.localeCompare(b.resource.address));
    expect(found.map((finding) => [finding.resource.address, finding.location.startLine, finding.fix?.description])).toEqual([
      ['aws_iam_role.whole', 9, `Add this Condition to the statement that trusts sagemaker.amazonaws.com; it reads ${OWNER_DATA_JSON}, declare them where the module lacks them${PROVIDER_6_REGION}`],
      ['aws_iam_role.concatenated', 26, `Add this Condition to the statement that trusts personalize.amazonaws.com; it reads ${OWNER_DATA_JSON}, declare them where the module lacks them${PROVIDER_6_REGION}`],
      ['aws_iam_role.merged', 26, `Add this Condition to the statement that trusts personalize.amazonaws.com; it reads ${OWNER_DATA_JSON}, declare them where the module lacks them${PROVIDER_6_REGION}`],
    ]);
    // Pasted after the statement's last member ("Action", on the line after the principal), the file is still JSON and
    // the local's statement holds the condition.
    const pasted = (finding: Finding) => {
      const lines = text.split('\n');
      lines[finding.location.startLine] += `,\n${finding.fix!.snippet}`;
      return JSON.parse(lines.join('\n')) as { locals: { trust: { Statement: Array<{ Condition: unknown }> }; open: Array<{ Condition: unknown }> } };
    };
    expect(pasted(found[0]!).locals.trust.Statement[0]!.Condition).toEqual(ownerCondition('sagemaker'));
    expect(pasted(found[1]!).locals.open[0]!.Condition).toEqual(ownerCondition('personalize'));
    expect(found[2]!.fix).toEqual(found[1]!.fix);
    expect(trustFindings((await scan([`${folder}-pinned`])).findings)).toEqual([]);
  });

  it('points inside a .tf.json string over \\n lines that interpolates or writes $${, and writes the fix escaped for that string, beside a real plan as in the folder', async () => {
    const folder = `${FIXTURES}/tf-plan-json-lines-template`;
    const beside = await scan([folder]);
    expect(beside.errors).toEqual([]);
    expect(shown(beside.findings)).toEqual(shown((await scan([`${folder}/main.tf.json`, `${folder}/prov.tf`])).findings));
    const text = readFileSync(`${folder}/main.tf.json`, 'utf8');
    const lines = text.split('\n');
    const [interpolated, escaped] = trustFindings(beside.findings).sort((a, b) => a.location.startLine - b.location.startLine);
    // On the file's line of the string, past ${var.team} and past $${aws:username}, which reads as ${aws:username}.
    expect([interpolated, escaped].map((finding) => [finding!.resource.address, finding!.location.startLine, lines[finding!.location.startLine - 1]!.slice(finding!.location.startColumn - 1, finding!.location.endColumn - 1)])).toEqual([
      ['aws_iam_role.interpolated', 8, String.raw`\"Service\": \"sagemaker.amazonaws.com\"`],
      ['aws_iam_role.escaped', 12, String.raw`\"Service\": \"sagemaker.amazonaws.com\"`],
    ]);
    expect(escaped!.message).toContain('only on StringLikeIfExists aws:RequestTag/owner ${aws:username}');
    const note = ` (in the policy's JSON text, its quotes escaped as the JSON string writes them: \${...} resolves in it); it reads ${OWNER_DATA_JSON}, declare them where the module lacks them${PROVIDER_6_REGION}`;
    expect(interpolated!.fix?.description).toBe(`Add this Condition to the statement that trusts sagemaker.amazonaws.com${note}`);
    expect(escaped!.fix?.description).toBe(`Merge this into the Condition of the statement that trusts sagemaker.amazonaws.com${note}`);
    const snippet = JSON.stringify(`"Condition":${JSON.stringify(ownerCondition('sagemaker'))}`).slice(1, -1);
    expect([interpolated!.fix?.snippet, escaped!.fix?.snippet]).toEqual([snippet, snippet]);
    // Pasted into each string (after the statement's last member; merged into the Condition it has), the file is still
    // JSON and each string the policy's JSON text, conditioned.
    const policyOf = (edited: string, role: string) => JSON.parse((JSON.parse(edited) as { resource: { aws_iam_role: Record<string, { assume_role_policy: string }> } }).resource.aws_iam_role[role]!.assume_role_policy) as { Statement: Array<{ Condition: unknown }> };
    const added = text.replace(String.raw`\"Action\": \"sts:AssumeRole\"}`, String.raw`\"Action\": \"sts:AssumeRole\", ` + `${snippet}}`);
    expect(policyOf(added, 'interpolated').Statement[0]!.Condition).toEqual(ownerCondition('sagemaker'));
    const merged = text.replace(String.raw`\"Condition\": {`, String.raw`\"Condition\": {` + `${snippet.slice(String.raw`\"Condition\":{`.length, -1)}, `);
    expect(policyOf(merged, 'escaped').Statement[0]!.Condition).toEqual({ ...ownerCondition('sagemaker'), StringLikeIfExists: { 'aws:RequestTag/owner': '$${aws:username}' } });
    expect(trustFindings((await scan([`${folder}-pinned`])).findings)).toEqual([]);
  });

  it('names a .tf.json data source whose statements are no longer those the plan read, in the JSON syntax', async () => {
    const folder = `${FIXTURES}/tf-plan-json-syntax`;
    // Edited since the plan: its statement now allows another action, so its lines do not show what the plan read.
    const edited = readFileSync(`${folder}/main.tf.json`, 'utf8').replace('"actions": ["sts:AssumeRole"]', '"actions": ["sts:AssumeRole", "sts:TagSession"]');
    const result = await scanTree({ 'main.tf.json': edited, 'plan.json': readFileSync(`${folder}/plan.json`, 'utf8') });
    const [document] = trustFindings(result.findings);
    expect(document?.location.startLine).toBe(17);
    expect(document?.fix?.description).toMatch(/^Add this Condition to the statement of data\.aws_iam_policy_document\.trust that trusts sagemaker\.amazonaws\.com;/);
    expect(document?.fix?.snippet).toMatch(/^"condition": \[\n  \{\n    "test": "StringEquals",/);
  });
});

describe('trust fixes read the owner from the data sources the module declares', () => {
  const trust = (owner: string, statement = '') => `${owner}
data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["sagemaker.amazonaws.com"]
    }
${statement}  }
}
resource "aws_iam_role" "exec" {
  assume_role_policy = data.aws_iam_policy_document.trust.json
}
`;

  it('reads one of another name, and one with a count at [0], and declares only what the module lacks', async () => {
    // `provider = aws` names the default provider.
    const owner = 'data "aws_caller_identity" "this" {\n  count = 1\n}\ndata "aws_region" "here" {\n  provider = aws\n}\n';
    const finding = await findingOf(trust(owner), 'trust-service-without-source-condition');
    expect(finding.fix?.snippet).toContain('values   = [data.aws_caller_identity.this[0].account_id]');
    expect(finding.fix?.snippet).toContain('values   = ["arn:${data.aws_partition.current.partition}:sagemaker:${data.aws_region.here.name}:${data.aws_caller_identity.this[0].account_id}:*"]');
    expect(finding.fix?.description).toBe(
      'Add this Condition to the statement that trusts sagemaker.amazonaws.com; it reads data "aws_partition" "current" {}, declare it where the module lacks it; with AWS provider 6 read data.aws_region.here.region in place of data.aws_region.here.name, which it deprecates',
    );
    const fixed = await scanTree({ 'main.tf': trust(`${owner}data "aws_partition" "current" {}\n`, finding.fix!.snippet.replace(/^/gm, '    ') + '\n') });
    expect(fixed.findings.filter((item) => item.ruleId.startsWith('trust-'))).toEqual([]);
  });

  it('reads them beside a plan from its folder, one with a count at [0] where the plan holds it', async () => {
    const result = await scan(['test/fixtures/trust-service-without-source-condition/tf-plan-owner-data-sources']);
    const fix = result.findings.find((finding) => finding.ruleId === 'trust-service-without-source-condition')?.fix;
    expect(fix?.snippet).toContain('"arn:${data.aws_partition.this.partition}:sagemaker:${data.aws_region.current[0].name}:${data.aws_caller_identity.current.account_id}:*"');
    expect(fix?.description).toContain('it reads data "aws_caller_identity" "current" {}, declare it where the module lacks it');
  });

  it('reads beside a plan one with a count only where the plan holds its [0] in every instance of the module, as the .tf scan does', async () => {
    const folder = 'test/fixtures/trust-service-without-source-condition/tf-plan-owner-counted-modules';
    const snippets = async (target: string) => (await scan([target])).findings.filter((finding) => finding.ruleId === 'trust-service-without-source-condition').map((finding) => finding.fix?.snippet);
    const beside = await snippets(folder);
    expect(beside).toHaveLength(2);
    // module.skips reads no region (count = 0): [0] of it would fail there.
    for (const snippet of beside) expect(snippet).toContain('"arn:${data.aws_partition.current[0].partition}:sagemaker:${data.aws_region.current2.name}:');
    expect(await snippets(`${folder}/main.tf`)).toEqual(beside);
  });

  it("reads beside a plan those of the role's provider configuration, as its block names it", async () => {
    const result = await scan(['test/fixtures/trust-service-without-source-condition/tf-plan-owner-role-provider']);
    const fix = result.findings.find((finding) => finding.ruleId === 'trust-service-without-source-condition')?.fix;
    expect(fix?.snippet).toContain('"arn:${data.aws_partition.west.partition}:sagemaker:${data.aws_region.west.name}:${data.aws_caller_identity.west.account_id}:*"');
    expect(fix?.description).toContain('it reads data "aws_caller_identity" "west" { provider = aws.west }, data "aws_partition" "west" { provider = aws.west }, declare them where the module lacks them');
  });

  it("names a root module role's provider configuration in a plan without its .tf files, whose data sources are not known", async () => {
    const directory = mkdtempSync(join(tmpdir(), 'deputy-plan-only-'));
    try {
      writeFileSync(join(directory, 'plan.json'), readFileSync('test/fixtures/trust-service-without-source-condition/tf-plan-owner-role-provider/plan.json'));
      const result = await scan([directory]);
      const fix = result.findings.find((finding) => finding.ruleId === 'trust-service-without-source-condition')?.fix;
      expect(fix?.snippet).toContain('"arn:${data.aws_partition.west.partition}:sagemaker:${data.aws_region.west.name}:${data.aws_caller_identity.west.account_id}:*"');
      expect(fix?.description).toContain('it reads data "aws_caller_identity" "west" { provider = aws.west }, data "aws_partition" "west" { provider = aws.west }, data "aws_region" "west" { provider = aws.west }, declare them');
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it("says, in a plan without its .tf files, that a module role's provider configuration is not named there", async () => {
    const result = await scan(['test/fixtures/trust-service-without-source-condition/tf-plan-module-role-provider']);
    const fix = result.findings.find((finding) => finding.ruleId === 'trust-service-without-source-condition')?.fix;
    expect(fix?.description).toContain('and give them the provider configuration the role is created with (`provider = ...`), which deputy cannot name in this module');
  });

  it('reads beside a plan a .tf.json data source that names the default provider, and avoids a check block name', async () => {
    const result = await scan(['test/fixtures/trust-service-without-source-condition/tf-plan-json-owner-provider']);
    const fix = result.findings.find((finding) => finding.ruleId === 'trust-service-without-source-condition')?.fix;
    expect(fix?.snippet).toContain('"arn:${data.aws_partition.p.partition}:sagemaker:${data.aws_region.here.name}:${data.aws_caller_identity.current2.account_id}:*"');
  });

  it('does not read one whose count may be 0 (no [0] then), nor one a check block declares (not readable outside it)', async () => {
    const owner = [
      'variable "create" {\n  type    = bool\n  default = false\n}',
      'data "aws_partition" "current" {\n  count = 0\n}',
      'data "aws_region" "current" {\n  count = var.create ? 1 : 0\n}',
      'check "account" {\n  data "aws_caller_identity" "current" {}\n  assert {\n    condition     = data.aws_caller_identity.current.account_id != ""\n    error_message = "no account"\n  }\n}',
    ].join('\n');
    const finding = await findingOf(trust(owner), 'trust-service-without-source-condition');
    expect(finding.fix?.snippet).toContain('values   = ["arn:${data.aws_partition.current2.partition}:sagemaker:${data.aws_region.current2.name}:${data.aws_caller_identity.current2.account_id}:*"]');
    const created = await findingOf(trust(owner.replace('default = false', 'default = true')), 'trust-service-without-source-condition');
    expect(created.fix?.snippet).toContain('${data.aws_region.current[0].name}');
    // The JSON syntax nests an object for the check's name and for the data source's type and name.
    const check = { check: { account: { data: { aws_caller_identity: { current: {} } }, assert: { condition: '${data.aws_caller_identity.current.account_id != ""}', error_message: 'no account' } } } };
    const inJson = await scanTree({ 'main.tf': trust(''), 'check.tf.json': JSON.stringify(check) });
    expect(inJson.findings.find((item) => item.ruleId === 'trust-service-without-source-condition')?.fix?.snippet).toContain('values   = [data.aws_caller_identity.current2.account_id]');
  });

  it('names the region of a SageMaker resource another provider configuration creates, where SageMaker presents its source ARN', async () => {
    const providers = 'provider "aws" {\n  region = "us-east-1"\n}\nprovider "aws" {\n  alias  = "eu"\n  region = "eu-west-1"\n}\n';
    const notebook = (provider: string) => `resource "aws_sagemaker_notebook_instance" "nb" {\n  ${provider}name          = "nb"\n  instance_type = "ml.t3.medium"\n  role_arn      = aws_iam_role.exec.arn\n}\n`;
    const finding = await findingOf(providers + trust('') + notebook('provider      = aws.eu\n  '), 'trust-service-without-source-condition');
    expect(finding.fix?.snippet).toContain('values   = ["arn:${data.aws_partition.current.partition}:sagemaker:eu-west-1:${data.aws_caller_identity.current.account_id}:*"]');
    const fixed = await scanTree({ 'main.tf': providers + trust('data "aws_caller_identity" "current" {}\ndata "aws_partition" "current" {}\n', finding.fix!.snippet.replace(/^/gm, '    ') + '\n') + notebook('provider      = aws.eu\n  ') });
    expect(fixed.findings.filter((item) => item.ruleId.startsWith('trust-'))).toEqual([]);
    // In the role's own region, the fix reads the region as before.
    const same = await findingOf(providers + trust('') + notebook(''), 'trust-service-without-source-condition');
    expect(same.fix?.snippet).toContain(':sagemaker:${data.aws_region.current.name}:');
  });

  it('names every region the role is used from, any region (*) where one is not known, saying why; applied, the trust rules are silent', async () => {
    const owner = 'data "aws_caller_identity" "current" {}\ndata "aws_partition" "current" {}\ndata "aws_region" "current" {}\n';
    const providers = 'provider "aws" {\n  region = "us-east-1"\n}\nprovider "aws" {\n  alias  = "eu"\n  region = "eu-west-1"\n}\nprovider "aws" {\n  alias  = "ap"\n  region = var.ap_region\n}\nvariable "ap_region" {\n  type = string\n}\n';
    const notebook = (name: string, provider?: string) => `resource "aws_sagemaker_notebook_instance" "${name}" {\n${provider ? `  provider      = ${provider}\n` : ''}  name          = "${name}"\n  instance_type = "ml.t3.medium"\n  role_arn      = aws_iam_role.exec.arn\n}\n`;
    const users = notebook('us') + notebook('eu', 'aws.eu');
    const trustRules = async (statement: string, others = users) => (await scanTree({ 'main.tf': providers + trust(owner, statement.replace(/^/gm, '    ') + '\n') + others })).findings.filter((item) => item.ruleId.startsWith('trust-')).map((item) => `${item.ruleId} ${item.message}`);
    const finding = await findingOf(providers + trust(owner) + users, 'trust-service-without-source-condition');
    const eu = 'arn:${data.aws_partition.current.partition}:sagemaker:eu-west-1:${data.aws_caller_identity.current.account_id}:*';
    expect(finding.fix?.snippet).toContain(`values   = ["${eu}", "${OWNER_ARN}:*"]`);
    expect(finding.fix?.description).toMatch(/; aws:SourceArn names each region its users are created in \(eu-west-1, the role's own\), as an IAM role is global and one region's source ARN would lock out its users in the others$/);
    expect(await trustRules(finding.fix!.snippet)).toEqual([]);
    // The role's own region alone, as the fix wrote it before, locks out the notebook of the other.
    expect(await trustRules(finding.fix!.snippet.replace(`"${eu}", `, ''))).toEqual([expect.stringMatching(/^trust-sagemaker-role-unassumable .*aws_sagemaker_notebook_instance\.eu/)]);
    // A third in a region not known: any region, the note naming it.
    const any = await findingOf(providers + trust(owner) + users + notebook('ap', 'aws.ap'), 'trust-service-without-source-condition');
    expect(any.fix?.snippet).toContain('values   = ["arn:${data.aws_partition.current.partition}:sagemaker:*:${data.aws_caller_identity.current.account_id}:*"]');
    expect(any.fix?.description).toMatch(/; aws:SourceArn allows any region \(\*\), as an IAM role is global and one region's source ARN would lock out the role's users in the others: aws_sagemaker_notebook_instance\.ap is created in a region not known statically$/);
    expect(await trustRules(any.fix!.snippet, users + notebook('ap', 'aws.ap'))).toEqual([]);
    // A real plan beside its .tf writes the same.
    const planned = (await scan([join(import.meta.dirname, '..', 'fixtures', 'trust-service-without-source-condition', 'tf-plan-regions-of-users')])).findings.find((item) => item.ruleId === 'trust-service-without-source-condition');
    expect(planned?.fix?.snippet).toContain(`["${eu}", "${OWNER_ARN}:*"]`);
    expect(planned?.fix?.description).toContain("; aws:SourceArn names each region its users are created in (eu-west-1, the role's own)");
    // One region: the role's own, as before, with no note.
    const one = await findingOf(providers + trust(owner) + notebook('us'), 'trust-service-without-source-condition');
    expect(one.fix?.snippet).toContain(`values   = ["${OWNER_ARN}:*"]`);
    expect(one.fix?.description).not.toContain('aws:SourceArn');
  });

  it('writes any region (*) for a service whose roles are account-wide by design, in .tf and .tf.json', async () => {
    const emr = (condition = '') => `resource "aws_iam_role" "emr" {\n  name = "EMR_DefaultRole"\n  assume_role_policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{\n      Effect    = "Allow"\n      Principal = { Service = "elasticmapreduce.amazonaws.com" }\n      Action    = "sts:AssumeRole"\n${condition}    }]\n  })\n}\n`;
    const owner = 'data "aws_caller_identity" "current" {}\ndata "aws_partition" "current" {}\n';
    const finding = await findingOf(owner + emr(), 'trust-service-without-source-condition');
    expect(finding.fix?.snippet).toContain('"aws:SourceArn" = "arn:${data.aws_partition.current.partition}:elasticmapreduce:*:${data.aws_caller_identity.current.account_id}:*"');
    expect(finding.fix?.description).toContain("; aws:SourceArn allows any region (*), as an IAM role is global and one region's source ARN would lock out the role's users in the others: EMR's service roles are account-wide by design");
    const fixed = await scanTree({ 'main.tf': owner + emr(finding.fix!.snippet.replace(/^/gm, '      ') + '\n') });
    expect(fixed.findings.filter((item) => item.ruleId.startsWith('trust-'))).toEqual([]);
    const inJson = await scanTree({ 'main.tf.json': JSON.stringify({ resource: { aws_iam_role: { emr: { name: 'EMR_DefaultRole', assume_role_policy: '${jsonencode({Statement = [{Effect = "Allow", Principal = {Service = "elasticmapreduce.amazonaws.com"}, Action = "sts:AssumeRole"}]})}' } } } }) });
    expect(inJson.findings.find((item) => item.ruleId === 'trust-service-without-source-condition')?.fix?.snippet).toContain(':elasticmapreduce:*:${data.aws_caller_identity.current.account_id}:*');
  });

  it("reads those of the role's provider configuration, and declares missing ones with it, named for its alias", async () => {
    const providers = 'provider "aws" {\n  region = "us-east-1"\n}\nprovider "aws" {\n  alias  = "west"\n  region = "us-west-2"\n  assume_role {\n    role_arn = "arn:aws:iam::222233334444:role/deploy"\n  }\n}\n';
    const owner = 'data "aws_caller_identity" "current" {}\ndata "aws_region" "here" {\n  provider = aws.west\n}\n';
    const role = (main: string) => main.replace('resource "aws_iam_role" "exec" {\n', 'resource "aws_iam_role" "exec" {\n  provider = aws.west\n');
    const notebook = 'resource "aws_sagemaker_notebook_instance" "nb" {\n  provider      = aws.west\n  name          = "nb"\n  instance_type = "ml.t3.medium"\n  role_arn      = aws_iam_role.exec.arn\n}\n';
    const finding = await findingOf(providers + role(trust(owner)) + notebook, 'trust-service-without-source-condition');
    expect(finding.fix?.snippet).toContain('values   = ["arn:${data.aws_partition.west.partition}:sagemaker:${data.aws_region.here.name}:${data.aws_caller_identity.west.account_id}:*"]');
    expect(finding.fix?.description).toContain('it reads data "aws_caller_identity" "west" { provider = aws.west }, data "aws_partition" "west" { provider = aws.west }, declare them where the module lacks them');
    // The default configuration's account is not the role's: a condition reading it refuses SageMaker.
    const declared = 'data "aws_caller_identity" "west" { provider = aws.west }\ndata "aws_partition" "west" { provider = aws.west }\n';
    const fixed = await scanTree({ 'main.tf': providers + role(trust(owner + declared, finding.fix!.snippet.replace(/^/gm, '    ') + '\n')) + notebook });
    expect(fixed.findings.filter((item) => item.ruleId.startsWith('trust-'))).toEqual([]);
    const defaultOwner = finding.fix!.snippet.replaceAll('.west.', '.current.').replaceAll('aws_region.here', 'aws_region.current');
    const refused = await scanTree({ 'main.tf': providers + role(trust(`${owner}data "aws_partition" "current" {}\ndata "aws_region" "current" {}\n`, defaultOwner.replace(/^/gm, '    ') + '\n')) + notebook });
    expect(refused.findings.map((item) => item.ruleId)).toContain('trust-sagemaker-role-unassumable');
    // In the JSON syntax the declaration names the provider as a string.
    const inJson = await scanTree({ 'main.tf.json': JSON.stringify({ provider: { aws: [{ region: 'us-east-1' }, { alias: 'west', region: 'us-west-2' }] }, resource: { aws_iam_role: { exec: { provider: 'aws.west', assume_role_policy: '${jsonencode({Statement = [{Effect = "Allow", Principal = {Service = "sagemaker.amazonaws.com"}, Action = "sts:AssumeRole"}]})}' } } } }) });
    expect(inJson.findings.find((item) => item.ruleId === 'trust-service-without-source-condition')?.fix?.description).toContain('"data": { "aws_caller_identity": { "west": { "provider": "aws.west" } }, "aws_partition": { "west": { "provider": "aws.west" } }, "aws_region": { "west": { "provider": "aws.west" } } }');
  });

  it('does not read one that gives another value (another provider, a region named, for_each), and declares its own under a free name', async () => {
    const owner = [
      'provider "aws" {\n  alias  = "audit"\n  region = "us-east-1"\n}',
      'data "aws_caller_identity" "current" {\n  provider = aws.audit\n}',
      'data "aws_region" "current" {\n  name = "eu-west-1"\n}',
      'data "aws_partition" "current" {\n  for_each = toset(["a"])\n}',
    ].join('\n');
    const finding = await findingOf(trust(owner), 'trust-service-without-source-condition');
    expect(finding.fix?.snippet).toContain('values   = ["arn:${data.aws_partition.current2.partition}:sagemaker:${data.aws_region.current2.name}:${data.aws_caller_identity.current2.account_id}:*"]');
    expect(finding.fix?.description).toContain('it reads data "aws_caller_identity" "current2" {}, data "aws_partition" "current2" {}, data "aws_region" "current2" {}, declare them where the module lacks them');
  });
});

describe('trust fixes for a statement a policy document data source includes from another document', () => {
  const OWNER = 'data "aws_caller_identity" "current" {}\ndata "aws_partition" "current" {}\ndata "aws_region" "current" {}\n';
  const ROLE = 'resource "aws_iam_role" "r" {\n  assume_role_policy = data.aws_iam_policy_document.p.json\n}\n';
  const trustedBy = (ruleId: string, findings: Finding[]) => findings.filter((finding) => finding.ruleId === ruleId);

  it('writes an HCL object for a jsonencode({...}) entry, written there or in a local, after which the rules are silent', async () => {
    const main = `${OWNER}data "aws_iam_policy_document" "p" {
  source_policy_documents = [jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "sagemaker.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })]
  override_policy_documents = [local.open]
  statement {
    sid     = "Lambda"
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}
locals {
  open = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Sid = "Open", Effect = "Allow", Principal = { AWS = "*" }, Action = "sts:AssumeRole" }]
  })
}
${ROLE}`;
    const result = await scanTree({ 'main.tf': main });
    expect(result.errors).toEqual([]);
    const [source] = trustedBy('trust-service-without-source-condition', result.findings);
    const [open] = trustedBy('trust-any-principal', result.findings);
    expect(source?.fix?.description).toBe(`Add this Condition to the statement that trusts sagemaker.amazonaws.com${PROVIDER_6_REGION}`);
    expect(source?.fix?.snippet).toBe(
      ['Condition = {', '  StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.current.account_id }', `  ArnLike      = { "aws:SourceArn" = "${OWNER_ARN}:*" }`, '}'].join('\n'),
    );
    expect(open?.fix?.snippet).toBe(['Condition = {', '  StringEquals = { "aws:PrincipalAccount" = data.aws_caller_identity.current.account_id }', '}'].join('\n'));
    // Each snippet goes into the object where its finding points: the one written in the data source, and the local's.
    const lines = main.split('\n');
    expect(lines[source!.location.startLine - 1]).toContain('Principal = { Service = "sagemaker.amazonaws.com" }');
    expect(lines[open!.location.startLine - 1]).toContain('Statement = [{ Sid = "Open"');
    lines[open!.location.startLine - 1] = lines[open!.location.startLine - 1]!.replace('Action = "sts:AssumeRole" }', `Action = "sts:AssumeRole", ${open!.fix!.snippet.replace(/\n\s*/g, ' ')} }`);
    lines.splice(source!.location.startLine, 0, source!.fix!.snippet);
    const fixed = await scanTree({ 'main.tf': lines.join('\n') });
    expect(fixed.errors).toEqual([]);
    expect(fixed.findings.filter((finding) => finding.ruleId.startsWith('trust-'))).toEqual([]);
  });

  it('writes JSON text for a heredoc entry, and says that file() does not resolve ${...} in the text it reads', async () => {
    const text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "sagemaker.amazonaws.com"}, "Action": "sts:AssumeRole"}]}';
    const heredoc = `${OWNER}locals {\n  trust = <<EOF\n${text}\nEOF\n}\ndata "aws_iam_policy_document" "p" {\n  source_policy_documents = [local.trust]\n}\n${ROLE}`;
    const inHeredoc = await findingOf(heredoc, 'trust-service-without-source-condition');
    expect(inHeredoc.location.startLine).toBe(6);
    expect(inHeredoc.fix?.description).toContain("(in the policy's JSON text: ${...} resolves in a heredoc, not in file();");
    expect(JSON.parse(inHeredoc.fix!.snippet.replace(/^"Condition": /, ''))).toEqual({
      StringEquals: { 'aws:SourceAccount': '${data.aws_caller_identity.current.account_id}' },
      ArnLike: { 'aws:SourceArn': `${OWNER_ARN}:*` },
    });
    const read = await scanTree({ 'main.tf': `data "aws_iam_policy_document" "p" {\n  override_policy_documents = [file("\${path.module}/trust.json")]\n}\n${ROLE}`, 'trust.json': text });
    expect(read.errors).toEqual([]);
    const [fromFile] = trustedBy('trust-service-without-source-condition', read.findings);
    expect(fromFile?.location.file).toMatch(/trust\.json$/);
    expect(fromFile?.fix?.snippet).toMatch(/^"Condition": \{\n  "StringEquals": \{\n    "aws:SourceAccount": "\$\{data\.aws_caller_identity\.current\.account_id\}"/);
    expect(fromFile?.fix?.description).toContain(`(in the JSON text of ${fromFile!.location.file}, in which file() resolves no \${...}: read it with templatefile(), passing these values in its variables and writing their names, or write the values literally)`);
    // The data sources the values come from are those of the module that reads the file.
    expect(fromFile?.fix?.description).toContain('it reads data "aws_caller_identity" "current" {}, data "aws_partition" "current" {}, data "aws_region" "current" {}, declare them where the module lacks them');
  });

  it("writes blocks for another data source's json, named in the fix, through the documents that include it in turn", async () => {
    const base = (condition = '') => `data "aws_iam_policy_document" "base" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["sagemaker.amazonaws.com"]
    }
${condition}  }
}
`;
    const including = `data "aws_iam_policy_document" "mid" {\n  source_policy_documents = [data.aws_iam_policy_document.base.json]\n}\ndata "aws_iam_policy_document" "p" {\n  override_policy_documents = [data.aws_iam_policy_document.mid.json]\n  statement {\n    sid     = "Own"\n    actions = ["sts:AssumeRole"]\n    principals {\n      type        = "Service"\n      identifiers = ["lambda.amazonaws.com"]\n    }\n  }\n}\n`;
    const finding = await findingOf(OWNER + base() + including + ROLE, 'trust-service-without-source-condition');
    expect(finding.location.startLine).toBe(9);
    expect(finding.fix?.description).toBe(`Add this Condition to the statement of data.aws_iam_policy_document.base that trusts sagemaker.amazonaws.com${PROVIDER_6_REGION}`);
    expect(finding.fix?.snippet).toMatch(/^condition \{\n  test     = "StringEquals"\n  variable = "aws:SourceAccount"/);
    const fixed = await scanTree({ 'main.tf': OWNER + base(finding.fix!.snippet.replace(/^(?=.)/gm, '    ') + '\n') + including + ROLE });
    expect(fixed.findings.filter((item) => item.ruleId.startsWith('trust-'))).toEqual([]);
  });
});

/** A trust statement, its condition values Terraform templates (`${...}` reads a reference). */
interface TrustStatement {
  principals: Record<string, string[]>;
  actions?: string[];
  conditions?: Array<{ test: string; variable: string; values: string[] }>;
}

/** A role's trust policy of the statements as each form writes it: jsonencode({...}), a heredoc of JSON, or an aws_iam_policy_document. */
const TRUST_FORMS = {
  jsonencode: (statements: TrustStatement[]) => {
    const hcl = (value: unknown): string => (Array.isArray(value) ? `[${value.map(hcl).join(', ')}]` : JSON.stringify(value));
    const object = ({ principals, actions = ['sts:AssumeRole'], conditions = [] }: TrustStatement) =>
      [
        '      {',
        '        Effect    = "Allow"',
        `        Action    = ${hcl(actions)}`,
        `        Principal = { ${Object.entries(principals).map(([type, ids]) => `${type} = ${hcl(ids)}`).join(', ')} }`,
        ...(conditions.length > 0 ? [`        Condition = { ${conditions.map(({ test, variable, values }) => `${test} = { ${JSON.stringify(variable)} = ${hcl(values)} }`).join(', ')} }`] : []),
        '      },',
      ].join('\n');
    return `resource "aws_iam_role" "r" {\n  assume_role_policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [\n${statements.map(object).join('\n')}\n    ]\n  })\n}\n`;
  },
  heredoc: (statements: TrustStatement[]) => {
    const object = ({ principals, actions = ['sts:AssumeRole'], conditions = [] }: TrustStatement) =>
      [
        '    {',
        '      "Effect": "Allow",',
        `      "Action": ${JSON.stringify(actions)},`,
        `      "Principal": ${JSON.stringify(principals)}${conditions.length > 0 ? ',' : ''}`,
        ...(conditions.length > 0 ? [`      "Condition": ${JSON.stringify(Object.fromEntries(conditions.map(({ test, variable, values }) => [test, { [variable]: values }])))}`] : []),
        '    }',
      ].join('\n');
    return `resource "aws_iam_role" "r" {\n  assume_role_policy = <<EOT\n{\n  "Version": "2012-10-17",\n  "Statement": [\n${statements.map(object).join(',\n')}\n  ]\n}\nEOT\n}\n`;
  },
  aws_iam_policy_document: (statements: TrustStatement[]) => {
    const block = ({ principals, actions = ['sts:AssumeRole'], conditions = [] }: TrustStatement) =>
      [
        '  statement {',
        `    actions = ${JSON.stringify(actions)}`,
        ...Object.entries(principals).flatMap(([type, ids]) => ['    principals {', `      type        = "${type}"`, `      identifiers = ${JSON.stringify(ids)}`, '    }']),
        ...conditions.flatMap(({ test, variable, values }) => ['    condition {', `      test     = "${test}"`, `      variable = "${variable}"`, `      values   = ${JSON.stringify(values)}`, '    }']),
        '  }',
      ].join('\n');
    return `data "aws_iam_policy_document" "p" {\n${statements.map(block).join('\n')}\n}\nresource "aws_iam_role" "r" {\n  assume_role_policy = data.aws_iam_policy_document.p.json\n}\n`;
  },
};
const FORM_NAMES = Object.keys(TRUST_FORMS) as Array<keyof typeof TRUST_FORMS>;

describe('Terraform trust fixes where another statement already trusts the service with source conditions', () => {
  const OWNER = 'data "aws_caller_identity" "current" {}\ndata "aws_partition" "current" {}\ndata "aws_region" "current" {}\n';
  const PINNED: TrustStatement = {
    principals: { Service: ['sagemaker.amazonaws.com'] },
    conditions: [
      { test: 'StringEquals', variable: 'aws:SourceAccount', values: ['${data.aws_caller_identity.current.account_id}'] },
      { test: 'ArnLike', variable: 'aws:SourceArn', values: ['arn:${data.aws_partition.current.partition}:sagemaker:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:*'] },
    ],
  };
  const PARTNER = 'arn:aws:iam::210987654321:root';
  const sourceFindings = (findings: Finding[]) => findings.filter((finding) => finding.ruleId === 'trust-service-without-source-condition');
  const scanned = async (main: string) => {
    const result = await scanTree({ 'main.tf': OWNER + main });
    expect(result.errors).toEqual([]);
    return result;
  };
  /** Where the pinned statement starts (line:column) in each form, after a first statement of two principals. */
  const PINNED_AT = { jsonencode: '13:7', heredoc: '14:5', aws_iam_policy_document: '16:3' };

  it.each(FORM_NAMES)('%s: takes the service out of the statement it shares, and the policy left is silent but for the partner', async (form) => {
    const [finding] = sourceFindings((await scanned(TRUST_FORMS[form]([{ principals: { AWS: [PARTNER], Service: ['sagemaker.amazonaws.com'] } }, PINNED]))).findings);
    expect(finding?.fix?.description).toBe(`Remove sagemaker.amazonaws.com from the principals of the statement, which also trusts ${PARTNER}: the statement at main.tf:${PINNED_AT[form]} already trusts it with source conditions, for each action this one gives it`);
    expect(finding?.fix?.snippet).toBe('"sagemaker.amazonaws.com"');
    const fixed = await scanned(TRUST_FORMS[form]([{ principals: { AWS: [PARTNER] } }, PINNED]));
    expect(fixed.findings.map((item) => item.ruleId).filter((id) => id.startsWith('trust-'))).toEqual(['trust-cross-account-without-external-id']);
  });

  it.each(FORM_NAMES)('%s: takes out the statement that trusts the service alone', async (form) => {
    const [finding] = sourceFindings((await scanned(TRUST_FORMS[form]([{ principals: { Service: ['sagemaker.amazonaws.com'] } }, PINNED]))).findings);
    expect(finding?.fix?.description).toMatch(/^Remove the statement that trusts sagemaker\.amazonaws\.com: the statement at main\.tf:\d+:\d+ already trusts it with source conditions/);
    expect((await scanned(TRUST_FORMS[form]([PINNED]))).findings.filter((item) => item.ruleId.startsWith('trust-'))).toEqual([]);
  });

  it.each(FORM_NAMES)('%s: still moves the service into a statement of its own where the shared one gives it more (sts:TagSession)', async (form) => {
    const [finding] = sourceFindings((await scanned(TRUST_FORMS[form]([{ principals: { Service: ['ec2.amazonaws.com', 'sagemaker.amazonaws.com'] }, actions: ['sts:AssumeRole', 'sts:TagSession'] }, PINNED]))).findings);
    expect(finding?.fix?.description).toMatch(/^Move sagemaker\.amazonaws\.com out of the statement into one of its own: the statement also trusts ec2\.amazonaws\.com/);
    expect(finding?.fix?.snippet).toContain('sts:TagSession');
  });
});

describe('Terraform trust fixes where another statement pins the service to the owner\'s partition written out (arn:aws:)', () => {
  const OWNER = 'data "aws_caller_identity" "current" {}\ndata "aws_partition" "current" {}\n';
  const PROVIDER = 'provider "aws" {\n  region = "us-east-1"\n}\n';
  const pinned = (partition: string): TrustStatement => ({
    principals: { Service: ['sagemaker.amazonaws.com'] },
    conditions: [
      { test: 'StringEquals', variable: 'aws:SourceAccount', values: ['${data.aws_caller_identity.current.account_id}'] },
      { test: 'ArnLike', variable: 'aws:SourceArn', values: [`arn:${partition}:sagemaker:us-east-1:\${data.aws_caller_identity.current.account_id}:*`] },
    ],
  });
  const PARTNER = 'arn:aws:iam::210987654321:root';
  const SHARED: TrustStatement = { principals: { AWS: [PARTNER], Service: ['sagemaker.amazonaws.com'] } };
  const sourceFix = async (main: string) => {
    const result = await scanTree({ 'main.tf': OWNER + main });
    expect(result.errors).toEqual([]);
    return result.findings.filter((finding) => finding.ruleId === 'trust-service-without-source-condition').map((finding) => finding.fix?.description);
  };

  it.each(FORM_NAMES)('%s: in the provider\'s region us-east-1, arn:aws: is the owner\'s partition: the service comes out of the shared statement, and the fixed policy is silent', async (form) => {
    const [description] = await sourceFix(PROVIDER + TRUST_FORMS[form]([SHARED, pinned('aws')]));
    expect(description).toMatch(/^Remove sagemaker\.amazonaws\.com from the principals of the statement, which also trusts arn:aws:iam::210987654321:root: the statement at main\.tf:\d+:\d+ already trusts it with source conditions, for each action this one gives it$/);
    expect(await sourceFix(PROVIDER + TRUST_FORMS[form]([{ principals: { AWS: [PARTNER] } }, pinned('aws')]))).toEqual([]);
    // The partition read from data.aws_partition is the owner's still.
    expect((await sourceFix(PROVIDER + TRUST_FORMS[form]([SHARED, pinned('${data.aws_partition.current.partition}')])))[0]).toMatch(/^Remove sagemaker\.amazonaws\.com from the principals/);
  });

  it.each(FORM_NAMES)('%s: silent in its fix where the partition is another than the region\'s, or no region tells it: the conditions are written', async (form) => {
    expect((await sourceFix(PROVIDER + TRUST_FORMS[form]([SHARED, pinned('aws-cn')])))[0]).toMatch(/^Move sagemaker\.amazonaws\.com out of the statement into one of its own/);
    expect((await sourceFix(TRUST_FORMS[form]([SHARED, pinned('aws')])))[0]).toMatch(/^Move sagemaker\.amazonaws\.com out of the statement into one of its own/);
    expect((await sourceFix('provider "aws" {\n  region = "cn-north-1"\n}\n' + TRUST_FORMS[form]([SHARED, pinned('aws')])))[0]).toMatch(/^Move sagemaker\.amazonaws\.com out of the statement into one of its own/);
  });
});

describe('Terraform trust-any-principal fixes where another statement already pins the caller to this account', () => {
  const OWN: TrustStatement = { principals: { AWS: ['*'] }, conditions: [{ test: 'StringEquals', variable: 'aws:PrincipalAccount', values: ['${data.aws_caller_identity.current.account_id}'] }] };
  const scanned = async (main: string) => {
    const result = await scanTree({ 'main.tf': 'data "aws_caller_identity" "current" {}\n' + main });
    expect(result.errors).toEqual([]);
    return result;
  };
  const anyFinding = (findings: Finding[]) => findings.find((finding) => finding.ruleId === 'trust-any-principal');

  it.each(FORM_NAMES)('%s: takes {"AWS": "*"} out of the statement it shares, or the statement that trusts it alone, and the policy left is silent', async (form) => {
    const shared = anyFinding((await scanned(TRUST_FORMS[form]([{ principals: { AWS: ['*', 'arn:aws:iam::210987654321:role/ci'] } }, OWN]))).findings);
    expect(shared?.fix?.description).toMatch(/^Remove \{"AWS": "\*"\} from the principals of the statement, which also trusts arn:aws:iam::210987654321:role\/ci: the statement at main\.tf:\d+:\d+ already lets in the principals of this account alone, for each action this one gives it$/);
    expect(shared?.fix?.snippet).toBe('"*"');
    const alone = anyFinding((await scanned(TRUST_FORMS[form]([{ principals: { AWS: ['*'] } }, OWN]))).findings);
    expect(alone?.fix?.description).toMatch(/^Remove the statement that trusts \{"AWS": "\*"\}: /);
    expect(anyFinding((await scanned(TRUST_FORMS[form]([OWN]))).findings)).toBeUndefined();
  });

  it.each(FORM_NAMES)('%s: still writes the condition where the other statement asks the owner\'s principals for MFA, which the wildcard does not', async (form) => {
    const mfa: TrustStatement = { ...OWN, conditions: [...OWN.conditions!, { test: 'Bool', variable: 'aws:MultiFactorAuthPresent', values: ['true'] }] };
    const alone = anyFinding((await scanned(TRUST_FORMS[form]([{ principals: { AWS: ['*'] } }, mfa]))).findings);
    expect(alone?.fix?.description).toMatch(/^Add this Condition to the statement that lets in any principal/);
  });
});

describe('a real plan where another statement already trusts the service with source conditions', () => {
  const folder = 'test/fixtures/trust-service-without-source-condition/tf-plan-pinned-elsewhere';
  const fixOf = (findings: Finding[], role: string) => findings.find((finding) => finding.ruleId === 'trust-service-without-source-condition' && finding.message.includes(`role aws_iam_role.${role} `))?.fix;

  it('beside its .tf: takes the service out of the shared statement, takes out the one that trusts it alone, and moves it where the pinned one gives it less', async () => {
    const { findings, errors } = await scan([folder]);
    expect(errors).toEqual([]);
    expect(fixOf(findings, 'shared')).toEqual({
      description: `Remove sagemaker.amazonaws.com from the principals of the statement, which also trusts arn:aws:iam::210987654321:root: the statement at ${folder}/main.tf:7:3 already trusts it with source conditions, for each action this one gives it`,
      snippet: '"sagemaker.amazonaws.com"',
    });
    expect(fixOf(findings, 'alone')?.description).toBe(`Remove the statement that trusts sagemaker.amazonaws.com: the statement at ${folder}/main.tf:7:3 already trusts it with source conditions, for each action this one gives it`);
    expect(fixOf(findings, 'more')?.description).toMatch(/^Move sagemaker\.amazonaws\.com out of the statement into one of its own: the statement also trusts ec2\.amazonaws\.com/);
    // Its aws:SourceArn pinned to arn:aws-cn:..., a partition the provider's region us-east-1 is not in.
    expect(fixOf(findings, 'other_partition')?.description).toMatch(/^Add this Condition to the statement that trusts sagemaker\.amazonaws\.com/);
  });

  it('reads the aws:SourceArn the plan writes as arn:aws:... in the partition of the provider\'s region, and no partition where the plan tells no region', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'deputy-plan-'));
    try {
      const plan = JSON.parse(readFileSync(join(folder, 'plan.json'), 'utf8'));
      delete plan.configuration.provider_config.aws.expressions.region;
      writeFileSync(join(directory, 'unknown-region.plan.json'), JSON.stringify(plan));
      const { findings, errors } = await scan([join(directory, 'unknown-region.plan.json')]);
      expect(errors).toEqual([]);
      expect(fixOf(findings, 'shared')?.description).toMatch(/^Move sagemaker\.amazonaws\.com out of the statement into one of its own/);
      expect(fixOf(findings, 'alone')?.description).toMatch(/^Add this Condition to the statement that trusts sagemaker\.amazonaws\.com/);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('alone, with the fixes applied to the policies the plan holds: the source-condition findings of the shared and alone roles are gone', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'deputy-plan-'));
    try {
      const plan = JSON.parse(readFileSync(join(folder, 'plan.json'), 'utf8'));
      const fixed = (address: string, policy: { Statement: Array<{ Principal: Record<string, unknown> }> }) =>
        address === 'aws_iam_role.shared' ? (delete policy.Statement[0]!.Principal.Service, policy) : address === 'aws_iam_role.alone' ? { ...policy, Statement: policy.Statement.slice(1) } : policy;
      for (const resource of plan.planned_values.root_module.resources) resource.values.assume_role_policy = JSON.stringify(fixed(resource.address, JSON.parse(resource.values.assume_role_policy)));
      for (const change of plan.resource_changes) if (change.change.after) change.change.after.assume_role_policy = JSON.stringify(fixed(change.address, JSON.parse(change.change.after.assume_role_policy)));
      writeFileSync(join(directory, 'fixed.plan.json'), JSON.stringify(plan));
      const { findings, errors } = await scan([join(directory, 'fixed.plan.json')]);
      expect(errors).toEqual([]);
      expect(findings.filter((finding) => finding.ruleId === 'trust-service-without-source-condition').map((finding) => finding.message.split(' ')[4])).toEqual(expect.arrayContaining(['aws_iam_role.more', 'aws_iam_role.other_partition']));
      expect(fixOf(findings, 'shared')).toBeUndefined();
      expect(fixOf(findings, 'alone')).toBeUndefined();
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('alone: the same fixes, the pinned statement located in the plan', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'deputy-plan-'));
    try {
      writeFileSync(join(directory, 'pinned.plan.json'), readFileSync(join(folder, 'plan.json')));
      const { findings, errors } = await scan([join(directory, 'pinned.plan.json')]);
      expect(errors).toEqual([]);
      expect(fixOf(findings, 'shared')?.description).toMatch(/^Remove sagemaker\.amazonaws\.com from the principals of the statement, which also trusts arn:aws:iam::210987654321:root: the statement at \S+pinned\.plan\.json:1:\d+ already trusts it/);
      expect(fixOf(findings, 'shared')?.snippet).toBe('"sagemaker.amazonaws.com"');
      expect(fixOf(findings, 'alone')?.description).toMatch(/^Remove the statement that trusts sagemaker\.amazonaws\.com: /);
      expect(fixOf(findings, 'more')?.description).toMatch(/^Move sagemaker\.amazonaws\.com out of the statement into one of its own/);
      expect(fixOf(findings, 'other_partition')?.description).toMatch(/^Add this Condition to the statement that trusts/);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe('a real plan where another statement already pins any principal to this account', () => {
  const folder = 'test/fixtures/trust-any-principal/tf-plan-own-account-elsewhere';
  const fixOf = (findings: Finding[], role: string) => findings.find((finding) => finding.ruleId === 'trust-any-principal' && finding.message.includes(`role aws_iam_role.${role}:`))?.fix;

  it('beside its .tf and alone: takes the wildcard out of the shared statement, takes out the one that trusts it alone, and adds the condition where the wildcard gives more', async () => {
    const beside = await scan([folder]);
    expect(beside.errors).toEqual([]);
    expect(fixOf(beside.findings, 'shared')).toEqual({
      description: `Remove {"AWS": "*"} from the principals of the statement, which also trusts arn:aws:iam::210987654321:role/ci: the statement at ${folder}/main.tf:7:3 already lets in the principals of this account alone, for each action this one gives it`,
      snippet: '"*"',
    });
    expect(fixOf(beside.findings, 'alone')?.description).toBe(`Remove the statement that trusts {"AWS": "*"}: the statement at ${folder}/main.tf:7:3 already lets in the principals of this account alone, for each action this one gives it`);
    expect(fixOf(beside.findings, 'more')?.description).toMatch(/^Add this Condition to the statement that lets in any principal/);
    const directory = mkdtempSync(join(tmpdir(), 'deputy-plan-'));
    try {
      writeFileSync(join(directory, 'own.plan.json'), readFileSync(join(folder, 'plan.json')));
      const alone = await scan([join(directory, 'own.plan.json')]);
      expect(fixOf(alone.findings, 'shared')?.description).toMatch(/^Remove \{"AWS": "\*"\} from the principals of the statement, which also trusts arn:aws:iam::210987654321:role\/ci: the statement at \S+own\.plan\.json:1:\d+ already lets in/);
      expect(fixOf(alone.findings, 'alone')?.description).toMatch(/^Remove the statement that trusts \{"AWS": "\*"\}: /);
      expect(fixOf(alone.findings, 'more')?.description).toMatch(/^Add this Condition to the statement that lets in any principal/);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe('Terraform trust-cross-account-without-external-id fixes where another statement gives the partner an external id', () => {
  const PARTNER = 'arn:aws:iam::210987654321:role/ci';
  const VARIABLE = 'variable "partner_external_id" {\n  type      = string\n  sensitive = true\n}\n';
  const WITH_ID: TrustStatement = { principals: { AWS: [PARTNER] }, conditions: [{ test: 'StringEquals', variable: 'sts:ExternalId', values: ['${var.partner_external_id}'] }] };
  const scanned = async (main: string) => {
    const result = await scanTree({ 'main.tf': VARIABLE + main });
    expect(result.errors).toEqual([]);
    return result;
  };
  const partnerFinding = (findings: Finding[]) => findings.find((finding) => finding.ruleId === 'trust-cross-account-without-external-id');

  it.each(FORM_NAMES)('%s: takes the partner out of the statement it shares, or the statement that trusts it alone, and the policy left is silent', async (form) => {
    const shared = partnerFinding((await scanned(TRUST_FORMS[form]([{ principals: { AWS: [PARTNER], Service: ['ec2.amazonaws.com'] } }, WITH_ID]))).findings);
    expect(shared?.fix?.description).toMatch(/^Remove arn:aws:iam::210987654321:role\/ci from the principals of the statement, which also trusts ec2\.amazonaws\.com: the statement at main\.tf:\d+:\d+ already trusts it with an external id, for each action this one gives it$/);
    expect(shared?.fix?.snippet).toBe(`"${PARTNER}"`);
    const alone = partnerFinding((await scanned(TRUST_FORMS[form]([{ principals: { AWS: [PARTNER] } }, WITH_ID]))).findings);
    expect(alone?.fix?.description).toMatch(/^Remove the statement that trusts arn:aws:iam::210987654321:role\/ci: /);
    const fixed = await scanned(TRUST_FORMS[form]([{ principals: { Service: ['ec2.amazonaws.com'] } }, WITH_ID]));
    expect(fixed.findings.filter((item) => item.ruleId.startsWith('trust-'))).toEqual([]);
  });

  it.each(FORM_NAMES)('%s: still trusts the partner in a statement of its own where the shared statement gives it more (sts:TagSession), reading the variable the other statement reads', async (form) => {
    const finding = partnerFinding((await scanned(TRUST_FORMS[form]([{ principals: { AWS: [PARTNER], Service: ['ec2.amazonaws.com'] }, actions: ['sts:AssumeRole', 'sts:TagSession'] }, WITH_ID]))).findings);
    expect(finding?.fix?.description).toMatch(/^Trust arn:aws:iam::210987654321:role\/ci in a statement of its own \(each partner issues its own external id\) with this Condition, reading the external id var\.partner_external_id holds, as another statement of the policy does/);
    expect(finding?.fix?.snippet).toContain('var.partner_external_id');
    expect(finding?.fix?.snippet).not.toContain('partner_external_id_210987654321');
  });

  it.each(FORM_NAMES)('%s: adds the condition on the variable the other statement reads where the partner\'s statement gives it more, and the policy fixed so is silent', async (form) => {
    const more: TrustStatement = { principals: { AWS: [PARTNER] }, actions: ['sts:AssumeRole', 'sts:TagSession'] };
    const finding = partnerFinding((await scanned(TRUST_FORMS[form]([more, WITH_ID]))).findings);
    expect(finding?.fix?.description).toBe('Add this Condition to the statement that trusts arn:aws:iam::210987654321:role/ci, reading the external id var.partner_external_id holds, as another statement of the policy does' + (form === 'heredoc' ? finding!.fix!.description.slice(finding!.fix!.description.indexOf(' (in the policy')) : ''));
    expect(finding?.fix?.snippet).toContain('var.partner_external_id');
    const fixed = await scanned(TRUST_FORMS[form]([{ ...more, conditions: WITH_ID.conditions }, WITH_ID]));
    expect(partnerFinding(fixed.findings)).toBeUndefined();
  });

  describe('the variable with a default, whose value the other statement reads', () => {
    const HEREDOC_NOTE = " (in the policy's JSON text: ${...} resolves in a heredoc, not in file(); in a templatefile() template, pass these values in its variables and write their names)";
    const DEFAULTED = 'variable "partner_external_id" {\n  type    = string\n  default = "7f3c2a91-partner-issued"\n}\n';
    const more: TrustStatement = { principals: { AWS: [PARTNER] }, actions: ['sts:AssumeRole', 'sts:TagSession'] };
    const withDefault = async (main: string) => {
      const result = await scanTree({ 'main.tf': DEFAULTED + main });
      expect(result.errors).toEqual([]);
      return partnerFinding(result.findings);
    };

    it.each(FORM_NAMES)('%s: the condition reads the variable by its name, and the policy fixed so is silent', async (form) => {
      const finding = await withDefault(TRUST_FORMS[form]([more, WITH_ID]));
      // A heredoc's "${var.partner_external_id}" renders the default: the interpolation written alone there tells the name.
      expect(finding?.fix?.description).toBe('Add this Condition to the statement that trusts arn:aws:iam::210987654321:role/ci, reading the external id var.partner_external_id holds, as another statement of the policy does' + (form === 'heredoc' ? HEREDOC_NOTE : ''));
      expect(finding?.fix?.snippet).toContain('var.partner_external_id');
      expect(finding?.fix?.snippet).not.toContain('partner_external_id_210987654321');
      expect(await withDefault(TRUST_FORMS[form]([{ ...more, conditions: WITH_ID.conditions }, WITH_ID]))).toBeUndefined();
    });

    it('through locals of the module, as the other statement reads it', async () => {
      const finding = await withDefault(`locals {
  id      = var.partner_external_id
  with_id = { Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "${PARTNER}" }, Condition = { StringEquals = { "sts:ExternalId" = local.id } } }
}
resource "aws_iam_role" "r" {
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["sts:AssumeRole", "sts:TagSession"], Principal = { AWS = "${PARTNER}" } }, local.with_id] })
}
`);
      expect(finding?.fix?.description).toMatch(/reading the external id var\.partner_external_id holds, as another statement of the policy does$/);
    });

    it('in the JSON syntax (.tf.json), through a local', async () => {
      const json = {
        variable: { partner_external_id: { type: 'string', default: '7f3c2a91-partner-issued' } },
        locals: { with_id: { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: PARTNER }, Condition: { StringEquals: { 'sts:ExternalId': '${var.partner_external_id}' } } } },
        resource: { aws_iam_role: { r: { assume_role_policy: `\${jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["sts:AssumeRole", "sts:TagSession"], Principal = { AWS = "${PARTNER}" } }, local.with_id] })}` } } },
      };
      const result = await scanTree({ 'main.tf.json': JSON.stringify(json, null, 2) });
      expect(result.errors).toEqual([]);
      expect(partnerFinding(result.findings)?.fix?.description).toMatch(/^Add this Condition to the statement that trusts arn:aws:iam::210987654321:role\/ci, reading the external id var\.partner_external_id holds, as another statement of the policy does/);
    });

    it.each(['jsonencode', 'heredoc'] as const)('%s: a new variable where the value is a text built around the variable, or more than the variable', async (form) => {
      for (const value of ['id-${var.partner_external_id}', '${var.partner_external_id}-x', '${var.partner_external_id}${var.partner_external_id}', '${lower(var.partner_external_id)}']) {
        const built: TrustStatement = { principals: { AWS: [PARTNER] }, conditions: [{ test: 'StringEquals', variable: 'sts:ExternalId', values: [value] }] };
        expect((await withDefault(TRUST_FORMS[form]([more, built])))?.fix?.description, value).toMatch(/, and a variable partner_external_id_210987654321 \(type = string, sensitive = true\) holding/);
      }
    });

    it('a heredoc written as a local, its value written alone (not in a list), through <<- indentation: the variable by its name, and the heredoc fixed so is silent', async () => {
      const heredoc = (first: string) => `locals {
  trust = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        { "Effect": "Allow", "Action": ["sts:AssumeRole", "sts:TagSession"], "Principal": { "AWS": "${PARTNER}" }${first} },
        {
          "Effect": "Allow", "Action": "sts:AssumeRole", "Principal": { "AWS": "${PARTNER}" },
          "Condition": { "StringEquals": { "sts:ExternalId": "\${ var.partner_external_id }" } }
        }
      ]
    }
  EOT
}
resource "aws_iam_role" "r" {
  assume_role_policy = local.trust
}
`;
      const finding = await withDefault(heredoc(''));
      expect(finding?.fix?.description).toBe('Add this Condition to the statement that trusts arn:aws:iam::210987654321:role/ci, reading the external id var.partner_external_id holds, as another statement of the policy does' + HEREDOC_NOTE);
      expect(finding?.fix?.snippet).toContain('"sts:ExternalId": "${var.partner_external_id}"');
      expect(await withDefault(heredoc(', "Condition": { "StringEquals": { "sts:ExternalId": "${var.partner_external_id}" } }'))).toBeUndefined();
    });
  });

  it('names a variable of its own where the other statement reads the external id from elsewhere than a variable (a local written out)', async () => {
    const literal: TrustStatement = { principals: { AWS: [PARTNER] }, conditions: [{ test: 'StringEquals', variable: 'sts:ExternalId', values: ['partner-7'] }] };
    const finding = partnerFinding((await scanned(TRUST_FORMS.jsonencode([{ principals: { AWS: [PARTNER] }, actions: ['sts:AssumeRole', 'sts:TagSession'] }, literal]))).findings);
    expect(finding?.fix?.description).toMatch(/, and a variable partner_external_id_210987654321 \(type = string, sensitive = true\) holding the external id the partner issued for this account/);
  });
});

describe('a real plan where another statement gives the partner an external id', () => {
  const folder = 'test/fixtures/trust-cross-account-without-external-id/tf-plan-external-id-elsewhere';
  const fixOf = (findings: Finding[], role: string) => findings.find((finding) => finding.ruleId === 'trust-cross-account-without-external-id' && finding.message.includes(`role aws_iam_role.${role} `))?.fix;

  it('beside its .tf and alone: takes the partner out of the shared statement, takes out the one that trusts it alone, and adds the condition where the statement gives more', async () => {
    const beside = await scan([folder]);
    expect(beside.errors).toEqual([]);
    expect(fixOf(beside.findings, 'shared')).toEqual({
      description: `Remove arn:aws:iam::210987654321:role/ci from the principals of the statement, which also trusts ec2.amazonaws.com: the statement at ${folder}/main.tf:11:3 already trusts it with an external id, for each action this one gives it`,
      snippet: '"arn:aws:iam::210987654321:role/ci"',
    });
    expect(fixOf(beside.findings, 'alone')?.description).toBe(`Remove the statement that trusts arn:aws:iam::210987654321:role/ci: the statement at ${folder}/main.tf:11:3 already trusts it with an external id, for each action this one gives it`);
    // The plan holds the variable's default, which its .tf files tell local.with_id reads from var.partner_external_id.
    expect(fixOf(beside.findings, 'more')?.description).toBe('Add this Condition to the statement that trusts arn:aws:iam::210987654321:role/ci, reading the external id var.partner_external_id holds, as another statement of the policy does');
    const directory = mkdtempSync(join(tmpdir(), 'deputy-plan-'));
    try {
      writeFileSync(join(directory, 'partner.plan.json'), readFileSync(join(folder, 'plan.json')));
      const alone = await scan([join(directory, 'partner.plan.json')]);
      expect(fixOf(alone.findings, 'shared')?.description).toMatch(/^Remove arn:aws:iam::210987654321:role\/ci from the principals of the statement, which also trusts ec2\.amazonaws\.com: the statement at \S+partner\.plan\.json:1:\d+ already trusts it with an external id/);
      expect(fixOf(alone.findings, 'alone')?.description).toMatch(/^Remove the statement that trusts arn:aws:iam::210987654321:role\/ci: /);
      // Alone, a plan tells no expression: a variable of the fix's own.
      expect(fixOf(alone.findings, 'more')?.description).toMatch(/^Add this Condition to the statement that trusts arn:aws:iam::210987654321:role\/ci, and a variable partner_external_id_210987654321 /);
      // The condition added to the plan's policy of "more", var.partner_external_id read as its default: silent.
      const plan = JSON.parse(readFileSync(join(folder, 'plan.json'), 'utf8'));
      const fixed = (policy: { Statement: Array<Record<string, unknown>> }) => (policy.Statement[0]!.Condition = policy.Statement[1]!.Condition, policy);
      for (const resource of plan.planned_values.root_module.resources) if (resource.address === 'aws_iam_role.more') resource.values.assume_role_policy = JSON.stringify(fixed(JSON.parse(resource.values.assume_role_policy)));
      for (const change of plan.resource_changes) if (change.address === 'aws_iam_role.more') change.change.after.assume_role_policy = JSON.stringify(fixed(JSON.parse(change.change.after.assume_role_policy)));
      writeFileSync(join(directory, 'fixed.plan.json'), JSON.stringify(plan));
      const after = await scan([join(directory, 'fixed.plan.json')]);
      expect(after.errors).toEqual([]);
      expect(fixOf(after.findings, 'more')).toBeUndefined();
      expect(fixOf(after.findings, 'shared')).toBeDefined();
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe('a real plan of heredoc trust policies where another statement reads the partner\'s external id from a variable with a default', () => {
  const folder = 'test/fixtures/trust-cross-account-without-external-id/tf-plan-external-id-heredoc';
  const fixOf = (findings: Finding[], role: string) => findings.find((finding) => finding.ruleId === 'trust-cross-account-without-external-id' && finding.message.includes(`role aws_iam_role.${role} `))?.fix;

  it('beside its .tf: the condition reads var.partner_external_id where "${var.partner_external_id}" is written alone, a new variable where a text is built around it; alone: a new variable; the planned policy fixed so is silent', async () => {
    const beside = await scan([folder]);
    expect(beside.errors).toEqual([]);
    // The provider plans the heredoc's text minified: the heredoc, evaluated as the plan's document, tells the interpolation.
    expect(fixOf(beside.findings, 'heredoc')?.description).toMatch(/^Add this Condition to the statement that trusts arn:aws:iam::210987654321:role\/ci, reading the external id var\.partner_external_id holds, as another statement of the policy does \(in the policy's JSON text/);
    expect(fixOf(beside.findings, 'heredoc')?.snippet).toContain('"sts:ExternalId": "${var.partner_external_id}"');
    expect(fixOf(beside.findings, 'built')?.description).toMatch(/, and a variable partner_external_id_210987654321 \(type = string, sensitive = true\) holding/);
    expect(fixOf(beside.findings, 'guarded')).toBeUndefined();
    const directory = mkdtempSync(join(tmpdir(), 'deputy-plan-'));
    try {
      writeFileSync(join(directory, 'heredoc.plan.json'), readFileSync(join(folder, 'plan.json')));
      const alone = await scan([join(directory, 'heredoc.plan.json')]);
      expect(fixOf(alone.findings, 'heredoc')?.description).toMatch(/^Add this Condition to the statement that trusts arn:aws:iam::210987654321:role\/ci, and a variable partner_external_id_210987654321 /);
      // The condition added to the plan's policy of "heredoc", var.partner_external_id read as its default: silent.
      const plan = JSON.parse(readFileSync(join(folder, 'plan.json'), 'utf8'));
      const fixed = (policy: { Statement: Array<Record<string, unknown>> }) => ((policy.Statement[0]!.Condition = policy.Statement[1]!.Condition), policy);
      for (const resource of plan.planned_values.root_module.resources) if (resource.address === 'aws_iam_role.heredoc') resource.values.assume_role_policy = JSON.stringify(fixed(JSON.parse(resource.values.assume_role_policy)));
      for (const change of plan.resource_changes) if (change.address === 'aws_iam_role.heredoc') change.change.after.assume_role_policy = JSON.stringify(fixed(JSON.parse(change.change.after.assume_role_policy)));
      writeFileSync(join(directory, 'fixed.plan.json'), JSON.stringify(plan));
      const after = await scan([join(directory, 'fixed.plan.json')]);
      expect(after.errors).toEqual([]);
      expect(fixOf(after.findings, 'heredoc')).toBeUndefined();
      expect(fixOf(after.findings, 'built')).toBeDefined();
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe('trust fixes that take a principal out of a statement written once for several roles', () => {
  it('write the condition instead where another role the statement is written for has no statement that lets that principal in', async () => {
    const main = `data "aws_caller_identity" "current" {}
locals {
  open = { Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "*", Service = "sagemaker.amazonaws.com" } }
  own  = { Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "*" }, Condition = { StringEquals = { "aws:PrincipalAccount" = data.aws_caller_identity.current.account_id } } }
  ml   = { Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "sagemaker.amazonaws.com" }, Condition = { StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.current.account_id } } }
  more = { a = [local.own, local.ml], b = [] }
}
resource "aws_iam_role" "r" {
  for_each           = local.more
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = concat([local.open], each.value) })
}
`;
    const result = await scanTree({ 'main.tf': main });
    expect(result.errors).toEqual([]);
    const fixes = (ruleId: string) => result.findings.filter((finding) => finding.ruleId === ruleId).map((finding) => finding.fix?.description.split(' ').slice(0, 2).join(' '));
    // Taken out of local.open for r["a"], the wildcard and SageMaker would leave r["b"] with no statement at all.
    expect(fixes('trust-any-principal')).toEqual(['Move {"AWS":', 'Move {"AWS":']);
    expect(fixes('trust-service-without-source-condition')).toEqual(['Move sagemaker.amazonaws.com', 'Move sagemaker.amazonaws.com']);
  });

  const SHARED_LOCALS = (open: string, more: string) => `variable "partner_id" {
  type      = string
  sensitive = true
}
data "aws_caller_identity" "current" {}
locals {
  open = { Effect = "Allow", Action = "sts:AssumeRole", Principal = ${open} }
  own  = { Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "*" }, Condition = { StringEquals = { "aws:PrincipalAccount" = data.aws_caller_identity.current.account_id } } }
  ml   = { Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "sagemaker.amazonaws.com" }, Condition = { StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.current.account_id } } }
  id   = { Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::210987654321:role/ci" }, Condition = { StringEquals = { "sts:ExternalId" = var.partner_id } } }
  more = ${more}
}
resource "aws_iam_role" "r" {
  for_each           = local.more
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = concat([local.open], each.value) })
}
`;
  const SHARED_NOTE = '; this statement is written once for 2 roles, and another of each one\'s statements does so for it too';

  it.each([
    ['trust-any-principal', '{ AWS = ["*", "arn:aws:iam::210987654321:role/ci"] }', '[local.own]', 'Remove {"AWS": "*"} from the principals of the statement, which also trusts arn:aws:iam::210987654321:role/ci: the statement at main.tf:8:3 already lets in the principals of this account alone', '{ AWS = "arn:aws:iam::210987654321:role/ci" }'],
    ['trust-service-without-source-condition', '{ Service = "sagemaker.amazonaws.com", AWS = "arn:aws:iam::210987654321:role/ci" }', '[local.ml]', 'Remove sagemaker.amazonaws.com from the principals of the statement, which also trusts arn:aws:iam::210987654321:role/ci: the statement at main.tf:9:3 already trusts it with source conditions', '{ AWS = "arn:aws:iam::210987654321:role/ci" }'],
    ['trust-cross-account-without-external-id', '{ AWS = "arn:aws:iam::210987654321:role/ci", Service = "ec2.amazonaws.com" }', '[local.id]', 'Remove arn:aws:iam::210987654321:role/ci from the principals of the statement, which also trusts ec2.amazonaws.com: the statement at main.tf:10:3 already trusts it with an external id', '{ Service = "ec2.amazonaws.com" }'],
  ])('%s: takes the principal out of the statement written for every role of a for_each, each of which has the covering statement; the roles fixed so are silent', async (ruleId, open, covering, removal, fixedOpen) => {
    const result = await scanTree({ 'main.tf': SHARED_LOCALS(open, `{ a = ${covering}, b = ${covering.replace(']', ', { Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]')} }`) });
    expect(result.errors).toEqual([]);
    const fixes = result.findings.filter((finding) => finding.ruleId === ruleId).map((finding) => finding.fix?.description);
    expect(fixes).toEqual([1, 2].map(() => `${removal}, for each action this one gives it${SHARED_NOTE}`));
    const fixed = await scanTree({ 'main.tf': SHARED_LOCALS(fixedOpen, `{ a = ${covering}, b = ${covering} }`) });
    expect(fixed.findings.filter((finding) => finding.ruleId === ruleId)).toEqual([]);
  });

  it('keeps the statement of its own where one module instance of two that write the statement lacks the covering statement, and takes the principal out where both have it', async () => {
    const module = `variable "extra" {
  type = any
}
resource "aws_iam_role" "r" {
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat([{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "sagemaker.amazonaws.com", AWS = "arn:aws:iam::210987654321:role/ci" } }], var.extra)
  })
}
`;
    const pinned = '{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "sagemaker.amazonaws.com" }, Condition = { StringEquals = { "aws:SourceAccount" = "493827160514" } } }';
    const root = (b: string) => `provider "aws" {
  allowed_account_ids = ["493827160514"]
}
module "a" {
  source = "./role"
  extra  = [${pinned}]
}
module "b" {
  source = "./role"
  extra  = [${b}]
}
`;
    const fixes = async (b: string) => {
      const result = await scanTree({ 'main.tf': root(b), 'role/main.tf': module });
      expect(result.errors).toEqual([]);
      return result.findings.filter((finding) => finding.ruleId === 'trust-service-without-source-condition').map((finding) => finding.fix?.description.split(':')[0]);
    };
    expect(await fixes('')).toEqual(['Move sagemaker.amazonaws.com out of the statement into one of its own', 'Move sagemaker.amazonaws.com out of the statement into one of its own']);
    expect(await fixes(pinned)).toEqual(['Remove sagemaker.amazonaws.com from the principals of the statement, which also trusts arn', 'Remove sagemaker.amazonaws.com from the principals of the statement, which also trusts arn']);
  });
});

describe('trust fixes of a statement a plan beside its .tf folder shares between roles', () => {
  it('check the cover of every role, where the roles of one policy text share its statements', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'deputy-plan-'));
    try {
      writeFileSync(
        join(directory, 'main.tf'),
        `locals {
  open = { Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "*" } }
  own  = { Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "*" }, Condition = { StringEquals = { "aws:PrincipalAccount" = "$\${aws:ResourceAccount}", "aws:ResourceTag/team" = "ml" } } }
}
resource "aws_iam_role" "r" {
  for_each           = { a = "ml", b = "ops" }
  name               = each.key
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [local.open, local.own] })
  tags               = { team = each.value }
}
`,
      );
      // One policy text for both roles: only r["a"], tagged team = ml, has another statement that lets its account in.
      const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: '*' } }, { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: '*' }, Condition: { StringEquals: { 'aws:PrincipalAccount': '${aws:ResourceAccount}', 'aws:ResourceTag/team': 'ml' } } }] });
      const roles = ['a', 'b'].map((key) => ({ key, values: { assume_role_policy: policy, name: key, path: '/', tags: { team: key === 'a' ? 'ml' : 'ops' }, tags_all: { team: key === 'a' ? 'ml' : 'ops' } } }));
      const common = (key: string) => ({ address: `aws_iam_role.r["${key}"]`, mode: 'managed', type: 'aws_iam_role', name: 'r', index: key, provider_name: 'registry.terraform.io/hashicorp/aws' });
      const plan = {
        format_version: '1.2',
        terraform_version: '1.11.4',
        planned_values: { root_module: { resources: roles.map(({ key, values }) => ({ ...common(key), schema_version: 0, values, sensitive_values: {} })) } },
        resource_changes: roles.map(({ key, values }) => ({ ...common(key), change: { actions: ['create'], before: null, after: values, after_unknown: { arn: true, id: true } } })),
        configuration: { root_module: { resources: [{ address: 'aws_iam_role.r', mode: 'managed', type: 'aws_iam_role', name: 'r', provider_config_key: 'aws', expressions: {}, schema_version: 0, for_each_expression: {} }] } },
        applyable: true,
        complete: true,
        errored: false,
      };
      writeFileSync(join(directory, 'plan.json'), JSON.stringify(plan));
      const result = await scan([directory]);
      expect(result.errors).toEqual([]);
      const fixes = result.findings.filter((finding) => finding.ruleId === 'trust-any-principal').map((finding) => finding.fix?.description.split(' ').slice(0, 2).join(' '));
      // Taken out of the statement for r["a"], the wildcard would leave r["b"] with no statement that lets it in.
      expect(fixes).toEqual(['Add this', 'Add this']);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe('trust fixes of a statement an interpolation writes out in a policy template', () => {
  const FIXTURES = 'test/fixtures/trust-service-without-source-condition';
  const OWNER = 'data "aws_caller_identity" "current" {}\ndata "aws_partition" "current" {}\ndata "aws_region" "current" {}\n';
  const trustOf = (findings: Finding[]) => findings.filter((finding) => finding.ruleId === 'trust-service-without-source-condition');
  /**
   * The lines with each fix pasted as the last member of the object its finding points into: after the action on the
   * finding's line where the object ends there, else as a line of its own after the object's action line.
   */
  const pasted = (text: string, found: Finding[]) => {
    const lines = text.split('\n');
    const fixed = new Set<number>();
    // From the last line up, so that a fix pasted as lines of its own moves none that a fix is still pasted at.
    for (const { location, fix } of [...found].sort((a, b) => b.location.startLine - a.location.startLine)) {
      const line = location.startLine - 1;
      if (fixed.has(line)) continue;
      fixed.add(line);
      if (lines[line]!.includes('Action = "sts:AssumeRole" }')) lines[line] = lines[line]!.replace('Action = "sts:AssumeRole" }', `Action = "sts:AssumeRole", ${fix!.snippet} }`);
      else {
        const action = lines.findIndex((candidate, index) => index >= line && /^\s*Action\s*=\s*"sts:AssumeRole"$/.test(candidate));
        lines.splice(action + 1, 0, fix!.snippet);
      }
    }
    return lines.join('\n');
  };

  it('writes the fix as the object of the jsonencode() a heredoc or a quoted string interpolates, or a local writes: pasted after its last member, each of those roles is pinned', async () => {
    const main = readFileSync(`${FIXTURES}/tf-plan-interpolated-statement/main.tf`, 'utf8');
    const found = trustOf((await scanTree({ 'main.tf': main })).findings);
    const inObjects = found.filter((finding) => finding.fix?.snippet.startsWith('Condition = {\n'));
    expect(inObjects.map((finding) => finding.resource.address)).toEqual(['aws_iam_role.encoded_local', 'aws_iam_role.heredoc_local', 'aws_iam_role.quoted_local', 'aws_iam_role.heredoc_encoded', 'aws_iam_role.quoted_encoded', 'aws_iam_role.encoded_over_lines']);
    // The statement the local writes, which both roles interpolate, is fixed once.
    const fixed = await scanTree({ 'main.tf': `${pasted(main, inObjects)}\n${OWNER}` });
    expect(fixed.errors).toEqual([]);
    expect(trustOf(fixed.findings).map((finding) => finding.resource.address)).toEqual(['aws_iam_role.heredoc_variable']);
  });

  it("writes the fix of a statement a root variable's text gives whole (${var.statement}) for that text: pasted into the default, its values written literally as it says, the role is pinned", async () => {
    const main = readFileSync(`${FIXTURES}/tf-plan-interpolated-statement/main.tf`, 'utf8');
    const { fix } = trustOf((await scanTree({ 'main.tf': main })).findings).find((finding) => finding.resource.address === 'aws_iam_role.heredoc_variable')!;
    expect(fix!.description).toContain('(in the JSON text of var.statement, its default or the value set for it, where no ${...} resolves');
    const literal = fix!.snippet.replaceAll('${data.aws_caller_identity.current.account_id}', '111122223333').replaceAll('${data.aws_partition.current.partition}', 'aws').replaceAll('${data.aws_region.current.name}', 'us-east-1');
    // Escaped for the quoted default: pasted after the statement's last member.
    const action = String.raw`\"Action\": \"sts:AssumeRole\"}"`;
    const fixed = await scanTree({ 'main.tf': main.replace(action, `${action.slice(0, -2)}, ${literal}}"`) });
    expect(fixed.errors).toEqual([]);
    expect(trustOf(fixed.findings).map((finding) => finding.resource.address)).not.toContain('aws_iam_role.heredoc_variable');
  });

  it('writes it as the object of a jsonencode() written over the lines of a heredoc, as a line of its own: pasted there, each role is pinned', async () => {
    const main = readFileSync(`${FIXTURES}/tf-plan-interpolated-statement-lines/main.tf`, 'utf8');
    const found = trustOf((await scanTree({ 'main.tf': main })).findings);
    expect(found.map((finding) => [finding.resource.address, finding.fix?.snippet.split('\n')[0]])).toEqual([
      ['aws_iam_role.indented', 'Condition = {'],
      ['aws_iam_role.two_encoded', 'Condition = {'],
      ['aws_iam_role.after_literal', 'Condition = {'],
    ]);
    const fixed = await scanTree({ 'main.tf': `${pasted(main, found)}\n${OWNER}` });
    expect(fixed.errors).toEqual([]);
    expect(trustOf(fixed.findings)).toEqual([]);
  });

  /**
   * The text with each fix of a Condition an interpolation writes whole pasted where its description says: in place of
   * the object of the jsonencode() at the line it names, or of the interpolation it names (the finding's span).
   */
  const pastedConditions = (text: string, found: Finding[]) => {
    const lines = text.split('\n');
    const offset = (line: number, column: number) => lines.slice(0, line - 1).reduce((sum, one) => sum + one.length + 1, 0) + column - 1;
    // From the end up, so that a paste moves nothing a later one is at.
    const edits = found.map(({ location, fix }) => {
      const at = /in place of the (?:(object) jsonencode\(\) writes the statement's Condition of \(its first operator at [^ ]+?:(\d+)\)|(interpolation) at [^ ]+?:(\d+):(\d+) that)/.exec(fix!.description);
      if (!at) throw new Error(`no place in ${fix!.description}`);
      if (at[3] === 'interpolation') {
        expect([location.startLine, location.startColumn]).toEqual([Number(at[4]), Number(at[5])]);
        return { start: offset(location.startLine, location.startColumn), end: offset(location.endLine, location.endColumn), snippet: fix!.snippet };
      }
      // The jsonencode( the named line holds, last before the object it writes, and the end of its argument.
      const open = text.lastIndexOf('jsonencode({', offset(Number(at[2]), lines[Number(at[2]) - 1]!.length + 1)) + 'jsonencode('.length;
      let depth = 0;
      let close = open;
      for (; close < text.length; close++) {
        if (text[close] === '{') depth++;
        else if (text[close] === '}' && --depth === 0) break;
      }
      return { start: open, end: close + 1, snippet: fix!.snippet };
    });
    let pasted = text;
    const seen = new Set<number>();
    for (const { start, end, snippet } of edits.sort((a, b) => b.start - a.start)) {
      if (seen.has(start)) continue;
      seen.add(start);
      pasted = pasted.slice(0, start) + snippet + pasted.slice(end);
    }
    return pasted;
  };
  const TRUST_RULES = new Set(['trust-service-without-source-condition', 'trust-source-account-mismatch', 'trust-source-arn-wrong-service', 'trust-source-condition-ineffective', 'trust-any-principal', 'trust-cross-account-without-external-id']);
  /** Each finding as `rule address line:column text | the fix's first line`, the text the finding points at on its line. */
  const pointed = (found: Finding[], lines: string[]) =>
    found.map(({ ruleId, resource, location, fix }) => `${ruleId} ${resource.address} ${location.startLine}:${location.startColumn} ${lines[location.startLine - 1]!.slice(location.startColumn - 1, location.endLine === location.startLine ? location.endColumn - 1 : undefined)} | ${fix?.snippet.split('\n')[0]}`);

  it('points into the object of a Condition a local writes ("Condition": ${local.mismatch}), fixed as that object; at a replace() over it, fixed by JSON text in place of the interpolation: pasted, both are pinned', async () => {
    const main = readFileSync('test/fixtures/trust-source-account-mismatch/tf-heredoc-encoded-local/main.tf', 'utf8');
    const found = (await scanTree({ 'main.tf': main })).findings.filter((finding) => finding.ruleId === 'trust-source-account-mismatch');
    expect(pointed(found, main.split('\n'))).toEqual([
      'trust-source-account-mismatch aws_iam_role.mismatch 6:44 "aws:SourceAccount" = "111111111111" | {',
      'trust-source-account-mismatch aws_iam_role.replaced 54:20 ${replace(local.same, "us-east-1:111111111111", "us-east-1:222222222222")} | {',
    ]);
    expect(found.map((finding) => finding.fix!.snippet.split('\n')[1])).toEqual(['  StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.current.account_id }', '  "StringEquals": {']);
    const fixed = await scanTree({ 'main.tf': `${pastedConditions(main, found)}\n${OWNER}` });
    expect(fixed.errors).toEqual([]);
    expect(fixed.findings.filter((finding) => TRUST_RULES.has(finding.ruleId))).toEqual([]);
  });

  it('writes the fix of every trust rule where an interpolation writes the Condition: into the object jsonencode() writes (a local, inline), the other conditions kept, or in place of the interpolation; pasted, each role is pinned; beside a real plan and with --tf-dir as in the folder', async () => {
    const folder = 'test/fixtures/trust-source-account-mismatch/tf-plan-interpolated-condition';
    const main = readFileSync(`${folder}/main.tf`, 'utf8');
    const trust = (findings: Finding[]) => findings.filter((finding) => TRUST_RULES.has(finding.ruleId));
    const alone = trust((await scan([`${folder}/main.tf`, `${folder}/prov.tf`])).findings);
    expect(pointed(alone, main.split('\n'))).toEqual([
      'trust-source-account-mismatch aws_iam_role.mismatch_local 6:47 "aws:SourceAccount" = "111111111111" | {',
      'trust-source-arn-wrong-service aws_iam_role.s3_source 11:17 "aws:SourceArn" = "arn:aws:s3:::training-bucket" | {',
      'trust-source-condition-ineffective aws_iam_role.any_account 13:45 "aws:SourceAccount" = "*" | {',
      'trust-source-account-mismatch aws_iam_role.mismatch_inline 45:52 "aws:SourceAccount" = "111111111111" | {',
      'trust-source-account-mismatch aws_iam_role.mismatch_replaced 62:20 ${replace(local.same, "us-east-1:111111111111", "us-east-1:444444444444")} | {',
      // At the principal, in the statement; the fix goes into the Condition's object, which the description names.
      'trust-service-without-source-condition aws_iam_role.transport_only 94:22 "Service": "sagemaker.amazonaws.com" | {',
      'trust-any-principal aws_iam_role.anyone 145:22 "AWS": "*" | {',
      'trust-cross-account-without-external-id aws_iam_role.partner 162:22 "AWS": "arn:aws:iam::222222222222:root" | {',
    ]);
    expect(alone.map((finding) => /(first operator at \S+:\d+|interpolation at \S+:\d+:\d+)/.exec(finding.fix!.description)?.[1])).toEqual(
      ['operator at :6', 'operator at :10', 'operator at :13', 'operator at :45', 'interpolation at :62:20', 'operator at :8', 'operator at :14', 'operator at :15'].map((place) => place.replace(' at :', ` at ${folder}/main.tf:`).replace(/^operator/, 'first operator')),
    );
    // The statement's other conditions are kept in the object written in place of the one it has.
    const kept = alone.filter((finding) => finding.fix!.description.includes('its other conditions kept')).map((finding) => [finding.resource.address, finding.fix!.snippet.split('\n')[1]]);
    expect(kept).toEqual(['s3_source', 'transport_only', 'anyone', 'partner'].map((role) => [`aws_iam_role.${role}`, '  Bool         = { "aws:SecureTransport" = "true" }']));
    const shown = (findings: Finding[]) => trust(findings).map((finding) => [finding.ruleId, finding.resource.address, finding.location, finding.fix]);
    expect(shown((await scan([folder])).findings)).toEqual(shown(alone));
    const elsewhere = mkdtempSync(join(tmpdir(), 'deputy-plan-'));
    try {
      writeFileSync(join(elsewhere, 'plan.json'), readFileSync(`${folder}/plan.json`));
      expect(shown((await scan([join(elsewhere, 'plan.json')], { terraformFolder: folder })).findings)).toEqual(shown(alone));
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
    const fixed = await scanTree({ 'main.tf': `${pastedConditions(main, alone)}\n${OWNER}variable "partner_external_id_222222222222" {\n  type      = string\n  sensitive = true\n}\n` });
    expect(fixed.errors).toEqual([]);
    expect(trust(fixed.findings)).toEqual([]);
  });

  it("writes the exemption of a Deny whose Condition a local writes into that local's object, its condition kept: pasted, SageMaker assumes the role", async () => {
    const main = `locals {
  refuse = jsonencode({ Null = { "aws:SourceArn" = "false" } })
}

resource "aws_iam_role" "refused" {
  name               = "refused"
  assume_role_policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "Service": "sagemaker.amazonaws.com" },
      "Action": "sts:AssumeRole",
      "Condition": { "StringEquals": { "aws:SourceAccount": "\${data.aws_caller_identity.current.account_id}" } }
    },
    {
      "Effect": "Deny",
      "Principal": { "Service": "sagemaker.amazonaws.com" },
      "Action": "sts:AssumeRole",
      "Condition": \${local.refuse}
    }
  ]
}
EOF
}

resource "aws_sagemaker_model" "model" {
  name               = "model"
  execution_role_arn = aws_iam_role.refused.arn
  primary_container {
    image = "111111111111.dkr.ecr.us-east-1.amazonaws.com/model:latest"
  }
}
${OWNER}`;
    const unassumable = (findings: Finding[]) => findings.filter((finding) => finding.ruleId === 'trust-sagemaker-role-unassumable');
    const found = unassumable((await scanTree({ 'main.tf': main })).findings);
    expect(found.map((finding) => [/\(its first operator at \S*main\.tf:2\), its other conditions kept/.test(finding.fix!.description), finding.fix!.snippet])).toEqual([
      [true, '{\n  Null            = { "aws:SourceArn" = "false" }\n  StringNotEquals = { "aws:SourceArn" = "arn:${data.aws_partition.current.partition}:sagemaker:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:*" }\n}'],
    ]);
    const fixed = await scanTree({ 'main.tf': pastedConditions(main, found) });
    expect(fixed.errors).toEqual([]);
    expect(unassumable(fixed.findings)).toEqual([]);
  });

  it('says how many conditions a Condition written anew adds, that a Deny exemption only adds values to its ArnNotLike, and where an external id replaces the one written: pasted, each role is pinned', async () => {
  const main = `locals {
  refuse = jsonencode({ ArnNotLike = { "aws:SourceArn" = "arn:aws:sagemaker:us-east-1:111111111111:notebook-instance/other" } })
  partner = jsonencode({ Bool = { "aws:SecureTransport" = "true" } })
  partner2 = jsonencode({ StringLike = { "sts:ExternalId" = "*" } })
}

resource "aws_iam_role" "refused" {
  name               = "refused"
  assume_role_policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "Service": "sagemaker.amazonaws.com" },
      "Action": "sts:AssumeRole",
      "Condition": { "StringEquals": { "aws:SourceAccount": "\${data.aws_caller_identity.current.account_id}" } }
    },
    {
      "Effect": "Deny",
      "Principal": { "Service": "sagemaker.amazonaws.com" },
      "Action": "sts:AssumeRole",
      "Condition": \${local.refuse}
    }
  ]
}
EOF
}

resource "aws_iam_role" "partner" {
  name               = "partner"
  assume_role_policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::222222222222:root" },
      "Action": "sts:AssumeRole",
      "Condition": \${local.partner}
    }
  ]
}
EOF
}

resource "aws_iam_role" "partner2" {
  name               = "partner2"
  assume_role_policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::333333333333:root" },
      "Action": "sts:AssumeRole",
      "Condition": \${local.partner2}
    }
  ]
}
EOF
}

resource "aws_sagemaker_pipeline" "nightly" {
  pipeline_name         = "nightly"
  pipeline_display_name = "nightly"
  role_arn              = aws_iam_role.refused.arn
  pipeline_definition = jsonencode({
    Version = "2020-12-01"
    Steps = [{ Name = "Train", Type = "Training", Arguments = { RoleArn = aws_iam_role.refused.arn } }]
  })
}
${OWNER}`;
    const found = (await scanTree({ 'main.tf': main })).findings.filter((finding) => finding.ruleId.startsWith('trust-'));
    // The pipeline is reported where it names the role and where its step does, with one fix.
    const exemption = 'Add these values to the ArnNotLike aws:SourceArn of the Deny statement that refuses sagemaker.amazonaws.com (covers aws_sagemaker_pipeline.nightly), so that its request passes, or remove the statement';
    expect(found.map((finding) => [finding.resource.address, finding.fix!.description.split(': write this in place')[0]])).toEqual([
      ['aws_iam_role.partner2', 'Use this Condition instead of the one in the statement that trusts arn:aws:iam::333333333333:root, and a variable partner_external_id_333333333333 (type = string, sensitive = true) holding the external id the partner issued for this account'],
      ['aws_iam_role.partner', 'Add this condition to the Condition of the statement that trusts arn:aws:iam::222222222222:root, and a variable partner_external_id_222222222222 (type = string, sensitive = true) holding the external id the partner issued for this account'],
      ['aws_sagemaker_pipeline.nightly', exemption],
      ['aws_sagemaker_pipeline.nightly', exemption],
    ]);
    const variables = ['222222222222', '333333333333'].map((account) => `variable "partner_external_id_${account}" {\n  type      = string\n  sensitive = true\n}\n`).join('');
    const fixed = await scanTree({ 'main.tf': `${pastedConditions(main, found)}\n${variables}` });
    expect(fixed.errors).toEqual([]);
    expect(fixed.findings.filter((finding) => finding.ruleId.startsWith('trust-'))).toEqual([]);
  });

  it("stays at the interpolation of a Principal a local writes (\"Principal\": ${local.principal}), in the statement the fix adds its Condition to: pasted there, the role is pinned", async () => {
    const main = `locals {
  principal = jsonencode({ Service = "sagemaker.amazonaws.com" })
}

resource "aws_iam_role" "principal_local" {
  name               = "principal-local"
  assume_role_policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": \${local.principal},
      "Action": "sts:AssumeRole"
    }
  ]
}
EOF
}
${OWNER}`;
    const trust = (findings: Finding[]) => findings.filter((finding) => TRUST_RULES.has(finding.ruleId));
    const found = trust((await scanTree({ 'main.tf': main })).findings);
    expect(pointed(found, main.split('\n'))).toEqual(['trust-service-without-source-condition aws_iam_role.principal_local 13:20 ${local.principal} | "Condition": {']);
    const fixed = await scanTree({ 'main.tf': main.replace('"Action": "sts:AssumeRole"', `"Action": "sts:AssumeRole",\n${found[0]!.fix!.snippet}`) });
    expect(fixed.errors).toEqual([]);
    expect(trust(fixed.findings)).toEqual([]);
  });

  it('writes it escaped into the JSON string of a .tf.json file: the object of the jsonencode() there or in a local, or the JSON text in place of a replace(); pasted, each role is pinned; beside a real plan and with --tf-dir as in the folder', async () => {
    const folder = 'test/fixtures/trust-source-account-mismatch/tf-plan-json-interpolated-condition';
    const main = readFileSync(`${folder}/main.tf.json`, 'utf8');
    const trust = (findings: Finding[]) => findings.filter((finding) => TRUST_RULES.has(finding.ruleId));
    const alone = trust((await scan([`${folder}/main.tf.json`, `${folder}/prov.tf`])).findings);
    expect(pointed(alone, main.split('\n'))).toEqual([
      'trust-source-account-mismatch aws_iam_role.mismatch_local 3:50 \\"aws:SourceAccount\\" = \\"111111111111\\" | { StringEquals = { \\"aws:SourceAccount\\" = data.aws_caller_identity.current.account_id }, ArnLike = { \\"aws:SourceArn\\" = \\"arn:${data.aws_partition.current.partition}:sagemaker:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:*\\" } }',
      'trust-source-account-mismatch aws_iam_role.mismatch_inline 15:240 \\"aws:SourceAccount\\" = \\"111111111111\\" | { StringEquals = { \\"aws:SourceAccount\\" = data.aws_caller_identity.current.account_id }, ArnLike = { \\"aws:SourceArn\\" = \\"arn:${data.aws_partition.current.partition}:sagemaker:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:*\\" } }',
      'trust-source-account-mismatch aws_iam_role.replaced 19:208 ${replace(local.mismatch, \\"222222222222\\", \\"444444444444\\")} | {\\"StringEquals\\":{\\"aws:SourceAccount\\":\\"${data.aws_caller_identity.current.account_id}\\"},\\"ArnLike\\":{\\"aws:SourceArn\\":\\"arn:${data.aws_partition.current.partition}:sagemaker:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:*\\"}}',
      'trust-service-without-source-condition aws_iam_role.transport 23:118 \\"Service\\": \\"sagemaker.amazonaws.com\\" | { Bool = { \\"aws:SecureTransport\\" = \\"true\\" }, StringEquals = { \\"aws:SourceAccount\\" = data.aws_caller_identity.current.account_id }, ArnLike = { \\"aws:SourceArn\\" = \\"arn:${data.aws_partition.current.partition}:sagemaker:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:*\\" } }',
    ]);
    const shown = (findings: Finding[]) => trust(findings).map((finding) => [finding.ruleId, finding.resource.address, finding.location, finding.fix]);
    expect(shown((await scan([folder])).findings)).toEqual(shown(alone));
    const elsewhere = mkdtempSync(join(tmpdir(), 'deputy-plan-'));
    try {
      writeFileSync(join(elsewhere, 'plan.json'), readFileSync(`${folder}/plan.json`));
      expect(shown((await scan([join(elsewhere, 'plan.json')], { terraformFolder: folder })).findings)).toEqual(shown(alone));
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
    // The replace() over local.mismatch fixed in place of it, the local's object fixed too: the folder reads, each role is pinned.
    const owner = '{ "data": { "aws_caller_identity": { "current": {} }, "aws_partition": { "current": {} }, "aws_region": { "current": {} } } }\n';
    const fixed = await scanTree({ 'main.tf.json': pastedConditions(main, alone), 'owner.tf.json': owner });
    expect(fixed.errors).toEqual([]);
    expect(trust(fixed.findings)).toEqual([]);
  });

  it.each([
    ['tf-plan-json-interpolated-statement', ['aws_iam_role.lines', 'aws_iam_role.local_whole', 'aws_iam_role.encoded']],
    ['tf-plan-json-interpolated-lines', ['aws_iam_role.one_line_local', 'aws_iam_role.one_line_encoded', 'aws_iam_role.lines_encoded', 'aws_iam_role.encoded_over_lines']],
  ])("writes it escaped into the jsonencode() expression of a .tf.json string, a resource's, a local's read whole or interpolated, in %s: pasted there, each role is pinned", async (fixture, roles) => {
    const main = readFileSync(`${FIXTURES}/${fixture}/main.tf.json`, 'utf8');
    const found = trustOf((await scanTree({ 'main.tf.json': main })).findings);
    expect(found.map((finding) => finding.resource.address)).toEqual(roles);
    const lines = main.split('\n');
    for (const { location, fix } of found) {
      const line = location.startLine - 1;
      // The action the finding's object writes last: on the finding's line, or as the line of the text after it (\n).
      lines[line] = lines[line]!.replace(/Action = \\"sts:AssumeRole\\"(\}|\\n)/, (_, after: string) => (after === '}' ? `Action = \\"sts:AssumeRole\\", ${fix!.snippet}}` : `Action = \\"sts:AssumeRole\\"\\n${fix!.snippet}\\n`));
    }
    const owner = '{ "data": { "aws_caller_identity": { "current": {} }, "aws_partition": { "current": {} }, "aws_region": { "current": {} } } }\n';
    const fixed = await scanTree({ 'main.tf.json': lines.join('\n'), 'owner.tf.json': owner });
    expect(fixed.errors).toEqual([]);
    expect(trustOf(fixed.findings)).toEqual([]);
  });
});

describe('trust fixes of plan roles that share one trust text', () => {
  const ARN = 'arn:aws:iam::123456789012:role';
  const resource = (type: string, name: string, values: Record<string, unknown>) => ({ address: `${type}.${name}`, mode: 'managed', type, name, provider_name: 'registry.terraform.io/hashicorp/aws', schema_version: 0, values, sensitive_values: {} });
  const role = (name: string, trust: object) => resource('aws_iam_role', name, { name, path: '/', assume_role_policy: JSON.stringify(trust) });
  const notebook = (name: string, roleName: string) => resource('aws_sagemaker_notebook_instance', name, { name, instance_type: 'ml.t3.medium', role_arn: `${ARN}/${roleName}` });
  const model = (name: string, roleName: string) => resource('aws_sagemaker_model', name, { name, execution_role_arn: `${ARN}/${roleName}` });
  const pipeline = (name: string, roleName: string) =>
    resource('aws_sagemaker_pipeline', name, { pipeline_name: name, role_arn: `${ARN}/${roleName}`, pipeline_definition: JSON.stringify({ Version: '2020-12-01', Steps: [{ Name: 'Train', Type: 'Training', Arguments: { RoleArn: `${ARN}/${roleName}` } }] }) });
  const allow = { Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' };

  async function fixesOf(resources: object[], ruleId: string): Promise<Map<string, { description: string; snippet: string }>> {
    const directory = mkdtempSync(join(tmpdir(), 'deputy-plan-shared-trust-'));
    try {
      writeFileSync(join(directory, 'plan.json'), JSON.stringify({ format_version: '1.2', terraform_version: '1.11.4', planned_values: { root_module: { resources } } }, null, 2));
      const result = await scan(['plan.json'], { cwd: directory });
      expect(result.errors).toEqual([]);
      return new Map(result.findings.filter((finding) => finding.ruleId === ruleId).map((finding) => [finding.resource.address, finding.fix!]));
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  }

  // A plan's roles of one trust text share its statements: the fix is written once for the source ARNs their uses need,
  // and each role's names the users of that role alone.
  it('names each role its own users where their uses need the same source ARNs, and writes a role used otherwise its own', async () => {
    const trust = { Version: '2012-10-17', Statement: [allow] };
    const fixes = await fixesOf([role('a', trust), role('b', trust), role('c', trust), notebook('nb_a', 'a'), notebook('nb_b', 'b'), pipeline('p_c', 'c')], 'trust-service-without-source-condition');
    expect([...fixes.keys()]).toEqual(['aws_iam_role.a', 'aws_iam_role.b', 'aws_iam_role.c']);
    const [a, b, c] = [fixes.get('aws_iam_role.a')!, fixes.get('aws_iam_role.b')!, fixes.get('aws_iam_role.c')!];
    expect(a.description).toContain('trusts sagemaker.amazonaws.com (covers aws_sagemaker_notebook_instance.nb_a) (in');
    expect(b).toEqual({ description: a.description.replace('nb_a', 'nb_b'), snippet: a.snippet });
    expect(c.description).toBe(a.description.replace('aws_sagemaker_notebook_instance.nb_a', 'aws_sagemaker_pipeline.p_c'));
    expect(a.snippet).toContain(`"aws:SourceArn": "${OWNER_ARN}:*"`);
    expect(c.snippet).toContain(`"aws:SourceArn": [\n      "${OWNER_ARN}:pipeline/p_c/*",\n      "${OWNER_ARN}:training-job/*"\n    ]`);
  });

  it('names each role its own users in the exemption from a Deny they share, and writes a role used otherwise its own', async () => {
    const deny = { Effect: 'Deny', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { ArnNotLike: { 'aws:SourceArn': 'arn:aws:sagemaker:*:123456789012:notebook-instance/*' } } };
    const trust = { Version: '2012-10-17', Statement: [allow, deny] };
    const fixes = await fixesOf([role('d', trust), role('e', trust), role('f', trust), model('m_d', 'd'), model('m_e', 'e'), pipeline('p_f', 'f')], 'trust-sagemaker-role-unassumable');
    expect([...fixes.keys()]).toEqual(['aws_sagemaker_model.m_d', 'aws_sagemaker_model.m_e', 'aws_sagemaker_pipeline.p_f']);
    const [d, e, f] = [fixes.get('aws_sagemaker_model.m_d')!, fixes.get('aws_sagemaker_model.m_e')!, fixes.get('aws_sagemaker_pipeline.p_f')!];
    expect(d.description).toContain('the Deny statement that refuses sagemaker.amazonaws.com (covers aws_sagemaker_model.m_d), so that');
    expect(e).toEqual({ description: d.description.replace('m_d', 'm_e'), snippet: d.snippet });
    expect(f.description).toContain('(covers aws_sagemaker_pipeline.p_f)');
    expect(f.snippet).not.toBe(d.snippet);
    expect(f.snippet).toContain(`${OWNER_ARN}:pipeline/p_f/*`);
  });
});
