/**
 * How to rotate a certificate without an outage, for each kind of edge. The order is the point:
 * whoever verifies the certificate trusts the new one before whoever presents it switches, and the
 * old one is removed last, after a verified handshake.
 */
import type { Dependent, ReportCertificate } from '../report/model';

export type RunbookEdge =
  | 'inbound-mtls'
  | 'outbound-client-certificate'
  | 'jwt-connected-app'
  | 'jwt-outbound'
  | 'server-certificate'
  | 'saml'
  | 'user-auth'
  | 'jwt-inbound'
  | 'org-certificate'
  | 'client-auth-migration'
  | 'generic';

export type RunbookActor = 'Partner' | 'Salesforce admin' | 'Both sides' | 'Certificate owner';

export interface RunbookStep {
  actor: RunbookActor;
  action: string;
}

export interface Runbook {
  edge: RunbookEdge;
  title: string;
  /** Both companies act: schedule it with the partner owner. */
  twoParty: boolean;
  steps: RunbookStep[];
  /** A caveat that changes how the steps are carried out. */
  note?: string;
}

const CKM = 'Setup > Certificate and Key Management';

/** Salesforce's own documents disagree; the runbook says so instead of promising either outcome. */
export const JWT_AFTER_EXPIRY =
  "Whether the JWT bearer flow still accepts the certificate after it expires is not settled: Salesforce's control guidance says expired certificates are rejected, while Salesforce answers quoted on Salesforce Stack Exchange say the expiry is not checked by design. Rotate before expiry either way and do not count on either behaviour.";

const quoted = (dependents: Dependent[], fallback: string): string =>
  dependents.length === 0 ? fallback : dependents.map((d) => `"${d.label}"`).join(', ');

function inboundMtls(certificate: ReportCertificate): Runbook {
  const user = certificate.integrationUser ? ` (integration user ${certificate.integrationUser})` : '';
  return {
    edge: 'inbound-mtls',
    title: 'Inbound mutual-TLS client certificate (port 8443)',
    twoParty: true,
    steps: [
      {
        actor: 'Partner',
        action:
          'Issue the new client certificate (new key pair) and send the certificate only; the private key never leaves the partner.',
      },
      {
        actor: 'Salesforce admin',
        action: `Upload it to ${CKM} > Mutual Authentication Certificates while the old one is still valid (both may be present).`,
      },
      {
        actor: 'Partner',
        action: `Switch the client${user} to the new certificate for calls to the My Domain URL on port 8443.`,
      },
      {
        actor: 'Both sides',
        action: 'Verify the handshake with `cert-sentinel probe` and one real API call.',
      },
      { actor: 'Salesforce admin', action: 'Remove the old mutual authentication certificate.' },
    ],
  };
}

function outboundClientCertificate(credentials: Dependent[]): Runbook {
  const names = quoted(credentials, 'the Named Credential');
  return {
    edge: 'outbound-client-certificate',
    title: 'Outbound client certificate on a Named Credential',
    twoParty: true,
    steps: [
      {
        actor: 'Salesforce admin',
        action: `Create a new certificate in ${CKM} (self-signed, or a CSR the partner's CA signs, then upload the chain).`,
      },
      {
        actor: 'Partner',
        action: 'Trust the new certificate (or its CA) on the server side, alongside the old one.',
      },
      { actor: 'Salesforce admin', action: `Switch ${names} to the new certificate.` },
      {
        actor: 'Both sides',
        action: 'Test the callout (and `cert-sentinel probe` with the new certificate).',
      },
      {
        actor: 'Both sides',
        action:
          'Partner removes the old certificate from its trust store; Salesforce admin deletes the old certificate.',
      },
    ],
  };
}

function jwtConnectedApp(apps: Dependent[]): Runbook {
  const names = quoted(apps, 'the Connected App');
  return {
    edge: 'jwt-connected-app',
    title: 'JWT bearer signing certificate on a Connected App',
    twoParty: true,
    steps: [
      {
        actor: 'Partner',
        action: 'Generate a new key pair and certificate for the system that signs the assertions.',
      },
      {
        actor: 'Salesforce admin',
        action: `Upload the new certificate to ${names} (Use digital signatures).`,
      },
      { actor: 'Partner', action: 'Switch the client to sign assertions with the new key.' },
      { actor: 'Both sides', action: 'Verify a token request (JWT bearer grant) succeeds.' },
      {
        actor: 'Partner',
        action: 'Destroy the old key; remove the old certificate wherever it is still kept.',
      },
    ],
    note: `A Connected App holds one certificate: from step 2 assertions signed with the old key fail, so do steps 2 and 3 in one agreed window (or stage a second Connected App). ${JWT_AFTER_EXPIRY}`,
  };
}

