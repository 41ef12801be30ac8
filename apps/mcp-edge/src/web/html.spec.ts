import { escapeHtml, html, joinHtml, pathWithQuery, safeUrl } from './html';

const HOSTILE = `<img src=x onerror=alert(1)>"'\`&`;

describe('html', () => {
  it('should escape every interpolated string, in content and in attributes', () => {
    const rendered = html`<p title="${HOSTILE}">${HOSTILE}</p>`.markup;

    expect(rendered).toBe(
      '<p title="&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&#96;&amp;">&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&#96;&amp;</p>',
    );
    expect(rendered).not.toContain('<img');
  });

  it('should keep markup built by html and escape the strings inside it', () => {
    const name = html`<strong>${HOSTILE}</strong>`;

    expect(html`<li>${name}</li>`.markup).toBe(`<li><strong>${escapeHtml(HOSTILE)}</strong></li>`);
  });

  it('should render lists item by item, and nothing for null, undefined and false', () => {
    const tags = ['a<b', html`<i>c</i>`];

    expect(html`${tags}|${null}${undefined}${false}|${0}`.markup).toBe('a&lt;b<i>c</i>||0');
    expect(joinHtml(['<x>', html`<y></y>`], ', ').markup).toBe('&lt;x&gt;, <y></y>');
  });

  it('should not treat a string that looks like markup as markup', () => {
    const forged = { markup: '<script>alert(1)</script>' };

    expect(html`${String(forged.markup)}`.markup).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe(safeUrl.name, () => {
  it('should keep console paths and http(s) links, and defuse anything else', () => {
    expect(safeUrl('/ui/guests?page=2')).toBe('/ui/guests?page=2');
    expect(safeUrl('https://jaeger.lab/trace/abc')).toBe('https://jaeger.lab/trace/abc');
    expect(safeUrl('javascript:alert(1)')).toBe('#');
    expect(safeUrl('//evil.example/x')).toBe('#');
    expect(safeUrl('data:text/html,<b>')).toBe('#');
  });
});

describe(pathWithQuery.name, () => {
  it('should encode values and leave out empty ones', () => {
    expect(pathWithQuery('/ui/guests', { name: 'a&b=<c>', node: '', page: 2, tag: undefined })).toBe(
      '/ui/guests?name=a%26b%3D%3Cc%3E&page=2',
    );
  });
});
