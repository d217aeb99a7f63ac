import { writeFileSync } from 'node:fs';
import type { Argv } from 'yargs';
import { ConfigError, loadConfig } from '../analyze/config.js';
import { scan } from '../analyze/engine.js';
import type { GraphSummary } from '../graph/summary.js';
import type { InputError } from '../model/resource.js';
import { renderDot } from '../report/dot.js';
import { compareRoles, renderGraphJson } from '../report/graph-json.js';
import { renderMermaid } from '../report/mermaid.js';
import { parseParameterFile, parseParameterPairs } from './parameters.js';
import { UsageError } from './usage-error.js';
import { writeDiagnostic } from './diagnostic.js';

export const GRAPH_FORMATS = ['mermaid', 'dot', 'json'] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];

export interface GraphArgs {
  paths: string[];
  format: GraphFormat;
  output?: string;
  config?: string;
  parameter: string[];
  parameters?: string;
}

export function graphOptions(command: Argv): Argv<GraphArgs> {
  return command
    .positional('paths', { type: 'string', array: true, default: ['.'], describe: 'Files or folders to read' })
    .option('format', { alias: 'f', choices: GRAPH_FORMATS, default: 'mermaid' as GraphFormat, describe: 'mermaid (flowchart), dot (Graphviz) or json (version 1, see docs/graph.md)' })
    .option('output', { alias: 'o', type: 'string', describe: 'Write the graph to this file instead of standard output' })
    .option('config', { alias: 'c', type: 'string', describe: 'Configuration file (its ignorePaths apply; default: the first .deputy.yml upward)' })
    .option('parameter', { alias: 'p', type: 'string', array: true, default: [], describe: 'CloudFormation parameter value, Key=Value (repeatable)' })
    .option('parameters', { type: 'string', describe: 'CloudFormation parameter file' }) as unknown as Argv<GraphArgs>;
}

export function renderGraph(graph: GraphSummary, format: GraphFormat): string {
  const ordered: GraphSummary = { roles: [...graph.roles].sort(compareRoles) };
  switch (format) {
    case 'mermaid':
      return renderMermaid(ordered, { maxRoles: Number.POSITIVE_INFINITY });
    case 'dot':
      return renderDot(ordered);
    case 'json':
      return renderGraphJson(ordered);
  }
}

/**
 * `deputy graph`: reads the inputs as `scan` does (no rules run) and prints the roles, who may assume them, the
 * policies they carry and the SageMaker resources that use them. Returns the input errors, already shown on
 * standard error; the graph holds everything that could be read.
 */
export async function runGraph(args: GraphArgs): Promise<InputError[]> {
  const parameters = { ...(args.parameters ? parseParameterFile(args.parameters) : {}), ...parseParameterPairs(args.parameter) };
  let config;
  try {
    config = await loadConfig({ configFile: args.config, paths: args.paths });
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(`invalid configuration:\n${error.message}`);
    throw error;
  }
  const result = await scan(args.paths, { parameters, config, rules: [] });
  const rendered = renderGraph(result.graph, args.format);
  if (args.output === undefined || args.output === '-') process.stdout.write(rendered);
  else {
    try {
      writeFileSync(args.output, rendered);
    } catch (error) {
      throw new UsageError(`cannot write --output ${args.output}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  }
  for (const error of result.errors) writeDiagnostic(`${[error.file, error.line, error.column].filter((part) => part !== undefined).join(':')}: ${error.message}`);
  return result.errors;
}
