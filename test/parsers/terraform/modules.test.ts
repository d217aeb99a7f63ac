import { describe, expect, it } from 'vitest';
import { OWNER_ACCOUNT, OWNER_PARTITION, OWNER_REGION, OWNER_URL_SUFFIX, Unresolved, displayValue, prop, refMarker, unresolvedPieceOf, type Value } from '../../../src/model/index.js';
import { parseTree, resource, resourcesOf, scanTree } from './helpers.js';
import { normalizePolicy } from '../../../src/iam/normalize.js';

const addresses = (parsed: Awaited<ReturnType<typeof parseTree>>): string[] => resourcesOf(parsed).map((found) => found.address);
const nameOf = (parsed: Awaited<ReturnType<typeof parseTree>>, address: string) => prop(resource(parsed, address).properties, 'name');

describe('variables', () => {
  const variables = `variable "env" {
  default = "default"
}
resource "aws_iam_role" "r" {
  name = "role-\${var.env}"
}
`;
  it.each([
    ['the default', {}, {}, 'role-default'],
    ['terraform.tfvars over the default', { 'terraform.tfvars': 'env = "tfvars"' }, {}, 'role-tfvars'],
    ['terraform.tfvars.json over terraform.tfvars', { 'terraform.tfvars': 'env = "tfvars"', 'terraform.tfvars.json': '{"env": "json"}' }, {}, 'role-json'],
    ['*.auto.tfvars over terraform.tfvars.json, in lexical order', { 'terraform.tfvars.json': '{"env": "json"}', 'a.auto.tfvars': 'env = "a"', 'b.auto.tfvars.json': '{"env": "b"}' }, {}, 'role-b'],
    ['--var-file over the automatic files', { 'a.auto.tfvars': 'env = "auto"', 'prod.tfvars': 'env = "prod"' }, { variableFiles: ['prod.tfvars'] }, 'role-prod'],
    ['--var over --var-file', { 'prod.tfvars': 'env = "prod"' }, { variableFiles: ['prod.tfvars'], variables: { env: 'cli' } }, 'role-cli'],
  ])('%s', async (_title, files, options, expected) => {
    const parsed = await parseTree({ 'main.tf': variables, ...files }, ['.'], options);
    expect(nameOf(parsed, 'aws_iam_role.r')).toBe(expected);
  });

  it('leaves a variable without default or value unresolved, with the reason', async () => {
    const parsed = await parseTree({ 'main.tf': 'variable "x" {}\nresource "aws_iam_role" "r" {\n  name = var.x\n}\n' });
    const name = nameOf(parsed, 'aws_iam_role.r');
    expect(name).toBeInstanceOf(Unresolved);
    expect((name as Unresolved).reason).toBe('variable: var.x has no default and no value was given');
    expect(parsed.unresolved).toEqual({ variable: 1 });
    // About the root module as a whole: no line.
    expect(parsed.files[0]!.notices).toContainEqual({ file: '.', message: '1 value could not be resolved statically (variable 1); no finding rests on them alone' });
  });

  it('names in the notice the files file() did not read, and why', async () => {
    const parsed = await parseTree({ 'main.tf': 'resource "aws_iam_role" "r" {\n  name               = "r"\n  assume_role_policy = file("${path.module}/pol/missing.json")\n}\n' });
    expect(parsed.files[0]!.notices).toContainEqual({ file: '.', message: '1 value could not be resolved statically (unreadable file 1); files not read: no such file ./pol/missing.json; no finding rests on them alone' });
  });

  it('reads no file file() or templatefile() reads whose contents are not UTF-8, as Terraform refuses them (Latin-1, UTF-16), and names it in the notice', async () => {
    const sid = (bytes: Buffer) => Buffer.concat([Buffer.from('{"Version":"2012-10-17","Statement":[{"Sid":"'), bytes, Buffer.from('","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}')]);
    const policy = (call: string) => `resource "aws_iam_policy" "p" {\n  name   = "p"\n  policy = ${call}\n}\n`;
    const cases = [
      ['file("p.json")', sid(Buffer.from('caf\xe9', 'latin1')), false],
      ['templatefile("p.json.tpl", {})', sid(Buffer.from('caf\xe9', 'latin1')), false],
      ['file("p.json")', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(sid(Buffer.from('cafe')).toString(), 'utf16le')]), false],
      ['file("p.json")', sid(Buffer.from('café')), true],
    ] as const;
    for (const [call, bytes, read] of cases) {
      const file = call.includes('.tpl') ? 'p.json.tpl' : 'p.json';
      const parsed = await parseTree({ 'main.tf': policy(call), [file]: bytes });
      const document = prop(resource(parsed, 'aws_iam_policy.p').properties, 'policy');
      expect(typeof document === 'string', call).toBe(read);
      if (!read) {
        expect((document as Unresolved).reason).toBe(`unreadable file: ${file}: contents of ${file} are not valid UTF-8, which Terraform refuses in file() and templatefile(); save it as UTF-8`);
        expect(parsed.files[0]!.notices).toContainEqual({ file: '.', message: `1 value could not be resolved statically (unreadable file 1); files not read: contents of ${file} are not valid UTF-8, which Terraform refuses in file() and templatefile(); save it as UTF-8; no finding rests on them alone` });
      }
    }
  });

  it('passes null to a module input as null, or as the default when the variable is not nullable', async () => {
    const parsed = await parseTree({
      'main.tf': 'module "m" {\n  source    = "./m"\n  nullable  = null\n  fixed     = null\n}\n',
      'm/main.tf': `variable "nullable" {
  default = "d1"
}
variable "fixed" {
  default  = "d2"
  nullable = false
}
resource "aws_iam_role" "r" {
  name        = coalesce(var.nullable, "was-null")
  description = var.fixed
}
`,
    });
    expect(resource(parsed, 'module.m.aws_iam_role.r').properties).toMatchObject({ name: 'was-null', description: 'd2' });
  });

  it('converts --var values by the declared type and fills optional object attributes', async () => {
    const parsed = await parseTree(
      {
        'main.tf': `variable "n" {
  type = number
}
variable "settings" {
  type = object({ name = string, path = optional(string, "/svc/"), extra = optional(list(string)) })
  default = { name = 7 }
}
resource "aws_iam_role" "r" {
  name = var.settings.name
  path = var.settings.path
  description = var.settings.extra == null ? "none" : "some"
  max_session_duration = var.n + 1
}
`,
      },
      ['.'],
      { variables: { n: '3599' } },
    );
    expect(resource(parsed, 'aws_iam_role.r').properties).toMatchObject({ name: '7', path: '/svc/', description: 'none', max_session_duration: 3600 });
  });

  describe('values Terraform takes or refuses for a root variable (terraform plan 1.11)', () => {
    const declarations = `variable "n" {
  type    = number
  default = 0
}
variable "b" {
  type    = bool
  default = false
}
variable "s" {
  type    = string
  default = ""
}
variable "a" {
  type    = any
  default = null
}
variable "u" {
  default = null
}
variable "teams" {
  type    = map(list(string))
  default = {}
}
variable "o" {
  type    = object({ name = string, tags = optional(map(string), {}) })
  default = null
}
resource "aws_iam_role" "r" {
  name = jsonencode([var.n, var.b, var.s, var.a, var.u, var.teams, var.o])
}
`;
    // jsonencode written as the whole attribute keeps the structure: the values in the order the list names them.
    const valuesOf = (parsed: Awaited<ReturnType<typeof parseTree>>) => nameOf(parsed, 'aws_iam_role.r') as Value[];

    it.each([
      ['numbers as Go reads them', { variables: { n: '1e3' } }, {}, [1000, false, '', null, null, {}, null]],
      ['a number with a sign, a bare point, leading zeros or a power of two', { variables: { n: '+007.5p1' } }, {}, [15, false, '', null, null, {}, null]],
      ['1 and 0 as bools, any text as a string or untyped value', { variables: { b: '1', s: '[1]', u: '[1' } }, {}, [0, true, '[1]', null, '[1', {}, null]],
      ['an expression for any', { variables: { a: '{ k = [1] }' } }, {}, [0, false, '', { k: [1] }, null, {}, null]],
      [
        'conversions in a variable file, extra object attributes dropped',
        {},
        { 'terraform.tfvars': 's = 1\nb = "0"\nn = "5"\nteams = { ml = [1, true] }\no = { name = "x", extra = 1 }\n' },
        [5, false, '1', null, null, { ml: ['1', 'true'] }, { name: 'x', tags: {} }],
      ],
      // Terraform 1.11 takes a .tfvars.json string as written: ${...} there is no template (an IAM policy variable).
      ['a .tfvars.json string as its text', {}, { 'terraform.tfvars.json': '{"s": "home/${aws:username}/*", "u": "${var.x}-${upper(\\"a\\")}"}' }, [0, false, 'home/${aws:username}/*', null, '${var.x}-${upper("a")}', {}, null]],
    ])('takes %s', async (_title, options, files, expected) => {
      const parsed = await parseTree({ 'main.tf': declarations, ...files }, ['.'], options);
      expect(parsed.errors).toEqual([]);
      expect(valuesOf(parsed)).toEqual(expected);
    });

    it.each([
      ['a --var that does not parse', { variables: { teams: '{ml=[' } }, {}, { file: '(command line)', message: 'invalid value for variable teams (--var): not a valid expression, unterminated tuple: expected "]"; Terraform refuses it, and var.teams is analyzed as not known' }],
      ['a --var that is not a number', { variables: { n: 'two' } }, {}, { file: '(command line)', message: 'invalid value for variable n (--var): a number is required; Terraform refuses it, and var.n is analyzed as not known' }],
      ['a number with blanks', { variables: { n: ' 1' } }, {}, { file: '(command line)', message: 'invalid value for variable n (--var): a number is required; Terraform refuses it, and var.n is analyzed as not known' }],
      ['a hexadecimal number', { variables: { n: '0x10' } }, {}, { file: '(command line)', message: 'invalid value for variable n (--var): a number is required; Terraform refuses it, and var.n is analyzed as not known' }],
      ['a bool in capitals', { variables: { b: 'True' } }, {}, { file: '(command line)', message: 'invalid value for variable b (--var): a bool is required; to convert from string, use lowercase "true"; Terraform refuses it, and var.b is analyzed as not known' }],
      ['false in capitals', { variables: { b: 'FALSE' } }, {}, { file: '(command line)', message: 'invalid value for variable b (--var): a bool is required; to convert from string, use lowercase "false"; Terraform refuses it, and var.b is analyzed as not known' }],
      // Terraform 1.11: `-var b=yes` says only "a bool is required".
      ['a word that is no bool', { variables: { b: 'yes' } }, {}, { file: '(command line)', message: 'invalid value for variable b (--var): a bool is required; Terraform refuses it, and var.b is analyzed as not known' }],
      // Terraform 1.11: "Function calls not allowed", whichever function, in -var values and variable files alike.
      ['a function call for any', { variables: { a: '[upper("a")]' } }, {}, { file: '(command line)', message: 'invalid value for variable a (--var): functions may not be called here; Terraform refuses it, and var.a is analyzed as not known' }],
      ['a function call in terraform.tfvars', {}, { 'terraform.tfvars': 'teams = { ml = [lower("A")] }\n' }, { file: 'terraform.tfvars', line: 1, column: 1, message: 'invalid value for variable teams: functions may not be called here; Terraform refuses it, and var.teams is analyzed as not known' }],
      ['a reference for any', { variables: { a: 'foo' } }, {}, { file: '(command line)', message: 'invalid value for variable a (--var): variables may not be used here; Terraform refuses it, and var.a is analyzed as not known' }],
      ['a text for a number in terraform.tfvars', {}, { 'terraform.tfvars': '# teams\n\n  n = "two"\n' }, { file: 'terraform.tfvars', line: 3, column: 3, message: 'invalid value for variable n: a number is required; Terraform refuses it, and var.n is analyzed as not known' }],
      ['a list element of the wrong type', {}, { 'terraform.tfvars': 'teams = { ml = ["a", {}] }\n' }, { file: 'terraform.tfvars', line: 1, column: 1, message: 'invalid value for variable teams: element "ml": element 1: string required; Terraform refuses it, and var.teams is analyzed as not known' }],
      ['a missing object attribute', {}, { 'terraform.tfvars': 'o = {}\n' }, { file: 'terraform.tfvars', line: 1, column: 1, message: 'invalid value for variable o: attribute "name" is required; Terraform refuses it, and var.o is analyzed as not known' }],
      ['a reference in a variable file', {}, { 'a.auto.tfvars': 's = "x"\nu = var.s\n' }, { file: 'a.auto.tfvars', line: 2, column: 1, message: 'invalid value for variable u: variables may not be used here; Terraform refuses it, and var.u is analyzed as not known' }],
      ['a list for a number in a --var-file', { variableFiles: ['prod.tfvars.json'] }, { 'prod.tfvars.json': '{\n  "s": "x",\n  "n": [1]\n}\n' }, { file: 'prod.tfvars.json', line: 3, column: 3, message: 'invalid value for variable n: number required; Terraform refuses it, and var.n is analyzed as not known' }],
    ])('refuses %s where it was given, and reads the variable as not known', async (_title, options, files, error) => {
      const parsed = await parseTree({ 'main.tf': declarations, ...files }, ['.'], options);
      expect(parsed.errors).toEqual([error]);
      const variable = /variable (\w+)/.exec(error.message)![1];
      const unknown = valuesOf(parsed).filter((value): value is Unresolved => value instanceof Unresolved);
      expect(unknown.map((value) => value.reason)).toEqual([`variable: the value given for var.${variable} is invalid`]);
    });
  });

  it('makes a set-typed value a set as Terraform does: no repeats, in its order (terraform console)', async () => {
    const parsed = await parseTree(
      {
        'main.tf': `variable "actions" {
  type    = set(string)
  default = ["s3:PutObject", "s3:GetObject", "s3:PutObject"]
}
variable "sizes" {
  type = set(number)
}
variable "settings" {
  type    = object({ names = set(string) })
  default = { names = ["b", "a", "b"] }
}
resource "aws_iam_role" "r" {
  name                 = tolist(var.actions)[0]
  description          = join(",", var.settings.names)
  max_session_duration = length(var.actions) * 1000 + tolist(var.sizes)[0]
}
`,
      },
      ['.'],
      { variables: { sizes: '[30, 7, 30]' } },
    );
    expect(resource(parsed, 'aws_iam_role.r').properties).toMatchObject({ name: 's3:GetObject', description: 'a,b', max_session_duration: 2007 });
  });
});

