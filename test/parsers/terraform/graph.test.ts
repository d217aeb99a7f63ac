import { describe, expect, it } from 'vitest';
import { terraformKindOf } from '../../../parsers/terraform/resources.js';
import { terraformGraphPieces } from '../../../parsers/terraform/graph.js';
import { parseTree } from './helpers.js';
import { choiceText, OWNER_ACCOUNT, OWNER_PARTITION, UNLISTED_ATTRIBUTE, Unresolved, refMarker, unresolvedMarker, type Resource, type Value } from '../../../src/model/index.js';

function resource(address: string, properties: Value): Resource {
  const type = address.replace(/^(module\.[^.]+(\[[^\]]*\])?\.)*/, '').replace(/^data\./, '').split('.')[0]!;
  const location = { file: 'main.tf', startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 };
  return {
    address,
    name: address,
    type,
    kind: terraformKindOf(type),
    file: 'main.tf',
    format: 'terraform',
    syntax: 'hcl',
    properties,
    location,
    locator: { locate: () => location },
  };
}

/** The index of the edges by start holds each start's edges, the same, in their order. */
function expectEdgesByStart(pieces: ReturnType<typeof terraformGraphPieces>): void {
  const starts = [...new Set(pieces.edges.map((edge) => edge.from))];
  for (const start of starts) {
    const leaving = pieces.edgesByStart.get(start)!;
    const expected = pieces.edges.filter((edge) => edge.from === start);
    expect(leaving).toHaveLength(expected.length);
    expected.forEach((edge, index) => expect(leaving[index]).toBe(edge));
  }
  expect(pieces.edgesByStart.size).toBe(starts.length);
}

const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });

