/*
 * The ramp report (ramp --html): the verdict line, established against target for every level and
 * fresh attempt, the connect latency per level, the levels' table, the command line and the
 * settings.
 */
(function () {
  'use strict';
  var C = window.TcpSwarmCharts;
  var el = C.el;
  var d = C.data();
  var r = d.result;
  var main = document.getElementById('report');
  var f = function (pointer, fmt) { return C.figure(r, pointer, fmt); };
  var levels = r.levels;

  C.header(main, r, d.target);
  var outcome = r.verdict.outcome;
  var verdictClass = outcome === 'limit_found' || outcome === 'no_limit' ? 'ok'
      : (outcome === 'first_level_failed' ? 'bad' : 'warn');
  main.appendChild(el('div', {class: 'verdict ' + verdictClass}, [
    el('div', {class: 'line'}, f('/verdict/line', 'text')),
    el('div', {class: 'meaning'}, ['exit code ', f('/exit_code', 'count')])
  ]));

  C.tiles(main, [
    {label: 'Max concurrency', value: f('/verdict/max_concurrency', 'count'), sub: 'the most that held'},
    {label: 'First failure at', value: f('/verdict/first_failure_at', 'count'),
      sub: r.verdict.failure === null ? 'no level failed' : f('/verdict/failure', 'text')},
    {label: 'Ceiling', value: f('/verdict/ceiling', 'count'), sub: 'the highest level it would try'},
    {label: 'Levels and attempts', value: el('span', null, C.number(levels.length, 0)),
      sub: ['each held ', f('/settings/level_hold_seconds', 's')]}
  ]);

  var steps = levels.map(function (l, i) { return i + 1; });
  var stepName = function (v) {
    var l = levels[Math.round(v) - 1];
    return l ? '#' + Math.round(v) + ' ' + l.phase + ' ' + C.number(l.target, 0) : '';
  };
  // A tick's label is the level's number and target ('#5 1,600'); the phase is in the series and
  // the table. Labels are thinned to one per 90 pixels, so that they never run into each other.
  var tickName = function (v) {
    var l = levels[Math.round(v) - 1];
    return l ? '#' + Math.round(v) + ' ' + C.number(l.target, 0) : '';
  };
  var ticks = function (u) {
    var room = u.bbox.width / (window.devicePixelRatio || 1);
    var every = Math.max(1, Math.ceil(steps.length * 90 / Math.max(room, 1)));
    return steps.filter(function (s, i) { return i % every === 0; });
  };
  var column = function (pick) { return levels.map(pick); };
  /** pick's value for the levels of one phase, null elsewhere: ramp and bisect are not one line. */
  var phaseColumn = function (phase, pick) {
    return levels.map(function (l) { return l.phase === phase ? pick(l) : null; });
  };
  var hasPhase = function (phase) { return levels.some(function (l) { return l.phase === phase; }); };
  var noLevels = 'No level was held.';
  var established = function (l) { return l.counts.established; };
  var target = function (l) { return l.target; };

  var charts = C.section(main, 'Levels', 'One point per level and fresh attempt, in the order they were held. '
      + 'Ramp levels (a line) add connections on top of the earlier ones; fresh (bisect) attempts (points, not joined) '
      + 'close everything and open their count anew.', 'levels');
  var series = [
    // rings, drawn first: where a level held its target, the established point sits inside its ring
    {label: 'Target', values: column(target), color: C.colors.target, line: false, points: true, pointSize: 14,
      pointFill: '#ffffff'},
    {label: 'Established, ramp', values: phaseColumn('ramp', established), color: C.colors.established, width: 2,
      points: true}
  ];
  if (hasPhase('bisect')) {
    series.push({label: 'Established, bisect', values: phaseColumn('bisect', established), color: C.colors.bisect,
      line: false, points: true});
  }
  series.push({label: 'Failed level', values: column(function (l) { return l.passed || l.interrupted ? null : l.counts.established; }),
    color: C.colors.error, line: false, points: true});
  C.chart(charts, {
    title: 'Established against target', x: steps, xLabel: 'level or attempt (#, target)', xFormat: stepName,
    xTickFormat: tickName, xSplits: ticks, xPad: 0.4, yLabel: 'connections', empty: noLevels, series: series
  });
  var addedLatency = function (field) {
    return function (l) { return l.added.connect_latency_ms.count > 0 ? l.added.connect_latency_ms[field] : null; };
  };
  var latencySeries = [];
  ['ramp', 'bisect'].filter(hasPhase).forEach(function (phase) {
    var joined = phase === 'ramp';
    latencySeries.push({label: 'p99, ' + phase, values: phaseColumn(phase, addedLatency('p99')), color: C.colors.p99,
      line: joined, width: 3, points: true});
    latencySeries.push({label: 'p50, ' + phase, values: phaseColumn(phase, addedLatency('p50')), color: C.colors.p50,
      line: joined, width: 1.5, dash: [6, 3], points: true});
  });
  C.chart(charts, {
    title: 'Connect latency per level (the connections each level added)', x: steps,
    xLabel: 'level or attempt (#, target)', xFormat: stepName, xTickFormat: tickName, xSplits: ticks, xPad: 0.4,
    yLabel: 'ms', yDecimals: 3, yUnit: ' ms',
    empty: 'No level established a connection, so there is no latency to draw.', series: latencySeries
  });

  C.table(charts, ['#', 'Phase', '#Target', '#Established', '#Most at once', '#Closed', '#Attempts added',
    '#Errors added', '#Not started', '#p50 added', '#p99 added', 'Result', 'Why'], levels.map(function (l, i) {
    var p = '/levels/' + i;
    var result = l.interrupted ? el('span', {class: 'figure warn'}, 'interrupted') : f(p + '/passed', 'passfail');
    var why = l.failure !== null ? f(p + '/failure', 'text') : (l.local_limit !== null ? f(p + '/local_limit', 'text') : '');
    return {cls: l.interrupted ? 'warn' : (l.passed ? 'pass' : 'fail'), cells: [
      String(i + 1), l.phase, f(p + '/target', 'count'), f(p + '/counts/established', 'count'),
      f(p + '/max_concurrent', 'count'), f(p + '/counts/closed', 'count'), f(p + '/added/attempts', 'count'),
      f(p + '/added/counts/error', 'count'), f(p + '/added/counts/not_initiated', 'count'),
      C.latency(r, p + '/added/connect_latency_ms', 'p50'), C.latency(r, p + '/added/connect_latency_ms', 'p99'),
      result, why]};
  }), 'levels');

  C.commandAndSettings(main, d.command_line, r);
}());
