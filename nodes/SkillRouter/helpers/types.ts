import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Router } from '../../shared/routing';

/** One item an operation produced, and the output it leaves by (0 unless the operation has several). */
export interface Emitted {
	output: number;
	json: IDataObject;
}

export interface Operation {
	description: INodeProperties[];
	execute(this: IExecuteFunctions, router: Router, itemIndex: number): Promise<Emitted[]>;
}

/** JSON-safe copy of a core result, for an item. */
export const toJson = (value: unknown): IDataObject => JSON.parse(JSON.stringify(value)) as IDataObject;
