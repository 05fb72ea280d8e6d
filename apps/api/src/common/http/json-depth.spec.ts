import { jsonNestsDeeperThan, MAX_JSON_DEPTH } from './json-depth';

const deep = (n: number) => Buffer.from(`{"a":${'['.repeat(n)}${']'.repeat(n)}}`);

describe('jsonNestsDeeperThan', () => {
  it('counts arrays and objects together, up to and past the limit', () => {
    expect(jsonNestsDeeperThan(deep(MAX_JSON_DEPTH - 1), MAX_JSON_DEPTH)).toBe(false);
    expect(jsonNestsDeeperThan(deep(MAX_JSON_DEPTH), MAX_JSON_DEPTH)).toBe(true);
    expect(jsonNestsDeeperThan(Buffer.from('{"a":{"b":{"c":[1,{"d":[]}]}}}'), 6)).toBe(false);
    expect(jsonNestsDeeperThan(Buffer.from('{"a":{"b":{"c":[1,{"d":[]}]}}}'), 5)).toBe(true);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    const text = `{"prompt":"${'[{'.repeat(500)} \\" ${'['.repeat(100)}","n":[1]}`;
    expect(JSON.parse(text).n).toEqual([1]);
    expect(jsonNestsDeeperThan(Buffer.from(text), 2)).toBe(false);
    expect(jsonNestsDeeperThan(Buffer.from('{"a":"\\\\","b":[[[]]]}'), 3)).toBe(true);
  });

  it('handles multi-byte UTF-8 text', () => {
    expect(jsonNestsDeeperThan(Buffer.from('{"prompt":"红色熊猫 😀 [[[[","x":[]}'), 2)).toBe(false);
  });
});
