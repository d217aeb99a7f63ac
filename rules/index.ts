import type { Rule } from '../src/model/rule.js';
import { policyDocumentationPlaceholder } from './policy/policy-documentation-placeholder.js';
import { policyDuplicateKey } from './policy/policy-duplicate-key.js';
import { policyInvalidConditionOperator } from './policy/policy-invalid-condition-operator.js';
import { policyMalformed } from './policy/policy-malformed.js';
import { policyWildcardInEqualsOperator } from './policy/policy-wildcard-in-equals-operator.js';
import { trustAnyPrincipal } from './trust/trust-any-principal.js';
import { trustCrossAccountWithoutExternalId } from './trust/trust-cross-account-without-external-id.js';
import { trustSageMakerRoleUnassumable } from './trust/trust-sagemaker-role-unassumable.js';
import { trustServiceWithoutSourceCondition } from './trust/trust-service-without-source-condition.js';
import { trustSourceAccountMismatch } from './trust/trust-source-account-mismatch.js';
import { trustSourceArnWrongService } from './trust/trust-source-arn-wrong-service.js';
import { trustSourceConditionIneffective } from './trust/trust-source-condition-ineffective.js';

/** Every rule deputy runs, in the order of RULES.md. This list is the table of contents. */
export const RULES: readonly Rule[] = [
  trustServiceWithoutSourceCondition,
  trustSourceConditionIneffective,
  trustSourceAccountMismatch,
  trustSourceArnWrongService,
  trustSageMakerRoleUnassumable,
  trustAnyPrincipal,
  trustCrossAccountWithoutExternalId,
  policyInvalidConditionOperator,
  policyDuplicateKey,
  policyWildcardInEqualsOperator,
  policyDocumentationPlaceholder,
  policyMalformed,
];

export function findRule(id: string): Rule | undefined {
  return RULES.find((rule) => rule.meta.id === id);
}
