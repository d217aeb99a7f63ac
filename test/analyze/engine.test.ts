import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { analyzeFile, scan, toFinding } from '../../src/analyze/engine.js';
import type { Finding } from '../../src/model/finding.js';
import { hclServiceRole, project, serviceRole } from './support.js';
import { join } from 'node:path';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { StablePaths } from '../../src/analyze/repository.js';
import { parseConfig } from '../../src/analyze/config.js';
import type { SourceLocation } from '../../src/model/location.js';
import type { ParsedFile, Resource } from '../../src/model/resource.js';
import type { Rule, RuleReport } from '../../src/model/rule.js';
import { lineOf } from '../parsers/cloudformation/helpers.js';
import { parseCloudFormation } from '../../parsers/cloudformation/index.js';
import { roleTemplate, scanText } from '../helpers.js';
import { scanTree } from '../parsers/terraform/helpers.js';
import { refMarker, unresolvedMarker } from '../../src/model/value.js';
import { stringify as yamlStringify } from 'yaml';
import { defaultServicePrincipals } from '../../src/iam/service-principals.js';

/** What the rules analyzeFile runs here see: the default service catalog, and the scan's instant. */
const CONTEXT = { services: defaultServicePrincipals, now: Date.parse('2026-12-07T10:00:00Z') };

const location: SourceLocation = { file: 'main.tf', startLine: 3, startColumn: 1, endLine: 3, endColumn: 9 };

function resource(format: Resource['format']): Resource {
  return {
    address: format === 'cloudformation' ? 'template.yaml#Role' : 'module.team["a"].aws_iam_role.exec',
    name: format === 'cloudformation' ? 'Role' : 'exec',
    type: format === 'cloudformation' ? 'AWS::IAM::Role' : 'aws_iam_role',
    kind: 'iam-role',
    file: format === 'cloudformation' ? 'template.yaml' : 'main.tf',
    format,
    syntax: format === 'cloudformation' ? 'yaml' : 'hcl',
    properties: {},
    location,
    locator: { locate: () => location },
  };
}

const rule = {
  meta: { id: 'test-rule', severity: 'medium', messages: { say: '{policy} names {value} and {missing} ({policy})' } },
  check: () => [],
} as unknown as Rule;

function report(format: Resource['format'], data: Record<string, string>): RuleReport {
  return { messageId: 'say', data, resource: resource(format), locator: { locate: () => location }, path: ['Properties', 'Policies', 0, 'PolicyDocument'] };
}

