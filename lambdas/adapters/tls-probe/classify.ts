/**
 * Turns what a handshake attempt observed into one ProbeOutcome. Pure and table-driven: the
 * probe records facts (error code, whether the handshake completed, whether the server's
 * certificate was seen, Node's verdict on it, what the server answered), this module judges.
 * Alert codes are matched on their suffix because OpenSSL 3.0 and 3.5 spell the prefix
 * differently (`ERR_SSL_SSLV3_ALERT_...` vs `ERR_SSL_SSL/TLS_ALERT_...`).
 */
import type { ProbeOutcome } from '../../core/model';

export interface HandshakeObservation {
  /** The socket's error, if any (code as Node reports it). */
  error?: { code?: string; message: string };
  /** The probe's own deadline passed before a verdict. */
  timedOut: boolean;
  /** `secureConnect` fired: the client's side of the handshake completed. */
  secureConnected: boolean;
  /** The server's certificate was read, i.e. the handshake got past the server's first flight. */
  serverCertificateSeen: boolean;
  /** Node's verdict on the server's chain (`authorizationError`), absent when trusted. */
  serverVerifyError?: string;
  /** Code of the host name check's error, absent when the name matches. */
  hostnameError?: string;
  clientCertificateSent: boolean;
  /** The client certificate's notAfter is in the past by the probe's clock. */
  clientCertificateExpired: boolean;
  /** The first bytes the server answered the request with (after the handshake). */
  response?: string;
}

export interface Classification {
  outcome: ProbeOutcome;
  /**
   * Set when no error says so explicitly and the outcome is deduced from how the connection
   * ended; becomes the result's `error` so nobody mistakes a guess for an alert.
   */
  inference?: { code: string; message: string };
}

type AlertVerdict = ProbeOutcome | 'NO_CLIENT_CERT_OR_HANDSHAKE';

/** TLS alerts the server sends about our client certificate, by the suffix of Node's error code. */
const ALERT_TABLE: Array<[suffix: RegExp, verdict: AlertVerdict]> = [
  [/_ALERT_CERTIFICATE_EXPIRED$/, 'CLIENT_CERT_EXPIRED'],
  [/_ALERT_CERTIFICATE_REQUIRED$/, 'CLIENT_CERT_REQUIRED'],
  [/_ALERT_UNKNOWN_CA$/, 'CLIENT_CERT_REJECTED'],
  [/_ALERT_BAD_CERTIFICATE$/, 'CLIENT_CERT_REJECTED'],
  [/_ALERT_UNSUPPORTED_CERTIFICATE$/, 'CLIENT_CERT_REJECTED'],
  [/_ALERT_CERTIFICATE_REVOKED$/, 'CLIENT_CERT_REJECTED'],
  [/_ALERT_CERTIFICATE_UNKNOWN$/, 'CLIENT_CERT_REJECTED'],
  [/_ALERT_ACCESS_DENIED$/, 'CLIENT_CERT_REJECTED'],
  [/_ALERT_DECRYPT_ERROR$/, 'CLIENT_CERT_REJECTED'],
  // TLS 1.2 servers answer a missing certificate with a bare handshake_failure; so do cipher mismatches.
  [/_ALERT_HANDSHAKE_FAILURE$/, 'NO_CLIENT_CERT_OR_HANDSHAKE'],
];

/** Failures below TLS: the connection itself, or something other than TLS on the port. */
const CONNECTION_TABLE: Array<[code: RegExp, outcome: ProbeOutcome]> = [
  // getaddrinfo's verdicts: the name did not resolve, which is not a refused connection.
  [/^(ENOTFOUND|EAI_AGAIN|EAI_NONAME|EAI_NODATA|EAI_FAIL)$/, 'DNS_FAILURE'],
  [/^(ECONNREFUSED|EHOSTUNREACH|ENETUNREACH|EADDRNOTAVAIL)$/, 'CONNECTION_REFUSED'],
  [/^ETIMEDOUT$/, 'TIMEOUT'],
  [
    /_(WRONG_VERSION_NUMBER|PACKET_LENGTH_TOO_LONG|HTTP_REQUEST|HTTPS_PROXY_REQUEST|RECORD_LENGTH_MISMATCH)$/,
    'NOT_TLS',
  ],
];

