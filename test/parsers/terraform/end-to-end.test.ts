import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan, type ScanResult } from '../../../src/analyze/engine.js';
import { parseTree, resource, scanTree } from './helpers.js';

const UNPROTECTED = 'trust-service-without-source-condition';
const INEFFECTIVE = 'trust-source-condition-ineffective';

function where(result: ScanResult, ruleId: string): string[] {
  return result.findings.filter((finding) => finding.ruleId === ruleId).map((finding) => `${finding.location.file}:${finding.location.startLine}`);
}

describe('trust rules on Terraform roles', () => {
  it('point at the condition variable line of a policy document and stay silent on a protected role', async () => {
    const result = await scanTree({
      'main.tf': `data "aws_caller_identity" "current" {}

data "aws_iam_policy_document" "wildcard" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["sagemaker.amazonaws.com"]
    }
    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:aws:sagemaker:*:*:*"]
    }
  }
}

data "aws_iam_policy_document" "protected" {
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
}

resource "aws_iam_role" "wildcard" {
  assume_role_policy = data.aws_iam_policy_document.wildcard.json
}

resource "aws_iam_role" "protected" {
  assume_role_policy = data.aws_iam_policy_document.protected.json
}
`,
    });
    expect(result.errors).toEqual([]);
    expect(where(result, INEFFECTIVE)).toEqual(['main.tf:12']);
    expect(where(result, UNPROTECTED)).toEqual([]);
    expect(result.findings.map((finding) => finding.resource.address)).toEqual(['aws_iam_role.wildcard']);
    expect(result.summary.filesAnalyzed).toBe(1);
  });

  it('read principals and condition values built with setunion() and sensitive()', async () => {
    const result = await scanTree({
      'main.tf': `locals {
  partners = ["arn:aws:iam::210987654321:root"]
  auditors = ["arn:aws:iam::493827160514:root"]
}
data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = setunion(local.partners, local.auditors)
    }
  }
}
resource "aws_iam_role" "shared" {
  assume_role_policy = data.aws_iam_policy_document.trust.json
}
resource "aws_iam_role" "sagemaker" {
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "sagemaker.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = { StringEquals = { "aws:SourceAccount" = sensitive("*") } }
    }]
  })
}
`,
    });
    expect(result.errors).toEqual([]);
    const crossAccount = result.findings.filter((finding) => finding.ruleId === 'trust-cross-account-without-external-id');
    expect(crossAccount.map((finding) => `${finding.location.startLine} ${finding.message.split(' of account')[0]}`)).toEqual([
      '10 principal arn:aws:iam::210987654321:root',
      '10 principal arn:aws:iam::493827160514:root',
    ]);
    expect(where(result, 'policy-wildcard-in-equals-operator')).toEqual(['main.tf:24']);
    expect(result.notices.filter((notice) => notice.message.includes('could not be resolved'))).toEqual([]);
  });

  it('point inside jsonencode, heredoc and file() policies, in the file that holds the text', async () => {
    const result = await scanTree({
      'main.tf': `resource "aws_iam_role" "encoded" {
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = {
        Service = "sagemaker.amazonaws.com"
      }
    }]
  })
}

resource "aws_iam_role" "heredoc" {
  assume_role_policy = <<-EOF
    {
      "Version": "2012-10-17",
      "Statement": [{
        "Effect": "Allow",
        "Action": "sts:AssumeRole",
        "Principal": { "Service": "sagemaker.amazonaws.com" }
      }]
    }
  EOF
}

resource "aws_iam_role" "from_file" {
  assume_role_policy = file("\${path.module}/policies/trust.json")
}

resource "aws_iam_role" "from_template" {
  assume_role_policy = templatefile("policies/trust.tpl", { service = "sagemaker" })
}
`,
      'policies/trust.json': `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "sts:AssumeRole",
      "Principal": {"Service": "sagemaker.amazonaws.com"}
    }
  ]
}
`,
      'policies/trust.tpl': `{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Action": "sts:AssumeRole",
    "Principal": {"Service": "\${service}.amazonaws.com"}
  }]
}
`,
    });
    expect(result.errors).toEqual([]);
    expect(where(result, UNPROTECTED)).toEqual(['main.tf:8', 'main.tf:21', 'policies/trust.json:7', 'policies/trust.tpl:6']);
  });

  it('point inside a rendered heredoc or template only on the lines it keeps as written, columns included', async () => {
    const result = await scanTree({
      'main.tf': `variable "accounts" {
  default = ["111111111111", "222222222222", "333333333333"]
}

resource "aws_iam_role" "looped" {
  assume_role_policy = <<EOT
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {"AWS": [
%{ for account in var.accounts ~}
        "arn:aws:iam::\${account}:root",
%{ endfor ~}
        "arn:aws:iam::444444444444:root"
      ]},
      "Action": "sts:AssumeRole"
    },
    {
      "Effect": "Allow",
      "Principal": {"Service": "sagemaker.amazonaws.com"},
      "Action": "sts:AssumeRole"
    }
  ]
}
EOT
}

resource "aws_iam_role" "included" {
  assume_role_policy = <<EOT
\${file("trust.json")}
EOT
}

resource "aws_iam_role" "interpolated" {
  assume_role_policy = <<EOT
{"Version": "2012-10-17", "Statement": [{"Sid": "\${var.accounts[0]}", "Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": "sagemaker.amazonaws.com"}}]}
EOT
}

resource "aws_iam_role" "templated" {
  assume_role_policy = templatefile("trust.tpl", { services = ["ec2.amazonaws.com", "sagemaker.amazonaws.com"] })
}
`,
      'trust.json': `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "sts:AssumeRole",
      "Principal": {"Service": "sagemaker.amazonaws.com"}
    }
  ]
}
`,
      'trust.tpl': `{
  "Version": "2012-10-17",
  "Statement": [
%{ for service in services }
    {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": "\${service}"}},
%{ endfor }
    {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"AWS": "*"}}
  ]
}
`,
    });
    expect(result.errors).toEqual([]);
    const at = (ruleId: string, address: string) =>
      result.findings.filter((finding) => finding.ruleId === ruleId && finding.resource.address === address).map((finding) => `${finding.location.file}:${finding.location.startLine}:${finding.location.startColumn}`);
    // Lines a directive wrote are no lines of the file: those findings stay at the attribute; the lines after it are kept.
    expect(at('trust-cross-account-without-external-id', 'aws_iam_role.looped').sort()).toEqual(['main.tf:16:9', 'main.tf:6:3', 'main.tf:6:3', 'main.tf:6:3']);
    expect(at(UNPROTECTED, 'aws_iam_role.looped')).toEqual(['main.tf:22:21']);
    // An interpolation that wrote a whole file: none of its lines is the heredoc's.
    expect(at(UNPROTECTED, 'aws_iam_role.included')).toEqual(['main.tf:31:3']);
    // After an interpolation on its line, a column is counted from the line's end.
    expect(at(UNPROTECTED, 'aws_iam_role.interpolated')).toEqual(['main.tf:38:132']);
    expect(at('trust-any-principal', 'aws_iam_role.templated')).toEqual(['trust.tpl:7:67']);
    expect(at(UNPROTECTED, 'aws_iam_role.templated')).toEqual(['main.tf:43:3']);
  });

  it('point inside a rendered template file on each line its own text writes as one line, around and between directives', async () => {
    const result = await scanTree({
      'main.tf': `resource "aws_iam_role" "templated" {
  assume_role_policy = templatefile("trust.tpl", {
    accounts = ["*"]
    arn      = "*"
    extra    = true
    multi    = "{\\"Sid\\": \\"Multi\\", \\"Effect\\": \\"Allow\\", \\"Action\\": \\"sts:AssumeRole\\", \\"Principal\\": {\\"AWS\\": \\"*\\"}},\\n    {\\"Effect\\": \\"Deny\\", \\"Action\\": \\"sts:TagSession\\", \\"Principal\\": \\"*\\"}"
  })
}
`,
      'trust.tpl': `{
  "Version": "2012-10-17",
  "Statement": [
%{ for account in accounts ~}
    {"Sid": "Looped", "Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"AWS": "\${account}"}},
%{ endfor ~}
    {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": "sagemaker.amazonaws.com"},
     "Condition": {"StringLike": {"aws:SourceArn": "\${arn}"}}},
%{ if extra }
    {"Sid": "Extra", "Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"AWS": "*"}},
%{ endif }
    {"Sid": "Between", "Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"AWS": "*"}},
    \${multi},
    {"Sid": "Last", "Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"AWS": "*"}}
  ]
}
`,
    });
    expect(result.errors).toEqual([]);
    const at = (ruleId: string) => result.findings.filter((finding) => finding.ruleId === ruleId).map((finding) => `${finding.location.file}:${finding.location.startLine}:${finding.location.startColumn}`);
    // The condition after the loop, on a line with an interpolation, and the statements after each directive are where
    // they are written; what the loop, the if, or an interpolation that wrote line breaks wrote stays at the attribute.
    expect(at(INEFFECTIVE)).toEqual(['trust.tpl:8:35']);
    // (The Looped, Extra and Multi statements share the attribute's one finding.)
    expect(at('trust-any-principal').sort()).toEqual(['main.tf:2:3', 'trust.tpl:12:85', 'trust.tpl:14:82']);
  });

  it('leave try() and can() unknown over a file deputy does not read, and take the fallback of a file Terraform cannot read', async () => {
    const fallback = 'jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "sagemaker.amazonaws.com" } }] })';
    const result = await scanTree(
      {
        'root/main.tf': `locals {
  fallback = ${fallback}
}
resource "aws_iam_role" "outside_try" {
  assume_role_policy = try(file("\${path.module}/../shared/trust.json"), local.fallback)
}
resource "aws_iam_role" "outside_can" {
  assume_role_policy = can(file("\${path.module}/../shared/trust.json")) ? file("\${path.module}/../shared/trust.json") : local.fallback
}
resource "aws_iam_role" "missing_try" {
  assume_role_policy = try(file("\${path.module}/missing.json"), local.fallback)
}
resource "aws_iam_role" "folder_can" {
  assume_role_policy = can(file("\${path.module}/policies")) ? "{}" : local.fallback
}
`,
        'root/policies/README': 'a folder, not a file\n',
        'shared/trust.json': '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"sagemaker.amazonaws.com"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:SourceAccount":"111111111111"}}}]}',
      },
      { paths: ['root'] },
    );
    expect(result.findings.filter((finding) => finding.ruleId === UNPROTECTED).map((finding) => finding.resource.address)).toEqual(['aws_iam_role.folder_can', 'aws_iam_role.missing_try']);
  });

  it('report each for_each instance built from a map of statements', async () => {
    const result = await scanTree({
      'main.tf': `locals {
  services = {
    training  = { principal = "sagemaker.amazonaws.com", account = "" }
    pipelines = { principal = "sagemaker.amazonaws.com", account = "111122223333" }
  }
}

data "aws_iam_policy_document" "trust" {
  for_each = local.services
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = [each.value.principal]
    }
    dynamic "condition" {
      for_each = each.value.account == "" ? [] : [each.value.account]
      content {
        test     = "StringEquals"
        variable = "aws:SourceAccount"
        values   = [condition.value]
      }
    }
  }
}

resource "aws_iam_role" "svc" {
  for_each           = local.services
  name               = each.key
  assume_role_policy = data.aws_iam_policy_document.trust[each.key].json
}
`,
    });
    const unprotected = result.findings.filter((finding) => finding.ruleId === UNPROTECTED);
    expect(unprotected.map((finding) => [finding.resource.address, finding.location.startLine])).toEqual([['aws_iam_role.svc["training"]', 14]]);
  });

  it('reads # deputy:ignore comments in a block or on the line before it, and reports one without a reason', async () => {
    const role = (name: string, before: string, inside = '') => `${before}
resource "aws_iam_role" "${name}" {
  ${inside}
  name = "${name}"
}
`;
    const tree = {
      'main.tf': [
        role('before', `# deputy:ignore ${UNPROTECTED},${INEFFECTIVE} -- only our own account's jobs run here`),
        role('inside', '', '// deputy:ignore trust-any-principal -- reviewed -- twice'),
        role('reasonless', `# deputy:ignore ${UNPROTECTED}`),
        role('unrelated', '# an ordinary comment'),
      ].join('\n'),
    };
    const parsed = await parseTree(tree);
    expect(resource(parsed, 'aws_iam_role.before').suppressions).toEqual([
      { rules: [UNPROTECTED, INEFFECTIVE], reason: "only our own account's jobs run here", location: expect.objectContaining({ file: 'main.tf', startLine: 1 }) },
    ]);
    expect(resource(parsed, 'aws_iam_role.inside').suppressions).toEqual([{ rules: ['trust-any-principal'], reason: 'reviewed -- twice', location: expect.objectContaining({ startLine: 9 }) }]);
    expect(resource(parsed, 'aws_iam_role.reasonless').suppressions).toBeUndefined();
    expect(resource(parsed, 'aws_iam_role.unrelated').suppressions).toBeUndefined();
    expect(parsed.errors).toEqual([expect.objectContaining({ file: 'main.tf', line: 13, message: expect.stringContaining('has no reason') })]);
  });

  it('reports a directive written almost as deputy:ignore (another case, more comment markers), which would suppress nothing', async () => {
    const role = (name: string, inside: string) => `resource "aws_iam_role" "${name}" {\n  ${inside}\n  name = "${name}"\n}\n`;
    const tree = {
      'main.tf': [
        role('cased', `# Deputy:Ignore ${UNPROTECTED} -- reviewed`),
        role('doubled', `## deputy:ignore ${UNPROTECTED} -- reviewed`),
        role('doc', `/** deputy:ignore ${UNPROTECTED} -- reviewed */`),
        role('prose', '# the deputy:ignore comment below is deputy:ignored'),
        role('word', '# deputy:ignored for now'),
      ].join('\n'),
    };
    const parsed = await parseTree(tree);
    for (const name of ['cased', 'doubled', 'doc']) expect(resource(parsed, `aws_iam_role.${name}`).suppressions).toBeUndefined();
    expect(parsed.errors.map(({ line, message }) => [line, message]).sort(([a], [b]) => Number(a) - Number(b))).toEqual([
      [2, expect.stringContaining('"# Deputy:Ignore" is not read as a suppression')],
      [7, expect.stringContaining('"## deputy:ignore" is not read as a suppression')],
      [12, expect.stringContaining('"/** deputy:ignore" is not read as a suppression')],
    ]);
  });
});

describe('scanning folders', () => {
  it('reports a syntax error with its line and still analyzes the other files and modules', async () => {
    const result = await scanTree({
      'broken/main.tf': 'resource "aws_iam_role" "x" {\n  name = \n}\n',
      'good/main.tf': `resource "aws_iam_role" "open" {
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "sagemaker.amazonaws.com" } }] })
}
`,
      'good/other.tf': 'resource "aws_iam_role" "y" {\n  name = [\n}\n',
    });
    expect(result.errors.map((error) => [error.file, error.line])).toEqual([
      ['broken/main.tf', 2],
      ['good/other.tf', 3],
    ]);
    expect(where(result, UNPROTECTED)).toEqual(['good/main.tf:2']);
  });

  it('reports each root module once: a folder another scanned module calls is not a root unless named', async () => {
    const tree = {
      'modules/role/main.tf': `variable "service" {}
resource "aws_iam_role" "r" {
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = var.service } }] })
}
`,
      'envs/dev/main.tf': 'module "role" {\n  source  = "../../modules/role"\n  service = "sagemaker.amazonaws.com"\n}\n',
      'envs/prod/main.tf': 'module "role" {\n  source  = "../../modules/role"\n  service = "states.amazonaws.com"\n}\n',
      'envs/prod/main.tf.json': JSON.stringify({ resource: { aws_iam_role: { json_role: { name: 'from-json' } } } }),
    };
    const result = await scanTree(tree);
    expect(result.findings.filter((finding) => finding.ruleId === UNPROTECTED).map((finding) => [finding.resource.address, finding.message.split(' ')[0]])).toEqual([
      ['module.role.aws_iam_role.r', 'sagemaker.amazonaws.com'],
      ['module.role.aws_iam_role.r', 'states.amazonaws.com'],
    ]);
    expect(result.summary).toMatchObject({ filesAnalyzed: 4, resources: 3 });
    const named = await scanTree(tree, { paths: ['.', 'modules/role'] });
    expect(named.summary.resources).toBe(4);
  });
});

describe('discovery', () => {
  it('treats a named .tf file as its folder, a root even when another scanned module calls it', async () => {
    const tree = {
      'app/main.tf': 'module "shared" {\n  source = "../shared"\n}\n',
      'shared/main.tf': 'resource "aws_iam_role" "r" {\n  name = "shared"\n}\n',
      'shared/notes.yaml': 'not: [a, template]\n',
    };
    expect((await scanTree(tree)).summary).toMatchObject({ filesAnalyzed: 2, resources: 1 });
    const named = await scanTree(tree, { paths: ['app', 'shared/main.tf'] });
    expect(named.errors).toEqual([]);
    expect(named.summary).toMatchObject({ filesAnalyzed: 2, resources: 2 });
  });
});

describe('identity policies and other shapes', () => {
  it('locates findings in aws_iam_role_policy heredocs, inline_policy blocks, jsonencode through a local, and .tf.json files', async () => {
    const result = await scanTree({
      'main.tf': `locals {
  encoded = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "s3:GetObject"
      Resource  = "*"
      Condition = { stringEquals = { "aws:ResourceAccount" = "111122223333" } }
    }]
  })
}

resource "aws_iam_role" "r" {
  name               = "r"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Condition = { StringEquals = { "sts:ExternalId" = "x" } } }] })
  inline_policy {
    name   = "from-local"
    policy = local.encoded
  }
}

resource "aws_iam_role_policy" "p" {
  role   = aws_iam_role.r.id
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Action": "s3:GetObject",
    "Resource": "*",
    "Condition": {"StringEqual": {"aws:ResourceAccount": "111122223333"}}
  }]
}
EOF
}
`,
      'extra.tf.json': JSON.stringify(
        {
          resource: {
            aws_iam_policy: {
              json_policy: {
                name: 'json',
                policy: '${jsonencode({Version = "2012-10-17", Statement = [{Effect = "Allow", Action = "s3:GetObject", Resource = "*", Condition = {StringEqualz = {"aws:ResourceAccount" = "1"}}}]})}',
              },
            },
          },
        },
        null,
        2,
      ),
    });
    expect(result.errors).toEqual([]);
    expect(where(result, 'policy-invalid-condition-operator')).toEqual(['extra.tf.json:6', 'main.tf:8', 'main.tf:31']);
  });

  it('expands count over an unknown value on modules into one [*] instance', async () => {
    const parsed = await parseTree({
      'main.tf': 'variable "n" {}\nmodule "m" {\n  source = "./m"\n  count  = var.n\n}\n',
      'm/main.tf': 'resource "aws_iam_role" "r" {\n  name = "x"\n}\n',
    });
    expect(parsed.files[0]!.worlds[0]!.resources.map((found) => found.address)).toEqual(['module.m[*].aws_iam_role.r']);
    expect(parsed.files[0]!.worlds[0]!.resources.map((found) => found.createdNotKnown)).toEqual(['the count of module.m is not known']);
    expect(parsed.files[0]!.worlds[0]!.resources.map((found) => found.createdWith)).toEqual([['module.m']]);
  });
});

