'use strict';
// 法治脉搏 dashboard: one page, plain JavaScript, no build step. State comes from the query API;
// changes arrive on /api/stream (Server-Sent Events) and are laid over what the API answered,
// because the topic is always at least as new as the database the API reads.

const HEADLINE = [
  { id: 'mediation.success_rate', label: '调解成功率' },
  { id: 'petition.closure_rate', label: '信访办结率' },
  { id: 'petition.accepted_on_time_rate', label: '按时受理率' },
  { id: 'petition.satisfaction_rate', label: '群众满意率' },
  { id: 'case.leader_appearance_rate', label: '负责人出庭应诉率' },
  { id: 'training.participation_rate', label: '参学率' },
  { id: 'mediation.accepted', label: '受理调解纠纷', unit: '件' },
  { id: 'petition.received', label: '受理信访件', unit: '件' },
  { id: 'case.admin.filed', label: '行政诉讼案件', unit: '件' },
  { id: 'training.sessions', label: '学法培训', unit: '场' },
];
const RATES = HEADLINE.filter(h => !h.unit);
const COUNTS = HEADLINE.filter(h => h.unit);
const LEVEL_ZH = { CITY: '市', DISTRICT: '区县', TOWN: '镇街' };
const ROLE_ZH = { admin: '管理员', supervisor: '督导', clerk: '镇街办事员', system: '程序' };

const state = { scopes: [], byCode: {}, scope: null, year: null, lastMonth: null, live: {}, source: null, charts: {}, refreshTimer: null };
const $ = id => document.getElementById(id);

async function api(path) {
  const response = await fetch(path, { credentials: 'same-origin' });
  if (response.status === 401) { location.href = '/login' + location.hash; throw new Error('未登录'); }
  const body = await response.json();
  if (!response.ok) throw new Error(body['错误'] || body.error);
  return body;
}

function pct(v) { return v == null ? '–' : (v * 100).toFixed(1) + '%'; }
function num(v) { return v == null ? '–' : Number(v).toLocaleString('zh-CN'); }
function show(h, figure) { return figure ? (h.unit ? num(figure.numerator) : pct(figure.value)) : '–'; }
function key(scope, period, indicator) { return scope + '|' + period + '|' + indicator; }
function childrenOf(code, level) { return state.scopes.filter(s => s.parentCode === code && s.level === level); }

/** The figure of a stored period, with the newest live snapshot laid over it. */
function figure(byId, period, id) {
  return state.live[key(state.scope.code, period, id)] || byId[id];
}

function option(select, value, text) {
  const o = document.createElement('option');
  o.value = value; o.textContent = text; select.appendChild(o);
}

/** The CSRF token the server set at sign-in, sent back in a header with every write. */
function csrfToken() {
  const c = document.cookie.split('; ').find(x => x.startsWith('fazhi_csrf='));
  return c ? c.slice('fazhi_csrf='.length) : '';
}

async function whoAmI() {
  const me = await api('/api/me');
  state.me = me;
  $('who').textContent = me.name + ' · ' + (ROLE_ZH[me.role] || me.role) + ' ' + me.role + ' · ' + me.scope;
  $('metrics-link').hidden = me.role !== 'admin';
  $('ledgers-link').hidden = !(me.role === 'clerk' || me.role === 'admin');
  $('logout').onclick = async () => {
    await fetch('/logout', { method: 'POST', credentials: 'same-origin', headers: { 'X-CSRF-Token': csrfToken() } });
    location.href = '/login';
  };
}

async function start() {
  if (!state.me) await whoAmI();
  try {
    state.scopes = await api('/api/scopes');
  } catch (e) {
    state.scopes = [];
  }
  if (state.scopes.length === 0) {
    $('empty').hidden = false; $('content').hidden = true;
    setTimeout(start, 5000); // graceful when empty: look again until the first town is registered
    return;
  }
  $('empty').hidden = true; $('content').hidden = false;
  state.scopes.forEach(s => { state.byCode[s.code] = s; });
  const wanted = new URLSearchParams(location.hash.slice(1)).get('scope');
  const cities = state.scopes.filter(s => s.level === 'CITY');
  $('city').innerHTML = '';
  cities.forEach(c => option($('city'), c.code, c.name));
  const initial = (state.byCode[wanted] && state.byCode[wanted].readable && state.byCode[wanted])
    || state.byCode[state.me.scope] || firstTown(cities[0]);
  pick(initial);
  $('city').onchange = () => pick(state.byCode[$('city').value]);
  $('district').onchange = () => pick(state.byCode[$('district').value || $('city').value]);
  $('town').onchange = () => pick(state.byCode[$('town').value || $('district').value]);
  $('year').onchange = () => { state.year = Number($('year').value); load(); };
  $('ranking-indicator').onchange = () => loadRanking();
  RATES.concat(COUNTS).forEach(h => option($('ranking-indicator'), h.id, h.label));
  window.addEventListener('resize', () => Object.values(state.charts).forEach(c => c.resize()));
  wireEvidence();
}

