/**
 * The built-in demo: a fictional org (Acme Logistics, `acme-prod`) with its mutual-auth and
 * outbound certificates, the partners' copies in Secrets Manager and two handshake probes. Every
 * date is relative to `now`, so the demo always shows something expiring soon, one expired
 * certificate and one nobody mapped, and its output is stable for a given `--now`.
 */
import { createHash } from 'node:crypto';
import { recordFromChain, recordFromExpiryDate } from '../../core/certificates/record';
import type {
  CertificateInfo,
  CertificateRecord,
  CertificateSource,
  GraphEdge,
  GraphNode,
  Inventory,
} from '../../core/model';
import { DAY_MS } from '../../core/schedule';

const ORG = 'acme-prod';
const SF = `salesforce:${ORG}`;
const SECRETS = 'secrets:eu-west-1';
const PUBLIC_CA = 'CN=Example Public TLS CA R7, O=Example Trust Services, C=US';
/** An ACME CA whose clientAuth profile has ended (docs/trust.md): the demo's clientAuth sunset. */
const ACME_CA = "CN=R13, O=Let's Encrypt, C=US";

interface DemoCertificate {
  name: string;
  commonName: string;
  issuer?: string;
  /** Days from now to notAfter (negative: already expired). */
  expiresInDays: number;
  lifetimeDays: number;
  serial?: string;
}

function info(c: DemoCertificate, now: Date): CertificateInfo {
  const notAfter = new Date(
    Math.floor(now.getTime() / DAY_MS) * DAY_MS + c.expiresInDays * DAY_MS + 12 * 3_600_000,
  );
  const notBefore = new Date(notAfter.getTime() - c.lifetimeDays * DAY_MS + 1000);
  const digest = createHash('sha256')
    .update(`cert-sentinel demo ${c.name} ${c.serial ?? ''}`)
    .digest('hex')
    .toUpperCase();
  const subject = `CN=${c.commonName}, O=Demo`;
  return {
    subject,
    issuer: c.issuer ?? subject,
    serialNumber: c.serial ?? digest.slice(0, 32),
    subjectAltNames: c.commonName.includes('.') ? [`DNS:${c.commonName}`] : [],
    notBefore: notBefore.toISOString().replace('.000Z', 'Z'),
    notAfter: notAfter.toISOString().replace('.000Z', 'Z'),
    fingerprintSha256: digest.match(/../g)?.join(':') ?? digest,
    keyType: 'rsa',
    keySize: 2048,
    selfSigned: c.issuer === undefined,
    isCa: false,
    // Today's public CA certificates are dual-use; the demo's own are made for client use.
    extendedKeyUsage: c.issuer !== undefined ? ['serverAuth', 'clientAuth'] : ['clientAuth'],
  };
}

