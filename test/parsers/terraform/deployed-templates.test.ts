import { describe, expect, it } from 'vitest';
import type { ParsedFile } from '../../../src/model/index.js';
import { rmSync } from 'node:fs';
import { parseConfig } from '../../../src/analyze/config.js';
import { scan } from '../../../src/analyze/engine.js';
import { parseTree, scanTree, writeTree } from './helpers.js';

const ROLE_YAML = ['Resources:', '  Role:', '    Type: AWS::IAM::Role', '    Properties:', '      AssumeRolePolicyDocument:', '        Statement:', '          - Effect: Allow', '            Principal:', '              AWS: "*"', '            Action: sts:AssumeRole'];

/** Each resource the templates declare, with where its Principal is written. */
function principals(templates: readonly ParsedFile[] | undefined): Array<[string, string, number, number]> {
  return (templates ?? []).flatMap((template) =>
    template.worlds[0]!.resources.map((resource) => {
      const at = resource.locator.locate(['Properties', 'AssumeRolePolicyDocument', 'Statement', 0, 'Principal', 'AWS']);
      return [resource.address, at.file, at.startLine, at.startColumn] as [string, string, number, number];
    }),
  );
}

describe('Terraform stacks and stack sets: the template in template_body', () => {
  it('reads an indented heredoc (<<-) at the lines and columns it is written at, addressed under the resource', async () => {
    const body = ROLE_YAML.map((line) => `    ${line}`).join('\n');
    const parsed = await parseTree({ 'main.tf': `resource "aws_cloudformation_stack_set" "members" {\n  name          = "members"\n  template_body = <<-EOT\n${body}\n  EOT\n}\n` });
    expect(parsed.errors).toEqual([]);
    expect(parsed.files[0]!.notices).toEqual([]);
    expect(principals(parsed.files[0]!.deployedTemplates)).toEqual([['main.tf#aws_cloudformation_stack_set.members/template_body#Role', 'main.tf', 12, 19]]);
  });

  it('reads a heredoc written at the first column, and a string of JSON text, at their lines', async () => {
    const parsed = await parseTree({
      'main.tf': `resource "aws_cloudformation_stack" "yaml" {\n  name          = "yaml"\n  template_body = <<EOT\n${ROLE_YAML.join('\n')}\nEOT\n}\n\nresource "aws_cloudformation_stack" "json" {\n  name          = "json"\n  template_body = "{\\"Resources\\": {\\"Role\\": {\\"Type\\": \\"AWS::IAM::Role\\", \\"Properties\\": {\\"AssumeRolePolicyDocument\\": {\\"Statement\\": [{\\"Effect\\": \\"Allow\\", \\"Principal\\": {\\"AWS\\": \\"*\\"}, \\"Action\\": \\"sts:AssumeRole\\"}]}}}}}"\n}\n`,
    });
    expect(parsed.errors).toEqual([]);
    expect(principals(parsed.files[0]!.deployedTemplates).map(([address, file, line]) => [address, file, line])).toEqual([
      ['main.tf#aws_cloudformation_stack.json/template_body#Role', 'main.tf', 19],
      ['main.tf#aws_cloudformation_stack.yaml/template_body#Role', 'main.tf', 12],
    ]);
  });

  it('locates a jsonencode() object at its entries in the .tf file', async () => {
    const parsed = await parseTree({
      'main.tf': 'resource "aws_cloudformation_stack" "encoded" {\n  name = "encoded"\n  template_body = jsonencode({\n    Resources = {\n      Role = {\n        Type = "AWS::IAM::Role"\n        Properties = {\n          AssumeRolePolicyDocument = {\n            Statement = [{ Effect = "Allow", Action = "sts:AssumeRole",\n              Principal = { AWS = "*" } }]\n          }\n        }\n      }\n    }\n  })\n}\n',
    });
    expect(parsed.errors).toEqual([]);
    expect(principals(parsed.files[0]!.deployedTemplates)).toEqual([['main.tf#aws_cloudformation_stack.encoded/template_body#Role', 'main.tf', 10, 29]]);
  });

  it('locates a file() or templatefile() target in that file, addressed by it', async () => {
    const parsed = await parseTree({
      'main.tf': 'resource "aws_cloudformation_stack" "read" {\n  name          = "read"\n  template_body = file("${path.module}/roles.tpl")\n}\n\nresource "aws_cloudformation_stack" "rendered" {\n  name          = "rendered"\n  template_body = templatefile("${path.module}/roles.tpl", {})\n}\n',
      'roles.tpl': `${ROLE_YAML.join('\n')}\n`,
    });
    expect(parsed.errors).toEqual([]);
    expect(principals(parsed.files[0]!.deployedTemplates)).toEqual([
      ['roles.tpl#aws_cloudformation_stack.read/template_body#Role', 'roles.tpl', 9, 15],
      ['roles.tpl#aws_cloudformation_stack.rendered/template_body#Role', 'roles.tpl', 9, 15],
    ]);
  });

  it('reads a value not known where it stands, in YAML and in JSON text, and notices a text such a value breaks', async () => {
    const parsed = await parseTree({
      'main.tf': `variable "partner" {\n  type = string\n}\n\nvariable "statements" {\n  type = string\n}\n\nresource "aws_cloudformation_stack" "yaml" {\n  name          = "yaml"\n  template_body = <<EOT\n${ROLE_YAML.join('\n').replace('"*"', '"${var.partner}"')}\nEOT\n}\n\nresource "aws_cloudformation_stack" "encoded" {\n  name          = "encoded"\n  template_body = jsonencode({ Resources = { Role = { Type = "AWS::IAM::Role", Properties = { AssumeRolePolicyDocument = { Statement = [{ Effect = "Allow", Principal = { AWS = var.partner }, Action = "sts:AssumeRole" }] } } } } })\n}\n\nresource "aws_cloudformation_stack" "broken" {\n  name          = "broken"\n  template_body = <<EOT\n{"Resources": {"Role": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {"Statement": \${var.statements}}}}}}\nEOT\n}\n`,
    });
    expect(parsed.errors).toEqual([]);
    const templates = parsed.files[0]!.deployedTemplates!;
    expect(templates.map((template) => template.errors)).toEqual([[], []]);
    const principalsRead = templates.map((template) => JSON.stringify((template.worlds[0]!.resources[0]!.properties as { AssumeRolePolicyDocument: unknown }).AssumeRolePolicyDocument));
    for (const read of principalsRead) expect(read).toMatch(/"AWS":"\\u0001unk\|variable. var\.partner/);
    expect(parsed.files[0]!.notices).toContainEqual({ file: 'main.tf', line: 30, column: 1, message: 'aws_cloudformation_stack.broken is not followed: the CloudFormation template it deploys is not analyzed, as values not known statically write its text' });
  });

  it('tells an unreadable template as an input error at its line of the .tf file, naming the resource', async () => {
    const parsed = await parseTree({ 'main.tf': 'resource "aws_cloudformation_stack" "bad" {\n  name          = "bad"\n  template_body = <<-EOT\n    Resources:\n      Role: [unclosed\n  EOT\n}\n' });
    expect(parsed.files[0]!.deployedTemplates!.map((template) => template.errors)).toEqual([
      [{ file: 'main.tf', line: 5, column: 22, message: 'in the template_body of aws_cloudformation_stack.bad: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]' }],
    ]);
  });
});

describe('scanning Terraform stacks and stack sets', () => {
  const stack = (body: string) => `resource "aws_sns_topic" "t" {}\n\nresource "aws_cloudformation_stack" "roles" {\n  name          = "roles"\n  template_body = ${body}\n}\n`;

  it('reports a template a file() reads that is also scanned on its own once, at the address it has on its own', async () => {
    const result = await scanTree({ 'main.tf': stack('file("${path.module}/roles.yaml")'), 'roles.yaml': `${ROLE_YAML.join('\n')}\n` });
    expect(result.errors).toEqual([]);
    expect(result.findings.filter((finding) => finding.ruleId === 'trust-any-principal').map((finding) => [finding.resource.address, finding.location.file, finding.location.startLine])).toEqual([['roles.yaml#Role', 'roles.yaml', 9]]);
  });

  it('matches a .deputy.yml ignore entry naming a role of the template by its full address', async () => {
    const tree = { 'main.tf': stack(`<<EOT\n${ROLE_YAML.join('\n')}\nEOT`) };
    const written = 'ignore:\n  - rule: trust-any-principal\n    resource: "main.tf#aws_cloudformation_stack.roles/template_body#Role"\n    reason: the stack is deleted next week\n';
    const directory = writeTree({ ...tree, '.deputy.yml': written });
    try {
      const result = await scan(['.'], { cwd: directory, config: await parseConfig('.deputy.yml', written, directory) });
      expect(result.findings.filter((finding) => finding.ruleId === 'trust-any-principal').map((finding) => finding.suppressed?.source)).toEqual(['config']);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('reports an unreadable template as an input error and still analyzes the other inputs', async () => {
    const result = await scanTree({ 'main.tf': stack('<<EOT\nResources: [\nEOT'), 'other/main.tf': stack(`<<EOT\n${ROLE_YAML.join('\n')}\nEOT`) });
    expect(result.errors).toEqual([{ file: 'main.tf', line: 6, column: 13, message: expect.stringMatching(/^in the template_body of aws_cloudformation_stack\.roles: YAML syntax error/) }]);
    expect(result.findings.filter((finding) => finding.ruleId === 'trust-any-principal').map((finding) => finding.resource.address)).toEqual(['other/main.tf#aws_cloudformation_stack.roles/template_body#Role']);
  });
});
