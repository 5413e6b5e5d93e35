/** Three layers, fast to real; `npm test` runs them all (see scripts/test.sh). */
const common = {
	transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
	testEnvironment: 'node',
};

module.exports = {
	projects: [
		{ ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
		{ ...common, displayName: 'engine', testMatch: ['<rootDir>/test/engine/**/*.test.ts'] },
		{ ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'] },
	],
};
