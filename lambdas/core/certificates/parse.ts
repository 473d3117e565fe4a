/**
 * The certificate engine's front door: any bytes or text a source found (a file, a secret value,
 * a Salesforce .crt, a Connected App's PEM string) to the certificates it holds. Formats are told
 * apart by content, never by file name. Nothing here throws for bad input: problems come back as
 * `error`, naming the input and the reason, never the password or any key material.
 */
import { X509Certificate } from 'node:crypto';
import type { CertificateInfo } from '../model';
import { opensslReason } from '../openssl-reason';
import { rememberDer } from '../trust/der-memo';
import { looksLikePkcs12, readDerElement, splitDerSequences } from './der';
import { hasPemBlocks, isBareBase64, isPrivateKeyLabel, type PemBlock, pemBlocks } from './pem';
import type { VerdictCache } from './verdict-cache';
import { describeX509 } from './x509';

export type InputFormat = 'pem' | 'der' | 'pkcs12' | 'jks';

export interface CertificateInput {
  /** Names the input in errors (a file path, a secret name, a Salesforce certificate name). */
  name: string;
  data: Uint8Array | string;
  /** For PKCS#12 and JKS; ignored by the other formats. */
  password?: string;
}

export interface ParsedInput {
  input: string;
  /** In the order the input holds them; `pickLeaf` (record.ts) decides which one is the leaf. */
  certificates: CertificateInfo[];
  /** Set when the input, or part of it, could not be read; certificates read before still count. */
  error?: string;
  /** The format recognised, when one was. */
  format?: InputFormat;
  /** PEM holding private keys and nothing else (certbot's privkey.pem): not a certificate file. */
  privateKeyOnly?: boolean;
}

const JKS_MAGIC = 0xfeedfeed;
const JCEKS_MAGIC = 0xcececece;
const CERTIFICATE_LABELS = new Set(['CERTIFICATE', 'X509 CERTIFICATE', 'TRUSTED CERTIFICATE']);

interface Outcome {
  certificates: CertificateInfo[];
  problems: string[];
  format?: InputFormat;
  privateKeyOnly?: boolean;
}

export interface ParseOptions {
  /** Verdicts remembered across the inputs of one scan (verdict-cache.ts); none: decided each time. */
  verdicts?: VerdictCache;
}

export function parseCertificateInput(input: CertificateInput, options: ParseOptions = {}): ParsedInput {
  let outcome: Outcome;
  try {
    outcome = parseData(input.data, input.password, true, options.verdicts);
  } catch (error) {
    // Belt and braces: a parser bug must not stop a scan, and its message is not trusted to be clean.
    outcome = {
      certificates: [],
      problems: [`unexpected parser failure (${(error as Error)?.name ?? 'error'})`],
    };
  }
  const { certificates, problems, format } = outcome;
  if (outcome.privateKeyOnly) problems.push('holds only a private key (skipped, never read), no certificate');
  else if (certificates.length === 0 && problems.length === 0) problems.push('no certificate found');
  const result: ParsedInput = { input: input.name, certificates };
  if (outcome.privateKeyOnly) result.privateKeyOnly = true;
  if (format) result.format = format;
  if (problems.length > 0) result.error = `${input.name}: ${problems.join('; ')}`;
  return result;
}

function parseData(
  data: Uint8Array | string,
  password: string | undefined,
  allowBase64: boolean,
  verdicts: VerdictCache | undefined,
): Outcome {
  if (typeof data !== 'string') {
    if (data.length === 0) return { certificates: [], problems: ['is empty'] };
    const magic = data.length >= 4 ? ((data[0] << 24) | (data[1] << 16) | (data[2] << 8) | data[3]) >>> 0 : 0;
    if (magic === JKS_MAGIC) return fromKeystore('jks', data, password, verdicts);
    if (magic === JCEKS_MAGIC) {
      return {
        certificates: [],
        problems: ['is a JCEKS keystore, which is unsupported (convert it to PKCS#12)'],
      };
    }
    if (data[0] === 0x30)
      return looksLikePkcs12(data)
        ? fromKeystore('pkcs12', data, password, verdicts)
        : fromDer(data, verdicts);
  }
  const raw = typeof data === 'string' ? data : Buffer.from(data).toString('latin1');
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  if (!/\S/.test(text)) return { certificates: [], problems: ['is empty'] };
  if (hasPemBlocks(text)) return fromPem(text, verdicts);
  if (allowBase64 && isBareBase64(text)) {
    const decoded = Buffer.from(text.replace(/\s+/g, ''), 'base64');
    const inner = parseData(decoded, password, false, verdicts);
    return { ...inner, problems: inner.problems.map((p) => `base64 content ${p}`) };
  }
  return { certificates: [], problems: ['no certificate found (not PEM, DER, PKCS#12 or JKS)'] };
}

