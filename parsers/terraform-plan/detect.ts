/** Recognises `terraform show -json` plan output by content. */

const PLAN_START = /^\s*\{/;
const FORMAT_VERSION = /"format_version"\s*:\s*"/;
const PLAN_SECTIONS = /"(?:planned_values|resource_changes)"\s*:/;

/** A cheap look at the text; `isPlanDocument` decides once it is parsed. */
export function looksLikeTerraformPlan(text: string): boolean {
  const content = text.replace(/^\uFEFF/, '');
  return PLAN_START.test(content) && FORMAT_VERSION.test(content) && PLAN_SECTIONS.test(content);
}

const STATE_VALUES = /"values"\s*:\s*\{\s*("root_module"|"outputs")/;

/** `terraform show -json` of a state rather than of a plan: values of what is deployed, nothing planned. */
export function looksLikeTerraformState(text: string): boolean {
  const content = text.replace(/^\uFEFF/, '');
  return PLAN_START.test(content) && FORMAT_VERSION.test(content) && !PLAN_SECTIONS.test(content) && STATE_VALUES.test(content);
}

export function isPlanDocument(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const document = value as Record<string, unknown>;
  return typeof document.format_version === 'string' && (document.planned_values !== undefined || document.resource_changes !== undefined);
}
