/**
 * Salesforce rows and metadata files -> Inventory facts (records, nodes, edges, findings). Pure:
 * no I/O, no clock. A read that failed arrives as `undefined` and simply contributes nothing;
 * source.ts has already said why in a finding.
 */
import { parseCertificateInput } from '../../core/certificates/parse';
import { type RecordContext, recordFromChain, recordFromExpiryDate } from '../../core/certificates/record';
import type { OrgConfig } from '../../core/config';
import type { CertificateRecord, EdgeKind, Finding, GraphEdge, Inventory, NodeKind } from '../../core/model';
import { salesforceSourceName } from '../../core/source-names';
import type { InboundCertificateMetadata, RetrievedMetadata } from './metadata';
import type { IntegrationUser, PermissionHolder } from './permissions';
import {
  type ApexClassRow,
  type CertificateRow,
  certificateNamesInApex,
  latestPerDeveloperName,
  type NamedCredentialRow,
  type SamlSsoConfigRow,
  type UserRow,
} from './queries';
import { asArray, child, parseXml, text, type XmlValue } from './xml';

export interface OrgReads {
  org: OrgConfig;
  certificateLimit: number;
  apiVersion: string;
  instanceUrl?: string;
  certificates?: CertificateRow[];
  /** Undefined when the retrieve failed: certificates then fall back to ExpirationDate. */
  retrieved?: RetrievedMetadata;
  namedCredentials?: NamedCredentialRow[];
  /** 'disabled' when the org has no InboundCertificate type (feature not enabled). */
  inbound?: InboundCertificateMetadata[] | 'disabled';
  samlSsoConfigs?: SamlSsoConfigRow[];
  apexClasses?: ApexClassRow[];
  integrationUsers?: IntegrationUser[];
  /** Users that user-auth certificates name (by id). */
  users?: UserRow[];
  /** Holders of "Receive Certificate Expiration Notification"; the org may not have the permission. */
  expiryRecipients?: PermissionHolder[] | 'permission-not-found';
}

export type OrgFacts = Pick<Inventory, 'certificates' | 'nodes' | 'edges' | 'findings'>;

type Attributes = Record<string, string | number | boolean>;

/** Drops undefined/null so attributes stay `string | number | boolean`. */
function attrs(values: Record<string, string | number | boolean | null | undefined>): Attributes {
  const out: Attributes = {};
  for (const [key, value] of Object.entries(values))
    if (value !== undefined && value !== null) out[key] = value;
  return out;
}

/** Salesforce ids come in 15- and 18-character forms; the first 15 identify the record. */
const id15 = (id: string) => id.slice(0, 15);

class FactBuilder {
  readonly facts: OrgFacts = { certificates: [], nodes: [], edges: [], findings: [] };
  private readonly nodeIds = new Set<string>();
  private readonly edgeKeys = new Set<string>();
  readonly source: string;
  readonly orgNode: string;

  constructor(readonly org: OrgConfig) {
    this.source = salesforceSourceName(org.name);
    this.orgNode = `org:${org.name}`;
  }

  certificateId(name: string): string {
    return `${this.source}:${name}`;
  }

  hasCertificate(id: string): boolean {
    return this.facts.certificates.some((c) => c.id === id);
  }

  node(id: string, kind: NodeKind, label: string, attributes?: Attributes): void {
    if (this.nodeIds.has(id)) return;
    this.nodeIds.add(id);
    this.facts.nodes.push({
      id,
      kind,
      label,
      ...(attributes && Object.keys(attributes).length > 0 ? { attributes } : {}),
    });
  }

  edge(from: string, to: string, kind: EdgeKind, attributes?: Attributes): void {
    const key = `${from}|${to}|${kind}`;
    if (this.edgeKeys.has(key)) return;
    this.edgeKeys.add(key);
    this.facts.edges.push({ from, to, kind, ...(attributes ? { attributes } : {}) } as GraphEdge);
  }

  finding(finding: Omit<Finding, 'source'>): void {
    this.facts.findings.push({ ...finding, source: this.source });
  }

  context(
    name: string,
    kind: CertificateRecord['kind'],
    id?: string,
    attributes?: Attributes,
  ): RecordContext {
    return {
      id,
      source: this.source,
      name,
      kind,
      org: this.org.name,
      owners: this.org.owner ? { owner: this.org.owner } : {},
      attributes,
    };
  }