describe('toFinding', () => {
  it('fills every placeholder of the message, leaving those without data as written', () => {
    const finding = toFinding(rule, report('cloudformation', { policy: 'policy P', value: '${AWS::AccountId}' }));
    expect(finding.message).toBe('policy P names ${AWS::AccountId} and {missing} (policy P)');
  });

  it('writes the owner\'s symbols as Terraform data sources for Terraform resources', () => {
    expect(toFinding(rule, report('terraform-plan', { policy: 'P', value: 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root', missing: 'x' })).message).toBe(
      'P names arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root and x (P)',
    );
    expect(toFinding(rule, report('terraform-plan', { policy: 'P', value: 'v', missing: 'x' })).message).toBe('P names v and x (P)');
  });

  it('shows a marker that reaches the message data as a reader writes it, never raw', () => {
    const data = { policy: 'P', value: `${unresolvedMarker('variable: var.k has no default')}/${refMarker('aws_iam_role.r', 'arn')}`, missing: 'x' };
    expect(toFinding(rule, report('terraform-plan', data)).message).toBe('P names <unresolved: variable: var.k has no default>/${aws_iam_role.r.arn} and x (P)');
  });

  it("fills a variant's own placeholders from the data and the exposure, and keeps the variant out of the fingerprint", () => {
    const varied = {
      meta: { id: 'test-rule', severity: 'medium', messages: { say: '{policy} allows it {how}' }, variants: { how: { plain: 'always', named: 'when {who} asks ({keys}, {unknown})' } } },
      check: () => [],
    } as unknown as Rule;
    const base: RuleReport = { ...report('cloudformation', { policy: 'P', keys: '${AWS::AccountId}' }), messageId: 'say', exposure: { who: 'user Alice' } };
    const named = toFinding(varied, { ...base, variants: { how: 'named' } });
    expect(named.message).toBe('P allows it when user Alice asks (${AWS::AccountId}, {unknown})');
    expect(toFinding(varied, base).message).toBe('P allows it always');
    expect(named.fingerprint).toBe(toFinding(varied, base).fingerprint);
  });

  it('locates a report where it says it is located more precisely, and fingerprints it by its path still', () => {
    const at = (startLine: number): SourceLocation => ({ ...location, startLine, endLine: startLine });
    const statement = ['Properties', 'Policies', 0, 'PolicyDocument', 'Statement', 1];
    const action = [...statement, 'Action', 0];
    const asked: unknown[] = [];
    const locator = {
      locate: (path: readonly (string | number)[]) => at(path.length),
      valueWrittenAt: (path: readonly (string | number)[]) => (asked.push(path), undefined),
    };
    const atStatement: RuleReport = { ...report('cloudformation', { policy: 'P' }), locator, path: statement };
    const atAction = toFinding(rule, { ...atStatement, locatedAt: action });
    expect(atAction.location.startLine).toBe(action.length);
    expect(toFinding(rule, atStatement).location.startLine).toBe(statement.length);
    expect(asked).toEqual([action, statement]);
    expect(atAction.fingerprint).toBe(toFinding(rule, atStatement).fingerprint);
  });

  it('fingerprints the rule, the stable path and address, the named path steps, the message id and the sorted data', () => {
    const paths = new StablePaths(process.cwd(), []);
    const data = { value: 'v', policy: 'P' };
    const expected = createHash('sha256')
      .update(['test-rule', `${paths.of('main.tf')}#module.team["a"].aws_iam_role.exec`, '["Properties","Policies","PolicyDocument"]', 'say', 'policy=P\nvalue=v'].join('\u0000'))
      .digest('hex')
      .slice(0, 32);
    expect(toFinding(rule, report('terraform-plan', data), paths).fingerprint).toBe(expected);
    expect(toFinding(rule, report('terraform-plan', { policy: 'P', value: 'v' }), paths).fingerprint).toBe(expected);
    expect(toFinding(rule, report('terraform-plan', { ...data, value: 'w' }), paths).fingerprint).not.toBe(expected);
  });

  it('fingerprints data without entries, and one entry without a separator', () => {
    const paths = new StablePaths(process.cwd(), []);
    const expected = (data: string) =>
      createHash('sha256')
        .update(['test-rule', `${paths.of('template.yaml')}#Role`, '["Properties","Policies","PolicyDocument"]', 'say', data].join('\u0000'))
        .digest('hex')
        .slice(0, 32);
    expect(toFinding(rule, report('cloudformation', {}), paths).fingerprint).toBe(expected(''));
    expect(toFinding(rule, report('cloudformation', { policy: '' }), paths).fingerprint).toBe(expected('policy='));
    // Keys that read as numbers are listed first and in numeric order; the data is still sorted as text.
    expect(toFinding(rule, report('cloudformation', { b: '', 10: 'x', 9: 'y' }), paths).fingerprint).toBe(expected('10=x\n9=y\nb='));
    expect(toFinding(rule, report('cloudformation', { resource: 'r', policy: 'p', missing: 'm', key: 'k', b: 'B', B: 'b' }), paths).fingerprint).toBe(expected('B=b\nb=B\nkey=k\nmissing=m\npolicy=p\nresource=r'));
  });
});

describe('analyzeFile', () => {
  /** A template of one world holding the test resource. */
  const parsed: ParsedFile = {
    file: 'template.yaml',
    format: 'cloudformation',
    worlds: [{ conditions: {}, resources: [resource('cloudformation')], edges: [], policies: [], managedPolicyArns: [], duplicateKeys: () => [] }],
    resourceConditions: {},
    declaredParameters: [],
    errors: [],
    notices: [],
  };

  it('keeps one finding per rule, resource, position and message', () => {
    const at = (startLine: number): SourceLocation => ({ ...location, startLine, endLine: startLine });
    const reportAt = (line: number, policy: string): RuleReport => ({ ...report('cloudformation', { policy }), locator: { locate: () => at(line) } });
    const repeating = { ...rule, check: () => [reportAt(3, 'P'), reportAt(3, 'P'), reportAt(4, 'P'), reportAt(3, 'Q')] } as Rule;
    expect(analyzeFile(parsed, [repeating], CONTEXT).map((finding) => [finding.location.startLine, finding.message])).toEqual([
      [3, 'P names {value} and {missing} (P)'],
      [4, 'P names {value} and {missing} (P)'],
      [3, 'Q names {value} and {missing} (Q)'],
    ]);
  });

  it('keeps one finding per rule, position and message on a resource that holds many', () => {
    const at = (startLine: number): SourceLocation => ({ ...location, startLine, endLine: startLine });
    const reportAt = (line: number, policy: string): RuleReport => ({ ...report('cloudformation', { policy }), locator: { locate: () => at(line) } });
    const lines = Array.from({ length: 40 }, (_, index) => index + 1);
    const many = { ...rule, check: () => [...lines.map((line) => reportAt(line, 'P')), reportAt(3, 'P'), reportAt(40, 'P'), reportAt(40, 'Q')] } as Rule;
    expect(analyzeFile(parsed, [many], CONTEXT).map((finding) => [finding.location.startLine, finding.message.slice(-3)])).toEqual([...lines.map((line) => [line, '(P)']), [40, '(Q)']]);
  });

  it('keeps the same message at another column, on another resource or from another rule, and drops repeats of a rule id run twice', () => {
    const reportAt = (column: number, format: Resource['format']): RuleReport => ({
      ...report(format, { policy: 'P' }),
      locator: { locate: () => ({ ...location, startColumn: column }) },
    });
    const first = { ...rule, check: () => [reportAt(1, 'cloudformation'), reportAt(2, 'cloudformation'), reportAt(1, 'terraform-plan'), reportAt(1, 'cloudformation')] } as Rule;
    const other = { ...rule, meta: { ...rule.meta, id: 'other-rule' }, check: () => [reportAt(1, 'cloudformation')] } as Rule;
    expect(analyzeFile(parsed, [first, other, first], CONTEXT).map((finding) => [finding.ruleId, finding.resource.address, finding.location.startColumn])).toEqual([
      ['test-rule', 'template.yaml#Role', 1],
      ['test-rule', 'template.yaml#Role', 2],
      ['test-rule', 'module.team["a"].aws_iam_role.exec', 1],
      ['other-rule', 'template.yaml#Role', 1],
    ]);
  });

  it('writes once, with the parameter as written, a finding whose message, fix description and related messages show each world its value', () => {
    // Two worlds that give Env its Default (dev) and prod: the rule shows the value in every text of the finding.
    const world = (env: string, isProd: boolean) => ({
      ...parsed.worlds[0]!,
      conditions: { IsProd: isProd },
      parameters: { Env: env },
      resources: [{ ...resource('cloudformation'), properties: { env } }],
    });
    const worlds: ParsedFile = { ...parsed, worlds: [world('dev', false), world('prod', true)], resourceConditions: { 'template.yaml#Role': ['IsProd'] } };
    const relatedAt = (line: number) => ({ ...location, startLine: line, endLine: line });
    const reporting = (snippet: (env: string) => string, relatedLine: (env: string) => number) =>
      ({
        ...rule,
        check: (graph) =>
          graph.resources().map((role) => {
            const env = (role.properties as { env: string }).env;
            return {
              ...report('cloudformation', { policy: `${env}-policy`, value: 'v', missing: 'm' }),
              related: [{ message: `the ${env} bucket`, locator: { locate: () => relatedAt(relatedLine(env)) }, path: [] }],
              fix: { description: `Name the ${env} bucket`, snippet: snippet(env) },
            };
          }),
      }) as Rule;
    const same = analyzeFile(worlds, [reporting(() => 'Bucket: !Ref Bucket', () => 9)], CONTEXT);
    expect(same.map(({ message, branch, fix, related }) => [message, branch, fix!.description, related.map(({ message }) => message)])).toEqual([
      ['${Env}-policy names v and m (${Env}-policy) (Env: dev or prod)', undefined, 'Name the ${Env} bucket', ['the ${Env} bucket']],
    ]);
    // The first world's fingerprint (the Default's), as the template without its conditions gives it.
    expect(same[0]!.fingerprint).toBe(toFinding(rule, report('cloudformation', { policy: 'dev-policy', value: 'v', missing: 'm' })).fingerprint);
    // A snippet that writes the value, or a related place that moves, keeps each world's finding apart, each saying when.
    for (const apart of [reporting((env) => `Bucket: ${env}-bucket`, () => 9), reporting(() => 'Bucket: !Ref Bucket', (env) => (env === 'dev' ? 9 : 10))]) {
      expect(analyzeFile(worlds, [apart], CONTEXT).map(({ message, branch }) => [message.slice(0, 11), branch])).toEqual([
        ['dev-policy ', 'only when condition IsProd is false'],
        ['prod-policy', 'only when condition IsProd is true'],
      ]);
    }
  });

  it('names the condition a finding is written under, not one that happens to vary with it in every world', async () => {
    // 20 independent conditions do not fit in 16 worlds: they are varied side by side, all true or all false together.
    const names = Array.from({ length: 20 }, (_, index) => `C${index}`);
    const statements = names.map((name) => `- !If\n  - ${name}\n  - Effect: Allow\n    Principal: {AWS: '*'}\n    Action: sts:AssumeRole\n    Sid: Under${name}\n  - !Ref AWS::NoValue`).join('\n');
    const header = `Parameters:\n${names.map((name) => `  P${name}: {Type: String}\n`).join('')}Conditions:\n${names.map((name) => `  ${name}: !Equals [!Ref P${name}, 'yes']\n`).join('')}`;
    const text = roleTemplate(statements).replace('Resources:', `${header}Resources:`);
    const result = await scanText(text);
    const findings = result.findings.filter((finding) => finding.ruleId === 'trust-any-principal');
    expect(findings.map((finding) => [finding.location.startLine, finding.branch])).toEqual(names.map((name) => [lineOf(text, `Sid: Under${name}`) - 2, `only when condition ${name} is true`]));
  });

  it('names every condition of a nested Fn::If a finding is written under, also when the worlds vary them side by side', async () => {
    const names = Array.from({ length: 20 }, (_, index) => `C${index}`);
    const statements = `- !If\n  - C3\n  - !If\n    - C7\n    - Effect: Allow\n      Principal: {AWS: '*'}\n      Action: sts:AssumeRole\n    - !Ref AWS::NoValue\n  - !Ref AWS::NoValue`;
    const header = `Parameters:\n${names.map((name) => `  P${name}: {Type: String}\n`).join('')}Conditions:\n${names.map((name) => `  ${name}: !Equals [!Ref P${name}, 'yes']\n`).join('')}`;
    const others = names.map((name) => `  Role${name}:\n    Type: AWS::IAM::Role\n    Condition: ${name}\n    Properties: {RoleName: ${name}}\n`).join('');
    const text = roleTemplate(statements, others).replace('Resources:', `${header}Resources:`);
    const result = await scanText(text);
    const findings = result.findings.filter((finding) => finding.ruleId === 'trust-any-principal');
    expect(findings.map((finding) => finding.branch)).toEqual(['only when condition C3 is true and condition C7 is true']);
  });

  /** A model created only when IsProd holds, whose role trusts only training jobs when Strict holds. */
  const strictWhenProd = roleTemplate(
    `- Effect: Allow
  Principal: {Service: sagemaker.amazonaws.com}
  Action: sts:AssumeRole
  Condition:
    ArnLike:
      aws:SourceArn: !If
        - Strict
        - !Sub "arn:\${AWS::Partition}:sagemaker:\${AWS::Region}:\${AWS::AccountId}:training-job/*"
        - !Sub "arn:\${AWS::Partition}:sagemaker:\${AWS::Region}:\${AWS::AccountId}:*"`,
    `  Model:
    Type: AWS::SageMaker::Model
    Condition: IsProd
    Properties:
      EnableNetworkIsolation: true
      ExecutionRoleArn: !GetAtt Role.Arn
`,
  ).replace(
    'Resources:',
    `Parameters:
  Env: {Type: String, AllowedValues: [prod, dev]}
  UseStrict: {Type: String, AllowedValues: ["true", "false"]}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  Strict: !Equals [!Ref UseStrict, "true"]
Resources:`,
  );

  it('names the condition of a related resource the finding also needs, not only the one it is written under', async () => {
    const result = await scanText(strictWhenProd);
    const findings = result.findings.filter((finding) => finding.ruleId === 'trust-sagemaker-role-unassumable');
    // With IsProd true and Strict false the model assumes the role: IsProd alone does not say when the finding holds.
    expect(findings.map((finding) => finding.branch)).toEqual(['only when condition IsProd is true and condition Strict is true']);
  });

  it('names no condition that only follows the ones the finding needs', async () => {
    const text = strictWhenProd
      .replace('  Strict: !Equals', '  Alpha: !Equals [!Ref Env, dev]\n  Strict: !Equals')
      .replace('    Properties:\n      AssumeRolePolicyDocument:', '    Properties:\n      Description: !If [Alpha, "dev role", "prod role"]\n      AssumeRolePolicyDocument:');
    expect(text).toContain('Alpha: !Equals [!Ref Env, dev]');
    expect(text).toContain('Description: !If [Alpha');
    const result = await scanText(text);
    const findings = result.findings.filter((finding) => finding.ruleId === 'trust-sagemaker-role-unassumable');
    // Alpha is false wherever IsProd is true: it tells no world apart.
    expect(findings.map((finding) => finding.branch)).toEqual(['only when condition IsProd is true and condition Strict is true']);
  });

  /**
   * Bob may be put in group A or B by two memberships whose users are not known; Swap chooses which membership makes
   * which group, so each world has one of each, and a rule that lists them by group lists them in the other order.
   */
  const swappedMemberships = {
    Parameters: { First: { Type: 'String' }, Second: { Type: 'String' }, Order: { Type: 'String', AllowedValues: ['ab', 'ba'] } },
    Conditions: { Swap: { 'Fn::Equals': [{ Ref: 'Order' }, 'ba'] } },
    Resources: {
      Bob: { Type: 'AWS::IAM::User', Properties: { UserName: 'bob' } },
      A: { Type: 'AWS::IAM::Group' },
      B: { Type: 'AWS::IAM::Group' },
      AddFirst: { Type: 'AWS::IAM::UserToGroupAddition', Properties: { GroupName: { 'Fn::If': ['Swap', { Ref: 'B' }, { Ref: 'A' }] }, Users: [{ Ref: 'First' }] } },
      AddSecond: { Type: 'AWS::IAM::UserToGroupAddition', Properties: { GroupName: { 'Fn::If': ['Swap', { Ref: 'A' }, { Ref: 'B' }] }, Users: [{ Ref: 'Second' }] } },
    },
  };
  /** A rule that splits its finding on a user by the memberships not known that may name it, listed by group (or the other way). */
  const splitByMembership = (reversed: boolean) =>
    ({
      meta: { id: 'test-split', severity: 'medium', messages: { split: 'user {user} holds whatever a group it may be in allows' } },
      check: (graph) =>
        graph.resources().flatMap((user) => {
          const memberships = [...graph.unknownMembershipsOf(user.address)].sort((a, b) => a.group.localeCompare(b.group) * (reversed ? -1 : 1));
          return memberships.map((membership): RuleReport => ({ messageId: 'split', data: { user: user.name }, resource: user, locator: user.locator, path: [], when: `${graph.resource(membership.holder)!.name} does not name ${user.name}` }));
        }),
    }) as Rule;

  it.each(['template.yaml', 'template.json'])('pairs the findings a rule splits by their own branch, whatever order each world lists them in (%s)', (name) => {
    const text = name.endsWith('.json') ? JSON.stringify(swappedMemberships, null, 2) : yamlStringify(swappedMemberships);
    const parsedTemplate = parseCloudFormation(name, text, { parameters: {} });
    expect(parsedTemplate.worlds.map(({ conditions }) => conditions.Swap)).toEqual([true, false]);
    // In every world Bob's finding holds unless AddFirst names him, and unless AddSecond does: two findings, in every world.
    for (const reversed of [false, true]) {
      expect(analyzeFile(parsedTemplate, [splitByMembership(reversed)], CONTEXT).map(({ message, branch }) => [message, branch])).toEqual([
        ['user Bob holds whatever a group it may be in allows (only when AddFirst does not name Bob)', 'only when AddFirst does not name Bob'],
        ['user Bob holds whatever a group it may be in allows (only when AddSecond does not name Bob)', 'only when AddSecond does not name Bob'],
      ]);
    }
  });
});

describe('a parameter a world assumes a value for', () => {
  // C decides Env: one world assumes prod, the other a value other than prod. The "*" and the placeholder hold in both.
  const yaml = `Parameters:
  Env: {Type: String}
Conditions:
  C: !Equals [!Ref Env, prod]
Resources:
  P1:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: !If [C, "s3:GetObjekt", "s3:GetObjex"]
            Resource: "*"
            Condition:
              StringEquals:
                aws:ResourceTag/c: !Sub "\${Env}*"
                aws:ResourceTag/d: !Sub "\${Env}-123456789012"
                aws:ResourceTag/e: !If [C, "x*", "y*"]
`;
  const json = JSON.stringify(
    {
      Parameters: { Env: { Type: 'String' } },
      Conditions: { C: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } },
      Resources: {
        P1: {
          Type: 'AWS::IAM::ManagedPolicy',
          Properties: {
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Allow',
                  Action: { 'Fn::If': ['C', 's3:GetObjekt', 's3:GetObjex'] },
                  Resource: '*',
                  Condition: {
                    StringEquals: {
                      'aws:ResourceTag/c': { 'Fn::Sub': '\${Env}*' },
                      'aws:ResourceTag/d': { 'Fn::Sub': '\${Env}-123456789012' },
                      'aws:ResourceTag/e': { 'Fn::If': ['C', 'x*', 'y*'] },
                    },
                  },
                },
              ],
            },
          },
        },
      },
    },
    null,
    2,
  );

  it.each([
    ['template.yaml', yaml],
    ['template.json', json],
  ])('makes one finding, shown as written, where the worlds differ only in that value (%s)', async (name, text) => {
    const { findings } = await scanText(text, name);
    const at = (needle: string) => findings.filter((finding) => finding.location.startLine === lineOf(text, needle) && finding.ruleId.startsWith('policy-')).map(({ message, branch }) => [message, branch]);
    expect(at('aws:ResourceTag/c')).toEqual([[expect.stringContaining('compares aws:ResourceTag/c with ${Env}* literally'), undefined]]);
    expect(at('aws:ResourceTag/d')).toEqual([[expect.stringContaining('value ${Env}-123456789012 in the policy of P1'), undefined]]);
    // Values a Fn::If chooses are different findings, each saying when it holds.
    const saying = (needle: string) => findings.filter((finding) => finding.ruleId.startsWith('policy-') && finding.message.includes(needle)).map(({ message, branch }) => [message, branch]);
    expect(saying('aws:ResourceTag/e')).toEqual([
      [expect.stringContaining('with x* literally'), 'only when condition C is true'],
      [expect.stringContaining('with y* literally'), 'only when condition C is false'],
    ]);
    expect(saying('s3:GetObje')).toEqual([
      [expect.stringContaining('s3:GetObjekt'), 'only when condition C is true'],
      [expect.stringContaining('s3:GetObjex'), 'only when condition C is false'],
    ]);
  });

  it('keeps apart the findings of worlds that differ elsewhere than in the value, and keeps a finding of one world alone', async () => {
    // Where C is false, the Sub writes another prefix: no world shows the prod world's text with Env as written.
    const text = yaml.replace('!Sub "${Env}*"', '!If [C, !Sub "${Env}*", !Sub "other-${Env}*"]');
    expect(text).toContain('other-');
    const { findings } = await scanText(text);
    const at = findings.filter((finding) => finding.location.startLine === lineOf(text, 'aws:ResourceTag/c') && finding.ruleId === 'policy-wildcard-in-equals-operator');
    expect(at.map(({ message, branch }) => [message.match(/with (\S+) literally/)![1], branch])).toEqual([
      ['prod*', 'only when condition C is true'],
      ['other-${Env}*', 'only when condition C is false'],
    ]);
  });
});