function jwtOutbound(credentials: Dependent[]): Runbook {
  const names = quoted(credentials, 'the External Credential');
  return {
    edge: 'jwt-outbound',
    title: 'JWT signing certificate used by Salesforce (External or Named Credential)',
    twoParty: true,
    steps: [
      { actor: 'Salesforce admin', action: `Generate a new key and certificate in ${CKM}.` },
      {
        actor: 'Partner',
        action: 'Trust the new certificate for assertions from this org, alongside the old one.',
      },
      {
        actor: 'Salesforce admin',
        action: `Switch the signing certificate of ${names} to the new certificate.`,
      },
      { actor: 'Both sides', action: 'Verify a token request signed with the new key succeeds.' },
      {
        actor: 'Both sides',
        action: 'Partner stops trusting the old certificate; Salesforce admin deletes it.',
      },
    ],
  };
}

function serverCertificate(certificate: ReportCertificate): Runbook {
  return {
    edge: 'server-certificate',
    title: "Partner's server certificate (seen by the handshake probe)",
    twoParty: true,
    steps: [
      {
        actor: 'Partner',
        action: `Renew the server certificate${certificate.externalSystem ? ` of ${certificate.externalSystem}` : ''} and install it with its full chain.`,
      },
      {
        actor: 'Salesforce admin',
        action:
          'If the new certificate chains to a different CA, make sure the callers (Named Credentials) trust it before the switch.',
      },
      { actor: 'Both sides', action: 'Verify with `cert-sentinel probe` and one real callout.' },
    ],
  };
}

function saml(certificate: ReportCertificate): Runbook {
  return {
    edge: 'saml',
    title: 'SAML signing or encryption certificate',
    twoParty: true,
    steps: [
      {
        actor: 'Certificate owner',
        action: 'Generate the new certificate on the side that signs (the identity provider or Salesforce).',
      },
      {
        actor: 'Both sides',
        action: `Give the new certificate to the other side and add it next to the old one where it allows two${certificate.org ? ` (org ${certificate.org}: SAML Single Sign-On Settings)` : ''}.`,
      },
      { actor: 'Certificate owner', action: 'Switch signing to the new certificate.' },
      { actor: 'Both sides', action: 'Test a login (and a logout) end to end.' },
      { actor: 'Both sides', action: 'Remove the old certificate on both sides.' },
    ],
    note: 'A Salesforce SAML Single Sign-On setting holds one identity provider certificate: agree a switch window or stage a second setting.',
  };
}

function userAuth(certificate: ReportCertificate): Runbook {
  const user = certificate.dependents.find((d) => d.kind === 'user')?.label ?? 'the user';
  return {
    edge: 'user-auth',
    title: 'Certificate a user logs in with (certificate-based authentication)',
    twoParty: false,
    steps: [
      {
        actor: 'Certificate owner',
        action: `Issue ${user} a new certificate from the same CA (new key pair).`,
      },
      {
        actor: 'Salesforce admin',
        action: `Upload it for ${user} (Setup > Users > the user > User Certificates) next to the old one.`,
      },
      { actor: 'Certificate owner', action: 'Install it on the device or browser and log in with it once.' },
      { actor: 'Salesforce admin', action: 'Delete the old user certificate.' },
    ],
  };
}

function jwtInbound(certificate: ReportCertificate): Runbook {
  const partner = certificate.owners.partnerOwner ?? certificate.externalSystem ?? 'the JWT issuer';
  return {
    edge: 'jwt-inbound',
    title: "Partner's JWT signing certificate (public key certificate the org validates with)",
    twoParty: true,
    steps: [
      {
        actor: 'Partner',
        action: `${partner} issues the new signing certificate and sends the certificate (or its JWK) only.`,
      },
      {
        actor: 'Salesforce admin',
        action:
          'Add it as a new public key certificate to the same public key certificate set, beside the old one.',
      },
      { actor: 'Partner', action: 'Switch signing to the new key.' },
      { actor: 'Both sides', action: 'Verify a JWT signed with the new key is accepted.' },
      { actor: 'Salesforce admin', action: 'Deactivate, then delete the old public key certificate.' },
    ],
    note: 'If the set names a JWKS endpoint instead, the partner publishes the new key there before signing with it.',
  };
}

function orgCertificate(): Runbook {
  return {
    edge: 'org-certificate',
    title: 'Salesforce org certificate (no dependent recorded)',
    twoParty: false,
    steps: [
      { actor: 'Salesforce admin', action: `Create the replacement in ${CKM}.` },
      {
        actor: 'Salesforce admin',
        action: 'Find what uses the old one (Apex setClientCertificateName, settings) and switch it.',
      },
      { actor: 'Salesforce admin', action: 'Verify, then delete the old certificate.' },
    ],
  };
}

