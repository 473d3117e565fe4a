/**
 * The client certificate and key a mutual-TLS probe presents, read from one secret in any of the
 * documented formats (docs/secrets-manager.md). Keystores are converted to PEM here so the probe
 * never meets a legacy PKCS#12 that OpenSSL 3 refuses. Errors name the secret and the reason only.
 */
import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import {
  binaryKind,
  decodeSecret,
  describeError,
  isPasswordError,
  redact,
  type SecretPayload,
  type SecretProblem,
} from './secret-format';

export type ClientCredential =
  | { certPem: string; keyPem: string; caPem?: string }
  | { pfx: Buffer; passphrase?: string };

const CERTIFICATE_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
const KEY_BLOCK = /-----BEGIN ((?:RSA |EC |ENCRYPTED )?PRIVATE KEY)-----[\s\S]+?-----END \1-----/;

type CredentialResult =
  | { credential: ClientCredential; problem?: undefined }
  | { credential?: undefined; problem: SecretProblem };

/** Reads one secret's value and returns the credential in it; throws naming the secret and the reason. */
export async function loadClientCredential(
  client: SecretsManagerClient,
  secretId: string,
): Promise<ClientCredential> {
  let payload: SecretPayload;
  try {
    const out = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    payload = {
      name: out.Name ?? secretId,
      arn: out.ARN,
      secretString: out.SecretString,
      secretBinary: out.SecretBinary,
    };
  } catch (error) {
    throw new Error(`Secrets Manager secret "${secretId}" could not be read: ${describeError(error)}`);
  }
  const result = credentialFromSecret(payload);
  if (result.problem) {
    throw new Error(
      `Secrets Manager secret "${secretId}" holds no usable client certificate (${result.problem.code}): ${result.problem.reason}`,
    );
  }
  return result.credential;
}

/** The credential in a secret's value, or why there is none; never throws, never quotes the value. */
export function credentialFromSecret(payload: SecretPayload): CredentialResult {
  const decoded = decodeSecret(payload);
  if (decoded.problem || !decoded.material) {
    return { problem: decoded.problem ?? { code: 'SECRET_NO_CERTIFICATE', reason: 'no certificate found' } };
  }
  const m = decoded.material;
  try {
    switch (m.format) {
      case 'pem':
        return fromPem(m.pem, m.pem, undefined, undefined, 'SecretString');
      case 'json-pem':
        return fromPem(
          [m.certificate, m.chain ?? ''].join('\n'),
          m.privateKey,
          m.password,
          m.ca,
          'JSON field "privateKey"',
        );
      case 'json-pkcs12':
        return withCa(fromPkcs12(m.pkcs12, m.password ?? '', 'JSON field "pkcs12"'), m.ca);
      case 'json-jks':
        return withCa(fromJks(m.jks, m.password ?? '', 'JSON field "jks"'), m.ca);
      case 'binary':
        return fromBinary(m.data);
    }
  } catch (error) {
    // Parsers can quote their input: only a redacted message travels.
    const message = redact((error as Error).message, [passwordOf(m)]);
    return isPasswordError(message)
      ? {
          problem: {
            code: 'SECRET_WRONG_PASSWORD',
            reason: `the password does not open the keystore (${message})`,
          },
        }
      : {
          problem: { code: 'SECRET_MALFORMED', reason: `the ${m.format} value cannot be read (${message})` },
        };
  }
}

function passwordOf(material: { format: string; password?: string }): string | undefined {
  return 'password' in material ? material.password : undefined;
}

function withCa(result: CredentialResult, ca: string | undefined): CredentialResult {
  if (result.credential && 'certPem' in result.credential && ca)
    return { credential: { ...result.credential, caPem: ca } };
  return result;
}

function fromBinary(data: Buffer): CredentialResult {
  switch (binaryKind(data)) {
    case 'pem': {
      const text = data.toString('utf8');
      return fromPem(text, text, undefined, undefined, 'SecretBinary');
    }
    case 'jks':
      return fromJks(data, '', 'SecretBinary (JKS)');
    case 'asn1':
      if (isDerCertificate(data)) {
        return {
          problem: {
            code: 'SECRET_NO_CERTIFICATE',
            reason: 'SecretBinary holds a DER certificate without its private key',
          },
        };
      }
      return fromPkcs12(data, '', 'SecretBinary (PKCS#12, tried with the empty password)');
    default:
      return {
        problem: { code: 'SECRET_MALFORMED', reason: 'SecretBinary is not PEM, DER, PKCS#12 or JKS' },
      };
  }
}

function isDerCertificate(data: Buffer): boolean {
  try {
    new X509Certificate(data);
    return true;
  } catch {
    return false;
  }
}

