/**
 * The roots a chain may end at. `trusted` decides CHAIN_UNTRUSTED and `trustAnchor`: by default
 * the Mozilla root store Node ships (`tls.rootCertificates`), replaced by `trust.roots` (for
 * example an export of the org's `/cacerts.jsp`). `public` is always the Mozilla store: a chain
 * that ends there is a publicly trusted one, which is what binds SC-081 and the clientAuth sunset.
 * The adapter reads the PEM (lambdas/adapters/trust/roots.ts); this module only parses it.
 */
import { X509Certificate } from 'node:crypto';
import { pemBlocks } from '../certificates/pem';

export interface RootSet {
  bySubject: Map<string, X509Certificate[]>;
  fingerprints: Set<string>;
}

export interface TrustStore {
  trusted: RootSet;
  public: RootSet;
  /** `configured` when `trust.roots` replaced the public store as the trusted one. */
  trustedFrom: 'public' | 'configured';
}

/**
 * Every certificate in the PEM texts (bundle files hold many); a block that is not a readable
 * certificate is named in `errors` and the rest still count.
 */
export function rootSet(pemTexts: readonly string[]): { roots: RootSet; errors: string[] } {
  const roots: RootSet = { bySubject: new Map(), fingerprints: new Set() };
  const errors: string[] = [];
  pemTexts.forEach((text, textIndex) => {
    for (const block of pemBlocks(text)) {
      if (!block.label.endsWith('CERTIFICATE')) continue;
      const where = `${pemTexts.length > 1 ? `text ${textIndex + 1}, ` : ''}PEM block ${block.index}`;
      let cert: X509Certificate;
      try {
        if (!block.der) throw new Error(block.error);
        cert = new X509Certificate(block.der);
      } catch {
        errors.push(`${where} is not a readable X.509 certificate`);
        continue;
      }
      if (roots.fingerprints.has(cert.fingerprint256)) continue;
      roots.fingerprints.add(cert.fingerprint256);
      const same = roots.bySubject.get(cert.subject) ?? [];
      same.push(cert);
      roots.bySubject.set(cert.subject, same);
    }
  });
  return { roots, errors };
}

export function trustStore(publicPems: readonly string[], configuredPems?: readonly string[]): TrustStore {
  const publicRoots = rootSet(publicPems).roots;
  if (configuredPems === undefined)
    return { trusted: publicRoots, public: publicRoots, trustedFrom: 'public' };
  return { trusted: rootSet(configuredPems).roots, public: publicRoots, trustedFrom: 'configured' };
}