  /** Links a dependent to an org certificate by name, or says that the name leads nowhere. */
  linkToOrgCertificate(from: string, certificateName: string, kind: EdgeKind, what: string): void {
    const target = this.certificateId(certificateName);
    if (this.hasCertificate(target)) {
      this.edge(from, target, kind);
      return;
    }
    this.finding({
      code: 'SALESFORCE_REFERENCE_UNRESOLVED',
      severity: 'warning',
      subject: from,
      message: `${what} names certificate "${certificateName}", which is not in Certificate and Key Management: it was deleted or renamed, and whatever uses it will fail.`,
    });
  }

  /**
   * A record from a content-type component (file + `-meta.xml`): exact from the retrieved
   * certificate when it parses, else from the metadata's expiration date (a date or a dateTime).
   */
  contentRecord(
    content: Buffer | undefined,
    context: RecordContext,
    expirationDate: string | undefined,
    what: string,
  ): CertificateRecord | undefined {
    const parsed =
      content && content.length > 0
        ? parseCertificateInput({ name: context.name, data: content })
        : undefined;
    if (parsed && parsed.certificates.length > 0) {
      const record = recordFromChain(parsed.certificates, {
        ...context,
        attributes: { ...context.attributes, expiryFrom: 'certificate' },
      });
      this.facts.certificates.push(record);
      return record;
    }
    if (!expirationDate) {
      this.finding({
        code: 'SALESFORCE_EXPIRY_DATE_ONLY',
        severity: 'warning',
        subject: context.id ?? context.name,
        message: `${what}: neither its certificate nor an expiration date could be read; it is left out of the report.`,
      });
      return undefined;
    }
    const dateTime = /T\d{2}:\d{2}/.test(expirationDate);
    const record = recordFromExpiryDate(expirationDate, {
      ...context,
      attributes: { ...context.attributes, expiryFrom: 'expirationDate' },
    });
    if (dateTime) record.expiryPrecision = 'second';
    this.facts.certificates.push(record);
    return record;
  }

  /** A record from PEM text held by a configuration (Connected App, SAML). */
  pemRecord(pem: string, context: RecordContext, what: string): CertificateRecord | undefined {
    const normalized = pem.includes('-----BEGIN') ? pem : toPem(pem);
    const parsed = parseCertificateInput({ name: context.name, data: normalized });
    if (parsed.certificates.length === 0) {
      this.finding({
        code: 'SALESFORCE_CERTIFICATE_UNREADABLE',
        severity: 'warning',
        subject: context.id ?? context.name,
        message: `${what}: the certificate text could not be parsed${parsed.error ? ` (${parsed.error})` : ''}; its expiry is unknown.`,
      });
      return undefined;
    }
    const record = recordFromChain(parsed.certificates, context);
    this.facts.certificates.push(record);
    return record;
  }
}

/** Base64 DER without armour (SamlSsoConfig.ValidationCert is stored either way) -> PEM. */
function toPem(base64: string): string {
  const body = base64.replace(/\s+/g, '');
  return `-----BEGIN CERTIFICATE-----\n${body.replace(/(.{64})/g, '$1\n')}\n-----END CERTIFICATE-----\n`;
}

function metadataFiles(retrieved: RetrievedMetadata | undefined, folder: string, suffix: string) {
  const out: Array<{ name: string; root: XmlValue | undefined }> = [];
  if (!retrieved) return out;
  for (const [path, content] of retrieved.files) {
    if (!path.startsWith(`${folder}/`) || !path.endsWith(suffix)) continue;
    const name = decodeURIComponent(path.slice(folder.length + 1, -suffix.length));
    const doc = parseXml(content.toString('utf8'));
    out.push({ name, root: Object.values(doc)[0] });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

function hostOf(url: string | undefined): { host: string; port: string } | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.hostname ? { host: parsed.hostname.toLowerCase(), port: parsed.port } : undefined;
  } catch {
    return undefined;
  }
}

