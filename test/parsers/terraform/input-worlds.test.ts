import { describe, expect, it } from 'vitest';
import { MAX_WORLDS, type ParsedFile, type PolicyRef, type Resource } from '../../../src/model/index.js';
import { normalizePolicy } from '../../../src/iam/normalize.js';
import { valueAt } from '../../../src/graph/graph.js';
import { parseTree } from './helpers.js';

const SAGEMAKER = 'sagemaker.amazonaws.com';
const EC2 = 'ec2.amazonaws.com';

/** A string variable `name` whose one validation block has the condition given. */
function variable(name: string, condition: string, extra = ''): string {
  return `variable "${name}" {\n  type = string\n${extra}  validation {\n    condition     = ${condition}\n    error_message = "no"\n  }\n}\n`;
}

/** A role `name` trusting the service principal written (an expression), with the extra arguments given. */
function role(name: string, service: string, extra = ''): string {
  return `resource "aws_iam_role" "${name}" {\n${extra}  assume_role_policy = jsonencode({\n    Version   = "2012-10-17"\n    Statement = [{ Effect = "Allow", Principal = { Service = ${service} }, Action = "sts:AssumeRole" }]\n  })\n}\n`;
}

/** The service principals of a role's trust policy in each world of the file. */
function servicesByWorld(file: ParsedFile, address: string): unknown[][] {
  return file.worlds.map((world) => {
    const holder = world.resources.find((found) => found.address === address) as Resource;
    const ref = world.policies.find((policy) => policy.resource === address && policy.kind === 'trust') as PolicyRef;
    return normalizePolicy(valueAt(holder.properties, ref.path), ref, holder).statements.flatMap((statement) => statement.principal!.Service.map(({ value }) => (typeof value === 'string' ? value : 'not known')));
  });
}

const SVC = variable('svc', `contains(["${SAGEMAKER}", "${EC2}"], var.svc)`);