describe('terraformGraphPieces', () => {
  it('finds trust, inline and standalone policy documents at attribute paths, skipping empty ones', () => {
    const resources = [
      resource('aws_iam_role.exec', { name: 'exec', assume_role_policy: trust, inline_policy: [{ name: 'read', policy }, { name: '', policy: '' }] }),
      resource('aws_iam_policy.p', { name: 'p', policy }),
      resource('aws_iam_role_policy.inline', { name: 'inline-one', role: 'exec', policy }),
      resource('aws_iam_user_policy.u', { user: 'someone', policy: new Unresolved('known after apply') }),
    ];
    const pieces = terraformGraphPieces(resources);
    // Each with the resource holding it, the one given.
    expect(pieces.policies.map(({ holder }) => holder)).toEqual([resources[0], resources[0], resources[1], resources[2], resources[3]]);
    expect(pieces.policies.every(({ resource, holder }) => resources.find(({ address }) => address === resource) === holder)).toBe(true);
    expect(pieces.policies.map(({ holder: _, ...ref }) => ref)).toEqual([
      { resource: 'aws_iam_role.exec', path: ['assume_role_policy'], kind: 'trust' },
      { resource: 'aws_iam_role.exec', path: ['inline_policy', 0, 'policy'], kind: 'identity', name: 'read' },
      { resource: 'aws_iam_policy.p', path: ['policy'], kind: 'identity', name: 'p' },
      { resource: 'aws_iam_role_policy.inline', path: ['policy'], kind: 'identity', name: 'inline-one' },
      { resource: 'aws_iam_user_policy.u', path: ['policy'], kind: 'identity' },
    ]);
  });

  it('links SageMaker resources to roles through references, nested blocks and indexed addresses', () => {
    const role = 'module.ml.aws_iam_role.exec["training"]';
    const pieces = terraformGraphPieces([
      resource(role, { name: new Unresolved('known after apply'), assume_role_policy: trust }),
      resource('aws_sagemaker_notebook_instance.nb', { role_arn: refMarker(role, 'arn') }),
      resource('aws_sagemaker_domain.d', { default_user_settings: [{ execution_role: refMarker(role, 'arn') }], default_space_settings: [] }),
      resource('aws_sagemaker_user_profile.u', { user_settings: [{ execution_role: `${refMarker(role, 'arn')}` }] }),
      // A reference to the role's trust policy does not name the role.
      resource('aws_sagemaker_model.m', { execution_role_arn: refMarker(role, 'assume_role_policy') }),
    ]);
    expect(pieces.edges).toEqual([
      { from: 'aws_sagemaker_notebook_instance.nb', to: role, kind: 'uses-role', via: ['role_arn'] },
      { from: 'aws_sagemaker_domain.d', to: role, kind: 'uses-role', via: ['default_user_settings', 0, 'execution_role'] },
      { from: 'aws_sagemaker_user_profile.u', to: role, kind: 'uses-role', via: ['user_settings', 0, 'execution_role'] },
    ]);
  });

  it('matches literal role names and ARNs (owner symbols or a literal account, the role\'s path), never AWS-owned or foreign types', () => {
    const pieces = terraformGraphPieces([
      resource('aws_iam_role.named', { name: 'ml-exec', assume_role_policy: trust }),
      resource('aws_sagemaker_notebook_instance.owner_arn', { role_arn: `arn:${OWNER_PARTITION}:iam::${OWNER_ACCOUNT}:role/ml-exec` }),
      // An ARN names the role of the path it writes: ml-exec is created without one (`/`).
      resource('aws_sagemaker_flow_definition.other_path', { role_arn: `arn:${OWNER_PARTITION}:iam::${OWNER_ACCOUNT}:role/service-role/ml-exec` }),
      resource('aws_sagemaker_model.literal_arn', { execution_role_arn: 'arn:aws:iam::123456789012:role/ml-exec' }),
      resource('aws_sagemaker_pipeline.user_arn', { role_arn: 'arn:aws:iam::123456789012:user/ml-exec' }),
      resource('aws_sagemaker_feature_group.other', { role_arn: 'arn:aws:iam::123456789012:role/other-role' }),
      resource('aws_iam_instance_profile.p', { role: 'ml-exec' }),
      resource('aws_sagemaker_image.half', { role_arn: `arn:aws:iam::${OWNER_ACCOUNT}:role/${refMarker('aws_iam_role.named', 'name')}-x` }),
    ]);
    expect(pieces.edges.map((edge) => [edge.from, edge.to])).toEqual([
      ['aws_sagemaker_notebook_instance.owner_arn', 'aws_iam_role.named'],
      ['aws_sagemaker_model.literal_arn', 'aws_iam_role.named'],
      ['aws_iam_instance_profile.p', 'aws_iam_role.named'],
    ]);
  });

  it("follows a data source's arn (where a name is needed, its id or name) to the role of the configuration it reads by name, in its account and module", () => {
    const role = (address: string, name: string, account?: string) => ({ ...resource(address, { name, assume_role_policy: trust }), ...(account ? { account } : {}) });
    const model = (name: string, arn: Value) => resource(`aws_sagemaker_model.${name}`, { execution_role_arn: arn });
    const reads = [
      { address: 'data.aws_iam_role.d', properties: { name: 'ml-d' } },
      { address: 'data.aws_iam_role.missing', properties: { name: 'ml-x' } },
      { address: 'data.aws_iam_role.elsewhere', properties: { name: 'ml-e' }, account: '111122223333' },
      { address: 'module.m.data.aws_iam_role.d', properties: { name: 'ml-d' } },
    ];
    const pieces = terraformGraphPieces(
      [
        role('aws_iam_role.r', 'ml-d'),
        role('module.m.aws_iam_role.r', 'ml-d'),
        role('aws_iam_role.e', 'ml-e', '444455556666'),
        model('arn', refMarker('data.aws_iam_role.d', 'arn')),
        model('id', refMarker('data.aws_iam_role.d', 'id')),
        model('unique_id', refMarker('data.aws_iam_role.d', 'unique_id')),
        model('missing', refMarker('data.aws_iam_role.missing', 'arn')),
        model('elsewhere', refMarker('data.aws_iam_role.elsewhere', 'arn')),
        model('built', `${refMarker('data.aws_iam_role.d', 'arn')}-v2`),
        resource('module.m.aws_sagemaker_model.arn', { execution_role_arn: refMarker('module.m.data.aws_iam_role.d', 'arn') }),
        resource('aws_iam_instance_profile.id', { role: refMarker('data.aws_iam_role.d', 'id') }),
      ],
      reads,
    );
    // The data source's id (model "id") is the role's name, which SageMaker refuses as execution_role_arn; an instance
    // profile takes the name.
    expect(pieces.edges.filter((edge) => edge.kind === 'uses-role').map((edge) => [edge.from, edge.to])).toEqual([
      ['aws_sagemaker_model.arn', 'aws_iam_role.r'],
      ['module.m.aws_sagemaker_model.arn', 'module.m.aws_iam_role.r'],
      ['aws_iam_instance_profile.id', 'aws_iam_role.r'],
    ]);
  });

  it('links through references to identifying attributes only, whatever the address holds', () => {
    const role = 'module.ml.aws_iam_role.exec["a.b"]';
    const pieces = terraformGraphPieces([
      resource(role, { name: 'exec', assume_role_policy: trust }),
      ...['arn', 'name', 'id', 'unique_id', 'ar', 'arnx', 'policy_id', '', UNLISTED_ATTRIBUTE].map((attribute, index) =>
        resource(`aws_sagemaker_model.m${index}`, { execution_role_arn: refMarker(role, attribute) }),
      ),
      ...['arn', 'name', 'id', 'unique_id', UNLISTED_ATTRIBUTE].map((attribute, index) => resource(`aws_iam_instance_profile.p${index}`, { role: refMarker(role, attribute) })),
      // A marker that is not all of the value, a whole address without attribute, and a reference to an unknown resource.
      resource('aws_sagemaker_model.prefixed', { execution_role_arn: `x${refMarker(role, 'arn')}` }),
      resource('aws_sagemaker_model.whole', { execution_role_arn: refMarker(role) }),
      resource('aws_sagemaker_model.unknown', { execution_role_arn: refMarker('aws_iam_role.other', 'arn') }),
    ]);
    // `unique_id` (m3) is IAM's id of the role (`AROA...`), which no attribute naming a role takes. execution_role_arn
    // takes the ARN: `name` and `id` (m1, m2) are the name, which SageMaker refuses; a reference a plan lists without
    // attribute (m8) may be the ARN. An instance profile's role takes the name: `name`, `id` and a reference listed
    // without attribute, which may be the name (p1, p2, p4); IAM refuses the `arn` (p0) there.
    expect(pieces.edges.map((edge) => edge.from)).toEqual([
      'aws_sagemaker_model.m0',
      'aws_sagemaker_model.m8',
      'aws_iam_instance_profile.p1',
      'aws_iam_instance_profile.p2',
      'aws_iam_instance_profile.p4',
    ]);
  });

  it("attaches no policy to a role, user or group through its ARN (a reference to its arn), which IAM refuses where it takes the name, nor to one made elsewhere", () => {
    const admin = 'arn:aws:iam::aws:policy/AdministratorAccess';
    const pieces = terraformGraphPieces([
      resource('aws_iam_role.r', { name: 'ml', assume_role_policy: trust }),
      resource('aws_iam_user.u', { name: 'alice' }),
      resource('aws_iam_group.g', { name: 'devs' }),
      resource('aws_iam_policy.p', { name: 'p', policy: '{"Statement":[]}' }),
      ...['arn', 'name', 'id', UNLISTED_ATTRIBUTE].map((attribute, index) => resource(`aws_iam_role_policy_attachment.a${index}`, { role: refMarker('aws_iam_role.r', attribute), policy_arn: admin })),
      resource('aws_iam_role_policy.arn', { role: refMarker('aws_iam_role.r', 'arn'), policy: '{"Statement":[]}' }),
      resource('aws_iam_policy_attachment.arn', { roles: [refMarker('aws_iam_role.r', 'arn'), refMarker('aws_iam_role.r', 'name')], users: [refMarker('aws_iam_user.u', 'arn')], groups: [refMarker('aws_iam_group.g', 'arn')], policy_arn: refMarker('aws_iam_policy.p', 'arn') }),
      resource('aws_iam_user_policy_attachment.arn', { user: refMarker('aws_iam_user.u', 'arn'), policy_arn: admin }),
      resource('aws_iam_group_policy.arn', { group: refMarker('aws_iam_group.g', 'arn'), policy: '{"Statement":[]}' }),
      resource('aws_iam_instance_profile.arn', { role: refMarker('aws_iam_role.r', 'arn') }),
    ]);
    expect(pieces.edges.map((edge) => [edge.from, edge.to, edge.via.join('.')])).toEqual([['aws_iam_policy.p', 'aws_iam_role.r', 'roles.1']]);
    expect(pieces.managedPolicyArns.map((arn) => [arn.holder, arn.principal])).toEqual([1, 2, 3].map((index) => [`aws_iam_role_policy_attachment.a${index}`, 'aws_iam_role.r']));
    expect(pieces.unmatchedPrincipals).toEqual([]);
  });

  it('attaches no policy to a role, user or group through an ARN naming it, written out or built around its name, nor through a name with its path: IAM refuses them where it takes the name', () => {
    const arn = (type: string, name: string) => `arn:aws:iam::493827160514:${type}/${name}`;
    const pieces = terraformGraphPieces([
      resource('aws_iam_role.r', { name: 'ml', assume_role_policy: trust }),
      resource('aws_iam_user.u', { name: 'alice' }),
      resource('aws_iam_group.g', { name: 'devs' }),
      resource('aws_iam_policy.p', { name: 'p', policy: '{"Statement":[]}' }),
      resource('aws_iam_role_policy_attachment.arn', { role: arn('role', 'ml'), policy_arn: 'arn:aws:iam::aws:policy/AdministratorAccess' }),
      resource('aws_iam_role_policy_attachment.name', { role: 'ml', policy_arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }),
      // A sample's placeholder (a variable's default) in the role's name, which a reference to the name reads, still names it.
      resource('aws_iam_role.placeholder', { name: 'ml-<your env>', assume_role_policy: trust }),
      resource('aws_iam_role_policy_attachment.placeholder', { role: 'ml-<your env>', policy_arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }),
      resource('aws_iam_role_policy.built', { role: arn('role', refMarker('aws_iam_role.r', 'name')), policy: '{"Statement":[]}' }),
      resource('aws_iam_role_policy.path', { role: '/ml', policy: '{"Statement":[]}' }),
      resource('aws_iam_policy_attachment.arn', { roles: [arn('role', 'ml'), 'ml'], users: [arn('user', 'alice')], groups: [arn('group', refMarker('aws_iam_group.g', 'name'))], policy_arn: refMarker('aws_iam_policy.p', 'arn') }),
      resource('aws_iam_user_policy_attachment.arn', { user: arn('user', 'alice'), policy_arn: 'arn:aws:iam::aws:policy/AdministratorAccess' }),
      resource('aws_iam_group_policy.arn', { group: arn('group', 'devs'), policy: '{"Statement":[]}' }),
      resource('aws_iam_instance_profile.arn', { role: arn('role', 'ml') }),
      resource('aws_iam_group_membership.m', { group: 'devs', users: [arn('user', 'alice'), arn('user', 'bob'), 'bob'] }),
      resource('aws_iam_user_group_membership.m', { user: 'alice', groups: [arn('group', 'devs')] }),
    ]);
    expect(pieces.edges.map((edge) => [edge.kind, edge.from, edge.to, edge.via.join('.')])).toEqual([['attached-policy', 'aws_iam_policy.p', 'aws_iam_role.r', 'roles.1']]);
    expect(pieces.managedPolicyArns.map((arn) => [arn.holder, arn.principal])).toEqual([
      ['aws_iam_role_policy_attachment.name', 'aws_iam_role.r'],
      ['aws_iam_role_policy_attachment.placeholder', 'aws_iam_role.placeholder'],
    ]);
    expect(pieces.unmatchedPrincipals).toEqual([]);
    expect(pieces.unmatchedMembers).toEqual([{ group: 'aws_iam_group.g', name: 'bob' }]);
  });

  it('reads a role attribute taking an ARN as SageMaker does: a name there (a reference to the name or id, or written out) names no role', () => {
    const arn = (marker: string) => `arn:aws:iam::${OWNER_ACCOUNT}:role/${marker}`;
    // A plan without its `.tf` lists the same references for a reference alone and for an ARN written around it.
    const planned = (address: string, properties: Value): Resource => ({ ...resource(address, properties), builtFromReference: (path) => path.join('.') === 'role_arn' });
    const pieces = terraformGraphPieces(
      [
        resource('aws_iam_role.r', { name: 'ml', assume_role_policy: trust }),
        resource('aws_iam_role.other', { name: 'ml-d', assume_role_policy: trust }),
        resource('aws_sagemaker_notebook_instance.id', { role_arn: refMarker('aws_iam_role.r', 'id') }),
        resource('aws_sagemaker_notebook_instance.name', { role_arn: refMarker('aws_iam_role.r', 'name') }),
        resource('aws_sagemaker_notebook_instance.literal', { role_arn: 'ml' }),
        resource('aws_sagemaker_notebook_instance.read_name', { role_arn: refMarker('data.aws_iam_role.d', 'name') }),
        resource('aws_sagemaker_domain.name', { default_user_settings: [{ execution_role: refMarker('aws_iam_role.r', 'name') }] }),
        resource('aws_sagemaker_notebook_instance.arn', { role_arn: refMarker('aws_iam_role.r', 'arn') }),
        resource('aws_sagemaker_notebook_instance.in_arn', { role_arn: arn(refMarker('aws_iam_role.r', 'name')) }),
        resource('aws_sagemaker_notebook_instance.unlisted_in_arn', { role_arn: arn(refMarker('aws_iam_role.r', UNLISTED_ATTRIBUTE)) }),
        resource('aws_sagemaker_notebook_instance.read_arn', { role_arn: refMarker('data.aws_iam_role.d', 'arn') }),
        planned('aws_sagemaker_notebook_instance.planned_name', { role_arn: refMarker('aws_iam_role.r', 'name') }),
        planned('aws_sagemaker_notebook_instance.planned_unique_id', { role_arn: refMarker('aws_iam_role.r', 'unique_id') }),
        // Attachments take the name.
        resource('aws_iam_role_policy_attachment.name', { role: refMarker('aws_iam_role.r', 'name'), policy_arn: 'arn:aws:iam::aws:policy/AdministratorAccess' }),
        resource('aws_iam_role_policy_attachment.id', { role: refMarker('aws_iam_role.other', 'id'), policy_arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }),
      ],
      [{ address: 'data.aws_iam_role.d', properties: { name: 'ml-d' } }],
    );
    expect(pieces.edges.map((edge) => [edge.from, edge.to])).toEqual([
      ['aws_sagemaker_notebook_instance.arn', 'aws_iam_role.r'],
      ['aws_sagemaker_notebook_instance.in_arn', 'aws_iam_role.r'],
      ['aws_sagemaker_notebook_instance.unlisted_in_arn', 'aws_iam_role.r'],
      ['aws_sagemaker_notebook_instance.read_arn', 'aws_iam_role.other'],
      ['aws_sagemaker_notebook_instance.planned_name', 'aws_iam_role.r'],
    ]);
    expect(pieces.managedPolicyArns.map((arn) => arn.principal)).toEqual(['aws_iam_role.r', 'aws_iam_role.other']);
  });

  it('reads only the name (`name`, a role\'s `id`) as the name of an ARN written around a reference, of a role or of a data source reading one', () => {
    const around = (marker: string) => `arn:aws:iam::${OWNER_ACCOUNT}:role/${marker}`;
    const attributes = ['name', 'id', 'unique_id', 'arn', 'create_date'];
    const pieces = terraformGraphPieces(
      [
        resource('aws_iam_role.r', { name: 'ml', assume_role_policy: trust }),
        resource('aws_iam_role.other', { name: 'ml-d', assume_role_policy: trust }),
        ...attributes.map((attribute) => resource(`aws_sagemaker_notebook_instance.${attribute}`, { role_arn: around(refMarker('aws_iam_role.r', attribute)) })),
        ...attributes.map((attribute) => resource(`aws_sagemaker_notebook_instance.read_${attribute}`, { role_arn: around(refMarker('data.aws_iam_role.d', attribute)) })),
        // An attachment names the role by its name, in an ARN or alone: never by its unique_id.
        resource('aws_iam_role_policy_attachment.unique', { role: refMarker('aws_iam_role.r', 'unique_id'), policy_arn: 'arn:aws:iam::aws:policy/AdministratorAccess' }),
        resource('aws_iam_role_policy_attachment.name', { role: refMarker('aws_iam_role.r', 'name'), policy_arn: 'arn:aws:iam::aws:policy/AdministratorAccess' }),
      ],
      [{ address: 'data.aws_iam_role.d', properties: { name: 'ml-d' } }],
    );
    expect(pieces.edges.map((edge) => [edge.from, edge.to])).toEqual([
      ['aws_sagemaker_notebook_instance.name', 'aws_iam_role.r'],
      ['aws_sagemaker_notebook_instance.id', 'aws_iam_role.r'],
      ['aws_sagemaker_notebook_instance.read_name', 'aws_iam_role.other'],
      ['aws_sagemaker_notebook_instance.read_id', 'aws_iam_role.other'],
    ]);
    expect(pieces.managedPolicyArns.map((arn) => arn.principal)).toEqual(['aws_iam_role.r']);
    expect(pieces.unmatchedPrincipals).toEqual([]);
  });

  it('gives policies and edges read at the same attribute equal paths that cannot be changed', () => {
    const pieces = terraformGraphPieces([
      resource('aws_iam_role.r', { name: 'r', assume_role_policy: trust, inline_policy: [{ name: 'a', policy }, { name: 'b', policy }] }),
      resource('aws_iam_role_policy.one', { role: 'r', policy }),
      resource('aws_iam_role_policy.two', { role: refMarker('aws_iam_role.r', 'name'), policy }),
    ]);
    expect(pieces.policies.map((ref) => ref.path)).toEqual([['assume_role_policy'], ['inline_policy', 0, 'policy'], ['inline_policy', 1, 'policy'], ['policy'], ['policy']]);
    expect(pieces.edges.map((edge) => edge.via)).toEqual([['role'], ['role']]);
    expect(() => (pieces.edges[0]!.via as Array<string | number>).push('x')).toThrow(TypeError);
    expect(() => (pieces.policies[3]!.path as Array<string | number>).push('x')).toThrow(TypeError);
  });

  it('attaches policies through every attachment type, and keeps AWS managed policy ARNs', () => {
    const pieces = terraformGraphPieces([
      resource('aws_iam_role.r', { name: 'r', assume_role_policy: trust, managed_policy_arns: ['arn:aws:iam::aws:policy/AdministratorAccess', refMarker('aws_iam_policy.p', 'arn')] }),
      resource('aws_iam_user.u', { name: 'alice' }),
      resource('aws_iam_group.g', { name: 'devs' }),
      resource('aws_iam_policy.p', { name: 'p', policy }),
      resource('aws_iam_role_policy_attachment.a', { role: refMarker('aws_iam_role.r', 'name'), policy_arn: refMarker('aws_iam_policy.p', 'arn') }),
      resource('aws_iam_role_policy_attachment.admin', { role: 'r', policy_arn: 'arn:aws:iam::aws:policy/IAMFullAccess' }),
      resource('aws_iam_user_policy_attachment.b', { user: 'alice', policy_arn: `arn:${OWNER_PARTITION}:iam::${OWNER_ACCOUNT}:policy/p` }),
      resource('aws_iam_group_policy_attachment.c', { group: refMarker('aws_iam_group.g', 'name'), policy_arn: refMarker('aws_iam_policy.p', 'id') }),
      resource('aws_iam_policy_attachment.d', { name: 'd', roles: ['r'], users: [refMarker('aws_iam_user.u', 'name')], groups: [], policy_arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }),
      resource('aws_iam_role_policy.inline', { role: refMarker('aws_iam_role.r', 'id'), policy }),
      resource('aws_iam_role_policy_attachment.unknown', { role: 'r', policy_arn: new Unresolved('known after apply') }),
      resource('aws_iam_role_policy_attachments_exclusive.e', { role_name: refMarker('aws_iam_role.r', 'name'), policy_arns: ['arn:aws:iam::aws:policy/PowerUserAccess', refMarker('aws_iam_policy.p', 'arn')] }),
      resource('aws_iam_user_policy_attachments_exclusive.e', { user_name: 'alice', policy_arns: [refMarker('aws_iam_policy.p', 'arn')] }),
      resource('aws_iam_group_policy_attachments_exclusive.e', { group_name: 'devs', policy_arns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] }),
    ]);
    expect(pieces.edges).toEqual([
      { from: 'aws_iam_policy.p', to: 'aws_iam_role.r', kind: 'attached-policy', via: ['managed_policy_arns', 1], holder: 'aws_iam_role.r' },
      // An attachment resource holds the path that makes the edge.
      { from: 'aws_iam_policy.p', to: 'aws_iam_role.r', kind: 'attached-policy', via: ['role'], holder: 'aws_iam_role_policy_attachment.a' },
      { from: 'aws_iam_policy.p', to: 'aws_iam_user.u', kind: 'attached-policy', via: ['user'], holder: 'aws_iam_user_policy_attachment.b' },
      { from: 'aws_iam_policy.p', to: 'aws_iam_group.g', kind: 'attached-policy', via: ['group'], holder: 'aws_iam_group_policy_attachment.c' },
      { from: 'aws_iam_role_policy.inline', to: 'aws_iam_role.r', kind: 'attached-policy', via: ['role'] },
      // The exclusive attachments (AWS provider 5.7x and later) attach lists of managed policies.
      { from: 'aws_iam_policy.p', to: 'aws_iam_role.r', kind: 'attached-policy', via: ['role_name'], holder: 'aws_iam_role_policy_attachments_exclusive.e' },
      { from: 'aws_iam_policy.p', to: 'aws_iam_user.u', kind: 'attached-policy', via: ['user_name'], holder: 'aws_iam_user_policy_attachments_exclusive.e' },
    ]);
    expect(pieces.managedPolicyArns).toEqual([
      { principal: 'aws_iam_role.r', arn: 'arn:aws:iam::aws:policy/AdministratorAccess', via: ['managed_policy_arns', 0] },
      { principal: 'aws_iam_role.r', arn: 'arn:aws:iam::aws:policy/IAMFullAccess', via: ['policy_arn'], holder: 'aws_iam_role_policy_attachment.admin' },
      { principal: 'aws_iam_role.r', arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', via: ['policy_arn'], holder: 'aws_iam_policy_attachment.d' },
      { principal: 'aws_iam_user.u', arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', via: ['policy_arn'], holder: 'aws_iam_policy_attachment.d' },
      { principal: 'aws_iam_role.r', arn: 'arn:aws:iam::aws:policy/PowerUserAccess', via: ['policy_arns', 0], holder: 'aws_iam_role_policy_attachments_exclusive.e' },
      { principal: 'aws_iam_group.g', arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', via: ['policy_arns', 0], holder: 'aws_iam_group_policy_attachments_exclusive.e' },
    ]);
  });

  it("keeps managed policy ARNs built from the owner's partition, not those holding a reference or an unknown piece", () => {
    const pieces = terraformGraphPieces([
      resource('aws_iam_role.r', { name: 'r', assume_role_policy: trust, managed_policy_arns: [`arn:${OWNER_PARTITION}:iam::aws:policy/IAMFullAccess`, `arn:aws:iam::aws:policy/${unresolvedMarker('var.name')}`] }),
      resource('aws_iam_role_policy_attachment.a', { role: 'r', policy_arn: `arn:${OWNER_PARTITION}:iam::aws:policy/AdministratorAccess` }),
      resource('aws_iam_role_policy_attachment.b', { role: 'r', policy_arn: refMarker('data.aws_iam_policy.admin', 'arn') }),
    ]);
    expect(pieces.managedPolicyArns).toEqual([
      { principal: 'aws_iam_role.r', arn: `arn:${OWNER_PARTITION}:iam::aws:policy/IAMFullAccess`, via: ['managed_policy_arns', 0] },
      { principal: 'aws_iam_role.r', arn: `arn:${OWNER_PARTITION}:iam::aws:policy/AdministratorAccess`, via: ['policy_arn'], holder: 'aws_iam_role_policy_attachment.a' },
    ]);
  });

  it('keeps one edge per ends, kind and path, the later one in the place of the first, and edges that differ in path', () => {
    const pieces = terraformGraphPieces([
      resource('aws_iam_role.r', { name: 'r', assume_role_policy: trust, managed_policy_arns: [refMarker('aws_iam_policy.p', 'arn')] }),
      resource('aws_iam_role.s', { name: 's', assume_role_policy: trust }),
      resource('aws_iam_policy.p', { name: 'p', policy }),
      resource('aws_iam_role_policy_attachment.a', { role: 'r', policy_arn: refMarker('aws_iam_policy.p', 'arn') }),
      resource('aws_iam_role_policy_attachment.b', { role: 's', policy_arn: refMarker('aws_iam_policy.p', 'arn') }),
      resource('aws_iam_role_policy_attachment.c', { role: refMarker('aws_iam_role.r', 'name'), policy_arn: refMarker('aws_iam_policy.p', 'arn') }),
      resource('aws_iam_role_policy_attachment.d', { role: 'r', policy_arn: refMarker('aws_iam_policy.p', 'arn') }),
    ]);
    // The place of `a`'s edge is taken by `c`'s, then by `d`'s.
    expect(pieces.edges.map(({ to, via, holder }) => [to, via, holder])).toEqual([
      ['aws_iam_role.r', ['managed_policy_arns', 0], 'aws_iam_role.r'],
      ['aws_iam_role.r', ['role'], 'aws_iam_role_policy_attachment.d'],
      ['aws_iam_role.s', ['role'], 'aws_iam_role_policy_attachment.b'],
    ]);
    expectEdgesByStart(pieces);
  });

  it('keeps one edge per ends, kind and path when one policy is attached to many roles', () => {
    const roles = Array.from({ length: 12 }, (_, index) => `r${index}`);
    const pieces = terraformGraphPieces([
      resource('aws_iam_policy.p', { name: 'p', policy }),
      ...roles.map((name) => resource(`aws_iam_role.${name}`, { name, assume_role_policy: trust })),
      ...roles.map((name) => resource(`aws_iam_role_policy_attachment.${name}`, { role: name, policy_arn: refMarker('aws_iam_policy.p', 'arn') })),
      resource('aws_iam_role_policy_attachment.again', { role: 'r3', policy_arn: refMarker('aws_iam_policy.p', 'arn') }),
      resource('aws_iam_role_policy_attachment.late', { role: 'r10', policy_arn: refMarker('aws_iam_policy.p', 'arn') }),
      resource('aws_iam_policy_attachment.all', { policy_arn: refMarker('aws_iam_policy.p', 'arn'), roles: ['r10', 'r11'] }),
      resource('aws_iam_role_policy_attachment.last', { role: 'r3', policy_arn: refMarker('aws_iam_policy.p', 'arn') }),
      resource('aws_iam_policy_attachment.more', { policy_arn: refMarker('aws_iam_policy.p', 'arn'), roles: ['r11'] }),
    ]);
    const holders = new Map([['r3', 'last'], ['r10', 'late']]);
    expect(pieces.edges.map(({ to, via, holder }) => [to, via, holder])).toEqual([
      ...roles.map((name) => [`aws_iam_role.${name}`, ['role'], `aws_iam_role_policy_attachment.${holders.get(name) ?? name}`]),
      ['aws_iam_role.r10', ['roles', 0], 'aws_iam_policy_attachment.all'],
      ['aws_iam_role.r11', ['roles', 1], 'aws_iam_policy_attachment.all'],
      ['aws_iam_role.r11', ['roles', 0], 'aws_iam_policy_attachment.more'],
    ]);
    expectEdgesByStart(pieces);
  });

  it('attaches a policy to each role, list of roles or group a conditional not decided chooses, saying when, choices of policy and principal made together', () => {
    const a = (holds: boolean) => ({ condition: 'var.a', holds });
    const b = (holds: boolean) => ({ condition: 'var.b', holds });
    const chosen = (...choices: Array<[Value, Array<{ condition: string; holds: boolean }>]>) => new Unresolved('variable', 'var.a', choices.map(([value, when]) => ({ value, when })));
    const admin = 'arn:aws:iam::aws:policy/AdministratorAccess';
    const pieces = terraformGraphPieces([
      resource('aws_iam_policy.p', { name: 'p', policy }),
      ...['r', 's', 't'].map((name) => resource(`aws_iam_role.${name}`, { name, assume_role_policy: trust })),
      ...['u', 'v'].map((name) => resource(`aws_iam_user.${name}`, { name })),
      ...['g', 'h'].map((name) => resource(`aws_iam_group.${name}`, { name })),
      resource('aws_iam_role_policy_attachment.role', { role: chosen(['r', [a(true)]], ['s', [a(false)]]), policy_arn: admin }),
      // The same role either way: attached in any case.
      resource('aws_iam_role_policy_attachment.same', { role: chosen(['t', [a(true)]], [refMarker('aws_iam_role.t', 'name'), [a(false)]]), policy_arn: refMarker('aws_iam_policy.p', 'arn') }),
      // Policy chosen on var.a, role on var.a and var.b (var.a ? (var.b ? r : t) : s): s needs var.a false, where the policy is not p.
      resource('aws_iam_role_policy_attachment.both', { role: chosen(['r', [a(true), b(true)]], ['t', [a(true), b(false)]], ['s', [a(false)]]), policy_arn: chosen([refMarker('aws_iam_policy.p', 'arn'), [a(true)]], ['arn:aws:iam::aws:policy/ReadOnlyAccess', [a(false)]]) }),
      resource('aws_iam_policy_attachment.lists', { policy_arn: admin, roles: chosen([['t'], [a(true)]], [['t', 'r'], [a(false)]]), users: [], groups: chosen([[], [b(true)]], [['g'], [b(false)]]) }),
      resource('aws_iam_group_membership.m', { users: chosen([['u'], [a(true)]], [['u', 'v'], [a(false)]]), group: chosen(['g', [b(true)]], ['h', [b(false)]]) }),
      resource('aws_iam_user_group_membership.n', { user: 'u', groups: chosen([['g'], [a(true)]], [['h'], [a(false)]]) }),
    ]);
    expect(pieces.managedPolicyArns.map(({ principal, via, when }) => [principal, via, when])).toEqual([
      ['aws_iam_role.r', ['policy_arn'], 'var.a is true'],
      ['aws_iam_role.s', ['policy_arn'], 'var.a is false'],
      ['aws_iam_role.s', ['policy_arn'], 'var.a is false'],
      ['aws_iam_role.t', ['policy_arn'], undefined],
      ['aws_iam_role.r', ['policy_arn'], 'var.a is false'],
      ['aws_iam_group.g', ['policy_arn'], 'var.b is false'],
    ]);
    expect(pieces.edges.map(({ from, to, kind, when }) => [from, to, kind, when])).toEqual([
      ['aws_iam_policy.p', 'aws_iam_role.t', 'attached-policy', undefined],
      // Attached to t in any case by attachment same, which attachment both, by the same attribute, does not make conditional.
      ['aws_iam_policy.p', 'aws_iam_role.r', 'attached-policy', 'var.a is true and var.b is true'],
      ['aws_iam_user.u', 'aws_iam_group.g', 'member-of', 'var.b is true'],
      ['aws_iam_user.v', 'aws_iam_group.g', 'member-of', 'var.b is true and var.a is false'],
      ['aws_iam_user.u', 'aws_iam_group.h', 'member-of', 'var.b is false'],
      ['aws_iam_user.v', 'aws_iam_group.h', 'member-of', 'var.b is false and var.a is false'],
      ['aws_iam_user.u', 'aws_iam_group.g', 'member-of', 'var.a is true'],
      ['aws_iam_user.u', 'aws_iam_group.h', 'member-of', 'var.a is false'],
    ]);
    // Each edge that says when keeps the terms it says, so that what leaves it out can be written (`noneHolds`).
    for (const edge of pieces.edges) expect(edge.choices?.map(choiceText).join(' or ')).toBe(edge.when);
    expect(pieces.edges.find((edge) => edge.from === 'aws_iam_user.v' && edge.to === 'aws_iam_group.g')?.choices).toEqual([[b(true), a(false)]]);
  });

  it('resolves a name among namesakes of several provider configurations to the one of the configuration giving it', () => {
    const through = (resource: Resource, provider: string): Resource => ({ ...resource, accountScope: `provider ${provider}` });
    const pieces = terraformGraphPieces(
      [
        through(resource('aws_iam_role.r', { name: 'ml', assume_role_policy: trust }), 'aws'),
        through(resource('aws_iam_role.r_other', { name: 'ml', assume_role_policy: trust }), 'aws.other'),
        through(resource('aws_iam_user.bob', { name: 'bob' }), 'aws'),
        through(resource('aws_iam_user.bob_other', { name: 'bob' }), 'aws.other'),
        through(resource('aws_iam_group.g', { name: 'g' }), 'aws'),
        through(resource('aws_iam_group.g_other', { name: 'g' }), 'aws.other'),
        through(resource('aws_iam_policy.p', { name: 'p', policy }), 'aws'),
        // As a .tf gives a reference to a name: the name itself.
        through(resource('aws_iam_role_policy_attachment.r', { role: 'ml', policy_arn: refMarker('aws_iam_policy.p', 'arn') }), 'aws'),
        through(resource('aws_iam_role_policy_attachment.r_other', { role: 'ml', policy_arn: refMarker('aws_iam_policy.p', 'arn') }), 'aws.other'),
        through(resource('aws_iam_user_group_membership.bob', { user: 'bob', groups: ['g'] }), 'aws'),
        through(resource('aws_iam_group_membership.other', { name: 'm', group: 'g', users: ['bob'] }), 'aws.other'),
        // Through a configuration that declares none of them: any of them, so none is taken.
        through(resource('aws_iam_user_policy_attachment.third', { user: 'bob', policy_arn: refMarker('aws_iam_policy.p', 'arn') }), 'aws.third'),
        through(resource('aws_sagemaker_model.m', { execution_role_arn: refMarker('data.aws_iam_role.read', 'arn') }), 'aws'),
      ],
      [{ address: 'data.aws_iam_role.read', properties: { name: 'ml' }, accountScope: 'provider aws.other' }],
    );
    expect(pieces.edges.map((edge) => [edge.kind, edge.from, edge.to])).toEqual([
      ['attached-policy', 'aws_iam_policy.p', 'aws_iam_role.r'],
      ['attached-policy', 'aws_iam_policy.p', 'aws_iam_role.r_other'],
      ['member-of', 'aws_iam_user.bob', 'aws_iam_group.g'],
      ['member-of', 'aws_iam_user.bob_other', 'aws_iam_group.g_other'],
      ['uses-role', 'aws_sagemaker_model.m', 'aws_iam_role.r_other'],
    ]);
    expect(pieces.unmatchedPrincipals.map(({ policy, kind, name }) => [policy, kind, name])).toEqual([['aws_iam_policy.p', 'user', 'bob']]);
  });

  it('follows a data source reading a role by a name that two provider configurations declare to the one of its own', async () => {
    const role = (label: string, provider: string) => `resource "aws_iam_role" "${label}" {\n${provider}  name               = "ml"\n  assume_role_policy = ${JSON.stringify(trust)}\n}\n`;
    const parsed = await parseTree({
      'main.tf': `provider "aws" {\n  alias  = "other"\n  region = "eu-west-1"\n}\n${role('r', '')}${role('r_other', '  provider = aws.other\n')}data "aws_iam_role" "read" {\n  provider = aws.other\n  name     = "ml"\n}\nresource "aws_sagemaker_model" "m" {\n  execution_role_arn = data.aws_iam_role.read.arn\n}\n`,
    });
    expect(parsed.errors).toEqual([]);
    const edges = parsed.files.flatMap((file) => file.worlds.flatMap((world) => world.edges));
    expect(edges.map((edge) => [edge.kind, edge.from, edge.to])).toEqual([['uses-role', 'aws_sagemaker_model.m', 'aws_iam_role.r_other']]);
  });

  it('reads no policy, role or attachment from data sources, and links nothing to them', () => {
    const pieces = terraformGraphPieces([
      resource('data.aws_iam_role.existing', { name: 'existing', assume_role_policy: trust }),
      resource('module.a["k"].data.aws_iam_policy.readonly', { name: 'readonly', policy }),
      resource('aws_sagemaker_notebook_instance.nb', { role_arn: refMarker('data.aws_iam_role.existing', 'arn') }),
      resource('aws_sagemaker_model.m', { execution_role_arn: 'arn:aws:iam::123456789012:role/existing' }),
    ]);
    const { edgesByStart, ...read } = pieces;
    expect(read).toEqual({ edges: [], policies: [], managedPolicyArns: [], unmatchedPrincipals: [], unmatchedMembers: [], unknownMemberships: [], exclusiveMemberships: [] });
    expect(edgesByStart.size).toBe(0);
  });

  it('records an aws_iam_group_membership as all of its group\'s members only where each user it lists is known', () => {
    const group = refMarker('aws_iam_group.g', 'name');
    const pieces = terraformGraphPieces([
      resource('aws_iam_user.bob', { name: 'bob' }),
      resource('aws_iam_group.g', { name: 'g' }),
      resource('aws_iam_group_membership.known', { users: [refMarker('aws_iam_user.bob', 'name'), 'carol'], group }),
      resource('aws_iam_group_membership.empty', { users: [], group }),
      resource('aws_iam_group_membership.not_known', { users: new Unresolved('variable', 'var.users'), group }),
      resource('aws_iam_group_membership.entry_not_known', { users: ['bob', new Unresolved('variable', 'var.user')], group }),
      resource('aws_iam_user_group_membership.adds', { user: 'bob', groups: [group] }),
    ]);
    expect(pieces.exclusiveMemberships).toEqual([
      { holder: 'aws_iam_group_membership.known', group: 'aws_iam_group.g', names: ['carol'] },
      { holder: 'aws_iam_group_membership.empty', group: 'aws_iam_group.g', names: [] },
    ]);
  });

  it('records a membership whose members are not known with the declared users of its account whose name they may be', () => {
    // As the parser gives them: the account a configuration deploys to is its scope.
    const inAccount = (resource: Resource, account: string): Resource => ({ ...resource, account, accountScope: account });
    const a = '210987654321';
    const pieces = terraformGraphPieces([
      inAccount(resource('aws_iam_user.bob', { name: 'bob' }), a),
      inAccount(resource('aws_iam_user.ops', { name: 'ml-ops' }), a),
      inAccount(resource('aws_iam_user.named', { name: new Unresolved('variable', 'var.name') }), a),
      inAccount(resource('aws_iam_user.elsewhere', { name: 'carol' }), '345678901234'),
      inAccount(resource('aws_iam_user.unnamed_elsewhere', { name: new Unresolved('variable', 'var.name') }), '345678901234'),
      inAccount(resource('aws_iam_group.g', { name: 'g' }), a),
      // for_each = var.members, user = each.key; users = var.users; a name built from var.team; and a user named outright.
      inAccount(resource('aws_iam_user_group_membership.m[*]', { user: new Unresolved('variable', 'each.key'), groups: [refMarker('aws_iam_group.g', 'name')] }), a),
      inAccount(resource('aws_iam_group_membership.l', { users: new Unresolved('variable', 'var.users'), group: refMarker('aws_iam_group.g', 'name') }), a),
      inAccount(resource('aws_iam_group_membership.t', { users: [`${unresolvedMarker('var.team')}-ops`, refMarker('aws_iam_user.bob', 'name')], group: refMarker('aws_iam_group.g', 'name') }), a),
      // IAM refuses a user's ARN where its name is taken: it names no user, not one not known.
      inAccount(resource('aws_iam_user_group_membership.arn', { user: refMarker('aws_iam_user.bob', 'arn'), groups: [refMarker('aws_iam_group.g', 'name')] }), a),
    ]);
    expect(pieces.unknownMemberships.map(({ holder, group, via, users }) => [holder, group, via.join('.'), users])).toEqual([
      ['aws_iam_user_group_membership.m[*]', 'aws_iam_group.g', 'user', ['aws_iam_user.bob', 'aws_iam_user.ops', 'aws_iam_user.named']],
      ['aws_iam_group_membership.l', 'aws_iam_group.g', 'users', ['aws_iam_user.bob', 'aws_iam_user.ops', 'aws_iam_user.named']],
      // bob is named beside it: an edge, not a doubt.
      ['aws_iam_group_membership.t', 'aws_iam_group.g', 'users.0', ['aws_iam_user.ops', 'aws_iam_user.named']],
    ]);
    expect(pieces.edges.map((edge) => [edge.kind, edge.from, edge.to, edge.holder])).toEqual([['member-of', 'aws_iam_user.bob', 'aws_iam_group.g', 'aws_iam_group_membership.t']]);
  });

  it('records a membership whose members are not known made through another configuration with the users it may name, as a name given there would', () => {
    const through = (resource: Resource, provider: string, besideOtherAccounts = false): Resource => ({ ...resource, accountScope: `provider ${provider}`, ...(besideOtherAccounts ? { besideOtherAccounts } : {}) });
    const pieces = terraformGraphPieces([
      through(resource('aws_iam_user.bob', { name: 'bob' }), 'aws'),
      // Its configuration, its account not known, signs in otherwise than others beside it that deploy to other accounts.
      through(resource('aws_iam_user.ops', { name: 'ops' }), 'aws.ops', true),
      through(resource('aws_iam_group.g', { name: 'g' }), 'aws'),
      // Through another configuration whose account is not known either (another region): it may be either's.
      through(resource('aws_iam_user_group_membership.m[*]', { user: new Unresolved('variable', 'each.key'), groups: [refMarker('aws_iam_group.g', 'name')] }), 'aws.west'),
      // Through one of a known account: not ops's, whose configuration may deploy to another.
      { ...resource('aws_iam_user_group_membership.n[*]', { user: new Unresolved('variable', 'each.key'), groups: [refMarker('aws_iam_group.g', 'name')] }), account: '210987654321', accountScope: '210987654321' },
    ]);
    expect(pieces.unknownMemberships.map(({ holder, users }) => [holder, users])).toEqual([
      ['aws_iam_user_group_membership.m[*]', ['aws_iam_user.bob', 'aws_iam_user.ops']],
      ['aws_iam_user_group_membership.n[*]', ['aws_iam_user.bob']],
    ]);
  });

  it('keeps the roles, users and groups made elsewhere (or named by a value not known) that a policy is attached to', () => {
    const pieces = terraformGraphPieces([
      resource('aws_iam_policy.p', { name: 'p', policy }),
      resource('aws_iam_role_policy_attachment.a', { role: 'existing', policy_arn: refMarker('aws_iam_policy.p', 'arn') }),
      resource('aws_iam_policy_attachment.b', { policy_arn: refMarker('aws_iam_policy.p', 'arn'), users: ['alice', 'arn:aws:iam::123456789012:user/ops/bob', 'ops/carol'], groups: [refMarker('data.aws_iam_group.g', 'group_name')] }),
      resource('aws_iam_role_policy.inline', { role: 'existing', policy }),
      resource('aws_iam_role_policy_attachment.managed', { role: 'other', policy_arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }),
    ]);
    // IAM refuses an ARN (bob's) or a path (carol's) where it takes a name: they name no user, made here or elsewhere.
    expect(pieces.unmatchedPrincipals).toEqual([
      { policy: 'aws_iam_policy.p', kind: 'role', name: 'existing' },
      { policy: 'aws_iam_policy.p', kind: 'user', name: 'alice' },
      { policy: 'aws_iam_policy.p', kind: 'group', mayName: [], namedBy: 'aws_iam_policy_attachment.b', written: '${data.aws_iam_group.g.group_name}' },
      { policy: 'aws_iam_role_policy.inline', kind: 'role', name: 'existing' },
    ]);
  });

  it('gives Terraform types their kinds', () => {
    expect(['aws_iam_role', 'aws_iam_role_policy', 'aws_iam_user', 'aws_iam_group', 'aws_vpc_endpoint', 'aws_sagemaker_space', 'aws_s3_bucket'].map(terraformKindOf)).toEqual([
      'iam-role', 'iam-policy', 'iam-user', 'iam-group', 'vpc-endpoint', 'sagemaker', 'other',
    ]);
  });
});

describe('principals named in another case', () => {
  // IAM names are unique in an account whatever their case, and IAM finds the principal a name it is given means in any case.
  it('are the principals a name IAM is given means, not those an ARN in another case names', () => {
    const pieces = terraformGraphPieces([
      resource('aws_iam_role.r', { name: 'MLRole', assume_role_policy: trust }),
      resource('aws_iam_user.u', { name: 'Alice' }),
      resource('aws_iam_group.g', { name: 'Devs' }),
      resource('aws_iam_policy.p', { name: 'p', policy }),
      resource('aws_iam_role_policy_attachment.a', { role: 'mlrole', policy_arn: refMarker('aws_iam_policy.p', 'arn') }),
      resource('aws_iam_policy_attachment.b', { name: 'b', roles: ['MLROLE'], users: ['alice'], groups: ['DEVS'], policy_arn: refMarker('aws_iam_policy.p', 'arn') }),
      resource('aws_iam_user_group_membership.m', { user: 'ALICE', groups: ['devs'] }),
      resource('aws_iam_instance_profile.ip', { role: 'mlRole' }),
      resource('aws_sagemaker_notebook_instance.nb', { role_arn: 'arn:aws:iam::123456789012:role/mlrole' }),
      // A policy ARN is matched as written.
      resource('aws_iam_role_policy_attachment.c', { role: 'mlrole', policy_arn: `arn:aws:iam::${OWNER_ACCOUNT}:policy/P` }),
    ]);
    expect(pieces.edges.map(({ from, to, kind }) => [kind, from, to])).toEqual([
      ['attached-policy', 'aws_iam_policy.p', 'aws_iam_role.r'],
      ['attached-policy', 'aws_iam_policy.p', 'aws_iam_role.r'],
      ['attached-policy', 'aws_iam_policy.p', 'aws_iam_user.u'],
      ['attached-policy', 'aws_iam_policy.p', 'aws_iam_group.g'],
      ['member-of', 'aws_iam_user.u', 'aws_iam_group.g'],
      ['uses-role', 'aws_iam_instance_profile.ip', 'aws_iam_role.r'],
    ]);
    expect(pieces.unmatchedPrincipals).toEqual([]);
    expect(pieces.managedPolicyArns).toEqual([{ principal: 'aws_iam_role.r', arn: `arn:aws:iam::${OWNER_ACCOUNT}:policy/P`, via: ['policy_arn'], holder: 'aws_iam_role_policy_attachment.c' }]);
  });

  it('of several, the one written so, else the one a reference from the module means', () => {
    const pieces = terraformGraphPieces([
      resource('aws_iam_role.upper', { name: 'MLRole', assume_role_policy: trust }),
      resource('module.a.aws_iam_role.lower', { name: 'mlrole', assume_role_policy: trust }),
      resource('module.b.aws_iam_role.lower', { name: 'mlrole', assume_role_policy: trust }),
      resource('aws_iam_role_policy.root', { role: 'mlrole', policy }),
      resource('module.a.aws_iam_role_policy.a', { role: 'MLROLE', policy }),
      resource('module.b.aws_iam_role_policy.b', { role: 'MLRole', policy }),
    ]);
    expect(pieces.edges.map(({ from, to }) => [from, to])).toEqual([
      ['aws_iam_role_policy.root', 'aws_iam_role.upper'],
      ['module.a.aws_iam_role_policy.a', 'module.a.aws_iam_role.lower'],
      ['module.b.aws_iam_role_policy.b', 'module.b.aws_iam_role.lower'],
    ]);
  });
});

describe('principals named by symbolic values (HCL)', () => {
  /** The role worker named `name`, and a policy attached to the role `role` writes: the edge it makes, else what stays unmatched. */
  async function attachedTo(name: string, role: string, before = ''): Promise<unknown> {
    const parsed = await parseTree({
      'main.tf': `variable "env" { type = string }
variable "team" { type = string }
variable "parts" { type = list(string) }
variable "names" { type = list(string) }
data "aws_caller_identity" "current" {}
resource "random_pet" "p" {}
${before}resource "aws_iam_role" "worker" {
  name = ${name}
}
resource "aws_iam_policy" "p" {
  policy = "{}"
}
resource "aws_iam_role_policy_attachment" "a" {
  role       = ${role}
  policy_arn = aws_iam_policy.p.arn
}
`,
    });
    expect(parsed.errors).toEqual([]);
    const [world] = parsed.files.flatMap((file) => file.worlds);
    const edge = world!.edges.find((candidate) => candidate.kind === 'attached-policy');
    return edge ? edge.to : world!.unmatchedPrincipals;
  }

  // The owner's symbols and references to resources are one value wherever they are written.
  it.each([
    ['"${data.aws_caller_identity.current.account_id}-ml"', '"${data.aws_caller_identity.current.account_id}-ml"'],
    ['"${data.aws_caller_identity.current.account_id}-ml"', 'format("%s-ML", data.aws_caller_identity.current.account_id)'],
    ['"${random_pet.p.id}-ml"', 'join("-", [random_pet.p.id, "ml"])'],
    // A variable without a value has one value in the module instance: the same expression gives the same name.
    ['"${var.env}-ml"', '"${var.env}-ml"'],
    ['"${ var.env }-ml"', '"${var.env}-ml"'],
    ['var.env', 'var.env'],
    ['element(var.names, 0)', 'element(var.names, 0)'],
    // Or written otherwise as the same text: a format() or join() of the same pieces.
    ['"${var.env}-ml"', 'format("%s-ml", var.env)'],
    ['"${var.env}-${var.team}"', 'join("-", [var.env, "${var.team}"])'],
  ])('name = %s is the role of role = %s', async (name, role) => {
    expect(await attachedTo(name, role)).toBe('aws_iam_role.worker');
  });

  // Other expressions with pieces not known may or may not give the name; so do expressions whose value changes with each use.
  it.each([
    ['"${var.env}-ml"', 'format("%s-ML", var.env)'],
    ['"${var.env}-ml"', '"${var.env}-ML"'],
    // A verb other than %s, a count of values that does not match, a list not written out: the text is not read.
    ['"${var.env}-ml"', 'format("%v-ml", var.env)'],
    ['"${var.env}-ml"', 'format("%s-ml", var.env, var.team)'],
    ['"${var.env}-ml"', 'join("-", var.parts)'],
    ['element(var.names, 0)', 'element(var.names, 1)'],
    ['var.env', 'split(",", var.env)[0]'],
    ['"${uuid()}-ml"', '"${uuid()}-ml"'],
  ])('name = %s is not known to be the role of role = %s', async (name, role) => {
    expect(await attachedTo(name, role)).toMatchObject([{ policy: 'aws_iam_policy.p', kind: 'role', mayName: ['aws_iam_role.worker'], namedBy: 'aws_iam_role_policy_attachment.a' }]);
  });

  // A value of one piece not known, shown as a reference, names a role whose name is written out where that piece takes one value.
  it.each([
    ['"${var.env}-ml"', { written: 'var.env', values: ['dev'] }],
    ['format("%s-ML", var.env)', { written: 'var.env', values: ['dev'] }],
    ['var.env', { written: 'var.env', values: ['dev-ml'] }],
    ['"${upper(var.env)}-ml"', undefined],
    ['"${var.env}-${var.team}"', undefined],
  ])('role = %s names the role named dev-ml where its piece not known is %o', async (role, piece) => {
    const [entry] = (await attachedTo('"dev-ml"', role)) as Array<{ mayName?: string[]; piece?: unknown }>;
    expect(entry!.mayName).toEqual(['aws_iam_role.worker']);
    expect(entry!.piece).toEqual(piece);
  });

  it('keeps the users a membership names by a value not known, each by its expression in its account, not a list of them', async () => {
    const parsed = await parseTree({
      'main.tf': `variable "env" { type = string }
variable "users" { type = list(string) }
resource "aws_iam_group" "g" {
  name = "g"
}
resource "aws_iam_user_group_membership" "m" {
  user   = "\${var.env}-bob"
  groups = [aws_iam_group.g.name]
}
resource "aws_iam_group_membership" "e" {
  name  = "e"
  users = [format("%s-bob", var.env), "carol"]
  group = aws_iam_group.g.name
}
resource "aws_iam_group_membership" "l" {
  name  = "l"
  users = var.users
  group = aws_iam_group.g.name
}
`,
    });
    expect(parsed.errors).toEqual([]);
    const [world] = parsed.files.flatMap((file) => file.worlds);
    const scope = 'provider aws';
    // format() writes the same text.
    expect(world!.unmatchedMembers).toEqual([
      { group: 'aws_iam_group.g', name: 'carol', scope },
      { group: 'aws_iam_group.g', expression: 'text\u0000\u0000${var.env}-bob', scope },
      { group: 'aws_iam_group.g', expression: 'text\u0000\u0000${var.env}-bob', scope },
    ]);
  });

  /** The role worker named `name`, and a notebook whose role_arn is `roleArn`: the role it uses, if found. */
  async function usedBy(name: string, roleArn: string): Promise<string | undefined> {
    const parsed = await parseTree({
      'main.tf': `variable "env" { type = string }
variable "names" { type = list(string) }
data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
resource "aws_iam_role" "worker" {
  name = ${name}
}
resource "aws_sagemaker_notebook_instance" "nb" {
  name          = "nb"
  instance_type = "ml.t3.medium"
  role_arn      = ${roleArn}
}
`,
    });
    expect(parsed.errors).toEqual([]);
    const [world] = parsed.files.flatMap((file) => file.worlds);
    return world!.edges.find((candidate) => candidate.kind === 'uses-role')?.to;
  }

  // A variable without a value has one value in the module instance: an ARN whose name is written as the role's name is names the role.
  it.each([
    ['"${var.env}-ml"', '"arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/${var.env}-ml"'],
    ['"${var.env}-ml"', '"arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:role/team/${var.env}-ml"'],
    ['var.env', '"arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/${var.env}"'],
    ['"${var.env}-ml"', 'format("arn:aws:iam::%s:role/%s-ml", data.aws_caller_identity.current.account_id, var.env)'],
    ['"${var.env}-ml"', 'join("", ["arn:aws:iam::", data.aws_caller_identity.current.account_id, ":role/", var.env, "-ml"])'],
    // Another call is read as written: the same call in the ARN names the role.
    ['element(var.names, 0)', '"arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/${element(var.names, 0)}"'],
  ])('name = %s is the role of role_arn = %s', async (name, roleArn) => {
    expect(await usedBy(name, roleArn)).toBe('aws_iam_role.worker');
  });

  it.each([
    ['"${var.env}-ml"', '"arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/${var.env}-ml-x"'],
    ['"${var.env}-ml"', '"arn:aws:iam::${data.aws_caller_identity.current.account_id}:user/${var.env}-ml"'],
    ['"${var.env}-ml"', '"arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/${format("%s-ml", var.env)}"'],
    ['"${uuid()}-ml"', '"arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/${uuid()}-ml"'],
  ])('name = %s is not known to be the role of role_arn = %s', async (name, roleArn) => {
    expect(await usedBy(name, roleArn)).toBeUndefined();
  });

  it('does not read an ARN in another module instance as naming the role', async () => {
    const parsed = await parseTree({
      'main.tf': 'variable "env" { type = string }\nresource "aws_iam_role" "worker" {\n  name = "${var.env}-ml"\n}\nmodule "m" {\n  source = "./m"\n}\n',
      'm/main.tf':
        'variable "env" { type = string }\ndata "aws_caller_identity" "current" {}\nresource "aws_sagemaker_notebook_instance" "nb" {\n  name          = "nb"\n  instance_type = "ml.t3.medium"\n  role_arn      = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/${var.env}-ml"\n}\n',
    });
    const [world] = parsed.files.flatMap((file) => file.worlds);
    expect(world!.edges.filter((edge) => edge.kind === 'uses-role')).toEqual([]);
  });

  it('are apart in another module instance, whose variables are its own', async () => {
    const parsed = await parseTree({
      'main.tf': 'variable "env" { type = string }\nresource "aws_iam_role" "worker" {\n  name = "${var.env}-ml"\n}\nmodule "m" {\n  source = "./m"\n}\n',
      'm/main.tf':
        'variable "env" { type = string }\nresource "aws_iam_policy" "p" {\n  policy = "{}"\n}\nresource "aws_iam_role_policy_attachment" "a" {\n  role       = "${var.env}-ml"\n  policy_arn = aws_iam_policy.p.arn\n}\n',
    });
    const [world] = parsed.files.flatMap((file) => file.worlds);
    expect(world!.edges).toEqual([]);
    expect(world!.unmatchedPrincipals).toMatchObject([{ policy: 'module.m.aws_iam_policy.p', kind: 'role', mayName: ['aws_iam_role.worker'], namedBy: 'module.m.aws_iam_role_policy_attachment.a' }]);
  });

  it('read the entries of a list written out, not those of a list a function gives', async () => {
    const attached = async (roles: string) => {
      const parsed = await parseTree({
        'main.tf': `variable "env" { type = string }\nresource "aws_iam_role" "worker" {\n  name = "\${var.env}-ml"\n}\nresource "aws_iam_policy" "p" {\n  policy = "{}"\n}\nresource "aws_iam_policy_attachment" "a" {\n  name       = "a"\n  roles      = ${roles}\n  policy_arn = aws_iam_policy.p.arn\n}\n`,
      });
      return parsed.files.flatMap((file) => file.worlds)[0]!.edges.map(({ to, via }) => [to, via]);
    };
    expect(await attached('["other", "${var.env}-ml"]')).toEqual([['aws_iam_role.worker', ['roles', 1]]]);
    expect(await attached('concat(["${var.env}-ml"], [])')).toEqual([]);
  });
});

describe('roles the provider names (name_prefix, or no name at all)', () => {
  const suffix = '2024010112345678900000001a'; // what id.PrefixedUniqueId appends: 26 hexadecimal digits
  /** What stays unmatched of a policy attached to each name, next to the role (its properties). */
  function unmatched(role: Record<string, Value>, names: string[]) {
    return terraformGraphPieces([
      resource('aws_iam_role.worker', { assume_role_policy: trust, ...role }),
      resource('aws_iam_policy.p', { name: 'p', policy }),
      resource('aws_iam_policy_attachment.a', { name: 'a', roles: names, policy_arn: refMarker('aws_iam_policy.p', 'arn') }),
    ]).unmatchedPrincipals.map(({ name, mayBeDeclared }) => (mayBeDeclared ? `maybe ${name}` : `not ${name}`));
  }

  it('may be a name of the prefix and the suffix, in any case, never the prefix itself or another name', () => {
    const names = ['ml-', `ml-${suffix}`, `ML-${suffix.toUpperCase()}`, 'ml-legacy', `ml-${suffix}x`, `terraform-${suffix}`];
    const expected = ['not ml-', `maybe ml-${suffix}`, `maybe ML-${suffix.toUpperCase()}`, 'not ml-legacy', `not ml-${suffix}x`, `not terraform-${suffix}`];
    // As written (HCL), and as a plan holds it: the name known after apply, the prefix known.
    expect(unmatched({ name_prefix: 'ml-' }, names)).toEqual(expected);
    expect(unmatched({ name: new Unresolved('known after apply'), name_prefix: 'ml-' }, names)).toEqual(expected);
  });

  it('without a prefix, start with terraform-; with a prefix not known, may be any name of the suffix', () => {
    expect(unmatched({}, [`terraform-${suffix}`, 'terraform-', `ml-${suffix}`])).toEqual([`maybe terraform-${suffix}`, 'not terraform-', `not ml-${suffix}`]);
    const env = unresolvedMarker('variable: var.env has no default and no value was given');
    expect(unmatched({ name_prefix: `${env}-ml-` }, [`prod-ml-${suffix}`, 'prod-ml-', `prod-${suffix}`])).toEqual([`maybe prod-ml-${suffix}`, 'not prod-ml-', `not prod-${suffix}`]);
    expect(unmatched({ name_prefix: new Unresolved('variable: var.prefix has no default and no value was given') }, [`any-${suffix}`, 'any'])).toEqual([`maybe any-${suffix}`, 'not any']);
  });

  it('a name known after apply without a prefix known (a plan) may be any name', () => {
    expect(unmatched({ name: new Unresolved('known after apply'), name_prefix: new Unresolved('known after apply') }, ['ml-', 'other'])).toEqual(['maybe ml-', 'maybe other']);
  });

  it('are the role a reference to it names, whatever its name', () => {
    const pieces = terraformGraphPieces([
      resource('aws_iam_role.worker', { assume_role_policy: trust, name_prefix: 'ml-' }),
      resource('aws_iam_role_policy.by_name', { role: refMarker('aws_iam_role.worker', 'name'), policy }),
      resource('aws_iam_role_policy.by_id', { role: refMarker('aws_iam_role.worker', 'id'), policy }),
    ]);
    expect(pieces.edges.map(({ from, to }) => [from, to])).toEqual([
      ['aws_iam_role_policy.by_name', 'aws_iam_role.worker'],
      ['aws_iam_role_policy.by_id', 'aws_iam_role.worker'],
    ]);
  });
});

describe("principals named by their ARN cut at its slashes (HCL)", () => {
  /** The role worker of `arguments` (`name`, `path`), and a policy attached to the role `role` writes: the edge it makes, else what stays unmatched. */
  async function attachedTo(role: string, worker = 'name = "ml"'): Promise<unknown> {
    const parsed = await parseTree({
      'main.tf': `variable "env" { type = string }
resource "aws_iam_role" "worker" {
  ${worker}
}
resource "aws_iam_policy" "p" {
  policy = "{}"
}
resource "aws_iam_role_policy_attachment" "a" {
  role       = ${role}
  policy_arn = aws_iam_policy.p.arn
}
`,
    });
    expect(parsed.errors).toEqual([]);
    const [world] = parsed.files.flatMap((file) => file.worlds);
    const edge = world!.edges.find((candidate) => candidate.kind === 'attached-policy');
    return edge ? edge.to : world!.unmatchedPrincipals;
  }

  // Terraform passes the text after the ARN's last slash, the role's name whatever its path (a name holds no slash).
  it.each([
    ['basename(aws_iam_role.worker.arn)', 'name = "ml"'],
    ['basename(aws_iam_role.worker.arn)', 'name = "ml"\n  path = "/service-role/"'],
    ['element(split("/", aws_iam_role.worker.arn), 1)', 'name = "ml"'],
    ['element(split("/", aws_iam_role.worker.arn), 2)', 'name = "ml"\n  path = "/service-role/"'],
    ['reverse(split("/", aws_iam_role.worker.arn))[0]', 'name = "ml"\n  path = "/a/b/"'],
    ['split("/", aws_iam_role.worker[0].arn)[1]', 'count = 1\n  name = "ml"'],
    // A name the provider makes or a variable gives is still the role's: the cut keeps the reference to it whole.
    ['basename(aws_iam_role.worker.arn)', 'name_prefix = "ml-"'],
    ['basename(aws_iam_role.worker.arn)', 'name = var.env'],
    ['element(split("/", aws_iam_role.worker.arn), 2)', 'path = "/service-role/"'],
    ['basename(provider::aws::arn_parse(aws_iam_role.worker.arn).resource)', 'name = "ml"\n  path = "/service-role/"'],
    // An affix no IAM name holds is not at the end a name makes: the ARN is left as it is, the reference it was.
    ['basename(trimsuffix(aws_iam_role.worker.arn, "/"))', 'name_prefix = "ml-"'],
    ['basename(trimsuffix(aws_iam_role.worker.arn, ":/"))', 'name = var.env'],
    ['basename(trimprefix(aws_iam_role.worker.arn, "/"))', 'name_prefix = "ml-"\n  path = "/service-role/"'],
    ['split("/", trimsuffix(aws_iam_role.worker.arn, "/"))[1]', 'name_prefix = "ml-"'],
    // trim of characters no IAM name holds: the ARN starts with "arn" and ends with the name, so it is left as it is.
    ['basename(trim(aws_iam_role.worker.arn, "/"))', 'name_prefix = "ml-"'],
    ['basename(trim(aws_iam_role.worker.arn, "/:"))', 'name = "ml"\n  path = "/service-role/"'],
    ['element(split("/", trim(aws_iam_role.worker.arn, "/")), 2)', 'name = var.env\n  path = "/service-role/"'],
    // Nor blanks: trimspace leaves the ARN as it is.
    ['basename(trimspace(aws_iam_role.worker.arn))', 'name_prefix = "ml-"'],
    ['basename(trimspace(aws_iam_role.worker.arn))', 'name = "ml"\n  path = "/service-role/"'],
  ])('role = %s is the role of %s', async (role, worker) => {
    expect(await attachedTo(role, worker)).toMatch(/^aws_iam_role\.worker(\[0\])?$/);
  });

  it("takes the prefix written with the owner's partition and account off the ARN: the role's name, whatever it is", async () => {
    const prefix = 'arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:role/';
    const sources = 'name_prefix = "ml-"\n}\ndata "aws_partition" "current" {}\ndata "aws_caller_identity" "current" {';
    expect(await attachedTo(`trimprefix(aws_iam_role.worker.arn, "${prefix}")`, sources)).toBe('aws_iam_role.worker');
    expect(await attachedTo(`trimprefix(aws_iam_role.worker.arn, "${prefix}service-role/")`, `path = "/service-role/"\n  ${sources}`)).toBe('aws_iam_role.worker');
    // Not the role's path: the ARN is left whole, which IAM refuses as a name.
    expect(await attachedTo(`trimprefix(aws_iam_role.worker.arn, "${prefix}")`, `path = "/service-role/"\n  ${sources}`)).toEqual([]);
  });

  it('reads another piece of the ARN as the name it is: a path part is another role', async () => {
    expect(await attachedTo('element(split("/", aws_iam_role.worker.arn), 1)', 'name = "ml"\n  path = "/service-role/"')).toEqual([{ policy: 'aws_iam_policy.p', kind: 'role', name: 'service-role', scope: 'provider aws' }]);
    // The path's part of a role made with name_prefix, and arn_parse's resource (`role/...`), which IAM refuses as a name.
    expect(await attachedTo('element(split("/", aws_iam_role.worker.arn), 1)', 'name_prefix = "ml-"\n  path = "/service-role/"')).toEqual([{ policy: 'aws_iam_policy.p', kind: 'role', name: 'service-role', scope: 'provider aws' }]);
    expect(await attachedTo('provider::aws::arn_parse(aws_iam_role.worker.arn).resource', 'name_prefix = "ml-"')).toEqual([]);
  });

  // A path a variable gives, a cut that may fall inside a name the provider makes, and a prefix written with the account
  // the ARN does not know: not known.
  it.each([
    ['element(split("/", aws_iam_role.worker.arn), 1)', 'name = "ml"\n  path = var.env'],
    ['element(split("-", aws_iam_role.worker.arn), 0)', 'name_prefix = "ml-"'],
    ['basename(trimsuffix(aws_iam_role.worker.arn, "-"))', 'name_prefix = "ml-"'],
    ['basename(trimsuffix(aws_iam_role.worker.arn, "/x"))', 'name_prefix = "ml-"'],
    ['trimprefix(aws_iam_role.worker.arn, "arn:aws:iam::493827160514:role/")', 'name = "ml"'],
    // A trim of characters a name may end with may cut the name the provider makes; a regular expression's match or
    // replacement, and a prefix written with an account not known, are not read around the ARN's pieces not known.
    ['basename(trim(aws_iam_role.worker.arn, "1"))', 'name_prefix = "ml-"'],
    ['regex("[^/]+$", aws_iam_role.worker.arn)', 'name = "ml"'],
    ['replace(aws_iam_role.worker.arn, "/.*//", "")', 'name = "ml"'],
    ['trimprefix(aws_iam_role.worker.arn, "arn:aws:iam::${var.account}:role/")', 'name = "ml"'],
  ])('role = %s with %s is a role not known, which may be the role', async (role, worker) => {
    expect(await attachedTo(role, worker)).toMatchObject([{ policy: 'aws_iam_policy.p', kind: 'role', mayName: ['aws_iam_role.worker'], namedBy: 'aws_iam_role_policy_attachment.a' }]);
  });

  it("names users, groups and an instance profile's role by their ARNs cut so, in the JSON syntax too", async () => {
    const parsed = await parseTree({
      'main.tf': `resource "aws_iam_role" "r" {
  name = "r"
}
resource "aws_iam_user" "u" {
  name = "u"
  path = "/people/"
}
resource "aws_iam_group" "g" {
  name = "g"
}
resource "aws_iam_policy" "p" {
  policy = "{}"
}
resource "aws_iam_user_policy_attachment" "u" {
  user       = basename(aws_iam_user.u.arn)
  policy_arn = aws_iam_policy.p.arn
}
resource "aws_iam_instance_profile" "r" {
  role = basename(aws_iam_role.r.arn)
}
`,
      'more.tf.json': JSON.stringify({ resource: { aws_iam_group_policy_attachment: { g: { group: '${basename(aws_iam_group.g.arn)}', policy_arn: '${aws_iam_policy.p.arn}' } } } }),
    });
    expect(parsed.errors).toEqual([]);
    const [world] = parsed.files.flatMap((file) => file.worlds);
    expect(world!.edges.filter((edge) => edge.kind !== 'trusts').map((edge) => [edge.from, edge.kind, edge.to])).toEqual([
      ['aws_iam_instance_profile.r', 'uses-role', 'aws_iam_role.r'],
      ['aws_iam_policy.p', 'attached-policy', 'aws_iam_user.u'],
      ['aws_iam_policy.p', 'attached-policy', 'aws_iam_group.g'],
    ]);
  });
});
