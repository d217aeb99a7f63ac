import { describe, expect, it } from 'vitest';
import { TemplateSource } from '../../../parsers/cloudformation/source.js';
import { FILE, lineOf, parse, resourceOf, template } from './helpers.js';

const RULE = 'trust-service-without-source-condition';

/** The place and start of each input error of a template. */
function errorsOf(text: string, file = FILE): Array<[number | undefined, number | undefined, string]> {
  return parse(text, undefined, file).errors.map(({ line, column, message }) => [line, column, message.slice(0, message.indexOf(':', message.indexOf('" ')))]);
}

describe('a deputy:ignore comment in a YAML template', () => {
  // Comments before a resource, inside it, after a value, in a flow mapping, and written almost as the directive.
  const fires = template(`
    Resources:
      # deputy:ignore ${RULE} -- reviewed
      Role:
        Type: AWS::IAM::Role
        #deputy:ignore ${RULE} -- reviewed
        Properties:
          Path: / # Deputy:Ignore ${RULE} -- reviewed
          Tags: [{Key: k, Value: v}, # ## deputy:ignore ${RULE}
            {Key: l, Value: w}]
          AssumeRolePolicyDocument:
            Statement:
              - Effect: Allow
                Principal: {Service: sagemaker.amazonaws.com}
                Action: sts:AssumeRole
  `);

  it('is an input error at its line and column, whichever way it is written, and suppresses nothing', () => {
    expect(errorsOf(fires)).toEqual([
      [lineOf(fires, '# deputy:ignore'), 3, '"# deputy:ignore" is a comment, which suppresses nothing in a CloudFormation template'],
      [lineOf(fires, '#deputy:ignore'), 5, '"#deputy:ignore" is a comment, which suppresses nothing in a CloudFormation template'],
      [lineOf(fires, 'Deputy:Ignore'), 15, '"# Deputy:Ignore" is a comment, which suppresses nothing in a CloudFormation template'],
      [lineOf(fires, '## deputy:ignore'), 34, '"# ## deputy:ignore" is a comment, which suppresses nothing in a CloudFormation template'],
    ]);
    const parsed = parse(fires);
    expect(parsed.worlds).toHaveLength(1);
    expect(resourceOf(parsed.worlds[0]!, 'Role').suppressions).toBeUndefined();
  });

  it('names the Metadata form to write instead, with the rules and reason the comment gives, in one line when it is short', () => {
    const message = (comment: string) => parse(`Resources:\n  ${comment}\n  Topic:\n    Type: AWS::SNS::Topic\n`).errors.map((error) => error.message);
    expect(message(`# deputy:ignore ${RULE} -- single-tenant account`)).toEqual([
      `"# deputy:ignore" is a comment, which suppresses nothing in a CloudFormation template: write the suppression in the resource's Metadata instead (Metadata: {deputy: {ignore: [{rule: ${RULE}, reason: "single-tenant account"}]}}) and remove the comment`,
    ]);
    expect(message(`# deputy:ignore ${RULE}`)).toEqual([expect.stringContaining(`(Metadata: {deputy: {ignore: [{rule: ${RULE}, reason: <why the finding is accepted>}]}})`)]);
    expect(message('# deputy:ignore')).toEqual([expect.stringContaining('(Metadata: {deputy: {ignore: [{rule: <rule-id>, reason: <why the finding is accepted>}]}})')]);
    expect(message(`# deputy:ignore ${RULE} -- ${'a long reason '.repeat(5)}`)).toEqual([expect.stringContaining(`(Metadata: {deputy: {ignore: [{rule: ${RULE}, reason: <why the finding is accepted>}]}})`)]);
    expect(message(`# deputy:ignore ${RULE},trust-any-principal -- reviewed`)).toEqual([
      expect.stringContaining(`(Metadata.deputy.ignore, one {rule, reason} entry for each of ${RULE}, trust-any-principal) and remove the comment`),
    ]);
  });

  it('is reported beside the Metadata form on the same resource, which it does not replace', () => {
    const both = template(`
      Resources:
        Role:
          Type: AWS::IAM::Role
          # deputy:ignore ${RULE} -- reviewed
          Metadata:
            deputy:
              ignore:
                - rule: ${RULE}
                  reason: reviewed
          Properties:
            AssumeRolePolicyDocument: {}
    `);
    const parsed = parse(both);
    expect(parsed.errors).toEqual([{ file: FILE, line: 4, column: 5, message: expect.stringContaining('"# deputy:ignore" is a comment') }]);
    expect(resourceOf(parsed.worlds[0]!, 'Role').suppressions).toEqual([expect.objectContaining({ rules: [RULE], reason: 'reviewed' })]);
  });

  it('is found also in a template the precise path reads (a repeated key)', () => {
    const text = `Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Type: AWS::SNS::Topic # deputy:ignore ${RULE} -- reviewed\n`;
    expect(errorsOf(text)).toEqual([[4, 27, '"# deputy:ignore" is a comment, which suppresses nothing in a CloudFormation template']]);
  });

  it('is no text of a scalar, nor prose that mentions the directive', () => {
    const silent = template(`
      Description: "# deputy:ignore ${RULE} -- in a quoted scalar"
      Resources:
        Instance:
          Type: AWS::EC2::Instance
          Properties:
            ImageId: 'ami-1 # deputy:ignore ${RULE} -- in a single-quoted scalar'
            UserData: |
              #!/bin/bash
              # deputy:ignore ${RULE} -- a shell comment in a block scalar
            KeyName: >-
              # deputy:ignore ${RULE} -- in a folded scalar
            Tags:
              - Key: plain
                Value: text#deputy:ignore ${RULE}
              - Key: quoted-flow
                Value: ["# deputy:ignore ${RULE}"]
        # see the deputy:ignore comments of the Terraform modules
        # deputy:ignored for now
        Topic:
          Type: AWS::SNS::Topic
    `);
    expect(parse(silent).errors).toEqual([]);
  });

  it('is never looked for in a JSON template, whose strings may hold the text', () => {
    const json = JSON.stringify({ Description: `# deputy:ignore ${RULE} -- reviewed`, Resources: { Topic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: '# deputy:ignore x -- y' } } } }, null, 2);
    expect(parse(json, undefined, 'stacks/template.json').errors).toEqual([]);
    expect(new TemplateSource('stacks/template.json', json).yamlComments(/deputy:ignore/i)).toEqual([]);
  });

  it('is looked for only in a template that mentions the directive', () => {
    const source = new TemplateSource(FILE, 'Resources: # a comment\n  Topic:\n    Type: AWS::SNS::Topic\n');
    expect(source.yamlComments(/deputy:ignore/i)).toEqual([]);
    expect(source.yamlComments(/a comment/)).toEqual([{ text: '# a comment', line: 1, column: 12 }]);
  });
});
