// Lets scripts run the TypeScript sources on Node 24's own type stripping, with no build step.
// The sources use extensionless and folder imports (as tsc and jest expect); Node's ESM resolver
// wants file names, so unresolved relative specifiers are retried as "<x>.ts", then "<x>/index.ts".
// Import it before anything that reaches the sources (their imports are dynamic, after this one).
import { registerHooks } from 'node:module';

registerHooks({
	resolve(specifier, context, nextResolve) {
		try {
			return nextResolve(specifier, context);
		} catch (error) {
			if (!specifier.startsWith('.')) throw error;
			try {
				return nextResolve(`${specifier}.ts`, context);
			} catch {
				return nextResolve(`${specifier}/index.ts`, context);
			}
		}
	},
});
