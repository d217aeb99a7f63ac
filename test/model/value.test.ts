import { describe, expect, it } from 'vitest';
import { bothHold, choiceText, displayString, literalText, loneReferencePayload, MARK_END, MARK_START, marker, markerPayload, markersReplaced, noneHolds, refMarker, termsImply, tokenize, Unresolved, UNLISTED_ATTRIBUTE, unresolvedMarker, unresolvedPieceOf, unresolvedPieces, withPiecesGiven, type ChoiceTerm } from '../../src/model/value.js';

describe('reference markers', () => {
  it('write their payload as marker() writes it, whichever part holds what a payload escapes', () => {
    const parts: Array<[string, string | undefined]> = [
      ['aws_iam_role.r', 'arn'],
      ['module.a["k"].aws_iam_role.r', undefined],
      ['module.a["x:y"].aws_iam_role.r', 'arn'],
      ['Role', 'a:b'],
      [`Role${MARK_START}`, 'Arn'],
      ['Role', `Arn${MARK_END}`],
      ['Role', ''],
    ];
    for (const [logicalId, attribute] of parts) {
      const payload = attribute ? `${logicalId}.${attribute}` : logicalId;
      expect(refMarker(logicalId, attribute), payload).toBe(marker('ref', payload));
      expect(loneReferencePayload(refMarker(logicalId, attribute))).toBe(markerPayload(payload));
    }
    expect(markerPayload('module.a["x:y"].r.arn')).not.toContain(':');
  });
});

describe('a piece not known of a parameter with AllowedValues', () => {
  const parameter = (allowed?: readonly string[]) => new Unresolved('parameter Verb has no value', 'Verb', undefined, undefined, undefined, allowed);

  it('keeps the values it allows, colons and wildcards as written, and shows as the parameter', () => {
    const text = `iam:${unresolvedMarker(parameter(['iam:PassRole', 'Pass*', '']))}`;
    expect(unresolvedPieceOf(text)).toEqual(parameter(['iam:PassRole', 'Pass*', '']));
    expect(displayString(text)).toBe('iam:${Verb}');
    // Written in a policy that is a JSON string, the payload needs no escape there.
    const withoutBounds = text.replace(/[\u0001\u0002]/g, '');
    expect(JSON.stringify(withoutBounds)).toBe(`"${withoutBounds}"`);
  });

  // A value JSON would escape, or one holding a character a payload is parted by, would not come back as it is: the
  // piece is then any text, as one of a parameter that allows any.
  it('keeps none where one of them cannot be written back as it is', () => {
    for (const odd of ['say "hi"', 'a\\b', 'line\nbreak', '\uE005', '\uE003', '\uA789']) {
      expect(unresolvedPieceOf(`x${unresolvedMarker(parameter(['ml', odd]))}`), JSON.stringify(odd)).toEqual(parameter());
    }
    expect(unresolvedPieceOf(unresolvedMarker(parameter([])))).toEqual(parameter());
  });

  it('is each piece of a text, and given a value in its place where one is given for it', () => {
    const team = new Unresolved('parameter Team has no value', 'Team', undefined, undefined, undefined, ['ml', 'data']);
    const text = `role/${unresolvedMarker(team)}-${unresolvedMarker(parameter())}-${unresolvedMarker('execution id')}`;
    expect(unresolvedPieces(text)).toEqual([team, parameter(), new Unresolved('execution id')]);
    expect(withPiecesGiven(text, (piece) => (piece.written === 'Team' ? 'ml' : undefined))).toBe(`role/ml-${unresolvedMarker(parameter())}-${unresolvedMarker('execution id')}`);
    expect(withPiecesGiven('role/ml', () => 'x')).toBe('role/ml');
  });
});

describe('a reference listed without attribute', () => {
  it('shows as the reference the input writes, with no attribute made up for it', () => {
    const unlisted = refMarker('aws_iam_role.r["a"]', UNLISTED_ATTRIBUTE);
    expect(displayString(unlisted)).toBe('${aws_iam_role.r["a"]}');
    expect(displayString(`arn:aws:iam::123456789012:role/${refMarker('module.m.aws_iam_role.r', UNLISTED_ATTRIBUTE)}`)).toBe('arn:aws:iam::123456789012:role/${module.m.aws_iam_role.r}');
    expect(displayString(refMarker('aws_iam_role.r', 'arn'))).toBe('${aws_iam_role.r.arn}');
  });
});

describe('the choices that make none of some choices hold', () => {
  const term = (condition: string, holds: boolean): ChoiceTerm => ({ condition, holds });
  const texts = (choices: ReadonlyArray<readonly ChoiceTerm[]> | undefined) => choices?.map(choiceText);
  it('negate each term of one, and make the negations of several together, leaving out what cannot hold or adds nothing', () => {
    expect(texts(noneHolds([[term('var.on', true)]], 16))).toEqual(['var.on is false']);
    expect(texts(noneHolds([[term('var.a', true), term('var.b', false)]], 16))).toEqual(['var.a is false', 'var.b is true']);
    // var.a ? [x] : var.b ? [x] : []: x is left out only where neither branch names it.
    expect(texts(noneHolds([[term('var.a', true)], [term('var.a', false), term('var.b', true)]], 16))).toEqual(['var.a is false and var.b is false']);
    // Named whichever var.a is: nothing leaves it out; a choice of no term holds in any case.
    expect(noneHolds([[term('var.a', true)], [term('var.a', false)]], 16)).toEqual([]);
    expect(noneHolds([[]], 16)).toEqual([]);
    // (a and b) or (c and d): four ways to leave both out, past a limit of three.
    expect(noneHolds([[term('a', true), term('b', true)], [term('c', true), term('d', true)]], 3)).toBeUndefined();
  });
});

