import { placeKey, type GraphSummary, type RolePolicy, type RoleUser, type TrustPrincipal } from '../graph/summary.js';

export interface MermaidOptions {
  /** Roles beyond this many are left out of the diagram (GitHub stops rendering very large diagrams); a note says how many. */
  maxRoles?: number;
  /**
   * Mermaid's own limits, past which it draws no diagram at all but an error ("Edge limit exceeded", "Maximum text
   * size in diagram exceeded"): its defaults, `maxEdges` 500 and `maxTextSize` 50,000 characters, which a renderer
   * that does not configure them (GitHub's job summary) keeps. What passes them is left out, and the note says so.
   */
  maxEdges?: number;
  maxTextSize?: number;
}

/** Mermaid's default `maxEdges` and `maxTextSize` (its configuration schema). */
export const MERMAID_MAX_EDGES = 500;
export const MERMAID_MAX_TEXT_SIZE = 50_000;
/** Room kept for the note that says what is left out. */
const NOTE_ROOM = 1_000;

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
  const maxEdges = options.maxEdges ?? MERMAID_MAX_EDGES;
  const maxTextSize = options.maxTextSize ?? MERMAID_MAX_TEXT_SIZE;
  const lines = ['flowchart LR'];
  const ids = new Map<string, string>();
  const declared = new Set<string>();
  let edges = 0;
  let size = lines[0]!.length + 1;
  // Node ids are generated, never taken from template text.
  const idOf = (key: string): string => {
    let id = ids.get(key);
    if (!id) {
      id = `n${ids.size + 1}`;
      ids.set(key, id);
    }
    return id;
  };
  type Node = { id: string; lines: string[] };
  const node = (key: string, shape: (label: string) => string, label: string): Node => {
    const id = idOf(key);
    return { id, lines: declared.has(id) ? [] : [`  ${id}${shape(mermaidLabel(label))}`] };
  };
  /** Declares the node and draws the edge (if any) when they keep the diagram within Mermaid's limits. */
  const add = ({ id, lines: declaration }: Node, edge?: string): boolean => {
    const added = [...declaration, ...(edge === undefined ? [] : [edge])];
    const addedEdges = edge === undefined ? 0 : 1;
    const bytes = added.reduce((total, line) => total + line.length + 1, 0);
    if (edges + addedEdges > maxEdges || size + bytes + NOTE_ROOM > maxTextSize) return false;
    declared.add(id);
    lines.push(...added);
    edges += addedEdges;
    size += bytes;
    return true;
  };
  const roles = graph.roles.slice(0, maxRoles);
  if (roles.length === 0) lines.push(`  n0[${mermaidLabel('no IAM roles found')}]`);
  let shownRoles = 0;
  let linksLeftOut = 0;
  for (const role of roles) {
    const roleNode = node(`role\u0000${placeKey(role)}`, (label) => `[${label}]`, `role ${role.name}`);
    if (!add(roleNode)) break;
    shownRoles++;
    const roleId = roleNode.id;
    const links: Array<() => boolean> = [
      ...role.principals.map((principal) => () => {
        const principalNode = node(`principal\u0000${principal.type}\u0000${principal.value}`, (label) => `([${label}])`, principalLabel(principal));
        return add(principalNode, `  ${principalNode.id} -->|${mermaidLabel(assumeLabel(principal))}| ${roleId}`);
      }),
      ...role.policies.map((policy) => () => {
        const policyNode = node(policyKey(placeKey(role), policy), (label) => `[/${label}/]`, policyLabel(policy));
        return add(policyNode, `  ${roleId} -->|${mermaidLabel('carries')}| ${policyNode.id}`);
      }),
      ...role.users.map((user) => () => {
        const userNode = node(`user\u0000${placeKey(user)}`, (label) => `[[${label}]]`, userLabel(user));
        return add(userNode, `  ${userNode.id} -->|${mermaidLabel('uses')}| ${roleId}`);
      }),
    ];
    let drawn = 0;
    for (const link of links) {
      if (!link()) break;
      drawn++;
    }
    if (drawn < links.length) {
      // The rest of this role's links, and the roles after it, do not fit.
      linksLeftOut = links.length - drawn;
      break;
    }
  }
  const rolesLeftOut = graph.roles.length - shownRoles;
  const notShown = [...(linksLeftOut > 0 ? [`${linksLeftOut} more links of the last role`] : []), ...(rolesLeftOut > 0 ? [`${rolesLeftOut} more roles`] : [])];
  if (notShown.length > 0) lines.push(`  more[${mermaidLabel(`${notShown.join(' and ')} not shown`)}]`);
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
