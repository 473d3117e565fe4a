/**
 * A representative org for the collector tests: org certificates (one retrievable chain, one
 * CA-signed certificate still holding its CSR, one deleted older row), two mutual-auth
 * certificates, legacy and new-model Named Credentials, an External Credential, a Connected App
 * with a JWT certificate, SAML SSO, the identity provider, an Apex reference and integration users.
 */
import type { FakeOrgData, Row } from '../../helpers/fake-salesforce';
import { makeCertificate } from '../../helpers/pki';

export const NOW = new Date('2026-11-23T09:00:00Z');
const day = 86_400_000;

export const clientCert = makeCertificate({
  commonName: 'acme-client.example.com',
  notBefore: new Date(NOW.getTime() - 100 * day),
  notAfter: new Date('2027-03-01T12:34:56Z'),
  keySlot: 'sf-client',
  serialHex: '0abc01',
});
export const connectedAppCert = makeCertificate({
  commonName: 'cert-sentinel-jwt',
  notBefore: new Date(NOW.getTime() - 10 * day),
  notAfter: new Date('2027-11-01T00:00:00Z'),
  keySlot: 'sf-jwt',
});
export const jwtSignerCert = makeCertificate({
  commonName: 'acme-jwt-signer',
  notBefore: new Date(NOW.getTime() - 30 * day),
  notAfter: new Date('2027-02-02T08:00:00Z'),
  keySlot: 'sf-jwt-signer',
});
export const idpCert = makeCertificate({
  commonName: 'idp.example.com',
  notBefore: new Date(NOW.getTime() - 10 * day),
  notAfter: new Date('2027-06-30T00:00:00Z'),
  keySlot: 'sf-idp',
});

/** PEM body without the armour, as SamlSsoConfig.ValidationCert may hold it. */
const bareBase64 = (pem: string) => pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');

const certRow = (n: number, name: string, extra: Row = {}): Row => ({
  Id: `0P1FAKE${String(n).padStart(8, '0')}AAA`,
  DeveloperName: name,
  MasterLabel: name.replace(/_/g, ' '),
  ExpirationDate: '2027-03-01',
  KeySize: 2048,
  OptionsIsCaSigned: false,
  OptionsIsPrivateKeyExportable: true,
  OptionsIsUnusable: false,
  CreatedDate: '2026-01-01T00:00:00.000+0000',
  ...extra,
});

export function manyCertificates(count: number): Row[] {
  return Array.from({ length: count }, (_, i) =>
    certRow(1000 + i, `Bulk_${String(i).padStart(5, '0')}`, { ExpirationDate: '2027-01-15' }),
  );
}

