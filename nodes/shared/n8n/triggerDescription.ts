import { NodeConnectionTypes, type INodeTypeDescription } from 'n8n-workflow';

import type { VendorDefinition } from '../core';
import type { NodeIdentity } from './description';
import { completionTriggerProperties } from './poller';

/** A polling trigger's description; the poll interval is n8n's own "Poll Times" setting. */
export function buildTriggerDescription(
	vendor: VendorDefinition,
	identity: NodeIdentity,
): INodeTypeDescription {
	return {
		displayName: identity.displayName,
		name: identity.name,
		icon: identity.icon,
		group: ['trigger'],
		version: 1,
		subtitle: '={{"Course completed"}}',
		description: identity.description,
		defaults: { name: identity.displayName },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: vendor.credentialType, required: true }],
		properties: completionTriggerProperties(),
	};
}
