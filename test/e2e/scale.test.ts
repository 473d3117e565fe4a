/**
 * The scale targets of issue 11, run offline end to end like scan.test.ts: 50 orgs, 5,000
 * selected partner secrets (five selectors of 1,000), 1,000 probe endpoints named by those
 * secrets, each a real mutual-TLS server on 127.0.0.1. Measures the scan's time, each state's
 * largest output and each function's peak memory; docs/performance.md has the figures.
 */
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createServer as createTlsServer, type Server } from 'node:tls';
import { syntheticClientCredentials, syntheticInputs } from '../../bench/synthetic';
import type { Report } from '../../lambdas/core/report/model';
import { SNAPSHOT_KEYS } from '../../lambdas/shared/snapshots';
import { FakeSalesforce } from '../helpers/fake-salesforce';
import type { FakeSecret } from '../helpers/fake-secrets-manager';
import { daysFrom, makeCertificate } from '../helpers/pki';
import { synthesizeStack } from './deployed-stack';
import { OfflineStack, type ScanRun } from './offline-stack';

jest.setTimeout(900_000);

const NOW = new Date(Math.floor(Date.now() / 1000) * 1000);
const TARGETS = { orgs: 50, secrets: 5_000, selectors: 5, probeEndpoints: 1_000, certificatesPerOrg: 4 };
/** What issue 11 asks of every state's input and output (Step Functions allows 256 KB). */
const STATE_BUDGET_BYTES = 64 * 1024;
const JWT = { clientId: '3MVG9E2ESCALE', username: 'cert-sentinel@scale.example' };

const jwtCertificate = makeCertificate({
  commonName: 'cert-sentinel-jwt-scale',
  notBefore: daysFrom(NOW, -30),
  notAfter: daysFrom(NOW, 400),
  keySlot: 'e2e-jwt',
});
const serverCa = makeCertificate({
  commonName: 'Scale Partner Server CA',
  notBefore: daysFrom(NOW, -700),
  notAfter: daysFrom(NOW, 2000),
  isCa: true,
  keySlot: 'e2e-scale-server-ca',
});
const serverCertificate = makeCertificate({
  commonName: 'mtls.scale.example',
  notBefore: daysFrom(NOW, -30),
  notAfter: daysFrom(NOW, 300),
  issuer: serverCa,
  ipAddresses: ['127.0.0.1'],
  keySlot: 'e2e-scale-server',
  extendedKeyUsage: ['serverAuth'],
});

const orgs: FakeSalesforce[] = [];
const endpoints: Server[] = [];
const secrets: FakeSecret[] = [];

beforeAll(async () => {
  // The orgs' certificates and the partner secrets: distinct certificates signed with node:crypto.
  const pems = syntheticInputs(
    Math.round((TARGETS.orgs * TARGETS.certificatesPerOrg + TARGETS.secrets) * 1.3),
    NOW,
    0,
  )
    .filter((input) => input.kind === 'pem')
    .map((input) => String(input.data));
  for (let o = 0; o < TARGETS.orgs; o++) {
    const files = Object.fromEntries(
      pems.splice(0, TARGETS.certificatesPerOrg).map((pem, c) => [`Org${o}_Cert${c}`, pem]),
    );
    const org = new FakeSalesforce({
      jwt: { ...JWT, certificatePem: jwtCertificate.certPem },
      data: {
        certificates: Object.entries(files).map(([developerName, pem], c) => ({
          Id: `0P1S${String(o).padStart(3, '0')}${String(c).padStart(8, '0')}AAA`,
          DeveloperName: developerName,
          MasterLabel: developerName,
          ExpirationDate: new X509Certificate(pem).validToDate.toISOString().slice(0, 10),
          KeySize: 2048,
          OptionsIsCaSigned: false,
          OptionsIsPrivateKeyExportable: true,
          OptionsIsUnusable: false,
          CreatedDate: '2026-01-01T00:00:00.000+0000',
        })),
        certificateFiles: files,
        inboundCertificates: [],
      },
    });
    orgs.push(await org.start());
    secrets.push({ name: `cert-sentinel/orgs/org-${o}/jwt-key`, secretString: jwtCertificate.keyPem });
  }

  const clients = syntheticClientCredentials(TARGETS.probeEndpoints, NOW);
  const perSelector = TARGETS.secrets / TARGETS.selectors;
  const probesPerSelector = TARGETS.probeEndpoints / TARGETS.selectors;
  for (let s = 0; s < TARGETS.selectors; s++) {
    for (let i = 0; i < perSelector; i++) {
      const name = `partners/s${s}/secret-${String(i).padStart(4, '0')}`;
      if (i < probesPerSelector) {
        const port = await startEndpoint(clients.caPem);
        secrets.push({
          name,
          secretString: JSON.stringify({
            certificate: clients.certificates[s * probesPerSelector + i],
            privateKey: clients.keyPem,
            ca: serverCa.certPem,
          }),
          tags: {
            'cert-sentinel:probe-endpoint': `127.0.0.1:${port}`,
            'cert-sentinel:external-system': `Partner ${s}`,
          },
        });
      } else {
        secrets.push({
          name,
          secretString: pems.pop()!,
          tags: { 'cert-sentinel:external-system': `Partner ${s}` },
        });
      }
    }
  }
}, 300_000);

