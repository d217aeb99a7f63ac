import { describe, expect, it } from 'vitest';
import { ResourceGraph } from '../../src/graph/graph.js';
import { onlyWorld, template } from '../parsers/cloudformation/helpers.js';

const ALLOW = (action: string) => `{Version: "2012-10-17", Statement: [{Effect: Allow, Action: ${action}, Resource: "*"}]}`;

/** The graph gathers every principal's identity policies in one pass over the documents: the lists must not change. */
describe('ResourceGraph.identityPoliciesOf', () => {
  const graph = new ResourceGraph(
    onlyWorld(
      template(`
        Resources:
          First:
            Type: AWS::IAM::ManagedPolicy
            Properties:
              Roles: [!Ref ExecRole, !Ref ExecRole]
              PolicyDocument: ${ALLOW('s3:GetObject')}
          ExecRole:
            Type: AWS::IAM::Role
            Properties:
              AssumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: sagemaker.amazonaws.com}, Action: sts:AssumeRole}]}
              Policies:
                - PolicyName: inline
                  PolicyDocument: ${ALLOW('s3:PutObject')}
          Alice:
            Type: AWS::IAM::User
            Properties:
              Groups: [!Ref Ops]
          Ops:
            Type: AWS::IAM::Group
            Properties:
              Policies:
                - PolicyName: ops
                  PolicyDocument: ${ALLOW('s3:DeleteObject')}
          Bob:
            Type: AWS::IAM::User
            Properties:
              Groups: [!Ref Ops]
          BobAgain:
            Type: AWS::IAM::UserToGroupAddition
            Properties:
              GroupName: !Ref Ops
              Users: [!Ref Bob]
          Last:
            Type: AWS::IAM::Policy
            Properties:
              PolicyName: last
              Roles: [!Ref ExecRole]
              Users: [!Ref Alice]
              Groups: [!Ref Ops]
              PolicyDocument: ${ALLOW('s3:ListBucket')}
      `),
    ),
  );
  const address = (name: string) => graph.resources().find((resource) => resource.name === name)?.address ?? name;
  const actions = (name: string) => graph.identityPoliciesOf(address(name)).map((doc) => doc.statements[0]!.action![0]!.value);

  it('lists inline and attached policies once each, in the order of the documents', () => {
    expect(actions('ExecRole')).toEqual(['s3:GetObject', 's3:PutObject', 's3:ListBucket']);
  });

  it("gives a user its groups' policies after its own, once each however it joined, and a group none of its members'", () => {
    // Alice's own attachment of Last comes first; Last reaches her again through Ops and is not repeated.
    expect(actions('Alice')).toEqual(['s3:ListBucket', 's3:DeleteObject']);
    expect(actions('Bob')).toEqual(['s3:DeleteObject', 's3:ListBucket']);
    expect(actions('Ops')).toEqual(['s3:DeleteObject', 's3:ListBucket']);
  });

  it('leaves out trust policies, and lists nothing for a resource no policy reaches or a policy resource', () => {
    expect(graph.identityPoliciesOf(address('ExecRole')).every((doc) => doc.kind === 'identity')).toBe(true);
    expect(actions('Nobody')).toEqual([]);
    expect(actions('First')).toEqual([]);
  });
});
