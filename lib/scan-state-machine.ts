/**
 * The "scan" state machine: one Parallel state collects the three kinds of evidence at once
 * (a Map over orgs with bounded concurrency, a Map over secret selectors whose iterations also
 * probe the endpoints their secrets name, a Map over the configured probe targets), then
 * evaluate merges and reports. Only S3 keys and small results travel between
 * states (256 KB payload limit). A collector that fails after its retries becomes a failed source
 * for the report instead of failing the scan; a scan that fails anyway tells the ops topic.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import {
  DefinitionBody,
  Fail,
  JitterType,
  JsonPath,
  LogLevel,
  Map as MapState,
  Parallel,
  Pass,
  Result,
  StateMachine,
  StateMachineType,
  TaskInput,
  type TaskStateBase,
  Timeout,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke, SnsPublish } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import type { ProbeTarget } from '../lambdas/core/config';
import { acknowledgeWildcards } from './nag';

/** Errors worth another try: Lambda's own hiccups, throttling and a task that timed out. */
export const TRANSIENT_ERRORS = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
  'States.Timeout',
];

/**
 * What a caught failure keeps: the whole error output (`{"Error": ..., "Cause": ...}`) as one
 * string. `States.JsonToString($.error)` cannot fail: the Catch's ResultPath always sets `$.error`,
 * while a path into it (`$.error.Cause`) may be absent, and a missing path in a Catch target is
 * itself an uncatchable States.Runtime failure. Evaluate reads it (shared/step-error.ts).
 */
const CAUGHT_ERROR = JsonPath.jsonToString(JsonPath.objectAt('$.error'));

