/** The CDK app (`npm run cdk -- synth -c config=path/to/config.json`). */
import { ConfigError } from '../lambdas/core/config';
import { createApp } from '../lib/app';

try {
  createApp().app.synth();
} catch (error) {
  // A configuration mistake is the user's to fix: the message alone, not a Node crash around it.
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`cert-sentinel: ${error.message}\n`);
  // Now, before the App's exit-time auto-synth writes a half-built stack and its warnings.
  process.exit(1);
}
