/**
 * A local HTTPS receiver on 127.0.0.1 for webhook and chat bodies: records every request and
 * answers with the statuses it is told to, in order (then 200). Its certificate is made for the
 * real instant, since OpenSSL judges it by the process clock.
 */
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { daysFrom, makeCertificate } from './pki';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface HttpsReceiver {
  url: string;
  /** The CA that signed the server certificate (PEM), and the same in a file for NODE_EXTRA_CA_CERTS. */
  caPem: string;
  caFile: string;
  requests: ReceivedRequest[];
  /** Statuses for the next requests, in order; 200 after they run out. */
  respondWith(statuses: number[]): void;
  stop(): Promise<void>;
}

export async function startHttpsReceiver(): Promise<HttpsReceiver> {
  const instant = new Date();
  const window = { notBefore: daysFrom(instant, -1), notAfter: daysFrom(instant, 30) };
  const ca = makeCertificate({
    commonName: 'Receiver Test CA',
    ...window,
    isCa: true,
    keySlot: 'receiver-ca',
  });
  const leaf = makeCertificate({
    commonName: '127.0.0.1',
    ...window,
    issuer: ca,
    ipAddresses: ['127.0.0.1'],
    keySlot: 'receiver-leaf',
    extendedKeyUsage: ['serverAuth'],
  });
  const requests: ReceivedRequest[] = [];
  let statuses: number[] = [];
  const server: Server = createServer({ key: leaf.keyPem, cert: leaf.certPem }, (req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
      res.statusCode = statuses.shift() ?? 200;
      res.end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const caFile = join(tmpdir(), `receiver-ca-${process.pid}-${(server.address() as AddressInfo).port}.pem`);
  writeFileSync(caFile, ca.certPem);
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/cert-sentinel?token=s3cr3t-token-value`,
    caPem: ca.certPem,
    caFile,
    requests,
    respondWith(next) {
      statuses = [...next];
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