describe('locals, path, workspace and the owner data sources', () => {
  it('evaluates locals in any order and cuts cycles into unresolved values', async () => {
    const parsed = await parseTree({
      'main.tf': `locals {
  full = "\${local.prefix}-\${local.suffix}"
  loop_a = local.loop_b
}
locals {
  prefix = "ml"
  suffix = upper("x")
  loop_b = local.loop_a
}
resource "aws_iam_role" "r" {
  name        = local.full
  description = local.loop_a
}
`,
    });
    const properties = resource(parsed, 'aws_iam_role.r').properties;
    expect(prop(properties, 'name')).toBe('ml-X');
    expect((prop(properties, 'description') as Unresolved).reason).toMatch(/^cycle: local\.loop_[ab] depends on itself$/);
  });

  it('gives path.module relative to the root, terraform.workspace, and owner symbols for the AWS data sources', async () => {
    const parsed = await parseTree({
      'main.tf': `module "child" {
  source = "./child"
}
`,
      'child/main.tf': `data "aws_caller_identity" "me" {}
data "aws_region" "here" {}
data "aws_partition" "p" {}
data "aws_iam_role" "existing" {
  name = "given"
}
resource "aws_iam_role" "r" {
  name        = "\${path.module}|\${terraform.workspace}"
  description = "arn:\${data.aws_partition.p.partition}:iam::\${data.aws_caller_identity.me.account_id}:\${data.aws_region.here.name}:\${data.aws_partition.p.dns_suffix}"
  path        = data.aws_iam_role.existing.name
  permissions_boundary = data.aws_iam_role.existing.unique_id
  tags        = { arn = data.aws_iam_role.existing.arn }
}
`,
    });
    const properties = resource(parsed, 'module.child.aws_iam_role.r').properties;
    expect(prop(properties, 'name')).toBe('child|default');
    expect(prop(properties, 'description')).toBe(`arn:${OWNER_PARTITION}:iam::${OWNER_ACCOUNT}:${OWNER_REGION}:${OWNER_URL_SUFFIX}`);
    expect(prop(properties, 'path')).toBe('given');
    expect((prop(properties, 'permissions_boundary') as Unresolved).reason).toBe('data source: module.child.data.aws_iam_role.existing.unique_id is read from AWS at plan time');
    // A role read by a name known: its ARN is a reference the graph follows to the role of that name.
    expect(prop(prop(properties, 'tags'), 'arn')).toBe(refMarker('module.child.data.aws_iam_role.existing', 'arn'));
  });

  it('reads data.aws_partition and data.aws_region in the region of their own provider configuration, not of the resource reading them', async () => {
    const parsed = await parseTree({
      'main.tf': `variable "region" {}
provider "aws" {
  region = "us-east-1"
}
provider "aws" {
  alias  = "china"
  region = "cn-north-1"
}
provider "aws" {
  alias  = "elsewhere"
  region = var.region
}
data "aws_partition" "default" {}
data "aws_region" "default" {}
data "aws_partition" "china" {
  provider = aws.china
}
data "aws_partition" "elsewhere" {
  provider = aws.elsewhere
}
data "aws_region" "elsewhere" {
  provider = aws.elsewhere
}
module "passed_china" {
  source    = "./child"
  providers = { aws = aws.china }
}
module "given_default" {
  source = "./child"
}
resource "aws_iam_role" "r" {
  provider    = aws.china
  name        = "\${data.aws_partition.default.partition}|\${data.aws_partition.default.id}|\${data.aws_region.default.name}|\${data.aws_partition.china.partition}|\${data.aws_partition.china.dns_suffix}"
  description = "\${data.aws_partition.elsewhere.partition}|\${data.aws_partition.elsewhere.dns_suffix}|\${data.aws_region.elsewhere.name}"
  path        = "/\${module.passed_china.partition}/\${module.given_default.partition}/"
}
`,
      'child/main.tf': `data "aws_partition" "here" {}
output "partition" {
  value = data.aws_partition.here.partition
}
`,
    });
    const properties = resource(parsed, 'aws_iam_role.r').properties;
    expect(prop(properties, 'name')).toBe('aws|aws|us-east-1|aws-cn|amazonaws.com.cn');
    // A configuration whose region is not known leaves the owner's symbols.
    expect(prop(properties, 'description')).toBe(`${OWNER_PARTITION}|${OWNER_URL_SUFFIX}|${OWNER_REGION}`);
    expect(prop(properties, 'path')).toBe('/aws-cn/aws/');
  });

  it('gives terraform.workspace as the workspace selected: TF_WORKSPACE, else .terraform/environment, else default', async () => {
    const tree = {
      'main.tf': `locals {
  accounts = { default = "111111111111", staging = "222222222222", prod = "333333333333" }
}
resource "aws_iam_role" "r" {
  name = "\${terraform.workspace}-\${local.accounts[terraform.workspace]}"
}
`,
    };
    expect(nameOf(await parseTree(tree), 'aws_iam_role.r')).toBe('default-111111111111');
    expect(nameOf(await parseTree({ ...tree, '.terraform/environment': 'staging\n' }), 'aws_iam_role.r')).toBe('staging-222222222222');
    const before = process.env['TF_WORKSPACE'];
    process.env['TF_WORKSPACE'] = 'prod';
    try {
      expect(nameOf(await parseTree({ ...tree, '.terraform/environment': 'staging' }), 'aws_iam_role.r')).toBe('prod-333333333333');
    } finally {
      if (before === undefined) delete process.env['TF_WORKSPACE'];
      else process.env['TF_WORKSPACE'] = before;
    }
  });

  it('composes aws_service_principal as the provider does: the suffix depends on the partition for a few services only', async () => {
    const parsed = await parseTree({
      'main.tf': `provider "aws" {
  region = "cn-north-1"
}
data "aws_service_principal" "sagemaker" {
  service_name = "sagemaker"
}
data "aws_service_principal" "s3_china" {
  service_name = "s3"
}
data "aws_service_principal" "s3_commercial" {
  service_name = "s3"
  region       = "eu-west-1"
}
data "aws_service_principal" "s3_govcloud" {
  service_name = "s3"
  region       = "us-gov-west-1"
}
data "aws_service_principal" "s3_sovereign" {
  service_name = "s3"
  region       = "eusc-de-east-1"
}
data "aws_service_principal" "given" {
  service_name = var.service
}
variable "service" {}
resource "aws_iam_role" "r" {
  name                 = data.aws_service_principal.sagemaker.name
  description          = data.aws_service_principal.sagemaker.id
  path                 = data.aws_service_principal.s3_china.name
  permissions_boundary = data.aws_service_principal.s3_commercial.name
  max_session_duration = data.aws_service_principal.given.name
  tags = {
    govcloud  = data.aws_service_principal.s3_govcloud.name
    sovereign = data.aws_service_principal.s3_sovereign.name
  }
}
`,
    });
    const properties = resource(parsed, 'aws_iam_role.r').properties;
    expect(prop(properties, 'name')).toBe('sagemaker.amazonaws.com');
    expect(prop(properties, 'description')).toBe('sagemaker.cn-north-1.amazonaws.com');
    expect(prop(properties, 'path')).toBeInstanceOf(Unresolved);
    expect(prop(properties, 'permissions_boundary')).toBe('s3.amazonaws.com');
    expect(prop(properties, 'max_session_duration')).toBeInstanceOf(Unresolved);
    // GovCloud writes the commercial suffix; a partition deputy does not know (the European Sovereign Cloud's) is not assumed.
    expect(prop(prop(properties, 'tags'), 'govcloud')).toBe('s3.amazonaws.com');
    expect(prop(prop(properties, 'tags'), 'sovereign')).toBeInstanceOf(Unresolved);
  });

  it('turns references to attributes known only after apply into reference markers, and configured ones into their values', async () => {
    const parsed = await parseTree({
      'main.tf': `resource "aws_iam_role" "a" {
  name = "literal"
}
resource "aws_iam_role" "b" {
  name        = aws_iam_role.a.name
  description = aws_iam_role.a.arn
}
`,
    });
    expect(resource(parsed, 'aws_iam_role.b').properties).toMatchObject({ name: 'literal', description: refMarker('aws_iam_role.a', 'arn') });
  });
});

