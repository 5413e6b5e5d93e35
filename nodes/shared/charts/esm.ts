import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';

/*
 * vega and vega-lite ship as ES modules with top-level await, which `require()` refuses, and
 * TypeScript compiles `import()` in this CommonJS build into a `require()`. A function compiled
 * in the main context keeps a real `import()` with Node's own loader, in n8n and under jest
 * (whose sandbox has no loader of its own for it). The module is named by its file URL, resolved
 * from here, so that it is this package's copy wherever n8n loads the package from.
 */
const importer = vm.runInThisContext('(specifier) => import(specifier)', {
	importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
}) as (specifier: string) => Promise<unknown>;

/*
 * Built, this file is CommonJS and resolves from its own folder. A script running the sources
 * on Node's type stripping loads them as ES modules, without `require`: from the repository's root.
 */
const resolver = typeof require === 'function' ? require : createRequire(join(process.cwd(), 'package.json'));

const loaded = new Map<string, Promise<unknown>>();

/** The ES module `name` as this package resolves it, loaded once. */
export function importEsm<T>(name: string): Promise<T> {
	let module = loaded.get(name);
	if (!module) loaded.set(name, (module = importer(pathToFileURL(resolver.resolve(name)).href)));
	return module as Promise<T>;
}
