/**
 * What both YAML paths agree on: the short-form intrinsic tags and how plain scalars resolve.
 *
 * CloudFormation reads YAML 1.1 without timestamps: `Version: 2012-10-17` stays a string, `yes`/`no`/`on`/`off`
 * are booleans, `0755` is octal, `012345678901` (not octal) stays a string. The fast path (js-yaml 3) and the
 * precise path (the `yaml` package, whose own 1.1 rules differ on such values) both resolve plain scalars
 * with the js-yaml types below, so the two paths always produce the same values.
 */
import { createRequire } from 'node:module';
import type * as JsYaml from 'js-yaml';

const require = createRequire(import.meta.url);
const jsYaml = require('js-yaml') as typeof JsYaml;
const cloudFormationSchema = require('cloudformation-js-yaml-schema') as {
  build(tags: Record<'scalar' | 'sequence' | 'mapping', readonly string[]>, yaml: typeof JsYaml): JsYaml.Type[];
};

/** Every short-form intrinsic (template functions, condition functions, rule functions). */
export const INTRINSIC_TAG_NAMES: ReadonlySet<string> = new Set([
  'Ref', 'Condition', 'Base64', 'Cidr', 'FindInMap', 'GetAtt', 'GetAZs', 'ImportValue', 'Join', 'Select', 'Split',
  'Sub', 'Transform', 'And', 'Equals', 'If', 'Not', 'Or', 'ToJsonString', 'Length', 'ForEach', 'Contains',
  'EachMemberEquals', 'EachMemberIn', 'RefAll', 'ValueOf', 'ValueOfAll',
]);

/** `Ref` and `Condition` keep their names, every other function is `Fn::<Name>`. */
export function longFormKey(tagName: string): string {
  return tagName === 'Ref' || tagName === 'Condition' ? tagName : `Fn::${tagName}`;
}

/** The long form of a short-form tag: `!GetAtt A.B` becomes `{'Fn::GetAtt': ['A', 'B']}` (split at the first dot). */
export function longForm(tagName: string, data: unknown): Record<string, unknown> {
  if (tagName === 'GetAtt' && typeof data === 'string') {
    const dot = data.indexOf('.');
    return { 'Fn::GetAtt': dot < 0 ? [data] : [data.slice(0, dot), data.slice(dot + 1)] };
  }
  return { [longFormKey(tagName)]: data };
}

const TRUE_WORDS = new Set(['true', 'True', 'TRUE', 'yes', 'Yes', 'YES', 'on', 'On', 'ON']);
const FALSE_WORDS = new Set(['false', 'False', 'FALSE', 'no', 'No', 'NO', 'off', 'Off', 'OFF']);

const yaml11Bool = new jsYaml.Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (data: string | null) => data !== null && (TRUE_WORDS.has(data) || FALSE_WORDS.has(data)),
  construct: (data: string) => TRUE_WORDS.has(data),
});

function builtInType(name: string): JsYaml.Type {
  const schemas = [jsYaml.JSON_SCHEMA, jsYaml.DEFAULT_SAFE_SCHEMA] as JsYaml.SchemaDefinition[];
  const types = schemas.flatMap((schema) => schema.implicit ?? []) as JsYaml.Type[];
  const type = types.find((candidate) => (candidate as unknown as { tag: string }).tag === `tag:yaml.org,2002:${name}`);
  if (!type) throw new Error(`js-yaml has no ${name} type`);
  return type;
}

/** Implicit scalar types in resolution order (no timestamp). */
const PLAIN_SCALAR_TYPES = [builtInType('null'), yaml11Bool, builtInType('int'), builtInType('float')];

const tagNames = [...INTRINSIC_TAG_NAMES];

/** js-yaml schema: YAML 1.1 scalars without timestamps, merge keys, and every intrinsic tag in every node kind. */
const FAST_YAML_SCHEMA = new jsYaml.Schema({
  include: [jsYaml.FAILSAFE_SCHEMA],
  implicit: [...PLAIN_SCALAR_TYPES, builtInType('merge')],
  explicit: cloudFormationSchema.build({ scalar: tagNames, sequence: tagNames, mapping: tagNames }, jsYaml),
});

export const safeLoadYaml = (text: string): unknown => jsYaml.safeLoad(text, { schema: FAST_YAML_SCHEMA });

/** The value of an untagged plain scalar, exactly as the fast path resolves it. */
export function resolvePlainScalar(source: string): unknown {
  for (const type of PLAIN_SCALAR_TYPES) if (type.resolve(source)) return type.construct(source);
  return source;
}

/** The objects cloudformation-js-yaml-schema builds for tagged nodes: `{class, name, data}` of a per-tag class. */
export function isTagObject(value: object): value is { name: string; data: unknown } {
  return Object.getPrototypeOf(value) !== Object.prototype && !Array.isArray(value) && INTRINSIC_TAG_NAMES.has((value as { name?: string }).name ?? '');
}