describe('fingerprints', () => {
  it('tell two instances of one module apart, though they share its file and resource name', async () => {
    const module = `resource "aws_iam_role" "svc" {
  name = "svc-\${var.name}"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}
variable "name" {}
`;
    const result = await scanTree({
      'main.tf': 'module "a" {\n  source = "./svc"\n  name = "a"\n}\nmodule "b" {\n  source = "./svc"\n  name = "b"\n}\n',
      'svc/main.tf': module,
    });
    const findings = result.findings.filter((finding) => finding.ruleId === 'trust-service-without-source-condition');
    expect(findings.map((finding) => finding.resource.address).sort()).toEqual(['module.a.aws_iam_role.svc', 'module.b.aws_iam_role.svc']);
    expect(new Set(findings.map((finding) => finding.fingerprint)).size).toBe(2);
  });
});

describe('# deputy:ignore in a scan', () => {
  const openRole = (name: string, comment: string) => `${comment}
resource "aws_iam_role" "${name}" {
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "sagemaker.amazonaws.com" } }]
  })
}
`;

  it('suppresses the finding it names, keeps it marked, and reports a suppression that matches nothing at its line', async () => {
    const result = await scanTree({
      'main.tf': [
        openRole('accepted', `# deputy:ignore ${UNPROTECTED} -- the service runs only our own jobs`),
        openRole('stale', '# deputy:ignore trust-any-principal -- once opened to everyone'),
      ].join(''),
    });
    const unprotected = result.findings.filter((finding) => finding.ruleId === UNPROTECTED);
    expect(unprotected.map((finding) => [finding.resource.address, finding.suppressed?.source, finding.suppressed?.reason])).toEqual([
      ['aws_iam_role.accepted', 'inline', 'the service runs only our own jobs'],
      ['aws_iam_role.stale', undefined, undefined],
    ]);
    const unused = result.findings.filter((finding) => finding.ruleId === 'deputy-unused-suppression');
    expect(unused.map((finding) => [finding.location.file, finding.location.startLine])).toEqual([['main.tf', 8]]);
    expect(result.summary.findings).toBe(2);
  });

  it('does not give a comment trailing the closing brace of one block to the block on the next line', async () => {
    const role = (name: string) => `resource "aws_iam_role" "${name}" {
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "sagemaker.amazonaws.com" } }] })
}`;
    const text = `${role('written_for')} # deputy:ignore ${UNPROTECTED} -- written after this block\n${role('next')}\n`;
    const result = await scanTree({ 'main.tf': text });
    expect(result.errors.map((error) => [error.line, error.message])).toEqual([[3, expect.stringContaining('suppresses nothing')]]);
    expect(result.findings.filter((finding) => finding.ruleId === UNPROTECTED && finding.suppressed)).toEqual([]);
  });

  it('reports a comment attached to no resource, after a blank line or at the end of the file, at its line', async () => {
    const result = await scanTree({ 'main.tf': `# deputy:ignore sagemaker-notebook-no-kms -- detached by a blank line\n\n${openRole('open', '')}# deputy:ignore ${UNPROTECTED} -- at the end\n` });
    expect(result.errors.map((error) => [error.file, error.line, error.message])).toEqual([
      ['main.tf', 1, expect.stringContaining('suppresses nothing')],
      ['main.tf', 10, expect.stringContaining('suppresses nothing')],
    ]);
    expect(result.findings.filter((finding) => finding.ruleId === UNPROTECTED && !finding.suppressed)).toHaveLength(1);
  });

  it('attaches each comment to the block it sits in or precedes among many blocks, and to no other', async () => {
    const oneLine = (name: string) =>
      `resource "aws_iam_role" "${name}" { assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "sagemaker.amazonaws.com" } }] }) }`;
    const text = [
      // A comment after a one-line block trails that block's code: it is not on the line before the next block's
      // header (it would suppress a block it was not written for), and is reported; one before a block on its own line
      // is neither inside it nor on the line before it.
      `${oneLine('first')} # deputy:ignore ${UNPROTECTED} -- after a one-line block`,
      `/* deputy:ignore ${UNPROTECTED} -- before a one-line block on this line */ ${oneLine('second')}`,
      oneLine('third'),
      ...Array.from({ length: 30 }, (_, index) => openRole(`r${index}`, index % 3 === 0 ? `# deputy:ignore ${UNPROTECTED} -- every third role` : '')),
      `# deputy:ignore ${UNPROTECTED} -- before the last one`,
      oneLine('last'),
    ].join('\n');
    const result = await scanTree({ 'main.tf': text });
    expect(result.errors.map((error) => [error.line, error.column, error.message])).toEqual([[1, expect.any(Number), expect.stringContaining('suppresses nothing')]]);
    const suppressed = result.findings.filter((finding) => finding.ruleId === UNPROTECTED && finding.suppressed).map((finding) => finding.resource.address);
    expect(suppressed).toEqual(['aws_iam_role.third', ...Array.from({ length: 10 }, (_, index) => `aws_iam_role.r${index * 3}`), 'aws_iam_role.last']);
  });

  it('reports an unknown rule id at its line and suppresses nothing with it', async () => {
    const result = await scanTree({ 'main.tf': openRole('typo', '# deputy:ignore trust-service-without-source-conditon -- typo') });
    expect(result.errors).toEqual([expect.objectContaining({ file: 'main.tf', line: 1, message: expect.stringContaining('trust-service-without-source-condition') })]);
    expect(result.findings.filter((finding) => finding.ruleId === UNPROTECTED && !finding.suppressed)).toHaveLength(1);
  });

  it('applies a comment in a data block to the findings located inside it, on every role it is the policy of, and checks and reports it as one in a resource block', async () => {
    const documentRole = (name: string, document: string) => `resource "aws_iam_role" "${name}" {
  assume_role_policy = data.aws_iam_policy_document.${document}.json
}
`;
    const document = (name: string, comment: string) =>
      `data "aws_iam_policy_document" "${name}" {
  ${comment}
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["sagemaker.amazonaws.com"]
    }
  }
}
`;
    const result = await scanTree({
      'main.tf': [
        document('accepted', `# deputy:ignore ${UNPROTECTED} -- the service runs only our own jobs`),
        documentRole('a', 'accepted'),
        documentRole('b', 'accepted'),
        document('typo', '# deputy:ignore trust-service-without-source-conditon -- typo'),
        documentRole('c', 'typo'),
        document('reasonless', `# deputy:ignore ${UNPROTECTED}`),
        documentRole('d', 'reasonless'),
        document('stale', '# deputy:ignore trust-any-principal -- once opened to everyone'),
        documentRole('e', 'stale'),
      ].join(''),
    });
    expect(result.errors.map((error) => [error.line, error.message]).sort(([a], [b]) => Number(a) - Number(b))).toEqual([
      [18, 'suppression on data.aws_iam_policy_document.typo names an unknown rule "trust-service-without-source-conditon"; did you mean "trust-service-without-source-condition"?'],
      [31, expect.stringContaining('has no reason')],
    ]);
    const unprotected = result.findings.filter((finding) => finding.ruleId === UNPROTECTED);
    expect(unprotected.map((finding) => [finding.resource.address, finding.suppressed?.reason])).toEqual([
      ['aws_iam_role.a', 'the service runs only our own jobs'],
      ['aws_iam_role.b', 'the service runs only our own jobs'],
      ['aws_iam_role.c', undefined],
      ['aws_iam_role.d', undefined],
      ['aws_iam_role.e', undefined],
    ]);
    const unused = result.findings.filter((finding) => finding.ruleId === 'deputy-unused-suppression');
    expect(unused.map((finding) => [finding.resource.address, finding.location.startLine, finding.message])).toEqual([['data.aws_iam_policy_document.stale', 44, expect.stringContaining('trust-any-principal on data.aws_iam_policy_document.stale')]]);
  });
});

describe('messages about Terraform resources', () => {
  it('name the owner account, region and partition by the data sources Terraform reads them from', async () => {
    const result = await scanTree({
      'main.tf': `data "aws_partition" "current" {}
data "aws_caller_identity" "current" {}
data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["sagemaker.amazonaws.com"]
    }
    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:\${data.aws_partition.current.partition}:s3:::\${data.aws_caller_identity.current.account_id}-bucket"]
    }
  }
}
resource "aws_iam_role" "r" {
  assume_role_policy = data.aws_iam_policy_document.trust.json
}
`,
    });
    const finding = result.findings.find((item) => item.ruleId === 'trust-source-arn-wrong-service');
    expect(finding?.message).toContain('arn:${data.aws_partition.current.partition}:s3:::${data.aws_caller_identity.current.account_id}-bucket');
    expect(finding?.message).not.toContain('AWS::');
  });

  it('name the data sources as the module declares them, where it names them otherwise than current', async () => {
    const result = await scanTree({
      'main.tf': `data "aws_partition" "this" {}
data "aws_caller_identity" "this" {}
resource "aws_iam_role" "r" {
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "sagemaker.amazonaws.com" }
      Condition = { ArnLike = { "aws:SourceArn" = "arn:\${data.aws_partition.this.partition}:s3:::\${data.aws_caller_identity.this.account_id}-bucket" } }
    }]
  })
}
`,
    });
    const finding = result.findings.find((item) => item.ruleId === 'trust-source-arn-wrong-service');
    expect(finding?.message).toContain('arn:${data.aws_partition.this.partition}:s3:::${data.aws_caller_identity.this.account_id}-bucket');
  });

  it("quote the data source the module reads the owner's value from, also one with a count that not every instance of the module makes, never the one a fix would declare", async () => {
    // module.skips makes no data.aws_caller_identity.current[0]: a fix cannot read it at [0] (it declares current2), but
    // module.reads reads the account there, as the message says: the user wrote it so.
    const role = (count: string) => `variable "read" {
  type = bool
}
data "aws_caller_identity" "current" {
  count = ${count}
}
resource "aws_iam_role" "r" {
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "sagemaker.amazonaws.com" }
      Condition = { ArnLike = { "aws:SourceArn" = "arn:aws:sqs:us-east-1:\${try(data.aws_caller_identity.current[0].account_id, "")}:queue" } }
    }]
  })
}
`;
    const calls = 'module "reads" {\n  source = "./role"\n  read   = true\n}\nmodule "skips" {\n  source = "./role"\n  read   = false\n}\n';
    const findings = async (count: string) =>
      (await scanTree({ 'main.tf': calls, 'role/main.tf': role(count) })).findings.filter((item) => item.ruleId === 'trust-source-arn-wrong-service' && item.resource.address === 'module.reads.aws_iam_role.r');
    const messages = async (count: string) => (await findings(count)).map((item) => item.message);
    const counted = await findings('var.read ? 1 : 0');
    expect(counted.map((item) => item.message)).toEqual([expect.stringContaining('aws:SourceArn arn:aws:sqs:us-east-1:${data.aws_caller_identity.current[0].account_id}:queue never matches')]);
    expect(counted.map((item) => `${item.fix?.description} ${item.fix?.snippet}`)).toEqual([expect.stringContaining('data.aws_caller_identity.current2.account_id')]);
    // Made in every instance: read at [0].
    expect(await messages('1')).toEqual([expect.stringContaining('aws:SourceArn arn:aws:sqs:us-east-1:${data.aws_caller_identity.current[0].account_id}:queue never matches')]);
  });

  it("say the owner's value in words where the module reads no data source of it, never one a fix would declare (current2, eu), in .tf, .tf.json and a plan beside its .tf", async () => {
    // The notebook of eu-west-1 is refused: the message shows the source ARN SageMaker presents, of the owner's account,
    // which no data source of the module reads (the one named "current" is another configuration's: a fix declares current2).
    const providers = { provider: { aws: [{ region: 'us-east-1' }, { alias: 'eu', region: 'eu-west-1' }, { alias: 'audit', region: 'us-east-1' }] } };
    const trust = '${jsonencode({Statement = [{Effect = "Allow", Principal = {Service = "sagemaker.amazonaws.com"}, Action = "sts:AssumeRole", Condition = {ArnLike = {"aws:SourceArn" = "arn:${data.aws_partition.current.partition}:sagemaker:us-east-1:*:*"}}}]})}';
    const config = {
      ...providers,
      data: { aws_partition: { current: {} }, aws_caller_identity: { current: { provider: 'aws.audit' } } },
      resource: {
        aws_iam_role: { exec: { name: 'exec', assume_role_policy: trust } },
        aws_sagemaker_notebook_instance: { eu: { provider: 'aws.eu', name: 'eu', instance_type: 'ml.t3.medium', role_arn: '${aws_iam_role.exec.arn}' } },
      },
    };
    const refused = (result: ScanResult) => result.findings.filter((item) => item.ruleId === 'trust-sagemaker-role-unassumable');
    const hcl = [
      'provider "aws" {\n  region = "us-east-1"\n}\nprovider "aws" {\n  alias  = "eu"\n  region = "eu-west-1"\n}\nprovider "aws" {\n  alias  = "audit"\n  region = "us-east-1"\n}',
      'data "aws_partition" "current" {}\ndata "aws_caller_identity" "current" {\n  provider = aws.audit\n}',
      `resource "aws_iam_role" "exec" {\n  name               = "exec"\n  assume_role_policy = ${trust.slice(2, -1)}\n}`,
      'resource "aws_sagemaker_notebook_instance" "eu" {\n  provider      = aws.eu\n  name          = "eu"\n  instance_type = "ml.t3.medium"\n  role_arn      = aws_iam_role.exec.arn\n}\n',
    ].join('\n');
    for (const files of [{ 'main.tf.json': JSON.stringify(config, null, 2) }, { 'main.tf': hcl }]) {
      const [finding] = refused(await scanTree(files));
      expect(finding?.message).toContain("with aws:SourceArn arn:aws:sagemaker:eu-west-1:<the owner's account id>:* or");
      expect(finding?.message).not.toContain('data.aws_caller_identity');
      // The fix still reads the one it declares.
      expect(finding?.fix?.snippet).toContain('data.aws_caller_identity.current2.account_id');
    }
    // A module that declares one of the notebook's configuration is quoted as it writes it.
    const reads = { ...config, data: { ...config.data, aws_caller_identity: { ...config.data.aws_caller_identity, europe: { provider: 'aws.eu' } } } };
    const [quoted] = refused(await scanTree({ 'main.tf.json': JSON.stringify(reads, null, 2) }));
    expect(quoted?.message).toContain('with aws:SourceArn arn:aws:sagemaker:eu-west-1:${data.aws_caller_identity.europe.account_id}:* or');
    // A real plan beside its .tf, whose module declares no caller identity: a fix would declare one for aws.eu.
    const fixture = join(import.meta.dirname, '..', '..', 'fixtures', 'trust-sagemaker-role-unassumable', 'tf-plan-regions-of-users-one-region');
    const [planned] = refused(await scan([fixture]));
    expect(planned?.message).toContain("with aws:SourceArn arn:aws:sagemaker:eu-west-1:<the owner's account id>:* or arn:aws:sagemaker:eu-west-1:<the owner's account id>:notebook-instance/eu");
  });

  it("quote in a message with no fix the data source of a count the module reads, in .tf and .tf.json, and the one every instance makes as before", async () => {
    const calls = 'module "reads" {\n  source = "./role"\n  read   = true\n}\nmodule "skips" {\n  source = "./role"\n  read   = false\n}\n';
    const variable = 'variable "read" {\n  type = bool\n}\n';
    const trust = (account: string) => `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRoleWithWebIdentity","Principal":{"Federated":"arn:aws:iam::${account}:oidc-provider/oidc.circleci.com/org/<CIRCLECI_ORG_UUID>"}}]}`;
    const hcl = (count: string) => `${variable}data "aws_caller_identity" "current" {
  count = ${count}
}
locals {
  account_id = try(data.aws_caller_identity.current[0].account_id, "")
}
resource "aws_iam_role" "r" {
  assume_role_policy = <<EOT
${trust('${local.account_id}')}
EOT
}
`;
    const json = (count: string) =>
      JSON.stringify({
        data: { aws_caller_identity: { current: { count } } },
        locals: { account_id: '${try(data.aws_caller_identity.current[0].account_id, "")}' },
        resource: { aws_iam_role: { r: { assume_role_policy: trust('${local.account_id}') } } },
      });
    const messages = async (files: Record<string, string>) =>
      (await scanTree({ 'main.tf': calls, ...files })).findings.filter((item) => item.ruleId === 'policy-documentation-placeholder' && item.resource.address === 'module.reads.aws_iam_role.r').map((item) => [item.message, item.fix]);
    for (const [files, count] of [
      [{ 'role/main.tf': hcl('var.read ? 1 : 0') }, 'var.read ? 1 : 0'],
      [{ 'role/variables.tf': variable, 'role/main.tf.json': json('${var.read ? 1 : 0}') }, 'var.read ? 1 : 0'],
      [{ 'role/main.tf': hcl('1') }, '1'],
      [{ 'role/variables.tf': variable, 'role/main.tf.json': json('1') }, '1'],
    ] as const) {
      const found = await messages(files);
      expect(found, count).toEqual([[expect.stringContaining('Principal.Federated value arn:aws:iam::${data.aws_caller_identity.current[0].account_id}:oidc-provider/'), undefined]]);
    }
  });

  it("show the owner's account a plan reads as the account, beside a folder that declares a data source of it with a count", async () => {
    // The plan reads the account in the role's deployed ARN; data.aws_caller_identity.current (count = 0) reads none.
    const folder = 'test/fixtures/trust-source-arn-wrong-service/tf-plan-owner-counted-data-source';
    for (const target of [folder, `${folder}/plan.json`]) {
      const messages = (await scan([target])).findings.filter((item) => item.ruleId === 'trust-source-arn-wrong-service').map((item) => item.message);
      expect(messages).toEqual([expect.stringContaining('aws:SourceArn arn:aws:sqs:us-east-1:493827160514:queue never matches')]);
    }
  });

  it('name the data sources as the module declares them where the finding is located in a policy file it reads', async () => {
    const result = await scanTree({
      'main.tf': `data "aws_caller_identity" "this" {}
resource "aws_iam_policy" "p" {
  policy = templatefile("\${path.module}/policy.json.tpl", { account = data.aws_caller_identity.this.account_id })
}
`,
      'policy.json.tpl': `{
  "Version": "2012-10-17",
  "Statement": [
    { "Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::\${account}:role/*" }
  ]
}
`,
    });
    const finding = result.findings.find((item) => item.ruleId === 'identity-passrole-unscoped');
    expect(finding?.location.file).toMatch(/policy\.json\.tpl$/);
    expect(finding?.message).toContain('arn:aws:iam::${data.aws_caller_identity.this.account_id}:role/*');
  });

  it('show a value not known as the file writes it, not the reason it is not known', async () => {
    const tree = (condition: string) => ({
      'main.tf': `variable "region" {}
variable "vpc" {}
locals {
  region = var.region
}
resource "aws_iam_role" "r" {
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::210987654321:root" }
      Action    = "sts:AssumeRole"
      Condition = { StringEquals = { ${condition} } }
    }]
  })
}
`,
    });
    const result = await scanTree(tree('"aws:RequestedRegion" = var.region, "aws:SourceVpc" = "vpc-\${var.vpc}", "aws:PrincipalTag/region" = upper(local.region)'));
    const finding = result.findings.find((item) => item.ruleId === 'trust-cross-account-without-external-id');
    expect(finding?.message).toContain('only StringEquals aws:RequestedRegion ${var.region} and StringEquals aws:SourceVpc vpc-${var.vpc} and StringEquals aws:PrincipalTag/region ${upper(local.region)},');
  });

  it('name the owner account by its id where the provider fixes it, as the file may write it', async () => {
    const tree = (provider: string) => ({
      'main.tf': `${provider}
resource "aws_iam_role" "r" {
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "sagemaker.amazonaws.com" }
      Condition = { StringEquals = { "aws:SourceArn" = "arn:aws:sagemaker:us-east-1:493827160514:training-job/*" } }
    }]
  })
}
`,
    });
    const message = async (provider: string): Promise<string | undefined> =>
      (await scanTree(tree(provider))).findings.find((item) => item.ruleId === 'policy-wildcard-in-equals-operator')?.message;
    expect(await message('provider "aws" {\n  allowed_account_ids = ["493827160514"]\n}')).toContain('arn:aws:sagemaker:us-east-1:493827160514:training-job/*');
    // Not locked: the literal is some account's, written as it stands.
    expect(await message('provider "aws" {}')).toContain('arn:aws:sagemaker:us-east-1:493827160514:training-job/*');
  });

  it("name the owner account in a fix's description as in messages, not by CloudFormation's pseudo parameter", async () => {
    const result = await scanTree({
      'main.tf': `data "aws_caller_identity" "current" {}
resource "aws_iam_role" "r" {
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "sagemaker.amazonaws.com", AWS = "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:root" }
    }]
  })
}
`,
    });
    const fix = result.findings.find((item) => item.ruleId === 'trust-service-without-source-condition')?.fix?.description;
    expect(fix).toContain('also trusts arn:aws:iam::${data.aws_caller_identity.current.account_id}:root');
    expect(fix).not.toContain('AWS::');
  });
});

