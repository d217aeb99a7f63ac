import { describe, expect, it } from 'vitest';
import { OWNER_ACCOUNT, Unresolved, prop, refMarker, type Value } from '../../../src/model/index.js';
import { parseTree, resource } from './helpers.js';

/** A role whose trust policy is `data.aws_iam_policy_document.doc`, written with the given body and extra blocks. */
function documentTree(body: string, extra = ''): Record<string, string> {
  return {
    'main.tf': `data "aws_caller_identity" "current" {}
data "aws_iam_policy_document" "doc" {
${body}
}
resource "aws_iam_role" "r" {
  assume_role_policy = data.aws_iam_policy_document.doc.json
}
${extra}`,
  };
}

async function documentOf(body: string, extra = '') {
  const parsed = await parseTree(documentTree(body, extra));
  const role = resource(parsed, 'aws_iam_role.r');
  return { document: prop(role.properties, 'assume_role_policy'), role };
}

describe('data.aws_iam_policy_document', () => {
  it('builds statements as the provider does: Effect defaults to Allow, one-element lists become strings, principals and conditions merge', async () => {
    const { document } = await documentOf(`  policy_id = "trust"
  statement {
    sid     = "Service"
    actions = ["sts:AssumeRole", "sts:TagSession"]
    principals {
      type        = "Service"
      identifiers = ["sagemaker.amazonaws.com"]
    }
    principals {
      type        = "Service"
      identifiers = ["glue.amazonaws.com"]
    }
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = ["444455556666"]
    }
    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:aws:sagemaker:*:444455556666:*"]
    }
  }
  statement {
    effect        = "Deny"
    not_actions   = ["iam:*"]
    not_resources = ["*"]
    not_principals {
      type        = "*"
      identifiers = ["*"]
    }
  }`);
    expect(document).toEqual({
      Version: '2012-10-17',
      Id: 'trust',
      Statement: [
        {
          Sid: 'Service',
          Effect: 'Allow',
          Action: ['sts:AssumeRole', 'sts:TagSession'],
          Principal: { Service: ['sagemaker.amazonaws.com', 'glue.amazonaws.com'], AWS: 'arn:aws:iam::111122223333:root' },
          Condition: { StringEquals: { 'aws:SourceAccount': [OWNER_ACCOUNT, '444455556666'] }, ArnLike: { 'aws:SourceArn': 'arn:aws:sagemaker:*:444455556666:*' } },
        },
        { Effect: 'Deny', NotAction: 'iam:*', NotResource: '*', NotPrincipal: '*' },
      ],
    });
  });

  it('writes the bare "*" principal only when every principals block is type "*" with identifiers ["*"], as the provider renders it', async () => {
    const { document } = await documentOf(`  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    principals {
      type        = "AWS"
      identifiers = ["123456789013"]
    }
  }
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "*"
      identifiers = ["arn:aws:iam::123456789013:root"]
    }
  }`);
    // `terraform show -json` of a plan renders these three principals so (AWS provider 5.100).
    expect((document as { Statement: Array<{ Principal: Value }> }).Statement.map((statement) => statement.Principal)).toEqual([
      { '*': '*', AWS: '123456789013' },
      '*',
      { '*': 'arn:aws:iam::123456789013:root' },
    ]);
  });

  it('expands dynamic statement and condition blocks in source order, with iterators', async () => {
    const { document } = await documentOf(`  statement {
    sid     = "First"
    actions = ["s3:GetObject"]
  }
  dynamic "statement" {
    for_each = { read = ["s3:ListBucket"], write = ["s3:PutObject"] }
    iterator = grant
    content {
      sid     = grant.key
      actions = grant.value
      dynamic "condition" {
        for_each = grant.key == "write" ? ["aws:SecureTransport"] : []
        content {
          test     = "Bool"
          variable = condition.value
          values   = ["true"]
        }
      }
    }
  }
  statement {
    sid     = "Last"
    actions = ["s3:DeleteObject"]
  }`);
    expect(prop(document, 'Statement')).toEqual([
      { Sid: 'First', Effect: 'Allow', Action: 's3:GetObject' },
      { Sid: 'read', Effect: 'Allow', Action: 's3:ListBucket' },
      { Sid: 'write', Effect: 'Allow', Action: 's3:PutObject', Condition: { Bool: { 'aws:SecureTransport': 'true' } } },
      { Sid: 'Last', Effect: 'Allow', Action: 's3:DeleteObject' },
    ]);
  });

  it('keys the blocks of a dynamic block over a list by index, over a set (toset, a set variable) by element', async () => {
    const { document } = await documentOf(
      `  dynamic "statement" {
    for_each = ["s3:GetObject", "s3:PutObject"]
    content {
      sid     = "List\${statement.key}"
      actions = [statement.value]
    }
  }
  dynamic "statement" {
    for_each = toset(["s3:ListBucket"])
    content {
      sid     = "Set\${replace(statement.key, ":", "")}"
      actions = [statement.value]
    }
  }
  dynamic "statement" {
    for_each = var.actions
    content {
      sid     = "Variable\${replace(statement.key, ":", "")}"
      actions = [statement.value]
    }
  }`,
      'variable "actions" {\n  type    = set(string)\n  default = ["s3:DeleteObject"]\n}\n',
    );
    expect((prop(document, 'Statement') as unknown[]).map((statement) => prop(statement as never, 'Sid'))).toEqual(['List0', 'List1', 'Sets3ListBucket', 'Variables3DeleteObject']);
  });

  it('writes a number or a bool given to a string attribute as its string, as Terraform converts it: a numeric sid replaces the same Sid', async () => {
    const { document } = await documentOf(`  source_policy_documents = [jsonencode({ Version = "2012-10-17", Statement = [{ Sid = "0", Effect = "Allow", Action = "s3:*", Resource = "*" }] })]
  dynamic "statement" {
    for_each = ["s3:GetObject"]
    content {
      sid       = statement.key
      actions   = [statement.value]
      resources = ["*"]
      condition {
        test     = "Bool"
        variable = "aws:SecureTransport"
        values   = [true]
      }
      condition {
        test     = "NumericLessThan"
        variable = "aws:MultiFactorAuthAge"
        values   = [1e21, 0.0000001]
      }
    }
  }`);
    expect(prop(document, 'Statement')).toEqual([
      { Sid: '0', Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'true' }, NumericLessThan: { 'aws:MultiFactorAuthAge': ['1000000000000000000000', '0.0000001'] } } },
    ]);
  });

  it('expands a dynamic block over values built from the owner\'s symbols, which Terraform knows when it plans', async () => {
    const { document } = await documentOf(`  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["sagemaker.amazonaws.com"]
    }
    dynamic "condition" {
      for_each = [data.aws_caller_identity.current.account_id]
      content {
        test     = "StringEquals"
        variable = "aws:SourceAccount"
        values   = [condition.value]
      }
    }
    dynamic "condition" {
      for_each = toset(["arn:aws:sagemaker:us-east-1:\${data.aws_caller_identity.current.account_id}:*"])
      content {
        test     = "ArnLike"
        variable = "aws:SourceArn"
        values   = [condition.key]
      }
    }
  }`);
    expect(prop((prop(document, 'Statement') as unknown[])[0] as never, 'Condition')).toEqual({
      StringEquals: { 'aws:SourceAccount': OWNER_ACCOUNT },
      ArnLike: { 'aws:SourceArn': `arn:aws:sagemaker:us-east-1:${OWNER_ACCOUNT}:*` },
    });
  });

  it('makes a block of each element of a dynamic block over a list or a set, also of one known only after apply', async () => {
    const { document } = await documentOf(
      `  dynamic "statement" {
    for_each = [aws_s3_bucket.data.arn]
    content {
      actions   = ["s3:GetObject"]
      resources = [statement.value]
    }
  }
  dynamic "statement" {
    for_each = toset([aws_s3_bucket.data.arn])
    content {
      actions   = ["s3:PutObject"]
      resources = [statement.key]
    }
  }`,
      'resource "aws_s3_bucket" "data" {}\n',
    );
    expect((prop(document, 'Statement') as unknown[]).map((statement) => [prop(statement as never, 'Action'), prop(statement as never, 'Resource')])).toEqual([
      ['s3:GetObject', refMarker('aws_s3_bucket.data', 'arn')],
      ['s3:PutObject', refMarker('aws_s3_bucket.data', 'arn')],
    ]);
  });

  it('merges source documents first, lets its own statements replace them by Sid, then applies overrides by Sid', async () => {
    const { document } = await documentOf(
      `  source_policy_documents   = [data.aws_iam_policy_document.base.json, jsonencode({ Statement = [{ Sid = "FromJson", Effect = "Allow", Action = "s3:*", Resource = "*" }] })]
  override_policy_documents = [data.aws_iam_policy_document.override.json]
  statement {
    sid     = "Shared"
    actions = ["own:Replaced"]
  }
  statement {
    actions = ["own:NoSid"]
  }`,
      `data "aws_iam_policy_document" "base" {
  policy_id = "base-id"
  statement {
    sid     = "Shared"
    actions = ["base:Shared"]
  }
  statement {
    sid     = "Kept"
    actions = ["base:Kept"]
  }
}
data "aws_iam_policy_document" "override" {
  statement {
    sid     = "Kept"
    effect  = "Deny"
    actions = ["override:Kept"]
  }
  statement {
    sid     = "New"
    actions = ["override:New"]
  }
}`,
    );
    expect(prop(document, 'Id')).toBe('base-id');
    expect(prop(document, 'Statement')).toEqual([
      { Sid: 'Shared', Effect: 'Allow', Action: 'own:Replaced' },
      { Sid: 'Kept', Effect: 'Deny', Action: 'override:Kept' },
      { Sid: 'FromJson', Effect: 'Allow', Action: 's3:*', Resource: '*' },
      { Effect: 'Allow', Action: 'own:NoSid' },
      { Sid: 'New', Effect: 'Allow', Action: 'override:New' },
    ]);
  });

  it('reads the keys of an included document in any case, as the provider decodes it (Go encoding/json), and replaces by the Sid so read', async () => {
    const { document } = await documentOf(
      `  source_policy_documents = [jsonencode({ version = "2012-10-17", statement = [{ sid = "Lower", effect = "Allow", action = "iam:PassRole", RESOURCE = "*" }, { sid = "Kept", effect = "Deny", notaction = "s3:*", resource = "*" }] })]
  statement {
    sid     = "Lower"
    actions = ["own:Replaced"]
  }`,
    );
    // `terraform show -json` of a plan renders the entry's statements with the elements' own names (AWS provider 5.100).
    expect(prop(document, 'Statement')).toEqual([
      { Sid: 'Lower', Effect: 'Allow', Action: 'own:Replaced' },
      { Sid: 'Kept', Effect: 'Deny', NotAction: 's3:*', Resource: '*' },
    ]);
  });

  it('renders the condition values of an included document as the provider does: a bool as its string, a number, null or object dropped', async () => {
    const { document } = await documentOf(
      `  source_policy_documents = [jsonencode({ Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "sagemaker.amazonaws.com" }, Condition = { StringEquals = { "aws:SourceAccount" = 111122223333, "aws:SourceArn" = "x" }, Bool = { "aws:SecureTransport" = true }, NumericLessThan = { "aws:MultiFactorAuthAge" = 300 } } }, { Effect = "Allow", Action = "s3:GetObject", Condition = { StringEquals = { "aws:SourceAccount" = null } } }] })]`,
    );
    // `terraform show -json` of a plan renders these statements so (AWS provider 5.100).
    expect(prop(document, 'Statement')).toEqual([
      { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'sagemaker.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceArn': 'x' }, Bool: { 'aws:SecureTransport': 'true' } } },
      { Effect: 'Allow', Action: 's3:GetObject' },
    ]);
  });

  it('leaves unknown an included document whose Statement is one object: the provider decodes a list, and fails the plan', async () => {
    const { document } = await documentOf(
      `  source_policy_documents = [jsonencode({ Version = "2012-10-17", Statement = { Effect = "Allow", Action = "iam:PassRole", Resource = "*" } })]
  statement {
    actions   = ["s3:GetObject"]
    resources = ["*"]
  }`,
    );
    const [included, own] = prop(document, 'Statement') as Value[];
    expect(included).toEqual(new Unresolved('type error: the Statement of an entry of source_policy_documents is one object, where the provider takes a list'));
    expect(own).toEqual({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' });
  });

  it('drops an included operator written with no key, as the provider renders it (an empty block never reaches IAM)', async () => {
    const { document } = await documentOf(
      `  source_policy_documents = [jsonencode({ Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "sagemaker.amazonaws.com" }, Condition = { StringEquals = { "aws:SourceAccount" = "111122223333" }, Strin = {} } }, { Effect = "Allow", Action = "s3:GetObject", Condition = { StringEquals = {} } }] })]`,
    );
    // `terraform show -json` of a plan renders these statements so (AWS provider 5.100).
    expect(prop(document, 'Statement')).toEqual([
      { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'sagemaker.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } } },
      { Effect: 'Allow', Action: 's3:GetObject' },
    ]);
  });

  it('leaves unknown the statements that one of an unknown Sid may replace, or be replaced by, and keeps those without a Sid', async () => {
    const { document } = await documentOf(
      `  source_policy_documents   = [data.aws_iam_policy_document.base.json]
  override_policy_documents = [data.aws_iam_policy_document.override.json]
  statement {
    sid     = var.sid
    actions = ["own:UnknownSid"]
  }`,
      `variable "sid" {}
data "aws_iam_policy_document" "base" {
  statement {
    sid     = "Base"
    actions = ["base:Sid"]
  }
  statement {
    actions = ["base:NoSid"]
  }
}
data "aws_iam_policy_document" "override" {
  statement {
    sid     = "Override"
    actions = ["override:Sid"]
  }
}`,
    );
    const unknownSid = expect.objectContaining({ reason: expect.stringMatching(/^variable: var\.sid has no default/) });
    // "Base" may have the unknown Sid and be replaced; the statement of the unknown Sid may be "Override" and be replaced.
    const [base, noSid, own, override] = prop(document, 'Statement') as unknown[];
    expect([base, own]).toEqual([unknownSid, unknownSid]);
    expect([base, own].every((statement) => statement instanceof Unresolved)).toBe(true);
    expect([noSid, override]).toEqual([
      { Effect: 'Allow', Action: 'base:NoSid' },
      { Sid: 'Override', Effect: 'Allow', Action: 'override:Sid' },
    ]);
  });

  it('keeps the own statements of an unknown Sid and of a known one, which cannot replace each other (a repeat is refused), and leaves unknown a source statement an own one of an unknown Sid may replace', async () => {
    const { document } = await documentOf(
      `  source_policy_documents = [data.aws_iam_policy_document.base.json]
  statement {
    sid     = "Read\${data.aws_region.current.name}"
    actions = ["own:RegionSid"]
  }
  statement {
    sid     = var.sid
    actions = ["own:UnknownSid"]
  }
  statement {
    sid     = "Own"
    actions = ["own:Sid"]
  }
  statement {
    sid     = "Base"
    actions = ["own:ReplacesBase"]
  }`,
      `variable "sid" {}
data "aws_region" "current" {}
data "aws_iam_policy_document" "base" {
  statement {
    sid     = "Base"
    actions = ["base:Sid"]
  }
  statement {
    sid     = "Other"
    actions = ["base:Other"]
  }
}`,
    );
    const actions = (prop(document, 'Statement') as Value[]).map((statement) => (statement instanceof Unresolved ? 'unknown' : prop(statement, 'Action')));
    // "Base" is replaced by the own statement of its Sid, which is known; "Other" may have an own statement's unknown Sid.
    expect(actions).toEqual(['own:ReplacesBase', 'unknown', 'own:RegionSid', 'own:UnknownSid', 'own:Sid']);
  });

  it('takes the latest Version of its sources, itself and its overrides, as the provider merges them, and the last non-empty Id', async () => {
    const tree = (version: string, sourceVersion: string) =>
      documentTree(
        `  ${version}
  source_policy_documents = [jsonencode({ ${sourceVersion} Id = "from-source", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::b/$\${aws:username}/*" }] })]
  override_policy_documents = [jsonencode({ Id = "", Statement = [] })]`,
      );
    const versionOf = async (version: string, sourceVersion: string) => {
      const role = resource(await parseTree(tree(version, sourceVersion)), 'aws_iam_role.r');
      const document = prop(role.properties, 'assume_role_policy');
      return { version: prop(document, 'Version'), id: prop(document, 'Id'), line: role.locator.locate(['assume_role_policy', 'Version']).startLine };
    };
    // The source's 2012-10-17 upgrades the data source's own 2008-10-17: its policy variables work.
    expect(await versionOf('version = "2008-10-17"', 'Version = "2012-10-17",')).toEqual({ version: '2012-10-17', id: 'from-source', line: 4 });
    expect(await versionOf('version = "2012-10-17"', 'Version = "2008-10-17",')).toEqual({ version: '2012-10-17', id: 'from-source', line: 3 });
    expect(await versionOf('', '')).toEqual({ version: '2012-10-17', id: 'from-source', line: 2 });
    const unknown = await versionOf('version = "2008-10-17"', 'Version = var.unknown,');
    expect(unknown.version).toBeInstanceOf(Unresolved);
  });

  it('leaves a document that includes its sources twice over, doubling at every step, unresolved past 10,000 statements', async () => {
    // Without Sids: the provider refuses a Sid that the source documents repeat.
    const chain = Array.from({ length: 30 }, (_, index) => `data "aws_iam_policy_document" "d${index + 1}" {
  source_policy_documents = [data.aws_iam_policy_document.d${index}.json, data.aws_iam_policy_document.d${index}.json]
  statement {
    actions   = ["s3:PutObject"]
    resources = ["*"]
  }
}`).join('\n');
    const base = `data "aws_iam_policy_document" "d0" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["*"]
  }
}`;
    const tooMany = 'limit: the policy document would hold more than 10,000 statements';
    // Each document holds twice the one before and its own statement: d12 holds 2^13 - 1 = 8,191, d13 16,383.
    const { document: under } = await documentOf('  source_policy_documents = [data.aws_iam_policy_document.d12.json]', `${base}\n${chain}`);
    expect(prop(under, 'Statement')).toHaveLength(8191);
    const { document: over } = await documentOf('  source_policy_documents = [data.aws_iam_policy_document.d12.json, data.aws_iam_policy_document.d12.json]', `${base}\n${chain}`);
    expect(prop(over, 'Statement')).toEqual(new Unresolved(tooMany));
    // A document built on one past the limit holds it as an unknown statement, and stops doubling: d14 holds two and
    // its own, and the chain passes the limit again at d26; d30 holds 2^4 unknown statements and 15 of its chain's own.
    const { document: last } = await documentOf('  source_policy_documents = [data.aws_iam_policy_document.d30.json]', `${base}\n${chain}`);
    const statements = prop(last, 'Statement') as unknown[];
    expect(statements).toHaveLength(31);
    expect(statements.filter((statement) => statement instanceof Unresolved)).toEqual(Array.from({ length: 16 }, () => new Unresolved(tooMany)));
  });

  it('keeps both statements of a Sid that the source documents or the own statements repeat, which the provider refuses, and replaces by Sid across parts', async () => {
    const statement = (sid: string, action: string) => `  statement {\n    sid       = "${sid}"\n    actions   = ["${action}"]\n    resources = ["*"]\n  }`;
    const sids = (document: Value) => (prop(document, 'Statement') as Value[]).map((item) => `${String(prop(item, 'Sid'))}:${String(prop(item, 'Action'))}`);
    const sources = `data "aws_iam_policy_document" "s" {\n${statement('A', 's3:GetObject')}\n}`;
    const { document: own } = await documentOf(`${statement('A', 's3:PutObject')}\n${statement('A', 's3:DeleteObject')}`);
    expect(sids(own)).toEqual(['A:s3:PutObject', 'A:s3:DeleteObject']);
    const { document: twice } = await documentOf('  source_policy_documents = [data.aws_iam_policy_document.s.json, data.aws_iam_policy_document.s.json]', sources);
    expect(sids(twice)).toEqual(['A:s3:GetObject', 'A:s3:GetObject']);
    const { document: replaced } = await documentOf(`  source_policy_documents = [data.aws_iam_policy_document.s.json]\n${statement('A', 's3:PutObject')}`, sources);
    expect(sids(replaced)).toEqual(['A:s3:PutObject']);
    // Its own statements repeating the Sid a source document has: the provider refuses the repeat all the same.
    const { document: both } = await documentOf(`  source_policy_documents = [data.aws_iam_policy_document.s.json]\n${statement('A', 's3:PutObject')}\n${statement('A', 's3:DeleteObject')}`, sources);
    expect(sids(both)).toEqual(['A:s3:PutObject', 'A:s3:DeleteObject']);
  });

  it('keeps what is not known unresolved as a whole, never as a half-built statement', async () => {
    const { document } = await documentOf(
      `  source_policy_documents = [data.aws_iam_policy_document.missing.json]
  dynamic "statement" {
    for_each = var.statements
    content {
      actions     = statement.value.actions
      not_actions = statement.value.not_actions
    }
  }
  statement {
    actions     = ["s3:GetObject"]
    not_actions = var.maybe_null
  }
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["sagemaker.amazonaws.com"]
    }
    dynamic "condition" {
      for_each = var.conditions
      content {
        test     = condition.value.test
        variable = condition.value.variable
        values   = condition.value.values
      }
    }
  }`,
      'variable "statements" {}\nvariable "maybe_null" {}\nvariable "conditions" {}\n',
    );
    const [fromSource, fromDynamic, eitherAction, withConditions] = prop(document, 'Statement') as unknown[];
    expect((fromSource as Unresolved).reason).toMatch(/^unknown reference: data\.aws_iam_policy_document\.missing is not declared/);
    expect((fromDynamic as Unresolved).reason).toMatch(/^unknown value: the for_each of a dynamic "statement" block is not known statically/);
    expect((eitherAction as Unresolved).reason).toBe('unknown value: whether the statement uses actions or not_actions is not known statically');
    expect(prop(withConditions as never, 'Principal')).toEqual({ Service: 'sagemaker.amazonaws.com' });
    expect((prop(withConditions as never, 'Condition') as Unresolved).reason).toMatch(/dynamic "condition" block is not known statically/);
  });

  it('locates policy paths on the statement, identifiers, test, variable and attribute lines of the data source', async () => {
    const { role } = await documentOf(`  version = "2012-10-17"
  statement {
    sid     = "Trust"
    actions = [
      "sts:AssumeRole",
      "sts:TagSession",
    ]
    principals {
      type        = "Service"
      identifiers = ["sagemaker.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = ["111122223333", "444455556666"]
    }
  }`);
    const line = (...path: Array<string | number>) => role.locator.locate(['assume_role_policy', ...path]).startLine;
    expect(line()).toBe(2);
    expect(line('Version')).toBe(3);
    expect(line('Statement', 0)).toBe(4);
    expect(line('Statement', 0, 'Sid')).toBe(5);
    expect(line('Statement', 0, 'Action', 1)).toBe(8);
    expect(line('Statement', 0, 'Principal')).toBe(10);
    expect(line('Statement', 0, 'Principal', 'Service')).toBe(12);
    expect(line('Statement', 0, 'Condition', 'StringEquals')).toBe(15);
    expect(line('Statement', 0, 'Condition', 'StringEquals', 'aws:SourceAccount')).toBe(16);
    expect(line('Statement', 0, 'Condition', 'StringEquals', 'aws:SourceAccount', 1)).toBe(17);
    expect(role.locator.locate(['assume_role_policy', 'Statement', 0, 'Condition'])).toMatchObject({ file: 'main.tf', startLine: 14 });
  });

  it('locates a list of one element, which the provider writes as that element, on the element\'s own line', async () => {
    const { role } = await documentOf(`  statement {
    actions = [
      "sts:AssumeRole"
    ]
    principals {
      type = "Service"
      identifiers = [
        "sagemaker.amazonaws.com",
      ]
    }
  }`);
    const at = (...path: Array<string | number>) => role.locator.locate(['assume_role_policy', 'Statement', 0, ...path]);
    expect(at('Action')).toMatchObject({ startLine: 5, endLine: 5, startColumn: 7 });
    expect(at('Principal', 'Service')).toMatchObject({ startLine: 10, endLine: 10, startColumn: 9 });
  });

  it('locates a merged condition or principal that one block alone gives a value in that block', async () => {
    const { role, document } = await documentOf(`  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = var.none
    }
    principals {
      type        = "Service"
      identifiers = ["sagemaker.amazonaws.com"]
    }
    condition {
      test     = "StringLike"
      variable = "aws:SourceArn"
      values   = var.none
    }
    condition {
      test     = "StringLike"
      variable = "aws:SourceArn"
      values   = ["*"]
    }
  }`, 'variable "none" {\n  default = []\n}\n');
    expect(prop((prop(document, 'Statement') as never[])[0]!, 'Condition')).toEqual({ StringLike: { 'aws:SourceArn': '*' } });
    const line = (...path: Array<string | number>) => role.locator.locate(['assume_role_policy', 'Statement', 0, ...path]).startLine;
    expect(line('Principal', 'Service')).toBe(11);
    expect(line('Condition', 'StringLike', 'aws:SourceArn')).toBe(20);
    // Its one value (a policy's reader gives it index 0, as in a list of one) is where the block writes it.
    expect(line('Condition', 'StringLike', 'aws:SourceArn', 0)).toBe(21);
  });

  it('locates an included document\'s statements where that document writes them, and leaves a resource that reads the document itself located there', async () => {
    const parsed = await parseTree(
      documentTree(
        `  source_policy_documents = [
    local.base,
    <<-EOT
      {"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}
    EOT
  ]`,
        `locals {
  base = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "*" }
      Condition = { StringEquals = { "aws:SourceAccount" = "111122223333" } }
    }]
  })
}
resource "aws_iam_role" "direct" {
  assume_role_policy = local.base
}
`,
      ),
    );
    const line = (address: string, ...path: Array<string | number>) => resource(parsed, address).locator.locate(['assume_role_policy', 'Statement', ...path]).startLine;
    // The data source is read first (it is declared first): the local's statement objects were once registered at its
    // source_policy_documents, for every resource that reads the local too.
    for (const address of ['aws_iam_role.r', 'aws_iam_role.direct']) {
      expect(line(address, 0, 'Principal', 'AWS')).toBe(19);
      expect(line(address, 0, 'Condition', 'StringEquals', 'aws:SourceAccount')).toBe(20);
    }
    // A document given as a heredoc is located inside it.
    expect(line('aws_iam_role.r', 1, 'Action')).toBe(6);
  });

  it('locates the statements of a document an entry gives as text inside the text, where its characters are written', async () => {
    const base = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "\${action}",
      "Resource": "*"
    }
  ]
}
`;
    const parsed = await parseTree({
      ...documentTree(`  source_policy_documents = [
    file("\${path.module}/base.json"),
    local.text,
    <<EOT
{"Statement": [{"Effect": "Allow",
  "Action": "iam:PassRole", "Resource": "*"}]}
EOT
  ]
  override_policy_documents = [templatefile("\${path.module}/base.tpl", { action = "iam:PassRole" })]`, 'locals {\n  text = file("${path.module}/base.json")\n}\n'),
      'base.json': base.replace('${action}', 's3:GetObject'),
      'base.tpl': base,
    });
    const role = resource(parsed, 'aws_iam_role.r');
    const at = (...path: Array<string | number>) => {
      const { file, startLine, startColumn } = role.locator.locate(['assume_role_policy', 'Statement', ...path]);
      return `${file}:${startLine}:${startColumn}`;
    };
    // file(), the text of a local that reads a file, a heredoc, and a template rendered by templatefile().
    expect(at(0, 'Action')).toBe('base.json:6:7');
    expect(at(1, 'Resource')).toBe('base.json:7:7');
    expect(at(2, 'Action')).toBe('main.tf:8:3');
    expect(at(3, 'Action')).toBe('base.tpl:6:7');
  });

  it('locates the statements of a document an entry writes with jsonencode({...}) where the entry writes them', async () => {
    const { role } = await documentOf(`  source_policy_documents = [jsonencode({
    Statement = [
      { Effect = "Allow", Action = "s3:GetObject", Resource = "*" },
      {
        Effect   = "Allow"
        Action   = "iam:PassRole"
        Resource = "*"
      },
    ]
  })]
  override_policy_documents = [jsonencode({ Statement = { Sid = "Single", Effect = "Allow", Action = "s3:PutObject", Resource = "*" } })]`);
    const line = (...path: Array<string | number>) => role.locator.locate(['assume_role_policy', 'Statement', ...path]).startLine;
    expect(line(0, 'Action')).toBe(5);
    expect(line(1, 'Action')).toBe(8);
    expect(line(1, 'Resource')).toBe(9);
    // A document whose Statement is one object, not a list.
    expect(line(2, 'Action')).toBe(13);
  });
});
