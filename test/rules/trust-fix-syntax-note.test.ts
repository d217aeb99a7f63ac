import { describe, expect, it } from 'vitest';
import { syntaxNote, type OwnerSources } from '../../rules/trust/fix.js';
import { refMarker } from '../../src/model/value.js';

const UNDECLARED: OwnerSources = {
  aws_caller_identity: { reference: 'data.aws_caller_identity.current', declared: false },
  aws_region: { reference: 'data.aws_region.current', declared: false },
  aws_partition: { reference: 'data.aws_partition.current', declared: false },
};
const REGION = refMarker('data.aws_region.current', 'name');
const ACCOUNT = refMarker('data.aws_caller_identity.current', 'account_id');

describe('the Terraform note of a fix', () => {
  it('names the data sources the conditions read once each, in the order they first read them, and no other reference', () => {
    const note = syntaxNote('hcl-blocks', [
      { operator: 'ArnLike', key: 'aws:SourceArn', values: [`arn:aws:sagemaker:${REGION}:${ACCOUNT}:${refMarker('var.pipeline')}/*`, `arn:aws:sagemaker:${REGION}:${ACCOUNT}:*`] },
      { operator: 'StringEquals', key: 'aws:SourceAccount', values: [ACCOUNT] },
    ], UNDECLARED);
    expect(note).toBe(
      '; it reads data "aws_region" "current" {}, data "aws_caller_identity" "current" {}, declare them where the module lacks them; with AWS provider 6 read data.aws_region.current.region in place of data.aws_region.current.name, which it deprecates',
    );
  });

  it('names none the module declares, and says nothing where the conditions read none', () => {
    const declared: OwnerSources = { ...UNDECLARED, aws_caller_identity: { reference: 'data.aws_caller_identity.this', declared: true } };
    const account = refMarker('data.aws_caller_identity.this', 'account_id');
    expect(syntaxNote('hcl-blocks', [{ operator: 'StringEquals', key: 'aws:SourceAccount', values: [account] }], declared)).toBe('');
    expect(syntaxNote('hcl-blocks', [{ operator: 'StringEquals', key: 'aws:SourceAccount', values: ['123456789012'] }], UNDECLARED)).toBe('');
  });
});
