import { renderTable } from './table';

describe(renderTable.name, () => {
  const columns = [
    { header: 'VMID', align: 'right' as const },
    { header: 'NAME', shrink: true },
    { header: 'NODE' },
  ];
  const rows = [['100', 'a-rather-long-guest-name-indeed', 'pve1']];

  it('should line columns up, numbers on the right', () => {
    expect(renderTable(columns, [...rows, ['9000', 'db', 'pve2']], Number.POSITIVE_INFINITY)).toEqual([
      'VMID  NAME                             NODE',
      ' 100  a-rather-long-guest-name-indeed  pve1',
      '9000  db                               pve2',
    ]);
  });

  it('should shorten the columns that may shrink to fit the terminal', () => {
    const lines = renderTable(columns, rows, 30);
    expect(lines.every((line) => line.length <= 30)).toBe(true);
    expect(lines[1]).toBe(' 100  a-rather-long-gue…  pve1');
  });
});