function firstTown(city) {
  const district = childrenOf(city.code, 'DISTRICT')[0];
  const town = district && childrenOf(district.code, 'TOWN')[0];
  return town || district || city;
}

/** The scope itself if the account may read it, else the first one below it that it may. */
function readable(scope) {
  if (scope.readable) return scope;
  const below = state.scopes.filter(s => s.parentCode === scope.code);
  for (const s of below) { const r = readable(s); if (r) return r; }
  return null;
}

/** Sets the three pickers to a scope and loads it. */
function pick(wanted) {
  const scope = readable(wanted) || wanted;
  const town = scope.level === 'TOWN' ? scope : null;
  const district = town ? state.byCode[town.parentCode] : scope.level === 'DISTRICT' ? scope : null;
  const city = district ? state.byCode[district.parentCode] : scope;
  $('city').value = city.code;
  $('district').innerHTML = '';
  if (city.readable) option($('district'), '', '全部区县');
  childrenOf(city.code, 'DISTRICT').forEach(d => option($('district'), d.code, d.name));
  $('district').value = district ? district.code : '';
  $('town').innerHTML = '';
  if (!district || district.readable) option($('town'), '', '全部镇街');
  if (district) childrenOf(district.code, 'TOWN').forEach(t => option($('town'), t.code, t.name));
  $('town').value = town ? town.code : '';
  $('town').disabled = !district;
  state.scope = scope;
  state.year = null;
  history.replaceState(null, '', '#scope=' + scope.code);
  connect();
  load();
}

async function load() {
  const scope = state.scope;
  const fresh = await api('/api/freshness?scope=' + scope.code);
  state.lastMonth = fresh.lastMonth;
  $('dq-newest').textContent = fresh.newestEvent ? new Date(fresh.newestEvent).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' }) : '暂无事件';
  const lastYear = fresh.lastMonth ? Number(fresh.lastMonth.slice(0, 4)) : new Date().getFullYear();
  if (!state.year) {
    state.year = lastYear;
    $('year').innerHTML = '';
    for (let y = lastYear; y > lastYear - 6; y--) option($('year'), y, y + ' 年');
  }
  $('year').value = state.year;
  $('scope-title').textContent = scope.name + '（' + LEVEL_ZH[scope.level] + '）' + state.year + ' 年';
  const link = $('report-link');
  link.hidden = scope.level === 'CITY';
  link.href = '/api/reports/' + scope.code + '/' + state.year + '.docx';
  link.textContent = '下载 ' + state.year + ' 年度报告';
  try {
    await Promise.all([loadTiles(), loadTrends(), scope.level === 'TOWN' ? hideRanking() : loadRanking()]);
  } catch (e) {
    $('tiles').innerHTML = '<div class="panel">无法读取指标：' + e.message + '</div>';
  }
}

/** The month a year's figures run to: the newest month with figures in that year, else December. */
function endMonth() {
  const y = state.year;
  return state.lastMonth && state.lastMonth.startsWith(String(y)) ? state.lastMonth : y + '-12';
}

async function loadTiles() {
  const code = state.scope.code, y = state.year, end = endMonth();
  const [year, last12, before] = await Promise.all([
    api(`/api/indicators?scope=${code}&period=${y}`),
    api(`/api/indicators?scope=${code}&period=last-12-months&to=${end}`),
    api(`/api/indicators?scope=${code}&period=${y - 1}-01..${y - 1}-${end.slice(5)}`),
  ]);
  state.figures = { year: byId(year), last12: byId(last12), before: byId(before) };
  renderTiles();
  // the list is extra: a failure to read it must not take the figures with it
  await loadRowsToFix().catch(e => {
    $('dq-fix-rows').querySelector('tbody').innerHTML = `<tr><td colspan="3">无法读取：${text(e.message)}</td></tr>`;
  });
}

/**
 * A town's rows that currently need fixing, as the items of its dq.rejected say: where each is
 * (file or request, row or line) and why it was refused. Whatever year is shown: a row counts in the
 * month it was refused, which need not be a month of the year its events are about. Districts and
 * cities have too many to list.
 */
