/**
 * The `.tf` blocks that declare a plan's resources, for a plan that sits in (or is given with `--tf-dir`) the
 * Terraform folder it was made from: findings then point at the configuration a reviewer edits.
 */
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { join, relative, resolve } from 'node:path';
import { readUtf8SourceText } from '../source-text.js';
import { textLocator } from '../json-text.js';
import { installedFolder, readInstalledModules, type InstalledModule } from '../terraform/installed-modules.js';
import { asList, hasMarker, isObject, refMarker, stepInto, Unresolved, valueAtPath, type BlockSuppressions, type InputError, type InputLeftOut, type OwnerDataSource, type Path, type SourceLocation, type StringOrigin, type Value, type ValueObject } from '../../src/model/index.js';
import { dataBlockSuppressions, unattachedDirectives } from '../terraform/suppressions.js';
import type { Expr, ForNode, ScopeTraversalNode, TraversalStep } from '../terraform/expression/ast.js';
import { automaticVariableFiles, isOverrideFile, isTerraformFile } from '../terraform/detect.js';
import { localAttributes, MAX_TERRAFORM_FILE_BYTES, VARIABLE_FILE_SCOPE, variableFileSource, type ModuleSource } from '../terraform/config.js';
import { JsonSource } from '../terraform/json-source.js';
import { templateTextOf, VARYING } from '../terraform/instance.js';
import { DEFAULT_PROVIDER, ownerDataSource, providerOfBlocks } from '../terraform/owner-data-sources.js';
import { containsMarker, deepEqual } from '../terraform/expression/convert.js';
import { diskFolderTree } from '../terraform/folder-tree.js';
import { eachValueUse, evaluate, fileSet, NOT_INSTANCES, openObject, hasUnknownOrder, ownKeyUse, parseExpression, passedArguments, planReferencesIn, renderTemplateFile, valueAt, type FileSetResult, type Scope, type TextRead, type Traversal } from '../terraform/expression/index.js';
import { keyRead, recordDynamicBlock } from '../terraform/dynamic-input.js';
import { collectionEntries, toCount } from '../terraform/instance.js';
import { convertToType, keepsPositions, typeConstraintOf } from '../terraform/types.js';
import { attributeExpression, attributeOrigin, bodyOrigin, dynamicIteratorName, fileReadCall, literalOf, locateInAttribute, nameReadWhole, type Origin, originOf, READS_NOTHING, readsVariableWhole, registerOrigin, registerPart, sharedValue, throughLocalsReadWhole, unwrap, valueWrittenIn, variableReadIn, withBound, writtenAsJsonValueIn, writtenAsQuoted, writtenExpression, type WrittenReads, writtenTextOrigin } from '../terraform/origins.js';
import { setOwn } from '../../src/model/objects.js';
import { fileFunctionText, terraformText } from '../terraform/hcl.js';
import { HclSource, heredocOrigin, heredocTemplateOrigin, readFileOrigin, writesBlockType, type SourceAttribute, type SourceBlock } from '../terraform/source.js';
import { modulePrefix, type ModuleStep, type ResourceAddress } from './address.js';
import { BUILT_VALUE, EACH_VALUE_REFERENCE, MAX_DEPTH, readsWholeOfModule, type EachValueWritten, type FolderReadings, type ModuleConfig, type PlanConfiguration, type PlannedInstances } from './configuration.js';

/** The module instances a plan holds, by their paths, and whether it holds an instance of a data source (`data.t.n[0]`). */
export interface PlanInstances {
  modulePaths: ReadonlyArray<readonly ModuleStep[]>;
  has(address: string): boolean;
}

export interface Declaration {
  source: HclSource | JsonSource;
  block: SourceBlock;
  /** What the plan holds for the resource: which of several blocks written for a list of blocks is an element is read from it. */
  planned?: PlannedReading;
  /** Blocks of override files (`override.tf`, `*_override.tf`) that Terraform merges into this one, in the order it does. */
  overrides?: Array<Pick<Declaration, 'source' | 'block'>>;
  /** The local value of a name as the declaring folder writes it (`Declarations.localReferences`): a `for_each` may read one. */
  readLocal?: (name: string) => WrittenLocal | undefined;
  /** The value a variable of the declaring module was planned with, where the plan shows it (the root module's): a `for_each` may read one. */
  readVariable?: (name: string) => Value | undefined;
  /** The files a `templatefile()` of the declaring folder may name (`TemplateFiles`). */
  files?: TemplateFiles;
  /** Whether the declaring folder declares a variable of a set type (`type = set(string)`): a `for_each` may read one. */
  isSetVariable?: (name: string) => boolean;
}

/**
 * What `templatefile()` reads beside a plan: `path.module` of the declaring folder, and a file by its path as Terraform
 * takes it (relative to the root module's folder), when it lies inside the scanned folders and is not too large.
 */
export interface TemplateFiles {
  modulePath: string;
  read(path: string): TextRead | undefined;
  /** What `fileset(path, pattern)` gives, its path as Terraform takes it, listing only inside the scanned folders. */
  fileSet?(path: string, pattern: string): FileSetResult;
}

/** Where a local value is written, as Terraform merges a folder's files. */
export interface WrittenLocal {
  source: HclSource | JsonSource;
  attribute: SourceAttribute;
}

export interface PlannedReading {
  values(): Value;
  /** A text the declaration writes as the planned values would hold it (deputy reads them: the owner's account as a symbol). */
  readText(text: string): Value;
  /** The value a variable of the declaration's module was planned with, when the plan shows it (root variables). */
  variable(name: string): Value | undefined;
  /**
   * The scope the declaration's module instance evaluates its expressions in from its `.tf` files and the root variables
   * the plan holds alone (`Declarations.writtenScope`): a text rendered with it is located in where it is written only
   * where it is the document the plan planned.
   */
  writtenScope?(): Scope | undefined;
  /**
   * Whether the block of the declaration's module that declares `base` (`aws_iam_role.x`, `data.t.n`) makes no instance
   * by a `count` or `for_each` the plan's configuration does not record (`Declarations.instancesUnrecorded`).
   */
  noInstancesWritten?(base: string): 'count' | 'for_each' | undefined;
  /** An input of the declaration's module instance as its call writes it in the caller's folder (`Declarations.writtenInput`). */
  writtenInput?(name: string): WrittenInput | undefined;
}

/**
 * A module instance's input as the call in the calling instance's folder writes it, to be evaluated there: with the
 * caller's written scope (`Declarations.writtenScope`, `each`/`count` of the instance bound) and local values, and the
 * caller's own inputs so in turn.
 */
export interface WrittenInput {
  /** The call's argument. */
  written: { source: HclSource | JsonSource; attribute: SourceAttribute };
  expression: Expr;
  /** The text `expression` is parsed from, where its positions are in it (`expressionText`). */
  text: string | undefined;
  scope: Scope;
  readLocal: NonNullable<Declaration['readLocal']>;
  /** The calling module instance, whose resources the expression reads. */
  caller: readonly ModuleStep[];
  input: (name: string) => WrittenInput | undefined;
}

export interface TerraformFolder {
  /** Absolute path of the root module's folder. */
  absolute: string;
  /** The same folder as shown in output. */
  display: string;
  /** Whether the scan analyzes the folder's `.tf` files when the plan was not made from them. */
  scanned?: boolean;
}

export class Declarations implements FolderReadings {
  /** The declarations of each module folder read. */
  private readonly folders = new Map<string, FolderDeclarations>();
  /** The template files read, by absolute path (undefined: not read). */
  private readonly templates = new Map<string, TextRead | undefined>();
  /** The variables each module folder declares with a set type. */
  private readonly setTyped = new Map<string, ReadonlySet<string>>();
  /** The local values each module folder writes in HCL, by name. */
  private readonly locals = new Map<string, Map<string, WrittenLocal | null>>();
  /** The Terraform files of each module folder read. */
  private readonly read = new Map<string, Array<HclSource | JsonSource>>();
  /** Why Terraform refuses the files of a folder it reads that `read` leaves out (`terraformText`), by folder. */
  private readonly refused = new Map<string, InputError[]>();
  /** The folder of each module path, by its call names: the instances of a module call share it. */
  private readonly directories = new Map<string, string | undefined>();
  /** The same, by the module path itself: the resources of one instance share their path (plannedResources). */
  private readonly directoryOfPath = new WeakMap<readonly ModuleStep[], string | undefined>();
  /** Module folders outside the scanned folders, which are not read. */
  private readonly outside = new Set<string>();
  /** The module folders found through the manifest. */
  private readonly installedDirectories = new Set<string>();
  /** `ownerDataSource`, by file and type. */
  private readonly ownerDataSources = new Map<string, OwnerDataSource>();
  /**
   * `moduleInput`'s answers, by module instance, input, depth and `readsAll`: an input read by several of the caller's
   * inputs or locals (`coalesce(var.a, var.b)` down a chain of modules) is evaluated once, not once per path to it.
   */
  private readonly moduleInputs = new Map<string, ModuleInput | null>();
  /** The folders `terraform init` installed modules in, by module path (`a.b`), once one is looked for. */
  private installed?: ReadonlyMap<string, InstalledModule>;
  /** The root folder's automatic variable files (`assignedInFolder`), once one is looked in. */
  private variableFiles?: ModuleSource[];

  constructor(
    private readonly folder: TerraformFolder,
    private readonly configuration: PlanConfiguration,
    /** Whether a real path may be read (it lies inside a scanned root). */
    private readonly readable: (real: string) => boolean,
    /** Where the plan writes the value of a root variable (`variables.<name>.value`), as an assignment. */
    private readonly plannedVariable: (name: string) => WrittenLocal | undefined,
    /** The values of a data source instance the plan read at plan time (its `prior_state`), by address. */
    private readonly readData: (address: string) => Value | undefined,
  ) {}

  /** The declaration of a resource, shared by all its instances. */
  find(address: ResourceAddress): Declaration | undefined {
    const directory = this.directoryOf(address.modules);
    if (directory === undefined) return undefined;
    return this.declarations(directory)[address.mode === 'data' ? 'data' : 'resource'].get(address.type)?.get(address.name);
  }

  /**
   * The data sources of a type the folder whose `.tf` file is `file` (as shown) declares, for a fix written there
   * (`Resource.ownerDataSource`) about `role`: those of the role's provider configuration, as that folder names it; one
   * with a `count` where the plan holds its `[0]` in every instance of the folder's module it holds. Undefined for a
   * file of no folder read, or where the folder's name for the configuration is not known.
   */
  ownerDataSource(file: string, type: string, role: { modules: readonly ModuleStep[]; declaration: Declaration | undefined; providerKey: string | undefined }, plan: PlanInstances): OwnerDataSource | undefined {
    const directory = [...this.read].find(([, sources]) => sources.some((source) => source.file === file))?.[0];
    if (directory === undefined) return undefined;
    const provider = this.providerNamedIn(directory, role);
    const key = `${directory}\u0000${type}\u0000${provider ?? ''}`;
    let found = this.ownerDataSources.get(key);
    if (found) return found;
    const written = [...(this.declarations(directory).data.get(type) ?? [])].map(([name, declaration]) => ({ name, written: [declaration, ...(declaration.overrides ?? [])] }));
    let instances: ReadonlyArray<readonly ModuleStep[]> | undefined;
    const counted = (name: string): boolean => {
      instances ??= plan.modulePaths.filter((modules) => this.directoryOf(modules) === directory);
      return instances.length > 0 && instances.every((modules) => plan.has(`${modulePrefix(modules)}data.${type}.${name}[0]`));
    };
    this.ownerDataSources.set(key, (found = ownerDataSource(type, written, this.sources(directory).map((source) => source.body), counted, provider)));
    return found;
  }

  /**
   * The name the module of a folder gives the provider configuration a resource is created with: its own `provider`
   * argument in its own folder; in the root module's, the configuration the plan resolved (`aws.west`, the key of a root
   * module's configuration, which is its name there); in any other, the default configuration where the plan resolved
   * it to the root module's (a module reads it under that name unless a call's `providers` renames it, which the plan
   * does not show).
   */
  private providerNamedIn(directory: string, { modules, declaration, providerKey }: Parameters<Declarations['ownerDataSource']>[2]): string | undefined {
    if (declaration && directory === this.directoryOf(modules)) return providerOfBlocks([declaration, ...(declaration.overrides ?? [])]);
    if (providerKey === undefined || providerKey.includes(':')) return undefined;
    return directory === this.directoryOf([]) || providerKey === DEFAULT_PROVIDER ? providerKey : undefined;
  }

  /**
   * Whether the plan was made from another configuration than the folder's: the folder's `.tf` files declare managed
   * resources or module calls, the plan's root module configuration names some, and none of the one are the other's.
   * Data sources do not tell: unrelated configurations share `data "aws_partition" "current"`. A plan without a
   * configuration tells nothing.
   */
  madeElsewhere(): boolean {
    const { resources, calls } = this.configuration.root;
    const planned = [...resources.keys()].filter((address) => !address.startsWith('data.'));
    if (planned.length === 0 && calls.size === 0) return false;
    const declared = this.declarations(this.folder.absolute);
    const addresses = [...declared.resource].flatMap(([type, byName]) => [...byName.keys()].map((name) => `${type}.${name}`));
    if (addresses.length === 0 && declared.module.size === 0) return false;
    return !addresses.some((address) => resources.has(address)) && ![...declared.module.keys()].some((name) => calls.has(name));
  }

  /**
   * `Locator.inputLeftOutAt` of a value the module instance `modules` reads whole from its input `name`: the call that
   * leaves the input out, where each call inside it passes the caller's own input on whole.
   */
  inputLeftOut(modules: readonly ModuleStep[], name: string): InputLeftOut | undefined {
    let variable = name;
    for (let depth = modules.length; depth > 0; depth--) {
      const caller = modules.slice(0, depth - 1);
      const step = modules[depth - 1]!;
      const call = this.findCall(caller, step.name);
      if (!call) return undefined;
      const passed = writtenAttribute(call, variable);
      if (!passed) {
        const module = modules.slice(0, depth).map((each) => `module.${each.name}`).join('.');
        const scope = caller.map((each) => `module.${each.name}${each.key === undefined ? '' : `[${each.key}]`}.`).join('');
        return { call: call.source.blockLocation(call.block), input: variable, module, scope, syntax: call.source instanceof JsonSource ? 'json' : 'hcl', installed: this.installs(caller) };
      }
      const callerReads = this.writtenReads(caller);
      const read = callerReads && variableReadIn(passed.source, passed.attribute, [], instanceReads(callerReads, call, step.key));
      if (read === undefined) return undefined;
      variable = read;
    }
    return undefined;
  }

  /** The `module` block of a call in the module instance `caller`, shared by all the call's instances and all the caller's. */
  findCall(caller: readonly ModuleStep[], name: string): Declaration | undefined {
    const directory = this.directoryOf(caller);
    return directory === undefined ? undefined : this.declarations(directory).module.get(name);
  }

  /**
   * The references a local value of a module instance makes where `reference` reads it, as a plan's configuration lists
   * an expression's (the plan lists `local.x` and leaves out what the local reads): as the instance's folder writes it,
   * merged as Terraform merges locals (`writtenLocal`), and read as `passedReferences` reads it. Undefined for a local no
   * `.tf` or `.tf.json` file writes, or one whose expression does not parse.
   */
  localReferences(modules: readonly ModuleStep[], name: string, reference: string): readonly unknown[] | undefined {
    const directory = this.directoryOf(modules);
    if (directory === undefined) return undefined;
    const local = this.writtenLocal(directory, name);
    const expression = local ? attributeExpression(local.source, local.attribute) : null;
    if (!expression) return undefined;
    return passedReferences(expression, reference, referencesWritten(expression), (other) => this.writtenLocal(directory, other));
  }

  /**
   * The references of an output of a module instance where `reference` reads it (`passedReferences`), as the module's
   * folder writes it (override files merged), for those the plan lists (`listed`); `listed` where the folder does not
   * write it, or writes it with other references: it is not what the plan was made from.
   */
  outputReferences(modules: readonly ModuleStep[], name: string, listed: readonly unknown[], reference: string): readonly unknown[] {
    const directory = this.directoryOf(modules);
    const output = directory === undefined ? undefined : this.declarations(directory).output.get(name);
    return output ? writtenReferences(output, 'value', listed, reference) : listed;
  }

  /** `outputReferences` for an input of a module call, as the calling module instance's folder writes the call. */
  inputReferences(caller: readonly ModuleStep[], call: string, name: string, listed: readonly unknown[], reference: string): readonly unknown[] {
    const declaration = this.findCall(caller, call);
    return declaration ? writtenReferences(declaration, name, listed, reference) : listed;
  }

  /**
   * Where a module instance reads its local values and variables whole from (`WrittenReads`): a local in its folder; a
   * variable as the argument of the instance's call, in the calling instance's folder, else the variable's default (also
   * where `nullable = false` and the call passes null); a root variable where the value the plan holds is written
   * (`rootVariableWritten`).
   */
  writtenReads(modules: readonly ModuleStep[]): WrittenReads | undefined {
    const directory = this.directoryOf(modules);
    if (directory === undefined) return undefined;
    const reads: WrittenReads = {
      local: (name) => this.writtenLocal(directory, name),
      variable: (name) => {
        const variable = this.declarations(directory).variable.get(name);
        const typeWritten = variable && writtenAttribute(variable, 'type');
        const type = typeWritten ? { type: typeWritten } : {};
        if (modules.length === 0) {
          const written = variable && this.rootVariableWritten(variable, name, typeWritten);
          // A default, a variable file and the plan's entry hold constants: they read nothing.
          return written && { ...written, reads: READS_NOTHING, ...type };
        }
        const call = this.findCall(modules.slice(0, -1), modules.at(-1)!.name);
        if (!call) return undefined;
        const passed = writtenAttribute(call, name);
        if (passed) {
          // `nullable = false`: a null passed in means the default. The plan holds no module's inputs: only what the
          // argument is written as tells whether it is null.
          const nullPassed = variable && writesLiteral(variable, 'nullable', false) ? givesNull(passed) : false;
          if (nullPassed === undefined) return undefined;
          if (!nullPassed) {
            const callerReads = this.writtenReads(modules.slice(0, -1));
            return callerReads && { ...passed, reads: instanceReads(callerReads, call, modules.at(-1)!.key), ...type };
          }
        }
        const written = variable && writtenAttribute(variable, 'default');
        return written && { ...written, reads, ...type };
      },
      output: (call, name) => {
        const declaration = this.findCall(modules, call);
        if (!declaration || writtenAttribute(declaration, 'count') || writtenAttribute(declaration, 'for_each')) return undefined;
        const called = [...modules, { name: call }];
        const calledDirectory = this.directoryOf(called);
        const output = calledDirectory === undefined ? undefined : this.declarations(calledDirectory).output.get(name);
        const value = output && writtenAttribute(output, 'value');
        const calledReads = value && this.writtenReads(called);
        return calledReads && { ...value, reads: calledReads };
      },
    };
    return reads;
  }

  /**
   * Where the value the plan holds for a root variable is written: as `terraform plan` in the plan's folder reads it
   * unasked, the assignment of the last of its automatic variable files that sets it (`automaticVariableFiles`), else
   * the variable's default, the first that writes the value the plan holds (the default where the plan holds null and
   * `nullable = false` makes that the default); else (a `-var` or `-var-file` set it, which the plan does not name) the plan's
   * own `variables` entry, the one place the input writes it (`givenByPlan`). None where the plan holds no value for it.
   */
  private rootVariableWritten(variable: Declaration, name: string, typeWritten: WrittenLocal | undefined): (WrittenLocal & { givenByPlan?: true }) | undefined {
    const planned = this.configuration.rootVariable(name);
    if (planned === undefined) return undefined;
    // `nullable = false`: a null given means the default, and the plan holds the null given.
    if (planned === null && writesLiteral(variable, 'nullable', false)) return writtenAttribute(variable, 'default');
    const typeExpression = typeWritten && attributeExpression(typeWritten.source, typeWritten.attribute);
    const type = typeExpression ? typeConstraintOf(typeExpression) : undefined;
    const writesPlanned = (written: WrittenLocal | undefined): boolean => {
      const expression = written && attributeExpression(written.source, written.attribute);
      const value = expression ? evaluate(expression, VARIABLE_FILE_SCOPE) : undefined;
      return value !== undefined && deepEqual(type ? convertToType(value, type) : value, planned);
    };
    const inFolder = [this.assignedInFolder(name), writtenAttribute(variable, 'default')].find(writesPlanned);
    const inPlan = inFolder ? undefined : this.plannedVariable(name);
    return inFolder ?? (inPlan && { ...inPlan, givenByPlan: true as const });
  }

  /** Where the last automatic variable file of the root folder that assigns a variable assigns it (`rootVariableWritten`). */
  private assignedInFolder(name: string): WrittenLocal | undefined {
    this.variableFiles ??= this.readVariableFiles();
    for (let index = this.variableFiles.length - 1; index >= 0; index--) {
      const source = this.variableFiles[index]!;
      const attribute = source.body.attributes.findLast((candidate) => candidate.name === name);
      if (attribute) return { source, attribute };
    }
    return undefined;
  }

  /** The automatic variable files of the root folder, in the order Terraform reads them, leaving out those it refuses. */
  private readVariableFiles(): ModuleSource[] {
    let names: string[];
    try {
      names = readdirSync(this.folder.absolute);
    } catch {
      return [];
    }
    // Each file apart: one that cannot be read (a broken link) leaves the others, which a link checks against the plan's value.
    return automaticVariableFiles(names).flatMap((name) => {
      const absolute = join(this.folder.absolute, name);
      try {
        const real = this.readableFile(absolute);
        const shown = this.display(absolute);
        const readable = real === undefined ? undefined : terraformText(shown, readUtf8SourceText(real));
        return readable && 'text' in readable ? [variableFileSource(shown, readable.text)] : [];
      } catch {
        return [];
      }
    });
  }

  /**
   * Records the statement blocks of a policy document data source that a `dynamic "statement"` block made of the
   * elements of a module input, as a `.tf` scan records them (`recordDynamicBlock`): where the calling module writes
   * the input out (`trust_statements = { X = { actions = [...], principals = [...] } }`), a fix goes into the object,
   * with the keys the module reads (`statementInput`), and what the statement reads from it is located where the object
   * writes it. `blocks` are the data source's statement blocks as the plan holds them, in the order Terraform expands
   * the blocks written; `read` reads a text as they hold it. Nothing is recorded where the blocks written do not
   * account for them all, or an element is not known from the `.tf` files alone.
   */
  recordMadeStatements(address: string, modules: readonly ModuleStep[], declaration: Declaration, blocks: readonly Value[], read: (text: string) => Value): void {
    if (modules.length === 0) return;
    const { source, block } = mergedFor(declaration, 'statement');
    const written = block.blocks.filter((candidate) => writesBlockType(candidate, 'statement'));
    if (!written.some((candidate) => candidate.type === 'dynamic')) return;
    const inputs = new Map<string, ModuleInput | null>();
    const input = (name: string): ModuleInput | undefined => {
      if (!inputs.has(name)) inputs.set(name, this.moduleInput(modules, name) ?? null);
      return inputs.get(name) ?? undefined;
    };
    const made: Array<{ position: number; made: MadeStatement }> = [];
    let position = 0;
    for (const candidate of written) {
      if (candidate.type !== 'dynamic') {
        position++;
        continue;
      }
      const expanded = expandedStatements(source, candidate, input);
      if (!expanded) return;
      for (const statement of expanded) made.push({ position: position++, made: statement });
    }
    if (position !== blocks.length) return;
    for (const { position: at, made: statement } of made) {
      const planned = blocks[at];
      if (isObject(planned)) recordMadeStatement(source, planned, statement, read, `${address}#${at}`);
    }
  }

  /** Whether a module's policy document data source writes a `dynamic "statement"` block (`recordMadeStatements`). */
  makesStatements(modules: readonly ModuleStep[], declaration: Declaration): boolean {
    const { block } = mergedFor(declaration, 'statement');
    return modules.length > 0 && block.blocks.some((candidate) => candidate.type === 'dynamic' && writesBlockType(candidate, 'statement'));
  }

  /**
   * The scope an expression written in the folder of the module instance `modules` is evaluated in from the `.tf` files
   * and the root variables the plan holds alone: `var.x` as the root variable the plan holds or, in a module, the input
   * its call writes (`moduleInput`); `local.x` as the folder writes it, evaluated in this scope in turn; `path.module`.
   * Anything else is not known, and no file is read.
   */
  writtenScope(modules: readonly ModuleStep[]): Scope | undefined {
    return this.directoryOf(modules) === undefined ? undefined : this.instanceScope(modules, 0, true);
  }

