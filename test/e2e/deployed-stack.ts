/**
 * The stack as `cdk synth` builds it, read back from cdk.out for the offline end-to-end suite:
 * the functions (bundle directory, environment, timeout, asynchronous retries and failure
 * destination), the scan state machine's definition with every CloudFormation reference resolved
 * to a local name, which Task state invokes which function, and the secret-change rule. Bundling
 * is real (the local esbuild, the same options as `cdk deploy`), once per test file.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createApp } from '../../lib/app';

export const REGION = 'eu-west-1';
export const ACCOUNT = '123456789012';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface Resource {
  Type: string;
  Properties: Record<string, Json>;
  Metadata?: Record<string, string>;
}

export interface DeployedFunction {
  /** Construct id (CollectOrg, Evaluate, ...). */
  name: string;
  logicalId: string;
  arn: string;
  /** cdk.out asset directory holding index.js. */
  dir: string;
  /** `index.handler` → index.js, export `handler`. */
  handler: string;
  /** The template's variables with references resolved to the local resources. */
  environment: Record<string, string>;
  timeoutSeconds: number;
  memoryMb: number;
  /** EventInvokeConfig of asynchronous invocations, when the template has one. */
  async?: { maximumRetryAttempts: number; onFailureTopicArn?: string };
}

export interface DeployedStack {
  outdir: string;
  template: { Resources: Record<string, Resource> };
  functions: Map<string, DeployedFunction>;
  /** The state machine definition (ASL), references resolved. */
  definition: Record<string, Json>;
  /** Task state name → function name, for every Lambda task of the definition. */
  lambdaTasks: Map<string, string>;
  /** Task state names that publish to SNS. */
  snsTasks: string[];
  bucketName: string;
  tableName: string;
  alertTopicArn: string;
  opsTopicArn: string;
  /** The EventBridge rule that carries Secrets Manager changes, and the function it targets. */
  secretChangeRule: { pattern: Record<string, Json>; target: string };
}

/** Local names for the resources, derived from their logical ids. */
function localValue(logicalId: string, resource: Resource | undefined, attribute?: string): string {
  switch (resource?.Type) {
    case 'AWS::S3::Bucket':
      return attribute === 'Arn' ? `arn:aws:s3:::${bucketName(logicalId)}` : bucketName(logicalId);
    case 'AWS::DynamoDB::Table':
      return attribute === 'Arn' ? `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${logicalId}` : logicalId;
    case 'AWS::SNS::Topic':
      return `arn:aws:sns:${REGION}:${ACCOUNT}:${logicalId}`;
    case 'AWS::Lambda::Function':
      return attribute === 'Arn' || attribute === undefined
        ? `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${logicalId}`
        : logicalId;
    default:
      return `${logicalId}${attribute ? `.${attribute}` : ''}`;
  }
}

const bucketName = (logicalId: string) => logicalId.toLowerCase().replace(/[^a-z0-9-]/g, '-');

const PSEUDO: Record<string, string> = {
  'AWS::Region': REGION,
  'AWS::AccountId': ACCOUNT,
  'AWS::Partition': 'aws',
  'AWS::URLSuffix': 'amazonaws.com',
};

/** Resolves Ref, Fn::GetAtt and Fn::Join against the local names. */
function resolve(value: Json, resources: Record<string, Resource>): Json {
  if (Array.isArray(value)) return value.map((v) => resolve(v, resources));
  if (value === null || typeof value !== 'object') return value;
  if ('Ref' in value) {
    const ref = String(value.Ref);
    return PSEUDO[ref] ?? localValue(ref, resources[ref]);
  }
  if ('Fn::GetAtt' in value) {
    const [id, attribute] = value['Fn::GetAtt'] as [string, string];
    return localValue(id, resources[id], attribute);
  }
  if ('Fn::Join' in value) {
    const [separator, parts] = value['Fn::Join'] as [string, Json[]];
    return parts.map((p) => String(resolve(p, resources))).join(separator);
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, resources)]));
}

