/** The dashboard takes the whole desk below the top bar; tiles and panels wrap on a tablet. */
export const DASHBOARD_STYLE = `
.desk.dashboarding .list,.desk.dashboarding .pane,.desk.dashboarding .card{display:none!important}
.dashboard{grid-column:1/-1;grid-row:2/-1;overflow-y:auto;padding:12px;display:flex;flex-direction:column;gap:12px;min-height:0}
.top button[aria-pressed=true]{background:#2f5bea;color:#fff}
.dash-period{display:flex;flex-wrap:wrap;gap:8px;align-items:flex-end}.dash-period label{display:flex;flex-direction:column;font-size:12px;gap:2px}
.dash-period .error{flex-basis:100%}.dash-period .error:empty{display:none}
.tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:8px}
.tile{background:#fff;border-radius:8px;padding:10px;display:flex;flex-direction:column;gap:2px;box-shadow:0 1px 3px rgba(0,0,0,.06)}
.tile strong{font-size:22px;font-variant-numeric:tabular-nums}.tile-label{font-size:12px;color:#5b6475}
.dash-grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(340px,1fr));gap:12px}
.dash-grid>section{background:#fff;border-radius:8px;padding:10px;min-width:0;overflow-x:auto;box-shadow:0 1px 3px rgba(0,0,0,.06)}
/* Seven columns, the last one (Overdue) the one that matters: the groups' table takes a whole row. */
.dash-grid>section.wide{grid-column:1/-1}
.dash-grid h2{font-size:14px;margin:0 0 8px}
.dash-grid table{width:100%;border-collapse:collapse;font-size:13px}
.dash-grid th,.dash-grid td{text-align:left;padding:4px 6px;border-bottom:1px solid #eef0f4;font-variant-numeric:tabular-nums}
.dash-grid meter{width:90px}
tr.at-risk,li.at-risk{background:#fff4e0}tr.overdue,li.overdue{background:#fde8e6}
li.overdue .name::before{content:"⚠ ";color:#b42318}
.dash-list{list-style:none;margin:0;padding:0;max-height:300px;overflow-y:auto}
.dash-list li{padding:6px 8px;border-bottom:1px solid #eef0f4;cursor:pointer;display:grid;grid-template-columns:1fr auto;gap:2px 8px}
.dash-list li:hover{outline:1px solid #2f5bea}.dash-list .name{font-weight:600;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.dash-list .sub{color:#5b6475;font-size:12px}
.chart{display:block;width:100%;max-width:600px;height:auto}
@media (max-width:720px){.dash-grid{grid-template-columns:1fr}}
`;
