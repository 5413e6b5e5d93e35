/**
 * Runs a workflow in-process through n8n's real engine (`WorkflowExecute` of n8n-core 2.41), as
 * n8n's own node tests do: the pack's node and credential classes come straight from their
 * TypeScript sources (listed in package.json `n8n`), n8n's own nodes (Set, If, Switch, Merge,
 * NoOp, Webhook, Schedule Trigger, …) from n8n-nodes-base in the runtime installed by
 * scripts/ensure-runtime.sh. Credentials are served by type, with the credential type's defaults
 * filled in as n8n does. The trigger is not run: its output is pinned to the given items.
 */
import { join, resolve } from 'node:path';
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import {
	NodeHelpers,
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type IDataObject,
	type IExecuteWorkflowInfo,
	type IHttpRequestOptions,
	type INode,
	type INodeCredentialsDetails,
	type INodeExecutionData,
	type INodeParameters,
	type INodeType,
	type INodeTypes,
	type INodeTypeDescription,
	type IRunData,
	type ITaskData,
	type IVersionedNodeType,
	type IWorkflowBase,
	type IWorkflowExecuteAdditionalData,
	type WorkflowExecuteMode,
	ICredentialsHelper,
} from 'n8n-workflow';
import { n8nRuntimeDir } from './n8n-process';

const ROOT = resolve(__dirname, '../..');
const PACK = 'n8n-nodes-contact-center';
const BASE = 'n8n-nodes-base';

type NodeClass = INodeType | IVersionedNodeType;

export interface RunWorkflowOptions {
	/** Decrypted credential data by credential type, e.g. { contactCenterStoreApi: { backend: 'sqlite', sqliteFile } } */
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** Output of the start node (the trigger), instead of running it. */
	triggerItems?: INodeExecutionData[];
	/**
	 * What a webhook trigger's `webhook()` returned as `workflowData`, one array per output: n8n
	 * starts the run with them on the trigger, which passes them on as they are (pinned items
	 * leave by the first output only).
	 */
	webhookOutputs?: INodeExecutionData[][];
	/** Name of the node to start from; by default the workflow's trigger. */
	startNode?: string;
	mode?: WorkflowExecuteMode;
}

export interface WorkflowRun {
	runData: IRunData;
	/** The error that stopped the run, if one did. */
	error?: Error;
	/** The json of the items a node sent on one of its outputs in its last run. */
	outputOf(nodeName: string, outputIndex?: number): IDataObject[];
	/** The whole items (json, binary) a node sent on one of its outputs in its last run. */
	itemsOf(nodeName: string, outputIndex?: number): INodeExecutionData[];
}

export interface WorkflowJson {
	id?: string;
	name?: string;
	nodes: INode[];
	connections: IWorkflowBase['connections'];
	settings?: IWorkflowBase['settings'];
	staticData?: IDataObject;
}

/** One node of the pack after a manual Start: how a node is run on its own. */
export function startAndNode(
	node: { name: string; type: string; parameters: INodeParameters; credentials?: INode['credentials'] },
	id?: string,
): WorkflowJson {
	return {
		...(id ? { id } : {}),
		nodes: [
			{ id: 'start', name: 'Start', type: `${BASE}.manualTrigger`, typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: 'node', typeVersion: 1, position: [220, 0], ...node, type: `n8n-nodes-contact-center.${node.type}` },
		],
		connections: { Start: { main: [[{ node: node.name, type: 'main', index: 0 }]] } },
	};
}

