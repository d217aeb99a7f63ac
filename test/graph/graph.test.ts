import { describe, expect, it } from 'vitest';
import { parseCloudFormation } from '../../parsers/cloudformation/index.js';
import { ResourceGraph } from '../../src/graph/graph.js';
import { LargeMap } from '../../src/model/large-map.js';
import type { Edge, ParsedWorld } from '../../src/model/resource.js';

/** A role trusting a service, with what follows its trust policy (indented as its properties). */
const role = (name: string, service: string, rest = '') => `  ${name}:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {Service: ${service}}
            Action: sts:AssumeRole
${rest}`;

const TEMPLATE = `Resources:
${role(
  'Trusting',
  'sagemaker.amazonaws.com',
  `      Policies:
        - PolicyName: inline
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: s3:GetObject
                Resource: "*"
`,
)}${role('Other', 'lambda.amazonaws.com')}  Notebook:
    Type: AWS::SageMaker::NotebookInstance
    Properties:
      InstanceType: ml.t3.medium
      RoleArn: !GetAtt Other.Arn
  Model:
    Type: AWS::SageMaker::Model
    Properties:
      ExecutionRoleArn: !GetAtt Trusting.Arn
`;

describe('ResourceGraph lookups', () => {
  const graph = new ResourceGraph(parseCloudFormation('template.yaml', TEMPLATE).worlds[0]!);
  const address = (name: string) => graph.resources().find((resource) => resource.name === name)!.address;

  it('finds each role its own trust policy, and none for other resources', () => {
    const principalOf = (role: string) => graph.trustPolicyOf(role)?.statements[0]?.principal?.Service.map((entry) => entry.value);
    expect(principalOf(address('Trusting'))).toEqual(['sagemaker.amazonaws.com']);
    expect(principalOf(address('Other'))).toEqual(['lambda.amazonaws.com']);
    expect(graph.trustPolicyOf(address('Notebook'))).toBeUndefined();
    expect(graph.trustPolicyOf(address('Trusting'))?.kind).toBe('trust');
  });

  it('holds each policy document with the resource holding it, in the order of policies()', () => {
    const held = graph.heldPolicies();
    expect(held.map(({ doc }) => doc)).toEqual(graph.policies());
    expect(held.every(({ doc }, index) => doc === graph.policies()[index])).toBe(true);
    expect(held.map(({ holder, doc }) => [holder.name, doc.kind])).toEqual([
      ['Trusting', 'trust'],
      ['Trusting', 'identity'],
      ['Other', 'trust'],
    ]);
  });

  it('lists the resources of a kind in graph order, none for a kind the input has none of', () => {
    expect(graph.resourcesOfKind('iam-role').map((resource) => resource.name)).toEqual(['Trusting', 'Other']);
    expect(graph.resourcesOfKind('iam-role')).toBe(graph.resourcesOfKind('iam-role'));
    expect(graph.resourcesOfKind('sagemaker').map((resource) => resource.name)).toEqual(graph.resources().filter((resource) => resource.kind === 'sagemaker').map((resource) => resource.name));
    expect(graph.resourcesOfKind('sagemaker').length).toBeGreaterThan(1);
    expect(graph.resourcesOfKind('iam-group')).toEqual([]);
  });

  it('lists the roles each resource uses, with the edge naming them', () => {
    const rolesUsedBy = (user: string) => graph.edgesFrom(address(user), 'uses-role').map((edge) => [graph.resource(edge.to)?.name, edge.via]);
    expect(rolesUsedBy('Notebook')).toEqual([['Other', ['Properties', 'RoleArn']]]);
    expect(rolesUsedBy('Model').map(([role]) => role)).toEqual(['Trusting']);
    expect(rolesUsedBy('Trusting')).toEqual([]);
  });
});

