/*
 * The monitor's status page: every group and service with its state and since when, uptime over
 * 24 h, 7 d and 30 d, connect-time percentiles per minute and a state timeline, all read from the
 * monitor's JSON API (api/services and api/services/NAME/history) and refreshed every few seconds
 * without reloading the page. Names and reasons are put in the page as text only (charts.js's el),
 * and every figure carries the JSON pointer it shows (data-field), into api/services.
 */
(function () {
  'use strict';
  var C = window.TcpSwarmCharts;
  var el = C.el;
  var REFRESH_MILLIS = 5000;
  var REREAD_WHOLE_MILLIS = 10 * 60 * 1000;
  var HISTORY_EVERY_MILLIS = 30 * 1000;
  var RANGES = [['1h', 3600], ['24h', 86400], ['7d', 7 * 86400], ['30d', 30 * 86400]];
  var STATE_COLORS = {up: '#2ca02c', degraded: '#ff9f1c', down: '#d62728', maintenance: '#1f77b4',
    unknown: '#b8c0c8'};
  var main = document.getElementById('status');

  /** What the page last read, for anyone who looks (the tests do): the API's answers and the charts. */
  var page = window.TcpSwarmStatus = {
    services: null,
    histories: {},
    historyReads: {},
    plots: {},
    rangeSeconds: 86400,
    refreshes: 0,
    error: null
  };
  var layout = null;

  function fetchJson(url) {
    return fetch(url, {cache: 'no-store'}).then(function (r) {
      if (!r.ok) {
        return r.text().then(function (t) { throw new Error(url + ': HTTP ' + r.status + ' ' + t); });
      }
      return r.json();
    });
  }

  function refresh() {
    fetchJson('api/services').then(function (data) {
      page.services = data;
      page.error = null;
      render(data);
      var due = data.groups.concat(data.services).filter(function (x) {
        var read = page.historyReads[x.name];
        return !read || read.stateKey !== x.state + ' ' + x.since || Date.now() - read.at >= HISTORY_EVERY_MILLIS;
      });
      return Promise.all(due.map(function (x) { return loadHistory(x.name, data.time, x.state + ' ' + x.since); }));
    }).then(function () {
      page.refreshes++;
      banner(null);
    }, function (e) {
      page.error = String(e && e.message || e);
      banner('Cannot read the monitor\u2019s API (' + page.error + '); trying again.');
    }).then(function () {
      setTimeout(refresh, REFRESH_MILLIS);
    });
  }

  /**
   * A service's or group's history up to {@code to} over the chosen range (read every 30 s, the charts
   * being per minute, and at once when its state changes): read whole the first time
   * (and every few minutes, when minutes were rolled up again or pruned), otherwise only from the
   * newest minute held on, merged into what the page has, so that a refresh costs the server a few
   * rows per service, not a day's.
   */
  function loadHistory(name, to, stateKey) {
    var toMillis = new Date(to).getTime();
    var fromMillis = minute(toMillis - page.rangeSeconds * 1000); // whole minutes, as the API counts them
    var have = page.histories[name];
    var read = page.historyReads[name];
    var whole = !have || read.rangeSeconds !== page.rangeSeconds || Date.now() - read.wholeAt > REREAD_WHOLE_MILLIS;
    var since = fromMillis;
    if (!whole) {
      var times = have.minutes.time;
      since = minute(Math.max(fromMillis, times.length > 0 ? times[times.length - 1] * 1000 : new Date(have.to).getTime()));
    }
    return fetchJson('api/services/' + encodeURIComponent(name) + '/history?from=' + encodeURIComponent(iso(since))
        + '&to=' + encodeURIComponent(to)).then(function (h) {
      if (whole) {
        page.historyReads[name] = {wholeAt: Date.now(), rangeSeconds: page.rangeSeconds};
        page.histories[name] = h;
      } else {
        merge(have, h, fromMillis);
      }
      page.historyReads[name].at = Date.now();
      page.historyReads[name].stateKey = stateKey;
      draw(name, page.histories[name]);
    });
  }

  function minute(millis) {
    return Math.floor(millis / 60000) * 60000;
  }

  /** An instant as the API writes it (ISO-8601, milliseconds only when there are some). */
  function iso(millis) {
    return new Date(millis).toISOString().replace('.000Z', 'Z');
  }

  /** Adds a later part of a history to the one held, and drops what slid out of the range. */
  function merge(have, part, fromMillis) {
    var partFrom = new Date(part.from).getTime();
    var keys = Object.keys(have.minutes);
    var keep = [];
    have.minutes.time.forEach(function (t, i) {
      if (t * 1000 >= fromMillis && t * 1000 < partFrom) {
        keep.push(i);
      }
    });
    keys.forEach(function (k) {
      have.minutes[k] = keep.map(function (i) { return have.minutes[k][i]; }).concat(part.minutes[k]);
    });
    var states = have.states.filter(function (st) { return new Date(st.time).getTime() < partFrom; })
        .concat(part.states.filter(function (st) { return new Date(st.time).getTime() >= partFrom; }));
    var before = states.filter(function (st) { return new Date(st.time).getTime() < fromMillis; });
    have.states = before.slice(-1).concat(states.filter(function (st) { return new Date(st.time).getTime() >= fromMillis; }));
    have.from = iso(fromMillis);
    have.to = part.to;
  }

  function banner(text) {
    var b = document.getElementById('problem');
    if (b) {
      b.textContent = text || '';
      b.hidden = !text;
    }
  }

  /** The page's frame, made again only when the groups or services change (a reload of the config). */
  function render(data) {
    var key = JSON.stringify([data.groups.map(function (g) { return g.name; }),
      data.services.map(function (s) { return s.name; })]);
    if (!layout || layout.key !== key) {
      layout = build(data, key);
    }
    C.append(clear(layout.meta), ['Updated ', C.figure(data, '/time', 'instant'), '; ', data.services.length,
      ' services, ', data.groups.length, ' groups; refreshed every ', REFRESH_MILLIS / 1000, ' s.']);
    if (layout.groups) {
      clear(layout.groups);
      C.table(layout.groups, ['Group', 'State', 'Since', 'Policy', 'Members', 'Why'], data.groups.map(function (g, i) {
        var p = '/groups/' + i;
        return {cls: 'state-' + g.state, cells: [
          el('strong', null, C.figure(data, p + '/name', 'text')), badge(data, p + '/state'),
          C.figure(data, p + '/since', 'instant'), C.figure(data, p + '/policy', 'text'), g.members.join(', '),
          C.figure(data, p + '/reason', 'text')]};
      }));
    }
    data.services.forEach(function (s, i) {
      var card = layout.cards[s.name];
      var p = '/services/' + i;
      card.section.className = 'service state-' + s.state;
      C.append(clear(card.head), [el('h3', null, C.figure(data, p + '/name', 'text')), badge(data, p + '/state'),
        el('span', {class: 'since'}, ['since ', C.figure(data, p + '/since', 'instant')])]);
      C.append(clear(card.reason), ['Why: ', C.figure(data, p + '/reason', 'text'),
        s.groups.length ? '; in ' + s.groups.join(', ') : '']);
      clear(card.tiles);
      C.tiles(card.tiles, ['24h', '7d', '30d'].map(function (w) {
        return {label: 'Uptime ' + w, value: C.figure(data, p + '/uptime/' + w, 'percent'),
          sub: [C.figure(data, p + '/probes/' + w, 'count'), ' probes'],
          cls: s.uptime[w] !== null && s.uptime[w] < 1 ? 'bad' : null};
      }).concat([s.last_probe ? {label: 'Last probe', value: C.figure(data, p + '/last_probe/outcome', 'text'),
        sub: [C.figure(data, p + '/last_probe/connect_ms', 'ms'), ' at ', C.figure(data, p + '/last_probe/time', 'instant')]}
        : {label: 'Last probe', value: '–', sub: 'none yet'}]));
    });
  }

  function badge(data, pointer) {
    var b = C.figure(data, pointer, 'text');
    b.className += ' badge';
    return b;
  }

  function clear(node) {
    while (node.firstChild) {
      node.removeChild(node.firstChild);
    }
    return node;
  }

  function build(data, key) {
    clear(main);
    var l = {key: key, cards: {}, timelines: {}};
    document.title = 'tcpswarm monitor';
    var ranges = el('div', {class: 'ranges'}, ['Charts over the last ']);
    RANGES.forEach(function (r) {
      var button = el('button', {type: 'button', class: r[1] === page.rangeSeconds ? 'on' : null}, r[0]);
      button.addEventListener('click', function () {
        page.rangeSeconds = r[1];
        Array.prototype.forEach.call(ranges.querySelectorAll('button'), function (b) { b.className = ''; });
        button.className = 'on';
        Object.keys(page.plots).forEach(function (n) { page.plots[n].destroyed = true; });
        page.historyReads = {};
        layout = null;
        refreshSoon();
      });
      ranges.appendChild(button);
    });
    l.meta = el('p', {class: 'meta'});
    main.appendChild(el('header', null, [el('h1', null, 'tcpswarm monitor'), l.meta, ranges]));
    main.appendChild(el('p', {id: 'problem', class: 'problem', hidden: 'hidden'}));
    if (data.groups.length > 0) {
      var gs = C.section(main, 'Groups', null, 'groups');
      l.groups = el('div');
      gs.appendChild(l.groups);
      data.groups.forEach(function (g) {
        l.timelines[g.name] = timelineFigure(gs, 'State timeline: ' + g.name);
      });
    }
    var ss = C.section(main, 'Services', 'Uptime is the share of probes that opened. Connect times are per minute; '
        + 'the timeline shows each state over the range of the charts.', 'services');
    data.services.forEach(function (s) {
      var card = {section: el('section', {class: 'service'}), head: el('div', {class: 'head'}),
        reason: el('p', {class: 'note'}), tiles: el('div'), chart: el('div', {class: 'chart-slot'})};
      C.append(card.section, [card.head, card.reason, card.tiles, card.chart]);
      ss.appendChild(card.section);
      l.cards[s.name] = card;
      l.timelines[s.name] = timelineFigure(card.section, 'State timeline: ' + s.name);
    });
    page.plots = {};
    return l;
  }

  var soon = null;

  function refreshSoon() {
    if (soon === null) {
      soon = setTimeout(function () { soon = null; refresh(); }, 0);
    }
  }

  /** A service's or group's history drawn: its latency chart (services) and its timeline. */
  function draw(name, h) {
    if (!layout) {
      return;
    }
    if (h.kind === 'service' && layout.cards[name]) {
      latencyChart(layout.cards[name].chart, name, h);
    }
    if (layout.timelines[name]) {
      timeline(layout.timelines[name], h);
    }
  }

  /** Columns for the chart: a gap (nulls) where minutes are missing, so no line is drawn across it. */
  function columns(m) {
    var x = [];
    var cols = [[], [], []];
    var keys = ['p50_ms', 'p95_ms', 'p99_ms'];
    for (var i = 0; i < m.time.length; i++) {
      if (i > 0 && m.time[i] - m.time[i - 1] > 60) {
        x.push(m.time[i - 1] + 60);
        cols.forEach(function (c) { c.push(null); });
      }
      x.push(m.time[i]);
      keys.forEach(function (k, j) { cols[j].push(m[k][i]); });
    }
    return [x].concat(cols);
  }

  function latencyChart(slot, name, h) {
    var data = columns(h.minutes);
    var plot = page.plots[name];
    if (plot && !plot.destroyed) {
      plot.setData(data);
      return;
    }
    clear(slot);
    plot = C.chart(slot, {
      title: 'Connect time per minute: ' + name,
      x: data[0],
      timeX: true,
      xLabel: 'time',
      xFormat: clock,
      yLabel: 'ms',
      yDecimals: 3,
      yUnit: ' ms',
      empty: 'No open probe in this range.',
      series: [
        {label: 'p50', values: data[1], color: C.colors.p50},
        {label: 'p95', values: data[2], color: C.colors.p90},
        {label: 'p99', values: data[3], color: C.colors.p99}
      ]
    });
    if (plot) {
      page.plots[name] = plot;
    }
  }

  /** A minute in local time, for the chart's legend: 2025-10-08 14:30. */
  function clock(seconds) {
    if (seconds === null || seconds === undefined) {
      return '–';
    }
    var d = new Date(seconds * 1000);
    var pad = function (n) { return (n < 10 ? '0' : '') + n; };
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' ' + pad(d.getHours()) + ':'
        + pad(d.getMinutes());
  }

  function timelineFigure(parent, title) {
    var canvas = el('canvas', {class: 'timeline', height: 28});
    var legend = el('div', {class: 'timeline-legend'});
    Object.keys(STATE_COLORS).forEach(function (s) {
      legend.appendChild(el('span', {class: 'key'}, [el('span', {class: 'swatch swatch-' + s}), s]));
    });
    var box = el('figure', {class: 'chart timeline'}, [el('figcaption', null, title), canvas, legend]);
    parent.appendChild(box);
    return {box: box, canvas: canvas};
  }

  /**
   * The states over the range, one coloured stretch per state. The range starts where something is
   * known (the state in force when it begins, else the first change or minute), as the chart does.
   */
  function timeline(t, h) {
    var from = new Date(h.from).getTime();
    var to = new Date(h.to).getTime();
    var known = h.states.length > 0 ? new Date(h.states[0].time).getTime() : to;
    if (h.minutes.time.length > 0) {
      known = Math.min(known, h.minutes.time[0] * 1000);
    }
    from = Math.min(Math.max(from, known), to - 60000);
    var ratio = window.devicePixelRatio || 1;
    var cssWidth = Math.max(320, Math.floor(t.box.getBoundingClientRect().width) - 8);
    var cssHeight = 28;
    t.canvas.style.width = cssWidth + 'px';
    t.canvas.style.height = cssHeight + 'px';
    t.canvas.width = Math.round(cssWidth * ratio);
    t.canvas.height = Math.round(cssHeight * ratio);
    var g = t.canvas.getContext('2d');
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.fillStyle = '#eef1f4';
    g.fillRect(0, 0, cssWidth, cssHeight);
    var x = function (ms) { return (Math.min(Math.max(ms, from), to) - from) / (to - from) * cssWidth; };
    h.states.forEach(function (s, i) {
      var start = new Date(s.time).getTime();
      var end = i + 1 < h.states.length ? new Date(h.states[i + 1].time).getTime() : to;
      if (end <= from) {
        return;
      }
      g.fillStyle = STATE_COLORS[s.to] || STATE_COLORS.unknown;
      g.fillRect(x(start), 2, Math.max(1, x(end) - x(start)), cssHeight - 4);
    });
  }

  window.addEventListener('resize', function () {
    Object.keys(page.histories).forEach(function (n) {
      if (layout && layout.timelines[n]) {
        timeline(layout.timelines[n], page.histories[n]);
      }
    });
  });

  refresh();
}());
