import { type Runbook, runbooksFor } from '../../../lambdas/core/alerts/runbooks';
import {
  certificate,
  jwtCertificate,
  okCertificate,
  outboundCertificate,
  samlCertificate,
  serverCertificate,
} from './fixtures';

/** Index of the first step whose action matches, failing loudly when none does. */
function step(runbook: Runbook, pattern: RegExp): number {
  const index = runbook.steps.findIndex((s) => pattern.test(s.action));
  if (index < 0) throw new Error(`no step matches ${pattern} in ${runbook.edge}`);
  return index;
}

describe('runbooksFor', () => {
  it('inbound mTLS: partner issues, admin uploads while the old is valid, partner switches, probe, remove old', () => {
    for (const kind of ['mutual-auth', 'partner-client'] as const) {
      const [runbook] = runbooksFor(certificate({ kind }));
      expect(runbook.edge).toBe('inbound-mtls');
      expect(runbook.twoParty).toBe(true);
      const issue = step(runbook, /Issue the new client certificate/);
      const upload = step(runbook, /Mutual Authentication Certificates while the old one is still valid/);
      const switchOver = step(runbook, /Switch the client/);
      const verify = step(runbook, /cert-sentinel probe/);
      const remove = step(runbook, /Remove the old/);
      expect([issue, upload, switchOver, verify, remove]).toEqual([0, 1, 2, 3, 4]);
      expect(runbook.steps[1].actor).toBe('Salesforce admin');
      expect(runbook.steps[2].actor).toBe('Partner');
    }
  });

  it('outbound client certificate: create, partner trusts, switch the Named Credential, test, delete old', () => {
    const [runbook] = runbooksFor(outboundCertificate());
    expect(runbook.edge).toBe('outbound-client-certificate');
    const trust = step(runbook, /Trust the new certificate/);
    const switchOver = step(runbook, /Switch "Partner_API"/);
    const test = step(runbook, /Test the callout/);
    const remove = step(runbook, /deletes the old/);
    expect(step(runbook, /Create a new certificate/)).toBeLessThan(trust);
    expect(trust).toBeLessThan(switchOver);
    expect(switchOver).toBeLessThan(test);
    expect(test).toBeLessThan(remove);
    expect(runbook.steps[trust].actor).toBe('Partner');
  });

  it('JWT on a Connected App: generate, upload, switch the signer, verify a token request, remove old', () => {
    const [runbook] = runbooksFor(jwtCertificate());
    expect(runbook.edge).toBe('jwt-connected-app');
    const order = [
      /Generate a new key/,
      /Upload the new certificate to "ERP_Sync"/,
      /Switch the client/,
      /token request/,
      /old/,
    ];
    expect(order.map((p) => step(runbook, p))).toEqual([0, 1, 2, 3, 4]);
    expect(runbook.note).toMatch(/one certificate/);
  });

  it('JWT signing by Salesforce (External Credential): partner trusts before the switch', () => {
    const [runbook] = runbooksFor(
      outboundCertificate({
        dependents: [{ id: 'ec', kind: 'external-credential', label: 'Partner_JWT', via: 'jwt-signing' }],
      }),
    );
    expect(runbook.edge).toBe('jwt-outbound');
    expect(step(runbook, /Trust the new certificate/)).toBeLessThan(
      step(runbook, /Switch the signing certificate of "Partner_JWT"/),
    );
  });

  it('a certificate reused for mTLS and JWT signing gets both runbooks', () => {
    const reused = outboundCertificate({
      dependents: [
        { id: 'nc', kind: 'named-credential', label: 'Partner_API', via: 'client-certificate' },
        { id: 'app', kind: 'connected-app', label: 'ERP_Sync', via: 'jwt-signing' },
      ],
    });
    expect(runbooksFor(reused).map((r) => r.edge)).toEqual([
      'outbound-client-certificate',
      'jwt-connected-app',
    ]);
  });

  it.each([
    { name: 'server certificate', cert: serverCertificate(), edge: 'server-certificate' },
    { name: 'SAML', cert: samlCertificate(), edge: 'saml' },
    {
      name: 'org certificate with no dependents',
      cert: outboundCertificate({ dependents: [] }),
      edge: 'org-certificate',
    },
    { name: 'a file', cert: okCertificate(), edge: 'generic' },
  ])('$name -> $edge, verification before removal', ({ cert, edge }) => {
    const [runbook] = runbooksFor(cert);
    expect(runbook.edge).toBe(edge);
    expect(runbook.steps.length).toBeGreaterThanOrEqual(3);
    const verify = runbook.steps.findIndex((s) => /[Vv]erif|[Tt]est/.test(s.action));
    const remove = runbook.steps.findIndex((s) =>
      /[Rr]emove the old|retire the old|delete the old/.test(s.action),
    );
    expect(verify).toBeGreaterThanOrEqual(0);
    if (remove >= 0) expect(verify).toBeLessThanOrEqual(remove);
  });

  it('the partner renews a server certificate', () => {
    const [runbook] = runbooksFor(serverCertificate());
    expect(runbook.steps[0]).toEqual({
      actor: 'Partner',
      action: expect.stringMatching(/Renew the server certificate/),
    });
  });
});
