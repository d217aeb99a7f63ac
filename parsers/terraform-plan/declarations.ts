/**
 * The `.tf` blocks that declare a plan's resources, for a plan that sits in (or is given with `--tf-dir`) the
 * Terraform folder it was made from: findings then point at the configuration a reviewer edits.
 */
import { readdirSync, realpathSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { readSourceText } from '../source-text.js';
import type { Path, SourceLocation, StringOrigin, Value } from '../../src/model/index.js';
import { isTerraformFile } from '../terraform/detect.js';
import { JsonSource } from '../terraform/json-source.js';
import { attributeExpression, literalOf, locateInAttribute } from '../terraform/origins.js';
import { HclSource, heredocOrigin, type SourceAttribute, type SourceBlock } from '../terraform/source.js';
import type { ResourceAddress } from './address.js';
import { MAX_DEPTH, type ModuleConfig, type PlanConfiguration } from './configuration.js';

export interface Declaration {
  source: HclSource | JsonSource;
  block: SourceBlock;
}

export interface TerraformFolder {
  /** Absolute path of the root module's folder. */
  absolute: string;
  /** The same folder as shown in output. */
  display: string;
}

export class Declarations {
  private readonly folders = new Map<string, Array<HclSource | JsonSource>>();
  /** Module folders outside the scanned folders, which are not read. */
  private readonly outside = new Set<string>();

  constructor(
    private readonly folder: TerraformFolder,
    private readonly configuration: PlanConfiguration,
    /** Whether a real path may be read (it lies inside a scanned root). */
    private readonly readable: (real: string) => boolean,
  ) {}

  find(address: ResourceAddress): Declaration | undefined {
    const directory = this.moduleDirectory(address.modules.map((step) => step.name));
    if (directory === undefined) return undefined;
    const blockType = address.mode === 'data' ? 'data' : 'resource';
    for (const source of this.sources(directory)) {
      const block = source.body.blocks.find((candidate) => candidate.type === blockType && candidate.labels[0] === address.type && candidate.labels[1] === address.name);
      if (block) return { source, block };
    }
    return undefined;
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

  /** The module folders that declarations were looked for in but that lie outside the scanned folders, as shown in output. */
  outsideFolders(): string[] {
    return [...this.outside].map((directory) => join(this.folder.display, relative(this.folder.absolute, directory)));
  }

  /** Local module folders only (`./`, `../`): registry and git modules are not in the tree. */
  private moduleDirectory(names: readonly string[]): string | undefined {
    const sources = this.configuration.moduleSources(names);
    if (!sources) return undefined;
    let directory = this.folder.absolute;
    for (const source of sources) {
      if (!LOCAL_SOURCE.test(source)) return undefined;
      directory = resolve(directory, source);
    }
    return directory;
  }

  private sources(directory: string): Array<HclSource | JsonSource> {
    let sources = this.folders.get(directory);
    if (!sources) {
      sources = [];
      try {
        if (!this.readable(realpathSync(directory))) this.outside.add(directory);
        else {
          for (const name of readdirSync(directory).filter(isTerraformFile).sort()) {
            const absolute = join(directory, name);
            if (!this.readable(realpathSync(absolute))) continue;
            const display = join(this.folder.display, relative(this.folder.absolute, absolute));
            const text = readSourceText(absolute);
            sources.push(name.endsWith('.json') ? new JsonSource(display, text) : new HclSource(display, text));
          }
        }
      } catch {
        // An unreadable module folder leaves its findings in the plan file.
      }
      this.folders.set(directory, sources);
    }
    return sources;
  }
}

/** A module source in the tree of the calling module (`./`, `../`). */
const LOCAL_SOURCE = /^\.\.?\//;

/** The attribute a path leads to inside a declaration, with the rest of the path below it; else the deepest block reached. */
function walk({ source, block }: Declaration, path: Path): { attribute: SourceAttribute; rest: Path } | { location: SourceLocation } {
  let current = block;
  let location = source.blockLocation(block);
  for (let index = 0; index < path.length; index++) {
    const step = path[index];
    if (typeof step !== 'string') break;
    const attribute = current.attributes.find((candidate) => candidate.name === step);
    if (attribute) return { attribute, rest: path.slice(index + 1) };
    const next = path[index + 1];
    // A `dynamic` block writes any number of blocks where it stands: past the first one, positions are not known.
    const written = current.blocks.filter((candidate) => candidate.type === step || (candidate.type === 'dynamic' && candidate.labels[0] === step));
    const position = typeof next === 'number' ? next : 0;
    const firstDynamic = written.findIndex((candidate) => candidate.type === 'dynamic');
    if (firstDynamic >= 0 && position >= firstDynamic) {
      // Unless it is the last one written: every position from it on is one of its blocks.
      if (firstDynamic === written.length - 1) location = source.blockLocation(written[firstDynamic]!);
      break;
    }
    const child = written[position];
    if (!child) break;
    current = child;
    location = source.blockLocation(child);
    if (typeof next === 'number') index++;
  }
  return { location };
}

/** The attribute (or nested block) a path leads to inside a declaration, else the deepest block reached. */
export function locateInDeclaration(declaration: Declaration, path: Path): SourceLocation {
  const found = walk(declaration, path);
  return 'attribute' in found ? declaration.source.attributeLocation(found.attribute) : found.location;
}

/**
 * Where a path below an attribute lands when the attribute writes the value as an expression (`jsonencode({...})`,
 * whose keys and list positions the plan's JSON text keeps); undefined when the path stops at the attribute.
 * `isPlanned` tells whether a literal written there is the plan's value at the path (a list may have been reordered).
 */
export function locateInExpression(declaration: Declaration, path: Path, isPlanned: (written: Value) => boolean): SourceLocation | undefined {
  const found = walk(declaration, path);
  if (!('attribute' in found) || found.rest.length === 0 || !(declaration.source instanceof HclSource)) return undefined;
  return locateInAttribute(declaration.source, found.attribute, found.rest, isPlanned);
}

/**
 * Where the text of the heredoc at the attribute a path names starts, when `isWritten` accepts its text (the plan's
 * value is the heredoc as written, nothing interpolated): positions inside the value are then positions in the file.
 */
export function heredocTextOrigin(declaration: Declaration, path: Path, isWritten: (text: string) => boolean): StringOrigin | undefined {
  const { source } = declaration;
  const found = walk(declaration, path);
  if (!('attribute' in found) || found.rest.length > 0 || !(source instanceof HclSource)) return undefined;
  const origin = heredocOrigin(source, found.attribute);
  if (!origin) return undefined;
  // The text as HCL reads the heredoc (indentation stripped, escapes decoded); none when it interpolates anything.
  const expression = attributeExpression(source, found.attribute);
  const text = expression ? literalOf(expression) : undefined;
  return typeof text === 'string' && isWritten(text) ? origin : undefined;
}
