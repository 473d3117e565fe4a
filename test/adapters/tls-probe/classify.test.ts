import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  classifyHandshake,
  type HandshakeObservation,
  OUTCOME_EXPLANATIONS,
} from '../../../lambdas/adapters/tls-probe/classify';
import { PROBE_OUTCOMES } from '../../../lambdas/core/model';

const base: HandshakeObservation = {
  timedOut: false,
  secureConnected: false,
  serverCertificateSeen: true,
  clientCertificateSent: true,
  clientCertificateExpired: false,
};
const failed = (code: string, extra: Partial<HandshakeObservation> = {}) =>
  classifyHandshake({ ...base, error: { code, message: 'raw' }, ...extra }).outcome;

describe('classifyHandshake: server alerts in OpenSSL 3.0 (Node 20) and 3.5 (Node 22+) spellings', () => {
  it.each([
    ['ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED', 'CLIENT_CERT_EXPIRED'],
    ['ERR_SSL_SSL/TLS_ALERT_CERTIFICATE_EXPIRED', 'CLIENT_CERT_EXPIRED'],
    ['ERR_SSL_TLSV1_ALERT_UNKNOWN_CA', 'CLIENT_CERT_REJECTED'],
    ['ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE', 'CLIENT_CERT_REJECTED'],
    ['ERR_SSL_SSL/TLS_ALERT_BAD_CERTIFICATE', 'CLIENT_CERT_REJECTED'],
    ['ERR_SSL_SSLV3_ALERT_CERTIFICATE_REVOKED', 'CLIENT_CERT_REJECTED'],
    ['ERR_SSL_SSL/TLS_ALERT_CERTIFICATE_UNKNOWN', 'CLIENT_CERT_REJECTED'],
    ['ERR_SSL_TLSV1_ALERT_ACCESS_DENIED', 'CLIENT_CERT_REJECTED'],
    ['ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED', 'CLIENT_CERT_REQUIRED'],
    ['ECONNREFUSED', 'CONNECTION_REFUSED'],
    ['ENOTFOUND', 'DNS_FAILURE'],
    ['EAI_AGAIN', 'DNS_FAILURE'],
    ['ETIMEDOUT', 'TIMEOUT'],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'NOT_TLS'],
    ['ERR_SSL_PACKET_LENGTH_TOO_LONG', 'NOT_TLS'],
    ['ERR_SSL_UNSUPPORTED_PROTOCOL', 'PROTOCOL_ERROR'],
  ])('%s -> %s', (code, outcome) => {
    expect(failed(code)).toBe(outcome);
  });

  it.each(['ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE', 'ERR_SSL_SSL/TLS_ALERT_HANDSHAKE_FAILURE'])(
    '%s means a missing certificate without one, our certificate after the server showed its own, else a mismatch',
    (code) => {
      expect(failed(code, { clientCertificateSent: false })).toBe('CLIENT_CERT_REQUIRED');
      expect(failed(code)).toBe('CLIENT_CERT_REJECTED');
      expect(failed(code, { clientCertificateExpired: true })).toBe('CLIENT_CERT_EXPIRED');
      expect(failed(code, { serverCertificateSeen: false })).toBe('PROTOCOL_ERROR');
    },
  );
});

describe('classifyHandshake: our verdict on the server', () => {
  const connected = (extra: Partial<HandshakeObservation>) =>
    classifyHandshake({ ...base, secureConnected: true, response: 'HTTP/1.0 200 ok', ...extra }).outcome;

  it.each([
    ['CERT_HAS_EXPIRED', 'SERVER_CERT_EXPIRED'],
    ['CERT_NOT_YET_VALID', 'SERVER_CERT_NOT_YET_VALID'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'SERVER_CERT_UNTRUSTED'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SERVER_CERT_UNTRUSTED'],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'SERVER_CERT_UNTRUSTED'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'HOSTNAME_MISMATCH'],
  ])('authorizationError %s -> %s', (serverVerifyError, outcome) => {
    expect(connected({ serverVerifyError })).toBe(outcome);
  });

  it('checks the name only when the chain is sound', () => {
    expect(connected({ hostnameError: 'ERR_TLS_CERT_ALTNAME_INVALID' })).toBe('HOSTNAME_MISMATCH');
    expect(
      connected({ serverVerifyError: 'CERT_HAS_EXPIRED', hostnameError: 'ERR_TLS_CERT_ALTNAME_INVALID' }),
    ).toBe('SERVER_CERT_EXPIRED');
  });

  it("lets the server's explicit alert about our certificate outrank our verdict on its certificate", () => {
    expect(
      failed('ERR_SSL_TLSV1_ALERT_UNKNOWN_CA', {
        secureConnected: true,
        serverVerifyError: 'CERT_HAS_EXPIRED',
      }),
    ).toBe('CLIENT_CERT_REJECTED');
  });
});

describe('classifyHandshake: after the handshake (TLS 1.3 verdicts)', () => {
  const afterHandshake = (extra: Partial<HandshakeObservation>) =>
    classifyHandshake({ ...base, secureConnected: true, ...extra });

  it('an answer means the certificate was accepted', () => {
    expect(afterHandshake({ response: 'HTTP/1.1 404 Not Found' })).toEqual({ outcome: 'OK' });
  });

  it("reads nginx's 400 pages about client certificates", () => {
    expect(
      afterHandshake({ response: '<title>400 No required SSL certificate was sent</title>' }).outcome,
    ).toBe('CLIENT_CERT_REQUIRED');
    expect(afterHandshake({ response: '<title>400 The SSL certificate error</title>' }).outcome).toBe(
      'CLIENT_CERT_REJECTED',
    );
  });

  it('a close without a word is an inferred rejection, and says so', () => {
    const closed = afterHandshake({});
    expect(closed.outcome).toBe('CLIENT_CERT_REJECTED');
    expect(closed.inference?.message).toMatch(/^Inferred: /);
    expect(afterHandshake({ clientCertificateSent: false }).outcome).toBe('CLIENT_CERT_REQUIRED');
    expect(afterHandshake({ clientCertificateExpired: true }).outcome).toBe('CLIENT_CERT_EXPIRED');
  });

  it('a reset mid-handshake is inferred only after the server showed its certificate', () => {
    expect(failed('ECONNRESET')).toBe('CLIENT_CERT_REJECTED');
    expect(failed('ECONNRESET', { serverCertificateSeen: false })).toBe('PROTOCOL_ERROR');
  });

  it('silence before the handshake is a TIMEOUT; silence after it is OK with a note', () => {
    expect(classifyHandshake({ ...base, timedOut: true, serverCertificateSeen: false }).outcome).toBe(
      'TIMEOUT',
    );
    const quiet = afterHandshake({ timedOut: true });
    expect(quiet.outcome).toBe('OK');
    expect(quiet.inference?.code).toBe('NO_APPLICATION_RESPONSE');
  });
});

describe('outcome explanations', () => {
  it('explain every outcome, and docs/probe.md lists every outcome', () => {
    const doc = readFileSync(join(__dirname, '../../../docs/probe.md'), 'utf8');
    for (const outcome of PROBE_OUTCOMES) {
      expect(OUTCOME_EXPLANATIONS[outcome].meaning.length).toBeGreaterThan(10);
      expect(OUTCOME_EXPLANATIONS[outcome].action.length).toBeGreaterThan(10);
      expect(doc).toContain(`| \`${outcome}\` |`);
    }
  });
});
