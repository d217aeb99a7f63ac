import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BaselineError, applyBaseline, createBaseline, entriesNotAnalyzed, readBaseline, renderBaseline } from '../../src/analyze/baseline.js';
import { scan } from '../../src/analyze/engine.js';
import { TOOL_VERSION } from '../../src/version.js';
import { CROSS_ACCOUNT, PLACEHOLDER, SERVICE, partnerRole, project, serviceRole } from './support.js';

describe('baseline', () => {
  it('records one sorted entry per fingerprint with rule, resource and file, and reads back what it wrote', async () => {
    const directory = project({ 'b.yaml': `Resources:\n${serviceRole('Zeta')}${partnerRole('Alpha')}`, 'a.yaml': `Resources:\n${serviceRole('Role')}` });
    const result = await scan(['.'], { cwd: directory });
    const baseline = createBaseline(result.findings);
    expect(baseline.version).toBe(1);
    expect(baseline.tool).toEqual({ name: 'deputy', version: TOOL_VERSION });
    expect(baseline.entries.map(({ ruleId, resource, file }) => [ruleId, resource, file.split('/').at(-1)])).toEqual([
      [SERVICE, 'Role', 'a.yaml'],
      [PLACEHOLDER, 'Alpha', 'b.yaml'],
      [CROSS_ACCOUNT, 'Alpha', 'b.yaml'],
      [SERVICE, 'Zeta', 'b.yaml'],
    ]);
    expect(new Set(baseline.entries.map((entry) => entry.fingerprint))).toEqual(new Set(result.findings.map((finding) => finding.fingerprint)));
    const file = join(directory, 'baseline.json');
    writeFileSync(file, renderBaseline(baseline));
    expect(readBaseline(file)).toEqual(baseline);
    // Stable: the same findings in another order give the same file.
    expect(renderBaseline(createBaseline([...result.findings].reverse()))).toBe(readFileSync(file, 'utf8'));
  });

  it('marks the findings it holds as suppressed, so only new findings count', async () => {
    const directory = project({ 'stack.yaml': `Resources:\n${serviceRole('Old')}` });
    const baseline = createBaseline((await scan(['.'], { cwd: directory })).findings);
    writeFileSync(join(directory, 'stack.yaml'), `Resources:\n${serviceRole('Old')}${serviceRole('New')}`);
    const result = await scan(['.'], { cwd: directory, baseline: { file: 'deputy-baseline.json', baseline } });
    expect(result.findings.map((finding) => [finding.resource.address, finding.suppressed ?? null])).toEqual([
      ['stack.yaml#Old', { source: 'baseline', reason: 'accepted in baseline deputy-baseline.json' }],
      ['stack.yaml#New', null],
    ]);
    expect(result.summary.findings).toBe(1);
  });

  it('keeps matching when lines are inserted above the resource and inside it', async () => {
    const directory = project({ 'stack.yaml': `Resources:\n${partnerRole('Partner')}` });
    const before = await scan(['.'], { cwd: directory });
    const baseline = createBaseline(before.findings);
    const shifted = `# Owned by the platform team.\n# Reviewed 2026-11.\nDescription: partner access\nResources:\n  Unrelated:\n    Type: AWS::S3::Bucket\n${partnerRole('Partner').replace('    Properties:\n', '    DeletionPolicy: Retain\n    Properties:\n')}`;
    writeFileSync(join(directory, 'stack.yaml'), shifted);
    const after = await scan(['.'], { cwd: directory, baseline: { file: 'b.json', baseline } });
    expect(after.findings.map((finding) => finding.location.startLine)).not.toEqual(before.findings.map((finding) => finding.location.startLine));
    expect(after.findings.map((finding) => finding.fingerprint)).toEqual(before.findings.map((finding) => finding.fingerprint));
    expect(after.findings.every((finding) => finding.suppressed?.source === 'baseline')).toBe(true);
  });

  it('gives the same fingerprints whether the scan names the folder or runs in it (cwd), wherever the process runs', async () => {
    const directory = project({ 'stack.yaml': `Resources:\n${partnerRole('Partner')}` });
    const inside = await scan(['.'], { cwd: directory });
    const named = await scan([directory]);
    expect(inside.findings.length).toBeGreaterThan(0);
    expect(inside.findings.map((finding) => finding.fingerprint)).toEqual(named.findings.map((finding) => finding.fingerprint));
    expect(createBaseline(inside.findings, directory).entries.map((entry) => entry.file)).toEqual(createBaseline(named.findings, process.cwd(), [directory]).entries.map((entry) => entry.file));
  });

  it('outside a git repository, names files from the scanned folder: a copy of it elsewhere keeps matching', async () => {
    const files = { 'stacks/stack.yaml': `Resources:\n${partnerRole('Partner')}` };
    const original = project(files);
    const baseline = createBaseline((await scan(['.'], { cwd: original })).findings, original);
    expect(baseline.entries.map((entry) => entry.file)).toEqual(['stacks/stack.yaml', 'stacks/stack.yaml']);
    const copy = await scan([project(files)], { baseline: { file: 'b.json', baseline } });
    expect(copy.findings.map((finding) => finding.fingerprint).sort()).toEqual(baseline.entries.map((entry) => entry.fingerprint).sort());
    expect(copy.findings.every((finding) => finding.suppressed?.source === 'baseline')).toBe(true);
  });

  it('outside a git repository, names the files of several scanned folders from the folder holding them all', async () => {
    const directory = project({ 'a/stack.yaml': `Resources:\n${serviceRole()}`, 'b/stack.yaml': `Resources:\n${serviceRole()}` });
    const result = await scan(['a', 'b'], { cwd: directory });
    expect(createBaseline(result.findings, directory, ['a', 'b']).entries.map((entry) => entry.file)).toEqual(['a/stack.yaml', 'b/stack.yaml']);
    expect(new Set(result.findings.map((finding) => finding.fingerprint)).size).toBe(2);
  });

  it('keeps matching when a statement is inserted before the one a finding is about', async () => {
    const directory = project({ 'stack.yaml': `Resources:\n${partnerRole('Partner')}` });
    const before = await scan(['.'], { cwd: directory });
    const baseline = createBaseline(before.findings);
    const withStatementAbove = partnerRole('Partner').replace(
      '        Statement:\n',
      '        Statement:\n          - Effect: Allow\n            Principal:\n              Service: ec2.amazonaws.com\n            Action: sts:AssumeRole\n',
    );
    writeFileSync(join(directory, 'stack.yaml'), `Resources:\n${withStatementAbove}`);
    const after = await scan(['.'], { cwd: directory, baseline: { file: 'b.json', baseline } });
    expect(after.findings.map((finding) => finding.ruleId).sort()).toEqual(before.findings.map((finding) => finding.ruleId).sort());
    expect(after.findings.map((finding) => finding.ruleId)).toContain(CROSS_ACCOUNT);
    expect(after.findings.every((finding) => finding.suppressed?.source === 'baseline')).toBe(true);
  });

  it('keeps matching a policy that is not valid JSON when lines are added above the error in its text', async () => {
    const role = (statements: string) => `resource "aws_iam_role" "b" {\n  name = "b"\n  assume_role_policy = <<JSON\n{\n  "Version": "2012-10-17",\n  "Statement": [${statements}{\n    "Effect": "Allow",\n    "Principal": { "Service": "lambda.amazonaws.com" },\n    "Action": "sts:AssumeRole",\n  }]\n}\nJSON\n}\n`;
    const directory = project({ 'main.tf': role('') });
    const before = await scan(['.'], { cwd: directory });
    expect(before.findings.map((finding) => finding.ruleId)).toEqual(['policy-malformed']);
    const baseline = createBaseline(before.findings);
    writeFileSync(join(directory, 'main.tf'), role('{\n    "Effect": "Allow",\n    "Principal": { "Service": "ec2.amazonaws.com" },\n    "Action": "sts:AssumeRole"\n  },\n  '));
    const after = await scan(['.'], { cwd: directory, baseline: { file: 'b.json', baseline } });
    expect(after.findings.map((finding) => finding.message)).not.toEqual(before.findings.map((finding) => finding.message));
    expect(after.findings.map((finding) => finding.suppressed?.source)).toEqual(['baseline']);
  });

  it('keeps matching when the operators, keys or values of the other conditions of the statement are reordered', async () => {
    const role = (conditions: string) => `Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal:\n              Service: sagemaker.amazonaws.com\n            Action: sts:AssumeRole\n            Condition:\n${conditions}`;
    const directory = project({ 'stack.yaml': role('              Bool: {aws:SecureTransport: "true"}\n              StringEquals: {aws:RequestedRegion: [us-east-1, eu-west-1]}\n') });
    const before = await scan(['.'], { cwd: directory });
    expect(before.findings.map((finding) => finding.ruleId)).toEqual([SERVICE]);
    const baseline = createBaseline(before.findings);
    writeFileSync(join(directory, 'stack.yaml'), role('              StringEquals: {aws:RequestedRegion: [eu-west-1, us-east-1]}\n              Bool: {aws:SecureTransport: "true"}\n'));
    const after = await scan(['.'], { cwd: directory, baseline: { file: 'b.json', baseline } });
    // The message shows the conditions as the statement writes them.
    expect(after.findings[0]!.message).toContain('only on StringEquals aws:RequestedRegion eu-west-1, us-east-1 and Bool aws:SecureTransport true');
    expect(after.findings.map((finding) => finding.suppressed?.source)).toEqual(['baseline']);
  });

  it('keeps matching an admin SageMaker execution role when the resources that use it are reordered or one more uses it', async () => {
    const notebook = (name: string) => `  ${name}:\n    Type: AWS::SageMaker::NotebookInstance\n    Properties:\n      InstanceType: ml.t3.medium\n      RoleArn: !GetAtt ExecRole.Arn\n`;
    const role = `  ExecRole:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal: {Service: sagemaker.amazonaws.com}\n            Action: sts:AssumeRole\n            Condition: {StringEquals: {aws:SourceAccount: !Ref AWS::AccountId}}\n      ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]\n`;
    const admin = (findings: readonly { ruleId: string }[]) => findings.filter((finding) => finding.ruleId === 'sagemaker-execution-role-admin');
    const directory = project({ 'stack.yaml': `Resources:\n${role}${notebook('NbA')}${notebook('NbB')}` });
    const before = admin((await scan(['.'], { cwd: directory })).findings);
    expect(before).toHaveLength(1);
    const baseline = createBaseline(before);
    for (const text of [`Resources:\n${role}${notebook('NbB')}${notebook('NbA')}`, `Resources:\n${role}${notebook('NbA')}${notebook('NbB')}${notebook('NbC')}`]) {
      writeFileSync(join(directory, 'stack.yaml'), text);
      const after = admin((await scan(['.'], { cwd: directory, baseline: { file: 'b.json', baseline } })).findings);
      expect(after.map((finding) => finding.message)).not.toEqual(before.map((finding) => finding.message));
      expect(after.map((finding) => finding.suppressed?.source)).toEqual(['baseline']);
    }
  });

  it('a changed finding is new: another principal on the same resource is not covered', async () => {
    const directory = project({ 'stack.yaml': `Resources:\n${partnerRole('Partner').replace('123456789012', '210987654321')}` });
    const baseline = createBaseline((await scan(['.'], { cwd: directory })).findings);
    writeFileSync(join(directory, 'stack.yaml'), `Resources:\n${partnerRole('Partner').replace('123456789012', '210987654322')}`);
    const after = await scan(['.'], { cwd: directory, baseline: { file: 'b.json', baseline } });
    expect(after.findings.map((finding) => [finding.ruleId, finding.suppressed ?? null])).toEqual([[CROSS_ACCOUNT, null]]);
  });

  it('keeps matching an identity finding when its policy is attached to one more role or detached: whom it reaches is not the mistake', async () => {
    const role = (name: string) => `  ${name}:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal: {Service: ec2.amazonaws.com}\n            Action: sts:AssumeRole\n`;
    const policy = (...roles: string[]) => `  Admin:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      Roles: [${roles.map((name) => `!Ref ${name}`).join(', ')}]\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: "*"\n            Resource: "*"\n`;
    const directory = project({ 'stack.yaml': `Resources:\n${role('A')}${role('B')}${policy('A')}` });
    const baseline = createBaseline((await scan(['.'], { cwd: directory })).findings.filter((finding) => finding.ruleId === 'identity-full-admin'));
    expect(baseline.entries).toHaveLength(1);
    for (const roles of [['A', 'B'], ['B']]) {
      writeFileSync(join(directory, 'stack.yaml'), `Resources:\n${role('A')}${role('B')}${policy(...roles)}`);
      const after = (await scan(['.'], { cwd: directory, baseline: { file: 'b.json', baseline } })).findings.filter((finding) => finding.ruleId === 'identity-full-admin');
      expect(after.map((finding) => [finding.message.includes(`role ${roles.join(' and role ')} can do anything`), finding.suppressed?.source])).toEqual([[true, 'baseline']]);
    }
    // Accepted while nothing held it, it is new once something does.
    writeFileSync(join(directory, 'stack.yaml'), `Resources:\n${role('A')}${policy().replace('      Roles: []\n', '')}`);
    const unheld = createBaseline((await scan(['.'], { cwd: directory })).findings.filter((finding) => finding.ruleId === 'identity-full-admin'));
    expect(unheld.entries).toHaveLength(1);
    writeFileSync(join(directory, 'stack.yaml'), `Resources:\n${role('A')}${policy('A')}`);
    const held = (await scan(['.'], { cwd: directory, baseline: { file: 'b.json', baseline: unheld } })).findings.filter((finding) => finding.ruleId === 'identity-full-admin');
    expect(held.map((finding) => finding.suppressed?.source ?? null)).toEqual([null]);
  });

  it('gives findings that share a fingerprint their own, the first keeping it: a later copy of an accepted mistake is new', async () => {
    const deprecated = 'policy-deprecated-condition-key';
    const statement = (action: string) =>
      `          - Effect: Allow\n            Action: sagemaker:${action}\n            Resource: "*"\n            Condition:\n              StringEquals:\n                sagemaker:VolumeKmsKey: !Ref Key\n`;
    const template = (...actions: string[]) =>
      `Parameters:\n  Key:\n    Type: String\nResources:\n  Policy:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n${actions.map(statement).join('')}`;
    const directory = project({ 'stack.yaml': template('CreateTrainingJob') });
    const one = await scan(['.'], { cwd: directory });
    const accepted = one.findings.filter((finding) => finding.ruleId === deprecated);
    expect(accepted).toHaveLength(1);
    writeFileSync(join(directory, 'stack.yaml'), template('CreateTrainingJob', 'CreateProcessingJob'));
    const after = await scan(['.'], { cwd: directory, baseline: { file: 'b.json', baseline: createBaseline(one.findings) } });
    const both = after.findings.filter((finding) => finding.ruleId === deprecated);
    // Same rule, resource, property names and message: one fingerprint before, two now.
    expect(both.map((finding) => finding.message)).toEqual([accepted[0]!.message, accepted[0]!.message]);
    expect(both.map((finding) => [finding.location.startLine, finding.fingerprint, finding.suppressed?.source ?? null])).toEqual([
      [accepted[0]!.location.startLine, accepted[0]!.fingerprint, 'baseline'],
      [accepted[0]!.location.startLine + 6, expect.not.stringMatching(accepted[0]!.fingerprint), null],
    ]);
    expect(both[1]!.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    // The baseline of both holds both, and a third copy is new against it.
    const two = createBaseline(after.findings.map(({ suppressed: _, ...finding }) => finding));
    expect(two.entries.filter((entry) => entry.ruleId === deprecated)).toHaveLength(2);
    writeFileSync(join(directory, 'stack.yaml'), template('CreateTrainingJob', 'CreateProcessingJob', 'CreateTransformJob'));
    const three = await scan(['.'], { cwd: directory, baseline: { file: 'b.json', baseline: two } });
    expect(three.findings.filter((finding) => finding.ruleId === deprecated).map((finding) => finding.suppressed?.source ?? null)).toEqual(['baseline', 'baseline', null]);
  });

  it('leaves findings suppressed inline or by config out of the baseline, and keeps their own reason when applied', async () => {
    const metadata = `    Metadata:\n      deputy:\n        ignore:\n          - rule: ${SERVICE}\n            reason: accepted inline\n`;
    const directory = project({ 'stack.yaml': `Resources:\n${serviceRole('Inline', metadata)}${serviceRole('Plain')}` });
    const result = await scan(['.'], { cwd: directory });
    const baseline = createBaseline(result.findings);
    expect(baseline.entries.map((entry) => entry.resource)).toEqual(['Plain']);
    const everything = { ...baseline, entries: createBaseline(result.findings.map(({ suppressed: _, ...finding }) => finding)).entries };
    expect(applyBaseline(result.findings, everything, 'b.json').map((finding) => finding.suppressed?.source)).toEqual(['inline', 'baseline']);
  });

  it('names the file when it is missing, not JSON, not a baseline, or of another version', () => {
    const directory = project({ 'text.json': 'not json', 'list.json': '[]', 'v2.json': '{"version": 2, "entries": []}', 'v0.json': '{"version": 0, "entries": []}', 'bad-entry.json': '{"version": 1, "entries": [{"fingerprint": "x"}]}', 'no-entries.json': '{"version": 1}' });
    const read = (name: string) => () => readBaseline(join(directory, name));
    expect(read('missing.json')).toThrow(BaselineError);
    expect(read('missing.json')).toThrow(`cannot read the baseline file ${join(directory, 'missing.json')}: ENOENT (no such file or directory)`);
    expect(read('text.json')).toThrow(/text\.json is not valid JSON \(Unexpected token 'o' at line 1 column 2\)$/);
    // Two branches that each updated the baseline leave it so: where, not the text V8 quotes around it.
    writeFileSync(join(directory, 'merged.json'), '{\n  "version": 1,\n  "entries": [\n<<<<<<< HEAD\n    {"fingerprint": "49f3448cd4c524847d6bb619a9418d0e"}\n=======\n>>>>>>> topic\n  ]\n}\n');
    expect(read('merged.json')).toThrow(/merged\.json is not valid JSON \(Unexpected token '<' at line 4 column 1\)$/);
    expect(read('list.json')).toThrow(/list\.json is not a deputy baseline/);
    expect(read('v2.json')).toThrow(/v2\.json has version 2; this deputy reads version 1 \(use the deputy that wrote it, or a newer one\)/);
    expect(read('v0.json')).toThrow(/v0\.json has version 0; this deputy reads version 1 \(write it again with --write-baseline\)/);
    expect(read('bad-entry.json')).toThrow(/bad-entry\.json: entry 0 has no valid fingerprint/);
    expect(read('no-entries.json')).toThrow(/no-entries\.json has no entries list/);
  });

  it('names what input errors kept the scan from analyzing; a problem with a suppression or an ignore comment leaves a template analyzed', async () => {
    const reasonless = `Resources:\n${serviceRole('Role', `    Metadata:\n      deputy:\n        ignore:\n          - rule: ${SERVICE}\n`)}`;
    const directory = project({
      'broken.yaml': `Resources:\n${serviceRole('B').replace('Action: sts:AssumeRole', 'Action: [sts:AssumeRole')}`,
      'typeless.yaml': 'Resources:\n  Role:\n    Properties: {}\n  Other:\n    Type: AWS::IAM::Role\n',
      'reasonless.yaml': reasonless,
      'commented.yaml': `# deputy:ignore ${SERVICE} -- reviewed\nResources:\n${serviceRole('C')}`,
      'notes.txt': 'not a template',
    });
    const result = await scan(['.', 'notes.txt', 'absent'], { cwd: directory });
    expect(result.errors.map((error) => error.file)).toEqual(expect.arrayContaining(['broken.yaml', 'typeless.yaml', 'reasonless.yaml', 'commented.yaml', 'notes.txt', 'absent']));
    expect(result.notAnalyzed?.sort()).toEqual(['absent', 'broken.yaml', 'notes.txt', 'typeless.yaml']);
    expect((await scan(['reasonless.yaml'], { cwd: directory })).notAnalyzed).toBeUndefined();
  });

  it('keeps the entries of the files the scan could not analyze, named as entries name them, a folder for every file in it', async () => {
    const directory = project({ 'stacks/a.yaml': `Resources:\n${serviceRole('A')}`, 'stacks/b.yaml': `Resources:\n${serviceRole('B')}`, 'other/c.yaml': `Resources:\n${serviceRole('C')}` });
    mkdirSync(join(directory, '.git'));
    const baseline = createBaseline((await scan(['.'], { cwd: directory })).findings, directory, ['.']);
    expect(baseline.entries.map((entry) => entry.file)).toEqual(['other/c.yaml', 'stacks/a.yaml', 'stacks/b.yaml']);
    // Scanned from inside stacks, an error names b.yaml: entries name it from the repository's root.
    const stacks = join(directory, 'stacks');
    expect(entriesNotAnalyzed(baseline, ['b.yaml'], stacks, ['.']).map((entry) => entry.file)).toEqual(['stacks/b.yaml']);
    expect(entriesNotAnalyzed(baseline, [join(stacks, 'b.yaml')], directory, ['.']).map((entry) => entry.file)).toEqual(['stacks/b.yaml']);
    expect(entriesNotAnalyzed(baseline, ['stacks'], directory, ['.']).map((entry) => entry.file)).toEqual(['stacks/a.yaml', 'stacks/b.yaml']);
    expect(entriesNotAnalyzed(baseline, ['stack'], directory, ['.'])).toEqual([]);
    // Kept entries and the scan's findings make one entry per fingerprint.
    const kept = entriesNotAnalyzed(baseline, ['stacks'], directory, ['.']);
    expect(createBaseline([], directory, ['.'], kept).entries).toEqual(kept);
    expect(createBaseline((await scan(['stacks'], { cwd: directory })).findings, directory, ['stacks'], kept).entries).toEqual(kept);
  });
});
