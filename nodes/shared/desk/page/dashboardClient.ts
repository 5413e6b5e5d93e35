/**
 * The supervisors' dashboard in the desk page: plain ES2017 inserted into the desk client's scope
 * (it uses `el`, `clear`, `api`, `state`, `tickClocks` and `openConversation` from there). Every
 * label from the server is set as text; the charts are the server's SVG (the Reports node's specs) shown as images.
 */
export const DASHBOARD_CLIENT = `
  // Dashboard (supervisors only)
  var dash = { shown: false, timer: null, loading: false, from: null, to: null, chartsFor: null, chartsAt: 0 };
  function percent(share) { return share === null ? '–' : Math.round(share * 100) + ' %'; }
  function seconds(s) { return s === null ? '–' : duration(s * 1000); }

  function localDay(value) {
    var d = value ? new Date(value + 'T00:00:00') : new Date();
    d.setHours(0, 0, 0, 0);
    return d;
  }
  function dayInput(d) { return d.getFullYear() + '-' + ('0' + (d.getMonth() + 1)).slice(-2) + '-' + ('0' + d.getDate()).slice(-2); }

  /** The period the figures cover: the chosen days from local midnight to the midnight after the last. */
  function dashPeriod() {
    var form = $('dash-period');
    if (!form.from.value) form.from.value = dayInput(localDay());
    if (!form.to.value) form.to.value = form.from.value;
    var from = localDay(form.from.value), to = localDay(form.to.value);
    to.setDate(to.getDate() + 1);
    return { from: from.toISOString(), to: to.toISOString() };
  }

  /** The server's charts (the weekly report's specs) as images: nothing of them is drawn or parsed here. */
  function loadCharts(period) {
    if (dash.chartsFor === period.from + period.to && Date.now() - dash.chartsAt < config.dashboardChartsIntervalMs) return;
    dash.chartsFor = period.from + period.to; dash.chartsAt = Date.now();
    api({ action: 'dashboardCharts', from: period.from, to: period.to }).then(function (d) {
      d.charts.forEach(function (chart) {
        var box = $(chart.name === 'channels' ? 'dash-channels' : 'dash-topics');
        clear(box);
        box.appendChild(el('img', { src: chart.src, alt: chart.title, className: 'chart', 'data-testid': 'dash-chart-' + chart.name }));
      });
    }).catch(function (err) { dash.chartsFor = null; $('dash-error').textContent = err.message; });
  }

  function tile(label, value, sub, testid) {
    return el('div', { className: 'tile', 'data-testid': testid }, [
      el('span', { className: 'tile-label', text: label }), el('strong', { text: value }), el('span', { className: 'meta', text: sub || '' }),
    ]);
  }

  function slaClass(sla) { return sla === 'overdue' ? 'overdue' : sla === 'atRisk' ? 'at-risk' : ''; }

  function floorItem(row) {
    var who = row.customerName || ('Customer #' + row.conversationId);
    var sub = [row.channel, row.groupName + ' · L' + row.line, row.topic, row.operatorName].filter(Boolean).join(' · ');
    return el('li', {
      className: slaClass(row.sla), 'data-testid': 'dash-conversation',
      dataset: { conversationId: row.conversationId, sla: row.sla },
      tabindex: 0, role: 'button',
      onclick: function () { showDesk(); openConversation(row.conversationId); },
      onkeydown: function (e) { if (e.key === 'Enter') { showDesk(); openConversation(row.conversationId); } },
    }, [
      el('span', { className: 'name', text: who }),
      el('span', { className: 'sla', dataset: row.slaDueAt ? { due: row.slaDueAt } : {} }),
      el('span', { className: 'sub', text: sub }),
      el('span', { className: 'sub', dataset: row.waitingSince ? { since: row.waitingSince } : {} }),
    ]);
  }

  function cell(text, testid) { return el('td', { text: text, 'data-testid': testid }); }

  function renderDashboard(d) {
    var p = d.period, f = d.floor;
    var queued = f.groups.reduce(function (n, g) { return n + g.queued; }, 0);
    var tiles = $('dash-tiles'); clear(tiles);
    tiles.appendChild(tile('In queue', String(queued), f.atRisk.length + ' about to break or past SLA', 'dash-queued'));
    tiles.appendChild(tile('Conversations', String(p.conversations), p.handedOff + ' handed to people', 'dash-conversations'));
    tiles.appendChild(tile('First response (median)', seconds(p.firstResponseMedianSeconds), p.answered + ' answered', 'dash-first-response'));
    tiles.appendChild(tile('Answered within 5 min', percent(p.answeredWithin5Min.share), p.answeredWithin5Min.count + ' of ' + p.answeredWithin5Min.of, 'dash-within5'));
    tiles.appendChild(tile('Bot self-service', percent(p.selfService.share), p.selfService.count + ' settled by the bot', 'dash-self-service'));
    tiles.appendChild(tile('CSAT', p.csat.average === null ? '–' : p.csat.average + ' / 5', p.csat.ratings + ' ratings · ' + percent(p.csat.satisfiedShare) + ' satisfied', 'dash-csat'));
    tiles.appendChild(tile('Operators', f.operators.online + ' online', f.operators.away + ' away · ' + f.operators.offline + ' offline', 'dash-operators-status'));

    var groups = $('dash-groups').tBodies[0]; clear(groups);
    f.groups.forEach(function (g) {
      groups.appendChild(el('tr', { className: g.overdue ? 'overdue' : g.atRisk ? 'at-risk' : '', dataset: { group: g.name }, 'data-testid': 'dash-group' }, [
        cell(g.name), cell('L' + g.line), cell(String(g.queued), 'dash-group-queued'), cell(g.longestWaitSeconds === null ? '–' : seconds(g.longestWaitSeconds)),
        cell(String(g.assigned)), cell(String(g.atRisk), 'dash-group-at-risk'), cell(String(g.overdue), 'dash-group-overdue'),
      ]));
    });

    [['dash-risk', f.atRisk, 'No conversation is close to its deadline.'], ['dash-waiting', f.waiting, 'Nobody is waiting.']].forEach(function (list) {
      var box = $(list[0]); clear(box);
      if (!list[1].length) box.appendChild(el('li', { className: 'meta', text: list[2] }));
      list[1].forEach(function (row) { box.appendChild(floorItem(row)); });
    });

    var ops = $('dash-operators').tBodies[0]; clear(ops);
    f.operators.rows.forEach(function (o) {
      ops.appendChild(el('tr', { dataset: { status: o.status }, 'data-testid': 'dash-operator' }, [
        cell(o.name), cell(o.status), cell(o.active + ' / ' + o.capacity),
        el('td', {}, [el('meter', { min: 0, max: 1, low: 0.7, high: 0.99, optimum: 0.5, value: Math.min(1, o.load || 0), title: percent(o.load) })]),
      ]));
    });

    $('dash-updated').textContent = 'Updated ' + new Date(f.now).toLocaleTimeString();
    tickClocks();
  }

  function loadDashboard() {
    clearTimeout(dash.timer);
    if (!dash.shown || !state.token) return;
    if (dash.loading) return;
    dash.loading = true;
    var period = dashPeriod();
    loadCharts(period);
    api({ action: 'dashboard', from: period.from, to: period.to }).then(function (d) {
      $('dash-error').textContent = '';
      renderDashboard(d);
    }).catch(function (err) { $('dash-error').textContent = err.message; }).then(function () {
      dash.loading = false;
      if (dash.shown && state.token) dash.timer = setTimeout(loadDashboard, config.dashboardIntervalMs);
    });
  }

  function showDashboard() {
    dash.shown = true;
    $('desk').classList.add('dashboarding');
    $('dashboard').hidden = false;
    $('dashboard-toggle').setAttribute('aria-pressed', 'true');
    loadDashboard();
  }

  function showDesk() {
    dash.shown = false;
    clearTimeout(dash.timer);
    $('desk').classList.remove('dashboarding');
    $('dashboard').hidden = true;
    $('dashboard-toggle').setAttribute('aria-pressed', 'false');
  }

  $('dashboard-toggle').addEventListener('click', function () { if (dash.shown) showDesk(); else showDashboard(); });
  $('dash-period').addEventListener('submit', function (e) { e.preventDefault(); loadDashboard(); });
  $('dash-today').addEventListener('click', function () {
    var form = $('dash-period'); form.from.value = ''; form.to.value = ''; loadDashboard();
  });

  $('dash-csv').addEventListener('click', function () {
    var period = dashPeriod();
    fetch(endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + state.token },
      body: JSON.stringify({ action: 'dashboardCsv', from: period.from, to: period.to }),
    }).then(function (r) {
      if (!r.ok) return r.json().catch(function () { return {}; }).then(function (data) { throw new Error(data.error || ('The desk answered ' + r.status)); });
      var name = /filename="([^"]+)"/.exec(r.headers.get('Content-Disposition') || '');
      return r.blob().then(function (blob) {
        var link = el('a', { href: URL.createObjectURL(blob), download: name ? name[1] : 'dashboard.csv' });
        document.body.appendChild(link); link.click(); document.body.removeChild(link);
        setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
      });
    }).catch(function (err) { $('dash-error').textContent = err.message; });
  });
`;
