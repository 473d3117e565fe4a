/**
 * The synthetic mutual-TLS handshake: connect with the live client certificate, read the
 * server's certificate whatever its state, send one small request and wait for the server's
 * verdict (under TLS 1.3 it arrives after `secureConnect`), then let classify.ts judge.
 * Never throws for what the endpoint does; throws ProbeCredentialError when the client
 * credential cannot be loaded or used, with a message that never quotes it.
 */
import { X509Certificate } from 'node:crypto';
import { isIP, type LookupFunction } from 'node:net';
import { performance } from 'node:perf_hooks';
import * as tls from 'node:tls';
import type { ClientCredential } from '../../adapters/secrets-manager/client-credential';
import { describeX509 } from '../../core/certificates/x509';
import type { CertificateInfo, CertificateOwners, ProbeOutcome, ProbeResult } from '../../core/model';
import { opensslReason } from '../../core/openssl-reason';
import { classifyHandshake, type HandshakeObservation } from './classify';

export type { ClientCredential };

/** Loads the credential when the probe runs, so a failure is a finding of that run. */
export type ClientCredentialLoader = () => Promise<ClientCredential>;

export interface ProbeRequest {
  /** Name shown in reports; default `host:port`. */
  target?: string;
  host: string;
  port: number;
  /** SNI and the name the server's certificate must carry; default `host`. */
  servername?: string;
  /** Trust anchors for the server's certificate; default Node's bundled roots. */
  ca?: string | Buffer;
  clientCredential?: ClientCredential | ClientCredentialLoader;
  timeoutMs: number;
  /** Name resolution, as node:net takes it; default the system resolver (tests inject failures). */
  lookup?: LookupFunction;
  externalSystem?: string;
  org?: string;
  owners?: CertificateOwners;
}

/** The client credential could not be loaded or OpenSSL refused it; the message is safe to show. */
export class ProbeCredentialError extends Error {
  constructor(
    readonly target: string,
    reason: string,
  ) {
    super(`client certificate for probe target ${target} is unusable: ${reason}`);
    this.name = 'ProbeCredentialError';
  }
}

/**
 * The result of a probe that never shook hands because its client credential was unusable: a
 * failed probe (CLIENT_CERT_UNAVAILABLE) with the safe reason, so the deployed probe reports it
 * like any other failure instead of crashing the invocation.
 */
export function unusableCredentialResult(
  request: ProbeRequest,
  error: ProbeCredentialError,
  checkedAt: Date,
): ProbeResult {
  return {
    target: targetName(request),
    host: request.host,
    port: request.port,
    ...(request.servername ? { servername: request.servername } : {}),
    outcome: 'CLIENT_CERT_UNAVAILABLE',
    latencyMs: 0,
    error: { code: error.name, message: error.message },
    checkedAt: checkedAt.toISOString(),
    ...(request.externalSystem ? { externalSystem: request.externalSystem } : {}),
    ...(request.org ? { org: request.org } : {}),
    ...(request.owners ? { owners: request.owners } : {}),
  };
}

const RESPONSE_BYTES = 512;

function targetName(request: Pick<ProbeRequest, 'target' | 'host' | 'port'>): string {
  return request.target ?? `${request.host}:${request.port}`;
}

export async function probeEndpoint(
  request: ProbeRequest,
  clock: () => Date = () => new Date(),
): Promise<ProbeResult> {
  const target = targetName(request);
  const credential = await resolveCredential(request, target);
  // A secret may carry the partner's CA (its `ca` field) for the server's certificate.
  const ca = request.ca ?? (credential && 'caPem' in credential ? credential.caPem : undefined);
  const secureContext = contextFor(credential, ca, target);
  const checkedAt = clock();
  const started = performance.now();
  const hostname = request.servername ?? request.host;

  const { observed, clientCertificate } = await attempt(request, secureContext, hostname);
  const latencyMs = Math.round(performance.now() - started);
  const clientCertificateInvalid =
    clientCertificate !== undefined &&
    (Date.parse(clientCertificate.notAfter) < checkedAt.getTime() ||
      Date.parse(clientCertificate.notBefore) > checkedAt.getTime());
  const classification = classifyHandshake({
    ...observed.facts,
    clientCertificateSent: clientCertificate !== undefined,
    clientCertificateExpired:
      clientCertificate !== undefined && Date.parse(clientCertificate.notAfter) < checkedAt.getTime(),
  });
  const enforcement =
    classification.outcome === 'OK'
      ? await mutualTlsEnforcement(request, ca, target, hostname, clientCertificate, clientCertificateInvalid)
      : undefined;

  return {
    target,
    host: request.host,
    port: request.port,
    ...(request.servername ? { servername: request.servername } : {}),
    outcome: enforcement?.outcome ?? classification.outcome,
    ...(clientCertificate ? { clientCertificate } : {}),
    ...(observed.serverCertificate ? { serverCertificate: observed.serverCertificate } : {}),
    ...(observed.protocol ? { protocol: observed.protocol } : {}),
    ...(observed.cipher ? { cipher: observed.cipher } : {}),
    latencyMs,
    ...(enforcement ? { error: enforcement.error } : errorOf(observed.facts, classification.inference)),
    checkedAt: checkedAt.toISOString(),
    ...(request.externalSystem ? { externalSystem: request.externalSystem } : {}),
    ...(request.org ? { org: request.org } : {}),
    ...(request.owners ? { owners: request.owners } : {}),
  };
}

