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

export const inboundCert = makeCertificate({
  commonName: 'partner-client.example.net',
  notBefore: new Date(NOW.getTime() - 20 * day),
  notAfter: new Date('2027-01-31T17:45:10Z'),
  keySlot: 'sf-client',
  serialHex: '1a2b3c',
});
export const userCert = makeCertificate({
  commonName: 'jane.doe',
  notBefore: new Date(NOW.getTime() - 5 * day),
  notAfter: new Date('2027-05-05T05:05:05Z'),
  keySlot: 'sf-jwt',
});
export const ecaCert = makeCertificate({
  commonName: 'eca-jwt',
  notBefore: new Date(NOW.getTime() - 5 * day),
  notAfter: new Date('2027-04-04T04:04:04Z'),
  keySlot: 'sf-jwt-signer',
});
export const samlAppCert = makeCertificate({
  commonName: 'sp.partner.example',
  notBefore: new Date(NOW.getTime() - 5 * day),
  notAfter: new Date('2027-09-09T09:09:09Z'),
  keySlot: 'sf-idp',
});
export const partnerJwtCert = makeCertificate({
  commonName: 'jwt.partner.example',
  notBefore: new Date(NOW.getTime() - 5 * day),
  notAfter: new Date('2027-02-20T20:20:20Z'),
  keySlot: 'sf-jwt',
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

/** The org of `orgData({...everyType})`: one component of each further type a retrieve brings. */
export const USER_ACTIVE = '005FAKE00000011';
export const USER_INACTIVE = '005FAKE00000012';

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

/**
 * One of each further type, as a retrieve lays them out (directory names, suffixes, `-meta.xml`
 * companions for content types, field names from the Metadata API Developer Guide).
 */
export function everyTypeFiles(): Record<string, string> {
  const jwk = JSON.stringify({
    kid: 'partner-2026',
    alg: 'RS256',
    use: 'sig',
    kty: 'RSA',
    x5c: [bareBase64(partnerJwtCert.certPem)],
  });
  return {
    'inboundCertificates/Partner_Inbound.inboundCertificate': inboundCert.certPem,
    'inboundCertificates/Partner_Inbound.inboundCertificate-meta.xml': xml(
      'InboundCertificate',
      '<expirationDate>2027-01-31</expirationDate><issuer>CN=Partner Issuing CA</issuer><masterLabel>Partner Inbound</masterLabel><serialId>1a2b3c</serialId>',
    ),
    'userAuthCertificates/Jane_Login.userAuthCertificate': userCert.certPem,
    'userAuthCertificates/Jane_Login.userAuthCertificate-meta.xml': xml(
      'UserAuthCertificate',
      `<developerName>Jane_Login</developerName><expirationDate>2027-05-05T05:05:05.000Z</expirationDate><masterLabel>Jane login</masterLabel><serialNumber>1401</serialNumber><user>${USER_ACTIVE}</user>`,
    ),
    'userAuthCertificates/Old_Login.userAuthCertificate-meta.xml': xml(
      'UserAuthCertificate',
      `<developerName>Old_Login</developerName><expirationDate>2026-12-10T08:30:00.000Z</expirationDate><masterLabel>Old login</masterLabel><serialNumber>0999</serialNumber><user>${USER_INACTIVE}</user>`,
    ),
    'extlClntAppGlobalOauthSets/Partner_Portal_glbloauth.ecaGlblOauth': xml(
      'ExtlClntAppGlobalOauthSettings',
      `<callbackUrl>https://portal.partner.example/callback</callbackUrl><certificate>${ecaCert.certPem}</certificate><consumerKey>3MVG9ECAFAKEKEY</consumerKey><consumerSecret>ECA-CONSUMER-SECRET-NEVER-SHOWN</consumerSecret><externalClientApplication>Partner_Portal</externalClientApplication><label>Partner Portal</label>`,
    ),
    'connectedApps/Partner_SSO.connectedApp': xml(
      'ConnectedApp',
      `<contactEmail>ops@example.com</contactEmail><label>Partner SSO</label>
  <samlConfig><acsUrl>https://sp.partner.example/acs</acsUrl><certificate>${samlAppCert.certPem}</certificate><encryptionCertificate>Acme_Client</encryptionCertificate><entityUrl>https://sp.partner.example</entityUrl><issuer>https://acme.my.salesforce.com</issuer><samlNameIdFormat>Unspecified</samlNameIdFormat><samlSubjectType>Username</samlSubjectType></samlConfig>`,
    ),
    'samlssoconfigs/Corp_IdP.samlssoconfig': xml(
      'SamlSsoConfig',
      '<decryptionCertificate>Partner_CA_Signed</decryptionCertificate><issuer>https://idp.example.com</issuer><name>Corp IdP</name><requestSigningCertId>0P1FAKE00000003AAA</requestSigningCertId><samlVersion>SAML2_0</samlVersion><validationCert>ignored-when-soql-has-it</validationCert>',
    ),
    'dataSources/Orders_OData.dataSource': xml(
      'ExternalDataSource',
      '<certificate>Acme_Client</certificate><endpoint>https://odata.partner.example/orders</endpoint><isWritable>false</isWritable><label>Orders (OData)</label><principalType>Anonymous</principalType><protocol>NoAuthentication</protocol><type>OData4</type>',
    ),
    'PublicKeyCertificate/Partner_Signer.PublicKeyCertificate': xml(
      'PublicKeyCertificate',
      `<description>Partner JWT signer</description><isActive>true</isActive><jsonWebKey>${jwk}</jsonWebKey><masterLabel>Partner Signer</masterLabel>`,
    ),
    'PublicKeyCertificateSet/Partner_JWKS.PublicKeyCertificateSet': xml(
      'PublicKeyCertificateSet',
      '<description>Keys of partner.example</description><jwtIssuer>partner.example</jwtIssuer><masterLabel>Partner JWKS</masterLabel><publicKeyCertificateSetKeys><publicKeyCertificate>Partner_Signer</publicKeyCertificate></publicKeyCertificateSetKeys><type>JWKS</type>',
    ),
    'mobSecurityCertPinConfigs/Login_Pin.mobSecurityCertPinConfig': xml(
      'MobSecurityCertPinConfig',
      '<certificateHash>AAAAfakepinAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=</certificateHash><domainName>https://acme.my.salesforce.com</domainName><isEnabled>true</isEnabled><isProtected>false</isProtected>',
    ),
  };
}

/** `orgData()` plus one of each further type, their users and the expiry-notification permission. */
export function everyTypeOrgData(overrides: Partial<FakeOrgData> = {}): FakeOrgData {
  const base = orgData();
  return {
    ...base,
    metadataFiles: { ...base.metadataFiles, ...everyTypeFiles() },
    users: [
      { Id: USER_ACTIVE, Username: 'jane.doe@acme.example', IsActive: true },
      { Id: USER_INACTIVE, Username: 'former@acme.example', IsActive: false },
      { Id: '005FAKE00000013AAA', Username: 'admin@acme.example', IsActive: true },
    ],
    permissionSetFields: [
      ...(base.permissionSetFields ?? []),
      {
        name: 'PermissionsCertExpirationNotify',
        label: 'Receive Certificate Expiration Notification',
        type: 'boolean',
      },
    ],
    permissionSetAssignments: [
      ...(base.permissionSetAssignments ?? []),
      {
        attributes: { type: 'PermissionSetAssignment' },
        AssigneeId: '005FAKE00000013AAA',
        Assignee: {
          attributes: { type: 'User' },
          Username: 'admin@acme.example',
          IsActive: true,
          Name: 'Admin',
        },
        PermissionSet: {
          attributes: { type: 'PermissionSet' },
          Name: 'Cert_Notifications',
          IsOwnedByProfile: false,
          PermissionsApiUserOnly: false,
          PermissionsEnforceMutualAuthentication: false,
          PermissionsCertExpirationNotify: true,
        },
      },
    ],
    userLogins: [{ UserId: '005FAKE00000013AAA', IsFrozen: true }],
    ...overrides,
  };
}