describe('worlds over a root variable a trust principal is named by, whose validation lists its values', () => {
  it('makes a world of each value, naming it, and none where the variable has no value', async () => {
    const parsed = await parseTree({ 'main.tf': SVC + role('exec', 'var.svc') });
    const [file] = parsed.files;
    expect(parsed.errors).toEqual([]);
    expect(file!.worlds.map((world) => world.parameters)).toEqual([{ 'var.svc': SAGEMAKER }, { 'var.svc': EC2 }]);
    expect(servicesByWorld(file!, 'aws_iam_role.exec')).toEqual([[SAGEMAKER], [EC2]]);
    expect(file!.principalParameters).toEqual({ 'aws_iam_role.exec': ['var.svc'] });
    // The value the worlds vary is known in each: no notice counts it as not resolved.
    expect(file!.notices).toEqual([]);
  });

  it('reads a principal a policy document writes, a piece of a text, and a role of a local module the variable is passed to', async () => {
    const parsed = await parseTree({
      'main.tf': `${variable('short', 'var.short == "sagemaker" || var.short == "ec2"')}
data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["\${var.short}.amazonaws.com"]
    }
  }
}
resource "aws_iam_role" "doc" {
  assume_role_policy = data.aws_iam_policy_document.trust.json
}
module "team" {
  source  = "./team"
  service = "\${var.short}.amazonaws.com"
}
`,
      'team/main.tf': `variable "service" {}\n${role('member', 'var.service')}`,
    });
    const [file] = parsed.files;
    expect(file!.worlds.map((world) => world.parameters)).toEqual([{ 'var.short': 'sagemaker' }, { 'var.short': 'ec2' }]);
    expect(servicesByWorld(file!, 'aws_iam_role.doc')).toEqual([[SAGEMAKER], [EC2]]);
    expect(servicesByWorld(file!, 'module.team.aws_iam_role.member')).toEqual([[SAGEMAKER], [EC2]]);
    expect(file!.principalParameters).toEqual({ 'aws_iam_role.doc': ['var.short'], 'module.team.aws_iam_role.member': ['var.short'] });
  });

  it('makes every combination of two variables, and counts what stays not known as one world holds it', async () => {
    const parsed = await parseTree({
      'main.tf': SVC + variable('other', `var.other == "${SAGEMAKER}"`) + 'variable "role_name" {}\n' + role('exec', '[var.svc, var.other]', '  name = var.role_name\n'),
    });
    const [file] = parsed.files;
    expect(file!.worlds.map((world) => world.parameters)).toEqual([
      { 'var.svc': SAGEMAKER, 'var.other': SAGEMAKER },
      { 'var.svc': EC2, 'var.other': SAGEMAKER },
    ]);
    expect(file!.principalParameters).toEqual({ 'aws_iam_role.exec': ['var.svc', 'var.other'] });
    expect(file!.notices).toEqual([{ file: '.', message: '1 value could not be resolved statically (variable 1); no finding rests on them alone' }]);
  });

  it.each([
    ['a variable with a default', variable('svc', `contains(["${SAGEMAKER}", "${EC2}"], var.svc)`, `  default = "${EC2}"\n`), {}, [[EC2]]],
    ['a variable given a value', SVC, { variables: { svc: EC2 } }, [[EC2]]],
    ['a validation that lists no values', variable('svc', 'can(regex("^[a-z.]+$", var.svc))'), {}, [['not known']]],
  ])('keeps one world, read as before, for %s', async (_, declared, options, services) => {
    const parsed = await parseTree({ 'main.tf': declared + role('exec', 'var.svc') }, ['.'], options);
    const [file] = parsed.files;
    expect(parsed.errors).toEqual([]);
    expect(file!.worlds).toHaveLength(1);
    expect(file!.worlds[0]!.parameters).toBeUndefined();
    expect(file!.principalParameters).toBeUndefined();
    expect(servicesByWorld(file!, 'aws_iam_role.exec')).toEqual(services);
  });

  it('keeps one world for a listed variable a role reads elsewhere than in a principal', async () => {
    const elsewhere = await parseTree({ 'main.tf': SVC + role('exec', `"${SAGEMAKER}"`, '  name = var.svc\n') });
    expect(elsewhere.files[0]!.worlds).toHaveLength(1);
    expect(elsewhere.files[0]!.notices).toEqual([{ file: '.', message: '1 value could not be resolved statically (variable 1); no finding rests on them alone' }]);
  });

  it('makes a world of each value a called module\'s variable lists that a root variable is passed to whole, at any depth, and of those every validation lists', async () => {
    const call = (name: string, source: string, argument: string) => `module "${name}" {\n  source  = "${source}"\n  service = ${argument}\n}\n`;
    const team = variable('service', `contains(["${SAGEMAKER}", "${EC2}"], var.service)`) + role('member', 'var.service');
    const direct = await parseTree({ 'main.tf': `variable "svc" {}\n${call('team', './team', 'var.svc')}`, 'team/main.tf': team });
    expect(direct.errors).toEqual([]);
    expect(direct.files[0]!.worlds.map((world) => world.parameters)).toEqual([{ 'var.svc': SAGEMAKER }, { 'var.svc': EC2 }]);
    expect(servicesByWorld(direct.files[0]!, 'module.team.aws_iam_role.member')).toEqual([[SAGEMAKER], [EC2]]);
    expect(direct.files[0]!.principalParameters).toEqual({ 'module.team.aws_iam_role.member': ['var.svc'] });
    // Through a module that passes it on whole, in .tf.json too; the root's own validation and the module's both hold.
    const nested = await parseTree({
      'main.tf': `${variable('svc', `contains(["${EC2}", "${SAGEMAKER}", "lambda.amazonaws.com"], var.svc)`)}${call('outer', './outer', 'var.svc')}`,
      'outer/main.tf.json': JSON.stringify({ variable: { service: { type: 'string' } }, module: { inner: { source: '../team', service: '${var.service}' } } }),
      'team/main.tf': team,
    });
    expect(nested.errors).toEqual([]);
    expect(nested.files[0]!.worlds.map((world) => world.parameters)).toEqual([{ 'var.svc': EC2 }, { 'var.svc': SAGEMAKER }]);
    expect(servicesByWorld(nested.files[0]!, 'module.outer.module.inner.aws_iam_role.member')).toEqual([[EC2], [SAGEMAKER]]);
    // A root variable given a value, or with a default, is read as before.
    const defaulted = await parseTree({ 'main.tf': `variable "svc" {\n  default = "${EC2}"\n}\n${call('team', './team', 'var.svc')}`, 'team/main.tf': team });
    expect(defaulted.files[0]!.worlds.map((world) => world.parameters)).toEqual([undefined]);
  });

  it(`analyzes ${MAX_WORLDS} values of a variable that lists more, naming those left out`, async () => {
    const services = Array.from({ length: MAX_WORLDS + 2 }, (_, index) => `s${index}.amazonaws.com`);
    const parsed = await parseTree({ 'main.tf': variable('many', `contains(${JSON.stringify(services)}, var.many)`) + role('exec', 'var.many') });
    const [file] = parsed.files;
    expect(file!.worlds.map((world) => world.parameters!['var.many'])).toEqual(services.slice(0, MAX_WORLDS));
    expect(file!.notices).toEqual([{ file: '.', message: `only ${MAX_WORLDS} worlds are analyzed: none of them has var.many = s${MAX_WORLDS}.amazonaws.com, var.many = s${MAX_WORLDS + 1}.amazonaws.com` }]);
  });

  it(`varies variables side by side where their combinations are more than ${MAX_WORLDS}`, async () => {
    const five = (prefix: string) => JSON.stringify(Array.from({ length: 5 }, (_, index) => `${prefix}${index}.amazonaws.com`));
    const parsed = await parseTree({ 'main.tf': variable('a', `contains(${five('a')}, var.a)`) + variable('b', `contains(${five('b')}, var.b)`) + role('one', 'var.a') + role('two', 'var.b') });
    const [file] = parsed.files;
    expect(file!.worlds.map((world) => world.parameters)).toEqual(Array.from({ length: 5 }, (_, index) => ({ 'var.a': `a${index}.amazonaws.com`, 'var.b': `b${index}.amazonaws.com` })));
    expect(file!.notices).toEqual([{ file: '.', message: 'trust principals depend on var.a, var.b (25 combinations); 5 worlds vary them side by side' }]);
  });
});

