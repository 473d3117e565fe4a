/**
 * One secret's contribution to an inventory: the partner's client certificate as a record, the
 * partner-secret node and its edges, or a finding saying why there is no certificate. Pure.
 */
import { parseCertificateInput } from '../../core/certificates/parse';
import { recordFromChain } from '../../core/certificates/record';
import type { VerdictCache } from '../../core/certificates/verdict-cache';
import type { Finding, GraphEdge, GraphNode, Inventory } from '../../core/model';
import {
  decodeSecret,
  isPasswordError,
  redact,
  type SecretMaterial,
  type SecretMetadata,
  type SecretPayload,
  type SecretProblem,
} from './secret-format';

export interface SecretScope {
  /** Source name (core/source-names `secretsSourceName`): location and selector. */
  source: string;
  /** `secrets:<region>` or `secrets:<region>:<account>` (`secretsLocation`). */
  location: string;
  region: string;
}

/**
 * Ids share the location, not the selector: the same secret name in two accounts stays two
 * certificates, and one secret two selectors pick stays one.
 */
export const secretScopeKey = (scope: SecretScope): string => scope.location.replace(/^secrets:/, '');
export const certificateIdOf = (scope: SecretScope, name: string): string => `${scope.location}:${name}`;
export const secretNodeIdOf = (scope: SecretScope, name: string): string =>
  `partner-secret:${secretScopeKey(scope)}:${name}`;

/**
 * What one secret adds to the inventory (sources are left to the caller). `verdicts` is the
 * collection's verdict cache, when the caller reads many secrets.
 */
export function inventoryFromSecret(
  payload: SecretPayload,
  scope: SecretScope,
  verdicts?: VerdictCache,
): Omit<Inventory, 'sources' | 'probes'> {
  const decoded = decodeSecret(payload);
  const findings: Finding[] = decoded.notes.map((note) => ({
    code: 'SECRET_MALFORMED',
    severity: 'info',
    subject: payload.name,
    source: scope.source,
    message: `Secret ${describe(payload)}: ${note}; the value was ignored.`,
  }));
  const certificates = decoded.material
    ? readCertificates(payload.name, decoded.material, payload.companionPassword, verdicts)
    : undefined;
  const problem = decoded.problem ?? certificates?.problem;
  if (problem || !certificates || certificates.chain.length === 0) {
    const reason = problem ?? { code: 'SECRET_NO_CERTIFICATE', reason: 'no certificate found' };
    findings.push(problemFinding(payload, scope, reason));
    return { certificates: [], nodes: [], edges: [], findings };
  }
  const meta = decoded.metadata;
  const certificateId = certificateIdOf(scope, payload.name);
  const attributes: Record<string, string> = { region: scope.region, secretFormat: decoded.material!.format };
  if (payload.arn) attributes.secretArn = payload.arn;
  if (meta.probeEndpoint) attributes.probeEndpoint = meta.probeEndpoint;
  const record = recordFromChain(certificates.chain, {
    id: certificateId,
    source: scope.source,
    name: payload.name,
    kind: 'partner-client',
    org: meta.org,
    externalSystem: meta.externalSystem,
    integrationUser: meta.integrationUser,
    owners: {
      owner: meta.owner,
      partnerOwner: meta.partnerOwner,
      ...(meta.notify?.length ? { notify: meta.notify } : {}),
    },
    publiclyTrusted: meta.publiclyTrusted,
    attributes,
  });
  const [nodes, edges] = secretGraph(payload, scope, certificateId, meta);
  return { certificates: [record], nodes, edges, findings };
}

/** A finding for a secret that could not be read or holds no usable certificate. */
export function problemFinding(
  secret: { name: string; arn?: string },
  scope: SecretScope,
  problem: { code: string; reason: string },
): Finding {
  return {
    code: problem.code,
    severity: problem.code === 'SECRET_NO_CERTIFICATE' ? 'warning' : 'critical',
    subject: secret.name,
    source: scope.source,
    message: `Secret ${describe(secret)}: ${problem.reason}. ${ADVICE[problem.code] ?? ''}`.trim(),
  };
}

