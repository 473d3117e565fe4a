/**
 * Real certificates for tests, made on the fly: keys from node:crypto (fast, native), certificates
 * built and signed with node-forge so that any validity window (expired, not yet valid, 1950,
 * 2050+) can be made for real.
 */
import { generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';

export interface TestKeyPair {
  privateKeyPem: string;
  publicKeyPem: string;
}

const keyCache = new Map<string, TestKeyPair>();

/** RSA 2048 key pair; `slot` lets tests reuse keys (keygen is the slow part). */
export function rsaKeyPair(slot = 'default'): TestKeyPair {
  const cached = keyCache.get(slot);
  if (cached) return cached;
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pair = {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
  keyCache.set(slot, pair);
  return pair;
}

export interface TestCertificate {
  certPem: string;
  keyPem: string;
  der: Buffer;
  /** forge objects, for signing children and building keystores. */
  forgeCert: forge.pki.Certificate;
  forgeKey: forge.pki.rsa.PrivateKey;
}

export interface MakeCertificateOptions {
  commonName: string;
  notBefore: Date;
  notAfter: Date;
  /** Signs with this CA; self-signed when absent. */
  issuer?: TestCertificate;
  isCa?: boolean;
  /** DNS names and IP addresses for subjectAltName. */
  dnsNames?: string[];
  ipAddresses?: string[];
  serialHex?: string;
  keySlot?: string;
  organization?: string;
  /** Adds authorityKeyIdentifier (the issuer's subjectKeyIdentifier); needs `issuer`. */
  authorityKeyId?: boolean;
  /** Adds an extendedKeyUsage extension with these purposes (an empty list makes an empty one). */
  extendedKeyUsage?: Array<'serverAuth' | 'clientAuth' | 'anyExtendedKeyUsage'>;
}

let serialCounter = 1;

export function makeCertificate(options: MakeCertificateOptions): TestCertificate {
  const keys = rsaKeyPair(options.keySlot ?? options.commonName);
  const forgeKey = forge.pki.privateKeyFromPem(keys.privateKeyPem) as forge.pki.rsa.PrivateKey;
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(keys.publicKeyPem);
  cert.serialNumber = options.serialHex ?? (0x1000 + serialCounter++).toString(16).padStart(4, '0');
  cert.validity.notBefore = options.notBefore;
  cert.validity.notAfter = options.notAfter;
  const subject = [{ name: 'commonName', value: options.commonName }];
  if (options.organization) subject.push({ name: 'organizationName', value: options.organization });
  cert.setSubject(subject);
  cert.setIssuer(options.issuer ? options.issuer.forgeCert.subject.attributes : subject);
  const extensions: object[] = [
    { name: 'basicConstraints', cA: options.isCa ?? false, critical: true },
    {
      name: 'keyUsage',
      critical: true,
      digitalSignature: true,
      keyEncipherment: !options.isCa,
      keyCertSign: options.isCa ?? false,
      cRLSign: options.isCa ?? false,
    },
    { name: 'subjectKeyIdentifier' },
  ];
  if (options.authorityKeyId && options.issuer)
    extensions.push({
      name: 'authorityKeyIdentifier',
      keyIdentifier: options.issuer.forgeCert.generateSubjectKeyIdentifier().getBytes(),
    });
  const altNames = [
    ...(options.dnsNames ?? []).map((value) => ({ type: 2, value })),
    ...(options.ipAddresses ?? []).map((ip) => ({ type: 7, ip })),
  ];
  if (altNames.length > 0) extensions.push({ name: 'subjectAltName', altNames });
  if (options.extendedKeyUsage) {
    extensions.push({
      name: 'extKeyUsage',
      serverAuth: options.extendedKeyUsage.includes('serverAuth'),
      clientAuth: options.extendedKeyUsage.includes('clientAuth'),
      // forge knows no name for anyExtendedKeyUsage; it takes the dotted OID.
      '2.5.29.37.0': options.extendedKeyUsage.includes('anyExtendedKeyUsage'),
    });
  }
  cert.setExtensions(extensions);
  cert.sign(options.issuer ? options.issuer.forgeKey : forgeKey, forge.md.sha256.create());
  const certPem = forge.pki.certificateToPem(cert);
  const der = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary');
  return { certPem, keyPem: keys.privateKeyPem, der, forgeCert: cert, forgeKey };
}

/** A PKCS#12 bundle; `algorithm` '3des' is the legacy encryption OpenSSL 3 refuses by default. */
export function makePkcs12(
  leaf: TestCertificate,
  password: string,
  options: { chain?: TestCertificate[]; algorithm?: 'aes256' | '3des'; friendlyName?: string } = {},
): Buffer {
  const asn1 = forge.pkcs12.toPkcs12Asn1(
    leaf.forgeKey,
    [leaf.forgeCert, ...(options.chain ?? []).map((c) => c.forgeCert)],
    password,
    { algorithm: options.algorithm ?? 'aes256', friendlyName: options.friendlyName ?? 'client' },
  );
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}

/** Days from a date, for readable validity windows. */
export function daysFrom(date: Date, days: number): Date {
  return new Date(date.getTime() + days * 86_400_000);
}

/** The base64 lines of PEM keys, any of which in an output would betray the key. */
export function pemBodyLines(...pems: string[]): string[] {
  return pems
    .flatMap((pem) => pem.split('\n'))
    .filter((line) => line.length > 0 && !line.startsWith('-----'));
}
