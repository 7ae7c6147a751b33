'use strict';
// 台账上报: a clerk (or an administrator) checks an entity ledger, sees every bad row and the
// difference from earlier submissions, and confirms. The confirmation uploads the file again:
// the server reads and compares it anew rather than trusting what this page was shown.

const $ = id => document.getElementById(id);
const FIGURES = [
  { id: 'mediation.accepted', label: '受理调解纠纷', unit: '件' },
  { id: 'mediation.succeeded', label: '调解成功', unit: '件' },
  { id: 'petition.received', label: '受理信访件', unit: '件' },
  { id: 'case.admin.filed', label: '行政诉讼案件', unit: '件' },
];
const CHANGE_ZH = { added: '新增', changed: '修改', deleted: '删除', unchanged: '不变', not_listed: '未列出（保留）' };
const ROLE_ZH = { admin: '管理员', supervisor: '督导', clerk: '镇街办事员', system: '程序' };
const state = { me: null, checked: null, figuresTimer: null };

function csrfToken() {
  const c = document.cookie.split('; ').find(x => x.startsWith('fazhi_csrf='));
  return c ? c.slice('fazhi_csrf='.length) : '';
}

function text(tag, value, className) {
  const e = document.createElement(tag);
  e.textContent = value == null ? '' : String(value);
  if (className) e.className = className;
  return e;
}

function row(cells, className) {
  const tr = document.createElement('tr');
  cells.forEach(c => tr.appendChild(c instanceof Node ? c : text('td', c)));
  if (className) tr.className = className;
  return tr;
}

function num(v) { return v == null ? '–' : Number(v).toLocaleString('zh-CN'); }

async function me() {
  const response = await fetch('/api/me', { credentials: 'same-origin' });
  if (response.status === 401) { location.href = '/login'; throw new Error('未登录'); }
  state.me = await response.json();
  $('who').textContent = state.me.name + ' · ' + (ROLE_ZH[state.me.role] || state.me.role) + ' · ' + state.me.scope;
  const allowed = state.me.role === 'clerk' || state.me.role === 'admin';
  $('not-allowed').hidden = allowed;
  $('upload-form').hidden = !allowed;
  $('templates').hidden = !allowed;
  $('town-field').hidden = state.me.role !== 'admin';
}

/** The form as multipart, with upload progress: XMLHttpRequest, since fetch reports none. */
function send(dryRun) {
  const files = $('ledger-file').files;
  const form = new FormData();
  for (const f of files) form.append('file', f, f.name);
  form.append('dry_run', dryRun ? 'true' : 'false');
  form.append('sync', $('sync').checked ? 'true' : 'false');
  if ($('kind').value) form.append('kind', $('kind').value);
  if (!$('town-field').hidden && $('town').value.trim()) form.append('town', $('town').value.trim());
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/ledgers');
    xhr.setRequestHeader('X-CSRF-Token', csrfToken());
    xhr.responseType = 'json';
    $('progress-box').hidden = false;
    $('upload-progress').value = 0;
    $('progress-text').textContent = '上传中 uploading…';
    xhr.upload.onprogress = e => {
      if (e.lengthComputable) {
        const p = Math.round(e.loaded * 100 / e.total);
        $('upload-progress').value = p;
        $('progress-text').textContent = `上传中 ${p}%（${num(Math.round(e.loaded / 1024))} / ${num(Math.round(e.total / 1024))} KB）`;
      }
    };
    xhr.upload.onload = () => {
      $('upload-progress').removeAttribute('value'); // indeterminate while the server reads and compares
      $('progress-text').textContent = dryRun ? '校验中 checking…' : '发布中 publishing…';
    };
    xhr.onload = () => {
      $('progress-box').hidden = true;
      const body = xhr.response || {};
      if (xhr.status === 401) { location.href = '/login'; return; }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body);
      else reject(new Error((body['错误'] || '') + (body.error ? ' / ' + body.error : '') || ('HTTP ' + xhr.status)));
    };
    xhr.onerror = () => { $('progress-box').hidden = true; reject(new Error('网络错误，未能上传 / network error')); };
    xhr.send(form);
  });
}

function showColumns(answer) {
  const box = $('columns');
  box.replaceChildren();
  answer.files.forEach(f => {
    const p = document.createElement('p');
    p.appendChild(text('strong', `${f.file}${f.sheet ? ' · ' + f.sheet : ''}：${f.kind_zh}`));
    p.appendChild(text('span', '　读取：' + f.read.join('、')));
    if (f.ignored.length) p.appendChild(text('span', '　未读取：' + f.ignored.join('、'), 'hint'));
    if (f.ignored_personal_data.length) p.appendChild(text('span', '　未读取（个人信息）：' + f.ignored_personal_data.join('、'), 'hint'));
    box.appendChild(p);
  });
}