const xml = (root: string, inner: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="http://soap.sforce.com/2006/04/metadata">\n${inner}\n</${root}>\n`;

export function orgData(overrides: Partial<FakeOrgData> = {}): FakeOrgData {
  return {
    certificates: [
      certRow(1, 'Acme_Client', { CreatedDate: '2026-06-01T00:00:00.000+0000' }),
      // A deleted, older row of the same name: the newest CreatedDate wins.
      certRow(9, 'Acme_Client', {
        ExpirationDate: '2025-01-01',
        CreatedDate: '2024-01-01T00:00:00.000+0000',
      }),
      certRow(2, 'Partner_CA_Signed', {
        ExpirationDate: '2027-08-15',
        OptionsIsCaSigned: true,
        KeySize: 4096,
      }),
      certRow(3, 'JWT_Signer', { ExpirationDate: '2027-02-02' }),
    ],
    certificateFiles: {
      Acme_Client: clientCert.certPem,
      JWT_Signer: jwtSignerCert.certPem,
      Partner_CA_Signed: '-----BEGIN CERTIFICATE REQUEST-----\nMIIBfake\n-----END CERTIFICATE REQUEST-----\n',
    },
    inboundCertificates: [
      {
        fullName: 'Partner_Inbound',
        masterLabel: 'Partner Inbound',
        expirationDate: '2027-01-31',
        issuer: 'CN=Partner Issuing CA',
        serialId: '1a2b3c',
      },
      {
        fullName: 'Old_Inbound',
        masterLabel: 'Old Inbound',
        expirationDate: '2026-12-01',
        issuer: 'CN=Partner Issuing CA',
        serialId: '0f0f',
      },
    ],
    namedCredentials: [
      {
        Id: '0XAFAKE000000000001',
        DeveloperName: 'Acme_API',
        MasterLabel: 'Acme API',
        Endpoint: 'https://api.acme.example:8443/v1',
        PrincipalType: 'NamedUser',
        CertificateId: '0P1FAKE00000001AAA',
        JwtSigningCertificateId: null,
        NamedCredentialType: 'Legacy',
      },
      {
        Id: '0XAFAKE000000000002',
        DeveloperName: 'Billing',
        MasterLabel: 'Billing',
        Endpoint: null,
        PrincipalType: null,
        CertificateId: null,
        JwtSigningCertificateId: null,
        NamedCredentialType: 'SecuredEndpoint',
      },
    ],
    metadataFiles: {
      'namedCredentials/Billing.namedCredential': xml(
        'NamedCredential',
        `<label>Billing</label>
  <namedCredentialParameters><parameterName>Url</parameterName><parameterType>Url</parameterType><parameterValue>https://billing.partner.example/api</parameterValue></namedCredentialParameters>
  <namedCredentialParameters><parameterName>ClientCertificate</parameterName><parameterType>ClientCertificate</parameterType><certificate>Acme_Client</certificate></namedCredentialParameters>
  <namedCredentialParameters><parameterName>ExternalCredential</parameterName><parameterType>Authentication</parameterType><externalCredential>Billing_JWT</externalCredential></namedCredentialParameters>
  <namedCredentialType>SecuredEndpoint</namedCredentialType>`,
      ),
      'externalCredentials/Billing_JWT.externalCredential': xml(
        'ExternalCredential',
        `<authenticationProtocol>JwtBearer</authenticationProtocol><label>Billing JWT</label>
  <externalCredentialParameters><parameterName>SigningCertificate</parameterName><parameterType>SigningCertificate</parameterType><certificate>JWT_Signer</certificate></externalCredentialParameters>`,
      ),
      'connectedApps/Cert_Sentinel.connectedApp': xml(
        'ConnectedApp',
        `<contactEmail>ops@example.com</contactEmail><label>Cert Sentinel</label>
  <oauthConfig><callbackUrl>http://localhost:1717/OauthRedirect</callbackUrl><certificate>${connectedAppCert.certPem}</certificate><consumerKey>3MVG9FAKE</consumerKey><isAdminApproved>true</isAdminApproved><scopes>Api</scopes></oauthConfig>`,
      ),
      'samlssoconfigs/Corp_IdP.samlssoconfig': xml(
        'SamlSsoConfig',
        '<issuer>https://idp.example.com</issuer><name>Corp IdP</name><requestSigningCertId>0P1FAKE00000003AAA</requestSigningCertId><samlVersion>SAML2_0</samlVersion><validationCert>ignored-when-soql-has-it</validationCert>',
      ),
      'settings/IdentityProvider.settings': xml(
        'IdentityProviderSettings',
        '<certificateName>JWT_Signer</certificateName><enableIdentityProvider>true</enableIdentityProvider>',
      ),
    },
    samlSsoConfigs: [
      {
        Id: '0LEFAKE000000000001',
        DeveloperName: 'Corp_IdP',
        MasterLabel: 'Corp IdP',
        Issuer: 'https://idp.example.com',
        ValidationCert: bareBase64(idpCert.certPem),
      },
    ],
    apexClasses: [
      {
        Id: '01pFAKE000000000001',
        Name: 'AcmeCallout',
        Body: "public class AcmeCallout {\n  void go() { HttpRequest r = new HttpRequest();\n    r.setClientCertificateName('Acme_Client'); }\n}",
      },
      { Id: '01pFAKE000000000002', Name: 'Unrelated', Body: 'public class Unrelated {}' },
    ],
    permissionSetFields: [
      {
        name: 'PermissionsEnforceMutualAuthentication',
        label: 'Enforce SSL/TLS Mutual Authentication',
        type: 'boolean',
      },
    ],
    permissionSetAssignments: [
      {
        attributes: { type: 'PermissionSetAssignment' },
        AssigneeId: '005FAKE000000000001',
        Assignee: {
          attributes: { type: 'User' },
          Username: 'integration@acme.example',
          IsActive: true,
          Name: 'Integration',
        },
        PermissionSet: {
          attributes: { type: 'PermissionSet' },
          Name: 'Mutual_Auth',
          IsOwnedByProfile: false,
          PermissionsApiUserOnly: false,
          PermissionsEnforceMutualAuthentication: true,
        },
      },
      {
        attributes: { type: 'PermissionSetAssignment' },
        AssigneeId: '005FAKE000000000001',
        Assignee: {
          attributes: { type: 'User' },
          Username: 'integration@acme.example',
          IsActive: true,
          Name: 'Integration',
        },
        PermissionSet: {
          attributes: { type: 'PermissionSet' },
          Name: 'API_Only',
          IsOwnedByProfile: false,
          PermissionsApiUserOnly: true,
          PermissionsEnforceMutualAuthentication: false,
        },
      },
    ],
    profileUsers: [
      {
        Id: '005FAKE000000000002',
        Username: 'legacy-sync@acme.example',
        IsActive: false,
        Profile: {
          attributes: { type: 'Profile' },
          Name: 'Sync Profile',
          PermissionsApiUserOnly: false,
          PermissionsEnforceMutualAuthentication: true,
        },
      },
    ],
    ...overrides,
  };
}
