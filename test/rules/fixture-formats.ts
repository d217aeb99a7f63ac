/**
 * The input formats every rule needs firing and silent fixtures in, told apart by name. A Terraform fixture is a
 * folder `tf-<case>/` scanned as one root module (its `main.tf`, and local modules below it when the case needs them).
 */
export const FIXTURE_FORMATS: ReadonlyArray<{ name: string; matches: (file: string) => boolean }> = [
  { name: 'CloudFormation YAML', matches: (file) => file.endsWith('.yaml') },
  { name: 'CloudFormation JSON', matches: (file) => file.endsWith('.json') && !file.endsWith('.plan.json') },
  { name: 'Terraform plan JSON', matches: (file) => file.endsWith('.plan.json') },
  { name: 'Terraform HCL', matches: (file) => file.startsWith('tf-') },
];

/** Whether expected.json names a fixture another rule's folder holds (`../<other-rule>/<file>`), rather than one of its own. */
export function isSharedFixture(name: string): boolean {
  return name.startsWith('../');
}
