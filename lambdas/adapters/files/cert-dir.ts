/**
 * A folder of certificate files as a source: PEM, DER, PKCS#12 and JKS files, each optionally with
 * a `NAME.json` sidecar (same base name) carrying what a file cannot say: owners, the external
 * system, the integration user, the org, whether it is publicly trusted, thresholds, a password.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join, relative } from 'node:path';
import { parseCertificateInput } from '../../core/certificates/parse';
import { recordFromChain } from '../../core/certificates/record';
import { ConfigError, type Sidecar, sidecarSchema, validate } from '../../core/config';
import {
  type CertificateInfo,
  type CertificateSource,
  emptyInventory,
  type Finding,
  type Inventory,
} from '../../core/model';
import { readJsonFile } from './json-file';

export const CERTIFICATE_EXTENSIONS = [
  '.pem',
  '.crt',
  '.cer',
  '.der',
  '.p12',
  '.pfx',
  '.jks',
  '.keystore',
  '.p7b',
];

export interface CertDirOptions {
  /** Environment for sidecars' `passwordEnv`. */
  env?: NodeJS.ProcessEnv;
}

export function createCertDirSource(dir: string, options: CertDirOptions = {}): CertificateSource {
  const name = `files:${dir}`;
  return { name, kind: 'files', collect: async () => readCertDir(dir, name, options.env ?? {}) };
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return listFiles(path);
      return entry.isFile() && CERTIFICATE_EXTENSIONS.includes(extname(entry.name).toLowerCase())
        ? [path]
        : [];
    });
}

function readCertDir(dir: string, source: string, env: NodeJS.ProcessEnv): Inventory {
  const inventory = emptyInventory();
  let files: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a directory');
    files = listFiles(dir);
  } catch (error) {
    inventory.sources.push({
      name: source,
      kind: 'files',
      status: 'failed',
      error: `${dir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      certificates: 0,
    });
    return inventory;
  }
  for (const file of files) {
    const input = relative(dir, file) || basename(file);
    const finding = (code: string, message: string): Finding => ({
      code,
      severity: 'warning',
      subject: file,
      source,
      message,
    });
    let sidecar: Sidecar = {};
    const sidecarPath = `${file.slice(0, -extname(file).length)}.json`;
    try {
      if (statSync(sidecarPath, { throwIfNoEntry: false })?.isFile())
        sidecar = validate(sidecarSchema, readJsonFile(sidecarPath), sidecarPath);
    } catch (error) {
      const message = error instanceof ConfigError ? error.problems.join('; ') : (error as Error).message;
      inventory.findings.push(finding('SIDECAR_INVALID', `${sidecarPath} was ignored: ${message}`));
    }
    const password = sidecar.password ?? (sidecar.passwordEnv ? env[sidecar.passwordEnv] : undefined);
    let data: Buffer;
    try {
      data = readFileSync(file);
    } catch (error) {
      // Listed a moment ago but unreadable now (permissions, removed): this file only, not the scan.
      const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      inventory.findings.push(finding('CERT_PARSE_ERROR', `${file}: cannot be read (${reason})`));
      continue;
    }
    const parsed = parseCertificateInput({ name: file, data, password });
    if (parsed.error || parsed.certificates.length === 0) {
      inventory.findings.push(finding('CERT_PARSE_ERROR', parsed.error ?? `${file}: no certificate found`));
      continue;
    }
    const chains = splitChains(parsed.certificates);
    chains.forEach((chain, index) => {
      const name = sidecar.name ?? basename(file);
      inventory.certificates.push(
        recordFromChain(chain, {
          id: `files:${input}${chains.length > 1 ? `#${index + 1}` : ''}`,
          source,
          name: chains.length > 1 ? `${name}#${index + 1}` : name,
          kind: sidecar.kind ?? 'file',
          org: sidecar.org,
          externalSystem: sidecar.externalSystem,
          integrationUser: sidecar.integrationUser,
          owners: { owner: sidecar.owner, partnerOwner: sidecar.partnerOwner },
          publiclyTrusted: sidecar.publiclyTrusted,
          usage: sidecar.usage,
          thresholds: sidecar.thresholds,
          attributes: { file: input },
        }),
      );
    });
  }
  const failed = inventory.findings.some((f) => f.code === 'CERT_PARSE_ERROR');
  inventory.sources.push({
    name: source,
    kind: 'files',
    status: failed ? 'partial' : 'ok',
    error: failed ? 'some files could not be read: see the CERT_PARSE_ERROR findings' : undefined,
    certificates: inventory.certificates.length,
  });
  return inventory;
}

/**
 * A file may hold one chain or several unrelated certificates (a keystore with many entries, a CA
 * bundle): one record per leaf, each with the issuers found for it in the same file.
 */
export function splitChains(certificates: CertificateInfo[]): CertificateInfo[][] {
  const issuedSomething = (c: CertificateInfo) => certificates.some((o) => o !== c && o.issuer === c.subject);
  const leaves = certificates.filter((c) => !issuedSomething(c));
  if (leaves.length <= 1) return [certificates];
  return leaves.map((leaf) => {
    const chain = [leaf];
    let current = leaf;
    for (;;) {
      const issuer = certificates.find((c) => !chain.includes(c) && c.subject === current.issuer);
      if (!issuer) break;
      chain.push(issuer);
      current = issuer;
    }
    return chain;
  });
}