/** Synthesizes the app for `configPath` with bundling on and reads what the suite needs. */
export function synthesizeStack(configPath: string): DeployedStack {
  const outdir = mkdtempSync(path.join(tmpdir(), 'sentinel-e2e-cdk-'));
  const { app, stack } = createApp({
    outdir,
    context: { config: configPath, 'aws:cdk:enable-asset-metadata': true },
  });
  app.synth();
  const template = JSON.parse(
    readFileSync(path.join(outdir, `${stack.artifactId}.template.json`), 'utf8'),
  ) as DeployedStack['template'];
  const resources = template.Resources;
  const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
  const one = (type: string, prefix: string) => {
    const found = ofType(type).find(([id]) => id.startsWith(prefix));
    if (!found) throw new Error(`no ${type} ${prefix}* in the template`);
    return found[0];
  };

  const invokeConfigs = ofType('AWS::Lambda::EventInvokeConfig').map(([, r]) =>
    resolve(r.Properties, resources),
  );
  const functions = new Map<string, DeployedFunction>();
  for (const [logicalId, resource] of ofType('AWS::Lambda::Function')) {
    const asset = resource.Metadata?.['aws:asset:path'];
    if (!asset) continue;
    const name = logicalId.replace(/Function[0-9A-F]{8}$/, '').replace(/Function$/, '');
    const props = resource.Properties;
    const variables = resolve(
      ((props.Environment as { Variables?: Json } | undefined)?.Variables ?? {}) as Json,
      resources,
    ) as Record<string, string>;
    const arn = localValue(logicalId, resource);
    const invokeConfig = invokeConfigs.find((c) => (c as Record<string, Json>).FunctionName === logicalId) as
      | { MaximumRetryAttempts?: number; DestinationConfig?: { OnFailure?: { Destination?: string } } }
      | undefined;
    functions.set(name, {
      name,
      logicalId,
      arn,
      dir: path.join(outdir, asset),
      handler: String(props.Handler),
      environment: variables,
      timeoutSeconds: Number(props.Timeout ?? 3),
      memoryMb: Number(props.MemorySize ?? 128),
      ...(invokeConfig
        ? {
            async: {
              maximumRetryAttempts: invokeConfig.MaximumRetryAttempts ?? 2,
              onFailureTopicArn: invokeConfig.DestinationConfig?.OnFailure?.Destination,
            },
          }
        : {}),
    });
  }
  const functionByArn = (arn: string) =>
    [...functions.values()].find((f) => f.arn === arn || arn.startsWith(`${f.arn}:`));

  const [, machine] = ofType('AWS::StepFunctions::StateMachine')[0];
  const definition = JSON.parse(String(resolve(machine.Properties.DefinitionString, resources))) as Record<
    string,
    Json
  >;
  const lambdaTasks = new Map<string, string>();
  const snsTasks: string[] = [];
  const visit = (states: Record<string, Record<string, Json>>) => {
    for (const [stateName, state] of Object.entries(states)) {
      if (state.Type === 'Task') {
        const resource = String(state.Resource);
        const parameters = (state.Parameters ?? {}) as Record<string, Json>;
        const target = resource.includes(':lambda:')
          ? functionByArn(resource)
          : resource === 'arn:aws:states:::lambda:invoke'
            ? functionByArn(String(parameters.FunctionName))
            : undefined;
        if (target) lambdaTasks.set(stateName, target.name);
        else if (resource.startsWith('arn:aws:states:::sns:publish')) snsTasks.push(stateName);
        else throw new Error(`Task ${stateName}: resource ${resource} is not one the suite can run`);
      }
      const nested = [
        ...(((state.Branches as Json[]) ?? []) as Array<{ States: Record<string, Record<string, Json>> }>),
        ...((state.ItemProcessor ?? state.Iterator)
          ? [(state.ItemProcessor ?? state.Iterator) as never]
          : []),
      ] as Array<{ States: Record<string, Record<string, Json>> }>;
      for (const machineDefinition of nested) visit(machineDefinition.States);
    }
  };
  visit(definition.States as Record<string, Record<string, Json>>);

  const [, rule] = ofType('AWS::Events::Rule')[0];
  const ruleProps = resolve(rule.Properties, resources) as {
    EventPattern: Record<string, Json>;
    Targets: Array<{ Arn: string }>;
  };
  const ruleTarget = functionByArn(ruleProps.Targets[0].Arn);
  if (!ruleTarget) throw new Error('the secret-change rule targets no bundled function');

  return {
    outdir,
    template,
    functions,
    definition,
    lambdaTasks,
    snsTasks,
    bucketName: bucketName(one('AWS::S3::Bucket', 'Snapshots')),
    tableName: one('AWS::DynamoDB::Table', 'AlertState'),
    alertTopicArn: localValue(one('AWS::SNS::Topic', 'Alerts'), { Type: 'AWS::SNS::Topic', Properties: {} }),
    opsTopicArn: localValue(one('AWS::SNS::Topic', 'Ops'), { Type: 'AWS::SNS::Topic', Properties: {} }),
    secretChangeRule: { pattern: ruleProps.EventPattern, target: ruleTarget.name },
  };
}
