import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '@proxmox-mpc/testing';
import { brokenReason, docFiles, linksOf } from './doc-links';
import { anchorsOf, githubSlug } from './slug';

describe('links in README.md and docs/', () => {
  const root = repoRoot();

  it.each(docFiles(root))('should resolve every relative link and anchor in %s', (file) => {
    const links = linksOf(file, readFileSync(path.join(root, file), 'utf8'));
    const broken = links.flatMap((link) => {
      const reason = brokenReason(root, link);
      return reason ? [`${link.file}:${link.line} ${link.target}: ${reason}`] : [];
    });
    if (broken.length) throw new Error(`broken links:\n${broken.join('\n')}`);
  });
});

describe(githubSlug.name, () => {
  it('should slug headings as GitHub does', () => {
    expect(githubSlug('Metrics, alerts and dashboard')).toBe('metrics-alerts-and-dashboard');
    expect(githubSlug('`cmd.proxmox.guest.power`')).toBe('cmdproxmoxguestpower');
    expect(githubSlug('list_guests')).toBe('list_guests');
    expect(githubSlug('Terraform: the platform’s VMs on Proxmox VE')).toBe(
      'terraform-the-platforms-vms-on-proxmox-ve',
    );
  });

  it('should number repeated headings and skip code blocks', () => {
    expect([...anchorsOf('# A\n## A\n```\n# not a heading\n```\n## A\n')]).toEqual(['a', 'a-1', 'a-2']);
  });
});

describe(linksOf.name, () => {
  it('should find inline links and reference definitions, not code', () => {
    const page = [
      '[a](x.md#b) and ![i](img.png "t")',
      '`[c](not-a-link.md)`',
      '```',
      '[d](no.md)',
      '```',
      '[e]: y.md',
    ];
    expect(linksOf('p.md', page.join('\n')).map((link) => link.target)).toEqual([
      'x.md#b',
      'img.png',
      'y.md',
    ]);
  });
});
