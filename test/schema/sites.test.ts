// The source scan that finds the validator's reader calls (src/schema/sites.ts): only code counts,
// not comments, strings, template text or regular expressions; code inside `${…}` does.
import { describe, expect, it } from 'vitest';
import { codeOnly } from '../../src/schema/sites.js';

/** The lines of `text` whose code calls `.number(`. */
function numberLines(text: string): number[] {
  return codeOnly(text).split('\n').flatMap((line, i) => (/\.number\(/.test(line) ? [i + 1] : []));
}

describe('codeOnly', () => {
  it('keeps calls in code and blanks them in comments and strings, keeping lines', () => {
    const text = [
      "const a = f.number('a');",
      "// f.number('b') in a comment",
      "/* f.number('c')",
      "   still a comment */ const d = f.number('d');",
      "const e = \"f.number('e')\";",
      "const g = 'f.number(\"g\")';",
    ].join('\n');
    expect(numberLines(text)).toEqual([1, 4]);
    expect(codeOnly(text).length).toBe(text.length);
  });

  it('blanks template text but keeps the code inside ${…}, nested braces and templates included', () => {
    const text = [
      'const m = `f.number(1) ${f.number(\'x\')} and ${ { a: 1 }.a } f.number(2)`;',
      'const n = `${`inner ${f.number(\'y\')}`} f.number(3)`;',
      'const o = `',
      "  f.number('z')`; f.number('after');",
    ].join('\n');
    expect(numberLines(text)).toEqual([1, 2, 4]);
    expect(codeOnly(text).split('\n')[3]).toBe("               `; f.number('     ');");
  });

  it('blanks regular expression literals, whose quotes would otherwise open a string', () => {
    const text = [
      "const p = f.string('d', { pattern: /^[^\\r\\n\"]$/, rule: 'x' });",
      "const q = f.number('q'); const r = a / b / c; f.number('s');",
      "const t = /[/]f.number(/.test(x);",
    ].join('\n');
    expect(numberLines(text)).toEqual([2]);
    // Division is not a regular expression: what follows it stays code.
    expect(codeOnly(text).split('\n')[1]).toBe("const q = f.number(' '); const r = a / b / c; f.number(' ');");
  });
});
