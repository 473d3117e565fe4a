/**
 * Metadata source files (`*.namedCredential`, `*.connectedApp`, ...) as plain objects, read with
 * xml2js, the parser jsforce already ships (so the Lambda bundle carries it once), with the
 * options jsforce's own HTTP layer uses: `explicitArray: false`, so a single child is a value and
 * repeated children are an array (callers read lists with `asArray`). Attributes are dropped
 * (only xmlns/xsi appear in metadata files) and namespace prefixes stripped.
 */
import { Parser, processors } from 'xml2js';

export type XmlValue = string | XmlObject | XmlValue[];
export interface XmlObject {
  [name: string]: XmlValue;
}

const OPTIONS = {
  explicitArray: false,
  ignoreAttrs: true,
  tagNameProcessors: [processors.stripPrefix],
  // Synchronous: with `async: false` xml2js calls back before parseString returns.
  async: false,
};

/** Parses a document into `{ RootName: { child: 'text', ... } }`. Throws on malformed XML. */
export function parseXml(xml: string): XmlObject {
  let result: XmlObject | undefined;
  let failure: Error | undefined;
  new Parser(OPTIONS).parseString(xml, (error: Error | null, value: XmlObject | null) => {
    if (error) failure = error;
    else result = value ?? {};
  });
  if (failure) throw new Error(`malformed XML: ${failure.message.split('\n')[0]}`);
  if (result === undefined) throw new Error('malformed XML: the parser returned nothing');
  return result;
}

export function asArray(value: XmlValue | undefined): XmlValue[] {
  if (value === undefined || value === '') return [];
  return Array.isArray(value) ? value : [value];
}

export function text(value: XmlValue | undefined): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

export function child(value: XmlValue | undefined, name: string): XmlValue | undefined {
  return value !== undefined && typeof value === 'object' && !Array.isArray(value) ? value[name] : undefined;
}
