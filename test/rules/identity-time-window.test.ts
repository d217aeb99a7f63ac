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

/**
 * A template of one IAM user (logical id its name capitalized) whose one inline policy holds `statements`, written as
 * the items of its Statement list; `parameter`, a String parameter without a value it may read.
 */
function userTemplate(statements: string, { user = 'alice', policy = 'windows', parameter }: { user?: string; policy?: string; parameter?: string } = {}): string {
  return `AWSTemplateFormatVersion: "2010-09-09"
${parameter === undefined ? '' : `Parameters:\n  ${parameter}:\n    Type: String\n`}Resources:
  ${user[0]!.toUpperCase()}${user.slice(1)}:
    Type: AWS::IAM::User
    Properties:
      UserName: ${user}
      Policies:
        - PolicyName: ${policy}
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
${statements}
`;
}

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
  ['an instant after the scan excluded: a second alone limits nothing', [entry('DateNotEquals', SINCE, FUTURE)], NOW],
  ['an instant after the scan excluded, on aws:EpochTime', [entry('NumericNotEquals', 'aws:EpochTime', String(Date.parse(FUTURE) / 1000))], NOW],
  ['an instant excluded beside a start after it: from a second after the start', [entry('DateNotEquals', SINCE, FUTURE), entry('DateGreaterThan', SINCE, '2999-06-01T00:00:00Z')], Date.parse('2999-06-01T00:00:01Z')],
  ['one instant after the scan alone: a second, no window', [entry('DateEquals', SINCE, FUTURE)], undefined],
  // The scan's own second is past by the time the template is deployed: what holds only then holds for no request.
  ["the scan's own second alone: no window", [entry('DateEquals', SINCE, '2026-12-07T10:00:00Z')], undefined],
  ["the scan's own second excluded: every request", [entry('DateNotEquals', SINCE, '2026-12-07T10:00:00Z')], NOW],
  ["the scan's own second excluded, as epoch seconds", [entry('NumericNotEquals', 'aws:EpochTime', String(NOW / 1000))], NOW],
  ["a start at the scan's own second: every request, made from the next", [entry('DateGreaterThan', SINCE, '2026-12-07T10:00:00Z')], NOW],
  ["an end at the second after the scan's: the requests of the scan's second alone", [entry('DateLessThan', SINCE, '2026-12-07T10:00:01Z')], undefined],
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
  // A String operator compares the request's aws:CurrentTime as text, `2026-12-07T10:00:00Z`.
  ['a bare * beside a start before the scan: the Date operator decides', [entry('StringLike', SINCE, '*'), entry('DateGreaterThan', SINCE, PAST)], NOW],
  ['a bare * beside a start after the scan', [entry('StringLike', SINCE, '*'), entry('DateGreaterThan', SINCE, FUTURE)], AFTER_FUTURE],
  ['a bare * beside an end', [entry('StringLike', SINCE, '*'), entry('DateLessThan', SINCE, FUTURE)], undefined],
  ['the years from 2999 on as text beside a start before the scan', [entry('StringLike', SINCE, ['2999-*', '3*', '4*', '5*', '6*', '7*', '8*', '9*']), entry('DateGreaterThan', SINCE, PAST)], Date.parse(FUTURE)],
  ['the years 2999 to 3999 as text: a window that ends', [entry('StringLike', SINCE, ['2999-*', '3*']), entry('DateGreaterThan', SINCE, PAST)], undefined],
  ['a year before the scan as text beside a start before it: never', [entry('StringLike', SINCE, '2000-*'), entry('DateGreaterThan', SINCE, PAST)], undefined],
  ['one instant as text: a second, no window', [entry('StringEquals', SINCE, FUTURE)], undefined],
  ['all but one instant as text: a second alone limits nothing', [entry('StringNotEquals', SINCE, FUTURE)], NOW],
  ['all but one instant as text in another case', [entry('StringNotEqualsIgnoreCase', SINCE, FUTURE.toLowerCase())], NOW],
  ['all but one instant as text, with milliseconds the request does not write: every request', [entry('StringNotEquals', SINCE, '2026-12-07T10:00:00.000Z')], NOW],
  ['all but one second as epoch text', [entry('StringNotEquals', 'aws:EpochTime', String(Date.parse(FUTURE) / 1000))], NOW],
  ['a pattern whose outcome changes at times not told apart (`?`): not read', [entry('StringNotLike', SINCE, '2999-01-01T00:00:0?Z')], undefined],
  ['a pattern on epoch text: not read', [entry('StringLike', 'aws:EpochTime', '3*')], undefined],
  // The W3C profile of ISO 8601 IAM reads: a year, a year and month; four digits are a year or epoch seconds.
  ['a start of a year and month before the scan', [entry('DateGreaterThan', SINCE, '2000-01')], NOW],
  ['a start of a year before the scan, either reading', [entry('DateGreaterThan', SINCE, '2000')], NOW],
  ['a start of four digits: 2999 seconds after 1970 or the year 2999, from when both hold', [entry('DateGreaterThan', SINCE, '2999')], AFTER_FUTURE],
  ['a start of a day that does not exist', [entry('DateGreaterThan', SINCE, '2000-02-30')], undefined],
];

