/*
 * The run report (run --html, and merge --html): the result's headline figures and thresholds,
 * the run over time (connections per state, connect rate, traffic, latency percentiles) from its progress
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
  // A server that closed or reset what was established leaves tcpgoon's exit code 0: the banner
  // opens with it, as a warning, so that the page does not read as a success.
  var serverClosed = d.server_closed_warning;
  var verdictClass = r.exit_code === 0 ? (serverClosed ? 'warn' : 'ok') : (r.exit_code === 1 ? 'warn' : 'bad');
  var verdict = el('div', {class: 'verdict ' + verdictClass}, [
    serverClosed ? el('div', {class: 'line warning'}, serverClosed) : null,
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
  var merged = r.merged || null;
  /** 'n=COUNT' for a latency digest at pointer: how many samples its percentiles are of. */
  var samples = function (pointer) { return el('span', {class: 'samples'}, ['n=', f(pointer + '/count', 'count')]); };

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
      sub: [samples('/connect_latency_ms'), '; p50 ', lat('connect_latency_ms', 'p50')]},
    {label: 'Late starts', value: f('/late_starts', 'count'), sub: [f('/late_start_rate', 'percent'), ' of paced starts']},
    r.messages ? {label: 'Messages sent', value: f('/messages/sent', 'count'),
      sub: [f('/messages/sent_per_second', 'rate'), '; ', f('/messages/responses', 'count'), ' answered, ',
        f('/messages/response_timeouts', 'count'), ' timed out']} : null,
    r.messages ? {label: 'Bytes each way', value: [f('/messages/bytes_sent', 'count'), ' / ',
        f('/messages/bytes_received', 'count')],
      sub: ['sent / received; ', f('/messages/bytes_sent_per_second', 'rate'), ' / ',
        f('/messages/bytes_received_per_second', 'rate')]} : null,
    r.messages && r.messages.expecting ? {label: 'Response latency p99', value: lat('messages/response_latency_ms', 'p99'),
      sub: [samples('/messages/response_latency_ms'), '; p50 ', lat('messages/response_latency_ms', 'p50'),
        '; from the planned send']} : null,
    merged ? {label: 'Shards merged', value: f('/merged/shards', 'count'),
      sub: ['started over ', f('/merged/start_spread_seconds', 's')]} : null,
    {label: 'Peak memory', value: f('/peak_rss_bytes', 'mb'),
      sub: merged ? "resident, the largest shard's" : 'resident, the whole process'}
  ].filter(function (tile) { return tile !== null; }));

  // Thresholds
  var th = C.section(main, 'Thresholds', r.thresholds.length === 0
      ? 'No --threshold was given: the exit code says whether every connection was established.'
      : 'When thresholds are given, they alone decide the exit code: 0 when all pass, 3 when one fails.', 'thresholds');
  if (r.thresholds.length > 0) {
    C.table(th, ['Result', 'Threshold', 'Measured', '#Of'], r.thresholds.map(function (x, i) {
      var p = '/thresholds/' + i;
      var of = thresholdBasis(x.metric);
      return {cls: x.passed ? 'pass' : 'fail',
        cells: [f(p + '/passed', 'passfail'), el('code', null, f(p + '/expression', 'text')), f(p + '/measured_text', 'text'),
          of ? [samples(of.pointer), ' ', of.what] : '']};
    }), 'thresholds');
  }

  // Shards (merge --html): how many were merged, and each one's own figures
  if (merged) {
    var shardSection = C.section(main, 'Shards', null, 'shards');
    shardSection.appendChild(el('p', {class: 'note'}, [f('/merged/shards', 'count'), ' shards of one plan merged: '
        + 'counts added up, histograms added exactly, the timeline rebuilt on their common clock. The most at once on '
        + 'the merged timeline is at most ', f('/merged/max_concurrent_upper_bound', 'count'),
        " (the shards' own peaks added up). Peak memory is each shard's own; the tile above shows the largest."]));
    C.table(shardSection, ['Shard', 'File', '#Start offset', '#Wall time', '#Connections', '#Attempts', '#Established',
      '#Most at once', '#Closed', '#Errors', '#Peak memory'], merged.each.map(function (s, i) {
      var p = '/merged/each/' + i;
      return {cls: s.errors > 0 ? 'fail' : null, cells: [
        [f(p + '/index', 'count'), '/', f('/merged/shards', 'count')], el('code', null, f(p + '/file', 'text')),
        f(p + '/start_offset_seconds', 's'), f(p + '/wall_seconds', 's'), f(p + '/connections', 'count'),
        f(p + '/attempts', 'count'), f(p + '/established_total', 'count'), f(p + '/max_concurrent', 'count'),
        f(p + '/closed', 'count'), f(p + '/errors', 'count'), f(p + '/peak_rss_bytes', 'mb')]};
    }), 'shards');
  }

  /**
   * What a threshold's metric is measured over, so that a p99 of 2 samples says n=2: the latency
   * digest for a latency statistic, the attempts for an error rate; null for a count.
   */
  function thresholdBasis(metric) {
    var latencyStat = /^(planned_|tls_|response_)?(p\(.*\)|avg|min|max|med)$/.exec(metric);
    if (latencyStat) {
      var prefix = latencyStat[1] || '';
      return prefix === 'planned_' ? {pointer: '/connect_latency_from_intended_ms', what: 'connections'}
          : prefix === 'response_' ? {pointer: '/messages/response_latency_ms', what: 'responses'}
          : (prefix === 'tls_' ? {pointer: '/tls/handshake_latency_ms', what: 'handshakes'}
          : {pointer: '/connect_latency_ms', what: 'connections'});
    }
    return null;
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
    // widest first, each drawn over the ones before: where two states hold the same count (all
    // established then all reset, none failed), both colours still show, one inside the other
    series: [
      {label: 'Established', values: t.established, color: C.colors.established, width: 8},
      {label: 'Dialing', values: t.dialing, color: C.colors.dialing, width: 6, dash: [10, 4]},
      {label: 'Closed', values: t.closed, color: C.colors.closed, width: 4.5},
      {label: 'Error', values: t.error, color: C.colors.error, width: 2.5, dash: [8, 4]},
      {label: 'Not initiated', values: t.not_initiated, color: C.colors.notInitiated, width: 1.5, dash: [3, 3]}
    ]
  });
  C.chart(over, {
    title: 'Connect rate (per second, over each interval)', x: t.elapsed_s, xLabel: 'seconds', xFormat: seconds,
    xFromZero: true, yLabel: 'per second', yDecimals: 1, yUnit: '/s', empty: noIntervals,
    series: [
      {label: 'Attempts started', values: t.started_per_second, color: C.colors.p50, width: 6},
      {label: 'Established', values: t.established_per_second, color: C.colors.established, width: 2, dash: [8, 4]}
    ]
  });
  // The traffic on held connections (--send, --message): what was sent and answered, and the bytes each way
  if (t.traffic) {
    C.chart(over, {
      title: 'Messages (per second, over each interval)', x: t.elapsed_s, xLabel: 'seconds', xFormat: seconds,
      xFromZero: true, yLabel: 'per second', yDecimals: 1, yUnit: '/s', empty: noIntervals,
      series: [
        {label: 'Sent', values: t.traffic.messages_per_second, color: C.colors.p50, width: 6}
      ].concat(r.messages.expecting ? [
        {label: 'Answered', values: t.traffic.responses_per_second, color: C.colors.established, width: 2.5,
          dash: [8, 4]},
        {label: 'Timed out', values: t.traffic.response_timeouts_per_second, color: C.colors.error, width: 1.5}
      ] : [])
    });
    C.chart(over, {
      title: 'Throughput (bytes per second, each way, over each interval)', x: t.elapsed_s, xLabel: 'seconds',
      xFormat: seconds, xFromZero: true, yLabel: 'bytes per second', yDecimals: 0, yUnit: ' B/s', empty: noIntervals,
      series: [
        {label: 'Sent', values: t.traffic.bytes_sent_per_second, color: C.colors.p50, width: 5},
        {label: 'Received', values: t.traffic.bytes_received_per_second, color: C.colors.established, width: 2,
          dash: [8, 4]}
      ]
    });
  }
  var latencySeries = function (l) {
    return [
      {label: 'max', values: l.max, color: C.colors.max, width: 5, dash: [4, 4]},
      {label: 'p99', values: l.p99, color: C.colors.p99, width: 4},
      {label: 'p90', values: l.p90, color: C.colors.p90, width: 2.5},
      {label: 'p50', values: l.p50, color: C.colors.p50, width: 1.5}
    ];
  };
  var latencies = d.latencies;
  latencies.forEach(function (l) {
    if (l.over_time) {
      C.chart(over, {
        title: l.title, x: t.elapsed_s, xLabel: 'seconds', xFormat: seconds, xFromZero: true, yLabel: 'ms',
        yDecimals: 3, yUnit: ' ms', empty: n < 1 ? noIntervals : l.none, series: latencySeries(t[l.key])
      });
    }
  });

  // Distribution: one panel per latency, each on its own scale
  var dist = C.section(main, 'Latency distribution', 'Percentile plot of the whole run (HdrHistogram), one per '
      + 'latency, each on its own scale: the value at each percentile, the tail stretched out to the right.'
      + (r.settings.paced ? '' : ' Unpaced, the latency from the planned start is the connect latency.'), 'distribution');
  latencies.forEach(function (l) {
    C.chart(dist, {
      title: l.title + ', by percentile (n=' + C.number(l.count, 0) + ')', x: d.distribution.one_in,
      xLabel: 'percentile', logX: true, xFormat: C.oneInAsPercentile, yLabel: 'ms', yDecimals: 3, yUnit: ' ms',
      empty: l.none,
      series: [{label: l.title, values: d.distribution[l.key], color: C.colors.p50, points: true}]
    });
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
  ].concat(r.tls ? [latencyRow('TLS handshake', 'tls/handshake_latency_ms')] : [])
      .concat(r.messages && r.messages.expecting
        ? [latencyRow('Response (from the planned send)', 'messages/response_latency_ms')] : []), 'latency');
  C.table(dist, ['Connect latency bucket', '#connections'], Object.keys(r.latency_buckets).map(function (label) {
    return [label, f('/latency_buckets/' + label.replace(/~/g, '~0').replace(/\//g, '~1'), 'count')];
  }), 'buckets');

  // Errors
  var errors = C.section(main, 'Errors by reason', r.counts.error === 0 ? 'No connection attempt failed'
      + (serverClosed ? ', but ' + serverClosed.replace(/^Warning: /, '') + ' (see Closed by the server).' : '.')
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
  // Over time, as Gatling draws them: the failed attempts of each reason per second in each interval
  var failing = Object.keys(t.errors_per_second);
  if (failing.length > 0) {
    C.chart(errors, {
      title: 'Failed attempts by reason (per second, over each interval)', x: t.elapsed_s, xLabel: 'seconds',
      xFormat: seconds, xFromZero: true, yLabel: 'per second', yDecimals: 1, yUnit: '/s', empty: noIntervals,
      series: failing.map(function (k, i) {
        return {label: k === 'all' ? 'All reasons (the interval log does not keep them)' : (d.error_reasons[k] || k),
          values: t.errors_per_second[k], color: C.errorColor(i), width: Math.max(1.5, 2 * (failing.length - i)),
          dash: i % 2 === 1 ? [8, 4] : undefined};
      })
    });
  }

  C.commandAndSettings(main, d.command_line, r);
}());
