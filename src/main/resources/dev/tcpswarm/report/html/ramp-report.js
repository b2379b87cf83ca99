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
  var column = function (pick) { return levels.map(pick); };
  var noLevels = 'No level was held.';

  var charts = C.section(main, 'Levels', 'One point per level and fresh attempt, in the order they were held. '
      + 'Ramp levels add connections on top of the earlier ones; fresh (bisect) attempts close everything and '
      + 'open their count anew.', 'levels');
  C.chart(charts, {
    title: 'Established against target', x: steps, xLabel: 'level or attempt', xFormat: stepName, xSplits: steps,
    xPad: 0.4,
    yLabel: 'connections', empty: noLevels,
    series: [
      {label: 'Target', values: column(function (l) { return l.target; }), color: C.colors.target, dash: [6, 4],
        points: true},
      {label: 'Established (held at the end)', values: column(function (l) { return l.counts.established; }),
        color: C.colors.established, points: true},
      {label: 'Failed level', values: column(function (l) { return l.passed || l.interrupted ? null : l.counts.established; }),
        color: C.colors.error, line: false, points: true}
    ]
  });
  C.chart(charts, {
    title: 'Connect latency per level (the connections each level added)', x: steps, xLabel: 'level or attempt',
    xFormat: stepName, xSplits: steps, xPad: 0.4, yLabel: 'ms', yDecimals: 3, yUnit: ' ms',
    empty: 'No level established a connection, so there is no latency to draw.',
    series: [
      {label: 'p99', values: column(function (l) { return l.added.connect_latency_ms.count > 0 ? l.added.connect_latency_ms.p99 : null; }),
        color: C.colors.p99, points: true},
      {label: 'p50', values: column(function (l) { return l.added.connect_latency_ms.count > 0 ? l.added.connect_latency_ms.p50 : null; }),
        color: C.colors.p50, points: true}
    ]
  });

  C.table(charts, ['#', 'Phase', '#Target', '#Established', '#Most at once', '#Closed', '#Attempts added',
    '#Errors added', '#p50 added', '#p99 added', 'Result', 'Why'], levels.map(function (l, i) {
    var p = '/levels/' + i;
    var result = l.interrupted ? el('span', {class: 'figure warn'}, 'interrupted') : f(p + '/passed', 'passfail');
    var why = l.failure !== null ? f(p + '/failure', 'text') : (l.local_limit !== null ? f(p + '/local_limit', 'text') : '');
    return {cls: l.interrupted ? 'warn' : (l.passed ? 'pass' : 'fail'), cells: [
      String(i + 1), l.phase, f(p + '/target', 'count'), f(p + '/counts/established', 'count'),
      f(p + '/max_concurrent', 'count'), f(p + '/counts/closed', 'count'), f(p + '/added/attempts', 'count'),
      f(p + '/added/counts/error', 'count'), C.latency(r, p + '/added/connect_latency_ms', 'p50'),
      C.latency(r, p + '/added/connect_latency_ms', 'p99'), result, why]};
  }), 'levels');

  C.commandAndSettings(main, d.command_line, r);
}());
