import { describe, expect, it } from 'vitest';
import { iamCatalog } from '../../src/iam/catalog.js';
import { OWN_ARN } from '../../src/iam/sagemaker-features.js';

describe('the ARNs SageMaker resources present as their own', () => {
  // The Service Authorization Reference's formats, as iam-data carries them: `...:notebook-instance/${NotebookInstanceName}`.
  const catalog = iamCatalog();
  const formats = new Set(catalog.actions('sagemaker').flatMap((action) => catalog.actionResourceArns(action) ?? []));

  it.each(Object.entries(OWN_ARN))('%s: its resource type is one of SageMaker\'s, ending in its name where it has one, else in a generated id', (_, { arnType, nameProperty }) => {
    const endings = [...formats].flatMap((format) => new RegExp(`:${arnType}/\\$\\{(\\w+)\\}$`).exec(format)?.[1] ?? []);
    expect(endings).toHaveLength(1);
    expect(endings[0]!.endsWith('Name')).toBe(nameProperty !== undefined);
  });
});
