export { supervisorDashboard, dashboardPeriod, type Dashboard } from './dashboard';
export { dashboardCsv, csvCell } from './csv';
export { liveFloor, AT_RISK_MS, type Floor, type FloorRow, type GroupFloor, type OperatorFloor, type SlaState } from './floor';
export { periodFigures, ANSWER_TARGET_MS, type PeriodFigures } from './period';
export { dashboardCharts, CHARTS_SHARED_FOR_MS, type DashboardChart } from './charts';
