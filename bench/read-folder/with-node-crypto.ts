/** `node with-node-crypto.js DIR`: the folder read with node:crypto alone (bench/run.ts bundles and times it). */
import { readFolder } from './folder';
import { nodeCryptoFields } from './node-crypto-fields';

readFolder(process.argv[2], (_name, data) => nodeCryptoFields(data));
