/**
 * Syntax tree of Terraform (HCL native syntax) expressions and templates. Every node carries `start`/`end`
 * offsets into the source text given to `parseExpression`/`parseTemplate`.
 */
import type { Scalar } from '../../../src/model/index.js';

interface NodeBase {
  start: number;
  end: number;
}

export interface LiteralNode extends NodeBase {
  kind: 'literal';
  value: Scalar;
}

/** A literal run of template text, escapes already decoded and strip markers applied. */
export interface TemplateTextNode extends NodeBase {
  kind: 'text';
  value: string;
}

export interface InterpolationNode extends NodeBase {
  kind: 'interpolation';
  expr: Expr;
}

export interface TemplateIfNode extends NodeBase {
  kind: 'templateIf';
  condition: Expr;
  then: TemplateNode;
  else: TemplateNode | undefined;
}

export interface TemplateForNode extends NodeBase {
  kind: 'templateFor';
  keyVar: string | undefined;
  valueVar: string;
  collection: Expr;
  body: TemplateNode;
}

export type TemplatePart = TemplateTextNode | InterpolationNode | TemplateIfNode | TemplateForNode;

/** A quoted string, a heredoc, or a whole template file. */
export interface TemplateNode extends NodeBase {
  kind: 'template';
  parts: TemplatePart[];
}

export interface TupleNode extends NodeBase {
  kind: 'tuple';
  items: Expr[];
}

export interface ObjectItem {
  /** The key as written: an identifier's name, a quoted key's decoded text, or the source of a `(expr)` key. */
  keyText: string;
  /** The key expression; a bare identifier key is a literal, never a reference. */
  key: Expr;
  value: Expr;
  keyStart: number;
  keyEnd: number;
  valueStart: number;
  valueEnd: number;
}

export interface ObjectNode extends NodeBase {
  kind: 'object';
  items: ObjectItem[];
}

export type TraversalStep = { type: 'attr'; name: string; start: number; end: number } | { type: 'index'; key: Expr; start: number; end: number };

/** A reference: a root name (`var`, `local`, `aws_iam_role`, a for-variable) and attribute/index steps. */
export interface ScopeTraversalNode extends NodeBase {
  kind: 'traversal';
  root: string;
  steps: TraversalStep[];
}

/** Attribute or index steps applied to the value of any other expression: `f(x).a`, `[1, 2][0]`. */
export interface RelativeTraversalNode extends NodeBase {
  kind: 'relative';
  source: Expr;
  steps: TraversalStep[];
}

/** `source[*].a.b` (full splat) or `source.*.a` (attribute-only splat): `steps` apply to each element. */
export interface SplatNode extends NodeBase {
  kind: 'splat';
  source: Expr;
  steps: TraversalStep[];
}

export interface CallNode extends NodeBase {
  kind: 'call';
  name: string;
  args: Expr[];
  /** `f(a, list...)`: the last argument's elements are passed as separate arguments. */
  expandFinal: boolean;
}

export interface ConditionalNode extends NodeBase {
  kind: 'conditional';
  condition: Expr;
  then: Expr;
  else: Expr;
}

export interface ForNode extends NodeBase {
  kind: 'for';
  keyVar: string | undefined;
  valueVar: string;
  collection: Expr;
  /** Present for the object form `{for ... : key => value}`. */
  keyExpr: Expr | undefined;
  valueExpr: Expr;
  condition: Expr | undefined;
  /** `value...` in the object form: values of equal keys are grouped into lists. */
  grouping: boolean;
}

export interface UnaryNode extends NodeBase {
  kind: 'unary';
  operator: '!' | '-';
  operand: Expr;
}

export type BinaryOperator = '||' | '&&' | '==' | '!=' | '<' | '>' | '<=' | '>=' | '+' | '-' | '*' | '/' | '%';

export interface BinaryNode extends NodeBase {
  kind: 'binary';
  operator: BinaryOperator;
  left: Expr;
  right: Expr;
}

export interface ParenthesesNode extends NodeBase {
  kind: 'parentheses';
  expr: Expr;
}

export type Expr =
  | LiteralNode
  | TemplateNode
  | TupleNode
  | ObjectNode
  | ScopeTraversalNode
  | RelativeTraversalNode
  | SplatNode
  | CallNode
  | ConditionalNode
  | ForNode
  | UnaryNode
  | BinaryNode
  | ParenthesesNode;

export class ExpressionSyntaxError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
    this.name = 'ExpressionSyntaxError';
  }
}
