/**
 * The data sources a module declares that give the owner's account, region and partition (`aws_caller_identity`,
 * `aws_region`, `aws_partition`), for a trust fix that reads them there (`Resource.ownerDataSource`): the `.tf` scan
 * and a plan beside its folder read a module's declarations each their own way, and choose among them here.
 */
import type { OwnerDataSource } from '../../src/model/index.js';
import type { ModuleSource } from './config.js';
import { attributeExpression, literalOf, unwrap } from './origins.js';
import type { SourceAttribute, SourceBlock } from './source.js';

/** A data source of the type, as the module writes it: its block and those of the override files merged into it. */
export interface DeclaredDataSource {
  name: string;
  written: ReadonlyArray<{ source: ModuleSource; block: SourceBlock | undefined }>;
}

/**
 * The one of the declared data sources that gives the owner's value, `current` first: one written with no argument
 * and no `for_each`, created with `provider` (the role's configuration, as the module names it: `aws`, `aws.west`), and
 * with a `count` only where `counted` says every instance of the module makes one (its reference is then at `[0]`);
 * `read` may be one whose `count` some instances do not make (`OwnerDataSource.read`). None where the module cannot
 * name the role's configuration (`provider` undefined: `unnamedProvider`). The names of all of them, and of those the
 * module's `check` blocks declare (readable inside their check only), are taken.
 */
export function ownerDataSource(type: string, declared: readonly DeclaredDataSource[], checkBodies: readonly SourceBlock[], counted: (name: string) => boolean, provider: string | undefined): OwnerDataSource {
  const taken = [...declared.map(({ name }) => name), ...checkBodies.flatMap((body) => checkScopedDataNames(body, type))];
  if (provider === undefined) return { taken, unnamedProvider: true };
  const giving = declared.flatMap(({ name, written }) => {
    const shape = ownerShape(written, provider);
    return shape === undefined ? [] : [{ name, reference: `data.${type}.${name}${shape === 'counted' ? '[0]' : ''}`, everyInstance: shape === 'single' || counted(name) }];
  });
  const chosen = first(giving.filter(({ everyInstance }) => everyInstance));
  const read = chosen ?? first(giving);
  return { ...(chosen ? { reference: chosen.reference } : {}), ...(read ? { read: read.reference } : {}), taken, ...(provider === DEFAULT_PROVIDER ? {} : { provider }) };
}

/** Of the data sources that give the owner's value, `current` first. */
function first<Giving extends { name: string }>(giving: readonly Giving[]): Giving | undefined {
  return giving.find(({ name }) => name === 'current') ?? giving[0];
}

/** The AWS provider's configuration without an alias. */
export const DEFAULT_PROVIDER = 'aws';

/** Meta-arguments that leave a data source giving the owner's value (`//` is a comment of the JSON syntax). */
const KEEPS_OWNER = new Set(['depends_on', 'lifecycle', '//']);

/**
 * Whether the blocks write a data source that gives the owner's value with the provider configuration: `single`, or
 * `counted` where one writes `count`.
 */
function ownerShape(written: DeclaredDataSource['written'], provider: string): 'single' | 'counted' | undefined {
  let counted = false;
  for (const { block } of written) {
    if (!block || block.blocks.some((nested) => nested.type !== 'lifecycle')) return undefined;
    for (const attribute of block.attributes) {
      if (attribute.name === 'count') counted = true;
      else if (!KEEPS_OWNER.has(attribute.name) && attribute.name !== 'provider') return undefined;
    }
  }
  return providerOfBlocks(written) === provider ? (counted ? 'counted' : 'single') : undefined;
}

/**
 * The provider configuration blocks create their resource or data source with, as the module names it: their
 * `provider` argument (`aws.west`; a string in the JSON syntax), the last one an override writes, else the default
 * `aws`. Undefined where the argument reads as no configuration's name.
 */
export function providerOfBlocks(written: DeclaredDataSource['written']): string | undefined {
  let named: string | undefined = DEFAULT_PROVIDER;
  for (const { source, block } of written) {
    const attribute = block?.attributes.findLast((candidate) => candidate.name === 'provider');
    if (attribute) named = providerName(source, attribute);
  }
  return named;
}

/** `aws` or `aws.west`, as `provider = aws.west` or `"provider": "aws.west"` names it. */
function providerName(source: ModuleSource, attribute: SourceAttribute): string | undefined {
  const expression = attributeExpression(source, attribute);
  if (!expression) return undefined;
  const named = unwrap(expression, false);
  if (named.kind === 'traversal') {
    const [alias, ...more] = named.steps;
    if (more.length > 0 || (alias && alias.type !== 'attr')) return undefined;
    return alias?.type === 'attr' ? `${named.root}.${alias.name}` : named.root;
  }
  const literal = literalOf(expression);
  return typeof literal === 'string' && isProviderName(literal) ? literal : undefined;
}

/** Whether a text names a provider configuration: a local name, and an alias after a dot (`aws`, `aws.west`). */
export function isProviderName(text: string): boolean {
  return /^[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)?$/.test(text);
}

/**
 * The names of the data sources of a type that the `check` blocks of a file declare (`check "x" { data "t" "n" {} }`):
 * they are read inside their check only, but hold the name. The JSON syntax's are labelled as HCL's (`JsonSource`).
 */
function checkScopedDataNames(body: SourceBlock, type: string): string[] {
  return body.blocks
    .filter((block) => block.type === 'check')
    .flatMap((check) => check.blocks.filter((nested) => nested.type === 'data' && nested.labels.length === 2 && nested.labels[0] === type))
    .map((data) => data.labels[1]!);
}
