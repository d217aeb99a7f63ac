/**
 * Inline suppressions written in a resource's `Metadata: {deputy: {ignore: [{rule, reason}]}}`. Read from the
 * template as written (they are the same in every condition world); whether a rule id exists is the engine's call.
 */
import { pathKey, type InlineSuppression, type InputError } from '../../src/model/index.js';
import { directiveParts, NEAR_DIRECTIVE } from '../ignore-directive.js';
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

/** Any mention of the directive, which a comment must hold before the template is lexed for its comments. */
const MENTION = /deputy:ignore/i;
/** The longest example of the Metadata form a message shows on its one line. */
const EXAMPLE_LENGTH = 120;

/**
 * The comments of a YAML template that hold the Terraform directive (`# deputy:ignore <rule> -- <reason>`, or one written
 * almost so, as Terraform reads it): a template takes its suppressions in the resource's Metadata, so such a comment
 * suppresses nothing, also beside the Metadata form. Errors at their place, naming the form to write instead.
 */
export function ignoreComments(source: TemplateSource): Array<InputError & { line: number; column: number }> {
  return source.yamlComments(MENTION).flatMap(({ text, line, column }) => {
    const near = NEAR_DIRECTIVE.exec(text);
    if (!near) return [];
    const { rules, reason } = directiveParts(text.slice(near[0].length));
    return [{ file: source.file, line, column, message: `"${near[0]}" is a comment, which suppresses nothing in a CloudFormation template: write the suppression in the resource's Metadata instead (${metadataForm(rules, reason)}) and remove the comment` }];
  });
}

/** The Metadata that suppresses the rules a comment names, as a one-line example when one is short enough. */
function metadataForm(rules: readonly string[], reason: string): string {
  const ids = rules.length > 0 ? rules.map((rule) => (/^[\w-]+$/.test(rule) ? rule : JSON.stringify(rule))) : ['<rule-id>'];
  const example = (why: string) => `Metadata: {deputy: {ignore: [${ids.map((id) => `{rule: ${id}, reason: ${why}}`).join(', ')}]}}`;
  const shown = [reason === '' ? undefined : example(JSON.stringify(reason)), example('<why the finding is accepted>')].find((form) => form !== undefined && form.length <= EXAMPLE_LENGTH);
  return shown ?? `Metadata.deputy.ignore, one {rule, reason} entry for each of ${rules.join(', ')}`;
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
