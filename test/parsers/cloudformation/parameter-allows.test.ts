import { describe, expect, it } from 'vitest';
import { allowsName, parameterAllows, type ParameterDeclaration } from '../../../parsers/cloudformation/template.js';
import { OWNER_STACK_NAME, Unresolved, unresolvedMarker } from '../../../src/model/value.js';

/** The value a parameter without a value gives, as the template reads it. */
const piece = (name: string) => new Unresolved(`parameter ${name} has no value`, name);
const written = (name: string) => unresolvedMarker(piece(name));

describe('parameterAllows of a text written around parameters without a value', () => {
  const allowed = (declarations: Record<string, ParameterDeclaration>, text: string) => parameterAllows(new Map(Object.entries(declarations)), text);
  const names = (declarations: Record<string, ParameterDeclaration>, text: string, tried: readonly string[]) => {
    const allows = allowed(declarations, text);
    return allows && tried.filter((name) => allowsName(allows, name));
  };
  const tried = ['dev-bob', 'prod-bob', 'PROD-X-BOB', 'prod-x-bob', 'qa-bob', 'bob'];

  it('tests each piece alone against its AllowedPattern, which CloudFormation matches against the whole value', () => {
    expect(names({ Env: { type: 'String', allowedPattern: '^prod-.*' } }, `${written('Env')}-bob`, tried)).toEqual(['PROD-X-BOB', 'prod-x-bob']);
    // The pattern's anchors are the piece's, not the name's.
    expect(names({ Env: { type: 'String', allowedPattern: '^[a-z]+$' } }, `${written('Env')}-bob`, tried)).toEqual(['dev-bob', 'prod-bob', 'qa-bob']);
    expect(names({ Env: { type: 'String', allowedPattern: '(?!dev).*' } }, `${written('Env')}-bob`, tried)).toEqual(['prod-bob', 'PROD-X-BOB', 'prod-x-bob', 'qa-bob']);
  });

  it('splits the name between pieces in each way the text around them leaves, a piece without limits taking any text', () => {
    const declarations: Record<string, ParameterDeclaration> = { Env: { type: 'String', allowedPattern: 'prod(-.*)?' }, Team: { type: 'String' } };
    expect(names(declarations, `${written('Env')}-${written('Team')}`, tried)).toEqual(['prod-bob', 'PROD-X-BOB', 'prod-x-bob']);
    expect(names(declarations, `${OWNER_STACK_NAME}-${written('Env')}-bob`, ['stack-prod-bob', 'stack-dev-bob', 'a-b-prod-x-bob'])).toEqual(['stack-prod-bob', 'a-b-prod-x-bob']);
  });

  it('lists the texts AllowedValues make, but those a piece\'s AllowedPattern refuses, and tests past sixty-four of them', () => {
    expect(allowed({ Env: { type: 'String', allowedValues: ['dev', 'Prod'] } }, `${written('Env')}-bob`)).toEqual({ values: ['dev-bob', 'prod-bob'] });
    expect(allowed({ Env: { type: 'String', allowedValues: ['dev', 'prod'], allowedPattern: '^dev$' } }, `${written('Env')}-bob`)).toEqual({ values: ['dev-bob'] });
    const many = Array.from({ length: 9 }, (_, index) => `v${index}`);
    const declarations: Record<string, ParameterDeclaration> = { A: { type: 'String', allowedValues: many }, B: { type: 'String', allowedValues: many } };
    const allows = allowed(declarations, `${written('A')}-${written('B')}`);
    expect(allows?.values).toBeUndefined();
    expect(['v1-v8', 'V0-v0', 'v1-v9', 'v1v8'].filter((name) => allowsName(allows!, name))).toEqual(['v1-v8', 'V0-v0']);
  });

  it('reads no pattern JavaScript does not read as CloudFormation does, and no piece that limits nothing', () => {
    expect(allowed({ Env: { type: 'String', allowedPattern: '^\\Qprod\\E-.*$' } }, `${written('Env')}-bob`)).toBeUndefined();
    expect(allowed({ Env: { type: 'String', allowedPattern: '[a-z&&[^d]]+' } }, `${written('Env')}-bob`)).toBeUndefined();
    expect(allowed({ Env: { type: 'String' } }, `${written('Env')}-bob`)).toBeUndefined();
    // A list has no one text.
    expect(allowed({ Env: { type: 'CommaDelimitedList', allowedPattern: '^prod-.*' } }, `${written('Env')}-bob`)).toBeUndefined();
    expect(allowed({}, 'dev-bob')).toBeUndefined();
  });
});

describe('parameterAllows of a list parameter without a value', () => {
  const allows = (declaration: ParameterDeclaration) => parameterAllows(new Map([['Names', declaration]]), piece('Names'));
  const names = (declaration: ParameterDeclaration, tried: readonly string[]) => {
    const allowed = allows(declaration);
    return allowed && tried.filter((name) => allowsName(allowed, name));
  };
  const tried = ['ops-bob', 'OPS-CAROL', 'bob', 'ops-'];

  it.each(['CommaDelimitedList', 'List<String>'])('gives each item of a %s its AllowedPattern, whole and in any case, as a String\'s', (type) => {
    expect(names({ type, allowedPattern: 'ops-[a-z]+' }, tried)).toEqual(['ops-bob', 'OPS-CAROL']);
    expect(names({ type, allowedPattern: 'ops-[a-z]+', allowedValues: ['ops-bob', 'bob'] }, tried)).toEqual(['ops-bob']);
  });

  it.each(['List<Number>', 'List<AWS::EC2::Subnet::Id>'])('gives a %s none, as CloudFormation does not match its items', (type) => {
    expect(allows({ type, allowedPattern: 'ops-[a-z]+' })).toBeUndefined();
    expect(names({ type, allowedPattern: 'ops-[a-z]+', allowedValues: ['ops-bob', 'bob'] }, tried)).toEqual(['ops-bob', 'bob']);
  });

  it('reads no pattern JavaScript does not read as CloudFormation does', () => {
    expect(allows({ type: 'CommaDelimitedList', allowedPattern: '\\Qops\\E-.*' })).toBeUndefined();
  });
});
