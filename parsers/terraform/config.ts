/** One Terraform module folder read into its declarations, each with the source block it is written in. */
import { isUtf8 } from 'node:buffer';
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { NOT_UTF8_NAME, shownName } from '../file-names.js';
import { readUtf8SourceText } from '../source-text.js';
import { noticeAt, fileFailure, type InputError, type Notice, type SourceLocation } from '../../src/model/index.js';
import { isOverrideFile, isTerraformFile } from './detect.js';
import { dynamicBlocks, isRecord, terraformText, type HclParse, type RawBody } from './hcl.js';
import { repeatedKeyMessage } from './json-repeated-keys.js';
import { JsonSource } from './json-source.js';
import { HclSource, type SourceAttribute, type SourceBlock } from './source.js';
import { parseHclFiles, type HclInput } from './workers.js';
import { unattachedDirectives } from './suppressions.js';
import type { Scope } from './expression/index.js';
import { setOwn } from '../../src/model/objects.js';

export const MAX_TERRAFORM_FILE_BYTES = 20 * 1024 * 1024;

/** Where a module's text sits; HCL and `.tf.json` files give the same view. */
export type ModuleSource = HclSource | JsonSource;

/**
 * A variable file's text as a source whose attributes are its assignments (a `.tfvars.json` file's members, as
 * `JsonSource` reads them with `variables`); of a name assigned twice, the last is the one Terraform reads.
 */
export function variableFileSource(file: string, text: string): ModuleSource {
  return file.endsWith('.json') ? new JsonSource(file, text, true) : new HclSource(file, text);
}

/** The scope a variable file's values are evaluated in: they are constants. */
export const VARIABLE_FILE_SCOPE: Scope = {
  resolve: () => undefined,
  readFile: () => ({ error: 'variable files cannot read files' }),
  refusesCalls: true,
};

export interface ModuleFile {
  /** As shown to the user. */
  file: string;
  absolute: string;
  source: ModuleSource;
}

/** A block as one file writes it. */
export interface WrittenBlock {
  body: RawBody;
  file: ModuleFile;
  block: SourceBlock | undefined;
}

export interface BlockDeclaration extends WrittenBlock {
  name: string;
  /**
   * When override files merge into the block: the block as its own file writes it, then each override block in the
   * order Terraform merges them. `body` is then the merged body; `file` and `block` stay the base's.
   */
  parts?: WrittenBlock[];
}

export interface ResourceDeclaration extends BlockDeclaration {
  mode: 'managed' | 'data';
  type: string;
  /** Of a data source a `check` block scopes: the check's name. It is read inside the check only. */
  check?: string;
}

export interface AttributeDeclaration {
  name: string;
  raw: unknown;
  file: ModuleFile;
  attribute: SourceAttribute | undefined;
}

export interface ModuleConfig {
  /** Real absolute path of the folder. */
  directory: string;
  files: ModuleFile[];
  variables: Map<string, BlockDeclaration>;
  locals: Map<string, AttributeDeclaration>;
  outputs: Map<string, BlockDeclaration>;
  resources: ResourceDeclaration[];
  modules: Map<string, BlockDeclaration>;
  /**
   * Its `check` blocks, by name, read for their `assert` blocks only; the data source one scopes is in `resources`, as
   * Terraform declares it in the module (another of its address is refused).
   */
  checks: Map<string, BlockDeclaration>;
  /** Its `provider` blocks, by the configuration they declare: `aws`, or with an alias `aws.west`. */
  providers: Map<string, BlockDeclaration>;
  errors: InputError[];
  /** What was left unread (files linked from outside the scanned folders), each on its file. */
  notices: Notice[];
  /** `deputy:ignore` comments attached to no block: errors in the user's code, not in code terraform init installed. */
  directiveErrors: InputError[];
  /**
   * The local folders its files Terraform refuses (they do not parse) write as a `source`, as written: module calls
   * they may make, which the analysis cannot see.
   */
  refusedSources: string[];
  /** Its automatic HCL variable files (`terraform.tfvars`, `*.auto.tfvars`), parsed with its files, by absolute path. */
  variableFiles: Map<string, HclParse>;
}

/**
 * Reads and parses every `.tf` / `.tf.json` file of a folder; files that fail are errors, the others still count.
 * `inside` tells whether a file's real path may be read (a link out of the scanned folders may not).
 */
export async function loadModule(directory: string, displayDirectory: string, inside: (real: string) => boolean = () => true): Promise<ModuleConfig> {
  return (await loadModules([{ directory, displayDirectory }], inside))[0]!;
}

