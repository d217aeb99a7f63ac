import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import type { ScanResult } from '../../src/analyze/engine.js';
import type { Finding } from '../../src/model/finding.js';
import { renderGitHub } from '../../src/report/github.js';
import { renderJUnit } from '../../src/report/junit.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderMermaid } from '../../src/report/mermaid.js';
import { renderSarif } from '../../src/report/sarif.js';

const ODD_TEXTS = ['', ' ', '\u0000', '\ud800', '\udfff\ud800', '\uffff', 'x'.repeat(100_000), '\r', '::', '%', '$&$1', '__proto__', '\u202e', '🚀'.repeat(3)];

function oddFinding(text: string, index: number): Finding {
  return {
    ruleId: index % 2 ? 'no-such-rule' : 'trust-any-principal',
    severity: (['critical', 'high', 'medium', 'low'] as const)[index % 4]!,
    message: text,
    resource: { address: text, type: text, file: text },
    location: { file: text, startLine: index % 3, startColumn: 0, endLine: 0, endColumn: 0 },
    related: [{ message: text, location: { file: text, startLine: 0, startColumn: 0, endLine: 0, endColumn: 0 } }],
    ...(index % 3 === 2 ? { fixes: [text, `${text}2`].map((when) => ({ when, description: text, snippet: text })) } : { fix: { description: text, snippet: text } }),
    fingerprint: text,
    ...(index % 5 === 0 ? { suppressed: { reason: text, source: 'inline' as const } } : {}),
    ...(index % 7 === 0 ? { branch: text } : {}),
  };
}

const result: ScanResult = {
  findings: ODD_TEXTS.map(oddFinding),
  errors: ODD_TEXTS.map((text, index) => ({ file: text, line: index - 1, column: 0, message: text })),
  notices: ODD_TEXTS.map((text) => ({ file: text, message: text })),
  configuredSeverities: {},
  summary: { filesAnalyzed: 0, resources: 0, findings: 0, bySeverity: { critical: 0, high: 0, medium: 0, low: 0 }, byRule: {}, errors: 0 },
  graph: {
    roles: ODD_TEXTS.map((text) => ({
      address: text,
      name: text,
      file: text,
      line: 0,
      principals: [{ type: '*' as const, value: text, conditional: false }],
      policies: [{ name: text, kind: 'managed' as const }],
      users: [{ address: text, name: text, type: text, file: text, line: 0 }],
    })),
  },
};

describe('renderers on odd content', () => {
  const where = { sourceRoot: '/repo', cwd: '/repo' };

  it('never throw, and still produce their format', () => {
    expect(renderGitHub(result, where).split('\n').filter((line) => line.startsWith('::'))).toHaveLength(
      result.findings.filter((finding) => !finding.suppressed).length + result.errors.length + result.notices.length,
    );
    expect(renderJUnit(result, where)).toMatch(/<\/testsuites>\n$/);
    expect(renderMarkdown(result, where)).toContain('```mermaid');
    expect(renderMermaid(result.graph)).toMatch(/^flowchart LR\n/);
  });

  it('produce SARIF that the schema accepts even from malformed locations and unknown rules', () => {
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    const validate = ajv.compile(JSON.parse(readFileSync(join(import.meta.dirname, 'sarif-schema-2.1.0.json'), 'utf8')) as object);
    const log = JSON.parse(renderSarif(result, where));
    expect(validate(log), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const unknown = log.runs[0].results.find((item: { ruleId: string }) => item.ruleId === 'no-such-rule');
    expect(unknown.ruleIndex).toBeUndefined();
  });
});