describe('unrestrictedFrom: every request is made at the time of the scan or later', () => {
  it.each(WINDOWS)('%s', (_, conditions, from) => {
    expect(unrestrictedFrom(conditions, { now: NOW })).toBe(from);
    // Limits nothing from the scan on only where it holds from then.
    expect(restrictNoRequest(conditions, { now: NOW })).toBe(from === NOW);
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
  const template = (condition: string) => userTemplate(`              - Effect: Allow
                Action: "*"
                Resource: "*"
                Condition:
                  DateGreaterThan:
                    aws:CurrentTime: "${FUTURE}"
${condition}`, { policy: 'later' });
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
  const template = (allowCondition: string, denyCondition: string, denied = '["iam:*", "sts:*"]') => userTemplate(`              - Effect: Allow
                Action: "*"
                Resource: "*"
${allowCondition}
              - Effect: Deny
                Action: ${denied}
                Resource: "*"
                Condition:
${denyCondition}`, { parameter: 'Start' });
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
    ['open but at an instant after the scan: a second alone refused nothing, it protects', '', on('DateNotEquals', SINCE, `"${FUTURE}"`), []],
    ['open during an instant after the scan alone, as text or as a date: it protects nothing', '', `${on('StringEquals', SINCE, `"${FUTURE}"`)}\n${on('DateEquals', SINCE, `"${FUTURE}"`)}`, [ANYTHING]],
    ['ending at an instant of 2999 inclusive: the grant is back a second after it', '', on('DateLessThanEquals', SINCE, `"${FUTURE}"`), [`${ANYTHING} from 2999-01-01T00:00:01Z on, when Deny statements that refuse it until then end`]],
    ['open since 2000, ending in 2999: the grant is back from then', '', `${on('DateGreaterThan', SINCE, `"${PAST}"`)}\n${on('DateLessThan', SINCE, `"${FUTURE}"`)}`, [`${ANYTHING} from ${FUTURE} on, when Deny statements that refuse it until then end`]],
    ['ended before the scan', '', on('DateLessThan', SINCE, '"2001-01-01T00:00:00Z"'), [ANYTHING]],
    ['opening in 2999: the grant is there until then', '', on('DateGreaterThan', SINCE, `"${FUTURE}"`), [ANYTHING]],
    ['every time written as 2...: none from year 3000 on', '', on('StringLike', SINCE, '"2*"'), [`${ANYTHING} from 3000-01-01T00:00:00Z on, when Deny statements that refuse it until then end`]],
    ['a start not known: an open answer', '', on('DateGreaterThan', SINCE, '!Ref Start'), []],
    ['opening in 2999 as the Allow does', allowFrom(`"${FUTURE}"`), on('DateGreaterThan', SINCE, `"${FUTURE}"`), []],
    ['opening in 2999 inclusive, beside an Allow from a second after', allowFrom(`"${FUTURE}"`), on('DateGreaterThanEquals', SINCE, `"${FUTURE}"`), []],
    ['opening in 2999 a month after the Allow', allowFrom(`"${FUTURE}"`), on('DateGreaterThan', SINCE, '"2999-02-01T00:00:00Z"'), [ANYTHING_FROM_FUTURE]],
    ['open since 2000 beside an Allow from 2999', allowFrom(`"${FUTURE}"`), on('DateGreaterThan', SINCE, `"${PAST}"`), []],
    ['ending a month after the Allow opens', allowFrom(`"${FUTURE}"`), on('DateLessThan', SINCE, '"2999-02-01T00:00:00Z"'), [`${ANYTHING_FROM_FUTURE} from 2999-02-01T00:00:00Z on, when Deny statements that refuse it until then end`]],
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
  const template = (allows: string, denyCondition: string) => userTemplate(`${allows}
              - Effect: Deny
                Action: "*"
                Resource: "*"
                Condition:
                  ${denyCondition}`);
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
    // Open at every time but one second of 2999, it refuses every request: a second alone is practically none.
    expect(await ruleIds(allows, `DateNotEquals: {aws:CurrentTime: "${FUTURE}"}`)).toEqual([]);
  });

  it('an Allow that grants from 2999 on: a Deny that opens then protects it, one that ends a month later does not', async () => {
    const allowFrom = `${allowAll}\n                Condition:\n                  DateGreaterThan: {aws:CurrentTime: "${FUTURE}"}`;
    expect(await ruleIds(allowFrom, `DateGreaterThan: {aws:CurrentTime: "${FUTURE}"}`)).toEqual([]);
    expect(await ruleIds(allowFrom, 'DateLessThan: {aws:CurrentTime: "2999-02-01T00:00:00Z"}')).toEqual(['identity-addtags-unscoped', 'identity-full-admin', 'identity-passrole-unscoped', 'identity-sagemaker-guardrail-missing']);
  });
});

