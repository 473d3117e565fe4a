/**
 * The chain of one certificate as its holder would send it, verified with node:crypto: each link
 * found by `checkIssued` (names, key identifiers, the issuer's key usage) and proven by `verify`
 * (the signature), from the leaf up to a self-signed root, a root of the trust store, or the
 * first certificate whose issuer is missing.
 */
import { X509Certificate } from 'node:crypto';
import type { RootSet, TrustStore } from './store';

export interface ChainAnalysis {
  /** Subjects from the leaf up to the last certificate reached (a store root included). */
  subjects: string[];
  /** DER of the same certificates, for what Node does not read (key identifiers). */
  der: Uint8Array[];
  /** Reaches a self-signed certificate, a store root or a configured anchor. */
  complete: boolean;
  /** Subject of the trusted root (or configured anchor) reached; null when none. */
  trustAnchor: string | null;
  /** Subject of the root of the public (Mozilla) store reached; null when none. */
  publicAnchor: string | null;
  /** Issuer name of the last certificate reached, when the chain stops short of a root. */
  missingIssuer?: string;
  /** A held certificate that names the right issuer but whose signature does not verify. */
  badSignature?: { subject: string; issuer: string };
  /** The held certificates of the path are not in leaf-to-root order. */
  outOfOrder: boolean;
  /** Subject of the chain member (not the leaf) that expires first, when it expires before the leaf. */
  expiresBeforeLeaf?: { subject: string; notAfter: string };
}

const MAX_DEPTH = 10;

/**
 * What one evaluation has already parsed and verified: the CA certificates of an estate recur in
 * most chains, and parsing (~60 us) and a signature check (~40 us) cost more than the rest of a
 * certificate's evaluation. Both depend on the bytes alone, so a remembered answer is the answer.
 */
export class ChainCache {
  private readonly certificates = new Map<string, X509Certificate | null>();
  private readonly verdicts = new Map<string, boolean>();

  certificate(der: string): X509Certificate | null {
    let cert = this.certificates.get(der);
    if (cert === undefined) {
      try {
        cert = new X509Certificate(Buffer.from(der, 'base64'));
      } catch {
        cert = null;
      }
      this.certificates.set(der, cert);
    }
    return cert;
  }

  verifies(cert: X509Certificate, issuer: X509Certificate): boolean {
    const key = `${cert.fingerprint256} ${issuer.fingerprint256}`;
    let verdict = this.verdicts.get(key);
    if (verdict === undefined) {
      try {
        verdict = cert.verify(issuer.publicKey);
      } catch {
        verdict = false;
      }
      this.verdicts.set(key, verdict);
    }
    return verdict;
  }
}

/** `der`: base64 DER of every certificate held, in the order held; the leaf is named by fingerprint. */
export function analyseChain(
  der: readonly string[],
  leafFingerprint: string,
  store: TrustStore | undefined,
  cache: ChainCache = new ChainCache(),
): ChainAnalysis | undefined {
  const held: X509Certificate[] = [];
  for (const d of der) {
    const cert = cache.certificate(d);
    if (!cert) return undefined;
    held.push(cert);
  }
  const verifies = (cert: X509Certificate, issuer: X509Certificate) => cache.verifies(cert, issuer);
  const leaf = held.find((c) => c.fingerprint256 === leafFingerprint);
  if (!leaf) return undefined;
  const path: X509Certificate[] = [leaf];
  const result: ChainAnalysis = {
    subjects: [],
    der: [],
    complete: false,
    trustAnchor: null,
    publicAnchor: null,
    outOfOrder: false,
  };
  let current = leaf;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    if (
      store &&
      store.trustedFrom === 'configured' &&
      store.trusted.fingerprints.has(current.fingerprint256)
    ) {
      result.complete = true;
      break;
    }
    // Not checkIssued: a self-signed leaf without keyCertSign fails it, and is still a root.
    if (current.subject === current.issuer && verifies(current, current)) {
      result.complete = true;
      break;
    }
    const named = held.filter((c) => !path.includes(c) && current.checkIssued(c));
    const issuer = named.find((c) => verifies(current, c));
    if (issuer) {
      path.push(issuer);
      current = issuer;
      continue;
    }
    const root =
      store &&
      (storeIssuer(current, store.trusted, verifies) ?? storeIssuer(current, store.public, verifies));
    if (root) {
      path.push(root);
      result.complete = true;
      break;
    }
    if (named.length > 0)
      result.badSignature = { subject: oneLine(current.subject), issuer: oneLine(named[0].subject) };
    result.missingIssuer = oneLine(current.issuer);
    break;
  }
  const top = path[path.length - 1];
  if (result.complete && store) {
    if (store.trusted.fingerprints.has(top.fingerprint256)) result.trustAnchor = oneLine(top.subject);
    if (store.public.fingerprints.has(top.fingerprint256)) result.publicAnchor = oneLine(top.subject);
  }
  result.subjects = path.map((c) => oneLine(c.subject));
  result.der = path.map((c) => c.raw);
  const heldOrder = path.map((c) => held.indexOf(c)).filter((i) => i >= 0);
  result.outOfOrder = heldOrder.some((index, i) => index !== i);
  const first = path
    .slice(1)
    .reduce<X509Certificate | undefined>(
      (soonest, c) => (!soonest || notAfter(c) < notAfter(soonest) ? c : soonest),
      undefined,
    );
  if (first && notAfter(first) < notAfter(leaf))
    result.expiresBeforeLeaf = {
      subject: oneLine(first.subject),
      notAfter: new Date(notAfter(first)).toISOString(),
    };
  return result;
}

function storeIssuer(
  cert: X509Certificate,
  roots: RootSet,
  verifies: (cert: X509Certificate, issuer: X509Certificate) => boolean,
): X509Certificate | undefined {
  return roots.bySubject.get(cert.issuer)?.find((root) => cert.checkIssued(root) && verifies(cert, root));
}

function notAfter(cert: X509Certificate): number {
  return Date.parse(cert.validTo);
}

/** Node separates RDNs with newlines; the rest of the product writes one line. */
function oneLine(name: string): string {
  return name
    .split('\n')
    .filter((part) => part.length > 0)
    .join(', ');
}
