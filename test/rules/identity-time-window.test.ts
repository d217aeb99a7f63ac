import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { restrictNoRequest, unrestrictedFrom } from '../../rules/identity/identity-policies.js';
import { scan } from '../../src/analyze/engine.js';
import type { ConditionEntry } from '../../src/model/policy.js';
import { Unresolved } from '../../src/model/value.js';
import { scanText } from '../helpers.js';

function entry(operator: string, key: string, values: string | Unresolved | readonly string[]): ConditionEntry {
  const list = typeof values === 'string' || values instanceof Unresolved ? [values] : values;
  return { operator, key, values: list.map((value) => ({ value, path: [] })), operatorPath: [], path: [], valueWasList: Array.isArray(values) };
}

const NOW = Date.parse('2026-12-07T10:00:00Z');
const PAST = '2000-01-01T00:00:00Z';
const FUTURE = '2999-01-01T00:00:00Z';
const AFTER_FUTURE = Date.parse(FUTURE) + 1000;
const SINCE = 'aws:CurrentTime';

// [case, conditions, the earliest time from the scan's on from which they hold for every request (undefined: never)]
const WINDOWS: Array<[string, ConditionEntry[], number | undefined]> = [
  ['no condition', [], NOW],
  ['a start before the scan', [entry('DateGreaterThan', SINCE, PAST)], NOW],
  ['a start before the scan, IfExists (the key is in every request)', [entry('DateGreaterThanEqualsIfExists', SINCE, PAST)], NOW],
  ['two starts, one future one past: ORed, the earliest counts', [entry('DateGreaterThan', SINCE, [FUTURE, PAST])], NOW],
  ['two starts, one past one future, in the other order', [entry('DateGreaterThan', SINCE, [PAST, FUTURE])], NOW],
  ['a start after the scan: from a second after it', [entry('DateGreaterThan', SINCE, FUTURE)], AFTER_FUTURE],
  ['a start after the scan, inclusive: from it', [entry('DateGreaterThanEquals', SINCE, FUTURE)], Date.parse(FUTURE)],
  ['an instant before the scan excluded', [entry('DateNotEquals', SINCE, PAST)], NOW],
  ['an instant after the scan excluded: from after it', [entry('DateNotEquals', SINCE, FUTURE)], AFTER_FUTURE],
  ['aws:EpochTime, Numeric, a start before the scan', [entry('NumericGreaterThan', 'aws:EpochTime', '946684800')], NOW],
  ['aws:EpochTime, Numeric, a start after the scan', [entry('NumericGreaterThanEquals', 'aws:EpochTime', String(Date.parse(FUTURE) / 1000))], Date.parse(FUTURE)],
  ['aws:EpochTime, Date, epoch seconds before the scan', [entry('DateGreaterThan', 'aws:EpochTime', '946684800')], NOW],
  ['aws:CurrentTime, Date, epoch seconds before the scan', [entry('DateGreaterThan', SINCE, '946684800')], NOW],
  ['two starts ANDed, one on each key: the later counts', [entry('DateGreaterThan', SINCE, PAST), entry('NumericGreaterThanEquals', 'aws:EpochTime', String(Date.parse(FUTURE) / 1000))], Date.parse(FUTURE)],
  ['the key asked present beside a start before the scan', [entry('Null', SINCE, 'false'), entry('DateGreaterThan', SINCE, PAST)], NOW],
  ['a start before the scan and an end after it: time-boxed', [entry('DateGreaterThan', SINCE, PAST), entry('DateLessThan', SINCE, FUTURE)], undefined],
  ['a start and an end, both before the scan', [entry('DateGreaterThan', SINCE, PAST), entry('DateLessThan', SINCE, '2001-01-01T00:00:00Z')], undefined],
  ['an end alone', [entry('DateLessThan', SINCE, FUTURE)], undefined],
  ['an end on aws:EpochTime', [entry('DateGreaterThan', SINCE, PAST), entry('NumericLessThanEquals', 'aws:EpochTime', String(Date.parse(FUTURE) / 1000))], undefined],
  ['one instant alone', [entry('DateEquals', SINCE, PAST)], undefined],
  ['a start beside a condition that limits', [entry('DateGreaterThan', SINCE, PAST), entry('StringEquals', 'aws:SourceVpce', 'vpce-0a1b2c3d4e5f60718')], undefined],
  ['a start that does not parse', [entry('DateGreaterThan', SINCE, 'since-2000')], undefined],
  ['a negated operator of a value that does not parse', [entry('DateNotEquals', SINCE, 'since-2000')], undefined],
  ['a start in ISO 8601 basic format, which IAM does not read', [entry('DateGreaterThan', SINCE, '20000101T000000Z')], undefined],
  ['a start in epoch seconds with blanks around, which IAM does not read', [entry('NumericGreaterThan', 'aws:EpochTime', ' 946684800 ')], undefined],
  ['a start in W3C profile with an offset', [entry('DateGreaterThan', SINCE, '2000-01-01T00:00:00+05:00')], NOW],
  ['a Numeric operator on aws:CurrentTime', [entry('NumericGreaterThan', SINCE, '946684800')], undefined],
  ['a negated Numeric operator on aws:CurrentTime', [entry('NumericNotEquals', SINCE, '946684800')], undefined],
  ['a parsing start beside one that does not', [entry('DateGreaterThan', SINCE, PAST), entry('DateNotEquals', SINCE, 'never')], undefined],
  ['a start not known', [entry('DateGreaterThan', SINCE, new Unresolved('parameter', 'Start'))], undefined],
  ['a bare * of a String operator on the time, as any key', [entry('StringLike', SINCE, '*')], NOW],
];

