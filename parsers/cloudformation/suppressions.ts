/**
 * Inline suppressions written in a resource's `Metadata: {deputy: {ignore: [{rule, reason}]}}`. Read from the
 * template as written (they are the same in every condition world); whether a rule id exists is the engine's call.
 */
import { pathKey, type InlineSuppression } from '../../src/model/index.js';
import type { TemplateSource } from './source.js';
import { isPlainObject } from './shape.js';
import type { TemplateProblem, TemplateResource } from './template.js';

const ENTRY_KEYS = ['rule', 'reason'];

export function readSuppressions(source: TemplateSource, resources: readonly TemplateResource[]): { byLogicalId: Map<string, InlineSuppression[]>; problems: TemplateProblem[] } {
  const byLogicalId = new Map<string, InlineSuppression[]>();
  const allProblems: TemplateProblem[] = [];
  // The resources a `Fn::ForEach` generates share the fragment their Metadata is written in: its problems are said once,
  // for the first of them, but each reads its own Metadata, where the loop wrote its item (`!Sub 'legacy ${Team}'`).
  // A problem only a later one has (its item makes the reason empty) is said for it.
  const said = new Set<string>();
  for (const { logicalId, metadata, writtenAt } of resources) {
    if (!isPlainObject(metadata) || !('deputy' in metadata)) continue;
    const problems = {
      push(problem: TemplateProblem): void {
        const key = `${pathKey(problem.path)}\u0000${problem.message.split(logicalId).join('\u0000')}`;
        if (said.has(key)) return;
        said.add(key);
        allProblems.push(problem);
      },
    };
    const base = [...writtenAt, 'Metadata', 'deputy'];
    const deputy = metadata.deputy;
    if (!isPlainObject(deputy) || !Array.isArray(deputy.ignore)) {
      problems.push({ path: base, message: `Metadata.deputy of ${logicalId} must be a mapping with an ignore list of {rule, reason}` });
      continue;
    }
    for (const key of Object.keys(deputy)) if (key !== 'ignore') problems.push({ path: [...base, key], message: `unknown key "${key}" in Metadata.deputy of ${logicalId}; only ignore is read` });
    const suppressions: InlineSuppression[] = [];
    deputy.ignore.forEach((entry: unknown, index: number) => {
      const path = [...base, 'ignore', index];
      if (!isPlainObject(entry)) {
        problems.push({ path, message: `a deputy.ignore entry of ${logicalId} must be a mapping {rule, reason}` });
        return;
      }
      for (const key of Object.keys(entry)) if (!ENTRY_KEYS.includes(key)) problems.push({ path: [...path, key], message: `unknown key "${key}" in a deputy.ignore entry of ${logicalId}; an entry holds rule and reason` });
      const rule = typeof entry.rule === 'string' ? entry.rule.trim() : '';
      const reason = reasonText(entry.reason).trim();
      if (rule === '') problems.push({ path: 'rule' in entry ? [...path, 'rule'] : path, message: `a deputy.ignore entry of ${logicalId} needs a rule id written as text` });
      if (reason === '') problems.push({ path: 'reason' in entry ? [...path, 'reason'] : path, message: `the suppression of ${rule || 'a rule'} on ${logicalId} needs a reason: say why the finding is accepted` });
      if (rule !== '' && reason !== '') suppressions.push({ rules: [rule], reason, location: source.locate(path) });
    });
    if (suppressions.length > 0) byLogicalId.set(logicalId, suppressions);
  }
  return { byLogicalId, problems: allProblems };
}

/** A reason is documentation: a `!Sub` is kept as written rather than resolved per condition world. */
function reasonText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (isPlainObject(value) && Object.keys(value).length === 1 && 'Fn::Sub' in value) {
    const template = Array.isArray(value['Fn::Sub']) ? value['Fn::Sub'][0] : value['Fn::Sub'];
    if (typeof template === 'string') return template;
  }
  return '';
}
