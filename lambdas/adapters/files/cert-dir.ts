/**
 * A folder of certificate files as a source: PEM, DER, PKCS#12 and JKS files, each optionally with
 * a `NAME.json` sidecar (same base name) carrying what a file cannot say: owners, the external
 * system, the integration user, the org, whether it is publicly trusted, thresholds, a password.
 */
import { type Dirent, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { parseCertificateInput } from '../../core/certificates/parse';
import { recordFromChain } from '../../core/certificates/record';
import { createVerdictCache } from '../../core/certificates/verdict-cache';
import { ConfigError, type Sidecar, sidecarSchema, validate } from '../../core/config';
import { copyDisagreementFinding, joinSameCertificates } from '../../core/inventory';
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

/** What walking a folder found: certificate files, and the parts that could not be walked. */
interface FolderListing {
  files: string[];
  problems: Array<{ code: string; path: string; message: string }>;
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
}

/**
 * Every certificate file below `root`, following symbolic links (certbot's `live/NAME/*.pem` link
 * into `../../archive`, /etc/ssl/certs links into /usr/share) once each: a file or folder reached
 * twice by different paths is read once, a link loop and a dangling link are named, and a
 * subfolder that cannot be listed is one problem while the rest is still walked.
 */
function listFiles(root: string): FolderListing {
  const listing: FolderListing = { files: [], problems: [] };
  const seenFolders = new Set<string>();
  const seenFiles = new Set<string>();
  const walk = (dir: string, ancestors: Set<string>): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      listing.problems.push({
        code: 'CERT_DIR_UNREADABLE',
        path: dir,
        message: `${dir}: this folder cannot be listed (${errorCode(error)}); its certificates were not scanned`,
      });
      return;
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      let real = path;
      if (entry.isSymbolicLink()) {
        try {
          real = realpathSync(path);
          const target = statSync(real);
          isDirectory = target.isDirectory();
          isFile = target.isFile();
        } catch (error) {
          const code = errorCode(error);
          listing.problems.push({
            code: code === 'ELOOP' ? 'CERT_DIR_LINK_LOOP' : 'CERT_DIR_LINK_BROKEN',
            path,
            message:
              code === 'ELOOP'
                ? `${path}: the symbolic link loops back on itself and was skipped (nothing behind it to read)`
                : `${path}: the symbolic link points to nothing readable (${code}) and was skipped`,
          });
          continue;
        }
      }
      if (isDirectory) {
        const folder = entry.isSymbolicLink() ? real : realpathOrSelf(path);
        if (ancestors.has(folder)) {
          listing.problems.push({
            code: 'CERT_DIR_LINK_LOOP',
            path,
            message: `${path}: the symbolic link leads back into a folder that contains it (a loop) and was skipped`,
          });
          continue;
        }
        if (seenFolders.has(folder)) continue; // reached by another path: read once
        seenFolders.add(folder);
        walk(path, new Set([...ancestors, folder]));
      } else if (isFile && CERTIFICATE_EXTENSIONS.includes(extname(entry.name).toLowerCase())) {
        const key = entry.isSymbolicLink() ? real : realpathOrSelf(path);
        if (seenFiles.has(key)) continue;
        seenFiles.add(key);
        listing.files.push(path);
      }
    }
  };
  const top = realpathOrSelf(root);
  seenFolders.add(top);
  walk(root, new Set([top]));
  return listing;
}

function realpathOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function readCertDir(dir: string, source: string, env: NodeJS.ProcessEnv): Inventory {
  const inventory = emptyInventory();
  let listing: FolderListing;
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a directory');
    listing = listFiles(dir);
  } catch (error) {
    inventory.sources.push({
      name: source,
      kind: 'files',
      status: 'failed',
      error: `${dir}: ${errorCode(error)}`,
      certificates: 0,
    });
    return inventory;
  }
  for (const problem of listing.problems) {
    inventory.findings.push({
      code: problem.code,
      // A loop leads back to what is read anyway: worth a word, not a gap in the scan.
      severity: problem.code === 'CERT_DIR_LINK_LOOP' ? 'info' : 'warning',
      subject: problem.path,
      source,
      message: problem.message,
    });
  }
  const verdicts = createVerdictCache();
  for (const file of listing.files) {
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
    const parsed = parseCertificateInput({ name: file, data, password }, { verdicts });
    // A key kept beside its certificate (certbot's privkey.pem) is no certificate file: nothing missed.
    if (parsed.privateKeyOnly) continue;
    if (parsed.error || parsed.certificates.length === 0) {
      inventory.findings.push(finding('CERT_PARSE_ERROR', parsed.error ?? `${file}: no certificate found`));
      continue;
    }
    const chains = splitChains(parsed.certificates);
    chains.forEach((chain, index) => {
      const name = sidecar.name ?? basename(file);
      inventory.certificates.push(
        recordFromChain(chain, {
          // The folder is part of the id: `a/client.pem` and `b/client.pem` are two certificates.
          id: `files:${file}${chains.length > 1 ? `#${index + 1}` : ''}`,
          source,
          name: chains.length > 1 ? `${name}#${index + 1}` : name,
          kind: sidecar.kind ?? 'file',
          org: sidecar.org,
          externalSystem: sidecar.externalSystem,
          integrationUser: sidecar.integrationUser,
          owners: {
            owner: sidecar.owner,
            partnerOwner: sidecar.partnerOwner,
            ...(sidecar.notify?.length ? { notify: sidecar.notify } : {}),
          },
          publiclyTrusted: sidecar.publiclyTrusted,
          usage: sidecar.usage,
          thresholds: sidecar.thresholds,
          attributes: sidecar.name ? { file, namedBySidecar: true } : { file },
        }),
      );
    });
  }
  const joined = joinSameCertificates(inventory.certificates);
  inventory.certificates = joined.certificates;
  inventory.findings.push(...joined.disagreements.map((d) => copyDisagreementFinding(d, source)));
  const unread = inventory.findings.filter((f) =>
    ['CERT_PARSE_ERROR', 'CERT_DIR_UNREADABLE', 'CERT_DIR_LINK_BROKEN'].includes(f.code),
  ).length;
  const empty = inventory.certificates.length === 0 && unread === 0;
  if (empty) {
    inventory.findings.push({
      code: 'CERT_DIR_EMPTY',
      severity: 'warning',
      subject: dir,
      source,
      message: `${dir}: no certificate file was found (looked for ${CERTIFICATE_EXTENSIONS.join(' ')}); check the folder name`,
    });
  }
  inventory.sources.push({
    name: source,
    kind: 'files',
    status: unread > 0 || empty ? 'partial' : 'ok',
    error:
      unread > 0
        ? `${unread} file(s) or folder(s) could not be read: see the CERT_PARSE_ERROR and CERT_DIR_* findings`
        : empty
          ? 'no certificate files found: the report is empty, not all-clear'
          : undefined,
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