/** Node's verdicts on the server's certificate (`authorizationError`). Anything else: untrusted. */
const SERVER_TABLE: Array<[code: RegExp, outcome: ProbeOutcome]> = [
  [/^CERT_HAS_EXPIRED$/, 'SERVER_CERT_EXPIRED'],
  [/^CERT_NOT_YET_VALID$/, 'SERVER_CERT_NOT_YET_VALID'],
  [/^ERR_TLS_CERT_ALTNAME_INVALID$/, 'HOSTNAME_MISMATCH'],
];

/**
 * nginx with `ssl_verify_client on` completes the handshake and answers 400 with these phrases
 * instead of sending an alert.
 */
const RESPONSE_TABLE: Array<[phrase: RegExp, verdict: 'CLIENT_CERT_REQUIRED' | 'CLIENT_CERT_REJECTED']> = [
  [/No required SSL certificate was sent/i, 'CLIENT_CERT_REQUIRED'],
  [/The SSL certificate error/i, 'CLIENT_CERT_REJECTED'],
];

/** Connection drops that carry no reason; what they mean depends on when they happened. */
const DROP_CODES = /^(ECONNRESET|EPIPE|ERR_SSL_UNEXPECTED_EOF_WHILE_READING)$/;

const find = <T>(table: Array<[RegExp, T]>, code: string | undefined): T | undefined =>
  code === undefined ? undefined : table.find(([pattern]) => pattern.test(code))?.[1];

/**
 * The judgement, in order: a timeout before the handshake completed; the server's explicit
 * alert about our certificate (it outranks our own verdict on its certificate, and is all a
 * TLS 1.2 client learns); failures below TLS; our verdict on the server's certificate and name;
 * an answer (possibly nginx's 400 about the certificate); and last the inferences from a
 * connection that ended without a word.
 */
export function classifyHandshake(o: HandshakeObservation): Classification {
  if (o.timedOut && !o.secureConnected) return { outcome: 'TIMEOUT' };

  const code = o.error?.code;
  const alert = find(ALERT_TABLE, code);
  if (alert === 'NO_CLIENT_CERT_OR_HANDSHAKE') {
    if (!o.clientCertificateSent) return { outcome: 'CLIENT_CERT_REQUIRED' };
    // Before the server's certificate it is a cipher or version mismatch, after it our certificate.
    return { outcome: o.serverCertificateSeen ? clientVerdict(o, 'CLIENT_CERT_REJECTED') : 'PROTOCOL_ERROR' };
  }
  if (alert) return { outcome: alert };
  const connection = find(CONNECTION_TABLE, code);
  if (connection) return { outcome: connection };

  if (o.error && !(DROP_CODES.test(code ?? '') && o.serverCertificateSeen)) {
    // Our verdict on the server still stands if the handshake completed before the error.
    const server = o.secureConnected ? serverVerdict(o) : undefined;
    return { outcome: server ?? 'PROTOCOL_ERROR' };
  }

  const server = o.secureConnected ? serverVerdict(o) : undefined;
  if (server) return { outcome: server };

  if (o.response !== undefined) {
    const said = find(RESPONSE_TABLE, o.response);
    return { outcome: said ? clientVerdict(o, said) : 'OK' };
  }

  if (o.error || !o.timedOut) {
    // The server got our certificate and hung up without an alert: Node servers and some load
    // balancers reject that way (TLS 1.2: a reset mid-handshake; TLS 1.3: a close after it).
    const outcome = o.clientCertificateSent
      ? clientVerdict(o, 'CLIENT_CERT_REJECTED')
      : 'CLIENT_CERT_REQUIRED';
    const when = o.secureConnected ? 'right after the handshake' : 'during the handshake';
    const how = o.error ? `reset the connection (${code})` : 'closed the connection';
    return {
      outcome,
      inference: {
        code: 'INFERRED_FROM_CLOSE',
        message: `Inferred: the server ${how} ${when} without an alert or an answer, which is how many servers reject a client certificate.`,
      },
    };
  }

  // Handshake done, no alert, no answer before the deadline: under TLS 1.3 a rejection would have
  // arrived at once, so the certificate was accepted; the application is merely silent.
  return {
    outcome: 'OK',
    inference: {
      code: 'NO_APPLICATION_RESPONSE',
      message:
        'The handshake succeeded and no alert followed, but the server did not answer the request in time.',
    },
  };
}

function serverVerdict(o: HandshakeObservation): ProbeOutcome | undefined {
  if (o.serverVerifyError) return find(SERVER_TABLE, o.serverVerifyError) ?? 'SERVER_CERT_UNTRUSTED';
  if (o.hostnameError) return 'HOSTNAME_MISMATCH';
  return undefined;
}

