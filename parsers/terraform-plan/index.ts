/**
 * Terraform plan JSON (`terraform show -json plan.out`, format 0.1 to 1.x): planned values with what is known only
 * after apply left unresolved, change kinds, edges from values or from configuration references, the owner's account
 * as a symbol, and locations in the plan or in the `.tf` files it came from.
 */
import { isDeepStrictEqual } from 'node:util';
import { asList, isKnownAtPlan, isObject, loneReferencePayload, MARK_START, OWNER_ACCOUNT, noticeAt, pathKey, prop, refMarker, stepInto, tokenize, UNLISTED_ATTRIBUTE, Unresolved, valueAtPath, type BlockSuppressions, type IgnoredTags, type InlineSuppression, type InputError, type InputLeftOut, type InterpolationWriting, type Locator, type OwnerDataSource, type ParsedFile, type ParsedWorld, type Path, type RemoteModuleCall, type Resource, type ResourceChange, type ResourceKind, type SourceLocation, type StringOrigin, type Value, type ValueObject } from '../../src/model/index.js';
import { accountId, iamArnText, regionName, splitArn } from '../../src/model/arn.js';
import { isDataSource, terraformGraphPieces } from '../terraform/graph.js';
import { deployedTemplates } from '../terraform/deployed-templates.js';
import { ARN_ATTRIBUTES, ARN_RESOURCES_BY_TYPE, ATTACHMENTS, BOUNDARY_ATTRIBUTES, MEMBERSHIPS, noteAccountSigningIn, PIPELINE_DEFINITION_ATTRIBUTE, POLICY_ATTRIBUTES, ROLE_ATTRIBUTES, roleAttributeTakesArn, terraformKindOf } from '../terraform/resources.js';
import { addressInModule, configAddress, modulePrefix, parseAddress, repeatedAddress, sameModules, type ModuleStep, type ResourceAddress } from './address.js';
import { asRecord, forEachReferences, KEYED_REFERENCE, MAX_DEPTH, readsFurther, readsModuleCallWhole, indexInstances, instancesIn, PlanConfiguration, plannedInstances, ProviderConfigs, withEachValueRead, type InstanceIndex, type PlannedInstances, type ReferenceTarget } from './configuration.js';
import { buildsAttributeAt, holdsConstants, isSetBlock, declaredSyntax, declaredValueWrittenAt, declaredVariableReadAt, Declarations, differingAttribute, entryTextOrigin, differingReference, DOCUMENT_TEXTS, dynamicContentAt, dynamicContentReferences, eachValueReading, eachValueWritten, encodedObject, evaluatedChoice, evaluatedOwnChoice, evaluatedText, evaluatedTexts, holdsUnread, forEachRekeys, instanceReads, ownKeyEntryRead, heredocTextOrigin, fileDocumentRead, templateTextOrigin, renderedTemplateFile, locateInFileDocument, locateInTemplateFileDocument, locateInRenderedHeredocDocument, renderedHeredocDocument, resourceInstanceScope, tupleItemReferences, locateInDeclaration, locateInExpression, mergedFor, locateInHeredocDocument, ownKeyReading, readsBuiltValue, writesAttribute, writtenAttributeTemplate, writtenAttributeText, type InModuleReference, type WrittenInput, writesOtherBlocks, writtenPolicy, type Declaration, type PlanInstances, type TerraformFolder } from './declarations.js';
import { isPlanDocument } from './detect.js';
import { PlanText } from './plan-text.js';
import { fileCursor, interpolationWritingInText, OPEN_BRACE, skipBlanks, variableReadInText } from '../json-text.js';
import { JsonSource } from '../terraform/json-source.js';
import { originLocation, registerOrigin, UNREAD_PART, valueWrittenAt, variableReadAt, type WrittenReads } from '../terraform/origins.js';
import { buildPolicyDocument } from '../terraform/policy-document.js';
import { markOpenValues, ownerSymbolizer, unsymbolizedColumn, type Symbolizer } from './values.js';
import { PolicyMirrors } from './mirrors.js';
import { suppressionsOf } from '../terraform/suppressions.js';
import { DEFAULT_PROVIDER, ownerDataSource } from '../terraform/owner-data-sources.js';
import { VARYING } from '../terraform/instance.js';
import { pathInBuiltDocument } from './rendered-documents.js';
import { jsonRefusal, lineColumn } from '../cloudformation/fast.js';
import { isJsonObject, PlanChange, readPlanJson, ResourceChanges, shapedMarks, type PlanJson } from './changes.js';
import { ownEntry, setOwn, withProperties } from '../../src/model/objects.js';
import { indexedOnFirstAsk, LargeMap } from '../../src/model/large-map.js';
import { duplicateKeysOfBlocks } from '../terraform/duplicates.js';
import type { DuplicateKey } from '../../src/model/index.js';
import { NOT_INSTANCES, openObject, traversalText, type Scope } from '../terraform/expression/index.js';
import { maskedLeavesOf, type MaskedValue } from '../../src/model/masked.js';

export { looksLikeBinaryTerraformPlan, looksLikeShownTerraformState, looksLikeTerraformPlan, looksLikeTerraformPlanLog, looksLikeTerraformState } from './detect.js';
export type { TerraformFolder } from './declarations.js';

export interface TerraformPlanOptions {
  /** The Terraform folder the plan was made from: findings then point at its `.tf` blocks. */
  terraformFolder?: TerraformFolder;
  /** Whether the folder is the one `--tf-dir` gives, not the plan's own. */
  terraformFolderGiven?: boolean;
  /** Whether a real path may be read (inside a scanned root); `.tf` files elsewhere are not read. */
  readable?: (real: string) => boolean;
}

type Json = Record<string, unknown>;

/** Attributes whose strings are JSON documents: policies and pipeline definitions. */
const JSON_ATTRIBUTES: ReadonlySet<string> = new Set([...Object.values(POLICY_ATTRIBUTES).flatMap((specs) => specs.map(({ spec }) => spec.split('.').at(-1)!)), PIPELINE_DEFINITION_ATTRIBUTE]);

/** What a resource of planned_values or a state is read from, as a PlanResource or as a state's resource (`StateResource`). */
interface PlannedResource {
  readonly address: string;
  readonly parsed: ResourceAddress;
  /** How `configuration` names the resource (`aws_iam_role.r`), written once for the lookups by it. */
  readonly configAddress: string;
  readonly type: string;
  readonly values: ValueObject;
  /** Where its values are written when planned_values leaves it out: its change's `after`, or the prior state. */
  readonly writtenIn?: 'resource_changes' | 'prior_state';
}

/** A resource of the prior state, or of the world as deployed (read into PlanResources by `buildResources`). */
interface StateResource extends PlannedResource {
  sensitive: unknown;
  /** Read from the prior state because the plan forgets it: it stays deployed, no longer managed by the configuration. */
  forgotten?: true;
}

/**
 * Makes the resource `plannedResources` read: its address, parsed, and configuration address; its type and values,
 * what it marks sensitive (`sensitive_values`) and its entry of `resource_changes`; its position in the list.
 */
type ResourceMaker<T> = (address: string, parsed: ResourceAddress, configAddress: string, type: string, values: ValueObject, sensitive: unknown, change: PlanChange | undefined, order: number) => T;

const stateResource: ResourceMaker<StateResource> = (address, parsed, configAddress, type, values, sensitive) => ({ address, parsed, configAddress, type, values, sensitive });
const planResource: ResourceMaker<PlanResource> = (address, parsed, configAddress, type, values, sensitive, change, order) => new PlanResource(address, parsed, configAddress, type, values, sensitive, change, order);

/** The sections a plan reads and the shape Terraform writes each in. */
const SECTION_SHAPES: ReadonlyArray<{ key: string; shape: 'an object' | 'a list' }> = [
  { key: 'planned_values', shape: 'an object' },
  { key: 'resource_changes', shape: 'a list' },
  { key: 'prior_state', shape: 'an object' },
  { key: 'configuration', shape: 'an object' },
  { key: 'variables', shape: 'an object' },
];

/**
 * The first section the plan writes in another shape than Terraform does (`"planned_values": "x"`), which would
 * otherwise read as empty. `resource_changes` is checked only where the plan was read whole: read in parts, it is a list.
 */
function misshapenSection(document: Record<string, unknown>, readWhole: boolean): Misshapen | undefined {
  const found = SECTION_SHAPES.find(({ key, shape }) => {
    const value = document[key];
    if (value === undefined || value === null || (key === 'resource_changes' && !readWhole)) return false;
    return shape === 'a list' ? !Array.isArray(value) : !isJsonObject(value);
  });
  return found && { path: [found.key], shape: found.shape };
}

/** A part of the plan written in another shape than Terraform writes it: where, and the shape it should have. */
interface Misshapen {
  path: JsonPath;
  shape: string;
}

/** A place in the plan's JSON: keys and list positions from its top-level object. */
type JsonPath = ReadonlyArray<string | number>;


/**
 * The first part of a module tree (planned_values' or prior_state's `root_module`) written in another shape than
 * Terraform writes it: a module that is not an object, `resources` or `child_modules` that are not lists, a resource
 * that is not an object or has no string `address` and `type`, `values` or `sensitive_values` that are not an object. Each would read as
 * nothing (the resource, or every resource below), so the plan passed without its findings.
 */
function misshapenModuleTree(module: unknown, path: JsonPath, depth = 0): Misshapen | undefined {
  if (module === undefined || module === null) return undefined;
  if (!isJsonObject(module)) return { path, shape: 'an object' };
  const { resources, child_modules: children } = module as Record<string, unknown>;
  if (resources !== undefined && resources !== null) {
    if (!Array.isArray(resources)) return { path: [...path, 'resources'], shape: 'a list' };
    for (let index = 0; index < resources.length; index++) {
      const resource = resources[index] as unknown;
      if (!isJsonObject(resource)) return { path: [...path, 'resources', index], shape: 'an object' };
      const { address, type, values, sensitive_values: sensitive } = resource as Record<string, unknown>;
      if (typeof address !== 'string') return { path: [...path, 'resources', index, 'address'], shape: 'a string' };
      if (typeof type !== 'string') return { path: [...path, 'resources', index, 'type'], shape: 'a string' };
      if (values !== undefined && values !== null && !isJsonObject(values)) return { path: [...path, 'resources', index, 'values'], shape: 'an object' };
      // What it marks sensitive would otherwise be shown as written.
      if (!shapedMarks(sensitive)) return { path: [...path, 'resources', index, 'sensitive_values'], shape: 'an object' };
    }
  }
  if (children !== undefined && children !== null) {
    if (!Array.isArray(children)) return { path: [...path, 'child_modules'], shape: 'a list' };
    if (depth < MAX_DEPTH) {
      for (let index = 0; index < children.length; index++) {
        const found = misshapenModuleTree(children[index] ?? {}, [...path, 'child_modules', index], depth + 1);
        if (found) return found;
      }
    }
  }
  return undefined;
}

/** The first part of planned_values or prior_state written in another shape than Terraform writes it. */
function misshapenValues(document: Record<string, unknown>): Misshapen | undefined {
  const planned = document.planned_values as Record<string, unknown> | undefined;
  const inPlanned = planned && misshapenModuleTree(planned.root_module, ['planned_values', 'root_module']);
  if (inPlanned) return inPlanned;
  const prior = document.prior_state as Record<string, unknown> | undefined;
  if (!prior || prior.values === undefined || prior.values === null) return undefined;
  if (!isJsonObject(prior.values)) return { path: ['prior_state', 'values'], shape: 'an object' };
  return misshapenModuleTree((prior.values as Record<string, unknown>).root_module, ['prior_state', 'values', 'root_module']);
}

/** Where the value at the path is written (its key's, or its item's, start, 1-based), as far as the text writes it. */
function pathPosition(text: string, path: JsonPath): { line?: number; column?: number } {
  const cursor = fileCursor(text);
  let offset: number | undefined;
  for (const step of path) {
    const found = typeof step === 'number' ? cursor.enterItem(step) : cursor.enterKey(step);
    if (found === undefined) break;
    offset = found;
  }
  return offset === undefined ? {} : lineColumn(text, offset);
}

const RESOURCE_ADDRESS = 'a resource address (aws_iam_role.name, module.a.aws_iam_role.name[0])';