function orgCertificates(b: FactBuilder, reads: OrgReads): Map<string, string> {
  const nameById = new Map<string, string>();
  const rows = reads.certificates ?? [];
  for (const row of rows) nameById.set(id15(row.Id), row.DeveloperName);
  const retrieveFailed = reads.retrieved === undefined;
  let dateOnly = 0;
  for (const row of latestPerDeveloperName(rows)) {
    const base = {
      salesforceId: row.Id,
      label: row.MasterLabel,
      keySize: row.KeySize,
      caSigned: row.OptionsIsCaSigned,
      unusable: row.OptionsIsUnusable,
      privateKeyExportable: row.OptionsIsPrivateKeyExportable,
    };
    const crt = reads.retrieved?.files.get(`certs/${row.DeveloperName}.crt`);
    const parsed = crt ? parseCertificateInput({ name: `${row.DeveloperName}.crt`, data: crt }) : undefined;
    if (parsed && parsed.certificates.length > 0) {
      const ctx = b.context(
        row.DeveloperName,
        'org-certificate',
        undefined,
        attrs({ ...base, expiryFrom: 'certificate' }),
      );
      b.facts.certificates.push(recordFromChain(parsed.certificates, ctx));
      continue;
    }
    const ctx = b.context(
      row.DeveloperName,
      'org-certificate',
      undefined,
      attrs({ ...base, expiryFrom: 'ExpirationDate' }),
    );
    if (!row.ExpirationDate) {
      b.finding({
        code: 'SALESFORCE_EXPIRY_DATE_ONLY',
        severity: 'warning',
        subject: ctx.id ?? b.certificateId(row.DeveloperName),
        message: `Certificate ${row.DeveloperName}: neither its .crt content nor an ExpirationDate could be read; it is left out of the report.`,
      });
      continue;
    }
    b.facts.certificates.push(recordFromExpiryDate(row.ExpirationDate, ctx));
    dateOnly += 1;
    if (!retrieveFailed) {
      // The retrieve worked but this file was missing or not a certificate (a CA-signed one still waiting for its chain holds a CSR).
      b.finding({
        code: 'SALESFORCE_EXPIRY_DATE_ONLY',
        severity: 'info',
        subject: b.certificateId(row.DeveloperName),
        certificateId: b.certificateId(row.DeveloperName),
        message: `Certificate ${row.DeveloperName}: the retrieved .crt ${crt ? 'holds no certificate (a CSR awaiting its signed chain?)' : 'was missing'}; expiry comes from ExpirationDate (day precision, no issuer or serial).`,
      });
    }
  }
  if (retrieveFailed && dateOnly > 0) {
    b.finding({
      code: 'SALESFORCE_EXPIRY_DATE_ONLY',
      severity: 'warning',
      subject: b.orgNode,
      message: `The metadata retrieve of certificate contents failed, so ${dateOnly} certificate(s) carry only Salesforce's ExpirationDate (day precision; no issuer, serial or chain, so partner copies cannot be matched).`,
    });
  }
  return nameById;
}

/** The retrieved content of a mutual-auth certificate (the suffix of the content file is unconfirmed). */
function inboundContent(retrieved: RetrievedMetadata | undefined, name: string): Buffer | undefined {
  const encoded = encodeURIComponent(name);
  for (const suffix of ['.inboundCertificate', '.crt']) {
    const content =
      retrieved?.files.get(`inboundCertificates/${name}${suffix}`) ??
      retrieved?.files.get(`inboundCertificates/${encoded}${suffix}`);
    if (content && content.length > 0) return content;
  }
  return undefined;
}

function inboundCertificates(b: FactBuilder, reads: OrgReads): string[] {
  if (reads.inbound === 'disabled') {
    b.finding({
      code: 'SALESFORCE_MUTUAL_AUTH_DISABLED',
      severity: 'info',
      subject: b.orgNode,
      message:
        'The org has no InboundCertificate metadata type: mutual TLS on port 8443 is not enabled (Salesforce Support enables it), so there are no mutual-auth certificates to watch.',
    });
    return [];
  }
  const ids: string[] = [];
  for (const cert of reads.inbound ?? []) {
    const id = `${b.source}:inbound:${cert.fullName}`;
    const base = { label: cert.masterLabel, issuer: cert.issuer, serialId: cert.serialId };
    // Where the retrieve brought the uploaded certificate itself, it is read exactly (notAfter to
    // the second, fingerprint, EKU and chain); readMetadata's date is the fallback.
    const content = inboundContent(reads.retrieved, cert.fullName);
    const parsed = content ? parseCertificateInput({ name: cert.fullName, data: content }) : undefined;
    if (parsed && parsed.certificates.length > 0) {
      const ctx = b.context(cert.fullName, 'mutual-auth', id, attrs({ ...base, expiryFrom: 'certificate' }));
      b.facts.certificates.push(recordFromChain(parsed.certificates, ctx));
      ids.push(id);
      continue;
    }
    const ctx = b.context(cert.fullName, 'mutual-auth', id, attrs({ ...base, expiryFrom: 'ExpirationDate' }));
    if (!cert.expirationDate) {
      b.finding({
        code: 'SALESFORCE_EXPIRY_DATE_ONLY',
        severity: 'warning',
        subject: id,
        message: `Mutual-auth certificate ${cert.fullName} has no expirationDate in its metadata; it is left out of the report.`,
      });
      continue;
    }
    b.facts.certificates.push(recordFromExpiryDate(cert.expirationDate, ctx));
    ids.push(id);
  }
  return ids;
}

