import { escapeHtml, inlineJson, pageNonce, strictCsp, type ServedPage } from '../../web/page';
import { DESK_CLIENT } from './client';
import { DASHBOARD_STYLE } from './dashboardStyle';
import { DESK_STYLE } from './style';

/**
 * The operator desk: one page, no build step. Every text that comes from the store (customer and
 * operator messages, names, notes, canned replies) is put in the DOM by the client as text.
 */
export function renderDeskPage(opts: { title: string; pollIntervalMs?: number; dashboardIntervalMs?: number }): ServedPage {
	const nonce = pageNonce();
	const config = inlineJson({ pollIntervalMs: opts.pollIntervalMs ?? 2500, dashboardIntervalMs: opts.dashboardIntervalMs ?? 5000, dashboardChartsIntervalMs: 10_000 });
	const title = escapeHtml(opts.title);
	const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style nonce="${nonce}">${DESK_STYLE}${DASHBOARD_STYLE}</style></head>
<body>
<section id="login" class="login" data-testid="login-view">
<form id="login-form" class="box">
<h1>${title}</h1>
<label>Login<input name="login" autocomplete="username" required maxlength="200" data-testid="login-name"></label>
<label>Password<input name="password" type="password" autocomplete="current-password" required maxlength="1000" data-testid="login-password"></label>
<p class="error" id="login-error" role="alert" data-testid="login-error"></p>
<button type="submit" data-testid="login-submit">Sign in</button>
</form>
<form id="password-form" class="box" hidden data-testid="password-form">
<h1>Choose your password</h1>
<p>The password you signed in with is temporary.</p>
<label>Current password<input name="current" type="password" autocomplete="current-password" required data-testid="password-current"></label>
<label>New password<input name="next" type="password" autocomplete="new-password" required minlength="10" data-testid="password-next"></label>
<p class="error" id="password-error" role="alert" data-testid="password-error"></p>
<button type="submit" data-testid="password-submit">Save password</button>
</form>
</section>
<div id="desk" class="desk" hidden data-testid="desk">
<header class="top">
<strong id="me" data-testid="operator-name"></strong>
<select id="status" aria-label="My status" data-testid="status-select"><option value="online">Online</option><option value="away">Away</option><option value="offline">Offline</option></select>
<span id="notice" class="notice" role="status" data-testid="notice"></span>
<button id="dashboard-toggle" type="button" class="quiet" aria-pressed="false" hidden data-testid="tab-dashboard">Dashboard</button>
<button id="logout" type="button" class="quiet" data-testid="logout">Sign out</button>
</header>
<aside class="list">
<nav class="tabs" role="tablist">
<button type="button" role="tab" data-tab="mine" data-testid="tab-mine">Mine <span class="count" data-count="mine"></span></button>
<button type="button" role="tab" data-tab="queue" data-testid="tab-queue">Queue <span class="count" data-count="queue"></span></button>
<button type="button" role="tab" data-tab="team" data-testid="tab-team" hidden>Team <span class="count" data-count="team"></span></button>
</nav>
<label class="filter" id="flagged-filter" hidden><input type="checkbox" id="flagged-only" data-testid="flagged-only"> Only those needing a supervisor</label>
<ul id="rows" class="rows" data-testid="conversation-list"></ul>
</aside>
<main class="pane" id="pane" data-testid="conversation-pane">
<p id="empty" class="empty">Choose a conversation.</p>
<div id="open" hidden>
<header class="pane-head">
<button id="back" type="button" class="quiet back" aria-label="Back to the list">&#8592;</button>
<div class="who"><strong id="pane-customer" data-testid="pane-customer"></strong> <span id="pane-meta" class="meta" data-testid="pane-meta"></span></div>
<div class="actions">
<button id="transfer-open" type="button" data-testid="transfer-button">Transfer</button>
<label class="inline"><input id="ask-rating" type="checkbox" data-testid="ask-rating"> ask rating</label>
<button id="close" type="button" data-testid="close-button">Close</button>
</div>
</header>
<div class="tags"><span id="tags" data-testid="tags"></span>
<form id="tag-form" class="inline"><input name="tag" maxlength="60" placeholder="add tag" aria-label="Add tag" data-testid="tag-input"></form>
<form id="topic-form" class="inline"><input name="topic" maxlength="120" placeholder="topic" aria-label="Conversation topic" data-testid="topic-input"><button type="submit" data-testid="topic-button">Set topic</button></form></div>
<ol id="history" class="history" aria-live="polite" data-testid="messages"></ol>
<form id="reply" class="reply">
<div class="canned"><input id="canned-search" type="search" placeholder="Canned replies: search by name or topic" aria-label="Search canned replies" data-testid="canned-search">
<ul id="canned" class="canned-list" data-testid="canned-list"></ul></div>
<textarea id="reply-text" name="text" rows="3" maxlength="4000" placeholder="Reply to the customer…" aria-label="Reply" data-testid="reply-box"></textarea>
<div class="send"><p class="error" id="pane-error" role="alert" data-testid="pane-error"></p><button type="submit" data-testid="send-button">Send</button></div>
</form>
</div>
</main>
<aside class="card" id="card" hidden data-testid="customer-card">
<h2>Customer</h2>
<form id="card-form"><div id="card-fields"></div>
<button type="submit" data-testid="card-save">Save corrections</button></form>
<h3>Channels</h3><ul id="card-identities" class="plain"></ul>
<h3>Conversations</h3><ul id="card-conversations" class="plain"></ul>
<h3>Calls</h3><ul id="card-calls" class="plain" data-testid="card-calls"></ul>
</aside>
<section id="dashboard" class="dashboard" hidden data-testid="dashboard">
<form id="dash-period" class="dash-period">
<label>From<input type="date" name="from" data-testid="dash-from"></label>
<label>To<input type="date" name="to" data-testid="dash-to"></label>
<button type="submit" data-testid="dash-show">Show</button>
<button type="button" id="dash-today" class="quiet">Today</button>
<button type="button" id="dash-csv" data-testid="dash-csv">Export CSV</button>
<span id="dash-updated" class="meta" data-testid="dash-updated"></span>
<p class="error" id="dash-error" role="alert" data-testid="dash-error"></p>
</form>
<div id="dash-tiles" class="tiles" data-testid="dash-tiles"></div>
<div class="dash-grid">
<section class="wide"><h2>Skill groups now</h2><table id="dash-groups" data-testid="dash-groups"><thead><tr><th>Group</th><th>Line</th><th>Queue</th><th title="How long the oldest in the queue has waited">Oldest</th><th>Held</th><th title="SLA breaking within 5 minutes">≤ 5 min</th><th>Overdue</th></tr></thead><tbody></tbody></table></section>
<section><h2>SLA breaking within 5 minutes or past</h2><ul id="dash-risk" class="dash-list" data-testid="dash-risk"></ul></section>
<section><h2>Waiting, longest first</h2><ul id="dash-waiting" class="dash-list" data-testid="dash-waiting"></ul></section>
<section><h2>Operators</h2><table id="dash-operators" data-testid="dash-operators"><thead><tr><th>Operator</th><th>Status</th><th>Load</th><th></th></tr></thead><tbody></tbody></table></section>
<section><h2>By channel</h2><div id="dash-channels" data-testid="dash-channels"></div></section>
<section><h2>Top topics</h2><div id="dash-topics" data-testid="dash-topics"></div></section>
</div>
</section>
</div>
<dialog id="transfer" data-testid="transfer-dialog">
<form id="transfer-form" method="dialog">
<h2>Transfer</h2>
<label>To<select name="kind" data-testid="transfer-kind"><option value="group">Skill group</option><option value="line">Line</option><option value="operator">Operator</option></select></label>
<label data-for="group">Skill group<select name="group" data-testid="transfer-group"></select></label>
<label data-for="line" hidden>Line<select name="line" data-testid="transfer-line"><option value="1">1</option><option value="2">2</option><option value="3">3</option></select></label>
<label data-for="operator" hidden>Operator<select name="operator" data-testid="transfer-operator"></select></label>
<label>Note for colleagues (not sent to the customer)<textarea name="note" rows="3" maxlength="2000" data-testid="transfer-note"></textarea></label>
<p class="error" id="transfer-error" role="alert" data-testid="transfer-error"></p>
<div class="row"><button type="button" id="transfer-cancel" class="quiet">Cancel</button><button type="submit" value="go" data-testid="transfer-submit">Transfer</button></div>
</form>
</dialog>
<script nonce="${nonce}" id="config" type="application/json">${config}</script>
<script nonce="${nonce}">${DESK_CLIENT}</script>
</body></html>`;
	// The desk is never framed: a framing site could trick an operator into clicks.
	return { html, contentSecurityPolicy: strictCsp(nonce, "'none'"), frameable: false };
}