export function demoInventory(now: Date): Inventory {
  const certificates: CertificateRecord[] = [];
  const nodes: GraphNode[] = [
    {
      id: `org:${ORG}`,
      kind: 'org',
      label: 'Acme Logistics (acme-prod)',
      attributes: { certificateLimit: 50 },
    },
  ];
  const edges: GraphEdge[] = [];

  const orgCert = (c: DemoCertificate, extra: Partial<CertificateRecord> = {}) => {
    const record = recordFromChain([info(c, now)], {
      source: SF,
      name: c.name,
      kind: 'org-certificate',
      org: ORG,
    });
    certificates.push({
      ...record,
      ...extra,
      attributes: { keySize: 2048, caSigned: c.issuer !== undefined, unusable: false },
    });
  };
  // Salesforce reports inbound (mutual-auth) certificates by serial, issuer and expiry date only.
  const inbound = (c: DemoCertificate, meta: Partial<CertificateRecord>) => {
    const full = info(c, now);
    certificates.push({
      ...recordFromExpiryDate(full.notAfter.slice(0, 10), {
        source: SF,
        id: `${SF}:inbound:${c.name}`,
        name: c.name,
        kind: 'mutual-auth',
        org: ORG,
        attributes: { serialId: full.serialNumber, issuer: full.issuer },
      }),
      ...meta,
    });
  };
  const partnerCopy = (secret: string, c: DemoCertificate, meta: Partial<CertificateRecord>) => {
    const record = recordFromChain([info(c, now)], {
      source: SECRETS,
      name: secret,
      kind: 'partner-client',
      org: ORG,
      attributes: { secretArn: `arn:aws:secretsmanager:eu-west-1:111122223333:secret:${secret}-AbCdEf` },
    });
    certificates.push({ ...record, ...meta, owners: { ...record.owners, ...meta.owners } });
    nodes.push({
      id: `partner-secret:eu-west-1:${secret}`,
      kind: 'partner-secret',
      label: secret,
    });
    edges.push({ from: `partner-secret:eu-west-1:${secret}`, to: record.id, kind: 'client-certificate' });
  };
  const holder = (node: GraphNode, to: string, kind: GraphEdge['kind']) => {
    if (!nodes.some((n) => n.id === node.id)) nodes.push(node);
    edges.push({ from: node.id, to, kind });
  };

  // Northwind: inbound order sync, 100-day public certificate, 5 days left.
  const northwind: DemoCertificate = {
    name: 'northwind_sync_2026',
    commonName: 'sync-client.northwind.example',
    issuer: PUBLIC_CA,
    expiresInDays: 5,
    lifetimeDays: 100,
  };
  const northwindMeta = {
    externalSystem: 'Northwind Freight',
    integrationUser: 'northwind.sync@acme.example',
    owners: { owner: 'integration-team@acme.example', partnerOwner: 'it-ops@northwind.example' },
  };
  inbound(northwind, northwindMeta);
  partnerCopy('partners/northwind/client', northwind, { externalSystem: 'Northwind Freight' });

  // Globex: inbound certificate expired 3 days ago; the partner already rotated on their side.
  const globexOld: DemoCertificate = {
    name: 'globex_orders',
    commonName: 'orders.globex.example',
    issuer: PUBLIC_CA,
    expiresInDays: -3,
    lifetimeDays: 200,
  };
  inbound(globexOld, {
    externalSystem: 'Globex Orders',
    integrationUser: 'globex.api@acme.example',
    owners: { partnerOwner: 'pki@globex.example' },
  });
  partnerCopy(
    'partners/globex/client',
    { ...globexOld, expiresInDays: 97, lifetimeDays: 100, serial: '5A17C0DE0000000000000000000000A1' },
    {
      externalSystem: 'Globex Orders',
      integrationUser: 'globex.api@acme.example',
      owners: { partnerOwner: 'pki@globex.example' },
    },
  );

  // Contoso EDI: complete, 47-day certificates already (the partner runs ACME), but its CA has
  // stopped issuing clientAuth: the next renewal is a migration.
  const contoso: DemoCertificate = {
    name: 'contoso_edi',
    commonName: 'edi.contoso.example',
    issuer: ACME_CA,
    expiresInDays: 30,
    lifetimeDays: 47,
  };
  const contosoMeta = {
    externalSystem: 'Contoso EDI',
    integrationUser: 'contoso.edi@acme.example',
    owners: { owner: 'integration-team@acme.example', partnerOwner: 'edi-support@contoso.example' },
  };
  inbound(contoso, contosoMeta);
  partnerCopy('partners/contoso/client', contoso, contosoMeta);

  // Outbound: Globex payments Named Credential presents a client certificate, with no :8443,
  // and the same certificate signs JWTs for an External Credential.
  orgCert(
    {
      name: 'Globex_Client_Cert',
      commonName: 'acme-payments-client',
      issuer: PUBLIC_CA,
      expiresInDays: 25,
      lifetimeDays: 200,
    },
    {
      externalSystem: 'Globex Payments',
      owners: { owner: 'payments-team@acme.example', partnerOwner: 'pki@globex.example' },
    },
  );
  holder(
    {
      id: `named-credential:${ORG}:Globex_Payments`,
      kind: 'named-credential',
      label: 'Globex_Payments',
      attributes: { url: 'https://api.globex.example/payments', type: 'SecuredEndpoint' },
    },
    `${SF}:Globex_Client_Cert`,
    'client-certificate',
  );
  holder(
    {
      id: `external-credential:${ORG}:Globex_JWT`,
      kind: 'external-credential',
      label: 'Globex_JWT',
    },
    `${SF}:Globex_Client_Cert`,
    'jwt-signing',
  );
  holder(
    {
      id: `apex-class:${ORG}:GlobexPaymentService`,
      kind: 'apex-class',
      label: 'GlobexPaymentService',
    },
    `${SF}:Globex_Client_Cert`,
    'references',
  );

  // Initech payroll: outbound mTLS on :8443, private CA, healthy.
  orgCert(
    {
      name: 'Initech_Payroll_Client',
      commonName: 'acme-payroll',
      issuer: 'CN=Initech Internal Issuing CA, O=Initech',
      expiresInDays: 170,
      lifetimeDays: 365,
    },
    {
      externalSystem: 'Initech Payroll',
      owners: { owner: 'hr-systems@acme.example', partnerOwner: 'payroll-it@initech.example' },
      publiclyTrusted: false,
    },
  );
  holder(
    {
      id: `named-credential:${ORG}:Initech_Payroll`,
      kind: 'named-credential',
      label: 'Initech_Payroll',
      attributes: { url: 'https://payroll.initech.example:8443/api', type: 'SecuredEndpoint' },
    },
    `${SF}:Initech_Payroll_Client`,
    'client-certificate',
  );

  // JWT bearer certificate of the data-loader Connected App: self-signed, 45 days left.
  certificates.push(
    recordFromChain(
      [
        info(
          { name: 'DataLoader_JWT', commonName: 'acme-dataloader-jwt', expiresInDays: 45, lifetimeDays: 365 },
          now,
        ),
      ],
      {
        source: SF,
        id: `${SF}:connected-app:DataLoader`,
        name: 'DataLoader JWT certificate',
        kind: 'connected-app',
        org: ORG,
        owners: { owner: 'data-team@acme.example' },
      },
    ),
  );
  holder(
    { id: `connected-app:${ORG}:DataLoader`, kind: 'connected-app', label: 'DataLoader' },
    `${SF}:connected-app:DataLoader`,
    'jwt-signing',
  );

  // SAML signing certificate, two-year self-signed.
  orgCert(
    { name: 'SSO_Signing', commonName: 'acme-sso', expiresInDays: 300, lifetimeDays: 730 },
    { owners: { owner: 'identity@acme.example' } },
  );
  holder({ id: `saml-sso:${ORG}:Okta`, kind: 'saml-sso', label: 'Okta' }, `${SF}:SSO_Signing`, 'saml');

  // Nobody knows what this one is for.
  orgCert({ name: 'Legacy_Umbrella', commonName: 'umbrella-legacy', expiresInDays: 120, lifetimeDays: 365 });

  // Integration users holding "Enforce SSL/TLS Mutual Authentication".
  for (const user of [
    'northwind.sync@acme.example',
    'globex.api@acme.example',
    'contoso.edi@acme.example',
    'legacy.batch@acme.example',
  ]) {
    nodes.push({
      id: `integration-user:${ORG}:${user}`,
      kind: 'integration-user',
      label: user,
      attributes: { mutualAuthRequired: true, apiOnly: true, active: true, username: user },
    });
  }

  // The partner server certificate seen by the Northwind probe.
  const server = info(
    {
      name: 'northwind-server',
      commonName: 'mtls.northwind.example',
      issuer: PUBLIC_CA,
      expiresInDays: 150,
      lifetimeDays: 200,
    },
    now,
  );
  certificates.push(
    recordFromChain([server], {
      source: 'probe',
      id: 'probe:mtls.northwind.example:8443',
      name: 'mtls.northwind.example:8443',
      kind: 'server',
      externalSystem: 'Northwind Freight',
      owners: { partnerOwner: 'it-ops@northwind.example' },
    }),
  );
  holder(
    {
      id: 'probe-target:mtls.northwind.example:8443',
      kind: 'probe-target',
      label: 'mtls.northwind.example:8443',
    },
    'probe:mtls.northwind.example:8443',
    'server-certificate',
  );

  const northwindClient = certificates.find((c) => c.name === 'partners/northwind/client')?.info;
  const globexClient = certificates.find((c) => c.name === 'partners/globex/client')?.info;
  return {
    certificates,
    nodes,
    edges,
    findings: [],
    sources: [
      {
        name: SF,
        kind: 'demo',
        status: 'ok',
        certificates: certificates.filter((c) => c.source === SF).length,
        requests: 9,
      },
      {
        name: SECRETS,
        kind: 'demo',
        status: 'ok',
        certificates: certificates.filter((c) => c.source === SECRETS).length,
        requests: 2,
      },
      { name: 'probe', kind: 'demo', status: 'ok', certificates: 1 },
    ],
    probes: [
      {
        target: 'mtls.northwind.example:8443',
        host: 'mtls.northwind.example',
        port: 8443,
        outcome: 'OK',
        clientCertificate: northwindClient,
        serverCertificate: server,
        protocol: 'TLSv1.3',
        cipher: 'TLS_AES_256_GCM_SHA384',
        latencyMs: 84,
        checkedAt: now.toISOString(),
        externalSystem: 'Northwind Freight',
      },
      {
        target: 'b2b.globex.example:8443',
        host: 'b2b.globex.example',
        port: 8443,
        outcome: 'CLIENT_CERT_REJECTED',
        clientCertificate: globexClient,
        protocol: 'TLSv1.3',
        latencyMs: 61,
        error: {
          code: 'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE',
          message:
            "SSL alert number 42 (bad certificate): the org does not hold the partner's new certificate",
        },
        checkedAt: now.toISOString(),
        externalSystem: 'Globex Orders',
      },
    ],
  };
}

export function createDemoSource(): CertificateSource {
  return { name: 'demo', kind: 'demo', collect: async (now) => demoInventory(now) };
}