interface NamedCredentialFacts {
  label: string;
  url?: string;
  type?: string;
  principalType?: string;
  clientCertificate?: string;
  jwtSigningCertificate?: string;
  externalCredentials: string[];
}

function namedCredentials(b: FactBuilder, reads: OrgReads, certNameById: Map<string, string>): void {
  const all = new Map<string, NamedCredentialFacts>();
  for (const row of reads.namedCredentials ?? []) {
    all.set(row.DeveloperName, {
      label: row.MasterLabel,
      url: row.Endpoint ?? undefined,
      type: row.NamedCredentialType ?? undefined,
      principalType: row.PrincipalType ?? undefined,
      clientCertificate: row.CertificateId
        ? (certNameById.get(id15(row.CertificateId)) ?? row.CertificateId)
        : undefined,
      jwtSigningCertificate: row.JwtSigningCertificateId
        ? (certNameById.get(id15(row.JwtSigningCertificateId)) ?? row.JwtSigningCertificateId)
        : undefined,
      externalCredentials: [],
    });
  }
  for (const { name, root } of metadataFiles(reads.retrieved, 'namedCredentials', '.namedCredential')) {
    const known = all.get(name) ?? { label: text(child(root, 'label')) ?? name, externalCredentials: [] };
    known.url ??= text(child(root, 'endpoint'));
    known.clientCertificate = text(child(root, 'certificate')) ?? known.clientCertificate;
    known.jwtSigningCertificate = text(child(root, 'jwtSigningCertificate')) ?? known.jwtSigningCertificate;
    known.principalType ??= text(child(root, 'principalType'));
    known.type ??= text(child(root, 'namedCredentialType'));
    for (const param of asArray(child(root, 'namedCredentialParameters'))) {
      const type = text(child(param, 'parameterType'));
      if (type === 'Url') known.url = text(child(param, 'parameterValue')) ?? known.url;
      if (type === 'ClientCertificate')
        known.clientCertificate = text(child(param, 'certificate')) ?? known.clientCertificate;
      if (type === 'Authentication') {
        const external = text(child(param, 'externalCredential'));
        if (external) known.externalCredentials.push(external);
      }
    }
    all.set(name, known);
  }
  for (const [name, nc] of [...all.entries()].sort(([a], [c]) => a.localeCompare(c))) {
    const id = `named-credential:${b.org.name}:${name}`;
    const endpoint = hostOf(nc.url);
    b.node(
      id,
      'named-credential',
      nc.label,
      attrs({
        url: nc.url,
        type: nc.type ?? 'Legacy',
        principalType: nc.principalType,
        developerName: name,
        port: endpoint?.port || undefined,
      }),
    );
    b.edge(id, b.orgNode, 'belongs-to');
    if (nc.clientCertificate)
      b.linkToOrgCertificate(id, nc.clientCertificate, 'client-certificate', `Named Credential ${name}`);
    if (nc.jwtSigningCertificate)
      b.linkToOrgCertificate(id, nc.jwtSigningCertificate, 'jwt-signing', `Named Credential ${name}`);
    for (const external of nc.externalCredentials)
      b.edge(id, `external-credential:${b.org.name}:${external}`, 'references');
    if (endpoint) {
      const system = `external-system:${endpoint.host}`;
      b.node(system, 'external-system', endpoint.host);
      b.edge(id, system, 'connects-to');
    }
  }
}

function externalCredentials(b: FactBuilder, reads: OrgReads): void {
  for (const { name, root } of metadataFiles(reads.retrieved, 'externalCredentials', '.externalCredential')) {
    const id = `external-credential:${b.org.name}:${name}`;
    b.node(
      id,
      'external-credential',
      text(child(root, 'label')) ?? name,
      attrs({ authenticationProtocol: text(child(root, 'authenticationProtocol')) }),
    );
    b.edge(id, b.orgNode, 'belongs-to');
    for (const param of asArray(child(root, 'externalCredentialParameters'))) {
      const certificate = text(child(param, 'certificate'));
      if (text(child(param, 'parameterType')) === 'SigningCertificate' && certificate) {
        b.linkToOrgCertificate(id, certificate, 'jwt-signing', `External Credential ${name}`);
      }
    }
  }
  // A Named Credential can name an External Credential the retrieve did not return (managed package): keep the node.
  for (const edge of b.facts.edges.filter((e) => e.to.startsWith('external-credential:'))) {
    b.node(edge.to, 'external-credential', edge.to.split(':').slice(2).join(':'));
  }
}

