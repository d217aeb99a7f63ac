/**
 * The CloudFormation templates Terraform's `aws_cloudformation_stack` and `aws_cloudformation_stack_set` deploy, read
 * from their `template_body` as templates of their own, located where the text is written: a heredoc's or a quoted
 * string's lines in the `.tf` file, a `file()` or `templatefile()` target in its own file, the entries of a
 * `jsonencode({...})` object in the `.tf` file.
 */
import { parseCloudFormation, saidWhere } from '../cloudformation/index.js';
import { hasMarker, hasUnresolvedPiece, isObject, MARK_END, MARK_START, noticeAt, valueAtPath, writtenPosition, type Notice, type ParsedFile, type Path, type Resource, type SourceLocation, type StringOrigin, type Value } from '../../src/model/index.js';
import { isKeptEncoded } from './expression/convert.js';
import { jsonEncode } from './expression/index.js';
import { deployedTemplateNotice } from './resources.js';

const TEMPLATE_BODY = 'template_body';

/**
 * The templates the resources deploy, each read once by address (the first world that knows its text), and a notice at
 * each resource whose template cannot be read: at a `template_url`, not known statically, or not written where its
 * lines can be placed.
 */
export function deployedTemplates(resources: readonly Resource[]): { templates: ParsedFile[]; notices: Notice[] } {
  const templates: ParsedFile[] = [];
  const notices: Notice[] = [];
  for (const resource of resources) {
    const notFollowed = deployedTemplateNotice(resource.type, resource.address);
    if (notFollowed === undefined || resource.change === 'read') continue;
    const body = isObject(resource.properties) ? resource.properties[TEMPLATE_BODY] : undefined;
    // `jsonencode({...})` is kept as the object it encodes (see keptEncoded): the template is its text.
    const encoded = body !== undefined && isKeptEncoded(body);
    const text = encoded ? jsonEncode(body) : body;
    const read = typeof text === 'string' ? readDeployedTemplate(resource, text, encoded) : undefined;
    if (read && 'template' in read) templates.push(read.template);
    else notices.push(noticeAt(resource.location.file, read?.notice ?? notFollowed, { line: resource.location.startLine, column: resource.location.startColumn }));
  }
  return { templates, notices };
}

/** Where the template's text is written: its own lines placed in a file, or the entries of an object written in one. */
interface Placement {
  file: string;
  text: string;
  locatedAt?: (path: Path) => SourceLocation;
}

function readDeployedTemplate(resource: Resource, body: string, encoded: boolean): { template: ParsedFile } | { notice: string } {
  const placement = encoded ? encodedPlacement(resource, body) : (placementOf(resource, body) ?? stringPlacement(resource, body));
  const attribute = `the ${TEMPLATE_BODY} of ${resource.address}`;
  const template = parseCloudFormation(placement.file, jsonSafe(placement.text), { deployedBy: `${resource.address}/${TEMPLATE_BODY}#`, ...(placement.locatedAt ? { locatedAt: placement.locatedAt } : {}) });
  // A text an unknown value breaks is not known: what it deploys is not told, and nothing is wrong with what is written.
  if (template.worlds.length === 0 && hasUnresolvedPiece(body)) {
    return { notice: `${resource.address} is not followed: the CloudFormation template ${deployedWhere(resource)} is not analyzed, as values not known statically write its text` };
  }
  saidWhere(template, `in ${attribute}: `);
  return { template };
}

/**
 * JSON text with the markers of the values Terraform does not know (and the owner's symbols) escaped, so that JSON
 * reads them back inside its strings (a character of a line after one is placed that much later); YAML reads them as
 * they are.
 */
function jsonSafe(text: string): string {
  return /^\s*\{/.test(text) && hasMarker(text) ? text.replace(MARKER_CHARACTER, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`) : text;
}

const MARKER_CHARACTER = new RegExp(`[${MARK_START}${MARK_END}]`, 'g');

function deployedWhere(resource: Resource): string {
  return resource.type === 'aws_cloudformation_stack_set' ? 'it deploys to its stack instances' : 'it deploys';
}

/** The text written as text: where its lines are written. */
function placementOf(resource: Resource, body: string): Placement | undefined {
  const origin = resource.locator.stringOrigin?.([TEMPLATE_BODY]);
  const fitted = origin?.fit ? origin.fit(body) : origin;
  // The text of a file file() reads, in a plan beside its .tf files, is the file's.
  const fileRead = fitted ? undefined : resource.locator.fileReadAt?.([TEMPLATE_BODY]);
  if (fileRead !== undefined) return { file: fileRead, text: body };
  const text = fitted && placedText(body, fitted);
  // A plan's resource is in the plan; its text is where its declaration is.
  return text === undefined ? undefined : { file: fitted!.file ?? resource.locator.locate([TEMPLATE_BODY]).file, text };
}

/**
 * The text of an object written as `jsonencode({...})`: a path of the template is that path below the object, located
 * where the object writes it (one another expression computes, at the nearest entry written).
 */
function encodedPlacement(resource: Resource, text: string): Placement {
  return { file: resource.locator.locate([TEMPLATE_BODY]).file, text, locatedAt: (inner) => resource.locator.locate([TEMPLATE_BODY, ...inner]) };
}

/**
 * The text of a string whose lines are not the file's (a plan's string, a value read from elsewhere): a path of the
 * template is where the string's JSON text writes it, as a policy's (`Locator.locateInString`), else at the string.
 */
function stringPlacement(resource: Resource, text: string): Placement {
  const whole = resource.locator.locate([TEMPLATE_BODY]);
  let document: Value = null;
  try {
    document = JSON.parse(text) as Value;
  } catch {
    // YAML text: located at the string.
  }
  const locatedAt = (inner: Path): SourceLocation => {
    for (let length = inner.length; length > 0; length--) {
      const located = resource.locator.locateInString?.([TEMPLATE_BODY, ...inner.slice(0, length)], valueAtPath(document, inner.slice(0, length)), document);
      if (located) return located;
    }
    return whole;
  };
  return { file: whole.file, text, locatedAt };
}

/**
 * The text with each of its lines where the origin writes it: blank lines before it, and blanks before each line, so
 * that a template read from it finds each line at its line and column of the file. Undefined where the origin does not
 * write its lines one to one, in order (an escaped line break, a line a directive wrote).
 */
function placedText(text: string, origin: StringOrigin): string | undefined {
  const placed: string[] = [];
  for (const [index, line] of text.split('\n').entries()) {
    const at = writtenPosition(origin, index + 1, 1, false);
    if (!at || at.line <= placed.length) return undefined;
    while (placed.length < at.line - 1) placed.push('');
    placed.push(line === '' ? '' : ' '.repeat(at.column - 1) + line);
  }
  return placed.join('\n');
}
