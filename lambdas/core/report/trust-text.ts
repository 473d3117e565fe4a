/**
 * What the reports say of a certificate's trust path, in words every renderer shares: the
 * "trust" column and the clientAuth sunset callout (docs/trust.md).
 */
import type { Report, ReportCertificate } from './model';
import { utcDate } from './render-format';

/** Short lines for a certificate's trust column; empty when nothing is known. */
export function trustLines(certificate: ReportCertificate): string[] {
  const lines: string[] = [];
  if (certificate.notYetValid && certificate.notBefore)
    lines.push(`not valid until ${utcDate(certificate.notBefore)}`);
  if (certificate.extendedKeyUsage) lines.push(`EKU ${certificate.extendedKeyUsage.join(', ') || 'empty'}`);
  else if (certificate.chain) lines.push('no EKU (any use)');
  if (certificate.trustAnchor) lines.push(`root ${certificate.trustAnchor}`);
  else if (certificate.chain && certificate.usage === 'client') lines.push('no trusted root');
  if (certificate.expiryLimitedBy) lines.push(`expires with ${certificate.expiryLimitedBy}`);
  if (certificate.clientAuthSunset)
    lines.push(
      `clientAuth ends ${certificate.clientAuthSunset.lastIssuance} (${certificate.clientAuthSunset.ca})`,
    );
  return lines;
}

/** Client certificates whose forecast renewal loses clientAuth, soonest migration first (a partner's copy once). */
export function sunsetCertificates(report: Report): ReportCertificate[] {
  return report.certificates
    .filter((c) => c.clientAuthSunset !== null && c.copyOf === null)
    .sort((a, b) =>
      (a.clientAuthSunset?.migrationRenewal ?? '').localeCompare(b.clientAuthSunset?.migrationRenewal ?? ''),
    );
}

/** One sentence per certificate for the callout at the top of a report. */
export function sunsetSentence(certificate: ReportCertificate): string {
  const sunset = certificate.clientAuthSunset;
  if (!sunset) return '';
  const when = utcDate(sunset.migrationRenewal);
  return `${certificate.name}: ${sunset.ca} issues clientAuth until ${sunset.lastIssuance}; its ${sunset.nextRenewal ? 'next' : 'later'} renewal (${when}) is a migration to another CA.`;
}