afterAll(async () => {
  await Promise.all(orgs.map((o) => o.stop()));
  await Promise.all(endpoints.map((e) => new Promise<void>((resolve) => e.close(() => resolve()))));
});

/** A partner endpoint that demands a client certificate from the synthetic client CA. */
async function startEndpoint(clientCaPem: string): Promise<number> {
  const server = createTlsServer(
    {
      key: serverCertificate.keyPem,
      cert: serverCertificate.certPem,
      ca: clientCaPem,
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
  endpoints.push(server);
  return (server.address() as AddressInfo).port;
}

function scaleConfig(orgCount: number): string {
  const config = {
    orgs: orgs.slice(0, orgCount).map((org, o) => ({
      name: `org-${o}`,
      loginUrl: org.url,
      auth: { type: 'jwt', ...JWT, privateKeySecret: `cert-sentinel/orgs/org-${o}/jwt-key` },
    })),
    secrets: Array.from({ length: TARGETS.selectors }, (_, s) => ({
      prefix: `partners/s${s}/`,
      regions: ['eu-west-1'],
    })),
    alerts: {
      email: ['team@scale.example'],
      opsEmail: ['oncall@scale.example'],
      digestWeekday: NOW.getUTCDay(),
    },
  };
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'sentinel-e2e-scale-')), 'config.json');
  writeFileSync(file, JSON.stringify(config));
  return file;
}

/** Synthesizes, deploys into a fresh local account and runs one scan; stops everything after. */
async function scanAtScale(
  orgCount: number,
): Promise<{ run: ScanRun; offline: OfflineStack; report?: Report }> {
  const offline = new OfflineStack(synthesizeStack(scaleConfig(orgCount)));
  await offline.start();
  try {
    offline.aws.secrets.push(...secrets);
    const run = await offline.scan(NOW, { enforcePayloadLimit: process.env.E2E_MEASURE !== '1' });
    const report =
      run.status === 'SUCCEEDED'
        ? await offline.aws.objectJson<Report>(SNAPSHOT_KEYS.latestReport)
        : undefined;
    // Figures for docs/performance.md.
    process.stdout.write(
      `${JSON.stringify({
        orgs: orgCount,
        status: run.status,
        error: run.error,
        scanSeconds: Math.round(run.durationMs / 100) / 10,
        largestStates: run.payloads.slice(0, 6),
        peakRssMb: Object.fromEntries(
          [...offline.runtime.peakRssKb].map(([fn, kb]) => [fn, Math.round(kb / 1024)]),
        ),
        invocations: offline.runtime.invocations.length,
        published: offline.published().length,
      })}\n`,
    );
    return { run, offline, report };
  } finally {
    await offline.stop();
  }
}

// Defects 4 and 7 of issue 11 (stackfix): 50 orgs do not fit in CONFIG_JSON (synth stops), and
// probe results travel through the state (the partner Map's output is far over 256 KB, which no
// Catch sees). Marked failing until both fixes land; then it must pass as written.
test.failing('at the scale targets the scan completes, every source read, no state over 64 KB', async () => {
  const { run, report } = await scanAtScale(Number(process.env.E2E_ORGS ?? TARGETS.orgs));
  expect(run.error).toBeUndefined();
  expect(run.status).toBe('SUCCEEDED');
  expect(run.largestPayload.bytes).toBeLessThanOrEqual(STATE_BUDGET_BYTES);
  expect(report?.sources.filter((s) => s.status !== 'ok')).toEqual([]);
  expect(report?.probes).toHaveLength(TARGETS.probeEndpoints);
  expect(report?.probes.filter((p) => p.outcome !== 'OK')).toEqual([]);
  expect(report?.summary.certificates).toBeGreaterThanOrEqual(
    TARGETS.orgs * TARGETS.certificatesPerOrg + TARGETS.secrets,
  );
});
