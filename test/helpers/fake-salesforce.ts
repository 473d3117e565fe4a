/**
 * A local stand-in for a Salesforce org, good enough for jsforce to run against it for real over
 * HTTP on 127.0.0.1: the OAuth token endpoint (JWT bearer grant, verified with the Connected App's
 * certificate), REST and Tooling SOQL with `nextRecordsUrl` paging in 2,000-row batches, sobject
 * describe, and the Metadata API SOAP calls the collector uses (listMetadata, readMetadata,
 * retrieve, checkRetrieveStatus). Bodies follow Salesforce's documented shapes, errors included.
 * Every request is counted and logged so tests can check what a scan costs.
 */
import { createPublicKey, createVerify } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { crc32, deflateRawSync } from 'node:zlib';
import { KEEP_ALIVE_MS } from './keep-alive';

export type Row = Record<string, unknown>;

export interface FakeOrgData {
  /** Tooling Certificate rows (Id, DeveloperName, ExpirationDate, ...). */
  certificates?: Row[];
  /** DeveloperName -> `.crt` content returned by retrieve. */
  certificateFiles?: Record<string, string>;
  namedCredentials?: Row[];
  /** InboundCertificate metadata by full name; null = the org does not have the type. */
  inboundCertificates?: Array<Record<string, string>> | null;
  samlSsoConfigs?: Row[];
  apexClasses?: Row[];
  /** PermissionSet describe fields. */
  permissionSetFields?: Array<{ name: string; label: string; type: string }>;
  permissionSetAssignments?: Row[];
  profileUsers?: Row[];
  /** Every user (Id, Username, IsActive), answered to `FROM User WHERE Id IN (...)`. */
  users?: Row[];
  /** UserLogin rows (UserId, IsFrozen), filtered by `IsFrozen = true` and `UserId IN (...)`. */
  userLogins?: Row[];
  /** Problems the retrieve reports for single components (e.g. a type the org lacks). */
  retrieveMessages?: Array<{ fileName: string; problem: string }>;
  /** Extra retrieved files (path in the package -> XML), e.g. `namedCredentials/X.namedCredential`. */
  metadataFiles?: Record<string, string>;
}

export interface InjectedFailure {
  /** Matched against `<METHOD> <path> <object or SOAP call>`, e.g. /SamlSsoConfig/ or /checkRetrieveStatus/. */
  match: RegExp;
  status: number;
  body: string;
  contentType?: string;
  /** How many times it fires (default: always). */
  times?: number;
  /** Wait before answering (for timeouts). */
  delayMs?: number;
}

export interface FakeSalesforceOptions {
  data: FakeOrgData;
  accessToken?: string;
  apiVersion?: string;
  /** JWT bearer grant: accepted when the assertion verifies with this certificate and names this client/user. */
  jwt?: { clientId: string; username: string; certificatePem: string; audience?: string };
  /** checkRetrieveStatus answers done=false this many times first. */
  retrievePendingPolls?: number;
  /** The retrieve finishes with status Failed. */
  retrieveFails?: boolean;
  /** Versions `GET /services/data/` lists (default: 58.0 up to `apiVersion`). */
  versions?: string[];
  /** Refresh token the token endpoint accepts (`grant_type=refresh_token`), as `sf org login` leaves one. */
  refreshToken?: { token: string; clientId: string };
  /** Rewrites the retrieve's zip before it is sent (corrupted archives, zip bombs). */
  tamperZip?: (zip: Buffer) => Buffer;
}

export interface LoggedRequest {
  method: string;
  path: string;
  /** The SOQL object or SOAP call, for readable assertions. */
  operation: string;
  headers: IncomingMessage['headers'];
  body: string;
}

