import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { ACTION_BUNDLE, repositoryRoot } from '../../src/action/bundle.js';
import { ACTION_INPUTS, actionArgv, getInput, runAction, splitArguments } from '../../src/action/run.js';

const ROOT = repositoryRoot();

interface ActionManifest {
  name: string;
  description: string;
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string }>;
  runs: { using: string; main: string };
}

const manifest = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as ActionManifest;

describe('action.yml', () => {
  it('runs the bundle `npm run bundle` writes, on Node 24: GitHub removed Node 20 from its runners on 2026-09-16', () => {
    const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    const outdir = /node dist\/src\/action\/bundle\.js (\S+)$/.exec(scripts.bundle!)?.[1];
    expect(manifest.runs).toEqual({ using: 'node24', main: `${outdir}/${ACTION_BUNDLE}` });
  });

  it('is shown in the README with actions that run on Node 24 too, and on the runtime it declares', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## GitHub Action'), readme.indexOf('## pre-commit'));
    expect(section).toContain(`JavaScript action (Node ${manifest.runs.using.replace('node', '')},`);
    // The majors that declare node20 (checkout v4, codeql-action v3) run forced onto Node 24, with a warning on every run.
    const uses = [...section.matchAll(/uses: ([\w-]+\/[\w/-]+)@v(\d+)/g)].map(([, action, major]) => `${action}@v${major}`);
    expect(uses).toEqual(['actions/checkout@v5', 'deputy-iam/deputy@v1', 'github/codeql-action/upload-sarif@v4']);
  });

  it('declares exactly the inputs the entry reads, none required, and the findings output', () => {
    expect(Object.keys(manifest.inputs).sort()).toEqual([...ACTION_INPUTS].sort());
    for (const input of Object.values(manifest.inputs)) {
      expect(input.required).toBe(false);
      expect(input.description.length).toBeGreaterThan(20);
    }
    expect(manifest.inputs.paths!.default).toBe('.');
    expect(manifest.inputs.format!.default).toBe('');
    // The github format annotates every finding, as the README says, not only those on lines a pull request changes.
    expect(manifest.inputs.format!.description).toContain('Empty: an annotation at the line of every unsuppressed finding, whether the change touches it or not');
    expect(Object.keys(manifest.outputs)).toEqual(['findings']);
  });
});