export async function runWorkflow(workflowJson: WorkflowJson, options: RunWorkflowOptions = {}): Promise<WorkflowRun> {
	const mode = options.mode ?? 'manual';
	const workflowData = {
		id: workflowJson.id ?? 'engine-test',
		name: workflowJson.name ?? 'engine test',
		active: false,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes: workflowJson.nodes,
		connections: workflowJson.connections,
		settings: workflowJson.settings ?? { executionOrder: 'v1' },
		staticData: workflowJson.staticData,
	} as IWorkflowBase;
	const workflow = new Workflow({ ...workflowData, nodeTypes: nodeTypes() });

	const startNode = options.startNode ? workflow.getNode(options.startNode) : theTrigger(workflow);
	if (!startNode) throw new Error(`no node "${options.startNode}" in the workflow`);
	const pinData = options.triggerItems ? { [startNode.name]: options.triggerItems } : undefined;

	const additionalData = engineAdditionalData(new TestCredentials(options.credentials ?? {}));
	additionalData.hooks = new ExecutionLifecycleHooks(mode, 'engine-test-execution', workflowData);
	const triggerToStartFrom = options.webhookOutputs
		? { name: startNode.name, data: { startTime: Date.now(), executionTime: 0, executionIndex: 0, source: [], data: { main: options.webhookOutputs } } satisfies ITaskData }
		: undefined;
	const run = await new WorkflowExecute(additionalData, mode).run({ workflow, startNode, pinData, triggerToStartFrom });

	const runData = run.data.resultData.runData;
	const itemsOf = (nodeName: string, outputIndex = 0) => {
		const task = runData[nodeName]?.at(-1);
		if (!task) throw new Error(`node "${nodeName}" did not run; these did: ${Object.keys(runData).join(', ')}`);
		if (task.error) throw new Error(`node "${nodeName}" failed: ${task.error.message}`);
		return task.data?.main[outputIndex] ?? [];
	};
	return {
		runData,
		error: run.data.resultData.error,
		outputOf: (nodeName, outputIndex) => itemsOf(nodeName, outputIndex).map((item) => item.json),
		itemsOf,
	};
}

/** The one enabled node nothing leads into; a template with several triggers must name one. */
function theTrigger(workflow: Workflow): INode {
	const roots = Object.values(workflow.nodes).filter(
		(node) => !node.disabled && node.type !== `${BASE}.stickyNote` && workflow.getParentNodes(node.name).length === 0,
	);
	if (roots.length !== 1) {
		throw new Error(`the workflow starts at ${roots.map((n) => n.name).join(', ') || 'no node'}: name the trigger in startNode`);
	}
	return roots[0];
}

let registry: { nodes: Map<string, NodeClass>; credentials: Map<string, ICredentialType> } | undefined;