describe('a value given for a root variable whose validation lists its values', () => {
  it('is an input error where it is given when it is none of them, and the variable is not known', async () => {
    const parsed = await parseTree({ 'main.tf': SVC + role('exec', 'var.svc'), 'terraform.tfvars': '# the service\nsvc = "lambda.amazonaws.com"\n' });
    expect(parsed.errors).toEqual([{ file: 'terraform.tfvars', line: 2, column: 1, message: `invalid value for variable svc: "lambda.amazonaws.com" is not one of the values its validation allows (${SAGEMAKER}, ${EC2}); Terraform refuses it, and var.svc is analyzed as not known` }]);
    expect(parsed.files[0]!.worlds).toHaveLength(1);
    expect(parsed.notAnalyzed).toEqual(['main.tf']);
  });

  it('does not quote the value of a sensitive variable, given with --var', async () => {
    const parsed = await parseTree({ 'main.tf': variable('svc', `contains(["${SAGEMAKER}"], var.svc)`, '  sensitive = true\n') + role('exec', 'var.svc') }, ['.'], { variables: { svc: EC2 } });
    expect(parsed.errors).toEqual([{ file: '(command line)', message: `invalid value for variable svc (--var): the value is not one of the values its validation allows (${SAGEMAKER}); Terraform refuses it, and var.svc is analyzed as not known` }]);
  });
});