  /**
   * An input of the module instance `modules` as its call writes it in the calling instance's folder (`WrittenInput`),
   * where that lists the references the plan lists for it (else the file is not the one planned); undefined for the
   * root module, an input the call does not write (in HCL or the JSON syntax), or a caller whose folder is not read.
   */
  writtenInput(modules: readonly ModuleStep[], name: string): WrittenInput | undefined {
    if (modules.length === 0) return undefined;
    const caller = modules.slice(0, -1);
    const directory = this.directoryOf(caller);
    const call = this.findCall(caller, modules.at(-1)!.name);
    const passed = call && writtenAttribute(call, name);
    const expression = passed ? attributeExpression(passed.source, passed.attribute) : null;
    const listed = expression ? this.configuration.callInputReferences(modules, name) : undefined;
    const scope = listed && listsSameReferences(referencesWritten(expression!), listed) ? this.writtenScope(caller) : undefined;
    if (directory === undefined || !passed || !expression || !scope) return undefined;
    return {
      written: passed,
      expression,
      text: expressionText(passed.source, passed.attribute),
      scope: withBinding(scope, instanceBinding(call, modules.at(-1)!.key, scope)),
      readLocal: (local) => this.writtenLocal(directory, local),
      caller,
      input: (input) => this.writtenInput(caller, input),
    };
  }

  /**
   * How the folder's block of a resource or data source (`address`) in the module instance `modules` makes no instance:
   * by its `count` or `for_each`, where the plan's configuration does not record that expression. Terraform leaves out
   * one that makes no reference and calls a function (`count = min(0, 1)`, `for_each = toset([])`), known at plan all
   * the same; it is evaluated as the `.tf` scan expands a block (`toCount`, `collectionEntries`). Undefined where the
   * block writes neither, the expression makes a reference (the plan would list it: the file is not the one planned),
   * is not known, or makes instances, which the plan holds none of: the file changed since the plan.
   */
  instancesUnrecorded(modules: readonly ModuleStep[], address: Pick<ResourceAddress, 'mode' | 'type' | 'name'>): 'count' | 'for_each' | undefined {
    const declaration = this.find({ modules, mode: address.mode, type: address.type, name: address.name });
    if (!declaration) return undefined;
    const count = writtenAttribute(declaration, 'count');
    const forEach = count ? undefined : writtenAttribute(declaration, 'for_each');
    const written = count ?? forEach;
    const expression = written && attributeExpression(written.source, written.attribute);
    if (!expression || referencesWritten(expression).length > 0) return undefined;
    const value = evaluate(expression, { resolve: () => undefined, readFile: refuseFiles });
    if (count) return toCount(value) === 0 ? 'count' : undefined;
    const entries = collectionEntries(value, 'instances');
    return Array.isArray(entries) && entries.length === 0 ? 'for_each' : undefined;
  }

  /**
   * `writtenScope`, or with `readsAll` false the scope `moduleInput` reads a module's inputs in alone (literals, and the
   * caller's own inputs known so in turn: where they are written is where a fix goes). `noteInput` is told each input read.
   */
  private instanceScope(modules: readonly ModuleStep[], depth: number, readsAll: boolean, noteInput?: (input: ModuleInput) => void): Scope {
    const directory = this.directoryOf(modules);
    const locals = new Map<string, Value>();
    const scope: Scope = {
      resolve: ([root, name, ...steps]) => {
        if (typeof name !== 'string' || depth > MAX_DEPTH) return undefined;
        if (root === 'var' && modules.length === 0) {
          const value = readsAll ? this.configuration.rootVariable(name) : undefined;
          return value === undefined ? undefined : valueAt(value, steps);
        }
        if (root === 'var') {
          const input = this.moduleInput(modules, name, depth, readsAll);
          if (input) noteInput?.(input);
          return input && valueAt(input.value, steps);
        }
        if (!readsAll || directory === undefined) return undefined;
        if (root === 'path' && name === 'module' && steps.length === 0) return relative(this.folder.absolute, directory) || '.';
        if (root === 'data') return this.dataRead(modules, name, steps);
        if (root !== 'local') return undefined;
        if (!locals.has(name)) {
          const local = this.writtenLocal(directory, name);
          const expression = local && attributeExpression(local.source, local.attribute);
          if (!expression) return undefined;
          // A local that reads itself (which Terraform refuses) is not known.
          locals.set(name, LOCAL_CYCLE);
          locals.set(name, evaluate(expression, scope));
        }
        return valueAt(locals.get(name)!, steps);
      },
      // `file()` and `templatefile()` read as the `.tf` scan reads them, where the module's folder is read.
      readFile: readsAll && directory !== undefined ? (path) => this.readTemplateFile(path) ?? refuseFiles() : refuseFiles,
    };
    return scope;
  }

  /**
   * An attribute of a data source as the plan read it (`data.<type>.<name>[key].<attribute>` in the module instance
   * `modules`): what Terraform interpolated where the `.tf` files read it (`${data.aws_caller_identity.current.account_id}`).
   * Undefined for one the plan defers to apply, or does not hold.
   */
  private dataRead(modules: readonly ModuleStep[], type: string, [name, ...rest]: ReadonlyArray<string | number>): Value | undefined {
    if (typeof name !== 'string') return undefined;
    const address = `${modulePrefix(modules)}data.${type}.${name}`;
    const whole = this.readData(address);
    if (whole !== undefined) return valueAt(whole, rest);
    const [key, ...attributes] = rest;
    const instance = key === undefined ? undefined : this.readData(`${address}[${JSON.stringify(key)}]`);
    return instance === undefined ? undefined : valueAt(instance, attributes);
  }

  /**
   * The value of a module instance's input as its caller writes it, when it is known from that alone (literals, and
   * the caller's own inputs known so in turn; with `readsAll`, anything the caller's `writtenScope` knows, and
   * `each`/`count` of the instance, `instanceBinding`), with the variable's type applied and the origin of where it is
   * written; undefined otherwise.
   */
  private moduleInput(modules: readonly ModuleStep[], name: string, depth = 0, readsAll = false): ModuleInput | undefined {
    const key = JSON.stringify([modules, name, depth, readsAll]);
    if (!this.moduleInputs.has(key)) this.moduleInputs.set(key, this.readModuleInput(modules, name, depth, readsAll) ?? null);
    return this.moduleInputs.get(key) ?? undefined;
  }

  private readModuleInput(modules: readonly ModuleStep[], name: string, depth: number, readsAll: boolean): ModuleInput | undefined {
    const directory = modules.length === 0 || depth > MAX_DEPTH ? undefined : this.directoryOf(modules);
    const written = directory === undefined ? undefined : this.writtenReads(modules)?.variable(name);
    const expression = written && attributeExpression(written.source, written.attribute);
    if (directory === undefined || !written || !expression) return undefined;
    const variable = this.declarations(directory).variable.get(name);
    const inDefault = variable !== undefined && [variable, ...(variable.overrides ?? [])].some(({ block }) => block.attributes.includes(written.attribute));
    // A caller that passes on an input of its own (`trust_statements = var.trust_statements`) passes the value its caller writes.
    let passedDefault = false;
    const caller = modules.slice(0, -1);
    const callerScope = this.instanceScope(caller, depth + 1, readsAll, (passed) => (passedDefault ||= passed.inDefault));
    const call = readsAll ? this.findCall(caller, modules.at(-1)!.name) : undefined;
    const bound = call && instanceBinding(call, modules.at(-1)!.key, callerScope);
    const argumentScope = withBinding(callerScope, bound);
    const value = evaluate(expression, { resolve: (traversal) => (inDefault ? undefined : argumentScope.resolve(traversal)), readFile: refuseFiles });
    if (containsMarker(value)) return undefined;
    const typeWritten = variable && writtenAttribute(variable, 'type');
    const typeExpression = typeWritten && attributeExpression(typeWritten.source, typeWritten.attribute);
    const type = typeExpression ? typeConstraintOf(typeExpression) : undefined;
    // A set orders and merges its elements: the position of a block says nothing of the element that made it.
    if (type && !keepsPositions(type)) return undefined;
    const converted = type ? convertToType(value, type) : value;
    // Converted to a list or an object type, the value is a copy, still where it is written.
    registerOrigin(converted, originOf(value) ?? attributeOrigin(written.source, written.attribute, written.reads));
    return { value: converted, inDefault: inDefault || passedDefault };
  }

  callEachValueWritten(caller: readonly ModuleStep[], call: string, key: string, listed: unknown): EachValueWritten | undefined {
    const declaration = this.findCall(caller, call);
    return declaration && eachValueWritten(declaration, key, listed);
  }

  callOwnKeyReading(caller: readonly ModuleStep[], call: string, input: string, listed: unknown): 'index' | 'derived' | undefined {
    const declaration = this.findCall(caller, call);
    return declaration && ownKeyReading(declaration, [input], listed);
  }

  callOwnKeyEntryRead(caller: readonly ModuleStep[], call: string, input: string, key: string | undefined, listed: readonly unknown[], instances: PlannedInstances): readonly unknown[] {
    const declaration = this.findCall(caller, call);
    return declaration ? ownKeyEntryRead(declaration, [input], key, listed, instances, () => this.writtenScope(caller)) : listed;
  }

  callEachValueReading(caller: readonly ModuleStep[], call: string, input: string): 'index' | 'derived' | undefined {
    const declaration = this.findCall(caller, call);
    return declaration && eachValueReading(declaration, [input]);
  }

  /**
   * Where a folder writes a local value, merged as Terraform merges locals: the first writing of the other files,
   * replaced by each writing of an override file in turn, in HCL or in the JSON syntax. Undefined for a local no `.tf`
   * or `.tf.json` file writes.
   */
  private writtenLocal(directory: string, name: string): WrittenLocal | undefined {
    let written = this.locals.get(directory);
    if (!written) {
      const locals = (written = new Map());
      const sources = this.sources(directory);
      const read = (source: HclSource | JsonSource, attribute: SourceAttribute) => ({ source, attribute });
      for (const source of sources.filter((item) => !isOverrideFile(item.file))) {
        for (const [name, [first]] of localAttributes(source)) if (!locals.has(name)) locals.set(name, read(source, first!));
      }
      for (const source of sources.filter((item) => isOverrideFile(item.file))) {
        for (const [name, attributes] of localAttributes(source)) if (locals.has(name)) locals.set(name, read(source, attributes.at(-1)!));
      }
      this.locals.set(directory, written);
    }
    return written.get(name) ?? undefined;
  }

  /** The variables a folder declares in HCL with a set type (`type = set(string)`), as Terraform merges override files. */
  private setVariables(directory: string): ReadonlySet<string> {
    let names = this.setTyped.get(directory);
    if (!names) {
      const typed = new Map<string, boolean>();
      const sources = this.sources(directory);
      for (const source of [...sources.filter((item) => !isOverrideFile(item.file)), ...sources.filter((item) => isOverrideFile(item.file))]) {
        for (const block of source.body.blocks) {
          const type = block.type === 'variable' && block.labels.length === 1 ? block.attributes.findLast((attribute) => attribute.name === 'type') : undefined;
          if (type) typed.set(block.labels[0]!, isSetType(source, type));
        }
      }
      names = new Set([...typed].filter(([, set]) => set).map(([name]) => name));
      this.setTyped.set(directory, names);
    }
    return names;
  }

  /** The root module's folder and those of the local modules it calls, at any depth: the folders the plan stands for. */
  moduleFolders(): string[] {
    const found = new Set<string>([this.folder.absolute]);
    const visit = (module: ModuleConfig, directory: string, depth: number): void => {
      if (depth > MAX_DEPTH) return;
      for (const call of module.calls.values()) {
        if (typeof call.source !== 'string' || !LOCAL_SOURCE.test(call.source)) continue;
        const called = resolve(directory, call.source);
        found.add(called);
        visit(call.module, called, depth + 1);
      }
    };
    visit(this.configuration.root, this.folder.absolute, 0);
    return [...found];
  }

  /**
   * `deputy:ignore` comments that no block holds or follows, in the folders the plan stands for (not in installed
   * code): errors, as the HCL scan of those folders reports them.
   */
  unattachedDirectives(): InputError[] {
    // Only folders inside the scanned ones: one outside is not read, and no notice is due unless a resource is declared there.
    return this.moduleFolders().flatMap((directory) => (this.inside(directory) ? this.sources(directory).flatMap(unattachedDirectives) : []));
  }

  /**
   * The `deputy:ignore` comments of the data blocks in the folders the plan stands for (not in installed code), which
   * cover the findings located in them as the HCL scan's do; a malformed one is an error in `errors`.
   */
  blockSuppressions(errors: InputError[]): BlockSuppressions[] {
    return this.moduleFolders().flatMap((directory) => {
      if (!this.inside(directory)) return [];
      const declared = this.declarations(directory);
      const data = [...declared.data].flatMap(([type, byName]) =>
        [...byName].flatMap(([name, declaration]) => {
          const address = `data.${type}.${name}`;
          return dataBlockSuppressions([declaration, ...(declaration.overrides ?? [])], { address, name: address, type, file: declaration.source.file }, errors) ?? [];
        }),
      );
      // A module block: findings on the objects it passes point into it.
      // A plan locates those on a statement the module's dynamic blocks make there (`BlockSuppressions.calls`).
      const modules = [...declared.module].flatMap(([name, declaration]) => {
        const block = dataBlockSuppressions([declaration, ...(declaration.overrides ?? [])], { address: `module.${name}`, name: `module.${name}`, type: 'module', file: declaration.source.file }, errors);
        return block ? [{ ...block, calls: this.callsOf(directory, name) }] : [];
      });
      return [...data, ...modules];
    });
  }

  /**
   * The calls the `module` block `name` of a folder stands for (one for each instance of a module that folder's code
   * is, by module path without instance keys), and the places in the code they run, at any depth, where a plan locates
   * a finding on a statement a `dynamic` block makes of a module input (its `for_each` reads a variable, as the `.tf`
   * scan follows it to the caller's object): each such `dynamic` block, and the header of each block holding one.
   */
  private callsOf(directory: string, name: string): { modules: string[]; spans: SourceLocation[] } {
    const modules: string[] = [];
    const folders = new Set<string>();
    const below = (module: ModuleConfig, names: readonly string[], depth: number): void => {
      const called = this.directoryOfNames(names);
      if (called !== undefined) folders.add(called);
      if (depth > MAX_DEPTH) return;
      for (const [callName, call] of module.calls) below(call.module, [...names, callName], depth + 1);
    };
    const visit = (module: ModuleConfig, names: readonly string[], depth: number): void => {
      if (depth > MAX_DEPTH) return;
      for (const [callName, call] of module.calls) {
        const path = [...names, callName];
        if (callName === name && this.directoryOfNames(names) === directory) {
          modules.push(path.map((step) => `module.${step}`).join('.'));
          below(call.module, path, depth + 1);
        }
        visit(call.module, path, depth + 1);
      }
    };
    visit(this.configuration.root, [], 0);
    const spans: SourceLocation[] = [];
    const collect = (source: HclSource | JsonSource, block: SourceBlock): boolean => {
      let holds = false;
      for (const nested of block.blocks) {
        if (nested.type === 'dynamic' && readsVariable(source, nested)) {
          spans.push(source.location(nested.start, nested.end));
          holds = true;
        } else if (collect(source, nested)) holds = true;
      }
      if (holds) spans.push(source.blockLocation(block));
      return holds;
    };
    // Folders outside the scanned ones are not read (nor told of: `outsideFolders` is about declarations looked for).
    for (const folder of folders) if (this.inside(folder)) for (const source of this.sources(folder)) for (const block of source.body.blocks) collect(source, block);
    return { modules, spans };
  }

  /** The folder of a module path given by its call names (`directoryOf`, without instance keys). */
  private directoryOfNames(names: readonly string[]): string | undefined {
    const key = names.join('.');
    if (!this.directories.has(key)) this.directories.set(key, this.moduleDirectory(names));
    return this.directories.get(key);
  }

  private inside(directory: string): boolean {
    try {
      return this.readable(realpathSync(directory));
    } catch {
      return false;
    }
  }

  /**
   * The files Terraform refuses (`terraformText`: UTF-16, or bytes that are not UTF-8 outside comments) in the folders
   * the plan stands for inside the scanned ones, each at the first such byte, as the HCL scan of those folders reports
   * them. Terraform could not have planned the folders as they are: the plan was not made from them.
   */
  refusals(): InputError[] {
    const refusals: InputError[] = [];
    for (const directory of this.moduleFolders()) {
      if (!this.inside(directory)) continue;
      this.sources(directory);
      refusals.push(...(this.refused.get(directory) ?? []));
    }
    return refusals;
  }

  /** The module folders that declarations were looked for in but that lie outside the scanned folders, as shown in output. */
  outsideFolders(): string[] {
    return [...this.outside].map((directory) => join(this.folder.display, relative(this.folder.absolute, directory)));
  }

  private directoryOf(modules: readonly ModuleStep[]): string | undefined {
    if (this.directoryOfPath.has(modules)) return this.directoryOfPath.get(modules);
    const names = modules.map((step) => step.name);
    const key = names.join('.');
    if (!this.directories.has(key)) this.directories.set(key, this.moduleDirectory(names));
    const directory = this.directories.get(key);
    this.directoryOfPath.set(modules, directory);
    return directory;
  }

  /**
   * Local module folders (`./`, `../`) in the tree; a registry or git module, and what it calls, where `terraform init`
   * installed it, as `.terraform/modules/modules.json` records it.
   */
  private moduleDirectory(names: readonly string[]): string | undefined {
    const sources = this.configuration.moduleSources(names);
    if (!sources) return undefined;
    let directory = this.folder.absolute;
    for (const source of sources) {
      if (!LOCAL_SOURCE.test(source)) {
        const installed = this.installedModule(names, sources);
        if (installed !== undefined) this.installedDirectories.add(installed);
        return installed;
      }
      directory = resolve(directory, source);
    }
    return directory;
  }

  /** Whether the module instance's code is where `terraform init` installed it (not the user's own). */
  installs(modules: readonly ModuleStep[]): boolean {
    const directory = this.directoryOf(modules);
    return directory !== undefined && this.installedDirectories.has(directory);
  }

  /**
   * For a module instance of registry or git code: the `module` block of the scanned configuration that calls that code
   * (the first call along the path that is not local), as the HCL scan relates it.
   */
  remoteCall(modules: readonly ModuleStep[]): SourceLocation | undefined {
    const names = modules.map((step) => step.name);
    const first = this.configuration.moduleSources(names)?.findIndex((source) => !LOCAL_SOURCE.test(source)) ?? -1;
    const call = first < 0 ? undefined : this.findCall(modules.slice(0, first), names[first]!);
    return call && call.source.blockLocation(call.block);
  }

  /** Where `terraform init` installed the module of a call path, each call along it from the source it has now. */
  private installedModule(names: readonly string[], sources: readonly string[]): string | undefined {
    const installed = (this.installed ??= readInstalledModules(this.folder.absolute));
    let folder: string | undefined;
    for (let length = 1; length <= names.length; length++) {
      folder = installedFolder(installed, names.slice(0, length), sources[length - 1]!);
      if (folder === undefined) return undefined;
    }
    return folder === undefined ? undefined : resolve(this.folder.absolute, folder);
  }

  /**
   * The resource, data, module and output blocks a folder declares, each with the override files' blocks
   * (`override.tf`, `*_override.tf`) that Terraform merges into it: it reads them after the others, in name order.
   */
  private declarations(directory: string): FolderDeclarations {
    let declared = this.folders.get(directory);
    if (!declared) {
      const found: FolderDeclarations = { resource: new Map(), data: new Map(), module: new Map(), output: new Map(), variable: new Map() };
      const overrides: Array<Pick<Declaration, 'source' | 'block'>> = [];
      const readLocal = (name: string) => this.writtenLocal(directory, name);
      const files: TemplateFiles = { modulePath: relative(this.folder.absolute, directory) || '.', read: (path) => this.readTemplateFile(path), fileSet: (path, pattern) => this.fileSet(path, pattern) };
      const isSetVariable = (name: string) => this.setVariables(directory).has(name);
      // The plan holds the values of the root module's variables only; a module's are set by its calls.
      const readVariable = directory === this.folder.absolute ? (name: string) => this.configuration.rootVariable(name) : undefined;
      for (const source of this.sources(directory)) {
        for (const block of source.body.blocks) {
          if ((block.type === 'module' || block.type === 'output' || block.type === 'variable') && block.labels.length === 1) {
            const named = found[block.type];
            if (isOverrideFile(source.file)) overrides.push({ source, block });
            else if (!named.has(block.labels[0]!)) named.set(block.labels[0]!, { source, block, readLocal, readVariable, files, isSetVariable });
            continue;
          }
          if ((block.type !== 'resource' && block.type !== 'data') || block.labels.length < 2) continue;
          if (isOverrideFile(source.file)) overrides.push({ source, block });
          else {
            let byName = found[block.type].get(block.labels[0]!);
            if (!byName) found[block.type].set(block.labels[0]!, (byName = new Map()));
            if (!byName.has(block.labels[1]!)) byName.set(block.labels[1]!, { source, block, readLocal, readVariable, files, isSetVariable });
          }
        }
      }
      for (const override of overrides) {
        const { type, labels } = override.block;
        const declaration = type === 'module' || type === 'output' || type === 'variable' ? found[type].get(labels[0]!) : found[type as 'resource' | 'data'].get(labels[0]!)?.get(labels[1]!);
        if (declaration) (declaration.overrides ??= []).push(override);
      }
      this.folders.set(directory, (declared = found));
    }
    return declared;
  }

  /**
   * A file `templatefile()` names, by its path relative to the root module's folder (`TemplateFiles`), read once: every
   * instance of a module renders it.
   */
  private readTemplateFile(path: string): TextRead | undefined {
    const absolute = resolve(this.folder.absolute, path);
    if (!this.templates.has(absolute)) {
      let read: TextRead | undefined;
      try {
        const readable = this.readableText(absolute);
        read = readable && { ...readable, file: this.display(absolute) };
      } catch {
        // A file Terraform could not read fails the plan; one deputy cannot leaves the text not known.
      }
      this.templates.set(absolute, read);
    }
    return this.templates.get(absolute);
  }

  /** `fileset(path, pattern)` of the root module's folder (`TemplateFiles`), listed only inside the scanned folders. */
  private fileSet(path: string, pattern: string): FileSetResult {
    return fileSet(resolve(this.folder.absolute, path), pattern, diskFolderTree(this.readable));
  }

  /**
   * A file's text as `file()`/`templatefile()` read it, where it is a file (a fifo would block the read) inside the
   * scanned folders, and no larger than a Terraform file is read in a folder; undefined where not, or where those
   * functions refuse it (`fileFunctionText`: not UTF-8), as the `.tf` scan reads it; throws what reading it throws.
   */
  private readableText(absolute: string): { text: string; byteOrderMark?: true } | undefined {
    const real = this.readableFile(absolute);
    const read = real === undefined ? undefined : fileFunctionText(absolute, readUtf8SourceText(real));
    return read && 'text' in read ? read : undefined;
  }

  /** `readableText`'s real path of a file it reads; undefined for one it does not. */
  private readableFile(absolute: string): string | undefined {
    const real = realpathSync(absolute);
    const stats = statSync(real);
    return stats.isFile() && stats.size <= MAX_TERRAFORM_FILE_BYTES && this.readable(real) ? real : undefined;
  }

  /** A path of the root module's folder as output shows it. */
  private display(absolute: string): string {
    return join(this.folder.display, relative(this.folder.absolute, absolute));
  }

  /** The Terraform files of a folder inside the scanned folders, in name order; read once. */
  private sources(directory: string): Array<HclSource | JsonSource> {
    let sources = this.read.get(directory);
    if (!sources) this.read.set(directory, (sources = this.readSources(directory)));
    return sources;
  }

  private readSources(directory: string): Array<HclSource | JsonSource> {
    const sources: Array<HclSource | JsonSource> = [];
    try {
      if (!this.readable(realpathSync(directory))) this.outside.add(directory);
      else {
        for (const name of readdirSync(directory).filter(isTerraformFile).sort()) {
          const absolute = join(directory, name);
          const real = this.readableFile(absolute);
          if (real === undefined) continue;
          const display = this.display(absolute);
          // Read as Terraform reads it: a file it refuses is told (`refusals`), not read.
          const readable = terraformText(display, readUtf8SourceText(real));
          if ('refusal' in readable) {
            const refused = this.refused.get(directory);
            if (refused) refused.push(readable.refusal);
            else this.refused.set(directory, [readable.refusal]);
          } else sources.push(name.endsWith('.json') ? new JsonSource(display, readable.text) : new HclSource(display, readable.text));
        }
      }
    } catch {
      // An unreadable module folder leaves its findings in the plan file.
    }
    return sources;
  }
}

