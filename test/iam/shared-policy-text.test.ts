import { describe, expect, it } from 'vitest';
import { linesOf, scanText } from '../helpers.js';

/** A role whose trust policy is JSON text in a YAML block scalar: positions inside the text map to file lines. */
function role(name: string, condition: string): string {
  return `  ${name}:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: |
        {
          "Version": "2012-10-17",
          "Statement": [{
            "Effect": "Allow",
            "Principal": {"Service": "sagemaker.amazonaws.com"},
            "Action": "sts:AssumeRole"${condition}
          }]
        }
`;
}

const PINNED = `,
            "Condition": {"StringEquals": {"aws:SourceAccount": "493827160514"}}`;

// Roles stamped out of one module repeat the same policy text: deputy reads it once and evaluates it once, yet
// every role keeps its own findings and locations.
describe('policies that repeat the same text', () => {
  it('report each role at its own line, and keep a different text apart', async () => {
    const result = await scanText(`Resources:
${role('First', '')}${role('Second', '')}${role('Pinned', PINNED)}${role('Third', '')}`);
    expect(result.errors).toEqual([]);
    const unprotected = result.findings.filter((finding) => finding.ruleId === 'trust-service-without-source-condition');
    expect(unprotected.map((finding) => [finding.resource.address.split('#')[1], finding.location.startLine])).toEqual([
      ['First', 10],
      ['Second', 22],
      ['Third', 47],
    ]);
    expect(linesOf(result, 'trust-source-condition-ineffective')).toEqual([]);
  });

  it('read the same text as a trust policy and as an identity policy by what each is', async () => {
    const text = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "sagemaker.amazonaws.com"}, "Action": "sts:AssumeRole"}]}`;
    const result = await scanText(`Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: '${text}'
      Policies:
        - PolicyName: same-text
          PolicyDocument: '${text}'
`);
    // As a trust policy the text lets SageMaker in for any account; as an identity policy a Principal is malformed, and
    // so is a statement without Resource.
    expect(linesOf(result, 'trust-service-without-source-condition')).toEqual([5]);
    expect(result.findings.filter((finding) => finding.ruleId === 'policy-malformed').map((finding) => finding.message.replace(/^.*: /, '')).sort()).toEqual([
      'an identity-based policy cannot name a Principal (AWS rejects this policy at deploy time)',
      'the statement has neither Resource nor NotResource (AWS rejects this policy at deploy time)',
    ]);
    expect(linesOf(result, 'policy-malformed')).toEqual([8, 8]);
  });
});