describe('a parameter every world gives a value (AllowedValues, Default)', () => {
  // C decides Env: the first world takes its Default (dev), the other assumes prod. Env's value shows in the "*" and the placeholder.
  const yaml = `Parameters:
  Env:
    Type: String
    AllowedValues: [prod, dev]
    Default: dev
Conditions:
  C: !Equals [!Ref Env, prod]
Resources:
  P1:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: !If [C, "s3:GetObjekt", "s3:GetObjex"]
            Resource: "*"
            Condition:
              StringEquals:
                aws:ResourceTag/c: !Sub "\${Env}*"
                aws:ResourceTag/d: !Sub "\${Env}-123456789012"
`;
  const statement = (action: unknown, tagC: unknown) => ({
    Effect: 'Allow',
    Action: action,
    Resource: '*',
    Condition: { StringEquals: { 'aws:ResourceTag/c': tagC, 'aws:ResourceTag/d': { 'Fn::Sub': '\${Env}-123456789012' } } },
  });
  const jsonOf = (env: object, conditions: object | undefined, action: unknown, tagC: unknown) =>
    JSON.stringify(
      {
        Parameters: { Env: { Type: 'String', ...env } },
        ...(conditions ? { Conditions: conditions } : {}),
        Resources: { P1: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: { Version: '2012-10-17', Statement: [statement(action, tagC)] } } } },
      },
      null,
      2,
    );
  const allowed = { AllowedValues: ['prod', 'dev'], Default: 'dev' };
  const isProd = { C: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } };
  const json = jsonOf(allowed, isProd, { 'Fn::If': ['C', 's3:GetObjekt', 's3:GetObjex'] }, { 'Fn::Sub': '\${Env}*' });
  const policyFindings = (findings: readonly Finding[], text: string, needle: string) =>
    findings.filter((finding) => finding.location.startLine === lineOf(text, needle) && finding.ruleId.startsWith('policy-'));

  it.each([
    ['template.yaml', yaml, yaml.replace('!If [C, "s3:GetObjekt", "s3:GetObjex"]', '"s3:GetObjekt"').replace(/Conditions:\n.*\n/, '')],
    ['template.json', json, jsonOf(allowed, undefined, 's3:GetObjekt', { 'Fn::Sub': '\${Env}*' })],
  ])('makes one finding, shown as written and without a note, where every world shows its own value (%s)', async (name, text, withoutConditions) => {
    expect(withoutConditions).not.toContain('Fn::If');
    expect(withoutConditions).not.toContain('!If');
    const { findings } = await scanText(text, name);
    const at = (needle: string) => policyFindings(findings, text, needle).map(({ message, branch }) => [message, branch]);
    expect(at('aws:ResourceTag/c')).toEqual([[expect.stringContaining('compares aws:ResourceTag/c with ${Env}* literally'), undefined]]);
    expect(at('aws:ResourceTag/d')).toEqual([[expect.stringContaining('value ${Env}-123456789012 in the policy of P1'), undefined]]);
    // The fingerprint is the one the template without its conditions gives the finding (Env's Default, dev*): a baseline keeps it.
    const plain = (await scanText(withoutConditions, name)).findings;
    for (const needle of ['aws:ResourceTag/c', 'aws:ResourceTag/d']) {
      const [before] = policyFindings(plain, withoutConditions, needle);
      expect(before!.message).toContain('dev');
      expect(policyFindings(findings, text, needle).map(({ fingerprint }) => fingerprint)).toEqual([before!.fingerprint]);
    }
    // A value the Fn::If chooses is a finding of each world, saying when it holds.
    expect(findings.filter((finding) => finding.ruleId === 'policy-unknown-action').map(({ branch }) => branch)).toEqual(['only when condition C is true', 'only when condition C is false']);
  });

  it.each(['template.yaml', 'template.json'])('says the values a merged finding writes as the parameter (%s)', async (name) => {
    // Each value Partner may take is a documentation account: the finding holds in every world, written as ${Partner}.
    const template = {
      Parameters: { Partner: { Type: 'String', Default: '111122223333', AllowedValues: ['111122223333', '444455556666'] } },
      Conditions: { IsFirst: { 'Fn::Equals': [{ Ref: 'Partner' }, '111122223333'] } },
      Resources: {
        Role: {
          Type: 'AWS::IAM::Role',
          Properties: {
            AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'Partner' } } } }] },
            Description: { 'Fn::If': ['IsFirst', 'a', 'b'] },
          },
        },
      },
    };
    const text = name.endsWith('.json') ? JSON.stringify(template, null, 2) : yamlStringify(template);
    const { findings } = await scanText(text, name);
    const placeholders = findings.filter((finding) => finding.ruleId === 'policy-documentation-placeholder');
    expect(placeholders.map(({ message, branch }) => [message, branch])).toEqual([[expect.stringMatching(/value \$\{Partner\} .* placeholder \$\{Partner\} \(Partner: 111122223333 or 444455556666\)$/), undefined]]);
    // With one value supplied there is one world: the value itself, and nothing to say after it.
    const supplied = (await scanText(text, name, { Partner: '444455556666' })).findings.filter((finding) => finding.ruleId === 'policy-documentation-placeholder');
    expect(supplied.map(({ message }) => message)).toEqual([expect.stringMatching(/placeholder 444455556666$/)]);
  });

  // Three values: IsProd false in two worlds (dev, the Default, and test), where the Sub is written.
  const partYaml = `Parameters:
  Env:
    Type: String
    AllowedValues: [prod, dev, test]
    Default: dev
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsTest: !Equals [!Ref Env, test]
Resources:
  P1:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: !If [IsTest, "s3:GetObject", "s3:PutObject"]
            Resource: "*"
            Condition:
              StringEquals:
                aws:ResourceTag/c: !If [IsProd, "x", !Sub "\${Env}*"]
`;
  const partJson = jsonOf(
    { AllowedValues: ['prod', 'dev', 'test'], Default: 'dev' },
    { IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] }, IsTest: { 'Fn::Equals': [{ Ref: 'Env' }, 'test'] } },
    { 'Fn::If': ['IsTest', 's3:GetObject', 's3:PutObject'] },
    { 'Fn::If': ['IsProd', 'x', { 'Fn::Sub': '\${Env}*' }] },
  );

  it.each([
    ['template.yaml', partYaml],
    ['template.json', partJson],
  ])('makes one finding of the worlds that show the place, whose note names the condition it holds under (%s)', async (name, text) => {
    const { findings } = await scanText(text, name);
    expect(findings.filter((finding) => finding.ruleId === 'policy-wildcard-in-equals-operator').map(({ message, branch }) => [message.match(/with (\S+) literally/)![1], branch])).toEqual([
      ['${Env}*', 'only when condition IsProd is false'],
    ]);
  });

  it.each([
    ['template.yaml', yaml.replace('!Sub "${Env}*"', '!If [C, !Sub "${Env}*", !Sub "other-${Env}*"]')],
    ['template.json', jsonOf(allowed, isProd, 's3:GetObjekt', { 'Fn::If': ['C', { 'Fn::Sub': '\${Env}*' }, { 'Fn::Sub': 'other-\${Env}*' }] })],
  ])('keeps apart the findings of worlds whose texts differ elsewhere than in the value (%s)', async (name, text) => {
    expect(text).toContain('other-');
    const { findings } = await scanText(text, name);
    const at = findings.filter((finding) => finding.ruleId === 'policy-wildcard-in-equals-operator');
    expect(at.map(({ message, branch }) => [message.match(/with (\S+) literally/)![1], branch])).toEqual([
      ['prod*', 'only when condition C is true'],
      ['other-dev*', 'only when condition C is false'],
    ]);
  });

  // Each world trusts its partner's account: the messages differ only in Partner's value, but each fix adds a parameter named after it.
  const trustYaml = `Parameters:
  Partner:
    Type: String
    AllowedValues: ["210987654321", "345678901234"]
    Default: "210987654321"
Conditions:
  IsA: !Equals [!Ref Partner, "210987654321"]
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      MaxSessionDuration: !If [IsA, 3600, 7200]
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              AWS: !Sub "arn:aws:iam::\${Partner}:root"
            Action: sts:AssumeRole
`;
  const trustJson = JSON.stringify(
    {
      Parameters: { Partner: { Type: 'String', AllowedValues: ['210987654321', '345678901234'], Default: '210987654321' } },
      Conditions: { IsA: { 'Fn::Equals': [{ Ref: 'Partner' }, '210987654321'] } },
      Resources: {
        Role: {
          Type: 'AWS::IAM::Role',
          Properties: {
            MaxSessionDuration: { 'Fn::If': ['IsA', 3600, 7200] },
            AssumeRolePolicyDocument: {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Principal: { AWS: { 'Fn::Sub': 'arn:aws:iam::\${Partner}:root' } }, Action: 'sts:AssumeRole' }],
            },
          },
        },
      },
    },
    null,
    2,
  );

  it.each([
    ['template.yaml', trustYaml],
    ['template.json', trustJson],
  ])('keeps apart the findings of worlds whose fixes write different snippets, each with its fix and note (%s)', async (name, text) => {
    const { findings } = await scanText(text, name);
    const trust = findings.filter((finding) => finding.ruleId === 'trust-cross-account-without-external-id');
    // At the principal's AWS key, under Principal.
    const line = lineOf(text, 'Principal') + 1;
    expect(trust.map(({ location, branch, fix }) => [location.startLine, branch, fix!.snippet.match(/PartnerExternalId\d+/)![0]])).toEqual([
      [line, 'only when condition IsA is true', 'PartnerExternalId210987654321'],
      [line, 'only when condition IsA is false', 'PartnerExternalId345678901234'],
    ]);
  });

  // Env and Stage take the same values (dev, their Defaults, and prod): a text that shows dev here and prod there may show either.
  const twoYaml = `Parameters:
  Env:
    Type: String
    AllowedValues: [prod, dev]
    Default: dev
  Stage:
    Type: String
    AllowedValues: [prod, dev]
    Default: dev
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsProdStage: !Equals [!Ref Stage, prod]
Resources:
  P1:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Description: !If [IsProdStage, a, b]
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: !If [IsProd, "s3:GetObject", "s3:PutObject"]
            Resource: "*"
            Condition:
              StringEquals:
                aws:ResourceTag/c: !Sub "\${Stage}-\${Env}*"
`;
  const twoJson = JSON.stringify(
    {
      Parameters: { Env: { Type: 'String', ...allowed }, Stage: { Type: 'String', ...allowed } },
      Conditions: { ...isProd, IsProdStage: { 'Fn::Equals': [{ Ref: 'Stage' }, 'prod'] } },
      Resources: {
        P1: {
          Type: 'AWS::IAM::ManagedPolicy',
          Properties: {
            Description: { 'Fn::If': ['IsProdStage', 'a', 'b'] },
            PolicyDocument: { Version: '2012-10-17', Statement: [{ ...statement({ 'Fn::If': ['C', 's3:GetObject', 's3:PutObject'] }, { 'Fn::Sub': '\${Stage}-\${Env}*' }) }] },
          },
        },
      },
    },
    null,
    2,
  );

  it.each([
    ['template.yaml', twoYaml],
    ['template.json', twoJson],
  ])('writes no parameter a text may show as well as another the worlds give the same values (%s)', async (name, text) => {
    const { findings } = await scanText(text, name);
    const shown = findings.filter((finding) => finding.ruleId === 'policy-wildcard-in-equals-operator').map(({ message }) => message.match(/with (\S+) literally/)![1]);
    // Where Env and Stage are dev alike and prod alike, neither is written: Env is where Stage keeps its value.
    expect(shown).not.toContain('\${Env}-\${Env}*');
    expect(shown).not.toContain('\${Stage}-\${Stage}*');
    expect(shown).toEqual(['dev-\${Env}*', 'prod-\${Env}*']);
  });
});

