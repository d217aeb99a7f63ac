/** Limits every parsed template must respect before anything recurses over it. */
export const MAX_DEPTH = 200;

export const TOO_DEEP = `the document nests deeper than ${MAX_DEPTH} levels`;

/** A limit crossed (the nesting depth, or the node budget); `offset` is where in the text, when the reader knows it. */
export class ShapeError extends Error {
  offset?: number;

  constructor(readonly limit: 'depth' | 'nodes') {
    super(limit === 'depth' ? TOO_DEEP : 'the document expands to too many nodes (YAML alias bomb?)');
  }
}

/** Node budget: without aliases a document cannot have more nodes than characters, so only alias expansion exceeds it. */
export function nodeBudget(text: string): number {
  return 10 * text.length + 100_000;
}

export interface ShapeCounter {
  nodes: number;
  readonly budget: number;
}

export function countNode(counter: ShapeCounter, depth: number): void {
  if (depth > MAX_DEPTH) throw new ShapeError('depth');
  if (++counter.nodes > counter.budget) throw new ShapeError('nodes');
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The key of a mapping written as an intrinsic function (`{Ref: Name}`, `{Fn::Sub: ...}`), the one key it has. */
export function intrinsicKey(value: Record<string, unknown>): string | undefined {
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0]!.startsWith('Fn::')) ? keys[0] : undefined;
}

/** A `${Name}` of a Fn::Sub text that it substitutes: a name of its variable map, or a parameter, pseudo parameter or attribute. */
export interface SubPlaceholder {
  name: string;
  inVariables: boolean;
  /** Where the placeholder is written in the text, and as what. */
  index: number;
  whole: string;
}

/**
 * A Fn::Sub text as CloudFormation reads it, in the order written: literal text, and the placeholders it substitutes.
 * `${!Literal}` writes `${Literal}`, and a name with a colon that is no pseudo parameter's and not in the variable map
 * is an IAM policy variable, written as it is (`${aws:username}`).
 */
export function subPieces(text: string, variables: unknown): Array<string | SubPlaceholder> {
  const pieces: Array<string | SubPlaceholder> = [];
  const literal = (written: string) => {
    if (typeof pieces.at(-1) === 'string') pieces[pieces.length - 1] += written;
    else if (written !== '') pieces.push(written);
  };
  let last = 0;
  for (const { 0: whole, 1: inner, index } of text.matchAll(/\$\{([^}]*)\}/g)) {
    literal(text.slice(last, index));
    last = index + whole.length;
    const name = inner!.trim();
    const inVariables = isPlainObject(variables) && Object.hasOwn(variables, name);
    if (inner!.startsWith('!')) literal(`\${${inner!.slice(1)}}`);
    else if (!inVariables && name.includes(':') && !name.startsWith('AWS::')) literal(whole);
    else pieces.push({ name, inVariables, index, whole });
  }
  literal(text.slice(last));
  return pieces;
}

/** The SAM transform a template declares (`Transform` is a name or a list of them), if any. */
export function samTransformOf(template: Readonly<Record<string, unknown>>): string | undefined {
  return [template.Transform].flat().find((transform): transform is string => typeof transform === 'string' && /^AWS::Serverless-/.test(transform));
}

/** Calls `visit(key, args)` for every single-key mapping (intrinsic-shaped node) under `node`. */
export function walkIntrinsics(node: unknown, visit: (key: string, args: unknown) => void): void {
  if (Array.isArray(node)) for (const item of node) walkIntrinsics(item, visit);
  else if (isPlainObject(node)) {
    const keys = Object.keys(node);
    if (keys.length === 1) visit(keys[0]!, node[keys[0]!]);
    for (const key of keys) walkIntrinsics(node[key], visit);
  }
}
