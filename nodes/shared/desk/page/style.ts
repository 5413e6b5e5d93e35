/** Laptop: list | conversation | card. Tablet: the card drops under the conversation. Phone-narrow: list or conversation. */
export const DESK_STYLE = `
*{box-sizing:border-box}html,body{height:100%}body{margin:0;font:14px/1.4 system-ui,sans-serif;background:#f4f5f7;color:#1d2330}
[hidden]{display:none!important}
button{font:inherit;padding:6px 12px;border:0;border-radius:6px;background:#2f5bea;color:#fff;cursor:pointer}
button.quiet{background:transparent;color:#2f5bea}
input,textarea,select{font:inherit;padding:6px 8px;border:1px solid #c9ced8;border-radius:6px;background:#fff}
.error{color:#b42318;min-height:1em;margin:4px 0}
.login{display:flex;align-items:center;justify-content:center;min-height:100%}
.box{background:#fff;padding:24px;border-radius:10px;display:flex;flex-direction:column;gap:10px;width:min(360px,92vw);box-shadow:0 2px 12px rgba(0,0,0,.08)}
.box h1{font-size:18px;margin:0}.box label{display:flex;flex-direction:column;gap:4px;font-size:13px}
.desk{display:grid;height:100vh;grid-template-columns:300px 1fr 300px;grid-template-rows:auto 1fr;grid-template-areas:"top top top" "list pane card"}
.top{grid-area:top;display:flex;gap:12px;align-items:center;padding:8px 12px;background:#1d2330;color:#fff}
.top .notice{flex:1;color:#ffd27a}
.list{grid-area:list;display:flex;flex-direction:column;min-height:0;border-right:1px solid #e3e6ec;background:#fff}
.tabs{display:flex}.tabs button{flex:1;border-radius:0;background:#eef0f4;color:#1d2330}.tabs button[aria-selected=true]{background:#fff;font-weight:600;box-shadow:inset 0 -2px #2f5bea}
.rows{list-style:none;margin:0;padding:0;overflow-y:auto;flex:1}
.rows li{padding:8px 12px;border-bottom:1px solid #eef0f4;cursor:pointer;display:grid;grid-template-columns:1fr auto;gap:2px 8px}
.rows li.active{background:#e8eefc}.rows .name{font-weight:600;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.rows .preview{grid-column:1/3;color:#5b6475;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.meta,.rows .sub{color:#5b6475;font-size:12px}
.vip{background:#b7791f;color:#fff;border-radius:4px;padding:0 5px;font-size:11px;margin-left:4px}
.flag{background:#c53030;color:#fff;border-radius:4px;padding:0 5px;font-size:11px;margin-left:4px}
.filter{display:block;padding:4px 10px;font-size:13px}
.sla{font-size:12px;font-variant-numeric:tabular-nums}.sla.overdue{color:#b42318;font-weight:600}
.pane{grid-area:pane;display:flex;flex-direction:column;min-height:0;min-width:0}
.pane>#open{display:flex;flex-direction:column;min-height:0;flex:1}
.empty{margin:auto;color:#5b6475}
.pane-head{display:flex;gap:8px;align-items:center;padding:8px 12px;background:#fff;border-bottom:1px solid #e3e6ec}
.pane-head .who{flex:1;min-width:0}.actions{display:flex;gap:8px;align-items:center}.back{display:none}
.inline{display:inline-flex;gap:4px;align-items:center}
.tags{padding:6px 12px;display:flex;gap:6px;flex-wrap:wrap;align-items:center;background:#fff;border-bottom:1px solid #e3e6ec}
.tag{background:#eef0f4;border-radius:10px;padding:1px 4px 1px 8px}.tag button{padding:0 4px;background:transparent;color:#5b6475}
.history{list-style:none;margin:0;padding:12px;overflow-y:auto;flex:1;display:flex;flex-direction:column;gap:6px}
.msg{max-width:75%;padding:6px 10px;border-radius:10px;white-space:pre-wrap;word-wrap:break-word}
.msg .by{display:block;font-size:11px;color:#5b6475}
.msg.customer{align-self:flex-start;background:#fff;border:1px solid #e3e6ec}
.msg.operator{align-self:flex-end;background:#dfe8ff}
.msg.bot{align-self:flex-end;background:#eef7ee;border:1px dashed #7bb07b}
.msg.system{align-self:center;background:#f1f1f1;font-size:12px}
.msg.failed{outline:1px solid #b42318}
.msg .reply-to{display:block;font-size:12px;color:#5b6475;border-left:3px solid #aab1bf;padding-left:6px;margin:2px 0}
.msg .edited,.msg .deleted{display:block;font-size:11px;color:#5b6475;font-style:italic}
.msg.deleted .text{text-decoration:line-through}
.msg .reactions{display:block;font-size:16px}
.att{margin-top:4px;font-size:13px}.att img{display:block;max-width:240px;max-height:180px;border-radius:6px}
.att[data-state=unavailable],.att[data-state=loading]{border:1px dashed #aab1bf;border-radius:6px;padding:4px 8px;color:#5b6475}
.att .why{display:block;font-size:11px}.att .phone{margin-left:6px;font-variant-numeric:tabular-nums}
.msg.note{align-self:center;background:#fff7e0;border:1px solid #f0d68a;font-size:13px}
.reply{border-top:1px solid #e3e6ec;background:#fff;padding:8px 12px;display:flex;flex-direction:column;gap:6px}
.reply textarea{resize:vertical}.send{display:flex;justify-content:space-between;align-items:center}
.canned{position:relative}.canned input{width:100%}
.canned-list{list-style:none;margin:0;padding:0;max-height:160px;overflow-y:auto}
.canned-list li{padding:4px 8px;cursor:pointer;border-bottom:1px solid #eef0f4}.canned-list li:hover{background:#e8eefc}
.card{grid-area:card;border-left:1px solid #e3e6ec;background:#fff;padding:12px;overflow-y:auto}
.card h2{font-size:16px;margin:0 0 8px}.card h3{font-size:13px;margin:12px 0 4px}
.card label{display:flex;flex-direction:column;gap:2px;font-size:12px;margin-bottom:6px}
.card p.vip{display:inline-block;margin:0 0 8px}
.plain{list-style:none;margin:0;padding:0;font-size:12px}
dialog{border:0;border-radius:10px;padding:20px;width:min(420px,92vw)}dialog form{display:flex;flex-direction:column;gap:10px}
dialog label{display:flex;flex-direction:column;gap:4px}.row{display:flex;justify-content:flex-end;gap:8px}
@media (max-width:1100px){.desk{grid-template-columns:280px 1fr;grid-template-rows:auto 1fr auto;grid-template-areas:"top top" "list pane" "list card"}.card{border-left:0;border-top:1px solid #e3e6ec;max-height:35vh}}
@media (max-width:720px){.desk{grid-template-columns:1fr;grid-template-rows:auto 1fr;grid-template-areas:"top" "list"}
.pane,.card{display:none}.desk.reading{grid-template-rows:auto 1fr auto;grid-template-areas:"top" "pane" "card"}
.desk.reading .list{display:none}.desk.reading .pane{display:flex}.desk.reading .card{display:block}.back{display:inline-block}}
`;