describe('a trust principal a parameter with AllowedValues names', () => {
  const SERVICE_RULE = 'trust-service-without-source-condition';
  const fixtures = join(import.meta.dirname, '..', 'fixtures', SERVICE_RULE);
  const branches = async (paths: string[]) => (await scan(paths)).findings.map((finding) => [finding.ruleId, finding.resource.address.split('#')[1], finding.branch]);

  it.each(['yaml', 'json'])('says for which of its values a finding in a %s template holds, and nothing where each value the parameter allows makes it', async (extension) => {
    const fixture = (name: string) => [join(fixtures, `principal-parameter-${name}.${extension}`)];
    expect(await branches(fixture('one-value'))).toEqual([[SERVICE_RULE, 'ExecutionRole', undefined]]);
    expect(await branches(fixture('two-values'))).toEqual([
      [SERVICE_RULE, 'ExecutionRole', 'only when TrustedService is sagemaker.amazonaws.com'],
      [SERVICE_RULE, 'SharedRole', 'only when TrustedServiceName is sagemaker'],
    ]);
    expect(await branches(fixture('mapped'))).toEqual([[SERVICE_RULE, 'WorkloadRole', 'only when condition Managed is true and Workload is training']]);
  });

  it.each(['yaml', 'json'])('says so of the other trust rules that read the principal, in a %s template', async (extension) => {
    const fixture = (rule: string) => [join(fixtures, '..', rule, `principal-parameter.${extension}`)];
    expect(await branches(fixture('trust-sagemaker-role-unassumable'))).toEqual([['trust-sagemaker-role-unassumable', 'Model', 'only when TrustedService is ec2.amazonaws.com']]);
    expect(await branches(fixture('trust-cross-account-without-external-id'))).toEqual(
      ['210987654321', '345678901234'].map((account) => ['trust-cross-account-without-external-id', 'PartnerRole', `only when PartnerAccount is ${account}`]),
    );
    expect(await branches(fixture('trust-any-principal'))).toEqual([
      ['trust-any-principal', 'OpenRole', 'only when TrustedPrincipal is *'],
      ['trust-cross-account-without-external-id', 'OpenRole', 'only when TrustedPrincipal is 210987654321'],
    ]);
  });

  it('says each of several values that make a finding, and the value a Default gives as any other', async () => {
    const text = roleTemplate(`- Effect: Allow
  Principal: {Service: !Ref Svc}
  Action: sts:AssumeRole`).replace('Resources:', 'Parameters:\n  Svc: {Type: String, Default: ec2.amazonaws.com, AllowedValues: [sagemaker.amazonaws.com, ec2.amazonaws.com, personalize.amazonaws.com]}\nResources:');
    const result = await scanText(text);
    expect(result.findings.map(({ ruleId, message, branch }) => [ruleId, message.split(' ')[0], branch])).toEqual([
      [SERVICE_RULE, 'sagemaker.amazonaws.com', 'only when Svc is sagemaker.amazonaws.com'],
      [SERVICE_RULE, 'personalize.amazonaws.com', 'only when Svc is personalize.amazonaws.com'],
    ]);
  });

  it.each(['', '-json'])('says for which value of a Terraform root variable whose validation lists them a finding holds (tf%s)', async (suffix) => {
    const fixture = (name: string) => [join(fixtures, `tf-principal-variable-${name}${suffix}`)];
    const branches = async (paths: string[]) => (await scan(paths)).findings.map((finding) => [finding.ruleId, finding.resource.address, finding.branch]);
    expect(await branches(fixture('one-value'))).toEqual([[SERVICE_RULE, 'aws_iam_role.exec', undefined]]);
    expect(await branches(fixture('two-values'))).toEqual([
      [SERVICE_RULE, 'aws_iam_role.execution', 'only when var.trusted_service is sagemaker.amazonaws.com'],
      ...(suffix === '' ? [[SERVICE_RULE, 'aws_iam_role.shared', 'only when var.trusted_service_name is sagemaker']] : []),
    ]);
  });

  it.each(['', '-json'])('says for which value of a Terraform root variable a finding holds where a called module\'s validation lists them (tf%s)', async (suffix) => {
    const branches = async (name: string) => (await scan([join(fixtures, `tf-module-variable-validated${name}${suffix}`)])).findings.map((finding) => [finding.ruleId, finding.resource.address, finding.branch]);
    expect(await branches('')).toEqual([[SERVICE_RULE, 'module.execution.aws_iam_role.this', 'only when var.svc is sagemaker.amazonaws.com']]);
    expect(await branches('-other-services')).toEqual([]);
  });

  it.each(['', '-json'])('says for which listed value of a module variable given a value not known a finding holds (tf%s)', async (suffix) => {
    const branches = async (name: string) => (await scan([join(fixtures, `tf-module-variable-listed-not-known${name}${suffix}`)])).findings.map((finding) => [finding.ruleId, finding.resource.address, finding.branch]);
    expect(await branches('')).toEqual([[SERVICE_RULE, 'module.from_ssm.aws_iam_role.this', 'only when module.from_ssm.var.service is sagemaker.amazonaws.com']]);
  });

  it('says each value of a Terraform root variable that makes a finding, in a root scanned with its notices honest', async () => {
    const result = await scanTree({
      'main.tf': `variable "svc" {
  validation {
    condition     = contains(["sagemaker.amazonaws.com", "ec2.amazonaws.com", "personalize.amazonaws.com"], var.svc)
    error_message = "A service of the list."
  }
}
resource "aws_iam_role" "exec" {
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = var.svc }, Action = "sts:AssumeRole" }]
  })
}
`,
    });
    expect(result.errors).toEqual([]);
    expect(result.notices).toEqual([]);
    expect(result.findings.map(({ ruleId, message, branch, location }) => [ruleId, message.split(' ')[0], branch, location.startLine])).toEqual([
      [SERVICE_RULE, 'sagemaker.amazonaws.com', 'only when var.svc is sagemaker.amazonaws.com', 10],
      [SERVICE_RULE, 'personalize.amazonaws.com', 'only when var.svc is personalize.amazonaws.com', 10],
    ]);
  });

  describe('a list parameter', () => {
    const listFixture = (rule: string, name: string, extension: string) => [join(fixtures, '..', rule, `principal-list-parameter${name}.${extension}`)];

    it.each(['yaml', 'json'])('says which values the list includes where a finding in a %s template holds, and for which lists each fix is, and nothing where every list it allows makes it', async (extension) => {
      expect(await branches(listFixture(SERVICE_RULE, '-one-value', extension))).toEqual([[SERVICE_RULE, 'ExecutionRole', undefined]]);
      // The list of SageMaker alone is fixed by a condition on the statement, the list of both by a statement of its own.
      const { findings } = await scan(listFixture(SERVICE_RULE, '-two-values', extension));
      expect(findings.map(({ ruleId, resource, branch, fixes }) => [ruleId, resource.address.split('#')[1], branch, fixes?.map(({ when }) => when)])).toEqual([
        [SERVICE_RULE, 'ExecutionRole', 'only when TrustedServices includes sagemaker.amazonaws.com', ['when TrustedServices does not include ec2.amazonaws.com', 'when TrustedServices includes ec2.amazonaws.com']],
        [SERVICE_RULE, 'SharedRole', 'only when SharedServices includes personalize.amazonaws.com', ['when SharedServices does not include lambda.amazonaws.com', 'when SharedServices includes lambda.amazonaws.com']],
      ]);
      expect(findings.map(({ fix }) => fix)).toEqual([undefined, undefined]);
    });

    it.each(['yaml', 'json'])('does not say a list of three values includes them all where a list of two of them, in no world, takes the fix too (%s)', async (extension) => {
      const [file] = listFixture(SERVICE_RULE, '-three-values', extension);
      const [varied] = (await scan([file!])).findings;
      expect(varied).toMatchObject({ ruleId: SERVICE_RULE, branch: 'only when TrustedServices includes sagemaker.amazonaws.com' });
      expect(varied!.fixes!.map(({ when }) => when)).toEqual(['when TrustedServices does not include ec2.amazonaws.com or lambda.amazonaws.com', 'when TrustedServices includes ec2.amazonaws.com or lambda.amazonaws.com']);
      // A list of two of them is fixed as the list of all three is: by a statement of SageMaker's own.
      const snippets = async (parameters: Record<string, string>) => (await scan([file!], { parameters })).findings.map(({ fix }) => fix?.snippet);
      expect(await snippets({ TrustedServices: 'sagemaker.amazonaws.com,ec2.amazonaws.com' })).toEqual([varied!.fixes![1]!.snippet]);
      expect(await snippets({ TrustedServices: 'sagemaker.amazonaws.com' })).toEqual([varied!.fixes![0]!.snippet]);
      expect(varied!.fixes![0]!.snippet).not.toEqual(varied!.fixes![1]!.snippet);
    });

    it.each(['yaml', 'json'])('says so of the other trust rules, and which value the list does not include where the finding holds for its absence, in a %s template', async (extension) => {
      const fixture = (rule: string) => listFixture(rule, '', extension);
      expect(await branches(fixture('trust-sagemaker-role-unassumable'))).toEqual([['trust-sagemaker-role-unassumable', 'Model', 'only when TrustedServices does not include sagemaker.amazonaws.com']]);
      // One finding an account, whose fix says each: a condition on the statement where the list holds it alone, a
      // statement of its own where the list holds both.
      expect(await branches(fixture('trust-cross-account-without-external-id'))).toEqual(
        ['210987654321', '345678901234'].map((account) => ['trust-cross-account-without-external-id', 'PartnerRole', `only when PartnerAccounts includes ${account}`]),
      );
      // One finding a mistake, whose fixes say the lists each is for: a condition where the list holds the value alone, a
      // statement of its own where it holds another too.
      const fixedFor = async (rule: string) => (await scan(fixture(rule))).findings.map(({ ruleId, resource, branch, fixes }) => [ruleId, resource.address.split('#')[1], branch, fixes?.map(({ when }) => when)]);
      expect(await fixedFor('trust-any-principal')).toEqual([
        ['trust-any-principal', 'OpenRole', 'only when TrustedPrincipals includes *', ['when TrustedPrincipals does not include 210987654321', 'when TrustedPrincipals includes 210987654321']],
        ['trust-cross-account-without-external-id', 'OpenRole', 'only when TrustedPrincipals includes 210987654321', undefined],
      ]);
      expect(await fixedFor('trust-source-arn-wrong-service')).toEqual([
        ['trust-source-arn-wrong-service', 'ExecutionRole', 'only when TrustedServices includes personalize.amazonaws.com', ['when TrustedServices does not include sagemaker.amazonaws.com', 'when TrustedServices includes sagemaker.amazonaws.com']],
      ]);
      expect(await fixedFor('trust-source-condition-ineffective')).toEqual([
        ['trust-source-condition-ineffective', 'ExecutionRole', 'only when TrustedServices includes sagemaker.amazonaws.com', ['when TrustedServices does not include ec2.amazonaws.com', 'when TrustedServices includes ec2.amazonaws.com']],
      ]);
    });

    it.each(['yaml', 'json'])('gives the finding the fix of each list it holds for, as a scan given that list does, with its fingerprint (%s)', async (extension) => {
      const [file] = listFixture(SERVICE_RULE, '-two-values', extension);
      const fixed = async (parameters: Record<string, string> = {}) => (await scan([file!], { parameters })).findings.filter(({ resource }) => resource.address.endsWith('#ExecutionRole'));
      const [varied, alone, both] = [await fixed(), await fixed({ TrustedServices: 'sagemaker.amazonaws.com' }), await fixed({ TrustedServices: 'sagemaker.amazonaws.com,ec2.amazonaws.com' })];
      expect([varied.length, alone.length, both.length]).toEqual([1, 1, 1]);
      // A statement that trusts SageMaker alone takes the condition; one that also trusts EC2 must be split, which the condition would refuse.
      expect(alone[0]!.fix).not.toEqual(both[0]!.fix);
      expect(varied[0]!.fixes).toEqual([
        { when: 'when TrustedServices does not include ec2.amazonaws.com', ...alone[0]!.fix! },
        { when: 'when TrustedServices includes ec2.amazonaws.com', ...both[0]!.fix! },
      ]);
      expect(varied[0]!.message).toBe(`${alone[0]!.message} (${varied[0]!.branch})`);
      expect(new Set([varied, alone, both].map((found) => found[0]!.fingerprint)).size).toBe(1);
    });

    it('reads a list supplied with --parameter as given: silent where it does not include SageMaker', async () => {
      const [file] = listFixture(SERVICE_RULE, '-two-values', 'yaml');
      const supplied = async (parameters: Record<string, string>) => {
        const result = await scan([file!], { parameters });
        expect(result.errors).toEqual([]);
        return result.findings.map((finding) => [finding.resource.address.split('#')[1], finding.message.split(' ')[0], finding.branch]);
      };
      expect(await supplied({ TrustedServices: 'ec2.amazonaws.com', SharedServices: 'lambda.amazonaws.com' })).toEqual([]);
      expect(await supplied({ TrustedServices: 'ec2.amazonaws.com,sagemaker.amazonaws.com', SharedServices: 'lambda.amazonaws.com' })).toEqual([['ExecutionRole', 'sagemaker.amazonaws.com', undefined]]);
      expect(await supplied({ TrustedServices: 'ec2.amazonaws.com' })).toEqual([['SharedRole', 'personalize.amazonaws.com', 'only when SharedServices includes personalize.amazonaws.com']]);
    });

    it('says each value a finding holds for when the list includes any of them, or none of those it must not include', async () => {
      const trusting = (statements: string, allowed: string) => roleTemplate(statements).replace('Resources:', `Parameters:\n  Svcs: {Type: CommaDelimitedList, AllowedValues: [${allowed}]}\nResources:`);
      const deniedBy = await scanText(
        trusting(
          `- Effect: Allow
  Principal: {Service: sagemaker.amazonaws.com}
  Action: sts:AssumeRole
- Effect: Deny
  Principal: {Service: !Ref Svcs}
  Action: sts:AssumeRole`,
          'sagemaker.amazonaws.com, ec2.amazonaws.com, lambda.amazonaws.com',
        ),
      );
      expect(deniedBy.findings.map(({ ruleId, branch }) => [ruleId, branch])).toEqual([[SERVICE_RULE, 'only when Svcs does not include sagemaker.amazonaws.com']]);
      const excepting = await scanText(
        trusting(
          `- Effect: Allow
  Principal: {Service: [sagemaker.amazonaws.com, personalize.amazonaws.com]}
  Action: sts:AssumeRole
- Effect: Deny
  NotPrincipal: {Service: !Ref Svcs}
  Action: sts:AssumeRole`,
          'sagemaker.amazonaws.com, personalize.amazonaws.com, ec2.amazonaws.com',
        ),
      );
      expect(excepting.findings.map(({ ruleId, message, branch }) => [ruleId, message.split(' ')[0], branch])).toEqual([
        [SERVICE_RULE, 'sagemaker.amazonaws.com', 'only when Svcs includes sagemaker.amazonaws.com'],
        [SERVICE_RULE, 'personalize.amazonaws.com', 'only when Svcs includes personalize.amazonaws.com'],
      ]);
    });
  });
});