describe('a value given for a root variable passed whole to a called module\'s variable whose validation lists its values', () => {
  const call = (name: string, source: string, argument: string, extra = '') => `module "${name}" {\n  source  = "${source}"\n${extra}  service = ${argument}\n}\n`;
  const team = (extra = '') => variable('service', `contains(["${SAGEMAKER}", "${EC2}"], var.service)`, extra) + role('member', 'var.service');
  const refused = (given: string, variable: string, listed = `${SAGEMAKER}, ${EC2}`) =>
    `${given} is not one of the values the validation of ${variable} allows (${listed}); Terraform refuses it, and var.svc is analyzed as not known`;

  it('is an input error where it is given that names the module variable, in .tf and through .tf.json, and the variable is not known', async () => {
    const direct = await parseTree({ 'main.tf': `variable "svc" {}\n${call('team', './team', 'var.svc')}`, 'team/main.tf': team(), 'terraform.tfvars': 'svc = "lambda.amazonaws.com"\n' });
    expect(direct.errors).toEqual([{ file: 'terraform.tfvars', line: 1, column: 1, message: `invalid value for variable svc: ${refused('"lambda.amazonaws.com"', 'module.team.var.service')}` }]);
    expect(servicesByWorld(direct.files[0]!, 'module.team.aws_iam_role.member')).toEqual([['not known']]);
    expect(direct.notAnalyzed).toEqual(['main.tf', 'team/main.tf']);
    const nested = await parseTree(
      {
        'main.tf.json': JSON.stringify({ variable: { svc: { type: 'string' } }, module: { outer: { source: './outer', service: '${var.svc}' } } }),
        'outer/main.tf.json': JSON.stringify({ variable: { service: { type: 'string' } }, module: { inner: { source: '../team', service: '${var.service}' } } }),
        'team/main.tf': team(),
      },
      ['.'],
      { variables: { svc: 'lambda.amazonaws.com' } },
    );
    expect(nested.errors).toEqual([{ file: '(command line)', message: `invalid value for variable svc (--var): ${refused('"lambda.amazonaws.com"', 'module.outer.module.inner.var.service')}` }]);
  });

  it('takes a value every validation lists, and names the root\'s own validation first where both refuse it', async () => {
    const tree = { 'main.tf': `${variable('svc', `contains(["${EC2}", "lambda.amazonaws.com"], var.svc)`)}${call('team', './team', 'var.svc')}`, 'team/main.tf': team() };
    const taken = await parseTree(tree, ['.'], { variables: { svc: EC2 } });
    expect(taken.errors).toEqual([]);
    expect(servicesByWorld(taken.files[0]!, 'module.team.aws_iam_role.member')).toEqual([[EC2]]);
    expect((await parseTree(tree, ['.'], { variables: { svc: 'lambda.amazonaws.com' } })).errors.map((error) => error.message)).toEqual([
      `invalid value for variable svc (--var): ${refused('"lambda.amazonaws.com"', 'module.team.var.service')}`,
    ]);
    expect((await parseTree(tree, ['.'], { variables: { svc: SAGEMAKER } })).errors.map((error) => error.message)).toEqual([
      `invalid value for variable svc (--var): "${SAGEMAKER}" is not one of the values its validation allows (${EC2}, lambda.amazonaws.com); Terraform refuses it, and var.svc is analyzed as not known`,
    ]);
  });

  it('does not quote the value where the root variable or the module variable is sensitive', async () => {
    const root = await parseTree({ 'main.tf': `variable "svc" {\n  sensitive = true\n}\n${call('team', './team', 'var.svc')}`, 'team/main.tf': team() }, ['.'], { variables: { svc: 'lambda.amazonaws.com' } });
    expect(root.errors.map((error) => error.message)).toEqual([`invalid value for variable svc (--var): ${refused('the value', 'module.team.var.service')}`]);
    const module = await parseTree({ 'main.tf': `variable "svc" {}\n${call('team', './team', 'var.svc')}`, 'team/main.tf': team('  sensitive = "true"\n') }, ['.'], { variables: { svc: 'lambda.amazonaws.com' } });
    expect(module.errors.map((error) => error.message)).toEqual([`invalid value for variable svc (--var): ${refused('the value', 'module.team.var.service')}`]);
  });

  it('is an input error where the text it is written into enters the module, where it is written into a text the module refuses', async () => {
    const parsed = await parseTree({ 'main.tf': `variable "svc" {}\n${call('team', './team', '"x-${var.svc}"')}`, 'team/main.tf': team() }, ['.'], { variables: { svc: 'lambda.amazonaws.com' } });
    expect(parsed.errors).toEqual([
      {
        file: 'main.tf',
        line: 4,
        column: 3,
        message: `invalid value for variable service of module.team: "x-lambda.amazonaws.com" is not one of the values its validation allows (${SAGEMAKER}, ${EC2}); Terraform refuses it, and module.team.var.service is analyzed as not known`,
      },
    ]);
  });

  it.each([
    ['passed to a module called with count, whose instances may be none', call('team', './team', 'var.svc', '  count   = 0\n')],
    ['passed to a module called with for_each', call('team', './team', 'var.svc', '  for_each = toset([])\n')],
    ['passed to a module variable of another name than the one validated', `module "team" {\n  source = "./team"\n  service = "${SAGEMAKER}"\n  other = var.svc\n}\n`],
  ])('is no error where the variable is %s', async (_, written) => {
    const parsed = await parseTree({ 'main.tf': `variable "svc" {}\n${written}`, 'team/main.tf': `${team()}variable "other" {\n  default = ""\n}\n` }, ['.'], { variables: { svc: 'lambda.amazonaws.com' } });
    expect(parsed.errors).toEqual([]);
  });
});

