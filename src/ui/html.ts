import { escapeHtml } from '../report/render/escape.js';

/** Markup that is already safe: only `html` templates and vetted renderers make one. */
export class SafeHtml {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

type Interpolation = SafeHtml | string | number | null | undefined | false | readonly Interpolation[];

function render(value: Interpolation): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/**
 * A template tag that escapes every interpolated value unless it is SafeHtml, so a prompt, a
 * message or a tool name can never become markup by forgetting to escape it: escaping is the
 * default and opting out takes a type. Arrays are joined, and null, undefined and false render
 * nothing, so conditional parts read naturally.
 * @example
 * html`<td>${'<img src=x onerror=alert(1)>'}</td>`.text; // '<td>&lt;img src=x onerror=alert(1)&gt;</td>'
 */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    out += render(value) + (strings[index + 1] ?? '');
  });
  return new SafeHtml(out);
}