/** A rejection of a certificate we know to be expired is most likely for that reason. */
function clientVerdict(o: HandshakeObservation, otherwise: ProbeOutcome): ProbeOutcome {
  return o.clientCertificateExpired ? 'CLIENT_CERT_EXPIRED' : otherwise;
}

export interface OutcomeExplanation {
  meaning: string;
  action: string;
}

/** What each outcome means and what to do; docs/probe.md carries the same table. */
export const OUTCOME_EXPLANATIONS: Record<ProbeOutcome, OutcomeExplanation> = {
  OK: {
    meaning: 'The mutual-TLS handshake succeeded and the server accepted the client certificate.',
    action: 'Nothing to do; watch both certificates\u2019 expiry dates.',
  },
  CLIENT_CERT_EXPIRED: {
    meaning: 'The server rejected the client certificate because it has expired.',
    action:
      'Issue a new client certificate, install it where the client reads it and give the server side its copy.',
  },
  CLIENT_CERT_REJECTED: {
    meaning: 'The server does not accept the client certificate (unknown CA, revoked, wrong certificate).',
    action:
      'Check that the server trusts the issuing CA and holds this certificate (for Salesforce: the mutual-auth certificate uploaded to the org).',
  },
  CLIENT_CERT_REQUIRED: {
    meaning: 'The server requires a client certificate and none was presented.',
    action: 'Configure the client certificate for this endpoint (e.g. --cert/--key, --pfx or --secret).',
  },
  CLIENT_CERT_UNAVAILABLE: {
    meaning:
      'The probe could not load its client certificate (secret unreadable or missing, wrong password, no matching key), so no handshake was tried.',
    action:
      'Read the error: fix the secret, its password or the probe\u2019s access to it; the endpoint itself was not checked.',
  },
  SERVER_CERT_EXPIRED: {
    meaning: 'The server presented an expired certificate; clients that verify it refuse to connect.',
    action: 'The server\u2019s owner must renew and install its certificate now.',
  },
  SERVER_CERT_NOT_YET_VALID: {
    meaning: 'The server\u2019s certificate is not valid yet (or a clock is wrong).',
    action: 'Check the server\u2019s certificate and the clocks on both sides.',
  },
  SERVER_CERT_UNTRUSTED: {
    meaning:
      'The server\u2019s certificate does not chain to a trusted CA (self-signed, unknown CA or missing intermediate).',
    action:
      'Install the full chain on the server, or pass the partner\u2019s CA with --ca if it is a private CA.',
  },
  HOSTNAME_MISMATCH: {
    meaning: 'The server\u2019s certificate does not name the host that was probed.',
    action: 'Probe the name clients use (--servername) or reissue the certificate with that name.',
  },
  MTLS_NOT_ENFORCED: {
    meaning:
      'The handshake and the request succeeded without any client certificate: the server does not require one, so the integration is not protected by mutual TLS as designed.',
    action:
      'Make the server require and verify client certificates (nginx: ssl_verify_client on; Salesforce: Enforce SSL/TLS Mutual Authentication on the integration user).',
  },
  CLIENT_CERT_NOT_CHECKED: {
    meaning:
      'The server accepted a client certificate that is expired or not yet valid: it does not check client certificates.',
    action: 'Fix the server\u2019s client-certificate verification, then renew the client certificate.',
  },
  DNS_FAILURE: {
    meaning: 'The host name did not resolve (no such name, or the resolver failed).',
    action: 'Check the host name and DNS for this network (private zones, split-horizon DNS).',
  },
  CONNECTION_REFUSED: {
    meaning: 'Nothing accepted the TCP connection (refused or unreachable).',
    action: 'Check the host, the port (Salesforce mutual TLS uses 8443), DNS and firewalls.',
  },
  TIMEOUT: {
    meaning: 'The endpoint did not complete a handshake before the timeout.',
    action: 'Check firewalls and allow-lists for this source address, or raise --timeout-ms.',
  },
  NOT_TLS: {
    meaning: 'Something answered, but not with TLS (plain HTTP or another protocol).',
    action: 'Check that the port is the TLS port of the endpoint.',
  },
  PROTOCOL_ERROR: {
    meaning:
      'The TLS handshake failed for a reason other than the certificates (versions, ciphers, a dropped connection).',
    action: 'Read the raw error; compare the TLS versions and ciphers both sides allow.',
  },
};
