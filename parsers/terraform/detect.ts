import { basename } from 'node:path';

/** Recognises Terraform files by name; kept apart from the parser so that discovery does not load it. */
export function isTerraformFile(name: string): boolean {
  return name.endsWith('.tf') || name.endsWith('.tf.json');
}

/** Terraform's override files (`override.tf`, `*_override.tf` and their `.tf.json`): merged into the blocks the other files declare. */
export function isOverrideFile(path: string): boolean {
  return /^(?:.*_)?override\.tf(?:\.json)?$/s.test(basename(path));
}
