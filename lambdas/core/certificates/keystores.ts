/**
 * Keystores: PKCS#12 (node-forge, which reads the legacy RC2/3DES files OpenSSL 3 refuses) and
 * Java KeyStore (jks-js). parse.ts loads this module only when it meets a keystore, so code that
 * never sees one never loads either library. Only certificates come out: private keys are left
 * where they are (forge decrypts shrouded key bags while reading, but nothing here keeps them).
 * Both libraries come from keystore-libraries.ts, which loads only the parts of them this needs.
 */
import type { pkcs12 } from 'node-forge';
import { forge, type JksEntry, parseJks } from './keystore-libraries';

/** A problem with the keystore, worded for the user; never carries the password. */
export class KeystoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeystoreError';
  }
}

/** DER certificates of a PKCS#12 file, in file order. */
export function readPkcs12(bytes: Uint8Array, password: string | undefined): Uint8Array[] {
  let pfx: pkcs12.Pkcs12Pfx;
  try {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(bytes).toString('binary')));
    pfx = forge.pkcs12.pkcs12FromAsn1(asn1, false, password ?? '');
  } catch (error) {
    throw new KeystoreError(pkcs12Reason(libraryMessage(error, password), password));
  }
  const bags = pfx.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag as string] ?? [];
  const certificates: Uint8Array[] = [];
  for (const bag of bags) {
    // forge parses only RSA certificates; for the others it keeps the ASN.1 and so do we.
    const asn1 = bag.cert ? forge.pki.certificateToAsn1(bag.cert) : bag.asn1;
    if (asn1) certificates.push(Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary'));
  }
  return certificates;
}

function pkcs12Reason(message: string, password: string | undefined): string {
  if (/MAC could not be verified|invalid password|wrong password|unable to decrypt/i.test(message)) {
    return password
      ? 'wrong password or corrupt file (PKCS#12 integrity check failed)'
      : 'needs a password (none given), or the file is corrupt (PKCS#12 integrity check failed)';
  }
  if (/unsupported|not supported/i.test(message)) return `uses an unsupported algorithm (${message})`;
  return `not a readable PKCS#12 file (${message})`;
}

/** DER certificates of a JKS keystore: key entries' chains and trusted certificates, in file order. */
export function readJks(bytes: Uint8Array, password: string | undefined): Uint8Array[] {
  let entries: JksEntry[];
  try {
    // Without a password jks-js reads the certificates (they are not encrypted) and skips the integrity check.
    entries = parseJks(Buffer.from(bytes), password ?? '');
  } catch (error) {
    const message = libraryMessage(error, password);
    if (/password verification failed/i.test(message)) {
      throw new KeystoreError('wrong password or corrupt file (JKS integrity check failed)');
    }
    throw new KeystoreError(`not a readable JKS keystore (${message})`);
  }
  const certificates: Uint8Array[] = [];
  for (const entry of entries) {
    for (const cert of 'chain' in entry ? entry.chain : [entry.cert]) {
      if (cert.certType !== 'X.509') {
        throw new KeystoreError(`holds a certificate of unsupported type "${cert.certType}"`);
      }
      certificates.push(cert.value);
    }
  }
  return certificates;
}

/** A library's message, with the password cut out should a library ever echo it. */
function libraryMessage(error: unknown, password: string | undefined): string {
  const message = error instanceof Error ? error.message : String(error);
  const oneLine = message.split('\n')[0].trim() || 'unknown error';
  return password && password.length >= 4 ? oneLine.split(password).join('***') : oneLine;
}