describe('inputs to a deputy command line', () => {
  it('reads INPUT_<NAME> as @actions/core does: upper case, dashes kept, trimmed', () => {
    expect(getInput({ 'INPUT_FAIL-ON': '  medium\n' }, 'fail-on')).toBe('medium');
    expect(getInput({}, 'config')).toBe('');
  });

  it('builds the scan arguments from every input, extra args last', () => {
    const env = {
      INPUT_PATHS: "infra\n'stacks/with space' templates",
      INPUT_FORMAT: 'sarif',
      'INPUT_FAIL-ON': 'medium',
      INPUT_CONFIG: 'ci/.deputy.yml',
      'INPUT_SARIF-FILE': 'deputy.sarif',
      INPUT_ARGS: '--parameter "Env=prod \\"blue\\"" --baseline .deputy-baseline.json',
    };
    expect(actionArgv(env)).toEqual([
      'scan',
      'infra',
      'stacks/with space',
      'templates',
      '--format',
      'sarif',
      '--fail-on',
      'medium',
      '--config',
      'ci/.deputy.yml',
      '--parameter',
      'Env=prod "blue"',
      '--baseline',
      '.deputy-baseline.json',
    ]);
    expect(actionArgv({})).toEqual(['scan']);
  });

  it.each([
    ['a b\tc\n d', ['a', 'b', 'c', 'd']],
    ["'$HOME' \"$(id)\" `id`", ['$HOME', '$(id)', '`id`']],
    ["it's\\ fine", undefined],
    ["'it'\\''s'", ["it's"]],
    ['"" x', ['', 'x']],
    ['a\\ b "c\\d"', ['a b', 'c\\d']],
    ['', []],
    // A backslash escapes only a quote, a backslash or whitespace: Windows paths keep theirs.
    ['infra\\stacks C:\\work\\repo\\cfn .github\\deputy-baseline.json', ['infra\\stacks', 'C:\\work\\repo\\cfn', '.github\\deputy-baseline.json']],
    ['\\\\\\\\server\\share \\"x\\\' trailing\\', ['\\\\server\\share', '"x\'', 'trailing\\']],
  ])('splits %j as a shell would, without expansion', (text, words) => {
    if (words === undefined) expect(() => splitArguments(text, 'args')).toThrow(/input args: unterminated ' quote/);
    else expect(splitArguments(text, 'args')).toEqual(words);
  });
});

describe('runAction (in-process)', () => {
  const created: string[] = [];
  afterAll(() => {
    for (const directory of created) rmSync(directory, { recursive: true, force: true });
  });

  async function run(env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
    const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
    try {
      return { code: await runAction(env), stdout, stderr };
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
  }

  function folder(): string {
    const directory = mkdtempSync(join(tmpdir(), 'deputy-action-run-'));
    created.push(directory);
    return directory;
  }

  it('writes SARIF beside the chosen format and counts only unsuppressed findings', async () => {
    const directory = folder();
    writeFileSync(
      join(directory, 'stack.yaml'),
      `Resources:
  Open:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - { Effect: Allow, Principal: { Service: sagemaker.amazonaws.com }, Action: sts:AssumeRole }
  Accepted:
    Type: AWS::IAM::Role
    Metadata:
      deputy:
        ignore:
          - rule: trust-service-without-source-condition
            reason: a sandbox account with nothing in it
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - { Effect: Allow, Principal: { Service: sagemaker.amazonaws.com }, Action: sts:AssumeRole }
`,
    );
    const output = join(directory, 'github-output');
    writeFileSync(output, 'earlier=kept\n');
    const result = await run({ INPUT_PATHS: join(directory, 'stack.yaml'), INPUT_FORMAT: 'json', 'INPUT_SARIF-FILE': join(directory, 'out.sarif'), GITHUB_OUTPUT: output });
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { findings: Array<{ ruleId: string; suppressed?: unknown }> };
    expect(report.findings.filter((finding) => finding.ruleId === 'trust-service-without-source-condition').map((finding) => Boolean(finding.suppressed))).toEqual([false, true]);
    const unsuppressed = report.findings.filter((finding) => !finding.suppressed).length;
    expect(readFileSync(output, 'utf8')).toBe(`earlier=kept\nfindings=${unsuppressed}\n`);
    const sarif = JSON.parse(readFileSync(join(directory, 'out.sarif'), 'utf8')) as { runs: Array<{ results: Array<{ suppressions?: unknown[] }> }> };
    expect(sarif.runs[0]!.results).toHaveLength(report.findings.length);
    expect(sarif.runs[0]!.results.filter((entry) => entry.suppressions?.length).length).toBe(1);
  });

  it('turns a bad input into a one-line error and exit code 2, without a findings output', async () => {
    const directory = folder();
    const output = join(directory, 'github-output');
    writeFileSync(output, '');
    const badSeverity = await run({ INPUT_PATHS: directory, 'INPUT_FAIL-ON': 'severe', GITHUB_OUTPUT: output });
    expect(badSeverity.code).toBe(2);
    expect(badSeverity.stderr).toMatch(/^deputy: .*fail-on.*severe/s);
    const badQuote = await run({ INPUT_ARGS: '--parameter "Env=prod', GITHUB_OUTPUT: output });
    expect(badQuote).toEqual({ code: 2, stdout: '', stderr: 'deputy: input args: unterminated " quote\n' });
    expect(readFileSync(output, 'utf8')).toBe('');
  });

  it('refuses to write the SARIF file over a template it scans', async () => {
    const directory = folder();
    const template = 'Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n';
    writeFileSync(join(directory, 'stack.yaml'), template);
    const result = await run({ INPUT_PATHS: directory, INPUT_FORMAT: 'json', 'INPUT_SARIF-FILE': join(directory, 'stack.yaml') });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^deputy: sarif-file .*stack\.yaml is a file the scan reads: write it elsewhere\n$/);
    expect(readFileSync(join(directory, 'stack.yaml'), 'utf8')).toBe(template);
  });

  it('refuses to write the SARIF file over the baseline or the config file the scan reads', async () => {
    const directory = folder();
    writeFileSync(join(directory, 'stack.yaml'), 'Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n');
    const baseline = join(directory, 'baseline.json');
    writeFileSync(baseline, '{"version": 1, "fingerprints": []}\n');
    const refused = await run({ INPUT_PATHS: join(directory, 'stack.yaml'), INPUT_FORMAT: 'json', 'INPUT_SARIF-FILE': baseline, INPUT_ARGS: `--baseline ${baseline}` });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^deputy: sarif-file .*baseline\.json is a file the scan reads: write it elsewhere\n$/);
    expect(readFileSync(baseline, 'utf8')).toBe('{"version": 1, "fingerprints": []}\n');
    const config = join(directory, 'deputy.yml');
    writeFileSync(config, 'failOn: high\n');
    const refusedConfig = await run({ INPUT_PATHS: join(directory, 'stack.yaml'), INPUT_FORMAT: 'json', 'INPUT_SARIF-FILE': config, INPUT_CONFIG: config });
    expect(refusedConfig.code).toBe(2);
    expect(readFileSync(config, 'utf8')).toBe('failOn: high\n');
  });

  it('reports a SARIF file it cannot write', async () => {
    const directory = folder();
    writeFileSync(join(directory, 'stack.yaml'), 'Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n');
    const result = await run({ INPUT_PATHS: directory, INPUT_FORMAT: 'json', 'INPUT_SARIF-FILE': join(directory, 'missing', 'out.sarif') });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^deputy: cannot write sarif-file .*missing\/out\.sarif: ENOENT \(no such file or directory\)\n$/);
  });
});

describe('release workflow', () => {
  it('builds the bundle and commits the ignored dist/action on a release branch', () => {
    const workflow = readFileSync(join(ROOT, '.github', 'workflows', 'release-action.yml'), 'utf8');
    const steps = (parse(workflow) as { jobs: { release: { steps: Array<{ run?: string }> } } }).jobs.release.steps.map((step) => step.run ?? '');
    expect(steps).toContain('npm run bundle');
    expect(steps.join('\n')).toMatch(/git add --force dist\/action\n/);
    expect(readFileSync(join(ROOT, '.gitignore'), 'utf8').split('\n')).toContain('dist/');
    expect(manifest.runs.main.startsWith('dist/action/')).toBe(true);
  });
});
