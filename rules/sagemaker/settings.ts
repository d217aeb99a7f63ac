import type { ResourceGraph } from '../../src/graph/graph.js';
import type { Fix } from '../../src/model/finding.js';
import type { InputLeftOut, Locator, Path, SourceLocation } from '../../src/model/location.js';
import type { Resource } from '../../src/model/resource.js';
import type { RelatedReport, RuleReport } from '../../src/model/rule.js';
import { Unresolved, displayValue, hasMarker, isObject, type Value } from '../../src/model/value.js';
import { nameOf } from '../support.js';
import { withProperties } from '../../src/model/objects.js';

/** CloudFormation names one thing in PascalCase under `AWS::...`; Terraform (HCL and plan) in snake_case under `aws_...`. */
export type Dialect = 'cloudformation' | 'terraform';
export type Names = Readonly<Record<Dialect, string>>;

export function dialectOf(resource: Resource): Dialect {
  return resource.format === 'cloudformation' ? 'cloudformation' : 'terraform';
}

const resourcesByType = new WeakMap<ResourceGraph, Map<string, Resource[]>>();

/** The graph's resources of a type in either dialect, in graph order. */
export function resourcesOfType(graph: ResourceGraph, types: Names): Resource[] {
  // Each rule asks for its types: the graph's resources are grouped by type once, not filtered again per rule.
  let byType = resourcesByType.get(graph);
  if (!byType) {
    byType = new Map();
    for (const resource of graph.resources()) {
      const list = byType.get(resource.type);
      if (list) list.push(resource);
      else byType.set(resource.type, [resource]);
    }
    resourcesByType.set(graph, byType);
  }
  const cloudFormation = (byType.get(types.cloudformation) ?? []).filter((resource) => dialectOf(resource) === 'cloudformation');
  const terraform = (byType.get(types.terraform) ?? []).filter((resource) => dialectOf(resource) === 'terraform');
  if (terraform.length === 0) return cloudFormation;
  if (cloudFormation.length === 0) return terraform;
  const found = new Set([...cloudFormation, ...terraform]);
  return graph.resources().filter((resource) => found.has(resource));
}

/**
 * A property as the rules see it. Unset (absent, null, an empty string, removed by `AWS::NoValue`) means AWS applies
 * its default; unknown (unresolved, or a string holding a reference or symbol whose text is not known) never
 * decides a finding.
 */
export type Setting =
  /**
   * `path`: where a finding on it points, the property when it is written (`KmsKeyId: ""`, an `Fn::If` to
   * `AWS::NoValue`, the default a plan holds), else the resource's properties.
   */
  | { state: 'unset'; name: string; path: Path }
  | { state: 'unknown'; name: string }
  | { state: 'set'; name: string; value: string | number | boolean; path: Path };

/** Whether a value is unset as RULES.md reads it: absent, null, an empty string or an empty list. */
export function isUnset(value: Value | undefined): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

/**
 * `awsDefault`: the value AWS applies to the property left out. A plan holds it, as the provider's default, for an
 * attribute the configuration does not write: the plan's value is then read as unset.
 */
export function readSetting(resource: Resource, property: Names, awsDefault?: string): Setting {
  const name = property[dialectOf(resource)];
  const { properties } = resource;
  const value: Value | undefined = isObject(properties) ? properties[name] : undefined;
  // Properties a macro or a loop not expanded writes (`Fn::Transform`, `Fn::ForEach::` beside them, or as all of them)
  // may set the property: left out, it is not known to be unset.
  if (value === undefined && (properties instanceof Unresolved || (isObject(properties) && resource.macroKey?.(properties) !== undefined))) return { state: 'unknown', name };
  if (value === undefined) {
    const path = [...propertiesPath(resource), name];
    return { state: 'unset', name, path: resource.writesKey?.(path) ? path : propertiesPath(resource) };
  }
  // A plan writes the default it holds: alone, it is located there; beside its `.tf` files, at the block that leaves it out.
  if (value === awsDefault && resource.writes?.(name) === false) return { state: 'unset', name, path: [...propertiesPath(resource), name] };
  if (value === null || value === '') return { state: 'unset', name, path: [...propertiesPath(resource), name] };
  if (value instanceof Unresolved || typeof value === 'object' || (typeof value === 'string' && hasMarker(value))) return { state: 'unknown', name };
  return { state: 'set', name, value, path: [...propertiesPath(resource), name] };
}

/**
 * The path of a resource's properties as `Resource.locator` expects it, where findings on an unset property point:
 * CloudFormation's `Properties` (or, without them, the declaration), Terraform's resource block (its attributes
 * sit directly below it, in HCL and in plans alike).
 */
