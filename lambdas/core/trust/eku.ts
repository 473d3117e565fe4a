/**
 * Extended key usage (RFC 5280 4.2.1.12), read through node:crypto (`X509Certificate.keyUsage`
 * returns the EKU OIDs) and named the way OpenSSL and the CA announcements name them.
 */
import type { X509Certificate } from 'node:crypto';

const EKU_NAMES: Record<string, string> = {
  '2.5.29.37.0': 'anyExtendedKeyUsage',
  '1.3.6.1.5.5.7.3.1': 'serverAuth',
  '1.3.6.1.5.5.7.3.2': 'clientAuth',
  '1.3.6.1.5.5.7.3.3': 'codeSigning',
  '1.3.6.1.5.5.7.3.4': 'emailProtection',
  '1.3.6.1.5.5.7.3.8': 'timeStamping',
  '1.3.6.1.5.5.7.3.9': 'OCSPSigning',
  '1.3.6.1.4.1.311.20.2.2': 'msSmartcardLogin',
  '1.3.6.1.5.2.3.4': 'pkInitClientAuth',
};

/**
 * The certificate's EKU as names (an OID nobody named stays an OID), or undefined when the
 * certificate has no EKU extension: that is not "no usage" but "any usage" (RFC 5280).
 */
export function extendedKeyUsageOf(cert: X509Certificate): string[] | undefined {
  let oids: string[] | undefined;
  try {
    oids = cert.keyUsage;
  } catch {
    return undefined;
  }
  if (!Array.isArray(oids)) return undefined;
  return oids.map((oid) => EKU_NAMES[oid] ?? oid);
}

/**
 * Whether a TLS peer verifying the certificate as a client certificate accepts its EKU.
 * `unrestricted`: no EKU extension, which OpenSSL accepts but Salesforce's inbound mutual
 * authentication does not (it requires clientAuth). anyExtendedKeyUsage alone is refused by
 * OpenSSL's client purpose check (`openssl verify -purpose sslclient`; docs/trust.md), so it
 * counts as missing.
 */
export function clientAuthPermission(eku: readonly string[] | undefined): 'yes' | 'no' | 'unrestricted' {
  if (eku === undefined) return 'unrestricted';
  return eku.includes('clientAuth') ? 'yes' : 'no';
}

/** Whether the certificate may act as a TLS server certificate (for the SC-081 scope). */
export function permitsServerAuth(eku: readonly string[] | undefined): boolean {
  return eku === undefined || eku.includes('serverAuth') || eku.includes('anyExtendedKeyUsage');
}
