import { writeFileSync } from 'node:fs';
import type { Argv } from 'yargs';
import { scan } from '../analyze/engine.js';
import type { GraphSummary } from '../graph/summary.js';
import type { InputError } from '../model/resource.js';
import { renderDot } from '../report/dot.js';
import { compareRoles, renderGraphJson } from '../report/graph-json.js';
import { renderMermaid } from '../report/mermaid.js';
import { inputPlace } from '../report/text.js';
import { inputOptions, readInputs, refuseOverwritingInputs, singleValued, type InputArgs } from './inputs.js';
import { fileFailure } from '../model/resource.js';
import { UsageError } from './usage-error.js';
import { writeDiagnostic } from './diagnostic.js';

export const GRAPH_FORMATS = ['mermaid', 'dot', 'json'] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];

export interface GraphArgs extends InputArgs {
  format: GraphFormat;
  output?: string;
}

export function graphOptions(command: Argv): Argv<GraphArgs> {
  return singleValued(inputOptions(command), ['format', 'output'])
    .option('format', { alias: 'f', choices: GRAPH_FORMATS, default: 'mermaid' as GraphFormat, describe: 'mermaid (flowchart), dot (Graphviz) or json (version 1, see docs/graph.md)' })
    .option('output', { alias: 'o', type: 'string', requiresArg: true, describe: 'Write the graph to this file instead of standard output' }) as unknown as Argv<GraphArgs>;
}

export function renderGraph(graph: GraphSummary, format: GraphFormat): string {
  const ordered: GraphSummary = { roles: [...graph.roles].sort(compareRoles) };
  switch (format) {
    case 'mermaid':
      return renderMermaid(ordered, { maxRoles: Number.POSITIVE_INFINITY, maxEdges: Number.POSITIVE_INFINITY, maxTextSize: Number.POSITIVE_INFINITY });
    case 'dot':
      return renderDot(ordered);
    case 'json':
      return renderGraphJson(ordered);
  }
}

/**
 * `deputy graph`: reads the inputs as `scan` does (no rules run) and prints the roles, who may assume them, the
 * policies they carry and the SageMaker resources that use them. Returns the input errors, already shown on
 * standard error with the notices; the graph holds everything that could be read.
 */
export async function runGraph(args: GraphArgs): Promise<InputError[]> {
  if (args.output !== undefined && args.output !== '-') refuseOverwritingInputs([{ option: '--output', file: args.output }], args.paths, args);
  const { config, options } = await readInputs(args);
  const result = await scan(args.paths, { ...options, config, rules: [] });
  const rendered = renderGraph(result.graph, args.format);
  if (args.output === undefined || args.output === '-') process.stdout.write(rendered);
  else {
    try {
      writeFileSync(args.output, rendered);
    } catch (error) {
      throw new UsageError(`cannot write --output ${args.output}: ${fileFailure(error)}`);
    }
  }
  for (const error of result.errors) writeDiagnostic(`${inputPlace(error)}: ${error.message}`);
  // What the graph leaves out (a transform not expanded, a link out of the scanned folders), as scan's notices say.
  for (const notice of result.notices) writeDiagnostic(`note: ${inputPlace(notice)}: ${notice.message}`);
  return result.errors;
}
