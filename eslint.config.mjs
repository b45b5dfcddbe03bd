import { config } from '@n8n/node-cli/eslint';

// n8n's own community-node rules, including those n8n Cloud verification applies.
export default [
	...config,
	{
		// The core is n8n-neutral by design (see docs/architecture.md): it throws its own LmsError,
		// which the n8n layer turns into NodeApiError/NodeOperationError before n8n sees it.
		// Vendor adapters are n8n-neutral in the same way: they throw LmsError/InputError too.
		files: ['nodes/shared/core/**/*.ts', 'nodes/shared/vendors/**/*.ts'],
		rules: { '@n8n/community-nodes/require-node-api-error': 'off' },
	},
	{
		// Layering: the core and the vendor adapters never reach into n8n. The n8n layer hands them
		// whatever they need from n8n (its clock, its transport) through core interfaces.
		files: ['nodes/shared/core/**/*.ts', 'nodes/shared/vendors/**/*.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					paths: [
						{ name: 'n8n-workflow', message: 'core and vendors stay n8n-neutral' },
						{ name: 'axios', message: 'core and vendors talk through the Transport contract' },
					],
					patterns: [
						{ group: ['**/n8n', '**/n8n/**'], message: 'core and vendors stay n8n-neutral' },
					],
				},
			],
		},
	},
];