function generic(): Runbook {
  return {
    edge: 'generic',
    title: 'Certificate from a file',
    twoParty: false,
    steps: [
      { actor: 'Certificate owner', action: 'Obtain the renewed certificate.' },
      {
        actor: 'Certificate owner',
        action: 'Make whoever verifies it trust the new one before it is presented.',
      },
      { actor: 'Certificate owner', action: 'Deploy the new certificate, verify, then retire the old one.' },
    ],
  };
}

/**
 * Every runbook that applies to the certificate, most specific first. A certificate used both as an
 * mTLS client certificate and for JWT signing (a design error) gets both runbooks.
 */
/**
 * The renewal that loses clientAuth is a change of CA, agreed by both companies before the CA's
 * last clientAuth day, not a routine rotation (docs/trust.md).
 */
function clientAuthMigration(certificate: ReportCertificate): Runbook | undefined {
  const sunset = certificate.clientAuthSunset;
  if (!sunset) return undefined;
  const inbound = certificate.kind === 'mutual-auth' || certificate.kind === 'partner-client';
  const verifier = inbound ? 'Salesforce admin' : 'Partner';
  const presenter = inbound ? 'Partner' : 'Salesforce admin';
  return {
    edge: 'client-auth-migration',
    title: `clientAuth migration: ${sunset.ca} issues clientAuth until ${sunset.lastIssuance}`,
    twoParty: true,
    steps: [
      {
        actor: 'Both sides',
        action: `Agree the new issuer before ${sunset.lastIssuance}: a private CA where the verifying side allows one, or a CA the verifying side names (for Salesforce inbound mutual TLS: one on the org's trusted list, /cacerts.jsp).`,
      },
      {
        actor: verifier,
        action: inbound
          ? 'Confirm Salesforce trusts the new CA (its root is on /cacerts.jsp); a private CA is only possible where the org allows it.'
          : 'Add the new CA to the server’s trusted client CAs while the old one stays trusted.',
      },
      {
        actor: presenter,
        action:
          'Issue the new client certificate under the new CA with clientAuth in extendedKeyUsage, and keep the full chain with it.',
      },
      {
        actor: inbound ? 'Salesforce admin' : 'Partner',
        action: inbound
          ? `Upload it to ${CKM} > Mutual Authentication Certificates while the old one is still valid.`
          : 'Map the new certificate wherever the old one is pinned.',
      },
      { actor: presenter, action: 'Switch the client to the new certificate.' },
      {
        actor: 'Both sides',
        action: 'Verify with `cert-sentinel probe` and one real call; then remove the old certificate.',
      },
    ],
    note: `Source of the date: ${sunset.source}. Dates have moved before: check it.`,
  };
}

const isApp = (kind: string) => kind === 'connected-app' || kind === 'external-client-app';

export function runbooksFor(certificate: ReportCertificate): Runbook[] {
  const migration = clientAuthMigration(certificate);
  return migration ? [migration, ...routineRunbooks(certificate)] : routineRunbooks(certificate);
}

function routineRunbooks(certificate: ReportCertificate): Runbook[] {
  const via = (kind: string) => certificate.dependents.filter((d) => d.via === kind);
  switch (certificate.kind) {
    case 'mutual-auth':
    case 'partner-client':
      return [inboundMtls(certificate)];
    case 'server':
      return [serverCertificate(certificate)];
    case 'connected-app':
      return [jwtConnectedApp(via('jwt-signing').filter((d) => isApp(d.kind)))];
    case 'saml':
      return [saml(certificate)];
    case 'user-auth':
      return [userAuth(certificate)];
    case 'jwt-validation':
      return [jwtInbound(certificate)];
    case 'org-certificate': {
      const runbooks: Runbook[] = [];
      const client = via('client-certificate');
      if (client.length > 0)
        runbooks.push(outboundClientCertificate(client.filter((d) => d.kind === 'named-credential')));
      const jwt = via('jwt-signing');
      const apps = jwt.filter((d) => isApp(d.kind));
      const credentials = jwt.filter((d) => !isApp(d.kind));
      if (credentials.length > 0) runbooks.push(jwtOutbound(credentials));
      if (apps.length > 0) runbooks.push(jwtConnectedApp(apps));
      if (via('saml').length > 0) runbooks.push(saml(certificate));
      return runbooks.length > 0 ? runbooks : [orgCertificate()];
    }
    default:
      return [generic()];
  }
}