export interface ScanStateMachineProps {
  /** The orgs to collect, one Map iteration each, with their source names (core/source-names). */
  readonly orgs: Array<{ org: string; source: string }>;
  /**
   * Secret selectors by position in `secrets`, one iteration per selector and region, with the
   * source name the collector gives itself, so a caught failure is reported under the same name.
   */
  readonly partners: Array<{ selector: number; region: string; source: string }>;
  readonly probes: ProbeTarget[];
  readonly collectOrg: IFunction;
  readonly collectPartner: IFunction;
  readonly probe: IFunction;
  readonly evaluate: IFunction;
  /** Told when a scan fails outright. */
  readonly opsTopic: ITopic;
  /** The key the ops topic is encrypted with. */
  readonly topicKey: IKey;
  /** Orgs collected at once (each uses that org's Salesforce API allowance). @default 5 */
  readonly orgConcurrency?: number;
  /** Handshakes at once. @default 10 */
  readonly probeConcurrency?: number;
  /** @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays;
}

export class ScanStateMachine extends Construct {
  public readonly stateMachine: StateMachine;
  public readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: ScanStateMachineProps) {
    super(scope, id);
    const scanId = JsonPath.stringAt('$$.Execution.Name');

    const plan = new Pass(this, 'Plan', {
      comment: 'What this deployment scans; fixed at deploy time from the configuration.',
      result: Result.fromObject({ orgs: props.orgs, partners: props.partners, probes: props.probes }),
      resultPath: '$.plan',
    });

    const collectOrgs = new MapState(this, 'CollectOrgs', {
      itemsPath: '$.plan.orgs',
      maxConcurrency: props.orgConcurrency ?? 5,
      itemSelector: {
        org: JsonPath.stringAt('$$.Map.Item.Value.org'),
        source: JsonPath.stringAt('$$.Map.Item.Value.source'),
        scanId,
      },
    });
    collectOrgs.itemProcessor(
      this.invoke('CollectOrg', props.collectOrg, Duration.minutes(5)).addCatch(
        new Pass(this, 'OrgFailed', {
          parameters: { source: JsonPath.stringAt('$.source'), status: 'failed', error: CAUGHT_ERROR },
        }),
        { resultPath: '$.error' },
      ),
    );

    const collectPartners = new MapState(this, 'CollectPartners', {
      itemsPath: '$.plan.partners',
      maxConcurrency: 4,
      itemSelector: {
        selector: JsonPath.numberAt('$$.Map.Item.Value.selector'),
        region: JsonPath.stringAt('$$.Map.Item.Value.region'),
        source: JsonPath.stringAt('$$.Map.Item.Value.source'),
        scanId,
      },
    });
    // Each iteration: collect the selector's secrets, then probe the endpoints those secrets
    // name (`probeEndpoint`) with the same Probe task, then shape the result for evaluate.
    const partnerProbes = new MapState(this, 'ProbePartnerTargets', {
      itemsPath: '$.collect.probeTargets',
      maxConcurrency: props.probeConcurrency ?? 10,
      itemSelector: { target: JsonPath.objectAt('$$.Map.Item.Value') },
      resultPath: '$.probes',
    });
    partnerProbes.itemProcessor(this.probeTask('PartnerProbe', props.probe));
    collectPartners.itemProcessor(
      this.invoke('CollectPartner', props.collectPartner, Duration.minutes(5), undefined, '$.collect')
        .addCatch(
          new Pass(this, 'PartnerFailed', {
            parameters: { source: JsonPath.stringAt('$.source'), status: 'failed', error: CAUGHT_ERROR },
          }),
          { resultPath: '$.error' },
        )
        .next(partnerProbes)
        .next(
          new Pass(this, 'PartnerCollected', {
            comment:
              "The collector's result (CollectResult) with the probes of the endpoints its secrets name.",
            parameters: {
              source: JsonPath.stringAt('$.collect.source'),
              status: JsonPath.stringAt('$.collect.status'),
              key: JsonPath.stringAt('$.collect.key'),
              certificates: JsonPath.numberAt('$.collect.certificates'),
              probes: JsonPath.listAt('$.probes'),
            },
          }),
        ),
    );

    const probeTargets = new MapState(this, 'ProbeTargets', {
      itemsPath: '$.plan.probes',
      maxConcurrency: props.probeConcurrency ?? 10,
      itemSelector: { target: JsonPath.objectAt('$$.Map.Item.Value') },
    });
    probeTargets.itemProcessor(this.probeTask('Probe', props.probe));

    const collect = new Parallel(this, 'Collect', {
      resultSelector: {
        orgs: JsonPath.listAt('$[0]'),
        partners: JsonPath.listAt('$[1]'),
        probes: JsonPath.listAt('$[2]'),
      },
      resultPath: '$.collected',
    })
      .branch(collectOrgs)
      .branch(collectPartners)
      .branch(probeTargets);

    const evaluate = this.invoke('Evaluate', props.evaluate, Duration.minutes(10), {
      scanId,
      orgs: JsonPath.listAt('$.collected.orgs'),
      partners: JsonPath.listAt('$.collected.partners'),
      probes: JsonPath.listAt('$.collected.probes'),
    });

    const notifyOps = new SnsPublish(this, 'NotifyOps', {
      topic: props.opsTopic,
      subject: 'Cert Sentinel: scan failed',
      message: TaskInput.fromText(
        JsonPath.format(
          'The Cert Sentinel scan {} failed. Until a scan succeeds, certificate expiries are not being checked. What failed (error and cause): {} The execution history of the scan state machine has the rest.',
          scanId,
          CAUGHT_ERROR,
        ),
      ),
      resultPath: JsonPath.DISCARD,
    }).next(new Fail(this, 'ScanFailed', { error: 'ScanFailed', cause: 'See the execution history.' }));

    collect.addCatch(notifyOps, { resultPath: '$.error' });
    evaluate.addCatch(notifyOps, { resultPath: '$.error' });

    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stateMachine = new StateMachine(this, 'Resource', {
      stateMachineType: StateMachineType.STANDARD,
      comment: 'Cert Sentinel scan: collect orgs, partner secrets and probes, then evaluate and alert',
      definitionBody: DefinitionBody.fromChainable(plan.next(collect).next(evaluate)),
      timeout: Duration.hours(1),
      tracingEnabled: true,
      logs: { destination: this.logGroup, level: LogLevel.ALL, includeExecutionData: true },
    });
    // SnsPublish grants sns:Publish only; the topic is KMS-encrypted, so publishing needs the key too.
    this.stateMachine.addToRolePolicy(
      new PolicyStatement({
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [props.topicKey.keyArn],
      }),
    );
    const policy = this.stateMachine.role.node.findChild('DefaultPolicy');
    acknowledgeWildcards(
      policy,
      ['*'],
      [],
      'Step Functions log delivery (logs:CreateLogDelivery and friends) and X-Ray (PutTraceSegments, GetSampling*) have no resource-level permissions.',
    );
    acknowledgeWildcards(
      policy,
      [props.collectOrg, props.collectPartner, props.probe, props.evaluate].map(
        (fn) => `${fn.functionArn}:*`,
      ),
      [],
      'LambdaInvoke grants the function and its versions/aliases (<arn>:*); limited to the four scan functions.',
    );
  }

  /**
   * One probe target: the probe task with retries, and a caught failure shaped as a ProbeFailure
   * (`<id>Failed`), so one unreachable endpoint never fails the scan.
   */
  private probeTask(id: string, fn: IFunction): TaskStateBase {
    return this.invoke(id, fn, Duration.minutes(1)).addCatch(
      new Pass(this, `${id}Failed`, {
        parameters: {
          target: JsonPath.format(
            '{}:{}',
            JsonPath.stringAt('$.target.host'),
            JsonPath.stringAt('$.target.port'),
          ),
          error: CAUGHT_ERROR,
        },
      }),
      { resultPath: '$.error' },
    );
  }

  private invoke(
    id: string,
    fn: IFunction,
    timeout: Duration,
    payload?: Record<string, unknown>,
    resultPath?: string,
  ): LambdaInvoke {
    const task = new LambdaInvoke(this, id, {
      lambdaFunction: fn,
      payload: payload ? TaskInput.fromObject(payload) : undefined,
      payloadResponseOnly: true,
      retryOnServiceExceptions: false,
      taskTimeout: Timeout.duration(timeout),
      ...(resultPath ? { resultPath } : {}),
    });
    task.addRetry({
      errors: TRANSIENT_ERRORS,
      interval: Duration.seconds(2),
      maxAttempts: 4,
      backoffRate: 2,
      jitterStrategy: JitterType.FULL,
    });
    return task;
  }
}
