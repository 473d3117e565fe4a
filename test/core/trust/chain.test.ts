import { evaluate } from '../../../lambdas/core/evaluate';
import { type CertificateKind, type CertificateUsage, emptyInventory } from '../../../lambdas/core/model';
import { type TrustStore, trustStore } from '../../../lambdas/core/trust/store';
import { daysFrom, makeCertificate, type TestCertificate } from '../../helpers/pki';
import { recordOf } from './trust-fixtures';

const NOW = new Date('2026-11-23T09:00:00Z');
const window = { notBefore: daysFrom(NOW, -100), notAfter: daysFrom(NOW, 1000) };

let root: TestCertificate;
let intermediate: TestCertificate;
let impostor: TestCertificate;
let shortIntermediate: TestCertificate;
let leaf: TestCertificate;
let serverLeaf: TestCertificate;
let shortLeaf: TestCertificate;
let otherRoot: TestCertificate;

beforeAll(() => {
  root = makeCertificate({ commonName: 'Chain Test Root', isCa: true, keySlot: 'chain-root', ...window });
  otherRoot = makeCertificate({ commonName: 'Other Root', isCa: true, keySlot: 'chain-other', ...window });
  intermediate = makeCertificate({
    commonName: 'Chain Test Issuing CA',
    isCa: true,
    issuer: root,
    keySlot: 'chain-int',
    ...window,
  });
  // Same name as the intermediate, another key: a chain "completed" with it does not verify.
  impostor = makeCertificate({
    commonName: 'Chain Test Issuing CA',
    isCa: true,
    issuer: root,
    keySlot: 'chain-impostor',
    ...window,
  });
  shortIntermediate = makeCertificate({
    commonName: 'Chain Test Short CA',
    isCa: true,
    issuer: root,
    keySlot: 'chain-short',
    notBefore: window.notBefore,
    notAfter: daysFrom(NOW, 20),
  });
  leaf = makeCertificate({
    commonName: 'client.partner.example',
    issuer: intermediate,
    extendedKeyUsage: ['clientAuth'],
    keySlot: 'chain-leaf',
    notBefore: daysFrom(NOW, -10),
    notAfter: daysFrom(NOW, 180),
  });
  serverLeaf = makeCertificate({
    commonName: 'dual.partner.example',
    issuer: intermediate,
    extendedKeyUsage: ['serverAuth', 'clientAuth'],
    keySlot: 'chain-leaf',
    notBefore: daysFrom(NOW, -10),
    notAfter: daysFrom(NOW, 180),
  });
  shortLeaf = makeCertificate({
    commonName: 'short.partner.example',
    issuer: shortIntermediate,
    extendedKeyUsage: ['clientAuth'],
    keySlot: 'chain-leaf',
    notBefore: daysFrom(NOW, -10),
    notAfter: daysFrom(NOW, 180),
  });
});

const publicStore = (): TrustStore => trustStore([root.certPem]);

function scan(
  held: TestCertificate[],
  trust: TrustStore | undefined,
  context: { kind?: CertificateKind; usage?: CertificateUsage } = { kind: 'mutual-auth' },
) {
  const inventory = emptyInventory();
  inventory.certificates.push(recordOf(held, { name: 'client', ...context }));
  const report = evaluate(inventory, { now: NOW, trust });
  const codes = report.findings
    .filter((f) => f.code.startsWith('CHAIN_'))
    .map((f) => `${f.code}:${f.severity}`);
  return { certificate: report.certificates[0], codes, findings: report.findings };
}