describe('count and for_each', () => {
  it.each([
    ['count over a known number', 'count = 2\n  name = "r-${count.index}"', ['aws_iam_role.x[0]', 'aws_iam_role.x[1]'], ['r-0', 'r-1']],
    ['count = 0', 'count = 0\n  name = "never"', [], []],
    ['for_each over a set', 'for_each = toset(["b", "a"])\n  name = each.key', ['aws_iam_role.x["a"]', 'aws_iam_role.x["b"]'], ['a', 'b']],
    ['for_each over a map', 'for_each = { training = "t", inference = "i" }\n  name = "${each.key}=${each.value}"', ['aws_iam_role.x["inference"]', 'aws_iam_role.x["training"]'], ['inference=i', 'training=t']],
  ])('%s', async (_title, body, expectedAddresses, names) => {
    const parsed = await parseTree({ 'main.tf': `resource "aws_iam_role" "x" {\n  ${body}\n}\n` });
    expect(addresses(parsed)).toEqual(expectedAddresses);
    expect(resourcesOf(parsed).map((found) => prop(found.properties, 'name'))).toEqual(names);
  });

  it.each([
    ['count', 'count = var.n', 'count.index'],
    ['for_each', 'for_each = var.names', 'each.key'],
  ])('%s over an unknown value gives one [*] instance whose key is unresolved', async (argument, meta, key) => {
    const parsed = await parseTree({ 'main.tf': `variable "n" {}\nvariable "names" {}\nresource "aws_iam_role" "x" {\n  ${meta}\n  name = "r-\${${key}}"\n}\n` });
    expect(addresses(parsed)).toEqual(['aws_iam_role.x[*]']);
    const name = prop(resource(parsed, 'aws_iam_role.x[*]').properties, 'name') as string;
    expect(unresolvedPieceOf(name)?.reason).toMatch(/^unknown value: the (count|for_each) of aws_iam_role\.x is not known statically/);
    // Shown as the file writes it.
    expect(displayValue(name)).toBe(`r-\${${key}}`);
    // Whether it is created is not known: a Deny it carries may not exist (`Resource.createdNotKnown`).
    expect(resource(parsed, 'aws_iam_role.x[*]').createdNotKnown).toBe(`its ${argument} is not known`);
    // What decides it: the expression, which gives another resource of the same one the same count.
    expect(resource(parsed, 'aws_iam_role.x[*]').createdWith).toEqual([`${argument} \${${meta.slice(meta.indexOf('= ') + 2)}}`]);
  });

  it('resolves references to instances by index and key, and splats over them', async () => {
    const parsed = await parseTree({
      'main.tf': `resource "aws_iam_role" "x" {
  for_each = toset(["a", "b"])
  name     = "role-\${each.key}"
}
resource "aws_iam_role" "y" {
  count = 2
  name  = "y\${count.index}"
}
resource "aws_iam_policy" "p" {
  name        = aws_iam_role.x["b"].name
  description = join(",", aws_iam_role.y[*].name)
  path        = aws_iam_role.y[1].arn
}
`,
    });
    expect(resource(parsed, 'aws_iam_policy.p').properties).toMatchObject({ name: 'role-b', description: 'y0,y1', path: refMarker('aws_iam_role.y[1]', 'arn') });
  });
  it('keys instances by values built from the owner\'s symbols, written as their data sources, and resolves them by that key', async () => {
    const parsed = await parseTree({
      'main.tf': `data "aws_partition" "current" {}
data "aws_caller_identity" "current" {}
resource "aws_iam_role_policy_attachment" "admin" {
  for_each   = toset(["arn:\${data.aws_partition.current.partition}:iam::aws:policy/AdministratorAccess"])
  role       = "r"
  policy_arn = each.value
}
resource "aws_iam_role" "by_account" {
  for_each = { (data.aws_caller_identity.current.account_id) = "owner" }
  name     = each.value
}
resource "aws_iam_policy" "p" {
  name = aws_iam_role.by_account[data.aws_caller_identity.current.account_id].name
}
resource "aws_iam_role" "after_apply" {
  for_each = toset([aws_iam_policy.p.arn])
  name     = each.key
}
`,
    });
    expect(addresses(parsed).sort()).toEqual([
      'aws_iam_policy.p',
      'aws_iam_role.after_apply[*]',
      'aws_iam_role.by_account["${data.aws_caller_identity.current.account_id}"]',
      'aws_iam_role_policy_attachment.admin["arn:${data.aws_partition.current.partition}:iam::aws:policy/AdministratorAccess"]',
    ]);
    expect(resource(parsed, 'aws_iam_role_policy_attachment.admin["arn:${data.aws_partition.current.partition}:iam::aws:policy/AdministratorAccess"]').properties).toMatchObject({ policy_arn: `arn:${OWNER_PARTITION}:iam::aws:policy/AdministratorAccess` });
    expect(resource(parsed, 'aws_iam_policy.p').properties).toMatchObject({ name: 'owner' });
  });
});

