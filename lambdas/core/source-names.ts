/**
 * The one place source identities are built. A source's name is what the report lists, what the
 * SourcesFailed metric counts, what the alert state remembers a failing source and a certificate's
 * last reader by, and what the state machine names a collector it caught failing: the collectors,
 * the CLI and the stack (at synth, into the scan's plan) all call these, so one source never has
 * two names. Pure.
 */
import type { SecretSelector } from './config';

export function salesforceSourceName(org: string): string {
  return `salesforce:${org}`;
}

export function probeSourceName(target: string): string {
  return `probe:${target}`;
}

/** The 12-digit account of an IAM role ARN. */
export function accountOfRole(roleArn: string): string | undefined {
  return /^arn:aws[\w-]*:iam::(\d{12}):role\//.exec(roleArn)?.[1];
}

/**
 * Where a selector reads: `secrets:<region>`, or `secrets:<region>:<account>` through a role.
 * Certificate and node ids use it, so a secret two selectors pick stays one certificate.
 */
export function secretsLocation(region: string, roleArn?: string): string {
  const account = roleArn ? accountOfRole(roleArn) : undefined;
  return account ? `secrets:${region}:${account}` : `secrets:${region}`;
}

/** What a selector picks, as text: `tag:<key>=<value>`, `prefix:<prefix>`, or both. */
export function selectorLabel(selector: Pick<SecretSelector, 'tag' | 'prefix'>): string {
  const parts: string[] = [];
  if (selector.tag) parts.push(`tag:${selector.tag.key}=${selector.tag.value}`);
  if (selector.prefix) parts.push(`prefix:${selector.prefix}`);
  return parts.join(',');
}

/**
 * One selector in one region: `secrets:<region>[:<account>]/<selector>`, e.g.
 * `secrets:eu-west-1/tag:cert-sentinel=partner`. Two selectors in one region are two sources, so
 * one failing never makes the other's certificates look unseen. Without a selector (a secret read
 * on its own, outside any selector) the location alone.
 */
export function secretsSourceName(selector: SecretSelector | undefined, region: string): string {
  const location = secretsLocation(region, selector?.roleArn);
  const label = selector ? selectorLabel(selector) : '';
  return label ? `${location}/${label}` : location;
}
