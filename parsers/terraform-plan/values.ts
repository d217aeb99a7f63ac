/** Planned attribute values with what the plan leaves open made explicit, and the owner's account as a symbol. */
import { OWNER_ACCOUNT, Unresolved, isObject, type Value, type ValueObject } from '../../src/model/index.js';

/** `default_user_settings[0].execution_role`. */
export function attributeName(path: ReadonlyArray<string | number>): string {
  if (path.length === 1) return String(path[0]);
  return path.map((step, index) => (typeof step === 'number' ? `[${step}]` : index === 0 ? step : `.${step}`)).join('');
}

/**
 * Marks every value that `after_unknown` says is known only after apply (Terraform leaves it out of the planned
 * values), and every sensitive value the plan hides, as Unresolved. `values` is changed in place and returned.
 */
export function markOpenValues(address: string, values: ValueObject, unknown: unknown, sensitive: unknown): ValueObject {
  overlay(values, unknown, [], (path) => new Unresolved(`known after apply: ${address}.${attributeName(path)}`), true);
  overlay(values, sensitive, [], (path) => new Unresolved(`sensitive value: ${address}.${attributeName(path)}`), false);
  return values;
}

/** Walks a marker tree (`true` leaves, objects and lists mirroring the value) and sets each marked leaf. */
function overlay(target: ValueObject | Value[], marks: unknown, path: Array<string | number>, make: (path: Array<string | number>) => Unresolved, replaceKnown: boolean): void {
  const entries: Array<[string | number, unknown]> = Array.isArray(marks) ? marks.map((mark, index) => [index, mark]) : isRecord(marks) ? Object.entries(marks) : [];
  for (const [step, mark] of entries) {
    const inner = [...path, step];
    const current = read(target, step);
    if (mark === true) {
      if (replaceKnown || current === undefined) write(target, step, make(inner));
    } else if (isRecord(mark) || Array.isArray(mark)) {
      let container = current;
      if (!Array.isArray(container) && !isObject(container)) {
        if (!replaceKnown) continue;
        container = Array.isArray(mark) ? [] : {};
        write(target, step, container);
      }
      overlay(container as ValueObject | Value[], mark, inner, make, replaceKnown);
    }
  }
}

function read(target: ValueObject | Value[], step: string | number): Value | undefined {
  return Array.isArray(target) ? (typeof step === 'number' ? target[step] : undefined) : typeof step === 'string' ? target[step] : undefined;
}

function write(target: ValueObject | Value[], step: string | number, value: Value): void {
  if (Array.isArray(target)) {
    if (typeof step === 'number') {
      while (target.length < step) target.push(null);
      target[step] = value;
    }
  } else if (typeof step === 'string') target[step] = value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Replaces the deploying account's literal id (as a whole number) in every string, policy text included, by the
 * owner's account symbol: Terraform renders `data.aws_caller_identity` into a literal, which would otherwise read
 * as some other account (a trust policy naming its own account would look cross-account). The region is left
 * literal: as a symbol it would tell rules less than the literal does. The returned function changes values in
 * place where it can.
 *
 * Inside JSON text (`jsonAttributes`), the symbol is written as JSON escapes, which JSON.parse turns into the
 * symbol itself, and only inside JSON strings: an account written as a bare JSON number stays a number.
 */
export function ownerSymbolizer(accounts: ReadonlySet<string>, jsonAttributes: ReadonlySet<string>): (value: Value) => Value {
  const patterns = [...accounts].map((account) => ({
    literal: account,
    plain: new RegExp(`(?<![0-9])${account}(?![0-9])`, 'g'),
    // Not right after a key's colon or in a list, where a bare number would stand.
    inJson: new RegExp(`(?<![0-9])(?<!"\\s*:\\s*|[\\[,]\\s*)${account}(?![0-9])`, 'g'),
  }));
  if (patterns.length === 0) return (value) => value;
  const escaped = JSON.stringify(OWNER_ACCOUNT).slice(1, -1);
  const visit = (node: Value, json: boolean): Value => {
    if (typeof node === 'string') {
      let text = node;
      const jsonText = json && text.startsWith('{');
      for (const { literal, plain, inJson } of patterns) if (text.includes(literal)) text = jsonText ? text.replace(inJson, escaped) : text.replace(plain, OWNER_ACCOUNT);
      return text;
    }
    if (Array.isArray(node)) {
      for (let index = 0; index < node.length; index++) node[index] = visit(node[index]!, false);
    } else if (isObject(node)) {
      for (const key of Object.keys(node)) node[key] = visit(node[key]!, jsonAttributes.has(key));
    }
    return node;
  };
  return (value) => visit(value, false);
}
