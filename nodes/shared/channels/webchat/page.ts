import { escapeHtml, inlineJson, pageNonce, strictCsp, type ServedPage } from '../../web/page';

export interface ChatPageOptions {
	title: string;
	greeting: string;
	pollIntervalMs?: number;
	/** The CSP frame-ancestors value: the sites allowed to embed the chat. */
	framedBy?: string;
}

/**
 * The customer's chat page. Every text that comes from a person (title and greeting set by ops,
 * messages from customers and operators) reaches the DOM as text, never as markup.
 */
export function renderChatPage(opts: ChatPageOptions): ServedPage {
	const nonce = pageNonce();
	const config = inlineJson({ pollIntervalMs: opts.pollIntervalMs ?? 1500 });
	const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(opts.title)}</title>
<style nonce="${nonce}">${STYLE}</style></head>
<body>
<main class="chat">
<header><h1>${escapeHtml(opts.title)}</h1></header>
<form id="prechat" class="prechat">
<p>${escapeHtml(opts.greeting)}</p>
<label>Your name<input name="name" autocomplete="name" required maxlength="100"></label>
<label>Phone<input name="phone" type="tel" autocomplete="tel" maxlength="40"></label>
<label>E-mail<input name="email" type="email" autocomplete="email" maxlength="200"></label>
<label>Order number (optional)<input name="orderNumber" maxlength="60"></label>
<p class="hint" id="prechat-error" role="alert"></p>
<button type="submit">Start chat</button>
</form>
<section id="conversation" class="conversation" hidden>
<ol id="lines" class="lines" aria-live="polite"></ol>
<p class="hint" id="wait" role="status" hidden></p>
<form id="composer" class="composer">
<textarea name="text" rows="2" maxlength="4000" placeholder="Type your message…" aria-label="Message"></textarea>
<button type="submit">Send</button>
</form>
</section>
</main>
<script nonce="${nonce}" id="config" type="application/json">${config}</script>
<script nonce="${nonce}">${CLIENT}</script>
</body></html>`;
	// The widget embeds the page in an iframe on the customer's own site.
	return { html, contentSecurityPolicy: strictCsp(nonce, opts.framedBy ?? '*'), frameable: true };
}

const STYLE = `
*{box-sizing:border-box}[hidden]{display:none!important}body{margin:0;font:15px/1.4 system-ui,sans-serif;background:#f4f5f7;color:#1d2330}
.chat{max-width:640px;height:100vh;margin:0 auto;display:flex;flex-direction:column;background:#fff}
header{background:#2f5bea;color:#fff;padding:12px 16px}h1{font-size:17px;margin:0}
.prechat{padding:16px;display:flex;flex-direction:column;gap:10px}
.prechat label{display:flex;flex-direction:column;font-size:13px;gap:4px}
input,textarea{font:inherit;padding:8px;border:1px solid #c9ced8;border-radius:6px}
button{font:inherit;padding:8px 14px;border:0;border-radius:6px;background:#2f5bea;color:#fff;cursor:pointer}
.hint{color:#b42318;min-height:1em;margin:0}
.conversation{flex:1;display:flex;flex-direction:column;min-height:0}
.lines{flex:1;overflow-y:auto;list-style:none;margin:0;padding:12px;display:flex;flex-direction:column;gap:8px}
.line{max-width:80%;padding:8px 12px;border-radius:12px;white-space:pre-wrap;word-wrap:break-word}
.line.customer{align-self:flex-end;background:#2f5bea;color:#fff}
.line.agent{align-self:flex-start;background:#eef0f4}
.line.pending{opacity:.6}
.line.refused{opacity:.6;text-decoration:line-through}
.choices{align-self:flex-start;display:flex;flex-wrap:wrap;gap:6px}
.choices button{background:#fff;color:#2f5bea;border:1px solid #2f5bea;padding:6px 12px}
#wait{padding:0 12px}
.composer{display:flex;gap:8px;padding:10px;border-top:1px solid #e3e6ec}
.composer textarea{flex:1;resize:none}
`;

/** Plain ES2017 so that it runs as is in every current browser; no template literals inside. */
const CLIENT = `
(function () {
  var config = JSON.parse(document.getElementById('config').textContent);
  // The page posts to and polls its own URL, wherever n8n serves it and whatever site embeds it.
  config.endpoint = location.pathname;
  var store = window.localStorage;
  var sessionId = store.getItem('cc.session');
  var profile = JSON.parse(store.getItem('cc.profile') || 'null');
  var lastId = 0;
  var shown = {};
  var lines = document.getElementById('lines');
  // The site's key and signed customer, as its widget put them in the fragment (widget.ts).
  var proof = new URLSearchParams(location.hash.slice(1));
  var keyHeader = proof.get('key') ? { 'X-Chat-Key': proof.get('key') } : {};
  function headers(more) { return Object.assign({}, keyHeader, more); }

  function randomId(bytes) {
    var a = new Uint8Array(bytes);
    crypto.getRandomValues(a);
    return Array.prototype.map.call(a, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
  }

  function addLine(from, text, key) {
    var li = document.createElement('li');
    li.className = 'line ' + from;
    li.textContent = text;
    if (key) li.dataset.key = key;
    lines.appendChild(li);
    lines.scrollTop = lines.scrollHeight;
    return li;
  }

  // Only the latest reply's buttons can be pressed: an older menu no longer fits the conversation.
  function clearChoices() {
    Array.prototype.forEach.call(lines.querySelectorAll('.choices'), function (row) { row.remove(); });
  }

  function addChoices(buttons) {
    var row = document.createElement('li');
    row.className = 'choices';
    buttons.forEach(function (b) {
      var button = document.createElement('button');
      button.type = 'button';
      button.textContent = b.label;
      button.addEventListener('click', function () { clearChoices(); send(b.label, b.payload); });
      row.appendChild(button);
    });
    lines.appendChild(row);
    lines.scrollTop = lines.scrollHeight;
  }

  function showConversation() {
    document.getElementById('prechat').hidden = true;
    document.getElementById('conversation').hidden = false;
    poll();
  }

  function poll() {
    // The session id travels in a header, never in the URL, which proxies and access logs keep.
    fetch(config.endpoint + '?after=' + lastId, { headers: headers({ Accept: 'application/json', 'X-Chat-Session': sessionId }) })
      .then(function (r) { return r.ok ? r.json() : { lines: [] }; })
      .then(function (data) {
        data.lines.forEach(function (line) {
          lastId = Math.max(lastId, line.id);
          if (shown[line.id]) return;
          shown[line.id] = true;
          var pending = line.from === 'customer' && lines.querySelector('.pending');
          if (pending) { pending.classList.remove('pending'); pending.dataset.id = line.id; return; }
          clearChoices();
          addLine(line.from, line.text);
          if (line.buttons && line.buttons.length) addChoices(line.buttons);
        });
      })
      .catch(function () {})
      .then(function () { setTimeout(poll, config.pollIntervalMs); });
  }

  // A refused message is never dropped silently: the visitor sees it was not sent and for how long to wait.
  function refused(line, text, seconds) {
    line.classList.remove('pending');
    line.classList.add('refused');
    var notice = document.getElementById('wait');
    notice.textContent = text;
    notice.hidden = false;
    if (seconds) setTimeout(function () { notice.hidden = true; }, seconds * 1000);
  }

  // The refusal names its cause ("Your other chats are still waiting for a person: please wait"),
  // as plain text from the trigger or as JSON from the proxy in front of it.
  function pleaseWait(line, seconds, body) {
    var reason = body;
    try { reason = JSON.parse(body).error; } catch (e) {}
    if (!/: please wait$/.test(reason || '')) reason = 'Too many messages: please wait';
    refused(line, reason + ' ' + seconds + ' s and send it again.', seconds);
  }

  var outbox = Promise.resolve();

  function send(text, payload) {
    var body = { action: 'sendMessage', sessionId: sessionId, clientMessageId: randomId(12), text: text, profile: profile };
    if (payload) body.payload = payload;
    if (proof.get('customer')) { body.customerId = proof.get('customer'); body.signature = proof.get('signature'); }
    if (proof.get('expires')) body.expires = Number(proof.get('expires'));
    var line = addLine('customer', text || payload);
    line.classList.add('pending');
    var attempt = function (n) {
      return fetch(config.endpoint, { method: 'POST', headers: headers({ 'Content-Type': 'application/json', 'X-Chat-Session': sessionId }), body: JSON.stringify(body) })
        .then(function (r) {
          var wait = Number(r.headers.get('Retry-After')) || 30;
          // A wait of a second or two is the chat's pace (Seconds Between a Chat's Messages), not a
          // refusal a person should act on: the page sends the message again itself.
          if (r.status === 429 && wait <= 2 && n < 5) return later(wait).then(function () { return attempt(n + 1); });
          if (r.status === 429) return r.text().then(function (body) { pleaseWait(line, wait, body); });
          if (r.status === 403) { refused(line, 'This chat cannot take messages from this page. Please reload it or contact us another way.'); return; }
          if (!r.ok && r.status >= 500 && n < 5) throw new Error('retry');
        })
        .catch(function () { return later(n + 1).then(function () { return attempt(n + 1); }); });
    };
    // One message at a time, so that a message sent again after a wait keeps its place.
    outbox = outbox.then(function () { return attempt(0); });
  }

  function later(seconds) {
    return new Promise(function (ok) { setTimeout(ok, seconds * 1000); });
  }

  document.getElementById('prechat').addEventListener('submit', function (e) {
    e.preventDefault();
    var f = e.target;
    var p = { name: f.name.value.trim(), phone: f.phone.value.trim(), email: f.email.value.trim(), orderNumber: f.orderNumber.value.trim(), language: (navigator.language || '').slice(0, 2) };
    if (!p.phone && !p.email) { document.getElementById('prechat-error').textContent = 'Please give a phone number or an e-mail, so that we can reach you.'; return; }
    profile = p;
    sessionId = randomId(16);
    store.setItem('cc.session', sessionId);
    store.setItem('cc.profile', JSON.stringify(p));
    showConversation();
  });

  document.getElementById('composer').addEventListener('submit', function (e) {
    e.preventDefault();
    var box = e.target.text;
    var text = box.value.trim();
    if (!text) return;
    box.value = '';
    clearChoices();
    send(text);
  });

  document.getElementById('composer').text.addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); document.getElementById('composer').requestSubmit(); }
  });

  if (sessionId && profile) showConversation();
})();
`;
