import { describe, expect, it } from 'vitest';
import { scanText } from '../../helpers.js';
import { MOST_GENERATED_ENTRIES } from '../../../parsers/cloudformation/loops.js';
import { FILE, lineOf, onlyWorld, parse, resourceOf, template } from './helpers.js';

const LOOPS = template(`
  Transform: AWS::LanguageExtensions
  Parameters:
    Teams: {Type: CommaDelimitedList, Default: 'alpha, beta'}
  Conditions:
    Fn::ForEach::TeamConditions:
      - Team
      - !Ref Teams
      - Is&{Team}: !Equals [!Ref Team, alpha]
  Resources:
    Fn::ForEach::Roles:
      - Team
      - !Ref Teams
      - \${Team}Role:
          Type: AWS::IAM::Role
          Properties:
            RoleName: !Sub '\${Team}-\${AWS::Region}'
            Path: !If [!Sub 'Is\${Team}', /alpha/, /other/]
            Description: !Ref Team
            Tags:
              - Key: \${Team}
                Value: plain text is not replaced
        Fn::ForEach::Buckets:
          - Bucket
          - [logs, data-2]
          - \${Team}&{Bucket}Policy:
              Type: AWS::IAM::ManagedPolicy
              Properties:
                Roles: [!Ref Role]
                PolicyDocument:
                  Statement:
                    - Effect: Allow
                      Action: s3:GetObject
                      Resource: !Sub 'arn:aws:s3:::\${Team}-\${Bucket}/*'
    Role:
      Type: AWS::IAM::Role
`);