/** The path of the `address` of the first resource of the module tree written with that address. */
function resourcePath(module: Json, address: string, path: JsonPath, depth = 0): JsonPath | undefined {
  const resources: unknown[] = Array.isArray(module.resources) ? module.resources : [];
  const index = resources.findIndex((resource) => asRecord(resource).address === address);
  if (index >= 0) return [...path, 'resources', index, 'address'];
  const children: unknown[] = Array.isArray(module.child_modules) && depth < MAX_DEPTH ? module.child_modules : [];
  for (let child = 0; child < children.length; child++) {
    const found = resourcePath(asRecord(children[child]), address, [...path, 'child_modules', child], depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** `planned_values.root_module.resources[0].values`, as the path is shown. */
function shownPath(path: JsonPath): string {
  return path.map((step, index) => (typeof step === 'number' ? `[${step}]` : `${index === 0 ? '' : '.'}${step}`)).join('');
}

/**
 * The values the plan holds (`variables`) of the root variables its configuration declares `sensitive: true`, which
 * reports show masked as `<var.name>`, as Terraform shows `(sensitive value)`: the plan holds the value whatever gave it
 * (`-var`, a tfvars file, `TF_VAR_`). One the variable's default is not masked: it is written in the configuration (the
 * plan's and the `.tf` file's), for anyone who reads it, as a CloudFormation `Default` is.
 */
function sensitiveRootValues(document: Json): MaskedValue[] {
  const declared = asRecord(asRecord(asRecord(document.configuration).root_module).variables);
  const values = asRecord(document.variables);
  const masked: MaskedValue[] = [];
  for (const [name, declaration] of Object.entries(declared)) {
    const { sensitive, default: defaultValue } = asRecord(declaration);
    if (sensitive !== true || !Object.hasOwn(values, name)) continue;
    const { value } = asRecord(values[name]);
    if (defaultValue !== undefined && JSON.stringify(value) === JSON.stringify(defaultValue)) continue;
    masked.push(...maskedLeavesOf(`var.${name}`, value));
  }
  return masked;
}

/** Never throws: every problem becomes an InputError. */
export function parseTerraformPlan(file: string, text: string, options: TerraformPlanOptions = {}): ParsedFile {
  const parsed: ParsedFile = { file, format: 'terraform-plan', worlds: [], resourceConditions: {}, declaredParameters: [], errors: [], notices: [] };
  const content = text.replace(/^\uFEFF/, '');
  let plan: PlanJson;
  try {
    plan = readPlanJson(content);
  } catch (error) {
    const refusal = jsonRefusal(content, error);
    return refused(parsed, { file, ...refusal, message: `the plan is not valid JSON: ${refusal.message}` });
  }
  const { document, changes } = plan;
  if (!isPlanDocument(document)) {
    // At the format_version written in another shape (a number), when there is one, else at the value the text writes.
    const top = skipBlanks(content, 0);
    const at = pathPosition(content, ['format_version']);
    const position = at.line === undefined ? lineColumn(content, top) : at;
    const object = content.charCodeAt(top) === OPEN_BRACE;
    return refused(parsed, { file, ...position, message: object ? 'not a Terraform plan: expected format_version with planned_values or resource_changes' : 'not a Terraform plan: it is not a JSON object, as terraform show -json writes it' });
  }
  if (!/^[01]\./.test(document.format_version as string)) {
    return refused(parsed, { file, ...pathPosition(content, ['format_version']), message: `unsupported plan format_version ${String(document.format_version)} (deputy reads 0.x and 1.x)` });
  }
  const misshapen = misshapenSection(document, plan.read === 'whole') ?? misshapenValues(document) ?? plan.misshapenChange;
  if (misshapen) {
    return refused(parsed, { file, ...pathPosition(content, misshapen.path), message: `not a Terraform plan: its ${shownPath(misshapen.path)} is not ${misshapen.shape}, as terraform show -json writes it` });
  }
  const maskedValues = sensitiveRootValues(document);
  if (maskedValues.length > 0) parsed.maskedValues = maskedValues;
  // Terraform writes what it planned before the error: that part is analyzed, and the error fails the scan, as a gate on
  // a partial plan would otherwise pass it.
  if (document.errored === true) refused(parsed, { file, ...pathPosition(content, ['errored']), message: 'the plan errored ("errored": true): Terraform stopped planning, so it holds only part of what the configuration would do, and deputy analyzed that part; fix the errors and plan again' });
  // An errored plan is never complete: the error says it is partial, and why; the notice would give it causes it does not have.
  if (document.complete === false && document.errored !== true) parsed.notices.push({ file, ...pathPosition(content, ['complete']), message: 'the plan is incomplete ("complete": false): it leaves some changes to a later plan (it was made with -target, or Terraform deferred them), which deputy cannot see' });
  try {
    // Located in the text without a byte order mark, as templates are: editors do not count it as a column.
    const resourceChanges = new ResourceChanges(changes);
    const planText = new PlanText(file, content, plan.plannedValuesEnd, (address) => resourceChanges.get(address)?.offset);
    const { resources, priorResources, terraformFolders, outsideFolders, undeclared, untargeted, errors, blockSuppressions, madeElsewhere, unreadableAddress } = buildResources(planText, document, resourceChanges, options);
    // Read as no resource, it would pass the plan without its findings.
    if (unreadableAddress) return refused(parsed, { file, ...pathPosition(content, unreadableAddress), message: `not a Terraform plan: its ${shownPath(unreadableAddress)} is not ${RESOURCE_ADDRESS}, as terraform show -json writes it` });
    if (madeElsewhere) {
      const folder = options.terraformFolder!;
      const where = options.terraformFolderGiven ? `of ${folder.display} (--tf-dir)` : 'beside the plan';
      const own = folder.scanned ? 'they are analyzed on their own' : 'they are not analyzed (scan their folder to analyze them)';
      parsed.notices.push(noticeAt(file, `the .tf files ${where} declare none of the resources and module calls its configuration names, so it was not made from them: ${own}, and findings on the plan's resources point at the plan`));
    }
    parsed.errors.push(...errors);
    if (blockSuppressions.length > 0) parsed.blockSuppressions = blockSuppressions;
    if (terraformFolders) parsed.terraformFolders = terraformFolders;
    const listed = (addresses: readonly string[]): string => (addresses.length > 3 ? `${addresses.slice(0, 3).join(', ')} and ${addresses.length - 3} more` : addresses.join(', '));
    if (undeclared.length > 0) {
      parsed.notices.push(noticeAt(file, `the .tf files write other values than the plan holds for ${listed(undeclared)}: findings on them point at the plan (are they the files the plan was made from?)`));
    }
    if (untargeted.length > 0) {
      parsed.notices.push(noticeAt(file, `the .tf files change ${listed(untargeted)}, which the plan leaves as deployed (a plan made with -target): findings on them are on the deployed values and point at the plan`));
    }
    for (const folder of outsideFolders) parsed.notices.push(noticeAt(file, `module folder ${folder} is outside the scanned folders: findings on its resources point at the plan (scan a folder that holds it and the plan)`));
    const deployed = deployedTemplates(resources.filter((resource) => !isDataSource(resource.address)));
    parsed.notices.push(...deployed.notices);
    if (deployed.templates.length > 0) parsed.deployedTemplates = deployed.templates;
    parsed.worlds = [{ conditions: {}, resources, ...terraformGraphPieces(resources, resources.filter(isRoleRead)), duplicateKeys: terraformFolders ? writtenDuplicateKeys(resources) : () => [] }];
    if (changesNothing(changes, resources)) parsed.changesNothing = true;
    else parsed.deployedWorld = () => deployedWorld(planText, document, resourceChanges, priorResources);
  } catch (error) {
    refused(parsed, { file, message: `internal error while reading the plan: ${error instanceof Error ? error.message : String(error)}` });
  }
  return parsed;
}

/** An error that leaves the plan read in part, or not at all. */
function refused(parsed: ParsedFile, error: InputError): ParsedFile {
  parsed.errors.push(error);
  parsed.incomplete = true;
  return parsed;
}

/**
 * Whether the plan leaves every resource as deployed: each change is a no-op of a resource at its own address (none
 * moves, reads, deletes, forgets or is of a deposed object), and every managed resource has one. A resource that reads
 * without a change is then a data source read at plan time.
 */
function changesNothing(changes: readonly PlanChange[], resources: readonly Resource[]): boolean {
  return changes.every((change) => change.kind === 'no-op' && !change.deposed && change.previousAddress === undefined) && resources.every((resource) => resource.change === 'no-op' || resource.change === 'read');
}


/**
 * Keys an HCL object of a resource's declaring block repeats (`jsonencode({...})`), by the resource's address: the plan
 * holds only the last, the block all of them. Indexed on the first ask.
 */
function writtenDuplicateKeys(resources: readonly Resource[]): (address: string) => DuplicateKey[] {
  const planResourceAt = indexedOnFirstAsk(resources, (resource) => (resource instanceof PlanResource ? resource.address : undefined));
  return (address) => {
    const resource = planResourceAt(address);
    return resource instanceof PlanResource ? resource.writtenDuplicateKeys() : [];
  };
}

function samePath(left: Path, right: Path): boolean {
  if (left.length !== right.length) return false;
  for (let index = 0; index < left.length; index++) if (left[index] !== right[index]) return false;
  return true;
}

/** Whether the change only forgets the deployed object (`["forget"]`), which then stays deployed as it is. */
function onlyForgotten(change: PlanChange | undefined): boolean {
  return change !== undefined && change.forgets && change.kind === undefined && !change.deposed;
}

/**
 * The plan's resources; with its Terraform folder, the folders it stands for, the module folders left unread, and the
 * resources whose declaration writes other values than the plan holds (with the first such attribute).
 */
function buildResources(
  planText: PlanText,
  plan: Json,
  changes: ResourceChanges,
  options: TerraformPlanOptions,
  /** The resources to read instead of planned_values (the deployed ones, for `deployedWorld`). */
  instead?: StateResource[],
  /** Of those, the ones the plan forgets. */
  forgottenInstead?: ReadonlySet<string>,
): { resources: Resource[]; priorResources: readonly StateResource[]; terraformFolders?: string[]; outsideFolders: string[]; undeclared: string[]; untargeted: string[]; errors: InputError[]; blockSuppressions: BlockSuppressions[]; madeElsewhere: boolean; unreadableAddress?: JsonPath } {
  const unreadable: string[] = [];
  const plannedRoot = asRecord(asRecord(plan.planned_values).root_module);
  const planned = instead ? instead.map((resource, order) => stateAsPlanned(resource, order, resource.writtenIn, resource.forgotten === true)) : plannedResources(plannedRoot, planResource, changes, [], 0, new InstanceRepeats(), undefined, unreadable);
  let unreadableChange: PlanChange | undefined;
  const mirrors = new PolicyMirrors();
  // Being deleted, a resource still manages what a role's copy of its policies shows.
  const deleted: Array<{ parsed: ResourceAddress; change: PlanChange }> = [];
  // Older plans may leave a changed resource out of planned_values: its `after` is the planned value. A deposed object
  // (left by a replacement that failed) with no current object beside it is being deleted, as a resource deleted whole.
  for (const change of [...changes.unfound(), ...changes.deposedAlone()]) {
    const addressParts = parseAddress(change.address);
    if (!addressParts) {
      unreadableChange ??= change;
      continue;
    }
    if (change.kind === undefined && !change.forgets && addressParts.mode === 'managed' && mirrors.reads(addressParts.type)) deleted.push({ parsed: addressParts, change });
    if (change.kind === undefined) continue;
    const after = change.values('after');
    if (after) planned.push(new PlanResource(change.address, addressParts, configAddress(addressParts), addressParts.type, after as ValueObject, undefined, change, planned.length, 'resource_changes'));
  }
  // Resources read instead of the planned ones are the prior state's already. A resource a `moved` block gives another
  // address is read at that one, as its change says, not at its state's.
  const unreadablePrior: string[] = [];
  const priorRoot = asRecord(asRecord(asRecord(plan.prior_state).values).root_module);
  const priorResources = instead ? [] : plannedResources(priorRoot, stateResource, undefined, [], 0, new InstanceRepeats(), '', unreadablePrior).filter((resource) => !changes.movesAway(resource.address));
  // A resource the plan does not change may be left out of planned_values, and of the changes: a targeted plan lists
  // only what it targets (and what that depends on), a refresh-only plan nothing. The state still holds it as
  // deployed, and what the plan changes may use it. One being deleted has a change, and is not read; one the plan
  // forgets (`removed` with `destroy = false`) stays deployed as it is, no longer managed, and what the plan manages
  // still uses it (a role its notebook runs as, a policy its attachment attaches): it is read as deployed too.
  let listed: Set<string> | undefined;
  for (const resource of priorResources) {
    // (A forgotten one that manages a role's policies is read too: the role's copy of them is as old as the role's last
    // read, which a plan made with -refresh=false may date from before the attachment was made.)
    if (resource.parsed.mode !== 'managed' || (changes.has(resource.address) && !onlyForgotten(changes.get(resource.address)))) continue;
    listed ??= new Set(planned.map((item) => item.address));
    if (!listed.has(resource.address)) planned.push(stateAsPlanned(resource, planned.length, 'prior_state', changes.has(resource.address)));
  }
  const configuration = new PlanConfiguration(plan.configuration, asRecord(plan.variables));
  // The roles as planned; what manages their policies as planned, deployed or being deleted (a resource the plan forgets
  // stays deployed with what it manages, which the role's copy then shows as it is, and is read so in the world as
  // deployed too, where the same finding is then made; a planned one is the object that replaces the one forgotten,
  // `["create", "forget"]`, and manages its policy).
  for (const resources of [planned, priorResources] as ReadonlyArray<readonly PlannedResource[]>) {
    for (let index = 0; index < resources.length; index++) {
      const { type, parsed, values, address } = resources[index]!;
      const forgotten = resources === planned ? forgottenInstead?.has(address) : changes.get(address)?.forgets;
      if (!(mirrors.reads(type) || (type === 'aws_iam_role' && resources === planned)) || parsed.mode !== 'managed' || forgotten) continue;
      mirrors.add(type, values, modulePrefix(parsed.modules), configuration.providerKey(parsed.modules, resources[index]!.configAddress));
    }
  }
  for (const { parsed, change } of deleted) mirrors.add(parsed.type, change.values('before') as Value | undefined, modulePrefix(parsed.modules), configuration.providerKey(parsed.modules, configAddress(parsed)));
  const providers = new ProviderConfigs(asRecord(asRecord(plan.configuration).provider_config), (name) => configuration.rootVariable(name));
  const { accounts, byProvider, read, namedByIamArns } = ownerAccounts([planned, priorResources], configuration, providers);
  // The account each resource's symbolizer writes as the owner's: the one its provider configuration is read in (a
  // caller identity, allowed_account_ids, a role it assumes), else that of the configurations signing in with the same
  // credentials, else the plan's one when all sign in alike, else the one the ARNs of its IAM resources name. A
  // configuration signing in otherwise (a profile, a role of another account) may deploy to an account the plan does not
  // read: its resources have no owner's account written, and an account id they name is another's, as in its HCL.
  const [onlyAccount] = accounts.size === 1 ? accounts : [];
  // All sign in alike where the configurations whose way of signing in the plan shows do (a module's key for one passed
  // in is one of them), with the root's default one where a resource uses it, though the plan may not list it.
  const listedKeys = providers.awsKeys();
  // Looked for among the resources only where the plan does not list it (most plans do).
  const usesUnlistedDefault = !listedKeys.includes('aws') && [planned, priorResources].some((resources) => resources.some((resource) => configuration.providerKey(resource.parsed.modules, resource.configAddress) === 'aws'));
  const keys = usesUnlistedDefault ? [...listedKeys, 'aws'] : listedKeys;
  const signsInAlike = new Set(keys.map((key) => providers.credentials(key)).filter((credentials) => credentials !== undefined)).size <= 1;
  /**
   * The account of each way of signing in a configuration read an account for; null where they read several. A key the
   * plan writes no configuration for (`module.a:aws` before Terraform 1.1, which may stand for any configuration the
   * call passes) has no way of signing in known: it shares its account with no other.
   */
  const accountByCredentials = new Map<string, string | null>();
  // An account read (a caller identity, an ARN) is where those credentials sign in; allowed_account_ids only says where
  // they may, and Terraform checks it for a configuration it uses: one no resource uses may name another account.
  const locksOnly = new Map<string, string | null>();
  for (const [key, account] of byProvider) {
    const credentials = providers.credentials(key);
    if (credentials === undefined) continue;
    noteAccountSigningIn(read.has(key) ? accountByCredentials : locksOnly, credentials, account);
  }
  for (const [credentials, account] of locksOnly) if (!accountByCredentials.has(credentials)) accountByCredentials.set(credentials, account);
  const readAccount = (providerKey: string | undefined): string | undefined => {
    const read = providerKey === undefined ? undefined : byProvider.get(providerKey);
    if (read !== undefined) return read;
    if (onlyAccount !== undefined && signsInAlike) return onlyAccount;
    if (providerKey === undefined) return undefined;
    const credentials = providers.credentials(providerKey);
    return (credentials !== undefined && accountByCredentials.get(credentials)) || namedByIamArns.get(providerKey);
  };
  // Asked for both sides of every name matched to a principal: read once per configuration.
  const accountsRead = new Map<string | undefined, string | undefined>();
  const accountOf = (providerKey: string | undefined): string | undefined => {
    if (!accountsRead.has(providerKey)) accountsRead.set(providerKey, readAccount(providerKey));
    return accountsRead.get(providerKey);
  };
  // A configuration whose account the plan does not tell, beside one a resource uses that may deploy to another account
  // (one whose account it tells, or that signs in otherwise), may be in any: its principals stand beside other accounts,
  // as the .tf reads them (`Resource.besideOtherAccounts`). Terraform configures only a configuration something uses.
  const used = configuration.usedProviderKeys();
  const deploysTo = (providerKey: string | undefined): string | undefined => {
    const credentials = providerKey === undefined ? undefined : providers.credentials(providerKey);
    return accountOf(providerKey) ?? (credentials === undefined ? undefined : `signs in as ${credentials}`);
  };
  const besideOthers = new Map<string | undefined, boolean>();
  const besideOtherAccounts = (providerKey: string | undefined): boolean => {
    let beside = besideOthers.get(providerKey);
    if (beside === undefined) {
      const own = deploysTo(providerKey);
      beside = accountOf(providerKey) === undefined && keys.some((other) => other !== providerKey && (used?.has(other) ?? true) && deploysTo(other) !== own);
      besideOthers.set(providerKey, beside);
    }
    return beside;
  };
  const symbolizers = new Map([...accounts, ...namedByIamArns.values()].map((account) => [account, ownerSymbolizer(new Set([account]), JSON_ATTRIBUTES)]));
  const symbolizerOf = (providerKey: string | undefined): Symbolizer => {
    const account = accountOf(providerKey);
    return (account !== undefined && symbolizers.get(account)) || writesNoOwner;
  };
  // Built when a reference is first resolved: a plan that leaves nothing open (a world as deployed) resolves none.
  let builtIndex: InstanceIndex | undefined;
  const index = (): InstanceIndex => (builtIndex ??= indexInstances(resources));
  // The data sources the plan read, by address: indexed when a policy text beside the plan first interpolates one.
  const readData = indexedOnFirstAsk(priorResources, ({ parsed, address }) => (parsed.mode === 'data' ? address : undefined));
  const besideFolder = options.terraformFolder ? new Declarations(options.terraformFolder, configuration, options.readable ?? (() => true), (name) => planText.variableAssignment(name), (address) => readData(address)?.values) : undefined;
  // The .tf files of a folder that holds a plan made from another configuration are analyzed on their own.
  const madeElsewhere = besideFolder?.madeElsewhere() === true;
  // A file there that Terraform refuses is an input error, as in a .tf scan: the plan was not made from the folder as it
  // is, whose lines may show other text, so findings point at the plan. The folder is still the plan's, not scanned again.
  const refusals = madeElsewhere ? [] : (besideFolder?.refusals() ?? []);
  const declarations = madeElsewhere || refusals.length > 0 ? undefined : besideFolder;
  if (declarations) configuration.folder = declarations;

  // The module instances and data sources the plan holds (read at plan time in the prior state, deferred in planned_values), for the counts of the owner's data sources.
  let instancesRead: PlanInstances | undefined;
  const readInstances = (): PlanInstances => {
    if (!instancesRead) {
      const modulePaths = new Set<readonly ModuleStep[]>();
      const addresses = new Set<string>();
      for (const { parsed, address } of [...planned, ...priorResources]) {
        modulePaths.add(parsed.modules);
        if (parsed.mode === 'data') addresses.add(address);
      }
      instancesRead = { modulePaths: [...modulePaths], has: (address) => addresses.has(address) };
    }
    return instancesRead;
  };
  // Built when a `.tf` expression of the folder first cuts a reference to an ARN (`basename(aws_iam_role.r.arn)`).
  let principalsByArn: LargeMap<Resource> | undefined;
  const arnText = (reference: string): string | undefined => {
    if (!principalsByArn) {
      principalsByArn = new LargeMap();
      for (const resource of resources) if (ARN_RESOURCES_BY_TYPE.has(resource.type) && resource.parsed.mode === 'managed') principalsByArn.set(refMarker(resource.address, 'arn'), resource);
    }
    const principal = principalsByArn.get(reference);
    // The name and path it is planned with (the provider writes `/` for a path not given; a name known after apply is
    // the reference to it), in the owner's account.
    return principal && iamArnText(ARN_RESOURCES_BY_TYPE.get(principal.type)!, prop(principal.properties, 'path'), prop(principal.properties, 'name'), OWNER_ACCOUNT, refMarker(principal.address, 'name'));
  };
  const context: PlanContext = { planText, configuration, index, symbolizerOf, accountOf, besideOtherAccounts, providers, arnText, documents: new PolicyDocumentSources(), mirrors, writtenReads: (modules) => declarations?.writtenReads(modules), writtenScope: (modules) => declarations?.writtenScope(modules), instancesUnrecorded: (modules, address) => declarations?.instancesUnrecorded(modules, address), writtenInput: (modules, name) => declarations?.writtenInput(modules, name), inputLeftOut: (modules, name) => declarations?.inputLeftOut(modules, name), ownerDataSource: (file, type, role) => declarations?.ownerDataSource(file, type, role, readInstances()) };
  // A resource's position in `planned` is where planned_values writes it among its resources; the plan text checks the
  // address there before it trusts it (changes left out of planned_values come last, and are looked up).
  const undeclared: string[] = [];
  /** Resources read from prior_state, which a targeted plan leaves as deployed, that the .tf files change. */
  const untargeted: string[] = [];
  const resources = planned;
  for (let order = 0; order < resources.length; order++) resources[order]!.readIn(context, declarationOf(resources[order]!));
  context.documents.add(resources);
  for (const { parsed, type, address, values } of priorResources) if (parsed.mode === 'data' && type === 'aws_iam_policy_document') context.documents.addPriorText(address, values);
  const errors: InputError[] = [...refusals];
  const blockSuppressions: BlockSuppressions[] = [];
  if (declarations) {
    // The user's `deputy:ignore` comments in the blocks that declare the resources (not those of installed modules).
    for (const resource of resources) {
      const installed = declarations.installs(resource.modules);
      if (!installed) resource.readSuppressions(errors);
      // Registry or git code the folder does not hold (never installed, or since changed): the call is where the user can act.
      if (installed === resource.writtenInFolder) {
        const location = declarations.remoteCall(resource.modules);
        if (location) resource.moduleCall = { location, installed };
      }
    }
    errors.push(...declarations.unattachedDirectives());
    blockSuppressions.push(...declarations.blockSuppressions(errors));
    const rendered: StateResource[] = [];
    const making: string[] = [];
    for (const resource of priorResources) {
      const { parsed, type, address, values } = resource;
      const declaration = parsed.mode === 'data' && type === 'aws_iam_policy_document' ? declarations.find(parsed) : undefined;
      if (!declaration) continue;
      context.documents.addDeclared(address, declaration.source instanceof JsonSource ? 'json' : 'hcl');
      const variable = (name: string): Value | undefined => (parsed.modules.length === 0 ? configuration.rootVariable(name) : undefined);
      // Its own each/count and its module's inputs, as a resource's (PlanResource): a templatefile() entry that reads them is located in the template.
      const writtenScope = instanceScopeOnce(context, parsed, declaration);
      const declared = withProperties(declaration, { planned: { values: () => values, readText: (text: string) => text, variable, writtenScope } });
      // The folder changed since the plan: its lines would show other statements.
      if (writesOtherBlocks(declared, values)) continue;
      const reads = declarations.writtenReads(parsed.modules);
      // With its own each.value and key, as a resource's (PlanResource.valueWrittenAt), read once a location is asked for.
      const written: Pick<DocumentSource, 'valueWrittenAt' | 'variableReadAt'> = reads
        ? { valueWrittenAt: (path, part) => declaredValueWrittenAt(declared, path, instanceReads(reads, declared, parsed.key), part), variableReadAt: (path) => declaredVariableReadAt(declared, path, instanceReads(reads, declared, parsed.key)) }
        : {};
      const madeStatements = (blocks: readonly Value[], symbolize: (value: Value) => Value): void => declarations.recordMadeStatements(address, parsed.modules, declared, blocks, (text) => symbolize(text));
      context.documents.addRendered(address, values, declared, (attribute) => attributeReferences(context, parsed, resource.configAddress, declared, attribute), written, madeStatements);
      if (declarations.makesStatements(parsed.modules, declared)) making.push(address);
      rendered.push(resource);
    }
    // Built before any fix is written: a fix in a dynamic block's content counts the statements it makes in every module instance.
    for (const address of making) context.documents.renderedDocument(address, writesNoOwner);
    // Data sources read at plan time are not planned instances: references to them are resolved among both.
    let withRendered: InstanceIndex | undefined;
    if (rendered.length > 0) context.indexWithRendered = () => (withRendered ??= indexInstances([...resources, ...rendered]));
  }
  const unreadableAddress =
    unreadable.length > 0
      ? resourcePath(plannedRoot, unreadable[0]!, ['planned_values', 'root_module'])
      : unreadableChange
        ? ['resource_changes', unreadableChange.index, 'address']
        : unreadablePrior.length > 0
          ? resourcePath(priorRoot, unreadablePrior[0]!, ['prior_state', 'values', 'root_module'])
          : undefined;
  return { resources, priorResources, terraformFolders: madeElsewhere ? undefined : besideFolder?.moduleFolders(), outsideFolders: declarations?.outsideFolders() ?? [], undeclared, untargeted, errors, blockSuppressions, madeElsewhere, ...(unreadableAddress ? { unreadableAddress } : {}) };

  /**
   * The block that declares a resource rules read, unless what it writes literally is not what the plan holds: then the
   * folder is not the one the plan was made from, or not as it was, and its lines would show other text.
   */
  function declarationOf(resource: PlanResource): Declaration | undefined {
    const declaration = declarations?.find(resource.parsed);
    if (!declaration || resource.parsed.mode !== 'managed' || terraformKindOf(resource.type) === 'other') return declaration;
    const expressions = asRecord(configuration.resource(resource.parsed.modules, resource.configAddress)?.expressions);
    const differing = differingAttribute(declaration, resource.values) ?? differingReference(declaration, expressions, referenceAttributes(resource.type));
    if (differing === undefined) return declaration;
    (resource.writtenIn === 'prior_state' ? untargeted : undeclared).push(`${resource.address} (${differing.name}, in ${differing.file})`);
    return undefined;
  }
}

/**
 * The world before the plan: the resources prior_state holds, and those whose change alone writes their deployed
 * values (`before`), read as the plan's resources are. Rules run on it to tell a finding the plan brings (`new`) from
 * one already deployed: only findings are compared, not where they are, so neither the plan's folder nor its text is
 * read for places. Values the plan's own resources read too are copied: resources change theirs in place as they
 * read them.
 */
function deployedWorld(planText: PlanText, plan: Json, changes: ResourceChanges, priorResources: readonly StateResource[]): ParsedWorld {
  // The plan reads a state's values itself for a data source, and for a resource it has no change for (a targeted plan).
  const shared = (resource: StateResource): boolean => resource.parsed.mode === 'data' || !changes.has(resource.address);
  // One the plan only forgets is marked so in this world too: a finding another resource takes for it (a notebook that
  // runs as a forgotten role) is then the same in both, and existing.
  const deployed: StateResource[] = priorResources.map((resource) =>
    withProperties(resource, { values: shared(resource) ? structuredClone(resource.values) : resource.values, writtenIn: 'prior_state', ...(onlyForgotten(changes.get(resource.address)) ? { forgotten: true as const } : {}) }),
  );
  const listed = new Set(deployed.map((resource) => resource.address));
  for (const change of changes.withDeployedValues()) {
    if (listed.has(change.address)) continue;
    const before = change.values('before');
    const parsed = before && parseAddress(change.address);
    if (!parsed) continue;
    deployed.push({ address: change.address, parsed, configAddress: configAddress(parsed), type: parsed.type, values: before as ValueObject, sensitive: undefined, writtenIn: 'resource_changes' });
  }
  // Located nowhere: only what the rules find there is read, and locating in a prior state walks the whole plan's text.
  const forgotten = new Set(deployed.filter((resource) => changes.get(resource.address)?.forgets).map((resource) => resource.address));
  const { resources } = buildResources(new PlanText(planText.file, ''), plan, new ResourceChanges([]), {}, deployed, forgotten);
  return { conditions: {}, resources, ...terraformGraphPieces(resources, resources.filter(isRoleRead)), duplicateKeys: () => [] };
}

/** A `data "aws_iam_role"` the plan reads (`RoleRead`). */
const isRoleRead = (resource: Resource): boolean => resource.type === 'aws_iam_role' && isDataSource(resource.address);

/** What the resources of one plan share: where they are written, and what reading their values takes besides the resource. */
interface PlanContext {
  planText: PlanText;
  configuration: PlanConfiguration;
  index: () => InstanceIndex;
  /** What writes the account of the provider configuration with that key as the owner's (nothing where it is not known). */
  symbolizerOf: (providerKey: string | undefined) => Symbolizer;
  /** The account the resources of a provider configuration are created in (`Resource.account`), when known. */
  accountOf: (providerKey: string | undefined) => string | undefined;
  /** Whether the resources of a provider configuration stand beside other accounts (`Resource.besideOtherAccounts`). */
  besideOtherAccounts: (providerKey: string | undefined) => boolean;
  providers: ProviderConfigs;
  documents: PolicyDocumentSources;
  mirrors: PolicyMirrors;
  /** With the plan's folder, the instances `index` holds and the policy document data sources read at plan time. */
  indexWithRendered?: () => InstanceIndex;
  /** Where a module instance reads its locals and variables whole from, as the plan's folder writes them. */
  writtenReads: (modules: readonly ModuleStep[]) => WrittenReads | undefined;
  /** The scope a module instance evaluates its expressions in from the plan's folder alone (`Declarations.writtenScope`). */
  writtenScope: (modules: readonly ModuleStep[]) => Scope | undefined;
  /** `Declarations.instancesUnrecorded`, from the plan's folder. */
  instancesUnrecorded: (modules: readonly ModuleStep[], address: ResourceAddress) => 'count' | 'for_each' | undefined;
  /** `Declarations.writtenInput`, from the plan's folder. */
  writtenInput: (modules: readonly ModuleStep[], name: string) => WrittenInput | undefined;
  /** `Declarations.inputLeftOut`, from the plan's folder. */
  inputLeftOut: (modules: readonly ModuleStep[], name: string) => InputLeftOut | undefined;
  /** `Resource.ownerDataSource`, from the plan's folder. */
  ownerDataSource: (file: string, type: string, role: Parameters<Declarations['ownerDataSource']>[2]) => OwnerDataSource | undefined;
  /** `Scope.arnText` of the planned IAM principals and policies, for the `.tf` expressions of the plan's folder. */
  arnText: (reference: string) => string | undefined;
}

/**
 * `data "aws_iam_policy_document"` whose read Terraform defers to apply (an argument refers to something not created
 * yet): its `json` is known only after apply, and so is every policy attribute written from it, but the plan holds
 * the statements as planned, known parts and all. They are read as the HCL parser reads the data source.
 */
class PolicyDocumentSources {
  private readonly sources = new Map<string, DocumentSource>();
  /** Data sources read at plan time (prior state), whose `json` is in the policies written from them. */
  private readonly rendered = new Map<string, DocumentSource>();
  private readonly declaredSyntaxes = new Map<string, 'hcl' | 'json'>();
  /** By data source, then by what writes the owner's account in it: the account of the resource that uses the document. */
  private readonly built = new Map<DocumentSource, Map<(value: Value) => Value, ValueObject | undefined>>();
  /** The values of the data sources read at plan time, by address: their `json` is the text other documents include. */
  private readonly renderedValues = new Map<string, ValueObject>();
  /** The `json` of every data source read at plan time, by address, with the `.tf` folder or without it. */
  private readonly priorTexts = new Map<string, string>();
  /** The data sources whose document is being built: one that includes itself, through others, is not read again. */
  private readonly building = new Set<DocumentSource>();

  add(resources: readonly PlanResource[]): void {
    for (const resource of resources) if (resource.documentSource) this.sources.set(resource.address, resource);
  }

  /** Whether the plan plans any policy document data source (`document` finds none otherwise). */
  get plansAny(): boolean {
    return this.sources.size > 0;
  }

  /** A policy document data source read at plan time, as the prior state holds it: its text, for `plannedText`. */
  addPriorText(address: string, values: ValueObject): void {
    if (typeof values.json === 'string') this.priorTexts.set(address, values.json);
  }

  /** The text (`json`) the policy document data source at the address renders in the plan, as written there. */
  plannedText(address: string): string | undefined {
    const json = this.sources.get(address)?.valuesAsPlanned()?.json ?? this.priorTexts.get(address);
    return typeof json === 'string' ? json : undefined;
  }

  /** Whether the statements of the data source read at plan time at the address are located in its block. */
  locatesRendered(address: string): boolean {
    return this.rendered.has(address);
  }

  /** How the `.tf` files write the data source read at plan time at the address, when they declare it. */
  declaredSyntax(address: string): 'hcl' | 'json' | undefined {
    return this.declaredSyntaxes.get(address);
  }

  /** Remembers how the `.tf` files write a data source read at plan time. */
  addDeclared(address: string, syntax: 'hcl' | 'json'): void {
    this.declaredSyntaxes.set(address, syntax);
  }

  /**
   * A data source read at plan time, declared in the `.tf` block given (read with those values). `references` are the
   * resources an attribute of it refers to: a document it includes (`source_policy_documents`,
   * `override_policy_documents`) that is another one's text is read as that document, located in that one's block.
   */
  addRendered(address: string, values: ValueObject, declared: Declaration, references: (attribute: string) => readonly ReferenceTarget[], written: Pick<DocumentSource, 'valueWrittenAt' | 'variableReadAt'>, madeStatements?: DocumentSource['madeStatements']): void {
    this.renderedValues.set(address, values);
    const textOrigin = (path: Path, text: string): StringOrigin | undefined => {
      const planned = valueAtPath(values, path);
      const origin = typeof planned === 'string' ? entryTextOrigin(declared, path, (written) => written === planned) : undefined;
      return !origin || text === planned ? origin : withSymbolColumns(origin, text);
    };
    // An included document's entry, and what it writes (a jsonencode({...}) there or in a local), as a scan of the .tf
    // files locates them: the entries of the list by position, as the provider keeps them.
    const locate = (path: Path): SourceLocation => (path.length > 1 && isIncludedDocuments(path[0]) && locateInExpression(declared, path)) || locateInDeclaration(declared, path);
    const dynamicAt = (path: Path): object | undefined => dynamicContentAt(declared, path);
    this.rendered.set(address, { valuesAsPlanned: () => copyOf(values) as ValueObject, locate, references, textOrigin, dynamicAt, ...written, ...(madeStatements ? { madeStatements } : {}) });
  }

  /**
   * The document the data source at the address renders, with the owner's account written by `symbolize`; undefined
   * when it is not one or its read depends on text deputy does not have.
   */
  document(address: string, symbolize: (value: Value) => Value): ValueObject | undefined {
    return this.builtFrom(this.sources.get(address), symbolize);
  }

  /** The same, for a data source whose `json` a policy holds: the one planned, else the one read at plan time. */
  renderedDocument(address: string, symbolize: (value: Value) => Value): ValueObject | undefined {
    return this.builtFrom(this.sources.get(address) ?? this.rendered.get(address), symbolize);
  }

  private builtFrom(source: DocumentSource | undefined, symbolize: (value: Value) => Value): ValueObject | undefined {
    if (!source || this.building.has(source)) return undefined;
    let bySymbolizer = this.built.get(source);
    if (!bySymbolizer) this.built.set(source, (bySymbolizer = new Map()));
    if (!bySymbolizer.has(symbolize)) {
      this.building.add(source);
      try {
        bySymbolizer.set(symbolize, this.build(source, symbolize));
      } finally {
        this.building.delete(source);
      }
    }
    return bySymbolizer.get(symbolize);
  }

  /**
   * The data source read at plan time whose text an entry of `source_policy_documents`/`override_policy_documents` is,
   * among those the attribute refers to. Data sources that render the same text are told apart by position: the n-th
   * entry of a text is the n-th one referred to. One referred to as a whole (`[for d in [data.d] : d.json]`) may give
   * either of its texts.
   */
  private includedDocument(references: readonly ReferenceTarget[], text: string, occurrence: number): string | undefined {
    const renders = ({ address, attribute }: ReferenceTarget): boolean => {
      const values = this.renderedValues.get(address);
      return attribute === undefined ? [...DOCUMENT_TEXTS].some((name) => values?.[name] === text) : DOCUMENT_TEXTS.has(attribute) && values?.[attribute] === text;
    };
    return references.filter(renders)[occurrence]?.address;
  }

  /**
   * The data source deferred to apply that the one entry of an attribute known only after apply is, as its planned
   * statements give it: where the attribute refers to policy documents alone (read at plan time, whose texts are the
   * known entries, or deferred), and to one deferred. Undefined otherwise: which entry another reference makes is not
   * known.
   */
  private deferredIncluded(source: DocumentSource, attribute: string): string | undefined {
    const targets = source.strictReferences?.(attribute) ?? [];
    if (targets.length === 0 || !targets.every(({ address, attribute: read }) => POLICY_DOCUMENT_ADDRESS.test(address) && (read === undefined || DOCUMENT_TEXTS.has(read)))) return undefined;
    const deferred = new Set(targets.filter(({ address }) => this.sources.has(address)).map(({ address }) => address));
    return deferred.size === 1 ? [...deferred][0] : undefined;
  }

  private build(source: DocumentSource, symbolize: (value: Value) => Value): ValueObject | undefined {
    const planned = source.valuesAsPlanned();
    if (!planned) return undefined;
    const values = symbolize(planned) as ValueObject;
    // The deprecated JSON-text arguments merge documents this reading does not: the result would miss their statements.
    if ((values.source_json !== undefined && values.source_json !== null) || (values.override_json !== undefined && values.override_json !== null)) return undefined;
    // Data sources read at plan time are included by their text; one deferred to apply too, by its planned statements.
    for (const attribute of this.renderedValues.size > 0 || this.sources.size > 1 ? INCLUDED_DOCUMENTS : []) {
      const written = planned[attribute];
      const included = values[attribute];
      if (!Array.isArray(written) || !Array.isArray(included)) continue;
      // Read before any entry is replaced: `values` may be `planned` itself, where the account needs no symbol.
      const texts = [...written];
      // The references are read once for the attribute, when one of its entries is a text.
      let references: readonly ReferenceTarget[] | undefined;
      const occurrences = new Map<string, number>();
      const open: number[] = [];
      texts.forEach((text, position) => {
        if (text instanceof Unresolved) open.push(position);
        if (typeof text !== 'string') return;
        const occurrence = occurrences.get(text) ?? 0;
        occurrences.set(text, occurrence + 1);
        const address = this.includedDocument((references ??= source.references(attribute)), text, occurrence);
        const document = address === undefined ? undefined : this.renderedDocument(address, symbolize);
        if (document) included[position] = document;
      });
      const deferred = open.length === 1 ? this.deferredIncluded(source, attribute) : undefined;
      const document = deferred === undefined ? undefined : this.document(deferred, symbolize);
      if (document) included[open[0]!] = document;
    }
    // Before the blocks are registered where the data source writes them: one a module input's element made is located there.
    source.madeStatements?.(asList(values.statement), symbolize);
    source.linkReferences?.(values, symbolize);
    asList(values.statement).forEach((block, index) =>
      registerOrigin(block, {
        locate: (path) => source.locate(['statement', index, ...path]),
        valueWrittenAt: (path, part) => source.valueWrittenAt?.(['statement', index, ...path], part),
        variableReadAt: (path) => source.variableReadAt?.(['statement', index, ...path]),
        dynamicAt: (path) => source.dynamicAt?.(['statement', index, ...path]),
      }),
    );
    return buildPolicyDocument(values, { locate: (path) => source.locate(path) }, undefined, source.textOrigin && ((path, text) => source.textOrigin!(path, text)));
  }
}

/**
 * The origin of a text whose written form is read with the owner's account as a symbol (`value`): positions are read in
 * the text with the symbols, each longer than the account it stands for.
 */
function withSymbolColumns(origin: StringOrigin, value: string): StringOrigin {
  const lines = value.split('\n');
  const { writtenColumn: heredocColumn } = origin;
  const writtenColumn = (line: number, column: number, end?: boolean): number => {
    const unsymbolized = unsymbolizedColumn(lines[line - 1] ?? '', column);
    return heredocColumn ? heredocColumn(line, unsymbolized, end) : unsymbolized;
  };
  return withProperties(origin, { writtenColumn });
}

/** The arguments of a policy document data source that take other documents' text. */
const INCLUDED_DOCUMENTS = ['source_policy_documents', 'override_policy_documents'] as const;
function isIncludedDocuments(attribute: string | number | undefined): boolean {
  return (INCLUDED_DOCUMENTS as readonly unknown[]).includes(attribute);
}
/** The address of a policy document data source instance, in any module. */
const POLICY_DOCUMENT_ADDRESS = /(?:^|\.)data\.aws_iam_policy_document\.[^.]+$/;

/** A policy document data source: its values as planned or read, and where its paths are written. */
interface DocumentSource {
  valuesAsPlanned(): ValueObject | undefined;
  /** The resources an attribute refers to, as the configuration writes it (for the documents it includes). */
  references(attribute: string): readonly ReferenceTarget[];
  /** The resources an attribute refers to, only where they account for all it may be built from (`referenceTargets`). */
  strictReferences?(attribute: string): readonly ReferenceTarget[];
  locate(path: Path): SourceLocation;
  valueWrittenAt?(path: Path, part?: string): SourceLocation | undefined;
  /** The input variable the value at `path` is read from whole (`Locator.variableReadAt`). */
  variableReadAt?(path: Path): string | undefined;
  /** The content of the `dynamic` block that writes the nested block at `path`, if one does (`dynamicContentAt`). */
  dynamicAt?(path: Path): object | undefined;
  /** Where the characters of the text at `path` (an included document's, `text` as read) are written, when they are. */
  textOrigin?(path: Path, text: string): StringOrigin | undefined;
  /** Records the statement blocks (the plan's, read with `symbolize`) that `dynamic` blocks made of a module input's elements (`Declarations.recordMadeStatements`). */
  madeStatements?(blocks: readonly Value[], symbolize: (value: Value) => Value): void;
  /** Links the principals and resources its statements name but the plan knows only after apply (`PlanResource.linkReferences`), in its values read with `symbolize`. */
  linkReferences?(values: ValueObject, symbolize: Symbolizer): void;
}

/**
 * A planned resource, which locates its own paths: in its `.tf` declaration when there is one, else in the plan.
 * Its values are read when first asked for: most resources of a real plan are of types no rule reads. Where it is
 * declared, and whether a value of it is deployed already, are also worked out when asked. It holds what reading
 * the values takes, not the change record, whose `after` repeats the values.
 */
class PlanResource implements Resource, Locator, PlannedResource {
  readonly kind: ResourceKind;
  /** A data property, not a getter: a document read from a policy text puts its own locator over it (normalize.ts). */
  readonly locator: Locator = this;
  // The fields declared with `declare` are set on few resources of a plan: declared so, they take no room in the others
  // (each field a class defines is a slot in every instance, kept to the end of the scan).
  declare suppressions?: InlineSuppression[];
  declare moduleCall?: RemoteModuleCall;
  readonly change: ResourceChange | undefined;
  private valuesRead = false;
  /**
   * The paths `linkUnknownReferences` put a reference at for a value built from it in a way not shown
   * (`builtFromReference`): one or two for a resource, kept as the walk made them and compared step by step.
   */
  private declare builtFrom?: Path[];
  /** What the change leaves open (`after_unknown`) and hides (`after_sensitive`), until the values are read. */
  private unknown: unknown;
  private sensitive: unknown;
  private declared?: SourceLocation;
  /** Where the resource is created, once asked for; null when the plan does not say. */
  private createdIn?: string | null;
  /**
   * The key of its provider configuration, once asked for (the owner's account and symbolizer are read by it, for every
   * string located in the resource); null when the configuration names none.
   */
  private providerKeyRead?: string | null;
  /**
   * Whether an attribute holds a document read elsewhere than in its value, which locates its own paths: a policy from a
   * deferred data source, a pipeline definition from the `.tf`.
   */
  private documentsRead = false;
  /** Policy attributes written from a data source read at plan time, once a path inside one is located (`readRenderedDocuments`). */
  private declare renderedDocuments?: Map<object, Map<string | number, string>>;
  /**
   * Whether the heredoc of a policy attribute (by its path) writes the document the plan holds there, once asked: each
   * finding inside asks. Made on the first ask, as most resources of a plan are never located in a heredoc.
   */
  private declare heredocDocuments?: Map<string, boolean>;
  /** The pipeline definition the `.tf` renders with `templatefile()`, where the plan knows it only after apply. */
  private declare renderedDefinition?: { text: string; origin: StringOrigin };
  /** For a policy document data source, its values as planned, open ones marked, before the owner's account is read in them. */
  private declare planned?: ValueObject;
  /** The `.tf` block that declares it, read with its planned values. */
  private declaration: Declaration | undefined;
  /** Only with a declaration: without one no policy document is built, and no policy read pays for asking. */
  declare builtPolicyDocument?: (path: Path) => Value | undefined;
  /** What the resources of its plan share (`readIn`). */
  private context!: PlanContext;

  /** Made as `plannedResources` reads it (`ResourceMaker`), then read in its plan by `readIn`. */
  constructor(
    readonly address: string,
    /** Its address, parsed, and how `configuration` names it (the instance index reads both). */
    readonly parsed: ResourceAddress,
    readonly configAddress: string,
    readonly type: string,
    /** The planned values as written: `properties` reads them in place on the first ask. */
    readonly values: ValueObject,
    /** What it marks sensitive (`sensitive_values`), unless its change says (`after_sensitive`). */
    sensitive: unknown,
    change: PlanChange | undefined,
    /** Its position among the resources of `planned_values`, which the plan text looks at first. */
    private readonly order: number,
    readonly writtenIn?: 'resource_changes' | 'prior_state',
    readonly forgotten = false,
  ) {
    this.kind = parsed.mode === 'data' ? 'other' : terraformKindOf(type);
    this.change = change?.kind ?? (parsed.mode === 'data' ? 'read' : undefined);
    this.unknown = change?.afterUnknown;
    this.sensitive = change?.afterSensitive ?? sensitive;
  }

  /** Reads it among the resources of its plan (`context`), declared by a `.tf` block of the plan's folder or not. */
  readIn(context: PlanContext, declaration: Declaration | undefined): void {
    this.context = context;
    // The declaration is shared by the resource's instances: each reads it with its own planned values.
    if (declaration) {
      const variable = (name: string): Value | undefined => (this.parsed.modules.length === 0 ? context.configuration.rootVariable(name) : undefined);
      const writtenScope = instanceScopeOnce(context, this.parsed, declaration);
      const noInstancesWritten = (base: string) => {
        const address = parseAddress(base);
        return address && context.instancesUnrecorded(this.parsed.modules, address);
      };
      const writtenInput = (name: string) => context.writtenInput(this.parsed.modules, name);
      this.declaration = withProperties(declaration, { planned: { values: () => this.properties, readText: (text: string) => this.asPlanned(text), variable, writtenScope, noInstancesWritten, writtenInput } });
      this.builtPolicyDocument = (path) => this.builtDocumentAt(path);
    } else this.declaration = undefined;
  }

  get name(): string {
    return this.address;
  }

  /**
   * Keys the declaring block's HCL objects repeat, and its override blocks': each block is read only in what it writes
   * of the merged resource (the last override file that sets an attribute or nested block type writes it, as the .tf
   * scan reads them).
   */
  writtenDuplicateKeys(): DuplicateKey[] {
    const declaration = this.declaration;
    if (!declaration) return [];
    const reads = this.context.writtenReads(this.parsed.modules);
    const written = [declaration, ...(declaration.overrides ?? [])].map((part) => ({ source: part.source, block: part.block, writes: (name: string) => mergedFor(declaration, name) === part }));
    return duplicateKeysOfBlocks(written, (name) => reads?.local(name));
  }

  /** Its module path, as its address writes it. */
  get modules(): readonly ModuleStep[] {
    return this.parsed.modules;
  }

  /** Whether a `.tf` block of the plan's folder declares it (findings then point there). */
  get writtenInFolder(): boolean {
    return this.declaration !== undefined;
  }

  /** Whether the plan neither lists nor changes it, and it is read from `prior_state` as deployed. */
  get leftAsDeployed(): boolean {
    return this.writtenIn === 'prior_state' && this.change === undefined;
  }

  /**
   * Reads the `deputy:ignore` comments of its declaration; a malformed one is an error in `errors` (once per comment).
   * A data source's are not its own: they cover the findings located in its block (`Declarations.blockSuppressions`).
   */
  readSuppressions(errors: InputError[]): void {
    if (!this.declaration || this.parsed.mode === 'data') return;
    const { overrides = [] } = this.declaration;
    // A comment on an override block suppresses as one on the block it merges into.
    const found = [this.declaration, ...overrides].flatMap(({ source, block }) => suppressionsOf(source, block, errors));
    if (found.length > 0) this.suppressions = found;
  }

  /** Whether it is a `data "aws_iam_policy_document"`, whose document other resources' policies may be written from. */
  get documentSource(): boolean {
    return this.parsed.mode === 'data' && this.type === 'aws_iam_policy_document';
  }

  references(attribute: string): readonly ReferenceTarget[] {
    return attributeReferences(this.context, this.parsed, this.configAddress, this.declaration, attribute);
  }

  strictReferences(attribute: string): readonly ReferenceTarget[] {
    return strictAttributeReferences(this.context, this.parsed, this.configAddress, this.declaration, attribute);
  }

  /**
   * For a policy document data source deferred to apply, beside its folder: the principals and resources its
   * statements write as references to what is created with it (`identifiers = [aws_iam_role.r.id]`), which the plan
   * knows only after apply, linked as a resource's role attributes are (`linkUnknownReferences`), so that the rules read
   * them as the `.tf` scan does. A list the `.tf` builds (`"arn:...:role/${aws_iam_role.r.name}"`) stays open. Without
   * the folder nothing is linked: the plan lists the same references for the reference alone and for a value built
   * from it. Nor where `dynamic` statement blocks make blocks, which the configuration leaves out: its statements are
   * then not the plan's by position.
   */
  linkReferences(values: ValueObject, symbolize: Symbolizer): void {
    if (!this.declaration) return;
    const { expressions, scope } = this.configuredReferences();
    if (asList(values.statement).length !== (Array.isArray(expressions.statement) ? expressions.statement.length : 0)) return;
    linkUnknownReferences(values, DOCUMENT_NAMING_ATTRIBUTES, expressions, scope, symbolize, undefined);
  }

  /** A policy document data source's values as planned (a copy), before the owner's account is read in them. */
  valuesAsPlanned(): ValueObject | undefined {
    void this.properties;
    return this.planned && (copyOf(this.planned) as ValueObject);
  }

  /** As its own locator, the resource whose paths it locates. */
  get resource(): Resource {
    return this;
  }

  get format(): 'terraform-plan' {
    return 'terraform-plan';
  }

  get file(): string {
    return this.context.planText.file;
  }

  /** Fixes go to the `.tf` files the plan came from: HCL, unless the resource is declared in a `.tf.json` file. */
  get syntax(): 'hcl' | 'json' {
    return this.declaration?.source instanceof JsonSource ? 'json' : 'hcl';
  }

  /** The same for one attribute, which an override file may write. */
  syntaxOf(attribute: string): 'hcl' | 'json' {
    return this.declaration ? declaredSyntax(this.declaration, attribute) : this.syntax;
  }

  /**
   * The values as rules read them: what is open made Unresolved, unknown references linked through the
   * configuration, the owner's account as a symbol.
   */
  get properties(): ValueObject {
    if (!this.valuesRead) {
      this.valuesRead = true;
      const { parsed, type, context } = this;
      markOpenValues(this.values, this.unknown, this.sensitive);
      this.unknown = this.sensitive = undefined;
      if (type === 'aws_iam_role' && parsed.mode === 'managed') context.mirrors.clear(this.values, modulePrefix(parsed.modules), this.providerKey, (attribute) => this.writes(attribute) === true);
      // A policy document is read for the resources that use it, each with its own owner's account.
      if (this.documentSource) this.planned = copyOf(this.values) as ValueObject;
      const symbolize = this.symbolizer();
      // Before linking: the references it writes hold addresses, which may hold the account as a key.
      symbolize(this.values);
      const linking = parsed.mode === 'managed' ? linkingOf(type) : undefined;
      const configured = linking && context.configuration.resource(parsed.modules, this.configAddress);
      const expressions = asRecord(configured?.expressions);
      // Without the `.tf` and a deferred policy document, only a reference the configuration lists is linked: most
      // resources of a plan hold no open value where it lists one (a role's managed_policy_arns), and are not walked.
      if (linking && (this.declaration !== undefined || context.documents.plansAny || mayLinkAny(this.values, expressions, linking.referring))) {
        const { referring, documents, takesRoleArn, naming } = linking;
        const scope = this.referenceScope(configured);
        linkUnknownReferences(
          this.values,
          referring,
          expressions,
          scope,
          symbolize,
          takesRoleArn || naming
            ? (path, attribute) => {
                // Copied at its size, not pushed to: a pushed array keeps room for 17 paths to the end of the scan.
                if (naming?.has(path[0] as string) || (!ARN_ATTRIBUTES.role.includes(attribute) && takesRoleArn)) this.builtFrom = this.builtFrom ? [...this.builtFrom, path] : [path];
              }
            : undefined,
        );
        const deferred = readDeferredDocuments(this.values, documents, expressions, scope, context.documents, symbolize);
        const declaredPolicies = readDeclaredPolicies(this.values, documents, expressions, scope, symbolize);
        const declared = readDeclaredDefinition(this.values, expressions, scope);
        if (typeof declared === 'object') {
          this.values[PIPELINE_DEFINITION_ATTRIBUTE] = this.asPlanned(declared.text, PIPELINE_DEFINITION_ATTRIBUTE);
          this.renderedDefinition = declared;
        }
        this.documentsRead = declared !== false || deferred || declaredPolicies;
      }
    }
    return this.values;
  }

  /**
   * The configuration's expressions of the resource, and the scope the references they list are resolved in (among the
   * instances of `index`), with the `.tf` block that declares it.
   */
  private configuredReferences(index: ReferenceScope['index'] = this.context.index): { expressions: Json; scope: ReferenceScope } {
    const configured = this.context.configuration.resource(this.parsed.modules, this.configAddress);
    return { expressions: asRecord(configured?.expressions), scope: this.referenceScope(configured, index) };
  }

  /** The scope of `configuredReferences`, with the configuration of the resource (`configured`) read already. */
  private referenceScope(configured: Json | undefined, index: ReferenceScope['index'] = this.context.index): ReferenceScope {
    return { configuration: this.context.configuration, index, address: this.parsed, forEach: configured?.for_each_expression, declaration: this.declaration };
  }

  /** `Resource.expressionKey`: beside the `.tf` files, the text its declaration writes the attribute, or an entry of a list, with, in its module instance. */
  expressionKey(path: Path): string | undefined {
    const text = this.declaration && writtenAttributeText(this.declaration, path);
    return text === undefined ? undefined : `${modulePrefix(this.parsed.modules)}\u0000${text}`;
  }

  /** `Resource.templateText`: beside the `.tf` files, the template text of what its declaration writes there, in its module instance. */
  templateText(path: Path): { scope: string; text: string } | undefined {
    const text = this.declaration && writtenAttributeTemplate(this.declaration, path);
    return text === undefined ? undefined : { scope: modulePrefix(this.parsed.modules), text };
  }

  /**
   * `Resource.referencesKey`: without its declaration, the references the configuration lists for the attribute, in its
   * module instance. The configuration lists them for a whole list, not per entry: an entry (`users = ["${aws_iam_group.team.unique_id}-bob"]`)
   * has them as its own only where they name one resource, which every entry not known then reads; where they name
   * several, each entry may read another of them (`[aws_iam_user.a.name, "${aws_iam_group.team.unique_id}-bob"]`), and none has a key.
   */
  referencesKey(path: Path): string | undefined {
    const [attribute, entry, ...rest] = path;
    if (this.declaration || typeof attribute !== 'string' || rest.length > 0) return undefined;
    if (entry !== undefined && (typeof entry !== 'number' || this.strictReferences(attribute).length !== 1)) return undefined;
    const listed = asRecord(asRecord(this.configuredReferences().expressions)[attribute]).references;
    if (!Array.isArray(listed) || listed.length === 0 || listed.some((reference) => typeof reference !== 'string' || VARYING.test(`${reference}.`))) return undefined;
    return `${modulePrefix(this.parsed.modules)}\u0000${[...new Set(listed as string[])].sort().join('\u0000')}`;
  }

  /** `Resource.builtFromReference`. */
  builtFromReference(path: Path): boolean {
    void this.properties;
    return this.builtFrom?.some((built) => samePath(built, path)) ?? false;
  }

  get location(): SourceLocation {
    return (this.declared ??= this.resourceLocation());
  }

  /**
   * Where a value its declaration reads whole from a local or a variable is written (`Locator.valueWrittenAt`), with
   * each.value and the own key of this instance read as its block's `for_each` or `count` gives them (`instanceReads`).
   */
  valueWrittenAt(path: Path, part?: string): SourceLocation | undefined {
    const reads = this.instanceReads();
    return reads && declaredValueWrittenAt(this.declaration!, path, reads, part);
  }

  /**
   * The input variable its declaration reads the value at a path from whole (`Locator.variableReadAt`), as `valueWrittenAt`
   * reads it, or one interpolation of a heredoc written there renders alone (which the provider plans minified).
   */
  variableReadAt(path: Path): string | undefined {
    const reads = this.instanceReads();
    return reads && (declaredVariableReadAt(this.declaration!, path, reads) ?? this.askRenderedHeredoc(path, variableReadInText));
  }

  /** The module call that leaves out the input its declaration reads the value at a path from whole (`Locator.inputLeftOutAt`). */
  inputLeftOutAt(path: Path): InputLeftOut | undefined {
    const variable = this.parsed.modules.length === 0 ? undefined : this.declaration && this.variableReadAt(path);
    return variable === undefined ? undefined : this.context.inputLeftOut(this.parsed.modules, variable);
  }

  /** `Locator.interpolationWriting` of a path inside a policy its declaration writes as a heredoc that interpolates. */
  interpolationWriting(path: Path): InterpolationWriting | undefined {
    return this.askRenderedHeredoc(path, interpolationWritingInText);
  }

  /**
   * A question of JSON text written at an origin (`variableReadInText`, `interpolationWritingInText`) asked of a path
   * inside a policy its declaration writes as a heredoc that interpolates, in the rendering `locateInString` locates it in.
   */
  private askRenderedHeredoc<Answer>(path: Path, ask: (text: string, origin: StringOrigin, path: Path) => Answer | undefined): Answer | undefined {
    const rendered = this.declaration && renderedHeredocDocument(this.declaration, path, (text, attributePath) => this.isPlannedDocument(text, attributePath));
    return rendered && ask(rendered.text, rendered.origin, rendered.rest);
  }

  /** What the declaration of this instance reads whole, from the `.tf` files (`instanceReads`); none without its declaration. */
  private instanceReads(): WrittenReads | undefined {
    const reads = this.declaration && this.context.writtenReads(this.parsed.modules);
    return reads && instanceReads(reads, this.declaration!, this.parsed.key);
  }

  /**
   * As a policy document data source deferred to apply (`DocumentSource.dynamicAt`): the content of the `dynamic` block
   * of its declaration that writes the nested block at `path`, as one read at plan time tells it, so that the condition
   * blocks one dynamic block makes are not taken for blocks written apart (policy-duplicate-key). Asked only where
   * condition blocks repeat a test and variable.
   */
  dynamicAt(path: Path): object | undefined {
    return this.declaration && dynamicContentAt(this.declaration, path);
  }

  /** The value deputy builds the element at a path inside a policy the provider rendered from a policy document data source of (`Locator.builtValueInString`). */
  builtValueInString(path: Path, document: Value): Value | undefined {
    const found = this.declaration && this.inRenderedDocument(path, document);
    return found && valueAtPath(found.built, found.path);
  }

  /** The same inside a policy the provider rendered from a policy document data source, in the data source's block. */
  valueWrittenInString(path: Path, document: Value, part?: string): SourceLocation | undefined {
    const found = this.declaration && this.inRenderedDocument(path, document);
    return found && valueWrittenAt(found.built, found.path, part);
  }

  /** The same for the input variable read whole there (`Locator.variableReadInString`): the data source's block reads it. */
  variableReadInString(path: Path, document: Value): string | undefined {
    const found = this.declaration && this.inRenderedDocument(path, document);
    return found && variableReadAt(found.built, found.path);
  }

  /**
   * Whether the configuration sets an attribute, to a value other than null: as the plan's configuration shows it (a
   * constant, references, blocks), else as the `.tf` declaration writes it (the plan leaves `dynamic` blocks out).
   * Undefined when neither shows the resource's configuration.
   */
  writes(attribute: string | Path): boolean | undefined {
    const { parsed, context: { configuration } } = this;
    const configured = configuration.resource(parsed.modules, this.configAddress);
    if (typeof attribute !== 'string') return attribute.length === 1 && typeof attribute[0] === 'string' ? this.writes(attribute[0]) : writesNested(configured?.expressions, attribute, (expression) => configuration.setsValue(expression, parsed.modules));
    const expression = asRecord(configured?.expressions)[attribute];
    const set = configuration.setsValue(expression, parsed.modules);
    if (set !== undefined) return set;
    if (this.declaration) return writesAttribute(this.declaration, attribute);
    return configured === undefined ? undefined : false;
  }

  get account(): string | undefined {
    return this.context.accountOf(this.providerKey);
  }

  get besideOtherAccounts(): true | undefined {
    return this.context.besideOtherAccounts(this.providerKey) || undefined;
  }

  get accountScope(): string | undefined {
    const key = this.providerKey;
    return this.account ?? (key === undefined ? undefined : `provider ${key}`);
  }

  get providerIgnoredTags(): IgnoredTags | undefined {
    return this.context.providers.ignoredTags(this.providerKey);
  }

  get region(): string | undefined {
    if (this.createdIn === undefined) this.createdIn = this.readRegion() ?? null;
    return this.createdIn ?? undefined;
  }

  /** The key of the provider configuration the resource is created with, as the configuration names it. */
  private get providerKey(): string | undefined {
    if (this.providerKeyRead === undefined) this.providerKeyRead = this.context.configuration.providerKey(this.parsed.modules, this.configAddress) ?? null;
    return this.providerKeyRead ?? undefined;
  }

  /** What writes the owner's account as a symbol in the resource's values: one for every resource of an account. */
  private symbolizer(): Symbolizer {
    return this.context.symbolizerOf(this.providerKey);
  }

  private readRegion(): string | undefined {
    // AWS provider 6 gives resources a region of their own, the provider's unless set: one known after apply is not.
    const own = this.properties.region;
    if (own !== undefined && own !== null) return regionName(own);
    return this.context.providers.region(this.providerKey);
  }

  stringOrigin(path: Path): StringOrigin | undefined {
    if (!this.declaration) return undefined;
    const value = valueAtPath(this.properties, path);
    const key = path.at(-1);
    if (typeof value !== 'string' || typeof key !== 'string') return undefined;
    // The plan's text has the owner's account as a symbol: the heredoc's is read the same way before they are compared.
    let written: string | undefined;
    const isWritten = (text: string): boolean => {
      written = text;
      return this.asPlanned(text, key) === value;
    };
    const rendered = this.renderedDefinition;
    const origin =
      rendered && path.length === 1 && path[0] === PIPELINE_DEFINITION_ATTRIBUTE
        ? isWritten(rendered.text) ? rendered.origin : undefined
        : (heredocTextOrigin(this.declaration, path, isWritten, () => this.instanceReads()) ??
          // A text known only at apply is held as the `.tf` evaluates its template: located in the template.
          (isKnownAtPlan(value) ? undefined : templateTextOrigin(this.declaration, path, () => this.instanceReads())));
    return !origin || written === value ? origin : withSymbolColumns(origin, value);
  }

  /**
   * A text the declaration writes as the plan's values hold it: with the owner's account as a symbol, written as JSON
   * escapes when `key` is an attribute of JSON text.
   */
  private asPlanned(text: string, key?: string): Value {
    return this.symbolizer()(text, key);
  }

  writtenPolicy(path: Path): 'object' | 'policy-document' | 'text' | 'quoted-text' | 'json-value' | undefined {
    return this.declaration ? writtenPolicy(this.declaration, path, () => this.instanceReads()) : undefined;
  }

  ownerDataSource(file: string, type: string): OwnerDataSource | undefined {
    const declared = this.context.ownerDataSource(file, type, { modules: this.parsed.modules, declaration: this.declaration, providerKey: this.providerKey });
    if (declared || file !== this.file) return declared;
    // Without the .tf files, a root module's configuration is named by its key (which data sources the module declares
    // is not known); a module's other than the default one has a name there that the plan does not show.
    const key = this.providerKey;
    // A module's own default configuration (`module.m:aws`) is its default where it reaches, as the root module's is.
    if (key === undefined || key.slice(key.lastIndexOf(':') + 1) === DEFAULT_PROVIDER) return undefined;
    return ownerDataSource(type, [], [], () => false, this.parsed.modules.length === 0 && !key.includes(':') ? key : undefined);
  }

  policyDocumentOf(path: Path): { address: string; syntax?: 'hcl' | 'json' } | undefined {
    // The configuration tells a policy written as a policy document data source's text: one it refers to alone, whose
    // document the policy holds (not one built around it, as jsonencode(concat(...)) would). The provider plans the
    // text minified with its keys sorted: the documents are compared, not the texts.
    const { parsed, context } = this;
    const expressions = parsed.mode === 'managed' ? context.configuration.resource(parsed.modules, this.configAddress)?.expressions : undefined;
    const source = documentTextSource(expressionAt(expressions, path), parsed.key);
    // The address names the module instance: modules may each declare a document of that name, and the root too.
    if (source === undefined) return undefined;
    const address = `${modulePrefix(parsed.modules)}${source}`;
    const text = context.documents.plannedText(address);
    const key = path.at(-1);
    if (text === undefined || typeof key !== 'string' || !sameDocument(this.asPlanned(text, key), valueAtPath(this.properties, path))) return undefined;
    if (!this.declaration) return { address };
    // With the .tf files, findings point into the data source's blocks where they were read (not a .tf.json data
    // source's, see writesOtherBlocks, nor one the folder writes otherwise since the plan).
    if (context.documents.locatesRendered(address)) return undefined;
    const syntax = context.documents.declaredSyntax(address);
    return syntax ? { address, syntax } : { address };
  }

  fileReadAt(path: Path): string | undefined {
    return this.declaration && fileDocumentRead(this.declaration, path, (text, attributePath) => this.isPlannedDocument(text, attributePath));
  }

  locateInString(path: Path, planned: Value | undefined, document: Value): SourceLocation | undefined {
    if (!this.declaration) return this.locateInPlanString(path);
    const inDocument = this.locateInRenderedDocument(path, document);
    if (inDocument) return inDocument;
    const isDocument = (text: string, attributePath: Path): boolean => this.isPlannedDocument(text, attributePath);
    const inHeredoc = locateInHeredocDocument(this.declaration, path, isDocument, () => this.instanceReads()) ?? locateInFileDocument(this.declaration, path, isDocument) ?? locateInTemplateFileDocument(this.declaration, path, isDocument) ?? locateInRenderedHeredocDocument(this.declaration, path, isDocument, () => this.instanceReads());
    return inHeredoc ?? locateInExpression(this.declaration, path, (written) => planned !== undefined && writesPlanned(written, planned, (text) => this.asPlanned(text)), { document, value: planned }, () => this.instanceReads());
  }

  /** Whether a text the declaration writes is the document the plan holds at `attributePath`, once per attribute. */
  private isPlannedDocument(text: string, attributePath: Path): boolean {
    const documents = (this.heredocDocuments ??= new Map());
    const known = documents.get(pathKey(attributePath));
    if (known !== undefined) return known;
    // The plan's text has the owner's account as a symbol: what is written is read the same way before they are compared.
    const key = attributePath.at(-1);
    // A text the plan holds as read (a CloudFormation template in YAML) is that document, whatever it is written in.
    const planned = valueAtPath(this.properties, attributePath);
    const written = typeof key === 'string' ? this.asPlanned(text, key) : undefined;
    const same = written !== undefined && (written === planned || sameDocument(written, planned, true));
    documents.set(pathKey(attributePath), same);
    return same;
  }

  /**
   * A path inside the JSON text of a value, with no `.tf` declaration to point into: in the plan's string that writes the
   * text, where it is the text the values hold (read with the owner's account as a symbol).
   */
  private locateInPlanString(path: Path): SourceLocation | undefined {
    // The value that holds the text: the first step of the path whose value is a string.
    let node: Value | undefined = this.properties;
    let steps = 0;
    while (steps < path.length && node !== undefined && typeof node !== 'string') node = stepInto(node, path[steps++]!);
    const key = path[steps - 1];
    if (typeof node !== 'string' || typeof key !== 'string' || steps === path.length) return undefined;
    const text = node;
    const isValue = (written: string): boolean => this.asPlanned(written, key) === text;
    return this.context.planText.locateInString(this.address, this.writtenIn ?? 'planned', path.slice(0, steps), path.slice(steps), text, isValue, this.order);
  }

  /**
   * A path inside a policy the provider rendered at plan time from a policy document data source, located in the data
   * source's block, where the element is written.
   */
  private locateInRenderedDocument(path: Path, rendered: Value): SourceLocation | undefined {
    const found = this.inRenderedDocument(path, rendered);
    return found && originLocation(found.built, found.path);
  }

  private builtDocumentAt(path: Path): Value | undefined {
    if (path.length === 0) return undefined;
    this.renderedDocuments ??= this.readRenderedDocuments();
    if (this.renderedDocuments.size === 0) return undefined;
    const holder = valueAtPath(this.properties, path.slice(0, -1));
    const address = isObject(holder) || Array.isArray(holder) ? this.renderedDocuments.get(holder)?.get(path.at(-1)!) : undefined;
    return address === undefined ? undefined : this.context.documents.renderedDocument(address, this.symbolizer());
  }

  /**
   * The document deputy builds from the policy document data source whose text the policy at `path` is (the provider
   * rendered it at plan time), and the path in it of the element `path` leads to in the rendered text.
   */
  private inRenderedDocument(path: Path, rendered: Value): { built: ValueObject; path: Path } | undefined {
    this.renderedDocuments ??= this.readRenderedDocuments();
    if (this.renderedDocuments.size === 0) return undefined;
    let node: Value | undefined = this.properties;
    for (let index = 0; index < path.length - 1 && node !== undefined; index++) {
      const step = path[index]!;
      const address = isObject(node) || Array.isArray(node) ? this.renderedDocuments.get(node)?.get(step) : undefined;
      const next = stepInto(node, step);
      if (address !== undefined && typeof next === 'string') {
        const built = this.context.documents.renderedDocument(address, this.symbolizer());
        const inBuilt = built && pathInBuiltDocument(rendered, built, path.slice(index + 1));
        return built && inBuilt ? { built, path: inBuilt } : undefined;
      }
      node = next;
    }
    return undefined;
  }

  /** The policy attributes whose text the configuration writes as one policy document data source's `json`: by holder and key, its address. */
  private readRenderedDocuments(): Map<object, Map<string | number, string>> {
    const found = new Map<object, Map<string | number, string>>();
    const { parsed, context } = this;
    const attributes = parsed.mode === 'managed' ? documentAttributes(this.type) : [];
    if (attributes.length === 0) return found;
    const { expressions, scope } = this.configuredReferences(() => context.indexWithRendered?.() ?? context.index());
    forEachDocumentText(this.properties, attributes, expressions, scope, (value) => typeof value === 'string', (holder, key, address) => {
      let byKey = found.get(holder);
      if (!byKey) found.set(holder, (byKey = new Map()));
      byKey.set(key, address);
    });
    return found;
  }

  locate(path: Path): SourceLocation {
    const inDocument = this.documentsRead ? originLocation(this.properties, path) : undefined;
    if (inDocument) return inDocument;
    if (this.declaration) return locateInDeclaration(this.declaration, path);
    return this.context.planText.locateValue(this.address, this.writtenIn ?? 'planned', path, this.order);
  }

  /** Its address in the object that writes the resource in the plan: in planned_values, in its change, or in the prior state. */
  private resourceLocation(): SourceLocation {
    if (this.declaration) return locateInDeclaration(this.declaration, []);
    const { planText } = this.context;
    if (this.writtenIn === 'resource_changes') return planText.locateChange(this.address, ['address']);
    return this.writtenIn === 'prior_state' ? planText.locatePrior(this.address, ['address']) : planText.locate(this.address, ['address'], this.order);
  }
}

/**
 * Whether the expressions of a resource's configuration set the attribute of a nested block at `path` (block names and
 * positions, then the attribute): the configuration shows each block it writes as an object of the expressions of the
 * attributes it sets (a list of them for a block that repeats), so one it shows without the attribute leaves it out.
 * Undefined where it does not show the block (`dynamic` blocks are left out of it).
 */
function writesNested(expressions: unknown, path: Path, setsValue: (expression: unknown) => boolean | undefined): boolean | undefined {
  let block: unknown = expressions;
  for (const step of path.slice(0, -1)) {
    if (typeof step === 'number') block = Array.isArray(block) ? block[step] : step === 0 ? block : undefined;
    else block = Array.isArray(block) ? undefined : asRecord(block)[step];
    if (block === undefined || block === null) return undefined;
  }
  if (Array.isArray(block) || typeof block !== 'object') return undefined;
  const attribute = path.at(-1);
  if (typeof attribute !== 'string') return undefined;
  return setsValue(asRecord(block)[attribute]) ?? false;
}

/**
 * Every resource of a module tree in `planned_values` or `prior_state` shape, child modules included, with its entry
 * of `changes`, each as `make` makes it. Consecutive resources of one module instance share their module path.
 * `unreadable` gathers the addresses written as texts that are no resource address (`"1"`), which are left out: as
 * written, for `resourcePath` to find them (a state's may otherwise be read within its module, `addressInModule`).
 */
function plannedResources<T extends PlannedResource>(module: Json, make: ResourceMaker<T>, changes?: ResourceChanges, found: T[] = [], depth = 0, repeats = new InstanceRepeats(), stateModule?: string, unreadable?: string[]): T[] {
  const items: unknown[] = Array.isArray(module.resources) ? module.resources : [];
  for (let index = 0; index < items.length; index++) {
    const written = asRecord(items[index]);
    // A state's addresses may be written without their module and key (addressInModule).
    const inModule = stateModule === undefined ? written.address : addressInModule(written, stateModule);
    const record = inModule === written.address ? written : { ...written, address: inModule };
    // An object left deposed by an earlier replacement (prior state) is not the resource itself; one without planned
    // values will not exist as this configuration's (`removed` with `destroy = false`: the plan forgets it).
    if (record.deposed_key !== undefined || record.values === undefined || record.values === null) continue;
    const previous = found.at(-1)?.parsed.modules;
    const parsed = typeof record.address === 'string' ? repeats.repeatedAddress(record.address, previous, found) ?? parseAddress(record.address, previous) : undefined;
    if (!parsed && typeof written.address === 'string') unreadable?.push(written.address);
    if (!parsed || typeof record.type !== 'string') continue;
    if (previous && parsed.modules !== previous && sameModules(previous, parsed.modules)) parsed.modules = previous;
    const values = isObject(record.values as Value) ? (record.values as ValueObject) : {};
    const address = record.address as string;
    const same = repeats.samePlace(parsed, record.type, found);
    const configAddress = same?.configAddress ?? repeats.configAddress(parsed);
    found.push(make(address, parsed, configAddress, same?.type ?? record.type, values, record.sensitive_values, changes?.find(address), found.length));
  }
  if (depth < 32) {
    for (const child of Array.isArray(module.child_modules) ? module.child_modules : []) {
      const { address } = asRecord(child);
      plannedResources(asRecord(child), make, changes, found, depth + 1, repeats, stateModule !== undefined && typeof address === 'string' ? address : undefined, unreadable);
    }
  }
  return found;
}

/**
 * What the instances of a module repeat: the configuration address and type of each resource, in the order the
 * previous instance of the module wrote them. The resource at the same place there is compared first: the instances
 * then share one string each, whose hash the lookups by it keep (by type for every resource, by configuration address
 * for references), where each resource would have its own to hash, and the configuration address would be written
 * first.
 */
class InstanceRepeats {
  private readonly configAddresses = new Map<string, string>();
  /** Where the current module instance's resources start in the list of resources, and where the previous one's did. */
  private instanceStart = 0;
  private previousStart = 0;

  /**
   * The address of the resource about to be added to `found`, read in place when it is the one at the same place in the
   * previous instance, in the module path of the last resource (`within`); undefined when it is not.
   */
  repeatedAddress(text: string, within: readonly ModuleStep[] | undefined, found: readonly PlannedResource[]): ResourceAddress | undefined {
    const candidate = within && this.atSamePlace(found);
    return candidate && repeatedAddress(text, within, candidate.parsed);
  }

  /** The resource of the previous instance at the place of the one about to be added to `found`, if it is the same resource. */
  samePlace(parsed: ResourceAddress, type: string, found: readonly PlannedResource[]): PlannedResource | undefined {
    const last = found.at(-1);
    if (last && last.parsed.modules !== parsed.modules) {
      this.previousStart = this.instanceStart;
      this.instanceStart = found.length;
    }
    const candidate = this.atSamePlace(found);
    // Compared by their parts, which name a configuration address as its text does (identifiers hold no dot): read by
    // `repeatedAddress`, the parts are the candidate's own strings, which compare without reading them.
    const like = candidate?.parsed;
    return like && candidate.type === type && like.mode === parsed.mode && like.type === parsed.type && like.name === parsed.name ? candidate : undefined;
  }

  /** The resource of the previous instance at the place of the one about to be added to `found`, if the current instance continues. */
  private atSamePlace(found: readonly PlannedResource[]): PlannedResource | undefined {
    const place = this.previousStart + found.length - this.instanceStart;
    return place < this.instanceStart ? found[place] : undefined;
  }

  /** The configuration address of a resource, one string for each. */
  configAddress(parsed: ResourceAddress): string {
    const written = configAddress(parsed);
    let shared = this.configAddresses.get(written);
    if (shared === undefined) this.configAddresses.set(written, (shared = written));
    return shared;
  }
}

/**
 * Accounts that deploy the plan, in all and by the key of the provider configuration that deploys to each: what a
 * `data.aws_caller_identity` read with it says, and the account it fixes (`ProviderConfigs.lockedAccount`). A plan with
 * neither still shows its account in the ARNs of the resources it manages (those already deployed): when those of its
 * IAM resources, or without any, those of all, name one account, that is the owner's. Apart, by configuration, the one
 * account the ARNs of its IAM resources name, for those neither tells (`namedByIamArns`): where they sign in as no other
 * configuration whose account is told, that is theirs.
 */
function ownerAccounts(resourceLists: ReadonlyArray<readonly PlannedResource[]>, configuration: PlanConfiguration, providers: ProviderConfigs): { accounts: Set<string>; byProvider: Map<string, string>; read: Set<string>; namedByIamArns: Map<string, string> } {
  const accounts = new Set<string>();
  const byProvider = new Map<string, string>();
  /** The configurations whose account is read (a caller identity, an ARN), not only fixed by the configuration. */
  const read = new Set<string>();
  // Terraform never configures a configuration nothing uses, nor checks its allowed_account_ids.
  const used = configuration.usedProviderKeys();
  for (const key of providers.keys()) {
    if (used && !used.has(key)) continue;
    const account = providers.lockedAccount(key);
    if (account === undefined) continue;
    accounts.add(account);
    byProvider.set(key, account);
  }
  /** Accounts in the ARNs of deployed IAM resources, and of any deployed resource (some name a target's account), with the configurations of those resources. */
  const iamIn = new Map<string, Set<string | undefined>>();
  const managedIn = new Map<string, Set<string | undefined>>();
  for (const resources of resourceLists) {
    // Indexed: run once per plan, mostly before it is optimised, `for of` allocates a step result per resource.
    for (let index = 0; index < resources.length; index++) {
      const resource = resources[index]!;
      if (resource.parsed.mode === 'data') {
        const account = resource.type === 'aws_caller_identity' ? accountId(resource.values.account_id) : undefined;
        if (account === undefined) continue;
        accounts.add(account);
        const key = configuration.providerKey(resource.parsed.modules, resource.configAddress);
        if (key !== undefined) {
          byProvider.set(key, account);
          read.add(key);
        }
      } else {
        const arn = resource.values.arn;
        const account = typeof arn === 'string' ? accountId(splitArn(arn)?.account) : undefined;
        if (account === undefined) continue;
        const named = resource.type.startsWith('aws_iam_') ? iamIn : managedIn;
        let keys = named.get(account);
        if (!keys) named.set(account, (keys = new Set()));
        keys.add(configuration.providerKey(resource.parsed.modules, resource.configAddress));
      }
    }
  }
  // An IAM resource's own ARN names the account it is created in: that of a configuration no account is read for or
  // fixed, where the ARNs of its IAM resources name one (`namedByIamArns`).
  const iamAccountsOf = new Map<string, Set<string>>();
  for (const [account, keys] of iamIn) {
    for (const key of keys) {
      if (key === undefined || byProvider.has(key)) continue;
      const named = iamAccountsOf.get(key);
      if (named) named.add(account);
      else iamAccountsOf.set(key, new Set([account]));
    }
  }
  const namedByIamArns = new Map<string, string>();
  for (const [key, named] of iamAccountsOf) if (named.size === 1) namedByIamArns.set(key, [...named][0]!);
  // Another's may name a target's (an event target's bus): without any IAM resource, the one account all name.
  const named = iamIn.size > 0 ? iamIn : managedIn;
  if (accounts.size === 0 && named.size === 1) {
    const [[account, keys]] = named;
    accounts.add(account);
    // The configurations of the resources that name it are in it (others signing in alike are read by their credentials).
    for (const key of keys) {
      if (key === undefined) continue;
      byProvider.set(key, account);
      read.add(key);
    }
  }
  return { accounts, byProvider, read, namedByIamArns };
}

/** The symbolizer of resources whose account is not known: their values name no owner's account. */
const writesNoOwner = (value: Value): Value => value;

/** What resolving the configuration references of one resource's expressions needs. */
interface ReferenceScope {
  configuration: PlanConfiguration;
  /** The instances references are resolved among: built on the first resolution. */
  index: () => InstanceIndex;
  address: ResourceAddress;
  /** The resource's `for_each_expression`, which `each.value` in its expressions reads (`withEachValueRead`). */
  forEach: unknown;
  /** The `.tf` block that declares the resource, when the plan's folder is known. */
  declaration?: Declaration | undefined;
  /** Whether the `.tf` text shows that the expression reads an instance by the resource's own key (`ownKeyReading`). */
  ownKeyWritten?: boolean;
  /** Whether the `.tf` text shows that the expression reads each.value of a constant for_each as the whole index of an instance (`eachValueReading`). */
  constantIndexes?: boolean;
  /** The attribute's listed references as read where the `.tf` writes it as a local's entry under the own key (`ownKeyEntryRead`). */
  entryRead?: (listed: readonly unknown[]) => readonly unknown[];
  /** Where it reads no own key, the listed references as read where they read a module call made with `count` or `for_each` whole (`ownKeyEntryRead`). */
  wholeCallRead?: (listed: readonly unknown[]) => readonly unknown[];
}

/**
 * The scope the references of the attribute a spec names are resolved in, as its declaration writes it: without the
 * instance's own key when it reads an instance by a key built from it, so that no instance is chosen by that key; and
 * when it reads one by the own key itself, with that said, so that a variable read beside it does not hide it.
 */
function attributeScope(scope: ReferenceScope, steps: readonly string[]): ReferenceScope {
  const { declaration, address } = scope;
  const { key } = address;
  if (!declaration) return scope;
  const listed = forEachReferences(scope.forEach);
  const reading = key === undefined ? undefined : ownKeyReading(declaration, steps, listed);
  // `local.exec[each.key]` reads the own key as the index of a local (`derived`), whose entry under it may be one instance.
  if (reading === 'derived') return withProperties(scope, { address: withProperties(address, { key: undefined }), entryRead: (references: readonly unknown[]) => ownKeyEntryRead(declaration, steps, key, references, plannedInstances(scope.index(), address.modules), () => scope.declaration?.planned?.writtenScope?.()) });
  // `[for m in module.roles : m.arn][0]`, listed as `module.roles`, reads the instance the `.tf` scan evaluates.
  const wholeCallRead = (references: readonly unknown[]) => (readsModuleCallWhole(references) ? ownKeyEntryRead(declaration, steps, undefined, references, plannedInstances(scope.index(), address.modules), () => scope.declaration?.planned?.writtenScope?.()) : references);
  const instancesRead = reading === undefined ? withProperties(scope, { wholeCallRead }) : scope;
  if (key === undefined) return instancesRead;
  const read = reading === 'index' ? withProperties(instancesRead, { ownKeyWritten: true }) : instancesRead;
  // A constant for_each: the plan lists aws_iam_role.r and each.value alike for r[each.value] and r["${each.value}-x"].
  return listed === undefined && eachValueReading(declaration, steps) === 'index' ? withProperties(read, { constantIndexes: true }) : read;
}

/**
 * Attributes that name a role, principal or policy (the graph reads them) but are known only after apply: when the
 * configuration expression refers to a resource, the value becomes a reference to it, so the edge is still made. One
 * the `.tf` builds from the reference (`"${aws_iam_role.r.arn}-v2"`, `replace(each.value, ...)`) is another value, for
 * which Terraform lists the same references: without the `.tf` it is left open; beside it, a text is read as the `.tf`
 * scan evaluates it (`evaluatedText`), each reference known only at apply as the one resource it names
 * (`unknownReference`), so that an ARN written around a role's name (`role/svc/${aws_iam_role.r.name}`) is matched
 * as the `.tf` scan matches it, path included; so is a list built so, where each element is a text
 * (`roles = [basename(aws_iam_role.r.arn)]`).
 */
function linkUnknownReferences(values: ValueObject, attributes: ReadonlyArray<readonly string[]>, expressions: Json, scope: ReferenceScope, symbolize: Symbolizer, builtFrom: BuiltFrom | undefined): void {
  let linker: UnknownReferenceLinker | undefined;
  for (const steps of attributes) {
    if (!mayLink(values, expressions, steps, scope.declaration !== undefined)) continue;
    linker ??= new UnknownReferenceLinker(scope, symbolize, builtFrom);
    linker.inAttribute = attributeScope(scope, steps);
    forEachAtSpec(values, steps[0]!, expressions[steps[0]!], steps, 1, linker);
  }
}

/** What `linkUnknownReferences` does at each place a spec leads to: one object for a resource, not closures over its scope. */
class UnknownReferenceLinker implements SpecVisitor {
  /** The scope of the attribute linked (`attributeScope`). */
  inAttribute: ReferenceScope;

  constructor(
    private readonly scope: ReferenceScope,
    private readonly symbolize: Symbolizer,
    private readonly builtFrom: BuiltFrom | undefined,
  ) {
    this.inAttribute = scope;
  }

  value(holder: ValueObject | Value[], key: string | number, value: Value | undefined, expression: unknown, path: Path): void {
    if (!(value instanceof Unresolved)) return;
    const { scope, inAttribute, symbolize, builtFrom } = this;
    if (scope.declaration && buildsAttributeAt(scope.declaration, path)) {
      const text = builtValue(evaluatedText, value, expression, path, inAttribute);
      if (text !== undefined) (holder as Record<string | number, Value>)[key] = symbolize(text);
      return;
    }
    // The configuration leaves out what a dynamic block writes: the `.tf` content block's expression is read instead.
    const written = expression ?? (scope.declaration && { references: dynamicContentReferences(scope.declaration, path) });
    const targets = referenceTargets(written, inAttribute);
    if (targets.length === 1) {
      // A reference the plan lists without attribute (`aws_iam_role.r[each.value].name` as `aws_iam_role.r`) is read
      // with the one the `.tf` writes, where it does.
      const text = targets[0]!.attribute === undefined && scope.declaration ? builtValue(evaluatedText, value, expression, path, inAttribute) : undefined;
      const shown = text !== undefined && loneReferencePayload(text) !== undefined;
      (holder as Record<string | number, Value>)[key] = shown ? text : referenceMarker(targets[0]!);
      // The plan lists the same references for the reference alone (`aws_iam_role.r.name`, `aws_iam_role.r.arn`) and for
      // a value built from it (`"arn:aws:iam::111122223333:role/${aws_iam_role.r.name}"`, `basename(aws_iam_role.r.arn)`):
      // without the `.tf`, which one it is, is not shown (`Targets.find`, `Targets.refersToDeclared`).
      if (builtFrom && !scope.declaration) builtFrom(path, targets[0]!.attribute ?? UNLISTED_ATTRIBUTE);
    } else if (targets.length > 1 && scope.declaration) {
      // One of several resources, as the `.tf` chooses (`var.use_a ? aws_iam_role.a.arn : aws_iam_role.b.arn`): the one
      // the plan's values choose, else each with when it is the one.
      putChosen(holder, key, value, builtValue(evaluatedChoice, value, written, path, inAttribute), symbolize);
    } else if (targets.length === 0 && scope.declaration && readsBuiltValue(scope.declaration, path)) {
      // A value passed on that the `.tf` builds where it is written (`role_arn = local.exec`, `exec = "...role/${aws_iam_role.r.name}"`;
      // `role_arn = var.role_arn`, which the module's call writes so in the caller's folder).
      const text = builtValue(evaluatedText, value, expression, path, inAttribute);
      if (text !== undefined) (holder as Record<string | number, Value>)[key] = symbolize(text);
    } else if (targets.length === 0 && scope.declaration && listsReferences(written)) {
      // A choice whose condition reads what leads to no resource (`local.prod ? ...`, `prod = var.env == "prod"`): as
      // the `.tf` chooses, each reference read as the one resource it names.
      putChosen(holder, key, value, builtValue(evaluatedOwnChoice, value, written, path, inAttribute), symbolize);
    }
  }

  list(holder: ValueObject | Value[], key: string | number, value: Value | undefined, expression: unknown, path: Path): void {
    linkList(holder, key, value, expression, path, this.inAttribute, this.symbolize, this.scope.declaration ? undefined : this.builtFrom);
  }
}

/**
 * Whether `linkUnknownReferences` may link a value at the attribute spec's steps: only an open value, or a list or block
 * that may hold one, is linked (most attributes a type names hold neither); without the `.tf` (`declared`), only where the
 * configuration writes an expression, which lists the references linked.
 */
function mayLink(values: ValueObject, expressions: Json, steps: readonly string[], declared: boolean): boolean {
  const written = values[steps[0]!];
  return typeof written === 'object' && written !== null && (declared || expressions[steps[0]!] !== undefined);
}

/** Whether, without the `.tf`, `linkUnknownReferences` may link a value at any of the attribute specs (`mayLink`). */
function mayLinkAny(values: ValueObject, expressions: Json, attributes: ReadonlyArray<readonly string[]>): boolean {
  for (let index = 0; index < attributes.length; index++) if (mayLink(values, expressions, attributes[index]!, false)) return true;
  return false;
}

/**
 * What the `.tf` declaration builds at `path` for a value the plan knows only after apply (`open`), as the `.tf` scan
 * evaluates it (`evaluated`: `evaluatedText`, a list's `evaluatedTexts`, a choice's `evaluatedChoice`), each reference
 * it cannot read as the one resource instance it names, else not known; undefined where it is not what `evaluated`
 * takes, or the declaration does not write the references the plan lists.
 */
function builtValue<T>(evaluated: (declaration: Declaration, path: Path, listed: readonly unknown[], reference: InModuleReference) => T, open: Unresolved, expression: unknown, path: Path, scope: ReferenceScope): T {
  const listed = asRecord(expression).references;
  return evaluated(scope.declaration!, path, Array.isArray(listed) ? listed : [], unknownReferenceIn(scope, open, oneInstanceReader(scope, open)));
}

/** Puts at `holder[key]`, for the value not known `open`, the text the `.tf` chooses, or the choices it may make. */
function putChosen(holder: ValueObject | Value[], key: string | number, open: Unresolved, chosen: string | string[] | Unresolved | undefined, symbolize: Symbolizer): void {
  if (typeof chosen === 'string') (holder as Record<string | number, Value>)[key] = symbolize(chosen);
  else if (chosen instanceof Unresolved) (holder as Record<string | number, Value>)[key] = symbolizedChoices(open, chosen, symbolize);
}

/** Whether the configuration lists references for an expression. */
function listsReferences(expression: unknown): boolean {
  const listed = asRecord(expression).references;
  return Array.isArray(listed) && listed.length > 0;
}

/**
 * The value not known (`open`) with the values the `.tf` may choose (`evaluatedChoice`), or the entries each list it may
 * be holds, as the plan's are read.
 */
function symbolizedChoices(open: Unresolved, chosen: Unresolved, symbolize: Symbolizer): Unresolved {
  return new Unresolved(open.reason, open.written, chosen.choices?.map((choice) => ({ value: symbolize(choice.value), when: choice.when })), chosen.entries?.map((entry) => symbolize(entry)));
}

/** Reads the references an expression lists as the one resource instance they name in `at`, else as `open`. */
function oneInstanceReader(at: ReferenceScope, open: Value): (references: readonly string[]) => Value {
  return (references) => {
    const targets = referenceTargets({ references }, at);
    return targets.length === 1 ? referenceMarker(targets[0]!) : open;
  };
}

/**
 * How `evaluatedText` reads a reference the `.tf` scan cannot (`unknownReference`): in the resource's module instance
 * with `readReference`, or in the calling instance whose module call writes the input that reads it.
 */
function unknownReferenceIn(scope: ReferenceScope, open: Value, readReference: (references: readonly string[]) => Value): InModuleReference {
  return (traversal, modules) => {
    const at = modules ? inCallerModule(scope, modules) : scope;
    const read = modules ? oneInstanceReader(at, open) : readReference;
    if (traversal[0] !== 'each' || traversal[1] !== 'value') return unknownReference(traversal, at, open, read);
    // `each.value` of a `for_each` the written scope does not know (`for_each = aws_iam_role.r`, `"...role/${each.value.name}"`):
    // read as the plan lists it, longest first (`each.value.name`, `each.value`), which the instance's own key resolves
    // (`withEachValueRead`).
    const listed: string[] = [];
    for (let length = traversal.length; length >= 2; length--) listed.push(traversalText(traversal.slice(0, length)));
    return read(listed);
  };
}

/**
 * The scope what a module input's argument reads is resolved in, in the calling module instance `modules`
 * (`evaluatedText`): the resource's own key, `for_each` and declaration are not the caller's.
 */
function inCallerModule(scope: ReferenceScope, modules: readonly ModuleStep[]): ReferenceScope {
  // The call's own instance (`module.m["a"]`) is what its `each` reads in the argument.
  const call = scope.address.modules.slice(0, modules.length + 1);
  const key = call.length > modules.length ? call.at(-1)!.key : undefined;
  return { configuration: scope.configuration, index: scope.index, address: withProperties(scope.address, { modules, key }), forEach: key === undefined ? undefined : scope.configuration.callForEach(call) };
}

/** What `forEachAtSpec` does with each place a spec leads to. */
interface SpecVisitor {
  /** The value at the spec's last step, at `path` in the resource's values, with the expression that writes it. */
  value(holder: ValueObject | Value[], key: string | number, value: Value | undefined, expression: unknown, path: Path): void;
  /** The list a spec ending in `*` leads to, at `path`, with its one expression; without it, each element is a value. */
  list?(holder: ValueObject | Value[], key: string | number, value: Value | undefined, expression: unknown, path: Path): void;
}

/** Visits the places the spec's steps from `next` lead to below `holder[key]` (at `path`), which `expression` writes. */
function forEachAtSpec(holder: ValueObject | Value[], key: string | number, expression: unknown, steps: readonly string[], next: number, visitor: SpecVisitor, path: Path = [key]): void {
  const value = (holder as Record<string | number, Value>)[key];
  if (next === steps.length) return visitor.value(holder, key, value, expression, path);
  const step = steps[next]!;
  if (step === '*' && next + 1 === steps.length && visitor.list) visitor.list(holder, key, value, expression, path);
  else if (step === '*') {
    // A list of blocks: the configuration writes an expression object for each, in the file's order. A set's blocks
    // (`inline_policy`, a policy document's `principals`), which the plan lists in its own order, are followed only
    // where `pairedBlockExpressions` pairs them.
    if (!Array.isArray(value)) return;
    const expressions = typeof key === 'string' && isSetBlock(key) ? pairedBlockExpressions(value, expression) : Array.isArray(expression) ? expression : [];
    if (!expressions) return;
    for (let item = 0; item < value.length; item++) forEachAtSpec(value, item, expressions[item], steps, next + 1, visitor, [...path, item]);
  } else if (isObject(value)) forEachAtSpec(value, step, asRecord(expression)[step], steps, next + 1, visitor, [...path, step]);
}

/**
 * Links the open elements of a list (`managed_policy_arns`) to the resources its one expression refers to, where the
 * references say which element each one is: one resource, or as many resources as open elements. The references of a
 * choice between lists (`var.admin ? [a.arn] : [b.arn]`) cover every branch, and a list Terraform shows as unknown as a
 * whole (a set with an open element) hides how many elements it has: with several resources, which ones it holds is
 * not known, and none is linked, unless the `.tf` writes the list as a tuple of references alone
 * (`tupleItemReferences`), each of which names one resource: the list then holds each. So too where fewer resources
 * than open elements are referred to: one resource read through two attributes (`[aws_iam_role.r.arn,
 * aws_iam_role.r.name]`) is one target, and only the `.tf` tells each element's attribute. Without the `.tf`, `builtFrom` is
 * told each element linked, which may be built from the reference (`basename(aws_iam_role.r.arn)`).
 */
function linkList(holder: ValueObject | Value[], key: string | number, value: Value | undefined, expression: unknown, path: Path, scope: ReferenceScope, symbolize: Symbolizer, builtFrom?: BuiltFrom): void {
  const list = Array.isArray(value) ? value : undefined;
  const unknown = value instanceof Unresolved ? value : list?.find((item) => item instanceof Unresolved);
  if (!(unknown instanceof Unresolved)) return;
  // A list the `.tf` builds (`["arn:...:role/${aws_iam_role.r.name}"]`, `[basename(aws_iam_role.r.arn)]`) holds other
  // values than the resources it refers to: each text as the `.tf` scan evaluates it (`builtValue`), where it does.
  if (scope.declaration && buildsAttributeAt(scope.declaration, path)) {
    const texts = builtValue(evaluatedTexts, unknown, expression, path, scope);
    if (texts && !list) (holder as Record<string | number, Value>)[key] = texts.map((text) => symbolize(text));
    else if (texts && list && texts.length === list.length) list.forEach((item, index) => item instanceof Unresolved && (list[index] = symbolize(texts[index]!)));
    return;
  }
  const targets = referenceTargets(expression, scope);
  if (!list) {
    // One resource referred to may be the condition's alone (`aws_iam_role.r.unique_id != "" ? [..] : [..]`): the
    // entries the lists it chooses between hold, as the `.tf` reads them (`evaluatedChoice`), where they are.
    const chosen = targets.length === 1 && scope.declaration ? builtValue(evaluatedChoice, unknown, expression, path, scope) : undefined;
    if (chosen instanceof Unresolved) (holder as Record<string | number, Value>)[key] = symbolizedChoices(unknown, chosen, symbolize);
    else if (targets.length === 1) {
      (holder as Record<string | number, Value>)[key] = [referenceMarker(targets[0]!)];
      builtFrom?.([...path, 0], targets[0]!.attribute ?? UNLISTED_ATTRIBUTE);
    } else if (targets.length > 1) {
      const items = writtenItemTargets(expression, scope, path);
      if (items) (holder as Record<string | number, Value>)[key] = items.map(referenceMarker);
      else if (scope.declaration) {
        // One of several lists, as the `.tf` chooses (`roles = var.a ? [..] : [..]`): the one the plan's values
        // choose, else each with when it is the one (`linkUnknownReferences` reads a single value so).
        const chosen = builtValue(evaluatedChoice, unknown, expression, path, scope);
        if (Array.isArray(chosen)) (holder as Record<string | number, Value>)[key] = symbolize(chosen);
        else if (chosen instanceof Unresolved) (holder as Record<string | number, Value>)[key] = symbolizedChoices(unknown, chosen, symbolize);
      }
    }
    return;
  }
  const open = list.flatMap((item, index) => (item instanceof Unresolved ? [index] : []));
  const items = targets.length > 0 && targets.length < open.length ? writtenItemTargets(expression, scope, path) : undefined;
  const linked = items?.length === open.length ? items : targets.length === open.length ? targets : undefined;
  const placed = linked ? open : targets.length === 1 ? open.slice(0, 1) : [];
  placed.forEach((index, position) => {
    const target = (linked ?? targets)[position]!;
    list[index] = referenceMarker(target);
    builtFrom?.([...path, index], target.attribute ?? UNLISTED_ATTRIBUTE);
  });
}

/** The one resource instance each item of a list the `.tf` writes as a tuple of references names, where each names one. */
function writtenItemTargets(expression: unknown, scope: ReferenceScope, path: Path): ReferenceTarget[] | undefined {
  const listed = asRecord(expression).references;
  const items = scope.declaration && Array.isArray(listed) ? tupleItemReferences(scope.declaration, path, listed) : undefined;
  if (!items) return undefined;
  const targets: ReferenceTarget[] = [];
  for (const references of items) {
    const found = referenceTargets({ references }, scope);
    if (found.length !== 1) return undefined;
    targets.push(found[0]!);
  }
  return targets;
}

/**
 * The resource instances an attribute of a resource refers to, as the configuration writes it (`referenceTargets`);
 * where the references do not say which instances (`data.d[*].json` of a counted data source), every instance of the
 * policy document data sources they name in the module instance, for an included text to be matched against. (A
 * value of the expression that is not one of them, `var.a ? data.d[*].json : [local.b]`, is taken for one only when
 * it renders the very same text.)
 */
function attributeReferences(context: PlanContext, address: ResourceAddress, configAddress: string, declaration: Declaration | undefined, attribute: string): readonly ReferenceTarget[] {
  const targets = strictAttributeReferences(context, address, configAddress, declaration, attribute);
  if (targets.length > 0) return targets;
  const index = context.indexWithRendered?.() ?? context.index();
  const references = asRecord(asRecord(context.configuration.resource(address.modules, configAddress)?.expressions)[attribute]).references;
  const named = new Set((Array.isArray(references) ? references : []).flatMap((reference) => (typeof reference === 'string' ? (DOCUMENT_REFERENCE.exec(reference)?.slice(1, 2) ?? []) : [])));
  const instances = index.resources.get(modulePrefix(address.modules));
  return [...named].flatMap((name) => (instancesIn(instances, `data.aws_iam_policy_document.${name}`) ?? []).map((instance) => ({ address: instance })));
}

/** The resources an attribute refers to as the configuration writes it, where they account for all it may be built from. */
function strictAttributeReferences(context: PlanContext, address: ResourceAddress, configAddress: string, declaration: Declaration | undefined, attribute: string): readonly ReferenceTarget[] {
  const { configuration } = context;
  const index = context.indexWithRendered?.() ?? context.index();
  const configured = configuration.resource(address.modules, configAddress);
  return referenceTargets(asRecord(configured?.expressions)[attribute], { configuration, index: () => index, address, forEach: configured?.for_each_expression, declaration });
}

/**
 * The scope a planned instance's declaration is read in from the folder (`Declarations.writtenScope` of its module
 * instance, with its own `each`/`count`: `resourceInstanceScope`), made on the first ask.
 */
function instanceScopeOnce(context: PlanContext, parsed: ResourceAddress, declaration: Declaration): () => Scope | undefined {
  let scope: Scope | null | undefined;
  return () => (scope ??= withArnTexts(resourceInstanceScope(context.writtenScope(parsed.modules), declaration, parsed.key), context) ?? null) ?? undefined;
}

/**
 * Told, without the `.tf`, of a reference put at a path for a value the plan lists only the reference of, with the
 * attribute it reads: the value may be built from it (`Resource.builtFromReference`).
 */
type BuiltFrom = (path: Path, attribute: string) => void;

/**
 * The attributes that name the principals a policy is attached to, by name (`ATTACHMENTS`: `role`, `roles`), by the
 * type that attaches it: not the role's own `managed_policy_arns`.
 */
const NAMING_ATTACHMENTS: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  ATTACHMENTS.flatMap(({ type, principals }) => {
    const attributes = principals.flatMap(({ spec, kind }) => (kind === 'self' ? [] : [spec.split('.')[0]!]));
    return attributes.length > 0 ? [[type, new Set(attributes)] as const] : [];
  }),
);

/**
 * What a managed resource's values are read with for the references the plan leaves open, by its type: the attributes
 * that name a principal, policy or group member (`referenceAttributes`) and its policy attributes (`documentAttributes`).
 * Where a role's ARN is taken (`Targets.find`), whether a reference is written alone or inside an ARN matters
 * (`takesRoleArn`); where a policy is attached to a principal by name (`Targets.refersToDeclared`), whether a reference
 * is written alone, or built on (an ARN cut to the name, `"${aws_iam_group.team.unique_id}-bob"`, which is not shown as
 * written: `naming`, `NAMING_ATTACHMENTS`).
 */
interface Linking {
  referring: ReadonlyArray<readonly string[]>;
  documents: ReadonlyArray<readonly string[]>;
  takesRoleArn: boolean;
  naming: ReadonlySet<string> | undefined;
}

/** Read once per type: every resource of a plan asks (null: the type has no attribute to link). */
const linkingByType = new Map<string, Linking | null>();

function linkingOf(type: string): Linking | undefined {
  let linking = linkingByType.get(type);
  if (linking === undefined) {
    const referring = referenceAttributes(type);
    const documents = documentAttributes(type);
    linking = referring.length > 0 || documents.length > 0 ? { referring, documents, takesRoleArn: ownEntry(ROLE_ATTRIBUTES, type)?.some((spec) => roleAttributeTakesArn(type, spec)) === true, naming: NAMING_ATTACHMENTS.get(type) } : null;
    linkingByType.set(type, linking);
  }
  return linking ?? undefined;
}

/** The scope, reading the ARNs of the planned IAM principals and policies (`PlanContext.arnText`). */
function withArnTexts(scope: Scope | undefined, context: PlanContext): Scope | undefined {
  return scope && { ...scope, arnText: context.arnText };
}

/** The references an expression lists, with what a read of `each.value` reads for the instance in its place (`withEachValueRead`). */
function eachValueResolved(listed: readonly unknown[], { address, forEach, declaration, constantIndexes = false, entryRead, wholeCallRead }: ReferenceScope): readonly unknown[] {
  if (entryRead) return entryRead(listed);
  const read = wholeCallRead ? wholeCallRead(listed) : listed;
  // An instance without a key of its own reads no each.value.
  if (address.key === undefined) return read;
  const written = declaration && eachValueWritten(declaration, address.key, forEachReferences(forEach));
  return withEachValueRead(read, forEach, address.key, written, constantIndexes, () => declaration !== undefined && forEachRekeys(declaration));
}

/** The resource instances an expression refers to, when they account for all it may be built from (`accountsFor`). */
function referenceTargets(expression: unknown, scope: ReferenceScope): readonly ReferenceTarget[] {
  const { configuration, index, address, ownKeyWritten = false } = scope;
  const listed = asRecord(expression).references;
  if (!Array.isArray(listed)) return [];
  const references = eachValueResolved(listed, scope);
  return configuration.accountedTargets(references, address.modules, address.key, index(), ownKeyWritten);
}

/**
 * The marker of a reference: to the attribute the configuration lists, else (`aws_iam_role.r[each.value].arn` is listed
 * as `aws_iam_role.r`) to an attribute not known (`UNLISTED_ATTRIBUTE`), which may be any, its ARN or its name.
 */
function referenceMarker(target: ReferenceTarget): string {
  return refMarker(target.address, target.attribute ?? UNLISTED_ATTRIBUTE);
}

/** The attributes of a policy document data source's statements that name principals and resources, split into steps. */
const DOCUMENT_NAMING_ATTRIBUTES: ReadonlyArray<readonly string[]> = ['statement.*.principals.*.identifiers.*', 'statement.*.not_principals.*.identifiers.*', 'statement.*.resources.*', 'statement.*.not_resources.*'].map((spec) => spec.split('.'));

const referenceAttributesByType = new Map<string, ReadonlyArray<readonly string[]>>();

/** The attribute specs of a type that name a role, principal, group member or policy, split into steps. */
function referenceAttributes(type: string): ReadonlyArray<readonly string[]> {
  let specs = referenceAttributesByType.get(type);
  if (!specs) {
    const written = [
      ...(ownEntry(ROLE_ATTRIBUTES, type) ?? []),
      ...ATTACHMENTS.filter((attachment) => attachment.type === type).flatMap((attachment) => [
        ...(attachment.policy === 'self' ? [] : [attachment.policy]),
        ...attachment.principals.flatMap((principal) => (principal.spec === '' ? [] : [principal.spec])),
      ]),
      ...MEMBERSHIPS.filter((membership) => membership.type === type).flatMap(({ users, groups }) => [users, groups]),
      ...(ownEntry(BOUNDARY_ATTRIBUTES, type) === undefined ? [] : [BOUNDARY_ATTRIBUTES[type]!]),
    ];
    specs = written.map((spec) => spec.split('.'));
    referenceAttributesByType.set(type, specs);
  }
  return specs;
}

/** A copy of the lists and objects of a value; what they hold otherwise (strings, Unresolved values) is shared. */
function copyOf(value: Value): Value {
  if (Array.isArray(value)) return value.map(copyOf);
  if (!isObject(value)) return value;
  const copy: ValueObject = {};
  for (const key in value) setOwn(copy, key, copyOf(value[key]!));
  return copy;
}

/**
 * Puts the document of a deferred `aws_iam_policy_document` at each policy attribute known only after apply whose
 * expression refers to that data source's text alone, with the owner's account written by `symbolize`; true when it put
 * one.
 */
function readDeferredDocuments(values: ValueObject, attributes: ReadonlyArray<readonly string[]>, expressions: Json, scope: ReferenceScope, documents: PolicyDocumentSources, symbolize: Symbolizer): boolean {
  // Most plans plan no such data source: their resources are not walked for one (nor are two closures made for each).
  if (!documents.plansAny) return false;
  let read = false;
  forEachDocumentText(values, attributes, expressions, scope, (value) => value instanceof Unresolved, (holder, key, address) => {
    const document = documents.document(address, symbolize);
    if (!document) return;
    (holder as Record<string | number, Value>)[key] = document;
    read = true;
  });
  return read;
}

/**
 * Puts the pipeline definition the `.tf` writes as `jsonencode({...})`, there or in a local value, where the plan knows
 * it only after apply (it refers to resources created with the pipeline, such as a step's role): its step types and
 * names as written, and each reference resolved as the configuration's are, to the one resource instance it names
 * (`encodedObject`); true when it put one. A definition the `.tf` renders with `templatefile()` is a text, with where
 * it is written, for the resource to put as the planned values hold texts (`renderedTemplateFile`). Without the `.tf`,
 * the references the configuration lists say which resources the definition reads, not in which step or field: no
 * role is a step's.
 */
function readDeclaredDefinition(values: ValueObject, expressions: Json, scope: ReferenceScope): boolean | { text: string; origin: StringOrigin } {
  if (!scope.declaration) return false;
  const read = declaredEncoding(values[PIPELINE_DEFINITION_ATTRIBUTE], expressions[PIPELINE_DEFINITION_ATTRIBUTE], scope, [PIPELINE_DEFINITION_ATTRIBUTE]);
  if (!read) return false;
  if (read.object) {
    values[PIPELINE_DEFINITION_ATTRIBUTE] = read.object;
    return true;
  }
  return renderedTemplateFile(scope.declaration!, PIPELINE_DEFINITION_ATTRIBUTE, read.references, read.readReference) ?? false;
}

/**
 * Puts at each policy attribute the plan knows only after apply (a policy that refers to a resource created with it:
 * `Principal = { AWS = aws_iam_role.a.arn }`), top-level or in blocks `pairedBlockExpressions` pairs
 * (`inline_policy { policy = jsonencode({...}) }`), the object the `.tf` writes as `jsonencode({...})`, there or in a
 * local value, read as the pipeline definition is (`readDeclaredDefinition`): what is written as it is, each reference
 * to the one resource instance it names, else not known. The rest of the policy is then read, and located where it is
 * written. What that does not read (a heredoc that interpolates, a `for` over a resource's instances, `concat()`), the
 * `.tf` scan's evaluator reads as the plan would hold it (`evaluatedText`), with the owner's account written by
 * `symbolize`. True when it put one.
 */
function readDeclaredPolicies(values: ValueObject, attributes: ReadonlyArray<readonly string[]>, expressions: Json, scope: ReferenceScope, symbolize: Symbolizer): boolean {
  if (!scope.declaration) return false;
  let read = false;
  const visitor: SpecVisitor = {
    value(holder, key, value, expression, path) {
      const encoded = declaredEncoding(value, expression, scope, path);
      if (!encoded) return;
      // What encodedObject does not read (a heredoc, a `for` over instances, `concat()`), the `.tf` scan's evaluator
      // reads in the module instance's written scope: the text the plan would hold, its unknown pieces as markers.
      const whole = encoded.object && !holdsUnread(encoded.object) ? encoded.object : undefined;
      const text = whole || typeof key !== 'string' ? undefined : evaluatedText(scope.declaration!, path, encoded.references, unknownReferenceIn(scope, value!, encoded.readReference));
      // A policy is a JSON object: a text that is not one (a reference alone) stays what the plan says.
      const put = whole ?? (text === undefined || !text.trimStart().startsWith('{') ? encoded.object : symbolize(text, key as string));
      if (put === undefined) return;
      (holder as Record<string | number, Value>)[key] = put;
      read = true;
    },
  };
  for (const steps of attributes) forEachAtSpec(values, steps[0]!, expressions[steps[0]!], steps, 1, visitor);
  return read;
}

/**
 * What a reference the module instance's written scope does not know reads beside a plan (`evaluatedText`): one
 * resource instance's attribute as the reference to it (`readReference`), else not known (`open`); a counted resource
 * or data source read whole (`aws_iam_role.x[*].arn`, `for r in aws_iam_role.x`) as the list of its planned
 * instances, a for_each one as the map of them by key, each not known. The plan lists the instances, not what they hold.
 */
function unknownReference(traversal: readonly (string | number)[], scope: ReferenceScope, open: Value, readReference: (references: readonly string[]) => Value): Value {
  const [root] = traversal;
  const size = root === 'data' ? 3 : 2;
  if (typeof root !== 'string' || NOT_INSTANCES.has(root) || traversal.length < size) return open;
  const base = traversal.slice(0, size).join('.');
  const instances = plannedInstances(scope.index(), scope.address.modules);
  // Undefined where an instance has no key (one made without count or for_each).
  const keys = root === 'module' ? [] : instances.keys(base);
  if (keys?.length === 0 && root !== 'module') {
    // A resource the plan makes no instance of (`count = 0`, an empty `for_each`): an empty list or map, as Terraform
    // reads it, not a value known only at apply.
    const resource = scope.configuration.resource(scope.address.modules, base);
    const configured = asRecord(resource);
    // One whose count or for_each the configuration does not record (`count = min(0, 1)`, `for_each = toset([])`:
    // Terraform leaves out an expression that calls a function and makes no reference), as the `.tf` block writes it
    // where that makes no instance either.
    const by = configured.count_expression !== undefined ? 'count' : configured.for_each_expression !== undefined ? 'for_each' : resource ? scope.declaration?.planned?.noInstancesWritten?.(base) : undefined;
    if (traversal.length === size && by === 'count') return [];
    if (traversal.length === size && by === 'for_each') return {};
  }
  if (traversal.length === size) {
    if (keys && keys.length > 0 && keys.every((key) => /^\d+$/.test(key))) return keys.map(() => open);
    if (keys && keys.length > 0 && keys.every((key) => key.startsWith('"'))) return Object.fromEntries(keys.map((key) => [JSON.parse(key) as string, open]));
    // The one instance read whole (`local.exec = var.c ? aws_iam_role.a : aws_iam_role.b`, read as `local.exec.arn`):
    // each attribute read as that reference.
    return keys === undefined ? wholeInstance(traversal, base, instances, scope, open, readReference) : open;
  }
  // The step after a resource with instance keys is a key (`x["a"]`, which the traversal holds as "a"), else an attribute.
  const keyed = keys !== undefined && keys.length > 0;
  if (keyed && traversal.length === size + 1) return wholeInstance(traversal, `${base}[${JSON.stringify(traversal[size])}]`, instances, scope, open, readReference);
  const written = keyed ? [`${base}[${JSON.stringify(traversal[size])}]`, ...traversal.slice(size + 1)] : [base, ...traversal.slice(size)];
  // As the plan lists them: the reference, then each shorter one it reads through.
  const references: string[] = [];
  for (let length = written.length; length >= 1; length--) references.push(traversalText(written.slice(0, length)));
  if (keyed) references.push(base);
  return readReference(references);
}

/**
 * A resource instance read whole beside a plan (`instance`: its address in its module, among `instances`), as the `.tf` scan reads one: an
 * object of its attributes (`openObject`), each read as `unknownReference` reads the reference to it
 * (`aws_iam_role.a.arn`), listed as the plan's instance lists them.
 */
function wholeInstance(traversal: readonly (string | number)[], instance: string, instances: PlannedInstances, scope: ReferenceScope, open: Value, readReference: (references: readonly string[]) => Value): Value {
  return openObject(
    (name) => unknownReference([...traversal, name], scope, open, readReference),
    () => instances.attributeNames(instance),
  );
}

/**
 * The configuration's expressions of each planned block of a set of blocks (`inline_policy`, a policy document's
 * `principals`), which the plan lists in its own order, not the file's: a block is paired with the one block written,
 * else with the configured blocks whose constants it holds (`holdsConstants`: an inline policy's `name`, a principals
 * block's `type` and `identifiers`). Blocks alike but for what they read (two AWS blocks each reading a role) are
 * planned alike, and stand for one another: the planned blocks alike (the same values, open where the same are) are
 * paired in order with as many configured blocks, each of which they hold and no other planned block does. Undefined
 * where that does not pair every block (a configured block that planned blocks not alike may each be, a `dynamic`
 * block, which the configuration does not list).
 */
function pairedBlockExpressions(blocks: readonly Value[], configured: unknown): Json[] | undefined {
  if (!Array.isArray(configured) || configured.length !== blocks.length) return undefined;
  if (blocks.length === 1) return [asRecord(configured[0])];
  const expressions = configured.map(asRecord);
  // Whether each configured block holds each planned block's constants, asked once for each pair.
  const holds = blocks.map((block) => expressions.map((expression) => holdsConstants(expression, block)));
  const paired: Json[] = [];
  for (const [position, block] of blocks.entries()) {
    const alike = blocks.flatMap((other, at) => (isDeepStrictEqual(other, block) ? [at] : []));
    const held = expressions.flatMap((_, at) => (holds[position]![at] ? [at] : []));
    // Another planned block, not alike, that may be one of these too: which one each is, is not known.
    if (held.length !== alike.length || blocks.some((_, other) => !alike.includes(other) && held.some((at) => holds[other]![at]))) return undefined;
    paired.push(expressions[held[alike.indexOf(position)]!]!);
  }
  return paired;
}

/**
 * What the `.tf` declaration writes with `jsonencode` at `path` for a value the plan knows only after apply (`open`),
 * which the configuration's `expression` writes (`encodedObject`), with how its references are read: undefined where
 * the value is known, or there is no declaration.
 */
function declaredEncoding(open: Value | undefined, expression: unknown, scope: ReferenceScope, path: Path): { object: ValueObject | undefined; references: readonly unknown[]; readReference: (references: readonly string[]) => Value } | undefined {
  const { declaration } = scope;
  if (!declaration || !(open instanceof Unresolved)) return undefined;
  const listed = asRecord(expression).references;
  const inAttribute = attributeScope(scope, path.map((step) => (typeof step === 'number' ? '*' : step)));
  const readReference = oneInstanceReader(inAttribute, open);
  const references = Array.isArray(listed) ? listed : [];
  return { object: encodedObject(declaration, path, references, readReference), references, readReference };
}

/**
 * Visits each policy attribute whose value `reads` takes and whose expression writes one policy document data source's
 * text (`json`) alone, with the data source's address. A set of blocks (`inline_policy`) is followed where
 * `pairedBlockExpressions` pairs its blocks.
 */
function forEachDocumentText(
  values: ValueObject,
  attributes: ReadonlyArray<readonly string[]>,
  expressions: Json,
  scope: ReferenceScope,
  reads: (value: Value | undefined) => boolean,
  visit: (holder: ValueObject | Value[], key: string | number, address: string) => void,
): void {
  let inAttribute = scope;
  const visitor: SpecVisitor = {
    value(holder, key, value, expression, path) {
      // `each.value.json` over a for_each of the data source (`for_each = data.aws_iam_policy_document.trust`) reads the
      // instance of the own key, as `trust[each.key].json` does.
      const listed = asRecord(expression).references;
      if (!reads(value) || !Array.isArray(listed) || !readsOneDocument(eachValueResolved(listed, inAttribute), scope.address.modules, scope, inAttribute.ownKeyWritten)) return;
      const targets = referenceTargets(expression, inAttribute);
      // Read by the own key (`trust[count.index].json`), the document is listed without its attribute.
      if (targets.length !== 1 || (targets[0]!.attribute !== undefined && !DOCUMENT_TEXTS.has(targets[0]!.attribute))) return;
      // Built from the document (`replace(...json, ...)`), the policy is another text, which the plan does not show.
      if (!scope.declaration || !buildsAttributeAt(scope.declaration, path)) visit(holder, key, targets[0]!.address);
    },
  };
  for (const steps of attributes) {
    inAttribute = attributeScope(scope, steps);
    forEachAtSpec(values, steps[0]!, expressions[steps[0]!], steps, 1, visitor);
  }
}

/**
 * Whether two JSON texts write the same document, whatever their blanks and key order. With `unknownsAlike`, a piece
 * not known (a reference's or an unknown value's marker) in one is the same as any in the other: a text the `.tf`
 * evaluates in its written scope alone is the one `evaluatedText` read with the plan's references.
 */
function sameDocument(left: Value, right: Value | undefined, unknownsAlike = false): boolean {
  if (typeof left !== 'string' || typeof right !== 'string') return false;
  const read = (text: string): unknown => JSON.parse(text.includes(MARK_START) ? markersAsText(text, unknownsAlike) : text);
  try {
    return isDeepStrictEqual(read(left), read(right));
  } catch {
    return false;
  }
}

/** A text's markers as characters JSON allows in strings; with `unknownsAlike`, every reference and unknown marker the same. */
function markersAsText(text: string, unknownsAlike: boolean): string {
  let read = '';
  for (const token of tokenize(text)) read += 'literal' in token ? token.literal : unknownsAlike && token.kind !== 'sym' ? UNKNOWN_ALIKE : token.text;
  return read.replace(/\u0001/g, '\uE001').replace(/\u0002/g, '\uE002');
}
const UNKNOWN_ALIKE = '\uE000';

/** The expression of the configuration at a path of a resource's values: blocks are lists of their expressions. */
function expressionAt(expressions: unknown, path: Path): unknown {
  let expression = expressions;
  for (const step of path) expression = Array.isArray(expression) && typeof step === 'number' ? expression[step] : typeof step === 'string' ? asRecord(expression)[step] : undefined;
  return expression;
}

/** Whether a value written in the `.tf` (a literal, or an object or tuple of them) is the planned one, its texts read as planned. */
function writesPlanned(written: Value, planned: Value, asPlanned: (text: string) => Value): boolean {
  // A part written as an expression (UNREAD_PART) holds whatever the plan holds there.
  if (written === UNREAD_PART) return true;
  if (typeof written === 'string') return asPlanned(written) === planned;
  if (Array.isArray(written)) return Array.isArray(planned) && written.length === planned.length && written.every((item, index) => writesPlanned(item, planned[index]!, asPlanned));
  if (isObject(written)) {
    if (!isObject(planned)) return false;
    const keys = Object.keys(written);
    return keys.length === Object.keys(planned).length && keys.every((key) => Object.hasOwn(planned, key) && writesPlanned(written[key]!, planned[key]!, asPlanned));
  }
  return written === planned;
}

/**
 * The policy document data source (its address in the module) whose text an expression reads and nothing else: its
 * `json` or `minified_json`, or the data source alone, as Terraform before 0.13 lists a reference; with `ownKey`, one read
 * by the own key (`trust[count.index].json`, which Terraform lists as the data source and the key alone). A key computed
 * from the own one lists alike: the caller compares the document with the policy.
 */
function documentTextSource(expression: unknown, ownKey: string | undefined): string | undefined {
  const read = readReferences(asRecord(expression).references);
  if (read?.length === 1) return DOCUMENT_TEXT_REFERENCE.exec(read[0]!)?.[1];
  const keyed = read?.length === 2 && ownKey !== undefined ? read.filter((reference) => !KEYED_REFERENCE.test(reference)) : undefined;
  const document = keyed?.length === 1 ? DOCUMENT_TEXT_REFERENCE.exec(keyed[0]!)?.[1] : undefined;
  return document !== undefined && !document.includes('[') ? `${document}[${ownKey}]` : undefined;
}

/** What an expression's `references` read, each once: Terraform lists `module.m` beside `module.m.out`, and a data source beside its attribute. */
function readReferences(references: unknown): string[] | undefined {
  if (!Array.isArray(references)) return undefined;
  const texts = references.filter((reference): reference is string => typeof reference === 'string');
  return texts.filter((reference) => !texts.some((other) => readsFurther(other, reference)));
}

const DOCUMENT_TEXT_REFERENCE = /^(data\.aws_iam_policy_document\.[\w-]+(?:\[[^\]]*\])?)(?:\.(?:json|minified_json))?$/;

/**
 * Whether an expression reads one policy document data source and nothing else: `data.aws_iam_policy_document.d.json`,
 * or a module input or output that passes on such an expression. One that also reads a variable
 * (`replace(data...json, "ACCOUNT", var.account)`) may write other text than the document's. `ownKeyWritten`: the `.tf`
 * shows the attribute, or the module call that writes the input it reads (`trust = data...trust[each.key]`), reads it
 * by the own key (`trust[count.index].json`, which Terraform lists as `data...trust` and `count.index`); a key computed
 * from it (`trust[count.index + 1]`) lists the same, so without the `.tf` such a read is not taken for one document.
 */
function readsOneDocument(references: unknown, instance: readonly ModuleStep[], scope: ReferenceScope, ownKeyWritten = false, depth = 0): boolean {
  const listed = depth > MAX_DEPTH ? undefined : readReferences(references);
  const read = ownKeyWritten ? listed?.filter((reference) => !KEYED_REFERENCE.test(reference)) : listed;
  if (read?.length !== 1) return false;
  if (DOCUMENT_REFERENCE.test(read[0]!)) return true;
  const passed = scope.configuration.passedFrom(read[0]!, instance, scope.index());
  return passed !== undefined && readsOneDocument(passed.references, passed.instance, scope, passed.ownKeyWritten === true, depth + 1);
}

const DOCUMENT_REFERENCE = /^data\.aws_iam_policy_document\.([\w-]+)(?:$|[.[])/;

const documentAttributesByType = new Map<string, ReadonlyArray<readonly string[]>>();

/** The policy attribute specs of a type, split into steps. */
function documentAttributes(type: string): ReadonlyArray<readonly string[]> {
  let specs = documentAttributesByType.get(type);
  if (!specs) documentAttributesByType.set(type, (specs = (ownEntry(POLICY_ATTRIBUTES, type) ?? []).map(({ spec }) => spec.split('.'))));
  return specs;
}



/** A resource of a state read as one of the plan's, at `order`. */
function stateAsPlanned(resource: StateResource, order: number, writtenIn: PlannedResource['writtenIn'], forgotten: boolean): PlanResource {
  return new PlanResource(resource.address, resource.parsed, resource.configAddress, resource.type, resource.values, resource.sensitive, undefined, order, writtenIn, forgotten);
}
