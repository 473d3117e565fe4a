/**
 * Which forecast renewal of a client certificate loses clientAuth: the first one on or after the
 * day after its CA's last clientAuth issuance (client-auth-sunset.ts).
 */
import type { CertificateRecord } from '../model';
import type { ChainAnalysis } from './chain';
import { type SunsetEntry, sunsetFor, sunsetInstant } from './client-auth-sunset';

export interface ClientAuthSunsetVerdict {
  entry: SunsetEntry;
  /** The renewal (ms) that comes back without clientAuth. */
  migrationAt: number;
  /** It is the next renewal. */
  next: boolean;
  /** The next renewal is due now: the certificate is inside its renew-before window. */
  inRenewWindow: boolean;
}

export function clientAuthSunsetOf(
  record: CertificateRecord,
  chain: ChainAnalysis | undefined,
  renewals: readonly number[],
  table: readonly SunsetEntry[],
  now: Date,
): ClientAuthSunsetVerdict | undefined {
  const issuer =
    record.info?.issuer ??
    (typeof record.attributes?.issuer === 'string' ? record.attributes.issuer : undefined);
  const names = [...(issuer ? [issuer] : []), ...(chain?.subjects.slice(1) ?? [])];
  if (names.length === 0) return undefined;
  const entry = sunsetFor(
    { names, der: chain?.der ?? [], endsAtPublicRoot: chain?.publicAnchor != null },
    table,
  );
  if (!entry) return undefined;
  const cutOff = sunsetInstant(entry);
  const index = renewals.findIndex((at) => at >= cutOff);
  if (index < 0) return undefined;
  return {
    entry,
    migrationAt: renewals[index],
    next: index === 0,
    inRenewWindow: index === 0 && renewals[0] <= now.getTime(),
  };
}