async function loadRowsToFix() {
  const scope = state.scope;
  $('dq-fix').hidden = scope.level !== 'TOWN';
  if (scope.level !== 'TOWN') return;
  const now = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 7);
  const months = `${Number(now.slice(0, 4)) - 9}-01..${now}`; // the longest window the API sums
  const answer = await api(`/api/evidence?scope=${scope.code}&period=${months}&indicator=dq.rejected`);
  const rows = answer.items.filter(i => i.rejection);
  $('dq-fix-rows').querySelector('tbody').innerHTML = rows.length === 0 ? '<tr><td colspan="3">没有待更正的行</td></tr>'
    : rows.map(i => `<tr data-key="${text(i.key)}"><td>${text(i.rejection.source || '–')}</td><td>${text(i.rejection.position || '–')}</td>`
      + `<td>${text(i.rejection.reason)}</td></tr>`).join('')
      + (answer.next ? '<tr><td colspan="3">更多行见“退回事件”的依据清单</td></tr>' : '');
}

/** Text from a file or a reason, shown as text, never as markup. */
function text(value) {
  return String(value).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

function byId(answer) {
  const map = {};
  answer.indicators.forEach(f => { map[f.indicator] = f; });
  return map;
}

function renderTiles() {
  const f = state.figures, y = String(state.year);
  $('tiles').innerHTML = HEADLINE.map(h => {
    const now = figure(f.year, y, h.id), then = f.before[h.id];
    return `<div class="tile" data-indicator="${h.id}">
      <div class="label">${h.label}${h.unit ? '（' + h.unit + '）' : ''} · 本年累计</div>
      <div class="value">${show(h, now)}</div>
      <div class="sub"><span>近12个月 ${show(h, f.last12[h.id])}</span><span>${change(h, now, then)}</span></div></div>`;
  }).join('');
  ['rejected', 'late', 'orphaned'].forEach(d => {
    const q = figure(f.year, y, 'dq.' + d);
    $('dq-' + d).textContent = q ? num(q.numerator) + ' 件' : '0 件';
  });
}

function change(h, now, then) {
  if (!now || !then) return '同比 –';
  const delta = h.unit ? now.numerator - then.numerator : (now.value == null || then.value == null ? null : (now.value - then.value) * 100);
  if (delta == null) return '同比 –';
  const cls = delta >= 0 ? 'up-change' : 'down-change';
  const text = h.unit ? (delta >= 0 ? '+' : '') + num(delta) + ' ' + h.unit : (delta >= 0 ? '+' : '') + delta.toFixed(1) + ' 个百分点';
  return `<span class="${cls}">同比 ${text}</span>`;
}

async function loadTrends() {
  const code = state.scope.code, from = (state.year - 1) + '-01', to = state.year + '-12';
  const trends = await Promise.all(HEADLINE.map(h => api(`/api/trend?scope=${code}&indicator=${h.id}&from=${from}&to=${to}`)));
  state.trends = {};
  trends.forEach(t => { state.trends[t.indicator] = t.months; });
  renderCharts();
}

function renderCharts() {
  const months = state.trends[HEADLINE[0].id].map(m => m.period);
  const series = (list, type) => list.map(h => ({
    name: h.label, type, connectNulls: true, showSymbol: true, symbolSize: 6,
    data: state.trends[h.id].map(m => {
      const f = state.live[key(state.scope.code, m.period, h.id)] || m;
      return h.unit ? (f.numerator == null ? null : Number(f.numerator)) : (f.value == null ? null : +(f.value * 100).toFixed(1));
    }),
  }));
  chart('rate-chart', months, series(RATES, 'line'), '{value}%');
  chart('count-chart', months, series(COUNTS, 'bar'), '{value}');
}

function chart(id, months, series, axisLabel) {
  if (typeof echarts === 'undefined') return;
  let c = state.charts[id];
  if (!c) {
    c = state.charts[id] = echarts.init($(id));
    // A point of a trend opens the items behind that month's figure.
    c.on('click', p => {
      const h = HEADLINE.find(x => x.label === p.seriesName);
      if (h && p.name) openEvidence(state.scope.code, p.name, h.id);
    });
  }
  const empty = series.every(s => s.data.every(v => v == null));
  c.setOption({
    animation: false, // live updates redraw often; the figures matter, not the motion
    title: { show: empty, text: '本期暂无数据', left: 'center', top: 'middle', textStyle: { color: '#9aa5b1', fontSize: 14 } },
    tooltip: { trigger: 'axis' }, legend: { type: 'scroll', top: 0 },
    grid: { left: 44, right: 12, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: months }, yAxis: { type: 'value', axisLabel: { formatter: axisLabel } },
    series,
  }, true);
}

function hideRanking() { $('ranking-panel').hidden = true; }

// ---- The items behind a figure: every tile, trend point, ranking cell and data-quality line opens them.

const EVIDENCE_STATE = { query: null, part: 'all', cursors: [], next: null };

function openEvidence(scope, period, indicator) {
  EVIDENCE_STATE.query = { scope, period, indicator };
  EVIDENCE_STATE.part = 'all';
  EVIDENCE_STATE.cursors = [];
  loadEvidence(null).catch(e => { $('evidence-figure').textContent = '无法读取：' + e.message; });
}

function evidenceQuery(extra) {
  const q = EVIDENCE_STATE.query;
  return `/api/evidence?scope=${q.scope}&period=${encodeURIComponent(q.period)}&indicator=${encodeURIComponent(q.indicator)}`
    + `&part=${EVIDENCE_STATE.part}${extra || ''}`;
}

async function loadEvidence(cursor) {
  const answer = await api(evidenceQuery(cursor ? '&cursor=' + cursor : ''));
  EVIDENCE_STATE.next = answer.next;
  const rate = answer.denominator != null;
  const scopeName = (state.byCode[answer.scope] || { name: answer.scope }).name;
  $('evidence-title').textContent = `${scopeName} ${answer.period} ${answer.name_zh} · 依据清单`;
  // The items' totals come checked against the figure: say so, or say loudly that they differ.
  const total = answer.items_total;
  const itemsSum = rate ? `分子 ${num(total.numerator)} / 分母 ${num(total.denominator)}` : `${num(total.numerator)} ${answer.unit}`;
  $('evidence-figure').textContent = (answer.numerator == null ? '本期暂无该指标'
    : (rate ? `分子 ${num(answer.numerator)} / 分母 ${num(answer.denominator)}` : `合计 ${num(answer.numerator)} ${answer.unit}`))
    + (total.adds_up ? `：共 ${total.count} 项，其数额之和正是该数 ✓`
      : `：但下列 ${total.count} 项合计 ${itemsSum}，与该数不符——证据或指标仍在写入（如批量导入中），请稍后刷新。`);
  $('evidence-figure').classList.toggle('mismatch', !total.adds_up);
  $('evidence-parts').hidden = !rate;
  document.querySelectorAll('#evidence-parts button').forEach(b => b.classList.toggle('on', b.dataset.part === EVIDENCE_STATE.part));
  $('evidence-csv').href = evidenceQuery('&format=csv');
  $('evidence-xlsx').href = evidenceQuery('&format=xlsx');
  const day = t => t ? new Date(t).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }) : '–';
  $('evidence').querySelector('tbody').innerHTML = answer.items.length === 0 ? '<tr><td colspan="9">没有计入该指标的事项</td></tr>'
    : answer.items.map(i => `<tr class="${i.in_numerator ? 'in-numerator' : 'rest'}" data-key="${i.key}">
      <td>${i.town_code}</td><td>${i.kind_zh}</td><td>${i.entity_id}</td><td>${i.state_zh}</td><td>${day(i.opened_at)}</td><td>${day(i.closed_at)}</td>
      <td>${i.in_numerator ? num(i.numerator_amount) : '–'}</td><td>${i.in_denominator ? num(i.denominator_amount) : '–'}</td>
      <td class="events">${i.events.map(e => `${e.type} ${day(e.occurred_at)}${e.corrected ? ' 已更正' : ''}${e.retracted ? ' 已撤回' : ''}`).join('<br>')}</td></tr>`).join('');
  $('evidence-prev').disabled = EVIDENCE_STATE.cursors.length === 0;
  $('evidence-next').disabled = !answer.next;
  $('evidence-page').textContent = '第 ' + (EVIDENCE_STATE.cursors.length + 1) + ' 页';
  $('evidence-panel').hidden = false;
  $('evidence-panel').scrollIntoView({ block: 'nearest' });
}

