/**
 * The self-signed and CA verdicts are remembered in a cache the caller owns (one per scan), never
 * in the engine: without a cache every verdict is decided again, with one it is decided once.
 */
import { X509Certificate } from 'node:crypto';
import { parseCertificateInput } from '../../../lambdas/core/certificates/parse';
import { createVerdictCache } from '../../../lambdas/core/certificates/verdict-cache';
import { describeX509 } from '../../../lambdas/core/certificates/x509';
import { makeCertificate } from '../../helpers/pki';

const at = (iso: string) => new Date(iso);
const root = makeCertificate({
  commonName: 'Verdict Root CA',
  notBefore: at('2025-01-01T00:00:00Z'),
  notAfter: at('2035-01-01T00:00:00Z'),
  isCa: true,
  keySlot: 'verdict-root',
});
const leaf = makeCertificate({
  commonName: 'verdict.partner.example',
  issuer: root,
  notBefore: at('2026-01-01T00:00:00Z'),
  notAfter: at('2027-01-01T00:00:00Z'),
  keySlot: 'verdict-leaf',
});
const fingerprint = (der: Buffer) => new X509Certificate(der).fingerprint256;

describe('verdict cache', () => {
  it('records the verdicts it decides, by fingerprint', () => {
    const verdicts = createVerdictCache();
    const info = describeX509(new X509Certificate(root.der), undefined, verdicts);
    expect(info).toMatchObject({ selfSigned: true, isCa: true });
    expect(verdicts.get(fingerprint(root.der))).toEqual({ selfSigned: true, isCa: true });
    // A leaf is not named after its issuer (no signature to verify) and its basicConstraints say
    // it is no CA: nothing to ask OpenSSL, nothing to remember.
    describeX509(new X509Certificate(leaf.der), undefined, verdicts);
    expect(verdicts.get(fingerprint(leaf.der))).toBeUndefined();
  });

  it('answers from the cache when it knows the certificate', () => {
    const verdicts = createVerdictCache();
    // A verdict no certificate would earn proves the answer came from the cache, not OpenSSL.
    verdicts.set(fingerprint(root.der), { selfSigned: false, isCa: false });
    expect(describeX509(new X509Certificate(root.der), undefined, verdicts)).toMatchObject({
      selfSigned: false,
      isCa: false,
    });
    expect(describeX509(new X509Certificate(root.der))).toMatchObject({ selfSigned: true, isCa: true });
  });

  it('keeps no state between calls without a cache', () => {
    const first = parseCertificateInput({ name: 'chain.pem', data: leaf.certPem + root.certPem });
    const again = parseCertificateInput({ name: 'chain.pem', data: leaf.certPem + root.certPem });
    expect(again).toEqual(first);
    expect(first.certificates.map((c) => [c.selfSigned, c.isCa])).toEqual([
      [false, false],
      [true, true],
    ]);
  });

  it('is shared by every certificate of the inputs it is given', () => {
    const verdicts = createVerdictCache();
    parseCertificateInput({ name: 'a.pem', data: leaf.certPem + root.certPem }, { verdicts });
    parseCertificateInput({ name: 'b.der', data: root.der }, { verdicts });
    expect(verdicts.get(fingerprint(root.der))).toEqual({ selfSigned: true, isCa: true });
    expect(verdicts.get(fingerprint(leaf.der))).toBeUndefined();
  });

  it('holds at most its limit, emptied when full', () => {
    const verdicts = createVerdictCache(2);
    verdicts.set('A', { isCa: true });
    verdicts.set('B', { isCa: false });
    verdicts.set('A', { isCa: true, selfSigned: true });
    expect(verdicts.get('A')).toEqual({ isCa: true, selfSigned: true });
    verdicts.set('C', { isCa: false });
    expect([verdicts.get('A'), verdicts.get('B'), verdicts.get('C')]).toEqual([
      undefined,
      undefined,
      { isCa: false },
    ]);
  });
});
