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

  it('are the same for every instance of a block: of a for_each, of a count, of a module called twice, its override blocks each read in what it writes', async () => {
    const parsed = await parseTree({
      'main.tf': `module "a" {
  source = "./team"
}
module "b" {
  source = "./team"
}
resource "aws_iam_policy" "p" {
  for_each = { x = 1, y = 2 }
  policy   = jsonencode({ Effect = "Allow", Effect = "Deny" })
  tags     = { team = "a", team = "b" }
}`,
      'override.tf': `resource "aws_iam_policy" "p" {
  tags = { owner = "a", owner = "b" }
}`,
      'team/main.tf': `locals {
  statement = { Action = "s3:GetObject", Action = "s3:PutObject" }
}
resource "aws_iam_policy" "t" {
  count  = 2
  policy = jsonencode({ Statement = [local.statement] })
}`,
    });
    const world = worldOf(parsed);
    const keys = (address: string) => world.duplicateKeys(address).map(({ path, key, locations }) => ({ path, key, at: locations.map((location) => `${location.file.replace(/.*\//, '')}:${location.startLine}`) }));
    // The base's tags are replaced by the override's: only the override's repeat is read.
    const own = [
      { path: ['policy'], key: 'Effect', at: ['main.tf:9', 'main.tf:9'] },
      { path: ['tags'], key: 'owner', at: ['override.tf:2', 'override.tf:2'] },
    ];
    expect(keys('aws_iam_policy.p["x"]')).toEqual(own);
    expect(keys('aws_iam_policy.p["y"]')).toEqual(own);
    const team = [{ path: ['policy', 'Statement', 0], key: 'Action', at: ['main.tf:2', 'main.tf:2'] }];
    for (const address of ['module.a.aws_iam_policy.t[0]', 'module.a.aws_iam_policy.t[1]', 'module.b.aws_iam_policy.t[0]', 'module.b.aws_iam_policy.t[1]']) expect(keys(address)).toEqual(team);
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
