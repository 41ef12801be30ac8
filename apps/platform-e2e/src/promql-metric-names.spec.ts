import { metricNamesIn, metricNamesInVariableQuery } from './promql-metric-names';

describe(metricNamesIn.name, () => {
  it('should find a bare name, and names before label matchers and ranges', () => {
    expect(metricNamesIn('up == 0')).toEqual(['up']);
    expect(metricNamesIn('rate(a_total{job="x"}[5m]) + b_seconds_sum[1h:5m] - c')).toEqual([
      'a_total',
      'b_seconds_sum',
      'c',
    ]);
  });

  it('should skip functions, aggregations and their grouping labels, numbers and durations', () => {
    expect(
      metricNamesIn(
        'histogram_quantile(0.95, sum by (tool, le) (rate(mpc_mcp_tool_call_seconds_bucket{tool=~"list_.+"}[10m]))) > 2',
      ),
    ).toEqual(['mpc_mcp_tool_call_seconds_bucket']);
    expect(metricNamesIn('topk(5, max without (instance) (x)) * 1e3')).toEqual(['x']);
    expect(metricNamesIn('SUM BY (job) (y) AND ON (job) z')).toEqual(['y', 'z']);
  });

  it('should skip label names and values, even when they look like names', () => {
    expect(
      metricNamesIn(
        'sum by (subject) (increase(m_total{subject=~"evt.bus.message.failed|up", outcome="ok"}[15m])) > 0',
      ),
    ).toEqual(['m_total']);
    expect(metricNamesIn("count_values('le', n{a='b}c'})")).toEqual(['n']);
  });

  it('should read both sides of vector matching and offsets', () => {
    expect(
      metricNamesIn('a / on (job, instance) group_left (component) b unless a offset 15m or vector(0)'),
    ).toEqual(['a', 'b']);
  });

  it('should ignore Grafana variables', () => {
    expect(
      metricNamesIn('sum(rate(process_cpu_seconds_total{job=~"$job"}[$__rate_interval])) / ${divisor}'),
    ).toEqual(['process_cpu_seconds_total']);
  });
});

describe(metricNamesInVariableQuery.name, () => {
  it('should read the metric of label_values, and none when it names only a label', () => {
    expect(metricNamesInVariableQuery('label_values(mpc_build_info{version!=""}, job)')).toEqual([
      'mpc_build_info',
    ]);
    expect(metricNamesInVariableQuery('label_values(job)')).toEqual([]);
    expect(metricNamesInVariableQuery('query_result(topk(3, m))')).toEqual(['m']);
  });
});