function fromPem(text: string, verdicts: VerdictCache | undefined): Outcome {
  const certificates: CertificateInfo[] = [];
  const problems: string[] = [];
  const otherLabels = new Set<string>();
  let privateKeys = 0;
  for (const block of pemBlocks(text)) {
    if (isPrivateKeyLabel(block.label)) {
      privateKeys++;
      continue;
    }
    if (!CERTIFICATE_LABELS.has(block.label)) {
      otherLabels.add(block.label);
      continue;
    }
    if (!block.der) {
      problems.push(`${blockName(block)} ${block.error ?? 'is unreadable'}`);
      continue;
    }
    // TRUSTED CERTIFICATE appends OpenSSL trust settings after the certificate: keep the first element only.
    const element = readDerElement(block.der);
    if (typeof element === 'string') {
      problems.push(`${blockName(block)}: ${element}`);
      continue;
    }
    // Most blocks hold exactly one element: no view is needed then.
    const der = element.end === block.der.length ? block.der : block.der.subarray(0, element.end);
    const described = describeDer(der, verdicts);
    if (typeof described === 'string') problems.push(`${blockName(block)}: ${described}`);
    else certificates.push(described);
  }
  if (certificates.length === 0 && problems.length === 0 && privateKeys > 0 && otherLabels.size === 0) {
    return { certificates, problems, format: 'pem', privateKeyOnly: true };
  }
  if (certificates.length === 0 && problems.length === 0) {
    const labels = [...otherLabels];
    const hint = labels.some((l) => l.includes('CERTIFICATE REQUEST'))
      ? ' (a certificate signing request is not a certificate: the CA has not issued it yet?)'
      : labels.length > 0
        ? ` (PEM blocks found: ${labels.join(', ')})`
        : '';
    problems.push(`no certificate found${hint}`);
  }
  return { certificates, problems, format: 'pem' };
}

const blockName = (block: PemBlock) => `PEM block ${block.index} (${block.label})`;

function fromDer(bytes: Uint8Array, verdicts: VerdictCache | undefined): Outcome {
  const { elements, error } = splitDerSequences(bytes);
  const certificates: CertificateInfo[] = [];
  const problems: string[] = [];
  elements.forEach((element, i) => {
    const described = describeDer(element, verdicts);
    if (typeof described !== 'string') certificates.push(described);
    else problems.push(elements.length > 1 ? `DER certificate ${i + 1}: ${described}` : described);
  });
  if (error) problems.push(error);
  return { certificates, problems, format: 'der' };
}

function fromKeystore(
  format: 'pkcs12' | 'jks',
  bytes: Uint8Array,
  password: string | undefined,
  verdicts: VerdictCache | undefined,
): Outcome {
  // Lazy on purpose: node-forge and jks-js are the heaviest part of a bundle (docs/performance.md)
  // and most callers never meet a keystore.
  const keystores = require('./keystores') as typeof import('./keystores');
  let ders: Uint8Array[];
  try {
    ders = format === 'jks' ? keystores.readJks(bytes, password) : keystores.readPkcs12(bytes, password);
  } catch (error) {
    const reason = error instanceof keystores.KeystoreError ? error.message : 'could not be read';
    return { certificates: [], problems: [reason], format };
  }
  const certificates: CertificateInfo[] = [];
  const problems: string[] = [];
  ders.forEach((der, i) => {
    const described = describeDer(der, verdicts);
    if (typeof described === 'string') problems.push(`certificate ${i + 1}: ${described}`);
    else certificates.push(described);
  });
  if (ders.length === 0)
    problems.push(`no certificate found in the ${format === 'jks' ? 'JKS' : 'PKCS#12'} file`);
  return { certificates, problems, format };
}

/** One DER certificate, or why it cannot be read. */
function describeDer(der: Uint8Array, verdicts: VerdictCache | undefined): CertificateInfo | string {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(der);
  } catch (error) {
    return `not a readable X.509 certificate (${opensslReasonOf(error)})`;
  }
  try {
    const info = describeX509(cert, der, verdicts);
    rememberDer(info, der);
    return info;
  } catch (error) {
    return `unreadable certificate: ${(error as Error).message}`;
  }
}

function opensslReasonOf(error: unknown): string {
  return opensslReason(error instanceof Error ? error.message : String(error));
}
