/**
 * The shapes every layer agrees on. Sources (Salesforce, Secrets Manager, files, the demo, the
 * probe) produce an `Inventory`; the engine merges inventories, builds the dependency graph and
 * evaluates it into a `Report`. Everything here is plain data so it can cross process boundaries
 * (Lambda payloads, S3 snapshots, JSON output) unchanged. Instants are ISO 8601 UTC strings.
 */

export const TIERS = ['ok', 'notice', 'warning', 'critical', 'expired'] as const;
export type Tier = (typeof TIERS)[number];

/** What X.509 parsing yields for one certificate. Never carries key material. */
export interface CertificateInfo {
  subject: string;
  issuer: string;
  /** Upper-case hex, no separators, as Node prints it. */
  serialNumber: string;
  subjectAltNames: string[];
  /** ISO 8601 UTC, exact to the second. */
  notBefore: string;
  notAfter: string;
  /** Upper-case hex pairs separated by colons, as Node's X509Certificate prints it. */
  fingerprintSha256: string;
  keyType: string;
  keySize?: number;
  selfSigned: boolean;
  isCa: boolean;
  /** EKU names (`clientAuth`, `serverAuth`, ...); absent when the certificate has no EKU extension. */
  extendedKeyUsage?: string[];
}

/** What a certificate is used for, where a source or sidecar says so (overrides what its kind implies). */
export const CERTIFICATE_USAGES = ['client', 'server', 'signing'] as const;
export type CertificateUsage = (typeof CERTIFICATE_USAGES)[number];

/** Where a certificate lives, which decides its runbook and whether it is a two-party edge. */
export type CertificateKind =
  | 'org-certificate' // Setup > Certificate and Key Management
  | 'mutual-auth' // inbound mTLS certificate (port 8443) uploaded to the org
  | 'connected-app' // JWT bearer certificate uploaded to a Connected App
  | 'saml' // SAML / SSO certificates held by the org or an IdP
  | 'user-auth' // a certificate a user logs in with (UserAuthCertificate)
  | 'jwt-validation' // a partner's certificate the org validates incoming JWTs with (PublicKeyCertificate)
  | 'partner-client' // the partner's client certificate, e.g. in Secrets Manager
  | 'server' // a server certificate seen by the handshake probe
  | 'file'; // a certificate read from a file with no further context

export type ExpiryPrecision = 'second' | 'day';

export interface CertificateOwners {
  /** The owner on the Salesforce (our) side. */
  owner?: string;
  /** The owner on the partner's side of the edge. */
  partnerOwner?: string;
  /** More e-mail addresses that hear this certificate's alerts (config, sidecar or `cert-sentinel:notify` tag). */
  notify?: string[];
}

export interface ThresholdSpec {
  /** Absolute number of days before notAfter. */
  days: number;
  /** Fraction of the certificate's own lifetime; null disables the lifetime-aware part. */
  fractionOfLifetime: number | null;
}

export interface TierThresholds {
  notice: ThresholdSpec;
  warning: ThresholdSpec;
  critical: ThresholdSpec;
}

/** One certificate in an inventory, with everything a source knows about it. */
export interface CertificateRecord {
  /** Stable across scans: `<source>:<name>` unless a source has a better key. */
  id: string;
  /** Name of the source that reported it (e.g. `salesforce:acme-prod`, `secrets:eu-west-1`, `files`). */
  source: string;
  name: string;
  kind: CertificateKind;
  /** The parsed leaf certificate, when the source had its bytes. */
  info?: CertificateInfo;
  /** The rest of the chain (issuers), when known. The effective expiry is the earliest notAfter. */
  chain?: CertificateInfo[];
  /**
   * Base64 DER of every certificate the source held for it (leaf and chain, in the order held),
   * when it read the bytes: the chain's signatures and trust anchor are verified from these.
   */
  der?: string[];
  /** Effective expiry (earliest notAfter of the chain), ISO 8601 UTC. */
  notAfter: string;
  notBefore?: string;
  /** `day` when only a date is known (Salesforce `ExpirationDate`). */
  expiryPrecision: ExpiryPrecision;
  org?: string;
  externalSystem?: string;
  integrationUser?: string;
  owners: CertificateOwners;
  /** Overrides the default decision of whether the SC-081 schedule binds this certificate. */
  publiclyTrusted?: boolean;
  /** Declared use (sidecar or configuration); otherwise its kind and the graph decide. */
  usage?: CertificateUsage;
  /** Per-certificate tier thresholds, merged over the policy's. */
  thresholds?: Partial<TierThresholds>;
  /** Source-specific facts worth showing (key size, unusable flag, Salesforce id, secret ARN, ...). */
  attributes?: Record<string, string | number | boolean>;
}

