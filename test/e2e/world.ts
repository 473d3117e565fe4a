/**
 * What the deployed stack watches in the end-to-end scenarios, all relative to the suite's "now":
 * one Salesforce org (the fake org over real HTTP, JWT bearer login), partner client certificates
 * in Secrets Manager (one names its probe endpoint), and partner mutual-TLS endpoints on
 * 127.0.0.1 (Node TLS servers that demand a client certificate from the partner CA).
 */
import type { AddressInfo } from 'node:net';
import { createServer as createTlsServer, type Server } from 'node:tls';
import { FakeSalesforce, type Row } from '../helpers/fake-salesforce';
import type { FakeSecret } from '../helpers/fake-secrets-manager';
import { daysFrom, makeCertificate, type TestCertificate } from '../helpers/pki';

export const ORG = 'acme-prod';
export const JWT_SECRET = `cert-sentinel/orgs/${ORG}/jwt-key`;
export const NORTHWIND_SECRET = 'partners/northwind/client';
export const INITECH_SECRET = 'partners/initech/client';
export const WATCH_TAG = { key: 'cert-sentinel:watch', value: 'true' };

const JWT = { clientId: '3MVG9E2ECONSUMERKEY', username: 'cert-sentinel@acme.example' };

/** `YYYY-MM-DD` of an instant (Salesforce's Certificate.ExpirationDate). */
const dateOnly = (d: Date) => d.toISOString().slice(0, 10);

/**
 * The EventBridge event CloudTrail emits for a successful Secrets Manager call, as the
 * secret-change rule receives it (the secret value itself is never in CloudTrail).
 */
export function secretChangeEvent(secretArn: string, eventName: string, at: Date): Record<string, unknown> {
  return {
    version: '0',
    id: `e2e-${eventName}-${at.getTime()}`,
    'detail-type': 'AWS API Call via CloudTrail',
    source: 'aws.secretsmanager',
    account: '123456789012',
    time: at.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: 'eu-west-1',
    resources: [],
    detail: {
      eventVersion: '1.09',
      userIdentity: { type: 'AssumedRole', principalId: 'AROAE2E:partner-ops', accountId: '123456789012' },
      eventTime: at.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      eventSource: 'secretsmanager.amazonaws.com',
      eventName,
      awsRegion: 'eu-west-1',
      sourceIPAddress: '203.0.113.10',
      userAgent: 'aws-cli/2.22.0',
      requestParameters: { secretId: secretArn, clientRequestToken: 'e2e-token' },
      responseElements: { arn: secretArn, versionId: 'e2e-version-2' },
      requestID: 'e2e-request',
      eventID: `e2e-${at.getTime()}`,
      readOnly: false,
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: '123456789012',
      eventCategory: 'Management',
    },
  };
}

export interface PartnerEndpoint {
  port: number;
  server: Server;
}

export class World {
  readonly partnerCa: TestCertificate;
  readonly orgCertificates: Record<string, TestCertificate>;
  readonly partnerClients: Record<string, TestCertificate>;
  readonly salesforce: FakeSalesforce;
  readonly endpoints: Record<'northwind' | 'initech', PartnerEndpoint> = {} as never;
  private readonly jwtSigner: TestCertificate;

  constructor(readonly now: Date) {
    const validFrom = daysFrom(now, -300);
    this.partnerCa = makeCertificate({
      commonName: 'Partner Issuing CA',
      notBefore: daysFrom(now, -700),
      notAfter: daysFrom(now, 2000),
      isCa: true,
      keySlot: 'e2e-partner-ca',
    });
    this.jwtSigner = makeCertificate({
      commonName: 'cert-sentinel-jwt',
      notBefore: validFrom,
      notAfter: daysFrom(now, 400),
      keySlot: 'e2e-jwt',
    });
    // The org's own certificates: one about to expire (12 days left of a year), one healthy.
    this.orgCertificates = {
      Acme_Client: makeCertificate({
        commonName: 'acme-client.example.com',
        notBefore: daysFrom(now, -353),
        notAfter: daysFrom(now, 12),
        keySlot: 'e2e-acme-client',
      }),
      Acme_Signing: makeCertificate({
        commonName: 'acme-signing.example.com',
        notBefore: daysFrom(now, -100),
        notAfter: daysFrom(now, 265),
        keySlot: 'e2e-acme-signing',
      }),
    };
    const client = (commonName: string, lifetime: [number, number]) =>
      makeCertificate({
        commonName,
        notBefore: daysFrom(now, lifetime[0]),
        notAfter: daysFrom(now, lifetime[1]),
        issuer: this.partnerCa,
        keySlot: `e2e-${commonName}`,
        extendedKeyUsage: ['clientAuth'],
      });
    this.partnerClients = {
      northwind: client('northwind-sync', [-330, 35]),
      initech: client('initech-api', [-100, 265]),
    };
    this.salesforce = new FakeSalesforce({
      data: this.orgData(),
      jwt: { ...JWT, certificatePem: this.jwtSigner.certPem },
    });
  }

  async start(): Promise<void> {
    await this.salesforce.start();
    this.endpoints.northwind = await this.startEndpoint('northwind');
    this.endpoints.initech = await this.startEndpoint('initech');
  }

