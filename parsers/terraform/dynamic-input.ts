/**
 * Statements written as objects a module turns into blocks: `trust_policy_permissions = { X = { actions = [...],
 * principals = [{ type, identifiers }], condition = [{ test, variable, values }] } }`, which the module's
 * `dynamic "statement"` block iterates, its nested `dynamic "condition"` block making a `condition` block of each entry
 * of the object's `condition`. A fix goes into that object, written as the module reads it: `condition {}` blocks do not
 * parse there. The keys are the ones the content of the dynamic blocks reads from its iterator (`statement.value.condition`,
 * `condition.value.test`), whatever the module names them.
 */
import { isObject, type Value, type ValueObject } from '../../src/model/index.js';
import { traversalsIn } from './expression/index.js';
import { attributeExpression, originOf } from './origins.js';
import type { HclSource, SourceBlock } from './source.js';

/** How an object that a dynamic block made a statement of writes one: the keys the module reads. */
export interface StatementInput {
  /** Whether the dynamic block iterates a map (a statement of its own is an entry under a key) or a list. */
  keyed: boolean;
  /** The element's key of its conditions, and each condition object's keys. */
  condition: { list: string; test: string; variable: string; values: string };
  /** Whether the object already writes conditions (the fix's go into its list). */
  writesConditions: boolean;
  /** The keys of a statement of its own: its actions and principals. */
  statement: { actions: string; principals: { list: string; type: string; identifiers: string } };
}

/** What a dynamic block made a block of: its iterator's element and the `content` block that wrote it. */
interface DynamicMade {
  iterator: string;
  element: Value;
  keyed: boolean;
  content: SourceBlock;
  /** Only blocks written in HCL: a `.tf.json` file writes the element's keys in JSON, which the fix is not written in. */
  source: HclSource;
}

const madeByDynamic = new WeakMap<ValueObject, DynamicMade>();

/** Remembers that `block` is what a dynamic block's `content` made of `element`. */
export function recordDynamicBlock(block: ValueObject, made: DynamicMade): void {
  madeByDynamic.set(block, made);
}

const inputs = new WeakMap<ValueObject, StatementInput | null>();

/**
 * How the statement block a policy document was built from is written as an object, when a dynamic block made it of
 * an object written in the configuration and reads its conditions from that object; undefined otherwise (a block
 * written as a block, an element built by an expression, a content whose conditions are its own).
 */
export function statementInput(block: ValueObject): StatementInput | undefined {
  let input = inputs.get(block);
  if (input === undefined) inputs.set(block, (input = readStatementInput(block) ?? null));
  return input ?? undefined;
}

function readStatementInput(block: ValueObject): StatementInput | undefined {
  const made = madeByDynamic.get(block);
  // The fix is written into the element: it must be an object the configuration writes as one.
  if (!made || !isObject(made.element) || !originOf(made.element)) return undefined;
  const { content, source, iterator, element } = made;
  const condition = nestedInput(content, source, iterator, 'condition', ['test', 'variable', 'values']);
  if (!condition) return undefined;
  // A fix may move a principal into a statement of its own, written with the same keys.
  const actions = attributeKey(content, source, iterator, 'actions');
  const principals = nestedInput(content, source, iterator, 'principals', ['type', 'identifiers']);
  if (!actions || !principals) return undefined;
  const written = element[condition.list];
  return {
    keyed: made.keyed,
    condition: { list: condition.list, test: condition.keys.test!, variable: condition.keys.variable!, values: condition.keys.values! },
    writesConditions: Array.isArray(written) ? written.length > 0 : written !== undefined && written !== null,
    statement: { actions, principals: { list: principals.list, type: principals.keys.type!, identifiers: principals.keys.identifiers! } },
  };
}

/**
 * The key of the element a `dynamic "<type>"` block of the content iterates (`for_each = statement.value.condition`),
 * and the keys its own content reads from its entries for each attribute named.
 */
function nestedInput(content: SourceBlock, source: HclSource, iterator: string, type: string, attributes: readonly string[]): { list: string; keys: Record<string, string> } | undefined {
  const nested = content.blocks.filter((candidate) => candidate.type === 'dynamic' && candidate.labels[0] === type);
  if (nested.length !== 1) return undefined;
  const dynamic = nested[0]!;
  const list = attributeKey(dynamic, source, iterator, 'for_each');
  const innerContent = dynamic.blocks.filter((candidate) => candidate.type === 'content');
  if (list === undefined || innerContent.length !== 1) return undefined;
  const innerIterator = iteratorName(dynamic, source) ?? type;
  const keys: Record<string, string> = {};
  for (const attribute of attributes) {
    const key = attributeKey(innerContent[0]!, source, innerIterator, attribute);
    if (key === undefined) return undefined;
    keys[attribute] = key;
  }
  return { list, keys };
}

/** The one key of an iterator's value that an attribute of the block reads (`actions = statement.value.actions`). */
function attributeKey(block: SourceBlock, source: HclSource, iterator: string, name: string): string | undefined {
  const attribute = block.attributes.find((candidate) => candidate.name === name);
  const expression = attribute && attributeExpression(source, attribute);
  if (!expression) return undefined;
  const keys = new Set<string>();
  for (const traversal of traversalsIn(expression)) {
    if (traversal[0] !== iterator) continue;
    const [, step, key] = traversal;
    // The iterator read otherwise (its key, the value whole) is not a key of the element.
    if (step !== 'value' || typeof key !== 'string') return undefined;
    keys.add(key);
  }
  return keys.size === 1 ? [...keys][0] : undefined;
}

/** The name a dynamic block's `iterator` argument gives its iterator, if it writes one. */
function iteratorName(dynamic: SourceBlock, source: HclSource): string | undefined {
  const attribute = dynamic.attributes.find((candidate) => candidate.name === 'iterator');
  const expression = attribute && attributeExpression(source, attribute);
  return expression?.kind === 'traversal' && expression.steps.length === 0 ? expression.root : undefined;
}