describe('SageMaker pipelines written with jsonencode', () => {
  it('read the roles their steps start jobs with', async () => {
    const tree = (jobs: string) => ({
      'main.tf': `data "aws_caller_identity" "current" {}
resource "aws_iam_role" "steps" {
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "sagemaker.amazonaws.com" }
      Condition = {
        StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.current.account_id }
        ArnLike      = { "aws:SourceArn" = "arn:aws:sagemaker:*:\${data.aws_caller_identity.current.account_id}:${jobs}" }
      }
    }]
  })
}
resource "aws_sagemaker_pipeline" "train" {
  pipeline_name         = "train"
  pipeline_display_name = "train"
  role_arn              = aws_iam_role.steps.arn
  pipeline_definition = jsonencode({
    Version = "2020-12-01"
    Steps = [{
      Name = "Fit"
      Type = "Training"
      Arguments = {
        RoleArn = aws_iam_role.steps.arn
      }
    }]
  })
}
`,
    });
    const unassumable = (result: ScanResult) => result.findings.filter((finding) => finding.ruleId === 'trust-sagemaker-role-unassumable').map((finding) => `${finding.location.startLine} ${/\(([^)]*)\)/.exec(finding.message.split(' uses role ')[1] ?? '')?.[1]}`);
    expect(unassumable(await scanTree(tree('*')))).toEqual([]);
    // Pinned to processing jobs: neither the pipeline (role_arn, line 19) nor its training step (RoleArn, line 26) can use the role.
    expect(unassumable(await scanTree(tree('processing-job/*')))).toEqual(['19 Pipelines', '26 Training step Fit']);
    expect(unassumable(await scanTree(tree('training-job/*')))).toEqual(['19 Pipelines']);
  });
});

describe('a .tf file that starts with a byte order mark', () => {
  it('is located as without it (Terraform accepts the mark; no editor counts a column for it)', async () => {
    const main = ['resource "aws_iam_role" "open" {', '  name = "open"', '  assume_role_policy = jsonencode({', '    Version = "2012-10-17"', '    Statement = [{', '      Effect    = "Allow"', '      Action    = "sts:AssumeRole"', '      Principal = { AWS = "*" }', '    }]', '  })', '}', ''].join('\n');
    const locations = async (text: string) => (await scanTree({ 'main.tf': text })).findings.filter((finding) => finding.ruleId === 'trust-any-principal').map((finding) => [finding.location.startLine, finding.location.startColumn]);
    const plain = await locations(main);
    expect(plain).toEqual([[8, 21]]);
    expect(await locations(`\uFEFF${main}`)).toEqual(plain);
  });
});

describe('a file file() or templatefile() reads that starts with a byte order mark', () => {
  const trust = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":"sagemaker.amazonaws.com"}}]}';
  const marked = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(trust)]);
  const roles = (policy: (file: string) => string) =>
    ROLES.map((name) => `resource "aws_iam_role" "${name}" {\n  name               = "${name}"\n  assume_role_policy = ${policy(name)}\n}\n`).join('\n');
  const POLICIES: Record<string, string> = { file: 'file("trust.json")', template: 'templatefile("trust.tpl", {})', string: 'templatestring(local.read, {})', trimmed: 'trimspace(file("trust.json"))', decoded: 'jsonencode(jsondecode(file("trust.json")))' };
  const ROLES = Object.keys(POLICIES);
  const tfPolicy = (name: string) => POLICIES[name]!;
  const jsonPolicy = (name: string) => JSON.stringify({ resource: { aws_iam_role: { [name]: { name, assume_role_policy: `\${${tfPolicy(name)}}` } } } });
  const found = (result: ScanResult) => result.findings.map((finding) => [finding.ruleId, finding.resource.address, `${finding.location.file}:${finding.location.startLine}:${finding.location.startColumn}`, finding.message.replace(/^.*: the policy is not valid JSON: /, '')]);

  it.each([
    ['.tf', { 'main.tf': `locals {\n  read = file("trust.json")\n}\n\n${roles(tfPolicy)}` }, 'main.tf:17:3', 'main.tf:22:3', 'main.tf:27:35'],
    ['.tf.json', { ...Object.fromEntries(ROLES.map((name) => [`${name}.tf.json`, jsonPolicy(name)])), 'locals.tf.json': JSON.stringify({ locals: { read: '${file("trust.json")}' } }) }, 'string.tf.json:1:56', 'trimmed.tf.json:1:58', 'decoded.tf.json:1:93'],
  ])('keeps it in what file() gives, as Terraform does (which refuses the policy), and renders a template without it (%s)', async (_format, files, stringAt, trimmedAt, decodedAt) => {
    const result = await scanTree({ ...files, 'trust.json': marked, 'trust.tpl': marked });
    expect(found(result).sort()).toEqual([
      // Terraform: "assume_role_policy" contains an invalid JSON policy: not a JSON object (at plan time).
      ['policy-malformed', 'aws_iam_role.file', 'trust.json:1:1', 'a byte order mark (U+FEFF), which JSON does not allow (line 1 of the policy text) (the AWS provider refuses this policy at plan time: it cannot read it as JSON)'],
      // trimspace() keeps it too (Go's unicode.IsSpace does not count it), there at the attribute.
      ['policy-malformed', 'aws_iam_role.trimmed', trimmedAt, 'a byte order mark (U+FEFF), which JSON does not allow (line 1 of the policy text) (the AWS provider refuses this policy at plan time: it cannot read it as JSON)'],
      // HCL's template parser skips the mark, in templatestring() of the text file() gives too (Terraform 1.11 renders
      // "\uFEFFab\n" in 3 characters), there at the attribute.
      ['trust-service-without-source-condition', 'aws_iam_role.string', stringAt, expect.stringContaining('sagemaker.amazonaws.com may assume role aws_iam_role.string')],
      // A template file is read as written, at the columns an editor shows.
      ['trust-service-without-source-condition', 'aws_iam_role.template', 'trust.tpl:1:95', expect.stringContaining('sagemaker.amazonaws.com may assume role aws_iam_role.template')],
    ]);
    // jsondecode() of the text fails in Terraform ("invalid character 'ï' looking for beginning of value"): no finding,
    // an input error at the call.
    expect(result.findings.some((finding) => finding.resource.address === 'aws_iam_role.decoded')).toBe(false);
    expect(result.errors.map(({ file, line, column, message }) => `${file}:${line}:${column} ${message}`)).toEqual([`${decodedAt} jsondecode: trust.json is not valid JSON: a byte order mark (U+FEFF), which JSON does not allow at line 1, column 1 (Terraform refuses it)`]);
  });
});

describe('a Terraform file written in UTF-16', () => {
  /** The text in UTF-16 after its byte order mark, as Windows PowerShell 5.1 writes it (little-endian) or big-endian. */
  const utf16 = (text: string, order: 'le' | 'be' = 'le'): Buffer => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    return order === 'le' ? bytes : bytes.swap16();
  };
  const refusal = (file: string, encoding: string) => ({ file, line: 1, column: 1, message: `written in ${encoding} (it begins with that byte order mark): Terraform reads only UTF-8 and refuses this file (Invalid character encoding); save it as UTF-8` });
  const role = (name: string) => `resource "aws_iam_role" "${name}" {\n  name = "${name}"\n  assume_role_policy = jsonencode({\n    Version   = "2012-10-17"\n    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "sagemaker.amazonaws.com" } }]\n  })\n}\n`;

  it('is an input error at its first line, as Terraform refuses it, and the module is analyzed without it', async () => {
    const result = await scanTree({
      'a/main.tf': utf16(role('refused')),
      'a/other.tf': role('kept'),
      'b/main.tf.json': utf16(JSON.stringify({ resource: { aws_iam_role: { json: { name: 'json' } } } }), 'be'),
      'b/main.tf': role('plain'),
    });
    expect(result.errors).toEqual([refusal('a/main.tf', 'UTF-16LE'), refusal('b/main.tf.json', 'UTF-16BE')]);
    expect(where(result, UNPROTECTED)).toEqual(['a/other.tf:5', 'b/main.tf:5']);
  });

  it('is refused as a variable file too, whose values are then not read', async () => {
    const main = `variable "service" {\n  default = "sagemaker.amazonaws.com"\n}\n\n${role('r').replace('"sagemaker.amazonaws.com"', 'var.service')}`;
    const result = await scanTree({ 'main.tf': main, 'terraform.tfvars': utf16('service = "ec2.amazonaws.com"\n') });
    expect(result.errors).toEqual([refusal('terraform.tfvars', 'UTF-16LE')]);
    expect(result.findings.filter((finding) => finding.ruleId === UNPROTECTED).map((finding) => finding.message.split(' ')[0])).toEqual(['sagemaker.amazonaws.com']);
  });
});

describe('a Terraform file with bytes that are not UTF-8', () => {
  const latin1 = (text: string): Buffer => Buffer.from(text, 'latin1');
  const refusal = (file: string, line: number, column: number) => ({ file, line, column, message: 'holds bytes that are not UTF-8, the first here: Terraform reads only UTF-8 and refuses this file (Invalid character encoding); save it as UTF-8' });
  const role = (name: string, description = '') => `resource "aws_iam_role" "${name}" {\n  name = "${name}"\n  assume_role_policy = jsonencode({\n    Version   = "2012-10-17"\n    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "sagemaker.amazonaws.com" } }]\n  })\n${description}}\n`;

  it('is an input error at the first such byte outside comments, as Terraform refuses it, and the module is analyzed without it', async () => {
    const result = await scanTree({
      // Terraform reads them in comments (line, block, inside an expression) and in JSON (as U+FFFD).
      'a/main.tf': latin1(`# r\xf4le\n/* \xe9 */\n${role('refused', '  description = "r\xf4le d ex\xe9cution"\n').replace('[{', '[{ # \xe9\n')}`),
      'a/other.tf': role('kept'),
      'a/comments.tf': latin1(`# r\xf4le \xff\n${role('commented').replace('[{', '[{ // \xe9\n')}`),
      'a/values.tf.json': latin1(JSON.stringify({ locals: { note: 'r\xf4le' } })),
      'a/terraform.tfvars.json': latin1(JSON.stringify({ unused: 'r\xf4le' })),
      'a/variables.tf': 'variable "unused" {\n  default = ""\n}\n',
    });
    expect(result.errors).toEqual([refusal('a/main.tf', 10, 19)]);
    expect(where(result, UNPROTECTED)).toEqual(['a/comments.tf:7', 'a/other.tf:5']);
  });

  it('is read in the comments of interpolations, in strings and heredocs, as Terraform reads it; not in a string inside one', async () => {
    const env = 'variable "env" {\n  default = "d"\n}\n';
    const heredoc = 'locals {\n  note = <<-EOT\n    ${var.env /* caf\xe9 */} %{ if var.env != "" # \xe9\n    }set%{ endif }\n  EOT\n}\n';
    const result = await scanTree({
      // A `}` and a `"` in a comment neither close the interpolation nor the string.
      'read/main.tf': latin1(`${role('read', '  description = "r-${var.env /* caf\xe9 } " */}-${var.env # \xe9\n  }"\n')}${heredoc}${env}`),
      'refused/main.tf': latin1(`${role('refused', '  description = "${"r\xf4le"}"\n')}${env}`),
      // A byte order mark and CRLF line ends, UTF-8 before: the refusal is at the line and column editors show.
      'marked/main.tf': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('# r\u00f4le \u{1f680}\r\n'), latin1(role('marked', '  description = "x\xe9"\n').replaceAll('\n', '\r\n'))]),
    });
    expect(result.errors).toEqual([refusal('marked/main.tf', 8, 19), refusal('refused/main.tf', 7, 22)]);
    expect(where(result, UNPROTECTED)).toEqual(['read/main.tf:5']);
  });

  it('is refused as a variable file too (not in a comment), whose values are then not read', async () => {
    const main = `variable "service" {\n  default = "sagemaker.amazonaws.com"\n}\n\n${role('r').replace('"sagemaker.amazonaws.com"', 'var.service')}`;
    const result = await scanTree({ 'main.tf': main, 'terraform.tfvars': latin1('# caf\xe9\nservice = "ec2.amazonaws.com" # caf\xe9\nname = "caf\xe9"\n') });
    expect(result.errors).toEqual([refusal('terraform.tfvars', 3, 12)]);
    expect(result.findings.filter((finding) => finding.ruleId === UNPROTECTED).map((finding) => finding.message.split(' ')[0])).toEqual(['sagemaker.amazonaws.com']);
  });
});

describe('an object key written twice in jsonencode', () => {
  it('is located at its last entry, the one Terraform keeps', async () => {
    const main = [
      'resource "aws_iam_role" "r" {', //  1
      '  name = "r"',
      '  assume_role_policy = jsonencode({',
      '    Version = "2012-10-17"',
      '    Statement = [{', //  5
      '      Effect    = "Allow"',
      '      Action    = "sts:AssumeRole"',
      '      Principal = { AWS = "arn:aws:iam::210987654321:root" }',
      '      Condition = {',
      '        StringEquals = { "aws:PrincipalAccount" = "210987654321" }', // 10
      '        StringEquals = { "aws:PrincipalOrgID" = "o-abc*" }',
      '      }',
      '    }]',
      '  })',
      '}',
    ].join('\n');
    const result = await scanTree({ 'main.tf': main });
    expect(result.findings.filter((finding) => finding.ruleId === 'policy-wildcard-in-equals-operator').map((finding) => [finding.location.startLine, finding.location.startColumn])).toEqual([[11, 26]]);
  });
});

