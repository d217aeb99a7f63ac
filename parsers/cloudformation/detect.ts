/** Recognises CloudFormation templates by content (cheaply), among files with a template-like extension. */
import { CLOSE_BRACE, COLON, OPEN_BRACE, OPEN_BRACKET, QUOTE, skipBlanks, stringEnd } from '../json-text.js';
import { looksLikeJson } from './fast.js';
import { LOOP_PREFIX } from './loops.js';
import { isPlainObject, samTransformOf } from './shape.js';
import { TemplateSource } from './source.js';

const TEMPLATE_EXTENSIONS = /\.(ya?ml|json|template|txt|cfn)$/i;
/** At least one of these words appears in every template: a cheap first filter. */
const TEMPLATE_WORDS = /AWSTemplateFormatVersion|Resources|Transform/;
const RESOURCE_TYPE = /^[A-Za-z0-9]+::[A-Za-z0-9]+/;

// YAML: top-level keys sit at the indentation of the first key (usually column 0); resource types are `Type: X::Y`.
const FIRST_KEY_INDENT = /^([ \t]*)[^\s#%-]/m;
// A document whose first content (after blank, comment, directive and `---` lines) is a `- ` item is a sequence, which
// no template is, whatever its items hold (cfn-guard rule tests list templates as `- input:`).
const TOP_LEVEL_SEQUENCE = /^(?:[ \t]*(?:#[^\n]*)?\r?\n|%[^\n]*\n|---[^\n]*\n)*[ \t]*-(?:[ \t]|\r?\n)/;
const TOP_LEVEL_TEMPLATE_KEY = /(?:["']?AWSTemplateFormatVersion["']?[ \t]*:|["']?Transform["']?[ \t]*:[\s\-[]*["']?AWS::Serverless-)/.source;
/**
 * `Resources:` holding no list (a `- ` item or a flow `[`, after blanks and comments), as no template's does: a CodeDeploy
 * AppSpec file lists its `Resources`, typed `AWS::Lambda::Function` or `AWS::ECS::Service`. Each comment runs to its
 * line's end: a comment that may end at any `#` makes a banner of `#` backtrack exponentially.
 */
const TOP_LEVEL_RESOURCES = /["']?Resources["']?[ \t]*:(?!\s*(?:#[^\n]*\n\s*)*(?:-\s|\[))/.source;
const YAML_RESOURCE_TYPE = /^[ \t]+["']?Type["']?[ \t]*:[ \t]*["']?[A-Za-z0-9]+::[A-Za-z0-9]+/m;

// YAML flow style (`Role: {Type: ...}`, or the whole document one `{...}`) escapes the line-based patterns above: a
// template word or a resource type written as a flow-mapping key makes the file worth parsing to decide.
const FLOW_TEMPLATE_HINT = /[{,][ \t\r\n]*["']?(?:AWSTemplateFormatVersion|Transform|Resources|Type["']?[ \t]*:[ \t]*["']?[A-Za-z0-9]+::[A-Za-z0-9]+)/;
/** A template section as a key of the document itself: first in a flow mapping that is the document, or a top-level key. */
const TOP_LEVEL_SECTION = String.raw`(?:["']?(?:AWSTemplateFormatVersion|Transform)["']?[ \t]*:|${TOP_LEVEL_RESOURCES})`;
const FLOW_DOCUMENT_SECTION = new RegExp(/^(?:[ \t]*(?:#[^\n]*)?\r?\n|%[^\n]*\n|---[^\n]*\n)*[ \t]*\{[ \t\r\n]*/.source + TOP_LEVEL_SECTION);

// Unparsable JSON: still routed to the parser (which reports the syntax error) when its own keys, read up to where it
// breaks, make a template as `isTemplateObject` decides: a SAM transform, or a `Resources` mapping with a resource type.
const JSON_SAM_TRANSFORM = /(?:\[[^\]]*?)?"AWS::Serverless-/y;
const JSON_RESOURCE_TYPE = /"[A-Za-z0-9]+::[A-Za-z0-9]+/y;

export function hasTemplateExtension(file: string): boolean {
  return TEMPLATE_EXTENSIONS.test(file);
}

export function looksLikeCloudFormation(file: string, text: string): boolean {
  if (!hasTemplateExtension(file) || !TEMPLATE_WORDS.test(text)) return false;
  const content = text.replace(/^\uFEFF/, '');
  if (/^\s*\{/.test(content)) {
    try {
      return isTemplateObject(JSON.parse(content));
    } catch {
      // Read as the parser reads it: JSON (whose errors YAML would read past), or a YAML flow mapping.
      return looksLikeJson(file, content) ? isBrokenJsonTemplate(content) : isFlowStyleTemplate(file, content, FLOW_DOCUMENT_SECTION.test(content));
    }
  }
  if (TOP_LEVEL_SEQUENCE.test(content)) return false;
  const indent = FIRST_KEY_INDENT.exec(content)?.[1] ?? '';
  const topLevel = (key: string) => new RegExp(`^${indent}${key}`, 'm').test(content);
  return (
    topLevel(TOP_LEVEL_TEMPLATE_KEY) ||
    typesResources(content, indent) ||
    typesStrayResources(content, indent) ||
    isFlowStyleTemplate(file, content, FLOW_DOCUMENT_SECTION.test(content) || topLevel(TOP_LEVEL_SECTION))
  );
}

/**
 * Whether a top-level `Resources` mapping has a resource type in its section: the lines up to the next top-level one
 * (not a comment, nor a merge-conflict marker), so that a `Type: AWS::...` in Outputs or Metadata makes no template.
 */
function typesResources(content: string, indent: string): boolean {
  const resources = new RegExp(`^${indent}${TOP_LEVEL_RESOURCES}`, 'gm');
  const nextTopLevel = new RegExp(`^${indent}${LINE_CONTENT}`, 'gm');
  for (let found = resources.exec(content); found; found = resources.exec(content)) {
    const { end, typed } = typedSection(content, resources.lastIndex, nextTopLevel);
    if (typed) return true;
    resources.lastIndex = end;
  }
  return false;
}

/** A line's first character that is content: not a blank, a comment, nor a merge-conflict marker. */
const LINE_CONTENT = String.raw`(?![<=>]{7})[^\s#]`;

/**
 * The section whose text starts at `start`: where it ends (the next line `outside`, a global pattern, finds, or the text's
 * end) and whether it types a resource (`YAML_RESOURCE_TYPE`).
 */
function typedSection(content: string, start: number, outside: RegExp): { end: number; typed: boolean } {
  outside.lastIndex = start;
  const end = outside.exec(content)?.index ?? content.length;
  return { end, typed: YAML_RESOURCE_TYPE.test(content.slice(start, end)) };
}

/**
 * A template's top-level line that holds no `Resources` indented under it: a section CloudFormation reads as a string (but
 * a block scalar's header, whose text the lines under it are), or another section with a scalar on its line (not a block
 * scalar's header, a tag or an anchor, which a mapping may follow).
 */
const NO_OWNER = /^["']?(?:(?:AWSTemplateFormatVersion|Description)["']?[ \t]*:(?![ \t]*[|>])|(?:Transform|Metadata|Parameters|Rules|Mappings|Conditions|Outputs|Globals|Hooks)["']?[ \t]*:[ \t]+[^\s#|>!&])/;

/**
 * Whether a `Resources` mapping with a resource type in its section is indented, by mistake, under a template's top-level
 * line that cannot hold it (`NO_OWNER`): `Description: x` over ` Resources:`, which YAML refuses, or `Description:` over
 * it, which CloudFormation refuses. The parser then says what is wrong at its line, where skipping the file would hide
 * the template from a folder scan. A `Resources` under any other key (`resources:` of a Serverless Framework file) is
 * no template's.
 */
function typesStrayResources(content: string, indent: string): boolean {
  const nested = new RegExp(String.raw`^(${indent}[ \t]+)${TOP_LEVEL_RESOURCES}`, 'gm');
  const owners = new LineOwners(content);
  for (let found = nested.exec(content); found; found = nested.exec(content)) {
    const depth = found[1]!.length;
    const nextOutside = new RegExp(String.raw`^[ \t]{0,${depth}}${LINE_CONTENT}`, 'gm');
    if (!typedSection(content, nested.lastIndex, nextOutside).typed) continue;
    const owner = owners.ownerOf(found.index, depth);
    if (owner !== undefined && owner.startsWith(indent) && NO_OWNER.test(owner.slice(indent.length))) return true;
  }
  return false;
}

/**
 * The line a line is indented under: the last one before it, neither blank nor a comment, indented less. Asked about
 * lines in the order of the text, it reads each line once (the lines that may still own a later one, each indented
 * more than the one before, are kept open): a text of many nested `Resources` (a YAML file listing templates, a block
 * scalar holding them) is read in one pass, where searching back from each would read it again for each.
 */
class LineOwners {
  private readonly lines = /^([ \t]*)[^\s#]/gm;
  /** The starts and indentations of the lines open, each indented more than the one before. */
  private readonly open: Array<{ start: number; depth: number }> = [];

  constructor(private readonly content: string) {}

  /** The owner of the line at `start` (no earlier than one asked before), indented by `depth`; undefined for none. */
  ownerOf(start: number, depth: number): string | undefined {
    for (let line = this.lines.exec(this.content); line && line.index < start; line = this.lines.exec(this.content)) this.enter(line.index, line[1]!.length);
    // The line at `start` (or one after it) was read: it is read again, with the next question.
    this.lines.lastIndex = start;
    this.enter(start, depth);
    this.open.pop();
    const owner = this.open.at(-1);
    if (owner === undefined) return undefined;
    const end = this.content.indexOf('\n', owner.start);
    return this.content.slice(owner.start, end === -1 ? undefined : end);
  }

  /** A line read: it closes the open lines it is not indented under. */
  private enter(start: number, depth: number): void {
    while (this.open.length > 0 && this.open.at(-1)!.depth >= depth) this.open.pop();
    this.open.push({ start, depth });
  }
}

/**
 * Read as the parser reads it, so that the decision is the same as for JSON: the document's own shape. One that cannot
 * be read is a template when a template section is its own key (`ownSection`), as broken JSON naming template parts
 * is: the parser then reports its syntax error, where skipping it would hide the template from a folder scan.
 */
function isFlowStyleTemplate(file: string, content: string, ownSection: boolean): boolean {
  if (!FLOW_TEMPLATE_HINT.test(content)) return false;
  const source = new TemplateSource(file, content);
  return source.document === undefined ? ownSection && source.errors.length > 0 : isTemplateObject(source.document);
}

/**
 * Whether JSON that does not parse declares a template by its top-level keys, read as `isTemplateObject` reads them: a
 * document nested in another's object or in a list declares none (a CodeDeploy AppSpec file lists its typed `Resources`).
 */
function isBrokenJsonTemplate(content: string): boolean {
  const { keys, typedResource } = brokenJsonOutline(content);
  const transform = keys.get('Transform');
  if (transform !== undefined) JSON_SAM_TRANSFORM.lastIndex = transform;
  return keys.has('AWSTemplateFormatVersion') || (transform !== undefined && JSON_SAM_TRANSFORM.test(content)) || typedResource;
}

const JSON_STRUCTURE = /["{}[\]]/g;

/**
 * What the text's outermost object declares, read by its brackets: its keys, each with where its (last) value starts,
 * and whether an entry of its `Resources` mapping (or of a loop's fragment there) is typed as a resource. Counting
 * brackets rather than reading entries, it reads past what breaks the JSON (a comment, a missing comma, the markers of a
 * merge conflict) to the keys after it. Where the brackets do not balance, each closer closes the nearest bracket of its
 * kind and what the text left open inside it (one with none of its kind open is stray, and ignored), and a key closes the
 * lists left open around it, as no list holds a key: `{"Description": [1, "Resources": {...}}` has a top-level
 * `Resources`. An object left open cannot be told from one whose keys are nested on purpose, and keeps its keys.
 */
function brokenJsonOutline(content: string): { keys: Map<string, number>; typedResource: boolean } {
  const keys = new Map<string, number>();
  /** The brackets open, outermost first. */
  const open: number[] = [];
  /** How many of them are braces: a closer with none of its kind open is skipped without a search. */
  let braces = 0;
  /** How many brackets are open inside the top-level `Resources` mapping, its own included (0 outside it). */
  let resourcesDepth = 0;
  let typedResource = false;
  /** Closes the innermost bracket. */
  const close = () => {
    if (open.pop() === OPEN_BRACE) braces--;
    if (open.length < resourcesDepth) resourcesDepth = 0;
  };
  JSON_STRUCTURE.lastIndex = 0;
  for (let found = JSON_STRUCTURE.exec(content); found; found = JSON_STRUCTURE.exec(content)) {
    const code = content.charCodeAt(found.index);
    if (code === QUOTE) {
      const end = stringEnd(content, found.index);
      const after = skipBlanks(content, end);
      if (content.charCodeAt(after) === COLON) {
        while (open.at(-1) === OPEN_BRACKET) close();
        const key = content.slice(found.index + 1, end - 1);
        const value = skipBlanks(content, after + 1);
        if (open.length === 1) keys.set(key, value);
        else if (resourcesDepth > 0 && open.length > resourcesDepth && key === 'Type') {
          JSON_RESOURCE_TYPE.lastIndex = value;
          typedResource ||= JSON_RESOURCE_TYPE.test(content);
        }
      }
      JSON_STRUCTURE.lastIndex = end;
    } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      open.push(code);
      if (code === OPEN_BRACE) braces++;
      if (code === OPEN_BRACE && open.length === 2 && found.index === keys.get('Resources')) resourcesDepth = 2;
    } else {
      const opener = code === CLOSE_BRACE ? OPEN_BRACE : OPEN_BRACKET;
      if (opener === OPEN_BRACE ? braces > 0 : open.length > braces) {
        while (open.at(-1) !== opener) close();
        close();
      }
    }
  }
  return { keys, typedResource };
}

function isTemplateObject(value: unknown): boolean {
  if (!isPlainObject(value)) return false;
  if (value.AWSTemplateFormatVersion !== undefined) return true;
  if (samTransformOf(value) !== undefined) return true;
  return isPlainObject(value.Resources) && declaresTypedResource(value.Resources);
}

/** Whether the mapping declares a resource with a type, itself or in the fragment of a `Fn::ForEach` loop (loops nest). */
function declaresTypedResource(resources: Readonly<Record<string, unknown>>): boolean {
  return Object.entries(resources).some(([key, entry]) =>
    key.startsWith(LOOP_PREFIX)
      ? Array.isArray(entry) && isPlainObject(entry[2]) && declaresTypedResource(entry[2])
      : isPlainObject(entry) && typeof entry.Type === 'string' && RESOURCE_TYPE.test(entry.Type),
  );
}
