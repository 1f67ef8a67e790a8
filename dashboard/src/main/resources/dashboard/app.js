// Live dashboard. Every piece of data is put into the page with textContent / new Option(): never as markup, so
// device ids, alert messages and field names written by others cannot inject HTML.
'use strict';
(function () {
  const STATUSES = ['ok', 'empty', 'unreachable', 'missing', 'error'];
  const LEVELS = ['critical', 'warning', 'info', 'other'];
  const STATUS_LABEL = { empty: 'No data yet', unreachable: 'Unreachable', missing: 'Not there yet', error: 'Error' };
  const state = { refreshMs: 2000, tick: 0, catalog: null, catalogKey: '', chart: null, map: null, device: '', sensor: '' };

  function $(id) { return document.getElementById(id); }

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }

  function oneOf(value, allowed, fallback) { return allowed.indexOf(value) >= 0 ? value : fallback; }

  function fmt(v) {
    if (v === null || v === undefined) return '—';
    if (typeof v !== 'number') return String(v);
    if (Number.isInteger(v)) return String(v);
    return v.toFixed(Math.abs(v) >= 100 ? 1 : 2);
  }

  function fmtAge(s) {
    if (s === null || s === undefined) return '—';
    if (s < 60) return s + ' s';
    if (s < 3600) return Math.floor(s / 60) + ' min';
    if (s < 86400) return Math.floor(s / 3600) + ' h';
    return Math.floor(s / 86400) + ' d';
  }

  function fmtTime(ms) {
    if (!ms) return '—';
    const d = new Date(ms);
    return d.toLocaleTimeString([], { hour12: false });
  }

  async function getJson(url) {
    const r = await fetch(url, { cache: 'no-store' });
    const body = await r.json();
    if (!r.ok && !body.status) throw new Error('HTTP ' + r.status);
    return body;
  }

  /** Shows the panel's status: hides the notice when there is data, else shows why there is none. */
  function showStatus(panelId, data) {
    const p = $(panelId);
    const status = oneOf(data.status, STATUSES, 'error');
    p.dataset.status = status;
    const n = p.querySelector('[data-notice]');
    if (status === 'ok') {
      n.hidden = true;
      n.textContent = '';
      n.className = 'notice';
    } else {
      n.hidden = false;
      n.className = 'notice ' + status;
      n.textContent = STATUS_LABEL[status] + ': ' + (data.reason || '');
    }
    const src = p.querySelector('[data-source]');
    if (src) src.textContent = data.source ? 'source: ' + data.source : '';
    return status === 'ok';
  }

  function setCount(panelId, text) { $(panelId).querySelector('[data-count]').textContent = text; }

  // ---- fleet + map -------------------------------------------------------------------------------------------
  function renderFleet(data) {
    const body = $('fleet-table').tBodies[0];
    if (!showStatus('panel-fleet', data)) {
      body.replaceChildren();
      setCount('panel-fleet', '');
      renderMap([]);
      return;
    }
    const kinds = Object.keys(data.kinds || {}).map(k => data.kinds[k] + ' ' + k).join(', ');
    setCount('panel-fleet', data.total + ' devices' + (data.shown < data.total ? ' (newest ' + data.shown + ' shown)' : '')
      + (kinds ? ' · ' + kinds : ''));
    const rows = data.devices.map(d => {
      const tr = el('tr');
      tr.dataset.device = d.device_id;
      tr.append(el('td', d.device_id, 'device'), el('td', d.kind), el('td', d.site || '—'));
      const seen = el('td', d.expired ? 'state expired' : fmtAge(d.age_s) + ' ago');
      seen.title = new Date(d.last_seen_ms).toISOString();
      tr.append(seen);
      const values = el('td', null, 'values');
      d.values.slice(0, 8).forEach(v => {
        const s = el('span');
        s.append(el('b', v.name + ' '), document.createTextNode(fmt(v.value)));
        values.append(s);
      });
      if (d.values.length > 8) values.title = d.values.map(v => v.name + '=' + fmt(v.value)).join(', ');
      tr.append(values);
      return tr;
    });
    body.replaceChildren(...rows);
    renderMap(data.map || []);
  }

  function renderMap(points) {
    const canvas = $('map');
    canvas.parentElement.hidden = points.length === 0;
    if (typeof Chart === 'undefined') return;
    const data = points.map(p => ({ x: p.lon, y: p.lat, id: p.device_id }));
    if (!state.map) {
      state.map = new Chart(canvas, {
        type: 'scatter',
        data: { datasets: [{ label: 'trucks (lat/lon)', data: data, pointRadius: 4, backgroundColor: '#58a6ff' }] },
        options: {
          animation: false, maintainAspectRatio: false,
          scales: { x: { title: { display: true, text: 'longitude' }, grace: '5%', ticks: { color: '#8a97a6' }, grid: { color: '#2a3441' } },
                    y: { title: { display: true, text: 'latitude' }, grace: '5%', ticks: { color: '#8a97a6' }, grid: { color: '#2a3441' } } },
          plugins: { legend: { labels: { color: '#d7dde4' } },
                     tooltip: { callbacks: { label: c => c.raw.id + ' (' + c.raw.y.toFixed(4) + ', ' + c.raw.x.toFixed(4) + ')' } } }
        }
      });
    } else {
      state.map.data.datasets[0].data = data;
      state.map.update('none');
    }
    canvas.dataset.points = String(data.length);
  }

  // ---- alerts ------------------------------------------------------------------------------------------------
  function renderAlerts(data) {
    const body = $('alerts-table').tBodies[0];
    if (!showStatus('panel-alerts', data)) {
      body.replaceChildren();
      setCount('panel-alerts', '');
      return;
    }
    const sev = Object.keys(data.by_severity || {}).map(k => data.by_severity[k] + ' ' + k).join(', ');
    setCount('panel-alerts', data.total + ' active' + (sev ? ' · ' + sev : ''));
    body.replaceChildren(...data.alerts.map(a => {
      const tr = el('tr');
      tr.dataset.alert = a.alert_id;
      const time = el('td', fmtTime(a.event_time_ms));
      time.title = new Date(a.event_time_ms).toISOString();
      const sevCell = el('td');
      sevCell.append(el('span', a.severity || '?', 'badge level-' + oneOf(a.level, LEVELS, 'other')));
      tr.append(time, sevCell, el('td', a.device_id, 'device'), el('td', a.rule_id), el('td', a.message, 'message'),
        el('td', fmt(a.value), 'num'));
      return tr;
    }));
  }

  // ---- pipelines ---------------------------------------------------------------------------------------------
  function renderPipelines(data) {
    const body = $('pipelines-table').tBodies[0];
    if (!showStatus('panel-pipelines', data)) {
      body.replaceChildren();
      setCount('panel-pipelines', '');
      return;
    }
    setCount('panel-pipelines', data.pipelines.length + ' queries' + (data.stale ? ' · ' + data.stale + ' stale' : ''));
    body.replaceChildren(...data.pipelines.map(p => {
      const tr = el('tr', null, p.stale ? 'stale' : '');
      tr.dataset.query = p.query;
      const health = el('td', p.stale ? 'STALE' : 'OK', p.stale ? 'health-stale' : 'health-ok');
      if (p.stale) health.title = 'no batch for more than ' + data.stale_after_s + ' s';
      tr.append(el('td', p.query, 'query'), el('td', fmt(p.input_rows_per_second), 'num rate-in'),
        el('td', fmt(p.processed_rows_per_second), 'num rate-out'), el('td', fmt(p.source_lag), 'num'),
        el('td', fmt(p.batch_id), 'num'), el('td', fmtAge(p.age_s)), health);
      return tr;
    }));
  }

  // ---- chart -------------------------------------------------------------------------------------------------
  function readHash() {
    const h = new URLSearchParams(location.hash.slice(1));
    state.device = h.get('device') || state.device;
    state.sensor = h.get('sensor') || state.sensor;
  }

  function writeHash() {
    const h = new URLSearchParams();
    h.set('device', state.device);
    h.set('sensor', state.sensor);
    history.replaceState(null, '', '#' + h.toString());
  }

  function renderCatalog(data) {
    const ok = data.status === 'ok';
    const devices = ok ? data.devices : [];
    const key = JSON.stringify(devices);
    state.catalog = devices;
    if (!ok) showStatus('panel-chart', data);
    if (key === state.catalogKey) return;
    state.catalogKey = key;
    const ds = $('device-select');
    ds.replaceChildren(...devices.map(d => new Option(d.device_id + (d.kind ? ' (' + d.kind + ')' : ''), d.device_id)));
    if (!devices.some(d => d.device_id === state.device)) state.device = devices.length ? devices[0].device_id : '';
    ds.value = state.device;
    ds.disabled = devices.length === 0;
    fillSensors();
  }

  function fillSensors() {
    const d = (state.catalog || []).find(x => x.device_id === state.device);
    const sensors = d ? d.sensors : [];
    const ss = $('sensor-select');
    ss.replaceChildren(...sensors.map(s => new Option(s, s)));
    if (sensors.indexOf(state.sensor) < 0) state.sensor = sensors.length ? sensors[0] : '';
    ss.value = state.sensor;
    ss.disabled = sensors.length === 0;
  }

  async function loadSeries() {
    if (!state.device || !state.sensor) return;
    const q = new URLSearchParams({ device: state.device, sensor: state.sensor });
    renderSeries(await getJson('/api/series?' + q.toString()));
  }

  function renderSeries(data) {
    const canvas = $('chart');
    showStatus('panel-chart', data);
    if (typeof Chart === 'undefined') {
      const n = $('panel-chart').querySelector('[data-notice]');
      n.hidden = false;
      n.className = 'notice error';
      n.textContent = 'Error: the chart library (/vendor/chart.umd.min.js) did not load';
      return;
    }
    const pts = data.points || [];
    const avg = pts.map(p => ({ x: p.t, y: p.avg }));
    const min = pts.map(p => ({ x: p.t, y: p.min }));
    const max = pts.map(p => ({ x: p.t, y: p.max }));
    const label = (data.sensor || state.sensor) + ' · ' + (data.device_id || state.device);
    if (!state.chart) {
      state.chart = new Chart(canvas, {
        type: 'line',
        data: { datasets: [
          { label: 'max', data: max, borderColor: 'rgba(88,166,255,0.35)', borderWidth: 1, pointRadius: 0, fill: '+1',
            backgroundColor: 'rgba(88,166,255,0.12)' },
          { label: 'min', data: min, borderColor: 'rgba(88,166,255,0.35)', borderWidth: 1, pointRadius: 0, fill: false },
          { label: label, data: avg, borderColor: '#3fb950', borderWidth: 2, pointRadius: 2, fill: false } ] },
        options: {
          animation: false, maintainAspectRatio: false, parsing: true, normalized: true,
          interaction: { mode: 'index', intersect: false },
          scales: {
            x: { type: 'linear', ticks: { color: '#8a97a6', callback: v => fmtTime(v), stepSize: 300000 }, grid: { color: '#2a3441' } },
            y: { ticks: { color: '#8a97a6' }, grid: { color: '#2a3441' } } },
          plugins: { legend: { labels: { color: '#d7dde4' } },
                     tooltip: { callbacks: { title: items => items.length ? new Date(items[0].parsed.x).toLocaleString() : '' } } }
        }
      });
    } else {
      state.chart.data.datasets[0].data = max;
      state.chart.data.datasets[1].data = min;
      state.chart.data.datasets[2].data = avg;
      state.chart.data.datasets[2].label = label;
    }
    // ticks on whole 5-minute steps, about ten of them whatever the range
    const span = pts.length > 1 ? pts[pts.length - 1].t - pts[0].t : 0;
    state.chart.options.scales.x.ticks.stepSize = 300000 * Math.max(1, Math.ceil(span / 300000 / 10));
    state.chart.update('none');
    canvas.dataset.points = String(avg.length);
    canvas.dataset.series = (data.device_id || '') + '/' + (data.sensor || '');
  }

  // ---- loop --------------------------------------------------------------------------------------------------
  function setHeader(ok, text) {
    const s = $('status');
    s.dataset.state = ok ? 'ok' : 'error';
    s.textContent = text;
  }

  async function refresh() {
    try {
      const jobs = [getJson('/api/fleet').then(renderFleet), getJson('/api/alerts').then(renderAlerts),
        getJson('/api/pipelines').then(renderPipelines)];
      if (state.catalog === null || state.tick % 5 === 0) {
        jobs.push(getJson('/api/series/catalog').then(renderCatalog).then(loadSeries));
      } else {
        jobs.push(loadSeries());
      }
      await Promise.all(jobs);
      setHeader(true, 'updated ' + fmtTime(Date.now()) + ' · every ' + (state.refreshMs / 1000) + ' s');
    } catch (e) {
      setHeader(false, 'dashboard server unreachable (' + e.message + '); retrying every ' + (state.refreshMs / 1000) + ' s');
    }
    state.tick++;
    setTimeout(refresh, state.refreshMs);
  }

  async function start() {
    readHash();
    $('device-select').addEventListener('change', e => {
      state.device = e.target.value;
      fillSensors();
      writeHash();
      loadSeries().catch(() => {});
    });
    $('sensor-select').addEventListener('change', e => {
      state.sensor = e.target.value;
      writeHash();
      loadSeries().catch(() => {});
    });
    try {
      const cfg = await getJson('/api/config');
      state.refreshMs = Math.max(500, cfg.refresh_ms || 2000);
    } catch (e) {
      setHeader(false, 'dashboard server unreachable (' + e.message + ')');
    }
    refresh();
  }

  document.addEventListener('DOMContentLoaded', start);
})();
