import { describe, expect, it } from 'vitest';
import type { GraphSummary, RoleSummary } from '../../src/graph/summary.js';
import { renderDot } from '../../src/report/dot.js';
import { mermaidLabel, renderMermaid } from '../../src/report/mermaid.js';

function role(name: string, extra: Partial<RoleSummary> = {}): RoleSummary {
  return { address: `t.yaml#${name}`, name, file: 't.yaml', line: 1, input: 't.yaml', principals: [], policies: [], users: [], ...extra };
}

/** What Mermaid shows for a quoted label: numeric entity codes decoded. */
function shown(label: string): string {
  return label.slice(1, -1).replace(/#(\d+);/g, (_whole, code: string) => String.fromCodePoint(Number(code)));
}

describe('Mermaid labels', () => {
  it.each([
    ['plain name', '"plain name"'],
    ['say "hi"', '"say #34;hi#34;"'],
    ['a[0] (b) {c}', '"a#91;0#93; #40;b#41; #123;c#125;"'],
    ['#1', '"#35;1"'],
    ['a --> b', '"a #45;#45;#62; b"'],
    ['%% comment', '"#37;#37; comment"'],
    ['```', '"#96;#96;#96;"'],
    ['<b>x</b> & @me', '"#60;b#62;x#60;/b#62; #38; #64;me"'],
    ['line\nbreak\r\tend', '"line break end"'],
  ])('%j → %j', (input, expected) => {
    expect(mermaidLabel(input)).toBe(expected);
  });

  it('keeps the text readable after decoding, and shortens long labels', () => {
    const hostile = 'role "x"]\n::error file=x::pwned --> #1 ${AWS::AccountId} ✓ 🚀';
    expect(shown(mermaidLabel(hostile))).toBe(hostile.replace('\n', ' '));
    const long = mermaidLabel('a'.repeat(200));
    expect(shown(long)).toBe(`${'a'.repeat(79)}…`);
  });
});

describe('Mermaid diagram', () => {
  const graph: GraphSummary = {
    roles: [
      role('Exec', {
        principals: [
          { type: 'Service', value: 'sagemaker.amazonaws.com', conditional: true },
          { type: '*', value: '*', conditional: false },
        ],
        policies: [
          { name: 'arn:aws:iam::aws:policy/AmazonSageMakerFullAccess', kind: 'managed' },
          { name: 'Shared', kind: 'resource', address: 't.yaml#Shared' },
          { name: 'inline "one"', kind: 'inline' },
        ],
        users: [{ address: 't.yaml#Model', name: 'Model', type: 'AWS::SageMaker::Model', file: 't.yaml', line: 9, input: 't.yaml' }],
      }),
      role('Other', {
        principals: [{ type: 'Service', value: 'sagemaker.amazonaws.com', conditional: true }],
        policies: [
          { name: 'Shared', kind: 'resource', address: 't.yaml#Shared' },
          { name: 'inline "one"', kind: 'inline' },
        ],
      }),
    ],
  };

  it('draws principals → role, role → policies, SageMaker users → role, sharing nodes that are the same thing', () => {
    expect(renderMermaid(graph)).toBe(
      [
        'flowchart LR',
        '  n1["role Exec"]',
        '  n2(["Service: sagemaker.amazonaws.com"])',
        '  n2 -->|"may assume, with conditions"| n1',
        '  n3(["anyone #40;*#41;"])',
        '  n3 -->|"may assume"| n1',
        '  n4[/"managed AmazonSageMakerFullAccess"/]',
        '  n1 -->|"carries"| n4',
        '  n5[/"policy Shared"/]',
        '  n1 -->|"carries"| n5',
        '  n6[/"inline inline #34;one#34;"/]',
        '  n1 -->|"carries"| n6',
        '  n7[["SageMaker Model Model"]]',
        '  n7 -->|"uses"| n1',
        '  n8["role Other"]',
        '  n2 -->|"may assume, with conditions"| n8',
        '  n8 -->|"carries"| n5',
        '  n9[/"inline inline #34;one#34;"/]',
        '  n8 -->|"carries"| n9',
        '',
      ].join('\n'),
    );
  });

  it('says when there is nothing to draw, and caps the number of roles', () => {
    expect(renderMermaid({ roles: [] })).toBe('flowchart LR\n  n0["no IAM roles found"]\n');
    const capped = renderMermaid(graph, { maxRoles: 1 });
    expect(capped).not.toContain('role Other');
    expect(capped).toContain('more["1 more roles not shown"]');
  });

  it("stays within Mermaid's default maxEdges (500) and maxTextSize (50,000), which a job summary cannot raise", () => {
    const users = (count: number, prefix: string): RoleSummary['users'] =>
      Array.from({ length: count }, (_, index) => ({ address: `t.yaml#${prefix}${index}`, name: `${prefix}-model-${index}`, type: 'AWS::SageMaker::Model', file: 't.yaml', line: 1, input: 't.yaml' }));
    const edgesOf = (text: string): number => text.split('\n').filter((line) => line.includes(' -->')).length;
    // One execution role shared by 600 models: 600 edges.
    const shared = renderMermaid({ roles: [role('Exec', { users: users(600, 'churn') })] });
    expect(edgesOf(shared)).toBeLessThanOrEqual(500);
    expect(shared.length).toBeLessThanOrEqual(50_000);
    expect(shared).toMatch(/more\["\d+ more links of the last role not shown"\]\n$/);
    // 50 roles of long names, each used by 12 models: under 500 edges, over 50,000 characters.
    const wide = renderMermaid({ roles: Array.from({ length: 50 }, (_, index) => role(`team-${index}-sagemaker-execution-role-for-batch-inference`, { users: users(9, `team-${index}-batch-inference-`) })) });
    expect(wide.length).toBeLessThanOrEqual(50_000);
    expect(wide).toMatch(/more roles not shown"\]\n$/);
    // deputy graph draws everything: the user renders it with the limits they choose.
    const everything = renderMermaid({ roles: [role('Exec', { users: users(600, 'churn') })] }, { maxRoles: Infinity, maxEdges: Infinity, maxTextSize: Infinity });
    expect(edgesOf(everything)).toBe(600);
    expect(everything).not.toContain('more[');
  });

  it('never lets template text into node ids or outside quotes', () => {
    const hostile = role('x"] --> evil[("y', { principals: [{ type: 'AWS', value: '"]\nclick n1 call alert()', conditional: false }] });
    const lines = renderMermaid({ roles: [hostile] }).trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    for (const line of lines.slice(1)) expect(line).toMatch(/^ {2}n\d+(\[|\(\[| -->\|"[^"]*"\| n\d+$)/);
    for (const line of lines.slice(1)) expect(line.replace(/"[^"]*"/g, '""')).not.toMatch(/evil|click/);
  });
});

describe('Mermaid and DOT nodes of policy resources of two plans of one folder', () => {
  it('are two nodes: each plan plans its own policy resource, declared in the same .tf block', () => {
    const planned = (input: string): RoleSummary =>
      role('aws_iam_role.r', {
        address: 'aws_iam_role.r',
        file: 'main.tf',
        input,
        policies: [{ name: 'p', kind: 'resource', address: 'aws_iam_policy.p', file: 'main.tf', input }],
      });
    const graph: GraphSummary = { roles: [planned('plan.json'), planned('plan-b.json')] };
    expect(renderMermaid(graph).match(/policy p/g)).toHaveLength(2);
    expect(renderDot(graph).match(/policy p/g)).toHaveLength(2);
  });
});
