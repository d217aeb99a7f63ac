/**
 * Terraform HCL parser: module folders → one ParsedFile per root module (its own resources and those of every
 * local child module, addressed as Terraform does), as `terraform plan` would see them without running it.
 */
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { Unresolved, hasUnresolvedPiece, isObject, unresolvedPieceOf, distinctByPlace, noticeAt, tokenize, type InputError, type Notice, type ParsedFile, type ParsedWorld, type Resource, type Value } from '../../src/model/index.js';
import { loadModule, loadModules, variableFileSource, VARIABLE_FILE_SCOPE, writtenPart, type BlockDeclaration, type ModuleConfig, type ModuleSource } from './config.js';
import { ExpressionSyntaxError, categoryOf, evaluate, evaluateRaw, parseExpression } from './expression/index.js';
import { invalidInput } from './expression/reasons.js';
import { deployedTemplates } from './deployed-templates.js';
import { duplicateKeysOf } from './duplicates.js';
import { terraformGraphPieces } from './graph.js';
import { parseVariableFile } from './hcl.js';
import type { SourceAttribute } from './source.js';
import { readUtf8SourceText } from '../source-text.js';
import { convertToType, readTypeConstraint, type TypeConstraint } from './types.js';
import { ModuleInstance, type ModuleNode, type RootContext } from './instance.js';
import { automaticVariableFiles, isTerraformFile } from './detect.js';
import { installedFolder, readInstalledModules, readTerraformStateFile, type InstalledModule } from './installed-modules.js';
import { maskedLeavesOf, type MaskedValue } from '../../src/model/masked.js';
import { inputAssignments, listedInputs, principalInputs } from './input-worlds.js';
import { declaredSensitive, validatedModuleVariables, validationRefusal, type PassedTo } from './validated-values.js';

export { parseHclFile } from './hcl.js';

export interface TerraformFolder {
  /** As shown to the user. */
  file: string;
  absolute: string;
  /** Named on the command line: always a root module, even when another scanned module calls it. */
  explicit: boolean;
}

export interface TerraformOptions {
  /** `--var NAME=VALUE`, applied after every variable file. */
  variables?: Record<string, string>;
  /** `--var-file FILE`, in order, after the root's own tfvars files. */
  variableFiles?: string[];
  /** Real paths of the scanned folders: module folders and files outside them are not read. */
  scanRoots: string[];
  display(absolute: string): string;
}

export interface TerraformScan {
  files: ParsedFile[];
  /** `.tf`/`.tf.json` files read in the analyzed modules. */
  filesAnalyzed: number;
  errors: InputError[];
  /**
   * The `.tf`/`.tf.json` files of every configuration an input error left analyzed in part (Terraform refuses it): those
   * of each folder in a root module's tree, when one of its files is refused, a module call is, or a root variable's value.
   */
  notAnalyzed: string[];
  /** Values left unresolved in the analyzed resources, by the category of their reason (`variable`, `data source`, ...). */
  unresolved: Record<string, number>;
}

