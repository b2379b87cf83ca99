/*
 * The monitor's status page: an overall banner, every group (and which of its members are not UP)
 * and every service with its state and since when, uptime over 24 h, 7 d and 30 d, 90 days of daily
 * uptime bars, connect-time percentiles and failures per minute, a state timeline with a time axis,
 * and the incidents (state changes) with their reasons and durations, all read from the monitor's
 * JSON API (api/services, api/services/NAME/history and /daily, api/incidents) and refreshed every
 * few seconds without reloading the page. Names and reasons are put in the page as text only
 * (charts.js's el), and every figure carries the JSON pointer it shows (data-field), into
 * api/services. Each access log of the config (api/logs) gets a card: its alerts (firing or not, and
 * why), its requests per second now, what it read over the chosen range by status class, and a chart
 * of requests per second over the range stacked by status class; its figures carry their pointer into
 * api/logs (data-log-field). Every time is shown in UTC, 24-hour, and says so. A state is told by its word and
 * mark, and in the timeline by a pattern, never by its colour alone. When the API cannot be read,
 * everything shown is greyed out as stale.
 */
(function () {
  'use strict';
  var C = window.TcpSwarmCharts;
  var el = C.el;
  var REFRESH_MILLIS = 5000;
  var REREAD_WHOLE_MILLIS = 10 * 60 * 1000;
  var HISTORY_EVERY_MILLIS = 30 * 1000;
  var DAILY_EVERY_MILLIS = 60 * 1000;
  var RANGES = [['1h', 3600], ['24h', 86400], ['7d', 7 * 86400], ['30d', 30 * 86400]];
  var STATE_COLORS = {up: '#2a8a2a', degraded: '#c77700', down: '#c62828', maintenance: '#3d5fc4', unknown: '#7a828a',
    none: '#d3d8dd'};
  var STATE_ORDER = ['up', 'degraded', 'down', 'maintenance', 'unknown', 'none'];
  var TIMELINE_BAR = 26;
  var TIMELINE_AXIS = 16;
  var INCIDENTS_SHOWN = 25;
  var main = document.getElementById('status');

  /** What the page last read, for anyone who looks (the tests do): the API's answers and the charts. */
  var page = window.TcpSwarmStatus = {
    services: null,
    histories: {},
    historyReads: {},
    dailies: {},
    dailyReads: {},
    incidents: null,
    logs: null,
    logReads: null,
    logCharts: {},
    logPlots: {},
    plots: {},
    timelines: {},
    rangeSeconds: 86400,
    refreshes: 0,
    error: null,
    staleSince: null
  };
  var layout = null;
  var incidentsKey = null;

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
      var all = data.groups.concat(data.services);
      var due = all.filter(function (x) {
        var read = page.historyReads[x.name];
        return !read || read.stateKey !== x.state + ' ' + x.since || Date.now() - read.at >= HISTORY_EVERY_MILLIS;
      });
      var daily = all.filter(function (x) {
        var read = page.dailyReads[x.name];
        return !read || read.stateKey !== x.state + ' ' + x.since || Date.now() - read.at >= DAILY_EVERY_MILLIS;
      });
      var key = all.map(function (x) { return x.state + ' ' + x.since; }).join('|');
      var reads = due.map(function (x) { return loadHistory(x.name, data.time, x.state + ' ' + x.since); })
          .concat(daily.map(function (x) { return loadDaily(x.name, x.state + ' ' + x.since); }));
      if (key !== incidentsKey || !page.incidents || Date.now() - page.incidents.at >= HISTORY_EVERY_MILLIS) {
        reads.push(loadIncidents(key));
      }
      reads.push(loadLogs(data.time));
      return Promise.all(reads).then(function () {
        data.groups.forEach(function (g) { // a group's timeline is known where its members' minutes are
          if (page.histories[g.name]) {
            draw(g.name, page.histories[g.name]);
          }
        });
      });
    }).then(function () {
      page.refreshes++;
      fresh();
    }, function (e) {
      page.error = String(e && e.message || e);
      stale();
    }).then(function () {
      setTimeout(refresh, REFRESH_MILLIS);
    });
  }

  /** The API answered: nothing is stale. */
  function fresh() {
    page.staleSince = null;
    main.classList.remove('stale');
    banner(null);
  }

  /** The API cannot be read: everything on the page is greyed out, and the banner says since when. */
  function stale() {
    if (page.staleSince === null) {
      page.staleSince = Date.now();
    }
    main.classList.add('stale');
    var shown = page.services ? ' What is shown is from ' + C.figure(page.services, '/time', 'instant').textContent
        + ' and may be out of date.' : '';
    banner('Cannot read the monitor\u2019s API (' + page.error + '); trying again every ' + REFRESH_MILLIS / 1000
        + ' s.' + shown);
    if (layout && layout.overall) {
      layout.overall.className = 'overall overall-stale';
      clear(layout.overall).appendChild(el('span', {class: 'overall-text'}, 'Status unknown: no answer from the monitor'));
    }
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

  /** A service's or group's 90 days of uptime (read every minute, and at once when its state changes). */
  function loadDaily(name, stateKey) {
    return fetchJson('api/services/' + encodeURIComponent(name) + '/daily').then(function (d) {
      page.dailies[name] = d;
      page.dailyReads[name] = {at: Date.now(), stateKey: stateKey};
      if (layout && layout.days[name]) {
        days(layout.days[name], d);
      }
    });
  }

  function loadIncidents(key) {
    return fetchJson('api/incidents?days=30').then(function (list) {
      list.at = Date.now();
      page.incidents = list;
      incidentsKey = key;
      if (layout) {
        incidents(layout.incidents, list);
      }
    });
  }

  function minute(millis) {
    return Math.floor(millis / 60000) * 60000;
  }

  /** An instant as the API writes it (ISO-8601, milliseconds only when there are some). */
  function iso(millis) {
    return new Date(millis).toISOString().replace('.000Z', 'Z');
  }

  /** A time as the page shows every time outside the API's own figures: 2025-10-08 14:30:05 UTC. */
  function utc(millis) {
    return new Date(millis).toISOString().substring(0, 19).replace('T', ' ') + ' UTC';
  }

  /** A length of time as a person says it: 45 s, 12 min 5 s, 3 h 20 min, 2 d 4 h. */
  function duration(seconds) {
    var s = Math.max(0, Math.round(seconds));
    if (s < 60) {
      return s + ' s';
    }
    if (s < 3600) {
      return Math.floor(s / 60) + ' min' + (s % 60 ? ' ' + s % 60 + ' s' : '');
    }
    if (s < 86400) {
      return Math.floor(s / 3600) + ' h' + (s % 3600 >= 60 ? ' ' + Math.floor(s % 3600 / 60) + ' min' : '');
    }
    return Math.floor(s / 86400) + ' d' + (s % 86400 >= 3600 ? ' ' + Math.floor(s % 86400 / 3600) + ' h' : '');
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

  /** "All systems operational", or what is not: "2 down, 1 degraded" (services; groups are listed below). */
  function overall(node, data) {
    var counts = {};
    data.services.forEach(function (s) { counts[s.state] = (counts[s.state] || 0) + 1; });
    var parts = [];
    [['down', 'down'], ['degraded', 'degraded'], ['maintenance', 'in maintenance'], ['unknown', 'unknown']]
        .forEach(function (w) {
          if (counts[w[0]]) {
            parts.push(counts[w[0]] + ' ' + w[1]);
          }
        });
    var worst = counts.down ? 'down' : counts.degraded ? 'degraded' : counts.maintenance ? 'maintenance'
        : counts.unknown ? 'unknown' : 'up';
    node.className = 'overall overall-' + worst;
    C.append(clear(node), [el('span', {class: 'overall-text'}, parts.length === 0 ? 'All systems operational'
        : parts.join(', ')), el('span', {class: 'overall-sub'}, parts.length === 0 ? 'all ' + data.services.length
        + ' services up' : (counts.up || 0) + ' of ' + data.services.length + ' services up')]);
  }

  /** The page's frame, made again only when the groups or services change (a reload of the config). */
  function render(data) {
    var key = JSON.stringify([data.groups.map(function (g) { return g.name; }),
      data.services.map(function (s) { return s.name; })]);
    if (!layout || layout.key !== key) {
      layout = build(data, key);
      Object.keys(page.histories).forEach(function (n) { draw(n, page.histories[n]); });
      Object.keys(page.dailies).forEach(function (n) {
        if (layout.days[n]) {
          days(layout.days[n], page.dailies[n]);
        }
      });
      if (page.incidents) {
        incidents(layout.incidents, page.incidents);
      }
      if (page.logs) {
        logCards(page.logs);
      }
    }
    overall(layout.overall, data);
    C.append(clear(layout.meta), ['Updated ', C.figure(data, '/time', 'instant'), '; ', data.services.length,
      ' services, ', data.groups.length, ' groups; refreshed every ', REFRESH_MILLIS / 1000, ' s. All times are UTC.']);
    data.groups.forEach(function (g, i) {
      var card = layout.groupCards[g.name];
      var p = '/groups/' + i;
      card.section.className = 'group state-' + g.state;
      C.append(clear(card.head), [el('h3', null, C.figure(data, p + '/name', 'text')), badge(data, p + '/state'),
        el('span', {class: 'since'}, ['since ', C.figure(data, p + '/since', 'instant')])]);
      var notUp = g.members.map(function (m) {
        return data.services.filter(function (s) { return s.name === m; })[0];
      }).filter(function (s) { return s && s.state !== 'up'; });
      C.append(clear(card.reason), [el('span', {class: 'label'}, 'Why: '), C.figure(data, p + '/reason', 'text'),
        '; policy ', C.figure(data, p + '/policy', 'text'), ', ', g.members.length, ' members']);
      clear(card.members);
      if (notUp.length === 0) {
        card.members.appendChild(el('span', {class: 'all-up'}, 'All members up: ' + g.members.join(', ')));
      } else {
        C.append(card.members, [el('span', {class: 'label'}, 'Not up: ')].concat(notUp.map(function (s) {
          var j = data.services.indexOf(s);
          return el('span', {class: 'member state-' + s.state}, [C.figure(data, '/services/' + j + '/name', 'text'), ' ',
            badge(data, '/services/' + j + '/state')]);
        })));
      }
    });
    data.services.forEach(function (s, i) {
      var card = layout.cards[s.name];
      var p = '/services/' + i;
      card.section.className = 'service state-' + s.state;
      C.append(clear(card.head), [el('h3', null, C.figure(data, p + '/name', 'text')), badge(data, p + '/state'),
        el('span', {class: 'since'}, ['since ', C.figure(data, p + '/since', 'instant')])]);
      C.append(clear(card.reason), [el('span', {class: 'label'}, 'Why: '), C.figure(data, p + '/reason', 'text'),
        s.groups.length ? '; in ' + s.groups.join(', ') : '']);
      clear(card.answer);
      card.answer.hidden = !(s.last_probe && typeof s.last_probe.answer === 'string');
      if (!card.answer.hidden) {
        C.append(card.answer, [el('span', {class: 'label'}, 'Answer: '),
          el('code', null, C.figure(data, p + '/last_probe/answer', 'text'))].concat(
          typeof s.last_probe.response_ms === 'number'
            ? [' (answered in ', C.figure(data, p + '/last_probe/response_ms', 'ms'), ')'] : []));
      }
      clear(card.tiles);
      C.tiles(card.tiles, ['24h', '7d', '30d'].map(function (w) {
        return {label: 'Uptime ' + w, value: C.figure(data, p + '/uptime/' + w, 'percent'),
          sub: [C.figure(data, p + '/probes/' + w, 'count'), ' probes'],
          cls: s.uptime[w] !== null && s.uptime[w] < 1 ? 'bad' : null};
      }).concat([s.last_probe ? {label: 'Last probe', value: C.figure(data, p + '/last_probe/outcome', 'text'),
        sub: [C.figure(data, p + '/last_probe/connect_ms', 'ms'), ' at ', C.figure(data, p + '/last_probe/time', 'instant')]}
        : {label: 'Last probe', value: '–', sub: 'none yet'}]).concat(certificateTile(data, s, p)));
    });
  }

  /**
   * The access logs over the chosen range up to {@code to} (the API's "now"): read whole the first
   * time, when the range changes and every few minutes, otherwise only from the newest interval
   * held on, merged into what the page has (a refresh then costs a few rows per log).
   */
  function loadLogs(to) {
    var toMillis = new Date(to).getTime();
    var fromMillis = toMillis - page.rangeSeconds * 1000;
    var read = page.logReads;
    var whole = !page.logs || !read || read.rangeSeconds !== page.rangeSeconds
        || Date.now() - read.wholeAt > REREAD_WHOLE_MILLIS;
    var since = fromMillis;
    if (!whole) {
      page.logs.logs.forEach(function (l) {
        var t = l.series.time;
        since = Math.max(since, t.length > 0 ? t[t.length - 1] * 1000 : fromMillis);
      });
    }
    return fetchJson('api/logs?from=' + encodeURIComponent(iso(since)) + '&to=' + encodeURIComponent(to))
        .then(function (part) {
          var names = function (d) { return d.logs.map(function (l) { return l.name; }).join('\n'); };
          if (whole || names(part) !== names(page.logs)) {
            if (!whole) { // a log added or removed by a reload: read its whole range next time
              page.logReads = null;
            } else {
              page.logReads = {wholeAt: Date.now(), rangeSeconds: page.rangeSeconds};
            }
            page.logs = part;
          } else {
            mergeLogs(page.logs, part, fromMillis, since);
          }
          page.logs.range = [fromMillis, toMillis];
          logCards(page.logs);
        });
  }

  /** Adds the intervals read since {@code since} to those held, and drops those that slid out of the range. */
  function mergeLogs(have, part, fromMillis, since) {
    part.logs.forEach(function (p, i) {
      var h = have.logs[i];
      var keep = [];
      h.series.time.forEach(function (t, j) {
        if (t * 1000 >= fromMillis && t * 1000 < since) {
          keep.push(j);
        }
      });
      Object.keys(p.series).forEach(function (k) {
        p.series[k] = keep.map(function (j) { return h.series[k][j]; }).concat(p.series[k]);
      });
    });
    have.logs = part.logs;
    have.time = part.time;
    have.from = iso(fromMillis);
    have.to = part.to;
  }

  var LOG_CLASSES = [['2xx', '#2a8a2a'], ['3xx', '#1f77b4'], ['4xx', '#e6a700'], ['5xx', '#c62828'],
    ['other', '#7a828a']];

  /** A figure of api/logs, bound to it by data-log-field (not data-field, which points into api/services). */
  function logFigure(d, pointer, fmt) {
    var f = C.figure(d, pointer, fmt);
    var bound = f.dataset.field ? f : f.querySelector('[data-field]');
    bound.dataset.logField = bound.dataset.field;
    delete bound.dataset.field;
    return f;
  }

  /** The log cards: made again when the logs change (a reload), their contents at every read. */
  function logCards(d) {
    if (!layout) {
      return;
    }
    var key = JSON.stringify(d.logs.map(function (l) { return l.name; }));
    if (layout.logsKey !== key) {
      var section = layout.logsSection;
      Array.prototype.slice.call(section.querySelectorAll('section.log')).forEach(function (c) { c.remove(); });
      layout.logCards = {};
      d.logs.forEach(function (l) {
        var card = {section: el('section', {class: 'log'}), head: el('div', {class: 'head'}), alerts: el('div', {class: 'log-alerts'}),
          tiles: el('div'), chart: el('div', {class: 'chart-slot'}), plot: null};
        C.append(card.section, [card.head, card.alerts, card.tiles, card.chart]);
        section.appendChild(card.section);
        layout.logCards[l.name] = card;
      });
      section.hidden = d.logs.length === 0;
      layout.logsKey = key;
    }
    d.logs.forEach(function (l, i) {
      logCard(layout.logCards[l.name], d, l, i);
    });
  }

  function logCard(card, d, l, i) {
    var p = '/logs/' + i;
    var firing = l.alerts_firing.length > 0;
    card.section.className = 'log ' + (firing ? 'state-down' : 'state-up');
    C.append(clear(card.head), [el('h3', null, logFigure(d, p + '/name', 'text')),
      el('span', {class: 'badge ' + (firing ? 'badge-down' : 'badge-up')}, firing ? l.alerts_firing.length
          + (l.alerts_firing.length === 1 ? ' alert firing' : ' alerts firing') : 'no alert firing'),
      el('span', {class: 'since'}, [logFigure(d, p + '/format', 'text'), ', every ',
        logFigure(d, p + '/interval_seconds', 'count'), ' s, window ', logFigure(d, p + '/window_seconds', 'count'), ' s'])]);
    clear(card.alerts);
    l.alerts_firing.forEach(function (a, j) {
      var q = p + '/alerts_firing/' + j;
      card.alerts.appendChild(el('p', {class: 'note firing'}, [el('span', {class: 'label'}, 'Firing: '),
        logFigure(d, q + '/alert', 'text'), ' since ', logFigure(d, q + '/since', 'instant'), ': ',
        logFigure(d, q + '/message', 'text')]));
    });
    var quiet = l.alerts.filter(function (a) {
      return !l.alerts_firing.some(function (f) { return f.alert === a.alert; });
    });
    if (l.alerts.length === 0) {
      card.alerts.appendChild(el('p', {class: 'note'}, 'No alert is set on this log.'));
    } else if (quiet.length > 0) {
      card.alerts.appendChild(el('p', {class: 'note'}, [el('span', {class: 'label'}, firing ? 'Not firing: ' : 'Alerts, none firing: ')]
          .concat(quiet.map(function (a, j) {
            var k = l.alerts.indexOf(a);
            return el('span', {class: 'rule'}, [j > 0 ? '; ' : '', logFigure(d, p + '/alerts/' + k + '/alert', 'text'), ' (',
              logFigure(d, p + '/alerts/' + k + '/when', 'text'), ')']);
          }))));
    }
    var totals = {hits: 0, malformed: 0, bytes: 0};
    LOG_CLASSES.forEach(function (c) { totals[c[0]] = 0; });
    l.series.time.forEach(function (t, j) {
      totals.hits += l.series.hits[j];
      totals.malformed += l.series.malformed[j];
      totals.bytes += l.series.bytes[j];
      LOG_CLASSES.forEach(function (c) { totals[c[0]] += classHits(l.series, c[0], j); });
    });
    var rangeName = RANGES.filter(function (r) { return r[1] === page.rangeSeconds; })[0][0];
    var total = function (k) { return el('span', {class: 'log-total', 'data-log-total': k}, C.number(totals[k], 0)); };
    clear(card.tiles);
    C.tiles(card.tiles, [
      {label: 'Now', value: l.window ? logFigure(d, p + '/window/requests_per_second', 'rate') : '–',
        sub: l.window ? ['over ', l.window_seconds, ' s, to ', logFigure(d, p + '/window/second', 'instant')] : 'nothing read yet'},
      {label: 'Requests ' + rangeName, value: total('hits'),
        sub: LOG_CLASSES.slice(0, 4).map(function (c, j) { return [j > 0 ? ' \u00b7 ' : '', c[0] + ' ', total(c[0])]; })
            .concat(totals.other > 0 ? [' \u00b7 other ', total('other')] : [])},
      {label: '5xx share now', value: l.window ? logFigure(d, p + '/window/status_5xx_ratio', 'percent') : '–',
        sub: 'of the window\u2019s requests', cls: l.window && l.window.status_5xx_ratio > 0 ? 'bad' : null},
      {label: 'Malformed ' + rangeName, value: total('malformed'), sub: [C.number(totals.bytes / 1048576, 1), ' MB read'],
        cls: totals.malformed > 0 ? 'bad' : null}
    ]);
    logChart(card, l, d.range);
  }

  /** The hits of a status class in interval j ('other' holds 1xx and what is no class). */
  function classHits(series, cls, j) {
    return cls === 'other' ? series['1xx'][j] + series.other[j] : series[cls][j];
  }

  /** The bars' width: a round step no shorter than the log's interval that gives at most about 120 bars (60 on a phone). */
  function logStep(rangeSeconds, intervalSeconds) {
    var want = Math.max(intervalSeconds, rangeSeconds / (phone() ? 60 : 120));
    var steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];
    return steps.filter(function (s) { return s >= want; })[0] || 86400;
  }

  /**
   * Requests per second over the range, stacked by status class: the intervals binned into bars
   * of {@link logStep} seconds, each class's rate its hits over the seconds the bar's intervals
   * cover (a bar half read is not half as high); a bar with no interval is no data, shaded grey.
   */
  function logChart(card, l, range) {
    var from = range[0] / 1000;
    var to = range[1] / 1000;
    var step = logStep(to - from, l.interval_seconds);
    var first = Math.floor(from / step) * step;
    var n = Math.max(1, Math.ceil((to - first) / step));
    var covered = [];
    var hits = {};
    LOG_CLASSES.forEach(function (c) { hits[c[0]] = []; });
    for (var b = 0; b < n; b++) {
      covered.push(0);
      LOG_CLASSES.forEach(function (c) { hits[c[0]].push(0); });
    }
    l.series.time.forEach(function (t, j) {
      var b = Math.floor((t - first) / step);
      if (b < 0 || b >= n) {
        return;
      }
      covered[b] += Math.max(1, l.series.end[j] - t);
      LOG_CLASSES.forEach(function (c) { hits[c[0]][b] += classHits(l.series, c[0], j); });
    });
    var x = [];
    var rates = {};
    LOG_CLASSES.forEach(function (c) { rates[c[0]] = []; });
    var gaps = [];
    for (b = 0; b < n; b++) {
      // the middle of the bar's part of the range: the bar of "now", only partly past, is drawn inside the axis
      x.push((Math.max(from, first + b * step) + Math.min(to, first + (b + 1) * step)) / 2);
      LOG_CLASSES.forEach(function (c) { rates[c[0]].push(covered[b] > 0 ? hits[c[0]][b] / covered[b] : null); });
      if (covered[b] === 0) {
        var a = Math.max(from, first + b * step);
        var e = Math.min(to, first + (b + 1) * step);
        if (gaps.length > 0 && gaps[gaps.length - 1][1] >= a) {
          gaps[gaps.length - 1][1] = e;
        } else {
          gaps.push([a, e]);
        }
      }
    }
    page.logCharts[l.name] = {step: step, x: x, covered: covered, hits: hits, rates: rates, from: from, to: to};
    // stacked: each class drawn as the sum of itself and those under it, the highest first
    var stacked = [];
    var sum = x.map(function (v, i) { return covered[i] > 0 ? 0 : null; });
    LOG_CLASSES.forEach(function (c) {
      sum = sum.map(function (v, i) { return v === null ? null : v + rates[c[0]][i]; });
      stacked.push({label: c[0], values: sum.slice(), color: c[1], fill: c[1], bars: true, points: false,
        legendValues: rates[c[0]]});
    });
    if (totalsOf(hits.other) === 0) {
      stacked.pop();
    }
    stacked.reverse();
    var plotKey = step + ' ' + stacked.length + ' ' + phone();
    if (card.plot && card.plotKey === plotKey) { // the same bars: new figures in place (the legend reads them too)
      card.range[0] = from;
      card.range[1] = to;
      card.gaps.length = 0;
      Array.prototype.push.apply(card.gaps, gaps);
      stacked.forEach(function (st, k) {
        card.legends[k].length = 0;
        Array.prototype.push.apply(card.legends[k], st.legendValues);
      });
      card.plot.setData([x].concat(stacked.map(function (st) { return st.values; })));
      return;
    }
    card.range = [from, to];
    card.gaps = gaps;
    card.legends = stacked.map(function (st) { return st.legendValues; });
    card.plotKey = plotKey;
    clear(card.chart);
    card.plot = C.chart(card.chart, {
      title: 'Requests per second by status class: ' + l.name + ' (bars of ' + duration(step) + ')',
      x: x,
      timeX: true,
      utc: true,
      xRange: card.range,
      gaps: card.gaps,
      xLabel: 'time (UTC)',
      xFormat: clock,
      yLabel: 'requests/s',
      yDecimals: 2,
      yUnit: '/s',
      height: phone() ? 170 : 210,
      ySize: phone() ? 42 : 64,
      empty: 'No line read in this range.',
      series: stacked
    });
    page.logPlots[l.name] = card.plot;
  }

  function totalsOf(values) {
    return values.reduce(function (a, v) { return a + v; }, 0);
  }

  /** A TLS service's certificate: the days left on the one that expires first (when the API gives one). */
  function certificateTile(data, s, p) {
    if (!s.last_probe || !s.last_probe.certificate) {
      return [];
    }
    var cert = s.last_probe.certificate;
    return [{label: 'Certificate', value: [C.figure(data, p + '/last_probe/certificate/days_left', 'count'), ' days left'],
      sub: ['expires ', C.figure(data, p + '/last_probe/certificate/earliest_not_after', 'instant')],
      cls: cert.days_left < 14 ? 'bad' : null}];
  }

  /** A state as a badge: its word (from the API) and, by the style sheet, a mark of its own shape. */
  function badge(data, pointer) {
    var b = C.figure(data, pointer, 'text');
    b.className += ' badge badge-' + C.at(data, pointer);
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
    var l = {key: key, cards: {}, groupCards: {}, timelines: {}, days: {}};
    document.title = 'tcpswarm monitor';
    var ranges = el('div', {class: 'ranges'}, ['Charts over the last ']);
    RANGES.forEach(function (r) {
      var button = el('button', {type: 'button', class: r[1] === page.rangeSeconds ? 'on' : null}, r[0]);
      button.addEventListener('click', function () {
        page.rangeSeconds = r[1];
        Array.prototype.forEach.call(ranges.querySelectorAll('button'), function (b) { b.className = ''; });
        button.className = 'on';
        Object.keys(page.plots).forEach(function (n) { page.plots[n].destroyed = true; });
        page.logReads = null;
        page.historyReads = {};
        page.histories = {};
        layout = null;
        refreshSoon();
      });
      ranges.appendChild(button);
    });
    l.meta = el('p', {class: 'meta'});
    main.appendChild(el('header', null, [el('h1', null, 'tcpswarm monitor'), l.meta, ranges]));
    main.appendChild(el('p', {id: 'problem', class: 'problem', hidden: 'hidden'}));
    l.overall = el('div', {class: 'overall', role: 'status'});
    main.appendChild(l.overall);
    if (data.groups.length > 0) {
      var gs = C.section(main, 'Groups', null, 'groups');
      data.groups.forEach(function (g) {
        var card = {section: el('section', {class: 'group'}), head: el('div', {class: 'head'}),
          reason: el('p', {class: 'note'}), members: el('p', {class: 'members'})};
        C.append(card.section, [card.head, card.reason, card.members]);
        gs.appendChild(card.section);
        l.groupCards[g.name] = card;
        l.days[g.name] = dayBars(card.section, g.name);
        l.timelines[g.name] = timelineFigure(card.section, 'State timeline: ' + g.name);
      });
    }
    var ss = C.section(main, 'Services', 'Uptime is the share of probes that opened. Connect times (p50, p95, p99) and '
        + 'failed probes are per minute; the timeline shows each state over the range of the charts, grey where '
        + 'nothing was measured (the monitor stopped, or no probe).', 'services');
    data.services.forEach(function (s) {
      var card = {section: el('section', {class: 'service'}), head: el('div', {class: 'head'}),
        reason: el('p', {class: 'note'}), answer: el('p', {class: 'note answer', hidden: 'hidden'}), tiles: el('div'),
        chart: el('div', {class: 'chart-slot'})};
      C.append(card.section, [card.head, card.reason, card.answer, card.tiles]);
      ss.appendChild(card.section);
      l.cards[s.name] = card;
      l.days[s.name] = dayBars(card.section, s.name);
      card.section.appendChild(card.chart);
      l.timelines[s.name] = timelineFigure(card.section, 'State timeline: ' + s.name);
    });
    l.logsSection = C.section(main, 'Access logs', 'Requests per second read from each access log of the config, '
        + 'stacked by status class, over the range of the charts (the lines\u2019 own time, UTC), grey where nothing '
        + 'was read; and the alerts on each log.', 'logs');
    l.logsSection.hidden = true;
    l.logCards = {};
    l.logsKey = null;
    var is = C.section(main, 'Incidents', 'Every change of state over the last 30 days, newest first, with its reason '
        + 'and how long the new state lasted.', 'incidents');
    l.incidents = el('div', {class: 'incident-list'});
    is.appendChild(l.incidents);
    page.plots = {};
    page.timelines = {};
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
      timeline(layout.timelines[name], name, h);
    }
  }

  /** The range a history spans, in epoch milliseconds: the chosen range up to the API's "now". */
  function span(h) {
    return {from: new Date(h.from).getTime(), to: new Date(h.to).getTime()};
  }

  /**
   * The stretches of a range in which something was measured, from its minutes (a group's from its
   * members'): a minute with probes is known, and so is a hole between two of them no longer than
   * one and a half of the usual spacing (a service probed every 2 minutes has a minute without probes
   * between two with). The rest is unknown: the monitor stopped, or did not probe.
   */
  function knownSpans(name, h) {
    var times = [];
    var names = h.kind === 'group' ? (page.services.groups.filter(function (g) { return g.name === name; })[0] || {members: []})
        .members : [name];
    names.forEach(function (n) {
      var mh = n === name ? h : page.histories[n];
      if (mh) {
        mh.minutes.time.forEach(function (t, i) {
          if (mh.minutes.probes[i] > 0) {
            times.push(t * 1000);
          }
        });
      }
    });
    times.sort(function (a, b) { return a - b; });
    var diffs = [];
    for (var i = 1; i < times.length; i++) {
      if (times[i] > times[i - 1]) {
        diffs.push(times[i] - times[i - 1]);
      }
    }
    diffs.sort(function (a, b) { return a - b; });
    var spacing = Math.max(60000, diffs.length ? diffs[Math.floor(diffs.length / 2)] : 60000);
    var spans = [];
    times.forEach(function (t) {
      var last = spans[spans.length - 1];
      if (last && t - last[1] <= spacing * 1.5 - 60000) {
        last[1] = Math.max(last[1], t + 60000);
      } else {
        spans.push([t, t + 60000]);
      }
    });
    return spans;
  }

  /** The gaps of a range (epoch ms) that no known span covers. */
  function unknownSpans(from, to, known) {
    var gaps = [];
    var at = from;
    known.forEach(function (k) {
      if (k[0] > at) {
        gaps.push([at, Math.min(k[0], to)]);
      }
      at = Math.max(at, k[1]);
    });
    if (at < to) {
      gaps.push([at, to]);
    }
    return gaps.filter(function (g) { return g[1] > g[0]; });
  }

  /**
   * Columns for the chart, in the order its series are drawn (failures, p99, p95, p50, and for a
   * service whose conversations were answered the response's p50): a gap (nulls) where minutes are
   * missing, so no line is drawn across it.
   */
  function columns(m, answered) {
    var x = [];
    var keys = ['failures', 'p99_ms', 'p95_ms', 'p50_ms'].concat(answered ? ['response_p50_ms'] : []);
    var cols = keys.map(function () { return []; });
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

  function phone() {
    return window.innerWidth < 600;
  }

  /** Whether a history has response times: a service with steps or a check, answered in the range. */
  function answered(m) {
    return (m.response_p50_ms || []).some(function (v) { return v !== null; });
  }

  function latencyChart(slot, name, h) {
    var withResponse = answered(h.minutes);
    var data = columns(h.minutes, withResponse);
    var r = span(h);
    var gaps = unknownSpans(r.from, r.to, knownSpans(name, h)).map(function (g) { return [g[0] / 1000, g[1] / 1000]; });
    var plot = page.plots[name];
    if (plot && !plot.destroyed && plot.tcpResponse === withResponse) {
      plot.tcpRange[0] = r.from / 1000;
      plot.tcpRange[1] = r.to / 1000;
      plot.tcpGaps.length = 0;
      Array.prototype.push.apply(plot.tcpGaps, gaps);
      plot.setData(data);
      return;
    }
    if (plot && !plot.destroyed) {
      plot.destroy(); // its series change: answers came, or left the range
      delete page.plots[name]; // a range with nothing to draw makes no new one: never update the old
    }
    clear(slot);
    var range = [r.from / 1000, r.to / 1000];
    var series = [
      {label: 'failed', values: data[1], color: '#c62828', bars: true, y2: true, points: false},
      {label: 'p99', values: data[2], color: C.colors.p99, width: 4},
      {label: 'p95', values: data[3], color: C.colors.p90, width: 2, dash: [7, 4]},
      {label: 'p50', values: data[4], color: C.colors.p50, width: 1.5}
    ];
    if (withResponse) {
      series.push({label: 'response p50', values: data[5], color: C.colors.planned, width: 2, dash: [2, 3]});
    }
    plot = C.chart(slot, {
      title: (withResponse ? 'Connect time, response time and failures per minute: '
        : 'Connect time and failures per minute: ') + name,
      x: data[0],
      timeX: true,
      utc: true,
      xRange: range,
      gaps: gaps,
      xLabel: 'time (UTC)',
      xFormat: clock,
      yLabel: 'ms',
      yDecimals: 3,
      yUnit: ' ms',
      y2Label: 'failed / min',
      height: phone() ? 180 : 230,
      ySize: phone() ? 42 : 72,
      empty: 'Nothing measured in this range.',
      // drawn in this order, each over the one before: the widest first, so that equal values show both
      series: series
    });
    if (plot) {
      plot.tcpResponse = withResponse;
      plot.tcpRange = range;
      plot.tcpGaps = gaps;
      page.plots[name] = plot;
    }
  }

  /** A minute in UTC, for the chart's legend: 2025-10-08 14:30 UTC. */
  function clock(seconds) {
    if (seconds === null || seconds === undefined) {
      return '–';
    }
    return new Date(seconds * 1000).toISOString().substring(0, 16).replace('T', ' ') + ' UTC';
  }

  /** Each state's look in the timeline: its colour and a pattern of its own (so no one needs the colour). */
  function patterns(g) {
    var out = {};
    STATE_ORDER.forEach(function (state) {
      var tile = document.createElement('canvas');
      tile.width = 8;
      tile.height = 8;
      var t = tile.getContext('2d');
      t.fillStyle = STATE_COLORS[state];
      t.fillRect(0, 0, 8, 8);
      t.strokeStyle = state === 'none' ? '#aab2ba' : 'rgba(255, 255, 255, 0.75)';
      t.fillStyle = 'rgba(255, 255, 255, 0.8)';
      t.lineWidth = 1.5;
      if (state === 'down' || state === 'none') { // diagonal stripes
        t.beginPath();
        t.moveTo(0, 8);
        t.lineTo(8, 0);
        t.moveTo(-2, 2);
        t.lineTo(2, -2);
        t.moveTo(6, 10);
        t.lineTo(10, 6);
        t.stroke();
      } else if (state === 'degraded') { // dots
        t.fillRect(3, 3, 2, 2);
      } else if (state === 'maintenance') { // a cross-hatch
        t.beginPath();
        t.moveTo(4, 0);
        t.lineTo(4, 8);
        t.moveTo(0, 4);
        t.lineTo(8, 4);
        t.stroke();
      } else if (state === 'unknown') { // horizontal lines
        t.fillRect(0, 3, 8, 1.5);
      }
      out[state] = state === 'up' ? STATE_COLORS.up : g.createPattern(tile, 'repeat');
    });
    return out;
  }

  function timelineFigure(parent, title) {
    var canvas = el('canvas', {class: 'timeline', height: TIMELINE_BAR + TIMELINE_AXIS, tabindex: '0'});
    var info = el('p', {class: 'timeline-info'}, 'Hover or tap the timeline for a state\u2019s start, end and reason.');
    var legend = el('div', {class: 'timeline-legend'});
    STATE_ORDER.forEach(function (s) {
      legend.appendChild(el('span', {class: 'key'}, [el('span', {class: 'swatch swatch-' + s}),
        s === 'none' ? 'no data' : s]));
    });
    var box = el('figure', {class: 'chart timeline'}, [el('figcaption', null, title), canvas, info, legend]);
    parent.appendChild(box);
    var t = {box: box, canvas: canvas, info: info, segments: [], from: 0, to: 0};
    var show = function (clientX) {
      var rect = canvas.getBoundingClientRect();
      var at = t.from + (clientX - rect.left) / rect.width * (t.to - t.from);
      var seg = t.segments.filter(function (s) { return at >= s.start && at < s.end; })[0];
      if (seg) {
        info.textContent = describe(seg);
      }
    };
    canvas.addEventListener('mousemove', function (e) { show(e.clientX); });
    canvas.addEventListener('click', function (e) { show(e.clientX); });
    canvas.addEventListener('touchstart', function (e) {
      if (e.touches.length > 0) {
        show(e.touches[0].clientX);
      }
    }, {passive: true});
    return t;
  }

  /** A stretch of the timeline in words: DOWN from … to … (10 min): its reason. */
  function describe(seg) {
    var what = seg.state === 'none' ? 'No data' : seg.state.toUpperCase();
    return what + ' from ' + utc(seg.start) + ' to ' + (seg.ongoing ? 'now (' + utc(seg.end) + ')' : utc(seg.end)) + ' ('
        + duration((seg.end - seg.start) / 1000) + ')' + (seg.state === 'none' ? ': nothing was measured (the monitor '
        + 'was stopped, or did not probe)' : seg.reason ? ': ' + seg.reason : '');
  }

  /**
   * The stretches of a timeline: each state from its change to the next, cut where nothing was
   * measured (those parts are 'none', drawn grey, never the last state carried through). A
   * maintenance window is known whole: its probes are not counted, it is planned.
   */
  function segments(name, h, from, to) {
    var measured = knownSpans(name, h);
    var known = measured.slice();
    var out = [];
    h.states.forEach(function (s, i) {
      var start = Math.max(from, new Date(s.time).getTime());
      var end = Math.min(to, i + 1 < h.states.length ? new Date(h.states[i + 1].time).getTime() : to);
      if (end <= start) {
        return;
      }
      if (s.to === 'maintenance') {
        known.push([start, end]);
      }
      (s.to === 'maintenance' ? [[start, end]] : measured).forEach(function (k) {
        var a = Math.max(start, k[0]);
        var b = Math.min(end, k[1]);
        if (b > a) {
          out.push({state: s.to, start: a, end: b, reason: s.reason, since: new Date(s.time).getTime(),
            ongoing: i + 1 === h.states.length && b === to});
        }
      });
    });
    known.sort(function (a, b) { return a[0] - b[0]; });
    unknownSpans(from, to, known).forEach(function (g) { out.push({state: 'none', start: g[0], end: g[1]}); });
    out.sort(function (a, b) { return a.start - b.start; });
    return out;
  }

  /** A time axis's ticks for a range of {@code width} px: a round step that leaves room for each label. */
  function ticks(from, to, width) {
    var steps = [60, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800].map(function (s) {
      return s * 1000;
    });
    var room = 72;
    var step = steps.filter(function (s) { return (to - from) / s * room <= width; })[0] || steps[steps.length - 1];
    var out = [];
    for (var t = Math.ceil(from / step) * step; t <= to; t += step) {
      out.push(t);
    }
    return {step: step, at: out};
  }

  /**
   * The states over the chosen range, one patterned stretch per state, with a time axis (UTC) under
   * them; the range ends at the API's "now".
   */
  function timeline(t, name, h) {
    var r = span(h);
    var from = r.from;
    var to = Math.max(r.to, from + 60000);
    var ratio = window.devicePixelRatio || 1;
    var cssWidth = Math.max(100, Math.floor(t.box.getBoundingClientRect().width));
    var cssHeight = TIMELINE_BAR + TIMELINE_AXIS;
    t.canvas.style.width = cssWidth + 'px';
    t.canvas.style.height = cssHeight + 'px';
    t.canvas.width = Math.round(cssWidth * ratio);
    t.canvas.height = Math.round(cssHeight * ratio);
    var g = t.canvas.getContext('2d');
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, cssWidth, cssHeight);
    var look = patterns(g);
    var x = function (ms) { return (Math.min(Math.max(ms, from), to) - from) / (to - from) * cssWidth; };
    t.from = from;
    t.to = to;
    t.segments = segments(name, h, from, to);
    page.timelines[name] = {from: from, to: to, segments: t.segments};
    t.segments.forEach(function (s) {
      g.fillStyle = look[s.state] || look.unknown;
      g.fillRect(x(s.start), 1, Math.max(1, x(s.end) - x(s.start)), TIMELINE_BAR - 2);
    });
    var tk = ticks(from, to, cssWidth);
    g.fillStyle = '#5f6b76';
    g.strokeStyle = '#5f6b76';
    g.font = '11px system-ui, sans-serif';
    g.textBaseline = 'top';
    tk.at.forEach(function (tick, i) {
      var px = Math.round(x(tick)) + 0.5;
      g.beginPath();
      g.moveTo(px, TIMELINE_BAR - 1);
      g.lineTo(px, TIMELINE_BAR + 3);
      g.stroke();
      var d = new Date(tick);
      var label = C.utcTick(tick / 1000, i, tk.step / 1000).replace('\n', ' ');
      if (tk.step < 86400000 && i > 0 && d.getUTCHours() === 0 && d.getUTCMinutes() === 0) {
        label = label.split(' ')[1] || label;
      }
      var w = g.measureText(label).width;
      g.fillText(label, Math.min(Math.max(0, px - w / 2), cssWidth - w), TIMELINE_BAR + 3);
    });
  }

  /** The 90 days of uptime bars of a service or group, and the line that names a day's figures. */
  function dayBars(parent, name) {
    var bars = el('div', {class: 'days', role: 'img'});
    var info = el('p', {class: 'day-info'}, 'Daily uptime over 90 days (UTC); hover or tap a day.');
    var box = el('div', {class: 'daily'}, [el('div', {class: 'days-head'}, [el('span', null, '90 days ago'),
      el('span', {class: 'days-total'}), el('span', null, 'today')]), bars, info]);
    parent.appendChild(box);
    return {bars: bars, info: info, total: box.querySelector('.days-total'), name: name};
  }

  /** A day's figures in words: 2025-10-08: 99.31% up (1,080 probes, 7 failed); 2 incidents: DOWN at 12:00 (why). */
  function dayText(d) {
    var up = d.uptime === null ? 'no data' : C.number(d.uptime * 100, 2) + '% up (' + C.number(d.probes, 0)
        + ' probes, ' + C.number(d.failures, 0) + ' failed)';
    var inc = d.incidents.length === 0 ? 'no incident' : d.incidents.length + (d.incidents.length === 1 ? ' incident: '
        : ' incidents: ') + d.incidents.slice(0, 3).map(function (i) {
          return i.to.toUpperCase() + ' at ' + utc(new Date(i.time).getTime()).substring(11) + ' (' + i.reason + ')';
        }).join('; ') + (d.incidents.length > 3 ? '; …' : '');
    return d.date + ' (UTC): ' + up + '; ' + inc;
  }

  /** A day's level, for its colour and pattern: none, up (≥ 99.9%), minor (≥ 99%), degraded (≥ 95%), down. */
  function dayLevel(d) {
    if (d.uptime === null) {
      return 'none';
    }
    return d.uptime >= 0.999 ? 'up' : d.uptime >= 0.99 ? 'minor' : d.uptime >= 0.95 ? 'degraded' : 'down';
  }

  function days(t, daily) {
    clear(t.bars);
    var probes = 0;
    var failures = 0;
    daily.days.forEach(function (d) {
      probes += d.probes;
      failures += d.failures;
      var bar = el('span', {class: 'day day-' + dayLevel(d) + (d.incidents.length ? ' has-incident' : ''),
        title: dayText(d), tabindex: '-1'});
      var show = function () { t.info.textContent = dayText(d); };
      bar.addEventListener('mouseenter', show);
      bar.addEventListener('click', show);
      t.bars.appendChild(bar);
    });
    t.bars.setAttribute('aria-label', 'daily uptime of ' + t.name + ' over 90 days');
    t.total.textContent = probes === 0 ? 'no data' : C.number((probes - failures) / probes * 100, 2) + '% over 90 days';
  }

  /** The incident list: the newest state changes, with their reasons and how long the new state lasted. */
  function incidents(node, list) {
    clear(node);
    if (list.incidents.length === 0) {
      node.appendChild(el('p', {class: 'note'}, 'No state change in the last 30 days.'));
      return;
    }
    var items = list.incidents.slice(0, INCIDENTS_SHOWN).map(function (c) {
      var start = new Date(c.time).getTime();
      return el('li', {class: 'incident state-' + c.to}, [
        el('div', {class: 'incident-head'}, [el('strong', {class: 'incident-name'}, c.name),
          el('span', {class: 'kind'}, c.kind), el('span', {class: 'badge badge-' + c.from}, c.from), ' \u2192 ',
          el('span', {class: 'badge badge-' + c.to}, c.to)]),
        el('div', {class: 'incident-when'}, [utc(start), ', ', c.end === null ? 'ongoing for ' + duration(c.duration_s)
          : 'lasted ' + duration(c.duration_s) + ' (until ' + utc(new Date(c.end).getTime()) + ')']),
        el('div', {class: 'incident-why'}, ['Why: ', c.reason])]);
    });
    node.appendChild(el('ol', {class: 'incidents'}, items));
    if (list.count > INCIDENTS_SHOWN) {
      node.appendChild(el('p', {class: 'note'}, 'The newest ' + INCIDENTS_SHOWN + ' of ' + list.count
          + ' state changes in the last 30 days.'));
    }
  }

  window.addEventListener('resize', function () {
    Object.keys(page.histories).forEach(function (n) {
      if (layout && layout.timelines[n]) {
        timeline(layout.timelines[n], n, page.histories[n]);
      }
    });
  });

  refresh();
}());
