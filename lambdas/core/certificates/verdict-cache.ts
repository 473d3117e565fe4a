/**
 * Verdicts only OpenSSL gives, remembered by SHA-256 fingerprint for the length of one scan:
 * whether a certificate is self-signed (a signature verification, the costliest step of reading a
 * certificate) and whether OpenSSL calls it a CA. Both depend on the certificate's bytes alone, and
 * the certificates they matter for, roots and intermediates, recur in most chain files of an
 * inventory, so a remembered verdict is the same answer. The caller owns the cache (one per scan
 * or per process) and hands it to `parseCertificateInput`; the engine keeps no state of its own.
 */
export interface Verdicts {
  selfSigned?: boolean;
  isCa?: boolean;
}

export interface VerdictCache {
  get(fingerprint: string): Verdicts | undefined;
  set(fingerprint: string, verdicts: Verdicts): void;
}

/** A cache of at most `limit` certificates' verdicts, emptied when full (a scan's roots come back). */
export function createVerdictCache(limit = 1024): VerdictCache {
  const verdicts = new Map<string, Verdicts>();
  return {
    get: (fingerprint) => verdicts.get(fingerprint),
    set(fingerprint, value) {
      if (!verdicts.has(fingerprint) && verdicts.size >= limit) verdicts.clear();
      verdicts.set(fingerprint, value);
    },
  };
}

/** The verdict of `kind` for a certificate: remembered, or decided now and remembered. */
export function rememberedVerdict(
  cache: VerdictCache | undefined,
  fingerprint: string,
  kind: keyof Verdicts,
  decide: () => boolean,
): boolean {
  const known = cache?.get(fingerprint);
  const remembered = known?.[kind];
  if (remembered !== undefined) return remembered;
  const verdict = decide();
  cache?.set(fingerprint, { ...known, [kind]: verdict });
  return verdict;
}
