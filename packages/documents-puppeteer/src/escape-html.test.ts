import { escapeHtml, html, SafeHtml } from './escape-html';

describe('escapeHtml', () => {
  it('escapes the characters that end text or a quoted attribute', () => {
    expect(escapeHtml(`<a href="x" title='y'>&\`</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&#96;&lt;/a&gt;');
  });

  it('leaves other text as it is, numbers included', () => {
    expect(escapeHtml('Ünïcödé 日本 € 12.50')).toBe('Ünïcödé 日本 € 12.50');
    expect(escapeHtml(42)).toBe('42');
  });
});

describe('html tag', () => {
  it('escapes every interpolated value and keeps nested fragments', () => {
    const name = '<script>alert(1)</script>';
    const inner = html`<b>${name}</b>`;
    expect(html`<p title="${name}">${inner}${[name, html`<i>ok</i>`]}${null}${undefined}${false}${7}</p>`.value).toBe(
      '<p title="&lt;script&gt;alert(1)&lt;/script&gt;"><b>&lt;script&gt;alert(1)&lt;/script&gt;</b>&lt;script&gt;alert(1)&lt;/script&gt;<i>ok</i>7</p>',
    );
  });

  it('does not trust objects that merely look like fragments', () => {
    const forged = { value: '<img src=x>', toString: () => '<img src=x>' } as unknown as string;
    expect(html`${forged}`.value).toBe('&lt;img src=x&gt;');
    expect(html`${new SafeHtml('<br>')}`.value).toBe('<br>');
  });
});
