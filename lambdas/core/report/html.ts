/**
 * The one HTML escaper, and the `html` tagged template every page and widget is written with:
 * each interpolation is escaped unless it is markup `html` itself made, so a value cannot reach
 * the page unescaped by forgetting a call. Certificate subjects, names and owners are untrusted.
 */
import { stripControls } from './render-format';

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text for element content and quoted attributes alike (control characters dropped). */
export function escapeHtml(value: string | number): string {
  return stripControls(String(value)).replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]);
}

/** Markup that is safe as it is: made by `html` (its values escaped) or by `trustedHtml`. */
export class SafeHtml {
  readonly #markup: string;
  private constructor(markup: string) {
    this.#markup = markup;
  }
  /** @internal Only this module makes SafeHtml. */
  static of(markup: string): SafeHtml {
    return new SafeHtml(markup);
  }
  toString(): string {
    return this.#markup;
  }
}

/** What may be interpolated: text and numbers (escaped), markup, nothing, or lists of these. */
export type HtmlValue = string | number | SafeHtml | null | undefined | false | readonly HtmlValue[];

function markupOf(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.toString();
  if (Array.isArray(value)) return value.map(markupOf).join('');
  return escapeHtml(value as string | number);
}

/** html`<td>${name}</td>`: the template's own text is markup, every value is escaped. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0];
  values.forEach((value, i) => {
    out += markupOf(value) + strings[i + 1];
  });
  return SafeHtml.of(out);
}

/** Joins markup with a separator (itself markup, e.g. a new line or ` ↔ `). */
export function joinHtml(values: readonly HtmlValue[], separator: string): SafeHtml {
  return SafeHtml.of(values.map(markupOf).join(separator));
}

/**
 * Markup written in this code base rather than taken from data (the page's CSS): the one way
 * around escaping, for constants only.
 */
export function trustedHtml(markup: string): SafeHtml {
  return SafeHtml.of(markup);
}
