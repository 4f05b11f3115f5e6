import { escapeLike } from './text-search';

describe('escapeLike', () => {
  it('escapes both LIKE wildcards and the escape character', () => {
    expect(escapeLike('100%_off\\')).toBe('100\\%\\_off\\\\');
    expect(escapeLike('plain text')).toBe('plain text');
  });
});