/** `loadModule` for many folders at once: their files are parsed in one batch, across worker threads when it is large. */
export async function loadModules(folders: readonly { directory: string; displayDirectory: string }[], inside: (real: string) => boolean = () => true): Promise<ModuleConfig[]> {
  const folderFiles = folders.map(({ directory, displayDirectory }) => readModuleFiles(directory, displayDirectory, inside));
  const parsing = parseHclFiles(folderFiles.flatMap(({ files, variableFiles }) => [...files, ...variableFiles]));
  // The source scans (for lines) run here while the workers parse.
  const sources = folderFiles.map(({ files }) => files.map(({ file, text }) => (file.endsWith('.json') ? new JsonSource(file, text) : new HclSource(file, text))));
  const results = await parsing;
  let next = 0;
  return folderFiles.map(({ config, files, variableFiles }, folder) => {
    const overrides: Array<{ moduleFile: ModuleFile; body: RawBody }> = [];
    const declared: DeclaredResources = new Map();
    files.forEach(({ file, absolute }, index) => {
      const result = results[next++]!;
      if ('errors' in result) {
        config.errors.push(...result.errors);
        config.refusedSources.push(...localSourcesWritten(files[index]!.text));
        return;
      }
      const source = sources[folder]![index]!;
      const moduleFile: ModuleFile = { file, absolute, source };
      config.files.push(moduleFile);
      config.directiveErrors.push(...unattachedDirectives(source));
      if (source instanceof JsonSource) {
        for (const { name, offset } of source.repeatedAttributes) config.errors.push(errorAt(moduleFile, source.location(offset, offset), repeatedKeyMessage(name)));
      }
      const body = (source instanceof JsonSource && source.bodyWithRepeatedKeys) || result.body;
      // Terraform reads the override files last, in the order of their names (the files are sorted).
      if (isOverrideFile(absolute)) overrides.push({ moduleFile, body });
      else addDeclarations(config, declared, moduleFile, body);
    });
    for (const { moduleFile, body } of overrides) addOverrides(config, declared, moduleFile, body);
    for (const { absolute } of variableFiles) config.variableFiles.set(absolute, results[next++]!);
    return config;
  });
}

type FolderFile = HclInput & { absolute: string };

/**
 * The local paths a text Terraform cannot parse writes as a `source` (`source = "../modules/x"`, `"source": "./x"` in
 * JSON): all that can be told of the module calls it makes. A `source` of another block names a file, not a module folder.
 */