function connectedApps(b: FactBuilder, reads: OrgReads): void {
  for (const { name, root } of metadataFiles(reads.retrieved, 'connectedApps', '.connectedApp')) {
    const id = `connected-app:${b.org.name}:${name}`;
    b.node(id, 'connected-app', text(child(root, 'label')) ?? name);
    b.edge(id, b.orgNode, 'belongs-to');
    const oauth = child(root, 'oauthConfig');
    const oauthPem = text(child(oauth, 'certificate'));
    if (oauthPem) {
      const certId = `${b.source}:connected-app:${name}`;
      const record = b.pemRecord(
        oauthPem,
        b.context(name, 'connected-app', certId, { expiryFrom: 'certificate' }),
        `Connected App ${name} (OAuth JWT certificate)`,
      );
      if (record) b.edge(id, record.id, 'jwt-signing');
    }
    const saml = child(root, 'samlConfig');
    const samlPem = text(child(saml, 'certificate'));
    if (samlPem) {
      const certId = `${b.source}:connected-app:${name}:saml`;
      const record = b.pemRecord(
        samlPem,
        b.context(`${name} (SAML)`, 'saml', certId, { expiryFrom: 'certificate' }),
        `Connected App ${name} (SAML certificate)`,
      );
      if (record) b.edge(id, record.id, 'saml');
    }
    const encryption = text(child(saml, 'encryptionCertificate'));
    if (encryption) b.linkToOrgCertificate(id, encryption, 'saml', `Connected App ${name} (SAML encryption)`);
  }
}

function samlSso(b: FactBuilder, reads: OrgReads, certNameById: Map<string, string>): void {
  const configs = new Map<
    string,
    {
      label: string;
      issuer?: string;
      validationCert?: string;
      requestSigningCertId?: string;
      decryptionCertificate?: string;
    }
  >();
  for (const row of reads.samlSsoConfigs ?? []) {
    configs.set(row.DeveloperName, {
      label: row.MasterLabel,
      issuer: row.Issuer ?? undefined,
      validationCert: row.ValidationCert ?? undefined,
    });
  }
  for (const { name, root } of metadataFiles(reads.retrieved, 'samlssoconfigs', '.samlssoconfig')) {
    const known = configs.get(name) ?? { label: text(child(root, 'name')) ?? name };
    known.issuer ??= text(child(root, 'issuer'));
    known.validationCert ??= text(child(root, 'validationCert'));
    known.requestSigningCertId = text(child(root, 'requestSigningCertId'));
    known.decryptionCertificate = text(child(root, 'decryptionCertificate'));
    configs.set(name, known);
  }
  for (const [name, config] of [...configs.entries()].sort(([a], [c]) => a.localeCompare(c))) {
    const id = `saml-sso:${b.org.name}:${name}`;
    b.node(id, 'saml-sso', config.label, attrs({ issuer: config.issuer }));
    b.edge(id, b.orgNode, 'belongs-to');
    if (config.validationCert) {
      const certId = `${b.source}:saml-sso:${name}`;
      const record = b.pemRecord(
        config.validationCert,
        b.context(
          `${name} (IdP validation)`,
          'saml',
          certId,
          attrs({ expiryFrom: 'certificate', issuerEntity: config.issuer }),
        ),
        `SAML single sign-on setting ${name} (identity provider certificate)`,
      );
      if (record) b.edge(id, record.id, 'saml');
    }
    if (config.requestSigningCertId) {
      const certName = certNameById.get(id15(config.requestSigningCertId)) ?? config.requestSigningCertId;
      b.linkToOrgCertificate(id, certName, 'saml', `SAML single sign-on setting ${name} (request signing)`);
    }
    if (config.decryptionCertificate)
      b.linkToOrgCertificate(
        id,
        config.decryptionCertificate,
        'saml',
        `SAML single sign-on setting ${name} (assertion decryption)`,
      );
  }
}

