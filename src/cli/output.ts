import type { CliIO } from './context.js';

/** `value` as indented JSON on stdout. */
export const print = (io: CliIO, value: unknown) => io.stdout(`${JSON.stringify(value, null, 2)}\n`);

/** Columns padded to their widest cell, two spaces apart (or `separator`). */
export function table(header: string[], rows: string[][], separator = '  '): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  return [header, ...rows]
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join(separator)
        .trimEnd(),
    )
    .join('\n');
}

/**
 * `text` cut into lines of at most `width` characters at spaces (a word longer than a line is cut),
 * the first line after `first`, the others after `rest`: what an 80-column CI log shows unbroken.
 */
export function wrap(text: string, width: number, first = '', rest = first): string[] {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (let word of text.split(/\s+/).filter(Boolean)) {
    for (;;) {
      const room = width - line.length - (empty ? 0 : 1);
      if (word.length <= room) {
        line += `${empty ? '' : ' '}${word}`;
        empty = false;
        break;
      }
      if (!empty) {
        lines.push(line);
        line = rest;
        empty = true;
        continue;
      }
      // A word longer than a whole line (a URL, an id): cut where the line ends.
      const cut = Math.max(1, room);
      lines.push(line + word.slice(0, cut));
      word = word.slice(cut);
      line = rest;
      if (word === '') break;
    }
  }
  if (!empty || lines.length === 0) lines.push(line);
  return lines;
}

/** Seconds as `1h02m`, `3m05s`, `42s`. */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s >= 3600) return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${s}s`;
}