describe('choices on equalities of one expression with literals', () => {
  // `var.env == "prod"` (equal) or `var.env != "prod"` (not equal), holding or not.
  const term = (subject: string, operator: '==' | '!=', value: string | number | boolean, holds: boolean): ChoiceTerm => ({
    condition: `${subject} ${operator} ${JSON.stringify(value)}`,
    holds,
    compares: { subject, value, equal: operator === '==' },
  });
  const texts = (choices: ReadonlyArray<readonly ChoiceTerm[]> | undefined) => choices?.map(choiceText);

  it('cannot hold together where they make the expression two literals, or a literal and not it', () => {
    expect(bothHold([term('var.env', '==', 'prod', true)], [term('var.env', '==', 'dev', true)])).toBeUndefined();
    expect(bothHold([term('var.env', '==', 'prod', true)], [term('var.env', '!=', 'prod', true)])).toBeUndefined();
    expect(bothHold([term('var.env', '!=', 'prod', false)], [term('var.env', '!=', 'dev', false)])).toBeUndefined();
    expect(bothHold([term('var.env', '==', 'prod', false)], [term('var.env', '!=', 'prod', false)])).toBeUndefined();
    // A number and a string are never equal in Terraform: var.n == 1 and var.n == "1" cannot both hold.
    expect(bothHold([term('var.n', '==', 1, true)], [term('var.n', '==', '1', true)])).toBeUndefined();
  });

  it('hold together where the expression may be so, or where the expressions differ', () => {
    const both = (a: ChoiceTerm, b: ChoiceTerm) => texts([bothHold([a], [b])!]);
    expect(both(term('var.env', '==', 'prod', true), term('var.env', '==', 'dev', false))).toEqual(['var.env == "prod" is true and var.env == "dev" is false']);
    expect(both(term('var.env', '!=', 'dev', true), term('var.env', '==', 'test', true))).toEqual(['var.env != "dev" is true and var.env == "test" is true']);
    expect(both(term('var.env', '==', 'prod', false), term('var.env', '==', 'dev', false))).toEqual(['var.env == "prod" is false and var.env == "dev" is false']);
    expect(both(term('var.env', '==', 'prod', true), term('var.stage', '==', 'dev', true))).toEqual(['var.env == "prod" is true and var.stage == "dev" is true']);
    expect(both(term('var.env', '==', 'prod', true), { condition: 'var.on', holds: true })).toEqual(['var.env == "prod" is true and var.on is true']);
  });

  it('imply what the literal they make the expression says of the others', () => {
    expect(termsImply([term('var.env', '==', 'prod', true)], [term('var.env', '==', 'dev', false)])).toBe(true);
    expect(termsImply([term('var.env', '==', 'prod', true)], [term('var.env', '!=', 'dev', true)])).toBe(true);
    expect(termsImply([term('var.env', '==', 'prod', true)], [term('var.env', '!=', 'prod', false)])).toBe(true);
    expect(termsImply([term('var.env', '!=', 'prod', true)], [term('var.env', '==', 'prod', false)])).toBe(true);
    // Not being one literal says nothing of another; being one does not make it any other.
    expect(termsImply([term('var.env', '==', 'prod', false)], [term('var.env', '==', 'dev', false)])).toBe(false);
    expect(termsImply([term('var.env', '==', 'dev', false)], [term('var.env', '==', 'prod', true)])).toBe(false);
    expect(termsImply([term('var.env', '==', 'prod', true)], [term('var.env', '==', 'dev', true)])).toBe(false);
    expect(termsImply([term('var.env', '==', 'prod', true)], [term('var.stage', '==', 'dev', false)])).toBe(false);
  });

  it('are left out where none holds only in ways that can hold, without those another implies', () => {
    // var.env == "prod" ? [x] : []: x is left out where var.env is not "prod"; of var.env == "prod" || ... written as
    // two choices naming x, where it is neither.
    expect(texts(noneHolds([[term('var.env', '==', 'prod', true)], [term('var.env', '==', 'dev', true)]], 16))).toEqual(['var.env == "prod" is false and var.env == "dev" is false']);
    // x named where var.env is "prod", and where it is not "dev": left out only in dev (which is not "prod").
    expect(texts(noneHolds([[term('var.env', '==', 'prod', true)], [term('var.env', '!=', 'dev', true)]], 16))).toEqual(['var.env == "prod" is false and var.env != "dev" is false']);
    // Named where var.env is "prod" and where it is not: nothing leaves it out.
    expect(noneHolds([[term('var.env', '==', 'prod', true)], [term('var.env', '!=', 'prod', true)]], 16)).toEqual([]);
  });
});

describe('markersReplaced', () => {
  // Each marker as tokenize reads it (a start to the next end; a start with no end after it is text) is replaced.
  const texts = [
    '',
    'plain text',
    `arn:aws:s3:::${marker('ref', 'Bucket')}-${unresolvedMarker(new Unresolved('known after apply'))}/x`,
    `${MARK_START}ref|unterminated`,
    `a${MARK_END}b`,
    `${MARK_START}a${MARK_START}b${MARK_END}c${MARK_END}`,
    `${marker('sym', 'AWS::AccountId')}${marker('sym', 'AWS::Region')}`,
  ];
  const byTokens = (text: string, replacement: string): string => tokenize(text).map((token) => ('literal' in token ? token.literal : replacement)).join('');

  it.each(texts)('replaces the markers tokenize finds in %j, and nothing else', (text) => {
    expect(markersReplaced(text, ' ')).toBe(byTokens(text, ' '));
    expect(literalText(text)).toBe(byTokens(text, ''));
  });
});