function identityProvider(b: FactBuilder, reads: OrgReads): void {
  const settings = metadataFiles(reads.retrieved, 'settings', '.settings').find(
    (f) => f.name === 'IdentityProvider',
  );
  const certificateName = text(child(settings?.root, 'certificateName'));
  if (!settings || !certificateName) return;
  const id = `identity-provider:${b.org.name}`;
  b.node(
    id,
    'identity-provider',
    `${b.org.name} identity provider`,
    attrs({ enabled: text(child(settings.root, 'enableIdentityProvider')) === 'true' }),
  );
  b.edge(id, b.orgNode, 'belongs-to');
  b.linkToOrgCertificate(id, certificateName, 'saml', 'The identity provider');
}

function apexReferences(b: FactBuilder, reads: OrgReads): void {
  for (const row of reads.apexClasses ?? []) {
    const names = row.Body ? certificateNamesInApex(row.Body) : [];
    if (names.length === 0) continue;
    const id = `apex-class:${b.org.name}:${row.Name}`;
    b.node(id, 'apex-class', row.Name, attrs({ salesforceId: row.Id }));
    b.edge(id, b.orgNode, 'belongs-to');
    for (const name of names) b.linkToOrgCertificate(id, name, 'references', `Apex class ${row.Name}`);
  }
}

function users(b: FactBuilder, reads: OrgReads, inboundIds: string[]): void {
  for (const user of reads.integrationUsers ?? []) {
    const id = `integration-user:${b.org.name}:${user.username}`;
    b.node(
      id,
      'integration-user',
      user.username,
      attrs({
        username: user.username,
        mutualAuthRequired: true,
        apiOnly: user.apiOnly,
        active: user.active,
        grantedBy: user.grantedBy.join(', '),
      }),
    );
    b.edge(id, b.orgNode, 'belongs-to');
    // Salesforce accepts a client certificate matching any uploaded mutual-auth certificate, so
    // the user -> certificate edge is only certain when there is exactly one.
    if (inboundIds.length === 1) b.edge(id, inboundIds[0], 'mutual-auth');
  }
}

/** Content-type metadata (`X.suffix` + `X.suffix-meta.xml`): the meta file and the content beside it. */
function contentFiles(retrieved: RetrievedMetadata | undefined, folder: string, suffix: string) {
  return metadataFiles(retrieved, folder, `${suffix}-meta.xml`).map((f) => ({
    ...f,
    content:
      retrieved?.files.get(`${folder}/${encodeURIComponent(f.name)}${suffix}`) ??
      retrieved?.files.get(`${folder}/${f.name}${suffix}`),
  }));
}

function userAuthCertificates(b: FactBuilder, reads: OrgReads): void {
  const usersById = new Map((reads.users ?? []).map((u) => [id15(u.Id), u]));
  for (const { name, root, content } of contentFiles(
    reads.retrieved,
    'userAuthCertificates',
    '.userAuthCertificate',
  )) {
    const userId = text(child(root, 'user'));
    const found = userId ? usersById.get(id15(userId)) : undefined;
    const username = found?.Username ?? userId ?? 'unknown user';
    const active = found?.IsActive;
    const id = `${b.source}:user-auth:${name}`;
    const attributes = attrs({
      label: text(child(root, 'masterLabel')),
      serialNumber: text(child(root, 'serialNumber')),
      userId,
      userActive: active,
      reportOnly: active === false ? `its user ${username} is inactive` : undefined,
    });
    const record = b.contentRecord(
      content,
      b.context(name, 'user-auth', id, attributes),
      text(child(root, 'expirationDate')),
      `User authentication certificate ${name}`,
    );
    if (!record) continue;
    const user = `user:${b.org.name}:${username}`;
    b.node(user, 'user', username, attrs({ username, salesforceId: userId, active }));
    b.edge(user, b.orgNode, 'belongs-to');
    b.edge(user, record.id, 'client-certificate');
    if (active === false) {
      b.finding({
        code: 'USER_AUTH_CERTIFICATE_INACTIVE_USER',
        severity: 'info',
        subject: record.id,
        certificateId: record.id,
        message: `User authentication certificate ${name} belongs to ${username}, who is inactive: it is reported but never alerted. Delete it if the user will not come back.`,
      });
    }
  }
}

