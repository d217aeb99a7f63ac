import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repositoryRoot } from '../../src/action/bundle.js';
import { BIN } from '../cli/bin.js';

const ROOT = repositoryRoot();

/** Keys of a hook in a `.pre-commit-hooks.yaml` manifest (pre-commit's clientlib MANIFEST_HOOK_DICT). */
const HOOK_KEYS = new Set([
  'id', 'name', 'entry', 'language', 'alias', 'files', 'exclude', 'types', 'types_or', 'exclude_types', 'additional_dependencies', 'args',
  'always_run', 'fail_fast', 'pass_filenames', 'description', 'language_version', 'log_file', 'require_serial', 'stages', 'verbose',
  'minimum_pre_commit_version',
]);

interface Hook {
  id: string;
  name: string;
  entry: string;
  language: string;
  files: string;
  pass_filenames: boolean;
  args?: string[];
}

const hooks = parse(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];

describe('.pre-commit-hooks.yaml', () => {
  it('is a list of hooks with the required keys and no unknown ones', () => {
    expect(Array.isArray(hooks)).toBe(true);
    expect(hooks.map((hook) => hook.id)).toEqual(['deputy']);
    for (const hook of hooks) {
      for (const key of ['id', 'name', 'entry', 'language']) expect(typeof (hook as unknown as Record<string, unknown>)[key]).toBe('string');
      for (const key of Object.keys(hook)) expect(HOOK_KEYS).toContain(key);
    }
  });

  it('installs deputy as a node package and runs its bin once per commit, not per file', () => {
    const [hook] = hooks;
    const bin = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin;
    expect(hook!.language).toBe('node');
    expect(Object.keys(bin)).toContain(hook!.entry.split(' ')[0]);
    expect(hook!.entry).toBe('deputy scan');
    expect(hook!.pass_filenames).toBe(false);
  });

  it.each([
    ['infra/stack.yaml', true],
    ['infra/stack.yml', true],
    ['template.json', true],
    ['cfn/app.template', true],
    ['cfn/app.cfn', true],
    ['modules/roles/main.tf', true],
    ['modules/roles/main.tf.json', true],
    ['envs/prod.tfvars', true],
    ['envs/prod.tfvars.json', true],
    ['src/app.py', false],
    ['README.md', false],
    ['main.tf.bak', false],
    // CloudFormation reads a template from a .txt file, and so does discovery.
    ['cfn/stack.txt', true],
    // The .tf scan reads the policy a templatefile() renders where its template is written.
    ['modules/roles/trust.json.tftpl', true],
    ['modules/roles/trust.json.tpl', true],
  ])('runs when %s changes: %s', (file, runs) => {
    // pre-commit matches `files` with Python's re.search; this pattern means the same in JavaScript.
    expect(new RegExp(hooks[0]!.files).test(file)).toBe(runs);
  });
});

describe('the hook as pre-commit runs it', () => {
  const created: string[] = [];
  afterAll(() => {
    for (const directory of created) rmSync(directory, { recursive: true, force: true });
  });

  it('scans the whole repository from its root (no file names) and fails the commit on a finding', () => {
    const repository = mkdtempSync(join(tmpdir(), 'deputy-pre-commit-'));
    created.push(repository);
    mkdirSync(join(repository, '.git'));
    mkdirSync(join(repository, 'infra', 'nested'), { recursive: true });
    writeFileSync(
      join(repository, 'infra', 'nested', 'stack.yaml'),
      `Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - { Effect: Allow, Principal: { Service: sagemaker.amazonaws.com }, Action: sts:AssumeRole }
`,
    );
    writeFileSync(join(repository, 'package.json'), '{"name": "app"}\n');
    const [hook] = hooks;
    const argv = [...hook!.entry.split(' ').slice(1), ...(hook!.args ?? [])];
    const run = spawnSync(process.execPath, [BIN, ...argv], { cwd: repository, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', GITHUB_ACTIONS: '' } });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(join('infra', 'nested', 'stack.yaml'));
    expect(run.stdout).toContain('trust-service-without-source-condition');
  });
});
