/**
 * Terraform expressions: a hand-written parser for HCL expression and template text (as `@cdktf/hcl2json`
 * returns it: every non-literal value is a `"${...}"` source string) and a tree-walking evaluator over deputy's
 * Value model. `getExpressionAst` would cost a WASM round trip per expression; this is microseconds.
 *
 * Choices where Terraform has no static answer (each unit-tested):
 * - Unknown values: a wholly unknown value is `Unresolved('<category>: <detail>')` (UNRESOLVED_CATEGORIES); inside
 *   a string it becomes an `unk` marker, so the known rest of the string stays usable. Operations on an Unresolved
 *   pass the original one on, so its reason names the root cause.
 * - Errors Terraform would report (`type error`, `unreadable file`) fail the whole template they occur in; `try`
 *   skips them and `can` turns them into false; the calls Terraform refuses that deputy can place (`jsondecode` of a
 *   text that is not JSON) are told to the scope once the evaluation ends, unless `try` or `can` took their errors
 *   (`Scope.refusedCall`). A file deputy chose not to read (`file not read`) is unknown:
 *   Terraform would read it. A wholly unknown `try` argument makes the result unknown (it may or
 *   may not fail once known); a value that only contains unknown pieces did not fail and is returned.
 * - A conditional on an unknown condition is the branches' common value when both evaluate equal, else unknown.
 *   `false && x` and `true || x` are decided even when x is unknown.
 * - An object key that is unknown becomes an `unk` marker key, keeping the other keys (Terraform would make the
 *   whole object unknown). The policy reader reads a policy, statement or principal with such a key as unknown.
 * - `toset` orders strings and numbers as Terraform's sets do; unknown elements are kept, last. A set is an array
 *   remembered as one (`setOf`): iterating it gives each element as its own key, where a list gives its index.
 * - Not evaluated: functions outside SUPPORTED_FUNCTIONS (`unsupported function: name`), RE2 constructs JavaScript
 *   does not share (`\p`, `\Q`, lookaround groups, POSIX classes), type unification beyond primitives (a number or bool branch facing a string branch becomes a string).
 */
export * from './ast.js';
export { parseExpression, parseTemplate } from './parser.js';
export { callStarts, evaluate, evaluateRaw, fileFunctionValue, mayRefuse, renderTemplateFile, traversalText, valueAt, type FileRead, type RefusedCall, type Scope, type TextRead, type Traversal } from './evaluate.js';
export { eachValueUse, NOT_INSTANCES, ownKeyUse, planReferencesIn, traversalsIn } from './traversals.js';
export { passedArguments, SUPPORTED_FUNCTIONS, setOf } from './functions.js';
export { UNRESOLVED_CATEGORIES, categoryOf, type UnresolvedCategory } from './reasons.js';
export { elementKey, formatNumber, hasUnknownOrder, joinedLengths, keptEncoded, unknownPosition } from './convert.js';
export { jsonEncode } from './json.js';
export { openObject } from './open-object.js';
export { fileSet, FileSetRefused, matchComponent, type EntryKind, type FileSetResult, type FolderTree } from './fileset.js';
