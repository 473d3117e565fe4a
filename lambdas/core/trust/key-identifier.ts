/**
 * The authorityKeyIdentifier of a certificate (RFC 5280 4.2.1.1), which Node does not expose,
 * read with the maintained ASN.1 schemas of @peculiar/asn1-x509. Upper-case hex, no separators.
 */
import { AsnConvert } from '@peculiar/asn1-schema';
import { AuthorityKeyIdentifier, Certificate, id_ce_authorityKeyIdentifier } from '@peculiar/asn1-x509';

export function authorityKeyIdOf(der: Uint8Array): string | undefined {
  try {
    const certificate = AsnConvert.parse(der, Certificate);
    const extension = certificate.tbsCertificate.extensions?.find(
      (e) => e.extnID === id_ce_authorityKeyIdentifier,
    );
    if (!extension) return undefined;
    const aki = AsnConvert.parse(extension.extnValue.buffer, AuthorityKeyIdentifier);
    return aki.keyIdentifier
      ? Buffer.from(aki.keyIdentifier.buffer).toString('hex').toUpperCase()
      : undefined;
  } catch {
    return undefined;
  }
}

/** `AB:CD:..`, `abcd..` or `AB CD ..` to the form above. */
export function normaliseKeyId(text: string): string {
  return text.replace(/[^0-9a-fA-F]/g, '').toUpperCase();
}