function externalClientApps(b: FactBuilder, reads: OrgReads): void {
  // Only the certificate and the app's name are read: the same file holds the consumer secret.
  for (const { name, root } of metadataFiles(
    reads.retrieved,
    'extlClntAppGlobalOauthSets',
    '.ecaGlblOauth',
  )) {
    const app = text(child(root, 'externalClientApplication')) ?? name;
    const id = `external-client-app:${b.org.name}:${app}`;
    b.node(id, 'external-client-app', text(child(root, 'label')) ?? app, attrs({ settings: name }));
    b.edge(id, b.orgNode, 'belongs-to');
    const pem = text(child(root, 'certificate'));
    if (!pem) continue;
    const record = b.pemRecord(
      pem,
      b.context(app, 'connected-app', `${b.source}:external-client-app:${app}`, {
        expiryFrom: 'certificate',
        app: 'External Client App',
      }),
      `External Client App ${app} (OAuth JWT certificate)`,
    );
    if (record) b.edge(id, record.id, 'jwt-signing');
  }
}

function externalDataSources(b: FactBuilder, reads: OrgReads): void {
  for (const { name, root } of metadataFiles(reads.retrieved, 'dataSources', '.dataSource')) {
    const id = `external-data-source:${b.org.name}:${name}`;
    const endpoint = text(child(root, 'endpoint'));
    // `callout:Name/path` goes through a Named Credential, which carries the URL (and the 8443 lint).
    const namedCredential = endpoint?.startsWith('callout:') ? endpoint.slice(8).split(/[/?]/)[0] : undefined;
    const url = namedCredential ? undefined : endpoint;
    const target = hostOf(url);
    b.node(
      id,
      'external-data-source',
      text(child(root, 'label')) ?? name,
      attrs({
        url,
        type: text(child(root, 'type')),
        developerName: name,
        namedCredential,
        port: target?.port || undefined,
      }),
    );
    b.edge(id, b.orgNode, 'belongs-to');
    const certificate = text(child(root, 'certificate'));
    if (certificate)
      b.linkToOrgCertificate(id, certificate, 'client-certificate', `External data source ${name}`);
    if (namedCredential) b.edge(id, `named-credential:${b.org.name}:${namedCredential}`, 'references');
    if (target) {
      const system = `external-system:${target.host}`;
      b.node(system, 'external-system', target.host);
      b.edge(id, system, 'connects-to');
    }
  }
}

/** The first certificate of a JSON Web Key's `x5c` (base64 DER), or undefined. */
function x5cOf(jsonWebKey: string | undefined): string[] {
  if (!jsonWebKey) return [];
  try {
    const jwk = JSON.parse(jsonWebKey) as { x5c?: unknown };
    return Array.isArray(jwk.x5c) ? jwk.x5c.filter((c): c is string => typeof c === 'string') : [];
  } catch {
    return [];
  }
}

function publicKeyCertificates(b: FactBuilder, reads: OrgReads): void {
  const issuerOf = new Map<string, string>();
  const sets = metadataFiles(reads.retrieved, 'PublicKeyCertificateSet', '.PublicKeyCertificateSet');
  for (const { root } of sets) {
    const issuer = text(child(root, 'jwtIssuer'));
    for (const key of asArray(child(root, 'publicKeyCertificateSetKeys'))) {
      const member = text(child(key, 'publicKeyCertificate'));
      if (member && issuer) issuerOf.set(member, issuer);
    }
  }
  for (const { name, root } of metadataFiles(
    reads.retrieved,
    'PublicKeyCertificate',
    '.PublicKeyCertificate',
  )) {
    const chain = x5cOf(text(child(root, 'jsonWebKey')));
    const id = `${b.source}:public-key:${name}`;
    const active = text(child(root, 'isActive')) !== 'false';
    if (chain.length === 0) {
      b.finding({
        code: 'SALESFORCE_CERTIFICATE_UNREADABLE',
        severity: 'info',
        subject: id,
        message: `Public key certificate ${name} holds a JSON Web Key without an x5c certificate: it has no expiry to watch (a bare key does not expire).`,
      });
      continue;
    }
    const issuer = issuerOf.get(name);
    const context = b.context(
      name,
      'jwt-validation',
      id,
      attrs({
        label: text(child(root, 'masterLabel')),
        expiryFrom: 'certificate',
        jwtIssuer: issuer,
        active,
        reportOnly: active ? undefined : 'it is inactive',
      }),
    );
    context.owners = { ...context.owners, ...(issuer ? { partnerOwner: issuer } : {}) };
    context.externalSystem = issuer;
    b.pemRecord(chain.map(toPem).join(''), context, `Public key certificate ${name}`);
  }
  for (const { name, root } of sets) {
    const id = `public-key-set:${b.org.name}:${name}`;
    const jwks = text(child(root, 'jwksEndPoint'));
    b.node(
      id,
      'public-key-set',
      text(child(root, 'masterLabel')) ?? name,
      attrs({
        jwtIssuer: text(child(root, 'jwtIssuer')),
        jwksEndPoint: jwks,
        type: text(child(root, 'type')),
      }),
    );
    b.edge(id, b.orgNode, 'belongs-to');
    for (const key of asArray(child(root, 'publicKeyCertificateSetKeys'))) {
      const member = text(child(key, 'publicKeyCertificate'));
      if (!member) continue;
      const target = `${b.source}:public-key:${member}`;
      if (b.hasCertificate(target)) b.edge(id, target, 'jwt-validation');
    }
  }
}

