/**
 * A policy the AWS provider rendered at plan time from a `data "aws_iam_policy_document"` (its `json`), read next to
 * the document deputy builds from the same data source: a path into the rendered text is mapped to the built
 * document's path for the same element, whose origin is the data source's block. The provider writes lists in its own
 * order, a one-element list as a string, and an empty Sid, so elements are matched by value, never by position alone.
 */
import { isObject, type Path, type Value } from '../../src/model/index.js';

/**
 * The path in `built` of the element at `path` in `rendered` (both a policy document), as deep as the two agree;
 * undefined when the statement `path` names is not one of the built document's. A statement matches the built one at
 * its own position when the two hold the same, else the only built statement that does.
 */
export function pathInBuiltDocument(rendered: Value, built: Value, path: Path): Path | undefined {
  if (path.length === 1 && (path[0] === 'Version' || path[0] === 'Id')) return path;
  if (path[0] !== 'Statement' || !isObject(rendered) || !isObject(built)) return undefined;
  const renderedStatements = listOf(rendered.Statement);
  const builtStatements = listOf(built.Statement);
  const position = path[1];
  if (renderedStatements === undefined || builtStatements === undefined || typeof position !== 'number') return undefined;
  const statement = renderedStatements[position];
  if (statement === undefined) return undefined;
  const form = canonical(statement);
  if (form === undefined) return undefined;
  const atPosition = builtStatements[position];
  const builtPosition = atPosition !== undefined && canonical(atPosition) === form ? position : onlyMatch(builtStatements, form);
  if (builtPosition === undefined) return undefined;
  const statementPath: Path = Array.isArray(built.Statement) ? ['Statement', builtPosition] : ['Statement'];
  return [...statementPath, ...pathWithin(statement, builtStatements[builtPosition]!, path.slice(2))];
}

function listOf(value: Value | undefined): Value[] | undefined {
  if (Array.isArray(value)) return value;
  return isObject(value) ? [value] : undefined;
}

function onlyMatch(statements: readonly Value[], form: string): number | undefined {
  let found: number | undefined;
  for (let index = 0; index < statements.length; index++) {
    if (canonical(statements[index]!) !== form) continue;
    if (found !== undefined) return undefined;
    found = index;
  }
  return found;
}

/** The steps in `built` that lead to the element the steps `rest` lead to in `rendered`, as far as both hold it. */
function pathWithin(rendered: Value, built: Value, rest: Path): Path {
  const mapped: Array<string | number> = [];
  let renderedNode: Value | undefined = rendered;
  let builtNode: Value | undefined = built;
  for (const step of rest) {
    if (typeof step === 'number') {
      const element: Value | undefined = Array.isArray(renderedNode) ? renderedNode[step] : step === 0 ? renderedNode : undefined;
      if (element === undefined) break;
      const form = canonical(element);
      if (form === undefined) break;
      if (Array.isArray(builtNode)) {
        const index = builtNode.findIndex((candidate) => canonical(candidate) === form);
        if (index < 0) break;
        mapped.push(index);
        builtNode = builtNode[index];
      } else if (builtNode === undefined || canonical(builtNode) !== form) break;
      // A value written alone is the first value of a list of one: the built document may place that index (a
      // condition's one value in its block's `values`, not at its `variable`).
      else mapped.push(step);
      renderedNode = element;
    } else {
      if (!isObject(renderedNode) || !isObject(builtNode) || builtNode[step] === undefined) break;
      renderedNode = renderedNode[step];
      builtNode = builtNode[step];
      mapped.push(step);
    }
  }
  return mapped;
}

/** Deeper than any policy IAM accepts (10,240 characters at most): such a value is compared with nothing. */
const MOST_NESTED = 64;

/**
 * A value written so that what IAM reads the same is the same text: keys sorted, lists sorted, a value the same as a
 * list of it, an empty Sid the same as none. Undefined for a value nested too deeply to compare.
 */
function canonical(value: Value, depth = 0): string | undefined {
  if (depth > MOST_NESTED) return undefined;
  if (Array.isArray(value)) {
    if (value.length === 1) return canonical(value[0]!, depth + 1);
    const items: string[] = [];
    for (const item of value) {
      const form = canonical(item, depth + 1);
      if (form === undefined) return undefined;
      items.push(form);
    }
    return `[${items.sort().join(',')}]`;
  }
  if (isObject(value)) {
    const members: string[] = [];
    for (const key of Object.keys(value).sort()) {
      if (key === 'Sid' && value[key] === '') continue;
      const form = canonical(value[key]!, depth + 1);
      if (form === undefined) return undefined;
      members.push(`${JSON.stringify(key)}:${form}`);
    }
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
