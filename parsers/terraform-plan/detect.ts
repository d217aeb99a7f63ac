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

/** A state file as Terraform keeps it (`terraform.tfstate`): its lineage and serial. */
const STATE_FILE = /"lineage"\s*:\s*"[\s\S]*"serial"\s*:|"serial"\s*:[\s\S]*"lineage"\s*:\s*"/;

/**
 * A Terraform state rather than a plan: `terraform show -json` of a state (values of what is deployed, nothing
 * planned; only its format version when the state is empty) or the state file itself.
 */
export function looksLikeTerraformState(text: string): boolean {
  const content = text.replace(/^\uFEFF/, '');
  if (looksLikeShownTerraformState(content)) return true;
  return PLAN_START.test(content) && !FORMAT_VERSION.test(content) && /"terraform_version"\s*:/.test(content) && STATE_FILE.test(content) && !PLAN_SECTIONS.test(content);
}

/**
 * `terraform show -json` of a state: what `terraform show -json > plan.json` writes when the plan file is left out, so
 * a file that is often meant as the plan. Asked of every file that is not a plan: the format version, which no template
 * writes, is looked for first.
 */
export function looksLikeShownTerraformState(text: string): boolean {
  const content = text.replace(/^\uFEFF/, '');
  if (!PLAN_START.test(content) || !FORMAT_VERSION.test(content) || PLAN_SECTIONS.test(content)) return false;
  return STATE_VALUES.test(content) || /^\s*\{\s*"format_version"\s*:\s*"[^"]*"\s*\}\s*$/.test(content);
}

/**
 * The log `terraform plan -json` writes, a JSON message a line (`{"@level":"info","@message":"Terraform 1.11.4",
 * "@module":"terraform.ui",...}`): often taken for the plan, which `terraform show -json` writes, though it holds none.
 */
export function looksLikeTerraformPlanLog(text: string): boolean {
  const first = text.replace(/^\uFEFF/, '').trimStart().split('\n', 1)[0]!;
  return /^\{\s*"@level"\s*:/.test(first) && /"@module"\s*:\s*"terraform\.ui"/.test(first);
}

/**
 * The binary plan `terraform plan -out` writes (a zip archive whose first entry is `tfplan`), as read into text: what
 * `terraform plan -out=plan.json` leaves where the JSON `terraform show -json` writes was meant.
 */
export function looksLikeBinaryTerraformPlan(text: string): boolean {
  // A byte of the zip header that is not UTF-8 reads as one U+FFFD: the entry's name comes within 40 characters.
  return /^PK\u0003\u0004[\s\S]{0,40}?tfplan/.test(text);
}

export function isPlanDocument(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const document = value as Record<string, unknown>;
  return typeof document.format_version === 'string' && (document.planned_values !== undefined || document.resource_changes !== undefined);
}
