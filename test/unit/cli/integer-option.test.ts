import { ValidationError } from 'agentver';
import { describe, expect, it } from 'vitest';
import { collect, integerOption } from '../../../src/cli/run-command.js';

describe('integerOption', () => {
  it('reads decimal integers at or above the minimum, allowing surrounding spaces', () => {
    const limit = integerOption('--limit', 1);
    expect(limit('1')).toBe(1);
    expect(limit('20')).toBe(20);
    expect(limit(' 7 ')).toBe(7);
    expect(limit('007')).toBe(7);
    expect(limit('9007199254740991')).toBe(9_007_199_254_740_991);
    expect(integerOption('--offset', -5)('-5')).toBe(-5);
    expect(integerOption('--version', 0)('0')).toBe(0);
  });

  it('refuses below the minimum, naming the option and the value', () => {
    expect(() => integerOption('--limit', 1)('0')).toThrow(
      new ValidationError([{ field: '--limit', rule: 'must be an integer >= 1, got "0"' }], 'option'),
    );
    expect(() => integerOption('--limit', 1)('0')).toThrow('invalid option: --limit: must be an integer >= 1, got "0"');
    expect(() => integerOption('--offset', -5)('-6')).toThrow('invalid option: --offset: must be an integer >= -5, got "-6"');
  });

  it('refuses what is not a plain decimal integer: fractions, exponents, hex, signs, empty, unsafe', () => {
    const version = integerOption('--version', 1);
    for (const text of ['1.5', '1.0', '1e3', '0x10', '+3', '', ' ', 'ten', '9007199254740992', 'Infinity']) {
      let thrown: unknown;
      try {
        version(text);
      } catch (error) {
        thrown = error;
      }
      expect(thrown, text).toBeInstanceOf(ValidationError);
      expect((thrown as ValidationError).problems).toEqual([{ field: '--version', rule: `must be an integer >= 1, got "${text}"` }]);
      expect((thrown as ValidationError).exitCode).toBe(2);
    }
  });
});

describe('collect', () => {
  it('gathers a repeated option in order, starting empty', () => {
    expect(collect('a')).toEqual(['a']);
    expect(collect('b', ['a'])).toEqual(['a', 'b']);
    const previous = ['a'];
    collect('b', previous);
    expect(previous).toEqual(['a']);
  });
});
