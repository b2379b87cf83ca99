/*
 * The run report (run --html, and merge --html): the result's headline figures and thresholds,
 * the run over time (connections per state, connect rate, latency percentiles) from its progress
 * intervals, the latency distribution, errors by reason, the command line and the settings.
 */
(function () {
  'use strict';
  var C = window.TcpSwarmCharts;
  var el = C.el;
  var d = C.data();
  var r = d.result;
  var t = d.timeline;
  var main = document.getElementById('report');
  var f = function (pointer, fmt) { return C.figure(r, pointer, fmt); };
  var lat = function (histogram, field, fmt) { return C.latency(r, '/' + histogram, field, fmt); };

  C.header(main, r, d.target);
  var verdictClass = r.exit_code === 0 ? 'ok' : (r.exit_code === 1 ? 'warn' : 'bad');
  var verdict = el('div', {class: 'verdict ' + verdictClass}, [
    el('div', {class: 'exit'}, ['exit code ', f('/exit_code', 'count')]),
    el('div', {class: 'meaning'}, d.exit_code_meaning)
  ]);
  if (r.interrupted) {
    verdict.appendChild(el('div', {class: 'flag'}, 'Interrupted: the run was stopped before it finished.'));
  }
  if (r.deadline_reached) {
    verdict.appendChild(el('div', {class: 'flag'}, 'Deadline reached: the run did not finish within --max-duration.'));
  }
  main.appendChild(verdict);

  // Headline figures
  C.tiles(main, [
    {label: 'Established', value: f('/established_total', 'count'),
      sub: ['of ', f('/counts/total', 'count'), ' connections; ', f('/attempts', 'count'), ' attempts']},
    {label: 'Most at once', value: f('/max_concurrent', 'count'),
      sub: [f('/counts/established', 'count'), ' open at the end']},
    {label: 'Failed', value: f('/counts/error', 'count'), cls: r.counts.error > 0 ? 'bad' : null,
      sub: ['error rate ', f('/error_rate', 'percent')]},
    {label: 'Closed by the server', value: f('/counts/closed', 'count'),
      sub: [f('/closed_by_reset', 'count'), ' reset']},
    {label: 'Connect rate', value: f('/connect_rate_per_second', 'rate'),
      sub: ['attempts ', f('/attempt_rate_per_second', 'rate')]},
    {label: 'Connect latency p99', value: lat('connect_latency_ms', 'p99'),
      sub: ['p50 ', lat('connect_latency_ms', 'p50')]},
    {label: 'Late starts', value: f('/late_starts', 'count'), sub: [f('/late_start_rate', 'percent'), ' of paced starts']},
    {label: 'Peak memory', value: f('/peak_rss_bytes', 'mb'), sub: 'resident, whole process'}
  ]);

  // Thresholds
  var th = C.section(main, 'Thresholds', r.thresholds.length === 0
      ? 'No --threshold was given: the exit code says whether every connection was established.'
      : 'When thresholds are given, they alone decide the exit code: 0 when all pass, 3 when one fails.', 'thresholds');
  if (r.thresholds.length > 0) {
    C.table(th, ['Result', 'Threshold', 'Measured'], r.thresholds.map(function (x, i) {
      var p = '/thresholds/' + i;
      return {cls: x.passed ? 'pass' : 'fail',
        cells: [f(p + '/passed', 'passfail'), el('code', null, f(p + '/expression', 'text')), f(p + '/measured_text', 'text')]};
    }));
  }

  // Over time
  var n = t.elapsed_s.length - 1; // the first point is the run's start
  var every = n > 1 ? ' (' + n + ' intervals)' : (n === 1 ? ' (one interval: the run was shorter than the interval; '
      + '-i 200ms gives finer charts)' : '');
  var noIntervals = 'No progress interval was recorded.';
  var seconds = function (v, decimals) { return C.number(v, decimals === undefined ? 3 : decimals) + ' s'; };
  var over = C.section(main, 'Over time', 'One point at the end of each progress interval' + every
      + '. The x axis is seconds since the run started; drag across a chart to zoom, double-click to zoom out.', 'over-time');
  C.chart(over, {
    title: 'Connections per state', x: t.elapsed_s, xLabel: 'seconds', xFormat: seconds, xFromZero: true,
    yLabel: 'connections', empty: noIntervals,
    series: [
      {label: 'Established', values: t.established, color: C.colors.established},
      {label: 'Dialing', values: t.dialing, color: C.colors.dialing},
      {label: 'Closed', values: t.closed, color: C.colors.closed},
      {label: 'Error', values: t.error, color: C.colors.error},
      {label: 'Not initiated', values: t.not_initiated, color: C.colors.notInitiated, dash: [6, 4]}
    ]
  });
  C.chart(over, {
    title: 'Connect rate (per second, over each interval)', x: t.elapsed_s, xLabel: 'seconds', xFormat: seconds,
    xFromZero: true, yLabel: 'per second', yDecimals: 1, yUnit: '/s', empty: noIntervals,
    series: [
      {label: 'Established', values: t.established_per_second, color: C.colors.established},
      {label: 'Attempts started', values: t.started_per_second, color: C.colors.p50, dash: [6, 4]}
    ]
  });
  var latencySeries = function (l) {
    return [
      {label: 'p50', values: l.p50, color: C.colors.p50},
      {label: 'p90', values: l.p90, color: C.colors.p90},
      {label: 'p99', values: l.p99, color: C.colors.p99},
      {label: 'max', values: l.max, color: C.colors.max, dash: [4, 4]}
    ];
  };
  var noLatency = 'No connection was established, so there is no latency to draw.';
  C.chart(over, {
    title: 'Connect latency, from the connect call', x: t.elapsed_s, xLabel: 'seconds', xFormat: seconds,
    xFromZero: true, yLabel: 'ms', yDecimals: 3, yUnit: ' ms', empty: n < 1 ? noIntervals : noLatency,
    series: latencySeries(t.connect_ms)
  });
  C.chart(over, {
    title: 'Latency from the planned start (the connect plus how late it started'
        + (r.settings.paced ? ')' : '; unpaced, so the same as above)'),
    x: t.elapsed_s, xLabel: 'seconds', xFormat: seconds, xFromZero: true, yLabel: 'ms', yDecimals: 3,
    yUnit: ' ms', empty: n < 1 ? noIntervals : noLatency, series: latencySeries(t.planned_ms)
  });

  // Distribution
  var dist = C.section(main, 'Latency distribution', 'Percentile plot of the whole run (HdrHistogram): the value '
      + 'at each percentile, the tail stretched out to the right.', 'distribution');
  C.chart(dist, {
    title: 'Connect latency by percentile', x: d.distribution.one_in, xLabel: 'percentile', logX: true,
    xFormat: C.oneInAsPercentile, yLabel: 'ms', yDecimals: 3, yUnit: ' ms', empty: noLatency,
    series: [
      {label: 'From the connect call', values: d.distribution.connect_ms, color: C.colors.p50},
      {label: 'From the planned start', values: d.distribution.planned_ms, color: C.colors.planned, dash: [6, 4]}
    ]
  });
  var latencyRow = function (name, key) {
    return [name].concat(['count', 'min', 'avg', 'p50', 'p90', 'p99', 'p99_9', 'max', 'stddev'].map(function (field) {
      return lat(key, field, field === 'count' ? 'count' : 'ms');
    }));
  };
  C.table(dist, ['', '#count', '#min', '#avg', '#p50', '#p90', '#p99', '#p99.9', '#max', '#stddev'], [
    latencyRow('Connect latency', 'connect_latency_ms'),
    latencyRow('From the planned start', 'connect_latency_from_intended_ms'),
    latencyRow('Schedule lag (paced starts)', 'schedule_lag_ms'),
    latencyRow('Time to error', 'time_to_error_ms'),
    latencyRow('Time to close (by the server)', 'time_to_close_ms')
  ], 'latency');
  C.table(dist, ['Connect latency bucket', '#connections'], Object.keys(r.latency_buckets).map(function (label) {
    return [label, f('/latency_buckets/' + label.replace(/~/g, '~0').replace(/\//g, '~1'), 'count')];
  }), 'buckets');

  // Errors
  var errors = C.section(main, 'Errors by reason', r.counts.error === 0 ? 'No connection attempt failed.'
      : 'Failed attempts by reason; too many open files and local ports exhausted are limits of this machine, '
      + 'not of the server.', 'errors');
  var mostErrors = Math.max.apply(null, Object.keys(r.errors_by_reason).map(function (k) { return r.errors_by_reason[k]; }));
  var rows = Object.keys(r.errors_by_reason).map(function (k) {
    var count = r.errors_by_reason[k];
    var bar = el('div', {class: 'bar'});
    bar.style.width = (mostErrors > 0 ? 100 * count / mostErrors : 0) + '%';
    return {cls: count === 0 ? 'zero' : null,
      cells: [d.error_reasons[k] || k, el('code', null, k), f('/errors_by_reason/' + k, 'count'),
        el('div', {class: 'bar-track'}, bar)]};
  });
  rows.push({cls: 'total', cells: ['All failed attempts', '', f('/counts/error', 'count'), '']});
  C.table(errors, ['Reason', 'Key', '#attempts', ''], rows, 'errors');

  C.commandAndSettings(main, d.command_line, r);
}());