describe('findings of several worlds whose fixes differ', () => {
  const fixtures = join(import.meta.dirname, '..', 'fixtures', 'trust-service-without-source-condition');

  it.each(['yaml', 'json'])('are one, with the fix a scan of each world gives and the condition of the role\'s users that tells it (%s)', async (extension) => {
    const file = join(fixtures, `conditional-users.${extension}`);
    const fixed = async (parameters: Record<string, string> = {}) => (await scan([file], { parameters })).findings.filter(({ ruleId }) => ruleId === 'trust-service-without-source-condition');
    const [pipeline, model] = [await fixed({ Kind: 'pipeline' }), await fixed({ Kind: 'serve' })];
    expect([pipeline.length, model.length]).toEqual([1, 1]);
    expect(pipeline[0]!.fix!.snippet).toContain(':pipeline/train/*');
    expect(model[0]!.fix!.snippet).not.toContain(':pipeline/');
    const varied = await fixed();
    expect(varied).toHaveLength(1);
    expect(varied[0]).toMatchObject({ message: pipeline[0]!.message, location: pipeline[0]!.location, fingerprint: pipeline[0]!.fingerprint });
    expect(varied[0]!.fixes).toEqual([
      { when: 'when condition IsModel is false', ...pipeline[0]!.fix! },
      { when: 'when condition IsModel is true', ...model[0]!.fix! },
    ]);
    expect([varied[0]!.branch, varied[0]!.fix]).toEqual([undefined, undefined]);
    expect(model[0]!.fingerprint).toBe(pipeline[0]!.fingerprint);
  });

  it.each(['', '-json'])('are one, with the fix a scan given each value of the variable gives (tf%s)', async (suffix) => {
    const folder = join(fixtures, `tf-starter-variable-users${suffix}`);
    const fixed = async (variables: Record<string, string> = {}) => (await scan([folder], { variables })).findings.filter(({ ruleId }) => ruleId === 'trust-service-without-source-condition');
    const [events, lambda, varied] = [await fixed({ starter: 'events.amazonaws.com' }), await fixed({ starter: 'lambda.amazonaws.com' }), await fixed()];
    expect([events.length, lambda.length, varied.length]).toEqual([1, 1, 1]);
    expect(events[0]!.fix!.snippet).toContain(':pipeline/train/*');
    expect(lambda[0]!.fix!.snippet).not.toContain(':pipeline/');
    expect(varied[0]!.fixes).toEqual([
      { when: 'when var.starter is events.amazonaws.com', ...events[0]!.fix! },
      { when: 'when var.starter is lambda.amazonaws.com', ...lambda[0]!.fix! },
    ]);
    expect(varied[0]).toMatchObject({ message: events[0]!.message, fingerprint: events[0]!.fingerprint, location: events[0]!.location });
    expect(lambda[0]!.fingerprint).toBe(events[0]!.fingerprint);
  });

  it.each(['yaml', 'json'])('are silent where the role\'s condition covers the users of every world (%s)', async (extension) => {
    const result = await scan([join(fixtures, `conditional-users-conditioned.${extension}`)]);
    expect(result.errors).toEqual([]);
    expect(result.findings.filter(({ ruleId }) => ruleId.startsWith('trust-'))).toEqual([]);
  });

  it('are one where they differ only in the users the same snippet covers', async () => {
    const model = (name: string, condition: string) => `  ${name}:
    Type: AWS::SageMaker::Model${condition}
    Properties:
      ExecutionRoleArn: !GetAtt Role.Arn
      PrimaryContainer: {Image: 210987654321.dkr.ecr.us-east-1.amazonaws.com/serve:latest}
`;
    const text = roleTemplate(`- Effect: Allow
  Principal: {Service: sagemaker.amazonaws.com}
  Action: sts:AssumeRole`).replace('Resources:', 'Parameters:\n  Extra: {Type: String}\nConditions:\n  WithExtra: !Equals [!Ref Extra, "yes"]\nResources:');
    const { findings } = await scanText(`${text}${model('Served', '')}${model('Extra', '\n    Condition: WithExtra')}`);
    const found = findings.filter(({ ruleId }) => ruleId === 'trust-service-without-source-condition');
    expect(found.map(({ branch, fix }) => [branch, fix?.snippet.endsWith(':${AWS::AccountId}:*')])).toEqual([[undefined, true]]);
  });

  it.each(['yaml', 'json'])('are one whose fix says the users it covers in every world, not the first world\'s (%s)', async (extension) => {
    const file = join(fixtures, `conditional-users-alike.${extension}`);
    const fixOf = async (parameters: Record<string, string> = {}) => {
      const found = (await scan([file], { parameters })).findings.filter(({ ruleId }) => ruleId === 'trust-service-without-source-condition');
      expect(found).toHaveLength(1);
      return found[0]!.fix!;
    };
    const [prod, dev, varied] = [await fixOf({ Env: 'prod' }), await fixOf({ Env: 'dev' }), await fixOf()];
    const trusting = 'Add this Condition to the statement that trusts sagemaker.amazonaws.com';
    expect([prod.description, dev.description]).toEqual([`${trusting} (covers Model, ProdModel)`, `${trusting} (covers Model, DevModel)`]);
    expect(varied).toEqual({ description: `${trusting} (covers Model, and ProdModel, DevModel where they use the role)`, snippet: prod.snippet });
    expect(dev.snippet).toBe(prod.snippet);
  });
});

