/**
 * The defaults every Cert Sentinel function shares, in one construct, so that the stack reads as
 * wiring: Node 24 on arm64, bundled by the local esbuild (no Docker), minified with source maps,
 * an explicit log group with retention, X-Ray tracing, and its own role that only ever receives
 * inline statements (no managed policies). Bindings set an environment variable and grant the
 * matching permission in one call, so the two cannot drift apart.
 */
import * as path from 'node:path';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Policy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Architecture, type IDestination, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct, type IConstruct } from 'constructs';
import type { ConfigInput } from '../lambdas/core/config';
import { ENV, type EnvName } from '../lambdas/shared/environment';
import { acknowledgeWildcards } from './nag';
import { decryptViaSecretsManager, readNamedSecrets } from './secret-access';

/** The repository root: entries are relative to it and the lock file is there. */
export const PROJECT_ROOT = path.resolve(__dirname, '..');

/** Every function the stack deploys, by construct id, with its entry module. */
export const FUNCTION_ENTRIES = {
  CollectOrg: 'lambdas/collect-org/handler.ts',
  CollectPartner: 'lambdas/collect-partner/handler.ts',
  Probe: 'lambdas/probe/handler.ts',
  Evaluate: 'lambdas/evaluate/handler.ts',
  SecretChange: 'lambdas/evaluate/secret-change.ts',
  DashboardWidget: 'lambdas/dashboard-widget/handler.ts',
} as const;

export type FunctionName = keyof typeof FUNCTION_ENTRIES;

export const RUNTIME = Runtime.NODEJS_24_X;

/**
 * The AWS SDK v3 is not bundled: every `@aws-sdk/*` import is left to the copy the nodejs24.x
 * runtime ships (in /var/runtime/node_modules, on the runtime's NODE_PATH). The trade-off: the
 * deployed functions run the runtime's SDK version, not the one in package-lock.json (AWS
 * updates it with the runtime, usually a few minor versions behind npm; Cert Sentinel only uses
 * long-stable calls of S3, DynamoDB, SNS, Secrets Manager and STS), in exchange for bundles
 * several hundred KB smaller per client and shorter code downloads at cold start. Pin the SDK
 * by setting `bundleAwsSDK: true` and `externalModules: []` here if you need a newer SDK than the
 * runtime carries. The bundle test and benchmark load each bundle with NODE_PATH pointing at a
 * directory that holds only `@aws-sdk` (bench/bundles.ts `runtimeNodePath`), as the runtime does.
 */
export const SDK_EXTERNALS = ['@aws-sdk/*'];

/**
 * The keystore readers (PKCS#12 via node-forge, JKS via jks-js), loaded lazily by
 * lambdas/core/certificates/parse.ts and lambdas/adapters/secrets-manager/client-credential.ts,
 * which take only the modules they need (lambdas/core/certificates/keystore-libraries.ts; an
 * external package name also covers its subpaths, such as `node-forge/lib/pkcs12`).
 * Functions that never see a keystore leave them out (SentinelFunctionProps.readsKeystores); if
 * such a function met one anyway, the lazy require fails inside `parseCertificateInput`, which
 * turns it into an error on that one input, never a crashed function.
 */
export const KEYSTORE_MODULES = ['node-forge', 'jks-js'];

/**
 * esbuild options for every function (minified CommonJS for node24, linked source map without
 * sources content). The bundle test and the bundle benchmark build with these too.
 */
export const BUNDLING: BundlingOptions = {
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  target: 'node24',
  format: OutputFormat.CJS,
  bundleAwsSDK: false,
  // Explicit, because `externalModules` replaces the list bundleAwsSDK would imply.
  externalModules: SDK_EXTERNALS,
  logLevel: LogLevel.WARNING,
};

/** The bundling options of one function: the shared ones, plus the keystore readers left out when it never reads one. */
export function bundlingFor(readsKeystores: boolean): BundlingOptions {
  return readsKeystores
    ? BUNDLING
    : { ...BUNDLING, externalModules: [...SDK_EXTERNALS, ...KEYSTORE_MODULES] };
}

