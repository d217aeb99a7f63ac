import { ownerSageMakerArn } from '../../src/iam/sagemaker-features.js';
import { sageMakerUses } from '../../src/iam/sagemaker-uses.js';
import { anyAllowed, mayReadSourceArn, ownerServiceProbes, trustedServices, type ServiceInfo } from '../../src/iam/trust.js';
import type { PolicyDocument, Statement } from '../../src/model/policy.js';
import type { Tri } from '../../src/model/tri.js';
import type { Rule, RuleContext, RuleReport } from '../../src/model/rule.js';
import { OWNER_REGION, displayString } from '../../src/model/value.js';
import { memoized, nameOf, serviceInfo } from '../support.js';
import { sourceConditionFix } from './fix.js';

const SAGEMAKER = 'sagemaker.amazonaws.com';

export const trustSageMakerRoleUnassumable: Rule = {
  meta: {
    id: 'trust-sagemaker-role-unassumable',
    family: 'trust',
    severity: 'high',
    title: 'SageMaker resource uses a role SageMaker cannot assume',
    summary:
      'A SageMaker resource names a role whose trust policy denies sagemaker.amazonaws.com the AssumeRole for that resource\'s feature: no statement trusts SageMaker, or the source conditions exclude the ARN SageMaker presents.',
    rationale:
      'SageMaker assumes the execution role with a feature-specific aws:SourceArn. For inference (models, endpoints) and Studio (domains, user profiles, spaces) it presents the literal `arn:<partition>:sagemaker:<region>:<account>:*` — "Do not replace the aws:SourceArn in this template with the full ARN of a specific model or endpoint" — for pipelines `pipeline/<name>/...`, for the jobs the steps of a pipeline start with a role `training-job/...` or `processing-job/...`, for images `image` or `image-version`. A trust policy narrowed to another ARN shape looks tighter but makes the deployment fail when SageMaker first uses the role. deputy evaluates the trust policy against the exact request SageMaker makes for each resource (and each step of an inline pipeline definition) that uses the role, with the stack\'s own account and region. A template leaves the region open, so a trust pinned to a literal region may be right and is not reported; a Terraform plan says where each resource is created (its provider configuration\'s region, or its own `region` argument under AWS provider 6), so a trust pinned to another region is.',
    sources: [{ title: 'Amazon SageMaker: Cross-service confused deputy prevention', url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/security-confused-deputy-prevention.html' }],
    messages: {
      notTrusted: '{user} ({type}) uses role {role}, but its trust policy does not allow sagemaker.amazonaws.com to assume it',
      excluded: '{user} ({type}) uses role {role} ({feature}), but its trust policy refuses the request SageMaker makes for it, with aws:SourceArn {arns}',
    },
    bad: [
      {
        title: 'An endpoint ARN where SageMaker presents the literal `*`',
        language: 'yaml',
        code: `ModelRole:
  Type: AWS::IAM::Role
  Properties:
    AssumeRolePolicyDocument:
      Statement:
        - Effect: Allow
          Principal: { Service: sagemaker.amazonaws.com }
          Action: sts:AssumeRole
          Condition:
            ArnEquals:
              aws:SourceArn: !Sub arn:\${AWS::Partition}:sagemaker:\${AWS::Region}:\${AWS::AccountId}:endpoint/my-endpoint
Model:
  Type: AWS::SageMaker::Model
  Properties:
    ExecutionRoleArn: !GetAtt ModelRole.Arn`,
      },
    ],
    good: [
      {
        title: 'The format the inference feature presents',
        language: 'yaml',
        code: `Condition:
  ArnLike:
    aws:SourceArn: !Sub arn:\${AWS::Partition}:sagemaker:\${AWS::Region}:\${AWS::AccountId}:*`,
      },
    ],
    fix: 'Trust sagemaker.amazonaws.com with the aws:SourceArn format of the feature that uses the role (see the table in RULES.md / the SageMaker confused-deputy page); deputy prints the block for the resources that use the role.',
  },
  check(graph, context) {
    const service = serviceInfo(context, SAGEMAKER);
    if (!service) return [];
    const reports: RuleReport[] = [];
    for (const use of sageMakerUses(graph)) {
      const doc = graph.trustPolicyOf(use.role.address);
      if (!doc || doc.unresolved) continue;
      const trust = memoized(graph, context, 'trust-sagemaker-role-unassumable', doc.statements, () => sageMakerTrust(doc, service, context));
      // A plan says where the resource is created: a trust pinned to another region refuses it.
      const region = use.user.region ?? OWNER_REGION;
      if (!trust.refuses(use.alternatives, region)) continue;
      const arns = use.alternatives.map((resourcePart) => ownerSageMakerArn(resourcePart, region));
      const statement = trust.statement;
      reports.push({
        messageId: trust.trustsSageMaker ? 'excluded' : 'notTrusted',
        data: { user: nameOf(use.user), type: use.user.type, role: nameOf(use.role), feature: use.feature, arns: arns.map(displayString).join(' or ') },
        resource: use.user,
        locator: use.locator,
        path: use.path,
        related: [{ message: `trust policy of ${nameOf(use.role)}`, resource: use.role, locator: doc.locator, path: statement?.conditionPath ?? statement?.path ?? doc.path }],
        fix: sourceConditionFix(graph, use.role, doc, service, statement),
      });
    }
    return reports;
  },
};

/**
 * How a trust policy's statements treat SageMaker: whether they refuse the owner's requests for every one of some
 * alternatives (resource parts of the source ARN, see SageMakerUse).
 */
function sageMakerTrust(doc: PolicyDocument, service: ServiceInfo, context: RuleContext): { refuses(alternatives: string[], region: string): boolean; statement?: Statement; trustsSageMaker: boolean } {
  // Many resources present the same source ARN (`*` for inference and Studio): each is evaluated once.
  // When no condition can read the source ARN (pipelines present one each), every ARN gets the same verdict.
  const verdicts = new Map<string, Tri>();
  const sourceArnMatters = mayReadSourceArn(doc);
  const allowed = (resourcePart: string, region: string): Tri => {
    const key = sourceArnMatters ? `${region}\u0000${resourcePart}` : '';
    let verdict = verdicts.get(key);
    if (verdict === undefined) {
      verdict = anyAllowed(doc, ownerServiceProbes(service, [ownerSageMakerArn(resourcePart, region)])).allowed;
      verdicts.set(key, verdict);
    }
    return verdict;
  };
  // The Allow statement that trusts SageMaker (any partition's spelling of the principal), if there is one.
  const statement = trustedServices(doc).find((trusted) => context.services.servicePrincipal(trusted.name)?.principal === SAGEMAKER)?.statement;
  return {
    refuses: (alternatives, region) => alternatives.every((resourcePart) => allowed(resourcePart, region) === false),
    ...(statement ? { statement } : {}),
    trustsSageMaker: statement !== undefined || doc.statements.some((item) => item.effect === 'Allow' && item.principal?.any),
  };
}