describe('findings of several worlds at one place with one fingerprint whose texts differ', () => {
  const fixtures = join(import.meta.dirname, '..', 'fixtures');

  it.each(['', '-json'])('are one a role whose fix says when the statement is written for a role that trusts another service too (tf%s)', async (suffix) => {
    const folder = join(fixtures, 'trust-service-without-source-condition', `tf-module-calls-varied-apart${suffix}`);
    const found = async (variables: Record<string, string> = {}) => (await scan([folder], { variables })).findings.filter(({ ruleId }) => ruleId === 'trust-service-without-source-condition');
    const [alike, apart, varied] = [await found({ svc_a: 'sagemaker.amazonaws.com', svc_b: 'sagemaker.amazonaws.com' }), await found({ svc_a: 'sagemaker.amazonaws.com', svc_b: 'ec2.amazonaws.com' }), await found()];
    const roleA = (findings: Finding[]) => findings.filter(({ resource }) => resource.address === 'module.a.aws_iam_role.this');
    expect([roleA(alike).length, roleA(apart).length, roleA(varied).length]).toEqual([1, 1, 1]);
    const [shared, noted] = [roleA(alike)[0]!.fix!, roleA(apart)[0]!.fix!];
    const note = noted.description.slice(shared.description.length + '; '.length);
    expect(note).toMatch(/^this statement is written once for 2 roles, and for module\.b\.aws_iam_role\.this it trusts ec2\.amazonaws\.com/);
    expect(roleA(varied)[0]).toMatchObject({
      branch: 'only when var.svc_a is sagemaker.amazonaws.com',
      fix: { description: `${shared.description}; when var.svc_b is ec2.amazonaws.com: ${note}`, snippet: shared.snippet },
      fingerprint: roleA(alike)[0]!.fingerprint,
    });
    expect(varied.map(({ resource }) => resource.address)).toEqual(['module.a.aws_iam_role.this', 'module.b.aws_iam_role.this']);
  });

  it.each(['yaml', 'json'])("are one that says each world's message with the values it holds for (%s)", async (extension) => {
    const file = join(fixtures, 'identity-full-admin', `parameter-start-allowed-values.${extension}`);
    const found = async (parameters: Record<string, string> = {}) => (await scan([file], { parameters })).findings.filter(({ ruleId }) => ruleId === 'identity-full-admin');
    const [past, future, varied] = [await found({ Start: '2000-01-01T00:00:00Z' }), await found({ Start: '2999-01-01T00:00:00Z' }), await found()];
    expect([past.length, future.length, varied.length]).toEqual([1, 1, 1]);
    expect(future[0]!.message).toContain('every request from 2999-01-01T00:00:01Z on meets');
    expect(varied[0]).toMatchObject({
      message: `${past[0]!.message} (only when Start is 2000-01-01T00:00:00Z); ${future[0]!.message} (only when Start is 2999-01-01T00:00:00Z)`,
      fingerprint: past[0]!.fingerprint,
      location: past[0]!.location,
    });
    expect(varied[0]!.branch).toBeUndefined();
    expect(future[0]!.fingerprint).toBe(past[0]!.fingerprint);
  });

  /**
   * A role whose Description a nested Fn::If chooses: a text where A and B are both true, another where both are false,
   * `none` elsewhere. A rule that says the text (outside its fingerprint) at the role's Properties finds one mistake at
   * one place in the first and last worlds: no one "and" of A and B tells them.
   */
  const describedWhereAlike = (first: string, last: string) => ({
    Parameters: { P: { Type: 'String', AllowedValues: ['a', 'b'] }, Q: { Type: 'String', AllowedValues: ['x', 'y'] } },
    Conditions: { A: { 'Fn::Equals': [{ Ref: 'P' }, 'a'] }, B: { 'Fn::Equals': [{ Ref: 'Q' }, 'x'] } },
    Resources: { Role: { Type: 'AWS::IAM::Role', Properties: { Description: { 'Fn::If': ['A', { 'Fn::If': ['B', first, 'none'] }, { 'Fn::If': ['B', 'none', last] }] } } } },
  });
  const sayingDescription = {
    meta: { id: 'test-described', severity: 'medium', messages: { said: 'role {name} is described {said}' } },
    check: (graph) =>
      graph.resources().flatMap((role): RuleReport[] => {
        const said = (role.properties as { Description?: unknown }).Description;
        // The fix writes the text's first word.
        const fix = typeof said === 'string' ? { description: 'write it', snippet: said.split(' ')[0]! } : undefined;
        return typeof said === 'string' && said !== 'none' ? [{ messageId: 'said', data: { name: role.name }, exposure: { said }, resource: role, locator: role.locator, path: ['Properties'], fix }] : [];
      }),
  } as Rule;
  const parsedAs = (name: string, template: object) => parseCloudFormation(name, name.endsWith('.json') ? JSON.stringify(template, null, 2) : yamlStringify(template), { parameters: {} });

  it.each(['template.yaml', 'template.json'])('are one whose branch says the worlds of each text where no one "and" tells them all (%s)', (name) => {
    const parsedTemplate = parsedAs(name, describedWhereAlike('"from 2030"', '"from 2040"'));
    expect(parsedTemplate.worlds.map(({ conditions }) => [conditions.A, conditions.B])).toEqual([[true, true], [true, false], [false, true], [false, false]]);
    const found = analyzeFile(parsedTemplate, [sayingDescription]);
    expect(found.map(({ message, branch }) => [message, branch])).toEqual([
      [
        'role Role is described "from 2030" (only when condition A is true and condition B is true); role Role is described "from 2040" (only when condition A is false and condition B is false)',
        'only when condition A is true and condition B is true, or condition A is false and condition B is false',
      ],
    ]);
  });

  it.each(['template.yaml', 'template.json'])('are one whose fix of several worlds no one "and" tells says those of each text it is written for (%s)', (name) => {
    const template = describedWhereAlike('first one', 'first two');
    // `second` where A is true and B false, `none` where A is false and B true.
    template.Resources.Role.Properties.Description = { 'Fn::If': ['A', { 'Fn::If': ['B', 'first one', 'second'] }, { 'Fn::If': ['B', 'none', 'first two'] }] };
    const [found] = analyzeFile(parsedAs(name, template), [sayingDescription]);
    expect(found!.fixes).toEqual([
      { when: 'when condition B is true, or condition A is false', description: 'write it', snippet: 'first' },
      { when: 'when condition A is true and condition B is false', description: 'write it', snippet: 'second' },
    ]);
  });

  it.each(['template.yaml', 'template.json'])('are one whose branch says the one "and" that tells their worlds where there is one (%s)', (name) => {
    const template = describedWhereAlike('"from 2030"', '"from 2040"');
    // The text where A is true and B false, and `none` where A is false and B true: A alone tells the worlds.
    template.Resources.Role.Properties.Description = { 'Fn::If': ['A', { 'Fn::If': ['B', '"from 2030"', '"from 2040"'] }, 'none'] };
    const found = analyzeFile(parsedAs(name, template), [sayingDescription]);
    expect(found.map(({ branch }) => branch)).toEqual(['only when condition A is true']);
  });

  it.each(['template.yaml', 'template.json'])('say once only what their messages share up to a clause, never part of a quoted text or of brackets (%s)', (name) => {
    const messages = (first: string, last: string) => analyzeFile(parsedAs(name, describedWhereAlike(first, last)), [sayingDescription]).map(({ message }) => message);
    const when = ['only when condition A is true and condition B is true', 'only when condition A is false and condition B is false'];
    // The last `: ` the messages share is in the text they quote: each is said whole.
    expect(messages('"Team: ML from 2030"', '"Team: ML from 2040"')).toEqual([`role Role is described "Team: ML from 2030" (${when[0]}); role Role is described "Team: ML from 2040" (${when[1]})`]);
    expect(messages('with Null {"aws:TagKeys": "false"} from 2030', 'with Null {"aws:TagKeys": "false"} from 2040')).toEqual([
      `role Role is described with Null {"aws:TagKeys": "false"} from 2030 (${when[0]}); role Role is described with Null {"aws:TagKeys": "false"} from 2040 (${when[1]})`,
    ]);
    // An escaped character the texts do not share ends what they share, though what follows it is alike.
    expect(messages('"a\\"b": from 2030', '"a\\xb": from 2040')).toEqual([`role Role is described "a\\"b": from 2030 (${when[0]}); role Role is described "a\\xb": from 2040 (${when[1]})`]);
    // A clause they share is said once, up to its last `: ` outside quotes, also after a quoted `: `.
    expect(messages('"Team: ML": open from 2030', '"Team: ML": open from 2040')).toEqual([`role Role is described "Team: ML": open from 2030 (${when[0]}); open from 2040 (${when[1]})`]);
  });

  it.each(['yaml', 'json'])('stay two where they are two mistakes at one line, one of them in some worlds only (%s)', async (extension) => {
    const file = join(fixtures, 'trust-service-without-source-condition', `parameter-service-beside-listed.${extension}`);
    const found = (await scan([file])).findings.filter(({ ruleId }) => ruleId === 'trust-service-without-source-condition');
    expect(found.map(({ message, branch }) => [message.split(' ')[0], branch])).toEqual([
      ['sagemaker.amazonaws.com', undefined],
      ['personalize.amazonaws.com', 'only when Svc is personalize.amazonaws.com'],
    ]);
    expect(new Set(found.map(({ location }) => location.startLine)).size).toBe(1);
  });
});