describe('unrestrictedFrom: every request is made at the time of the scan or later', () => {
  it.each(WINDOWS)('%s', (_, conditions, from) => {
    expect(unrestrictedFrom(conditions, { now: NOW })).toBe(from);
    // Limits nothing from the scan on only where it holds from then.
    expect(restrictNoRequest(conditions, { now: NOW })).toBe(from === NOW);
  });

  it('reads the scan time from the clock where none is given', () => {
    vi.useFakeTimers({ now: Date.parse('3000-01-01T00:00:00Z') });
    try {
      expect(restrictNoRequest([entry('DateGreaterThan', SINCE, FUTURE)])).toBe(true);
      expect(restrictNoRequest([entry('DateLessThan', SINCE, FUTURE)])).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('identity-full-admin on a window of time that opens after the scan', () => {
  const fixture = join(import.meta.dirname, '..', 'fixtures', 'identity-full-admin', 'time-window.yaml');
  const futureStart = async () => (await scan([fixture])).findings.filter((finding) => finding.ruleId === 'identity-full-admin' && finding.location.startLine === 61);

  afterEach(() => {
    vi.useRealTimers();
  });

  it('says from when every request meets the conditions, and keeps its fingerprint once that time has passed', async () => {
    const [before] = await futureStart();
    expect(before?.message).toBe('policy windows of role Operator allows every action on every resource under conditions every request from 2999-01-01T00:00:01Z on meets: role Operator can do anything in the account');
    vi.useFakeTimers({ now: Date.parse('3000-01-01T00:00:00Z'), toFake: ['Date'] });
    const [after] = await futureStart();
    expect(after?.message).toBe('policy windows of role Operator allows every action on every resource under conditions every request meets: role Operator can do anything in the account');
    expect(after?.fingerprint).toBe(before?.fingerprint);
  });
});

describe('identity-full-admin: a start after the scan beside conditions its principals meet', () => {
  const template = (condition: string) => `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Alice:
    Type: AWS::IAM::User
    Properties:
      UserName: alice
      Policies:
        - PolicyName: later
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: "*"
                Resource: "*"
                Condition:
                  DateGreaterThan:
                    aws:CurrentTime: "${FUTURE}"
${condition}
`;
  const messages = async (condition: string) => (await scanText(template(condition))).findings.filter((finding) => finding.ruleId === 'identity-full-admin').map((finding) => finding.message);

  it.each([
    ['her own ARN', '                  ArnLike:\n                    aws:PrincipalArn: !Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:user/alice"', 'under conditions that the requests of user Alice from 2999-01-01T00:00:01Z on meet (aws:PrincipalArn)'],
    ['the owner\'s account as aws:ResourceAccount', '                  StringEquals:\n                    aws:ResourceAccount: !Ref AWS::AccountId', 'under conditions that hold for every request on a resource of its own account from 2999-01-01T00:00:01Z on (aws:ResourceAccount)'],
  ])('%s', async (_, condition, says) => {
    const [message, ...more] = await messages(condition);
    expect(more).toEqual([]);
    expect(message).toContain(says);
  });
});

describe('identity-full-admin: a Deny protects where it refuses the request at every time from which the Allow grants it', () => {
  const template = (allowCondition: string, denyCondition: string, denied = '["iam:*", "sts:*"]') => `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Start:
    Type: String
Resources:
  Alice:
    Type: AWS::IAM::User
    Properties:
      UserName: alice
      Policies:
        - PolicyName: windows
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: "*"
                Resource: "*"
${allowCondition}
              - Effect: Deny
                Action: ${denied}
                Resource: "*"
                Condition:
${denyCondition}
`;
  const on = (operator: string, key: string, value: string) => `                  ${operator}:\n                    ${key}: ${value}`;
  const allowFrom = (value: string) => `                Condition:\n${on('DateGreaterThan', SINCE, value)}`;
  const messages = async (allowCondition: string, denyCondition: string, denied?: string) =>
    (await scanText(template(allowCondition, denyCondition, denied))).findings.filter((finding) => finding.ruleId === 'identity-full-admin').map((finding) => finding.message);
  const ANYTHING = 'policy windows of user Alice allows every action on every resource with no condition that limits it: user Alice can do anything in the account';
  const ANYTHING_FROM_FUTURE = 'policy windows of user Alice allows every action on every resource under conditions every request from 2999-01-01T00:00:01Z on meets: user Alice can do anything in the account';

  // [case, the Allow's condition, the Deny's conditions, the messages]
  it.each<[string, string, string, string[]]>([
    ['open since 2000', '', on('DateGreaterThan', SINCE, `"${PAST}"`), []],
    ['open since 2000, IfExists', '', on('DateGreaterThanEqualsIfExists', SINCE, `"${PAST}"`), []],
    ['open since 2000, aws:EpochTime', '', on('NumericGreaterThan', 'aws:EpochTime', '"946684800"'), []],
    ['open but at an instant before the scan', '', on('DateNotEquals', SINCE, `"${PAST}"`), []],
    ['open since 2000, ending in 2999: the grant is back from then', '', `${on('DateGreaterThan', SINCE, `"${PAST}"`)}\n${on('DateLessThan', SINCE, `"${FUTURE}"`)}`, [ANYTHING]],
    ['ended before the scan', '', on('DateLessThan', SINCE, '"2001-01-01T00:00:00Z"'), [ANYTHING]],
    ['opening in 2999: the grant is there until then', '', on('DateGreaterThan', SINCE, `"${FUTURE}"`), [ANYTHING]],
    ['every time written as 2...: none from year 3000 on', '', on('StringLike', SINCE, '"2*"'), [ANYTHING]],
    ['a start not known: an open answer', '', on('DateGreaterThan', SINCE, '!Ref Start'), []],
    ['opening in 2999 as the Allow does', allowFrom(`"${FUTURE}"`), on('DateGreaterThan', SINCE, `"${FUTURE}"`), []],
    ['opening in 2999 inclusive, beside an Allow from a second after', allowFrom(`"${FUTURE}"`), on('DateGreaterThanEquals', SINCE, `"${FUTURE}"`), []],
    ['opening in 2999 a month after the Allow', allowFrom(`"${FUTURE}"`), on('DateGreaterThan', SINCE, '"2999-02-01T00:00:00Z"'), [ANYTHING_FROM_FUTURE]],
    ['open since 2000 beside an Allow from 2999', allowFrom(`"${FUTURE}"`), on('DateGreaterThan', SINCE, `"${PAST}"`), []],
    ['ending a month after the Allow opens', allowFrom(`"${FUTURE}"`), on('DateLessThan', SINCE, '"2999-02-01T00:00:00Z"'), [ANYTHING_FROM_FUTURE]],
  ])('%s', async (_, allowCondition, denyCondition, expected) => {
    expect(await messages(allowCondition, denyCondition)).toEqual(expected);
  });

  it('names what a Deny open since 2000 leaves', async () => {
    expect(await messages('', on('DateGreaterThan', SINCE, `"${PAST}"`), 'iam:*')).toEqual([
      'policy windows of user Alice allows every action on every resource with no condition that limits it, which Deny statements do not take back whole: they leave sts:AssumeRole, sts:SetContext, sts:SetSourceIdentity and 9 more IAM/STS write actions allowed to user Alice',
    ]);
  });

  it('reads the scan time from the clock: a Deny that opened in 2999 protects in 3000', async () => {
    vi.useFakeTimers({ now: Date.parse('3000-01-01T00:00:00Z'), toFake: ['Date'] });
    try {
      expect(await messages('', on('DateGreaterThan', SINCE, `"${FUTURE}"`))).toEqual([]);
      expect(await messages('', on('DateLessThan', SINCE, `"${FUTURE}"`))).toEqual([ANYTHING]);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('each identity rule that reads a Deny as protection reads its time window one way (`denied`)', () => {
  const template = (allows: string, denyCondition: string) => `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Alice:
    Type: AWS::IAM::User
    Properties:
      UserName: alice
      Policies:
        - PolicyName: windows
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
${allows}
              - Effect: Deny
                Action: "*"
                Resource: "*"
                Condition:
                  ${denyCondition}
`;
  const allowAll = `              - Effect: Allow
                Action: "*"
                Resource: "*"`;
  const retagInScope = `              - Effect: Allow
                Action: sagemaker:*
                Resource: "*"
                Condition:
                  StringEquals:
                    sagemaker:ResourceTag/Project: A
              - Effect: Allow
                Action: sagemaker:AddTags
                Resource: "*"`;
  const inSubnets = `              - Effect: Allow
                Action: sagemaker:CreateTrainingJob
                Resource: "*"
                Condition:
                  ForAllValues:StringEquals:
                    sagemaker:VpcSubnets: [subnet-0a1b2c3d4e5f60718]`;
  const ruleIds = async (allows: string, denyCondition: string) =>
    [...new Set((await scanText(template(allows, denyCondition))).findings.map((finding) => finding.ruleId).filter((id) => id.startsWith('identity-')))].sort();

  it.each([
    ['every action', allowAll, ['identity-addtags-unscoped', 'identity-full-admin', 'identity-passrole-unscoped', 'identity-sagemaker-guardrail-missing']],
    ['retagging resources in a tag scope', retagInScope, ['identity-abac-tag-bypass', 'identity-addtags-unscoped', 'identity-sagemaker-guardrail-missing']],
    ['ForAllValues on a key some requests lack', inSubnets, ['identity-forallvalues-without-null', 'identity-sagemaker-guardrail-missing']],
  ])('%s', async (_, allows, rules) => {
    // Without the Deny's window they fire; open since 2000, it refuses every request; ending in 2999 or opening then, it leaves some.
    expect(await ruleIds(allows, 'StringEquals: {aws:SourceVpce: vpce-0a1b2c3d4e5f60718}')).toEqual(rules);
    expect(await ruleIds(allows, `DateGreaterThan: {aws:CurrentTime: "${PAST}"}`)).toEqual([]);
    expect(await ruleIds(allows, `DateLessThan: {aws:CurrentTime: "${FUTURE}"}`)).toEqual(rules);
    expect(await ruleIds(allows, `DateGreaterThan: {aws:CurrentTime: "${FUTURE}"}`)).toEqual(rules);
  });

  it('an Allow that grants from 2999 on: a Deny that opens then protects it, one that ends a month later does not', async () => {
    const allowFrom = `${allowAll}\n                Condition:\n                  DateGreaterThan: {aws:CurrentTime: "${FUTURE}"}`;
    expect(await ruleIds(allowFrom, `DateGreaterThan: {aws:CurrentTime: "${FUTURE}"}`)).toEqual([]);
    expect(await ruleIds(allowFrom, 'DateLessThan: {aws:CurrentTime: "2999-02-01T00:00:00Z"}')).toEqual(['identity-addtags-unscoped', 'identity-full-admin', 'identity-passrole-unscoped', 'identity-sagemaker-guardrail-missing']);
  });
});
