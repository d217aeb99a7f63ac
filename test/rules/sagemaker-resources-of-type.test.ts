import { describe, expect, it } from 'vitest';
import { ResourceGraph } from '../../src/graph/graph.js';
import type { Resource } from '../../src/model/resource.js';
import { resourcesOfType } from '../../rules/sagemaker/settings.js';

const NOTEBOOK = { cloudformation: 'AWS::SageMaker::NotebookInstance', terraform: 'aws_sagemaker_notebook_instance' };

function resource(address: string, type: string, format: Resource['format']): Resource {
  const location = { file: 'f', startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 };
  return { address, name: address, type, kind: 'sagemaker', file: 'f', format, syntax: 'yaml', properties: {}, location, locator: { locate: () => location } } as Resource;
}

function graphOf(resources: Resource[]): ResourceGraph {
  return new ResourceGraph({ conditions: {}, resources, edges: [], policies: [], managedPolicyArns: [], duplicateKeys: () => [] });
}

// The settings rules ask for their types through an index built once per graph: it must answer as a scan would.
describe('resourcesOfType', () => {
  it('finds each dialect by its own type name, in graph order', () => {
    const resources = [
      resource('tf.a', 'aws_sagemaker_notebook_instance', 'terraform-plan'),
      resource('cfn#A', 'AWS::SageMaker::NotebookInstance', 'cloudformation'),
      resource('tf.model', 'aws_sagemaker_model', 'terraform'),
      resource('tf.b', 'aws_sagemaker_notebook_instance', 'terraform'),
      // A type name of the other dialect does not count.
      resource('cfn#Wrong', 'aws_sagemaker_notebook_instance', 'cloudformation'),
    ];
    const graph = graphOf(resources);
    expect(resourcesOfType(graph, NOTEBOOK).map((item) => item.address)).toEqual(['tf.a', 'cfn#A', 'tf.b']);
    expect(resourcesOfType(graph, { cloudformation: 'AWS::SageMaker::Model', terraform: 'aws_sagemaker_model' }).map((item) => item.address)).toEqual(['tf.model']);
    expect(resourcesOfType(graph, { cloudformation: 'AWS::SageMaker::Domain', terraform: 'aws_sagemaker_domain' })).toEqual([]);
  });

  it('hands out a list of its own to each caller', () => {
    const graph = graphOf([resource('tf.a', 'aws_sagemaker_notebook_instance', 'terraform')]);
    resourcesOfType(graph, NOTEBOOK).pop();
    expect(resourcesOfType(graph, NOTEBOOK)).toHaveLength(1);
  });
});