/** The pack's classes from its TypeScript sources, by the paths package.json lists for dist/. */
function packClasses() {
	if (registry) return registry;
	const { n8n } = require(join(ROOT, 'package.json')) as { n8n: { nodes: string[]; credentials: string[] } };
	const load = <T>(distPath: string): T => {
		const source = join(ROOT, distPath.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
		const className = distPath.split('/').at(-1)!.split('.')[0];
		return new (require(source)[className])() as T;
	};
	const nodes = new Map<string, NodeClass>();
	for (const path of n8n.nodes) {
		const node = load<NodeClass>(path);
		nodes.set(`${PACK}.${node.description.name}`, node);
	}
	const credentials = new Map<string, ICredentialType>();
	for (const path of n8n.credentials) {
		const credential = load<ICredentialType>(path);
		credentials.set(credential.name, credential);
	}
	registry = { nodes, credentials };
	return registry;
}

/** The descriptions of the pack's nodes (each version's, for a versioned node), as n8n loads them. */
export function packNodeTypes(): INodeTypeDescription[] {
	return [...packClasses().nodes.values()].flatMap((node) =>
		'nodeVersions' in node ? Object.values(node.nodeVersions).map((version) => version.description) : [node.description],
	);
}

const baseNodes = new Map<string, NodeClass>();

/**
 * A module of n8n-nodes-base. Jest's own `require` cannot load an ES module, and some of n8n's
 * nodes (Telegram, Send Email: their send-and-wait forms sanitise HTML) reach one that n8n
 * itself loads with Node 24's `require` of ES modules: those are loaded by Node's `require`.
 */
function loadBaseModule(path: string): Record<string, new () => NodeClass> {
	try {
		return require(path);
	} catch (error) {
		if (!(error instanceof SyntaxError) && (error as Error).name !== 'SyntaxError') throw error;
		// process.getBuiltinModule hands Node's own module loader, which jest does not replace.
		const nodeModule = process.getBuiltinModule('node:module');
		return nodeModule.createRequire(__filename)(path);
	}
}

/** One of n8n's own nodes, found through n8n-nodes-base's index of its classes. */
function baseNode(type: string): NodeClass {
	const cached = baseNodes.get(type);
	if (cached) return cached;
	const dir = join(n8nRuntimeDir(), 'node_modules', BASE);
	const known = require(join(dir, 'dist/known/nodes.json')) as Record<string, { className: string; sourcePath: string }>;
	const entry = known[type.slice(BASE.length + 1)];
	if (!entry) throw new Error(`n8n-nodes-base has no node ${type}`);
	const node = new (loadBaseModule(join(dir, entry.sourcePath)))[entry.className]() as NodeClass;
	baseNodes.set(type, node);
	return node;
}

function nodeTypes(): INodeTypes {
	const byName = (type: string): NodeClass => {
		if (type.startsWith(`${BASE}.`)) return baseNode(type);
		const node = packClasses().nodes.get(type);
		if (!node) throw new Error(`unknown node type ${type}: not in package.json n8n.nodes`);
		return node;
	};
	return {
		getByName: byName,
		getByNameAndVersion: (type, version) => NodeHelpers.getVersionedNodeType(byName(type), version),
		getKnownTypes: () => ({}),
	};
}

class TestCredentials extends ICredentialsHelper {
	constructor(private readonly byType: Record<string, ICredentialDataDecryptedObject>) {
		super();
	}

	getParentTypes(name: string): string[] {
		const extended = packClasses().credentials.get(name)?.extends ?? [];
		return extended.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async getDecrypted(_data: IWorkflowExecuteAdditionalData, _ref: INodeCredentialsDetails, type: string) {
		const data = this.byType[type];
		if (!data) throw new Error(`the test gave no credentials of type ${type}`);
		return this.withDefaults(type, data);
	}

	getCredentialsProperties(type: string) {
		return packClasses().credentials.get(type)?.properties ?? [];
	}

	async authenticate(_credentials: ICredentialDataDecryptedObject, type: string): Promise<IHttpRequestOptions> {
		throw new Error(`the engine harness does not apply ${type}'s \`authenticate\` to requests`);
	}

	async preAuthentication() {
		return undefined;
	}

	async runPreAuthentication() {
		return undefined;
	}

	async getCredentials(): Promise<never> {
		throw new Error('the engine harness serves decrypted credentials only');
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	/** As n8n's CredentialsHelper.applyDefaultsAndOverwrites does for a stored credential. */
	private withDefaults(type: string, data: ICredentialDataDecryptedObject): ICredentialDataDecryptedObject {
		const properties = this.getCredentialsProperties(type);
		if (properties.length === 0) return data;
		return NodeHelpers.getNodeParameters(properties, data as INodeParameters, true, false, null, null) as ICredentialDataDecryptedObject;
	}
}

function engineAdditionalData(credentialsHelper: ICredentialsHelper): IWorkflowExecuteAdditionalData {
	const unsupported = (what: string) => () => {
		throw new Error(`${what} is not available in the engine harness; use the end-to-end harness`);
	};
	const baseUrl = 'http://localhost:5678';
	return {
		credentialsHelper,
		executeWorkflow: async (info: IExecuteWorkflowInfo) => unsupported(`executing sub-workflow ${info.id ?? ''}`)(),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		startRunnerTask: unsupported('the Code node task runner'),
		logAiEvent: () => {},
		currentNodeExecutionIndex: 0,
		variables: {},
		restApiUrl: `${baseUrl}/rest`,
		instanceBaseUrl: baseUrl,
		formBaseUrl: `${baseUrl}/form`,
		formWaitingBaseUrl: `${baseUrl}/form-waiting`,
		formTestBaseUrl: `${baseUrl}/form-test`,
		webhookBaseUrl: `${baseUrl}/webhook`,
		webhookWaitingBaseUrl: `${baseUrl}/webhook-waiting`,
		webhookTestBaseUrl: `${baseUrl}/webhook-test`,
		mcpBaseUrl: `${baseUrl}/mcp`,
		mcpTestBaseUrl: `${baseUrl}/mcp-test`,
	} as unknown as IWorkflowExecuteAdditionalData;
}