describe('a value given for a root variable passed whole to a module called with a count or for_each', () => {
  const team = variable('service', `contains(["${SAGEMAKER}"], var.service)`) + role('member', 'var.service');
  const call = (expansion: string) => `variable "svc" {}\nvariable "n" {\n  type = number\n}\nmodule "team" {\n  source  = "./team"\n${expansion}  service = var.svc\n}\n`;
  const refused = `invalid value for variable svc: "${EC2}" is not one of the values the validation of module.team.var.service allows (${SAGEMAKER}); Terraform refuses it, and var.svc is analyzed as not known`;

  it.each([
    ['count = 1', '  count   = 1\n'],
    ['count = 2', '  count   = 2\n'],
    ['for_each of one key', '  for_each = toset(["a"])\n'],
  ])('is an input error where it is given when the %s is a constant that makes an instance', async (_, expansion) => {
    const parsed = await parseTree({ 'main.tf': call(expansion), 'team/main.tf': team, 'terraform.tfvars': `svc = "${EC2}"\n` });
    expect(parsed.errors).toEqual([{ file: 'terraform.tfvars', line: 1, column: 1, message: refused }]);
  });

  it('is an input error where it is given through .tf.json, whose count is a JSON number', async () => {
    const parsed = await parseTree({
      'main.tf.json': JSON.stringify({ variable: { svc: {} }, module: { team: { source: './team', count: 1, service: '${var.svc}' } } }),
      'team/main.tf': team,
      'terraform.tfvars': `svc = "${EC2}"\n`,
    });
    expect(parsed.errors).toEqual([{ file: 'terraform.tfvars', line: 1, column: 1, message: refused }]);
  });

  it.each([
    ['count = 0', '  count   = 0\n'],
    ['count of a variable not known', '  count   = var.n\n'],
    ['empty for_each', '  for_each = {}\n'],
    ['for_each of a variable not known', '  for_each = toset([tostring(var.n)])\n'],
  ])('is no error where the %s may make no instance', async (_, expansion) => {
    const parsed = await parseTree({ 'main.tf': call(expansion), 'team/main.tf': team, 'terraform.tfvars': `svc = "${EC2}"\n` });
    expect(parsed.errors).toEqual([]);
  });
});