describe('ResourceGraph edges', () => {
  const edge = (from: string, to: string, kind: Edge['kind']): Edge => ({ from, to, kind, via: ['Properties', to] });
  const edges = [edge('a', 'r1', 'uses-role'), edge('a', 'p', 'attached-policy'), edge('b', 'r1', 'uses-role'), edge('a', 'r2', 'uses-role'), edge('c', 'r2', 'uses-role')];
  const world: ParsedWorld = { conditions: {}, resources: [], edges, policies: [], managedPolicyArns: [], duplicateKeys: () => [] };

  it('keeps the order of the edges at an address, whether it has one edge or several', () => {
    const graph = new ResourceGraph(world);
    expect(graph.edgesFrom('a')).toEqual([edges[0], edges[1], edges[3]]);
    expect(graph.edgesFrom('a', 'uses-role')).toEqual([edges[0], edges[3]]);
    expect(graph.edgesFrom('b')).toEqual([edges[2]]);
    expect(graph.edgesTo('r1')).toEqual([edges[0], edges[2]]);
    expect(graph.edgesTo('p')).toEqual([edges[1]]);
    expect(graph.edgesTo('p', 'uses-role')).toEqual([]);
    expect(graph.edgesTo('missing')).toEqual([]);
  });

  it('answers a lone edge with the same list each time it is asked', () => {
    const graph = new ResourceGraph(world);
    expect(graph.edgesFrom('c')).toBe(graph.edgesFrom('c'));
    expect(graph.edgesTo('p')).toBe(graph.edgesTo('p'));
  });

  it('answers the edges of one kind reaching an address, in their order, among edges of other kinds', () => {
    const mixed = [edge('x', 'r', 'uses-role'), edge('y', 'r', 'attached-policy'), edge('z', 'r', 'uses-role'), edge('w', 'r', 'permissions-boundary'), edge('x', 's', 'uses-role')];
    const graph = new ResourceGraph({ ...world, edges: mixed });
    expect(graph.edgesTo('r', 'uses-role')).toEqual([mixed[0], mixed[2]]);
    expect(graph.edgesTo('r', 'uses-role')).toBe(graph.edgesTo('r', 'uses-role'));
    expect(graph.edgesTo('r', 'permissions-boundary')).toEqual([mixed[3]]);
    expect(graph.edgesTo('s', 'permissions-boundary')).toEqual([]);
    expect(graph.edgesTo('r')).toEqual(mixed.slice(0, 4));
    expect(graph.usersOfRole('r').map(({ edge }) => edge)).toEqual([]);
  });

  it("answers the edges leaving an address from the parser's index of them where the world has one", () => {
    const edgesByStart = new LargeMap<Edge[]>();
    for (const start of ['a', 'b', 'c']) edgesByStart.set(start, edges.filter((edge) => edge.from === start));
    const graph = new ResourceGraph({ ...world, edgesByStart });
    expect(graph.edgesFrom('a')).toBe(edgesByStart.get('a'));
    expect(graph.edgesFrom('a', 'uses-role')).toEqual([edges[0], edges[3]]);
    expect(graph.edgesFrom('c', 'permissions-boundary')).toEqual([]);
    expect(graph.edgesFrom('missing')).toEqual([]);
    expect(graph.edgesTo('r2')).toEqual([edges[3], edges[4]]);
  });
});