function certificatePins(b: FactBuilder, reads: OrgReads): void {
  for (const { name, root } of metadataFiles(
    reads.retrieved,
    'mobSecurityCertPinConfigs',
    '.mobSecurityCertPinConfig',
  )) {
    const domain = text(child(root, 'domainName'));
    const id = `certificate-pin:${b.org.name}:${name}`;
    const host = hostOf(domain?.includes('://') ? domain : domain ? `https://${domain}` : undefined);
    b.node(
      id,
      'certificate-pin',
      name,
      attrs({
        domainName: domain,
        host: host?.host,
        certificateHash: text(child(root, 'certificateHash')),
        enabled: text(child(root, 'isEnabled')) === 'true',
      }),
    );
    b.edge(id, b.orgNode, 'belongs-to');
    if (host) {
      const system = `external-system:${host.host}`;
      b.node(system, 'external-system', host.host);
      b.edge(id, system, 'connects-to');
    }
  }
}

/** User ids named by retrieved UserAuthCertificate metadata (to ask who is still active). */
export function userAuthUserIds(retrieved: RetrievedMetadata | undefined): string[] {
  return contentFiles(retrieved, 'userAuthCertificates', '.userAuthCertificate')
    .map((f) => text(child(f.root, 'user')))
    .filter((id): id is string => id !== undefined);
}

/** Salesforce's own expiry e-mails reach holders of one permission: nobody able to read them is a gap. */
function expiryRecipients(b: FactBuilder, reads: OrgReads): void {
  const recipients = reads.expiryRecipients;
  if (recipients === undefined) return;
  if (recipients === 'permission-not-found') {
    b.node(b.orgNode, 'org', b.org.name);
    return;
  }
  const reachable = recipients.filter((r) => r.active && !r.frozen);
  if (reachable.length > 0) return;
  const unreachable = recipients.map((r) => `${r.username} (${r.active ? 'frozen' : 'inactive'})`);
  b.finding({
    code: 'NO_EXPIRY_NOTIFICATION_RECIPIENT',
    severity: 'warning',
    subject: b.orgNode,
    message: `No active user holds "Receive Certificate Expiration Notification"${unreachable.length > 0 ? ` (only ${unreachable.join(', ')})` : ''}: Salesforce's own certificate expiry e-mails reach nobody in org ${b.org.name}. Salesforce's Proactive Expired Certificate Notification control rates this High; grant the permission to an active admin or a monitored mailbox user.`,
  });
}

/** Everything one org's reads say, as inventory facts. */
export function translateOrg(reads: OrgReads): OrgFacts {
  const b = new FactBuilder(reads.org);
  const orgCertificateCount = latestPerDeveloperName(reads.certificates ?? []).length;
  b.node(
    b.orgNode,
    'org',
    reads.org.name,
    attrs({
      certificateLimit: reads.certificateLimit,
      certificates: reads.certificates ? orgCertificateCount : undefined,
      apiVersion: reads.apiVersion,
      instanceUrl: reads.instanceUrl,
    }),
  );
  if (reads.org.owner) {
    const owner = `owner:${reads.org.owner}`;
    b.node(owner, 'owner', reads.org.owner);
    b.edge(b.orgNode, owner, 'owned-by');
  }
  const certNameById = orgCertificates(b, reads);
  const inboundIds = inboundCertificates(b, reads);
  namedCredentials(b, reads, certNameById);
  externalCredentials(b, reads);
  connectedApps(b, reads);
  samlSso(b, reads, certNameById);
  identityProvider(b, reads);
  apexReferences(b, reads);
  users(b, reads, inboundIds);
  userAuthCertificates(b, reads);
  externalClientApps(b, reads);
  externalDataSources(b, reads);
  publicKeyCertificates(b, reads);
  certificatePins(b, reads);
  expiryRecipients(b, reads);
  return b.facts;
}
