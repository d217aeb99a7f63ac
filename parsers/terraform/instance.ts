/**
 * One instance of a module (the root, or a `module` block's instance): variables, locals, outputs, data sources and
 * resources evaluated on demand, each once, with cycles cut into Unresolved; `count`/`for_each` expanded into
 * instances; local child modules instantiated with their inputs.
 */
import { realpathSync, statSync } from 'node:fs';
import { relative, resolve as resolvePath, sep } from 'node:path';
import { readUtf8SourceText } from '../source-text.js';
import {
  OWNER_ACCOUNT,
  OWNER_PARTITION,
  OWNER_REGION,
  OWNER_URL_SUFFIX,
  Unresolved,
  escapeRegExp,
  hasUnresolvedPiece,
  tokenize,
  unresolvedPieces,
  displayString,
  encloses,
  hasMarker,
  inTerraformTerms,
  isKnownAtPlan,
  isObject,
  pathKey,
  fileFailure,
  refMarker,
  throughChoices,
  unresolvedMarker,
  type BlockSuppressions,
  type IgnoredTags,
  type OwnerDataSource,
  type Path,
  type RemoteModuleCall,
  type Resource,
  type InputLeftOut,
  type SourceLocation,
  type UnanalyzedPart,
  type Value,
  type ValueObject,
} from '../../src/model/index.js';
import type { BlockDeclaration, ModuleConfig, ModuleFile, ModuleSource, ResourceDeclaration, WrittenBlock } from './config.js';
import { MAX_TERRAFORM_FILE_BYTES, partWriting, writtenPart } from './config.js';
import { callStarts, elementKey, evaluate, evaluateRaw, fileFunctionValue, fileSet, hasUnknownOrder, keptEncoded, mayRefuse, parseTemplate, traversalsIn, unknownPosition, type Expr, type FileRead, type RefusedCall, type Scope, type TemplateNode, type TextRead, type Traversal } from './expression/index.js';
import { dynamicBlocks as dynamicBlocksOf, fileFunctionText, isRecord, type RawBody } from './hcl.js';
import { diskFolderTree } from './folder-tree.js';
import { JsonSource } from './json-source.js';
import { READS_NOTHING, attributeOrigin, bodyOrigin, fileReadAt, fileReadCall, writtenEntry, withBound, locateValue, unwrap, mergedOrigin, originLocation, originOf, registerOrigin, registerPart, stringOriginOf, valueWrittenAt, variableReadAt, variableReadIn, withTypeDefaults, writtenAsJsonValue, writtenAsQuotedString, writtenTextOrigin, type WrittenReads, type WrittenText } from './origins.js';
import { buildPolicyDocument, markUnknownBlock, unknownBlockIn } from './policy-document.js';
import { recordDynamicBlock } from './dynamic-input.js';
import { ARN_RESOURCES_BY_TYPE, nestedBlocksOf, noteAccountSigningIn, providerAccount, signInKey, terraformKindOf, type NestedBlocks, type ProviderArguments } from './resources.js';
import { HclSource, readFileOrigin, type SourceAttribute, type SourceBlock } from './source.js';
import { DEFAULT_PROVIDER, isProviderName, ownerDataSource } from './owner-data-sources.js';
import { registerDuplicateKeys } from './duplicates.js';
import type { RoleRead } from './graph.js';
import { dnsSuffixOf, iamArnText, isNameNotKnown, partitionOfRegion, regionName } from '../../src/model/arn.js';
import { isAdminManagedPolicy } from '../../src/iam/managed-policies.js';
import { dataBlockSuppressions, suppressionsOf } from './suppressions.js';
import { awaitsInput, inputNotGiven, invalidInput, isError, isInvalidInput, listedModuleInput, unresolved } from './expression/reasons.js';
import { convertToType, keepsPositions, readTypeConstraint, writtenBeforeConversion } from './types.js';
import { validatedValues, validationRefusal } from './validated-values.js';
import { ownEntry, setOwn } from '../../src/model/objects.js';

/** A module folder with its local child modules resolved (or the reason they were not). */
export interface ModuleNode {
  config: ModuleConfig;
  children: Map<string, ModuleNode | { skipped: string }>;
  /**
   * Code `terraform init` installed (a registry or git module, or a module it calls): its `deputy:ignore` comments are
   * its authors', not the user's, and suppress nothing.
   */
  installed?: boolean;
}

/** What one root module's evaluation shares between its module instances. */
export interface RootContext {
  /** Real path of the root module folder: relative file paths and `path.*` start here. */
  rootDirectory: string;
  /** Real paths of the scanned folders: files outside them are never read. */
  scanRoots: readonly string[];
  /** Root variable values from tfvars files and the command line. */
  rootValues: ReadonlyMap<string, Value>;
  /**
   * Where the variable file Terraform takes a root variable's value from (the last to set it, by its precedence)
   * assigns it; undefined for a value given with `--var`, which no file writes, and for one not given.
   */
  assignedAt(name: string): { source: ModuleSource; attribute: SourceAttribute } | undefined;
  /** `terraform.workspace`: the workspace Terraform would plan in this folder (`selectedWorkspace`); `default` when not given. */
  workspace?: string;
  display(absolute: string): string;
  errors: Array<{ file: string; line?: number; column?: number; message: string }>;
  /** The instances of each module evaluated, by each of its files as shown. */
  modulesByFile: Map<string, ModuleInstance[]>;
  /** The text of each IAM principal's or policy's ARN a reference stands for, by the reference (`Scope.arnText`), read when asked. */
  arnTexts: Map<string, () => string | undefined>;
  /** Set once an evaluation makes a call Terraform refuses (`Scope.refusedCall`): Terraform plans none of the configuration. */
  refused?: true;
  /** The value a world gives each module variable of `listedModuleInputs`, by its address (`module.team.var.service`). */
  moduleInputs: ReadonlyMap<string, string>;
  /**
   * The module variables given a value not known, not a root variable's passed whole, that the evaluation met, by address:
   * the values their validation lists that it can be (`listedValue`), which the worlds vary.
   */
  listedModuleInputs: Map<string, string[]>;
}

/** Attributes the owner's data sources and policy documents compute, included when the whole object is used. */
const DATA_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  aws_iam_policy_document: ['json', 'minified_json'],
  aws_caller_identity: ['account_id', 'id'],
  aws_region: ['name', 'region', 'id'],
  aws_partition: ['partition', 'dns_suffix', 'id'],
  aws_service_principal: ['name', 'suffix', 'id'],
  aws_iam_role: ['arn', 'id'],
};

const META_ARGUMENTS = new Set(['count', 'for_each', 'provider', 'depends_on', 'lifecycle', 'provisioner', 'connection']);
const PENDING = Symbol('pending');

/**
 * Where an attribute evaluated is written: its file, and the attribute, or the block that writes it under `name` (looked
 * up only when a call in it is refused).
 */
interface WrittenIn {
  file: ModuleFile;
  attribute?: SourceAttribute | undefined;
  block?: SourceBlock | undefined;
  name?: string;
  /** The index of the entry evaluated, when the attribute's list is evaluated an entry at a time. */
  entry?: number;
}

/** An argument of a `module` block: its value, and where the text of a string value is written (`writtenTexts`). */
interface Argument {
  value: Value;
  text: WrittenText | undefined;
}

/** The files an evaluation read, a template file's with the rendered line each written line starts on (`withTemplate`). */
type FileReads = Array<{ read: TextRead; lineStarts?: ReadonlyArray<number | undefined> }>;

type Key = number | string | typeof UNKNOWN_KEY | undefined;
const UNKNOWN_KEY = Symbol('unknown key');

interface Instance {
  declaration: ResourceDeclaration | BlockDeclaration;
  key: Key;
  /** Address inside the module: `aws_iam_role.x["a"]`, `data.aws_iam_policy_document.p[0]`, `module.m[*]`. */
  localAddress: string;
  bindings: Record<string, Value>;
}

interface Expansion {
  /** How instances are keyed: none (one instance), by count, by for_each, or not known (one `[*]` instance). */
  by: 'single' | 'count' | 'for_each' | 'unknown';
  instances: Instance[];
  /** Why the instances are not known. */
  unknown?: Unresolved;
  /** Whether no instance may be made, where they are not known: not for a count known to exceed what deputy expands. */
  mayBeNone?: true;
  /** The instances of a count or for_each by key (`keyedInstance`), indexed on the first reference that names one. */
  byKey?: Map<Key, Instance>;
}

/**
 * The instance of a count or for_each a reference's key names (`[0]`, `["a"]`): looked up in an index, as n
 * references to the instances of a for_each of n entries (`aws_iam_role.r[each.key]`) are common.
 */
function keyedInstance(expansion: Expansion, key: string | number | undefined): Instance | undefined {
  if (!expansion.byKey) {
    expansion.byKey = new Map();
    for (const instance of expansion.instances) if (!expansion.byKey.has(instance.key)) expansion.byKey.set(instance.key, instance);
  }
  return expansion.byKey.get(expansion.by === 'count' ? Number(key) : String(key));
}

export class ModuleInstance {
  private readonly memo = new Map<string, Value | typeof PENDING>();
  private readonly expansions = new Map<string, Expansion>();
  private readonly children = new Map<string, ModuleInstance>();
  private readonly resourcesByKey: Map<string, ResourceDeclaration>;
  private readAccounts?: Map<string, string | null>;
  private readAllAccounts?: Map<string, string | null>;
  /** `besideOtherAccounts` by configuration key. */
  private readonly besideOthers = new Map<string, boolean>();
  /** The instance whose `module` block calls this one; none for the root module's. */
  private caller?: ModuleInstance;
  /**
   * Where the calling `module` block writes the argument of an input variable, with the caller's reads: undefined for
   * one it does not pass (the default is used), null for one passed but not written in a block.
   */
  private writtenArgument?: (name: string) => ReturnType<WrittenReads['variable']> | null;
  /** Where the calling `module` block is written, and its address; none for the root module's instance. */
  private callAt?: { location: SourceLocation; address: string; syntax: 'hcl' | 'json' };
  /**
   * Where the text of a string is written (a heredoc, a file read with `file()` or `templatefile()`, a `jsonencode()` of
   * an entry of a local it reads), by the key its value is evaluated under: a local's, a variable's, an output's, an
   * argument of a `module` block. A reference that reads one whole (`var.trust_json`) looks it up here.
   */
  private readonly writtenTexts = new Map<string, WrittenText>();
  /**
   * Where the text of each element is written of a list a `for` expression makes of the files it reads, by the key its
   * value is evaluated under (`local.documents = [for f in fileset(...) : file(...)]`), for a reference that reads it whole.
   */
  private readonly writtenElementTexts = new Map<string, WrittenText[]>();
  /** `validation()`, once made. */
  private validating?: ModuleInstance;
  /** Where this instance is of a call, or in one, that may make no instance (its count or for_each not known): why (`Resource.createdNotKnown`). */
  private createdNotKnown?: string;
  /** Those calls' addresses (`Resource.createdWith`). */
  private createdWith?: readonly string[];

  constructor(
    private readonly root: RootContext,
    private readonly node: ModuleNode,
    /** Address prefix of everything declared in this instance: '' or `module.a["k"].`. */
    private readonly prefix: string,
    /** Arguments the calling `module` block passes, or undefined for the root module. */
    private readonly input: ((name: string) => Argument | undefined) | undefined,
    /** In code terraform init installed: the `module` block of the scanned configuration that calls it. */
    private readonly moduleCall?: RemoteModuleCall,
    /**
     * For a child instance: the key of the caller's configuration its call gives it for a key of its own
     * (`providerConfiguration`).
     */
    private readonly passedProvider?: (key: string) => string | undefined,
    /**
     * The module as Terraform validates it (`validation`), and a module it calls: each block as one instance, its
     * `count.index` or `each` not known, and every variable not known. It makes no resource, and files are not its
     * (`RootContext.modulesByFile`).
     */
    private readonly validatedOnly = false,
  ) {
    this.resourcesByKey = new Map(node.config.resources.map((declaration) => [`${declaration.mode}.${declaration.type}.${declaration.name}`, declaration]));
    if (validatedOnly) return;
    for (const file of node.config.files) {
      const instances = root.modulesByFile.get(file.file);
      if (instances) instances.push(this);
      else root.modulesByFile.set(file.file, [this]);
    }
  }

  /** This instance and the instances of every module it calls, at any depth, that are analyzed (in the order declared). */
  private *withCalledModules(): Generator<ModuleInstance> {
    yield this;
    for (const [name, child] of this.node.children) {
      if ('skipped' in child) continue;
      for (const instance of this.moduleInstances(name, child)) yield* instance.withCalledModules();
    }
  }

