/**
 * Just enough XML for metadata source files (`*.namedCredential`, `*.connectedApp`, ...):
 * elements, text, CDATA and the five entities. Attributes are dropped (only xmlns/xsi appear).
 * Repeated children become arrays, so callers read lists with `asArray`.
 */

export type XmlValue = string | XmlObject | XmlValue[];
export interface XmlObject {
  [name: string]: XmlValue;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number.parseInt(entity.slice(1), 10));
    return ENTITIES[entity];
  });
}

interface Frame {
  name: string;
  children: XmlObject;
  text: string;
  hasChildren: boolean;
}

function addChild(parent: Frame, name: string, value: XmlValue): void {
  parent.hasChildren = true;
  const existing = parent.children[name];
  if (existing === undefined) parent.children[name] = value;
  else if (Array.isArray(existing)) existing.push(value);
  else parent.children[name] = [existing, value];
}

/** Parses a document into `{ RootName: { child: 'text', ... } }`. Throws on unbalanced tags. */
export function parseXml(xml: string): XmlObject {
  const root: Frame = { name: '#document', children: {}, text: '', hasChildren: false };
  const stack: Frame[] = [root];
  const token =
    /<!\[CDATA\[([\s\S]*?)\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>|<\/\s*([^\s>]+)\s*>|<([^\s/>]+)([^>]*?)(\/?)>|([^<]+)/g;
  for (let m = token.exec(xml); m !== null; m = token.exec(xml)) {
    const top = stack[stack.length - 1];
    if (m[1] !== undefined) top.text += m[1];
    else if (m[2] !== undefined) {
      const closing = stack.pop();
      if (!closing || closing.name !== m[2] || stack.length === 0)
        throw new Error(`unbalanced XML at </${m[2]}>`);
      const value: XmlValue = closing.hasChildren ? closing.children : closing.text;
      addChild(stack[stack.length - 1], localName(closing.name), value);
    } else if (m[3] !== undefined) {
      const frame: Frame = { name: m[3], children: {}, text: '', hasChildren: false };
      if (m[5] === '/') addChild(top, localName(m[3]), '');
      else stack.push(frame);
    } else if (m[6] !== undefined) top.text += decode(m[6]);
  }
  if (stack.length !== 1) throw new Error(`unclosed XML element <${stack[stack.length - 1].name}>`);
  return root.children;
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
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