describe('a default a variable\'s validation refuses', () => {
  const SVC_DEFAULT = (value: string, extra = '') => variable('svc', `contains(["${SAGEMAKER}", "${EC2}"], var.svc)`, `  default = "${value}"\n${extra}`);
  const refusedDefault = (value: string, name = 'svc', module = '') =>
    `invalid default for variable ${name}${module && ` of ${module}`}: "${value}" is not one of the values its validation allows (${SAGEMAKER}, ${EC2}); Terraform refuses it, and ${module && `${module}.`}var.${name} is analyzed as not known`;

  it('is an input error at the root\'s default when no value replaces it, read or not, and the variable is not known', async () => {
    const read = await parseTree({ 'main.tf': `# a role\n${SVC_DEFAULT('lambda.amazonaws.com')}${role('exec', 'var.svc')}` });
    expect(read.errors).toEqual([{ file: 'main.tf', line: 4, column: 3, message: refusedDefault('lambda.amazonaws.com') }]);
    expect(servicesByWorld(read.files[0]!, 'aws_iam_role.exec')).toEqual([['not known']]);
    expect(read.notAnalyzed).toEqual(['main.tf']);
    const unread = await parseTree({ 'main.tf': SVC_DEFAULT('lambda.amazonaws.com') });
    expect(unread.errors).toEqual([{ file: 'main.tf', line: 3, column: 3, message: refusedDefault('lambda.amazonaws.com') }]);
  });

  it('is an input error at the default of a .tf.json variable, whose validation may be one object', async () => {
    const parsed = await parseTree({
      'main.tf.json': JSON.stringify(
        { variable: { svc: { type: 'string', default: 'lambda.amazonaws.com', validation: { condition: `\${contains(["${SAGEMAKER}", "${EC2}"], var.svc)}`, error_message: 'no' } } } },
        null,
        2,
      ),
    });
    expect(parsed.errors).toEqual([{ file: 'main.tf.json', line: 5, column: 7, message: refusedDefault('lambda.amazonaws.com') }]);
  });

  it.each([
    ['a default the validation lists', SVC_DEFAULT(EC2), {}],
    ['a default a variable file replaces', SVC_DEFAULT('lambda.amazonaws.com'), { 'terraform.tfvars': `svc = "${EC2}"\n` }],
    ['a default a validation listing no values cannot refuse', `variable "svc" {\n  default = "x"\n  validation {\n    condition     = length(var.svc) > 3\n    error_message = "no"\n  }\n}\n`, {}],
    ['a default of another type than text', `variable "svc" {\n  type    = list(string)\n  default = ["x"]\n  validation {\n    condition     = contains(["a"], var.svc)\n    error_message = "no"\n  }\n}\n`, {}],
  ])('is no error for %s', async (_, declared, files) => {
    const parsed = await parseTree({ 'main.tf': declared + role('exec', 'var.svc'), ...files });
    expect(parsed.errors).toEqual([]);
  });

  it('is no error where --var replaces the default', async () => {
    const parsed = await parseTree({ 'main.tf': SVC_DEFAULT('lambda.amazonaws.com') + role('exec', 'var.svc') }, ['.'], { variables: { svc: SAGEMAKER } });
    expect(parsed.errors).toEqual([]);
    expect(servicesByWorld(parsed.files[0]!, 'aws_iam_role.exec')).toEqual([[SAGEMAKER]]);
  });

  it('is an input error at a module variable\'s default its call does not replace, and none where it does', async () => {
    const team = SVC_DEFAULT('lambda.amazonaws.com') + role('member', 'var.svc');
    const defaulted = await parseTree({ 'main.tf': 'module "team" {\n  source = "./team"\n}\n', 'team/main.tf': team });
    expect(defaulted.errors).toEqual([{ file: 'team/main.tf', line: 3, column: 3, message: refusedDefault('lambda.amazonaws.com', 'svc', 'module.team') }]);
    const replaced = await parseTree({ 'main.tf': `module "team" {\n  source = "./team"\n  svc    = "${EC2}"\n}\n`, 'team/main.tf': team });
    expect(replaced.errors).toEqual([]);
  });
});

