import { config } from '@n8n/node-cli/eslint';

// Development code (simulators, tools, scripts) is not an n8n node: n8n's community-node rules
// (n8n Cloud's bans on Node built-ins, timers, raw errors) do not apply to it; the TypeScript and
// import rules of the same preset do, and a line limit (prettier's 100 for code, 120 allowed;
// prettier never breaks strings, so those are exempt).
const nodeRulesOff = Object.fromEntries(
	config
		.flatMap((block) => Object.keys(block.rules ?? {}))
		.filter(
			(rule) => rule.startsWith('@n8n/community-nodes/') || rule.startsWith('n8n-nodes-base/'),
		)
		.map((rule) => [rule, 'off']),
);
const devRules = {
	...nodeRulesOff,
	'no-console': 'off',
	// Idioms the tools use on purpose: dropping keys by destructuring, ignoring a failed probe.
	'@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
	'no-empty': ['error', { allowEmptyCatch: true }],
	'max-len': [
		'error',
		{
			code: 120,
			tabWidth: 2,
			ignoreUrls: true,
			ignoreStrings: true,
			ignoreTemplateLiterals: true,
			ignoreRegExpLiterals: true,
		},
	],
};
// The preset's blocks for TypeScript, reused for the plain CommonJS scripts.
const typeScriptBlocks = config.filter(
	(block) => Array.isArray(block.files) && block.files.length === 1 && block.files[0] === '**/*.ts',
);
const NODE_GLOBALS = Object.fromEntries(
	[
		'require',
		'module',
		'exports',
		'__dirname',
		'__filename',
		'process',
		'console',
		'Buffer',
		'setTimeout',
		'clearTimeout',
		'setInterval',
		'clearInterval',
		'setImmediate',
		'URL',
		'URLSearchParams',
		'fetch',
		'AbortController',
		'AbortSignal',
		'TextDecoder',
		'TextEncoder',
	].map((name) => [name, 'readonly']),
);

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
	{
		// The simulators, and the harnesses and helpers the test files share.
		files: [
			'sandbox/**/*.ts',
			'bench/**/*.ts',
			'test/support/**/*.ts',
			'test/workflows/harness/**/*.ts',
			'test/contract/harness.ts',
		],
		rules: devRules,
	},
	...typeScriptBlocks.map((block) => ({ ...block, files: ['scripts/**/*.js'] })),
	{
		files: ['scripts/**/*.js'],
		languageOptions: { sourceType: 'commonjs', globals: NODE_GLOBALS },
		rules: { ...devRules, '@typescript-eslint/no-require-imports': 'off' },
	},
];
