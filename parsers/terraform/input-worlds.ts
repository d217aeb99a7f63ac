/**
 * Worlds of a root module over the values of its variables that a role's trust policy names a principal by, or a
 * policy's condition on the request's time compares it with (`principalInputs`), where the deployer gives the variable
 * no value (and it has no default) and its `validation` lists the values Terraform takes (`validatedValues`), or that of
 * a called module's variable it is passed to whole does; and over the values of a module variable given another value
 * not known that its validation lists (`listedModuleInput`): as a CloudFormation
 * parameter's AllowedValues, each value is a world of its own, so that the rules read the principal it makes rather than
 * a value not known, and a finding in some of them says for which values (`only when var.svc is
 * sagemaker.amazonaws.com`). The root is evaluated again only where such a variable is found.
 */
import { onRequestTime } from '../../src/iam/conditions.js';
import { normalizePolicy } from '../../src/iam/normalize.js';
import { MAX_WORLDS, Unresolved, unresolvedPieces, valueAtPath, type PolicyRef, type PolicyValue, type PrincipalSet, type Resource, type Value } from '../../src/model/index.js';
import { awaitedInput, listedModuleVariable } from './expression/reasons.js';
import type { ModuleNode } from './instance.js';
import { validatedModuleVariables, validatedValues } from './validated-values.js';

/**
 * The root variables given no value, with no default, whose values a validation lists: their own, or that of a called
 * module's variable they are passed to whole (`service = var.svc`), at any depth. Terraform checks each, so a variable
 * takes only the values every one of them lists: those of the first, in its order, by name (a validation that lists
 * none limits nothing here).
 */
export function listedInputs(root: ModuleNode, given: ReadonlyMap<string, Value>): Map<string, string[]> {
  const listed = new Map<string, string[]>();
  const passedTo = validatedModuleVariables(root);
  for (const [name, { body }] of root.config.variables) {
    if (given.has(name) || Object.hasOwn(body, 'default')) continue;
    const validated = [{ name, body }, ...(passedTo.get(name) ?? [])].filter((variable) => variable.body.validation !== undefined);
    const [first, ...others] = validated.map((variable) => validatedValues(variable.name, variable.body)).filter((values) => values !== undefined);
    if (first === undefined) continue;
    const values = first.filter((value) => others.every((other) => other.includes(value)));
    if (values.length > 0) listed.set(name, values);
  }
  return listed;
}

/**
 * By the address of the resource holding a policy: the variables of `listed` (`var.svc`, `module.team.var.service`)
 * that a principal of a trust policy (`Principal` or `NotPrincipal`, whole or a piece of a text), or a date of a
 * condition on the request's time of any policy (aws:CurrentTime, aws:EpochTime: a window ended for one value may be
 * open for another), is not known for, in the order first met.
 */
export function principalInputs(resources: readonly Resource[], policies: readonly PolicyRef[], listed: ReadonlyMap<string, readonly string[]>): Map<string, string[]> {
  const byAddress = new Map(resources.map((resource) => [resource.address, resource]));
  const found = new Map<string, string[]>();
  for (const ref of policies) {
    const holder = byAddress.get(ref.resource);
    if (!holder) continue;
    const names = new Set(found.get(holder.address));
    const add = (values: ReadonlyArray<PolicyValue['value']>) => {
      for (const name of values.flatMap(awaitedInputsOf)) if (listed.has(name)) names.add(name);
    };
    for (const statement of normalizePolicy(valueAtPath(holder.properties, ref.path), ref, holder).statements) {
      if (ref.kind === 'trust') for (const principals of [statement.principal, statement.notPrincipal]) add(principalValues(principals));
      for (const condition of statement.conditions) if (onRequestTime(condition)) add(condition.values.map(({ value }) => value));
    }
    if (names.size > 0) found.set(holder.address, [...names]);
  }
  return found;
}

/** The values of a principal element, and the element itself where it is not known. */
function principalValues(principals: PrincipalSet | undefined): Array<PolicyValue['value']> {
  if (!principals) return [];
  const values: Array<PolicyValue['value']> = [...principals.AWS, ...principals.Service, ...principals.Federated, ...principals.CanonicalUser].map(({ value }) => value);
  if (principals.unresolved) values.push(principals.unresolved);
  return values;
}

/**
 * The variables a value is not known for, whole or in its pieces: root variables given no value (`var.svc`), and
 * module variables one of whose listed values it is (`listedModuleInput`).
 */
function awaitedInputsOf(value: PolicyValue['value']): string[] {
  return (value instanceof Unresolved ? [value] : unresolvedPieces(value)).flatMap((piece) => {
    const root = awaitedInput(piece);
    return root === undefined ? (listedModuleVariable(piece) ?? []) : [`var.${root}`];
  });
}

/**
 * The values each world gives the variables (`values`, by name as a finding shows it: `var.svc`): every combination, when there are at most MAX_WORLDS,
 * else the variables side by side (world k gives each its value k, cycling), as many worlds as the most values, at most
 * MAX_WORLDS; each notice says what is left out.
 */
export function inputAssignments(values: ReadonlyMap<string, readonly string[]>): { assignments: Array<Map<string, string>>; notices: string[] } {
  const names = [...values.keys()];
  const combinations = names.reduce((count, name) => count * values.get(name)!.length, 1);
  if (combinations <= MAX_WORLDS) {
    const assignments = names.reduce<Array<Map<string, string>>>((partial, name) => partial.flatMap((assignment) => values.get(name)!.map((value) => new Map([...assignment, [name, value]]))), [new Map()]);
    return { assignments, notices: [] };
  }
  const most = Math.max(...names.map((name) => values.get(name)!.length));
  const count = Math.min(most, MAX_WORLDS);
  const assignments = Array.from({ length: count }, (_, world) => new Map(names.map((name) => [name, values.get(name)![world % values.get(name)!.length]!])));
  const notices: string[] = [];
  const shownNames = names.join(', ');
  if (names.length > 1) notices.push(`trust principals depend on ${shownNames} (${combinations} combinations); ${count} worlds vary them side by side`);
  const uncovered = names.flatMap((name) => values.get(name)!.slice(count).map((value) => `${name} = ${value}`));
  if (uncovered.length > 0) {
    const shown = uncovered.slice(0, 10).join(', ') + (uncovered.length > 10 ? ` and ${uncovered.length - 10} more` : '');
    notices.push(`only ${MAX_WORLDS} worlds are analyzed: none of them has ${shown}`);
  }
  return { assignments, notices };
}