/** Lambda allows 4 KB for all environment variables; leave room for the names and ARNs bound next to it. */
export const CONFIG_ENV_BUDGET_BYTES = 3_000;

export interface SentinelFunctionProps {
  /** Module with the `handler` export, relative to the repository root (see FUNCTION_ENTRIES). */
  readonly entry: string;
  readonly description: string;
  /**
   * The configuration slice this function needs, passed as CONFIG_JSON (names and ARNs only).
   * @default - no CONFIG_JSON
   */
  readonly config?: ConfigInput;
  /** @default Duration.seconds(30) */
  readonly timeout?: Duration;
  /** @default 512 (arm64 CPU scales with memory; 512 MB keeps cold starts short) */
  readonly memorySize?: number;
  /** @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays;
  /**
   * Where a failed asynchronous invocation goes once retries are spent. Set it for functions that
   * are invoked asynchronously (EventBridge); synchronous callers (Step Functions, the dashboard)
   * see the error themselves.
   * @default - none
   */
  readonly onFailure?: IDestination;
  /** Retries of a failed asynchronous invocation. @default 2 */
  readonly retryAttempts?: number;
  /**
   * Whether the function can meet a PKCS#12 or JKS keystore (partner secrets, probe client
   * certificates). When false, node-forge and jks-js are left out of its bundle (KEYSTORE_MODULES).
   */
  readonly readsKeystores: boolean;
}