export type NodeKind =
  | 'certificate'
  | 'org'
  | 'named-credential'
  | 'external-credential'
  | 'connected-app'
  | 'saml-sso'
  | 'identity-provider'
  | 'apex-class'
  | 'integration-user'
  | 'partner-secret'
  | 'probe-target'
  | 'external-system'
  | 'user'
  | 'external-client-app'
  | 'external-data-source'
  | 'public-key-set'
  | 'certificate-pin'
  | 'owner';

export interface GraphNode {
  /** Unique across the merged inventory. Certificates use their CertificateRecord id. */
  id: string;
  kind: NodeKind;
  label: string;
  attributes?: Record<string, string | number | boolean>;
}

/**
 * Edges point from the dependent to what it depends on: `named-credential -> certificate`
 * means "this Named Credential breaks when that certificate expires".
 */
export type EdgeKind =
  | 'client-certificate' // presents the certificate as an mTLS client certificate
  | 'mutual-auth' // an integration user must present a certificate matching this inbound one
  | 'jwt-signing' // signs JWT bearer assertions with it
  | 'saml' // SAML signing, encryption or validation
  | 'jwt-validation' // validates the signature of incoming JWTs with it
  | 'server-certificate' // the endpoint presents it as its server certificate
  | 'references' // code or configuration names it
  | 'copy-of' // the partner's copy of the same certificate (matched by serial+issuer or fingerprint)
  | 'connects-to' // the dependent talks to this external system
  | 'authenticates' // the integration user is used by this external system / credential
  | 'belongs-to' // in this org
  | 'owned-by'; // this person or team owns it

export interface GraphEdge {
  from: string;
  to: string;
  kind: EdgeKind;
  attributes?: Record<string, string | number | boolean>;
}

export type FindingSeverity = 'info' | 'warning' | 'critical';

export interface Finding {
  /** Stable, machine-readable, SCREAMING_SNAKE_CASE (documented in docs/findings.md). */
  code: string;
  severity: FindingSeverity;
  /** What the finding is about: a certificate id, a secret name, an org, an input file. */
  subject: string;
  /** What is wrong and what to do about it. Never contains secret material. */
  message: string;
  source?: string;
  certificateId?: string;
}

export type SourceState = 'ok' | 'partial' | 'failed';

export interface SourceStatus {
  name: string;
  /** e.g. `demo`, `files`, `salesforce`, `secrets-manager`, `probe`. */
  kind: string;
  status: SourceState;
  /** Why it failed or is partial: a message for humans, never a credential. */
  error?: string;
  certificates: number;
  /** HTTP requests made, where the adapter counts them (API economy). */
  requests?: number;
}

export const PROBE_OUTCOMES = [
  'OK',
  'CLIENT_CERT_EXPIRED',
  'CLIENT_CERT_REJECTED',
  'CLIENT_CERT_REQUIRED',
  'CLIENT_CERT_UNAVAILABLE',
  'SERVER_CERT_EXPIRED',
  'SERVER_CERT_NOT_YET_VALID',
  'SERVER_CERT_UNTRUSTED',
  'HOSTNAME_MISMATCH',
  'MTLS_NOT_ENFORCED',
  'CLIENT_CERT_NOT_CHECKED',
  'DNS_FAILURE',
  'CONNECTION_REFUSED',
  'TIMEOUT',
  'NOT_TLS',
  'PROTOCOL_ERROR',
] as const;
export type ProbeOutcome = (typeof PROBE_OUTCOMES)[number];

export interface ProbeResult {
  /** The target's configured name, or `host:port`. */
  target: string;
  host: string;
  port: number;
  servername?: string;
  outcome: ProbeOutcome;
  clientCertificate?: CertificateInfo;
  serverCertificate?: CertificateInfo;
  protocol?: string;
  cipher?: string;
  latencyMs: number;
  /** The raw error, kept for diagnosis. */
  error?: { code?: string; message: string };
  checkedAt: string;
  /** Metadata carried from the target's configuration. */
  externalSystem?: string;
  org?: string;
  owners?: CertificateOwners;
}

/** What one source (or several, merged) knows. */
export interface Inventory {
  certificates: CertificateRecord[];
  nodes: GraphNode[];
  edges: GraphEdge[];
  findings: Finding[];
  sources: SourceStatus[];
  probes: ProbeResult[];
}

/**
 * The port every source adapter implements. `collect` must not throw for problems with the data
 * it reads: those become findings and a `partial`/`failed` SourceStatus. It may throw only for
 * programming errors; the engine then marks the source failed and goes on.
 */
export interface CertificateSource {
  readonly name: string;
  readonly kind: string;
  collect(now: Date): Promise<Inventory>;
}

export function emptyInventory(): Inventory {
  return { certificates: [], nodes: [], edges: [], findings: [], sources: [], probes: [] };
}