/** One connection: the handshake, one request, the server's answer or verdict. */
async function attempt(
  request: ProbeRequest,
  secureContext: tls.SecureContext,
  hostname: string,
): Promise<{ observed: Observed; clientCertificate?: CertificateInfo }> {
  const socket = tls.connect({
    host: request.host,
    port: request.port,
    servername: isIP(hostname) ? undefined : hostname,
    secureContext,
    // Verification is judged below, so the server's certificate is reported even when it is bad.
    rejectUnauthorized: false,
    checkServerIdentity: () => undefined,
    ...(request.lookup ? { lookup: request.lookup } : {}),
  });
  const local = socket.getCertificate();
  const clientCertificate = local && 'raw' in local ? describeRaw(local.raw) : undefined;
  return { observed: await observe(socket, hostname, request.timeoutMs), clientCertificate };
}

/**
 * `OK` means a client certificate was asked for and accepted. A handshake that worked is checked
 * further: with no client certificate presented it proves nothing; with an expired or not yet
 * valid one the server does not check; otherwise a second connection without any certificate
 * must be refused, or mutual TLS is not enforced.
 */
async function mutualTlsEnforcement(
  request: ProbeRequest,
  ca: string | Buffer | undefined,
  target: string,
  hostname: string,
  clientCertificate: CertificateInfo | undefined,
  clientCertificateInvalid: boolean,
): Promise<{ outcome: ProbeOutcome; error: { code: string; message: string } } | undefined> {
  if (!clientCertificate)
    return {
      outcome: 'MTLS_NOT_ENFORCED',
      error: {
        code: 'MTLS_NOT_ENFORCED',
        message: 'the server accepted the connection without a client certificate',
      },
    };
  if (clientCertificateInvalid)
    return {
      outcome: 'CLIENT_CERT_NOT_CHECKED',
      error: {
        code: 'CLIENT_CERT_NOT_CHECKED',
        message: `the server accepted a client certificate valid only ${clientCertificate.notBefore} to ${clientCertificate.notAfter}`,
      },
    };
  const bare = await attempt(request, contextFor(undefined, ca, target), hostname);
  const verdict = classifyHandshake({
    ...bare.observed.facts,
    clientCertificateSent: false,
    clientCertificateExpired: false,
  });
  if (verdict.outcome !== 'OK') return undefined;
  return {
    outcome: 'MTLS_NOT_ENFORCED',
    error: {
      code: 'MTLS_NOT_ENFORCED',
      message: 'a second connection without any client certificate was accepted too',
    },
  };
}

interface Observed {
  facts: Omit<HandshakeObservation, 'clientCertificateSent' | 'clientCertificateExpired'>;
  serverCertificate?: CertificateInfo;
  protocol?: string;
  cipher?: string;
}