/** A folder's resource and data blocks, by type and name, and its module calls and outputs, by name. */
interface FolderDeclarations {
  resource: Map<string, Map<string, Declaration>>;
  data: Map<string, Map<string, Declaration>>;
  module: Map<string, Declaration>;
  output: Map<string, Declaration>;
  variable: Map<string, Declaration>;
}

/**
 * The first literal a declaration writes at its top level, as its override files leave it, that is not the planned value
 * (as Terraform writes it, before deputy reads it), with the file that writes it; undefined when there is none. What
 * `lifecycle { ignore_changes }` names is not compared: the plan keeps the deployed value.
 */
export function differingAttribute(declaration: Declaration, values: Record<string, unknown>): { name: string; file: string } | undefined {
  for (const { name, literal, file } of comparedLiterals(declaration)) {
    if (values[name] !== undefined && !sameLiteral(literal, values[name] as Value)) return { name, file };
  }
  return undefined;
}

/**
 * The first top-level attribute of `names` (those that name a role, a principal, a policy) that the plan's
 * configuration lists references for (`expressions`) and that the declaration, as its override files leave it, writes
 * with references none of which the configuration lists: the folder was edited since the plan (`aws_iam_role.r` became
 * `aws_iam_role.r2`), where the plan often knows the value only after apply and no literal tells it. Undefined when there
 * is none; references are compared only where both sides have some, so a reference deputy does not list as Terraform
 * does never makes one differ alone.
 */
export function differingReference(declaration: Declaration, expressions: Record<string, unknown>, specs: ReadonlyArray<readonly string[]>): { name: string; file: string } | undefined {
  for (const steps of specs) {
    const [first, every, inner] = steps;
    if (first === undefined || !(steps.length === 1 || (steps.length === 3 && every === '*'))) continue;
    const { source, block: merged } = mergedFor(declaration, first);
    // In a block written once (`default_user_settings { execution_role = ... }`), which the configuration lists once.
    const configured = inner === undefined ? expressions : onlyElement(expressions[first]);
    const nested = merged.blocks.filter((candidate) => candidate.type === first || (candidate.type === 'dynamic' && candidate.labels[0] === first));
    const block = inner === undefined ? merged : nested.length === 1 && nested[0]!.type === first ? nested[0] : undefined;
    const name = inner ?? first;
    const listed = (configured?.[name] as { references?: unknown } | undefined)?.references;
    if (!block || !Array.isArray(listed) || listed.length === 0) continue;
    const attribute = block.attributes.findLast((candidate) => candidate.name === name);
    const expression = attribute && attributeExpression(source, attribute);
    const written = expression ? referencesWritten(expression) : [];
    if (written.length > 0 && !written.some((reference) => listed.includes(reference))) return { name: steps.filter((step) => step !== '*').join('.'), file: source.file };
  }
  return undefined;
}

/** The one element of a list the configuration writes for blocks of a type, as an object. */
function onlyElement(value: unknown): Record<string, unknown> | undefined {
  return Array.isArray(value) && value.length === 1 && typeof value[0] === 'object' && value[0] !== null ? (value[0] as Record<string, unknown>) : undefined;
}

/**
 * How the attribute a spec names (`role_arn`, `user_settings.*.execution_role`) reads the instance's own key, as
 * `ownKeyUse` tells (`derived` if any block writes it so; undefined where no block writes it in HCL or reads it): under
 * a `for_each` set, `each.value` is the own key too (`forEachListed`: what the plan lists for the `for_each`, as
 * `eachValueWritten` reads it).
 */
export function ownKeyReading(declaration: Declaration, steps: readonly string[], forEachListed: unknown): 'index' | 'derived' | undefined {
  return keyReading(ownKeyReadings, declaration, steps, (expression) => ownKeyUse(expression, writtenForEach(declaration, forEachListed)?.kind === 'set'));
}

/**
 * How a declaration's attribute a spec names reads `each.value` under a constant `for_each` map, whose values the plan
 * holds (`eachValueUse`), as `ownKeyReading` tells for the own key.
 */
export function eachValueReading(declaration: Declaration, steps: readonly string[]): 'index' | 'derived' | undefined {
  return keyReading(eachValueReadings, declaration, steps, eachValueUse);
}

type KeyReadings = WeakMap<SourceBlock, Map<string, 'index' | 'derived' | undefined>>;

function keyReading(readings: KeyReadings, declaration: Declaration, steps: readonly string[], use: (expression: Expr) => 'index' | 'derived' | 'none'): 'index' | 'derived' | undefined {
  const key = steps.join('.');
  let byAttribute = readings.get(declaration.block);
  if (!byAttribute) readings.set(declaration.block, (byAttribute = new Map()));
  if (!byAttribute.has(key)) {
    let reading: 'index' | 'derived' | undefined;
    const written = attributesAt(declaration, steps);
    for (const attribute of written?.attributes ?? []) {
      const expression = attributeExpression(written!.source, attribute);
      // An attribute that does not parse may read the key any way.
      const found = expression ? use(expression) : 'derived';
      if (found === 'derived') reading = 'derived';
      else if (found === 'index' && reading === undefined) reading = 'index';
    }
    byAttribute.set(key, reading);
  }
  return byAttribute.get(key);
}

/** `ownKeyReading` and `eachValueReading` of each declared block, by spec: each instance of a resource reads its own copy of the declaration. */
const ownKeyReadings: KeyReadings = new WeakMap();
const eachValueReadings: KeyReadings = new WeakMap();

/**
 * The references the value under an instance's key (`"train"`, as its address writes it) of the `for_each` a
 * declaration writes reads, as a plan lists an expression's (`{ train = aws_iam_role.train.arn }`): what `each.value`
 * of that instance is built from, and for a read into it (`each.value.role`) the part it reads (`writtenAt`), or
 * BUILT_VALUE where that part is a value built from what it reads (`{ train = "${aws_iam_role.train.arn}-v2" }`,
 * `isValueItself`); over a set (`toset([...])`), whose `each.value` is the key, `each.key`; over a variable of the
 * module read whole (`for_each = var.roles`), its value under the key (`var.roles["train"]`), which the module call
 * passes; over a `for` that keeps the keys of the instances it iterates (`KeptInstances`), that instance's read
 * (`aws_iam_role.exec["train"].arn`). Undefined unless `for_each` is such a set, variable, `for` or object written out,
 * each also in a local value read whole that the declaring folder writes so (`for_each = local.roles`), every key of
 * the object a literal (one computed may be any key), and the `for_each` reads
 * what the plan lists for it (`listed`, `forEachReferences`): one edited since the plan was made may hold other values.
 * The plan lists nothing a local reads: it is taken as the folder writes it, as `localReferences` takes it.
 */
export function eachValueWritten(declaration: Declaration, key: string, listed: unknown): EachValueWritten | undefined {
  const written = writtenForEach(declaration, listed);
  if (written?.kind === 'set') return readsOwnKey;
  if (written?.kind === 'input') return (read) => [`var.${written.name}[${key}]${read.slice(EACH_VALUE_REFERENCE.length)}`];
  const entry = written ? entryReads(written, key, declaration.readLocal) : undefined;
  return entry && ((read) => entry(read.slice(EACH_VALUE_REFERENCE.length)));
}

/**
 * What the entry under `key` (as an instance address writes it) of a map the `.tf` writes (`WrittenEntries`) reads, for
 * a read that takes the entry and then the steps `further` (`.arn`, as a plan writes them; `''` for the entry itself):
 * the instance of that key of a `for` that keeps them (`aws_iam_role.exec["train"].arn`), or the references of the part
 * of the entry written out that the steps take, or BUILT_VALUE; undefined where the object writes no such entry.
 */
function entryReads(written: WrittenEntries, key: string, readLocal: Declaration['readLocal']): ((further: string) => readonly string[]) | undefined {
  if (written.kind === 'instances') return 'read' in written ? (further) => [`${written.iterated}[${key}]${written.read}${further}`] : (further) => fieldReads(written, key, further, readLocal);
  const entry = written.entries.get(key);
  if (!entry) return undefined;
  return (further) => {
    const { part } = writtenAt(entry, stepsRead(`${EACH_VALUE_REFERENCE}${further}`) ?? NO_STEPS, readLocal);
    return isValueItself(part) ? referencesWritten(part) : BUILT_VALUE;
  };
}

/**
 * What the attribute a spec names reads where the declaration reads the instance's own key otherwise than as the whole
 * index of an instance (`ownKeyReading` is `derived`), as the `.tf` scan evaluates it: an entry of a local value picked
 * by the key (`role_arn = local.exec[each.key]`, `local.roles[each.key].arn`, `lookup(local.exec, each.key, "none")`,
 * `coalesce(var.role, local.exec[each.key])`, `values(local.exec)[count.index]`, `element(local.listed, count.index)`),
 * or an instance whose key is looked up or built from it (`lookup(var.roles, each.key, aws_iam_role.r[each.key].arn)`,
 * `aws_iam_role.r["${each.key}-admin"]`). Each local the attribute reads that is a map or tuple whose entries are
 * written (an object or tuple written out, or a `for` that keeps the keys of the instances it iterates,
 * `KeptInstances`) is read with its keys, those of the instances the plan holds (`instances`), and each entry, which the
 * plan knows only after apply, as a stand-in (`standInLocals`); the attribute is evaluated as the `.tf` scan evaluates
 * it, with the instance's key (as its address writes it, `"train"` or `0`), the variables of the module instance as the
 * folder and the plan give them (`variables`: `Declarations.writtenScope`, a module's inputs as its call writes them or
 * their defaults) and each instance read by a key it evaluates as a stand-in (`ownKeyScope`). Where its value is one
 * entry or instance, or a field of one, the references that reads (`aws_iam_role.exec["train"].arn`), or BUILT_VALUE
 * where the value is built from one (`entryValueReads`); where it is a value no stand-in gives (`AFTER_APPLY`), `listed`
 * without the locals; `listed` where its value is not known (a variable neither gives) or the plan lists other
 * references for it (the `.tf` edited since). Terraform lists `local.exec` and `each.key` for any read of the local by
 * a key, `aws_iam_role.r` and `each.key` for any read of the resource by one: only the `.tf` tells which it is. So is,
 * without a key, an attribute that reads no own key and a module call made with `count` or `for_each` whole
 * (`[for m in module.roles : m.arn][0]`, which the plan lists as `module.roles`: `readsModuleCallWhole`).
 */
export function ownKeyEntryRead(declaration: Declaration, steps: readonly string[], key: string | undefined, listed: readonly unknown[], instances: PlannedInstances, variables: () => Scope | undefined): readonly unknown[] {
  const spec = steps.join('.');
  let byAttribute = ownKeyEntries.get(declaration.block);
  if (!byAttribute) ownKeyEntries.set(declaration.block, (byAttribute = new Map()));
  let entry = byAttribute.get(spec);
  if (entry === undefined) byAttribute.set(spec, (entry = readOwnKeyEntry(declaration, steps)));
  if (entry === null || !listsSameReferences(entry.written, listed)) return listed;
  // The locals' keys are those of the module instance's resources: read once for each module instance, and each key.
  let read = entry.byInstance.get(instances.prefix);
  if (!read) entry.byInstance.set(instances.prefix, (read = { ...standInLocals(entry.locals, instances, declaration.readLocal), iterating: entry.iterating, variables: variables(), keyed: new Map(), wholes: new Map(), byKey: new Map() }));
  let reads = read.byKey.get(key);
  if (reads === undefined) {
    const enumerated = read.enumerations.count;
    const value = evaluate(entry.expression, ownKeyScope(read, key, instances));
    // A value read from the names of the attributes of an instance the plan does not hold (`length`, `keys`,
    // `jsonencode`, `==`, a `for` over it) is not known: its stand-in lists none. A value that no stand-in gives is one of
    // the other references listed.
    read.byKey.set(key, (reads = read.enumerations.count !== enumerated ? null : value === AFTER_APPLY ? listed.filter((reference) => typeof reference !== 'string' || !reference.startsWith('local.') || !entry.locals.has(reference.slice('local.'.length))) : entryValueReads(value, read.leaves)));
  }
  return reads ?? listed;
}

/**
 * An attribute that reads the own key otherwise than as an instance's whole index (`ownKeyEntryRead`): its expression,
 * the references it makes, the locals it reads whose entries are written, as the `.tf` writes them, by name (maybe
 * none: it may read an instance by a key built from the own key), and their stand-ins in each module instance, with
 * what the attribute reads under each key asked (null where its value is no entry).
 */
type OwnKeyEntry = {
  expression: Expr;
  written: readonly string[];
  locals: ReadonlyMap<string, OwnKeyLocal>;
  /**
   * The other `for` expressions of locals it reads (`[for m in module.roles : m.arn]`), evaluated as the attribute is,
   * so that one over a module call's or resource's instances reads their stand-ins.
   */
  iterating: ReadonlyMap<string, ForNode>;
  byInstance: Map<string, InstanceReads>;
};

/** A local `ownKeyEntryRead` reads with stand-ins: an object or tuple written out, or a `for` with the instances it keeps (`KeptInstances`). */
type OwnKeyLocal = { expression: Expr; kept?: undefined } | { expression: ForNode; kept: KeptInstances };

/**
 * What `ownKeyEntryRead` evaluates an attribute with in one module instance: the locals' stand-ins, the scope its
 * variables are read in (`Declarations.writtenScope`), the keys of the instances of each resource or data source read
 * (`PlannedInstances.keys`), the stand-ins of the module calls read with instances (`moduleRead`), and what the
 * attribute reads under each key asked.
 */
type InstanceReads = StandIns & { iterating: OwnKeyEntry['iterating']; variables: Scope | undefined; keyed: Map<string, readonly string[] | undefined>; wholes: Map<string, Value>; byKey: Map<string | undefined, readonly unknown[] | null> };

/** Locals read with stand-ins for their entries (`values`, by name), and the references each stand-in reads (`leaves`, by its text). */
type StandIns = {
  values: Record<string, Value>;
  leaves: ReadonlyMap<Value, readonly string[]>;
  /** A new stand-in of what reads `reads` (the value `stands`, or the marker it returns). */
  leaf: (reads: readonly string[], stands?: Value) => string;
  /** How many times an instance's stand-in was asked the names of its attributes (`instanceStandIn`), which it does not know. */
  enumerations: { count: number };
};

/** `readOwnKeyEntry` of each declared block, by spec; null where the spec is not one attribute the block writes. */
const ownKeyEntries = new WeakMap<SourceBlock, Map<string, OwnKeyEntry | null>>();

function readOwnKeyEntry(declaration: Declaration, steps: readonly string[]): OwnKeyEntry | null {
  const written = attributesAt(declaration, steps);
  const attribute = written?.attributes.length === 1 ? written.attributes[0]! : undefined;
  const expression = attribute && attributeExpression(written!.source, attribute);
  if (!expression) return null;
  const references = referencesWritten(expression);
  const locals = new Map<string, OwnKeyLocal>();
  const iterating = new Map<string, ForNode>();
  for (const reference of references) {
    const name = reference.startsWith('local.') ? reference.slice('local.'.length) : undefined;
    const local = name === undefined ? undefined : declaration.readLocal?.(name);
    const localExpression = local && attributeExpression(local.source, local.attribute);
    const value = localExpression && throughLocals(localExpression, declaration.readLocal);
    const kept = value?.kind === 'for' ? keptInstances(value) : null;
    if (value?.kind === 'object' || value?.kind === 'tuple') locals.set(name!, { expression: value });
    else if (value?.kind === 'for' && kept) locals.set(name!, { expression: value, kept });
    else if (value?.kind === 'for') iterating.set(name!, value);
  }
  return { expression, written: references, locals, iterating, byInstance: new Map() };
}

/**
 * The locals with stand-ins for what is known only after apply: an object or tuple written out as it is written, each
 * value that is no object or tuple written out a stand-in of the references it reads (or BUILT_VALUE: `entryReads`); a
 * `for` that keeps the instances' keys (`KeptInstances`) as an object of the instances the plan holds under their keys,
 * its `if` evaluated with each key (one that reads what is not known leaves the local not known), each value the
 * stand-in of the instance's read, or an object of them. A stand-in is a reference marker, which the `.tf` scan's
 * functions pass on as the text it stands for.
 */
function standInLocals(locals: ReadonlyMap<string, OwnKeyLocal>, instances: PlannedInstances, readLocal: Declaration['readLocal']): StandIns {
  const leaves = new Map<Value, readonly string[]>();
  const leaf = (reads: readonly string[], stands?: Value): string => {
    const marker = refMarker(`${STAND_IN}${leaves.size}`);
    leaves.set(stands ?? marker, reads);
    return marker;
  };
  const enumerations = { count: 0 };
  const values: Record<string, Value> = {};
  // The `for`'s kept instances were read with the attribute (`readOwnKeyEntry`), once.
  for (const [name, local] of locals) setOwn(values, name, local.kept ? keptInstancesStandIn(local.expression, local.kept, instances, leaf, enumerations) : writtenStandIn(local.expression, leaf, 0, readLocal));
  return { values, leaves, leaf, enumerations };
}

/** What no reference text holds: a stand-in's marker is told from a reference's by it. */
const STAND_IN = '\u0001';

/** `standInLocals` of a local written out, and of its items in turn (an item that reads a local whole, as the folder writes that). */
function writtenStandIn(expression: Expr, leaf: (reads: readonly string[]) => string, depth: number, readLocal: Declaration['readLocal']): Value {
  const node = unwrap(expression, false);
  const written = depth > 0 && depth < MAX_DEPTH ? throughLocals(node, readLocal) : node;
  if (written?.kind === 'tuple') return written.items.map((item) => writtenStandIn(item, leaf, depth + 1, readLocal));
  if (written?.kind === 'object' && written.items.every((item) => typeof literalOf(item.key) === 'string' || typeof literalOf(item.key) === 'number')) {
    const object: Record<string, Value> = {};
    for (const item of written.items) setOwn(object, String(literalOf(item.key)), writtenStandIn(item.value, leaf, depth + 1, readLocal));
    return object;
  }
  // A text or number written out is known when planning: read as a key (`local.teams[count.index]`), it is that key.
  const literal = literalOf(node);
  if (typeof literal === 'string' || typeof literal === 'number') return literal;
  return leaf(isValueItself(node) ? referencesWritten(node) : BUILT_VALUE);
}

/** `standInLocals` of a `for` that keeps the keys of the instances it iterates (`KeptInstances`). */
function keptInstancesStandIn(node: ForNode, written: KeptInstances, instances: PlannedInstances, leaf: (reads: readonly string[], stands?: Value) => string, enumerations: StandIns['enumerations']): Value {
  const keys = instances.keys(written.iterated);
  if (!keys) return NOT_PLANNED;
  const numbered = keys.every((key) => !key.startsWith('"'));
  const object: Record<string, Value> = {};
  for (const key of keys) {
    const name = numbered ? Number(key) : (JSON.parse(key) as string);
    const kept = node.condition ? evaluate(node.condition, { resolve: ([root, ...steps]) => (root === node.keyVar && steps.length === 0 ? name : undefined), readFile: refuseFiles }) : true;
    if (typeof kept !== 'boolean') return NOT_PLANNED;
    if (!kept) continue;
    const instance = `${written.iterated}[${key}]`;
    if ('read' in written) setOwn(object, String(name), written.read === '' ? instanceStandIn(instance, instances, leaf, enumerations) : leaf([`${instance}${written.read}`]));
    else {
      const fields: Record<string, Value> = {};
      for (const item of (written.object as Extract<Expr, { kind: 'object' }>).items) setOwn(fields, String(literalOf(item.key)), leaf([`${instance}${elementRead(item.value, written.valueVar)!}`]));
      setOwn(object, String(name), fields);
    }
  }
  return object;
}

/**
 * The stand-in of an instance read whole (`k => r`): an object that has every attribute, each the stand-in of its read
 * (`aws_iam_role.exec["train"].arn`), and stands itself for the instance (a module input passed it whole). A read of
 * an attribute the resource lacks, Terraform refuses. Its names are those of the instance the plan holds (a `for` over
 * it, `[for k, v in r : v if k == "arn"]`); where the plan holds none, a listing of them is told: it lists none, the
 * value read so is not known.
 */
function instanceStandIn(instance: string, instances: PlannedInstances, leaf: (reads: readonly string[], stands?: Value) => string, enumerations: StandIns['enumerations']): Value {
  const attributes = new Map<string, string>();
  const read = (name: string): string => {
    if (!attributes.has(name)) attributes.set(name, leaf([`${instance}.${name}`]));
    return attributes.get(name)!;
  };
  const whole = openObject(read, () => {
    const names = instances.attributeNames(instance);
    if (!names) enumerations.count++;
    return names;
  });
  leaf([instance], whole);
  return whole;
}

/**
 * What a reference to a module, or a resource or data source read otherwise than `instanceRead` takes, stands for: a
 * value known only after apply, not an entry. Where the attribute's value is that (`coalesce(module.m.arn,
 * local.exec[each.key])`, the default of a `lookup` by a key the local lacks), it reads one of the references the plan
 * lists but the locals.
 */
const AFTER_APPLY = refMarker(`${STAND_IN}after apply`);

/** A local whose keys the plan does not tell: the instances it iterates are not known, or its `if` reads what is not. */
const NOT_PLANNED = sharedValue(new Unresolved('keys known only after apply'));

/**
 * The scope `ownKeyEntryRead` evaluates an attribute in: the locals with stand-ins, and the `for`s of the others it reads
 * evaluated in it (without an own key, `key` undefined), the instance's own key (`each.key` of a `for_each` instance,
 * `count.index` of a `count` one, as its address writes the key), the module instance's variables as its written scope
 * reads them, and an instance of a resource or data source read by a key the evaluation tells, or its attribute
 * (`instanceRead`), as a stand-in; a module call as `moduleRead` reads it; a resource or data source read otherwise, as
 * AFTER_APPLY; anything else is not known.
 */
function ownKeyScope(read: InstanceReads, key: string | undefined, instances: PlannedInstances): Scope {
  const own: string | number | undefined = key === undefined ? undefined : key.startsWith('"') ? (JSON.parse(key) as string) : Number(key);
  return {
    resolve: (traversal) => {
      const [root, name, ...steps] = traversal;
      if (typeof name !== 'string') return undefined;
      if (root === 'local') {
        const iterating = Object.hasOwn(read.values, name) ? undefined : read.iterating.get(name);
        if (iterating) {
          // A local reads no instance's key; one that reads itself, Terraform refuses.
          setOwn(read.values, name, NOT_PLANNED);
          read.values[name] = evaluate(iterating, ownKeyScope(read, undefined, instances));
        }
        return Object.hasOwn(read.values, name) ? valueAt(read.values[name]!, steps) : undefined;
      }
      if (root === 'var') return read.variables?.resolve(traversal);
      const isOwn = steps.length === 0 && ((root === 'each' && name === 'key' && typeof own === 'string') || (root === 'count' && name === 'index' && typeof own === 'number'));
      if (isOwn) return own;
      if (typeof root !== 'string' || NOT_INSTANCES.has(root)) return undefined;
      if (root === 'module') return moduleRead(`module.${name}`, steps, read, instances);
      // A data source's name is the step after its type.
      const label = root === 'data' ? steps[0] : undefined;
      if (root === 'data' && typeof label !== 'string') return AFTER_APPLY;
      const base = root === 'data' ? `data.${name}.${label}` : `${root}.${name}`;
      const found = instanceRead(base, root === 'data' ? steps.slice(1) : steps, keysOf(base, read, instances));
      if (!found) return AFTER_APPLY;
      return found.attribute === undefined ? instanceStandIn(found.instance, instances, read.leaf, read.enumerations) : read.leaf([`${found.instance}.${found.attribute}`]);
    },
    readFile: refuseFiles,
  };
}

/** The keys of the instances the plan holds of a resource, data source or module call (`PlannedInstances.keys`), once for the instance's reads. */
function keysOf(base: string, read: InstanceReads, instances: PlannedInstances): readonly string[] | undefined {
  if (!read.keyed.has(base)) read.keyed.set(base, instances.keys(base));
  return read.keyed.get(base);
}

