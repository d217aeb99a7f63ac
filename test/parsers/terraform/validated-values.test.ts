import { describe, expect, it } from 'vitest';
import { listNotHolding, listedValues, passedVariable, validatedValues } from '../../../parsers/terraform/validated-values.js';
import { parseExpression } from '../../../parsers/terraform/expression/index.js';

/** A variable body as hcl2json gives it: each condition written as `"${...}"`. */
function body(conditions: readonly string[], type: string | undefined = '${string}'): Record<string, unknown> {
  return { ...(type === undefined ? {} : { type }), validation: conditions.map((condition) => ({ condition: `\${${condition}}`, error_message: 'no' })) };
}

describe('listedValues', () => {
  it.each([
    ['contains of a list', 'contains(["a", "b"], var.svc)', ['a', 'b']],
    ['contains of a toset', 'contains(toset(["b", "a"]), var.svc)', ['a', 'b']],
    ['contains of a tolist', 'contains(tolist(["a"]), var.svc)', ['a']],
    ['an equality', 'var.svc == "a"', ['a']],
    ['an equality written the other way', '"a" == var.svc', ['a']],
    ['equalities either way, or-ed, in parentheses', '(var.svc == "a") || ("b" == (var.svc))', ['a', 'b']],
    ['contains or an equality', 'contains(["a"], var.svc) || var.svc == "b"', ['a', 'b']],
    ['a template of constants', 'var.svc == "${"sage"}maker"', ['sagemaker']],
  ])('reads %s', (_, condition, values) => {
    expect(listedValues('svc', parseExpression(condition))).toEqual(values);
  });

  it.each([
    ['a regex', 'can(regex("^a$", var.svc))'],
    ['a length', 'length(var.svc) > 2'],
    ['a negated equality', 'var.svc != "a"'],
    ['an and', 'var.svc == "a" && var.other == "b"'],
    ['an or with a term that lists nothing', 'var.svc == "a" || startswith(var.svc, "b")'],
    ['another variable', 'contains(["a"], var.other)'],
    ['a list a variable makes', 'contains(var.allowed, var.svc)'],
    ['a list of numbers', 'contains([1, 2], var.svc)'],
    ['a list whose text reads a variable', 'contains(["${var.prefix}a"], var.svc)'],
    ['an attribute of the variable', 'contains(["a"], var.svc.name)'],
    ['contains with the list expanded', 'contains(["a"], var.svc...)'],
  ])('lists no values for %s', (_, condition) => {
    expect(listedValues('svc', parseExpression(condition))).toBeUndefined();
  });
});

describe('validatedValues', () => {
  it('reads a string variable and one with no type, of .tf and of .tf.json (one object, the type not a template)', () => {
    expect(validatedValues('svc', body(['contains(["a", "b"], var.svc)']))).toEqual(['a', 'b']);
    expect(validatedValues('svc', body(['contains(["a", "b"], var.svc)'], undefined))).toEqual(['a', 'b']);
    expect(validatedValues('svc', { type: 'string', validation: { condition: '${var.svc == "a"}', error_message: 'no' } })).toEqual(['a']);
  });

  it('keeps the values every block holds for: another block that lists them, or one that lists nothing but is false for some', () => {
    expect(validatedValues('svc', body(['contains(["a", "b", "c"], var.svc)', 'var.svc == "b" || var.svc == "c" || var.svc == "d"']))).toEqual(['b', 'c']);
    expect(validatedValues('svc', body(['contains(["a", "b", "c"], var.svc)', 'var.svc != "b"', 'length(var.svc) == 1']))).toEqual(['a', 'c']);
    expect(validatedValues('svc', body(['contains(["a", "a"], var.svc)']))).toEqual(['a']);
  });

  it('keeps a value a block that reads something else cannot decide for', () => {
    expect(validatedValues('svc', body(['contains(["a", "b"], var.svc)', 'var.svc != var.other']))).toEqual(['a', 'b']);
  });

  it.each([
    ['no validation', { type: '${string}' }],
    ['a condition that lists nothing', body(['can(regex("^a", var.svc))'])],
    ['a list type', body(['alltrue([for s in var.svc : contains(["a"], s)])'], '${list(string)}')],
    ['a number type', body(['contains(["1"], var.svc)'], '${number}')],
    ['blocks that hold for no value together', body(['var.svc == "a"', 'var.svc == "b"'])],
    ['a condition written as plain text', { type: '${string}', validation: [{ condition: 'contains(["a"], var.svc)' }] }],
    ['a condition that does not parse', body(['contains(["a", var.svc)'])],
  ])('is undefined for %s', (_, declared) => {
    expect(validatedValues('svc', declared)).toBeUndefined();
  });
});

describe('listNotHolding', () => {
  it('gives the list of the block that does not hold a value, and nothing for one every list holds', () => {
    const declared = body(['contains(["a", "b"], var.svc)', 'var.svc == "b" || var.svc == "c"', 'length(var.svc) > 5']);
    expect(listNotHolding('svc', declared, 'a')).toEqual(['b', 'c']);
    expect(listNotHolding('svc', declared, 'c')).toEqual(['a', 'b']);
    expect(listNotHolding('svc', declared, 'b')).toBeUndefined();
    expect(listNotHolding('svc', body(['can(regex("^a", var.svc))']), 'z')).toBeUndefined();
  });
});

describe('passedVariable', () => {
  it('names the variable a module argument passes whole, in parentheses or not', () => {
    expect(passedVariable('${var.svc}')).toBe('svc');
    expect(passedVariable('${(var.svc)}')).toBe('svc');
  });

  it.each([
    ['a piece of a text', '${var.svc}.amazonaws.com'],
    ['an attribute of it', '${var.svc.name}'],
    ['a function of it', '${lower(var.svc)}'],
    ['a local', '${local.svc}'],
    ['a literal', 'sagemaker.amazonaws.com'],
    ['no text', ['${var.svc}']],
  ])('names none for %s', (_, written) => {
    expect(passedVariable(written)).toBeUndefined();
  });
});
