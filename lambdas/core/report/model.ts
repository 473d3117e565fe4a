/**
 * The report model: what one evaluated scan says. Every renderer (terminal, JSON, Markdown, HTML,
 * alert bodies, dashboard widget) reads this and nothing else. `docs/report.schema.json`
 * documents its JSON form; keep the two in step.
 */
import type {
  CertificateKind,
  CertificateOwners,
  CertificateUsage,
  ExpiryPrecision,
  Finding,
  NodeKind,
  ProbeResult,
  SourceStatus,
  Tier,
} from '../model';

export interface Dependent {
  id: string;
  kind: NodeKind;
  label: string;
  /** How it depends on the certificate (edge kind of the first hop), e.g. `client-certificate`. */
  via: string;
}

export interface YearCount {
  year: number;
  rotations: number;
  /** Renewals that year that lose clientAuth (a migration to another CA, not a routine rotation). */
  migrations?: number;
}

/** The renewal of a client certificate that falls after its CA's last clientAuth issuance. */
export interface ClientAuthSunset {
  ca: string;
  /** YYYY-MM-DD, the last day the CA issues clientAuth. */
  lastIssuance: string;
  source: string;
  /** When the forecast renews it (the first renewal after lastIssuance). */
  migrationRenewal: string;
  /** True when that is the next renewal. */
  nextRenewal: boolean;
}

export interface ReportCertificate {
  id: string;
  source: string;
  name: string;
  kind: CertificateKind;
  subject: string | null;
  issuer: string | null;
  serialNumber: string | null;
  fingerprintSha256: string | null;
  notBefore: string | null;
  /** notBefore is after the evaluation's "now": handshakes presenting it fail until then. */
  notYetValid: boolean;
  notAfter: string;
  expiryPrecision: ExpiryPrecision;
  /** Whole days left, rounded down; negative once expired. */
  daysRemaining: number;
  /** Lifetime in days (a fraction counts as a day), known or assumed. */
  lifetimeDays: number;
  tier: Tier;
  publiclyTrusted: boolean;
  /** EKU names of the leaf (`clientAuth`, `serverAuth`, ...); null when it has no EKU extension or its bytes were not read. */
  extendedKeyUsage: string[] | null;
  /** `client` when used as a client certificate (declared or from its kind and dependents), else the declared usage. */
  usage: CertificateUsage | null;
  /** Subjects from the leaf up to the root reached, as verified from the certificates held; null without bytes. */
  chain: string[] | null;
  /** Subject of the trusted root the chain reaches; null when none (or not known). */
  trustAnchor: string | null;
  /** Subject of the chain member that expires before the leaf (its notAfter is the effective expiry). */
  expiryLimitedBy: string | null;
  /** Set when a forecast renewal falls after the last day its CA issues clientAuth (docs/trust.md). */
  clientAuthSunset: ClientAuthSunset | null;
  /** True when renewing it takes both companies (mutual-TLS edges). */
  twoParty: boolean;
  /**
   * Id of the org's inbound certificate this record is the partner's copy of. It is the same
   * certificate, so it is counted in the forecast and alerted on once, through the inbound one.
   */
  copyOf: string | null;
  org: string | null;
  externalSystem: string | null;
  integrationUser: string | null;
  owners: CertificateOwners;
  /** Everything that breaks when it expires (blast radius), nearest first. */
  dependents: Dependent[];
  forecast: YearCount[];
  /**
   * Planned rotations through the horizon (ISO instants): the first is this certificate's
   * renew-before point, the rest forecast its successors. The rotation calendar's events.
   */
  renewals: string[];
  attributes: Record<string, string | number | boolean>;
}

export interface ForecastGroup {
  key: string;
  byYear: YearCount[];
  total: number;
}

export interface ForecastSummary {
  from: string;
  horizon: string;
  byYear: Array<YearCount & { twoPartyRotations: number }>;
  byOrg: ForecastGroup[];
  byPartner: ForecastGroup[];
  byOwner: ForecastGroup[];
}

export interface Report {
  generatedAt: string;
  /** The instant the evaluation used as "now". */
  now: string;
  summary: {
    certificates: number;
    byTier: Record<Tier, number>;
    /** Soonest expiry among certificates not yet expired, in whole days; null when none. */
    minDaysRemaining: number | null;
    findings: Record<Finding['severity'], number>;
    sourcesFailed: number;
  };
  certificates: ReportCertificate[];
  findings: Finding[];
  forecast: ForecastSummary;
  sources: SourceStatus[];
  probes: ProbeResult[];
}
