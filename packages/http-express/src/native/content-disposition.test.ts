import { asciiFallback, attachmentDisposition } from './content-disposition';

describe('attachmentDisposition', () => {
  it('gives a plain name as both filename and filename*', () => {
    expect(attachmentDisposition('proof-v2.png')).toBe(`attachment; filename="proof-v2.png"; filename*=UTF-8''proof-v2.png`);
  });

  it('percent-encodes UTF-8 in filename* and replaces non-ASCII in the fallback', () => {
    expect(attachmentDisposition('épreuve 日本.pdf')).toBe(
      `attachment; filename="_preuve __.pdf"; filename*=UTF-8''%C3%A9preuve%20%E6%97%A5%E6%9C%AC.pdf`,
    );
  });

  it('never lets a name end the quoted string or add a parameter', () => {
    const header = attachmentDisposition('a"; filename*=UTF-8\'\'evil.html; x=".png');
    expect(header).toBe(
      `attachment; filename="a_; filename*=UTF-8''evil.html; x=_.png"; filename*=UTF-8''a%22%3B%20filename%2A%3DUTF-8%27%27evil.html%3B%20x%3D%22.png`,
    );
    // Exactly the two parameters we wrote: the quoted fallback holds no quote, the encoded value no separator.
    expect(header.match(/"/g)).toHaveLength(2);
    expect(header.split("filename*=UTF-8''").pop()).toMatch(/^[A-Za-z0-9!#$&+\-.^_`|~%]+$/);
  });

  it('replaces backslashes, percent signs, slashes and control characters in the fallback', () => {
    expect(asciiFallback('a\\b%41/c\r\nd.txt')).toBe('a_b_41_c__d.txt');
    expect(attachmentDisposition("it's (draft) *1*.txt")).toBe(
      `attachment; filename="it's (draft) *1*.txt"; filename*=UTF-8''it%27s%20%28draft%29%20%2A1%2A.txt`,
    );
  });

  it('falls back to "file" when nothing printable is left', () => {
    expect(asciiFallback('日本')).toBe('__');
    expect(asciiFallback('   ')).toBe('file');
  });
});