/** Records everything the connection does until it ends, the server answers or time runs out. */
function observe(socket: tls.TLSSocket, hostname: string, timeoutMs: number): Promise<Observed> {
  return new Promise((resolve) => {
    const facts: Observed['facts'] = {
      timedOut: false,
      secureConnected: false,
      serverCertificateSeen: false,
    };
    let peer: tls.PeerCertificate | undefined;
    let protocol: string | undefined;
    let cipher: string | undefined;
    let response = '';
    let settled = false;

    // Read during the handshake: after a TLS 1.2 rejection there is no other chance. Only
    // getPeerCertificate() is safe here (getPeerX509Certificate breaks Node's name check later).
    const capturePeer = () => {
      if (peer) return;
      const candidate = socket.getPeerCertificate();
      if (candidate?.raw) {
        peer = candidate;
        facts.serverCertificateSeen = true;
      }
    };

    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      socket.destroy();
      if (response.length > 0) facts.response = response;
      resolve({ facts, serverCertificate: peer ? describeRaw(peer.raw) : undefined, protocol, cipher });
    };

    // One deadline for the whole attempt: a silent server emits no error, only nothing.
    const deadline = setTimeout(() => {
      facts.timedOut = true;
      finish();
    }, timeoutMs);

    socket.on('keylog', capturePeer);
    socket.on('secureConnect', () => {
      facts.secureConnected = true;
      capturePeer();
      protocol = socket.getProtocol() ?? undefined;
      cipher = socket.getCipher()?.standardName;
      const verifyError = socket.authorizationError as unknown;
      if (verifyError)
        facts.serverVerifyError = String((verifyError as { code?: string }).code ?? verifyError);
      if (peer) {
        const mismatch = tls.checkServerIdentity(hostname, peer) as (Error & { code?: string }) | undefined;
        if (mismatch) facts.hostnameError = mismatch.code ?? mismatch.message;
      }
      // TLS 1.3 servers judge the client certificate after the handshake: ask, then listen.
      socket.write(
        `GET / HTTP/1.1\r\nHost: ${hostname}\r\nUser-Agent: cert-sentinel-probe\r\nConnection: close\r\n\r\n`,
      );
    });
    socket.on('data', (chunk: Buffer) => {
      response += chunk.toString('latin1', 0, Math.min(chunk.length, RESPONSE_BYTES));
      finish();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      facts.error ??= { ...(error.code ? { code: error.code } : {}), message: error.message.trim() };
    });
    socket.on('close', finish);
  });
}

function errorOf(
  facts: Observed['facts'],
  inference: { code: string; message: string } | undefined,
): { error?: { code?: string; message: string } } {
  if (inference && facts.error)
    return { error: { code: facts.error.code, message: `${inference.message} ${facts.error.message}` } };
  if (facts.error) return { error: facts.error };
  if (inference) return { error: inference };
  if (facts.serverVerifyError)
    return {
      error: { code: facts.serverVerifyError, message: `server certificate: ${facts.serverVerifyError}` },
    };
  if (facts.hostnameError)
    return {
      error: { code: facts.hostnameError, message: 'the server certificate does not name the probed host' },
    };
  if (facts.timedOut && !facts.secureConnected)
    return { error: { code: 'TIMEOUT', message: 'no TLS handshake before the timeout' } };
  return {};
}

function describeRaw(raw: Buffer): CertificateInfo {
  return describeX509(new X509Certificate(raw));
}

async function resolveCredential(
  request: ProbeRequest,
  target: string,
): Promise<ClientCredential | undefined> {
  if (typeof request.clientCredential !== 'function') return request.clientCredential;
  try {
    return await request.clientCredential();
  } catch (error) {
    // Loaders author their messages without credential material (see sources/probes.ts, secrets-manager).
    throw new ProbeCredentialError(target, error instanceof Error ? error.message : 'the loader failed');
  }
}

function contextFor(
  credential: ClientCredential | undefined,
  ca: string | Buffer | undefined,
  target: string,
): tls.SecureContext {
  const material =
    credential === undefined
      ? {}
      : 'pfx' in credential
        ? { pfx: credential.pfx, passphrase: credential.passphrase }
        : { cert: credential.certPem, key: credential.keyPem };
  try {
    return tls.createSecureContext({ ...material, ...(ca ? { ca } : {}) });
  } catch (error) {
    const passphrase = credential && 'pfx' in credential ? credential.passphrase : undefined;
    throw new ProbeCredentialError(target, openSslReason(error, passphrase));
  }
}

/** OpenSSL's reason, without its file/line noise, and never the passphrase. */
function openSslReason(error: unknown, passphrase: string | undefined): string {
  const reason = opensslReason(error instanceof Error ? error.message : String(error));
  return passphrase ? reason.split(passphrase).join('[redacted]') : reason;
}
