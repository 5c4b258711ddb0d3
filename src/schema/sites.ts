// The lines of src/ that call the validator's readers (Fields methods, fields(), new Fields,
// checkNumber), found in the source text. The schema test compares them with the lines the corpus
// reached in recording mode (record.ts): a reader the corpus never runs is a part of the format
// the schema says nothing about.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

const METHODS = /\.\s*(allow|string|enum|number|boolean|object|list)\s*\(/g;
const CHECK_IMPORT = /import\s+(?:type\s+)?\{([^}]*)\}\s*from\s*'(?:\.\.\/scenario\/|\.\/)check\.js'/g;

/** `root`-relative paths of the .ts files under src/ that import from src/scenario/check.ts (not check.ts itself, nor src/schema). */
export function readerFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith('.ts')) out.push(relative(root, full).split('\\').join('/'));
    }
  };
  walk(join(root, 'src'));
  return out.filter((f) => f !== 'src/scenario/check.ts' && !f.startsWith('src/schema/'));
}

/** `file:line` of every call of a reader in the files of readerFiles (a line with several counts once). */
export function readerSites(root: string): string[] {
  const sites = new Set<string>();
  for (const file of readerFiles(root)) {
    const text = readFileSync(join(root, file), 'utf8');
    const imported = new Set<string>();
    for (const m of text.matchAll(CHECK_IMPORT)) for (const name of m[1]!.split(',')) imported.add(name.replace(/^\s*type\s+/, '').trim());
    if (imported.size === 0) continue;
    const code = codeOnly(text);
    const patterns = [METHODS];
    if (imported.has('fields')) patterns.push(/(?<![\w$.]|function\s)fields\s*\(/g);
    if (imported.has('checkNumber')) patterns.push(/(?<![\w$.]|function\s)checkNumber\s*\(/g);
    if (imported.has('Fields')) patterns.push(/\bnew\s+Fields\s*\(/g);
    for (const pattern of patterns) {
      for (const m of code.matchAll(pattern)) {
        const at = m.index + (m[0].startsWith('.') ? m[0].indexOf(m[1]!) : m[0].startsWith('new') ? m[0].indexOf('Fields') : 0);
        sites.add(`${file}:${lineAt(code, at)}`);
      }
    }
  }
  return [...sites].sort(compareSites);
}

/** By file, then by line number. */
export function compareSites(a: string, b: string): number {
  const [fa, la] = splitSite(a);
  const [fb, lb] = splitSite(b);
  return fa < fb ? -1 : fa > fb ? 1 : la - lb;
}

function splitSite(s: string): [string, number] {
  const i = s.lastIndexOf(':');
  return [s.slice(0, i), Number(s.slice(i + 1))];
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * The text with comments, string and template text and regular expression literals blanked
 * (newlines kept, so lines still count), and the code inside `${…}` kept: what is left is code.
 */
export function codeOnly(text: string): string {
  const out = text.split('');
  const blank = (from: number, to: number) => {
    for (let i = from; i < to; i++) if (out[i] !== '\n') out[i] = ' ';
  };
  /** Brace depth of each open `${`, innermost last: its closing brace resumes the template. */
  const templates: number[] = [];
  let depth = 0;
  let last = '';
  let i = 0;
  const template = (start: number): void => {
    // From just after a backtick or a `}` closing `${…}`, to the closing backtick or the next `${`.
    let j = start;
    while (j < text.length && text[j] !== '`') {
      if (text[j] === '\\') j += 2;
      else if (text[j] === '$' && text[j + 1] === '{') {
        blank(start, j);
        templates.push(depth);
        depth++;
        i = j + 2;
        last = '{';
        return;
      } else j++;
    }
    blank(start, j);
    i = j + 1;
    last = '`';
  };
  while (i < text.length) {
    const ch = text[i]!;
    const next = text[i + 1];
    if (ch === '/' && next === '/') {
      const end = text.indexOf('\n', i);
      const to = end < 0 ? text.length : end;
      blank(i, to);
      i = to;
    } else if (ch === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      const to = end < 0 ? text.length : end + 2;
      blank(i, to);
      i = to;
    } else if (ch === '"' || ch === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== ch && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      blank(i + 1, j);
      i = j + 1;
      last = ch;
    } else if (ch === '`') {
      template(i + 1);
    } else if (ch === '/' && (last === '' || '(,=:[!&|?{};+-*%<>~^'.includes(last) || /\b(return|typeof|case)$/.test(text.slice(Math.max(0, i - 8), i).trimEnd()))) {
      // A regular expression literal: up to the unescaped / outside a character class.
      let j = i + 1;
      let inClass = false;
      while (j < text.length && text[j] !== '\n' && (inClass || text[j] !== '/')) {
        if (text[j] === '\\') j++;
        else if (text[j] === '[') inClass = true;
        else if (text[j] === ']') inClass = false;
        j++;
      }
      blank(i + 1, j);
      i = j + 1;
      last = '/';
    } else {
      if (ch === '{') depth++;
      else if (ch === '}') {
        depth--;
        if (templates.length > 0 && templates[templates.length - 1] === depth) {
          templates.pop();
          template(i + 1);
          continue;
        }
      }
      if (!/\s/.test(ch)) last = ch;
      i++;
    }
  }
  return out.join('');
}
