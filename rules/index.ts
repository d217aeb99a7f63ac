import type { Rule } from '../src/model/rule.js';
import { identityAbacTagBypass } from './identity/identity-abac-tag-bypass.js';
import { identityAddTagsUnscoped } from './identity/identity-addtags-unscoped.js';
import { identityConditionKeyNotApplicable } from './identity/identity-condition-key-not-applicable.js';
import { identityForAllValuesWithoutNull } from './identity/identity-forallvalues-without-null.js';
import { identityFullAdmin } from './identity/identity-full-admin.js';
import { identityPassRoleUnscoped } from './identity/identity-passrole-unscoped.js';
import { identitySageMakerGuardrailMissing } from './identity/identity-sagemaker-guardrail-missing.js';
import { identitySourceIpWithVpcEndpoint } from './identity/identity-sourceip-with-vpc-endpoint.js';
import { policyConditionTypeMismatch } from './policy/policy-condition-type-mismatch.js';
import { policyDeprecatedConditionKey } from './policy/policy-deprecated-condition-key.js';
import { policyDocumentationPlaceholder } from './policy/policy-documentation-placeholder.js';
import { policyDuplicateKey } from './policy/policy-duplicate-key.js';
import { policyInvalidConditionOperator } from './policy/policy-invalid-condition-operator.js';
import { policyMalformed } from './policy/policy-malformed.js';
import { policySingleValuedSetOperator } from './policy/policy-single-valued-set-operator.js';
import { policyUnknownAction } from './policy/policy-unknown-action.js';
import { policyVariablesWithoutVersion } from './policy/policy-variables-without-version.js';
import { policyWildcardInEqualsOperator } from './policy/policy-wildcard-in-equals-operator.js';
import { sageMakerDomainPublicInternet } from './sagemaker/sagemaker-domain-public-internet.js';
import { sageMakerEndpointConfigNoKms } from './sagemaker/sagemaker-endpoint-config-no-kms.js';
import { sageMakerExecutionRoleAdmin } from './sagemaker/sagemaker-execution-role-admin.js';
import { sageMakerModelNoNetworkIsolation } from './sagemaker/sagemaker-model-no-network-isolation.js';
import { sageMakerNotebookDirectInternet } from './sagemaker/sagemaker-notebook-direct-internet.js';
import { sageMakerNotebookNoKms } from './sagemaker/sagemaker-notebook-no-kms.js';
import { sageMakerNotebookNoVpc } from './sagemaker/sagemaker-notebook-no-vpc.js';
import { sageMakerNotebookRootAccess } from './sagemaker/sagemaker-notebook-root-access.js';
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
  identityPassRoleUnscoped,
  identityForAllValuesWithoutNull,
  identitySageMakerGuardrailMissing,
  identityAbacTagBypass,
  identityAddTagsUnscoped,
  identityConditionKeyNotApplicable,
  identitySourceIpWithVpcEndpoint,
  identityFullAdmin,
  policyInvalidConditionOperator,
  policyUnknownAction,
  policyConditionTypeMismatch,
  policyDuplicateKey,
  policyWildcardInEqualsOperator,
  policyDocumentationPlaceholder,
  policyDeprecatedConditionKey,
  policySingleValuedSetOperator,
  policyVariablesWithoutVersion,
  policyMalformed,
  sageMakerNotebookDirectInternet,
  sageMakerNotebookRootAccess,
  sageMakerNotebookNoKms,
  sageMakerNotebookNoVpc,
  sageMakerModelNoNetworkIsolation,
  sageMakerEndpointConfigNoKms,
  sageMakerDomainPublicInternet,
  sageMakerExecutionRoleAdmin,
];

export function findRule(id: string): Rule | undefined {
  return RULES.find((rule) => rule.meta.id === id);
}