  /** Every managed resource of this instance and its child module instances. */
  resources(): Resource[] {
    const found: Resource[] = [];
    for (const module of this.withCalledModules()) {
      for (const declaration of module.node.config.resources) {
        if (declaration.mode !== 'managed') continue;
        for (const instance of module.expand(declaration).instances) found.push(module.buildResource(declaration, instance));
      }
    }
    return found;
  }

  /** The `data "aws_iam_role"` instances of this instance and its child module instances: the graph follows their `arn` to the role they read. */
  roleReads(): RoleRead[] {
    const found: RoleRead[] = [];
    for (const module of this.withCalledModules()) {
      for (const declaration of module.node.config.resources) {
        if (!readsRole(declaration)) continue;
        const provider = module.providerConfiguration(providerOf(declaration));
        const deployedIn = accountOf(provider);
        for (const instance of module.expand(declaration).instances) found.push({ address: module.prefix + instance.localAddress, properties: module.properties(instance), ...deployedIn });
      }
    }
    return found;
  }

  /**
   * The module calls of this instance and its child module instances that are not followed (a source not installed, a
   * folder outside the scanned ones, ...; each said in a notice), by the address of the `module` block in each instance
   * of its module (`module.team["a"].module.roles`): the resources they make are not analyzed, nor the findings their
   * `module` block's comments may be for.
   */
  skippedCalls(): UnanalyzedPart[] {
    const found: UnanalyzedPart[] = [];
    for (const module of this.withCalledModules()) {
      for (const [name, child] of module.node.children) {
        const declaration = module.node.config.modules.get(name);
        if ('skipped' in child && declaration) found.push({ address: `${module.prefix}module.${name}`, file: declaration.file.file });
      }
    }
    return found;
  }

  /** The suppressions of the data blocks of this instance and its child module instances, which cover the findings located in them. */
  blockSuppressions(): BlockSuppressions[] {
    const found: BlockSuppressions[] = [];
    for (const module of this.withCalledModules()) {
      if (module.node.installed) continue;
      const add = (declaration: BlockDeclaration, name: string, type: string): void => {
        const written = (declaration.parts ?? [declaration]).flatMap(({ file, block }) => (block ? [{ source: file.source, block }] : []));
        const suppressions = dataBlockSuppressions(written, { address: module.prefix + name, name, type, file: declaration.file.file }, module.root.errors);
        if (suppressions) found.push(suppressions);
      };
      for (const declaration of module.node.config.resources) if (declaration.mode === 'data') add(declaration, `data.${declaration.type}.${declaration.name}`, declaration.type);
      // A module block: findings on the objects it passes (a statement a module makes of one) point into it.
      for (const declaration of module.node.config.modules.values()) add(declaration, `module.${declaration.name}`, 'module');
    }
    return found;
  }

  private buildResource(declaration: ResourceDeclaration, instance: Instance): Resource {
    const properties = this.properties(instance);
    const location = this.declarationLocation(declaration);
    const written = declaration.parts ?? [declaration];
    // A comment on an override block suppresses as one on the block it merges into.
    const suppressions = this.node.installed ? [] : written.flatMap(({ file, block }) => (block ? suppressionsOf(file.source, block, this.root.errors) : []));
    // AWS provider 6 gives resources a region of their own, the provider's unless set (as a plan reads it).
    const ownRegion = properties.region;
    const providerKey = providerOf(declaration);
    const provider = this.providerConfiguration(providerKey);
    const region = ownRegion === undefined || ownRegion === null ? provider?.region() : regionName(ownRegion);
    // A region written but not known (`region = var.dr_region`): which setting leaves it so.
    const regionNotKnown = region ? undefined : ownRegion !== undefined && ownRegion !== null ? `resource ${this.prefix}${instance.localAddress}` : provider?.regionWritten() ? `provider ${provider.place}` : undefined;
    const defaultTags = provider?.defaultTags();
    const ignoredTags = provider?.ignoredTags();
    const argument = declaration.body.count !== undefined ? 'count' : 'for_each';
    const ownNotKnown = this.expand(declaration).mayBeNone === true;
    const createdNotKnown = ownNotKnown ? `its ${argument} is not known` : this.createdNotKnown;
    // One expression of one module instance gives one count: a varying one (`timestamp()`) only its resource's.
    const own = ownNotKnown ? [`${this.prefix}${argument} ${writtenExpression(declaration.body, [argument]) ?? `of ${this.prefix}${instance.localAddress}`}`] : [];
    const createdWith = ownNotKnown || this.createdWith ? [...(this.createdWith ?? []), ...own] : undefined;
    const resource: Resource = {
      address: this.prefix + instance.localAddress,
      name: instance.localAddress,
      type: declaration.type,
      kind: terraformKindOf(declaration.type),
      file: declaration.file.file,
      format: 'terraform',
      syntax: declaration.file.file.endsWith('.json') ? 'json' : 'hcl',
      properties,
      location,
      locator: {
        locate: (path) => locateValue(properties, path, location),
        stringOrigin: (path) => stringOriginOf(properties, path),
        // A string written as jsonencode({...}) elsewhere (a local's entry, read as `each.value`) is located there.
        locateInString: (path) => originLocation(properties, path),
        valueWrittenAt: (path, part) => valueWrittenAt(properties, path, part),
        variableReadAt: (path) => variableReadAt(properties, path),
        fileReadAt: (path) => fileReadAt(properties, path),
        inputLeftOutAt: (path) => {
          const variable = variableReadAt(properties, path);
          return variable === undefined ? undefined : this.inputLeftOut(variable);
        },
      },
      ...(suppressions.length > 0 ? { suppressions } : {}),
      ...(region ? { region } : {}),
      ...(regionNotKnown ? { regionNotKnown } : {}),
      ...accountOf(provider),
      ...(provider?.besideOtherAccounts() ? { besideOtherAccounts: true } : {}),
      ...(defaultTags ? { providerDefaultTags: defaultTags } : {}),
      ...(ignoredTags ? { providerIgnoredTags: ignoredTags } : {}),
      ...(this.moduleCall ? { moduleCall: this.moduleCall } : {}),
      ...(createdNotKnown ? { createdNotKnown } : {}),
      ...(createdWith ? { createdWith } : {}),
      ...(declaration.parts ? { syntaxOf: (attribute: string) => (written[partWriting(written, attribute)]!.file.file.endsWith('.json') ? 'json' : 'hcl') } : {}),
      expressionKey: (path) => {
        const expression = writtenExpression(declaration.body, path);
        return expression === undefined ? undefined : `${this.prefix}\u0000${expression}`;
      },
      templateText: (path) => {
        const expression = writtenExpression(declaration.body, path);
        return expression === undefined ? undefined : { scope: this.prefix, text: writtenTemplateText(expression) };
      },
      writtenPolicy: (path) => (writtenAsJsonValue(properties, path) ? 'json-value' : writtenAsQuotedString(properties, path) ? 'quoted-text' : undefined),
      ownerDataSource: (file, type) => {
        const instances = this.root.modulesByFile.get(file);
        return instances && moduleOwnerDataSource(instances, type, this.providerNamedIn(providerKey, instances));
      },
    };
    registerDuplicateKeys(
      resource,
      written.flatMap(({ file, block }, index) =>
        block ? [{ source: file.source, block, writes: (name: string) => partWriting(written, name) === index }] : [],
      ),
      this.writtenReads.local,
    );
    return resource;
  }

  private declarationLocation({ block, file }: BlockDeclaration): SourceLocation {
    return block ? file.source.blockLocation(block) : { file: file.file, startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 };
  }

  // ---- Scope -----------------------------------------------------------------------------------------------

  /** `reads` receives the files read, each with where its written lines are in its rendering when it is a template. */
  private scope(bindings: Record<string, Value>, reads?: FileReads, at?: WrittenIn): Scope {
    return {
      ...(at ? { refusedCall: (refusal: RefusedCall) => this.refusedCall(at, refusal) } : {}),
      resolve: (traversal) => this.resolve(traversal, bindings),
      readFile: (path) => {
        const read = this.readFile(path);
        if ('file' in read) reads?.push({ read });
        return read;
      },
      fileSet: (path, pattern) => fileSet(resolvePath(this.root.rootDirectory, path), pattern, diskFolderTree((inside) => this.insideScanRoots(inside))),
      renderedTemplate: (read, lineStarts) => {
        const recorded = reads?.find((candidate) => candidate.read === read);
        if (recorded) recorded.lineStarts = lineStarts;
      },
      passedElement: registerPart,
      arnText: (reference) => this.root.arnTexts.get(reference)?.(),
    };
  }

  /** A call Terraform refuses (`Scope.refusedCall`): an error where the call is written in the attribute, and the configuration refused. */
  private refusedCall(at: WrittenIn, { name, message, written }: RefusedCall): void {
    const { source } = at.file;
    const attribute = at.attribute ?? at.block?.attributes.findLast((candidate) => candidate.name === at.name);
    let place: SourceLocation;
    if (attribute) {
      // The call the evaluation counted in the entry of the attribute's lists and objects it evaluated, else the only one written.
      const entry = written && writtenEntry(source, attribute, at.entry === undefined ? written.path : [at.entry, ...written.path]);
      const callAt = (range: { start: number; end: number }, ordinal?: number): number | undefined => {
        const starts = callStarts(source.text.slice(range.start, range.end), name);
        const start = ordinal === undefined ? (starts.length === 1 ? starts[0] : undefined) : starts[ordinal];
        return start === undefined ? undefined : range.start + start;
      };
      const start = (entry && callAt(entry, written.ordinal)) ?? callAt(attribute);
      place = start === undefined ? source.attributeLocation(attribute) : source.location(start, start + name.length);
    } else place = at.block ? source.blockLocation(at.block) : source.location(0, 0);
    this.root.errors.push({ file: at.file.file, line: place.startLine, column: place.startColumn, message });
    this.root.refused = true;
  }

  private resolve(traversal: Array<string | number>, bindings: Record<string, Value>): Value | undefined {
    const [root, first, ...rest] = traversal;
    if (typeof root !== 'string') return undefined;
    if (Object.hasOwn(bindings, root)) return walk(bindings[root]!, traversal.slice(1));
    const name = typeof first === 'string' ? first : undefined;
    switch (root) {
      case 'var':
        return name === undefined ? undefined : walk(this.variable(name), rest);
      case 'local':
        return name === undefined ? undefined : walk(this.local(name), rest);
      case 'module':
        return name === undefined ? undefined : this.moduleReference(name, rest);
      case 'data': {
        const [dataName, ...steps] = rest;
        return name === undefined || typeof dataName !== 'string' ? undefined : this.resourceReference('data', name, dataName, steps);
      }
      case 'path':
        return walk({ module: this.modulePath(), root: '.', cwd: this.root.rootDirectory }, traversal.slice(1));
      case 'terraform':
        return walk({ workspace: this.root.workspace ?? 'default' }, traversal.slice(1));
      case 'count':
      case 'each':
        return new Unresolved(`unknown reference: ${root}.${String(first)} is used where there is no ${root === 'count' ? 'count' : 'for_each'}`);
      case 'self':
        return new Unresolved('unknown value: self is only known while provisioning');
      default:
        return name === undefined ? undefined : this.resourceReference('managed', root, name, rest);
    }
  }

  private modulePath(): string {
    const path = relative(this.root.rootDirectory, this.node.config.directory).split(sep).join('/');
    return path === '' ? '.' : path;
  }