describe('a value a module\'s validation refuses that enters it otherwise than from a root variable given a value', () => {
  const team = variable('service', `contains(["${SAGEMAKER}", "${EC2}"], var.service)`) + role('member', 'var.service');
  const refused = (value: string, module: string) =>
    `invalid value for variable service of ${module}: "${value}" is not one of the values its validation allows (${SAGEMAKER}, ${EC2}); Terraform refuses it, and ${module}.var.service is analyzed as not known`;

  it('is an input error at the argument of the call that passes it: a text, a local, a root default passed whole', async () => {
    const parsed = await parseTree({
      'main.tf': `locals {\n  svc = "iam.amazonaws.com"\n}\nvariable "svc" {\n  default = "lambda.amazonaws.com"\n}\nmodule "text" {\n  source  = "./team"\n  service = "lambda.amazonaws.com"\n}\nmodule "local" {\n  source  = "./team"\n  service = local.svc\n}\nmodule "default" {\n  source  = "./team"\n  service = var.svc\n}\n`,
      'team/main.tf': team,
    });
    expect(parsed.errors.toSorted((a, b) => a.line! - b.line!)).toEqual([
      { file: 'main.tf', line: 9, column: 3, message: refused('lambda.amazonaws.com', 'module.text') },
      { file: 'main.tf', line: 13, column: 3, message: refused('iam.amazonaws.com', 'module.local') },
      { file: 'main.tf', line: 17, column: 3, message: refused('lambda.amazonaws.com', 'module.default') },
    ]);
    expect(servicesByWorld(parsed.files[0]!, 'module.text.aws_iam_role.member')).toEqual([['not known']]);
    expect(parsed.notAnalyzed).toEqual(['main.tf', 'team/main.tf']);
  });

  it('names the line where the value enters the module that refuses it, down a chain root → a → b, in .tf and .tf.json', async () => {
    const hcl = await parseTree({
      'main.tf': 'module "a" {\n  source  = "./a"\n  service = "lambda.amazonaws.com"\n}\n',
      'a/main.tf': 'variable "service" {}\nmodule "b" {\n  source  = "../team"\n  service = var.service\n}\n',
      'team/main.tf': team,
    });
    expect(hcl.errors).toEqual([{ file: 'a/main.tf', line: 4, column: 3, message: refused('lambda.amazonaws.com', 'module.a.module.b') }]);
    const json = await parseTree({
      'main.tf.json': JSON.stringify({ module: { a: { source: './a', service: 'lambda.amazonaws.com' } } }),
      'a/main.tf.json': JSON.stringify({ variable: { service: {}, prefix: { default: 'iam' } }, module: { b: { source: '../team', service: '${var.prefix}.amazonaws.com' } } }, null, 2),
      'team/main.tf': team,
    });
    expect(json.errors).toEqual([{ file: 'a/main.tf.json', line: 11, column: 7, message: refused('iam.amazonaws.com', 'module.a.module.b') }]);
  });

  it('is an input error of each instance a constant count makes, and none of a call that makes none or may make none', async () => {
    const parsed = await parseTree({
      'main.tf': 'variable "n" {\n  type = number\n}\nmodule "one" {\n  source  = "./team"\n  count   = 1\n  service = "lambda.amazonaws.com"\n}\nmodule "none" {\n  source  = "./team"\n  count   = 0\n  service = "lambda.amazonaws.com"\n}\nmodule "maybe" {\n  source  = "./team"\n  count   = var.n\n  service = "lambda.amazonaws.com"\n}\n',
      'team/main.tf': team,
    });
    expect(parsed.errors).toEqual([{ file: 'main.tf', line: 7, column: 3, message: refused('lambda.amazonaws.com', 'module.one[0]') }]);
  });

  it.each([
    ['a listed value', `"${EC2}"`],
    ['a value not known', 'data.aws_ssm_parameter.svc.value'],
    ['a text a piece of which is not known', '"${data.aws_ssm_parameter.svc.value}.amazonaws.com"'],
  ])('is no error for %s', async (_, argument) => {
    const parsed = await parseTree({ 'main.tf': `data "aws_ssm_parameter" "svc" {\n  name = "/svc"\n}\nmodule "team" {\n  source  = "./team"\n  service = ${argument}\n}\n`, 'team/main.tf': team });
    expect(parsed.errors).toEqual([]);
  });
});