describe('ResourceGraph.attachedWhen', () => {
  const edge = (from: string, to: string, kind: Edge['kind'], when?: string): Edge => ({ from, to, kind, via: ['Properties', to], ...(when === undefined ? {} : { when }) });
  const graphOf = (edges: Edge[]) => new ResourceGraph({ conditions: {}, resources: [], edges, policies: [], managedPolicyArns: [], duplicateKeys: () => [] });

  it('reaches a user through its groups, only when its membership and the group attachment both hold', () => {
    const graph = graphOf([
      edge('p', 'g', 'attached-policy'),
      edge('q', 'g', 'attached-policy', 'var.b is true or var.c is true'),
      edge('u', 'g', 'member-of', 'var.a is true'),
      edge('v', 'g', 'member-of'),
      // w joins g only when chosen, and h in any case, which p reaches too: w holds p in any case.
      edge('w', 'g', 'member-of', 'var.a is false'),
      edge('w', 'h', 'member-of'),
      edge('p', 'h', 'attached-policy'),
    ]);
    expect(graph.attachedWhen('p', 'u')).toBe('var.a is true');
    expect(graph.attachedWhen('g', 'u')).toBe('var.a is true');
    expect(graph.attachedWhen('q', 'u')).toBe('(var.b is true or var.c is true) and var.a is true');
    expect(graph.attachedWhen('p', 'v')).toBeUndefined();
    expect(graph.attachedWhen('q', 'v')).toBe('var.b is true or var.c is true');
    expect(graph.attachedWhen('p', 'w')).toBeUndefined();
    expect(graph.attachedWhen('g', 'w')).toBe('var.a is false');
  });

  it('reaches members in any case where no edge says when', () => {
    const graph = graphOf([edge('p', 'g', 'attached-policy'), edge('u', 'g', 'member-of')]);
    expect(graph.attachedWhen('p', 'u')).toBeUndefined();
    expect(graph.attachedWhen('g', 'u')).toBeUndefined();
  });
});

describe('ResourceGraph.unknownMembershipsOf', () => {
  const TEMPLATE = `Parameters:
  Member:
    Type: String
  Members:
    Type: CommaDelimitedList
  Team:
    Type: String
Resources:
  Locked:
    Type: AWS::IAM::Group
  Audit:
    Type: AWS::IAM::Group
  Bob:
    Type: AWS::IAM::User
    Properties:
      UserName: bob
  Carol:
    Type: AWS::IAM::User
    Properties:
      UserName: carol
      Groups: [!Ref Locked]
  Ops:
    Type: AWS::IAM::User
    Properties:
      UserName: ml-ops
  AddMember:
    Type: AWS::IAM::UserToGroupAddition
    Properties:
      GroupName: !Ref Locked
      Users: [!Ref Member]
  AddMembers:
    Type: AWS::IAM::UserToGroupAddition
    Properties:
      GroupName: !Ref Audit
      Users: !Ref Members
  AddTeam:
    Type: AWS::IAM::UserToGroupAddition
    Properties:
      GroupName: !Ref Audit
      Users: [!Sub "\${Team}-ops", !Ref Bob]
`;
  const memberships = (parameters: Record<string, string> = {}) => {
    const graph = new ResourceGraph(parseCloudFormation('template.yaml', TEMPLATE, { parameters }).worlds[0]!);
    return (user: string) => graph.unknownMembershipsOf(`template.yaml#${user}`).map(({ holder, group, via }) => [holder.split('#')[1], group.split('#')[1], via.join('.')]);
  };

  it('names for each user the memberships of members not known that may name it, but in groups an edge puts it in already', () => {
    const of = memberships();
    // AddTeam puts Bob in Audit by his Ref, and Carol is in Locked by her own Groups: those groups' Denies reach them.
    expect(of('Bob')).toEqual([['AddMember', 'Locked', 'Properties.Users.0']]);
    expect(of('Carol')).toEqual([['AddMembers', 'Audit', 'Properties.Users']]);
    // ${Team}-ops may be ml-ops, never bob or carol.
    expect(of('Ops')).toEqual([
      ['AddMember', 'Locked', 'Properties.Users.0'],
      ['AddMembers', 'Audit', 'Properties.Users'],
      ['AddTeam', 'Audit', 'Properties.Users.0'],
    ]);
    expect(of('Locked')).toEqual([]);
  });

  it('names none where the values are given', () => {
    expect(memberships({ Member: 'dave', Members: 'erin', Team: 'ml' })('Ops')).toEqual([]);
    expect(memberships({ Member: 'bob', Members: 'erin', Team: 'ml' })('Bob')).toEqual([]);
    // A Team that makes another name than ml-ops: AddTeam may no longer name Ops.
    expect(memberships({ Team: 'ai' })('Ops').map(([holder]) => holder)).toEqual(['AddMember', 'AddMembers']);
  });
});
