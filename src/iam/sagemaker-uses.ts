import type { ResourceGraph } from '../graph/graph.js';
import { valueAt } from '../graph/graph.js';
import { childPath, type Locator, type Path } from '../model/location.js';
import type { Resource } from '../model/resource.js';
import { iamNameOf, mayNameInAccountOf, mayNameInPathOf } from '../model/arn.js';
import { listAt } from '../model/maps.js';
import { ownEntry } from '../model/objects.js';
import { MARK_START, asList, isObject, prop, refMarker, type Value } from '../model/value.js';
import { readJsonText } from './normalize.js';
import { ARN_ATTRIBUTES, NAME_ATTRIBUTES, PIPELINE_DEFINITION_ATTRIBUTE, PRINCIPALS } from '../../parsers/terraform/resources.js';
import { ANY_RESOURCE_PART, JOB_NAME, sageMakerFeature, sageMakerShortType } from './sagemaker-features.js';

/**
 * One way SageMaker assumes a role: a resource property naming it (an edge of the graph) or a step of a pipeline
 * definition that starts a job with it. `alternatives` are the resource parts of the source ARNs SageMaker may
 * present for that use (RULES.md format table): the role must allow one of them.
 */
export interface SageMakerUse {
  role: Resource;
  user: Resource;
  feature: string;
  alternatives: readonly string[];
  /** What a trust policy should allow for this use. */
  recommended: readonly string[];
  /** Where the use is written: the role property, or the role inside the pipeline definition text. */
  locator: Locator;
  path: Path;
  /** Where the property names the role only when a choice the input leaves open is made so (`Edge.when`): that choice. */
  when?: string;
}

/** Where a pipeline holds its definition as JSON text. */
function definitionPath(pipeline: Resource): Path {
  return pipeline.format === 'cloudformation' ? ['Properties', 'PipelineDefinition', 'PipelineDefinitionBody'] : [PIPELINE_DEFINITION_ATTRIBUTE];
}

/**
 * Pipeline step types that start a job with a role, where the role sits in the step, and the resource parts of the
 * source ARNs its jobs present and of those a trust policy should allow, read from the job's ARN types (the lists are
 * shared by the uses of every step of the type).
 */
const STEP_JOBS: Record<string, { rolePath: string[]; alternatives: readonly string[]; recommended: readonly string[] }> = {
  Training: stepJob(['Arguments', 'RoleArn'], ['training-job']),
  Processing: stepJob(['Arguments', 'RoleArn'], ['processing-job']),
  // Quality and Clarify check steps run processing jobs; their Arguments are the processing job's request.
  QualityCheck: stepJob(['Arguments', 'RoleArn'], ['processing-job']),
  ClarifyCheck: stepJob(['Arguments', 'RoleArn'], ['processing-job']),
  // Tuning starts training jobs; which ARN they present is not documented, so either one counts.
  Tuning: stepJob(['Arguments', 'TrainingJobDefinition', 'RoleArn'], ['training-job', 'hyper-parameter-tuning-job']),
  Model: stepJob(['Arguments', 'ExecutionRoleArn'], []),
};

function stepJob(rolePath: string[], jobs: string[]): (typeof STEP_JOBS)[string] {
  return {
    rolePath,
    alternatives: jobs.length > 0 ? jobs.map((name) => `${name}/${JOB_NAME}`) : ANY_RESOURCE_PART,
    recommended: jobs.length > 0 ? [`${jobs[0]}/*`] : ANY_RESOURCE_PART,
  };
}

const cache = new WeakMap<ResourceGraph, SageMakerUse[]>();

