/** A bad configuration stops synth with a message naming the field, before anything is built. */
import { buildApp, minimalConfig, writeConfig } from './helpers';

test('a schema error names the field', () => {
  const config = minimalConfig();
  (config.orgs as Array<Record<string, unknown>>)[0].name = 'has spaces';
  expect(() => buildApp(writeConfig(config))).toThrow(/orgs\.0\.name: must be 1-64 letters/);
});

test('a bad schedule names the field', () => {
  expect(() => buildApp(writeConfig({ ...minimalConfig(), schedule: 'daily' }))).toThrow(
    /schedule: must be cron\(\.\.\.\) or rate\(\.\.\.\)/,
  );
});

test('a key that only the CLI can read is refused for AWS, naming the field', () => {
  const config = minimalConfig();
  (config.orgs as Array<Record<string, unknown>>)[0].auth = {
    type: 'jwt',
    clientId: 'id',
    username: 'u@acme.example',
    privateKeyFile: 'keys/acme.pem',
  };
  config.probes = [
    { host: 'mtls.partner.example', clientCertificate: { certFile: 'c.pem', keyFile: 'k.pem' } },
  ];
  expect(() => buildApp(writeConfig(config))).toThrow(/orgs\.0\.auth\.privateKeySecret: required in AWS/);
  expect(() => buildApp(writeConfig(config))).toThrow(
    /probes\.0\.clientCertificate: only \{ "secret": \.\.\. \} works in AWS/,
  );
});

test('a configuration too large for a Lambda environment fails synth naming the function', () => {
  const certificates = Object.fromEntries(
    Array.from({ length: 80 }, (_, i) => [
      `certificate_${i}`,
      { owner: `owner-${i}@acme.example`, externalSystem: `Partner ${i}` },
    ]),
  );
  expect(() => buildApp(writeConfig({ ...minimalConfig(), certificates }))).toThrow(
    /^Evaluate: the configuration this function needs is \d+ bytes/,
  );
});

test('a missing configuration file fails with its path', () => {
  expect(() => buildApp('/nonexistent/sentinel.json')).toThrow(/sentinel\.json/);
});
