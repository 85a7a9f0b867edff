/**
 * The dashboard page's script, served as `/dashboard/app.js`. Plain ES2019 for any current
 * browser, no libraries. Every value from the proxy goes into the page as text (`textContent`,
 * never markup): model names, paths and error texts can come from clients.
 */
export const dashboardScript = `'use strict';
(function () {
  var maxRecent = 200, maxErrors = 50, shownRecent = 100;
  var view = { since: 0, recent: [], errors: [], all: null, byModel: new Map(), byBackend: new Map(), openRequests: 0, routes: [] };
  var pending = false;

  function byId(id) { return document.getElementById(id); }
  function isError(row) { return row.status >= 400 || row.error !== undefined; }
  function time(at) { return new Date(at).toLocaleTimeString(); }
  function ms(value) {
    if (value === undefined || value === null) return '–';
    return value < 1000 ? Math.round(value) + ' ms' : (value / 1000).toFixed(value < 10000 ? 2 : 1) + ' s';
  }
  function num(value) { return value === undefined || value === null ? '–' : String(value); }
  function cost(value) {
    if (value === undefined || value === null) return '–';
    return '$' + value.toFixed(value !== 0 && value < 0.01 ? 4 : 2);
  }
  function totalCost(total) { return total.costedRequests > 0 ? cost(total.costUsd) : '–'; }
  function model(row) {
    var asked = row.requestedModel, used = row.backendModel;
    if (used && asked && used !== asked) return asked + ' → ' + used;
    return used || asked || '–';
  }
  function target(row) { return (row.backend ? row.backend + ' / ' : '') + model(row); }

  function cell(tr, text, className) {
    var td = document.createElement('td');
    td.textContent = text;
    if (className) td.className = className;
    tr.appendChild(td);
    return td;
  }

  function requestRow(row) {
    var tr = document.createElement('tr');
    tr.dataset.requestId = row.requestId;
    cell(tr, time(row.at), 'muted');
    cell(tr, row.client || '–');
    cell(tr, row.route || '–');
    cell(tr, target(row), 'name').title = row.method + ' ' + row.path + (row.stream === undefined ? '' : row.stream ? ' (stream)' : ' (sync)');
    var status = cell(tr, String(row.status) + (row.retries ? ' ↻' + row.retries : ''), isError(row) ? 'err' : 'ok');
    if (row.error) status.title = row.error;
    cell(tr, num(row.inputTokens) + ' / ' + num(row.outputTokens), 'num');
    cell(tr, ms(row.ttfbMs), 'num');
    cell(tr, ms(row.totalMs), 'num');
    cell(tr, cost(row.costUsd), 'num');
    return tr;
  }

  function errorRow(row) {
    var tr = document.createElement('tr');
    tr.dataset.requestId = row.requestId;
    cell(tr, time(row.at), 'muted');
    cell(tr, String(row.status), 'err');
    cell(tr, row.method + ' ' + row.path);
    cell(tr, target(row), 'name');
    cell(tr, row.error || '–', 'wrap');
    return tr;
  }

  function totalRow(total) {
    var tr = document.createElement('tr');
    cell(tr, total.name, 'name');
    cell(tr, String(total.requests), 'num');
    cell(tr, String(total.errors), total.errors > 0 ? 'num err' : 'num');
    cell(tr, total.inputTokens + ' / ' + total.outputTokens, 'num');
    cell(tr, ms(total.requests > 0 ? total.totalMs / total.requests : undefined), 'num');
    cell(tr, totalCost(total), 'num');
    return tr;
  }

  function routeRow(route) {
    var tr = document.createElement('tr');
    cell(tr, route.name);
    cell(tr, route.targets.length > 0 ? route.targets.join('  →  ') : '–', 'wrap');
    cell(tr, route.note || '', 'muted');
    return tr;
  }

  function fill(tableId, items, make) {
    byId(tableId).tBodies[0].replaceChildren.apply(byId(tableId).tBodies[0], items.map(make));
  }

  function sorted(totals) {
    return Array.from(totals.values()).sort(function (a, b) { return b.requests - a.requests || (a.name < b.name ? -1 : 1); });
  }

  function render() {
    pending = false;
    var recent = view.recent.slice(-shownRecent).reverse();
    fill('recent', recent, requestRow);
    byId('recent-empty').hidden = recent.length > 0;
    fill('errors', view.errors.slice().reverse(), errorRow);
    byId('errors-empty').hidden = view.errors.length > 0;
    fill('by-model', sorted(view.byModel), totalRow);
    fill('by-backend', sorted(view.byBackend), totalRow);
    fill('routes', view.routes, routeRow);
    byId('open-requests').textContent = String(view.openRequests);
    var all = view.all;
    byId('total-requests').textContent = all ? String(all.requests) : '–';
    byId('total-errors').textContent = all ? String(all.errors) : '–';
    byId('total-tokens').textContent = all ? all.inputTokens + ' / ' + all.outputTokens : '–';
    byId('total-cost').textContent = all ? totalCost(all) : '–';
    byId('since').textContent = view.since ? new Date(view.since).toLocaleString() : '–';
  }

  // Many requests a second become one repaint.
  function schedule() {
    if (pending) return;
    pending = true;
    setTimeout(render, 50);
  }

  function keyed(totals) {
    var map = new Map();
    totals.forEach(function (total) { map.set(total.name, total); });
    return map;
  }

  function onSnapshot(snapshot) {
    view.since = snapshot.since;
    view.recent = snapshot.recent;
    view.errors = snapshot.errors;
    view.all = snapshot.all;
    view.byModel = keyed(snapshot.byModel);
    view.byBackend = keyed(snapshot.byBackend);
    view.openRequests = snapshot.openRequests;
    view.routes = snapshot.routes;
    schedule();
  }

  function onRequest(update) {
    view.recent.push(update.row);
    if (view.recent.length > maxRecent) view.recent.shift();
    if (isError(update.row)) {
      view.errors.push(update.row);
      if (view.errors.length > maxErrors) view.errors.shift();
    }
    view.all = update.all;
    view.byModel.set(update.model.name, update.model);
    view.byBackend.set(update.backend.name, update.backend);
    schedule();
  }

  function onStatus(status) {
    view.openRequests = status.openRequests;
    view.routes = status.routes;
    schedule();
  }

  function setConnection(state, text) {
    var badge = byId('connection');
    badge.dataset.state = state;
    badge.textContent = text;
  }

  function listen(source, name, handle) {
    source.addEventListener(name, function (event) {
      setConnection('live', 'live');
      handle(JSON.parse(event.data));
    });
  }

  function connect() {
    var source = new EventSource('/dashboard/events');
    listen(source, 'snapshot', onSnapshot);
    listen(source, 'request', onRequest);
    listen(source, 'status', onStatus);
    source.onerror = function () {
      // The browser retries by itself unless the answer was not an event stream (a 401: reload with ?key=).
      if (source.readyState === EventSource.CLOSED) setConnection('down', 'disconnected: reload the page (with ?key= if the proxy has an admin key)');
      else setConnection('connecting', 'reconnecting…');
    };
  }

  connect();
})();
`;
