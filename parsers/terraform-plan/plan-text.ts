/**
 * Locations inside the plan file. A plan can be tens of megabytes, so nothing is done until a location is asked
 * for: then one pass over the text finds where each planned resource object starts and ends, and a path is followed
 * inside that object only. Terraform writes plans minified, so the `yaml` reader the CloudFormation parser locates
 * JSON with (one long flow line per plan) is far too slow here; a JSON-only walk gives the same ranges.
 */
import type { Path, SourceLocation } from '../../src/model/index.js';

export class PlanText {
  private spans?: Map<string, [number, number]>;
  private fullScan = false;
  private lineStarts?: number[];

  constructor(
    readonly file: string,
    private readonly text: string,
  ) {}

  /**
   * Locates a path inside a planned resource object (`['values', 'assume_role_policy']`): the key and its value, or
   * the nearest ancestor the path reaches; the start of the file for a resource the plan does not list.
   */
  locate(address: string, path: Path): SourceLocation {
    this.spans ??= quickResourceSpans(this.text);
    let span = this.spans.get(address);
    if (!span && !this.fullScan) {
      this.fullScan = true;
      this.spans = plannedResourceSpans(this.text);
      span = this.spans.get(address);
    }
    if (!span) return { file: this.file, startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 };
    const [start, end] = pathRange(this.text, span, path);
    const from = this.position(start);
    const to = this.position(end);
    return { file: this.file, startLine: from.line, startColumn: from.column, endLine: to.line, endColumn: to.column };
  }

  private position(offset: number): { line: number; column: number } {
    if (!this.lineStarts) {
      this.lineStarts = [0];
      for (let index = this.text.indexOf('\n'); index >= 0; index = this.text.indexOf('\n', index + 1)) this.lineStarts.push(index + 1);
    }
    const starts = this.lineStarts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - starts[low]! + 1 };
  }
}

/** The range of the key and value a path leads to inside the object at `span`, or of the deepest one it reaches. */
function pathRange(text: string, span: [number, number], path: Path): [number, number] {
  const cursor = new JsonCursor(text);
  cursor.position = span[0];
  let range = span;
  for (const step of path) {
    const found = typeof step === 'string' ? cursor.enterKey(step) : cursor.enterItem(step);
    if (found === undefined) break;
    const valueStart = cursor.position;
    cursor.skipValue();
    range = [found, cursor.position];
    cursor.position = valueStart;
  }
  return range;
}

/**
 * Where planned resource objects start, found by a search rather than a walk: Terraform writes `planned_values` before
 * `resource_drift`/`resource_changes`, and starts every resource object with its address. A resource this does not
 * find (another key order) is looked up by walking the whole file. The span ends where the object starts: paths
 * are followed from there.
 */