function localSourcesWritten(text: string): string[] {
  return [...text.matchAll(/\bsource"?\s*[=:]\s*"(\.\.?(?:\/[^"\\]*)?)"/g)].map((match) => match[1]!);
}

function readModuleFiles(directory: string, displayDirectory: string, inside: (real: string) => boolean): { config: ModuleConfig; files: FolderFile[]; variableFiles: FolderFile[] } {
  const config: ModuleConfig = { directory, files: [], variables: new Map(), locals: new Map(), outputs: new Map(), resources: [], modules: new Map(), checks: new Map(), providers: new Map(), errors: [], notices: [], directiveErrors: [], refusedSources: [], variableFiles: new Map() };
  let read: Buffer[];
  try {
    read = readdirSync(directory, { encoding: 'buffer' });
  } catch (error) {
    config.errors.push({ file: displayDirectory, message: `cannot read directory: ${fileFailure(error)}` });
    return { config, files: [], variableFiles: [] };
  }
  const entries = read.flatMap((name) => {
    if (isUtf8(name)) return [name.toString('utf8')];
    // Terraform reads such a file, deputy cannot (its paths are text): the module would be analyzed without it.
    if (isTerraformFile(name.toString('utf8'))) {
      config.errors.push({ file: displayDirectory, message: `${shownName(name)} not read: ${NOT_UTF8_NAME}; rename it to analyze this module` });
    }
    return [];
  });
  entries.sort();
  // Read errors of variable files are left to the root that reads them: a module called by others never does.
  const variableFiles = entries.flatMap((name) => {
    if (name !== 'terraform.tfvars' && !name.endsWith('.auto.tfvars')) return [];
    const absolute = join(directory, name);
    try {
      if (!inside(realpathSync(absolute))) return [];
      const file = displayDirectory === '.' ? name : join(displayDirectory, name);
      const readable = terraformText(file, readUtf8SourceText(absolute));
      return 'refusal' in readable ? [] : [{ file, absolute, text: readable.text }];
    } catch {
      return [];
    }
  });
  const names = entries.filter(isTerraformFile);
  const files: FolderFile[] = [];
  for (const name of names) {
    const absolute = join(directory, name);
    const file = displayDirectory === '.' ? name : join(displayDirectory, name);
    try {
      const stats = statSync(absolute);
      if (!stats.isFile()) continue;
      if (!inside(realpathSync(absolute))) config.notices.push(noticeAt(file, 'links to a file outside the scanned folders; not read'));
      else if (stats.size > MAX_TERRAFORM_FILE_BYTES) config.errors.push({ file, message: `file is larger than ${MAX_TERRAFORM_FILE_BYTES / 1024 / 1024} MiB; not analyzed` });
      else {
        const readable = terraformText(file, readUtf8SourceText(absolute));
        if ('refusal' in readable) config.errors.push(readable.refusal);
        else files.push({ file, absolute, text: readable.text });
      }
    } catch (error) {
      config.errors.push({ file, message: `cannot read file: ${fileFailure(error)}` });
    }
  }
  return { config, files, variableFiles };
}

/**
 * The blocks of each kind and labels of a file (its body) or a block, in text order (as hcl2json lists their bodies),
 * looked up, not searched for every declaration (a file of thousands of blocks took quadratic time).
 */
function blockFinder(parent: SourceBlock | undefined): (type: string, labels: string[]) => SourceBlock[] {
  const blockKey = (type: string, labels: readonly string[]) => JSON.stringify([type, ...labels]);
  const blocks = new Map<string, SourceBlock[]>();
  for (const block of parent?.blocks ?? []) {
    const key = blockKey(block.type, block.labels);
    const written = blocks.get(key);
    if (written) written.push(block);
    else blocks.set(key, [block]);
  }
  return (type, labels) => blocks.get(blockKey(type, labels)) ?? [];
}

/** Each body hcl2json gives for blocks of one kind and labels, with its block: the n-th body is the n-th block written. */
function forEachWritten(bodies: unknown, blocks: readonly SourceBlock[], visit: (body: RawBody, block: SourceBlock | undefined) => void): void {
  (Array.isArray(bodies) ? bodies : [bodies]).forEach((body, position) => {
    if (isRecord(body)) visit(body, blocks[position]);
  });
}

/** The attributes that write each local in a file's `locals` blocks, in text order (as hcl2json lists the blocks' bodies). */
export function localAttributes(source: ModuleSource): Map<string, SourceAttribute[]> {
  const attributes = new Map<string, SourceAttribute[]>();
  for (const block of source.body.blocks) {
    if (block.type !== 'locals') continue;
    for (const attribute of block.attributes) {
      const written = attributes.get(attribute.name);
      if (written) written.push(attribute);
      else attributes.set(attribute.name, [attribute]);
    }
  }
  return attributes;
}

function errorAt(file: ModuleFile, at: SourceLocation | undefined, message: string): InputError {
  return { file: file.file, ...(at ? { line: at.startLine, column: at.startColumn } : {}), message };
}

/** The resource and data declarations of a module, by `mode.type.name` (`resource.aws_iam_role.r`). */
type DeclaredResources = Map<string, ResourceDeclaration>;

/** Where a module keeps the blocks it declares by one name. */
const NAMED_BLOCKS: Readonly<Record<string, (config: ModuleConfig) => Map<string, BlockDeclaration>>> = {
  variable: (config) => config.variables,
  output: (config) => config.outputs,
  module: (config) => config.modules,
};

/**
 * Each block a file's body declares, in the order Terraform reads them: variables, outputs and module calls by their
 * name, then resources and data sources by type and name.
 */
function forEachNamedBlock(body: RawBody, visit: (kind: string, labels: [string] | [string, string], bodies: unknown) => void): void {
  for (const kind of Object.keys(NAMED_BLOCKS)) for (const [name, bodies] of Object.entries(record(body[kind]))) visit(kind, [name], bodies);
  for (const mode of ['resource', 'data']) {
    for (const [type, byName] of Object.entries(record(body[mode]))) for (const [name, bodies] of Object.entries(record(byName))) visit(mode, [type, name], bodies);
  }
}

/** The module's declaration of a block kind and labels, if a file added it. */
function declarationOf(config: ModuleConfig, declared: DeclaredResources, kind: string, labels: readonly string[]): BlockDeclaration | undefined {
  return kind === 'resource' || kind === 'data' ? declared.get(`${kind}.${labels.join('.')}`) : NAMED_BLOCKS[kind]?.(config).get(labels[0]!);
}

/** Labels as a block header writes them: `"aws_iam_role" "r"`. */
function quoted(labels: readonly string[]): string {
  return labels.map((label) => JSON.stringify(label)).join(' ');
}

/**
 * Adds a file's declarations. One declared again, in this file or another, is an error, as it is to Terraform, and the
 * first one is analyzed.
 */
function addDeclarations(config: ModuleConfig, declared: DeclaredResources, file: ModuleFile, body: RawBody): void {
  const findBlock = blockFinder(file.source.body);
  const declaredAgain = (what: string, first: WrittenBlock | AttributeDeclaration, at: SourceLocation | undefined): void => {
    const firstAt = 'attribute' in first ? first.attribute && first.file.source.attributeLocation(first.attribute) : first.block && first.file.source.blockLocation(first.block);
    const where = firstAt ? `${first.file.file}:${firstAt.startLine}` : first.file.file;
    config.errors.push(errorAt(file, at, `${what} is declared again; the first declaration, at ${where}, is analyzed (Terraform refuses it)`));
  };
  const declare = (find: ReturnType<typeof blockFinder>, check?: string) => (kind: string, labels: [string] | [string, string], bodies: unknown): void => {
    forEachWritten(bodies, find(kind, labels), (written, block) => {
      const first = declarationOf(config, declared, kind, labels);
      if (first) declaredAgain(`${kind} ${quoted(labels)}`, first, block && file.source.blockLocation(block));
      else if (kind === 'resource' || kind === 'data') {
        const [type, name] = labels as [string, string];
        const declaration: ResourceDeclaration = { mode: kind === 'resource' ? 'managed' : 'data', type, name, body: written, file, block, ...(check === undefined ? {} : { check }) };
        declared.set(`${kind}.${type}.${name}`, declaration);
        config.resources.push(declaration);
      } else NAMED_BLOCKS[kind]!(config).set(labels[0]!, { name: labels[0]!, body: written, file, block });
    });
  };
  forEachNamedBlock(body, declare(findBlock));
  for (const [name, bodies] of Object.entries(record(body.check))) {
    forEachWritten(bodies, findBlock('check', [name]), (written, block) => {
      const first = config.checks.get(name);
      if (first) declaredAgain(`check ${quoted([name])}`, first, block && file.source.blockLocation(block));
      else {
        config.checks.set(name, { name, body: written, file, block });
        forEachNamedBlock({ data: written.data }, declare(blockFinder(block), name));
      }
    });
  }
  forEachProvider(findBlock, body, (key, written, block) => {
    // Terraform refuses a configuration declared twice.
    if (!config.providers.has(key)) config.providers.set(key, { name: key, body: written, file, block });
  });
  forEachLocal(file, body, (name, raw, attribute) => {
    const first = config.locals.get(name);
    if (!first) config.locals.set(name, { name, raw, file, attribute });
    else declaredAgain(`local.${name}`, first, attribute && file.source.attributeLocation(attribute));
  });
}

/** Each `provider` block of a file (`findBlock` finds its blocks), with the configuration it declares (`aws`, `aws.west`). */
function forEachProvider(findBlock: ReturnType<typeof blockFinder>, body: RawBody, visit: (key: string, written: RawBody, block: SourceBlock | undefined) => void): void {
  for (const [name, bodies] of Object.entries(record(body.provider))) {
    forEachWritten(bodies, findBlock('provider', [name]), (written, block) => {
      const { alias } = written;
      if (alias === undefined) visit(name, written, block);
      else if (typeof alias === 'string' && !alias.includes('${')) visit(`${name}.${alias}`, written, block);
    });
  }
}

/** Each local a file's `locals` blocks set, in text order, with the attribute that writes it. */
function forEachLocal(file: ModuleFile, body: RawBody, visit: (name: string, raw: unknown, attribute: SourceAttribute | undefined) => void): void {
  const attributes = localAttributes(file.source);
  // hcl2json lists the blocks' bodies in text order: the n-th value of a name is its n-th attribute.
  const written = new Map<string, number>();
  for (const locals of Array.isArray(body.locals) ? body.locals : []) {
    for (const [name, raw] of Object.entries(record(locals))) {
      const position = written.get(name) ?? 0;
      written.set(name, position + 1);
      visit(name, raw, attributes.get(name)?.[position]);
    }
  }
}

/**
 * Merges an override file's blocks into those the module's other files declare, as Terraform does: a local is
 * replaced; a variable, output, module call, resource or data source keeps what the override block does not set
 * (`mergedBody`). An override of what no other file declares is an error, as it is to Terraform, but for a default
 * provider configuration, which exists without a block.
 */
function addOverrides(config: ModuleConfig, declared: DeclaredResources, file: ModuleFile, body: RawBody): void {
  const findBlock = blockFinder(file.source.body);
  const refusedAt = (message: string, at: SourceLocation | undefined): void => {
    config.errors.push(errorAt(file, at, `${message} (Terraform refuses it)`));
  };
  const refused = (message: string, block: SourceBlock | undefined): void => refusedAt(message, block && file.source.blockLocation(block));
  const missing = (what: string, block: SourceBlock | undefined): void => refused(`override of ${what}, which no other file of the module declares`, block);
  // Each override block merges in turn, several of one name in a file too.
  const mergeAll = (declaration: BlockDeclaration, bodies: unknown, blocks: readonly SourceBlock[], dependsOnRefused: boolean): void => {
    forEachWritten(bodies, blocks, (override, block) => {
      if (dependsOnRefused && Object.hasOwn(override, 'depends_on')) {
        const attribute = block?.attributes.find((candidate) => candidate.name === 'depends_on');
        refusedAt('depends_on may not be overridden', attribute ? file.source.attributeLocation(attribute) : block && file.source.blockLocation(block));
      }
      mergeInto(declaration, { body: override, file, block });
    });
  };
  for (const kind of ['moved', 'import', 'check']) {
    if (body[kind] !== undefined) refused(`a ${kind} block may not be in an override file`, file.source.body.blocks.find((block) => block.type === kind));
  }
  forEachNamedBlock(body, (kind, labels, bodies) => {
    const declaration = declarationOf(config, declared, kind, labels);
    const blocks = findBlock(kind, labels);
    if (!declaration) missing(`${kind} ${quoted(labels)}`, blocks[0]);
    else mergeAll(declaration, bodies, blocks, kind !== 'variable' && kind !== 'module');
  });
  // A provider block merges into the module's block for the same configuration. A default configuration (no alias)
  // needs none to override: without a block it is an empty one, and the override's block is then its block.
  forEachProvider(findBlock, body, (key, override, block) => {
    const declaration = config.providers.get(key);
    if (declaration) mergeInto(declaration, { body: override, file, block });
    else if (!key.includes('.')) config.providers.set(key, { name: key, body: override, file, block });
    else refused(`override of provider configuration ${key}, which no other file of the module declares`, block);
  });
  // Each definition overrides in turn, several in one file too.
  forEachLocal(file, body, (name, raw, attribute) => {
    if (config.locals.has(name)) config.locals.set(name, { name, raw, file, attribute });
    else refusedAt(`override of local.${name}, which no other file of the module declares`, attribute && file.source.attributeLocation(attribute));
  });
}

/** Which of a declaration's parts writes an attribute or blocks of that type, as the merge leaves them: the last that does, else the first. */
export function partWriting(parts: readonly WrittenBlock[], name: string): number {
  for (let index = parts.length - 1; index > 0; index--) {
    const { body } = parts[index]!;
    if (Object.hasOwn(body, name) || dynamicBlocks(body.dynamic).has(name)) return index;
  }
  return 0;
}

/** The part of a block (of the override block that writes `name` last, if any) with its hcl2json body (`partWriting`). */
export function writtenPart(declaration: BlockDeclaration, name: string): WrittenBlock {
  return declaration.parts ? declaration.parts[partWriting(declaration.parts, name)]! : declaration;
}

function mergeInto(declaration: BlockDeclaration, override: WrittenBlock): void {
  declaration.parts ??= [{ body: declaration.body, file: declaration.file, block: declaration.block }];
  declaration.parts.push(override);
  declaration.body = mergedBody(declaration.body, override.body);
}

/**
 * Terraform's merge of an override block into its base: each attribute replaces the base's of its name, blocks of a
 * type (static or `dynamic`) replace all the base's blocks of that type, and `lifecycle` is merged argument by
 * argument. What is inside nested blocks is never merged.
 */
export function mergedBody(base: RawBody, override: RawBody): RawBody {
  const merged: RawBody = { ...base };
  const overrideDynamic = dynamicBlocks(override.dynamic);
  for (const type of overrideDynamic.keys()) delete merged[type];
  for (const [key, value] of Object.entries(override)) {
    if (key === 'dynamic') continue;
    setOwn(merged, key, key === 'lifecycle' ? [{ ...firstBody(base.lifecycle), ...firstBody(value) }] : value);
  }
  const dynamic = { ...Object.fromEntries([...dynamicBlocks(base.dynamic)].filter(([type]) => !Object.hasOwn(override, type))), ...Object.fromEntries(overrideDynamic) };
  if (Object.keys(dynamic).length > 0) merged.dynamic = dynamic;
  else delete merged.dynamic;
  return merged;
}

function record(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

function firstBody(bodies: unknown): RawBody | undefined {
  const first = Array.isArray(bodies) ? bodies[0] : bodies;
  return isRecord(first) ? first : undefined;
}