describe('scan', () => {
  const moduleCode = `variable "service" {
  type    = string
  default = "sagemaker.amazonaws.com"
}

${hclServiceRole('var.service')}`;
  const root = (service?: string) => `module "exec" {\n  source = "../../modules/exec"\n${service ? `  service = "${service}"\n` : ''}}\n`;
  const serviceFindings = (findings: Finding[]) =>
    findings.filter((finding) => finding.ruleId === 'trust-service-without-source-condition' && finding.resource.address === 'module.exec.aws_iam_role.exec');

  it('reports once what a local module called by several root modules holds for each alike', async () => {
    const directory = project({ 'modules/exec/main.tf': moduleCode, 'examples/a/main.tf': root(), 'examples/b/main.tf': root(), 'examples/c/main.tf': root() });
    const found = serviceFindings((await scan(['.'], { cwd: directory })).findings);
    expect(found.map((finding) => [finding.location.file, finding.location.startLine])).toEqual([['modules/exec/main.tf', lineOf(moduleCode, 'Principal')]]);
  });

  it('keeps what the roots make of the module differently, each with its own fingerprint', async () => {
    const directory = project({ 'modules/exec/main.tf': moduleCode, 'examples/a/main.tf': root(), 'examples/b/main.tf': root('vpc-flow-logs.amazonaws.com'), 'examples/c/main.tf': root() });
    const found = serviceFindings((await scan(['.'], { cwd: directory })).findings);
    expect(found.map((finding) => finding.message.split(' ')[0])).toEqual(expect.arrayContaining(['sagemaker.amazonaws.com', 'vpc-flow-logs.amazonaws.com']));
    expect(found).toHaveLength(2);
    expect(new Set(found.map((finding) => finding.fingerprint)).size).toBe(2);
  });

  it('reports each notice at its place, as other paths are shown, and once for a module call that several roots share', async () => {
    const stack = 'AWSTemplateFormatVersion: "2010-09-09"\nTransform: MyMacro\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n';
    const calling = `${moduleCode}\nmodule "gone" {\n  source = "./missing"\n}\n`;
    const directory = project({ 'stacks/macro.yaml': stack, 'modules/exec/main.tf': calling, 'examples/a/main.tf': root(), 'examples/b/main.tf': root() });
    const { notices } = await scan(['.'], { cwd: directory });
    expect(notices).toEqual([
      { file: 'stacks/macro.yaml', line: 2, column: 1, message: 'transform MyMacro is not expanded: resources it would add are not analyzed' },
      { file: 'modules/exec/main.tf', line: lineOf(calling, 'module "gone"'), column: 1, message: 'module "gone": folder "./missing" does not exist; skipped' },
    ]);
  });
});

describe('scan: the template a stack set writes in its TemplateBody', () => {
  /** `serviceRole` as a stack set's TemplateBody block scalar writes it, 8 columns in. */
  const stackSet = (name: string, body: string) => `  ${name}:\n    Type: AWS::CloudFormation::StackSet\n    Properties:\n      TemplateBody: |\n${body.replace(/^(?=.)/gm, '        ')}`;
  const serviceFindings = (findings: Finding[]) => findings.filter((finding) => finding.ruleId === 'trust-service-without-source-condition');

  it("reports its roles apart from the file's own of the same logical id, each fingerprinted as its own, the file's own as without the stack set", async () => {
    const alone = `Resources:\n${serviceRole()}`;
    const text = `${alone}${stackSet('Members', `Resources:\n${serviceRole()}`)}`;
    const directory = project({ 'stacks.yaml': text, 'alone/stacks.yaml': alone });
    const found = serviceFindings((await scan(['stacks.yaml'], { cwd: directory })).findings);
    expect(found.map((finding) => [finding.resource.address, finding.location.startLine, finding.location.startColumn])).toEqual([
      ['stacks.yaml#Role', lineOf(text, 'Service:'), 15],
      ['stacks.yaml#Members/TemplateBody#Role', lineOf(text, 'Service:', 2), 23],
    ]);
    expect(new Set(found.map((finding) => finding.fingerprint)).size).toBe(2);
    const [own] = serviceFindings((await scan(['stacks.yaml'], { cwd: join(directory, 'alone') })).findings);
    expect(found[0]!.fingerprint).toBe(own!.fingerprint);
  });

  it('suppresses a finding by the Metadata of the resource in the TemplateBody', async () => {
    const metadata = '    Metadata:\n      deputy:\n        ignore:\n          - rule: trust-service-without-source-condition\n            reason: the member accounts pin it\n';
    const directory = project({ 'stacks.yaml': `Resources:\n${stackSet('Members', `Resources:\n${serviceRole('Role', metadata)}`)}` });
    const [finding, ...others] = serviceFindings((await scan(['stacks.yaml'], { cwd: directory })).findings);
    expect(others).toEqual([]);
    expect(finding!.suppressed).toEqual({ reason: 'the member accounts pin it', source: 'inline' });
  });

  it('says a TemplateBody that cannot be read is an input error at its line, and analyzes the rest', async () => {
    const text = `Resources:\n${serviceRole()}${stackSet('Broken', 'Resources:\n  Role: {Type: AWS::IAM::Role\n')}${stackSet('Members', `Resources:\n${serviceRole()}`)}`;
    const directory = project({ 'stacks.yaml': text });
    const result = await scan(['stacks.yaml'], { cwd: directory });
    expect(result.errors).toEqual([expect.objectContaining({ file: 'stacks.yaml', line: lineOf(text, 'Role: {Type'), message: expect.stringMatching(/^in the TemplateBody of stack set Broken: /) })]);
    expect(serviceFindings(result.findings).map((finding) => finding.resource.address)).toEqual(['stacks.yaml#Role', 'stacks.yaml#Members/TemplateBody#Role']);
  });

  it('analyzes its roles only where the stack set is created: a finding says when its Condition holds, none where it never does (YAML, JSON)', async () => {
    const conditions = 'Parameters:\n  Env:\n    Type: String\n    AllowedValues: [dev, prod]\nConditions:\n  IsProd: !Equals [!Ref Env, prod]\n  Never: !Equals [one, two]\n';
    const conditioned = (name: string, condition: string) => stackSet(name, `Resources:\n${serviceRole()}`).replace('    Properties:\n', `    Condition: ${condition}\n    Properties:\n`);
    const role = { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' }] } } };
    const jsonSet = (condition: string) => ({ Type: 'AWS::CloudFormation::StackSet', Condition: condition, Properties: { TemplateBody: JSON.stringify({ Resources: { Role: role } }) } });
    const json = { Parameters: { Env: { Type: 'String', AllowedValues: ['dev', 'prod'] } }, Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] }, Never: { 'Fn::Equals': ['one', 'two'] } }, Resources: { Members: jsonSet('IsProd'), Unused: jsonSet('Never') } };
    const directory = project({ 'stacks.yaml': `${conditions}Resources:\n${conditioned('Members', 'IsProd')}${conditioned('Unused', 'Never')}`, 'stacks.json': JSON.stringify(json, null, 2) });
    const found = serviceFindings((await scan(['.'], { cwd: directory })).findings);
    expect(found.map((finding) => [finding.resource.address, finding.branch])).toEqual([
      ['stacks.json#Members/TemplateBody#Role', 'only when condition IsProd is true'],
      ['stacks.yaml#Members/TemplateBody#Role', 'only when condition IsProd is true'],
    ]);
  });

  it('matches a .deputy.yml ignore entry naming its role by the full address or under the stack set, not in another file', async () => {
    const directory = project({ 'stacks.yaml': `Resources:\n${stackSet('Members', `Resources:\n${serviceRole()}`)}` });
    const suppressed = async (resource: string) => {
      const config = await parseConfig('.deputy.yml', `ignore:\n  - rule: trust-service-without-source-condition\n    resource: "${resource}"\n    reason: the member accounts pin it\n`, directory);
      return serviceFindings((await scan(['stacks.yaml'], { cwd: directory, config })).findings).map((finding) => finding.suppressed?.source);
    };
    expect(await suppressed('stacks.yaml#Members/TemplateBody#Role')).toEqual(['config']);
    expect(await suppressed('./stacks.yaml#Members/TemplateBody#Role')).toEqual(['config']);
    expect(await suppressed('Members/TemplateBody#Role')).toEqual(['config']);
    expect(await suppressed('other.yaml#Members/TemplateBody#Role')).toEqual([undefined]);
    expect(await suppressed('stacks.yaml#Role')).toEqual([undefined]);
  });

  it('gives the TemplateBody none of the --parameter values: a parameter only it declares is declared by no scanned template', async () => {
    const inner = 'Parameters:\n  Service:\n    Type: String\nResources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Statement:\n          - {Effect: Allow, Principal: {Service: !Ref Service}, Action: sts:AssumeRole}\n';
    const directory = project({ 'stacks.yaml': `Resources:\n${stackSet('Members', inner)}` });
    const result = await scan(['stacks.yaml'], { cwd: directory, parameters: { Service: 'sagemaker.amazonaws.com' } });
    expect(serviceFindings(result.findings)).toEqual([]);
    expect(result.errors).toEqual([{ file: '(command line)', message: 'parameter Service is not declared by any scanned template' }]);
  });
});

describe('scan: the order of findings', () => {
  it('orders files the same way on every machine, by code unit and not by the locale', async () => {
    const template = `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n${serviceRole()}`;
    const directory = project({ 'alpha.yaml': template, 'Zeta.yaml': template, 'éclair.yaml': template, 'fig.yaml': template });
    const files = (await scan(['.'], { cwd: directory })).findings.filter((finding) => finding.ruleId === 'trust-service-without-source-condition').map((finding) => finding.location.file);
    expect(files).toEqual(['Zeta.yaml', 'alpha.yaml', 'fig.yaml', 'éclair.yaml']);
  });
});