function quickResourceSpans(text: string): Map<string, [number, number]> {
  const spans = new Map<string, [number, number]>();
  const start = text.indexOf('"planned_values"');
  if (start < 0) return spans;
  const ends = ['"resource_drift"', '"resource_changes"'].map((key) => text.indexOf(key, start)).filter((index) => index > start);
  const region = text.slice(start, ends.length > 0 ? Math.min(...ends) : start);
  for (const match of region.matchAll(/\{\s*"address"\s*:\s*("(?:[^"\\]|\\.)*")/g)) {
    const address = JSON.parse(match[1]!) as string;
    const offset = start + match.index;
    if (!spans.has(address)) spans.set(address, [offset, offset]);
  }
  return spans;
}

/** The span of every resource object under `planned_values` (root and nested child modules), by its address. */
function plannedResourceSpans(text: string): Map<string, [number, number]> {
  const spans = new Map<string, [number, number]>();
  const cursor = new JsonCursor(text);
  const readModule = (): void =>
    cursor.eachEntry((key) => {
      if (key === 'resources') {
        cursor.eachItem(() => {
          const start = cursor.position;
          let address: string | undefined;
          cursor.eachEntry((field) => {
            if (field === 'address' && cursor.peek() === '"') address = cursor.readString();
            else cursor.skipValue();
          });
          if (address !== undefined) spans.set(address, [start, cursor.position]);
        });
      } else if (key === 'child_modules') cursor.eachItem(readModule);
      else cursor.skipValue();
    });
  cursor.eachEntry((key) => {
    if (key !== 'planned_values') return cursor.skipValue();
    cursor.eachEntry((section) => (section === 'root_module' ? readModule() : cursor.skipValue()));
  });
  return spans;
}

/** Walks JSON text without building values; on anything unexpected it stops where it is (callers then find fewer spans). */
class JsonCursor {
  position = 0;

  constructor(private readonly text: string) {}

  peek(): string | undefined {
    this.skipBlank();
    return this.text[this.position];
  }

  /** Calls `read` on every key of the object at the cursor, with the cursor on the key's value; `read` must consume it. */
  eachEntry(read: (key: string) => void): void {
    if (this.peek() !== '{') return this.skipValue();
    this.position++;
    while (this.peek() === '"') {
      const key = this.readString();
      if (this.peek() !== ':') return;
      this.position++;
      const before = this.position;
      read(key);
      if (this.position === before) return;
      if (this.peek() === ',') this.position++;
    }
    if (this.peek() === '}') this.position++;
  }

  eachItem(read: () => void): void {
    if (this.peek() !== '[') return this.skipValue();
    this.position++;
    while (this.peek() !== ']' && this.position < this.text.length) {
      const before = this.position;
      read();
      if (this.position === before) return;
      if (this.peek() === ',') this.position++;
    }
    this.position++;
  }

  /** Moves onto the value of `key` in the object at the cursor; returns where the key starts, or undefined. */
  enterKey(key: string): number | undefined {
    if (this.peek() !== '{') return undefined;
    this.position++;
    while (this.peek() === '"') {
      const start = this.position;
      const found = this.readString();
      if (this.peek() !== ':') return undefined;
      this.position++;
      if (found === key) {
        this.peek();
        return start;
      }
      this.skipValue();
      if (this.peek() === ',') this.position++;
    }
    return undefined;
  }

  /** Moves onto item `index` of the array at the cursor; returns where it starts, or undefined. */
  enterItem(index: number): number | undefined {
    if (this.peek() !== '[') return undefined;
    this.position++;
    for (let item = 0; item < index; item++) {
      if (this.peek() === ']') return undefined;
      this.skipValue();
      if (this.peek() !== ',') return undefined;
      this.position++;
    }
    return this.peek() === ']' || this.peek() === undefined ? undefined : this.position;
  }

  readString(): string {
    const start = this.position;
    this.position = this.stringEnd(start);
    const raw = this.text.slice(start, this.position);
    try {
      return raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1);
    } catch {
      return raw.slice(1, -1);
    }
  }

  skipValue(): void {
    const text = this.text;
    let depth = 0;
    this.skipBlank();
    do {
      const char = text[this.position];
      if (char === undefined) return;
      if (char === '"') {
        this.position = this.stringEnd(this.position);
        continue;
      }
      if (char === '{' || char === '[') depth++;
      else if (char === '}' || char === ']') {
        if (depth === 0) return;
        depth--;
      } else if (depth === 0 && (char === ',' || char === ':')) return;
      this.position++;
    } while (depth > 0 || !/[\s,}\]]/.test(this.text[this.position] ?? ','));
  }

  /** Offset just after the string starting at `start`. */
  private stringEnd(start: number): number {
    let index = start + 1;
    for (;;) {
      const quote = this.text.indexOf('"', index);
      if (quote < 0) return this.text.length;
      let backslashes = 0;
      while (this.text[quote - 1 - backslashes] === '\\') backslashes++;
      if (backslashes % 2 === 0) return quote + 1;
      index = quote + 1;
    }
  }

  private skipBlank(): void {
    while (/\s/.test(this.text[this.position] ?? '')) this.position++;
  }
}