export function propertiesPath(resource: Resource): Path {
  return dialectOf(resource) === 'cloudformation' ? ['Properties'] : [];
}

/** `true`/`false` as CloudFormation and Terraform accept them: booleans, or their string forms in any case. */
export function booleanOf(value: string | number | boolean): boolean | undefined {
  if (typeof value === 'boolean') return value;
  const text = String(value).toLowerCase();
  return text === 'true' ? true : text === 'false' ? false : undefined;
}

export function shown(value: string | number | boolean): string {
  return typeof value === 'string' ? `"${displayValue(value)}"` : String(value);
}

/**
 * How a fix is written for the resource: in the syntax of the file that declares it, CloudFormation YAML or JSON, or
 * Terraform HCL or JSON (`.tf.json`). A plan is not edited: its fixes are written for its `.tf` files, in HCL unless
 * the resource is declared in a `.tf.json` file.
 */
export type FixForm = 'cloudformation-yaml' | 'cloudformation-json' | 'hcl' | 'terraform-json';

export function fixForm(resource: Resource, attribute?: string): FixForm {
  if (dialectOf(resource) === 'cloudformation') return resource.syntax === 'json' ? 'cloudformation-json' : 'cloudformation-yaml';
  const syntax = (attribute !== undefined && resource.syntaxOf?.(attribute)) || resource.syntax;
  return syntax === 'json' ? 'terraform-json' : 'hcl';
}

const KMS_KEY: Names = { cloudformation: 'AWS::KMS::Key', terraform: 'aws_kms_key' };

/** By template or module instance (`referenceScope`), the one KMS key it declares; null where it declares several. */
const soleKeys = new WeakMap<ResourceGraph, Map<string, Resource | null>>();

/** The address of the Terraform module instance that declares a resource (`module.a["x"].`, empty for the root module). */
function moduleAddress(resource: Resource): string {
  return resource.address.slice(0, Math.max(0, resource.address.lastIndexOf(`${resource.type}.`)));
}

/**
 * What a reference from a resource reaches: its template (file), or its Terraform module instance; from the `module`
 * block a fix sets the property in (`input`), the module instance that writes that block.
 */
function referenceScope(resource: Resource, input?: InputLeftOut): string {
  return dialectOf(resource) === 'cloudformation' ? `cloudformation\u0000${resource.file}` : `terraform\u0000${input ? input.scope : moduleAddress(resource)}`;
}

/** Key spec and usage as written: a key encrypts volumes only as a symmetric encryption key, which each defaults to. */
const ENCRYPTING_KEY: ReadonlyArray<{ property: Names; encrypting: string }> = [
  { property: { cloudformation: 'KeySpec', terraform: 'customer_master_key_spec' }, encrypting: 'SYMMETRIC_DEFAULT' },
  { property: { cloudformation: 'KeyUsage', terraform: 'key_usage' }, encrypting: 'ENCRYPT_DECRYPT' },
];

/** Whether a KMS key is known to be a symmetric encryption key (an asymmetric or signing key cannot encrypt a volume). */
function encrypts(key: Resource): boolean {
  return ENCRYPTING_KEY.every(({ property, encrypting }) => {
    const setting = readSetting(key, property);
    return setting.state === 'unset' || (setting.state === 'set' && setting.value === encrypting);
  });
}

/**
 * The name a reference gives the customer managed KMS key the resource's template or module instance declares, when it
 * declares one (`!Ref NAME`, `aws_kms_key.NAME.arn`) that is a symmetric encryption key created wherever the resource is
 * (not under a CloudFormation Condition the resource lacks); undefined when it declares none or several, or one
 * Terraform makes several instances of.
 */
function declaredKey(graph: ResourceGraph, resource: Resource, input?: InputLeftOut): string | undefined {
  let byScope = soleKeys.get(graph);
  if (!byScope) {
    byScope = new Map();
    for (const key of resourcesOfType(graph, KMS_KEY)) {
      const scope = referenceScope(key);
      byScope.set(scope, byScope.has(scope) ? null : key);
    }
    soleKeys.set(graph, byScope);
  }
  const key = byScope.get(referenceScope(resource, input));
  if (!key || !encrypts(key) || (key.condition !== undefined && key.condition !== resource.condition)) return undefined;
  const name = dialectOf(key) === 'cloudformation' ? key.name : key.address.slice(moduleAddress(key).length + `${key.type}.`.length);
  return /^[A-Za-z_][\w-]*$/.test(name) ? name : undefined;
}

/**
 * The fix that sets a KMS key property: to the customer managed key the resource's template or module instance
 * declares when it declares one, else to `placeholder`, which the description says to declare or replace: a snippet
 * must not read as a reference to something the template holds when it does not. `user`: who must be let use the key.
 */