describe('scan: fingerprints of findings that share one', () => {
  const role = hclServiceRole('"sagemaker.amazonaws.com"');
  const notebook = (name: string, extra = '') => `resource "aws_sagemaker_notebook_instance" "${name}" {\n  name          = "${name}"\n  role_arn      = aws_iam_role.exec.arn\n  instance_type = "ml.t3.medium"\n${extra}}\n`;
  const admin = (name: string, role: string) => `resource "aws_iam_role_policy_attachment" "${name}" {\n  role       = ${role}\n  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"\n}\n`;

  it('reports once what several roots find at one place with one fix snippet, and keeps one fingerprint where their fixes differ', async () => {
    const module = `variable "notebooks" {\n  type = number\n}\nvariable "pipelines" {\n  type = number\n}\n\n${role}\n${notebook('nb', '  count         = var.notebooks\n')}
resource "aws_sagemaker_pipeline" "p" {\n  count                 = var.pipelines\n  pipeline_name         = "p"\n  pipeline_display_name = "p"\n  role_arn              = aws_iam_role.exec.arn\n  pipeline_definition   = jsonencode({ Version = "2020-12-01", Steps = [] })\n}\n`;
    const root = (notebooks: number, pipelines = 0) => `module "ml" {\n  source    = "../../modules/ml"\n  notebooks = ${notebooks}\n  pipelines = ${pipelines}\n}\n`;
    const found = async (roots: Record<string, string>) => {
      const directory = project({ 'modules/ml/main.tf': module, ...roots });
      return (await scan(['.'], { cwd: directory })).findings.filter((finding) => finding.ruleId === 'trust-service-without-source-condition');
    };
    // The two roots' fixes cover one notebook and two: the same condition.
    const alike = await found({ 'examples/basic/main.tf': root(1), 'examples/complete/main.tf': root(2) });
    expect(alike.map((finding) => finding.fix?.description.match(/\(covers [^)]*\)/)?.[0])).toEqual(['(covers module.ml.aws_sagemaker_notebook_instance.nb[0])']);
    // A pipeline in one root narrows that root's condition to its source ARN: two fixes, one mistake.
    const differing = await found({ 'examples/basic/main.tf': root(1), 'examples/pipeline/main.tf': root(0, 1) });
    expect(differing).toHaveLength(2);
    expect(new Set(differing.map((finding) => finding.fix?.snippet)).size).toBe(2);
    expect(new Set(differing.map((finding) => finding.fingerprint)).size).toBe(1);
  });

  it('keeps apart what several roots find at one place when one root\'s fix carries a caveat the other\'s lacks', async () => {
    const module = [
      'variable "model_data_url" {\n  type    = string\n  default = null\n}',
      'resource "aws_sagemaker_model" "this" {',
      '  name               = "model"',
      '  execution_role_arn = "arn:aws:iam::493827160514:role/model"',
      '  primary_container {',
      '    image          = "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-inference:2.1.0-gpu-py310"',
      '    model_data_url = var.model_data_url',
      '  }',
      '}',
    ].join('\n');
    const root = (argument: string) => `module "model" {\n  source = "../../modules/model"\n${argument}}\n`;
    const directory = project({ 'modules/model/main.tf': module, 'examples/artifacts/main.tf': root('  model_data_url = "s3://artifacts/model.tar.gz"\n'), 'examples/hub/main.tf': root('') });
    const found = (await scan(['.'], { cwd: directory })).findings.filter((finding) => finding.ruleId === 'sagemaker-model-no-network-isolation');
    expect(found.map((finding) => finding.fix?.description.includes('download their model'))).toEqual([false, true]);
  });

  it('numbers places by repository path, whatever folder deputy runs in', async () => {
    const directory = project({
      '.git/HEAD': 'ref: refs/heads/main\n',
      'root/z.tf': `${role}\n${notebook('nb')}\n${admin('admin1', 'aws_iam_role.exec.name')}\nmodule "a" {\n  source = "./a"\n  role   = aws_iam_role.exec.name\n}\n`,
      'root/a/main.tf': `variable "role" {\n  type = string\n}\n\n${admin('admin2', 'var.role')}`,
    });
    const byFile = async (cwd: string, path: string) =>
      Object.fromEntries(
        (await scan([path], { cwd })).findings.filter((finding) => finding.ruleId === 'sagemaker-execution-role-admin').map((finding) => [finding.location.file.replace(/^.*root\//, '').replace(/^main\.tf$/, 'a/main.tf'), finding.fingerprint]),
      );
    const fromTop = await byFile(directory, 'root');
    expect(Object.keys(fromTop).sort()).toEqual(['a/main.tf', 'z.tf']);
    expect(await byFile(join(directory, 'root', 'a'), '..')).toEqual(fromTop);
  });
});

describe('files reached by more than one path', () => {
  it('are shown by their own path, or the one named, rather than a link\'s', async () => {
    const directory = project({ 't.yaml': `Resources:\n${serviceRole()}` });
    symlinkSync(join(directory, 't.yaml'), join(directory, 'a-link.yaml'));
    const files = async (...paths: string[]) => (await scan(paths, { cwd: directory })).findings.map((finding) => finding.location.file);
    expect(await files('.')).toEqual(['t.yaml']);
    expect(await files('.', 't.yaml')).toEqual(['t.yaml']);
    // Named on the command line, the link is what the user chose to read.
    expect(await files('.', 'a-link.yaml')).toEqual(['a-link.yaml']);
  });
});

describe('files whose names are not valid UTF-8', () => {
  /** A path in `directory` whose last name holds the byte 0xff, which no UTF-8 text does. */
  const misnamed = (directory: string, before: string, after: string) => Buffer.concat([Buffer.from(join(directory, before)), Buffer.from([0xff]), Buffer.from(after)]);

  it('says which templates and folders it cannot read, and analyzes the rest', async () => {
    const directory = project({ 'stacks/good.yaml': `Resources:\n${serviceRole()}` });
    writeFileSync(misnamed(directory, 'stacks/bad', '.yaml'), `Resources:\n${serviceRole()}`);
    writeFileSync(misnamed(directory, 'stacks/photo', '.png'), '');
    mkdirSync(misnamed(directory, 'équipe', ''));
    const result = await scan(['.'], { cwd: directory });
    expect(result.findings.map((finding) => finding.location.file)).toEqual(['stacks/good.yaml']);
    expect(result.notices).toEqual([
      { file: '.', message: 'folder équipe\\xff not scanned: its name is not valid UTF-8 (its invalid bytes shown as \\xNN); rename it to scan it' },
      { file: 'stacks', message: 'bad\\xff.yaml not analyzed: its name is not valid UTF-8 (its invalid bytes shown as \\xNN); rename it to analyze it' },
    ]);
    expect(result.errors).toEqual([]);
    // What ignorePaths skips is not read either way: it is not said to be left out.
    const ignoring = await parseConfig('.deputy.yml', 'ignorePaths: ["*.yaml", "équipe*"]\n', directory);
    expect((await scan(['.'], { cwd: directory, config: ignoring })).notices).toEqual([]);
  });

  it('says why a path of such a name given on the command line is not there: Node.js hands it over with U+FFFD', async () => {
    const directory = project({ 'stacks/good.yaml': `Resources:\n${serviceRole()}` });
    writeFileSync(misnamed(directory, 'stacks/bad', '.yaml'), `Resources:\n${serviceRole()}`);
    // What process.argv holds for the name: its invalid byte decoded as U+FFFD.
    const result = await scan(['stacks/bad\uFFFD.yaml', 'stacks/good.yaml'], { cwd: directory });
    expect(result.errors).toEqual([{ file: 'stacks/bad\uFFFD.yaml', message: 'no such file or directory: a name that is not valid UTF-8 reaches deputy with U+FFFD in place of its invalid bytes; rename it to analyze it' }]);
    expect(result.findings.map((finding) => finding.location.file)).toEqual(['stacks/good.yaml']);
  });

  it('reports a Terraform file of such a name as an input error of its module, which Terraform reads it into', async () => {
    const directory = project({ 'infra/main.tf': hclServiceRole('"sagemaker.amazonaws.com"') });
    writeFileSync(misnamed(directory, 'infra/iam', '.tf'), 'resource "aws_iam_role" "other" {\n  name = "other"\n}\n');
    const result = await scan(['.'], { cwd: directory });
    expect(result.errors).toEqual([{ file: 'infra', message: 'iam\\xff.tf not read: its name is not valid UTF-8 (its invalid bytes shown as \\xNN); rename it to analyze this module' }]);
    expect(result.findings.map((finding) => finding.location.file)).toEqual(['infra/main.tf']);
  });
});

describe('a template or plan with bytes that are not UTF-8', () => {
  const latin1 = (text: string): Buffer => Buffer.from(text, 'latin1');
  const MARK = Buffer.from([0xef, 0xbb, 0xbf]);
  const TEMPLATE = 'holds bytes that are not UTF-8, the first here: a template must be UTF-8 (YAML and JSON are Unicode; cfn-lint refuses this file, and so does the AWS CLI where it reads files as UTF-8), so it is not analyzed; save it as UTF-8';
  const PLAN =
    'holds bytes that are not UTF-8, the first here: terraform show -json writes only UTF-8, so this file was re-encoded after it (as by Windows PowerShell 5.1 Set-Content, in the ANSI code page) and is not analyzed; write it again with terraform show -json plan.bin > plan.json';
  const noted = (note: string): string => `Resources:\n${serviceRole('Role', `    Metadata:\n      Note: ${note}\n`)}`;
  const found = (findings: readonly Finding[]): string[] => findings.map((finding) => `${finding.location.file}:${finding.location.startLine}`).sort();
  const byFile = <T extends { file: string }>(entries: readonly T[]): T[] => [...entries].sort((a, b) => a.file.localeCompare(b.file));

  it('is an input error at the first such byte, counted past a byte order mark, CRLF and UTF-8 before it, in a YAML comment too; the other files are analyzed', async () => {
    const json = JSON.stringify({ Resources: { Role: { Type: 'AWS::IAM::Role', Properties: { Description: 'r\xf4le', AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' }] } } } } }, null, 2);
    const directory = project({
      'marked.yaml': Buffer.concat([MARK, Buffer.from('# r\u00f4le \u{1f680}\r\n'), latin1(noted('r\xf4le').replaceAll('\n', '\r\n'))]),
      // YAML 1.2 requires the whole stream to be Unicode, as every reader of templates decodes it: comments too.
      'comment.yaml': latin1(`${noted('role')}# caf\xe9\n`),
      'template.json': latin1(json),
      // Read as U+FFFD, analyzed: UTF-8 (with a mark, CRLF) and UTF-16 templates; a YAML file that is no template is not told.
      'utf8.yaml': Buffer.concat([MARK, Buffer.from(`# r\u00f4le \ufffd\r\n${noted('r\u00f4le \u{1f680}').replaceAll('\n', '\r\n')}`)]),
      'utf16.yaml': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(noted('r\u00f4le'), 'utf16le')]),
      'notes/other.yaml': latin1('name: caf\xe9\n'),
    });
    const result = await scan(['.'], { cwd: directory });
    expect(byFile(result.errors)).toEqual([
      { file: 'comment.yaml', line: 14, column: 6, message: TEMPLATE },
      { file: 'marked.yaml', line: 6, column: 14, message: TEMPLATE },
      { file: 'template.json', line: 6, column: 26, message: TEMPLATE },
    ]);
    expect(found(result.findings)).toEqual(['utf16.yaml:12', 'utf8.yaml:13']);
    expect(result.summary.filesAnalyzed).toBe(2);
  });

  it('refuses a plan re-encoded after Terraform wrote it in UTF-8, which is analyzed as written', async () => {
    const written = readFileSync(join(import.meta.dirname, '../parsers/terraform-plan/not-utf8/plan.json'), 'utf8');
    const directory = project({ 'written/plan.json': written, 're-encoded/plan.json': latin1(written), 'named.json': latin1(written) });
    const result = await scan(['.', 'named.json'], { cwd: directory });
    // Its description, "Rôle d'exécution de SageMaker", is the first text that is not ASCII.
    expect(byFile(result.errors)).toEqual([
      { file: 'named.json', line: 1, column: 460, message: PLAN },
      { file: 're-encoded/plan.json', line: 1, column: 460, message: PLAN },
    ]);
    expect(result.findings.map((finding) => [finding.ruleId, finding.location.file])).toEqual([['trust-service-without-source-condition', 'written/plan.json']]);
  });
});
