/**
 * Hand-written recursive-descent parser for HCL native-syntax expressions and templates. It works on the
 * characters directly (no token array): attribute values are short and parsed once (results are cached by
 * source text), so a separate lexing pass would only cost allocations.
 */
import {
  ExpressionSyntaxError,
  type BinaryOperator,
  type Expr,
  type ForNode,
  type ObjectItem,
  type TemplateNode,
  type TemplatePart,
  type TraversalStep,
} from './ast.js';

const MAX_DEPTH = 200;

const PRECEDENCE: Record<BinaryOperator, number> = { '||': 1, '&&': 2, '==': 3, '!=': 3, '<': 4, '>': 4, '<=': 4, '>=': 4, '+': 5, '-': 5, '*': 6, '/': 6, '%': 6 };

const enum Char {
  Tab = 9,
  LineFeed = 10,
  CarriageReturn = 13,
  Space = 32,
  Bang = 33,
  Quote = 34,
  Hash = 35,
  Dollar = 36,
  Percent = 37,
  Ampersand = 38,
  OpenParen = 40,
  CloseParen = 41,
  Star = 42,
  Plus = 43,
  Comma = 44,
  Minus = 45,
  Dot = 46,
  Slash = 47,
  Zero = 48,
  Nine = 57,
  Colon = 58,
  Less = 60,
  Equals = 61,
  Greater = 62,
  Question = 63,
  UpperA = 65,
  UpperE = 69,
  UpperZ = 90,
  OpenBracket = 91,
  Backslash = 92,
  CloseBracket = 93,
  Underscore = 95,
  LowerA = 97,
  LowerE = 101,
  LowerZ = 122,
  OpenBrace = 123,
  Pipe = 124,
  CloseBrace = 125,
  Tilde = 126,
}

const isDigit = (code: number) => code >= Char.Zero && code <= Char.Nine;
const isIdentStart = (code: number) =>
  (code >= Char.LowerA && code <= Char.LowerZ) || (code >= Char.UpperA && code <= Char.UpperZ) || code === Char.Underscore || (code > 127 && /\p{ID_Start}/u.test(String.fromCharCode(code)));
const isIdentPart = (code: number) => isIdentStart(code) || isDigit(code) || code === Char.Minus || (code > 127 && /\p{ID_Continue}/u.test(String.fromCharCode(code)));
const isTemplateSpace = (code: number) => code === Char.Space || code === Char.Tab || code === Char.LineFeed || code === Char.CarriageReturn;

type TemplateMode = 'quoted' | 'heredoc' | 'raw';

/** Characters that may end a run of plain template text in some mode. */
const isTemplateSpecial = (code: number) => code === Char.Dollar || code === Char.Percent || code === Char.Quote || code === Char.Backslash || code === Char.LineFeed;

type TemplateItem =
  | { type: 'text'; value: string; start: number; end: number }
  | { type: 'interpolation'; expr: Expr; stripBefore: boolean; stripAfter: boolean; start: number; end: number }
  | { type: 'if'; condition: Expr; stripBefore: boolean; stripAfter: boolean; start: number; end: number }
  | { type: 'for'; keyVar: string | undefined; valueVar: string; collection: Expr; stripBefore: boolean; stripAfter: boolean; start: number; end: number }
  | { type: 'else' | 'endif' | 'endfor'; stripBefore: boolean; stripAfter: boolean; start: number; end: number };

class Parser {
  private pos = 0;
  private depth = 0;

  constructor(private readonly src: string) {}

  parseWholeExpression(): Expr {
    const expr = this.expression();
    this.skipSpace();
    if (this.pos < this.src.length) this.fail(`unexpected ${this.describe()} after the expression`);
    return expr;
  }

  parseWholeTemplate(): TemplateNode {
    return this.template('raw', 0, this.src.length, false);
  }

  private fail(message: string, offset = this.pos): never {
    throw new ExpressionSyntaxError(offset, message);
  }