/** Every use of every role by SageMaker in the graph. */
export function sageMakerUses(graph: ResourceGraph): SageMakerUse[] {
  const cached = cache.get(graph);
  if (cached) return cached;
  // Indexed loops: they run once per graph, mostly before they are optimised, where `for of` allocates a step result per element.
  const users = graph.resourcesOfKind('sagemaker');
  const roleIndex = new RoleIndex(graph.resourcesOfKind('iam-role'));
  const uses: SageMakerUse[] = [];
  for (let index = 0; index < users.length; index++) {
    const user = users[index]!;
    const feature = sageMakerFeature(user);
    const isPipeline = sageMakerShortType(user) === 'Pipeline';
    const definition = isPipeline ? definitionOf(user) : undefined;
    // A pipeline whose definition is not in the template may run steps with its role: do not narrow its fix.
    const unknownSteps = isPipeline && !definition;
    const edges = graph.edgesFrom(user.address);
    // What the user presents and what a fix should allow, read once for all the roles it uses: lists its uses share, never changed.
    let alternatives: readonly string[] | undefined;
    let recommended: readonly string[] | undefined;
    for (let position = 0; position < edges.length; position++) {
      const edge = edges[position]!;
      const role = edge.kind === 'uses-role' ? graph.resource(edge.to) : undefined;
      if (!role) continue;
      recommended ??= unknownSteps ? ANY_RESOURCE_PART : feature.recommended(user);
      alternatives ??= feature.presented(user);
      uses.push(
        edge.when === undefined
          ? { role, user, feature: feature.feature, alternatives, recommended, locator: user.locator, path: edge.via }
          : { role, user, feature: feature.feature, alternatives, recommended, locator: user.locator, path: edge.via, when: edge.when },
      );
    }
    if (definition && !('error' in definition) && isObject(definition.value)) {
      addStepUses(roleIndex, user, definition.locator, definition.value.Steps, [...definitionPath(user), 'Steps'], uses);
    }
  }
  cache.set(graph, uses);
  return uses;
}

const byRoleCache = new WeakMap<ResourceGraph, Map<Resource, SageMakerUse[]>>();

/** The uses of one role, in the order of `sageMakerUses`. */
export function sageMakerUsesOf(graph: ResourceGraph, role: Resource): SageMakerUse[] {
  return sageMakerUsesByRole(graph).get(role) ?? [];
}

/** Every role SageMaker uses, with its uses in the order of `sageMakerUses`; computed once per graph. */
export function sageMakerUsesByRole(graph: ResourceGraph): ReadonlyMap<Resource, SageMakerUse[]> {
  let byRole = byRoleCache.get(graph);
  if (!byRole) {
    byRole = new Map();
    for (const use of sageMakerUses(graph)) {
      const list = byRole.get(use.role);
      if (list) list.push(use);
      else byRole.set(use.role, [use]);
    }
    byRoleCache.set(graph, byRole);
  }
  return byRole;
}

function definitionOf(pipeline: Resource): ReturnType<typeof readJsonText> | undefined {
  const path = definitionPath(pipeline);
  const body = valueAt(pipeline.properties, path);
  // Terraform's `jsonencode({...})` keeps the definition as a value, located in the HCL that writes it.
  if (isObject(body)) return { value: body, locator: pipeline.locator };
  return typeof body === 'string' && body !== '' ? readJsonText(body, path, pipeline) : undefined;
}

/**
 * Adds the uses of the roles that the steps of a list in an inline pipeline definition start jobs with (nested Condition
 * steps included). A step's path is made only for a use found: most steps name no role of the input.
 */
function addStepUses(roles: RoleIndex, pipeline: Resource, locator: Locator, steps: Value | undefined, path: Path, uses: SageMakerUse[]): void {
  const list = asList(steps);
  for (let index = 0; index < list.length; index++) {
    const step = list[index];
    const type = prop(step, 'Type');
    if (type === 'Condition') {
      const arguments_ = prop(step, 'Arguments');
      addStepUses(roles, pipeline, locator, prop(arguments_, 'IfSteps'), childPath(path, index, 'Arguments', 'IfSteps'), uses);
      addStepUses(roles, pipeline, locator, prop(arguments_, 'ElseSteps'), childPath(path, index, 'Arguments', 'ElseSteps'), uses);
      continue;
    }
    const job = typeof type === 'string' ? ownEntry(STEP_JOBS, type) : undefined;
    if (!job) continue;
    let written: Value | undefined = step;
    for (let key = 0; key < job.rolePath.length; key++) written = prop(written, job.rolePath[key]!);
    const role = typeof written === 'string' ? roleNamed(roles, pipeline, written) : undefined;
    if (!role) continue;
    uses.push({
      role,
      user: pipeline,
      feature: `${String(type)} step ${String(prop(step, 'Name') ?? index)}`,
      alternatives: job.alternatives,
      recommended: job.recommended,
      locator,
      path: childPath(path, index, ...job.rolePath),
    });
  }
}

/**
 * The role a value names: `${Role.Arn}` of a role of the same template (for Terraform, a reference to the role's `arn`),
 * an ARN written around a reference to its name (`role/${Role}`), or an ARN ending in its role name, in the role's
 * account (`mayNameInAccountOf`) and after the role's path (`mayNameInPathOf`).
 * The first such role in graph order.
 */