function wireEvidence() {
  $('tiles').addEventListener('click', e => {
    const tile = e.target.closest('.tile');
    if (tile) openEvidence(state.scope.code, String(state.year), tile.dataset.indicator);
  });
  $('ranking').addEventListener('click', e => {
    const row = e.target.closest('tr[data-town]');
    if (row && !e.target.closest('a')) openEvidence(row.dataset.town, String(state.year), state.ranking.indicator);
  });
  ['rejected', 'late', 'orphaned'].forEach(d => $('dq-' + d).addEventListener('click',
    () => openEvidence(state.scope.code, String(state.year), 'dq.' + d)));
  $('evidence-close').addEventListener('click', () => { $('evidence-panel').hidden = true; });
  $('evidence-next').addEventListener('click', () => {
    EVIDENCE_STATE.cursors.push(EVIDENCE_STATE.next);
    loadEvidence(EVIDENCE_STATE.next);
  });
  $('evidence-prev').addEventListener('click', () => {
    EVIDENCE_STATE.cursors.pop();
    loadEvidence(EVIDENCE_STATE.cursors[EVIDENCE_STATE.cursors.length - 1]);
  });
  document.querySelectorAll('#evidence-parts button').forEach(b => b.addEventListener('click', () => {
    EVIDENCE_STATE.part = b.dataset.part;
    EVIDENCE_STATE.cursors = [];
    loadEvidence(null);
  }));
}