  private describe(): string {
    if (this.pos >= this.src.length) return 'end of expression';
    return `"${this.src.slice(this.pos, this.pos + 12).split('\n')[0]}"`;
  }

  private code(offset = 0): number {
    return this.src.charCodeAt(this.pos + offset);
  }

  /** Skips spaces, newlines and comments (`#`, `//`, `/* *\/`). */
  private skipSpace(): void {
    const src = this.src;
    while (this.pos < src.length) {
      const code = src.charCodeAt(this.pos);
      if (code === Char.Space || code === Char.Tab || code === Char.LineFeed || code === Char.CarriageReturn) this.pos++;
      else if (code === Char.Hash || (code === Char.Slash && src.charCodeAt(this.pos + 1) === Char.Slash)) {
        const end = src.indexOf('\n', this.pos);
        this.pos = end < 0 ? src.length : end + 1;
      } else if (code === Char.Slash && src.charCodeAt(this.pos + 1) === Char.Star) {
        const end = src.indexOf('*/', this.pos + 2);
        if (end < 0) this.fail('unterminated comment');
        this.pos = end + 2;
      } else break;
    }
  }

  private expect(char: string): void {
    this.skipSpace();
    if (this.src.startsWith(char, this.pos)) this.pos += char.length;
    else this.fail(`expected "${char}" but found ${this.describe()}`);
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) this.fail('expression nested too deeply');
  }

  private identifier(): string {
    const start = this.pos;
    if (!isIdentStart(this.code())) this.fail(`expected a name but found ${this.describe()}`);
    this.pos++;
    while (this.pos < this.src.length && isIdentPart(this.code())) this.pos++;
    return this.src.slice(start, this.pos);
  }

  private peekIdentifier(): string | undefined {
    this.skipSpace();
    if (!isIdentStart(this.code())) return undefined;
    let end = this.pos + 1;
    while (end < this.src.length && isIdentPart(this.src.charCodeAt(end))) end++;
    return this.src.slice(this.pos, end);
  }

  expression(): Expr {
    this.enter();
    const condition = this.binary(1);
    this.skipSpace();
    let result = condition;
    if (this.code() === Char.Question) {
      this.pos++;
      const then = this.expression();
      this.expect(':');
      const otherwise = this.expression();
      result = { kind: 'conditional', condition, then, else: otherwise, start: condition.start, end: otherwise.end };
    }
    this.depth--;
    return result;
  }

  /** Precedence climbing over HCL's six binary levels (`||` lowest, `*` `/` `%` highest). */
  private binary(minimum: number): Expr {
    let left = this.unary();
    for (;;) {
      this.skipSpace();
      const operator = this.binaryOperator();
      if (operator === undefined || PRECEDENCE[operator] < minimum) return left;
      this.pos += operator.length;
      const right = this.binary(PRECEDENCE[operator] + 1);
      left = { kind: 'binary', operator, left, right, start: left.start, end: right.end };
    }
  }

  private binaryOperator(): BinaryOperator | undefined {
    const next = this.code(1);
    switch (this.code()) {
      case Char.Pipe:
        return next === Char.Pipe ? '||' : undefined;
      case Char.Ampersand:
        return next === Char.Ampersand ? '&&' : undefined;
      case Char.Equals:
        return next === Char.Equals ? '==' : undefined;
      case Char.Bang:
        return next === Char.Equals ? '!=' : undefined;
      case Char.Less:
        return next === Char.Equals ? '<=' : '<';
      case Char.Greater:
        return next === Char.Equals ? '>=' : '>';
      case Char.Plus:
        return '+';
      case Char.Minus:
        return '-';
      case Char.Star:
        return '*';
      case Char.Slash:
        return '/';
      case Char.Percent:
        return '%';
      default:
        return undefined;
    }
  }

  private unary(): Expr {
    this.skipSpace();
    const start = this.pos;
    const code = this.code();
    if (code === Char.Bang || code === Char.Minus) {
      this.enter();
      this.pos++;
      const operand = this.unary();
      this.depth--;
      return { kind: 'unary', operator: code === Char.Bang ? '!' : '-', operand, start, end: operand.end };
    }
    return this.postfix(this.primary());
  }

  private postfix(base: Expr): Expr {
    let expr = base;
    for (;;) {
      const before = this.pos;
      this.skipSpace();
      const code = this.code();
      const stepStart = this.pos;
      if (code === Char.Dot && this.code(1) !== Char.Dot) {
        this.pos++;
        this.skipSpace();
        if (this.code() === Char.Star) {
          this.pos++;
          expr = this.splat(expr, false, stepStart);
          continue;
        }
        if (isDigit(this.code())) {
          const digitsStart = this.pos;
          while (isDigit(this.code())) this.pos++;
          const index = Number(this.src.slice(digitsStart, this.pos));
          expr = this.withStep(expr, { type: 'index', key: { kind: 'literal', value: index, start: digitsStart, end: this.pos }, start: stepStart, end: this.pos });
          continue;
        }
        const name = this.identifier();
        expr = this.withStep(expr, { type: 'attr', name, start: stepStart, end: this.pos });
        continue;
      }
      if (code === Char.OpenBracket) {
        this.pos++;
        this.skipSpace();
        if (this.code() === Char.Star) {
          this.pos++;
          this.expect(']');
          expr = this.splat(expr, true, stepStart);
          continue;
        }
        const key = this.expression();
        this.expect(']');
        expr = this.withStep(expr, { type: 'index', key, start: stepStart, end: this.pos });
        continue;
      }
      this.pos = before;
      return expr;
    }
  }

  private withStep(expr: Expr, step: TraversalStep): Expr {
    if (expr.kind === 'traversal' || expr.kind === 'relative') {
      // The node was built by this parse and is not shared yet: extend it in place.
      expr.steps.push(step);
      expr.end = step.end;
      return expr;
    }
    return { kind: 'relative', source: expr, steps: [step], start: expr.start, end: step.end };
  }

  /** After `[*]` every attribute and index step applies to each element; after `.*` only attribute steps do. */
  private splat(source: Expr, full: boolean, splatStart: number): Expr {
    const steps: TraversalStep[] = [];
    let end = this.pos;
    for (;;) {
      const before = this.pos;
      this.skipSpace();
      const stepStart = this.pos;
      const code = this.code();
      if (code === Char.Dot && this.code(1) !== Char.Dot && this.code(1) !== Char.Star) {
        this.pos++;
        this.skipSpace();
        if (isDigit(this.code())) {
          const digitsStart = this.pos;
          while (isDigit(this.code())) this.pos++;
          steps.push({ type: 'index', key: { kind: 'literal', value: Number(this.src.slice(digitsStart, this.pos)), start: digitsStart, end: this.pos }, start: stepStart, end: this.pos });
        } else {
          steps.push({ type: 'attr', name: this.identifier(), start: stepStart, end: this.pos });
        }
        end = this.pos;
        continue;
      }
      if (full && code === Char.OpenBracket && this.code(1) !== Char.Star) {
        this.pos++;
        const key = this.expression();
        this.expect(']');
        steps.push({ type: 'index', key, start: stepStart, end: this.pos });
        end = this.pos;
        continue;
      }
      this.pos = before;
      break;
    }
    return { kind: 'splat', source, steps, start: Math.min(source.start, splatStart), end };
  }

  private primary(): Expr {
    this.skipSpace();
    const start = this.pos;
    const code = this.code();
    if (isDigit(code)) return this.number();
    if (code === Char.Quote) {
      this.pos++;
      return this.template('quoted', this.pos, this.src.length, false, start);
    }
    if (code === Char.Less && this.code(1) === Char.Less) return this.heredoc();
    if (code === Char.OpenParen) {
      this.pos++;
      const expr = this.expression();
      this.expect(')');
      return { kind: 'parentheses', expr, start, end: this.pos };
    }
    if (code === Char.OpenBracket) return this.tupleOrFor();
    if (code === Char.OpenBrace) return this.objectOrFor();
    if (isIdentStart(code)) {
      const name = this.identifier();
      if (name === 'true' || name === 'false') return { kind: 'literal', value: name === 'true', start, end: this.pos };
      if (name === 'null') return { kind: 'literal', value: null, start, end: this.pos };
      // A call needs its parenthesis on the same line: in an object, `a = f` followed by a line `(k) = v` is two items.
      let lookahead = this.pos;
      while (this.src.charCodeAt(lookahead) === Char.Space || this.src.charCodeAt(lookahead) === Char.Tab) lookahead++;
      if (this.src.charCodeAt(lookahead) === Char.OpenParen) {
        this.pos = lookahead + 1;
        return this.call(name, start);
      }
      // Provider-namespaced functions (`provider::aws::arn_parse(...)`) are calls too.
      if (this.src.startsWith('::', this.pos)) {
        while (this.src.startsWith('::', this.pos)) {
          this.pos += 2;
          this.identifier();
        }
        const qualified = this.src.slice(start, this.pos);
        this.expect('(');
        return this.call(qualified, start);
      }
      return { kind: 'traversal', root: name, steps: [], start, end: this.pos };
    }
    if (this.pos >= this.src.length) this.fail('expected an expression but found the end of the text');
    return this.fail(`unexpected ${this.describe()}`);
  }

  private number(): Expr {
    const start = this.pos;
    while (isDigit(this.code())) this.pos++;
    if (this.code() === Char.Dot && isDigit(this.code(1))) {
      this.pos++;
      while (isDigit(this.code())) this.pos++;
    }
    if (this.code() === Char.LowerE || this.code() === Char.UpperE) {
      let cursor = this.pos + 1;
      if (this.src.charCodeAt(cursor) === Char.Plus || this.src.charCodeAt(cursor) === Char.Minus) cursor++;
      if (isDigit(this.src.charCodeAt(cursor))) {
        this.pos = cursor;
        while (isDigit(this.code())) this.pos++;
      }
    }
    return { kind: 'literal', value: Number(this.src.slice(start, this.pos)), start, end: this.pos };
  }

  private call(name: string, start: number): Expr {
    this.enter();
    const args: Expr[] = [];
    let expandFinal = false;
    this.skipSpace();
    while (this.code() !== Char.CloseParen) {
      args.push(this.expression());
      this.skipSpace();
      if (this.src.startsWith('...', this.pos)) {
        this.pos += 3;
        expandFinal = true;
        this.skipSpace();
        if (this.code() === Char.Comma) this.pos++;
        this.skipSpace();
        if (this.code() !== Char.CloseParen) this.fail('"..." may only follow the last argument');
        break;
      }
      if (this.code() === Char.Comma) {
        this.pos++;
        this.skipSpace();
      } else if (this.code() !== Char.CloseParen) this.fail(`expected "," or ")" in the arguments of ${name} but found ${this.describe()}`);
    }
    this.pos++;
    this.depth--;
    return { kind: 'call', name, args, expandFinal, start, end: this.pos };
  }

  private isForKeyword(): boolean {
    const name = this.peekIdentifier();
    if (name !== 'for') return false;
    const after = this.src.charCodeAt(this.pos + 3);
    return isTemplateSpace(after);
  }

  private tupleOrFor(): Expr {
    const start = this.pos;
    this.pos++;
    this.enter();
    if (this.isForKeyword()) {
      const node = this.forExpression(start, false);
      this.depth--;
      return node;
    }
    const items: Expr[] = [];
    this.skipSpace();
    while (this.code() !== Char.CloseBracket) {
      if (this.pos >= this.src.length) this.fail('unterminated tuple: expected "]"', start);
      items.push(this.expression());
      this.skipSpace();
      if (this.code() === Char.Comma) {
        this.pos++;
        this.skipSpace();
      } else if (this.code() !== Char.CloseBracket) this.fail(`expected "," or "]" but found ${this.describe()}`);
    }
    this.pos++;
    this.depth--;
    return { kind: 'tuple', items, start, end: this.pos };
  }

  private objectOrFor(): Expr {
    const start = this.pos;
    this.pos++;
    this.enter();
    if (this.isForKeyword()) {
      const node = this.forExpression(start, true);
      this.depth--;
      return node;
    }
    const items: ObjectItem[] = [];
    this.skipSpace();
    while (this.code() !== Char.CloseBrace) {
      if (this.pos >= this.src.length) this.fail('unterminated object: expected "}"', start);
      items.push(this.objectItem());
      this.skipSpace();
      if (this.code() === Char.Comma) {
        this.pos++;
        this.skipSpace();
      }
    }
    this.pos++;
    this.depth--;
    return { kind: 'object', items, start, end: this.pos };
  }

  private objectItem(): ObjectItem {
    const keyStart = this.pos;
    let key: Expr;
    let keyText: string;
    if (this.code() === Char.OpenParen) {
      key = this.primary();
      keyText = this.src.slice(keyStart + 1, key.end - 1).trim();
    } else {
      key = this.binary(1);
      if (key.kind === 'traversal' && key.steps.length === 0) {
        keyText = key.root;
        key = { kind: 'literal', value: key.root, start: key.start, end: key.end };
      } else if (key.kind === 'template' && key.parts.every((part) => part.kind === 'text')) {
        keyText = key.parts.map((part) => (part.kind === 'text' ? part.value : '')).join('');
      } else {
        keyText = this.src.slice(key.start, key.end);
      }
    }
    const keyEnd = key.end;
    this.skipSpace();
    const code = this.code();
    if ((code === Char.Equals && this.code(1) !== Char.Equals) || code === Char.Colon) this.pos++;
    else this.fail(`expected "=" after the object key "${keyText}" but found ${this.describe()}`);
    const value = this.expression();
    return { keyText, key, value, keyStart, keyEnd, valueStart: value.start, valueEnd: value.end };
  }

  private forExpression(start: number, object: boolean): ForNode {
    this.skipSpace();
    this.pos += 3;
    this.skipSpace();
    let valueVar = this.identifier();
    let keyVar: string | undefined;
    this.skipSpace();
    if (this.code() === Char.Comma) {
      this.pos++;
      this.skipSpace();
      keyVar = valueVar;
      valueVar = this.identifier();
    }
    if (this.peekIdentifier() !== 'in') this.fail(`expected "in" in the for expression but found ${this.describe()}`);
    this.pos += 2;
    const collection = this.expression();
    this.expect(':');
    let keyExpr: Expr | undefined;
    let valueExpr = this.expression();
    let grouping = false;
    if (object) {
      this.expect('=>');
      keyExpr = valueExpr;
      valueExpr = this.expression();
      this.skipSpace();
      if (this.src.startsWith('...', this.pos)) {
        this.pos += 3;
        grouping = true;
      }
    }
    let condition: Expr | undefined;
    if (this.peekIdentifier() === 'if') {
      this.pos += 2;
      condition = this.expression();
    }
    this.expect(object ? '}' : ']');
    return { kind: 'for', keyVar, valueVar, collection, keyExpr, valueExpr, condition, grouping, start, end: this.pos };
  }

  private heredoc(): Expr {
    const start = this.pos;
    this.pos += 2;
    const flush = this.code() === Char.Minus;
    if (flush) this.pos++;
    const marker = this.identifier();
    while (this.code() === Char.Space || this.code() === Char.Tab || this.code() === Char.CarriageReturn) this.pos++;
    if (this.code() !== Char.LineFeed) this.fail(`a heredoc marker <<${marker} must end its line`);
    const contentStart = ++this.pos;
    let lineStart = contentStart;
    let contentEnd = -1;
    let after = -1;
    while (lineStart <= this.src.length) {
      const newline = this.src.indexOf('\n', lineStart);
      const lineEnd = newline < 0 ? this.src.length : newline;
      if (this.src.slice(lineStart, lineEnd).trim() === marker) {
        contentEnd = lineStart;
        after = this.src.indexOf(marker, lineStart) + marker.length;
        break;
      }
      if (newline < 0) break;
      lineStart = newline + 1;
    }
    if (contentEnd < 0) this.fail(`unterminated heredoc: no line closes <<${marker}`, start);
    const node = this.template('heredoc', contentStart, contentEnd, flush, start);
    this.pos = after;
    node.end = after;
    return node;
  }

  /**
   * A template from `from` to `to` (exclusive; a quoted template instead ends at its closing quote).
   * `flush`: a `<<-` heredoc, whose common indentation is removed.
   */
  private template(mode: TemplateMode, from: number, to: number, flush: boolean, nodeStart = from): TemplateNode {
    this.enter();
    this.pos = from;
    let items = this.templateItems(mode, to);
    const end = mode === 'quoted' ? this.pos : to;
    applyStripMarkers(items);
    if (flush) items = flushIndent(items);
    const cursor = { index: 0 };
    const parts = this.templateParts(items, cursor, undefined);
    if (cursor.index < items.length) {
      const stray = items[cursor.index];
      this.fail(`unexpected %{${stray.type}} in the template`, stray.start);
    }
    this.depth--;
    return { kind: 'template', parts, start: nodeStart, end };
  }

  private templateItems(mode: TemplateMode, to: number): TemplateItem[] {
    const src = this.src;
    const items: TemplateItem[] = [];
    let text = '';
    let textStart = this.pos;
    const flushText = () => {
      if (text !== '') items.push({ type: 'text', value: text, start: textStart, end: this.pos });
      text = '';
    };
    for (;;) {
      if (this.pos >= to) {
        if (mode === 'quoted') this.fail('unterminated string: expected a closing quote', textStart);
        break;
      }
      const code = src.charCodeAt(this.pos);
      if (mode === 'quoted' && code === Char.Quote) {
        flushText();
        this.pos++;
        break;
      }
      if ((code === Char.Dollar || code === Char.Percent) && src.charCodeAt(this.pos + 1) === Char.OpenBrace) {
        flushText();
        items.push(code === Char.Dollar ? this.interpolation() : this.directive());
        textStart = this.pos;
        continue;
      }
      if ((code === Char.Dollar || code === Char.Percent) && src.charCodeAt(this.pos + 1) === code && src.charCodeAt(this.pos + 2) === Char.OpenBrace) {
        // `$${` and `%%{` are escapes for a literal `${` / `%{`.
        text += code === Char.Dollar ? '${' : '%{';
        this.pos += 3;
        continue;
      }
      if (mode === 'quoted' && code === Char.Backslash) {
        text += this.escape();
        continue;
      }
      if (mode === 'quoted' && code === Char.LineFeed) this.fail('unterminated string: a quoted string cannot span lines', textStart);
      if (code === Char.LineFeed) {
        text += '\n';
        this.pos++;
        // HCL reads a heredoc line by line: a strip marker trims only the neighbouring line's piece.
        if (mode === 'heredoc') {
          flushText();
          textStart = this.pos;
        }
        continue;
      }
      const runStart = this.pos++;
      while (this.pos < to && !isTemplateSpecial(src.charCodeAt(this.pos))) this.pos++;
      text += src.slice(runStart, this.pos);
    }
    flushText();
    return items;
  }

  private escape(): string {
    const start = this.pos;
    const next = this.src[this.pos + 1];
    this.pos += 2;
    switch (next) {
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case '"':
        return '"';
      case '\\':
        return '\\';
      case 'u':
      case 'U': {
        const length = next === 'u' ? 4 : 8;
        const hex = this.src.slice(this.pos, this.pos + length);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== length) this.fail(`invalid escape \\${next}${hex}`, start);
        this.pos += length;
        const codePoint = parseInt(hex, 16);
        if (codePoint > 0x10ffff) this.fail(`invalid code point \\${next}${hex}`, start);
        return String.fromCodePoint(codePoint);
      }
      default:
        return this.fail(`invalid escape sequence \\${next ?? ''}`, start);
    }
  }

  /** At `${`: the interpolated expression, with its `~` strip markers. */
  private interpolation(): TemplateItem {
    const start = this.pos;
    this.pos += 2;
    const stripBefore = this.code() === Char.Tilde;
    if (stripBefore) this.pos++;
    const expr = this.expression();
    const stripAfter = this.closeTemplateSequence();
    return { type: 'interpolation', expr, stripBefore, stripAfter, start, end: this.pos };
  }

  /** Consumes an optional `~` and the closing `}`; returns whether the `~` was there. */
  private closeTemplateSequence(): boolean {
    this.skipSpace();
    let strip = false;
    if (this.code() === Char.Tilde) {
      strip = true;
      this.pos++;
    }
    if (this.code() !== Char.CloseBrace) this.fail(`expected "}" to close the template sequence but found ${this.describe()}`);
    this.pos++;
    return strip;
  }

  private directive(): TemplateItem {
    const start = this.pos;
    this.pos += 2;
    const stripBefore = this.code() === Char.Tilde;
    if (stripBefore) this.pos++;
    this.skipSpace();
    const keyword = this.identifier();
    switch (keyword) {
      case 'if': {
        const condition = this.expression();
        return { type: 'if', condition, stripBefore, stripAfter: this.closeTemplateSequence(), start, end: this.pos };
      }
      case 'for': {
        this.skipSpace();
        let valueVar = this.identifier();
        let keyVar: string | undefined;
        this.skipSpace();
        if (this.code() === Char.Comma) {
          this.pos++;
          this.skipSpace();
          keyVar = valueVar;
          valueVar = this.identifier();
        }
        if (this.peekIdentifier() !== 'in') this.fail(`expected "in" in the template for directive but found ${this.describe()}`);
        this.pos += 2;
        const collection = this.expression();
        return { type: 'for', keyVar, valueVar, collection, stripBefore, stripAfter: this.closeTemplateSequence(), start, end: this.pos };
      }
      case 'else':
      case 'endif':
      case 'endfor':
        return { type: keyword, stripBefore, stripAfter: this.closeTemplateSequence(), start, end: this.pos };
      default:
        return this.fail(`unknown template directive %{${keyword}}`, start);
    }
  }

  /** Nests directives: reads parts until an `else`/`endif`/`endfor` item (left for the caller) or the end. */
  private templateParts(items: TemplateItem[], cursor: { index: number }, closers: ReadonlySet<string> | undefined): TemplatePart[] {
    const parts: TemplatePart[] = [];
    while (cursor.index < items.length) {
      const item = items[cursor.index];
      if (item.type === 'else' || item.type === 'endif' || item.type === 'endfor') {
        if (closers?.has(item.type)) return parts;
        this.fail(`unexpected %{${item.type}} in the template`, item.start);
      }
      cursor.index++;
      if (item.type === 'text') parts.push({ kind: 'text', value: item.value, start: item.start, end: item.end });
      else if (item.type === 'interpolation') parts.push({ kind: 'interpolation', expr: item.expr, start: item.start, end: item.end });
      else if (item.type === 'if') {
        const thenParts = this.templateParts(items, cursor, IF_CLOSERS);
        let elseNode: TemplateNode | undefined;
        let closer = items[cursor.index];
        if (closer?.type === 'else') {
          cursor.index++;
          const elseParts = this.templateParts(items, cursor, ENDIF);
          elseNode = partsNode(elseParts, closer.end, items[cursor.index]?.start ?? closer.end);
          closer = items[cursor.index];
        }
        if (closer?.type !== 'endif') this.fail('%{if} without a matching %{endif}', item.start);
        cursor.index++;
        const thenNode = partsNode(thenParts, item.end, elseNode ? elseNode.start : closer.start);
        parts.push({ kind: 'templateIf', condition: item.condition, then: thenNode, else: elseNode, start: item.start, end: closer.end });
      } else if (item.type === 'for') {
        const bodyParts = this.templateParts(items, cursor, ENDFOR);
        const closer = items[cursor.index];
        if (closer?.type !== 'endfor') this.fail('%{for} without a matching %{endfor}', item.start);
        cursor.index++;
        parts.push({
          kind: 'templateFor',
          keyVar: item.keyVar,
          valueVar: item.valueVar,
          collection: item.collection,
          body: partsNode(bodyParts, item.end, closer.start),
          start: item.start,
          end: closer.end,
        });
      }
    }
    return parts;
  }
}