/**
 * What a read of a module call evaluates to in `ownKeyScope`. A call made with `count` or `for_each` (its instances'
 * keys those the plan holds) is read as Terraform reads it: read whole, a tuple or object of its instances, each the
 * stand-in of the instance (`instanceStandIn`: `[for m in module.roles : m.arn]` reads `module.roles["a"].arn` and
 * `module.roles["b"].arn`, in Terraform's order); read by a key, that instance, or one of its outputs and maybe an entry of
 * that and an attribute of the entry (`module.roles[count.index].arns["train"]`, as a plan writes a read of keys written
 * out, `module.roles[0].arns["train"]`); by a key it does not make, Terraform's error. A call without instances: its
 * output read by a key (`outputEntryRead`). Anything else, a value known only after apply (AFTER_APPLY).
 */
function moduleRead(call: string, steps: readonly (string | number)[], read: InstanceReads, instances: PlannedInstances): Value {
  const keys = keysOf(call, read, instances);
  if (keys === undefined) return outputEntryRead(call, steps, read) ?? AFTER_APPLY;
  let whole = read.wholes.get(call);
  if (!whole) read.wholes.set(call, (whole = instancesStandIn(call, keys, instances, read.leaf, read.enumerations)));
  if (steps.length === 0) return whole;
  const [key, ...further] = steps;
  const instance = valueAt(whole, [key!]);
  if (instance instanceof Unresolved || further.length === 0) return instance;
  return outputEntryRead(`${call}[${JSON.stringify(key)}]`, further, read) ?? (further.length === 1 ? valueAt(instance, further) : AFTER_APPLY);
}

/**
 * The stand-in of a module call read whole whose instances the plan holds under `keys` (as their addresses write them):
 * a tuple of the instances' stand-ins (`instanceStandIn`) by index for `count`, an object of them by key for `for_each`.
 */
function instancesStandIn(base: string, keys: readonly string[], instances: PlannedInstances, leaf: StandIns['leaf'], enumerations: StandIns['enumerations']): Value {
  const standIn = (key: string): Value => instanceStandIn(`${base}[${key}]`, instances, leaf, enumerations);
  if (keys.every((key) => !key.startsWith('"'))) return [...keys].sort((a, b) => Number(a) - Number(b)).map(standIn);
  const object: Record<string, Value> = {};
  for (const key of keys) setOwn(object, JSON.parse(key) as string, standIn(key));
  return object;
}

/**
 * The stand-in of an output of a module call made without `count` or `for_each`, or of one instance of a call made with
 * them (`module.roles[0]`), read by a key the `.tf` scan evaluates, and maybe one attribute of that entry
 * (`module.roles.arns[var.teams[count.index]]` read as `module.roles.arns["alpha"]`,
 * `module.roles.objects[local.teams[count.index]].arn` as `module.roles.objects["alpha"].arn`), as a plan writes the read
 * of a key written out, which the output's value is read by (`passedReferences`). Undefined for any other read: an
 * output read whole, a read further in.
 */
function outputEntryRead(call: string, steps: readonly (string | number)[], read: InstanceReads): string | undefined {
  const [output, key, attribute, ...further] = steps;
  if (typeof output !== 'string' || (typeof key !== 'string' && typeof key !== 'number') || (attribute !== undefined && typeof attribute !== 'string') || further.length > 0) return undefined;
  return read.leaf([`${call}.${output}[${JSON.stringify(key)}]${attribute === undefined ? '' : `.${attribute}`}`]);
}

/**
 * The instance of a resource or data source a traversal the `.tf` scan evaluates reads (`aws_iam_role.r["train"]` for
 * `aws_iam_role.r[each.key].arn`, as a plan writes it), and the one attribute it reads of it, if any: where it makes
 * instances by keys (`keys`: those the plan holds, undefined for none), the first step is the key. Undefined for
 * anything else (the instances read whole, a read into an attribute, a block the plan holds no instance of).
 */
function instanceRead(base: string, steps: readonly (string | number)[], keys: readonly string[] | undefined): { instance: string; attribute?: string } | undefined {
  if (keys?.length === 0) return undefined;
  const [index, attribute, ...further] = keys ? steps : [undefined, ...steps];
  if ((attribute !== undefined && typeof attribute !== 'string') || further.length > 0) return undefined;
  const instance = !keys ? base : typeof index === 'string' || typeof index === 'number' ? `${base}[${JSON.stringify(index)}]` : undefined;
  return instance === undefined ? undefined : attribute === undefined ? { instance } : { instance, attribute };
}

/**
 * The references a value evaluated with stand-ins reads (`ownKeyEntryRead`): a stand-in's, those of each stand-in of
 * a collection of them (an entry that is an object of reads), BUILT_VALUE for a text built from one; null for a value
 * that is none (not known, or known without them).
 */
function entryValueReads(value: Value, leaves: ReadonlyMap<Value, readonly string[]>): readonly string[] | null {
  const stands = leaves.get(value);
  if (stands) return stands;
  if (typeof value === 'string') return hasMarker(value) ? BUILT_VALUE : null;
  if (!Array.isArray(value) && !isObject(value)) return null;
  const reads: string[] = [];
  for (const item of Object.values(value)) {
    const read = entryValueReads(item, leaves);
    if (read === BUILT_VALUE) return BUILT_VALUE;
    // A collection that also holds what is not an entry (a value known only after apply, or not known).
    if (read === null && containsMarker(item)) return null;
    if (read) reads.push(...read);
  }
  return reads.length > 0 ? reads : null;
}

/** Literal steps as a plan writes them after a reference (`.arn`, `["k"]`, `[0]`); undefined where one is computed. */
function writtenSteps(steps: readonly TraversalStep[]): string | undefined {
  let written = '';
  for (const step of steps) {
    const key = stepKey(step);
    if (typeof key === 'string') written += step.type === 'attr' ? `.${key}` : `[${JSON.stringify(key)}]`;
    else if (typeof key === 'number') written += `[${key}]`;
    else return undefined;
  }
  return written;
}

/** What `each.value` reads under a `for_each` set: the key, a string (a read into it is refused by Terraform). */
const readsOwnKey: EachValueWritten = () => OWN_KEY_REFERENCES;
const OWN_KEY_REFERENCES: readonly string[] = ['each.key'];

const NO_STEPS: readonly TraversalStep[] = [];

/**
 * A declaration's `for_each` as the `.tf` writes it: a set of strings, an object's entries by key, a variable of its
 * module read whole (`for_each = var.roles`), whose value under a key `each.value` is (`var.roles["train"]`), or a
 * `for` that keeps the keys of the instances it iterates (`KeptInstances`).
 */
type WrittenForEach = { kind: 'set' } | { kind: 'input'; name: string } | WrittenEntries;

/** `eachValueWritten`'s reading of a declaration's `for_each`, once per block; null where it is neither. */
function writtenForEach(declaration: Declaration, listed: unknown): WrittenForEach | null {
  let written = writtenForEaches.get(declaration.block);
  if (written === undefined) writtenForEaches.set(declaration.block, (written = readForEach(declaration, listed)));
  return written;
}

function readForEach(declaration: Declaration, listed: unknown): WrittenForEach | null {
  const written = attributesAt(declaration, ['for_each']);
  const attribute = written?.attributes.length === 1 ? written.attributes[0]! : undefined;
  const expression = attribute && attributeExpression(written!.source, attribute);
  if (!expression || !Array.isArray(listed) || !listsSameReferences(referencesWritten(expression), listed)) return null;
  const value = throughLocals(expression, declaration.readLocal);
  if (value && isSet(value, declaration)) return { kind: 'set' };
  const variable = value && nameReadWhole(value, 'var');
  if (variable !== undefined) return { kind: 'input', name: variable };
  return value ? writtenEntries(value) : null;
}

/**
 * A map the `.tf` writes whose entry under a key `eachValueWritten` reads: an object written out, every key a literal
 * (one computed may be any key), or a `for` that keeps the keys of the instances it iterates (`KeptInstances`).
 */
type WrittenEntries = { kind: 'object'; entries: ReadonlyMap<string, Expr> } | KeptInstances;

function writtenEntries(value: Expr): WrittenEntries | null {
  if (value.kind === 'for') return keptInstances(value);
  if (value.kind !== 'object') return null;
  const entries = new Map<string, Expr>();
  for (const item of value.items) {
    const literal = literalOf(item.key);
    // As an instance address writes the key (`["train"]`); one written twice is refused by Terraform, one computed may be any.
    const itemKey = literal === undefined || literal === null ? undefined : JSON.stringify(String(literal));
    if (itemKey === undefined || entries.has(itemKey)) return null;
    entries.set(itemKey, item.value);
  }
  return { kind: 'object', entries };
}

/**
 * A `for_each` written as a `for` expression over one resource, data source or module call of the module read whole
 * that keeps each key and gives the element or a read into it (`{ for k, r in aws_iam_role.exec : k => r.arn }`, with
 * an `if` or not): under an instance's key, each.value is the iterated instance of that key, read so
 * (`aws_iam_role.exec["a"].arn`), though the plan knows its value only after apply. `read` is the read as a plan lists
 * it (`.arn`, `["arn"]`, nothing for the element itself); for a value that is an object written out, every key a
 * literal, of such reads (`k => { arn = r.arn }`), `object` is that object and `valueVar` the element's name.
 */
type KeptInstances = { kind: 'instances'; iterated: string } & ({ read: string } | { object: Expr; valueVar: string });

/** `readForEach` of a `for` expression (`KeptInstances`); null for one that may rekey, group or build its values. */
function keptInstances(node: ForNode): KeptInstances | null {
  const collection = unwrap(node.collection, false);
  const [iterated] = collection.kind === 'traversal' ? referencesWritten(collection) : [];
  const { valueVar } = node;
  if (node.grouping || iterated === undefined || !readsWholeOfModule(iterated) || !readsVariableWhole(node.keyExpr, node.keyVar) || valueVar === undefined) return null;
  const value = unwrap(node.valueExpr, false);
  if (value.kind !== 'object') {
    const read = elementRead(value, valueVar);
    return read === undefined ? null : { kind: 'instances', iterated, read };
  }
  const fields = value.items.every((item) => literalOf(item.key) !== undefined && elementRead(item.value, valueVar) !== undefined);
  return fields ? { kind: 'instances', iterated, object: value, valueVar } : null;
}

/** The read into the `for` element `valueVar` an expression is, as a plan writes its steps (`.arn`); undefined for any other. */
function elementRead(expression: Expr, valueVar: string): string | undefined {
  const node = unwrap(expression, false);
  return node.kind === 'traversal' && node.root === valueVar ? writtenSteps(node.steps) : undefined;
}

/**
 * What the entry under `key` of a `for` that keeps the instances' keys and gives an object of reads (`KeptInstances`:
 * `k => { arn = r.arn }`) reads, followed by `further`: the instance of that key, read as the field the steps take is
 * (`.arn`: `aws_iam_role.exec["train"].arn`), each field's read for the entry itself, or BUILT_VALUE for steps into no field.
 */
function fieldReads(written: Extract<KeptInstances, { object: Expr }>, key: string, further: string, readLocal: Declaration['readLocal']): readonly string[] {
  const { part, rest } = writtenAt(written.object, stepsRead(`${EACH_VALUE_REFERENCE}${further}`) ?? NO_STEPS, readLocal);
  const parts = part.kind === 'object' && rest.length === 0 ? part.items.map((item) => item.value) : [part];
  const after = writtenSteps(rest);
  const reads = parts.map((read) => elementRead(read, written.valueVar));
  return after !== undefined && reads.every((read) => read !== undefined) ? reads.map((read) => `${written.iterated}[${key}]${read}${after}`) : BUILT_VALUE;
}

/**
 * Whether a declaration's `for_each`, as the `.tf` writes it (through locals), is a `for` expression that may give its
 * elements other keys than the collection it iterates (`{ for k, d in data.x.trust : "${k}-exec" => d }`): the plan
 * lists it with the same references as the collection read whole, but `each.value` under a key is not the
 * collection's instance of that key. A `for` that keeps each key and value (`{ for k, d in x : k => d if ... }`) does not.
 */
export function forEachRekeys(declaration: Declaration): boolean {
  const written = attributesAt(declaration, ['for_each']);
  const attribute = written?.attributes.length === 1 ? written.attributes[0]! : undefined;
  const expression = attribute && attributeExpression(written!.source, attribute);
  const value = expression && throughLocals(expression, declaration.readLocal);
  if (value?.kind !== 'for') return false;
  return value.grouping || !readsVariableWhole(value.keyExpr, value.keyVar) || !readsVariableWhole(value.valueExpr, value.valueVar);
}

/**
 * Whether a `for_each` value is a set: what a set function gives (`toset(var.names)`), a root variable read whole
 * that the plan holds as a list, which is a set, as Terraform refuses a list or tuple for `for_each` (`var.names`
 * declared `set(string)`), or a variable of a called module read whole that its folder declares with a set type. A
 * `for_each` set holds strings only, and `each.value` is each one's key.
 */
function isSet(value: Expr, { readVariable, isSetVariable }: Declaration): boolean {
  if (value.kind === 'call') return SET_FUNCTIONS.has(value.name);
  const variable = nameReadWhole(value, 'var');
  return variable !== undefined && (Array.isArray(readVariable?.(variable)) || isSetVariable?.(variable) === true);
}

/**
 * Whether a variable's type constraint is a set (`set(string)`, `set(object({...}))`); the JSON syntax writes it as a
 * string (`"set(string)"`).
 */
function isSetType(source: HclSource | JsonSource, attribute: SourceAttribute): boolean {
  const written = attributeExpression(source, attribute);
  let node = written && unwrap(written, false);
  if (node && source instanceof JsonSource) {
    const text = literalOf(node);
    try {
      node = typeof text === 'string' ? parseExpression(text) : null;
    } catch {
      node = null;
    }
  }
  return node?.kind === 'call' && node.name === 'set';
}


/** Functions whose value is a set (setproduct's is one of lists, which `for_each` refuses). */
const SET_FUNCTIONS = new Set(['toset', 'setunion', 'setintersection', 'setsubtract']);

/**
 * An expression, or where it reads a local value whole (`local.roles`), the expression `readLocal` gives for the local,
 * and so on for a local that reads another whole; undefined where a local is not known so.
 */
function throughLocals(expression: Expr, readLocal: Declaration['readLocal']): Expr | undefined {
  let node = unwrap(expression, false);
  for (let depth = 0; nameReadWhole(node, 'local') !== undefined; depth++) {
    const local = depth < MAX_DEPTH ? writtenLocalRead(node, readLocal) : undefined;
    const written = local && attributeExpression(local.source, local.attribute);
    if (!written) return undefined;
    node = unwrap(written, false);
  }
  return node;
}

/** Where the declaring folder writes the local value an expression reads whole. */
function writtenLocalRead(node: Expr, readLocal: Declaration['readLocal']): WrittenLocal | undefined {
  const name = nameReadWhole(node, 'local');
  return name === undefined ? undefined : readLocal?.(name);
}

/**
 * Whether the references an expression of the `.tf` makes are those the plan's configuration lists for it, in the same
 * order: Terraform lists them as they are written, each where it is written (as `planReferencesIn` does), so a `.tf`
 * edited since the plan to swap two values does not pass.
 */
function listsSameReferences(read: readonly string[], listed: readonly unknown[]): boolean {
  return read.length === listed.length && read.every((reference, index) => reference === listed[index]);
}

/** `writtenForEach` of each declared block; null where the block's `for_each` is none of `WrittenForEach`. */
const writtenForEaches = new WeakMap<SourceBlock, WrittenForEach | null>();

/**
 * Whether a block writes other blocks than its values hold, at its top level or in a nested block: each value of a type
 * must be written by a block, static or `dynamic`, and each static block must write one, found by value, since
 * Terraform orders a set's elements its own way; a list keeps the file's order up to its first `dynamic` block, and
 * without one has as many elements as blocks.
 * A `data "aws_iam_policy_document"` read at plan time is compared so: its statements are located in the block only
 * when they are the ones it writes, in HCL or in the JSON syntax (whose objects `JsonSource` reads as blocks too).
 */
export function writesOtherBlocks(declaration: Declaration & { planned: PlannedReading }, values: Record<string, unknown>): boolean {
  if (differingAttribute(declaration, values) !== undefined) return true;
  const { source, block, planned } = declaration;
  return !nestedBlocksHeld(source, block, values, planned, 0);
}

function nestedBlocksHeld(source: HclSource | JsonSource, block: SourceBlock, values: Record<string, unknown>, planned: PlannedReading, depth: number): boolean {
  if (depth >= MAX_DEPTH) return true;
  const byType = new Map<string, { statics: SourceBlock[]; contents: SourceBlock[]; beforeDynamic?: number }>();
  for (const nested of block.blocks) {
    if (nested.type === 'lifecycle') continue;
    const dynamic = nested.type === 'dynamic';
    const type = dynamic ? nested.labels[0] : nested.type;
    const content = dynamic ? nested.blocks.find((inner) => inner.type === 'content') : nested;
    if (type === undefined || !content) continue;
    let written = byType.get(type);
    if (!written) byType.set(type, (written = { statics: [], contents: [] }));
    if (!dynamic) written.statics.push(content);
    else {
      written.beforeDynamic ??= written.statics.length;
      written.contents.push(content);
    }
  }
  const holds = (written: SourceBlock, element: Record<string, unknown> | undefined): boolean => element !== undefined && literalsHeld(source, written, element, planned) && nestedBlocksHeld(source, written, element, planned, depth + 1);
  for (const [type, { statics, contents, beforeDynamic }] of byType) {
    const value = values[type];
    const elements = (Array.isArray(value) ? value : [value]).filter((element): element is Record<string, unknown> => isObject(element as Value));
    // Each block writes one element (a set keeps one of blocks alike), a dynamic block any number, none included.
    if (!statics.every((written) => elements.some((element) => holds(written, element)))) return false;
    if (!elements.every((element) => statics.some((written) => holds(written, element)) || contents.some((written) => holds(written, element)))) return false;
    if (contents.length === 0 && elements.length > statics.length) return false;
    if (SET_BLOCKS.has(type)) continue;
    // A list keeps the file's order up to its first dynamic block.
    if (contents.length === 0 && elements.length !== statics.length) return false;
    for (let position = 0; position < (beforeDynamic ?? statics.length); position++) if (!holds(statics[position]!, elements[position])) return false;
  }
  return true;
}

/**
 * Whether a declaration writes the attribute a spec names (`assume_role_policy`, `inline_policy.*.policy`, `role_arn`)
 * as a value built from what it reads rather than one of those values itself (`isValueItself`): a call that makes
 * another value (`replace(data.x.json, "A", "B")`), a template with text beside its interpolation
 * (`"${aws_iam_role.x.arn}-v2"`), arithmetic. Terraform lists the same references for these as for `data.x.json`.
 */
function buildsAttribute(declaration: Declaration, steps: readonly string[]): boolean {
  const written = attributesAt(declaration, steps);
  return written !== undefined && written.attributes.some((attribute) => {
    const expression = attributeExpression(written.source, attribute);
    return expression === null || !isValueItself(expression);
  });
}

/**
 * `buildsAttribute` for the attribute at a path of the planned values (`inline_policy`, 2, `policy`): the block that
 * writes it, where `walk` tells which; else every block the path's steps reach.
 */
export function buildsAttributeAt(declaration: Declaration, path: Path): boolean {
  const found = walk(declaration, path);
  if (!('attribute' in found) || found.rest.length > 0) return buildsAttribute(declaration, path.map((step) => (typeof step === 'number' ? '*' : step)));
  const expression = attributeExpression(found.source, found.attribute);
  return expression === null || !isValueItself(expression);
}

/**
 * Whether a declaration writes the attribute at a path of the planned values as a local value of its folder or a module
 * input, or a part of one, that is a value built from what it reads, where it is written or passed on whole to it
 * (`readsPassedBuilt`): `role_arn = local.exec` with `exec = "arn:aws:iam::111122223333:role/${aws_iam_role.r.name}"`;
 * `role_arn = var.role_arn`, whose call writes that in the caller's folder. Such a value is evaluated as one the
 * attribute builds itself (`evaluatedText`).
 */
export function readsBuiltValue(declaration: Declaration, path: Path): boolean {
  const found = walk(declaration, path);
  if (!('attribute' in found) || found.rest.length > 0) return false;
  const expression = attributeExpression(found.source, found.attribute);
  const node = expression && unwrap(expression, false);
  return node?.kind === 'traversal' && readsPassedBuilt(node, { readLocal: declaration.readLocal, input: declaration.planned?.writtenInput }, 0);
}

/**
 * What the names an expression reads are written as: the local values of its folder (`readLocal`) and, where it can
 * follow them, the inputs of its module instance as their call writes them (`input`, in the caller's folder).
 */
interface PassingReads {
  readLocal: Declaration['readLocal'];
  input?: ((name: string) => WrittenInput | undefined) | undefined;
}

/**
 * Whether a local value or an input a traversal reads (`local.exec`, `var.role_arn`, `local.config.role`) is, as
 * `reads` writes it, a value built from what it reads where the traversal reads it (`passedReferences` gives
 * BUILT_VALUE), or, read whole, passed on whole through local values (`throughLocals`) until it is one, or until it is
 * an input of the folder that writes it, read so in turn in the caller's folder: a local that passes on an input whole
 * (`arn = var.role_arn`) is read where the module's call writes the input, as the `.tf` scan reads it.
 */
function readsPassedBuilt(node: ScopeTraversalNode, reads: PassingReads, depth: number): boolean {
  const first = node.steps[0];
  const name = first?.type === 'attr' && depth < MAX_DEPTH ? first.name : undefined;
  const passed = name === undefined ? undefined : node.root === 'var' ? reads.input?.(name) : node.root === 'local' ? writtenLocalPassed(reads, name) : undefined;
  const reference = referencesWritten(node)[0];
  if (!passed || reference === undefined) return false;
  if (passedReferences(passed.expression, reference, referencesWritten(passed.expression), passed.readLocal) === BUILT_VALUE) return true;
  // What is read there passes on whole, or in part, another local or an input (`exec = local.arn`, `role_arn =
  // var.role_arn`, `parts = { arn = local.arn }` read as `local.parts.arn`, `config = var.config` as `local.config.arn`):
  // read so in turn, where it is written.
  const { part, rest } = writtenAt(passed.expression, node.steps.slice(1), passed.readLocal);
  const reached = unwrap(part, false);
  const on = rest.length === 0 ? throughLocals(part, passed.readLocal) : reached.kind === 'traversal' ? { ...reached, steps: [...reached.steps, ...rest] } : undefined;
  if (on?.kind === 'traversal' && (on.root === 'var' || on.root === 'local')) return readsPassedBuilt(on, passed, depth + 1);
  return on !== undefined && !isValueItself(on);
}

/** A local value of a folder as it is written, with what that folder reads (its locals, and its module instance's inputs). */
function writtenLocalPassed(reads: PassingReads, name: string): PassingReads & { expression: Expr } | undefined {
  const local = reads.readLocal?.(name);
  const expression = local && attributeExpression(local.source, local.attribute);
  return expression ? { ...reads, expression } : undefined;
}

/**
 * The references a value passed on to another expression (a local value, a module output or input) makes where
 * `reference` reads it (`local.config.role` reads `role` of `local.config`), as the `.tf` writes it (`expression`, whose
 * references are `whole`): BUILT_VALUE where what is read there (`writtenAt`) is a value built from what it reads rather
 * than one of those values itself (`isValueItself`): `local.config = { role = "${aws_iam_role.r.arn}-v2" }` is another
 * value than the role's ARN, for which Terraform lists the same references. Where the read leads into an object or
 * tuple written out (`config = { role = aws_iam_role.a.arn, other = aws_iam_role.b.arn }`), what is read is built from
 * the part reached alone; a value passed on as it is read (`config = var.config`, or such a part) is read on at the same
 * place (`var.config.role`), so that what is read is judged where it is written; any other, by `whole`.
 */
function passedReferences(expression: Expr, reference: string, whole: readonly unknown[], readLocal: Declaration['readLocal']): readonly unknown[] {
  const steps = stepsRead(reference);
  if (steps === undefined) return whole;
  const { part, rest } = writtenAt(expression, steps, readLocal);
  if (!isValueItself(part)) return BUILT_VALUE;
  const intoWritten = rest.length < steps.length;
  const readOn = unwrap(part, false);
  if ((readOn.kind !== 'for' && readOn.kind !== 'traversal') || rest.length === 0) return intoWritten ? referencesWritten(part) : whole;
  // By the expression read on and the steps left, not by what passes it on: expressions are shared by their text, and
  // a local of one text may lead elsewhere in another folder.
  const keys = rest.map(stepKey);
  if (keys.some((key) => key === undefined || key === null)) return readOn.kind === 'traversal' ? planReferencesIn({ ...readOn, steps: [...readOn.steps, ...rest] }) : whole;
  let byRest = readOnReferences.get(readOn);
  if (!byRest) readOnReferences.set(readOn, (byRest = new Map()));
  const restText = JSON.stringify(rest.map((step, index) => [step.type, keys[index]]));
  let references = byRest.get(restText);
  // The same list each time: the configuration memoizes what a list of references leads to by the list.
  if (references === undefined) {
    references = readOn.kind === 'for' ? (keptInstanceRead(readOn, rest, readLocal) ?? null) : planReferencesIn({ ...readOn, steps: [...readOn.steps, ...rest] });
    byRest.set(restText, references);
  }
  return references ?? whole;
}