describe('statements joined by concat() and merge() in jsonencode', () => {
  /** A role trusting ec2 and, in the second list concat joins, sagemaker; `first` and `last` wrap the lists. */
  const role = (first: string, second: string) =>
    [
      'variable "extra" {', //  1
      '  type    = list(any)',
      '  default = []',
      '}',
      'resource "aws_iam_role" "r" {', //  5
      '  name = "r"',
      '  assume_role_policy = jsonencode({',
      '    Version = "2012-10-17"',
      `    Statement = concat(${first}[{`,
      '      Effect    = "Allow"', // 10
      '      Action    = "sts:AssumeRole"',
      '      Principal = { Service = "ec2.amazonaws.com" }',
      `    }], ${second}[{`,
      '      Effect    = "Allow"',
      '      Action    = "sts:AssumeRole"', // 15
      '      Principal = { Service = "sagemaker.amazonaws.com" }',
      '    }])',
      '  })',
      '}',
    ].join('\n');

  it('are located at the item of the list that holds them, the lists before it written out or evaluated', async () => {
    expect(where(await scanTree({ 'main.tf': role('', '') }), UNPROTECTED)).toEqual(['main.tf:16']);
    // How many items var.extra and a for expression gave is known from evaluating them.
    expect(where(await scanTree({ 'main.tf': role('', 'var.extra, ') }), UNPROTECTED)).toEqual(['main.tf:16']);
    expect(where(await scanTree({ 'main.tf': role('var.extra, ', '') }), UNPROTECTED)).toEqual(['main.tf:16']);
    expect(where(await scanTree({ 'main.tf': role('[for s in ["ec2"] : { Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "${s}.amazonaws.com" } }], ', '') }), UNPROTECTED)).toEqual(['main.tf:16']);
    // A list concat takes from a conditional: in the branch that can hold the item (the other is empty).
    expect(where(await scanTree({ 'main.tf': role('', 'length(var.extra) > 0 ? [] : ') }), UNPROTECTED)).toEqual(['main.tf:16']);
  });

  it('are located where a local or a default writes them when concat or flatten takes them from it, and a set read so at the attribute', async () => {
    const trust = (statements: string) =>
      [
        'locals {', //  1
        '  sagemaker = [{',
        '    Effect    = "Allow"',
        '    Action    = "sts:AssumeRole"',
        '    Principal = { Service = "sagemaker.amazonaws.com" }', //  5
        '  }]',
        '}',
        'variable "more" {',
        '  type = list(any)',
        '  default = [{', // 10
        '    Effect    = "Allow"',
        '    Action    = "sts:AssumeRole"',
        '    Principal = { Service = "personalize.amazonaws.com" }',
        '  }]',
        '}', // 15
        'resource "aws_iam_role" "r" {',
        '  name = "r"',
        `  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = ${statements} })`,
        '}',
      ].join('\n');
    expect(where(await scanTree({ 'main.tf': trust('flatten([local.sagemaker, [var.more]])') }), UNPROTECTED)).toEqual(['main.tf:5', 'main.tf:13']);
    expect(where(await scanTree({ 'main.tf': trust('concat(var.more, local.sagemaker)') }), UNPROTECTED)).toEqual(['main.tf:5', 'main.tf:13']);
    // toset orders its elements: the position read is not where one is written.
    expect(where(await scanTree({ 'main.tf': trust('concat(tolist(toset(local.sagemaker)), [])') }), UNPROTECTED)).toEqual(['main.tf:18']);
  });

  it('are located at the key merge keeps, the last one written, unless an object after it is not written out', async () => {
    const policy = (between: string) =>
      [
        'resource "aws_iam_policy" "p" {', //  1
        '  name = "p"',
        '  policy = jsonencode(merge({',
        '    Version   = "2012-10-17"',
        '    Statement = [{ Effect = "Allow", Action = "iam:PassRole", Resource = "*" }]', //  5
        '    }, {',
        '    Statement = [{',
        '      Effect   = "Allow"',
        '      Action   = "sagemaker:CreateTrainingJob"',
        '      Resource = "*"', // 10
        `    }]}${between}))`,
        '}',
        'variable "more" {',
        '  type    = any',
        '  default = {}',
        '}',
      ].join('\n');
    const guardrail = 'identity-sagemaker-guardrail-missing';
    expect(where(await scanTree({ 'main.tf': policy('') }), guardrail)).toEqual(['main.tf:9']);
    expect(where(await scanTree({ 'main.tf': policy(', { Version = "2012-10-17" }') }), guardrail)).toEqual(['main.tf:9']);
    expect(where(await scanTree({ 'main.tf': policy(', var.more') }), guardrail)).toEqual(['main.tf:3']);
  });

  it('are not located at a key written before a computed key of the same object, which may write it again and win', async () => {
    const policy = (call: (objects: string) => string) =>
      [
        'variable "k" {', //  1
        '  default = "Statement"',
        '}',
        'resource "aws_iam_policy" "p" {',
        '  name = "p"', //  5
        `  policy = jsonencode(${call(
          [
            '{',
            '    Version   = "2012-10-17"',
            '    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }]', //  8
            '    (var.k)   = [{ Effect = "Allow", Action = "s3:NoSuchAction", Resource = "*" }]',
            '  }',
          ].join('\n'),
        )})`,
        '}',
      ].join('\n');
    const unknown = 'policy-unknown-action';
    // The computed key is the Statement the policy holds: the one written before it is not where the finding is.
    expect(where(await scanTree({ 'main.tf': policy((object) => object) }), unknown)).toEqual(['main.tf:6']);
    expect(where(await scanTree({ 'main.tf': policy((object) => `merge({ Version = "2012-10-17" }, ${object})`) }), unknown)).toEqual(['main.tf:6']);
  });
});

describe('principals named by a literal name that several modules declare (one module per account)', () => {
  const account = (notebook: boolean) =>
    [
      'variable "policy" { type = string }',
      'resource "aws_iam_role" "exec" {',
      '  name               = "ml-exec"',
      '  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "sagemaker.amazonaws.com" } }] })',
      '}',
      'resource "aws_iam_role_policy_attachment" "managed" {',
      '  role       = "ml-exec"',
      '  policy_arn = var.policy',
      '}',
      ...(notebook ? ['resource "aws_sagemaker_notebook_instance" "nb" {', '  name          = "nb"', '  instance_type = "ml.t3.medium"', '  role_arn      = aws_iam_role.exec.arn', '}'] : []),
    ].join('\n');
  const tree = (adminIn: 'analytics' | 'research') => ({
    'main.tf': [
      `module "analytics" {\n  source = "./analytics"\n  policy = "arn:aws:iam::aws:policy/${adminIn === 'analytics' ? 'AdministratorAccess' : 'ReadOnlyAccess'}"\n}`,
      `module "research" {\n  source = "./research"\n  policy = "arn:aws:iam::aws:policy/${adminIn === 'research' ? 'AdministratorAccess' : 'ReadOnlyAccess'}"\n}`,
    ].join('\n'),
    'analytics/main.tf': account(false),
    'research/main.tf': account(true),
  });
  const admins = async (adminIn: 'analytics' | 'research') => (await scanTree(tree(adminIn))).findings.filter((finding) => finding.ruleId === 'sagemaker-execution-role-admin').map((finding) => finding.resource.address);

  it('are the one in the module of the resource that names them', async () => {
    expect(await admins('research')).toEqual(['module.research.aws_iam_role.exec']);
    expect(await admins('analytics')).toEqual([]);
  });

  it('are the one below the module of the resource that names them (a module it calls), when no other is', async () => {
    const nested = {
      'main.tf': 'module "research" {\n  source = "./account"\n  policy = "arn:aws:iam::aws:policy/AdministratorAccess"\n}\nmodule "analytics" {\n  source = "./account"\n  policy = "arn:aws:iam::aws:policy/ReadOnlyAccess"\n}\n',
      'account/main.tf': 'variable "policy" { type = string }\nmodule "role" {\n  source = "../role"\n}\nresource "aws_iam_role_policy_attachment" "managed" {\n  role       = "ml-exec"\n  policy_arn = var.policy\n}\n',
      'role/main.tf': account(true),
    };
    const findings = (await scanTree(nested)).findings.filter((finding) => finding.ruleId === 'sagemaker-execution-role-admin').map((finding) => finding.resource.address);
    expect(findings).toEqual(['module.research.module.role.aws_iam_role.exec']);
  });

  it('are none above the module of the resource that names them: a module called per account names its own account\'s role', async () => {
    const tree = {
      'main.tf': `${account(true)}\nmodule "dev" {\n  source = "./dev"\n}\nmodule "sandbox" {\n  source = "./sandbox"\n}\n`,
      'dev/main.tf': account(false),
      'sandbox/main.tf': 'resource "aws_iam_role_policy_attachment" "admin" {\n  role       = "ml-exec"\n  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"\n}\n',
    };
    const findings = (await scanTree(tree)).findings.filter((finding) => finding.ruleId === 'sagemaker-execution-role-admin');
    expect(findings).toEqual([]);
  });
});

describe('a heredoc policy with $${ escapes', () => {
  it('is located column by column as written, each escape one longer than what it reads as', async () => {
    const main = [
      'resource "aws_iam_role" "open" {',
      '  name               = "open"',
      '  assume_role_policy = <<EOF',
      '{"Version": "2012-10-17", "Statement": [{"Sid": "$${aws:username}$${aws:userid}", "Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"AWS": "*"}}]}',
      'EOF',
      '}',
    ].join('\n');
    const [finding] = (await scanTree({ 'main.tf': main })).findings.filter((candidate) => candidate.ruleId === 'trust-any-principal');
    const line = main.split('\n')[finding!.location.startLine - 1]!;
    expect(line.slice(finding!.location.startColumn - 1, finding!.location.endColumn - 1)).toBe('"AWS": "*"');
  });
});

describe('a variable default in the JSON syntax', () => {
  // Terraform reads a .tf.json default without evaluating it: `${...}` and `$${` there are the text they write.
  const policy = '{"Version":"2012-10-17","Statement":[{"Sid":"$${a}${aws:userid}","Effect":"Allow","Action":"sts:AssumeRole","Principal":{"AWS":"*"}}]}';
  const main = JSON.stringify({ variable: { trust: { type: 'string', default: policy } }, resource: { aws_iam_role: { open: { name: 'open', assume_role_policy: '${var.trust}' } } } }, null, 2);

  it('is the text it writes, not a template', async () => {
    const parsed = await parseTree({ 'main.tf.json': main });
    expect(resource(parsed, 'aws_iam_role.open').properties).toMatchObject({ assume_role_policy: policy });
  });

  it('is located column by column as written, its $${ as long as what it reads as', async () => {
    const [finding] = (await scanTree({ 'main.tf.json': main })).findings.filter((candidate) => candidate.ruleId === 'trust-any-principal');
    const line = main.split('\n')[finding!.location.startLine - 1]!;
    expect(line.slice(finding!.location.startColumn - 1, finding!.location.endColumn - 1)).toBe('\\"AWS\\":\\"*\\"');
  });
});