const IF_CLOSERS: ReadonlySet<string> = new Set(['else', 'endif']);
const ENDIF: ReadonlySet<string> = new Set(['endif']);
const ENDFOR: ReadonlySet<string> = new Set(['endfor']);

function partsNode(parts: TemplatePart[], start: number, end: number): TemplateNode {
  return { kind: 'template', parts, start, end };
}

/** `~` after `${`/`%{` trims whitespace (newlines included) before the sequence, `~` before `}` after it. */
function applyStripMarkers(items: TemplateItem[]): void {
  for (let index = 0; index < items.length; index++) {
    const item = items[index];
    if (item.type === 'text') continue;
    const previous = items[index - 1];
    const next = items[index + 1];
    if (item.stripBefore && previous?.type === 'text') previous.value = previous.value.replace(/[ \t\r\n]+$/, '');
    if (item.stripAfter && next?.type === 'text') next.value = next.value.replace(/^[ \t\r\n]+/, '');
  }
}

/**
 * Flush heredocs (`<<-`), as HCL does it after strip markers: pieces a `~` emptied vanish; each line's first piece
 * counts its leading whitespace, a sequence starting a line counts zero, blank lines do not count; then every
 * counted piece loses the smallest count of leading characters.
 */
function flushIndent(items: TemplateItem[]): TemplateItem[] {
  const kept = items.filter((item) => item.type !== 'text' || item.value !== '');
  let smallest = Infinity;
  const adjusted: Array<Extract<TemplateItem, { type: 'text' }>> = [];
  let lineStart = true;
  for (const item of kept) {
    if (lineStart) {
      if (item.type !== 'text') smallest = 0;
      else {
        const spaces = item.value.length - item.value.replace(/^\s+/u, '').length;
        const blank = spaces === item.value.length && item.value.endsWith('\n');
        if (!blank) {
          smallest = Math.min(smallest, [...item.value.slice(0, spaces)].length);
          adjusted.push(item);
        }
      }
    }
    lineStart = item.type === 'text' && item.value.endsWith('\n');
  }
  if (smallest !== Infinity) for (const item of adjusted) item.value = [...item.value].slice(smallest).join('');
  return kept;
}

const CACHE_LIMIT = 20_000;
const expressionCache = new Map<string, Expr | ExpressionSyntaxError>();
const templateCache = new Map<string, TemplateNode | ExpressionSyntaxError>();

function cached<T>(cache: Map<string, T | ExpressionSyntaxError>, source: string, parse: () => T): T {
  let result = cache.get(source);
  if (result === undefined) {
    try {
      result = parse();
    } catch (error) {
      if (!(error instanceof ExpressionSyntaxError)) throw error;
      result = error;
    }
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(source, result);
  }
  if (result instanceof ExpressionSyntaxError) throw result;
  return result;
}

/** Parses HCL expression source (`var.a[0]`, `jsonencode({...})`). Throws ExpressionSyntaxError. Cached. */
export function parseExpression(source: string): Expr {
  return cached(expressionCache, source, () => new Parser(source).parseWholeExpression());
}

/** Parses template text as hcl2json and template files give it: literal text with `${...}` and `%{...}`. */
export function parseTemplate(source: string): TemplateNode {
  return cached(templateCache, source, () => new Parser(source).parseWholeTemplate());
}
