import { describe, expect, it } from 'vitest';
import { looksLikeCloudFormation } from '../../../parsers/cloudformation/index.js';
import { template } from './helpers.js';

const YAML_RESOURCES = 'Resources:\n  Role:\n    Type: AWS::IAM::Role\n';

describe('looksLikeCloudFormation', () => {
  it.each([
    ['a YAML template with only a format version', 'stack.yaml', "AWSTemplateFormatVersion: '2010-09-09'\nDescription: empty\n"],
    ['YAML resources with AWS types', 'stack.yml', YAML_RESOURCES],
    ['YAML resources with only custom types', 'stack.yaml', 'Resources:\n  Thing:\n    Type: Custom::Thing\n'],
    ['YAML resources with registry types', 'stack.yaml', 'Resources:\n  Thing:\n    "Type": "MyOrg::Service::Thing"\n'],
    ['a SAM template', 'template.yaml', 'Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n'],
    ['a SAM transform list', 'template.yaml', 'Transform:\n  - AWS::Serverless-2016-10-31\n'],
    ['a document indented as a whole', 'stack.yaml', '---\n  # comment\n  AWSTemplateFormatVersion: 2010-09-09\n  Resources: {}\n'],
    ['quoted YAML keys after comments and a document marker', 'stack.template', `# header\n---\n"Resources":\n  Role:\n    'Type': 'AWS::IAM::Role'\n`],
    ['a .txt template', 'stack.txt', YAML_RESOURCES],
    ['a JSON template', 'stack.json', '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {}}'],
    ['JSON resources with a BOM', 'stack.template', '\uFEFF{"Resources": {"Role": {"Type": "AWS::IAM::Role"}}}'],
    ['a CDK output', 'Stack.template.json', JSON.stringify({ Resources: { Role: { Type: 'AWS::IAM::Role', Metadata: { 'aws:cdk:path': 'Stack/Role/Resource' } } } })],
    ['a SAM JSON template', 'sam.json', '{"Transform": "AWS::Serverless-2016-10-31"}'],
    [
      'a JSON template whose resources are all written by loops',
      'stack.json',
      JSON.stringify({
        Transform: 'AWS::LanguageExtensions',
        Resources: { 'Fn::ForEach::Teams': ['Team', ['a'], { 'Fn::ForEach::Roles': ['Use', ['x'], { '${Team}${Use}Role': { Type: 'AWS::IAM::Role' } }] }] },
      }),
    ],
    ['a broken JSON template (so that its syntax error is reported)', 'stack.json', '{"AWSTemplateFormatVersion": "2010-09-09", '],
    ['YAML resources in flow style', 'stack.yaml', "Description: compact\nResources:\n  Role: {Type: 'AWS::IAM::Role', Properties: {}}\n"],
    ['a YAML document that is one flow mapping', 'stack.yaml', "{Resources: {Role: {Type: 'AWS::IAM::Role'}}}\n"],
    ['a flow-mapping YAML document after a comment, with only a format version', 'stack.yml', "# compact\n{AWSTemplateFormatVersion: '2010-09-09', Description: x}\n"],
    ['a flow-mapping SAM document', 'template.yaml', '{Transform: AWS::Serverless-2016-10-31, Resources: {}}\n'],
    // Broken, so that the syntax error is reported: a template section, then a resource type in flow style.
    ['a broken flow-mapping template', 'stack.yaml', "# compact\n{Resources: {Role: {Type: 'AWS::IAM::Role'}}\n"],
    ['broken flow-style resources', 'stack.yaml', "Resources:\n  Role: {Type: 'AWS::IAM::Role', Properties: {}\n"],
    // Broken templates whose own keys are read as far as they go, past what breaks them.
    ['a YAML template cut off after its format version', 'stack.yaml', 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  RoleB: [\n'],
    ['broken YAML resources after comments, with CRLF line ends', 'stack.yaml', 'Resources: # all\r\n\r\n  # the role\r\n  Role:\r\n    Type: AWS::IAM::Role\r\n    Properties: [\r\n'],
    // A comment reads to its line's end: a banner of `#` under Resources is read once, not split every way.
    ['YAML resources under comment banners', 'stack.yaml', `Resources:\n  ${'#'.repeat(60)}\n  # IAM\n  ${'#'.repeat(60)}\n  Role:\n    Type: AWS::IAM::Role\n`],
    ['YAML resources after another section, a comment at column 0 among them', 'stack.yaml', 'Outputs:\n  O:\n    Value: x\nResources:\n# the role\n  Role:\n    Type: AWS::IAM::Role\n'],
    ['YAML resources of a document indented as a whole', 'stack.yaml', '  Metadata:\n    a: 1\n  Resources:\n    Role:\n      Type: AWS::IAM::Role\n'],
    // Indented by mistake under a key with a value: YAML reports the line, as it does for the format version's key.
    ['a YAML template whose Resources is indented by mistake under its format version', 'stack.yaml', 'AWSTemplateFormatVersion: "2010-09-09"\n Resources:\n  R:\n   Type: AWS::IAM::Role\n'],
    // The same without a format version: Resources belongs to nothing (YAML refuses it), or to a string section.
    ['a YAML template whose Resources is indented by mistake under its description', 'stack.yaml', 'Description: x\n Resources:\n  R:\n   Type: AWS::IAM::Role\n'],
    ['a YAML template whose Resources is indented by mistake under a quoted description, after comments', 'stack.yaml', '# roles\n"Description": "x" # why\n\n  # the section\n  Resources:\n    R:\n      Type: AWS::IAM::Role\n'],
    ['a YAML template whose Resources is nested by mistake under an empty description', 'stack.yaml', 'Description:\n Resources:\n  R:\n   Type: AWS::IAM::Role\n'],
    ['a YAML template whose Resources is indented by mistake under its mappings written inline', 'stack.yaml', 'Mappings: {}\n Resources:\n  R:\n   Type: AWS::IAM::Role\n'],
    ['YAML resources in a merge conflict', 'stack.yaml', 'Resources:\n<<<<<<< HEAD\n  A:\n    Type: AWS::IAM::Role\n=======\n  B:\n    Type: AWS::IAM::Role\n>>>>>>> other\n'],
    ['a JSON template cut off in a resource', 'stack.json', '{"Resources": {"R": {"Type": "AWS::IAM::Role", "Properties": {'],
    ['a JSON template with a comment before its keys', 'stack.json', '{\n  // the stack\n  "AWSTemplateFormatVersion": "2010-09-09",\n  "Resources": {}\n}\n'],
    ['a JSON template with a missing comma', 'stack.template', '{"Description": "a [x" "AWSTemplateFormatVersion": "2010-09-09"}'],
    ['JSON resources after a merge conflict', 'stack.json', '{\n<<<<<<< HEAD\n  "Description": "a",\n=======\n  "Description": "b",\n>>>>>>> other\n  "Resources": {"R": {"Type": "AWS::IAM::Role"}}\n}\n'],
    // Unbalanced brackets: a key closes the lists left open around it (no list holds a key); a stray closer is skipped.
    ['broken JSON whose keys follow a list left open', 'stack.json', '{"Description": [1, "AWSTemplateFormatVersion": "2010-09-09", "Resources": {"R": {"Type": "AWS::IAM::Role"}}}'],
    ['broken JSON resources after nested lists left open in a section', 'stack.json', '{"Metadata": {"a": [[1, "b": 2}, "Resources": {"R": {"Type": "AWS::IAM::Role"}}}'],
    ['broken JSON resources after a stray closing bracket', 'stack.json', '{"Description": "x"]], "Resources": {"R": {"Type": "AWS::IAM::Role", "Properties": {'],
    ['broken JSON resources written by a loop', 'stack.json', '{"Transform": "AWS::LanguageExtensions", "Resources": {"Fn::ForEach::T": ["T", ["a"], {"${T}Role": {"Type": "AWS::IAM::Role", "Properties": {'],
    ['a broken SAM JSON template, cut off before its resources', 'sam.json', '{"Transform": ["AWS::LanguageExtensions", "AWS::Serverless-2016-10-31"], "Globals": {'],
  ])('accepts %s', (_name, file, text) => {
    expect(looksLikeCloudFormation(file, text)).toBe(true);
  });

  it.each([
    ['package.json', 'package.json', '{"name": "x", "scripts": {"build": "tsc"}, "dependencies": {"Resources": "1.0.0"}}'],
    [
      'a Terraform plan',
      'plan.json',
      JSON.stringify({ format_version: '1.2', planned_values: { root_module: { resources: [{ type: 'aws_iam_role', values: { Resources: 'x' } }] } } }),
    ],
    ['an expected.json file', 'expected.json', JSON.stringify({ summary: { Resources: 3 }, findings: [{ resource: 'stack.yaml#Role', type: 'AWS::IAM::Role' }] })],
    [
      'a Kubernetes manifest',
      'pod.yaml',
      template(`
        apiVersion: v1
        kind: Pod
        spec:
          containers:
            - name: app
              resources:
                limits: {cpu: 1}
      `),
    ],
    ['a Serverless Framework file', 'serverless.yml', 'service: app\nresources:\n  Resources:\n    Bucket:\n      Type: AWS::S3::Bucket\n'],
    ['a mapping named Resources without types', 'config.yaml', 'Resources:\n  cpu: 2\n  memory: 4Gi\n'],
    ['a GitHub workflow', 'ci.yml', 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo Resources\n'],
    ['a README with a template in a code fence', 'README.md', `# Example\n\n\`\`\`yaml\n${YAML_RESOURCES}\`\`\`\n`],
    ['a Terraform file', 'main.tf', 'resource "aws_iam_role" "Resources" {}\n'],
    ['a JSON array', 'list.json', '[{"Resources": {"Role": {"Type": "AWS::IAM::Role"}}}]'],
    ['a JSON mapping whose loop-like key writes no typed resource', 'data.json', JSON.stringify({ Resources: { 'Fn::ForEach::Sizes': ['Size', ['s'], { '${Size}': { cpu: 2 } }] } })],
    // Files in YAML flow style whose template words are not the document's own sections.
    ['a Serverless Framework file in flow style', 'serverless.yml', "{service: app, resources: {Resources: {Bucket: {Type: 'AWS::S3::Bucket'}}}}\n"],
    ['a flow-style Kubernetes manifest', 'cm.yaml', "{apiVersion: v1, kind: ConfigMap, data: {Resources: 'Role', Type: 'AWS::IAM::Role'}}\n"],
    ['an Ansible playbook with an inline template body', 'deploy.yml', "- hosts: localhost\n  tasks:\n    - cloudformation: {stack_name: s, template_body: {Resources: {T: {Type: 'AWS::SNS::Topic'}}}}\n"],
    ['a GitHub workflow with flow-style inputs', 'ci.yml', "on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - with: {Resources: 'Role', Type: 'AWS::IAM::Role'}\n"],
    ['a docker-compose file with flow-style labels', 'docker-compose.yml', "services:\n  app: {image: app, labels: {Transform: x, Type: 'AWS::ECS::Service'}}\n"],
    ['an OpenAPI document with a Resources schema', 'openapi.yaml', "openapi: 3.0.0\ninfo: {title: x, version: '1'}\ncomponents: {schemas: {Resources: {type: array}}}\n"],
    ['flow-style YAML with a Resources mapping without types', 'config.yaml', '{Resources: {cpu: 2, memory: 4Gi}}\n'],
    ['a broken Serverless Framework file in flow style', 'serverless.yml', "{service: app, resources: {Resources: {Bucket: {Type: 'AWS::S3::Bucket'}}}\n"],
    ['a broken flow-style Kubernetes manifest', 'cm.yaml', "{apiVersion: v1, data: {Resources: 'Role', Type: 'AWS::IAM::Role'}\n"],
    // A sequence of templates: cfn-guard rule tests.
    // A CodeDeploy AppSpec file lists its typed Resources: whole or broken, it is no template.
    ['a CodeDeploy AppSpec file', 'appspec.yml', 'version: 0.0\nResources:\n  - MyFunction:\n      Type: AWS::Lambda::Function\n      Properties:\n        Name: f\n'],
    ['a broken AppSpec file, its list after a comment', 'appspec.yml', 'version: 0.0\nResources: # the function\n\n- MyFunction:\n    Type: AWS::Lambda::Function\n    Properties: [\n'],
    ['a broken AppSpec file in flow style', 'appspec.yml', 'version: 0.0\nResources: [{MyFunction: {Type: AWS::Lambda::Function}}\n'],
    ['a broken AppSpec JSON file', 'appspec.json', '{"version": 0.0, "Resources": [{"MyFunction": {"Type": "AWS::Lambda::Function", "Properties": {'],
    // Broken files whose own keys make no template, as they would make none whole.
    ['broken YAML with a Resources mapping and no resource type', 'stack.yaml', 'Resources:\n  RoleB: [\n'],
    ['broken JSON cut off before any resource type', 'stack.json', '{"Resources": {"R": {"Ty'],
    ['broken JSON with a transform other than SAM and no resources', 'stack.json', '{"Transform": "AWS::LanguageExtensions", "Globals": {'],
    ['broken JSON holding a template below its own keys', 'cases.json', '{"cases": [{"template": {"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"R": {"Type": "AWS::IAM::Role"'],
    // The same in YAML: a resource type counts only in the section of the top-level Resources mapping.
    ['YAML whose resource type is in a section after Resources', 'config.yaml', 'Resources:\n  cpu: 2\nOutputs:\n  O:\n    Type: AWS::S3::Bucket\n'],
    ['YAML whose resource type is in a section before Resources', 'config.yaml', 'Metadata:\n  x:\n    Type: AWS::S3::Bucket\nResources:\n  cpu: 2\n'],
    ['broken YAML whose resource type is outside Resources', 'config.yaml', 'Resources:\n  cpu: [2\nExtra:\n  x:\n    Type: AWS::S3::Bucket\n'],
    // Resources indented under a key that is no template's: its own top-level keys make none.
    ['broken YAML whose only template key is indented under another', 'config.yaml', 'name: x\n Resources:\n  R:\n   Type: AWS::IAM::Role\n'],
    // Under a template's section that may hold a mapping, Resources is that section's (and no resource is typed at the top).
    ['YAML whose Resources is nested in Metadata', 'config.yaml', 'Metadata:\n Resources:\n  R:\n   Type: AWS::IAM::Role\n'],
    ['YAML whose Resources is indented under a block scalar header', 'config.yaml', 'Description: |\n Resources:\n  R:\n   Type: AWS::IAM::Role\n'],
    // A resource type counts only in an entry of the top-level Resources mapping, as isTemplateObject reads it.
    ['broken JSON whose resource type is in Outputs', 'stack.json', '{"Resources": {"R": {"Properties": {}}}, "Outputs": {"O": {"Type": "AWS::IAM::Role", '],
    ['broken JSON whose resource type is in Metadata', 'stack.json', '{"Resources": {"cpu": 2}, "Metadata": {"Type": "AWS::IAM::Role", '],
    ['broken JSON whose Resources mapping holds a type as its own key', 'stack.json', '{"Resources": {"Type": "AWS::IAM::Role", '],
    ['broken JSON holding a template below its own keys, with a list left open in it', 'cases.json', '{"cases": [{"template": {"Description": [1, "AWSTemplateFormatVersion": "2010-09-09"'],
    // An object left open reads as nesting what follows, as a nested document does: what is in it is no top-level key.
    ['broken JSON whose template keys follow an object left open', 'stack.json', '{"Description": {"a": 1, "AWSTemplateFormatVersion": "2010-09-09", "Resources": {}}'],
    ['a broken package.json with a list left open', 'package.json', '{"name": "x", "files": ["dist", "scripts": {"Resources": "1"}, "cfn": {"Type": "AWS::IAM::Role"'],
    ['a broken VS Code settings file (comments, a trailing comma)', 'settings.json', '{\n  // CloudFormation\n  "yaml.customTags": ["!Ref", "!GetAtt"],\n  "files.associations": {"Resources": "yaml", "Type": "AWS::IAM::Role"},\n}\n'],
    ['a broken Serverless Framework JSON file', 'serverless.json', '{"service": "app", "plugins": ["a", "resources": {"Resources": {"B": {"Type": "AWS::S3::Bucket", '],
    ['a broken AppSpec JSON file with a list left open', 'appspec.json', '{"version": 0.0, "Resources": [{"MyFunction": {"Type": "AWS::Lambda::Function"}}, "Hooks": ['],
    [
      'a broken JSON Schema of a template',
      'template.schema.json',
      '{"$schema": "http://json-schema.org/draft-07/schema#", "required": ["Resources", "properties": {"AWSTemplateFormatVersion": {"type": "string"}, "Resources": {"additionalProperties": {"properties": {"Type": {"const": "AWS::IAM::Role"',
    ],
    ['a broken package.json', 'package.json', '{"name": "x", "scripts": {"Resources": "1"}, "config": {'],
    ['a broken GitHub workflow', 'ci.yml', 'on: push\njobs:\n  build: [\n'],
    ['a broken docker-compose file', 'docker-compose.yml', 'services:\n  web:\n    image: "app\n    labels: {Type: AWS::ECS::Service}\n'],
    ['a broken Kubernetes manifest', 'pod.yaml', 'apiVersion: v1\nkind: Pod\nspec:\n  containers: [\n    {name: app, resources: {limits: {cpu: 1}}\n'],
    ['a broken OpenAPI document', 'openapi.yaml', "openapi: 3.0.0\ncomponents:\n  schemas:\n    Resources:\n      type: object\n      properties: {Type: {type: string}\n"],
    ['a cfn-guard test file', 's3_tests.yaml', '# guard tests\n---\n- input:\n    Resources:\n      B:\n        Type: AWS::S3::Bucket\n  expectations:\n    rules:\n      S3_BUCKET_ENCRYPTED: FAIL\n'],
  ])('rejects %s', (_name, file, text) => {
    expect(looksLikeCloudFormation(file, text)).toBe(false);
  });

  // How the time grows with the number of brackets, and of sections below, is measured by bench/scale.mjs.
  it('rejects 200,000 unbalanced brackets', () => {
    const n = 200_000;
    expect(looksLikeCloudFormation('a.json', `{"Resources": ${'{'.repeat(n)}${']'.repeat(n)}`)).toBe(false);
    expect(looksLikeCloudFormation('b.json', `{"Resources": ${'["k": '.repeat(n)}`)).toBe(false);
  });

  it('tells 20,000 nested Resources sections from a template', () => {
    const n = 20_000;
    const section = '    Resources:\n      B:\n        Type: AWS::S3::Bucket\n';
    // Each under a key of its own (a file listing templates), and all under one block scalar's header.
    expect(looksLikeCloudFormation('stacks.yaml', `Stacks:\n${Array.from({ length: n }, (_, index) => `  s${index}:\n${section}`).join('')}`)).toBe(false);
    expect(looksLikeCloudFormation('stacks.yaml', `Body: |\n${section.repeat(n)}`)).toBe(false);
    // The last one, indented under a description, still makes a template.
    expect(looksLikeCloudFormation('stack.yaml', `Body: |\n${section.repeat(n)}Description: x\n${section}`)).toBe(true);
  });

  it('rejects a large file that is not a template', () => {
    const text = `{"values": [${'"x",'.repeat(200_000)}"y"]}`;
    expect(looksLikeCloudFormation('big.json', text)).toBe(false);
  });
});
