/**
 * Real endpoints on 127.0.0.1 for the probe tests: `openssl s_server` (sends alerts like partner
 * servers do), a Node TLS server (rejects without an alert), a silent TCP server, a plaintext
 * HTTP server and a closed port. Ports come from the OS; every server is stopped by its test file.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { connect, createServer as createNetServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer } from 'node:tls';
import { daysFrom, makeCertificate, type TestCertificate } from '../../helpers/pki';

/** The certificates every scenario needs, valid or broken relative to `now`. */
export function makeProbePki(now: Date) {
  const window = { notBefore: daysFrom(now, -10), notAfter: daysFrom(now, 90) };
  const ca = makeCertificate({ commonName: 'Probe Test CA', ...window, isCa: true, keySlot: 'probe-ca' });
  const otherCa = makeCertificate({
    commonName: 'Unknown CA',
    ...window,
    isCa: true,
    keySlot: 'probe-other-ca',
  });
  const server = (commonName: string, notBefore: Date, notAfter: Date, names = ['localhost']) =>
    makeCertificate({
      commonName,
      notBefore,
      notAfter,
      issuer: ca,
      dnsNames: names,
      ipAddresses: names.includes('localhost') ? ['127.0.0.1'] : [],
      keySlot: 'probe-server',
      extendedKeyUsage: ['serverAuth'],
    });
  const client = (commonName: string, issuer: TestCertificate, notBefore: Date, notAfter: Date) =>
    makeCertificate({
      commonName,
      notBefore,
      notAfter,
      issuer,
      keySlot: 'probe-client',
      extendedKeyUsage: ['clientAuth'],
    });
  return {
    ca,
    server: server('partner.example', daysFrom(now, -1), daysFrom(now, 30)),
    serverExpired: server('expired.example', daysFrom(now, -40), daysFrom(now, -2)),
    serverNotYetValid: server('future.example', daysFrom(now, 2), daysFrom(now, 40)),
    client: client('integration-client', ca, daysFrom(now, -1), daysFrom(now, 30)),
    clientExpired: client('expired-client', ca, daysFrom(now, -40), daysFrom(now, -2)),
    clientUnknownCa: client('stranger-client', otherCa, daysFrom(now, -1), daysFrom(now, 30)),
  };
}

export type ProbePki = ReturnType<typeof makeProbePki>;

/** A temporary folder for PEM files; `cleanup` removes it. */
export function pemFolder() {
  const dir = mkdtempSync(join(tmpdir(), 'probe-test-'));
  return {
    dir,
    write(name: string, content: string | Buffer): string {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export type PemFolder = ReturnType<typeof pemFolder>;

export interface RunningServer {
  port: number;
  stop: () => Promise<void>;
}

/**
 * `openssl s_server` demanding a client certificate from `caFile`'s CA; `-www` answers GET.
 * Resolves once the port accepts connections.
 */
export async function startOpenSslServer(options: {
  certFile: string;
  keyFile: string;
  caFile: string;
  version: 'tls1_2' | 'tls1_3';
  /** `require` (default): -Verify with -verify_return_error; `request`: asks, accepts anything; `none`: never asks. */
  clientAuth?: 'require' | 'request' | 'none';
}): Promise<RunningServer> {
  const clientAuth = {
    require: ['-Verify', '1', '-verify_return_error'],
    request: ['-verify', '1'],
    none: [],
  }[options.clientAuth ?? 'require'];
  const child = spawn(
    'openssl',
    [
      's_server',
      ...clientAuth,
      '-accept',
      '127.0.0.1:0',
      '-cert',
      options.certFile,
      '-key',
      options.keyFile,
      '-CAfile',
      options.caFile,
      `-${options.version}`,
      '-www',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const port = await acceptPort(child);
  await waitUntilAccepting(port);
  return {
    port,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill();
      }),
  };
}

/** The partner endpoint most tests probe: `openssl s_server` over TLS 1.3 with the valid server certificate. */
export function startPartnerServer(pki: ProbePki, files: PemFolder): Promise<RunningServer> {
  return startOpenSslServer({
    certFile: files.write('server.pem', pki.server.certPem),
    keyFile: files.write('server.key', pki.server.keyPem),
    caFile: files.write('ca.pem', pki.ca.certPem),
    version: 'tls1_3',
  });
}

/** The valid client certificate as a partner keeps it in Secrets Manager: JSON with its CA. */
export function partnerClientSecret(pki: ProbePki, name = 'prod/partner/mtls') {
  return {
    name,
    secretString: JSON.stringify({
      certificate: pki.client.certPem,
      privateKey: pki.client.keyPem,
      ca: pki.ca.certPem,
    }),
  };
}

/** s_server prints `ACCEPT 127.0.0.1:PORT` once bound; port 0 lets the OS pick. */
function acceptPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /ACCEPT [^\s:]+:(\d+)/.exec(seen);
      if (match) resolve(Number(match[1]));
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`openssl s_server exited (${code}): ${seen}`)));
    child.once('error', reject);
  });
}

async function waitUntilAccepting(port: number, attempts = 50): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nothing accepts on 127.0.0.1:${port}`);
}

function listening(server: Server): Promise<RunningServer> {
  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({
        port: typeof address === 'object' && address ? address.port : 0,
        stop: () =>
          new Promise((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

/** Node's own mutual-TLS server: rejects a client certificate without sending an alert. */
export function startNodeTlsServer(pki: ProbePki, version: 'TLSv1.2' | 'TLSv1.3'): Promise<RunningServer> {
  const server = createTlsServer(
    {
      cert: pki.server.certPem,
      key: pki.server.keyPem,
      ca: pki.ca.certPem,
      requestCert: true,
      rejectUnauthorized: true,
      minVersion: version,
      maxVersion: version,
    },
    (socket) => {
      socket.on('error', () => undefined);
      socket.once('data', () => socket.end('HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n'));
    },
  );
  server.on('tlsClientError', () => undefined);
  return listening(server);
}

/** Accepts TCP and never says a word: the probe sees no error, only time passing. */
export function startSilentServer(): Promise<RunningServer> {
  return listening(createNetServer(() => undefined));
}

/** Plain HTTP where TLS was expected. */
export function startPlaintextServer(): Promise<RunningServer> {
  const server = createHttpServer((_req, res) => res.end('plain'));
  return listening(server as unknown as Server);
}

/** A port that was free a moment ago and has nothing listening now. */
export async function closedPort(): Promise<number> {
  const server = await startSilentServer();
  await server.stop();
  return server.port;
}