describe('Fn::ForEach', () => {
  it('writes a resource for each item, in the place of the loop, with the identifier replaced in keys, Fn::Sub texts and Refs', () => {
    const world = parse(LOOPS).worlds[0]!;
    expect(world.resources.map((resource) => resource.name)).toEqual(['alphaRole', 'alphalogsPolicy', 'alphadata2Policy', 'betaRole', 'betalogsPolicy', 'betadata2Policy', 'Role']);
    expect(resourceOf(world, 'betaRole').properties).toMatchObject({ RoleName: expect.stringMatching(/^beta-/), Description: 'beta', Tags: [{ Key: '${Team}', Value: 'plain text is not replaced' }] });
    expect(resourceOf(world, 'betadata2Policy').properties).toMatchObject({ PolicyDocument: { Statement: [{ Resource: 'arn:aws:s3:::beta-data-2/*' }] } });
    expect(world.edges.filter((edge) => edge.kind === 'attached-policy').map((edge) => edge.from.split('#')[1])).toHaveLength(4);
  });

  it('writes the conditions of a loop, which the resources read', () => {
    const parsed = parse(LOOPS);
    expect(parsed.errors).toEqual([]);
    const world = parsed.worlds[0]!;
    expect([resourceOf(world, 'alphaRole').properties.Path, resourceOf(world, 'betaRole').properties.Path]).toEqual(['/alpha/', '/other/']);
  });

  it('locates each generated resource, and what it writes, where its loop writes it', () => {
    const world = parse(LOOPS).worlds[0]!;
    for (const name of ['alphaRole', 'betaRole']) {
      const role = resourceOf(world, name);
      expect(role.location).toMatchObject({ startLine: lineOf(LOOPS, '${Team}Role:'), startColumn: 7 });
      expect(role.locator.locate(['Properties', 'Description']).startLine).toBe(lineOf(LOOPS, 'Description: !Ref Team'));
    }
    const policy = resourceOf(world, 'betalogsPolicy');
    expect(policy.locator.locate(['Properties', 'PolicyDocument', 'Statement', 0, 'Resource']).startLine).toBe(lineOf(LOOPS, 'Resource: !Sub'));
  });

  it('reads the collection from a list parameter: the value given, else its Default, else it says the loop is not expanded', () => {
    expect(parse(LOOPS, { Teams: 'gamma' }).worlds[0]!.resources.map((resource) => resource.name)).toEqual(['gammaRole', 'gammalogsPolicy', 'gammadata2Policy', 'Role']);
    const withoutValue = parse(LOOPS.replace(", Default: 'alpha, beta'", ''));
    expect(withoutValue.worlds[0]!.resources.map((resource) => resource.name)).toEqual(['Role']);
    const message = (what: string) => `${what} is not expanded: its collection, parameter Teams, has no value (give one with --parameter), so the ${what.includes('Condition') ? 'conditions' : 'resources'} it generates are not analyzed`;
    expect(withoutValue.notices).toEqual([
      { file: FILE, line: lineOf(LOOPS, 'Fn::ForEach::TeamConditions'), column: 3, message: message('Fn::ForEach::TeamConditions') },
      { file: FILE, line: lineOf(LOOPS, 'Fn::ForEach::Roles'), column: 3, message: message('Fn::ForEach::Roles') },
    ]);
  });

  it('says a problem or notice of a loop in the properties of generated resources once, not once for each resource', () => {
    const text = template(`
      Transform: AWS::LanguageExtensions
      Parameters:
        Env: {Type: CommaDelimitedList, Default: 'a, b'}
      Resources:
        Fn::ForEach::Topics:
          - Item
          - [x, y, z]
          - \${Item}Topic:
              Type: AWS::SNS::Topic
              Properties:
                Fn::ForEach::Bad: not a loop
                Tags:
                  Fn::ForEach::Tags:
                    - Tag
                    - !Ref Env
                    - Tag\${Tag}: on
    `);
    const parsed = parse(text);
    expect(parsed.errors.map(({ line, message }) => [line, message])).toEqual([[lineOf(text, 'Fn::ForEach::Bad'), 'Fn::ForEach::Bad must be a list of an identifier, a collection and a mapping of what each item writes']]);
    expect(parsed.notices.map(({ line }) => line)).toEqual([lineOf(text, 'Fn::ForEach::Tags')]);
  });

  it('says which loops are expanded with a parameter\'s Default, and none once a value is given', () => {
    const defaults = (parameters?: Record<string, string>) => parse(LOOPS, parameters).notices.filter(({ message }) => message.includes('the Default')).map(({ line, message }) => [line, message]);
    const said = (loop: string, generated: string) => `Fn::ForEach::${loop} is expanded with Teams=alpha, beta, the Default, as no value is given: the ${generated} another value would generate are not analyzed (give it with --parameter)`;
    expect(defaults()).toEqual([
      [lineOf(LOOPS, 'Fn::ForEach::TeamConditions'), said('TeamConditions', 'conditions')],
      [lineOf(LOOPS, 'Fn::ForEach::Roles'), said('Roles', 'resources')],
    ]);
    expect(defaults({ Teams: 'gamma' })).toEqual([]);
  });

  it('reads the collection from a mapping: Fn::FindInMap with keys written out, from parameters or an outer loop\'s item, or its DefaultValue, else it says why not', () => {
    const text = template(`
      Transform: AWS::LanguageExtensions
      Parameters:
        Env: {Type: String, Default: prod}
        Unset: {Type: String}
      Mappings:
        Teams:
          prod: {Names: [alpha, beta]}
          dev: {Names: [gamma]}
        Buckets:
          alpha: {Names: [logs]}
          beta: {Names: [data, 2]}
      Resources:
        Fn::ForEach::Teams:
          - Team
          - !FindInMap [Teams, !Ref Env, Names]
          - Fn::ForEach::Buckets:
              - Bucket
              - !FindInMap [Buckets, !Ref Team, Names]
              - \${Team}\${Bucket}Topic:
                  Type: AWS::SNS::Topic
        Fn::ForEach::Unset:
          - Team
          - !FindInMap [Teams, !Ref Unset, Names]
          - \${Team}Unset:
              Type: AWS::SNS::Topic
        Fn::ForEach::Regional:
          - Team
          - !FindInMap [Teams, !Ref AWS::Region, Names]
          - \${Team}Regional:
              Type: AWS::SNS::Topic
        Fn::ForEach::Single:
          - Team
          - !FindInMap [Teams, staging, Names, {DefaultValue: [shared]}]
          - \${Team}Single:
              Type: AWS::SNS::Topic
    `);
    const names = (parameters?: Record<string, string>) => parse(text, parameters).worlds[0]!.resources.map((resource) => resource.name);
    expect(names()).toEqual(['alphalogsTopic', 'betadataTopic', 'beta2Topic', 'sharedSingle']);
    expect(names({ Env: 'dev', Unset: 'prod' })).toEqual(['alphaUnset', 'betaUnset', 'sharedSingle']);
    const notice = (loop: string, why: string) => ({ file: FILE, line: lineOf(text, `Fn::ForEach::${loop}:`), column: 3, message: `Fn::ForEach::${loop} is not expanded: its collection, a Fn::FindInMap, is not known: ${why}, so the resources it generates are not analyzed` });
    // Expanded with Env's Default: the resources another Env would generate are said not to be analyzed.
    const withDefault = { file: FILE, line: lineOf(text, 'Fn::ForEach::Teams:'), column: 3, message: 'Fn::ForEach::Teams is expanded with Env=prod, the Default, as no value is given: the resources another value would generate are not analyzed (give it with --parameter)' };
    expect(parse(text).notices).toEqual([withDefault, notice('Unset', 'parameter Unset has no value'), notice('Regional', 'Fn::FindInMap keys are not known statically')]);
    // Mappings has no list for dev's second key: the one `Buckets` would find for gamma.
    expect(parse(text, { Env: 'dev', Unset: 'prod' }).notices.map(({ message }) => message)).toEqual([
      'Fn::ForEach::Buckets is not expanded: its collection, a Fn::FindInMap, is not known: Fn::FindInMap: mapping Buckets has no gamma/Names, so the resources it generates are not analyzed',
      'Fn::ForEach::Regional is not expanded: its collection, a Fn::FindInMap, is not known: Fn::FindInMap keys are not known statically, so the resources it generates are not analyzed',
    ]);
  });

  it('writes the keys of a loop in properties into the mapping it is written in, at any depth, located in its fragment', () => {
    const text = template(`
      Transform: AWS::LanguageExtensions
      Parameters:
        Unset: {Type: CommaDelimitedList}
      Resources:
        Fn::ForEach::Roles:
          - Team
          - [alpha, beta]
          - \${Team}Role:
              Type: AWS::IAM::Role
              Properties:
                Description: written beside the loop
                Fn::ForEach::Names:
                  - Name
                  - [RoleName, Path]
                  - \${Name}: !Sub /\${Team}-\${Name}/
                AssumeRolePolicyDocument:
                  Version: '2012-10-17'
                  Statement:
                    - Effect: Allow
                      Principal: {Service: sagemaker.amazonaws.com}
                      Action: sts:AssumeRole
                      Condition:
                        StringEquals:
                          Fn::ForEach::Keys:
                            - Key
                            - [aws:SourceAccount]
                            - \${Key}: !Ref AWS::AccountId
        Notebook:
          Type: AWS::SageMaker::NotebookInstance
          Properties:
            DirectInternetAccess: Disabled
            Fn::ForEach::Settings:
              - Setting
              - [DirectInternetAccess]
              - \${Setting}: Enabled
            Fn::ForEach::Unknown:
              - Setting
              - !Ref Unset
              - \${Setting}: Enabled
    `);
    const parsed = parse(text);
    const world = parsed.worlds[0]!;
    const beta = resourceOf(world, 'betaRole');
    expect(beta.properties).toMatchObject({ Description: 'written beside the loop', RoleName: '/beta-RoleName/', Path: '/beta-Path/' });
    expect(beta.properties).toMatchObject({ AssumeRolePolicyDocument: { Statement: [{ Condition: { StringEquals: { 'aws:SourceAccount': expect.any(String) } } }] } });
    expect(beta.locator.locate(['Properties', 'Path']).startLine).toBe(lineOf(text, '- ${Name}: !Sub'));
    expect(beta.locator.locate(['Properties', 'AssumeRolePolicyDocument', 'Statement', 0, 'Condition', 'StringEquals', 'aws:SourceAccount']).startLine).toBe(lineOf(text, '- ${Key}: !Ref'));
    // A loop not expanded stays a key of its mapping, which says that what the mapping holds is not all known.
    expect(Object.keys(resourceOf(world, 'Notebook').properties)).toEqual(['DirectInternetAccess', 'Fn::ForEach::Unknown']);
    expect(parsed.errors).toEqual([{ file: FILE, line: lineOf(text, '- ${Setting}: Enabled'), column: 11, message: 'Fn::ForEach::Settings generates DirectInternetAccess which the mapping it is written in declares too; CloudFormation rejects the template' }]);
    expect(parsed.notices).toEqual([{ file: FILE, line: lineOf(text, 'Fn::ForEach::Unknown'), column: 7, message: 'Fn::ForEach::Unknown is not expanded: its collection, parameter Unset, has no value (give one with --parameter), so the keys it generates are not analyzed' }]);
  });

  it('locates the resources of a loop in a JSON template', () => {
    const text = JSON.stringify({ Transform: 'AWS::LanguageExtensions', Resources: { 'Fn::ForEach::Topics': ['Name', ['a', 'b'], { 'Topic${Name}': { Type: 'AWS::SNS::Topic', Properties: { TopicName: { Ref: 'Name' } } } }] } }, null, 2);
    const world = onlyWorld(text, undefined, 'stacks/template.json');
    expect(world.resources.map((resource) => [resource.name, resource.properties.TopicName, resource.location.startLine])).toEqual([
      ['Topica', 'a', lineOf(text, '"Topic${Name}"')],
      ['Topicb', 'b', lineOf(text, '"Topic${Name}"')],
    ]);
  });

  it('reports a logical id a loop generates twice, or that the template declares, once at the fragment', () => {
    const text = 'Transform: AWS::LanguageExtensions\nResources:\n  Topicb:\n    Type: AWS::SNS::Topic\n  Fn::ForEach::Topics:\n    - Name\n    - [a, b, a]\n    - Topic${Name}:\n        Type: AWS::SNS::Topic\n';
    const parsed = parse(text);
    expect(parsed.errors).toEqual([
      { file: FILE, line: 8, column: 7, message: 'Fn::ForEach::Topics generates Topicb which the Resources section declares too; CloudFormation rejects the template' },
      { file: FILE, line: 8, column: 7, message: 'Fn::ForEach::Topics generates Topica more than once; CloudFormation rejects the template' },
    ]);
    expect(parsed.worlds[0]!.resources.map((resource) => resource.name)).toEqual(['Topicb', 'Topica']);
  });

  it(`expands at most ${MOST_GENERATED_ENTRIES} resources, and says so at the loop`, () => {
    const items = Array.from({ length: 300 }, (_, index) => `i${index}`).join(', ');
    const text = `Transform: AWS::LanguageExtensions\nResources:\n  Fn::ForEach::Outer:\n    - A\n    - [${items}]\n    - Fn::ForEach::Inner:\n        - B\n        - [${items}]\n        - T\${A}x\${B}:\n            Type: AWS::SNS::Topic\n`;
    const parsed = parse(text);
    expect(parsed.worlds[0]!.resources).toHaveLength(MOST_GENERATED_ENTRIES);
    expect(parsed.notices).toEqual([{ file: FILE, line: 6, column: 7, message: expect.stringMatching(/^Fn::ForEach::Inner generates more resources than deputy expands \(500, /) }]);
  });

  it('reads a suppression written in a loop for each resource it generates, and says a problem of it once', () => {
    const text = template(`
      Transform: AWS::LanguageExtensions
      Resources:
        Fn::ForEach::Topics:
          - Name
          - [a, b]
          - Topic\${Name}:
              Type: AWS::SNS::Topic
              Metadata:
                deputy:
                  ignore:
                    - rule: trust-any-principal
                      reason: kept
                    - rule: trust-any-principal
    `);
    const parsed = parse(text);
    expect(parsed.errors.map(({ line, message }) => [line, message])).toEqual([[lineOf(text, '- rule: trust-any-principal', 2), 'the suppression of trust-any-principal on Topica needs a reason: say why the finding is accepted']]);
    expect(parsed.worlds[0]!.resources.map((resource) => resource.suppressions?.map(({ location }) => location.startLine))).toEqual([[lineOf(text, '- rule')], [lineOf(text, '- rule')]]);
  });

  /** Roles a loop over `items` makes, named `name`, each trusting anyone and suppressing that with `reason`. */
  const publicRoles = (items: string, name: string, reason: string) =>
    template(`
      Transform: AWS::LanguageExtensions
      Resources:
        Fn::ForEach::Roles:
          - Team
          - ${items}
          - ${name}:
              Type: AWS::IAM::Role
              Metadata:
                deputy:
                  ignore:
                    - {rule: trust-any-principal, reason: ${reason}}
              Properties:
                AssumeRolePolicyDocument:
                  Version: '2012-10-17'
                  Statement: [{Effect: Allow, Principal: {AWS: '*'}, Action: sts:AssumeRole}]
    `);
  const suppressedReasons = async (text: string) => {
    const result = await scanText(text);
    return { result, reasons: result.findings.map((finding) => [finding.resource.address.split('#')[1], finding.suppressed?.reason]) };
  };

  it('reads the reason of a suppression written in a loop as each resource it generates writes it', async () => {
    const { reasons } = await suppressedReasons(publicRoles('[alpha, beta]', '\${Team}Role', "!Sub 'legacy \${Team}'"));
    expect(reasons).toEqual([
      ['alphaRole', 'legacy alpha'],
      ['betaRole', 'legacy beta'],
    ]);
  });

  it('says a problem of a suppression written in a loop that only a later resource has, as its item writes it', async () => {
    const { result, reasons } = await suppressedReasons(publicRoles("[alpha, ' ']", 'Role&{Team}', "!Sub '\${Team}'"));
    expect(reasons).toEqual([
      ['Rolealpha', 'alpha'],
      ['Role', undefined],
    ]);
    expect(result.errors.map((error) => error.message)).toEqual([expect.stringContaining('the suppression of trust-any-principal on Role needs a reason')]);
  });

  it('keeps a suppression written in a loop that a finding of one of its resources uses, and says an unknown rule in it once', async () => {
    const text = template(`
      Transform: AWS::LanguageExtensions
      Resources:
        Fn::ForEach::Roles:
          - Target
          - ['*', 'arn:aws:iam::210987654321:role/x']
          - Pass&{Target}:
              Type: AWS::IAM::Role
              Metadata:
                deputy:
                  ignore:
                    - {rule: identity-passrole-unscoped, reason: reviewed}
                    - {rule: identity-passrole-unscopedd, reason: misspelt}
              Properties:
                AssumeRolePolicyDocument:
                  Version: '2012-10-17'
                  Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]
                Policies:
                  - PolicyName: pass
                    PolicyDocument:
                      Version: '2012-10-17'
                      Statement: [{Effect: Allow, Action: iam:PassRole, Resource: !Ref Target}]
    `);
    const result = await scanText(text);
    expect(result.findings.map((finding) => [finding.ruleId, finding.resource.address.split('#')[1], finding.suppressed?.reason])).toEqual([['identity-passrole-unscoped', 'Pass', 'reviewed']]);
    expect(result.errors.map(({ line, message }) => [line, message])).toEqual([[lineOf(text, 'unscopedd'), 'suppression on Pass names an unknown rule "identity-passrole-unscopedd"; did you mean "identity-passrole-unscoped"?']]);
  });

  it('leaves a loop unexpanded without the AWS::LanguageExtensions transform, or with a collection it cannot know', () => {
    const loop = 'Resources:\n  Fn::ForEach::Topics:\n    - Name\n    - !Split [",", a]\n    - Topic${Name}:\n        Type: AWS::SNS::Topic\n';
    expect(parse(loop).notices).toEqual([{ file: FILE, line: 2, column: 3, message: 'Fn::ForEach::Topics is not expanded: the template does not declare the AWS::LanguageExtensions transform, so the resources it generates are not analyzed' }]);
    expect(parse(`Transform: AWS::LanguageExtensions\n${loop}`).notices).toEqual([{ file: FILE, line: 3, column: 3, message: 'Fn::ForEach::Topics is not expanded: its collection is neither a list, a Ref to a list parameter nor a Fn::FindInMap, so the resources it generates are not analyzed' }]);
    expect(parse('Transform: AWS::LanguageExtensions\nResources:\n  Fn::ForEach::Topics: [Name, [a]]\n').errors).toEqual([{ file: FILE, line: 3, column: 3, message: 'Fn::ForEach::Topics must be a list of an identifier, a collection and a mapping of what each item writes' }]);
  });
});