describe('worlds over a module variable given a value not known, whose validation lists its values', () => {
  const team = (listed: string[]) => variable('service', `contains(${JSON.stringify(listed)}, var.service)`) + role('member', 'var.service');
  const SSM = 'data "aws_ssm_parameter" "svc" {\n  name = "/svc"\n}\n';
  const call = (argument: string, name = 'team') => `module "${name}" {\n  source  = "./team"\n  service = ${argument}\n}\n`;
  const worlds = (file: ParsedFile) => file.worlds.map((world) => world.parameters);

  it.each([
    ['a data source\'s value', SSM + call('data.aws_ssm_parameter.svc.value')],
    ['a local of a data source\'s value', `${SSM}locals {\n  svc = data.aws_ssm_parameter.svc.value\n}\n${call('local.svc')}`],
    ['a root variable given no value written into a text', `variable "svc" {}\n${call('"${var.svc}.amazonaws.com"')}`],
  ])('makes a world of each value it lists, named by the module variable, for %s', async (_, main) => {
    const parsed = await parseTree({ 'main.tf': main, 'team/main.tf': team([SAGEMAKER, EC2]) });
    const [file] = parsed.files;
    expect(parsed.errors).toEqual([]);
    expect(worlds(file!)).toEqual([{ 'module.team.var.service': SAGEMAKER }, { 'module.team.var.service': EC2 }]);
    expect(servicesByWorld(file!, 'module.team.aws_iam_role.member')).toEqual([[SAGEMAKER], [EC2]]);
    expect(file!.principalParameters).toEqual({ 'module.team.aws_iam_role.member': ['module.team.var.service'] });
  });

  it('varies a text partly known only over the listed values it can be, in .tf.json too', async () => {
    const listed = [SAGEMAKER, 'sagemaker', EC2, 'ec2-a'];
    const suffix = await parseTree({ 'main.tf': SSM + call('"${data.aws_ssm_parameter.svc.value}.amazonaws.com"'), 'team/main.tf': team(listed) });
    expect(worlds(suffix.files[0]!)).toEqual([{ 'module.team.var.service': SAGEMAKER }, { 'module.team.var.service': EC2 }]);
    const json = await parseTree({
      'main.tf.json': JSON.stringify({ data: { aws_ssm_parameter: { svc: { name: '/svc' } } }, module: { team: { source: './team', service: '${data.aws_ssm_parameter.svc.value}-a' } } }),
      'team/main.tf': team(listed),
    });
    expect(worlds(json.files[0]!)).toEqual([{ 'module.team.var.service': 'ec2-a' }]);
    expect(servicesByWorld(json.files[0]!, 'module.team.aws_iam_role.member')).toEqual([['ec2-a']]);
  });

  it('varies each module instance and the root\'s variables together, by the names a finding shows', async () => {
    const parsed = await parseTree({
      'main.tf': `${SSM}${SVC}${role('exec', 'var.svc')}${call('data.aws_ssm_parameter.svc.value')}`,
      'team/main.tf': team([SAGEMAKER, EC2]),
    });
    expect(worlds(parsed.files[0]!)).toEqual([
      { 'var.svc': SAGEMAKER, 'module.team.var.service': SAGEMAKER },
      { 'var.svc': SAGEMAKER, 'module.team.var.service': EC2 },
      { 'var.svc': EC2, 'module.team.var.service': SAGEMAKER },
      { 'var.svc': EC2, 'module.team.var.service': EC2 },
    ]);
  });

  it.each([
    ['no listed value can be the text', [SAGEMAKER], '"${data.aws_ssm_parameter.svc.value}-a"'],
    ['the validation lists no values', null, 'data.aws_ssm_parameter.svc.value'],
    ['the value is a root variable\'s given one the module refuses (Terraform plans nothing)', [SAGEMAKER], 'var.given'],
  ])('keeps one world, the service not one listed, where %s', async (_, listed, argument) => {
    const module = listed ? team(listed) : `variable "service" {\n  validation {\n    condition     = length(var.service) > 3\n    error_message = "no"\n  }\n}\n${role('member', 'var.service')}`;
    const parsed = await parseTree({ 'main.tf': `${SSM}variable "given" {}\n${call(argument)}`, 'team/main.tf': module }, ['.'], { variables: { given: EC2 } });
    expect(parsed.files[0]!.worlds).toHaveLength(1);
    expect(parsed.files[0]!.principalParameters).toBeUndefined();
    expect(servicesByWorld(parsed.files[0]!, 'module.team.aws_iam_role.member').flat()).not.toContain(SAGEMAKER);
  });
});
