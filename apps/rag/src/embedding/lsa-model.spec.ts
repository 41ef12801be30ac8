import type { LexemeCounts } from '../knowledge/knowledge.store';
import { LsaModel } from './lsa-model';

const counts = (text: string): LexemeCounts =>
  new Map(text.split(' ').map((word) => [word, { title: 0, body: 1 }]));

const CORPUS = [
  'backup vzdump archive storage',
  'backup archive retention prune',
  'vzdump backup schedule job',
  'network bridge vlan port',
  'network bridge bond interface',
  'vlan tag port network',
  'cluster quorum corosync vote',
  'cluster corosync node join',
].map(counts);

const cosine = (a: Float32Array, b: Float32Array): number =>
  a.reduce((sum, value, index) => sum + value * (b[index] as number), 0);

describe(LsaModel.name, () => {
  it('should place documents that share a topic near each other', () => {
    const model = LsaModel.fit(CORPUS, 4) as LsaModel;

    const backup = model.embed(counts('archive prune')) as Float32Array;
    expect(cosine(backup, model.embed(counts('backup vzdump')) as Float32Array)).toBeGreaterThan(
      cosine(backup, model.embed(counts('corosync quorum')) as Float32Array),
    );
  });

  it('should fit the same model from the same corpus, and read back what it wrote', () => {
    const first = LsaModel.fit(CORPUS, 4) as LsaModel;
    const again = LsaModel.fit(CORPUS, 4) as LsaModel;
    const restored = LsaModel.fromBuffer(first.toBuffer());

    expect(again.toBuffer().equals(first.toBuffer())).toBe(true);
    expect([...(restored.embed(counts('vlan bridge')) as Float32Array)]).toEqual([
      ...(first.embed(counts('vlan bridge')) as Float32Array),
    ]);
  });

  it('should not fit on too little, and embed nothing it does not know', () => {
    expect(LsaModel.fit([counts('one word')], 4)).toBeUndefined();
    expect((LsaModel.fit(CORPUS, 4) as LsaModel).embed(counts('zebra'))).toBeUndefined();
  });
});