/**
 * The references of a value passed on where a reference reads on into it, by the expression read on and the steps it
 * reads; null for a `for` whose entry is not one instance's (`keptInstanceRead`), which is read as what passes it on.
 */
const readOnReferences = new WeakMap<Expr, Map<string, readonly string[] | null>>();

/**
 * What a read by a key written out (`module.roles.arns["train"]`, `local.exec["train"].arn`) takes of a `for` that keeps
 * the instances' keys (`KeptInstances`: `{ for k, r in aws_iam_role.r : k => r.arn }`): the instance of that key, read
 * as the `for` reads it and then as the steps after the key do (`aws_iam_role.r["train"].arn`), as the `.tf` scan reads
 * it; the plan lists the resource read whole. Undefined for any other `for`, or a key computed.
 */
function keptInstanceRead(node: ForNode, [keyStep, ...further]: readonly TraversalStep[], readLocal: Declaration['readLocal']): readonly string[] | undefined {
  const kept = keptInstances(node);
  const key = stepKey(keyStep!);
  const after = writtenSteps(further);
  if (!kept || (typeof key !== 'string' && typeof key !== 'number') || after === undefined) return undefined;
  return entryReads(kept, JSON.stringify(String(key)), readLocal)!(after);
}

/**
 * `planReferencesIn` of an expression the `.tf` writes, made once: expressions are parsed once for each text
 * (`parseExpression`), and each is compared with the plan's lists again and again.
 */
function referencesWritten(expression: Expr): readonly string[] {
  let references = writtenReferenceLists.get(expression);
  if (!references) writtenReferenceLists.set(expression, (references = planReferencesIn(expression)));
  return references;
}

const writtenReferenceLists = new WeakMap<Expr, readonly string[]>();

/**
 * What a reference reads into the value it names (a local value, a variable, `each.value`, a module output), as the
 * steps written after the name: `local.config.role` reads `.role`, `module.m["k"].out[0]` reads `[0]`. Undefined for a
 * text that is none of these.
 */
function stepsRead(reference: string): readonly TraversalStep[] | undefined {
  let expression: Expr;
  try {
    expression = parseExpression(reference);
  } catch {
    return undefined;
  }
  if (expression.kind !== 'traversal') return undefined;
  const { root, steps } = expression;
  if (root === 'local' || root === 'var' || root === 'each') return steps.slice(1);
  return root === 'module' ? steps.slice(steps[1]?.type === 'index' ? 3 : 2) : undefined;
}

/**
 * The part of a value an expression writes that steps read into it (`stepsRead`), followed into the objects (under
 * keys written out) and tuples written out, there or in a local value read whole as the declaring folder writes it
 * (`readLocal`, as a `for_each` is read); the part reached where it can be followed no further (an object with a
 * computed key may hold any key, and any other expression anything), with the steps left to read into it.
 */
function writtenAt(expression: Expr, steps: readonly TraversalStep[], readLocal: Declaration['readLocal']): { part: Expr; rest: readonly TraversalStep[] } {
  let part = expression;
  for (let followed = 0; followed < steps.length; followed++) {
    const key = stepKey(steps[followed]!);
    const written = throughLocals(part, readLocal);
    const item = written && (typeof key === 'string' || typeof key === 'number') ? itemWritten(written, key) : undefined;
    if (item === undefined) return { part, rest: steps.slice(followed) };
    part = item;
  }
  return { part, rest: NO_STEPS };
}

/** The key a traversal step reads: an attribute's name, an index's literal (undefined for one computed). */
function stepKey(step: TraversalStep): Value | undefined {
  return step.type === 'attr' ? step.name : literalOf(step.key);
}

/**
 * What an object or tuple written out holds under a key: the last item of a key written twice, as Terraform reads the
 * object, and nothing where a key is computed (it may be this one).
 */
function itemWritten(node: Expr, key: string | number): Expr | undefined {
  if (node.kind === 'tuple') return typeof key === 'number' ? node.items[key] : undefined;
  if (node.kind !== 'object') return undefined;
  let found: Expr | undefined;
  for (const item of node.items) {
    const written = literalOf(item.key);
    if (typeof written !== 'string' && typeof written !== 'number') return undefined;
    if (String(written) === String(key)) found = item.value;
  }
  return found;
}

/**
 * The references of a value passed on that a declaration writes at a top-level attribute (an output's `value`, a module
 * call's input), where `reference` reads it (`passedReferences`), for those the plan lists (`listed`): `listed` where
 * the declaration does not write it, or writes it with other references than the plan lists (the file is not the
 * one the plan was made from).
 */
function writtenReferences(declaration: Declaration, attribute: string, listed: readonly unknown[], reference: string): readonly unknown[] {
  const written = attributesAt(declaration, [attribute]);
  const expression = written?.attributes.length === 1 ? attributeExpression(written.source, written.attributes[0]!) : null;
  return expression && listsSameReferences(referencesWritten(expression), listed) ? passedReferences(expression, reference, listed, declaration.readLocal) : listed;
}

/**
 * The references of each item of a list attribute at a path of the planned values (`roles = [aws_iam_role.a.name,
 * aws_iam_role.b.id]`, a policy document statement's `resources`: the block `walk` finds) the
 * declaration, as its override files leave it, writes as a tuple of references alone, each listed as the plan's
 * configuration lists an expression's; where the references of the whole are those the plan lists (`listed`, so the
 * folder is the one the plan was made from). The configuration lists the same references for a choice between lists
 * (`var.admin ? [a.name] : [b.name]`), a call (`setsubtract([a.name], [b.name])`) or an item built from two
 * (`[replace(a.name, b.id, "")]`): only the `.tf` tells which elements the list holds, and any other shape is undefined.
 */
export function tupleItemReferences(declaration: Declaration, path: Path, listed: readonly unknown[]): ReadonlyArray<readonly string[]> | undefined {
  const found = walk(declaration, path);
  if (!('attribute' in found) || found.rest.length > 0) return undefined;
  const expression = attributeExpression(found.source, found.attribute);
  if (!expression || !listsSameReferences(referencesWritten(expression), listed)) return undefined;
  const node = unwrap(expression, false);
  if (node.kind !== 'tuple' || node.items.length === 0) return undefined;
  const items = node.items.map((item) => unwrap(item, false));
  return items.every((item) => item.kind === 'traversal') ? items.map(referencesWritten) : undefined;
}

/**
 * The attributes a spec names in a declaration, in every block of each step (a dynamic block's content included), in
 * HCL or in the JSON syntax (whose strings `attributeExpression` reads as templates).
 */
function attributesAt(declaration: Declaration, steps: readonly string[]): { source: HclSource | JsonSource; attributes: SourceAttribute[] } | undefined {
  const names = steps.filter((step) => step !== '*');
  const { source, block } = mergedFor(declaration, names[0]);
  if (names.length === 0) return undefined;
  let blocks = [block];
  for (const name of names.slice(0, -1)) {
    blocks = blocks.flatMap((current) =>
      current.blocks.flatMap((nested) => (nested.type === name ? [nested] : nested.type === 'dynamic' && nested.labels[0] === name ? nested.blocks.filter((inner) => inner.type === 'content') : [])),
    );
  }
  const last = names.at(-1);
  return { source, attributes: blocks.flatMap((current) => current.attributes.filter((attribute) => attribute.name === last)) };
}

/**
 * Whether an expression's value is one of the values it reads as it is, or a collection of such values: a reference
 * (also as a template of that one interpolation, which Terraform gives as the value itself), a constant, a choice
 * among such values (a conditional, `coalesce`, `try`), an element of a collection of them (an index, a splat,
 * `element`, `lookup`, a `for` expression that gives its elements), or such a value converted to its own type
 * (`tostring`, `tolist`). `keyNames`: the names `for` expressions bind to keys, which are not the collection's values.
 */
function isValueItself(expression: Expr, keyNames: ReadonlySet<string> = NO_NAMES, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  const node = unwrap(expression, false);
  const itself = (inner: Expr): boolean => isValueItself(inner, keyNames, depth + 1);
  switch (node.kind) {
    case 'literal':
      return true;
    case 'template':
      return node.parts.every((part) => part.kind === 'text');
    case 'traversal':
      return !keyNames.has(node.root);
    case 'relative':
    case 'splat':
      return itself(node.source);
    case 'tuple':
      return node.items.every(itself);
    case 'object':
      return node.items.every((item) => itself(item.value));
    case 'conditional':
      return itself(node.then) && itself(node.else);
    case 'call':
      return argumentsPassedOn(node)?.every(itself) ?? false;
    case 'for': {
      const inner = node.keyVar === undefined ? keyNames : new Set([...keyNames, node.keyVar]);
      return itself(node.collection) && isValueItself(node.valueExpr, inner, depth + 1);
    }
    default:
      return false;
  }
}

const NO_NAMES: ReadonlySet<string> = new Set();

/** The arguments a call gives on as they are: the one `givenAsItIs`, else those `passedArguments` names; undefined where it passes none on. */
function argumentsPassedOn(node: Extract<Expr, { kind: 'call' }>): readonly Expr[] | undefined {
  const alone = givenAsItIs(node);
  if (alone) return [alone];
  const passed = passedArguments(node.name);
  if (passed === undefined) return undefined;
  return passed === 'all' ? node.args : node.args.filter((_, position) => passed.includes(position));
}

/**
 * The one argument a call gives as the text it is, by the literals written beside it: `format("%s", x)`, and `join` of a
 * list of one written out (`join("", [x])`), which is x whatever the separator.
 */
function givenAsItIs(node: Extract<Expr, { kind: 'call' }>): Expr | undefined {
  const [first, second] = node.args;
  if (node.args.length !== 2) return undefined;
  if (node.name === 'format') return literalOf(first!) === '%s' ? second : undefined;
  const list = node.name === 'join' ? unwrap(second!, false) : undefined;
  return list?.kind === 'tuple' && list.items.length === 1 ? list.items[0] : undefined;
}

/**
 * How a declaration writes the policy at a path: as the object of `jsonencode({...})`, a `data "aws_iam_policy_document"`'s
 * `json`, or as text (a string, a heredoc); undefined where it reads it from elsewhere (a variable, a local, `file()`).
 * A module input read whole is as its call writes it, with `reads` (`passedThroughInputs`). At a path inside the policy
 * (a statement), `json-value` where the object there is one a `.tf.json` local writes, as locating reaches it.
 */
export function writtenPolicy(declaration: Declaration, path: Path, reads?: () => WrittenReads | undefined): 'object' | 'policy-document' | 'text' | 'quoted-text' | 'json-value' | undefined {
  const found = walk(declaration, path);
  if (!('attribute' in found)) return undefined;
  const passed = passedThroughInputs(found, declaration.readLocal, reads);
  // Inside the policy, only whether a value jsonencode reads (a statement) is written in the JSON syntax is told.
  if (found.rest.length > 0) return writtenAsJsonValueIn(passed.source, passed.attribute, found.rest, passed.readLocal) ? 'json-value' : undefined;
  const expression = attributeExpression(passed.source, passed.attribute);
  if (!expression) return undefined;
  // `jsonencode(...)` of an object written out, a local's (`local.trust`), or one built (`merge(local.base, {...})`),
  // in the attribute or in a local it reads whole (`"${local.trust}"`): its statements are written where locating finds them.
  const outer = unwrap(throughLocalsReadWhole(passed, expression, passed.readLocal).written, false);
  if (outer.kind === 'call' && outer.name === 'jsonencode') return 'object';
  const written = unwrap(expression);
  // JSON text as written: a string, a heredoc, a template; a quoted string (in a local too), or a string of the JSON
  // syntax, escapes its quotes.
  const quoted = writtenAsQuoted({ source: passed.source, attribute: passed.attribute }, expression, passed.readLocal);
  if (quoted) return 'quoted-text';
  const text = unwrap(throughLocalsReadWhole(passed, written, passed.readLocal).written);
  if (text.kind === 'template' || (text.kind === 'literal' && typeof text.value === 'string')) return 'text';
  if (written.kind !== 'traversal' || written.root !== 'data') return undefined;
  const [type, , attribute] = written.steps.filter((step) => step.type === 'attr').map((step) => (step as { name: string }).name);
  // A caller's data source is not the one the plan's configuration names for the declaration (`policyDocumentOf`).
  return passed.attribute === found.attribute && type === 'aws_iam_policy_document' && attribute !== undefined && DOCUMENT_TEXTS.has(attribute) ? 'policy-document' : undefined;
}

/**
 * The attribute that writes the value an attribute reads whole from a module input (`assume_role_policy =
 * var.trust_policy`): the argument of the module instance's call (`WrittenReads.variable`), in turn so where that reads
 * its caller's input whole, with the reads of the module that writes it, as the `.tf` scan keeps the argument's origin
 * for the value (each call then writes its own policy, located and fixed there); and so a module output read whole
 * (`module.policies.partner_trust`) at the output's `value` in that module's folder. The attribute itself where it reads
 * neither whole, or it is written nowhere in the folders read; `reads`, the module instance's, asked only then.
 */
function passedThroughInputs(written: { source: HclSource | JsonSource; attribute: SourceAttribute }, readLocal: Declaration['readLocal'], reads: (() => WrittenReads | undefined) | undefined): { source: HclSource | JsonSource; attribute: SourceAttribute; readLocal: Declaration['readLocal']; reads?: () => WrittenReads | undefined } {
  let place: { source: HclSource | JsonSource; attribute: SourceAttribute; readLocal: Declaration['readLocal']; reads?: () => WrittenReads | undefined } = { ...written, readLocal, ...(reads ? { reads } : {}) };
  let current = reads;
  for (let followed = 0; current && followed < MAX_DEPTH; followed++) {
    const expression = attributeExpression(place.source, place.attribute);
    const name = expression ? nameReadWhole(expression, 'var') : undefined;
    const output = expression && name === undefined ? outputReadWhole(expression) : undefined;
    const passed = name !== undefined ? current()?.variable(name) : output ? current()?.output?.(output.call, output.name) : undefined;
    if (!passed) break;
    current = () => passed.reads;
    place = { source: passed.source, attribute: passed.attribute, readLocal: passed.reads.local, reads: current };
  }
  return place;
}

/** The call and output an expression reads whole (`module.policies.partner_trust`), not a part of one nor of an instance's. */
function outputReadWhole(expr: Expr): { call: string; name: string } | undefined {
  const node = unwrap(expr, false);
  if (node.kind !== 'traversal' || node.root !== 'module' || node.steps.length !== 2) return undefined;
  const [call, name] = node.steps;
  return call!.type === 'attr' && name!.type === 'attr' ? { call: call.name, name: name.name } : undefined;
}

/** The attributes of a `data "aws_iam_policy_document"` that hold its document as JSON text. */
export const DOCUMENT_TEXTS: ReadonlySet<string> = new Set(['json', 'minified_json']);

/**
 * Whether a declaration writes a top-level attribute, in its own block or an override's, or blocks of that type: static
 * ones, or a `dynamic` block of that type (in a `.tf.json` file too, as its source view labels it) that is not known to
 * write none: its `for_each` is not a root variable planned empty.
 */
export function writesAttribute(declaration: Declaration, name: string): boolean {
  const { source, block } = mergedFor(declaration, name);
  if (block.attributes.some((attribute) => attribute.name === name)) return true;
  const { planned } = declaration;
  return block.blocks.some((nested) => {
    if (nested.type === name) return true;
    if (nested.type !== 'dynamic' || nested.labels[0] !== name) return false;
    const forEach = nested.attributes.find((attribute) => attribute.name === 'for_each');
    const expression = forEach && source instanceof HclSource ? attributeExpression(source, forEach) : null;
    const value = expression && planned ? literalOrVariable(expression, planned.variable) : undefined;
    return !(Array.isArray(value) ? value.length === 0 : isObject(value as Value) && Object.keys(value as object).length === 0);
  });
}

/** The literals `differingAttribute` compares, read once for every instance of a declaration. */
const literalsOf = new WeakMap<Declaration, ReadonlyArray<{ name: string; literal: Value; file: string }>>();

function comparedLiterals(declaration: Declaration): ReadonlyArray<{ name: string; literal: Value; file: string }> {
  let literals = literalsOf.get(declaration);
  if (literals) return literals;
  const { source, block, overrides = [] } = declaration;
  const written = new Map<string, { source: HclSource | JsonSource; attribute: SourceAttribute }>();
  const ignored = new Set<string>();
  for (const declared of [{ source, block }, ...overrides]) {
    for (const attribute of declared.block.attributes) written.set(attribute.name, { source: declared.source, attribute });
    for (const lifecycle of declared.block.blocks) if (lifecycle.type === 'lifecycle') for (const name of ignoredChanges(declared.source, lifecycle)) ignored.add(name);
  }
  literals = ignored.has('all')
    ? []
    : [...written].flatMap(([name, { source: file, attribute }]) => {
        const expression = ignored.has(name) ? null : attributeExpression(file, attribute);
        const literal = expression ? comparableLiteral(expression) : undefined;
        return literal === undefined ? [] : [{ name, literal, file: file.file }];
      });
  literalsOf.set(declaration, literals);
  return literals;
}

/** The attributes a `lifecycle` block's `ignore_changes` names (`all` for all of them). */
function ignoredChanges(source: HclSource | JsonSource, lifecycle: SourceBlock): string[] {
  const attribute = lifecycle.attributes.find((candidate) => candidate.name === 'ignore_changes');
  const expression = attribute && attributeExpression(source, attribute);
  if (!expression) return [];
  const items = expression.kind === 'tuple' ? expression.items : [expression];
  return items.flatMap((item) => {
    const node = source instanceof JsonSource ? jsonTraversal(item) : item;
    return node?.kind === 'traversal' ? [node.root] : [];
  });
}