/** Never throws: unreadable or unparsable inputs become errors, and the other modules are still analyzed. */
export async function parseTerraform(folders: readonly TerraformFolder[], options: TerraformOptions): Promise<TerraformScan> {
  const result: TerraformScan = { files: [], filesAnalyzed: 0, errors: [], notAnalyzed: [], unresolved: {} };
  const loader = new ModuleLoader(options);
  const scanned = folders.map((folder) => ({ folder, real: safeRealpath(folder.absolute) }));
  const reals = scanned.flatMap(({ real }) => (real ? [real] : []));
  /**
   * Folders whose loading failed inside deputy: each is told, its files not analyzed, and the other folders (and the
   * scan's other inputs) still are.
   */
  const failed = new Set<string>();
  const loadFailed = (folder: TerraformFolder, real: string, error: unknown): void => {
    failed.add(real);
    result.errors.push({ file: folder.file, message: `internal error while loading this module: ${(error as Error).message}` });
    result.notAnalyzed.push(...terraformFilesOf(real, options.display));
    if (process.env.DEPUTY_DEBUG) console.error(error);
  };
  try {
    // The modules terraform init installed for them are read in the same batch, across the worker pool when it is large.
    await loader.preload([...new Set([...reals, ...reals.flatMap((real) => loader.installedFolders(real))])]);
  } catch {
    // Each folder is then read on its own below, where a failure is told for its folder.
  }
  const called = new Set<string>();
  for (const { folder, real } of scanned) {
    if (!real) continue;
    try {
      for (const target of localCallTargets(await loader.config(real))) called.add(target);
    } catch (error) {
      loadFailed(folder, real, error);
    }
  }
  const roots = scanned.filter(({ folder, real }) => real && !failed.has(real) && (folder.explicit || !called.has(real)));
  // Folders that only call each other in a cycle have no caller outside it: the first of each becomes a root.
  const covered = new Set<string>();
  const trees = new Map<string, ModuleNode>();
  const plant = async ({ folder, real }: { folder: TerraformFolder; real: string }): Promise<void> => {
    try {
      const tree = await loader.tree(real, []);
      trees.set(real, tree);
      collect(tree, covered);
    } catch (error) {
      loadFailed(folder, real, error);
    }
  };
  for (const { folder, real } of roots) await plant({ folder, real: real! });
  for (const entry of scanned) {
    if (!entry.real || covered.has(entry.real) || failed.has(entry.real)) continue;
    roots.push(entry);
    await plant({ folder: entry.folder, real: entry.real });
  }

  const analyzedFiles = new Set<string>();
  for (const { folder, real } of roots) {
    const tree = trees.get(real!);
    if (!tree) continue;
    const parsed: ParsedFile = { file: folder.file, format: 'terraform', worlds: [], resourceConditions: {}, declaredParameters: [...tree.config.variables.keys()], errors: [], notices: [] };
    /** Whether Terraform refuses the configuration (an error of a `deputy:ignore` comment is deputy's alone). */
    let refused = false;
    for (const node of nodesOf(tree)) {
      const { config } = node;
      for (const file of config.files) analyzedFiles.add(file.absolute);
      // A module two roots call reports its errors for each: the engine reports each error once.
      result.errors.push(...config.errors);
      refused ||= config.errors.length > 0;
      if (!node.installed) result.errors.push(...config.directiveErrors);
    }
    parsed.notices.push(...loader.noticesFor(tree));
    const callErrors = loader.errorsFor(tree);
    result.errors.push(...callErrors);
    refused ||= callErrors.length > 0;
    try {
      const errors: InputError[] = [];
      const maskedValues: MaskedValue[] = [];
      const { values, assignedAt } = await rootValues(tree, options, errors, maskedValues);
      // Before the resources are read, the errors are those of the values given for root variables.
      refused ||= errors.length > 0;
      // Each world a fresh evaluation of the root with the values given: its resources and the data sources reading roles.
      // A world's `inputs` gives values to the root variables (`var.svc`) and module variables (`module.team.var.service`) it varies.
      const evaluateRoot = (inputs: ReadonlyMap<string, string> = new Map()) => {
        const rootValues = new Map<string, Value>([...values, ...[...inputs].filter(([name]) => name.startsWith('var.')).map(([name, value]) => [name.slice('var.'.length), value] as const)]);
        const moduleInputs = new Map([...inputs].filter(([name]) => !name.startsWith('var.')));
        const context: RootContext = { rootDirectory: real!, scanRoots: options.scanRoots, rootValues, assignedAt, workspace: selectedWorkspace(real!), display: options.display, errors, modulesByFile: new Map(), arnTexts: new Map(), moduleInputs, listedModuleInputs: new Map() };
        const root = new ModuleInstance(context, tree, '', undefined);
        const resources = root.resources();
        const roleReads = root.roleReads();
        root.evaluateUnread();
        refused ||= context.refused === true;
        return { root, resources, pieces: terraformGraphPieces(resources, roleReads), listedModuleInputs: context.listedModuleInputs };
      };
      const worldOf = (resources: Resource[], pieces: ReturnType<typeof terraformGraphPieces>, parameters?: Record<string, string>): ParsedWorld => {
        const byAddress = new Map(resources.map((resource) => [resource.address, resource]));
        const duplicateKeys = (address: string) => {
          const resource = byAddress.get(address);
          return resource ? duplicateKeysOf(resource) : [];
        };
        return { conditions: {}, ...(parameters ? { parameters } : {}), resources, ...pieces, duplicateKeys };
      };
      const { root, resources, pieces, listedModuleInputs } = evaluateRoot();
      const blockSuppressions = root.blockSuppressions();
      if (blockSuppressions.length > 0) parsed.blockSuppressions = blockSuppressions;
      const skippedCalls = root.skippedCalls();
      if (skippedCalls.length > 0) parsed.unanalyzed = skippedCalls;
      if (maskedValues.length > 0) parsed.maskedValues = maskedValues;
      const listed = new Map([...[...listedInputs(tree, values)].map(([name, listedValues]) => [`var.${name}`, listedValues] as const), ...listedModuleInputs]);
      const principals = listed.size > 0 ? principalInputs(resources, pieces.policies, listed) : new Map<string, string[]>();
      if (principals.size === 0) parsed.worlds.push(worldOf(resources, pieces));
      else {
        // The world where they have no value knows less than each where they have one: it is left out.
        const varied = new Map([...principals.values()].flat().map((name) => [name, listed.get(name)!]));
        const { assignments, notices } = inputAssignments(varied);
        parsed.notices.push(...notices.map((message) => noticeAt(folder.file, message)));
        for (const assignment of assignments) {
          const world = evaluateRoot(assignment);
          parsed.worlds.push(worldOf(world.resources, world.pieces, Object.fromEntries(assignment)));
        }
        parsed.principalParameters = Object.fromEntries(principals);
      }
      result.errors.push(...errors);
      // A resource is in every world: its template is read in the first.
      const firstOfEach = new Map<string, Resource>();
      for (const resource of parsed.worlds.flatMap((world) => world.resources)) if (!firstOfEach.has(resource.address)) firstOfEach.set(resource.address, resource);
      const deployed = deployedTemplates([...firstOfEach.values()]);
      parsed.notices.push(...deployed.notices);
      if (deployed.templates.length > 0) parsed.deployedTemplates = deployed.templates;
      const { counts, files } = countUnresolved(parsed.worlds.map((world) => world.resources));
      for (const [category, count] of Object.entries(counts)) result.unresolved[category] = (result.unresolved[category] ?? 0) + count;
      const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
      if (total > 0) {
        const detail = Object.entries(counts)
          .sort((a, b) => b[1] - a[1])
          .map(([category, count]) => `${category} ${count}`)
          .join(', ');
        // A file() or templatefile() target not read is named: the user can fix the path, or scan the folder it is in.
        const named = files.size > 0 ? `; files not read: ${[...files].sort().join('; ')}` : '';
        parsed.notices.push(noticeAt(folder.file, `${total} value${total === 1 ? '' : 's'} could not be resolved statically (${detail})${named}; no finding rests on them alone`));
      }
    } catch (error) {
      result.errors.push({ file: folder.file, message: `internal error while analyzing this module: ${(error as Error).message}` });
      refused = true;
      if (process.env.DEPUTY_DEBUG) console.error(error);
    }
    // Terraform plans none of a configuration it refuses: every file of it may hold findings this analysis missed.
    if (refused) result.notAnalyzed.push(...(await loader.refusedFolders(tree)).flatMap((directory) => terraformFilesOf(directory, options.display)));
    result.files.push(parsed);
  }
  result.filesAnalyzed = analyzedFiles.size;
  return result;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The Terraform files of a module folder (its real path), named as the scan names them: what a refused configuration
 * leaves unanalyzed. The folder itself, for every file in it, when it cannot be listed.
 */
function terraformFilesOf(folder: string, display: (absolute: string) => string): string[] {
  try {
    return readdirSync(folder).filter(isTerraformFile).map((name) => display(join(folder, name)));
  } catch {
    return [display(folder)];
  }
}

function safeRealpath(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

function isLocalSource(source: string): boolean {
  return source.startsWith('./') || source.startsWith('../') || source === '.' || source === '..';
}

function localCallTargets(config: ModuleConfig): string[] {
  return [...config.modules.values()].flatMap((call) => {
    const source = call.body.source;
    if (typeof source !== 'string' || !isLocalSource(source)) return [];
    const real = safeRealpath(resolve(config.directory, source));
    return real ? [real] : [];
  });
}

function collect(node: ModuleNode, into: Set<string>): void {
  if (into.has(node.config.directory)) return;
  into.add(node.config.directory);
  for (const child of node.children.values()) if (!('skipped' in child)) collect(child, into);
}

function nodesOf(node: ModuleNode, seen = new Set<ModuleNode>()): ModuleNode[] {
  if (seen.has(node)) return [];
  seen.add(node);
  return [node, ...[...node.children.values()].flatMap((child) => ('skipped' in child ? [] : nodesOf(child, seen)))];
}

function modulesOf(node: ModuleNode): ModuleConfig[] {
  return nodesOf(node).map((found) => found.config);
}

/** Far more module calls in one root's tree than configurations make: one folder calling the next twice, 23 deep, makes 4 million. */
const MOST_MODULE_CALLS = 10_000;

/** Reads each module folder once and resolves local module calls into trees, with the reasons calls are skipped. */
class ModuleLoader {
  private readonly configs = new Map<string, Promise<ModuleConfig>>();
  /** Notices per module folder, attached to every root whose tree holds the folder. */
  private readonly notices = new Map<string, Notice[]>();
  /** Input errors per module folder (a module call Terraform refuses), attached like `notices`. */
  private readonly callErrors = new Map<string, InputError[]>();
  /**
   * Sources neither local nor installed (registry, git, ...), reported once per root: whether init installed them
   * depends on the root (`envs/prod` may have run it, `envs/dev` not).
   */
  private readonly notInstalled = new Map<string, Map<string, Notice>>();
  /** The modules `terraform init` installed, by root module folder. */
  private readonly installed = new Map<string, ReadonlyMap<string, InstalledModule>>();

  constructor(private readonly options: TerraformOptions) {}

  /** Whether a real path lies inside a scanned folder: a file linked from outside them is not read. */
  private readonly inside = (real: string): boolean => this.options.scanRoots.some((root) => real === root || real.startsWith(root + sep));

  /** Reads the folders in one batch: their files are parsed together, across worker threads when there are many. */
  async preload(reals: readonly string[]): Promise<void> {
    const configs = await loadModules(reals.map((real) => ({ directory: real, displayDirectory: this.options.display(real) })), this.inside);
    reals.forEach((real, index) => this.configs.set(real, Promise.resolve(configs[index]!)));
  }

  config(real: string): Promise<ModuleConfig> {
    let loading = this.configs.get(real);
    if (!loading) {
      loading = loadModule(real, this.options.display(real), this.inside);
      this.configs.set(real, loading);
    }
    return loading;
  }

  /**
   * `names`: the module calls from the root (`chain[0]`, else `real`) to this module; `installed`: whether it is code
   * terraform init installed, or code such code calls.
   */
  async tree(real: string, chain: readonly string[], names: readonly string[] = [], budget = { calls: MOST_MODULE_CALLS }, installed = false): Promise<ModuleNode> {
    const config = await this.config(real);
    const node: ModuleNode = { config, children: new Map(), ...(installed ? { installed } : {}) };
    for (const [name, call] of config.modules) {
      const source = call.body.source;
      const where = `module "${name}"`;
      if (typeof source !== 'string') {
        node.children.set(name, { skipped: 'its source is not a literal string' });
        continue;
      }
      const installedIn = isLocalSource(source) ? undefined : this.installedModule(chain[0] ?? real, [...names, name], source);
      if (!isLocalSource(source) && installedIn === undefined) {
        node.children.set(name, { skipped: `source ${source} is not a local folder` });
        const root = chain[0] ?? real;
        let reported = this.notInstalled.get(root);
        if (!reported) this.notInstalled.set(root, (reported = new Map()));
        // Said of the root when the call is in a module it calls: another root may have installed it (see notInstalled).
        const forRoot = root === real ? 'here' : `for the root module ${this.options.display(root)}`;
        if (!reported.has(source)) reported.set(source, callNotice(call, `${where}: source "${source}" is not a local folder and is not installed ${forRoot} (terraform init); its resources are not analyzed`));
        continue;
      }
      // An installed module is named by the folder terraform init put it in, not by its registry or git source.
      const folder = installedIn === undefined ? source : this.options.display(installedIn);
      const target = safeRealpath(installedIn ?? resolve(real, source));
      if (!target || (installedIn !== undefined && !isDirectory(target))) {
        node.children.set(name, { skipped: `folder ${folder} does not exist` });
        this.notice(real, call, `${where}: folder "${folder}" does not exist${installedIn === undefined ? '' : ' (run terraform init again)'}; skipped`);
        continue;
      }
      if (!this.inside(target)) {
        node.children.set(name, { skipped: `folder ${folder} is outside the scanned folders` });
        this.notice(real, call, `${where}: folder "${folder}" is outside the scanned folders; skipped (scan a folder that contains it)`);
        continue;
      }
      if (target === real || chain.includes(target)) {
        node.children.set(name, { skipped: `folder ${source} includes itself` });
        // Terraform refuses a module tree that includes itself (terraform init recurses until a path is too long): an
        // input error at the call, as a syntax error is, and the rest of the tree is still analyzed.
        this.callError(real, call, `${where}: folder "${source}" includes the module that calls it (a module cycle, which Terraform refuses); the cycle is not followed`);
        continue;
      }
      if (--budget.calls < 0) {
        node.children.set(name, { skipped: 'the module tree is too large' });
        this.notice(real, call, `${where}: the module tree holds more than ${MOST_MODULE_CALLS.toLocaleString('en-US')} module calls; the rest are not followed`);
        continue;
      }
      node.children.set(name, await this.tree(target, [...chain, real], [...names, name], budget, installed || installedIn !== undefined));
    }
    return node;
  }

  /** The folders inside the scanned ones where `terraform init` installed modules for the root module at `root`. */
  installedFolders(root: string): string[] {
    return [...this.manifest(root).values()].flatMap(({ directory }) => {
      const real = safeRealpath(resolve(root, directory));
      return real && real !== root && this.inside(real) ? [real] : [];
    });
  }

  private manifest(root: string): ReadonlyMap<string, InstalledModule> {
    let installed = this.installed.get(root);
    if (!installed) this.installed.set(root, (installed = readInstalledModules(root)));
    return installed;
  }

  /** Where `terraform init` installed the module a call path names, from `source`, for the root module at `root`. */
  private installedModule(root: string, names: readonly string[], source: string): string | undefined {
    const directory = installedFolder(this.manifest(root), names, source);
    return directory === undefined ? undefined : resolve(root, directory);
  }

  /**
   * The module folders of a configuration Terraform refuses: those of its tree, and of the local modules its files that
   * do not parse write as a source (and those they call), which the tree cannot hold.
   */
  async refusedFolders(tree: ModuleNode): Promise<string[]> {
    const folders = new Set<string>();
    const add = async (node: ModuleNode): Promise<void> => {
      for (const { directory, refusedSources } of modulesOf(node)) {
        if (folders.has(directory)) continue;
        folders.add(directory);
        for (const source of refusedSources) {
          const target = safeRealpath(resolve(directory, source));
          if (target && !folders.has(target) && this.inside(target) && isDirectory(target)) await add(await this.tree(target, []));
        }
      }
    };
    await add(tree);
    return [...folders];
  }

  noticesFor(tree: ModuleNode): Notice[] {
    const folders = modulesOf(tree).flatMap((config) => [...config.notices, ...(this.notices.get(config.directory) ?? [])]);
    return distinctByPlace([...folders, ...(this.notInstalled.get(tree.config.directory)?.values() ?? [])]);
  }

  /** The input errors of the module calls in a root's tree. */
  errorsFor(tree: ModuleNode): InputError[] {
    return distinctByPlace(modulesOf(tree).flatMap((config) => this.callErrors.get(config.directory) ?? []));
  }

  /** An input error on a module call of the module at `directory`. */
  private callError(directory: string, call: BlockDeclaration, message: string): void {
    const list = this.callErrors.get(directory) ?? [];
    list.push(callNotice(call, message));
    this.callErrors.set(directory, list);
  }

  /** A notice on a module call of the module at `directory`. */
  private notice(directory: string, call: BlockDeclaration, message: string): void {
    const list = this.notices.get(directory) ?? [];
    list.push(callNotice(call, message));
    this.notices.set(directory, list);
  }
}

/**
 * A notice at the `module` block of a call that writes its source: an override file's when it replaces the source,
 * since every notice on a call is about where its source leads (in its file, without a line when the block was not
 * found in the text).
 */
function callNotice(call: BlockDeclaration, message: string): Notice {
  const { file, block } = writtenPart(call, 'source');
  const at = block && file.source.blockLocation(block);
  return noticeAt(file.file, message, at && { line: at.startLine, column: at.startColumn });
}

/** Where a root variable's value was given: a variable file (its display and absolute path), or `--var`. */
type GivenIn = { file: string; absolute: string } | 'command line';

/**
 * Root variable values, by Terraform's precedence: tfvars files in the root, then `--var-file`s, then `--var`s. A value
 * Terraform refuses (not of the variable's type, or not a constant) is an error where it was given, and the variable is
 * not known. The value given for a variable declared `sensitive = true` is added to `masked`: reports show it as
 * `<var.name>`, as Terraform shows `(sensitive value)`. A default is not: it is written in the `.tf` file, for anyone
 * who reads it (and in the source lines a report quotes), as a CloudFormation `Default` is.
 * `assignedAt`: where the variable file that gives a value assigns it (`RootContext.assignedAt`), read again when asked.
 */
async function rootValues(tree: ModuleNode, options: TerraformOptions, errors: InputError[], masked: MaskedValue[]): Promise<{ values: Map<string, Value>; assignedAt: RootContext['assignedAt'] }> {
  const { config } = tree;
  const given = new Map<string, { value: Value; from: GivenIn }>();
  let names: string[] = [];
  try {
    names = readdirSync(config.directory);
  } catch {
    names = [];
  }
  const automatic = automaticVariableFiles(names).map((name) => join(config.directory, name));
  for (const path of [...automatic, ...(options.variableFiles ?? []).map((file) => resolve(file))]) {
    const shown = options.display(path);
    const parsed = config.variableFiles.get(path);
    const read = parsed === undefined ? await parseVariableFile(shown, path) : 'errors' in parsed ? parsed : { values: parsed.body };
    if (read.errors) errors.push(...read.errors);
    if (!('values' in read)) continue;
    // Terraform reads a .tfvars.json string as the text it is: `${aws:username}` there is a policy variable, not a template.
    const literal = path.endsWith('.json');
    for (const [name, raw] of Object.entries(read.values)) given.set(name, { value: literal ? (raw as Value) : evaluateRaw(raw, VARIABLE_FILE_SCOPE), from: { file: shown, absolute: path } });
  }
  const declaredTypes = new Map<string, TypeConstraint | undefined>();
  const declaredType = (name: string): TypeConstraint | undefined => {
    if (!declaredTypes.has(name)) {
      const written = config.variables.get(name)?.body.type;
      declaredTypes.set(name, written === undefined ? undefined : readTypeConstraint(written));
    }
    return declaredTypes.get(name);
  };
  for (const [name, text] of Object.entries(options.variables ?? {})) given.set(name, { value: commandLineValue(text, declaredType(name)), from: 'command line' });
  const sensitiveNames = new Set<string>();
  for (const [name, { value }] of given) {
    const body = config.variables.get(name)?.body;
    if (!body || !declaredSensitive(body)) continue;
    sensitiveNames.add(name);
    masked.push(...maskedLeavesOf(`var.${name}`, value));
    const text = options.variables?.[name];
    if (text !== undefined && value instanceof Unresolved) masked.push(...maskedLeavesOf(`var.${name}`, text));
  }
  // Each file read once, when an assignment is first asked for: an invalid value's error, or a finding's related location.
  const sources = new Map<string, ModuleSource | undefined>();
  const assignment = ({ file, absolute }: Exclude<GivenIn, 'command line'>, name: string): { source: ModuleSource; attribute: SourceAttribute } | undefined => {
    if (!sources.has(absolute)) sources.set(absolute, readVariableFileSource(file, absolute));
    const source = sources.get(absolute);
    const attribute = source?.body.attributes.findLast((candidate) => candidate.name === name);
    return source && attribute && { source, attribute };
  };
  const values = new Map<string, Value>();
  const passedTo = validatedModuleVariables(tree);
  for (const [name, { value, from }] of given) {
    // A syntax error quotes the text it stopped at: a piece of a sensitive value, which no mask would find whole.
    const problem = refusal(value, declaredType(name), !sensitiveNames.has(name)) ?? notListed(name, value, config, passedTo.get(name) ?? [], sensitiveNames.has(name));
    if (problem === undefined) {
      values.set(name, value);
      continue;
    }
    const message = `invalid value for variable ${name}${from === 'command line' ? ' (--var)' : ''}: ${problem}; Terraform refuses it, and var.${name} is analyzed as not known`;
    const assigned = from === 'command line' ? undefined : assignment(from, name);
    errors.push(from === 'command line' ? { file: '(command line)', message } : { file: from.file, ...assigned?.source.lineColumn(assigned.attribute.nameStart), message });
    values.set(name, invalidInput(`the value given for var.${name}`));
  }
  const assignedAt: RootContext['assignedAt'] = (name) => {
    const from = given.get(name)?.from;
    return from === undefined || from === 'command line' ? undefined : assignment(from, name);
  };
  return { values, assignedAt };
}

/** A variable file read as a source whose attributes are its assignments (`variableFileSource`); undefined when it cannot be read. */
function readVariableFileSource(file: string, absolute: string): ModuleSource | undefined {
  let read: ReturnType<typeof readUtf8SourceText>;
  try {
    read = readUtf8SourceText(absolute);
  } catch {
    return undefined;
  }
  if ('utf16' in read) return undefined;
  return variableFileSource(file, read.text);
}

/**
 * Why Terraform refuses a root variable's value, in its words; undefined when it takes it (any value, with no type).
 * `quotesText`: whether a syntax error quotes the text it stopped at (not for a sensitive variable's value).
 */
function refusal(value: Value, type: TypeConstraint | undefined, quotesText = true): string | undefined {
  const unknown = firstUnknown(value);
  if (unknown) {
    const category = categoryOf(unknown.reason);
    if (category === 'syntax') return quotesText ? `not a valid expression, ${unknown.reason.slice('syntax: '.length)}` : 'not a valid expression';
    if (category === 'unknown reference') return 'variables may not be used here';
    if (category === 'type error') return unknown.reason.slice('type error: '.length);
    return unknown.reason;
  }
  let problem: string | undefined;
  if (type) convertToType(value, type, (refused) => (problem ??= refused));
  return problem;
}

/**
 * Why Terraform refuses a text given for a root variable whose validation lists the values it takes (`listNotHolding`),
 * or that of a called module's variable it is passed to whole (`passedTo`; not of a module whose `count` or `for_each`
 * may make no instance), quoting the text unless either variable is sensitive; undefined where every
 * list holds it, or none is written.
 */
function notListed(name: string, value: Value, config: ModuleConfig, passedTo: readonly PassedTo[], sensitive: boolean): string | undefined {
  if (typeof value !== 'string' || hasUnresolvedPiece(value)) return undefined;
  const body = config.variables.get(name)?.body;
  const validated = [...(body?.validation === undefined ? [] : [{ name, body, whose: 'its validation' }]), ...passedTo.filter(({ mayMakeNone }) => !mayMakeNone).map((variable) => ({ ...variable, whose: `the validation of ${variable.module}.var.${variable.name}` }))];
  for (const variable of validated) {
    const refused = validationRefusal(variable, value, sensitive);
    if (refused) return refused;
  }
  return undefined;
}

/** The first value not known statically in a value, whole or a piece of a string. */
function firstUnknown(value: Value): Unresolved | undefined {
  if (value instanceof Unresolved) return value;
  if (typeof value === 'string') return unresolvedPieceOf(value);
  if (Array.isArray(value) || isObject(value)) {
    for (const inner of Array.isArray(value) ? value : Object.values(value)) {
      const found = firstUnknown(inner);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * `--var` values of a primitive type, or of none, are the text itself, which the type converts (`n=1` for a number);
 * other types, `any` included, read the text as an HCL expression, as Terraform does.
 */
function commandLineValue(text: string, type: TypeConstraint | undefined): Value {
  const kind = type?.kind;
  if (kind === undefined || kind === 'string' || kind === 'number' || kind === 'bool') return text;
  try {
    return evaluate(parseExpression(text), VARIABLE_FILE_SCOPE);
  } catch (error) {
    if (error instanceof ExpressionSyntaxError) return new Unresolved(`syntax: ${error.message}`);
    throw error;
  }
}

/**
 * Unresolved values and unresolved pieces of strings in the resources of a root's worlds, counted by the category of
 * their reason: of each category, the most one world holds (a value the worlds vary is known in each, and the others are
 * the same values in every world).
 */
function countUnresolved(worlds: ReadonlyArray<readonly Resource[]>): { counts: Record<string, number>; files: Set<string> } {
  const counts: Record<string, number> = {};
  /** The files `file()`/`templatefile()` did not read, each with why (`pol/a.json: no such file`). */
  const files = new Set<string>();
  for (const resources of worlds) {
    const inWorld: Record<string, number> = {};
    const add = (reason: string): void => {
      const colon = reason.indexOf(':');
      const category = colon < 0 ? reason : reason.slice(0, colon);
      inWorld[category] = (inWorld[category] ?? 0) + 1;
      if (category === 'unreadable file' || category === 'file not read') files.add(fileNotRead(reason.slice(colon + 1).trim()));
    };
    const seen = new Set<object>();
    const visit = (value: Value): void => {
      if (value instanceof Unresolved) add(value.reason);
      else if (typeof value === 'string') {
        if (hasUnresolvedPiece(value)) for (const token of tokenize(value)) if ('kind' in token && token.kind === 'unk') add(token.payload.replace(/\uA789/g, ':'));
      } else if (Array.isArray(value) || isObject(value)) {
        if (seen.has(value)) return;
        seen.add(value);
        for (const inner of Array.isArray(value) ? value : Object.values(value)) visit(inner);
      }
    };
    for (const resource of resources) visit(resource.properties);
    for (const [category, count] of Object.entries(inWorld)) counts[category] = Math.max(counts[category] ?? 0, count);
  }
  return { counts, files };
}

/** `name: why` of a file not read, as `why` where that names the file already (`no such file ./pol/a.json`). */
function fileNotRead(detail: string): string {
  const separator = detail.indexOf(': ');
  return separator > 0 && detail.slice(separator + 2).includes(detail.slice(0, separator)) ? detail.slice(separator + 2) : detail;
}

/**
 * The workspace `terraform plan` would use in a root folder, which `terraform.workspace` reads: `TF_WORKSPACE` when set,
 * else the one `terraform workspace select` wrote to `.terraform/environment`, else `default`.
 */
export function selectedWorkspace(rootDirectory: string): string {
  const fromEnvironment = process.env['TF_WORKSPACE'];
  if (fromEnvironment !== undefined && fromEnvironment !== '') return fromEnvironment;
  // No workspace selected: Terraform uses `default`.
  return readTerraformStateFile(rootDirectory, ['environment'], MOST_WORKSPACE_NAME_BYTES)?.trim() || 'default';
}

const MOST_WORKSPACE_NAME_BYTES = 1024;
