import { placeKey, type GraphSummary, type RolePolicy, type RoleUser, type TrustPrincipal } from '../graph/summary.js';

export interface MermaidOptions {
  /** Roles beyond this many are left out of the diagram (GitHub stops rendering very large diagrams); a note says how many. */
  maxRoles?: number;
}

const MAX_LABEL = 80;

/**
 * A label as a quoted Mermaid string. Everything but plain letters, digits and a few separators becomes a
 * numeric entity code (`#35;`), so no label can close its quotes or brackets, start a comment (`%%`), draw an
 * arrow (`-->`), inject HTML, or end a surrounding Markdown code fence.
 */
export function mermaidLabel(text: string): string {
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ');
  const short = [...flat].length > MAX_LABEL ? `${[...flat].slice(0, MAX_LABEL - 1).join('')}…` : flat;
  return `"${[...short].map((char) => (/^[A-Za-z0-9 _.,:/=+*]$/.test(char) ? char : `#${char.codePointAt(0)};`)).join('')}"`;
}

/** `flowchart LR`: who may assume each role, the policies it carries, and the SageMaker resources that use it. */
export function renderMermaid(graph: GraphSummary, options: MermaidOptions = {}): string {
  const maxRoles = options.maxRoles ?? 50;
  const lines = ['flowchart LR'];
  const ids = new Map<string, string>();
  const declared = new Set<string>();
  // Node ids are generated, never taken from template text.
  const node = (key: string, shape: (label: string) => string, label: string): string => {
    let id = ids.get(key);
    if (!id) {
      id = `n${ids.size + 1}`;
      ids.set(key, id);
    }
    if (!declared.has(id)) {
      declared.add(id);
      lines.push(`  ${id}${shape(mermaidLabel(label))}`);
    }
    return id;
  };
  const roles = graph.roles.slice(0, maxRoles);
  if (roles.length === 0) lines.push(`  n0[${mermaidLabel('no IAM roles found')}]`);
  for (const role of roles) {
    const roleId = node(`role\u0000${placeKey(role)}`, (label) => `[${label}]`, `role ${role.name}`);
    for (const principal of role.principals) {
      const principalId = node(`principal\u0000${principal.type}\u0000${principal.value}`, (label) => `([${label}])`, principalLabel(principal));
      lines.push(`  ${principalId} -->|${mermaidLabel(assumeLabel(principal))}| ${roleId}`);
    }
    for (const policy of role.policies) {
      const policyId = node(policyKey(placeKey(role), policy), (label) => `[/${label}/]`, policyLabel(policy));
      lines.push(`  ${roleId} -->|${mermaidLabel('carries')}| ${policyId}`);
    }
    for (const user of role.users) {
      const userId = node(`user\u0000${placeKey(user)}`, (label) => `[[${label}]]`, userLabel(user));
      lines.push(`  ${userId} -->|${mermaidLabel('uses')}| ${roleId}`);
    }
  }
  if (graph.roles.length > roles.length) lines.push(`  more[${mermaidLabel(`${graph.roles.length - roles.length} more roles not shown`)}]`);
  return lines.join('\n') + '\n';
}

export function assumeLabel(principal: TrustPrincipal): string {
  if (!principal.conditional) return 'may assume';
  return principal.conditions ? `may assume if ${principal.conditions.join(', ')}` : 'may assume, with conditions';
}

export function principalLabel(principal: TrustPrincipal): string {
  if (principal.type === '*') return principal.value === '*' ? 'anyone (*)' : principal.value;
  return `${principal.type}: ${principal.value}`;
}

export function policyKey(role: string, policy: RolePolicy): string {
  // Inline policies belong to one role; policy resources and managed ARNs are shared between the roles they attach to
  // (a policy resource between those of the input it is read from: two plans of one folder plan two of them).
  if (policy.kind === 'inline') return `inline\u0000${role}\u0000${policy.name}`;
  return `${policy.kind}\u0000${policy.input ?? policy.file ?? ''}\u0000${policy.address ?? policy.name}`;
}

export function policyLabel(policy: RolePolicy): string {
  if (policy.kind === 'managed') return `managed ${policy.name.replace(/^arn:[^:]*:iam::aws:policy\//, '')}`;
  return policy.kind === 'inline' ? `inline ${policy.name}` : `policy ${policy.name}`;
}

export function userLabel(user: RoleUser): string {
  // A Terraform address names its type already (`module.a.aws_sagemaker_model.m`).
  if (user.name.includes(`${user.type}.`)) return user.name;
  return `${user.type.replace(/^AWS::SageMaker::/, 'SageMaker ')} ${user.name}`;
}
