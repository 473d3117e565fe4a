/**
 * The trust store for a scan: the Mozilla root store Node ships (`tls.rootCertificates`) as the
 * public roots, and `trust.roots` (PEM files, e.g. an export of the org's `/cacerts.jsp`) as the
 * trusted ones when configured. A configured file that cannot be read, or holds no certificate,
 * is a configuration error naming the field and the file.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { rootCertificates } from 'node:tls';
import { ConfigError, type TrustConfig } from '../../core/config';
import { rootSet, type TrustStore, trustStore } from '../../core/trust/store';

export interface TrustStoreOptions {
  /** Relative paths in `trust.roots` resolve from here. */
  cwd: string;
  /** The public roots; default Node's bundled Mozilla store (tests pass their own). */
  publicRoots?: readonly string[];
  origin?: string;
}

export function loadTrustStore(trust: TrustConfig | undefined, options: TrustStoreOptions): TrustStore {
  const publicRoots = options.publicRoots ?? rootCertificates;
  if (trust?.roots === undefined) return trustStore(publicRoots);
  const files = typeof trust.roots === 'string' ? [trust.roots] : trust.roots;
  const problems: string[] = [];
  const texts: string[] = [];
  files.forEach((file, index) => {
    const field = typeof trust.roots === 'string' ? 'trust.roots' : `trust.roots.${index}`;
    const path = resolve(options.cwd, file);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      problems.push(
        `${field}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`,
      );
      return;
    }
    const { roots, errors } = rootSet([text]);
    for (const error of errors) problems.push(`${field}: ${path}: ${error}`);
    if (roots.fingerprints.size === 0 && errors.length === 0)
      problems.push(`${field}: ${path} holds no PEM certificate`);
    texts.push(text);
  });
  if (problems.length > 0) throw new ConfigError(options.origin ?? 'configuration', problems);
  return trustStore(publicRoots, texts);
}