function showRejected(answer) {
  const body = $('rejected').querySelector('tbody');
  body.replaceChildren();
  answer.rejected.forEach(r => {
    const reason = text('td', r.reason_zh, 'reason');
    reason.title = r.reason_en;
    body.appendChild(row([r.file + (r.sheet ? ' · ' + r.sheet : ''), r.row, r.column, reason, r.cell]));
  });
  $('rejected-count').textContent = answer.rejected_total ? `（${num(answer.rejected_total)} 行）` : '';
  $('no-rejected').hidden = answer.rejected.length > 0;
  $('rejected').hidden = answer.rejected.length === 0;
}

function showDifference(answer) {
  const d = answer.difference;
  $('difference-summary').textContent = `新增 ${num(d.added)}、修改 ${num(d.changed)}、删除 ${num(d.deleted)}、不变 ${num(d.unchanged)}`
    + (d.not_listed ? `；未列出 ${num(d.not_listed)} 件（保留；勾选“同步”才撤回）` : '') + `；将发布 ${num(d.events)} 条事件`;
  const body = $('difference').querySelector('tbody');
  body.replaceChildren();
  d.rows.filter(r => r.change !== 'unchanged').forEach(r => {
    const key = Object.keys(CHANGE_ZH).find(k => CHANGE_ZH[k] === r.change_zh) || '';
    body.appendChild(row([text('td', r.change_zh, 'change-' + key), r.entity_id, r.place, (r.details || []).join('；')]));
  });
}

async function check(event) {
  event.preventDefault();
  $('message').textContent = '';
  $('receipt-panel').hidden = true;
  $('confirm').disabled = true;
  if ($('ledger-file').files.length === 0) { $('message').textContent = '请选择台账文件 / choose a file'; return; }
  try {
    const answer = await send(true);
    state.checked = answer;
    $('result').hidden = false;
    showColumns(answer);
    showRejected(answer);
    showDifference(answer);
    const publishable = answer.difference.events > 0;
    $('confirm').disabled = !publishable;
    $('confirm-hint').textContent = publishable
      ? (answer.rejected_total ? '有问题的行不会发布；改正后再上报即可。' : '')
      : (answer.rejected_total && !answer.difference.added && !answer.difference.unchanged && !answer.difference.changed
        ? '所有行都被拒绝，没有可发布的内容：请按上表改正。' : '与以前的上报相同，没有需要发布的变化。');
  } catch (e) {
    $('result').hidden = true;
    $('message').textContent = e.message;
  }
}

async function confirmSubmission() {
  $('confirm').disabled = true;
  $('message').textContent = '';
  try {
    const answer = await send(false);
    showRejected(answer);
    showDifference(answer);
    const r = answer.receipt;
    $('receipt').textContent = (r.submission ? `上报编号 ${r.submission}：` : '没有变化，未记录新的上报：')
      + `新增 ${num(r.added)}、修改 ${num(r.changed)}、删除 ${num(r.deleted)}、不变 ${num(r.unchanged)}；`
      + `已发布 ${num(r.published_events)} 条事件` + (r.rejected_rows ? `，拒绝 ${num(r.rejected_rows)} 行` : '') + '。';
    $('receipt-panel').hidden = false;
    const towns = answer.towns.length ? answer.towns : [state.me.scope];
    watchFigures(towns[0]);
  } catch (e) {
    $('message').textContent = e.message;
    $('confirm').disabled = false;
  }
}

/** The town's figures of this year, looked at again every two seconds for a while: they move as the pipeline counts. */
function watchFigures(town) {
  const year = new Date().getFullYear();
  $('figures-year').textContent = `${town} · ${year}`;
  const tiles = $('figures');
  tiles.replaceChildren();
  FIGURES.forEach(f => {
    const tile = text('div', '', 'tile');
    tile.dataset.indicator = f.id;
    tile.appendChild(text('div', f.label, 'label'));
    tile.appendChild(text('div', '–', 'value'));
    tiles.appendChild(tile);
  });
  clearInterval(state.figuresTimer);
  let rounds = 0;
  const look = async () => {
    if (++rounds > 90) { clearInterval(state.figuresTimer); return; }
    try {
      const response = await fetch(`/api/indicators?scope=${town}&period=${year}`, { credentials: 'same-origin' });
      if (!response.ok) return;
      const answer = await response.json();
      FIGURES.forEach(f => {
        const figure = answer.indicators.find(x => x.indicator === f.id);
        const value = tiles.querySelector(`[data-indicator='${f.id}'] .value`);
        const shown = figure ? num(figure.numerator) : '–';
        if (value.textContent !== shown) {
          value.textContent = shown;
          value.parentElement.classList.add('changed');
          setTimeout(() => value.parentElement.classList.remove('changed'), 1500);
        }
      });
    } catch (e) {
      // looked at again in two seconds
    }
  };
  look();
  state.figuresTimer = setInterval(look, 2000);
}

$('upload-form').addEventListener('submit', check);
$('confirm').addEventListener('click', confirmSubmission);
me();