/** The JSON syntax writes a traversal Terraform reads as one (`ignore_changes`' `"tags"`, `"all"`) as a string of it. */
function jsonTraversal(item: Expr): Expr | undefined {
  const written = literalOf(item);
  try {
    return typeof written === 'string' ? parseExpression(written) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A literal a block writes that the plan shows as written: a scalar, or a list of them. Null is not one (Terraform
 * reads it as the attribute left out, which may have a default), nor are documents and multi-line texts, which the
 * provider may normalize before the plan shows them (`inline_policy.policy`, a heredoc).
 */
function comparableLiteral(expression: Expr, variable?: PlannedReading['variable']): Value | undefined {
  const literal = writtenLiteral(expression, variable);
  return literal !== undefined && isComparable(literal) ? literal : undefined;
}

/** Whether a literal is one `comparableLiteral` compares with the plan: a scalar (not null, a document or a multi-line text), or a list of them. */
function isComparable(literal: Value): boolean {
  const scalar = (value: Value): boolean => value !== null && !(typeof value === 'string' && /^\s*[[{]|\n/.test(value));
  return Array.isArray(literal) ? literal.every(scalar) : scalar(literal);
}

/**
 * Whether a planned block (`element`) holds every constant the plan's configuration writes for a block (its attributes'
 * `constant_value`), compared as `literalsHeld` compares a `.tf` block's literals: so a set's planned blocks are paired
 * with the configuration's, which lists them in the file's order, as `writtenBlockFor` pairs them with the `.tf`'s.
 */
export function holdsConstants(configured: Record<string, unknown>, element: Value): boolean {
  if (!isObject(element)) return false;
  for (const [name, expression] of Object.entries(configured)) {
    const constant = isObject(expression as Value) ? (expression as ValueObject).constant_value : undefined;
    if (constant !== undefined && isComparable(constant) && !sameLiteral(constant, element[name])) return false;
  }
  return true;
}

/** A scalar's text as `sameLiteral` compares it (`1` and `"1"` alike); undefined for null, a list or an object. */
function scalarText(value: Value | undefined): string | undefined {
  return value === null || value === undefined || typeof value === 'object' ? undefined : String(value);
}

/** `scalarText` of a written literal, its string read by `read` first (`PlannedReading.readText`). */
function writtenText(value: Value, read: (text: string) => Value): string | undefined {
  return scalarText(typeof value === 'string' ? read(value) : value);
}

/**
 * Whether a written literal is the planned value, its strings read by `read` first: scalars by their text, an empty
 * string as null (how a provider plans an optional one), lists as sets (Terraform writes sets in its own order, and
 * once each); an open value may be anything.
 */
function sameLiteral(literal: Value, planned: Value | undefined, read: (text: string) => Value = (text) => text): boolean {
  if (planned instanceof Unresolved || (Array.isArray(planned) && planned.some((item) => item instanceof Unresolved))) return true;
  const readText = (value: Value): string | undefined => writtenText(value, read);
  if (literal === '' && (planned === null || planned === '')) return true;
  if (!Array.isArray(literal)) return readText(literal) !== undefined && readText(literal) === scalarText(planned);
  if (!Array.isArray(planned)) return false;
  const plannedTexts = new Set(planned.map(scalarText));
  const writtenTexts = new Set(literal.map(readText));
  return plannedTexts.size === writtenTexts.size && [...writtenTexts].every((item) => plannedTexts.has(item));
}

/** Whether a `dynamic` block's `for_each` reads a variable of its module (`var.statements`, `"${var.statements}"`). */
function readsVariable(source: HclSource | JsonSource, dynamic: SourceBlock): boolean {
  const forEach = dynamic.attributes.find((attribute) => attribute.name === 'for_each');
  const expression = forEach && attributeExpression(source, forEach);
  return !!expression && referencesWritten(expression).some((reference) => reference.startsWith('var.'));
}

/**
 * The path a `file()` or `templatefile()` call reads, where it is built of literals and `path.module`/`path.root`, and
 * of what `scope` knows (the resource's own `each`/`count`: `"${each.key}.tpl"`), when given.
 */
function readFilePath(argument: Expr, files: TemplateFiles, scope?: Scope): Value | Unresolved {
  return evaluate(argument, { resolve: withPaths(files, scope), readFile: refuseFiles });
}

/** `path.module` and `path.root` of the module whose files these are, else what `scope` resolves. */
function withPaths(files: TemplateFiles, scope?: Scope): Scope['resolve'] {
  return (traversal) => {
    const [root, name] = traversal;
    if (root === 'path' && traversal.length === 2 && (name === 'module' || name === 'root')) return name === 'module' ? files.modulePath : '.';
    return scope?.resolve(traversal);
  };
}

/** A module source in the tree of the calling module (`./`, `../`). */
const LOCAL_SOURCE = /^\.\.?\//;

/**
 * The attribute a path leads to inside a declaration, with the rest of the path below it and whether a `dynamic` block's
 * content writes it; else the deepest block reached.
 */
function walk(declaration: Declaration, path: Path): { source: HclSource | JsonSource; attribute: SourceAttribute; rest: Path; inDynamic: boolean; eachShadowed: boolean; made?: MadeBlock } | { location: SourceLocation; made?: MadeBlock } {
  const { source, block } = mergedFor(declaration, path[0]);
  const { planned } = declaration;
  let current = block;
  let location = source.blockLocation(block);
  let plannedNode = planned?.values();
  let inDynamic = false;
  let eachShadowed = false;
  /** The dynamic block that writes the deepest block reached, if one does. */
  let made: MadeBlock | undefined;
  for (let index = 0; index < path.length; index++) {
    const step = path[index];
    if (typeof step !== 'string') break;
    // In the JSON syntax, a name written as objects is an attribute and blocks alike: it is walked as blocks, as the
    // .tf scan locates each block of a .tf.json file at its object.
    const writtenAsBlocks = source instanceof JsonSource && current.blocks.some((candidate) => candidate.type === step);
    const attribute = writtenAsBlocks ? undefined : current.attributes.find((candidate) => candidate.name === step);
    if (attribute) return { source, attribute, rest: path.slice(index + 1), inDynamic, eachShadowed, ...(made ? { made } : {}) };
    const next = path[index + 1];
    const written = current.blocks.filter((candidate) => writesBlockType(candidate, step));
    const elements = stepInto(plannedNode, step);
    const element = typeof next === 'number' ? stepInto(elements, next) : elements;
    const chosen = next === undefined && SET_BLOCKS.has(step) ? firstWrittenBlock(written) : writtenBlockFor(source, written, step, typeof next === 'number' ? next : 0, elements, planned);
    if (chosen.dynamic) {
      location = source.blockLocation(chosen.dynamic);
      eachShadowed ||= iteratesAsEach(source, chosen.dynamic);
    }
    // Every element a dynamic block writes is written by its content block.
    const block = chosen.block ?? chosen.dynamic?.blocks.find((nested) => nested.type === 'content');
    if (!block) break;
    inDynamic ||= chosen.block === undefined;
    current = block;
    location = source.blockLocation(current);
    plannedNode = element;
    made = chosen.block === undefined ? { dynamic: chosen.dynamic!, content: block, planned: plannedNode } : undefined;
    if (typeof next === 'number') index++;
  }
  return { location, ...(made ? { made } : {}) };
}

/** The `dynamic` block that made a nested block, its `content` block, and the nested block as the plan holds it. */
interface MadeBlock {
  dynamic: SourceBlock;
  content: SourceBlock;
  planned: Value | undefined;
}

/** The `content` block of the `dynamic` block that writes the nested block at `path` (`statement`, 0, `condition`, 1), if one does. */
export function dynamicContentAt(declaration: Declaration, path: Path): SourceBlock | undefined {
  return walk(declaration, path).made?.content;
}

/**
 * Whether a `dynamic` block names its iterator `each` (`iterator = each`, `"iterator": "each"` in the JSON syntax):
 * Terraform accepts it, and `each` in its content is then the block's iterator, not the resource's own `each`.
 */
function iteratesAsEach(source: HclSource | JsonSource, dynamic: SourceBlock): boolean {
  return dynamicIteratorName(source, dynamic) === 'each';
}

/**
 * Nested block types the AWS provider keeps as sets: it writes their blocks in its own order (by hash), never the
 * file's, so their position says nothing of which block wrote them.
 */
const SET_BLOCKS: ReadonlySet<string> = new Set(['principals', 'not_principals', 'condition', 'inline_policy']);

/** Whether the AWS provider keeps the nested blocks of a type as a set (`SET_BLOCKS`), in its own order. */
export function isSetBlock(type: string): boolean {
  return SET_BLOCKS.has(type);
}

/**
 * The blocks of a set type as a whole (a statement's `Condition`) are where the file writes the first of them, as the
 * `.tf` scan places them: the provider's first element is whichever hashes first.
 */
function firstWrittenBlock(written: readonly SourceBlock[]): { block?: SourceBlock; dynamic?: SourceBlock } {
  const first = written[0];
  return first === undefined ? {} : first.type === 'dynamic' ? { dynamic: first } : { block: first };
}

/**
 * Which of the blocks written for a list of blocks (`dynamic` ones included) stands for the element at `position` of
 * `elements`: a block to walk into, or a `dynamic` block that writes it, or neither when that is not certain.
 */
function writtenBlockFor(source: HclSource | JsonSource, written: readonly SourceBlock[], type: string, position: number, elements: Value | undefined, planned: PlannedReading | undefined): { block?: SourceBlock; dynamic?: SourceBlock } {
  const element = Array.isArray(elements) ? elements[position] : elements;
  const firstDynamic = written.findIndex((candidate) => candidate.type === 'dynamic');
  const dynamics = written.filter((candidate) => candidate.type === 'dynamic');
  if (dynamics.length === 0 && written.length === 1) return { block: written[0] };
  const held = (block: SourceBlock, value: Value | undefined): boolean => !planned || value === undefined || writesElement(source, block, value, planned);
  if (!SET_BLOCKS.has(type)) {
    // A list of blocks is written in order up to the first dynamic block; a last dynamic block writes every one after it.
    if (firstDynamic < 0 || position < firstDynamic) {
      const atPosition = written[position];
      return atPosition && held(atPosition, element) ? { block: atPosition } : {};
    }
    const lastDynamic = firstDynamic === written.length - 1 ? written[firstDynamic]! : undefined;
    const content = lastDynamic?.blocks.find((inner) => inner.type === 'content');
    if (lastDynamic) return content && held(content, element) ? { dynamic: lastDynamic } : {};
  }
  if (!planned || element === undefined) return {};
  // In a set, the written block whose literals are the element's and no other element's stands for it: the first of
  // them where several are (the provider's set holds one of identical blocks, as the .tf scan keeps the first).
  // Elements planned alike (blocks alike but for what they read, open where the same are) stand for as many written
  // blocks in the file's order, as the plan's configuration pairs them (`pairedBlockExpressions`), where no element
  // not alike may be one of them and no dynamic block writes another. Where no written block's are, the dynamic block:
  // the first of those written alike (they make the same blocks, which the set holds once), none where dynamic blocks
  // that differ may have made it.
  const matching = written.filter((candidate) => candidate.type !== 'dynamic' && writesElement(source, candidate, element, planned));
  const list = Array.isArray(elements) ? elements : [element];
  const alike = list.filter((other) => isDeepStrictEqual(other, element));
  const others = list.filter((other) => !alike.includes(other));
  if (matching.length > 0 && !others.some((other) => matching.some((candidate) => writesElement(source, candidate, other, planned)))) {
    if (alike.length === 1) return { block: matching[0] };
    return matching.length === alike.length && dynamics.length === 0 ? { block: matching[alike.indexOf(element)] } : {};
  }
  // Lists are compared as sets above (most lists a block writes are sets the plan sorts); where that leaves blocks
  // written for other elements too, a list the provider keeps in order (a condition's `values`: ["a", "b"] and
  // ["b", "a"] are two blocks) tells them apart: the one block whose lists are the element's in order, and no other's.
  const ordered = matching.filter((candidate) => listsInOrder(source, candidate, element, planned));
  if (ordered.length === 1 && alike.length === 1 && !others.some((other) => listsInOrder(source, ordered[0]!, other, planned) && writesElement(source, ordered[0]!, other, planned))) return { block: ordered[0] };
  if (matching.length > 0 || dynamics.length === 0) return {};
  const text = (block: SourceBlock): string => source.text.slice(block.start, block.end);
  return dynamics.every((dynamic) => text(dynamic) === text(dynamics[0]!)) ? { dynamic: dynamics[0] } : {};
}

/**
 * The reads of an expression of a resource's or a module call's instance, by its key as its address writes it
 * (`["a"]`, `[0]`), as the `.tf` scan reads an instance's: each.value is the entry of the block's `for_each` under the
 * key (`WrittenReads.each`), and a read indexed by the instance's own each.key or count.index reads there
 * (`WrittenReads.instanceKey`: `local.roles[each.key]`, `var.names[count.index]`). A block with neither reads as `reads`.
 */
export function instanceReads(reads: WrittenReads, declaration: Declaration, key: string | undefined): WrittenReads {
  const instance = blockInstance(declaration, key);
  if (!instance) return reads;
  if ('index' in instance) return { ...reads, instanceKey: (root) => (root === 'count' ? instance.index : undefined) };
  return { ...reads, each: () => ({ ...instance.forEach, key: instance.key }), instanceKey: (root) => (root === 'each' ? instance.key : undefined) };
}

/**
 * `scope` (a module instance's `Declarations.writtenScope`) with `each`/`count` of the instance `key` of a resource
 * declared with `for_each` or `count` (`instanceBinding`); `scope` itself for a resource with neither, or where its
 * instance is not known so (`each` is then not known).
 */
export function resourceInstanceScope(scope: Scope | undefined, declaration: Declaration, key: string | undefined): Scope | undefined {
  const bound = scope && (writtenAttribute(declaration, 'for_each') || writtenAttribute(declaration, 'count')) ? instanceBinding(declaration, key, scope) : undefined;
  return scope && withBinding(scope, bound);
}

/**
 * `scope` with the names `bound` binds (`each`, `count`: `instanceBinding`) read there first; a step of them it does not
 * bind (`each.value` of an entry not known) as `scope` reads it.
 */
function withBinding(scope: Scope, bound: Record<string, Value> | undefined): Scope {
  if (!bound) return scope;
  return {
    ...scope,
    resolve: (traversal) => {
      const [root, step] = traversal;
      const value = typeof root === 'string' && Object.hasOwn(bound, root) ? bound[root]! : undefined;
      const binds = value !== undefined && (step === undefined || (typeof step === 'string' && isObject(value) && Object.hasOwn(value, step)));
      return binds ? valueAt(value, traversal.slice(1)) : scope.resolve(traversal);
    },
  };
}

/**
 * A module call's (or a resource's) instance, by its key as its address writes it (`["a"]`, `[0]`): the call's
 * `for_each` and the key, or its index under the call's `count`. Undefined for an instance of a call with neither, or a
 * key of the other kind.
 */
function blockInstance(call: Declaration, key: string | undefined): { forEach: { source: HclSource | JsonSource; attribute: SourceAttribute }; key: string } | { index: number } | undefined {
  let parsed: unknown;
  try {
    parsed = key === undefined ? undefined : JSON.parse(key);
  } catch {
    parsed = undefined;
  }
  const forEach = typeof parsed === 'string' ? writtenAttribute(call, 'for_each') : undefined;
  if (forEach) return { forEach, key: parsed as string };
  return typeof parsed === 'number' && writtenAttribute(call, 'count') ? { index: parsed } : undefined;
}

/**
 * What `each` (or `count`) is in the arguments of a module call's (or a resource's) instance (`blockInstance`): its key
 * as its address writes it, as Terraform plans only a `for_each` whose keys it knows, whatever `callerScope` knows of
 * the values (`for_each = local.m`, `m = { for k, r in aws_iam_role.exec : k => r.arn }`); its value, the entry under
 * the key of the `for_each`, a map or an object by its keys, a set of strings by its elements (their own keys), as
 * `callerScope` evaluates it, where it is known so (else each.value is read as the scope reads it); its index under
 * `count`. Undefined for a block with neither.
 */
function instanceBinding(call: Declaration, key: string | undefined, callerScope: Scope): Record<string, Value> | undefined {
  const instance = blockInstance(call, key);
  if (!instance) return undefined;
  if ('index' in instance) return { count: { index: instance.index } };
  const expression = attributeExpression(instance.forEach.source, instance.forEach.attribute);
  const forEach = expression ? evaluate(expression, callerScope) : undefined;
  const value = isObject(forEach) ? (Object.hasOwn(forEach, instance.key) ? forEach[instance.key] : undefined) : Array.isArray(forEach) && forEach.includes(instance.key) ? instance.key : undefined;
  return { each: value === undefined || containsMarker(value) ? { key: instance.key } : { key: instance.key, value } };
}

/** How the file that writes a top-level attribute of a declaration is written (the declaration's own, when no override file writes it). */
export function declaredSyntax(declaration: Declaration, attribute: string): 'json' | 'hcl' {
  return mergedFor(declaration, attribute).source instanceof JsonSource ? 'json' : 'hcl';
}

/**
 * Where the value a declaration writes at a path is written, when the attribute there reads it whole from a local or a
 * variable (`kms_key_id = var.key_arn`): as `Origin.valueWrittenAt` tells in a `.tf` scan, with the module instance's reads.
 */
export function declaredValueWrittenAt(declaration: Declaration, path: Path, reads: WrittenReads, part?: string): SourceLocation | undefined {
  const found = walk(declaration, path);
  return 'attribute' in found ? valueWrittenIn(found.source, found.attribute, found.rest, reads, part) : undefined;
}

/** The input variable the declaration's expression reads the value at `path` from whole (`variableReadIn`), with the module instance's reads. */
export function declaredVariableReadAt(declaration: Declaration, path: Path, reads: WrittenReads): string | undefined {
  const found = walk(declaration, path);
  return 'attribute' in found ? variableReadIn(found.source, found.attribute, found.rest, reads) : undefined;
}

/** The attribute of a declaration's block, as its override files leave it. */
function writtenAttribute(declaration: Declaration, name: string): { source: HclSource | JsonSource; attribute: SourceAttribute } | undefined {
  const { source, block } = mergedFor(declaration, name);
  const attribute = block.attributes.findLast((candidate) => candidate.name === name);
  return attribute && { source, attribute };
}

/** Whether a declaration's attribute is written as that literal (`nullable = false`). */
function writesLiteral(declaration: Declaration, name: string, value: boolean): boolean {
  const written = writtenAttribute(declaration, name);
  const expression = written && attributeExpression(written.source, written.attribute);
  return expression ? literalOf(expression) === value : false;
}

/**
 * Whether an attribute's expression gives null: a literal null does; a literal, or a text, list or object written out,
 * never does, nor a conditional of two such branches; undefined where it may (a reference, a call).
 */
function givesNull({ source, attribute }: { source: HclSource | JsonSource; attribute: SourceAttribute }): boolean | undefined {
  const expression = attributeExpression(source, attribute);
  return expression ? expressionGivesNull(expression) : undefined;
}

function expressionGivesNull(expression: Expr): boolean | undefined {
  const node = unwrap(expression, false);
  if (node.kind === 'literal') return node.value === null;
  if (node.kind === 'conditional') return expressionGivesNull(node.then) === false && expressionGivesNull(node.else) === false ? false : undefined;
  return node.kind === 'template' || node.kind === 'tuple' || node.kind === 'object' ? false : undefined;
}

/**
 * The text of the expression the declaration, as its override files leave it, writes at a path of the planned values
 * (`attributeWrittenAt`), as the plan's `Resource.expressionKey` reads it beside the `.tf` files: in one module instance, one
 * text gives one value. Undefined for another path, an attribute not written, and an expression whose value differs
 * between instances or calls (`VARYING`).
 */
export function writtenAttributeText(declaration: Declaration, path: Path): string | undefined {
  const text = attributeWrittenAt(declaration, path)?.text;
  return text === undefined || VARYING.test(text) ? undefined : text;
}

/**
 * The same as template text (`Resource.templateText`, `templateTextOf`), which the same value written otherwise shares:
 * `format("%s-bob", aws_iam_group.team.unique_id)` and `"${aws_iam_group.team.unique_id}-bob"` are `${aws_iam_group.team.unique_id}-bob`.
 */
export function writtenAttributeTemplate(declaration: Declaration, path: Path): string | undefined {
  const found = attributeWrittenAt(declaration, path);
  const text = found?.expression ? templateTextOf(unwrap(found.expression, false), found.written) : undefined;
  return text === undefined || VARYING.test(text) ? undefined : text;
}

/**
 * The expression a declaration writes at a path of the planned values, with its text and the attribute's text its
 * offsets are in (`written`): a top-level attribute (`[attribute]`; its text alone where it does not parse), or an item
 * of a list written out (`[attribute, index]`, `users = ["${aws_iam_group.team.unique_id}-bob"]`). The planned entry at
 * an index is that item: a set holding a value not known is not known whole, and is read from the `.tf` in the order
 * it is written (`linkList`). Undefined for another path, or an attribute not written so.
 */
function attributeWrittenAt(declaration: Declaration, path: Path): { expression: Expr | null; text: string; written: string } | undefined {
  const [name, entry, ...rest] = path;
  if (typeof name !== 'string' || rest.length > 0) return undefined;
  const { source, block } = mergedFor(declaration, name);
  const attribute = block.attributes.findLast((candidate) => candidate.name === name);
  if (!attribute) return undefined;
  const expression = writtenExpression(source, attribute);
  const written = source.text.slice(attribute.start, attribute.end);
  if (entry === undefined) return { expression, text: written, written };
  const list = expression && unwrap(expression, false);
  const item = typeof entry === 'number' && list?.kind === 'tuple' ? list.items[entry] : undefined;
  return item && { expression: item, text: written.slice(item.start, item.end), written };
}

/** The block that writes an attribute or nested block type: the last override file's that sets it, else the declaration's. */
export function mergedFor(declaration: Declaration, name: Path[number] | undefined): Pick<Declaration, 'source' | 'block'> {
  const { overrides = [] } = declaration;
  for (let index = overrides.length - 1; index >= 0 && typeof name === 'string'; index--) {
    const { block } = overrides[index]!;
    if (block.attributes.some((attribute) => attribute.name === name) || block.blocks.some((nested) => writesBlockType(nested, name))) return overrides[index]!;
  }
  return declaration;
}

/**
 * Whether every literal a written block sets (a scalar, or a list of them) is the element's value, and each block it
 * writes (but a `dynamic` one) is one of the element's: what else it writes is not read.
 */
function writesElement(source: HclSource | JsonSource, block: SourceBlock, element: Value, planned: PlannedReading, depth = 0): boolean {
  if (!isObject(element)) return true;
  if (!literalsHeld(source, block, element, planned)) return false;
  if (depth >= MAX_DEPTH) return true;
  for (const nested of block.blocks) {
    if (nested.type === 'dynamic') continue;
    const elements = element[nested.type];
    if (Array.isArray(elements) && !elements.some((item) => writesElement(source, nested, item, planned, depth + 1))) return false;
  }
  return true;
}

/** Whether every list of literals a block's attributes write is the element's list in the same order. */
function listsInOrder(source: HclSource | JsonSource, block: SourceBlock, element: Value, planned: PlannedReading): boolean {
  if (!isObject(element)) return false;
  return block.attributes.every((attribute) => {
    if (attribute.name === '//' && source instanceof JsonSource) return true;
    const expression = attributeExpression(source, attribute);
    const literal = expression && comparableLiteral(expression, planned.variable);
    const value = element[attribute.name] as Value | undefined;
    if (!Array.isArray(literal) || !Array.isArray(value)) return true;
    return literal.length === value.length && literal.every((item, index) => writtenText(item, planned.readText) === scalarText(value[index]));
  });
}

/**
 * Whether every literal a block's attributes write (a scalar, a list of them, a `jsonencode` document's) is the element's
 * value. In the JSON syntax, `"//"` is a comment, and a name that writes nested blocks is an attribute too, whose list
 * or object of them is no literal.
 */
function literalsHeld(source: HclSource | JsonSource, block: SourceBlock, element: Record<string, unknown>, planned: PlannedReading): boolean {
  for (const attribute of block.attributes) {
    if (attribute.name === '//' && source instanceof JsonSource) continue;
    const expression = attributeExpression(source, attribute);
    if (!expression) continue;
    const literal = comparableLiteral(expression, planned.variable);
    const value = element[attribute.name] as Value | undefined;
    if (literal !== undefined ? !sameLiteral(literal, value, planned.readText) : !writesDocument(expression, value, planned.readText)) return false;
  }
  return true;
}

/**
 * Whether a `jsonencode({...})` could have written the planned JSON text: every literal it writes is in the document
 * at the same place (a policy's `Action = "iam:PassRole"`). What it writes otherwise (references, calls) may be
 * anything; an expression that is not an object or list, or a value that is not JSON text, is not compared.
 */
function writesDocument(expression: Expr, planned: Value | undefined, read: (text: string) => Value): boolean {
  const written = unwrap(expression);
  if (typeof planned !== 'string' || (written.kind !== 'object' && written.kind !== 'tuple')) return true;
  let document: unknown;
  try {
    document = JSON.parse(planned);
  } catch {
    return true;
  }
  return holdsLiterals(written, document, read, 0);
}

function holdsLiterals(expression: Expr, value: unknown, read: (text: string) => Value, depth: number): boolean {
  const written = unwrap(expression);
  if (depth > MAX_DEPTH) return true;
  if (written.kind === 'object') {
    if (!isObject(value as Value)) return false;
    const object = value as Record<string, unknown>;
    // A key written twice holds its last value, as Terraform reads the object.
    const items = new Map(written.items.map((item) => [item.keyText, item.value]));
    for (const [key, item] of items) if (key in object && !holdsLiterals(item, object[key], read, depth + 1)) return false;
    return true;
  }
  if (written.kind === 'tuple') return Array.isArray(value) && value.length === written.items.length && written.items.every((item, index) => holdsLiterals(item, value[index], read, depth + 1));
  const literal = literalOf(written);
  if (literal === undefined) return true;
  return typeof literal === 'string' ? read(literal) === value : literal === value;
}

/** A literal, a list of literals, or with `variable`, a variable (`var.partner`) or a list of them and literals. */
function writtenLiteral(expression: Expr, variable?: PlannedReading['variable']): Value | undefined {
  const scalar = literalOrVariable(expression, variable);
  if (scalar !== undefined || expression.kind !== 'tuple') return scalar;
  const items = expression.items.map((item) => literalOrVariable(item, variable));
  return items.every((item) => item !== undefined) ? (items as Value[]) : undefined;
}

function literalOrVariable(expression: Expr, variable: PlannedReading['variable'] | undefined): Value | undefined {
  const node = unwrap(expression);
  if (variable && node.kind === 'traversal' && node.root === 'var' && node.steps.length === 1 && node.steps[0]!.type === 'attr') return variable(node.steps[0]!.name);
  return literalOf(expression);
}

/**
 * The references of the attribute at a path that a `dynamic` block's content writes, listed as a plan's configuration
 * lists an expression's: the configuration leaves out what dynamic blocks write. Where the content reads its iterator's
 * value whole (`execution_role = settings.value`), those of the elements of its `for_each` (`iteratedReferences`).
 * Undefined where the path is not one a dynamic block surely writes (`writtenBlockFor`).
 */
export function dynamicContentReferences(declaration: Declaration, path: Path): readonly string[] | undefined {
  const found = walk(declaration, path);
  // A content that names its iterator `each` reads that iterator as `each`, which the plan does not show.
  if (!('attribute' in found) || !found.inDynamic || found.eachShadowed || found.rest.length > 0) return undefined;
  const expression = attributeExpression(found.source, found.attribute);
  if (!expression) return undefined;
  return (found.made && iteratedReferences(found.source, found.made.dynamic, expression)) ?? referencesWritten(expression);
}

/**
 * What an expression of a `dynamic` block's content reads where it is the iterator's value whole (`settings.value`, or
 * the name `iterator` gives): the references of the elements of the block's `for_each` where it writes them out, each
 * a value itself (`[aws_iam_role.r.arn]`, `{ main = var.role_arn }`, either branch of a conditional of such, as in
 * `var.role_arn == null ? [] : [var.role_arn]`). Undefined for any other expression or `for_each`: an element built
 * from what it reads (`["${aws_iam_role.r.arn}-v2"]`) is another value.
 */
function iteratedReferences(source: HclSource | JsonSource, dynamic: SourceBlock, expression: Expr): readonly string[] | undefined {
  const iterator = dynamicIteratorName(source, dynamic) ?? dynamic.labels[0];
  if (iterator === undefined || elementRead(expression, iterator) !== '.value') return undefined;
  const forEach = dynamic.attributes.findLast((attribute) => attribute.name === 'for_each');
  const collection = forEach && attributeExpression(source, forEach);
  const elements = collection ? writtenElements(collection, 0) : undefined;
  return elements?.every((element) => isValueItself(element)) ? elements.flatMap(referencesWritten) : undefined;
}

/** The elements a collection writes out: a tuple's items, an object's values, those of both branches of a conditional. */
function writtenElements(expression: Expr, depth: number): readonly Expr[] | undefined {
  const node = unwrap(expression, false);
  if (node.kind === 'tuple') return node.items;
  if (node.kind === 'object') return node.items.map((item) => item.value);
  if (node.kind !== 'conditional' || depth >= MAX_DEPTH) return undefined;
  const then = writtenElements(node.then, depth + 1);
  const otherwise = writtenElements(node.else, depth + 1);
  return then && otherwise && [...then, ...otherwise];
}

/** How `encodedValue` reads what a definition refers to. */
interface EncodedReads {
  /** The value of a reference other than to a local value, by the references it makes. */
  reference(references: readonly string[]): Value;
  /** A text as the planned values would hold it. */
  text(text: string): Value;
  readLocal: Declaration['readLocal'];
  /** The value a variable of the declaring module was planned with, where the plan shows it (the root module's). */
  variable?: PlannedReading['variable'];
  /**
   * The scope the resource instance's expressions are read in from the `.tf` files (`PlannedReading.writtenScope`: its
   * own `each`/`count`, its module's inputs and locals): a reference, or a string that interpolates, that it knows is its value.
   */
  scope?: Scope;
}

/**
 * The object a declaration writes at an attribute (`path`: a top-level one, or one in a block) as `jsonencode({...})`
 * (a pipeline definition, a policy), for a plan
 * that knows the attribute only after apply: literals as written, under keys written as text; a local value read whole
 * (`jsonencode(local.definition)`, `pipeline_definition = local.definition_json`, `RoleArn = local.role_arn`), or the
 * part of one its objects and tuples lead to (`Steps = local.definition.Steps`), as the module's `.tf` files write it,
 * which the plan lists as `local.x` alone (as `localReferences` reads a local); a reference
 * (`RoleArn = aws_iam_role.r.arn`) as `reference` gives it from the references it makes, listed as the plan's
 * configuration lists an expression's; a string that interpolates such references alone (`referencedText`); `merge()`
 * of such objects; anything else (another call, another template, a conditional, an object with a computed key) not known. Its paths are located where the `.tf` writes them, a local's in the local (in a `.tf.json` file, at the
 * attribute, as its scan locates them). Undefined where the attribute is not written so, in HCL or as the JSON syntax's
 * `"${jsonencode({...})}"`, or makes other references than `listed`, those the plan's configuration lists for it: the
 * file is not the one the plan was made from.
 */
export function encodedObject(declaration: Declaration, path: Path, listed: readonly unknown[], readReference: (references: readonly string[]) => Value): ValueObject | undefined {
  const found = walk(declaration, path);
  if (!('attribute' in found)) return undefined;
  const expression = attributeExpression(found.source, found.attribute);
  if (!expression || !listsSameReferences(referencesWritten(expression), listed)) return undefined;
  const encoded = encodedArgument({ source: found.source, attribute: found.attribute }, expression, declaration.readLocal, 0);
  if (!encoded) return undefined;
  const reads: EncodedReads = { reference: readReference, text: declaration.planned?.readText ?? ((text: string) => text), readLocal: declaration.readLocal, variable: declaration.planned?.variable };
  const object = encodedValue(encoded.argument, reads, 0);
  if (!isObject(object)) return undefined;
  registerOrigin(object, { locate: (path) => locateInAttribute(encoded.written.source, encoded.written.attribute, path, undefined, declaration.readLocal) });
  return object;
}

/**
 * The text a declaration writes at an attribute (`path`: a top-level one, or one in a block) for a plan that knows it
 * only after apply, evaluated as the `.tf` scan evaluates it, in the module instance's `PlannedReading.writtenScope`: a
 * heredoc that interpolates a value known only at apply (`"Sid": "${random_id.x.hex}"`), or a `jsonencode(...)` of
 * what `encodedObject` does not read (a `for` over instances, `concat()`). What the written scope does not know is
 * `reference` of its traversal (a resource's instances, an input known only at apply); its pieces stay markers in the
 * text, which the rules read as not known. Undefined where the attribute is not written in the declaration (HCL or the
 * JSON syntax), makes other references than `listed` (the file is not the one the plan was made from), or does not
 * evaluate to a text.
 */
export function evaluatedText(declaration: Declaration, path: Path, listed: readonly unknown[], reference: InModuleReference): string | undefined {
  const text = evaluatedValue(declaration, path, listed, reference);
  return typeof text === 'string' ? text : undefined;
}

/**
 * `evaluatedText`, or where the declaration writes a choice whose condition is not known (`var.use_a ? aws_iam_role.a.arn
 * : aws_iam_role.b.arn` on a value known only at apply), the value not known with the values it may be (`Unresolved.choices`),
 * or, between lists on a condition known only after apply, with the texts each holds (`Unresolved.entries`).
 */
export function evaluatedChoice(declaration: Declaration, path: Path, listed: readonly unknown[], reference: InModuleReference): string | string[] | Unresolved | undefined {
  return chosenValue(evaluatedValue(declaration, path, listed, reference, writesChoice));
}

/**
 * `evaluatedChoice` where the declaration writes the choice itself (a conditional, or a call that passes one on), not
 * a local or input that may hold one: where the plan's references do not tell the resources it may be, as the condition
 * reads a local value the `.tf` computes (`local.prod ? aws_iam_role.a.arn : aws_iam_role.b.arn`, `prod = var.env ==
 * "prod"`), which leads to no resource but is known at plan all the same.
 */
export function evaluatedOwnChoice(declaration: Declaration, path: Path, listed: readonly unknown[], reference: InModuleReference): string | string[] | Unresolved | undefined {
  return chosenValue(evaluatedValue(declaration, path, listed, reference, (expression) => unwrap(expression, false).kind !== 'traversal' && writesChoice(expression)));
}

function chosenValue(value: Value | undefined): string | string[] | Unresolved | undefined {
  if (value instanceof Unresolved) return value.choices || value.entries?.every((text) => typeof text === 'string') ? value : undefined;
  return typeof value === 'string' || (Array.isArray(value) && value.every((text) => typeof text === 'string')) ? value : undefined;
}

/**
 * Whether an expression is a conditional, reads a value passed on whole that may be one (`local.exec`, `var.role_arn`),
 * or passes such a value on itself (`tostring(...)`, `format("%s", ...)`: `isValueItself`).
 */
function writesChoice(expression: Expr, depth = 0): boolean {
  const node = unwrap(expression, false);
  if (node.kind !== 'call' || depth >= MAX_DEPTH) return node.kind === 'conditional' || (node.kind === 'traversal' && (node.root === 'local' || node.root === 'var'));
  return argumentsPassedOn(node)?.some((arg) => writesChoice(arg, depth + 1)) ?? false;
}

/** `evaluatedText` of a list the declaration builds (`roles = [basename(aws_iam_role.r.arn)]`): its elements, where each is a text. */
export function evaluatedTexts(declaration: Declaration, path: Path, listed: readonly unknown[], reference: InModuleReference): string[] | undefined {
  const texts = evaluatedValue(declaration, path, listed, reference);
  return Array.isArray(texts) && texts.every((text) => typeof text === 'string') ? (texts as string[]) : undefined;
}

/** `accepts`: of an expression it accepts only. */
function evaluatedValue(declaration: Declaration, path: Path, listed: readonly unknown[], reference: InModuleReference, accepts?: (expression: Expr) => boolean): Value | undefined {
  const scope = declaration.planned?.writtenScope?.();
  const found = scope && walk(declaration, path);
  if (!found || !('attribute' in found) || found.rest.length > 0) return undefined;
  const expression = attributeExpression(found.source, found.attribute);
  if (!expression || (accepts !== undefined && !accepts(expression)) || !listsSameReferences(referencesWritten(expression), listed)) return undefined;
  return evaluate(expression, { ...scope, resolve: throughWrittenLocals(scope, declaration.readLocal, reference, declaration.planned?.writtenInput) }, expressionText(found.source, found.attribute));
}

/** The text an attribute's expression is parsed from (`attributeExpression`), where its positions are in it: in the native syntax. */
function expressionText(source: HclSource | JsonSource, attribute: SourceAttribute): string | undefined {
  return source instanceof HclSource ? source.text.slice(attribute.start, attribute.end) : undefined;
}

/**
 * What `evaluatedText` reads a reference the written scope does not know as: given the module instance it is written
 * in where that is a caller of the declaration's (`modules`: a module input's argument reads it), else the declaration's.
 */
export type InModuleReference = (traversal: Traversal, modules?: readonly ModuleStep[]) => Value;

/**
 * How `evaluatedText` resolves a reference: as the written scope does, else by `reference`; a local value of the
 * declaring folder evaluated as it is written, in turn so, so that what it reads the written scope does not know is
 * read as where the attribute writes it itself (`role_arn = local.exec` with `exec = "arn:...:role/${aws_iam_role.r.name}"`,
 * as `role_arn = "arn:...:role/${aws_iam_role.r.name}"`); a module input the written scope does not know (its argument
 * reads what is known only at apply) as its call writes it (`writtenInput`), so in the caller's module in turn.
 */
function throughWrittenLocals(scope: Scope, readLocal: Declaration['readLocal'], reference: InModuleReference, writtenInput?: (name: string) => WrittenInput | undefined): Scope['resolve'] {
  const locals = new Map<string, Value>();
  const inputs = new Map<string, Value | undefined>();
  let depth = 0;
  const resolve = (traversal: Traversal): Value | undefined => {
    const [root, name, ...steps] = traversal;
    const local = root === 'local' && typeof name === 'string' && !locals.has(name) && depth < MAX_DEPTH ? readLocal?.(name) : undefined;
    const written = local && attributeExpression(local.source, local.attribute);
    if (written) {
      // A local that reads itself (which Terraform refuses) is not known.
      locals.set(name as string, LOCAL_CYCLE);
      depth++;
      try {
        locals.set(name as string, evaluate(written, { ...scope, resolve }, expressionText(local.source, local.attribute)));
      } finally {
        depth--;
      }
    }
    if (root === 'local' && typeof name === 'string' && locals.has(name)) return valueAt(locals.get(name)!, steps);
    const known = scope.resolve(traversal);
    if (known !== undefined || root !== 'var' || typeof name !== 'string' || !writtenInput) return known ?? reference(traversal);
    if (!inputs.has(name)) {
      const argument = writtenInput(name);
      const inCaller: InModuleReference = (read, modules) => reference(read, modules ?? argument!.caller);
      inputs.set(name, argument && evaluate(argument.expression, { ...argument.scope, resolve: throughWrittenLocals(argument.scope, argument.readLocal, inCaller, argument.input) }, argument.text));
    }
    const input = inputs.get(name);
    return input === undefined ? reference(traversal) : valueAt(input, steps);
  };
  return resolve;
}

/**
 * The text a declaration writes at a top-level attribute as `templatefile(path, {...})` (a pipeline definition), there or
 * in a local value read whole, for a plan that knows the attribute only after apply: the file rendered with the
 * variables read as `encodedObject` reads values (a reference as `reference` gives it), and where the rendering is
 * written in the file. Undefined where the attribute is not written so or makes other references than `listed`, where
 * the path is not built of literals and `path.module`/`path.root`, the variables are not an object written out, or the
 * file is not read (outside the scanned folders, too large): the text is not known.
 */
export function renderedTemplateFile(declaration: Declaration, attribute: string, listed: readonly unknown[], readReference: (references: readonly string[]) => Value): { text: string; origin: StringOrigin } | undefined {
  const found = walk(declaration, [attribute]);
  if (!('attribute' in found) || !(found.source instanceof HclSource)) return undefined;
  const expression = attributeExpression(found.source, found.attribute);
  if (!expression || !listsSameReferences(referencesWritten(expression), listed)) return undefined;
  return renderedTemplateCall(declaration, expression, { reference: readReference, text: (text: string) => text, readLocal: declaration.readLocal });
}

/**
 * The text a `templatefile(path, {...})` call renders (written as the expression, or in the local it reads whole), and
 * the origin of its characters in the template file: its path built of literals and `path.module`/`path.root`, its
 * variables an object written out, read with `reads`.
 */
function renderedTemplateCall(declaration: Declaration, expression: Expr, reads: EncodedReads): { text: string; origin: StringOrigin } | undefined {
  const { files, readLocal } = declaration;
  const call = files && throughLocals(expression, readLocal);
  if (call?.kind !== 'call' || call.name !== 'templatefile' || call.args.length !== 2) return undefined;
  const path = readFilePath(call.args[0]!, files!, reads.scope);
  const vars = encodedValue(call.args[1]!, reads, 0);
  if (typeof path !== 'string' || !isObject(vars)) return undefined;
  const file = files!.read(path);
  if (!file) return undefined;
  let lineStarts: ReadonlyArray<number | undefined> | undefined;
  const text = renderTemplateFile(file, vars, { resolve: () => undefined, readFile: refuseFiles, renderedTemplate: (_read, starts) => (lineStarts = starts) });
  if (typeof text !== 'string') return undefined;
  return { text, origin: readFileOrigin(file.file, file.text, 'templatefile', lineStarts) };
}

/** The file a `file(path)` call reads (written as the expression, or in the local it reads whole), its path built of literals and `path.module`/`path.root`. */
function fileReadBy(declaration: Declaration, expression: Expr): ReturnType<NonNullable<Declaration['files']>['read']> | undefined {
  const { files, readLocal } = declaration;
  const call = files && throughLocals(expression, readLocal);
  if (call?.kind !== 'call' || call.name !== 'file' || call.args.length !== 1) return undefined;
  const filePath = readFilePath(call.args[0]!, files!);
  return typeof filePath === 'string' ? files!.read(filePath) : undefined;
}

/** A template beside a plan, and its path, read no file: what they would read is not known. */
const refuseFiles = () => ({ refused: 'not read beside a plan' });

/** What a local value that reads itself is while it is evaluated (`Declarations.writtenScope`). */
const LOCAL_CYCLE = sharedValue(new Unresolved('cycle: a local value reads itself'));

/** The argument of the `jsonencode` call an attribute's expression is, written there or in the local value it reads whole. */
function encodedArgument(written: WrittenLocal, expression: Expr, readLocal: Declaration['readLocal'], depth: number): { written: WrittenLocal; argument: Expr } | undefined {
  const node = unwrap(expression, false);
  if (node.kind === 'call') return node.name === 'jsonencode' && node.args.length === 1 ? { written, argument: node.args[0]! } : undefined;
  const local = depth < MAX_DEPTH ? writtenLocalRead(node, readLocal) : undefined;
  const localExpression = local && attributeExpression(local.source, local.attribute);
  return localExpression ? encodedArgument(local, localExpression, readLocal, depth + 1) : undefined;
}

const KNOWN_AFTER_APPLY = sharedValue(new Unresolved('known after apply'));

/** Whether `encodedObject` left a part of what it read not known (`KNOWN_AFTER_APPLY`: a call, a template, a `for`). */
export function holdsUnread(value: Value, depth = 0): boolean {
  if (value === KNOWN_AFTER_APPLY) return true;
  if (depth > MAX_DEPTH || (!Array.isArray(value) && !isObject(value))) return false;
  return (Array.isArray(value) ? value : Object.values(value)).some((item) => holdsUnread(item, depth + 1));
}

/**
 * What `encodedObject` reads of a value written inside `jsonencode`: a local value read whole, or a part of one, as its
 * `.tf` writes it, and located there; another reference by the references it makes; a text as the planned values would hold it.
 */
function encodedValue(expression: Expr, read: EncodedReads, depth: number): Value {
  const node = unwrap(expression, false);
  if (depth > MAX_DEPTH) return KNOWN_AFTER_APPLY;
  if (node.kind === 'tuple') return node.items.map((item) => encodedValue(item, read, depth + 1));
  if (node.kind === 'object') {
    const object: ValueObject = {};
    for (const item of node.items) {
      const key = literalOf(item.key);
      // A computed key may be any other, and replace what that one writes: nothing of the object is known.
      if (key === undefined || key === null) return KNOWN_AFTER_APPLY;
      setOwn(object, String(key), encodedValue(item.value, read, depth + 1));
    }
    return object;
  }
  // merge() of objects: each key as the last argument that writes it gives it (a null argument gives none).
  if (node.kind === 'call' && node.name === 'merge') {
    const merged: ValueObject = {};
    for (const arg of node.args) {
      const part = encodedValue(arg, read, depth + 1);
      if (part === null) continue;
      if (!isObject(part)) return KNOWN_AFTER_APPLY;
      for (const [key, value] of Object.entries(part)) setOwn(merged, key, value);
    }
    return merged;
  }
  if (node.kind === 'traversal') {
    const localRead = partOfLocal(node, read.readLocal);
    if (!localRead) return plannedVariable(node, read) ?? scopedValue(node, read) ?? read.reference(referencesWritten(node));
    const { local, part, at } = localRead;
    const value = encodedValue(part, read, depth + 1);
    // Not a value not known, which is shared.
    if (isObject(value) || Array.isArray(value)) registerOrigin(value, { locate: (path) => locateInAttribute(local.source, local.attribute, [...at, ...path]) });
    return value;
  }
  const literal = literalOf(node);
  if (literal === undefined) return scopedValue(node, read) ?? referencedText(node, read, depth) ?? KNOWN_AFTER_APPLY;
  return typeof literal === 'string' ? read.text(literal) : literal;
}

/**
 * A string that interpolates only what `encodedValue` reads as a text (a reference to the one resource instance it
 * names, as `EncodedReads.reference` gives it: `"arn:aws:iam::${var.account}:role/${aws_iam_role.r.name}"`), as
 * Terraform renders it, its references markers in the text as the `.tf` scan writes them; undefined for another
 * expression, a template with directives, or an interpolation read as anything but a text, number or bool.
 */
function referencedText(expression: Expr, read: EncodedReads, depth: number): string | undefined {
  const node = unwrap(expression, false);
  if (node.kind !== 'template') return undefined;
  let text = '';
  for (const part of node.parts) {
    if (part.kind === 'text') {
      const piece = read.text(part.value);
      if (typeof piece !== 'string') return undefined;
      text += piece;
    } else if (part.kind === 'interpolation') {
      const piece = encodedValue(part.expr, read, depth + 1);
      if (typeof piece !== 'string' && typeof piece !== 'number' && typeof piece !== 'boolean') return undefined;
      text += String(piece);
    } else return undefined;
  }
  return text;
}

/**
 * What a reference to a variable reads (`var.account_id`, `var.trust.service`, `var.accounts[0]`) where the plan shows
 * the value it was planned with (a root module's), its texts as the planned values would hold them. Undefined for another
 * reference, a variable the plan does not show, or a step it does not hold or that is not written as a literal.
 */
function plannedVariable(node: ScopeTraversalNode, read: EncodedReads): Value | undefined {
  const [name, ...steps] = node.steps;
  if (node.root !== 'var' || name?.type !== 'attr' || !read.variable) return undefined;
  let value = read.variable(name.name);
  for (let index = 0; index < steps.length && value !== undefined; index++) {
    const key = stepKey(steps[index]!);
    value = typeof key === 'string' || typeof key === 'number' ? stepInto(value, key) : undefined;
  }
  return value === undefined ? undefined : textsAsPlanned(value, read.text);
}

/**
 * What an expression is in `EncodedReads.scope` (`each.value`, `count.index`, `"r-${each.key}"`), its texts as the
 * planned values would hold them. Undefined without a scope, or where it does not know the whole value.
 */
function scopedValue(node: Expr, read: EncodedReads): Value | undefined {
  const value = read.scope ? evaluate(node, read.scope) : undefined;
  return value === undefined || containsMarker(value) ? undefined : textsAsPlanned(value, read.text);
}

function textsAsPlanned(value: Value, text: EncodedReads['text']): Value {
  if (typeof value === 'string') return text(value);
  if (Array.isArray(value)) return value.map((item) => textsAsPlanned(item, text));
  if (!isObject(value)) return value;
  const object: ValueObject = {};
  for (const [key, item] of Object.entries(value)) setOwn(object, key, textsAsPlanned(item, text));
  return object;
}

/**
 * What a reference to a local value reads of it as the declaring folder writes it: the whole local (`local.definition`),
 * or the part steps into it lead to (`local.definition.Steps`) through the objects and tuples written out in the local
 * itself, with the path there. Undefined for another reference, a local not written in HCL, or steps that lead into
 * something not written out (a call, another local: where its part is written is not followed).
 */
function partOfLocal(node: ScopeTraversalNode, readLocal: Declaration['readLocal']): { local: WrittenLocal; part: Expr; at: Path } | undefined {
  const [name, ...steps] = node.steps;
  if (node.root !== 'local' || name?.type !== 'attr') return undefined;
  const local = readLocal?.(name.name);
  const written = local && attributeExpression(local.source, local.attribute);
  // Without readLocal, writtenAt follows no other local: the path stays one inside this local's attribute.
  const reached = written ? writtenAt(written, steps, undefined) : undefined;
  return local && reached && reached.rest.length === 0 ? { local, part: reached.part, at: steps.map(stepKey) as Path } : undefined;
}

/**
 * The attribute (or nested block) a path leads to inside a declaration, else the deepest block reached; an element of
 * a list the attribute writes out where the element written there is known to be the planned one.
 */
export function locateInDeclaration(declaration: Declaration, path: Path): SourceLocation {
  const found = walk(declaration, path);
  if (!('attribute' in found)) return found.location;
  const { source, attribute, rest } = found;
  const iterated = rest.length === 0 && found.made ? locateIteratedRead(declaration, source, attribute, found.made) : undefined;
  if (iterated) return iterated;
  const [position] = rest;
  const { planned } = declaration;
  const element = rest.length === 1 && typeof position === 'number' && planned && source instanceof HclSource ? writingElement(source, attribute, valueAtPath(planned.values(), path.slice(0, -1)), position, planned) : undefined;
  return element === undefined ? source.attributeLocation(attribute) : locateInAttribute(source, attribute, [element]);
}

/**
 * Where the element a `dynamic` block iterates writes what an attribute of its content reads whole from it (`variable =
 * condition.value.variable`, over `for_each = local.conditions`), as the `.tf` scan locates it: in the entry of the
 * local that made the planned block (`iteratedEntry`). Undefined where no one entry is known to have made it.
 */
function locateIteratedRead(declaration: Declaration, source: HclSource | JsonSource, attribute: SourceAttribute, made: MadeBlock): SourceLocation | undefined {
  const iterated = iteratedEntry(declaration, source, made);
  const expression = iterated && attributeExpression(source, attribute);
  const key = expression ? keyRead(expression, iterated!.iterator) : undefined;
  if (!iterated || key === undefined || itemWritten(unwrap(iterated.entry), key) === undefined) return undefined;
  // The local is located in its own file, in HCL or in the JSON syntax (attributeOrigin reads either).
  return attributeOrigin(iterated.local.source, iterated.local.attribute).locate([...iterated.at, iterated.key, key]);
}

/**
 * The entry of a `dynamic` block's `for_each` that made a planned block, where the `for_each` reads a local's list or
 * object written out: the one entry whose literals the content reads from it (`condition.value.variable`) are the
 * block's values there, and whose key is the block's where the content reads the key whole (`name = inline_policy.key`).
 * Undefined where the `for_each` is not such a local, or no entry, or several, may have made the block.
 */
function iteratedEntry(declaration: Declaration, source: HclSource | JsonSource, { dynamic, content, planned }: MadeBlock): { forEach: SourceAttribute; iterator: string; local: { source: HclSource | JsonSource; attribute: SourceAttribute }; at: Path; key: string | number; entry: Expr } | undefined {
  const forEach = dynamic.attributes.findLast((candidate) => candidate.name === 'for_each');
  const iterator = dynamicIteratorName(source, dynamic) ?? dynamic.labels[0];
  if (!forEach || iterator === undefined || !isObject(planned) || !declaration.planned) return undefined;
  const readKey = (read: SourceAttribute): string | undefined => {
    const expression = attributeExpression(source, read);
    return expression ? keyRead(expression, iterator) : undefined;
  };
  const readsOwnKey = (read: SourceAttribute): boolean => {
    const expression = attributeExpression(source, read);
    const node = expression && unwrap(expression);
    return node?.kind === 'traversal' && node.root === iterator && node.steps.length === 1 && node.steps[0]!.type === 'attr' && node.steps[0]!.name === 'key';
  };
  const forEachExpression = attributeExpression(source, forEach);
  const node = forEachExpression ? unwrap(forEachExpression) : undefined;
  const written = node?.kind === 'traversal' ? partOfLocal(node, declaration.readLocal) : undefined;
  const list = written && unwrap(written.part);
  if (!written || (list?.kind !== 'tuple' && list?.kind !== 'object')) return undefined;
  const entries: Array<[string | number, Expr]> = list.kind === 'tuple' ? list.items.map((item, index) => [index, item]) : list.items.flatMap((item) => {
    const name = literalOf(item.key);
    return typeof name === 'string' ? [[name, item.value] as [string, Expr]] : [];
  });
  const { variable, readText } = declaration.planned;
  // An entry holds the block where each literal it writes for what the content reads is the block's value there.
  const holds = (at: string | number, entry: Expr): boolean =>
    content.attributes.every((read) => {
      if (readsOwnKey(read)) return String(planned[read.name]) === String(at);
      const readFrom = readKey(read);
      const part = readFrom === undefined ? undefined : itemWritten(unwrap(entry), readFrom);
      const literal = part && comparableLiteral(part, variable);
      return literal === undefined || sameLiteral(literal, planned[read.name] as Value | undefined, readText);
    });
  const matching = entries.filter(([at, entry]) => holds(at, entry));
  if (matching.length !== 1) return undefined;
  const [key, entry] = matching[0]!;
  return { forEach, iterator, local: written.local, at: written.at, key, entry };
}

/**
 * Which element of the list an attribute writes out wrote the element at `position` of the planned list: the first
 * whose literal (or root variable) is that value, else the only one, of a list of one. Providers keep many lists as
 * sets (a policy document's actions, identifiers and condition values), in an order of their own, so the element is
 * found by its value, not by its position. Undefined where no written element is known to be the planned one.
 */
function writingElement(source: HclSource, attribute: SourceAttribute, plannedList: Value | undefined, position: number, planned: PlannedReading): number | undefined {
  const expression = attributeExpression(source, attribute);
  const written = expression ? unwrap(expression) : undefined;
  if (written?.kind !== 'tuple' || !Array.isArray(plannedList)) return undefined;
  const element = plannedList[position];
  if (typeof element === 'string' || typeof element === 'number' || typeof element === 'boolean') {
    const byValue = written.items.findIndex((item) => {
      const literal = literalOrVariable(item, planned.variable);
      return literal !== undefined && typeof literal !== 'object' && sameLiteral(literal, element, planned.readText);
    });
    if (byValue >= 0) return byValue;
  }
  return written.items.length === 1 && plannedList.length === 1 ? 0 : undefined;
}

/**
 * Where a path below an attribute lands when the attribute writes the value as an expression (`jsonencode({...})`,
 * whose keys and list positions the plan's JSON text keeps); undefined when the path stops at the attribute.
 * `isPlanned` tells whether a literal written there is the plan's value at the path (a list may have been reordered);
 * without it, elements are followed by position. `planned`: the document the plan's text holds, and what it holds at the
 * path; the number of statements it holds tells how many a `for` expression that `concat()` joins to others made.
 */
export function locateInExpression(declaration: Declaration, path: Path, isPlanned?: (written: Value) => boolean, planned?: { document: Value; value: Value | undefined }, reads?: () => WrittenReads | undefined): SourceLocation | undefined {
  const found = walk(declaration, path);
  if (!('attribute' in found) || found.rest.length === 0) return undefined;
  // The document is the attribute's value where the path below the attribute leads in it to the value at the path.
  const document = planned && planned.value !== undefined && valueAtPath(planned.document, found.rest) === planned.value ? planned.document : undefined;
  // A value read whole from a module input is located where the call writes it (`passedThroughInputs`).
  const passed = passedThroughInputs(found, declaration.readLocal, reads);
  // Into the variables and `each.value` the value reads too, where the module instance's reads are known, and the
  // iterator of the dynamic block that made the block where one entry of its `for_each` did.
  const passedReads = passed.reads?.();
  const iterated = passedReads && passed.attribute === found.attribute && found.made ? iteratedEntry(declaration, found.source, found.made) : undefined;
  const reader = passedReads && iterated ? withBound(passedReads, iterated.iterator, { source: found.source, attribute: iterated.forEach, key: iterated.key, reads: passedReads, iterator: true }) : passedReads;
  return locateInAttribute(passed.source, passed.attribute, found.rest, isPlanned, reader ?? passed.readLocal, document);
}

/**
 * Where the text of the heredoc at the attribute a path names starts, when `isWritten` accepts its text (the plan's
 * value is the heredoc as written, nothing interpolated): positions inside the value are then positions in the file.
 */
export function heredocTextOrigin(declaration: Declaration, path: Path, isWritten: (text: string) => boolean, reads?: () => WrittenReads | undefined): StringOrigin | undefined {
  const heredoc = writtenHeredoc(declaration, path, reads);
  return heredoc && heredoc.rest.length === 0 && isWritten(heredoc.text) ? heredoc.origin : undefined;
}

/**
 * The origin of the template the attribute a path names writes (a heredoc, a `.tf.json` string, that interpolates),
 * for a text the plan holds as the `.tf` evaluates it, known only at apply: its `fit` tells where a rendering's
 * positions are written in the template, as the `.tf` scan locates them.
 */
export function templateTextOrigin(declaration: Declaration, path: Path, reads?: () => WrittenReads | undefined): StringOrigin | undefined {
  const found = walk(declaration, path);
  if (!('attribute' in found) || found.rest.length > 0) return undefined;
  const variable = reads?.()?.variable;
  const origin = writtenTextOrigin(found.source, found.attribute, [], declaration.readLocal && { local: declaration.readLocal, ...(variable ? { variable } : {}) });
  return origin?.fit ? origin : undefined;
}

/**
 * Where a path inside the JSON text of a heredoc lands in it, when `isDocument` accepts the heredoc's text (nothing
 * interpolated) as the document the plan holds at `attributePath`, the attribute the path names. The AWS provider
 * plans a policy minified with its keys sorted, so positions in the plan's text are not positions in the heredoc: the
 * path is found in the heredoc's own text. Undefined when the path stops at the attribute or does not enter the text.
 */
export function locateInHeredocDocument(declaration: Declaration, path: Path, isDocument: (text: string, attributePath: Path) => boolean, reads?: () => WrittenReads | undefined): SourceLocation | undefined {
  const heredoc = writtenHeredoc(declaration, path, reads);
  if (!heredoc || heredoc.rest.length === 0) return undefined;
  const { source, origin, text, rest } = heredoc;
  if (!isDocument(text, path.slice(0, path.length - rest.length))) return undefined;
  return textLocator(text, origin, () => source.file)?.(rest);
}

/**
 * A path inside a policy the declaration reads with `file(...)` (its path a literal or built from `path.module`/`path.root`),
 * located in that file, as the `.tf` files alone locate it: where the file holds the document the plan planned.
 */
export function locateInFileDocument(declaration: Declaration, path: Path, isDocument: (text: string, attributePath: Path) => boolean): SourceLocation | undefined {
  if (!declaration.files) return undefined;
  const found = walk(declaration, path);
  if (!('attribute' in found) || !(found.source instanceof HclSource) || found.rest.length === 0) return undefined;
  const expression = attributeExpression(found.source, found.attribute);
  const file = expression && fileReadBy(declaration, expression);
  const { rest } = found;
  if (!file || !isDocument(file.text, path.slice(0, path.length - rest.length))) return undefined;
  return textLocator(file.text, readFileOrigin(file.file, file.text, 'file'), () => file.file)?.(rest);
}

/** The file a `file()` call that the attribute a path names is written as reads, where its text is the document the plan holds there. */
export function fileDocumentRead(declaration: Declaration, path: Path, isDocument: (text: string, attributePath: Path) => boolean): string | undefined {
  if (!declaration.files) return undefined;
  const found = walk(declaration, path);
  if (!('attribute' in found) || !(found.source instanceof HclSource) || found.rest.length > 0) return undefined;
  const expression = attributeExpression(found.source, found.attribute);
  const file = expression && fileReadBy(declaration, expression);
  return file && isDocument(file.text, path) ? file.file : undefined;
}

/**
 * A path inside a policy the declaration renders with `templatefile(path, {...})` (its path built of literals and
 * `path.module`/`path.root`, its variables an object written out of literals, local values and the root variables the
 * plan holds), located in the template file as the `.tf` files alone locate it: where the rendering is the document the
 * plan planned. A line a directive writes is no line of the file: such a path is not located here.
 */
export function locateInTemplateFileDocument(declaration: Declaration, path: Path, isDocument: (text: string, attributePath: Path) => boolean): SourceLocation | undefined {
  const found = walk(declaration, path);
  if (!('attribute' in found) || !(found.source instanceof HclSource) || found.rest.length === 0) return undefined;
  const expression = attributeExpression(found.source, found.attribute);
  // The variables as written (texts as written: the rendering is compared with the plan's as it would plan it).
  const rendered = expression && renderedTemplateCall(declaration, expression, { reference: () => KNOWN_AFTER_APPLY, text: (text: string) => text, ...writtenTemplateReads(declaration) });
  const { rest } = found;
  if (!rendered || !isDocument(rendered.text, path.slice(0, path.length - rest.length))) return undefined;
  return textLocator(rendered.text, rendered.origin, () => rendered.origin.file!)?.(rest);
}

/**
 * How a templatefile() call's variables are read to locate in the template beside a plan: a module's inputs as its
 * calls write them, and what else `PlannedReading.writtenScope` knows (the resource's own each and count, a string
 * interpolating them), as a heredoc that interpolates is read (`locateInRenderedHeredocDocument`); without that scope,
 * the root variables the plan holds.
 */
function writtenTemplateReads(declaration: Declaration): Pick<EncodedReads, 'readLocal' | 'variable' | 'scope'> {
  const scope = declaration.planned?.writtenScope?.();
  const variable = scope ? (name: string) => scope.resolve(['var', name]) : declaration.planned?.variable;
  return { readLocal: declaration.readLocal, variable, scope };
}

/**
 * A path inside a policy the declaration writes as a heredoc that interpolates (`"aws:SourceAccount": "${var.account}"`),
 * located in the heredoc as the `.tf` files alone locate it: the heredoc evaluated in `PlannedReading.writtenScope`,
 * where the rendering is the document the plan planned. A heredoc that interpolates nothing is `locateInHeredocDocument`'s.
 */
export function locateInRenderedHeredocDocument(declaration: Declaration, path: Path, isDocument: (text: string, attributePath: Path) => boolean, reads?: () => WrittenReads | undefined): SourceLocation | undefined {
  const rendered = renderedHeredocDocument(declaration, path, isDocument, reads);
  return rendered && textLocator(rendered.text, rendered.origin, () => rendered.file)?.(rendered.rest);
}

/**
 * The heredoc that interpolates (or a `.tf.json` string, a template, that does), written as the attribute a path enters
 * or as the argument of the module input it reads whole (`assume_role_policy = var.trust`), evaluated where it is
 * written (`PlannedReading.writtenScope`, the caller's for an argument), where `isDocument` accepts the rendering as the
 * document the plan planned: its text, its origin and the path inside it.
 */
export function renderedHeredocDocument(declaration: Declaration, path: Path, isDocument: (text: string, attributePath: Path) => boolean, reads?: () => WrittenReads | undefined): { text: string; origin: StringOrigin; file: string; rest: Path } | undefined {
  const found = walk(declaration, path);
  if (!('attribute' in found) || found.rest.length === 0) return undefined;
  const written = renderedWhere(declaration, found);
  if (!written || literalOf(written.expression) !== undefined) return undefined;
  const { source, attribute, expression } = written;
  // The variables an interpolation reads whole where the instance reads them (`WrittenReads.variable`).
  const variable = reads?.()?.variable;
  const origin = writtenTextOrigin(source, attribute, [], declaration.readLocal && { local: declaration.readLocal, ...(variable ? { variable } : {}) });
  const scope = origin && written.scope();
  const text = scope ? evaluate(expression, scope) : undefined;
  if (typeof text !== 'string' || !isDocument(text, path.slice(0, path.length - found.rest.length))) return undefined;
  return { text, origin: origin!, file: source.file, rest: found.rest };
}

/**
 * The expression an attribute writes, and the scope it is evaluated in; where it reads a module input whole, the call's
 * argument (`PlannedReading.writtenInput`), in the caller's scope; where it reads a local value whole (`local.trust`),
 * in HCL or the JSON syntax, the local's, in the module's.
 */
function renderedWhere(declaration: Declaration, at: { source: ModuleSource; attribute: SourceAttribute }): { source: ModuleSource; attribute: SourceAttribute; expression: Expr; scope: () => Scope | undefined } | undefined {
  const expression = attributeExpression(at.source, at.attribute);
  if (!expression) return undefined;
  const name = nameReadWhole(expression, 'var');
  const input = name === undefined ? undefined : declaration.planned?.writtenInput?.(name);
  if (input) return { ...input.written, expression: input.expression, scope: () => input.scope };
  const { place, written } = throughLocalsReadWhole(at, expression, declaration.readLocal);
  return { source: place.source, attribute: place.attribute, expression: written, scope: () => declaration.planned?.writtenScope?.() };
}

/**
 * Where the characters of the text at an entry of a list attribute (`source_policy_documents[0]`) are written, when
 * `isWritten` accepts them as the plan's text: a heredoc written there without interpolations, the file a `file(...)`
 * there reads (its path a literal or built from `path.module`/`path.root`), or the template a `templatefile(...)` there
 * renders (as `locateInTemplateFileDocument` reads it); for an entry a `for` makes of files, there or in a local value
 * the attribute reads whole, the file it reads (`madeEntryTextOrigin`).
 */
export function entryTextOrigin(declaration: Declaration, path: Path, isWritten: (text: string) => boolean): StringOrigin | undefined {
  const found = walk(declaration, path);
  if (!('attribute' in found) || !(found.source instanceof HclSource) || found.rest.length !== 1) return undefined;
  const { source, attribute, rest } = found;
  const expression = attributeExpression(source, attribute);
  const list = expression && unwrap(expression, false);
  // A `for` there, or in the local value read whole there (`source_policy_documents = local.documents`), as `throughLocals` follows it.
  const made = expression && throughLocals(expression, declaration.readLocal);
  if (made?.kind === 'for' && typeof rest[0] === 'number') return madeEntryTextOrigin(declaration, made, rest[0], isWritten);
  const item = list?.kind === 'tuple' && typeof rest[0] === 'number' ? list.items[rest[0]] : undefined;
  if (!item) return undefined;
  const literal = literalOf(item);
  if (typeof literal === 'string') {
    const origin = heredocTemplateOrigin(source, { start: attribute.start + item.start, end: attribute.start + item.end });
    return origin && isWritten(literal) ? origin : undefined;
  }
  const file = fileReadBy(declaration, item);
  if (file) return isWritten(file.text) ? readFileOrigin(file.file, file.text, 'file') : undefined;
  // The variables as written (texts as written: the rendering is compared with the plan's as it would plan it).
  const rendered = renderedTemplateCall(declaration, item, { reference: () => KNOWN_AFTER_APPLY, text: (text: string) => text, ...writtenTemplateReads(declaration) });
  return rendered && isWritten(rendered.text) ? rendered.origin : undefined;
}

/**
 * Where the text of an entry a `for` expression makes of the files it reads is written (`[for f in fileset(path.module,
 * "policies/*.json") : file("${path.module}/${f}")]`, as the `.tf` scan locates it): in the file the entry's read
 * reads or the template it renders, when the expression evaluates (in `PlannedReading.writtenScope`, with `fileset()`,
 * `file()` and `templatefile()` of the scanned folders) to one read an element, in order, and `isWritten` accepts the
 * element's text as the plan's.
 */
function madeEntryTextOrigin(declaration: Declaration, made: ForNode, index: number, isWritten: (text: string) => boolean): StringOrigin | undefined {
  const { files } = declaration;
  const call = fileReadCall(made.valueExpr);
  if (!files || made.keyExpr !== undefined || !call) return undefined;
  const { value, reads, lineStarts } = madeEntries(declaration, made, files);
  if (!Array.isArray(value) || hasUnknownOrder(value) || value.length !== reads.length) return undefined;
  const read = reads[index];
  const text = value[index];
  if (!read || typeof text !== 'string' || !isWritten(text)) return undefined;
  // file() gives the text as written; templatefile() renders it.
  return call === 'templatefile' || text === read.text ? readFileOrigin(read.file, read.text, call, lineStarts.get(read)) : undefined;
}

/** What a `for` expression of a declaration made (`madeEntryTextOrigin`), and the reads it made them of, by declaration and expression. */
const madeEntriesRead = new WeakMap<Declaration, WeakMap<ForNode, MadeEntries>>();

interface MadeEntries {
  value: Value;
  reads: TextRead[];
  lineStarts: Map<TextRead, ReadonlyArray<number | undefined>>;
}

/**
 * The `for` expression evaluated in the declaration's written scope, with the files of the scanned folders: once for
 * all the entries located in it, not once per entry (each evaluation would list the folders `fileset()` reads again).
 */
function madeEntries(declaration: Declaration, made: ForNode, files: TemplateFiles): MadeEntries {
  let byExpression = madeEntriesRead.get(declaration);
  if (!byExpression) madeEntriesRead.set(declaration, (byExpression = new WeakMap()));
  let entries = byExpression.get(made);
  if (!entries) {
    const reads: TextRead[] = [];
    const lineStarts = new Map<TextRead, ReadonlyArray<number | undefined>>();
    const value = evaluate(made, {
      resolve: withPaths(files, declaration.planned?.writtenScope?.()),
      readFile: (path) => {
        const read = files.read(path);
        if (read) reads.push(read);
        return read ?? refuseFiles();
      },
      fileSet: (path, pattern) => files.fileSet?.(path, pattern) ?? refuseFiles(),
      renderedTemplate: (read, starts) => lineStarts.set(read, starts),
    });
    byExpression.set(made, (entries = { value, reads, lineStarts }));
  }
  return entries;
}

/**
 * The heredoc or quoted string (a string of a `.tf.json` file) written at the attribute a path names, or in the local
 * value it reads whole: where its text starts, the text as Terraform reads it (indentation stripped, escapes decoded),
 * and the rest of the path, inside the text. None when it interpolates anything.
 */
function writtenHeredoc(declaration: Declaration, path: Path, reads?: () => WrittenReads | undefined): { source: ModuleSource; origin: StringOrigin; text: string; rest: Path } | undefined {
  const found = walk(declaration, path);
  if (!('attribute' in found)) return undefined;
  // A heredoc a module input reads whole is the call's (`passedThroughInputs`); one a local value holds, the local's.
  const passed = passedThroughInputs(found, declaration.readLocal, reads);
  const expression = attributeExpression(passed.source, passed.attribute);
  if (!expression) return undefined;
  const { place, written } = throughLocalsReadWhole(passed, expression, passed.readLocal);
  const { source, attribute } = place;
  const origin = source instanceof HclSource ? heredocOrigin(source, attribute) : source.stringOriginAt(attribute.start);
  const text = literalOf(written);
  return origin && typeof text === 'string' ? { source, origin, text, rest: found.rest } : undefined;
}

/** A module input as `Declarations.moduleInput` reads it: its value, and whether the variable's default gives it. */
interface ModuleInput {
  value: Value;
  inDefault: boolean;
}

/** What a `dynamic "statement"` block made a statement block of: its iterator's element in its collection, and its content. */
interface MadeStatement {
  iterator: string;
  element: Value;
  collection: Value;
  content: SourceBlock;
  inDefault: boolean;
}

/**
 * The statement blocks a `dynamic "statement"` block makes, in order, where its `for_each` is a module input (read
 * whole, or through a conditional, `try()` or `coalesce()` that gives it as it is) known from the caller's `.tf` files:
 * a map by its sorted keys, a list by position. Undefined otherwise.
 */
function expandedStatements(source: HclSource | JsonSource, dynamic: SourceBlock, input: (name: string) => ModuleInput | undefined): MadeStatement[] | undefined {
  const forEach = dynamic.attributes.findLast((attribute) => attribute.name === 'for_each');
  const expression = forEach && attributeExpression(source, forEach);
  const contents = dynamic.blocks.filter((candidate) => candidate.type === 'content');
  if (!expression || contents.length !== 1) return undefined;
  const read: ModuleInput[] = [];
  let unknown = false;
  const collection = evaluate(expression, {
    resolve: (traversal) => {
      const [root, name, ...steps] = traversal;
      const found = root === 'var' && typeof name === 'string' ? input(name) : undefined;
      if (!found) {
        unknown = true;
        return undefined;
      }
      read.push(found);
      return valueAt(found.value, steps);
    },
    readFile: refuseFiles,
  });
  // The collection must be the input itself, where its elements are written (not one a `for` expression builds).
  const given = read.find(({ value }) => value === collection);
  const empty = (Array.isArray(collection) && collection.length === 0) || (isObject(collection) && Object.keys(collection).length === 0);
  if (unknown || containsMarker(collection) || (!given && !empty)) return undefined;
  const iterator = dynamicIteratorName(source, dynamic) ?? 'statement';
  const content = contents[0]!;
  const inDefault = given?.inDefault ?? false;
  const keys: Array<string | number> = Array.isArray(collection) ? collection.map((_, index) => index) : isObject(collection) ? Object.keys(collection).sort() : [];
  if (!Array.isArray(collection) && !isObject(collection)) return undefined;
  return keys.map((key) => {
    const element = stepInto(collection, key)!;
    registerPart(collection, key, element);
    return { iterator, element, collection, content, inDefault };
  });
}

/**
 * Records a statement block the plan holds as made of `made.element`, where what its content reads from the element is
 * what the block holds (else it is left as it is): for `statementInput`, and with an origin that locates what it reads
 * from the element where the element writes it, the rest where the content writes it.
 */
function recordMadeStatement(source: HclSource | JsonSource, planned: ValueObject, made: MadeStatement, read: (text: string) => Value, key: string): void {
  const { element, content, iterator } = made;
  const origin = isObject(element) ? originOf(element) : undefined;
  if (!origin || !isObject(element) || !holdsElement(source, content, iterator, element, planned, read)) return;
  recordDynamicBlock(planned, { iterator, element, collection: made.collection, content, source, inVariableDefault: () => made.inDefault, key });
  registerMadeOrigin(source, planned, content, iterator, element, origin, read, 0);
}

/** Attributes of a statement or nested block whose planned value is compared with the element's: lists as sets. */
function holdsElement(source: HclSource | JsonSource, content: SourceBlock, iterator: string, element: ValueObject, planned: ValueObject, read: (text: string) => Value): boolean {
  for (const attribute of content.attributes) {
    const expression = attributeExpression(source, attribute);
    if (!expression) continue;
    const node = unwrap(expression, false);
    // `sid = statement.key`: the element's key, as the provider takes a string.
    if (node.kind === 'traversal' && node.root === iterator && node.steps.length === 1 && node.steps[0]!.type === 'attr' && node.steps[0]!.name === 'key') continue;
    const key = keyRead(expression, iterator);
    if (key === undefined) continue;
    if (!sameHeld(element[key], planned[attribute.name], read)) return false;
  }
  return true;
}

/** Whether a value an element writes is what the plan holds: a list as a set, nothing as the provider's empty value. */
function sameHeld(written: Value | undefined, planned: Value | undefined, read: (text: string) => Value): boolean {
  const items = (value: Value | undefined): Value[] => (value === undefined || value === null || value === '' ? [] : Array.isArray(value) ? value : [value]);
  const writtenItems = items(written).map((item) => (typeof item === 'string' ? read(item) : item));
  const plannedItems = items(planned);
  if (writtenItems.some((item) => typeof item === 'object' && item !== null) || plannedItems.some((item) => typeof item === 'object' && item !== null)) return true;
  const key = (list: Value[]): string => JSON.stringify([...new Set(list.map((item) => String(item)))].sort());
  return key(writtenItems) === key(plannedItems);
}

/**
 * Registers where a block a dynamic block's content made of `element` is written: what an attribute reads whole from
 * the element (`actions = statement.value.actions`) where the element writes it (an element of a list by its value, as
 * the provider orders sets its own way), a block a nested dynamic block made of one of its entries (`principals`,
 * `condition`) in turn, where the entry that holds the block's values is the only one; the rest where the content is.
 */
function registerMadeOrigin(source: HclSource | JsonSource, planned: ValueObject, content: SourceBlock, iterator: string, element: ValueObject, origin: Origin, read: (text: string) => Value, depth: number): void {
  const body = bodyOrigin(source, content);
  const keyOf = (name: string): string | undefined => {
    const attribute = content.attributes.findLast((candidate) => candidate.name === name);
    const expression = attribute && attributeExpression(source, attribute);
    const key = expression ? keyRead(expression, iterator) : undefined;
    return key !== undefined && Object.hasOwn(element, key) ? key : undefined;
  };
  registerOrigin(planned, {
    locate: (path) => {
      const [step, ...rest] = path;
      const key = typeof step === 'string' ? keyOf(step) : undefined;
      if (key === undefined) return body.locate(path);
      const [position, ...further] = rest;
      const list = element[key];
      const plannedList = planned[step as string];
      if (typeof position !== 'number' || !Array.isArray(list)) return origin.locate([key, ...rest]);
      const item = Array.isArray(plannedList) ? plannedList[position] : plannedList;
      const found = list.findIndex((candidate) => typeof candidate === 'string' && read(candidate) === item);
      return origin.locate(found < 0 ? [key] : [key, found, ...further]);
    },
  });
  if (depth >= MAX_DEPTH) return;
  for (const dynamic of content.blocks.filter((candidate) => candidate.type === 'dynamic' && candidate.labels.length === 1)) {
    const type = dynamic.labels[0]!;
    const forEach = dynamic.attributes.findLast((attribute) => attribute.name === 'for_each');
    const expression = forEach && attributeExpression(source, forEach);
    const key = expression ? keyRead(expression, iterator) : undefined;
    const innerContents = dynamic.blocks.filter((candidate) => candidate.type === 'content');
    const entries = key === undefined ? undefined : element[key];
    if (key === undefined || innerContents.length !== 1 || !(Array.isArray(entries) || isObject(entries))) continue;
    const innerIterator = dynamicIteratorName(source, dynamic) ?? type;
    const positions: Array<string | number> = Array.isArray(entries) ? entries.map((_, index) => index) : Object.keys(entries);
    for (const held of asList(planned[type])) {
      if (!isObject(held)) continue;
      const matching = positions.filter((at) => {
        const entry = stepInto(entries, at);
        return isObject(entry) && holdsElement(source, innerContents[0]!, innerIterator, entry, held, read);
      });
      if (matching.length !== 1) continue;
      const at = matching[0]!;
      registerMadeOrigin(source, held, innerContents[0]!, innerIterator, stepInto(entries, at) as ValueObject, { locate: (path) => origin.locate([key, at, ...path]) }, read, depth + 1);
    }
  }
}