  async stop(): Promise<void> {
    await this.salesforce.stop();
    await Promise.all(
      Object.values(this.endpoints).map(
        (e) => new Promise<void>((resolve) => e.server.close(() => resolve())),
      ),
    );
  }

  /** The configuration the stack is synthesized from (what an operator writes). */
  config(): Record<string, unknown> {
    return {
      policy: { horizon: `${this.now.getUTCFullYear() + 4}-12-31` },
      orgs: [
        {
          name: ORG,
          loginUrl: this.salesforce.url,
          apiVersion: '62.0',
          auth: { type: 'jwt', ...JWT, privateKeySecret: JWT_SECRET },
          owner: 'salesforce-platform@acme.example',
        },
      ],
      secrets: [{ tag: WATCH_TAG, regions: ['eu-west-1'] }],
      probes: [
        {
          name: 'northwind-sync',
          host: '127.0.0.1',
          port: this.endpoints.northwind.port,
          clientCertificate: { secret: NORTHWIND_SECRET },
          externalSystem: 'Northwind Freight',
          org: ORG,
          timeoutMs: 5000,
        },
      ],
      certificates: {
        Acme_Client: {
          owner: 'integration-team@acme.example',
          partnerOwner: 'it-ops@northwind.example',
          externalSystem: 'Northwind Freight',
          integrationUser: 'northwind.sync@acme.example',
        },
      },
      alerts: {
        email: ['integration-team@acme.example'],
        sms: ['+15555550100'],
        opsEmail: ['platform-oncall@acme.example'],
        emailMinTier: 'notice',
        smsMinTier: 'critical',
        repeatEveryDays: 1,
        // The weekly digest goes out on the suite's first day, whatever weekday that is.
        digestWeekday: this.now.getUTCDay(),
      },
    };
  }

  /** The secrets as the operators keep them: the org's JWT key and the partners' client certificates. */
  secrets(): FakeSecret[] {
    return [
      { name: JWT_SECRET, secretString: this.jwtSigner.keyPem },
      this.partnerSecret(NORTHWIND_SECRET, this.partnerClients.northwind, {
        'cert-sentinel:external-system': 'Northwind Freight',
      }),
      this.partnerSecret(INITECH_SECRET, this.partnerClients.initech, {
        'cert-sentinel:external-system': 'Initech',
        'cert-sentinel:probe-endpoint': `127.0.0.1:${this.endpoints.initech.port}`,
      }),
    ];
  }

  /** Northwind's renewed client certificate: a new key, a year from `at`. */
  renewedNorthwind(at: Date): TestCertificate {
    return makeCertificate({
      commonName: 'northwind-sync',
      notBefore: daysFrom(at, -1),
      notAfter: daysFrom(at, 365),
      issuer: this.partnerCa,
      keySlot: 'e2e-northwind-sync-renewed',
      extendedKeyUsage: ['clientAuth'],
    });
  }

  /** A partner client certificate as its secret holds it: JSON with the key and the partner CA. */
  partnerSecret(name: string, certificate: TestCertificate, tags: Record<string, string>): FakeSecret {
    return {
      name,
      secretString: JSON.stringify({
        certificate: certificate.certPem,
        privateKey: certificate.keyPem,
        ca: this.partnerCa.certPem,
      }),
      tags: { [WATCH_TAG.key]: WATCH_TAG.value, ...tags },
    };
  }

  private orgData() {
    const rows: Row[] = Object.entries(this.orgCertificates).map(([name, cert], i) => ({
      Id: `0P1E2E${String(i + 1).padStart(9, '0')}AAA`,
      DeveloperName: name,
      MasterLabel: name.replace(/_/g, ' '),
      ExpirationDate: dateOnly(new Date(cert.forgeCert.validity.notAfter)),
      KeySize: 2048,
      OptionsIsCaSigned: false,
      OptionsIsPrivateKeyExportable: true,
      OptionsIsUnusable: false,
      CreatedDate: `${dateOnly(new Date(cert.forgeCert.validity.notBefore))}T00:00:00.000+0000`,
    }));
    return {
      certificates: rows,
      certificateFiles: Object.fromEntries(
        Object.entries(this.orgCertificates).map(([n, c]) => [n, c.certPem]),
      ),
      inboundCertificates: [],
    };
  }

  /** A partner endpoint on 127.0.0.1 that demands a client certificate issued by the partner CA. */
  private async startEndpoint(name: 'northwind' | 'initech'): Promise<PartnerEndpoint> {
    const certificate = makeCertificate({
      commonName: `mtls.${name}.example`,
      notBefore: daysFrom(this.now, -30),
      notAfter: daysFrom(this.now, 60),
      issuer: this.partnerCa,
      ipAddresses: ['127.0.0.1'],
      dnsNames: [`mtls.${name}.example`],
      keySlot: `e2e-${name}-server`,
      extendedKeyUsage: ['serverAuth'],
    });
    const server = createTlsServer(
      {
        key: certificate.keyPem,
        cert: certificate.certPem,
        ca: this.partnerCa.certPem,
        requestCert: true,
        rejectUnauthorized: true,
      },
      (socket) => {
        socket.on('error', () => undefined);
        socket.once('data', () => socket.end('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok'));
      },
    );
    server.on('tlsClientError', () => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { port: (server.address() as AddressInfo).port, server };
  }
}