function roleNamed(index: RoleIndex, pipeline: Resource, written: string): Resource | undefined {
  // `arn:P:iam::A:role/NAME` or, with a role path, `arn:P:iam::A:role/PATH/NAME`, of a role in account A.
  const name = written.startsWith('arn:') ? iamNameOf(written, 'role') : undefined;
  // The role's ARN itself, or an ARN written around its name (`role/${StepRole}`, `role/${aws_iam_role.x.name}`), as a
  // role property reads one.
  let byReference = index.firstOfPipeline(index.referencedBy(written), pipeline, undefined);
  if (byReference < 0 && name !== undefined) byReference = index.firstOfPipeline(index.nameReferencedBy(name), pipeline, written);
  const byName = name ? index.firstOfPipeline(index.named(name), pipeline, written) : -1;
  if (byReference < 0 || byName < 0) return index.role(Math.max(byReference, byName));
  return index.role(Math.min(byReference, byName));
}

/**
 * The roles of the graph, in graph order, by the references that name them and by their role names, each map made when
 * a step first needs it (steps that name their roles by ARN, as a plan writes them, need no reference of each role). A
 * map holds each role's position in the list: positions tell which of two roles comes first.
 */
class RoleIndex {
  private byReference?: Map<string, number[]>;
  private byName?: Map<string, number[]>;
  private byNameReference?: Map<string, number[]>;

  constructor(private readonly roles: readonly Resource[]) {}

  role(position: number): Resource | undefined {
    return position < 0 ? undefined : this.roles[position];
  }

  /**
   * The first of the positions whose role a pipeline's step may name: one of the pipeline's format (of its template in
   * CloudFormation), and where `namedBy` is given, one it may name in its account and path (`role/NAME` is no role of
   * the name created under `/jobs/`, as for a role property). -1 where none is.
   */
  firstOfPipeline(positions: readonly number[] | undefined, pipeline: Resource, namedBy: string | undefined): number {
    if (!positions) return -1;
    for (let index = 0; index < positions.length; index++) {
      const role = this.roles[positions[index]!]!;
      if (namedBy !== undefined && !(mayNameInAccountOf(namedBy, pipeline, role) && mayNameInPathOf(namedBy, 'role', prop(role.properties, role.format === 'cloudformation' ? 'Path' : 'path')))) continue;
      if (role.format === pipeline.format && (role.format !== 'cloudformation' || role.file === pipeline.file)) return positions[index]!;
    }
    return -1;
  }

  /**
   * The roles whose ARN a lone reference marker is: `${Role.Arn}`, a Terraform role's `arn` (or a reference a plan
   * lists without attribute, which may be it: ARN_ATTRIBUTES).
   */
  referencedBy(written: string): readonly number[] | undefined {
    // Every reference is a marker: text that does not start with one is none.
    if (!written.startsWith(MARK_START)) return undefined;
    // A step's RoleArn takes the role's ARN: a role's CloudFormation Ref (`${Role}`), its name, is refused by SageMaker.
    this.byReference ??= this.byMarkers(({ name, address, format }) => (format === 'cloudformation' ? [refMarker(name, 'Arn')] : ARN_ATTRIBUTES.role.map((attribute) => refMarker(address, attribute))));
    return this.byReference.get(written);
  }

  /** The roles whose name a lone reference marker is: a CloudFormation Ref, a Terraform role's `name` or `id`. */
  nameReferencedBy(marker: string): readonly number[] | undefined {
    if (!marker.startsWith(MARK_START)) return undefined;
    this.byNameReference ??= this.byMarkers(({ name, address, format }) => (format === 'cloudformation' ? [refMarker(name)] : NAME_ATTRIBUTES.role.map((attribute) => refMarker(address, attribute))));
    return this.byNameReference.get(marker);
  }

  private byMarkers(markersOf: (role: Resource) => string[]): Map<string, number[]> {
    const index = new Map<string, number[]>();
    for (let position = 0; position < this.roles.length; position++) for (const marker of markersOf(this.roles[position]!)) listAt(index, marker).push(position);
    return index;
  }

  named(name: string): readonly number[] | undefined {
    if (!this.byName) {
      this.byName = new Map();
      for (let position = 0; position < this.roles.length; position++) {
        const role = this.roles[position]!;
        const roleName = prop(role.properties, role.format === 'cloudformation' ? 'RoleName' : PRINCIPALS.role.nameAttribute);
        if (typeof roleName === 'string' && roleName !== '') listAt(this.byName, roleName).push(position);
      }
    }
    return this.byName.get(name);
  }
}