const BATCH = 2000;
const xmlEscape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export class FakeSalesforce {
  readonly requests: LoggedRequest[] = [];
  readonly failures: InjectedFailure[] = [];
  /** Assertions the token endpoint saw, so tests can check none leaked. */
  readonly assertionsSeen: string[] = [];
  private server: Server | undefined;
  private cursors = new Map<string, Row[]>();
  private retrievePolls = 0;
  url = '';
  readonly accessToken: string;

  constructor(readonly options: FakeSalesforceOptions) {
    this.accessToken = options.accessToken ?? '00DFAKE0000000001!AQ4AQFakeSessionTokenForTestsOnly';
  }

  get requestCount(): number {
    return this.requests.length;
  }

  async start(): Promise<this> {
    // Idle keep-alive sockets stay open for the whole test: a client reusing one the server just
    // closed sees ECONNRESET and retries, which skews request counts on a busy machine.
    this.server = createServer({ keepAliveTimeout: KEEP_ALIVE_MS }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.handle(req, Buffer.concat(chunks).toString('utf8'), res).catch((error: Error) => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(`fake server bug: ${error.message}`);
        });
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const address = (this.server as Server).address() as AddressInfo;
    this.url = `http://127.0.0.1:${address.port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  fail(failure: InjectedFailure): this {
    this.failures.push(failure);
    return this;
  }

  private get version(): string {
    return this.options.apiVersion ?? '62.0';
  }

  private async handle(req: IncomingMessage, body: string, res: ServerResponse): Promise<undefined> {
    const url = new URL(req.url ?? '/', this.url);
    const operation = this.operationOf(req.method ?? 'GET', url, body);
    this.requests.push({
      method: req.method ?? 'GET',
      path: url.pathname,
      operation,
      headers: req.headers,
      body,
    });
    const key = `${req.method} ${url.pathname} ${operation}`;
    const failure = this.failures.find((f) => f.match.test(key) && (f.times === undefined || f.times > 0));
    if (failure) {
      if (failure.times !== undefined) failure.times -= 1;
      if (failure.delayMs) await new Promise((r) => setTimeout(r, failure.delayMs));
      if (res.destroyed) return;
      res.writeHead(failure.status, {
        'content-type': failure.contentType ?? 'application/json;charset=UTF-8',
      });
      res.end(failure.body);
      return;
    }
    if (url.pathname === '/services/oauth2/token') return this.token(body, res);
    if (url.pathname.startsWith('/services/Soap/m/')) return this.soap(operation, body, res);
    if (req.headers.authorization !== `Bearer ${this.accessToken}`) {
      return json(res, 401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    }
    if (url.pathname === '/services/data' || url.pathname === '/services/data/') return this.versionList(res);
    const data = `/services/data/v${this.version}`;
    if (url.pathname === `${data}/sobjects/PermissionSet/describe`) return this.describe(res);
    const query = url.pathname.match(new RegExp(`^${data}/(tooling/)?query(?:/(.+))?$`));
    if (query) return this.query(Boolean(query[1]), url.searchParams.get('q'), query[2], res);
    json(res, 404, [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
  }

  private operationOf(method: string, url: URL, body: string): string {
    if (url.pathname.startsWith('/services/Soap/'))
      return body.match(/<soapenv:Body[^>]*><(\w+)/)?.[1] ?? 'soap';
    const q = url.searchParams.get('q');
    if (q) return q.match(/\bFROM\s+(\w+)/i)?.[1] ?? 'query';
    if (url.pathname.includes('/query/')) return 'queryMore';
    if (url.pathname.endsWith('/describe')) return 'describe';
    if (/^\/services\/data\/?$/.test(url.pathname)) return 'versions';
    return method === 'POST' ? 'post' : 'get';
  }

  private token(body: string, res: ServerResponse): undefined {
    const params = new URLSearchParams(body);
    const jwt = this.options.jwt;
    const assertion = params.get('assertion') ?? '';
    this.assertionsSeen.push(assertion);
    const refuse = (description: string) =>
      json(res, 400, { error: 'invalid_grant', error_description: description });
    const refresh = this.options.refreshToken;
    if (params.get('grant_type') === 'refresh_token' && refresh) {
      if (params.get('refresh_token') !== refresh.token || params.get('client_id') !== refresh.clientId)
        return refuse('expired access/refresh token');
      return json(res, 200, {
        access_token: this.accessToken,
        scope: 'api refresh_token',
        instance_url: this.url,
        id: `${this.url}/id/00DFAKE000000000001/005FAKE000000000001`,
        token_type: 'Bearer',
        issued_at: '1700000000000',
      });
    }
    if (params.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer' || !jwt) {
      return json(res, 400, {
        error: 'unsupported_grant_type',
        error_description: 'grant type not supported',
      });
    }
    const [header, claims, signature] = assertion.split('.');
    if (!header || !claims || !signature) return refuse('invalid assertion');
    const verified = createVerify('RSA-SHA256')
      .update(`${header}.${claims}`)
      .verify(createPublicKey(jwt.certificatePem), Buffer.from(signature, 'base64url'));
    if (!verified) return refuse('invalid assertion');
    const c = JSON.parse(Buffer.from(claims, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (c.iss !== jwt.clientId)
      return json(res, 400, { error: 'invalid_client_id', error_description: 'client identifier invalid' });
    if (
      c.sub !== jwt.username ||
      c.aud !== (jwt.audience ?? 'https://login.salesforce.com') ||
      typeof c.exp !== 'number'
    ) {
      return refuse('user hasn\u2019t approved this consumer');
    }
    json(res, 200, {
      access_token: this.accessToken,
      scope: 'api',
      instance_url: this.url,
      id: `${this.url}/id/00DFAKE000000000001/005FAKE000000000001`,
      token_type: 'Bearer',
    });
  }

  /** `GET /services/data/`: every version the org offers, oldest first, as Salesforce lists them. */
  private versionList(res: ServerResponse): undefined {
    const newest = Number(this.version);
    const versions =
      this.options.versions ??
      Array.from({ length: Math.max(1, newest - 57) }, (_, i) => `${Math.min(58 + i, newest)}.0`);
    json(
      res,
      200,
      versions.map((v) => ({ label: `Release ${v}`, url: `/services/data/v${v}`, version: v })),
    );
  }

  private describe(res: ServerResponse): undefined {
    const fields = [
      { name: 'Id', label: 'Permission Set ID', type: 'id' },
      { name: 'Name', label: 'Name', type: 'string' },
      { name: 'PermissionsApiUserOnly', label: 'API Only User', type: 'boolean' },
      ...(this.options.data.permissionSetFields ?? []),
    ];
    json(res, 200, { name: 'PermissionSet', label: 'Permission Set', queryable: true, fields });
  }

  private query(
    tooling: boolean,
    soql: string | null,
    locator: string | undefined,
    res: ServerResponse,
  ): undefined {
    const base = `/services/data/v${this.version}/${tooling ? 'tooling/' : ''}`;
    let rows: Row[];
    let cursor: string;
    let offset: number;
    if (locator) {
      const [id, start] = locator.split('-');
      const stored = this.cursors.get(id);
      if (!stored)
        return json(res, 400, [{ errorCode: 'INVALID_QUERY_LOCATOR', message: 'invalid query locator' }]);
      rows = stored;
      cursor = id;
      offset = Number(start);
    } else {
      const object = soql?.match(/\bFROM\s+(\w+)/i)?.[1] ?? '';
      const found = this.rowsFor(object, tooling, soql ?? '');
      if (!found) {
        return json(res, 400, [
          {
            errorCode: 'INVALID_TYPE',
            message: `\nFROM ${object}\n     ^\nERROR at Row:1:Column:1\nsObject type '${object}' is not supported.`,
          },
        ]);
      }
      rows = found.map((r) => ({
        attributes: { type: object, url: `${base}sobjects/${object}/${r.Id ?? 'x'}` },
        ...r,
      }));
      cursor = `01gFAKE${this.cursors.size + 1}`;
      offset = 0;
      this.cursors.set(cursor, rows);
    }
    const batch = rows.slice(offset, offset + BATCH);
    const done = offset + BATCH >= rows.length;
    json(res, 200, {
      size: rows.length,
      totalSize: rows.length,
      done,
      ...(done ? {} : { nextRecordsUrl: `${base}query/${cursor}-${offset + BATCH}` }),
      queryLocator: null,
      entityTypeName: null,
      records: batch,
    });
  }

  private rowsFor(object: string, tooling: boolean, soql: string): Row[] | undefined {
    const d = this.options.data;
    // `Id IN ('a','b')` / `UserId IN (...)`: the two filtered reads answer only the rows they name.
    const named = (field: string) => {
      const list = soql.match(new RegExp(`\\b${field}\\s+IN\\s*\\(([^)]*)\\)`, 'i'))?.[1];
      return list === undefined ? undefined : new Set([...list.matchAll(/'([^']*)'/g)].map((m) => m[1]));
    };
    if (!tooling && object === 'User' && named('Id')) {
      const ids = named('Id') as Set<string>;
      return (d.users ?? []).filter((u) => ids.has(String(u.Id)));
    }
    if (!tooling && object === 'UserLogin') {
      const ids = named('UserId');
      return (d.userLogins ?? []).filter(
        (l) =>
          (!ids || ids.has(String(l.UserId))) && (!/IsFrozen\s*=\s*true/i.test(soql) || l.IsFrozen === true),
      );
    }
    const table: Record<string, Row[] | undefined> = tooling
      ? {
          Certificate: d.certificates ?? [],
          NamedCredential: d.namedCredentials ?? [],
          ApexClass: d.apexClasses ?? [],
        }
      : {
          SamlSsoConfig: d.samlSsoConfigs ?? [],
          PermissionSetAssignment: d.permissionSetAssignments ?? [],
          User: d.profileUsers ?? [],
          ApexClass: d.apexClasses ?? [],
        };
    return table[object];
  }

  private soap(operation: string, body: string, res: ServerResponse): undefined {
    const session = body.match(/<sessionId>([^<]*)<\/sessionId>/)?.[1];
    if (session !== this.accessToken)
      return soapFault(
        res,
        'sf:INVALID_SESSION_ID',
        'INVALID_SESSION_ID: Invalid Session ID found in SessionHeader: Illegal Session',
      );
    const data = this.options.data;
    switch (operation) {
      case 'listMetadata': {
        const type = body.match(/<type>([^<]+)<\/type>/)?.[1];
        if (type !== 'InboundCertificate')
          return soapFault(res, 'sf:UNKNOWN_EXCEPTION', `unexpected type ${type}`);
        if (data.inboundCertificates === null) {
          return soapFault(
            res,
            'sf:INVALID_TYPE',
            "INVALID_TYPE: Unknown type name 'InboundCertificate' specified in listMetadata",
          );
        }
        const results = (data.inboundCertificates ?? [])
          .map(
            (c, i) =>
              `<result><createdById>005FAKE</createdById><createdByName>Admin</createdByName><createdDate>2026-01-0${(i % 9) + 1}T10:00:00.000Z</createdDate><fileName>inboundCertificates/${c.fullName}.inboundCertificate</fileName><fullName>${c.fullName}</fullName><id>0IcFAKE${i}</id><lastModifiedById>005FAKE</lastModifiedById><lastModifiedByName>Admin</lastModifiedByName><lastModifiedDate>2026-01-01T10:00:00.000Z</lastModifiedDate><manageableState>unmanaged</manageableState><type>InboundCertificate</type></result>`,
          )
          .join('');
        return soapOk(res, `<listMetadataResponse>${results}</listMetadataResponse>`);
      }
      case 'readMetadata': {
        const names = [...body.matchAll(/<fullNames>([^<]+)<\/fullNames>/g)].map((m) => m[1]);
        if (names.length > 10)
          return soapFault(res, 'sf:LIMIT_EXCEEDED', 'LIMIT_EXCEEDED: Too many full names: limit 10');
        const records = names
          .map((name) => {
            const c = (data.inboundCertificates ?? []).find((x) => x.fullName === name);
            if (!c) return '<records xsi:nil="true"/>';
            const fields = Object.entries(c)
              .map(([k, v]) => `<${k}>${xmlEscape(v)}</${k}>`)
              .join('');
            return `<records xsi:type="InboundCertificate">${fields}</records>`;
          })
          .join('');
        return soapOk(res, `<readMetadataResponse><result>${records}</result></readMetadataResponse>`);
      }
      case 'retrieve':
        this.retrievePolls = 0;
        return soapOk(
          res,
          '<retrieveResponse><result><done>false</done><id>09SFAKE0000000001</id><state>Queued</state></result></retrieveResponse>',
        );
      case 'checkRetrieveStatus': {
        this.retrievePolls += 1;
        if (this.retrievePolls <= (this.options.retrievePendingPolls ?? 0)) {
          return soapOk(
            res,
            '<checkRetrieveStatusResponse><result><done>false</done><id>09SFAKE0000000001</id><status>InProgress</status><success>false</success></result></checkRetrieveStatusResponse>',
          );
        }
        if (this.options.retrieveFails) {
          return soapOk(
            res,
            '<checkRetrieveStatusResponse><result><done>true</done><errorMessage>An unexpected error occurred. Please include this ErrorId if you contact support: 1234-5678</errorMessage><errorStatusCode>UNKNOWN_EXCEPTION</errorStatusCode><id>09SFAKE0000000001</id><status>Failed</status><success>false</success></result></checkRetrieveStatusResponse>',
          );
        }
        const files: Record<string, string> = { 'package.xml': packageXml(this.version) };
        for (const [name, content] of Object.entries(data.certificateFiles ?? {})) {
          files[`certs/${name}.crt`] = content;
          files[`certs/${name}.crt-meta.xml`] =
            `<?xml version="1.0" encoding="UTF-8"?>\n<Certificate xmlns="http://soap.sforce.com/2006/04/metadata"><caSigned>false</caSigned><keySize>2048</keySize><masterLabel>${name}</masterLabel><privateKeyExportable>true</privateKeyExportable></Certificate>`;
        }
        Object.assign(files, data.metadataFiles ?? {});
        const properties = Object.keys(files)
          .filter((f) => f !== 'package.xml' && !f.endsWith('-meta.xml'))
          .map(
            (f) =>
              `<fileProperties><createdById>005FAKE</createdById><createdByName>Admin</createdByName><createdDate>2026-01-01T10:00:00.000Z</createdDate><fileName>${f}</fileName><fullName>${f.split('/')[1].replace(/\.[^.]+$/, '')}</fullName><id>0FAKE</id><lastModifiedById>005FAKE</lastModifiedById><lastModifiedByName>Admin</lastModifiedByName><lastModifiedDate>2026-01-01T10:00:00.000Z</lastModifiedDate><type>Unknown</type></fileProperties>`,
          )
          .join('');
        return soapOk(
          res,
          `<checkRetrieveStatusResponse><result><done>true</done>${properties}<id>09SFAKE0000000001</id>${(data.retrieveMessages ?? []).map((m) => `<messages><fileName>${xmlEscape(m.fileName)}</fileName><problem>${xmlEscape(m.problem)}</problem></messages>`).join('')}<status>Succeeded</status><success>true</success><zipFile>${(this.options.tamperZip ?? ((z: Buffer) => z))(makeZip(files)).toString('base64')}</zipFile></result></checkRetrieveStatusResponse>`,
        );
      }
      default:
        return soapFault(res, 'sf:UNKNOWN_EXCEPTION', `fake server does not implement ${operation}`);
    }
  }
}

function json(res: ServerResponse, status: number, body: unknown): undefined {
  res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8' });
  res.end(JSON.stringify(body));
}

const ENVELOPE_OPEN =
  '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="http://soap.sforce.com/2006/04/metadata" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>';
const ENVELOPE_CLOSE = '</soapenv:Body></soapenv:Envelope>';

function soapOk(res: ServerResponse, inner: string): undefined {
  res.writeHead(200, { 'content-type': 'text/xml;charset=UTF-8' });
  res.end(`${ENVELOPE_OPEN}${inner}${ENVELOPE_CLOSE}`);
}

/** Salesforce answers a SOAP fault with HTTP 500. */
export function soapFault(res: ServerResponse, code: string, message: string): undefined {
  res.writeHead(500, { 'content-type': 'text/xml;charset=UTF-8' });
  res.end(
    `${ENVELOPE_OPEN}<soapenv:Fault><faultcode>${code}</faultcode><faultstring>${xmlEscape(message)}</faultstring></soapenv:Fault>${ENVELOPE_CLOSE}`,
  );
}

export function soapFaultBody(code: string, message: string): string {
  return `${ENVELOPE_OPEN}<soapenv:Fault><faultcode>${code}</faultcode><faultstring>${xmlEscape(message)}</faultstring></soapenv:Fault>${ENVELOPE_CLOSE}`;
}

function packageXml(version: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Package xmlns="http://soap.sforce.com/2006/04/metadata"><version>${version}</version></Package>`;
}

/** A minimal zip writer (deflated entries), as Salesforce's retrieve produces. */
export function makeZip(files: Record<string, string | Buffer>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const raw = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
    const data = deflateRawSync(raw);
    const nameBytes = Buffer.from(name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc32(raw), 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc32(raw), 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(raw.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
