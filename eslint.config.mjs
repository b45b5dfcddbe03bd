import { config } from '@n8n/node-cli/eslint';

// n8n's own community-node rules, including those n8n Cloud verification applies.
export default [
	...config,
	{
		// The core is n8n-neutral by design (see ARCHITECTURE.md): it throws its own LmsError,
		// which the n8n layer turns into NodeApiError/NodeOperationError before n8n sees it.
		files: ['nodes/shared/core/**/*.ts'],
		rules: { '@n8n/community-nodes/require-node-api-error': 'off' },
	},
];
