import { basename } from 'node:path';

/**
 * Recognises Terraform files by name (or path); kept apart from the parser so that discovery does not load it. Names
 * Terraform ignores are not: hidden files (an editor's copy `.main.tf`, Emacs' lock link `.#main.tf`), and editor
 * backups (`main.tf~`, `#main.tf#`), which do not end in `.tf` anyway.
 */
export function isTerraformFile(path: string): boolean {
  return hasTerraformExtension(path) && !basename(path).startsWith('.');
}

/** Whether a name ends as Terraform files do, whether Terraform reads the file or not. */
export function hasTerraformExtension(path: string): boolean {
  return path.endsWith('.tf') || path.endsWith('.tf.json');
}

/** Terraform's override files (`override.tf`, `*_override.tf` and their `.tf.json`): merged into the blocks the other files declare. */
export function isOverrideFile(path: string): boolean {
  return /^(?:.*_)?override\.tf(?:\.json)?$/s.test(basename(path));
}

/**
 * Of the names in a root folder, the variable files Terraform reads there unasked, in the order it reads them (a later
 * one's value wins): `terraform.tfvars`, `terraform.tfvars.json`, then `*.auto.tfvars` and `*.auto.tfvars.json` in
 * name order.
 */
export function automaticVariableFiles(names: readonly string[]): string[] {
  return [...['terraform.tfvars', 'terraform.tfvars.json'].filter((name) => names.includes(name)), ...names.filter((name) => name.endsWith('.auto.tfvars') || name.endsWith('.auto.tfvars.json')).sort()];
}
