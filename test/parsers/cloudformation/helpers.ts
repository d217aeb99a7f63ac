import { expect } from 'vitest';
import { parseCloudFormation } from '../../../parsers/cloudformation/index.js';
import type { ParsedFile, ParsedWorld, Resource } from '../../../src/model/index.js';

export const FILE = 'stacks/template.yaml';

/** Strips the common indentation of a template written inside a test, and the first newline. */
export function template(text: string): string {
  const lines = text.replace(/^\n/, '').split('\n');
  const indent = Math.min(...lines.filter((line) => line.trim() !== '').map((line) => line.length - line.trimStart().length));
  return lines.map((line) => line.slice(indent)).join('\n');
}

export function parse(text: string, parameters?: Record<string, string>, file = FILE): ParsedFile {
  return parseCloudFormation(file, text, parameters ? { parameters } : {});
}

/** The single world of a template that must parse cleanly. */
export function onlyWorld(text: string, parameters?: Record<string, string>, file = FILE): ParsedWorld {
  const parsed = parse(text, parameters, file);
  expect(parsed.errors).toEqual([]);
  expect(parsed.worlds).toHaveLength(1);
  return parsed.worlds[0]!;
}

export function resourceOf(world: ParsedWorld, logicalId: string): Resource {
  const resource = world.resources.find((candidate) => candidate.name === logicalId);
  if (!resource) throw new Error(`no resource ${logicalId}`);
  return resource;
}

/** 1-based line of the n-th line containing `needle`. */
export function lineOf(text: string, needle: string, occurrence = 1): number {
  let seen = 0;
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) if (lines[index]!.includes(needle) && ++seen === occurrence) return index + 1;
  throw new Error(`"${needle}" not found`);
}