async function loadRanking() {
  const indicator = $('ranking-indicator').value || RATES[0].id;
  const ranking = await api(`/api/ranking?scope=${state.scope.code}&period=${state.year}&indicator=${indicator}`);
  state.ranking = ranking;
  renderRanking();
}

function renderRanking() {
  const r = state.ranking, y = String(state.year);
  const h = HEADLINE.find(x => x.id === r.indicator) || { unit: r.unit === '%' ? null : r.unit };
  const rows = r.towns.map(t => {
    const live = state.live[key(t.code, y, r.indicator)];
    return live ? Object.assign({}, t, { numerator: live.numerator, denominator: live.denominator, value: live.value,
      shortfall: r.target != null && live.value != null && live.value < r.target }) : t;
  });
  rows.sort((a, b) => (b.value == null ? -Infinity : b.value) - (a.value == null ? -Infinity : a.value));
  $('ranking-panel').hidden = false;
  $('ranking').querySelector('tbody').innerHTML = rows.length === 0 ? '<tr><td colspan="6">暂无镇街</td></tr>' : rows.map((t, i) => `
    <tr class="${t.shortfall ? 'shortfall' : ''}" data-town="${t.code}">
      <td>${i + 1}</td><td>${t.name}</td>
      <td>${h.unit ? num(t.numerator) : pct(t.value)}</td>
      <td>${t.numerator == null ? '–' : num(t.numerator) + (t.denominator == null ? '' : ' / ' + num(t.denominator))}</td>
      <td class="flag">${r.target == null || t.value == null ? '–' : t.shortfall ? '未达标' : '达标'}</td>
      <td><a href="/api/reports/${t.code}/${y}.docx">${y} 年报告</a> <a href="/api/reports/${t.code}/${y}.md">(.md)</a></td></tr>`).join('');
}

/** One stream per page for the chosen scope; the browser reconnects on its own and we say so. */
function connect() {
  if (state.source) state.source.close();
  const source = new EventSource('/api/stream?scope=' + state.scope.code);
  state.source = source;
  source.addEventListener('ready', () => live(true));
  source.onopen = () => live(true);
  source.onerror = () => {
    live(false);
    if (source.readyState === EventSource.CLOSED) setTimeout(() => { if (state.source === source) connect(); }, 3000);
  };
  source.addEventListener('snapshots', event => {
    JSON.parse(event.data).forEach(s => { state.live[key(s.scope, s.period, s.indicator)] = s; });
    apply();
  });
}

function live(up) {
  const el = $('live');
  el.className = 'live ' + (up ? 'up' : 'down');
  el.textContent = up ? '● 实时更新' : '○ 连接中断，正在重连…';
  if (up && state.wasDown) { state.wasDown = false; load(); } // changes may have been missed: read again
  if (!up) state.wasDown = true;
}

/** Lays the live snapshots over the page, then refreshes the windows the stream cannot give, once things settle. */
function apply() {
  if (!state.figures) return;
  const before = Array.from(document.querySelectorAll('.tile .value')).map(v => v.textContent);
  renderTiles();
  document.querySelectorAll('.tile').forEach((tile, i) => {
    if (tile.querySelector('.value').textContent !== before[i]) {
      tile.classList.add('changed');
      setTimeout(() => tile.classList.remove('changed'), 1500);
    }
  });
  if (state.trends) renderCharts();
  if (state.ranking && !$('ranking-panel').hidden) renderRanking();
  clearTimeout(state.refreshTimer);
  state.refreshTimer = setTimeout(loadTiles, 3000);
}

start();