export function kmsKeyFix(graph: ResourceGraph, resource: Resource, name: string, placeholder: Names, user: string): SettingFix {
  const dialect = dialectOf(resource);
  const input = inputLeftOut(resource, name);
  const declared = declaredKey(graph, resource, input);
  const keyName = declared ?? placeholder[dialect];
  if (input) return writtenKmsKeyFix(resource, name, keyName, declared !== undefined, user, input);
  // Set in the resource itself, the fix says the same for every resource whose property has one form and names one key:
  // written once (a plan of a thousand notebooks had a thousand alike).
  let written = plainKmsKeyFixes.get(graph);
  if (!written) plainKmsKeyFixes.set(graph, (written = new Map()));
  const alike = `${fixForm(resource, name)}\u0000${name}\u0000${keyName}\u0000${declared !== undefined}\u0000${user}`;
  let fix = written.get(alike);
  if (!fix) written.set(alike, (fix = writtenKmsKeyFix(resource, name, keyName, declared !== undefined, user)));
  return fix;
}

/** By graph, the KMS key fixes set in the resource itself, by what they say: the property's fix form and name, the key's name, whether it is declared, and who uses it. */
const plainKmsKeyFixes = new WeakMap<ResourceGraph, Map<string, SettingFix>>();

function writtenKmsKeyFix(resource: Resource, name: string, keyName: string, declared: boolean, user: string, input?: InputLeftOut): SettingFix {
  const dialect = dialectOf(resource);
  const reference = dialect === 'cloudformation' ? keyName : `aws_kms_key.${keyName}.arn`;
  const value = { reference: { cloudformation: reference, terraform: reference } };
  const where = dialect === 'cloudformation' ? 'template' : 'module';
  if (declared) return settingFix(resource, name, value, `${keyName}, the customer managed KMS key this ${where} declares; its key policy must let ${user} use it`, input);
  return settingFix(resource, name, value, `a customer managed KMS key that ${user} may use: declare it as ${keyName} (${KMS_KEY[dialect]}), which this ${where} does not declare, or put your key's ARN in place of the reference`, input);
}

/**
 * A fix that sets a property; where it is set in a module call rather than in the resource, the finding is located at
 * that call (`locator`), related to the attribute that reads the input, and `fixInCall` is that call where the user's
 * own code writes it (`RuleReport.fixInCall`).
 */
export interface SettingFix {
  fix: Fix;
  locator?: Locator;
  related?: RelatedReport[];
  fixInCall?: SourceLocation;
}

/** The `module` block a fix sets a Terraform property in, as the input the resource's module passes through to it (`Locator.inputLeftOutAt`). */
export function inputLeftOut(resource: Resource, name: string): InputLeftOut | undefined {
  return dialectOf(resource) === 'terraform' ? resource.locator.inputLeftOutAt?.([...propertiesPath(resource), name]) : undefined;
}

/**
 * The fix that sets a property to `value` (`to`: the value as the description says it, and what follows). Where the
 * resource's module passes the property through unchanged from an input that its call leaves out, the fix sets that
 * input in the call (`inputLeftOut`), where the finding is then located: the module itself keeps reading it. `alongside`:
 * properties the fix sets with it, each in the call (with the input it is read from, left out by the same call) where
 * the fix is set there; `to` then says what they are set to.
 */
export function settingFix(resource: Resource, name: string, value: SettingValue, to: string, input = inputLeftOut(resource, name), alongside: readonly AlongsideSetting[] = []): SettingFix {
  const snippet = propertyLines(resource, [{ name, value, ...(input ? { input } : {}) }, ...alongside]);
  if (!input) return { fix: { description: `Set ${name} to ${to}`, snippet } };
  const { call, module } = input;
  const inputs = [input.input, ...alongside.flatMap((setting) => (setting.input ? [setting.input.input] : []))];
  const sets = alongside.length === 0 ? `${name} of ${nameOf(resource)} to it` : `${name} of ${nameOf(resource)} to ${input.input}, ${alongside.map((setting) => `${setting.name} to ${setting.input?.input}`).join(', ')}`;
  return {
    fix: { description: `In the module call ${module}, which leaves out ${inputs.join(' and ')} (its module sets ${sets}), set ${input.input} to ${to}`, snippet },
    locator: { locate: () => call },
    related: [{ message: `where ${nameOf(resource)} reads ${name} from the module's input ${input.input}`, resource, locator: resource.locator, path: [...propertiesPath(resource), name] }],
    ...(input.installed ? {} : { fixInCall: call }),
  };
}

/** `references`: a list of one reference. */
type SettingValue = { text: string } | { reference: Names } | { references: Names } | { boolean: boolean };