describe('modules', () => {
  it('instantiates local modules recursively with inputs, outputs, count and for_each', async () => {
    const parsed = await parseTree({
      'main.tf': `module "team" {
  for_each = toset(["ml", "data"])
  source   = "./modules/team"
  team     = each.key
}
module "single" {
  count  = 1
  source = "./modules/team"
  team   = "solo"
}
resource "aws_iam_policy" "p" {
  name = module.team["ml"].role_name
  path = module.single[0].nested_arn
}
`,
      'modules/team/main.tf': `variable "team" {}
module "inner" {
  source = "../inner"
  name   = "\${var.team}-inner"
}
resource "aws_iam_role" "r" {
  name = "\${var.team}-role"
}
output "role_name" {
  value = aws_iam_role.r.name
}
output "nested_arn" {
  value = module.inner.arn
}
`,
      'modules/inner/main.tf': `variable "name" {}
resource "aws_iam_role" "r" {
  name = var.name
}
output "arn" {
  value = aws_iam_role.r.arn
}
`,
    });
    expect(addresses(parsed).sort()).toEqual([
      'aws_iam_policy.p',
      'module.single[0].aws_iam_role.r',
      'module.single[0].module.inner.aws_iam_role.r',
      'module.team["data"].aws_iam_role.r',
      'module.team["data"].module.inner.aws_iam_role.r',
      'module.team["ml"].aws_iam_role.r',
      'module.team["ml"].module.inner.aws_iam_role.r',
    ]);
    expect(nameOf(parsed, 'module.team["data"].module.inner.aws_iam_role.r')).toBe('data-inner');
    expect(resource(parsed, 'module.team["ml"].aws_iam_role.r')).toMatchObject({ name: 'aws_iam_role.r', file: 'modules/team/main.tf' });
    expect(resource(parsed, 'aws_iam_policy.p').properties).toMatchObject({ name: 'ml-role', path: refMarker('module.single[0].module.inner.aws_iam_role.r', 'arn') });
  });

  it('reads registry and git modules where terraform init installed them, with the inputs of their calls, and what they call', async () => {
    const installed = '.terraform/modules/role/modules/iam-assumable-role';
    const manifest = { Modules: [{ Key: '', Source: '', Dir: '.' }, { Key: 'role', Source: 'registry.terraform.io/terraform-aws-modules/iam/aws//modules/iam-assumable-role', Version: '5.30.0', Dir: installed }, { Key: 'role.inner', Source: './inner', Dir: `${installed}/inner` }, { Key: 'role.git', Source: 'git::https://example.com/x.git', Dir: '.terraform/modules/role.git' }] };
    const parsed = await parseTree({
      'main.tf': 'module "role" {\n  source    = "terraform-aws-modules/iam/aws//modules/iam-assumable-role"\n  version   = "5.30.0"\n  role_name = "exec"\n}\n',
      '.terraform/modules/modules.json': JSON.stringify(manifest),
      [`${installed}/main.tf`]: 'variable "role_name" {}\nresource "aws_iam_role" "this" {\n  name = var.role_name\n}\nmodule "inner" {\n  source = "./inner"\n  name   = "${var.role_name}-inner"\n}\nmodule "git" {\n  source = "git::https://example.com/x.git"\n}\n',
      [`${installed}/inner/main.tf`]: 'variable "name" {}\nresource "aws_iam_role" "inner" {\n  name = var.name\n}\n',
      '.terraform/modules/role.git/main.tf': 'resource "aws_iam_role" "git" {\n  name = "from-git"\n}\n',
    });
    expect(addresses(parsed).sort()).toEqual(['module.role.aws_iam_role.this', 'module.role.module.git.aws_iam_role.git', 'module.role.module.inner.aws_iam_role.inner']);
    expect(nameOf(parsed, 'module.role.module.inner.aws_iam_role.inner')).toBe('exec-inner');
    expect(resource(parsed, 'module.role.aws_iam_role.this')).toMatchObject({ file: `${installed}/main.tf` });
    expect(parsed.files[0]!.notices.filter((notice) => notice.message.includes('not installed'))).toEqual([]);
    // Only the root's own manifest counts, by the whole call path: a module folder scanned as a root has none.
    const alone = await parseTree({ 'main.tf': 'module "role" {\n  source = "terraform-aws-modules/iam/aws"\n}\n', '.terraform/modules/modules.json': JSON.stringify({ Modules: [{ Key: 'other', Dir: installed }] }), [`${installed}/main.tf`]: 'resource "aws_iam_role" "this" {}\n' });
    expect(addresses(alone)).toEqual([]);
  });

  it("says a module is not installed for each root that lacks it, and only for those", async () => {
    const app = 'module "role" {\n  source = "terraform-aws-modules/iam/aws//modules/iam-assumable-role"\n}\n';
    const root = 'module "app" {\n  source = "../../modules/app"\n}\n';
    const installed = 'envs/prod/.terraform/modules/app.role';
    const parsed = await parseTree({
      'modules/app/main.tf': app,
      'envs/prod/main.tf': root,
      'envs/prod/.terraform/modules/modules.json': JSON.stringify({ Modules: [{ Key: 'app', Source: '../../modules/app', Dir: '../../modules/app' }, { Key: 'app.role', Source: 'registry.terraform.io/terraform-aws-modules/iam/aws//modules/iam-assumable-role', Dir: '.terraform/modules/app.role' }] }),
      [`${installed}/main.tf`]: 'resource "aws_iam_role" "this" {\n  name = "r"\n}\n',
      'envs/dev/main.tf': root,
      'envs/test/main.tf': root,
    }, ['envs/prod', 'envs/dev', 'envs/test', 'modules/app']);
    const notInstalled = (file: string) => parsed.files.find((found) => found.file === file)!.notices.filter((notice) => notice.message.includes('not installed'));
    expect(notInstalled('envs/prod')).toEqual([]);
    // At the call in the module they share, naming the root: the same call is installed for one root and not for another.
    const notice = (root: string) => ({ file: 'modules/app/main.tf', line: 1, column: 1, message: `module "role": source "terraform-aws-modules/iam/aws//modules/iam-assumable-role" is not a local folder and is not installed for the root module ${root} (terraform init); its resources are not analyzed` });
    expect(notInstalled('envs/dev')).toEqual([notice('envs/dev')]);
    expect(notInstalled('envs/test')).toEqual([notice('envs/test')]);
    expect(resourcesOf(parsed).map((found) => found.address)).toEqual(['module.app.module.role.aws_iam_role.this']);
  });

  it('tells a problem of a module call that several roots share once, at the call, and what depends on the root once per root', async () => {
    const root = 'module "app" {\n  source = "../../modules/app"\n}\n';
    const result = await scanTree({
      'envs/dev/main.tf': root,
      'envs/test/main.tf': root,
      'modules/app/main.tf': 'module "gone" {\n  source = "./missing"\n}\n\nmodule "role" {\n  source = "terraform-aws-modules/iam/aws"\n}\n',
    });
    const notInstalled = (root: string) => ({ file: 'modules/app/main.tf', line: 5, column: 1, message: `module "role": source "terraform-aws-modules/iam/aws" is not a local folder and is not installed for the root module ${root} (terraform init); its resources are not analyzed` });
    expect(result.notices).toEqual([{ file: 'modules/app/main.tf', line: 1, column: 1, message: 'module "gone": folder "./missing" does not exist; skipped' }, notInstalled('envs/dev'), notInstalled('envs/test')]);
  });

  it('places a notice on a module call at the block that writes its source, an override file\'s when it replaces it', async () => {
    const parsed = await parseTree({
      'main.tf': 'module "a" {\n  source = "./missing"\n}\n\nmodule "b" {\n  source = "acme/role/aws"\n}\n',
      'override.tf': '# moved\nmodule "a" {\n  source = "./missing2"\n}\nmodule "b" {\n  version = "1.0"\n}\n',
    });
    expect(parsed.files[0]!.notices).toEqual([
      { file: 'override.tf', line: 2, column: 1, message: 'module "a": folder "./missing2" does not exist; skipped' },
      { file: 'main.tf', line: 5, column: 1, message: 'module "b": source "acme/role/aws" is not a local folder and is not installed here (terraform init); its resources are not analyzed' },
    ]);
  });

  it('places a notice on a module call of a .tf.json file at its name', async () => {
    const parsed = await parseTree({ 'main.tf.json': '{\n  "module": {\n    "role": {\n      "source": "acme/role/aws"\n    }\n  }\n}\n' });
    expect(parsed.files[0]!.notices).toEqual([{ file: 'main.tf.json', line: 3, column: 5, message: 'module "role": source "acme/role/aws" is not a local folder and is not installed here (terraform init); its resources are not analyzed' }]);
  });

  it.each([
    ['.tf', 'main.tf', 'variable "body" {\n  type = string\n}\n\nresource "aws_cloudformation_stack" "roles" {\n  name          = "roles"\n  template_body = var.body\n}\n\nresource "aws_cloudformation_stack_set" "roles" {\n  name         = "roles"\n  template_url = "https://bucket.s3.amazonaws.com/roles.yaml"\n}\n', [5, 1, 10, 1]],
    ['.tf.json', 'main.tf.json', '{\n  "variable": {"body": {"type": "string"}},\n  "resource": {\n    "aws_cloudformation_stack": {\n      "roles": {"name": "roles", "template_body": "${var.body}"}\n    },\n    "aws_cloudformation_stack_set": {\n      "roles": {"name": "roles", "template_url": "https://bucket.s3.amazonaws.com/roles.yaml"}\n    }\n  }\n}\n', [5, 7, 8, 7]],
  ])('notices each resource whose CloudFormation template cannot be read at its block: not known, or at a URL (%s)', async (_, file, text, [stackLine, stackColumn, setLine, setColumn]) => {
    const parsed = await parseTree({ [file]: text });
    expect(parsed.files[0]!.notices.filter((notice) => notice.line !== undefined)).toEqual([
      { file, line: stackLine, column: stackColumn, message: 'aws_cloudformation_stack.roles is not followed: the CloudFormation template it deploys is not analyzed (save it to a file of its own and scan it)' },
      { file, line: setLine, column: setColumn, message: 'aws_cloudformation_stack_set.roles is not followed: the CloudFormation template it deploys to its stack instances is not analyzed (save it to a file of its own and scan it)' },
    ]);
    expect(parsed.files[0]!.deployedTemplates).toBeUndefined();
  });

  it('leaves a data source of a CloudFormation stack unnoticed: it reads a deployed stack\'s outputs and deploys nothing', async () => {
    const parsed = await parseTree({ 'main.tf': 'data "aws_cloudformation_stack" "network" {\n  name = "network"\n}\n' });
    expect(parsed.files[0]!.notices).toEqual([]);
  });

  it('stops at a module tree or a count far larger than configurations make, instead of expanding millions', async () => {
    // Each folder calls the next twice: 2^22 module instances at the bottom.
    const folder = (level: number) => ['root', ...Array<string>(level).fill('n')].join('/');
    const tree: Record<string, string> = { [`${folder(22)}/main.tf`]: 'resource "aws_iam_role" "r" {\n  name = "r"\n}\n' };
    for (let level = 0; level < 22; level++) tree[`${folder(level)}/main.tf`] = 'module "a" {\n  source = "./n"\n}\nmodule "b" {\n  source = "./n"\n}\n';
    const parsed = await parseTree(tree, ['root']);
    expect(addresses(parsed).length).toBeLessThanOrEqual(10_001);
    expect(parsed.files[0]!.notices).toEqual(expect.arrayContaining([{ file: expect.stringMatching(/^root(\/n)*\/main\.tf$/), line: expect.any(Number), column: 1, message: expect.stringMatching(/^module "[ab]": the module tree holds more than 10,000 module calls; the rest are not followed$/) }]));
    const counted = await parseTree({ 'main.tf': 'resource "aws_iam_role" "r" {\n  count = 100000000\n  name  = "r"\n}\n' });
    expect(addresses(counted)).toEqual(['aws_iam_role.r[*]']);
    // A count that large makes some instance: the resource is created, though its instances are not expanded.
    expect(resource(counted, 'aws_iam_role.r[*]').createdNotKnown).toBeUndefined();
  });

  it('reads no file a module folder links from outside the scanned folders, and says so', async () => {
    // A git module's author links a file of the machine that installs it; the scanned folder is `root`.
    const parsed = await parseTree({
      'root/main.tf': 'module "role" {\n  source = "git::https://example.com/role.git"\n}\nresource "aws_iam_role" "mine" {\n  name = "mine"\n}\n',
      'root/.terraform/modules/modules.json': JSON.stringify({ Modules: [{ Key: 'role', Source: 'git::https://example.com/role.git', Dir: '.terraform/modules/role' }] }),
      'root/.terraform/modules/role/main.tf': 'resource "aws_iam_role" "this" {\n  name = "r"\n}\n',
      'root/.terraform/modules/role/outside.tf': { link: '../../../../elsewhere/secret.tf' },
      'elsewhere/secret.tf': 'resource "aws_iam_role" "secret" {\n  name = "secret"\n}\n',
    }, ['root']);
    expect(addresses(parsed).sort()).toEqual(['aws_iam_role.mine', 'module.role.aws_iam_role.this']);
    expect(parsed.files[0]!.notices).toContainEqual({ file: 'root/.terraform/modules/role/outside.tf', message: 'links to a file outside the scanned folders; not read' });
    expect(parsed.errors).toEqual([]);
  });

  it('names an installed module that is missing, or not a folder, by the folder terraform init recorded', async () => {
    const call = 'module "role" {\n  source = "acme/role/aws"\n}\n';
    const manifest = (directory: string) => JSON.stringify({ Modules: [{ Key: 'role', Source: 'registry.terraform.io/acme/role/aws', Dir: directory }] });
    const missing = await parseTree({ 'main.tf': call, '.terraform/modules/modules.json': manifest('.terraform/modules/role') });
    expect(missing.files[0]!.notices).toEqual([{ file: 'main.tf', line: 1, column: 1, message: 'module "role": folder ".terraform/modules/role" does not exist (run terraform init again); skipped' }]);
    const file = await parseTree({ 'main.tf': call, '.terraform/modules/modules.json': manifest('.terraform/modules/role.tf'), '.terraform/modules/role.tf': 'resource "aws_iam_role" "r" {}\n' });
    expect(file.errors).toEqual([]);
    expect(file.files[0]!.notices).toEqual([{ file: 'main.tf', line: 1, column: 1, message: 'module "role": folder ".terraform/modules/role.tf" does not exist (run terraform init again); skipped' }]);
  });

  it('relates a finding in installed code to the module call of the scanned configuration', async () => {
    const result = await scanTree({
      'main.tf': 'locals {\n  env = "prod"\n}\nmodule "role" {\n  source = "git::https://example.com/role.git"\n}\n',
      '.terraform/modules/modules.json': JSON.stringify({ Modules: [{ Key: 'role', Source: 'git::https://example.com/role.git', Dir: '.terraform/modules/role' }] }),
      '.terraform/modules/role/main.tf': 'module "inner" {\n  source = "./inner"\n}\n',
      '.terraform/modules/role/inner/main.tf': 'resource "aws_iam_role" "open" {\n  name               = "open"\n  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "sts:AssumeRole" }] })\n}\n',
    });
    const finding = result.findings.find((found) => found.ruleId === 'trust-any-principal')!;
    expect(finding.location).toMatchObject({ file: '.terraform/modules/role/inner/main.tf', startLine: 3 });
    expect(finding.related).toContainEqual({ message: 'the module call that terraform init installed this code for', resource: 'module.role.module.inner.aws_iam_role.open', location: expect.objectContaining({ file: 'main.tf', startLine: 4 }) });
  });

  it('names the module instance of a role in trust messages, so findings on instances of one module tell them apart', async () => {
    const result = await scanTree({
      'main.tf': [
        'module "role" {',
        '  source   = "./role"',
        '  for_each = toset(["a", "b"])',
        '}',
        'resource "aws_sagemaker_model" "m" {',
        '  name                     = "m"',
        '  execution_role_arn       = module.role["b"].arn',
        '  enable_network_isolation = true',
        '}',
        '',
      ].join('\n'),
      'role/main.tf': [
        'resource "aws_iam_role" "this" {',
        '  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }, { Effect = "Allow", Principal = { AWS = "*" }, Action = "sts:AssumeRole" }] })',
        '}',
        'output "arn" {',
        '  value = aws_iam_role.this.arn',
        '}',
        '',
      ].join('\n'),
    });
    const messages = (ruleId: string) => result.findings.filter((finding) => finding.ruleId === ruleId).map((finding) => finding.message).sort();
    expect(messages('trust-any-principal')).toEqual([expect.stringContaining('role module.role["a"].aws_iam_role.this'), expect.stringContaining('role module.role["b"].aws_iam_role.this')]);
    expect(messages('trust-sagemaker-role-unassumable')).toEqual([expect.stringContaining('uses role module.role["b"].aws_iam_role.this,')]);
  });

  it("says a fix set in the user's own call of installed code belongs in that call, and one set in a call the installed code writes in the module's source", async () => {
    const notebook = 'variable "kms_key_id" {\n  default = null\n}\nresource "aws_sagemaker_notebook_instance" "nb" {\n  name          = "nb"\n  role_arn      = "arn:aws:iam::493827160514:role/nb"\n  instance_type = "ml.t3.medium"\n  kms_key_id    = var.kms_key_id\n}\n';
    const result = await scanTree({
      'main.tf': 'module "installed" {\n  source = "git::https://example.com/notebook.git"\n}\nmodule "outer" {\n  source = "git::https://example.com/outer.git"\n}\n',
      '.terraform/modules/modules.json': JSON.stringify({
        Modules: [
          { Key: 'installed', Source: 'git::https://example.com/notebook.git', Dir: '.terraform/modules/installed' },
          { Key: 'outer', Source: 'git::https://example.com/outer.git', Dir: '.terraform/modules/outer' },
          { Key: 'outer.inner', Source: './inner', Dir: '.terraform/modules/outer/inner' },
        ],
      }),
      '.terraform/modules/installed/main.tf': notebook,
      '.terraform/modules/outer/main.tf': 'module "inner" {\n  source = "./inner"\n}\n',
      '.terraform/modules/outer/inner/main.tf': notebook,
    });
    const fixes = result.findings.filter((found) => found.ruleId === 'sagemaker-notebook-no-kms').map((found) => [found.resource.address, found.location.file.replace(/^.*deputy-[^/]*\//, ''), found.location.startLine, found.fix!.description.split(' In the module call')[0]]);
    expect(fixes.sort()).toEqual([
      ['module.installed.aws_sagemaker_notebook_instance.nb', 'main.tf', 1, "Make this change in your own code, the module call at main.tf:1, not in the module's source."],
      ['module.outer.module.inner.aws_sagemaker_notebook_instance.nb', '.terraform/modules/outer/main.tf', 1, "Make this change in the module's source (or pick a version that has it): terraform init installed this copy and undoes edits to it."],
    ]);
  });

  it("says a fix of installed code belongs in the module's source, and a fix of the user's own module does not", async () => {
    const trust = 'resource "aws_iam_role" "exec" {\n  name               = "exec"\n  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole" }] })\n}\n';
    const result = await scanTree({
      'main.tf': 'module "installed" {\n  source = "git::https://example.com/role.git"\n}\nmodule "local" {\n  source = "./local"\n}\n',
      '.terraform/modules/modules.json': JSON.stringify({ Modules: [{ Key: 'installed', Source: 'git::https://example.com/role.git', Dir: '.terraform/modules/installed' }] }),
      '.terraform/modules/installed/main.tf': trust,
      'local/main.tf': trust,
    });
    const fixOf = (address: string) => result.findings.find((found) => found.ruleId === 'trust-service-without-source-condition' && found.resource.address === address)!.fix!;
    expect(fixOf('module.installed.aws_iam_role.exec').description).toMatch(/^Make this change in the module's source \(or pick a version that has it\): terraform init installed this copy and undoes edits to it\. Add this Condition/);
    expect(fixOf('module.installed.aws_iam_role.exec').snippet).toBe(fixOf('module.local.aws_iam_role.exec').snippet);
    expect(fixOf('module.local.aws_iam_role.exec').description).toMatch(/^Add this Condition/);
  });

  it("takes no deputy:ignore comment of installed code for the user's, and no module installed from another source than the call's", async () => {
    const installed = '.terraform/modules/role';
    const manifest = (source: string) => JSON.stringify({ Modules: [{ Key: '', Source: '', Dir: '.' }, { Key: 'role', Source: source, Version: '5.30.0', Dir: installed }] });
    const call = 'module "role" {\n  source = "terraform-aws-modules/iam/aws//modules/iam-assumable-role"\n}\n';
    // A module's author suppresses a finding on its role, and leaves a malformed directive that would be an input error.
    const module = '# deputy:ignore trust-any-principal -- the authors say so\nresource "aws_iam_role" "this" {\n  name = "r"\n}\n# deputy:ignore\n';
    const parsed = await parseTree({ 'main.tf': call, '.terraform/modules/modules.json': manifest('registry.terraform.io/terraform-aws-modules/iam/aws//modules/iam-assumable-role'), [`${installed}/main.tf`]: module });
    expect(resource(parsed, 'module.role.aws_iam_role.this').suppressions).toBeUndefined();
    expect(parsed.errors).toEqual([]);
    // The call's source changed since terraform init: Terraform refuses to plan, and deputy does not read the old code.
    const stale = await parseTree({ 'main.tf': call, '.terraform/modules/modules.json': manifest('registry.terraform.io/terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts-eks'), [`${installed}/main.tf`]: module });
    expect(addresses(stale)).toEqual([]);
    expect(stale.files[0]!.notices).toEqual([expect.objectContaining({ file: 'main.tf', line: 1, message: expect.stringContaining('is not installed here (terraform init)') })]);
    // A manifest that is not a file is no manifest.
    const notFile = await parseTree({ 'main.tf': call, '.terraform/modules/modules.json/x': '', [`${installed}/main.tf`]: module });
    expect(addresses(notFile)).toEqual([]);
  });

  it('skips registry and git modules with one notice per source, and their outputs stay unresolved', async () => {
    const parsed = await parseTree({
      'main.tf': `module "a" {
  source = "terraform-aws-modules/iam/aws"
}
module "b" {
  source = "terraform-aws-modules/iam/aws"
}
module "c" {
  source = "git::https://example.com/x.git"
}
resource "aws_iam_role" "r" {
  name = module.a.name
}
`,
    });
    const notices = parsed.files[0]!.notices.filter((notice) => notice.message.includes('not installed'));
    // Each at the first module block of its source.
    expect(notices).toEqual([
      { file: 'main.tf', line: 1, column: 1, message: 'module "a": source "terraform-aws-modules/iam/aws" is not a local folder and is not installed here (terraform init); its resources are not analyzed' },
      { file: 'main.tf', line: 7, column: 1, message: 'module "c": source "git::https://example.com/x.git" is not a local folder and is not installed here (terraform init); its resources are not analyzed' },
    ]);
    expect((nameOf(parsed, 'aws_iam_role.r') as Unresolved).reason).toMatch(/^unknown reference: module\.a is not analyzed/);
  });

  it.each([
    ['a module that includes itself', { 'main.tf': 'module "me" {\n  source = "./"\n}\nresource "aws_iam_role" "r" {}\n' }, ['aws_iam_role.r']],
    [
      'a cycle through a symbolic link',
      {
        'main.tf': 'module "a" {\n  source = "./a"\n}\n',
        'a/main.tf': 'module "loop" {\n  source = "./back"\n}\nresource "aws_iam_role" "r" {}\n',
        'a/back': { link: '..' },
      },
      ['module.a.aws_iam_role.r'],
    ],
  ])('terminates on %s with an input error at the call, as Terraform refuses it, and analyzes the rest', async (_title, tree, expected) => {
    const parsed = await parseTree(tree);
    expect(addresses(parsed)).toEqual(expected);
    const cycles = parsed.errors.filter((error) => error.message.includes('a module cycle'));
    expect(cycles).toHaveLength(1);
    expect(cycles[0]!.line).toBe(1);
    expect(parsed.files[0]!.notices.some((notice) => notice.message.includes('a module cycle'))).toBe(false);
  });

  it('does not read module folders outside the scanned folders', async () => {
    const parsed = await parseTree({ 'root/main.tf': 'module "outside" {\n  source = "../shared"\n}\n', 'shared/main.tf': 'resource "aws_iam_role" "r" {}\n' }, ['root']);
    expect(addresses(parsed)).toEqual([]);
    expect(parsed.files[0]!.notices).toEqual([{ file: 'root/main.tf', line: 1, column: 1, message: 'module "outside": folder "../shared" is outside the scanned folders; skipped (scan a folder that contains it)' }]);
  });
});

describe('the region of a provider configuration', () => {
  /** `data.aws_region.here.name` and the region of `aws_iam_role.r` in the module at `address`, with the files given. */
  async function regionsIn(files: Record<string, string>, address = '', options: { variables?: Record<string, string> } = {}): Promise<[unknown, string | undefined]> {
    const parsed = await parseTree(files, ['.'], options);
    expect(parsed.errors).toEqual([]);
    const role = resource(parsed, `${address}aws_iam_role.r`);
    return [prop(role.properties, 'description'), role.region];
  }
  const readsRegion = (provider = '') => `data "aws_region" "here" {\n${provider}}\nresource "aws_iam_role" "r" {\n  description = data.aws_region.here.name\n${provider}}\n`;

  it('is the region its provider block writes, as the plan would hold it', async () => {
    expect(await regionsIn({ 'main.tf': `provider "aws" {\n  region = "eu-west-1"\n}\n${readsRegion()}` })).toEqual(['eu-west-1', 'eu-west-1']);
  });

  it('is read from a variable with a value', async () => {
    const files = { 'main.tf': `variable "region" {}\nprovider "aws" {\n  region = var.region\n}\n${readsRegion()}` };
    expect(await regionsIn(files, '', { variables: { region: 'eu-west-1' } })).toEqual(['eu-west-1', 'eu-west-1']);
    // Without one, or without a region in the block, the provider reads the environment: the owner's region, not known.
    expect(await regionsIn(files)).toEqual([OWNER_REGION, undefined]);
    expect(await regionsIn({ 'main.tf': `provider "aws" {}\n${readsRegion()}` })).toEqual([OWNER_REGION, undefined]);
    expect(await regionsIn({ 'main.tf': readsRegion() })).toEqual([OWNER_REGION, undefined]);
  });

  it('is the aliased configuration’s for what names it, and a block’s own region first', async () => {
    const providers = 'provider "aws" {\n  region = "eu-west-1"\n}\nprovider "aws" {\n  alias  = "west"\n  region = "us-west-2"\n}\n';
    expect(await regionsIn({ 'main.tf': providers + readsRegion('  provider = aws.west\n') })).toEqual(['us-west-2', 'us-west-2']);
    const ownRegion = 'data "aws_region" "here" {\n  region = "ap-south-1"\n}\nresource "aws_iam_role" "r" {\n  description = data.aws_region.here.name\n  region      = "ap-south-1"\n}\n';
    expect(await regionsIn({ 'main.tf': providers + ownRegion })).toEqual(['ap-south-1', 'ap-south-1']);
  });

  it('is passed to a module: the default configuration, with or without a providers argument, and the aliased ones it lists', async () => {
    const root = (call: string) => `provider "aws" {\n  region = "eu-west-1"\n}\nprovider "aws" {\n  alias  = "west"\n  region = "us-west-2"\n}\nmodule "m" {\n  source = "./m"\n${call}}\n`;
    expect(await regionsIn({ 'main.tf': root(''), 'm/main.tf': readsRegion() }, 'module.m.')).toEqual(['eu-west-1', 'eu-west-1']);
    expect(await regionsIn({ 'main.tf': root('  providers = {\n    aws = aws.west\n  }\n'), 'm/main.tf': readsRegion() }, 'module.m.')).toEqual(['us-west-2', 'us-west-2']);
    // Terraform passes the default configuration a providers argument does not map too (a plan reads eu-west-1 here).
    expect(await regionsIn({ 'main.tf': root('  providers = {\n    aws.other = aws.west\n  }\n'), 'm/main.tf': readsRegion() }, 'module.m.')).toEqual(['eu-west-1', 'eu-west-1']);
    expect(await regionsIn({ 'main.tf': root('  providers = {\n    aws.other = aws.west\n  }\n'), 'm/main.tf': readsRegion('  provider = aws.other\n') }, 'module.m.')).toEqual(['us-west-2', 'us-west-2']);
    // An aliased configuration is passed only by name; a module's own block is its own.
    expect(await regionsIn({ 'main.tf': root(''), 'm/main.tf': readsRegion('  provider = aws.west\n') }, 'module.m.')).toEqual([OWNER_REGION, undefined]);
    expect(await regionsIn({ 'main.tf': root(''), 'm/main.tf': `provider "aws" {\n  region = "sa-east-1"\n}\n${readsRegion()}` }, 'module.m.')).toEqual(['sa-east-1', 'sa-east-1']);
  });

  it('is the one an override file writes', async () => {
    const files = { 'main.tf': `provider "aws" {\n  region = "eu-west-1"\n}\n${readsRegion()}`, 'region_override.tf': 'provider "aws" {\n  region = "us-east-2"\n}\n' };
    expect(await regionsIn(files)).toEqual(['us-east-2', 'us-east-2']);
  });
});

describe('the default tags of a provider configuration', () => {
  /** `providerDefaultTags` of `aws_iam_user.u` in the module at `address`, with the files given. */
  async function defaultTagsIn(files: Record<string, string>, address = '', options: { variables?: Record<string, string> } = {}): Promise<unknown> {
    const parsed = await parseTree(files, ['.'], options);
    expect(parsed.errors).toEqual([]);
    return resource(parsed, `${address}aws_iam_user.u`).providerDefaultTags;
  }
  const user = (provider = '') => `resource "aws_iam_user" "u" {\n  name = "u"\n${provider}}\n`;
  const tagging = (tags: string, alias = '') => `provider "aws" {\n${alias ? `  alias = "${alias}"\n` : ''}  default_tags {\n    tags = ${tags}\n  }\n}\n`;

  it('are the map its default_tags block writes, for each resource it creates', async () => {
    expect(await defaultTagsIn({ 'main.tf': tagging('{ team = "ml", env = "prod" }') + user() })).toEqual({ team: 'ml', env: 'prod' });
    expect(await defaultTagsIn({ 'main.tf.json': JSON.stringify({ provider: { aws: { default_tags: { tags: { team: 'ml' } } } }, resource: { aws_iam_user: { u: { name: 'u' } } } }) })).toEqual({ team: 'ml' });
    // A value not known stays in the map, as one.
    const partly = (await defaultTagsIn({ 'main.tf': `variable "team" {}\n${tagging('{ team = var.team, env = "prod" }')}${user()}` })) as Record<string, Value>;
    expect(partly.env).toBe('prod');
    expect(partly.team).toBeInstanceOf(Unresolved);
  });

  it('are none where the block writes none, or a map not known, or the configuration is not written', async () => {
    expect(await defaultTagsIn({ 'main.tf': 'provider "aws" {\n  region = "eu-west-1"\n}\n' + user() })).toBeUndefined();
    expect(await defaultTagsIn({ 'main.tf': `variable "tags" {}\n${tagging('var.tags')}${user()}` })).toBeUndefined();
    expect(await defaultTagsIn({ 'main.tf': `variable "tags" {\n  default = { team = "ml" }\n}\n${tagging('var.tags')}${user()}` })).toEqual({ team: 'ml' });
    expect(await defaultTagsIn({ 'main.tf': user() })).toBeUndefined();
  });

  it('are the configuration’s that creates the resource: its provider argument’s, or the one a module is passed', async () => {
    const providers = tagging('{ team = "ml" }') + tagging('{ team = "data" }', 'west');
    expect(await defaultTagsIn({ 'main.tf': providers + user('  provider = aws.west\n') })).toEqual({ team: 'data' });
    const call = (argument: string) => `${providers}module "m" {\n  source = "./m"\n${argument}}\n`;
    expect(await defaultTagsIn({ 'main.tf': call(''), 'm/main.tf': user() }, 'module.m.')).toEqual({ team: 'ml' });
    expect(await defaultTagsIn({ 'main.tf': call('  providers = {\n    aws = aws.west\n  }\n'), 'm/main.tf': user() }, 'module.m.')).toEqual({ team: 'data' });
    // A module's own block is its own, default tags or none.
    expect(await defaultTagsIn({ 'main.tf': call(''), 'm/main.tf': `provider "aws" {}\n${user()}` }, 'module.m.')).toBeUndefined();
  });
});

describe('the tags a provider configuration ignores', () => {
  async function ignoredTagsIn(block: string, options: { variables?: Record<string, string> } = {}): Promise<unknown> {
    const parsed = await parseTree({ 'main.tf': `variable "keys" {\n  type = list(string)\n}\nprovider "aws" {\n${block}}\nresource "aws_iam_user" "u" {\n  name = "u"\n}\n` }, ['.'], options);
    expect(parsed.errors).toEqual([]);
    return resource(parsed, 'aws_iam_user.u').providerIgnoredTags;
  }

  it('are the keys and key prefixes its ignore_tags block writes', async () => {
    expect(await ignoredTagsIn('  ignore_tags {\n    keys         = ["team"]\n    key_prefixes = ["kubernetes.io/"]\n  }\n')).toEqual({ keys: ['team'], keyPrefixes: ['kubernetes.io/'] });
    expect(await ignoredTagsIn('  ignore_tags {\n    keys = ["team"]\n  }\n')).toEqual({ keys: ['team'], keyPrefixes: [] });
    expect(await ignoredTagsIn('  region = "us-east-1"\n')).toBeUndefined();
  });

  it('are not known where a list is not', async () => {
    expect(await ignoredTagsIn('  ignore_tags {\n    keys = var.keys\n  }\n')).toBe('not known');
    expect(await ignoredTagsIn('  ignore_tags {\n    keys = var.keys\n  }\n', { variables: { keys: '["team"]' } })).toEqual({ keys: ['team'], keyPrefixes: [] });
  });
});

describe('the account of a provider configuration', () => {
  /** The account of `aws_iam_role.r` in the module at `address`, with the files given. */
  async function accountIn(files: Record<string, string>, address = '', options: { variables?: Record<string, string> } = {}): Promise<string | undefined> {
    const parsed = await parseTree(files, ['.'], options);
    expect(parsed.errors).toEqual([]);
    return resource(parsed, `${address}aws_iam_role.r`).account;
  }
  const role = (provider = '') => `resource "aws_iam_role" "r" {\n${provider}}\n`;
  const locked = (accounts: string, alias = '') => `provider "aws" {\n${alias ? `  alias = "${alias}"\n` : ''}  allowed_account_ids = ${accounts}\n}\n`;
  /** A resource created with a configuration, which makes Terraform configure it. */
  const uses = (provider: string) => `resource "aws_sqs_queue" "${provider.replace('.', '_')}" {\n  provider = ${provider}\n}\n`;

  it('is the one account allowed_account_ids allows (Terraform refuses credentials of any other)', async () => {
    expect(await accountIn({ 'main.tf': locked('["493827160514"]') + role() })).toBe('493827160514');
    expect(await accountIn({ 'main.tf': `variable "account" {}\n${locked('[var.account]')}${role()}` }, '', { variables: { account: '493827160514' } })).toBe('493827160514');
    // Two accounts allowed, none, a value not known or not an account id: the account is not known.
    expect(await accountIn({ 'main.tf': locked('["493827160514", "210987654321"]') + role() })).toBeUndefined();
    expect(await accountIn({ 'main.tf': `variable "account" {}\n${locked('[var.account]')}${role()}` })).toBeUndefined();
    expect(await accountIn({ 'main.tf': locked('["prod"]') + role() })).toBeUndefined();
    expect(await accountIn({ 'main.tf': 'provider "aws" {\n  region = "eu-west-1"\n}\n' + role() })).toBeUndefined();
  });

  it('is, without allowed_account_ids, the account of the role the provider assumes', async () => {
    const assumes = (block: string, arn: string) => `provider "aws" {\n  ${block} {\n    role_arn = ${arn}\n  }\n}\n`;
    expect(await accountIn({ 'main.tf': assumes('assume_role', '"arn:aws:iam::210987654321:role/deploy"') + role() })).toBe('210987654321');
    expect(await accountIn({ 'main.tf': assumes('assume_role_with_web_identity', '"arn:aws:iam::210987654321:role/ci"') + role() })).toBe('210987654321');
    expect(await accountIn({ 'main.tf': `variable "arn" {}\n${assumes('assume_role', 'var.arn')}${role()}` }, '', { variables: { arn: 'arn:aws:iam::210987654321:role/deploy' } })).toBe('210987654321');
    expect(await accountIn({ 'main.tf': `variable "arn" {}\n${assumes('assume_role', 'var.arn')}${role()}` })).toBeUndefined();
    // The one account allowed is where Terraform runs at all.
    const both = 'provider "aws" {\n  allowed_account_ids = ["493827160514"]\n  assume_role {\n    role_arn = "arn:aws:iam::493827160514:role/deploy"\n  }\n}\n';
    expect(await accountIn({ 'main.tf': both + role() })).toBe('493827160514');
  });

  it('reads an assume_role block whose role_arn is empty or null as not written (the provider assumes no role for it)', async () => {
    const webIdentity = '  assume_role_with_web_identity {\n    role_arn                = "arn:aws:iam::210987654321:role/ci"\n    web_identity_token_file = "/var/run/token"\n  }\n';
    const provider = (roleArn: string) => `variable "arn" {\n  default = ""\n}\nprovider "aws" {\n${webIdentity}  assume_role {\n    role_arn = ${roleArn}\n  }\n}\n`;
    for (const roleArn of ['""', 'null', 'var.arn']) expect(await accountIn({ 'main.tf': provider(roleArn) + role() })).toBe('210987654321');
    expect(await accountIn({ 'main.tf': provider('var.arn') + role() }, '', { variables: { arn: 'arn:aws:iam::493827160514:role/deploy' } })).toBe('493827160514');
    // The session ends in the last role that is assumed; one whose role_arn is not known may be any.
    const chain = (last: string) => `variable "arn" {}\nprovider "aws" {\n  assume_role {\n    role_arn = "arn:aws:iam::493827160514:role/deploy"\n  }\n  assume_role {\n    role_arn = ${last}\n  }\n}\n`;
    expect(await accountIn({ 'main.tf': chain('""') + role() })).toBe('493827160514');
    expect(await accountIn({ 'main.tf': chain('var.arn') + role() })).toBeUndefined();
  });

  it('reads the assume_role blocks a dynamic block writes where its for_each is known, in the order written', async () => {
    const dynamic = (forEach: string) => `  dynamic "assume_role" {\n    for_each = ${forEach}\n    content {\n      role_arn = assume_role.value\n    }\n  }\n`;
    const assumes = (arn: string) => `  assume_role {\n    role_arn = "${arn}"\n  }\n`;
    const files = (...blocks: string[]) => ({
      'main.tf': `variable "roles" {\n  type = list(string)\n}\nlocals {\n  roles = { deploy = "arn:aws:iam::493827160514:role/deploy" }\n}\nprovider "aws" {\n${blocks.join('')}}\n${role()}`,
    });
    const [hop, deploy] = ['arn:aws:iam::305414263719:role/hop', 'arn:aws:iam::493827160514:role/deploy'];
    expect(await accountIn(files(dynamic(`["${hop}", "${deploy}"]`)))).toBe('493827160514');
    expect(await accountIn(files(assumes(hop), dynamic('local.roles')))).toBe('493827160514');
    expect(await accountIn(files(dynamic('var.roles')), '', { variables: { roles: `["${hop}", "${deploy}"]` } })).toBe('493827160514');
    expect(await accountIn(files(dynamic('local.roles'), assumes(hop)))).toBe('305414263719');
    // A for_each not known makes blocks not known, whose roles the session may end in; a block written after them decides.
    expect(await accountIn(files(assumes(deploy), dynamic('var.roles')))).toBeUndefined();
    expect(await accountIn(files(dynamic('var.roles'), assumes(deploy)))).toBe('493827160514');
    // None made: the session ends in the role written before.
    expect(await accountIn(files(assumes(hop), dynamic('[]')))).toBe('305414263719');
    // An override file's blocks of the type replace the others, static or dynamic.
    expect(await accountIn({ ...files(assumes(deploy)), 'provider_override.tf': `provider "aws" {\n${dynamic(`["${hop}"]`)}}\n` })).toBe('305414263719');
    expect(await accountIn({ ...files(dynamic(`["${hop}"]`)), 'provider_override.tf': `provider "aws" {\n${assumes(deploy)}}\n` })).toBe('493827160514');
  });

  it('is read from a .tf.json provider configuration as from its HCL form', async () => {
    const json = (provider: Record<string, unknown>) => ({ 'main.tf.json': JSON.stringify({ provider: { aws: provider }, resource: { aws_iam_role: { r: {} } } }) });
    const [hop, deploy] = ['arn:aws:iam::305414263719:role/hop', 'arn:aws:iam::493827160514:role/deploy'];
    expect(await accountIn(json({ allowed_account_ids: ['493827160514'] }))).toBe('493827160514');
    // One block may be written as an object, several as a list of objects.
    expect(await accountIn(json({ assume_role: { role_arn: deploy } }))).toBe('493827160514');
    expect(await accountIn(json({ assume_role: [{ role_arn: deploy }, { role_arn: hop }] }))).toBe('305414263719');
    expect(await accountIn(json({ assume_role_with_web_identity: { role_arn: deploy, web_identity_token_file: '/var/run/token' } }))).toBe('493827160514');
    expect(await accountIn(json({ assume_role: { role_arn: '' }, assume_role_with_web_identity: { role_arn: hop, web_identity_token_file: '/var/run/token' } }))).toBe('305414263719');
    expect(await accountIn(json({ dynamic: { assume_role: { for_each: [hop, deploy], content: { role_arn: '${assume_role.value}' } } } }))).toBe('493827160514');
  });

  it('is, for a configuration that fixes none, that of the configurations signing in with the same credentials, as a plan reads it', async () => {
    const provider = (alias: string, lines: string) => `provider "aws" {\n  alias = "${alias}"\n${lines}}\n`;
    const fixing = locked('["493827160514"]');
    const accountOf = (...providers: string[]) => accountIn({ 'main.tf': providers.join('') + uses('aws') + role('  provider = aws.west\n') });
    // No credential arguments: the environment's, as the default configuration's.
    expect(await accountOf(fixing, provider('west', '  region = "us-west-2"\n'))).toBe('493827160514');
    expect(await accountOf(fixing, provider('west', '  profile = "ops"\n'))).toBeUndefined();
    expect(await accountOf(locked('["493827160514"]', 'ops').replace('}', '  profile = "ops"\n}'), uses('aws.ops'), provider('west', '  profile = "ops"\n'))).toBe('493827160514');
    // An assume_role block that assumes no role, or a dynamic block that makes none, is not written.
    expect(await accountOf(fixing, provider('west', '  assume_role {\n    role_arn = ""\n  }\n'))).toBe('493827160514');
    expect(await accountOf(fixing, provider('west', '  dynamic "assume_role" {\n    for_each = []\n    content {\n      role_arn = assume_role.value\n    }\n  }\n'))).toBe('493827160514');
    expect(await accountOf(fixing, provider('west', '  assume_role {\n    role_arn = var.deploy\n  }\n'), 'variable "deploy" {}\n')).toBeUndefined();
    // Configurations signing in alike but fixing several accounts (one of them refused by Terraform) tell none.
    expect(await accountOf(fixing, locked('["210987654321"]', 'partner'), uses('aws.partner'), provider('west', '  region = "us-west-2"\n'))).toBeUndefined();
    // Terraform configures only a configuration something uses: one nothing uses fixes no account for others.
    expect(await accountIn({ 'main.tf': fixing + provider('west', '  region = "us-west-2"\n') + role('  provider = aws.west\n') })).toBeUndefined();
    expect(await accountOf(fixing, locked('["210987654321"]', 'partner'), provider('west', '  region = "us-west-2"\n'))).toBe('493827160514');
    // The root module's default configuration, written or not, and one passed to a module.
    const west = provider('west', '  region = "us-west-2"\n').replace('  alias = "west"\n', '  alias = "west"\n  allowed_account_ids = ["493827160514"]\n');
    expect(await accountIn({ 'main.tf': west + uses('aws.west') + role() })).toBe('493827160514');
    expect(await accountIn({ 'main.tf': `${west}${uses('aws.west')}module "m" {\n  source = "./m"\n}\n`, 'm/main.tf': role() }, 'module.m.')).toBe('493827160514');
    expect(await accountIn({ 'main.tf': west + role() })).toBeUndefined();
  });

  it('is, for a module’s own configuration that fixes none, that of the configurations of any module signing in alike where no argument reads a value', async () => {
    const own = (lines: string) => `provider "aws" {\n${lines}}\n${role()}`;
    const call = (name: string, lines = '') => `module "${name}" {\n  source = "./${name}"\n${lines}}\n`;
    const root = locked('["493827160514"]') + 'provider "aws" {\n  alias = "ops"\n  profile = "ops"\n  allowed_account_ids = ["210987654321"]\n}\n' + uses('aws') + uses('aws.ops');
    // The environment's credentials, and a profile written as a constant, are those of the root's configurations writing them.
    expect(await accountIn({ 'main.tf': root + call('m'), 'm/main.tf': own('  region = "us-west-2"\n') }, 'module.m.')).toBe('493827160514');
    expect(await accountIn({ 'main.tf': root + call('m'), 'm/main.tf': own('  profile = "ops"\n') }, 'module.m.')).toBe('210987654321');
    // And a module's, for the root's default configuration without a block, and for another module's.
    expect(await accountIn({ 'main.tf': call('m') + call('n'), 'm/main.tf': own('  region = "us-west-2"\n'), 'n/main.tf': locked('["493827160514"]') + uses('aws') }, 'module.m.')).toBe('493827160514');
    expect(await accountIn({ 'main.tf': call('n') + role(), 'n/main.tf': locked('["493827160514"]') + uses('aws') })).toBe('493827160514');
    // Not a module's configuration nothing uses, nor the root's its call passes to a module that does not use it.
    expect(await accountIn({ 'main.tf': call('n') + role(), 'n/main.tf': locked('["493827160514"]') })).toBeUndefined();
    const passedUnused = 'provider "aws" {\n  alias = "ops"\n  allowed_account_ids = ["493827160514"]\n}\n' + call('n', '  providers = {\n    aws = aws.ops\n  }\n') + call('m');
    expect(await accountIn({ 'main.tf': passedUnused, 'n/main.tf': '', 'm/main.tf': own('  region = "us-west-2"\n') }, 'module.m.')).toBeUndefined();
    expect(await accountIn({ 'main.tf': passedUnused, 'n/main.tf': uses('aws'), 'm/main.tf': own('  region = "us-west-2"\n') }, 'module.m.')).toBe('493827160514');
    // A value an argument reads is its module's.
    const profile = 'variable "profile" {}\nprovider "aws" {\n  profile = var.profile\n  allowed_account_ids = ["493827160514"]\n}\n';
    expect(await accountIn({ 'main.tf': profile + call('m', '  profile = "audit"\n'), 'm/main.tf': `variable "profile" {}\n${own('  profile = var.profile\n')}` }, 'module.m.', { variables: { profile: 'prod' } })).toBeUndefined();
    // Modules fixing several accounts for one way of signing in tell none.
    expect(await accountIn({ 'main.tf': locked('["493827160514"]') + uses('aws') + call('m') + call('n'), 'm/main.tf': own('  region = "us-west-2"\n'), 'n/main.tf': locked('["210987654321"]') + uses('aws') }, 'module.m.')).toBeUndefined();
  });

  it('is the configuration’s a resource names, or a module is passed, as with the region', async () => {
    const providers = locked('["493827160514"]') + locked('["210987654321"]', 'partner');
    expect(await accountIn({ 'main.tf': providers + role('  provider = aws.partner\n') })).toBe('210987654321');
    const call = (passed: string) => `${providers}module "m" {\n  source = "./m"\n${passed}}\n`;
    expect(await accountIn({ 'main.tf': call(''), 'm/main.tf': role() }, 'module.m.')).toBe('493827160514');
    expect(await accountIn({ 'main.tf': call('  providers = {\n    aws = aws.partner\n  }\n'), 'm/main.tf': role() }, 'module.m.')).toBe('210987654321');
  });

  it('is what the caller identity reads where configurations are locked to several accounts, else the owner’s, as a plan renders it', async () => {
    const caller = (providers: string) => `${providers}data "aws_caller_identity" "current" {}\nresource "aws_iam_role" "r" {\n  name = data.aws_caller_identity.current.account_id\n}\n`;
    const named = async (providers: string) => nameOf(await parseTree({ 'main.tf': caller(providers) }), 'aws_iam_role.r');
    expect(await named(locked('["493827160514"]') + locked('["210987654321"]', 'partner') + uses('aws.partner'))).toBe('493827160514');
    // One nothing uses is never configured: the caller identity reads the owner's account.
    expect(await named(locked('["493827160514"]') + locked('["210987654321"]', 'partner'))).toBe(OWNER_ACCOUNT);
    // Another configuration's, signing in otherwise and not locked: an account not known, not the one told beside it.
    const other = 'provider "aws" {\n  alias   = "other"\n  profile = "other"\n}\n';
    const readWith = (provider: string) => `data "aws_caller_identity" "current" {\n  provider = ${provider}\n}\nresource "aws_iam_role" "r" {\n  name = data.aws_caller_identity.current.account_id\n}\n`;
    const readOther = nameOf(await parseTree({ 'main.tf': locked('["493827160514"]') + other + readWith('aws.other') }), 'aws_iam_role.r');
    expect(typeof readOther === 'string' && unresolvedPieceOf(readOther)?.reason).toBe('unknown value: the account of provider aws.other, beside configurations that may deploy to other accounts, is not told');
    expect(nameOf(await parseTree({ 'main.tf': locked('["493827160514"]') + other + uses('aws.other') + readWith('aws') }), 'aws_iam_role.r')).toBe('493827160514');
    // One account: a plan writes the owner's symbol for it in every resource, those of a configuration not locked too.
    expect(await named(locked('["493827160514"]') + 'provider "aws" {\n  alias  = "west"\n  region = "us-west-2"\n}\n')).toBe(OWNER_ACCOUNT);
  });

  it('stands beside other accounts where a configuration something uses may deploy to another, not one nothing uses', async () => {
    const beside = async (files: Record<string, string>, address = '') => {
      const parsed = await parseTree(files, ['.']);
      expect(parsed.errors).toEqual([]);
      return resource(parsed, `${address}aws_iam_role.r`).besideOtherAccounts === true;
    };
    const profile = 'provider "aws" {\n  alias   = "other"\n  profile = "other"\n}\n';
    const call = (lines = '') => `module "m" {\n  source = "./m"\n${lines}}\n`;
    // Terraform never configures an alias nothing uses: it deploys nowhere.
    expect(await beside({ 'main.tf': profile + role() })).toBe(false);
    expect(await beside({ 'main.tf': profile + uses('aws.other') + role() })).toBe(true);
    // A data source uses it too, and so does a module it is passed to that uses it, or a module's own resource.
    expect(await beside({ 'main.tf': `${profile}data "aws_caller_identity" "other" {\n  provider = aws.other\n}\n${role()}` })).toBe(true);
    expect(await beside({ 'main.tf': profile + role() + call('  providers = {\n    aws = aws.other\n  }\n'), 'm/main.tf': '' })).toBe(false);
    expect(await beside({ 'main.tf': profile + role() + call('  providers = {\n    aws = aws.other\n  }\n'), 'm/main.tf': uses('aws') })).toBe(true);
    expect(await beside({ 'main.tf': role() + call(), 'm/main.tf': 'provider "aws" {\n  profile = "other"\n}\n' })).toBe(false);
    expect(await beside({ 'main.tf': call(), 'm/main.tf': `provider "aws" {\n  profile = "other"\n}\n${uses('aws')}`, 'main2.tf': role() })).toBe(true);
    // Another provider's configuration, whatever credentials it writes, deploys to no AWS account.
    expect(await beside({ 'main.tf': `provider "vault" {\n  token = "s.abc"\n}\ndata "vault_generic_secret" "x" {\n  path = "secret/x"\n}\n${role()}` })).toBe(false);
    // One nothing uses locked to another account neither.
    expect(await beside({ 'main.tf': locked('["493827160514"]') + locked('["210987654321"]', 'partner') + role() })).toBe(false);
    expect(await beside({ 'main.tf': locked('["493827160514"]') + locked('["210987654321"]', 'partner') + uses('aws.partner') + role() })).toBe(true);
  });

  it('makes the account its policies write read as the owner’s, where written as a whole number, as a plan reads it', async () => {
    const trust = (provider: string) =>
      `${provider}resource "aws_iam_role" "r" {\n  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = ["arn:aws:iam::493827160514:root", "4938271605149"] }, Condition = { StringEquals = { "aws:SourceAccount" = "493827160514" } } }] })\n}\n`;
    const read = async (provider: string) => {
      const parsed = await parseTree({ 'main.tf': trust(provider) });
      const role = resource(parsed, 'aws_iam_role.r');
      const [statement] = normalizePolicy(prop(role.properties, 'assume_role_policy'), { resource: role.address, path: ['assume_role_policy'], kind: 'trust' }, role).statements;
      return [...statement!.principal!.AWS, ...statement!.conditions[0]!.values].map(({ value }) => value);
    };
    expect(await read(locked('["493827160514"]'))).toEqual([`arn:aws:iam::${OWNER_ACCOUNT}:root`, '4938271605149', OWNER_ACCOUNT]);
    expect(await read(locked('["493827160514", "210987654321"]'))).toEqual(['arn:aws:iam::493827160514:root', '4938271605149', '493827160514']);
  });
});

describe('configurations Terraform refuses', () => {
  const role = (name: string) => `resource "aws_iam_role" "${name}" {\n  name = "${name}"\n  assume_role_policy = "{}"\n}\n`;

  it('leave every file of their tree unanalyzed, and the local modules a file that does not parse writes as a source', async () => {
    const result = await scanTree({
      'prod/main.tf': `${role('a')}module "m" {\n  source = "../modules/m"\n}\nresource "aws_s3_object" "o" {\n  source = "./lambda.zip"\n`,
      'prod/other.tf': `${role('b')}module "k" {\n  source = "../modules/k"\n}\n`,
      'prod/lambda.zip': '',
      'modules/m/main.tf': `${role('c')}module "n" {\n  source = "../n"\n}\n`,
      'modules/n/main.tf': role('d'),
      'modules/k/main.tf': role('e'),
      'dev/main.tf.json': '{"module": {"j": {"source": "../modules/j"}}, ',
      'modules/j/main.tf': role('g'),
      'qa/main.tf': `${role('q')}\n# deputy:ignore trust-any-principal -- attached to no block\n`,
    });
    expect(result.errors.map((error) => error.file).sort()).toEqual(['dev/main.tf.json', 'prod/main.tf', 'qa/main.tf']);
    expect(result.notAnalyzed?.sort()).toEqual(['dev/main.tf.json', 'modules/j/main.tf', 'modules/k/main.tf', 'modules/m/main.tf', 'modules/n/main.tf', 'prod/main.tf', 'prod/other.tf']);
  });

  it('leave a root unanalyzed when a variable file it is given does not parse', async () => {
    const tree = { 'main.tf': `variable "partner" {}\n${role('a')}`, 'prod.tfvars': 'partner = \n', 'ok.tfvars': 'partner = "x"\n' };
    expect((await scanTree(tree, { variableFiles: ['prod.tfvars'] })).notAnalyzed).toEqual(['main.tf']);
    expect((await scanTree(tree, { variableFiles: ['ok.tfvars'] })).notAnalyzed).toBeUndefined();
  });
});