  /**
   * A file `file()`/`templatefile()` reads. Only what makes Terraform fail too is an `error`: a missing file inside
   * the scanned folders (outside them deputy sees only part of the machine Terraform runs on) or a folder. Files
   * outside the scanned folders, too large ones and read failures of deputy's own are `refused`.
   */
  private readFile(path: string): FileRead {
    const absolute = resolvePath(this.root.rootDirectory, path);
    let real: string;
    try {
      real = realpathSync(absolute);
    } catch (error) {
      const missing = ['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '');
      return missing && this.insideScanRoots(absolute) ? { error: `no such file ${path}` } : { refused: `cannot read ${path}: ${fileFailure(error)}` };
    }
    if (!this.insideScanRoots(real)) return { refused: `${path} is outside the scanned folders` };
    try {
      if (statSync(real).size > MAX_TERRAFORM_FILE_BYTES) return { refused: `${path} is too large` };
      const read = fileFunctionText(path, readUtf8SourceText(real));
      return 'error' in read ? read : { ...read, file: this.root.display(absolute) };
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'EISDIR' ? { error: `${path} is a folder` } : { refused: `cannot read ${path}: ${fileFailure(error)}` };
    }
  }

  private insideScanRoots(path: string): boolean {
    return this.root.scanRoots.some((scanRoot) => path === scanRoot || path.startsWith(scanRoot + sep));
  }

  /** Evaluates `key` once; a key met again while it is being evaluated is a cycle. */
  private once(key: string, compute: () => Value): Value {
    const found = this.memo.get(key);
    if (found === PENDING) return new Unresolved(`cycle: ${this.prefix}${key} depends on itself`);
    if (found !== undefined) return found;
    this.memo.set(key, PENDING);
    let value: Value = new Unresolved(`cycle: ${this.prefix}${key} depends on itself`);
    try {
      value = compute();
    } finally {
      this.memo.set(key, value);
    }
    return value;
  }

  // ---- Variables, locals, outputs -----------------------------------------------------------------------------

  private variable(name: string): Value {
    return this.once(`var.${name}`, () => {
      const declaration = this.node.config.variables.get(name);
      if (!declaration) return new Unresolved(`unknown reference: variable "${name}" is not declared`);
      if (this.validatedOnly) return new Unresolved(`unknown value: var.${name} is not known where Terraform validates ${this.prefix || 'the root module'}`);
      const argument = this.input ? this.input(name) : undefined;
      const supplied = argument ? argument.value : this.root.rootValues.get(name);
      const type = readTypeConstraint(declaration.body.type);
      // `nullable = false`: a null passed in means the default.
      if (supplied !== undefined && !(supplied === null && declaration.body.nullable === false)) {
        if (argument?.text) this.writtenTexts.set(`var.${name}`, argument.text);
        // A root variable's text that a variable file gives is located where the file assigns it, as a default's is in the
        // default (a sensitive one's too: reports mask its lines, as beside a plan).
        const assigned = argument ? undefined : this.root.assignedAt(name);
        if (assigned) this.rememberWrittenText(`var.${name}`, assigned.source, assigned.attribute);
        const value = convertToType(supplied, type);
        // Converted to a list or an object type, the value is a copy, still where the argument writes it; what the
        // type's optional() defaults fill in is written in the type.
        const written = originOf(supplied);
        if (written && keepsPositions(type)) registerOrigin(value, withTypeDefaults(written, supplied, this.writtenPlace(declaration, 'type')));
        // A root variable's given value is checked where it is given (rootValues).
        return argument ? this.validated(name, declaration, value, 'value') : value;
      }
      if (Object.hasOwn(declaration.body, 'default')) {
        const [file, attribute] = this.writtenAttribute(declaration, 'default');
        // Terraform takes a `.tf.json` default as the JSON it writes: `${aws:username}` there is a policy variable, not a template.
        const literal = attribute !== undefined && file.source instanceof JsonSource && file.source.writesLiterally(attribute.start);
        const defaultValue = literal ? (declaration.body.default as Value) : evaluateRaw(declaration.body.default, this.scope({}));
        const value = convertToType(defaultValue, type);
        const validated = this.validated(name, declaration, value, 'default');
        // A default Terraform refuses is not known, and nowhere.
        if (validated !== value) return validated;
        // The default is located where it is written, as a local is: a statement in it at the statement. A set type
        // orders and merges the elements written, which are then not where their position says.
        if (!attribute) return value;
        if (keepsPositions(type)) registerOrigin(value, withTypeDefaults(attributeOrigin(file.source, attribute), defaultValue, this.writtenPlace(declaration, 'type')));
        this.rememberWrittenText(`var.${name}`, file.source, attribute);
        return value;
      }
      return inputNotGiven(name);
    });
  }

  /**
   * The value a variable takes (`taken`: the calling block's argument, or its default) as Terraform validates it: where a
   * block of its `validation` lists the values it allows and the known text is none of them (`validationRefusal`), an
   * input error where the value enters this module (the argument, the default), the configuration refused, and the
   * variable not known; where the argument is not known, one of the listed values it can be (`listedValue`). An instance
   * its call may not make (its count or for_each not known) is not checked: Terraform validates only the instances it
   * makes.
   */
  private validated(name: string, declaration: BlockDeclaration, value: Value, taken: 'value' | 'default'): Value {
    if (declaration.body.validation === undefined) return value;
    if (taken === 'value' && passedNotKnown(value)) return this.listedValue(name, declaration, value);
    if (typeof value !== 'string' || hasUnresolvedPiece(value) || this.createdNotKnown) return value;
    const refused = validationRefusal({ name, body: declaration.body, whose: 'its validation' }, value, false);
    if (!refused) return value;
    const variable = `${this.prefix}var.${name}`;
    const module = this.prefix === '' ? '' : ` of ${this.prefix.slice(0, -1)}`;
    const enters = taken === 'value' ? this.writtenArgument?.(name) : this.writtenPlace(declaration, 'default');
    const at = enters ? enters.source.lineColumn(enters.attribute.nameStart) : {};
    const file = enters ? enters.source.file : declaration.file.file;
    this.root.errors.push({ file, ...at, message: `invalid ${taken} for variable ${name}${module}: ${refused}; Terraform refuses it, and ${variable} is analyzed as not known` });
    this.root.refused = true;
    return invalidInput(`the ${taken} of ${variable}`);
  }

  /**
   * A value not known that the calling block passes (a data source's, a local's, a text with a piece not known; not a
   * root variable's passed whole, which the root's worlds vary), where the variable's validation lists the values it
   * takes (`validatedValues`): Terraform takes only those, so it is one of them that it can be (of a text `"${x}-a"`,
   * one ending in `-a`). The one the world gives (`RootContext.moduleInputs`), else one of them not known, which the
   * worlds vary over (`listedModuleInputs`). Unchanged where no listed value can be it.
   */
  private listedValue(name: string, declaration: BlockDeclaration, value: Unresolved | string): Value {
    const variable = `${this.prefix}var.${name}`;
    const given = this.root.moduleInputs.get(variable);
    if (given !== undefined && canBe(value, given)) return given;
    const values = validatedValues(name, declaration.body)?.filter((listed) => canBe(value, listed));
    if (!values || values.length === 0) return value;
    this.root.listedModuleInputs.set(variable, values);
    return listedModuleInput(variable);
  }

  /**
   * Where what this module instance reads whole is written: its local values (locations follow lists `concat` reads
   * from them), and its variables' values, as the calling block passes them or as their defaults give them.
   */
  private readonly writtenReads: WrittenReads = {
    local: (name) => {
      const declaration = this.node.config.locals.get(name);
      return declaration?.attribute && { source: declaration.file.source, attribute: declaration.attribute };
    },
    variable: (name) => {
      const declaration = this.node.config.variables.get(name);
      // `nullable = false`: a null passed in means the default.
      const passedNull = declaration?.body.nullable === false && this.input?.(name)?.value === null;
      const argument = passedNull ? undefined : this.writtenArgument?.(name);
      const typePlace = declaration && this.writtenPlace(declaration, 'type');
      const type = typePlace ? { type: typePlace } : {};
      if (argument !== undefined) return argument ? { ...argument, ...type } : undefined;
      if (!declaration) return undefined;
      // A root variable a variable file or --var sets (other than to a null that means the default) is not where its
      // default is: it is where the file assigns it, which reads nothing (a variable file holds constants).
      if (!this.input && this.root.rootValues.has(name) && !(this.root.rootValues.get(name) === null && declaration.body.nullable === false)) {
        const assigned = this.root.assignedAt(name);
        return assigned && { ...assigned, reads: READS_NOTHING, ...type };
      }
      const [file, attribute] = this.writtenAttribute(declaration, 'default');
      // A root variable's default holds constants too, as a plan's reading has it.
      return attribute && { source: file.source, attribute, reads: this.input ? this.writtenReads : READS_NOTHING, ...type };
    },
  };

  private local(name: string): Value {
    const declaration = this.node.config.locals.get(name);
    if (!declaration) return new Unresolved(`unknown reference: local.${name} is not declared`);
    return this.writtenValue(`local.${name}`, declaration.raw, declaration.file, declaration.attribute, {});
  }

  output(name: string): Value {
    const declaration = this.node.config.outputs.get(name);
    if (!declaration) return new Unresolved(`unknown reference: output "${name}" is not declared in ${this.root.display(this.node.config.directory)}`);
    return this.writtenValue(`output.${name}`, declaration.body.value, ...this.writtenAttribute(declaration, 'value'), {});
  }

  /**
   * Evaluates, in this instance and the module instances it calls, what Terraform evaluates though nothing may read it,
   * where its text may make a call Terraform refuses (`mayRefuse`): locals, outputs, data sources (of every type), the
   * arguments `module` blocks pass (to a variable the module never reads too), the `condition` and `error_message` of
   * variables' `validation` blocks, of outputs' `precondition` blocks, of the `precondition` and `postcondition` blocks
   * of resources' and data sources' `lifecycle`, and of `check` blocks' `assert` blocks (the data source a check block
   * scopes is one of the module's). Terraform refuses the configuration for such a call there as anywhere (checked
   * with terraform plan 1.11). A resource, data source or `module` block with no instance (`count = 0`, `for_each = {}`)
   * Terraform only validates, as it validates every block, with variables not known (`validation`): a called module
   * whole. What was read is not evaluated again.
   */
  evaluateUnread(): void {
    for (const module of this.withCalledModules()) {
      const { locals, outputs, variables, resources, modules, checks } = module.node.config;
      // resources() and roleReads() evaluated the properties of the instances analyzed, of no validated module; those
      // of another data source nothing may have read.
      for (const declaration of resources) {
        if (module.expand(declaration).instances.length === 0) module.validation().evaluateBlock(declaration, true);
        else module.evaluateBlock(declaration, module.validatedOnly || (declaration.mode === 'data' && !readsRole(declaration)));
      }
      for (const [name, { file, attribute, raw }] of locals) if (writesRefusable(file.source, attribute, raw)) module.local(name);
      for (const [name, declaration] of outputs) {
        const [file, attribute] = module.writtenAttribute(declaration, 'value');
        if (writesRefusable(file.source, attribute, declaration.body.value)) module.output(name);
        module.evaluateConditions(writtenPart(declaration, 'precondition'), ['precondition'], {});
      }
      for (const [name, declaration] of variables) {
        const argument = module.writtenArgument?.(name);
        if (argument && writesRefusable(argument.source, argument.attribute)) module.input!(name);
        // Terraform validates the value a variable takes though nothing reads it (`validated`).
        if (declaration.body.validation !== undefined) module.variable(name);
        module.evaluateConditions(writtenPart(declaration, 'validation'), ['validation'], {});
      }
      for (const declaration of checks.values()) module.evaluateConditions(declaration, ['assert'], {});
      for (const [name, child] of module.node.children) {
        const call = modules.get(name);
        // Validated, the call has one instance: its module validated (`validatedOnly`).
        if (call && !('skipped' in child) && module.expand(call, 'module').instances.length === 0) for (const validated of module.validation().moduleInstances(name, child)) validated.evaluateUnread();
      }
    }
  }

  /** This module as Terraform validates it (`validatedOnly`), for its blocks with no instance. */
  private validation(): ModuleInstance {
    if (this.validatedOnly) return this;
    if (!this.validating) {
      this.validating = new ModuleInstance(this.root, this.node, this.prefix, this.input, this.moduleCall, this.passedProvider, true);
      this.validating.caller = this.caller;
    }
    return this.validating;
  }

  /**
   * Evaluates, of each instance of a resource or data source, the properties (`properties`: when nothing else does) and
   * the conditions of its `lifecycle`, where their text may make a call Terraform refuses (`evaluateUnread`).
   */
  private evaluateBlock(declaration: ResourceDeclaration, properties: boolean): void {
    const { instances } = this.expand(declaration);
    if (properties && (declaration.parts ?? [declaration]).some(({ file, block }) => writesRefusable(file.source, block, declaration.body))) for (const instance of instances) this.properties(instance);
    const lifecycle = writtenPart(declaration, 'lifecycle');
    if (lifecycle.body.lifecycle !== undefined) for (const instance of instances) this.evaluateConditions(lifecycle, ['precondition', 'postcondition'], instance.bindings, 'lifecycle');
  }

  /**
   * Evaluates the `condition` and `error_message` of a block's condition blocks of the types `types` (`validation`;
   * `precondition` and `postcondition`; `assert`), in the block of type `within` it nests if any (`lifecycle`), where
   * their text may make a call Terraform refuses (`evaluateUnread`). Terraform evaluates the error message whether the condition
   * holds or not (checked with terraform plan 1.11).
   */
  private evaluateConditions(written: WrittenBlock, types: readonly string[], bindings: Record<string, Value>, within?: string): void {
    const nested = (body: unknown, block: SourceBlock | undefined, type: string): Array<{ body: unknown; block: SourceBlock | undefined }> => {
      const value = isRecord(body) ? body[type] : undefined;
      if (value === undefined) return [];
      const blocks = block?.blocks.filter((candidate) => candidate.type === type) ?? [];
      return (Array.isArray(value) ? value : [value]).map((entry: unknown, index) => ({ body: entry, block: blocks[index] }));
    };
    const outer = within === undefined ? [{ body: written.body, block: written.block }] : nested(written.body, written.block, within);
    const found = outer.flatMap(({ body, block }) => types.flatMap((type) => nested(body, block, type)));
    for (const { body, block } of found) {
      if (!isRecord(body)) continue;
      for (const name of ['condition', 'error_message']) {
        if (body[name] === undefined) continue;
        const attribute = block?.attributes.findLast((candidate) => candidate.name === name);
        if (writesRefusable(written.file.source, attribute, body[name])) this.evaluateAttribute(body[name], bindings, undefined, { file: written.file, attribute, block, name });
      }
    }
  }

  /**
   * Where the text of an attribute written as a heredoc or a quoted string (a string of a `.tf.json` file) is, for
   * references that read the value under `key` whole.
   */
  private rememberWrittenText(key: string, source: ModuleSource, attribute: SourceAttribute): void {
    const characters = writtenTextOrigin(source, attribute, [], this.writtenReads);
    if (characters) this.writtenTexts.set(key, { characters });
  }

  /** Whether a place is inside a variable's default, in this module or one that calls it: a default holds no reference. */
  private inVariableDefault(place: SourceLocation): boolean {
    for (let instance: ModuleInstance | undefined = this; instance; instance = instance.caller) {
      for (const declaration of instance.node.config.variables.values()) {
        const [file, attribute] = instance.writtenAttribute(declaration, 'default');
        if (attribute && file.source instanceof HclSource && encloses(file.source.attributeLocation(attribute), place)) return true;
      }
    }
    return false;
  }

  /** The file and attribute that write an argument of a block, of the override block that sets it last if any. */
  private writtenAttribute(declaration: BlockDeclaration, name: string): [ModuleFile, SourceAttribute | undefined] {
    const { file, block } = this.writtenIn(declaration, name);
    return [file, block?.attributes.findLast((candidate) => candidate.name === name)];
  }

  /** Where an evaluated argument is written: the block (of the override that sets it last if any) and its file; the attribute is looked up only when a call in it is refused. */
  private writtenIn(declaration: BlockDeclaration, name: string): WrittenIn {
    const { block, file } = writtenPart(declaration, name);
    return { file, block, name };
  }

  /** `writtenAttribute` as the place it is written, where the declaration writes it. */
  private writtenPlace(declaration: BlockDeclaration, name: string): { source: ModuleSource; attribute: SourceAttribute } | undefined {
    const [file, attribute] = this.writtenAttribute(declaration, name);
    return attribute && { source: file.source, attribute };
  }

  /**
   * The value of an attribute written outside a resource (a local, an output's value, an argument of a `module` block),
   * evaluated once under `key`, located where it is written: the lists and objects in it, and the text of a string (a
   * heredoc, a file read, or the string of a value it reads whole) under `key` in `writtenTexts`.
   */
  private writtenValue(key: string, raw: unknown, file: ModuleFile, attribute: SourceAttribute | undefined, bindings: Record<string, Value>, reads = this.writtenReads): Value {
    return this.once(key, () => {
      // A reference reads the text of a local, an argument or an output whole (`wholeText`), not of an entry of it.
      const value = this.evaluateAttribute(
        raw,
        bindings,
        (text, path) => {
          if (path.length === 0) this.writtenTexts.set(key, text);
          else if (path.length === 1 && typeof path[0] === 'number') {
            const elements = this.writtenElementTexts.get(key) ?? [];
            elements[path[0]] = text;
            this.writtenElementTexts.set(key, elements);
          }
        },
        { file, attribute },
      );
      if (!attribute) return value;
      registerOrigin(value, attributeOrigin(file.source, attribute, reads));
      this.rememberWrittenText(key, file.source, attribute);
      return value;
    });
  }

  /**
   * An attribute value; `jsonencode(x)` written as the whole expression keeps x's structure (the JSON AWS receives).
   * `textOrigin` is told where the text of a string value, or of an entry of a list written out, is written
   * (`evaluateText`), with the entry's path.
   */
  private evaluateAttribute(raw: unknown, bindings: Record<string, Value>, textOrigin: ((text: WrittenText, path: Path) => void) | undefined, at: WrittenIn): Value {
    // Each entry evaluated apart, the text of each is found: `source_policy_documents = [file("base.json")]`.
    if (textOrigin && Array.isArray(raw)) return raw.map((entry, index) => this.evaluateText(entry, soleExpression(entry), bindings, { ...at, entry: index }, (text) => textOrigin(text, [index])));
    const sole = soleExpression(raw);
    if (sole?.kind === 'call' && sole.name === 'jsonencode' && sole.args.length === 1) {
      const value = evaluate(sole.args[0]!, this.scope(bindings, undefined, at), raw as string);
      // Only a value the argument writes out (`jsonencode({...})`) is this text's alone: one it reads (`jsonencode(local.doc)`)
      // is that value, an object wherever else it is read (`"${local.doc}"` is refused by Terraform).
      const written = unwrap(sole.args[0]!, false);
      return written.kind === 'object' || written.kind === 'tuple' || written.kind === 'for' ? keptEncoded(value) : value;
    }
    return this.evaluateText(raw, sole, bindings, at, textOrigin && ((text) => textOrigin(text, [])), textOrigin && ((text, index) => textOrigin(text, [index])));
  }

  /**
   * A value as written (a `jsonencode` call gives its text); `textOrigin` is told where the text of a string value is
   * written, when it is a file read whole, the string of a local, variable or module output read whole, or one that a
   * reference reads from a list or object that writes it (`local.docs.pass`, `each.value` over a local).
   */
  private evaluateText(raw: unknown, sole: Expr | undefined, bindings: Record<string, Value>, at: WrittenIn, textOrigin?: (text: WrittenText) => void, elementOrigin?: (text: WrittenText, index: number) => void): Value {
    const reads: FileReads = [];
    const value = evaluateRaw(raw, this.scope(bindings, reads, at));
    // A list a `for` expression makes of the files it reads (`[for f in fileset(...) : file("${path.module}/${f}")]`):
    // the text of each element is where its file writes it, when each element is one read, in order.
    const read = sole?.kind === 'for' && sole.keyExpr === undefined ? fileReadCall(sole.valueExpr) : undefined;
    if (read && elementOrigin && Array.isArray(value) && !hasUnknownOrder(value) && value.length === reads.length) {
      const texts = value.map((element, index) => (typeof element === 'string' && (read === 'templatefile' || element === fileFunctionValue(reads[index]!.read)) ? readText(reads[index]!, read) : undefined));
      if (texts.every((text) => text !== undefined)) texts.forEach((text, index) => elementOrigin(text!, index));
      return value;
    }
    // Such a list a local holds, read whole (`source_policy_documents = local.documents`): each text where its file writes it.
    const elements = elementOrigin && Array.isArray(value) && sole?.kind === 'traversal' ? this.elementTextsReadWhole(sole) : undefined;
    if (elements && elements.length === (value as Value[]).length) {
      elements.forEach((text, index) => elementOrigin!(text, index));
      return value;
    }
    if (!textOrigin || typeof value !== 'string') return value;
    if (sole?.kind === 'call' && (sole.name === 'file' || sole.name === 'templatefile') && reads.length === 1) {
      textOrigin(readText(reads[0]!, sole.name));
    } else if (sole?.kind === 'traversal') {
      const [traversal] = traversalsIn(sole);
      const text = traversal && traversal.length === sole.steps.length + 1 ? this.referencedText(traversal, bindings) : undefined;
      if (text) textOrigin(text);
    }
    return value;
  }

  /**
   * Where the text of the string a reference reads is written: a local's, a variable's or a module output's read whole,
   * else where the list or object of a local or variable, or the collection `each` or an iterator reads, writes it (a
   * heredoc, a `jsonencode({...})`). A resource's or module's value is not read apart for it: reading one whole builds
   * all its attributes or outputs.
   */
  private referencedText(traversal: Traversal, bindings: Record<string, Value>): WrittenText | undefined {
    const [root] = traversal;
    const bound = Object.hasOwn(bindings, root!);
    const whole = bound ? undefined : this.wholeText(traversal);
    if (whole || traversal.length < 2 || !(bound || root === 'local' || root === 'var')) return whole;
    const step = traversal.at(-1)!;
    const parent = originOf(this.resolve(traversal.slice(0, -1), bindings) ?? null);
    const characters = parent?.stringOrigin?.([step]);
    const encoded = characters ? undefined : parent?.encodedPart?.(step);
    return characters ? { characters } : encoded && { encoded };
  }

  /** `writtenElementTexts` of the local a reference reads whole (`local.documents`). */
  private elementTextsReadWhole(sole: Extract<Expr, { kind: 'traversal' }>): readonly WrittenText[] | undefined {
    const [root, name, ...steps] = traversalsIn(sole)[0] ?? [];
    return root === 'local' && typeof name === 'string' && steps.length === 0 ? this.writtenElementTexts.get(`local.${name}`) : undefined;
  }

  /** Where the text of the string a reference reads whole is written: a local's, a variable's, a module output's. */
  private wholeText([root, name, ...steps]: Traversal): WrittenText | undefined {
    if (typeof name !== 'string') return undefined;
    if ((root === 'var' || root === 'local') && steps.length === 0) return this.writtenTexts.get(`${root}.${name}`);
    if (root !== 'module') return undefined;
    const called = this.calledInstance(name, steps);
    const [output, ...rest] = called?.rest ?? [];
    return typeof output === 'string' && rest.length === 0 ? called!.module.writtenTexts.get(`output.${output}`) : undefined;
  }

  /**
   * A block body: attributes evaluated, nested blocks as lists of objects, `dynamic` blocks expanded in place. `nested`:
   * the blocks known to be blocks where the JSON syntax writes one as an object.
   */
  private evaluateBody(body: RawBody, block: SourceBlock | undefined, file: ModuleFile, bindings: Record<string, Value>, topLevel: boolean, nested?: NestedBlocks, reads = this.writtenReads): ValueObject {
    const result: ValueObject = {};
    const texts = new Map<string, WrittenText>();
    const readFrom = new Map<string, () => SourceLocation>();
    const staticBlocks = new Map<string, ValueObject[]>();
    for (const [key, raw] of Object.entries(body)) {
      if (key === 'dynamic' || (topLevel && META_ARGUMENTS.has(key))) continue;
      const sourceBlocks = block?.blocks.filter((candidate) => candidate.type === key) ?? [];
      const written = isRecord(raw) && sourceBlocks.length === 1 && nested?.has(key) ? [raw] : raw;
      if (Array.isArray(written) && written.length > 0 && written.length === sourceBlocks.length && written.every(isRecord)) {
        staticBlocks.set(key, written.map((item, index) => this.evaluateBody(item, sourceBlocks[index], file, bindings, false, nested?.get(key), reads)));
      } else {
        setOwn(result, key, this.evaluateAttribute(raw, bindings, (text, path) => texts.set(pathKey([key, ...path]), text), { file, block, name: key }));
        const read = typeof result[key] === 'string' ? this.boundStringWrittenAt(raw, bindings) : undefined;
        if (read) readFrom.set(key, read);
      }
    }
    const dynamicBlocks = new Map<string, ValueObject[][]>();
    for (const [type, specs] of dynamicBlocksOf(body.dynamic)) {
      const sources = block?.blocks.filter((candidate) => candidate.type === 'dynamic' && candidate.labels[0] === type) ?? [];
      dynamicBlocks.set(type, specs.map((dynamic, index) => this.expandDynamic(type, dynamic, sources[index], file, bindings, nested?.get(type), reads)));
    }
    for (const type of new Set([...staticBlocks.keys(), ...dynamicBlocks.keys()])) {
      setOwn(result, type, inSourceOrder(type, block, staticBlocks.get(type) ?? [], dynamicBlocks.get(type) ?? []));
    }
    if (block) registerOrigin(result, bodyOrigin(file.source, block, texts, withInstanceKey(reads, bindings), readFrom));
    return result;
  }

  /**
   * Where the string an attribute reads whole from the element a dynamic block's iterator gives is written (`variable =
   * cond.value.variable`, of an object a module's caller writes): the string has no identity to register, but the list
   * or object it is read from has. One `each` reads stays at its attribute.
   */
  private boundStringWrittenAt(raw: unknown, bindings: Record<string, Value>): (() => SourceLocation) | undefined {
    // Most bodies are no dynamic block's content: nothing is parsed for them.
    if (!Object.values(bindings).some((bound) => iteratorEntries.has(bound as object))) return undefined;
    const sole = soleExpression(raw);
    if (sole?.kind !== 'traversal' || !Object.hasOwn(bindings, sole.root) || !iteratorEntries.has(bindings[sole.root] as object)) return undefined;
    const [traversal] = traversalsIn(sole);
    if (!traversal || traversal.length < 2 || traversal.length !== sole.steps.length + 1) return undefined;
    const element = this.resolve(traversal.slice(0, -1), bindings) ?? null;
    const parent = originOf(element);
    const step = traversal.at(-1)!;
    // A string a module input's `optional(..., default)` fills in is not written in the element.
    if (!parent || (isObject(element) && typeof step === 'string' && typeof writtenBeforeConversion(element)[step] !== 'string')) return undefined;
    return () => parent.locate([step]);
  }

  private expandDynamic(type: string, dynamic: RawBody, block: SourceBlock | undefined, file: ModuleFile, bindings: Record<string, Value>, nested: NestedBlocks | undefined, reads = this.writtenReads): ValueObject[] {
    const iterator = typeof dynamic.iterator === 'string' ? dynamic.iterator.replace(/^\$\{\s*|\s*\}$/g, '') : type;
    const content = Array.isArray(dynamic.content) ? dynamic.content.find(isRecord) : isRecord(dynamic.content) ? dynamic.content : undefined;
    if (!content) return [];
    const contentBlock = block?.blocks.find((candidate) => candidate.type === 'content');
    const collection = this.evaluateAttribute(dynamic.for_each, bindings, undefined, { file, block, name: 'for_each' });
    const entries = collectionEntries(collection, 'dynamic block');
    if (entries instanceof Unresolved) {
      const unknown = new Unresolved(`unknown value: the for_each of a dynamic "${type}" block is not known statically (${entries.reason})`);
      const body = this.evaluateBody(content, contentBlock, file, { ...bindings, [iterator]: { key: unknown, value: unknown } }, false, nested, reads);
      markUnknownBlock(body, unknown);
      return [body];
    }
    // `iterator.value` is where the for_each writes the entry's element (WrittenReads.bound).
    const forEach = block?.attributes.findLast((attribute) => attribute.name === 'for_each');
    return entries.map((entry, index) => {
      iteratorEntries.add(entry);
      const key = Array.isArray(collection) ? index : (entry.key as string);
      const read = forEach ? withBound(reads, iterator, { source: file.source, attribute: forEach, key, reads, iterator: true }) : reads;
      const made = this.evaluateBody(content, contentBlock, file, { ...bindings, [iterator]: entry }, false, nested, read);
      if (contentBlock) recordDynamicBlock(made, { iterator, element: entry.value, collection, content: contentBlock, source: file.source, inVariableDefault: (place) => this.inVariableDefault(place) });
      return made;
    });
  }

  // ---- Resources and data sources -----------------------------------------------------------------------------

  /**
   * The data source of a type this module declares that gives the owner's value with the provider configuration it
   * names `provider` (`ownerDataSource`); one with a `count` where each of `instances` (this module's) makes one, as far
   * as deputy knows.
   */
  ownerDataSource(type: string, instances: readonly ModuleInstance[], provider: string | undefined): OwnerDataSource {
    const { resources, files } = this.node.config;
    // One a check block scopes cannot be read outside it (`ownerDataSource` takes its name from the check).
    const declared = resources.filter((declaration) => declaration.mode === 'data' && declaration.type === type && declaration.check === undefined);
    const counted = (name: string): boolean => {
      const declaration = declared.find((candidate) => candidate.name === name)!;
      return instances.every((instance) => {
        const expansion = instance.expand(declaration);
        return expansion.by !== 'unknown' && expansion.instances.length > 0;
      });
    };
    const written = declared.map((declaration) => ({ name: declaration.name, written: (declaration.parts ?? [declaration]).map(({ file, block }) => ({ source: file.source, block })) }));
    return ownerDataSource(type, written, files.map(({ source }) => source.body), counted, provider);
  }

  private expand(declaration: ResourceDeclaration | BlockDeclaration, kind?: 'module'): Expansion {
    const base = kind === 'module' ? `module.${declaration.name}` : 'mode' in declaration ? `${declaration.mode === 'data' ? 'data.' : ''}${declaration.type}.${declaration.name}` : declaration.name;
    const cached = this.expansions.get(base);
    if (cached) return cached;
    const { body } = declaration;
    const instance = (key: Key, bindings: Record<string, Value>): Instance => ({ declaration, key, localAddress: base + keySuffix(key), bindings });
    let expansion: Expansion;
    if (this.validatedOnly && (body.count !== undefined || body.for_each !== undefined)) {
      const unknown = new Unresolved(`unknown value: ${this.prefix}${base} is validated as one instance whose ${body.count !== undefined ? 'count.index' : 'each'} is not known`);
      expansion = { by: 'unknown', unknown, instances: [instance(UNKNOWN_KEY, body.count !== undefined ? { count: { index: unknown } } : { each: { key: unknown, value: unknown } })] };
    } else if (body.count !== undefined) {
      const written = toCount(this.evaluateAttribute(body.count, {}, undefined, this.writtenIn(declaration, 'count')));
      const count = typeof written === 'number' && written > MOST_INSTANCES ? unresolved('limit', `a count of ${written.toLocaleString('en-US')}, more instances than deputy expands (${MOST_INSTANCES.toLocaleString('en-US')})`) : written;
      if (count instanceof Unresolved) {
        const unknown = new Unresolved(`unknown value: the count of ${this.prefix}${base} is not known statically (${count.reason})`);
        expansion = { by: 'unknown', unknown, instances: [instance(UNKNOWN_KEY, { count: { index: unknown } })], ...(typeof written === 'number' ? {} : { mayBeNone: true as const }) };
      } else expansion = { by: 'count', instances: Array.from({ length: count }, (_, index) => instance(index, { count: { index } })) };
    } else if (body.for_each !== undefined) {
      const entries = collectionEntries(this.evaluateAttribute(body.for_each, {}, undefined, this.writtenIn(declaration, 'for_each')), 'instances');
      if (entries instanceof Unresolved) {
        const unknown = new Unresolved(`unknown value: the for_each of ${this.prefix}${base} is not known statically (${entries.reason})`);
        expansion = { by: 'unknown', unknown, instances: [instance(UNKNOWN_KEY, { each: { key: unknown, value: unknown } })], mayBeNone: true };
      } else expansion = { by: 'for_each', instances: entries.map((entry) => instance(String(entry.key), { each: entry })) };
    } else expansion = { by: 'single', instances: [instance(undefined, {})] };
    this.expansions.set(base, expansion);
    return expansion;
  }

  private properties(instance: Instance): ValueObject {
    const value = this.once(`${instance.localAddress}#`, () => {
      const { declaration } = instance;
      const nested = 'type' in declaration ? nestedBlocksOf(declaration.type) : undefined;
      const reads = this.instanceReads(declaration, instance);
      if (!declaration.parts) return this.evaluateBody(declaration.body, declaration.block, declaration.file, instance.bindings, true, nested, reads);
      // Each part is evaluated where it is written; the merged object takes each key from the last part that writes it.
      const parts = declaration.parts.map(({ body, block, file }) => this.evaluateBody(body, block, file, instance.bindings, true, nested, reads));
      const merged: ValueObject = {};
      for (const part of parts) for (const [key, value] of Object.entries(part)) setOwn(merged, key, value);
      const written = declaration.parts;
      registerOrigin(merged, mergedOrigin(parts.map(originOf), (name) => partWriting(written, name), { locate: () => this.declarationLocation(declaration) }));
      return merged;
    });
    return isObject(value) ? value : {};
  }

  /**
   * The reads of the expressions of an instance of a resource or a module call: with the block's `for_each` and the
   * instance's key, where its `each.value` is written.
   */
  private instanceReads(declaration: BlockDeclaration, instance: Instance): WrittenReads {
    const [forEachFile, forEach] = typeof instance.key === 'string' ? this.writtenAttribute(declaration, 'for_each') : [];
    const key = instance.key;
    return forEachFile && forEach && typeof key === 'string' ? { ...this.writtenReads, each: () => ({ source: forEachFile.source, attribute: forEach, key }) } : this.writtenReads;
  }

  private resourceReference(mode: 'managed' | 'data', type: string, name: string, steps: Array<string | number>): Value | undefined {
    const declaration = this.resourcesByKey.get(`${mode}.${type}.${name}`);
    if (!declaration) {
      if (mode === 'managed' && !type.includes('_')) return undefined;
      return new Unresolved(`unknown reference: ${mode === 'data' ? 'data.' : ''}${type}.${name} is not declared in ${this.root.display(this.node.config.directory)}`);
    }
    const expansion = this.expand(declaration);
    return this.pickInstance(expansion, steps, (instance, rest) => this.instanceValue(declaration, instance, rest));
  }

  /** Applies the instance key step of a counted or for_each'd object, then reads the instance. */
  private pickInstance(expansion: Expansion, steps: Array<string | number>, read: (instance: Instance, rest: Array<string | number>) => Value): Value {
    if (expansion.by === 'single') return read(expansion.instances[0]!, steps);
    if (expansion.by === 'unknown') {
      if (steps.length === 0) return expansion.unknown!;
      return read(expansion.instances[0]!, steps.slice(1));
    }
    if (steps.length === 0) {
      if (expansion.by === 'count') return expansion.instances.map((instance) => read(instance, []));
      return Object.fromEntries(expansion.instances.map((instance) => [String(instance.key), read(instance, [])]));
    }
    const [key, ...rest] = steps;
    const instance = keyedInstance(expansion, key);
    return instance ? read(instance, rest) : new Unresolved(`type error: no instance [${JSON.stringify(key)}] of ${this.prefix}${expansion.instances[0]?.localAddress.replace(/\[.*$/, '') ?? 'this block'}`);
  }

  private instanceValue(declaration: ResourceDeclaration, instance: Instance, steps: Array<string | number>): Value {
    const address = this.prefix + instance.localAddress;
    const [attribute, ...rest] = steps;
    if (attribute === undefined) {
      const properties = this.properties(instance);
      if (declaration.mode === 'data') {
        const computed = ownEntry(DATA_ATTRIBUTES, declaration.type) ?? [];
        return { ...properties, ...Object.fromEntries(computed.map((name) => [name, this.dataAttribute(declaration, instance, name)])) };
      }
      return { ...Object.fromEntries(['arn', 'id', 'name', 'unique_id'].map((computed) => [computed, this.computedReference(declaration, instance, computed)])), ...properties };
    }
    if (typeof attribute !== 'string') return new Unresolved(`type error: ${address} has no element [${attribute}]`);
    if (declaration.mode === 'data') return walk(this.dataAttribute(declaration, instance, attribute), rest);
    if (Object.hasOwn(declaration.body, attribute) && !META_ARGUMENTS.has(attribute)) {
      const configured = this.properties(instance)[attribute] ?? null;
      // The name of an IAM principal or policy not known (`name = var.user_name`) is still its own: a reference to it
      // names that principal (`user = aws_iam_user.u.name`), as one to a name the provider makes does.
      if (rest.length === 0 && attribute === 'name' && ARN_RESOURCES_BY_TYPE.has(declaration.type) && isNameNotKnown(configured)) return this.computedReference(declaration, instance, attribute);
      return walk(configured, rest);
    }
    return rest.length === 0 ? this.computedReference(declaration, instance, attribute) : new Unresolved(`unknown value: ${address}.${attribute} is known only after apply`);
  }

  /**
   * The reference to an attribute of a managed resource's instance that apply computes. The `arn` of an IAM principal or
   * policy is told to the root with the text it stands for (`RootContext.arnTexts`), which a function cutting it
   * (`basename(aws_iam_role.r.arn)`) reads.
   */
  private computedReference(declaration: ResourceDeclaration, instance: Instance, attribute: string): string {
    const reference = refMarker(this.prefix + instance.localAddress, attribute);
    const arnResource = attribute === 'arn' ? ARN_RESOURCES_BY_TYPE.get(declaration.type) : undefined;
    if (arnResource !== undefined && !this.root.arnTexts.has(reference)) this.root.arnTexts.set(reference, () => this.arnText(declaration, instance, arnResource));
    return reference;
  }

  /**
   * The text of an IAM principal's or policy's ARN (`iamArnText`) with the path and name its block writes (a name not
   * written is the provider's to make, not known: the reference to its `name` stands for it), in the account its values
   * are read in (`ownerAccountOf`).
   */
  private arnText(declaration: ResourceDeclaration, instance: Instance, arnResource: string): string | undefined {
    const properties = this.properties(instance);
    const written = (name: string) => (Object.hasOwn(declaration.body, name) ? properties[name] : undefined);
    return iamArnText(arnResource, written('path'), written('name'), this.ownerAccountOf(declaration), refMarker(this.prefix + instance.localAddress, 'name'));
  }

  /**
   * The account a declaration's values read as the owner's (`aws_caller_identity`): where configurations beside its
   * provider's may deploy to other accounts, its own where known, as a plan renders it (a resource of another account
   * reads it as that account, not as its own), and where not, an account not known, none other's (the owner's symbol
   * would read as the told account of a principal of another configuration that reads it); else the owner's, which a
   * plan of one account writes for it in every resource.
   */
  private ownerAccountOf(declaration: ResourceDeclaration): string {
    const provider = this.providerConfiguration(providerOf(declaration));
    if (!provider?.besideOtherAccounts()) return OWNER_ACCOUNT;
    return provider.account() ?? unresolvedMarker(unresolved('unknown value', `the account of provider ${provider.place}, beside configurations that may deploy to other accounts, is not told`));
  }

  private dataAttribute(declaration: ResourceDeclaration, instance: Instance, attribute: string): Value {
    const address = `${this.prefix}${instance.localAddress}`;
    const configured = (name = attribute): Value | undefined => (Object.hasOwn(declaration.body, name) ? this.properties(instance)[name] : undefined);
    switch (declaration.type) {
      case 'aws_iam_policy_document':
        if (attribute === 'json' || attribute === 'minified_json') {
          return this.once(`${instance.localAddress}#json`, () => {
            const properties = this.properties(instance);
            return buildPolicyDocument(properties, originOf(properties) ?? { locate: () => this.declarationLocation(declaration) }, address);
          });
        }
        break;
      case 'aws_caller_identity':
        if (attribute === 'account_id' || attribute === 'id') return this.ownerAccountOf(declaration);
        break;
      case 'aws_region':
        // The region it is asked for (`region`, before provider 6 `name`), else its provider's.
        if (attribute === 'name' || attribute === 'region' || attribute === 'id') return configured('region') ?? configured('name') ?? this.providerConfiguration(providerOf(declaration))?.region() ?? OWNER_REGION;
        break;
      case 'aws_partition': {
        // As its own provider configuration gives it where that one's region tells the partition, as a plan renders it,
        // whichever configuration the resource reading it uses: `arn:${data.aws_partition.current.partition}:...` of
        // the default us-east-1 configuration is `arn:aws:...` in a role of a cn-north-1 one, and a service principal
        // built of its `dns_suffix` is the one the plan names (`sagemaker.amazonaws.com.cn` in cn-north-1).
        const partition = partitionOfRegion(this.providerConfiguration(providerOf(declaration))?.region());
        if (attribute === 'partition' || attribute === 'id') return partition ?? OWNER_PARTITION;
        if (attribute === 'dns_suffix') return partition === undefined ? OWNER_URL_SUFFIX : dnsSuffixOf(partition);
        break;
      }
      case 'aws_service_principal': {
        // Composed by the provider without asking AWS: the service's name and a suffix, which only a few services
        // outside the commercial partition change.
        const service = configured('service_name');
        const region = configured('region') ?? this.providerConfiguration(providerOf(declaration))?.region() ?? OWNER_REGION;
        const suffix = typeof service === 'string' && !hasMarker(service) ? servicePrincipalSuffix(service, region) : undefined;
        if (suffix === undefined) break;
        if (attribute === 'name') return `${service}.${suffix}`;
        if (attribute === 'suffix') return suffix;
        if (attribute === 'id' && typeof region === 'string') return `${service}.${region}.${suffix}`;
        break;
      }
      case 'aws_iam_role': {
        // Looked up by its name, which is also its id; its ARN is read from AWS (the role's path is not known), and
        // stays a reference to the data source, which the graph follows to the role of this configuration with that
        // name (as it follows the name itself).
        const name = configured('name');
        if (typeof name !== 'string' || name === '' || hasMarker(name)) break;
        if (attribute === 'id') return name;
        if (attribute === 'arn') return refMarker(address, 'arn');
        break;
      }
      case 'aws_iam_policy':
        // Looked up by name (`name = "AdministratorAccess"`), an AWS managed policy at the path `/`: the provider lists
        // the policies of every scope, AWS managed ones included, and refuses a name that matches two, so the lookup
        // finds that policy or fails. Other names may be the account's own, at a path not known.
        if ((attribute === 'arn' || attribute === 'id') && configured('arn') === undefined) {
          const name = configured('name');
          const prefix = configured('path_prefix');
          if (typeof name === 'string' && isAdminManagedPolicy(name) && (prefix === undefined || prefix === null || prefix === '/')) return `arn:${OWNER_PARTITION}:iam::aws:policy/${name}`;
        }
        break;
    }
    return configured() ?? new Unresolved(`data source: ${address}.${attribute} is read from AWS at plan time`);
  }

  /**
   * A provider configuration (`aws`, `aws.west`) of this instance: its own `provider` block, else the one the module call
   * passes (`providers = { aws = aws.west }`), else the caller's of a configuration without an alias (Terraform passes
   * it when a `providers` argument does not map it too). The root module's default configuration needs no block: without one it signs in with the
   * environment's credentials and reads its settings from it, which deputy does not know. Undefined for any other
   * configuration no block writes.
   */
  private providerConfiguration(key: string): ProviderConfiguration | undefined {
    const provider = this.providerArguments(key);
    if (!provider) {
      const given = this.passedProvider?.(key);
      return given === undefined ? undefined : this.caller?.providerConfiguration(given);
    }
    return {
      place: `${this.prefix}${key}`,
      region: () => regionName(provider.setting('region')),
      regionWritten: () => {
        const written = provider.setting('region');
        return written !== undefined && written !== null;
      },
      // Else, as a plan reads it, that of the configurations signing in with the same credentials, where they fix one.
      account: () => providerAccount(provider) ?? this.accountSigningIn(signInKey(provider)),
      defaultTags: () => provider.defaultTags(),
      ignoredTags: () => provider.ignoredTags(),
      besideOtherAccounts: () => this.besideOtherAccounts(key),
    };
  }

  /**
   * Whether a configuration something uses, written in any module (the root module's default one also without a block),
   * may deploy to another account than this module's configuration with that key: one that fixes another account, or,
   * beside one whose account is known, one whose account is not, or that signs in otherwise. Every module's, not only
   * this one's: a value read here reaches the resources of other modules through outputs and variables, and a module
   * may write its own `provider` blocks. Terraform never configures one nothing uses (`usedProviders`): it deploys nowhere.
   * Another provider's (`vault`, `kubernetes`) deploys nothing to an AWS account, whatever credentials it writes.
   */
  private besideOtherAccounts(key: string): boolean {
    let beside = this.besideOthers.get(key);
    if (beside === undefined) {
      const own = this.providerPlace(key);
      const differs = (instance: ModuleInstance): boolean => {
        const used = usedProviders(instance.node);
        return instance.providerKeys().some((other) => !(instance === this && other === key) && isAwsConfiguration(other) && used.has(other) && instance.providerPlace(other) !== own);
      };
      this.besideOthers.set(key, (beside = this.rootInstance().providerModules().some(differs)));
    }
    return beside;
  }

  /**
   * Where a configuration this module writes (the root module's default one also without a block) deploys: its account
   * where known, else how it signs in (within this module where an argument reads a value).
   */
  private providerPlace(key: string): string | undefined {
    const account = this.providerConfiguration(key)?.account();
    if (account !== undefined) return account;
    const written = this.providerArguments(key);
    if (!written) return undefined;
    const signIn = signInKey(written);
    return `signs in as ${readsValue(signIn) ? this.prefix : ''}${signIn}`;
  }

  /** The arguments of a provider configuration of this module: its block's, or the root module's default one's without one. */
  private providerArguments(key: string): WrittenProvider | undefined {
    return this.writtenProvider(key) ?? (key === DEFAULT_PROVIDER && this.input === undefined ? UNWRITTEN_PROVIDER : undefined);
  }

  /**
   * The name one of `instances` (the instances of a module this one is, or is called from) gives the provider
   * configuration this module names `key`: through each module call's `providers` argument, or, without one, the same
   * name for a configuration without an alias. Undefined where a call passes no configuration for it, a module between
   * them writes its own `provider` block for it (a caller cannot name that one), or none of `instances` is this module
   * or a caller of it.
   */
  providerNamedIn(key: string | undefined, instances: readonly ModuleInstance[]): string | undefined {
    let named = key;
    for (let instance: ModuleInstance | undefined = this; instance && named !== undefined; instance = instance.caller) {
      if (instances.includes(instance)) return named;
      named = instance.writtenProvider(named) ? undefined : instance.passedProvider?.(named);
    }
    return undefined;
  }

  /** The provider configurations of this module: those its blocks write, and the root module's default one. */
  private providerKeys(): string[] {
    const keys = [...this.node.config.providers.keys()];
    return this.input === undefined && !keys.includes(DEFAULT_PROVIDER) ? [...keys, DEFAULT_PROVIDER] : keys;
  }

  /** The arguments of a provider configuration a `provider` block of this module writes. */
  private writtenProvider(key: string): WrittenProvider | undefined {
    const declaration = this.node.config.providers.get(key);
    if (!declaration) return undefined;
    const { body } = declaration;
    const setting = (name: string): Value | undefined => (Object.hasOwn(body, name) ? this.once(`provider.${key}.${name}`, () => this.evaluateAttribute(body[name], {}, undefined, this.writtenIn(declaration, name))) : undefined);
    return {
      setting,
      written: (argument) => {
        const dynamic = dynamicBlocksOf(body.dynamic).get(argument);
        return dynamic ? [body[argument] ?? null, dynamic] : body[argument];
      },
      allowedAccountIds: () => setting('allowed_account_ids'),
      roleArns: (kind) => this.providerBlocks(key, declaration, kind).map(roleArnOf),
      defaultTags: () => {
        const blocks = this.providerBlocks(key, declaration, 'default_tags');
        const tags = blocks.length === 1 && !unknownBlockIn(blocks) && isObject(blocks[0]) ? blocks[0].tags : undefined;
        return isObject(tags) ? tags : undefined;
      },
      ignoredTags: () => {
        const blocks = this.providerBlocks(key, declaration, 'ignore_tags');
        if (blocks.length === 0) return undefined;
        const block = blocks.length === 1 && !unknownBlockIn(blocks) ? blocks[0] : undefined;
        if (!isObject(block)) return 'not known';
        const keys = knownStrings(block.keys);
        const keyPrefixes = knownStrings(block.key_prefixes);
        return keys && keyPrefixes ? { keys, keyPrefixes } : 'not known';
      },
    };
  }

  /**
   * The accounts the provider configurations of this module fix, by how they sign in (null where ones signing in alike
   * fix several). Read once; asked again while it is read (a role_arn written from a caller identity), it has none.
   */
  private providerAccounts(): Map<string, string | null> {
    if (this.readAccounts) return this.readAccounts;
    this.readAccounts = new Map();
    const read = new Map<string, string | null>();
    const used = usedProviders(this.node);
    for (const key of this.node.config.providers.keys()) {
      // Terraform configures only a configuration something uses: another's allowed_account_ids is never checked.
      if (!used.has(key)) continue;
      const provider = this.writtenProvider(key)!;
      const account = providerAccount(provider);
      if (account === undefined) continue;
      noteAccountSigningIn(read, signInKey(provider), account);
    }
    return (this.readAccounts = read);
  }

  /**
   * The account of the configurations signing in as `signIn` says, where they fix one: those of this module; else, where
   * no argument reads a value (constants, or none: the environment's credentials), which sign in alike in every module,
   * those of all the modules. Undefined where ones signing in alike fix several.
   */
  private accountSigningIn(signIn: string): string | undefined {
    const own = this.providerAccounts().get(signIn);
    if (own !== undefined || readsValue(signIn)) return own ?? undefined;
    return this.rootInstance().allProviderAccounts().get(signIn) ?? undefined;
  }

  private rootInstance(): ModuleInstance {
    let root: ModuleInstance = this;
    while (root.caller) root = root.caller;
    return root;
  }

  /**
   * This instance and the instances of the modules it calls that may write provider blocks: Terraform refuses them in a
   * module called with count or for_each, and in the modules it calls.
   */
  private providerModules(): ModuleInstance[] {
    const modules: ModuleInstance[] = [this];
    for (const [name, child] of this.node.children) {
      const { body } = this.node.config.modules.get(name) ?? {};
      if ('skipped' in child || !body || body.count !== undefined || body.for_each !== undefined) continue;
      for (const module of this.moduleInstances(name, child)) modules.push(...module.providerModules());
    }
    return modules;
  }

  /**
   * By how they sign in, where no argument reads a value, the accounts that the provider configurations of this module
   * and the modules it calls fix (null where ones signing in alike fix several). Read once; asked again while it is
   * read, it has none.
   */
  private allProviderAccounts(): Map<string, string | null> {
    if (this.readAllAccounts) return this.readAllAccounts;
    this.readAllAccounts = new Map();
    const read = new Map<string, string | null>();
    for (const instance of this.providerModules()) {
      for (const [signIn, account] of instance.providerAccounts()) if (!readsValue(signIn)) noteAccountSigningIn(read, signIn, account);
    }
    return (this.readAllAccounts = read);
  }

  /**
   * The blocks of a type that a provider configuration writes, static and made by `dynamic` blocks, in the order written,
   * as they are read in resources.
   */
  private providerBlocks(key: string, declaration: BlockDeclaration, type: string): Value[] {
    const blocks = this.once(`provider.${key}#${type}`, () => {
      const { body, block, file } = writtenPart(declaration, type);
      const dynamic = dynamicBlocksOf(body.dynamic).get(type);
      const written: RawBody = { ...(Object.hasOwn(body, type) ? { [type]: body[type] } : {}), ...(dynamic ? { dynamic: { [type]: dynamic } } : {}) };
      return this.evaluateBody(written, block, file, {}, false)[type] ?? [];
    });
    // A .tf.json file may write a single block as an object.
    return Array.isArray(blocks) ? blocks : [blocks];
  }

  // ---- Child modules -------------------------------------------------------------------------------------------

  private moduleReference(name: string, steps: Array<string | number>): Value {
    const child = this.node.children.get(name);
    const call = this.node.config.modules.get(name);
    if (!child || !call) return new Unresolved(`unknown reference: module.${name} is not declared`);
    if ('skipped' in child) return new Unresolved(`unknown reference: module.${name} is not analyzed (${child.skipped})`);
    const expansion = this.expand(call, 'module');
    this.moduleInstances(name, child);
    return this.pickInstance(expansion, steps, (instance, rest) => {
      const module = this.children.get(instance.localAddress)!;
      const [output, ...more] = rest;
      if (output === undefined) return Object.fromEntries([...module.node.config.outputs.keys()].map((key) => [key, module.output(key)]));
      return typeof output === 'string' ? walk(module.output(output), more) : new Unresolved(`type error: module.${name} has no element [${output}]`);
    });
  }

  /** The instance of the module call `name` that the steps of a reference after it name first, and the steps after them. */
  private calledInstance(name: string, steps: Array<string | number>): { module: ModuleInstance; rest: Array<string | number> } | undefined {
    const call = this.node.config.modules.get(name);
    if (!call) return undefined;
    const expansion = this.expand(call, 'module');
    const { by, instances } = expansion;
    // As `pickInstance` reads them: no step names the one instance of a call without count or for_each, and any key the
    // one standing for instances not known.
    const [key, ...rest] = steps;
    const instance = by === 'single' || by === 'unknown' ? instances[0] : keyedInstance(expansion, key);
    const module = instance && this.children.get(instance.localAddress);
    return module && { module, rest: by === 'single' ? steps : rest };
  }

  /**
   * The call that leaves out the input variable a value is read from whole (`Locator.inputLeftOutAt`): this instance's,
   * else, where its call passes the caller's own variable through whole, the caller's in turn.
   */
  private inputLeftOut(variable: string): InputLeftOut | undefined {
    let instance: ModuleInstance = this;
    let name = variable;
    for (;;) {
      const { callAt, caller } = instance;
      if (!callAt || !caller) return undefined;
      const argument = instance.writtenArgument?.(name);
      if (argument === undefined) return { call: callAt.location, input: name, module: callAt.address, scope: caller.prefix, syntax: callAt.syntax, installed: caller.node.installed === true };
      const passed = argument ? variableReadIn(argument.source, argument.attribute, [], argument.reads) : undefined;
      if (passed === undefined) return undefined;
      instance = caller;
      name = passed;
    }
  }

  private moduleInstances(name: string, child: ModuleNode): ModuleInstance[] {
    const call = this.node.config.modules.get(name)!;
    return this.expand(call, 'module').instances.map((instance) => {
      let module = this.children.get(instance.localAddress);
      if (!module) {
        const passes = (variable: string): boolean => Object.hasOwn(call.body, variable) && !META_ARGUMENTS.has(variable) && variable !== 'source' && variable !== 'version' && variable !== 'providers';
        // An argument of an instance of a call with for_each reads each.value from the call's for_each, at its key.
        const reads = withInstanceKey(this.instanceReads(call, instance), instance.bindings);
        const inputs = (variable: string): Argument | undefined => {
          if (!passes(variable)) return undefined;
          const key = `${instance.localAddress}#${variable}`;
          const value = this.writtenValue(key, call.body[variable], ...this.writtenAttribute(call, variable), instance.bindings, reads);
          return { value, text: this.writtenTexts.get(key) };
        };
        const moduleCall = this.moduleCall ?? (child.installed && call.block ? { location: call.file.source.blockLocation(call.block), installed: true } : undefined);
        const passedProvider = (key: string): string | undefined => providerPassed(call.body, key);
        module = new ModuleInstance(this.root, child, `${this.prefix}${instance.localAddress}.`, inputs, moduleCall, passedProvider, this.validatedOnly);
        module.caller = this;
        const callNotKnown = this.expand(call, 'module').mayBeNone === true;
        module.createdNotKnown = this.createdNotKnown ?? (callNotKnown ? `the ${call.body.count !== undefined ? 'count' : 'for_each'} of ${this.prefix}module.${name} is not known` : undefined);
        if (callNotKnown || this.createdWith) module.createdWith = [...(this.createdWith ?? []), ...(callNotKnown ? [`${this.prefix}module.${name}`] : [])];
        if (call.block) module.callAt = { location: call.file.source.blockLocation(call.block), address: `${this.prefix}module.${name}`, syntax: call.file.file.endsWith('.json') ? 'json' : 'hcl' };
        module.writtenArgument = (variable) => {
          if (!passes(variable)) return undefined;
          const [file, attribute] = this.writtenAttribute(call, variable);
          return attribute ? { source: file.source, attribute, reads } : null;
        };
        this.children.set(instance.localAddress, module);
      }
      return module;
    });
  }
}

/**
 * Whether a value a `module` block passes is not known, whole or a piece of a text, otherwise than as a root variable's
 * given no value passed whole (`awaitsInput`), one of values written out a condition not known chooses (`choices`), or
 * a value Terraform refuses (`isInvalidInput`, `isError`), with which it plans nothing.
 */
function passedNotKnown(value: Value): value is Unresolved | string {
  if (typeof value === 'string') return hasUnresolvedPiece(value) && unresolvedPieces(value).every((piece) => !isInvalidInput(piece) && !isError(piece));
  return value instanceof Unresolved && !awaitsInput(value) && value.choices === undefined && !isInvalidInput(value) && !isError(value);
}

/** Whether a text may be a value not known, or a text with pieces not known: its known pieces in their order, each piece not known any text. */
function canBe(value: Unresolved | string, text: string): boolean {
  if (value instanceof Unresolved) return true;
  const pattern = tokenize(value).map((token) => ('literal' in token ? escapeRegExp(token.literal) : '[\\s\\S]*')).join('');
  return new RegExp(`^${pattern}$`).test(text);
}

/** Whether a block is a `data "aws_iam_role"`, which the graph reads (`roleReads`). */
function readsRole(declaration: ResourceDeclaration): boolean {
  return declaration.mode === 'data' && declaration.type === 'aws_iam_role';
}

/** Whether evaluating an attribute or a block may make a call Terraform refuses (`mayRefuse`), by its text where it is written, else by its hcl2json value. */
function writesRefusable(source: ModuleSource, written: { start: number; end: number } | undefined, raw?: unknown): boolean {
  return mayRefuse(written ? source.text.slice(written.start, written.end) : (JSON.stringify(raw) ?? ''));
}

/** Walks attribute and index steps through a value; what is not there is Unresolved, never a guess. */
function walk(value: Value, steps: Array<string | number>): Value {
  let current = value;
  for (let position = 0; position < steps.length; position++) {
    if (current instanceof Unresolved) return throughChoices(current, (choice) => walk(choice, steps.slice(position)));
    const step = steps[position]!;
    if (Array.isArray(current)) {
      const index = typeof step === 'number' ? step : Number(step);
      if (!Number.isInteger(index) || index < 0 || index >= current.length) return new Unresolved(`type error: no element [${JSON.stringify(step)}] in a list of ${current.length}`);
      if (hasUnknownOrder(current)) return unknownPosition();
      registerPart(current, index, current[index]!);
      current = current[index]!;
    } else if (isObject(current)) {
      const key = String(step);
      if (!Object.hasOwn(current, key)) return new Unresolved(`type error: no attribute "${key}"`);
      registerPart(current, key, current[key]!);
      current = current[key]!;
    } else if (typeof current === 'string' && hasMarker(current)) {
      return new Unresolved(`unknown value: ${JSON.stringify(step)} of a value known only after apply`);
    } else return new Unresolved(`type error: cannot read ${JSON.stringify(step)} of ${current === null ? 'null' : typeof current}`);
  }
  return current;
}

/** Where a provider configuration creates resources, as far as its `provider` block writes it. */
interface ProviderConfiguration {
  /** Which configuration it is: the module instance that writes it (the root module's default one also without a block), and its key. */
  place: string;
  region(): string | undefined;
  /** Whether its block writes a region (known or not). */
  regionWritten(): boolean;
  account(): string | undefined;
  /** The tags its `default_tags` block gives the resources it creates (`Resource.providerDefaultTags`). */
  defaultTags(): ValueObject | undefined;
  /** The tag keys its `ignore_tags` block ignores (`Resource.providerIgnoredTags`). */
  ignoredTags(): IgnoredTags | undefined;
  /** Whether configurations declared beside it may deploy to another account than its own. */
  besideOtherAccounts(): boolean;
}

/**
 * `Resource.account` and `Resource.accountScope` of what the configuration deploys or reads: its account where known,
 * and that account, else the configuration, as its scope. The account is read once: reading it evaluates the configuration.
 */
function accountOf(provider: ProviderConfiguration | undefined): Pick<Resource, 'account' | 'accountScope'> {
  const account = provider?.account();
  const accountScope = account ?? (provider && `provider ${provider.place}`);
  return { ...(account ? { account } : {}), ...(accountScope ? { accountScope } : {}) };
}

/** A provider configuration's arguments, and its other settings as written. */
interface WrittenProvider extends ProviderArguments {
  setting(name: string): Value | undefined;
  /** The map of tags of its `default_tags` block, where it writes one and the map is known. */
  defaultTags(): ValueObject | undefined;
  /** The keys and key prefixes its `ignore_tags` block writes, where it writes one. */
  ignoredTags(): IgnoredTags | undefined;
}

/** The strings of a list or set written out (none where it is null or left out); undefined where one is not known. */
function knownStrings(written: Value | undefined): string[] | undefined {
  if (written === undefined || written === null) return [];
  return Array.isArray(written) && written.every((entry) => typeof entry === 'string' && !hasMarker(entry)) ? (written as string[]) : undefined;
}


/**
 * Whether a configuration signing in as `signInKey` writes reads an argument's value (`profile = var.profile`), which
 * each module sets for itself.
 */
function readsValue(signIn: string): boolean {
  return signIn.includes('${');
}

const UNWRITTEN_PROVIDER: WrittenProvider = { setting: () => undefined, written: () => undefined, allowedAccountIds: () => undefined, roleArns: () => [], defaultTags: () => undefined, ignoredTags: () => undefined };

/**
 * The role_arn of a provider's block: null where it writes none; not known for one standing for the blocks of a dynamic
 * block whose for_each is not known.
 */
function roleArnOf(block: Value): Value {
  if (!isObject(block)) return block instanceof Unresolved ? block : new Unresolved(`type error: a block is written as ${block === null ? 'null' : typeof block}`);
  return unknownBlockIn([block]) ?? block.role_arn ?? null;
}

/** The provider configuration a resource or data source is created with: its `provider` argument, else the default of its type's provider. */
function providerOf(declaration: ResourceDeclaration): string {
  const underscore = declaration.type.indexOf('_');
  return providerReference(declaration.body.provider) ?? (underscore < 0 ? declaration.type : declaration.type.slice(0, underscore));
}

/**
 * The caller's configuration a module call gives the module for its key `key`: the one its `providers` argument maps it
 * to, else, for a configuration without an alias, the caller's of the same name (Terraform passes it with a `providers`
 * argument too, one that maps only `aws.x`).
 */
function providerPassed(call: RawBody, key: string): string | undefined {
  const passed = isRecord(call.providers) ? call.providers : undefined;
  if (!passed || !Object.hasOwn(passed, key)) return key.includes('.') ? undefined : key;
  return providerReference(passed[key]);
}

/** Whether a configuration key (`aws`, `aws.west`) is one of the AWS provider's. */
function isAwsConfiguration(key: string): boolean {
  return key === DEFAULT_PROVIDER || key.startsWith(`${DEFAULT_PROVIDER}.`);
}

const usedProvidersByNode = new WeakMap<ModuleNode, Set<string>>();

/**
 * The provider configurations of a module that something uses, which Terraform configures: those its resources and data
 * sources name, and those its calls give modules that use them. A module not analyzed may use any it is given.
 */
function usedProviders(node: ModuleNode): Set<string> {
  let used = usedProvidersByNode.get(node);
  if (used) return used;
  usedProvidersByNode.set(node, (used = new Set()));
  for (const declaration of node.config.resources) used.add(providerOf(declaration));
  for (const [name, child] of node.children) {
    const { body } = node.config.modules.get(name) ?? {};
    if (!body) continue;
    const keys = 'skipped' in child ? [DEFAULT_PROVIDER, ...(isRecord(body.providers) ? Object.keys(body.providers) : [])] : [...usedProviders(child)].filter((key) => !child.config.providers.has(key));
    for (const key of keys) {
      const passed = providerPassed(body, key);
      if (passed !== undefined) used.add(passed);
    }
  }
  return used;
}

/**
 * The configuration a reference to a provider names, as hcl2json writes it (`"${aws.west}"` → `aws.west`), or as a
 * string names it: the JSON syntax's `"provider": "aws.west"`, and the quoted reference HCL still accepts.
 */
function providerReference(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const reference = /^\$\{\s*(.*?)\s*\}$/.exec(raw)?.[1] ?? raw;
  return isProviderName(reference) ? reference : undefined;
}

/** A key in an address; one built from the owner's symbols names the data sources Terraform reads them from. */
function keySuffix(key: Key): string {
  if (key === undefined) return '';
  if (key === UNKNOWN_KEY) return '[*]';
  return typeof key === 'number' ? `[${key}]` : `[${JSON.stringify(inTerraformTerms(displayString(key)))}]`;
}

/** Far more instances of one block than a configuration makes: a count beyond is read as not known. */
const MOST_INSTANCES = 10_000;

export function toCount(value: Value): number | Unresolved {
  if (value instanceof Unresolved) return value;
  const count = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  if (Number.isInteger(count) && count >= 0) return count;
  return new Unresolved(`type error: count must be a whole number, not ${JSON.stringify(value)}`);
}

/**
 * The keys and values a `for_each` iterates: a map by its sorted keys; for a dynamic block, a list by its indexes and a
 * set by its elements. Instances of a resource or module take a list of strings as the set Terraform demands (it
 * refuses a list there, and a list that reaches deputy as one may have been a set), and are keyed by its elements, which
 * must then be known when Terraform plans; a dynamic block makes a block of each element whatever its value, also one
 * known only after apply (`for_each = [aws_iam_role.r.arn]`). Each value keeps where the collection writes it: a
 * statement list of a map local, read as `each.value`, is located in the local. The entries are the objects `each` (or
 * a dynamic block's iterator) reads.
 */
export function collectionEntries(value: Value, of: 'instances' | 'dynamic block'): ValueObject[] | Unresolved {
  if (value instanceof Unresolved) return value;
  if (Array.isArray(value)) {
    const unknown = of === 'instances' ? value.find((item) => item instanceof Unresolved || (typeof item === 'string' && !isKnownAtPlan(item))) : undefined;
    if (unknown !== undefined) return unknown instanceof Unresolved ? unknown : new Unresolved('unknown value: an element is known only after apply');
    return value.map((item, index) => collectionEntry(value, index, of === 'instances' && typeof item === 'string' ? item : elementKey(value, item, index)));
  }
  if (isObject(value)) {
    const keys = Object.keys(value).sort();
    if (!keys.every(isKnownAtPlan)) return new Unresolved('unknown value: a key is known only after apply');
    return keys.map((key) => collectionEntry(value, key, key));
  }
  if (typeof value === 'string' && hasMarker(value)) return new Unresolved('unknown value: the collection is known only after apply');
  return new Unresolved(`type error: cannot iterate over ${value === null ? 'null' : typeof value}`);
}

/**
 * The entry at `step` of a collection, by `key`. Its value keeps where the collection writes it: a list or an object as
 * itself, and the text of a string, which has no identity to register, through the entry, which `each.value` reads.
 */
function collectionEntry(collection: Value[] | ValueObject, step: string | number, key: Value): ValueObject {
  const value = Array.isArray(collection) ? collection[step as number]! : collection[step]!;
  registerPart(collection, step, value);
  const entry: ValueObject = { key, value };
  const written = originOf(collection);
  if (written) {
    registerOrigin(entry, {
      locate: ([, ...rest]) => written.locate([step, ...rest]),
      stringOrigin: ([name, ...rest]) => (name === 'value' ? written.stringOrigin?.([step, ...rest]) : undefined),
      encodedPart: (name) => (name === 'value' ? written.encodedPart?.(step) : undefined),
    });
  }
  return entry;
}

/** The entries dynamic blocks' iterators read (not `each`): see `boundStringWrittenAt`. */
const iteratorEntries = new WeakSet<object>();

/** Static and dynamic blocks of one type, in the order they are written. */
function inSourceOrder(type: string, block: SourceBlock | undefined, statics: ValueObject[], dynamics: ValueObject[][]): ValueObject[] {
  if (!block) return [...statics, ...dynamics.flat()];
  const ordered: ValueObject[] = [];
  let staticIndex = 0;
  let dynamicIndex = 0;
  for (const child of block.blocks) {
    if (child.type === type && staticIndex < statics.length) ordered.push(statics[staticIndex++]!);
    else if (child.type === 'dynamic' && child.labels[0] === type && dynamicIndex < dynamics.length) ordered.push(...dynamics[dynamicIndex++]!);
  }
  return [...ordered, ...statics.slice(staticIndex), ...dynamics.slice(dynamicIndex).flat()];
}

/** Where the text a `file()` read gives, or a `templatefile()` read renders, is written: in the file. */
function readText({ read, lineStarts }: FileReads[number], call: 'file' | 'templatefile'): WrittenText {
  return { characters: readFileOrigin(read.file, read.text, call, lineStarts) };
}

/** The expression a `${...}` template holds when it holds one and nothing else, out of parentheses. */
function soleExpression(raw: unknown): Expr | undefined {
  if (typeof raw !== 'string' || !raw.startsWith('${') || !raw.endsWith('}')) return undefined;
  try {
    const template = parseTemplate(raw);
    const [part] = template.parts;
    if (template.parts.length !== 1 || part?.kind !== 'interpolation') return undefined;
    let expr = part.expr;
    while (expr.kind === 'parentheses') expr = expr.expr;
    return expr;
  } catch {
    return undefined;
  }
}

/**
 * The expression of an attribute, or of an entry of a list written out (`roles = ["${var.env}-ml"]`), as written
 * (hcl2json writes it in one way, as template text): in the module instance, where variables and locals have one value,
 * it is `Resource.expressionKey` and `Resource.templateText`. Not for an expression whose value differs between
 * resources or calls: `each`, `count` and `self` are the resource instance's, and `uuid()`, `timestamp()` and `bcrypt()`
 * give another value each time.
 */
function writtenExpression(body: RawBody, path: Path): string | undefined {
  const [attribute, entry, ...rest] = path;
  if (typeof attribute !== 'string' || rest.length > 0 || !Object.hasOwn(body, attribute)) return undefined;
  const written = body[attribute];
  const expression = entry === undefined ? written : Array.isArray(written) && typeof entry === 'number' ? written[entry] : undefined;
  return typeof expression !== 'string' || VARYING.test(expression) ? undefined : expression;
}

/**
 * The template text a written expression reads as (`Resource.templateText`): for one `join()` or `format()` (`%s` only)
 * of quoted text and references, the text they write, each reference as `${reference}` (`join("", ["arn:aws:iam::",
 * data.x.account_id, ":role/", var.env])` is `arn:aws:iam::${data.x.account_id}:role/${var.env}`); else the expression
 * itself, which only the same text matches.
 */
function writtenTemplateText(written: string): string {
  let template: TemplateNode;
  try {
    template = parseTemplate(written);
  } catch {
    return written;
  }
  const [only] = template.parts;
  if (template.parts.length !== 1 || only?.kind !== 'interpolation' || only.expr.kind !== 'call') return written;
  return joinedText(only.expr.name, only.expr.args, written) ?? written;
}

/** The text a `join()` or `format()` call writes, when its arguments are all quoted text and references. */
function joinedText(name: string, args: readonly Expr[], written: string): string | undefined {
  const pieces = (expressions: readonly Expr[]) => {
    const texts = expressions.map((expression) => pieceText(expression, written));
    return texts.every((text) => text !== undefined) ? (texts as string[]) : undefined;
  };
  const [first, ...rest] = args;
  const literal = first && pieceText(first, written);
  if (literal === undefined || literal.includes('${')) return undefined;
  if (name === 'join' && rest.length === 1 && rest[0]!.kind === 'tuple') return pieces(rest[0]!.items)?.join(literal);
  if (name !== 'format') return undefined;
  const values = pieces(rest);
  const verbs = literal.match(/%(?:.|$)/g) ?? [];
  if (!values || verbs.some((verb) => verb !== '%s' && verb !== '%%') || verbs.filter((verb) => verb === '%s').length !== values.length) return undefined;
  let next = 0;
  return literal.replace(/%[s%]/g, (verb) => (verb === '%%' ? '%' : values[next++]!));
}

/**
 * The template text of a parsed expression whose offsets are in `written` (`Resource.templateText`): quoted text and
 * references as `pieceText` reads them, a `join()` or `format()` of them as `joinedText` does; else undefined.
 */
export function templateTextOf(expression: Expr, written: string): string | undefined {
  return expression.kind === 'call' ? joinedText(expression.name, expression.args, written) : pieceText(expression, written);
}

/** Quoted text (without interpolations of anything but references) or a reference, as template text; else undefined. */
function pieceText(expression: Expr, written: string): string | undefined {
  if (expression.kind === 'traversal') return `\${${written.slice(expression.start, expression.end)}}`;
  if (expression.kind !== 'template') return undefined;
  let text = '';
  for (const part of expression.parts) {
    if (part.kind === 'text' && !part.value.includes('${') && !part.value.includes('%{')) text += part.value;
    else if (part.kind === 'interpolation' && part.expr.kind === 'traversal') text += `\${${written.slice(part.expr.start, part.expr.end)}}`;
    else return undefined;
  }
  return text;
}

/** An expression whose value differs between resource instances or calls (`writtenExpression`). */
export const VARYING = /\b(?:each|count|self)\.|\b(?:uuid|timestamp|bcrypt|plantimestamp)\s*\(/;

/** The owner's data sources of a module by type and provider configuration, chosen once: a fix is written for each finding in the module. */
const ownerDataSources = new WeakMap<readonly ModuleInstance[], Map<string, OwnerDataSource>>();

function moduleOwnerDataSource(instances: readonly ModuleInstance[], type: string, provider: string | undefined): OwnerDataSource {
  let byType = ownerDataSources.get(instances);
  if (!byType) ownerDataSources.set(instances, (byType = new Map()));
  const key = `${type}\u0000${provider ?? ''}`;
  let found = byType.get(key);
  if (!found) byType.set(key, (found = instances[0]!.ownerDataSource(type, instances, provider)));
  return found;
}

/**
 * The services whose principal the AWS provider's `aws_service_principal` writes with the partition's DNS suffix
 * outside the commercial partition (`s3.amazonaws.com.cn`); every other service's ends in `amazonaws.com` everywhere.
 */
const PARTITION_SUFFIXED_SERVICES = new Set(['cloudhsm', 'codedeploy', 'config', 'dms', 'ec2', 'elasticmapreduce', 'logs', 's3', 'workspaces']);

/**
 * The suffix `aws_service_principal` gives a service in a region: `amazonaws.com` in the commercial and GovCloud
 * partitions (`partitionOfRegion`); undefined elsewhere, or where the region's partition is not known.
 */
function servicePrincipalSuffix(service: string, region: Value): string | undefined {
  if (!PARTITION_SUFFIXED_SERVICES.has(service)) return 'amazonaws.com';
  const partition = partitionOfRegion(typeof region === 'string' ? region : undefined);
  return partition === 'aws' || partition === 'aws-us-gov' ? 'amazonaws.com' : undefined;
}

/**
 * The reads of an expression evaluated for one instance of a block with `count` or `for_each`, with its own
 * `count.index` or `each.key` (`WrittenReads.instanceKey`); the reads themselves for any other.
 */
function withInstanceKey(reads: WrittenReads, bindings: Record<string, Value>): WrittenReads {
  const count = bindings.count;
  const each = bindings.each;
  const index = isObject(count) ? count.index : undefined;
  const key = isObject(each) ? each.key : undefined;
  if (typeof index !== 'number' && typeof key !== 'string') return reads;
  return { ...reads, instanceKey: (root) => (root === 'count' ? (typeof index === 'number' ? index : undefined) : typeof key === 'string' ? key : undefined) };
}