/** A property a fix sets beside another (`settingFix`), and the input of the same module call it is read from there. */
export interface AlongsideSetting {
  name: string;
  value: SettingValue;
  input?: InputLeftOut;
}

/**
 * The lines that set the properties in the resource's own syntax, or, for those with an `input`, the inputs in the
 * module call in the syntax of the call's file: one a line, separated by commas in JSON, aligned at `=` in HCL as
 * `terraform fmt` aligns them. `reference` values are references to other resources.
 */
export function propertyLines(resource: Resource, settings: readonly AlongsideSetting[]): string {
  const form = (setting: AlongsideSetting): FixForm => (setting.input ? (setting.input.syntax === 'json' ? 'terraform-json' : 'hcl') : fixForm(resource, setting.name));
  const writtenName = (setting: AlongsideSetting): string => setting.input?.input ?? setting.name;
  const width = Math.max(...settings.map((setting) => writtenName(setting).length));
  const lines = settings.map((setting) => propertyLine(resource, writtenName(setting), setting.value, form(setting), width));
  const firstForm = form(settings[0]!);
  return lines.join(firstForm === 'cloudformation-json' || firstForm === 'terraform-json' ? ',\n' : '\n');
}

/** One property line (`name` padded to `width` in HCL). */
function propertyLine(resource: Resource, name: string, value: SettingValue, form: FixForm, width: number): string {
  const json = form === 'cloudformation-json' || form === 'terraform-json';
  const line = (written: string): string => (form === 'cloudformation-yaml' ? `${name}: ${written}` : json ? `"${name}": ${written}` : `${name.padEnd(width)} = ${written}`);
  if ('boolean' in value) return line(String(value.boolean));
  if ('text' in value) return line(form === 'cloudformation-yaml' ? value.text : `"${value.text}"`);
  const target = ('reference' in value ? value.reference : value.references)[dialectOf(resource)];
  const written = form === 'cloudformation-yaml' ? `!Ref ${target}` : form === 'cloudformation-json' ? `{ "Ref": "${target}" }` : form === 'terraform-json' ? `"\${${target}}"` : target;
  if ('reference' in value) return line(written);
  return form === 'cloudformation-yaml' ? `${name}:\n  - ${written}` : line(`[${written}]`);
}

export interface EnumSpec {
  types: Names;
  property: Names;
  /** Every value AWS accepts (it compares them case-sensitively and rejects any other). */
  accepted: readonly string[];
  /** The accepted values the rule reports; AWS's default is one of them. */
  risky: readonly string[];
  awsDefault: string;
  safe: string;
  /** Said after the fix line (what else the safe value needs); in each dialect's names when it names properties. */
  fixNote: string | Names;
}

/**
 * Reports a string-enum property that is risky, unset while AWS's default is risky, or not a value AWS accepts.
 * Messages: `unset`, `risky`, `invalid`, with data resource, type, property, value, default, accepted.
 */
export function checkEnum(graph: ResourceGraph, spec: EnumSpec): RuleReport[] {
  const reports: RuleReport[] = [];
  const accepted = spec.accepted.join(' or ');
  for (const resource of resourcesOfType(graph, spec.types)) {
    const setting = readSetting(resource, spec.property, spec.awsDefault);
    if (setting.state === 'unknown') continue;
    const text = setting.state === 'set' && typeof setting.value === 'string' ? setting.value : undefined;
    if (text !== undefined && spec.accepted.includes(text) && !spec.risky.includes(text)) continue;
    const base = { resource: nameOf(resource), type: resource.type, property: setting.name, default: spec.awsDefault, accepted };
    const fixNote = typeof spec.fixNote === 'string' ? spec.fixNote : spec.fixNote[dialectOf(resource)];
    const fix = settingFix(resource, setting.name, { text: spec.safe }, `${spec.safe}${fixNote}`);
    if (setting.state === 'unset') {
      reports.push({ messageId: 'unset', data: withProperties(base, { value: '' }), resource, locator: resource.locator, path: setting.path, ...fix });
      continue;
    }
    const messageId = text !== undefined && spec.risky.includes(text) ? 'risky' : 'invalid';
    reports.push({ messageId, data: withProperties(base, { value: shown(setting.value) }), resource, locator: resource.locator, path: setting.path, ...fix });
  }
  return reports;
}

/** Resources of a type on which a property is unset (message `unset`, data resource, type, property), with where a finding points. */
export function unsetOn(graph: ResourceGraph, types: Names, property: Names): Array<{ resource: Resource; name: string; path: Path }> {
  return resourcesOfType(graph, types).flatMap((resource) => {
    const setting = readSetting(resource, property);
    return setting.state === 'unset' ? [{ resource, name: setting.name, path: setting.path }] : [];
  });
}
