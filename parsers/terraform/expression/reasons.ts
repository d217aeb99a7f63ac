/**
 * Every Unresolved the evaluator creates has a reason `<category>: <detail>`, so unresolved expressions can be
 * counted by cause.
 */
import { Unresolved } from '../../../src/model/index.js';

export const UNRESOLVED_CATEGORIES = [
  /** The expression text does not parse. */
  'syntax',
  /** A reference whose root name the scope does not know (`var.x` of an undeclared variable, a registry module's output). */
  'unknown reference',
  /** A value the evaluator cannot know statically: a resource attribute compared or converted, a condition on one. */
  'unknown value',
  /** An index or key that is not known statically. */
  'unresolvable index',
  /** A function deputy does not evaluate. */
  'unsupported function',
  /** What Terraform itself would reject: a missing attribute or key, a wrong argument type, a bad format verb. */
  'type error',
  /** `file()`/`templatefile()` names a file Terraform could not read either: it does not exist, or is a folder. */
  'unreadable file',
  /** `file()`/`templatefile()` names a file deputy chose not to read (outside the scanned folders, too large): Terraform would read it. */
  'file not read',
  /** Nesting too deep or a result too large to build. */
  'limit',
] as const;

export type UnresolvedCategory = (typeof UNRESOLVED_CATEGORIES)[number];

export function unresolved(category: UnresolvedCategory, detail: string): Unresolved {
  return new Unresolved(`${category}: ${detail}`);
}

/** The category of a reason made by `unresolved`, or undefined for reasons from elsewhere. */
export function categoryOf(reason: string): UnresolvedCategory | undefined {
  const colon = reason.indexOf(':');
  const category = colon < 0 ? reason : reason.slice(0, colon);
  return (UNRESOLVED_CATEGORIES as readonly string[]).includes(category) ? (category as UnresolvedCategory) : undefined;
}

/** The reason of a root variable without a default, given no value, after its name (`inputNotGiven`). */
const NOT_GIVEN = 'has no default and no value was given';

/** The value of a root variable without a default, given no value: the deployer will give it. */
export function inputNotGiven(name: string): Unresolved {
  return new Unresolved(`variable: var.${name} ${NOT_GIVEN}`);
}

/**
 * Whether a value is not known only because an input the deployer gives has none here (`inputNotGiven`). Each value it
 * may take is then one the deployer may choose, which a value known only after apply, one deputy does not compute, or
 * an invalid value given (Terraform refuses the configuration), is not.
 */
export function awaitsInput(value: Unresolved): boolean {
  return value.reason.startsWith('variable: ') && value.reason.endsWith(NOT_GIVEN);
}

/** The name of the root variable a value awaits (`awaitsInput`); undefined for a value not known otherwise. */
export function awaitedInput(value: Unresolved): string | undefined {
  return awaitsInput(value) ? value.reason.slice('variable: var.'.length, -(NOT_GIVEN.length + 1)) : undefined;
}

/** The reason of a variable's value Terraform refuses, after what it is (`the value given for var.svc`). */
const INVALID = 'is invalid';

/** The value of a variable whose value Terraform refuses (`the default of var.svc`): it plans none of the configuration. */
export function invalidInput(what: string): Unresolved {
  return new Unresolved(`variable: ${what} ${INVALID}`);
}

/** Whether a value is not known because Terraform refuses the value a variable takes (`invalidInput`). */
export function isInvalidInput(value: Unresolved): boolean {
  return value.reason.startsWith('variable: ') && value.reason.endsWith(INVALID);
}

/** The reason of a module variable's value not known whose validation lists the values it takes, after its address. */
const LISTED = 'is one of the values its validation lists';

/**
 * The value of a module variable (`module.team.var.service`) given a value not known, whose validation lists the values
 * Terraform lets it take: one of them, which the worlds vary (input-worlds.ts).
 */
export function listedModuleInput(variable: string): Unresolved {
  return new Unresolved(`variable: ${variable} ${LISTED}`);
}

/** The module variable a value is one of the listed values of (`listedModuleInput`); undefined for a value not known otherwise. */
export function listedModuleVariable(value: Unresolved): string | undefined {
  return value.reason.startsWith('variable: ') && value.reason.endsWith(LISTED) ? value.reason.slice('variable: '.length, -(LISTED.length + 1)) : undefined;
}

/** Errors Terraform would report: `try` skips arguments that end in one, `can` turns them into false. */
export function isError(value: Unresolved): boolean {
  const category = categoryOf(value.reason);
  return category === 'type error' || category === 'unreadable file';
}