/** Pairs the key with the certificate it belongs to; the rest of the PEM text is the chain. */
function fromPem(
  certificatesText: string,
  keyText: string | undefined,
  password: string | undefined,
  ca: string | undefined,
  keyWhere: string,
): CredentialResult {
  const certificates = certificatesText.match(CERTIFICATE_BLOCK) ?? [];
  if (certificates.length === 0)
    return { problem: { code: 'SECRET_NO_CERTIFICATE', reason: 'no PEM certificate found' } };
  const keyBlock = keyText === undefined ? undefined : KEY_BLOCK.exec(keyText)?.[0];
  if (!keyBlock)
    return { problem: { code: 'SECRET_NO_CERTIFICATE', reason: `no PEM private key in ${keyWhere}` } };
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: keyBlock, format: 'pem', passphrase: password });
  } catch {
    // OpenSSL's words differ by version; whether the block is encrypted is what tells the cause.
    const encrypted = /ENCRYPTED/.test(keyBlock);
    if (encrypted && password === undefined) {
      return {
        problem: {
          code: 'SECRET_WRONG_PASSWORD',
          reason: 'the private key is encrypted and no password is given',
        },
      };
    }
    if (encrypted) {
      return {
        problem: { code: 'SECRET_WRONG_PASSWORD', reason: 'the password does not decrypt the private key' },
      };
    }
    return { problem: { code: 'SECRET_MALFORMED', reason: `the private key in ${keyWhere} cannot be read` } };
  }
  return pair(certificates, key, ca);
}

function pair(certificates: string[], key: KeyObject, ca: string | undefined): CredentialResult {
  const leafIndex = certificates.findIndex((pem) => {
    try {
      return new X509Certificate(pem).checkPrivateKey(key);
    } catch {
      return false;
    }
  });
  if (leafIndex < 0) {
    return {
      problem: { code: 'SECRET_MALFORMED', reason: 'the private key matches none of the certificates' },
    };
  }
  const ordered = [certificates[leafIndex], ...certificates.filter((_, i) => i !== leafIndex)];
  const keyPem = key.export({ type: 'pkcs8', format: 'pem' }).toString();
  return { credential: { certPem: `${ordered.join('\n')}\n`, keyPem, ...(ca ? { caPem: ca } : {}) } };
}

/** The keystore readers (the parts of node-forge and jks-js needed), loaded only when a keystore is met. */
function keystoreLibraries(): typeof import('../../core/certificates/keystore-libraries') {
  return require('../../core/certificates/keystore-libraries');
}

function fromPkcs12(data: Buffer, password: string, where: string): CredentialResult {
  const { forge } = keystoreLibraries();
  const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(data.toString('binary')), password);
  const { oids } = forge.pki;
  const keyBags = [
    ...(p12.getBags({ bagType: oids.pkcs8ShroudedKeyBag })[oids.pkcs8ShroudedKeyBag] ?? []),
    ...(p12.getBags({ bagType: oids.keyBag })[oids.keyBag] ?? []),
  ];
  const certBags = p12.getBags({ bagType: oids.certBag })[oids.certBag] ?? [];
  const certificates = certBags.flatMap((bag) => {
    if (bag.cert) return [forge.pki.certificateToPem(bag.cert)];
    // forge leaves non-RSA certificates as ASN.1; node:crypto reads any of them.
    if (bag.asn1)
      return [new X509Certificate(Buffer.from(forge.asn1.toDer(bag.asn1).getBytes(), 'binary')).toString()];
    return [];
  });
  if (certificates.length === 0)
    return { problem: { code: 'SECRET_NO_CERTIFICATE', reason: `no certificate in ${where}` } };
  const bag = keyBags[0];
  if (!bag) return { problem: { code: 'SECRET_NO_CERTIFICATE', reason: `no private key in ${where}` } };
  const keyInfo = bag.key ? forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(bag.key)) : bag.asn1;
  const key = createPrivateKey({
    key: Buffer.from(forge.asn1.toDer(keyInfo).getBytes(), 'binary'),
    format: 'der',
    type: 'pkcs8',
  });
  return pair(certificates, key, undefined);
}

/**
 * jks-js `decrypt` (its index would bring node-forge whole): a JKS key entry's private key as
 * PKCS#8 PEM. Loaded here, not in keystore-libraries.ts, so that only the probe carries it.
 */
function decryptJksKey(protectedPrivateKey: Buffer, password: string): string {
  const EncryptedPrivateKeyInfo = require('jks-js/lib/encryption/EncryptedPrivateKeyInfo') as new (
    protectedKey: Buffer,
  ) => unknown;
  const KeyProtector = require('jks-js/lib/encryption/KeyProtector') as new (
    password: string,
  ) => { recover(info: unknown): string };
  return new KeyProtector(password).recover(new EncryptedPrivateKeyInfo(protectedPrivateKey));
}

/** As jks-js `toPem` reads it: a PKCS#12 given as JKS is read as PKCS#12, else the first key entry. */
function fromJks(data: Buffer, password: string, where: string): CredentialResult {
  if (binaryKind(data) === 'asn1') return fromPkcs12(data, password, where);
  const { parseJks } = keystoreLibraries();
  const entry = parseJks(data, password).find((e) => 'chain' in e);
  if (!entry) {
    return { problem: { code: 'SECRET_NO_CERTIFICATE', reason: `no private key entry in ${where}` } };
  }
  const unsupported = entry.chain.find((c) => c.certType !== 'X.509');
  if (unsupported) {
    return {
      problem: { code: 'SECRET_MALFORMED', reason: `${where} holds a "${unsupported.certType}" certificate` },
    };
  }
  const certificates = entry.chain.map((c) => new X509Certificate(c.value).toString()).join('\n');
  return fromPem(
    certificates,
    decryptJksKey(entry.protectedPrivateKey, password),
    undefined,
    undefined,
    where,
  );
}
