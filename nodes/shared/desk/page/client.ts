import { DASHBOARD_CLIENT } from './dashboardClient';

/**
 * The desk's browser code: plain ES2017, no template literals inside (it lives in one). Data from
 * the server only ever reaches the page through `textContent`, `value` and `dataset`.
 */
export const DESK_CLIENT = `
(function () {
  'use strict';
  var config = JSON.parse(document.getElementById('config').textContent);
  var endpoint = location.pathname;
  var state = { token: sessionStorage.getItem('cc.desk.token'), me: null, tab: 'mine', list: null, openId: null, cursor: null, offset: 0, timer: null, polling: null, directory: null };
  var $ = function (id) { return document.getElementById(id); };

  function el(tag, props, children) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (key) {
      var value = props[key];
      if (value === undefined || value === null || value === false) return;
      if (key === 'text') node.textContent = String(value);
      else if (key === 'className') node.className = value;
      else if (key === 'dataset') Object.keys(value).forEach(function (d) { node.dataset[d] = String(value[d]); });
      else if (key.slice(0, 2) === 'on') node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, String(value));
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  function api(body) {
    var headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
    if (state.token) headers.Authorization = 'Bearer ' + state.token;
    return fetch(endpoint, { method: 'POST', headers: headers, body: JSON.stringify(body) }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (data) {
        if (r.status === 401 && body.action !== 'login') { signedOut(data.error || 'Sign in again.'); throw new Error(data.error || 'Signed out'); }
        if (!r.ok) throw new Error(data.error || ('The desk answered ' + r.status));
        return data;
      });
    });
  }

  function serverNow() { return Date.now() + state.offset; }

  function duration(ms) {
    var s = Math.max(0, Math.round(ms / 1000));
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    return h ? h + 'h ' + ('0' + m).slice(-2) + 'm' : m + ':' + ('0' + r).slice(-2);
  }

  function tickClocks() {
    var now = serverNow();
    Array.prototype.forEach.call(document.querySelectorAll('[data-since]'), function (node) {
      node.textContent = 'waiting ' + duration(now - Date.parse(node.dataset.since));
    });
    Array.prototype.forEach.call(document.querySelectorAll('[data-due]'), function (node) {
      var left = Date.parse(node.dataset.due) - now;
      node.textContent = left >= 0 ? 'SLA ' + duration(left) : 'SLA overdue ' + duration(-left);
      node.classList.toggle('overdue', left < 0);
    });
  }

  // Sign-in
  function signedOut(reason) {
    state.token = null; state.me = null; state.openId = null;
    sessionStorage.removeItem('cc.desk.token');
    clearTimeout(state.timer);
    showDesk();
    $('desk').hidden = true; $('login').hidden = false;
    $('login-form').hidden = false; $('password-form').hidden = true;
    $('login-error').textContent = reason || '';
  }

  function start(operator) {
    state.me = operator;
    if (operator.mustChangePassword) {
      $('login-form').hidden = true; $('password-form').hidden = false; return;
    }
    $('login').hidden = true; $('desk').hidden = false;
    $('me').textContent = operator.name;
    $('status').value = operator.status;
    document.querySelector('[data-tab=team]').hidden = operator.role !== 'supervisor';
    $('flagged-filter').hidden = operator.role !== 'supervisor';
    $('dashboard-toggle').hidden = operator.role !== 'supervisor';
    selectTab(state.tab);
    poll();
  }

  $('login-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var f = e.target;
    $('login-error').textContent = '';
    api({ action: 'login', login: f.login.value, password: f.password.value }).then(function (data) {
      f.password.value = '';
      state.token = data.token;
      sessionStorage.setItem('cc.desk.token', data.token);
      start(data.operator);
    }).catch(function (err) { $('login-error').textContent = err.message; });
  });

  $('password-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var f = e.target;
    api({ action: 'changePassword', current: f.current.value, next: f.next.value }).then(function () {
      f.reset();
      return api({ action: 'me' });
    }).then(function (data) { start(data.operator); })
      .catch(function (err) { $('password-error').textContent = err.message; });
  });

  $('logout').addEventListener('click', function () {
    clearTimeout(state.timer);
    // A poll still on its way would meet the ended session and be refused: let it land first.
    Promise.resolve(state.polling).then(function () {
      clearTimeout(state.timer);
      return api({ action: 'logout' });
    }).catch(function () {}).then(function () { signedOut('Signed out.'); });
  });

  $('status').addEventListener('change', function (e) {
    api({ action: 'status', status: e.target.value }).then(function (data) {
      notice(data.requeued.length ? data.requeued.length + ' conversation(s) went back to the queue.' : 'Status: ' + data.status);
    }).catch(function (err) { notice(err.message); });
  });

  function notice(text) { $('notice').textContent = text; }

  // The list
  function selectTab(tab) {
    state.tab = tab;
    Array.prototype.forEach.call(document.querySelectorAll('[data-tab]'), function (b) { b.setAttribute('aria-selected', String(b.dataset.tab === tab)); });
    renderList();
  }
  $('flagged-only').addEventListener('change', function () { renderList(); });
  Array.prototype.forEach.call(document.querySelectorAll('[data-tab]'), function (b) {
    b.addEventListener('click', function () { selectTab(b.dataset.tab); });
  });

  function renderList() {
    var rows = $('rows');
    clear(rows);
    if (!state.list) return;
    ['mine', 'queue', 'team'].forEach(function (tab) {
      var count = document.querySelector('[data-count=' + tab + ']');
      count.textContent = state.list[tab] ? '(' + state.list[tab].length + ')' : '';
    });
    var flaggedOnly = $('flagged-only').checked;
    (state.list[state.tab] || []).filter(function (row) { return !flaggedOnly || row.flaggedAt; }).forEach(function (row) {
      var name = el('span', { className: 'name', text: row.customerName || ('Customer ' + row.customerId) }, [
        row.vipTier > 0 ? el('span', { className: 'vip', text: 'VIP' + (row.vipTier > 1 ? ' ' + row.vipTier : ''), 'data-testid': 'vip-badge' }) : null,
        row.flaggedAt ? el('span', { className: 'flag', text: 'Supervisor needed', title: 'Line 3 deadline passed', 'data-testid': 'supervisor-flag' }) : null,
      ]);
      var sub = [row.channel, row.groupName + ' · L' + row.line, row.topic, row.operatorName && state.tab !== 'mine' ? row.operatorName : null]
        .filter(Boolean).join(' · ');
      rows.appendChild(el('li', {
        className: row.conversationId === state.openId ? 'active' : '',
        dataset: { conversationId: row.conversationId, priority: row.priority },
        'data-testid': 'conversation-row',
        onclick: function () { openConversation(row.conversationId); },
      }, [
        name,
        el('span', { className: 'sla', dataset: row.slaDueAt ? { due: row.slaDueAt } : {}, 'data-testid': 'sla' }),
        el('span', { className: 'sub', text: sub }),
        el('span', { className: 'sub', dataset: row.waitingSince ? { since: row.waitingSince } : {}, 'data-testid': 'waiting' }),
        el('span', { className: 'preview', text: row.lastMessage ? row.lastMessage.text : '' }),
      ]));
    });
    tickClocks();
  }

  // The conversation
  function openConversation(id) {
    state.openId = id; state.cursor = null;
    $('desk').classList.add('reading');
    $('pane-error').textContent = '';
    $('reply-text').value = '';
    clear($('canned')); $('canned-search').value = '';
    // What was typed for another conversation's topic or card is not this one's.
    var topicBox = $('topic-form').topic; topicBox.value = topicBox.defaultValue = '';
    clear($('card-fields'));
    api({ action: 'conversation', conversationId: id }).then(function (view) {
      if (state.openId !== id) return;
      clear($('history'));
      showView(view);
      renderList();
    }).catch(function (err) { closePane(err.message); });
  }

  function closePane(reason) {
    state.openId = null; state.cursor = null;
    $('open').hidden = true; $('card').hidden = true; $('empty').hidden = false;
    $('empty').textContent = reason || 'Choose a conversation.';
    $('desk').classList.remove('reading');
    clear($('card-fields')); clear($('card-identities')); clear($('card-conversations'));
    renderList();
  }

  $('back').addEventListener('click', function () { closePane(); });

  function byLine(item) {
    var who = item.kind === 'note'
      ? 'Internal note' + (item.operatorName ? ' · ' + item.operatorName : '')
      : (item.from === 'operator' ? (item.operatorName || 'Operator') : item.from === 'bot' ? 'Bot' : item.from === 'system' ? 'System' : 'Customer');
    var when = new Date(item.at).toLocaleString();
    return who + (item.channel ? ' · ' + item.channel : '') + ' · ' + when + (item.status === 'failed' ? ' · not delivered: ' + (item.error || '') : '');
  }

  function link(href, text) {
    return /^https?:\\/\\//i.test(href || '') ? el('a', { href: href, target: '_blank', rel: 'noopener noreferrer', text: text }) : el('span', { text: text });
  }

  /** The page never loads a customer's file itself: the desk fetches the image and hands back a data: URL. */
  function loadPreview(box, message, index) {
    api({ action: 'attachment', conversationId: state.openId, messageId: message.id, index: index }).then(function (data) {
      if (!/^data:image\\/(png|jpeg|gif|webp);base64,/.test(data.dataUrl)) throw new Error('not an image');
      clear(box);
      box.appendChild(el('img', { src: data.dataUrl, alt: box.dataset.label, 'data-testid': 'attachment-image' }));
    }).catch(function (err) {
      box.dataset.state = 'unavailable';
      box.querySelector('.why').textContent = 'not shown: ' + err.message;
    });
  }

  function attachmentNode(message, a, index) {
    var box = el('div', { className: 'att att-' + a.type, dataset: { type: a.type, label: a.label }, 'data-testid': 'attachment' });
    if (a.preview) {
      box.dataset.state = 'loading';
      box.appendChild(el('span', { className: 'placeholder', text: a.label }));
      box.appendChild(el('span', { className: 'why', text: 'loading…' }));
      loadPreview(box, message, index);
    } else if (a.unavailable) {
      box.dataset.state = 'unavailable';
      box.appendChild(el('span', { className: 'placeholder', text: a.label }));
      box.appendChild(el('span', { className: 'why', text: a.unavailable }));
    } else if (a.href) {
      box.appendChild(link(a.href, a.type === 'location' ? a.label + ' (map)' : a.label));
    } else {
      box.appendChild(el('span', { text: a.label }));
    }
    if (a.phone) box.appendChild(el('span', { className: 'phone', text: a.phone, 'data-testid': 'attachment-phone' }));
    return box;
  }

  /** What the customer did to a message after sending it, and what it answers, as lines of text. */
  function revisionNodes(item) {
    var nodes = [];
    if (item.inReplyTo) {
      nodes.push(el('span', { className: 'reply-to', text: 'in reply to: ' + (item.inReplyTo.excerpt || 'an earlier message'), 'data-testid': 'in-reply-to' }));
    }
    if (item.deleted) nodes.push(el('span', { className: 'deleted', text: 'deleted by the customer · ' + new Date(item.deleted.at).toLocaleString(), 'data-testid': 'deleted' }));
    if (item.edited) {
      nodes.push(el('span', {
        className: 'edited',
        text: 'edited ' + new Date(item.edited.at).toLocaleString() + (item.edited.original !== null ? ' · first wrote: ' + item.edited.original : ''),
        'data-testid': 'edited',
      }));
    }
    if (item.reactions && item.reactions.length) nodes.push(el('span', { className: 'reactions', text: item.reactions.join(' '), 'data-testid': 'reactions' }));
    return nodes;
  }

  function addLines(view) {
    var history = $('history');
    var items = view.history.map(function (m) { m.kind = 'message'; return m; })
      .concat(view.notes.map(function (n) { n.kind = 'note'; return n; }))
      .sort(function (a, b) { return Date.parse(a.at) - Date.parse(b.at); });
    items.forEach(function (item) {
      var key = item.kind + ':' + item.id;
      var existing = history.querySelector('[data-key="' + key + '"]');
      var cls = 'msg ' + (item.kind === 'note' ? 'note' : item.from) + (item.status === 'failed' ? ' failed' : '') + (item.deleted ? ' deleted' : '');
      var attachments = item.kind === 'note' ? [] : (item.attachments || []).map(function (a, index) { return attachmentNode(item, a, index); });
      var line = el('li', {
        className: cls,
        dataset: { key: key, from: item.kind === 'note' ? 'note' : item.from, channel: item.channel || '', conversationId: item.conversationId },
        'data-testid': item.kind === 'note' ? 'note' : 'message',
      }, [el('span', { className: 'by', text: byLine(item) })]
        .concat(item.kind === 'note' ? [] : revisionNodes(item))
        .concat([el('span', { className: 'text', text: item.text })], attachments));
      // A line edited or reacted to since stays where it was in the history.
      if (existing) history.replaceChild(line, existing); else history.appendChild(line);
    });
    if (items.length) history.scrollTop = history.scrollHeight;
    // The reply was queued for the workflow to send: say how it went once the history shows it.
    var sent = state.sending && items.filter(function (i) { return i.kind === 'message' && i.from === 'operator' && i.status !== 'pending'; }).pop();
    if (sent) { state.sending = false; notice(sent.status === 'failed' ? 'Not delivered: ' + (sent.error || 'the channel refused it') : 'Sent.'); }
  }

  function showView(view) {
    state.offset = Date.parse(view.now) - Date.now();
    $('empty').hidden = true; $('open').hidden = false; $('card').hidden = false;
    var c = view.conversation, cust = view.customer;
    $('pane-customer').textContent = cust.name || ('Customer ' + cust.id);
    var meta = [c.channel, view.routing ? view.routing.groupName + ' · line ' + view.routing.line : null, c.topic ? 'topic: ' + c.topic : null,
      view.priority ? 'priority: ' + view.priority.level : null, c.status === 'closed' ? 'closed' : null,
      view.rating && view.rating.score ? 'rated ' + view.rating.score + '/5' : null].filter(Boolean).join(' · ');
    $('pane-meta').textContent = meta;
    var closed = c.status !== 'open';
    $('close').disabled = closed; $('transfer-open').disabled = closed;
    $('reply').hidden = closed || c.channel === 'phone'; // a call is answered on the phone, not written to
    renderTags(view.tags);
    // The topic box follows the stored topic unless the operator is typing one or has typed one unsaved.
    var topicBox = $('topic-form').topic;
    if (document.activeElement !== topicBox && topicBox.value.trim() === topicBox.defaultValue.trim()) {
      topicBox.value = c.topic || ''; topicBox.defaultValue = topicBox.value;
    }
    addLines(view);
    renderCard(cust, view.conversations, view.calls);
    state.cursor = view.cursor;
  }

  function renderTags(tags) {
    var box = $('tags');
    clear(box);
    tags.forEach(function (tag) {
      box.appendChild(el('span', { className: 'tag', dataset: { tag: tag }, 'data-testid': 'tag' }, [
        document.createTextNode(tag),
        el('button', { type: 'button', 'aria-label': 'Remove tag ' + tag, text: '×', onclick: function () { changeTags([], [tag]); } }),
      ]));
    });
  }

  function changeTags(add, remove) {
    api({ action: 'tags', conversationId: state.openId, add: add, remove: remove })
      .then(function (data) { renderTags(data.tags); }).catch(function (err) { $('pane-error').textContent = err.message; });
  }

  $('tag-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var tag = e.target.tag.value.trim();
    e.target.tag.value = '';
    if (tag) changeTags([tag], []);
  });

  // The topic an operator sets teaches the Topic Classifier (the customer's first message becomes an example of it).
  $('topic-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var topic = e.target.topic.value.trim();
    if (!topic) return;
    var id = state.openId;
    api({ action: 'topic', conversationId: id, topic: topic })
      .then(function () { if (state.openId === id) openConversation(id); })
      .catch(function (err) { $('pane-error').textContent = err.message; });
  });

  var CARD_FIELDS = [['name', 'Name'], ['phone', 'Phone'], ['email', 'E-mail'], ['language', 'Language']];

  function renderCard(cust, conversations, callList) {
    var box = $('card-fields');
    // Never overwrite what the operator is typing, or typed and has not saved yet.
    if ((document.activeElement && box.contains(document.activeElement)) || changedInputs(box).length) return;
    clear(box);
    var input = function (key, label, value) {
      var corrected = cust.corrected.indexOf(key) >= 0;
      return el('label', {}, [document.createTextNode(label + (corrected ? ' (corrected)' : '')),
        el('input', { name: key, value: value || '', maxlength: 200, 'data-testid': 'card-field-' + key })]);
    };
    CARD_FIELDS.forEach(function (f) { box.appendChild(input(f[0], f[1], cust[f[0]])); });
    Object.keys(cust.fields).forEach(function (k) { box.appendChild(input('fields.' + k, k, cust.fields[k])); });
    if (cust.vipTier > 0) box.appendChild(el('p', { className: 'vip', text: 'VIP tier ' + cust.vipTier, 'data-testid': 'card-vip' }));
    var ids = $('card-identities'); clear(ids);
    cust.identities.forEach(function (i) { ids.appendChild(el('li', { text: i.channel + ' · ' + i.account + (i.status !== 'active' ? ' · ' + i.status : '') })); });
    var convs = $('card-conversations'); clear(convs);
    conversations.forEach(function (c) { convs.appendChild(el('li', { text: '#' + c.id + ' · ' + c.channel + ' · ' + c.status + (c.topic ? ' · ' + c.topic : '') + ' · ' + new Date(c.createdAt).toLocaleDateString() })); });
    var calls = $('card-calls'); clear(calls);
    (callList || []).forEach(function (c) { calls.appendChild(el('li', { text: callLine(c), 'data-testid': 'card-call' })); });
  }

  function minutes(seconds) { return seconds >= 60 ? Math.round(seconds / 60) + ' min' : seconds + ' s'; }

  /** One call as a line of text: when, the menu path, the wait, who answered, how it ended. */
  function callLine(c) {
    var parts = ['Call ' + new Date(c.startedAt).toLocaleString()];
    if (c.ivrPath.length) parts.push('menu ' + c.ivrPath.join(' › '));
    if (c.waitedSeconds) parts.push('waited ' + minutes(c.waitedSeconds));
    if (c.answeredAt) parts.push('answered' + (c.answeredBy ? ' by ' + c.answeredBy : '') + (c.durationSeconds ? ', ' + minutes(c.durationSeconds) : ''));
    if (c.deflectedTo) parts.push('continued on ' + c.deflectedTo);
    else if (c.missedAt) parts.push('missed');
    if (c.intent) parts.push('voice bot: ' + c.intent);
    return parts.join(' · ');
  }

  /** The card's inputs whose value the operator changed since the card was shown (or saved). */
  function changedInputs(box) {
    return Array.prototype.filter.call(box.querySelectorAll('input'), function (input) { return input.value.trim() !== input.defaultValue.trim(); });
  }

  // Only what the operator changed is sent: a field sent is marked corrected, and so trusted and
  // never filled again by the channel, the form or the CRM.
  $('card-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var changed = changedInputs(e.target);
    if (!changed.length) { notice('Nothing changed on the card.'); return; }
    var correction = { fields: {} };
    changed.forEach(function (input) {
      if (input.name.indexOf('fields.') === 0) correction.fields[input.name.slice(7)] = input.value.trim();
      else correction[input.name] = input.value.trim();
    });
    document.activeElement.blur();
    api({ action: 'correctCustomer', conversationId: state.openId, correction: correction })
      .then(function () {
        changed.forEach(function (input) { input.defaultValue = input.value; });
        notice('Customer card saved.');
      }).catch(function (err) { $('pane-error').textContent = err.message; });
  });

  // Canned replies
  var cannedTimer = null;
  $('canned-search').addEventListener('input', function (e) {
    clearTimeout(cannedTimer);
    var query = e.target.value;
    cannedTimer = setTimeout(function () {
      if (!state.openId) return;
      api({ action: 'canned', conversationId: state.openId, query: query }).then(function (data) {
        var list = $('canned'); clear(list);
        data.replies.forEach(function (r) {
          list.appendChild(el('li', {
            dataset: { cannedId: r.id }, 'data-testid': 'canned-item', title: r.text,
            onclick: function () {
              var box = $('reply-text');
              box.value = box.value ? box.value + (/\\s$/.test(box.value) ? '' : ' ') + r.text : r.text;
              box.focus(); clear(list); $('canned-search').value = '';
            },
          }, [el('strong', { text: r.name }), document.createTextNode(' ' + [r.topic, r.language].filter(Boolean).join(' · '))]));
        });
      }).catch(function (err) { $('pane-error').textContent = err.message; });
    }, 200);
  });

  // Reply
  $('reply').addEventListener('submit', function (e) {
    e.preventDefault();
    var box = $('reply-text');
    var text = box.value.trim();
    if (!text) return;
    $('pane-error').textContent = '';
    api({ action: 'reply', conversationId: state.openId, text: text }).then(function () { box.value = ''; state.sending = true; notice('Sending…'); })
      .catch(function (err) { $('pane-error').textContent = err.message; });
  });
  $('reply-text').addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); $('reply').requestSubmit(); }
  });

  // Close
  $('close').addEventListener('click', function () {
    var id = state.openId;
    api({ action: 'close', conversationId: id, askRating: $('ask-rating').checked }).then(function (data) {
      notice('Conversation closed' + (data.ratingRequested ? '; the customer was asked for a rating.' : '.'));
      $('ask-rating').checked = false;
      closePane();
    }).catch(function (err) { $('pane-error').textContent = err.message; });
  });

  // Transfer
  var dialog = $('transfer');
  function showKind(kind) {
    Array.prototype.forEach.call(dialog.querySelectorAll('[data-for]'), function (l) { l.hidden = l.dataset.for !== kind; });
  }
  $('transfer-form').kind.addEventListener('change', function (e) { showKind(e.target.value); });
  $('transfer-cancel').addEventListener('click', function () { dialog.close(); });
  $('transfer-open').addEventListener('click', function () {
    $('transfer-error').textContent = '';
    api({ action: 'directory' }).then(function (dir) {
      var f = $('transfer-form');
      clear(f.group); clear(f.operator);
      dir.groups.forEach(function (g) { f.group.appendChild(el('option', { value: g.name, text: g.name + ' (line ' + g.line + ')' })); });
      dir.operators.filter(function (o) { return o.id !== state.me.id; }).forEach(function (o) {
        f.operator.appendChild(el('option', { value: o.id, text: o.name + ' · ' + o.status }));
      });
      showKind(f.kind.value);
      dialog.showModal();
    }).catch(function (err) { $('pane-error').textContent = err.message; });
  });
  $('transfer-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var f = e.target, body = { action: 'transfer', conversationId: state.openId, note: f.note.value };
    if (f.kind.value === 'group') body.group = f.group.value;
    if (f.kind.value === 'line') body.line = Number(f.line.value);
    if (f.kind.value === 'operator') body.operator = Number(f.operator.value);
    api(body).then(function () {
      f.note.value = '';
      dialog.close();
      notice('Conversation transferred.');
      refresh();
    }).catch(function (err) { $('transfer-error').textContent = err.message; });
  });

  // Live updates: poll for what changed since the cursor
  function refresh() {
    var body = { action: 'changes' };
    if (state.openId && state.cursor) { body.conversationId = state.openId; body.after = state.cursor; }
    var asked = state.openId;
    return api(body).then(function (data) {
      if (data.status && document.activeElement !== $('status')) $('status').value = data.status;
      state.list = data.list;
      state.offset = Date.parse(data.list.now) - Date.now();
      if (data.conversation && asked === state.openId) {
        if (data.conversation.lost) closePane(data.conversation.lost);
        else showView(data.conversation);
      }
      renderList();
    });
  }

  function poll() {
    clearTimeout(state.timer);
    if (!state.token) return;
    state.polling = refresh().catch(function (err) { if (state.token) notice(err.message); })
      .then(function () { if (state.token) state.timer = setTimeout(poll, config.pollIntervalMs); });
  }

${DASHBOARD_CLIENT}
  setInterval(tickClocks, 1000);

  if (state.token) api({ action: 'me' }).then(function (data) { start(data.operator); }).catch(function () {});
})();
`;
