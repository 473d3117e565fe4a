/** The CDK app (`npm run cdk -- synth -c config=path/to/config.json`). */
import { createApp } from '../lib/app';

createApp().app.synth();
