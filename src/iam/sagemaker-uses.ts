import type { ResourceGraph } from '../graph/graph.js';
import { valueAt } from '../graph/graph.js';
import { childPath, type Locator, type Path } from '../model/location.js';
import type { Resource } from '../model/resource.js';
import { iamNameOf, mayNameInAccountOf, mayNameInPathOf } from '../model/arn.js';
import { listAt } from '../model/maps.js';
import { MARK_START, asList, isObject, prop, refMarker, type Value } from '../model/value.js';
import { readJsonText, type JsonText } from './normalize.js';
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
  // One pass over the graph finds the SageMaker resources and the roles that pipeline definitions may name.
  // Indexed loops: they run once per graph, mostly before they are optimised, where `for of` allocates a step result per element.
  const resources = graph.resources();
  const users: Resource[] = [];
  const roles: RoleInOrder[] = [];
  for (let order = 0; order < resources.length; order++) {
    const resource = resources[order]!;
    if (resource.kind === 'sagemaker') users.push(resource);
    else if (resource.kind === 'iam-role') roles.push({ role: resource, order });
  }
  const roleIndex = new RoleIndex(roles);
  const uses: SageMakerUse[] = [];
  for (let index = 0; index < users.length; index++) {
    const user = users[index]!;
    const feature = sageMakerFeature(user);
    const isPipeline = sageMakerShortType(user) === 'Pipeline';
    const definition = isPipeline ? definitionOf(user) : undefined;
    // A pipeline whose definition is not in the template may run steps with its role: do not narrow its fix.
    const unknownSteps = isPipeline && !definition;
    for (const { role, edge } of graph.rolesUsedBy(user.address)) {
      const recommended = unknownSteps ? ANY_RESOURCE_PART : feature.recommended(user);
      const use: SageMakerUse = { role, user, feature: feature.feature, alternatives: feature.presented(user), recommended, locator: user.locator, path: edge.via };
      uses.push(edge.when === undefined ? use : { ...use, when: edge.when });
    }
    if (definition && !('error' in definition)) stepUses(roleIndex, user, definition, uses);
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

/** Adds the uses of the roles that the steps of an inline pipeline definition start jobs with (nested Condition steps included). */
function stepUses(roles: RoleIndex, pipeline: Resource, definition: JsonText, uses: SageMakerUse[]): void {
  const visit = (steps: Value | undefined, path: Path): void => {
    asList(steps).forEach((step, index) => {
      const stepPath = [...path, index];
      const type = prop(step, 'Type');
      const arguments_ = prop(step, 'Arguments');
      if (type === 'Condition') {
        visit(prop(arguments_, 'IfSteps'), [...stepPath, 'Arguments', 'IfSteps']);
        visit(prop(arguments_, 'ElseSteps'), [...stepPath, 'Arguments', 'ElseSteps']);
        return;
      }
      const job = typeof type === 'string' ? STEP_JOBS[type] : undefined;
      if (!job) return;
      const written = job.rolePath.reduce<Value | undefined>((node, key) => prop(node, key), step);
      const role = typeof written === 'string' ? roleNamed(roles, pipeline, written) : undefined;
      if (!role) return;
      uses.push({
        role,
        user: pipeline,
        feature: `${String(type)} step ${String(prop(step, 'Name') ?? index)}`,
        alternatives: job.alternatives,
        recommended: job.recommended,
        locator: definition.locator,
        path: childPath(stepPath, ...job.rolePath),
      });
    });
  };
  if (isObject(definition.value)) visit(definition.value.Steps, [...definitionPath(pipeline), 'Steps']);
}

/**
 * The role a value names: `${Role.Arn}` of a role of the same template (for Terraform, a reference to the role's `arn`),
 * an ARN written around a reference to its name (`role/${Role}`), or an ARN ending in its role name, in the role's
 * account (`mayNameInAccountOf`) and after the role's path (`mayNameInPathOf`).
 * The first such role in graph order.
 */
function roleNamed(index: RoleIndex, pipeline: Resource, written: string): Resource | undefined {
  const ofPipeline = (candidates: RoleInOrder[] | undefined) =>
    candidates?.find(({ role }) => role.format === pipeline.format && (role.format !== 'cloudformation' || role.file === pipeline.file));
  // `arn:P:iam::A:role/NAME` or, with a role path, `arn:P:iam::A:role/PATH/NAME`, of a role in account A.
  const name = written.startsWith('arn:') ? iamNameOf(written, 'role') : undefined;
  // The path written must be the role's: `role/NAME` is no role of the name created under `/jobs/` (as for a role property).
  const isNamed = ({ role }: RoleInOrder) => mayNameInAccountOf(written, pipeline, role) && mayNameInPathOf(written, 'role', prop(role.properties, role.format === 'cloudformation' ? 'Path' : 'path'));
  // The role's ARN itself, or an ARN written around its name (`role/${StepRole}`, `role/${aws_iam_role.x.name}`), as a
  // role property reads one.
  const byReference = ofPipeline(index.referencedBy(written)) ?? (name === undefined ? undefined : ofPipeline(index.nameReferencedBy(name)?.filter(isNamed)));
  const byName = name ? ofPipeline(index.named(name)?.filter(isNamed)) : undefined;
  if (!byReference || !byName) return (byReference ?? byName)?.role;
  return (byReference.order < byName.order ? byReference : byName).role;
}

/** A role with its position among the graph's resources. */
interface RoleInOrder {
  role: Resource;
  order: number;
}

/**
 * Roles by the references that name them and by their role names, each map made when a step first needs it: steps
 * that name their roles by ARN (as a plan writes them) need no reference of each role.
 */
class RoleIndex {
  private byReference?: Map<string, RoleInOrder[]>;
  private byName?: Map<string, RoleInOrder[]>;
  private byNameReference?: Map<string, RoleInOrder[]>;

  constructor(private readonly roles: readonly RoleInOrder[]) {}

  /**
   * The roles whose ARN a lone reference marker is: `${Role.Arn}`, a Terraform role's `arn` (or a reference a plan
   * lists without attribute, which may be it: ARN_ATTRIBUTES).
   */
  referencedBy(written: string): RoleInOrder[] | undefined {
    // Every reference is a marker: text that does not start with one is none.
    if (!written.startsWith(MARK_START)) return undefined;
    // A step's RoleArn takes the role's ARN: a role's CloudFormation Ref (`${Role}`), its name, is refused by SageMaker.
    this.byReference ??= this.byMarkers(({ name, address, format }) => (format === 'cloudformation' ? [refMarker(name, 'Arn')] : ARN_ATTRIBUTES.role.map((attribute) => refMarker(address, attribute))));
    return this.byReference.get(written);
  }

  /** The roles whose name a lone reference marker is: a CloudFormation Ref, a Terraform role's `name` or `id`. */
  nameReferencedBy(marker: string): RoleInOrder[] | undefined {
    if (!marker.startsWith(MARK_START)) return undefined;
    this.byNameReference ??= this.byMarkers(({ name, address, format }) => (format === 'cloudformation' ? [refMarker(name)] : NAME_ATTRIBUTES.role.map((attribute) => refMarker(address, attribute))));
    return this.byNameReference.get(marker);
  }

  private byMarkers(markersOf: (role: Resource) => string[]): Map<string, RoleInOrder[]> {
    const index = new Map<string, RoleInOrder[]>();
    for (const entry of this.roles) for (const marker of markersOf(entry.role)) listAt(index, marker).push(entry);
    return index;
  }

  named(name: string): RoleInOrder[] | undefined {
    if (!this.byName) {
      this.byName = new Map();
      for (const entry of this.roles) {
        const { role } = entry;
        const roleName = prop(role.properties, role.format === 'cloudformation' ? 'RoleName' : PRINCIPALS.role.nameAttribute);
        if (typeof roleName === 'string' && roleName !== '') listAt(this.byName, roleName).push(entry);
      }
    }
    return this.byName.get(name);
  }
}