describe('an Allow grants only at the times its window of time holds from the scan on (`grants`, `denied`)', () => {
  const template = (statements: string) => userTemplate(`${statements}`, { parameter: 'End' });
  const statement = (effect: string, action: string, conditions: readonly string[]) =>
    `              - Effect: ${effect}\n                Action: ${action}\n                Resource: "*"${conditions.length === 0 ? '' : `\n                Condition:\n${conditions.map((condition) => `                  ${condition}`).join('\n')}`}`;
  const before = (date: string) => `DateLessThan: {aws:CurrentTime: "${date}"}`;
  const ENDED = before(PAST);
  const ENDS = before(FUTURE);
  const LATER = '2999-06-01T00:00:00Z';
  const ruleIds = async (...statements: string[]) =>
    [...new Set((await scanText(template(statements.join('\n')))).findings.map((finding) => finding.ruleId).filter((id) => id.startsWith('identity-')))].sort();
  const EVERY_ACTION = ['identity-addtags-unscoped', 'identity-full-admin', 'identity-passrole-unscoped', 'identity-sagemaker-guardrail-missing'];
  const UNTIL_ANY_RULE = ['identity-addtags-unscoped', 'identity-passrole-unscoped', 'identity-sagemaker-guardrail-missing'];

  // [case, the Allow's conditions on the time, the rules that report its Allow of every action]
  it.each<[string, string[], string[]]>([
    ['no window', [], EVERY_ACTION],
    ['ended in 2000', [ENDED], []],
    ['ended in 2000, on aws:EpochTime', ['NumericLessThan: {aws:EpochTime: "946684800"}'], []],
    ['opened and closed before the scan', [`DateGreaterThan: {aws:CurrentTime: "${PAST}"}`, before('2001-01-01T00:00:00Z')], []],
    ['ended in 2000 beside a date that does not parse: what is read is enough', [ENDED, 'DateGreaterThan: {aws:EpochTime: "since-2000"}'], []],
    ['ended in 2000 beside a date not known', [ENDED, 'DateGreaterThan: {aws:EpochTime: !Ref End}'], []],
    ['ended in 2000 or ending in 2999: the later value counts', [`DateLessThan: {aws:CurrentTime: ["${PAST}", "${FUTURE}"]}`], UNTIL_ANY_RULE],
    ['ending in 2999: read as today, not an administrator', [ENDS], UNTIL_ANY_RULE],
    ['a date that does not parse: read as today', [before('yesterday')], UNTIL_ANY_RULE],
    ['a date not known: read as today', ['DateLessThan: {aws:CurrentTime: !Ref End}'], UNTIL_ANY_RULE],
    ['one second of 2999 as text: practically never', [`StringEquals: {aws:CurrentTime: "${FUTURE}"}`], []],
    ['one second of 2999 as a date: practically never', [`DateEquals: {aws:CurrentTime: "${FUTURE}"}`], []],
    ['every second but one of 2999: an administrator', [`DateNotEquals: {aws:CurrentTime: "${FUTURE}"}`], EVERY_ACTION],
    ['the year 2999 as text: read at its times', ['StringLike: {aws:CurrentTime: "2999-*"}'], UNTIL_ANY_RULE],
    ['a bare * as text beside an end in 2000: the Date operator decides', ['StringLike: {aws:CurrentTime: "*"}', ENDED], []],
    ['a bare * as text beside a start in 2000: an administrator', ['StringLike: {aws:CurrentTime: "*"}', `DateGreaterThan: {aws:CurrentTime: "${PAST}"}`], EVERY_ACTION],
    ['ended in January 2000, a year and month', [before('2000-01')], []],
    ['ended in 2000, four digits: a year or epoch seconds, ended either way', [before('2000')], []],
    ['ending "2999": a year or epoch seconds, read as today', [before('2999')], UNTIL_ANY_RULE],
    ['ended in 2000 in ISO 8601 basic format, which IAM does not read: read as today, as any date that does not parse', [before('20000101T000000Z')], UNTIL_ANY_RULE],
    ['ended in 2000 with blanks around, which IAM does not read: read as today', [before(` ${PAST} `)], UNTIL_ANY_RULE],
  ])('%s', async (_, conditions, rules) => {
    expect(await ruleIds(statement('Allow', '"*"', conditions))).toEqual(rules);
  });

  it('an access decided by a tag under a window ended in 2000 is none to retag around', async () => {
    const scoped = (conditions: readonly string[]) => statement('Allow', 'sagemaker:*', ['StringEquals: {sagemaker:ResourceTag/Project: A}', ...conditions]);
    const retag = (conditions: readonly string[]) => statement('Allow', 'sagemaker:AddTags', conditions);
    expect(await ruleIds(scoped([]), retag([]))).toEqual(['identity-abac-tag-bypass', 'identity-addtags-unscoped', 'identity-sagemaker-guardrail-missing']);
    expect(await ruleIds(scoped([ENDED]), retag([ENDED]))).toEqual([]);
    expect(await ruleIds(scoped([ENDED]), retag([]))).toEqual(['identity-addtags-unscoped']);
    expect(await ruleIds(scoped([ENDS]), retag([ENDED]))).toEqual(['identity-abac-tag-bypass', 'identity-addtags-unscoped', 'identity-sagemaker-guardrail-missing']);
  });

  it('ForAllValues under a window ended in 2000 lets no request through', async () => {
    expect(await ruleIds(statement('Allow', 'sagemaker:CreateTrainingJob', ['ForAllValues:StringEquals: {sagemaker:VpcSubnets: [subnet-0a1b2c3d4e5f60718]}', ENDED]))).toEqual([]);
    expect(await ruleIds(statement('Allow', 'sagemaker:CreateTrainingJob', ['ForAllValues:StringEquals: {sagemaker:VpcSubnets: [subnet-0a1b2c3d4e5f60718]}', ENDS]))).toEqual(['identity-forallvalues-without-null', 'identity-sagemaker-guardrail-missing']);
  });

  // [case, the Allow's window, the Deny's, whether iam:PassRole is left]
  it.each<[string, string[], string[], boolean]>([
    ['the Deny outlasts the Allow', [ENDS], [before(LATER)], false],
    ['the Deny ends with the Allow', [ENDS], [ENDS], false],
    ['the Deny ends before the Allow', [before(LATER)], [ENDS], true],
    ['the Deny opens before the Allow ends', [ENDS], [`DateGreaterThan: {aws:CurrentTime: "2998-01-01T00:00:00Z"}`], true],
    ['an Allow from 2999 to mid-2999 beside a Deny until mid-2999', [`DateGreaterThan: {aws:CurrentTime: "${FUTURE}"}`, before(LATER)], [before(LATER)], false],
    ['an Allow from 2999 to mid-2999 beside a Deny from March 2999', [`DateGreaterThan: {aws:CurrentTime: "${FUTURE}"}`, before(LATER)], [`DateGreaterThan: {aws:CurrentTime: "2999-03-01T00:00:00Z"}`], true],
    ['an Allow ending in 2999 beside a Deny until a date not known: an open answer', [ENDS], ['DateLessThan: {aws:CurrentTime: !Ref End}'], false],
  ])('%s', async (_, allow, deny, left) => {
    const ids = await ruleIds(statement('Allow', 'iam:PassRole', allow), statement('Deny', 'iam:PassRole', deny));
    expect(ids).toEqual(left ? ['identity-passrole-unscoped'] : []);
  });

  it('reads the scan time from the clock: in 3000 an Allow ending in 2999 grants nothing', async () => {
    vi.useFakeTimers({ now: Date.parse('3000-01-01T00:00:00Z'), toFake: ['Date'] });
    try {
      expect(await ruleIds(statement('Allow', '"*"', [ENDS]))).toEqual([]);
      expect(await ruleIds(statement('Allow', '"*"', [before('3001-01-01T00:00:00Z')]))).toEqual(UNTIL_ANY_RULE);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('identity-full-admin: where Denies refuse what is left until a later time, the message says from when', () => {
  const template = (allow: string, denies: string) => userTemplate(`              - Effect: Allow
${allow}
                Resource: "*"
${denies}`, { user: 'bob', policy: 'admin' });
  const deny = (actions: string, condition?: string) => `              - Effect: Deny\n                Action: ${actions}\n                Resource: "*"${condition === undefined ? '' : `\n                Condition:\n                  ${condition}`}`;
  const EVERY_ACTION = '                Action: "*"';
  const UNTIL_FUTURE = `DateLessThan: {aws:CurrentTime: "${FUTURE}"}`;
  const findings = async (allow: string, ...denies: string[]) => (await scanText(template(allow, denies.join('\n')))).findings.filter((finding) => finding.ruleId === 'identity-full-admin');
  const messages = async (allow: string, ...denies: string[]) => (await findings(allow, ...denies)).map((finding) => finding.message);
  const ADMIN = 'policy admin of user Bob allows every action on every resource with no condition that limits it';
  const FROM_FUTURE = ` from ${FUTURE} on, when Deny statements that refuse it until then end`;

  afterEach(() => {
    vi.useRealTimers();
  });

  it.each<[string, string, string[], string[]]>([
    ['IAM and STS refused until 2999', EVERY_ACTION, [deny('["iam:*", "sts:*"]', UNTIL_FUTURE)], [`${ADMIN}: user Bob can do anything in the account${FROM_FUTURE}`]],
    ['IAM refused until 2999: STS now, everything from then', EVERY_ACTION, [deny('iam:*', UNTIL_FUTURE)], [`${ADMIN}: user Bob can do anything in the account${FROM_FUTURE}`]],
    ['IAM and STS refused until mid-2999 and until 2999: from the later end', EVERY_ACTION, [deny('iam:*', 'DateLessThan: {aws:CurrentTime: "2999-06-01T00:00:00Z"}'), deny('sts:*', UNTIL_FUTURE)], [`${ADMIN}: user Bob can do anything in the account from 2999-06-01T00:00:00Z on, when Deny statements that refuse it until then end`]],
    ['IAM refused for good, and until 2999: STS left now, said as ever', EVERY_ACTION, [deny('iam:*', UNTIL_FUTURE), deny('iam:*')], [`${ADMIN}, which Deny statements do not take back whole: they leave sts:AssumeRole, sts:SetContext, sts:SetSourceIdentity and 9 more IAM/STS write actions allowed to user Bob`]],
    ['STS refused for good, IAM until 2999: what is left, from then', EVERY_ACTION, [deny('iam:*', UNTIL_FUTURE), deny('sts:*')], [`${ADMIN}, which Deny statements do not take back whole: they leave iam:PassRole, iam:AttachRolePolicy, iam:PutRolePolicy and 110 more IAM/STS write actions allowed to user Bob${FROM_FUTURE}`]],
    ['a NotAction whose IAM writes are refused until 2999', '                NotAction: s3:*', [deny('iam:*', UNTIL_FUTURE), deny('sts:*')], [`policy admin of user Bob allows every action except s3:* on every resource with no condition that limits it, which leaves iam:PassRole, iam:AttachRolePolicy, iam:PutRolePolicy and 110 more IAM/STS write actions allowed${FROM_FUTURE}: user Bob can grant themselves the rest`]],
    ['IAM and STS refused since 2000 and until 2999: nothing left', EVERY_ACTION, [deny('["iam:*", "sts:*"]', `DateGreaterThan: {aws:CurrentTime: "${PAST}"}`)], []],
  ])('%s', async (_, allow, denies, expected) => {
    expect(await messages(allow, ...denies)).toEqual(expected);
  });

  it('an Allow but at one second of 2999 is an administrator now, not from a second after it', async () => {
    const butOneSecond = `${EVERY_ACTION}\n                Condition:\n                  DateNotEquals: {aws:CurrentTime: "${FUTURE}"}`;
    expect(await messages(butOneSecond)).toEqual(['policy admin of user Bob allows every action on every resource under conditions every request meets: user Bob can do anything in the account']);
    expect(await messages(butOneSecond, deny('["iam:*", "sts:*"]', UNTIL_FUTURE))).toEqual([`policy admin of user Bob allows every action on every resource under conditions every request meets: user Bob can do anything in the account${FROM_FUTURE}`]);
  });

  it('an Allow from 2999 beside a Deny until mid-2999 says the Deny\'s end, not the Allow\'s start', async () => {
    const from = `${EVERY_ACTION}\n                Condition:\n                  DateGreaterThan: {aws:CurrentTime: "${FUTURE}"}`;
    expect(await messages(from, deny('["iam:*", "sts:*"]', 'DateLessThan: {aws:CurrentTime: "2999-06-01T00:00:00Z"}'))).toEqual([
      'policy admin of user Bob allows every action on every resource under conditions every request from 2999-01-01T00:00:01Z on meets: user Bob can do anything in the account from 2999-06-01T00:00:00Z on, when Deny statements that refuse it until then end',
    ]);
    expect(await messages(from, deny('sts:*', 'DateLessThan: {aws:CurrentTime: "2000-06-01T00:00:00Z"}'))).toEqual([
      'policy admin of user Bob allows every action on every resource under conditions every request from 2999-01-01T00:00:01Z on meets: user Bob can do anything in the account',
    ]);
  });

  it('keeps its fingerprint once the Deny has ended, and says no time then', async () => {
    const [before] = await findings(EVERY_ACTION, deny('["iam:*", "sts:*"]', UNTIL_FUTURE));
    vi.useFakeTimers({ now: Date.parse('3000-01-01T00:00:00Z'), toFake: ['Date'] });
    const [after] = await findings(EVERY_ACTION, deny('["iam:*", "sts:*"]', UNTIL_FUTURE));
    expect(after?.message).toBe(`${ADMIN}: user Bob can do anything in the account`);
    expect(after?.fingerprint).toBe(before?.fingerprint);
    expect(before?.message).not.toBe(after?.message);
  });
});

describe('identity-sourceip-with-vpc-endpoint: a statement that applies at no time from the scan on conditions no access', () => {
  const template = (window: string) => `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Endpoint:
    Type: AWS::EC2::VPCEndpoint
    Properties:
      VpcId: vpc-0a1b2c3d4e5f60718
      ServiceName: !Sub com.amazonaws.\${AWS::Region}.sagemaker.api
      VpcEndpointType: Interface
  Alice:
    Type: AWS::IAM::User
    Properties:
      UserName: alice
      Policies:
        - PolicyName: from-the-office
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: sagemaker:CreateTrainingJob
                Resource: "*"
                Condition:
                  IpAddress: {aws:SourceIp: 203.0.113.0/24}
                  ${window}
`;
  const lines = async (window: string) => (await scanText(template(window))).findings.filter((finding) => finding.ruleId === 'identity-sourceip-with-vpc-endpoint').map((finding) => finding.location.startLine);

  it.each([
    ['ended in 2000', `DateLessThan: {aws:CurrentTime: "${PAST}"}`, []],
    ['ending in 2999', `DateLessThan: {aws:CurrentTime: "${FUTURE}"}`, [22]],
    ['a date that does not parse', 'DateLessThan: {aws:CurrentTime: "yesterday"}', [22]],
  ])('%s', async (_, window, expected) => {
    expect(await lines(window)).toEqual(expected);
  });
});

describe('a date the deployer chooses among values written out is read for each of them', () => {
  const withParameter = (name: string, values: readonly string[], condition: string) =>
    userTemplate(`              - Effect: Allow
                Action: "*"
                Resource: "*"
                Condition:
                  ${condition}`, { user: 'bob', policy: 'admin' }).replace('Resources:', `Parameters:\n  ${name}:\n    Type: String\n    AllowedValues: [${values.map((value) => `"${value}"`).join(', ')}]\nResources:`);
  const messages = async (template: string, ruleId: string) => (await scanText(template)).findings.filter((finding) => finding.ruleId === ruleId).map((finding) => finding.message);
  const PASS_ANY = 'policy admin of user Bob allows iam:PassRole (through *) on Resource "*" with no iam:PassedToService condition: user Bob can hand any role to any service';
  const ADMIN = 'policy admin of user Bob allows every action on every resource under conditions every request';

  it('an end in 2000 for one value and in 2999 for another: granted only when it is 2999', async () => {
    expect(await messages(withParameter('End', [PAST, FUTURE], 'DateLessThan: {aws:CurrentTime: !Ref End}'), 'identity-passrole-unscoped')).toEqual([`${PASS_ANY} (only when End is ${FUTURE})`]);
  });

  it('an end in the past for every value: granted for none', async () => {
    expect(await messages(withParameter('End', [PAST, '2001-01-01T00:00:00Z'], 'DateLessThan: {aws:CurrentTime: !Ref End}'), 'identity-passrole-unscoped')).toEqual([]);
  });

  it('a start in 2000 for one value and in 2999 for another: an administrator now, or from 2999 on, one finding that says each', async () => {
    expect(await messages(withParameter('Start', [PAST, FUTURE], 'DateGreaterThan: {aws:CurrentTime: !Ref Start}'), 'identity-full-admin')).toEqual([
      `${ADMIN} meets: user Bob can do anything in the account (only when Start is ${PAST}); ${ADMIN} from 2999-01-01T00:00:01Z on meets: user Bob can do anything in the account (only when Start is ${FUTURE})`,
    ]);
  });

  it('a start in the past for every value: an administrator, whichever is given', async () => {
    expect(await messages(withParameter('Start', [PAST, '2001-01-01T00:00:00Z'], 'DateGreaterThan: {aws:CurrentTime: !Ref Start}'), 'identity-full-admin')).toEqual([`${ADMIN} meets: user Bob can do anything in the account`]);
  });

  it('a parameter without AllowedValues is a date not known: read as today', async () => {
    const template = userTemplate(`              - Effect: Allow
                Action: "*"
                Resource: "*"
                Condition:
                  DateLessThan: {aws:CurrentTime: !Ref End}`, { user: 'bob', policy: 'admin', parameter: 'End' });
    expect(await messages(template, 'identity-passrole-unscoped')).toEqual([PASS_ANY]);
  });
});
