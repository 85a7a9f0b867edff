import { describe, expect, it } from 'vitest';
import { closingSuffixForJson, parseToolArguments } from './repair-tool-arguments.js';

describe('parseToolArguments', () => {
  it.each([
    ['{"a":1}', { a: 1 }, false],
    ['', {}, false],
    ['{"a":{"b":[1,2', { a: { b: [1, 2] } }, true],
    ['{"path":"a.tx', { path: 'a.tx' }, true],
    ['{"a":1}}', { a: 1 }, true],
    ['{"a":"}"} <|end|>', { a: '}' }, true],
    ['"{\\"a\\":1}"', { a: 1 }, true],
  ])('%s', (text, input, repaired) => {
    expect(parseToolArguments(text)).toEqual({ input, repaired });
  });

  it('gives up on what is not an object', () => {
    expect(parseToolArguments('[1,2]')).toBeUndefined();
    expect(parseToolArguments('hello')).toBeUndefined();
    expect(parseToolArguments('{"a":}')).toBeUndefined();
  });
});

describe('closingSuffixForJson', () => {
  it('returns what completes unfinished JSON, "" for complete, undefined when closing cannot help', () => {
    expect(closingSuffixForJson('{"a":[1')).toBe(']}');
    expect(closingSuffixForJson('{"a":"x')).toBe('"}');
    expect(closingSuffixForJson('{"a":')).toBe('null}');
    expect(closingSuffixForJson('{}')).toBe('');
    expect(closingSuffixForJson('{} x')).toBeUndefined();
  });
});
