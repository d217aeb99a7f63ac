/** Recognises Terraform files by name; kept apart from the parser so that discovery does not load it. */
export function isTerraformFile(name: string): boolean {
  return name.endsWith('.tf') || name.endsWith('.tf.json');
}
