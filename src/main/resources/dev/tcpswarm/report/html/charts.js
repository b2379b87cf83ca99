/*
 * tcpswarm's chart layer, shared by every page (the run and ramp reports, merge's, and pages
 * served over HTTP): reading the page's data, building the document from it as text (never as
 * markup), figures bound to the result they come from, tables, and uPlot charts.
 *
 * A figure shown on a page carries data-field="<JSON pointer into the result>" (and data-scale
 * when the page shows it in another unit), so that a test can hold what a person reads against
 * the JSON result.
 */
(function () {
  'use strict';

  var PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];
  var CHART_HEIGHT = 260;
  var charts = [];

  /** The page's data: the JSON block the page was written with. */
  function data() {
    return JSON.parse(document.getElementById('tcpswarm-data').textContent);
  }

  /** An element with attributes and children; strings and numbers become text nodes. */
  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (v === undefined || v === null) {
        return;
      }
      if (k === 'class') {
        e.className = v;
      } else if (k === 'field') {
        e.dataset.field = v;
      } else if (k === 'scale') {
        e.dataset.scale = String(v);
      } else {
        e.setAttribute(k, String(v));
      }
    });
    append(e, children);
    return e;
  }

  function append(parent, children) {
    if (children === undefined || children === null) {
      return parent;
    }
    if (Array.isArray(children)) {
      children.forEach(function (c) { append(parent, c); });
    } else if (children instanceof Node) {
      parent.appendChild(children);
    } else {
      parent.appendChild(document.createTextNode(String(children)));
    }
    return parent;
  }

  /** The value at a JSON pointer (RFC 6901) in obj; undefined when it is not there. */
  function at(obj, pointer) {
    if (pointer === '') {
      return obj;
    }
    return pointer.split('/').slice(1).reduce(function (o, token) {
      if (o === undefined || o === null) {
        return undefined;
      }
      return o[token.replace(/~1/g, '/').replace(/~0/g, '~')];
    }, obj);
  }

  /** A number as a person reads it: grouped digits, a fixed number of decimals; '–' for none. */
  function number(v, decimals) {
    if (v === null || v === undefined || (typeof v === 'number' && !isFinite(v))) {
      return '–';
    }
    var rounded = Number(Number(v).toFixed(decimals || 0));
    if (rounded === 0) {
      rounded = 0; // never '-0.000'
    }
    return rounded.toLocaleString('en-US', {
      minimumFractionDigits: decimals || 0,
      maximumFractionDigits: decimals || 0
    });
  }

  /**
   * A figure of the result, bound to it: fmt is 'count', 'ms' (3 decimals), 'rate' (1 decimal,
   * per second), 's' (3 decimals), 'percent' (a fraction shown in %), 'mb' (bytes shown in MB),
   * 'passfail' (a boolean), 'text', or 'instant' (an ISO-8601 time, shown to the millisecond in UTC).
   */
  function figure(result, pointer, fmt) {
    var v = at(result, pointer);
    var text;
    var scale = null;
    var unit = '';
    switch (fmt) {
      case 'ms': text = number(v, 3); unit = ' ms'; break;
      case 's': text = number(v, 3); unit = ' s'; break;
      case 'rate': text = number(v, 1); unit = '/s'; break;
      case 'percent': text = v === null || v === undefined ? '–' : number(v * 100, 2) + '%'; break;
      case 'mb': text = v === null || v === undefined ? '–' : number(v / 1048576, 1); unit = ' MB'; scale = 1048576; break;
      case 'passfail': text = v ? 'PASS' : 'FAIL'; break;
      case 'text': text = v === null || v === undefined ? '–' : String(v); break;
      case 'instant': text = v === null || v === undefined ? '–' : instant(v); break;
      default: text = number(v, 0);
    }
    var span = el('span', {class: 'figure' + (fmt === 'passfail' ? (v ? ' pass' : ' fail') : ''), field: pointer,
      scale: scale}, text);
    return text === '–' || unit === '' ? span : el('span', {class: 'with-unit'}, [span, el('span', {class: 'unit'}, unit)]);
  }

  /**
   * A figure of a latency digest at base (e.g. '/connect_latency_ms'), or a dash where it measured
   * nothing: the result's zeros then mean "none".
   */
  function latency(result, base, field, fmt) {
    var digest = at(result, base);
    return digest && (digest.count > 0 || field === 'count') ? figure(result, base + '/' + field, fmt || 'ms')
        : el('span', {class: 'none', title: 'nothing measured'}, '–');
  }

  /** An ISO-8601 instant as a person reads it: 2026-12-01 00:09:28.956 UTC. */
  function instant(iso) {
    var t = new Date(iso);
    return isNaN(t.getTime()) ? String(iso) : t.toISOString().replace('T', ' ').replace('Z', ' UTC');
  }

  /**
   * The page's heading: 'tcpswarm COMMAND target', when it ran and for how long, and which tcpswarm
   * wrote it (from a result with command, start, end, wall_seconds and tool.version); it also
   * names the browser's tab.
   */
  function header(parent, result, target) {
    var f = function (pointer, fmt) { return figure(result, pointer, fmt); };
    document.title = 'tcpswarm ' + result.command + ': ' + target;
    parent.appendChild(el('header', null, [
      el('h1', null, ['tcpswarm ' + result.command + ' ', el('span', {class: 'target'}, target)]),
      el('p', {class: 'meta'}, ['Started ', f('/start', 'instant'), ', ended ', f('/end', 'instant'), '; wall time ',
        f('/wall_seconds', 's'), '; tcpswarm ', f('/tool/version', 'text')])
    ]));
  }

  /** A titled section of the page, appended to parent; note is an optional line under the title. */
  function section(parent, title, note, id) {
    var s = el('section', {id: id}, [el('h2', null, title)]);
    if (note) {
      s.appendChild(el('p', {class: 'note'}, note));
    }
    parent.appendChild(s);
    return s;
  }

  /** Headline tiles: [{label, value: Node, sub: Node or text}]. */
  function tiles(parent, items) {
    var box = el('div', {class: 'tiles'});
    items.forEach(function (t) {
      box.appendChild(el('div', {class: 'tile' + (t.cls ? ' ' + t.cls : '')}, [
        el('div', {class: 'tile-label'}, t.label),
        el('div', {class: 'tile-value'}, t.value),
        t.sub ? el('div', {class: 'tile-sub'}, t.sub) : null
      ]));
    });
    parent.appendChild(box);
    return box;
  }

  /**
   * A table: columns are header texts (a leading '#' right-aligns a numeric column), rows are
   * arrays of cells (text or Node), or {cells, cls} for a row with a class.
   */
  function table(parent, columns, rows, cls) {
    var numeric = columns.map(function (c) { return c.charAt(0) === '#'; });
    var head = el('tr', null, columns.map(function (c, i) {
      return el('th', {class: numeric[i] ? 'num' : null}, numeric[i] ? c.substring(1) : c);
    }));
    var body = el('tbody', null, rows.map(function (row) {
      var cells = Array.isArray(row) ? row : row.cells;
      return el('tr', {class: Array.isArray(row) ? null : row.cls}, cells.map(function (c, i) {
        return el('td', {class: numeric[i] ? 'num' : null}, c);
      }));
    }));
    var t = el('table', {class: cls || null}, [el('thead', null, head), body]);
    parent.appendChild(el('div', {class: 'table-wrap'}, t));
    return t;
  }

  /** A command line as one could paste it into a shell. */
  function shellLine(argv) {
    return argv.map(function (a) {
      return /^[A-Za-z0-9_@%+=:,.\/\[\]-]+$/.test(a) ? a : "'" + a.replace(/'/g, "'\\''") + "'";
    }).join(' ');
  }

  /** A settings object as a two-column table, each value bound to result at base + '/' + key. */
  function settingsTable(parent, result, base) {
    var settings = at(result, base);
    var rows = Object.keys(settings).map(function (k) {
      var v = settings[k];
      var shown;
      if (Array.isArray(v)) {
        shown = v.length === 0 ? '–' : v.join(', ');
      } else if (typeof v === 'number') {
        shown = el('span', {class: 'figure', field: base + '/' + k}, String(v));
      } else {
        shown = figure(result, base + '/' + k, 'text');
      }
      return [el('code', null, k), shown];
    });
    return table(parent, ['Setting', 'Value'], rows, 'settings');
  }

  /** The last section of a report: the command line as typed, and the result's settings. */
  function commandAndSettings(parent, commandLine, result) {
    var how = section(parent, 'Command line and settings', null, 'settings');
    how.appendChild(el('pre', {class: 'command'}, shellLine(commandLine)));
    settingsTable(how, result, '/settings');
  }

  function hasValues(values) {
    return values.some(function (v) { return v !== null && v !== undefined && isFinite(v); });
  }

  /**
   * A line chart (uPlot). opts: title, x (numbers), xLabel, xFormat (number, decimals for an
   * axis tick or undefined for the legend -> text), timeX (x is epoch seconds, ticks labelled by uPlot), utc (with timeX: ticks in
   * 24-hour UTC, the axis named so), xRange ([min, max]: the x axis spans it whatever the data), gaps ([[from, to]]: x spans
   * shaded grey, where nothing is known), logX, xFromZero, xPad (room left and right of
   * the first and last x), xSplits (the x axis's ticks, or a function of the plot that gives them),
   * xTickFormat (the ticks' labels, when shorter than the legend's xFormat), yLabel, yDecimals, yUnit, y2Label (a second y
   * axis, on the right, for the series with y2: true), empty (the text shown instead when nothing is to be
   * drawn), height (px, 260 by default), ySize (px for each y axis, 72 by default, 52 on a phone), series: [{label, values, color, dash,
   * width (of the line, 2 by default), points: true|false, line: false for points only, pointSize, pointFill (a ring: the
   * paper's colour), bars: true, fill (a bar's colour, opaque; by default the line's, translucent), legendValues (what the
   * legend shows at each x instead of the value drawn: a stacked series' own part), y2: true}]. Later series are drawn over earlier ones: where two can hold the same values,
   * give the earlier a wider line, so that both stay visible.
   */
  function chart(parent, opts) {
    var box = el('figure', {class: 'chart'}, [el('figcaption', null, opts.title)]);
    parent.appendChild(box);
    var drawable = opts.x.length > 0 && opts.series.some(function (s) { return hasValues(s.values); });
    if (!drawable) {
      box.appendChild(el('p', {class: 'empty'}, opts.empty || 'Nothing to draw.'));
      return null;
    }
    var yDecimals = opts.yDecimals || 0;
    var yUnit = opts.yUnit || '';
    var xFormat = opts.xFormat || function (v, decimals) { return number(v, decimals === undefined ? 3 : decimals); };
    var few = opts.x.length <= 60;
    var series = [{label: opts.xLabel, value: function (u, v) { return v === null ? '–' : xFormat(v); }}];
    opts.series.forEach(function (s, i) {
      var color = s.color || PALETTE[i % PALETTE.length];
      series.push({
        label: s.label,
        stroke: color,
        fill: s.fill || (s.bars ? color + '99' : undefined),
        scale: s.y2 ? 'y2' : 'y',
        width: s.line === false ? 0 : s.width || (s.bars ? 1 : 2),
        dash: s.dash,
        spanGaps: false,
        paths: s.line === false ? function () { return null; } : s.bars ? uPlot.paths.bars({size: [0.7, 40]}) : undefined,
        points: {show: s.points === undefined ? few : s.points, size: s.pointSize || (s.line === false ? 9 : 6),
          stroke: color, fill: s.pointFill || color, width: 2},
        value: function (u, v, si, idx) {
          var shown = s.legendValues && idx !== null && idx !== undefined ? s.legendValues[idx] : v;
          return shown === null || shown === undefined ? '–' : number(shown, yDecimals) + yUnit;
        }
      });
    });
    var xScale = {time: false};
    if (opts.timeX) {
      xScale.time = true; // x in epoch seconds: uPlot's time splits, labelled by xFormat
      if (opts.xRange) {
        xScale.range = function () { return opts.xRange.slice(); };
      }
    } else if (opts.logX) {
      xScale.distr = 3;
      xScale.log = 10;
    } else if (opts.xPad) {
      xScale.range = function (u, min, max) { return [min - opts.xPad, max + opts.xPad]; };
    } else if (opts.xFromZero) {
      xScale.range = function (u, min, max) { return [0, max > 0 ? max : 1]; };
    } else {
      xScale.range = function (u, min, max) { return min === max ? [min - 1, max + 1] : [min, max]; };
    }
    var xTickFormat = opts.xTickFormat || xFormat;
    var xAxis = {
      label: opts.xLabel,
      values: function (u, splits) {
        var decimals = splitDecimals(splits);
        return splits.map(function (v) { return v === null ? '' : xTickFormat(v, decimals); });
      }
    };
    if (opts.timeX && opts.utc) {
      xAxis.values = function (u, splits, axisIdx, space, incr) { return splits.map(function (v, i) { return utcTick(v, i, incr); }); };
    } else if (opts.timeX) {
      delete xAxis.values; // uPlot labels time ticks itself, in local time
    } else if (opts.logX) {
      xAxis.splits = function (u, axisIdx, min, max) {
        var s = [];
        for (var v = 1; v <= max * 1.0001; v *= 10) {
          s.push(v);
        }
        return s;
      };
    } else if (opts.xSplits) {
      xAxis.splits = typeof opts.xSplits === 'function' ? function (u) { return opts.xSplits(u); }
          : function () { return opts.xSplits; };
    }
    var uopts = {
      width: width(box),
      height: opts.height || CHART_HEIGHT,
      scales: {
        x: xScale,
        y: {range: function (u, min, max) { return [Math.min(0, min), max > 0 ? max * 1.08 : 1]; }}
      },
      axes: [xAxis, {
        label: opts.yLabel,
        labelSize: 22,
        size: opts.ySize || axisSize,
        values: function (u, splits) { return splits.map(function (v) { return number(v, splitDecimals(splits)); }); }
      }],
      series: series,
      hooks: opts.gaps ? {drawAxes: [function (u) { shade(u, opts.gaps); }]} : {},
      cursor: {drag: {x: true, y: false}},
      legend: {live: true}
    };
    if (opts.timeX && opts.utc) {
      uopts.tzDate = function (ts) { return uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'); };
    }
    if (opts.y2Label) {
      uopts.scales.y2 = {range: function (u, min, max) { return [0, max > 0 ? max * 1.08 : 1]; }};
      uopts.axes.push({label: opts.y2Label, scale: 'y2', side: 1, labelSize: 22,
        size: opts.ySize ? Math.min(56, opts.ySize) : function () { return Math.min(56, axisSize()); },
        grid: {show: false},
        values: function (u, splits) { return splits.map(function (v) { return number(v, splitDecimals(splits)); }); }});
    }
    if (opts.ySize) {
      uopts.axes.slice(1).forEach(function (a) { a.labelSize = 20; }); // narrow axes: room for the plot
    }
    var columns = [opts.x].concat(opts.series.map(function (s) { return s.values; }));
    var plot = new uPlot(uopts, columns, box);
    charts.push({plot: plot, box: box, title: opts.title, height: opts.height || CHART_HEIGHT});
    return plot;
  }

  function pad2(n) {
    return (n < 10 ? '0' : '') + n;
  }

  /** A time axis's tick in UTC, 24-hour: 14:30, with the date where the day changes and on the first tick. */
  function utcTick(seconds, i, incr) {
    var d = new Date(seconds * 1000);
    var date = pad2(d.getUTCMonth() + 1) + '-' + pad2(d.getUTCDate());
    var time = pad2(d.getUTCHours()) + ':' + pad2(d.getUTCMinutes());
    if (incr >= 86400) {
      return date;
    }
    return i === 0 || (d.getUTCHours() === 0 && d.getUTCMinutes() === 0) ? time + '\n' + date : time;
  }

  /** Shades x spans (in x's units) grey over the plot's height: where nothing is known. */
  function shade(u, spans) {
    var ctx = u.ctx;
    ctx.save();
    ctx.fillStyle = 'rgba(140, 150, 160, 0.28)';
    spans.forEach(function (s) {
      var left = Math.max(u.bbox.left, u.valToPos(s[0], 'x', true));
      var right = Math.min(u.bbox.left + u.bbox.width, u.valToPos(s[1], 'x', true));
      if (right > left) {
        ctx.fillRect(left, u.bbox.top, right - left, u.bbox.height);
      }
    });
    ctx.restore();
  }

  /** The fewest decimals that show every tick of an axis as it is (2.5 as 2.5, not 3). */
  function splitDecimals(splits) {
    for (var d = 0; d < 6; d++) {
      var scale = Math.pow(10, d);
      var exact = splits.every(function (v) {
        return v === null || Math.abs(Math.round(v * scale) / scale - v) < 1e-9 * Math.max(1, Math.abs(v));
      });
      if (exact) {
        return d;
      }
    }
    return 6;
  }

  /** A y axis's room for its ticks and values (its label has 22 px more): less on a phone, so the plot keeps its width. */
  function axisSize() {
    return window.innerWidth < 600 ? 52 : 72;
  }

  /** The chart's width: its box's, so that it never runs past it on a phone. */
  function width(box) {
    return Math.max(160, Math.floor(box.getBoundingClientRect().width) - 8);
  }

  window.addEventListener('resize', function () {
    charts.forEach(function (c) { c.plot.setSize({width: width(c.box), height: c.height}); });
  });

  /** '90%', '99.9%' for a value of one-in-N on a percentile plot's axis. */
  function oneInAsPercentile(oneIn) {
    var p = 100 - 100 / oneIn;
    var decimals = Math.max(0, Math.round(Math.log10(oneIn)) - 2);
    return p.toFixed(decimals) + '%';
  }

  window.TcpSwarmCharts = {
    data: data,
    el: el,
    append: append,
    at: at,
    number: number,
    figure: figure,
    latency: latency,
    header: header,
    section: section,
    tiles: tiles,
    table: table,
    shellLine: shellLine,
    settingsTable: settingsTable,
    commandAndSettings: commandAndSettings,
    chart: chart,
    /** Every chart drawn so far: {title, plot} (uPlot's instance), for a test to read its axes. */
    plots: function () { return charts.map(function (c) { return {title: c.title, plot: c.plot}; }); },
    oneInAsPercentile: oneInAsPercentile,
    utcTick: utcTick,
    /** The colour of the i-th error reason in a chart: reds, oranges and browns, told apart by dashes too. */
    errorColor: function (i) { return ['#d62728', '#ff7f0e', '#8c564b', '#e377c2', '#bcbd22', '#7f7f7f'][i % 6]; },
    colors: {
      dialing: '#e6a700', established: '#2ca02c', closed: '#9467bd', error: '#d62728', notInitiated: '#7f7f7f',
      p50: '#1f77b4', p90: '#17becf', p99: '#ff7f0e', max: '#d62728', target: '#7f7f7f', planned: '#9467bd',
      bisect: '#8c564b'
    }
  };
}());