const ADVICE: Record<string, string> = {
  SECRET_NO_CERTIFICATE:
    'Store the client certificate in a documented format (docs/secrets-manager.md) or remove the selecting tag.',
  SECRET_MALFORMED: 'Fix the value; the partner certificate is not monitored until then.',
  SECRET_WRONG_PASSWORD:
    'Put the keystore password in the JSON "password" field next to the keystore, or, for a binary keystore, in a companion secret {"password": ...} named by the tag cert-sentinel:password-secret.',
  SECRET_UNREADABLE:
    'Grant secretsmanager:GetSecretValue on it (and kms:Decrypt on its key) to the collector, or remove the selecting tag.',
};

function describe(secret: { name: string; arn?: string }): string {
  return secret.arn ? `"${secret.name}" (${secret.arn})` : `"${secret.name}"`;
}

function readCertificates(
  name: string,
  material: SecretMaterial,
  companionPassword: string | undefined,
  verdicts: VerdictCache | undefined,
): { chain: ReturnType<typeof parseCertificateInput>['certificates']; problem?: SecretProblem } {
  const [data, password, where] = inputOf(material, companionPassword);
  const parsed = parseCertificateInput({ name, data, password }, { verdicts });
  if (parsed.certificates.length > 0) return { chain: parsed.certificates };
  if (!parsed.error) {
    return { chain: [], problem: { code: 'SECRET_NO_CERTIFICATE', reason: `${where} holds no certificate` } };
  }
  // The finding names the secret already; the parser's words are redacted in case they quote input.
  const own = `${name}: `;
  const message = redact(parsed.error.startsWith(own) ? parsed.error.slice(own.length) : parsed.error, [
    password,
  ]);
  if (password !== undefined && isPasswordError(message)) {
    return {
      chain: [],
      problem: { code: 'SECRET_WRONG_PASSWORD', reason: `the password does not open ${where} (${message})` },
    };
  }
  if (parsed.privateKeyOnly || /^no certificate found/.test(message)) {
    return { chain: [], problem: { code: 'SECRET_NO_CERTIFICATE', reason: `${where} holds ${message}` } };
  }
  return { chain: [], problem: { code: 'SECRET_MALFORMED', reason: `${where} cannot be read (${message})` } };
}

function inputOf(
  material: SecretMaterial,
  companionPassword: string | undefined,
): [Uint8Array | string, string | undefined, string] {
  switch (material.format) {
    case 'pem':
      return [material.pem, undefined, 'the PEM SecretString'];
    case 'json-pem':
      return [[material.certificate, material.chain ?? ''].join('\n'), undefined, 'JSON field "certificate"'];
    case 'json-pkcs12':
      return [
        material.pkcs12,
        material.password ?? companionPassword ?? '',
        'the PKCS#12 in JSON field "pkcs12"',
      ];
    case 'json-jks':
      return [material.jks, material.password ?? companionPassword ?? '', 'the JKS in JSON field "jks"'];
    case 'binary':
      // Binary keystores carry no password: the companion's (cert-sentinel:password-secret), else the empty one.
      return [material.data, companionPassword ?? '', 'SecretBinary'];
  }
}

function secretGraph(
  payload: SecretPayload,
  scope: SecretScope,
  certificateId: string,
  meta: SecretMetadata,
): [GraphNode[], GraphEdge[]] {
  const secretId = secretNodeIdOf(scope, payload.name);
  const attributes: Record<string, string> = { region: scope.region };
  if (payload.arn) attributes.secretArn = payload.arn;
  const nodes: GraphNode[] = [{ id: secretId, kind: 'partner-secret', label: payload.name, attributes }];
  const edges: GraphEdge[] = [{ from: secretId, to: certificateId, kind: 'client-certificate' }];
  if (meta.externalSystem) {
    const id = `external-system:${meta.externalSystem}`;
    nodes.push({ id, kind: 'external-system', label: meta.externalSystem });
    edges.push({ from: secretId, to: id, kind: 'connects-to' });
  }
  for (const [side, owner] of [
    ['ours', meta.owner],
    ['partner', meta.partnerOwner],
  ] as const) {
    if (!owner) continue;
    const id = `owner:${owner}`;
    if (!nodes.some((n) => n.id === id)) nodes.push({ id, kind: 'owner', label: owner });
    edges.push({ from: secretId, to: id, kind: 'owned-by', attributes: { side } });
  }
  return [nodes, edges];
}
