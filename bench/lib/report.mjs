// The table on stdout.

const MIB = 1024 * 1024;

export const fmt = {
  num(v, digits = 0) {
    return v === null || v === undefined || Number.isNaN(v) ? '-' : v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  },
  ms(v) {
    if (v === null || v === undefined) return '-';
    return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
  },
  mib(bytes) {
    return bytes === null || bytes === undefined ? '-' : `${(bytes / MIB).toFixed(0)} MiB`;
  },
  pct(v) {
    return v === null || v === undefined ? '-' : `${(v * 100).toFixed(1)}%`;
  },
  times(v) {
    return v === null || v === undefined ? '-' : `${v.toFixed(2)}x`;
  },
};

function latencies(side) {
  const l = side?.latency;
  return l ? `${fmt.ms(l.p50)} / ${fmt.ms(l.p95)} / ${fmt.ms(l.p99)}` : '-';
}

function throughput(side, unit) {
  return side && side.throughput !== undefined && side.throughput !== null ? `${fmt.num(side.throughput, side.throughput < 100 ? 1 : 0)} ${unit}` : '-';
}

/** Renders rows of cells as a plain text table with a header rule. */
export function table(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i] ?? '').length)));
  const line = (cells) => cells.map((c, i) => String(c ?? '').padEnd(widths[i])).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function resultsTable(results) {
  const rows = results.map((r) => {
    if (r.unavailable) return [r.id, r.name, r.db, `not available: ${r.unavailable}`];
    if (r.failed) return [r.id, r.name, r.db, `FAILED: ${r.failed.split('\n')[0].slice(0, 120)}`];
    return [
      r.id,
      r.name,
      r.db,
      throughput(r.app, r.unit),
      latencies(r.app),
      fmt.mib(r.app?.peakRss),
      throughput(r.baseline, r.unit),
      latencies(r.baseline),
      fmt.mib(r.baseline?.peakRss),
      r.ratio ? `${r.ratio.text} ${r.ratio.label}` : '-',
    ];
  });
  return table(['#', 'scenario', 'db', 'app', 'app p50 / p95 / p99 ms', 'app peak RSS', 'baseline', 'base p50 / p95 / p99 ms', 'base peak RSS', 'ratio'], rows);
}

export function targetsTable(targets) {
  return table(
    ['#', 'db', 'target', 'measured', 'result'],
    targets.map((t) => [t.scenario, t.db, t.text, t.measured ?? '-', t.result]),
  );
}