export class SentinelFunction extends Construct {
  public readonly lambdaFunction: NodejsFunction;
  public readonly role: Role;
  public readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: SentinelFunctionProps) {
    super(scope, id);
    if (!Object.values(FUNCTION_ENTRIES).includes(props.entry as never)) {
      throw new Error(`SentinelFunction ${id}: entry ${props.entry} is not listed in FUNCTION_ENTRIES`);
    }
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Cert Sentinel ${id}: inline least-privilege statements only`,
    });
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.lambdaFunction = new NodejsFunction(this, 'Function', {
      entry: path.join(PROJECT_ROOT, props.entry),
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
      description: props.description,
      runtime: RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(30),
      role: this.role,
      logGroup: this.logGroup,
      tracing: Tracing.ACTIVE,
      bundling: bundlingFor(props.readsKeystores),
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        ...(props.config ? { [ENV.config]: configJson(id, props.config) } : {}),
      },
      onFailure: props.onFailure,
      retryAttempts: props.onFailure ? (props.retryAttempts ?? 2) : undefined,
    });
    // Explicit, so the role needs no AWSLambdaBasicExecutionRole managed policy.
    this.logGroup.grantWrite(this.role);
    acknowledgeWildcards(
      this.defaultPolicy(),
      ['*'],
      [],
      'X-Ray PutTraceSegments and PutTelemetryRecords have no resource-level permissions (tracing is on for every function).',
    );
  }

  /** Adds inline statements to the function's own role. */
  addToRolePolicy(...statements: PolicyStatement[]): void {
    for (const statement of statements) this.role.addToPrincipalPolicy(statement);
  }

  /**
   * Read access to exact object keys or key patterns in the snapshot bucket, and write access to
   * key patterns. ListBucket makes a missing key a 404 (first run) instead of a 403.
   */
  bindSnapshots(bucket: IBucket, access: { read?: string[]; write?: string[] }): void {
    this.setEnv(ENV.snapshotBucket, bucket.bucketName);
    const read = access.read ?? [];
    const write = access.write ?? [];
    const statements: PolicyStatement[] = [];
    if (read.length > 0) {
      statements.push(
        new PolicyStatement({
          actions: ['s3:GetObject'],
          resources: read.map((k) => bucket.arnForObjects(k)),
        }),
        new PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }),
      );
    }
    if (write.length > 0) {
      statements.push(
        new PolicyStatement({
          actions: ['s3:PutObject'],
          resources: write.map((k) => bucket.arnForObjects(k)),
        }),
      );
    }
    this.addToRolePolicy(...statements);
    const wildcards = [...read, ...write].filter((k) => k.includes('*')).map((k) => bucket.arnForObjects(k));
    acknowledgeWildcards(
      this.defaultPolicy(),
      wildcards,
      [],
      'Snapshot objects are named per scan (scans/<scanId>/...) or per kind (latest/...); the pattern is limited to that prefix of the one snapshot bucket.',
    );
  }

  /**
   * The alert state table, with exactly the calls DynamoDbAlertState makes: Scan to load, and
   * conditional PutItem/DeleteItem (optimistic concurrency, one item each) to save.
   */
  bindAlertState(table: ITable): void {
    this.setEnv(ENV.alertStateTable, table.tableName);
    this.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:Scan', 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
        resources: [table.tableArn],
      }),
    );
  }

  /**
   * Publish to a KMS-encrypted topic. Written out instead of `topic.grantPublish`, whose key
   * grant uses the `kms:GenerateDataKey*` wildcard.
   */
  bindTopic(name: EnvName, topic: ITopic, key: IKey): void {
    this.setEnv(name, topic.topicArn);
    this.addToRolePolicy(
      new PolicyStatement({ actions: ['sns:Publish'], resources: [topic.topicArn] }),
      new PolicyStatement({ actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [key.keyArn] }),
    );
  }

  /** Publish to the chat topics (each with the minimum tier it carries, in the environment as JSON). */
  bindChatTopics(topics: Array<{ minTier: string; topic: ITopic }>, key: IKey): void {
    this.setEnv(
      ENV.chatTopics,
      Stack.of(this).toJsonString(
        topics.map(({ minTier, topic }) => ({ minTier, topicArn: topic.topicArn })),
      ),
    );
    this.addToRolePolicy(
      new PolicyStatement({ actions: ['sns:Publish'], resources: topics.map((t) => t.topic.topicArn) }),
      new PolicyStatement({ actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [key.keyArn] }),
    );
  }

  /** Names one secret in the environment and grants reading exactly that secret. */
  bindSecret(name: EnvName, ref: string): void {
    this.setEnv(name, ref);
    this.addToRolePolicy(...readNamedSecrets(this, [ref]));
  }

  /**
   * kms:Decrypt through Secrets Manager in these regions, for secrets encrypted with a
   * customer-managed key. Its own policy, so the `*` resource acknowledgement covers nothing else.
   */
  grantSecretsKeyDecrypt(regions: string[]): void {
    const statement = decryptViaSecretsManager(regions);
    if (!statement) return;
    const policy = new Policy(this, 'SecretsKeyDecrypt', { statements: [statement], roles: [this.role] });
    acknowledgeWildcards(
      policy,
      ['*'],
      [],
      'Partner secrets may be encrypted with customer-managed KMS keys the stack cannot name at synth; kms:Decrypt is limited by kms:ViaService to Secrets Manager in the regions the function reads secrets from, and each key policy must still allow this role.',
    );
  }

  private setEnv(name: EnvName, value: string): void {
    this.lambdaFunction.addEnvironment(name, value);
  }

  private defaultPolicy(): IConstruct {
    // Created by the log group grant in the constructor, so it always exists here.
    return this.role.node.findChild('DefaultPolicy');
  }
}

function configJson(id: string, config: ConfigInput): string {
  const json = JSON.stringify(config);
  const bytes = Buffer.byteLength(json, 'utf8');
  if (bytes > CONFIG_ENV_BUDGET_BYTES) {
    throw new Error(
      `${id}: the configuration this function needs is ${bytes} bytes as CONFIG_JSON; Lambda allows 4 KB of ` +
        `environment variables in total and Cert Sentinel keeps ${CONFIG_ENV_BUDGET_BYTES} bytes for it. ` +
        'Shorten certificate metadata (owners can also come from secret tags) or split the orgs over two stacks.',
    );
  }
  return json;
}