describe('chains of client certificates', () => {
  it('follows leaf, intermediate and a root of the store, and names the anchor', () => {
    const { certificate, codes } = scan([leaf, intermediate], publicStore());
    expect(certificate.chain).toEqual([
      'CN=client.partner.example',
      'CN=Chain Test Issuing CA',
      'CN=Chain Test Root',
    ]);
    expect(certificate.trustAnchor).toBe('CN=Chain Test Root');
    expect(codes).toEqual([]);
  });

  it('without its intermediate: CHAIN_INCOMPLETE, critical for Salesforce inbound, naming the missing issuer', () => {
    const { certificate, codes, findings } = scan([leaf], publicStore());
    expect(certificate.trustAnchor).toBeNull();
    expect(certificate.chain).toEqual(['CN=client.partner.example']);
    expect(codes).toEqual(['CHAIN_INCOMPLETE:critical']);
    expect(findings.find((f) => f.code === 'CHAIN_INCOMPLETE')?.message).toContain(
      'CN=Chain Test Issuing CA',
    );
  });

  it('without its intermediate, presented to another server: a warning', () => {
    expect(scan([leaf], publicStore(), { usage: 'client' }).codes).toEqual(['CHAIN_INCOMPLETE:warning']);
  });

  it('an issuer of the right name whose signature does not verify is no issuer', () => {
    const { codes, findings } = scan([leaf, impostor], publicStore());
    expect(codes).toEqual(['CHAIN_INCOMPLETE:critical']);
    expect(findings.find((f) => f.code === 'CHAIN_INCOMPLETE')?.message).toMatch(
      /signature .* does not verify/,
    );
  });

  it('a full chain to a root the store lacks: CHAIN_UNTRUSTED for Salesforce inbound only', () => {
    const untrusted = trustStore([otherRoot.certPem]);
    const inbound = scan([leaf, intermediate, root], untrusted);
    expect(inbound.certificate.trustAnchor).toBeNull();
    expect(inbound.codes).toEqual(['CHAIN_UNTRUSTED:critical']);
    expect(scan([leaf, intermediate, root], untrusted, { usage: 'client' }).codes).toEqual([]);
  });

  it('a self-signed client certificate for Salesforce inbound is untrusted', () => {
    const selfSigned = makeCertificate({
      commonName: 'self.partner.example',
      extendedKeyUsage: ['clientAuth'],
      keySlot: 'chain-leaf',
      ...window,
    });
    expect(scan([selfSigned], publicStore()).codes).toEqual(['CHAIN_UNTRUSTED:critical']);
  });

  it('trust.roots replaces the public store, and may name an intermediate as the anchor', () => {
    const configured = trustStore([otherRoot.certPem], [intermediate.certPem]);
    const { certificate, codes } = scan([leaf, intermediate], configured);
    expect(certificate.trustAnchor).toBe('CN=Chain Test Issuing CA');
    expect(codes).toEqual([]);
    const onlyOther = trustStore([root.certPem], [otherRoot.certPem]);
    expect(scan([leaf, intermediate, root], onlyOther).codes).toEqual(['CHAIN_UNTRUSTED:critical']);
  });

  it('without a trust store, chains are followed but no root is trusted or judged', () => {
    const { certificate, codes } = scan([leaf, intermediate, root], undefined);
    expect(certificate.chain).toHaveLength(3);
    expect(certificate.trustAnchor).toBeNull();
    expect(codes).toEqual([]);
  });

  it('a chain held out of order is an info finding', () => {
    expect(scan([intermediate, leaf], publicStore()).codes).toEqual(['CHAIN_OUT_OF_ORDER:info']);
  });

  it('an intermediate that expires before the leaf is the expiry, and it is named', () => {
    const { certificate, findings } = scan([shortLeaf, shortIntermediate], publicStore());
    expect(certificate.notAfter).toBe(daysFrom(NOW, 20).toISOString().replace('.000', ''));
    expect(certificate.expiryLimitedBy).toBe('CN=Chain Test Short CA');
    expect(findings.find((f) => f.code === 'CHAIN_EXPIRES_BEFORE_LEAF')?.message).toContain(
      'CN=Chain Test Short CA',
    );
  });
});

describe('SC-081 applies by the chain, not a guess', () => {
  const publiclyTrusted = (held: TestCertificate[], trust: TrustStore) =>
    scan(held, trust, { kind: 'file' }).certificate.publiclyTrusted;

  it('a serverAuth-capable leaf chaining to a public root is bound', () => {
    expect(publiclyTrusted([serverLeaf, intermediate], publicStore())).toBe(true);
  });

  it('a clientAuth-only leaf is not a TLS server certificate: not bound', () => {
    expect(publiclyTrusted([leaf, intermediate], publicStore())).toBe(false);
  });

  it('a full chain to a private root is not bound (the old estimate called every CA-signed certificate public)', () => {
    expect(publiclyTrusted([serverLeaf, intermediate, root], trustStore([otherRoot.certPem]))).toBe(false);
  });

  it('a chain that cannot be followed to a root keeps the estimate', () => {
    expect(publiclyTrusted([serverLeaf], trustStore([otherRoot.certPem]))).toBe(true);
  });

  it('the forecast of a public certificate follows the schedule; a private one keeps its lifetime', () => {
    const forecast = (held: TestCertificate[], trust: TrustStore) =>
      scan(held, trust, { kind: 'file' }).certificate.forecast.reduce((sum, y) => sum + y.rotations, 0);
    const bound = forecast([serverLeaf, intermediate], publicStore());
    const privately = forecast([serverLeaf, intermediate, root], trustStore([otherRoot.certPem]));
    expect(bound).toBeGreaterThan(privately);
  });
});