describe('a value a module input, a variable default or a local gives whole', () => {
  const module = [
    'variable "kms_key_arn" {', //  1
    '  type    = string',
    '  default = "arn:aws:kms:us-east-1:123456789012:key/default"',
    '}',
    'variable "direct_internet_access" {', //  5
    '  type    = string',
    '  default = "Disabled"',
    '}',
    'locals {',
    '  key = var.kms_key_arn', // 10
    '}',
    'data "aws_iam_policy_document" "use_key" {',
    '  statement {',
    '    actions   = ["kms:Decrypt"]',
    '    resources = [local.key]', // 15
    '  }',
    '  statement {',
    '    actions   = ["kms:Encrypt"]',
    '    resources = ["${var.kms_key_arn}-alias"]',
    '  }', // 20
    '}',
    'resource "aws_iam_policy" "use_key" {',
    '  name   = "use-key"',
    '  policy = data.aws_iam_policy_document.use_key.json',
    '}', // 25
    'resource "aws_sagemaker_notebook_instance" "nb" {',
    '  name                   = "nb"',
    '  role_arn               = "arn:aws:iam::493827160514:role/nb"',
    '  instance_type          = "ml.t3.medium"',
    '  direct_internet_access = var.direct_internet_access', // 30
    '}',
  ].join('\n');
  const root = [
    'module "passed" {', //  1
    '  source                 = "./key"',
    '  kms_key_arn            = "arn:aws:kms:us-east-1:111122223333:key/passed"',
    '  direct_internet_access = "Enabled"',
    '}', //  5
    'module "defaulted" {',
    '  source = "./key"',
    '}',
  ].join('\n');
  const related = (result: ScanResult, ruleId: string) =>
    result.findings
      .filter((finding) => finding.ruleId === ruleId)
      .map((finding) => [finding.resource.address, `${finding.location.file}:${finding.location.startLine}`, ...finding.related.filter((entry) => entry.message === 'where the value read here is written').map((entry) => `${entry.location.file}:${entry.location.startLine}`)]);

  it('is related where it is written: the calling block, the default, through a local, and into a string built around it', async () => {
    const result = await scanTree({ 'main.tf': root, 'key/main.tf': module });
    expect(related(result, 'policy-documentation-placeholder')).toEqual([
      ['module.defaulted.aws_iam_policy.use_key', 'key/main.tf:15', 'key/main.tf:3'],
      ['module.passed.aws_iam_policy.use_key', 'key/main.tf:15', 'main.tf:3'],
      // "${var.kms_key_arn}-alias": the placeholder is in the value the string interpolates, written where that is.
      ['module.defaulted.aws_iam_policy.use_key', 'key/main.tf:19', 'key/main.tf:3'],
      ['module.passed.aws_iam_policy.use_key', 'key/main.tf:19', 'main.tf:3'],
    ]);
    expect(related(result, 'sagemaker-notebook-direct-internet')).toEqual([['module.passed.aws_sagemaker_notebook_instance.nb', 'key/main.tf:30', 'main.tf:4']]);
  });

  it('is related to the default where a non-nullable variable is passed null, and to the for_each entry where the argument reads each.value', async () => {
    const nonNullable = module.replace('variable "kms_key_arn" {\n  type    = string', 'variable "kms_key_arn" {\n  nullable = false\n  type    = string');
    const passedNull = 'module "passed" {\n  source      = "./key"\n  kms_key_arn = null\n}\n';
    const nulled = await scanTree({ 'main.tf': passedNull, 'key/main.tf': nonNullable });
    expect(related(nulled, 'policy-documentation-placeholder')[0]).toEqual(['module.passed.aws_iam_policy.use_key', 'key/main.tf:16', 'key/main.tf:4']);
    const perKey = 'module "per_key" {\n  for_each    = { a = "arn:aws:kms:us-east-1:111122223333:key/a" }\n  source      = "./key"\n  kms_key_arn = each.value\n}\n';
    const each = await scanTree({ 'main.tf': perKey, 'key/main.tf': module });
    expect(related(each, 'policy-documentation-placeholder')[0]).toEqual(['module.per_key["a"].aws_iam_policy.use_key', 'key/main.tf:15', 'main.tf:2']);
    // Under a set, each.value is the instance's key, which no entry writes.
    const perName = perKey.replace('{ a = "arn:aws:kms:us-east-1:111122223333:key/a" }', 'toset(["arn:aws:kms:us-east-1:111122223333:key/a"])');
    const set = await scanTree({ 'main.tf': perName, 'key/main.tf': module });
    expect(related(set, 'policy-documentation-placeholder')[0]).toEqual(['module.per_key["arn:aws:kms:us-east-1:111122223333:key/a"].aws_iam_policy.use_key', 'key/main.tf:15']);
  });

  it("is related to the element a read indexed by the instance's count.index or each.key picks, and to the entry of a resource's own for_each each.value reads", async () => {
    const notebook = (name: string, meta: string, access: string) =>
      `resource "aws_sagemaker_notebook_instance" "${name}" {\n  ${meta}\n  name                   = "${name}"\n  role_arn               = "arn:aws:iam::493827160514:role/nb"\n  instance_type          = "ml.t3.medium"\n  direct_internet_access = ${access}\n}\n`;
    const inner = [
      'variable "access" { type = list(string) }\nvariable "by_name" { type = map(string) }\n', // 1-2
      notebook('counted', 'count = length(var.access)', 'var.access[count.index]'), // 3-9
      notebook('keyed', 'for_each = var.by_name', 'var.by_name[each.key]'), // 10-16
      notebook('each_value', 'for_each = var.by_name', 'each.value'), // 17-23
    ].join('');
    const caller = 'module "m" {\n  source  = "./m"\n  access  = ["Disabled", "Enabled"]\n  by_name = { a = "Disabled", b = "Enabled" }\n}\n';
    const result = await scanTree({ 'main.tf': caller, 'm/main.tf': inner });
    const related = result.findings
      .filter((finding) => finding.ruleId === 'sagemaker-notebook-direct-internet')
      .map((finding) => [finding.resource.address, finding.location.startLine, ...finding.related.filter((entry) => entry.message === 'where the value read here is written').map(({ location }) => `${location.file.endsWith('m/main.tf') ? 'm/main.tf' : 'main.tf'}:${location.startLine}:${location.startColumn}`)]);
    expect(related.sort()).toEqual([
      ['module.m.aws_sagemaker_notebook_instance.counted[1]', 8, 'main.tf:3:26'],
      ['module.m.aws_sagemaker_notebook_instance.each_value["b"]', 22, 'main.tf:4:31'],
      ['module.m.aws_sagemaker_notebook_instance.keyed["b"]', 15, 'main.tf:4:31'],
    ]);
  });

  it('is related to the for_each entry each.value reads a part of, the object a caller passes, and an optional() default of the type', async () => {
    // A real plan (Terraform 1.11.4) of the fixture: each.value.trusted, an object input left empty, the variable's
    // default writing the attribute null, and the attribute written by the caller.
    const directory = join(import.meta.dirname, '..', '..', 'fixtures', 'trust-service-without-source-condition', 'tf-plan-value-written-per-instance');
    const tree = { 'main.tf': readFileSync(join(directory, 'main.tf'), 'utf8'), 'role/main.tf': readFileSync(join(directory, 'role', 'main.tf'), 'utf8') };
    const located = (result: ScanResult) =>
      result.findings
        .filter((finding) => finding.ruleId === 'trust-service-without-source-condition')
        .map((finding) => [
          finding.resource.address,
          `${finding.location.file}:${finding.location.startLine}`,
          ...finding.related.filter((entry) => entry.message === 'where the value read here is written').map(({ location }) => `${location.file}:${location.startLine}:${location.startColumn}-${location.endColumn}`),
        ].map((entry) => entry.replace(/^.*tf-plan-value-written-per-instance\//, '')));
    const expected = [
      ['module.left_out.aws_iam_role.trusted', 'role/main.tf:18', 'role/main.tf:3:3-35'],
      // The entry of the call's for_each map that each.value.trusted reads: `trusted = "sagemaker.amazonaws.com"`.
      ['module.per_key["a"].aws_iam_role.trusted', 'role/main.tf:18', 'main.tf:7:7-42'],
      ['module.written.aws_iam_role.trusted', 'role/main.tf:18', 'role/main.tf:3:3-35'],
      // `principal = optional(string, "sagemaker.amazonaws.com")`: the caller's {} and the default's null leave it to the type.
      ['module.left_out.aws_iam_role.cfg', 'role/main.tf:29', 'role/main.tf:7:5-60'],
      ['module.per_key["a"].aws_iam_role.cfg', 'role/main.tf:29', 'role/main.tf:7:5-60'],
      // The attribute of the object the caller writes: `principal = "states.amazonaws.com"`.
      ['module.written.aws_iam_role.cfg', 'role/main.tf:29', 'main.tf:19:14-48'],
    ];
    const folder = await scanTree(tree);
    const plan = await scan([join(directory, 'plan.json')]);
    expect(plan.errors).toEqual([]);
    expect(located(folder)).toEqual(expected);
    expect(located(plan)).toEqual(expected);
    // Read whole (Principal = var.principal) and located at the caller's {}: the attribute the type fills in is still named.
    const whole = await scanTree({
      'main.tf': 'module "role" {\n  source    = "./role"\n  principal = {}\n}\n',
      'role/main.tf': tree['role/main.tf'].replace('variable "trusted" {', 'variable "principal" {\n  type = object({ Service = optional(string, "sagemaker.amazonaws.com") })\n}\nvariable "trusted" {').replace('Principal = { Service = var.trusted }', 'Principal = var.principal'),
    });
    expect(located(whole).filter(([address]) => address!.endsWith('.trusted'))).toEqual([['module.role.aws_iam_role.trusted', 'main.tf:3', 'role/main.tf:2:19-72']]);
  });

  it('is related the same beside a plan made from the folder as in a scan of the folder', async () => {
    // A real plan (Terraform 1.11.4) of the fixture: calls passing the value, defaulting it, passing null to a non-nullable
    // variable, and passing each.value.
    const directory = join(import.meta.dirname, '..', '..', 'fixtures', 'policy-documentation-placeholder', 'tf-plan-value-written-elsewhere');
    const tree = { 'main.tf': readFileSync(join(directory, 'main.tf'), 'utf8'), 'key/main.tf': readFileSync(join(directory, 'key', 'main.tf'), 'utf8') };
    const relative = (result: ScanResult, ruleId: string) => related(result, ruleId).map((entries) => entries.map((entry) => entry.replace(/^.*tf-plan-value-written-elsewhere\//, '')));
    const folder = await scanTree(tree);
    const plan = await scan([join(directory, 'plan.json')]);
    expect(plan.errors).toEqual([]);
    const inPolicies = (line: number, withRelated: boolean) => [
      ['module.defaulted', 'key/main.tf:3'],
      ['module.nulled', 'main.tf:14'],
      ['module.passed', 'main.tf:5'],
      ['module.per_key["a"]', 'main.tf:27'],
      ['module.via_local', 'main.tf:23'],
    ].map(([module, written]) => [`${module}.aws_iam_policy.${line === 35 ? 'encoded' : 'use_key'}`, `key/main.tf:${line}`, ...(withRelated && written ? [written] : [])]);
    // In a data source's statement (16, and 20 where a string interpolates it) and in jsonencode({...}) (35).
    const policies = [...inPolicies(16, true), ...inPolicies(20, true), ...inPolicies(35, true)];
    const notebook = (viaLocal: string[]) => [
      ['module.nulled.aws_sagemaker_notebook_instance.nb', 'key/main.tf:31', 'key/main.tf:7'],
      ['module.passed.aws_sagemaker_notebook_instance.nb', 'key/main.tf:31', 'main.tf:6'],
      ['module.via_local.aws_sagemaker_notebook_instance.nb', 'key/main.tf:31', ...viaLocal],
      // The module passes the input through a local, and the call leaves it out: the finding is at the call, where the fix sets it.
      ['module.defaulted.aws_sagemaker_notebook_instance.nb', 'main.tf:8'],
    ];
    expect(relative(folder, 'policy-documentation-placeholder')).toEqual(policies);
    expect(relative(plan, 'policy-documentation-placeholder')).toEqual(policies);
    // A null a local passes to a non-nullable variable means its default: the plan holds no module input to tell it is null.
    expect(relative(folder, 'sagemaker-notebook-direct-internet')).toEqual(notebook(['key/main.tf:7']));
    expect(relative(plan, 'sagemaker-notebook-direct-internet')).toEqual(notebook([]));
  });

  it("relates a partner's account an ARN interpolates to where it is written, beside a plan as in the folder", async () => {
    // A real plan (Terraform 1.11.4) of the fixture: the module's default, the local a call passes; silent where the
    // account is written out, in the principal or in the text around a read.
    const directory = join(import.meta.dirname, '..', '..', 'fixtures', 'trust-cross-account-without-external-id', 'tf-plan-partner-account-written-elsewhere');
    const tree = { 'main.tf': readFileSync(join(directory, 'main.tf'), 'utf8'), 'role/main.tf': readFileSync(join(directory, 'role', 'main.tf'), 'utf8') };
    const relative = (result: ScanResult) => related(result, 'trust-cross-account-without-external-id').map((entries) => entries.map((entry) => entry.replace(/^.*tf-plan-partner-account-written-elsewhere\//, '')));
    const plan = await scan([join(directory, 'plan.json')]);
    expect(plan.errors).toEqual([]);
    const expected = [
      ['aws_iam_role.written', 'main.tf:23'],
      ['aws_iam_role.around_written', 'main.tf:31'],
      ['module.defaulted.aws_iam_role.partner', 'role/main.tf:14', 'role/main.tf:7'],
      ['module.passed.aws_iam_role.partner', 'role/main.tf:14', 'main.tf:2'],
    ];
    expect(relative(await scanTree(tree))).toEqual(expected);
    expect(relative(plan)).toEqual(expected);
  });

  it('is related where the one value the condition of a conditional choosing between literals reads is written, beside a plan as in the folder', async () => {
    // A real plan (Terraform 1.11.4) of the fixture: `var.internet ? "Enabled" : "Disabled"`, `var.mode == "open" ? ...`
    // and a local a conditional of var.mode writes, in a module called with its defaults and with arguments; not where
    // two values decide (`var.internet && var.other`), and silent where the call closes them.
    const directory = join(import.meta.dirname, '..', '..', 'fixtures', 'sagemaker-notebook-direct-internet', 'tf-plan-conditional');
    const tree = { 'main.tf': readFileSync(join(directory, 'main.tf'), 'utf8'), 'notebooks/main.tf': readFileSync(join(directory, 'notebooks', 'main.tf'), 'utf8') };
    const relative = (result: ScanResult) => related(result, 'sagemaker-notebook-direct-internet').map((entries) => entries.map((entry) => entry.replace(/^.*tf-plan-conditional\//, '')));
    const plan = await scan([join(directory, 'plan.json')]);
    expect(plan.errors).toEqual([]);
    const expected = [
      ['module.defaulted.aws_sagemaker_notebook_instance.by_bool', 'notebooks/main.tf:21', 'notebooks/main.tf:3'],
      ['module.passed.aws_sagemaker_notebook_instance.by_bool', 'notebooks/main.tf:21', 'main.tf:8'],
      ['module.defaulted.aws_sagemaker_notebook_instance.by_comparison', 'notebooks/main.tf:27', 'notebooks/main.tf:7'],
      ['module.passed.aws_sagemaker_notebook_instance.by_comparison', 'notebooks/main.tf:27', 'main.tf:9'],
      ['module.defaulted.aws_sagemaker_notebook_instance.by_local', 'notebooks/main.tf:33', 'notebooks/main.tf:7'],
      ['module.passed.aws_sagemaker_notebook_instance.by_local', 'notebooks/main.tf:33', 'main.tf:9'],
      ['module.defaulted.aws_sagemaker_notebook_instance.two_values', 'notebooks/main.tf:40'],
      ['module.passed.aws_sagemaker_notebook_instance.two_values', 'notebooks/main.tf:40'],
    ];
    expect(relative(await scanTree(tree))).toEqual(expected);
    expect(relative(plan)).toEqual(expected);
  });

  it('is related where the one value a condition reads is written: negated, compared twice, in .tf.json; not where a branch reads a value, the condition calls a function, or nothing writes its value', async () => {
    const notebook = (name: string, access: string) =>
      `resource "aws_sagemaker_notebook_instance" "${name}" {\n  name                   = "${name}"\n  role_arn               = "arn:aws:iam::493827160514:role/nb"\n  instance_type          = "ml.t3.medium"\n  direct_internet_access = ${access}\n}\n`;
    const tf = [
      'variable "closed" {\n  default = false\n}\n', // 1-3
      'variable "mode" {\n  default = "lab"\n}\n', // 4-6
      'variable "access" {\n  default = "Enabled"\n}\n', // 7-9
      'resource "aws_iam_role" "r" {\n  name               = "r"\n  assume_role_policy = "{}"\n}\n', // 10-13
      notebook('negated', '!var.closed ? "Enabled" : "Disabled"'), // 14-19
      notebook('compared_twice', 'var.mode == "open" || var.mode == "lab" ? "Enabled" : "Disabled"'), // 20-25
      // Which branch the value is needs evaluating where one reads a value; a function may read more than its arguments.
      notebook('branch_read', '!var.closed ? var.access : "Disabled"'), // 26-31
      notebook('function', 'contains(["open", "lab"], var.mode) ? "Enabled" : "Disabled"'), // 32-37
      // A resource's attribute is not a value written in one place that a user sets.
      notebook('resource_read', 'aws_iam_role.r.name == "r" ? "Enabled" : "Disabled"'), // 38-43
    ].join('');
    const lines = (result: ScanResult) =>
      result.findings
        .filter((finding) => finding.ruleId === 'sagemaker-notebook-direct-internet')
        .map((finding) => [finding.resource.address.replace('aws_sagemaker_notebook_instance.', ''), finding.location.startLine, ...finding.related.filter((entry) => entry.message === 'where the value read here is written').map(({ location }) => location.startLine)]);
    expect(lines(await scanTree({ 'main.tf': tf }))).toEqual([
      ['negated', 18, 2],
      ['compared_twice', 24, 5],
      ['branch_read', 30],
      ['function', 36],
      ['resource_read', 42],
    ]);
    // The JSON syntax writes the conditional in a template.
    const json = JSON.stringify(
      {
        variable: { closed: { default: false } },
        resource: { aws_sagemaker_notebook_instance: { negated: { name: 'negated', role_arn: 'arn:aws:iam::493827160514:role/nb', instance_type: 'ml.t3.medium', direct_internet_access: '${!var.closed ? "Enabled" : "Disabled"}' } } },
      },
      null,
      2,
    );
    const line = (needle: string) => json.split('\n').findIndex((candidate) => candidate.includes(needle)) + 1;
    expect(lines(await scanTree({ 'main.tf.json': json }))).toEqual([['negated', line('"direct_internet_access"'), line('"default"')]]);
  });

  it('is related where the one read a string interpolates writes the part the finding is about, and nowhere else', async () => {
    const tf = [
      'variable "org" {', //  1
      '  default = "<ORGANIZATION_ID>"',
      '}',
      'variable "repo" {',
      '  default = "<ORGANIZATION_ID>"', //  5
      '}',
      'locals {',
      '  account = "123456789012"',
      '  subject = "repo:${var.org}/*"',
      '}', // 10
      'resource "aws_iam_role" "ci" {',
      '  name = "ci"',
      '  assume_role_policy = jsonencode({',
      '    Version = "2012-10-17"',
      '    Statement = [{', // 15
      '      Effect    = "Allow"',
      '      Principal = { Federated = "arn:aws:iam::${local.account}:oidc-provider/token.actions.githubusercontent.com" }',
      '      Action    = "sts:AssumeRoleWithWebIdentity"',
      '      Condition = {',
      '        StringLike = {', // 20
      '          "token.actions.githubusercontent.com:sub" = "repo:${var.org}/*"',
      '          "token.actions.githubusercontent.com:aud" = var.org',
      '          "aws:PrincipalTag/local" = local.subject',
      '          "aws:PrincipalTag/literal" = "repo:<ORG>/${var.repo}"',
      '          "aws:PrincipalTag/twice" = "${var.org}-${var.org}"', // 25
      '          "aws:PrincipalTag/both" = "${var.org}-${var.repo}"',
      '        }',
      '      }',
      '    }]',
      '  })', // 30
      '}',
    ].join('\n');
    const located = (await scanTree({ 'main.tf': tf })).findings
      .filter((finding) => finding.ruleId === 'policy-documentation-placeholder')
      .map((finding) => [finding.location.startLine, ...finding.related.filter((entry) => entry.message === 'where the value read here is written').map(({ location }) => `${location.startLine}:${location.startColumn}`)]);
    expect(located).toEqual([
      // The example account the ARN interpolates, written in the local.
      [17, '8:3'],
      // A condition's one value, written as a string, interpolating the variable (and read whole, as before).
      [21, '2:3'],
      [22, '2:3'],
      // A local read whole that interpolates it: where the local reads it from.
      [23, '2:3'],
      // The placeholder found (<ORG>) is in the string's own text: the variable it interpolates is not what the finding is about.
      [24],
      // Read twice from one variable: written there.
      [25, '2:3'],
      // Two variables whose values hold it: not one place.
      [26],
    ]);
  });

  it('is related where the value read here is written in a .tf.json file as in its .tf twin: a variable default through a local, a call argument, an iterator element; not where two reads write it', async () => {
    const tf = [
      'variable "org" {', // 1
      '  default = "<ORGANIZATION_ID>"',
      '}',
      'variable "repo" {',
      '  default = "<REPO>"', // 5
      '}',
      'locals {',
      '  subject = "repo:${var.org}/*"',
      '  account = format("%s", "123456789012")',
      '  trust   = [{ sub = "repo:<ORG>/*" }]', // 10
      '}',
      'resource "aws_iam_role" "ci" {',
      '  name = "ci"',
      '  assume_role_policy = jsonencode({',
      '    Version = "2012-10-17"', // 15
      '    Statement = [{',
      '      Effect    = "Allow"',
      '      Principal = { Federated = "arn:aws:iam::${local.account}:oidc-provider/token.actions.githubusercontent.com" }',
      '      Action    = "sts:AssumeRoleWithWebIdentity"',
      '      Condition = { StringLike = {', // 20
      '        "token.actions.githubusercontent.com:sub" = local.subject',
      '        "token.actions.githubusercontent.com:aud" = "${var.org}-${var.repo}"',
      '      } }',
      '    }]',
      '  })', // 25
      '}',
      'data "aws_iam_policy_document" "dyn" {',
      '  statement {',
      '    actions = ["sts:AssumeRoleWithWebIdentity"]',
      '    principals {', // 30
      '      type        = "Federated"',
      '      identifiers = ["arn:aws:iam::493827160514:oidc-provider/token.actions.githubusercontent.com"]',
      '    }',
      '    dynamic "condition" {',
      '      for_each = local.trust', // 35
      '      content {',
      '        test     = "StringLike"',
      '        variable = "token.actions.githubusercontent.com:sub"',
      '        values   = [condition.value.sub]',
      '      }', // 40
      '    }',
      '  }',
      '}',
      'resource "aws_iam_role" "dyn" {',
      '  name               = "dyn"', // 45
      '  assume_role_policy = data.aws_iam_policy_document.dyn.json',
      '}',
    ].join('\n');
    const json = [
      '{',
      '  "variable": {',
      '    "org": { "default": "<ORGANIZATION_ID>" },',
      '    "repo": { "default": "<REPO>" }',
      '  },', // 5
      '  "locals": {',
      '    "subject": "repo:${var.org}/*",',
      '    "account": "${format(\\"%s\\", \\"123456789012\\")}",',
      '    "trust": [{ "sub": "repo:<ORG>/*" }]',
      '  },', // 10
      '  "resource": {',
      '    "aws_iam_role": {',
      '      "ci": {',
      '        "name": "ci",',
      '        "assume_role_policy": "${jsonencode({Version = \\"2012-10-17\\", Statement = [{Effect = \\"Allow\\", Principal = { Federated = \\"arn:aws:iam::${local.account}:oidc-provider/token.actions.githubusercontent.com\\" }, Action = \\"sts:AssumeRoleWithWebIdentity\\", Condition = { StringLike = { \\"token.actions.githubusercontent.com:sub\\" = local.subject, \\"token.actions.githubusercontent.com:aud\\" = \\"${var.org}-${var.repo}\\" } } }]})}"', // 15
      '      },',
      '      "dyn": {',
      '        "name": "dyn",',
      '        "assume_role_policy": "${data.aws_iam_policy_document.dyn.json}"',
      '      }', // 20
      '    }',
      '  },',
      '  "data": {',
      '    "aws_iam_policy_document": {',
      '      "dyn": {', // 25
      '        "statement": {',
      '          "actions": ["sts:AssumeRoleWithWebIdentity"],',
      '          "principals": { "type": "Federated", "identifiers": ["arn:aws:iam::493827160514:oidc-provider/token.actions.githubusercontent.com"] },',
      '          "dynamic": {',
      '            "condition": {', // 30
      '              "for_each": "${local.trust}",',
      '              "content": {',
      '                "test": "StringLike",',
      '                "variable": "token.actions.githubusercontent.com:sub",',
      '                "values": ["${condition.value.sub}"]', // 35
      '              }',
      '            }',
      '          }',
      '        }',
      '      }', // 40
      '    }',
      '  }',
      '}',
    ].join('\n');
    const located = async (tree: Record<string, string>) =>
      (await scanTree(tree)).findings
        .filter((finding) => finding.ruleId === 'policy-documentation-placeholder')
        .map((finding) => [finding.resource.address, finding.location.startLine, ...finding.related.filter((entry) => entry.message === 'where the value read here is written').map(({ location }) => `${location.startLine}:${location.startColumn}`)].join(' '))
        .sort();
    // The account the ARN interpolates, written as format()'s argument; the variable's default through the local, and
    // of the string two variables build, the one whose value holds the part found; the local's element the iterator reads.
    expect(await located({ 'main.tf': tf })).toEqual(['aws_iam_role.ci 18 9:26', 'aws_iam_role.ci 21 2:3', 'aws_iam_role.ci 22 2:3', 'aws_iam_role.dyn 39 10:16']);
    // The same places in the JSON syntax: the variable's default (the sub and the string two variables build: its part is
    // the org's), the call's argument inside the local's template (column by column past the escaped quotes), and the
    // local's element the iterator reads; all on the policy's one line.
    expect(await located({ 'main.tf.json': json })).toEqual(['aws_iam_role.ci 15 3:14', 'aws_iam_role.ci 15 3:14', 'aws_iam_role.ci 15 8:34', 'aws_iam_role.dyn 35 9:17']);
  });

  it('is related where a number a string interpolates is written (an account id written unquoted)', async () => {
    const tf = [
      'module "m" {', // 1
      '  source  = "./m"',
      '  account = 123456789012',
      '}',
    ].join('\n');
    const module = [
      'variable "account" {', // 1
      '  type = string',
      '}',
      'resource "aws_iam_role" "r" {',
      '  name = "r"', // 5
      '  assume_role_policy = jsonencode({',
      '    Version   = "2012-10-17"',
      '    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::${var.account}:root" }, Action = "sts:AssumeRole" }]',
      '  })',
      '}', // 10
    ].join('\n');
    const located = (await scanTree({ 'main.tf': tf, 'm/main.tf': module })).findings
      .filter((finding) => finding.ruleId === 'policy-documentation-placeholder')
      .map((finding) => [finding.location.startLine, ...finding.related.filter((entry) => entry.message === 'where the value read here is written').map(({ location }) => `${location.file.endsWith('m/main.tf') ? 'm/main.tf' : 'main.tf'}:${location.startLine}:${location.startColumn}`)]);
    expect(located).toEqual([[8, 'main.tf:3:3']]);
  });

  it('is related where lookup() takes it from: the entry the map writes, else the default; not past a computed key', async () => {
    const tf = [
      'variable "accounts" {', // 1
      '  type    = map(string)',
      '  default = { prod = "111122223333" }',
      '}',
      'locals {', // 5
      '  fallback = "123456789012"',
      '  by_team  = { (var.team) = "210987654321" }',
      '}',
      'variable "team" { default = "research" }',
      'resource "aws_iam_role" "r" {', // 10
      '  name = "r"',
      '  assume_role_policy = jsonencode({',
      '    Version   = "2012-10-17"',
      '    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = [',
      '      "arn:aws:iam::${lookup(var.accounts, "prod", local.fallback)}:root",', // 15
      '      "arn:aws:iam::${lookup(var.accounts, "dev", local.fallback)}:user/a",',
      '      "arn:aws:iam::${lookup(local.by_team, "ml", local.fallback)}:user/b",',
      '    ] } }]',
      '  })',
      '}', // 20
    ].join('\n');
    const located = (await scanTree({ 'main.tf': tf })).findings
      .filter((finding) => finding.ruleId === 'policy-documentation-placeholder')
      .map((finding) => [finding.location.startLine, ...finding.related.filter((entry) => entry.message === 'where the value read here is written').map(({ location }) => `${location.startLine}:${location.startColumn}`)]);
    // 15: the map writes prod (111122223333, a placeholder too); 16: it is written without dev, the local gives it;
    // 17: the computed key may be ml.
    expect(located).toEqual([[15, '3:15'], [16, '6:3'], [17]]);
  });

  it("is related where lookup() takes it from each.value of a for_each that keys a list's elements by an attribute", async () => {
    const notebooks = (elements: string) =>
      [
        'variable "notebooks" {', // 1
        '  type    = any',
        `  default = [${elements}]`,
        '}',
        'locals {', // 5
        '  defaults = { direct_internet_access = "Enabled" }',
        '}',
        'resource "aws_sagemaker_notebook_instance" "nb" {',
        '  for_each               = { for nb in var.notebooks : nb.name => nb }',
        '  name                   = each.key', // 10
        '  role_arn               = "arn:aws:iam::493827160514:role/notebook"',
        '  instance_type          = "ml.t3.medium"',
        '  direct_internet_access = lookup(each.value, "direct_internet_access", local.defaults["direct_internet_access"])',
        '}',
      ].join('\n');
    const located = async (elements: string) =>
      (await scanTree({ 'main.tf': notebooks(elements) })).findings
        .filter((finding) => finding.ruleId === 'sagemaker-notebook-direct-internet')
        .map((finding) => [finding.resource.address, finding.location.startLine, ...finding.related.filter((entry) => entry.message === 'where the value read here is written').map(({ location }) => `${location.startLine}:${location.startColumn}`)]);
    // lab leaves the attribute out: the default gives it; open writes it in its element.
    expect(await located('{ name = "lab" }, { name = "open", direct_internet_access = "Enabled" }, { name = "closed", direct_internet_access = "Disabled" }')).toEqual([
      ['aws_sagemaker_notebook_instance.nb["lab"]', 13, '6:16'],
      ['aws_sagemaker_notebook_instance.nb["open"]', 13, '3:49'],
    ]);
    // An element whose name is not written as a literal may be lab: no element is the one, nor is the default.
    expect(await located('{ name = "lab" }, { name = lower("LAB2") }')).toEqual([
      ['aws_sagemaker_notebook_instance.nb["lab"]', 13],
      ['aws_sagemaker_notebook_instance.nb["lab2"]', 13],
    ]);
  });

  it("is related where the element a dynamic block's iterator reads is written, through a for keyed by its key", async () => {
    const tf = [
      'variable "partners" {',
      '  default = { acme = { account = "123456789012" }, other = { account = "111122223333" } }',
      '}',
      'locals {',
      '  accounts = { for name, partner in var.partners : name => "arn:aws:iam::${partner.account}:root" }',
      '  renamed  = { for name, partner in var.partners : upper(name) => partner.account }',
      '}',
      'data "aws_iam_policy_document" "trust" {',
      '  dynamic "statement" {',
      '    for_each = local.accounts',
      '    iterator = s',
      '    content {',
      '      sid     = s.key',
      '      actions = ["sts:AssumeRole"]',
      '      principals {',
      '        type        = "AWS"',
      '        identifiers = [s.value]',
      '      }',
      '    }',
      '  }',
      '  dynamic "statement" {',
      '    for_each = local.renamed',
      '    content {',
      '      actions = ["sts:AssumeRole"]',
      '      principals {',
      '        type        = "AWS"',
      '        identifiers = ["arn:aws:iam::${statement.value}:user/x"]',
      '      }',
      '    }',
      '  }',
      '}',
      'resource "aws_iam_role" "r" {',
      '  name               = "r"',
      '  assume_role_policy = data.aws_iam_policy_document.trust.json',
      '}',
    ].join('\n');
    const located = (await scanTree({ 'main.tf': tf })).findings
      .filter((finding) => finding.ruleId === 'policy-documentation-placeholder')
      .map((finding) => [finding.location.startLine, ...finding.related.filter((entry) => entry.message === 'where the value read here is written').map(({ location }) => `${location.startLine}:${location.startColumn}`)]);
    // s.value (iterator = s) is the for's element of the partner's key: its account, in the variable's default. Not
    // related: statement.value of a for whose key is computed (upper(name)), which names no partner as written.
    expect(located).toEqual([[17, '2:24'], [17, '2:62'], [27], [27]]);
  });

  it('is related to the assignment of the variable file that sets a root variable, not to its default', async () => {
    const alone = await scanTree({ 'main.tf': module.replace('"Disabled"', '"Enabled"') });
    expect(related(alone, 'sagemaker-notebook-direct-internet')).toEqual([['aws_sagemaker_notebook_instance.nb', 'main.tf:30', 'main.tf:7']]);
    const set = await scanTree({ 'main.tf': module, 'terraform.tfvars': 'direct_internet_access = "Enabled"\n' });
    expect(related(set, 'sagemaker-notebook-direct-internet')).toEqual([['aws_sagemaker_notebook_instance.nb', 'main.tf:30', 'terraform.tfvars:1']]);
  });
});

describe('a root variable whose value a variable file or the command line gives', () => {
  // A real plan (Terraform 1.11.4) of the fixture, made with its three variable files and -var from_command_line=333344445555.
  const directory = join(import.meta.dirname, '..', '..', 'fixtures', 'trust-cross-account-without-external-id', 'tf-plan-variable-files');
  const read = (name: string) => readFileSync(join(directory, name), 'utf8');
  const files = { 'main.tf': read('main.tf'), 'terraform.tfvars': read('terraform.tfvars'), 'b.auto.tfvars': read('b.auto.tfvars'), 'terraform.tfvars.json': read('terraform.tfvars.json') };
  const rules = ['trust-cross-account-without-external-id', 'sagemaker-notebook-direct-internet'];
  /** Each finding's resource, and where the value it reads is written: file (as in the folder), start and end. */
  const written = (result: ScanResult) =>
    result.findings
      .filter((finding) => rules.includes(finding.ruleId))
      .map((finding) => [
        finding.resource.address,
        ...finding.related
          .filter((entry) => entry.message === 'where the value read here is written')
          .map(({ location }) => `${location.file.replace(/^.*tf-plan-variable-files\//, '')}:${location.startLine}:${location.startColumn}-${location.endLine}:${location.endColumn}`),
      ]);

  it('is related to the assignment of the variable file Terraform takes the value from, by its precedence, and to none for a --var', async () => {
    const result = await scanTree(files, { variables: { from_command_line: '333344445555' } });
    expect(result.errors).toEqual([]);
    // b.auto.tfvars is read after terraform.tfvars and terraform.tfvars.json; the conditional follows the .tfvars.json;
    // terraform.tfvars sets null_means_default to null, which `nullable = false` makes the default.
    expect(written(result)).toEqual([
      ['aws_iam_role.from_file', 'b.auto.tfvars:3:1-3:27'],
      ['aws_iam_role.from_default', 'main.tf:8:3-8:27'],
      ['aws_iam_role.from_command_line'],
      ['aws_sagemaker_notebook_instance.by_file', 'terraform.tfvars.json:3:3-3:19'],
      ['aws_iam_role.null_means_default', 'main.tf:24:3-24:28'],
    ]);
    // terraform.tfvars.json is read after terraform.tfvars; terraform.tfvars alone is the place.
    const withoutAuto = { 'main.tf': files['main.tf'], 'terraform.tfvars': files['terraform.tfvars'], 'terraform.tfvars.json': files['terraform.tfvars.json'] };
    expect(written(await scanTree(withoutAuto))[0]).toEqual(['aws_iam_role.from_file', 'terraform.tfvars.json:2:3-2:30']);
    expect(written(await scanTree({ 'main.tf': files['main.tf'], 'terraform.tfvars': files['terraform.tfvars'] }))).toEqual([
      ['aws_iam_role.from_file', 'terraform.tfvars:2:1-2:27'],
      ['aws_iam_role.from_default', 'main.tf:8:3-8:27'],
      ['aws_iam_role.from_command_line', 'main.tf:13:3-13:27'],
      ['aws_iam_role.null_means_default', 'main.tf:24:3-24:28'],
    ]);
  });

  it('is related to the last --var-file that sets it, in HCL or JSON (a string there is the text it is), and to none once a --var sets it; the fingerprint stays', async () => {
    const tree = { ...files, 'extra.tfvars': 'internet = true\nfrom_default = "888899990000"\nfrom_file    = "999900001111"\n', 'extra.tfvars.json': '{\n  "from_file": "arn-free ${aws:username} 222233334444"\n}\n' };
    const hcl = await scanTree(tree, { variableFiles: ['extra.tfvars'] });
    expect(hcl.errors).toEqual([]);
    expect(written(hcl)).toEqual([
      ['aws_iam_role.from_file', 'extra.tfvars:3:1-3:30'],
      ['aws_iam_role.from_default', 'extra.tfvars:2:1-2:30'],
      ['aws_iam_role.from_command_line', 'main.tf:13:3-13:27'],
      ['aws_sagemaker_notebook_instance.by_file', 'extra.tfvars:1:1-1:16'],
      ['aws_iam_role.null_means_default', 'main.tf:24:3-24:28'],
    ]);
    // The .tfvars.json file given last sets from_file to a text no account is read from: no finding on it.
    const both = await scanTree(tree, { variableFiles: ['extra.tfvars', 'extra.tfvars.json'] });
    expect(written(both).map(([address]) => address)).not.toContain('aws_iam_role.from_file');
    // A JSON variable file that gives the account: its member is the place.
    const json = await scanTree({ ...tree, 'extra.tfvars.json': '{\n  "internet": true,\n  "from_file": "999900001111"\n}\n' }, { variableFiles: ['extra.tfvars', 'extra.tfvars.json'] });
    expect(written(json)[0]).toEqual(['aws_iam_role.from_file', 'extra.tfvars.json:3:3-3:30']);
    const commandLine = await scanTree(tree, { variableFiles: ['extra.tfvars'], variables: { from_file: '999900001111' } });
    expect(written(commandLine)[0]).toEqual(['aws_iam_role.from_file']);
    const fingerprint = (result: ScanResult) => result.findings.find((finding) => finding.resource.address === 'aws_iam_role.from_file' && rules.includes(finding.ruleId))?.fingerprint;
    expect(fingerprint(commandLine)).toBeDefined();
    expect(fingerprint(commandLine)).toBe(fingerprint(hcl));
  });

  it('is related to the variable file from a configuration in the JSON syntax', async () => {
    const json = JSON.stringify({
      variable: { partner: { type: 'string', default: '444455556666' } },
      resource: { aws_iam_role: { r: { name: 'r', assume_role_policy: '${jsonencode({Version = "2012-10-17", Statement = [{Effect = "Allow", Action = "sts:AssumeRole", Principal = {AWS = "arn:aws:iam::${var.partner}:root"}}]})}' } } },
    });
    expect(written(await scanTree({ 'main.tf.json': json }))).toEqual([['aws_iam_role.r', 'main.tf.json:1:41-1:65']]);
    expect(written(await scanTree({ 'main.tf.json': json, 'x.auto.tfvars.json': '{"partner": "222233334444"}' }))).toEqual([['aws_iam_role.r', 'x.auto.tfvars.json:1:2-1:27']]);
  });

  it('is related through a module call that passes it on', async () => {
    const role = files['main.tf'].slice(files['main.tf'].indexOf('resource "aws_iam_role" "from_file"'), files['main.tf'].indexOf('resource "aws_iam_role" "from_default"'));
    const result = await scanTree({ 'main.tf': 'module "m" {\n  source    = "./m"\n  from_file = var.partner\n}\nvariable "partner" {}\n', 'm/main.tf': `variable "from_file" {}\n${role}`, 'terraform.tfvars': 'partner = "222233334444"\n' });
    expect(written(result)).toEqual([['module.m.aws_iam_role.from_file', 'terraform.tfvars:1:1-1:25']]);
  });

  it('beside its folder, a plan is related where the folder writes the value it holds, else to its own variables entry; a plan alone to none', async () => {
    const plan = await scan([join(directory, 'plan.json')]);
    expect(plan.errors).toEqual([]);
    // -var from_command_line: no file of the folder writes the value the plan holds; the plan's entry does. The plan
    // holds null for null_means_default, as given: the default is its value.
    expect(written(plan)).toEqual([
      ['aws_iam_role.from_file', 'b.auto.tfvars:3:1-3:27'],
      ['aws_iam_role.from_default', 'main.tf:8:3-8:27'],
      ['aws_iam_role.from_command_line', 'plan.json:1:88-1:110'],
      ['aws_sagemaker_notebook_instance.by_file', 'terraform.tfvars.json:3:3-3:19'],
      ['aws_iam_role.null_means_default', 'main.tf:24:3-24:28'],
    ]);
    expect(read('plan.json').split('\n')[0]!.slice(87, 109)).toBe('"value":"333344445555"');
    // Variable files changed since the plan was made: where they write another value, the plan's entry is the place.
    const changed = await scanTree({ 'main.tf': files['main.tf'], 'plan.json': read('plan.json'), 'terraform.tfvars': 'from_file = "999900001111"\n' });
    expect(changed.errors).toEqual([]);
    expect(written(changed).slice(0, 1)).toEqual([['aws_iam_role.from_file', 'plan.json:1:165-1:187']]);
    expect(read('plan.json').split('\n')[0]!.slice(164, 186)).toBe('"value":"222233334444"');
    // A plan alone lists the references of an attribute, not where in its value each lands: nothing tells that the
    // account is the variable's rather than a literal written beside the read.
    const alone = await scanTree({ 'plan.json': read('plan.json') });
    expect(alone.errors).toEqual([]);
    expect(written(alone).sort()).toEqual([['aws_iam_role.from_command_line'], ['aws_iam_role.from_default'], ['aws_iam_role.from_file'], ['aws_iam_role.null_means_default'], ['aws_sagemaker_notebook_instance.by_file']]);
  });

  it('beside its folder, a variable file that cannot be read leaves the others', async () => {
    const temporary = mkdtempSync(join(tmpdir(), 'deputy-variable-files-'));
    const folder = join(temporary, 'tf-plan-variable-files');
    try {
      cpSync(directory, folder, { recursive: true });
      // Read before b.auto.tfvars, and a link to nothing.
      symlinkSync('nowhere.tfvars', join(folder, 'a.auto.tfvars'));
      const plan = await scan([join(folder, 'plan.json')]);
      expect(plan.errors).toEqual([]);
      expect(written(plan)[0]).toEqual(['aws_iam_role.from_file', 'b.auto.tfvars:3:1-3:27']);
    } finally {
      rmSync(temporary, { recursive: true, force: true });
    }
  });
});

describe('a policy text a root variable is given whole by a variable file', () => {
  const fixture = (name: string) => join(import.meta.dirname, '..', '..', 'fixtures', 'trust-service-without-source-condition', name);
  const directory = fixture('tf-plan-variable-file-text');
  const read = (name: string) => readFileSync(join(directory, name), 'utf8');
  const files = { 'main.tf': read('main.tf'), 'terraform.tfvars': read('terraform.tfvars') };
  /** Each finding of the rule: its resource, where it points (file as in the folder) and the text there. */
  const located = (result: ScanResult, tree: Record<string, string> = files) =>
    result.findings
      .filter((finding) => finding.ruleId === 'trust-service-without-source-condition')
      .map(({ resource: { address }, location: { file, startLine, startColumn, endLine, endColumn } }) => {
        const name = file.replace(/^.*tf-plan-variable-file-text\//, '');
        const line = tree[name]?.split('\n')[startLine - 1];
        return `${address} ${name}:${startLine}:${startColumn}-${endLine}:${endColumn} ${startLine === endLine ? line?.slice(startColumn - 1, endColumn - 1) : ''}`;
      })
      .sort();

  it("is located in the file that sets it, at the statement's principal inside its heredoc or quoted string, as beside the plan of the folder", async () => {
    const folder = await scanTree(files);
    expect(folder.errors).toEqual([]);
    expect(located(folder)).toEqual([
      'aws_iam_role.heredoc terraform.tfvars:8:22-8:58 "Service": "sagemaker.amazonaws.com"',
      'aws_iam_role.quoted terraform.tfvars:15:97-15:136 \\"Service\\":\\"sagemaker.amazonaws.com\\"',
    ]);
    const plan = await scan([directory]);
    expect(plan.errors).toEqual([]);
    expect(plan.notices.map(({ message }) => message)).toEqual([expect.stringMatching(/^analyzed through its plan .*tf-plan-variable-file-text\/plan\.json; its \.tf files are not analyzed again$/)]);
    expect(located(plan)).toEqual(located(folder));
    expect(plan.findings.map(({ fix }) => fix)).toEqual(folder.findings.map(({ fix }) => fix));
  });

  it("is located in the last variable file that sets it, by Terraform's precedence: an automatic one, then each --var-file in order", async () => {
    const open = files['terraform.tfvars'].slice(files['terraform.tfvars'].indexOf('quoted_trust'));
    const pinned = 'quoted_trust = "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":{\\"Service\\":\\"sagemaker.amazonaws.com\\"},\\"Action\\":\\"sts:AssumeRole\\",\\"Condition\\":{\\"StringEquals\\":{\\"aws:SourceAccount\\":\\"210987654321\\"}}}]}"\n';
    const tree = { ...files, 'b.auto.tfvars': `# set again\n\n${open}`, 'ci.tfvars': `\n\n\n${open}`, 'pinned.tfvars': pinned };
    const quoted = (result: ScanResult) => located(result, tree).filter((entry) => entry.startsWith('aws_iam_role.quoted'));
    expect(quoted(await scanTree(tree))).toEqual(['aws_iam_role.quoted b.auto.tfvars:3:97-3:136 \\"Service\\":\\"sagemaker.amazonaws.com\\"']);
    expect(quoted(await scanTree(tree, { variableFiles: ['ci.tfvars'] }))).toEqual(['aws_iam_role.quoted ci.tfvars:4:97-4:136 \\"Service\\":\\"sagemaker.amazonaws.com\\"']);
    // The last file given pins the account: no finding, though earlier files set an open text.
    expect(quoted(await scanTree(tree, { variableFiles: ['ci.tfvars', 'pinned.tfvars'] }))).toEqual([]);
  });

  it('stays at the attribute that reads it for a value given with --var, which no file writes; a sensitive variable is located in the file as beside a plan (reports mask its lines)', async () => {
    const trust = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"sagemaker.amazonaws.com"},"Action":"sts:AssumeRole"}]}';
    const commandLine = await scanTree(files, { variables: { quoted_trust: trust } });
    expect(commandLine.errors).toEqual([]);
    expect(located(commandLine)).toEqual([
      'aws_iam_role.heredoc terraform.tfvars:8:22-8:58 "Service": "sagemaker.amazonaws.com"',
      'aws_iam_role.quoted main.tf:13:3-13:40 assume_role_policy = var.quoted_trust',
    ]);
    const sensitiveTree = { ...files, 'main.tf': files['main.tf'].replace('variable "heredoc_trust" {\n  type = string\n', 'variable "heredoc_trust" {\n  type      = string\n  sensitive = true\n') };
    const sensitive = await scanTree(sensitiveTree);
    expect(sensitive.errors).toEqual([]);
    expect(located(sensitive, sensitiveTree)).toEqual([
      'aws_iam_role.heredoc terraform.tfvars:8:22-8:58 "Service": "sagemaker.amazonaws.com"',
      'aws_iam_role.quoted terraform.tfvars:15:97-15:136 \\"Service\\":\\"sagemaker.amazonaws.com\\"',
    ]);
  });

  it('is located in the variable file through a module call that passes the variable on whole', async () => {
    const role = 'variable "trust" {\n  type = string\n}\nresource "aws_iam_role" "r" {\n  name               = "r"\n  assume_role_policy = var.trust\n}\n';
    const tree = { 'main.tf': 'variable "quoted_trust" {\n  type = string\n}\nmodule "m" {\n  source = "./m"\n  trust  = var.quoted_trust\n}\n', 'm/main.tf': role, 'terraform.tfvars': files['terraform.tfvars'] };
    const result = await scanTree(tree);
    expect(result.errors).toEqual([]);
    expect(located(result, tree)).toEqual(['module.m.aws_iam_role.r terraform.tfvars:15:97-15:136 \\"Service\\":\\"sagemaker.amazonaws.com\\"']);
  });
});

describe('jsondecode() of a text that is not JSON', () => {
  const broken = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    { "Effect": "Allow",, }\n  ]\n}\n';
  const unsafe = (name: string) => `resource "aws_iam_role" "${name}" {\n  name = "${name}"\n  assume_role_policy = jsonencode({\n    Version   = "2012-10-17"\n    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "sagemaker.amazonaws.com" } }]\n  })\n}\n`;
  const literal = (where: string) => `jsondecode: the text given is not valid JSON: ${where} (Terraform refuses it)`;
  const fromFile = `jsondecode: pol/broken.json is not valid JSON: Expected double-quoted property name at line 4, column 25 (Terraform refuses it)`;

  it('is an input error at the call, naming the file file() read and the line in it, and the rest is analyzed (.tf)', async () => {
    const result = await scanTree({
      'main.tf': `locals {
  doc = jsondecode(<<EOT
{ "Version": "2012-10-17",
EOT
  )
  skipped = try(jsondecode("{bad"), {})
  tested  = can(jsondecode("{bad")) ? "yes" : "no"
  entries = [jsondecode("[]"), jsondecode("{x")]
}

resource "aws_iam_role" "local" {
  name               = "local"
  assume_role_policy = jsonencode(local.doc)
}

resource "aws_iam_policy" "literal" {
  name   = "literal"
  policy = jsondecode("{nope")
}

resource "aws_iam_role_policy" "read" {
  role   = aws_iam_role.local.id
  policy = jsonencode(
    jsondecode(file("\${path.module}/pol/broken.json"))
  )
}

resource "aws_iam_policy" "silent" {
  name   = "silent"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*", Sid = "\${local.tested}\${length(local.skipped)}\${length(local.entries)}" }] })
}

module "child" {
  source = "./child"
  doc    = jsondecode("nope")
}
`,
      'child/main.tf': 'variable "doc" {}\n\nresource "aws_iam_policy" "doc" {\n  name   = "doc"\n  policy = jsonencode(var.doc)\n}\n',
      'pol/broken.json': broken,
      'other/main.tf': unsafe('kept'),
    }, { paths: ['.', 'other'] });
    expect(result.errors.map(({ file, line, column, message }) => ({ file, line, column, message })).sort((a, b) => a.line! - b.line!)).toEqual([
      { file: 'main.tf', line: 2, column: 9, message: literal("Expected double-quoted property name at line 2, column 1 of the text") },
      { file: 'main.tf', line: 8, column: 32, message: literal("Expected property name or '}' at line 1, column 2 of the text") },
      { file: 'main.tf', line: 18, column: 12, message: literal("Expected property name or '}' at line 1, column 2 of the text") },
      { file: 'main.tf', line: 24, column: 5, message: fromFile },
      { file: 'main.tf', line: 35, column: 12, message: literal("Unexpected token 'o' at line 1, column 2 of the text") },
    ]);
    // The other configuration is analyzed; try() and can() take their errors.
    expect(where(result, UNPROTECTED)).toEqual(['other/main.tf:5']);
  });

  it('is an input error at each call of one expression, in the objects and lists written out, not at one taken by try() (.tf)', async () => {
    const result = await scanTree({
      'main.tf': `resource "aws_iam_role" "r" {
  name               = "r"
  assume_role_policy = "{}"
  tags = {
    b = jsondecode("{x")
    a = [jsondecode("[]"), jsondecode("[1,")]
    c = { d = "\${jsondecode("[")}", e = try(jsondecode("{"), "ok") }
    (local.k) = jsondecode("{z")
  }
}

locals {
  k = "k"
}
`,
    });
    expect(result.errors.map(({ file, line, column, message }) => ({ file, line, column, message })).sort((a, b) => a.line! - b.line!)).toEqual([
      { file: 'main.tf', line: 5, column: 9, message: literal("Expected property name or '}' at line 1, column 2 of the text") },
      { file: 'main.tf', line: 6, column: 28, message: literal('Unexpected end of JSON input at line 1, column 4 of the text') },
      { file: 'main.tf', line: 7, column: 18, message: literal('Unexpected end of JSON input at line 1, column 2 of the text') },
      { file: 'main.tf', line: 8, column: 17, message: literal("Expected property name or '}' at line 1, column 2 of the text") },
    ]);
  });

  it('is an input error at each call of one expression in the JSON syntax (.tf.json)', async () => {
    const result = await scanTree({
      'main.tf.json': JSON.stringify(
        { resource: { aws_iam_role: { r: { name: 'r', assume_role_policy: '{}', tags: { b: '${jsondecode("{x")}', a: ['${jsondecode("[]")}', '${jsondecode("[1,")}'], c: { e: '${try(jsondecode("{"), "ok")}' } } } } } },
        null,
        2,
      ),
    });
    expect(result.errors.map(({ file, line, column, message }) => ({ file, line, column, message })).sort((a, b) => a.line! - b.line!)).toEqual([
      { file: 'main.tf.json', line: 8, column: 19, message: literal("Expected property name or '}' at line 1, column 2 of the text") },
      { file: 'main.tf.json', line: 11, column: 16, message: literal('Unexpected end of JSON input at line 1, column 4 of the text') },
    ]);
  });

  it('is an input error at a call nothing reads that Terraform evaluates: a local, an output, a module argument, a validation condition, a block with no instance, in a called module too; and in an aws_iam_role data source (.tf)', async () => {
    const result = await scanTree(
      {
        'main.tf': `locals {
  unread = jsondecode("{x")
  fine   = jsondecode("{}")
  taken  = try(jsondecode("{y"), {})
  branch = true ? {} : jsondecode("{z")
}

variable "doc" {
  default = "{}"
  validation {
    condition     = length(jsondecode("{v")) > 0 && var.doc != ""
    error_message = "bad"
  }
}

variable "tested" {
  default = "{nope"
  validation {
    condition     = can(jsondecode(var.tested))
    error_message = "not JSON"
  }
}

output "o" {
  value = jsondecode("[1,")
}

module "child" {
  source = "./child"
  unused = jsondecode("nope")
}

data "aws_iam_role" "read" {
  name = jsondecode("{r")
}

resource "aws_iam_role" "off" {
  count              = 0
  name               = "off"
  assume_role_policy = jsondecode("{o")
}

data "aws_iam_policy_document" "none" {
  for_each = {}
  statement {
    actions = [jsondecode("{n"), jsondecode(each.value)]
  }
}
`,
        'child/main.tf': `variable "unused" {}

locals {
  inner = jsondecode("{c")
}

output "inner" {
  value = [jsondecode("[]"), jsondecode("{d")]
}
`,
        'other/main.tf': unsafe('kept'),
      },
      { paths: ['.', 'other'] },
    );
    const expected = "Expected property name or '}' at line 1, column 2 of the text";
    expect(result.errors.map(({ file, line, column, message }) => ({ file, line, column, message })).sort((a, b) => a.file.localeCompare(b.file) || a.line! - b.line!)).toEqual([
      { file: 'child/main.tf', line: 4, column: 11, message: literal(expected) },
      { file: 'child/main.tf', line: 8, column: 30, message: literal(expected) },
      { file: 'main.tf', line: 2, column: 12, message: literal(expected) },
      { file: 'main.tf', line: 11, column: 28, message: literal(expected) },
      { file: 'main.tf', line: 25, column: 11, message: literal('Unexpected end of JSON input at line 1, column 4 of the text') },
      { file: 'main.tf', line: 30, column: 12, message: literal("Unexpected token 'o' at line 1, column 2 of the text") },
      // A data source the graph reads (data "aws_iam_role") after the resources: its error was once dropped.
      { file: 'main.tf', line: 34, column: 10, message: literal(expected) },
      // Blocks with no instance, which Terraform validates with count.index and each not known.
      { file: 'main.tf', line: 40, column: 24, message: literal(expected) },
      { file: 'main.tf', line: 46, column: 16, message: literal(expected) },
    ]);
    expect(where(result, UNPROTECTED)).toEqual(['other/main.tf:5']);
  });

  it('is an input error at a call nothing reads that Terraform evaluates, in the JSON syntax (.tf.json)', async () => {
    const result = await scanTree({
      'main.tf.json': JSON.stringify(
        {
          locals: { unread: '${jsondecode("{x")}', taken: '${try(jsondecode("{y"), {})}' },
          variable: { doc: { default: '{}', validation: { condition: '${length(jsondecode("{v")) > 0 && var.doc != ""}', error_message: 'bad' } } },
          output: { o: { value: '${jsondecode("[1,")}' } },
          module: { child: { source: './child', unused: '${jsondecode("nope")}' } },
          resource: { aws_iam_role: { off: { count: 0, name: 'off', assume_role_policy: '${jsondecode("{o")}' } } },
        },
        null,
        2,
      ),
      'child/main.tf.json': JSON.stringify({ variable: { unused: {} }, locals: { inner: '${jsondecode("{c")}' } }),
    });
    const expected = "Expected property name or '}' at line 1, column 2 of the text";
    expect(result.errors.map(({ file, line, column, message }) => ({ file, line, column, message })).sort((a, b) => a.file.localeCompare(b.file) || a.line! - b.line!)).toEqual([
      { file: 'child/main.tf.json', line: 1, column: 48, message: literal(expected) },
      { file: 'main.tf.json', line: 3, column: 18, message: literal(expected) },
      { file: 'main.tf.json', line: 10, column: 32, message: literal(expected) },
      { file: 'main.tf.json', line: 17, column: 19, message: literal('Unexpected end of JSON input at line 1, column 4 of the text') },
      { file: 'main.tf.json', line: 23, column: 20, message: literal("Unexpected token 'o' at line 1, column 2 of the text") },
      { file: 'main.tf.json', line: 31, column: 34, message: literal(expected) },
    ]);
  });

  // Each case checked with terraform plan 1.11: it refuses the call where an error is expected, and plans the rest.
  const inTemplate = (file: string, line: number, column: number) => `templatefile: ${file}: line ${line}, column ${column} of the template: ${literal("Expected property name or '}' at line 1, column 2 of the text")}`;
  const placed = (result: ScanResult) => result.errors.map(({ file, line, column, message }) => ({ file, line, column, message }));

  it('is an input error at the templatefile() call whose file makes a call Terraform refuses, in a local nothing reads too, naming the file and where in it (.tf)', async () => {
    const result = await scanTree({
      'main.tf': `locals {
  unread = templatefile("p.tpl", {})
  fine   = templatefile("ok.tpl", { v = "x" })
  taken  = try(templatefile("p.tpl", {}), "")
  passed = templatefile("v.tpl", { v = "{y" })
}

resource "aws_iam_user" "u" {
  name = "u"
  tags = { a = jsondecode("{}"), b = templatefile("p.tpl", {}) }
}
`,
      'p.tpl': '${jsondecode("{x")}\n',
      'ok.tpl': 'ok ${v}\n',
      'v.tpl': 'line\n  ${jsondecode(v)}\n',
    });
    expect(placed(result)).toEqual([
      { file: 'main.tf', line: 2, column: 12, message: inTemplate('p.tpl', 1, 3) },
      { file: 'main.tf', line: 5, column: 12, message: inTemplate('v.tpl', 2, 5) },
      // At the templatefile() call, not at the other jsondecode() of the attribute.
      { file: 'main.tf', line: 10, column: 38, message: inTemplate('p.tpl', 1, 3) },
    ]);
  });

  it('is an input error at the templatefile() call whose file makes a call Terraform refuses, in the JSON syntax (.tf.json)', async () => {
    const result = await scanTree({
      'main.tf.json': JSON.stringify({ locals: { unread: '${templatefile("p.tpl", {})}', taken: '${try(templatefile("p.tpl", {}), "")}' } }, null, 2),
      'p.tpl': '${jsondecode("{x")}\n',
    });
    expect(placed(result)).toEqual([{ file: 'main.tf.json', line: 3, column: 18, message: inTemplate('p.tpl', 1, 3) }]);
  });

  it('is an input error at a call in a condition block: a validation, precondition or postcondition message, a lifecycle condition, an output precondition, of a resource with no instance too (.tf)', async () => {
    const result = await scanTree({ 'main.tf': `variable "v" {
  default = "a"
  validation {
    condition     = var.v == "a"
    error_message = "bad \${jsondecode("{m")}"
  }
}

variable "s" {
  default = "{s"
}

resource "aws_iam_user" "u" {
  name = "u"
  lifecycle {
    precondition {
      condition     = var.v == "a" && jsondecode("{p") == null
      error_message = try(jsondecode("{t"), "bad")
    }
    postcondition {
      condition     = self.name == "u"
      error_message = var.v == "a" ? "bad" : jsondecode("{b")
    }
    postcondition {
      condition     = self.name == "u"
      error_message = "bad \${jsondecode("{q")}"
    }
  }
}

resource "aws_iam_user" "none" {
  count = 0
  name  = "none"
  lifecycle {
    precondition {
      condition     = var.v == "a"
      error_message = "bad \${jsondecode("{n")} \${jsondecode(var.s)}"
    }
  }
}

output "o" {
  value = 1
  precondition {
    condition     = var.v == "a"
    error_message = "bad \${jsondecode("{o")}"
  }
}
`, 'other/main.tf': unsafe('kept') }, { paths: ['.', 'other'] });
    const expected = "Expected property name or '}' at line 1, column 2 of the text";
    // Not a call try() takes, nor a conditional's branch not taken, nor one on a variable in a block with no instance,
    // which Terraform validates with the variables not known.
    expect(placed(result)).toEqual([
      { file: 'main.tf', line: 5, column: 28, message: literal(expected) },
      { file: 'main.tf', line: 17, column: 39, message: literal(expected) },
      { file: 'main.tf', line: 26, column: 30, message: literal(expected) },
      { file: 'main.tf', line: 37, column: 30, message: literal(expected) },
      { file: 'main.tf', line: 46, column: 28, message: literal(expected) },
    ]);
    expect(where(result, UNPROTECTED)).toEqual(['other/main.tf:5']);
  });

  it('is an input error at a call in a condition block, in the JSON syntax (.tf.json)', async () => {
    const result = await scanTree({
      'main.tf.json': JSON.stringify(
        {
          variable: { v: { default: 'a', validation: { condition: '${var.v == "a"}', error_message: 'bad ${jsondecode("{m")}' } } },
          resource: {
            aws_iam_user: {
              u: { name: 'u', lifecycle: { precondition: { condition: '${var.v == "a"}', error_message: '${try(jsondecode("{t"), "bad")}' }, postcondition: [{ condition: '${self.name == "u"}', error_message: 'bad ${jsondecode("{q")}' }] } },
              none: { count: 0, name: 'none', lifecycle: { precondition: { condition: '${var.v == "a" && jsondecode("{n") == null}', error_message: 'bad' } } },
            },
          },
          output: { o: { value: 1, precondition: { condition: '${var.v == "a"}', error_message: 'bad ${jsondecode("{o")}' } } },
        },
        null,
        2,
      ),
    });
    const expected = "Expected property name or '}' at line 1, column 2 of the text";
    expect(placed(result)).toEqual([
      { file: 'main.tf.json', line: 7, column: 33, message: literal(expected) },
      { file: 'main.tf.json', line: 23, column: 39, message: literal(expected) },
      { file: 'main.tf.json', line: 33, column: 47, message: literal(expected) },
      { file: 'main.tf.json', line: 45, column: 33, message: literal(expected) },
    ]);
  });

  it('is an input error at a call Terraform validates in a module block with no instance (count = 0, for_each = {}) and in the modules it calls, with the variables not known (.tf)', async () => {
    const result = await scanTree({
      'main.tf': `variable "s" {
  default = "{s"
}

module "none" {
  source = "./child"
  count  = 0
  passed = "{p"
  read   = jsondecode("{a")
}

module "empty" {
  source   = "./child"
  for_each = {}
  passed   = each.value
  read     = jsondecode(each.value)
}

resource "aws_iam_user" "off" {
  count = 0
  name  = "off"
  tags  = { a = jsondecode(var.s) }
}
`,
      'child/main.tf': `variable "passed" {}
variable "read" {
  default = null
}
variable "dflt" {
  default = "{d"
}

locals {
  inner   = jsondecode("{c")
  fromvar = jsondecode(var.passed)
  fromdef = jsondecode(var.dflt)
  tpl     = templatefile("\${path.module}/p.tpl", {})
}

output "o" {
  value = jsondecode("{o")
}

resource "aws_iam_user" "u" {
  count = 2
  name  = "u"
  tags  = { a = jsondecode("{r") }
}

module "grand" {
  source = "../grand"
}
`,
      'child/p.tpl': '${jsondecode("{x")}\n',
      'grand/main.tf': 'locals {\n  g = jsondecode("{g")\n}\n',
      'other/main.tf': unsafe('kept'),
    }, { paths: ['.', 'other'] });
    const expected = "Expected property name or '}' at line 1, column 2 of the text";
    // Not a call on a variable (passed, or its default) nor on each.value, nor one on a variable in a resource with no instance.
    expect(placed(result)).toEqual([
      { file: 'child/main.tf', line: 10, column: 13, message: literal(expected) },
      { file: 'child/main.tf', line: 13, column: 13, message: inTemplate('child/p.tpl', 1, 3) },
      { file: 'child/main.tf', line: 17, column: 11, message: literal(expected) },
      { file: 'child/main.tf', line: 23, column: 17, message: literal(expected) },
      { file: 'grand/main.tf', line: 2, column: 7, message: literal(expected) },
      { file: 'main.tf', line: 9, column: 12, message: literal(expected) },
    ]);
    expect(where(result, UNPROTECTED)).toEqual(['other/main.tf:5']);
  });

  it('is an input error at a call Terraform validates in a module block with no instance, in the JSON syntax (.tf.json)', async () => {
    const result = await scanTree({
      'main.tf.json': JSON.stringify({ module: { none: { source: './child', count: 0, passed: '{p', read: '${jsondecode("{a")}' }, empty: { source: './child', for_each: {}, passed: '${each.value}', read: '${jsondecode(each.value)}' } } }, null, 2),
      'child/main.tf.json': JSON.stringify({ variable: { passed: {}, read: { default: null } }, locals: { inner: '${jsondecode("{c")}', fromvar: '${jsondecode(var.passed)}' } }, null, 2),
    });
    const expected = "Expected property name or '}' at line 1, column 2 of the text";
    expect(placed(result)).toEqual([
      { file: 'child/main.tf.json', line: 9, column: 17, message: literal(expected) },
      { file: 'main.tf.json', line: 7, column: 18, message: literal(expected) },
    ]);
  });

  it('is an input error at a call in a data source nothing reads, of any type and provider, but not at one try() takes nor in a branch not taken, a bool branch too (.tf)', async () => {
    const result = await scanTree({
      'main.tf': `variable "n" {
  type    = number
  default = 1
}

provider "aws" {
  alias  = "west"
  region = "us-west-2"
}

data "aws_iam_policy_document" "d" {
  statement {
    actions   = [jsondecode("{d")]
    resources = ["*"]
  }
}

data "aws_region" "west" {
  provider = aws.west
  name     = jsondecode("{w")
}

data "aws_iam_policy_document" "silent" {
  statement {
    actions   = [try(jsondecode("{t"), "s3:GetObject")]
    resources = [var.n == 1 ? "*" : jsondecode("{b")]
  }
}

locals {
  flag = var.n == 1 ? true : jsondecode("{f")
}
`,
      'other/main.tf': unsafe('kept'),
    }, { paths: ['.', 'other'] });
    const expected = "Expected property name or '}' at line 1, column 2 of the text";
    expect(placed(result)).toEqual([
      { file: 'main.tf', line: 13, column: 18, message: literal(expected) },
      { file: 'main.tf', line: 20, column: 14, message: literal(expected) },
    ]);
    expect(where(result, UNPROTECTED)).toEqual(['other/main.tf:5']);
  });

  it('is an input error at a call in a data source nothing reads, in the JSON syntax (.tf.json)', async () => {
    const result = await scanTree({
      'main.tf.json': JSON.stringify(
        {
          variable: { n: { type: 'number', default: 1 } },
          data: {
            aws_iam_policy_document: {
              d: { statement: { actions: ['${jsondecode("{d")}'], resources: ['*'] } },
              silent: { statement: { actions: ['${try(jsondecode("{t"), "s3:GetObject")}'], resources: ['${var.n == 1 ? "*" : jsondecode("{b")}'] } },
            },
            aws_region: { west: { provider: 'aws.west', name: '${jsondecode("{w")}' } },
          },
          locals: { flag: '${var.n == 1 ? true : jsondecode("{f")}' },
        },
        null,
        2,
      ),
    });
    const expected = "Expected property name or '}' at line 1, column 2 of the text";
    expect(placed(result)).toEqual([
      { file: 'main.tf.json', line: 13, column: 16, message: literal(expected) },
      { file: 'main.tf.json', line: 34, column: 20, message: literal(expected) },
    ]);
  });

  // Each refused alone too: terraform plan 1.11 stops at the errors it finds validating (the message, the scoped data
  // source), before the plan evaluates the condition of check "condition".
  it('is an input error at a call in a check block: an assert condition or message, its scoped data source, in a called module too; not at one try() or can() takes nor in a branch not taken (.tf)', async () => {
    const result = await scanTree({
      'main.tf': `variable "n" {
  type    = number
  default = 1
}

check "condition" {
  assert {
    condition     = jsondecode("{c") == var.n
    error_message = "no"
  }
}

check "message" {
  assert {
    condition     = var.n == 1
    error_message = "no \${jsondecode("{m")}"
  }
  assert {
    condition     = var.n == 1 ? true : jsondecode("{b")
    error_message = var.n == 2 ? jsondecode("{e") : "no"
  }
}

check "scoped" {
  data "aws_iam_policy_document" "d" {
    statement {
      actions   = [jsondecode("{s")]
      resources = ["*"]
    }
  }
  assert {
    condition     = data.aws_iam_policy_document.d.json != "" && can(jsondecode("{t"))
    error_message = try(jsondecode("{y"), "no")
  }
}

module "child" {
  source = "./child"
}
`,
      'child/main.tf': `variable "m" {
  default = "a"
}

check "inner" {
  assert {
    condition     = var.m == "a"
    error_message = jsondecode("{i")
  }
}
`,
      'other/main.tf': unsafe('kept'),
    }, { paths: ['.', 'other'] });
    const expected = "Expected property name or '}' at line 1, column 2 of the text";
    expect(placed(result).sort((a, b) => a.file.localeCompare(b.file) || a.line! - b.line!)).toEqual([
      { file: 'child/main.tf', line: 8, column: 21, message: literal(expected) },
      { file: 'main.tf', line: 8, column: 21, message: literal(expected) },
      { file: 'main.tf', line: 16, column: 27, message: literal(expected) },
      { file: 'main.tf', line: 27, column: 20, message: literal(expected) },
    ]);
    expect(where(result, UNPROTECTED)).toEqual(['other/main.tf:5']);
  });

  it('is an input error at a call in a check block, in the JSON syntax (.tf.json)', async () => {
    const result = await scanTree({
      'main.tf.json': JSON.stringify(
        {
          variable: { n: { type: 'number', default: 1 } },
          check: {
            message: { assert: [{ condition: '${var.n == 1}', error_message: 'no ${jsondecode("{m")}' }, { condition: '${var.n == 1 ? true : jsondecode("{b")}', error_message: '${try(jsondecode("{y"), "no")}' }] },
            scoped: {
              data: { aws_iam_policy_document: { d: { statement: { actions: ['${jsondecode("{s")}'], resources: ['*'] } } } },
              assert: { condition: '${data.aws_iam_policy_document.d.json != "" && jsondecode("{c") == var.n}', error_message: 'no' },
            },
          },
        },
        null,
        2,
      ),
    });
    const expected = "Expected property name or '}' at line 1, column 2 of the text";
    expect(placed(result).sort((a, b) => a.line! - b.line!)).toEqual([
      { file: 'main.tf.json', line: 13, column: 34, message: literal(expected) },
      { file: 'main.tf.json', line: 27, column: 20, message: literal(expected) },
      { file: 'main.tf.json', line: 37, column: 72, message: literal(expected) },
    ]);
  });

  it('is an input error at the call in the JSON syntax (.tf.json)', async () => {
    const result = await scanTree({
      'main.tf.json': JSON.stringify(
        {
          resource: {
            aws_iam_policy: { literal: { name: 'literal', policy: '${jsonencode(jsondecode("{nope"))}' } },
            aws_iam_role_policy: { read: { role: 'r', policy: '${jsonencode(jsondecode(file("pol/broken.json")))}' } },
          },
          locals: { skipped: '${try(jsondecode("{bad"), {})}' },
        },
        null,
        2,
      ),
      'pol/broken.json': broken,
    });
    expect(result.errors.map(({ file, line, column, message }) => ({ file, line, column, message }))).toEqual([
      { file: 'main.tf.json', line: 6, column: 33, message: literal("Expected property name or '}' at line 1, column 2 of the text") },
      { file: 'main.tf.json', line: 12, column: 33, message: fromFile },
    ]);
  });
});

describe('a SageMaker role chosen by a conditional whose condition is not known', () => {
  it('may be either role: each finding on one says when it is chosen, the admin rule names the use so, and the trust fix covers the resource', async () => {
    const trust = (service: string, condition = '') => `jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "${service}" }, Action = "sts:AssumeRole"${condition} }] })`;
    const result = await scanTree({
      'main.tf': [
        'variable "stage" {\n  type = string\n}\n',
        `resource "aws_iam_role" "sm" {\n  name               = "sm"\n  assume_role_policy = ${trust('sagemaker.amazonaws.com')}\n}\n`,
        `resource "aws_iam_role" "lambda" {\n  name               = "lambda"\n  assume_role_policy = ${trust('lambda.amazonaws.com')}\n  managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]\n}\n`,
        'resource "aws_sagemaker_notebook_instance" "nb" {\n  name          = "nb"\n  instance_type = "ml.t3.medium"\n  role_arn      = var.stage == "prod" ? aws_iam_role.sm.arn : aws_iam_role.lambda.arn\n}\n',
      ].join('\n'),
    });
    const of = (ruleId: string) => result.findings.filter((finding) => finding.ruleId === ruleId);
    const [unassumable] = of('trust-sagemaker-role-unassumable');
    expect(unassumable?.message).toBe('aws_sagemaker_notebook_instance.nb (aws_sagemaker_notebook_instance) uses role aws_iam_role.lambda, but its trust policy does not allow sagemaker.amazonaws.com to assume it (only when var.stage == "prod" is false)');
    expect(unassumable?.branch).toBe('only when var.stage == "prod" is false');
    expect(of('sagemaker-execution-role-admin').map(({ message }) => message)).toEqual([
      'Role aws_iam_role.lambda, used by aws_sagemaker_notebook_instance.nb (aws_sagemaker_notebook_instance) when var.stage == "prod" is false, has the AWS managed policy AdministratorAccess attached (every action on every resource): code running in that SageMaker resource acts as an administrator',
    ]);
    // The notebook may use role sm too: the fix narrows sm's trust to what the notebook presents.
    expect(of(UNPROTECTED).map(({ fix }) => fix?.description.includes('(covers aws_sagemaker_notebook_instance.nb)'))).toEqual([true]);
  });

  it('attaches a policy to each role an attachment may name, and the identity rules name each with when', async () => {
    const result = await scanTree({
      'main.tf': [
        'variable "use_a" {\n  type = bool\n}\n',
        ...['a', 'b'].map((name) => `resource "aws_iam_role" "${name}" {\n  name               = "${name}"\n  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }] })\n}\n`),
        'resource "aws_iam_policy" "p" {\n  name   = "p"\n  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })\n}\n',
        'resource "aws_iam_role_policy_attachment" "x" {\n  role       = var.use_a ? aws_iam_role.a.name : aws_iam_role.b.name\n  policy_arn = aws_iam_policy.p.arn\n}\n',
        // Attached to role a in any case too: a is named without a condition.
        'resource "aws_iam_role_policy_attachment" "y" {\n  role       = aws_iam_role.a.name\n  policy_arn = aws_iam_policy.p.arn\n}\n',
      ].join('\n'),
    });
    expect(result.findings.filter((finding) => finding.ruleId === 'identity-full-admin').map(({ message }) => message)).toEqual([
      'policy aws_iam_policy.p (attached to role aws_iam_role.a and role aws_iam_role.b when var.use_a is false) allows every action on every resource with no condition that limits it: role aws_iam_role.a and role aws_iam_role.b when var.use_a is false can do anything in the account',
    ]);
  });

  it('names a user with when it joins the group whose policy it is read with, and without where it joins whichever is chosen', async () => {
    const policy = (statement: string) => `jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Resource = "*", ${statement} }] })`;
    const result = await scanTree({
      'main.tf': [
        'variable "admin" {\n  type = bool\n}\n',
        ...['u', 'v', 'w', 'x'].map((name) => `resource "aws_iam_user" "${name}" {\n  name = "${name}"\n}\nresource "aws_iam_user_policy_attachment" "${name}" {\n  user       = aws_iam_user.${name}.name\n  policy_arn = aws_iam_policy.retag.arn\n}\n`),
        'resource "aws_iam_group" "tagged" {\n  name = "tagged"\n}\n',
        'resource "aws_iam_group" "attached" {\n  name = "attached"\n}\n',
        `resource "aws_iam_group_policy" "abac" {\n  name   = "abac"\n  group  = aws_iam_group.tagged.name\n  policy = ${policy('Action = "sagemaker:DescribeTrainingJob", Condition = { StringEquals = { "sagemaker:ResourceTag/Project" = "A" } }')}\n}\n`,
        `resource "aws_iam_policy" "abac" {\n  name   = "abac"\n  policy = ${policy('Action = "sagemaker:DescribeEndpoint", Condition = { StringEquals = { "sagemaker:ResourceTag/Team" = "B" } }')}\n}\n`,
        `resource "aws_iam_policy" "retag" {\n  name   = "retag"\n  policy = ${policy('Action = "sagemaker:AddTags"')}\n}\n`,
        // The policy attached to group attached only when var.admin is false.
        'resource "aws_iam_group_policy_attachment" "abac" {\n  group      = var.admin ? aws_iam_group.tagged.name : aws_iam_group.attached.name\n  policy_arn = aws_iam_policy.abac.arn\n}\n',
        // u joins tagged only when var.admin is true; v whichever is chosen; w only when it is false, by the group's list of users.
        'resource "aws_iam_user_group_membership" "u" {\n  user   = aws_iam_user.u.name\n  groups = var.admin ? [aws_iam_group.tagged.name] : []\n}\n',
        'resource "aws_iam_user_group_membership" "v" {\n  user   = aws_iam_user.v.name\n  groups = var.admin ? [aws_iam_group.tagged.name] : [aws_iam_group.tagged.name]\n}\n',
        'resource "aws_iam_group_membership" "w" {\n  name  = "w"\n  group = aws_iam_group.tagged.name\n  users = var.admin ? [] : [aws_iam_user.w.name]\n}\n',
        // x joins attached in any case, which the tag policy reaches only when var.admin is false.
        'resource "aws_iam_user_group_membership" "x" {\n  user   = aws_iam_user.x.name\n  groups = [aws_iam_group.attached.name]\n}\n',
      ].join('\n'),
    });
    expect(result.errors).toEqual([]);
    expect(result.findings.filter((finding) => finding.ruleId === 'identity-abac-tag-bypass').map(({ message }) => message.slice(0, message.indexOf(' can retag')))).toEqual([
      'user aws_iam_user.u when var.admin is true',
      'user aws_iam_user.v',
      'user aws_iam_user.w when var.admin is false',
      'user aws_iam_user.x when var.admin is false',
    ]);
    // The fixture adds memberships chosen on a condition known only after apply: y and t, in both lists of groups or
    // users, join with no when; z does not.
    const fixture = await scan([join(import.meta.dirname, '../../fixtures/identity-abac-tag-bypass/tf-membership-chosen')]);
    expect(fixture.findings.filter((finding) => finding.ruleId === 'identity-abac-tag-bypass').map(({ message }) => message.slice(0, message.indexOf(' can retag')))).toEqual([
      'user aws_iam_user.u["t"]',
      'user aws_iam_user.u["u"] when var.admin is true',
      'user aws_iam_user.u["v"]',
      'user aws_iam_user.u["w"] when var.admin is false',
      'user aws_iam_user.u["x"] when var.admin is false',
      'user aws_iam_user.u["y"]',
    ]);
  });

  it('reads a flag read again in a branch as the branch says, and ends on chains of conditionals that double their choices', async () => {
    const trust = (service: string) => `jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "${service}" }, Action = "sts:AssumeRole", Condition = { StringEquals = { "aws:SourceAccount" = "493827160514" } } }] })`;
    // Forty locals, each choosing the one before on either side: on one flag the choices stay two; on a flag of its
    // own each doubles them, past which the role is not known.
    const chain = (condition: (step: number) => string) =>
      ['locals {', '  l0 = var.flag ? aws_iam_role.sm.arn : aws_iam_role.lambda.arn', ...Array.from({ length: 40 }, (_, step) => `  l${step + 1} = ${condition(step)} ? local.l${step} : local.l${step}`), '}'].join('\n');
    const files = (condition: (step: number) => string) => ({
      'main.tf': [
        'variable "flag" {\n  type = bool\n}\nvariable "stage" {\n  type = string\n}\n',
        `resource "aws_iam_role" "sm" {\n  name               = "sm"\n  assume_role_policy = ${trust('sagemaker.amazonaws.com')}\n}\n`,
        `resource "aws_iam_role" "lambda" {\n  name               = "lambda"\n  assume_role_policy = ${trust('lambda.amazonaws.com')}\n}\n`,
        chain(condition),
        'resource "aws_sagemaker_notebook_instance" "nb" {\n  name          = "nb"\n  instance_type = "ml.t3.medium"\n  role_arn      = local.l40\n}\n',
      ].join('\n'),
    });
    const unassumable = (result: ScanResult) => result.findings.filter((finding) => finding.ruleId === 'trust-sagemaker-role-unassumable').map(({ branch }) => branch);
    expect(unassumable(await scanTree(files(() => 'var.flag')))).toEqual(['only when var.flag is false']);
    expect(unassumable(await scanTree(files((step) => `var.stage == "s${step}"`)))).toEqual([]);
  });
});
