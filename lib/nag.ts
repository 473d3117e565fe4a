/**
 * Acknowledging cdk-nag findings one by one, for the wildcards we wrote on purpose. cdk-nag v3
 * has no rule-wide acknowledgement: each IAM5 finding is named by the flattened resource or
 * action (`AwsSolutions-IAM5[Resource::<Bucket.Arn>/scans/*]`). Computing that name from the very
 * value we put in the policy keeps each acknowledgement as narrow as the wildcard itself: any
 * other wildcard still fails the check.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** The same flattening cdk-nag applies to a resolved CloudFormation value before naming a finding. */
export function flattenForNag(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value.replace(/\$\{/g, '<').replace(/}/g, '>');
  const node = value as Record<string, unknown>;
  if (node['Fn::Join']) {
    const [delimiter, items] = node['Fn::Join'] as [string, unknown[]];
    return items.map(flattenForNag).join(delimiter);
  }
  if (node['Fn::Sub']) return flattenForNag(node['Fn::Sub']);
  if (node['Fn::GetAtt']) {
    const [resource, attribute] = node['Fn::GetAtt'] as [unknown, unknown];
    return `<${flattenForNag(resource)}.${flattenForNag(attribute)}>`;
  }
  if (node['Fn::ImportValue']) return flattenForNag(node['Fn::ImportValue']);
  if (node.Ref) return `<${flattenForNag(node.Ref)}>`;
  return JSON.stringify(node);
}

/**
 * Acknowledges AwsSolutions-IAM5 for exactly these wildcard resources and actions on `policy`
 * (the policy construct that holds them). Values without `*` are ignored: they need no excuse.
 */
export function acknowledgeWildcards(
  policy: IConstruct,
  resources: string[],
  actions: string[],
  reason: string,
): void {
  const stack = Stack.of(policy);
  const ids = [
    ...resources.map((r) => `Resource::${flattenForNag(stack.resolve(r))}`),
    ...actions.map((a) => `Action::${a}`),
  ].filter((id) => id.includes('*'));
  for (const id of new Set(ids))
    Validations.of(policy).acknowledge({ id: `AwsSolutions-IAM5[${id}]`, reason });
}
