import { describe, expect, it } from 'vitest';
import { ROLE_PROPERTIES } from '../../../parsers/cloudformation/roles.js';
import { OWNER_PARTITION } from '../../../src/model/index.js';
import { onlyWorld, template } from './helpers.js';

const FILE = 'stacks/template.json';

/** `{A: {B: [value]}}` for the spec `A.B.*`. */
function nest(spec: string, value: unknown): Record<string, unknown> {
  return spec.split('.').reduceRight<unknown>((inner, step) => (step === '*' ? [inner] : { [step]: inner }), value) as Record<string, unknown>;
}

function userOfRole(type: string, spec: string, reference: unknown) {
  const text = JSON.stringify({
    Resources: {
      ExecRole: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'exec-role', Path: '/service-role/' } },
      User: { Type: type, Properties: nest(spec, reference) },
    },
  });
  return onlyWorld(text, undefined, FILE).edges;
}

const roleTable = Object.entries(ROLE_PROPERTIES).flatMap(([type, specs]) => specs.map((spec) => ({ type, spec })));

describe('uses-role edges', () => {
  it('cover every SageMaker resource that runs as a role', () => {
    const types = new Set(roleTable.map(({ type }) => type));
    for (const type of ['NotebookInstance', 'Model', 'EndpointConfig', 'Domain', 'UserProfile', 'Pipeline', 'Image', 'DeviceFleet', 'FeatureGroup', 'Cluster', 'MonitoringSchedule', 'InferenceExperiment']) {
      expect(types).toContain(`AWS::SageMaker::${type}`);
    }
  });

  const references = [
    ['Fn::GetAtt Arn', { 'Fn::GetAtt': ['ExecRole', 'Arn'] }],
    ['a literal ARN with a path', 'arn:aws:iam::123456789012:role/service-role/exec-role'],
    ['an ARN built with Fn::Sub', { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/service-role/exec-role' }],
    ['an ARN built from a Ref', { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/service-role/${ExecRole}' }],
    ['the ARN substituted alone', { 'Fn::Sub': '${ExecRole.Arn}' }],
    ['the ARN joined alone', { 'Fn::Join': [',', [{ 'Fn::GetAtt': ['ExecRole', 'Arn'] }]] }],
    // The role's ARN is known text (its Path and RoleName written): one that holds no comma, split there, is one item.
    ['an item of the ARN split where it holds no delimiter', { 'Fn::Select': [0, { 'Fn::Split': [',', { 'Fn::GetAtt': ['ExecRole', 'Arn'] }] }] }],
  ] as const;

  // Each is the role's ARN, which IAM refuses where it takes the role's name (an instance profile's Roles), written out
  // or built (a name holds no `:` nor `/`) as much as the reference to it.
  const cases = roleTable.flatMap(({ type, spec }) => references.map(([form, reference]) => ({ type, spec, form, reference }))).filter(({ type }) => type !== 'AWS::IAM::InstanceProfile');
  it.each(cases)('$type $spec as $form', ({ type, spec, reference }) => {
    const via = ['Properties', ...spec.split('.').map((step) => (step === '*' ? 0 : step))];
    expect(userOfRole(type, spec, reference)).toEqual([{ from: `${FILE}#User`, to: `${FILE}#ExecRole`, kind: 'uses-role', via }]);
  });
  it.each(references)('makes no edge for an instance profile Roles item given as %s, an ARN where IAM takes the name', (_form, reference) => {
    expect(userOfRole('AWS::IAM::InstanceProfile', 'Roles.*', reference)).toEqual([]);
  });

  it.each([
    ['another role name', 'arn:aws:iam::123456789012:role/other-role'],
    ['an imported value', { 'Fn::ImportValue': 'exec-role-arn' }],
    ['a policy ARN', 'arn:aws:iam::123456789012:policy/exec-role'],
    // ExecRole is created under /service-role/: role/NAME is the ARN of a role of that name at the path /.
    ['an ARN built from a Ref without the role path', { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${ExecRole}' }],
    ['a GetAtt of another resource', { 'Fn::GetAtt': ['User', 'Arn'] }],
    // What Fn::Split gives of the role's ARN turns on where the ARN holds the delimiter, and Fn::Base64 encodes it.
    ['an item of the ARN split', { 'Fn::Select': [0, { 'Fn::Split': ['/', { 'Fn::GetAtt': ['ExecRole', 'Arn'] }] }] }],
    ['the ARN split and joined', { 'Fn::Join': ['', { 'Fn::Split': ['/', { 'Fn::GetAtt': ['ExecRole', 'Arn'] }] }] }],
    ['the ARN encoded', { 'Fn::Base64': { 'Fn::GetAtt': ['ExecRole', 'Arn'] } }],
  ])('makes no edge for %s', (_name, reference) => {
    expect(userOfRole('AWS::SageMaker::NotebookInstance', 'RoleArn', reference)).toEqual([]);
  });

  // A role's Ref is its name: it names the role where the property takes a name (an instance profile's Roles); where
  // it takes an ARN (RoleArn, ExecutionRole, ...) SageMaker refuses it, whatever the role's trust policy says.
  const byName = [
    ['Ref', { Ref: 'ExecRole' }],
    ['the Ref substituted alone', { 'Fn::Sub': '${ExecRole}' }],
    ['the literal name', 'exec-role'],
  ] as const;
  it.each(byName)('links an instance profile Roles item given as %s', (_form, reference) => {
    expect(userOfRole('AWS::IAM::InstanceProfile', 'Roles.*', reference)).toEqual([{ from: `${FILE}#User`, to: `${FILE}#ExecRole`, kind: 'uses-role', via: ['Properties', 'Roles', 0] }]);
  });
  const arnTaking = roleTable.filter(({ type }) => type !== 'AWS::IAM::InstanceProfile').flatMap(({ type, spec }) => byName.map(([form, reference]) => ({ type, spec, form, reference })));
  it.each(arnTaking)('makes no edge for $type $spec as $form, a name where an ARN is needed', ({ type, spec, reference }) => {
    expect(userOfRole(type, spec, reference)).toEqual([]);
  });

  it('makes one edge per list item', () => {
    const text = JSON.stringify({
      Resources: {
        A: { Type: 'AWS::IAM::Role' },
        B: { Type: 'AWS::IAM::Role' },
        Cluster: { Type: 'AWS::SageMaker::Cluster', Properties: { InstanceGroups: [{ ExecutionRole: { 'Fn::GetAtt': ['A', 'Arn'] } }, { ExecutionRole: { 'Fn::GetAtt': ['B', 'Arn'] } }] } },
      },
    });
    expect(onlyWorld(text, undefined, FILE).edges.map(({ to, via }) => [to, via])).toEqual([
      [`${FILE}#A`, ['Properties', 'InstanceGroups', 0, 'ExecutionRole']],
      [`${FILE}#B`, ['Properties', 'InstanceGroups', 1, 'ExecutionRole']],
    ]);
  });
});

describe('policies, attachments and managed policy ARNs', () => {
  const text = template(`
    Resources:
      ExecRole:
        Type: AWS::IAM::Role
        Properties:
          RoleName: exec-role
          AssumeRolePolicyDocument: {Statement: []}
          Policies:
            - PolicyName: inline
              PolicyDocument: {Statement: []}
            - PolicyName: as-json
              PolicyDocument: '{"Statement": []}'
          ManagedPolicyArns:
            - !Ref Managed
            - arn:aws:iam::aws:policy/AdministratorAccess
            - !Sub 'arn:\${AWS::Partition}:iam::aws:policy/ReadOnlyAccess'
            - !Sub 'arn:\${AWS::Partition}:iam::\${AWS::AccountId}:policy/named-policy'
      Alice:
        Type: AWS::IAM::User
        Properties:
          UserName: alice
          Policies: [{PolicyName: user-inline, PolicyDocument: {Statement: []}}]
          ManagedPolicyArns: [arn:aws:iam::aws:policy/IAMFullAccess]
      Devs:
        Type: AWS::IAM::Group
        Properties: {GroupName: devs}
      Policy:
        Type: AWS::IAM::Policy
        Properties:
          PolicyName: shared
          PolicyDocument: {Statement: []}
          Roles: [!Ref ExecRole, exec-role, unknown-role]
          Users: [!Ref Alice]
          Groups: [devs]
      Managed:
        Type: AWS::IAM::ManagedPolicy
        Properties: {PolicyDocument: {Statement: []}, Roles: [!Ref ExecRole]}
      Named:
        Type: AWS::IAM::ManagedPolicy
        Properties: {ManagedPolicyName: named-policy, PolicyDocument: {Statement: []}}
      RolePolicy:
        Type: AWS::IAM::RolePolicy
        Properties: {RoleName: exec-role, PolicyName: p, PolicyDocument: {Statement: []}}
      UserPolicy:
        Type: AWS::IAM::UserPolicy
        Properties: {UserName: !Ref Alice, PolicyName: p, PolicyDocument: {Statement: []}}
      GroupPolicy:
        Type: AWS::IAM::GroupPolicy
        Properties: {GroupName: !Ref Devs, PolicyName: p, PolicyDocument: {Statement: []}}
      Profile:
        Type: AWS::IAM::InstanceProfile
        Properties: {Roles: [!Ref ExecRole]}
  `);
  const address = (logicalId: string) => `stacks/template.yaml#${logicalId}`;

  it('lists every policy document with its kind and name', () => {
    const world = onlyWorld(text);
    // Each with the resource holding it, the world's own.
    for (const { resource, holder } of world.policies) expect(holder).toBe(world.resources.find(({ address }) => address === resource));
    expect(world.policies.map(({ holder: _, ...ref }) => ref)).toEqual([
      { resource: address('ExecRole'), path: ['Properties', 'AssumeRolePolicyDocument'], kind: 'trust' },
      { resource: address('ExecRole'), path: ['Properties', 'Policies', 0, 'PolicyDocument'], kind: 'identity', name: 'inline' },
      { resource: address('ExecRole'), path: ['Properties', 'Policies', 1, 'PolicyDocument'], kind: 'identity', name: 'as-json' },
      { resource: address('Alice'), path: ['Properties', 'Policies', 0, 'PolicyDocument'], kind: 'identity', name: 'user-inline' },
      { resource: address('Policy'), path: ['Properties', 'PolicyDocument'], kind: 'identity' },
      { resource: address('Managed'), path: ['Properties', 'PolicyDocument'], kind: 'identity' },
      { resource: address('Named'), path: ['Properties', 'PolicyDocument'], kind: 'identity' },
      { resource: address('RolePolicy'), path: ['Properties', 'PolicyDocument'], kind: 'identity' },
      { resource: address('UserPolicy'), path: ['Properties', 'PolicyDocument'], kind: 'identity' },
      { resource: address('GroupPolicy'), path: ['Properties', 'PolicyDocument'], kind: 'identity' },
    ]);
  });

  it('attaches standalone policies to the principals they name, by Ref or by name', () => {
    const edges = onlyWorld(text).edges.map(({ from, to, kind, via }) => [kind, from.split('#')[1], to.split('#')[1], via.slice(1).join('.')]);
    expect(edges).toEqual([
      ['attached-policy', 'Managed', 'ExecRole', 'ManagedPolicyArns.0'],
      ['attached-policy', 'Named', 'ExecRole', 'ManagedPolicyArns.3'],
      ['attached-policy', 'Policy', 'ExecRole', 'Roles.0'],
      ['attached-policy', 'Policy', 'ExecRole', 'Roles.1'],
      ['attached-policy', 'Policy', 'Alice', 'Users.0'],
      ['attached-policy', 'Policy', 'Devs', 'Groups.0'],
      ['attached-policy', 'Managed', 'ExecRole', 'Roles.0'],
      ['attached-policy', 'RolePolicy', 'ExecRole', 'RoleName'],
      ['attached-policy', 'UserPolicy', 'Alice', 'UserName'],
      ['attached-policy', 'GroupPolicy', 'Devs', 'GroupName'],
      ['uses-role', 'Profile', 'ExecRole', 'Roles.0'],
    ]);
    // An attachment written on the principal is located there, its holder: where a condition decides it (`!If`).
    const held = onlyWorld(text).edges.flatMap(({ from, to, holder }) => (holder ? [[from.split('#')[1], to.split('#')[1], holder.split('#')[1]]] : []));
    expect(held).toEqual([
      ['Managed', 'ExecRole', 'ExecRole'],
      ['Named', 'ExecRole', 'ExecRole'],
    ]);
  });

  it("attaches to the principal whose name is cut out of its ARN, where the piece is the name, not the path's or role's", () => {
    const world = onlyWorld(
      template(`
        Resources:
          Generated:
            Type: AWS::IAM::Role
            Properties: {Path: /service-role/}
          Named:
            Type: AWS::IAM::Role
            Properties: {RoleName: exec-role}
          Bob:
            Type: AWS::IAM::User
          Policy:
            Type: AWS::IAM::Policy
            Properties:
              PolicyName: shared
              PolicyDocument: {Statement: []}
              Roles:
                - !Select [2, !Split [/, !GetAtt Generated.Arn]]
                - !Select [1, !Split [/, !GetAtt Generated.Arn]]
                - !Select [0, !Split [/, !GetAtt Generated.Arn]]
              Users: [!Select [1, !Split [/, !GetAtt Bob.Arn]]]
          RolePolicy:
            Type: AWS::IAM::RolePolicy
            Properties: {RoleName: !Select [1, !Split [/, !GetAtt Named.Arn]], PolicyName: p, PolicyDocument: {Statement: []}}
          Profile:
            Type: AWS::IAM::InstanceProfile
            Properties: {Roles: [!Select [2, !Split [/, !GetAtt Generated.Arn]]]}
      `),
    );
    expect(world.edges.map(({ from, to, kind, via }) => [kind, from.split('#')[1], to.split('#')[1], via.slice(1).join('.')])).toEqual([
      ['attached-policy', 'Policy', 'Generated', 'Roles.0'],
      ['attached-policy', 'Policy', 'Bob', 'Users.0'],
      ['attached-policy', 'RolePolicy', 'Named', 'RoleName'],
      ['uses-role', 'Profile', 'Generated', 'Roles.0'],
    ]);
    // The path's part is a name of another role, not the stack's; the ARN's first piece (`arn:...:role`) is no name.
    expect(world.unmatchedPrincipals.map(({ kind, name }) => [kind, name])).toEqual([['role', 'service-role']]);
  });

  it('cuts an ARN a Sub writes among other text as the ARN: the piece between slashes is the name, one joined to text is not', () => {
    const world = onlyWorld(
      template(`
        Parameters:
          Unknown: {Type: String}
        Resources:
          Generated:
            Type: AWS::IAM::Role
            Properties: {Path: /service-role/}
          Named:
            Type: AWS::IAM::Role
            Properties: {RoleName: exec-role}
          Policy:
            Type: AWS::IAM::Policy
            Properties:
              PolicyName: shared
              PolicyDocument: {Statement: []}
              Roles:
                - !Select [2, !Split [/, !Sub "\${Generated.Arn}/x"]]
                - !Select [1, !Split [/, !Sub "\${Named.Arn}/\${Generated.Arn}"]]
                - !Select [1, !Split [/, !Sub "\${Named.Arn}-x"]]
                - !Select [3, !Split [/, !Sub "\${Generated.Arn}/\${Unknown}"]]
      `),
    );
    expect(world.edges.map(({ from, to, kind, via }) => [kind, from.split('#')[1], to.split('#')[1], via.slice(1).join('.')])).toEqual([
      ['attached-policy', 'Policy', 'Generated', 'Roles.0'],
      ['attached-policy', 'Policy', 'Named', 'Roles.1'],
    ]);
    // The name with text written after it names another role; a piece cut beside a parameter not known is not known.
    expect(world.unmatchedPrincipals.map(({ kind, name }) => [kind, name])).toEqual([['role', 'exec-role-x'], ['role', undefined]]);
  });

  it("reads only a role's Ref as the name of an ARN written around it, and never its RoleId as naming it", () => {
    const world = onlyWorld(
      template(`
        Resources:
          Job:
            Type: AWS::IAM::Role
            Properties: {}
          ByRef:
            Type: AWS::SageMaker::NotebookInstance
            Properties: {InstanceType: ml.t3.medium, RoleArn: !Sub "arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/\${Job}"}
          ByRoleId:
            Type: AWS::SageMaker::NotebookInstance
            Properties: {InstanceType: ml.t3.medium, RoleArn: !Sub "arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/\${Job.RoleId}"}
          ByArn:
            Type: AWS::SageMaker::NotebookInstance
            Properties: {InstanceType: ml.t3.medium, RoleArn: !Sub "arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/\${Job.Arn}"}
          RoleIdAttached:
            Type: AWS::IAM::ManagedPolicy
            Properties:
              Roles: [!GetAtt Job.RoleId]
              PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "*", Resource: "*"}]}
      `),
    );
    expect(world.edges.map(({ from, to, kind }) => [kind, from.split('#')[1], to.split('#')[1]])).toEqual([['uses-role', 'ByRef', 'Job']]);
    // IAM refuses the RoleId as the name: the policy is attached to no role, Job nor one made elsewhere.
    expect(world.unmatchedPrincipals).toEqual([]);
  });

  it("attaches no policy to a role, user or group through its ARN (Fn::GetAtt Arn, alone or substituted), which IAM refuses where it takes the name, nor to one made elsewhere", () => {
    const world = onlyWorld(
      template(`
        Resources:
          Job: {Type: AWS::IAM::Role, Properties: {RoleName: job}}
          Alice: {Type: AWS::IAM::User, Properties: {UserName: alice}}
          Devs: {Type: AWS::IAM::Group, Properties: {GroupName: devs}}
          ByArn:
            Type: AWS::IAM::Policy
            Properties:
              PolicyName: by-arn
              PolicyDocument: {Statement: []}
              Roles: [!GetAtt Job.Arn, !Sub '\${Job.Arn}', !Ref Job]
              Users: [!GetAtt Alice.Arn]
              Groups: [!Sub '\${Devs.Arn}']
          ManagedByArn:
            Type: AWS::IAM::ManagedPolicy
            Properties: {PolicyDocument: {Statement: []}, Roles: [!GetAtt Job.Arn], Users: [!Ref Alice]}
          RolePolicy:
            Type: AWS::IAM::RolePolicy
            Properties: {RoleName: !GetAtt Job.Arn, PolicyName: p, PolicyDocument: {Statement: []}}
          Profile:
            Type: AWS::IAM::InstanceProfile
            Properties: {Roles: [!GetAtt Job.Arn]}
      `),
    );
    expect(world.edges.map(({ from, to, kind, via }) => [kind, from.split('#')[1], to.split('#')[1], via.slice(1).join('.')])).toEqual([
      ['attached-policy', 'ByArn', 'Job', 'Roles.2'],
      ['attached-policy', 'ManagedByArn', 'Alice', 'Users.0'],
    ]);
    expect(world.unmatchedPrincipals).toEqual([]);
  });

  it('attaches no policy to a role, user or group through an ARN naming it, written out or built, nor through a name with its path: IAM refuses them where it takes the name', () => {
    const world = onlyWorld(
      template(`
        Resources:
          Job: {Type: AWS::IAM::Role, Properties: {RoleName: job}}
          Alice: {Type: AWS::IAM::User, Properties: {UserName: alice, Groups: ['arn:aws:iam::111122223333:group/devs', devs]}}
          Devs: {Type: AWS::IAM::Group, Properties: {GroupName: devs}}
          ByArn:
            Type: AWS::IAM::Policy
            Properties:
              PolicyName: by-arn
              PolicyDocument: {Statement: []}
              Roles: ['arn:aws:iam::111122223333:role/job', !Sub 'arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/\${Job}', /job, job]
              Users: [!Sub 'arn:aws:iam::\${AWS::AccountId}:user/alice']
              Groups: ['arn:aws:iam::111122223333:group/devs']
          ManagedByArn:
            Type: AWS::IAM::ManagedPolicy
            Properties: {PolicyDocument: {Statement: []}, Roles: ['arn:aws:iam::111122223333:role/job'], Users: [alice]}
          RolePolicy:
            Type: AWS::IAM::RolePolicy
            Properties: {RoleName: !Sub 'arn:aws:iam::\${AWS::AccountId}:role/job', PolicyName: p, PolicyDocument: {Statement: []}}
          Addition:
            Type: AWS::IAM::UserToGroupAddition
            Properties: {GroupName: devs, Users: ['arn:aws:iam::111122223333:user/alice', 'arn:aws:iam::111122223333:user/bob', bob]}
          Profile:
            Type: AWS::IAM::InstanceProfile
            Properties: {Roles: ['arn:aws:iam::111122223333:role/job']}
      `),
    );
    expect(world.edges.map(({ from, to, kind, via }) => [kind, from.split('#')[1], to.split('#')[1], via.slice(1).join('.')])).toEqual([
      ['member-of', 'Alice', 'Devs', 'Groups.1'],
      ['attached-policy', 'ByArn', 'Job', 'Roles.3'],
      ['attached-policy', 'ManagedByArn', 'Alice', 'Users.0'],
    ]);
    expect(world.unmatchedPrincipals).toEqual([]);
    expect(world.unmatchedMembers).toEqual([{ group: address('Devs'), name: 'bob', scope: '' }]);
  });

  it('keeps the users a membership names by a value not known, each by its expression, not a list of them', () => {
    const world = onlyWorld(
      template(`
        Parameters:
          Env: {Type: String}
          Members: {Type: CommaDelimitedList}
        Resources:
          Devs: {Type: AWS::IAM::Group}
          Addition:
            Type: AWS::IAM::UserToGroupAddition
            Properties: {GroupName: !Ref Devs, Users: [!Sub '\${Env}-bob', bob]}
          Listed:
            Type: AWS::IAM::UserToGroupAddition
            Properties: {GroupName: !Ref Devs, Users: !Ref Members}
      `),
    );
    expect(world.unmatchedMembers).toEqual([
      { group: address('Devs'), expression: 'text\u0000\u0000${Env}-bob', scope: '' },
      { group: address('Devs'), name: 'bob', scope: '' },
    ]);
  });

  it('keeps the roles, users and groups made elsewhere (or named by a value not known) that standalone policies name', () => {
    expect(onlyWorld(text).unmatchedPrincipals).toEqual([{ policy: address('Policy'), kind: 'role', name: 'unknown-role', scope: '' }]);
    const elsewhere = template(`
      Parameters:
        GroupName: {Type: String}
      Resources:
        Policy:
          Type: AWS::IAM::ManagedPolicy
          Properties:
            PolicyDocument: {Statement: []}
            Users: [bob, 'arn:aws:iam::123456789012:user/ops/carol', ops/dave]
            Groups: [!Ref GroupName]
            Roles: ['arn:aws:iam::123456789012:instance-profile/not-a-role']
        RolePolicy:
          Type: AWS::IAM::RolePolicy
          Properties: {RoleName: made-elsewhere, PolicyName: p, PolicyDocument: {Statement: []}}
    `);
    // IAM refuses an ARN (carol's) or a path (dave's) where it takes a name: they name no user, made here or elsewhere.
    expect(onlyWorld(elsewhere).unmatchedPrincipals).toEqual([
      { policy: address('Policy'), kind: 'user', name: 'bob', scope: '' },
      { policy: address('Policy'), kind: 'group', mayName: [], namedBy: address('Policy'), written: '${GroupName}', expression: 'text\u0000\u0000${GroupName}', scope: '' },
      { policy: address('RolePolicy'), kind: 'role', name: 'made-elsewhere', scope: '' },
    ]);
  });

  it('keeps managed policy ARNs that are not policies of the template', () => {
    expect(onlyWorld(text).managedPolicyArns).toEqual([
      { principal: address('ExecRole'), arn: 'arn:aws:iam::aws:policy/AdministratorAccess', via: ['Properties', 'ManagedPolicyArns', 1] },
      { principal: address('ExecRole'), arn: `arn:${OWNER_PARTITION}:iam::aws:policy/ReadOnlyAccess`, via: ['Properties', 'ManagedPolicyArns', 2] },
      { principal: address('Alice'), arn: 'arn:aws:iam::aws:policy/IAMFullAccess', via: ['Properties', 'ManagedPolicyArns', 0] },
    ]);
  });

  it('builds edges from the world the resources exist in', () => {
    const conditional = template(`
      Parameters:
        WithNotebook: {Type: String, AllowedValues: ['yes', 'no']}
      Conditions:
        Notebook: !Equals [!Ref WithNotebook, 'yes']
      Resources:
        Role: {Type: AWS::IAM::Role}
        Notebook:
          Type: AWS::SageMaker::NotebookInstance
          Condition: Notebook
          Properties: {RoleArn: !GetAtt Role.Arn}
    `);
    expect(onlyWorld(conditional, { WithNotebook: 'yes' }).edges).toHaveLength(1);
    expect(onlyWorld(conditional, { WithNotebook: 'no' }).edges).toEqual([]);
  });
});

describe('principals named in another case', () => {
  // IAM names are unique in an account whatever their case, and IAM finds the principal a name it is given means in any case.
  const text = template(`
    Resources:
      MLRole:
        Type: AWS::IAM::Role
        Properties: {RoleName: MLRole, AssumeRolePolicyDocument: {Statement: []}}
      Alice:
        Type: AWS::IAM::User
        Properties: {UserName: Alice, Groups: [DEVS]}
      Devs:
        Type: AWS::IAM::Group
        Properties: {GroupName: Devs}
      Policy:
        Type: AWS::IAM::ManagedPolicy
        Properties: {PolicyDocument: {Statement: []}, Roles: [mlrole], Users: [ALICE], Groups: [devs]}
      RolePolicy:
        Type: AWS::IAM::RolePolicy
        Properties: {RoleName: MLROLE, PolicyName: p, PolicyDocument: {Statement: []}}
      Addition:
        Type: AWS::IAM::UserToGroupAddition
        Properties: {GroupName: devs, Users: [alice]}
      Profile:
        Type: AWS::IAM::InstanceProfile
        Properties: {Roles: [mlRole]}
      Notebook:
        Type: AWS::SageMaker::NotebookInstance
        Properties: {RoleArn: 'arn:aws:iam::123456789012:role/mlrole'}
  `);
  it('are the principals a name IAM is given means, not those an ARN in another case names', () => {
    const world = onlyWorld(text);
    expect(world.edges.map(({ from, to, kind }) => [kind, from.split('#')[1], to.split('#')[1]])).toEqual([
      ['member-of', 'Alice', 'Devs'],
      ['attached-policy', 'Policy', 'MLRole'],
      ['attached-policy', 'Policy', 'Alice'],
      ['attached-policy', 'Policy', 'Devs'],
      ['attached-policy', 'RolePolicy', 'MLRole'],
      ['member-of', 'Alice', 'Devs'],
      ['uses-role', 'Profile', 'MLRole'],
    ]);
    expect(world.unmatchedPrincipals).toEqual([]);
    // A membership written apart is located in the resource that makes it, its holder; one written on the user in the user.
    expect(world.edges.filter(({ kind }) => kind === 'member-of').map(({ holder }) => holder?.split('#')[1])).toEqual([undefined, 'Addition']);
  });

  it('of two declared alike but for the case (which no account holds), the one written so, and none for a third case', () => {
    const two = template(`
      Resources:
        Upper: {Type: AWS::IAM::Role, Properties: {RoleName: MLRole}}
        Lower: {Type: AWS::IAM::Role, Properties: {RoleName: mlrole}}
        Policy:
          Type: AWS::IAM::ManagedPolicy
          Properties: {PolicyDocument: {Statement: []}, Roles: [mlrole, MLRole, MLROLE]}
    `);
    const world = onlyWorld(two);
    expect(world.edges.map(({ to, via }) => [to.split('#')[1], via.at(-1)])).toEqual([
      ['Lower', 0],
      ['Upper', 1],
    ]);
  });
});

describe('principals named by symbolic values', () => {
  /** The role Worker named `roleName`, and a policy attached to `attached`: the edge it makes, else what stays unmatched. */
  function attachedTo(roleName: string, attached: string): unknown {
    const world = onlyWorld(
      template(`
        Parameters:
          Env: {Type: String}
          Names: {Type: CommaDelimitedList}
        Resources:
          Worker:
            Type: AWS::IAM::Role
            Properties: {RoleName: ${roleName}}
          Policy:
            Type: AWS::IAM::ManagedPolicy
            Properties:
              PolicyDocument: {Statement: []}
              Roles: [${attached}]
      `),
    );
    const edge = world.edges.find((candidate) => candidate.kind === 'attached-policy');
    return edge ? edge.to.split('#')[1] : world.unmatchedPrincipals;
  }

  // The owner's symbols are one value wherever they are written, however the text is built.
  it.each([
    ['!Sub "${AWS::StackName}-ml"', '!Sub "${AWS::StackName}-ml"'],
    ['!Sub "${AWS::StackName}-ml"', '!Join ["-", [!Ref AWS::StackName, ml]]'],
    ['!Sub "${AWS::StackName}-ml"', '!Sub ["${S}-ml", {S: !Ref AWS::StackName}]'],
    ['!Join ["", [!Ref AWS::StackName, -ml]]', '!Sub "${AWS::StackName}-ML"'],
    ['!Sub "${AWS::StackName}-${AWS::Region}"', '!Sub "${AWS::StackName}-${AWS::Region}"'],
    // A parameter without a value has one value: the same expression gives the same name.
    ['!Sub "${Env}-ml"', '!Sub "${Env}-ml"'],
    ['!Sub ["${E}-ml", {E: !Ref Env}]', '!Sub ["${E}-ml", {E: !Ref Env}]'],
    ['!Ref Env', '!Ref Env'],
    ['!Select [0, !Ref Names]', '!Select [0, !Ref Names]'],
    ['!Sub "${AWS::StackName}-${Env}"', '!Sub "${AWS::StackName}-${Env}"'],
    // Or written otherwise as the same text: a Join of the same pieces.
    ['!Sub "${Env}-ml"', '!Join ["-", [!Ref Env, ml]]'],
    ['!Join ["", [!Ref Env, "-", !Ref AWS::Region]]', '!Sub "${Env}-${AWS::Region}"'],
  ])('RoleName %s is the role of Roles: [%s]', (roleName, attached) => {
    expect(attachedTo(roleName, attached)).toBe('Worker');
  });

  // Other expressions with pieces not known may or may not give the name: the role is neither merged nor said undeclared.
  it.each([
    ['!Sub "${Env}-ml"', '!Join ["-", [!Ref Env, ML]]'],
    ['!Sub "${Env}-ml"', '!Sub "${Env}-ML"'],
    // A list not known is not read as text.
    ['!Sub "${Env}-ml"', '!Join ["-", !Ref Names]'],
    ['!Select [0, !Ref Names]', '!Select [1, !Ref Names]'],
    ['!Ref Env', '!Select [0, !Split [",", !Ref Env]]'],
    ['!Sub "${AWS::StackName}-ml"', '!Sub "${Env}-ml"'],
  ])('RoleName %s is not known to be the role of Roles: [%s]', (roleName, attached) => {
    expect(attachedTo(roleName, attached)).toMatchObject([{ policy: 'stacks/template.yaml#Policy', kind: 'role', mayName: ['stacks/template.yaml#Worker'], namedBy: 'stacks/template.yaml#Policy' }]);
  });

  // A value of one piece not known, a parameter, names a role whose name is written out where the parameter takes one value.
  it.each([
    ['!Sub "${Env}-ml"', { written: 'Env', values: ['dev'] }],
    ['!Join ["-", [!Ref Env, ML]]', { written: 'Env', values: ['dev'] }],
    ['!Ref Env', { written: 'Env', values: ['dev-ml'] }],
    ['!Sub "${AWS::StackName}-${Env}"', undefined],
  ])('Roles: [%s] names the role named dev-ml where its piece not known is %o', (attached, piece) => {
    const [entry] = attachedTo('dev-ml', attached) as Array<{ mayName?: string[]; piece?: unknown }>;
    expect(entry!.mayName).toEqual(['stacks/template.yaml#Worker']);
    expect(entry!.piece).toEqual(piece);
  });

  // IAM refuses an ARN or a path (`:`, `/` written outside its pieces not known) where it takes a name: the policy is
  // attached to nothing, not to a role whose name is not known.
  it.each([
    ['!Sub "${Env}-ml"', '!Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${Env}-ml"'],
    ['!Sub "${Env}-ml"', '!Join ["", ["arn:aws:iam::", !Ref AWS::AccountId, ":role/", !Ref Env, "-ml"]]'],
    ['!Sub "${Env}-ml"', '!Sub "ml/${Env}-ml"'],
  ])('RoleName %s is no role of Roles: [%s], which IAM refuses', (roleName, attached) => {
    expect(attachedTo(roleName, attached)).toEqual([]);
  });

  /** The role Worker named `roleName`, and a notebook whose RoleArn is `roleArn`: the role it uses, if found. */
  function usedBy(roleName: string, roleArn: string): string | undefined {
    const world = onlyWorld(
      template(`
        Parameters:
          Env: {Type: String}
        Resources:
          Worker:
            Type: AWS::IAM::Role
            Properties: {RoleName: ${roleName}}
          Notebook:
            Type: AWS::SageMaker::NotebookInstance
            Properties: {InstanceType: ml.t3.medium, RoleArn: ${roleArn}}
      `),
    );
    return world.edges.find((candidate) => candidate.kind === 'uses-role')?.to.split('#')[1];
  }

  // A parameter without a value has one value: an ARN whose name is written as the role's name is names the role.
  it.each([
    ['!Sub "${Env}-ml"', '!Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${Env}-ml"'],
    ['!Sub "${Env}-ml"', '!Sub ["arn:${AWS::Partition}:iam::${AWS::AccountId}:role/service-role/${Env}-ml"]'],
    ['!Ref Env', '!Sub "arn:aws:iam::${AWS::AccountId}:role/${Env}"'],
    ['{"Fn::Sub": "${Env}-ml"}', '{"Fn::Sub": ["arn:aws:iam::${AWS::AccountId}:role/${Env}-ml", {}]}'],
    ['!Sub "${Env}-ml"', '!Join ["", ["arn:aws:iam::", !Ref AWS::AccountId, ":role/", !Ref Env, "-ml"]]'],
    ['!Join ["-", [!Ref Env, ml]]', '!Sub "arn:aws:iam::${AWS::AccountId}:role/${Env}-ml"'],
    // Fn::Sub substitutes its variables as the text their values write: ${E} is ${Env} here.
    ['!Sub "${Env}-ml"', '!Sub ["arn:aws:iam::${AWS::AccountId}:role/${E}-ml", {E: !Ref Env}]'],
    ['!Ref Env', '!Sub ["arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${Name}", {Name: !Ref Env}]'],
    ['!Sub "${Env}-ml"', '!Sub ["arn:aws:iam::${AWS::AccountId}:role/${E}-${Suffix}", {E: !Ref Env, Suffix: ml}]'],
  ])('RoleName %s is the role of RoleArn %s', (roleName, roleArn) => {
    expect(usedBy(roleName, roleArn)).toBe('Worker');
  });

  it.each([
    ['!Sub "${Env}-ml"', '!Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${Env}-ml-x"'],
    ['!Sub "${Env}-ml"', '!Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:user/${Env}-ml"'],
    // A variable of Fn::Sub whose value writes no text: a piece of a value not known, or AWS::NoValue.
    ['!Sub "${Env}-ml"', '!Sub ["arn:aws:iam::${AWS::AccountId}:role/${E}-ml", {E: !Select [0, !Split [",", !Ref Env]]}]'],
    ['!Sub "${Env}-ml"', '!Sub ["arn:aws:iam::${AWS::AccountId}:role/${Env}-ml${E}", {E: !Ref AWS::NoValue}]'],
    // A Join drops the AWS::NoValue of its list, and the delimiter that would have come with it: "${Env}" here, "${Env}-" there.
    ['!Join ["-", [!Ref Env, !Ref AWS::NoValue]]', '!Join ["", ["arn:aws:iam::", !Ref AWS::AccountId, ":role/", !Ref Env, "-", !Ref AWS::NoValue]]'],
    // The role's name where its ARN is needed: SageMaker refuses it.
    ['!Ref Env', '!Ref Env'],
    ['!Sub "${Env}-ml"', '!Sub "${Env}-ml"'],
  ])('RoleName %s is not known to be the role of RoleArn %s', (roleName, roleArn) => {
    expect(usedBy(roleName, roleArn)).toBeUndefined();
  });

  // Policies attached by one value not known are attached to one principal: the same text, however written, is one key.
  it('key a value not known by its text, which a Join of the same pieces writes too', () => {
    const [sub] = attachedTo('!Sub "${Env}-ml"', '!Sub "${Env}-bob"') as Array<{ expression?: string }>;
    const [join] = attachedTo('!Sub "${Env}-ml"', '!Join ["-", [!Ref Env, bob]]') as Array<{ expression?: string }>;
    const [other] = attachedTo('!Sub "${Env}-ml"', '!Sub "${Env}-carl"') as Array<{ expression?: string }>;
    expect(sub?.expression).toBeDefined();
    expect(join?.expression).toBe(sub?.expression);
    expect(other?.expression).not.toBe(sub?.expression);
  });

  it('are different symbolic names apart', () => {
    expect(attachedTo('!Sub "${AWS::StackName}-ml"', '!Sub "${AWS::StackName}-other"')).toMatchObject([{ policy: 'stacks/template.yaml#Policy', kind: 'role', mayName: [], namedBy: 'stacks/template.yaml#Policy' }]);
    // A literal piece that reads like a substitution is its text, which the role's name does not end with.
    expect(attachedTo('!Sub "${Env}-ml"', '!Join ["", [!Ref Env, "-ml${!x}"]]')).toMatchObject([{ policy: 'stacks/template.yaml#Policy', kind: 'role', mayName: [], namedBy: 'stacks/template.yaml#Policy' }]);
  });

  it('read the expression that gives the entry: a Fn::If branch, not what Fn::Split gives part of', () => {
    const policy = (roles: string) =>
      onlyWorld(
        template(`
          Parameters:
            Env: {Type: String}
          Conditions:
            Always: !Equals [a, a]
          Resources:
            Worker: {Type: AWS::IAM::Role, Properties: {RoleName: !Sub "\${Env}-ml"}}
            Policy:
              Type: AWS::IAM::ManagedPolicy
              Properties: {PolicyDocument: {Statement: []}, Roles: ${roles}}
        `),
      ).edges.map(({ to }) => to.split('#')[1]);
    expect(policy('!If [Always, [!Sub "${Env}-ml"], []]')).toEqual(['Worker']);
    expect(policy('[!If [Always, !Sub "${Env}-ml", other]]')).toEqual(['Worker']);
    expect(policy('!Split [",", !Sub "${Env}-ml"]')).toEqual([]);
  });

  it('of two roles written with one expression (which no account holds), neither', () => {
    const world = onlyWorld(
      template(`
        Parameters:
          Env: {Type: String}
        Resources:
          A: {Type: AWS::IAM::Role, Properties: {RoleName: !Sub "\${Env}-ml"}}
          B: {Type: AWS::IAM::Role, Properties: {RoleName: !Sub "\${Env}-ml"}}
          Policy:
            Type: AWS::IAM::ManagedPolicy
            Properties: {PolicyDocument: {Statement: []}, Roles: [!Sub "\${Env}-ml"]}
      `),
    );
    expect(world.edges).toEqual([]);
  });

  it('read a name one reference gives alone (a nested stack output) as text too, in a name and in an ARN', () => {
    const world = onlyWorld(
      template(`
        Resources:
          Names: {Type: AWS::CloudFormation::Stack, Properties: {TemplateURL: https://example.com/names.yaml}}
          Worker: {Type: AWS::IAM::Role, Properties: {RoleName: !GetAtt Names.Outputs.RoleName}}
          Policy:
            Type: AWS::IAM::ManagedPolicy
            Properties: {PolicyDocument: {Statement: []}, Roles: [!GetAtt Names.Outputs.RoleName]}
          Notebook:
            Type: AWS::SageMaker::NotebookInstance
            Properties: {RoleArn: !Sub "arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/\${Names.Outputs.RoleName}"}
      `),
    );
    expect(world.edges.map(({ from, to, kind }) => [kind, from.split('#')[1], to.split('#')[1]])).toEqual([
      ['attached-policy', 'Policy', 'Worker'],
      ['uses-role', 'Notebook', 'Worker'],
    ]);
    expect(world.unmatchedPrincipals).toEqual([]);
  });

  it('link SageMaker resources to the role an ARN built from the same symbols names', () => {
    const world = onlyWorld(
      template(`
        Resources:
          Worker: {Type: AWS::IAM::Role, Properties: {RoleName: !Sub "\${AWS::StackName}-ml"}}
          Notebook:
            Type: AWS::SageMaker::NotebookInstance
            Properties: {RoleArn: !Sub "arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/\${AWS::StackName}-ml"}
      `),
    );
    expect(world.edges.map(({ from, to, kind }) => [kind, from.split('#')[1], to.split('#')[1]])).toEqual([['uses-role', 'Notebook', 'Worker']]);
  });
});
