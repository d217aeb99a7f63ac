import { placeKey, type GraphSummary } from '../graph/summary.js';
import { assumeLabel, policyKey, policyLabel, principalLabel, userLabel } from './mermaid.js';

/**
 * A Graphviz double-quoted string. `"` and `\` are escaped, so a label can neither close its string nor start a
 * Graphviz escape (`\N`, `\G`, `\l` substitute names or break lines); line breaks and other control characters
 * become spaces, so one label stays on one line.
 */
export function dotString(text: string): string {
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ');
  return `"${flat.replace(/[\\"]/g, (char) => `\\${char}`)}"`;
}

/**
 * `digraph deputy` for Graphviz (`dot -Tsvg`): principals (ellipses) may assume roles (boxes), roles carry
 * policies (notes), SageMaker resources (components) use roles. Node ids are generated, never template text.
 */
export function renderDot(graph: GraphSummary): string {
  const lines = ['digraph deputy {', '  rankdir=LR;', '  node [fontname="Helvetica"];', '  edge [fontname="Helvetica", fontsize=10];'];
  const ids = new Map<string, string>();
  const node = (key: string, shape: string, label: string): string => {
    let id = ids.get(key);
    if (!id) {
      id = `n${ids.size + 1}`;
      ids.set(key, id);
      lines.push(`  ${id} [label=${dotString(label)}, shape=${shape}];`);
    }
    return id;
  };
  const edge = (from: string, to: string, label: string): void => {
    lines.push(`  ${from} -> ${to} [label=${dotString(label)}];`);
  };
  for (const role of graph.roles) {
    const roleId = node(`role\u0000${placeKey(role)}`, 'box', `role ${role.name}`);
    for (const principal of role.principals) edge(node(`principal\u0000${principal.type}\u0000${principal.value}`, 'ellipse', principalLabel(principal)), roleId, assumeLabel(principal));
    for (const policy of role.policies) edge(roleId, node(policyKey(placeKey(role), policy), 'note', policyLabel(policy)), 'carries');
    for (const user of role.users) edge(node(`user\u0000${placeKey(user)}`, 'component', userLabel(user)), roleId, 'uses');
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}
