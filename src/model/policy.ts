import type { Locator, Path } from './location.js';
import type { DuplicateKey } from './resource.js';
import type { Unresolved } from './value.js';

/**
 * One policy element value with the path it came from. `value` is a string (possibly holding markers, see
 * value.ts) or an `Unresolved`. Numbers and booleans written in templates (`Bool: {key: true}`) are turned
 * into their IAM string form by the normaliser.
 */
export interface PolicyValue {
  value: string | Unresolved;
  path: Path;
}

export type PrincipalType = 'AWS' | 'Service' | 'Federated' | 'CanonicalUser';
export const PRINCIPAL_TYPES: readonly PrincipalType[] = ['AWS', 'Service', 'Federated', 'CanonicalUser'];

/** The elements of the IAM policy grammar: a policy's, and a statement's. */
export const DOCUMENT_ELEMENTS: readonly string[] = ['Version', 'Id', 'Statement'];
export const STATEMENT_ELEMENTS: readonly string[] = ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'];

/** `Principal`/`NotPrincipal` after normalisation. `any` is `"*"` (the whole element), not `{AWS: "*"}`. */
export interface PrincipalSet {
  any: boolean;
  /** The whole element could not be resolved: it may name anyone. */
  unresolved?: Unresolved;
  path: Path;
  AWS: PolicyValue[];
  Service: PolicyValue[];
  Federated: PolicyValue[];
  CanonicalUser: PolicyValue[];
}

/** One `operator: { key: values }` entry of a Condition block. */
export interface ConditionEntry {
  /** As written, e.g. `ForAnyValue:StringLikeIfExists`. */
  operator: string;
  /** As written (keys are case-insensitive: compare lower-cased). */
  key: string;
  values: PolicyValue[];
  /** Path of the operator object (`[..., 'Condition', 'StringEquals']`). */
  operatorPath: Path;
  /** Path of the key (`[..., 'Condition', 'StringEquals', 'aws:SourceArn']`). */
  path: Path;
  /** The key's value was a list (matters for single-valued keys with set operators). */
  valueWasList: boolean;
  /** The operator block or the whole Condition could not be resolved: the entry stands for unknown conditions. */
  unresolved?: Unresolved;
  /**
   * The policy's `Version` is missing or `2008-10-17` and a value holds `${`: IAM reads policy variables only under
   * `2012-10-17`, so `${aws:ResourceAccount}` is that text (policy-variables-without-version reports it).
   */
  literalVariables?: true;
}

export interface Statement {
  index: number;
  path: Path;
  sid?: string;
  /** `Allow`, `Deny`, or undefined when missing/invalid (reported by policy-malformed; the statement is then skipped by evaluation). */
  effect?: 'Allow' | 'Deny';
  principal?: PrincipalSet;
  notPrincipal?: PrincipalSet;
  action?: PolicyValue[];
  notAction?: PolicyValue[];
  resource?: PolicyValue[];
  notResource?: PolicyValue[];
  conditions: ConditionEntry[];
  /** Path of the `Condition` element when present. */
  conditionPath?: Path;
  /** Condition keys written with only empty values: unset (RULES.md), kept apart so findings can point at them. */
  unsetConditions?: ConditionEntry[];
  /** The statement itself could not be resolved (e.g. a whole statement from Fn::ImportValue). */
  unresolved?: Unresolved;
  /**
   * The policy's `Version` is missing or `2008-10-17` and a Resource or NotResource entry holds `${`: that is text, as
   * in conditions (`ConditionEntry.literalVariables`); under `2012-10-17` each policy variable reads the request.
   */
  literalVariables?: true;
  /**
   * The Resource and NotResource entries left out of the statement as the principals of `partition` read it, each
   * writing out another partition (rules/identity/identity-policies.ts `statementsInPartition`): a message that quotes
   * the statement's resources says so.
   */
  otherPartition?: { partition: string; resource: PolicyValue[]; notResource: PolicyValue[] };
}

export interface MalformedProblem {
  path: Path;
  message: string;
  /**
   * Where in the policy's text the problem is (`line 8 of the policy text`), shown after the message: a line number,
   * which edits above it change, so it is no part of what the problem is (a finding's fingerprint).
   */
  position?: string;
  /**
   * The problem may be gone once a value not known statically is: JSON text that parsing refuses where such a value is
   * written, or after an unresolved one (which could hold any text), in the text AWS receives.
   */
  restsOnUnknown?: true;
  /**
   * Refused before AWS sees it: by Terraform's AWS provider at plan time, which reads a policy text known at plan as
   * JSON ("contains an invalid JSON policy"), a byte order mark Terraform's file() keeps included.
   */
  refusedAtPlan?: true;
}

export interface PolicyDocument {
  /** Address of the resource holding the document. */
  resource: string;
  /** Path of the document inside the resource. */
  path: Path;
  kind: 'trust' | 'identity';
  name?: string;
  version?: string;
  id?: string;
  statements: Statement[];
  /** Structural problems AWS rejects at deploy time (policy-malformed). */
  problems: MalformedProblem[];
  /** The document as a whole could not be resolved. */
  unresolved?: Unresolved;
  /** The policy was written as JSON text (a string) rather than as a template mapping. */
  writtenAsText?: boolean;
  /**
   * JSON text that holds a value Terraform learns only at apply (a resource's attribute, a value not resolved
   * statically): the AWS provider's plan-time checks of the text (duplicate keys) do not see it whole.
   */
  textUnknownAtPlan?: true;
  /** Keys repeated inside a policy written as a JSON string (template-level duplicates come from the parser). */
  duplicateKeys?: readonly DuplicateKey[];
  /**
   * Keys repeated inside the JSON text that a Terraform policy document data source includes (`source_policy_documents`,
   * `override_policy_documents`) in the policy it builds: the provider keeps the last of them, at plan as at apply.
   * And the keys `condition` blocks of one of its statements repeat (`DuplicateKey.merged`): the provider merges their values.
   */
  includedDuplicateKeys?(): readonly DuplicateKey[];
  /** Knows paths inside JSON-string policies as well as the resource's own paths. */
  locator: Locator;
}
