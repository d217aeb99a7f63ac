import { describe, expect, it } from 'vitest';
import { prop, type ParsedWorld } from '../../../src/model/index.js';
import { parseTree, resource } from './helpers.js';

function worldOf(parsed: Awaited<ReturnType<typeof parseTree>>): ParsedWorld {
  return parsed.files[0]!.worlds[0]!;
}

describe('keys repeated in HCL object constructors', () => {
  it('are reported with every occurrence, as Terraform silently keeps the last one', async () => {
    const parsed = await parseTree({
      'main.tf': `resource "aws_iam_role" "r" {
  assume_role_policy = "{}"
  inline_policy {
    name = "one"
  }
  inline_policy {
    name = "two"
    policy = jsonencode({
      Statement = [{
        Condition = {
          StringEquals = { "a" = "1" }
          "StringEquals" = {
            x = "1"
            x = "2"
          }
        }
      }]
    })
  }
  tags = { team = "a", team = "b" }
}`,
    });
    const role = resource(parsed, 'aws_iam_role.r');
    expect(prop(prop(role.properties, 'tags'), 'team')).toBe('b');
    const duplicates = worldOf(parsed).duplicateKeys('aws_iam_role.r');
    expect(duplicates.map(({ path, key, locations }) => ({ path, key, lines: locations.map((location) => location.startLine) }))).toEqual([
      { path: ['tags'], key: 'team', lines: [20, 20] },
      { path: ['inline_policy', 1, 'policy', 'Statement', 0, 'Condition'], key: 'StringEquals', lines: [11, 12] },
      { path: ['inline_policy', 1, 'policy', 'Statement', 0, 'Condition', 'StringEquals'], key: 'x', lines: [13, 14] },
    ]);
  });

  it('leaves computed keys alone: they may differ from every other key', async () => {
    const parsed = await parseTree({
      'main.tf': `variable "key" {
  type = string
}
resource "aws_iam_policy" "p" {
  policy = jsonencode({ Condition = { StringEquals = { (var.key) = "1", (var.key) = "2", "aws:TagKeys" = "x" } } })
}`,
    });
    expect(worldOf(parsed).duplicateKeys('aws_iam_policy.p')).toEqual([]);
  });
});

describe('policy variables in data.aws_iam_policy_document', () => {
  const tree = (version: string) => ({
    'main.tf': `data "aws_iam_policy_document" "doc" {
  ${version}
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::home/&{aws:username}/*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::345678901234:user/&{aws:username}"]
    }
    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["&{aws:username}/*"]
    }
  }
}
resource "aws_iam_policy" "p" {
  policy = data.aws_iam_policy_document.doc.json
}`,
  });

  it('turn the provider spelling &{...} into ${...} in resources, principals and condition values', async () => {
    const policy = prop(resource(await parseTree(tree('')), 'aws_iam_policy.p').properties, 'policy');
    const statement = (prop(policy, 'Statement') as unknown[])[0] as never;
    expect(prop(statement, 'Resource')).toBe('arn:aws:s3:::home/${aws:username}/*');
    expect(prop(statement, 'Principal')).toEqual({ AWS: 'arn:aws:iam::345678901234:user/${aws:username}' });
    expect(prop(statement, 'Condition')).toEqual({ StringLike: { 's3:prefix': '${aws:username}/*' } });
  });

  it('stay as written with version 2008-10-17, which has no policy variables', async () => {
    const policy = prop(resource(await parseTree(tree('version = "2008-10-17"')), 'aws_iam_policy.p').properties, 'policy');
    const statement = (prop(policy, 'Statement') as unknown[])[0] as never;
    expect(prop(statement, 'Resource')).toBe('arn:aws:s3:::home/&{aws:username}/*');
  });
});
