/**
 * Owner routing: who an alert concerns. SNS filter policies match attribute values exactly, so the
 * addresses are normalised here, once, for the message attribute and the stack's subscriptions
 * alike; an owner recorded as a team name rather than an address is shown in messages but routes
 * nowhere.
 */
import type { Config } from '../config';
import type { CertificateOwners } from '../model';

const EMAIL = /^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/;

/** A routable address in its one spelling (trimmed, lower case), or undefined. */
export function routingAddress(value: string | undefined): string | undefined {
  const address = value?.trim().toLowerCase();
  return address && EMAIL.test(address) ? address : undefined;
}

/** The routing addresses of a certificate's or probe's owners and extra recipients, each once. */
export function ownerAddresses(owners: CertificateOwners | undefined): string[] {
  const all = [owners?.owner, owners?.partnerOwner, ...(owners?.notify ?? [])];
  return [...new Set(all.map(routingAddress).filter((a): a is string => a !== undefined))];
}

/**
 * The owner addresses the stack subscribes (owner routing): every routable owner, partner owner
 * and extra recipient named in `certificates` and `probes`, plus `alerts.owners` (owners known only
 * from secret tags or sidecars, which the stack cannot read at deploy). Addresses that are team
 * subscribers already (`alerts.email`) hear everything and get no second subscription. Sorted, so
 * the stack is the same for the same configuration.
 */
export function configuredOwnerAddresses(config: Config): string[] {
  if (config.alerts?.routeToOwners === false) return [];
  const named = [
    ...Object.values(config.certificates ?? {}).flatMap((m) => ownerAddresses(m)),
    ...(config.probes ?? []).flatMap((p) => ownerAddresses(p)),
    ...(config.alerts?.owners ?? []).map(routingAddress),
  ].filter((a): a is string => a !== undefined);
  const team = new Set((config.alerts?.email ?? []).map(routingAddress));
  return [...new Set(named)].filter((a) => !team.has(a)).sort();
}
