/** The input formats every rule needs firing and silent fixtures in, told apart by file name. */
export const FIXTURE_FORMATS: ReadonlyArray<{ name: string; matches: (file: string) => boolean }> = [
  { name: 'CloudFormation YAML', matches: (file) => file.endsWith('.yaml') },
  { name: 'CloudFormation JSON', matches: (file) => file.endsWith('.json') && !file.endsWith('.plan.json') },
  { name: 'Terraform plan JSON', matches: (file) => file.endsWith('.plan.json') },
];
