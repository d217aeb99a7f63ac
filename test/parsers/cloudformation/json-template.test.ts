import { describe, expect, it } from 'vitest';
import type { Path, StringOrigin } from '../../../src/model/index.js';
import { JsonTemplateText } from '../../../parsers/cloudformation/json-template.js';
import { PreciseDocument } from '../../../parsers/cloudformation/precise.js';

/** What an origin gives, its mappings read at a few columns (functions do not compare). */
function originReading(origin: StringOrigin | undefined, value: string): unknown {
  if (!origin) return undefined;
  const { writtenColumn, writtenLine, fit, positionInPieces, ...plain } = origin;
  const positions = positionInPieces && [[1, 1], [1, 4], [2, 1], [2, 3]].map(([line, column]) => positionInPieces(line!, column!, false));
  return { ...plain, columns: [1, 2, 5, 9].map((column) => writtenColumn?.(origin.line, column)), lines: writtenLine?.(1), positions, fit: fit && originReading(fit(value), value) };
}

function stringReading(found: ReturnType<PreciseDocument['stringAt']>): unknown {
  return found && { value: found.value, origin: originReading(found.origin, found.value) };
}

/** Every path into the document, and paths that leave it at each level. */
function pathsOf(node: unknown, path: Path = []): Path[] {
  const beside: Path[] = [path, [...path, 'missing', 'deeper'], [...path, 0], [...path, 7]];
  if (Array.isArray(node)) return [...beside, ...node.flatMap((item, index) => pathsOf(item, [...path, index]))];
  if (node !== null && typeof node === 'object') return [...beside, ...Object.entries(node).flatMap(([key, value]) => pathsOf(value, [...path, key]))];
  return beside;
}

describe('JSON templates located by walking their text', () => {
  // Written to be hard: escapes in keys and strings, a repeated key (JSON.parse reads the last), a key that reads as a
  // number, Fn::Sub as a string, as a list and beside another key, line breaks of both kinds, blanks before the root.
  const TEXTS: Record<string, string> = {
    minified: '{"Resources":{"R":{"Type":"AWS::IAM::Role","Properties":{"Name":"a\\"b\\u00e9c\\\\d\\/e","Sub":{"Fn::Sub":"x-${AWS::Region}-\\"q\\"-${!Lit}"},"List":{"Fn::Sub":["a\\tb${X}",{"X":"y"}]},"Two":{"Fn::Sub":"a","Other":1},"Dup":1,"Dup":{"k":"v"},"1":"one","E":{},"A":[],"N":[1,2.5e3,true,null,"s"]}}}}',
    'written with CRLF': '{\r\n  "Resources" : {\r\n    "R" : { "Type" : "AWS::IAM::Role",\r\n      "Properties" : { "P" : "line\\nbreak", "Q" : [ { "Fn::Sub" : [ "${A}-${B}" , { } ] } ] , "Res\\u006furce" : "escaped key" }\r\n    }\r\n  }\r\n}\r\n',
    'blanks before the root': '  \n\t{"Resources":{"R\\"x":{"Properties":{"Emoji":"\\ud83d\\ude00 after","Empty":"","Sub":{"Fn::Sub":[]}}}}}  \n',
  };

  it.each(Object.entries(TEXTS))('gives what the precise path gives, %s', (_name, text) => {
    const precise = new PreciseDocument('t.json', text);
    const walked = new JsonTemplateText('t.json', text);
    const paths = pathsOf(JSON.parse(text));
    expect(paths.length).toBeGreaterThan(30);
    for (const path of paths) {
      for (const keyOnly of [false, true]) expect(walked.locate(path, keyOnly), JSON.stringify(path)).toEqual(precise.locate(path, keyOnly));
      const found = precise.stringAt(path);
      expect(stringReading(walked.stringAt(path)), JSON.stringify(path)).toEqual(stringReading(found));
      const [walkedPositions, precisePositions] = [walked.positionsInString(path), precise.positionsInString(path)];
      expect(walkedPositions === undefined, JSON.stringify(path)).toBe(precisePositions === undefined);
      for (const offset of found ? [0, 1, Math.floor(found.value.length / 2), found.value.length] : []) {
        expect(walkedPositions!(offset), `${JSON.stringify(path)} at ${offset}`).toEqual(precisePositions!(offset));
      }
    }
  });

  it('finds no item of a list at a step that is not a list index, as the precise path does', () => {
    // A blank before the root: a step read as an index of the items remembered once led the cursor to no offset at all,
    // and skipping blanks from there never ended.
    const text = ' {"List":["a","b","c"],"Object":{"-1":"minus one","1.5":"one and a half"}}';
    const precise = new PreciseDocument('t.json', text);
    const walked = new JsonTemplateText('t.json', text);
    for (const step of [1.5, 0.5, 1.5, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      for (const path of [['List', step], ['Object', step]]) expect(walked.locate(path), `${JSON.stringify(path)} (${step})`).toEqual(precise.locate(path));
    }
  });

  it('reads the last writing of a repeated key and a Fn::Sub template through escapes', () => {
    const walked = new JsonTemplateText('t.json', TEXTS.minified!);
    const dup = TEXTS.minified!.lastIndexOf('"Dup"');
    expect(walked.locate(['Resources', 'R', 'Properties', 'Dup'], true)).toMatchObject({ startColumn: dup + 1, endColumn: dup + 6 });
    const sub = walked.stringAt(['Resources', 'R', 'Properties', 'Sub'])!;
    expect(sub.value).toBe('x-${AWS::Region}-"q"-${!Lit}');
    // Column 22 of the text read (the `$` of `${!Lit}`) is written two escapes further.
    expect(sub.origin.writtenColumn!(1, 22)).toBe(24);
    expect(walked.stringAt(['Resources', 'R', 'Properties', 'Two'])).toBeUndefined();
  });
});
